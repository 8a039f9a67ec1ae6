package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// conversations stands for the host's own records that depend on a contact:
// it keeps them in memory and joins contactkit's transactions through
// store.As and memstore's OnRollback, as a SQL host would write in the
// adapter's transaction.
type conversations struct {
	mu      sync.Mutex
	byOwner map[contact.ID][]conversation
	fail    error // if set, every handler fails with it
}

type conversation struct {
	Subject string
	Trashed bool
}

func newConversations() *conversations {
	return &conversations{byOwner: make(map[contact.ID][]conversation)}
}

func (cv *conversations) add(c contact.ID, subject string) {
	cv.mu.Lock()
	defer cv.mu.Unlock()
	cv.byOwner[c] = append(cv.byOwner[c], conversation{Subject: subject})
}

func (cv *conversations) of(c contact.ID) []conversation {
	cv.mu.Lock()
	defer cv.mu.Unlock()
	return slices.Clone(cv.byOwner[c])
}

// change applies f to the conversations of e.Contact in the transaction tx.
func (cv *conversations) change(tx store.Tx, e contactkit.CascadeEvent, f func([]conversation) []conversation) error {
	if cv.fail != nil {
		return cv.fail
	}
	var mtx *memstore.Tx
	if !store.As(tx, &mtx) {
		return errors.New("conversations: not a memstore transaction")
	}
	cv.mu.Lock()
	defer cv.mu.Unlock()
	old, had := cv.byOwner[e.Contact]
	next := f(slices.Clone(old))
	if next == nil {
		delete(cv.byOwner, e.Contact)
	} else {
		cv.byOwner[e.Contact] = next
	}
	mtx.OnRollback(func() {
		cv.mu.Lock()
		defer cv.mu.Unlock()
		if had {
			cv.byOwner[e.Contact] = old
		} else {
			delete(cv.byOwner, e.Contact)
		}
	})
	return nil
}

func setTrashed(trashed bool) func([]conversation) []conversation {
	return func(cs []conversation) []conversation {
		for i := range cs {
			cs[i].Trashed = trashed
		}
		return cs
	}
}

func (cv *conversations) cascade() contactkit.Cascade {
	return contactkit.Cascade{
		Kind: "conversation",
		Delete: func(_ context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
			return cv.change(tx, e, setTrashed(true))
		},
		Restore: func(_ context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
			return cv.change(tx, e, setTrashed(false))
		},
		Purge: func(_ context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
			return cv.change(tx, e, func([]conversation) []conversation { return nil })
		},
	}
}

// lifecycle is a harness with a host's conversations registered.
type lifecycle struct {
	*harness
	conv *conversations
}

func newLifecycle(t *testing.T, window *time.Duration) *lifecycle {
	t.Helper()
	l := &lifecycle{harness: &harness{store: memstore.New(), now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}, conv: newConversations()}
	l.svc = contactkit.New(l.store, &contactkit.Options{
		Now:           func() time.Time { return l.now },
		DefaultRegion: "FR",
		RestoreWindow: window,
		Cascades:      []contactkit.Cascade{l.conv.cascade()},
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.events = append(l.events, e)
		}},
	})
	return l
}

// world is everything contactkit and the host hold about one contact.
type world struct {
	Contact     contact.Contact
	Timeline    []activity.Activity
	Trash       []activity.Activity // the activities in their own trash
	Memberships []list.Membership
	Enrollments []automation.Enrollment
	Convs       []conversation
}

