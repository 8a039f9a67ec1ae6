package contactkit_test

// Acceptance (seventh round): Kept (passes). The behaviours of the import
// and export of a contact's blocked status that were verified to work.

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/tag"
)

func acc7Get(t *testing.T, h *harness, a contactkit.Actor, id contact.ID) contact.Contact {
	t.Helper()
	c, err := h.svc.GetContact(t.Context(), a, id)
	require.NoError(t, err)
	return c
}

// acc7ImportBytes imports data (CSV or xlsx) as a with the suggested
// mapping.
func acc7ImportBytes(t *testing.T, h *harness, a contactkit.Actor, data []byte, opts *contactkit.ImportOptions) imported {
	t.Helper()
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	defs, err := h.svc.Fields(t.Context(), a)
	require.NoError(t, err)
	m := importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR"})
	var o contactkit.ImportOptions
	if opts != nil {
		o = *opts
	}
	var got imported
	o.OnRow = func(row contactkit.ImportRow) { got.rows = append(got.rows, row) }
	got.res, got.err = h.svc.Import(t.Context(), a, r, m, &o)
	return got
}

// Kept (passes): create-only skips the row of an existing contact (not
// blocked) and creates the new one blocked; update-only blocks the
// existing one and creates nothing; dry runs report the same outcomes.
func TestAcc7KeptBlockedModes(t *testing.T) {
	for _, mode := range []contactkit.ImportMode{contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly} {
		t.Run(string(mode), func(t *testing.T) {
			h := newHarness(t)
			ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
			text := "Email,Blocked\nann@example.com,yes\nnew@example.com,yes\n"
			dry := importCSV(t, h, owner, text, &contactkit.ImportOptions{Mode: mode, DryRun: true})
			got := importCSV(t, h, owner, text, &contactkit.ImportOptions{Mode: mode})
			require.NoError(t, got.err)
			assert.Equal(t, dry.outcomes(), got.outcomes())
			n, err := h.svc.ContactByEmail(t.Context(), owner, "new@example.com")
			if mode == contactkit.ImportCreateOnly {
				assert.False(t, acc7Get(t, h, owner, ann.ID).Blocked(), "create-only leaves the existing contact alone")
				require.NoError(t, err)
				assert.True(t, n.Blocked())
			} else {
				assert.True(t, acc7Get(t, h, owner, ann.ID).Blocked())
				assert.Error(t, err, "update-only creates nothing")
			}
		})
	}
}

// Kept (passes): with triggers on, a row that creates a blocked contact
// with tags and lists enrols it in no automation (contact created, tag
// added, list subscribed), a row that blocks an enrolled contact stops its
// enrollment and a tag it adds enrols it nowhere, an active row is
// enrolled; Reachable says no with ReasonBlocked.
func TestAcc7KeptBlockedTriggersListsTags(t *testing.T) {
	h := newHarness(t)
	l := h.newList(t, list.List{Name: "News"})
	vip, err := tag.Parse("vip")
	require.NoError(t, err)
	for _, tr := range []automation.Trigger{automation.On(automation.TriggerContactCreated), automation.OnTagAdded(vip[0]), automation.OnListSubscribed(l.ID.String())} {
		h.automation(t, automation.Automation{Name: "on " + string(tr.Kind), Steps: steps(2), Active: true, Triggers: []automation.Trigger{tr}})
	}
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	require.NotEmpty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: ann.ID}))
	text := "Email,Blocked,Tags\nann@example.com,yes,vip\nnew@example.com,oui,vip\nfree@example.com,,vip\n"
	opts := &contactkit.ImportOptions{Triggers: true, Lists: []list.ID{l.ID}, Tags: []string{"imported"}}
	dry := *opts
	dry.DryRun = true
	d := importCSV(t, h, owner, text, &dry)
	got := importCSV(t, h, owner, text, opts)
	require.NoError(t, got.err)
	assert.Equal(t, d.outcomes(), got.outcomes())
	for _, e := range h.enrollments(t, contactkit.EnrollmentQuery{Contact: ann.ID}) {
		assert.Equal(t, automation.StateStopped, e.State, "Ann's enrollment %+v", e)
	}
	assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: got.byLine(t, 3).Contact}))
	assert.NotEmpty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: got.byLine(t, 4).Contact}))
	n := acc7Get(t, h, owner, got.byLine(t, 3).Contact)
	assert.True(t, n.Blocked())
	assert.Len(t, n.Tags, 2, "the row's tag and the import's")
	r := h.reachable(t, n.ID, contact.ChannelEmail, l.ID)
	assert.False(t, r.OK)
	assert.Contains(t, r.Reasons, contactkit.ReasonBlocked)
}

