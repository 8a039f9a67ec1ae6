package contactkit_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// Custom fields keyed like the standard columns an export writes ("city",
// "tags", "company", "email", "phone", "country", "notes", "lists",
// "first_name", "email_consent") read back into themselves, and the
// standard columns into the standard fields.
func TestAcc2ExportFieldsKeyedLikeStandardColumns(t *testing.T) {
	keys := []struct {
		key string
		typ field.Type
		val string
	}{
		{"city", field.TypeText, "Custom city"},
		{"tags", field.TypeText, "custom tags"},
		{"company", field.TypeText, "Custom Co"},
		{"email", field.TypeEmail, "custom@example.com"},
		{"phone", field.TypePhone, "+44 7911 123456"},
		{"country", field.TypeText, "Narnia"},
		{"notes", field.TypeTextarea, "custom\nnotes"},
		{"lists", field.TypeText, "custom lists"},
		{"first_name", field.TypeText, "Custom First"},
		{"email_consent", field.TypeText, "unsubscribed"},
		{"birthday", field.TypeDate, "2001-01-01"},
		{"language", field.TypeText, "klingon"},
	}
	var defs []field.Definition
	fields := map[string]string{}
	for _, k := range keys {
		defs = append(defs, field.Definition{Key: field.MustParseKey(k.key), Label: "L " + k.key, Type: k.typ})
		fields[k.key] = k.val
	}
	ctx := context.Background()
	src := accService("FR")
	acc2CreateFields(t, src, defs)
	ptr := func(s string) *string { return &s }
	c, err := src.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: ptr("Ann"), City: ptr("Paris"), Company: ptr("Acme"), Email: ptr("ann@example.com"), Phone: ptr("06 12 34 56 78"),
		Country: ptr("FR"), Language: ptr("fr"), BirthDate: ptr("1990-05-06"), Fields: fields,
	}, Tags: []string{"vip"}})
	require.NoError(t, err)

	var out bytes.Buffer
	_, err = src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	t.Logf("export:\n%s", out.String())
	dst := accService("FR")
	acc2CreateFields(t, dst, defs)
	m, res, rows := acc2Import(t, dst, out.Bytes(), "FR", nil)
	require.Equal(t, 1, res.Created, "%+v\n%s\n%s", res, acc2Rows(rows), acc2Mapping(m))
	back := accAll(t, dst, contactkit.ContactQuery{})
	assert.Equal(t, acc2ViewOf(c, true), acc2ViewOf(back[0], true), "\n%s", acc2Mapping(m))
}

// importer.Writer then the CSV reader and Unescape give every cell back,
// byte for byte, for cells that start with a formula character, a tab, a
// carriage return, apostrophes, or hold quotes, delimiters, line breaks.
func TestAcc2WriterCellsRoundTrip(t *testing.T) {
	cells := []string{"=1+1", "+33612345678", "-5", "@SUM(A1)", "\tTab", "\rCR", "'", "''", "'=x", "''=x", "a,b", "a;b", "a\tb", `"q"`, "l1\nl2", "l1\r\nl2", " lead", "trail ", "\uFEFFbom", "é", ""}
	for _, bom := range []bool{false, true} {
		var b bytes.Buffer
		w := importer.NewWriter(&b, &importer.WriterOptions{BOM: bom})
		hdr := make([]string, len(cells))
		for i := range hdr {
			hdr[i] = "c" + string(rune('a'+i))
		}
		require.NoError(t, w.WriteHeader(hdr))
		require.NoError(t, w.Write(cells))
		require.NoError(t, w.Flush())
		for _, c := range strings.Split(b.String(), "\n")[1:] {
			if c != "" {
				assert.NotContains(t, "=+-@\t\r", c[:1])
			}
		}
		rd, err := importer.NewCSV(bytes.NewReader(b.Bytes()), nil)
		require.NoError(t, err)
		assert.Equal(t, hdr, rd.Header())
		row, err := rd.Next()
		require.NoError(t, err)
		require.Len(t, row.Cells, len(cells))
		for i, c := range cells {
			assert.Equal(t, c, importer.Unescape(row.Cells[i]), "cell %d (bom=%v) raw %q", i, bom, row.Cells[i])
		}
	}
}
