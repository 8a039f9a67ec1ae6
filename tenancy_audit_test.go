package contactkit_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// This file audits rules P1 and P2 over every exported method of the
// Service.
//
// P1: an ID (or a natural key: a field key, a tag name, an address) that
// exists only in another workspace behaves exactly as one that exists
// nowhere, creation included. Each case runs a call twice, on two
// identical fixtures, once with the other workspace's ID and once with an
// ID that exists nowhere, and requires the two runs to be
// indistinguishable: the same error categories, the same messages and
// results once the ID is replaced, the same writes and events, nothing of
// the other workspace in what comes back, and nothing written in it.
//
// P2: every guarded action refuses an agent, writing nothing, lets owners
// and managers through, and Options.Authorize widens and narrows it.

var manager = contactkit.Actor{Workspace: "ws-1", User: "u-manager", Role: contactkit.RoleManager}

// nowhereID is a UUID that no record of the fixture has. Like the IDs of
// the other workspace, made first, it sorts before every ID of the
// caller's workspace, so that listings and pairs order alike.
const nowhereID = "01000000-0000-7000-8000-000000000000"

// The kinds of ID a slot of a call takes, each with a record of the other
// workspace (tenancyFixture.foreign) and a value that exists nowhere
// (nowhere).
const (
	kContact         = "contact"          // a live contact
	kTrashed         = "trashed contact"  // a contact in the trash
	kMerged          = "merged contact"   // a contact merged into another
	kActivity        = "activity"         // a note
	kTask            = "task"             // an open task
	kTrashedActivity = "trashed activity" // a note in its own trash
	kList            = "list"
	kAutomation      = "automation"
	kEnrollment      = "enrollment"
	kMerge           = "merge"
	kField           = "field key"
	kTag             = "tag name"
	kEmail           = "email"
	kPhone           = "phone"
	kRecord          = "host record" // an association's record ID
)

var contactKinds = []string{kContact, kTrashed, kMerged}

var nowhere = map[string]string{
	kField:  "nowhere_key",
	kTag:    "NowhereTag",
	kEmail:  "nobody@nowhere.example",
	kPhone:  "+33611111111",
	kRecord: "nowhere-record",
}

func nowhereOf(kind string) string {
	if v, ok := nowhere[kind]; ok {
		return v
	}
	return nowhereID
}

// tenancyFixture is a harness with deterministic IDs and two populated
// workspaces: ws-1, where the calls are made (by owner), and ws-2 (other),
// whose records are the foreign IDs.
type tenancyFixture struct {
	h *harness

	mu    sync.Mutex
	n     uint64
	force *uuid.UUID // when set, every new ID is it

	// ws-1
	mia, max, tina      contact.Contact // tina is in the trash
	myList              list.List
	myAuto              automation.Automation
	myTask, myMeeting   activity.Activity
	myNote, myGone      activity.Activity // myGone is in its own trash
	myMerge             merge.Record      // "Mo Mine" merged into mia
	myField, myOldField field.Definition  // myOldField is archived
	myTag               string
	foreign             map[string]string // kind → ID of ws-2
	otherIDs            []string          // every ID of ws-2, for the leak check
}

func (f *tenancyFixture) newID() (uuid.UUID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.force != nil {
		return *f.force, nil
	}
	f.n++
	var u uuid.UUID
	u[0], u[6], u[8] = 0x01, 0x70, 0x80
	binary.BigEndian.PutUint64(u[8:], f.n)
	u[8] = 0x80
	return u, nil
}

func newTenancyFixture(t *testing.T, opts func(*contactkit.Options)) *tenancyFixture {
	t.Helper()
	f := &tenancyFixture{foreign: map[string]string{}}
	f.h = newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
		o.NewID = f.newID
		o.AssociationTypes = []association.Type{{Name: "company", FreeLabels: true}}
		if opts != nil {
			opts(o)
		}
	})
	ctx, svc, h := t.Context(), f.h.svc, f.h
	must := func(_ any, err error) {
		t.Helper()
		require.NoError(t, err)
	}

	// ws-2: every kind of record.
	must(svc.CreateField(ctx, other, field.Definition{Key: field.MustParseKey("foreign_plan"), Label: "Foreign plan", Type: field.TypeText}))
	eve := h.create(t, other, contact.Patch{FirstName: new("Eve"), LastName: new("Foreign"), Email: new("eve@foreign.example"),
		Phone: new("+33 6 99 99 99 99"), Fields: map[string]string{"foreign_plan": "gold"}}, "ForeignTag")
	frank := h.create(t, other, contact.Patch{FirstName: new("Frank"), LastName: new("Foreign"), Email: new("frank@foreign.example")})
	gina := h.create(t, other, contact.Patch{FirstName: new("Gina"), LastName: new("Foreign"), Email: new("gina@foreign.example")})
	gus := h.create(t, other, contact.Patch{FirstName: new("Gus"), LastName: new("Foreign"), Email: new("gus@foreign.example")})
	tom := h.create(t, other, contact.Patch{FirstName: new("Tom"), LastName: new("Foreign"), Email: new("tom@foreign.example")})
	must(svc.DeleteContact(ctx, other, tom.ID))
	l2, err := svc.CreateList(ctx, other, list.List{Name: "Foreign list", DoubleOptIn: true})
	require.NoError(t, err)
	must(svc.AddToList(ctx, other, l2.ID, eve.ID))
	au2, err := svc.CreateAutomation(ctx, other, automation.Automation{Name: "Foreign auto", Steps: steps(2), Active: true, Reentry: automation.ReentryAllow})
	require.NoError(t, err)
	en2, err := svc.Enroll(ctx, other, au2.ID, eve.ID, "")
	require.NoError(t, err)
	note2, err := svc.AddNote(ctx, other, eve.ID, contactkit.NoteInput{Body: "Foreign note"})
	require.NoError(t, err)
	task2, err := svc.AddTask(ctx, other, eve.ID, contactkit.TaskInput{Title: "Foreign task"})
	require.NoError(t, err)
	gone2, err := svc.AddNote(ctx, other, eve.ID, contactkit.NoteInput{Body: "Foreign deleted note"})
	require.NoError(t, err)
	must(svc.DeleteActivity(ctx, other, gone2.ID))
	must(svc.Associate(ctx, other, eve.ID, contactkit.AssociationInput{Type: "company", Record: "acme-2"}))
	must(svc.Follow(ctx, other, eve.ID))
	must(svc.DismissDuplicate(ctx, other, eve.ID, frank.ID))
	must(svc.Unsubscribe(ctx, other, eve.ID, list.ChannelEmail, "Foreign reason"))
	p2, err := svc.PreviewMerge(ctx, other, contactkit.MergeRequest{Primary: frank.ID, Others: []contact.ID{gina.ID}})
	require.NoError(t, err)
	rec2, err := svc.MergeContacts(ctx, other, p2)
	require.NoError(t, err)
	f.foreign = map[string]string{
		kContact: eve.ID.String(), kTrashed: tom.ID.String(), kMerged: gina.ID.String(),
		kActivity: note2.ID.String(), kTask: task2.ID.String(), kTrashedActivity: gone2.ID.String(),
		kList: l2.ID.String(), kAutomation: au2.ID.String(), kEnrollment: en2.ID.String(), kMerge: rec2.ID.String(),
		kField: "foreign_plan", kTag: "ForeignTag", kEmail: "eve@foreign.example", kPhone: "+33699999999",
		kRecord: "acme-2",
	}
	f.otherIDs = []string{eve.ID.String(), frank.ID.String(), gina.ID.String(), gus.ID.String(), tom.ID.String(),
		l2.ID.String(), au2.ID.String(), en2.ID.String(), note2.ID.String(), task2.ID.String(), gone2.ID.String(), rec2.ID.String()}

	// ws-1: what the calls need besides the foreign ID.
	f.myField, err = svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("my_score"), Label: "Score", Type: field.TypeText})
	require.NoError(t, err)
	f.myOldField, err = svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("my_old"), Label: "Old", Type: field.TypeText})
	require.NoError(t, err)
	f.myOldField, err = svc.ArchiveField(ctx, owner, f.myOldField.Key)
	require.NoError(t, err)
	f.myTag = "MyTag"
	f.mia = h.create(t, owner, contact.Patch{FirstName: new("Mia"), LastName: new("Mine"), Email: new("mia@mine.example"), Phone: new("+33 6 12 34 56 78")}, f.myTag)
	f.mia, err = svc.ConnectChannel(ctx, owner, f.mia.ID, contact.ChannelSMS)
	require.NoError(t, err)
	f.max = h.create(t, owner, contact.Patch{FirstName: new("Max"), LastName: new("Mine"), Email: new("max@mine.example")})
	mo := h.create(t, owner, contact.Patch{FirstName: new("Mo"), LastName: new("Mine"), Email: new("mo@mine.example")})
	f.tina = h.create(t, owner, contact.Patch{FirstName: new("Tina"), LastName: new("Mine"), Email: new("tina@mine.example")})
	f.tina, err = svc.DeleteContact(ctx, owner, f.tina.ID)
	require.NoError(t, err)
	f.myList, err = svc.CreateList(ctx, owner, list.List{Name: "My list"})
	require.NoError(t, err)
	f.myAuto, err = svc.CreateAutomation(ctx, owner, automation.Automation{Name: "My auto", Steps: steps(2), Active: true, Reentry: automation.ReentryAllow})
	require.NoError(t, err)
	f.myTask, err = svc.AddTask(ctx, owner, f.mia.ID, contactkit.TaskInput{Title: "My task"})
	require.NoError(t, err)
	f.myMeeting, err = svc.AddMeeting(ctx, owner, f.mia.ID, contactkit.MeetingInput{Title: "My meeting", OccurredAt: h.now})
	require.NoError(t, err)
	f.myNote, err = svc.AddNote(ctx, owner, f.mia.ID, contactkit.NoteInput{Body: "My note"})
	require.NoError(t, err)
	f.myGone, err = svc.AddNote(ctx, owner, f.mia.ID, contactkit.NoteInput{Body: "My deleted note"})
	require.NoError(t, err)
	f.myGone, err = svc.DeleteActivity(ctx, owner, f.myGone.ID)
	require.NoError(t, err)
	p1, err := svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{mo.ID}})
	require.NoError(t, err)
	f.myMerge, err = svc.MergeContacts(ctx, owner, p1)
	require.NoError(t, err)
	f.mia, err = svc.GetContact(ctx, owner, f.mia.ID)
	require.NoError(t, err)
	h.takeEvents()
	return f
}

