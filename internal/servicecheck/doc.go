// Package servicecheck holds the scenarios of the Service that every
// store must pass: the concurrency scenarios, calls released at once from
// several goroutines, each checking after every round the invariants a
// serial order of the same calls would keep; and ForgedCursors, the
// cursors a client altered or made up.
//
// The tests of the root package run them on the memory store, those of
// store/pgstore on PostgreSQL; each passes an Options (ForgedCursors, a
// function) that builds a fresh Service on its store and says how many
// rounds to run (and, for the concurrency scenarios, how to name the
// workspace of each round). Every round uses addresses, phones and list
// names of its own, so that the rounds may share one workspace.
//
// It is not used by the library itself: only tests import it.
package servicecheck
