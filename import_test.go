package contactkit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/seenkeys"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// imported is the outcome of importCSV.
type imported struct {
	res  contactkit.ImportResult
	rows []contactkit.ImportRow
	err  error
}

// byLine returns the outcome of the row on line.
func (im imported) byLine(t *testing.T, line int) contactkit.ImportRow {
	t.Helper()
	for _, r := range im.rows {
		if r.Line == line {
			return r
		}
	}
	t.Fatalf("no outcome for line %d in %+v", line, im.rows)
	return contactkit.ImportRow{}
}

// outcomes returns "line:outcome" for every row, with the skip reason.
func (im imported) outcomes() []string {
	var out []string
	for _, r := range im.rows {
		s := fmt.Sprintf("%d:%s", r.Line, r.Outcome)
		if r.Skip != "" {
			s += " (" + string(r.Skip) + ")"
		}
		out = append(out, s)
	}
	return out
}

// importCSV imports text with the suggested mapping and opts.
func importCSV(t *testing.T, h *harness, a contactkit.Actor, text string, opts *contactkit.ImportOptions) imported {
	t.Helper()
	r, err := importer.Open(strings.NewReader(text), nil)
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

// A row's emails name its person: a row whose emails no contact holds and
// whose phone a contact with other emails holds is another person (a
// colleague with the office's number), not that contact, whose names and
// emails it leaves alone; it fails on the phone's cell, taken. A contact
// without an email is the row's person: the row gives it its email.
func TestImportPhoneOfAContactWithOtherEmails(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@acme.fr"), Phone: new("01 42 68 53 00")})
	paul := h.create(t, owner, contact.Patch{FirstName: new("Paul"), Phone: new("06 12 34 56 78")})
	text := "First Name,Email,Phone\n" +
		"Bob,bob@acme.fr,01 42 68 53 00\n" + // 2: Ann's office number
		"Paul,paul@example.com,+33 6 12 34 56 78\n" + // 3: Paul, now with an email
		"Ann,,01 42 68 53 00\n" // 4: no email: Ann by her phone (row 2 failed: not its duplicate)
	got := importCSV(t, h, owner, text, nil)
	require.NoError(t, got.err)
	checkCounts(t, got.res)
	assert.Equal(t, []string{"2:failed", "3:updated", "4:updated"}, got.outcomes())
	assert.Equal(t, ann.ID, got.byLine(t, 4).Contact)
	bob := got.byLine(t, 2).Err
	require.Len(t, bob.Problems, 1)
	assert.Equal(t, 2, bob.Problems[0].Column, "the phone's cell")
	taken, ok := errors.AsType[*contactkit.TakenError](bob.Problems[0].Err)
	require.True(t, ok, "%v", bob.Problems[0].Err)
	assert.Equal(t, ann.ID, taken.Owner)

	after, err := h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, "Ann", after.FirstName)
	assert.Equal(t, []contact.Email{contact.MustParseEmail("ann@acme.fr")}, after.Emails())
	p, err := h.svc.GetContact(ctx, owner, paul.ID)
	require.NoError(t, err)
	assert.Equal(t, "paul@example.com", p.Email.String())
	assert.Equal(t, paul.ID, got.byLine(t, 3).Contact)
}

// In a workspace whose new addresses are unsubscribed until they consent,
// a consent column that says an address consented opts it in, as
// CreateContact's Consent does; an opt-out column that says no does not,
// another column of the row that unsubscribes wins, and a dry run says
// the same as the real run.
func TestImportConsentCellOptsIn(t *testing.T) {
	h := newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
		o.Consent = list.Policy{DefaultConsent: list.ConsentUnsubscribed}
	})
	ctx := t.Context()
	text := "Email,Email Consent,Email Opt Out\n" +
		"yes@example.com,Opted in,\n" + // consented: subscribed
		"both@example.com,subscribed,yes\n" + // and opted out: unsubscribed
		"pending@example.com,pending,\n" + // not confirmed: the default
		"quiet@example.com,,no\n" + // no opt-out is no consent: the default
		"\"first@example.com;second@example.com\",subscribed,\n" // the first address of the channel only
	for _, dry := range []bool{true, false} {
		got := importCSV(t, h, owner, text, &contactkit.ImportOptions{DryRun: dry})
		require.NoError(t, got.err)
		assert.Equal(t, 5, got.res.Created, "dry run %v: %v", dry, got.outcomes())
	}
	for addr, want := range map[string]list.ConsentStatus{
		"yes@example.com": list.ConsentSubscribed, "both@example.com": list.ConsentUnsubscribed,
		"pending@example.com": list.ConsentUnsubscribed, "quiet@example.com": list.ConsentUnsubscribed,
		"first@example.com": list.ConsentSubscribed, "second@example.com": list.ConsentUnsubscribed,
	} {
		c, err := h.svc.AddressConsent(ctx, owner, list.ChannelEmail, addr)
		require.NoError(t, err)
		assert.Equal(t, want, c.Status, addr)
	}
	quiet, err := h.svc.AddressConsent(ctx, owner, list.ChannelEmail, "quiet@example.com")
	require.NoError(t, err)
	assert.True(t, quiet.Default, "no choice recorded for an address nobody consented for")
}

// The failed rows are written as the file was, with its delimiter (a
// French Excel's CSV: ";" and Windows-1252), in UTF-8 after a byte order
// mark, so that the spreadsheet that opened it opens them alike, also for a
// Windows-1252 file whose first accent comes after 64 KiB of ASCII.
func TestImportFailedRowsAsTheFileWas(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		delim      string
		bom        bool
	}{
		{"French Excel", "Pr\xe9nom;E-mail\nH\xe9l\xe8ne;helene@example.com\nZo\xeb;pas une adresse\n", ";", true},
		{"UTF-8", "First Name,Email\nAnn,ann@example.com\nZoë,not an address\n", ",", true},
		{"Windows-1252 after 64 KiB of ASCII", "First Name,Email\n" + strings.Repeat("Ann,ann@example.com\n", 4000) +
			"Zo\xeb,not an address\n", ",", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			var failed bytes.Buffer
			got := importCSV(t, h, owner, tt.text, &contactkit.ImportOptions{Failed: &failed})
			require.NoError(t, got.err)
			require.Equal(t, 1, got.res.Failed, got.res)
			out := failed.String()
			assert.Equal(t, tt.bom, strings.HasPrefix(out, "\uFEFF"), "byte order mark: %q", out)
			lines := strings.Split(strings.TrimPrefix(out, "\uFEFF"), "\n")
			assert.Equal(t, 2, strings.Count(lines[0], tt.delim), "header %q", lines[0])
			assert.True(t, strings.HasPrefix(lines[1], "Zoë"+tt.delim), "failed row %q, in UTF-8", lines[1])
		})
	}
}

