package importer_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// vendorHeaders are real export header sets, each header with the target
// Suggest must give it (Target.String). "ignore" for a header that loses a
// single-valued target to a better column says so in a comment.
var vendorHeaders = []struct {
	vendor string
	want   [][2]string
}{
	{"Google Contacts", [][2]string{
		{"First Name", "first_name"}, {"Middle Name", "ignore"}, {"Last Name", "last_name"},
		{"Phonetic First Name", "ignore"}, {"Phonetic Middle Name", "ignore"}, {"Phonetic Last Name", "ignore"},
		{"Name Prefix", "ignore"}, {"Name Suffix", "ignore"}, {"Nickname", "alias"}, {"File As", "ignore"},
		{"Organization Name", "company"}, {"Organization Title", "job_title"}, {"Organization Department", "ignore"},
		{"Birthday", "birth_date"}, {"Notes", "notes"}, {"Photo", "ignore"}, {"Labels", "tags (google)"},
		{"E-mail 1 - Label", "email_label 1"}, {"E-mail 1 - Value", "email 1"},
		{"E-mail 2 - Label", "email_label 2"}, {"E-mail 2 - Value", "email 2"},
		{"Phone 1 - Label", "phone_label 1"}, {"Phone 1 - Value", "phone 1"},
		{"Phone 2 - Label", "phone_label 2"}, {"Phone 2 - Value", "phone 2"},
		{"Address 1 - Label", "ignore"}, {"Address 1 - Formatted", "ignore"}, {"Address 1 - Street", "ignore"},
		{"Address 1 - City", "city"}, {"Address 1 - PO Box", "ignore"}, {"Address 1 - Region", "state"},
		{"Address 1 - Postal Code", "ignore"}, {"Address 1 - Country", "country"}, {"Address 1 - Extended Address", "ignore"},
		{"Website 1 - Label", "ignore"}, {"Website 1 - Value", "ignore"}, {"Relation 1 - Label", "ignore"},
		{"Relation 1 - Value", "ignore"}, {"Event 1 - Label", "ignore"}, {"Event 1 - Value", "ignore"},
		{"Custom Field 1 - Label", "ignore"}, {"Custom Field 1 - Value", "ignore"},
	}},
	{"Google Contacts (legacy Google CSV)", [][2]string{
		{"Name", "ignore"}, // the display name: alias goes to Nickname
		{"Given Name", "first_name"}, {"Additional Name", "ignore"}, {"Family Name", "last_name"},
		{"Yomi Name", "ignore"}, {"Given Name Yomi", "ignore"}, {"Additional Name Yomi", "ignore"}, {"Family Name Yomi", "ignore"},
		{"Name Prefix", "ignore"}, {"Name Suffix", "ignore"}, {"Initials", "ignore"},
		{"Nickname", "alias"},
		{"Short Name", "ignore"}, {"Maiden Name", "ignore"}, {"Birthday", "birth_date"}, {"Gender", "ignore"},
		{"Location", "ignore"}, // city goes to Address 1 - City
		{"Billing Information", "ignore"}, {"Directory Server", "ignore"}, {"Mileage", "ignore"},
		{"Occupation", "ignore"}, // job title goes to Organization 1 - Title
		{"Hobby", "ignore"}, {"Sensitivity", "ignore"}, {"Priority", "ignore"}, {"Subject", "ignore"},
		{"Notes", "notes"}, {"Language", "language"}, {"Photo", "ignore"}, {"Group Membership", "tags (google)"},
		{"E-mail 1 - Type", "email_label 1"}, {"E-mail 1 - Value", "email 1"},
		{"Phone 1 - Type", "phone_label 1"}, {"Phone 1 - Value", "phone 1"},
		{"Phone 2 - Type", "phone_label 2"}, {"Phone 2 - Value", "phone 2"},
		{"Address 1 - Type", "ignore"}, {"Address 1 - Formatted", "ignore"}, {"Address 1 - Street", "ignore"},
		{"Address 1 - City", "city"}, {"Address 1 - PO Box", "ignore"}, {"Address 1 - Region", "state"},
		{"Address 1 - Postal Code", "ignore"}, {"Address 1 - Country", "country"}, {"Address 1 - Extended Address", "ignore"},
		{"Organization 1 - Type", "ignore"}, {"Organization 1 - Name", "company"}, {"Organization 1 - Yomi Name", "ignore"},
		{"Organization 1 - Title", "job_title"}, {"Organization 1 - Department", "ignore"}, {"Organization 1 - Symbol", "ignore"},
		{"Organization 1 - Location", "ignore"}, {"Organization 1 - Job Description", "ignore"},
		{"Website 1 - Type", "ignore"}, {"Website 1 - Value", "ignore"},
	}},
	{"Outlook", [][2]string{
		{"Title", "ignore"}, // a courtesy title: job title goes to Job Title
		{"First Name", "first_name"}, {"Middle Name", "ignore"}, {"Last Name", "last_name"},
		{"Suffix", "ignore"}, {"Company", "company"}, {"Department", "ignore"}, {"Job Title", "job_title"},
		{"Business Street", "ignore"}, {"Business Street 2", "ignore"}, {"Business City", "city"}, {"Business State", "state"},
		{"Business Postal Code", "ignore"}, {"Business Country/Region", "country"}, {"Home Street", "ignore"},
		{"Home City", "ignore"}, {"Home State", "ignore"}, // taken by the business address, to its left
		{"Home Postal Code", "ignore"},
		{"Home Country/Region", "ignore"},
		{"Business Fax", "ignore"}, {"Business Phone", "phone (work)"}, {"Business Phone 2", "phone (work)"},
		{"Car Phone", "ignore"}, {"Company Main Phone", "phone (work)"}, {"Home Fax", "ignore"}, {"Home Phone", "phone (home)"},
		{"Home Phone 2", "phone (home)"}, {"Mobile Phone", "phone (mobile)"}, {"Other Fax", "ignore"}, {"Other Phone", "phone (other)"},
		{"Pager", "ignore"}, {"Primary Phone", "phone"}, {"Radio Phone", "ignore"}, {"Anniversary", "ignore"},
		{"Birthday", "birth_date"}, {"Categories", "tags (outlook)"}, {"E-mail Address", "email"}, {"E-mail Type", "ignore"},
		{"E-mail Display Name", "ignore"}, {"E-mail 2 Address", "email 2"}, {"E-mail 2 Type", "email_label 2"},
		{"E-mail 2 Display Name", "ignore"}, {"Gender", "ignore"}, {"Initials", "ignore"}, {"Keywords", "tags"},
		{"Language", "language"}, {"Location", "ignore"}, {"Notes", "notes"}, {"Web Page", "ignore"},
	}},
	{"Outlook (French)", [][2]string{
		{"Titre", "ignore"}, // a courtesy title, before the first name
		{"Prénom", "first_name"}, {"Deuxième prénom", "ignore"}, {"Nom", "last_name"}, {"Suffixe", "ignore"},
		{"Société", "company"}, {"Service", "ignore"}, {"Titre", "job_title"},
		{"Rue (bureau)", "ignore"}, {"Rue (bureau) 2", "ignore"}, {"Rue (bureau) 3", "ignore"}, {"Ville (bureau)", "city"},
		{"Dép/Région (bureau)", "state"}, {"Code postal (bureau)", "ignore"}, {"Pays/Région (bureau)", "country"},
		{"Rue (domicile)", "ignore"}, {"Rue (domicile) 2", "ignore"}, {"Rue (domicile) 3", "ignore"},
		{"Ville (domicile)", "ignore"}, {"Dép/Région (domicile)", "ignore"}, // taken by the business address, to its left
		{"Code postal (domicile)", "ignore"}, {"Pays/Région (domicile)", "ignore"},
		{"Rue (autre)", "ignore"}, {"Rue (autre) 2", "ignore"}, {"Rue (autre) 3", "ignore"}, {"Ville (autre)", "ignore"},
		{"Dép/Région (autre)", "ignore"}, {"Code postal (autre)", "ignore"}, {"Pays/Région (autre)", "ignore"},
		{"Téléphone de l'assistant(e)", "ignore"}, {"Télécopie (bureau)", "ignore"}, {"Téléphone (bureau)", "phone (work)"},
		{"Téléphone 2 (bureau)", "phone (work)"}, {"Rappel", "ignore"}, {"Téléphone (voiture)", "ignore"},
		{"Téléphone société", "phone (work)"}, {"Télécopie (domicile)", "ignore"}, {"Téléphone (domicile)", "phone (home)"},
		{"Téléphone 2 (domicile)", "phone (home)"}, {"RNIS", "ignore"}, {"Tél. mobile", "phone (mobile)"},
		{"Télécopie (autre)", "ignore"}, {"Téléphone (autre)", "phone (other)"}, {"Récepteur de radiomessagerie", "ignore"},
		{"Téléphone principal", "phone"}, {"Radiotéléphone", "ignore"}, {"Téléphone TDD/TTY", "ignore"}, {"Télex", "ignore"},
		{"Adresse de courrier", "email"}, {"Type de courrier", "ignore"}, {"Nom complet de l'adresse de courrier", "ignore"},
		{"Adresse de courrier 2", "email 2"}, {"Type de courrier 2", "email_label 2"},
		{"Nom complet de l'adresse de courrier 2", "ignore"}, {"Adresse de courrier 3", "email 3"},
		{"Type de courrier 3", "email_label 3"}, {"Nom complet de l'adresse de courrier 3", "ignore"},
		{"Anniversaire", "birth_date"}, {"Anniversaire de mariage ou fête", "ignore"}, {"Bureau", "ignore"},
		{"Catégories", "tags (outlook)"}, {"Compte", "ignore"}, // company goes to Société
		{"Conjoint(e)", "ignore"}, {"Emplacement", "ignore"}, // city goes to Ville (bureau)
		{"Enfants", "ignore"}, {"Initiales", "ignore"}, {"Langue", "language"}, {"Mots clés", "tags"}, {"Notes", "notes"},
		{"Page Web", "ignore"}, {"Passe-temps", "ignore"}, {"Priorité", "ignore"}, {"Privé", "ignore"}, {"Sexe", "ignore"},
		{"Utilisateur 1", "ignore"},
	}},
	{"HubSpot", [][2]string{
		{"Record ID", "ignore"}, {"First Name", "first_name"}, {"Last Name", "last_name"}, {"Email", "email"},
		{"Phone Number", "phone"}, {"Mobile Phone Number", "phone (mobile)"}, {"WhatsApp Phone Number", "phone (whatsapp)"},
		{"Company Name", "company"}, {"Job Title", "job_title"}, {"Street Address", "ignore"}, {"City", "city"},
		{"State/Region", "state"}, {"Postal Code", "ignore"}, {"Country/Region", "country"}, {"Preferred language", "language"},
		{"Date of birth", "birth_date"}, {"Lifecycle Stage", "ignore"}, {"Lead Status", "ignore"}, {"Contact owner", "ignore"},
		{"Create Date", "ignore"}, {"Last Activity Date", "ignore"}, {"Marketing contact status", "ignore"},
		{"Unsubscribed from all email", "unsubscribed (email)"},
	}},
	{"Mailchimp", [][2]string{
		{"Email Address", "email"}, {"First Name", "first_name"}, {"Last Name", "last_name"}, {"Address", "ignore"},
		{"Phone Number", "phone"}, {"Birthday", "birth_date"}, {"MEMBER_RATING", "ignore"}, {"OPTIN_TIME", "ignore"},
		{"OPTIN_IP", "ignore"}, {"CONFIRM_TIME", "ignore"}, {"CONFIRM_IP", "ignore"}, {"LATITUDE", "ignore"},
		{"LONGITUDE", "ignore"}, {"GMTOFF", "ignore"}, {"DSTOFF", "ignore"}, {"TIMEZONE", "ignore"}, {"CC", "ignore"},
		{"REGION", "ignore"}, {"LAST_CHANGED", "ignore"}, // REGION: Mailchimp's geolocation, as CC {"LEID", "ignore"}, {"EUID", "ignore"}, {"NOTES", "notes"},
		{"TAGS", "tags (mailchimp)"},
	}},
	{"ActiveCampaign", [][2]string{
		{"Email", "email"}, {"First Name", "first_name"}, {"Last Name", "last_name"}, {"Phone", "phone"},
		{"Organization", "company"}, {"Account", "ignore"}, // company goes to Organization
		{"Tags", "tags"}, {"Date Created", "ignore"}, {"Date Updated", "ignore"}, {"IP Address", "ignore"},
	}},
	{"contactkit export", [][2]string{
		{"First Name", "first_name"}, {"Last Name", "last_name"}, {"Alias", "alias"},
		{"Email 1 - Value", "email 1"}, {"Email 1 - Label", "email_label 1"},
		{"Email 2 - Value", "email 2"}, {"Email 2 - Label", "email_label 2"},
		{"Phone 1 - Value", "phone 1"}, {"Phone 1 - Label", "phone_label 1"},
		{"Phone 2 - Value", "phone 2"}, {"Phone 2 - Label", "phone_label 2"},
		{"Phone 3 - Value", "phone 3"}, {"Phone 3 - Label", "phone_label 3"},
		{"Country", "country"}, {"Language", "language"}, {"Birthday", "birth_date"}, {"City", "city"}, {"State", "state"},
		{"Company", "company"}, {"Job Title", "job_title"}, {"Tags", "tags"}, {"Lists", "ignore"},
		{"Email Consent", "consent (email)"}, {"SMS Opt Out", "unsubscribed (sms)"}, {"WhatsApp Opt Out", "unsubscribed (whatsapp)"},
		{"Email 2 - Consent", "consent 2 (email)"},
		{"Phone 2 - SMS Opt Out", "unsubscribed 2 (sms)"}, {"Phone 2 - WhatsApp Opt Out", "unsubscribed 2 (whatsapp)"},
		{"Phone 3 - SMS Opt Out", "unsubscribed 3 (sms)"}, {"Phone 3 - WhatsApp Opt Out", "unsubscribed 3 (whatsapp)"},
	}},
	{"French", [][2]string{
		{"Prénom", "first_name"}, {"Nom", "last_name"}, {"Surnom", "alias"}, {"Courriel", "email"},
		{"Téléphone portable", "phone (mobile)"}, {"Téléphone fixe", "phone (home)"}, {"Numéro WhatsApp", "phone (whatsapp)"},
		{"Société", "company"}, {"Fonction", "job_title"}, {"Ville", "city"}, {"Région", "state"}, {"Pays", "country"},
		{"Langue", "language"}, {"Date de naissance", "birth_date"}, {"Étiquettes", "tags"}, {"Remarques", "notes"},
		{"Statut marketing", "consent (email)"}, {"Désabonné", "unsubscribed (email)"}, {"Code postal", "ignore"},
	}},
}

