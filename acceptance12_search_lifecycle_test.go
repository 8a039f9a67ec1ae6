package contactkit_test

// Acceptance (twelfth round, issue 9 and DESIGN.md S1): searches between
// changes: an edit, a tag's removal and deletion, a merge, an unmerge, a
// trash and a restore, an erasure; each page of a search in the order of
// IDs.

import (
	"context"
	"slices"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

func TestAcc12SearchBetweenChanges(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	create := func(first, last, email, phone string, tags ...string) contact.ID {
		t.Helper()
		p := contact.Patch{FirstName: &first, LastName: &last}
		if email != "" {
			p.Email = &email
		}
		if phone != "" {
			p.Phone = &phone
		}
		c, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: p, Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	find := func(q string) []contact.ID {
		t.Helper()
		var ids []contact.ID
		for c, err := range svc.Contacts(ctx, accOwner, contactkit.ContactQuery{Text: q}) {
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			ids = append(ids, c.ID)
		}
		return ids
	}
	expect := func(stage, q string, want ...contact.ID) {
		t.Helper()
		if got := find(q); !slices.Equal(got, want) {
			t.Errorf("%s: %q finds %v, want %v", stage, q, got, want)
		}
	}
	ann := create("Hélène", "Dupré", "helene@example.fr", "06 12 34 56 78", "Salon 2026")
	dup := create("Helene", "Dupre", "h.dupre@work.example", "01 23 45 67 89")
	zoe := create("Zoë", "Åberg", "", "")

	expect("created", "helene dupre", ann, dup)
	if _, err := svc.UpdateContact(ctx, accOwner, zoe, contact.Patch{LastName: acc12P("Ström")}); err != nil {
		t.Fatal(err)
	}
	expect("renamed", "aberg")
	expect("renamed", "zoe strom", zoe)
	if _, err := svc.UntagContact(ctx, accOwner, ann, "salon 2026"); err != nil {
		t.Fatal(err)
	}
	expect("untagged", "salon")
	if _, err := svc.TagContact(ctx, accOwner, zoe, "Salon 2026"); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.DeleteTag(ctx, accOwner, "SALON 2026"); err != nil || n != 1 {
		t.Fatalf("delete tag: %d, %v", n, err)
	}
	expect("tag deleted", "salon")

	pv, err := svc.PreviewMerge(ctx, accOwner, contactkit.MergeRequest{Primary: ann, Others: []contact.ID{dup}})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := svc.MergeContacts(ctx, accOwner, pv)
	if err != nil {
		t.Fatal(err)
	}
	expect("merged", "helene dupre", ann)
	expect("merged", "h.dupre@work.example", ann)
	expect("merged", "01 23 45 67 89", ann)
	expect("merged", "work example", ann)
	if _, err := svc.UnmergeContacts(ctx, accOwner, rec.ID); err != nil {
		t.Fatal(err)
	}
	expect("unmerged", "helene dupre", ann, dup)
	expect("unmerged", "01 23 45 67 89", dup)
	expect("unmerged", "h.dupre@work.example", dup)

	if _, err := svc.DeleteContact(ctx, accOwner, dup); err != nil {
		t.Fatal(err)
	}
	expect("trashed", "helene", ann)
	expect("trashed", "01.23.45.67.89")
	if _, err := svc.RestoreContact(ctx, accOwner, dup); err != nil {
		t.Fatal(err)
	}
	expect("restored", "helene", ann, dup)
	if err := svc.EraseContact(ctx, accOwner, dup); err != nil {
		t.Fatal(err)
	}
	expect("erased", "helene", ann)
	expect("erased", "h.dupre@work.example")
	expect("erased", "0123456789")
	for _, trashed := range []bool{false, true} {
		p, err := svc.ListContacts(ctx, accOwner, contactkit.ContactQuery{Text: "dupre", Trashed: trashed}, store.PageRequest{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Items {
			if c.ID == dup {
				t.Errorf("erased: a search (trash %v) finds the erased contact", trashed)
			}
		}
	}
}

func acc12P(s string) *string { return &s }
