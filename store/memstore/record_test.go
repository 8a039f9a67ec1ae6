package memstore

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"
	"weak"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
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
		{"one location", func(c *contact.Contact) {
			c.CreatedAt, c.UpdatedAt = time.Date(2026, 1, 2, 3, 4, 5, 6, paris), time.Date(2026, 5, 6, 7, 8, 9, 10, paris)
		}},
		{"local, no monotonic reading", func(c *contact.Contact) {
			c.CreatedAt = time.Now().Round(0)
			c.UpdatedAt = c.CreatedAt.Add(time.Hour)
		}},
		{"UTC, before 1970", func(c *contact.Contact) {
			c.CreatedAt, c.UpdatedAt = time.Date(1901, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC)
		}},
		{"two locations", func(c *contact.Contact) {
			c.CreatedAt, c.UpdatedAt = time.Date(2026, 1, 2, 3, 4, 5, 6, paris), time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
		}},
		{"a zero time and a time", func(c *contact.Contact) { c.UpdatedAt = time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC) }},
		{"years nanoseconds do not reach", func(c *contact.Contact) {
			c.CreatedAt, c.UpdatedAt = time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		}},
		{"the least nanosecond count", func(c *contact.Contact) {
			c.CreatedAt, c.UpdatedAt = time.Unix(0, math.MinInt64).UTC(), time.Unix(0, math.MinInt64+1).UTC()
		}},
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
			if got := r.contact(w, id); !reflect.DeepEqual(got, c) {
				t.Errorf("%s: record gives back\n\t%#v\nwant\n\t%#v", tc.name, got, c)
			}
			if got, want := r.trashed(), c.Trashed(); got != want {
				t.Errorf("%s: trashed() = %v, want %v", tc.name, got, want)
			}
			prev = r
		}
	}
	// A new location for every time: past maxZones, kept in rare, not in
	// a table that grows.
	for i := range 2 * maxZones {
		zone := time.FixedZone("Z", i*60)
		c := base()
		c.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 6, zone)
		c.UpdatedAt = c.CreatedAt
		if got := newRecord(&c, w, c.Version, nil).contact(w, id); !reflect.DeepEqual(got, c) {
			t.Fatalf("zone %d: record gives back\n\t%#v\nwant\n\t%#v", i, got, c)
		}
	}
	if n := len(w.zones.vals); n > maxZones {
		t.Errorf("the workspace has %d zones, want at most %d", n, maxZones)
	}
}

// TestRecordsShareTagSets checks that the records of equal tag sets hold
// one copy of it, that an empty set stays apart from a nil one, and that a
// set no record holds any more leaves the table.
func TestRecordsShareTagSets(t *testing.T) {
	w := newWorkspace("ws")
	vip, lead := tag.MustParseName("VIP"), tag.MustParseName("Lead")
	make := func(tags tag.Set) *record {
		c := contact.Contact{ID: contact.ID{1}, Workspace: "ws", Tags: tags}
		return newRecord(&c, w, 1, nil)
	}
	a, b := make(tag.Set{vip, lead}), make(tag.Set{vip, lead})
	if a.tags != b.tags {
		t.Error("two records of one tag set hold two copies")
	}
	if c := make(tag.Set{lead, vip}); c.tags == a.tags {
		t.Error("sets in another order share a copy")
	}
	if got := make(tag.Set{}).contact(w, contact.ID{1}).Tags; got == nil || len(got) != 0 {
		t.Errorf("an empty set comes back as %#v", got)
	}
	if got := make(nil).contact(w, contact.ID{1}).Tags; got != nil {
		t.Errorf("a nil set comes back as %#v", got)
	}
	// Sets that no record holds go once collected.
	for i := range 100 {
		make(tag.Set{tag.MustParseName(fmt.Sprintf("t%d", i))})
	}
	deadline := time.Now().Add(10 * time.Second)
	for w.tagSets.len() > 3 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := w.tagSets.len(); n > 3 {
		t.Errorf("the table holds %d sets after the records of 100 of them are gone, want 3", n)
	}
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
}

// TestDroppedStoreIsCollected checks that a Store nobody holds is freed with
// its workspaces, tagged contacts included: the cleanup of a shared tag set
// must not hold the workspace that holds the set.
func TestDroppedStoreIsCollected(t *testing.T) {
	for _, tags := range []tag.Set{nil, {}, {tag.MustParseName("VIP")}} {
		w := workspaceOfDroppedStore(t, tags)
		deadline := time.Now().Add(5 * time.Second)
		for w.Value() != nil && time.Now().Before(deadline) {
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
		if w.Value() != nil {
			t.Errorf("tags %v: the workspace of a dropped Store is never freed", tags)
		}
	}
}

func workspaceOfDroppedStore(t *testing.T, tags tag.Set) weak.Pointer[workspace] {
	t.Helper()
	ctx := t.Context()
	s := New()
	c := contact.Contact{ID: contact.ID{1}, Workspace: "ws", FirstName: "Ann", Tags: tags}
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, &c) }); err != nil {
		t.Fatal(err)
	}
	return weak.Make(s.workspace("ws"))
}

