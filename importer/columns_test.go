package importer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// CheckHeader refuses a mapping made for another header, and takes one
// made for this header or built by hand without headers.
func TestCheckHeader(t *testing.T) {
	suggested := importer.Suggest([]string{"First Name", "Email", "Phone"}, nil, nil, nil)
	byHand := importer.Mapping{Columns: []importer.Column{{Index: 1, Target: importer.Target{Kind: importer.KindEmail}}}}
	for _, tc := range []struct {
		name   string
		m      importer.Mapping
		header []string
		ok     bool
	}{
		{"same header", suggested, []string{"First Name", "Email", "Phone"}, true},
		{"same header, other spelling", suggested, []string{"first name", "E-mail", " PHONE "}, true},
		{"more columns after", suggested, []string{"First Name", "Email", "Phone", "City"}, true},
		{"fewer columns", suggested, []string{"First Name", "Email"}, false},
		{"other order", suggested, []string{"Email", "First Name", "Phone"}, false},
		{"other file", suggested, []string{"Email", "First Name"}, false},
		{"by hand, index in range", byHand, []string{"Name", "Mail"}, true},
		{"by hand, index out of range", byHand, []string{"Mail"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.m.CheckHeader(tc.header)
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, importer.ErrColumn)
		})
	}
}

// Several opt-out and consent columns of one channel all map, and each
// gives its cells: any one that says unsubscribed unsubscribes.
func TestSeveralConsentColumnsOfOneChannel(t *testing.T) {
	header := []string{"Email", "Email Opt Out", "Unsubscribed", "Email Consent", "Email Status"}
	m := importer.Suggest(header, nil, nil, nil)
	require.NoError(t, m.Validate(nil))
	for i, want := range []string{"email", "unsubscribed (email)", "unsubscribed (email)", "consent (email)", "consent (email)"} {
		assert.Equal(t, want, m.Columns[i].Target.String(), "header %q: %s", header[i], m.Columns[i].Reason)
	}
	for _, tc := range []struct {
		name  string
		cells []string
		unsub bool
	}{
		{"none says so", []string{"a@example.com", "false", "no", "subscribed", "subscribed"}, false},
		{"the first opt-out says so", []string{"a@example.com", "true", "no", "subscribed", ""}, true},
		{"the second opt-out says so", []string{"a@example.com", "false", "yes", "", ""}, true},
		{"two consent columns disagree", []string{"a@example.com", "", "", "subscribed", "unsubscribed"}, true},
		{"blank cells say nothing", []string{"a@example.com", "", "", "", ""}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := m.Record(importer.Row{Line: 2, Cells: tc.cells})
			unsub := false
			for _, c := range rec.Consent {
				u, ok := importer.ParseConsent(c.Kind, c.Value)
				require.True(t, ok, "cell %q", c.Value)
				assert.Equal(t, []int{0}, c.Emails, "the cell of column %d is about the row's email", c.Column)
				unsub = unsub || u
			}
			assert.Equal(t, tc.unsub, unsub)
		})
	}
}
