package contactkit_test

import (
	"bytes"
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
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/store/memstore"
)

// A row is matched by its "contactkit ID" first, within the actor's
// workspace only: a contact of another workspace, erased or in the trash
// is not found, and the row is matched by its addresses as before; an ID
// and an address that name two contacts fail the row as ambiguous, and
// an ID that is none fails it on its cell. The dry run says what the real
// run does, failed-rows file included.
func TestImportMatchesByContactID(t *testing.T) {
	ctx := t.Context()
	other := contactkit.Actor{Workspace: "globex", User: "u-bob", Role: contactkit.RoleOwner}
	// setup makes the workspace's contacts: ann (a name alone), bob
	// (bob@example.com) and cy (0612345678); it returns them by name.
	setup := func(t *testing.T, svc *contactkit.Service) map[string]contact.Contact {
		out := map[string]contact.Contact{}
		for name, p := range map[string]contact.Patch{
			"ann": {FirstName: new("Ann")},
			"bob": {FirstName: new("Bob"), Email: new("bob@example.com")},
			"cy":  {FirstName: new("Cy"), Phone: new("0612345678")},
		} {
			c, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: p})
			require.NoError(t, err)
			out[name] = c
		}
		return out
	}
	const header = "First Name,Email,Phone,contactkit ID\n"
	for _, tc := range []struct {
		name string
		// before changes the workspace before the import; row is the
		// file's row, {ann} ann's ID, {bob} bob's, {other} that of a
		// contact of another workspace.
		before func(t *testing.T, svc *contactkit.Service, cs map[string]contact.Contact)
		row    string
		mode   contactkit.ImportMode
		want   contactkit.ImportOutcome
		// match is the contact updated or matched, by name; err the
		// reason and column of a failed row.
		match  string
		err    error
		column int
	}{
		{name: "its ID", row: "Annie,,,{ann}", want: contactkit.ImportUpdated, match: "ann"},
		{name: "its ID and its email", row: "Bobby,bob@example.com,,{bob}", want: contactkit.ImportUpdated, match: "bob"},
		{name: "its ID and a new email", row: "Annie,ann@example.com,,{ann}", want: contactkit.ImportUpdated, match: "ann"},
		{name: "an ID and another's email", row: "Annie,bob@example.com,,{ann}", want: contactkit.ImportFailed, err: contactkit.ErrAmbiguousMatch, column: 1},
		{name: "an ID and another's phone", row: "Annie,,0612345678,{ann}", want: contactkit.ImportFailed, err: contactkit.ErrAmbiguousMatch, column: 2},
		{name: "an ID with emails and another's phone", row: "Annie,ann@example.com,0612345678,{ann}", want: contactkit.ImportFailed, err: contactkit.ErrAmbiguousMatch, column: 2},
		{name: "not an ID", row: "Annie,,,0190-nope", want: contactkit.ImportFailed, err: contact.ErrInvalidID, column: 3},
		{name: "an ID of no contact", row: "Bobby,bob@example.com,,01900000-0000-7000-8000-000000000001", want: contactkit.ImportUpdated, match: "bob"},
		{name: "an ID of no contact, nothing else", row: "Dee,,,01900000-0000-7000-8000-000000000001", want: contactkit.ImportCreated},
		{name: "an ID of another workspace", row: "Bobby,bob@example.com,,{other}", want: contactkit.ImportUpdated, match: "bob"},
		{name: "in the trash", row: "Annie,,,{ann}", want: contactkit.ImportCreated,
			before: func(t *testing.T, svc *contactkit.Service, cs map[string]contact.Contact) {
				_, err := svc.DeleteContact(ctx, accOwner, cs["ann"].ID)
				require.NoError(t, err)
			}},
		{name: "in the trash, its email free", row: "Bobby,bob@example.com,,{bob}", want: contactkit.ImportCreated,
			before: func(t *testing.T, svc *contactkit.Service, cs map[string]contact.Contact) {
				_, err := svc.DeleteContact(ctx, accOwner, cs["bob"].ID)
				require.NoError(t, err)
			}},
		{name: "erased", row: "Annie,,,{ann}", want: contactkit.ImportCreated,
			before: func(t *testing.T, svc *contactkit.Service, cs map[string]contact.Contact) {
				require.NoError(t, svc.EraseContact(ctx, accOwner, cs["ann"].ID))
			}},
		{name: "create-only", row: "Annie,,,{ann}", mode: contactkit.ImportCreateOnly, want: contactkit.ImportSkipped, match: "ann"},
		{name: "update-only, another workspace's", row: "Eve,,,{other}", mode: contactkit.ImportUpdateOnly, want: contactkit.ImportSkipped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := accService("FR")
			cs := setup(t, svc)
			foreign, err := svc.CreateContact(ctx, other, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
			require.NoError(t, err)
			if tc.before != nil {
				tc.before(t, svc, cs)
			}
			file := header + strings.NewReplacer("{ann}", cs["ann"].ID.String(), "{bob}", cs["bob"].ID.String(),
				"{other}", foreign.ID.String()).Replace(tc.row) + "\n"
			before := accContacts(t, svc)
			opts := contactkit.ImportOptions{Mode: tc.mode}
			dryOpts := opts
			dryOpts.DryRun = true
			dry := accImport(t, svc, []byte(file), "FR", &dryOpts, nil)
			require.NoError(t, dry.err)
			assert.Equal(t, before, accContacts(t, svc), "a dry run writes nothing")
			run := accImport(t, svc, []byte(file), "FR", &opts, nil)
			require.NoError(t, run.err)
			assert.Equal(t, importer.KindContactID, run.m.Columns[3].Target.Kind, run.mappingText())
			assert.Equal(t, run.outcomes(), dry.outcomes(), "the dry run is the real run")
			assert.Equal(t, run.failed.String(), dry.failed.String())
			row := run.row(t, 2)
			require.Equal(t, tc.want, row.Outcome, "%v", row.Err)
			if tc.err != nil {
				assert.ErrorIs(t, row.Err, tc.err)
				require.Len(t, row.Err.Problems, 1, row.Err.Error())
				assert.Equal(t, tc.column, row.Err.Problems[0].Column)
				// The failed row keeps its ID cell, for the file to fix.
				assert.Contains(t, run.failed.String(), "contactkit ID")
				assert.Contains(t, run.failed.String(), strings.Split(strings.TrimSpace(file), "\n")[1])
				return
			}
			if tc.match != "" {
				assert.Equal(t, cs[tc.match].ID, row.Contact)
			}
			// The other workspace's contact is left as it was.
			got, err := svc.GetContact(ctx, other, foreign.ID)
			require.NoError(t, err)
			assert.Equal(t, foreign, got)
		})
	}
}

