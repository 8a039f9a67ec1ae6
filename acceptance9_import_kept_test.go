package contactkit_test

// Acceptance tests of issue 13, ninth round, that pass: ground the earlier
// rounds did not cover.

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
)

// Excel's "Unicode Text (*.txt)": UTF-16 little endian with a byte order
// mark, tab-separated, CRLF, a quoted cell over two lines.
func TestAcc9ExcelUnicodeTextUTF16Tabs(t *testing.T) {
	text := "Prénom\tNom\tAdresse de messagerie\tTéléphone mobile\tNotes\r\n" +
		"Zoë\tLefèvre\tzoe@example.fr\t06 12 34 56 78\t\"Première ligne\r\nDeuxième\"\r\n" +
		"Jürgen\tMüller\tjm@example.de\t+49 151 23456789\t\r\n"
	enc, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	require.NoError(t, err)
	r, err := importer.Open(strings.NewReader(enc), nil)
	require.NoError(t, err)
	csv, ok := r.(*importer.CSVReader)
	require.True(t, ok, "%T", r)
	assert.Equal(t, importer.EncodingUTF16LE, csv.Encoding())
	assert.Equal(t, byte('\t'), csv.Delimiter())

	svc := accService("FR")
	run := accImport(t, svc, []byte(enc), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, "%s\n%s", run.outcomes(), run.mappingText())
	z := accByEmail(t, svc, "zoe@example.fr")
	assert.Equal(t, "Zoë", z.FirstName)
	assert.Equal(t, "Lefèvre", z.LastName)
	assert.Equal(t, "+33612345678", z.Phone.String())
	assert.Equal(t, contact.Label("mobile"), z.PhoneLabel)
	j := accByEmail(t, svc, "jm@example.de")
	assert.Equal(t, "Müller", j.LastName)
	assert.Equal(t, "+4915123456789", j.Phone.String())
}

// A suppression-only import run dry, then for real: the same outcomes, the
// dry run writes nothing, the real one unsubscribes every address (email,
// and sms and whatsapp for a phone read in the row's country) without
// creating a contact; an import of the same people afterwards creates
// them unsubscribed, and a "subscribed" cell does not lift it (L4).
func TestAcc9SuppressionOnlyDryRunThenRealThenImport(t *testing.T) {
	supp := "Email,Phone,Country\n" +
		"gone@example.com,,\n" +
		",020 7123 4567,GB\n" +
		"both@example.com,06 12 34 56 78,\n" +
		"not-an-email,,\n" +
		"GONE@example.com,,\n"
	svc := accService("FR")
	dry := accImport(t, svc, []byte(supp), "FR", &contactkit.ImportOptions{SuppressionOnly: true, DryRun: true}, nil)
	require.NoError(t, dry.err)
	real := accImport(t, svc, []byte(supp), "FR", &contactkit.ImportOptions{SuppressionOnly: true}, nil)
	require.NoError(t, real.err)
	assert.Equal(t, dry.outcomes(), real.outcomes())
	assert.Equal(t, 3, real.res.Suppressed, real.outcomes())
	assert.Equal(t, 1, real.res.Failed)
	assert.Equal(t, 1, real.res.SkippedDuplicates)
	assert.Empty(t, accContacts(t, svc))
	for _, a := range []struct {
		chn  list.Channel
		addr string
	}{{list.ChannelEmail, "gone@example.com"}, {list.ChannelSMS, "+442071234567"}, {list.ChannelWhatsApp, "+442071234567"},
		{list.ChannelEmail, "both@example.com"}, {list.ChannelSMS, "+33612345678"}, {list.ChannelWhatsApp, "+33612345678"}} {
		assert.Equal(t, list.ConsentStatus("unsubscribed"), accConsent(t, svc, a.chn, a.addr), "%s %s", a.chn, a.addr)
	}

	people := "First Name,Email,Phone,Email Consent\n" +
		"Gone,gone@example.com,,subscribed\n" +
		"Both,both@example.com,0612345678,subscribed\n"
	run := accImport(t, svc, []byte(people), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, run.outcomes())
	assert.Equal(t, list.ConsentStatus("unsubscribed"), accConsent(t, svc, list.ChannelEmail, "gone@example.com"))
	assert.Equal(t, list.ConsentStatus("unsubscribed"), accConsent(t, svc, list.ChannelSMS, "+33612345678"))
	b := accByEmail(t, svc, "both@example.com")
	assert.Equal(t, "+33612345678", b.Phone.String())
	_ = context.Background
}

