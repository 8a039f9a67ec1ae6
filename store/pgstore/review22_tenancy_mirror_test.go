package pgstore_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

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
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv22tenancyMirroredWorkspaces checks rule P1 (identity is
// (workspace, ID)) on the memory store and on PostgreSQL where it is the
// hardest to keep: two workspaces built by the same calls with the same
// ID generator, so that every record of one (contact, list, automation,
// enrollment, activity, merge, event) has the ID of a record of the
// other. Every kind of change made in one then leaves the other exactly as
// it was, as its own reads and its outbox consumer see it.
func TestRv22tenancyMirroredWorkspaces(t *testing.T) {
	stores := map[string]func(t *testing.T) store.Store{
		"memstore": func(*testing.T) store.Store { return memstore.NewWith(&memstore.Options{Outbox: true}) },
		"pgstore": func(t *testing.T) store.Store {
			return pgstore.New(pgstore.NewTestPool(t), &pgstore.Options{Outbox: true, Backoff: time.Millisecond})
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			rv22tenancyMirror(t, open(t))
		})
	}
}

// rv22tenancyIDs gives the same IDs again after each reset.
type rv22tenancyIDs struct {
	mu sync.Mutex
	n  uint64
}

func (g *rv22tenancyIDs) next() (uuid.UUID, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	var u uuid.UUID
	u[0], u[6] = 0x01, 0x70
	binary.BigEndian.PutUint64(u[8:], g.n)
	u[8] = 0x80
	return u, nil
}

func (g *rv22tenancyIDs) reset() {
	g.mu.Lock()
	g.n = 0
	g.mu.Unlock()
}

// rv22tenancyWorld is what the building calls made in one workspace.
type rv22tenancyWorld struct {
	ann, bob, cy contact.Contact
	list         list.List
	auto         automation.Automation
	enrollment   automation.Enrollment
	note, task   activity.Activity
	merge        merge.Record
}

