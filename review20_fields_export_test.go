package contactkit_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// rv20FldEdgeValues are values at the edges of each type, and values whose
// text a spreadsheet would take for a formula or a number: a leading "-",
// "+", "=", "'" or "@", a date without a year ("--02-29").
var rv20FldEdgeValues = map[field.Type][]string{
	field.TypeText:        {"-x", "+33 6", "=1+1", "'quoted", "''twice", "@home", "a\u2028b", "0001", " \u00a0lead"},
	field.TypeTextarea:    {"-\n=", "a\r\n\tb", "'\n'"},
	field.TypeNumber:      {"-0.5", "-99999999999999999999999999999999999999", "0.00000000000000000000000000000000000001", "007"},
	field.TypeMonetary:    {"-€0.01", "$-12", "999999999999999999999999999999999999.99"},
	field.TypeDate:        {"--02-29", "0001-01-01", "9999-12-31", "2024-02-29"},
	field.TypeDatetime:    {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T23:30:00-23:59", "2024-05-01t10:30:00.1z"},
	field.TypeCheckbox:    {"false", "WAHR"},
	field.TypeSelect:      {"-", "'three", "=Two"},
	field.TypeMultiselect: {"+, @", "-; =Two", "'three"},
	field.TypeURL:         {"https://example.com/-a?b=-1"},
}

// I6, F3: a CSV export of values at the edges of every type, and of values
// a spreadsheet would read as formulas, imports back into a new
// workspace to the same values, and into its own workspace to no change.
func TestRv20FldEdgeValuesRoundTrip(t *testing.T) {
	ctx := t.Context()
	var defs []field.Definition
	for i, typ := range rv20FldTypes {
		d := field.Definition{Key: field.MustParseKey(fmt.Sprint("f", i)), Label: fmt.Sprint("Field ", i), Type: typ}
		if typ.HasOptions() {
			d.Options = []field.Option{{Value: "-"}, {Value: "'three"}, {Value: "=Two"}, {Value: "+"}, {Value: "@"}}
		}
		defs = append(defs, d)
	}
	src := acc11Service("FR")
	for _, d := range defs {
		_, err := src.CreateField(ctx, acc11Owner, d)
		require.NoError(t, err)
	}
	want := map[string]map[field.Key]field.Value{}
	version := map[string]int64{}
	for i, d := range defs {
		for j, v := range rv20FldEdgeValues[d.Type] {
			email := fmt.Sprintf("e%d.%d@example.com", i, j)
			c, err := src.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{
				Email: &email, Fields: map[string]string{d.Key.String(): v}}})
			require.NoError(t, err, "%s %q", d.Type, v)
			want[email] = c.Fields
			version[email] = c.Version
		}
	}
	var out bytes.Buffer
	_, err := src.Export(ctx, acc11Owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)

	dst := acc11Service("FR")
	for _, d := range defs {
		_, err := dst.CreateField(ctx, acc11Owner, d)
		require.NoError(t, err)
	}
	for name, svc := range map[string]*contactkit.Service{"a new workspace": dst, "its own workspace": src} {
		run := accImportAs(t, svc, acc11Owner, out.Bytes(), "FR", nil, nil)
		require.NoError(t, run.err, name)
		for _, row := range run.rows {
			require.Nil(t, row.Err, "%s: line %d", name, row.Line)
		}
		for email, fields := range want {
			c, err := svc.ContactByEmail(ctx, acc11Owner, email)
			require.NoError(t, err)
			require.Equal(t, fields, c.Fields, "%s: %s", name, email)
			if svc == src {
				require.Equal(t, version[email], c.Version, "%s: %s is not written", name, email)
			}
		}
	}
}
