package servicecheck

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// callers is the number of goroutines that race in the scenarios where
// any number could.
const callers = 4

// CaptureSameEmail runs captures of one email at once: one creates the
// contact, the others update it; none fails, there is one contact with
// the tags of every capture, and one ContactCreated and one ContactTagged
// per capture are delivered.
func CaptureSameEmail(t testing.TB, o Options) {
	t.Helper()
	svc, log := o.service(t)
	ctx := t.Context()
	for r := range o.rounds() {
		a := o.actor("capture", r)
		email := fmt.Sprintf("ada%d@example.com", r)
		mark := log.mark()
		results := make([]contactkit.CaptureResult, callers)
		errs := make([]error, callers)
		Together(callers, func(i int) {
			results[i], errs[i] = svc.CaptureContact(ctx, a, contactkit.ContactInput{
				Patch: contact.Patch{Email: new(email), FirstName: new(fmt.Sprintf("Ada%d", i))},
				Tags:  []string{fmt.Sprintf("form%d", i)},
			})
		})
		created := 0
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: capture %d: %v", r, i, err)
			}
			if results[i].Created {
				created++
			}
		}
		if created != 1 {
			t.Fatalf("round %d: %d captures created a contact, want 1", r, created)
		}
		cs := Holders(t, svc, a, email)
		if len(cs) != 1 {
			t.Fatalf("round %d: %d contacts hold %s, want 1", r, len(cs), email)
		}
		if cs[0].Tags.Len() != callers {
			t.Fatalf("round %d: the contact has tags %v, want the %d of every capture", r, cs[0].Tags, callers)
		}
		k := kinds(log.since(mark, a.Workspace))
		if k["contactkit.ContactCreated"] != 1 || k["contactkit.ContactTagged"] != callers {
			t.Fatalf("round %d: events %v, want one ContactCreated and %d ContactTagged", r, k, callers)
		}
	}
}

// CreateSamePhone runs creations of one phone at once: exactly one
// succeeds, the others get a *store.TakenError naming it, and one contact
// holds the phone.
func CreateSamePhone(t testing.TB, o Options) {
	t.Helper()
	svc, _ := o.service(t)
	ctx := t.Context()
	for r := range o.rounds() {
		a := o.actor("phone", r)
		phone := fmt.Sprintf("+3361234%04d", r)
		got := make([]contact.Contact, callers)
		errs := make([]error, callers)
		Together(callers, func(i int) {
			got[i], errs[i] = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Phone: new(phone)}})
		})
		var winner contact.ID
		for i, err := range errs {
			if err == nil {
				if !winner.IsZero() {
					t.Fatalf("round %d: two creations of %s succeeded", r, phone)
				}
				winner = got[i].ID
			}
		}
		if winner.IsZero() {
			t.Fatalf("round %d: no creation succeeded: %v", r, errs)
		}
		for i, err := range errs {
			if err == nil {
				continue
			}
			taken, ok := errors.AsType[*store.TakenError](err)
			if !ok || taken.Owner != winner {
				t.Fatalf("round %d: creation %d: %v (%T), want a *store.TakenError naming %s", r, i, err, err, winner)
			}
		}
		if cs := Holders(t, svc, a, phone); len(cs) != 1 {
			t.Fatalf("round %d: %d contacts hold %s, want 1", r, len(cs), phone)
		}
	}
}

// TagUntag runs tags added and removed at once on one contact: it ends as
// every serial order would leave it (the names are distinct, so every
// order agrees), at one version per call, with one event delivered for
// each change.
func TagUntag(t testing.TB, o Options) {
	t.Helper()
	svc, log := o.service(t)
	ctx := t.Context()
	const n = 8
	for r := range o.rounds() {
		a := o.actor("tags", r)
		mark := log.mark()
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}, Tags: []string{"r0", "r1", "r2", "r3"}})
		if err != nil {
			t.Fatal(err)
		}
		errs := make([]error, n)
		Together(n, func(i int) {
			if i%2 == 0 {
				_, errs[i] = svc.TagContact(ctx, a, c.ID, fmt.Sprintf("a%d", i))
			} else {
				_, errs[i] = svc.UntagContact(ctx, a, c.ID, fmt.Sprintf("r%d", i/2))
			}
		})
		NoErrors(t, fmt.Sprintf("round %d: call", r), errs)
		got, err := svc.GetContact(ctx, a, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tg := range got.Tags {
			names = append(names, tg.String())
		}
		slices.Sort(names)
		if want := []string{"a0", "a2", "a4", "a6"}; !slices.Equal(names, want) {
			t.Fatalf("round %d: tags %v, want %v", r, names, want)
		}
		if got.Version != 1+n {
			t.Fatalf("round %d: version %d, want %d", r, got.Version, 1+n)
		}
		events := log.since(mark, a.Workspace)
		var mine []contactkit.Event
		tagged, untagged := map[string]int{}, map[string]int{}
		for _, e := range events {
			if e.Meta().Contact != c.ID {
				continue
			}
			mine = append(mine, e)
			switch e := e.(type) {
			case contactkit.ContactTagged:
				for _, tg := range e.Tags {
					tagged[tg.String()]++
				}
			case contactkit.ContactUntagged:
				for _, tg := range e.Tags {
					untagged[tg.String()]++
				}
			}
		}
		if len(mine) != 2+n { // created, tagged, and one per call
			t.Fatalf("round %d: %d events: %v", r, len(mine), mine)
		}
		for _, tg := range []string{"a0", "a2", "a4", "a6"} {
			if tagged[tg] != 1 {
				t.Errorf("round %d: ContactTagged of %s delivered %d times", r, tg, tagged[tg])
			}
		}
		for _, tg := range []string{"r0", "r1", "r2", "r3"} {
			if untagged[tg] != 1 {
				t.Errorf("round %d: ContactUntagged of %s delivered %d times", r, tg, untagged[tg])
			}
		}
	}
}

