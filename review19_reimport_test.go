package contactkit_test

// Review of the import, round 19: the same file imported twice into the
// same workspace is a no-op, and an import cancelled between batches then
// run again to the end leaves what one whole run does (I4, I5, L3, L4,
// notes keyed by their digest). Files of every source: internal/fixture's
// generators (the messy CSV, the export of random contacts, the consent
// files), the vendors' samples under testdata, and rows made to be tricky.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// rv19Seeds is the number of random cases of each test (raise it to
// search; 1,500 ran clean when it was written).
var rv19Seeds = 60

// rv19World is a fresh workspace: a Service on memstore with a clock that
// moves and IDs that do not depend on it, its lists, and the events its
// subscribers received.
type rv19World struct {
	svc    *contactkit.Service
	lists  []list.ID
	mu     sync.Mutex
	events []string
}

func (w *rv19World) takeEvents() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	e := w.events
	w.events = nil
	return e
}

// rv19NewWorld makes a workspace with the custom fields defs and two
// lists.
func rv19NewWorld(t *testing.T, defs []field.Definition) *rv19World {
	t.Helper()
	return rv19NewWorldAt(t, defs, 0)
}

// rv19NewWorldAt is rv19NewWorld whose IDs count from n. The export of a
// workspace whose IDs count as another's does names that one's contacts
// by its "contactkit ID" column: imported there twice, its rows match, the
// second time, the contacts the first created for other rows.
func rv19NewWorldAt(t *testing.T, defs []field.Definition, n uint64) *rv19World {
	t.Helper()
	w := &rv19World{}
	var clockMu sync.Mutex
	newID := fixture.CountingIDs(n)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		now = now.Add(time.Millisecond)
		return now
	}
	record := func(_ context.Context, e contactkit.Event) {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.events = append(w.events, fmt.Sprintf("%T %s", e, e.Meta().Contact))
	}
	w.svc = contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", NewID: newID, Now: clock,
		Subscribers: []contactkit.Subscriber{record}})
	ctx := context.Background()
	for _, d := range defs {
		_, err := w.svc.CreateField(ctx, accOwner, d)
		require.NoError(t, err)
	}
	for _, l := range []list.List{{Name: "News", Channel: list.ChannelEmail}, {Name: "All"}} {
		got, err := w.svc.CreateList(ctx, accOwner, l)
		require.NoError(t, err)
		w.lists = append(w.lists, got.ID)
	}
	// An automation that an import with Triggers enrols contacts into.
	_, err := w.svc.CreateAutomation(ctx, accOwner, automation.Automation{
		Name: "Welcome", Steps: []automation.Step{{Name: "hello"}}, Active: true, Reentry: automation.ReentryAllow,
		Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated), automation.On(automation.TriggerTagAdded), automation.On(automation.TriggerListSubscribed)},
	})
	require.NoError(t, err)
	w.takeEvents()
	return w
}

