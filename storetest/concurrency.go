package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// The Concurrency cases start goroutines. Those goroutines only call the
// store and send what they got over a channel: every check, and every call
// of t, happens on the case's own goroutine.

// goroutineTimeout bounds the wait for the goroutines of a case, so that a
// Store that deadlocks fails its case instead of hanging the run.
const goroutineTimeout = 30 * time.Second

// writeResult is what one concurrent writer got.
type writeResult struct {
	writer  int
	name    string
	version int64
	err     error
}

func concurrencyCases() []testCase {
	return []testCase{
		{name: "Concurrency/WritersAtOneVersion", run: testConcurrencyWritersAtOneVersion},
		{name: "Concurrency/RecordWritersAtOneVersion", run: testConcurrencyRecordWriters},
		{name: "Concurrency/RetriedWritersLoseNothing", run: testConcurrencyRetriedWriters},
		{name: "Concurrency/SkewedWritersCommit", run: testConcurrencySkewedWriters},
		{name: "Concurrency/ClaimersOfOneKey", run: testConcurrencyClaimers},
		{name: "Concurrency/ParallelViews", needs: needsParallelViews, run: testConcurrencyParallelViews},
		{name: "Concurrency/WorkspaceParallelWrites", needs: needsWorkspaceParallelWrites, run: testConcurrencyWorkspaceParallelWrites},
	}
}

func needsParallelViews(o *Options) string {
	if o.ParallelViews {
		return ""
	}
	return "Options.ParallelViews not declared: the Store may run View transactions one at a time"
}

func needsWorkspaceParallelWrites(o *Options) string {
	if o.WorkspaceParallelWrites {
		return ""
	}
	return "Options.WorkspaceParallelWrites not declared: the Store may run read-write transactions of different workspaces one at a time"
}

func testConcurrencyWritersAtOneVersion(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	c := e.person(ws, "Ada", "Lovelace")
	e.create(t, &c)
	n := max(e.opts.Writers, 2)
	const rounds = 3
	for round := range rounds {
		base := e.mustGet(t, ws, c.ID)
		start := make(chan struct{})
		results := make(chan writeResult, n)
		var wg sync.WaitGroup
		for i := range n {
			mine := base.Clone()
			mine.FirstName = fmt.Sprintf("Writer %d of round %d", i, round)
			wg.Go(func() {
				<-start
				var version int64
				err := e.s.Update(ctx, func(tx store.Tx) error {
					w := mine.Clone()
					err := tx.Contacts().Update(ctx, &w)
					version = w.Version
					return err
				})
				results <- writeResult{writer: i, name: mine.FirstName, version: version, err: err}
			})
		}
		close(start)
		if !within(goroutineTimeout, wg.Wait) {
			t.Fatalf("%d concurrent Store.Update calls did not all return within %v", n, goroutineTimeout)
		}
		close(results)

		var winners []writeResult
		for r := range results {
			switch {
			case r.err == nil:
				winners = append(winners, r)
			case !errors.Is(r.err, store.ErrConflict):
				t.Errorf("Contacts.Update by writer %d of %d, each in its own transaction from version %d: got err %v, want nil for exactly one writer and store.ErrConflict for the others", r.writer, n, base.Version, r.err)
			}
		}
		if len(winners) != 1 {
			t.Errorf("Contacts.Update by %d concurrent writers from version %d: %d succeeded, want exactly one, the others failing with store.ErrConflict (no update is ever lost)", n, base.Version, len(winners))
			return
		}
		w := winners[0]
		got := e.mustGet(t, ws, c.ID)
		if got.Version != base.Version+1 || got.FirstName != w.name || w.version != base.Version+1 {
			t.Errorf("after %d concurrent Contacts.Update calls from version %d: stored %q at version %d (winner's c.Version %d), want the winner's %q at version %d", n, base.Version, got.FirstName, got.Version, w.version, w.name, base.Version+1)
		}
	}
}

