package contact_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

func TestLimitsWithDefaults(t *testing.T) {
	if got := (contact.Limits{}).WithDefaults(); got != contact.DefaultLimits {
		t.Errorf("zero Limits WithDefaults() = %+v, want DefaultLimits", got)
	}
	l := contact.Limits{Name: 500, Tags: tag.Limits{PerContact: 1000}}.WithDefaults()
	if l.Name != 500 || l.Text != contact.MaxTextLen || l.Tags.PerContact != 1000 || l.Tags.PerCall != tag.MaxPerCall || l.Fields != field.DefaultLimits {
		t.Errorf("WithDefaults() = %+v", l)
	}
}

func TestPatchLimits(t *testing.T) {
	at, over := strings.Repeat("é", contact.MaxNameLen), strings.Repeat("é", contact.MaxNameLen+1)
	tests := []struct {
		name  string
		patch contact.Patch
		lim   contact.Limits
		field string // the field refused, "" when accepted
	}{
		{"first name at the limit", contact.Patch{FirstName: new(at)}, contact.Limits{}, ""},
		{"first name over", contact.Patch{FirstName: new(over)}, contact.Limits{}, contact.FieldFirstName},
		{"last name over", contact.Patch{FirstName: new("A"), LastName: new(over)}, contact.Limits{}, contact.FieldLastName},
		{"alias over", contact.Patch{FirstName: new("A"), Alias: new(over)}, contact.Limits{}, contact.FieldAlias},
		{"company over", contact.Patch{FirstName: new("A"), Company: new(over)}, contact.Limits{}, contact.FieldCompany},
		{"job title over", contact.Patch{FirstName: new("A"), JobTitle: new(over)}, contact.Limits{}, contact.FieldJobTitle},
		{"city over", contact.Patch{FirstName: new("A"), City: new(over)}, contact.Limits{}, contact.FieldCity},
		{"state over", contact.Patch{FirstName: new("A"), State: new(over)}, contact.Limits{}, contact.FieldState},
		{"raised name limit", contact.Patch{FirstName: new(over)}, contact.Limits{Name: 300}, ""},
		{"raised name limit leaves text", contact.Patch{FirstName: new(over), City: new(over)}, contact.Limits{Name: 300}, contact.FieldCity},
		{"lowered text limit", contact.Patch{FirstName: new("A"), Company: new("ACME Corporation")}, contact.Limits{Text: 4}, contact.FieldCompany},
		{"white space does not count", contact.Patch{FirstName: new("  " + at + " \u200b ")}, contact.Limits{}, ""},
		{"a megabyte", contact.Patch{FirstName: new(strings.Repeat("a", 1<<20))}, contact.Limits{}, contact.FieldFirstName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := contact.Contact{Workspace: "w", Status: contact.StatusActive}
			err := tt.patch.Apply(&c, contact.ApplyOptions{Limits: tt.lim})
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Apply = %v", err)
				}
				return
			}
			pe, ok := errors.AsType[*contact.ParseError](err)
			if !ok || pe.Field != tt.field || !errors.Is(err, contact.ErrTooLong) || !errors.Is(err, contact.ErrInvalid) {
				t.Fatalf("Apply = %v, want a *ParseError for %s wrapping ErrTooLong and ErrInvalid", err, tt.field)
			}
			if len(err.Error()) > 300 {
				t.Errorf("error message of %d bytes", len(err.Error()))
			}
		})
	}
}

func TestPatchFieldLimits(t *testing.T) {
	defs := []field.Definition{{Key: field.MustParseKey("bio"), Label: "Bio", Type: field.TypeText}}
	in := strings.Repeat("x", 300)
	c := contact.Contact{Workspace: "w", Status: contact.StatusActive, Alias: "A"}
	p := contact.Patch{Fields: map[string]string{"bio": in}}
	if err := p.Apply(&c, contact.ApplyOptions{Defs: defs}); !errors.Is(err, field.ErrTooLong) {
		t.Errorf("Apply(300 characters of text) = %v, want ErrTooLong", err)
	}
	if err := p.Apply(&c, contact.ApplyOptions{Defs: defs, Limits: contact.Limits{Fields: field.Limits{Text: 300}}}); err != nil {
		t.Errorf("Apply(300 characters of text, Text: 300) = %v", err)
	}
	if got := c.Fields[field.MustParseKey("bio")].String(); got != in {
		t.Errorf("bio = %d characters, want 300", len(got))
	}
}