// rv19Snapshot is the workspace as text: the CSV export of every contact,
// then each contact as stored (version and times included), its consent,
// memberships, timeline, history and feed; the consent ledger; the tags.
// The contacts of ignore are left out; of those of loose, only the values
// are kept (not their version, time of update, history and feed).
func rv19Snapshot(t *testing.T, w *rv19World, ignore, loose map[contact.ID]bool) string {
	t.Helper()
	ctx := context.Background()
	var export bytes.Buffer
	_, err := w.svc.Export(ctx, accOwner, contactkit.ContactQuery{}, &export, nil)
	require.NoError(t, err)
	var b strings.Builder
	rd, err := importer.Open(&export, nil)
	require.NoError(t, err)
	fmt.Fprintf(&b, "%q", rd.Header())
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if id, err := contact.ParseID(row.Cells[len(row.Cells)-1]); err == nil && ignore[id] {
			continue
		}
		fmt.Fprintf(&b, "\n%q", row.Cells)
	}
	for _, c := range accContacts(t, w.svc) {
		if ignore[c.ID] {
			continue
		}
		if loose[c.ID] {
			c.Version, c.UpdatedAt = 0, time.Time{}
		}
		fmt.Fprintf(&b, "\ncontact %s v%d created %s updated %s %s", c.ID, c.Version, c.CreatedAt.Format(time.RFC3339Nano),
			c.UpdatedAt.Format(time.RFC3339Nano), accDump([]contact.Contact{c}))
		consent, err := w.svc.Consent(ctx, accOwner, c.ID)
		require.NoError(t, err)
		fmt.Fprintf(&b, "\n  consent %+v", consent)
		for m, err := range w.svc.Memberships(ctx, accOwner, contactkit.MembershipQuery{Contact: c.ID}) {
			require.NoError(t, err)
			fmt.Fprintf(&b, "\n  member %+v", m)
		}
		for a, err := range w.svc.Timeline(ctx, accOwner, c.ID, contactkit.TimelineQuery{}) {
			require.NoError(t, err)
			fmt.Fprintf(&b, "\n  activity %s %s %q %s", a.ID, a.Kind, a.Body, a.CreatedAt.Format(time.RFC3339Nano))
		}
		for e, err := range w.svc.Enrollments(ctx, accOwner, contactkit.EnrollmentQuery{Contact: c.ID}) {
			require.NoError(t, err)
			fmt.Fprintf(&b, "\n  enrolled %s entry %d %s", e.ID, e.Entry, e.State)
		}
		history := 0
		for h, err := range w.svc.History(ctx, accOwner, c.ID, "") {
			require.NoError(t, err)
			history++
			if !loose[c.ID] {
				fmt.Fprintf(&b, "\n  change %s %q→%q %s", h.Field, h.Old, h.New, h.Address)
			}
		}
		feed := 0
		for _, err := range w.svc.Feed(ctx, accOwner, c.ID, contactkit.FeedQuery{}) {
			require.NoError(t, err)
			feed++
		}
		if !loose[c.ID] {
			fmt.Fprintf(&b, "\n  history %d feed %d", history, feed)
		}
	}
	for _, chn := range []list.Channel{list.ChannelEmail, list.ChannelSMS, list.ChannelWhatsApp} {
		for e, err := range w.svc.ConsentLedger(ctx, accOwner, chn) {
			require.NoError(t, err)
			fmt.Fprintf(&b, "\nledger %+v", e)
		}
	}
	for tg, err := range w.svc.Tags(ctx, accOwner) {
		require.NoError(t, err)
		fmt.Fprintf(&b, "\ntag %+v", tg)
	}
	return b.String()
}

// rv19Case is a file to import, the fields its workspace defines, the
// options of the mapping and of the import.
type rv19Case struct {
	name string
	data []byte
	defs []field.Definition
	mo   importer.MapOptions
	// fill, when not zero, is the seed of the contacts, lists and
	// unsubscribes the workspace holds before the import
	// (fixture.ConsentWorld).
	fill uint64
}

// rv19Open makes the workspace of c.
func rv19Open(t *testing.T, c rv19Case) *rv19World {
	t.Helper()
	w := rv19NewWorld(t, c.defs)
	if c.fill != 0 {
		_, _, err := fixture.ConsentWorld(context.Background(), w.svc, accOwner, rand.New(rand.NewPCG(c.fill, 77)))
		require.NoError(t, err)
		w.takeEvents()
	}
	return w
}

// rv19Import imports c into w (the mapping suggested with w's fields)
// under ctx, and returns the rows' outcomes, the failed-rows file and the
// error.
func rv19Import(t *testing.T, ctx context.Context, w *rv19World, c rv19Case, o contactkit.ImportOptions) ([]contactkit.ImportRow, string, contactkit.ImportResult, error) {
	t.Helper()
	r, err := importer.Open(bytes.NewReader(c.data), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 100)
	require.NoError(t, err)
	defs, err := w.svc.Fields(context.Background(), accOwner)
	require.NoError(t, err)
	mo := c.mo
	mo.Delimiter = importer.DelimiterOf(r)
	m := importer.Suggest(r.Header(), sample, defs, &mo)
	var rows []contactkit.ImportRow
	var failed bytes.Buffer
	o.OnRow = func(x contactkit.ImportRow) { rows = append(rows, x) }
	o.Failed = &failed
	res, err := w.svc.Import(ctx, accOwner, r, m, &o)
	return rows, failed.String(), res, err
}

