package contactkit_test

// Review 20, lifecycle: random walks of deletes, restores, blocks,
// enrollments, notes, tasks and purges over a small workspace whose
// contacts share a few addresses, checked against a model after every
// step (D1-D4, B1, A4, H1, H3, P2).

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

const (
	rv20LifeWindow         = 10 * 24 * time.Hour
	rv20LifeActivityWindow = 4 * 24 * time.Hour
)

// rv20LifeWorld is a Service on the memory store with a clock the test
// moves and the events of each call.
type rv20LifeWorld struct {
	svc    *contactkit.Service
	now    time.Time
	mu     sync.Mutex
	events []contactkit.Event
	// With an outbox: the store's relay, where the walk has read it to,
	// and the events of the step delivered in process.
	relay store.Relay
	read  int64
	step  []contactkit.Event
	// The host's conversations, which go to the trash, come back and are
	// purged with their contacts (a Cascade).
	conv *conversations
}

func rv20LifeNew(t *testing.T) *rv20LifeWorld {
	t.Helper()
	return rv20LifeOn(t, memstore.New(), nil)
}

// rv20LifeOn is rv20LifeNew on st, whose outbox relay is given (nil for
// none).
func rv20LifeOn(t *testing.T, st store.Store, relay store.Relay) *rv20LifeWorld {
	t.Helper()
	w := &rv20LifeWorld{now: time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC), relay: relay, conv: newConversations()}
	win, actWin := rv20LifeWindow, rv20LifeActivityWindow
	w.svc = contactkit.New(st, &contactkit.Options{
		Cascades:              []contactkit.Cascade{w.conv.cascade()},
		AssociationTypes:      []association.Type{{Name: "deal"}},
		Now:                   func() time.Time { return w.now },
		DefaultRegion:         "FR",
		RestoreWindow:         &win,
		ActivityRestoreWindow: &actWin,
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.events = append(w.events, e)
			w.step = append(w.step, e)
		}},
	})
	return w
}

func (w *rv20LifeWorld) take() []contactkit.Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.events
	w.events = nil
	return out
}

var (
	rv20LifeOwner   = contactkit.Actor{Workspace: "rv20-life", User: "u-owner", Role: contactkit.RoleOwner}
	rv20LifeManager = contactkit.Actor{Workspace: "rv20-life", User: "u-manager", Role: contactkit.RoleManager}
	rv20LifeAgent   = contactkit.Actor{Workspace: "rv20-life", User: "u-agent", Role: contactkit.RoleAgent}
	rv20LifeOther   = contactkit.Actor{Workspace: "rv20-life-other", User: "u-owner", Role: contactkit.RoleOwner}
)

// rv20LifeState is what the model holds of one contact.
type rv20LifeState struct {
	id        contact.ID
	trashed   bool
	erased    bool
	blocked   bool
	email     string
	deletedAt time.Time
	// At the delete: the contact and its timeline, which a restore must
	// give back.
	atDelete contact.Contact
	timeline []activity.Activity
	around   rv20LifeAround
	acts     []activity.ID
}

// live requires of err what a call on c gets when c is erased
// (ErrNotFound) or in the trash (ErrTrashed), and reports whether c is
// live, when the call's own outcome is the caller's to check.
func (c *rv20LifeState) live(t *testing.T, err error, where string) bool {
	t.Helper()
	switch {
	case c.erased:
		require.ErrorIs(t, err, contactkit.ErrNotFound, where)
	case c.trashed:
		require.ErrorIs(t, err, contactkit.ErrTrashed, where)
	default:
		return true
	}
	return false
}

// rv20LifeAround is what else a contact has: its activities in their own
// trash, list memberships, associations, followers and the host's
// conversations.
type rv20LifeAround struct {
	Trash       []activity.Activity
	Memberships []list.Membership
	Links       []association.Association
	Followers   []association.Follow
	Convs       []conversation
}

