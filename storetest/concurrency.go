package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

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
				err := e.s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Update(ctx, &mine) })
				results <- writeResult{writer: i, name: mine.FirstName, version: mine.Version, err: err}
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