// dump returns everything the store holds in workspace ws: its contacts,
// live and in the trash, the property history of every contact ID either
// workspace has (and of the IDs extra names), and its records of every kind.
func (f *tenancyFixture) dump(t *testing.T, ws contact.WorkspaceID, extra ...string) string {
	t.Helper()
	ctx := t.Context()
	var b strings.Builder
	err := f.h.store.View(ctx, func(tx store.Tx) error {
		b.Reset()
		ids := map[contact.ID]bool{}
		for _, w := range []contact.WorkspaceID{"ws-1", "ws-2"} {
			for _, trashed := range []bool{false, true} {
				for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
					return tx.Contacts().List(ctx, w, store.ContactQuery{Trashed: trashed}, p)
				}) {
					if err != nil {
						return err
					}
					ids[c.ID] = true
					if w == ws {
						js, err := json.Marshal(c)
						if err != nil {
							return err
						}
						fmt.Fprintf(&b, "contact %s\n", js)
					}
				}
			}
		}
		for _, s := range append(extra, nowhereID) {
			if u, err := uuid.Parse(s); err == nil {
				ids[contact.ID(u)] = true
			}
		}
		sorted := make([]contact.ID, 0, len(ids))
		for id := range ids {
			sorted = append(sorted, id)
		}
		slices.SortFunc(sorted, contact.ID.Compare)
		for _, id := range sorted {
			for ch, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
				return tx.History().List(ctx, ws, id, "", p)
			}) {
				if err != nil {
					return err
				}
				js, err := json.Marshal(ch)
				if err != nil {
					return err
				}
				fmt.Fprintf(&b, "history %s %s\n", id, js)
			}
		}
		for _, k := range store.Kinds() {
			for r, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[store.Record], error) {
				return tx.Records().List(ctx, ws, k, store.Query{}, p)
			}) {
				if err != nil {
					return err
				}
				js, err := k.Marshal(r.Value)
				if err != nil {
					return err
				}
				fmt.Fprintf(&b, "%s %s v%d %+v %s\n", k.Name(), r.ID, r.Version, r.Keys, js)
			}
		}
		return nil
	})
	require.NoError(t, err)
	return b.String()
}

// tenancySentinels are the error categories a caller may test.
var tenancySentinels = []error{
	contactkit.ErrInvalidActor, contactkit.ErrPermission, contactkit.ErrInvalidInput, contactkit.ErrNotFound,
	contactkit.ErrConflict, contactkit.ErrAlreadyExists, contactkit.ErrTrashed, contactkit.ErrNotTrashed,
	contactkit.ErrMerged, contactkit.ErrRestoreWindow, contactkit.ErrContactBlocked, contactkit.ErrKeyReused,
	contactkit.ErrUnknownAutomation, contactkit.ErrUnknownList, contactkit.ErrNotMember, contactkit.ErrNoAddress,
	contactkit.ErrCannotOpen, contactkit.ErrNoMatchKey, contactkit.ErrCountMismatch, contactkit.ErrValueLoss,
	store.ErrInvalid, store.ErrInvalidCursor, store.ErrReadOnly,
	activity.ErrTrashed, activity.ErrNotTrashed, activity.ErrNotATask, activity.ErrInvalidActivity,
	automation.ErrAlreadyEnrolled, automation.ErrInactive, automation.ErrNotActive, automation.ErrNoStepLeft,
	list.ErrInvalidChannel, merge.ErrSelf, merge.ErrTwice, merge.ErrNoOthers, merge.ErrTrashed, merge.ErrWorkspace,
	field.ErrUnknownField, field.ErrArchived, contact.ErrInvalidID,
}

func categories(err error) []string {
	var out []string
	for _, s := range tenancySentinels {
		if errors.Is(err, s) {
			out = append(out, s.Error())
		}
	}
	return out
}

// outcome is what one run of a call gave and did.
type outcome struct {
	categories []string
	message    string
	result     string
	events     []string
	ws1Before  string
	ws1After   string
	ws2Before  string
	ws2After   string
	failed     bool
}

// render returns v as text: JSON, with each error as its message.
func render(t *testing.T, v any) string {
	t.Helper()
	js, err := json.Marshal(v)
	require.NoError(t, err, "render %T", v)
	return string(js)
}

