package pgstore_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestDuplicateIndexAgreesWithDetectionFromScratch is the root package's
// test of the duplicate index, smaller, on PostgreSQL: after each random
// creation, edit, block, unblock, deletion, restore or merge, the index
// gives the answer of detection over every contact.
func TestDuplicateIndexAgreesWithDetectionFromScratch(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	ctx := t.Context()
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: contact.WorkspaceID(fmt.Sprintf("dups-%d", time.Now().UnixNano())), User: "u-owner", Role: contactkit.RoleOwner}
	r := rand.New(rand.NewPCG(7, 7))
	email := func() *string {
		local := []string{"ann", "bob", "cy"}[r.IntN(3)]
		return new(local + []string{"", "+1", "+2"}[r.IntN(3)] + "@" + []string{"gmail.com", "work.com"}[r.IntN(2)])
	}
	var ids []contact.ID
	pick := func() contact.ID { return ids[r.IntN(len(ids))] }
	done, groups := 0, 0
	for step := range 60 {
		var err error
		switch op := r.IntN(7); {
		case op < 2 || len(ids) < 2:
			var c contact.Contact
			if c, err = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: email()}}); err == nil {
				ids = append(ids, c.ID)
			}
		case op == 2:
			_, err = svc.UpdateContact(ctx, a, pick(), contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: *email(), Label: "work"}}})
		case op == 3:
			_, err = svc.BlockContact(ctx, a, pick(), "spam")
		case op == 4:
			_, err = svc.UnblockContact(ctx, a, pick())
		case op == 5:
			if _, err = svc.DeleteContact(ctx, a, pick()); err == nil {
				_, err = svc.RestoreContact(ctx, a, pick())
			}
		default:
			var p contactkit.MergePreview
			if p, err = svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: pick(), Others: []contact.ID{pick()}}); err == nil {
				_, err = svc.MergeContacts(ctx, a, p)
			}
		}
		if err == nil {
			done++
		}
		fromIndex, err := svc.FindDuplicates(ctx, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		fromScratch, err := svc.FindDuplicates(ctx, a, &contactkit.DuplicateOptions{FromScratch: true})
		if err != nil {
			t.Fatal(err)
		}
		groups += len(fromIndex.Groups)
		if !reflect.DeepEqual(fromIndex, fromScratch) {
			t.Fatalf("step %d: from the index %+v, from scratch %+v", step, fromIndex, fromScratch)
		}
	}
	if groups == 0 {
		t.Error("no step found duplicates: the sequence tests too little")
	}
	if done < 20 {
		t.Errorf("only %d operations succeeded: the sequence tests too little", done)
	}
}
