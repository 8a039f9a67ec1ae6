package storetest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

const brokenOutboxEnv = "STORETEST_BROKEN_OUTBOX"

// brokenOutboxes are memory stores whose outbox breaks one rule; the suite
// must fail each, naming the rule.
var brokenOutboxes = []struct {
	name, what string
	store      func() store.Store
	want       []string
}{
	{
		name: "rollback",
		what: "commits appended events at once, outside the transaction",
		store: func() store.Store {
			m := memstore.NewWith(&memstore.Options{Outbox: true})
			return outboxWrapped{m, func(tx store.Tx) store.Outbox { return eagerOutbox{m} }}
		},
		want: []string{
			"--- FAIL: TestBrokenOutbox/Outbox/RolledBack",
			"--- FAIL: TestBrokenOutbox/Retried/Outbox/AppendRead",
			"no event of a rolled-back transaction",
		},
	},
	{
		name: "workspace",
		what: "reads every workspace whatever OutboxQuery.Workspace says",
		store: func() store.Store {
			m := memstore.NewWith(&memstore.Options{Outbox: true})
			return allWorkspaces{outboxWrapped{m, nil}}
		},
		want: []string{
			"--- FAIL: TestBrokenOutbox/Outbox/Workspaces",
			"Relay.ReadOutbox of workspace A",
		},
	},
	{
		name: "pruned",
		what: "takes the Next of a batch that is not full from the events it still holds, forgetting those it pruned",
		store: func() store.Store {
			m := memstore.NewWith(&memstore.Options{Outbox: true})
			return prunedForgotten{outboxWrapped{m, nil}}
		},
		want: []string{
			"--- FAIL: TestBrokenOutbox/Outbox/PrunedNext",
			"the greatest position committed: a reader never moves back",
		},
	},
}

func TestBrokenOutboxesFail(t *testing.T) {
	if os.Getenv(brokenOutboxEnv) != "" {
		t.Skip("this is a broken-store subprocess")
	}
	if testing.Short() {
		t.Skip("runs the suite in a subprocess per broken store")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range brokenOutboxes {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), exe, "-test.run=^TestBrokenOutbox$", "-test.count=1")
			cmd.Env = append(os.Environ(), brokenOutboxEnv+"="+v.name)
			out, err := cmd.CombinedOutput()
			if _, ok := errors.AsType[*exec.ExitError](err); !ok {
				t.Fatalf("the suite run against a store that %s: got err %v, want a failed run; output:\n%s", v.what, err, out)
			}
			for _, w := range v.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("the suite run against a store that %s: its output lacks %q; output:\n%s", v.what, w, out)
				}
			}
		})
	}
}

// TestBrokenOutbox runs the suite against the broken store named by
// brokenOutboxEnv, in a subprocess of TestBrokenOutboxesFail.
func TestBrokenOutbox(t *testing.T) {
	name := os.Getenv(brokenOutboxEnv)
	if name == "" {
		t.Skip("runs only as a subprocess of TestBrokenOutboxesFail, with " + brokenOutboxEnv + " set")
	}
	for _, v := range brokenOutboxes {
		if v.name == name {
			storetest.RunWith(t, func(*testing.T) store.Store { return v.store() }, &storetest.Options{Outbox: true})
			return
		}
	}
	t.Fatalf("%s=%q names no broken outbox", brokenOutboxEnv, name)
}

// outboxWrapped is a memstore whose transactions offer the Outbox that ob
// makes (nil: memstore's).
type outboxWrapped struct {
	*memstore.Store
	ob func(store.Tx) store.Outbox
}

func (s outboxWrapped) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(s.wrap(tx)) })
}

func (s outboxWrapped) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(s.wrap(tx)) })
}

func (s outboxWrapped) wrap(tx store.Tx) store.Tx {
	if s.ob == nil {
		return tx
	}
	return outboxTx{tx, s.ob(tx)}
}

type outboxTx struct {
	store.Tx
	ob store.Outbox
}

func (t outboxTx) Outbox() store.Outbox { return t.ob }

// eagerOutbox appends in a transaction of its own, committed at once.
type eagerOutbox struct{ m *memstore.Store }

func (o eagerOutbox) Append(ctx context.Context, events ...store.OutboxEvent) error {
	return o.m.Update(ctx, func(tx store.Tx) error { return store.OutboxOf(tx).Append(ctx, events...) })
}

// allWorkspaces ignores OutboxQuery.Workspace.
type allWorkspaces struct{ outboxWrapped }

func (a allWorkspaces) ReadOutbox(ctx context.Context, q store.OutboxQuery) (store.OutboxBatch, error) {
	q.Workspace = ""
	return a.outboxWrapped.ReadOutbox(ctx, q)
}

// prunedForgotten answers a batch that is not full with the Next of the
// greatest position it still holds (at least After), as if it forgot the
// positions of the events it pruned.
type prunedForgotten struct{ outboxWrapped }

func (p prunedForgotten) ReadOutbox(ctx context.Context, q store.OutboxQuery) (store.OutboxBatch, error) {
	b, err := p.outboxWrapped.ReadOutbox(ctx, q)
	if err != nil || len(b.Events) == q.Size() {
		return b, err
	}
	b.Next = q.After
	for all := (store.OutboxQuery{After: q.After, Limit: store.MaxLimit}); ; {
		held, err := p.outboxWrapped.ReadOutbox(ctx, all)
		if err != nil {
			return store.OutboxBatch{}, err
		}
		if len(held.Events) == 0 {
			return b, nil
		}
		b.Next = held.Events[len(held.Events)-1].Position
		all.After = b.Next
	}
}
