package phonecorpus

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers/v2"
)

// Class is the kind of input a Typical case is, for per-class measures.
type Class int

// The classes of Typical inputs.
const (
	ClassNational      Class = iota // a valid number in national form, with or without its trunk prefix
	ClassInternational              // a valid number after "+CC", "00CC" or "+CC (0)"
	ClassExtension                  // either form followed by an extension ("ext. 12", "x12", ";ext=12")
	ClassLetters                    // a label before the number ("Tel: ") or vanity letters ("1-800-FLOWERS")
	ClassInvalid                    // too short, too long, invalid for its region, or not a number at all
	NumClasses
)

var classNames = [...]string{"national", "international", "extension", "letters", "invalid"}

// String returns the lowercase name of c ("national", …).
func (c Class) String() string {
	if c < 0 || c >= NumClasses {
		return "unknown"
	}
	return classNames[c]
}

// typicalRegions are the workspaces' countries, most common first; a region
// is drawn with a weight that falls with its rank.
var typicalRegions = []string{
	"US", "FR", "GB", "DE", "IN", "BR", "ES", "IT", "MX", "NL", "BE", "CH",
	"AU", "CA", "NG", "ZA", "JP", "CN", "PL", "SE", "AR", "PT", "IE", "AT",
	"TR", "ID", "PH", "KE", "EG", "AE", "SA", "CO", "CL", "DK", "NO", "RU",
}

// TypicalCase is a Typical input with its class.
type TypicalCase struct {
	Case
	Class Class
}

// Typical returns n inputs as people type them into a CRM and as imports
// hold them, deterministic from seed: numbers of many regions (at least FR,
// GB, DE, US, IN, BR, ES, IT, NL, BE, CH, MX, AU, NG, ZA, JP, CN), mobile
// and fixed line, in national form with and without the trunk prefix and in
// international form ("+CC", "00CC", "+CC (0)"), with spaces, dots, dashes,
// slashes or parentheses; some with an extension, a label or vanity letters;
// and one in ten invalid (too short, too long, invalid for its region,
// garbage). The default region is the number's own, or for some
// international forms another workspace's.
//
// The mix by class: 45 % national, 30 % international, 8 % extension, 7 %
// letters, 10 % invalid. The invalid ones are checked with the library; the
// others are valid numbers written validly, except where the writing itself
// is wrong for the default region (an "00" prefix from a region that dials
// "011", for example), as in real data.
func Typical(seed uint64, n int) []TypicalCase {
	rng := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	pools := make(map[string][]*phonenumbers.PhoneNumber, len(typicalRegions))
	for _, r := range typicalRegions {
		pools[r] = numberPool(rng, r, 48)
	}
	out := make([]TypicalCase, 0, n)
	for len(out) < n {
		region := typicalRegions[min(rng.IntN(len(typicalRegions)), rng.IntN(len(typicalRegions)))]
		pool := pools[region]
		num := pool[rng.IntN(len(pool))]
		var c TypicalCase
		switch k := rng.IntN(100); {
		case k < 45:
			c = TypicalCase{Case{pasted(rng, nationalForm(rng, num)), region}, ClassNational}
		case k < 75:
			c = TypicalCase{Case{pasted(rng, internationalForm(rng, num)), region}, ClassInternational}
			if rng.IntN(4) == 0 {
				c.Region = typicalRegions[rng.IntN(8)]
			}
		case k < 83:
			in := nationalForm(rng, num)
			if rng.IntN(2) == 0 {
				in = internationalForm(rng, num)
			}
			c = TypicalCase{Case{in + extension(rng), region}, ClassExtension}
		case k < 90:
			c = TypicalCase{Case{lettered(rng, num), region}, ClassLetters}
		default:
			c = TypicalCase{Case{invalid(rng, num, region), region}, ClassInvalid}
		}
		out = append(out, c)
	}
	return out
}

// numberPool returns up to size valid mobile and fixed-line numbers of
// region: the library's example numbers with their last digits drawn at
// random, kept when the library finds them valid.
func numberPool(rng *rand.Rand, region string, size int) []*phonenumbers.PhoneNumber {
	var pool []*phonenumbers.PhoneNumber
	for _, t := range []phonenumbers.PhoneNumberType{phonenumbers.MOBILE, phonenumbers.FIXED_LINE, phonenumbers.MOBILE} {
		ex := phonenumbers.GetExampleNumberForTypeInRegion(region, t)
		if ex == nil {
			continue
		}
		pool = append(pool, ex)
		nsn := phonenumbers.GetNationalSignificantNumber(ex)
		for tries := 0; tries < size && len(pool) < size; tries++ {
			k := min(len(nsn)-2, 6)
			b := []byte(nsn)
			for i := len(b) - k; i < len(b); i++ {
				b[i] = byte('0' + rng.IntN(10))
			}
			p, err := phonenumbers.Parse("+"+strconv.Itoa(int(ex.GetCountryCode()))+string(b), "")
			if err == nil && phonenumbers.IsValidNumber(p) && phonenumbers.GetRegionCodeForNumber(p) == region {
				pool = append(pool, p)
			}
		}
	}
	return pool
}

