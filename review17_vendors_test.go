package contactkit_test

// Review of the import of the exports users bring from Shopify (customers),
// Klaviyo (profiles) and Brevo (contacts): their header rows as the vendors
// write them, values made up, imported through the Service with the
// suggested mapping and no adjustment, consent read by the import's rules
// (L3, L4): a no or an unsubscribe unsubscribes, a never-subscribed leaves
// the address as it was, and nothing resubscribes.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// review17Consent returns the ledger's consent of an address.
func review17Consent(t *testing.T, svc *contactkit.Service, chn list.Channel, addr string) list.Consent {
	t.Helper()
	c, err := svc.AddressConsent(context.Background(), accOwner, chn, addr)
	require.NoError(t, err)
	return c
}

// review17OptInService is a French workspace whose policy leaves new
// addresses unsubscribed until they opt in.
func review17OptInService() *contactkit.Service {
	return contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}})
}

// Shopify's current customer export: the customer ID with its apostrophe,
// the default address's phone before the customer's own, yes and no
// consent, the province and country by their codes.
const review17Shopify = "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags\n" +
	"'7210448301122,Teodoro,Villaseñor,teo@example.com,no,Villaseñor Ranch,HC 31 Box 4500,,Elko,NV,US,89801,(775) 555-0154,(775) 555-0199,yes,7790.44,6,Cattle ranch.,no,\"retail, ranch\"\n" +
	"'7210448301123,Ann,Lee,ann@example.fr,yes,Boulangerie Lee,12 rue de la Paix,,Paris,,FR,75002,01 42 68 53 00,06 12 34 56 78,no,120.00,2,,no,vip\n" +
	"'7210448301124,Léa,Martin,lea@example.fr,,,,,,,,,,06 23 45 67 89,,0.00,0,,no,\n"

func TestReviewVendorsShopifyImport(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, []byte(review17Shopify), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 3, run.res.Created, run.outcomes()+run.mappingText())
	for _, h := range []string{"Customer ID", "Total Spent", "Total Orders", "Tax Exempt", "Default Address Zip"} {
		assert.Equal(t, importer.KindIgnore, run.target(h).Kind, h)
	}

	teo := accByEmail(t, svc, "teo@example.com")
	assert.Equal(t, "Teodoro", teo.FirstName)
	assert.Equal(t, "Villaseñor Ranch", teo.Company)
	assert.Equal(t, "Elko", teo.City)
	assert.Equal(t, "NV", teo.State)
	assert.Equal(t, "US", teo.Country.String())
	assert.Equal(t, map[string]string{"+17755550154": "", "+17755550199": "mobile"}, acc11Phones(teo),
		"national numbers read in the row's country; the customer's phone is the mobile; the customer ID is no phone")
	assert.Equal(t, []string{"retail", "ranch"}, accStrings(teo.Tags))
	assert.Equal(t, []string{"Cattle ranch."}, accNotes(t, svc, teo.ID))
	assert.Empty(t, teo.Fields, "the totals are the caller's to map")
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "teo@example.com"), "Accepts Email Marketing: no")

	ann := accByEmail(t, svc, "ann@example.fr")
	assert.Equal(t, "FR", ann.Country.String())
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "ann@example.fr"))
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelSMS, "+33612345678"), "Accepts SMS Marketing: no, about her phone")
	addr := review17Consent(t, svc, list.ChannelSMS, "+33142685300")
	assert.Equal(t, list.ConsentSubscribed, addr.Status, "the address's phone is not hers to unsubscribe")
	assert.True(t, addr.Default, "nothing recorded for the address's phone")
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelWhatsApp, "+33612345678"), "an SMS consent is about SMS")

	lea := accByEmail(t, svc, "lea@example.fr")
	assert.Equal(t, "FR", lea.Country.String(), "derived from her phone: a Tax Exempt of \"no\" is no country (Norway)")
	assert.Equal(t, "+33623456789", lea.Phone.String(), "read in the workspace's region")
	assert.True(t, review17Consent(t, svc, list.ChannelEmail, "lea@example.fr").Default, "a blank consent cell says nothing")

	// Imported again, with every consent a yes: nobody is resubscribed.
	yes := "Email,Accepts Email Marketing,Phone,Accepts SMS Marketing\n" +
		"teo@example.com,yes,(775) 555-0199,yes\n" +
		"ann@example.fr,yes,+33 6 12 34 56 78,yes\n"
	again := accImport(t, svc, []byte(yes), "FR", &contactkit.ImportOptions{DefaultRegion: "US"}, nil)
	require.NoError(t, again.err)
	require.Equal(t, 2, again.res.Updated, again.outcomes()+again.mappingText())
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "teo@example.com"))
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelSMS, "+33612345678"))
}

