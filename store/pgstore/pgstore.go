package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit/store"
)

// Options configure a Store. The zero Options, like a nil *Options, give
// the defaults.
type Options struct {
	// MaxRetries is how many times Update and View run a transaction again
	// after a serialization failure or a deadlock (SQLSTATE 40001, 40P01):
	// 0 means DefaultMaxRetries, a negative value none.
	MaxRetries int
	// Backoff is the longest wait before the first retry; each retry waits
	// a random time (full jitter) up to Backoff, doubled at each attempt
	// and capped at 64×Backoff. 0 means DefaultBackoff.
	Backoff time.Duration
	// Outbox makes the Store keep an outbox (store.Outbox on its
	// transactions, store.Relay on the Store, in the tables of migration
	// 0002): the Service then writes every event of a call in the call's
	// transaction. Off by default: the events of an outbox nobody drains
	// are kept until pruned, and its writers commit one at a time (see the
	// README).
	Outbox bool
}

// commitTimeout bounds the wait for the server's answer to a commit, which
// the caller's ctx no longer bounds (see Store.Update).
const commitTimeout = time.Minute

// ErrCommitUnknown is wrapped by the error of Update when the commit got no
// answer from the server (the connection failed, or no answer came in a
// minute): the transaction may have committed or not. Running it again
// may apply it twice; a caller that must know reads what it wrote.
var ErrCommitUnknown = errors.New("pgstore: commit outcome unknown")

// The defaults of Options.
const (
	// DefaultMaxRetries allows for several writers of one workspace at
	// once: PostgreSQL's serializable isolation tracks reads by index page,
	// so concurrent creations of contacts conflict even when their keys
	// differ (four writers creating contacts in one workspace needed more
	// than 10 attempts now and then; 30 never failed in the benchmarks).
	DefaultMaxRetries = 30
	DefaultBackoff    = 2 * time.Millisecond
)

// Store is a store.Store on PostgreSQL. It is safe for concurrent use.
type Store struct {
	pool       *pgxpool.Pool
	maxRetries int
	backoff    time.Duration
	outbox     bool
	// commitTimeout bounds the wait for a commit's answer: the constant,
	// shorter in tests (see export_test.go).
	commitTimeout time.Duration

	// failCommits makes the next commits fail with a serialization
	// failure, for tests of the retries (see export_test.go).
	failCommits atomic.Int64
}

var _ store.Store = (*Store)(nil)

// New returns a Store that runs its transactions on pool. The schema must
// exist in the first schema of the pool's search_path: see Migrate. opts
// may be nil; it is copied.
func New(pool *pgxpool.Pool, opts *Options) *Store {
	s := &Store{pool: pool, maxRetries: DefaultMaxRetries, backoff: DefaultBackoff, commitTimeout: commitTimeout}
	if opts != nil {
		switch {
		case opts.MaxRetries < 0:
			s.maxRetries = 0
		case opts.MaxRetries > 0:
			s.maxRetries = opts.MaxRetries
		}
		if opts.Backoff > 0 {
			s.backoff = opts.Backoff
		}
		s.outbox = opts.Outbox
	}
	return s
}

// Update runs fn in a SERIALIZABLE read-write transaction and commits it if
// fn returns nil. After a serialization failure or a deadlock — reported
// by a statement of fn, by the commit, or by a statement the host ran on
// the native transaction (see Tx.As) — it rolls back and runs fn again
// from the start, up to Options.MaxRetries times, waiting a jittered
// backoff between attempts. When it gives up, the error matches
// store.ErrRetry and holds the *pgconn.PgError. A unique violation of the
// store's own tables, which only a concurrent transaction can cause, is
// retried too; one of the host's tables (at once or at the commit) is fn's
// error, returned as is after one run.
//
// A ctx done before the commit rolls the transaction back and Update
// returns ctx.Err(). Once the commit is sent, Update waits for the
// server's answer whatever ctx does (for a minute at most), so that
// a caller giving up does not make the outcome unknown. A commit whose
// connection fails, or that gets no answer in that time, has an unknown
// outcome: Update returns an error wrapping ErrCommitUnknown though the
// server may have committed. With the outbox on, the outbox is the record of what
// committed (the Service's in-process subscribers are told only of calls
// that returned nil).
func (s *Store) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.run(ctx, "update", pgx.TxOptions{IsoLevel: pgx.Serializable, AccessMode: pgx.ReadWrite}, fn)
}