// Kept (passes): a row matched by phone (national form) blocks its
// contact; a row whose email belongs to a contact in the trash creates a
// new blocked contact and leaves the trashed one as it was.
func TestAcc7KeptBlockedByPhoneAndTrash(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Phone: new("+33612345678")})
	tom := h.create(t, owner, contact.Patch{FirstName: new("Tom"), Email: new("tom@example.com")})
	_, err := h.svc.DeleteContact(t.Context(), owner, tom.ID)
	require.NoError(t, err)
	got := importCSV(t, h, owner, "Phone,Email,Blocked\n06 12 34 56 78,,YES\n,tom@example.com,yes\n", nil)
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:updated", "3:created"}, got.outcomes())
	assert.Equal(t, ann.ID, got.byLine(t, 2).Contact)
	assert.True(t, acc7Get(t, h, owner, ann.ID).Blocked())
	assert.NotEqual(t, tom.ID, got.byLine(t, 3).Contact)
	assert.False(t, acc7Get(t, h, owner, tom.ID).Blocked())
}

// Kept (passes): duplicates within the file: a later row of the same
// address is skipped whatever its Blocked cell says (dry run alike); "no"
// never unblocks.
func TestAcc7KeptBlockedDuplicatesInFile(t *testing.T) {
	h := newHarness(t)
	text := "Email,Blocked\nbob@example.com,yes\nBOB@example.com,no\nann@example.com,no\nann@example.com,yes\n"
	dry := importCSV(t, h, owner, text, &contactkit.ImportOptions{DryRun: true})
	got := importCSV(t, h, owner, text, nil)
	require.NoError(t, got.err)
	assert.Equal(t, dry.outcomes(), got.outcomes())
	assert.Equal(t, []string{"2:created", "3:skipped (duplicate of an earlier row)", "4:created", "5:skipped (duplicate of an earlier row)"}, got.outcomes())
	assert.True(t, acc7Get(t, h, owner, got.byLine(t, 2).Contact).Blocked())
	assert.False(t, acc7Get(t, h, owner, got.byLine(t, 4).Contact).Blocked())
}

// Kept (passes): contacts created blocked or blocked by an import are left
// out of duplicate suggestions (the maintained index agrees with a scan
// from scratch), and come back once unblocked.
func TestAcc7KeptBlockedDuplicateSuggestions(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("a.nn@gmail.com")})
	got := importCSV(t, h, owner, "Email,Blocked\na.nn@gmail.com,yes\nann+x@gmail.com,yes\n", nil)
	require.NoError(t, got.err)
	res, err := h.svc.FindDuplicates(ctx, owner, nil)
	require.NoError(t, err)
	assert.Empty(t, res.Groups)
	_, err = h.svc.UnblockContact(ctx, owner, b.ID)
	require.NoError(t, err)
	_, err = h.svc.UnblockContact(ctx, owner, got.byLine(t, 3).Contact)
	require.NoError(t, err)
	res, err = h.svc.FindDuplicates(ctx, owner, nil)
	require.NoError(t, err)
	scratch, err := h.svc.FindDuplicates(ctx, owner, &contactkit.DuplicateOptions{FromScratch: true})
	require.NoError(t, err)
	assert.Equal(t, scratch, res)
	require.Len(t, res.Groups, 1)
	assert.Len(t, res.Groups[0].Contacts, 3)
}

