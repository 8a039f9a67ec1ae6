package importer_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

func TestParsePhone(t *testing.T) {
	for _, tc := range []struct {
		cell, region, want string
		err                error // when want is ""
	}{
		{"0612345678", "FR", "+33612345678", nil},
		{"612345678", "FR", "+33612345678", nil},       // national, no trunk zero: never read again
		{"33612345678", "FR", "+33612345678", nil},     // the region's own code
		{"27821234567", "FR", "+27821234567", nil},     // a spreadsheet's number: the "+" lost
		{" 447911123456 ", "FR", "+447911123456", nil}, // spaces around
		{"14155552671", "FR", "+14155552671", nil},
		{"+27821234567", "FR", "+27821234567", nil},
		{"2025550143", "US", "+12025550143", nil}, // national in the US
		// Not read as international: a trunk zero, other characters,
		// too few digits, or no number with the "+" either.
		{"0027821234567", "FR", "+27821234567", nil}, // "00" is the prefix itself
		{"06123456789", "FR", "", contact.ErrPhoneTooLong},
		{"27 82 123 4567", "FR", "", contact.ErrInvalidPhone},
		{"9999999999999", "FR", "", contact.ErrInvalidPhone},
		{"1234567", "FR", "", contact.ErrInvalidPhone},
	} {
		got, err := importer.ParsePhone(tc.cell, tc.region)
		if tc.want != "" {
			if err != nil || got.String() != tc.want {
				t.Errorf("ParsePhone(%q, %s) = %v, %v; want %s", tc.cell, tc.region, got, err, tc.want)
			}
			continue
		}
		if err == nil || !errors.Is(err, tc.err) {
			t.Errorf("ParsePhone(%q, %s) = %v, %v; want an error matching %v", tc.cell, tc.region, got, err, tc.err)
		}
		// The error is the national reading's.
		_, national := contact.ParsePhone(tc.cell, tc.region)
		if err != nil && national != nil && err.Error() != national.Error() {
			t.Errorf("ParsePhone(%q) error %q, want the national reading's %q", tc.cell, err, national)
		}
	}
}

// FuzzParsePhone: the import reads what contact.ParsePhone reads, as it
// reads it, and more only for a cell of digits alone, as its international
// number; a cell of digits alone that starts with its region's own
// calling code as that international number when it is one; and refuses a
// cell of digits alone that reads as two other numbers, naming both.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"0612345678", "27821234567", "+33 6 12 34 56 78", "1", "٠٦١٢٣٤٥٦٧٨", "33612345678x"} {
		f.Add(s, "FR")
	}
	f.Add("4915112345608", "DE")
	f.Add("33612345611", "IT")
	f.Add("447911123457", "DE")
	f.Fuzz(func(t *testing.T, cell, region string) {
		got, err := importer.ParsePhone(cell, region)
		national, nerr := contact.ParsePhone(cell, region)
		v := strings.TrimSpace(cell)
		intl, ierr := contact.ParsePhone("+"+v, region)
		switch {
		case errors.Is(err, importer.ErrAmbiguousPhone):
			amb, ok := errors.AsType[*importer.AmbiguousPhoneError](err)
			if !ok || nerr != nil || ierr != nil || national == intl || amb.National != national || amb.International != intl ||
				!errors.Is(err, contact.ErrInvalidPhone) || !strings.Contains(err.Error(), national.String()) || !strings.Contains(err.Error(), intl.String()) {
				t.Fatalf("ParsePhone(%q, %q) = %v; contact.ParsePhone gives %v, %v and with a \"+\" %v, %v", cell, region, err, national, nerr, intl, ierr)
			}
		case nerr == nil && ierr == nil && got == intl && got != national:
			// The region's own code first: national is "+" and the code,
			// then the cell's digits, which start with that code.
			cc, ok := strings.CutSuffix(national.String(), v)
			if !ok || len(cc) < 2 || !strings.HasPrefix(v, cc[1:]) || err != nil {
				t.Fatalf("ParsePhone(%q, %q) = %v, %v; contact.ParsePhone gives %v", cell, region, got, err, national)
			}
		case nerr == nil:
			if err != nil || got != national {
				t.Fatalf("ParsePhone(%q, %q) = %v, %v; contact.ParsePhone gives %v", cell, region, got, err, national)
			}
		case err == nil:
			if strings.Trim(v, "0123456789") != "" || ierr != nil || got != intl {
				t.Fatalf("ParsePhone(%q, %q) = %v: only a cell of digits is read as international (%v, %v)", cell, region, got, intl, ierr)
			}
		case err.Error() != nerr.Error():
			t.Fatalf("ParsePhone(%q, %q) error %q, want the national reading's %q", cell, region, err, nerr)
		}
	})
}