func TestSuggestVendorHeaders(t *testing.T) {
	for _, v := range vendorHeaders {
		t.Run(v.vendor, func(t *testing.T) {
			header := make([]string, len(v.want))
			for i, w := range v.want {
				header[i] = w[0]
			}
			m := importer.Suggest(header, nil, nil, nil)
			require.Len(t, m.Columns, len(header))
			for i, w := range v.want {
				c := m.Columns[i]
				assert.Equal(t, w[1], c.Target.String(), "header %q (reason %s)", w[0], c.Reason)
				assert.Equal(t, i, c.Index)
			}
			assert.NoError(t, m.Validate(nil), "a suggestion always validates")
		})
	}
}

func TestSuggestReasonAndNormalisation(t *testing.T) {
	m := importer.Suggest([]string{"Title"}, nil, nil, nil)
	assert.Equal(t, "job_title", m.Columns[0].Target.String(), "Title alone is the job title")

	m = importer.Suggest([]string{"  PRÉNOM ", "e_mail", "Shoe size", "shoe_size", "Anything"}, nil,
		[]field.Definition{{Key: field.MustParseKey("shoe_size"), Label: "Shoe Size", Type: field.TypeNumber}}, nil)
	assert.Equal(t, "first_name", m.Columns[0].Target.String())
	assert.Equal(t, "header alias:   PRÉNOM ", m.Columns[0].Reason.String())
	assert.Equal(t, "email", m.Columns[1].Target.String())
	// The key is stronger evidence than the label: column 3 takes the field.
	assert.Equal(t, "custom field shoe_size", m.Columns[3].Target.String())
	assert.Equal(t, importer.ReasonFieldKey, m.Columns[3].Reason.Kind)
	assert.Equal(t, "ignore", m.Columns[2].Target.String())
	require.NotEmpty(t, m.Columns[2].Alternatives)
	assert.Equal(t, importer.ReasonFieldLabel, m.Columns[2].Alternatives[0].Reason.Kind)
	assert.Equal(t, importer.ReasonTaken, m.Columns[2].Reason.Kind)
	assert.Equal(t, "taken by: shoe_size", m.Columns[2].Reason.String())
	assert.Equal(t, importer.ReasonNone, m.Columns[4].Reason.Kind)

	// A nickname is the alias beside a display name, which says it lost.
	m = importer.Suggest([]string{"Name", "Nickname"}, nil, nil, nil)
	assert.Equal(t, "ignore", m.Columns[0].Target.String())
	assert.Equal(t, "taken by: Nickname", m.Columns[0].Reason.String())
	assert.Equal(t, "alias", m.Columns[1].Target.String())
	m = importer.Suggest([]string{"Name"}, nil, nil, nil)
	assert.Equal(t, "alias", m.Columns[0].Target.String(), "a display name alone is the alias")
}

