package pgstore_test

// Acceptance (round 13): model-based, differential testing of the whole
// Service, memstore against PostgreSQL.
//
// DESIGN.md §3: "No domain rule in an adapter", "Adapters store canonical
// values and compare them byte for byte", and every Store passes the same
// conformance suite. So the same seeded sequence of Service calls, with the
// same clock and the same ID generator (Options.Now, Options.NewID: the
// Service's own deterministic options, so no ID needs normalising), must
// give the same answers on memstore (the reference) and on pgstore: the
// same values (compared as JSON), the same errors (compared by their tree:
// every sentinel and typed error in the chain, with the typed errors'
// exported fields; only the plain wrappers fmt.Errorf and errors.Join add
// are left out, since their text names the layer), and the same reads after
// every call (the contact, its history, feed, timeline, consent,
// memberships and enrollments), plus the whole workspace every few calls
// (listings, searches, tags, lists, the consent ledger, automations, fields,
// duplicates, an export).
//
// The walk covers creation and update with standard and custom fields of
// every type, labelled emails and phones, tags, lists and membership,
// consent by contact and by address, notes, tasks, calls, the activity
// trash, automations and enrollments, block, channels, soft delete,
// restore, purge and erasure, merge and unmerge, search, capture, a small
// CSV import and the CSV export.
//
//	CONTACTKIT_POSTGRES_URL=... go test -p 1 -run Acceptance13 -v .
//	ACC13_SEEDS (default 6), ACC13_STEPS (default 300), ACC13_SEED0 (1)

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/tag"
)

// TestAcceptance13Parity runs the walk of several seeds.
func TestAcceptance13Parity(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	seeds, steps, seed0 := envSeeds("ACC13_SEEDS", 6, 3), envInt("ACC13_STEPS", 300), envInt("ACC13_SEED0", 1)
	for seed := uint64(seed0); seed < uint64(seed0+seeds); seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ws := contact.WorkspaceID(fmt.Sprintf("acc13-%d", seed))
			// Even seeds keep an outbox on both stores: the events each call
			// writes in its transaction are compared too.
			outbox := seed%2 == 0
			stores := []store.Store{memstore.NewWith(&memstore.Options{Outbox: outbox}), pgstore.New(pool, &pgstore.Options{Outbox: outbox})}
			w := newAcc13Walk(t, seed, ws, stores, outbox)
			w.run(steps)
		})
	}
}

type acc13Side struct {
	name     string
	svc      *contactkit.Service
	svc2     *contactkit.Service // another Service on the same store
	events   []string            // delivered to the subscriber during the current call
	cascades []string            // the host's cascade handlers called during the current call
	relay    *contactkit.Relay   // nil without an outbox
	after    int64               // the relay's cursor
}

type acc13Walk struct {
	t     *testing.T
	seed  uint64
	rng   *rand.Rand
	a     contactkit.Actor
	agent contactkit.Actor
	other contactkit.Actor // another workspace (rule P1)
	sides []*acc13Side
	base  time.Time
	clock atomic.Int64 // nanoseconds since base
	zone  *time.Location
	nanos bool
	step  int
	trace []string

	ids     []contact.ID
	lists   []list.ID
	autos   []automation.ID
	acts    []activity.ID
	enrolls []automation.EnrollmentID
	merges  []merge.ID
	ops     map[string]int
}

func newAcc13Walk(t *testing.T, seed uint64, ws contact.WorkspaceID, stores []store.Store, outbox bool) *acc13Walk {
	w := &acc13Walk{
		t: t, seed: seed, rng: rand.New(rand.NewPCG(seed, 13)),
		a:     contactkit.Actor{Workspace: ws, User: "owner", Role: contactkit.RoleOwner},
		agent: contactkit.Actor{Workspace: ws, User: "agent-7", Role: contactkit.RoleAgent, Source: contact.ChangeUI},
		other: contactkit.Actor{Workspace: ws + "-other", User: "owner", Role: contactkit.RoleOwner},
		ops:   map[string]int{},
	}
	// Seeds alternate whole microseconds and nanoseconds, and zones.
	w.nanos = seed%2 == 0
	w.zone = []*time.Location{time.UTC, time.FixedZone("X", -3*3600-30*60), time.FixedZone("Y", 9*3600)}[seed%3]
	// The clock starts in 2026, or for one seed in four just before the
	// epoch (negative Unix times), or in 1601 (before the nanoseconds of an
	// int64), or close to the end of them (2262).
	w.base = []time.Time{time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), time.Date(1969, 12, 31, 23, 59, 58, 0, time.UTC),
		time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2262, 4, 1, 0, 0, 0, 0, time.UTC)}[seed/2%4]
	names := []string{"memstore", "pgstore"}
	for i, s := range stores {
		idr := rand.New(rand.NewPCG(seed, 4242))
		side := &acc13Side{name: names[i]}
		opts := &contactkit.Options{
			Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
				side.events = append(side.events, fmt.Sprintf("%T%s", e, jsonish(e)))
			}},
			DefaultRegion: "FR",
			Now:           w.now,
			NewID:         func() (uuid.UUID, error) { return randomV4(idr), nil },
			AssociationTypes: []association.Type{
				{Name: "deal", Labels: []string{"buyer", "seller"}},
			},
		}
		// A host's dependent records: handlers that record their calls, and
		// refuse (rolling the whole call back) for one contact in 16.
		cascade := func(op string) func(context.Context, store.Tx, contactkit.CascadeEvent) error {
			return func(_ context.Context, _ store.Tx, e contactkit.CascadeEvent) error {
				side.cascades = append(side.cascades, fmt.Sprintf("%s %s", op, jsonish(e)))
				if e.Contact[0] < 0x10 {
					return fmt.Errorf("host refuses to %s %s", op, e.Contact)
				}
				return nil
			}
		}
		opts.Cascades = []contactkit.Cascade{{Kind: "conversation", Delete: cascade("delete"), Restore: cascade("restore"),
			Purge: cascade("purge"), Merge: cascade("merge"), Unmerge: cascade("unmerge")}}
		// Every third seed runs under other policies: opt-in consent, a
		// required phone, no restore window for contacts, ASCII emails only,
		// short names and few tags a contact.
		if seed%3 == 2 {
			zero := time.Duration(0)
			opts.Consent = list.Policy{DefaultConsent: list.ConsentUnsubscribed}
			opts.RequiredFields = func(contact.WorkspaceID) []string { return []string{contact.FieldPhone} }
			opts.RestoreWindow = &zero
			opts.EmailPolicy = contact.EmailASCII
			opts.Limits = contact.Limits{Name: 8, Reason: 10, Tags: tag.Limits{PerContact: 3}}
		}
		// Two Services on one store, as two processes of a host: what one
		// keeps between calls (the field definitions, the duplicates'
		// index) must follow what the other writes.
		side.svc, side.svc2 = contactkit.New(s, opts), contactkit.New(s, opts)
		if outbox {
			r, err := contactkit.NewRelay(s)
			if err != nil {
				t.Fatal(err)
			}
			side.relay = r
			// Start after the events of the seeds before, which share the
			// database: a call's events are all read, whatever workspace
			// (the other one of rule P1 too).
			for {
				b, err := r.Read(context.Background(), store.OutboxQuery{After: side.after, Limit: store.MaxLimit})
				if err != nil {
					t.Fatal(err)
				}
				if b.Next > side.after {
					side.after = b.Next
				}
				if len(b.Deliveries) < store.MaxLimit {
					break
				}
			}
		}
		w.sides = append(w.sides, side)
	}
	ctx := context.Background()
	for _, d := range acc13Definitions() {
		w.call(fmt.Sprintf("create field %s", d.Key), func(s *acc13Side) (any, error) { return s.svc.CreateField(ctx, w.a, d) })
	}
	for i, l := range []list.List{
		{Name: "News"}, {Name: "Offres spéciales", DoubleOptIn: true}, {Name: "SMS alerts", Channel: list.ChannelSMS},
	} {
		l.ID = list.ID(randomV4(w.rng))
		if i == 0 {
			l.Description = "Monthly news"
		}
		if v := w.call(fmt.Sprintf("create list %+v", l), func(s *acc13Side) (any, error) { return s.svc.CreateList(ctx, w.a, l) }); v != nil {
			w.lists = append(w.lists, v.(list.List).ID)
		}
	}
	for _, au := range []automation.Automation{
		{Name: "Welcome", Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}},
		{Name: "VIP", Reentry: automation.ReentryAllow, Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("VIP"))}},
		{Name: "Manual", Triggers: []automation.Trigger{automation.On(automation.TriggerManual)}},
	} {
		au.ID, au.Active = automation.ID(randomV4(w.rng)), true
		au.Steps = []automation.Step{{Name: "email"}, {Name: "wait"}, {Name: "call"}}
		if v := w.call(fmt.Sprintf("create-automation %s", au.Name), func(s *acc13Side) (any, error) { return s.svc.CreateAutomation(ctx, w.a, au) }); v != nil {
			w.autos = append(w.autos, v.(automation.Automation).ID)
		}
	}
	return w
}

func (w *acc13Walk) now() time.Time {
	return w.base.Add(time.Duration(w.clock.Load())).In(w.zone)
}

