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
	for _, in := range []string{"", "Atlantis", "EU", "ZZ", "XXX", "Soviet Union", strings.Repeat("France", 100),
		"Korea", "Congo", "Congo (the)", "Republic of", "Republic of the", ", Republic of", "Korea,", "(Korea)", "()", ")",
		"Republic of Atlantis", "United States of Atlantis", "France, Capital of", "Capital of France",
		"Korea, Republic of, South", "Taiwan, Republic of China", "Republic of " + strings.Repeat("France", 20)} {
		_, err := importer.ParseCountry(in)
		assert.ErrorIs(t, err, contact.ErrInvalidCountry, "%.40q", in)
		if err != nil {
			assert.Less(t, len(err.Error()), 200)
		}
	}
}

// The names that exports write for a country besides its English or French
// name: Outlook's "Business Country/Region" and "Home Country/Region"
// (ISO 3166's short names, often inverted), official and former names,
// abbreviations.
func TestParseCountryOtherNames(t *testing.T) {
	tests := []struct{ in, want string }{
		{"United States of America", "US"},
		{"USA", "US"},
		{"U.S.A.", "US"},
		{"U.S.", "US"},
		{"u.s.a", "US"},
		{"Korea, Republic of", "KR"},
		{"Republic of Korea", "KR"},
		{"South Korea", "KR"},
		{"Korea (the Republic of)", "KR"},
		{"Korea, South", "KR"},
		{"Korea, Democratic People's Republic of", "KP"},
		{"Korea, Democratic People’s Republic of", "KP"},
		{"Democratic People's Republic of Korea", "KP"},
		{"North Korea", "KP"},
		{"Russian Federation", "RU"},
		{"Czech Republic", "CZ"},
		{"Czechia", "CZ"},
		{"Iran, Islamic Republic of", "IR"},
		{"Iran (Islamic Republic of)", "IR"},
		{"Islamic Republic of Iran", "IR"},
		{"Viet Nam", "VN"},
		{"United Kingdom of Great Britain and Northern Ireland", "GB"},
		{"Great Britain", "GB"},
		{"UK", "GB"},
		{"U.K.", "GB"},
		{"Bolivia, Plurinational State of", "BO"},
		{"Venezuela, Bolivarian Republic of", "VE"},
		{"Tanzania, United Republic of", "TZ"},
		{"United Republic of Tanzania", "TZ"},
		{"Moldova, Republic of", "MD"},
		{"Syrian Arab Republic", "SY"},
		{"Lao People's Democratic Republic", "LA"},
		{"Taiwan, Province of China", "TW"},
		{"Taiwan (Province of China)", "TW"},
		{"Republic of China", "TW"},
		{"China, Republic of", "TW"},
		{"People's Republic of China", "CN"},
		{"China", "CN"},
		{"Micronesia, Federated States of", "FM"},
		{"Congo, The Democratic Republic of the", "CD"},
		{"Democratic Republic of the Congo", "CD"},
		{"Congo (the Democratic Republic of the)", "CD"},
		{"Congo, Republic of the", "CG"},
		{"Republic of the Congo", "CG"},
		{"Macedonia, the Former Yugoslav Republic of", "MK"},
		{"North Macedonia", "MK"},
		{"Palestine, State of", "PS"},
		{"Holy See (Vatican City State)", "VA"},
		{"Brunei Darussalam", "BN"},
		{"Côte d'Ivoire", "CI"},
		{"Cote d'Ivoire", "CI"},
		{"Ivory Coast", "CI"},
		{"Cabo Verde", "CV"},
		{"Cape Verde", "CV"},
		{"Hong Kong SAR", "HK"},
		{"Hong Kong S.A.R.", "HK"},
		{"Hong Kong", "HK"},
		{"Macao SAR", "MO"},
		{"The Netherlands", "NL"},
		{"Netherlands, Kingdom of the", "NL"},
		{"Holland", "NL"},
		{"Turkey", "TR"},
		{"Türkiye", "TR"},
		{"Turkiye", "TR"},
		{"Swaziland", "SZ"},
		{"Eswatini", "SZ"},
		{"Burma", "MM"},
		{"Myanmar", "MM"},
		{"East Timor", "TL"},
		{"Timor-Leste", "TL"},
		{"UAE", "AE"},
		{"Gambia, The", "GM"},
		{"Bahamas (the)", "BS"},
		{"Bosnia and Herzegovina", "BA"},
		{"Saint Kitts and Nevis", "KN"},
		{"Saint Vincent and the Grenadines", "VC"},
		{"Virgin Islands, British", "VG"},
		{"Virgin Islands, U.S.", "VI"},
		{"Saint Helena, Ascension and Tristan da Cunha", "SH"},
		{"Sint Maarten (Dutch part)", "SX"},
		{"Saint Martin (French part)", "MF"},
		{"Falkland Islands (Malvinas)", "FK"},
		{"Sudan, South", "SS"},
	}
	for _, tt := range tests {
		c, err := importer.ParseCountry(tt.in)
		if assert.NoError(t, err, tt.in) {
			assert.Equal(t, tt.want, c.String(), tt.in)
		}
	}
}

func FuzzParseCountry(f *testing.F) {
	for _, s := range []string{"FR", "France", "États-Unis", "usa", "Côte d'Ivoire", "", "\xff",
		"Korea, Republic of", "Iran (Islamic Republic of)", "Republic of China", "U.S.A.", "(", ",", "of"} {
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

// A country's name in the languages people's files are written in, as
// Outlook and Excel write a contact's country in the user's own language.
func TestParseCountryOtherLanguages(t *testing.T) {
	for name, want := range map[string]string{
		"Deutschland": "DE", "España": "ES", "Italia": "IT", "Österreich": "AT", "Schweiz": "CH",
		"België": "BE", "Nederland": "NL", "Polska": "PL", "Sverige": "SE", "Danmark": "DK",
		"Norge": "NO", "Suomi": "FI", "Česko": "CZ", "Magyarország": "HU", "Türkiye": "TR",
		"Ελλάδα": "GR", "Россия": "RU", "Україна": "UA", "日本": "JP", "中国": "CN", "대한민국": "KR",
		"Estados Unidos": "US", "Vereinigte Staaten": "US", "Regno Unito": "GB", "Reino Unido": "GB",
	} {
		got, err := importer.ParseCountry(name)
		if err != nil || got.String() != want {
			t.Errorf("ParseCountry(%q) = %v, %v; want %s", name, got, err, want)
		}
	}
	// A name in another language that is a country's code is that country.
	got, err := importer.ParseCountry("BI")
	if err != nil || got.String() != "BI" {
		t.Errorf(`ParseCountry("BI") = %v, %v; want Burundi, not Belgium ("Bỉ" in Vietnamese)`, got, err)
	}
}