func sampleRows(cols ...[]string) []importer.Row {
	var rows []importer.Row
	for i := range cols[0] {
		r := importer.Row{Line: i + 2}
		for _, c := range cols {
			r.Cells = append(r.Cells, c[i])
		}
		rows = append(rows, r)
	}
	return rows
}

func TestSuggestFromValues(t *testing.T) {
	var phones, emails, countries, dates, zips []string
	for i := range 50 {
		phones = append(phones, fmt.Sprintf("06 12 34 %02d %02d", i, i))
		emails = append(emails, fmt.Sprintf("user%d@example.com", i))
		countries = append(countries, []string{"FR", "de", "US", "GB"}[i%4])
		dates = append(dates, fmt.Sprintf("1990-01-%02d", i%28+1))
		zips = append(zips, fmt.Sprintf("750%02d", i%20+1))
	}
	for i := range 4 {
		phones[i*10] = "n/a" // 46 of 50 parse: 92 %
	}
	header := []string{"Col A", "Col B", "Col C", "Col D", "Col E"}
	m := importer.Suggest(header, sampleRows(phones, emails, countries, dates, zips), nil, &importer.MapOptions{Region: "FR"})
	assert.Equal(t, "phone", m.Columns[0].Target.String())
	assert.Equal(t, "92 % of 50 sampled values parse as phone numbers", m.Columns[0].Reason.String())
	assert.Equal(t, importer.Reason{Kind: importer.ReasonValues, Match: "phone numbers", Parsed: 46, Sampled: 50}, m.Columns[0].Reason)
	assert.Equal(t, "email", m.Columns[1].Target.String())
	assert.Equal(t, "country", m.Columns[2].Target.String())
	assert.Equal(t, "ignore", m.Columns[3].Target.String(), "dates are only an alternative")
	require.NotEmpty(t, m.Columns[3].Alternatives)
	assert.Equal(t, "birth_date", m.Columns[3].Alternatives[0].Target.String())
	assert.Equal(t, "ignore", m.Columns[4].Target.String(), "postal codes are not phone numbers")

	// A header alias outranks the values, which stay as an alternative.
	m = importer.Suggest([]string{"Mobile", "Fax"}, sampleRows(phones, phones), nil, &importer.MapOptions{Region: "FR"})
	assert.Equal(t, "phone (mobile)", m.Columns[0].Target.String())
	assert.Equal(t, "ignore", m.Columns[1].Target.String(), "a known fax column is not imported")
	assert.Equal(t, "phone", m.Columns[1].Alternatives[0].Target.String())
}

