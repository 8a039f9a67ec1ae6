package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// BenchmarkFindDuplicates runs FindDuplicates through the Service on
// memstore in a workspace of 1,000,000 contacts (100,000 with -short), each
// with an email and a phone, about 10 % of them in duplicate groups (an
// address and one or two subaddresses of it) and, of the others, about 30 %
// with a dotted Gmail address (a variant form that nobody else holds, which
// the index keeps and FindDuplicates reads past): from the index the Service
// keeps ("index") and from scratch ("scratch", every contact read), in one
// run, interleaved. The contacts are written straight into the store, as
// an older version would have left them: the first call builds the index
// (its time is logged).
//
//	go test -run '^$' -bench FindDuplicates -benchtime 5x .
func BenchmarkFindDuplicates(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	ctx := b.Context()
	s := memstore.New()
	a := contactkit.Actor{Workspace: "bench-duplicates", User: "u-owner", Role: contactkit.RoleOwner}
	r := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var batch []contact.Contact
	flush := func() {
		err := s.Update(ctx, func(tx store.Tx) error {
			for _, c := range batch {
				if err := tx.Contacts().Create(ctx, &c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	for i := 0; i < n; {
		copies := 1
		if r.IntN(100) < 5 {
			copies += 1 + r.IntN(2) // a pair or a triple: about 10 % of the contacts
		}
		for k := range min(copies, n-i) {
			email := fmt.Sprintf("person%d@example.com", i)
			switch {
			case k > 0:
				email = fmt.Sprintf("person%d+%d@example.com", i-k, k)
			case r.IntN(10) < 3:
				// A dotted Gmail address: a variant form that nobody else
				// holds, so a holding of the index that is not shared.
				email = fmt.Sprintf("person.%d@gmail.com", i)
			}
			batch = append(batch, contact.Contact{
				ID: contact.ID(uuidFor(i)), Workspace: a.Workspace, Status: contact.StatusActive,
				FirstName: "Person", LastName: fmt.Sprint(i),
				Email:     contact.MustParseEmail(email),
				Phone:     contact.MustParsePhone(fmt.Sprintf("+3361%07d", i), ""),
				CreatedAt: at, UpdatedAt: at,
			})
			i++
		}
		if len(batch) >= 10_000 {
			flush()
		}
	}
	flush()
	svc := contactkit.New(s, nil)
	start := time.Now()
	first, err := svc.FindDuplicates(ctx, a, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d contacts, %d groups; the first call, which builds the index, took %v", n, len(first.Groups), time.Since(start))
	for range 2 {
		for _, fromScratch := range []bool{false, true} {
			name := "index"
			if fromScratch {
				name = "scratch"
			}
			b.Run(name, func(b *testing.B) {
				runtime.GC() // the garbage of what ran before is not this call's
				for b.Loop() {
					r, err := svc.FindDuplicates(ctx, a, &contactkit.DuplicateOptions{FromScratch: fromScratch})
					if err != nil {
						b.Fatal(err)
					}
					if len(r.Groups) != len(first.Groups) {
						b.Fatalf("%d groups, want %d", len(r.Groups), len(first.Groups))
					}
				}
			})
		}
	}
}

// uuidFor returns a version 7 UUID whose order is that of i.
func uuidFor(i int) [16]byte {
	var id [16]byte
	id[0], id[1], id[2], id[3] = byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
	id[6] = 0x70
	id[8] = 0x80
	return id
}