// run makes the call on f with id and records its outcome, with id
// replaced by <ID> in everything it compares across runs.
func (f *tenancyFixture) run(t *testing.T, id string, call func(ctx context.Context, f *tenancyFixture, id string) (any, error)) outcome {
	t.Helper()
	var o outcome
	o.ws1Before, o.ws2Before = f.dump(t, "ws-1", id), f.dump(t, "ws-2", id)
	res, err := call(t.Context(), f, id)
	o.ws1After, o.ws2After = f.dump(t, "ws-1", id), f.dump(t, "ws-2", id)
	repl := replacer(f, id)
	if err != nil {
		o.failed = true
		o.message = repl.Replace(err.Error())
	}
	o.categories = categories(err)
	o.result = canonical(repl.Replace(render(t, res)))
	for _, e := range f.h.takeEvents() {
		require.Equal(t, contact.WorkspaceID("ws-1"), e.Meta().Workspace, "an event of a call in ws-1 is of ws-1: %T", e)
		o.events = append(o.events, fmt.Sprintf("%T %s", e, canonical(repl.Replace(render(t, e)))))
	}
	o.ws1Before, o.ws1After = repl.Replace(o.ws1Before), repl.Replace(o.ws1After)
	return o
}

// canonical returns the JSON js with the keys of its objects sorted again,
// as they are once the IDs in them are replaced.
func canonical(js string) string {
	var v any
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		return js
	}
	out, err := json.Marshal(v)
	if err != nil {
		return js
	}
	return string(out)
}

// replacer replaces id by <ID>, in any case (a tag's key is folded), and
// the timeline position of an activity with ID id made now by <POS> (it
// encodes the ID).
func replacer(f *tenancyFixture, id string) *strings.Replacer {
	olds := []string{id, "<ID>", strings.ToLower(id), "<ID>"}
	if u, err := uuid.Parse(id); err == nil {
		for _, pinned := range []bool{false, true} {
			olds = append(olds, activity.Position{Pinned: pinned, At: f.h.now, ID: activity.ID(u)}.Key(), "<POS>")
		}
	}
	return strings.NewReplacer(olds...)
}

// leaks returns the marks of workspace ws-2 that s holds.
func (f *tenancyFixture) leaks(s string) []string {
	var out []string
	for _, m := range append([]string{"Foreign", "foreign", "+33699999999", "u-other", "ws-2"}, f.otherIDs...) {
		if strings.Contains(s, m) {
			out = append(out, m)
		}
	}
	return out
}

// slotMode is how a case uses the ID: as an argument, as the ID of the
// record the call creates, or as an argument naming a record of the
// caller's workspace that has the same ID as one of the other workspace.
type slotMode int

const (
	argument slotMode = iota
	newRecordID
	twinInWorkspace
)

// twin makes, in ws-1, a record of the kind with the ID (or key) id, with
// records of its own around it.
func (f *tenancyFixture) twin(t *testing.T, kind, id string) {
	t.Helper()
	ctx, svc, h := t.Context(), f.h.svc, f.h
	forced := func(fn func() error) {
		t.Helper()
		u := uuid.MustParse(id)
		f.force = &u
		err := fn()
		f.force = nil
		require.NoError(t, err, "twin %s", kind)
	}
	var err error
	newContact := func() contact.Contact {
		var c contact.Contact
		forced(func() (err error) {
			c, err = svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Tess"), LastName: new("Twin"),
				Email: new("tess@mine.example"), Phone: new("+33 6 55 55 55 55")}, Tags: []string{"twin"}})
			return err
		})
		_, err = svc.AddNote(ctx, owner, c.ID, contactkit.NoteInput{Body: "twin note"})
		require.NoError(t, err)
		_, err = svc.AddTask(ctx, owner, c.ID, contactkit.TaskInput{Title: "twin task"})
		require.NoError(t, err)
		_, err = svc.AddToList(ctx, owner, f.myList.ID, c.ID)
		require.NoError(t, err)
		_, err = svc.Enroll(ctx, owner, f.myAuto.ID, c.ID, "")
		require.NoError(t, err)
		_, err = svc.Associate(ctx, owner, c.ID, contactkit.AssociationInput{Type: "company", Record: "twin-co"})
		require.NoError(t, err)
		_, err = svc.Follow(ctx, owner, c.ID)
		require.NoError(t, err)
		return c
	}
	switch kind {
	case kContact:
		newContact()
	case kTrashed:
		c := newContact()
		_, err = svc.DeleteContact(ctx, owner, c.ID)
	case kMerged:
		c := newContact()
		var p contactkit.MergePreview
		p, err = svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: f.max.ID, Others: []contact.ID{c.ID}})
		require.NoError(t, err)
		_, err = svc.MergeContacts(ctx, owner, p)
	case kActivity, kTrashedActivity:
		var a activity.Activity
		forced(func() (err error) {
			a, err = svc.AddNote(ctx, owner, f.max.ID, contactkit.NoteInput{Body: "twin note"})
			return err
		})
		if kind == kTrashedActivity {
			_, err = svc.DeleteActivity(ctx, owner, a.ID)
		}
	case kTask:
		forced(func() (err error) {
			_, err = svc.AddTask(ctx, owner, f.max.ID, contactkit.TaskInput{Title: "twin task"})
			return err
		})
	case kList:
		var l list.List
		forced(func() (err error) {
			l, err = svc.CreateList(ctx, owner, list.List{Name: "Twin list", DoubleOptIn: true})
			return err
		})
		_, err = svc.AddToList(ctx, owner, l.ID, f.max.ID)
	case kAutomation:
		var au automation.Automation
		forced(func() (err error) {
			au, err = svc.CreateAutomation(ctx, owner, automation.Automation{Name: "Twin auto", Steps: steps(2), Active: true, Reentry: automation.ReentryAllow})
			return err
		})
		_, err = svc.Enroll(ctx, owner, au.ID, f.max.ID, "")
	case kEnrollment:
		forced(func() (err error) {
			_, err = svc.Enroll(ctx, owner, f.myAuto.ID, f.max.ID, "")
			return err
		})
	case kMerge:
		a := h.create(t, owner, contact.Patch{FirstName: new("Twin"), LastName: new("One"), Email: new("twin1@mine.example")})
		b := h.create(t, owner, contact.Patch{FirstName: new("Twin"), LastName: new("Two"), Email: new("twin2@mine.example")})
		p, err := svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID}})
		require.NoError(t, err)
		forced(func() (err error) {
			_, err = svc.MergeContacts(ctx, owner, p)
			return err
		})
	case kField:
		_, err = svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey(id), Label: "Twin", Type: field.TypeText})
		require.NoError(t, err)
		_, err = svc.UpdateContact(ctx, owner, f.max.ID, contact.Patch{Fields: map[string]string{id: "twin"}})
	case kTag:
		_, err = svc.TagContact(ctx, owner, f.max.ID, id)
	case kEmail:
		h.create(t, owner, contact.Patch{FirstName: new("Tess"), Email: new(id)})
	case kPhone:
		h.create(t, owner, contact.Patch{FirstName: new("Tess"), Phone: new(id)})
	case kRecord:
		_, err = svc.Associate(ctx, owner, f.max.ID, contactkit.AssociationInput{Type: "company", Record: id})
	default:
		t.Fatalf("no twin of %s", kind)
	}
	require.NoError(t, err, "twin %s", kind)
	h.takeEvents()
}

