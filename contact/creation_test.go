package contact_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// TestCreatedExpandsToTheDiffOfACreation checks that the one record of a
// creation expands to exactly the per-field changes it packs, values with
// tabs, newlines and quotes included.
func TestCreatedExpandsToTheDiffOfACreation(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tests := []contact.Contact{
		{},
		{FirstName: "Ada", LastName: "Lovelace", Email: contact.MustParseEmail("ada@example.com")},
		{Company: "A\tB\nC \"quoted\" \\ back", Tags: tag.Set{tag.MustParseName("vip"), tag.MustParseName("Lead")},
			Fields: map[field.Key]field.Value{field.MustParseKey("plan"): field.Text("pro\nplus")}},
	}
	for _, c := range tests {
		c.ID = contact.MustParseID("01900000-0000-7000-8000-00000000000a")
		rec := contact.Created(&c)
		rec.At, rec.Actor, rec.Source, rec.Reason = at, "u-1", contact.ChangeAPI, "why"
		var want []contact.Change
		for _, ch := range contact.Diff(&contact.Contact{}, &c) {
			ch.At, ch.Actor, ch.Source, ch.Reason = at, "u-1", contact.ChangeAPI, "why"
			want = append(want, ch)
		}
		assert.Equal(t, want, rec.Expand(nil), "Expand(Created(%+v))", c)
	}
	other := contact.Change{Field: contact.FieldEmail, New: "x@example.com"}
	assert.Equal(t, []contact.Change{other}, other.Expand(nil), "any other change expands to itself")
}
