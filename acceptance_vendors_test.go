package contactkit_test

// Acceptance tests: real-world export files (testdata/acceptance) imported
// through the public API as a host application would, with the suggested
// mapping and no adjustment.

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
)

func accTags(c contact.Contact) []string {
	var out []string
	for _, n := range c.Tags {
		out = append(out, n.String())
	}
	return out
}

func accNotes(t *testing.T, svc *contactkit.Service, id contact.ID) []string {
	t.Helper()
	var out []string
	for a, err := range svc.Timeline(context.Background(), accOwner, id, contactkit.TimelineQuery{}) {
		require.NoError(t, err)
		out = append(out, a.Body)
	}
	return out
}

func accOtherEmails(c contact.Contact) map[string]string {
	m := map[string]string{}
	for _, e := range c.OtherEmails {
		m[e.Email.String()] = string(e.Label)
	}
	return m
}

func accOtherPhones(c contact.Contact) map[string]string {
	m := map[string]string{}
	for _, p := range c.OtherPhones {
		m[p.Phone.String()] = string(p.Label)
	}
	return m
}

// Google Contacts, current export (2023+): "E-mail 1 - Label"/"Value" pairs,
// Labels with " ::: " and "* myContacts", two numbers in one phone cell, a
// birthday without a year, a multi-line note.
func TestAcceptanceGoogleContactsCurrent(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "google.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 3, run.res.Created, run.outcomes())
	assert.Equal(t, importer.Target{Kind: importer.KindEmail, Slot: 1}, run.target("E-mail 1 - Value"))
	assert.Equal(t, importer.KindEmailLabel, run.target("E-mail 1 - Label").Kind)
	assert.Equal(t, importer.KindTags, run.target("Labels").Kind)
	assert.Equal(t, importer.KindAlias, run.target("Nickname").Kind)
	assert.Equal(t, importer.KindIgnore, run.target("Website 1 - Value").Kind)

	c := accByEmail(t, svc, "camille@rousseau-conseil.fr")
	assert.Equal(t, "Camille", c.FirstName)
	assert.Equal(t, "Rousseau", c.LastName)
	assert.Equal(t, "Cam", c.Alias)
	assert.Equal(t, "camille@rousseau-conseil.fr", c.Email.String(), "E-mail 1 is the primary")
	assert.Equal(t, contact.Label("work"), c.EmailLabel, `"* Work" is work, the "* " mark of the primary dropped`)
	assert.Equal(t, map[string]string{"camille.rousseau@gmail.com": "home"}, accOtherEmails(c))
	assert.Equal(t, "+33611223344", c.Phone.String())
	assert.Equal(t, contact.Label("mobile"), c.PhoneLabel)
	assert.Equal(t, map[string]string{"+33142685300": "work"}, accOtherPhones(c))
	assert.Equal(t, "1986-09-14", c.BirthDate.String())
	assert.Equal(t, "Paris", c.City)
	assert.Equal(t, "FR", c.Country.String())
	assert.Equal(t, "Rousseau Conseil", c.Company)
	assert.Equal(t, "Consultante", c.JobTitle)
	assert.Subset(t, accTags(c), []string{"Clients", "VIP"})
	assert.Equal(t, []string{"Rencontrée au salon\nVeut un devis"}, accNotes(t, svc, c.ID))

	p := accByName(t, svc, "Peter")
	assert.Equal(t, []string{"+4915123456789", "+491712345678"}, accStrings(p.Phones()), `" ::: " gives two phones`)
	assert.Equal(t, "--05-22", p.BirthDate.String(), "Google's birthday without a year")
	assert.Equal(t, "DE", p.Country.String())

	g := accByEmail(t, svc, "grace@navy.example.com")
	assert.Equal(t, contact.Label("other"), g.EmailLabel)
}

// Google's system groups ("* myContacts", "* starred") are not labels the
// user made: a user does not expect every imported contact tagged
// "myContacts".
func TestAcceptanceGoogleMyContactsIsNotATag(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "google.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	for _, c := range accContacts(t, svc) {
		// Every contact is in myContacts; starred is the user's own mark.
		assert.NotContains(t, accTags(c), "myContacts", "%s %s", c.FirstName, c.LastName)
	}
}