// rv19Options draws the options of an import in w.
func rv19Options(r *rand.Rand, w *rv19World) contactkit.ImportOptions {
	o := contactkit.ImportOptions{
		Mode:           []contactkit.ImportMode{contactkit.ImportUpsert, contactkit.ImportUpsert, contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly}[r.IntN(4)],
		UnsubscribeAll: r.IntN(5) == 0,
		BatchSize:      []int{1, 2, 3, 7, 500}[r.IntN(5)],
		Workers:        1 + r.IntN(2),
		DefaultRegion:  []string{"", "", "FR", "us", "GB"}[r.IntN(5)],
	}
	if r.IntN(2) == 0 {
		o.Tags = []string{"batch-2026", "Import, VIP"}[:1+r.IntN(2)]
	}
	if r.IntN(2) == 0 {
		o.Lists = []list.ID{w.lists[r.IntN(2)]}
	}
	if r.IntN(4) == 0 {
		o.Lists = w.lists
	}
	o.SuppressionOnly = r.IntN(10) == 0
	o.Triggers = r.IntN(3) == 0
	return o
}

// rv19Vendors are the vendors' sample files.
func rv19Vendors(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, glob := range []string{"testdata/*/*.csv", "testdata/*/*.vcf", "examples/import/testdata/*.csv"} {
		m, err := filepath.Glob(glob)
		require.NoError(t, err)
		files = append(files, m...)
	}
	slices.Sort(files)
	return files
}

// rv19File draws the file of seed: its source cycles through the tricky
// rows, fixture.ImportCSV, the export of fixture.RoundTripInput's
// contacts, fixture.ConsentImportFile and the vendors' files.
func rv19File(t *testing.T, seed uint64, r *rand.Rand) rv19Case {
	t.Helper()
	c := rv19Source(t, seed, r)
	if r.IntN(2) == 0 {
		c.fill = seed + 1
	}
	return c
}

// rv19Source draws the file of rv19File.
func rv19Source(t *testing.T, seed uint64, r *rand.Rand) rv19Case {
	t.Helper()
	mo := importer.MapOptions{Region: []string{"FR", "US", "GB"}[r.IntN(3)]}
	switch seed % 5 {
	case 0:
		return rv19Case{name: "tricky", data: []byte(rv19Tricky(r, 10+r.IntN(30))), defs: fixture.RoundTripDefinitions, mo: mo}
	case 1:
		var b bytes.Buffer
		require.NoError(t, fixture.New(seed, "FR").WriteImportCSV(&b, 20+r.IntN(60)))
		return rv19Case{name: "fixture.ImportCSV", data: b.Bytes(), defs: fixture.Definitions(2), mo: importer.MapOptions{Region: "FR"}}
	case 2:
		src := rv19NewWorldAt(t, fixture.RoundTripDefinitions, 1<<40)
		for i := range 5 + r.IntN(15) {
			_, _ = src.svc.CreateContact(context.Background(), accOwner, fixture.RoundTripInput(r, i))
		}
		var b bytes.Buffer
		_, err := src.svc.Export(context.Background(), accOwner, contactkit.ContactQuery{}, &b, nil)
		require.NoError(t, err)
		return rv19Case{name: "export of fixture.RoundTripInput", data: b.Bytes(), defs: fixture.RoundTripDefinitions, mo: mo}
	case 3:
		data, _ := fixture.ConsentImportFile(r, 10+r.IntN(25), nil)
		return rv19Case{name: "fixture.ConsentImportFile", data: []byte(data), mo: importer.MapOptions{Region: "FR"}}
	default:
		files := rv19Vendors(t)
		name := files[int(seed/5)%len(files)]
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		return rv19Case{name: name, data: data, mo: mo}
	}
}

