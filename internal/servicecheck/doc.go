// Package servicecheck holds the concurrency scenarios of the Service that
// every store must pass: calls released at once from several goroutines,
// each scenario checking after every round the invariants a serial order
// of the same calls would keep.
//
// The tests of the root package run them on the memory store, those of
// store/pgstore on PostgreSQL; each passes an Options that builds a fresh
// Service on its store and says how many rounds to run and how to name the
// workspace of each round. Every round uses addresses, phones and list
// names of its own, so that the rounds may share one workspace.
//
// It is not used by the library itself: only tests import it.
package servicecheck
