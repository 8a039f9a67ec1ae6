package importer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

var fuzzDefs = []field.Definition{
	{Key: field.MustParseKey("notes"), Label: "Remarks", Type: field.TypeText},
	{Key: field.MustParseKey("shoe_size"), Label: "Shoe size", Type: field.TypeNumber},
	{Key: field.MustParseKey("anniversary"), Label: "Anniversary", Type: field.TypeDate},
	{Key: field.MustParseKey("color"), Label: "Colour", Type: field.TypeSelect, Options: []field.Option{
		{Value: "red", Label: "Red"}, {Value: "old", Label: "Old", Hidden: true}}},
	{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeMultiselect, Options: []field.Option{
		{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}},
}

// FuzzSuggest runs Suggest, Validate, Preview and Record over an arbitrary
// header and sample: rows are split on "\n", cells on "|". Suggest's
// result must pass Validate with its NewFields, have one column per header
// cell in order, and Preview must count no more parsed than sampled.
func FuzzSuggest(f *testing.F) {
	for _, s := range []string{
		"First Name|Last Name|Email|Phone\nAda|Lovelace|ada@example.com|+33612345678",
		"E-mail 1 - Value|E-mail 2 - Value|Phone 1 - Value|Phone 1 - Label\na@b.c|d@e.f|0612345678|Mobile",
		"Shoe size|notes|Notes|CITY|city\n42|x|y|Paris|Lyon",
		"Birthday|Anniversary|Colour|Plan|Tags|TAGS|Country\n04/12/1990|13/01/2000|Red|a,b|vip ::: x|x,y|FR",
		"x|y|z\nFR|0612345678|=1+2\nDE|+49 30 123456|'=x",
		"Group Membership|Categories\n* myContacts ::: vip|a;b",
		"123|!!!|\u00e9t\u00e9|col_1|col|Col 1\n1|2|3|4|5|6",
		"FN|EMAIL 1|TEL 1|TEL 2|ADR 1 CITY\nAda|a@b.c|1|2|x",
	} {
		f.Add(s, "FR", true, 0.5)
	}
	f.Fuzz(func(t *testing.T, data, region string, extra bool, threshold float64) {
		if len(data) > 4096 {
			return
		}
		lines := strings.Split(data, "\n")
		header := strings.Split(lines[0], "|")
		var sample []importer.Row
		for i, l := range lines[1:] {
			sample = append(sample, importer.Row{Line: i + 2, Cells: strings.Split(l, "|")})
		}
		o := &importer.MapOptions{Region: region, SampleSize: 5, Threshold: threshold}
		if extra {
			o.Extra = importer.ExtraCustom
		}
		m := importer.Suggest(header, sample, fuzzDefs, o)
		if len(m.Columns) != len(header) {
			t.Fatalf("%d columns for %d headers", len(m.Columns), len(header))
		}
		for i, c := range m.Columns {
			if c.Index != i || c.Header != header[i] {
				t.Fatalf("column %d is %d %q", i, c.Index, c.Header)
			}
		}
		nf := m.NewFields(fuzzDefs)
		if err := m.Validate(fuzzDefs, nf...); err != nil {
			t.Fatalf("Suggest(%q) does not validate: %v", header, err)
		}
		for _, k := range nf {
			if _, err := field.ParseKey(k.String()); err != nil {
				t.Fatalf("new field key %q does not parse: %v", k, err)
			}
		}
		for _, p := range importer.Preview(m, sample, fuzzDefs, o) {
			if p.Parsed > len(p.Samples) || len(p.Samples) > o.SampleSize {
				t.Fatalf("preview of column %d: %d parsed of %d samples", p.Index, p.Parsed, len(p.Samples))
			}
		}
		for _, r := range sample {
			_ = m.Record(r)
		}
		_ = m.DateColumns(fuzzDefs)
	})
}

// FuzzParseCountryBoth checks importer.ParseCountry against
// contact.ParseCountry: the error is a *contact.ParseError, a code parses
// to itself, and whatever contact.ParseCountry accepts, importer's accepts
// as the same country.
func FuzzParseCountryBoth(f *testing.F) {
	for _, s := range []string{"FR", "fr", " France ", "Deutschland", "UK", "USA", "Côte d'Ivoire", "xx", "", "\u00a0FR"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c1, err1 := contact.ParseCountry(s)
		c2, err2 := importer.ParseCountry(s)
		for _, err := range []error{err1, err2} {
			if err != nil {
				if _, ok := errors.AsType[*contact.ParseError](err); !ok {
					t.Fatalf("ParseCountry(%q) error %T %v is not a *contact.ParseError", s, err, err)
				}
			}
		}
		if err1 == nil {
			if err2 != nil || c1 != c2 {
				t.Fatalf("contact.ParseCountry(%q) = %v, importer.ParseCountry = %v, %v", s, c1, c2, err2)
			}
			if c, err := contact.ParseCountry(c1.String()); err != nil || c != c1 {
				t.Fatalf("ParseCountry(%q) = %v, which reparses as %v, %v", s, c1, c, err)
			}
		}
		if err2 == nil {
			if c, err := importer.ParseCountry(c2.String()); err != nil || c != c2 {
				t.Fatalf("importer.ParseCountry(%q) = %v, which reparses as %v, %v", s, c2, c, err)
			}
		}
	})
}