func rv22tenancyMirror(t *testing.T, s store.Store) {
	ctx := t.Context()
	ids := &rv22tenancyIDs{}
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	svc := contactkit.New(s, &contactkit.Options{
		Now:              func() time.Time { return now },
		NewID:            ids.next,
		DefaultRegion:    "FR",
		AssociationTypes: []association.Type{{Name: "company", FreeLabels: true}},
	})
	mine := contactkit.Actor{Workspace: "ws-1", User: "u-1", Role: contactkit.RoleOwner}
	theirs := contactkit.Actor{Workspace: "ws-2", User: "u-1", Role: contactkit.RoleOwner}
	must := func(err error, what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	build := func(a contactkit.Actor) rv22tenancyWorld {
		t.Helper()
		ids.reset()
		var w rv22tenancyWorld
		var err error
		_, err = svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
		must(err, "CreateField")
		w.list, err = svc.CreateList(ctx, a, list.List{Name: "News"})
		must(err, "CreateList")
		w.auto, err = svc.CreateAutomation(ctx, a, automation.Automation{Name: "Welcome", Steps: []automation.Step{{Name: "a"}, {Name: "b"}}, Active: true})
		must(err, "CreateAutomation")
		w.ann, err = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"),
			Phone: new("06 12 34 56 78"), Fields: map[string]string{"plan": "gold"}}, Tags: []string{"VIP"}, Lists: []list.ID{w.list.ID}})
		must(err, "CreateContact ann")
		w.bob, err = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")}})
		must(err, "CreateContact bob")
		w.cy, err = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Cy"), Email: new("cy@example.com")}, Tags: []string{"VIP"}})
		must(err, "CreateContact cy")
		w.enrollment, err = svc.Enroll(ctx, a, w.auto.ID, w.ann.ID, "k1")
		must(err, "Enroll")
		w.note, err = svc.AddNote(ctx, a, w.ann.ID, contactkit.NoteInput{Body: "hello", Key: "n1"})
		must(err, "AddNote")
		w.task, err = svc.AddTask(ctx, a, w.ann.ID, contactkit.TaskInput{Title: "call back"})
		must(err, "AddTask")
		_, err = svc.Associate(ctx, a, w.ann.ID, contactkit.AssociationInput{Type: "company", Record: "acme"})
		must(err, "Associate")
		_, err = svc.Follow(ctx, a, w.ann.ID)
		must(err, "Follow")
		_, err = svc.UnsubscribeAddress(ctx, a, list.ChannelSMS, "+33699999999", "STOP")
		must(err, "UnsubscribeAddress")
		p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: w.bob.ID, Others: []contact.ID{w.cy.ID}})
		must(err, "PreviewMerge")
		w.merge, err = svc.MergeContacts(ctx, a, p)
		must(err, "MergeContacts")
		return w
	}
	theirWorld := build(theirs)
	myWorld := build(mine)
	if theirWorld.ann.ID != myWorld.ann.ID || theirWorld.merge.ID != myWorld.merge.ID || theirWorld.task.ID != myWorld.task.ID {
		t.Fatalf("the workspaces do not mirror each other's IDs")
	}

	relay, err := svc.NewRelay(s)
	must(err, "NewRelay")
	_, err = relay.Register(ctx, "theirs", theirs.Workspace)
	must(err, "Register")

	before := rv22tenancyRead(t, svc, theirs, theirWorld)
	for _, mark := range []string{"Ann", "hello", "call back", "acme", "Welcome", "News", "+33699999999"} {
		if !strings.Contains(before, mark) {
			t.Fatalf("the reads of ws-2 do not show %q:\n%s", mark, before)
		}
	}
	myBefore := rv22tenancyRead(t, svc, mine, myWorld)
	// The workspaces differ in their names and in the ID of the note
	// added with a key, derived from the workspace.
	mirror := strings.NewReplacer(`"ws-1"`, `"ws-2"`, myWorld.note.ID.String(), theirWorld.note.ID.String())
	if mirrored := mirror.Replace(myBefore); mirrored != before {
		t.Fatalf("the mirrored workspaces do not read alike:\n%s", rv22tenancyDiff(before, mirrored))
	}

	// Every kind of change, in the caller's workspace, to the records
	// whose IDs the other workspace's records have.
	w := myWorld
	steps := []struct {
		name string
		do   func() error
	}{
		{"UpdateContact", func() error {
			_, err := svc.UpdateContact(ctx, mine, w.ann.ID, contact.Patch{City: new("Lyon"), Fields: map[string]string{"plan": "silver"}})
			return err
		}},
		{"Import by contact ID", func() error {
			r, err := importer.Open(strings.NewReader("contactkit ID,Company\n"+w.ann.ID.String()+",Acme\n"), nil)
			if err != nil {
				return err
			}
			res, err := svc.Import(ctx, mine, r, importer.Mapping{Columns: []importer.Column{
				{Index: 0, Target: importer.Target{Kind: importer.KindContactID}},
				{Index: 1, Target: importer.Target{Kind: importer.KindCompany}},
			}}, nil)
			if err == nil && res.Updated != 1 {
				err = fmt.Errorf("import updated %d contacts, want 1", res.Updated)
			}
			return err
		}},
		{"TagContact", func() error { _, err := svc.TagContact(ctx, mine, w.ann.ID, "Gold"); return err }},
		{"DeleteTag", func() error { _, err := svc.DeleteTag(ctx, mine, "VIP"); return err }},
		{"UnsubscribeFromList", func() error {
			_, err := svc.UnsubscribeFromList(ctx, mine, w.list.ID, w.ann.ID, "no more")
			return err
		}},
		{"Unsubscribe", func() error {
			_, err := svc.Unsubscribe(ctx, mine, w.ann.ID, list.ChannelEmail, "stop")
			return err
		}},
		{"ResubscribeAddress", func() error {
			_, err := svc.ResubscribeAddress(ctx, mine, list.ChannelSMS, "+33699999999", "asked again")
			return err
		}},
		{"PassStepAt", func() error {
			_, err := svc.PassStepAt(ctx, mine, w.enrollment.ID, 0, automation.OutcomeCompleted)
			return err
		}},
		{"EndEnrollment", func() error { _, err := svc.EndEnrollment(ctx, mine, w.enrollment.ID); return err }},
		{"UpdateAutomation", func() error {
			au, err := svc.GetAutomation(ctx, mine, w.auto.ID)
			if err != nil {
				return err
			}
			au.Name = "Renamed"
			_, err = svc.UpdateAutomation(ctx, mine, au)
			return err
		}},
		{"UpdateList", func() error {
			l, err := svc.GetList(ctx, mine, w.list.ID)
			if err != nil {
				return err
			}
			l.Name = "Renamed"
			_, err = svc.UpdateList(ctx, mine, l)
			return err
		}},
		{"CompleteTask", func() error { _, err := svc.CompleteTask(ctx, mine, w.task.ID); return err }},
		{"DeleteActivity", func() error { _, err := svc.DeleteActivity(ctx, mine, w.note.ID); return err }},
		{"Dissociate", func() error { _, err := svc.Dissociate(ctx, mine, w.ann.ID, "company", "acme"); return err }},
		{"Unfollow", func() error { _, err := svc.Unfollow(ctx, mine, w.ann.ID); return err }},
		{"UnmergeContacts", func() error { _, err := svc.UnmergeContacts(ctx, mine, w.merge.ID); return err }},
		{"ArchiveField", func() error {
			_, err := svc.ArchiveField(ctx, mine, field.MustParseKey("plan"))
			return err
		}},
		{"BlockContact", func() error { _, err := svc.BlockContact(ctx, mine, w.bob.ID, "spam"); return err }},
		{"DeleteContact", func() error { _, err := svc.DeleteContact(ctx, mine, w.cy.ID); return err }},
		// Its email is live in ws-2 (bob's, since the merge there): it
		// is free here.
		{"RestoreContact", func() error { _, err := svc.RestoreContact(ctx, mine, w.cy.ID); return err }},
		{"CaptureContact", func() error {
			r, err := svc.CaptureContact(ctx, mine, contactkit.ContactInput{Patch: contact.Patch{Email: new("cy@example.com"), City: new("Nice")}})
			if err == nil && r.Contact.ID != w.cy.ID {
				err = fmt.Errorf("capture found %s, want %s", r.Contact.ID, w.cy.ID)
			}
			return err
		}},
		{"DeleteContacts", func() error {
			_, err := svc.DeleteContacts(ctx, mine, contactkit.Bulk{IDs: []contact.ID{w.cy.ID}, Expected: 1})
			return err
		}},
		{"EraseContact", func() error { return svc.EraseContact(ctx, mine, w.ann.ID) }},
		{"PurgeTrash", func() error {
			now = now.Add(365 * 24 * time.Hour)
			_, err := svc.PurgeTrash(ctx, mine)
			if err == nil {
				_, err = svc.PurgeActivityTrash(ctx, mine)
			}
			return err
		}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s in ws-1: %v", st.name, err)
		}
	}
	now = now.Add(-365 * 24 * time.Hour)

	after := rv22tenancyRead(t, svc, theirs, theirWorld)
	if rv22tenancyRead(t, svc, mine, myWorld) == myBefore {
		t.Fatalf("the changes in ws-1 changed nothing there")
	}
	if before != after {
		t.Errorf("the other workspace changed:\n%s", rv22tenancyDiff(before, after))
	}
	b, err := relay.Next(ctx, "theirs", 0)
	must(err, "Next")
	if len(b.Deliveries) > 0 {
		t.Errorf("the consumer of ws-2 reads %d events of calls in ws-1, first %T", len(b.Deliveries), b.Deliveries[0].Event)
	}
}

