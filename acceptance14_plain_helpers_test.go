package contactkit_test

// Helpers of the fourteenth acceptance pass: a Store with no optional
// capability, as the first adapter a backend team writes has none, and
// what the differential tests of acceptance14_plain_test.go compare of the
// Service's answers on it and on memstore with every capability.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/store"
)

// acc14Plain is a store.Store that offers the methods of store.Store and
// nothing else: not store.Relay. Its Tx offers those of store.Tx only
// (not store.Aser, store.Unwrapper, store.Prefetcher, store.Outboxer),
// and the Contacts, Records and History of its Tx those of their
// interfaces only (not store.ContactCounter): the wrapped values are
// embedded in anonymous structs of the interface type, so that no method
// of theirs beyond the interface's shows.
type acc14Plain struct{ s store.Store }

func (p acc14Plain) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	return p.s.Update(ctx, func(tx store.Tx) error { return fn(acc14PlainTx{tx}) })
}

func (p acc14Plain) View(ctx context.Context, fn func(tx store.Tx) error) error {
	return p.s.View(ctx, func(tx store.Tx) error { return fn(acc14PlainTx{tx}) })
}

// acc14PlainTx is the Tx of acc14Plain. The Tx it wraps is unexported:
// the Service cannot reach it; the host of the tests, which knows its
// adapter, does (acc14Native).
type acc14PlainTx struct{ tx store.Tx }

func (t acc14PlainTx) Contacts() store.Contacts { return struct{ store.Contacts }{t.tx.Contacts()} }
func (t acc14PlainTx) Records() store.Records   { return struct{ store.Records }{t.tx.Records()} }
func (t acc14PlainTx) History() store.History   { return struct{ store.History }{t.tx.History()} }

// acc14PlainStore wraps s in acc14Plain: the store constructor parameter
// of the walks (newAcc11EnvOn).
func acc14PlainStore(s store.Store) store.Store { return acc14Plain{s} }

// acc14Native returns the Tx that tx wraps if it is a Tx of acc14Plain,
// tx otherwise: a host's own access to its adapter's transaction, as a
// host on an adapter without store.Aser has.
func acc14Native(tx store.Tx) store.Tx {
	if p, ok := tx.(acc14PlainTx); ok {
		return p.tx
	}
	return tx
}

// acc14Sentinels are the exported sentinel errors an answer is compared
// by, with errors.Is: contactkit's and the store's.
var acc14Sentinels = []struct {
	name string
	err  error
}{
	{"ErrInvalidActor", contactkit.ErrInvalidActor}, {"ErrPermission", contactkit.ErrPermission},
	{"ErrInvalidInput", contactkit.ErrInvalidInput}, {"ErrNotFound", contactkit.ErrNotFound},
	{"ErrConflict", contactkit.ErrConflict}, {"ErrAlreadyExists", contactkit.ErrAlreadyExists},
	{"ErrUnknownAutomation", contactkit.ErrUnknownAutomation}, {"ErrContactBlocked", contactkit.ErrContactBlocked},
	{"ErrKeyReused", contactkit.ErrKeyReused}, {"ErrCountMismatch", contactkit.ErrCountMismatch},
	{"ErrCannotOpen", contactkit.ErrCannotOpen}, {"ErrNoAddress", contactkit.ErrNoAddress},
	{"ErrTrashed", contactkit.ErrTrashed}, {"ErrNoMatchKey", contactkit.ErrNoMatchKey},
	{"ErrValueLoss", contactkit.ErrValueLoss}, {"ErrAmbiguousMatch", contactkit.ErrAmbiguousMatch},
	{"ErrUnknownConsent", contactkit.ErrUnknownConsent}, {"ErrSharedPhone", contactkit.ErrSharedPhone},
	{"ErrUnknownBlocked", contactkit.ErrUnknownBlocked}, {"ErrUnknownList", contactkit.ErrUnknownList},
	{"ErrRestoreWindow", contactkit.ErrRestoreWindow}, {"ErrNotTrashed", contactkit.ErrNotTrashed},
	{"ErrNotMember", contactkit.ErrNotMember}, {"ErrMerged", contactkit.ErrMerged},
	{"store.ErrInvalid", store.ErrInvalid}, {"store.ErrReadOnly", store.ErrReadOnly},
	{"store.ErrInvalidCursor", store.ErrInvalidCursor}, {"store.ErrRetry", store.ErrRetry},
	{"store.ErrNoOutbox", store.ErrNoOutbox}, {"injected", errAcc11Injected},
}

