package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// Most US state codes are country codes too: MA is Morocco, DE Germany,
// CA Canada, IN India. A column whose header names a state or a province
// ("Mailing State/Province" of a Salesforce contact export, Yahoo's "Work
// State", the "ST" of a US mailing list) holds no countries, whatever its
// values parse as: read as the contact's country, it gave a Boston
// contact the country Morocco (and failed the row, whose "(617) …" is no
// Moroccan number), a Delaware one Germany and a Berlin phone number
// (+49 30 2555 0100), without a word.
func TestReview18StateCodesAreNoCountries(t *testing.T) {
	salesforce := "First Name,Last Name,Title,Email,Phone,Mobile,Mailing Street,Mailing City,Mailing State/Province,Mailing Zip/Postal Code,Mailing Country,Account Name\n" +
		"Ann,Lee,VP Sales,ann@example.com,(617) 555-0100,(617) 555-0102,1 Main St,Boston,MA,02110,,Acme\n" +
		"Bob,Roe,CTO,bob@example.com,(415) 555-0100,,2 Market St,San Francisco,CA,94105,,Initech\n" +
		"Cyd,Poe,CEO,cyd@example.com,(302) 555-0100,,3 King St,Wilmington,DE,19801,,Globex\n"
	yahoo := "First,Last,Email,Home,Work,Mobile,Work City,Work State,Work ZIP,Work Country,Home City,Home State,Home ZIP,Home Country\n" +
		"Ann,Lee,ann@example.com,,(617) 555-0101,,Boston,MA,02110,,,,,\n" +
		"Bob,Roe,bob@example.com,,(415) 555-0101,,San Francisco,CA,94105,,,,,\n" +
		"Cyd,Poe,cyd@example.com,,(302) 555-0101,,Wilmington,DE,19801,,,,,\n"
	mailing := "Name,Email,Phone,Address,City,ST,Zip\n" +
		"Ann Lee,ann@example.com,(617) 555-0103,1 Main St,Boston,MA,02110\n" +
		"Bob Roe,bob@example.com,(415) 555-0103,2 Market St,San Francisco,CA,94105\n" +
		"Cyd Poe,cyd@example.com,(302) 555-0103,3 King St,Wilmington,DE,19801\n"
	for _, tc := range []struct{ name, file, state string }{
		{"Salesforce", salesforce, "Mailing State/Province"},
		{"Yahoo", yahoo, "Work State"},
		{"US mailing list", mailing, "ST"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := accService("US")
			run := accImport(t, svc, []byte(tc.file), "US", nil, nil)
			require.NoError(t, run.err)
			assert.NotEqual(t, importer.KindCountry, run.target(tc.state).Kind, run.mappingText())
			require.Equal(t, 3, run.res.Created, run.outcomes()+run.mappingText())
			for _, e := range []string{"ann@example.com", "bob@example.com", "cyd@example.com"} {
				c := accByEmail(t, svc, e)
				assert.Equal(t, "US", c.Country.String(), "%s: derived from a US phone", e)
			}
			assert.Regexp(t, `^\+1302555010`, accByEmail(t, svc, "cyd@example.com").Phone.String(), "a Delaware number, not a Berlin one")
		})
	}
}
