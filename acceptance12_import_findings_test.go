package contactkit_test

// Acceptance tests of issue 13, twelfth round: hostile and odd files
// imported end to end, each checking what a user expects. The tests of
// this file found a defect; each failed before its fix.

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
)

// acc12Contacts returns the primary email and name of every contact.
func acc12Contacts(t *testing.T, svc *contactkit.Service) []string {
	t.Helper()
	var out []string
	for _, c := range accContacts(t, svc) {
		out = append(out, c.Email.String()+" "+c.FirstName+" "+c.LastName)
	}
	return out
}

// A card whose END:VCARD is missing (a file cut and pasted together, an
// exporter that stopped) is followed by whole cards. Expected: the broken
// card fails with its line, and each card after it is a row of its own.
// It was: the next BEGIN:VCARD was read as a card nested in the broken one,
// so every card after it vanished, with no outcome and no count.
func TestAcc12VCardWithoutEndKeepsTheCardsAfterIt(t *testing.T) {
	data := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ash;Ann;;;\r\nEMAIL:ann@example.com\r\n" +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Berg;Bob;;;\r\nEMAIL:bob@example.com\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Cole;Cy;;;\r\nEMAIL:cy@example.com\r\nEND:VCARD\r\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(data), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 3, run.res.Rows, "three cards, three rows: %s", run.outcomes())
	assert.Equal(t, 2, run.res.Created, run.outcomes())
	bad := run.row(t, 1)
	require.Equal(t, contactkit.ImportFailed, bad.Outcome)
	assert.ErrorIs(t, bad.Err, importer.ErrMalformed)
	assert.Equal(t, contactkit.ImportCreated, run.row(t, 5).Outcome)
	assert.Equal(t, contactkit.ImportCreated, run.row(t, 10).Outcome)
	assert.ElementsMatch(t, []string{"bob@example.com Bob Berg", "cy@example.com Cy Cole"}, acc12Contacts(t, svc))
}

// A vCard 2.1 AGENT holds a card inside a card: it is still skipped, and
// the outer card imported.
func TestAcc12VCardAgentStillNested(t *testing.T) {
	data := "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Ash;Ann\r\nEMAIL:ann@example.com\r\nAGENT:\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Friday;Fred\r\nEMAIL:fred@example.com\r\nEND:VCARD\r\n" +
		"TITLE:Boss\r\nEND:VCARD\r\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(data), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 1, run.res.Rows, run.outcomes())
	c := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "Boss", c.JobTitle, "the outer card's properties after the agent")
}

// A quoted-printable value in a CHARSET that no encoding list knows
// ("x-klingon", a typo) cannot be decoded. Expected: the row fails, saying
// its text is not valid (importer.ErrInvalidText), as a CSV row with such
// bytes does. It was: the bytes became U+FFFD and the contact was created
// with a name such as "L\uFFFDe", silently.
func TestAcc12VCardUnknownCharsetIsReported(t *testing.T) {
	data := "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=x-klingon;ENCODING=QUOTED-PRINTABLE:L=E9e;Ann\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:L=E9e;Bob\r\nEMAIL:bob@example.com\r\nEND:VCARD\r\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(data), "FR", nil, nil)
	require.NoError(t, run.err)
	bad := run.row(t, 1)
	require.Equal(t, contactkit.ImportFailed, bad.Outcome, run.outcomes())
	assert.ErrorIs(t, bad.Err, importer.ErrInvalidText)
	assert.Equal(t, []string{"bob@example.com Bob Lée"}, acc12Contacts(t, svc), "a known charset is decoded")
	for _, c := range acc12Contacts(t, svc) {
		assert.NotContains(t, c, "\uFFFD")
	}
}

// A cell of a workbook that names a shared string the workbook does not
// hold (a file broken by a tool that rewrote the strings part) has no
// value anyone can tell. Expected: the row fails, naming the file as
// malformed, so that the user sees it. It was: the cell read blank, and
// the row was imported without that value, silently (a contact without
// its name here).
func TestAcc12XLSXSharedStringOutOfRange(t *testing.T) {
	data := acc2Build(t, acc2Book{
		shared: []string{`<t>First Name</t>`, `<t>Email</t>`, `<t>Ann</t>`, `<t>ann@example.com</t>`, `<t>bob@example.com</t>`},
		sheets: []acc2Sheet{{name: "Sheet1", part: "worksheets/sheet1.xml", rows: `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>` +
			`<row r="3"><c r="A3" t="s"><v>99</v></c><c r="B3" t="s"><v>4</v></c></row>`}},
	})
	svc := accService("FR")
	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Rows, run.outcomes())
	assert.Equal(t, contactkit.ImportCreated, run.row(t, 2).Outcome)
	bad := run.row(t, 3)
	require.Equal(t, contactkit.ImportFailed, bad.Outcome, run.outcomes())
	assert.ErrorIs(t, bad.Err, importer.ErrMalformed)
	assert.Equal(t, []string{"ann@example.com Ann "}, acc12Contacts(t, svc))
	assert.Contains(t, run.failed.String(), "bob@example.com", "the failed row goes to the failed-rows file")
	var re *contactkit.ImportRowError
	assert.True(t, errors.As(bad.Err, &re) && strings.Contains(re.Error(), "99"), "the message names the index: %v", bad.Err)
}

