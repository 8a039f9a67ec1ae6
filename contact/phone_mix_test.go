package contact_test

import (
	"errors"
	"flag"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nyaruka/phonenumbers/v2"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/phonenum"
	"github.com/contactkit/contactkit/internal/phonenum/phonecorpus"
)

var mixRows = flag.Int("phone.mixrows", 0, "rows of the typical mix in TestParsePhoneTypicalMix (0: 50,000, fewer with -short or -race); 1000000 for the million-row check")

// libraryAnswer is ParsePhone's answer as the library loop gives it: the
// E.164 form, or the reasons ParsePhone may give for refusing the input
// (the library's error or validity check mapped to a category; its
// ErrInvalidCountryCode stands for three of ours). ParsePhone's two refusals
// of its own are derived from the library too: a region that is not short
// ASCII, and an E.164 form the library does not read back.
func libraryAnswer(input, region string) (string, []error) {
	if len(region) > 3 || strings.ContainsFunc(region, func(r rune) bool { return r >= 0x80 }) {
		return "", []error{contact.ErrPhoneUnknownRegion}
	}
	if len(input) > contact.MaxPhoneInput {
		return "", []error{contact.ErrPhoneTooLong}
	}
	n, err := phonenumbers.Parse(phonenum.Spaces(input), strings.ToUpper(region))
	switch err {
	case nil:
	case phonenumbers.ErrNumTooLong:
		return "", []error{contact.ErrPhoneTooLong}
	case phonenumbers.ErrTooShortNSN, phonenumbers.ErrTooShortAfterIDD:
		return "", []error{contact.ErrPhoneTooShort}
	case phonenumbers.ErrInvalidCountryCode:
		return "", []error{contact.ErrPhoneNoRegion, contact.ErrPhoneUnknownRegion, contact.ErrPhoneUnknownCountryCode}
	default:
		return "", []error{contact.ErrPhoneNotANumber}
	}
	if !phonenumbers.IsValidNumber(n) {
		switch phonenumbers.IsPossibleNumberWithReason(n) {
		case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
			return "", []error{contact.ErrPhoneTooShort}
		case phonenumbers.TOO_LONG:
			return "", []error{contact.ErrPhoneTooLong}
		case phonenumbers.INVALID_COUNTRY_CODE:
			return "", []error{contact.ErrPhoneUnknownCountryCode}
		}
		return "", []error{contact.ErrPhoneInvalidForRegion}
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if libraryE164(e164, "") != e164 {
		return "", []error{contact.ErrPhoneNotRoundTrip}
	}
	return e164, nil
}

// TestParsePhoneTypicalMix is the differential test of ParsePhone on the
// typical mix: the same E.164 as the library loop, or
// an error of the same category, on every row; and every accepted number
// round-trips. Run it on a million rows with -phone.mixrows=1000000.
func TestParsePhoneTypicalMix(t *testing.T) {
	n := 50_000
	switch {
	case raceEnabled:
		n = 3000
	case testing.Short():
		n = 20_000
	}
	if *mixRows > 0 {
		n = *mixRows
	}
	var perClass, accepted [phonecorpus.NumClasses]int
	for _, c := range phonecorpus.Typical(11, n) {
		perClass[c.Class]++
		want, reasons := libraryAnswer(c.Input, c.Region)
		got, err := contact.ParsePhone(c.Input, c.Region)
		if got.String() != want || (err == nil) != (want != "") {
			t.Fatalf("%s: ParsePhone(%q, %q) = %q, %v; the library gives %q, %v", c.Class, c.Input, c.Region, got, err, want, reasons)
		}
		if err != nil {
			if !errors.Is(err, contact.ErrInvalidPhone) || !isAny(err, reasons) {
				t.Fatalf("%s: ParsePhone(%q, %q) error %v, want one of %v", c.Class, c.Input, c.Region, err, reasons)
			}
			continue
		}
		accepted[c.Class]++
		if text, _ := got.MarshalText(); true {
			var p contact.Phone
			if err := p.UnmarshalText(text); err != nil || p != got {
				t.Fatalf("UnmarshalText(%q) = %q, %v; want it back", text, p, err)
			}
		}
		if again, err := contact.ParsePhone(got.String(), ""); err != nil || again != got {
			t.Fatalf("ParsePhone(%q, \"\") = %q, %v; want it unchanged", got, again, err)
		}
	}
	for cl := range phonecorpus.NumClasses {
		t.Logf("%-13s %7d rows, %7d accepted", cl, perClass[cl], accepted[cl])
		if perClass[cl] == 0 {
			t.Errorf("no row of class %s", cl)
		}
	}
	if invalid := perClass[phonecorpus.ClassInvalid]; invalid*100 < n*8 || invalid*100 > n*12 {
		t.Errorf("%d invalid rows of %d, want about 10 %%", invalid, n)
	}
	if accepted[phonecorpus.ClassInvalid] != 0 {
		t.Errorf("%d rows of class invalid accepted, want none", accepted[phonecorpus.ClassInvalid])
	}
}

func isAny(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// typicalPhones returns the inputs of the mix benchmarks: 4,000 of the mix
// in the generator's order, and up to 2,000 of each class. They are made on
// first use, not when the tests start.
var typicalPhones = sync.OnceValues(func() ([]phonecorpus.Case, [phonecorpus.NumClasses][]phonecorpus.Case) {
	var all []phonecorpus.Case
	var by [phonecorpus.NumClasses][]phonecorpus.Case
	for _, c := range phonecorpus.Typical(42, 20_000) {
		all = append(all, c.Case)
		if len(by[c.Class]) < 2000 {
			by[c.Class] = append(by[c.Class], c.Case)
		}
	}
	return all[:4000], by
})

// BenchmarkParsePhoneMix measures ParsePhone against the bare library loop
// (Parse, IsValidNumber, Format E164) on the typical mix and on each of its
// classes: in each round both run over the same 200 inputs, in alternating
// order, and the round's ratio is the loop's time over ParsePhone's. It
// reports the median of the round ratios (x-speedup) and the median time per
// number of each side; the rounds move through the inputs.
//
//	go test ./contact -run '^$' -bench ParsePhoneMix -benchtime 400x -count 3
func BenchmarkParsePhoneMix(b *testing.B) {
	all, byClass := typicalPhones()
	b.Run("all", func(b *testing.B) { benchInterleaved(b, all) })
	for cl := range phonecorpus.NumClasses {
		b.Run(cl.String(), func(b *testing.B) { benchInterleaved(b, byClass[cl]) })
	}
	// Inputs the fast path leaves to the library: an extension label it does
	// not follow. ParsePhone must not be slower than the loop on them either.
	var slow []phonecorpus.Case
	for _, c := range byClass[phonecorpus.ClassNational] {
		slow = append(slow, phonecorpus.Case{Input: c.Input + " anexo 12", Region: c.Region})
	}
	b.Run("library-read", func(b *testing.B) { benchInterleaved(b, slow) })
}

func benchInterleaved(b *testing.B, cases []phonecorpus.Case) {
	const round = 200
	libraryLoop(cases) // warm both sides: compiled metadata, the library's caches
	parsePhoneLoop(cases)
	var ratios, libNs, ckNs []float64
	start := 0
	for b.Loop() {
		if start+round > len(cases) {
			start = 0
		}
		window := cases[start : start+round]
		start += round
		var lib, ck time.Duration
		if len(ratios)%2 == 0 {
			lib = timeIt(libraryLoop, window)
			ck = timeIt(parsePhoneLoop, window)
		} else {
			ck = timeIt(parsePhoneLoop, window)
			lib = timeIt(libraryLoop, window)
		}
		ratios = append(ratios, float64(lib)/float64(ck))
		libNs = append(libNs, float64(lib.Nanoseconds())/round)
		ckNs = append(ckNs, float64(ck.Nanoseconds())/round)
	}
	b.ReportMetric(median(ratios), "x-speedup")
	b.ReportMetric(median(libNs), "lib-ns/number")
	b.ReportMetric(median(ckNs), "contactkit-ns/number")
}
