package contactkit_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
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
	ag := agreement{
		single: newHarnessWith(t, storetest.Retrying(memstore.New()), opts),
		imp:    newHarnessWith(t, storetest.Retrying(memstore.New()), opts),
	}
	// The first search builds the index of duplicates: from then on, each
	// write keeps it (and not a build from every contact at the end).
	ag.both(func(h *harness) { duplicateReasons(t, h) })
	return ag
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
		{"a gmail variant held by another contact", nil,
			"Email\na.da@gmail.com\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("a.da@gmail.com")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ag := newAgreement(t, tt.opts)
			ag.both(func(h *harness) {
				h.create(t, importActor, contact.Patch{Email: new("ada@gmail.com")})
			})
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
		{"a row matching a secondary email", nil,
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"),
				OtherEmails: &[]contact.LabeledInput{{Value: "ada.work@example.com", Label: "work"}}}},
			"Email,City,Phone\nada.work@example.com,Lyon,06 12 34 56 78\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("ada.work@example.com"), City: new("Lyon"), Phone: new("06 12 34 56 78")}}},
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

// counted gives each Service IDs of its own counter, so that two Services
// that make the same calls draw the same IDs.
func counted(o *contactkit.Options) {
	var n uint64
	o.NewID = func() (uuid.UUID, error) {
		n++
		var id uuid.UUID
		id[6], id[8] = 0x70, 0x80
		binary.BigEndian.PutUint64(id[8:], n|0x8000000000000000)
		return id, nil
	}
}

// normalEvent returns e without what differs by construction: the contact
// and activity IDs, a created contact's source.
func normalEvent(e contactkit.Event) contactkit.Event {
	switch e := e.(type) {
	case contactkit.ContactCreated:
		e.Contact, e.Snapshot = contact.ID{}, comparableContact(e.Snapshot)
		return e
	case contactkit.ContactUpdated:
		e.Contact, e.Snapshot = contact.ID{}, comparableContact(e.Snapshot)
		return e
	case contactkit.ContactTagged:
		e.Contact = contact.ID{}
		return e
	case contactkit.ConsentChanged:
		e.Contact = contact.ID{}
		return e
	case contactkit.ListStatusChanged:
		e.Contact = contact.ID{}
		return e
	case contactkit.ActivityAdded:
		e.Contact, e.Activity.ID, e.Activity.Contact = contact.ID{}, activity.ID{}, contact.ID{}
		return e
	case contactkit.Enrolled:
		e.Contact = contact.ID{}
		e.Enrollment.ID, e.Enrollment.Contact = automation.EnrollmentID{}, contact.ID{}
		return e
	}
	return e
}

func normalEvents(events []contactkit.Event) []contactkit.Event {
	out := make([]contactkit.Event, len(events))
	for i, e := range events {
		out[i] = normalEvent(e)
	}
	return out
}

// checkSnapshots checks that every snapshot among events is the contact as
// stored.
func checkSnapshots(t *testing.T, h *harness, events []contactkit.Event) {
	t.Helper()
	for _, e := range events {
		var snap contact.Contact
		switch e := e.(type) {
		case contactkit.ContactCreated:
			snap = e.Snapshot
		case contactkit.ContactUpdated:
			snap = e.Snapshot
		default:
			continue
		}
		stored, err := h.svc.GetContact(t.Context(), importActor, snap.ID)
		require.NoError(t, err)
		assert.Equal(t, stored, snap, "%T: the snapshot is the contact as stored", e)
	}
}

