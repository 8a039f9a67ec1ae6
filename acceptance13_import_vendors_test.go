package contactkit_test

// Acceptance tests of the thirteenth round: vendors' exports written as
// the vendors write them (their header rows, values made up), with the
// quirks real exports have, imported in a French workspace.

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
)

// Google Contacts' current export: several values in a cell after " ::: ",
// the primary's label marked "* " (a bare "* " for one without a label),
// the system groups marked "* " ("* myContacts" is no tag, "* starred"
// is), a fax among the phones, a note over two lines, a birthday without
// a year, a formatted address over lines beside its parts.
func TestAcceptance13ImportGoogleCurrent(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, acc13Testdata(t, "google_current.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 3, run.res.Created, run.outcomes()+run.mappingText())
	assert.Equal(t, importer.Target{Kind: importer.KindTags, Label: importer.TagsGoogle}, run.target("Labels"))
	assert.Equal(t, importer.KindIgnore, run.target("Address 1 - Formatted").Kind)

	e := accByEmail(t, svc, "elodie@boulangerie-martin.fr")
	assert.Equal(t, "Lolo", e.Alias)
	assert.Equal(t, "work", string(e.EmailLabel))
	assert.Equal(t, map[string]string{"contact@boulangerie-martin.fr": "work", "elodie.martin@gmail.com": "home"}, accOtherEmails(e))
	assert.Equal(t, "+33611223344", e.Phone.String())
	assert.Equal(t, "mobile", string(e.PhoneLabel))
	assert.Equal(t, map[string]string{"+33611223344": "mobile", "+33145678910": "work", "+33145678911": "work"}, acc11Phones(e), "the fax is no phone of hers")
	assert.Equal(t, []string{"starred", "Clients VIP", "Boulangers"}, accStrings(e.Tags))
	assert.Equal(t, "1984-03-17", e.BirthDate.String())
	assert.Equal(t, "Paris", e.City)
	assert.Equal(t, "Île-de-France", e.State)
	assert.Equal(t, "FR", e.Country.String())
	assert.Equal(t, "Gérante", e.JobTitle)
	assert.Equal(t, []string{"Cliente depuis 2019\nRappeler en mars"}, accNotes(t, svc, e.ID))

	tom := accByEmail(t, svc, "tom.baker@example.co.uk")
	assert.Empty(t, string(tom.EmailLabel), "a bare \"* \" is the primary mark alone")
	assert.Equal(t, "GB", tom.Country.String(), "\"United Kingdom\" by name")
	assert.Equal(t, "+447911123456", tom.Phone.String(), "a national number in the row's country")
	assert.Equal(t, "--11-23", tom.BirthDate.String())
	assert.Empty(t, tom.Tags, "* myContacts is every contact's group")

	acme := accByEmail(t, svc, "ventes@acme.example")
	assert.Equal(t, "ACME Corp", acme.Company)
	assert.Equal(t, []string{"Fournisseurs"}, accStrings(acme.Tags))
	assert.Equal(t, "+14155550132", acme.Phone.String())
}

// The legacy "Google CSV" export: "Group Membership" with "* My
// Contacts", "E-mail 1 - Type", "Organization 1 - Name", and a Language as
// the user typed it ("Français", "Italiano").
func TestAcceptance13ImportGoogleLegacy(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, acc13Testdata(t, "google_legacy.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, run.outcomes()+run.mappingText())
	j := accByEmail(t, svc, "jean.dupont@example.fr")
	assert.Equal(t, "Jeannot", j.Alias)
	assert.Equal(t, "fr", j.Language.String())
	assert.Equal(t, "Dupont Plomberie", j.Company)
	assert.Equal(t, "Gérant", j.JobTitle)
	assert.Equal(t, "Lyon", j.City)
	assert.Equal(t, []string{"Artisans"}, accStrings(j.Tags))
	assert.Equal(t, map[string]string{"jd@example.fr": "home", "contact@dupont-plomberie.example": "work"}, accOtherEmails(j))
	s := accByEmail(t, svc, "sofia.rossi@example.it")
	assert.Equal(t, "it", s.Language.String())
	assert.Equal(t, "IT", s.Country.String(), "\"Italia\" by name")
	assert.Equal(t, []string{"Starred"}, accStrings(s.Tags))
}

// HubSpot's export: the lifecycle stage, lead status, owner (a person's
// name, no user of the host) and dates are not imported; "Unsubscribed
// from all email" unsubscribes; the additional emails, ";" between them,
// are secondary; the preferred language is a name.
func TestAcceptance13ImportHubSpot(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, acc13Testdata(t, "hubspot.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 3, run.res.Created, run.outcomes()+run.mappingText())
	for _, h := range []string{"Record ID", "Lifecycle Stage", "Lead Status", "Contact owner", "Create Date", "Marketing contact status", "Associated Company"} {
		assert.Equal(t, importer.KindIgnore, run.target(h).Kind, h)
	}
	g := accByEmail(t, svc, "grace@navy.example")
	assert.Empty(t, g.Assignee, "the owner's name is no user ID")
	assert.Equal(t, []string{"grace@navy.example", "g.hopper@example.org", "grace.h@example.com"}, accStrings(g.Emails()))
	assert.Equal(t, "en", g.Language.String())
	assert.Equal(t, "US", g.Country.String())
	assert.Equal(t, "+12025550147", g.Phone.String())
	assert.Equal(t, map[string]string{"+12025550147": "", "+12025550199": "mobile"}, acc11Phones(g))
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "grace@navy.example"))
	l := accByEmail(t, svc, "lucia@example.es")
	assert.Equal(t, "es", l.Language.String())
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "lucia@example.es"))
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelWhatsApp, "+34612345678"), "an email opt-out is about email")
}

