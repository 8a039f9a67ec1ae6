package contactkit_test

// Acceptance tests of the thirteenth round left open: each shows a defect
// whose fix is a question of design, skipped with the question.

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// A file that drops the "+" of its numbers (Mapping.PlusDropped: a
// spreadsheet kept the phones of an export as numbers, an SMS tool's
// MSISDNs) with a country column: each row's phones are read in its
// country first. Where that country's numbers have several lengths (IT,
// DE, AT), the digits of another country's number are often a national
// number there too: the French mobile 33612345611 of a contact in Italy
// reads as +3933612345611, the British 447911123457 of one in Germany as
// +49447911123457. The import takes that national reading, silently, and
// an update adds it as a second phone beside the right one (I6: "what
// comes back equals what went out, or fails with a typed error").
//
// Open: which reading wins when both are valid numbers is a design
// question. The file says it drops its "+", which makes the international
// reading likely; but a national number without its trunk zero
// (3123456711, an Italian mobile) is one too, and ParsePhone's rule is
// that a national number the region reads is never read again. Failing
// such a row as ambiguous (a typed error naming both numbers) would keep
// the import honest, at the cost of rows that import today.
func TestAcceptance13ImportPlusDroppedAcrossCountries(t *testing.T) {
	t.Skip("open: a digits-only cell of a PlusDropped file that reads as two different valid numbers (its row's country, and international) takes the national one silently; international, ambiguous or national is a design question")
	svc := accService("FR")
	run := accImport(t, svc, []byte("Email,Country,Phone\n"+
		"ann@example.com,IT,33612345611\n"+
		"bob@example.com,FR,447911123456\n"+
		"cy@example.com,DE,447911123457\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.True(t, run.m.PlusDropped, run.mappingText())
	for line, want := range map[int]string{2: "+33612345611", 4: "+447911123457"} {
		row := run.row(t, line)
		if row.Outcome == contactkit.ImportFailed {
			continue // a clear, typed refusal is fine
		}
		c := accByEmail(t, svc, map[int]string{2: "ann@example.com", 4: "cy@example.com"}[line])
		assert.Equal(t, want, c.Phone.String(), "line %d: another number, silently", line)
	}
}

// A custom number 1.234 (or an amount 1.5 written 1,500 by a sheet set to
// three decimals) exported, opened in a French Excel and saved: the file
// is semicolon-separated, as French Excel writes it because the comma is
// its decimal mark, and the cell reads "1,234". The import refuses it as
// ambiguous ("thousands or decimals?"), a clear error, but the row of a
// round trip fails (I6) although the file says which it is: its
// delimiter, and the other cells of the column ("1000,25").
//
// Open: reading a file's decimal mark needs a setting of the mapping, as
// Mapping.Dates is for dates (from the delimiter, the sampled values, the
// region?), and a way to hand it to field coercion: a design question.
func TestAcceptance13ImportExcelDecimalCommaOfThreeDigits(t *testing.T) {
	t.Skip("open: a French Excel file's \"1,234\" (1.234) fails as ambiguous; telling a file's decimal mark (delimiter, sampled values, region) is a design question")
	svc := accService("FR")
	acc2CreateFields(t, svc, []field.Definition{{Key: acc2Key("score"), Label: "Score", Type: field.TypeNumber}})
	run := accImport(t, svc, []byte("Prénom;E-mail;score\r\nAnn;ann@example.com;1000,25\r\nBob;bob@example.com;1,234\r\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, run.outcomes())
	assert.Equal(t, "1.234", accByEmail(t, svc, "bob@example.com").Fields[acc2Key("score")].String())
}

// A contact known by its name alone (no email, no phone: a lead typed in
// by hand) is exported, and the file imported back into its workspace,
// as a user does after correcting a spreadsheet: the row matches nothing,
// since a row is matched by its emails and phones only, and the import
// creates a second contact of the same name, each time the file is
// imported (I6: the same contacts; "safe to retry: no duplicates").
//
// Open: matching such a row needs a key the export writes and the import
// reads (the contact's ID, in a column of its own name, since "Contact
// ID" is ActiveCampaign's own number and other vendors' IDs are not
// contactkit's), matched within the workspace only (P1); or such a row
// could be skipped on update. Which is a design question.
func TestAcceptance13ImportExportOfANameOnlyContactIntoItsWorkspace(t *testing.T) {
	t.Skip("open: an exported contact with neither email nor phone is created again by each import of its export into its workspace; matching it needs a key (its ID in the export) or a rule: a design question")
	svc := accService("FR")
	p := func(s string) *string { return &s }
	_, err := svc.CreateContact(t.Context(), accOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: p("Ann"), LastName: p("Lee"), Company: p("Acme")}})
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = svc.Export(t.Context(), accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	for range 2 {
		run := accImport(t, svc, out.Bytes(), "FR", nil, nil)
		require.NoError(t, run.err)
		assert.Zero(t, run.res.Created, run.outcomes())
	}
	assert.Len(t, accContacts(t, svc), 1, "the same contacts, no duplicate")
}

// Excel for Mac saves "Comma Separated Values (.csv)" in Mac OS Roman,
// where é is the byte 0x8E (as Excel for Windows saves in Windows-1252,
// é 0xE9). The reader told UTF-8 from Windows-1252 only, so a file of
// Excel for Mac read "Hélène Dupré" as "HŽlne DuprŽ", and its header
// "Prénom" as "PrŽnom", which mapped to nothing. It now tells Mac OS
// Roman by the bytes Windows-1252 misreads (importer's misread).
func TestAcceptance13ImportExcelForMacRoman(t *testing.T) {
	// "Prénom,Nom,E-mail\nHélène,Dupré,helene@example.fr\nFrançois,Lefèvre,francois@example.fr\n" in Mac OS Roman.
	data := "Pr\x8Enom,Nom,E-mail\r" + "H\x8El\x8Fne,Dupr\x8E,helene@example.fr\r" + "Fran\x8Dois,Lef\x8Fvre,francois@example.fr\r"
	svc := accService("FR")
	run := accImport(t, svc, []byte(data), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, run.outcomes())
	assert.Equal(t, "Hélène", accByEmail(t, svc, "helene@example.fr").FirstName)
	assert.Equal(t, "François", accByEmail(t, svc, "francois@example.fr").FirstName)
}
