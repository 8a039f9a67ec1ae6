package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// world is a workspace with the contacts that sample records belong to,
// stored, and the lists and automations they refer to (not stored: Records
// holds plain keys, and a Store keeps no link between records).
type world struct {
	ws       contact.WorkspaceID
	contacts []contact.ID
	lists    []list.ID
	flows    []automation.Automation
}

// worldContacts is the number of contacts of a world: enough for
// maxSamples memberships, two lists each.
const (
	worldContacts = 12
	maxSamples    = 2 * worldContacts
)

// maxListed is the most records of one kind a case lists: more than
// store.MaxLimit (the ListPageBounds cases), and more than the samples.
const maxListed = 2 * store.MaxLimit

// newWorld stores a new world with n contacts.
func (e *env) newWorld(t *testing.T, n int) *world {
	t.Helper()
	g := &world{ws: newWorkspace(), lists: []list.ID{newListID(), newListID()}}
	g.flows = []automation.Automation{e.flow(t, "First flow"), e.flow(t, "Second flow")}
	for range n {
		g.contacts = append(g.contacts, newID())
	}
	e.storeContacts(t, g.ws, g.contacts)
	return g
}

// twin stores a world in another workspace with contacts of the same IDs:
// a record of g stored there refers to contacts that exist.
func (e *env) twin(t *testing.T, g *world) *world {
	t.Helper()
	h := *g
	h.ws = newWorkspace()
	e.storeContacts(t, h.ws, g.contacts)
	return &h
}

