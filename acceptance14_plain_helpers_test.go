package contactkit_test

// Helpers of the fourteenth acceptance pass: a Store with no optional
// capability, as the first adapter a backend team writes has none, and
// what the differential tests of acceptance14_plain_test.go compare of the
// Service's answers on it and on memstore with every capability.

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"

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
