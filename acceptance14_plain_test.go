package contactkit_test

// Fourteenth acceptance pass: the Service on a Store with no optional
// capability (acc14Plain: no ContactCounter, Prefetcher, Aser, Unwrapper,
// Outboxer, Relay), as the first adapter a backend team writes, must give
// the same answers, errors, events and stored state as on memstore with
// every capability. The seeded walks run the same calls on both, side by
// side, and compare them call by call.

import (
	"context"
	"flag"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

var (
	acc14Seeds = flag.Int("acc14.seeds", 4, "acceptance14: how many seeds the differential walks run")
	acc14Steps = flag.Int("acc14.steps", 250, "acceptance14: how many steps each seed of the model walk runs")
)

// TestAcceptance14PlainHidesEveryCapability: the wrapper offers the
// methods of the required interfaces and nothing more, so that no
// capability passes through it unseen, a new one included (the method
// sets are compared, not only the capabilities known today).
func TestAcceptance14PlainHidesEveryCapability(t *testing.T) {
	ctx := context.Background()
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	var s store.Store = acc14PlainStore(mem)
	exact := func(what string, v any, iface reflect.Type) {
		t.Helper()
		typ := reflect.TypeOf(v)
		if typ.NumMethod() != iface.NumMethod() {
			var names []string
			for i := range typ.NumMethod() {
				names = append(names, typ.Method(i).Name)
			}
			t.Errorf("%s (%T) has the methods %v, want those of %s only", what, v, names, iface)
		}
	}
	if _, ok := s.(store.Relay); ok {
		t.Error("the plain Store is a store.Relay")
	}
	if _, err := contactkit.NewRelay(s); err == nil {
		t.Error("NewRelay on the plain Store: no error, want store.ErrNoOutbox")
	}
	exact("the Store", s, reflect.TypeFor[store.Store]())
	check := func(tx store.Tx) error {
		exact("the Tx", tx, reflect.TypeFor[store.Tx]())
		exact("its Contacts", tx.Contacts(), reflect.TypeFor[store.Contacts]())
		exact("its Records", tx.Records(), reflect.TypeFor[store.Records]())
		exact("its History", tx.History(), reflect.TypeFor[store.History]())
		for name, ok := range map[string]bool{
			"store.Aser":           acc14Is[store.Aser](tx),
			"store.Unwrapper":      acc14Is[store.Unwrapper](tx),
			"store.Prefetcher":     acc14Is[store.Prefetcher](tx),
			"store.Outboxer":       acc14Is[store.Outboxer](tx),
			"store.ContactCounter": acc14Is[store.ContactCounter](tx.Contacts()),
			"store.PrefetcherOf":   store.PrefetcherOf(tx) != nil,
			"store.OutboxOf":       store.OutboxOf(tx) != nil,
			"store.As":             store.As(tx, new(*memstore.Tx)),
		} {
			if ok {
				t.Errorf("the plain Tx shows %s", name)
			}
		}
		return nil
	}
	if err := s.Update(ctx, check); err != nil {
		t.Fatal(err)
	}
	if err := s.View(ctx, check); err != nil {
		t.Fatal(err)
	}
	// The wrapped store has them: what is hidden is there to hide.
	err := mem.Update(ctx, func(tx store.Tx) error {
		if !acc14Is[store.Aser](tx) || !acc14Is[store.Outboxer](tx) || !acc14Is[store.ContactCounter](tx.Contacts()) || store.OutboxOf(tx) == nil {
			t.Error("memstore's Tx lacks a capability the test means to hide")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func acc14Is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}

// TestAcceptance14PlainModelSequences runs the seeded walk of the
// thirteenth pass (TestAcceptance13ModelSequences: its model checks
// included, its injected faults and transactions run twice too) on the
// faulty memstore with every capability, then on the same behind
// acc14Plain, and compares every step: its error (message, sentinels,
// types), its events, and the whole stored state and the Service's reads
// of every contact after it (acc11FaultEnv.dump, but the outbox, which
// only the first keeps). The outbox's events take IDs apart, and their
// writing is not counted among the calls that may fail (acc11Gen.apart):
// both stores hand out the same IDs and fail the same calls.
func TestAcceptance14PlainModelSequences(t *testing.T) {
	for seed := range uint64(*acc14Seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			var want []string
			full := newM13EnvOn(t, nil)
			full.gen.apart = true
			full.onStep = func(n int, name string, first, err error) {
				want = append(want, acc14Step(full, name, first, err))
			}
			full.run(seed, *acc14Steps)
			plain := newM13EnvOn(t, acc14PlainStore)
			plain.gen.apart = true
			plain.onStep = func(n int, name string, first, err error) {
				got := acc14Step(plain, name, first, err)
				if n >= len(want) {
					t.Fatalf("seed %d step %d: %s: the walk on the plain store runs longer", seed, n, name)
				}
				if got != want[n] {
					t.Fatalf("seed %d step %d: %s: plain store (got) and memstore (want) differ:%s", seed, n, name, acc11Diff(got, want[n]))
				}
			}
			plain.run(seed, *acc14Steps)
			if len(want) != *acc14Steps {
				t.Fatalf("seed %d: %d steps compared, want %d", seed, len(want), *acc14Steps)
			}
		})
	}
}

// acc14Step describes a step of the model walk for the comparison.
func acc14Step(e *m13Env, name string, first, err error) string {
	e.mu.Lock()
	events := acc14Events(e.events)
	e.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "step %s\n", name)
	fmt.Fprintf(&b, "failed on purpose: %s\n", acc14Err(first))
	fmt.Fprintf(&b, "answer: %s\n%s%s", acc14Err(err), events, acc14Stored(e.dump(e.t)))
	return b.String()
}