// Suggest tells a file that drops the "+" of its international numbers
// from its sampled phones of digits alone: more of them read only as
// international than only as national. A file of national numbers with a
// digit too many in one keeps reading it as national, a problem of its
// row, never another country's number.
func TestSuggestPlusDropped(t *testing.T) {
	rows := func(phones ...string) []importer.Row {
		var out []importer.Row
		for i, p := range phones {
			out = append(out, importer.Row{Line: i + 2, Cells: []string{"p" + strconv.Itoa(i) + "@example.com", p}})
		}
		return out
	}
	header := []string{"Email", "Phone"}
	for _, tc := range []struct {
		name, region string
		phones       []string
		want         bool
	}{
		{"MSISDNs of several countries", "FR", []string{"27821234567", "447911123456", "33612345678", "14155552671"}, true},
		{"national numbers and one typo", "US", []string{"2125550143", "4155552671", "31255501234", "(212) 555-0199"}, false},
		{"French numbers, the region's own code first", "FR", []string{"33612345678", "33712345678"}, false},
		{"with their plus", "FR", []string{"+27821234567", "+447911123456"}, false},
		{"a spreadsheet's one foreign number", "FR", []string{"+48512345678", "27821234567"}, true},
	} {
		m := importer.Suggest(header, rows(tc.phones...), nil, &importer.MapOptions{Region: tc.region})
		if m.Columns[1].Target.Kind != importer.KindPhone {
			t.Fatalf("%s: column 1 is %v", tc.name, m.Columns[1].Target)
		}
		if m.PlusDropped != tc.want || (m.PlusDroppedReason != "") != tc.want {
			t.Errorf("%s: PlusDropped = %v (%q), want %v", tc.name, m.PlusDropped, m.PlusDroppedReason, tc.want)
		}
	}
	// As the mapping says, the typo is refused and the MSISDN read.
	var national, dropped importer.Mapping
	dropped.PlusDropped = true
	if _, err := national.ParsePhone("31255501234", "US"); err == nil {
		t.Error("a national number with a digit too many read as another country's")
	}
	if p, err := dropped.ParsePhone("27821234567", "FR"); err != nil || p.String() != "+27821234567" {
		t.Errorf("ParsePhone = %v, %v", p, err)
	}
}

// A cell of digits alone that reads as two numbers, a national one of its
// region and the international one a "+" makes of it, is refused with
// both: the file does not say which it means. One reading alone, or the
// digits of the region's own code first, is read as before.
func TestParsePhoneTwoReadings(t *testing.T) {
	for _, tc := range []struct {
		cell, region string
		// want is the number read; national and intl the two readings
		// of a refused cell.
		want, national, intl string
	}{
		{cell: "33612345611", region: "IT", national: "+3933612345611", intl: "+33612345611"},
		{cell: "447911123457", region: "DE", national: "+49447911123457", intl: "+447911123457"},
		{cell: " 33612345601 ", region: "de", national: "+4933612345601", intl: "+33612345601"},
		{cell: "33612345601", region: "GB", want: "+33612345601"},   // only international
		{cell: "447911123456", region: "FR", want: "+447911123456"}, // only international
		{cell: "3123456711", region: "IT", want: "+393123456711"},   // only national
		{cell: "4915112345608", region: "DE", want: "+4915112345608"},
		{cell: "33612345678", region: "FR", want: "+33612345678"}, // one number both ways
		{cell: "+33612345611", region: "IT", want: "+33612345611"},
		{cell: "0612345678", region: "FR", want: "+33612345678"},
	} {
		got, err := importer.ParsePhone(tc.cell, tc.region)
		if tc.want != "" {
			if err != nil || got.String() != tc.want {
				t.Errorf("ParsePhone(%q, %s) = %v, %v; want %s", tc.cell, tc.region, got, err, tc.want)
			}
			continue
		}
		amb, ok := errors.AsType[*importer.AmbiguousPhoneError](err)
		if !ok || !got.IsZero() {
			t.Errorf("ParsePhone(%q, %s) = %v, %v; want an *AmbiguousPhoneError", tc.cell, tc.region, got, err)
			continue
		}
		if amb.National.String() != tc.national || amb.International.String() != tc.intl || amb.Region != strings.ToUpper(tc.region) {
			t.Errorf("ParsePhone(%q, %s): %+v; want %s and %s in %s", tc.cell, tc.region, amb, tc.national, tc.intl, tc.region)
		}
		pe, ok := errors.AsType[*contact.ParseError](err)
		if !ok || pe.Field != "phone" || !errors.Is(err, contact.ErrInvalidPhone) || !errors.Is(err, importer.ErrAmbiguousPhone) {
			t.Errorf("ParsePhone(%q, %s) error %#v: want a *contact.ParseError of the phone, matching ErrInvalidPhone and ErrAmbiguousPhone", tc.cell, tc.region, err)
		}
		for _, s := range []string{tc.national, tc.intl, "region " + strings.ToUpper(tc.region)} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("ParsePhone(%q, %s) error %q does not say %s", tc.cell, tc.region, err, s)
			}
		}
		// A file that keeps its "+" reads the national number, as it is.
		var keeps importer.Mapping
		if p, err := keeps.ParsePhone(tc.cell, tc.region); err != nil || p.String() != tc.national {
			t.Errorf("Mapping{}.ParsePhone(%q, %s) = %v, %v; want %s", tc.cell, tc.region, p, err, tc.national)
		}
	}
}

