package field

import (
	"math/rand/v2"
	"testing"
	"time"
)

// Validate's fast path agrees with its full pass on every small set of
// definitions and values: duplicates, unknown keys, values of another
// type, values not in canonical form, missing required values, archived
// definitions.
func TestValidSmallAgreesWithValidate(t *testing.T) {
	archived := time.Unix(1, 0)
	pool := []Definition{
		{Key: MustParseKey("vip"), Type: TypeCheckbox, Required: true},
		{Key: MustParseKey("size"), Type: TypeSelect, Options: []Option{{Value: "S"}, {Value: "XL", Hidden: true}}},
		{Key: MustParseKey("budget"), Type: TypeNumber},
		{Key: MustParseKey("nick"), Type: TypeText, Required: true},
		{Key: MustParseKey("nick"), Type: TypeText},
		{Key: MustParseKey("old"), Type: TypeText, Required: true, ArchivedAt: archived},
	}
	values := []struct {
		key string
		v   Value
	}{
		{"vip", newValue(TypeCheckbox, "true")},
		{"vip", newValue(TypeText, "true")},
		{"size", newValue(TypeSelect, "S")},
		{"size", newValue(TypeSelect, "XL")},
		{"size", newValue(TypeSelect, "M")},
		{"budget", newValue(TypeNumber, "12.5")},
		{"budget", newValue(TypeNumber, "012.50")},
		{"nick", newValue(TypeText, "Al")},
		{"nick", Value{}},
		{"old", newValue(TypeText, "x")},
		{"ghost", newValue(TypeText, "boo")},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	agreed := map[bool]int{}
	for range 20_000 {
		var defs []Definition
		for _, d := range pool {
			if rng.IntN(2) == 0 {
				defs = append(defs, d)
			}
		}
		rng.Shuffle(len(defs), func(i, j int) { defs[i], defs[j] = defs[j], defs[i] })
		vals := map[Key]Value{}
		for _, v := range values {
			if rng.IntN(3) == 0 {
				vals[MustParseKey(v.key)] = v.v
			}
		}
		want := validate(defs, vals) == nil
		if got := validSmall(defs, vals); got != want {
			t.Fatalf("validSmall = %v, validate gives %v, for %v and %v", got, validate(defs, vals), defs, vals)
		}
		agreed[want]++
	}
	if agreed[true] < 100 || agreed[false] < 100 {
		t.Fatalf("too few cases of one kind: %v", agreed)
	}
	t.Logf("valid %d, invalid %d", agreed[true], agreed[false])
}