// Outlook's vCard 2.1 (one card per contact, exported from Outlook for
// Windows): Windows-1252 text, quoted-printable address label and note
// with soft line breaks, bare TYPE parameters, an address whose country is
// a full English name, which decides the region of the national phone.
func TestAcc9OutlookVCard21(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:2.1\r\nN;LANGUAGE=en-us:Lefèvre;Zoë\r\nFN:Zoë Lefèvre\r\nORG:Contoso Ltd;Ventes\r\nTITLE:Directrice\r\n" +
		"TEL;WORK;VOICE:(425) 555-0101\r\nTEL;CELL;VOICE:+33 6 12 34 56 78\r\nTEL;WORK;FAX:(425) 555-0102\r\n" +
		"ADR;WORK;PREF:;;1 Microsoft Way;Redmond;WA;98052;United States of America\r\n" +
		"LABEL;WORK;PREF;ENCODING=QUOTED-PRINTABLE:1 Microsoft Way=0D=0A=\r\nRedmond, WA 98052\r\n" +
		"X-MS-OL-DEFAULT-POSTAL-ADDRESS:2\r\nEMAIL;PREF;INTERNET:zoe@contoso.com\r\n" +
		"NOTE;ENCODING=QUOTED-PRINTABLE:Rencontr=E9e =E0 Seattle=0D=0A=\r\nRappeler en mars\r\n" +
		"X-MS-OL-DESIGN;CHARSET=utf-8:<card xmlns=\"http://schemas.microsoft.com/office/outlook/12/electronicbusinesscards\"/>\r\n" +
		"REV:20240105T101010Z\r\nEND:VCARD\r\n"
	data, err := charmapEncode(card)
	require.NoError(t, err)
	svc := accService("FR")
	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	c := accByEmail(t, svc, "zoe@contoso.com")
	assert.Equal(t, "Zoë", c.FirstName)
	assert.Equal(t, "Lefèvre", c.LastName)
	assert.Equal(t, "Contoso Ltd", c.Company)
	assert.Equal(t, "Redmond", c.City)
	assert.Equal(t, "US", c.Country.String())
	assert.Contains(t, accStrings(c.Phones()), "+14255550101", "the national number read in the card's country")
	assert.Contains(t, accStrings(c.Phones()), "+33612345678")
}

func charmapEncode(s string) ([]byte, error) {
	out, err := charmap.Windows1252.NewEncoder().String(s)
	return []byte(out), err
}

// A vCard 4.0 telephone given as a tel: URI with an extension parameter
// (RFC 3966), as Nextcloud and Google write it.
func TestAcc9VCardTelURIWithExtension(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\n" +
		"TEL;VALUE=uri;TYPE=work:tel:+1-202-555-0147;ext=123\r\n" +
		"EMAIL;TYPE=work:ann@example.com\r\nEND:VCARD\r\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(card), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	c := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "+12025550147", c.Phone.String())
	assert.Equal(t, contact.Label("work"), c.PhoneLabel)
}

// HubSpot exports a multiple checkboxes property with ";" between the
// values; the column is found by the field's label and each value lands.
func TestAcc9HubSpotMultiCheckboxIntoMultiselect(t *testing.T) {
	ctx := context.Background()
	svc := accService("US")
	_, err := svc.CreateField(ctx, accOwner, field.Definition{Key: mustKey(t, "interests"), Label: "Product interests",
		Type: field.TypeMultiselect, Options: []field.Option{{Value: "crm", Label: "CRM"}, {Value: "sms", Label: "SMS"}, {Value: "voip", Label: "VoIP"}}})
	require.NoError(t, err)
	data := "Record ID,First Name,Last Name,Email,Product interests\n" +
		"101,Ann,Lee,ann@example.com,CRM;SMS\n" +
		"102,Bob,Ray,bob@example.com,VoIP\n"
	run := accImport(t, svc, []byte(data), "US", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, "%s\n%s", run.outcomes(), run.mappingText())
	assert.Equal(t, importer.KindCustom, run.target("Product interests").Kind)
	ann := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "crm, sms", ann.Fields[mustKey(t, "interests")].String())
}

