package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/contactkit/contactkit/list"
)

// Google Contacts' current CSV export: every column of its header set, two
// numbers in one cell (" ::: "), the "* " of the primary email's label,
// system labels, a birthday without a year, a US contact in a French
// workspace (its country decides its phones' region), Chinese names, a
// contact with a nickname and a phone only.
func TestAcc11GoogleCurrentCSV(t *testing.T) {
	svc, run := acc11Import(t, "google_current.csv", "FR", 4)
	acc11Targets(t, run, map[string]string{
		"First Name": "first_name", "Last Name": "last_name", "Nickname": "alias",
		"Organization Name": "company", "Organization Title": "job_title", "Birthday": "birth_date",
		"Notes": "notes", "Labels": "tags (google)",
		"E-mail 1 - Label": "email_label 1", "E-mail 1 - Value": "email 1",
		"E-mail 2 - Label": "email_label 2", "E-mail 2 - Value": "email 2",
		"E-mail 3 - Label": "email_label 3", "E-mail 3 - Value": "email 3",
		"Phone 1 - Label": "phone_label 1", "Phone 1 - Value": "phone 1",
		"Phone 2 - Label": "phone_label 2", "Phone 2 - Value": "phone 2",
		"Phone 3 - Label": "phone_label 3", "Phone 3 - Value": "phone 3",
		"Address 1 - City": "city", "Address 1 - Region": "state", "Address 1 - Country": "country",
	})
	acc11Ignored(t, run, "Middle Name", "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix",
		"Name Suffix", "File As", "Organization Department", "Photo", "Address 1 - Label", "Address 1 - Formatted",
		"Address 1 - Street", "Address 1 - PO Box", "Address 1 - Postal Code", "Address 1 - Extended Address",
		"Relation 1 - Label", "Relation 1 - Value", "Website 1 - Label", "Website 1 - Value", "Event 1 - Label",
		"Event 1 - Value", "Custom Field 1 - Label", "Custom Field 1 - Value")

	h := accByEmail(t, svc, "helene@atelier-lumiere.fr")
	assert.Equal(t, "Hélène", h.FirstName)
	assert.Equal(t, "Dupré-Lefèvre", h.LastName)
	assert.Equal(t, "Léna", h.Alias)
	assert.Equal(t, "Atelier Lumière", h.Company)
	assert.Equal(t, "Directrice artistique", h.JobTitle)
	assert.Equal(t, "1984-02-29", h.BirthDate.String())
	assert.Equal(t, "helene@atelier-lumiere.fr", h.Email.String())
	assert.Equal(t, map[string]string{"helene@atelier-lumiere.fr": "work", "helene.dupre@gmail.com": "home"}, acc11Emails(h))
	assert.Equal(t, "+33612345678", h.Phone.String())
	assert.Equal(t, map[string]string{"+33612345678": "mobile", "+33781223344": "mobile", "+33472001122": "work"}, acc11Phones(h))
	assert.Equal(t, "Lyon", h.City)
	assert.Equal(t, "Auvergne-Rhône-Alpes", h.State)
	assert.Equal(t, "FR", h.Country.String())
	assert.ElementsMatch(t, []string{"Clients", "starred"}, accTags(h))
	assert.Equal(t, []string{"Rencontrée à Lyon, salon Maison&Objet\nPréfère WhatsApp le soir"}, accNotes(t, svc, h.ID))

	j := accByEmail(t, svc, "jose.alvarez@example.com")
	assert.Equal(t, "José", j.FirstName)
	assert.Equal(t, "Álvarez Núñez", j.LastName)
	assert.Equal(t, "US", j.Country.String())
	assert.Equal(t, "--11-03", j.BirthDate.String())
	assert.Equal(t, map[string]string{"jose.alvarez@example.com": "other", "jose@baycoffee.example.com": "work"}, acc11Emails(j))
	assert.Equal(t, map[string]string{"+14155550132": "mobile", "+14155550199": "work", "+14155550175": "home"}, acc11Phones(j),
		"national US numbers read in the row's country, not the workspace's")
	assert.Equal(t, "San Francisco", j.City)
	assert.Equal(t, "CA", j.State)
	assert.Empty(t, accTags(j), "* myContacts is no tag")

	w := accByEmail(t, svc, "xiaoming.wang@example.cn")
	assert.Equal(t, "小明", w.FirstName)
	assert.Equal(t, "王", w.LastName)
	assert.Equal(t, "北京科技有限公司", w.Company)
	assert.Equal(t, "经理", w.JobTitle)
	assert.Equal(t, map[string]string{"+861065529988": "work"}, acc11Phones(w))
	assert.Equal(t, "1990-07-01", w.BirthDate.String())
	assert.Equal(t, []string{"Partners"}, accTags(w))

	var p bool
	for _, c := range accContacts(t, svc) {
		if c.Phone.String() == "+33698765432" {
			p = true
			assert.Equal(t, "Plombier", c.Alias)
			assert.Equal(t, []string{"Appelé le 3/4 pour la fuite\nDevis: 450 €"}, accNotes(t, svc, c.ID))
		}
	}
	assert.True(t, p, "the contact with a phone and a nickname only")
}