// indistinguishable runs call with the kind's ID of the other workspace on
// one fixture, and with an ID that exists nowhere on another, and requires
// the two runs to be indistinguishable. If forceNewID, the slot is not an
// argument: the call's new records take the ID (creation).
func indistinguishable(t *testing.T, kind string, mode slotMode, call func(ctx context.Context, f *tenancyFixture, id string) (any, error)) {
	t.Helper()
	runOne := func(foreign bool) (outcome, *tenancyFixture, string) {
		f := newTenancyFixture(t, nil)
		id := nowhereOf(kind)
		if foreign {
			id = f.foreign[kind]
		}
		require.NotEmpty(t, id, kind)
		if mode == twinInWorkspace {
			f.twin(t, kind, id)
		}
		if mode == newRecordID {
			u := uuid.MustParse(id)
			f.force = &u
		}
		o := f.run(t, id, call)
		f.force = nil
		return o, f, id
	}
	a, fa, _ := runOne(true)
	b, _, _ := runOne(false)

	require.Equal(t, b.categories, a.categories, "error categories\nforeign: %s\nnowhere: %s", a.message, b.message)
	require.Equal(t, b.message, a.message, "error message")
	require.Equal(t, b.result, a.result, "result")
	require.Equal(t, b.events, a.events, "events")
	sameDump(t, b.ws1After, a.ws1After, "what the call wrote in its workspace (- nowhere, + foreign)")
	sameDump(t, a.ws2Before, a.ws2After, "the other workspace is not written")
	if a.failed {
		sameDump(t, a.ws1Before, a.ws1After, "a failed call writes nothing")
	}
	for _, s := range append([]string{a.message, a.result}, a.events...) {
		require.Empty(t, fa.leaks(s), "the other workspace shows through: %s", s)
	}
}

// sameDump fails t, showing the lines that differ, if the dumps want and
// got differ.
func sameDump(t *testing.T, want, got, what string) {
	t.Helper()
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	slices.Sort(wl)
	slices.Sort(gl)
	if slices.Equal(wl, gl) {
		return // the same records, maybe listed in another order (of their IDs)
	}
	var diff []string
	for _, l := range wl {
		if !slices.Contains(gl, l) {
			diff = append(diff, "- "+l)
		}
	}
	for _, l := range gl {
		if !slices.Contains(wl, l) {
			diff = append(diff, "+ "+l)
		}
	}
	t.Fatalf("%s:\n%s", what, strings.Join(diff, "\n"))
}

func drainSeq[T any](seq iter.Seq2[T, error]) (any, error) {
	items := []T{}
	for v, err := range seq {
		if err != nil {
			return items, err
		}
		items = append(items, v)
	}
	return items, nil
}

// bulkView is a BulkResult that renders its failures' messages.
func bulkView(r contactkit.BulkResult, err error) (any, error) {
	failed := make([]string, len(r.Failed))
	for i, fl := range r.Failed {
		failed[i] = fl.ID.String() + ": " + fl.Err.Error() + " " + strings.Join(categories(fl.Err), ",")
	}
	return struct {
		Changed, Unchanged, Untouched []contact.ID
		Failed                        []string
		Batches, Committed            int
	}{r.Changed, r.Unchanged, r.Untouched, failed, r.Batches, r.Committed}, err
}

func cid(s string) contact.ID               { return contact.ID(uuid.MustParse(s)) }
func actID(s string) activity.ID            { return activity.ID(uuid.MustParse(s)) }
func lid(s string) list.ID                  { return list.ID(uuid.MustParse(s)) }
func auID(s string) automation.ID           { return automation.ID(uuid.MustParse(s)) }
func enID(s string) automation.EnrollmentID { return automation.EnrollmentID(uuid.MustParse(s)) }
func bulk1(s string) contactkit.Bulk        { return contactkit.Bulk{IDs: []contact.ID{cid(s)}, Expected: 1} }
func (f *tenancyFixture) miaBulk() contactkit.Bulk {
	return contactkit.Bulk{IDs: []contact.ID{f.mia.ID}, Expected: 1}
}

type slotCall = func(ctx context.Context, f *tenancyFixture, id string) (any, error)

type slotCase struct {
	method string // the Service method
	slot   string // which argument takes the ID
	kinds  []string
	call   slotCall
}

// importOne imports a CSV of one row with email, with opts, and returns
// the result and the outcome of the row.
func importOne(ctx context.Context, f *tenancyFixture, email string, opts *contactkit.ImportOptions) (any, error) {
	r, err := importer.Open(strings.NewReader("First name,Email\nIvy,"+email+"\n"), nil)
	if err != nil {
		return nil, err
	}
	m := importer.Mapping{Columns: []importer.Column{
		{Index: 0, Target: importer.Target{Kind: importer.KindFirstName}},
		{Index: 1, Target: importer.Target{Kind: importer.KindEmail}},
	}}
	var rows []string
	o := contactkit.ImportOptions{}
	if opts != nil {
		o = *opts
	}
	o.OnRow = func(r contactkit.ImportRow) {
		msg := ""
		if r.Err != nil {
			msg = r.Err.Error()
		}
		rows = append(rows, fmt.Sprintf("%d %s %s %s %s", r.Line, r.Outcome, r.Contact, r.Skip, msg))
	}
	res, err := f.h.svc.Import(ctx, owner, r, m, &o)
	return []any{res, rows}, err
}

