package contactkit_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
)

// An iCloud vCard 3.0 export: item groups with X-ABLabel (Apple's
// "_$!<Other>!$_" and a custom one), a large folded base64 PHOTO, a fax,
// a birthday without a year (X-APPLE-OMIT-YEAR), a company card, a name
// with a prefix and suffix.
func TestAcc11ICloudVCard(t *testing.T) {
	svc, _ := acc11Import(t, "icloud.vcf", "FR", 3)

	a := accByEmail(t, svc, "asa.bergstrom@volvo.example.se")
	assert.Equal(t, "Åsa", a.FirstName)
	assert.Equal(t, "Bergström", a.LastName)
	assert.Equal(t, "Åsa B", a.Alias)
	assert.Equal(t, "Volvo Cars", a.Company)
	assert.Equal(t, "Senior Designer", a.JobTitle)
	assert.Equal(t, "asa.bergstrom@volvo.example.se", a.Email.String(), "the pref email first")
	assert.Equal(t, map[string]string{"asa.bergstrom@volvo.example.se": "other", "asa@example.se": "home",
		"asa.styrelse@forening.example.se": "styrelse"}, acc11Emails(a))
	assert.Equal(t, "+46709876543", a.Phone.String())
	assert.Equal(t, map[string]string{"+46709876543": "mobile", "+46701112233": "mobile", "+46812345678": "work"}, acc11Phones(a),
		"070-… read in Sweden, the card's country; no fax")
	assert.Equal(t, "Göteborg", a.City)
	assert.Equal(t, "Västra Götaland", a.State)
	assert.Equal(t, "SE", a.Country.String())
	assert.Equal(t, "--12-24", a.BirthDate.String())
	assert.Equal(t, []string{"Rencontrée à Stockholm, salon du design\nAime le café noir"}, accNotes(t, svc, a.ID))

	var cafe bool
	for _, c := range accContacts(t, svc) {
		if c.Company == "Café de Flore" {
			cafe = true
			assert.Equal(t, "Café de Flore", c.Alias)
			assert.Equal(t, "+33145485526", c.Phone.String())
			assert.Equal(t, "contact@cafedeflore.example.fr", c.Email.String())
			assert.Equal(t, "work", string(c.EmailLabel))
		}
	}
	assert.True(t, cafe, "the company card")

	s := accByEmail(t, svc, "sean.obrien@tcd.example.ie")
	assert.Equal(t, "Seán", s.FirstName)
	assert.Equal(t, "O'Brien", s.LastName)
	assert.Equal(t, "1970-03-17", s.BirthDate.String())
	assert.Equal(t, map[string]string{"+353871234567": "mobile", "+35318961000": "mobile"}, acc11Phones(s))
	assert.Equal(t, "IE", s.Country.String())
	assert.Equal(t, []string{"Academics"}, accTags(s))
	assert.Equal(t, []string{"Line one\nLine two; with semicolon"}, accNotes(t, svc, s.ID))
}

// Google Contacts' vCard export: CATEGORIES holds Google's system group
// "myContacts" (on every card) besides the user's labels.
func TestAcc11GoogleVCard(t *testing.T) {
	svc, _ := acc11Import(t, "google.vcf", "FR", 2)

	h := accByEmail(t, svc, "helene@atelier-lumiere.fr")
	assert.Equal(t, "Hélène", h.FirstName)
	assert.Equal(t, "Dupré-Lefèvre", h.LastName)
	assert.Equal(t, "Léna", h.Alias)
	assert.Equal(t, map[string]string{"helene@atelier-lumiere.fr": "work", "helene.dupre@gmail.com": "home"}, acc11Emails(h))
	assert.Equal(t, map[string]string{"+33612345678": "mobile", "+33472001122": "work", "+33781223344": "whatsapp"}, acc11Phones(h))
	assert.Equal(t, "Lyon", h.City)
	assert.Equal(t, "FR", h.Country.String())
	assert.Equal(t, "1984-02-29", h.BirthDate.String())
	assert.Equal(t, []string{"Rencontrée à Lyon\nPréfère WhatsApp le soir"}, accNotes(t, svc, h.ID))
	assert.ElementsMatch(t, []string{"Clients", "starred"}, accTags(h), "myContacts is no tag, as in Google's CSV")

	k := accByEmail(t, svc, "kenji.watanabe@example.jp")
	assert.Equal(t, "+819012345678", k.Phone.String())
	assert.Equal(t, "--05-05", k.BirthDate.String())
	assert.Empty(t, accTags(k), "myContacts is no tag")
}

