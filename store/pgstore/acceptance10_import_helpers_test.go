package pgstore_test

// Acceptance (tenth round): issue 13's import and export through pgstore,
// differentially against memstore. The same Service code, the same IDs
// and clock, the same files: every row's outcome, the counts, the failed
// rows, the contacts, the consent ledger and the memberships must agree.
//
//	CONTACTKIT_POSTGRES_URL=... go test -run TestAcc10 -v .

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

var acc10Actor = contactkit.Actor{Workspace: "acc10", User: "owner", Role: contactkit.RoleOwner}

type acc10Side struct {
	name string
	svc  *contactkit.Service
	list list.ID
}

// acc10Sides returns a Service on memstore and one on a fresh pgstore
// schema, with the same IDs and clock, the fixture's two custom fields and
// one list each.
func acc10Sides(t *testing.T) []*acc10Side {
	t.Helper()
	return []*acc10Side{acc10SideOn(t, "memstore", memstore.New()), acc10SideOn(t, "pgstore", pgstore.New(pgstore.NewTestPool(t), nil))}
}

// acc10Run is what one import gave.
type acc10Run struct {
	res    contactkit.ImportResult
	err    string
	rows   []string // each row's outcome
	prog   []string // each Progress call
	ids    []contact.ID
	failed string
}

func (r *acc10Run) String() string {
	return fmt.Sprintf("err=%s\nres=%+v\nrows:\n%s\nfailed:\n%s", r.err, r.res, strings.Join(r.rows, "\n"), r.failed)
}

// acc10Import imports data into side with opts (OnRow and Failed set
// here), with the mapping importer.Suggest makes (adjusted by adjust).
func acc10Import(t *testing.T, s *acc10Side, data []byte, opts contactkit.ImportOptions, adjust func(*importer.Mapping)) *acc10Run {
	t.Helper()
	ctx := context.Background()
	r, err := importer.Open(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatalf("%s: open: %v", s.name, err)
	}
	sample, r, err := importer.Sample(r, 100)
	if err != nil {
		t.Fatalf("%s: sample: %v", s.name, err)
	}
	defs, err := s.svc.Fields(ctx, acc10Actor)
	if err != nil {
		t.Fatal(err)
	}
	m := importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR"})
	if adjust != nil {
		adjust(&m)
	}
	run := &acc10Run{}
	var failed bytes.Buffer
	opts.Failed = &failed
	opts.OnRow = func(x contactkit.ImportRow) {
		e := ""
		if x.Err != nil {
			e = x.Err.Error()
		}
		run.ids = append(run.ids, x.Contact)
		run.rows = append(run.rows, fmt.Sprintf("line %d %s skip=%q dupOf=%d err=%q", x.Line, x.Outcome, x.Skip, x.DuplicateOf, e))
	}
	if opts.Progress == nil {
		opts.Progress = func(p contactkit.ImportProgress) { run.prog = append(run.prog, fmt.Sprintf("%+v", p)) }
	}
	if opts.Lists != nil {
		opts.Lists = []list.ID{s.list}
	}
	res, err := s.svc.Import(ctx, acc10Actor, r, m, &opts)
	run.res = res
	if err != nil {
		run.err = err.Error()
	}
	if res.Rows != res.Created+res.Updated+res.Suppressed+res.Skipped+res.Failed {
		t.Errorf("%s: counts do not add up: %+v", s.name, res)
	}
	if len(run.rows) != res.Rows {
		t.Errorf("%s: %d rows reported, %d in the result", s.name, len(run.rows), res.Rows)
	}
	run.failed = failed.String()
	return run
}

// contactKey names a contact by its addresses, for comparing across
// stores and runs.
func acc10Key(c contact.Contact) string {
	parts := []string{c.Email.String(), c.Phone.String()}
	for _, e := range c.OtherEmails {
		parts = append(parts, e.Email.String())
	}
	for _, p := range c.OtherPhones {
		parts = append(parts, p.Phone.String())
	}
	return strings.Join(parts, "|")
}