// Google's legacy "Google CSV" export: UTF-16LE with a BOM, "Given Name",
// "Family Name", "Group Membership", "E-mail 1 - Type".
func TestAcceptanceGoogleContactsLegacyUTF16(t *testing.T) {
	data := accFile(t, "google_legacy.csv")
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	require.IsType(t, &importer.CSVReader{}, r)
	assert.Equal(t, importer.EncodingUTF16LE, r.(*importer.CSVReader).Encoding())

	svc := accService("FR")
	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Created, run.outcomes())

	j := accByEmail(t, svc, "jerome.lambert@free.fr")
	assert.Equal(t, "Jérôme", j.FirstName)
	assert.Equal(t, "Lambert", j.LastName)
	assert.Equal(t, contact.Label("home"), j.EmailLabel)
	assert.Equal(t, map[string]string{"j.lambert@acme.fr": "work"}, accOtherEmails(j))
	assert.Equal(t, "+33670809010", j.Phone.String())
	assert.Equal(t, "Acme", j.Company)
	assert.Equal(t, "Ingénieur", j.JobTitle)
	assert.Contains(t, accTags(j), "Amis")
	assert.Equal(t, []string{"Ancien collègue"}, accNotes(t, svc, j.ID))

	s := accByEmail(t, svc, "sofia.rossi@example.it")
	assert.Equal(t, "IT", s.Country.String(), `"Italy"`)
	assert.Equal(t, "+393471234567", s.Phone.String())
}

// The legacy export's "Nickname" column holds the nickname and its "Name"
// column the display name ("Given Family"): the alias must be the nickname,
// as it is for the current Google export and for vCard (FN is never made the
// alias when N gives the names).
func TestAcceptanceGoogleLegacyNicknameIsTheAlias(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "google_legacy.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, importer.KindAlias, run.target("Nickname").Kind, run.mappingText())
	j := accByEmail(t, svc, "jerome.lambert@free.fr")
	assert.Equal(t, "Jéjé", j.Alias)
	s := accByEmail(t, svc, "sofia.rossi@example.it")
	assert.Equal(t, "", s.Alias, "the display name is not an alias")
}

// Outlook (desktop) "Comma Separated Values" export: every cell quoted,
// Windows-1252, CRLF, "0/0/00" for no birthday/anniversary, categories
// separated by ";", country written as Outlook writes it.
func TestAcceptanceOutlook(t *testing.T) {
	data := accFile(t, "outlook.csv")
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	assert.Equal(t, importer.EncodingWindows1252, r.(*importer.CSVReader).Encoding())

	svc := accService("FR")
	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, importer.KindIgnore, run.target("Business Fax").Kind)
	assert.Equal(t, importer.KindIgnore, run.target("E-mail Display Name").Kind)
	assert.Equal(t, importer.KindIgnore, run.target("Gender").Kind)
	assert.Equal(t, importer.KindIgnore, run.target("Initials").Kind)
	assert.Equal(t, field.MonthFirst, run.m.Dates, run.m.DatesReason)

	// John Smith: US numbers, "United States of America" in Business Country/Region.
	john := contactOrFail(t, svc, run, 2)
	assert.Equal(t, "US", john.Country.String())
	assert.Equal(t, "1975-05-22", john.BirthDate.String())
	assert.ElementsMatch(t, []string{"+14255550100", "+12065550123"}, accStrings(john.Phones()))
	assert.Subset(t, accTags(john), []string{"Customers", "VIP"}, "Outlook separates categories with ';'")
	assert.Equal(t, []string{"Met at Ignite.\r\nFollow up in Q3."}, accNotes(t, svc, john.ID))
}

// contactOrFail returns the contact of the row on line, or fails the test
// with the row's outcome.
func contactOrFail(t *testing.T, svc *contactkit.Service, run *accRun, line int) contact.Contact {
	t.Helper()
	row := run.row(t, line)
	if row.Outcome != contactkit.ImportCreated && row.Outcome != contactkit.ImportUpdated {
		t.Fatalf("line %d: %s %v", line, row.Outcome, row.Err)
	}
	c, err := svc.GetContact(context.Background(), accOwner, row.Contact)
	require.NoError(t, err)
	return c
}

