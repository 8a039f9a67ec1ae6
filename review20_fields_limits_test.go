package contactkit_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

// rv20FldText returns random text that is n characters (code points)
// once trimmed and put in NFC: precomposed and decomposed accents (two
// code points that make one), four-byte emoji, CJK, with white space
// around it; with invisible, zero-width spaces inside too, which names and
// tags remove.
func rv20FldText(r *rand.Rand, n int, invisible bool) string {
	pieces := []string{"a", "Z", "é", "e\u0301", "😀", "日", "ß", "Ω", "o\u0308"}
	var b strings.Builder
	b.WriteString([]string{"", " ", "\u00a0 ", "\t"}[r.IntN(4)])
	space := true // no space first, nor two in a row: names collapse them
	for i := range n {
		if !space && i < n-1 && r.IntN(7) == 0 {
			b.WriteString(" ")
			space = true
			continue
		}
		space = false
		if invisible && r.IntN(5) == 0 {
			b.WriteString("\u200b")
		}
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	b.WriteString([]string{"", " ", " \u00a0", "\n"}[r.IntN(4)])
	return b.String()
}

// rv20FldInput is one text input with a length limit, and how each entry
// point takes it and gives it back.
type rv20FldInput struct {
	name      string
	header    string // its column in an import
	invisible bool   // invisible characters are removed, not counted
	limit     func(contact.Limits) int
	set       func(in *contactkit.ContactInput, s string)
	get       func(c contact.Contact) string
	tooLong   error // what the error of a value over the limit matches
}

var rv20FldInputsWithLimits = []rv20FldInput{
	{"first name", "First Name", true, func(l contact.Limits) int { return l.Name }, func(in *contactkit.ContactInput, s string) { in.FirstName = &s }, func(c contact.Contact) string { return c.FirstName }, contact.ErrTooLong},
	{"last name", "Last Name", true, func(l contact.Limits) int { return l.Name }, func(in *contactkit.ContactInput, s string) { in.LastName = &s }, func(c contact.Contact) string { return c.LastName }, contact.ErrTooLong},
	{"company", "Company", true, func(l contact.Limits) int { return l.Text }, func(in *contactkit.ContactInput, s string) { in.Company = &s }, func(c contact.Contact) string { return c.Company }, contact.ErrTooLong},
	{"job title", "Job Title", true, func(l contact.Limits) int { return l.Text }, func(in *contactkit.ContactInput, s string) { in.JobTitle = &s }, func(c contact.Contact) string { return c.JobTitle }, contact.ErrTooLong},
	{"city", "City", true, func(l contact.Limits) int { return l.Text }, func(in *contactkit.ContactInput, s string) { in.City = &s }, func(c contact.Contact) string { return c.City }, contact.ErrTooLong},
	{"custom text", "t", false, func(l contact.Limits) int { return l.Fields.Text }, func(in *contactkit.ContactInput, s string) { in.Fields = map[string]string{"t": s} }, func(c contact.Contact) string { return c.Fields[field.MustParseKey("t")].String() }, field.ErrTooLong},
	{"custom textarea", "ta", false, func(l contact.Limits) int { return l.Fields.Textarea }, func(in *contactkit.ContactInput, s string) { in.Fields = map[string]string{"ta": s} }, func(c contact.Contact) string { return c.Fields[field.MustParseKey("ta")].String() }, field.ErrTooLong},
	{"tag", "Tags", true, func(contact.Limits) int { return tag.MaxNameLength }, func(in *contactkit.ContactInput, s string) { in.Tags = []string{s} }, func(c contact.Contact) string {
		if c.Tags.Len() == 0 {
			return ""
		}
		return c.Tags[0].String()
	}, tag.ErrTooLong},
}

// X1: every documented limit, at exactly the limit and one over, counted
// as documented (characters: code points once normalised, so a decomposed
// accent counts once and an invisible character of a name not at all), on
// every call that takes the input: create, update, capture, the bulk set
// of a custom field, and import (a row over the limit fails with the
// typed error, naming its column). Under the default limits and under a
// host's own, which every call applies alike.
func TestRv20FldEveryLimitOnEveryCall(t *testing.T) {
	// The last: limits of custom values raised above their ceiling,
	// field.MaxValueLen, which an import's cells hold too.
	for _, lim := range []contact.Limits{{}, {Name: 7, Text: 9, Fields: field.Limits{Text: 11, Textarea: 300}}, {Fields: field.Limits{Text: 1 << 20, Textarea: 1 << 20}}} {
		for _, x := range rv20FldInputsWithLimits {
			if lim.Fields.Text == 1<<20 && x.name != "custom text" && x.name != "custom textarea" {
				continue
			}
			t.Run(fmt.Sprintf("%s/%d", x.name, x.limit(lim.WithDefaults())), func(t *testing.T) {
				rv20FldLimitOnEveryCall(t, lim, x)
			})
		}
	}
}

func rv20FldLimitOnEveryCall(t *testing.T, lim contact.Limits, x rv20FldInput) {
	ctx := t.Context()
	r := rand.New(rand.NewPCG(uint64(len(x.name)), uint64(lim.Name)))
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", Limits: lim})
	for _, d := range []field.Definition{
		{Key: field.MustParseKey("t"), Label: "Custom text", Type: field.TypeText},
		{Key: field.MustParseKey("ta"), Label: "Custom textarea", Type: field.TypeTextarea},
	} {
		_, err := svc.CreateField(ctx, acc11Owner, d)
		require.NoError(t, err)
	}
	max := x.limit(lim.WithDefaults())
	seq := 0
	email := func() string { seq++; return fmt.Sprintf("p%d@example.com", seq) }
	check := func(call string, value string, ok bool, c contact.Contact, err error) {
		t.Helper()
		want := max
		if !ok {
			want++
		}
		if ok {
			require.NoError(t, err, "%s: %d characters, the limit", call, want)
			got := x.get(c)
			require.Equal(t, max, utf8.RuneCountInString(got), "%s: the value as stored", call)
			require.True(t, norm.NFC.IsNormalString(got), "%s: stored in NFC", call)
			return
		}
		require.Error(t, err, "%s: %d characters, one over the limit", call, want)
		require.ErrorIs(t, err, x.tooLong, "%s: one over the limit", call)
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, "%s: one over the limit", call)
	}
	for _, ok := range []bool{true, false} {
		n := max
		if !ok {
			n++
		}
		value := func() string { return rv20FldText(r, n, x.invisible) }

		var in contactkit.ContactInput
		in.Email = acc11Ptr(email())
		x.set(&in, value())
		c, err := svc.CreateContact(ctx, acc11Owner, in)
		check("CreateContact", "", ok, c, err)

		base, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: acc11Ptr(email())}})
		require.NoError(t, err)
		var up contactkit.ContactInput
		x.set(&up, value())
		if x.name == "tag" {
			c, err = svc.TagContact(ctx, acc11Owner, base.ID, up.Tags...)
			check("TagContact", "", ok, c, err)
			res, err := svc.TagContacts(ctx, acc11Owner, contactkit.Bulk{IDs: []contact.ID{base.ID}, Expected: 1}, up.Tags...)
			if ok {
				require.NoError(t, err)
				require.Empty(t, res.Failed, "TagContacts")
			} else {
				check("TagContacts", "", ok, c, err)
			}
		} else {
			c, err = svc.UpdateContact(ctx, acc11Owner, base.ID, up.Patch)
			check("UpdateContact", "", ok, c, err)
		}
		if strings.HasPrefix(x.name, "custom") {
			key := "t"
			if x.name == "custom textarea" {
				key = "ta"
			}
			_, err := svc.SetContactsField(ctx, acc11Owner, contactkit.Bulk{IDs: []contact.ID{base.ID}, Expected: 1}, key, value())
			if ok {
				require.NoError(t, err, "SetContactsField")
			} else {
				check("SetContactsField", "", ok, c, err)
			}
		}

		var cap contactkit.ContactInput
		cap.Email = acc11Ptr(email())
		x.set(&cap, value())
		cr, err := svc.CaptureContact(ctx, acc11Owner, cap)
		check("CaptureContact", "", ok, cr.Contact, err)

		// Import: a new contact and, by its email, the one made above.
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		require.NoError(t, w.Write([]string{"Email", x.header}))
		require.NoError(t, w.Write([]string{email(), value()}))
		require.NoError(t, w.Write([]string{base.Email.String(), value()}))
		w.Flush()
		run := accImportAs(t, svc, acc11Owner, buf.Bytes(), "FR", nil, nil)
		require.NoError(t, run.err)
		col := rv20FldColumn(run.m, x.header)
		require.GreaterOrEqual(t, col, 0)
		require.NotEqual(t, importer.KindIgnore, run.m.Columns[col].Target.Kind, "the %s column is read", x.header)
		require.Len(t, run.rows, 2)
		for _, row := range run.rows {
			if ok {
				require.Nil(t, row.Err, "Import: line %d", row.Line)
				c, err := svc.GetContact(ctx, acc11Owner, row.Contact)
				require.NoError(t, err)
				check("Import", "", ok, c, nil)
				continue
			}
			require.Equal(t, contactkit.ImportFailed, row.Outcome, "Import: line %d, one over the limit", row.Line)
			require.NotNil(t, row.Err)
			found := false
			for _, p := range row.Err.Problems {
				if p.Column == col && errors.Is(p.Err, x.tooLong) {
					found = true
				}
			}
			require.True(t, found, "Import: line %d names its column and the typed error: %v", row.Line, row.Err)
		}
	}
}