func (l *lifecycle) world(t *testing.T, id contact.ID) world {
	t.Helper()
	w := world{Convs: l.conv.of(id)}
	var err error
	w.Contact, err = l.svc.GetContact(t.Context(), owner, id)
	require.NoError(t, err)
	for a, err := range l.svc.Timeline(t.Context(), owner, id, contactkit.TimelineQuery{}) {
		if errors.Is(err, contactkit.ErrTrashed) && w.Contact.Trashed() {
			break // a trashed contact's timeline is in the trash with it
		}
		require.NoError(t, err)
		w.Timeline = append(w.Timeline, a)
	}
	for a, err := range l.svc.ActivityTrash(t.Context(), owner, id) {
		if errors.Is(err, contactkit.ErrTrashed) && w.Contact.Trashed() {
			break
		}
		require.NoError(t, err)
		w.Trash = append(w.Trash, a)
	}
	for m, err := range l.svc.Memberships(t.Context(), owner, contactkit.MembershipQuery{Contact: id}) {
		require.NoError(t, err)
		w.Memberships = append(w.Memberships, m)
	}
	w.Enrollments = l.enrollments(t, contactkit.EnrollmentQuery{Contact: id})
	return w
}

func TestRestoreOfDeleteGivesBackTheContact(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			l := newLifecycle(t, nil)
			r := rand.New(rand.NewPCG(seed, 7))
			lists := make([]list.List, 1+r.IntN(3))
			for i := range lists {
				var err error
				lists[i], err = l.svc.CreateList(t.Context(), owner, list.List{Name: fmt.Sprint("List ", i), DoubleOptIn: r.IntN(2) == 0})
				require.NoError(t, err)
			}
			autos := make([]automation.Automation, 1+r.IntN(3))
			for i := range autos {
				autos[i] = l.automation(t, automation.Automation{Name: fmt.Sprint("A", i), Steps: steps(1 + r.IntN(3)), Active: true, Reentry: automation.ReentryAllow})
			}
			// Several contacts, so that deleting one must leave the others.
			var ids []contact.ID
			for i := range 1 + r.IntN(3) {
				c := l.create(t, owner, contact.Patch{
					FirstName: new(fmt.Sprint("Person", i)),
					Email:     new(fmt.Sprintf("p%d-%d@example.com", seed, i)),
					Phone:     new(fmt.Sprintf("+3361234%04d", r.IntN(10000))),
					City:      new([]string{"Paris", "Lyon", ""}[r.IntN(3)]),
				}, []string{"vip", "lead", "", "a, b"}[r.IntN(4)])
				ids = append(ids, c.ID)
				for range r.IntN(4) {
					l.now = l.now.Add(time.Minute)
					note, err := l.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", r.IntN(100)), Pinned: r.IntN(3) == 0})
					require.NoError(t, err)
					if r.IntN(3) == 0 {
						// In its own trash before the contact goes to
						// the trash: it must stay there, with its time.
						_, err = l.svc.DeleteActivity(t.Context(), owner, note.ID)
						require.NoError(t, err)
					}
				}
				for range r.IntN(4) {
					l.now = l.now.Add(time.Minute)
					task, err := l.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{Title: fmt.Sprint("task ", r.IntN(100))})
					require.NoError(t, err)
					if r.IntN(2) == 0 {
						_, err = l.svc.CompleteTask(t.Context(), owner, task.ID)
						require.NoError(t, err)
					}
				}
				for _, li := range lists {
					if r.IntN(2) == 0 {
						_, err := l.svc.AddToList(t.Context(), owner, li.ID, c.ID)
						require.NoError(t, err)
					}
				}
				for _, au := range autos {
					for range r.IntN(3) {
						e, err := l.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
						require.NoError(t, err)
						if r.IntN(2) == 0 {
							_, err = l.svc.PassStep(t.Context(), owner, e.ID, automation.OutcomeCompleted)
							require.NoError(t, err)
						}
					}
				}
				for j := range r.IntN(3) {
					l.conv.add(c.ID, fmt.Sprint("conversation ", j))
				}
			}
			x := ids[r.IntN(len(ids))]
			before := l.world(t, x)
			others := map[contact.ID]world{}
			for _, id := range ids {
				if id != x {
					others[id] = l.world(t, id)
				}
			}

			l.now = l.now.Add(time.Hour)
			trashed, err := l.svc.DeleteContact(t.Context(), owner, x)
			require.NoError(t, err)
			assert.True(t, trashed.Trashed())
			for _, c := range l.conv.of(x) {
				assert.True(t, c.Trashed, "the host's conversations go to the trash with the contact")
			}
			_, err = l.svc.ListTimeline(t.Context(), owner, x, contactkit.TimelineQuery{}, store.PageRequest{})
			require.ErrorIs(t, err, contactkit.ErrTrashed, "the notes and tasks are in the trash")

			l.now = l.now.Add(24 * time.Hour)
			_, err = l.svc.RestoreContact(t.Context(), owner, x)
			require.NoError(t, err)
			after := l.world(t, x)

			// Enrollments are not restarted: the active ones stay stopped.
			for i, e := range before.Enrollments {
				got := after.Enrollments[i]
				if e.Active() {
					assert.Equal(t, automation.StateStopped, got.State)
					assert.Equal(t, automation.ReasonContactDeleted, got.StopReason)
				} else {
					assert.Equal(t, e, got)
				}
			}
			after.Enrollments, before.Enrollments = nil, nil
			// The store's version and the update time move on; nothing else.
			after.Contact.Version, after.Contact.UpdatedAt = before.Contact.Version, before.Contact.UpdatedAt
			assert.Equal(t, before, after, "restore(delete(x)) == x")
			for id, w := range others {
				assert.Equal(t, w, l.world(t, id), "another contact is untouched")
			}
		})
	}
}

