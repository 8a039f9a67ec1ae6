package contact_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/contactkit/contactkit/contact"
)

// found reports whether query finds c by its words (S1).
func found(c *contact.Contact, query string) bool {
	words := contact.QueryWords(query)
	if len(words) == 0 {
		return false
	}
	text := contact.SearchText(c)
	for _, w := range words {
		if !strings.Contains(text, " "+w) {
			return false
		}
	}
	return true
}

// TestReviewSearchSelfFind: a contact is found by its own name typed in
// other case, decomposed, or with the apostrophes and hyphens of other
// keyboards, in many scripts.
func TestReviewSearchSelfFind(t *testing.T) {
	pieces := []string{
		"Hélène", "Dupré", "Œuvre", "Jürgen", "Großmann", "STRAẞE", "Åse", "Bjørn", "Ærø", "Işıl", "İnce", "Istanbul",
		"Οδυσσέας", "ΣΊΣΥΦΟΣ", "Σωκράτης", "Nguyễn", "Thị", "Đặng", "ﬁona", "Ĳssel", "Фёдор", "Йорк", "Пʼятниця",
		"عَلِيّ", "أَحْمَد", "مدرسة", "کریم", "دَاوُد", "לֵוִי", "שָׁלוֹם", "小明", "王", "山田", "ヤマダ", "ﾔﾏﾀﾞ", "김민준", "서연",
		"สมศักดิ์", "ใจดี", "क्षितिज", "शर्मा", "ராம்", "Zoë", "Łódź", "Þór", "ǅokić", "Çelik", "Ștefan", "Şahin", "Ñandú",
		"Paral·lel", "Øresund", "Ŋgoni", "Ǝ", "Ɓello", "Ɗiop", "Ƙano", "ʻOhana", "Māori", "Ħaġar", "Ġużeppi", "Ꞌkali",
		"Ǩemal", "Ɛsi", "Ɔkyere", "Ŧom", "ŉ", "Ǳ", "Ǆ", "Ǉ", "ǈ", "ǋ",
	}
	seps := []string{" ", "-", "'", "’", " ", "\u00a0", "-", "‐", "–"}
	variants := map[string]func(string) string{
		"as typed":   func(s string) string { return s },
		"upper":      strings.ToUpper,
		"lower":      strings.ToLower,
		"title":      func(s string) string { return strings.ToTitle(s) },
		"NFD":        norm.NFD.String,
		"NFKC":       norm.NFKC.String,
		"folded":     contact.Fold,
		"apostrophe": func(s string) string { return strings.NewReplacer("’", "'", "ʼ", "'", "ʻ", "'").Replace(s) },
	}
	r := rand.New(rand.NewPCG(1, 2))
	fails := 0
	for range 3000 {
		var b strings.Builder
		for i := range 1 + r.IntN(3) {
			if i > 0 {
				b.WriteString(seps[r.IntN(len(seps))])
			}
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		name := contact.NormalizeName(b.String())
		c := &contact.Contact{FirstName: name}
		for vn, v := range variants {
			q := v(name)
			if !found(c, q) && fails < 40 {
				fails++
				t.Errorf("%s %q (%+q) does not find %q: query words %q, text %q", vn, q, q, name, contact.QueryWords(q), contact.SearchText(c))
			}
		}
	}
}
