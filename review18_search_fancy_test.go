package contactkit_test

import (
	"slices"
	"testing"
)

// TestReview18SearchMathematicalLetters: S1 "case-insensitive". A name
// written in the styled letters that chat apps' display names use (the
// mathematical bold, italic, script, double-struck … letters of
// U+1D400 to U+1D7FF, and the letterlike ones such as ℋ, ℓ, ℝ), which
// Unicode defines as the plain letters in a style, was found by none of
// its plain spellings ("ada" did not find "𝐀𝐝𝐚"), nor by its own letters
// in the other case ("𝐚𝐝𝐚" did not find "𝐀𝐝𝐚"), as full-width "Ａｄａ" is;
// nor were the small capitals ("ᴍɪʟᴇᴠᴀ") and superscript letters ("ᴬᵈᵃ")
// of the same names.
func TestReview18SearchMathematicalLetters(t *testing.T) {
	search := acc9Seed(t, "FR", []acc9Person{
		{key: "bold", first: "𝐀𝐝𝐚", last: "𝐋𝐨𝐯𝐞𝐥𝐚𝐜𝐞"},
		{key: "script", first: "𝓗𝓮𝓵𝓮𝓷𝓮", last: "ℋ𝑜𝓅𝓅ℯ𝓇", company: "𝔸𝕔𝕞𝕖 𝟚𝟘𝟚𝟞"},
		{key: "greek", first: "𝚺𝛐𝛗𝛊𝛂", tags: []string{"𝖁𝕴𝕻"}},
		{key: "small", first: "ᴍɪʟᴇᴠᴀ", last: "ᴍᴀʀɪᴄ", company: "ꜱᴘᴀᴄᴇ ꞯᴜɪɴᴛᴇᴛ"},
		{key: "super", first: "ᴬᵈᵃ", last: "ᴴᵒᵖᵖᵉʳ"},
		{key: "plain", first: "Ada", last: "Byron"},
	})
	for q, want := range map[string][]string{
		"ada":           {"bold", "plain", "super"},
		"𝐚𝐝𝐚":           {"bold", "plain", "super"},
		"mileva maric":  {"small"},
		"space quintet": {"small"},
		"ᴍᴀʀ":           {"small"},
		"ada hopper":    {"super"},
		"ADA LOVELACE":  {"bold"},
		"𝘈𝘥𝘢 𝘓𝘰𝘷𝘦𝘭𝘢𝘤𝘦": {"bold"},
		"helene hopper": {"script"},
		"acme 2026":     {"script"},
		"σοφια":         {"greek"},
		"vip":           {"greek"},
	} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}