// Kept (passes): an xlsx Blocked column of booleans, numbers and padded
// text.
func TestAcc7KeptBlockedXLSX(t *testing.T) {
	h := newHarness(t)
	rows := `<row r="1">` + is("A1", "Email") + is("B1", "Blocked") + `</row>` +
		`<row r="2">` + is("A2", "a@example.com") + `<c r="B2" t="b"><v>1</v></c></row>` +
		`<row r="3">` + is("A3", "b@example.com") + `<c r="B3" t="b"><v>0</v></c></row>` +
		`<row r="4">` + is("A4", "c@example.com") + is("B4", " Yes ") + `</row>` +
		`<row r="5">` + is("A5", "d@example.com") + `<c r="B5"><v>1</v></c></row>`
	data := acc2Build(t, acc2Book{sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: rows}}})
	got := acc7ImportBytes(t, h, owner, data, nil)
	require.NoError(t, got.err)
	for line, want := range map[int]bool{2: true, 3: false, 4: true, 5: true} {
		assert.Equal(t, want, acc7Get(t, h, owner, got.byLine(t, line).Contact).Blocked(), "line %d", line)
	}
}

// Kept (passes): a blocked contact exported and imported into a workspace
// where its email is an active, enrolled contact blocks that contact: its
// enrollment stops, ContactBlocked carries the import's reason.
func TestAcc7KeptBlockedExportIntoOtherWorkspace(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	src := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	_, err := h.svc.BlockContact(ctx, owner, src.ID, "spam")
	require.NoError(t, err)
	au, err := h.svc.CreateAutomation(ctx, other, automation.Automation{Name: "w", Steps: steps(2), Active: true,
		Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}})
	require.NoError(t, err)
	dst, err := h.svc.CreateContact(ctx, other, contactkit.ContactInput{Patch: contact.Patch{Email: new("ANN@example.com")}})
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	assert.Contains(t, strings.SplitN(out.String(), "\n", 2)[0], ",Blocked,")
	h.takeEvents()
	got := acc7ImportBytes(t, h, other, out.Bytes(), &contactkit.ImportOptions{Reason: "sync"})
	require.NoError(t, got.err)
	assert.Equal(t, dst.ID, got.byLine(t, 2).Contact)
	assert.True(t, acc7Get(t, h, other, dst.ID).Blocked())
	var es []automation.Enrollment
	for e, err := range h.svc.Enrollments(ctx, other, contactkit.EnrollmentQuery{Contact: dst.ID, Automation: au.ID}) {
		require.NoError(t, err)
		es = append(es, e)
	}
	require.Len(t, es, 1)
	assert.Equal(t, automation.StateStopped, es[0].State)
	assert.Equal(t, automation.ReasonContactBlocked, es[0].StopReason)
	var reasons []string
	for _, e := range h.takeEvents() {
		if b, ok := e.(contactkit.ContactBlocked); ok {
			reasons = append(reasons, b.Reason)
		}
	}
	assert.Equal(t, []string{"sync"}, reasons)
}

// Kept (passes): a workspace custom field keyed "blocked" round-trips
// beside the standard Blocked column, each to its own target.
func TestAcc7KeptBlockedCustomFieldNamedBlocked(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	k, err := field.ParseKey("blocked")
	require.NoError(t, err)
	for _, a := range []contactkit.Actor{owner, other} {
		_, err := h.svc.CreateField(ctx, a, field.Definition{Key: k, Label: "Blocked by carrier", Type: field.TypeCheckbox})
		require.NoError(t, err)
	}
	h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), Fields: map[string]string{"blocked": "true"}})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com"), Fields: map[string]string{"blocked": "false"}})
	_, err = h.svc.BlockContact(ctx, owner, bob.ID, "x")
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	got := acc7ImportBytes(t, h, other, out.Bytes(), nil)
	require.NoError(t, got.err)
	for _, r := range got.rows {
		c := acc7Get(t, h, other, r.Contact)
		switch c.FirstName {
		case "Ann":
			assert.False(t, c.Blocked())
			assert.Equal(t, "true", c.Fields[k].String())
		case "Bob":
			assert.True(t, c.Blocked())
			assert.Equal(t, "false", c.Fields[k].String())
		}
	}
}

