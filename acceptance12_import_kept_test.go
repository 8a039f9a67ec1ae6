package contactkit_test

// Acceptance tests of issue 13, twelfth round, that hold: hostile files
// through the whole import, the dry run, a cancel and a retry, and the
// failed-rows file fixed and imported again.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/importer"
)

// acc12Hostile is a CSV file with most of what goes wrong in one: a BOM,
// CRLF and LF mixed, a quoted cell over lines, a quote inside an
// unquoted cell, a row too long and one too short, a duplicate after
// normalisation, a bad phone, a bad email, a blank line and a line of
// delimiters, a NUL, a BOM in a cell, a note, and a last row with a
// quoted newline and no final newline.
const acc12Hostile = "\ufeffFirst Name,Last Name,Email,Phone,Notes\r\n" +
	"Ann,Ash,ann@example.com,06 12 34 56 78,\"called\r\ntwice\"\r\n" +
	"Bo\"b,Berg,bob@example.com,0645678901,\n" +
	"Cy,Cole,cy@example.com,0612,\n" +
	"Di,Dahl,not-an-email,,\n" +
	"Ed,Eck,ed@example.com,0623456789,x,extra\n" +
	"Fay,Fox,fay@example.com\n" +
	"\n" +
	",,,,\n" +
	"Ann2,Ash,ANN@Example.com ,,\n" +
	"G\x00us,Gray,\ufeffgus@example.com,,\n" +
	"Hal,Hunt,hal@example.com,0634567890,\"last\nline\""

// acc12Run imports data into svc with opts and records every outcome.
func acc12Run(t *testing.T, svc *contactkit.Service, data []byte, opts contactkit.ImportOptions) *accRun {
	t.Helper()
	return accImport(t, svc, data, "FR", &opts, nil)
}

// The promise on a hostile file: every row has one outcome, the counts
// add up, each failed row names its line, and the dry run reports exactly
// what the real run then does, failed-rows file included.
func TestAcc12HostileCSVDryRunIsTheRealRun(t *testing.T) {
	svc := accService("FR")
	dry := acc12Run(t, svc, []byte(acc12Hostile), contactkit.ImportOptions{DryRun: true, BatchSize: 3})
	require.NoError(t, dry.err)
	assert.Empty(t, accContacts(t, svc), "a dry run writes nothing")
	real := acc12Run(t, svc, []byte(acc12Hostile), contactkit.ImportOptions{BatchSize: 3})
	require.NoError(t, real.err)

	assert.Equal(t, real.outcomes(), dry.outcomes())
	assert.Equal(t, real.failed.String(), dry.failed.String())
	dry.res.DryRun = false
	assert.Equal(t, real.res, dry.res)

	assert.Equal(t, "2:created; 4:created; 5:failed; 6:failed; 7:failed; 8:failed; 11:skipped(duplicate of an earlier row); 12:created; 13:created; ",
		regexpErr.ReplaceAllString(real.outcomes(), ""), real.outcomes())
	assert.Equal(t, 9, real.res.Rows)
	for _, x := range real.rows {
		if x.Outcome == contactkit.ImportFailed {
			require.NotNil(t, x.Err)
			assert.Equal(t, x.Line, x.Err.Line)
		}
	}
	bob := accByEmail(t, svc, "bob@example.com")
	assert.Equal(t, `Bo"b`, bob.FirstName, "a quote inside an unquoted cell is kept")
	gus := accByEmail(t, svc, "gus@example.com")
	assert.Equal(t, "Gus", gus.FirstName, "the NUL is no part of the name")
	hal := accByEmail(t, svc, "hal@example.com")
	assert.Equal(t, []string{"last\nline"}, accNotes(t, svc, hal.ID), "the last row, without a final newline")
	ann := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, []string{"called\r\ntwice"}, accNotes(t, svc, ann.ID))
}

var regexpErr = regexp.MustCompile(`\[[^\]]*\]`)