// In a workspace whose new addresses wait for their opt-in, a Shopify
// customer's "yes" opts in the customer's phone, never the address's.
func TestReviewVendorsShopifyOptInIsTheCustomersPhone(t *testing.T) {
	svc := review17OptInService()
	run := accImport(t, svc, []byte(review17Shopify), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 3, run.res.Created, run.outcomes())
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelSMS, "+17755550199"), "Accepts SMS Marketing: yes")
	addr := review17Consent(t, svc, list.ChannelSMS, "+17755550154")
	assert.Equal(t, list.ConsentUnsubscribed, addr.Status, "the default address's phone gave no consent")
	assert.True(t, addr.Default)
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "ann@example.fr"), "Accepts Email Marketing: yes")
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "teo@example.com"))
}

// Shopify's legacy export: "Accepts Marketing" is about email, the one
// phone a phone as any other.
func TestReviewVendorsShopifyLegacyImport(t *testing.T) {
	file := "First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,Accepts Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt\n" +
		"John,Doe,john.doe@example.com,,123 Fake Street,,Ottawa,Ontario,ON,Canada,CA,K1A 0B1,613-555-0142,no,100,1,,,yes\n" +
		"Jane,Roe,jane@example.ca,Roe Inc.,1 Main St,,Toronto,,ON,,CA,M5V 2T6,416-555-0117,yes,20,1,wholesale,Call first,no\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(file), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, run.outcomes()+run.mappingText())
	john := accByEmail(t, svc, "john.doe@example.com")
	assert.Equal(t, "Ontario", john.State)
	assert.Equal(t, "CA", john.Country.String(), "\"Canada\" by name")
	assert.Equal(t, map[string]string{"+16135550142": ""}, acc11Phones(john))
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "john.doe@example.com"))
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelSMS, "+16135550142"), "Accepts Marketing is about email")
	jane := accByEmail(t, svc, "jane@example.ca")
	assert.Equal(t, "ON", jane.State, "the province's code where its name is blank")
	assert.Equal(t, "CA", jane.Country.String(), "the country's code where its name is blank")
	assert.Equal(t, "+14165550117", jane.Phone.String())
	assert.Equal(t, "Roe Inc.", jane.Company)
	assert.Equal(t, []string{"Call first"}, accNotes(t, svc, jane.ID))
}

// Klaviyo's profile export, with its three consent values.
const review17Klaviyo = "Email,Klaviyo ID,First Name,Last Name,Organization,Title,Phone Number,Address,Address 2,City,State / Region,Country,Zip Code,Source,Email Marketing Consent,Email Marketing Consent Timestamp,SMS Marketing Consent,SMS Marketing Consent Timestamp,Total Customer Lifetime Value,Profile Created On,Date Added,Last Open,Last Click\n" +
	"ann@example.com,01HX0001,Ann,Lee,Lee Bakery,Buyer,+33612345678,12 rue de la Paix,,Paris,Île-de-France,France,75002,Shopify,SUBSCRIBED,2025-09-01 12:00:00,SUBSCRIBED,2025-09-01 12:00:00,150.00,2025-09-01 12:00:00,2025-09-01 12:00:00,2025-09-06 10:15:00,2025-09-05 14:20:00\n" +
	"bob@example.com,01HX0002,Bob,Stone,,,+33623456789,,,Lyon,,France,,Website,UNSUBSCRIBED,2025-08-01 09:00:00,NEVER_SUBSCRIBED,,0.00,2025-01-01 09:00:00,2025-01-01 09:00:00,,\n" +
	"cy@example.com,01HX0003,Cy,Young,,,+33634567890,,,,,,,Website,NEVER_SUBSCRIBED,,NEVER_SUBSCRIBED,,0.00,2025-02-01 09:00:00,2025-02-01 09:00:00,,\n" +
	"old@example.com,01HX0004,Olga,Dray,,,,,,,,,,Website,NEVER_SUBSCRIBED,,,,0.00,2024-02-01 09:00:00,2024-02-01 09:00:00,,\n"

