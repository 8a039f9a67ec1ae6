package importer_test

// Acceptance tests of issue 13, eleventh round, in the importer package:
// the readings of real exports that the round's end-to-end tests (in the
// root package) found wrong, checked where they are made.

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// Mailchimp's UNSUB_TIME and CLEAN_TIME unsubscribe: a date, with a time
// or not, in an unsubscribed column is when the address left.
func TestAcc11UnsubscribedAtATime(t *testing.T) {
	m := importer.Suggest([]string{"Email Address", "UNSUB_TIME", "CLEAN_TIME", "UNSUB_REASON"}, nil, nil, nil)
	for i, want := range []string{"email", "unsubscribed (email)", "unsubscribed (email)", "ignore"} {
		assert.Equal(t, want, m.Columns[i].Target.String(), m.Columns[i].Header)
	}
	for _, v := range []string{"2024-04-04 18:30:12", "2024-04-04T18:30:12Z", "2024-04-04", "4/4/2024 6:30 PM", "yes", "TRUE"} {
		unsub, ok := importer.ParseConsent(importer.KindUnsubscribed, v)
		assert.True(t, ok && unsub, "%q", v)
	}
	for _, v := range []string{"no", "false", "0"} {
		unsub, ok := importer.ParseConsent(importer.KindUnsubscribed, v)
		assert.True(t, ok && !unsub, "%q", v)
	}
	_, ok := importer.ParseConsent(importer.KindUnsubscribed, "maybe")
	assert.False(t, ok)
}

// Google's every-contact group is no tag: "myContacts" in a vCard's
// CATEGORIES, "* My Contacts" in the legacy CSV; a user's own group of
// that name without the system mark is one.
func TestAcc11GoogleAllContactsGroup(t *testing.T) {
	r, err := importer.Open(strings.NewReader("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEMAIL:ann@example.com\r\n"+
		"CATEGORIES:myContacts,Friends,My Contacts\r\nEND:VCARD\r\n"), nil)
	require.NoError(t, err)
	row, err := r.Next()
	require.NoError(t, err)
	m := importer.Suggest(r.Header(), []importer.Row{row}, nil, nil)
	assert.Equal(t, []importer.Cell{{Column: slices.Index(r.Header(), "Categories"), Value: "Friends, My Contacts"}}, m.Record(row).Tags,
		"a card has no system mark: only Google's own spelling is its group")

	m = importer.Suggest([]string{"Name", "Group Membership"}, nil, nil, nil)
	rec := m.Record(importer.Row{Cells: []string{"Ann", "* My Contacts ::: Friends ::: My Contacts"}})
	require.Len(t, rec.Tags, 1)
	assert.Equal(t, "Friends, My Contacts", rec.Tags[0].Value)
}

// A vendor's fax label leaves its phone out; Google's primary mark alone
// is no label.
func TestAcc11GoogleFaxAndPrimaryMark(t *testing.T) {
	m := importer.Suggest([]string{"E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
		"Phone 2 - Value"}, nil, nil, nil)
	rec := m.Record(importer.Row{Cells: []string{"* ", "ann@example.com", "Work Fax", "01 42 68 53 99", "* Mobile", "06 12 34 56 78"}})
	assert.Equal(t, []importer.Cell{{Column: 1, Value: "ann@example.com"}}, rec.Emails)
	assert.Equal(t, []importer.Cell{{Column: 5, Value: "06 12 34 56 78", Label: "mobile", LabelCell: true}}, rec.Phones)
	assert.Equal(t, "", importer.NormalizeLabel("* "))
	assert.Equal(t, "work", importer.NormalizeLabel("* Work"))
}

// A quoted-printable soft line break before a space keeps the space.
func TestAcc11SoftLineBreakBeforeASpace(t *testing.T) {
	r, err := importer.Open(strings.NewReader("BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lee;Ann\r\n"+
		"NOTE;ENCODING=QUOTED-PRINTABLE:organic cotton=\r\n range=\r\n; call=\r\nher\r\nEND:VCARD\r\n"), nil)
	require.NoError(t, err)
	row, err := r.Next()
	require.NoError(t, err)
	i := slices.Index(r.Header(), "Notes")
	assert.Equal(t, "Notes", r.Header()[i])
	assert.Equal(t, "organic cotton range; callher", row.Cells[i])
}

// A column blank in every sampled row takes a single target after the
// columns with values: French Outlook's blank "Profession" does not take
// the job title from its "Titre" of job titles.
func TestAcc11BlankColumnChoosesLast(t *testing.T) {
	header := []string{"Titre", "Prénom", "Nom", "Société", "Titre", "Profession"}
	sample := []importer.Row{{Line: 2, Cells: []string{"Mme", "Ann", "Lee", "Acme", "Gérante", ""}}}
	m := importer.Suggest(header, sample, nil, nil)
	assert.Equal(t, importer.KindIgnore, m.Columns[0].Target.Kind)
	assert.Equal(t, importer.KindJobTitle, m.Columns[4].Target.Kind)
	assert.Equal(t, importer.ReasonTaken, m.Columns[5].Reason.Kind)
	// With a job title in the sample, "Profession" (the stronger alias)
	// takes it, as before.
	sample[0].Cells[5] = "Boulangère"
	m = importer.Suggest(header, sample, nil, nil)
	assert.Equal(t, importer.KindJobTitle, m.Columns[5].Target.Kind)
}

// A property longer than the row cap whose name runs up to the cap, then
// folded into many short lines: its pieces are read and dropped once the
// line is cut (a property the reader skips anyway: no problem of the
// card), and the cards are read whole.
func TestVCardLongPropertyNameThenManyFolds(t *testing.T) {
	const capBytes = 4 << 10
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann\r\nX-A;P=" + strings.Repeat("a", capBytes-9) + ":")
	for range 5000 {
		b.WriteString("\r\n b")
	}
	b.WriteString("\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nN:Orr;Cat\r\nEMAIL:cat@example.com\r\nEND:VCARD\r\n")
	r, err := importer.Open(strings.NewReader(b.String()), &importer.Options{MaxRowBytes: capBytes})
	require.NoError(t, err)
	email := slices.Index(r.Header(), "Email 1")
	row, err := r.Next()
	require.NoError(t, err)
	assert.Equal(t, "ann@example.com", row.Cells[email])
	row, err = r.Next()
	require.NoError(t, err)
	assert.Equal(t, "cat@example.com", row.Cells[email])
}

// A column whose header names its target outright keeps it though it is
// blank in every sampled row: its values come later in the file. Only a
// weaker alias gives way to a column with values.
func TestSuggestBlankColumnOfAnExactHeader(t *testing.T) {
	sample := []importer.Row{{Line: 2, Cells: []string{"ann@example.com", "", "Decision maker"}}, {Line: 3, Cells: []string{"bob@example.com", "", "Influencer"}}}
	m := importer.Suggest([]string{"Email", "Job Title", "Role"}, sample, nil, nil)
	assert.Equal(t, importer.KindJobTitle, m.Columns[1].Target.Kind)
	assert.Equal(t, importer.KindIgnore, m.Columns[2].Target.Kind)
}