func acc13Definitions() []field.Definition {
	d := func(key, label string, typ field.Type, opts ...string) field.Definition {
		def := field.Definition{Key: field.MustParseKey(key), Label: label, Type: typ, Group: "Acc13"}
		for _, o := range opts {
			def.Options = append(def.Options, field.Option{Value: o})
		}
		return def
	}
	return []field.Definition{
		d("f_text", "Text", field.TypeText),
		d("f_area", "Notes", field.TypeTextarea),
		d("f_num", "Score", field.TypeNumber),
		d("f_money", "Budget", field.TypeMonetary),
		d("f_date", "Renewal", field.TypeDate),
		d("f_dt", "Last seen", field.TypeDatetime),
		d("f_check", "Partner", field.TypeCheckbox),
		d("f_sel", "Plan", field.TypeSelect, "Free", "Pro", "Business"),
		d("f_multi", "Interests", field.TypeMultiselect, "Golf", "Vélo", "Ski", "Voile"),
		d("f_phone", "Assistant phone", field.TypePhone),
		d("f_email", "Billing email", field.TypeEmail),
		d("f_url", "Website", field.TypeURL),
	}
}

// ---- comparing answers ----

// acc13ErrTree describes err by every error of its tree but the plain
// wrappers of fmt.Errorf and errors.Join (whose text names the layer that
// wrapped): each by its type, a sentinel by its text, a typed error by its
// exported fields as JSON.
func acc13ErrTree(err error) string {
	var parts []string
	var walk func(e error, depth int)
	walk = func(e error, depth int) {
		if e == nil || depth > 20 {
			return
		}
		typ := fmt.Sprintf("%T", e)
		switch typ {
		case "*fmt.wrapError", "*fmt.wrapErrors", "*errors.joinError":
		case "*errors.errorString":
			parts = append(parts, e.Error())
		default:
			desc := typ
			if b, jerr := json.Marshal(e); jerr == nil && string(b) != "{}" {
				desc += string(b)
			}
			parts = append(parts, desc)
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), depth+1)
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x, depth+1)
			}
		}
	}
	walk(err, 0)
	return "error: " + describeErr(err) + " | " + strings.Join(parts, " / ")
}

func acc13Render(v any, err error) string {
	if err != nil {
		return acc13ErrTree(err)
	}
	if rv := reflect.ValueOf(v); v == nil || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return "ok"
	}
	b, jerr := json.Marshal(v)
	if jerr != nil {
		return "unmarshalable: " + jerr.Error()
	}
	return string(b)
}

// call runs f on every side, compares the answers, and returns the value
// of memstore's side (nil after an error).
func (w *acc13Walk) call(desc string, f func(s *acc13Side) (any, error)) any {
	w.t.Helper()
	var first any
	var answers []string
	for i, s := range w.sides {
		s.events, s.cascades = nil, nil
		v, err := f(s)
		if i == 0 && err == nil {
			first = v
		}
		answer := acc13Render(v, err)
		if len(s.events) > 0 {
			answer += "\nevents: " + strings.Join(s.events, "\n")
		}
		if len(s.cascades) > 0 {
			answer += "\ncascades: " + strings.Join(s.cascades, "\n")
		}
		if s.relay != nil {
			answer += w.outbox(s)
		}
		answers = append(answers, answer)
	}
	w.trace = append(w.trace, fmt.Sprintf("step %d: %s -> %s", w.step, desc, trunc(answers[0], 240)))
	if len(w.trace) > 30 {
		w.trace = w.trace[1:]
	}
	if !strings.HasPrefix(answers[0], "error") {
		w.ops[strings.Fields(desc)[0]]++
	}
	if strings.HasPrefix(answers[0], "unmarshalable") {
		w.t.Fatalf("seed %d step %d: %s: %s", w.seed, w.step, desc, answers[0])
	}
	if m, p := answers[0], answers[1]; m != p {
		d := 0
		for d < min(len(m), len(p)) && m[d] == p[d] {
			d++
		}
		from := max(0, d-300)
		w.t.Fatalf("DIFFERENCE seed %d step %d\ncall: %s\nfirst difference at byte %d\nmemstore: …%s\npgstore:  …%s\n\nwhole memstore answer: %s\nwhole pgstore answer: %s\n\nrecent calls:\n%s",
			w.seed, w.step, desc, d, m[from:min(len(m), d+300)], p[from:min(len(p), d+300)],
			trunc(m, 5000), trunc(p, 5000), strings.Join(w.trace, "\n"))
	}
	return first
}