// A phone that an earlier row with other emails gave (an office's number)
// neither makes a row with emails its duplicate nor matches a contact: the
// row is that row's person when its emails find a contact holding the
// phone, else another person, who fails on the phone with ErrSharedPhone,
// or is skipped where the row would write nothing. A dry run says what
// the real run does, batch by batch or not.
func TestImportSharedPhone(t *testing.T) {
	const p1, p2 = "06 12 34 56 78", "06 98 76 54 32"
	for _, tt := range []struct {
		name  string
		setup []contact.Patch
		text  string
		mode  contactkit.ImportMode
		want  []string
	}{
		{"the same person by another of her emails",
			[]contact.Patch{{Email: new("ann@acme.fr"), OtherEmails: &[]contact.LabeledInput{{Value: "ann@home.fr"}}, Phone: new(p1)}},
			"Email,Phone\nann@acme.fr," + p1 + "\nann@home.fr," + p1 + "\n", contactkit.ImportUpsert,
			[]string{"2:updated", "3:updated"}},
		{"colleagues", nil,
			"Email,Phone\nann@acme.fr," + p1 + "\nbob@acme.fr," + p1 + "\n", contactkit.ImportUpsert,
			[]string{"2:created", "3:failed"}},
		{"update-only, nobody to update", nil,
			"Email,Phone\nann@acme.fr," + p1 + "\nbob@acme.fr," + p1 + "\n", contactkit.ImportUpdateOnly,
			[]string{"2:skipped (no matching contact)", "3:skipped (no matching contact)"}},
		{"create-only, the colleague exists without the phone",
			[]contact.Patch{{Email: new("bob@acme.fr")}},
			"Email,Phone\nann@acme.fr," + p1 + "\nbob@acme.fr," + p1 + "\n", contactkit.ImportCreateOnly,
			[]string{"2:created", "3:skipped (contact exists)"}},
		{"a contact with phones and no email, given an email by an earlier batch",
			[]contact.Patch{{FirstName: new("Paul"), Phone: new(p1), OtherPhones: &[]contact.LabeledInput{{Value: p2}}}},
			"Email,Phone\nann@acme.fr," + p1 + "\nbob@acme.fr," + p2 + "\n", contactkit.ImportUpsert,
			[]string{"2:updated", "3:failed"}},
	} {
		for _, batch := range []int{1, 500} {
			t.Run(fmt.Sprintf("%s/batch=%d", tt.name, batch), func(t *testing.T) {
				h := newHarness(t)
				for _, p := range tt.setup {
					h.create(t, owner, p)
				}
				o := contactkit.ImportOptions{Mode: tt.mode, BatchSize: batch, DryRun: true}
				dry := importCSV(t, h, owner, tt.text, &o)
				o.DryRun = false
				got := importCSV(t, h, owner, tt.text, &o)
				require.NoError(t, dry.err)
				require.NoError(t, got.err)
				assert.Equal(t, tt.want, got.outcomes())
				assert.Equal(t, got.outcomes(), dry.outcomes(), "a dry run says what the real run does")
				for _, r := range got.rows {
					if r.Outcome == contactkit.ImportFailed {
						require.Len(t, r.Err.Problems, 1)
						pr := r.Err.Problems[0]
						assert.Equal(t, 1, pr.Column, "the phone's cell")
						_, taken := errors.AsType[*contactkit.TakenError](pr.Err)
						assert.True(t, taken || errors.Is(pr.Err, contactkit.ErrSharedPhone), "%v", pr.Err)
					}
				}
			})
		}
	}
}

// errWriter fails every write.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// A failed-rows file that cannot be written once the import has written
// every row (its buffer flushed at the end) gives an *ImportStoppedError
// whose line is after the last row: every row is imported and counted.
func TestImportFailedRowsUnwritableAtTheEnd(t *testing.T) {
	h := newHarness(t)
	text := "First Name,Email\nAnn,ann@example.com\nBob,not an address\nCy,cy@example.com\n"
	got := importCSV(t, h, owner, text, &contactkit.ImportOptions{Failed: errWriter{}})
	stopped, ok := errors.AsType[*contactkit.ImportStoppedError](got.err)
	require.True(t, ok, "%v", got.err)
	assert.Equal(t, 5, stopped.Line)
	assert.Equal(t, 5, got.res.StoppedAt)
	assert.Equal(t, 3, got.res.Rows)
	assert.Equal(t, 2, got.res.Created)
	assert.ErrorContains(t, got.err, "disk full")
}

// A row skipped as the duplicate of an earlier one changes no contact, but
// the opt-out it holds is recorded: an unsubscribe is never lost.
func TestImportDuplicateKeepsItsUnsubscribe(t *testing.T) {
	h := newHarness(t)
	text := "First Name,Email,Phone,Email Opt Out,SMS Opt Out\n" +
		"Eve,eve@example.com,06 12 34 56 78,,\n" +
		"Eve2,EVE@example.com,,yes,\n" + // a duplicate by its email, opted out
		"Eve3,,+33 6 12 34 56 78,,yes\n" // a duplicate by its phone, opted out of SMS
	for _, dry := range []bool{true, false} {
		got := importCSV(t, h, owner, text, &contactkit.ImportOptions{DryRun: dry})
		require.NoError(t, got.err)
		assert.Equal(t, []string{"2:created", "3:skipped (duplicate of an earlier row)", "4:skipped (duplicate of an earlier row)"},
			got.outcomes(), "dry run %v", dry)
	}
	ctx := t.Context()
	for _, a := range []list.Address{{Channel: list.ChannelEmail, Value: "eve@example.com"}, {Channel: list.ChannelSMS, Value: "+33612345678"}} {
		c, err := h.svc.AddressConsent(ctx, owner, a.Channel, a.Value)
		require.NoError(t, err)
		assert.Equal(t, list.ConsentUnsubscribed, c.Status, "%s", a)
	}
	eve, err := h.svc.ContactByEmail(ctx, owner, "eve@example.com")
	require.NoError(t, err)
	assert.Equal(t, "Eve", eve.FirstName, "the duplicate changed no contact")
}

func checkCounts(t *testing.T, res contactkit.ImportResult) {
	t.Helper()
	assert.Equal(t, res.Rows, res.Created+res.Updated+res.Suppressed+res.Skipped+res.Failed, "counts add up to the rows read: %+v", res)
	assert.Equal(t, res.Skipped, res.SkippedExists+res.SkippedMissing+res.SkippedDuplicates+res.SkippedHeaders, "skips add up: %+v", res)
}