// Google's legacy "Google CSV": "Name" beside "Given Name", "Group
// Membership" with the old system group "* My Contacts", "E-mail 1 -
// Type", the organisation as "Organization 1 - …".
func TestAcc11GoogleLegacyCSV(t *testing.T) {
	svc, run := acc11Import(t, "google_legacy.csv", "FR", 2)
	acc11Targets(t, run, map[string]string{
		"Given Name": "first_name", "Family Name": "last_name", "Nickname": "alias",
		"Group Membership": "tags (google)", "E-mail 1 - Type": "email_label 1", "E-mail 1 - Value": "email 1",
		"Phone 1 - Type": "phone_label 1", "Phone 1 - Value": "phone 1",
		"Organization 1 - Name": "company", "Organization 1 - Title": "job_title", "Birthday": "birth_date", "Notes": "notes",
		"Address 1 - City": "city", "Address 1 - Country": "country",
	})
	acc11Ignored(t, run, "Name", "Additional Name", "Yomi Name", "Initials", "Short Name", "Maiden Name", "Gender",
		"Billing Information", "Directory Server", "Mileage", "Hobby", "Sensitivity", "Priority", "Subject", "Photo",
		"IM 1 - Type", "IM 1 - Service", "IM 1 - Value", "Organization 1 - Type", "Organization 1 - Yomi Name",
		"Organization 1 - Department", "Organization 1 - Symbol", "Organization 1 - Location",
		"Organization 1 - Job Description", "Website 1 - Type", "Website 1 - Value", "Address 1 - Formatted")

	s := accByEmail(t, svc, "soren.k@example.dk")
	assert.Equal(t, "Søren", s.FirstName)
	assert.Equal(t, "Kierkegaard", s.LastName)
	assert.Equal(t, "Københavns Universitet", s.Company)
	assert.Equal(t, "Lektor", s.JobTitle)
	assert.Equal(t, "DK", s.Country.String())
	assert.Equal(t, "København", s.City)
	assert.Equal(t, map[string]string{"soren.k@example.dk": "home", "sk@kobenhavn-uni.example.dk": "work"}, acc11Emails(s))
	assert.Equal(t, map[string]string{"+4520123456": "mobile", "+4531223344": "mobile", "+4535320000": "work"}, acc11Phones(s))
	assert.Equal(t, []string{"Friends"}, accTags(s), `the system group "* My Contacts" is no tag`)

	a := accByEmail(t, svc, "anais.martin@example.fr")
	assert.Equal(t, "Anaïs", a.FirstName)
	assert.Equal(t, "Nana", a.Alias)
	assert.Equal(t, "+33611223344", a.Phone.String())
	assert.Equal(t, []string{"Famille"}, accTags(a))
}

