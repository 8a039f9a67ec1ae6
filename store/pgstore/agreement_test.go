package pgstore_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestServiceAgreesWithMemstore runs the same seeded random walk of
// Service calls — creations and captures that collide on addresses,
// updates, tags, the trash and erasure, consent, lists, notes and tasks,
// blocks, searches, merges and unmerges, custom fields, small imports and
// exports, some calls with the ID of a contact of another workspace of the
// same store — over memstore and over PostgreSQL, with the same IDs and
// clock, and checks that each call gives the same value and the same kind
// of error on both, and that both end with the same contacts, histories,
// timelines, consent ledger and memberships in both workspaces, to the
// byte. (memstore's own tests hold it to the rules, tenancy included.)
func TestServiceAgreesWithMemstore(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	done := map[string]int{}
	for seed := range uint64(walkSeeds) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ws := contact.WorkspaceID(fmt.Sprint("walk", seed))
			mem, ops := serviceWalk(t, memstore.New(), ws, seed)
			pg, _ := serviceWalk(t, pgstore.New(pool, nil), ws, seed)
			for op, n := range ops {
				done[op] += n
			}
			if len(mem) < 300 {
				t.Fatalf("the walk logged %d lines: too few to test", len(mem))
			}
			for i := range max(len(mem), len(pg)) {
				var m, p string
				if i < len(mem) {
					m = mem[i]
				}
				if i < len(pg) {
					p = pg[i]
				}
				if m != p {
					d := 0
					for d < min(len(m), len(p)) && m[d] == p[d] {
						d++
					}
					from := max(0, d-300)
					t.Fatalf("line %d differs from byte %d:\nmemstore:   …%s\npostgresql: …%s", i, d, m[from:min(len(m), d+300)], p[from:min(len(p), d+300)])
				}
			}
		})
	}
	t.Logf("calls that succeeded: %v", done)
	// The walks call each use case with success at least once.
	for _, op := range []string{"create", "capture", "update", "delete", "restore", "erase", "unsubscribe email",
		"unsubscribe sms", "add to list", "unsubscribe from list", "note", "task", "complete task", "block or unblock",
		"find duplicates", "preview merge", "merge", "unmerge", "import", "import row", "export", "contact", "history", "timeline", "ledger", "membership"} {
		if done[op] == 0 {
			t.Errorf("no call of %q succeeded in the walks: %v", op, done)
		}
	}
}

// walkErrors are the errors a call of the walk may meet, by name: an
// error is logged as the names it matches, so that both stores agree on
// its kind whatever their own words.
var walkErrors = []struct {
	name string
	err  error
}{
	{"not found", contactkit.ErrNotFound}, {"conflict", contactkit.ErrConflict},
	{"already exists", contactkit.ErrAlreadyExists}, {"invalid input", contactkit.ErrInvalidInput},
	{"trashed", contactkit.ErrTrashed}, {"not trashed", contactkit.ErrNotTrashed},
	{"blocked", contactkit.ErrContactBlocked}, {"no address", contactkit.ErrNoAddress},
	{"merged", contactkit.ErrMerged}, {"no match key", contactkit.ErrNoMatchKey},
	{"not member", contactkit.ErrNotMember}, {"permission", contactkit.ErrPermission},
}

// walkError describes err for the walk's log: its kinds, and the key and
// holder of a taken address.
func walkError(err error) string {
	if err == nil {
		return "ok"
	}
	var kinds []string
	for _, e := range walkErrors {
		if errors.Is(err, e.err) {
			kinds = append(kinds, e.name)
		}
	}
	if taken, ok := errors.AsType[*store.TakenError](err); ok {
		kinds = append(kinds, fmt.Sprintf("taken %s by %s", taken.Key, taken.Owner))
	}
	if len(kinds) == 0 {
		return "error of no known kind: " + err.Error()
	}
	return "error: " + strings.Join(kinds, ", ")
}

