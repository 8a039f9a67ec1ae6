package contactkit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestDuplicateIndexWritesReadTheirOwnKeys: a write of a contact reads the
// holding of each key whose hold it changes, and a bucket of shared
// holdings only when it changes a shared one. Each email written read the
// bucket of its key, a 4,096th of every holding of the workspace, until
// the holdings had records of their own: at 1,000,000 contacts a tenth of
// the time of a creation.
func TestDuplicateIndexWritesReadTheirOwnKeys(t *testing.T) {
	ctx := context.Background()
	counted := &m13Counting{Store: memstore.New(), lists: map[string]int{}}
	svc := contactkit.New(counted, &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	// A workspace whose buckets all hold holdings, shared or not, and
	// whose index is built.
	for i := range 3 * merge.Buckets {
		email := fmt.Sprintf("p.%d@gmail.com", i) // a variant of p<i>@gmail.com
		if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: &email}}); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			plain := fmt.Sprintf("p%d@gmail.com", i) // shares it
			if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: &plain}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := svc.FindDuplicates(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	holdings, buckets := store.KindHolding.Name(), store.KindHoldingBucket.Name()
	create := func(email string) contact.ID {
		t.Helper()
		counted.took()
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: &email}})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	for _, tc := range []struct {
		email             string
		holdings, buckets int
		why               string
	}{
		{"ada@example.com", 1, 0, "an address held as is that no variant holds"},
		{"a.da@gmail.com", 1, 0, "a variant that nobody else holds"},
		{"ada@gmail.com", 1, 1, "the address that variant holds, which shares it"},
		{"p1@gmail.com", 1, 1, "the address of an unshared holding, which it shares"},
		{"p0@gmail.com", 0, 0, "taken: refused before the index"},
	} {
		email := tc.email
		counted.took()
		_, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: &email}})
		if tc.holdings == 0 {
			if err == nil {
				t.Fatalf("%s (%s): created", email, tc.why)
			}
		} else if err != nil {
			t.Fatal(err)
		}
		n := counted.took()
		if n[holdings] != tc.holdings || n[buckets] != tc.buckets {
			t.Errorf("creating %s (%s) read %d holdings and %d buckets, want %d and %d", email, tc.why, n[holdings], n[buckets], tc.holdings, tc.buckets)
		}
	}
	// Erasing a holder of a shared holding of two leaves it unshared: its
	// bucket is read to take it out.
	bob := create("b.ob@gmail.com")
	create("bob@gmail.com")
	counted.took()
	if err := svc.EraseContact(ctx, a, bob); err != nil {
		t.Fatal(err)
	}
	if n := counted.took(); n[holdings] != 1 || n[buckets] != 1 {
		t.Errorf("erasing a holder of a shared holding read %d holdings and %d buckets, want 1 and 1", n[holdings], n[buckets])
	}
	res, err := svc.FindDuplicates(ctx, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := merge.Buckets + 2; len(res.Groups) != want {
		t.Errorf("%d groups after the writes, want %d", len(res.Groups), want)
	}
}

// TestDuplicateIndexOfAnEarlierLayoutIsBuiltAgain: a workspace whose index
// an earlier version kept (every holding in the buckets, no record of its
// own, the mark "built") builds it again at its first FindDuplicates,
// rather than trust buckets that the writes since have not kept: a
// contact that gave up its shared address is no duplicate any more.
func TestDuplicateIndexOfAnEarlierLayoutIsBuiltAgain(t *testing.T) {
	ctx := context.Background()
	st := memstore.New()
	svc := contactkit.New(st, &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	var ids []contact.ID
	for _, email := range []string{"a.da@gmail.com", "ada@gmail.com"} {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: &email}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	if res, err := svc.FindDuplicates(ctx, a, nil); err != nil || len(res.Groups) != 1 {
		t.Fatalf("FindDuplicates: %+v, %v; want one group", res, err)
	}
	// As the earlier version left it.
	err := st.Update(ctx, func(tx store.Tx) error {
		hs := store.Holdings(tx.Records())
		for h, err := range hs.All(ctx, a.Workspace, store.Query{}) {
			if err != nil {
				return err
			}
			if err := hs.Delete(ctx, a.Workspace, &h); err != nil {
				return err
			}
		}
		bs := store.HoldingBuckets(tx.Records())
		for b, err := range bs.All(ctx, a.Workspace, store.Query{}) {
			if err != nil {
				return err
			}
			if b.Len() == 0 { // the mark
				if err := bs.Delete(ctx, a.Workspace, &b); err != nil {
					return err
				}
			}
		}
		return bs.Put(ctx, a.Workspace, &merge.HoldingBucket{ID: "built"})
	})
	if err != nil {
		t.Fatal(err)
	}
	other := "cy@example.com"
	if _, err := svc.UpdateContact(ctx, a, ids[1], contact.Patch{Email: &other}); err != nil {
		t.Fatal(err)
	}
	res, err := svc.FindDuplicates(ctx, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 0 {
		t.Fatalf("groups after ada@gmail.com left its contact: %+v, want none", res.Groups)
	}
}
