package importer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// A file that drops the "+" of its numbers (Mapping.PlusDropped) writes
// a German mobile +49 151 12345608 as 4915112345608. Read in Germany, or
// Italy, or Austria, whose numbers have several lengths, those digits
// are also a national number: +494915112345608. It was read so, silently,
// where the same cell of a French row gave +33…, as libphonenumber strips
// the region's own code there: an export whose phones a spreadsheet kept
// as numbers imported the German contacts with other numbers, and updated
// them with a second, wrong phone. Digits that start with the region's own
// calling code and read as international are that international number.
func TestAcceptance13ImportPlusDroppedOwnCallingCode(t *testing.T) {
	for _, tc := range []struct{ cell, region, want string }{
		{"4915112345608", "DE", "+4915112345608"},
		{"393123456711", "IT", "+393123456711"},
		{"436641234567", "AT", "+436641234567"},
		{"33612345678", "FR", "+33612345678"}, // as before
		// National numbers whose digits do not start with the code: as
		// before.
		{"612345678", "FR", "+33612345678"},
		{"15112345608", "DE", "+4915112345608"},
		{"3123456711", "IT", "+393123456711"},
		// A trunk prefix of its region's (Russia's 8, the 1 of the
		// North American plan): the national reading, as before.
		{"14155552671", "US", "+14155552671"},
		{"89161234567", "RU", "+79161234567"},
	} {
		got, err := importer.ParsePhone(tc.cell, tc.region)
		if err != nil || got.String() != tc.want {
			t.Errorf("ParsePhone(%q, %s) = %v, %v; want %s", tc.cell, tc.region, got, err, tc.want)
		}
	}
	// A file that keeps its "+" reads the national number, as it is.
	if p, err := contact.ParsePhone("4915112345608", "DE"); err != nil || p.String() == "+4915112345608" {
		t.Errorf("contact.ParsePhone(4915112345608, DE) = %v, %v: the test no longer shows the two readings", p, err)
	}
}

// A German workspace imports a file of an SMS tool, its numbers written
// without their "+" (MSISDN): 4915112345608. Those digits read in Germany
// as a national number too, so Suggest counted them national and left
// PlusDropped false, and every phone of the file became another number
// (+494915112345608), silently, where a French workspace reads a file of
// 336… as +336…. Digits that start with the region's own calling code and
// read as international tell a file that drops its "+".
func TestAcceptance13ImportSuggestPlusDroppedOwnCallingCode(t *testing.T) {
	header := []string{"Email", "Phone"}
	sample := []importer.Row{
		{Line: 2, Cells: []string{"a@example.com", "4915112345608"}},
		{Line: 3, Cells: []string{"b@example.com", "4917612345678"}},
		{Line: 4, Cells: []string{"c@example.com", "4930123456"}},
	}
	m := importer.Suggest(header, sample, nil, &importer.MapOptions{Region: "DE"})
	if !m.PlusDropped {
		t.Fatalf("PlusDropped = false (%q) for a file of German MSISDNs", m.PlusDroppedReason)
	}
	for i, want := range []string{"+4915112345608", "+4917612345678", "+4930123456"} {
		if got, err := m.ParsePhone(sample[i].Cells[1], "DE"); err != nil || got.String() != want {
			t.Errorf("ParsePhone(%q) = %v, %v; want %s", sample[i].Cells[1], got, err, want)
		}
	}
	// German national numbers without their trunk zero stay national.
	national := []importer.Row{
		{Line: 2, Cells: []string{"a@example.com", "15112345608"}},
		{Line: 3, Cells: []string{"b@example.com", "30123456"}},
	}
	if m := importer.Suggest(header, national, nil, &importer.MapOptions{Region: "DE"}); m.PlusDropped {
		t.Errorf("PlusDropped for national numbers: %s", m.PlusDroppedReason)
	}
}

// A language column's cells are read as a tag or by the language's name,
// and Preview counts the names as read (see the root package's
// TestAcceptance13ImportOutlookLanguageNames).
func TestAcceptance13ImportParseLanguageNames(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "pt-BR": "pt-BR", "English": "en", " français ": "fr", "Deutsch": "de", "ANGLAIS": "en",
		"Español": "es", "日本語": "ja", "Nederlands": "nl", "Chinese": "zh",
	} {
		got, err := importer.ParseLanguage(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseLanguage(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"Klingonish", "", "English French", strings.Repeat("x", 200)} {
		if got, err := importer.ParseLanguage(in); !errors.Is(err, contact.ErrInvalidLanguage) {
			t.Errorf("ParseLanguage(%q) = %v, %v; want an error matching ErrInvalidLanguage", in, got, err)
		}
	}
	p := importer.Preview(importer.Mapping{Columns: []importer.Column{{Index: 0, Header: "Language", Target: importer.Target{Kind: importer.KindLanguage}}}},
		[]importer.Row{{Line: 2, Cells: []string{"Français"}}, {Line: 3, Cells: []string{"English"}}}, nil, nil)
	if len(p) != 1 || p[0].Parsed != 2 {
		t.Errorf("Preview of language names: %+v", p)
	}
}

// Preview counts a custom phone of a file that drops its "+" as read, as
// the import now reads it (see the root package's
// TestAcceptance13ImportCustomPhoneReadLikeTheRowsPhones).
func TestAcceptance13ImportPreviewCustomPhonePlusDropped(t *testing.T) {
	defs := []field.Definition{{Key: field.MustParseKey("alt_phone"), Label: "Alt phone", Type: field.TypePhone}}
	m := importer.Mapping{PlusDropped: true, Columns: []importer.Column{{Index: 0, Header: "alt_phone", Target: importer.Target{Kind: importer.KindCustom, Field: defs[0].Key}}}}
	p := importer.Preview(m, []importer.Row{{Line: 2, Cells: []string{"819012345678"}}, {Line: 3, Cells: []string{"06 12 34 56 78"}}}, defs, &importer.MapOptions{Region: "FR"})
	if len(p) != 1 || p[0].Parsed != 2 {
		t.Errorf("Preview of custom phones, their \"+\" dropped: %+v", p)
	}
}