func TestImportCreatesUpdatesSkipsAndFails(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	existing := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), City: new("Lyon")})
	text := "First Name,Last Name,Email,Phone,City\n" +
		"Ann,Lee,ANN@example.com,06 12 34 56 78,\n" + // 2: updates Ann, blank city kept, phone added
		"Bob,Stone,bob@example.com,,Paris\n" + // 3: creates Bob
		"Bobby,,bob@EXAMPLE.com,,\n" + // 4: duplicate of 3
		"Carl,,not-an-email,0612,\n" + // 5: fails on two cells
		"Dan,,dan@example.com,+33 6 12 34 56 78,\n" + // 6: another person with the phone of 2
		"Eve,,,+33612345678,\n" // 7: duplicate of 2 by phone
	got := importCSV(t, h, owner, text, nil)
	require.NoError(t, got.err)
	checkCounts(t, got.res)
	assert.Equal(t, []string{"2:updated", "3:created", "4:skipped (duplicate of an earlier row)", "5:failed", "6:failed",
		"7:skipped (duplicate of an earlier row)"}, got.outcomes())
	assert.Equal(t, 3, got.byLine(t, 4).DuplicateOf)
	assert.Equal(t, 2, got.byLine(t, 7).DuplicateOf)
	dan := got.byLine(t, 6).Err
	require.Len(t, dan.Problems, 1)
	assert.ErrorIs(t, dan.Problems[0].Err, contactkit.ErrSharedPhone)
	assert.Equal(t, 3, dan.Problems[0].Column, "the phone's cell")
	assert.Equal(t, existing.ID, got.byLine(t, 2).Contact)

	ann, err := h.svc.GetContact(ctx, owner, existing.ID)
	require.NoError(t, err)
	assert.Equal(t, "Lyon", ann.City, "a blank cell never clears a value")
	assert.Equal(t, "Lee", ann.LastName)
	assert.Equal(t, "+33612345678", ann.Phone.String())
	assert.Equal(t, contact.SourceAPI, ann.Source, "an update keeps the source")

	bob, err := h.svc.ContactByEmail(ctx, owner, "bob@example.com")
	require.NoError(t, err)
	assert.Equal(t, "Bob", bob.FirstName, "the duplicate row changed nothing")
	assert.Equal(t, contact.SourceImport, bob.Source)

	fail := got.byLine(t, 5).Err
	require.NotNil(t, fail)
	require.Len(t, fail.Problems, 2, "every bad cell is reported: %v", fail)
	assert.Equal(t, 2, fail.Problems[0].Column)
	assert.Equal(t, "Email", fail.Problems[0].Header)
	assert.Equal(t, "not-an-email", fail.Problems[0].Value)
	assert.ErrorIs(t, fail, contact.ErrInvalidEmail)
	assert.ErrorIs(t, fail, contact.ErrPhoneTooShort)
	assert.Equal(t, "FR", fail.Problems[1].Region)
	assert.Contains(t, fail.Error(), "line 5: ")
	assert.Contains(t, fail.Error(), "region FR, from the service default")
}

func TestImportModes(t *testing.T) {
	text := "Email,First Name\nann@example.com,Ann\nnew@example.com,New\n"
	for _, tc := range []struct {
		mode contactkit.ImportMode
		want []string
	}{
		{contactkit.ImportUpsert, []string{"2:updated", "3:created"}},
		{contactkit.ImportCreateOnly, []string{"2:skipped (contact exists)", "3:created"}},
		{contactkit.ImportUpdateOnly, []string{"2:updated", "3:skipped (no matching contact)"}},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			h := newHarness(t)
			ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
			got := importCSV(t, h, owner, text, &contactkit.ImportOptions{Mode: tc.mode})
			require.NoError(t, got.err)
			checkCounts(t, got.res)
			assert.Equal(t, tc.want, got.outcomes())
			if tc.mode == contactkit.ImportCreateOnly {
				assert.Equal(t, ann.ID, got.byLine(t, 2).Contact, "a skipped row names the contact it matched")
				c, err := h.svc.GetContact(t.Context(), owner, ann.ID)
				require.NoError(t, err)
				assert.Empty(t, c.FirstName, "create-only changed the existing contact")
			}
		})
	}
}

func TestImportAmbiguousMatch(t *testing.T) {
	h := newHarness(t)
	a := h.create(t, owner, contact.Patch{Email: new("a@example.com")})
	b := h.create(t, owner, contact.Patch{Phone: new("0612345678")})
	got := importCSV(t, h, owner, "Email,Phone\na@example.com,0612345678\n", nil)
	require.NoError(t, got.err)
	row := got.byLine(t, 2)
	require.Equal(t, contactkit.ImportFailed, row.Outcome)
	assert.ErrorIs(t, row.Err, contactkit.ErrAmbiguousMatch)
	assert.Contains(t, row.Err.Error(), a.ID.String())
	assert.Contains(t, row.Err.Error(), b.ID.String())
	assert.Equal(t, 1, row.Err.Problems[0].Column, "the phone column matched the second contact")
}

func TestImportMatchesSecondaryAddresses(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{Email: new("main@example.com"),
		OtherEmails: &[]contact.LabeledInput{{Value: "work@example.com", Label: "work"}}})
	got := importCSV(t, h, owner, "Email,Job Title,Email 2\nwork@example.com,CTO,home@example.com\n", nil)
	require.NoError(t, got.err)
	assert.Equal(t, c.ID, got.byLine(t, 2).Contact)
	after, err := h.svc.GetContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "main@example.com", after.Email.String(), "the primary stays")
	assert.Equal(t, []string{"main@example.com", "work@example.com", "home@example.com"}, emailStrings(after))
	assert.Equal(t, "CTO", after.JobTitle)
}

func emailStrings(c contact.Contact) []string {
	var out []string
	for _, e := range c.Emails() {
		out = append(out, e.String())
	}
	return out
}

func TestImportRegionPerRow(t *testing.T) {
	h := newHarness(t)
	text := "Name,Phone,Country\n" +
		"Uk,07911 123456,GB\n" + // read in GB
		"Fr,06 12 34 56 78,\n" + // the import default: DE would refuse it, so it is FR below
		"De,0151 23456789,DE\n" +
		"Bad,0612,GB\n"
	got := importCSV(t, h, owner, text, &contactkit.ImportOptions{DefaultRegion: "FR"})
	require.NoError(t, got.err)
	checkCounts(t, got.res)
	assert.Equal(t, []string{"2:created", "3:created", "4:created", "5:failed"}, got.outcomes())
	for phone, line := range map[string]int{"+447911123456": 2, "+33612345678": 3, "+4915123456789": 4} {
		c, err := h.svc.ContactByPhone(t.Context(), owner, phone)
		require.NoError(t, err, phone)
		assert.Equal(t, got.byLine(t, line).Contact, c.ID, phone)
	}
	p := got.byLine(t, 5).Err.Problems[0]
	assert.Equal(t, "GB", p.Region)
	assert.Equal(t, "country column", p.RegionFrom)
	assert.Contains(t, p.String(), "region GB, from the country column")

	// With no country column, the import's default region, then the
	// Service's.
	got = importCSV(t, h, owner, "Name,Phone\nX,0151 23456780\n", &contactkit.ImportOptions{DefaultRegion: "DE"})
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:created"}, got.outcomes())
	got = importCSV(t, h, owner, "Name,Phone\nY,0151 23456781\n", nil)
	require.NoError(t, got.err)
	p = got.byLine(t, 2).Err.Problems[0]
	assert.Equal(t, "FR", p.Region)
	assert.Equal(t, "service default", p.RegionFrom)
}

func TestImportAddsListsAndTags(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	l, err := h.svc.CreateList(ctx, owner, list.List{Name: "Newsletter"})
	require.NoError(t, err)
	old := h.create(t, owner, contact.Patch{Email: new("old@example.com")}, "vip")
	got := importCSV(t, h, owner, "Email,Tags\nold@example.com,\nnew@example.com,\"lead, fr\"\n",
		&contactkit.ImportOptions{Lists: []list.ID{l.ID}, Tags: []string{"import-2026"}})
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:updated", "3:created"}, got.outcomes())
	c, err := h.svc.GetContact(ctx, owner, old.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"vip", "import-2026"}, tagStrings(c.Tags))
	c, err = h.svc.GetContact(ctx, owner, got.byLine(t, 3).Contact)
	require.NoError(t, err)
	assert.Equal(t, []string{"lead", "fr", "import-2026"}, tagStrings(c.Tags))
	var members []string
	for m, err := range h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{List: l.ID}) {
		require.NoError(t, err)
		assert.Equal(t, list.StatusSubscribed, m.Status)
		members = append(members, m.Contact.String())
	}
	assert.ElementsMatch(t, []string{old.ID.String(), got.byLine(t, 3).Contact.String()}, members)

	_, err = h.svc.Import(ctx, owner, mustOpen(t, "Email\nx@example.com\n"), importer.Mapping{Columns: []importer.Column{{Index: 0, Target: importer.Target{Kind: importer.KindEmail}}}},
		&contactkit.ImportOptions{Lists: []list.ID{list.MustParseID("0190a0b0-0000-7000-8000-000000000000")}})
	assert.ErrorIs(t, err, contactkit.ErrUnknownList)
}