func TestMappingOverrideAndValidate(t *testing.T) {
	m := importer.Suggest([]string{"First Name", "Given Name", "Extra", "Email"}, nil, nil, nil)
	assert.Equal(t, "ignore", m.Columns[1].Target.String(), "first name is taken by the first column")
	require.NoError(t, m.Set(1, importer.Target{Kind: importer.KindFirstName}))
	err := m.Validate(nil)
	require.ErrorIs(t, err, importer.ErrDuplicateTarget)
	dup, ok := errorsAs[*importer.DuplicateTargetError](err)
	require.True(t, ok)
	assert.Equal(t, []int{0, 1}, dup.Columns)

	require.NoError(t, m.Set(1, importer.Target{Kind: importer.KindIgnore}))
	require.NoError(t, m.Set(2, importer.Target{Kind: importer.KindEmail}))
	assert.NoError(t, m.Validate(nil), "emails are multi-valued")
	require.NoError(t, m.Set(2, importer.Target{Kind: importer.KindCustom, Field: field.MustParseKey("nope")}))
	assert.ErrorIs(t, m.Validate(nil), importer.ErrUnknownField)
	assert.ErrorIs(t, m.Set(9, importer.Target{}), importer.ErrColumn)
}

func TestSuggestExtraCustom(t *testing.T) {
	m := importer.Suggest([]string{"Email", "Shoe Size", "Shoe-size", "123", ""}, nil, nil, &importer.MapOptions{Extra: importer.ExtraCustom})
	assert.Equal(t, "custom field shoe_size", m.Columns[1].Target.String())
	assert.Equal(t, "custom field shoe_size_2", m.Columns[2].Target.String())
	assert.Equal(t, "custom field col_123", m.Columns[3].Target.String())
	assert.Equal(t, "ignore", m.Columns[4].Target.String())
	newFields := m.NewFields(nil)
	assert.Len(t, newFields, 3)
	assert.NoError(t, m.Validate(nil, newFields...))
}

