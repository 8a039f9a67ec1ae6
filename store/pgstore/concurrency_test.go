package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// The Service's use cases run from several goroutines at once against a
// real server, each with its invariant checked after.

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

func concurrencyService(t *testing.T, opts *pgstore.Options, sopts *contactkit.Options) (*contactkit.Service, *pgstore.Store) {
	t.Helper()
	s := pgstore.New(pgstore.NewTestPool(t), opts)
	if sopts == nil {
		sopts = &contactkit.Options{}
	}
	if sopts.DefaultRegion == "" {
		sopts.DefaultRegion = "FR"
	}
	return contactkit.New(s, sopts), s
}

func owner(ws string) contactkit.Actor {
	return contactkit.Actor{Workspace: contact.WorkspaceID(ws), User: "u-owner", Role: contactkit.RoleOwner}
}

// liveHolders returns the live contacts of a's workspace that hold key.
func liveHolders(t *testing.T, svc *contactkit.Service, a contactkit.Actor, text string) []contact.Contact {
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

// Two captures of one email at once: one creates the contact, the others
// update it; none fails and there is one contact.
func TestConcurrentCaptureSameEmail(t *testing.T) {
	svc, _ := concurrencyService(t, nil, nil)
	ctx := t.Context()
	a := owner("capture")
	const rounds, n = 8, 3
	for r := range rounds {
		email := fmt.Sprintf("ada%d@example.com", r)
		results := make([]contactkit.CaptureResult, n)
		errs := make([]error, n)
		together(n, func(i int) {
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
		cs := liveHolders(t, svc, a, email)
		if len(cs) != 1 {
			t.Fatalf("round %d: %d contacts hold %s, want 1", r, len(cs), email)
		}
		if cs[0].Tags.Len() != n {
			t.Fatalf("round %d: the contact has tags %v, want the %d of every capture", r, cs[0].Tags, n)
		}
	}
}

// Creations of one phone at once: exactly one succeeds, the others get a
// *store.TakenError naming it.
func TestConcurrentCreateSamePhone(t *testing.T) {
	svc, _ := concurrencyService(t, nil, nil)
	ctx := t.Context()
	a := owner("phone")
	const rounds, n = 8, 3
	for r := range rounds {
		phone := fmt.Sprintf("+3361234%04d", r)
		got := make([]contact.Contact, n)
		errs := make([]error, n)
		together(n, func(i int) {
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
			if !ok {
				t.Fatalf("round %d: creation %d: %v (%T), want a *store.TakenError", r, i, err, err)
			}
			if taken.Owner != winner {
				t.Errorf("round %d: TakenError names %s, want %s", r, taken.Owner, winner)
			}
		}
		if cs := liveHolders(t, svc, a, phone); len(cs) != 1 {
			t.Fatalf("round %d: %d contacts hold %s", r, len(cs), phone)
		}
	}
}

// Tags added and removed at once end as every serial order would leave
// them (the names are distinct, so every order agrees), with one event
// delivered for each change.
func TestConcurrentTagUntag(t *testing.T) {
	var mu sync.Mutex
	tagged := map[string]int{}
	untagged := map[string]int{}
	svc, _ := concurrencyService(t, &pgstore.Options{Outbox: true}, &contactkit.Options{Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
		mu.Lock()
		defer mu.Unlock()
		switch e := e.(type) {
		case contactkit.ContactTagged:
			for _, n := range e.Tags {
				tagged[n.String()]++
			}
		case contactkit.ContactUntagged:
			for _, n := range e.Tags {
				untagged[n.String()]++
			}
		}
	}}})
	ctx := t.Context()
	a := owner("tags")
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
	mu.Lock()
	defer mu.Unlock()
	for _, n := range []string{"a0", "a2", "a4", "a6", "vip"} {
		if n == "vip" {
			continue
		}
		if tagged[n] != 1 {
			t.Errorf("ContactTagged of %s delivered %d times", n, tagged[n])
		}
	}
	for _, n := range []string{"r0", "r1", "r2", "r3"} {
		if untagged[n] != 1 {
			t.Errorf("ContactUntagged of %s delivered %d times", n, untagged[n])
		}
	}
}

// An unsubscribe and a join of a list at once, then another join: the
// address stays unsubscribed whatever the order, and a member that joined
// after the unsubscribe committed is not subscribed.
func TestConcurrentAddToListAndUnsubscribe(t *testing.T) {
	svc, _ := concurrencyService(t, nil, nil)
	ctx := t.Context()
	a := owner("consent")
	const rounds = 6
	for r := range rounds {
		l1, err := svc.CreateList(ctx, a, list.List{Name: fmt.Sprintf("news%d", r), Channel: list.ChannelEmail})
		if err != nil {
			t.Fatal(err)
		}
		l2, err := svc.CreateList(ctx, a, list.List{Name: fmt.Sprintf("promo%d", r), Channel: list.ChannelEmail})
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(fmt.Sprintf("u%d@example.com", r))}})
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
					Patch:   contact.Patch{Email: new(fmt.Sprintf("u%d@example.com", r))},
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
			t.Fatalf("round %d: consent after the race %+v, want unsubscribed", r, cs)
		}
		m, err := svc.AddToList(ctx, a, l2.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != list.StatusUnsubscribed {
			t.Fatalf("round %d: joined after the unsubscribe as %s", r, m.Status)
		}
	}
}