// An export, CSV or vCard, imported into its own workspace updates every
// contact, those without an email or phone included, whatever the
// batches, and into another workspace creates them all; rows that repeat
// an ID are duplicates.
func TestImportExportByContactID(t *testing.T) {
	ctx := t.Context()
	svc := accService("FR")
	for i := range 5 {
		p := contact.Patch{FirstName: new(fmt.Sprintf("Lead %d", i))}
		if i%2 == 1 {
			p.Email = new(fmt.Sprintf("lead%d@example.com", i))
		}
		_, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: p})
		require.NoError(t, err)
	}
	before := accContacts(t, svc)
	var out bytes.Buffer
	for _, format := range []contactkit.ExportFormat{contactkit.ExportVCard, contactkit.ExportCSV} {
		out.Reset()
		_, err := svc.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: format})
		require.NoError(t, err)
		for _, batch := range []int{1, 2, 500} {
			for _, dry := range []bool{true, false} {
				run := accImport(t, svc, out.Bytes(), "FR", &contactkit.ImportOptions{BatchSize: batch, DryRun: dry}, nil)
				require.NoError(t, run.err)
				assert.Equal(t, 5, run.res.Updated, "%s, batch %d, dry %v: %s", format, batch, dry, run.outcomes())
			}
		}
		assert.Equal(t, len(before), len(accContacts(t, svc)), "%s: no contact twice", format)

		// Another workspace: new contacts.
		other := contactkit.Actor{Workspace: contact.WorkspaceID("globex-" + format), User: "u-bob", Role: contactkit.RoleOwner}
		run := accImportAs(t, svc, other, out.Bytes(), "FR", nil, nil)
		require.NoError(t, run.err)
		assert.Equal(t, 5, run.res.Created, "%s: %s", format, run.outcomes())
		for c, err := range svc.Contacts(ctx, other, contactkit.ContactQuery{}) {
			require.NoError(t, err)
			assert.NotContains(t, before, c, "a contact of the other workspace")
		}
	}

	// The same row twice: the second is the first's duplicate.
	lines := strings.SplitAfter(out.String(), "\n")
	twice := lines[0] + lines[1] + lines[1]
	run := accImport(t, svc, []byte(twice), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, contactkit.SkipDuplicate, run.row(t, 3).Skip, run.outcomes())
	assert.Equal(t, 2, run.row(t, 3).DuplicateOf)
}

