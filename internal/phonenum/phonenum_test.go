package phonenum

import (
	"bufio"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers/v2"

	"github.com/contactkit/contactkit/internal/phonenum/phonecorpus"
)

var corpusRows = flag.Int("phonenum.rows", 0, "size of the generated differential corpus (0: the default, small enough for every go test)")

// library is the bare loop the fast parser is measured against: Parse,
// IsValidNumber, Format(E164). It returns "" when the number is rejected.
func library(input, region string) string {
	n, err := phonenumbers.Parse(Spaces(input), region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

type vector struct {
	line                   int
	input, region, want    string
	detail                 string
	wantInvalid            bool
	wantType, wantRegionOf string
}

func readVectors(t testing.TB) []vector {
	t.Helper()
	f, err := os.Open("testdata/phones.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []vector
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			continue // header
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 {
			t.Fatalf("testdata/phones.tsv:%d: %d columns, want 5", line, len(cols))
		}
		v := vector{line: line, input: cols[0], region: cols[1], want: cols[2], detail: cols[3]}
		v.wantInvalid = v.want == "INVALID"
		if f := strings.Fields(v.detail); len(f) >= 3 && f[0] == "valid" {
			v.wantType = f[1]
			v.wantRegionOf = strings.TrimPrefix(f[2], "region=")
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// expect is what Parse must answer: the library loop's E.164, or "" and the
// reason it must give when that is known without the code under test
// (ErrUnknownRegion for a region that is not short ASCII, ErrNotRoundTrip
// when the library does not read its own E.164 back).
func expect(input, region string) (string, error) {
	if len(region) > 3 || strings.ContainsFunc(region, func(r rune) bool { return r >= 0x80 }) {
		return "", ErrUnknownRegion
	}
	want := library(input, strings.ToUpper(region))
	if want != "" && library(want, "") != want {
		return "", ErrNotRoundTrip
	}
	return want, nil
}

// check compares Parse, ParseE164, the fast path and the library on one
// input, and checks that an accepted number reads back.
func check(t *testing.T, input, region string) {
	t.Helper()
	want, wantReason := expect(input, region)
	got, err := Parse(input, region)
	if (err == nil) != (want != "") || got.E164 != want {
		t.Errorf("Parse(%q, %q) = %q, %v; library gives %q", input, region, got.E164, err, want)
	}
	if wantReason != nil && !errors.Is(err, wantReason) {
		t.Errorf("Parse(%q, %q) error = %v, want %v", input, region, err, wantReason)
	}
	if err != nil && !errors.Is(err, ErrInvalid) {
		t.Errorf("Parse(%q, %q): error %v does not wrap ErrInvalid", input, region, err)
	}
	e164, err2 := ParseE164(input, region)
	if e164 != got.E164 || err2 != err {
		t.Errorf("ParseE164(%q, %q) = %q, %v; Parse gives %q, %v", input, region, e164, err2, got.E164, err)
	}
	e164, region2, err3 := ParseE164Region(input, region)
	if e164 != got.E164 || err3 != err || region2 != RegionOf(got.E164) {
		t.Errorf("ParseE164Region(%q, %q) = %q, %q, %v; Parse gives %q, %v, region %q", input, region, e164, region2, err3, got.E164, err, RegionOf(got.E164))
	}
	if err == nil {
		again, err := Parse(got.E164, "")
		if err != nil || again.E164 != got.E164 || again.Region != got.Region || again.Type != got.Type {
			t.Errorf("Parse(%q, \"\") = %+v, %v; want it to read back as %+v", got.E164, again, err, got)
		}
	}
	upper, ok := normRegion(region)
	if !ok {
		return
	}
	fast, freason, ok := parseFast(input, upper)
	if !ok {
		return
	}
	slow, sreason := parseSlow(input, upper, true)
	if fast != slow || freason != sreason {
		t.Errorf("parseFast(%q, %q) = %+v, %v; parseSlow gives %+v, %v", input, region, fast, freason, slow, sreason)
	}
}

func TestVectors(t *testing.T) {
	for _, v := range readVectors(t) {
		got, err := Parse(v.input, v.region)
		if v.wantInvalid {
			if err == nil {
				t.Errorf("line %d: Parse(%q, %q) = %q, want an error (%s)", v.line, v.input, v.region, got.E164, v.detail)
			}
		} else if err != nil || got.E164 != v.want {
			t.Errorf("line %d: Parse(%q, %q) = %q, %v; want %q", v.line, v.input, v.region, got.E164, err, v.want)
		}
		if v.wantType != "" && strings.ToLower(v.wantType) != got.Type.String() {
			t.Errorf("line %d: Parse(%q, %q).Type = %v, want %s", v.line, v.input, v.region, got.Type, v.wantType)
		}
		if v.wantRegionOf != "" && got.Region != v.wantRegionOf {
			t.Errorf("line %d: Parse(%q, %q).Region = %q, want %s", v.line, v.input, v.region, got.Region, v.wantRegionOf)
		}
		check(t, v.input, v.region)
	}
}

// TestFastPathCoversVectors keeps the fast path honest about what it takes:
// most vectors are common shapes and must not fall back.
func TestFastPathCoversVectors(t *testing.T) {
	vs := readVectors(t)
	fast := 0
	for _, v := range vs {
		if _, _, ok := parseFast(v.input, v.region); ok {
			fast++
		}
	}
	if fast*10 < len(vs)*8 {
		t.Errorf("fast path took %d of %d vectors, want at least 80%%", fast, len(vs))
	}
}

func TestDifferentialCorpus(t *testing.T) {
	n := 20000
	switch {
	case raceEnabled:
		n = 500
	case testing.Short():
		n = 2000
	}
	if *corpusRows > 0 {
		n = *corpusRows
	}
	cases := phonecorpus.Mixed(1, n)
	fast := 0
	for _, c := range cases {
		check(t, c.Input, c.Region)
		if _, _, ok := parseFast(c.Input, strings.ToUpper(c.Region)); ok {
			fast++
		}
		if t.Failed() && !testing.Verbose() {
			t.FailNow()
		}
	}
	t.Logf("%d inputs, %d on the fast path", len(cases), fast)
}

func TestRealisticCorpusMostlyFast(t *testing.T) {
	n := 5000
	if testing.Short() || raceEnabled {
		n = 1000
	}
	cases := phonecorpus.Realistic(2, n)
	fast := 0
	for _, c := range cases {
		check(t, c.Input, c.Region)
		if _, _, ok := parseFast(c.Input, c.Region); ok {
			fast++
		}
	}
	if fast*100 < len(cases)*95 {
		t.Errorf("fast path took %d of %d realistic inputs, want at least 95%%", fast, len(cases))
	}
}

// TestTypicalMix runs the checks on the typical mix, whose every class the
// fast path now takes: the fast path must give the library's reading (E.164,
// region, type, trunk prefix, region assumed) on each.
func TestTypicalMix(t *testing.T) {
	n := 4000
	if testing.Short() || raceEnabled {
		n = 500
	}
	if *corpusRows > 0 {
		n = *corpusRows
	}
	fast := 0
	for _, c := range phonecorpus.Typical(5, n) {
		check(t, c.Input, c.Region)
		if _, _, ok := parseFast(c.Input, strings.ToUpper(c.Region)); ok {
			fast++
		}
		if t.Failed() && !testing.Verbose() {
			t.FailNow()
		}
	}
	if fast*100 < n*98 {
		t.Errorf("fast path took %d of %d typical inputs, want at least 98%%", fast, n)
	}
}

func TestReasons(t *testing.T) {
	tests := []struct {
		name, input, region string
		want                error
	}{
		{"empty", "", "FR", ErrNotANumber},
		{"spaces", "   ", "FR", ErrNotANumber},
		{"words", "This is not a phone number", "NZ", ErrNotANumber},
		{"plus in the middle", "190022+22222", "US", ErrNotANumber},
		{"national too short", "01 23 45 67", "FR", ErrTooShort},
		{"local only", "2530000", "US", ErrTooShort},
		{"short after idd", "011 12", "US", ErrTooShort},
		{"national too long", "06 12 34 56 78 90", "FR", ErrTooLong},
		{"international too long", "+44 7400 1234567", "", ErrTooLong},
		{"digits too long", "((443) 799-023asdfghjk8", "US", ErrTooLong},
		{"bad area code", "123-456-7890", "US", ErrInvalidForRegion},
		{"bad exchange", "6041234567", "US", ErrInvalidForRegion},
		{"no region", "0612345678", "", ErrNoRegion},
		{"unknown region", "0612345678", "XX", ErrUnknownRegion},
		{"unknown region ZZ", "0612345678", "ZZ", ErrUnknownRegion},
		{"unknown country code", "+999 123 456 789", "FR", ErrUnknownCountryCode},
		{"unknown country code after idd", "00 999 123 456 789", "FR", ErrUnknownCountryCode},
		// The library reads +375 810 888 8888 back as +375 10 888 8888: its
		// national prefix "8" is stripped again.
		{"e164 does not read back", "88108888888", "BY", ErrNotRoundTrip},
		{"e164 does not read back, international", "+375 8 810 888 8888", "", ErrNotRoundTrip},
		// strings.ToUpper folds the dotless ı to I: "ın" must not read as IN.
		{"non-ASCII region", "98765 43210", "ın", ErrUnknownRegion},
		{"non-ASCII region, international number", "+91 98765 43210", "ın", ErrUnknownRegion},
		{"non-ASCII region, Kelvin sign", "0612345678", "\u212aR", ErrUnknownRegion},
		{"region too long", "+33 6 12 34 56 78", strings.Repeat("FR", 1<<19), ErrUnknownRegion},
		{"1 MB input", strings.Repeat("1", 1<<20), "FR", ErrTooLong},
		{"just over the limit", "+33 6 12 34 56 78" + strings.Repeat(" ", MaxInput), "FR", ErrTooLong},
	}
	reasons := []error{ErrNotANumber, ErrTooShort, ErrTooLong, ErrInvalidForRegion, ErrNoRegion, ErrUnknownRegion, ErrUnknownCountryCode, ErrNotRoundTrip}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.input, tt.region)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse(%q, %q) error = %v, want one wrapping ErrInvalid", tt.input, tt.region, err)
			}
			for _, r := range reasons {
				if got, want := errors.Is(err, r), r == tt.want; got != want {
					t.Errorf("Parse(%q, %q) error = %v: errors.Is(err, %q) = %v, want %v", tt.input, tt.region, err, r, got, want)
				}
			}
			check(t, tt.input, tt.region)
		})
	}
}