func TestRestoreRefusedWhenTheEmailIsTaken(t *testing.T) {
	l := newLifecycle(t, nil)
	ada := l.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
	l.conv.add(ada.ID, "hello")
	_, err := l.svc.DeleteContact(t.Context(), owner, ada.ID)
	require.NoError(t, err)
	// The trash does not hold the email: a new contact takes it.
	newcomer := l.create(t, owner, contact.Patch{FirstName: new("New"), Email: new("ada@example.com")})
	trashed := l.world(t, ada.ID)
	l.takeEvents()

	_, err = l.svc.RestoreContact(t.Context(), owner, ada.ID)
	require.ErrorIs(t, err, contactkit.ErrConflict)
	taken, ok := errors.AsType[*contactkit.TakenError](err)
	require.True(t, ok, "the error names the contact that holds the email: %v", err)
	assert.Equal(t, newcomer.ID, taken.Owner)
	assert.Equal(t, trashed, l.world(t, ada.ID), "nothing changed")
	assert.Empty(t, l.takeEvents())
}

func TestRestoreWindow(t *testing.T) {
	l := newLifecycle(t, nil)
	c := l.create(t, owner, contact.Patch{FirstName: new("Ada")})
	_, err := l.svc.DeleteContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	l.now = l.now.Add(contactkit.DefaultRestoreWindow)
	_, err = l.svc.RestoreContact(t.Context(), owner, c.ID)
	require.ErrorIs(t, err, contactkit.ErrRestoreWindow, "60 days by default")

	none := newLifecycle(t, new(time.Duration(0)))
	c = none.create(t, owner, contact.Patch{FirstName: new("Ada")})
	_, err = none.svc.DeleteContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	_, err = none.svc.RestoreContact(t.Context(), owner, c.ID)
	require.ErrorIs(t, err, contactkit.ErrRestoreWindow, "a zero window allows no restore")

	live := none.create(t, owner, contact.Patch{FirstName: new("Live")})
	_, err = none.svc.RestoreContact(t.Context(), owner, live.ID)
	require.ErrorIs(t, err, contactkit.ErrNotTrashed)
}

