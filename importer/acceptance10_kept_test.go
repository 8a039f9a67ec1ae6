package importer_test

// Acceptance tests, round 10, that pass: vCard fax lines and Apple's
// yearless birthdays in the forms Apple, Outlook and 4.0 write them;
// ParseCountry's collisions; a blank-prefixed quote that opens no cell.

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

func acc10Card(t *testing.T, props string) map[string]string {
	t.Helper()
	f := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\n" + props + "\r\nEND:VCARD\r\n"
	r, err := importer.Open(strings.NewReader(f), nil)
	require.NoError(t, err)
	row, err := r.Next()
	require.NoError(t, err)
	_, err = r.Next()
	require.ErrorIs(t, err, io.EOF)
	out := map[string]string{}
	for i, v := range row.Cells {
		if v != "" {
			out[r.Header()[i]] = v
		}
	}
	return out
}

func TestAcc10VCardFaxAndAppleBirthdays(t *testing.T) {
	for _, p := range []string{
		"BDAY;X-APPLE-OMIT-YEAR=1604;VALUE=date:1604-04-12",
		"BDAY;VALUE=date;X-APPLE-OMIT-YEAR=1604:1604-04-12",
		"BDAY;X-APPLE-OMIT-YEAR=1604:16040412",
		"BDAY;x-apple-omit-year=1604:1604-04-12",
	} {
		assert.Equal(t, "--04-12", acc10Card(t, p)["Birthday"], p)
	}
	assert.Equal(t, "--02-29", acc10Card(t, "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29")["Birthday"])
	// A year that is not the omitted one stays.
	assert.Equal(t, "1985-04-12", acc10Card(t, "BDAY;X-APPLE-OMIT-YEAR=1604:1985-04-12")["Birthday"])
	for _, p := range []string{
		"TEL;TYPE=HOME;TYPE=FAX:+33 1 42 68 53 01",
		"TEL;FAX;HOME:+33 1 42 68 53 01",
		"TEL;TYPE=\"work,fax\":+33 1 42 68 53 01",
		"item1.TEL:+33 1 42 68 53 01\r\nitem1.X-ABLabel:_$!<HomeFAX>!$_",
		"item1.TEL:+33 1 42 68 53 01\r\nitem1.X-ABLabel:Fax",
		"TEL;TYPE=X-FAX:+33 1 42 68 53 01",
	} {
		assert.NotContains(t, acc10Card(t, p), "Phone 1", p)
	}
	// A line for both voice and fax is a phone.
	assert.Equal(t, "+33 1 42 68 53 01", acc10Card(t, "TEL;TYPE=fax,voice:+33 1 42 68 53 01")["Phone 1"])
	// A preferred fax does not push the mobile out of the primary slot.
	for _, p := range []string{
		"TEL;TYPE=CELL;TYPE=pref:+33 6 12 34 56 78\r\nTEL;TYPE=WORK;TYPE=FAX;TYPE=pref:+33 1 42 68 53 01",
		"TEL;PREF=1;TYPE=fax:+33 1 42 68 53 01\r\nTEL;PREF=2;TYPE=cell:+33 6 12 34 56 78",
	} {
		c := acc10Card(t, p)
		assert.Equal(t, "+33 6 12 34 56 78", c["Phone 1"], p)
		assert.NotContains(t, c, "Phone 2", p)
	}
}

func TestAcc10ParseCountryCollisions(t *testing.T) {
	for in, want := range map[string]string{
		"Niger": "NE", "Nigeria": "NG", "Nigéria": "NG", "Guinea": "GN", "Guinée": "GN",
		"Jersey": "JE", "Georgia": "GE", "Géorgie": "GE", "Dominica": "DM", "Austria": "AT",
		"Australia": "AU", "Autriche": "AT", "Österreich": "AT", "South Sudan": "SS", "Soudan du Sud": "SS",
		"Sudan": "SD", "Iran": "IR", "Iraq": "IQ", "Ελλάδα": "GR", "Россия": "RU", "日本": "JP",
	} {
		c, err := importer.ParseCountry(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, c.String(), in)
		}
	}
	for _, in := range []string{"Congo", "Korea", "Corée", "Virgin Islands"} {
		_, err := importer.ParseCountry(in)
		assert.Error(t, err, in)
	}
}

func TestAcc10BlankQuoteReadAsWritten(t *testing.T) {
	f := "First Name,Nick,Email\nBob, \"Bobby\"  ,b@x.com\nAnn, \"A\" x,a@x.com\nCy, 5'10\",c@x.com\n"
	r, err := importer.Open(strings.NewReader(f), nil)
	require.NoError(t, err)
	var got [][]string
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		got = append(got, row.Cells)
	}
	assert.Equal(t, [][]string{{"Bob", "Bobby", "b@x.com"}, {"Ann", " \"A\" x", "a@x.com"}, {"Cy", " 5'10\"", "c@x.com"}}, got)
}