// Outlook desktop in English: Windows-1252, every column of its header
// set, an Exchange address, a fax, "0/0/00" anniversaries, categories.
func TestAcc11OutlookEnglishDesktop(t *testing.T) {
	svc, run := acc11Import(t, "outlook_en.csv", "US", 3)
	acc11Targets(t, run, map[string]string{
		"First Name": "first_name", "Last Name": "last_name", "Company": "company", "Job Title": "job_title",
		"Business City": "city", "Business State": "state", "Business Country/Region": "country",
		"Business Phone": "phone (work)", "Mobile Phone": "phone (mobile)", "Home Phone": "phone (home)",
		"Birthday": "birth_date", "Categories": "tags (outlook)", "E-mail Address": "email", "Notes": "notes",
	})
	acc11Ignored(t, run, "Title", "Middle Name", "Suffix", "Department", "Business Street", "Business Postal Code",
		"Business Fax", "Home Fax", "Other Fax", "Pager", "Anniversary", "E-mail Type", "E-mail Display Name",
		"E-mail 2 Display Name", "Gender", "Initials", "Priority", "Private", "Sensitivity", "Web Page",
		"Internet Free Busy", "Office Location")

	g := accByEmail(t, svc, "grace.oneill@northwind.example.com")
	assert.Equal(t, "Grace", g.FirstName)
	assert.Equal(t, "O'Neill", g.LastName)
	assert.Equal(t, "Northwind Traders", g.Company)
	assert.Equal(t, "Account Executive", g.JobTitle)
	assert.Equal(t, "1982-03-07", g.BirthDate.String())
	assert.Equal(t, "US", g.Country.String())
	assert.Equal(t, "Redmond", g.City)
	assert.Equal(t, "WA", g.State)
	assert.Equal(t, map[string]string{"grace.oneill@northwind.example.com": "", "grace.home@example.net": ""}, acc11Emails(g))
	assert.Equal(t, map[string]string{"+14255550100": "work", "+12065550188": "mobile", "+12065550177": "home"}, acc11Phones(g), "no fax")
	assert.ElementsMatch(t, []string{"Customers", "Key accounts"}, accTags(g))
	assert.Equal(t, []string{"Met at the Seattle expo.\r\nPrefers calls after 3pm."}, accNotes(t, svc, g.ID))

	b := accByEmail(t, svc, "bjoern.mueller@example.de")
	assert.Equal(t, "Björn", b.FirstName, "Windows-1252 read")
	assert.Equal(t, "Müller", b.LastName)
	assert.Equal(t, "DE", b.Country.String(), "the home country of a contact without a business address")
	assert.Equal(t, "München", b.City)
	assert.Equal(t, "1990-11-30", b.BirthDate.String())
	assert.Equal(t, map[string]string{"+4915123456789": "mobile", "+49891234567": "home"}, acc11Phones(b), "089 … read in Germany")

	p := accByEmail(t, svc, "priya.raman@contoso.example.com")
	assert.Equal(t, "priya.raman@contoso.example.com", p.Email.String(), "the Exchange address left out")
	assert.Equal(t, "GB", p.Country.String())
	assert.Equal(t, "+442079460958", p.Phone.String())
	assert.True(t, p.BirthDate.IsZero(), "0/0/00 is no birthday")
}

