package pgstore

import "time"

// FailCommits makes the next n commits of read-write transactions of s
// fail with a serialization failure (SQLSTATE 40001), as if a concurrent
// transaction had won.
func FailCommits(s *Store, n int64) { s.failCommits.Store(n) }

// PendingFailures returns how many injected failures are left.
func PendingFailures(s *Store) int64 { return max(s.failCommits.Load(), 0) }

// SetCommitTimeout sets how long s waits for the answer to a commit.
func SetCommitTimeout(s *Store, d time.Duration) { s.commitTimeout = d }
