package pgstore_test

// A sweep of the parity walk's weird inputs through every string a
// Service call takes, on memstore and on pgstore, each answer compared
// (rule X1: every text input is bounded and cleaned by the domain; DESIGN
// §3: the stores then hold the same canonical values).

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"

	"github.com/google/uuid"
)

func TestAcceptance13ParityWeirdInputs(t *testing.T) {
	ctx := context.Background()
	pool := pgstore.NewTestPool(t)
	type side struct {
		name string
		svc  *contactkit.Service
		c    contact.ID
		l    list.ID
		au   automation.ID
	}
	a := contactkit.Actor{Workspace: "acc13-weird", User: "owner", Role: contactkit.RoleOwner}
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var sides []*side
	for i, st := range []store.Store{memstore.New(), pgstore.New(pool, nil)} {
		var n uint64
		svc := contactkit.New(st, &contactkit.Options{
			DefaultRegion:    "FR",
			Now:              func() time.Time { return at },
			NewID:            func() (uuid.UUID, error) { n++; return uuid.UUID{6: 0x40, 8: 0x80, 14: byte(n >> 8), 15: byte(n)}, nil },
			AssociationTypes: []association.Type{{Name: "deal", FreeLabels: true}},
		})
		s := &side{name: []string{"memstore", "pgstore"}[i], svc: svc}
		for _, d := range acc13Definitions() {
			if _, err := svc.CreateField(ctx, a, d); err != nil {
				t.Fatal(err)
			}
		}
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com"), Phone: new("0612345678")}})
		if err != nil {
			t.Fatal(err)
		}
		l, err := svc.CreateList(ctx, a, list.List{ID: list.MustParseID("00000000-0000-4000-8000-0000000000aa"), Name: "News"})
		if err != nil {
			t.Fatal(err)
		}
		au, err := svc.CreateAutomation(ctx, a, automation.Automation{ID: automation.MustParseID("00000000-0000-4000-8000-0000000000bb"),
			Name: "Manual", Active: true, Reentry: automation.ReentryAllow, Steps: []automation.Step{{Name: "one"}}})
		if err != nil {
			t.Fatal(err)
		}
		s.c, s.l, s.au = c.ID, l.ID, au.ID
		sides = append(sides, s)
	}
	type call struct {
		name string
		do   func(s *side, w string) (any, error)
	}
	in := func(p contact.Patch) contactkit.ContactInput { return contactkit.ContactInput{Patch: p} }
	calls := []call{
		{"create first name", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, in(contact.Patch{FirstName: new(w)}))
		}},
		{"create email", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, in(contact.Patch{Email: new(w + "@example.com")}))
		}},
		{"create email label", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, in(contact.Patch{Email: new("x@example.org"), EmailLabel: new(w)}))
		}},
		{"create phone", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, in(contact.Patch{Phone: new("06" + w)}))
		}},
		{"create city company job", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, in(contact.Patch{FirstName: new("B"), City: new(w), Company: new(w), JobTitle: new(w), State: new(w)}))
		}},
		{"create country language", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, in(contact.Patch{FirstName: new("B"), Country: new(w), Language: new(w)}))
		}},
		{"create assignee", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, in(contact.Patch{FirstName: new("B"), Assignee: new(contact.UserID(w))}))
		}},
		{"create fields", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, in(contact.Patch{FirstName: new("B"), Fields: map[string]string{"f_text": w, "f_area": w}}))
		}},
		{"create field key", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, in(contact.Patch{FirstName: new("B"), Fields: map[string]string{w: "x"}}))
		}},
		{"create source form note", func(s *side, w string) (any, error) {
			return s.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("B")}, Source: contact.Source(w)})
		}},
		{"capture form note key", func(s *side, w string) (any, error) {
			return s.svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("cap@example.com")}, Form: w, Note: w, NoteKey: w})
		}},
		{"tag", func(s *side, w string) (any, error) { return s.svc.TagContact(ctx, a, s.c, w) }},
		{"untag", func(s *side, w string) (any, error) { return s.svc.UntagContact(ctx, a, s.c, w) }},
		{"delete tag", func(s *side, w string) (any, error) { return s.svc.DeleteTag(ctx, a, w) }},
		{"by email", func(s *side, w string) (any, error) { return s.svc.ContactByEmail(ctx, a, w) }},
		{"by phone", func(s *side, w string) (any, error) { return s.svc.ContactByPhone(ctx, a, w) }},
		{"address consent", func(s *side, w string) (any, error) { return s.svc.AddressConsent(ctx, a, list.ChannelEmail, w) }},
		{"unsubscribe address", func(s *side, w string) (any, error) {
			return s.svc.UnsubscribeAddress(ctx, a, list.ChannelSMS, w, "stop")
		}},
		{"ledger channel", func(s *side, w string) (any, error) { return collect(s.svc.ConsentLedger(ctx, a, list.Channel(w))) }},
		{"reachable kind", func(s *side, w string) (any, error) {
			return s.svc.Reachable(ctx, a, s.c, contact.ChannelKind(w), list.ID{})
		}},
		{"connect kind", func(s *side, w string) (any, error) { return s.svc.ConnectChannel(ctx, a, s.c, contact.ChannelKind(w)) }},
		{"avatar", func(s *side, w string) (any, error) { return s.svc.SyncAvatar(ctx, a, s.c, "https://example.com/"+w) }},
		{"search text", func(s *side, w string) (any, error) {
			return collect(s.svc.Contacts(ctx, a, contactkit.ContactQuery{Text: w}))
		}},
		{"search tag", func(s *side, w string) (any, error) {
			return collect(s.svc.Contacts(ctx, a, contactkit.ContactQuery{Tag: w}))
		}},
		{"search assignee", func(s *side, w string) (any, error) {
			return collect(s.svc.Contacts(ctx, a, contactkit.ContactQuery{Assignee: contact.UserID(w)}))
		}},
		{"search status", func(s *side, w string) (any, error) {
			return collect(s.svc.Contacts(ctx, a, contactkit.ContactQuery{Status: contact.Status(w)}))
		}},
		{"history field", func(s *side, w string) (any, error) { return collect(s.svc.History(ctx, a, s.c, w)) }},
		{"timeline text author", func(s *side, w string) (any, error) {
			return collect(s.svc.Timeline(ctx, a, s.c, contactkit.TimelineQuery{Text: w, Author: contact.UserID(w)}))
		}},
		{"feed author", func(s *side, w string) (any, error) {
			return collect(s.svc.Feed(ctx, a, s.c, contactkit.FeedQuery{Author: contact.UserID(w)}))
		}},
		{"note body key", func(s *side, w string) (any, error) {
			return s.svc.AddNote(ctx, a, s.c, contactkit.NoteInput{Body: "b" + w, Key: w})
		}},
		{"task title description", func(s *side, w string) (any, error) {
			return s.svc.AddTask(ctx, a, s.c, contactkit.TaskInput{Title: "t" + w, Description: w, Task: activity.Task{Assignee: contact.UserID(w)}})
		}},
		{"list name", func(s *side, w string) (any, error) {
			return s.svc.CreateList(ctx, a, list.List{Name: w, Description: w})
		}},
		{"unsubscribe from list reason", func(s *side, w string) (any, error) { return s.svc.UnsubscribeFromList(ctx, a, s.l, s.c, w) }},
		{"automation name", func(s *side, w string) (any, error) {
			return s.svc.CreateAutomation(ctx, a, automation.Automation{Name: w, Steps: []automation.Step{{Name: w}},
				Triggers: []automation.Trigger{automation.OnFormSubmitted(w)}})
		}},
		{"enroll key", func(s *side, w string) (any, error) { return s.svc.Enroll(ctx, a, s.au, s.c, w) }},
		{"stop enrollments reason", func(s *side, w string) (any, error) { return s.svc.StopEnrollments(ctx, a, s.c, w) }},
		{"block reason", func(s *side, w string) (any, error) {
			c, err := s.svc.BlockContact(ctx, a, s.c, w)
			if err == nil {
				_, err = s.svc.UnblockContact(ctx, a, s.c)
			}
			return c, err
		}},
		{"field definition", func(s *side, w string) (any, error) {
			return s.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("w_" + fmt.Sprint(len(w))), Label: w, Group: w,
				Placeholder: w, Description: w, Type: field.TypeSelect, Options: []field.Option{{Value: w, Label: w}}})
		}},
		{"associate", func(s *side, w string) (any, error) {
			return s.svc.Associate(ctx, a, s.c, contactkit.AssociationInput{Type: "deal", Record: w, Label: w})
		}},
		{"associate type", func(s *side, w string) (any, error) {
			return s.svc.Associate(ctx, a, s.c, contactkit.AssociationInput{Type: w, Record: "r"})
		}},
		{"associated", func(s *side, w string) (any, error) { return collect(s.svc.Associated(ctx, a, "deal", w)) }},
		{"bulk field", func(s *side, w string) (any, error) {
			return s.svc.SetContactsField(ctx, a, contactkit.Bulk{IDs: []contact.ID{s.c}, Expected: 1}, "f_text", w)
		}},
		{"bulk assign", func(s *side, w string) (any, error) {
			return s.svc.AssignContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{s.c}, Expected: 1}, contact.UserID(w))
		}},
		{"actor user follow", func(s *side, w string) (any, error) {
			b := a
			b.User = contact.UserID(w)
			return s.svc.Follow(ctx, b, s.c)
		}},
		{"actor workspace", func(s *side, w string) (any, error) {
			b := a
			b.Workspace = contact.WorkspaceID(w)
			return s.svc.CreateContact(ctx, b, in(contact.Patch{FirstName: new("W")}))
		}},
		{"actor workspace read", func(s *side, w string) (any, error) {
			b := a
			b.Workspace = contact.WorkspaceID(w)
			return collect(s.svc.Contacts(ctx, b, contactkit.ContactQuery{Text: "w"}))
		}},
		{"page cursor", func(s *side, w string) (any, error) {
			// The items only: a cursor is each store's own opaque text.
			p, err := s.svc.ListContacts(ctx, a, contactkit.ContactQuery{}, store.PageRequest{Cursor: w, Limit: 1})
			return p.Items, err
		}},
		{"import cell", func(s *side, w string) (any, error) {
			csv := "First Name,Email,Tags,Text\n\"" + strings.ReplaceAll(w, `"`, `""`) + "\",imp" + fmt.Sprint(len(w)) + "@example.com,\"" +
				strings.ReplaceAll(w, `"`, `""`) + "\",\"" + strings.ReplaceAll(w, `"`, `""`) + "\"\n"
			r, m, err := acc13Open(ctx, s.svc, a, csv)
			if err != nil {
				return nil, err
			}
			var rows []contactkit.ImportRow
			res, err := s.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{Workers: 1, OnRow: func(row contactkit.ImportRow) { rows = append(rows, row) }})
			return []any{res, rows}, err
		}},
	}
	for _, c := range calls {
		for i, w := range append(acc13Weird, "ok", "") {
			at = at.Add(time.Millisecond) // one instant a call, the same on both stores
			var answers []string
			for _, s := range sides {
				v, err := c.do(s, w)
				answers = append(answers, acc13Render(v, err))
			}
			if answers[0] != answers[1] {
				t.Errorf("%s with weird input %d %q:\nmemstore: %s\npgstore:  %s", c.name, i, trunc(w, 40), trunc(answers[0], 1500), trunc(answers[1], 1500))
			}
		}
	}
	// And what the sweep left in the workspace reads the same.
	var answers []string
	for _, s := range sides {
		var b strings.Builder
		for _, q := range []contactkit.ContactQuery{{}, {Trashed: true}} {
			v, err := collect(s.svc.Contacts(ctx, a, q))
			b.WriteString(acc13Render(v, err) + "\n")
		}
		v, err := collect(s.svc.Tags(ctx, a))
		b.WriteString(acc13Render(v, err) + "\n")
		h, err := collect(s.svc.History(ctx, a, s.c, ""))
		b.WriteString(acc13Render(h, err) + "\n")
		f, err := collect(s.svc.Feed(ctx, a, s.c, contactkit.FeedQuery{}))
		b.WriteString(acc13Render(f, err) + "\n")
		answers = append(answers, b.String())
	}
	if answers[0] != answers[1] {
		t.Errorf("the workspace after the sweep:\nmemstore: %s\npgstore:  %s", trunc(answers[0], 4000), trunc(answers[1], 4000))
	}
}

// acc13Open opens csv with the mapping importer.Suggest makes.
func acc13Open(ctx context.Context, svc *contactkit.Service, a contactkit.Actor, csv string) (importer.Reader, importer.Mapping, error) {
	defs, err := svc.Fields(ctx, a)
	if err != nil {
		return nil, importer.Mapping{}, err
	}
	r, err := importer.Open(strings.NewReader(csv), nil)
	if err != nil {
		return nil, importer.Mapping{}, err
	}
	sample, r, err := importer.Sample(r, 100)
	if err != nil {
		return nil, importer.Mapping{}, err
	}
	return r, importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR"}), nil
}
