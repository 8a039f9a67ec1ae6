package contact

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// SearchText returns the text that a free-text contact search looks in: the
// words of the names, alias, company, job title, city, email and tags of c,
// each folded (see FoldQuery), without repeats, each preceded and the last
// followed by one space: " ada lovelace example com vip ". An email with an
// internationalised domain gives the words of both its forms, ASCII
// ("xn--bcher-kva") and Unicode ("bücher"). It depends on c alone, so a
// store may keep it in an indexed column.
//
// A word of a script written without spaces between words (Han,
// Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar) also gives its
// suffixes that start at one of its first 16 characters ("王小明": "小明",
// "明"), so that a word inside it ("小明", a given name) is found.
//
// A text holding ä, ö, ü, ø or å (either case, composed or not; an
// email's local part too, but not the Unicode form of its domain) also
// gives, after its own words, the words of the text transliterated as
// German, Danish, Norwegian and Swedish users type it without those keys:
// ä, ö, ü and ø as ae, oe, ue and oe, å as aa. "Müller" gives "muller" and
// "mueller", "Søren" "soren" and "soeren", "Åse" "ase" and "aase". A query
// is folded, not transliterated: "mueller" finds "Müller" through its
// second word and not "Muller", and "müller" finds both. ß and æ need no
// more: Fold writes them ss and ae.
//
// A query word w matches c when it starts a word of c:
// strings.Contains(SearchText(c), " "+w). A query matches when all its
// words do (QueryWords). Phones are not words: a query that parses as a
// phone number is looked up by the phone's key (see Keys).
func SearchText(c *Contact) string {
	words := SearchWords(c)
	n := 1
	for _, w := range words {
		n += len(w) + 1
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteByte(' ')
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return b.String()
}

// SearchWords returns the distinct folded words of SearchText, in the order
// they first appear. The slice is new on every call.
func SearchWords(c *Contact) []string {
	// Room for the words of a typical contact (names, company, job, city,
	// an email's parts, a few tags), grown once rather than word by word.
	words := AppendSearchWords(make([]string, 0, 24), c)
	if len(words) == 0 {
		return nil // a contact without words gets nil, not the room made above
	}
	return words
}

// AppendSearchWords appends the words of SearchWords(c) to dst and returns
// the extended slice: a caller that folds many contacts reuses one slice.
func AppendSearchWords(dst []string, c *Contact) []string {
	// The texts the words come from: every email, primary or not, and an
	// internationalised domain in both forms ("bücher" finds
	// ann@xn--bcher-kva.de). A text with ä, ö, ü, ø or å is followed by
	// its transliteration (see appendTexts), so that "mueller" finds
	// "Müller" as "muller" does. Room on the stack for most contacts'.
	var room [16]text
	texts := append(room[:0], text{s: c.FirstName}, text{s: c.LastName}, text{s: c.Alias},
		text{s: c.Company}, text{s: c.JobTitle}, text{s: c.City})
	// A name in a script written without spaces is typed whole, the
	// family name first or not ("王明", "김민준"): both names joined, in
	// either order, are texts too.
	if strings.ContainsFunc(c.FirstName, unspaced) && strings.ContainsFunc(c.LastName, unspaced) {
		texts = append(texts, text{s: c.LastName + c.FirstName}, text{s: c.FirstName + c.LastName})
	}
	texts = appendEmailTexts(texts, c.Email)
	for _, e := range c.OtherEmails {
		texts = appendEmailTexts(texts, e.Email)
	}
	for _, n := range c.Tags {
		texts = append(texts, text{s: n.String()})
	}
	start := len(dst)
	words := appendTexts(dst, texts)
	// Few words: a quadratic pass beats a map.
	out := words[:start]
	for _, w := range words[start:] {
		if !slices.Contains(out[start:], w) {
			out = append(out, w)
		}
	}
	return out
}

// transliteration returns how German, Danish, Norwegian and Swedish
// users type r, a letter they spell with two on a keyboard without it: ä,
// ö, ü as ae, oe, ue ("Mueller", "Goethe"), ø as oe ("Soeren"), å as aa
// ("Aase"); "" for any other rune. Æ and ß need none: Fold writes them ae
// and ss already. Folding the result lower-cases it. pgstore's migration
// 0013 writes the same letters in SQL: a letter added here needs a
// migration there.
func transliteration(r rune) string {
	switch r {
	case 'ä', 'Ä':
		return "ae"
	case 'ö', 'Ö', 'ø', 'Ø':
		return "oe"
	case 'ü', 'Ü':
		return "ue"
	case 'å', 'Å':
		return "aa"
	}
	return ""
}

// transliterate returns s, a text that is not ASCII, with each letter
// that has a transliteration written so, in NFC first (a "u" followed by
// a combining diaeresis is a "ü", the ångström sign an "Å"), and whether
// there was any. A text without such a letter costs no allocation, and
// one with them one (two when it is put in NFC).
func transliterate(s string) (string, bool) {
	if !strings.ContainsFunc(s, transliterable) {
		return "", false
	}
	if strings.ContainsFunc(s, composes) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	for i, r := range s {
		t := transliteration(r)
		if t == "" {
			if b.Len() > 0 {
				b.WriteRune(r)
			}
			continue
		}
		if b.Len() == 0 {
			// Each letter takes two bytes, as its transliteration does
			// (an invalid byte, written U+FFFD, three).
			b.Grow(len(s) + 8)
			b.WriteString(s[:i])
		}
		b.WriteString(t)
	}
	return b.String(), b.Len() > 0
}

// transliterable reports whether r has a transliteration, or is part of
// such a letter in NFC (composes).
func transliterable(r rune) bool { return transliteration(r) != "" || composes(r) }

// composes reports whether r is written in NFC as, or as part of, a letter
// that has a transliteration: the combining diaeresis and ring above,
// which compose with a base letter ("u\u0308" is "ü"), and the ångström
// sign, which NFC writes Å. Only a text holding one is put in NFC, which
// norm.NFC.IsNormalString would tell at the cost of an allocation.
func composes(r rune) bool { return r == '\u0308' || r == '\u030a' || r == '\u212b' }

// text is a text of a contact that its search words come from; plain
// says it gets no transliteration (see appendTexts).
type text struct {
	s     string
	plain bool
}

// appendEmailTexts appends the texts of e's words to texts: e, with its
// transliteration (a local part is Unicode: "jürgen@example.de" gives
// "juergen"), and its Unicode form when it differs, plain. The Unicode
// form of an internationalised domain is only shown: a contact is stored
// with the ASCII one, from which pgstore's migration 0013 cannot write in
// SQL the words of a transliterated "bücher"; "bucher" finds it by
// folding, as before.
func appendEmailTexts(texts []text, e Email) []text {
	if e.IsZero() {
		return texts
	}
	texts = append(texts, text{s: e.String()})
	if u := e.Unicode(); u != e.String() {
		texts = append(texts, text{s: u, plain: true})
	}
	return texts
}

// appendTexts appends the words of texts to dst, as appendWords with
// joined would text by text, from one allocation for most contacts: the
// texts folded, one space after each (a run of non-spaces never spans two
// texts), and after them the concatenations of the runs, each no longer
// than its run. A text that is not plain and has a transliteration (see
// transliterate) is followed by it, folded, as a text of its own: its
// words come right after the text's, so that the words are still those
// of each text alone, in order, and those without such a letter come
// twice, which the caller drops. Only a text that is not ASCII is looked
// at for one, as writeFold tells.
func appendTexts(dst []string, texts []text) []string {
	n := len(texts)
	for _, t := range texts {
		n += 2 * len(t.s)
	}
	var b strings.Builder
	b.Grow(n) // a hint: folding may lengthen a text ("ß" to "ss")
	for _, t := range texts {
		if !writeFold(&b, t.s) && !t.plain {
			if tr, ok := transliterate(t.s); ok {
				b.WriteByte(' ')
				writeFold(&b, tr)
			}
		}
		b.WriteByte(' ')
	}
	// The string of the folded texts stays valid while b grows: a builder
	// never writes over the bytes it has given out.
	folded := b.String()
	if ascii(folded) {
		return appendASCIIWordsTo(dst, folded, true, &b)
	}
	return appendFoldedWordsTo(dst, folded, true, &b)
}

// QueryWords returns the folded words of a free-text query, split and folded
// as SearchText's are. A contact matches the query when every word starts a
// word of its SearchText; no word matches every contact.
func QueryWords(q string) []string {
	return appendWords(nil, q, false)
}

// FoldQuery returns the canonical form of a free-text query: folded as
// SearchText is (case-insensitive, without accents, NFC), trimmed, inner
// white space collapsed to one space. An empty result matches every
// contact.
func FoldQuery(q string) string {
	return strings.Join(strings.Fields(Fold(q)), " ")
}

// Fold returns s folded for search: case-folded (Unicode full case
// folding, so "Straße" and "STRASSE" fold alike), its accents and other
// combining marks removed ("Hélène" → "helene", "İstanbul" → "istanbul"),
// the Latin letters that carry a stroke or a hook or are ligatures, which
// Unicode does not decompose, written with their base letters ("Łódź" →
// "lodz", "Søren" → "soren", "Æsir" → "aesir", "Işık" → "isik", "Ɓello"
// → "bello"), the
// full-width forms of ASCII that East Asian keyboards type ("ＡＤＡ",
// "ａｄａ１２") as ASCII, and the styled letters and digits of the
// Mathematical Alphanumeric and Letterlike Symbols ("𝐀𝐝𝐚", "ℋ") as the
// plain ones, in NFC. Besides:
//   - the half-width forms (East Asian Width H: the katakana of U+FF61 to
//     U+FF9F, half-width Hangul) are their wide forms, the voiced marks
//     composed ("ﾀﾞ" → "ダ") and then removed as other marks are, so
//     "ﾔﾏﾀﾞ" and "ヤマダ" fold alike;
//   - the apostrophes that are modifier letters (U+02B9 to U+02BF, such as
//     the Ukrainian apostrophe ʼ and the Hawaiian ʻokina, and U+02C8), and
//     the Greek numeral sign U+0374 (U+02B9 in NFC), are the ASCII
//     apostrophe, which joins the parts of a word as in O'Brien;
//   - the letters of Arabic and Persian that are one letter typed in two
//     ways are one: Persian yeh ی and alef maksura ى as Arabic yeh ي,
//     keheh ک as kaf ك, teh marbuta ة as heh ه; and the tatweel ـ, which
//     only stretches the line, is removed;
//   - the invisible characters are removed as they are from names
//     (inputtext.StripInvisible: a zero-width joiner or non-joiner is
//     kept between two letters of a script that uses it).
//
// It is idempotent.
func Fold(s string) string {
	if ascii(s) {
		return asciiLower(s)
	}
	// Each invalid byte as U+FFFD first, as the transformers read it:
	// they stop folding at one ("\xf5Ã" gave "\ufffdã"), and Fold would
	// not be idempotent.
	s = validUTF8(s)
	if latinOnly(s) {
		var b strings.Builder
		b.Grow(len(s))
		writeLatin(&b, s)
		return b.String()
	}
	return foldSlow(s)
}

// writeFold writes Fold(s) to b, and reports whether s is ASCII.
func writeFold(b *strings.Builder, s string) bool {
	if ascii(s) {
		// The runs between capitals whole: a name has one or two.
		for from, i := 0, 0; ; i++ {
			if i == len(s) {
				b.WriteString(s[from:])
				return true
			}
			if c := s[i]; 'A' <= c && c <= 'Z' {
				b.WriteString(s[from:i])
				b.WriteByte(c + 'a' - 'A')
				from = i + 1
			}
		}
	}
	if s = validUTF8(s); latinOnly(s) {
		writeLatin(b, s)
		return false
	}
	b.WriteString(foldSlow(s))
	return false
}

// foldSlow is Fold through the transformers, for any string.
func foldSlow(s string) string {
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	out := transformFold(t, inputtext.StripInvisible(s))
	// A joiner kept between two letters may stand next to an ASCII letter
	// once they are folded ("é\u200cé" → "e\u200ce"), where
	// StripInvisible removes it: removed, the letters around it are folded
	// again, so that Fold is idempotent. Each round removes a joiner; the
	// second finds none in any text seen so far (FuzzFold), and Fold is
	// idempotent only as far as four rounds reach.
	for range 4 {
		stripped := inputtext.StripInvisible(out)
		if stripped == out {
			break
		}
		out = transformFold(t, stripped)
	}
	return out
}

// transformFold folds s with t, one of folders, and writes the base
// letters.
func transformFold(t transform.Transformer, s string) string {
	t.Reset()
	out, _, err := transform.String(t, s)
	if err != nil {
		// The transformers never fail on a string; keep the input rather
		// than lose it.
		return s
	}
	return baseLetters.Replace(out)
}

// baseLetters writes the folded Latin letters that Unicode does not
// decompose into a base letter and a mark (a stroke, a bar, a hook, a
// ligature, a dotless i, a small capital) with the base letters people
// type for them on a keyboard without them. Fold applies it after case
// folding, so only lower-case forms are here. pgstore's migrations 0003,
// 0005, 0014 and 0015 rewrite stored search text with the same list: a
// letter added here needs a migration there.
var baseLetters = strings.NewReplacer(
	"ø", "o", "ł", "l", "đ", "d", "ð", "d", "ħ", "h", "ŧ", "t", "ŀ", "l", "ı", "i",
	"ƀ", "b", "ɨ", "i", "ƶ", "z", "ǥ", "g", "ĸ", "k",
	"æ", "ae", "œ", "oe", "þ", "th", "ĳ", "ij",
	// Since pgstore's migration 0005: the other stroked letters of Latin
	// Extended-B and -C, and the digraphs of Serbian and Croatian in Latin
	// script ("Ǉubica" → "ljubica", "ǅokić" → "dzokic").
	"ȼ", "c", "ɇ", "e", "ɉ", "j", "ɍ", "r", "ɏ", "y", "ⱥ", "a", "ⱦ", "t",
	"ǆ", "dz", "ǉ", "lj", "ǌ", "nj", "ǳ", "dz",
	// Since pgstore's migration 0014: the letters with a hook or a tail of
	// Hausa, Fula, Ewe and other languages of Africa ("Ɓello" → "bello",
	// "Ƙabiru" → "kabiru", "Ɖoe" → "doe"), and the barred l and u.
	"ɓ", "b", "ƈ", "c", "ɗ", "d", "ɖ", "d", "ƒ", "f", "ɠ", "g", "ɦ", "h", "ƙ", "k",
	"ƥ", "p", "ʠ", "q", "ƭ", "t", "ʋ", "v", "ƴ", "y", "ȥ", "z", "ƚ", "l", "ʉ", "u",
	// Since pgstore's migration 0015: the small capitals that the display
	// names of chat apps use for emphasis ("ᴀᴅᴀ ʟᴏᴠᴇʟᴀᴄᴇ"), which Unicode
	// does not decompose.
	"ᴀ", "a", "ʙ", "b", "ᴄ", "c", "ᴅ", "d", "ᴇ", "e", "ꜰ", "f", "ɢ", "g", "ʜ", "h", "ɪ", "i",
	"ᴊ", "j", "ᴋ", "k", "ʟ", "l", "ᴍ", "m", "ɴ", "n", "ᴏ", "o", "ᴘ", "p", "ꞯ", "q", "ʀ", "r",
	"ꜱ", "s", "ᴛ", "t", "ᴜ", "u", "ᴠ", "v", "ᴡ", "w", "ʏ", "y", "ᴢ", "z",
)

// folders holds the transformers of Fold: building one allocates kilobytes
// of buffers, and one is not safe for concurrent use, so each is reused by
// one call at a time.
var folders = sync.Pool{New: func() any {
	return transform.Chain(runes.Map(narrowASCII), cases.Fold(), runes.Map(foldLetter), norm.NFD, runes.Remove(runes.Predicate(removed)), norm.NFC)
}}

// removed reports whether Fold removes r once decomposed: a nonspacing
// mark (an accent, a voiced mark of kana, a vowel mark of Arabic), or a
// line that only stretches a word (the Arabic tatweel, the NKo
// lajanyalan).
func removed(r rune) bool {
	return unicode.Is(unicode.Mn, r) || r == '\u0640' || r == '\u07fa'
}

// foldLetter maps, after case folding, a half-width form to its wide form,
// a modifier letter apostrophe to the apostrophe, the variant letters of
// Arabic and Persian to the Arabic letter, and a Cherokee small letter to
// its capital. pgstore's migration 0008 rewrites stored search text with
// the same mapping.
func foldLetter(r rune) rune {
	if r < 0x2b9 {
		return r
	}
	switch {
	case r <= 0x2bf || r == 0x2c8 || r == 0x374:
		// ʹ ʺ ʻ ʼ ʽ ʾ ʿ ˈ: the modifier letters written and read as an
		// apostrophe (or its double), which keyboards type as '. The
		// Greek numeral sign U+0374 is U+02B9 in NFC: mapped here, before
		// the chain normalises it, or Fold would give U+02B9 and would not
		// be idempotent.
		return '\''
	case r == '\u06cc' || r == '\u0649': // Persian yeh, alef maksura
		return '\u064a' // yeh
	case r == '\u06a9': // keheh
		return '\u0643' // kaf
	case r == '\u0629': // teh marbuta
		return '\u0647' // heh
	case 0xab70 <= r && r <= 0xabbf:
		// Cherokee small letters as their capitals, as Unicode's case
		// folding writes them: x/text's cases.Fold swaps the two cases of
		// Cherokee instead, and Fold would not be idempotent.
		return r - 0xab70 + 0x13a0
	case 0x13f8 <= r && r <= 0x13fd:
		return r - 0x13f8 + 0x13f0
	}
	if p := width.LookupRune(r); p.Kind() == width.EastAsianHalfwidth {
		return p.Wide()
	}
	return r
}

// narrowASCII maps the full-width form of an ASCII character (U+FF01 to
// U+FF5E) to that character, and a styled letter or digit (see styled) to
// its plain one. pgstore's migrations 0007 and 0015 rewrite stored search
// text with the same mapping.
func narrowASCII(r rune) rune {
	switch {
	case r < 0x2B0:
		return r
	case 0xFF01 <= r && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case styled(r):
		// Its compatibility decomposition, a plain letter or digit: "𝐀"
		// is "A", "ℋ" "H", "𝟚" "2".
		if p := norm.NFKC.String(string(r)); utf8.RuneCountInString(p) == 1 {
			r, _ = utf8.DecodeRuneInString(p)
		}
	}
	return r
}

// styled reports whether r is a letter or digit that Unicode defines as a
// plain one in a style, which the display names of chat apps use for
// emphasis ("𝐀𝐝𝐚", "𝓗𝓮𝓵𝓮𝓷𝓮", "ᴬᵈᵃ"): the Mathematical Alphanumeric
// Symbols (bold, italic, script, fraktur, double-struck, sans-serif and
// monospace Latin and Greek letters and digits, U+1D400 to U+1D7FF), the
// letters of the Letterlike Symbols (U+2100 to U+214F: ℋ, ℓ, ℝ …), and
// the superscript and subscript letters of the Spacing Modifier Letters
// (U+02B0 to U+02B8, U+02E0 to U+02E4), of the Phonetic Extensions
// (U+1D2C to U+1D6A, U+1D9B to U+1DBF) and of U+2071 to U+209C.
func styled(r rune) bool {
	switch {
	case 0x2B0 <= r && r <= 0x2B8, 0x2E0 <= r && r <= 0x2E4, 0x1D2C <= r && r <= 0x1D6A, 0x1D9B <= r && r <= 0x1DBF,
		0x2071 <= r && r <= 0x209C, 0x2100 <= r && r <= 0x214F, 0x1D400 <= r && r <= 0x1D7FF:
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return false
}

// latinEnd is the end of the runes that writeLatin folds from a table: ASCII,
// Latin-1 and Latin Extended-A and B, the letters of most names typed in
// Europe, Africa and the Americas.
const latinEnd = 0x250

// latinFolds holds the folded form of each rune below latinEnd, as foldSlow
// folds it alone. Folding a string of such runes rune by rune gives what
// foldSlow gives for the whole string: case folding maps each rune on its
// own, the decomposition of each is its base letter and marks of category
// Mn, which are removed, and no base letter left composes with another.
// TestFoldLatinMatchesTransformers checks every rune and every pair.
var latinFolds = sync.OnceValue(func() *[latinEnd]string {
	var t [latinEnd]string
	for r := range rune(latinEnd) {
		t[r] = foldSlow(string(r))
	}
	return &t
})

// latinOnly reports whether writeLatin folds s: whether every rune of s is
// below latinEnd (and valid UTF-8); foldSlow folds the others.
func latinOnly(s string) bool {
	for _, r := range s {
		if r >= latinEnd || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// writeLatin writes Fold(s) to b from the table of latinFolds, for s of
// which latinOnly is true.
func writeLatin(b *strings.Builder, s string) {
	t := latinFolds()
	for _, r := range s {
		b.WriteString(t[r])
	}
}

// appendWords appends the words of s to dst: s folded, split on every rune
// that is not a letter or a digit. With joined, a run of letters and digits
// joined by punctuation ("o'brien", "jean-pierre", "ada.lovelace") also
// gives the concatenation of its parts ("obrien"), and of the parts that
// an apostrophe joins within it ("mcdonald-o'neil": "oneil", see
// appendApostropheJoins), so that a query typed either way matches, and a
// word in a script written without spaces gives its suffixes
// (appendSuffixes), so that a word inside it matches: the text of a
// contact is split so, a query is not.
func appendWords(dst []string, s string, joined bool) []string {
	s = Fold(s)
	if ascii(s) {
		return appendASCIIWordsTo(dst, s, joined, nil)
	}
	return appendFoldedWords(dst, s, joined)
}

// appendFoldedWords is appendWords on s already folded.
func appendFoldedWords(dst []string, s string, joined bool) []string {
	return appendFoldedWordsTo(dst, s, joined, nil)
}

// appendFoldedWordsTo is appendFoldedWords writing the concatenations of
// runs to b when it is not nil (joinRun).
func appendFoldedWordsTo(dst []string, s string, joined bool, b *strings.Builder) []string {
	for chunk := range strings.FieldsSeq(s) {
		start := len(dst)
		for part := range strings.FieldsFuncSeq(chunk, notWordRune) {
			dst = append(dst, part)
		}
		end := len(dst)
		dst = joinRun(dst, start, joined, b)
		if joined {
			if hasApostrophe(chunk) {
				dst = appendApostropheJoins(dst, chunk, b)
			}
			for i := start; i < end; i++ {
				dst = appendSuffixes(dst, dst[i])
			}
		}
	}
	return dst
}

// maxSuffixes bounds the suffixes appendSuffixes gives a word: those that
// start at one of its first maxSuffixes characters.
const maxSuffixes = 16

// appendSuffixes appends to dst the suffixes of the folded word w that
// start at a letter of a script written without spaces between words (see
// unspaced), after w's first character and within its first maxSuffixes:
// "王小明" gives "小明" and "明", so that the given name, which starts no
// word of the text, starts one of its suffixes. A run longer than
// maxSuffixes characters is found from any of its first ones, and the
// suffixes of a word take at most maxSuffixes times its length.
func appendSuffixes(dst []string, w string) []string {
	if ascii(w) {
		return dst
	}
	n := 0
	for i, r := range w {
		if n++; n > maxSuffixes {
			break
		}
		if i > 0 && unspaced(r) {
			dst = append(dst, w[i:])
		}
	}
	return dst
}

// unspaced reports whether r is a letter of a script in which words, and
// the family and given names of a person, are written without a space
// between them: Han, Hiragana, Katakana and Hangul, and Thai, Lao, Khmer
// and Myanmar.
func unspaced(r rune) bool {
	return r >= 0xe00 && unicode.IsLetter(r) && unicode.In(r, unspacedScripts...)
}

var unspacedScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
}

// notWordRune reports whether r separates words: it is not a letter, a
// digit or a mark (the vowel signs and viramas of the scripts of India
// are marks, and parts of their words).
func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}

// appendASCIIWordsTo is appendFoldedWords on ASCII text, byte by byte, as
// most names and addresses are: its chunks end at the ASCII white space
// strings.Fields splits on, and its words are runs of the ASCII letters
// and digits, which are all that unicode.IsLetter and IsDigit accept
// there. The concatenations of runs are written to b when it is not nil.
func appendASCIIWordsTo(dst []string, s string, joined bool, b *strings.Builder) []string {
	for i := 0; i < len(s); {
		for i < len(s) && isASCIISpace(s[i]) {
			i++
		}
		start, from := len(dst), i
		for i < len(s) && !isASCIISpace(s[i]) {
			if !isASCIIWordByte(s[i]) {
				i++
				continue
			}
			j := i + 1
			for j < len(s) && isASCIIWordByte(s[j]) {
				j++
			}
			dst = append(dst, s[i:j])
			i = j
		}
		dst = joinRun(dst, start, joined, b)
		// ASCII holds one of the apostrophes only.
		if joined && strings.IndexByte(s[from:i], '\'') >= 0 {
			dst = appendApostropheJoins(dst, s[from:i], b)
		}
	}
	return dst
}

// appendApostropheJoins appends to dst the concatenation of the words of
// each part of run (a run of non-spaces) that an apostrophe joins within
// it, when the run holds other parts too: "mcdonald-o'neil" gives
// "oneil", as joinRun gives "obrien" for "o'brien", so that the name
// after a hyphen is found typed as people type it. The part that is the
// whole run gives joinRun's word again, which AppendSearchWords drops.
// Concatenations are written to b as joinRun writes them. Its callers call
// it for a run that holds an apostrophe (hasApostrophe) only.
func appendApostropheJoins(dst []string, run string, b *strings.Builder) []string {
	for run != "" {
		end := strings.IndexFunc(run, notPartRune)
		if end < 0 {
			end = len(run)
		}
		start := len(dst)
		for part := run[:end]; part != ""; {
			i := strings.IndexFunc(part, notWordRune)
			if i < 0 {
				i = len(part)
			}
			if i > 0 {
				dst = append(dst, part[:i])
			}
			part = part[i:]
			if part != "" {
				_, size := utf8.DecodeRuneInString(part)
				part = part[size:]
			}
		}
		if len(dst)-start > 1 {
			dst = joinRun(dst, start, true, b)
			dst = append(dst[:start], dst[len(dst)-1])
		} else {
			dst = dst[:start]
		}
		run = run[end:]
		if run != "" {
			_, size := utf8.DecodeRuneInString(run)
			run = run[size:]
		}
	}
	return dst
}

// notPartRune reports whether r ends a part of a run that
// appendApostropheJoins joins: a rune that separates words and is not an
// apostrophe.
func notPartRune(r rune) bool { return notWordRune(r) && !strings.ContainsRune(apostrophes, r) }

// apostrophes are the apostrophes that join the parts of a name, as typed
// and as typeset (Fold writes the modifier letter apostrophes as ').
const apostrophes = "'’"

// hasApostrophe reports whether s holds one of apostrophes: two searches
// for a byte, where strings.ContainsAny, given a set that is not all ASCII,
// decodes s rune by rune; it runs on every run of every contact's text.
func hasApostrophe(s string) bool {
	return strings.IndexByte(s, '\'') >= 0 || strings.Contains(s, "’")
}

// joinRun appends to dst, with joined, the concatenation of its words from
// start on when there are several: the parts of one run of non-spaces. It
// writes the concatenation to b, when b is not nil, and appends the string
// b holds from there: a builder grown beforehand gives every concatenation
// from one allocation.
func joinRun(dst []string, start int, joined bool, b *strings.Builder) []string {
	if !joined || len(dst)-start <= 1 {
		return dst
	}
	if b == nil {
		return append(dst, strings.Join(dst[start:], ""))
	}
	from := b.Len()
	for _, w := range dst[start:] {
		b.WriteString(w)
	}
	return append(dst, b.String()[from:])
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func isASCIIWordByte(c byte) bool { return isASCIILetter(c) || '0' <= c && c <= '9' }

func ascii(s string) bool {
	i := 0
	// Eight bytes at a time: a byte of a multi-byte character has its high
	// bit set.
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// validUTF8 returns s with each byte that is not part of valid UTF-8
// written as U+FFFD; s itself when it is valid.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