// Merges of overlapping groups at once: one wins, the others get a typed
// error, and every contact resolves to a live one.
func TestConcurrentOverlappingMerges(t *testing.T) {
	svc, _ := concurrencyService(t, nil, nil)
	ctx := t.Context()
	a := owner("merge")
	const rounds = 6
	for r := range rounds {
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
		together(len(reqs), func(i int) {
			_, errs[i] = svc.MergeContacts(ctx, a, previews[i])
		})
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
			c, err := svc.GetContact(ctx, a, to)
			if err != nil || c.Trashed() {
				t.Fatalf("round %d: %s resolves to %s, not live: %v", r, id, to, err)
			}
		}
	}
}

// An import and creations of contacts with addresses of its rows at once:
// no address is held twice, and each row created or updated the one
// contact of its address.
func TestConcurrentImportAndCreate(t *testing.T) {
	svc, _ := concurrencyService(t, nil, nil)
	ctx := t.Context()
	a := owner("import")
	const rows = 40
	var b strings.Builder
	b.WriteString("Email,First name\n")
	for i := range rows {
		fmt.Fprintf(&b, "p%d@example.com,Row%d\n", i, i)
	}
	var mapping importer.Mapping
	errs := make([]error, 5)
	var res contactkit.ImportResult
	var outcomes []contactkit.ImportRow
	together(5, func(w int) {
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
			mapping = importer.Suggest(rd.Header(), sample, nil, nil)
			res, errs[w] = svc.Import(ctx, a, rd, mapping, &contactkit.ImportOptions{BatchSize: 7,
				OnRow: func(r contactkit.ImportRow) { outcomes = append(outcomes, r) }})
			return
		}
		for i := w - 1; i < rows; i += 4 {
			_, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(fmt.Sprintf("p%d@example.com", i))}})
			if _, taken := errors.AsType[*store.TakenError](err); err != nil && !taken {
				errs[w] = err
				return
			}
		}
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("goroutine %d: %v", i, err)
		}
	}
	if res.Failed != 0 || res.Created+res.Updated != rows {
		t.Fatalf("import: %+v", res)
	}
	for _, o := range outcomes {
		if o.Outcome == contactkit.ImportFailed {
			t.Errorf("line %d failed: %v", o.Line, o.Err)
		}
	}
	for i := range rows {
		if cs := liveHolders(t, svc, a, fmt.Sprintf("p%d@example.com", i)); len(cs) != 1 {
			t.Fatalf("p%d: %d contacts", i, len(cs))
		}
	}
}

