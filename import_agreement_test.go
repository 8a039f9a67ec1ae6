package contactkit_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// The tests of this file compare what Import does to a contact with what
// the single calls that do the same thing (CreateContact, CaptureContact,
// TagContact, Unsubscribe, AddToList) do, each on its own Service with the
// same options: the stored contact, its history, the consent ledger, the
// events and the duplicate suggestions must agree.

// importer is the actor of both sides: the history records an import
// source for the single calls too, so that entries compare as they are.
var importActor = func() contactkit.Actor { a := owner; a.Source = contact.ChangeImport; return a }()

// agreement is a pair of Services with the same options: single for the
// single calls, imp for Import.
type agreement struct {
	single, imp *harness
}

func newAgreement(t *testing.T, opts func(*contactkit.Options)) agreement {
	t.Helper()
	return agreement{
		single: newHarnessWith(t, storetest.Retrying(memstore.New()), opts),
		imp:    newHarnessWith(t, storetest.Retrying(memstore.New()), opts),
	}
}

// both runs fn on each side.
func (ag agreement) both(fn func(h *harness)) {
	fn(ag.single)
	fn(ag.imp)
}

// comparable returns c without what differs by construction: its ID and,
// for a created contact, its source.
func comparableContact(c contact.Contact) contact.Contact {
	c.ID = contact.ID{}
	c.Source = ""
	return c
}

// history returns the history of contact id, without the contact's ID.
func history(t *testing.T, h *harness, id contact.ID) []contact.Change {
	t.Helper()
	var out []contact.Change
	for ch, err := range h.svc.History(t.Context(), importActor, id, "") {
		require.NoError(t, err)
		ch.Contact = contact.ID{}
		if ch.Field == contact.FieldSource {
			ch.New = "" // contact.SourceAPI vs contact.SourceImport
		}
		out = append(out, ch)
	}
	return out
}

// ledgerEntries returns every entry of the consent ledger.
func ledgerEntries(t *testing.T, h *harness) []list.Consent {
	t.Helper()
	var out []list.Consent
	for e, err := range h.svc.ConsentLedger(t.Context(), importActor, "") {
		require.NoError(t, err)
		out = append(out, e)
	}
	return out
}

// duplicateReasons returns the reasons of the duplicate suggestions.
func duplicateReasons(t *testing.T, h *harness) []string {
	t.Helper()
	res, err := h.svc.FindDuplicates(t.Context(), importActor, nil)
	require.NoError(t, err)
	var out []string
	for _, g := range res.Groups {
		for _, r := range g.Reasons {
			out = append(out, fmt.Sprintf("%s×%d", r.Key, len(r.Contacts)))
		}
	}
	return out
}

// compare checks that the contacts single and imported (of each side)
// agree, with their histories, the ledger and the duplicate suggestions.
func (ag agreement) compare(t *testing.T, single, imported contact.ID) {
	t.Helper()
	ctx := t.Context()
	a, err := ag.single.svc.GetContact(ctx, importActor, single)
	require.NoError(t, err)
	b, err := ag.imp.svc.GetContact(ctx, importActor, imported)
	require.NoError(t, err)
	assert.Equal(t, comparableContact(a), comparableContact(b), "the stored contact")
	assert.Equal(t, history(t, ag.single, single), history(t, ag.imp, imported), "the history")
	assert.Equal(t, ledgerEntries(t, ag.single), ledgerEntries(t, ag.imp), "the consent ledger")
	assert.Equal(t, duplicateReasons(t, ag.single), duplicateReasons(t, ag.imp), "the duplicate suggestions")
}

// importRow imports one file on the import side and returns the outcome of
// its only row.
func (ag agreement) importRow(t *testing.T, text string, opts *contactkit.ImportOptions) contactkit.ImportRow {
	t.Helper()
	got := importCSV(t, ag.imp, importActor, text, opts)
	require.NoError(t, got.err)
	require.Len(t, got.rows, 1)
	row := got.rows[0]
	require.Nil(t, row.Err, "the row fails: %v", row.Err)
	return row
}

var optIn = func(o *contactkit.Options) { o.Consent = list.Policy{DefaultConsent: list.ConsentUnsubscribed} }

// An imported row that creates a contact stores what CreateContact stores
// from the same values, with the same history, ledger and index.
func TestImportCreateAgreesWithCreateContact(t *testing.T) {
	tests := []struct {
		name string
		opts func(*contactkit.Options)
		csv  string
		in   contactkit.ContactInput
	}{
		{"names, email, phone", nil,
			"First Name,Last Name,Email,Phone,City\nAda,Lovelace,ada@example.com,06 12 34 56 78,Lyon\n",
			contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), LastName: new("Lovelace"),
				Email: new("ada@example.com"), Phone: new("06 12 34 56 78"), City: new("Lyon")}}},
		{"secondary emails under opt-in", optIn,
			"Email,Email 2\nada@example.com,ada.home@example.com\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"),
				OtherEmails: &[]contact.LabeledInput{{Value: "ada.home@example.com"}}}}},
		{"tags", nil,
			"Email,Tags\nada@example.com,\"vip, lead\"\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Tags: []string{"vip, lead"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ag := newAgreement(t, tt.opts)
			c, err := ag.single.svc.CreateContact(t.Context(), importActor, tt.in)
			require.NoError(t, err)
			row := ag.importRow(t, tt.csv, nil)
			require.Equal(t, contactkit.ImportCreated, row.Outcome)
			ag.compare(t, c.ID, row.Contact)
		})
	}
}

