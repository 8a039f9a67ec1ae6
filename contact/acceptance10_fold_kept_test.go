package contact_test

// Acceptance, round 10 (passes): random strings of the scripts whose folds
// changed last round (Indic marks, half-width kana, Arabic and Persian
// variants, Cherokee, modifier apostrophes, invisibles): Fold is
// idempotent and a contact is found by its own first name.

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

var acc10Runes = []rune("कखगािीुूृेैोौंःँ़्ॐ०१அகாிுெைொ்ｶｷｸﾞﾟｱｲｳｰ･カガキギ王明小ーيىكکهہةۀأإآءئؤ٠۰ـ\u200c\u200d\u200b\u00adʼʻ'’ꭰꭱꮿᎠᎡᏴᏸᏹᏺᏻᏼᏽ abAÉéßİıΣσς 한글ㄱㅏ각ทย่ไ")

func TestAcc10FoldIdempotentAndOwnNameFound(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	bad := 0
	for range 50000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteRune(acc10Runes[rng.IntN(len(acc10Runes))])
		}
		s := b.String()
		f := contact.Fold(s)
		if f2 := contact.Fold(f); f2 != f && bad < 10 {
			bad++
			t.Errorf("Fold not idempotent: %q -> %q -> %q", s, f, f2)
		}
		c := contact.Contact{FirstName: s}
		text := contact.SearchText(&c)
		ws := contact.QueryWords(s)
		for _, w := range ws {
			if !strings.Contains(text, " "+w) && bad < 10 {
				bad++
				t.Errorf("own name %q (%+q) not found: word %q not in %q", s, s, w, text)
			}
		}
	}
}