// outbox reads the events the call wrote in the outbox,
// by their IDs and contents: positions are the store's own numbering (a
// PostgreSQL sequence shared by every workspace), so they are left out.
func (w *acc13Walk) outbox(s *acc13Side) string {
	var out, events []string
	defer func() {
		// Rule H4: the outbox holds the events of the call, those the
		// subscribers received.
		if strings.Join(events, "\n") != strings.Join(s.events, "\n") {
			w.t.Fatalf("seed %d step %d: %s: the outbox holds other events than the subscribers received:\noutbox:\n%s\nsubscribers:\n%s\nrecent calls:\n%s",
				w.seed, w.step, s.name, strings.Join(events, "\n"), strings.Join(s.events, "\n"), strings.Join(w.trace, "\n"))
		}
	}()
	for {
		b, err := s.relay.Read(context.Background(), store.OutboxQuery{After: s.after, Limit: 50})
		if err != nil {
			events = s.events // reported as the answer
			return "\noutbox: " + acc13ErrTree(err)
		}
		for _, d := range b.Deliveries {
			out = append(out, fmt.Sprintf("%s %T%s", d.ID, d.Event, jsonish(d.Event)))
			events = append(events, fmt.Sprintf("%T%s", d.Event, jsonish(d.Event)))
		}
		if b.Next > s.after {
			s.after = b.Next
		}
		if len(b.Deliveries) < 50 {
			break
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "\noutbox: " + strings.Join(out, "\n")
}

// ---- inputs ----

var (
	acc13Locals  = []string{"ada", "bob", "chloé", "dan", "eve.x", "info"}
	acc13Domains = []string{"example.com", "Example.ORG", "mail.fr"}
	acc13Mobiles = []string{"612345671", "612345672", "612345673", "612345674", "712345675", "612345676"}
	acc13First   = []string{"Ada", "Hélène", "Bob", "Zoë", "Jean-Pierre", "Łukasz", "  Søren ", "小明"}
	acc13Last    = []string{"Lovelace", "Dupré", "O'Brien", "Müller", "Nguyễn", ""}
	acc13Labels  = []string{"", "home", "work", "mobile", "WhatsApp", "other", "Perso", "", "work", "mobile", "home", "other", "bad\u0007label"}
	acc13Tags    = []string{"VIP", "vip", "newsletter", "Été 2026", "Kunde", "a_b", "prospect, lead", "  hot\tcold "}
	acc13Cities  = []string{"Paris", "Lyon", "Montréal", ""}
)

// acc13Weird are inputs at the edges: NUL bytes, invalid UTF-8, invisible
// and bidirectional characters, SQL and LIKE metacharacters, long text.
var acc13Weird = []string{"a\x00b", "\x00", "\xff\xfe", "ok\xed\xa0\x80", "\u200b", "x\u202ey", "   ", "\t\n",
	"%_\\", "'; DROP TABLE contacts; --", "\U0001F600", "ａｂｃ", strings.Repeat("x", 300), strings.Repeat("é", 256),
	strings.Repeat("ab ", 30), "Ünïcødé\r\n", "\x7f", "e\u0301"}

// acc13WeirdOdds: one input in so many is weird (ACC13_WEIRD).
var acc13WeirdOdds = envInt("ACC13_WEIRD", 40)

// pickS picks one of xs, or now and then a weird input.
func (w *acc13Walk) pickS(xs []string) string {
	if w.rng.IntN(acc13WeirdOdds) == 0 {
		return acc13Weird[w.rng.IntN(len(acc13Weird))]
	}
	return xs[w.rng.IntN(len(xs))]
}
func (w *acc13Walk) chance(n int) bool { return w.rng.IntN(n) == 0 }

func (w *acc13Walk) email() string {
	e := w.pickS(acc13Locals) + "@" + w.pickS(acc13Domains)
	switch w.rng.IntN(10) {
	case 0:
		return strings.ToUpper(e)
	case 1:
		return "Someone <" + e + ">"
	case 2:
		return "mailto:" + e
	case 3:
		return " " + e + " "
	case 4:
		if w.chance(5) {
			return "not-an-email"
		}
	}
	return e
}

func (w *acc13Walk) phone() string {
	n := acc13Mobiles[w.rng.IntN(len(acc13Mobiles))]
	switch w.rng.IntN(9) {
	case 0:
		return "+33 " + n[:1] + " " + n[1:3] + " " + n[3:5] + " " + n[5:7] + " " + n[7:]
	case 1:
		return "0033" + n
	case 2:
		return n
	case 3:
		return "+44 7700 900" + n[6:]
	case 4:
		if w.chance(4) {
			return "06-12-ab"
		}
	}
	return "0" + n[:1] + " " + n[1:3] + " " + n[3:5] + " " + n[5:7] + " " + n[7:]
}

func (w *acc13Walk) tags() []string {
	var out []string
	for range 1 + w.rng.IntN(2) {
		out = append(out, w.pickS(acc13Tags))
	}
	return out
}

func (w *acc13Walk) others(gen func() string) *[]contact.LabeledInput {
	var out []contact.LabeledInput
	for range w.rng.IntN(3) {
		out = append(out, contact.LabeledInput{Value: gen(), Label: w.pickS(acc13Labels)})
	}
	return &out
}

// fieldValue gives a value for a custom field of the walk, valid most of
// the time.
func (w *acc13Walk) fieldValue(key string) string {
	bad := w.chance(25)
	switch key {
	case "f_text":
		return w.pickS([]string{"hello", "  Spaced  out ", "Ünïcødé", ""})
	case "f_area":
		return w.pickS([]string{"line 1\nline 2", "x", ""})
	case "f_num":
		if bad {
			return "12abc"
		}
		return w.pickS([]string{"42", "-3.50", "1e3", "0", "1 000,5", ""})
	case "f_money":
		if bad {
			return "€€"
		}
		return w.pickS([]string{"19.99", "1000", "0.5", "-2", ""})
	case "f_date":
		if bad {
			return "2026-02-30"
		}
		return w.pickS([]string{"2026-05-01", "1999-12-31", "", "0001-01-01", "9999-12-31", "1969-12-31"})
	case "f_dt":
		if bad {
			return "yesterday"
		}
		return w.pickS([]string{"2026-05-01T10:30:00Z", "2026-05-01T10:30:00.123456789+02:00", "", "0001-01-01T00:00:00Z",
			"9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.999999999-01:00", "2262-04-11T23:47:16.854775808Z", "1677-09-21T00:12:43.145224191Z"})
	case "f_check":
		if bad {
			return "maybe"
		}
		return w.pickS([]string{"true", "false", "yes", "0", ""})
	case "f_sel":
		if bad {
			return "Gold"
		}
		return w.pickS([]string{"Free", "pro", "Business", ""})
	case "f_multi":
		if bad {
			return "Golf, Tennis"
		}
		return w.pickS([]string{"Golf", "Vélo, Ski", "ski;voile", ""})
	case "f_phone":
		return w.phone()
	case "f_email":
		return w.email()
	case "f_url":
		if bad {
			return "ftp://example.com"
		}
		return w.pickS([]string{"https://example.com/a", "http://exemple.fr", "example.org", ""})
	case "f_unknown":
		return "x"
	}
	return ""
}

func (w *acc13Walk) fields() map[string]string {
	keys := []string{"f_text", "f_area", "f_num", "f_money", "f_date", "f_dt", "f_check", "f_sel", "f_multi", "f_phone", "f_email", "f_url"}
	m := map[string]string{}
	for range 1 + w.rng.IntN(4) {
		k := keys[w.rng.IntN(len(keys))]
		m[k] = w.fieldValue(k)
	}
	if w.chance(15) {
		m["f_unknown"] = "x"
	}
	return m
}

func (w *acc13Walk) patch(create bool) contact.Patch {
	var p contact.Patch
	n := 1 + w.rng.IntN(4)
	if create {
		n += 2
		p.FirstName = new(w.pickS(acc13First))
	}
	for range n {
		switch w.rng.IntN(17) {
		case 0:
			p.FirstName = new(w.pickS(acc13First))
		case 1:
			p.LastName = new(w.pickS(acc13Last))
		case 2:
			p.Alias = new(w.pickS([]string{"Zézé", "", "Bob"}))
		case 3:
			p.Email = new(w.pickS([]string{w.email(), w.email(), ""}))
			if w.chance(2) {
				p.EmailLabel = new(w.pickS(acc13Labels))
			}
		case 4:
			p.Phone = new(w.pickS([]string{w.phone(), w.phone(), ""}))
			if w.chance(2) {
				p.PhoneLabel = new(w.pickS(acc13Labels))
			}
		case 5:
			p.OtherEmails = w.others(w.email)
		case 6:
			p.OtherPhones = w.others(w.phone)
		case 7:
			p.Country = new(w.pickS([]string{"FR", "gb", "CA", "", "XX"}))
		case 8:
			p.Language = new(w.pickS([]string{"fr", "en-GB", "pt_BR", "", "zz-not"}))
		case 9:
			p.BirthDate = new(w.pickS([]string{"1990-05-04", "", "1990-13-01", "0001-01-01", "1900-02-28", "2262-04-12"}))
		case 10:
			p.City = new(w.pickS(acc13Cities))
		case 11:
			p.State = new(w.pickS([]string{"Île-de-France", "QC", ""}))
		case 12:
			p.Company = new(w.pickS([]string{"ACME", "Cœur SA", ""}))
		case 13:
			p.JobTitle = new(w.pickS([]string{"CTO", "Directrice générale", ""}))
		case 14:
			p.Assignee = new(contact.UserID(w.pickS([]string{"u1", "u2", ""})))
		case 15, 16:
			p.Fields = w.fields()
		}
	}
	return p
}

// pick returns a contact of the walk, most often a live one, now and then
// an unknown one.
func (w *acc13Walk) pick() contact.ID {
	if len(w.ids) == 0 || w.chance(25) {
		return contact.ID(randomV4(w.rng))
	}
	id := w.ids[w.rng.IntN(len(w.ids))]
	for range 3 {
		if w.chance(5) {
			break
		}
		if _, err := w.sides[0].svc.GetContact(context.Background(), w.a, id); err == nil {
			break
		}
		id = w.ids[w.rng.IntN(len(w.ids))]
	}
	return id
}

// pickID returns one of ids, or one in twenty times (always when there
// is none) an ID nothing has.
func pickID[T ~[16]byte](w *acc13Walk, ids []T) T {
	if len(ids) == 0 || w.chance(20) {
		return T(randomV4(w.rng))
	}
	return ids[w.rng.IntN(len(ids))]
}

func (w *acc13Walk) pickList() list.ID                   { return pickID(w, w.lists) }
func (w *acc13Walk) pickAuto() automation.ID             { return pickID(w, w.autos) }
func (w *acc13Walk) pickAct() activity.ID                { return pickID(w, w.acts) }
func (w *acc13Walk) pickEnroll() automation.EnrollmentID { return pickID(w, w.enrolls) }

func (w *acc13Walk) channel() list.Channel {
	return []list.Channel{list.ChannelEmail, list.ChannelSMS, list.ChannelWhatsApp}[w.rng.IntN(3)]
}

func (w *acc13Walk) actor() contactkit.Actor {
	switch w.rng.IntN(20) {
	case 0, 1:
		return w.agent
	case 2:
		return w.other
	case 3:
		if w.chance(3) { // an actor no store can hold, or none at all
			a := w.a
			switch w.rng.IntN(4) {
			case 0:
				a.Workspace += "\x00"
			case 1:
				a.Workspace += "\xff"
			case 2:
				a.User = "u\x00"
			case 3:
				a.User = contact.UserID(acc13Weird[w.rng.IntN(len(acc13Weird))])
			}
			return a
		}
	}
	return w.a
}

// tick moves the clock: mostly a little, sometimes days, now and then past
// the restore windows.
func (w *acc13Walk) tick() {
	var d time.Duration
	switch r := w.rng.IntN(40); {
	case r == 0:
		d = 61 * 24 * time.Hour
	case r < 3:
		d = time.Duration(1+w.rng.IntN(3)) * 24 * time.Hour
	case r < 10:
		d = 0 // several calls at one instant
	default:
		d = time.Duration(1+w.rng.IntN(5_000_000)) * time.Microsecond
	}
	if w.nanos {
		d += time.Duration(w.rng.IntN(1000))
	}
	w.clock.Add(int64(d))
}

// ---- the walk ----

func (w *acc13Walk) run(steps int) {
	for w.step = 0; w.step < steps; w.step++ {
		w.tick()
		if w.chance(4) { // the next calls go through the other Service
			for _, s := range w.sides {
				s.svc, s.svc2 = s.svc2, s.svc
			}
		}
		touched := w.once()
		for _, id := range touched {
			w.observe(id)
		}
		if w.step%30 == 29 {
			w.whole()
		}
	}
	w.whole()
	w.t.Logf("seed %d: %d contacts, successful calls by kind: %v", w.seed, len(w.ids), w.ops)
}

func (w *acc13Walk) contactInput() contactkit.ContactInput {
	in := contactkit.ContactInput{Patch: w.patch(true)}
	if w.chance(2) {
		in.Email = new(w.email())
	}
	if w.chance(2) {
		in.Phone = new(w.phone())
	}
	if w.chance(2) {
		in.Tags = w.tags()
	}
	if w.chance(4) {
		in.Lists = []list.ID{w.pickList()}
	}
	if w.chance(4) {
		in.Consent = map[list.Channel]list.ConsentStatus{w.channel(): []list.ConsentStatus{list.ConsentSubscribed, list.ConsentUnsubscribed}[w.rng.IntN(2)]}
	}
	if w.chance(5) {
		in.Note = "Met at the fair"
	}
	if w.chance(6) {
		in.Source = []contact.Source{contact.SourceManual, contact.SourceForm, contact.SourceInbox, "bogus"}[w.rng.IntN(4)]
	}
	return in
}

// once makes one call of the walk and returns the contacts it touched.
func (w *acc13Walk) once() []contact.ID {
	ctx := context.Background()
	a := w.actor()
	switch op := w.rng.IntN(64); {
	case op == 0 && w.chance(6): // a burst of contacts, so that listings span pages
		var out []contact.ID
		for range 5 + w.rng.IntN(20) {
			in := w.contactInput()
			in.Email, in.Phone, in.OtherEmails, in.OtherPhones = new(fmt.Sprintf("burst.%d@example.net", w.rng.IntN(1_000_000))), nil, nil, nil
			in.Fields = nil
			v := w.call(fmt.Sprintf("create(burst) %s", jsonish(in)), func(s *acc13Side) (any, error) { return s.svc.CreateContact(ctx, a, in) })
			if v != nil {
				w.ids = append(w.ids, v.(contact.Contact).ID)
				out = append(out, v.(contact.Contact).ID)
			}
		}
		return out
	case op < 7: // create
		in := w.contactInput()
		v := w.call(fmt.Sprintf("create %s", jsonish(in)), func(s *acc13Side) (any, error) { return s.svc.CreateContact(ctx, a, in) })
		if v != nil {
			w.ids = append(w.ids, v.(contact.Contact).ID)
			return []contact.ID{v.(contact.Contact).ID}
		}
	case op < 9: // capture
		in := w.contactInput()
		if w.chance(3) {
			in.Form = "contact-us"
		}
		if in.Note != "" && w.chance(2) {
			in.NoteKey = "k1"
		}
		v := w.call(fmt.Sprintf("capture %s", jsonish(in)), func(s *acc13Side) (any, error) { return s.svc.CaptureContact(ctx, a, in) })
		if v != nil {
			r := v.(contactkit.CaptureResult)
			if r.Created {
				w.ids = append(w.ids, r.Contact.ID)
			}
			return []contact.ID{r.Contact.ID}
		}
	case op < 15: // update
		id := w.pick()
		p := w.patch(false)
		if w.chance(6) {
			var cur contact.Contact
			if c, err := w.sides[0].svc.GetContact(ctx, a, id); err == nil {
				cur = c
			}
			p.IfVersion = cur.Version - int64(w.rng.IntN(2))
		}
		w.call(fmt.Sprintf("update %s %s", id, jsonish(p)), func(s *acc13Side) (any, error) { return s.svc.UpdateContact(ctx, a, id, p) })
		return []contact.ID{id}
	case op < 18: // tags
		id, names := w.pick(), w.tags()
		switch w.rng.IntN(6) {
		case 0, 1, 2:
			w.call(fmt.Sprintf("tag %s %q", id, names), func(s *acc13Side) (any, error) { return s.svc.TagContact(ctx, a, id, names...) })
		case 3, 4:
			w.call(fmt.Sprintf("untag %s %q", id, names), func(s *acc13Side) (any, error) { return s.svc.UntagContact(ctx, a, id, names...) })
		case 5:
			n := w.pickS(acc13Tags)
			w.call(fmt.Sprintf("delete-tag %q", n), func(s *acc13Side) (any, error) { return s.svc.DeleteTag(ctx, a, n) })
			return nil
		}
		return []contact.ID{id}
	case op < 22: // lists and membership
		l, id := w.pickList(), w.pick()
		reason := w.pickS([]string{"asked", "", "bounced"})
		switch w.rng.IntN(7) {
		case 6:
			nl := list.List{ID: list.ID(randomV4(w.rng)), Name: w.pickS([]string{"VIP list", "vip LIST", "News"}), Description: w.pickS([]string{"", "d"})}
			if w.chance(2) {
				if v := w.call(fmt.Sprintf("get-list %s", l), func(s *acc13Side) (any, error) { return s.svc.GetList(ctx, a, l) }); v != nil {
					nl = v.(list.List)
					nl.Name, nl.Description = w.pickS([]string{"Renamed", "News"}), w.pickS([]string{"", "d2"})
					w.call(fmt.Sprintf("update-list %+v", nl), func(s *acc13Side) (any, error) { return s.svc.UpdateList(ctx, a, nl) })
				}
				return nil
			}
			if v := w.call(fmt.Sprintf("create-list %+v", nl), func(s *acc13Side) (any, error) { return s.svc.CreateList(ctx, a, nl) }); v != nil {
				w.lists = append(w.lists, v.(list.List).ID)
			}
			return nil
		case 0, 1:
			w.call(fmt.Sprintf("add-to-list %s %s", l, id), func(s *acc13Side) (any, error) { return s.svc.AddToList(ctx, a, l, id) })
		case 2:
			w.call(fmt.Sprintf("unsubscribe-from-list %s %s %q", l, id, reason), func(s *acc13Side) (any, error) {
				return s.svc.UnsubscribeFromList(ctx, a, l, id, reason)
			})
		case 3:
			w.call(fmt.Sprintf("confirm %s %s", l, id), func(s *acc13Side) (any, error) { return s.svc.ConfirmSubscription(ctx, a, l, id) })
		case 4:
			w.call(fmt.Sprintf("resubscribe-to-list %s %s %q", l, id, reason), func(s *acc13Side) (any, error) {
				return s.svc.ResubscribeToList(ctx, a, l, id, reason)
			})
		case 5:
			ids := []contact.ID{w.pick(), w.pick()}
			b := contactkit.Bulk{IDs: ids, Expected: 2, BatchSize: 1}
			w.call(fmt.Sprintf("bulk-add-to-list %s %s", l, ids), func(s *acc13Side) (any, error) { return s.svc.AddContactsToList(ctx, a, b, l) })
			return ids
		}
		return []contact.ID{id}
	case op < 27: // consent
		chn := w.channel()
		reason := w.pickS([]string{"STOP", "", "asked again"})
		switch w.rng.IntN(6) {
		case 0, 1:
			id := w.pick()
			w.call(fmt.Sprintf("unsubscribe %s %s %q", id, chn, reason), func(s *acc13Side) (any, error) { return s.svc.Unsubscribe(ctx, a, id, chn, reason) })
			return []contact.ID{id}
		case 2:
			id := w.pick()
			w.call(fmt.Sprintf("resubscribe %s %s %q", id, chn, reason), func(s *acc13Side) (any, error) { return s.svc.Resubscribe(ctx, a, id, chn, reason) })
			return []contact.ID{id}
		case 3:
			addr := w.address(chn)
			w.call(fmt.Sprintf("unsubscribe-address %s %q %q", chn, addr, reason), func(s *acc13Side) (any, error) {
				return s.svc.UnsubscribeAddress(ctx, a, chn, addr, reason)
			})
		case 4:
			addr := w.address(chn)
			w.call(fmt.Sprintf("resubscribe-address %s %q %q", chn, addr, reason), func(s *acc13Side) (any, error) {
				return s.svc.ResubscribeAddress(ctx, a, chn, addr, reason)
			})
		case 5:
			id, k, l := w.pick(), []contact.ChannelKind{contact.ChannelEmail, contact.ChannelSMS, contact.ChannelWhatsApp, contact.ChannelTelegram}[w.rng.IntN(4)], list.ID{}
			if w.chance(2) {
				l = w.pickList()
			}
			w.call(fmt.Sprintf("reachable %s %s %s", id, k, l), func(s *acc13Side) (any, error) { return s.svc.Reachable(ctx, a, id, k, l) })
			return nil
		}
		addr := w.address(chn)
		w.call(fmt.Sprintf("address-consent %s %q", chn, addr), func(s *acc13Side) (any, error) { return s.svc.AddressConsent(ctx, a, chn, addr) })
	case op < 33: // activities
		return w.activityOp(ctx, a)
	case op < 38: // automations
		return w.automationOp(ctx, a)
	case op < 40:
		id := w.pick()
		w.call(fmt.Sprintf("delete %s", id), func(s *acc13Side) (any, error) { return s.svc.DeleteContact(ctx, a, id) })
		return []contact.ID{id}
	case op < 42:
		id := w.pick()
		w.call(fmt.Sprintf("restore %s", id), func(s *acc13Side) (any, error) { return s.svc.RestoreContact(ctx, a, id) })
		return []contact.ID{id}
	case op == 42:
		w.call("purge", func(s *acc13Side) (any, error) { return s.svc.PurgeTrash(ctx, a) })
		w.call("purge-activities", func(s *acc13Side) (any, error) { return s.svc.PurgeActivityTrash(ctx, a) })
	case op == 43:
		id := w.pick()
		w.call(fmt.Sprintf("erase %s", id), func(s *acc13Side) (any, error) { return nil, s.svc.EraseContact(ctx, a, id) })
		return []contact.ID{id}
	case op < 47: // merge
		req := contactkit.MergeRequest{Primary: w.pick(), Others: []contact.ID{w.pick()}}
		if res, err := w.sides[0].svc.FindDuplicates(ctx, a, nil); err == nil && len(res.Groups) > 0 && w.chance(2) {
			g := res.Groups[w.rng.IntN(len(res.Groups))]
			req = contactkit.MergeRequest{Primary: g.Contacts[0], Others: g.Contacts[1:]}
		}
		if w.chance(3) {
			req.Policy = merge.PolicyMostRecent
		}
		v := w.call(fmt.Sprintf("merge %s", jsonish(req)), func(s *acc13Side) (any, error) {
			p, err := s.svc.PreviewMerge(ctx, a, req)
			if err != nil {
				return nil, fmt.Errorf("preview: %w", err)
			}
			r, err := s.svc.MergeContacts(ctx, a, p)
			return []any{p, r}, err
		})
		if v != nil {
			id := v.([]any)[1].(merge.Record).ID
			w.merges = append(w.merges, id)
			if w.chance(2) { // an edit of the survivor, then the unmerge (rule M4)
				p := w.patch(false)
				w.call(fmt.Sprintf("update %s %s", req.Primary, jsonish(p)), func(s *acc13Side) (any, error) { return s.svc.UpdateContact(ctx, a, req.Primary, p) })
				w.call(fmt.Sprintf("unmerge %s", id), func(s *acc13Side) (any, error) { return s.svc.UnmergeContacts(ctx, a, id) })
				w.call(fmt.Sprintf("get-merge %s", id), func(s *acc13Side) (any, error) { return s.svc.GetMerge(ctx, a, id) })
			}
		}
		return append([]contact.ID{req.Primary}, req.Others...)
	case op == 47:
		if len(w.merges) > 0 {
			id := w.merges[w.rng.IntN(len(w.merges))]
			v := w.call(fmt.Sprintf("unmerge %s", id), func(s *acc13Side) (any, error) { return s.svc.UnmergeContacts(ctx, a, id) })
			if v != nil {
				r := v.(contactkit.UnmergeResult)
				out := []contact.ID{r.Primary.ID}
				for _, o := range r.Others {
					out = append(out, o.ID)
				}
				return out
			}
		}
	case op < 50: // block, channels, avatar
		id := w.pick()
		switch w.rng.IntN(7) {
		case 0:
			w.call(fmt.Sprintf("block %s", id), func(s *acc13Side) (any, error) { return s.svc.BlockContact(ctx, a, id, "spam") })
		case 1:
			w.call(fmt.Sprintf("unblock %s", id), func(s *acc13Side) (any, error) { return s.svc.UnblockContact(ctx, a, id) })
		case 2, 3:
			k := []contact.ChannelKind{contact.ChannelEmail, contact.ChannelSMS, contact.ChannelWhatsApp, contact.ChannelTelegram}[w.rng.IntN(4)]
			w.call(fmt.Sprintf("connect %s %s", id, k), func(s *acc13Side) (any, error) { return s.svc.ConnectChannel(ctx, a, id, k) })
		case 4:
			k := []contact.ChannelKind{contact.ChannelEmail, contact.ChannelSMS, contact.ChannelMessenger}[w.rng.IntN(3)]
			w.call(fmt.Sprintf("open %s %s", id, k), func(s *acc13Side) (any, error) { return s.svc.OpenChannel(ctx, a, id, k) })
		case 5:
			k := []contact.ChannelKind{contact.ChannelEmail, contact.ChannelSMS, contact.ChannelTelegram}[w.rng.IntN(3)]
			w.call(fmt.Sprintf("remove-channel %s %s", id, k), func(s *acc13Side) (any, error) { return s.svc.RemoveChannel(ctx, a, id, k) })
		case 6:
			u := w.pickS([]string{"https://cdn.example.com/a.png", "javascript:x", ""})
			w.call(fmt.Sprintf("avatar %s %q", id, u), func(s *acc13Side) (any, error) { return s.svc.SyncAvatar(ctx, a, id, u) })
		}
		return []contact.ID{id}
	case op < 54: // search
		w.search(ctx, a)
	case op == 54: // fields
		w.fieldOp(ctx, a)
	case op == 55: // import
		return w.importCSV(ctx, a)
	case op == 56: // export, and now and then an export imported back
		w.export(ctx, a)
		if w.chance(2) {
			w.roundTrip(ctx, a)
		}
	case op == 57: // bulk
		ids := []contact.ID{w.pick(), w.pick(), w.pick()}
		b := contactkit.Bulk{IDs: ids, Expected: 3 - w.rng.IntN(2), BatchSize: 1 + w.rng.IntN(2)}
		if w.chance(2) { // by a query, the count read on memstore (off by one now and then)
			q := w.query()
			n := 0
			for _, err := range w.sides[0].svc.Contacts(ctx, a, q) {
				if err != nil {
					break
				}
				n++
			}
			ids, b = nil, contactkit.Bulk{Query: q, Expected: n + w.rng.IntN(5)/4, BatchSize: 1 + w.rng.IntN(3)}
		}
		// A bulk call reports its progress, and now and then its caller
		// cancels it after the first batch (rule D4: it stops cleanly
		// between batches and says what it did).
		stop := w.chance(3)
		var desc string
		var run func(ctx context.Context, svc *contactkit.Service, b contactkit.Bulk) (contactkit.BulkResult, error)
		switch w.rng.IntN(4) {
		case 0:
			desc = "bulk-delete"
			run = func(ctx context.Context, svc *contactkit.Service, b contactkit.Bulk) (contactkit.BulkResult, error) {
				return svc.DeleteContacts(ctx, a, b)
			}
		case 1:
			names := w.tags()
			desc = fmt.Sprintf("bulk-tag %q", names)
			run = func(ctx context.Context, svc *contactkit.Service, b contactkit.Bulk) (contactkit.BulkResult, error) {
				return svc.TagContacts(ctx, a, b, names...)
			}
		case 2:
			desc = "bulk-assign"
			run = func(ctx context.Context, svc *contactkit.Service, b contactkit.Bulk) (contactkit.BulkResult, error) {
				return svc.AssignContacts(ctx, a, b, "u3")
			}
		case 3:
			k, v := "f_num", w.fieldValue("f_num")
			desc = fmt.Sprintf("bulk-field %s=%q", k, v)
			run = func(ctx context.Context, svc *contactkit.Service, b contactkit.Bulk) (contactkit.BulkResult, error) {
				return svc.SetContactsField(ctx, a, b, k, v)
			}
		}
		w.call(fmt.Sprintf("%s %s %+v stop=%v", desc, ids, b, stop), func(s *acc13Side) (any, error) {
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			var progress []contactkit.BulkProgress
			bb := b
			bb.Progress = func(p contactkit.BulkProgress) {
				progress = append(progress, p)
				if stop {
					cancel()
				}
			}
			res, err := run(cctx, s.svc, bb)
			// The result says what the call did even when it stopped.
			return []any{res, progress, acc13Render(nil, err)}, nil
		})
		return ids
	case op < 60: // lookups
		if w.chance(2) {
			e := w.email()
			w.call(fmt.Sprintf("by-email %q", e), func(s *acc13Side) (any, error) { return s.svc.ContactByEmail(ctx, a, e) })
		} else {
			p := w.phone()
			w.call(fmt.Sprintf("by-phone %q", p), func(s *acc13Side) (any, error) { return s.svc.ContactByPhone(ctx, a, p) })
		}
	case op < 62: // duplicates
		if w.chance(2) {
			x, y := w.pick(), w.pick()
			w.call(fmt.Sprintf("dismiss %s %s", x, y), func(s *acc13Side) (any, error) { return s.svc.DismissDuplicate(ctx, a, x, y) })
		}
		w.call("suggest-duplicates", func(s *acc13Side) (any, error) { return collect(s.svc.SuggestDuplicates(ctx, a, nil)) })
	default: // associations, followers
		id := w.pick()
		switch w.rng.IntN(3) {
		case 0:
			in := contactkit.AssociationInput{Type: "deal", Record: w.pickS([]string{"d1", "d2", "d1"}), Label: w.pickS([]string{"buyer", "", "nope"})}
			w.call(fmt.Sprintf("associate %s %+v", id, in), func(s *acc13Side) (any, error) { return s.svc.Associate(ctx, a, id, in) })
		case 1:
			w.call(fmt.Sprintf("follow %s", id), func(s *acc13Side) (any, error) { return s.svc.Follow(ctx, a, id) })
		case 2:
			w.call("associated d1", func(s *acc13Side) (any, error) { return collect(s.svc.Associated(ctx, a, "deal", "d1")) })
		}
		return []contact.ID{id}
	}
	return nil
}

// address gives a raw address for a channel, often one a contact holds.
func (w *acc13Walk) address(chn list.Channel) string {
	if chn == list.ChannelEmail {
		return w.email()
	}
	return w.phone()
}

func (w *acc13Walk) activityOp(ctx context.Context, a contactkit.Actor) []contact.ID {
	id := w.pick()
	switch w.rng.IntN(10) {
	case 0, 1:
		in := contactkit.NoteInput{Body: w.pickS([]string{"Called back", "Rappeler Hélène", "", "Prix: 12 €"}), Pinned: w.chance(4)}
		if w.chance(4) {
			in.Key = w.pickS([]string{"n1", "n2"})
		}
		if w.chance(5) {
			in.Enroll = w.pickAuto()
		}
		v := w.call(fmt.Sprintf("note %s %+v", id, in), func(s *acc13Side) (any, error) { return s.svc.AddNote(ctx, a, id, in) })
		if v != nil {
			w.acts = append(w.acts, v.(activity.Activity).ID)
		}
	case 2, 3:
		now := w.now()
		in := contactkit.TaskInput{Title: w.pickS([]string{"Send quote", "Relancer", ""}), Description: w.pickS([]string{"desc", ""}),
			Task: activity.Task{Due: now.Add(48 * time.Hour), Assignee: "u1", Duration: 30 * time.Minute}}
		switch w.rng.IntN(5) {
		case 0:
			in.Task.Due = time.Date(3000, 1, 1, 0, 0, 0, 1, time.FixedZone("Z", 3600))
			in.Task.Reminder = time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC)
		case 1:
			in.Task.Due, in.Task.Duration = time.Time{}, 1<<62
		}
		if w.chance(3) {
			in.Enroll = w.pickAuto()
			in.EnrollOn = []activity.EnrollOn{"", activity.EnrollOnSave, activity.EnrollOnCompletion}[w.rng.IntN(3)]
		}
		if w.chance(4) {
			in.Key = "t1"
		}
		v := w.call(fmt.Sprintf("task %s %+v", id, in), func(s *acc13Side) (any, error) { return s.svc.AddTask(ctx, a, id, in) })
		if v != nil {
			w.acts = append(w.acts, v.(activity.Activity).ID)
		}
	case 4:
		now := w.now()
		in := contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: now.Add(-time.Duration(w.rng.IntN(3)) * time.Hour)}
		if w.chance(4) {
			in.OccurredAt = []time.Time{time.Date(1500, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC), now.AddDate(300, 0, 0)}[w.rng.IntN(3)]
		}
		v := w.call(fmt.Sprintf("call %s %+v", id, in), func(s *acc13Side) (any, error) { return s.svc.AddCall(ctx, a, id, in) })
		if v != nil {
			w.acts = append(w.acts, v.(activity.Activity).ID)
		}
	case 5:
		act := w.pickAct()
		if w.chance(2) {
			w.call(fmt.Sprintf("complete %s", act), func(s *acc13Side) (any, error) { return s.svc.CompleteTask(ctx, a, act) })
		} else {
			w.call(fmt.Sprintf("reopen %s", act), func(s *acc13Side) (any, error) { return s.svc.ReopenTask(ctx, a, act) })
		}
		return w.ownerOf(ctx, act)
	case 6:
		act := w.pickAct()
		w.call(fmt.Sprintf("delete-activity %s", act), func(s *acc13Side) (any, error) { return s.svc.DeleteActivity(ctx, a, act) })
		return w.ownerOf(ctx, act)
	case 7:
		act := w.pickAct()
		w.call(fmt.Sprintf("restore-activity %s", act), func(s *acc13Side) (any, error) { return s.svc.RestoreActivity(ctx, a, act) })
		return w.ownerOf(ctx, act)
	case 8:
		act := w.pickAct()
		p := contactkit.ActivityPatch{Pinned: new(w.chance(2)), Body: new(w.pickS([]string{"edited", ""}))}
		w.call(fmt.Sprintf("update-activity %s %+v", act, p), func(s *acc13Side) (any, error) { return s.svc.UpdateActivity(ctx, a, act, p) })
		return w.ownerOf(ctx, act)
	case 9:
		act := w.pickAct()
		before := w.ownerOf(ctx, act)
		w.call(fmt.Sprintf("move-task %s %s", act, id), func(s *acc13Side) (any, error) { return s.svc.MoveTask(ctx, a, act, id) })
		w.call(fmt.Sprintf("activity-history %s", act), func(s *acc13Side) (any, error) { return collect(s.svc.ActivityHistory(ctx, a, act)) })
		return append(before, id)
	}
	return []contact.ID{id}
}

