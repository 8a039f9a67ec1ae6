package contact_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nyaruka/phonenumbers/v2"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/phonenum"
	"github.com/contactkit/contactkit/internal/phonenum/phonecorpus"
)

// libraryE164 is the baseline: phonenumbers.Parse, IsValidNumber and
// Format(E164). It returns "" when the library rejects the number.
func libraryE164(input, region string) string {
	n, err := phonenumbers.Parse(phonenum.Spaces(input), region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

// wantPhone is what ParsePhone must answer, from the library alone: the
// library loop's E.164, or "" (an error) when the library rejects the input,
// when it does not read its own E.164 back, or when the region is
// not a short ASCII code. The reason is set when it is one of the latter.
func wantPhone(input, region string) (string, error) {
	if len(region) > 3 || strings.ContainsFunc(region, func(r rune) bool { return r >= 0x80 }) {
		return "", contact.ErrPhoneUnknownRegion
	}
	want := libraryE164(input, strings.ToUpper(region))
	if want != "" && libraryE164(want, "") != want {
		return "", contact.ErrPhoneNotRoundTrip
	}
	return want, nil
}

// checkRoundTrip checks that a Phone ParsePhone returned reads back as itself:
// its text form unmarshals to it, and its E.164 parses back to it with no
// region and with any other.
func checkRoundTrip(t *testing.T, p contact.Phone) {
	t.Helper()
	text, err := p.MarshalText()
	var q contact.Phone
	if err != nil || q.UnmarshalText(text) != nil || q != p {
		t.Errorf("UnmarshalText(MarshalText(%q)) = %q, want it back", p, q)
	}
	for _, r := range []string{"", "US", "FR"} {
		if again, err := contact.ParsePhone(p.String(), r); err != nil || again != p {
			t.Errorf("ParsePhone(%q, %q) = %q, %v; want it unchanged", p, r, again, err)
		}
	}
}

type phoneVector struct {
	line                         int
	input, region, want, details string
}

func readPhoneVectors(t testing.TB) []phoneVector {
	t.Helper()
	f, err := os.Open("testdata/phones.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []phoneVector
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			continue // header: input, region, expected_e164, detail, source
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 {
			t.Fatalf("testdata/phones.tsv:%d: %d columns, want 5", line, len(cols))
		}
		out = append(out, phoneVector{line, cols[0], cols[1], cols[2], cols[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 100 {
		t.Fatalf("testdata/phones.tsv: %d vectors, want the whole file", len(out))
	}
	return out
}

func TestParsePhoneVectors(t *testing.T) {
	for _, v := range readPhoneVectors(t) {
		got, err := contact.ParsePhone(v.input, v.region)
		if v.want == "INVALID" {
			if err == nil {
				t.Errorf("testdata/phones.tsv:%d: ParsePhone(%q, %q) = %q, want an error (%s)", v.line, v.input, v.region, got, v.details)
				continue
			}
			if !errors.Is(err, contact.ErrInvalidPhone) {
				t.Errorf("testdata/phones.tsv:%d: ParsePhone(%q, %q) error %v does not wrap ErrInvalidPhone", v.line, v.input, v.region, err)
			}
			if _, ok := errors.AsType[*contact.ParseError](err); !ok {
				t.Errorf("testdata/phones.tsv:%d: ParsePhone(%q, %q) error %T, want *contact.ParseError", v.line, v.input, v.region, err)
			}
			continue
		}
		if err != nil || got.String() != v.want {
			t.Errorf("testdata/phones.tsv:%d: ParsePhone(%q, %q) = %q, %v; want %s", v.line, v.input, v.region, got, err, v.want)
		}
		if f := strings.Fields(v.details); len(f) >= 3 && f[0] == "valid" {
			want := strings.TrimPrefix(f[2], "region=")
			if got.Region() != want {
				t.Errorf("testdata/phones.tsv:%d: ParsePhone(%q, %q).Region() = %q, want %q", v.line, v.input, v.region, got.Region(), want)
			}
			d, err := contact.ParsePhoneDetail(v.input, v.region)
			if err != nil || d.Phone != got || d.Type.String() != strings.ToLower(f[1]) {
				t.Errorf("testdata/phones.tsv:%d: ParsePhoneDetail(%q, %q) = %+v, %v; want type %s", v.line, v.input, v.region, d, err, f[1])
			}
		}
	}
}

// TestParsePhoneSameAsLibrary is the differential test of the fast path:
// ParsePhone must accept and reject exactly what the library loop does, with
// the same E.164, on the vectors and on a generated corpus (deterministic).
func TestParsePhoneSameAsLibrary(t *testing.T) {
	cases := phonecorpus.Mixed(7, 10000)
	if testing.Short() || raceEnabled {
		cases = cases[:1500]
	}
	for _, v := range readPhoneVectors(t) {
		cases = append(cases, phonecorpus.Case{Input: v.input, Region: v.region})
	}
	for _, c := range cases {
		want, reason := wantPhone(c.Input, c.Region)
		got, err := contact.ParsePhone(c.Input, c.Region)
		if got.String() != want || (err == nil) != (want != "") || (reason != nil && !errors.Is(err, reason)) {
			t.Fatalf("ParsePhone(%q, %q) = %q, %v; library gives %q, %v", c.Input, c.Region, got, err, want, reason)
		}
		if err == nil {
			checkRoundTrip(t, got)
		}
	}
}

func TestParsePhoneReasons(t *testing.T) {
	tests := []struct {
		name, input, region string
		want                error
	}{
		{"empty", "", "FR", contact.ErrPhoneNotANumber},
		{"blank", " \t ", "FR", contact.ErrPhoneNotANumber},
		{"words", "n/a", "FR", contact.ErrPhoneNotANumber},
		{"too short", "06 12 34 56", "FR", contact.ErrPhoneTooShort},
		{"too long", "06 12 34 56 78 90", "FR", contact.ErrPhoneTooLong},
		{"invalid for region", "123-456-7890", "US", contact.ErrPhoneInvalidForRegion},
		{"no region", "06 12 34 56 78", "", contact.ErrPhoneNoRegion},
		{"unknown region", "06 12 34 56 78", "QQ", contact.ErrPhoneUnknownRegion},
		{"unknown country code", "+999 1234 5678", "", contact.ErrPhoneUnknownCountryCode},
		// The library gives +3758108888888, and reads that back as invalid.
		{"e164 does not read back", "88108888888", "BY", contact.ErrPhoneNotRoundTrip},
		// strings.ToUpper folds the dotless ı to I.
		{"non-ASCII region", "98765 43210", "ın", contact.ErrPhoneUnknownRegion},
		{"non-ASCII region, international", "+91 98765 43210", "ın", contact.ErrPhoneUnknownRegion},
	}
	all := []error{
		contact.ErrPhoneNotANumber, contact.ErrPhoneTooShort, contact.ErrPhoneTooLong,
		contact.ErrPhoneInvalidForRegion, contact.ErrPhoneNoRegion, contact.ErrPhoneUnknownRegion,
		contact.ErrPhoneUnknownCountryCode, contact.ErrPhoneNotRoundTrip,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := contact.ParsePhone(tt.input, tt.region)
			if err == nil {
				t.Fatalf("ParsePhone(%q, %q) = %q, want an error", tt.input, tt.region, p)
			}
			if !p.IsZero() {
				t.Errorf("ParsePhone(%q, %q) returned %q with its error, want the zero Phone", tt.input, tt.region, p)
			}
			if !errors.Is(err, contact.ErrInvalidPhone) {
				t.Errorf("error %v does not wrap ErrInvalidPhone", err)
			}
			for _, r := range all {
				if got, want := errors.Is(err, r), r == tt.want; got != want {
					t.Errorf("error %v: errors.Is(err, %q) = %v, want %v", err, r, got, want)
				}
			}
			pe, ok := errors.AsType[*contact.ParseError](err)
			if !ok || pe.Field != "phone" || pe.Input != tt.input {
				t.Errorf("error %#v, want *ParseError{Field: \"phone\", Input: %q}", err, tt.input)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, `contact: parse phone `) || strings.HasSuffix(msg, ".") {
				t.Errorf("error message %q", msg)
			}
		})
	}
}

// TestParsePhoneLongInput: a huge input is refused at once, and the
// error quotes a short prefix of it and its length, not the whole.
func TestParsePhoneLongInput(t *testing.T) {
	tests := []struct {
		name, input string
		want        error
	}{
		{"1 MB of digits", strings.Repeat("0", 1<<20), contact.ErrPhoneTooLong},
		{"just over the limit", "+33 6 12 34 56 78" + strings.Repeat(" ", contact.MaxPhoneInput), contact.ErrPhoneTooLong},
		{"long garbage", strings.Repeat("é", 100), contact.ErrPhoneNotANumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, parse := range []func(string, string) error{
				func(in, r string) error { _, err := contact.ParsePhone(in, r); return err },
				func(in, r string) error { _, err := contact.ParsePhoneDetail(in, r); return err },
			} {
				start := time.Now()
				err := parse(tt.input, "FR")
				if d := time.Since(start); d > 50*time.Millisecond && !raceEnabled {
					t.Errorf("took %v, want it refused at once", d)
				}
				require.ErrorIs(t, err, tt.want)
				require.ErrorIs(t, err, contact.ErrInvalidPhone)
				msg := err.Error()
				assert.LessOrEqual(t, len(msg), 160, "error message %q quotes too much", msg)
				assert.Contains(t, msg, fmt.Sprintf("%d bytes", len(tt.input)), "error message %q does not give the length", msg)
				pe, ok := errors.AsType[*contact.ParseError](err)
				require.True(t, ok, "error %T, want *contact.ParseError", err)
				assert.True(t, utf8.ValidString(pe.Input), "ParseError.Input %q cut inside a character", pe.Input)
				assert.True(t, strings.HasPrefix(tt.input, strings.TrimSuffix(pe.Input, "…")), "ParseError.Input %q is not a prefix of the input", pe.Input)
			}
		})
	}
	var p contact.Phone
	err := p.UnmarshalText([]byte("+" + strings.Repeat("3", 1<<20)))
	require.ErrorIs(t, err, contact.ErrInvalidPhone)
	assert.LessOrEqual(t, len(err.Error()), 160, "UnmarshalText error %q quotes too much", err)
}

func TestParsePhoneDetail(t *testing.T) {
	tests := []struct {
		input, region string
		want          contact.PhoneDetail
	}{
		{"06 12 34 56 78", "FR", contact.PhoneDetail{contact.MustParsePhone("+33612345678", ""), "FR", true, true, contact.PhoneTypeMobile}},
		{"612345678", "fr", contact.PhoneDetail{contact.MustParsePhone("+33612345678", ""), "FR", true, false, contact.PhoneTypeMobile}},
		{"+33 6 12 34 56 78", "US", contact.PhoneDetail{contact.MustParsePhone("+33612345678", ""), "FR", false, false, contact.PhoneTypeMobile}},
		{"+33 (0)1 23 45 67 89", "", contact.PhoneDetail{contact.MustParsePhone("+33123456789", ""), "FR", false, true, contact.PhoneTypeFixedLine}},
		{"0033 1 23 45 67 89", "FR", contact.PhoneDetail{contact.MustParsePhone("+33123456789", ""), "FR", false, false, contact.PhoneTypeFixedLine}},
		{"011 44 20 7031 3000", "US", contact.PhoneDetail{contact.MustParsePhone("+442070313000", ""), "GB", false, false, contact.PhoneTypeFixedLine}},
		{"020 7031 3000", "GB", contact.PhoneDetail{contact.MustParsePhone("+442070313000", ""), "GB", true, true, contact.PhoneTypeFixedLine}},
		{"(650) 253-0000", "US", contact.PhoneDetail{contact.MustParsePhone("+16502530000", ""), "US", true, false, contact.PhoneTypeFixedLineOrMobile}},
		{"0 800 123 456", "FR", contact.PhoneDetail{contact.MustParsePhone("+33800123456", ""), "FR", true, true, contact.PhoneTypeTollFree}},
		{"650-253-0000 x123", "US", contact.PhoneDetail{contact.MustParsePhone("+16502530000", ""), "US", true, false, contact.PhoneTypeFixedLineOrMobile}},
		{"+800 1234 5678", "", contact.PhoneDetail{contact.MustParsePhone("+80012345678", ""), "", false, false, contact.PhoneTypeTollFree}},
		// Whatever follows the number: the trunk zero is still seen dropped
		// (an extension's label once turned into keypad digits).
		{"06 12 34 56 78 ext. 12", "FR", contact.PhoneDetail{contact.MustParsePhone("+33612345678", ""), "FR", true, true, contact.PhoneTypeMobile}},
		{"020 7031 3000 extension 5", "GB", contact.PhoneDetail{contact.MustParsePhone("+442070313000", ""), "GB", true, true, contact.PhoneTypeFixedLine}},
		{"+44 (0)20 7031 3000 anexo 12", "", contact.PhoneDetail{contact.MustParsePhone("+442070313000", ""), "GB", false, true, contact.PhoneTypeFixedLine}},
		{"tel:06-12-34-56-78;phone-context=+33", "US", contact.PhoneDetail{contact.MustParsePhone("+33612345678", ""), "FR", false, true, contact.PhoneTypeMobile}},
		{"tel:06-12-34-56-78;phone-context=example.com", "FR", contact.PhoneDetail{contact.MustParsePhone("+33612345678", ""), "FR", true, true, contact.PhoneTypeMobile}},
	}
	for _, tt := range tests {
		got, err := contact.ParsePhoneDetail(tt.input, tt.region)
		if err != nil || got != tt.want {
			t.Errorf("ParsePhoneDetail(%q, %q) = %+v, %v; want %+v", tt.input, tt.region, got, err, tt.want)
		}
	}
	if _, err := contact.ParsePhoneDetail("12", "FR"); !errors.Is(err, contact.ErrInvalidPhone) {
		t.Errorf("ParsePhoneDetail(%q) error = %v, want ErrInvalidPhone", "12", err)
	}
}

func TestPhoneTypeString(t *testing.T) {
	want := []string{"unknown", "fixed_line", "mobile", "fixed_line_or_mobile", "toll_free", "premium_rate", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail"}
	for i, w := range want {
		if got := contact.PhoneType(i).String(); got != w {
			t.Errorf("PhoneType(%d).String() = %q, want %q", i, got, w)
		}
	}
	if got := contact.PhoneType(-1).String(); got != "unknown" {
		t.Errorf("PhoneType(-1).String() = %q, want unknown", got)
	}
}

func TestPhoneValue(t *testing.T) {
	var zero contact.Phone
	if !zero.IsZero() || zero.String() != "" || zero.Region() != "" {
		t.Errorf("zero Phone: IsZero %v, String %q, Region %q", zero.IsZero(), zero.String(), zero.Region())
	}
	a := contact.MustParsePhone("06 12 34 56 78", "FR")
	b := contact.MustParsePhone("+33 (0)6-12-34-56-78", "US")
	if a != b || a.IsZero() {
		t.Errorf("%q and %q: want equal non-zero Phones", a, b)
	}
	for in, want := range map[string]string{
		"+16045551234": "CA", "+12015550123": "US", "+447400123456": "GB", "+447624123456": "IM", "+80012345678": "",
	} {
		if got := contact.MustParsePhone(in, "").Region(); got != want {
			t.Errorf("Phone(%s).Region() = %q, want %q", in, got, want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("MustParsePhone(%q) did not panic", "nope")
		}
	}()
	contact.MustParsePhone("nope", "FR")
}

func TestPhoneText(t *testing.T) {
	p := contact.MustParsePhone("0612345678", "FR")
	text, err := p.MarshalText()
	if err != nil || string(text) != "+33612345678" {
		t.Fatalf("MarshalText() = %q, %v", text, err)
	}
	var q contact.Phone
	if err := q.UnmarshalText(text); err != nil || q != p {
		t.Errorf("UnmarshalText(%q) = %q, %v; want %q", text, q, err, p)
	}
	if text, _ := (contact.Phone{}).MarshalText(); len(text) != 0 {
		t.Errorf("zero Phone MarshalText() = %q, want empty", text)
	}
	if err := q.UnmarshalText(nil); err != nil || !q.IsZero() {
		t.Errorf("UnmarshalText(empty) = %q, %v; want the zero Phone", q, err)
	}
	for _, bad := range []string{"0612345678", "+33 6 12 34 56 78", "+330612345678", "+3361234567", "tel:+33612345678", "+", "33612345678", "+33612345678 "} {
		q := p
		err := q.UnmarshalText([]byte(bad))
		if !errors.Is(err, contact.ErrInvalidPhone) {
			t.Errorf("UnmarshalText(%q) error = %v, want ErrInvalidPhone", bad, err)
		}
		if q != p {
			t.Errorf("UnmarshalText(%q) changed the Phone to %q on error", bad, q)
		}
	}
	// Through encoding/json, as a struct field.
	type rec struct{ Phone contact.Phone }
	b, err := json.Marshal(rec{p})
	if err != nil || string(b) != `{"Phone":"+33612345678"}` {
		t.Fatalf("json.Marshal = %s, %v", b, err)
	}
	var r rec
	if err := json.Unmarshal(b, &r); err != nil || r.Phone != p {
		t.Errorf("json.Unmarshal(%s) = %+v, %v", b, r, err)
	}
}

// The spaces that text carries between a number's digits are all read as
// spaces: the narrow no-break space of French typography and spreadsheets,
// the thin and figure spaces, as the library reads a space, a no-break and
// an ideographic one.
func TestParsePhoneUnicodeSpaces(t *testing.T) {
	for _, sp := range []string{" ", "\u00a0", "\u202f", "\u2009", "\u2007", "\u2002", "\u205f", "\u3000"} {
		for _, in := range []string{"06%s12%s34%s56%s78", "+33%s6%s12%s34%s56%s78", "(0)6%s12%s34%s56%s78"} {
			input := strings.ReplaceAll(in, "%s", sp)
			p, err := contact.ParsePhone(input, "FR")
			if assert.NoError(t, err, "%+q", input) {
				assert.Equal(t, "+33612345678", p.String(), "%+q", input)
			}
			d, err := contact.ParsePhoneDetail(input, "FR")
			if assert.NoError(t, err, "%+q", input) {
				assert.Equal(t, "+33612345678", d.Phone.String(), "%+q", input)
			}
		}
	}
	_, err := contact.ParsePhone("06\u200b12\u200b34\u200b56\u200b78\u00ad", "FR")
	assert.NoError(t, err, "the library's zero-width space and soft hyphen, as it reads them")
}