func mustOpen(t *testing.T, text string) importer.Reader {
	t.Helper()
	r, err := importer.Open(strings.NewReader(text), nil)
	require.NoError(t, err)
	return r
}

// An import never resubscribes: an unsubscribed address imported again
// stays unsubscribed, when its row updates the contact, when it creates a
// new contact after the old one was erased, and when the file says
// "subscribed"; and the lists it joins see it.
func TestImportNeverResubscribes(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	l, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	_, err = h.svc.Unsubscribe(ctx, owner, ann.ID, list.ChannelEmail, "asked")
	require.NoError(t, err)
	gone := h.create(t, owner, contact.Patch{Email: new("gone@example.com")})
	_, err = h.svc.Unsubscribe(ctx, owner, gone.ID, list.ChannelEmail, "asked")
	require.NoError(t, err)
	require.NoError(t, h.svc.EraseContact(ctx, owner, gone.ID))

	text := "Email,Email Marketing Status,First Name\n" +
		"ann@example.com,subscribed,Ann\n" +
		"gone@example.com,Subscribed,Gone\n"
	got := importCSV(t, h, owner, text, &contactkit.ImportOptions{Lists: []list.ID{l.ID}})
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:updated", "3:created"}, got.outcomes())
	for _, addr := range []string{"ann@example.com", "gone@example.com"} {
		c, err := h.svc.AddressConsent(ctx, owner, list.ChannelEmail, addr)
		require.NoError(t, err)
		assert.Equal(t, list.ConsentUnsubscribed, c.Status, addr)
	}
	for m, err := range h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{List: l.ID}) {
		require.NoError(t, err)
		assert.Equal(t, list.StatusUnsubscribed, m.Status, "a list joined by import does not subscribe an unsubscribed address")
	}

	// A consent column that says unsubscribed, and UnsubscribeAll.
	got = importCSV(t, h, owner, "Email,Phone,Unsubscribed\nx@example.com,0611111111,yes\ny@example.com,0622222222,no\nz@example.com,0633333333,maybe\n", nil)
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:created", "3:created", "4:failed"}, got.outcomes())
	assert.ErrorIs(t, got.byLine(t, 4).Err, contactkit.ErrUnknownConsent)
	assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelEmail, "x@example.com"))
	assert.Equal(t, list.ConsentSubscribed, addressConsent(t, h, list.ChannelSMS, "0611111111"), "the column is the email's")
	assert.Equal(t, list.ConsentSubscribed, addressConsent(t, h, list.ChannelEmail, "y@example.com"))

	got = importCSV(t, h, owner, "Email,Phone\ny@example.com,0622222222\n", &contactkit.ImportOptions{UnsubscribeAll: true})
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:updated"}, got.outcomes())
	for _, chn := range []list.Channel{list.ChannelSMS, list.ChannelWhatsApp} {
		assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, chn, "0622222222"), chn)
	}
	assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelEmail, "y@example.com"))
}

func addressConsent(t *testing.T, h *harness, chn list.Channel, addr string) list.ConsentStatus {
	t.Helper()
	c, err := h.svc.AddressConsent(t.Context(), owner, chn, addr)
	require.NoError(t, err)
	return c.Status
}

func TestImportSuppressionOnly(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	got := importCSV(t, h, owner, "Email,Phone,Company\nann@example.com,,\nnobody@example.com,06 99 88 77 66,\n,,ACME\n", &contactkit.ImportOptions{SuppressionOnly: true})
	require.NoError(t, got.err)
	checkCounts(t, got.res)
	// Line 4 has no address to suppress (a line of blank cells alone is
	// no row: see importer.Reader).
	assert.Equal(t, []string{"2:suppressed", "3:suppressed", "4:failed"}, got.outcomes())
	assert.ErrorIs(t, got.byLine(t, 4).Err, contactkit.ErrNoMatchKey)
	assert.Equal(t, 1, h.count(t, owner), "a suppression-only import creates no contact")
	assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelEmail, "ann@example.com"))
	assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelEmail, "nobody@example.com"))
	assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelSMS, "+33699887766"))
	assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelWhatsApp, "+33699887766"))
	var hist []contact.Change
	for c, err := range h.svc.History(t.Context(), owner, ann.ID, "") {
		require.NoError(t, err)
		hist = append(hist, c)
	}
	assert.True(t, slices.ContainsFunc(hist, func(c contact.Change) bool { return c.Field == contact.ConsentFieldPrefix+"email" }),
		"the unsubscribe is in the history of the contact that holds the address")
}

// A dry run reports exactly what the real run then does, and writes
// nothing.
func TestImportDryRunMatchesRealRun(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	l, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	h.create(t, owner, contact.Patch{Email: new("a1@example.com")})
	h.create(t, owner, contact.Patch{Phone: new("0600000003")})
	var b strings.Builder
	b.WriteString("Email,Phone,First Name,Tags\n")
	for i := range 40 {
		switch i % 7 {
		case 0:
			fmt.Fprintf(&b, "a%d@example.com,06000000%02d,N%d,t%d\n", i%5, i%11, i, i%3)
		case 1:
			fmt.Fprintf(&b, "bad-%d,,N%d,\n", i, i)
		case 2:
			fmt.Fprintf(&b, "a1@example.com,0600000003,Amb%d,\n", i)
		default:
			fmt.Fprintf(&b, "p%d@example.com,06000000%02d,N%d,x\n", i, i%13, i)
		}
	}
	opts := &contactkit.ImportOptions{Lists: []list.ID{l.ID}, BatchSize: 7, DryRun: true}
	h.takeEvents()
	dry := importCSV(t, h, owner, b.String(), opts)
	require.NoError(t, dry.err)
	assert.Equal(t, 2, h.count(t, owner), "a dry run writes nothing")
	assert.Empty(t, h.takeEvents(), "a dry run delivers no event")
	assert.True(t, dry.res.DryRun)

	opts.DryRun = false
	real := importCSV(t, h, owner, b.String(), opts)
	require.NoError(t, real.err)
	dry.res.DryRun = false
	assert.Equal(t, real.res, dry.res)
	assert.Equal(t, real.outcomes(), dry.outcomes())
	for i := range real.rows {
		r, d := real.rows[i], dry.rows[i]
		if r.Outcome == contactkit.ImportCreated {
			r.Contact, d.Contact = contact.ID{}, contact.ID{} // new IDs each run
		}
		assert.Equal(t, fmt.Sprint(r), fmt.Sprint(d), "line %d", r.Line)
	}
	assert.Positive(t, real.res.Created)
	assert.Positive(t, real.res.Updated)
	assert.Positive(t, real.res.Failed)
	assert.Positive(t, real.res.SkippedDuplicates)
	checkCounts(t, real.res)
}

