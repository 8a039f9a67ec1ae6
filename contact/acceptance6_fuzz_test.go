package contact_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/contactkit/contactkit/contact"
)

// FuzzFold checks the documented invariants of Fold, FoldQuery and
// QueryWords: Fold is idempotent, FoldQuery is a canonical form (folding it
// again changes nothing, and its words are the query's), every query word
// is non-empty, folded and without white space, and a contact whose first
// name (or company) is the query matches it: each query word starts a word
// of its SearchText.
func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"", "Hélène", "Straße STRASSE", "İstanbul", "Łódź", "Søren", "Æsir", "Işık", "Ǉubica ǅokić",
		"o'brien jean-pierre", "ada.lovelace@example.com", "ﬁ ﬀ", "ΣΑΣ", "ǰ̌", "\u0345", "ß\u0301",
		"a\u200bb", "ᾼ", "K", "Å", "ς", "\xff\xfe", "Ⅻ", "①", "ǅ\u0301",
		"राम शर्मा", "ராம்", "王小明", "ﾔﾏﾀﾞ", "Марʼяна", "ŉ", "محـمد", "علی\u200cاکبر", "é\u200cé", "Love\u00adlace", "a.\u200bb",
		// Transliterated in a contact's words (review 17).
		"Müller-Lüdenscheidt", "Mu\u0308ller", "Åse \u212bse", "Ödegård Ø", "å\u0308",
	} {
		f.Add(s)
	}
	f.Fuzz(checkFold)
}

// FuzzFoldValidUTF8 is FuzzFold on valid UTF-8 only (what a contact's
// stored text is), so that the fuzzer looks past the failure of
// TestFoldIdempotentOnInvalidUTF8.
func FuzzFoldValidUTF8(f *testing.F) {
	for _, s := range []string{"", "Hélène", "Straße", "İstanbul", "Łódź", "ǅ\u0301", "ΣΑΣ", "ǰ̌", "ﬁ", "Ⅻ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		checkFold(t, s)
	})
}

func checkFold(t *testing.T, s string) {
	t.Helper()
	{
		if len(s) > 2000 {
			return
		}
		f1 := contact.Fold(s)
		if f2 := contact.Fold(f1); f2 != f1 {
			t.Fatalf("Fold is not idempotent: Fold(%q) = %q, Fold of that = %q", s, f1, f2)
		}
		if utf8.ValidString(s) && !utf8.ValidString(f1) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, f1)
		}
		q := contact.FoldQuery(s)
		if q2 := contact.FoldQuery(q); q2 != q {
			t.Fatalf("FoldQuery not canonical: FoldQuery(%q) = %q, again %q", s, q, q2)
		}
		if q != strings.TrimSpace(q) || strings.Contains(q, "  ") {
			t.Fatalf("FoldQuery(%q) = %q: not trimmed or collapsed", s, q)
		}
		words := contact.QueryWords(s)
		if w2 := contact.QueryWords(q); !slices.Equal(words, w2) {
			t.Fatalf("QueryWords(%q) = %q, QueryWords(FoldQuery) = %q", s, words, w2)
		}
		for _, w := range words {
			if w == "" || strings.ContainsAny(w, " \t\n\r\v\f") || contact.Fold(w) != w {
				t.Fatalf("QueryWords(%q) holds %q", s, w)
			}
			if w3 := contact.QueryWords(w); !slices.Equal(w3, []string{w}) {
				t.Fatalf("QueryWords(%q) holds %q, whose QueryWords are %q", s, w, w3)
			}
		}
		for _, c := range []*contact.Contact{{FirstName: s}, {Company: s}} {
			text := contact.SearchText(c)
			for _, w := range words {
				if !strings.Contains(text, " "+w) {
					t.Fatalf("contact %+v: query word %q of %q starts no word of SearchText %q", *c, w, s, text)
				}
			}
		}
	}
}

// TestFoldIdempotentOnInvalidUTF8 (found by FuzzFold): Fold is documented
// as idempotent, but an invalid byte before a capital with an accent keeps
// the accent: Fold("\xf5Ã") = "\ufffdã", and Fold of that is "\ufffda".
// QueryWords gives the unfolded word "ã", which starts no word of any
// SearchText (those are folded to "a"), so a query holding such a byte
// misses contacts. ContactQuery.Text is not checked for UTF-8.
func TestFoldIdempotentOnInvalidUTF8(t *testing.T) {
	s := "\xf5Ã"
	f1 := contact.Fold(s)
	if f2 := contact.Fold(f1); f2 != f1 {
		t.Errorf("Fold(%q) = %q, Fold of that = %q: not idempotent", s, f1, f2)
	}
	for _, w := range contact.QueryWords(s) {
		if contact.Fold(w) != w {
			t.Errorf("QueryWords(%q) holds %q, which is not folded (Fold gives %q)", s, w, contact.Fold(w))
		}
	}
}
