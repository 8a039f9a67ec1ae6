package phonenum

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers/v2"
	"github.com/nyaruka/phonenumbers/v2/metadata"
)

// allMetadata returns the metadata of every region and non-geographic
// entity.
func allMetadata() []*phonenumbers.PhoneMetadata {
	var mds []*phonenumbers.PhoneMetadata
	for code := range metadata.SupportedRegions() {
		if md, ok := metadata.RegionMetadata(code); ok {
			mds = append(mds, md)
		}
	}
	for cc, regions := range metadata.CountryCodeToRegion() {
		if len(regions) > 0 && regions[0] == "001" {
			if md, ok := metadata.NonGeoMetadata(cc); ok {
				mds = append(mds, md)
			}
		}
	}
	return mds
}

// agree fails t unless the automaton of pattern and the regexp the library
// builds for it answer alike on n.
func agree(t *testing.T, where string, a *digitDFA, re *regexp.Regexp, n string) {
	t.Helper()
	got, ok := a.match(n)
	if !ok {
		if strings.Trim(n, "0123456789") == "" {
			t.Errorf("%s: the automaton cannot tell %q, all digits", where, n)
		}
		return
	}
	if want := re.MatchString(n); got != want {
		t.Errorf("%s: the automaton says %v for %q, the regexp %v says %v", where, got, n, re, want)
	}
}

// TestDigitDFAAgreesWithRegexp compiles the automaton of every number
// pattern of the metadata and checks it against the regexp on the example
// numbers, every one-digit change of them, their prefixes and extensions,
// and random digit strings of every length a national number can have.
func TestDigitDFAAgreesWithRegexp(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	patterns, checked := 0, 0
	for _, md := range allMetadata() {
		for _, pd := range descsOf(md) {
			if pd == nil || pd.GetNationalNumberPattern() == "" {
				continue
			}
			p := pd.GetNationalNumberPattern()
			a, ok := compileDigitDFA(p)
			if !ok {
				t.Errorf("%s: no automaton for %q", md.GetId(), p)
				continue
			}
			patterns++
			re := regexp.MustCompile("^(?:" + p + ")$")
			where := md.GetId() + " " + p
			var inputs []string
			if ex := pd.GetExampleNumber(); ex != "" {
				for i := range len(ex) {
					for x := byte('0'); x <= '9'; x++ {
						inputs = append(inputs, ex[:i]+string(x)+ex[i+1:])
					}
					inputs = append(inputs, ex[:i], ex+ex[i:i+1])
				}
			}
			for range 200 {
				b := make([]byte, r.IntN(maxNSN+2))
				for i := range b {
					b[i] = byte('0' + r.IntN(10))
				}
				inputs = append(inputs, string(b))
			}
			for _, n := range inputs {
				agree(t, where, a, re, n)
				checked++
			}
		}
	}
	if patterns < 1000 || checked < 300000 {
		t.Errorf("checked %d strings on %d patterns only", checked, patterns)
	}
}

