package contactkit_test

import (
	"encoding/json"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

func TestRv21eventsScratch(t *testing.T) {
	ctx := t.Context()
	h, _, _ := outboxHarness(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	step := func(name string) {
		t.Logf("---- %s", name)
		for _, e := range h.events {
			b, _ := json.Marshal(e)
			t.Logf("%s %s", contactkit.EventType(e), b)
		}
		h.events = nil
	}
	a := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}, "x")
	b := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Phone: new("+33612345678")}, "x", "y")
	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID}})
	must(err)
	rec, err := h.svc.MergeContacts(ctx, owner, p)
	must(err)
	step("setup")
	n, err := h.svc.DeleteTag(ctx, owner, "y")
	t.Log(n, err)
	step("deletetag")
	_, err = h.svc.UnmergeContacts(ctx, owner, rec.ID)
	t.Log(err)
	step("unmerge")
	got, err := h.svc.GetContact(ctx, owner, b.ID)
	t.Log(got.Tags, err)
}