// A cancel in the middle of the file, then the same file imported again:
// the batches done stay done, the import says where it stopped, and the
// second run creates nothing twice and adds no note twice.
func TestAcc12CancelThenImportTheSameFileAgain(t *testing.T) {
	svc := accService("FR")
	var b strings.Builder
	b.WriteString("First Name,Email,Notes\n")
	for i := range 20 {
		fmt.Fprintf(&b, "P%d,p%d@example.com,note %d\n", i, i, i)
	}
	data := []byte(b.String())

	ctx, cancel := context.WithCancel(context.Background())
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	m := importer.Suggest(r.Header(), nil, nil, &importer.MapOptions{Region: "FR"})
	res, err := svc.Import(ctx, accOwner, r, m, &contactkit.ImportOptions{BatchSize: 4, Progress: func(p contactkit.ImportProgress) {
		if p.Batches == 2 {
			cancel()
		}
	}})
	stopped, ok := errors.AsType[*contactkit.ImportStoppedError](err)
	require.True(t, ok, "%v", err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 8, res.Created)
	assert.Equal(t, 10, stopped.Line, "rows 2–9 imported, line 10 the first not")
	assert.Equal(t, 10, res.StoppedAt)
	assert.Len(t, accContacts(t, svc), 8)

	again := acc12Run(t, svc, data, contactkit.ImportOptions{BatchSize: 4})
	require.NoError(t, again.err)
	assert.Equal(t, 12, again.res.Created, again.outcomes())
	assert.Equal(t, 8, again.res.Updated)
	assert.Len(t, accContacts(t, svc), 20)
	for i := range 20 {
		c := accByEmail(t, svc, fmt.Sprintf("p%d@example.com", i))
		assert.Equal(t, []string{fmt.Sprintf("note %d", i)}, accNotes(t, svc, c.ID), "no note twice")
	}
}

// The failed-rows file of a semicolon file, fixed as a user fixes it in a
// spreadsheet (the bad cells corrected, the "Import error" column left),
// imports its rows, and only those.
func TestAcc12FailedRowsFixedAndImportedAgain(t *testing.T) {
	data := "Prénom;Nom;E-mail;Téléphone\r\n" +
		"Zoë;Ash;zoe@example.com;06 12 34 56 78\r\n" +
		"Luc;Berg;luc@example;0645678901\r\n" +
		"Léa;Cole;lea@example.com;0612\r\n" +
		"Noé;Dahl;noe@example.com;06 98 76 54 32;x\r\n"
	svc := accService("FR")
	run := acc12Run(t, svc, []byte(data), contactkit.ImportOptions{})
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	require.Equal(t, 3, run.res.Failed)

	failed := run.failed.String()
	assert.True(t, strings.HasPrefix(failed, "\ufeffPrénom;Nom;E-mail;Téléphone;Import error"), failed)
	fixed := strings.NewReplacer("luc@example;", "luc@example.com;", ";0612;", ";0623456789;", ";06 98 76 54 32;x;", ";06 98 76 54 32;").Replace(failed)
	second := acc12Run(t, svc, []byte(fixed), contactkit.ImportOptions{})
	require.NoError(t, second.err)
	assert.Equal(t, 3, second.res.Created, "fixed:\n%s\n%s\n%s", fixed, second.outcomes(), second.mappingText())
	assert.Equal(t, 0, second.res.Failed)
	assert.Equal(t, "ignore", second.target("Import error").String())
	assert.Len(t, accContacts(t, svc), 4)
	assert.Equal(t, "+33623456789", accByEmail(t, svc, "lea@example.com").Phone.String())
}

