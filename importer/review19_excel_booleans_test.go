package importer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/contactkit/contactkit/importer"
)

// A user who types TRUE or FALSE into a yes/no column of an export (an
// opt-out, the consent of an email, Blocked) in a German Excel gets the
// file saved with WAHR and FALSCH, as a French one saves VRAI and FAUX:
// each reads as the boolean it is.
func TestReview19ExcelBooleanWords(t *testing.T) {
	for _, tt := range []struct {
		value string
		yes   bool
	}{
		{"WAHR", true}, {"wahr", true}, {"FALSCH", false}, {"Falsch", false},
		{"VRAI", true}, {"FAUX", false}, {"TRUE", true}, {"FALSE", false},
	} {
		unsub, ok := importer.ParseConsent(importer.KindUnsubscribed, tt.value)
		assert.True(t, ok, "opt-out %q", tt.value)
		assert.Equal(t, tt.yes, unsub, "opt-out %q", tt.value)

		unsub, ok = importer.ParseConsent(importer.KindConsent, tt.value)
		assert.True(t, ok, "consent %q", tt.value)
		assert.Equal(t, !tt.yes, unsub, "consent %q", tt.value)
		assert.Equal(t, tt.yes, importer.Consented(importer.KindConsent, tt.value), "consented %q", tt.value)

		blocked, ok := importer.ParseBlocked(tt.value)
		assert.True(t, ok, "blocked %q", tt.value)
		assert.Equal(t, tt.yes, blocked, "blocked %q", tt.value)
	}
}