// A host checks the reason of every row the way the package says to,
// errors.Is(row.Err, contact.ErrInvalidPhone), without first asking whether
// the row failed. Expected: false for a row that did not fail. It was: a
// panic, as the nil *ImportRowError of a created row, once an error, was
// unwrapped.
func TestAcc12RowErrIsOfARowThatDidNotFail(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, []byte("Email,Phone\nann@example.com,0612345678\nbob@example.com,12\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	var invalid []int
	assert.NotPanics(t, func() {
		for _, x := range run.rows {
			if errors.Is(x.Err, contact.ErrInvalidPhone) {
				invalid = append(invalid, x.Line)
			}
		}
	})
	assert.Equal(t, []int{3}, invalid, run.outcomes())
	var none *contactkit.ImportRowError
	assert.NotPanics(t, func() { _ = none.Error() }, "a nil *ImportRowError prints as an error value does")
}

// Outlook's vCard 2.1 in Windows-1252 writes its notes quoted-printable
// without a CHARSET: "=E9" is the "é" of the file's encoding. Expected:
// the note reads "Rencontrée à Seattle". It was: each such byte was read
// as UTF-8, and the note stored with U+FFFD in place of its accents.
func TestAcc12VCardQuotedPrintableInTheFilesEncoding(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lefèvre;Zoë\r\nEMAIL;PREF;INTERNET:zoe@contoso.com\r\n" +
		"NOTE;ENCODING=QUOTED-PRINTABLE:Rencontr=E9e =E0 Seattle\r\nEND:VCARD\r\n"
	data, err := charmapEncode(card)
	require.NoError(t, err)
	svc := accService("FR")
	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	c := accByEmail(t, svc, "zoe@contoso.com")
	assert.Equal(t, "Lefèvre", c.LastName)
	assert.Equal(t, []string{"Rencontrée à Seattle"}, accNotes(t, svc, c.ID))

	// A card whose only accents are quoted-printable: the file is ASCII.
	ascii := "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:Lef=E8vre;Zo=EB\r\nEMAIL:zoe@contoso.com\r\nEND:VCARD\r\n"
	svc = accService("FR")
	run = accImport(t, svc, []byte(ascii), "FR", nil, nil)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	c = accByEmail(t, svc, "zoe@contoso.com")
	assert.Equal(t, "Zoë Lefèvre", c.FirstName+" "+c.LastName)
}

// A workbook whose first sheet is hidden (a lookup table of codes, as
// templates keep one) and whose contacts are on the sheet the user sees.
// Expected: the sheet the user sees is imported. It was: the hidden
// sheet, its codes taken for the countries of contacts without a name,
// and not one contact of the visible sheet.
func TestAcc12XLSXHiddenFirstSheet(t *testing.T) {
	is := func(ref, s string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	data := acc2Build(t, acc2Book{sheets: []acc2Sheet{
		{name: "Lookup", part: "worksheets/sheet1.xml", state: "hidden", rows: `<row r="1">` + is("A1", "Codes") + `</row><row r="2">` + is("A2", "FR") + `</row>`},
		{name: "Contacts", part: "worksheets/sheet2.xml", rows: `<row r="1">` + is("A1", "First Name") + is("B1", "Email") + `</row>` +
			`<row r="2">` + is("A2", "Ann") + is("B2", "ann@example.com") + `</row>`},
	}})
	svc := accService("FR")
	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, []string{"First Name", "Email"}, run.header)
	assert.Equal(t, 1, run.res.Created, run.outcomes())
	assert.Equal(t, []string{"ann@example.com Ann "}, acc12Contacts(t, svc))
}

// The failed-rows file imported again before every row is fixed, as a
// user goes at it in several passes. Expected: its own failed-rows file is
// the same file, one "Import error" column with the reasons of this run.
// It was: each pass added another "Import error" column, the reasons of
// every earlier run kept beside the new ones (a phone fixed long ago still
// said to be wrong), and a row of the right length made ragged.
func TestAcc12FailedRowsFileOfAFailedRowsFile(t *testing.T) {
	svc := accService("FR")
	first := acc12Run(t, svc, []byte("First Name;Email;Phone\nAnn;ann@example.com;0612\nBob;bob@example.com;0612345678;extra\n"), contactkit.ImportOptions{})
	require.NoError(t, first.err)
	require.Equal(t, 2, first.res.Failed, first.outcomes())
	second := acc12Run(t, svc, first.failed.Bytes(), contactkit.ImportOptions{})
	require.NoError(t, second.err)
	require.Equal(t, 2, second.res.Failed, second.outcomes())
	want := strings.Split(first.failed.String(), "\n")
	got := strings.Split(second.failed.String(), "\n")
	require.Len(t, got, 4, second.failed.String())
	assert.Equal(t, want[:2], got[:2], "the header and the row with a bad cell")
	assert.Equal(t, `Bob;bob@example.com;0612345678;extra;"cell count differs from the header: 5 cells, header has 4"`, got[2],
		"a ragged row keeps its cells and gets this run's reason only")
}