// rv19Tricky returns a CSV of n rows made to be tricky: addresses from
// small pools written in several forms (so that rows share phones with
// other emails, match one contact by email and another by phone, repeat
// one another after normalisation), labelled columns of several emails and
// phones, tags, notes, consent and opt-out columns, a country column,
// blocked cells and custom fields of every type (fixture.RoundTripDefinitions,
// by their labels), valid or not.
func rv19Tricky(r *rand.Rand, n int) string {
	header := []string{"First Name", "Last Name", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value",
		"Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value", "Mobile Phone", "Country", "Company", "City",
		"Tags", "Notes", "Email Consent", "SMS Opt Out", "Unsubscribed", "Blocked", "Birthday",
		"T", "TA", "N", "M", "D", "DT", "CB", "Sel", "MS", "PH", "EM", "URL"}
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	some := func(vs ...string) string {
		if r.IntN(2) == 0 {
			return ""
		}
		return pick(vs...)
	}
	email := func() string {
		k := r.IntN(fixture.ConsentPool + 2)
		e := fixture.ConsentEmail(k)
		return pick(e, e, strings.ToUpper(e), " "+e+" ", "Pat <"+e+">", "mailto:"+e)
	}
	phone := func() string {
		k := r.IntN(fixture.ConsentPool + 2)
		return pick(fixture.ConsentPhone(k), fmt.Sprintf("06 12 34 57 %02d", k), fmt.Sprintf("6.12.34.57.%02d", k),
			fmt.Sprintf("0033 6 12 34 57 %02d", k), fmt.Sprintf("+33 (0)6 12 34 57 %02d", k))
	}
	label := func() string { return pick("", "", "Home", "Work", "* Mobile", "Other", "WhatsApp") }
	// bad are values refused, by column.
	bad := map[int][]string{3: {"bad@"}, 7: {"06 12"}, 11: {"Narnia"}, 16: {"maybe"}, 20: {"1990-02-30"}, 23: {"x"}, 24: {"€"},
		25: {"2024-13-01"}, 27: {"maybe"}, 28: {"Nope"}, 29: {"Nope"}, 30: {"12"}, 31: {"nope"}, 32: {"ftp://x"}}
	var b strings.Builder
	cw := importer.NewWriter(&b, nil)
	_ = cw.WriteHeader(header)
	var rows [][]string
	for range n {
		row := []string{pick("Ann", "Bob", "", "Zoë", "  Li  "), pick("", "Smith", "O'Neil"),
			label(), some(email()), label(), some(email()),
			label(), some(phone()), label(), some(phone()), some(phone()), pick("", "", "FR", "fr", "France"),
			some("Acme", "ACME "), some("Lyon", "Paris"),
			some("a", "a, b", "B;c", "x\ny"), some("called", "called", fmt.Sprintf("note %d", r.IntN(3)), "multi\nline"),
			some("subscribed", "unsubscribed", "yes", "no"), some("yes", "no", "TRUE"), some("true", "false"),
			some("", "", "yes", "no"), some("1990-05-04", "04/05/1990"),
			some("text", " spaced "), some("line1\nline2"), some("12.5", "1234"), some("10.00", "-3"),
			some("2024-01-31", "31/01/2024"), some("2024-05-01T10:30:00Z", "2024-05-01 10:30"),
			some("yes", "no"), some("One", "one", "=Two"), some("One, 日本", "+"),
			some("+44 20 7946 0000", "0612345678"), some("x@example.com"), some("https://example.com")}
		if r.IntN(5) == 0 {
			// One bad cell.
			cols := slices.Sorted(maps.Keys(bad))
			k := cols[r.IntN(len(cols))]
			row[k] = pick(bad[k]...)
		}
		if len(rows) > 0 && r.IntN(6) == 0 {
			// An earlier row again, its email otherwise written.
			row = slices.Clone(rows[r.IntN(len(rows))])
			row[3] = strings.ToUpper(row[3])
		}
		rows = append(rows, row)
		_ = cw.Write(row)
	}
	_ = cw.Flush()
	return b.String()
}

// rv19Outcome is a row's outcome as text, its contact by ID.
func rv19Outcome(x contactkit.ImportRow) string {
	s := fmt.Sprintf("line %d %s", x.Line, x.Outcome)
	if x.Skip != "" {
		s += fmt.Sprintf(" (%s of %d)", x.Skip, x.DuplicateOf)
	}
	if !x.Contact.IsZero() {
		s += " " + x.Contact.String()
	}
	if x.Err != nil {
		s += " " + x.Err.Error()
	}
	return s
}

