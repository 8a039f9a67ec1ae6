package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/servicecheck"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// The Service's use cases run from several goroutines at once against a
// real server, each with its invariant checked after: the scenarios of
// package servicecheck, which the root package runs on the memory store,
// then those only PostgreSQL runs.

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

// pgCheck returns the options that run a servicecheck scenario on a new,
// empty schema, with the outbox on or off, for the given number of
// rounds. All the rounds of a scenario share one workspace.
func pgCheck(rounds int, outbox bool) servicecheck.Options {
	return servicecheck.Options{
		New: func(t testing.TB, subs ...contactkit.Subscriber) *contactkit.Service {
			s := pgstore.New(pgstore.NewTestPool(t), &pgstore.Options{Outbox: outbox})
			return contactkit.New(s, &contactkit.Options{DefaultRegion: "FR", Subscribers: subs})
		},
		Rounds:    rounds,
		Workspace: func(scenario string, _ int) contact.WorkspaceID { return contact.WorkspaceID(scenario) },
	}
}

// TestConcurrent runs every scenario of servicecheck on PostgreSQL, with
// fewer rounds than the memory store, and the outbox on where the
// scenario counts the events delivered for each change.
func TestConcurrent(t *testing.T) {
	for _, sc := range []struct {
		name   string
		run    func(testing.TB, servicecheck.Options)
		rounds int
		outbox bool
	}{
		{"CaptureSameEmail", servicecheck.CaptureSameEmail, 8, false},
		{"CreateSamePhone", servicecheck.CreateSamePhone, 8, false},
		{"TagUntag", servicecheck.TagUntag, 1, true},
		{"AddToListAndUnsubscribe", servicecheck.AddToListAndUnsubscribe, 6, false},
		{"OverlappingMerges", servicecheck.OverlappingMerges, 6, false},
		{"ImportAndCreate", servicecheck.ImportAndCreate, 1, false},
		{"EraseAndUpdate", servicecheck.EraseAndUpdate, 6, false},
		{"SameKey", servicecheck.SameKey, 6, false},
		{"EnrolRacesDeleteAndBlock", servicecheck.EnrolRacesDeleteAndBlock, 3, false},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, pgCheck(sc.rounds, sc.outbox)) })
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
	servicecheck.Together(n+1, func(w int) {
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
	servicecheck.NoErrors(t, "writer", errs)
	if res := servicecheck.IndexAgrees(t, svc, a, "after the writers"); len(res.Groups) == 0 {
		t.Fatal("no duplicates: the test tests too little")
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
		servicecheck.Together(4, func(i int) {
			if i == 0 {
				_, errs[i] = svc.DeleteTag(ctx, a, name)
				return
			}
			_, errs[i] = svc.TagContact(ctx, a, ids[i], name)
		})
		servicecheck.NoErrors(t, fmt.Sprintf("round %d: call", r), errs)
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
	servicecheck.Together(n, func(w int) {
		for i := range each {
			if _, err := svc.TagContact(ctx, a, c.ID, fmt.Sprintf("t%d-%d", w, i)); err != nil {
				errs[w] = err
				return
			}
		}
	})
	servicecheck.NoErrors(t, "writer", errs)
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
	servicecheck.Together(2, func(i int) {
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
		cs := servicecheck.Holders(t, svc, a, fmt.Sprintf("q%d@example.com", i))
		if len(cs) != 1 {
			t.Fatalf("q%d: %d contacts", i, len(cs))
		}
		if i >= rows/2 && i < rows && cs[0].Tags.Len() != 2 {
			t.Fatalf("q%d: tags %v, want both files'", i, cs[0].Tags)
		}
	}
}
