package contactkit_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// This file extends the tenancy audit of tenancy_audit_test.go (rules P1
// and P2) to the slots of the Service that it did not walk: IDs a client
// gives for the records it creates, a contact ID in an import's column,
// PassStepAt, tag names taken off, the consent ledger of one channel,
// BackfillIndexes, and idempotency keys whose record another workspace
// holds under the same contact ID.

// rv22tenancySlotCases are slots the audit's slotCases do not walk.
func rv22tenancySlotCases() []slotCase {
	c := func(method, slot string, kinds []string, call slotCall) slotCase {
		return slotCase{method, slot, kinds, call}
	}
	return []slotCase{
		// A record created with an ID the client chose (creation, P1).
		c("CreateList", "l.ID", []string{kList}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CreateList(ctx, owner, list.List{ID: lid(id), Name: "Host list"})
		}),
		c("CreateAutomation", "au.ID", []string{kAutomation}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.CreateAutomation(ctx, owner, automation.Automation{ID: auID(id), Name: "Host auto", Steps: steps(1), Active: true})
		}),
		// The row's "contactkit ID" names the contact to update.
		c("Import", "contact ID column", contactKinds, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return rv22tenancyImportByID(ctx, f, id)
		}),
		c("PassStepAt", "id", []string{kEnrollment}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.PassStepAt(ctx, owner, enID(id), 0, automation.OutcomeCompleted)
		}),
		c("UntagContact", "names", []string{kTag}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return f.h.svc.UntagContact(ctx, owner, f.mia.ID, id)
		}),
		c("UntagContacts", "names", []string{kTag}, func(ctx context.Context, f *tenancyFixture, id string) (any, error) {
			return bulkView(f.h.svc.UntagContacts(ctx, owner, f.miaBulk(), id))
		}),
	}
}

// rv22tenancyImportByID imports a CSV of one row that names contact id in
// its "contactkit ID" column, with a new email, and returns the result
// and the outcome of the row.
func rv22tenancyImportByID(ctx context.Context, f *tenancyFixture, id string) (any, error) {
	r, err := importer.Open(strings.NewReader("contactkit ID,First name,Email\n"+id+",Ivy,ivy@mine.example\n"), nil)
	if err != nil {
		return nil, err
	}
	m := importer.Mapping{Columns: []importer.Column{
		{Index: 0, Target: importer.Target{Kind: importer.KindContactID}},
		{Index: 1, Target: importer.Target{Kind: importer.KindFirstName}},
		{Index: 2, Target: importer.Target{Kind: importer.KindEmail}},
	}}
	var rows []string
	res, err := f.h.svc.Import(ctx, owner, r, m, &contactkit.ImportOptions{OnRow: func(r contactkit.ImportRow) {
		msg := ""
		if r.Err != nil {
			msg = r.Err.Error()
		}
		rows = append(rows, string(r.Outcome)+" "+r.Contact.String()+" "+string(r.Skip)+" "+msg)
	}})
	return []any{res, rows}, err
}

// TestRv22tenancyForeignIDBehavesAsUnknown checks P1 on the slots above:
// an ID of another workspace behaves as one that exists nowhere.
func TestRv22tenancyForeignIDBehavesAsUnknown(t *testing.T) {
	for _, tc := range rv22tenancySlotCases() {
		for _, kind := range tc.kinds {
			t.Run(tc.method+"/"+tc.slot+"/"+kind, func(t *testing.T) {
				indistinguishable(t, kind, argument, tc.call)
			})
		}
	}
}

// TestRv22tenancySameIDInTwoWorkspaces checks P1 on the slots above when
// the caller's workspace holds a record with the same ID (or key) as one
// of the other workspace.
func TestRv22tenancySameIDInTwoWorkspaces(t *testing.T) {
	for _, tc := range rv22tenancySlotCases() {
		for _, kind := range tc.kinds {
			t.Run(tc.method+"/"+tc.slot+"/"+kind, func(t *testing.T) {
				indistinguishable(t, kind, twinInWorkspace, tc.call)
			})
		}
	}
}

// TestRv22tenancyWorkspaceWideCalls checks the workspace-wide calls the
// audit's listings leave out: they return nothing of another workspace
// and write nothing there.
func TestRv22tenancyWorkspaceWideCalls(t *testing.T) {
	tests := []struct {
		method string
		call   func(ctx context.Context, f *tenancyFixture) (any, error)
	}{
		{"BackfillIndexes", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return f.h.svc.BackfillIndexes(ctx, owner)
		}},
		{"ListConsent email", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return f.h.svc.ListConsent(ctx, owner, list.ChannelEmail, store.PageRequest{})
		}},
		{"ConsentLedger sms", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return drainSeq(f.h.svc.ConsentLedger(ctx, owner, list.ChannelSMS))
		}},
		{"Export vCard", func(ctx context.Context, f *tenancyFixture) (any, error) {
			var buf bytes.Buffer
			res, err := f.h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &buf, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
			return []any{res, buf.String()}, err
		}},
		{"ListTimeline text", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return f.h.svc.ListTimeline(ctx, owner, f.mia.ID, contactkit.TimelineQuery{Text: "foreign"}, store.PageRequest{})
		}},
		{"ListContacts trash", func(ctx context.Context, f *tenancyFixture) (any, error) {
			return f.h.svc.ListContacts(ctx, owner, contactkit.ContactQuery{Trashed: true, Text: "foreign"}, store.PageRequest{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			f := newTenancyFixture(t, nil)
			o := f.run(t, nowhereID, func(ctx context.Context, f *tenancyFixture, _ string) (any, error) { return tt.call(ctx, f) })
			require.Empty(t, o.message)
			sameDump(t, o.ws2Before, o.ws2After, "the other workspace is not written")
			for _, s := range append([]string{o.result}, o.events...) {
				require.Empty(t, f.leaks(s), "the other workspace shows through: %s", s)
			}
		})
	}
}