func TestExplain(t *testing.T) {
	tests := []struct {
		input, region string
		want          Result
	}{
		{"06 12 34 56 78", "FR", Result{"+33612345678", "FR", true, true, TypeMobile}},
		{"612345678", "FR", Result{"+33612345678", "FR", true, false, TypeMobile}},
		{"+33 6 12 34 56 78", "US", Result{"+33612345678", "FR", false, false, TypeMobile}},
		{"+33 (0)6 12 34 56 78", "", Result{"+33612345678", "FR", false, true, TypeMobile}},
		{"0033 6 12 34 56 78", "FR", Result{"+33612345678", "FR", false, false, TypeMobile}},
		{"011 33 6 12 34 56 78", "US", Result{"+33612345678", "FR", false, false, TypeMobile}},
		{"447531669965", "GB", Result{"+447531669965", "GB", true, false, TypeMobile}},
		{"44 07531 669965", "GB", Result{"+447531669965", "GB", true, true, TypeMobile}},
		{"0 800 123 456", "fr", Result{"+33800123456", "FR", true, true, TypeTollFree}},
		{"(443) 799-0238", "US", Result{"+14437990238", "US", true, false, TypeFixedLineOrMobile}},
		{"1800AWWCUTE", "US", Result{"+18002992883", "US", true, false, TypeTollFree}}, // the 1 is read as the country code
		{"+1 650 253 0000 ext. 123", "", Result{"+16502530000", "US", false, false, TypeFixedLineOrMobile}},
		{"0 21 11 96123-4567", "BR", Result{"+5511961234567", "BR", true, true, TypeMobile}},
		{"+800 1234 5678", "", Result{"+80012345678", "001", false, false, TypeTollFree}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.input, tt.region)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q, %q) = %+v, %v; want %+v", tt.input, tt.region, got, err, tt.want)
		}
	}
}