// Outlook's "Save as vCard": vCard 2.1 in Windows-1252 with a
// quoted-printable note over two lines (a soft line break), a fax, an
// Outlook design property, a basic-format BDAY.
func TestAcc11OutlookVCard21Windows1252(t *testing.T) {
	svc, _ := acc11Import(t, "outlook_1252.vcf", "FR", 1)
	c := accByEmail(t, svc, "cecile@boulangerie-lefebvre.fr")
	assert.Equal(t, "Cécile", c.FirstName)
	assert.Equal(t, "Lefèbvre", c.LastName)
	assert.Equal(t, "Boulangerie Lefèbvre", c.Company)
	assert.Equal(t, "Gérante", c.JobTitle)
	assert.Equal(t, "Besançon", c.City)
	assert.Equal(t, "FR", c.Country.String())
	assert.Equal(t, "1979-07-14", c.BirthDate.String())
	assert.Equal(t, map[string]string{"+33381123456": "work", "+33671234567": "mobile"}, acc11Phones(c), "no fax")
	assert.Equal(t, []string{"Livraison le mardi.\r\nCode portail : 1234, prévenir à l'avance pour les commandes spéciales."}, accNotes(t, svc, c.ID))
}

// The same in UTF-8 (CHARSET=utf-8), a German contact in a French
// workspace, a soft line break inside a word.
func TestAcc11OutlookVCard21UTF8(t *testing.T) {
	svc, _ := acc11Import(t, "outlook_utf8.vcf", "FR", 1)
	b := accByEmail(t, svc, "bjoern@baeckerei-mueller.example.de")
	assert.Equal(t, "Björn", b.FirstName)
	assert.Equal(t, "Müller", b.LastName)
	assert.Equal(t, "Bäckerei Müller GmbH", b.Company)
	assert.Equal(t, "München", b.City)
	assert.Equal(t, "DE", b.Country.String())
	assert.Equal(t, "1985-11-30", b.BirthDate.String())
	assert.Equal(t, map[string]string{"bjoern@baeckerei-mueller.example.de": "", "bjoern.privat@example.de": ""}, acc11Emails(b))
	assert.Equal(t, map[string]string{"+49892345678": "work", "+4915134567890": "mobile", "+49897654321": "home"}, acc11Phones(b),
		"national numbers read in the card's country")
	assert.Equal(t, []string{"Kunde seit 2015. Liefert Brötchen jeden Morgen, bitte vorher anrufen.\r\nTürcode: 4711"}, accNotes(t, svc, b.ID))
}

// An Excel workbook: shared strings, a built-in date format, phones stored
// as numbers with a custom format, a formatted empty row, a row of blanks.
func TestAcc11ExcelWorkbook(t *testing.T) {
	svc, run := acc11Import(t, "excel.xlsx", "FR", 3)
	acc11Targets(t, run, map[string]string{"First Name": "first_name", "Last Name": "last_name", "E-mail Address": "email",
		"Mobile Phone": "phone (mobile)", "Business Phone": "phone (work)", "Birthday": "birth_date", "Company": "company", "Notes": "notes"})
	a := accByEmail(t, svc, "amelie.poulain@example.fr")
	assert.Equal(t, "Amélie", a.FirstName)
	assert.Equal(t, "1973-09-04", a.BirthDate.String())
	assert.Equal(t, map[string]string{"+33611111111": "mobile", "+33142685300": "work"}, acc11Phones(a), "33611111111 and 142685300 as numbers")
	assert.Equal(t, []string{"Serveuse\nAime les ricochets"}, accNotes(t, svc, a.ID))
	n := accByEmail(t, svc, "nino@example.fr")
	assert.Equal(t, "+33612345679", n.Phone.String())
	assert.Equal(t, "1970-02-14", n.BirthDate.String())
	r := accByEmail(t, svc, "raymond.dufayel@example.fr")
	assert.Equal(t, "+33612345680", r.Phone.String())
	assert.Equal(t, 5, run.row(t, 5).Line, "the row's number in the sheet")
}

// A LibreOffice workbook in the 1904 date system, French headers.
func TestAcc11LibreOffice1904Workbook(t *testing.T) {
	svc, run := acc11Import(t, "libreoffice.xlsx", "FR", 2)
	acc11Targets(t, run, map[string]string{"Prénom": "first_name", "Nom": "last_name", "Courriel": "email",
		"Portable": "phone (mobile)", "Date de naissance": "birth_date", "Société": "company", "Étiquettes": "tags"})
	g := accByEmail(t, svc, "gaelle.legoff@example.bzh")
	assert.Equal(t, "Gaëlle", g.FirstName)
	assert.Equal(t, "1988-11-05", g.BirthDate.String())
	assert.Equal(t, "+33698700001", g.Phone.String())
	assert.ElementsMatch(t, []string{"clients", "bretagne"}, accTags(g))
	y := accByEmail(t, svc, "yannick.k@example.fr")
	assert.Equal(t, "1959-06-01", y.BirthDate.String())
	assert.Equal(t, "+33698765433", y.Phone.String())
}

// A Google Sheets workbook: numbers written as Java writes doubles
// ("6.12345681E8"), absolute relationship targets, one "Name" column.
func TestAcc11GoogleSheetsWorkbook(t *testing.T) {
	svc, _ := acc11Import(t, "gsheets.xlsx", "FR", 3)
	n := accByEmail(t, svc, "ngozi@example.ng")
	assert.Equal(t, "Ngozi Adichie", n.Alias)
	assert.Equal(t, "+2348031234567", n.Phone.String())
	assert.Equal(t, "1977-09-15", n.BirthDate.String())
	assert.Equal(t, []string{"authors"}, accTags(n))
	p := accByEmail(t, svc, "pierre.durand@example.fr")
	assert.Equal(t, "+33612345681", p.Phone.String())
	assert.Equal(t, "1991-01-31", p.BirthDate.String())
	s := accByEmail(t, svc, "sam.taylor@example.fr")
	assert.Equal(t, "+33612345682", s.Phone.String(), "3.3612345682E10")
}

