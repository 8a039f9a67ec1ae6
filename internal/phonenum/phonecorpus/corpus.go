// Package phonecorpus generates phone number inputs for the tests and
// benchmarks of contactkit's phone parsing: the library's example numbers of
// every region, written the ways people type them, and corruptions of them.
// The output depends only on the seed.
package phonecorpus

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers/v2"
)

// Case is one input and the default region to parse it with.
type Case struct {
	Input  string
	Region string
}

// example is a valid number from the library's metadata.
type example struct {
	region string // the number's region ("001" for non-geographic)
	cc     string
	nsn    string
	num    *phonenumbers.PhoneNumber
}

// examples returns the library's example numbers of every type in every
// region and non-geographic entity, in a fixed order.
func examples() []example {
	var out []example
	regions := make([]string, 0, 256)
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	add := func(region string, n *phonenumbers.PhoneNumber) {
		if n == nil {
			return
		}
		out = append(out, example{
			region: region,
			cc:     strconv.Itoa(int(n.GetCountryCode())),
			nsn:    phonenumbers.GetNationalSignificantNumber(n),
			num:    n,
		})
	}
	for _, r := range regions {
		types := make([]phonenumbers.PhoneNumberType, 0, 12)
		for t := range phonenumbers.GetSupportedTypesForRegion(r) {
			types = append(types, t)
		}
		slices.Sort(types)
		for _, t := range types {
			add(r, phonenumbers.GetExampleNumberForTypeInRegion(r, t))
		}
	}
	ccs := make([]int, 0, 16)
	for cc := range phonenumbers.GetSupportedGlobalNetworkCallingCodes() {
		ccs = append(ccs, cc)
	}
	slices.Sort(ccs)
	for _, cc := range ccs {
		add("001", phonenumbers.GetExampleNumberForNonGeoEntity(cc))
	}
	return out
}

// popular default regions of workspaces, with "" for none.
var popular = []string{"US", "FR", "GB", "DE", "BR", "IN", "AU", "ES", "IT", "MX", "CA", "NG", ""}

// Realistic returns n inputs as a CRM import holds them: valid numbers of
// every region in national and international forms, with and without the
// trunk prefix, with common separators, some with a typo, parsed mostly with
// their own region as the default.
func Realistic(seed uint64, n int) []Case {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ex := examples()
	out := make([]Case, 0, n)
	for len(out) < n {
		e := ex[rng.IntN(len(ex))]
		in := render(rng, e)
		if rng.IntN(10) == 0 {
			in = typo(rng, in)
		}
		out = append(out, Case{Input: in, Region: defaultRegion(rng, e)})
	}
	return out
}

// Mixed returns n inputs: the realistic ones, random digit strings, and
// corruptions with letters, extensions, non-ASCII characters and odd regions.
func Mixed(seed uint64, n int) []Case {
	rng := rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))
	ex := examples()
	out := make([]Case, 0, n)
	for len(out) < n {
		var c Case
		switch k := rng.IntN(10); {
		case k < 5:
			e := ex[rng.IntN(len(ex))]
			c = Case{Input: render(rng, e), Region: defaultRegion(rng, e)}
			if rng.IntN(3) == 0 {
				c.Input = typo(rng, c.Input)
			}
		case k < 8:
			c = Case{Input: randomDigits(rng), Region: oddRegion(rng)}
		default:
			e := ex[rng.IntN(len(ex))]
			c = Case{Input: corrupt(rng, render(rng, e)), Region: oddRegion(rng)}
		}
		out = append(out, c)
	}
	return out
}

func defaultRegion(rng *rand.Rand, e example) string {
	if rng.IntN(10) < 7 && e.region != "001" {
		return e.region
	}
	return popular[rng.IntN(len(popular))]
}

func oddRegion(rng *rand.Rand) string {
	odd := []string{"", "ZZ", "001", "XX", "fr", "us", "Gb", "UK"}
	if rng.IntN(4) == 0 {
		return odd[rng.IntN(len(odd))]
	}
	return popular[rng.IntN(len(popular))]
}

// render writes e one of the ways people type numbers.
func render(rng *rand.Rand, e example) string {
	national := phonenumbers.Format(e.num, phonenumbers.NATIONAL)
	intl := phonenumbers.Format(e.num, phonenumbers.INTERNATIONAL)
	switch rng.IntN(14) {
	case 0:
		return "+" + e.cc + e.nsn
	case 1:
		return intl
	case 2:
		return national
	case 3:
		return e.nsn
	case 4:
		return phonenumbers.NormalizeDigitsOnly(national)
	case 5:
		return reseparate(rng, national)
	case 6:
		return reseparate(rng, intl)
	case 7:
		return "00" + e.cc + " " + e.nsn
	case 8:
		return "011 " + e.cc + " " + group(rng, e.nsn)
	case 9:
		return "+" + e.cc + " (0)" + group(rng, e.nsn)
	case 10:
		return e.cc + e.nsn
	case 11:
		return "0" + e.nsn
	case 12:
		return "(" + national + ")"
	default:
		return "+" + e.cc + "-" + group(rng, e.nsn)
	}
}

// reseparate replaces the separators of s by another one.
func reseparate(rng *rand.Rand, s string) string {
	seps := []string{".", "-", "", " ", "/", "  "}
	sep := seps[rng.IntN(len(seps))]
	return strings.NewReplacer(" ", sep, "-", sep).Replace(s)
}

// group splits digits in groups of 2 to 4 with a random separator.
func group(rng *rand.Rand, digits string) string {
	seps := []string{" ", ".", "-"}
	sep := seps[rng.IntN(len(seps))]
	var b strings.Builder
	for len(digits) > 0 {
		k := min(2+rng.IntN(3), len(digits))
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[:k])
		digits = digits[k:]
	}
	return b.String()
}

// typo changes, drops or adds one digit of s.
func typo(rng *rand.Rand, s string) string {
	var idx []int
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return s
	}
	i := idx[rng.IntN(len(idx))]
	d := string(rune('0' + rng.IntN(10)))
	switch rng.IntN(3) {
	case 0:
		return s[:i] + d + s[i+1:]
	case 1:
		return s[:i] + s[i+1:]
	default:
		return s[:i] + d + s[i:]
	}
}

func randomDigits(rng *rand.Rand) string {
	var b strings.Builder
	switch rng.IntN(6) {
	case 0:
		b.WriteString("+")
	case 1:
		b.WriteString("00")
	case 2:
		b.WriteString("0")
	}
	n := 1 + rng.IntN(19)
	seps := " .-()/"
	for i := 0; i < n; i++ {
		b.WriteByte(byte('0' + rng.IntN(10)))
		if rng.IntN(5) == 0 {
			b.WriteByte(seps[rng.IntN(len(seps))])
		}
	}
	return b.String()
}

// corrupt inserts into s something the fast path leaves to the library:
// letters, extensions, non-ASCII digits or signs, another plus, RFC 3966.
func corrupt(rng *rand.Rand, s string) string {
	bits := []string{
		" ext. 123", " x45", "#", ",,12", ";ext=7", "abc", "A", "FLOWERS", "+",
		"\uff10", "\uff0b", "\u00a0", "\u2013", "\u0661\u0662", "\t", "*", "~",
		"[", "]", "tel:", ";phone-context=+33", ";isub=12", "/x12", "e", "int",
	}
	bit := bits[rng.IntN(len(bits))]
	i := rng.IntN(len(s) + 1)
	return s[:i] + bit + s[i:]
}