func rv20LifeAroundOf(t *testing.T, w *rv20LifeWorld, id contact.ID) rv20LifeAround {
	t.Helper()
	ctx := t.Context()
	out := rv20LifeAround{Convs: w.conv.of(id)}
	for a, err := range w.svc.ActivityTrash(ctx, rv20LifeOwner, id) {
		require.NoError(t, err)
		out.Trash = append(out.Trash, a)
	}
	for m, err := range w.svc.Memberships(ctx, rv20LifeOwner, contactkit.MembershipQuery{Contact: id}) {
		require.NoError(t, err)
		out.Memberships = append(out.Memberships, m)
	}
	for l, err := range w.svc.Associations(ctx, rv20LifeOwner, id, contactkit.AssociationQuery{}) {
		require.NoError(t, err)
		out.Links = append(out.Links, l)
	}
	for f, err := range w.svc.Followers(ctx, rv20LifeOwner, id) {
		require.NoError(t, err)
		out.Followers = append(out.Followers, f)
	}
	return out
}

// checkOutbox checks that the outbox holds, after what the walk read of
// it, the events delivered in process since the last check, in order, and
// nothing else (H3, H4).
func (w *rv20LifeWorld) checkOutbox(t *testing.T, where string) {
	t.Helper()
	w.mu.Lock()
	want := rv20LifeKinds(w.step)
	w.step = nil
	w.mu.Unlock()
	if w.relay == nil {
		return
	}
	got := []string{}
	for {
		b, err := w.relay.ReadOutbox(t.Context(), store.OutboxQuery{After: w.read})
		require.NoError(t, err)
		for _, e := range b.Events {
			ev, err := contactkit.DecodeEvent(e.Type, e.Data)
			require.NoError(t, err)
			got = append(got, fmt.Sprintf("%T", ev))
		}
		if b.Next == w.read {
			break
		}
		w.read = b.Next
	}
	require.Equal(t, want, got, "%s: the outbox holds the events delivered, once each", where)
}

// rv20LifeReplayHistory checks the property history of contact id (H2):
// each change of a field starts from the value the one before it left, and
// the last ones give the contact as it is.
func rv20LifeReplayHistory(t *testing.T, w *rv20LifeWorld, id contact.ID, where string) {
	t.Helper()
	vals := map[string]string{}
	for h, err := range w.svc.History(t.Context(), rv20LifeOwner, id, "") {
		require.NoError(t, err)
		require.Equal(t, vals[h.Field], h.Old, "%s: %s: the change of %s at %s starts from the last value", where, id, h.Field, h.At)
		vals[h.Field] = h.New
	}
	c, err := w.svc.GetContact(t.Context(), rv20LifeOwner, id)
	require.NoError(t, err)
	deleted := ""
	if c.Trashed() {
		deleted = c.DeletedAt.Format(time.RFC3339Nano)
	}
	require.Equal(t, map[string]string{
		contact.FieldFirstName: c.FirstName, contact.FieldEmail: c.Email.String(), contact.FieldCity: c.City,
		contact.FieldCompany: c.Company, contact.FieldStatus: string(c.Status), contact.FieldDeletedAt: deleted,
	}, map[string]string{
		contact.FieldFirstName: vals[contact.FieldFirstName], contact.FieldEmail: vals[contact.FieldEmail], contact.FieldCity: vals[contact.FieldCity],
		contact.FieldCompany: vals[contact.FieldCompany], contact.FieldStatus: vals[contact.FieldStatus], contact.FieldDeletedAt: vals[contact.FieldDeletedAt],
	}, "%s: %s: the history gives the contact", where, id)
}

func rv20LifeTimeline(t *testing.T, w *rv20LifeWorld, id contact.ID) []activity.Activity {
	t.Helper()
	var out []activity.Activity
	for a, err := range w.svc.Timeline(t.Context(), rv20LifeOwner, id, contactkit.TimelineQuery{}) {
		require.NoError(t, err)
		out = append(out, a)
	}
	return out
}

func rv20LifeKinds(es []contactkit.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%T", e)
	}
	return out
}

func rv20LifeHas(es []contactkit.Event, kind string, id contact.ID) int {
	n := 0
	for _, e := range es {
		if fmt.Sprintf("%T", e) == kind && e.Meta().Contact == id {
			n++
		}
	}
	return n
}