func TestDigitDFA(t *testing.T) {
	tests := []struct {
		pattern string
		ok      bool
		yes, no []string
	}{
		{`6\d{8}|7[0-8]\d{7}`, true, []string{"612345678", "712345678"}, []string{"", "61234567", "792345678", "6123456789", "5"}},
		{`(?:1|2)?3\d`, true, []string{"30", "139", "239"}, []string{"3", "1", "12", "334"}},
		{`\d*`, true, []string{"", "0", "0123456789"}, nil},
		{`(?:8[1-9])*0`, true, []string{"0", "810", "81890"}, []string{"8", "80", "8180"}},
		{`x1`, true, nil, []string{"1", "01", ""}},
		{`.1`, true, []string{"01", "91"}, []string{"1"}},
		{`^1$`, false, nil, nil},      // an assertion
		{`\b1`, false, nil, nil},      // an assertion
		{`[`, false, nil, nil},        // does not parse
		{`\d{1001}`, false, nil, nil}, // over regexp's repeat bound
	}
	for _, tt := range tests {
		a, ok := compileDigitDFA(tt.pattern)
		if ok != tt.ok {
			t.Errorf("compileDigitDFA(%q): ok = %v, want %v", tt.pattern, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		for _, n := range tt.yes {
			if m, ok := a.match(n); !m || !ok {
				t.Errorf("%q: match(%q) = %v, %v, want true, true", tt.pattern, n, m, ok)
			}
		}
		for _, n := range tt.no {
			if m, ok := a.match(n); m || !ok {
				t.Errorf("%q: match(%q) = %v, %v, want false, true", tt.pattern, n, m, ok)
			}
		}
		if _, ok := a.match("12a"); ok {
			t.Errorf("%q: match of a non-digit says it can tell", tt.pattern)
		}
	}
	// A pattern with more states than the bound is refused: the n-th digit
	// from the end must be a 1, which takes 2ⁿ states.
	if _, ok := compileDigitDFA(`[0-9]*1[0-9]{13}`); ok {
		t.Error("compileDigitDFA built an automaton of more than maxDFAStates states")
	}
}

// FuzzDigitDFA compares the automaton of any pattern it builds with package
// regexp on any string.
func FuzzDigitDFA(f *testing.F) {
	f.Add(`6\d{8}|7[0-8]\d{7}`, "612345678")
	f.Add(`(?:1|2)?3\d`, "139")
	f.Add(`[2-9]\d{2}[2-9]\d{6}`, "2125550123")
	f.Add(`(?:8[1-9])*0`, "81890")
	f.Fuzz(func(t *testing.T, pattern, n string) {
		a, ok := compileDigitDFA(pattern)
		if !ok {
			return
		}
		re, err := regexp.Compile("^(?:" + pattern + ")$")
		if err != nil {
			t.Fatalf("compileDigitDFA built %q, which regexp refuses: %v", pattern, err)
		}
		agree(t, pattern, a, re, n)
	})
}

// TestPrefixReAgreesWithRegexp checks the shortcut of prefixRe on the
// international, national and leading-digits prefixes of every region: it
// answers as the regexp alone on random digit strings and on strings that
// start with a match.
func TestPrefixReAgreesWithRegexp(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	checked := 0
	for _, md := range allMetadata() {
		for _, pattern := range []string{md.GetInternationalPrefix(), md.GetNationalPrefixForParsing(), md.GetLeadingDigits()} {
			if pattern == "" {
				continue
			}
			p := newPrefixRe(pattern)
			if p.dfa == nil && !strings.ContainsAny(pattern, "^$") {
				// An anchor inside ("([2-9]\\d{6})$|1") leaves it to
				// the regexp; nothing else should.
				t.Errorf("%s: no automaton for %q", md.GetId(), pattern)
			}
			var inputs []string
			for range 300 {
				b := make([]byte, r.IntN(maxNSN+2))
				for i := range b {
					b[i] = byte('0' + r.IntN(10))
				}
				inputs = append(inputs, string(b))
			}
			for _, prefix := range []string{md.GetInternationalPrefix(), md.GetNationalPrefix(), "00", "011", "0", "8", "810"} {
				if strings.Trim(prefix, "0123456789") == "" {
					inputs = append(inputs, prefix, prefix+"33612345678", prefix+"0612")
				}
			}
			for _, n := range inputs {
				if got, want := p.FindStringIndex(n), p.re.FindStringIndex(n); !slices.Equal(got, want) {
					t.Errorf("%s %q: FindStringIndex(%q) = %v, the regexp gives %v", md.GetId(), pattern, n, got, want)
				}
				if got, want := p.MatchString(n), p.re.MatchString(n); got != want {
					t.Errorf("%s %q: MatchString(%q) = %v, the regexp gives %v", md.GetId(), pattern, n, got, want)
				}
				checked++
			}
		}
	}
	if checked < 50000 {
		t.Errorf("checked %d strings only", checked)
	}
}
