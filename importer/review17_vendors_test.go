package importer_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// review17Golden holds the suggested mapping of every vendor file of the
// acceptance test data (CSV and vCard), as Suggest made it before the
// Shopify, Klaviyo and Brevo headers were added: adding a vendor changes no
// column of another's. REVIEW17_UPDATE=1 writes it anew.
const review17Golden = "testdata/review17_vendor_mappings.golden"

func TestReviewVendorsExistingMappingsUnchanged(t *testing.T) {
	var files []string
	for _, dir := range []string{"acceptance", "acceptance11", "acceptance13", "acceptance3"} {
		for _, ext := range []string{"*.csv", "*.vcf"} {
			m, err := filepath.Glob(filepath.Join("..", "testdata", dir, ext))
			require.NoError(t, err)
			files = append(files, m...)
		}
	}
	slices.Sort(files)
	require.NotEmpty(t, files)
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		r, err := importer.Open(bytes.NewReader(data), nil)
		require.NoError(t, err, f)
		sample, _, err := importer.Sample(r, 50)
		require.NoError(t, err, f)
		m := importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
		name := filepath.ToSlash(strings.TrimPrefix(f, filepath.Join("..", "testdata")+string(filepath.Separator)))
		for _, c := range m.Columns {
			fmt.Fprintf(&b, "%s\t%q\t%s/%d/%s/%s\t%s\n", name, c.Header, c.Target.Kind, c.Target.Slot, c.Target.Label, c.Target.Field, c.Reason)
		}
	}
	if os.Getenv("REVIEW17_UPDATE") != "" {
		require.NoError(t, os.WriteFile(review17Golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(review17Golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String())
}

// review17Col is the mapping a vendor's column must get: its target and
// the kind of evidence for it.
type review17Col struct {
	header string
	target importer.Target
	reason importer.ReasonKind
}

// review17Vendors are the header rows of the exports of Shopify (customers,
// in its three layouts), Klaviyo (profiles) and Brevo (contacts, in an
// account in English and in French), as the vendors write them, with one
// made-up row each, and the mapping each column must get in a French
// workspace.
func review17Vendors() []struct {
	name string
	sep  string
	row  string
	cols []review17Col
} {
	k := func(kind importer.Kind) importer.Target { return importer.Target{Kind: kind} }
	phone := func(label string, slot int) importer.Target {
		return importer.Target{Kind: importer.KindPhone, Label: label, Slot: slot}
	}
	consent := func(chn string, slot int) importer.Target {
		return importer.Target{Kind: importer.KindConsent, Label: chn, Slot: slot}
	}
	alias, none := importer.ReasonAlias, importer.ReasonNone
	ignored := review17Col{target: k(importer.KindIgnore), reason: alias}
	col := func(h string, t importer.Target, r importer.ReasonKind) review17Col { return review17Col{h, t, r} }
	ign := func(h string) review17Col { c := ignored; c.header = h; return c }
	extra := func(h string) review17Col { return review17Col{h, k(importer.KindIgnore), none} }
	return []struct {
		name string
		sep  string
		row  string
		cols []review17Col
	}{
		{"shopify current", ",",
			`'7210448301122,Teodoro,Villaseñor,teo@example.com,no,Villaseñor Ranch,HC 31 Box 4500,,Elko,NV,US,89801,(775) 555-0154,+1 775 555 0199,yes,7790.44,6,Cattle ranch.,yes,"retail, ranch",no`,
			[]review17Col{
				ign("Customer ID"),
				col("First Name", k(importer.KindFirstName), alias),
				col("Last Name", k(importer.KindLastName), alias),
				col("Email", k(importer.KindEmail), alias),
				col("Accepts Email Marketing", consent("email", 0), alias),
				col("Default Address Company", k(importer.KindCompany), alias),
				ign("Default Address Address1"),
				ign("Default Address Address2"),
				col("Default Address City", k(importer.KindCity), alias),
				col("Default Address Province Code", k(importer.KindState), alias),
				col("Default Address Country Code", k(importer.KindCountry), alias),
				ign("Default Address Zip"),
				// The address's phone, and the customer's own, which
				// its SMS and WhatsApp consent are about.
				col("Default Address Phone", phone("", 0), alias),
				col("Phone", phone("mobile", 1), alias),
				col("Accepts SMS Marketing", consent("sms", 1), alias),
				extra("Total Spent"),
				extra("Total Orders"),
				col("Note", k(importer.KindNotes), alias),
				ign("Tax Exempt"),
				col("Tags", k(importer.KindTags), alias),
				col("Accepts WhatsApp Marketing", consent("whatsapp", 1), alias),
			}},
		{"shopify 2022", ",",
			`'6940095564,Bob,Norman,bob@example.com,yes,,Chestnut Street 92,Apartment 2,Louisville,Kentucky,KY,United States,US,40202,+1-555-625-1199,no,120.50,2,vip,Prefers mail,no`,
			[]review17Col{
				ign("Customer ID"),
				col("First Name", k(importer.KindFirstName), alias),
				col("Last Name", k(importer.KindLastName), alias),
				col("Email", k(importer.KindEmail), alias),
				col("Accepts Email Marketing", consent("email", 0), alias),
				col("Company", k(importer.KindCompany), alias),
				ign("Address1"),
				ign("Address2"),
				col("City", k(importer.KindCity), alias),
				col("Province", k(importer.KindState), alias),
				// Beside the province's name, its code is a fallback.
				col("Province Code", k(importer.KindIgnore), importer.ReasonTaken),
				col("Country", k(importer.KindCountry), alias),
				col("Country Code", k(importer.KindIgnore), importer.ReasonTaken),
				ign("Zip"),
				col("Phone", phone("mobile", 1), alias),
				col("Accepts SMS Marketing", consent("sms", 1), alias),
				extra("Total Spent"),
				extra("Total Orders"),
				col("Tags", k(importer.KindTags), alias),
				col("Note", k(importer.KindNotes), alias),
				ign("Tax Exempt"),
			}},
		{"shopify legacy", ",",
			`John,Doe,john.doe@example.com,,123 Fake Street,,Ottawa,Ontario,ON,Canada,CA,K1A 0B1,+1 613 555 0142,no,100,1,,,yes`,
			[]review17Col{
				col("First Name", k(importer.KindFirstName), alias),
				col("Last Name", k(importer.KindLastName), alias),
				col("Email", k(importer.KindEmail), alias),
				col("Company", k(importer.KindCompany), alias),
				ign("Address1"),
				ign("Address2"),
				col("City", k(importer.KindCity), alias),
				col("Province", k(importer.KindState), alias),
				col("Province Code", k(importer.KindIgnore), importer.ReasonTaken),
				col("Country", k(importer.KindCountry), alias),
				col("Country Code", k(importer.KindIgnore), importer.ReasonTaken),
				ign("Zip"),
				// No SMS consent: a phone as any other.
				col("Phone", phone("", 0), alias),
				col("Accepts Marketing", consent("email", 0), alias),
				extra("Total Spent"),
				extra("Total Orders"),
				col("Tags", k(importer.KindTags), alias),
				col("Note", k(importer.KindNotes), alias),
				ign("Tax Exempt"),
			}},
		{"klaviyo", ",",
			`ann@example.com,01HXYZABCDEF,Ann,Lee,Lee Bakery,Buyer,+33612345678,12 rue de la Paix,,Paris,Île-de-France,France,75002,48.8698,2.3311,Shopify,192.0.2.10,NEVER_SUBSCRIBED,,SUBSCRIBED,2025-09-01 12:00:00,100.00,150.00,200.00,50.00,3,2025-09-01 12:00:00,2025-09-06 15:30:00,2025-09-01 12:00:00,2025-09-01 12:00:00,2025-09-06 10:15:00,2025-09-05 14:20:00,30,`,
			[]review17Col{
				col("Email", k(importer.KindEmail), alias),
				ign("Klaviyo ID"),
				col("First Name", k(importer.KindFirstName), alias),
				col("Last Name", k(importer.KindLastName), alias),
				col("Organization", k(importer.KindCompany), alias),
				col("Title", k(importer.KindJobTitle), alias),
				col("Phone Number", phone("", 0), alias),
				ign("Address"),
				ign("Address 2"),
				col("City", k(importer.KindCity), alias),
				col("State / Region", k(importer.KindState), alias),
				col("Country", k(importer.KindCountry), alias),
				ign("Zip Code"),
				ign("Latitude"),
				ign("Longitude"),
				extra("Source"),
				ign("IP Address"),
				col("Email Marketing Consent", consent("email", 0), alias),
				ign("Email Marketing Consent Timestamp"),
				col("SMS Marketing Consent", consent("sms", 0), alias),
				ign("SMS Marketing Consent Timestamp"),
				extra("Historic Customer Lifetime Value"),
				extra("Total Customer Lifetime Value"),
				extra("Predicted Customer Lifetime Value"),
				extra("Average Order Value"),
				extra("Historic Number Of Orders"),
				ign("First Active"),
				ign("Last Active"),
				ign("Profile Created On"),
				ign("Date Added"),
				ign("Last Open"),
				ign("Last Click"),
				extra("Average Days Between Orders"),
				// Its values' form could not be confirmed: the caller's
				// choice, as any unknown column.
				extra("Email Suppressions"),
			}},
		{"brevo", ";",
			`ann@example.com;Ann;Lee;+33612345678;+33612345678;+33145678910;crm-1042;2024-03-01 10:00:00;2024-05-02 11:00:00`,
			[]review17Col{
				col("EMAIL", k(importer.KindEmail), alias),
				col("FIRSTNAME", k(importer.KindFirstName), alias),
				col("LASTNAME", k(importer.KindLastName), alias),
				col("SMS", phone("mobile", 0), alias),
				col("WHATSAPP", phone("whatsapp", 0), alias),
				col("LANDLINE_NUMBER", phone("home", 0), alias),
				ign("EXT_ID"),
				ign("ADDED_TIME"),
				ign("MODIFIED_TIME"),
			}},
		{"brevo in French", ";",
			`jean@example.fr;Dupont;Jean;06 12 34 56 78`,
			[]review17Col{
				col("EMAIL", k(importer.KindEmail), alias),
				col("NOM", k(importer.KindLastName), alias),
				col("PRENOM", k(importer.KindFirstName), alias),
				col("SMS", phone("mobile", 0), alias),
			}},
		// Not Brevo's: an "SMS" of yes and no is the consent to texts.
		{"an SMS column of yes and no", ",",
			`ann@example.com,Ann,Oui`,
			[]review17Col{
				col("Email", k(importer.KindEmail), alias),
				col("First Name", k(importer.KindFirstName), alias),
				col("SMS", consent("sms", 0), alias),
			}},
	}
}

// Each column of each vendor's header row gets its target, for its
// reason, and the mapping passes Validate; the columns that are neither
// the contact's nor known (Shopify's totals, Klaviyo's values: never a
// Shopify "Tax Exempt" of yes and no, which values would read as
// Norway's country code, the region of the row's phones), and those
// whose target another took, are the caller's choice: ignored, or custom
// fields with ExtraCustom.
func TestReviewVendorsMapping(t *testing.T) {
	for _, v := range review17Vendors() {
		t.Run(v.name, func(t *testing.T) {
			var header []string
			for _, c := range v.cols {
				header = append(header, c.header)
			}
			file := strings.Join(header, v.sep) + "\n" + v.row + "\n"
			r, err := importer.Open(strings.NewReader(file), nil)
			require.NoError(t, err)
			require.Equal(t, header, r.Header())
			sample, _, err := importer.Sample(r, 50)
			require.NoError(t, err)
			require.Len(t, sample, 1)
			require.Len(t, sample[0].Cells, len(header), "the made-up row has a cell per column")
			m := importer.Suggest(header, sample, nil, &importer.MapOptions{Region: "FR"})
			require.NoError(t, m.Validate(nil))
			for i, c := range v.cols {
				got := m.Columns[i]
				assert.Equal(t, c.target, got.Target, "%q: %s", c.header, got.Reason)
				assert.Equal(t, c.reason, got.Reason.Kind, "%q: %s", c.header, got.Reason)
				if c.reason == importer.ReasonAlias {
					assert.Equal(t, c.header, got.Reason.Match)
				}
			}

			custom := importer.Suggest(header, sample, nil, &importer.MapOptions{Region: "FR", Extra: importer.ExtraCustom})
			for i, c := range v.cols {
				got := custom.Columns[i]
				if c.reason == importer.ReasonNone || c.reason == importer.ReasonTaken {
					assert.Equal(t, importer.KindCustom, got.Target.Kind, c.header)
					assert.Equal(t, importer.ReasonExtra, got.Reason.Kind, c.header)
				} else {
					assert.Equal(t, c.target, got.Target, c.header)
				}
			}
		})
	}
}

// The consent values of Shopify (yes, no) and Klaviyo (SUBSCRIBED,
// UNSUBSCRIBED, NEVER_SUBSCRIBED) under their consent columns: a no and an
// unsubscribe unsubscribe, a yes and a subscribe opt in where the ledger
// holds no choice, and "never subscribed" does neither (L4).
func TestReviewVendorsConsentValues(t *testing.T) {
	for _, c := range []struct {
		value                string
		unsubscribed, optsIn bool
	}{
		{"yes", false, true}, {"no", true, false}, {"YES", false, true}, {"No", true, false},
		{"SUBSCRIBED", false, true}, {"UNSUBSCRIBED", true, false},
		{"NEVER_SUBSCRIBED", false, false}, {"Never Subscribed", false, false}, {"never-subscribed", false, false},
	} {
		unsub, ok := importer.ParseConsent(importer.KindConsent, c.value)
		assert.True(t, ok, c.value)
		assert.Equal(t, c.unsubscribed, unsub, c.value)
		assert.Equal(t, c.optsIn, importer.Consented(importer.KindConsent, c.value), c.value)
	}
}

// A Shopify customer's SMS and WhatsApp consent is about the phone of the
// customer, never about the phone of its default address: the consent
// cells of a row point at the one address.
func TestReviewVendorsShopifyConsentIsAboutTheCustomersPhone(t *testing.T) {
	header := []string{"Email", "Accepts Email Marketing", "Default Address Phone", "Phone", "Accepts SMS Marketing", "Accepts WhatsApp Marketing"}
	row := importer.Row{Line: 2, Cells: []string{"ann@example.com", "no", "+33 1 42 68 53 00", "+33 6 12 34 56 78", "no", "yes"}}
	m := importer.Suggest(header, []importer.Row{row}, nil, &importer.MapOptions{Region: "FR"})
	rec := m.Record(row)
	require.Len(t, rec.Phones, 2)
	assert.Equal(t, "+33 1 42 68 53 00", rec.Phones[0].Value)
	assert.Equal(t, "+33 6 12 34 56 78", rec.Phones[1].Value)
	assert.Equal(t, "mobile", rec.Phones[1].Label)
	require.Len(t, rec.Consent, 3)
	assert.Equal(t, []int{0}, rec.Consent[0].Emails, "the email consent is about the email")
	for _, c := range rec.Consent[1:] {
		assert.Equal(t, []int{1}, c.Phones, "%s: the customer's phone only", c.Label)
	}
}