// Outlook desktop in French: Windows-1252, "Titre" twice (courtesy title
// then job title), "Tél. mobile", "Adresse de messagerie", day-first
// birthdays.
func TestAcc11OutlookFrenchDesktop(t *testing.T) {
	svc, run := acc11Import(t, "outlook_fr.csv", "FR", 2)
	acc11Targets(t, run, map[string]string{
		"Prénom": "first_name", "Nom": "last_name", "Société": "company",
		"Ville (bureau)": "city", "Pays/Région (bureau)": "country",
		"Téléphone (bureau)": "phone (work)", "Tél. mobile": "phone (mobile)", "Téléphone (domicile)": "phone (home)",
		"Anniversaire": "birth_date", "Catégories": "tags (outlook)", "Adresse de messagerie": "email",
		"Adresse de messagerie 2": "email 2", "Notes": "notes",
	})
	assert.Equal(t, "ignore", run.m.Columns[0].Target.String(), "the courtesy title")
	assert.Equal(t, "job_title", run.m.Columns[7].Target.String(), "the job title")
	acc11Ignored(t, run, "Télécopie (bureau)", "Anniversaire de mariage ou fête", "Type de messagerie",
		"Nom complet de l'adresse de messagerie", "Priorité", "Privé", "Sexe", "Code postal (bureau)", "Rue (bureau)")

	c := accByEmail(t, svc, "cecile@boulangerie-lefebvre.fr")
	assert.Equal(t, "Cécile", c.FirstName)
	assert.Equal(t, "Lefèbvre", c.LastName)
	assert.Equal(t, "Boulangerie Lefèbvre", c.Company)
	assert.Equal(t, "Gérante", c.JobTitle)
	assert.Equal(t, "Besançon", c.City)
	assert.Equal(t, "FR", c.Country.String())
	assert.Equal(t, "1979-07-14", c.BirthDate.String())
	assert.Equal(t, map[string]string{"+33381123456": "work", "+33671234567": "mobile"}, acc11Phones(c), "no fax")
	assert.ElementsMatch(t, []string{"Fournisseurs", "Boulangerie"}, accTags(c))
	assert.Equal(t, []string{"Livraison le mardi.\r\nCode portail : 1234"}, accNotes(t, svc, c.ID))

	f := accByEmail(t, svc, "francois.lemaitre@example.fr")
	assert.Equal(t, "François", f.FirstName)
	assert.Equal(t, "Lemaître", f.LastName)
	assert.Equal(t, "Nantes", f.City, "the home city")
	assert.Equal(t, "1965-01-02", f.BirthDate.String(), "02/01/1965 is the 2nd of January in a French file")
	assert.Equal(t, map[string]string{"francois.lemaitre@example.fr": "", "f.lemaitre@travail.example.fr": ""}, acc11Emails(f))
	assert.Equal(t, map[string]string{"+33240112233": "home", "+33755667788": "mobile"}, acc11Phones(f))
}

// Outlook.com (Outlook on the web): UTF-8 with a byte order mark, its own
// header set.
func TestAcc11OutlookCom(t *testing.T) {
	svc, run := acc11Import(t, "outlook_com.csv", "FR", 2)
	acc11Targets(t, run, map[string]string{
		"First Name": "first_name", "Last Name": "last_name", "Nickname": "alias", "E-mail Address": "email",
		"E-mail 2 Address": "email 2", "Mobile Phone": "phone (mobile)", "Business Phone": "phone (work)",
		"Home Phone": "phone (home)", "Job Title": "job_title", "Company": "company", "Birthday": "birth_date", "Notes": "notes",
	})
	acc11Ignored(t, run, "Title", "Given Yomi", "Surname Yomi", "IMAddress", "Company Yomi", "Business Fax", "Pager",
		"Anniversary", "Personal Web Page", "Spouse", "Schools", "Hobby", "Web Page")

	z := accByEmail(t, svc, "zoe.k@outlook.example.com")
	assert.Equal(t, "Zoë", z.FirstName)
	assert.Equal(t, "Kowalczyk", z.LastName)
	assert.Equal(t, "Zozo", z.Alias)
	assert.Equal(t, "Studio Wisła", z.Company)
	assert.Equal(t, "Kraków", z.City)
	assert.Equal(t, "PL", z.Country.String())
	assert.Equal(t, "1991-04-17", z.BirthDate.String())
	assert.Equal(t, map[string]string{"+48601234567": "mobile", "+48221234567": "work"}, acc11Phones(z))
	assert.Len(t, z.OtherEmails, 1)

	l := accByEmail(t, svc, "liam.walsh@example.ie")
	assert.Equal(t, "IE", l.Country.String())
	assert.Equal(t, "Dublin", l.City)
	assert.Equal(t, "+35312345678", l.Phone.String())
}