// TestImportDuplicatesAcrossMerges imports more addresses than the set of
// seen keys holds before it first merges them into its sorted base (see
// internal/seenkeys): a row that gives the address of a row before the merge
// or after it is a duplicate of that row.
func TestImportDuplicatesAcrossMerges(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 18,400 rows")
	}
	h := newHarness(t)
	n := seenkeys.MergeMin + 2000
	var b strings.Builder
	b.WriteString("Email,First Name\n")
	for i := range n { // line i+2 gives u<i>
		fmt.Fprintf(&b, "u%d@example.com,N%d\n", i, i)
	}
	dups := []int{0, seenkeys.MergeMin - 1, seenkeys.MergeMin, n - 1}
	for _, i := range dups {
		fmt.Fprintf(&b, "U%d@Example.com,Again\n", i)
	}
	got := importCSV(t, h, owner, b.String(), &contactkit.ImportOptions{DryRun: true})
	require.NoError(t, got.err)
	checkCounts(t, got.res)
	assert.Equal(t, n, got.res.Created)
	assert.Equal(t, len(dups), got.res.SkippedDuplicates)
	checkDuplicatesOf(t, got, n+2, dups)
}

// checkDuplicatesOf fails t unless the rows from line on are duplicates of
// the rows dups (indexes of rows from line 2 on), in that order.
func checkDuplicatesOf(t *testing.T, got imported, line int, dups []int) {
	t.Helper()
	for j, i := range dups {
		row := got.byLine(t, line+j)
		assert.Equal(t, contactkit.SkipDuplicate, row.Skip, "line %d", row.Line)
		assert.Equal(t, i+2, row.DuplicateOf, "line %d", row.Line)
	}
}

// The failed rows come back as CSV with the header and an error column; the
// user fixes them and imports that file.
func TestImportFailedRowsAsCSV(t *testing.T) {
	h := newHarness(t)
	var failed bytes.Buffer
	text := "Name,Phone,Note\nAnn,0612,=cmd\nBob,+33 6 00 00 00 01,ok\n"
	got := importCSV(t, h, owner, text, &contactkit.ImportOptions{Failed: &failed})
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:failed", "3:created"}, got.outcomes())
	r, err := importer.Open(bytes.NewReader(failed.Bytes()), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Name", "Phone", "Note", "Import error"}, r.Header())
	row, err := r.Next()
	require.NoError(t, err)
	assert.Equal(t, []string{"Ann", "0612", "'=cmd"}, row.Cells[:3], "cells as read, protected")
	assert.Contains(t, row.Cells[3], "column 2 (Phone)")

	fixed := strings.Replace(failed.String(), "0612,", "06 12 00 00 00,", 1)
	again := importCSV(t, h, owner, fixed, nil)
	require.NoError(t, again.err)
	assert.Equal(t, []string{"2:created"}, again.outcomes())
	c, err := h.svc.GetContact(t.Context(), owner, again.byLine(t, 2).Contact)
	require.NoError(t, err)
	assert.Equal(t, "Ann", c.Alias)
}

// A cancelled import leaves whole batches and says where it stopped.
func TestImportCancelStopsBetweenBatches(t *testing.T) {
	h := newHarnessOn(t, memstore.New())
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var b strings.Builder
	b.WriteString("Email\n")
	for i := range 100 {
		fmt.Fprintf(&b, "c%d@example.com\n", i)
	}
	r := mustOpen(t, b.String())
	m := importer.Suggest(r.Header(), nil, nil, nil)
	var progress []contactkit.ImportProgress
	res, err := h.svc.Import(ctx, owner, r, m, &contactkit.ImportOptions{BatchSize: 10, Progress: func(p contactkit.ImportProgress) {
		progress = append(progress, p)
		if p.Batches == 3 {
			cancel()
		}
	}})
	stopped, ok := errors.AsType[*contactkit.ImportStoppedError](err)
	require.True(t, ok, "error %v", err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 32, stopped.Line, "the first line not imported: the 31st row")
	assert.Equal(t, 32, res.StoppedAt)
	assert.Equal(t, 30, res.Created)
	assert.Equal(t, 3, res.Batches)
	assert.Len(t, progress, 3)
	assert.Equal(t, 30, h.count(t, owner), "whole batches only")
	assert.Contains(t, err.Error(), "import stopped before line 32")
}

func TestImportRefusesABadMapping(t *testing.T) {
	h := newHarness(t)
	r := mustOpen(t, "Email,Mail\na@example.com,b@example.com\n")
	m := importer.Mapping{Columns: []importer.Column{
		{Index: 0, Target: importer.Target{Kind: importer.KindFirstName}},
		{Index: 1, Target: importer.Target{Kind: importer.KindFirstName}},
	}}
	_, err := h.svc.Import(t.Context(), owner, r, m, nil)
	assert.ErrorIs(t, err, importer.ErrDuplicateTarget)
	_, err = h.svc.Import(t.Context(), owner, r, m, &contactkit.ImportOptions{Mode: "sideways"})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
}

// An import fires the automation triggers only when asked.
func TestImportTriggers(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "welcome", Steps: steps(1), Active: true,
		Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}})
	got := importCSV(t, h, owner, "Email\noff@example.com\n", nil)
	require.NoError(t, got.err)
	assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID}), "triggers are off by default")
	got = importCSV(t, h, owner, "Email\non@example.com\n", &contactkit.ImportOptions{Triggers: true})
	require.NoError(t, got.err)
	e := h.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID})
	require.Len(t, e, 1)
	assert.Equal(t, got.byLine(t, 2).Contact, e[0].Contact)
}

// TestImportUpdateSeesFieldChangesBetweenBatches: a row that updates a
// contact is checked against the field definitions as its batch reads
// them, not as they were at the first row. A field created (and set on the
// contact) or made optional between two batches must not fail a later row
// that updates the contact without touching the field.
func TestImportUpdateSeesFieldChangesBetweenBatches(t *testing.T) {
	plan := field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText}
	tests := []struct {
		name     string
		required bool // plan exists, required, before the import
		// between runs between the batches; made is plan as created
		// before the import, if it was.
		between func(t *testing.T, h *harness, ann contact.Contact, made field.Definition)
	}{
		{"FieldCreatedAndSet", false, func(t *testing.T, h *harness, ann contact.Contact, _ field.Definition) {
			_, err := h.svc.CreateField(t.Context(), owner, plan)
			require.NoError(t, err)
			_, err = h.svc.UpdateContact(t.Context(), owner, ann.ID, contact.Patch{Fields: map[string]string{"plan": "gold"}})
			require.NoError(t, err)
		}},
		{"FieldMadeOptional", true, func(t *testing.T, h *harness, _ contact.Contact, made field.Definition) {
			made.Required = false
			_, err := h.svc.UpdateField(t.Context(), owner, made)
			require.NoError(t, err)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
			var made field.Definition
			if tt.required {
				d := plan
				d.Required = true
				var err error
				made, err = h.svc.CreateField(t.Context(), owner, d)
				require.NoError(t, err)
			}
			text := "First Name,Email\n" +
				"Bob,bob@example.com\n" + // batch 1
				"Annie,ann@example.com\n" // batch 2: updates Ann
			done := false
			got := importCSV(t, h, owner, text, &contactkit.ImportOptions{BatchSize: 1,
				Progress: func(contactkit.ImportProgress) {
					if !done {
						done = true
						tt.between(t, h, ann, made)
					}
				}})
			require.NoError(t, got.err)
			row := got.byLine(t, 3)
			require.Equal(t, contactkit.ImportUpdated, row.Outcome, "row 3: %+v", row.Err)
		})
	}
}