func slotCases() []slotCase {
	when := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	c := func(method, slot string, kinds []string, call slotCall) slotCase {
		return slotCase{method, slot, kinds, call}
	}
	onContact := func(method string, call slotCall) slotCase { return c(method, "contact", contactKinds, call) }
	return []slotCase{
		// activities.go
		onContact("AddNote", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddNote(ctx, owner, cid(id), contactkit.NoteInput{Body: "hi"})
		}),
		c("AddNote", "NoteInput.Enroll", []string{kAutomation}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddNote(ctx, owner, f.mia.ID, contactkit.NoteInput{Body: "hi", Enroll: auID(id)})
		}),
		onContact("AddTask", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddTask(ctx, owner, cid(id), contactkit.TaskInput{Title: "call back"})
		}),
		c("AddTask", "TaskInput.Enroll", []string{kAutomation}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddTask(ctx, owner, f.mia.ID, contactkit.TaskInput{Title: "call back", Enroll: auID(id), EnrollOn: activity.EnrollOnSave})
		}),
		onContact("AddCall", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddCall(ctx, owner, cid(id), contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: when})
		}),
		onContact("AddEmail", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddEmail(ctx, owner, cid(id), contactkit.EmailInput{Direction: activity.DirectionInbound, OccurredAt: when, Subject: "hello"})
		}),
		onContact("AddMeeting", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddMeeting(ctx, owner, cid(id), contactkit.MeetingInput{Title: "lunch", OccurredAt: when})
		}),
		c("AddMeeting", "attendee", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddMeeting(ctx, owner, f.mia.ID, contactkit.MeetingInput{Title: "lunch", OccurredAt: when,
				Attendees: []activity.Attendee{{Contact: cid(id)}}})
		}),
		c("UpdateActivity", "id", []string{kActivity, kTask, kTrashedActivity}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UpdateActivity(ctx, owner, actID(id), contactkit.ActivityPatch{Pinned: new(true)})
		}),
		c("UpdateActivity", "attendee", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UpdateActivity(ctx, owner, f.myMeeting.ID, contactkit.ActivityPatch{
				Interaction: &activity.Interaction{OccurredAt: when, Attendees: []activity.Attendee{{Contact: cid(id)}}}})
		}),
		c("CompleteTask", "id", []string{kTask, kActivity}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CompleteTask(ctx, owner, actID(id))
		}),
		c("ReopenTask", "id", []string{kTask, kActivity}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ReopenTask(ctx, owner, actID(id))
		}),
		onContact("ListTimeline", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ListTimeline(ctx, owner, cid(id), contactkit.TimelineQuery{}, store.PageRequest{})
		}),
		onContact("Timeline", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Timeline(ctx, owner, cid(id), contactkit.TimelineQuery{}))
		}),
		c("GetActivity", "id", []string{kActivity, kTrashedActivity}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.GetActivity(ctx, owner, actID(id))
		}),
		// activity_lifecycle.go
		c("DeleteActivity", "id", []string{kActivity, kTrashedActivity}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.DeleteActivity(ctx, owner, actID(id))
		}),
		c("RestoreActivity", "id", []string{kActivity, kTrashedActivity}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.RestoreActivity(ctx, owner, actID(id))
		}),
		onContact("ListActivityTrash", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ListActivityTrash(ctx, owner, cid(id), store.PageRequest{})
		}),
		onContact("ActivityTrash", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.ActivityTrash(ctx, owner, cid(id)))
		}),
		c("MoveTask", "id", []string{kTask, kActivity}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.MoveTask(ctx, owner, actID(id), f.max.ID)
		}),
		c("MoveTask", "to", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.MoveTask(ctx, owner, f.myTask.ID, cid(id))
		}),
		c("ListActivityHistory", "id", []string{kActivity, kTrashedActivity}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ListActivityHistory(ctx, owner, actID(id), store.PageRequest{})
		}),
		c("ActivityHistory", "id", []string{kActivity, kTask}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.ActivityHistory(ctx, owner, actID(id)))
		}),
		// associations.go
		onContact("Associate", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Associate(ctx, owner, cid(id), contactkit.AssociationInput{Type: "company", Record: "acme-2"})
		}),
		c("Associate", "record", []string{kRecord}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Associate(ctx, owner, f.mia.ID, contactkit.AssociationInput{Type: "company", Record: id})
		}),
		onContact("Dissociate", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Dissociate(ctx, owner, cid(id), "company", "acme-2")
		}),
		c("Dissociate", "record", []string{kRecord}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Dissociate(ctx, owner, f.mia.ID, "company", id)
		}),
		onContact("ListAssociations", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ListAssociations(ctx, owner, cid(id), contactkit.AssociationQuery{}, store.PageRequest{})
		}),
		onContact("Associations", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Associations(ctx, owner, cid(id), contactkit.AssociationQuery{}))
		}),
		c("ListAssociated", "record", []string{kRecord}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ListAssociated(ctx, owner, "company", id, store.PageRequest{})
		}),
		c("Associated", "record", []string{kRecord}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Associated(ctx, owner, "company", id))
		}),
		onContact("Follow", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Follow(ctx, owner, cid(id))
		}),
		onContact("Unfollow", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Unfollow(ctx, owner, cid(id))
		}),
		onContact("ListFollowers", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ListFollowers(ctx, owner, cid(id), store.PageRequest{})
		}),
		onContact("Followers", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Followers(ctx, owner, cid(id)))
		}),
		// automations.go
		c("UpdateAutomation", "au.ID", []string{kAutomation}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			au := f.myAuto
			au.ID, au.Name = auID(id), "Renamed"
			return f.h.svc.UpdateAutomation(ctx, owner, au)
		}),
		c("GetAutomation", "id", []string{kAutomation}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.GetAutomation(ctx, owner, auID(id))
		}),
		c("Enroll", "automation", []string{kAutomation}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Enroll(ctx, owner, auID(id), f.mia.ID, "k1")
		}),
		c("Enroll", "contact", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Enroll(ctx, owner, f.myAuto.ID, cid(id), "k1")
		}),
		c("PassStep", "id", []string{kEnrollment}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.PassStep(ctx, owner, enID(id), automation.OutcomeCompleted)
		}),
		c("EndEnrollment", "id", []string{kEnrollment}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.EndEnrollment(ctx, owner, enID(id))
		}),
		onContact("StopEnrollments", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.StopEnrollments(ctx, owner, cid(id), "stop")
		}),
		c("GetEnrollment", "id", []string{kEnrollment}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.GetEnrollment(ctx, owner, enID(id))
		}),
		c("Enrollments", "q.Contact", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Enrollments(ctx, owner, contactkit.EnrollmentQuery{Contact: cid(id)}))
		}),
		c("Enrollments", "q.Automation", []string{kAutomation}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Enrollments(ctx, owner, contactkit.EnrollmentQuery{Automation: auID(id)}))
		}),
		// bulk.go, bulk_actions.go
		c("DeleteContacts", "b.IDs", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.DeleteContacts(ctx, owner, bulk1(id)))
		}),
		c("TagContacts", "b.IDs", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.TagContacts(ctx, owner, bulk1(id), "x"))
		}),
		c("TagContacts", "names", []string{kTag}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.TagContacts(ctx, owner, f.miaBulk(), id))
		}),
		c("UntagContacts", "b.IDs", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.UntagContacts(ctx, owner, bulk1(id), "ForeignTag"))
		}),
		c("AssignContacts", "b.IDs", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.AssignContacts(ctx, owner, bulk1(id), "u-owner"))
		}),
		c("SetContactsField", "b.IDs", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.SetContactsField(ctx, owner, bulk1(id), "my_score", "1"))
		}),
		c("SetContactsField", "key", []string{kField}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.SetContactsField(ctx, owner, f.miaBulk(), id, "1"))
		}),
		c("AddContactsToList", "b.IDs", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.AddContactsToList(ctx, owner, bulk1(id), f.myList.ID))
		}),
		c("AddContactsToList", "id", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.AddContactsToList(ctx, owner, f.miaBulk(), lid(id)))
		}),
		c("TagContacts", "b.Query.Text", []string{kEmail, kPhone}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.TagContacts(ctx, owner, contactkit.Bulk{Query: contactkit.ContactQuery{Text: id}}, "x"))
		}),
		// channels.go
		onContact("ConnectChannel", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ConnectChannel(ctx, owner, cid(id), contact.ChannelWhatsApp)
		}),
		onContact("OpenChannel", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.OpenChannel(ctx, owner, cid(id), contact.ChannelEmail)
		}),
		onContact("RemoveChannel", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.RemoveChannel(ctx, owner, cid(id), contact.ChannelSMS)
		}),
		onContact("SyncAvatar", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.SyncAvatar(ctx, owner, cid(id), "https://example.com/a.png")
		}),
		onContact("BlockContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.BlockContact(ctx, owner, cid(id), "spam")
		}),
		onContact("UnblockContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UnblockContact(ctx, owner, cid(id))
		}),
		// consent.go
		onContact("Consent", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Consent(ctx, owner, cid(id))
		}),
		onContact("Unsubscribe", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Unsubscribe(ctx, owner, cid(id), list.ChannelEmail, "stop")
		}),
		onContact("Resubscribe", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Resubscribe(ctx, owner, cid(id), list.ChannelEmail, "asked again")
		}),
		c("UnsubscribeAddress", "raw", []string{kEmail}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UnsubscribeAddress(ctx, owner, list.ChannelEmail, id, "stop")
		}),
		c("UnsubscribeAddress", "raw", []string{kPhone}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UnsubscribeAddress(ctx, owner, list.ChannelSMS, id, "STOP")
		}),
		c("ResubscribeAddress", "raw", []string{kEmail}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ResubscribeAddress(ctx, owner, list.ChannelEmail, id, "asked again")
		}),
		c("AddressConsent", "raw", []string{kEmail}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddressConsent(ctx, owner, list.ChannelEmail, id)
		}),
		c("AddressConsent", "raw", []string{kPhone}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddressConsent(ctx, owner, list.ChannelWhatsApp, id)
		}),
		// contacts.go
		c("CreateContact", "in.Lists", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ivy")}, Lists: []list.ID{lid(id)}})
		}),
		c("CreateContact", "in.Email", []string{kEmail}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ivy"), Email: new(id)}})
		}),
		c("CreateContact", "in.Tags", []string{kTag}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ivy")}, Tags: []string{strings.ToLower(id)}})
		}),
		c("CreateContact", "in.Fields", []string{kField}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ivy"), Fields: map[string]string{id: "gold"}}})
		}),
		onContact("GetContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.GetContact(ctx, owner, cid(id))
		}),
		onContact("UpdateContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UpdateContact(ctx, owner, cid(id), contact.Patch{City: new("Lyon")})
		}),
		c("UpdateContact", "p.Phone", []string{kPhone}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UpdateContact(ctx, owner, f.max.ID, contact.Patch{Phone: new(id)})
		}),
		c("CaptureContact", "in.Email", []string{kEmail}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ivy"), Email: new(id)}})
		}),
		c("CaptureContact", "in.Phone", []string{kPhone}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ivy"), Phone: new(id)}})
		}),
		c("CaptureContact", "in.Lists", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("mia@mine.example")}, Lists: []list.ID{lid(id)}})
		}),
		c("ListContacts", "q.Text", []string{kEmail, kPhone}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ListContacts(ctx, owner, contactkit.ContactQuery{Text: id}, store.PageRequest{})
		}),
		c("Contacts", "q.Tag", []string{kTag}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Contacts(ctx, owner, contactkit.ContactQuery{Tag: id}))
		}),
		c("Export", "q.Text", []string{kEmail}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			var buf bytes.Buffer
			res, err := f.h.svc.Export(ctx, owner, contactkit.ContactQuery{Text: id}, &buf, nil)
			return []any{res, buf.String()}, err
		}),
		// feed.go
		onContact("ListFeed", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ListFeed(ctx, owner, cid(id), contactkit.FeedQuery{}, store.PageRequest{})
		}),
		onContact("Feed", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Feed(ctx, owner, cid(id), contactkit.FeedQuery{}))
		}),
		// fields.go, fieldtype.go
		c("CreateField", "d.Key", []string{kField}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey(id), Label: "Plan", Type: field.TypeNumber})
		}),
		c("UpdateField", "d.Key", []string{kField}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UpdateField(ctx, owner, field.Definition{Key: field.MustParseKey(id), Label: "Plan 2", Type: field.TypeText, Version: 1})
		}),
		c("ArchiveField", "key", []string{kField}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ArchiveField(ctx, owner, field.MustParseKey(id))
		}),
		c("RestoreField", "key", []string{kField}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.RestoreField(ctx, owner, field.MustParseKey(id))
		}),
		c("PreviewFieldTypeChange", "next.Key", []string{kField}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.PreviewFieldTypeChange(ctx, owner, field.Definition{Key: field.MustParseKey(id), Label: "Plan", Type: field.TypeNumber})
		}),
		c("ChangeFieldType", "Definition.Key", []string{kField}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: field.Definition{Key: field.MustParseKey(id), Label: "Plan", Type: field.TypeNumber}})
		}),
		// history.go
		onContact("ListHistory", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ListHistory(ctx, owner, cid(id), "", store.PageRequest{})
		}),
		onContact("History", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.History(ctx, owner, cid(id), contact.FieldEmail))
		}),
		// import.go
		c("Import", "opts.Lists", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return importOne(ctx, f, "ivy@mine.example", &contactkit.ImportOptions{Lists: []list.ID{lid(id)}})
		}),
		c("Import", "row email", []string{kEmail}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return importOne(ctx, f, id, nil)
		}),
		c("Import", "row email, suppression only", []string{kEmail}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return importOne(ctx, f, id, &contactkit.ImportOptions{SuppressionOnly: true})
		}),
		c("Import", "opts.Tags", []string{kTag}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return importOne(ctx, f, "ivy@mine.example", &contactkit.ImportOptions{Tags: []string{strings.ToLower(id)}})
		}),
		// lifecycle.go
		onContact("DeleteContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.DeleteContact(ctx, owner, cid(id))
		}),
		onContact("RestoreContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.RestoreContact(ctx, owner, cid(id))
		}),
		onContact("EraseContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return nil, f.h.svc.EraseContact(ctx, owner, cid(id))
		}),
		// lists.go
		c("UpdateList", "l.ID", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			l := f.myList
			l.ID, l.Name = lid(id), "Renamed"
			return f.h.svc.UpdateList(ctx, owner, l)
		}),
		c("GetList", "id", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.GetList(ctx, owner, lid(id))
		}),
		c("AddToList", "list", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddToList(ctx, owner, lid(id), f.mia.ID)
		}),
		c("AddToList", "contact", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.AddToList(ctx, owner, f.myList.ID, cid(id))
		}),
		c("ConfirmSubscription", "list", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ConfirmSubscription(ctx, owner, lid(id), f.mia.ID)
		}),
		c("ConfirmSubscription", "contact", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ConfirmSubscription(ctx, owner, f.myList.ID, cid(id))
		}),
		c("UnsubscribeFromList", "list", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UnsubscribeFromList(ctx, owner, lid(id), f.mia.ID, "stop")
		}),
		c("UnsubscribeFromList", "contact", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UnsubscribeFromList(ctx, owner, f.myList.ID, cid(id), "stop")
		}),
		c("ResubscribeToList", "list", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ResubscribeToList(ctx, owner, lid(id), f.mia.ID, "asked again")
		}),
		c("ResubscribeToList", "contact", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ResubscribeToList(ctx, owner, f.myList.ID, cid(id), "asked again")
		}),
		c("Memberships", "q.List", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{List: lid(id)}))
		}),
		c("Memberships", "q.Contact", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{Contact: cid(id)}))
		}),
		// lookup.go
		c("ContactByEmail", "raw", []string{kEmail}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ContactByEmail(ctx, owner, id)
		}),
		c("ContactByPhone", "raw", []string{kPhone}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ContactByPhone(ctx, owner, id)
		}),
		// merge.go
		c("DismissDuplicate", "x", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.DismissDuplicate(ctx, owner, cid(id), f.max.ID)
		}),
		c("DismissDuplicate", "y", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.DismissDuplicate(ctx, owner, f.max.ID, cid(id))
		}),
		onContact("ResolveContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.ResolveContact(ctx, owner, cid(id))
		}),
		c("PreviewMerge", "req.Primary", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: cid(id), Others: []contact.ID{f.max.ID}})
		}),
		c("PreviewMerge", "req.Others", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: f.max.ID, Others: []contact.ID{cid(id)}})
		}),
		c("MergeContacts", "p.Request.Primary", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.MergeContacts(ctx, owner, contactkit.MergePreview{Request: contactkit.MergeRequest{Primary: cid(id), Others: []contact.ID{f.max.ID}}})
		}),
		c("MergeContacts", "p.Request.Others", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.MergeContacts(ctx, owner, contactkit.MergePreview{Request: contactkit.MergeRequest{Primary: f.max.ID, Others: []contact.ID{cid(id)}}})
		}),
		c("GetMerge", "id", []string{kMerge}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.GetMerge(ctx, owner, merge.ID(id))
		}),
		onContact("MergeHistory", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return drainSeq(f.h.svc.MergeHistory(ctx, owner, cid(id)))
		}),
		c("UnmergeContacts", "id", []string{kMerge}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UnmergeContacts(ctx, owner, merge.ID(id))
		}),
		// reachability.go
		c("Reachable", "contact", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Reachable(ctx, owner, cid(id), contact.ChannelEmail, list.ID{})
		}),
		c("Reachable", "list", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.Reachable(ctx, owner, f.mia.ID, contact.ChannelEmail, lid(id))
		}),
		// tags.go
		onContact("TagContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.TagContact(ctx, owner, cid(id), "x")
		}),
		c("TagContact", "names", []string{kTag}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.TagContact(ctx, owner, f.mia.ID, strings.ToLower(id))
		}),
		onContact("UntagContact", func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UntagContact(ctx, owner, cid(id), "ForeignTag")
		}),
		c("DeleteTag", "name", []string{kTag}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.DeleteTag(ctx, owner, id)
		}),
	}
}