// rv22tenancyRead returns what a's workspace holds, as its reads see it.
func rv22tenancyRead(t *testing.T, svc *contactkit.Service, a contactkit.Actor, w rv22tenancyWorld) string {
	t.Helper()
	ctx := t.Context()
	var b bytes.Buffer
	put := func(what string, v any, err error) {
		t.Helper()
		js, jerr := json.Marshal(v)
		if jerr != nil {
			t.Fatalf("%s: %v", what, jerr)
		}
		fmt.Fprintf(&b, "%s: %s", what, js)
		if err != nil {
			fmt.Fprintf(&b, " error %v", err)
		}
		b.WriteByte('\n')
	}
	seq := func(what string, items any, err error) { put(what, items, err) }
	for _, trashed := range []bool{false, true} {
		cs, err := rv22tenancyAll(svc.Contacts(ctx, a, contactkit.ContactQuery{Trashed: trashed}))
		seq(fmt.Sprintf("contacts trashed=%v", trashed), cs, err)
	}
	for _, c := range []contact.Contact{w.ann, w.bob, w.cy} {
		got, err := svc.GetContact(ctx, a, c.ID)
		put("contact "+c.ID.String(), got, err)
		feed, err := rv22tenancyAll(svc.Feed(ctx, a, c.ID, contactkit.FeedQuery{}))
		seq("feed "+c.ID.String(), feed, err)
		hist, err := rv22tenancyAll(svc.History(ctx, a, c.ID, ""))
		seq("history "+c.ID.String(), hist, err)
		cons, err := svc.Consent(ctx, a, c.ID)
		put("consent "+c.ID.String(), cons, err)
		fol, err := rv22tenancyAll(svc.Followers(ctx, a, c.ID))
		seq("followers "+c.ID.String(), fol, err)
		as, err := rv22tenancyAll(svc.Associations(ctx, a, c.ID, contactkit.AssociationQuery{}))
		seq("associations "+c.ID.String(), as, err)
		tr, err := rv22tenancyAll(svc.ActivityTrash(ctx, a, c.ID))
		seq("activity trash "+c.ID.String(), tr, err)
		ms, err := rv22tenancyAll(svc.MergeHistory(ctx, a, c.ID))
		seq("merges "+c.ID.String(), ms, err)
	}
	for _, act := range []activity.Activity{w.note, w.task} {
		got, err := svc.GetActivity(ctx, a, act.ID)
		put("activity "+act.ID.String(), got, err)
	}
	m, err := svc.GetMerge(ctx, a, w.merge.ID)
	put("merge", m, err)
	l, err := svc.GetList(ctx, a, w.list.ID)
	put("list", l, err)
	au, err := svc.GetAutomation(ctx, a, w.auto.ID)
	put("automation", au, err)
	e, err := svc.GetEnrollment(ctx, a, w.enrollment.ID)
	put("enrollment", e, err)
	mem, err := rv22tenancyAll(svc.Memberships(ctx, a, contactkit.MembershipQuery{}))
	seq("memberships", mem, err)
	ens, err := rv22tenancyAll(svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{}))
	seq("enrollments", ens, err)
	fs, err := svc.AllFields(ctx, a)
	put("fields", fs, err)
	tags, err := rv22tenancyAll(svc.Tags(ctx, a))
	seq("tags", tags, err)
	ledger, err := rv22tenancyAll(svc.ConsentLedger(ctx, a, ""))
	seq("ledger", ledger, err)
	found, err := rv22tenancyAll(svc.Contacts(ctx, a, contactkit.ContactQuery{Text: "acme"}))
	seq("search acme", found, err)
	byEmail, err := svc.ContactByEmail(ctx, a, "ann@example.com")
	put("by email", byEmail, err)
	return b.String()
}