// A consent column without a slot (a vendor's) is about every address of
// its channel in the row; a column of a slot ("Email 2 - Consent", as
// Export writes them) about that slot's address only, and the column
// without a slot then no longer speaks for it. Neither ever subscribes:
// creates and updates that add secondary addresses alike.
func TestImportConsentPerSlot(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()

	// HubSpot-like: every email, every phone's sms.
	got := importCSV(t, h, owner, "Email,Work Email,Phone,Mobile,Unsubscribed from all email,SMS Opt Out\n"+
		"a1@example.com,a2@example.com,0611111111,0611111112,yes,yes\n", nil)
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:created"}, got.outcomes())
	for _, e := range []string{"a1@example.com", "a2@example.com"} {
		assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelEmail, e), e)
	}
	for _, p := range []string{"0611111111", "0611111112"} {
		assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelSMS, p), p)
		assert.Equal(t, list.ConsentSubscribed, addressConsent(t, h, list.ChannelWhatsApp, p), p)
	}

	// Slots. Existing contacts: u1 (unsubscribed), v1, w (unsubscribed).
	for _, e := range []string{"u1@example.com", "v1@example.com", "w@example.com"} {
		c := h.create(t, owner, contact.Patch{Email: new(e)})
		if e != "v1@example.com" {
			_, err := h.svc.Unsubscribe(ctx, owner, c.ID, list.ChannelEmail, "asked")
			require.NoError(t, err)
		}
	}
	got = importCSV(t, h, owner, "Email 1 - Value,Email 2 - Value,Phone 1 - Value,Phone 2 - Value,"+
		"Email Consent,SMS Opt Out,WhatsApp Opt Out,Email 2 - Consent,Phone 2 - SMS Opt Out,Phone 2 - WhatsApp Opt Out\n"+
		"c1@example.com,c2@example.com,0622222221,0622222222,subscribed,no,yes,unsubscribed,yes,no\n"+
		"u1@example.com,u2@example.com,,,subscribed,,,unsubscribed,,\n"+
		"v1@example.com,v2@example.com,,0633333332,unsubscribed,,,subscribed,no,yes\n"+
		"x1@example.com,w@example.com,,,unsubscribed,,,subscribed,,\n", nil)
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:created", "3:updated", "4:updated", "5:updated"}, got.outcomes())
	want := []struct {
		chn  list.Channel
		addr string
		st   list.ConsentStatus
	}{
		{list.ChannelEmail, "c1@example.com", list.ConsentSubscribed},
		{list.ChannelEmail, "c2@example.com", list.ConsentUnsubscribed},
		{list.ChannelSMS, "0622222221", list.ConsentSubscribed},
		{list.ChannelWhatsApp, "0622222221", list.ConsentUnsubscribed},
		{list.ChannelSMS, "0622222222", list.ConsentUnsubscribed},
		{list.ChannelWhatsApp, "0622222222", list.ConsentSubscribed},
		{list.ChannelEmail, "u1@example.com", list.ConsentUnsubscribed}, // never resubscribed
		{list.ChannelEmail, "u2@example.com", list.ConsentUnsubscribed}, // added as secondary
		{list.ChannelEmail, "v1@example.com", list.ConsentUnsubscribed},
		{list.ChannelEmail, "v2@example.com", list.ConsentSubscribed}, // its own cell, not the primary's
		{list.ChannelSMS, "0633333332", list.ConsentSubscribed},
		{list.ChannelWhatsApp, "0633333332", list.ConsentUnsubscribed},
		{list.ChannelEmail, "x1@example.com", list.ConsentUnsubscribed},
		{list.ChannelEmail, "w@example.com", list.ConsentUnsubscribed}, // never resubscribed
	}
	for _, w := range want {
		assert.Equal(t, w.st, addressConsent(t, h, w.chn, w.addr), "%s:%s", w.chn, w.addr)
	}
	// The updates added the new addresses as secondary ones.
	u, err := h.svc.ContactByEmail(ctx, owner, "u1@example.com")
	require.NoError(t, err)
	assert.Equal(t, []string{"u1@example.com", "u2@example.com"}, emailStrings(u))
}

// A consent column mapped with no channel unsubscribes every address of
// its row on every channel, and a value it does not understand is one
// problem of the row, not one for each channel.
func TestImportConsentOfNoChannel(t *testing.T) {
	h := newHarness(t)
	text := "Email,Phone,Opt out\nx@example.com,0611111111,yes\nz@example.com,0633333333,maybe\n"
	r, err := importer.Open(strings.NewReader(text), nil)
	require.NoError(t, err)
	m := importer.Suggest(r.Header(), nil, nil, &importer.MapOptions{Region: "FR"})
	m.Columns[2].Target = importer.Target{Kind: importer.KindUnsubscribed}
	var rows []contactkit.ImportRow
	_, err = h.svc.Import(t.Context(), owner, r, m, &contactkit.ImportOptions{OnRow: func(row contactkit.ImportRow) { rows = append(rows, row) }})
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, contactkit.ImportCreated, rows[0].Outcome)
	assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelEmail, "x@example.com"))
	assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelSMS, "0611111111"))
	assert.Equal(t, list.ConsentUnsubscribed, addressConsent(t, h, list.ChannelWhatsApp, "0611111111"))
	assert.Equal(t, contactkit.ImportFailed, rows[1].Outcome)
	var rowErr *contactkit.ImportRowError
	require.ErrorAs(t, rows[1].Err, &rowErr)
	assert.Len(t, rowErr.Problems, 1, "one problem for the one cell: %v", rowErr.Problems)
	assert.ErrorIs(t, rows[1].Err, contactkit.ErrUnknownConsent)
}

// A country column holding names, as Outlook's and HubSpot's
// "Country/Region" do, sets each row's country and the region of its
// phone.
func TestImportCountryNames(t *testing.T) {
	h := newHarness(t)
	text := "First Name,Mobile Phone,Country/Region\n" +
		"Ann,06 12 34 56 78,France\n" +
		"Bob,07911 123456,United Kingdom\n" +
		"Eve,0151 12345678,Allemagne\n" +
		"Zed,0612345679,Atlantis\n"
	got := importCSV(t, h, owner, text, &contactkit.ImportOptions{DefaultRegion: "US"})
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:created", "3:created", "4:created", "5:failed"}, got.outcomes())
	for line, want := range map[int][2]string{2: {"FR", "+33612345678"}, 3: {"GB", "+447911123456"}, 4: {"DE", "+4915112345678"}} {
		c, err := h.svc.GetContact(t.Context(), owner, got.byLine(t, line).Contact)
		require.NoError(t, err)
		assert.Equal(t, want[0], c.Country.String(), "line %d", line)
		assert.Equal(t, want[1], c.Phone.String(), "line %d", line)
	}
	assert.ErrorIs(t, got.byLine(t, 5).Err, contact.ErrInvalidCountry)
}