// TestPackedFieldsRoundTrip: a record gives back the custom field values it
// was made with, exactly: nil and empty maps, a zero value, every type
// (a multiselect's options kept as stored), contents longer than a
// one-byte length, and more keys than a one-byte code.
func TestPackedFieldsRoundTrip(t *testing.T) {
	w := newWorkspace("ws")
	long := strings.Repeat("é", 9000)
	day, err := field.ParseDate("1990-05-04")
	if err != nil {
		t.Fatal(err)
	}
	values := []field.Value{
		{}, field.Text("Hélène"), field.Textarea("two\nlines"), field.Number("-12.5"), field.Monetary("1000.25"),
		field.Bool(true), field.Bool(false), field.DateValue(day), field.Datetime(time.Date(2024, 5, 1, 10, 30, 0, 0, time.UTC)),
		field.Select("Pro"), field.Multiselect("Web", "Shop"), field.Phone("+33612345678"), field.Email("ann@example.com"),
		field.URL("https://example.com/a?b=c"), field.Text(long), field.Text(long[:200]),
	}
	check := func(m map[field.Key]field.Value) {
		t.Helper()
		c := contact.Contact{Workspace: "ws", Status: contact.StatusActive, Fields: m}
		got := newRecord(&c, w, 1, nil).contact(w, contact.ID{1}).Fields
		if (got == nil) != (m == nil) || len(got) != len(m) {
			t.Fatalf("Fields %v came back as %v", m, got)
		}
		for k, v := range m {
			if g, ok := got[k]; !ok || g != v {
				t.Fatalf("field %s: %#v came back as %#v (present %v)", k, v, g, ok)
			}
		}
	}
	check(nil)
	check(map[field.Key]field.Value{})
	for i, v := range values {
		check(map[field.Key]field.Value{field.MustParseKey(fmt.Sprintf("k%d", i)): v})
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		m := map[field.Key]field.Value{}
		for range r.IntN(6) {
			m[field.MustParseKey(fmt.Sprintf("key_%d", r.IntN(300)))] = values[r.IntN(len(values))]
		}
		check(m)
	}
	if n := len(w.fieldKeys.vals); n < 200 {
		t.Fatalf("only %d keys: codes of one byte only", n)
	}
}

// TestRecordLayout: a record stays in the heap's 144-byte size class, and
// a contact whose only unusual values are its times (those of time.Now,
// with a monotonic clock reading; two locations) holds them without a
// rareFields (the heap at rest counts on both).
func TestRecordLayout(t *testing.T) {
	if n := unsafe.Sizeof(record{}); n > 144 {
		t.Errorf("a record takes %d bytes, want at most 144", n)
	}
	w := newWorkspace("ws")
	now := time.Now()
	cases := []struct {
		name             string
		created, updated time.Time
		times            bool // kept in times, not in createdAt and updatedAt
	}{
		{"packed", now.Round(0), now.Round(0), false},
		{"monotonic", now, now, true},
		{"two locations", now.Round(0), now.Round(0).UTC(), true},
	}
	for _, tc := range cases {
		c := contact.Contact{ID: contact.ID{1}, Workspace: "ws", Version: 1, CreatedAt: tc.created, UpdatedAt: tc.updated}
		r := newRecord(&c, w, 1, nil)
		if r.rare != nil {
			t.Errorf("%s: the record holds a rareFields", tc.name)
		}
		if got := r.times != nil; got != tc.times {
			t.Errorf("%s: times held apart = %v, want %v", tc.name, got, tc.times)
		}
		if got := r.contact(w, c.ID); !reflect.DeepEqual(got, c) {
			t.Errorf("%s: record gives back\n\t%#v\nwant\n\t%#v", tc.name, got, c)
		}
	}
}

// TestRecordText: a record's names, city, company, job title and custom
// field values come back from its one text whichever of them are empty, a
// single part without fields is not copied, and the search text (see
// searchable) leaves the custom field values out.
func TestRecordText(t *testing.T) {
	w := newWorkspace("ws")
	fields := map[field.Key]field.Value{field.MustParseKey("plan"): field.Select("Pro")}
	cases := []struct {
		name                            string
		first, last, city, company, job string
		fields                          map[field.Key]field.Value
		search                          string // the record's search text
	}{
		{"nothing", "", "", "", "", "", nil, ""},
		{"fields alone", "", "", "", "", "", fields, ""},
		{"empty fields", "", "", "", "", "", map[field.Key]field.Value{}, ""},
		{"one part", "", "", "Lyon", "", "", nil, "Lyon"},
		{"one part and fields", "", "", "", "", "CTO", fields, "CTO"},
		{"every part", "Ada", "Lovelace", "London", "Analytical Engines", "Countess", nil, "AdaLovelaceLondonAnalytical EnginesCountess"},
		{"every part and fields", "Ada", "Lovelace", "London", "Analytical Engines", "Countess", fields, "AdaLovelaceLondonAnalytical EnginesCountess"},
		{"first and last parts", "Zoé", "", "", "", "Buyer", fields, "ZoéBuyer"},
	}
	for _, tc := range cases {
		c := contact.Contact{ID: contact.ID{1}, Workspace: "ws", Version: 1, FirstName: tc.first, LastName: tc.last,
			City: tc.city, Company: tc.company, JobTitle: tc.job, Fields: tc.fields}
		r := newRecord(&c, w, 1, nil)
		if got := r.contact(w, c.ID); !reflect.DeepEqual(got, c) {
			t.Errorf("%s: record gives back\n\t%#v\nwant\n\t%#v", tc.name, got, c)
		}
		if got := r.searchText(); got != tc.search {
			t.Errorf("%s: search text %q, want %q", tc.name, got, tc.search)
		}
		if tc.name == "one part" && unsafe.StringData(r.text) == unsafe.StringData(tc.city) {
			// The part may be a part of a larger string, which the record
			// would keep whole.
			t.Errorf("%s: the text is its one part, not a string of its own", tc.name)
		}
		// Other custom field values leave the search text as it is.
		d := c
		d.Fields = map[field.Key]field.Value{field.MustParseKey("plan"): field.Select("Business")}
		if searchable(r, newRecord(&d, w, 1, r)) {
			t.Errorf("%s: a change of custom field values alone changes the search text", tc.name)
		}
	}
}