// An imported row with tags, an unsubscribe, lists and a note does what
// CreateContact (or CaptureContact, for a row that updates) with the tags,
// Unsubscribe, AddToList and AddNote do one after the other: the same
// contact, history, ledger, memberships and events, in the same order, and
// the same enrollments when its triggers fire.
func TestImportRowAgreesWithSingleCalls(t *testing.T) {
	ctx := t.Context()
	const text = "Email,Phone,Tags,SMS Opt Out,Notes\nada@example.com,06 12 34 56 78,vip,yes,Met at the fair\n"
	for _, update := range []bool{false, true} {
		for _, triggers := range []bool{false, true} {
			for _, policy := range []list.ConsentStatus{list.ConsentSubscribed, list.ConsentUnsubscribed} {
				t.Run(fmt.Sprintf("update=%v,triggers=%v,consent=%s", update, triggers, policy), func(t *testing.T) {
					ag := newAgreement(t, func(o *contactkit.Options) {
						counted(o)
						o.Consent = list.Policy{DefaultConsent: policy}
					})
					var lists []list.ID
					var autos []automation.ID
					ag.both(func(h *harness) {
						l, err := h.svc.CreateList(ctx, importActor, list.List{Name: "News"})
						require.NoError(t, err)
						sms, err := h.svc.CreateList(ctx, importActor, list.List{Name: "Texts", Channel: list.ChannelSMS})
						require.NoError(t, err)
						lists = []list.ID{l.ID, sms.ID}
						autos = autos[:0]
						for _, tr := range []automation.Trigger{automation.On(automation.TriggerContactCreated),
							automation.On(automation.TriggerTagAdded), automation.On(automation.TriggerListSubscribed)} {
							au := h.automation(t, automation.Automation{Name: string(tr.Kind), Steps: steps(1), Active: true, Triggers: []automation.Trigger{tr}})
							autos = append(autos, au.ID)
						}
						if update {
							h.create(t, importActor, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}, "old")
						}
						h.now = h.now.Add(time.Hour)
						h.takeEvents()
					})
					// Those the setup made, the same on both sides.
					before := enrolled(t, ag.imp, autos)

					// The single calls, with no trigger when the import has none.
					s := ag.single
					var id contact.ID
					in := contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), Phone: new("06 12 34 56 78")}, Tags: []string{"vip"}}
					if update {
						res, err := s.svc.CaptureContact(ctx, importActor, in)
						require.NoError(t, err)
						id = res.Contact.ID
					} else {
						c, err := s.svc.CreateContact(ctx, importActor, in)
						require.NoError(t, err)
						id = c.ID
					}
					_, err := s.svc.Unsubscribe(ctx, importActor, id, list.ChannelSMS, "import")
					require.NoError(t, err)
					for _, l := range lists {
						_, err = s.svc.AddToList(ctx, importActor, l, id)
						require.NoError(t, err)
					}
					_, err = s.svc.AddNote(ctx, importActor, id, contactkit.NoteInput{Body: "Met at the fair"})
					require.NoError(t, err)
					singleEvents := s.takeEvents()

					row := ag.importRow(t, text, &contactkit.ImportOptions{Lists: lists, Triggers: triggers})
					importEvents := ag.imp.takeEvents()
					checkSnapshots(t, ag.imp, importEvents)
					ag.compare(t, id, row.Contact)

					// The events: the single calls' ContactUpdated of the capture
					// and the enrollments their triggers made come in other
					// places; compare each kind in order.
					byKind := func(events []contactkit.Event) map[string][]contactkit.Event {
						m := map[string][]contactkit.Event{}
						for _, e := range normalEvents(events) {
							k := fmt.Sprintf("%T", e)
							m[k] = append(m[k], e)
						}
						return m
					}
					want, got := byKind(singleEvents), byKind(importEvents)
					if !triggers {
						delete(want, "contactkit.Enrolled")
					}
					assert.Equal(t, want, got, "the events")

					want2 := enrolled(t, s, autos)
					if !triggers {
						want2 = before
					}
					assert.Equal(t, want2, enrolled(t, ag.imp, autos), "the enrollments")
				})
			}
		}
	}
}

// enrolled lists the enrollments into autos as "automation entry".
func enrolled(t *testing.T, h *harness, autos []automation.ID) []string {
	t.Helper()
	var out []string
	for _, au := range autos {
		for _, e := range h.enrollments(t, contactkit.EnrollmentQuery{Automation: au}) {
			out = append(out, fmt.Sprint(au, e.Entry))
		}
	}
	return out
}

// workspace returns every contact of h, live then trashed, in ID order.
func workspace(t *testing.T, h *harness) []contact.Contact {
	t.Helper()
	var out []contact.Contact
	for _, trashed := range []bool{false, true} {
		for c, err := range h.svc.Contacts(t.Context(), importActor, contactkit.ContactQuery{Trashed: trashed}) {
			require.NoError(t, err)
			out = append(out, c)
		}
	}
	return out
}