// rv19Again checks the outcomes of a file imported a second time against
// those of the first: a created row is updated (or, create-only, skipped
// as existing) with the same contact; every other row ends as it did.
// A row created in both runs is one that nothing names (again holds its
// contact of the second run).
func rv19Again(t *testing.T, what string, mode contactkit.ImportMode, first, second []contactkit.ImportRow, again map[contact.ID]bool) {
	t.Helper()
	require.Len(t, second, len(first), "%s: rows", what)
	for i, x := range first {
		y := second[i]
		want := x
		if again[y.Contact] {
			require.Equal(t, contactkit.ImportCreated, x.Outcome, "%s: line %d created by the second run only", what, x.Line)
			continue
		}
		if x.Outcome == contactkit.ImportCreated {
			want.Outcome = contactkit.ImportUpdated
			if mode == contactkit.ImportCreateOnly {
				want.Outcome, want.Skip = contactkit.ImportSkipped, contactkit.SkipExists
			}
		}
		assert.Equal(t, rv19Outcome(want), rv19Outcome(y), "%s: the second run", what)
	}
}

// rv19Refused reports whether x failed for the workspace as it was: a
// phone an earlier row gave with other emails, an address of another
// contact, addresses of two contacts. The second run sees the contacts
// the rows after x created in the first, and may end x otherwise (see
// TestReview19ImportTwiceRowRefusedThenNamed).
func rv19Refused(x contactkit.ImportRow) bool {
	if x.Err == nil {
		return false
	}
	_, taken := errors.AsType[*store.TakenError](x.Err)
	return taken || errors.Is(x.Err, contactkit.ErrSharedPhone) || errors.Is(x.Err, contactkit.ErrAmbiguousMatch)
}

// The same file imported twice into the same workspace is a no-op: the
// workspace is as the first run left it (export, contacts with their
// versions and times, consent, memberships, timelines, history, ledger,
// tags), the second run reports every row as the first did (a created row
// updated, with the same contact), and delivers no event.
func TestReview19ImportTwiceIsNoop(t *testing.T) {
	for seed := range uint64(rv19Seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1919))
			c := rv19File(t, seed, r)
			w := rv19Open(t, c)
			o := rv19Options(r, w)
			ctx := context.Background()
			first, failed1, _, err := rv19Import(t, ctx, w, c, o)
			require.NoError(t, err, "seed %d", seed)
			w.takeEvents()
			// Two rows that name one contact by different addresses both
			// update it (see Import), each run: such a contact ends as
			// the first run left it, but its history and events grow (see
			// TestReview19ImportTwiceTwoRowsOfOneContact).
			loose := map[contact.ID]bool{}
			byContact := map[contact.ID]int{}
			for _, x := range first {
				if x.Outcome == contactkit.ImportUpdated || x.Outcome == contactkit.ImportCreated {
					if byContact[x.Contact]++; byContact[x.Contact] > 1 {
						loose[x.Contact] = true
					}
				}
			}
			want := rv19Snapshot(t, w, nil, loose)
			second, failed2, _, err := rv19Import(t, ctx, w, c, o)
			require.NoError(t, err, "seed %d", seed)
			what := fmt.Sprintf("seed %d, %s, options %+v", seed, c.name, o)
			// A row that no ID or address names creates a contact each
			// time: its contacts of the second run are left out.
			again := map[contact.ID]bool{}
			for _, y := range second {
				if y.Outcome == contactkit.ImportCreated {
					again[y.Contact] = true
				}
			}
			var events []string
			for _, e := range w.takeEvents() {
				if !slices.ContainsFunc(slices.Collect(maps.Keys(again)), func(id contact.ID) bool { return strings.HasSuffix(e, " "+id.String()) }) &&
					!slices.ContainsFunc(slices.Collect(maps.Keys(loose)), func(id contact.ID) bool { return e == "contactkit.ContactUpdated "+id.String() }) {
					events = append(events, e)
				}
			}
			if !slices.ContainsFunc(first, rv19Refused) {
				rv19Again(t, what, o.Mode, first, second, again)
				require.Equal(t, failed1, failed2, "%s: the failed rows", what)
			}
			require.Equal(t, want, rv19Snapshot(t, w, again, loose), "%s: the workspace\n%s", what, c.data)
			require.Empty(t, events, "%s: events of the second run", what)
		})
	}
}

