package importer_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
)

// A phone cell in scientific notation, as a spreadsheet writes a long
// number it keeps as a number, is refused with an error that says so,
// which still matches contact.ErrInvalidPhone; other cells read as before.
func TestParsePhoneScientificNotation(t *testing.T) {
	for _, m := range []importer.Mapping{{}, {PlusDropped: true}} {
		for _, tt := range []struct {
			cell       string
			scientific bool // refused as scientific notation
			want       string
		}{
			{cell: "3.36123E+10", scientific: true},
			{cell: " 3,36123E+10 ", scientific: true},
			{cell: "3.3612345678E+10", scientific: true},
			{cell: "6.12345678e8", scientific: true},
			{cell: "4.47911E+11", scientific: true},
			{cell: "1E+10", scientific: true},
			{cell: "-3.3E+10", scientific: true},
			{cell: "+33 6 12 34 56 78", want: "+33612345678"},
			{cell: "06 12 34 56 78", want: "+33612345678"},
			{cell: "E+10"},
			{cell: "3.36E"},
			{cell: "3.E+10"},
			{cell: "not a phone"},
			{cell: "12e3 ext"},
		} {
			p, err := m.ParsePhone(tt.cell, "FR")
			if tt.want != "" {
				require.NoError(t, err, "%q", tt.cell)
				assert.Equal(t, tt.want, p.String())
				continue
			}
			require.ErrorIs(t, err, contact.ErrInvalidPhone, "%q", tt.cell)
			assert.Equal(t, tt.scientific, errors.Is(err, importer.ErrScientificNotation), "%q: %v", tt.cell, err)
			if tt.scientific {
				assert.Contains(t, err.Error(), "format the column as text")
				pe, ok := errors.AsType[*contact.ParseError](err)
				require.True(t, ok)
				assert.Equal(t, "phone", pe.Field)
			}
		}
	}
}