// A header that is exactly a field's key maps to the field, even when a
// standard column has that name ("notes", "city", as Export writes a field
// so keyed); the standard header, or the key in another case, does not.
func TestSuggestPrefersAnExactFieldKey(t *testing.T) {
	defs := []field.Definition{
		{Key: field.MustParseKey("notes"), Label: "Remarks", Type: field.TypeText},
		{Key: field.MustParseKey("city"), Label: "Home town", Type: field.TypeText},
	}
	m := importer.Suggest([]string{"Notes", "City", "notes", "city", "CITY"}, nil, defs, nil)
	assert.Equal(t, importer.KindNotes, m.Columns[0].Target.Kind)
	assert.Equal(t, importer.KindCity, m.Columns[1].Target.Kind)
	assert.Equal(t, "custom field notes", m.Columns[2].Target.String())
	assert.Equal(t, "custom field city", m.Columns[3].Target.String())
	assert.Equal(t, importer.KindIgnore, m.Columns[4].Target.Kind, "the city and its field are taken: %v", m.Columns[4].Alternatives)
	require.NoError(t, m.Validate(defs))
}

func TestRecord(t *testing.T) {
	header := []string{"First Name", "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value",
		"WhatsApp", "Labels", "Unsubscribed", "Shoe size", "Notes"}
	defs := []field.Definition{{Key: field.MustParseKey("shoe_size"), Label: "Shoe size", Type: field.TypeNumber}}
	m := importer.Suggest(header, nil, defs, nil)
	require.NoError(t, m.Validate(defs))
	rec := m.Record(importer.Row{Line: 7, Cells: []string{" Ann ", "* Work", "ann@example.com ::: a@example.org",
		"Mobile", "'+33612345678", "+33 7 00 00 00 00", "* myContacts ::: VIP", "yes", "42", ""}})
	assert.Equal(t, 7, rec.Line)
	assert.Equal(t, importer.Cell{Column: 0, Value: "Ann"}, rec.FirstName)
	assert.Equal(t, []importer.Cell{{Column: 2, Value: "ann@example.com", Label: "work", LabelCell: true}, {Column: 2, Value: "a@example.org", Label: "work", LabelCell: true}}, rec.Emails)
	assert.Equal(t, []importer.Cell{{Column: 4, Value: "+33612345678", Label: "mobile", LabelCell: true}, {Column: 5, Value: "+33 7 00 00 00 00", Label: "whatsapp"}}, rec.Phones)
	assert.Equal(t, []importer.Cell{{Column: 6, Value: "VIP"}}, rec.Tags, "Google's myContacts is every contact's group")
	require.Len(t, rec.Consent, 1)
	unsub, ok := importer.ParseConsent(rec.Consent[0].Kind, rec.Consent[0].Value)
	assert.True(t, unsub && ok)
	assert.Equal(t, "42", rec.Fields[field.MustParseKey("shoe_size")].Value)
	assert.Empty(t, rec.Notes, "blank cells are left out")
}

// ReadRecord into one Record again and again reads each row as Record
// does: nothing of an earlier row is left in it, whichever cells were
// blank or full, and the record Record returned before is not changed.
func TestReadRecordReuses(t *testing.T) {
	header := []string{"First Name", "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value",
		"WhatsApp", "Labels", "Unsubscribed", "Shoe size", "Notes", "Country"}
	defs := []field.Definition{{Key: field.MustParseKey("shoe_size"), Label: "Shoe size", Type: field.TypeNumber}}
	m := importer.Suggest(header, nil, defs, nil)
	require.NoError(t, m.Validate(defs))
	rows := [][]string{
		{" Ann ", "* Work", "ann@example.com ::: a@example.org", "Mobile", "'+33612345678", "+33 7 00 00 00 00",
			"* myContacts ::: VIP", "yes", "42", "a note", "FR"},
		{"Bob"},
		{"", "", "", "", "", "", "Gold ::: Silver", "", "", "", ""},
		{"Cid", "Home", "cid@example.com", "", "", "", "", "no", "7", "", "Spain"},
		{},
	}
	norm := func(r importer.Record) importer.Record {
		if len(r.Fields) == 0 {
			r.Fields = nil
		}
		for _, s := range []*[]importer.Cell{&r.Emails, &r.Phones, &r.Tags, &r.Notes} {
			if len(*s) == 0 {
				*s = nil
			}
		}
		if len(r.Consent) == 0 {
			r.Consent = nil
		}
		return r
	}
	var reused importer.Record
	var earlier []importer.Record
	for rep := range 3 {
		for i, cells := range rows {
			row := importer.Row{Line: 10*rep + i + 2, Cells: cells}
			want := m.Record(row)
			m.ReadRecord(&reused, row)
			assert.Equal(t, norm(want), norm(reused), "line %d", row.Line)
			earlier = append(earlier, want)
		}
	}
	for i, r := range earlier {
		assert.Equal(t, m.Record(importer.Row{Line: r.Line, Cells: rows[i%len(rows)]}), r, "line %d changed", r.Line)
	}
}