// An import cancelled after a batch then run again on the whole file
// leaves the workspace one whole run leaves.
func TestReview19ImportCancelledThenAgain(t *testing.T) {
	for seed := range uint64(rv19Seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1920))
			c := rv19File(t, seed, r)
			o := rv19Options(r, rv19NewWorld(t, nil))
			o.BatchSize = 1 + r.IntN(8)
			stopAfter := 1 + r.IntN(3)
			what := fmt.Sprintf("seed %d, %s, options %+v, cancelled after batch %d", seed, c.name, o, stopAfter)

			once := rv19Open(t, c)
			first, _, _, err := rv19Import(t, context.Background(), once, c, o)
			require.NoError(t, err, what)
			if i := slices.IndexFunc(first, rv19Refused); i >= 0 {
				// A row refused for the workspace as it was (a phone taken
				// or shared) may pass once a later row changed it: no
				// retry gives what the first run did.
				t.Skipf("%s: %s", what, rv19Outcome(first[i]))
			}

			cut := rv19Open(t, c)
			ctx, cancel := context.WithCancel(context.Background())
			co := o
			batches := 0
			co.Progress = func(contactkit.ImportProgress) {
				if batches++; batches == stopAfter {
					cancel()
				}
			}
			_, _, _, err = rv19Import(t, ctx, cut, c, co)
			cancel()
			if err == nil {
				return // the file had no more batches
			}
			_, _, _, err = rv19Import(t, context.Background(), cut, c, o)
			require.NoError(t, err, what)
			// The contacts of rows of no address and no ID (one each run)
			// aside, and the times, which differ between two workspaces.
			require.Equal(t, rv19Comparable(t, once), rv19Comparable(t, cut), "%s\n%s", what, c.data)
		})
	}
}

// rv19Comparable is the workspace as text without its IDs and times, for
// two workspaces made by different calls: each contact's values, its
// consent statuses, lists, notes and enrollments; the ledger's statuses. Not the
// history: a contact two rows name by different addresses is written by
// each of them every run (see TestReview19ImportTwiceTwoRowsOfOneContact).
func rv19Comparable(t *testing.T, w *rv19World) string {
	t.Helper()
	ctx := context.Background()
	names := map[list.ID]string{w.lists[0]: "News", w.lists[1]: "All"}
	var lines []string
	for _, c := range accContacts(t, w.svc) {
		if len(c.Emails())+len(c.Phones()) == 0 {
			continue
		}
		var ms []string
		for m, err := range w.svc.Memberships(ctx, accOwner, contactkit.MembershipQuery{Contact: c.ID}) {
			require.NoError(t, err)
			ms = append(ms, names[m.List]+":"+string(m.Status))
		}
		slices.Sort(ms)
		var cs []string
		consent, err := w.svc.Consent(ctx, accOwner, c.ID)
		require.NoError(t, err)
		for _, x := range consent {
			cs = append(cs, fmt.Sprintf("%s:%s:%s", x.Address.Channel, x.Address.Value, x.Status))
		}
		var enrolled []string
		for e, err := range w.svc.Enrollments(ctx, accOwner, contactkit.EnrollmentQuery{Contact: c.ID}) {
			require.NoError(t, err)
			enrolled = append(enrolled, fmt.Sprintf("%d:%s", e.Entry, e.State))
		}
		notes := accNotes(t, w.svc, c.ID)
		lines = append(lines, fmt.Sprintf("%s status=%s lists=%v consent=%v notes=%q enrolled=%v", accDump([]contact.Contact{c}), c.Status, ms, cs, notes, enrolled))
	}
	slices.Sort(lines)
	for _, chn := range []list.Channel{list.ChannelEmail, list.ChannelSMS, list.ChannelWhatsApp} {
		for e, err := range w.svc.ConsentLedger(ctx, accOwner, chn) {
			require.NoError(t, err)
			lines = append(lines, fmt.Sprintf("ledger %s %s %s", e.Address.Channel, e.Address.Value, e.Status))
		}
	}
	return strings.Join(lines, "\n")
}

