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
		{Company: "\"starts quoted", City: "ends quoted\"", State: "\xff not UTF-8", Alias: "Zoë · ♥"},
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
	// A record of the first packing (full names, every value quoted) still
	// expands.
	old := contact.Change{Field: contact.FieldCreated, New: "first_name\t\"Ada\"\nfields.plan\t\"pro\\nplus\"\ncity\tnot quoted"}
	assert.Equal(t, []contact.Change{
		{Field: contact.FieldFirstName, New: "Ada"},
		{Field: contact.CustomFieldPrefix + "plan", New: "pro\nplus"},
		{Field: contact.FieldCreated, New: "city\tnot quoted"},
	}, old.Expand(nil))
	other := contact.Change{Field: contact.FieldEmail, New: "x@example.com"}
	assert.Equal(t, []contact.Change{other}, other.Expand(nil), "any other change expands to itself")
}

// FuzzCreatedExpands checks that any values, whatever bytes they hold, come
// back from the packing of a creation exactly.
func FuzzCreatedExpands(f *testing.F) {
	f.Add("Ada", "Lovelace", "\"x", "a\tb\nc\\", "pro")
	f.Add("", "\xff", "\x02", "\n", "")
	f.Fuzz(func(t *testing.T, first, last, city, company, plan string) {
		c := contact.Contact{FirstName: first, LastName: last, City: city, Company: company}
		if plan != "" {
			c.Fields = map[field.Key]field.Value{field.MustParseKey("plan"): field.Text(plan)}
		}
		want := contact.Diff(&contact.Contact{}, &c)
		got := contact.Created(&c).Expand(nil)
		if len(want) == 0 {
			want = nil
		}
		assert.Equal(t, want, got)
	})
}