// acc10State is everything the import may have written, without IDs and
// times: the contacts by key, the consent of each of their addresses and of
// extra addresses, the memberships of the list.
func acc10State(t *testing.T, s *acc10Side, extra []string) []string {
	t.Helper()
	ctx := context.Background()
	byID := map[contact.ID]string{}
	var out []string
	var addrs []string
	for c, err := range s.svc.Contacts(ctx, acc10Actor, contactkit.ContactQuery{}) {
		if err != nil {
			t.Fatalf("%s: contacts: %v", s.name, err)
		}
		k := acc10Key(c)
		byID[c.ID] = k
		c.ID, c.CreatedAt, c.UpdatedAt = contact.ID{}, time.Time{}, time.Time{}
		for i := range c.Channels {
			c.Channels[i].ConnectedAt = time.Time{}
		}
		b, _ := json.Marshal(c)
		out = append(out, "contact "+k+" "+string(b))
		if !c.Email.IsZero() {
			addrs = append(addrs, "email:"+c.Email.String())
		}
		for _, e := range c.OtherEmails {
			addrs = append(addrs, "email:"+e.Email.String())
		}
		ps := []contact.Phone{c.Phone}
		for _, p := range c.OtherPhones {
			ps = append(ps, p.Phone)
		}
		for _, p := range ps {
			if !p.IsZero() {
				addrs = append(addrs, "sms:"+p.String(), "whatsapp:"+p.String())
			}
		}
	}
	addrs = append(addrs, extra...)
	slices.Sort(addrs)
	for _, a := range slices.Compact(addrs) {
		chn, raw, _ := strings.Cut(a, ":")
		cs, err := s.svc.AddressConsent(ctx, acc10Actor, list.Channel(chn), raw)
		e := ""
		if err != nil {
			e = "error"
		}
		out = append(out, fmt.Sprintf("consent %s %s default=%v reason=%q %s", a, cs.Status, cs.Default, cs.Changed.Reason, e))
	}
	for m, err := range s.svc.Memberships(ctx, acc10Actor, contactkit.MembershipQuery{List: s.list}) {
		if err != nil {
			t.Fatalf("%s: memberships: %v", s.name, err)
		}
		out = append(out, fmt.Sprintf("member %s %s", byID[m.Contact], m.Status))
	}
	sort.Strings(out)
	return out
}

// acc10Diff reports the first difference of two lists of lines.
func acc10Diff(t *testing.T, what string, mem, pg []string) bool {
	t.Helper()
	for i := range max(len(mem), len(pg)) {
		var m, p string
		if i < len(mem) {
			m = mem[i]
		}
		if i < len(pg) {
			p = pg[i]
		}
		if m != p {
			t.Errorf("%s: line %d differs (of %d/%d):\nmemstore: %s\npgstore:  %s", what, i, len(mem), len(pg), m, p)
			return true
		}
	}
	return false
}

// acc10Compare imports data on both sides with opts and compares every
// outcome and the state after.
func acc10Compare(t *testing.T, sides []*acc10Side, label string, data []byte, opts contactkit.ImportOptions, extra []string) []*acc10Run {
	t.Helper()
	var runs []*acc10Run
	for _, s := range sides {
		runs = append(runs, acc10Import(t, s, data, opts, nil))
	}
	m, p := runs[0], runs[1]
	if m.err != p.err {
		t.Errorf("%s: error: memstore %q, pgstore %q", label, m.err, p.err)
	}
	if m.res != p.res {
		t.Errorf("%s: result:\nmemstore %+v\npgstore  %+v", label, m.res, p.res)
	}
	// Contact IDs: both sides draw the same IDs, so they compare as they are.
	for i := range min(len(m.ids), len(p.ids)) {
		if m.ids[i] != p.ids[i] && !acc10IgnoreIDs {
			t.Errorf("%s: row %d: contact %s vs %s", label, i, m.ids[i], p.ids[i])
			break
		}
	}
	acc10Diff(t, label+": rows", m.rows, p.rows)
	acc10Diff(t, label+": progress", m.prog, p.prog)
	acc10Diff(t, label+": failed CSV", strings.Split(m.failed, "\n"), strings.Split(p.failed, "\n"))
	acc10Diff(t, label+": state", acc10State(t, sides[0], extra), acc10State(t, sides[1], extra))
	return runs
}

