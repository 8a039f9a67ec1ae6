package importer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
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
		{"names and addresses by semicolons", "Ann Lee <b@example.com>; Lee, Bob <c@example.com>",
			[]string{"Ann Lee <b@example.com>", "Lee, Bob <c@example.com>"}},
		{"names and addresses by commas stay one", "Ann <b@example.com>, Bob <c@example.com>",
			[]string{"Ann <b@example.com>, Bob <c@example.com>"}},
		{"a bracket out of place", "b@example.com>; c@example.com", []string{"b@example.com>; c@example.com"}},
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

func TestParseCallingCode(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "" for an error
	}{
		{"33", "FR"}, {"+33", "FR"}, {" +44 ", "GB"}, {"0044", "GB"}, {"1", "US"}, {"+1", "US"}, {"001", "US"},
		{"7", "RU"}, {"91", "IN"}, {"+590", "GP"},
		{"", ""}, {"+", ""}, {"0", ""}, {"033", ""}, {"1234", ""}, {"+999", ""}, {"800", ""}, {"FR", ""}, {"+33 6", ""}, {"3 3", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			c, err := importer.ParseCallingCode(tc.in)
			if tc.want == "" {
				assert.ErrorIs(t, err, contact.ErrPhoneUnknownCountryCode, "got %s", c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.String())
		})
	}
}

// A "Country Code" column is a country or the phones' calling code, as its
// values say; a column of calling codes is found by its header, or by
// values written with "+"; the preview reads the phones of each row in the
// region of its calling code.
func TestSuggestCallingCode(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header string
		values []string
		want   string
	}{
		{"country code of countries", "Country Code", []string{"FR", "BE", "US"}, "country"},
		{"country code of calling codes", "Country Code", []string{"33", "+44", "1"}, "calling_code"},
		{"code pays of calling codes", "Code pays", []string{"33", "32", "41"}, "calling_code"},
		{"country code without values", "Country Code", nil, "country"},
		{"calling code", "Dialling Code", []string{"33", "44"}, "calling_code"},
		{"indicatif", "Indicatif", nil, "calling_code"},
		{"codes with a plus, no header", "Prefix", []string{"+33", "+44", "+1"}, "calling_code"},
		{"numbers without a plus, no header", "Score", []string{"33", "44", "1"}, "ignore"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sample []importer.Row
			for i, v := range tc.values {
				sample = append(sample, importer.Row{Line: i + 2, Cells: []string{v}})
			}
			m := importer.Suggest([]string{tc.header}, sample, nil, &importer.MapOptions{Region: "FR"})
			assert.Equal(t, tc.want, m.Columns[0].Target.String(), "%s", m.Columns[0].Reason)
		})
	}

	sample := sampleRows([]string{"33", "91", "+1"}, []string{"612345678", "9876543210", "2025550147"})
	m := importer.Suggest([]string{"Country Code", "Phone"}, sample, nil, &importer.MapOptions{Region: "FR"})
	require.Equal(t, importer.KindCallingCode, m.Columns[0].Target.Kind)
	p := importer.Preview(m, sample, nil, &importer.MapOptions{Region: "FR"})
	assert.Equal(t, 3, p[0].Parsed, "calling codes")
	assert.Equal(t, 3, p[1].Parsed, "phones, each in its calling code's region")
	rec := m.Record(sample[1])
	assert.Equal(t, "91", rec.CallingCode.Value)
	assert.Empty(t, rec.Country.Value, "a calling code sets no country")
}

// A "Title" or "Titre" column is a courtesy title, not imported, when its
// values are courtesy titles or, without values, when it comes before the
// first name, as Outlook writes it; else it is the job title.
func TestSuggestCourtesyTitle(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header []string
		titles []string // the values of column 0, nil for no sample
		want   string
	}{
		{"French Outlook, values", []string{"Titre", "Prénom"}, []string{"M.", "Mme", "Dr"}, "ignore"},
		{"French Outlook, no values", []string{"Titre", "Prénom"}, nil, "ignore"},
		{"French Outlook, blank values", []string{"Titre", "Prénom"}, []string{"", ""}, "ignore"},
		{"English courtesy titles elsewhere", []string{"Title", "Email"}, []string{"Mr.", "Mrs", "Ms"}, "ignore"},
		{"job titles before the first name", []string{"Title", "First Name"}, []string{"CEO", "Sales Manager"}, "job_title"},
		{"a title alone", []string{"Title", "Email"}, nil, "job_title"},
		{"job titles", []string{"Titre", "Email"}, []string{"Directeur commercial", "Comptable"}, "job_title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sample []importer.Row
			for i, v := range tc.titles {
				sample = append(sample, importer.Row{Line: i + 2, Cells: []string{v, ""}})
			}
			m := importer.Suggest(tc.header, sample, nil, nil)
			assert.Equal(t, tc.want, m.Columns[0].Target.String(), "%s", m.Columns[0].Reason)
			if tc.want == "ignore" {
				require.NotEmpty(t, m.Columns[0].Alternatives)
				assert.Equal(t, importer.KindJobTitle, m.Columns[0].Alternatives[0].Target.Kind, "the job title, offered")
			}
		})
	}
}