func (w *acc13Walk) ownerOf(ctx context.Context, act activity.ID) []contact.ID {
	if x, err := w.sides[0].svc.GetActivity(ctx, w.a, act); err == nil {
		return []contact.ID{x.Contact}
	}
	return nil
}

func (w *acc13Walk) automationOp(ctx context.Context, a contactkit.Actor) []contact.ID {
	switch w.rng.IntN(8) {
	case 0:
		au := automation.Automation{ID: automation.ID(randomV4(w.rng)), Name: w.pickS([]string{"Welcome", "Nurture", ""}), Active: !w.chance(5),
			Steps: []automation.Step{{Name: "email"}, {Name: "wait"}, {Name: "sms"}}[:1+w.rng.IntN(3)]}
		if w.chance(3) {
			au.Reentry = automation.ReentryAllow
		}
		switch w.rng.IntN(7) {
		case 0:
			au.Triggers = []automation.Trigger{automation.On(automation.TriggerContactCreated)}
		case 1:
			au.Triggers = []automation.Trigger{automation.OnTagAdded(tag.MustParseName("VIP"))}
		case 2:
			au.Triggers = []automation.Trigger{automation.OnListSubscribed(w.lists[0].String())}
		case 3:
			au.Triggers = []automation.Trigger{automation.On(automation.TriggerNoteAdded), automation.On(automation.TriggerTaskCompleted)}
		case 4:
			au.Triggers = []automation.Trigger{automation.OnFormSubmitted("contact-us")}
		case 5:
			au.Triggers = []automation.Trigger{automation.On(automation.TriggerManual)}
		}
		v := w.call(fmt.Sprintf("create-automation %s", jsonish(au)), func(s *acc13Side) (any, error) { return s.svc.CreateAutomation(ctx, a, au) })
		if v != nil {
			w.autos = append(w.autos, v.(automation.Automation).ID)
		}
		return nil
	case 1:
		id := w.pickAuto()
		v := w.call(fmt.Sprintf("get-automation %s", id), func(s *acc13Side) (any, error) { return s.svc.GetAutomation(ctx, a, id) })
		if v != nil {
			au := v.(automation.Automation)
			au.Active = !au.Active
			w.call(fmt.Sprintf("update-automation %s", id), func(s *acc13Side) (any, error) { return s.svc.UpdateAutomation(ctx, a, au) })
		}
		return nil
	case 2, 3:
		id, c := w.pickAuto(), w.pick()
		key := w.pickS([]string{"", "", "e1", "e2"})
		v := w.call(fmt.Sprintf("enroll %s %s %q", id, c, key), func(s *acc13Side) (any, error) { return s.svc.Enroll(ctx, a, id, c, key) })
		if v != nil {
			w.enrolls = append(w.enrolls, v.(automation.Enrollment).ID)
		}
		return []contact.ID{c}
	case 4:
		e := w.pickEnroll()
		o := []automation.Outcome{automation.OutcomeCompleted, automation.OutcomeSkipped, "bad"}[w.rng.IntN(3)]
		if w.chance(2) {
			w.call(fmt.Sprintf("pass %s %s", e, o), func(s *acc13Side) (any, error) { return s.svc.PassStep(ctx, a, e, o) })
		} else {
			step := w.rng.IntN(3)
			w.call(fmt.Sprintf("pass-at %s %d %s", e, step, o), func(s *acc13Side) (any, error) { return s.svc.PassStepAt(ctx, a, e, step, o) })
		}
	case 5:
		e := w.pickEnroll()
		w.call(fmt.Sprintf("end %s", e), func(s *acc13Side) (any, error) { return s.svc.EndEnrollment(ctx, a, e) })
	case 6:
		c := w.pick()
		w.call(fmt.Sprintf("stop-enrollments %s", c), func(s *acc13Side) (any, error) { return s.svc.StopEnrollments(ctx, a, c, "manual stop") })
		return []contact.ID{c}
	case 7:
		id := w.pickAuto()
		q := contactkit.EnrollmentQuery{Automation: id, ActiveOnly: w.chance(2)}
		w.call(fmt.Sprintf("enrollments %+v", q), func(s *acc13Side) (any, error) { return collect(s.svc.Enrollments(ctx, a, q)) })
		return nil
	}
	e := w.pickEnroll()
	if x, err := w.sides[0].svc.GetEnrollment(ctx, w.a, e); err == nil {
		return []contact.ID{x.Contact}
	}
	return nil
}