func testConcurrencyRetriedWriters(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	c := e.person(ws, "Ada", "Lovelace")
	e.create(t, &c)
	n := max(e.opts.Writers, 2)
	const attempts = 1000
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("writer-%d", i)
		mustTag(t, names[i])
	}

	start := make(chan struct{})
	results := make(chan writeResult, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			var err error
			for range attempts {
				// Read, change and write in one transaction; retry when
				// another writer won.
				err = e.s.Update(ctx, func(tx store.Tx) error {
					cur, err := tx.Contacts().Get(ctx, ws, c.ID)
					if err != nil {
						return err
					}
					name, err := tag.ParseName(names[i])
					if err != nil {
						return err
					}
					cur.Tags = append(cur.Tags, name)
					return tx.Contacts().Update(ctx, &cur)
				})
				if !errors.Is(err, store.ErrConflict) {
					break
				}
			}
			results <- writeResult{writer: i, err: err}
		})
	}
	close(start)
	if !within(goroutineTimeout, wg.Wait) {
		t.Fatalf("%d concurrent Store.Update calls did not all return within %v", n, goroutineTimeout)
	}
	close(results)
	for r := range results {
		if r.err != nil {
			t.Errorf("writer %d, reading and updating a contact in one Store.Update, retried on store.ErrConflict up to %d times: got err %v, want nil", r.writer, attempts, r.err)
		}
	}
	got := e.mustGet(t, ws, c.ID)
	if got.Version != int64(1+n) {
		t.Errorf("after %d writers each added a tag in its own transaction: version %d, want %d", n, got.Version, 1+n)
	}
	var missing []string
	for _, name := range names {
		if tn, err := tag.ParseName(name); err == nil && !got.Tags.Has(tn) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("after %d writers each added a tag in its own transaction: tags %v are missing from %v; no update is ever lost", n, missing, got.Tags)
	}
}

func testConcurrencyParallelViews(t *testing.T, e *env) {
	ctx := t.Context()
	aIn, bIn := make(chan struct{}), make(chan struct{})
	enterA, enterB := sync.OnceFunc(func() { close(aIn) }), sync.OnceFunc(func() { close(bIn) })
	errNotParallel := errors.New("the second View did not start while the first was open")
	const wait = 3 * time.Second
	errA, errB := make(chan error, 1), make(chan error, 1)
	go func() {
		errA <- e.s.View(ctx, func(store.Tx) error {
			enterA()
			timer := time.NewTimer(wait)
			defer timer.Stop()
			select {
			case <-bIn:
				return nil
			case <-timer.C:
				return errNotParallel
			}
		})
	}()
	go func() {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-aIn:
		case <-timer.C:
			errB <- errors.New("the first View never called its fn")
			return
		}
		errB <- e.s.View(ctx, func(store.Tx) error {
			enterB()
			return nil
		})
	}()
	for _, ch := range []chan error{errA, errB} {
		timer := time.NewTimer(goroutineTimeout)
		select {
		case err := <-ch:
			if err != nil {
				t.Errorf("Options.ParallelViews is declared, but two Store.View calls did not run at the same time: %v", err)
			}
		case <-timer.C:
			t.Errorf("Options.ParallelViews is declared, but a Store.View did not return within %v", goroutineTimeout)
		}
		timer.Stop()
	}
}