// Outlook: "0/0/00" is no birthday; an Exchange ("EX") address in "E-mail 2
// Address" (an X.500 path, no email address) should not lose the contact.
func TestAcceptanceOutlookExchangeAddressAndNoBirthday(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "outlook.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	// Amélie: home phone, no country (FR default), an Exchange (EX) second
	// address that is no email address.
	a := contactOrFail(t, svc, run, 5) // line 2's note spans two lines
	assert.True(t, a.BirthDate.IsZero())
	assert.Equal(t, "amelie.faure@orange.fr", a.Email.String())
	assert.Equal(t, "+33491234567", a.Phone.String())
	assert.Equal(t, contact.Label("home"), a.PhoneLabel)
}

// Outlook: a personal contact whose address is its home address (Home City,
// Home Country/Region) — the only country of the row.
func TestAcceptanceOutlookHomeAddressOnly(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "outlook.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	z := contactOrFail(t, svc, run, 4) // line 2's note spans two lines
	assert.Equal(t, "Zoë", z.FirstName)
	assert.Equal(t, "Müller & Söhne", z.Company)
	assert.Equal(t, "DE", z.Country.String())
	assert.Equal(t, "Köln", z.City)
	assert.Equal(t, "+4915123456789", z.Phone.String())
}

// HubSpot contacts export.
func TestAcceptanceHubSpot(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "hubspot.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 3, run.res.Created, run.outcomes())
	assert.Equal(t, importer.KindIgnore, run.target("Record ID").Kind)
	assert.Equal(t, importer.KindIgnore, run.target("Create Date").Kind)

	m := accByEmail(t, svc, "maria.garcia@example.es")
	assert.Equal(t, "ES", m.Country.String())
	assert.Equal(t, "Acme Iberia", m.Company)
	assert.Equal(t, "CFO", m.JobTitle)
	assert.Equal(t, "+34912345678", m.Phone.String())
	assert.Equal(t, map[string]string{"+34612345678": "mobile"}, accOtherPhones(m))
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "maria.garcia@example.es"))

	tom := accByEmail(t, svc, "tom.baker@example.co.uk")
	assert.Equal(t, "GB", tom.Country.String())
	assert.ElementsMatch(t, []string{"+442071234567", "+447911123456"}, accStrings(tom.Phones()), "national GB numbers read in the row's country")
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "tom.baker@example.co.uk"), `"Unsubscribed from all email" = true`)

	n := accByEmail(t, svc, "nadia@benali.example.fr")
	assert.Equal(t, "+33655443322", n.Phone.String())
	assert.Equal(t, contact.Label("mobile"), n.PhoneLabel)
}

// Mailchimp audience export: "Email Address", quoted TAGS, "05/22" birthdays,
// MEMBER_RATING and the geolocation columns ignored.
func TestAcceptanceMailchimp(t *testing.T) {
	svc := accService("US")
	run := accImport(t, svc, accFile(t, "mailchimp.csv"), "US", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Created, run.outcomes())
	for _, h := range []string{"MEMBER_RATING", "OPTIN_TIME", "LATITUDE", "LONGITUDE", "LEID", "EUID", "LAST_CHANGED"} {
		assert.Equal(t, importer.KindIgnore, run.target(h).Kind, h)
	}
	a := accByEmail(t, svc, "anna.k@example.com")
	assert.Equal(t, "Anna", a.FirstName)
	assert.Equal(t, "Kowalski", a.LastName)
	assert.Equal(t, []string{"VIP", "Customer"}, accTags(a))
	assert.Equal(t, "--05-22", a.BirthDate.String())
	assert.Equal(t, "+14045550147", a.Phone.String())

	b := accByEmail(t, svc, "bob@example.org")
	assert.Equal(t, "--12-31", b.BirthDate.String())
	assert.Equal(t, []string{"Newsletter"}, accTags(b))
	assert.Equal(t, []string{"Prefers SMS"}, accNotes(t, svc, b.ID))
}

