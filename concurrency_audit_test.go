package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// The Service's use cases run from several goroutines at once on the
// memory store, each with its invariant checked after. Each round uses a
// workspace of its own: the first writes of a new workspace race to make
// it, and the memory store runs the losers' functions again.

// together runs fn(0), …, fn(n-1) on n goroutines released at once.
func together(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			fn(i)
		})
	}
	close(start)
	wg.Wait()
}

// eventLog counts the events delivered in process, by workspace.
type eventLog struct {
	mu     sync.Mutex
	events []contactkit.Event
}

func (l *eventLog) subscriber(_ context.Context, e contactkit.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *eventLog) of(ws contact.WorkspaceID) []contactkit.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []contactkit.Event
	for _, e := range l.events {
		if e.Meta().Workspace == ws {
			out = append(out, e)
		}
	}
	return out
}

func auditService(t *testing.T) (*contactkit.Service, *memstore.Store, *eventLog) {
	t.Helper()
	s := memstore.New()
	log := &eventLog{}
	svc := contactkit.New(s, &contactkit.Options{DefaultRegion: "FR", Subscribers: []contactkit.Subscriber{log.subscriber}})
	return svc, s, log
}

func roundActor(name string, r int) contactkit.Actor {
	return contactkit.Actor{Workspace: contact.WorkspaceID(fmt.Sprintf("%s-%d", name, r)), User: "u-owner", Role: contactkit.RoleOwner}
}