func rv22tenancyAll[T any](seq func(yield func(T, error) bool)) ([]T, error) {
	out := []T{}
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// rv22tenancyDiff returns the lines of want and got that differ.
func rv22tenancyDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			out = append(out, "- "+w, "+ "+g)
		}
	}
	return strings.Join(out, "\n")
}

// TestRv22tenancyForeignIDOnStores checks rule P1 through the Service on
// the memory store and on PostgreSQL: a call naming a record that exists
// only in another workspace answers exactly as one naming a record that
// exists nowhere (the same error categories, message and result once the
// ID is replaced).
func TestRv22tenancyForeignIDOnStores(t *testing.T) {
	stores := map[string]func(t *testing.T) store.Store{
		"memstore": func(*testing.T) store.Store { return memstore.New() },
		"pgstore": func(t *testing.T) store.Store {
			return pgstore.New(pgstore.NewTestPool(t), &pgstore.Options{Backoff: time.Millisecond})
		},
	}
	answers := map[string]map[string]string{}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			answers[name] = rv22tenancyForeign(t, open(t))
		})
	}
	// The two stores answer alike, to the message.
	mem, pg := answers["memstore"], answers["pgstore"]
	if mem == nil || pg == nil {
		return // a store was skipped or failed
	}
	for name, want := range mem {
		if got := pg[name]; got != want {
			t.Errorf("%s: PostgreSQL answers\n\t%s\nwhere the memory store answers\n\t%s", name, got, want)
		}
	}
}

