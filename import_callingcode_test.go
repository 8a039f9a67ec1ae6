package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
)

// A calling code column decides the region of its row's national phones,
// before a country column; a code no region has fails the row, naming its
// column; a phone that fails names the region and where it came from.
func TestImportCallingCodeColumn(t *testing.T) {
	for _, tc := range []struct {
		name, code, country, phone string
		want                       string // the phone stored; "" for a failed row
		problem                    string // the header of the failed cell
		from                       string // the RegionFrom of a failed phone
	}{
		{"a code", "33", "", "612345678", "+33612345678", "", ""},
		{"a shared code: the country is the phone's", "+1", "", "(416) 555-0123", "+14165550123", "", ""},
		{"before the country", "44", "FR", "07911 123456", "+447911123456", "", ""},
		{"blank: the country", "", "BE", "0470 12 34 56", "+32470123456", "", ""},
		{"an international phone", "33", "", "+44 7911 123456", "+447911123456", "", ""},
		{"a code no region has", "999", "", "612345678", "", "Country Code", ""},
		{"a phone of another region", "91", "", "612345678", "", "Phone", "calling code column"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := mustOpen(t, "Name,Country Code,Country,Phone\nAnn,"+tc.code+","+tc.country+","+tc.phone+"\n")
			m := importer.Suggest(r.Header(), []importer.Row{{Line: 2, Cells: []string{"Ann", "33", "FR", "612345678"}}}, nil, nil)
			require.Equal(t, importer.KindCallingCode, m.Columns[1].Target.Kind, "%s", m.Columns[1].Reason)
			var rows []contactkit.ImportRow
			_, err := h.svc.Import(t.Context(), owner, r, m, &contactkit.ImportOptions{OnRow: func(r contactkit.ImportRow) { rows = append(rows, r) }})
			require.NoError(t, err)
			require.Len(t, rows, 1)
			if tc.want != "" {
				require.Equal(t, contactkit.ImportCreated, rows[0].Outcome, "%v", rows[0].Err)
				c, err := h.svc.GetContact(t.Context(), owner, rows[0].Contact)
				require.NoError(t, err)
				assert.Equal(t, tc.want, c.Phone.String())
				// The country is the row's, else the phone's own region (as
				// for any contact), never the calling code's main region.
				country := tc.country
				if country == "" {
					country = c.Phone.Region()
				}
				assert.Equal(t, country, c.Country.String())
				return
			}
			require.Equal(t, contactkit.ImportFailed, rows[0].Outcome)
			require.NotNil(t, rows[0].Err)
			require.NotEmpty(t, rows[0].Err.Problems)
			p := rows[0].Err.Problems[0]
			assert.Equal(t, tc.problem, p.Header)
			assert.Equal(t, tc.from, p.RegionFrom)
			if tc.problem == "Country Code" {
				assert.ErrorIs(t, p.Err, contact.ErrPhoneUnknownCountryCode)
			}
		})
	}
}