func holders(t *testing.T, svc *contactkit.Service, a contactkit.Actor, text string) []contact.Contact {
	t.Helper()
	var out []contact.Contact
	for c, err := range svc.Contacts(t.Context(), a, contactkit.ContactQuery{Text: text}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// Captures of one email at once, in a new workspace: one creates the
// contact, the others update it; none fails, and one ContactCreated is
// delivered.
func TestAuditConcurrentCaptureSameEmail(t *testing.T) {
	svc, _, log := auditService(t)
	ctx := t.Context()
	const rounds, n = 30, 4
	for r := range rounds {
		a := roundActor("capture", r)
		results := make([]contactkit.CaptureResult, n)
		errs := make([]error, n)
		together(n, func(i int) {
			results[i], errs[i] = svc.CaptureContact(ctx, a, contactkit.ContactInput{
				Patch: contact.Patch{Email: new("ada@example.com")},
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
			t.Fatalf("round %d: %d captures created a contact", r, created)
		}
		cs := holders(t, svc, a, "ada@example.com")
		if len(cs) != 1 || cs[0].Tags.Len() != n {
			t.Fatalf("round %d: contacts %+v", r, cs)
		}
		kinds := map[string]int{}
		for _, e := range log.of(a.Workspace) {
			kinds[fmt.Sprintf("%T", e)]++
		}
		if kinds["contactkit.ContactCreated"] != 1 || kinds["contactkit.ContactTagged"] != n {
			t.Fatalf("round %d: events %v", r, kinds)
		}
	}
}

// Creations of one phone at once: one succeeds, the others get a
// *store.TakenError naming it.
func TestAuditConcurrentCreateSamePhone(t *testing.T) {
	svc, _, _ := auditService(t)
	ctx := t.Context()
	const rounds, n = 30, 4
	for r := range rounds {
		a := roundActor("phone", r)
		got := make([]contact.Contact, n)
		errs := make([]error, n)
		together(n, func(i int) {
			got[i], errs[i] = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Phone: new("+33612345678")}})
		})
		var winner contact.ID
		for i, err := range errs {
			if err == nil {
				if !winner.IsZero() {
					t.Fatalf("round %d: two creations succeeded", r)
				}
				winner = got[i].ID
			}
		}
		for i, err := range errs {
			if err == nil {
				continue
			}
			taken, ok := errors.AsType[*store.TakenError](err)
			if !ok || taken.Owner != winner {
				t.Fatalf("round %d: creation %d: %v, want a TakenError naming %s", r, i, err, winner)
			}
		}
		if len(holders(t, svc, a, "+33612345678")) != 1 {
			t.Fatalf("round %d: not one contact", r)
		}
	}
}

// Tags added and removed at once end as a serial order leaves them.
func TestAuditConcurrentTagUntag(t *testing.T) {
	svc, _, log := auditService(t)
	ctx := t.Context()
	a := roundActor("tags", 0)
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}, Tags: []string{"r0", "r1", "r2", "r3"}})
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	errs := make([]error, n)
	together(n, func(i int) {
		if i%2 == 0 {
			_, errs[i] = svc.TagContact(ctx, a, c.ID, fmt.Sprintf("a%d", i))
		} else {
			_, errs[i] = svc.UntagContact(ctx, a, c.ID, fmt.Sprintf("r%d", i/2))
		}
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	got, err := svc.GetContact(ctx, a, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range got.Tags {
		names = append(names, n.String())
	}
	slices.Sort(names)
	if want := []string{"a0", "a2", "a4", "a6"}; !slices.Equal(names, want) {
		t.Fatalf("tags %v, want %v", names, want)
	}
	if got.Version != 1+n {
		t.Fatalf("version %d, want %d", got.Version, 1+n)
	}
	if evs := log.of(a.Workspace); len(evs) != 2+n { // created, tagged, and one per call
		t.Fatalf("%d events: %v", len(evs), evs)
	}
}

// An unsubscribe, a join and a capture that opts in, at once: the address
// stays unsubscribed, and a later join is unsubscribed.
func TestAuditConcurrentAddToListAndUnsubscribe(t *testing.T) {
	svc, _, _ := auditService(t)
	ctx := t.Context()
	const rounds = 20
	for r := range rounds {
		a := roundActor("consent", r)
		l1, err := svc.CreateList(ctx, a, list.List{Name: "news", Channel: list.ChannelEmail})
		if err != nil {
			t.Fatal(err)
		}
		l2, err := svc.CreateList(ctx, a, list.List{Name: "promo"})
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("u@example.com")}})
		if err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 3)
		together(3, func(i int) {
			switch i {
			case 0:
				_, errs[i] = svc.Unsubscribe(ctx, a, c.ID, list.ChannelEmail, "stop")
			case 1:
				_, errs[i] = svc.AddToList(ctx, a, l1.ID, c.ID)
			default:
				_, errs[i] = svc.CaptureContact(ctx, a, contactkit.ContactInput{
					Patch:   contact.Patch{Email: new("u@example.com")},
					Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed},
				})
			}
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: call %d: %v", r, i, err)
			}
		}
		cs, err := svc.Consent(ctx, a, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].Subscribed() {
			t.Fatalf("round %d: consent %+v", r, cs)
		}
		m, err := svc.AddToList(ctx, a, l2.ID, c.ID)
		if err != nil || m.Status != list.StatusUnsubscribed {
			t.Fatalf("round %d: joined after the unsubscribe: %+v, %v", r, m, err)
		}
	}
}

// Merges of overlapping groups at once: one wins, the others get a typed
// error, every contact resolves to a live one.
func TestAuditConcurrentOverlappingMerges(t *testing.T) {
	svc, _, _ := auditService(t)
	ctx := t.Context()
	const rounds = 20
	for r := range rounds {
		a := roundActor("merge", r)
		var ids []contact.ID
		for i := range 3 {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new(fmt.Sprintf("ada%d@example.com", i))}})
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
		together(len(reqs), func(i int) { _, errs[i] = svc.MergeContacts(ctx, a, previews[i]) })
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, contactkit.ErrConflict), errors.Is(err, contactkit.ErrTrashed), errors.Is(err, contactkit.ErrMerged):
			default:
				t.Fatalf("round %d: merge %d: %v", r, i, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d merges won", r, won)
		}
		for _, id := range ids {
			to, err := svc.ResolveContact(ctx, a, id)
			if err != nil {
				t.Fatal(err)
			}
			if c, err := svc.GetContact(ctx, a, to); err != nil || c.Trashed() {
				t.Fatalf("round %d: %s resolves to %s: %v", r, id, to, err)
			}
		}
	}
}