func TestReviewVendorsKlaviyoImport(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	// Olga unsubscribed before: Klaviyo never subscribed her, which says
	// nothing against her choice.
	_, err := svc.UnsubscribeAddress(ctx, accOwner, list.ChannelEmail, "old@example.com", "asked by phone")
	require.NoError(t, err)

	run := accImport(t, svc, []byte(review17Klaviyo), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 4, run.res.Created, run.outcomes()+run.mappingText())
	assert.Equal(t, importer.KindIgnore, run.target("Klaviyo ID").Kind)
	assert.Equal(t, importer.KindIgnore, run.target("Total Customer Lifetime Value").Kind)

	ann := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "Lee Bakery", ann.Company)
	assert.Equal(t, "Buyer", ann.JobTitle)
	assert.Equal(t, "Paris", ann.City)
	assert.Equal(t, "Île-de-France", ann.State)
	assert.Equal(t, "FR", ann.Country.String())
	assert.Equal(t, "+33612345678", ann.Phone.String())
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "ann@example.com"))
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelSMS, "+33612345678"))

	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "bob@example.com"), "UNSUBSCRIBED")
	for _, c := range []struct {
		chn  list.Channel
		addr string
	}{{list.ChannelSMS, "+33623456789"}, {list.ChannelEmail, "cy@example.com"}, {list.ChannelSMS, "+33634567890"}} {
		got := review17Consent(t, svc, c.chn, c.addr)
		assert.Equal(t, list.ConsentSubscribed, got.Status, "%s %s: NEVER_SUBSCRIBED unsubscribes nothing", c.chn, c.addr)
		assert.True(t, got.Default, "%s %s: NEVER_SUBSCRIBED records nothing", c.chn, c.addr)
	}
	olga := review17Consent(t, svc, list.ChannelEmail, "old@example.com")
	assert.Equal(t, list.ConsentUnsubscribed, olga.Status, "NEVER_SUBSCRIBED leaves her unsubscribe as it was")
	assert.False(t, olga.Default)

	// Bob subscribes in Klaviyo later; its next export does not
	// resubscribe him here (L4), and Cy's never-subscribed stays as it was.
	later := "Email,Email Marketing Consent,SMS Marketing Consent\n" +
		"bob@example.com,SUBSCRIBED,SUBSCRIBED\n" +
		"cy@example.com,NEVER_SUBSCRIBED,\n"
	again := accImport(t, svc, []byte(later), "FR", nil, nil)
	require.NoError(t, again.err)
	require.Equal(t, 2, again.res.Updated, again.outcomes()+again.mappingText())
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "bob@example.com"), "an unsubscribe is kept on re-import")
	assert.True(t, review17Consent(t, svc, list.ChannelEmail, "cy@example.com").Default)
}

// In a workspace whose new addresses wait for their opt-in, Klaviyo's
// SUBSCRIBED opts in and NEVER_SUBSCRIBED does not.
func TestReviewVendorsKlaviyoOptIn(t *testing.T) {
	svc := review17OptInService()
	run := accImport(t, svc, []byte(review17Klaviyo), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 4, run.res.Created, run.outcomes())
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "ann@example.com"))
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelSMS, "+33612345678"))
	for _, c := range []struct {
		chn  list.Channel
		addr string
	}{{list.ChannelEmail, "cy@example.com"}, {list.ChannelSMS, "+33634567890"}, {list.ChannelSMS, "+33623456789"}, {list.ChannelEmail, "old@example.com"}} {
		got := review17Consent(t, svc, c.chn, c.addr)
		assert.Equal(t, list.ConsentUnsubscribed, got.Status, "%s %s: NEVER_SUBSCRIBED opts nobody in", c.chn, c.addr)
		assert.True(t, got.Default, "%s %s: still waiting for an opt-in", c.chn, c.addr)
	}
	assert.False(t, review17Consent(t, svc, list.ChannelEmail, "bob@example.com").Default, "UNSUBSCRIBED is a choice")
}

// Brevo's contact export, semicolons between its cells: SMS is the
// mobile, and the primary phone; in an account in French, the names are
// NOM and PRENOM.
func TestReviewVendorsBrevoImport(t *testing.T) {
	svc := accService("FR")
	file := "EMAIL;FIRSTNAME;LASTNAME;SMS;WHATSAPP;LANDLINE_NUMBER;EXT_ID;ADDED_TIME;MODIFIED_TIME\n" +
		"ann@example.com;Ann;Lee;+33612345678;+33612345678;+33145678910;crm-1042;2024-03-01 10:00:00;2024-05-02 11:00:00\n" +
		"bob@example.com;Bob;Stone;;+447911123456;;crm-1043;2024-03-02 10:00:00;2024-03-02 10:00:00\n"
	run := accImport(t, svc, []byte(file), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, run.outcomes()+run.mappingText())
	ann := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "Ann", ann.FirstName)
	assert.Equal(t, "+33612345678", ann.Phone.String())
	assert.Equal(t, "mobile", string(ann.PhoneLabel))
	assert.Equal(t, map[string]string{"+33612345678": "mobile", "+33145678910": "home"}, acc11Phones(ann), "one number for SMS and WhatsApp")
	bob := accByEmail(t, svc, "bob@example.com")
	assert.Equal(t, map[string]string{"+447911123456": "whatsapp"}, acc11Phones(bob))

	fr := "EMAIL;NOM;PRENOM;SMS\njean@example.fr;Dupont;Jean;06 12 34 56 79\n"
	run = accImport(t, svc, []byte(fr), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes()+run.mappingText())
	jean := accByEmail(t, svc, "jean@example.fr")
	assert.Equal(t, "Jean", jean.FirstName)
	assert.Equal(t, "Dupont", jean.LastName)
	assert.Equal(t, "+33612345679", jean.Phone.String())
	assert.Equal(t, "mobile", string(jean.PhoneLabel))
}