// AddToListAndUnsubscribe runs an unsubscribe, a join of a list and a
// capture that opts in, at once: the address stays unsubscribed whatever
// the order, and a join after the unsubscribe committed is unsubscribed.
func AddToListAndUnsubscribe(t testing.TB, o Options) {
	t.Helper()
	svc, _ := o.service(t)
	ctx := t.Context()
	for r := range o.rounds() {
		a := o.actor("consent", r)
		email := fmt.Sprintf("u%d@example.com", r)
		l1, err := svc.CreateList(ctx, a, list.List{Name: fmt.Sprintf("news%d", r), Channel: list.ChannelEmail})
		if err != nil {
			t.Fatal(err)
		}
		l2, err := svc.CreateList(ctx, a, list.List{Name: fmt.Sprintf("promo%d", r)})
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(email)}})
		if err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 3)
		Together(3, func(i int) {
			switch i {
			case 0:
				_, errs[i] = svc.Unsubscribe(ctx, a, c.ID, list.ChannelEmail, "stop")
			case 1:
				_, errs[i] = svc.AddToList(ctx, a, l1.ID, c.ID)
			default:
				_, errs[i] = svc.CaptureContact(ctx, a, contactkit.ContactInput{
					Patch:   contact.Patch{Email: new(email)},
					Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed},
				})
			}
		})
		NoErrors(t, fmt.Sprintf("round %d: call", r), errs)
		cs, err := svc.Consent(ctx, a, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].Subscribed() {
			t.Fatalf("round %d: consent after the race %+v, want unsubscribed", r, cs)
		}
		m, err := svc.AddToList(ctx, a, l2.ID, c.ID)
		if err != nil || m.Status != list.StatusUnsubscribed {
			t.Fatalf("round %d: joined after the unsubscribe: %+v, %v", r, m, err)
		}
	}
}

// OverlappingMerges runs merges of overlapping groups at once: one wins,
// the others get a typed error, and every contact resolves to a live one.
func OverlappingMerges(t testing.TB, o Options) {
	t.Helper()
	svc, _ := o.service(t)
	ctx := t.Context()
	for r := range o.rounds() {
		a := o.actor("merge", r)
		var ids []contact.ID
		for i := range 3 {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{
				FirstName: new("Ada"), Email: new(fmt.Sprintf("ada%d-%d@example.com", r, i))}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		reqs := []contactkit.MergeRequest{
			{Primary: ids[0], Others: []contact.ID{ids[1]}},
			{Primary: ids[2], Others: []contact.ID{ids[1]}},
			{Primary: ids[1], Others: []contact.ID{ids[0], ids[2]}},
		}
		previews := make([]contactkit.MergePreview, len(reqs))
		for i, req := range reqs {
			p, err := svc.PreviewMerge(ctx, a, req)
			if err != nil {
				t.Fatal(err)
			}
			previews[i] = p
		}
		errs := make([]error, len(reqs))
		Together(len(reqs), func(i int) { _, errs[i] = svc.MergeContacts(ctx, a, previews[i]) })
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, contactkit.ErrConflict), errors.Is(err, contactkit.ErrTrashed), errors.Is(err, contactkit.ErrMerged):
			default:
				t.Fatalf("round %d: merge %d: untyped error %v", r, i, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d merges succeeded, want 1: %v", r, won, errs)
		}
		for _, id := range ids {
			to, err := svc.ResolveContact(ctx, a, id)
			if err != nil {
				t.Fatal(err)
			}
			if c, err := svc.GetContact(ctx, a, to); err != nil || c.Trashed() {
				t.Fatalf("round %d: %s resolves to %s, not live: %v", r, id, to, err)
			}
		}
	}
}

