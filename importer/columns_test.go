package importer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
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

// An email cell that lists several addresses gives one each; a cell that
// a separator cannot split without doubt is one value.
func TestRecordEmailCellOfSeveralAddresses(t *testing.T) {
	m := importer.Suggest([]string{"Email", "Additional email addresses"}, nil, nil, nil)
	require.Equal(t, "email", m.Columns[1].Target.String(), "%s", m.Columns[1].Reason)
	for _, tc := range []struct {
		name, cell string
		want       []string
	}{
		{"semicolons", "b@example.com;c@example.com", []string{"b@example.com", "c@example.com"}},
		{"semicolons and spaces", " b@example.com ; c@example.com ;", []string{"b@example.com", "c@example.com"}},
		{"commas", "b@example.com, c@example.com", []string{"b@example.com", "c@example.com"}},
		{"Google's separator and semicolons", "b@example.com ::: c@example.com;d@example.com", []string{"b@example.com", "c@example.com", "d@example.com"}},
		{"one address", "b@example.com", []string{"b@example.com"}},
		{"a name with a comma", "Lee, Ann <b@example.com>", []string{"Lee, Ann <b@example.com>"}},
		{"a part without @", "b@example.com;n/a", []string{"b@example.com;n/a"}},
		{"blank", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := m.Record(importer.Row{Line: 2, Cells: []string{"a@example.com", tc.cell}})
			var got []string
			for _, c := range rec.Emails[1:] {
				assert.Equal(t, 1, c.Column)
				got = append(got, c.Value)
			}
			assert.Equal(t, tc.want, got)
		})
	}
	// The preview counts a cell of several addresses that all parse.
	sample := []importer.Row{{Line: 2, Cells: []string{"a@example.com", "b@example.com;c@example.com"}}}
	p := importer.Preview(m, sample, nil, nil)
	assert.Equal(t, 1, p[1].Parsed)
	// Suggest finds such a column by its values too.
	m = importer.Suggest([]string{"Email", "Others"}, sample, nil, nil)
	assert.Equal(t, "email", m.Columns[1].Target.String(), "%s", m.Columns[1].Reason)
}

// Mapping.Dates is known for a column of dates that Suggest offers as an
// alternative only, so that the caller may map it with Set; a column not
// mapped to a date does not overrule the mapped ones.
func TestSuggestDateOrderOfUnmappedDateColumns(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header []string
		cols   [][]string
		region string
		want   field.DateOrder
	}{
		{"an alternative tells day first", []string{"Email", "Né le"},
			[][]string{{"a@example.com", "b@example.com"}, {"01/03/1990", "13/03/1990"}}, "US", field.DayFirst},
		{"an alternative tells month first", []string{"Email", "Signed"},
			[][]string{{"a@example.com", "b@example.com"}, {"03/01/1990", "03/13/1990"}}, "FR", field.MonthFirst},
		{"an alternative tells nothing: the region", []string{"Email", "Signed"},
			[][]string{{"a@example.com", "b@example.com"}, {"03/01/1990", "04/02/1990"}}, "US", field.MonthFirst},
		{"no dates at all", []string{"Email", "Note"},
			[][]string{{"a@example.com", "b@example.com"}, {"hello", "world"}}, "US", field.ISODate},
		{"the mapped birthday tells, the other column disagrees", []string{"Birthday", "Signed"},
			[][]string{{"01/03/1990", "13/03/1990"}, {"03/13/1990", "03/01/1990"}}, "US", field.DayFirst},
		{"the mapped birthday tells nothing, the other column does", []string{"Birthday", "Signed"},
			[][]string{{"01/03/1990", "02/03/1990"}, {"03/13/1990", "03/01/1990"}}, "FR", field.MonthFirst},
		{"the mapped birthday tells nothing, the others disagree", []string{"Birthday", "Signed", "Paid"},
			[][]string{{"01/03/1990", "02/03/1990"}, {"03/13/1990", "03/01/1990"}, {"13/03/1990", "01/03/1990"}}, "FR", field.DayFirst},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := sampleRows(tc.cols...)
			m := importer.Suggest(tc.header, rows, nil, &importer.MapOptions{Region: tc.region})
			assert.Equal(t, tc.want, m.Dates, "%s", m.DatesReason)
		})
	}

	// Picked with Set, the column's dates parse in the preview.
	rows := sampleRows([]string{"a@example.com", "b@example.com"}, []string{"01/03/1990", "13/03/1990"})
	m := importer.Suggest([]string{"Email", "Né le"}, rows, nil, &importer.MapOptions{Region: "FR"})
	require.NotEmpty(t, m.Columns[1].Alternatives)
	require.Equal(t, importer.KindBirthDate, m.Columns[1].Alternatives[0].Target.Kind)
	require.NoError(t, m.Set(1, m.Columns[1].Alternatives[0].Target))
	assert.Equal(t, 2, importer.Preview(m, rows, nil, &importer.MapOptions{Region: "FR"})[1].Parsed)
}