// "contactkit ID" maps to the contact's ID; the IDs of vendors' exports
// do not, and Preview counts the cells that are IDs.
func TestSuggestContactID(t *testing.T) {
	header := []string{"Email", "contactkit ID", "ID", "Contact ID", "Record ID"}
	sample := []importer.Row{{Line: 2, Cells: []string{"a@example.com", "0190a000-0000-7000-8000-000000000001", "12", "13", "14"}},
		{Line: 3, Cells: []string{"b@example.com", "nope", "15", "16", "17"}}}
	m := importer.Suggest(header, sample, nil, nil)
	var kinds []importer.Kind
	for _, c := range m.Columns {
		kinds = append(kinds, c.Target.Kind)
	}
	assert.Equal(t, []importer.Kind{importer.KindEmail, importer.KindContactID, importer.KindIgnore, importer.KindIgnore, importer.KindIgnore}, kinds)
	assert.Equal(t, 1, importer.Preview(m, sample, nil, nil)[1].Parsed)
	rec := m.Record(sample[0])
	assert.Equal(t, importer.Cell{Column: 1, Value: "0190a000-0000-7000-8000-000000000001"}, rec.ContactID)
	_, err := contact.ParseID(m.Record(sample[1]).ContactID.Value)
	assert.True(t, errors.Is(err, contact.ErrInvalidID))
}

// A suppression-only import records its rows' unsubscribes by address and
// matches no contact: it reads no ID, a bad one included.
func TestImportSuppressionOnlyReadsNoContactID(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, []byte("Email,contactkit ID\nann@example.com,nope\n"), "FR", &contactkit.ImportOptions{SuppressionOnly: true}, nil)
	require.NoError(t, run.err)
	assert.Equal(t, contactkit.ImportSuppressed, run.row(t, 2).Outcome, run.outcomes())
}

// An ID names a contact that existed when the import began: a file
// exported from a store whose ID generator the destination's replays (a
// host's own sequence) imports as new contacts there, each row creating
// its own, not updating one an earlier row of the import created under
// the same ID, and the dry run says the same.
func TestImportContactIDOfAContactTheImportCreated(t *testing.T) {
	ctx := t.Context()
	replaying := func() *contactkit.Service {
		n, clock := uint64(0), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		return contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR",
			Now: func() time.Time { clock = clock.Add(time.Millisecond); return clock },
			NewID: func() (uuid.UUID, error) {
				n++
				var id uuid.UUID
				binary.BigEndian.PutUint64(id[8:], n)
				id[6], id[8] = 0x70, 0x80|id[8]&0x3f // version 7, RFC variant
				return id, nil
			}})
	}
	src := replaying()
	for i := range 6 {
		_, err := src.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprintf("Lead %d", i))}})
		require.NoError(t, err)
	}
	var out bytes.Buffer
	_, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	// The destination drew an ID before (a contact since erased): each
	// contact the import creates takes the ID of the next row's.
	destination := func() *contactkit.Service {
		dst := replaying()
		c, err := dst.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("first@example.com")}})
		require.NoError(t, err)
		require.NoError(t, dst.EraseContact(ctx, accOwner, c.ID))
		return dst
	}
	for _, batch := range []int{1, 4} {
		dry := accImport(t, destination(), out.Bytes(), "FR", &contactkit.ImportOptions{BatchSize: batch, DryRun: true}, nil)
		dst := destination()
		run := accImport(t, dst, out.Bytes(), "FR", &contactkit.ImportOptions{BatchSize: batch}, nil)
		require.NoError(t, run.err)
		assert.Equal(t, 6, run.res.Created, "batch %d: %s", batch, run.outcomes())
		assert.Equal(t, run.outcomes(), dry.outcomes(), "the dry run is the real run")
		assert.Len(t, accContacts(t, dst), 6)
	}
}