func TestPurgeKeepsTheUnsubscribe(t *testing.T) {
	l := newLifecycle(t, new(30*24*time.Hour))
	old := l.create(t, owner, contact.Patch{FirstName: new("Old"), Phone: new("+33612345678")})
	_, err := l.svc.Unsubscribe(t.Context(), owner, old.ID, list.ChannelSMS, "STOP")
	require.NoError(t, err)
	l.conv.add(old.ID, "thread")
	_, err = l.svc.AddNote(t.Context(), owner, old.ID, contactkit.NoteInput{Body: "note"})
	require.NoError(t, err)
	_, err = l.svc.DeleteContact(t.Context(), owner, old.ID)
	require.NoError(t, err)

	l.now = l.now.Add(20 * 24 * time.Hour)
	recent := l.create(t, owner, contact.Patch{FirstName: new("Recent")})
	_, err = l.svc.DeleteContact(t.Context(), owner, recent.ID)
	require.NoError(t, err)
	l.now = l.now.Add(15 * 24 * time.Hour) // old: 35 days in the trash; recent: 15

	_, err = l.svc.PurgeTrash(t.Context(), agent)
	require.ErrorIs(t, err, contactkit.ErrPermission)
	n, err := l.svc.PurgeTrash(t.Context(), owner)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, err = l.svc.GetContact(t.Context(), owner, old.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound, "purged for good")
	assert.Empty(t, l.conv.of(old.ID), "the host's dependents are purged")
	_, err = l.svc.GetContact(t.Context(), owner, recent.ID)
	require.NoError(t, err, "still within its window")

	again := l.create(t, owner, contact.Patch{FirstName: new("Again"), Phone: new("06 12 34 56 78")})
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, l.harness, owner, again.ID, list.ChannelSMS), "the ledger keeps the unsubscribe of an erased contact's address")
}

func TestUnsubscribeSurvivesDeleteAndRecreate(t *testing.T) {
	l := newLifecycle(t, nil)
	c := l.create(t, owner, contact.Patch{Email: new("ada@example.com")})
	_, err := l.svc.Unsubscribe(t.Context(), owner, c.ID, list.ChannelEmail, "unsubscribe link")
	require.NoError(t, err)
	_, err = l.svc.DeleteContact(t.Context(), owner, c.ID)
	require.NoError(t, err)

	again := l.create(t, owner, contact.Patch{Email: new("Ada@Example.com")})
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, l.harness, owner, again.ID, list.ChannelEmail), "the unsubscribe belongs to the address: it survives the deletion and applies to the new contact")

	require.NoError(t, l.svc.EraseContact(t.Context(), owner, again.ID))
	third := l.create(t, owner, contact.Patch{Email: new("ada@example.com")})
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, l.harness, owner, third.ID, list.ChannelEmail), "erasure keeps the unsubscribe")
}

func TestAgentCannotDelete(t *testing.T) {
	l := newLifecycle(t, nil)
	c := l.create(t, owner, contact.Patch{FirstName: new("Ada")})
	_, err := l.svc.DeleteContact(t.Context(), agent, c.ID)
	require.ErrorIs(t, err, contactkit.ErrPermission)
	perm, ok := errors.AsType[*contactkit.PermissionError](err)
	require.True(t, ok)
	assert.Equal(t, contactkit.ActionDeleteContact, perm.Action)
	require.ErrorIs(t, l.svc.EraseContact(t.Context(), agent, c.ID), contactkit.ErrPermission)
	_, err = l.svc.DeleteContacts(t.Context(), agent, contactkit.Bulk{IDs: []contact.ID{c.ID}, Expected: 1})
	require.ErrorIs(t, err, contactkit.ErrPermission)
	got, err := l.svc.GetContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.False(t, got.Trashed())

	// A policy hook may allow it.
	lenient := contactkit.New(l.store, &contactkit.Options{Authorize: func(context.Context, contactkit.Actor, contactkit.Action) error { return nil }})
	_, err = lenient.DeleteContact(t.Context(), agent, c.ID)
	require.NoError(t, err)
}

func TestFailingCascadeRollsBackTheDelete(t *testing.T) {
	l := newLifecycle(t, nil)
	au := l.automation(t, automation.Automation{Name: "A", Steps: steps(1), Active: true})
	c := l.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
	_, err := l.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	require.NoError(t, err)
	l.conv.add(c.ID, "thread")
	before := l.world(t, c.ID)
	l.takeEvents()

	boom := errors.New("crm down")
	l.conv.fail = boom
	_, err = l.svc.DeleteContact(t.Context(), owner, c.ID)
	require.ErrorIs(t, err, boom)
	cerr, ok := errors.AsType[*contactkit.CascadeError](err)
	require.True(t, ok)
	assert.Equal(t, "conversation", cerr.Kind)
	assert.Equal(t, before, l.world(t, c.ID), "nothing deleted, no enrollment stopped")
	assert.Empty(t, l.takeEvents())
	_, err = l.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}})
	require.ErrorIs(t, err, contactkit.ErrAlreadyExists, "the email is still Ada's")
}