func (w *acc13Walk) query() contactkit.ContactQuery {
	var q contactkit.ContactQuery
	switch w.rng.IntN(9) {
	case 0:
		q.Trashed = true
	case 1:
		q.Tag = w.pickS(acc13Tags)
	case 2:
		q.Status = contact.StatusBlocked
	case 3:
		q.Assignee = contact.UserID(w.pickS([]string{"u1", "u2", "u3"}))
	}
	if !w.chance(3) {
		q.Text = w.pickS([]string{"ada", "HELENE", "dupre lyon", "vip", "06 12 34 56 71", "+33712345675", "bob@example.com",
			"example", "acme", "zz", "été", "o'brien", "小明", "chloe@mail.fr", "!!", "cto"})
	}
	return q
}

func (w *acc13Walk) search(ctx context.Context, a contactkit.Actor) {
	q, limit := w.query(), 1+w.rng.IntN(4)
	w.call(fmt.Sprintf("search %+v limit %d", q, limit), func(s *acc13Side) (any, error) {
		return pages(func(p store.PageRequest) (store.Page[contact.Contact], error) {
			return s.svc.ListContacts(ctx, a, q, p)
		}, limit)
	})
}

func (w *acc13Walk) fieldOp(ctx context.Context, a contactkit.Actor) {
	keys := []string{"f_text", "f_num", "f_sel", "f_multi", "f_date", "f_check"}
	key := field.MustParseKey(keys[w.rng.IntN(len(keys))])
	switch w.rng.IntN(5) {
	case 0:
		w.call(fmt.Sprintf("archive-field %s", key), func(s *acc13Side) (any, error) { return s.svc.ArchiveField(ctx, a, key) })
	case 1:
		w.call(fmt.Sprintf("restore-field %s", key), func(s *acc13Side) (any, error) { return s.svc.RestoreField(ctx, a, key) })
	case 2:
		defs, _ := w.sides[0].svc.AllFields(ctx, a)
		for _, d := range defs {
			if d.Key == key {
				d.Label += "!"
				d.Version = 0
				if d.Type == field.TypeSelect || d.Type == field.TypeMultiselect {
					for i := range d.Options {
						d.Options[i].Hidden = w.chance(3)
					}
				}
				w.call(fmt.Sprintf("update-field %s", key), func(s *acc13Side) (any, error) { return s.svc.UpdateField(ctx, a, d) })
			}
		}
	case 3, 4:
		defs, _ := w.sides[0].svc.AllFields(ctx, a)
		for _, d := range defs {
			if d.Key != key {
				continue
			}
			next := d
			next.Version = 0
			switch d.Type {
			case field.TypeNumber, field.TypeDate, field.TypeCheckbox, field.TypeSelect:
				next.Type, next.Options = field.TypeText, nil
			case field.TypeText:
				next.Type = []field.Type{field.TypeNumber, field.TypeSelect}[w.rng.IntN(2)]
				if next.Type == field.TypeSelect {
					next.Options = []field.Option{{Value: "hello"}, {Value: "x"}}
				}
			default:
				return
			}
			v := w.call(fmt.Sprintf("preview-type %s -> %s", key, next.Type), func(s *acc13Side) (any, error) { return s.svc.PreviewFieldTypeChange(ctx, a, next) })
			if v != nil {
				tc := contactkit.FieldTypeChange{Definition: next}
				if w.chance(3) {
					tc.AcceptLosses = v.(contactkit.FieldConversion).Losses
				}
				w.call(fmt.Sprintf("change-type %s -> %s", key, next.Type), func(s *acc13Side) (any, error) { return s.svc.ChangeFieldType(ctx, a, tc) })
			}
		}
	}
}