// HubSpot: "Additional email addresses" split by ";", "Unsubscribed from
// all email", its CRM columns ignored, "Country/Region" by name.
func TestAcc11HubSpot(t *testing.T) {
	svc, run := acc11Import(t, "hubspot.csv", "FR", 3)
	acc11Targets(t, run, map[string]string{
		"First Name": "first_name", "Last Name": "last_name", "Email": "email", "Phone Number": "phone",
		"Mobile Phone Number": "phone (mobile)", "Company Name": "company", "Job Title": "job_title", "City": "city",
		"State/Region": "state", "Country/Region": "country", "Additional email addresses": "email",
		"Unsubscribed from all email": "unsubscribed (email)", "Date of birth": "birth_date",
	})
	acc11Ignored(t, run, "Record ID", "Street Address", "Postal Code", "Contact owner", "Lifecycle Stage", "Lead Status",
		"Marketing contact status", "Create Date", "Last Activity Date", "Last Modified Date", "Associated Company")

	i := accByEmail(t, svc, "ingrid.odegard@fjord.example.no")
	assert.Equal(t, "Ødegård", i.LastName)
	assert.Equal(t, "NO", i.Country.String())
	assert.Equal(t, "1979-12-03", i.BirthDate.String())
	assert.Equal(t, map[string]string{"+4722334455": "", "+4741234567": "mobile"}, acc11Phones(i))
	assert.ElementsMatch(t, []string{"ingrid.odegard@fjord.example.no", "ingrid@gmail.example.com", "i.odegard@fjord-old.example.no"}, accStrings(i.Emails()))
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "ingrid@gmail.example.com"))

	k := accByEmail(t, svc, "kwame.mensah@example.gh")
	assert.Equal(t, "GH", k.Country.String())
	assert.Equal(t, "+233241234567", k.Phone.String())
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "kwame.mensah@example.gh"))

	e := accByEmail(t, svc, "emilie.roux@example.fr")
	assert.Equal(t, "Émilie", e.FirstName)
	assert.Equal(t, "Roux & Fils", e.Company)
	assert.Equal(t, "Île-de-France", e.State)
	assert.Equal(t, map[string]string{"+33123456789": "", "+33612121212": "mobile"}, acc11Phones(e))
}

// Mailchimp's export of subscribed members: every one subscribed, its
// TAGS, birthdays without a year, the geolocation columns ignored.
func TestAcc11MailchimpSubscribed(t *testing.T) {
	svc, run := acc11Import(t, "mailchimp_subscribed.csv", "US", 2)
	acc11Targets(t, run, map[string]string{
		"Email Address": "email", "First Name": "first_name", "Last Name": "last_name", "Phone Number": "phone",
		"Birthday": "birth_date", "NOTES": "notes", "TAGS": "tags (mailchimp)",
	})
	acc11Ignored(t, run, "Address", "MEMBER_RATING", "OPTIN_TIME", "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE",
		"LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC", "LAST_CHANGED", "LEID", "EUID")

	d := accByEmail(t, svc, "dana.scully@example.com")
	assert.Equal(t, "Dana", d.FirstName)
	assert.Equal(t, "+14105550123", d.Phone.String())
	assert.Equal(t, "--02-23", d.BirthDate.String())
	assert.ElementsMatch(t, []string{"VIP", "Newsletter"}, accTags(d))
	assert.Equal(t, []string{"Met at conference"}, accNotes(t, svc, d.ID))
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "dana.scully@example.com"))

	f := accByEmail(t, svc, "fox.mulder@example.org")
	assert.Equal(t, "+12025550147", f.Phone.String())
	assert.Equal(t, "--10-13", f.BirthDate.String())
}