// An imported row that updates a contact changes it as CaptureContact
// does with the same values (blank values keep, addresses are added).
func TestImportUpdateAgreesWithCaptureContact(t *testing.T) {
	tests := []struct {
		name     string
		opts     func(*contactkit.Options)
		existing contactkit.ContactInput
		csv      string
		in       contactkit.ContactInput
	}{
		{"fields and a new phone", nil,
			contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com"), City: new("Lyon")}},
			"Email,Last Name,Phone,City\nada@example.com,Lovelace,06 12 34 56 78,\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), LastName: new("Lovelace"), Phone: new("06 12 34 56 78")}}},
		{"a secondary email under opt-in", optIn,
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}},
			"Email,Email 2\nada@example.com,ada.home@example.com\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"),
				OtherEmails: &[]contact.LabeledInput{{Value: "ada.home@example.com"}}}}},
		{"a secondary phone under opt-in", optIn,
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), Phone: new("06 12 34 56 78")}},
			"Email,Phone,Mobile Phone\nada@example.com,06 12 34 56 78,06 98 76 54 32\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), Phone: new("06 12 34 56 78"),
				OtherPhones: &[]contact.LabeledInput{{Value: "06 98 76 54 32", Label: "mobile"}}}}},
		{"a gmail variant held by another contact", nil,
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}},
			"Email,Email 2\nada@example.com,a.da@gmail.com\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"),
				OtherEmails: &[]contact.LabeledInput{{Value: "a.da@gmail.com"}}}}},
		{"tags", nil,
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Tags: []string{"old"}},
			"Email,Tags\nada@example.com,\"vip, lead\"\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Tags: []string{"vip, lead"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ag := newAgreement(t, tt.opts)
			ids := map[*harness]contact.ID{}
			ag.both(func(h *harness) {
				c, err := h.svc.CreateContact(t.Context(), importActor, tt.existing)
				require.NoError(t, err)
				ids[h] = c.ID
				// Another contact holding a variant of an address.
				h.create(t, importActor, contact.Patch{Email: new("ada@gmail.com")})
				h.now = h.now.Add(time.Hour)
			})
			res, err := ag.single.svc.CaptureContact(t.Context(), importActor, tt.in)
			require.NoError(t, err)
			require.False(t, res.Created)
			row := ag.importRow(t, tt.csv, nil)
			require.Equal(t, contactkit.ImportUpdated, row.Outcome)
			require.Equal(t, ids[ag.imp], row.Contact)
			ag.compare(t, ids[ag.single], row.Contact)
		})
	}
}

// Under an opt-in policy the ledger records every address a contact is
// given, primary or secondary, however it is given: by CreateContact, by
// CaptureContact or UpdateContact adding a secondary one, or by an import
// creating or updating the contact (L3, C1b).
func TestEveryPathRecordsNewAddresses(t *testing.T) {
	ctx := t.Context()
	others := &[]contact.LabeledInput{{Value: "ada.home@example.com"}}
	otherPhones := &[]contact.LabeledInput{{Value: "06 98 76 54 32"}}
	tests := []struct {
		name string
		// give gives contact c (zero for none) the addresses and returns
		// it.
		give func(t *testing.T, h *harness, c contact.Contact) contact.ID
	}{
		{"CreateContact", func(t *testing.T, h *harness, _ contact.Contact) contact.ID {
			c, err := h.svc.CreateContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{
				Email: new("ada@example.com"), OtherEmails: others, Phone: new("06 12 34 56 78"), OtherPhones: otherPhones}})
			require.NoError(t, err)
			return c.ID
		}},
		{"UpdateContact", func(t *testing.T, h *harness, c contact.Contact) contact.ID {
			_, err := h.svc.UpdateContact(ctx, importActor, c.ID, contact.Patch{OtherEmails: others, OtherPhones: otherPhones})
			require.NoError(t, err)
			return c.ID
		}},
		{"CaptureContact", func(t *testing.T, h *harness, c contact.Contact) contact.ID {
			res, err := h.svc.CaptureContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{
				Email: new("ada@example.com"), OtherEmails: others, OtherPhones: otherPhones}})
			require.NoError(t, err)
			return res.Contact.ID
		}},
		{"Import, update", func(t *testing.T, h *harness, c contact.Contact) contact.ID {
			got := importCSV(t, h, importActor, "Email,Email 2,Phone,Mobile Phone\nada@example.com,ada.home@example.com,06 12 34 56 78,06 98 76 54 32\n", nil)
			require.NoError(t, got.err)
			require.Equal(t, []string{"2:updated"}, got.outcomes())
			return got.rows[0].Contact
		}},
		{"Import, create", func(t *testing.T, h *harness, c contact.Contact) contact.ID {
			got := importCSV(t, h, importActor, "Email,Email 2,Phone,Mobile Phone\nada@example.com,ada.home@example.com,06 12 34 56 78,06 98 76 54 32\n", nil)
			require.NoError(t, got.err)
			require.Equal(t, []string{"2:created"}, got.outcomes())
			return got.rows[0].Contact
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, storetest.Retrying(memstore.New()), optIn)
			var c contact.Contact
			if !strings.HasPrefix(tt.name, "CreateContact") && !strings.HasSuffix(tt.name, "create") {
				c = h.create(t, importActor, contact.Patch{Email: new("ada@example.com"), Phone: new("06 12 34 56 78")})
			}
			id := tt.give(t, h, c)
			got, err := h.svc.GetContact(ctx, importActor, id)
			require.NoError(t, err)
			require.Len(t, got.Emails(), 2)
			require.Len(t, got.Phones(), 2)
			var recorded []string
			for _, e := range ledgerEntries(t, h) {
				assert.True(t, e.Default, "%s: a first-seen address is a default entry", e.Address)
				recorded = append(recorded, e.Address.String())
			}
			var want []string
			for _, a := range list.Addresses(&got) {
				want = append(want, a.String())
			}
			assert.ElementsMatch(t, want, recorded, "every address of the contact is in the ledger")
		})
	}
}
