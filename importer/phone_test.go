package importer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
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
// number.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"0612345678", "27821234567", "+33 6 12 34 56 78", "1", "٠٦١٢٣٤٥٦٧٨", "33612345678x"} {
		f.Add(s, "FR")
	}
	f.Fuzz(func(t *testing.T, cell, region string) {
		got, err := importer.ParsePhone(cell, region)
		national, nerr := contact.ParsePhone(cell, region)
		switch {
		case nerr == nil:
			if err != nil || got != national {
				t.Fatalf("ParsePhone(%q, %q) = %v, %v; contact.ParsePhone gives %v", cell, region, got, err, national)
			}
		case err == nil:
			v := strings.TrimSpace(cell)
			intl, ierr := contact.ParsePhone("+"+v, region)
			if strings.Trim(v, "0123456789") != "" || ierr != nil || got != intl {
				t.Fatalf("ParsePhone(%q, %q) = %v: only a cell of digits is read as international (%v, %v)", cell, region, got, intl, ierr)
			}
		case err.Error() != nerr.Error():
			t.Fatalf("ParsePhone(%q, %q) error %q, want the national reading's %q", cell, region, err, nerr)
		}
	})
}
