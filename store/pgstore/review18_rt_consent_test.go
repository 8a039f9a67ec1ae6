package pgstore_test

// The review's random imports against random workspaces
// (review18_rt_consent_test.go of the root module) on PostgreSQL: the
// same outcomes and the same workspace as on the memory store, and no
// address unsubscribed by a choice is subscribed after (L4).

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

func rc18Must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type rc18World struct {
	svc   *contactkit.Service
	lists []list.ID
	ids   []string // the IDs of the contacts, live or not
}

const rc18Pool = fixture.ConsentPool

func rc18Email(i int) string { return fixture.ConsentEmail(i) }
func rc18Phone(i int) string { return fixture.ConsentPhone(i) }

func rc18NewWorld(t *testing.T, seed uint64, st store.Store) *rc18World {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 18))
	w := &rc18World{svc: contactkit.New(st, fixture.ConsentOptions(seed))}
	var err error
	w.lists, w.ids, err = fixture.ConsentWorld(context.Background(), w.svc, rv18Actor, r)
	rc18Must(t, err)
	return w
}

type rc18Row = map[string]string

func rc18File(r *rand.Rand, rows int, ids []string) (string, []rc18Row) {
	return fixture.ConsentImportFile(r, rows, ids)
}

type rc18Addr struct {
	chn  list.Channel
	addr string
}

func rc18Ledger(t *testing.T, svc *contactkit.Service) map[rc18Addr]list.Consent {
	t.Helper()
	out := map[rc18Addr]list.Consent{}
	get := func(chn list.Channel, addr string) {
		c, err := svc.AddressConsent(context.Background(), rv18Actor, chn, addr)
		rc18Must(t, err)
		out[rc18Addr{chn, addr}] = c
	}
	for i := range rc18Pool + 2 {
		get(list.ChannelEmail, rc18Email(i))
		for _, chn := range []list.Channel{list.ChannelSMS, list.ChannelWhatsApp} {
			get(chn, rc18Phone(i))
		}
	}
	return out
}

func rc18Options(r *rand.Rand, w *rc18World) contactkit.ImportOptions {
	o := contactkit.ImportOptions{
		Mode:      []contactkit.ImportMode{contactkit.ImportUpsert, contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly}[r.IntN(3)],
		BatchSize: []int{1, 3, 500}[r.IntN(3)],
		Workers:   1 + r.IntN(2),
	}
	if r.IntN(3) == 0 {
		o.UnsubscribeAll = true
	}
	if r.IntN(2) == 0 {
		o.Lists = []list.ID{w.lists[r.IntN(len(w.lists))]}
	}
	if r.IntN(2) == 0 {
		o.Tags = []string{"imported"}
	}
	if r.IntN(6) == 0 {
		o.SuppressionOnly = true
	}
	return o
}

// rc18State is the workspace as text, IDs included (both stores draw the
// same): each live contact with its addresses, tags, status and
// memberships, then the ledger.
func rc18State(t *testing.T, w *rc18World) string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	for c, err := range w.svc.Contacts(ctx, rv18Actor, contactkit.ContactQuery{}) {
		rc18Must(t, err)
		var ms []string
		for i, l := range w.lists {
			for m, err := range w.svc.Memberships(ctx, rv18Actor, contactkit.MembershipQuery{List: l, Contact: c.ID}) {
				rc18Must(t, err)
				ms = append(ms, fmt.Sprintf("list%d:%s", i, m.Status))
			}
		}
		var es, ps []string
		for _, e := range c.Emails() {
			es = append(es, e.String())
		}
		for _, p := range c.Phones() {
			ps = append(ps, p.String())
		}
		lines = append(lines, fmt.Sprintf("%s %s %q %v %v %v %s %s %v", c.ID, c.FirstName, c.EmailLabel, es, ps, c.Tags, c.BirthDate, c.Status, ms))
	}
	slices.Sort(lines)
	var ls []string
	for a, s := range rc18Ledger(t, w.svc) {
		ls = append(ls, fmt.Sprintf("%s %s %s default=%v", a.chn, a.addr, s.Status, s.Default))
	}
	slices.Sort(ls)
	return strings.Join(append(lines, ls...), "\n")
}

// Random files imported into random workspaces with random options give,
// on PostgreSQL, the outcomes and the workspace they give on the memory
// store, dry runs included, and never resubscribe an address (L4).
func TestReview18RTPgstoreImportConsentParity(t *testing.T) {
	for seed := range uint64(24) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1881))
			mem := rc18NewWorld(t, seed, memstore.New())
			pg := rc18NewWorld(t, seed, pgstore.New(pgstore.NewTestPool(t), nil))
			data, _ := rc18File(r, 25, mem.ids)
			o := rc18Options(r, mem)
			before := rc18Ledger(t, pg.svc)
			for _, dry := range []bool{true, false} {
				o.DryRun = dry
				rm, om := rv18ImportRows(t, mem.svc, data, o)
				rp, op := rv18ImportRows(t, pg.svc, data, o)
				if !slices.Equal(om, op) || rm != rp {
					t.Fatalf("seed %d dry %v: outcomes differ\nmem %+v %q\npg  %+v %q", seed, dry, rm, om, rp, op)
				}
				if sm, sp := rc18State(t, mem), rc18State(t, pg); sm != sp {
					t.Fatalf("seed %d dry %v: workspaces differ\nmem:\n%s\npg:\n%s", seed, dry, sm, sp)
				}
			}
			after := rc18Ledger(t, pg.svc)
			for a, s := range before {
				if s.Status == list.ConsentUnsubscribed && !s.Default && after[a].Status != list.ConsentUnsubscribed {
					t.Errorf("seed %d: %v resubscribed", seed, a)
				}
			}
		})
	}
}

// rv18ImportRows imports data into svc with the mapping Suggest gives
// and returns every row's outcome.
func rv18ImportRows(t *testing.T, svc *contactkit.Service, data string, o contactkit.ImportOptions) (contactkit.ImportResult, []string) {
	t.Helper()
	var rows []string
	o.OnRow = func(x contactkit.ImportRow) {
		rows = append(rows, fmt.Sprintf("line %d %s %s dup=%d contact=%s err=%v", x.Line, x.Outcome, x.Skip, x.DuplicateOf, x.Contact, x.Err))
	}
	res, _ := rv18Import(t, svc, []byte(data), &o)
	return res, rows
}