func TestTypeString(t *testing.T) {
	for typ := TypeUnknown; typ <= TypeVoicemail; typ++ {
		if s := typ.String(); s == "" || (typ != TypeUnknown && s == "unknown") {
			t.Errorf("Type(%d).String() = %q", typ, s)
		}
	}
	if got := Type(99).String(); got != "unknown" {
		t.Errorf("Type(99).String() = %q, want unknown", got)
	}
}

func TestRegionOf(t *testing.T) {
	for in, want := range map[string]string{"+33612345678": "FR", "+16502530000": "US", "+80012345678": "001", "+1": "", "": ""} {
		if got := RegionOf(in); got != want {
			t.Errorf("RegionOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, v := range readVectors(f) {
		f.Add(v.input, v.region)
	}
	for _, in := range []string{
		"Tél. +33 6 12 34 56 78", "06 12 34 56 78, Ext: 12#", "0612345678;ext=12", "1-800-FLOWERS",
		"06\u00a012\u00a034\u00a056\u00a078", "88108888888", "0800 DOCTORx12", "tel:06-12-34-56-78;phone-context=+33",
	} {
		f.Add(in, "FR")
	}
	f.Fuzz(func(t *testing.T, input, region string) {
		if len(region) > 3 {
			region = region[:3]
		}
		check(t, input, region)
		r, err := Parse(input, region)
		if err != nil {
			return
		}
		again, err := Parse(r.E164, "")
		if err != nil || again.E164 != r.E164 {
			t.Errorf("Parse(%q, \"\") = %q, %v; want it unchanged", r.E164, again.E164, err)
		}
	})
}

// TestExplainWhateverFollows: how a number was read (region given or
// assumed, trunk prefix dropped, type) does not depend on what follows it,
// an extension in any of its spellings or an RFC 3966 phone-context, whether
// the fast path or the library reads it.
func TestExplainWhateverFollows(t *testing.T) {
	numbers := []struct{ input, region string }{
		{"06 12 34 56 78", "FR"},
		{"0612345678", "FR"},
		{"612345678", "FR"},
		{"+33 (0)6 12 34 56 78", "FR"},
		{"+33 6 12 34 56 78", "US"},
		{"0033 6 12 34 56 78", "FR"},
		{"020 7031 3000", "GB"},
		{"+44 (0)20 7031 3000", ""},
		{"030 123456", "DE"},
		{"(650) 253-0000", "US"},
		{"1 650 253 0000", "US"},
		{"0 21 11 96123-4567", "BR"},
		{"8 017 123 45 67", "BY"},
		{"1-800-FLOWERS", "US"},
		{"0800 DOCTOR", "GB"},
	}
	suffixes := []string{
		" ext. 12", " ext 12", " EXT. 4567", " x12", " x 12", "x12", ";ext=12", ", ext. 12",
		" extension 5", " Extension: 5", " extn 7", " anexo 8", " доб. 9", " #12", ",,12",
		" ext. ١٢", " ｅｘｔ. 12", " x12#", " - 503#",
	}
	for _, n := range numbers {
		want, err := Parse(n.input, n.region)
		if err != nil {
			t.Fatalf("Parse(%q, %q): %v", n.input, n.region, err)
		}
		for _, suffix := range suffixes {
			in := n.input + suffix
			got, err := Parse(in, n.region)
			if lib := library(in, n.region); lib != want.E164 {
				continue // the library reads the suffix as part of the number
			}
			if err != nil || got != want {
				t.Errorf("Parse(%q, %q) = %+v, %v; want %+v as without %q", in, n.region, got, err, want, suffix)
			}
		}
	}
	// RFC 3966: the number before ";phone-context=", after "tel:", in the
	// context's country when it is a "+" prefix.
	tests := []struct {
		input, region string
		want          Result
	}{
		{"tel:06-12-34-56-78;phone-context=+33", "US", Result{"+33612345678", "FR", false, true, TypeMobile}},
		{"tel:06-12-34-56-78;phone-context=example.com", "FR", Result{"+33612345678", "FR", true, true, TypeMobile}},
		{"tel:612345678;phone-context=+33", "", Result{"+33612345678", "FR", false, false, TypeMobile}},
		{"tel:06 12 34 56 78;ext=12;phone-context=+33", "", Result{"+33612345678", "FR", false, true, TypeMobile}},
		{"tel:0612345678;isub=12;phone-context=+33", "", Result{"+33612345678", "FR", false, true, TypeMobile}},
		{"(530) 583-6985 x302/x2303", "US", Result{"+15305836985", "US", true, false, TypeFixedLineOrMobile}},
		{"06 12 34 56 78 / x302", "FR", Result{"+33612345678", "FR", true, true, TypeMobile}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.input, tt.region)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q, %q) = %+v, %v; want %+v", tt.input, tt.region, got, err, tt.want)
		}
		check(t, tt.input, tt.region)
	}
}

