package contact_test

import (
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// canonicalPatch is a typical patch whose values are in canonical form
// already, as an import's rows and a contact's values read again are: a
// name with an accent, an email, a phone in E.164 form, a city, a company
// and two custom values, a text and a number.
func canonicalPatch() (contact.Patch, contact.ApplyOptions) {
	defs := []field.Definition{
		{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText},
		{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber},
	}
	s := func(v string) *string { return &v }
	p := contact.Patch{FirstName: s("Hélène"), LastName: s("Dupont"), Email: s("helene.dupont@example.fr"),
		Phone: s("+33612345678"), City: s("Lyon"), Company: s("Acme SARL"),
		Fields: map[string]string{"plan": "gold", "score": "42"}}
	return p, contact.ApplyOptions{DefaultRegion: "FR", Defs: defs, KeepOnBlank: true}
}

// Apply of canonical values allocates the new contact's custom fields, its
// email (a string of its own: see ParseEmail) and its phone's E.164 form,
// nothing more: no copy of a value that is canonical already (8
// allocations before).
func TestApplyCanonicalAllocations(t *testing.T) {
	p, opts := canonicalPatch()
	var c contact.Contact
	n := testing.AllocsPerRun(200, func() {
		c = contact.Contact{Workspace: "ws", Status: contact.StatusActive}
		if err := p.Apply(&c, opts); err != nil {
			t.Fatal(err)
		}
	})
	if n > 4 {
		t.Errorf("Apply of a canonical patch: %v allocations, want at most 4", n)
	}
	if c.Phone.String() != "+33612345678" || c.Fields[field.MustParseKey("score")].String() != "42" || c.FirstName != "Hélène" {
		t.Errorf("Apply gave %+v", c)
	}
}

func BenchmarkPatchApply(b *testing.B) {
	p, opts := canonicalPatch()
	b.ReportAllocs()
	for b.Loop() {
		c := contact.Contact{Workspace: "ws", Status: contact.StatusActive}
		if err := p.Apply(&c, opts); err != nil {
			b.Fatal(err)
		}
	}
}