func TestPatchEmailInput(t *testing.T) {
	c := contact.Contact{Workspace: "w", Status: contact.StatusActive}
	p := contact.Patch{Email: new(" Ann Lee <Ann@Bücher.de> ")}
	if err := p.Apply(&c, contact.ApplyOptions{}); err != nil || c.Email != contact.MustParseEmail("ann@xn--bcher-kva.de") {
		t.Fatalf("Apply(pasted email) = %v, email %q", err, c.Email)
	}
	c = contact.Contact{Workspace: "w", Status: contact.StatusActive}
	err := p.Apply(&c, contact.ApplyOptions{EmailPolicy: contact.EmailASCII})
	if !errors.Is(err, contact.ErrEmailNotASCII) || !c.Email.IsZero() {
		t.Errorf("Apply(international email, ASCII policy) = %v, want ErrEmailNotASCII", err)
	}
	p = contact.Patch{Email: new("ann@example.com; bob@example.com")}
	if err := p.Apply(&c, contact.ApplyOptions{}); !errors.Is(err, contact.ErrEmailSeveral) {
		t.Errorf("Apply(two emails) = %v, want ErrEmailSeveral", err)
	}
}

func TestCheckLen(t *testing.T) {
	lim := contact.DefaultLimits
	tests := []struct {
		name  string
		check func(string) error
		max   int
		field string
	}{
		{"reason", lim.CheckReason, contact.MaxReasonLen, contact.FieldReason},
		{"note", lim.CheckNote, contact.MaxNoteLen, contact.FieldNote},
		{"raised reason", contact.Limits{Reason: 5000}.CheckReason, 5000, contact.FieldReason},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ok := range []string{"", strings.Repeat("a", tt.max), strings.Repeat("€", tt.max)} {
				if err := tt.check(ok); err != nil {
					t.Errorf("%d characters: %v", len([]rune(ok)), err)
				}
			}
			for _, bad := range []string{strings.Repeat("a", tt.max+1), strings.Repeat("€", tt.max+1), strings.Repeat("x", 1<<20)} {
				err := tt.check(bad)
				pe, ok := errors.AsType[*contact.ParseError](err)
				if !ok || pe.Field != tt.field || !errors.Is(err, contact.ErrTooLong) || !errors.Is(err, contact.ErrInvalid) {
					t.Errorf("%d bytes: %v, want a *ParseError for %s wrapping ErrTooLong", len(bad), err, tt.field)
				} else if len(err.Error()) > 300 {
					t.Errorf("%d bytes: error message of %d bytes", len(bad), len(err.Error()))
				}
			}
		})
	}
}

// TestParsersRefuseAMegabyte gives every parser of the package a megabyte
// of input: each refuses it with a short message, and those that
// bound their input early refuse it without reading it (counted in
// allocations, not timed, so that a quadratic regression cannot hide
// behind a fast machine).
func TestParsersRefuseAMegabyte(t *testing.T) {
	inputs := map[string]string{
		"letters": strings.Repeat("a", 1<<20),
		"dashes":  strings.Repeat("-", 1<<20),
		"ats":     strings.Repeat("@", 1<<20),
		"address": strings.Repeat("a", 1<<20) + "@example.com",
		"angles":  strings.Repeat("<", 1<<20),
		"accents": strings.Repeat("é", 1<<19),
	}
	parsers := []struct {
		name    string
		parse   func(string) error
		bounded bool // refused before it is read
	}{
		{"ParseEmail", func(s string) error { _, err := contact.ParseEmail(s); return err }, true},
		{"EmailASCII.ParseEmail", func(s string) error { _, err := contact.EmailASCII.ParseEmail(s); return err }, true},
		{"ParseEmailInput", func(s string) error { _, _, err := contact.ParseEmailInput(s); return err }, true},
		{"ParseLanguage", func(s string) error { _, err := contact.ParseLanguage(s); return err }, true},
		{"ParseAvatar", func(s string) error { _, err := contact.ParseAvatar(s); return err }, true},
		{"ParseID", func(s string) error { _, err := contact.ParseID(s); return err }, true},
		{"ParseCountry", func(s string) error { _, err := contact.ParseCountry(s); return err }, false},
		{"ParsePhone", func(s string) error { _, err := contact.ParsePhone(s, "FR"); return err }, false},
		{"CheckReason", contact.DefaultLimits.CheckReason, true},
		{"Patch.Apply", func(s string) error {
			c := contact.Contact{Workspace: "w", Status: contact.StatusActive}
			return (&contact.Patch{FirstName: &s, LastName: &s, Alias: &s, Company: &s, JobTitle: &s, City: &s, State: &s,
				Email: &s, Language: &s, BirthDate: &s}).Apply(&c, contact.ApplyOptions{})
		}, false},
	}
	for _, p := range parsers {
		for name, in := range inputs {
			err := p.parse(in)
			if err == nil {
				t.Errorf("%s(%s): accepted a megabyte", p.name, name)
				continue
			}
			if max := 300 * (1 + strings.Count(err.Error(), "\n")); len(err.Error()) > max {
				t.Errorf("%s(%s): error message of %d bytes: %.200s…", p.name, name, len(err.Error()), err)
			}
			if p.bounded {
				if n := allocated(func() { _ = p.parse(in) }); n > 16<<10 {
					t.Errorf("%s(%s): %d bytes allocated to refuse a megabyte: it was read", p.name, name, n)
				}
			}
		}
	}
}

