package field

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRv22x1OptionIndexAgreesWithMatchOption: the index a multiselect input
// is read with from its second part on finds, for every input and mode,
// what a pass over the options finds: the same value or the same error.
// Values and labels differ by case, by folds outside ASCII (the Kelvin
// sign, ß and ẞ, σ and ς), by white space and NFC; some are hidden, some
// labels are shared.
func TestRv22x1OptionIndexAgreesWithMatchOption(t *testing.T) {
	pieces := []string{"a", "A", "k", "K", "\u212a", "ß", "ẞ", "σ", "ς", "Σ", "é", "É", "e\u0301", " ", "1", "\xff", "\ufffd"}
	word := func(r *rand.Rand) string {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	r := rand.New(rand.NewPCG(22, 1))
	for round := range 300 {
		opts := make([]Option, 1+r.IntN(8))
		for i := range opts {
			opts[i] = Option{Value: word(r), Hidden: r.IntN(4) == 0}
			if r.IntN(2) == 0 {
				opts[i].Label = word(r)
			}
		}
		x := newOptionIndex(opts)
		for range 40 {
			in := word(r)
			if r.IntN(3) == 0 {
				in = opts[r.IntN(len(opts))].Value
			}
			for _, mode := range []matchMode{matchVisible, matchStored, matchConvert} {
				want, wantErr := matchOption(opts, in, mode)
				got, gotErr := x.match(in, mode)
				if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
					t.Fatalf("round %d, options %+v, input %+q, mode %d: index gives %+q, %v; a pass gives %+q, %v", round, opts, in, mode, got, gotErr, want, wantErr)
				}
			}
		}
	}
}

func TestRv22x1FoldKeyIsEqualFold(t *testing.T) {
	pieces := []string{"a", "A", "k", "K", "\u212a", "ß", "ẞ", "σ", "ς", "Σ", "ǅ", "ǆ", "Ǆ", "i", "İ", "ı", "\xff", "\ufffd", ""}
	for _, a := range pieces {
		for _, b := range pieces {
			for _, c := range pieces {
				s, u := a+c, b+c
				if got, want := foldKey(s) == foldKey(u), strings.EqualFold(s, u); got != want {
					t.Errorf("foldKey(%+q) == foldKey(%+q) is %t, EqualFold %t", s, u, got, want)
				}
			}
		}
	}
}