// ImportAndCreate runs an import in small batches and creations of
// contacts with the addresses of its rows at once: no row fails, no
// address is held twice, each row created or updated the one contact of
// its address, and the ContactCreated delivered are those of the contacts
// that exist.
func ImportAndCreate(t testing.TB, o Options) {
	t.Helper()
	svc, log := o.service(t)
	ctx := t.Context()
	const rows, creators = 40, callers
	for r := range o.rounds() {
		a := o.actor("import", r)
		email := func(i int) string { return fmt.Sprintf("p%d-%d@example.com", r, i) }
		var b strings.Builder
		b.WriteString("Email,First name\n")
		for i := range rows {
			fmt.Fprintf(&b, "%s,Row%d\n", email(i), i)
		}
		mark := log.mark()
		errs := make([]error, 1+creators)
		var res contactkit.ImportResult
		var mu sync.Mutex
		var failed []contactkit.ImportRow
		Together(1+creators, func(w int) {
			if w == 0 {
				rd, err := importer.Open(strings.NewReader(b.String()), nil)
				if err != nil {
					errs[w] = err
					return
				}
				sample, rd, err := importer.Sample(rd, 5)
				if err != nil {
					errs[w] = err
					return
				}
				m := importer.Suggest(rd.Header(), sample, nil, nil)
				res, errs[w] = svc.Import(ctx, a, rd, m, &contactkit.ImportOptions{BatchSize: 7,
					OnRow: func(row contactkit.ImportRow) {
						if row.Outcome == contactkit.ImportFailed {
							mu.Lock()
							failed = append(failed, row)
							mu.Unlock()
						}
					}})
				return
			}
			for i := w - 1; i < rows; i += creators {
				_, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(email(i))}})
				if _, taken := errors.AsType[*store.TakenError](err); err != nil && !taken {
					errs[w] = err
					return
				}
			}
		})
		NoErrors(t, fmt.Sprintf("round %d: goroutine", r), errs)
		if res.Failed != 0 || res.Created+res.Updated != rows {
			t.Fatalf("round %d: import %+v", r, res)
		}
		for _, row := range failed {
			t.Errorf("round %d: line %d failed: %v", r, row.Line, row.Err)
		}
		if k := kinds(log.since(mark, a.Workspace)); k["contactkit.ContactCreated"] != rows {
			t.Fatalf("round %d: %d ContactCreated for %d contacts", r, k["contactkit.ContactCreated"], rows)
		}
		for i := range rows {
			if cs := Holders(t, svc, a, email(i)); len(cs) != 1 {
				t.Fatalf("round %d: %s held by %d contacts", r, email(i), len(cs))
			}
		}
	}
}

// EraseAndUpdate runs an erasure and updates of one contact at once: the
// contact is gone with its history, whichever committed first, and the
// duplicate index agrees with detection from scratch.
func EraseAndUpdate(t testing.TB, o Options) {
	t.Helper()
	svc, _ := o.service(t)
	ctx := t.Context()
	for r := range o.rounds() {
		a := o.actor("erase", r)
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new(fmt.Sprintf("e%d@gmail.com", r))}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(fmt.Sprintf("e%d+x@gmail.com", r))}}); err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 3)
		Together(3, func(i int) {
			switch i {
			case 0:
				errs[i] = svc.EraseContact(ctx, a, c.ID)
			case 1:
				_, errs[i] = svc.UpdateContact(ctx, a, c.ID, contact.Patch{LastName: new("Lovelace")})
			default:
				_, errs[i] = svc.UpdateContact(ctx, a, c.ID, contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: fmt.Sprintf("e%d+y@gmail.com", r)}}})
			}
		})
		if errs[0] != nil {
			t.Fatalf("round %d: erase: %v", r, errs[0])
		}
		for _, err := range errs[1:] {
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("round %d: update: %v", r, err)
			}
		}
		if _, err := svc.GetContact(ctx, a, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("round %d: the erased contact reads %v", r, err)
		}
		if p, err := svc.ListHistory(ctx, a, c.ID, "", store.PageRequest{}); err == nil && len(p.Items) > 0 {
			t.Fatalf("round %d: the erased contact has %d history entries", r, len(p.Items))
		}
		IndexAgrees(t, svc, a, fmt.Sprintf("round %d", r))
	}
}