// Mailchimp's unsubscribed export imported as a suppression list.
func TestAcceptanceMailchimpUnsubscribedAsSuppression(t *testing.T) {
	svc := accService("US")
	run := accImport(t, svc, accFile(t, "mailchimp_unsub.csv"), "US", &contactkit.ImportOptions{SuppressionOnly: true}, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 1, run.res.Suppressed, run.outcomes())
	assert.Empty(t, accContacts(t, svc))
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "Carol@Example.net"))

	// Later a signup form creates Carol: she stays unsubscribed.
	_, err := svc.CaptureContact(context.Background(), accOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("carol@example.net")}})
	require.NoError(t, err)
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "carol@example.net"))

	// And so does the whole file imported with UnsubscribeAll.
	svc2 := accService("US")
	run = accImport(t, svc2, accFile(t, "mailchimp_unsub.csv"), "US", &contactkit.ImportOptions{UnsubscribeAll: true}, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 1, run.res.Created)
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc2, list.ChannelEmail, "carol@example.net"))
}

// ActiveCampaign contacts export.
func TestAcceptanceActiveCampaign(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "activecampaign.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Created, run.outcomes())
	w := accByEmail(t, svc, "li.wei@example.cn")
	assert.Equal(t, "Wei", w.FirstName)
	assert.Equal(t, "Dragon Trading", w.Company)
	assert.Equal(t, "+8613800138000", w.Phone.String())
	assert.Equal(t, []string{"webinar", "lead-magnet"}, accTags(w))
	o := accByEmail(t, svc, "olga@example.ru")
	assert.True(t, o.Phone.IsZero())
}

// A file saved by a French Excel: "CSV (séparateur : point-virgule)",
// Windows-1252, CRLF, French headers, day-first dates, a phone whose leading
// 0 Excel removed, a country in French.
func TestAcceptanceExcelFrenchSemicolonCSV(t *testing.T) {
	data := accFile(t, "excel_fr.csv")
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	csv := r.(*importer.CSVReader)
	assert.Equal(t, importer.EncodingWindows1252, csv.Encoding())
	assert.Equal(t, byte(';'), csv.Delimiter())
	assert.Equal(t, []string{"Prénom", "Nom", "Téléphone", "Société", "E-mail", "Ville", "Date de naissance", "Pays"}, r.Header())

	svc := accService("FR")
	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 3, run.res.Created, run.outcomes())
	assert.Equal(t, field.DayFirst, run.m.Dates)
	for _, c := range run.m.Columns {
		assert.Equal(t, importer.ReasonAlias, c.Reason.Kind, c.Header)
	}

	f := accByEmail(t, svc, "francoise@leveque.fr")
	assert.Equal(t, "Françoise", f.FirstName)
	assert.Equal(t, "Lévêque", f.LastName)
	assert.Equal(t, "Boulangerie Lévêque", f.Company)
	assert.Equal(t, "Besançon", f.City)
	assert.Equal(t, "1978-05-22", f.BirthDate.String())
	e := accByEmail(t, svc, "eric@garcon-fils.fr")
	assert.Equal(t, "+33612345679", e.Phone.String(), "612345679: Excel dropped the 0")
	assert.Equal(t, "1990-01-03", e.BirthDate.String())
	b := accByEmail(t, svc, "bjorn@angstrom.se")
	assert.Equal(t, "SE", b.Country.String(), "Suède")
	assert.Equal(t, "+46701234567", b.Phone.String(), "read in the row's country")
	assert.Equal(t, "1985-02-01", b.BirthDate.String())
}

