package contact

// Differential tests of the sixteenth review of the folding speed-ups
// (ascii eight bytes at a time, writeFold in runs between capitals, the
// apostrophe found by byte searches): each against a plain reference, on
// random and adversarial input (invalid UTF-8, NUL bytes, a high byte at
// every position of words of 7 to 17 bytes).

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// reviewASCII is the plain reference of ascii: a byte loop.
func reviewASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// reviewStrings returns adversarial strings: every length up to 24 with a
// high byte (or a NUL, a capital, an apostrophe) at each position, and
// random strings from an alphabet of ASCII letters, capitals, digits,
// punctuation, spaces, NUL, apostrophes and broken UTF-8.
func reviewStrings(r *rand.Rand, n int) []string {
	var out []string
	for l := range 25 {
		base := strings.Repeat("a", l)
		out = append(out, base, strings.ToUpper(base))
		for i := range l {
			for _, c := range []string{"\x80", "\xff", "\x00", "Z", "'", "é", "’", "\xe2\x80"} {
				out = append(out, base[:i]+c+base[i+1:])
			}
		}
	}
	alphabet := []string{"a", "z", "A", "Z", "0", "9", " ", "  ", "\t", "\n", "-", ".", "@", "'", "’", "ʼ", "\x00", "\x7f",
		"é", "É", "ß", "İ", "王", "\xff", "\xe2\x80", "\xc3", "\u200c", "ＡＤＡ"}
	for range n {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		out = append(out, b.String())
	}
	return out
}

// TestReviewFoldSpeedUpsAgreeWithReferences: ascii agrees with a byte
// loop; writeFold with Fold, and with strings.ToLower on ASCII text;
// hasApostrophe with strings.ContainsAny.
func TestReviewFoldSpeedUpsAgreeWithReferences(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 1))
	for _, s := range reviewStrings(r, 20_000) {
		if got, want := ascii(s), reviewASCII(s); got != want {
			t.Fatalf("ascii(%+q) = %v, want %v", s, got, want)
		}
		var b strings.Builder
		b.WriteString("pre ")
		writeFold(&b, s)
		if got, want := b.String(), "pre "+Fold(s); got != want {
			t.Fatalf("writeFold(%+q) = %+q, Fold gives %+q", s, got[4:], want[4:])
		}
		if reviewASCII(s) {
			if got, want := Fold(s), strings.ToLower(s); got != want {
				t.Fatalf("Fold(%+q) = %+q, strings.ToLower gives %+q", s, got, want)
			}
		}
		if got, want := hasApostrophe(s), strings.ContainsAny(s, apostrophes); got != want {
			t.Fatalf("hasApostrophe(%+q) = %v, want %v", s, got, want)
		}
	}
}

// TestReviewASCIIWordsAgreeWithFoldedWords: on ASCII text the byte path
// (appendASCIIWordsTo, which now looks for the apostrophe itself) gives the
// words of the general one (appendFoldedWordsTo), joined or not, with a
// builder or without.
func TestReviewASCIIWordsAgreeWithFoldedWords(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 2))
	alphabet := "aZz09 \t\n-.'@_+!\x00\x7f"
	for range 30_000 {
		var sb strings.Builder
		for range r.IntN(30) {
			sb.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		s := Fold(sb.String())
		for _, joined := range []bool{false, true} {
			want := appendFoldedWordsTo(nil, s, joined, nil)
			if got := appendASCIIWordsTo(nil, s, joined, nil); !slices.Equal(got, want) {
				t.Fatalf("words of %+q (joined %v): ASCII path %q, general path %q", s, joined, got, want)
			}
			var b strings.Builder
			b.Grow(2 * len(s))
			if got := appendASCIIWordsTo(nil, s, joined, &b); !slices.Equal(got, want) {
				t.Fatalf("words of %+q (joined %v, builder): ASCII path %q, general path %q", s, joined, got, want)
			}
		}
	}
}

// TestReviewSearchWordsAgreeWithNaiveSplit: the words of a contact's text
// that is ASCII letters and spaces only are its fields lowered and split on
// spaces, in order, without repeats.
func TestReviewSearchWordsAgreeWithNaiveSplit(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 3))
	word := func() string {
		n := []int{1, 7, 8, 9, 15, 16, 17, 24}[r.IntN(8)]
		b := make([]byte, n)
		for i := range b {
			b[i] = "aAbBzZ"[r.IntN(6)]
		}
		return string(b)
	}
	for range 5_000 {
		c := Contact{FirstName: word(), LastName: word() + " " + word(), City: word()}
		var want []string
		for _, f := range []string{c.FirstName, c.LastName, c.City} {
			for _, w := range strings.Split(strings.ToLower(f), " ") {
				if !slices.Contains(want, w) {
					want = append(want, w)
				}
			}
		}
		if got := SearchWords(&c); !slices.Equal(got, want) {
			t.Fatalf("SearchWords(%q %q %q) = %q, want %q", c.FirstName, c.LastName, c.City, got, want)
		}
	}
}

// FuzzReviewWriteFold checks writeFold against Fold, and the ASCII path of
// the words against the general one.
func FuzzReviewWriteFold(f *testing.F) {
	for _, s := range []string{"", "ABCDEFGH", "abcdefgH", "O'Brien", "\x00A\x00", "abcdefgh\xff", "Jean-Pierre O'NEIL"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		writeFold(&b, s)
		if got, want := b.String(), Fold(s); got != want {
			t.Fatalf("writeFold(%+q) = %+q, Fold gives %+q", s, got, want)
		}
		if folded := Fold(s); ascii(folded) {
			if got, want := appendASCIIWordsTo(nil, folded, true, nil), appendFoldedWordsTo(nil, folded, true, nil); !slices.Equal(got, want) {
				t.Fatalf("words of %+q: ASCII path %q, general path %q", folded, got, want)
			}
		}
	})
}

// TestReviewNeedsQuoteAgreesWithDefinition: needsQuote, which checks UTF-8
// once, agrees with its definition on adversarial values.
func TestReviewNeedsQuoteAgreesWithDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 4))
	extra := []string{`"a`, `a"`, "a\tb", "é\t", "\xff\\", "é\n", "\\", "\xe2\x80", "é", "abcdefgh\xc3"}
	for _, v := range append(reviewStrings(r, 20_000), extra...) {
		want := strings.HasPrefix(v, `"`) || strings.ContainsAny(v, "\t\n\\") || !utf8.ValidString(v)
		if got := needsQuote(v); got != want {
			t.Fatalf("needsQuote(%+q) = %v, want %v", v, got, want)
		}
	}
}