// A zip bomb in the middle of a workbook's sheet, imported with a cap:
// the rows before it are imported, and the import stops with a typed
// error that says where, the counts adding up to the rows read; a dry run
// says the same.
func TestAcc12XLSXBombMidSheetStopsWithWhere(t *testing.T) {
	is := func(ref, s string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	rows := `<row r="1">` + is("A1", "First Name") + is("B1", "Email") + `</row>` +
		`<row r="2">` + is("A2", "Ann") + is("B2", "ann@example.com") + `</row>` +
		`<row r="3">` + is("A3", strings.Repeat("0", 8<<20)) + is("B3", "bob@example.com") + `</row>` +
		`<row r="4">` + is("A4", "Cy") + is("B4", "cy@example.com") + `</row>`
	data := acc2Build(t, acc2Book{sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: rows}}})
	require.Less(t, len(data), 256<<10)
	for _, dry := range []bool{true, false} {
		svc := accService("FR")
		r, err := importer.Open(bytes.NewReader(data), &importer.Options{MaxDecompressedBytes: 2 << 20})
		require.NoError(t, err)
		m := importer.Suggest(r.Header(), nil, nil, &importer.MapOptions{Region: "FR"})
		var lines []int
		res, err := svc.Import(context.Background(), accOwner, r, m, &contactkit.ImportOptions{DryRun: dry, OnRow: func(x contactkit.ImportRow) { lines = append(lines, x.Line) }})
		require.ErrorIs(t, err, importer.ErrLimit, "dry %v", dry)
		stopped, ok := errors.AsType[*contactkit.ImportStoppedError](err)
		require.True(t, ok)
		assert.Equal(t, 3, stopped.Line, "the row that could not be read")
		assert.Equal(t, []int{2}, lines)
		assert.Equal(t, 1, res.Rows)
		assert.Equal(t, 1, res.Created)
	}
}

// Odd shapes of CSV files, each imported end to end: what a user expects
// of each, checked on the contacts it gives.
func TestAcc12OddCSVShapes(t *testing.T) {
	utf16LE := func(s string) []byte {
		var b []byte
		for _, r := range utf16.Encode([]rune(s)) {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	for _, tc := range []struct {
		name     string
		data     []byte
		contacts []string // email, first name, last name
		rows     int
	}{
		{"header only", []byte("Email,First Name\n"), nil, 0},
		{"header only, no newline", []byte("Email,First Name"), nil, 0},
		{"single column", []byte("Email\nann@example.com\nbob@example.com\n"), []string{"ann@example.com  ", "bob@example.com  "}, 2},
		{"empty header cell", []byte("Email,,First Name\nann@example.com,zz,Ann\n"), []string{"ann@example.com Ann "}, 1},
		{"duplicate header: the second is ignored", []byte("First Name,First Name,Email\nAnn,Anna,ann@example.com\n"), []string{"ann@example.com Ann "}, 1},
		{"trailing delimiters", []byte("Email,First Name,\nann@example.com,Ann,\n"), []string{"ann@example.com Ann "}, 1},
		{"BOM inside cells", []byte("Email,First Name\n\ufeffann@example.com,\ufeffAnn\n"), []string{"ann@example.com Ann "}, 1},
		{"CR line ends", []byte("Email,First Name\rann@example.com,Ann\rbob@example.com,Bob\r"), []string{"ann@example.com Ann ", "bob@example.com Bob "}, 2},
		{"tabs with quotes", []byte("Email\tFirst Name\tLast Name\nann@example.com\t\"Ann\"\t\"O\"\"Neil\"\n"), []string{`ann@example.com Ann O"Neil`}, 1},
		{"UTF-16 without BOM", utf16LE("First Name,Email\r\nZoë,zoe@example.com\r\n"), []string{"zoe@example.com Zoë "}, 1},
		{"Windows-1252", []byte("Pr\xe9nom;E-mail\nZo\xeb;zoe@example.com\n"), []string{"zoe@example.com Zoë "}, 1},
		{"sep line after a BOM", []byte("\ufeffsep=;\nEmail;First Name\nann@example.com;Ann\n"), []string{"ann@example.com Ann "}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := accService("FR")
			run := accImport(t, svc, tc.data, "FR", nil, nil)
			require.NoError(t, run.err)
			assert.Equal(t, tc.rows, run.res.Rows, run.outcomes())
			assert.ElementsMatch(t, tc.contacts, acc12Contacts(t, svc), run.outcomes())
		})
	}
}