// Preview counts as read what the import reads: a cell of two readings in
// its row's country is not, and a custom phone of two readings is not
// either (FieldValue refuses it, as the field's own refusals are made).
func TestPreviewPlusDroppedTwoReadings(t *testing.T) {
	alt := field.Definition{Key: field.MustParseKey("alt_phone"), Label: "Alt phone", Type: field.TypePhone}
	m := importer.Mapping{PlusDropped: true, Columns: []importer.Column{
		{Index: 0, Header: "Country", Target: importer.Target{Kind: importer.KindCountry}},
		{Index: 1, Header: "Phone", Target: importer.Target{Kind: importer.KindPhone}},
		{Index: 2, Header: "alt_phone", Target: importer.Target{Kind: importer.KindCustom, Field: alt.Key}},
	}}
	sample := []importer.Row{
		{Line: 2, Cells: []string{"IT", "33612345611", "33612345612"}}, // both readings
		{Line: 3, Cells: []string{"FR", "447911123456", "447911123458"}},
		{Line: 4, Cells: []string{"DE", "4915112345608", "4915112345609"}},
	}
	p := importer.Preview(m, sample, []field.Definition{alt}, &importer.MapOptions{Region: "FR"})
	if p[1].Parsed != 2 || p[2].Parsed != 2 {
		t.Errorf("Preview parsed %d phones and %d custom phones of 3, want 2 and 2 (the Italian row's are ambiguous)", p[1].Parsed, p[2].Parsed)
	}
	v, err := m.FieldValue(alt, importer.Cell{Value: "33612345612"}, "IT")
	fe, ok := errors.AsType[*field.Error](err)
	if !ok || fe.Key != alt.Key || !errors.Is(err, field.ErrInvalidValue) || !errors.Is(err, importer.ErrAmbiguousPhone) || v != "33612345612" {
		t.Errorf("FieldValue of an ambiguous phone = %q, %v; want the cell and a *field.Error matching ErrAmbiguousPhone", v, err)
	}
	if v, err := m.FieldValue(alt, importer.Cell{Value: "12"}, "FR"); err != nil || v != "12" {
		t.Errorf("FieldValue of a bad phone = %q, %v; want it as it is, for the field to refuse", v, err)
	}
	// Suggest still sees a column of such cells as phones.
	s := importer.Suggest([]string{"Numbers"}, []importer.Row{{Line: 2, Cells: []string{"33612345611"}}, {Line: 3, Cells: []string{"33612345612"}}}, nil, &importer.MapOptions{Region: "IT"})
	if s.Columns[0].Target.Kind != importer.KindPhone {
		t.Errorf("a column of numbers of two readings maps to %v, want phones", s.Columns[0].Target)
	}
}