// TestRv22tenancyBackfillIndexesIsGuarded checks P2 on BackfillIndexes,
// which the audit's guard cases leave out: it needs ActionEraseContact,
// which agents lack and the policy hook decides.
func TestRv22tenancyBackfillIndexesIsGuarded(t *testing.T) {
	f := newTenancyFixture(t, nil)
	ctx := t.Context()
	_, err := f.h.svc.BackfillIndexes(ctx, agent)
	require.ErrorIs(t, err, contactkit.ErrPermission)
	_, err = f.h.svc.BackfillIndexes(ctx, manager)
	require.NoError(t, err)

	p := &policy{on: true, decide: func(ctx context.Context, a contactkit.Actor, action contactkit.Action) error {
		if action == contactkit.ActionEraseContact {
			return nil
		}
		return contactkit.DefaultAuthorize(ctx, a, action)
	}}
	g := newTenancyFixture(t, func(o *contactkit.Options) { o.Authorize = p.authorize })
	_, err = g.h.svc.BackfillIndexes(ctx, agent)
	require.NoError(t, err, "the policy lets an agent through")
	require.Contains(t, p.asked, contactkit.ActionEraseContact)
}

// TestRv22tenancyKeysOfTwinContacts checks P1 on idempotency keys: a key
// used in another workspace on a contact with the same ID, or in an
// automation with the same ID, is a new key in this one. The call adds a
// note, a task, an enrollment of its own, as it would with a fresh key,
// and never returns the other workspace's record nor refuses the key as
// reused.
func TestRv22tenancyKeysOfTwinContacts(t *testing.T) {
	// One ID for the contact, one for the automation, in both workspaces.
	cidShared := contact.MustParseID("0192b3c4-0000-7000-8000-0000000c0de1")
	auShared := automation.MustParseID("0192b3c4-0000-7000-8000-0000000c0de2")
	var force *uuid.UUID
	h := newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
		o.NewID = func() (uuid.UUID, error) {
			if force != nil {
				return *force, nil
			}
			return uuid.NewV7()
		}
	})
	ctx := t.Context()
	for _, a := range []contactkit.Actor{other, owner} {
		_, err := h.svc.CreateAutomation(ctx, a, automation.Automation{ID: auShared, Name: "Shared", Steps: steps(2), Active: true})
		require.NoError(t, err, a.Workspace)
		u := uuid.UUID(cidShared)
		force = &u
		c, err := h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Tess")}})
		force = nil
		require.NoError(t, err, a.Workspace)
		require.Equal(t, cidShared, c.ID)
	}

	theirs, err := h.svc.AddNote(ctx, other, cidShared, contactkit.NoteInput{Body: "theirs", Key: "k1"})
	require.NoError(t, err)
	mine, err := h.svc.AddNote(ctx, owner, cidShared, contactkit.NoteInput{Body: "mine", Key: "k1"})
	require.NoError(t, err, "a key of another workspace is not reused here")
	require.Equal(t, "mine", mine.Body)
	require.NotEqual(t, theirs.ID, mine.ID)
	_, err = h.svc.GetActivity(ctx, owner, theirs.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound)

	theirTask, err := h.svc.AddTask(ctx, other, cidShared, contactkit.TaskInput{Title: "theirs", Key: "k2"})
	require.NoError(t, err)
	myTask, err := h.svc.AddTask(ctx, owner, cidShared, contactkit.TaskInput{Title: "mine", Key: "k2"})
	require.NoError(t, err, "a key of another workspace is not reused here")
	require.Equal(t, "mine", myTask.Title)
	require.NotEqual(t, theirTask.ID, myTask.ID)

	theirEn, err := h.svc.Enroll(ctx, other, auShared, cidShared, "k3")
	require.NoError(t, err)
	myEn, err := h.svc.Enroll(ctx, owner, auShared, cidShared, "k3")
	require.NoError(t, err, "a key of another workspace is not reused here")
	require.NotEqual(t, theirEn.ID, myEn.ID)
	_, err = h.svc.GetEnrollment(ctx, owner, theirEn.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound)
	again, err := h.svc.Enroll(ctx, owner, auShared, cidShared, "k3")
	require.NoError(t, err, "a retry in this workspace")
	require.Equal(t, myEn.ID, again.ID)
}