// testConcurrencyRecordWriters races writers from one version of a record
// of every kind: exactly one wins each race.
func testConcurrencyRecordWriters(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	ctx := t.Context()
	n := max(e.opts.Writers, 2)
	for _, s := range samplers() {
		k := s.kind()
		base := s.sample(e, t, g, 0)
		if err := e.putRaw(t, g.ws, k, &base); err != nil {
			t.Fatalf("setup: Records.Put of a new %s: got err %v, want nil", k.Name(), err)
		}
		start := make(chan struct{})
		results := make(chan writeResult, n)
		var wg sync.WaitGroup
		for i := range n {
			mine := s.edited(base, i)
			wg.Go(func() {
				<-start
				var version int64
				err := e.s.Update(ctx, func(tx store.Tx) error {
					w := mine
					err := tx.Records().Put(ctx, g.ws, k, &w)
					version = w.Version
					return err
				})
				results <- writeResult{writer: i, version: version, err: err}
			})
		}
		close(start)
		if !within(goroutineTimeout, wg.Wait) {
			t.Fatalf("%d concurrent Store.Update calls did not all return within %v", n, goroutineTimeout)
		}
		close(results)
		wins := 0
		for r := range results {
			switch {
			case r.err == nil:
				wins++
				if r.version != 2 {
					t.Errorf("Records.Put of a %s by the winning writer: r.Version %d, want 2", k.Name(), r.version)
				}
			case !errors.Is(r.err, store.ErrConflict):
				t.Errorf("Records.Put of a %s by writer %d of %d, each in its own transaction from version 1: got err %v, want nil for exactly one writer and store.ErrConflict for the others", k.Name(), r.writer, n, r.err)
			}
		}
		if wins != 1 {
			t.Errorf("Records.Put of a %s by %d concurrent writers from version 1: %d succeeded, want exactly one, the others failing with store.ErrConflict (no update is ever lost)", k.Name(), n, wins)
		}
	}
}

func testConcurrencyWorkspaceParallelWrites(t *testing.T, e *env) {
	ctx := t.Context()
	wsA, wsB := newWorkspace(), newWorkspace()
	a, b := e.person(wsA, "Ada", "Lovelace"), e.person(wsB, "Grace", "Hopper")
	e.create(t, &a)
	e.create(t, &b)
	const wait = 5 * time.Second
	hold := make(chan struct{})
	release := sync.OnceFunc(func() { close(hold) })
	defer release()
	in := make(chan struct{})
	enter := sync.OnceFunc(func() { close(in) })
	doneA := make(chan error, 1)
	go func() {
		doneA <- e.s.Update(ctx, func(tx store.Tx) error {
			c, err := tx.Contacts().Get(ctx, wsA, a.ID)
			if err != nil {
				return err
			}
			c.City = "Held"
			if err := tx.Contacts().Update(ctx, &c); err != nil {
				return err
			}
			enter()
			select {
			case <-hold:
			case <-ctx.Done():
			}
			return nil
		})
	}()
	select {
	case <-in:
	case err := <-doneA:
		t.Fatalf("the Store.Update held open in workspace A returned early: got err %v", err)
	case <-time.After(goroutineTimeout):
		t.Fatalf("the Store.Update in workspace A did not call its fn within %v", goroutineTimeout)
	}
	doneB := make(chan error, 1)
	go func() {
		doneB <- e.s.Update(ctx, func(tx store.Tx) error {
			c, err := tx.Contacts().Get(ctx, wsB, b.ID)
			if err != nil {
				return err
			}
			c.City = "Not delayed"
			return tx.Contacts().Update(ctx, &c)
		})
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case err := <-doneB:
		if err != nil {
			t.Errorf("Store.Update in workspace B while a transaction in workspace A was open: got err %v, want nil", err)
		}
	case <-timer.C:
		t.Errorf("Options.WorkspaceParallelWrites is declared, but a Store.Update in workspace B did not complete within %v while a read-write transaction in workspace A was open: a slow transaction in one workspace must not delay a write in another", wait)
		release()
		if !within(goroutineTimeout, func() { <-doneB }) {
			t.Errorf("Store.Update in workspace B did not return within %v after the transaction in workspace A was released", goroutineTimeout)
		}
	}
	release()
	awaitNil(t, doneA, "Store.Update held open in workspace A, then released")
}

// awaitNil waits, up to goroutineTimeout, for the error of a call made on
// another goroutine, named what, and reports it unless it is nil.
func awaitNil(t *testing.T, done <-chan error, what string) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("%s: got err %v, want nil", what, err)
		}
	case <-time.After(goroutineTimeout):
		t.Errorf("%s: did not return within %v", what, goroutineTimeout)
	}
}

