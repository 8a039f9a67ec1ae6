package contact

import (
	"slices"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/tag"
)

// TestFoldLatinMatchesTransformers checks the table of writeLatin against the
// transformers of foldSlow on every rune below latinEnd, every pair of them,
// and strings that mix them with runes past it.
func TestFoldLatinMatchesTransformers(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Fatalf("Fold(%+q) = %+q, the transformers give %+q", s, got, want)
		}
	}
	for a := range rune(latinEnd) {
		check(string(a))
		for b := rune(0x80); b < latinEnd; b++ {
			check(string([]rune{a, b}))
			check(string([]rune{b, a}))
		}
	}
	for _, s := range []string{
		"Hélène", "HÉLÈNE", "Straße", "İstanbul", "Ærøskøbing", "Łódź", "Dvořák", "ǅemal",
		"e\u0301", "É\u0301", "Zoë\u0308", "ŉ", "Ǆ", "ǰ", "Ⅻ", "ﬁne", "\xff\xfe", "a\xc3",
		"Mañana – Ñandú", "Œuvre d’art", "ǇUBLJANA",
	} {
		check(s)
	}
}

// TestFoldBaseLetters: the Latin letters that Unicode does not decompose
// fold to the base letters people type for them, in either case, alone
// and within words. pgstore's migration 0003 rewrites stored text with
// the same letters.
func TestFoldBaseLetters(t *testing.T) {
	for in, want := range map[string]string{
		"Łódź": "lodz", "Søren Kierkegaard": "soren kierkegaard", "ÆRØSKØBING": "aeroskobing",
		"Œuvre": "oeuvre", "Þórr": "thorr", "Đorđe": "dorde", "Işık": "isik", "IŞIK": "isik",
		"Guðrún": "gudrun", "Ħamrun": "hamrun", "Ĳssel": "ijssel", "ǿ": "o",
		"øłđðħŧŀıƀɨƶǥĸæœþĳ": "olddhtlibizgkaeoethij",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
		if got := foldSlow(in); got != want {
			t.Errorf("foldSlow(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldFullWidth: the full-width forms of ASCII letters and digits fold
// as the letters and digits do, so "ada" finds "ＡＤＡ" and "ａｄａ" finds
// "Ada"; the other full-width forms (punctuation) are ASCII punctuation,
// which splits words as it does.
func TestFoldFullWidth(t *testing.T) {
	for in, want := range map[string]string{
		"ＡＤＡ": "ada", "ａｄａ": "ada", "Ａｄａ　Ｌｏｖｅｌａｃｅ１８１５": "ada　lovelace1815", "０１２３４５６７８９": "0123456789",
		"ｚＺ～！": "zz~!", "ＡＤＡ ｉｓ Ｈéｌèｎｅ": "ada is helene",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := QueryWords("ａｄａ．ｌｏｖｅｌａｃｅ"); !slices.Equal(got, []string{"ada", "lovelace"}) {
		t.Errorf("QueryWords of a full-width address = %q", got)
	}
	c := Contact{FirstName: "ＡＤＡ", LastName: "Ｌｏｖｅｌａｃｅ"}
	if got := SearchText(&c); got != " ada lovelace " {
		t.Errorf("SearchText of full-width names = %q", got)
	}
}

// FuzzASCIIWords checks appendASCIIWordsTo against appendFoldedWords on
// ASCII text, joined or not, and on any text the words of several texts
// from one buffer (appendTexts) against appendWords text by text.
func FuzzASCIIWords(f *testing.F) {
	for _, s := range []string{
		"", " ", "ann", "ann lee", "  ann \t lee\n", "o'brien", "jean-pierre dupont", "ada.lovelace12@example.com",
		"a--b", "-a-", "x\vy\fz\rw", "1-800-flowers", "A.B C", "\x00a\x7f", "...", "a.b.c d.e",
		"Hélène Dupré-Lévêque", "STRASSE Straße", "Łódź\u00a0Ærø", "İstanbul 北京 ǅemal", "a\xffb c\xc3", "e\u0301 x",
		// Marks inside words, unspaced scripts, half-width kana, modifier
		// apostrophes, Arabic variants, invisible characters.
		"राम शर्मा", "ராம்-குமார்", "王小明 山田·花子", "김민준", "東京株式会社Tower", "ﾔﾏﾀﾞ ﾀﾛｳ", "Марʼяна Hawaiʻi",
		"محـمد فاطمة علی", "Love\u00adlace", "a\u200bb.c\u2060d", "é\u200cé", "一二三四五六七八九十一二三四五六七八九十",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, joined bool) {
		if ascii(s) {
			got, want := appendASCIIWordsTo(nil, s, joined, nil), appendFoldedWords(nil, s, joined)
			if !slices.Equal(got, want) {
				t.Fatalf("appendASCIIWordsTo(%q, %v) = %q, appendFoldedWords gives %q", s, joined, got, want)
			}
		}
		// The same text cut in three, as the fields of a contact, plain
		// and not: a text that is not plain is followed by its
		// transliteration, if any.
		for _, plain := range []bool{true, false} {
			texts := []text{{s: s[:len(s)/3], plain: plain}, {s: s[len(s)/3 : len(s)/2], plain: plain}, {s: s[len(s)/2:], plain: plain}}
			var one []string
			for _, x := range texts {
				one = appendWords(one, x.s, true)
				if tr, ok := transliterate(x.s); ok && !plain && !ascii(x.s) {
					one = appendWords(one, tr, true)
				}
			}
			if got := appendTexts(nil, texts); !slices.Equal(got, one) {
				t.Fatalf("appendTexts(%+v) = %q, appendWords text by text gives %q", texts, got, one)
			}
		}
	})
}

// TestSearchWordsEveryEmail: every email of a contact gives its words,
// also a secondary one when there is no primary (a contact a store was
// given as is: the Service promotes the first secondary).
func TestSearchWordsEveryEmail(t *testing.T) {
	c := Contact{FirstName: "Ann", OtherEmails: []LabeledEmail{
		{Email: MustParseEmail("zed.q@example.org")}, {Email: MustParseEmail("ann@bücher.de")},
	}}
	words := SearchWords(&c)
	for _, w := range []string{"ann", "zed", "q", "zedqexampleorg", "example", "org", "xn", "bcher", "bucher"} {
		if !slices.Contains(words, w) {
			t.Errorf("SearchWords = %q, without %q", words, w)
		}
	}
}

// TestSearchWordsAllocations: the words of a contact whose text is Latin
// come from one buffer, the slice of words aside.
func TestSearchWordsAllocations(t *testing.T) {
	c := Contact{
		FirstName: "Jean-Pierre", LastName: "O'Brien-Lévêque", Company: "ACME Corp", JobTitle: "Head of Sales", City: "Lyon",
		Email: MustParseEmail("JP.OBrien@Example.com"), OtherEmails: []LabeledEmail{{Email: MustParseEmail("jp@home.example")}},
	}
	c.Tags = tag.NewSet(tag.MustParseName("VIP"), tag.MustParseName("Salon 2026"))
	dst := make([]string, 0, 64)
	if n := testing.AllocsPerRun(100, func() { dst = AppendSearchWords(dst[:0], &c) }); n > 1 {
		t.Errorf("AppendSearchWords of a Latin contact: %v allocations, want 1", n)
	}
}

// TestFoldScripts: what Fold makes of the scripts and characters it folds
// beyond case and accents.
func TestFoldScripts(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"half-width katakana", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマタ タロウ"},
		{"full-width katakana loses its voiced mark", "ヤマダ", "ヤマタ"},
		{"half-width semi-voiced mark", "ﾊﾟﾝ", "ハン"},
		{"half-width prolonged sound mark", "ｺｰﾋｰ", "コーヒー"},
		{"half-width punctuation", "｢ｱ｣･ｲ", "「ア」・イ"},
		{"modifier letter apostrophe", "Марʼяна", "мар'яна"},
		{"okina", "Hawaiʻi", "hawai'i"},
		{"ayn and hamza of transliteration", "Kaʿba Qurʾan", "ka'ba qur'an"},
		{"n preceded by apostrophe", "ŉ", "'n"},
		{"tatweel", "محـــمد", "محمد"},
		{"Persian yeh and keheh", "علی کریم", "علي كريم"},
		{"alef maksura", "مصطفى", "مصطفي"},
		{"teh marbuta", "فاطمة", "فاطمه"},
		{"hamza forms", "أحمد إبراهيم آمنة", "احمد ابراهيم امنه"},
		{"soft hyphen", "Love\u00adlace", "lovelace"},
		{"zero-width space and word joiner", "Lo\u200bve\u2060lace", "lovelace"},
		{"byte order mark", "\ufeffAda", "ada"},
		{"non-joiner kept in Persian", "علی\u200cاکبر", "علي\u200cاكبر"},
		{"joiner next to a folded letter", "é\u200cé", "ee"},
		{"Cherokee small letters as capitals", "ꮭꭰᏸ", "ᏝᎠᏰ"},
		{"Cherokee capitals stay", "ᏝᎠᏰ", "ᏝᎠᏰ"},
		{"Devanagari keeps its spacing vowel signs", "राम", "राम"},
		{"Devanagari loses its nonspacing signs", "शर्मा", "शरमा"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%+q) = %+q, want %+q", tt.in, got, tt.want)
			}
			if got := Fold(tt.want); got != tt.want {
				t.Errorf("Fold(%+q) = %+q: not folded", tt.want, got)
			}
		})
	}
}