// An import in small batches and creations of its addresses at once, in a
// new workspace: no address is held twice, no row fails, and the events
// delivered are those of the contacts that exist.
func TestAuditConcurrentImportAndCreate(t *testing.T) {
	svc, _, log := auditService(t)
	ctx := t.Context()
	const rounds, rows = 10, 30
	var b strings.Builder
	b.WriteString("Email,First name\n")
	for i := range rows {
		fmt.Fprintf(&b, "p%d@example.com,Row%d\n", i, i)
	}
	for r := range rounds {
		a := roundActor("import", r)
		errs := make([]error, 4)
		var res contactkit.ImportResult
		together(4, func(w int) {
			if w == 0 {
				rd, err := importer.Open(strings.NewReader(b.String()), nil)
				if err != nil {
					errs[w] = err
					return
				}
				m := importer.Mapping{Columns: []importer.Column{
					{Index: 0, Target: importer.Target{Kind: importer.KindEmail}},
					{Index: 1, Target: importer.Target{Kind: importer.KindFirstName}},
				}}
				res, errs[w] = svc.Import(ctx, a, rd, m, &contactkit.ImportOptions{BatchSize: 4, Workers: 1})
				return
			}
			for i := w - 1; i < rows; i += 3 {
				_, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(fmt.Sprintf("p%d@example.com", i))}})
				if _, taken := errors.AsType[*store.TakenError](err); err != nil && !taken {
					errs[w] = err
					return
				}
			}
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: goroutine %d: %v", r, i, err)
			}
		}
		if res.Failed != 0 || res.Created+res.Updated != rows {
			t.Fatalf("round %d: %+v", r, res)
		}
		created := 0
		for _, e := range log.of(a.Workspace) {
			if _, ok := e.(contactkit.ContactCreated); ok {
				created++
			}
		}
		if created != rows {
			t.Fatalf("round %d: %d ContactCreated for %d contacts", r, created, rows)
		}
		for i := range rows {
			if cs := holders(t, svc, a, fmt.Sprintf("p%d@example.com", i)); len(cs) != 1 {
				t.Fatalf("round %d: p%d held by %d", r, i, len(cs))
			}
		}
	}
}

// An erasure and updates of one contact at once: it is gone with its
// history, and the duplicate index agrees with detection from scratch.
func TestAuditConcurrentEraseAndUpdate(t *testing.T) {
	svc, _, _ := auditService(t)
	ctx := t.Context()
	const rounds = 20
	for r := range rounds {
		a := roundActor("erase", r)
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("e@gmail.com")}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("e+x@gmail.com")}}); err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 3)
		together(3, func(i int) {
			switch i {
			case 0:
				errs[i] = svc.EraseContact(ctx, a, c.ID)
			case 1:
				_, errs[i] = svc.UpdateContact(ctx, a, c.ID, contact.Patch{LastName: new("Lovelace")})
			default:
				_, errs[i] = svc.UpdateContact(ctx, a, c.ID, contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "e+y@gmail.com"}}})
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
			t.Fatalf("round %d: erased contact: %v", r, err)
		}
		fromIndex, err := svc.FindDuplicates(ctx, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		fromScratch, err := svc.FindDuplicates(ctx, a, &contactkit.DuplicateOptions{FromScratch: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromIndex, fromScratch) {
			t.Fatalf("round %d: index %+v, scratch %+v", r, fromIndex, fromScratch)
		}
	}
}

// failingCommits is a store whose transactions run their function and
// then fail, as a commit that fails (a store that gave up retrying after
// serialization failures, a lost connection) does: nothing is written.
type failingCommits struct{ store.Store }