// A workbook of a streaming writer: inline strings, no "r" on rows and
// cells. Each row is numbered as the spreadsheet shows it (the header on
// row 1), so that a failed row names the row the user finds it on.
func TestAcc11InlineStringsWorkbook(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, acc11File(t, "inline.xlsx"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Rows)
	m := accByEmail(t, svc, "gosia@example.pl")
	assert.Equal(t, "Małgorzata", m.FirstName)
	assert.Equal(t, "Wiśniewska", m.LastName)
	assert.Equal(t, "+48512345678", m.Phone.String())
	assert.Equal(t, "1985-03-08", m.BirthDate.String())
	assert.Equal(t, contactkit.ImportCreated, run.row(t, 2).Outcome, run.outcomes())
	// Thabo's number was typed without its "+" (27821234567): see
	// TestAcc11NumberWithoutPlusOfAnotherCountry.
	assert.Equal(t, contactkit.ImportCreated, run.row(t, 3).Outcome, run.outcomes())
	assert.NotContains(t, run.failed.String(), "27821234567")
}

// A phone stored in a spreadsheet as a number loses its "+": an
// international number of another country than the workspace's
// (27821234567, South Africa, in a French workspace) is too long as a
// national number, and is valid with a "+".
func TestAcc11NumberWithoutPlusOfAnotherCountry(t *testing.T) {
	svc, _ := acc11Import(t, "inline.xlsx", "FR", 2)
	th := accByEmail(t, svc, "thabo@example.co.za")
	assert.Equal(t, "+27821234567", th.Phone.String())
}

// Outlook's quoted-printable note is cut into lines of 76 characters by
// soft line breaks ("=" at the end of a line), as RFC 2045 says; a line
// after one may start with a space of the text, which is part of it: the
// words on both sides of the break stay apart.
func TestAcc11OutlookVCardSoftBreakBeforeASpace(t *testing.T) {
	svc, _ := acc11Import(t, "outlook_softbreak.vcf", "NG", 1)
	a := accByEmail(t, svc, "adaeze.okafor@lagostextiles.example.ng")
	assert.Equal(t, "Adaeze", a.FirstName)
	assert.Equal(t, map[string]string{"+2348065550102": "work", "+2348035550101": "mobile"}, acc11Phones(a))
	assert.Equal(t, []string{"Met at the Lagos trade fair in March. Interested in the organic cotton range; call her assistant before 10am.\r\n" +
		"Next step: send the catalogue and the price list."}, accNotes(t, svc, a.ID))
}

// An iCloud card with a high-resolution photo: its PHOTO line, folded,
// is longer than the reader's line cap (1 MiB). The photo is skipped
// anyway, so the card imports: a cap on a property that is not read is
// no problem of the row.
func TestAcc11ICloudCardWithALargePhoto(t *testing.T) {
	card := string(acc11File(t, "icloud.vcf"))
	end := strings.Index(card, "END:VCARD\r\n") + len("END:VCARD\r\n")
	card = card[:end]
	i := strings.Index(card, "PHOTO;ENCODING=b;TYPE=JPEG:")
	j := strings.Index(card[i:], "\r\nitem5.URL") + i
	var photo strings.Builder
	photo.WriteString("PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD")
	for photo.Len() < 1600<<10 {
		photo.WriteString("\r\n " + strings.Repeat("QUJDRA", 12) + "QUJD")
	}
	card = card[:i] + photo.String() + card[j:]
	svc := accService("FR")
	run := accImport(t, svc, []byte(card), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	a := accByEmail(t, svc, "asa.bergstrom@volvo.example.se")
	assert.Equal(t, "Bergström", a.LastName)
	assert.Equal(t, "--12-24", a.BirthDate.String(), "the properties after the photo are read")
}

// A vCard 3.0 of a writer that folds its lines every 75 bytes, as RFC 2425
// allows and some CardDAV servers and CRMs do, cutting the "é" of a note
// in two: the file is UTF-8 once unfolded, and every accent of it reads
// as written (not as Windows-1252, "HÃ©lÃ¨ne").
func TestAcc11VCardFoldedInsideACharacter(t *testing.T) {
	svc, _ := acc11Import(t, "folded_octets.vcf", "FR", 1)
	h := accByEmail(t, svc, "helene.lefevre@eaux-evian.example.fr")
	assert.Equal(t, "Hélène", h.FirstName)
	assert.Equal(t, "Lefèvre-Dupré", h.LastName)
	assert.Equal(t, "Société Générale des Eaux de Évian", h.Company)
	assert.Equal(t, "Évian-les-Bains", h.City)
	assert.Equal(t, []string{"Vue mardi au salon régional de Lyon, intéressée par notre offre d'été et très réactive par téléphone."},
		accNotes(t, svc, h.ID))
}