// A birthday without a year, as Google Contacts exports it ("--04-12"),
// imports, exports and imports again as a day of the year.
func TestImportBirthdayWithoutYear(t *testing.T) {
	h := newHarness(t)
	got := importCSV(t, h, owner, "Name,Birthday,E-mail 1 - Value\nAnn Lee,--04-12,ann@example.com\n", nil)
	require.NoError(t, got.err)
	require.Equal(t, []string{"2:created"}, got.outcomes())
	c, err := h.svc.GetContact(t.Context(), owner, got.byLine(t, 2).Contact)
	require.NoError(t, err)
	assert.Equal(t, field.Date{Month: time.April, Day: 12}, c.BirthDate)
	assert.Equal(t, "--04-12", c.BirthDate.String())
}

// TestImportDatesInNumbers: an Outlook export writes birthdays in its
// country's short date ("5/22/1975" in the United States): the suggested
// mapping reads them in the order the file shows, and a file that says
// nothing of it in the order of the import's region; with the order left
// at ISO 8601 the rows fail and say why.
func TestImportDatesInNumbers(t *testing.T) {
	const file = "First Name,E-mail Address,Birthday\r\n" +
		"Ann,ann@example.com,4/1/1980\r\n" +
		"Bob,bob@example.com,5/22/1975\r\n" +
		"Cid,cid@example.com,0/0/00\r\n"
	h := newHarness(t)
	got := importCSV(t, h, owner, file, nil)
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:created", "3:created", "4:created"}, got.outcomes())
	for email, want := range map[string]string{"ann@example.com": "1980-04-01", "bob@example.com": "1975-05-22", "cid@example.com": ""} {
		c, err := h.svc.ContactByEmail(t.Context(), owner, email)
		require.NoError(t, err)
		assert.Equal(t, want, c.BirthDate.String(), email)
	}

	// Nothing in the file tells: the region's order (importCSV maps with
	// region FR, day first).
	h = newHarness(t)
	got = importCSV(t, h, owner, "First Name,E-mail Address,Birthday\r\nAnn,ann@example.com,4/1/1980\r\n", nil)
	require.NoError(t, got.err)
	c, err := h.svc.ContactByEmail(t.Context(), owner, "ann@example.com")
	require.NoError(t, err)
	assert.Equal(t, "1980-01-04", c.BirthDate.String())

	// A mapping told to read ISO 8601 only refuses them, with the cell.
	h = newHarness(t)
	r, err := importer.Open(strings.NewReader(file), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	m := importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
	m.Dates = field.ISODate
	var rows []contactkit.ImportRow
	res, err := h.svc.Import(t.Context(), owner, r, m, &contactkit.ImportOptions{OnRow: func(row contactkit.ImportRow) { rows = append(rows, row) }})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Failed)
	require.NotNil(t, rows[0].Err)
	assert.Contains(t, rows[0].Err.Error(), "4/1/1980")
}

// TestImportDatesAsFilesWriteThem: Mailchimp's birthdays ("05/22": a day
// of the year, month first), dates that name their month, in English or
// French, and the date of a date and time (a custom date field filled
// from a CRM's export) are read, and a dry run reads them as the real
// run does.
func TestImportDatesAsFilesWriteThem(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       map[string]string // email → birth date
	}{
		{"Mailchimp", "Email Address,First Name,Birthday\r\nann@example.com,Ann,05/22\r\nbob@example.com,Bob,12/25\r\n",
			map[string]string{"ann@example.com": "--05-22", "bob@example.com": "--12-25"}},
		{"named months", "Email,Prénom,Date de naissance\r\nann@example.com,Ann,22 mai 1975\r\nbob@example.com,Bob,\"Dec. 25th, 1980\"\r\ncid@example.com,Cid,1er févr.\r\n",
			map[string]string{"ann@example.com": "1975-05-22", "bob@example.com": "1980-12-25", "cid@example.com": "--02-01"}},
		{"dates and times", "Email,Birthday\r\nann@example.com,1975-05-22T00:00:00Z\r\nbob@example.com,1980-12-25 23:30\r\n",
			map[string]string{"ann@example.com": "1975-05-22", "bob@example.com": "1980-12-25"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dry := newHarness(t)
			got := importCSV(t, dry, owner, tc.file, &contactkit.ImportOptions{DryRun: true})
			require.NoError(t, got.err)
			assert.Zero(t, got.res.Failed, "a dry run reads every date: %v", got.rows)

			h := newHarness(t)
			got = importCSV(t, h, owner, tc.file, nil)
			require.NoError(t, got.err)
			assert.Equal(t, len(tc.want), got.res.Created, "%v", got.rows)
			for email, want := range tc.want {
				c, err := h.svc.ContactByEmail(t.Context(), owner, email)
				require.NoError(t, err)
				assert.Equal(t, want, c.BirthDate.String(), email)
			}
		})
	}
}

// TestImportRunAgainAddsNoNoteTwice: an import run again (a file imported
// twice, or again after it stopped) adds no note a contact has from it
// already, in a real run and in a dry run; another note is added.
func TestImportRunAgainAddsNoNoteTwice(t *testing.T) {
	h := newHarness(t)
	const file = "Email,First Name,Notes\r\n" +
		"ann@example.com,Ann,Met at the fair\r\n" +
		"bob@example.com,Bob,Wants a demo\r\n"
	notes := func(email string) []string {
		c, err := h.svc.ContactByEmail(t.Context(), owner, email)
		require.NoError(t, err)
		var out []string
		for _, a := range collect(t, h.svc.Timeline(t.Context(), owner, c.ID, contactkit.TimelineQuery{})) {
			out = append(out, a.Body)
		}
		slices.Sort(out)
		return out
	}
	got := importCSV(t, h, owner, file, nil)
	require.NoError(t, got.err)
	require.Equal(t, 2, got.res.Created)
	h.takeEvents()

	for _, dry := range []bool{true, false} {
		got = importCSV(t, h, owner, file, &contactkit.ImportOptions{DryRun: dry})
		require.NoError(t, got.err)
		assert.Equal(t, 2, got.res.Updated)
		assert.Equal(t, []string{"Met at the fair"}, notes("ann@example.com"))
		assert.Equal(t, []string{"Wants a demo"}, notes("bob@example.com"))
	}
	assert.Empty(t, eventsOfType[contactkit.ActivityAdded](h.takeEvents()), "no note added again")

	got = importCSV(t, h, owner, "Email,Notes\r\nann@example.com,Called back\r\n", nil)
	require.NoError(t, got.err)
	assert.Equal(t, []string{"Called back", "Met at the fair"}, notes("ann@example.com"))
}

// TestImportDatetimeWithoutOffset checks that a date and time without an
// offset, as a spreadsheet holds one, is read in ImportOptions.Location
// (UTC by default) rather than failing its row.
func TestImportDatetimeWithoutOffset(t *testing.T) {
	signed := field.Definition{Key: field.MustParseKey("signed_up"), Label: "Signed up", Type: field.TypeDatetime}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CEST", 2*3600) // no tz database: the same offset in May
	}
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{{nil, "2024-05-01T10:30:00Z"}, {paris, "2024-05-01T08:30:00Z"}} {
		h := newHarness(t)
		_, err := h.svc.CreateField(t.Context(), owner, signed)
		require.NoError(t, err)
		got := importCSV(t, h, owner, "Email,Signed up\nann@example.com,2024-05-01T10:30:00\nbob@example.com,2024-05-01 10:30\n",
			&contactkit.ImportOptions{Location: tc.loc})
		require.NoError(t, got.err)
		require.Equal(t, 2, got.res.Created, got.outcomes())
		page, err := h.svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{}, store.PageRequest{})
		require.NoError(t, err)
		for _, c := range page.Items {
			assert.Equal(t, tc.want, c.Fields[signed.Key].String(), "%s in %v", c.Email, tc.loc)
		}
	}
}