func (f failingCommits) Update(ctx context.Context, fn func(store.Tx) error) error {
	return f.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errInjected
	})
}

// A purge whose transaction fails counts none of the contacts or
// activities that transaction would have purged: they are still there.
func TestAuditPurgeCountsOnlyCommitted(t *testing.T) {
	s := memstore.New()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	opts := func() *contactkit.Options {
		return &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { return now }}
	}
	svc := contactkit.New(s, opts())
	failing := contactkit.New(failingCommits{s}, opts())
	ctx := t.Context()
	a := roundActor("purge", 0)
	keep, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Keep")}})
	if err != nil {
		t.Fatal(err)
	}
	note, err := svc.AddNote(ctx, a, keep.ID, contactkit.NoteInput{Body: "old"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DeleteActivity(ctx, a, note.ID); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("Gone", i))}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DeleteContact(ctx, a, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	now = now.AddDate(1, 0, 0) // past both restore windows
	if n, err := failing.PurgeTrash(ctx, a); !errors.Is(err, errInjected) || n != 0 {
		t.Errorf("PurgeTrash whose transaction failed: %d, %v; want 0 and the failure", n, err)
	}
	if n, err := failing.PurgeActivityTrash(ctx, a); !errors.Is(err, errInjected) || n != 0 {
		t.Errorf("PurgeActivityTrash whose transaction failed: %d, %v; want 0 and the failure", n, err)
	}
	if n, err := svc.PurgeTrash(ctx, a); err != nil || n != 3 {
		t.Errorf("PurgeTrash after: %d, %v; want the 3 contacts, still there", n, err)
	}
	if n, err := svc.PurgeActivityTrash(ctx, a); err != nil || n != 1 {
		t.Errorf("PurgeActivityTrash after: %d, %v; want the note, still there", n, err)
	}
}

// A call whose transaction fails returns the zero value with its error,
// never a value built by the attempt its store rolled back (a contact with
// an ID that does not exist, a merge that did not happen).
func TestFailedCallsReturnNoValue(t *testing.T) {
	s := memstore.New()
	svc := contactkit.New(s, &contactkit.Options{DefaultRegion: "FR"})
	failing := contactkit.New(failingCommits{s}, &contactkit.Options{DefaultRegion: "FR"})
	ctx := t.Context()
	a := roundActor("zero", 0)
	ada, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	if err != nil {
		t.Fatal(err)
	}
	twin, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("a.da@gmail.com")}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, v any, err error) {
		t.Helper()
		if !errors.Is(err, errInjected) {
			t.Errorf("%s: error %v, want the failed commit", what, err)
		}
		if !reflect.ValueOf(v).IsZero() {
			t.Errorf("%s failed but returned %+v", what, v)
		}
	}
	c, err := failing.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Grace")}})
	check("CreateContact", c, err)
	// An unknown list fails the call after the contact was built.
	c, err = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Alan")},
		Lists: []list.ID{list.MustParseID("0190a0b0-0000-7000-8000-000000000000")}})
	if !errors.Is(err, contactkit.ErrUnknownList) || !c.ID.IsZero() {
		t.Errorf("CreateContact into an unknown list: %+v, %v; want no contact and ErrUnknownList", c, err)
	}
	c, err = failing.UpdateContact(ctx, a, ada.ID, contact.Patch{LastName: new("Lovelace")})
	check("UpdateContact", c, err)
	c, err = failing.TagContact(ctx, a, ada.ID, "vip")
	check("TagContact", c, err)
	p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ada.ID, Others: []contact.ID{twin.ID}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := failing.MergeContacts(ctx, a, p)
	check("MergeContacts", r, err)
	got, err := svc.GetContact(ctx, a, ada.ID)
	if err != nil || got.LastName != "" || len(got.Tags) != 0 {
		t.Errorf("the failed calls wrote: %+v, %v", got, err)
	}
}