// testConcurrencySkewedWriters starts writers whose transactions each read
// what the others write (the contacts with a tag) and add a contact with
// that tag: the pattern of write skew, which a serializable database
// refuses to interleave. store.Store.Update runs such transactions one after
// the other or retries them: every call commits, none returns an error.
func testConcurrencySkewedWriters(t *testing.T, e *env) {
	const rule = "Store.Update serializes or retries its transactions itself: concurrent writers that do not conflict on a version all commit"
	ws := newWorkspace()
	ctx := t.Context()
	crowd, err := tag.ParseName("crowd")
	if err != nil {
		t.Fatalf("storetest: tag.ParseName: %v", err)
	}
	n := max(e.opts.Writers, 2)
	const rounds = 10
	people := make([][]contact.Contact, n)
	for i := range n {
		for r := range rounds {
			c := e.person(ws, fmt.Sprintf("Writer%d", i), fmt.Sprintf("Round%d", r))
			c.Tags = tag.Set{crowd}
			people[i] = append(people[i], c)
		}
	}
	start := make(chan struct{})
	results := make(chan writeResult, n*rounds)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			for r := range rounds {
				err := e.s.Update(ctx, func(tx store.Tx) error {
					if _, err := tx.Contacts().List(ctx, ws, store.ContactQuery{Tag: crowd}, store.PageRequest{Limit: store.MaxLimit}); err != nil {
						return err
					}
					c := people[i][r].Clone() // every attempt starts afresh
					return tx.Contacts().Create(ctx, &c)
				})
				results <- writeResult{writer: i, name: fmt.Sprint("round ", r), err: err}
			}
		})
	}
	close(start)
	if !within(goroutineTimeout, wg.Wait) {
		t.Fatalf("%d concurrent Store.Update calls did not all return within %v", n, goroutineTimeout)
	}
	close(results)
	for res := range results {
		if res.err != nil {
			t.Errorf("writer %d, %s: Store.Update reading the contacts with a tag and creating one with it: got err %v, want nil; %s", res.writer, res.name, res.err, rule)
		}
	}
	got, ok := e.listContacts(t, ws, store.ContactQuery{Tag: crowd}, 0, store.MaxLimit, nil)
	if ok && len(got) != n*rounds {
		t.Errorf("after %d writers each created %d contacts: %d listed, want %d; %s", n, rounds, len(got), n*rounds, rule)
	}
}

// race runs claim(i) for i in [0, n) at once, each on its own goroutine,
// and returns their errors, by i; it stops the case if they do not all
// return within goroutineTimeout.
func race(t *testing.T, n int, claim func(i int) error) []error {
	t.Helper()
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = claim(i)
		})
	}
	close(start)
	if !within(goroutineTimeout, wg.Wait) {
		t.Fatalf("%d concurrent Store.Update calls did not all return within %v", n, goroutineTimeout)
	}
	return errs
}