// rv22tenancyForeign makes the calls and returns the answer of each to
// an ID that exists nowhere.
func rv22tenancyForeign(t *testing.T, s store.Store) map[string]string {
	ctx := t.Context()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	ids := &rv22tenancyIDs{}
	svc := contactkit.New(s, &contactkit.Options{
		NewID:            ids.next,
		Now:              func() time.Time { return now },
		DefaultRegion:    "FR",
		AssociationTypes: []association.Type{{Name: "company", FreeLabels: true}},
	})
	mine := contactkit.Actor{Workspace: "ws-1", User: "u-1", Role: contactkit.RoleOwner}
	theirs := contactkit.Actor{Workspace: "ws-2", User: "u-2", Role: contactkit.RoleOwner}
	must := func(err error, what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// ws-1 has a contact, a list and an automation of its own to name.
	me, err := svc.CreateContact(ctx, mine, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Mia"), Email: new("mia@example.com")}})
	must(err, "CreateContact mia")
	myList, err := svc.CreateList(ctx, mine, list.List{Name: "Mine"})
	must(err, "CreateList")
	myAuto, err := svc.CreateAutomation(ctx, mine, automation.Automation{Name: "Mine", Steps: []automation.Step{{Name: "a"}}, Active: true})
	must(err, "CreateAutomation")

	// ws-2: one record of each kind.
	_, err = svc.CreateField(ctx, theirs, field.Definition{Key: field.MustParseKey("their_plan"), Label: "Plan", Type: field.TypeText})
	must(err, "CreateField")
	eve, err := svc.CreateContact(ctx, theirs, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Eve"), Email: new("eve@example.com"),
		Phone: new("06 99 99 99 99"), Fields: map[string]string{"their_plan": "gold"}}, Tags: []string{"TheirTag"}})
	must(err, "CreateContact eve")
	_, err = svc.Associate(ctx, theirs, eve.ID, contactkit.AssociationInput{Type: "company", Record: "their-co"})
	must(err, "Associate")
	_, err = svc.Unsubscribe(ctx, theirs, eve.ID, list.ChannelEmail, "stop")
	must(err, "Unsubscribe")
	gus, err := svc.CreateContact(ctx, theirs, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Gus"), Email: new("gus@example.com")}})
	must(err, "CreateContact gus")
	tom, err := svc.CreateContact(ctx, theirs, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Tom")}})
	must(err, "CreateContact tom")
	_, err = svc.DeleteContact(ctx, theirs, tom.ID)
	must(err, "DeleteContact tom")
	l2, err := svc.CreateList(ctx, theirs, list.List{Name: "Theirs"})
	must(err, "CreateList theirs")
	au2, err := svc.CreateAutomation(ctx, theirs, automation.Automation{Name: "Theirs", Steps: []automation.Step{{Name: "a"}}, Active: true})
	must(err, "CreateAutomation theirs")
	en2, err := svc.Enroll(ctx, theirs, au2.ID, eve.ID, "")
	must(err, "Enroll")
	task2, err := svc.AddTask(ctx, theirs, eve.ID, contactkit.TaskInput{Title: "theirs"})
	must(err, "AddTask")
	p, err := svc.PreviewMerge(ctx, theirs, contactkit.MergeRequest{Primary: eve.ID, Others: []contact.ID{gus.ID}})
	must(err, "PreviewMerge")
	m2, err := svc.MergeContacts(ctx, theirs, p)
	must(err, "MergeContacts")

	nowhere := uuid.MustParse("01000000-0000-7000-8000-0000000fffff")
	type call func(id uuid.UUID) (any, error)
	cid := func(u uuid.UUID) contact.ID { return contact.ID(u) }
	onContact := map[string]call{
		"GetContact": func(u uuid.UUID) (any, error) { return svc.GetContact(ctx, mine, cid(u)) },
		"UpdateContact": func(u uuid.UUID) (any, error) {
			return svc.UpdateContact(ctx, mine, cid(u), contact.Patch{City: new("Lyon")})
		},
		"DeleteContact":  func(u uuid.UUID) (any, error) { return svc.DeleteContact(ctx, mine, cid(u)) },
		"RestoreContact": func(u uuid.UUID) (any, error) { return svc.RestoreContact(ctx, mine, cid(u)) },
		"EraseContact":   func(u uuid.UUID) (any, error) { return nil, svc.EraseContact(ctx, mine, cid(u)) },
		"TagContact":     func(u uuid.UUID) (any, error) { return svc.TagContact(ctx, mine, cid(u), "x") },
		"AddNote": func(u uuid.UUID) (any, error) {
			return svc.AddNote(ctx, mine, cid(u), contactkit.NoteInput{Body: "hi", Key: "k"})
		},
		"ListFeed": func(u uuid.UUID) (any, error) {
			return svc.ListFeed(ctx, mine, cid(u), contactkit.FeedQuery{}, store.PageRequest{})
		},
		"ListTimeline": func(u uuid.UUID) (any, error) {
			return svc.ListTimeline(ctx, mine, cid(u), contactkit.TimelineQuery{}, store.PageRequest{})
		},
		"ListHistory": func(u uuid.UUID) (any, error) {
			return svc.ListHistory(ctx, mine, cid(u), "", store.PageRequest{})
		},
		"Consent":   func(u uuid.UUID) (any, error) { return svc.Consent(ctx, mine, cid(u)) },
		"Enroll":    func(u uuid.UUID) (any, error) { return svc.Enroll(ctx, mine, myAuto.ID, cid(u), "k") },
		"AddToList": func(u uuid.UUID) (any, error) { return svc.AddToList(ctx, mine, myList.ID, cid(u)) },
		"PreviewMerge": func(u uuid.UUID) (any, error) {
			return svc.PreviewMerge(ctx, mine, contactkit.MergeRequest{Primary: me.ID, Others: []contact.ID{cid(u)}})
		},
		"Associate": func(u uuid.UUID) (any, error) {
			return svc.Associate(ctx, mine, cid(u), contactkit.AssociationInput{Type: "company", Record: "acme"})
		},
		"Follow": func(u uuid.UUID) (any, error) { return svc.Follow(ctx, mine, cid(u)) },
		"Reachable": func(u uuid.UUID) (any, error) {
			return svc.Reachable(ctx, mine, cid(u), contact.ChannelEmail, list.ID{})
		},
		"BlockContact":   func(u uuid.UUID) (any, error) { return svc.BlockContact(ctx, mine, cid(u), "spam") },
		"RemoveChannel":  func(u uuid.UUID) (any, error) { return svc.RemoveChannel(ctx, mine, cid(u), contact.ChannelSMS) },
		"ResolveContact": func(u uuid.UUID) (any, error) { return svc.ResolveContact(ctx, mine, cid(u)) },
		"DismissDuplicate": func(u uuid.UUID) (any, error) {
			return svc.DismissDuplicate(ctx, mine, me.ID, cid(u))
		},
		"MergeHistory": func(u uuid.UUID) (any, error) { return rv22tenancyAll(svc.MergeHistory(ctx, mine, cid(u))) },
		"DeleteContacts": func(u uuid.UUID) (any, error) {
			r, err := svc.DeleteContacts(ctx, mine, contactkit.Bulk{IDs: []contact.ID{cid(u)}, Expected: 1})
			failed := []string{}
			for _, f := range r.Failed {
				failed = append(failed, f.Err.Error())
			}
			return []any{r.Changed, r.Unchanged, r.Untouched, failed}, err
		},
	}
	tests := []struct {
		name    string
		foreign uuid.UUID
		call    call
	}{
		{"GetList", uuid.UUID(l2.ID), func(u uuid.UUID) (any, error) { return svc.GetList(ctx, mine, list.ID(u)) }},
		{"AddToList list", uuid.UUID(l2.ID), func(u uuid.UUID) (any, error) { return svc.AddToList(ctx, mine, list.ID(u), me.ID) }},
		{"Memberships list", uuid.UUID(l2.ID), func(u uuid.UUID) (any, error) {
			return rv22tenancyAll(svc.Memberships(ctx, mine, contactkit.MembershipQuery{List: list.ID(u)}))
		}},
		{"CreateList with its ID", uuid.UUID(l2.ID), func(u uuid.UUID) (any, error) {
			return svc.CreateList(ctx, mine, list.List{ID: list.ID(u), Name: "Host"})
		}},
		{"GetAutomation", uuid.UUID(au2.ID), func(u uuid.UUID) (any, error) { return svc.GetAutomation(ctx, mine, automation.ID(u)) }},
		{"Enroll automation", uuid.UUID(au2.ID), func(u uuid.UUID) (any, error) {
			return svc.Enroll(ctx, mine, automation.ID(u), me.ID, "")
		}},
		{"CreateAutomation with its ID", uuid.UUID(au2.ID), func(u uuid.UUID) (any, error) {
			return svc.CreateAutomation(ctx, mine, automation.Automation{ID: automation.ID(u), Name: "Host", Steps: []automation.Step{{Name: "a"}}})
		}},
		{"GetEnrollment", uuid.UUID(en2.ID), func(u uuid.UUID) (any, error) {
			return svc.GetEnrollment(ctx, mine, automation.EnrollmentID(u))
		}},
		{"PassStepAt", uuid.UUID(en2.ID), func(u uuid.UUID) (any, error) {
			return svc.PassStepAt(ctx, mine, automation.EnrollmentID(u), 0, automation.OutcomeCompleted)
		}},
		{"EndEnrollment", uuid.UUID(en2.ID), func(u uuid.UUID) (any, error) {
			return svc.EndEnrollment(ctx, mine, automation.EnrollmentID(u))
		}},
		{"GetActivity", uuid.UUID(task2.ID), func(u uuid.UUID) (any, error) { return svc.GetActivity(ctx, mine, activity.ID(u)) }},
		{"CompleteTask", uuid.UUID(task2.ID), func(u uuid.UUID) (any, error) { return svc.CompleteTask(ctx, mine, activity.ID(u)) }},
		{"DeleteActivity", uuid.UUID(task2.ID), func(u uuid.UUID) (any, error) { return svc.DeleteActivity(ctx, mine, activity.ID(u)) }},
		{"MoveTask", uuid.UUID(task2.ID), func(u uuid.UUID) (any, error) { return svc.MoveTask(ctx, mine, activity.ID(u), me.ID) }},
		{"ListActivityHistory", uuid.UUID(task2.ID), func(u uuid.UUID) (any, error) {
			return svc.ListActivityHistory(ctx, mine, activity.ID(u), store.PageRequest{})
		}},
		{"GetMerge", uuid.MustParse(string(m2.ID)), func(u uuid.UUID) (any, error) { return svc.GetMerge(ctx, mine, merge.ID(u.String())) }},
		{"UnmergeContacts", uuid.MustParse(string(m2.ID)), func(u uuid.UUID) (any, error) {
			return svc.UnmergeContacts(ctx, mine, merge.ID(u.String()))
		}},
	}
	for name, c := range onContact {
		for kind, id := range map[string]contact.ID{"live": eve.ID, "trashed": tom.ID, "merged": gus.ID} {
			tests = append(tests, struct {
				name    string
				foreign uuid.UUID
				call    call
			}{name + " " + kind, uuid.UUID(id), c})
		}
	}
	// One order on both stores: a call may take IDs from the generator.
	slices.SortFunc(tests, func(x, y struct {
		name    string
		foreign uuid.UUID
		call    call
	}) int {
		return strings.Compare(x.name, y.name)
	})
	answer := func(id uuid.UUID, res any, err error) string {
		js, jerr := json.Marshal(res)
		if jerr != nil {
			t.Fatalf("render %T: %v", res, jerr)
		}
		var cats []string
		for _, s := range []error{contactkit.ErrNotFound, contactkit.ErrInvalidInput, contactkit.ErrConflict, contactkit.ErrTrashed,
			contactkit.ErrMerged, contactkit.ErrAlreadyExists, contactkit.ErrPermission} {
			if errors.Is(err, s) {
				cats = append(cats, s.Error())
			}
		}
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		return strings.ReplaceAll(fmt.Sprintf("%v %q %s", cats, msg, js), id.String(), "<ID>")
	}
	out := map[string]string{}
	// Natural keys: an address, a tag name, a field key, a host record
	// that only ws-2 has, against ones that exist nowhere.
	keyed := []struct {
		name             string
		foreign, nowhere string
		call             func(k string) (any, error)
	}{
		{"ContactByEmail", "eve@example.com", "nobody@example.com", func(k string) (any, error) { return svc.ContactByEmail(ctx, mine, k) }},
		{"ContactByPhone", "+33699999999", "+33611111111", func(k string) (any, error) { return svc.ContactByPhone(ctx, mine, k) }},
		{"AddressConsent", "eve@example.com", "nobody@example.com", func(k string) (any, error) {
			return svc.AddressConsent(ctx, mine, list.ChannelEmail, k)
		}},
		{"ListContacts email", "eve@example.com", "nobody@example.com", func(k string) (any, error) {
			return svc.ListContacts(ctx, mine, contactkit.ContactQuery{Text: k}, store.PageRequest{})
		}},
		{"ListContacts phone", "+33699999999", "+33611111111", func(k string) (any, error) {
			return svc.ListContacts(ctx, mine, contactkit.ContactQuery{Text: k}, store.PageRequest{})
		}},
		{"Contacts tag", "TheirTag", "NoTag", func(k string) (any, error) {
			return rv22tenancyAll(svc.Contacts(ctx, mine, contactkit.ContactQuery{Tag: k}))
		}},
		{"DeleteTag", "TheirTag", "NoTag", func(k string) (any, error) { return svc.DeleteTag(ctx, mine, k) }},
		{"UntagContact", "TheirTag", "NoTag", func(k string) (any, error) { return svc.UntagContact(ctx, mine, me.ID, k) }},
		{"ArchiveField", "their_plan", "no_plan", func(k string) (any, error) {
			return svc.ArchiveField(ctx, mine, field.MustParseKey(k))
		}},
		{"UpdateContact field", "their_plan", "no_plan", func(k string) (any, error) {
			return svc.UpdateContact(ctx, mine, me.ID, contact.Patch{Fields: map[string]string{k: "gold"}})
		}},
		{"SetContactsField", "their_plan", "no_plan", func(k string) (any, error) {
			r, err := svc.SetContactsField(ctx, mine, contactkit.Bulk{IDs: []contact.ID{me.ID}, Expected: 1}, k, "gold")
			return []any{r.Changed, r.Unchanged, len(r.Failed)}, err
		}},
		{"ListAssociated", "their-co", "no-co", func(k string) (any, error) {
			return svc.ListAssociated(ctx, mine, "company", k, store.PageRequest{})
		}},
		{"Dissociate", "their-co", "no-co", func(k string) (any, error) { return svc.Dissociate(ctx, mine, me.ID, "company", k) }},
	}
	keyAnswer := func(k string, res any, err error) string {
		a := answer(uuid.UUID{}, res, err)
		return strings.NewReplacer(k, "<KEY>", strings.ToLower(k), "<KEY>").Replace(a)
	}
	for _, kc := range keyed {
		res, err := kc.call(kc.foreign)
		foreign := keyAnswer(kc.foreign, res, err)
		res, err = kc.call(kc.nowhere)
		unknown := keyAnswer(kc.nowhere, res, err)
		if foreign != unknown {
			t.Errorf("%s: a key of ws-2 answers\n\t%s\nwhere one that exists nowhere answers\n\t%s", kc.name, foreign, unknown)
		}
		out[kc.name] = unknown
	}
	for _, tt := range tests {
		res, err := tt.call(tt.foreign)
		foreign := answer(tt.foreign, res, err)
		res, err = tt.call(nowhere)
		unknown := answer(nowhere, res, err)
		if foreign != unknown {
			t.Errorf("%s: an ID of ws-2 answers\n\t%s\nwhere one that exists nowhere answers\n\t%s", tt.name, foreign, unknown)
		}
		out[tt.name] = unknown
	}
	// Nothing of ws-2 was changed by the calls in ws-1.
	for _, c := range []contact.Contact{eve, tom} {
		got, err := svc.GetContact(ctx, theirs, c.ID)
		must(err, "GetContact in ws-2")
		if got.City != "" || got.Status != c.Status {
			t.Errorf("contact %s of ws-2 was changed: %+v", c.ID, got)
		}
	}
	if _, err := svc.GetActivity(ctx, theirs, task2.ID); err != nil {
		t.Errorf("the task of ws-2: %v", err)
	}
	return out
}

// TestRv22tenancyWorkspaceIDsAsGiven checks that a workspace is its ID
// as the host gave it, byte for byte, on both stores: IDs that differ only
// in case, in Unicode normalisation or by a trailing space are distinct
// workspaces, each with its own contacts, addresses and events.
func TestRv22tenancyWorkspaceIDsAsGiven(t *testing.T) {
	stores := map[string]func(t *testing.T) store.Store{
		"memstore": func(*testing.T) store.Store { return memstore.NewWith(&memstore.Options{Outbox: true}) },
		"pgstore": func(t *testing.T) store.Store {
			return pgstore.New(pgstore.NewTestPool(t), &pgstore.Options{Outbox: true, Backoff: time.Millisecond})
		},
	}
	workspaces := []contact.WorkspaceID{"acme", "Acme", "acme ", "caf\u00e9", "cafe\u0301"}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			svc := contactkit.New(s, &contactkit.Options{DefaultRegion: "FR"})
			relay, err := svc.NewRelay(s)
			if err != nil {
				t.Fatal(err)
			}
			made := map[contact.WorkspaceID]contact.ID{}
			for i, ws := range workspaces {
				if _, err := relay.Register(ctx, fmt.Sprintf("c%d", i), ws); err != nil {
					t.Fatalf("Register %q: %v", ws, err)
				}
			}
			for _, ws := range workspaces {
				a := contactkit.Actor{Workspace: ws, User: "u-1", Role: contactkit.RoleOwner}
				c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(string(ws)),
					Email: new("ann@example.com"), Phone: new("06 12 34 56 78")}})
				if err != nil {
					t.Fatalf("CreateContact in %q: %v", ws, err)
				}
				made[ws] = c.ID
			}
			for i, ws := range workspaces {
				a := contactkit.Actor{Workspace: ws, User: "u-1", Role: contactkit.RoleOwner}
				cs, err := rv22tenancyAll(svc.Contacts(ctx, a, contactkit.ContactQuery{}))
				if err != nil || len(cs) != 1 || cs[0].ID != made[ws] || cs[0].Workspace != ws {
					t.Errorf("workspace %q lists %+v (%v), want its one contact %s", ws, cs, err, made[ws])
				}
				got, err := svc.ContactByPhone(ctx, a, "+33612345678")
				if err != nil || got.ID != made[ws] {
					t.Errorf("workspace %q finds %s by phone (%v), want %s", ws, got.ID, err, made[ws])
				}
				b, err := relay.Next(ctx, fmt.Sprintf("c%d", i), 0)
				if err != nil {
					t.Fatalf("Next: %v", err)
				}
				for _, d := range b.Deliveries {
					if d.Event.Meta().Workspace != ws {
						t.Errorf("the consumer of %q reads an event of %q", ws, d.Event.Meta().Workspace)
					}
				}
				if len(b.Deliveries) == 0 {
					t.Errorf("the consumer of %q reads no event", ws)
				}
			}
		})
	}
}