// TestQueryWordsScripts: the words of a query are split on what is not a
// letter, a digit or a mark, after folding.
func TestQueryWordsScripts(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"Devanagari vowel sign", "राम", []string{"राम"}},
		{"Tamil vowel sign and virama", "ராம் குமார்", []string{"ராம", "குமார"}},
		{"Bengali", "রবি", []string{"রবি"}},
		{"enclosing mark", "a\u20ddb", []string{"a\u20ddb"}},
		{"invisible characters", "Love\u00adlace Jean\u200bBaptiste Dela\u2060croix", []string{"lovelace", "jeanbaptiste", "delacroix"}},
		{"modifier apostrophe splits as the apostrophe", "марʼяна", []string{"мар", "яна"}},
		{"tatweel", "محـمد", []string{"محمد"}},
		{"Han query is one word", "小明", []string{"小明"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := QueryWords(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("QueryWords(%+q) = %+q, want %+q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSearchWordsUnspacedSuffixes: a word of a script written without
// spaces gives its suffixes from its letters of such a script, within its
// first maxSuffixes characters; other words give none.
func TestSearchWordsUnspacedSuffixes(t *testing.T) {
	long := strings.Repeat("一二三四五", 4) // 20 characters
	for _, tt := range []struct {
		name string
		c    Contact
		want []string
	}{
		{"Chinese name", Contact{FirstName: "王小明"}, []string{"王小明", "小明", "明"}},
		{"Japanese name", Contact{FirstName: "山田花子"}, []string{"山田花子", "田花子", "花子", "子"}},
		{"Korean name", Contact{FirstName: "김민준"}, []string{"김민준", "민준", "준"}},
		{"katakana, the prolonged sound mark starts none", Contact{FirstName: "ｺｰﾋｰ"}, []string{"コーヒー", "ヒー"}},
		{"Thai", Contact{Company: "ไทยเบฟ"}, []string{"ไทยเบฟ", "ทยเบฟ", "ยเบฟ", "เบฟ", "บฟ", "ฟ"}},
		{"mixed with Latin", Contact{Company: "ACME東京"}, []string{"acme東京", "東京", "京"}},
		{"joined parts", Contact{FirstName: "山田·花子"}, []string{"山田", "花子", "山田花子", "田", "子"}},
		{"Latin, Cyrillic and Devanagari give no suffix", Contact{FirstName: "Ada Ольга राम"}, []string{"ada", "ольга", "राम"}},
		{"a long run from its first 16 characters", Contact{FirstName: long}, func() []string {
			r := []rune(long)
			want := []string{long}
			for i := 1; i < maxSuffixes; i++ {
				if w := string(r[i:]); !slices.Contains(want, w) {
					want = append(want, w)
				}
			}
			return want
		}()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := SearchWords(&tt.c); !slices.Equal(got, tt.want) {
				t.Errorf("SearchWords = %q, want %q", got, tt.want)
			}
		})
	}
}

// A name in a script written without spaces is found typed whole, family
// name first or not; Latin names are not joined.
func TestSearchWordsJoinedUnspacedNames(t *testing.T) {
	for _, tt := range []struct {
		first, last string
		query       string
		found       bool
	}{
		{"明", "王", "王明", true},
		{"明", "王", "明王", true},
		{"민준", "김", "김민준", true},
		{"太郎", "田中", "田中太郎", true},
		{"Ada", "Lovelace", "lovelaceada", false},
		{"明", "Wang", "wang明", false},
	} {
		c := Contact{FirstName: tt.first, LastName: tt.last}
		words := SearchWords(&c)
		q := QueryWords(tt.query)
		found := len(q) == 1 && slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, q[0]) })
		if found != tt.found {
			t.Errorf("%s %s: %q found %v, want %v (words %q)", tt.last, tt.first, tt.query, found, tt.found, words)
		}
	}
}

// FuzzHasApostrophe checks hasApostrophe's two byte searches against its
// definition.
func FuzzHasApostrophe(f *testing.F) {
	for _, s := range []string{"", "o'brien", "o’brien", "obrien", "marʼyana", "\xe2\x80", "\xe2\x80\x98", "’", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasApostrophe(s), strings.ContainsAny(s, apostrophes); got != want {
			t.Fatalf("hasApostrophe(%q) = %v, want %v", s, got, want)
		}
	})
}

// FuzzASCII checks ascii's eight bytes at a time against a byte loop.
func FuzzASCII(f *testing.F) {
	for _, s := range []string{"", "a", "abcdefg", "abcdefgh", "abcdefghé", "éabcdefgh", "abcdefgh\x80", "0123456789abcdef\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := true
		for i := 0; i < len(s); i++ {
			want = want && s[i] < 0x80
		}
		if got := ascii(s); got != want {
			t.Fatalf("ascii(%q) = %v, want %v", s, got, want)
		}
	})
}