// importCSV imports rows made of the walk's addresses, so that rows match
// contacts (by a primary or a secondary address), one another within a
// batch, or nobody.
func (w *acc13Walk) importCSV(ctx context.Context, a contactkit.Actor) []contact.ID {
	var b strings.Builder
	b.WriteString("First Name,Last Name,E-mail 1 - Value,E-mail 2 - Value,Mobile Phone,Home Phone,Tags,Score,Plan,Interests,Birthday,Company,Country,Notes,Email Consent,Website\n")
	for range 2 + w.rng.IntN(w.rng.IntN(25)+1) {
		opt := func(n int, gen func() string) string {
			if w.chance(n) {
				return gen()
			}
			return ""
		}
		cells := []string{w.pickS(acc13First), w.pickS(acc13Last), opt(1, w.email), opt(4, w.email), opt(2, w.phone), opt(6, w.phone),
			w.pickS([]string{"", "imported", "VIP;x", "a, b"}), w.fieldValue("f_num"), w.fieldValue("f_sel"), w.fieldValue("f_multi"),
			w.pickS([]string{"", "1990-05-04", "5/22/1975", "22 mai 1975"}), w.pickS([]string{"", "ACME", "Cœur SA"}),
			w.pickS([]string{"", "FR", "France", "Deutschland", "XX"}), w.pickS([]string{"", "", "Met at the fair", "Rappeler"}),
			w.pickS([]string{"", "", "unsubscribed", "yes", "??"}), w.fieldValue("f_url")}
		for i, c := range cells {
			if strings.ContainsAny(c, ",\"\n\r") {
				cells[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
		}
		b.WriteString(strings.Join(cells, ",") + "\n")
	}
	data := b.String()
	opts := contactkit.ImportOptions{Workers: 1, BatchSize: 1 + w.rng.IntN(10), DryRun: w.chance(5), UnsubscribeAll: w.chance(10), SuppressionOnly: w.chance(15)}
	opts.Mode = []contactkit.ImportMode{"", "", contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly}[w.rng.IntN(4)]
	if w.chance(3) {
		opts.Lists = []list.ID{w.lists[w.rng.IntN(len(w.lists))]}
	}
	if w.chance(3) {
		opts.Tags = []string{"batch-1"}
	}
	opts.Triggers = w.chance(2)
	stop := w.chance(4) // cancelled after its first batch (rule I5: a clean stop)
	var touched []contact.ID
	w.call(fmt.Sprintf("import %+v stop=%v %q", opts, stop, data), func(s *acc13Side) (any, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defs, err := s.svc.Fields(ctx, a)
		if err != nil {
			return nil, err
		}
		r, err := importer.Open(strings.NewReader(data), nil)
		if err != nil {
			return nil, err
		}
		sample, r, err := importer.Sample(r, 100)
		if err != nil {
			return nil, err
		}
		m := importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR"})
		var rows []contactkit.ImportRow
		var progress []contactkit.ImportProgress
		var failed bytes.Buffer
		o := opts
		o.OnRow = func(row contactkit.ImportRow) { rows = append(rows, row) }
		o.Progress = func(p contactkit.ImportProgress) {
			progress = append(progress, p)
			if stop {
				cancel()
			}
		}
		o.Failed = &failed
		res, err := s.svc.Import(ctx, a, r, m, &o)
		if s == w.sides[0] {
			for _, row := range rows {
				if !row.Contact.IsZero() {
					touched = append(touched, row.Contact)
				}
			}
		}
		// The result says what the import did even when it stopped.
		return []any{m, res, rows, progress, failed.String(), acc13Render(nil, err)}, nil
	})
	for _, id := range touched {
		if !containsID(w.ids, id) {
			w.ids = append(w.ids, id)
		}
	}
	return touched
}

// roundTrip exports the contacts of a query as CSV or vCard and imports the
// file back into the same workspace (rule I6: it reads back to the same
// contacts, so every row matches and updates nothing but blanks).
func (w *acc13Walk) roundTrip(ctx context.Context, a contactkit.Actor) {
	format := []contactkit.ExportFormat{"", contactkit.ExportVCard}[w.rng.IntN(2)]
	q := contactkit.ContactQuery{}
	if w.chance(2) {
		q = w.query()
	}
	dry, batch := w.chance(2), 1+w.rng.IntN(5)
	w.call(fmt.Sprintf("round-trip %s %+v dry=%v", format, q, dry), func(s *acc13Side) (any, error) {
		var buf bytes.Buffer
		if _, err := s.svc.Export(ctx, a, q, &buf, &contactkit.ExportOptions{Format: format}); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		defs, err := s.svc.Fields(ctx, a)
		if err != nil {
			return nil, err
		}
		r, err := importer.Open(bytes.NewReader(buf.Bytes()), nil)
		if err != nil {
			return nil, err
		}
		sample, r, err := importer.Sample(r, 100)
		if err != nil {
			return nil, err
		}
		m := importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR"})
		var rows []contactkit.ImportRow
		res, err := s.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{Workers: 1, BatchSize: batch, DryRun: dry,
			OnRow: func(row contactkit.ImportRow) { rows = append(rows, row) }})
		return []any{m, res, rows}, err
	})
}

func containsID(ids []contact.ID, id contact.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func (w *acc13Walk) export(ctx context.Context, a contactkit.Actor) {
	q := contactkit.ContactQuery{}
	if w.chance(3) {
		q = w.query()
	}
	format := []contactkit.ExportFormat{"", contactkit.ExportVCard}[w.rng.IntN(2)]
	w.call(fmt.Sprintf("export %+v %s", q, format), func(s *acc13Side) (any, error) {
		var buf bytes.Buffer
		res, err := s.svc.Export(ctx, a, q, &buf, &contactkit.ExportOptions{Format: format})
		return []any{res, buf.String()}, err
	})
}

// observe reads what a user sees of one contact.
func (w *acc13Walk) observe(id contact.ID) {
	ctx := context.Background()
	a := w.a
	w.call(fmt.Sprintf("get %s", id), func(s *acc13Side) (any, error) { return s.svc.GetContact(ctx, a, id) })
	w.call(fmt.Sprintf("resolve %s", id), func(s *acc13Side) (any, error) { return s.svc.ResolveContact(ctx, a, id) })
	w.call(fmt.Sprintf("history %s", id), func(s *acc13Side) (any, error) {
		return pages(func(p store.PageRequest) (store.Page[contact.Change], error) {
			return s.svc.ListHistory(ctx, a, id, "", p)
		}, 4)
	})
	w.call(fmt.Sprintf("feed %s", id), func(s *acc13Side) (any, error) {
		return pages(func(p store.PageRequest) (store.Page[contactkit.FeedItem], error) {
			return s.svc.ListFeed(ctx, a, id, contactkit.FeedQuery{}, p)
		}, 5)
	})
	q := contactkit.TimelineQuery{}
	if w.chance(3) {
		q.Text = w.pickS([]string{"rappeler", "quote", "edited", "RAPPELER hélène"})
	}
	w.call(fmt.Sprintf("timeline %s %+v", id, q), func(s *acc13Side) (any, error) {
		return pages(func(p store.PageRequest) (store.Page[activity.Activity], error) {
			return s.svc.ListTimeline(ctx, a, id, q, p)
		}, 3)
	})
	w.call(fmt.Sprintf("consent %s", id), func(s *acc13Side) (any, error) { return s.svc.Consent(ctx, a, id) })
	if w.chance(3) {
		w.filtered(id)
	}
	w.call(fmt.Sprintf("memberships %s", id), func(s *acc13Side) (any, error) {
		return collect(s.svc.Memberships(ctx, a, contactkit.MembershipQuery{Contact: id}))
	})
	w.call(fmt.Sprintf("enrollments %s", id), func(s *acc13Side) (any, error) {
		return collect(s.svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: id}))
	})
	w.call(fmt.Sprintf("activity-trash %s", id), func(s *acc13Side) (any, error) { return collect(s.svc.ActivityTrash(ctx, a, id)) })
	w.call(fmt.Sprintf("merge-history %s", id), func(s *acc13Side) (any, error) { return collect(s.svc.MergeHistory(ctx, a, id)) })
	w.call(fmt.Sprintf("associations %s", id), func(s *acc13Side) (any, error) {
		return collect(s.svc.Associations(ctx, a, id, contactkit.AssociationQuery{}))
	})
}