func TestTrashedContactsRefuseChanges(t *testing.T) {
	l := newLifecycle(t, nil)
	c := l.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
	trashed, err := l.svc.DeleteContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.Equal(t, l.now, trashed.DeletedAt, "moved to the trash with its time")
	assert.Equal(t, owner.User, trashed.DeletedBy, "and its actor")
	_, err = l.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{City: new("x")})
	assert.ErrorIs(t, err, contactkit.ErrTrashed)
	_, err = l.svc.TagContact(t.Context(), owner, c.ID, "x")
	assert.ErrorIs(t, err, contactkit.ErrTrashed)
	_, err = l.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "x"})
	assert.ErrorIs(t, err, contactkit.ErrTrashed)
	_, err = l.svc.DeleteContact(t.Context(), owner, c.ID)
	assert.ErrorIs(t, err, contactkit.ErrTrashed)
	res, err := l.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}})
	require.NoError(t, err)
	assert.True(t, res.Created, "a capture does not match a contact in the trash")

	var trash []contact.ID
	for c, err := range l.svc.Contacts(t.Context(), owner, contactkit.ContactQuery{Trashed: true}) {
		require.NoError(t, err)
		trash = append(trash, c.ID)
	}
	assert.Equal(t, []contact.ID{c.ID}, trash)

	var deleted []string
	for ch, err := range l.svc.History(t.Context(), owner, c.ID, contact.FieldDeletedAt) {
		require.NoError(t, err)
		deleted = append(deleted, ch.New)
	}
	assert.Equal(t, []string{l.now.Format(time.RFC3339Nano)}, deleted, "the history records the deletion")
}

func TestBulkDelete(t *testing.T) {
	l := newLifecycle(t, nil)
	var ids []contact.ID
	for i := range 10 {
		ids = append(ids, l.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("P", i))}, "batch").ID)
	}
	keep := l.create(t, owner, contact.Patch{FirstName: new("Keep")})

	_, err := l.svc.DeleteContacts(t.Context(), owner, contactkit.Bulk{Query: contactkit.ContactQuery{Tag: "batch"}, Expected: 9})
	require.ErrorIs(t, err, contactkit.ErrCountMismatch)
	assert.Equal(t, 11, l.count(t, owner), "a mismatch changes nothing")

	// Cancelled after the second batch: two batches done, the rest untouched.
	ctx, cancel := context.WithCancel(t.Context())
	var progress []contactkit.BulkProgress
	res, err := l.svc.DeleteContacts(ctx, owner, contactkit.Bulk{
		Query: contactkit.ContactQuery{Tag: "batch"}, Expected: 10, BatchSize: 3,
		Progress: func(p contactkit.BulkProgress) {
			progress = append(progress, p)
			if p.Batch == 2 {
				cancel()
			}
		},
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, ids[:6], res.Changed)
	assert.Equal(t, ids[6:], res.Untouched, "the result says what was not reached")
	assert.Equal(t, []int{4, 2}, []int{res.Batches, res.Committed})
	assert.Equal(t, []contactkit.BulkProgress{
		{Batch: 1, Batches: 4, Changed: 3, Total: 10},
		{Batch: 2, Batches: 4, Changed: 6, Total: 10},
	}, progress)
	assert.Equal(t, 5, l.count(t, owner), "4 of the batch and Keep are live")

	// By IDs, with one already in the trash and one unknown: skipped, with reasons.
	unknown := contact.MustParseID("01900000-0000-7000-8000-0000000000ff")
	res, err = l.svc.DeleteContacts(t.Context(), owner, contactkit.Bulk{IDs: append(slices.Clone(ids[5:]), unknown, ids[9]), Expected: 6})
	require.NoError(t, err)
	assert.Equal(t, ids[6:], res.Changed)
	require.Len(t, res.Failed, 2)
	assert.Equal(t, []contact.ID{ids[5], unknown}, []contact.ID{res.Failed[0].ID, res.Failed[1].ID})
	assert.ErrorIs(t, res.Failed[0].Err, contactkit.ErrTrashed)
	assert.ErrorIs(t, res.Failed[1].Err, contactkit.ErrNotFound)
	assert.Equal(t, 1, l.count(t, owner))
	_, err = l.svc.GetContact(t.Context(), owner, keep.ID)
	require.NoError(t, err)
}