// acc10File is a realistic CSV: the fixture's rows (mixed regions, national
// and international phones, 3 % duplicates, 5 % bad) with, added, a second
// email cell that sometimes lists several, an office phone shared by
// several rows, consent and opt-out columns, a blocked column.
func acc10File(seed uint64, n int) ([]byte, []string) {
	g := fixture.New(seed, "FR")
	rng := rand.New(rand.NewPCG(seed, 3))
	var b bytes.Buffer
	w := importer.NewWriter(&b, nil)
	header := append(slices.Clone(fixture.ImportHeader), "Other Email", "Office Phone", "Email Consent", "SMS Opt Out", "Blocked")
	_ = w.WriteHeader(header)
	var extra []string
	row := make([]string, 0, len(header))
	offices := []string{"01 44 55 66 77", "+33 1 44 55 66 78", "020 7946 0000"}
	for i := range n {
		row, _, _ = g.ImportRow(i, row)
		other, office, consent, optout, blocked := "", "", "", "", ""
		switch rng.IntN(10) {
		case 0:
			other = fmt.Sprintf("alt%d@example.org; work%d@example.net", i, i)
		case 1:
			other = fmt.Sprintf("alt%d@example.org", i)
		}
		if rng.IntN(8) == 0 {
			office = offices[rng.IntN(len(offices))]
		}
		switch rng.IntN(6) {
		case 0:
			consent = "subscribed"
		case 1:
			consent = "unsubscribed"
		}
		if rng.IntN(12) == 0 {
			optout = "yes"
		}
		if rng.IntN(25) == 0 {
			blocked = "yes"
		}
		row = append(row, other, office, consent, optout, blocked)
		_ = w.Write(row)
		if other != "" {
			for _, e := range strings.Split(other, "; ") {
				extra = append(extra, "email:"+e)
			}
		}
	}
	_ = w.Flush()
	return b.Bytes(), extra
}

// acc10SideOn returns a side named name on st: a Service with the IDs and
// clock of every side, the fixture's two custom fields and one list.
func acc10SideOn(t *testing.T, name string, st store.Store) *acc10Side {
	t.Helper()
	idr := rand.New(rand.NewPCG(10, 10))
	clock := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	svc := contactkit.New(st, &contactkit.Options{
		DefaultRegion: "FR",
		Now:           func() time.Time { clock = clock.Add(time.Millisecond); return clock },
		NewID:         func() (uuid.UUID, error) { return randomV4(idr), nil },
	})
	ctx := context.Background()
	if err := fixture.DefineFields(ctx, svc, acc10Actor); err != nil {
		t.Fatalf("define fields: %v", err)
	}
	l, err := svc.CreateList(ctx, acc10Actor, list.List{Name: "Newsletter"})
	if err != nil {
		t.Fatalf("create list: %v", err)
	}
	return &acc10Side{name: name, svc: svc, list: l.ID}
}

// acc10Open opens data with the suggested mapping.
func acc10Open(t *testing.T, s *acc10Side, data []byte) (importer.Reader, importer.Mapping) {
	t.Helper()
	r, err := importer.Open(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	sample, r, err := importer.Sample(r, 100)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := s.svc.Fields(context.Background(), acc10Actor)
	if err != nil {
		t.Fatal(err)
	}
	return r, importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR"})
}

// acc10IgnoreIDs, set by a test whose pgstore side retries transactions
// (which draw new IDs on each attempt), compares rows without their IDs.
var acc10IgnoreIDs = false