// allocated returns the bytes of heap that f allocates. A parser that
// refuses an input before reading it allocates a few hundred bytes for its
// error; one that copies or normalises the input allocates its size.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestPatchInvisibleIsBlank checks that a value of only invisible
// characters (an import cell holding a byte order mark) is blank: with
// KeepOnBlank it leaves its field as it is, and that such characters around
// a value do not make it invalid.
func TestPatchInvisibleIsBlank(t *testing.T) {
	defs := []field.Definition{{Key: field.MustParseKey("bio"), Label: "Bio", Type: field.TypeText}}
	start := contact.Contact{Workspace: "w", Status: contact.StatusActive, FirstName: "Ann",
		Email: contact.MustParseEmail("ann@example.com"), Fields: map[field.Key]field.Value{field.MustParseKey("bio"): field.Text("x")}}
	c := start.Clone()
	p := contact.Patch{FirstName: new("\ufeff"), Email: new("\u200b "), Country: new("\ufeff"), Fields: map[string]string{"bio": "\u200b"}}
	if err := p.Apply(&c, contact.ApplyOptions{Defs: defs, KeepOnBlank: true}); err != nil {
		t.Fatalf("Apply(invisible values, KeepOnBlank) = %v", err)
	}
	if c.FirstName != "Ann" || c.Email != start.Email || c.Fields[field.MustParseKey("bio")] != field.Text("x") {
		t.Errorf("invisible values changed the contact: %q %q %v", c.FirstName, c.Email, c.Fields)
	}
	p = contact.Patch{Email: new("\ufeffbob@example.com\u200b"), Country: new("\ufefffr"), Language: new("\u200ben")}
	if err := p.Apply(&c, contact.ApplyOptions{Defs: defs}); err != nil || c.Email.String() != "bob@example.com" || c.Country.String() != "FR" {
		t.Errorf("Apply(values with invisible characters) = %v: %q %q", err, c.Email, c.Country)
	}
}

func TestLimitsCheck(t *testing.T) {
	c := contact.Contact{Workspace: "w", Status: contact.StatusActive, FirstName: "Ann", Company: strings.Repeat("x", contact.MaxTextLen)}
	if err := contact.DefaultLimits.Check(c); err != nil {
		t.Errorf("Check(within the limits) = %v", err)
	}
	many := make([]string, tag.MaxPerContact+1)
	for i := range many {
		many[i] = fmt.Sprint("tag ", i)
	}
	names, err := tag.Limits{PerCall: len(many)}.Parse(many...)
	if err != nil {
		t.Fatal(err)
	}
	c.Tags = tag.NewSet(names...)
	c.FirstName = strings.Repeat("a", contact.MaxNameLen+1)
	err = contact.Limits{}.Check(c)
	if pe, ok := errors.AsType[*contact.ParseError](err); !ok || pe.Field != contact.FieldFirstName || !errors.Is(err, contact.ErrTooLong) {
		t.Errorf("Check = %v, want the first name too long", err)
	}
	if !errors.Is(err, tag.ErrTooMany) {
		t.Errorf("Check with %d tags = %v, want ErrTooMany", c.Tags.Len(), err)
	}
	if err := (contact.Limits{Name: 1000, Tags: tag.Limits{PerContact: 1000}}).Check(c); err != nil {
		t.Errorf("Check with raised limits = %v", err)
	}
}