// filtered reads one contact's listings with filters, odd limits and
// cursors that were not handed out for them.
func (w *acc13Walk) filtered(id contact.ID) {
	ctx := context.Background()
	a := w.a
	limit := []int{0, -1, 1, 2, 5000}[w.rng.IntN(5)]
	fieldName := w.pickS([]string{contact.FieldEmail, contact.FieldTags, contact.FieldFirstName, "f_num", "status", "nope"})
	w.call(fmt.Sprintf("history %s %q limit %d", id, fieldName, limit), func(s *acc13Side) (any, error) {
		return pages(func(p store.PageRequest) (store.Page[contact.Change], error) {
			return s.svc.ListHistory(ctx, a, id, fieldName, p)
		}, limit)
	})
	fq := contactkit.FeedQuery{}
	switch w.rng.IntN(4) {
	case 0:
		fq.Kinds = []contactkit.FeedKind{contactkit.FeedChange, contactkit.FeedConsent}
	case 1:
		fq.ActivityKinds = []activity.Kind{activity.KindTask}
	case 2:
		fq.Author = "agent-7"
	case 3:
		fq.Kinds = []contactkit.FeedKind{contactkit.FeedMembership, contactkit.FeedEnrolled, contactkit.FeedEnrollmentEnded, contactkit.FeedMerged, contactkit.FeedUnmerged, "bogus"}
	}
	w.call(fmt.Sprintf("feed %s %+v limit %d", id, fq, limit), func(s *acc13Side) (any, error) {
		return pages(func(p store.PageRequest) (store.Page[contactkit.FeedItem], error) {
			return s.svc.ListFeed(ctx, a, id, fq, p)
		}, limit)
	})
	tq := contactkit.TimelineQuery{Kinds: []activity.Kind{[]activity.Kind{activity.KindNote, activity.KindTask, activity.KindCall, "bogus"}[w.rng.IntN(4)]}}
	if w.chance(2) {
		tq.Author = "agent-7"
	}
	w.call(fmt.Sprintf("timeline %s %+v limit %d", id, tq, limit), func(s *acc13Side) (any, error) {
		return pages(func(p store.PageRequest) (store.Page[activity.Activity], error) {
			return s.svc.ListTimeline(ctx, a, id, tq, p)
		}, limit)
	})
	w.call(fmt.Sprintf("enrollments %s active", id), func(s *acc13Side) (any, error) {
		return collect(s.svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: id, ActiveOnly: true}))
	})
	w.call(fmt.Sprintf("followers %s", id), func(s *acc13Side) (any, error) { return collect(s.svc.Followers(ctx, a, id)) })
	// A cursor another listing handed out, or none a store hands out.
	w.call(fmt.Sprintf("foreign cursors %s", id), func(s *acc13Side) (any, error) {
		var out []string
		first, err := s.svc.ListContacts(ctx, a, contactkit.ContactQuery{}, store.PageRequest{Limit: 1})
		if err != nil {
			return nil, err
		}
		// A page may be shorter than asked and still have a Next (store.Page):
		// the stores may differ on whether the last page has one, so a
		// missing cursor is replaced by another that is not valid either.
		for _, cur := range []string{first.Next, "garbage", "\x00", "eyJ9"} {
			if cur == "" {
				cur = "no-next"
			}
			p := store.PageRequest{Cursor: cur, Limit: 2}
			_, e1 := s.svc.ListHistory(ctx, a, id, "", p)
			_, e2 := s.svc.ListTimeline(ctx, a, id, contactkit.TimelineQuery{}, p)
			_, e3 := s.svc.ListTags(ctx, a, p)
			_, e4 := s.svc.ListConsent(ctx, a, list.ChannelEmail, p)
			_, e5 := s.svc.ListFeed(ctx, a, id, contactkit.FeedQuery{}, p)
			for _, e := range []error{e1, e2, e3, e4, e5} {
				out = append(out, acc13Render(nil, e))
			}
		}
		return out, nil
	})
	if len(w.acts) > 0 {
		act := w.acts[w.rng.IntN(len(w.acts))]
		w.call(fmt.Sprintf("activity-history %s limit %d", act, limit), func(s *acc13Side) (any, error) {
			return pages(func(p store.PageRequest) (store.Page[activity.Change], error) {
				return s.svc.ListActivityHistory(ctx, a, act, p)
			}, limit)
		})
	}
	w.call(fmt.Sprintf("associations %s deal limit %d", id, limit), func(s *acc13Side) (any, error) {
		return pages(func(p store.PageRequest) (store.Page[association.Association], error) {
			return s.svc.ListAssociations(ctx, a, id, contactkit.AssociationQuery{Type: "deal"}, p)
		}, limit)
	})
}

