package merge_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
)

// TestDetectHoldingsAgreesWithDetect: the groups found from the holdings
// of a workspace, in any order, are those Detect finds over its contacts
// listed by ID.
func TestDetectHoldingsAgreesWithDetect(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 2000 {
		entries, opts := workspace(r) // in ascending order of ID
		holders := map[string][]merge.Holder{}
		for _, e := range entries {
			for _, k := range e.Keys {
				if hs := holders[k]; len(hs) == 0 || hs[len(hs)-1].Contact != e.ID {
					holders[k] = append(hs, merge.Holder{Contact: e.ID, Variant: r.IntN(2) == 0})
				}
			}
		}
		var holdings []merge.Holding
		for k, hs := range holders {
			holdings = append(holdings, merge.Holding{Key: k, Holders: hs})
		}
		for _, h := range holdings {
			r.Shuffle(len(h.Holders), func(a, b int) { h.Holders[a], h.Holders[b] = h.Holders[b], h.Holders[a] })
		}
		r.Shuffle(len(holdings), func(a, b int) { holdings[a], holdings[b] = holdings[b], holdings[a] })
		require.Equal(t, merge.Detect(entries, opts), merge.DetectHoldings(holdings, opts), "workspace %d", i)
	}
}

func TestHoldChanges(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	person := func(email string, others ...string) *contact.Contact {
		c := &contact.Contact{ID: contact.ID{1}, Status: contact.StatusActive, Email: contact.MustParseEmail(email)}
		for _, o := range others {
			c.OtherEmails = append(c.OtherEmails, contact.LabeledEmail{Email: contact.MustParseEmail(o), Label: contact.LabelWork})
		}
		return c
	}
	blocked := person("ann+x@gmail.com")
	blocked.Status = contact.StatusBlocked
	trashed := person("ann+x@gmail.com")
	trashed.DeletedAt = now
	held := func(k string, variant bool) merge.HoldChange {
		return merge.HoldChange{Hold: merge.Hold{Key: k, Variant: variant}, Held: true}
	}
	dropped := func(k string) merge.HoldChange { return merge.HoldChange{Hold: merge.Hold{Key: k}} }
	tests := []struct {
		name          string
		before, after *contact.Contact
		want          []merge.HoldChange
	}{
		{"CreatedAsIs", nil, person("ann@gmail.com"), []merge.HoldChange{held("email:ann@gmail.com", false)}},
		{"CreatedVariant", nil, person("A.nn+x@googlemail.com"), []merge.HoldChange{held("email:ann@gmail.com", true)}},
		{"BothFormsAreOneVariantHold", nil, person("ann@gmail.com", "ann+x@gmail.com"), []merge.HoldChange{held("email:ann@gmail.com", true)}},
		{"Unchanged", person("ann+x@gmail.com"), person("ann+x@gmail.com"), nil},
		{"OtherVariantOfTheSameKey", person("ann+x@gmail.com"), person("ann+y@gmail.com"), nil},
		{"VariantToAsIs", person("ann+x@gmail.com"), person("ann@gmail.com"), []merge.HoldChange{held("email:ann@gmail.com", false)}},
		{"NewKey", person("ann@gmail.com"), person("bob@work.com"), []merge.HoldChange{held("email:bob@work.com", false), dropped("email:ann@gmail.com")}},
		{"Blocked", person("ann+x@gmail.com"), blocked, []merge.HoldChange{dropped("email:ann@gmail.com")}},
		{"Unblocked", blocked, person("ann+x@gmail.com"), []merge.HoldChange{held("email:ann@gmail.com", true)}},
		{"Trashed", person("ann+x@gmail.com"), trashed, []merge.HoldChange{dropped("email:ann@gmail.com")}},
		{"Erased", person("ann+x@gmail.com", "cy@work.com"), nil, []merge.HoldChange{dropped("email:ann@gmail.com"), dropped("email:cy@work.com")}},
		{"PhonesHoldNothing", nil, &contact.Contact{ID: contact.ID{1}, Phone: contact.MustParsePhone("+33612345678", "")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := merge.HoldChanges(tt.before, tt.after)
			assert.ElementsMatch(t, tt.want, got)
		})
	}
}

func TestHoldingSet(t *testing.T) {
	var h merge.Holding
	a, b := contact.ID{1}, contact.ID{2}
	h.Set(a, merge.HoldChange{Hold: merge.Hold{Variant: true}, Held: true})
	assert.True(t, h.Needed())
	assert.False(t, h.Shared())
	h.Set(b, merge.HoldChange{Held: true})
	assert.True(t, h.Shared())
	h.Set(a, merge.HoldChange{Held: true}) // now holds it as is only
	assert.False(t, h.Needed(), "no variant holds it")
	h.Set(a, merge.HoldChange{})
	assert.Equal(t, []merge.Holder{{Contact: b}}, h.Holders)
}