// rv20LifeSeeds is the seeds of a walk: n, or RV20_LIFE_SEEDS.
func rv20LifeSeeds(n uint64) uint64 {
	if v, err := strconv.ParseUint(os.Getenv("RV20_LIFE_SEEDS"), 10, 64); err == nil {
		return v
	}
	return n
}

// rv20LifeSteps is the steps of a walk: 120, or RV20_LIFE_STEPS.
func rv20LifeSteps() int {
	if v, err := strconv.Atoi(os.Getenv("RV20_LIFE_STEPS")); err == nil {
		return v
	}
	return 120
}

func TestRv20LifeRandomWalk(t *testing.T) {
	for seed := range rv20LifeSeeds(30) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rv20LifeWalk(t, rv20LifeNew(t), seed, rv20LifeSteps())
		})
	}
}

// TestRv20LifeRandomWalkRetried walks on a store that keeps an outbox and
// runs every transaction twice, as a store may after a serialization
// failure: the answers are the same, and the outbox holds exactly the
// events delivered in process.
func TestRv20LifeRandomWalkRetried(t *testing.T) {
	for seed := range rv20LifeSeeds(20) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ms := memstore.NewWith(&memstore.Options{Outbox: true})
			rv20LifeWalk(t, rv20LifeOn(t, storetest.Retrying(ms), ms), seed, rv20LifeSteps())
		})
	}
}