// An erasure and updates of one contact at once: the contact is gone with
// its history, whichever committed first, and the duplicate index agrees
// with detection from scratch.
func TestConcurrentEraseAndUpdate(t *testing.T) {
	svc, _ := concurrencyService(t, nil, nil)
	ctx := t.Context()
	a := owner("erase")
	const rounds = 6
	for r := range rounds {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new(fmt.Sprintf("e%d@gmail.com", r))}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(fmt.Sprintf("e%d+x@gmail.com", r))}}); err != nil {
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
		fromIndex, err := svc.FindDuplicates(ctx, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		fromScratch, err := svc.FindDuplicates(ctx, a, &contactkit.DuplicateOptions{FromScratch: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromIndex, fromScratch) {
			t.Fatalf("round %d: from the index %+v, from scratch %+v", r, fromIndex, fromScratch)
		}
	}
}

// Writers that make and unmake duplicates at once leave the index of
// FindDuplicates as detection from scratch finds them.
func TestConcurrentWritesKeepDuplicateIndex(t *testing.T) {
	svc, _ := concurrencyService(t, nil, nil)
	ctx := t.Context()
	a := owner("dupidx")
	const n, each = 4, 8
	errs := make([]error, n+1)
	together(n+1, func(w int) {
		if w == n { // builds the index while the writers write
			for range 3 {
				if _, err := svc.FindDuplicates(ctx, a, nil); err != nil {
					errs[w] = err
					return
				}
			}
			return
		}
		var mine []contact.ID
		for i := range each {
			email := fmt.Sprintf("ann%d+%d@gmail.com", i, w)
			if i%3 == 2 {
				email = fmt.Sprintf("a.nn%d@gmail.com", i)
			}
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(email)}})
			if _, taken := errors.AsType[*store.TakenError](err); taken {
				continue
			}
			if err != nil {
				errs[w] = err
				return
			}
			mine = append(mine, c.ID)
			switch {
			case i%4 == 1:
				_, err = svc.BlockContact(ctx, a, mine[0], "spam")
			case i%4 == 3:
				_, err = svc.DeleteContact(ctx, a, mine[len(mine)-2])
			}
			if err != nil && !errors.Is(err, contactkit.ErrTrashed) {
				errs[w] = err
				return
			}
		}
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	fromIndex, err := svc.FindDuplicates(ctx, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	fromScratch, err := svc.FindDuplicates(ctx, a, &contactkit.DuplicateOptions{FromScratch: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(fromScratch.Groups) == 0 {
		t.Fatal("no duplicates: the test tests too little")
	}
	if !reflect.DeepEqual(fromIndex, fromScratch) {
		t.Fatalf("from the index %+v, from scratch %+v", fromIndex, fromScratch)
	}
}

// A tag deleted while other contacts are tagged with it: no contact keeps
// a tag the workspace no longer has.
func TestConcurrentDeleteTagAndTag(t *testing.T) {
	svc, _ := concurrencyService(t, nil, nil)
	ctx := t.Context()
	a := owner("deltag")
	const rounds = 6
	for r := range rounds {
		name := fmt.Sprintf("promo%d", r)
		var ids []contact.ID
		for i := range 4 {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprintf("C%d-%d", r, i))}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		if _, err := svc.TagContact(ctx, a, ids[0], name); err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 4)
		together(4, func(i int) {
			if i == 0 {
				_, errs[i] = svc.DeleteTag(ctx, a, name)
				return
			}
			_, errs[i] = svc.TagContact(ctx, a, ids[i], name)
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: call %d: %v", r, i, err)
			}
		}
		exists := false
		for tg, err := range svc.Tags(ctx, a) {
			if err != nil {
				t.Fatal(err)
			}
			exists = exists || tg.Name.String() == name
		}
		for _, id := range ids {
			c, err := svc.GetContact(ctx, a, id)
			if err != nil {
				t.Fatal(err)
			}
			var has bool
			for _, n := range c.Tags {
				has = has || n.String() == name
			}
			if has && !exists {
				t.Fatalf("round %d: contact %s has tag %s, which the workspace no longer has", r, id, name)
			}
		}
	}
}

// Writers that contend for one contact, with the outbox on: every
// committed call's events are in the outbox once, as delivered in
// process, and no event of a rolled-back attempt is.
func TestConcurrentOutboxExactlyOnce(t *testing.T) {
	var mu sync.Mutex
	inProcess := map[string]int{}
	svc, s := concurrencyService(t, &pgstore.Options{Outbox: true}, &contactkit.Options{Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
		if tg, ok := e.(contactkit.ContactTagged); ok {
			mu.Lock()
			inProcess[tg.Tags[0].String()]++
			mu.Unlock()
		}
	}}})
	ctx := t.Context()
	relay, err := contactkit.NewRelay(s)
	if err != nil {
		t.Fatal(err)
	}
	a := owner("outbox")
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
	if err != nil {
		t.Fatal(err)
	}
	const n, each = 4, 6
	errs := make([]error, n)
	together(n, func(w int) {
		for i := range each {
			if _, err := svc.TagContact(ctx, a, c.ID, fmt.Sprintf("t%d-%d", w, i)); err != nil {
				errs[w] = err
				return
			}
		}
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	inOutbox := map[string]int{}
	for after := int64(0); ; {
		b, err := relay.Read(ctx, store.OutboxQuery{After: after, Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Deliveries) == 0 {
			break
		}
		for _, d := range b.Deliveries {
			if tg, ok := d.Event.(contactkit.ContactTagged); ok {
				inOutbox[tg.Tags[0].String()]++
			}
		}
		after = b.Next
	}
	mu.Lock()
	defer mu.Unlock()
	if len(inOutbox) != n*each || !reflect.DeepEqual(inOutbox, inProcess) {
		t.Fatalf("outbox %v, in process %v, want each of %d tags once", inOutbox, inProcess, n*each)
	}
	for k, v := range inOutbox {
		if v != 1 {
			t.Errorf("tag %s: %d events", k, v)
		}
	}
}

// Two imports of overlapping files at once, through the prefetch and the
// queued writes: no row fails, no address is held twice, and the second
// writer of an address updates the first's contact.
func TestConcurrentOverlappingImports(t *testing.T) {
	var mu sync.Mutex
	created := 0
	svc, _ := concurrencyService(t, nil, &contactkit.Options{Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
		if _, ok := e.(contactkit.ContactCreated); ok {
			mu.Lock()
			created++
			mu.Unlock()
		}
	}}})
	ctx := t.Context()
	a := owner("imports")
	const rows = 60
	file := func(from int) string {
		var b strings.Builder
		b.WriteString("Email,Phone,Tags\n")
		for i := from; i < from+rows; i++ {
			fmt.Fprintf(&b, "q%d@example.com,+336%08d,f%d\n", i, i, from)
		}
		return b.String()
	}
	m := importer.Mapping{Columns: []importer.Column{
		{Index: 0, Target: importer.Target{Kind: importer.KindEmail}},
		{Index: 1, Target: importer.Target{Kind: importer.KindPhone}},
		{Index: 2, Target: importer.Target{Kind: importer.KindTags}},
	}}
	results := make([]contactkit.ImportResult, 2)
	errs := make([]error, 2)
	together(2, func(i int) {
		rd, err := importer.Open(strings.NewReader(file(i*rows/2)), nil)
		if err != nil {
			errs[i] = err
			return
		}
		results[i], errs[i] = svc.Import(ctx, a, rd, m, &contactkit.ImportOptions{BatchSize: 10, Workers: 1})
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
		if r := results[i]; r.Failed != 0 || r.Created+r.Updated != rows {
			t.Fatalf("import %d: %+v", i, r)
		}
	}
	total := results[0].Created + results[1].Created
	if want := rows * 3 / 2; total != want || created != want {
		t.Fatalf("%d created by the results, %d ContactCreated delivered; want %d", total, created, want)
	}
	for i := range rows * 3 / 2 {
		cs := liveHolders(t, svc, a, fmt.Sprintf("q%d@example.com", i))
		if len(cs) != 1 {
			t.Fatalf("q%d: %d contacts", i, len(cs))
		}
		if i >= rows/2 && i < rows && cs[0].Tags.Len() != 2 {
			t.Fatalf("q%d: tags %v, want both files'", i, cs[0].Tags)
		}
	}
}