// SameKey runs calls with one idempotency key at once, as a client that
// retries before the first answer comes does: notes added to one contact
// with one key, then captures of one email with one note key. None fails,
// each leaves one note, which every call returns, and one ActivityAdded is
// delivered for it.
func SameKey(t testing.TB, o Options) {
	t.Helper()
	svc, log := o.service(t)
	ctx := t.Context()
	for r := range o.rounds() {
		a := o.actor("key", r)
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
		if err != nil {
			t.Fatal(err)
		}
		email := fmt.Sprintf("key%d@example.com", r)
		for _, call := range []struct {
			name string
			add  func() (contact.ID, activity.Activity, error)
		}{
			{"add note", func() (contact.ID, activity.Activity, error) {
				n, err := svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: "called back", Key: "req-1"})
				return c.ID, n, err
			}},
			{"capture", func() (contact.ID, activity.Activity, error) {
				res, err := svc.CaptureContact(ctx, a, contactkit.ContactInput{
					Patch: contact.Patch{Email: new(email)}, Note: "met at the fair", NoteKey: "form-1"})
				return res.Contact.ID, res.Note, err
			}},
		} {
			mark := log.mark()
			owners := make([]contact.ID, callers)
			notes := make([]activity.Activity, callers)
			errs := make([]error, callers)
			Together(callers, func(i int) { owners[i], notes[i], errs[i] = call.add() })
			NoErrors(t, fmt.Sprintf("round %d: %s", r, call.name), errs)
			for i := range notes {
				if owners[i] != owners[0] || notes[i].ID != notes[0].ID || notes[i].ID.IsZero() {
					t.Fatalf("round %d: %s %d: note %s of contact %s, want note %s of contact %s", r, call.name, i, notes[i].ID, owners[i], notes[0].ID, owners[0])
				}
			}
			var timeline []activity.Activity
			for act, err := range svc.Timeline(ctx, a, owners[0], contactkit.TimelineQuery{}) {
				if err != nil {
					t.Fatal(err)
				}
				timeline = append(timeline, act)
			}
			if len(timeline) != 1 || timeline[0].ID != notes[0].ID {
				t.Fatalf("round %d: %s: timeline %v, want note %s alone", r, call.name, timeline, notes[0].ID)
			}
			if k := kinds(log.since(mark, a.Workspace)); k["contactkit.ActivityAdded"] != 1 {
				t.Fatalf("round %d: %s: events %v, want one ActivityAdded", r, call.name, k)
			}
		}
	}
}

// EnrolRacesDeleteAndBlock races, for each of six contacts, a delete (or
// a block, one contact in two) against three ways of enrolling it into an
// automation: directly, by a note that names the automation, and by a tag
// that triggers it (rules A4 and B1). Each call succeeds or is refused as
// trashed or blocked; when all have returned, no trashed or blocked
// contact is active in an automation, whichever call won each race.
func EnrolRacesDeleteAndBlock(t testing.TB, o Options) {
	t.Helper()
	svc, _ := o.service(t)
	ctx := t.Context()
	for r := range o.rounds() {
		a := o.actor("enrol", r)
		au, err := svc.CreateAutomation(ctx, a, automation.Automation{
			Name: fmt.Sprint("Welcome ", r), Steps: []automation.Step{{Name: "s"}}, Active: true, Reentry: automation.ReentryAllow,
			Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("hot"))},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]contact.ID, 6)
		for i := range ids {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", r, "-", i))}})
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = c.ID
		}
		const calls = 4 // a delete or a block, then three enrolments
		errs := make([]error, calls*len(ids))
		Together(len(errs), func(i int) {
			id := ids[i/calls]
			var err error
			switch i % calls {
			case 0:
				if i/calls%2 == 0 {
					_, err = svc.DeleteContact(ctx, a, id)
				} else {
					_, err = svc.BlockContact(ctx, a, id, "spam")
				}
				errs[i] = err
				return
			case 1:
				_, err = svc.Enroll(ctx, a, au.ID, id, "")
			case 2:
				_, err = svc.AddNote(ctx, a, id, contactkit.NoteInput{Body: "hello", Enroll: au.ID})
			default:
				_, err = svc.TagContact(ctx, a, id, "hot")
			}
			if !errors.Is(err, contactkit.ErrTrashed) && !errors.Is(err, contactkit.ErrContactBlocked) {
				errs[i] = err
			}
		})
		NoErrors(t, fmt.Sprintf("round %d: call", r), errs)
		for i, id := range ids {
			for e, err := range svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: id, ActiveOnly: true}) {
				if err != nil {
					t.Fatal(err)
				}
				t.Errorf("round %d: contact %d, deleted or blocked, is active in enrollment %s", r, i, e.ID)
			}
		}
	}
}