// compareWorkspaces checks that both sides hold the same contacts, with
// the same histories, and the same ledger and duplicate suggestions.
func (ag agreement) compareWorkspaces(t *testing.T) {
	t.Helper()
	a, b := workspace(t, ag.single), workspace(t, ag.imp)
	require.Len(t, b, len(a), "the contacts")
	for i := range a {
		assert.Equal(t, comparableContact(a[i]), comparableContact(b[i]), "contact %d", i)
		assert.Equal(t, history(t, ag.single, a[i].ID), history(t, ag.imp, b[i].ID), "the history of contact %d", i)
	}
	assert.Equal(t, ledgerEntries(t, ag.single), ledgerEntries(t, ag.imp), "the consent ledger")
	assert.Equal(t, duplicateReasons(t, ag.single), duplicateReasons(t, ag.imp), "the duplicate suggestions")
}

// A row fails where the single call refuses the same values, and writes
// what it writes where it accepts them: required standard and custom
// fields, archived fields, tag limits, a blocked contact, a contact in the
// trash.
func TestImportRowFailsWhereSingleCallsRefuse(t *testing.T) {
	ctx := t.Context()
	plan := field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText}
	requirePhone := func(o *contactkit.Options) {
		o.RequiredFields = func(contact.WorkspaceID) []string { return []string{contact.FieldPhone} }
	}
	manyTags := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "t%d", i)
		}
		return b.String()
	}
	tests := []struct {
		name  string
		opts  func(*contactkit.Options)
		setup func(t *testing.T, h *harness)
		// single makes the single call; csv is the file of one row that
		// does the same.
		single func(t *testing.T, h *harness) error
		csv    string
	}{
		{"create without a required phone", requirePhone, nil,
			func(t *testing.T, h *harness) error {
				_, err := h.svc.CreateContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}})
				return err
			}, "Email\nada@example.com\n"},
		{"update of a contact without a required phone", requirePhone,
			func(t *testing.T, h *harness) {
				// Saved before the policy: created with a phone, which is
				// then taken away behind the policy's back is not possible;
				// create it on a Service without the policy.
				plain := contactkit.New(h.store, &contactkit.Options{Now: func() time.Time { return h.now }, DefaultRegion: "FR"})
				_, err := plain.CreateContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}})
				require.NoError(t, err)
			},
			func(t *testing.T, h *harness) error {
				_, err := h.svc.CaptureContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), City: new("Lyon")}})
				return err
			}, "Email,City\nada@example.com,Lyon\n"},
		{"create without a required custom field", nil,
			func(t *testing.T, h *harness) {
				d := plan
				d.Required = true
				_, err := h.svc.CreateField(ctx, importActor, d)
				require.NoError(t, err)
			},
			func(t *testing.T, h *harness) error {
				_, err := h.svc.CreateContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}})
				return err
			}, "Email\nada@example.com\n"},
		{"update of a contact with a value of an archived field", nil,
			func(t *testing.T, h *harness) {
				_, err := h.svc.CreateField(ctx, importActor, plan)
				require.NoError(t, err)
				_, err = h.svc.CreateContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), Fields: map[string]string{"plan": "gold"}}})
				require.NoError(t, err)
				_, err = h.svc.ArchiveField(ctx, importActor, plan.Key)
				require.NoError(t, err)
			},
			func(t *testing.T, h *harness) error {
				_, err := h.svc.CaptureContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), City: new("Lyon")}})
				return err
			}, "Email,City\nada@example.com,Lyon\n"},
		{"create with too many tags", nil, nil,
			func(t *testing.T, h *harness) error {
				_, err := h.svc.CreateContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Tags: []string{manyTags(60), manyTags(120)[len(manyTags(60))+2:]}})
				return err
			}, "Email,Tags,Labels\nada@example.com,\"" + manyTags(60) + "\",\"" + manyTags(120)[len(manyTags(60))+2:] + "\"\n"},
		{"update with too many tags", nil,
			func(t *testing.T, h *harness) {
				_, err := h.svc.CreateContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Tags: []string{manyTags(90)}})
				require.NoError(t, err)
			},
			func(t *testing.T, h *harness) error {
				_, err := h.svc.CaptureContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Tags: []string{"x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11"}})
				return err
			}, "Email,Tags\nada@example.com,\"x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11\"\n"},
		{"update of a blocked contact", nil,
			func(t *testing.T, h *harness) {
				c := h.create(t, importActor, contact.Patch{Email: new("ada@example.com")})
				h.create(t, importActor, contact.Patch{Email: new("a.da@gmail.com")})
				_, err := h.svc.BlockContact(ctx, importActor, c.ID, "spam")
				require.NoError(t, err)
			},
			func(t *testing.T, h *harness) error {
				_, err := h.svc.CaptureContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"),
					OtherEmails: &[]contact.LabeledInput{{Value: "ada@gmail.com"}}}, Tags: []string{"vip"}})
				return err
			}, "Email,Email 2,Tags\nada@example.com,ada@gmail.com,vip\n"},
		{"a contact in the trash", nil,
			func(t *testing.T, h *harness) {
				c := h.create(t, importActor, contact.Patch{Email: new("ada@example.com")})
				_, err := h.svc.DeleteContact(ctx, importActor, c.ID)
				require.NoError(t, err)
			},
			func(t *testing.T, h *harness) error {
				_, err := h.svc.CaptureContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), City: new("Lyon")}})
				return err
			}, "Email,City\nada@example.com,Lyon\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ag := newAgreement(t, tt.opts)
			ag.both(func(h *harness) {
				if tt.setup != nil {
					tt.setup(t, h)
				}
				h.now = h.now.Add(time.Hour)
			})
			err := tt.single(t, ag.single)
			got := importCSV(t, ag.imp, importActor, tt.csv, nil)
			require.NoError(t, got.err)
			require.Len(t, got.rows, 1)
			row := got.rows[0]
			t.Logf("single: %v; import: %s %v", err, row.Outcome, row.Err)
			if err != nil {
				assert.Equal(t, contactkit.ImportFailed, row.Outcome, "the single call refuses it: %v", err)
				if row.Err != nil {
					// The same reasons.
					for _, target := range []error{contact.ErrRequired, field.ErrArchived, contactkit.ErrInvalidInput} {
						if errors.Is(err, target) && target != contactkit.ErrInvalidInput {
							assert.ErrorIs(t, row.Err, target)
						}
					}
				}
			} else {
				assert.NotEqual(t, contactkit.ImportFailed, row.Outcome, "the single call accepts it: %v", row.Err)
			}
			ag.compareWorkspaces(t)
		})
	}
}

