package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/pgstore"
)

// acc10WithText adds a text field "memo" to each side.
func acc10WithText(t *testing.T, sides []*acc10Side) {
	t.Helper()
	k, err := field.ParseKey("memo")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sides {
		if _, err := s.svc.CreateField(context.Background(), acc10Actor, field.Definition{Key: k, Label: "Memo", Type: field.TypeText}); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
}

// TestAcc10ImportControlCharacters: cells with control characters, a NUL
// among them (which PostgreSQL's text and jsonb cannot hold), and other
// odd text in every kind of column: both stores give the same outcome
// and the same contacts.
func TestAcc10ImportControlCharacters(t *testing.T) {
	sides := acc10Sides(t)
	acc10WithText(t, sides)
	var b strings.Builder
	b.WriteString("First Name,Last Name,Email,Phone,City,Company,Job Title,Tags,Notes,Memo\n")
	odd := []string{"a\x00b", "\x00", "x\x01y\x7f", "tab\tin", "\u2028sep", "\ufeffbom", "emoji 👩\u200d💻", "a\\u0000b", strings.Repeat("é", 300)}
	for i, v := range odd {
		q := `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		fmt.Fprintf(&b, "%s,%s,odd%d@example.com,,%s,%s,%s,%s,%s,%s\n", q, q, i, q, q, q, q, q, q)
	}
	for _, batch := range []int{1, 0} {
		runs := acc10Compare(t, sides, fmt.Sprint("batch ", batch), []byte(b.String()), contactkit.ImportOptions{BatchSize: batch}, nil)
		t.Logf("memstore %+v err=%s\npgstore %+v err=%s", runs[0].res, runs[0].err, runs[1].res, runs[1].err)
	}
}

// TestAcc10ImportRetriedBatches: on pgstore, a batch whose commit fails
// with a serialization failure is run again (store.Update retries): the
// rows are reported once, the failed rows written once, the counts and
// the contacts as on memstore, which never retries.
func TestAcc10ImportRetriedBatches(t *testing.T) {
	for _, batch := range []int{1, 7, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			pool := pgstore.NewTestPool(t)
			st := pgstore.New(pool, nil)
			sides := acc10Sides(t)
			// Replace the pgstore side by one whose store fails commits.
			sides[1] = acc10SideOn(t, "pgstore", st)
			data, extra := acc10File(5, 120)
			opts := contactkit.ImportOptions{BatchSize: batch, Tags: []string{"imported"}, Lists: []list.ID{}}
			pgstore.FailCommits(st, 3)
			acc10Compare(t, sides, "with retried commits", data, opts, extra)
			if n := pgstore.PendingFailures(st); n != 0 {
				t.Errorf("%d injected failures not met", n)
			}
			pgstore.FailCommits(st, 2)
			acc10Compare(t, sides, "again, with retried commits", data, opts, extra)
		})
	}
}

// TestAcc10ImportCancelled: the context cancelled from the Progress
// callback after the second batch: both stores stop at the same line,
// with the same rows reported and the same contacts written.
func TestAcc10ImportCancelled(t *testing.T) {
	for _, batch := range []int{1, 7} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			sides := acc10Sides(t)
			data, extra := acc10File(9, 100)
			var got [][]string
			var stopped []int
			for _, s := range sides {
				ctx, cancel := context.WithCancel(context.Background())
				n := 0
				var rows []string
				opts := contactkit.ImportOptions{BatchSize: batch, Progress: func(contactkit.ImportProgress) {
					if n++; n == 2 {
						cancel()
					}
				}, OnRow: func(r contactkit.ImportRow) { rows = append(rows, fmt.Sprint(r.Line, r.Outcome)) }}
				r, m := acc10Open(t, s, data)
				res, err := s.svc.Import(ctx, acc10Actor, r, m, &opts)
				cancel()
				var se *contactkit.ImportStoppedError
				if !errors.As(err, &se) || !errors.Is(err, context.Canceled) {
					t.Errorf("%s: error %v, want an ImportStoppedError of context.Canceled", s.name, err)
				} else {
					stopped = append(stopped, se.Line)
				}
				got = append(got, append(rows, fmt.Sprintf("%+v", res)))
			}
			acc10Diff(t, "rows", got[0], got[1])
			if len(stopped) == 2 && stopped[0] != stopped[1] {
				t.Errorf("stopped at line %d on memstore, %d on pgstore", stopped[0], stopped[1])
			}
			acc10Diff(t, "state", acc10State(t, sides[0], extra), acc10State(t, sides[1], extra))
		})
	}
}

// TestAcc10ImportLargeFileDefaultBatch: a file of several default batches
// (500), so that rows match contacts of earlier batches and of their own
// batch, upsert then again; dry runs agree.
func TestAcc10ImportLargeFileDefaultBatch(t *testing.T) {
	sides := acc10Sides(t)
	data, extra := acc10File(77, 1700)
	opts := contactkit.ImportOptions{Tags: []string{"big"}, Lists: []list.ID{}, Triggers: true}
	d := opts
	d.DryRun = true
	acc10Compare(t, sides, "dry", data, d, extra)
	acc10Compare(t, sides, "real", data, opts, extra)
	acc10Compare(t, sides, "dry again", data, d, extra)
	acc10Compare(t, sides, "again", data, opts, extra)
	u := opts
	u.UnsubscribeAll = true
	u.Mode = contactkit.ImportUpdateOnly
	acc10Compare(t, sides, "unsubscribe all, update only", data, u, extra)
	s := contactkit.ImportOptions{SuppressionOnly: true}
	other, extra2 := acc10File(78, 300)
	acc10Compare(t, sides, "suppression only", other, s, append(extra, extra2...))
}
