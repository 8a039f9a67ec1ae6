package importer_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
)

// A country cell as vendors write it: a code of two or three letters, or
// a name in English or French in any case, with or without accents and
// punctuation; anything else is contact.ParseCountry's error.
func TestParseCountry(t *testing.T) {
	for in, want := range map[string]string{
		"FR": "FR", " fr ": "FR", "UK": "GB", "FRA": "FR", "usa": "US", "DEU": "DE",
		"France": "FR", "FRANCE": "FR", "Germany": "DE", "Allemagne": "DE", "United States": "US",
		"united-states": "US", "États-Unis": "US", "Etats Unis": "US", "United Kingdom": "GB", "Royaume-Uni": "GB",
		"Côte d'Ivoire": "CI", "Cote d’Ivoire": "CI", "Espagne": "ES", "Japan": "JP", "Brazil": "BR", "Brésil": "BR",
	} {
		c, err := importer.ParseCountry(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, c.String(), in)
		}
	}
	for _, in := range []string{"", "Atlantis", "EU", "ZZ", "XXX", "Soviet Union", strings.Repeat("France", 100)} {
		_, err := importer.ParseCountry(in)
		assert.ErrorIs(t, err, contact.ErrInvalidCountry, "%.40q", in)
		if err != nil {
			assert.Less(t, len(err.Error()), 200)
		}
	}
}

func FuzzParseCountry(f *testing.F) {
	for _, s := range []string{"FR", "France", "États-Unis", "usa", "Côte d'Ivoire", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := importer.ParseCountry(s)
		if err == nil {
			if _, err := contact.ParseCountry(c.String()); err != nil {
				t.Fatalf("ParseCountry(%q) = %v, not a country code: %v", s, c, err)
			}
		}
	})
}

// Outlook writes "0/0/00" in its Birthday column for no birthday: a blank
// cell, not a date that fails its row.
func TestRecordOutlookNoBirthday(t *testing.T) {
	m := importer.Suggest([]string{"First Name", "Birthday"}, nil, nil, nil)
	for _, v := range []string{"0/0/00", "0/0/0000"} {
		rec := m.Record(importer.Row{Line: 2, Cells: []string{"Ann", v}})
		assert.Empty(t, rec.BirthDate.Value, v)
	}
	rec := m.Record(importer.Row{Line: 2, Cells: []string{"Ann", "1985-04-12"}})
	assert.Equal(t, "1985-04-12", rec.BirthDate.Value)
}