func TestDeleteTagReachesTheTrash(t *testing.T) {
	l := newLifecycle(t, nil)
	c := l.create(t, owner, contact.Patch{FirstName: new("Ada")}, "old")
	_, err := l.svc.DeleteContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	n, err := l.svc.DeleteTag(t.Context(), owner, "old")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	got, err := l.svc.RestoreContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Tags, "a restored contact does not bring back a deleted tag")
}

func TestBulkDeleteFailsTheBatchOnALateNotFound(t *testing.T) {
	l := newLifecycle(t, nil)
	a := l.create(t, owner, contact.Patch{FirstName: new("A")})
	b := l.create(t, owner, contact.Patch{FirstName: new("B")})
	// A host handler failing with a "not found" of its own must not be
	// taken for a contact to skip: the delete had begun.
	l.conv.fail = fmt.Errorf("conversation: %w", store.ErrNotFound)
	res, err := l.svc.DeleteContacts(t.Context(), owner, contactkit.Bulk{IDs: []contact.ID{a.ID, b.ID}, Expected: 2})
	require.ErrorIs(t, err, store.ErrNotFound)
	assert.Empty(t, res.Changed)
	assert.Empty(t, res.Failed)
	assert.Equal(t, []contact.ID{a.ID, b.ID}, res.Untouched)
	assert.Equal(t, 2, l.count(t, owner), "the batch rolled back whole")
}

func TestDeleteAndRestoreEmitTheirOwnEvents(t *testing.T) {
	l := newLifecycle(t, nil)
	c := l.create(t, owner, contact.Patch{FirstName: new("Ada")})
	l.takeEvents()
	_, err := l.svc.DeleteContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	_, err = l.svc.RestoreContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	require.NoError(t, l.svc.EraseContact(t.Context(), owner, c.ID))
	assert.Equal(t, []string{"contactkit.ContactDeleted", "contactkit.ContactRestored", "contactkit.ContactPurged"}, eventTypes(l.takeEvents()))
}

func TestTrashHidesWhatBelongsToTheContact(t *testing.T) {
	l := newLifecycle(t, nil)
	news, err := l.svc.CreateList(t.Context(), owner, list.List{Name: "News"})
	require.NoError(t, err)
	c := l.create(t, owner, contact.Patch{FirstName: new("Ada")})
	note, err := l.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "private"})
	require.NoError(t, err)
	_, err = l.svc.AddToList(t.Context(), owner, news.ID, c.ID)
	require.NoError(t, err)
	_, err = l.svc.DeleteContact(t.Context(), owner, c.ID)
	require.NoError(t, err)

	_, err = l.svc.GetActivity(t.Context(), owner, note.ID)
	assert.ErrorIs(t, err, contactkit.ErrTrashed)
	for m, err := range l.svc.Memberships(t.Context(), owner, contactkit.MembershipQuery{List: news.ID}) {
		require.NoError(t, err)
		t.Errorf("a contact in the trash is still listed as a member: %+v", m)
	}
	_, err = l.svc.RestoreContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	got, err := l.svc.GetActivity(t.Context(), owner, note.ID)
	require.NoError(t, err)
	assert.Equal(t, note, got)
}