// TestForeignIDBehavesAsUnknown checks P1 on every argument of every
// method of the Service that names a record or a natural key.
func TestForeignIDBehavesAsUnknown(t *testing.T) {
	for _, tc := range slotCases() {
		for _, kind := range tc.kinds {
			t.Run(tc.method+"/"+tc.slot+"/"+kind, func(t *testing.T) {
				indistinguishable(t, kind, argument, tc.call)
			})
		}
	}
}

// TestSameIDInTwoWorkspaces checks P1 where identity matters most: the
// caller's workspace has a record with the same ID (or key) as one of the
// other workspace, and every call naming it acts on the caller's record
// exactly as on one whose ID no other workspace has, and never on the
// other's.
func TestSameIDInTwoWorkspaces(t *testing.T) {
	for _, tc := range slotCases() {
		for _, kind := range tc.kinds {
			t.Run(tc.method+"/"+tc.slot+"/"+kind, func(t *testing.T) {
				indistinguishable(t, kind, twinInWorkspace, tc.call)
			})
		}
	}
}

// TestCreationWithAnIDOfAnotherWorkspace checks P1 on creation: a new
// record whose generated ID is one that another workspace holds (of the
// same kind) is created as with an ID that exists nowhere.
func TestCreationWithAnIDOfAnotherWorkspace(t *testing.T) {
	tests := []struct {
		method, kind string
		call         slotCall
	}{
		{"CreateContact", kContact, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return f.h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ivy")}})
		}},
		{"CreateContact (trashed)", kTrashed, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return f.h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ivy")}})
		}},
		{"CaptureContact", kMerged, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return f.h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ivy@mine.example")}})
		}},
		{"Import", kContact, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return importOne(ctx, f, "ivy@mine.example", nil)
		}},
		{"AddNote", kActivity, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return f.h.svc.AddNote(ctx, owner, f.mia.ID, contactkit.NoteInput{Body: "hi"})
		}},
		{"AddTask", kTask, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return f.h.svc.AddTask(ctx, owner, f.mia.ID, contactkit.TaskInput{Title: "call"})
		}},
		{"AddCall", kTrashedActivity, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return f.h.svc.AddCall(ctx, owner, f.mia.ID, contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: f.h.now})
		}},
		{"CreateList", kList, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return f.h.svc.CreateList(ctx, owner, list.List{Name: "New list"})
		}},
		{"CreateAutomation", kAutomation, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return f.h.svc.CreateAutomation(ctx, owner, automation.Automation{Name: "New", Steps: steps(1), Active: true})
		}},
		{"Enroll", kEnrollment, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			return f.h.svc.Enroll(ctx, owner, f.myAuto.ID, f.max.ID, "")
		}},
		{"MergeContacts", kMerge, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) {
			p, err := f.h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{f.max.ID}})
			if err != nil {
				return nil, err
			}
			return f.h.svc.MergeContacts(ctx, owner, p)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			indistinguishable(t, tt.kind, newRecordID, tt.call)
		})
	}
}