// A dry run reports what the real run does, also when two rows of
// different batches update one contact (by two of its addresses): the
// second sees what the first did.
func TestImportDryRunSeesEarlierBatches(t *testing.T) {
	ctx := t.Context()
	requirePhone := func(o *contactkit.Options) {
		o.RequiredFields = func(contact.WorkspaceID) []string { return []string{contact.FieldPhone} }
	}
	var many []string
	for i := range 98 {
		many = append(many, fmt.Sprintf("t%d", i))
	}
	tests := []struct {
		name string
		opts func(*contactkit.Options)
		tags []string // of the contact
		csv  string
	}{
		{"the first row gives the required phone", requirePhone, nil,
			"Email,Phone,City\nada@example.com,06 12 34 56 78,\nada.home@example.com,,Lyon\n"},
		{"the first row adds tags up to the limit", nil, many,
			"Email,Tags\nada@example.com,\"x1, x2\"\nada.home@example.com,x3\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, storetest.Retrying(memstore.New()), tt.opts)
			// Saved before any policy.
			plain := contactkit.New(h.store, &contactkit.Options{Now: func() time.Time { return h.now }, DefaultRegion: "FR"})
			_, err := plain.CreateContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"),
				OtherEmails: &[]contact.LabeledInput{{Value: "ada.home@example.com"}}}, Tags: tt.tags})
			require.NoError(t, err)
			opts := &contactkit.ImportOptions{BatchSize: 1, DryRun: true}
			dry := importCSV(t, h, importActor, tt.csv, opts)
			require.NoError(t, dry.err)
			opts.DryRun = false
			real := importCSV(t, h, importActor, tt.csv, opts)
			require.NoError(t, real.err)
			dry.res.DryRun = false
			assert.Equal(t, real.outcomes(), dry.outcomes())
			assert.Equal(t, real.res, dry.res)
		})
	}
}