// An xlsx saved by Excel: shared strings, a built-in date format, a custom
// "dd/mm/yyyy" format on a custom date field, a phone stored as a number,
// an inline string with a line break, a sparse row.
func TestAcceptanceExcelXLSX(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	key, err := field.ParseKey("signed_up")
	require.NoError(t, err)
	_, err = svc.CreateField(ctx, accOwner, field.Definition{Key: key, Label: "Signed up", Type: field.TypeDate})
	require.NoError(t, err)

	data := accFile(t, "excel.xlsx")
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	require.IsType(t, &importer.XLSXReader{}, r)

	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Created, run.outcomes())
	assert.Equal(t, importer.Target{Kind: importer.KindCustom, Field: key}, run.target("Signed up"))
	assert.Equal(t, importer.ReasonFieldLabel, run.m.Columns[6].Reason.Kind)

	l := accByEmail(t, svc, "lea.moreau@example.fr")
	assert.Equal(t, "Léa", l.FirstName)
	assert.Equal(t, "Moreau & Cie", l.Company)
	assert.Equal(t, "1978-05-22", l.BirthDate.String())
	assert.Equal(t, "+33612345678", l.Phone.String())
	assert.Equal(t, "2024-03-01", l.Fields[key].String())
	assert.Equal(t, []string{"Premier contact\nRappeler en juin"}, accNotes(t, svc, l.ID))

	b := accByEmail(t, svc, "lucas.bernard@example.fr")
	assert.Equal(t, "1992-01-01", b.BirthDate.String())
	assert.Equal(t, "+33622334455", b.Phone.String())
	assert.Equal(t, "", b.Company)
	assert.Equal(t, "2024-04-01", b.Fields[key].String(), "the date of a date and time")
}

// An iPhone / iCloud vCard 3.0: item1.EMAIL with X-ABLabel, type=pref, a
// custom "WhatsApp" label, a folded base64 PHOTO, escapes in NOTE, and a
// company card (X-ABShowAs:COMPANY) with an empty N.
func TestAcceptanceIPhoneVCard(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "iphone.vcf"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Created, run.outcomes())

	j := accByEmail(t, svc, "jean.dupont@acme.fr")
	assert.Equal(t, "Jean", j.FirstName)
	assert.Equal(t, "Dupont", j.LastName)
	assert.Equal(t, "", j.Alias, "FN is not an alias")
	assert.Equal(t, "Acme SARL", j.Company)
	assert.Equal(t, "Directeur commercial", j.JobTitle)
	assert.Equal(t, "jean.dupont@acme.fr", j.Email.String(), "the pref email is the primary")
	assert.Equal(t, map[string]string{"jean.dupont@gmail.com": "home"}, accOtherEmails(j))
	assert.Equal(t, "+33612345670", j.Phone.String())
	assert.Equal(t, contact.Label("mobile"), j.PhoneLabel)
	assert.Equal(t, map[string]string{"+33123456789": "work", "+33781223344": "whatsapp"}, accOtherPhones(j))
	assert.Equal(t, "Paris", j.City)
	assert.Equal(t, "FR", j.Country.String())
	assert.Equal(t, "1980-04-12", j.BirthDate.String())
	assert.Equal(t, []string{"Clients", "VIP"}, accTags(j))
	assert.Equal(t, []string{"Client depuis 2019, très fidèle\nAppeler le lundi"}, accNotes(t, svc, j.ID))

	var company contact.Contact
	for _, c := range accContacts(t, svc) {
		if c.Company == "Plomberie Martin" {
			company = c
		}
	}
	assert.Equal(t, "Plomberie Martin", company.Alias, "a card named only by FN keeps its name")
	assert.Equal(t, "+33478000001", company.Phone.String())
}

// An Android vCard 2.1: N/FN/ORG/NOTE in quoted-printable UTF-8 with a soft
// line break, TEL;CELL, the same number twice in one card.
func TestAcceptanceAndroidVCard21(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "android.vcf"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Created, run.outcomes())

	f := accByEmail(t, svc, "francoise.leveque@example.fr")
	assert.Equal(t, "Françoise", f.FirstName)
	assert.Equal(t, "Lévêque", f.LastName)
	assert.Equal(t, "Boulangerie Lévêque", f.Company)
	assert.Equal(t, []string{"+33698765432", "+33145678901"}, accStrings(f.Phones()), "the repeated number once")
	assert.Equal(t, contact.Label("mobile"), f.PhoneLabel)
	assert.Equal(t, map[string]string{"f.leveque@boulangerie.example.fr": "work"}, accOtherEmails(f))
	assert.Equal(t, []string{"Rencontrée au salon de Besançon, très intéressée par l’offre de printemps"}, accNotes(t, svc, f.ID))

	c := accByName(t, svc, "Chidi")
	assert.Equal(t, "+2348031234567", c.Phone.String())
	assert.Equal(t, "NG", c.Country.String(), "derived from the phone")
}

