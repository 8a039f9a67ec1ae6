package importer_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/tag"
)

// TestAuditTagsOfVendorExports: the tags cell of a vendor export reads as
// the tags the vendor shows: Mailchimp's TAGS column quotes each name
// ("\"VIP\",\"Customer\""), Google's Labels separate them with " ::: ".
func TestAuditTagsOfVendorExports(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []string
	}{
		{"mailchimp", "Email Address,First Name,TAGS\n" +
			`eve@example.com,Eve,"""VIP"",""Customer"""` + "\n", []string{"VIP", "Customer"}},
		{"mailchimp one tag", "Email Address,TAGS\n" + `eve@example.com,"""Client fidèle"""` + "\n", []string{"Client fidèle"}},
		{"mailchimp spaces", "Email Address,TAGS\n" + `eve@example.com,""" a "", ""b"""` + "\n", []string{"a", "b"}},
		{"google", "E-mail 1 - Value,Labels\nbob@example.com,* myContacts ::: Friends ::: * starred\n", []string{"Friends", "starred"}},
		{"outlook", "E-mail Address,Categories\nbob@example.com,Customers;VIP; Salon 2026\n", []string{"Customers", "VIP", "Salon 2026"}},
		{"plain keeps vendors' marks", "Email,Tags\nann@example.com,\"* important, \"\"VIP\"\", R&D ::: Paris\"\n", []string{"* important", `"VIP"`, "R&D ::: Paris"}},
		{"plain", "Email,Tags\nann@example.com,\"vip, lead\"\n", []string{"vip", "lead"}},
		{"inner quote kept", "Email,Tags\nann@example.com,\"12\"\" screen, lead\"\n", []string{`12" screen`, "lead"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			csv, err := importer.NewCSV(strings.NewReader(tc.file), nil)
			require.NoError(t, err)
			sample, r, err := importer.Sample(csv, 10)
			require.NoError(t, err)
			require.Len(t, sample, 1)
			rec := importer.Suggest(r.Header(), sample, nil, nil).Record(sample[0])
			require.Len(t, rec.Tags, 1)
			names, err := tag.Parse(rec.Tags[0].Value)
			require.NoError(t, err)
			var got []string
			for _, n := range names {
				got = append(got, n.String())
			}
			assert.Equal(t, tc.want, got, "tags of %q", rec.Tags[0].Value)
		})
	}
}

// TestRecordCountryFromAnotherColumn checks that an Outlook row with a home
// address and no business one takes its country from the home one, and
// that the business one wins when both are there.
func TestRecordCountryFromAnotherColumn(t *testing.T) {
	header := []string{"First Name", "Mobile Phone", "Business Country/Region", "Home Country/Region", "Other Country/Region"}
	m := importer.Suggest(header, nil, nil, nil)
	require.Equal(t, "country", m.Columns[2].Target.String())
	require.Equal(t, importer.ReasonTaken, m.Columns[3].Reason.Kind)
	for _, tc := range []struct {
		cells []string
		want  string
	}{
		{[]string{"Lena", "0151 23456789", "", "Germany", "Spain"}, "Germany"},
		{[]string{"Lena", "0151 23456789", "", "", "Spain"}, "Spain"},
		{[]string{"Lena", "0151 23456789", "France", "Germany", ""}, "France"},
		{[]string{"Lena", "0151 23456789", "", "", ""}, ""},
	} {
		rec := m.Record(importer.Row{Line: 2, Cells: tc.cells})
		assert.Equal(t, tc.want, rec.Country.Value, "cells %q", tc.cells)
	}
	// Each value apart: a city of its own, the country from home.
	m2 := importer.Suggest([]string{"Business City", "Home City", "Business Country/Region", "Home Country/Region"}, nil, nil, nil)
	rec2 := m2.Record(importer.Row{Line: 2, Cells: []string{"", "Köln", "", "Germany"}})
	assert.Equal(t, "Köln", rec2.City.Value)
	assert.Equal(t, "Germany", rec2.Country.Value)
	rec2 = m2.Record(importer.Row{Line: 2, Cells: []string{"Paris", "Köln", "", "Germany"}})
	assert.Equal(t, "Paris", rec2.City.Value)

	// A column the caller left out on purpose stays out.
	m.Columns[3].Reason = importer.Reason{Kind: importer.ReasonOverride}
	rec := m.Record(importer.Row{Line: 2, Cells: []string{"Lena", "0151", "", "Germany", ""}})
	assert.Equal(t, "", rec.Country.Value)
}

// TestPreviewReadsPhonesInEachRowsCountry checks that the preview counts a
// national number as parsed when its row's country reads it, as the
// import does, and reads tags as their column lists them.
func TestPreviewReadsPhonesInEachRowsCountry(t *testing.T) {
	header := []string{"Phone", "Country", "Categories"}
	sample := []importer.Row{
		{Line: 2, Cells: []string{"06 12 34 56 78", "", "A;B"}},
		{Line: 3, Cells: []string{"070-123 45 67", "Suède", "C"}},
		{Line: 4, Cells: []string{"0151 23456789", "Germany", ""}},
		{Line: 5, Cells: []string{"0151 23456789", "", ""}},
	}
	opts := &importer.MapOptions{Region: "FR"}
	m := importer.Suggest(header, sample, nil, opts)
	pv := importer.Preview(m, sample, nil, opts)
	assert.Equal(t, 3, pv[0].Parsed, "the last German number, read in France, does not parse")
	assert.Equal(t, 2, pv[2].Parsed)
}

// TestValidateRefusesAnUnknownTagFormat checks that a tags target's Label
// must be a way of listing tags the package reads.
func TestValidateRefusesAnUnknownTagFormat(t *testing.T) {
	m := importer.Suggest([]string{"Email", "Labels"}, nil, nil, nil)
	require.NoError(t, m.Validate(nil))
	m.Columns[1].Target.Label = "Google"
	assert.ErrorIs(t, m.Validate(nil), importer.ErrTagFormat)
}

// TestXLSXNumbersAsShown checks the numbers of an xlsx cell as a
// spreadsheet shows them: no exponent, no binary noise, plain decimals
// unchanged.
func TestXLSXNumbersAsShown(t *testing.T) {
	for in, want := range map[string]string{
		"42": "42", "0.5": "0.5", "33612345678": "33612345678", "-12.50": "-12.50", "007": "007",
		"2E-3": "0.002", "1.5E+20": "150000000000000000000", "0.14999999999999999": "0.15",
		"7.0000000000000007E-2": "0.07", "123456789012345678": "123456789012345678", "-1E-10": "-0.0000000001",
		"1234567890.12345678": "1234567890.12346",
		"not a number":        "not a number",
	} {
		assert.Equal(t, want, importer.DisplayNumberForTest(in), "%q", in)
	}
}
