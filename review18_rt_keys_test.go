package contactkit_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// Custom fields keyed like the headers vendors' files use, which
// importer.Suggest maps to standard targets (the ID, the blocked status,
// the assignee, numbered emails and phones, their labels and consent, the
// failed-rows column, names, notes, tags, …): the export writes each under
// its key, and the import reads each back into itself, the standard
// columns into the standard fields (I6).
func TestReview18RTFieldsKeyedLikeAliases(t *testing.T) {
	keys := []string{"contactkit_id", "blocked", "assignee", "email_1_value", "email_2_value", "email_1_label", "phone_1_value",
		"phone_2_label", "phone_2_sms_opt_out", "sms_opt_out", "whatsapp_opt_out", "email_2_consent", "import_error", "name",
		"full_name", "title", "location", "description", "keywords", "region", "province", "role", "position", "mobile", "whatsapp",
		"mobile_phone", "dob", "locale", "calling_code", "country_code", "organization", "account", "groups", "tag", "note",
		"comments", "unsubscribed", "id", "contact_id", "first", "last", "prenom", "nom", "ville", "pays", "email_address",
		"e_mail", "sms", "consent", "email_marketing_consent", "accepts_email_marketing", "status", "owner", "contact_owner",
		"lists", "list", "notes", "birthday", "language", "country", "city", "state", "company", "job_title", "alias",
		"nickname", "first_name", "last_name", "email", "phone", "tags", "email_consent", "mobile_number", "work_phone", "fax"}
	var defs []field.Definition
	fields := map[string]string{}
	for _, k := range keys {
		defs = append(defs, field.Definition{Key: field.MustParseKey(k), Label: "L " + k, Type: field.TypeText})
		fields[k] = "value of " + k
	}
	ctx := context.Background()
	src := accService("FR")
	acc2CreateFields(t, src, defs)
	u := contact.UserID("u-1")
	c, err := src.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: new("Ann"), LastName: new("Lee"), Alias: new("Annie"), City: new("Paris"), Company: new("Acme"),
		JobTitle: new("CTO"), Email: new("ann@example.com"), Phone: new("06 12 34 56 78"), Country: new("FR"), Language: new("fr"),
		BirthDate: new("1990-05-06"), Assignee: &u, Fields: fields,
		OtherEmails: &[]contact.LabeledInput{{Value: "ann2@example.com", Label: "work"}},
		OtherPhones: &[]contact.LabeledInput{{Value: "06 12 34 56 79", Label: "home"}},
	}, Tags: []string{"vip"}})
	require.NoError(t, err)
	c, err = src.BlockContact(ctx, accOwner, c.ID, "test")
	require.NoError(t, err)

	var out bytes.Buffer
	_, err = src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	dst := accService("FR")
	acc2CreateFields(t, dst, defs)
	run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, "%s\n%s", run.outcomes(), run.mappingText())
	back := accAll(t, dst, contactkit.ContactQuery{})
	rv18Compare(t, "contact", c, back[0])
	for _, k := range keys {
		assert.Equal(t, c.Fields[field.MustParseKey(k)].String(), back[0].Fields[field.MustParseKey(k)].String(), "field %s\n%s", k, run.mappingText())
	}
}