// A row that updates its contact and fails on an address another contact
// holds writes nothing: not the tags it would have created either (as a
// row that fails creating its contact leaves none). It left them behind,
// tags of no contact, so that the second import of a file whose rows
// failed creating their contacts the first time (and matched one the
// second, created by a later row) added tags to the workspace.
func TestReview19ImportFailedUpdateLeavesNoTag(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	_, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("A"), Phone: new("+33612345701")}})
	require.NoError(t, err)
	_, err = svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("B"), Email: new("b@example.com"), Phone: new("+33612345702")}})
	require.NoError(t, err)

	run := accImport(t, svc, []byte("Email,Phone,Mobile Phone,Tags\nnew@example.com,06 12 34 57 01,06 12 34 57 02,fresh\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	x := run.row(t, 2)
	require.Equal(t, contactkit.ImportFailed, x.Outcome, run.outcomes())
	_, taken := errors.AsType[*store.TakenError](x.Err)
	require.True(t, taken, run.outcomes())
	for tg, err := range svc.Tags(ctx, accOwner) {
		require.NoError(t, err)
		require.NotEqual(t, "fresh", tg.Name.String(), "a failed row's tag")
	}
}

// Two rows that name one contact by different addresses (its email, its
// phone) are no duplicates of each other: each updates it, the later one's
// values winning (see Import). By design, then, such a file imported again
// leaves the contact with the same values but writes it twice more: its
// history and ContactUpdated events grow with every import of the file.
func TestReview19ImportTwiceTwoRowsOfOneContact(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	c, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("c@example.com"), Phone: new("+33612345701")}})
	require.NoError(t, err)
	data := []byte("First Name,Email,Phone\nAnn,c@example.com,\nBob,,06 12 34 57 01\n")
	names := func() []string {
		var out []string
		for h, err := range svc.History(ctx, accOwner, c.ID, contact.FieldFirstName) {
			require.NoError(t, err)
			out = append(out, h.New)
		}
		slices.Sort(out)
		return out
	}
	for range 2 {
		run := accImport(t, svc, data, "FR", nil, nil)
		require.NoError(t, run.err)
		require.Equal(t, 2, run.res.Updated, run.outcomes())
		require.Equal(t, c.ID, run.row(t, 2).Contact)
		require.Equal(t, c.ID, run.row(t, 3).Contact)
		got, err := svc.GetContact(ctx, accOwner, c.ID)
		require.NoError(t, err)
		require.Equal(t, "Bob", got.FirstName, "the later row wins")
	}
	require.Equal(t, []string{"Ann", "Ann", "Bob", "Bob"}, names(), "each import writes the contact twice")
}

// A row that would block its contact and fails on an address another
// contact holds blocks nothing: it stopped the contact's enrollments and
// announced ContactBlocked for a contact it left active.
func TestReview19ImportFailedUpdateBlocksNothing(t *testing.T) {
	ctx := context.Background()
	var blocked int
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
		if _, ok := e.(contactkit.ContactBlocked); ok {
			blocked++
		}
	}}})
	a, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("A"), Phone: new("+33612345701")}})
	require.NoError(t, err)
	_, err = svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("B"), Email: new("b@example.com"), Phone: new("+33612345702")}})
	require.NoError(t, err)
	au, err := svc.CreateAutomation(ctx, accOwner, automation.Automation{Name: "W", Steps: []automation.Step{{Name: "s"}}, Active: true})
	require.NoError(t, err)
	_, err = svc.Enroll(ctx, accOwner, au.ID, a.ID, "")
	require.NoError(t, err)

	run := accImport(t, svc, []byte("Email,Phone,Mobile Phone,Blocked\nnew@example.com,06 12 34 57 01,06 12 34 57 02,yes\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, contactkit.ImportFailed, run.row(t, 2).Outcome, run.outcomes())
	got, err := svc.GetContact(ctx, accOwner, a.ID)
	require.NoError(t, err)
	require.Equal(t, contact.StatusActive, got.Status)
	require.Zero(t, blocked, "ContactBlocked for a contact the failed row left active")
	for e, err := range svc.Enrollments(ctx, accOwner, contactkit.EnrollmentQuery{Contact: a.ID}) {
		require.NoError(t, err)
		require.True(t, e.Active(), "an enrollment of a contact the failed row left active: %+v", e)
	}
}