// Kept (passes): merging an imported blocked contact into an active one
// leaves the survivor blocked; unmerge restores each as it was.
func TestAcc7KeptBlockedMergeAfterImport(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	got := importCSV(t, h, owner, "Email,Phone,Blocked\nann2@example.com,0611111111,yes\n", nil)
	require.NoError(t, got.err)
	b := got.byLine(t, 2).Contact
	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{b}})
	require.NoError(t, err)
	rec, err := h.svc.MergeContacts(ctx, owner, p)
	require.NoError(t, err)
	assert.True(t, acc7Get(t, h, owner, ann.ID).Blocked())
	_, err = h.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	assert.False(t, acc7Get(t, h, owner, ann.ID).Blocked())
	assert.True(t, acc7Get(t, h, owner, b).Blocked())
}

// Kept (passes): a bad Blocked cell fails the row at its cell; the
// failed-rows file, fixed, imports the contact blocked; the dry run writes
// the same failed-rows file.
func TestAcc7KeptBlockedFailedFileReimport(t *testing.T) {
	h := newHarness(t)
	text := "Email,Blocked,First Name\nann@example.com,perhaps,Ann\n"
	var dryFailed, failed bytes.Buffer
	require.NoError(t, importCSV(t, h, owner, text, &contactkit.ImportOptions{DryRun: true, Failed: &dryFailed}).err)
	got := importCSV(t, h, owner, text, &contactkit.ImportOptions{Failed: &failed})
	require.NoError(t, got.err)
	assert.Equal(t, dryFailed.String(), failed.String())
	fail := got.byLine(t, 2).Err
	require.NotNil(t, fail)
	assert.ErrorIs(t, fail, contactkit.ErrUnknownBlocked)
	assert.Equal(t, 1, fail.Problems[0].Column)
	assert.Contains(t, failed.String(), `unknown blocked value`)
	fixed := strings.Replace(failed.String(), "perhaps", "oui", 1)
	again := importCSV(t, h, owner, fixed, nil)
	require.NoError(t, again.err)
	assert.Equal(t, []string{"2:created"}, again.outcomes())
	c := acc7Get(t, h, owner, again.byLine(t, 2).Contact)
	assert.True(t, c.Blocked())
	assert.Equal(t, "Ann", c.FirstName)
}

// Kept (passes): ParseBlocked folds case, accents, whitespace and a
// leading quote; Preview counts the values it reads.
func TestAcc7KeptParseBlockedAndPreview(t *testing.T) {
	for v, want := range map[string]bool{"'yes": true, " Yes ": true, "OUI": true, "Bloqué": true, "x": true, "TRUE": true,
		"'no": false, "NON": false, "Actif": false, "faux": false} {
		b, ok := importer.ParseBlocked(v)
		assert.True(t, ok, "%q", v)
		assert.Equal(t, want, b, "%q", v)
	}
	for _, v := range []string{"débloqué", "unblocked", "maybe", ""} {
		_, ok := importer.ParseBlocked(v)
		assert.False(t, ok, "%q", v)
	}
	rows := []importer.Row{{Line: 2, Cells: []string{"a@x.com", "'yes"}}, {Line: 3, Cells: []string{"b@x.com", " NO "}}, {Line: 4, Cells: []string{"c@x.com", "bof"}}}
	m := importer.Suggest([]string{"Email", "Blocked"}, rows, nil, nil)
	require.Equal(t, importer.KindBlocked, m.Columns[1].Target.Kind)
	p := importer.Preview(m, rows, nil, nil)
	assert.Equal(t, 2, p[1].Parsed)
}