// TestFastPathShapes pins down which inputs the fast path takes, and checks
// each against the library: the shapes it follows (a label, an extension,
// vanity letters to the end, pasted separators, no digits at all) and the
// near misses it must leave to the library.
func TestFastPathShapes(t *testing.T) {
	tests := []struct {
		input, region string
		fast          bool
	}{
		{"Tel: 06 12 34 56 78", "FR", true},
		{"Tél. +33 6 12 34 56 78", "DE", true},
		{"Mobile, 0612345678", "FR", true},
		{"06 12 34 56 78 ext. 12", "FR", true},
		{"06 12 34 56 78, Ext: 12#", "FR", true},
		{"+1 650 253 0000 x123", "", true},
		{"+1 650 253 0000 X 123", "", true},
		{"(650) 253-0000 extension 4567", "US", true},
		{"0612345678;ext=12", "FR", true},
		{"1-800-FLOWERS", "US", true},
		{"1-800-FL", "US", true},
		{"06 12 34 56 78 (mobile)", "FR", true},
		{"06\u00a012\u00a034\u00a056\u00a078", "FR", true},
		{"06\u201312\u201334\u201356\u201378", "FR", true},
		{"n/a", "FR", true},
		{"-", "FR", true},
		{"+", "", true},
		{"x", "FR", true},
		{"0", "FR", true},
		// Left to the library.
		{"1-800-FLOWERS ext 12", "US", false},
		{"1-800-FLOWERS-1", "US", false},
		{"1-800-PRINT-1", "US", false},
		{"650 253 0000 x1234567890", "US", false},
		{"0612345678;ext=12#", "FR", false},
		{"0612345678;12", "FR", false},
		{"0612345678,,12", "FR", false},
		{"06/12/34/56/78 FOO", "FR", false},
		{"06 12 34 56 78\t", "FR", false},
		{"06 12 34 56 78 anexo 12", "FR", false},
		{"06\u202f12\u202f34\u202f56\u202f78", "FR", false},
		{"Tel: \u0660\u0666 12 34 56 78", "FR", false},
		{"tel:0612345678;phone-context=+33", "FR", false},
		{"no;phone-context=+33", "FR", false},
		{"12", "FR", false},
		{"ab 1 c", "FR", true},
		{"ab 12 c", "FR", false},
	}
	for _, tt := range tests {
		_, _, ok := parseFast(tt.input, tt.region)
		if ok != tt.fast {
			t.Errorf("parseFast(%q, %q): ok = %v, want %v", tt.input, tt.region, ok, tt.fast)
		}
		check(t, tt.input, tt.region)
	}
}