// The consent of one numbered address: its header names the slot of the
// email or phone column, in any spelling of the slot headers; two columns
// may not give the same channel's consent of the same slot, and the slots
// of one channel, and the channels of one slot, are distinct targets.
func TestSuggestConsentSlots(t *testing.T) {
	header := []string{"E-mail 1 - Consent", "Email 2 - Opt Out", "Phone 2 - SMS Consent", "Phone 2 - WhatsApp Consent",
		"phone_3_sms_opt_out", "PHONE 3 - WHATSAPP OPT-OUT", "SMS Opt Out", "WhatsApp Opt Out", "Email Consent", "Phone 2 - SMS Opt Out"}
	m := importer.Suggest(header, nil, nil, nil)
	want := []string{"consent 1 (email)", "unsubscribed 2 (email)", "consent 2 (sms)", "consent 2 (whatsapp)",
		"unsubscribed 3 (sms)", "unsubscribed 3 (whatsapp)", "unsubscribed (sms)", "unsubscribed (whatsapp)", "consent (email)",
		"unsubscribed 2 (sms)"}
	for i, w := range want {
		assert.Equal(t, w, m.Columns[i].Target.String(), "header %q", header[i])
		assert.Equal(t, importer.ReasonAlias, m.Columns[i].Reason.Kind, "header %q", header[i])
	}
	assert.Equal(t, 3, m.Columns[4].Target.Slot)
	require.NoError(t, m.Validate(nil))

	// The same channel, kind and slot twice is allowed: any cell that says
	// unsubscribed unsubscribes the address.
	require.NoError(t, m.Set(8, importer.Target{Kind: importer.KindConsent, Label: "email", Slot: 1}))
	assert.NoError(t, m.Validate(nil))

	// A second column for a slot's consent is read too.
	m = importer.Suggest([]string{"Email 2 - Consent", "E-mail 2 - Consent"}, nil, nil, nil)
	assert.Equal(t, "consent 2 (email)", m.Columns[0].Target.String())
	assert.Equal(t, "consent 2 (email)", m.Columns[1].Target.String())
	assert.NoError(t, m.Validate(nil))
}

// A consent cell names the addresses of its row it is about: a slot's,
// those of the email or phone column of that slot; a column without a
// slot, every address of its channel but those whose slot has a cell of
// its own that is not blank.
func TestRecordConsentSlots(t *testing.T) {
	header := []string{"Email 1 - Value", "Email 2 - Value", "Email", "Phone 1 - Value", "Phone 2 - Value", "Mobile",
		"Email Consent", "Email 2 - Consent", "SMS Opt Out", "Phone 2 - SMS Opt Out", "Phone 1 - WhatsApp Opt Out", "Unsubscribed"}
	m := importer.Suggest(header, nil, nil, nil)
	require.NoError(t, m.Validate(nil))
	type about struct {
		label          string
		slot           int
		emails, phones []int
	}
	read := func(cells ...string) []about {
		rec := m.Record(importer.Row{Line: 2, Cells: cells})
		var out []about
		for _, c := range rec.Consent {
			out = append(out, about{c.Label, c.Slot, c.Emails, c.Phones})
		}
		return out
	}
	// Every cell set; the second email cell holds two addresses.
	got := read("a@example.com", "b@example.com ::: c@example.com", "d@example.com", "0611111111", "0622222222", "0633333333",
		"unsubscribed", "subscribed", "yes", "no", "yes", "yes")
	assert.Equal(t, []about{
		{"email", 0, []int{0, 3}, nil}, // not b and c: slot 2 has its own cell
		{"email", 2, []int{1, 2}, nil},
		{"sms", 0, nil, []int{0, 2}},
		{"sms", 2, nil, []int{1}},
		{"whatsapp", 1, nil, []int{0}},
		{"email", 0, []int{0, 3}, nil},
	}, got)

	// Blank slot cells leave their addresses to the columns without a
	// slot; a slot without an address is about nothing.
	got = read("a@example.com", "", "d@example.com", "0611111111", "0622222222", "",
		"unsubscribed", "unsubscribed", "yes", "", "", "")
	assert.Equal(t, []about{
		{"email", 0, []int{0, 1}, nil},
		{"email", 2, nil, nil},
		{"sms", 0, nil, []int{0, 1}},
	}, got)
}

func TestPreview(t *testing.T) {
	header := []string{"Phone", "Email", "Country"}
	rows := sampleRows([]string{"0612345678", "12", "+44 20 7946 0958"}, []string{"a@example.com", "nope", ""}, []string{"FR", "Atlantis", "de"})
	m := importer.Suggest(header, rows, nil, &importer.MapOptions{Region: "FR"})
	p := importer.Preview(m, rows, nil, &importer.MapOptions{Region: "FR", SampleSize: 2})
	require.Len(t, p, 3)
	assert.Equal(t, []string{"0612345678", "12"}, p[0].Samples)
	assert.Equal(t, 1, p[0].Parsed)
	assert.Equal(t, []string{"a@example.com", "nope"}, p[1].Samples)
	assert.Equal(t, 1, p[1].Parsed)
	assert.Equal(t, 1, p[2].Parsed, "FR parses, Atlantis does not")
}