// TestWorkspaceListingsShowNothingOfAnother checks that the methods that
// take no ID, listings and workspace-wide calls, return nothing of another
// workspace and write nothing there.
func TestWorkspaceListingsShowNothingOfAnother(t *testing.T) {
	tests := []struct {
		method string
		call   func(ctx context.Context, f *tenancyFixture) (any, error)
	}{
		{"PurgeActivityTrash", func(ctx context.Context, f *tenancyFixture) (any, error) {
			f.h.now = f.h.now.Add(365 * 24 * time.Hour)
			return f.h.svc.PurgeActivityTrash(ctx, owner)
		}},
		{"PurgeTrash", func(ctx context.Context, f *tenancyFixture) (any, error) {
			f.h.now = f.h.now.Add(365 * 24 * time.Hour)
			return f.h.svc.PurgeTrash(ctx, owner)
		}},
		{"Automations", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return drainSeq(f.h.svc.Automations(ctx, owner))
		}},
		{"Enrollments", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return drainSeq(f.h.svc.Enrollments(ctx, owner, contactkit.EnrollmentQuery{}))
		}},
		{"ListConsent", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return f.h.svc.ListConsent(ctx, owner, "", store.PageRequest{})
		}},
		{"ConsentLedger", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return drainSeq(f.h.svc.ConsentLedger(ctx, owner, ""))
		}},
		{"ListContacts", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return f.h.svc.ListContacts(ctx, owner, contactkit.ContactQuery{Text: "foreign"}, store.PageRequest{})
		}},
		{"Contacts", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return drainSeq(f.h.svc.Contacts(ctx, owner, contactkit.ContactQuery{Trashed: true}))
		}},
		{"Export", func(ctx context.Context, f *tenancyFixture) (any, error) {
			var buf bytes.Buffer
			res, err := f.h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &buf, nil)
			return []any{res, buf.String()}, err
		}},
		{"Fields", func(ctx context.Context, f *tenancyFixture) (any, error) { return f.h.svc.Fields(ctx, owner) }},
		{"AllFields", func(ctx context.Context, f *tenancyFixture) (any, error) { return f.h.svc.AllFields(ctx, owner) }},
		{"Lists", func(ctx context.Context, f *tenancyFixture) (any, error) { return drainSeq(f.h.svc.Lists(ctx, owner)) }},
		{"Memberships", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return drainSeq(f.h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{}))
		}},
		{"FindDuplicates", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return f.h.svc.FindDuplicates(ctx, owner, nil)
		}},
		{"FindDuplicates from scratch", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return f.h.svc.FindDuplicates(ctx, owner, &contactkit.DuplicateOptions{FromScratch: true})
		}},
		{"SuggestDuplicates", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return drainSeq(f.h.svc.SuggestDuplicates(ctx, owner, nil))
		}},
		{"MergeHistory", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return drainSeq(f.h.svc.MergeHistory(ctx, owner, contact.ID{}))
		}},
		{"ListTags", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return f.h.svc.ListTags(ctx, owner, store.PageRequest{})
		}},
		{"Tags", func(ctx context.Context, f *tenancyFixture) (any, error) { return drainSeq(f.h.svc.Tags(ctx, owner)) }},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			f := newTenancyFixture(t, nil)
			// The same duplicates in ws-1 as in ws-2, so that a listing
			// mixing the workspaces would show.
			f.h.create(t, owner, contact.Patch{FirstName: new("Dup"), Email: new("frank@foreign.example")})
			f.h.takeEvents()
			o := f.run(t, nowhereID, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) { return tt.call(ctx, f) })
			require.Empty(t, o.message)
			require.Equal(t, o.ws2Before, o.ws2After, "the other workspace is not written")
			for _, s := range append([]string{o.result}, o.events...) {
				require.Empty(t, f.leaks(strings.ReplaceAll(s, "frank@foreign.example", "")), "the other workspace shows through: %s", s)
			}
		})
	}
}

