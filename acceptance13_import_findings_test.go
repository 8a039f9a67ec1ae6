package contactkit_test

// Acceptance tests of the thirteenth round that found a defect: each
// failed before its fix.

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// acc13PhoneField is a custom field of type phone.
var acc13PhoneField = field.Definition{Key: acc2Key("alt_phone"), Label: "Alt phone", Type: field.TypePhone}

// A custom field of type phone is a phone cell of the row like the others
// (C2, F3): it is read in the row's region, as its phone columns are, and
// as international when the file drops its "+" (Mapping.PlusDropped).
// It was read in the Service's region whatever the row said: a German
// number "030 1234567" of a file imported with DefaultRegion DE, or of a
// row whose calling code column says +49, became the French number
// +33301234567 in the custom field while the phone column beside it held
// +49301234567; and a file that drops the "+" of its numbers (a
// spreadsheet's) failed on every custom phone of another country
// ("819012345678": too long) while its phone columns read them.
func TestAcceptance13ImportCustomPhoneReadLikeTheRowsPhones(t *testing.T) {
	t.Run("import default region", func(t *testing.T) {
		svc := accService("FR")
		acc2CreateFields(t, svc, []field.Definition{acc13PhoneField})
		run := accImport(t, svc, []byte("Email,Phone,alt_phone\nann@example.com,030 1234567,030 7654321\n"), "DE",
			&contactkit.ImportOptions{DefaultRegion: "DE"}, nil)
		require.NoError(t, run.err)
		require.Equal(t, 1, run.res.Created, run.outcomes())
		c := accByEmail(t, svc, "ann@example.com")
		assert.Equal(t, "+49301234567", c.Phone.String())
		assert.Equal(t, "+49307654321", c.Fields[acc13PhoneField.Key].String(), "the custom phone in the row's region")
	})
	t.Run("calling code column", func(t *testing.T) {
		svc := accService("FR")
		acc2CreateFields(t, svc, []field.Definition{acc13PhoneField})
		run := accImport(t, svc, []byte("Email,Country Code,Phone,alt_phone\nann@example.com,+49,030 1234567,030 7654321\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		require.Equal(t, 1, run.res.Created, run.outcomes()+run.mappingText())
		c := accByEmail(t, svc, "ann@example.com")
		assert.Equal(t, "+49301234567", c.Phone.String())
		assert.Equal(t, "+49307654321", c.Fields[acc13PhoneField.Key].String(), "the custom phone in the calling code's region")
	})
	t.Run("plus dropped", func(t *testing.T) {
		svc := accService("FR")
		acc2CreateFields(t, svc, []field.Definition{acc13PhoneField})
		run := accImport(t, svc, []byte("Email,Phone,alt_phone\n"+
			"ann@example.com,819012345678,819012345679\n"+
			"bob@example.com,16502530000,16502530001\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		require.True(t, run.m.PlusDropped, run.mappingText())
		require.Equal(t, 2, run.res.Created, run.outcomes())
		assert.Equal(t, "+819012345679", accByEmail(t, svc, "ann@example.com").Fields[acc13PhoneField.Key].String())
		assert.Equal(t, "+16502530001", accByEmail(t, svc, "bob@example.com").Fields[acc13PhoneField.Key].String())
	})
	t.Run("a bad custom phone still fails its cell", func(t *testing.T) {
		svc := accService("FR")
		acc2CreateFields(t, svc, []field.Definition{acc13PhoneField})
		run := accImport(t, svc, []byte("Email,alt_phone\nann@example.com,12\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		row := run.row(t, 2)
		require.Equal(t, contactkit.ImportFailed, row.Outcome)
		assert.ErrorIs(t, row.Err, field.ErrInvalidValue)
		require.Len(t, row.Err.Problems, 1)
		assert.Equal(t, 1, row.Err.Problems[0].Column)
		assert.Equal(t, "12", row.Err.Problems[0].Value)
	})
}

// acc13Testdata reads a file of testdata/acceptance13.
func acc13Testdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "acceptance13", name))
	require.NoError(t, err)
	return b
}

// Outlook's "Language" (and the legacy Google CSV's) is what the user
// typed: "English", "Français", "Deutsch". Suggest maps it to the
// language, and every row with such a cell failed ("not a valid BCP 47
// tag"), the whole contact lost for a nicety, where a country is read by
// its name in 27 languages. A language is read by its name in English,
// in French or in itself; a tag as before; anything else still fails its
// row with contact.ErrInvalidLanguage.
func TestAcceptance13ImportOutlookLanguageNames(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, acc13Testdata(t, "outlook_languages.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, importer.KindLanguage, run.target("Language").Kind)
	assert.Equal(t, 4, run.res.Created, run.outcomes())
	for email, want := range map[string]string{"john@contoso.com": "en", "marie@example.fr": "fr", "hans@example.de": "de", "ana@example.com.br": "pt-BR"} {
		assert.Equal(t, want, accByEmail(t, svc, email).Language.String(), email)
	}
	bad := run.row(t, 6)
	require.Equal(t, contactkit.ImportFailed, bad.Outcome)
	assert.ErrorIs(t, bad.Err, contact.ErrInvalidLanguage)
}

// Mailchimp's exports end with the location Mailchimp guessed from the
// subscriber's IP address: LATITUDE, LONGITUDE, GMTOFF, DSTOFF, TIMEZONE,
// CC (a country code) and REGION (a region code: "ENG", "IDF", "BY").
// CC is known and not imported, but REGION was read as the contact's
// state by the plain alias "Region": every contact of the file got a
// state the person never gave (a Londoner "ENG", and an import over an
// existing contact without a state gave it one). Beside Mailchimp's CC,
// REGION is not imported; the state stays an alternative the user may
// pick, and a "Region" column elsewhere is still the state.
func TestAcceptance13ImportMailchimpRegionIsGeolocation(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, acc13Testdata(t, "mailchimp_subscribed.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 3, run.res.Created, run.outcomes())
	assert.Equal(t, importer.KindIgnore, run.target("REGION").Kind, run.mappingText())
	for _, c := range run.m.Columns {
		if c.Header == "REGION" {
			require.NotEmpty(t, c.Alternatives)
			assert.Equal(t, importer.KindState, c.Alternatives[0].Target.Kind, "the state, for a user who wants it")
		}
	}
	for _, email := range []string{"ada@example.com", "bob@example.fr", "cy@example.de"} {
		assert.Empty(t, accByEmail(t, svc, email).State, email)
	}
	assert.Equal(t, "--12-10", accByEmail(t, svc, "ada@example.com").BirthDate.String(), "Mailchimp's birthdays, month first")
	assert.Equal(t, []string{"Met at conf"}, accNotes(t, svc, accByEmail(t, svc, "ada@example.com").ID))

	other := accImport(t, accService("FR"), []byte("Email,Region\nann@example.com,Bretagne\n"), "FR", nil, nil)
	assert.Equal(t, importer.KindState, other.target("Region").Kind, "a region column elsewhere is the state")
}

// ActiveCampaign's export has the company twice: "Organization", the old
// field, and "Account", the accounts of newer accounts. Suggest maps the
// first and leaves "Account" out ("taken by: Organization"), and a
// contact whose company is only under Account lost it, silently. As a
// blank country, city or state takes the value of their other column
// (Outlook's home address), a blank company takes it from the column
// Suggest left out for it.
func TestAcceptance13ImportCompanyFromItsOtherColumn(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, acc13Testdata(t, "activecampaign.csv"), "FR", &contactkit.ImportOptions{DefaultRegion: "IE"}, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, run.outcomes())
	assert.Equal(t, importer.KindIgnore, run.target("Account").Kind)
	assert.Equal(t, "Adams & Co", accByEmail(t, svc, "eve@example.com").Company, "Organization first")
	assert.Equal(t, "Murphy Ltd", accByEmail(t, svc, "finn@example.ie").Company, "Account where Organization is blank")
}

// An export opened in a spreadsheet, a label corrected there ("work" to
// "home" for the primary email, "home" to "other" for the second one,
// "mobile" to "whatsapp" for the phone), imported back into its
// workspace: the row was "updated", its names changed, and every label
// stayed as it was, silently. A label cell, like any cell, sets its value
// when it is not blank (I4); a blank one keeps the label.
func TestAcceptance13ImportUpdateSetsTheLabelsOfTheRow(t *testing.T) {
	svc := accService("FR")
	p := func(s string) *string { return &s }
	emails := []contact.LabeledInput{{Value: "ann2@example.com", Label: "home"}, {Value: "ann3@example.com", Label: "work"}}
	phones := []contact.LabeledInput{{Value: "0698765432", Label: "home"}}
	_, err := svc.CreateContact(t.Context(), accOwner, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: p("Ann"), Email: p("ann@example.com"), EmailLabel: p("work"), OtherEmails: &emails,
		Phone: p("0612345678"), PhoneLabel: p("mobile"), OtherPhones: &phones,
	}})
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = svc.Export(t.Context(), accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	header, rows := acc13Cells(t, out.Bytes())
	require.Len(t, rows, 1)
	set := func(h, v string) {
		i := slices.Index(header, h)
		require.GreaterOrEqual(t, i, 0, h)
		rows[0][i] = v
	}
	set("First Name", "Anne")
	set("Email 1 - Label", "home")
	set("Email 2 - Label", "other")
	set("Email 3 - Label", "") // blank: kept
	set("Phone 1 - Label", "whatsapp")
	set("Phone 2 - Label", "Work") // as a vendor writes it
	edited := acc13Sheets[4].save(t, header, rows)

	run := accImport(t, svc, edited, "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Updated, run.outcomes())
	c := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "Anne", c.FirstName)
	assert.Equal(t, "home", string(c.EmailLabel))
	assert.Equal(t, map[string]string{"ann2@example.com": "other", "ann3@example.com": "work"}, accOtherEmails(c))
	assert.Equal(t, "whatsapp", string(c.PhoneLabel))
	assert.Equal(t, map[string]string{"+33612345678": "whatsapp", "+33698765432": "work"}, acc11Phones(c))
	assert.Equal(t, []string{"ann@example.com", "ann2@example.com", "ann3@example.com"}, accStrings(c.Emails()), "the order stays")

	// The same file again changes nothing more.
	again := accImport(t, svc, edited, "FR", nil, nil)
	require.NoError(t, again.err)
	assert.Equal(t, c, accByEmail(t, svc, "ann@example.com"))
}

// HubSpot's "Lifecycle Stage" and "Lead Status", Mailchimp's
// "MEMBER_RATING": columns a known vendor header marks as not imported, so
// that value detection leaves them alone. A workspace that made custom
// fields to keep them (labelled "Lifecycle Stage" and "Lead status"; one
// keyed member_rating) saw them ignored all the same: the alias of "not
// imported" outranked the field's own label and key, silently. A custom
// field of the workspace named by the header is the column's target.
func TestAcceptance13ImportVendorColumnIntoTheWorkspacesField(t *testing.T) {
	svc := accService("FR")
	acc2CreateFields(t, svc, []field.Definition{
		{Key: acc2Key("lifecycle_stage"), Label: "Lifecycle Stage", Type: field.TypeSelect, Options: []field.Option{{Value: "lead"}, {Value: "customer"}, {Value: "subscriber"}}},
		{Key: acc2Key("hs_lead_status"), Label: "Lead status", Type: field.TypeText},
		{Key: acc2Key("member_rating"), Label: "Rating", Type: field.TypeNumber},
	})
	run := accImport(t, svc, acc13Testdata(t, "hubspot.csv"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 3, run.res.Created, run.outcomes())
	assert.Equal(t, importer.Target{Kind: importer.KindCustom, Field: acc2Key("lifecycle_stage")}, run.target("Lifecycle Stage"), run.mappingText())
	assert.Equal(t, importer.Target{Kind: importer.KindCustom, Field: acc2Key("hs_lead_status")}, run.target("Lead Status"), "by its label")
	assert.Equal(t, importer.KindIgnore, run.target("Record ID").Kind, "no field of its name: still not imported")
	assert.Equal(t, "customer", accByEmail(t, svc, "grace@navy.example").Fields[acc2Key("lifecycle_stage")].String())
	assert.Equal(t, "CONNECTED", accByEmail(t, svc, "grace@navy.example").Fields[acc2Key("hs_lead_status")].String())

	mc := accImport(t, svc, acc13Testdata(t, "mailchimp_subscribed.csv"), "FR", nil, nil)
	require.NoError(t, mc.err)
	assert.Equal(t, importer.Target{Kind: importer.KindCustom, Field: acc2Key("member_rating")}, mc.target("MEMBER_RATING"), mc.mappingText())
	assert.Equal(t, "4", accByEmail(t, svc, "ada@example.com").Fields[acc2Key("member_rating")].String())
}