func rv20LifeWalk(t *testing.T, w *rv20LifeWorld, seed uint64, steps int) {
	ctx := t.Context()
	r := rand.New(rand.NewPCG(seed, 20))
	autos := make([]automation.Automation, 2)
	for i := range autos {
		au, err := w.svc.CreateAutomation(ctx, rv20LifeOwner, automation.Automation{
			Name: fmt.Sprint("A", i), Steps: []automation.Step{{Name: "one"}, {Name: "two"}}, Active: true,
			Reentry: []automation.Reentry{automation.ReentryAllow, automation.ReentryRefuseWhileActive}[i],
		})
		require.NoError(t, err)
		autos[i] = au
	}
	var lists []list.ID
	for i := range 2 {
		l, err := w.svc.CreateList(ctx, rv20LifeOwner, list.List{Name: fmt.Sprint("L", i), DoubleOptIn: i == 1})
		require.NoError(t, err)
		lists = append(lists, l.ID)
	}
	w.take()
	w.checkOutbox(t, "automations")
	var cs []*rv20LifeState
	owner := func(email string) *rv20LifeState {
		for _, c := range cs {
			if !c.trashed && !c.erased && c.email == email {
				return c
			}
		}
		return nil
	}
	pick := func() *rv20LifeState {
		if len(cs) == 0 {
			return nil
		}
		return cs[r.IntN(len(cs))]
	}
	roles := []contactkit.Actor{rv20LifeOwner, rv20LifeManager, rv20LifeAgent}
	for step := range steps {
		w.take()
		op := r.IntN(16)
		c := pick()
		a := roles[r.IntN(len(roles))]
		where := fmt.Sprintf("step %d op %d", step, op)
		switch {
		case op == 0 || c == nil:
			email := fmt.Sprintf("p%d@example.com", r.IntN(4))
			got, err := w.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{
				FirstName: new(fmt.Sprint("P", step)), Email: new(email), City: new([]string{"Paris", ""}[r.IntN(2)]),
			}})
			if o := owner(email); o != nil {
				taken, ok := errors.AsType[*contactkit.TakenError](err)
				require.True(t, ok, "%s: create with %s held by %s: %v", where, email, o.id, err)
				require.Equal(t, o.id, taken.Owner, where)
				require.Empty(t, w.take(), "%s: a refused create emits nothing", where)
				continue
			}
			require.NoError(t, err, where)
			cs = append(cs, &rv20LifeState{id: got.ID, email: email})
		case op == 1:
			_, err := w.svc.UpdateContact(ctx, a, c.id, contact.Patch{Company: new(fmt.Sprint("Co", step))})
			if c.live(t, err, where) {
				require.NoError(t, err, where)
			}
		case op == 2:
			var before []activity.Activity
			var around rv20LifeAround
			if !c.trashed && !c.erased {
				before, around = rv20LifeTimeline(t, w, c.id), rv20LifeAroundOf(t, w, c.id)
			}
			got, err := w.svc.DeleteContact(ctx, a, c.id)
			switch {
			case a.Role == contactkit.RoleAgent:
				require.ErrorIs(t, err, contactkit.ErrPermission, where)
			case c.live(t, err, where):
				require.NoError(t, err, where)
				require.True(t, got.Trashed(), where)
				require.Equal(t, w.now, got.DeletedAt, where)
				c.trashed, c.deletedAt, c.atDelete, c.timeline, c.around = true, w.now, got, before, around
				for _, cv := range w.conv.of(c.id) {
					require.True(t, cv.Trashed, "%s: the host's conversations go to the trash", where)
				}
				require.Equal(t, 1, rv20LifeHas(w.take(), "contactkit.ContactDeleted", c.id), where)
			}
		case op == 3:
			got, err := w.svc.RestoreContact(ctx, a, c.id)
			switch {
			case a.Role == contactkit.RoleAgent:
				require.ErrorIs(t, err, contactkit.ErrPermission, where)
			case c.erased:
				require.ErrorIs(t, err, contactkit.ErrNotFound, where)
			case !c.trashed:
				require.ErrorIs(t, err, contactkit.ErrNotTrashed, where)
				require.ErrorIs(t, err, contactkit.ErrConflict, where)
			case !w.now.Before(c.deletedAt.Add(rv20LifeWindow)):
				require.ErrorIs(t, err, contactkit.ErrRestoreWindow, where)
				require.ErrorIs(t, err, contactkit.ErrConflict, where)
			case owner(c.email) != nil:
				require.ErrorIs(t, err, contactkit.ErrConflict, where)
				taken, ok := errors.AsType[*contactkit.TakenError](err)
				require.True(t, ok, "%s: %v", where, err)
				require.Equal(t, owner(c.email).id, taken.Owner, where)
			default:
				require.NoError(t, err, where)
				want := c.atDelete
				want.DeletedAt, want.DeletedBy = time.Time{}, ""
				want.Version, want.UpdatedAt = got.Version, got.UpdatedAt
				require.Equal(t, want, got, "%s: restore gives back what was deleted", where)
				require.Equal(t, c.timeline, rv20LifeTimeline(t, w, c.id), "%s: the timeline comes back", where)
				require.Equal(t, c.around, rv20LifeAroundOf(t, w, c.id), "%s: its trash, lists, links, followers and the host's records come back", where)
				c.trashed = false
				require.Equal(t, 1, rv20LifeHas(w.take(), "contactkit.ContactRestored", c.id), where)
			}
			if err != nil {
				require.Empty(t, rv20LifeKinds(w.take()), "%s: a refused restore emits nothing", where)
			}
		case op == 4:
			_, err := w.svc.BlockContact(ctx, a, c.id, "spam")
			if c.live(t, err, where) {
				require.NoError(t, err, where)
				n := rv20LifeHas(w.take(), "contactkit.ContactBlocked", c.id)
				if c.blocked {
					require.Zero(t, n, where)
				} else {
					require.Equal(t, 1, n, where)
				}
				c.blocked = true
			}
		case op == 5:
			_, err := w.svc.UnblockContact(ctx, a, c.id)
			if c.live(t, err, where) {
				require.NoError(t, err, where)
				c.blocked = false
			}
		case op == 6:
			au := autos[r.IntN(len(autos))]
			key := ""
			if r.IntN(2) == 0 {
				key = fmt.Sprint("k", r.IntN(3))
			}
			_, err := w.svc.Enroll(ctx, a, au.ID, c.id, key)
			if c.live(t, err, where) && err != nil {
				require.ErrorIs(t, err, contactkit.ErrConflict, where)
			}
		case op == 7:
			for e, err := range w.svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: c.id, ActiveOnly: true}) {
				require.NoError(t, err)
				if r.IntN(2) == 0 {
					_, err = w.svc.EndEnrollment(ctx, a, e.ID)
				} else {
					_, err = w.svc.PassStepAt(ctx, a, e.ID, len(e.Path), automation.OutcomeCompleted)
				}
				if !errors.Is(err, automation.ErrNoStepLeft) {
					require.NoError(t, err, where)
				}
				break
			}
		case op == 8:
			var act activity.Activity
			var err error
			if r.IntN(2) == 0 {
				act, err = w.svc.AddNote(ctx, a, c.id, contactkit.NoteInput{Body: fmt.Sprint("note ", step), Pinned: r.IntN(4) == 0})
			} else {
				act, err = w.svc.AddTask(ctx, a, c.id, contactkit.TaskInput{Title: fmt.Sprint("task ", step)})
			}
			if c.live(t, err, where) {
				require.NoError(t, err, where)
				c.acts = append(c.acts, act.ID)
			}
		case op == 9 && len(c.acts) > 0:
			id := c.acts[r.IntN(len(c.acts))]
			var err error
			switch r.IntN(3) {
			case 0:
				_, err = w.svc.DeleteActivity(ctx, a, id)
			case 1:
				_, err = w.svc.RestoreActivity(ctx, a, id)
			default:
				_, err = w.svc.CompleteTask(ctx, a, id)
			}
			if c.erased {
				require.ErrorIs(t, err, contactkit.ErrNotFound, where)
			} else if c.trashed {
				require.Error(t, err, where)
			}
		case op == 10:
			// Time moves on: a little, or to the edge of a window.
			switch r.IntN(4) {
			case 0:
				if c.trashed && !c.erased {
					w.now = c.deletedAt.Add(rv20LifeWindow - time.Duration(r.IntN(2)))
					break
				}
				fallthrough
			default:
				w.now = w.now.Add(time.Duration(r.IntN(48)) * time.Hour)
			}
		case op == 11:
			n, err := w.svc.PurgeTrash(ctx, a)
			if a.Role == contactkit.RoleAgent {
				require.ErrorIs(t, err, contactkit.ErrPermission, where)
				break
			}
			require.NoError(t, err, where)
			want := 0
			for _, x := range cs {
				if x.trashed && !x.erased && !w.now.Before(x.deletedAt.Add(rv20LifeWindow)) {
					want++
					x.erased = true
					_, err := w.svc.GetContact(ctx, rv20LifeOwner, x.id)
					require.ErrorIs(t, err, contactkit.ErrNotFound, where)
					require.Empty(t, w.conv.of(x.id), "%s: the host's records are purged", where)
				}
			}
			require.Equal(t, want, n, where)
		case op == 12:
			err := w.svc.EraseContact(ctx, a, c.id)
			switch {
			case a.Role == contactkit.RoleAgent:
				require.ErrorIs(t, err, contactkit.ErrPermission, where)
			case c.erased:
				require.ErrorIs(t, err, contactkit.ErrNotFound, where)
			default:
				require.NoError(t, err, where)
				c.erased = true
				require.Equal(t, 1, rv20LifeHas(w.take(), "contactkit.ContactPurged", c.id), where)
				require.Empty(t, w.conv.of(c.id), "%s: the host's records are erased", where)
			}
		case op == 14 && !c.trashed && !c.erased:
			// What else a contact has, which goes to the trash with it.
			var err error
			switch r.IntN(4) {
			case 0:
				_, err = w.svc.AddToList(ctx, a, lists[r.IntN(len(lists))], c.id)
			case 1:
				_, err = w.svc.Associate(ctx, a, c.id, contactkit.AssociationInput{Type: "deal", Record: fmt.Sprint("d", r.IntN(3))})
			case 2:
				_, err = w.svc.Follow(ctx, a, c.id)
			default:
				w.conv.add(c.id, fmt.Sprint("conversation ", step))
			}
			require.NoError(t, err, where)
		case op == 15:
			_, err := w.svc.PurgeActivityTrash(ctx, a)
			if a.Role == contactkit.RoleAgent {
				require.ErrorIs(t, err, contactkit.ErrPermission, where)
				break
			}
			require.NoError(t, err, where)
			for _, x := range cs {
				if x.trashed {
					// Purged by their own window, though their
					// contact is in the trash: a restore does not
					// bring them back.
					x.around.Trash = slices.DeleteFunc(x.around.Trash, func(act activity.Activity) bool {
						return !w.now.Before(act.DeletedAt.Add(rv20LifeActivityWindow))
					})
					if len(x.around.Trash) == 0 {
						x.around.Trash = nil
					}
				}
				if x.trashed || x.erased {
					continue
				}
				for act, err := range w.svc.ActivityTrash(ctx, rv20LifeOwner, x.id) {
					require.NoError(t, err)
					require.True(t, w.now.Before(act.DeletedAt.Add(rv20LifeActivityWindow)), "%s: %s left in the trash past its window", where, act.ID)
				}
			}
		case op == 13:
			// Bulk delete by a query, with the count right or one off.
			q := contactkit.ContactQuery{Text: "Paris"}
			want, lines, arounds := 0, map[contact.ID][]activity.Activity{}, map[contact.ID]rv20LifeAround{}
			for x, err := range w.svc.Contacts(ctx, rv20LifeOwner, q) {
				require.NoError(t, err)
				lines[x.ID], arounds[x.ID] = rv20LifeTimeline(t, w, x.ID), rv20LifeAroundOf(t, w, x.ID)
				want++
			}
			off := []int{0, 0, 1, -1}[r.IntN(4)]
			res, err := w.svc.DeleteContacts(ctx, a, contactkit.Bulk{Query: q, Expected: want + off, BatchSize: 1 + r.IntN(2)})
			switch {
			case a.Role == contactkit.RoleAgent:
				require.ErrorIs(t, err, contactkit.ErrPermission, where)
			case off != 0:
				require.ErrorIs(t, err, contactkit.ErrCountMismatch, where)
				require.ErrorIs(t, err, contactkit.ErrConflict, where)
				require.Empty(t, w.take(), where)
			default:
				require.NoError(t, err, where)
				require.Len(t, res.Changed, want, where)
				for _, id := range res.Changed {
					for _, x := range cs {
						if x.id == id {
							got, err := w.svc.GetContact(ctx, rv20LifeOwner, id)
							require.NoError(t, err)
							x.trashed, x.deletedAt, x.atDelete = true, w.now, got
							x.timeline, x.around = lines[id], arounds[id]
						}
					}
				}
			}
		}
		w.checkOutbox(t, where)
		if step%20 == 19 || step == steps-1 {
			for _, x := range cs {
				if !x.erased {
					rv20LifeReplayHistory(t, w, x.id, where)
				}
			}
		}
		// Invariants: a blocked or trashed contact has no active
		// enrollment (A4, B1); the model's states hold.
		for _, x := range cs {
			got, err := w.svc.GetContact(ctx, rv20LifeOwner, x.id)
			if x.erased {
				require.ErrorIs(t, err, contactkit.ErrNotFound, "%s: %s erased", where, x.id)
				continue
			}
			require.NoError(t, err, where)
			require.Equal(t, x.trashed, got.Trashed(), "%s: %s trashed", where, x.id)
			require.Equal(t, x.blocked, got.Blocked(), "%s: %s blocked", where, x.id)
			if x.trashed || x.blocked {
				for e, err := range w.svc.Enrollments(ctx, rv20LifeOwner, contactkit.EnrollmentQuery{Contact: x.id, ActiveOnly: true}) {
					require.NoError(t, err)
					t.Fatalf("%s: %s (trashed %v, blocked %v) has an active enrollment %s", where, x.id, x.trashed, x.blocked, e.ID)
				}
			}
			_, err = w.svc.GetContact(ctx, rv20LifeOther, x.id)
			require.ErrorIs(t, err, contactkit.ErrNotFound, "%s: another workspace does not see it", where)
		}
	}
}
