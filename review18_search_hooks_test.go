package contactkit_test

import (
	"slices"
	"testing"
)

// TestReview18SearchLettersWithAHook: S1 "accent-insensitive". The Latin
// letters with a hook or a bar that Unicode does not decompose, those of
// Hausa and Fula (Ɓ, Ɗ, Ƙ, Ƴ), of Ewe (Ɖ, Ƒ, Ʋ) and the like, are found
// typed with their base letters, as Ł, Đ and Ø are ("lodz" finds Łódź):
// "bello" did not find "Ɓello", nor "kabiru" "Ƙabiru".
func TestReview18SearchLettersWithAHook(t *testing.T) {
	search := acc9Seed(t, "NG", []acc9Person{
		{key: "bello", first: "Ɓello", last: "Ɗanjuma", company: "Ƙasa Ltd"},
		{key: "kabiru", first: "Ƙabiru", last: "Ƴusuf", tags: []string{"Ɠwamna"}},
		{key: "ewe", first: "Ɖoe", last: "Ʋiƒe", email: "ɗoe@example.com"},
		{key: "bars", first: "Ƚuis", last: "Ʉlla", company: "Ƈhinedu Ƥlc Ƭrading Ȥ Ɦouse"},
		{key: "plain", first: "Bello", last: "Danjuma"},
	})
	for q, want := range map[string][]string{
		"bello":           {"bello", "plain"},
		"ɓello":           {"bello", "plain"},
		"ƁELLO ƊANJUMA":   {"bello", "plain"},
		"kasa":            {"bello"},
		"kabiru yusuf":    {"kabiru"},
		"gwamna":          {"kabiru"},
		"doe vife":        {"ewe"},
		"ewe":             nil,
		"doe@example.com": {"ewe"},
		"luis ulla":       {"bars"},
		"chinedu plc":     {"bars"},
		"trading z house": {"bars"},
	} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}