// whole compares the whole workspace.
func (w *acc13Walk) whole() {
	ctx := context.Background()
	a := w.a
	for _, q := range []contactkit.ContactQuery{{}, {Trashed: true}} {
		w.call(fmt.Sprintf("list %+v", q), func(s *acc13Side) (any, error) {
			return pages(func(p store.PageRequest) (store.Page[contact.Contact], error) {
				return s.svc.ListContacts(ctx, a, q, p)
			}, 7)
		})
	}
	w.call("tags", func(s *acc13Side) (any, error) {
		return pages(func(p store.PageRequest) (store.Page[tag.Tag], error) { return s.svc.ListTags(ctx, a, p) }, 3)
	})
	w.call("lists", func(s *acc13Side) (any, error) { return collect(s.svc.Lists(ctx, a)) })
	w.call("all-memberships", func(s *acc13Side) (any, error) {
		return collect(s.svc.Memberships(ctx, a, contactkit.MembershipQuery{}))
	})
	for _, l := range w.lists {
		w.call(fmt.Sprintf("members %s", l), func(s *acc13Side) (any, error) {
			return collect(s.svc.Memberships(ctx, a, contactkit.MembershipQuery{List: l, Status: list.StatusSubscribed}))
		})
	}
	w.call("all-enrollments", func(s *acc13Side) (any, error) {
		return collect(s.svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{}))
	})
	for _, chn := range []list.Channel{list.ChannelEmail, list.ChannelSMS, list.ChannelWhatsApp} {
		w.call(fmt.Sprintf("ledger %s", chn), func(s *acc13Side) (any, error) {
			return pages(func(p store.PageRequest) (store.Page[list.Consent], error) { return s.svc.ListConsent(ctx, a, chn, p) }, 4)
		})
	}
	w.call("automations", func(s *acc13Side) (any, error) { return collect(s.svc.Automations(ctx, a)) })
	w.call("all-fields", func(s *acc13Side) (any, error) { return s.svc.AllFields(ctx, a) })
	w.call("fields", func(s *acc13Side) (any, error) { return s.svc.Fields(ctx, a) })
	w.call("find-duplicates", func(s *acc13Side) (any, error) { return s.svc.FindDuplicates(ctx, a, nil) })
	// The other Service of each store must answer as this one: it keeps its
	// own field definitions and duplicates' index between calls.
	for _, s := range w.sides {
		for _, read := range []func(svc *contactkit.Service) (any, error){
			func(svc *contactkit.Service) (any, error) { return svc.FindDuplicates(ctx, a, nil) },
			func(svc *contactkit.Service) (any, error) { return collect(svc.SuggestDuplicates(ctx, a, nil)) },
			func(svc *contactkit.Service) (any, error) { return svc.AllFields(ctx, a) },
		} {
			x, errX := read(s.svc)
			y, errY := read(s.svc2)
			if rx, ry := acc13Render(x, errX), acc13Render(y, errY); rx != ry {
				w.t.Fatalf("seed %d step %d: two Services on %s disagree:\n%s\n%s\nrecent calls:\n%s", w.seed, w.step, s.name, trunc(rx, 3000), trunc(ry, 3000), strings.Join(w.trace, "\n"))
			}
		}
	}
	w.call("export", func(s *acc13Side) (any, error) {
		var buf bytes.Buffer
		res, err := s.svc.Export(ctx, a, contactkit.ContactQuery{}, &buf, nil)
		return []any{res, buf.String()}, err
	})
}