// A suppression-only row records what UnsubscribeAddress records for each
// of its addresses (email; sms and whatsapp for a phone), in the ledger,
// in the history of the contact that holds the address, and in events.
func TestImportSuppressionAgreesWithUnsubscribeAddress(t *testing.T) {
	ctx := t.Context()
	for _, policy := range []list.ConsentStatus{list.ConsentSubscribed, list.ConsentUnsubscribed} {
		t.Run(string(policy), func(t *testing.T) {
			ag := newAgreement(t, func(o *contactkit.Options) { o.Consent = list.Policy{DefaultConsent: policy} })
			ids := map[*harness]contact.ID{}
			ag.both(func(h *harness) {
				ids[h] = h.create(t, importActor, contact.Patch{Email: new("ada@example.com")}).ID
				h.now = h.now.Add(time.Hour)
				h.takeEvents()
			})
			for _, a := range [][2]string{{"email", "ADA@example.com"}, {"sms", "06 12 34 56 78"}, {"whatsapp", "06 12 34 56 78"}} {
				_, err := ag.single.svc.UnsubscribeAddress(ctx, importActor, list.Channel(a[0]), a[1], "import")
				require.NoError(t, err)
			}
			got := importCSV(t, ag.imp, importActor, "Email,Phone\nADA@example.com,06 12 34 56 78\n", &contactkit.ImportOptions{SuppressionOnly: true})
			require.NoError(t, got.err)
			require.Equal(t, []string{"2:suppressed"}, got.outcomes())
			ag.compare(t, ids[ag.single], ids[ag.imp])
			assert.Equal(t, normalEvents(ag.single.takeEvents()), normalEvents(ag.imp.takeEvents()), "the events")
		})
	}
}

// A row that creates a contact is checked against the field definitions as
// its batch reads them, as CreateContact checks its contact then, and as a
// row that updates one is: a field archived, made required or retyped
// between two batches applies to the rows of the second.
func TestImportCreateSeesFieldChangesBetweenBatches(t *testing.T) {
	ctx := t.Context()
	plan := field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText}
	tests := []struct {
		name    string
		csv     string // its line 3 creates a contact; in is the same
		in      contactkit.ContactInput
		between func(t *testing.T, h *harness, made field.Definition)
	}{
		{"archived", "Email,Plan\nbob@example.com,gold\ncarl@example.com,silver\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("carl@example.com"), Fields: map[string]string{"plan": "silver"}}},
			func(t *testing.T, h *harness, made field.Definition) {
				_, err := h.svc.ArchiveField(ctx, importActor, made.Key)
				require.NoError(t, err)
			}},
		{"made required", "Email,City\nbob@example.com,Lyon\ncarl@example.com,Paris\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("carl@example.com"), City: new("Paris")}},
			func(t *testing.T, h *harness, made field.Definition) {
				made.Required = true
				_, err := h.svc.UpdateField(ctx, importActor, made)
				require.NoError(t, err)
			}},
		{"retyped", "Email,Plan\nbob@example.com,1\ncarl@example.com,12\n",
			contactkit.ContactInput{Patch: contact.Patch{Email: new("carl@example.com"), Fields: map[string]string{"plan": "12"}}},
			func(t *testing.T, h *harness, made field.Definition) {
				made.Type = field.TypeNumber
				_, err := h.svc.ChangeFieldType(ctx, importActor, contactkit.FieldTypeChange{Definition: made})
				require.NoError(t, err)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ag := newAgreement(t, nil)
			made := map[*harness]field.Definition{}
			ag.both(func(h *harness) {
				d, err := h.svc.CreateField(ctx, importActor, plan)
				require.NoError(t, err)
				made[h] = d
				_, err = h.svc.CreateContact(ctx, importActor, contactkit.ContactInput{Patch: contact.Patch{Email: new("bob@example.com")}})
				require.NoError(t, err)
			})
			tt.between(t, ag.single, made[ag.single])
			_, singleErr := ag.single.svc.CreateContact(ctx, importActor, tt.in)

			done := false
			got := importCSV(t, ag.imp, importActor, tt.csv, &contactkit.ImportOptions{BatchSize: 1, Workers: 1,
				Progress: func(contactkit.ImportProgress) {
					if !done {
						done = true
						tt.between(t, ag.imp, made[ag.imp])
					}
				}})
			require.NoError(t, got.err)
			row := got.byLine(t, 3)
			if singleErr != nil {
				assert.Equal(t, contactkit.ImportFailed, row.Outcome, "CreateContact refuses it: %v", singleErr)
			} else {
				assert.Equal(t, contactkit.ImportCreated, row.Outcome, "CreateContact accepts it: %v", row.Err)
			}
			t.Logf("single: %v; import: %s %v", singleErr, row.Outcome, row.Err)
			if row.Outcome == contactkit.ImportCreated {
				a, err := ag.single.svc.ContactByEmail(ctx, importActor, "carl@example.com")
				require.NoError(t, err)
				b, err := ag.imp.svc.GetContact(ctx, importActor, row.Contact)
				require.NoError(t, err)
				assert.Equal(t, a.Fields, b.Fields)
			}
		})
	}
}