// TestImportSurvivesRetries: a store that runs every transaction twice,
// rolling the first attempt back, ends with what one attempt gives: the
// rows' prepared contacts are not changed by an attempt.
func TestImportSurvivesRetries(t *testing.T) {
	text := "First Name,Last Name,Email,Phone,Tags\n" +
		"Ann,Lee,ann@example.com,06 12 34 56 78,vip;salon\n" +
		"Bob,Stone,bob@example.com,,salon\n" +
		"Carl,,not-an-email,,\n" +
		"Ann,Lee,ann@example.com,,\n" +
		"Dan,,dan@example.com,+44 20 7946 0958,Salon\n"
	opts := contactkit.ImportOptions{Tags: []string{"Import 2026"}, BatchSize: 2}
	var want []string
	for _, s := range []store.Store{memstore.New(), retried{memstore.New()}} {
		h := newHarnessOn(t, s)
		got := importCSV(t, h, owner, text, &opts)
		require.NoError(t, got.err)
		checkCounts(t, got.res)
		var out []string
		for _, r := range got.rows {
			out = append(out, fmt.Sprintf("%d:%s", r.Line, r.Outcome))
			if r.Contact.IsZero() {
				continue
			}
			c, err := h.svc.GetContact(t.Context(), owner, r.Contact)
			require.NoError(t, err)
			out = append(out, fmt.Sprintf("%s %s %s %s %v v%d", c.FirstName, c.LastName, c.Email, c.Phone, c.Tags, c.Version))
		}
		if want == nil {
			want = out
			continue
		}
		assert.Equal(t, want, out, "the import through a store that runs each transaction twice")
	}
}

// TestImportBlocked: a "Blocked" column (as Export writes it) creates a
// contact blocked, whom no trigger enrols, and blocks a contact it
// updates, stopping its enrollments, with ContactBlocked and the import's
// reason; "no" and a blank cell change nothing, so no import unblocks; a
// value that says neither fails the row at its cell; a dry run reports the
// same outcomes.
func TestImportBlocked(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	au := h.automation(t, automation.Automation{Name: "welcome", Steps: steps(2), Active: true,
		Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}})
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")}) // enrolled
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")})
	_, err := h.svc.BlockContact(ctx, owner, bob.ID, "spam")
	require.NoError(t, err)
	cyd := h.create(t, owner, contact.Patch{FirstName: new("Cyd"), Email: new("cyd@example.com")})
	_, err = h.svc.BlockContact(ctx, owner, cyd.ID, "spam")
	require.NoError(t, err)
	h.takeEvents()

	text := "Email,Bloqué\n" +
		"ann@example.com,oui\n" + // 2: blocks Ann
		"bob@example.com,no\n" + // 3: Bob stays blocked
		"cyd@example.com,\n" + // 4: Cyd stays blocked
		"new@example.com,Yes\n" + // 5: created blocked
		"odd@example.com,maybe\n" // 6: fails
	opts := &contactkit.ImportOptions{Triggers: true, Reason: "migration"}
	dry := *opts
	dry.DryRun = true
	want := importCSV(t, h, owner, text, &dry)
	require.NoError(t, want.err)
	assert.Empty(t, h.takeEvents(), "a dry run emits nothing")
	got := importCSV(t, h, owner, text, opts)
	require.NoError(t, got.err)
	checkCounts(t, got.res)
	assert.Equal(t, want.outcomes(), got.outcomes(), "the dry run reports what the real run does")
	assert.Equal(t, []string{"2:updated", "3:updated", "4:updated", "5:created", "6:failed"}, got.outcomes())

	fail := got.byLine(t, 6).Err
	require.NotNil(t, fail)
	require.Len(t, fail.Problems, 1)
	assert.ErrorIs(t, fail, contactkit.ErrUnknownBlocked)
	assert.Equal(t, "Bloqué", fail.Problems[0].Header)
	assert.Equal(t, "maybe", fail.Problems[0].Value)

	for _, id := range []contact.ID{ann.ID, bob.ID, cyd.ID, got.byLine(t, 5).Contact} {
		c, err := h.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		assert.True(t, c.Blocked(), "%s %s is blocked", c.FirstName, c.Email)
	}
	assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: got.byLine(t, 5).Contact}), "the contact created blocked is enrolled by no trigger")
	es := h.enrollments(t, contactkit.EnrollmentQuery{Contact: ann.ID, Automation: au.ID})
	require.Len(t, es, 1)
	assert.Equal(t, automation.StateStopped, es[0].State, "blocking stops the enrollments")
	assert.Equal(t, automation.ReasonContactBlocked, es[0].StopReason)

	var blocked []contact.ID
	for _, e := range h.takeEvents() {
		if b, ok := e.(contactkit.ContactBlocked); ok {
			assert.Equal(t, "migration", b.Reason)
			blocked = append(blocked, b.Contact)
		}
	}
	assert.ElementsMatch(t, []contact.ID{ann.ID, got.byLine(t, 5).Contact}, blocked, "ContactBlocked for each contact the import blocked, none for those blocked already")
}

// TestImportCreationRecord: the creation record of a contact an import
// creates holds its values as stored: its tags as the workspace spells
// them, not as the row typed them, and, for a contact created blocked,
// the status active, then a change to blocked.
func TestImportCreationRecord(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")}, "VIP")
	text := "Email,First Name,Tags,Bloqué\n" +
		"bob@example.com,Bob,vip,\n" + // 2: the workspace's spelling
		"cyd@example.com,Cyd,\"Vip, Nouveau\",\n" + // 3: one of each
		"dan@example.com,Dan,Nouveau,oui\n" + // 4: created blocked
		"eve@example.com,Eve,,\n" // 5: no tag
	got := importCSV(t, h, owner, text, nil)
	require.NoError(t, got.err)
	require.Equal(t, []string{"2:created", "3:created", "4:created", "5:created"}, got.outcomes())
	for line, want := range map[int]struct{ tags, status []string }{
		2: {[]string{"VIP"}, []string{"active"}},
		3: {[]string{"VIP, Nouveau"}, []string{"active"}},
		4: {[]string{"Nouveau"}, []string{"active", "blocked"}},
		5: {nil, []string{"active"}},
	} {
		id := got.byLine(t, line).Contact
		c, err := h.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		values := func(field string) []string {
			page, err := h.svc.ListHistory(ctx, owner, id, field, store.PageRequest{})
			require.NoError(t, err)
			var out []string
			for _, ch := range page.Items {
				out = append(out, ch.New)
			}
			slices.Sort(out)
			return out
		}
		assert.Equal(t, want.tags, values(contact.FieldTags), "line %d: the tags created, as the workspace spells them", line)
		assert.Equal(t, want.status, values(contact.FieldStatus), "line %d", line)
		assert.Equal(t, []string{c.FirstName}, values(contact.FieldFirstName), "line %d", line)
		assert.Equal(t, []string{c.Email.String()}, values(contact.FieldEmail), "line %d", line)
	}
}