// acc14Err describes err for a comparison: its message, the sentinels
// errors.Is finds in it, and the types of its tree.
func acc14Err(err error) string {
	if err == nil {
		return "ok"
	}
	var is []string
	for _, s := range acc14Sentinels {
		if errors.Is(err, s.err) {
			is = append(is, s.name)
		}
	}
	var types []string
	var walk func(e error)
	walk = func(e error) {
		if e == nil {
			return
		}
		types = append(types, fmt.Sprintf("%T", e))
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return fmt.Sprintf("error %q is=%v types=%v", err.Error(), is, types)
}

// acc14Events encodes events, one a line.
func acc14Events(events []contactkit.Event) string {
	var b strings.Builder
	for _, ev := range events {
		typ, data, err := contactkit.EncodeEvent(ev)
		fmt.Fprintf(&b, "event %s %s %v\n", typ, data, err)
	}
	return b.String()
}

// acc14Stored keeps the lines of a dump (acc11FaultEnv.dump) that an
// outbox does not change: not the outbox, its consumers, nor the events
// delivered, which the tests compare call by call.
func acc14Stored(dump string) string {
	lines := strings.Split(dump, "\n")
	return strings.Join(slices.DeleteFunc(lines, func(l string) bool {
		return strings.HasPrefix(l, "outbox ") || strings.HasPrefix(l, "consumer ") || strings.HasPrefix(l, "event ")
	}), "\n")
}

// acc14Apart reports whether NewID is called for an event written to an
// outbox (by Service.outboxEvents), for acc11Gen.apart.
func acc14Apart() bool {
	pcs := make([]uintptr, 16)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if strings.HasSuffix(f.Function, ".(*Service).outboxEvents") {
			return true
		}
		if !more {
			return false
		}
	}
}

// acc14Side is one Service of a differential walk: on the faulty memstore
// with every capability, or on the same behind acc14Plain, with a
// subscriber or none (silent: no event is built, none is compared).
type acc14Side struct {
	name   string
	e      *acc11FaultEnv
	svc    *contactkit.Service
	store  store.Store // the Service's
	silent bool
}

// acc14Pair runs each call of a walk on every side and compares them.
type acc14Pair struct {
	t     *testing.T
	sides []*acc14Side
	// big is the workspace whose reads are not compared after each call
	// (too many contacts): its raw state is.
	big  contactkit.Actor
	log  []string
	nCal int
	// ops counts the calls by their description's first words, and
	// those of them that failed.
	ops map[string][2]int
}

// newAcc14Pair returns the sides: memstore with every capability, the
// plain store, and the plain store with no subscriber. The events of the
// outbox take IDs apart (acc11Gen.apart): every side hands out the same
// IDs.
func newAcc14Pair(t *testing.T) *acc14Pair {
	p := &acc14Pair{t: t, ops: map[string][2]int{}, big: contactkit.Actor{Workspace: "big", User: "u-owner", Role: contactkit.RoleOwner}}
	for _, s := range []*acc14Side{{name: "memstore"}, {name: "plain"}, {name: "plain, silent", silent: true}} {
		if s.name == "memstore" {
			s.e = newAcc11EnvOn(t, nil)
		} else {
			s.e = newAcc11EnvOn(t, acc14PlainStore)
		}
		s.e.gen.apart = true
		s.svc, s.store = s.e.svc, s.e.st
		if s.name != "memstore" {
			s.store = acc14PlainStore(s.e.st)
		}
		if s.silent {
			s.svc = contactkit.New(s.store, s.e.options(false))
		}
		p.sides = append(p.sides, s)
	}
	return p
}

// call runs f on every side and compares what each answers (the value
// as JSON, the error, the events) and then holds (acc11FaultEnv.dump of
// acme, the raw state of big). It returns the value of the first side.
func (p *acc14Pair) call(desc string, f func(s *acc14Side) (any, error)) any {
	p.t.Helper()
	p.nCal++
	p.log = append(p.log, desc)
	var first any
	var want string
	for i, s := range p.sides {
		s.e.mu.Lock()
		s.e.events = nil
		s.e.mu.Unlock()
		v, err := f(s)
		if i == 0 {
			first = v
			op := strings.Join(slices.DeleteFunc(strings.Fields(desc), func(f string) bool { return strings.Trim(f, "0123456789") == "" })[:1], " ")
			c := p.ops[op]
			c[0]++
			if err != nil {
				c[1]++
			}
			p.ops[op] = c
		}
		js, jerr := json.Marshal(v)
		if jerr != nil {
			p.t.Fatalf("%s: %v", desc, jerr)
		}
		s.e.mu.Lock()
		events := acc14Events(s.e.events)
		s.e.mu.Unlock()
		got := fmt.Sprintf("value %s\nanswer %s\n", js, acc14Err(err))
		if !s.silent {
			got += events
		} else if events != "" {
			p.t.Fatalf("%s: the silent side got events:\n%s", desc, events)
		}
		got += acc14Stored(s.e.dump(p.t)) + acc14Stored(s.e.dumpOf(p.t, p.big, false))
		if i == 0 {
			want = got
			continue
		}
		if w := want; got != w && (!s.silent || got != acc14NoEvents(w)) {
			if s.silent {
				w = acc14NoEvents(w)
			}
			p.t.Fatalf("%s: %s (got) and %s (want) differ:%s\nthe calls:\n  %s", desc, s.name, p.sides[0].name, acc11Diff(got, w), strings.Join(p.log, "\n  "))
		}
	}
	return first
}

// acc14NoEvents drops the lines of the events from an answer.
func acc14NoEvents(s string) string {
	return strings.Join(slices.DeleteFunc(strings.SplitAfter(s, "\n"), func(l string) bool {
		return strings.HasPrefix(l, "event ")
	}), "")
}

// prefetched checks that the imports took the Prefetcher's path on the
// first side, and could not on the others: the walk compared two paths.
func (p *acc14Pair) prefetched() {
	p.t.Helper()
	for i, s := range p.sides {
		s.e.st.mu.Lock()
		n := s.e.st.prefetches
		s.e.st.mu.Unlock()
		if (i == 0) != (n > 0) {
			p.t.Errorf("%s: %d calls of Prefetch", s.name, n)
		}
	}
}
