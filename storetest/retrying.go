package storetest

import (
	"context"
	"errors"

	"github.com/contactkit/contactkit/store"
)

// Retrying returns a Store that runs every transaction of s twice, as a
// Store may after a serialization failure (see store.Store.Update): the
// first attempt runs fn to the end, then is rolled back (Retrying makes the
// inner Update or View fail with an error of its own), and a second attempt
// runs fn again, from the start, in a new transaction of s, whose outcome
// is the call's. If fn fails on the first attempt, that error is returned
// and there is no second attempt; if fn panics, the panic goes on.
//
// A function that keeps state across calls (appends to a slice it did not
// make, sets a version on a value it will store again, counts its calls)
// breaks under Retrying as it would under a Store that retries for real.
// The suite runs every case through Retrying ("Retried/…"), and the tests
// of the Service use it too.
//
// The Tx handed to fn wraps the Tx of s: its accessors are those of s, so
// their optional capabilities (store.ContactCounter) are there, and it
// implements store.Unwrapper, so store.As finds the adapter's native
// transaction through it.
func Retrying(s store.Store) store.Store { return retrying{s} }

type retrying struct{ inner store.Store }

// errFirstAttempt rolls back the first attempt of a transaction of Retrying.
var errFirstAttempt = errors.New("storetest: first attempt rolled back by storetest.Retrying")

func (r retrying) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	return twice(ctx, r.inner.Update, fn)
}

func (r retrying) View(ctx context.Context, fn func(tx store.Tx) error) error {
	return twice(ctx, r.inner.View, fn)
}

func twice(ctx context.Context, run func(context.Context, func(store.Tx) error) error, fn func(store.Tx) error) error {
	err := run(ctx, func(tx store.Tx) error {
		if err := fn(retryingTx{tx}); err != nil {
			return err
		}
		return errFirstAttempt
	})
	if !errors.Is(err, errFirstAttempt) {
		// fn failed, or the Store did: that is the answer.
		return err
	}
	return run(ctx, func(tx store.Tx) error { return fn(retryingTx{tx}) })
}

// retryingTx is the Tx of Retrying: the inner Tx, with Unwrap.
type retryingTx struct{ store.Tx }

var _ store.Unwrapper = retryingTx{}

// Unwrap implements store.Unwrapper.
func (t retryingTx) Unwrap() store.Tx { return t.Tx }