// A vCard import whose failed rows are written as CSV: the user fixes the
// bad phone in that file and imports it; the contact comes with its
// labelled addresses, its names and its notes.
func TestAcc9VCardFailedRowsFixedAndImportedAgain(t *testing.T) {
	cards := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nORG:Acme;Sales\r\nTITLE:Buyer\r\n" +
		"item1.EMAIL;type=INTERNET;type=pref:ann@example.com\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n" +
		"EMAIL;type=INTERNET;type=HOME:ann.home@example.com\r\n" +
		"TEL;type=CELL:06 12 34 56 7\r\nTEL;type=WORK:01 42 68 53 00\r\n" +
		"NOTE:Met at the fair\\, booth 4\r\nCATEGORIES:VIP,Clients\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ray;Bob;;;\r\nFN:Bob Ray\r\nEMAIL:bob@example.com\r\nEND:VCARD\r\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(cards), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	require.Equal(t, 1, run.res.Failed, run.outcomes())

	fixed := strings.Replace(run.failed.String(), "06 12 34 56 7", "06 12 34 56 78", 1)
	require.NotEqual(t, run.failed.String(), fixed, "the bad phone is in the failed-rows file as read:\n%s", run.failed.String())
	again := accImport(t, svc, []byte(fixed), "FR", nil, nil)
	require.NoError(t, again.err)
	require.Equal(t, 1, again.res.Created, "%s\n%s", again.outcomes(), again.mappingText())

	c := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "Ann", c.FirstName)
	assert.Equal(t, "Lee", c.LastName)
	assert.Equal(t, "Acme", c.Company)
	assert.Equal(t, "Buyer", c.JobTitle)
	assert.Equal(t, contact.Label("other"), c.EmailLabel)
	require.Len(t, c.OtherEmails, 1)
	assert.Equal(t, "ann.home@example.com", c.OtherEmails[0].Email.String())
	assert.Equal(t, contact.Label("home"), c.OtherEmails[0].Label)
	assert.Equal(t, "+33612345678", c.Phone.String())
	assert.Equal(t, contact.Label("mobile"), c.PhoneLabel)
	require.Len(t, c.OtherPhones, 1)
	assert.Equal(t, contact.Label("work"), c.OtherPhones[0].Label)
	assert.ElementsMatch(t, []string{"VIP", "Clients"}, accStrings(c.Tags))
}

// Google Contacts puts two values of one label in one cell, " ::: "
// between them, for phones as for emails.
func TestAcc9GooglePhonesSharingACell(t *testing.T) {
	data := "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\n" +
		"Ann,Lee,* myContacts ::: Family,* Home,ann@example.com ::: ann.lee@example.org,Mobile,+33 6 12 34 56 78 ::: +33 7 81 22 33 44,Work,01 42 68 53 00\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(data), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	c := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, []string{"ann@example.com", "ann.lee@example.org"}, accStrings(c.Emails()))
	assert.Equal(t, []string{"+33612345678", "+33781223344", "+33142685300"}, accStrings(c.Phones()))
	assert.Equal(t, contact.Label("mobile"), c.PhoneLabel)
	require.Len(t, c.OtherPhones, 2)
	assert.Equal(t, contact.Label("mobile"), c.OtherPhones[0].Label)
	assert.Equal(t, contact.Label("work"), c.OtherPhones[1].Label)
	assert.Equal(t, []string{"Family"}, accStrings(c.Tags))
}

// Export, then import the file back into the same workspace (a user who
// opens the export, changes nothing and imports it to "sync"): every row
// matches its contact and changes nothing: no property change in the
// history, no new version, no second note.
func TestAcc9ExportImportedIntoTheSameWorkspaceChangesNothing(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	_, err := svc.CreateField(ctx, accOwner, field.Definition{Key: mustKey(t, "plan"), Label: "Plan", Type: field.TypeSelect,
		Options: []field.Option{{Value: "gold"}, {Value: "silver"}}})
	require.NoError(t, err)
	_, err = svc.CreateField(ctx, accOwner, field.Definition{Key: mustKey(t, "score"), Label: "Score", Type: field.TypeNumber})
	require.NoError(t, err)
	a := accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), LastName: new("Lee"),
		Email: new("ann@example.com"), EmailLabel: new("work"), Phone: new("06 12 34 56 78"), PhoneLabel: new("mobile"),
		OtherPhones: &[]contact.LabeledInput{{Value: "+44 20 7123 4567", Label: "work"}},
		BirthDate:   new("1990-03-13"), City: new("Lyon"), Company: new("=Acme"), Fields: map[string]string{"plan": "gold", "score": "-1.5"}},
		Tags: []string{"VIP, -minus"}})
	b := accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{Alias: new("+Bob"), Phone: new("+1 202 555 0147")}})

	var out bytes.Buffer
	_, err = svc.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	run := accImport(t, svc, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Updated, run.outcomes())
	for _, before := range []contact.Contact{a, b} {
		after := accGet(t, svc, before.ID)
		assert.Equal(t, before.Version, after.Version, "%s: a row that changes nothing writes a new version", before.ID)
		var changes []contact.Change
		for ch, err := range svc.History(ctx, accOwner, before.ID, "") {
			require.NoError(t, err)
			changes = append(changes, ch)
		}
		for _, ch := range changes {
			assert.NotEqual(t, contact.ChangeImport, ch.Source, "%s: the import recorded a change of %s: %q → %q", before.ID, ch.Field, ch.Old, ch.New)
		}
	}
}