func TestParseConsent(t *testing.T) {
	tests := []struct {
		kind      importer.Kind
		value     string
		unsub, ok bool
	}{
		{importer.KindConsent, "Unsubscribed", true, true},
		{importer.KindConsent, "opted-out", true, true},
		{importer.KindConsent, "Désabonné", true, true},
		{importer.KindConsent, "SUBSCRIBED", false, true},
		{importer.KindConsent, "maybe", false, false},
		{importer.KindUnsubscribed, "TRUE", true, true},
		{importer.KindUnsubscribed, "oui", true, true},
		{importer.KindUnsubscribed, "0", false, true},
		{importer.KindUnsubscribed, "unsubscribed", false, false},
		{importer.KindEmail, "yes", false, false},
	}
	for _, tt := range tests {
		unsub, ok := importer.ParseConsent(tt.kind, tt.value)
		assert.Equal(t, [2]bool{tt.unsub, tt.ok}, [2]bool{unsub, ok}, "%s %q", tt.kind, tt.value)
	}
}

func TestNormalizeLabel(t *testing.T) {
	for in, want := range map[string]string{
		"* Mobile": "mobile", "Cell": "mobile", "Portable": "mobile", "WhatsApp Business": "whatsapp", "Work": "work",
		"Bureau": "work", "Home": "home", "Domicile": "home", "Other": "other", "SMTP": "", "Work Fax": "Work Fax", " ": "",
	} {
		assert.Equal(t, want, importer.NormalizeLabel(in), "%q", in)
	}
}

// TestPreviewHiddenOptions: a hidden option named by its value parses in
// the preview, as the import takes it (what an export of a contact holding
// it wrote), and its label alone does not.
func TestPreviewHiddenOptions(t *testing.T) {
	d := field.Definition{Key: field.MustParseKey("color"), Label: "Color", Type: field.TypeSelect, Options: []field.Option{
		{Value: "red", Label: "Rouge"}, {Value: "old", Label: "Legacy", Hidden: true},
	}}
	rows := sampleRows([]string{"red", "old", "Legacy", "blue"})
	m := importer.Mapping{Columns: []importer.Column{{Index: 0, Header: "Color", Target: importer.Target{Kind: importer.KindCustom, Field: d.Key}}}}
	p := importer.Preview(m, rows, []field.Definition{d}, nil)
	require.Len(t, p, 1)
	assert.Equal(t, 2, p[0].Parsed, "red and old parse; Legacy and blue do not")
}

// A consent column mapped with no channel is one cell of each channel, and
// each defers to a slot's own cell of its channel.
func TestRecordConsentOfNoChannel(t *testing.T) {
	m := importer.Suggest([]string{"Email 1 - Value", "Email 2 - Value", "Phone 1 - Value", "Opt out", "Email 2 - Consent"}, nil, nil, nil)
	m.Columns[3].Target = importer.Target{Kind: importer.KindUnsubscribed}
	require.NoError(t, m.Validate(nil))
	rec := m.Record(importer.Row{Line: 2, Cells: []string{"a@example.com", "b@example.com", "0611111111", "yes", "subscribed"}})
	type about struct {
		column         int
		label          string
		slot           int
		emails, phones []int
	}
	var got []about
	for _, c := range rec.Consent {
		got = append(got, about{c.Column, c.Label, c.Slot, c.Emails, c.Phones})
	}
	assert.Equal(t, []about{
		{3, "email", 0, []int{0}, nil}, // not b: slot 2 has its own email cell
		{3, "sms", 0, nil, []int{0}},
		{3, "whatsapp", 0, nil, []int{0}},
		{4, "email", 2, []int{1}, nil},
	}, got)
}

// TestSuggestDateOrder: the order of day and month of dates in numbers
// comes from a sampled date that only one order reads, else from the
// region; dates that disagree, or none in numbers, leave ISO 8601 only.
func TestSuggestDateOrder(t *testing.T) {
	defs := []field.Definition{{Key: field.MustParseKey("signed_on"), Label: "Signed on", Type: field.TypeDate}}
	for _, tc := range []struct {
		name      string
		header    []string
		birthdays []string
		custom    []string
		region    string
		want      field.DateOrder
		reason    string
	}{
		{"Outlook in the US", []string{"Birthday"}, []string{"4/1/1980", "5/22/1975", "0/0/00"}, nil, "FR",
			field.MonthFirst, `dates read month first: "5/22/1975" has its month first`},
		{"a French spreadsheet", []string{"Date de naissance"}, []string{"04/01/1980", "22/05/1975"}, nil, "US",
			field.DayFirst, `dates read day first: "22/05/1975" has its day first`},
		{"the custom field tells", []string{"Birthday", "Signed on"}, []string{"4/1/1980"}, []string{"13.01.2024"}, "US",
			field.DayFirst, `dates read day first: "13.01.2024" has its day first`},
		{"nothing tells, US", []string{"Birthday"}, []string{"4/1/1980", "1980/04/01"}, nil, "US",
			field.MonthFirst, `dates read month-first, as region "US" writes them: no sampled date tells`},
		{"nothing tells, FR", []string{"Birthday"}, []string{"4/1/1980"}, nil, "FR",
			field.DayFirst, `dates read day-first, as region "FR" writes them: no sampled date tells`},
		{"they disagree", []string{"Birthday"}, []string{"22/5/1975", "5/22/1975"}, nil, "FR",
			field.ISODate, `dates left unread: "22/5/1975" has the day first, "5/22/1975" the month`},
		{"ISO only", []string{"Birthday"}, []string{"1975-05-22", "--04-12"}, nil, "US", field.ISODate, ""},
		{"Mailchimp's birthdays", []string{"Birthday"}, []string{"04/01", "05/22", ""}, nil, "FR",
			field.MonthFirst, `dates read month first: "05/22" has its month first`},
		{"named months", []string{"Birthday"}, []string{"22 May 1975", "April 1st, 1980", "1er mai"}, nil, "US",
			field.MonthFirst, `dates read month-first, as region "US" writes them: no sampled date tells`},
		{"dates and times", []string{"Birthday", "Signed on"}, []string{"1975-05-22"}, []string{"2024-01-13T10:22:00Z"}, "FR",
			field.DayFirst, `dates read day-first, as region "FR" writes them: no sampled date tells`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cols := [][]string{tc.birthdays}
			if len(tc.header) == 2 {
				custom := make([]string, len(tc.birthdays))
				copy(custom, tc.custom)
				cols = append(cols, custom)
			}
			rows := sampleRows(cols...)
			m := importer.Suggest(tc.header, rows, defs, &importer.MapOptions{Region: tc.region})
			assert.Equal(t, tc.want, m.Dates)
			assert.Equal(t, tc.reason, m.DatesReason)
			// Preview reads the dates as the import will.
			p := importer.Preview(m, rows, defs, &importer.MapOptions{Region: tc.region})
			parsed := 0
			for _, v := range tc.birthdays {
				if _, err := field.ParseDateIn(v, m.Dates); err == nil {
					parsed++
				}
			}
			assert.Equal(t, parsed, p[0].Parsed)
		})
	}
}