// View runs fn in a REPEATABLE READ READ ONLY transaction: fn sees one
// snapshot, never waits for a safe one and never fails to serialize.
// Every write method of tx returns store.ErrReadOnly.
func (s *Store) View(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.run(ctx, "view", pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

func (s *Store) run(ctx context.Context, op string, opts pgx.TxOptions, fn func(tx store.Tx) error) error {
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err, retry := s.attempt(ctx, op, opts, fn)
		if !retry {
			return err
		}
		if attempt >= s.maxRetries {
			return fmt.Errorf("pgstore: %s: gave up after %d attempts: %w", op, attempt+1, err)
		}
		wait := s.backoff << min(attempt, 6)
		timer := time.NewTimer(rand.N(wait) + 1)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}

// attempt runs fn once in a new transaction. retry reports a serialization
// failure: the transaction was rolled back and may be run again; err then
// matches store.ErrRetry.
func (s *Store) attempt(ctx context.Context, op string, opts pgx.TxOptions, fn func(tx store.Tx) error) (err error, retry bool) {
	ptx, err := s.pool.BeginTx(ctx, opts)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err(), false
		}
		err = mapError(op, err)
		return err, errors.Is(err, store.ErrRetry)
	}
	t := &tx{raw: ptx, readOnly: opts.AccessMode == pgx.ReadOnly, outbox: s.outbox}
	t.tx = sqlTx{t}
	rollback := func() {
		// A done ctx would close the connection instead of rolling back.
		_ = ptx.Rollback(context.WithoutCancel(ctx))
	}
	// fn may not return: it may panic, or end its goroutine
	// (runtime.Goexit, as t.FailNow does). The transaction is rolled back
	// then too, so that its locks are released and its connection goes
	// back to the pool; a panic goes on after it.
	returned := false
	defer func() {
		t.ended = true
		if !returned {
			rollback()
		}
	}()
	ferr := fn(t)
	returned, t.ended = true, true
	if ferr == nil {
		ferr = t.flush(ctx) // the writes still queued
	}
	switch {
	case t.retry != nil || worthRunningAgain(ferr):
		rollback()
		if ctx.Err() != nil {
			return ctx.Err(), false
		}
		if t.retry != nil {
			return t.retry, true
		}
		return mapHostError(op, ferr), true
	case ferr != nil:
		rollback()
		return ferr, false
	case !t.readOnly && s.failCommits.Load() > 0 && s.failCommits.Add(-1) >= 0:
		rollback()
		return mapError("commit", &pgconn.PgError{Code: codeSerializationFailure, Message: "injected by a test"}), true
	}
	if ctx.Err() != nil {
		rollback()
		return ctx.Err(), false
	}
	// Once sent, the commit is the server's: a ctx done meanwhile would
	// close the connection and leave the outcome unknown, so the answer
	// is awaited whatever ctx does, for commitTimeout at most.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.commitTimeout)
	defer cancel()
	if err := ptx.Commit(cctx); err != nil {
		if cctx.Err() != nil {
			return fmt.Errorf("%w: no answer from the server in %v: %w", ErrCommitUnknown, s.commitTimeout, cctx.Err()), false
		}
		// The server's answer (an error, or the rollback of a failed
		// transaction) is a known outcome; no answer at all is not.
		if _, answered := errors.AsType[*pgconn.PgError](err); !answered && !errors.Is(err, pgx.ErrTxCommitRollback) {
			return fmt.Errorf("%w: %w", ErrCommitUnknown, err), false
		}
		err = mapHostError("commit", err)
		return err, errors.Is(err, store.ErrRetry)
	}
	return nil, false
}

// tx is a store.Tx over one pgx transaction.
type tx struct {
	// tx runs the statements of the methods, after the queued writes;
	// raw is the transaction itself.
	tx       sqlTx
	raw      pgx.Tx
	readOnly bool
	outbox   bool // the Store keeps an outbox
	// retry is set by the first statement that failed to serialize: the
	// transaction is aborted and Update runs fn again, whatever fn
	// returns.
	retry error
	// cache is what Prefetch read, nil before; queue the writes it lets
	// wait (see prefetch.go); broken the error that a queued write met,
	// which fails every later call.
	cache  *prefetched
	queue  []queued
	broken error
	// native is set once As handed the native transaction out.
	native bool
	// ended is set once fn has returned: every later call fails, the
	// reads and writes that the cache would answer or queue included.
	ended bool
}

var (
	_ store.Tx             = (*tx)(nil)
	_ store.Aser           = (*tx)(nil)
	_ store.ContactCounter = contacts{}
)

func (t *tx) Contacts() store.Contacts { return contacts{t} }
func (t *tx) Records() store.Records   { return records{t} }
func (t *tx) History() store.History   { return history{t} }

// As sets *target to the native transaction when target is a *pgx.Tx, so
// that a host writes its own tables in the same transaction. Statements
// run on it are retried with the rest of fn after a serialization failure.
func (t *tx) As(target any) bool {
	if p, ok := target.(*pgx.Tx); ok {
		// The host's statements come after the queued writes, and no
		// later write waits: the host may run statements at any time. An
		// error of a queued write fails the tx's later calls and its
		// commit.
		_ = t.flush(context.Background())
		t.native, t.cache = true, nil
		*p = t.raw
		return true
	}
	return false
}

// begin is called first by every method: it returns ctx.Err() when ctx is
// done, an error matching pgx.ErrTxClosed once the transaction's function
// has returned, and store.ErrReadOnly for a write in a View.
func (t *tx) begin(ctx context.Context, write bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if t.ended {
		return fmt.Errorf("pgstore: the function of the transaction has returned: %w", pgx.ErrTxClosed)
	}
	if t.broken != nil {
		return t.broken
	}
	if write && t.readOnly {
		return store.ErrReadOnly
	}
	return nil
}

// failUnlessOutcome returns err as is when it is an outcome of the
// contract that a statement's result told (ErrNotFound, ErrConflict on a
// stale version, ErrAlreadyExists, a *store.TakenError), else fail's.
func (t *tx) failUnlessOutcome(ctx context.Context, op string, err error) error {
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrAlreadyExists) {
		return err
	}
	if _, ok := errors.AsType[*store.TakenError](err); ok {
		return err
	}
	return t.fail(ctx, op, err)
}

// fail maps the error of a statement of method op: ctx.Err() when ctx is
// done, else mapError's; it remembers a serialization failure.
func (t *tx) fail(ctx context.Context, op string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err == t.broken {
		return err // mapped when it broke the tx
	}
	err = mapError(op, err)
	if errors.Is(err, store.ErrRetry) && t.retry == nil {
		t.retry = err
	}
	return err
}
