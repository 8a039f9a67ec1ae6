package phonenum

import (
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/nyaruka/phonenumbers/v2/metadata"
)

func TestFirstDigits(t *testing.T) {
	digits := func(ds ...int) uint16 {
		var set uint16
		for _, d := range ds {
			set |= 1 << d
		}
		return set
	}
	tests := []struct {
		expr string
		want uint16
	}{
		{`^(?:6\d{8}|7[0-8]\d{7})$`, digits(6, 7)},
		{`^(?:(?:1|2)?3\d)$`, digits(1, 2, 3)},
		{`^(?:[02-4]?(?:5|9)\d*)$`, digits(0, 2, 3, 4, 5, 9)},
		{`^(?:(?:8[1-9])*0)$`, digits(8, 0)},
		{`^(?:\d{3})$`, everyDigit},
		{`^(?:.x)$`, everyDigit},
		{`^(?:x1)$`, 0},
		{`^(?:)$`, 0},
		{`^(?:[`, everyDigit}, // does not compile
	}
	for _, tt := range tests {
		if got := firstDigits(tt.expr); got != tt.want {
			t.Errorf("firstDigits(%q) = %010b, want %010b", tt.expr, got, tt.want)
		}
	}
}

// TestMatchPatternAgreesWithRegexp checks the shortcut of matchPattern on
// the metadata of every region and non-geographic entity: the example
// number of each pattern, with each of the ten digits first, is matched as
// the regexp alone matches it.
func TestMatchPatternAgreesWithRegexp(t *testing.T) {
	mds := allMetadata()
	checked := 0
	for _, md := range mds {
		for _, pd := range descsOf(md) {
			if pd == nil || pd.GetExampleNumber() == "" {
				continue
			}
			ex, d := pd.GetExampleNumber(), newDesc(pd)
			for x := byte('0'); x <= '9'; x++ {
				n := string(x) + ex[1:]
				if got, want := d.matchPattern(n), d.re.MatchString(n); got != want {
					t.Errorf("%s: matchPattern(%q) = %v, the regexp %v says %v", md.GetId(), n, got, d.re, want)
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked %d numbers only: the metadata has no example numbers?", checked)
	}
}

// TestRegionSlots checks that every supported region has a slot of its own
// and that each calling code finds the region the library names first.
func TestRegionSlots(t *testing.T) {
	seen := map[*atomic.Pointer[region]]string{}
	for code := range metadata.SupportedRegions() {
		slot := regionSlot(code)
		if slot == nil {
			t.Errorf("region %q has no slot", code)
			continue
		}
		if other, ok := seen[slot]; ok {
			t.Errorf("regions %q and %q share a slot", code, other)
		}
		seen[slot] = code
		if r := regionFor(code); r == nil || r.code != code {
			t.Errorf("regionFor(%q) = %v", code, r)
		}
	}
	for _, code := range []string{"", "fr", "F", "FRA", "ZZ", "001", "F1"} {
		if r := regionFor(code); r != nil {
			t.Errorf("regionFor(%q) = region %q, want none", code, r.code)
		}
	}
	for cc, regions := range metadata.CountryCodeToRegion() {
		r := regionForCC(cc)
		if r == nil {
			if regions[0] != "001" {
				t.Errorf("regionForCC(%d) = nil, want %s", cc, regions[0])
			}
			continue
		}
		if r.code != regions[0] {
			t.Errorf("regionForCC(%d) = %s, want %s", cc, r.code, regions[0])
		}
	}
	for _, cc := range []int{0, -1, 1000, 999999} {
		if r := regionForCC(cc); r != nil {
			t.Errorf("regionForCC(%d) = %s, want none", cc, r.code)
		}
	}
}

// A number read again in the form it is stored in, E.164, allocates its
// E.164 form only, not a copy of its digits too; that form is a string of
// its own, not the input (part of a larger string, a stored phone would keep
// all of it). A national form gives the same E.164 string.
func TestParseCanonicalAllocatesItsFormOnly(t *testing.T) {
	for _, in := range []string{"+33612345678", "+14155552671", "+447911123456"} {
		ParseE164(in, "FR") // the regions' metadata, compiled once
		var got string
		if n := testing.AllocsPerRun(100, func() { got, _ = ParseE164(in, "FR") }); n != 1 {
			t.Errorf("ParseE164(%q): %v allocations, want 1", in, n)
		}
		if got != in {
			t.Errorf("ParseE164(%q) = %q", in, got)
		}
		if unsafe.StringData(got) == unsafe.StringData(in) {
			t.Errorf("ParseE164(%q) returned its input, not a string of its own", in)
		}
	}
	for in, want := range map[string]string{"06 12 34 56 78": "+33612345678", "0612345678": "+33612345678", "33612345678": "+33612345678", "+33 6 12 34 56 78": "+33612345678"} {
		if got, err := ParseE164(in, "FR"); err != nil || got != want {
			t.Errorf("ParseE164(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