func (e *env) storeContacts(t *testing.T, ws contact.WorkspaceID, ids []contact.ID) {
	t.Helper()
	ctx := t.Context()
	e.update(t, "setup: Contacts.Create of the contacts records belong to", func(tx store.Tx) error {
		for i, id := range ids {
			c := e.person(ws, fmt.Sprintf("Owner %d", i), "Records")
			c.ID = id
			if err := tx.Contacts().Create(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	})
}

// sampler is a Kind of record with sample values, as the Records cases and
// the transaction cases use it.
type sampler interface {
	kind() store.Kind
	// sample returns the i-th sample record of g (0 <= i < maxSamples), of
	// version 0, as the kind's typed table puts it: ID, Keys and Value.
	sample(e *env, t *testing.T, g *world, i int) store.Record
	// edited returns r with a field of its value changed (the n-th change)
	// that none of its keys depends on.
	edited(r store.Record, n int) store.Record
	// cases returns the Records cases of the kind.
	cases() []testCase
}

// kindSample describes the sample values of one Kind, held as a T with IDs
// of type K.
type kindSample[K any, T any] struct {
	table func(store.Records) store.Table[K, T]
	// make returns the i-th sample value of g, version 0: distinct IDs for
	// distinct i, keys that vary with i (contacts, parents, statuses, order
	// with ties).
	make func(e *env, t *testing.T, g *world, i int) T
	// edit changes a field of v on which no key depends.
	edit func(v *T, n int)
	// move, if not nil, gives v to contact c, keeping its ID.
	move func(v *T, c contact.ID)
	// collide, if not nil, makes v take the Unique key of other.
	collide func(v, other *T)
	// scribble, if not nil, changes in place what a value shares with its
	// shallow copies (slices, maps): a careless caller.
	scribble func(v *T)
	// timeline: a contact's records are listed in activity.Compare order.
	timeline bool
	// except names the fields of T that make(…, 0) may leave zero.
	except []string
}

func (s kindSample[K, T]) kind() store.Kind { return s.table(nil).Kind() }

func (s kindSample[K, T]) name() string { return s.kind().Name() }

func (s kindSample[K, T]) clone(v T) T { return s.kind().Clone(v).(T) }

// errCaptured ends a Put on a capture.
var errCaptured = errors.New("storetest: record captured")

// capture is a store.Records whose Put keeps the record it is given: the
// way to learn the ID and Keys a typed table gives a value.
type capture struct{ r store.Record }

func (c *capture) Get(context.Context, contact.WorkspaceID, store.Kind, string) (store.Record, error) {
	return store.Record{}, errCaptured
}

func (c *capture) Put(_ context.Context, _ contact.WorkspaceID, _ store.Kind, r *store.Record) error {
	c.r = *r
	return errCaptured
}

func (c *capture) Delete(context.Context, contact.WorkspaceID, store.Kind, string, int64) error {
	return errCaptured
}

func (c *capture) List(context.Context, contact.WorkspaceID, store.Kind, store.Query, store.PageRequest) (store.Page[store.Record], error) {
	return store.Page[store.Record]{}, errCaptured
}

// record returns v as the typed table puts it.
func (s kindSample[K, T]) record(v T) store.Record {
	var c capture
	_ = s.table(&c).Put(context.Background(), "storetest", &v)
	return c.r
}

func (s kindSample[K, T]) id(v T) string { return s.record(v).ID }

func (s kindSample[K, T]) keys(v T) store.Keys { return s.record(v).Keys }

func (s kindSample[K, T]) version(v T) int64 { return s.record(v).Version }

func (s kindSample[K, T]) sample(e *env, t *testing.T, g *world, i int) store.Record {
	return s.record(s.make(e, t, g, i))
}

func (s kindSample[K, T]) edited(r store.Record, n int) store.Record {
	v := s.clone(r.Value.(T))
	s.edit(&v, n)
	out := s.record(v)
	out.Version = r.Version
	return out
}

// put writes v with the typed table in a transaction of its own, and sets
// v's version on success.
func (s kindSample[K, T]) put(e *env, t *testing.T, ws contact.WorkspaceID, v *T) error {
	ctx := t.Context()
	var done T
	err := e.s.Update(ctx, func(tx store.Tx) error {
		w := s.clone(*v)
		err := s.table(tx.Records()).Put(ctx, ws, &w)
		done = w
		return err
	})
	if err == nil {
		*v = done
	}
	return err
}

// mustPut is put that must succeed.
func (s kindSample[K, T]) mustPut(e *env, t *testing.T, ws contact.WorkspaceID, vs ...*T) {
	t.Helper()
	ctx := t.Context()
	done := make([]T, len(vs))
	e.update(t, fmt.Sprintf("setup: Put of %d %s records", len(vs), s.name()), func(tx store.Tx) error {
		for i, v := range vs {
			w := s.clone(*v)
			if err := s.table(tx.Records()).Put(ctx, ws, &w); err != nil {
				return fmt.Errorf("Put of %s %q: %w", s.name(), s.id(*v), err)
			}
			done[i] = w
		}
		return nil
	})
	for i, v := range vs {
		*v = done[i]
	}
}

// get reads the record of v's ID in a View of its own.
func (s kindSample[K, T]) get(e *env, t *testing.T, ws contact.WorkspaceID, v T) (T, error) {
	ctx := t.Context()
	id := s.record(v).ID
	var got T
	err := e.s.View(ctx, func(tx store.Tx) error {
		r, err := tx.Records().Get(ctx, ws, s.kind(), id)
		if err != nil {
			return err
		}
		got, err = s.value(r)
		return err
	})
	return got, err
}

// value is the T of a record read back, with its version, as the typed
// table gives it.
func (s kindSample[K, T]) value(r store.Record) (T, error) {
	var zero T
	v, ok := r.Value.(T)
	if !ok {
		return zero, fmt.Errorf("Records.Get of a %s: the value is a %T, want a %T (the value is stored as given, copied with Kind.Clone or encoded with Kind.Marshal)", s.name(), r.Value, zero)
	}
	r.Value = s.clone(v)
	// The typed table sets the version: hand it the record.
	var id K
	return s.table(&oneRecord{r: r}).Get(context.Background(), "storetest", id)
}

// oneRecord is a store.Records holding one record, whatever is asked.
type oneRecord struct {
	capture
	r store.Record
}

func (o *oneRecord) Get(context.Context, contact.WorkspaceID, store.Kind, string) (store.Record, error) {
	return o.r, nil
}

// mustGet reads v's record, which must exist, or stops the case.
func (s kindSample[K, T]) mustGet(e *env, t *testing.T, ws contact.WorkspaceID, v T) T {
	t.Helper()
	got, err := s.get(e, t, ws, v)
	if err != nil {
		t.Fatalf("Records.Get of a stored %s: got err %v, want nil", s.name(), err)
	}
	return got
}

// list pages through the records of ws that q selects with the typed
// table, each page in a View of its own.
func (s kindSample[K, T]) list(e *env, t *testing.T, ws contact.WorkspaceID, q store.Query, limit int, between func(page int, sofar []T)) ([]T, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, fmt.Sprintf("Records.List of %s records with %+v", s.name(), q), limit, maxListed, func(p store.PageRequest) (store.Page[T], error) {
		var page store.Page[T]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = s.table(tx.Records()).List(ctx, ws, q, p)
			return err
		})
		return page, err
	}, between)
}

