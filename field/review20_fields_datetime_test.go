package field_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
)

// A datetime is RFC 3339 (doc.go): its offset has hours 00 to 23 and
// minutes 00 to 59. time.Parse reads "+24:00" and "+23:60", which stood
// for instants a day away from any zone; they are refused. RFC 3339 §5.6
// allows "t" and "z" for "T" and "Z", which were refused.
func TestRv20FldDatetimeOffsets(t *testing.T) {
	d := field.Definition{Key: field.MustParseKey("at"), Label: "At", Type: field.TypeDatetime}
	for _, tc := range []struct{ in, want string }{
		{"2024-05-01T10:30:00+23:59", "2024-04-30T10:31:00Z"},
		{"2024-05-01T10:30:00-23:59", "2024-05-02T10:29:00Z"},
		{"2024-05-01T10:30:00+14:00", "2024-04-30T20:30:00Z"},
		{"2024-05-01T10:30:00-00:00", "2024-05-01T10:30:00Z"},
		{"2024-05-01T10:30:00+05:45", "2024-05-01T04:45:00Z"},
		{"2024-05-01t10:30:00z", "2024-05-01T10:30:00Z"},
		{"2024-05-01t10:30:00.25+02:00", "2024-05-01T08:30:00.25Z"},
		{"2024-05-01 10:30:00z", "2024-05-01T10:30:00Z"},
		{"2024-02-29T23:59:59.999999999-01:00", "2024-03-01T00:59:59.999999999Z"},
	} {
		v, err := d.Coerce(tc.in, "")
		require.NoError(t, err, tc.in)
		require.Equal(t, tc.want, v.String(), tc.in)
	}
	for _, in := range []string{
		"2024-05-01T10:30:00+24:00", "2024-05-01T10:30:00-24:00", "2024-05-01T10:30:00+23:60",
		"2024-05-01T10:30:00+00:60", "2024-05-01T10:30:00+25:00", "2024-05-01T10:30:00+99:99",
	} {
		_, err := d.Coerce(in, "")
		require.ErrorIs(t, err, field.ErrInvalidValue, in)
		_, err = field.ParseValue(field.TypeDatetime, in)
		require.ErrorIs(t, err, field.ErrInvalidValue, "ParseValue %s", in)
	}
}