// testConcurrencyClaimers races writers, each in its own transaction, that
// create contacts of one key (an email) under other IDs, contacts of one
// ID, and records of one kind under other IDs with one Unique key: exactly
// one of each race wins, the others get store.ErrAlreadyExists (a
// *store.TakenError naming the winner for the key) or give up with
// store.ErrRetry. A Store that checks a key, then writes, without a
// constraint or a lock that holds until the commit, lets two win.
func testConcurrencyClaimers(t *testing.T, e *env) {
	const rule = "a key belongs to at most one live contact of a workspace, an ID to one contact, and a Unique key to one record of its kind, whatever the concurrency: exactly one creation wins, the others get store.ErrAlreadyExists; the same for records of one ID of a kind"
	ws := newWorkspace()
	ctx := t.Context()
	n := max(e.opts.Writers, 2)
	// winner returns the index of the only nil of errs, or -1 after
	// reporting what is wrong.
	winner := func(what string, errs []error) int {
		t.Helper()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Errorf("%s, %d writers at once: writers %d and %d both succeeded; %s", what, n, won, i, rule)
				return -1
			case err == nil:
				won = i
			case !errors.Is(err, store.ErrAlreadyExists) && !errors.Is(err, store.ErrRetry):
				t.Errorf("%s, %d writers at once: writer %d got err %v, want nil for one writer and store.ErrAlreadyExists (or store.ErrRetry) for the others; %s", what, n, i, err, rule)
			}
		}
		if won < 0 {
			t.Errorf("%s, %d writers at once: none succeeded, want exactly one; %s", what, n, rule)
		}
		return won
	}
	for round := range 3 {
		email := mustEmail(t, fmt.Sprintf("claimed-%d@concurrency.example", round))
		cs := make([]contact.Contact, n)
		for i := range cs {
			cs[i] = e.person(ws, fmt.Sprintf("Claimer %d", i), fmt.Sprintf("Round %d", round))
			cs[i].Email = email
		}
		create := func(c contact.Contact) error {
			return e.s.Update(ctx, func(tx store.Tx) error {
				w := c.Clone()
				return tx.Contacts().Create(ctx, &w)
			})
		}
		what := fmt.Sprintf("Contacts.Create of contacts with the email %s", email)
		errs := race(t, n, func(i int) error { return create(cs[i]) })
		if won := winner(what, errs); won >= 0 {
			for i, err := range errs {
				if te, ok := errors.AsType[*store.TakenError](err); ok && te.Owner != cs[won].ID {
					t.Errorf("%s, %d writers at once: writer %d got a *store.TakenError naming %s, want the winner %s", what, n, i, te.Owner, cs[won].ID)
				}
			}
			e.checkKeyOwner(t, ws, contact.EmailKey(email), cs[won].ID, what+" by writers at once", rule)
		}
		// One ID, no key.
		same := newID()
		errs = race(t, n, func(i int) error {
			c := e.person(ws, fmt.Sprintf("Twin %d", i), fmt.Sprintf("Round %d", round))
			c.ID = same
			return create(c)
		})
		winner(fmt.Sprintf("Contacts.Create of contacts with the ID %s", same), errs)
	}
	// One Unique key.
	g := e.newWorld(t, worldContacts)
	k := enrollmentSample.kind()
	rs := make([]store.Record, n)
	for i := range rs {
		rs[i] = enrollmentSample.sample(e, t, g, i%maxSamples)
		rs[i].ID = fmt.Sprintf("storetest-claimer-%d", i)
		rs[i].Keys.Unique = "storetest-claimed"
	}
	errs := race(t, n, func(i int) error {
		return e.s.Update(ctx, func(tx store.Tx) error {
			r := rs[i]
			return tx.Records().Put(ctx, g.ws, k, &r)
		})
	})
	if won := winner("Records.Put creating "+k.Name()+" records with one Unique key", errs); won >= 0 {
		if ids, ok := e.listRaw(t, g.ws, k, store.Query{Unique: "storetest-claimed"}); ok && !slices.Equal(ids, []string{rs[won].ID}) {
			t.Errorf("Records.List of %s records with the Unique key that writers at once claimed: got %q, want [%q]; %s", k.Name(), ids, rs[won].ID, rule)
		}
	}
	// One record ID, no Unique key: a creation that checks the ID is
	// free, then writes whatever is there, lets two win, the last one
	// overwriting the first.
	lk := listSample.kind()
	twins := make([]store.Record, n)
	for i := range twins {
		twins[i] = listSample.sample(e, t, g, i%maxSamples)
		twins[i].ID = "storetest-claimed-id"
	}
	errs = race(t, n, func(i int) error {
		return e.s.Update(ctx, func(tx store.Tx) error {
			r := twins[i]
			return tx.Records().Put(ctx, g.ws, lk, &r)
		})
	})
	if won := winner("Records.Put creating "+lk.Name()+" records with one ID", errs); won >= 0 {
		err := e.s.View(ctx, func(tx store.Tx) error {
			got, err := tx.Records().Get(ctx, g.ws, lk, twins[won].ID)
			if err == nil && diff(got.Value, twins[won].Value) != "" {
				t.Errorf("Records.Get of the %s that writers at once created with one ID: %s, want the winner's value; %s", lk.Name(), diff(got.Value, twins[won].Value), rule)
			}
			return err
		})
		if err != nil {
			t.Errorf("Records.Get of the %s that writers at once created with one ID: got err %v, want nil", lk.Name(), err)
		}
	}
}