func (s kindSample[K, T]) ids(vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = s.id(v)
	}
	return out
}

// ordered returns the IDs of the values of vs that q selects, in the order
// of Records.List: ascending Keys.Order, then ID. q.LiveContact is not
// looked at.
func (s kindSample[K, T]) ordered(vs []T, q store.Query) []string {
	type item struct{ order, id string }
	var items []item
	for _, v := range vs {
		r := s.record(v)
		if q.Matches(&r.Keys) {
			items = append(items, item{r.Keys.Order, r.ID})
		}
	}
	slices.SortFunc(items, func(a, b item) int {
		if c := strings.Compare(a.order, b.order); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.id
	}
	return out
}

// samplers returns a sampler of every Kind of store.Kinds, in that order.
func samplers() []sampler {
	return []sampler{fieldSample, tagSample, listSample, membershipSample, consentSample, automationSample, enrollmentSample, activitySample, activityChangeSample, activityTrashSample, mergeSample, tombstoneSample, unmergedSample, dismissalSample,
		holdingSample, holdingBucketSample, associationSample, followSample, stampSample}
}

var fieldSample = kindSample[field.Key, field.Definition]{
	table: store.Fields,
	make: func(e *env, t *testing.T, _ *world, i int) field.Definition {
		// Positions repeat: the ID breaks the ties of Order.
		d := e.definition(t, fmt.Sprintf("field_%02d", i), 1+i%4)
		if i%2 == 0 {
			// Half of them archived (the first one is): a required
			// definition's keys differ when it is.
			d.ArchivedAt = d.UpdatedAt.Add(time.Minute)
		}
		return d
	},
	edit:     func(d *field.Definition, n int) { d.Label = fmt.Sprintf("Label edited %d", n) },
	scribble: func(d *field.Definition) { scribbleSlice(d.Options, func(o *field.Option) { o.Label = "scribbled" }) },
}

var stampSample = kindSample[string, store.Stamp]{
	table: store.Stamps,
	make: func(e *env, _ *testing.T, _ *world, i int) store.Stamp {
		return store.Stamp{Name: fmt.Sprintf("stamp_%02d", i), Changed: e.at(i)}
	},
	edit: func(s *store.Stamp, n int) { s.Changed = s.Changed.Add(time.Duration(n+1) * time.Second) },
}

var tagSample = kindSample[tag.Name, tag.Tag]{
	table: store.Tags,
	make: func(e *env, t *testing.T, _ *world, i int) tag.Tag {
		return tag.Tag{Name: mustTag(t, fmt.Sprintf("Tag %02d été", i)), CreatedAt: e.at(i)}
	},
	edit: func(tg *tag.Tag, n int) { tg.CreatedAt = tg.CreatedAt.Add(time.Duration(n+1) * time.Second) },
}

var listSample = kindSample[list.ID, list.List]{
	table: store.Lists,
	make: func(e *env, _ *testing.T, _ *world, i int) list.List {
		return e.mailingList(fmt.Sprintf("List %d", i))
	},
	edit: func(l *list.List, n int) { l.Description = fmt.Sprintf("Edited %d", n) },
}

var membershipSample = kindSample[store.MembershipKey, list.Membership]{
	table: store.Memberships,
	make: func(e *env, t *testing.T, g *world, i int) list.Membership {
		l := list.List{ID: g.lists[i%2]}
		m := l.Join(g.contacts[(i/2)%len(g.contacts)], e.listChange(i))
		if i%3 == 1 {
			var err error
			m, _, err = m.SetStatus(list.StatusUnsubscribed, e.listChange(i+1))
			if err != nil {
				t.Fatalf("storetest fixture: Membership.SetStatus: %v", err)
			}
		}
		return m
	},
	edit: func(m *list.Membership, n int) { m.Changed.Reason = fmt.Sprintf("edited %d", n) },
}

var consentSample = kindSample[list.Address, list.Consent]{
	table: store.Consent,
	make: func(e *env, t *testing.T, _ *world, i int) list.Consent {
		a := emailAddress(t, i)
		if i%2 == 1 {
			a = phoneAddress(t, list.ChannelSMS, i)
		}
		c := list.Policy{}.New(a, e.listChange(i))
		if i%3 == 1 {
			c, _ = c.Unsubscribe(e.listChange(i + 1))
		}
		return c
	},
	edit: func(c *list.Consent, n int) { c.Changed.Reason = fmt.Sprintf("edited %d", n) },
}

var automationSample = kindSample[automation.ID, automation.Automation]{
	table: store.Automations,
	make: func(e *env, t *testing.T, _ *world, i int) automation.Automation {
		a := e.flow(t, fmt.Sprintf("Flow %d", i))
		a.Active = i%2 == 0
		return a
	},
	edit: func(a *automation.Automation, n int) { a.Name = fmt.Sprintf("Flow edited %d", n) },
	scribble: func(a *automation.Automation) {
		scribbleSlice(a.Steps, func(s *automation.Step) { s.Name = "scribbled" })
		scribbleSlice(a.Triggers, func(tr *automation.Trigger) { tr.Subject = "scribbled" })
	},
}

var enrollmentSample = kindSample[automation.EnrollmentID, automation.Enrollment]{
	table: store.Enrollments,
	make: func(e *env, t *testing.T, g *world, i int) automation.Enrollment {
		key := ""
		if i%2 == 0 {
			key = fmt.Sprintf("storetest-key-%d", i)
		}
		en, err := automation.Enroll(&g.flows[i%2], g.contacts[i%3], newEnrollmentID(), nil, key, e.at(i))
		if err != nil {
			t.Fatalf("storetest fixture: automation.Enroll: %v", err)
		}
		if err := en.Pass(automation.OutcomeCompleted, e.at(i+1)); err != nil {
			t.Fatalf("storetest fixture: Enrollment.Pass: %v", err)
		}
		if i%3 == 0 {
			if err := en.Stop("storetest stop", e.at(i+2)); err != nil {
				t.Fatalf("storetest fixture: Enrollment.Stop: %v", err)
			}
		}
		en.Trigger = automation.Occurrence{Kind: automation.TriggerTaskCompleted}
		en.Cause = automation.Cause{Kind: automation.CauseActivity, ID: newActivityID().String()}
		return en
	},
	edit: func(en *automation.Enrollment, n int) { en.Entry += n + 1 },
	move: func(en *automation.Enrollment, c contact.ID) { en.Contact = c },
	collide: func(en, other *automation.Enrollment) {
		en.Automation, en.IdempotencyKey = other.Automation, other.IdempotencyKey
	},
	scribble: func(en *automation.Enrollment) {
		scribbleSlice(en.Path, func(r *automation.StepResult) { r.Outcome = "scribbled"; r.At = r.At.Add(time.Hour) })
	},
}

var activitySample = kindSample[activity.ID, activity.Activity]{
	table: store.Activities,
	make: func(e *env, _ *testing.T, g *world, i int) activity.Activity {
		a := activity.Activity{
			ID:      newActivityID(),
			Contact: g.contacts[i%3],
			Kind:    activity.KindNote,
			Author:  contact.UserID(fmt.Sprintf("user-%d", i)),
			Pinned:  i%4 == 0,
			Body:    fmt.Sprintf("Note %d about Zoë", i),
			// Pairs created at the same instant: the ID breaks the tie.
			CreatedAt: e.at(i / 2),
			UpdatedAt: e.at(i/2 + 1),
		}
		if i%2 == 0 {
			a.Kind = activity.KindTask
			a.Title = fmt.Sprintf("Call Zoë about the Ångström offer %d", i)
			a.Task = activity.Task{
				Type:        activity.TaskCall,
				Due:         e.at(60 + i),
				Duration:    30 * time.Minute,
				Assignee:    "user-3",
				Reminder:    e.at(50 + i),
				Completed:   true,
				CompletedAt: e.at(55 + i),
			}
			a.Enroll, a.EnrollOn = g.flows[0].ID, activity.EnrollOnSave
		}
		if i%4 == 0 {
			// In its own trash: listed under store.StatusTrashed.
			a.DeletedAt, a.DeletedBy = e.at(70+i), "user-4"
		}
		switch i % 6 {
		case 1:
			a.Kind, a.Title = activity.KindCall, "Intro call"
			a.Interaction = activity.Interaction{Direction: activity.DirectionInbound, OccurredAt: e.at(i), Duration: 90 * time.Second, Outcome: activity.OutcomeConnected}
		case 3:
			a.Kind, a.Title = activity.KindMeeting, "Demo"
			a.Interaction = activity.Interaction{OccurredAt: e.at(i), Duration: time.Hour, Outcome: activity.OutcomeScheduled,
				Attendees: []activity.Attendee{{User: "user-2"}, {Contact: g.contacts[(i+1)%3]}}}
		}
		return a
	},
	edit:     func(a *activity.Activity, n int) { a.Body = fmt.Sprintf("Edited %d", n) },
	move:     func(a *activity.Activity, c contact.ID) { a.Contact = c },
	timeline: true,
	// The properties of calls, emails and meetings: samples 1 and 3.
	except: []string{"Interaction"},
	scribble: func(a *activity.Activity) {
		scribbleSlice(a.Interaction.Attendees, func(t *activity.Attendee) { t.User = "scribbled" })
	},
}

var activityTrashSample = kindSample[activity.ID, store.TrashedActivity]{
	table: store.ActivityTrash,
	make: func(e *env, _ *testing.T, _ *world, i int) store.TrashedActivity {
		// Pairs deleted at the same instant: the ID breaks the tie.
		return store.TrashedActivity{Activity: newActivityID(), DeletedAt: e.at(i / 2), By: contact.UserID(fmt.Sprintf("user-%d", i))}
	},
	edit: func(t *store.TrashedActivity, n int) { t.By = contact.UserID(fmt.Sprintf("edited-%d", n)) },
}

var activityChangeSample = kindSample[store.ActivityChangeKey, activity.Change]{
	table: store.ActivityChanges,
	make: func(e *env, _ *testing.T, g *world, i int) activity.Change {
		// Three activities, several revisions each, two fields per
		// revision for some: the Order ties.
		return activity.Change{
			// The IDs of three activities: those of the world's contacts.
			Activity: activity.ID(g.contacts[i%3]),
			Revision: int64(1 + i/6),
			Field:    []string{activity.FieldTitle, activity.FieldBody}[i/3%2],
			Old:      fmt.Sprintf("Old Zoë %d", i),
			New:      fmt.Sprintf("New Ångström %d", i),
			At:       e.at(i),
			Actor:    contact.UserID(fmt.Sprintf("user-%d", i)),
		}
	},
	edit: func(c *activity.Change, n int) { c.New = fmt.Sprintf("Edited %d", n) },
}

// scribbleSlice changes every element of s in place.
func scribbleSlice[E any](s []E, f func(*E)) {
	for i := range s {
		f(&s[i])
	}
}