// Mailchimp's three exports imported in turn into one workspace, then the
// subscribed one again: the unsubscribed and cleaned members end
// unsubscribed, and the second import of the subscribed export
// resubscribes nobody (L4).
func TestAcceptance13ImportMailchimpInTurn(t *testing.T) {
	svc := accService("FR")
	for _, f := range []string{"mailchimp_subscribed.csv", "mailchimp_unsubscribed.csv", "mailchimp_cleaned.csv", "mailchimp_subscribed.csv"} {
		run := accImport(t, svc, acc13Testdata(t, f), "FR", nil, nil)
		require.NoError(t, run.err, f)
		require.Zero(t, run.res.Failed, "%s: %s", f, run.outcomes())
	}
	for email, want := range map[string]list.ConsentStatus{
		"ada@example.com": list.ConsentSubscribed, "cy@example.de": list.ConsentSubscribed,
		"bob@example.fr": list.ConsentUnsubscribed, "dan@example.com": list.ConsentUnsubscribed, "gone@example.net": list.ConsentUnsubscribed,
	} {
		assert.Equal(t, want, accConsent(t, svc, list.ChannelEmail, email), email)
	}
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelSMS, "+33612345678"), "UNSUB_TIME is about email")
	bob := accByEmail(t, svc, "bob@example.fr")
	assert.Equal(t, []string{"Customer"}, accStrings(bob.Tags))
	assert.Equal(t, "--03-25", bob.BirthDate.String())
	assert.Len(t, accContacts(t, svc), 5)
}

// ActiveCampaign's export: "Organization" is the company (and "Account",
// see TestAcceptance13ImportCompanyFromItsOtherColumn); the tags are
// listed by commas; an Irish number
// without a country fails its row in a French workspace, naming the
// region it was read in, and imports once the region is given.
func TestAcceptance13ImportActiveCampaign(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, acc13Testdata(t, "activecampaign.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 1, run.res.Created, run.outcomes())
	eve := accByEmail(t, svc, "eve@example.com")
	assert.Equal(t, "Adams & Co", eve.Company)
	assert.Equal(t, []string{"vip", "webinar-2024"}, accStrings(eve.Tags))
	finn := run.row(t, 3)
	require.Equal(t, contactkit.ImportFailed, finn.Outcome)
	require.Len(t, finn.Err.Problems, 1)
	assert.Equal(t, "FR", finn.Err.Problems[0].Region)

	again := accImport(t, svc, run.failed.Bytes(), "IE", &contactkit.ImportOptions{DefaultRegion: "IE"}, nil)
	require.NoError(t, again.err)
	assert.Equal(t, 1, again.res.Created, again.outcomes())
	f := accByEmail(t, svc, "finn@example.ie")
	assert.Equal(t, "+353871234567", f.Phone.String())
}

// The failed-rows file of a French Excel file (semicolons, Windows-1252),
// opened in Excel and saved as Excel saves it (Windows-1252 again, no byte
// order mark, CRLF, the "Import error" column kept), its bad cells fixed:
// its rows import, accents whole, and the rows that were fine are not
// imported twice.
func TestAcceptance13ImportFailedRowsThroughExcel(t *testing.T) {
	enc := charmap.Windows1252.NewEncoder()
	file, err := enc.String("Prénom;Nom;E-mail;Téléphone;Société;Date de naissance\r\n" +
		"Hélène;Dupré;helene@example.fr;06 12 34 56 78;Société Générale;13/05/1990\r\n" +
		"Zoë;Œuvray;zoe@example;06 23 45 67 89;Cœur & Cie;04/05/1991\r\n" +
		"François;Lefèvre;francois@example.fr;0612;;\r\n")
	require.NoError(t, err)
	svc := accService("FR")
	run := accImport(t, svc, []byte(file), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	require.Equal(t, 2, run.res.Failed)

	// Excel opens the failed rows (UTF-8 after a BOM, semicolons) and the
	// user fixes the two bad cells, then saves as CSV: Windows-1252.
	fixed := strings.NewReplacer("zoe@example;", "zoe@example.fr;", ";0612;", ";06 34 56 78 90;").Replace(strings.TrimPrefix(run.failed.String(), "\ufeff"))
	require.Contains(t, fixed, "Import error")
	saved, err := enc.String(strings.ReplaceAll(fixed, "\n", "\r\n"))
	require.NoError(t, err)
	again := accImport(t, svc, []byte(saved), "FR", nil, nil)
	require.NoError(t, again.err)
	assert.Equal(t, 2, again.res.Created, "%s\n%s", again.outcomes(), fixed)
	assert.Equal(t, importer.KindIgnore, again.target("Import error").Kind)
	z := accByEmail(t, svc, "zoe@example.fr")
	assert.Equal(t, "Œuvray", z.LastName)
	assert.Equal(t, "Cœur & Cie", z.Company)
	assert.Equal(t, "1991-05-04", z.BirthDate.String(), "the file's day-first date, written ISO in the failed rows")
	assert.Equal(t, "François", accByEmail(t, svc, "francois@example.fr").FirstName)
	assert.Len(t, accContacts(t, svc), 3)
}