// Mailchimp's export of unsubscribed members, imported as it comes (no
// suppression option): the file has no status column, each row's
// UNSUB_TIME says when the address unsubscribed. Importing it must not
// make anyone subscribed (L4).
func TestAcc11MailchimpUnsubscribedExport(t *testing.T) {
	svc, run := acc11Import(t, "mailchimp_unsubscribed.csv", "US", 2)
	for _, a := range []string{"walter.skinner@example.com", "monica.reyes@example.net"} {
		assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, a), "%s\n%s", a, run.mappingText())
	}
	w := accByEmail(t, svc, "walter.skinner@example.com")
	assert.Equal(t, "Skinner", w.LastName)
	assert.Equal(t, []string{"Customer"}, accTags(w))
}

// Mailchimp's export of cleaned members (addresses that bounced): CLEAN_TIME
// says when. Importing it must not make the address subscribed.
func TestAcc11MailchimpCleanedExport(t *testing.T) {
	svc, run := acc11Import(t, "mailchimp_cleaned.csv", "US", 1)
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "john.doggett@example.invalid.com"), run.mappingText())
}

// ActiveCampaign: "Account" is the company, its "Consent" column read,
// tags separated by commas.
func TestAcc11ActiveCampaign(t *testing.T) {
	svc, run := acc11Import(t, "activecampaign.csv", "FR", 2)
	acc11Targets(t, run, map[string]string{
		"Email": "email", "First Name": "first_name", "Last Name": "last_name", "Phone": "phone",
		"Account": "company", "Job Title": "job_title", "Tags": "tags", "Birthday": "birth_date", "Consent": "consent (email)",
	})
	acc11Ignored(t, run, "Contact ID", "Date Created", "Date Updated", "IP Address", "Lists")

	g := accByEmail(t, svc, "greta.lindqvist@example.se")
	assert.Equal(t, "Nordic Design AB", g.Company)
	assert.Equal(t, "+46701234567", g.Phone.String())
	assert.Equal(t, "SE", g.Country.String(), "from the phone")
	assert.ElementsMatch(t, []string{"webinar-2024", "vip"}, accTags(g))
	assert.Equal(t, "1988-08-08", g.BirthDate.String())

	tq := accByEmail(t, svc, "tariq.haddad@example.ae")
	assert.Equal(t, "+971501234567", tq.Phone.String())
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "tariq.haddad@example.ae"))
}

// Google Contacts' legacy "Outlook CSV" export: Outlook's columns in
// Google's order, with "Home Country" and "Business Country" (not
// "…/Region"), formatted addresses and "ISDN".
func TestAcc11GoogleOutlookCSV(t *testing.T) {
	svc, run := acc11Import(t, "google_outlook.csv", "FR", 2)
	acc11Targets(t, run, map[string]string{
		"First Name": "first_name", "Last Name": "last_name", "Birthday": "birth_date", "Notes": "notes",
		"E-mail Address": "email", "E-mail 2 Address": "email 2", "Mobile Phone": "phone (mobile)", "Home Phone": "phone (home)",
		"Business Phone": "phone (work)", "Company": "company", "Job Title": "job_title", "Categories": "tags (outlook)",
	})
	acc11Ignored(t, run, "Home Address", "Business Address", "Other Address", "Home Street", "Home Postal Code", "Business Fax",
		"Home Fax", "Pager", "ISDN", "Anniversary", "Gender", "Sensitivity", "Priority", "Private", "Web Page")

	i := accByEmail(t, svc, "ines.benali@example.fr")
	assert.Equal(t, "Inès", i.FirstName)
	assert.Equal(t, "1986-09-14", i.BirthDate.String())
	assert.Equal(t, "Rennes", i.City)
	assert.Equal(t, "FR", i.Country.String())
	assert.Equal(t, "Ferme Benali", i.Company)
	assert.Equal(t, "Agricultrice", i.JobTitle)
	assert.Equal(t, map[string]string{"+33644556677": "mobile", "+33299001122": "home"}, acc11Phones(i))
	assert.Equal(t, []string{"Producteurs"}, accTags(i))
	assert.Equal(t, []string{"Rencontrée au Salon\nde l'Agriculture"}, accNotes(t, svc, i.ID))

	m := accByEmail(t, svc, "marco.rossi@example.it")
	assert.Equal(t, "IT", m.Country.String())
	assert.Equal(t, "Milano", m.City)
	assert.Equal(t, "+390212345678", m.Phone.String())
}