// serviceWalk runs the walk of seed on s in workspace ws and returns its
// log: each call with its value or error, then the state it left.
func serviceWalk(t *testing.T, s store.Store, ws contact.WorkspaceID, seed uint64) (log []string, done map[string]int) {
	t.Helper()
	ctx := context.Background()
	var n uint64
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	svc := contactkit.New(s, &contactkit.Options{
		DefaultRegion: "FR",
		Now:           func() time.Time { at = at.Add(time.Second); return at },
		NewID: func() (uuid.UUID, error) {
			n++
			var id uuid.UUID
			binary.BigEndian.PutUint64(id[:8], n)
			id[6], id[8] = 0x70|id[6]&0x0f, 0x80
			return id, nil
		},
	})
	a := contactkit.Actor{Workspace: ws, User: "owner", Role: contactkit.RoleOwner}
	rng := rand.New(rand.NewPCG(seed, 99))
	done = map[string]int{}
	var (
		contacts []contact.ID
		lists    []list.ID
		tasks    []activity.ID
		merges   []merge.ID
	)
	logf := func(format string, args ...any) { log = append(log, fmt.Sprintf(format, args...)) }
	logCall := func(what string, v any, err error) {
		if err != nil {
			logf("%s: %s", what, walkError(err))
			return
		}
		logf("%s: %s", what, jsonOf(t, v))
		done[strings.TrimLeft(what, "0123456789 ")]++ // the call, without its step
	}
	// Contacts of another workspace of the same store, with addresses of
	// the walk's pools: an ID of theirs behaves as one that does not exist,
	// and their addresses are not taken in the walk's workspace.
	b := contactkit.Actor{Workspace: ws + "-other", User: "owner", Role: contactkit.RoleOwner}
	var foreign []contact.ID
	for i := range 3 {
		c, err := svc.CreateContact(ctx, b, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Other"),
			Email: new(fmt.Sprintf("p%d@example.com", i)), Phone: new(fmt.Sprintf("06 12 34 56 %02d", i))}, Tags: []string{"vip"}})
		logCall("create in the other workspace", c, err)
		foreign = append(foreign, c.ID)
	}
	pick := func() contact.ID {
		switch {
		case rng.IntN(25) == 0:
			return foreign[rng.IntN(len(foreign))]
		case len(contacts) == 0 || rng.IntN(20) == 0:
			return contact.ID(uuid.MustParse("01900000-0000-7000-8000-00000000dead")) // no such contact
		}
		return contacts[rng.IntN(len(contacts))]
	}
	first := []string{"Ada", "Hélène", "Grace", "Émile", "Zoë", "Ann", "Jean-Pierre"}
	last := []string{"Lovelace", "Hopper", "O'Brien", "Müller", "Dupont"}
	// Addresses from small pools, so that writes collide; a Gmail address
	// with or without a dot is another address with the same match key, so
	// that duplicates are found and merged.
	email := func() *string {
		i := rng.IntN(25)
		switch rng.IntN(3) {
		case 0:
			return new(fmt.Sprintf("p.%d@gmail.com", i%8))
		case 1:
			return new(fmt.Sprintf("p%d@gmail.com", i%8))
		}
		return new(fmt.Sprintf("p%d@example.com", i))
	}
	phone := func() *string { return new(fmt.Sprintf("06 12 34 56 %02d", rng.IntN(25))) }
	tags := []string{"vip", "lead", "client fidèle", "newsletter"}
	if err := fixture.DefineFields(ctx, svc, a); err != nil {
		t.Fatal(err)
	}
	fields := func() map[string]string {
		return map[string]string{
			fixture.FieldPlan:  []string{"Free", "Pro", "Gold"}[rng.IntN(3)], // Gold is no option
			fixture.FieldScore: []string{"7", "42", "abc"}[rng.IntN(3)],
		}
	}
	for _, name := range []string{"News", "Offers"} {
		l, err := svc.CreateList(ctx, a, list.List{Name: name})
		logCall("create list "+name, l, err)
		lists = append(lists, l.ID)
	}
	for step := range 220 {
		switch op := rng.IntN(18); op {
		case 16:
			// A small file whose rows collide with the workspace and with
			// each other, in batches of three.
			var b strings.Builder
			b.WriteString("First Name,Email,Phone,Tags,plan,score\n")
			for range 1 + rng.IntN(7) {
				f := fields()
				fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s\n", first[rng.IntN(len(first))], *email(), *phone(), tags[rng.IntN(len(tags))],
					f[fixture.FieldPlan], f[fixture.FieldScore])
			}
			r, m, err := fixture.OpenImport(ctx, svc, a, strings.NewReader(b.String()))
			if err != nil {
				t.Fatal(err)
			}
			res, err := svc.Import(ctx, a, r, m, &contactkit.ImportOptions{BatchSize: 3, DryRun: rng.IntN(4) == 0,
				OnRow: func(row contactkit.ImportRow) {
					logCall(fmt.Sprint(step, " import row"), row, nil)
					if row.Outcome == contactkit.ImportCreated && !slices.Contains(contacts, row.Contact) {
						contacts = append(contacts, row.Contact)
					}
				}})
			logCall(fmt.Sprint(step, " import"), res, err)
		case 17:
			var b strings.Builder
			res, err := svc.Export(ctx, a, contactkit.ContactQuery{}, &b, nil)
			logCall(fmt.Sprint(step, " export"), res, err)
			logf("%d export file: %q", step, b.String())
		case 0, 1, 2:
			in := contactkit.ContactInput{Patch: contact.Patch{FirstName: new(first[rng.IntN(len(first))])}}
			if rng.IntN(2) == 0 {
				in.LastName = new(last[rng.IntN(len(last))])
			}
			if rng.IntN(3) > 0 {
				in.Email = email()
			}
			if rng.IntN(2) == 0 {
				in.Phone = phone()
			}
			if rng.IntN(2) == 0 {
				in.Tags = []string{tags[rng.IntN(len(tags))]}
			}
			if rng.IntN(3) == 0 {
				in.Fields = fields()
			}
			c, err := svc.CreateContact(ctx, a, in)
			logCall(fmt.Sprint(step, " create"), c, err)
			if err == nil {
				contacts = append(contacts, c.ID)
			}
		case 3:
			in := contactkit.ContactInput{Patch: contact.Patch{Email: email(), City: new(fmt.Sprint("Ville ", step))}, Tags: []string{"form"}}
			r, err := svc.CaptureContact(ctx, a, in)
			logCall(fmt.Sprint(step, " capture"), r, err)
			if err == nil && r.Created {
				contacts = append(contacts, r.Contact.ID)
			}
		case 4:
			var p contact.Patch
			switch rng.IntN(5) {
			case 4:
				p.Fields = fields()
			case 0:
				p.LastName = new(last[rng.IntN(len(last))])
			case 1:
				p.Email = email()
			case 2:
				p.Phone = phone()
			case 3:
				p.Company, p.Email = new("ACME"), new("")
			}
			c, err := svc.UpdateContact(ctx, a, pick(), p)
			logCall(fmt.Sprint(step, " update"), c, err)
		case 5:
			name := tags[rng.IntN(len(tags))]
			var c contact.Contact
			var err error
			if rng.IntN(2) == 0 {
				c, err = svc.TagContact(ctx, a, pick(), name)
			} else {
				c, err = svc.UntagContact(ctx, a, pick(), name)
			}
			logCall(fmt.Sprint(step, " tag or untag ", name), c, err)
		case 6:
			c, err := svc.DeleteContact(ctx, a, pick())
			logCall(fmt.Sprint(step, " delete"), c, err)
		case 7:
			c, err := svc.RestoreContact(ctx, a, pick())
			logCall(fmt.Sprint(step, " restore"), c, err)
		case 8:
			if rng.IntN(3) == 0 {
				err := svc.EraseContact(ctx, a, pick())
				logCall(fmt.Sprint(step, " erase"), nil, err)
			}
		case 9:
			chn := []list.Channel{list.ChannelEmail, list.ChannelSMS}[rng.IntN(2)]
			c, err := svc.Unsubscribe(ctx, a, pick(), chn, "asked")
			logCall(fmt.Sprint(step, " unsubscribe ", chn), c, err)
		case 10:
			l := lists[rng.IntN(len(lists))]
			if rng.IntN(3) > 0 {
				m, err := svc.AddToList(ctx, a, l, pick())
				logCall(fmt.Sprint(step, " add to list"), m, err)
			} else {
				m, err := svc.UnsubscribeFromList(ctx, a, l, pick(), "asked")
				logCall(fmt.Sprint(step, " unsubscribe from list"), m, err)
			}
		case 11:
			switch rng.IntN(3) {
			case 0:
				x, err := svc.AddNote(ctx, a, pick(), contactkit.NoteInput{Body: fmt.Sprint("note ", step), Pinned: rng.IntN(4) == 0})
				logCall(fmt.Sprint(step, " note"), x, err)
			case 1:
				x, err := svc.AddTask(ctx, a, pick(), contactkit.TaskInput{Title: fmt.Sprint("task ", step)})
				logCall(fmt.Sprint(step, " task"), x, err)
				if err == nil {
					tasks = append(tasks, x.ID)
				}
			case 2:
				if len(tasks) > 0 {
					x, err := svc.CompleteTask(ctx, a, tasks[rng.IntN(len(tasks))])
					logCall(fmt.Sprint(step, " complete task"), x, err)
				}
			}
		case 12:
			var c contact.Contact
			var err error
			if rng.IntN(2) == 0 {
				c, err = svc.BlockContact(ctx, a, pick(), "spam")
			} else {
				c, err = svc.UnblockContact(ctx, a, pick())
			}
			logCall(fmt.Sprint(step, " block or unblock"), c, err)
		case 13:
			q := contactkit.ContactQuery{Text: []string{"ada", "hel", "dupont", "p1", "06 12 34 56 07", "example"}[rng.IntN(6)]}
			if rng.IntN(3) == 0 {
				q = contactkit.ContactQuery{Tag: tags[rng.IntN(len(tags))], Trashed: rng.IntN(2) == 0}
			}
			// Cursors and where pages end are the store's own (a page may
			// be short and still have a Next): the listing, page after
			// page of three, is compared whole.
			var items []contact.Contact
			p := store.PageRequest{Limit: 3}
			var err error
			for range 50 {
				var got store.Page[contact.Contact]
				got, err = svc.ListContacts(ctx, a, q, p)
				items = append(items, got.Items...)
				if err != nil || got.Next == "" {
					break
				}
				p.Cursor = got.Next
			}
			logCall(fmt.Sprintf("%d list %+v", step, q), items, err)
		case 14:
			res, err := svc.FindDuplicates(ctx, a, nil)
			logCall(fmt.Sprint(step, " find duplicates"), res, err)
			if err != nil || len(res.Groups) == 0 {
				break
			}
			g := res.Groups[rng.IntN(len(res.Groups))]
			p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: g.Contacts[0], Others: g.Contacts[1:]})
			logCall(fmt.Sprint(step, " preview merge"), p, err)
			if err != nil {
				break
			}
			r, err := svc.MergeContacts(ctx, a, p)
			logCall(fmt.Sprint(step, " merge"), r, err)
			if err == nil {
				merges = append(merges, r.ID)
			}
		case 15:
			if len(merges) > 0 {
				r, err := svc.UnmergeContacts(ctx, a, merges[rng.IntN(len(merges))])
				logCall(fmt.Sprint(step, " unmerge"), r, err)
			}
		}
	}
	// The state the walk left, in its workspace and in the other.
	for _, a := range []contactkit.Actor{a, b} {
		serviceState(t, svc, a, logCall)
	}
	err := s.View(ctx, func(tx store.Tx) error {
		for _, ws := range []contact.WorkspaceID{a.Workspace, b.Workspace} {
			for e, err := range store.Consent(tx.Records()).All(ctx, ws, store.Query{}) {
				logCall("ledger", e, err)
			}
			for m, err := range store.Memberships(tx.Records()).All(ctx, ws, store.Query{}) {
				logCall("membership", m, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return log, done
}

// serviceState logs the contacts of a's workspace, live and in the trash,
// each with its history and timeline.
func serviceState(t *testing.T, svc *contactkit.Service, a contactkit.Actor, logCall func(string, any, error)) {
	t.Helper()
	ctx := context.Background()
	for _, trashed := range []bool{false, true} {
		for c, err := range svc.Contacts(ctx, a, contactkit.ContactQuery{Trashed: trashed}) {
			logCall("contact", c, err)
			if err != nil {
				break
			}
			for h, err := range svc.History(ctx, a, c.ID, "") {
				logCall("  history", h, err)
			}
			for x, err := range svc.Timeline(ctx, a, c.ID, contactkit.TimelineQuery{}) {
				logCall("  timeline", x, err)
			}
		}
	}
}

// walkSeeds is the number of walks of TestServiceAgreesWithMemstore (40,
// then 30 with the other workspace, agreed when it was written; 6 keep the
// suite quick).
const walkSeeds = 6