// A vCard 4.0 (Nextcloud): tel: URI, LANG, BDAY without a year, PREF=1.
func TestAcceptanceVCard40(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, accFile(t, "nextcloud4.vcf"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 1, run.res.Created, run.outcomes())
	a := accByEmail(t, svc, "aiko@tanaka.example.jp")
	assert.Equal(t, "Aiko", a.FirstName)
	assert.Equal(t, "Tanaka", a.LastName)
	assert.Equal(t, "aiko@tanaka.example.jp", a.Email.String())
	assert.Equal(t, contact.Label("work"), a.EmailLabel)
	assert.Equal(t, "+819012345678", a.Phone.String())
	assert.Equal(t, "ja", a.Language.String())
	assert.Equal(t, "--04-12", a.BirthDate.String())
	assert.Equal(t, "JP", a.Country.String())
	assert.Equal(t, "Tokyo", a.City)
	assert.Equal(t, []string{"Ligne 1\nLigne 2 avec une virgule, et un point-virgule;"}, accNotes(t, svc, a.ID))
}

// vCard 4.0 says which email is preferred with PREF=1 (and 3.0 with
// type=pref), not by order: the preferred one should become the primary.
func TestAcceptanceVCardPreferredEmailIsPrimary(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEMAIL;TYPE=home;PREF=2:ann.home@example.com\r\nEMAIL;TYPE=work;PREF=1:ann@work.example.com\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kim;Bo;;;\r\nEMAIL;type=INTERNET;type=HOME:bo.home@example.com\r\nEMAIL;type=INTERNET;type=WORK;type=pref:bo@work.example.com\r\nEND:VCARD\r\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(card), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, "ann@work.example.com", accByName(t, svc, "Ann").Email.String())
	assert.Equal(t, "bo@work.example.com", accByName(t, svc, "Bo").Email.String())
}

// Every header of the exports is matched by its header, never by guessing
// from values, and every vendor's email column is found.
func TestAcceptanceEveryVendorEmailColumn(t *testing.T) {
	for file, header := range map[string]string{
		"google.csv": "E-mail 1 - Value", "google_legacy.csv": "E-mail 1 - Value", "outlook.csv": "E-mail Address",
		"hubspot.csv": "Email", "mailchimp.csv": "Email Address", "activecampaign.csv": "Email", "excel_fr.csv": "E-mail",
	} {
		r, err := importer.Open(bytes.NewReader(accFile(t, file)), nil)
		require.NoError(t, err, file)
		sample, r, err := importer.Sample(r, 50)
		require.NoError(t, err, file)
		m := importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
		require.NoError(t, m.Validate(nil), file)
		i := slices.Index(r.Header(), header)
		require.GreaterOrEqual(t, i, 0, "%s: %q", file, header)
		assert.Equal(t, importer.KindEmail, m.Columns[i].Target.Kind, file)
		assert.Equal(t, importer.ReasonAlias, m.Columns[i].Reason.Kind, file)
		assert.True(t, strings.HasPrefix(m.Columns[i].Reason.String(), "header alias"), file)
	}
}

// Outlook writes several categories in one cell separated by ";" (no
// space): each is a tag.
func TestAcceptanceOutlookCategoriesSemicolon(t *testing.T) {
	svc := accService("FR")
	csv := "\"First Name\",\"Last Name\",\"E-mail Address\",\"Categories\"\r\n\"Ann\",\"Lee\",\"ann@example.com\",\"Customers;VIP\"\r\n"
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, []string{"Customers", "VIP"}, accTags(accByEmail(t, svc, "ann@example.com")))
}

// Outlook's Country/Region holds "United States of America" (its own list
// of countries), as do many ISO-style exports ("Korea, Republic of",
// "Russian Federation", "Czech Republic").
func TestAcceptanceOutlookCountryNames(t *testing.T) {
	for name, want := range map[string]string{
		"United States of America": "US", "Korea, Republic of": "KR", "Russian Federation": "RU", "Czech Republic": "CZ",
	} {
		got, err := importer.ParseCountry(name)
		if assert.NoError(t, err, name) {
			assert.Equal(t, want, got.String(), name)
		}
	}
}