// Google Contacts' phone labels include "Work Fax" and "Home Fax": a fax
// is no phone of the contact (no call, SMS or WhatsApp reaches it), as
// Outlook's fax columns and a vCard's FAX are not, and colleagues share
// the office's. The primary mark without a label ("* ") is no label.
func TestAcc11GoogleFaxAndBareMark(t *testing.T) {
	svc, run := acc11Import(t, "google_fax.csv", "FR", 2)
	p := accByEmail(t, svc, "paul.girard@notaires-girard.example.fr")
	assert.Equal(t, map[string]string{"+33144556677": "work", "+33620304050": "mobile"}, acc11Phones(p), run.outcomes())
	assert.Equal(t, "", string(p.EmailLabel), `"* " is the primary mark alone`)
	c := accByEmail(t, svc, "claire.girard@notaires-girard.example.fr")
	assert.Equal(t, map[string]string{"+33620304051": "mobile"}, acc11Phones(c))
}

// The English Outlook export imported in a French workspace: each row's
// phones are read in its country (a business one, else a home one), and
// its birthdays in the month-first order its values show.
func TestAcc11OutlookEnglishInAFrenchWorkspace(t *testing.T) {
	svc, _ := acc11Import(t, "outlook_en.csv", "FR", 3)
	g := accByEmail(t, svc, "grace.oneill@northwind.example.com")
	assert.Equal(t, map[string]string{"+14255550100": "work", "+12065550188": "mobile", "+12065550177": "home"}, acc11Phones(g))
	assert.Equal(t, "1982-03-07", g.BirthDate.String())
	b := accByEmail(t, svc, "bjoern.mueller@example.de")
	assert.Equal(t, map[string]string{"+4915123456789": "mobile", "+49891234567": "home"}, acc11Phones(b))
	assert.Equal(t, "1990-11-30", b.BirthDate.String())
}

// HubSpot writes an opt-out column per subscription type ("Opted out of
// email: Marketing Information"): each is an opt-out of the email, which
// contactkit keeps as one consent an address, so any of them unsubscribes
// it, beside "Unsubscribed from all email".
func TestHubSpotSubscriptionOptOuts(t *testing.T) {
	csv := "First Name,Last Name,Email,Opted out of email: Marketing Information,Opted out of email: One to One,Unsubscribed from all email\n" +
		"Ann,Lee,ann@example.com,true,false,false\n" +
		"Bob,Ray,bob@example.com,false,true,\n" +
		"Cat,Orr,cat@example.com,false,false,false\n"
	svc := accService("US")
	run := accImport(t, svc, []byte(csv), "US", nil, nil)
	assert.NoError(t, run.err)
	acc11Targets(t, run, map[string]string{
		"Opted out of email: Marketing Information": "unsubscribed (email)",
		"Opted out of email: One to One":            "unsubscribed (email)",
		"Unsubscribed from all email":               "unsubscribed (email)",
	})
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "ann@example.com"), run.mappingText())
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "bob@example.com"))
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "cat@example.com"))
}
