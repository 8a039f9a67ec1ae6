package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/importer"
)

// acc10CancelReader cancels a context when its row at is read.
type acc10CancelReader struct {
	importer.Reader
	n, at  int
	cancel func()
}

func (r *acc10CancelReader) Next() (importer.Row, error) {
	if r.n++; r.n == r.at {
		r.cancel()
	}
	return r.Reader.Next()
}

// TestAcc10ImportCancelledMidBatch: the context cancelled at any moment
// (here, when the reader reaches a row, while a batch may be in a
// transaction of pgstore): on each store, the rows reported are whole
// batches, the result counts them and StoppedAt is the line after the
// last, the error an ImportStoppedError of context.Canceled at that line,
// and the contacts in the store are exactly those the reported rows
// created: a batch is written whole or not at all, and reported as it is.
func TestAcc10ImportCancelledMidBatch(t *testing.T) {
	data, _ := acc10File(61, 400)
	for _, batch := range []int{1, 7, 50} {
		for _, at := range []int{3, 40, 120, 333} {
			t.Run(fmt.Sprintf("batch%d/at%d", batch, at), func(t *testing.T) {
				for _, s := range acc10Sides(t) {
					ctx, cancel := context.WithCancel(context.Background())
					r, m := acc10Open(t, s, data)
					var lines []int
					created := 0
					opts := contactkit.ImportOptions{BatchSize: batch, OnRow: func(x contactkit.ImportRow) {
						lines = append(lines, x.Line)
						if x.Outcome == contactkit.ImportCreated {
							created++
						}
					}}
					res, err := s.svc.Import(ctx, acc10Actor, &acc10CancelReader{Reader: r, at: at, cancel: cancel}, m, &opts)
					cancel()
					se, ok := errors.AsType[*contactkit.ImportStoppedError](err)
					if err != nil && (!ok || !errors.Is(err, context.Canceled)) {
						t.Errorf("%s: error %v", s.name, err)
						continue
					}
					if res.Rows != len(lines) || res.Created != created {
						t.Errorf("%s: result %+v, %d rows reported (%d created)", s.name, res, len(lines), created)
					}
					if batch > 0 && res.Rows%batch != 0 && err != nil {
						t.Errorf("%s: %d rows reported: not whole batches of %d", s.name, res.Rows, batch)
					}
					if ok {
						next := 2
						if len(lines) > 0 {
							next = lines[len(lines)-1] + 1
						}
						if se.Line != next || res.StoppedAt != next {
							t.Errorf("%s: stopped at %d (result %d), the line after the last reported is %d", s.name, se.Line, res.StoppedAt, next)
						}
					}
					n := 0
					ctx2, c2 := context.WithTimeout(context.Background(), 10*time.Second)
					for _, err := range s.svc.Contacts(ctx2, acc10Actor, contactkit.ContactQuery{}) {
						if err != nil {
							t.Fatal(err)
						}
						n++
					}
					c2()
					if n != created {
						t.Errorf("%s: %d contacts in the store, %d rows reported created (result %+v, err %v)", s.name, n, created, res, err)
					}
				}
			})
		}
	}
}
