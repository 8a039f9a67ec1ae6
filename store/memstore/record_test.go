package memstore

import (
	"reflect"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// TestRecordRoundTrip checks that a record gives back exactly the contact it
// was made from, down to the values that the compact layout could lose: nil
// and empty slices and maps, zero times with a location, monotonic clock
// readings, values that are not the package's constants.
func TestRecordRoundTrip(t *testing.T) {
	w := newWorkspace("ws")
	paris := time.FixedZone("CET", 3600)
	id := contact.ID{1}
	base := func() contact.Contact {
		return contact.Contact{ID: id, Workspace: "ws", Version: 7}
	}
	cases := []struct {
		name string
		edit func(c *contact.Contact)
	}{
		{"zero", func(*contact.Contact) {}},
		{"empty slices and map", func(c *contact.Contact) {
			c.Tags, c.Channels, c.Fields = tag.Set{}, []contact.Channel{}, map[field.Key]field.Value{}
		}},
		{"zero times with a location", func(c *contact.Contact) {
			c.CreatedAt, c.DeletedAt = time.Time{}.In(paris), time.Time{}.In(paris)
		}},
		{"monotonic", func(c *contact.Contact) { c.CreatedAt, c.UpdatedAt = time.Now(), time.Now().In(paris) }},
		{"other values", func(c *contact.Contact) {
			c.Status, c.Source, c.Assignee, c.DeletedBy = "made-up", "elsewhere", "u1", "u2"
			c.DeletedAt = time.Date(2025, 1, 2, 3, 4, 5, 6, paris)
		}},
		{"rare", func(c *contact.Contact) {
			c.Alias, c.State, c.Avatar = "Zo", "IDF", "https://example.com/a.png"
			c.BirthDate = field.Date{Year: 1990, Month: 2, Day: 3}
		}},
		{"names and text, some empty", func(c *contact.Contact) {
			c.FirstName, c.City, c.JobTitle = "Hélène", "Lyon", "CTO"
		}},
		{"one text", func(c *contact.Contact) { c.Company = "Acme" }},
		{"last text only", func(c *contact.Contact) { c.JobTitle = "Buyer" }},
		{"every text", func(c *contact.Contact) {
			c.FirstName, c.LastName, c.City, c.Company, c.JobTitle = "Ada", "Lovelace", "London", "Analytical Engines", "Countess"
		}},
		{"every code", func(c *contact.Contact) {
			c.Status, c.Source, c.Assignee = contact.StatusBlocked, contact.SourceImport, "u3"
			c.Country, c.Language = contact.MustParseCountry("FR"), contact.MustParseLanguage("fr")
			c.Tags = tag.Set{tag.MustParseName("VIP")}
		}},
	}
	var prev *record
	for _, tc := range cases {
		c := base()
		tc.edit(&c)
		for _, old := range []*record{nil, prev} {
			r := newRecord(&c, w, c.Version, old)
			if got := r.contact(id); !reflect.DeepEqual(got, c) {
				t.Errorf("%s: record gives back\n\t%#v\nwant\n\t%#v", tc.name, got, c)
			}
			if got, want := r.trashed(), c.Trashed(); got != want {
				t.Errorf("%s: trashed() = %v, want %v", tc.name, got, want)
			}
			prev = r
		}
	}
}
