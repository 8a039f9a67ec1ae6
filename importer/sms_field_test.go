package importer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// A column "SMS" is Brevo's mobile, or the consent to texts when its
// values are yes and no; a workspace's own field labelled "SMS" comes
// first.
func TestSuggestSMSColumn(t *testing.T) {
	defs := []field.Definition{{Key: field.MustParseKey("sms_ok"), Label: "SMS", Type: field.TypeCheckbox}}
	for _, tt := range []struct {
		value string
		defs  []field.Definition
		want  importer.Target
	}{
		{"+33612345678", nil, importer.Target{Kind: importer.KindPhone, Label: "mobile"}},
		{"yes", nil, importer.Target{Kind: importer.KindConsent, Label: "sms"}},
		{"yes", defs, importer.Target{Kind: importer.KindCustom, Field: field.MustParseKey("sms_ok")}},
		{"+33612345678", defs, importer.Target{Kind: importer.KindCustom, Field: field.MustParseKey("sms_ok")}},
	} {
		m := importer.Suggest([]string{"Email", "SMS"}, []importer.Row{{Line: 2, Cells: []string{"ann@example.com", tt.value}}}, tt.defs, &importer.MapOptions{Region: "FR"})
		assert.Equal(t, tt.want, m.Columns[1].Target, "%q with %d fields: %s", tt.value, len(tt.defs), m.Columns[1].Reason)
	}
}