// nationalForm writes num as people write it at home.
func nationalForm(rng *rand.Rand, num *phonenumbers.PhoneNumber) string {
	national := phonenumbers.Format(num, phonenumbers.NATIONAL)
	nsn := phonenumbers.GetNationalSignificantNumber(num)
	switch rng.IntN(8) {
	case 0, 1:
		return national
	case 2:
		return phonenumbers.NormalizeDigitsOnly(national)
	case 3:
		return nsn // without the trunk prefix
	case 4:
		return group(rng, nsn)
	case 5:
		return reseparate(rng, national)
	case 6:
		if prefix := phonenumbers.GetNddPrefixForRegion(phonenumbers.GetRegionCodeForNumber(num), true); prefix != "" {
			return prefix + " " + group(rng, nsn)
		}
		return national
	default:
		return "(" + nsn[:min(3, len(nsn))] + ") " + group(rng, nsn[min(3, len(nsn)):])
	}
}

// internationalForm writes num with its country code.
func internationalForm(rng *rand.Rand, num *phonenumbers.PhoneNumber) string {
	cc := strconv.Itoa(int(num.GetCountryCode()))
	nsn := phonenumbers.GetNationalSignificantNumber(num)
	switch rng.IntN(8) {
	case 0, 1:
		return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
	case 2:
		return phonenumbers.Format(num, phonenumbers.E164)
	case 3:
		return "00" + cc + " " + group(rng, nsn)
	case 4:
		return "00" + cc + nsn
	case 5:
		return reseparate(rng, phonenumbers.Format(num, phonenumbers.INTERNATIONAL))
	case 6:
		if prefix := phonenumbers.GetNddPrefixForRegion(phonenumbers.GetRegionCodeForNumber(num), true); prefix == "0" {
			return "+" + cc + " (0)" + group(rng, nsn)
		}
		return "+" + cc + " " + group(rng, nsn)
	default:
		return "+" + cc + "-" + group(rng, nsn)
	}
}

// pasted returns s, or one time in twenty s as pasted from a document or a
// spreadsheet: no-break spaces, en dashes.
func pasted(rng *rand.Rand, s string) string {
	switch rng.IntN(40) {
	case 0:
		return strings.ReplaceAll(s, " ", "\u00a0")
	case 1:
		return strings.ReplaceAll(strings.ReplaceAll(s, "-", "\u2013"), " ", "\u2013")
	}
	return s
}

// extension returns an extension as people append it.
func extension(rng *rand.Rand) string {
	digits := strconv.Itoa(1 + rng.IntN(9999))
	forms := []string{" ext. ", " ext ", " x", " x ", ";ext=", " Ext. ", " EXT ", " extension ", " x. ", ", ext. "}
	return forms[rng.IntN(len(forms))] + digits
}

// keypad maps a digit to the letters that dial it.
var keypad = [10]string{"", "", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"}

// lettered writes num with letters: a label before it, or its last four
// digits as vanity letters when none of them is 0 or 1.
func lettered(rng *rand.Rand, num *phonenumbers.PhoneNumber) string {
	labels := []string{"Tel: ", "tel. ", "Mobile: ", "Phone ", "M: ", "Tél. ", "cell "}
	national := phonenumbers.Format(num, phonenumbers.NATIONAL)
	b := []byte(national)
	var last []int
	for i := len(b) - 1; i >= 0 && len(last) < 4; i-- {
		if c := b[i]; c >= '0' && c <= '9' {
			last = append(last, i)
		}
	}
	vanity := len(last) == 4
	for _, i := range last {
		vanity = vanity && b[i] >= '2'
	}
	if !vanity || rng.IntN(3) > 0 {
		in := nationalForm(rng, num)
		if rng.IntN(2) == 0 {
			in = internationalForm(rng, num)
		}
		return labels[rng.IntN(len(labels))] + in
	}
	for _, i := range last {
		letters := keypad[b[i]-'0']
		b[i] = letters[rng.IntN(len(letters))]
	}
	return string(b)
}

// invalid returns an input the library loop refuses in region.
func invalid(rng *rand.Rand, num *phonenumbers.PhoneNumber, region string) string {
	for {
		in := invalidForm(rng, num)
		n, err := phonenumbers.Parse(in, region)
		if err != nil || !phonenumbers.IsValidNumber(n) {
			return in
		}
	}
}

// invalidForm returns an input that is most of the time invalid: a random
// change may still give a valid number.
func invalidForm(rng *rand.Rand, num *phonenumbers.PhoneNumber) string {
	nsn := phonenumbers.GetNationalSignificantNumber(num)
	national := phonenumbers.Format(num, phonenumbers.NATIONAL)
	switch rng.IntN(5) {
	case 0: // too short
		return national[:max(1, len(national)-2-rng.IntN(3))]
	case 1: // too long
		return national + strconv.Itoa(10+rng.IntN(990))
	case 2: // invalid for its region: a wrong leading digit
		b := []byte(nsn)
		b[0] = byte('0' + (int(b[0]-'0')+1+rng.IntN(9))%10)
		return group(rng, string(b))
	case 3: // a wrong leading digit after the country code
		b := []byte(nsn)
		b[0] = byte('0' + (int(b[0]-'0')+1+rng.IntN(9))%10)
		return "+" + strconv.Itoa(int(num.GetCountryCode())) + " " + string(b)
	default:
		garbage := []string{"n/a", "N/A", "-", "none", "unknown", "0", "TBD", "?", "123", "+",
			"see notes", "jean@example.com", "no phone", "000", "xxx-xxx-xxxx", "call me"}
		return garbage[rng.IntN(len(garbage))]
	}
}
