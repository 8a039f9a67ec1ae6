package contactkit_test

// Acceptance (twelfth round, issue 9 and DESIGN.md S1): names in many
// scripts and languages, emails and tags, searched as their speakers type
// them. These held when written; they are kept so that they keep holding.

import (
	"slices"
	"strings"
	"testing"
)

func TestAcc12SearchScriptsKept(t *testing.T) {
	search := acc9Seed(t, "FR", []acc9Person{
		{key: "sigma", first: "Σωκράτης", last: "Παπαδόπουλος"},
		{key: "weiss", first: "Hans", last: "Weiß", company: "Großmann GmbH"},
		{key: "ij", first: "IJsbrand", last: "van Dijk"},
		{key: "ij2", first: "Ĳsbrand", last: "Ĳzerman"},
		{key: "dk", first: "Søren", last: "Kierkegaard", company: "Ærø Å/S"},
		{key: "vn", first: "Đặng", last: "Thị Hương"},
		{key: "ko", first: "민준", last: "김"},
		{key: "ja", first: "太郎", last: "山田", company: "ヤマダ電機"},
		{key: "ja2", first: "はなこ", last: "すずき"},
		{key: "ar", first: "مُحَمَّد", last: "أَحْمَد"},
		{key: "he", first: "שָׁלוֹם", last: "כֹּהֵן"},
		{key: "hi", first: "राम", last: "शर्मा"},
		{key: "ob", first: "Seán", last: "O'Brien", email: "sean.obrien@Example.ie", tags: []string{"Key Account", "vip"}},
		{key: "jl", first: "Jean-Luc", last: "Picard", email: "jl+news@starfleet.org", phone: "+33 6 12 34 56 78"},
		{key: "tr", first: "İpek", last: "Yıldız", company: "İstanbul Işık"},
		{key: "emoji", first: "Ada 🦄", last: "Lovelace", tags: []string{"🔥 hot"}},
		{key: "uk", first: "Олександр", last: "Пʼятниця"},
		{key: "th", first: "สมชาย", last: "ใจดี"},
		{key: "dot", first: "J.R.R.", last: "Tolkien", company: "AT&T"},
		{key: "long", first: strings.Repeat("a", 60) + "z", last: "Wolfeschlegelsteinhausenbergerdorff"},
	})
	for q, want := range map[string][]string{
		"σωκρατης": {"sigma"}, "ΣΩΚΡΆΤΗΣ": {"sigma"}, "παπαδοπουλοσ": {"sigma"}, "Σωκρ": {"sigma"},
		"weiss": {"weiss"}, "WEISS": {"weiss"}, "großm": {"weiss"}, "grossmann": {"weiss"},
		"ijsbrand": {"ij", "ij2"}, "ĳsbrand": {"ij", "ij2"}, "van dijk": {"ij"}, "ijzerman": {"ij2"},
		"soren": {"dk"}, "aero": {"dk"}, "ærø": {"dk"}, "dang thi huong": {"vn"}, "hương": {"vn"},
		"김민준": {"ko"}, "민준 김": {"ko"}, "山田太郎": {"ja"}, "電機": {"ja"}, "ヤマダ": {"ja"}, "すずき": {"ja2"},
		"محمد": {"ar"}, "أحمد": {"ar"}, "إحمد": {"ar"}, "שלום": {"he"}, "כהן": {"he"}, "शर्मा": {"hi"}, "शर्म": {"hi"},
		"o’brien": {"ob"}, "O Brien": {"ob"}, "key acc": {"ob"}, "sean.obrien": {"ob"}, "@example.ie": {"ob"},
		"SEAN.OBRIEN@EXAMPLE.IE": {"ob"}, "jl@starfleet.org": {"jl"}, "jl+news": {"jl"}, "jean luc picard": {"jl"},
		"0033 6 12 34 56 78": {"jl"}, "+33 (0)6 12 34 56 78": {"jl"}, "06 12 34 56 78 picard": {"jl"},
		"istanbul": {"tr"}, "İSTANBUL": {"tr"}, "ISTANBUL": {"tr"}, "ipek yildiz": {"tr"}, "ışık": {"tr"},
		"ada 🦄": {"emoji"}, "🔥 hot": {"emoji"}, "🦄": nil, "п'ятниця": {"uk"}, "пятниця": {"uk"},
		"สมชาย ใจดี": {"th"}, "jrr": {"dot"}, "tolkien, j.r.r.": {"dot"}, "at&t": {"dot"}, "att": {"dot"},
		strings.Repeat("a", 61): nil, "wolfeschlegel": {"long"}, "  ada   lovelace  ": {"emoji"}, "lovelace, ada": {"emoji"}, "…": nil,
	} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}