func rv20FldColumn(m importer.Mapping, h string) int {
	for i, c := range m.Columns {
		if c.Header == h {
			return i
		}
	}
	return -1
}

// X1: the limits of a definition on the calls that take one: CreateField,
// UpdateField and ChangeFieldType refuse a label, or an option, one
// character over its limit with an error matching ErrInvalidInput and
// field.ErrTooLong, and take one at the limit.
func TestRv20FldDefinitionLimitsOnEveryCall(t *testing.T) {
	ctx := t.Context()
	svc := acc11Service("FR")
	at, over := strings.Repeat("é", 255), strings.Repeat("é", 256)
	d := field.Definition{Key: field.MustParseKey("size"), Label: over, Type: field.TypeText}
	_, err := svc.CreateField(ctx, acc11Owner, d)
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	require.ErrorIs(t, err, field.ErrTooLong, "CreateField")
	d.Label = at
	d, err = svc.CreateField(ctx, acc11Owner, d)
	require.NoError(t, err)
	d.Placeholder = over
	_, err = svc.UpdateField(ctx, acc11Owner, d)
	require.ErrorIs(t, err, field.ErrTooLong, "UpdateField")
	d.Placeholder = at
	d, err = svc.UpdateField(ctx, acc11Owner, d)
	require.NoError(t, err)
	next := d
	next.Type = field.TypeSelect
	next.Options = []field.Option{{Value: over}}
	_, err = svc.PreviewFieldTypeChange(ctx, acc11Owner, next)
	require.ErrorIs(t, err, field.ErrTooLong, "PreviewFieldTypeChange")
	_, err = svc.ChangeFieldType(ctx, acc11Owner, contactkit.FieldTypeChange{Definition: next})
	require.ErrorIs(t, err, field.ErrTooLong, "ChangeFieldType")
	next.Options = []field.Option{{Value: at}}
	_, err = svc.ChangeFieldType(ctx, acc11Owner, contactkit.FieldTypeChange{Definition: next})
	require.NoError(t, err)
}