// guardCases are the guarded calls, each with the action it needs. f is a
// fresh fixture; a is the actor.
type guardCase struct {
	method string
	action contactkit.Action
	call   func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error)
}

func guardCases() []guardCase {
	return []guardCase{
		{"CreateField", contactkit.ActionManageFields, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("tier"), Label: "Tier", Type: field.TypeText})
		}},
		{"UpdateField", contactkit.ActionManageFields, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			d := f.myField
			d.Label = "Relabelled"
			return f.h.svc.UpdateField(ctx, a, d)
		}},
		{"ArchiveField", contactkit.ActionManageFields, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.ArchiveField(ctx, a, f.myField.Key)
		}},
		{"RestoreField", contactkit.ActionManageFields, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.RestoreField(ctx, a, f.myOldField.Key)
		}},
		{"PreviewFieldTypeChange", contactkit.ActionManageFields, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			d := f.myField
			d.Type = field.TypeNumber
			return f.h.svc.PreviewFieldTypeChange(ctx, a, d)
		}},
		{"ChangeFieldType", contactkit.ActionManageFields, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			d := f.myField
			d.Type = field.TypeNumber
			return f.h.svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: d})
		}},
		{"DeleteTag", contactkit.ActionDeleteTag, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.DeleteTag(ctx, a, f.myTag)
		}},
		{"CreateAutomation", contactkit.ActionManageAutomations, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.CreateAutomation(ctx, a, automation.Automation{Name: "New", Steps: steps(1)})
		}},
		{"UpdateAutomation", contactkit.ActionManageAutomations, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			au := f.myAuto
			au.Name = "Renamed"
			return f.h.svc.UpdateAutomation(ctx, a, au)
		}},
		{"CreateList", contactkit.ActionManageLists, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.CreateList(ctx, a, list.List{Name: "New list"})
		}},
		{"UpdateList", contactkit.ActionManageLists, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			l := f.myList
			l.Name = "Renamed"
			return f.h.svc.UpdateList(ctx, a, l)
		}},
		{"RemoveChannel", contactkit.ActionDeleteChannel, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.RemoveChannel(ctx, a, f.mia.ID, contact.ChannelSMS)
		}},
		{"DeleteContact", contactkit.ActionDeleteContact, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.DeleteContact(ctx, a, f.max.ID)
		}},
		{"DeleteContacts", contactkit.ActionDeleteContact, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return bulkView(f.h.svc.DeleteContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{f.max.ID}, Expected: 1}))
		}},
		{"RestoreContact", contactkit.ActionDeleteContact, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.RestoreContact(ctx, a, f.tina.ID)
		}},
		{"DeleteActivity", contactkit.ActionDeleteActivity, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.DeleteActivity(ctx, a, f.myNote.ID)
		}},
		{"RestoreActivity", contactkit.ActionDeleteActivity, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.RestoreActivity(ctx, a, f.myGone.ID)
		}},
		{"EraseContact", contactkit.ActionEraseContact, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return nil, f.h.svc.EraseContact(ctx, a, f.max.ID)
		}},
		{"PurgeTrash", contactkit.ActionEraseContact, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			f.h.now = f.h.now.Add(365 * 24 * time.Hour)
			return f.h.svc.PurgeTrash(ctx, a)
		}},
		{"PurgeActivityTrash", contactkit.ActionEraseContact, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			f.h.now = f.h.now.Add(365 * 24 * time.Hour)
			return f.h.svc.PurgeActivityTrash(ctx, a)
		}},
		{"GetMerge", contactkit.ActionReadMergeHistory, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.GetMerge(ctx, a, f.myMerge.ID)
		}},
		{"MergeHistory", contactkit.ActionReadMergeHistory, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return drainSeq(f.h.svc.MergeHistory(ctx, a, f.mia.ID))
		}},
		{"UnmergeContacts", contactkit.ActionUnmergeContacts, func(ctx context.Context, f *tenancyFixture, a contactkit.Actor) (any, error) {
			return f.h.svc.UnmergeContacts(ctx, a, f.myMerge.ID)
		}},
	}
}

// policy is an Options.Authorize that records the actions it is asked
// about and answers with decide.
type policy struct {
	mu     sync.Mutex
	on     bool // decide answers only once on; DefaultAuthorize before
	asked  []contactkit.Action
	decide func(ctx context.Context, a contactkit.Actor, action contactkit.Action) error
}

func (p *policy) authorize(ctx context.Context, a contactkit.Actor, action contactkit.Action) error {
	p.mu.Lock()
	on := p.on
	if on {
		p.asked = append(p.asked, action)
	}
	p.mu.Unlock()
	if !on {
		return contactkit.DefaultAuthorize(ctx, a, action)
	}
	return p.decide(ctx, a, action)
}

var errPolicy = errors.New("the host's policy says no")

// TestGuardedActions checks P2 for every guarded call: an agent is refused
// with ErrPermission and nothing is written; an owner and a manager pass;
// Options.Authorize is asked about the call's action and can let an agent
// through or stop an owner.
func TestGuardedActions(t *testing.T) {
	for _, tc := range guardCases() {
		t.Run(tc.method, func(t *testing.T) {
			refused := func(t *testing.T, p *policy, a contactkit.Actor, because error) {
				t.Helper()
				var opts func(*contactkit.Options)
				if p != nil {
					opts = func(o *contactkit.Options) { o.Authorize = p.authorize }
				}
				f := newTenancyFixture(t, opts)
				if p != nil {
					p.on = true
				}
				o := f.run(t, nowhereID, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) { return tc.call(ctx, f, a) })
				require.Contains(t, o.categories, contactkit.ErrPermission.Error(), "%s refused: %s", a.Role, o.message)
				require.True(t, strings.Contains(o.message, because.Error()), "the reason is given: %s", o.message)
				sameDump(t, o.ws1Before, o.ws1After, "a refused call writes nothing")
				sameDump(t, o.ws2Before, o.ws2After, "a refused call writes nothing")
				require.Empty(t, o.events, "a refused call emits nothing")
			}
			allowed := func(t *testing.T, p *policy, a contactkit.Actor) {
				t.Helper()
				var opts func(*contactkit.Options)
				if p != nil {
					opts = func(o *contactkit.Options) { o.Authorize = p.authorize }
				}
				f := newTenancyFixture(t, opts)
				if p != nil {
					p.on = true
				}
				_, err := tc.call(t.Context(), f, a)
				require.NoError(t, err, "%s %s", a.Role, a.User)
			}
			t.Run("agent refused", func(t *testing.T) {
				refused(t, nil, agent, &contactkit.PermissionError{Role: contactkit.RoleAgent, Action: tc.action})
			})
			t.Run("owner allowed", func(t *testing.T) { allowed(t, nil, owner) })
			t.Run("manager allowed", func(t *testing.T) { allowed(t, nil, manager) })
			t.Run("policy widens", func(t *testing.T) {
				p := &policy{decide: func(ctx context.Context, a contactkit.Actor, action contactkit.Action) error {
					if action == tc.action {
						return nil
					}
					return contactkit.DefaultAuthorize(ctx, a, action)
				}}
				allowed(t, p, agent)
				require.Contains(t, p.asked, tc.action, "the policy is asked about %s", tc.action)
			})
			t.Run("policy narrows", func(t *testing.T) {
				p := &policy{decide: func(ctx context.Context, a contactkit.Actor, action contactkit.Action) error {
					if action == tc.action {
						return errPolicy
					}
					return contactkit.DefaultAuthorize(ctx, a, action)
				}}
				refused(t, p, manager, errPolicy) // a manager, who wrote none of the activities
			})
		})
	}
}