// TestSuggestFindsDatesByValue: a column without a known header whose
// values are dates, in any form, has the birthday among its alternatives;
// one of dates and times (events), or of decimals and fractions that two
// numbers without a year would read as days of the year, does not.
func TestSuggestFindsDatesByValue(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []string
		date   bool
	}{
		{"ISO", []string{"1975-05-22", "1980-04-01", "1969-12-31"}, true},
		{"in numbers", []string{"22/05/1975", "01/04/1980", "31/12/1969"}, true},
		{"named months", []string{"22 May 1975", "1er avril 1980", "Dec. 31, 1969"}, true},
		{"dates and times", []string{"2024-05-22 10:22", "2024-04-01T08:00:00Z", "2024-12-31 23:59"}, false},
		{"decimals", []string{"12.5", "3.25", "1.10"}, false},
		{"fractions", []string{"1/2", "3/4", "5/8"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := importer.Suggest([]string{"Col A"}, sampleRows(tc.values), nil, &importer.MapOptions{Region: "FR"})
			found := slices.ContainsFunc(m.Columns[0].Alternatives, func(a importer.Candidate) bool { return a.Target.Kind == importer.KindBirthDate })
			assert.Equal(t, tc.date, found, "alternatives %v", m.Columns[0].Alternatives)
		})
	}
}

// TestBlockedColumn: the "Blocked" column contactkit exports (and its
// French header) maps to KindBlocked, its record holds the cell, the
// preview counts the values ParseBlocked reads, and ParseBlocked reads yes
// and no in English and French.
func TestBlockedColumn(t *testing.T) {
	for _, h := range []string{"Blocked", "BLOQUÉ", "bloque"} {
		m := importer.Suggest([]string{"Email", h}, nil, nil, nil)
		assert.Equal(t, importer.KindBlocked, m.Columns[1].Target.Kind, "header %q", h)
	}
	rows := sampleRows([]string{"a@example.com", "b@example.com", "c@example.com"}, []string{"yes", "", "peut-être"})
	m := importer.Suggest([]string{"Email", "Blocked"}, rows, nil, nil)
	assert.Equal(t, "yes", m.Record(rows[0]).Blocked.Value)
	assert.Equal(t, 1, m.Record(rows[0]).Blocked.Column)
	assert.Empty(t, m.Record(rows[1]).Blocked.Value)
	p := importer.Preview(m, rows, nil, nil)
	assert.Equal(t, 1, p[1].Parsed, "yes parses, peut-être does not")

	for _, tt := range []struct {
		value         string
		blocked, isOK bool
	}{
		{"yes", true, true}, {"Oui", true, true}, {"TRUE", true, true}, {"x", true, true}, {"Blocked", true, true}, {"bloqué", true, true},
		{"no", false, true}, {"Non", false, true}, {"0", false, true}, {"active", false, true}, {"Actif", false, true},
		{"maybe", false, false}, {"unsubscribed", false, false}, {"", false, false},
	} {
		blocked, ok := importer.ParseBlocked(tt.value)
		assert.Equal(t, [2]bool{tt.blocked, tt.isOK}, [2]bool{blocked, ok}, "%q", tt.value)
	}
}

// Consented: a consent column's values that say the address consented; a
// pending double opt-in, an unsubscribe, an opt-out column's no and values
// not understood do not.
func TestConsented(t *testing.T) {
	for _, tt := range []struct {
		kind  importer.Kind
		value string
		want  bool
	}{
		{importer.KindConsent, "Subscribed", true},
		{importer.KindConsent, " opted-in ", true},
		{importer.KindConsent, "Abonné", true},
		{importer.KindConsent, "inscrit", true},
		{importer.KindConsent, "pending", false},
		{importer.KindConsent, "unsubscribed", false},
		{importer.KindConsent, "yes", true},
		{importer.KindConsent, "Oui", true},
		{importer.KindConsent, "non", false},
		{importer.KindConsent, "", false},
		{importer.KindUnsubscribed, "no", false},
		{importer.KindUnsubscribed, "subscribed", false},
	} {
		assert.Equal(t, tt.want, importer.Consented(tt.kind, tt.value), "%s %q", tt.kind, tt.value)
	}
}
