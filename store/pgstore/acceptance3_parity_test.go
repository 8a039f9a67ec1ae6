package pgstore_test

// Acceptance (third round): search parity between memstore and pgstore,
// driven through the public Service with adversarial, multi-script data.
//
// DESIGN.md §3 (the store seam): "No domain rule in an adapter … Adapters
// store canonical values and compare them byte for byte", and
// store.Contacts.List: "Paging through every page visits each matching
// contact exactly once, even while other transactions write." The same
// sequence of calls on memstore and on pgstore must therefore list the
// same contacts in the same order (ID order) and fail with the same error
// categories. Search semantics are S1 (every query word starts a word of
// contact.SearchText).
//
//	CONTACTKIT_POSTGRES_URL=... go test -run TestAcc3 -v .
//	ACC3_SEEDS, ACC3_STEPS tune the random walk.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

var acc3Actor = contactkit.Actor{Workspace: "acc3", User: "owner", Role: contactkit.RoleOwner}

type acc3Side struct {
	name string
	svc  *contactkit.Service
}

// acc3Sides returns a Service on memstore and one on pgstore with the same
// deterministic IDs and clock.
func acc3Sides(t *testing.T, seed uint64) []*acc3Side {
	t.Helper()
	pool := pgstore.NewTestPool(t)
	stores := []store.Store{memstore.New(), pgstore.New(pool, nil)}
	names := []string{"memstore", "pgstore"}
	var sides []*acc3Side
	for i, st := range stores {
		idr := rand.New(rand.NewPCG(seed, 99))
		clock := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
		svc := contactkit.New(st, &contactkit.Options{
			DefaultRegion: "FR",
			Now: func() time.Time {
				clock = clock.Add(time.Millisecond)
				return clock
			},
			NewID: func() (uuid.UUID, error) {
				return randomV4(idr), nil
			},
		})
		sides = append(sides, &acc3Side{name: names[i], svc: svc})
	}
	return sides
}

func acc3Err(err error) string {
	if err == nil {
		return "ok"
	}
	var kinds []string
	for _, e := range []struct {
		n string
		e error
	}{{"notfound", contactkit.ErrNotFound}, {"conflict", contactkit.ErrConflict}, {"exists", contactkit.ErrAlreadyExists},
		{"input", contactkit.ErrInvalidInput}, {"cursor", store.ErrInvalidCursor}, {"invalid", store.ErrInvalid},
		{"trashed", contactkit.ErrTrashed}, {"nottrashed", contactkit.ErrNotTrashed}, {"perm", contactkit.ErrPermission}} {
		if errors.Is(err, e.e) {
			kinds = append(kinds, e.n)
		}
	}
	if len(kinds) == 0 {
		return "other: " + err.Error()
	}
	return "error: " + strings.Join(kinds, ",")
}

// acc3List pages through q with the given limit and returns the IDs in
// order, or the error category.
func acc3List(svc *contactkit.Service, q contactkit.ContactQuery, limit int) ([]contact.ID, string) {
	var ids []contact.ID
	cursor := ""
	for range 100000 {
		p, err := svc.ListContacts(context.Background(), acc3Actor, q, store.PageRequest{Cursor: cursor, Limit: limit})
		if err != nil {
			return ids, acc3Err(err)
		}
		for _, c := range p.Items {
			ids = append(ids, c.ID)
		}
		if p.Next == "" {
			return ids, "ok"
		}
		cursor = p.Next
	}
	return ids, "no end"
}

var (
	acc3First = []string{"Hélène", "Helena", "Οδυσσεύς", "Фёдор", "Фёкла", "محمد", "小明", "ガブリエル", "민준", "IŞIL", "İlker",
		"Jürgen", "Œdipe", "Søren", "Łukasz", "Zoë", "Ann 🎉", "Seán", "Jean-Pierre", "ＡＤＡ", "Straße", "ﬁona", "Ǆemal", "O'Brien",
		"Marie Claire", "Nguyễn", "Þór", "ΣΊΣΥΦΟΣ", "ǅokić", "Ægir"}
	acc3Last = []string{"Dupré", "Παπαδόπουλος", "Достоевский", "الأحمد", "王", "サトウ", "김", "İNCE", "Großmann", "Kierkegaard",
		"Wiśniewski", "Łódź", "O’Brien", "Smith, Jr.", "100% Pure", "snake_case", "back\\slash", "50_50", "a%b", "Ƀolt"}
	acc3Company = []string{"", "AT&T", "東京株式会社", "Cœur Ltd", "Müller GmbH", "İstanbul A.Ş.", "3M", "R2D2 & Co", "ＦＵＬＬ", "Ⅻ Corp", "Ꙩ"}
	acc3Tags    = []string{"VIP", "vip⭐", "🔥", "Été 2026", "#pioneer", "Kunde", "клиент", "عميل", "顧客", "50%", "a_b"}
	acc3Locals  = []string{"ada", "helene.dupre+crm", "zoe", "émile", "j_p", "a%b", "o'brien", "δοκιμή", "иван", "用户"}
	acc3Domains = []string{"example.com", "exämple.de", "xn--bcher-kva.de", "пример.рф", "例え.jp", "a-b.co.uk"}
)

type acc3Walk struct {
	t     *testing.T
	rng   *rand.Rand
	sides []*acc3Side
	ids   []contact.ID
	log   []string
	// words seen in contacts, for queries
	words []string
}

func (w *acc3Walk) pick(xs []string) string { return xs[w.rng.IntN(len(xs))] }

func (w *acc3Walk) fail(format string, args ...any) {
	w.t.Helper()
	tail := w.log
	if len(tail) > 15 {
		tail = tail[len(tail)-15:]
	}
	w.t.Fatalf(format+"\nrecent calls:\n%s", append(args, strings.Join(tail, "\n"))...)
}

// write runs f on both sides and compares the outcomes (error category and
// the contact's SearchText).
func (w *acc3Walk) write(desc string, f func(s *acc3Side) (contact.Contact, error)) (contact.Contact, bool) {
	w.t.Helper()
	w.log = append(w.log, desc)
	var outs []string
	var first contact.Contact
	var ok bool
	for i, s := range w.sides {
		c, err := f(s)
		out := acc3Err(err)
		if err == nil {
			out = c.ID.String() + contact.SearchText(&c)
		}
		if i == 0 {
			first, ok = c, err == nil
		}
		outs = append(outs, out)
	}
	if outs[0] != outs[1] {
		w.fail("%s: memstore %q, pgstore %q", desc, outs[0], outs[1])
	}
	return first, ok
}

func (w *acc3Walk) email() string {
	return w.pick(acc3Locals) + fmt.Sprint(w.rng.IntN(50)) + "@" + w.pick(acc3Domains)
}

func (w *acc3Walk) patch() contact.Patch {
	var p contact.Patch
	s := func(v string) *string { return &v }
	if w.rng.IntN(2) == 0 {
		p.FirstName = s(w.pick(acc3First))
	}
	if w.rng.IntN(2) == 0 {
		p.LastName = s(w.pick(acc3Last))
	}
	if w.rng.IntN(3) == 0 {
		p.Company = s(w.pick(acc3Company))
	}
	if w.rng.IntN(4) == 0 {
		p.City = s(w.pick([]string{"İstanbul", "Łódź", "Saint-Étienne", "Москва", "القاهرة", ""}))
	}
	if w.rng.IntN(4) == 0 {
		p.JobTitle = s(w.pick([]string{"CEO", "Développeur", "Инженер", "", "Head of Σales"}))
	}
	if w.rng.IntN(3) == 0 {
		p.Email = s(w.email())
	}
	if w.rng.IntN(3) == 0 {
		p.Phone = s(fmt.Sprintf("06 %02d %02d %02d %02d", w.rng.IntN(100), w.rng.IntN(100), w.rng.IntN(100), w.rng.IntN(100)))
	}
	if w.rng.IntN(5) == 0 {
		o := []contact.LabeledInput{{Value: w.email(), Label: "work"}}
		p.OtherEmails = &o
	}
	return p
}

func (w *acc3Walk) queryText() string {
	switch w.rng.IntN(10) {
	case 0:
		return w.pick([]string{"%", "_", "\\", "a%", "50%", "snake_", "a_b", "100%", "%%", "back\\", "🔥", "⭐", "...", "Tel:", "ǆ", "dz", "ⅻ", "xii", "full", "ｆｕｌｌ"})
	case 1:
		return w.email()
	}
	if len(w.words) == 0 {
		return "a"
	}
	one := func() string {
		r := []rune(w.pick(w.words))
		if len(r) > 1 && w.rng.IntN(2) == 0 {
			r = r[:1+w.rng.IntN(len(r))]
		}
		s := string(r)
		switch w.rng.IntN(3) {
		case 0:
			s = strings.ToUpper(s)
		case 1:
			s = strings.ToLower(s)
		}
		return s
	}
	if w.rng.IntN(3) == 0 {
		return one() + " " + one()
	}
	return one()
}

func (w *acc3Walk) compareQuery(q contactkit.ContactQuery) {
	w.t.Helper()
	limit := []int{0, 1, 3, 1000, -5, 5000}[w.rng.IntN(6)]
	var lists [][]contact.ID
	var errs []string
	for _, s := range w.sides {
		ids, e := acc3List(s.svc, q, limit)
		lists = append(lists, ids)
		errs = append(errs, e)
	}
	w.log = append(w.log, fmt.Sprintf("list %+v limit %d -> %d %s", q, limit, len(lists[0]), errs[0]))
	if errs[0] != errs[1] || !slices.Equal(lists[0], lists[1]) {
		w.fail("query %+v (limit %d): memstore %s %d contacts %v\npgstore %s %d contacts %v",
			q, limit, errs[0], len(lists[0]), lists[0], errs[1], len(lists[1]), lists[1])
	}
}

func TestAcc3SearchParityRandom(t *testing.T) {
	seeds := envInt("ACC3_SEEDS", 3)
	steps := envInt("ACC3_STEPS", 400)
	seed0 := envInt("ACC3_SEED0", 1)
	for seed := uint64(seed0); seed < uint64(seed0+seeds); seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := context.Background()
			w := &acc3Walk{t: t, rng: rand.New(rand.NewPCG(seed, 3)), sides: acc3Sides(t, seed)}
			for step := 0; step < steps; step++ {
				switch r := w.rng.IntN(20); {
				case r < 7 || len(w.ids) < 5:
					in := contactkit.ContactInput{Patch: w.patch()}
					if in.FirstName == nil {
						in.FirstName = &acc3First[w.rng.IntN(len(acc3First))]
					}
					if w.rng.IntN(2) == 0 {
						in.Tags = []string{w.pick(acc3Tags), w.pick(acc3Tags)}
					}
					c, ok := w.write("create", func(s *acc3Side) (contact.Contact, error) { return s.svc.CreateContact(ctx, acc3Actor, in) })
					if ok {
						w.ids = append(w.ids, c.ID)
						w.words = append(w.words, strings.Fields(contact.SearchText(&c))...)
						w.words = append(w.words, c.FirstName, c.LastName)
					}
				case r < 10:
					id := w.ids[w.rng.IntN(len(w.ids))]
					p := w.patch()
					w.write("update", func(s *acc3Side) (contact.Contact, error) { return s.svc.UpdateContact(ctx, acc3Actor, id, p) })
				case r < 12:
					id := w.ids[w.rng.IntN(len(w.ids))]
					w.write("delete", func(s *acc3Side) (contact.Contact, error) { return s.svc.DeleteContact(ctx, acc3Actor, id) })
				case r < 13:
					id := w.ids[w.rng.IntN(len(w.ids))]
					w.write("restore", func(s *acc3Side) (contact.Contact, error) { return s.svc.RestoreContact(ctx, acc3Actor, id) })
				case r < 14:
					id := w.ids[w.rng.IntN(len(w.ids))]
					tg := w.pick(acc3Tags)
					if w.rng.IntN(2) == 0 {
						w.write("tag "+tg, func(s *acc3Side) (contact.Contact, error) { return s.svc.TagContact(ctx, acc3Actor, id, tg) })
					} else {
						w.write("untag "+tg, func(s *acc3Side) (contact.Contact, error) { return s.svc.UntagContact(ctx, acc3Actor, id, tg) })
					}
				default:
					q := contactkit.ContactQuery{Text: w.queryText()}
					if w.rng.IntN(5) == 0 {
						q.Trashed = true
					}
					if w.rng.IntN(6) == 0 {
						q.Tag = w.pick(acc3Tags)
					}
					w.compareQuery(q)
				}
			}
		})
	}
}

// TestAcc3SearchParityPagingUnderChanges: many contacts whose words share
// prefixes (more than 256 words under one prefix, so that memstore answers
// some queries from its word index and others by a walk), long names
// rewritten again and again (memstore compacts its word text), and pages
// read while contacts are created, renamed, deleted and restored between
// them. Both stores must list the same contacts, page by page, and the
// listing must hold each contact once.
func TestAcc3SearchParityPagingUnderChanges(t *testing.T) {
	ctx := context.Background()
	w := &acc3Walk{t: t, rng: rand.New(rand.NewPCG(42, 42)), sides: acc3Sides(t, 42)}
	s := func(v string) *string { return &v }
	long := func(i int) string {
		var b strings.Builder
		for b.Len() < 240 {
			fmt.Fprintf(&b, "Ωmega%dx%d", i, w.rng.IntN(1e6))
		}
		return b.String()[:240]
	}
	for i := range 320 {
		in := contactkit.ContactInput{Patch: contact.Patch{FirstName: s(fmt.Sprintf("Zéd%03d", i)), LastName: s(long(i)),
			Company: s([]string{"Zeta", "Zèta Corp", "Ζήτα", "zed-co"}[i%4])}}
		if i%3 == 0 {
			in.Tags = []string{"zed", fmt.Sprintf("z%d", i%7)}
		}
		c, ok := w.write(fmt.Sprintf("create %d", i), func(s *acc3Side) (contact.Contact, error) { return s.svc.CreateContact(ctx, acc3Actor, in) })
		if !ok {
			t.Fatalf("create %d failed", i)
		}
		w.ids = append(w.ids, c.ID)
	}
	// Churn the long names: memstore's word text goes dead and is compacted.
	for k := range 400 {
		id := w.ids[w.rng.IntN(len(w.ids))]
		p := contact.Patch{LastName: s(long(k + 1000))}
		w.write("rename", func(s *acc3Side) (contact.Contact, error) { return s.svc.UpdateContact(ctx, acc3Actor, id, p) })
	}
	queries := []string{"z", "ze", "zed", "zed0", "zed1", "zed 1", "zeta", "zed zeta", "ωmega", "ωmega1", "omega", "ζητα", "zed co", "zedco", "zed2 zed"}
	for _, q := range queries {
		for _, tr := range []bool{false, true} {
			w.compareQuery(contactkit.ContactQuery{Text: q, Trashed: tr})
		}
	}
	// Pages under changes, in lockstep.
	for _, q := range []string{"zed", "ze", "zed1", "zeta", "ωmega"} {
		for _, limit := range []int{1, 7, 64} {
			cursors := make([]string, len(w.sides))
			seen := make([]map[contact.ID]int, len(w.sides))
			for i := range seen {
				seen[i] = map[contact.ID]int{}
			}
			for page := 0; ; page++ {
				var items [][]contact.ID
				var nexts []string
				for i, sd := range w.sides {
					p, err := sd.svc.ListContacts(ctx, acc3Actor, contactkit.ContactQuery{Text: q}, store.PageRequest{Cursor: cursors[i], Limit: limit})
					if err != nil {
						t.Fatalf("%s: q %q page %d: %v", sd.name, q, page, err)
					}
					var ids []contact.ID
					for _, c := range p.Items {
						ids = append(ids, c.ID)
						seen[i][c.ID]++
						if seen[i][c.ID] > 1 {
							t.Fatalf("%s: q %q limit %d: %s listed twice", sd.name, q, limit, c.ID)
						}
					}
					items = append(items, ids)
					nexts = append(nexts, p.Next)
					cursors[i] = p.Next
				}
				if !slices.Equal(items[0], items[1]) {
					w.fail("q %q limit %d page %d: memstore %v (next %q), pgstore %v (next %q)", q, limit, page, items[0], nexts[0], items[1], nexts[1])
				}
				if (nexts[0] == "") != (nexts[1] == "") {
					// The contract lets a full last page carry a Next: the
					// page after it must then be empty and last.
					for i, sd := range w.sides {
						if cursors[i] == "" {
							continue
						}
						p, err := sd.svc.ListContacts(ctx, acc3Actor, contactkit.ContactQuery{Text: q}, store.PageRequest{Cursor: cursors[i], Limit: limit})
						if err != nil || len(p.Items) != 0 || p.Next != "" {
							w.fail("%s: q %q: the page after a last page gave %d items, next %q, err %v", sd.name, q, len(p.Items), p.Next, err)
						}
					}
					break
				}
				if nexts[0] == "" || page > 5000 {
					break
				}
				// Between pages: create one that matches, rename one, delete one, restore one.
				i := len(w.ids)
				in := contactkit.ContactInput{Patch: contact.Patch{FirstName: s(fmt.Sprintf("Zéd%03d", i)), LastName: s(long(i))}}
				if c, ok := w.write("create", func(s *acc3Side) (contact.Contact, error) { return s.svc.CreateContact(ctx, acc3Actor, in) }); ok {
					w.ids = append(w.ids, c.ID)
				}
				id := w.ids[w.rng.IntN(len(w.ids))]
				p := contact.Patch{FirstName: s([]string{"Zed", "Other", "Ζed", "Zeta"}[w.rng.IntN(4)] + fmt.Sprint(w.rng.IntN(500)))}
				w.write("rename", func(s *acc3Side) (contact.Contact, error) { return s.svc.UpdateContact(ctx, acc3Actor, id, p) })
				id = w.ids[w.rng.IntN(len(w.ids))]
				w.write("delete", func(s *acc3Side) (contact.Contact, error) { return s.svc.DeleteContact(ctx, acc3Actor, id) })
				id = w.ids[w.rng.IntN(len(w.ids))]
				w.write("restore", func(s *acc3Side) (contact.Contact, error) { return s.svc.RestoreContact(ctx, acc3Actor, id) })
			}
		}
	}
	for _, q := range queries {
		w.compareQuery(contactkit.ContactQuery{Text: q})
	}
}

// TestAcc3SearchParityAdversarialInputs: odd texts, tags and cursors give
// the same answer (contacts, or error category) on both stores.
func TestAcc3SearchParityAdversarialInputs(t *testing.T) {
	ctx := context.Background()
	w := &acc3Walk{t: t, rng: rand.New(rand.NewPCG(7, 7)), sides: acc3Sides(t, 7)}
	s := func(v string) *string { return &v }
	for i, f := range acc3First {
		in := contactkit.ContactInput{Patch: contact.Patch{FirstName: s(f), LastName: s(acc3Last[i%len(acc3Last)]), Company: s(acc3Company[i%len(acc3Company)]),
			Email: s(fmt.Sprintf("%s%d@%s", acc3Locals[i%len(acc3Locals)], i, acc3Domains[i%len(acc3Domains)])),
			Phone: s(fmt.Sprintf("06 12 34 56 %02d", i))}, Tags: []string{acc3Tags[i%len(acc3Tags)]}}
		c, ok := w.write("create "+f, func(s *acc3Side) (contact.Contact, error) { return s.svc.CreateContact(ctx, acc3Actor, in) })
		if ok {
			w.ids = append(w.ids, c.ID)
		}
	}
	// a cursor each store really handed out, for the other listings
	var handed []string
	for _, sd := range w.sides {
		p, err := sd.svc.ListContacts(ctx, acc3Actor, contactkit.ContactQuery{}, store.PageRequest{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		handed = append(handed, p.Next)
	}
	texts := []string{"a\xffb", "\xff", "\x00", "a\x00b", "ada\u200b", "\u202eada", "ＡＤＡ", strings.Repeat("a", 1000), strings.Repeat("a", 1001),
		strings.Repeat("é", 500), strings.Repeat("é ", 333), strings.Repeat("06 ", 300), "%", "_", "\\", "%a", "a%b", "50%", "snake_case", "back\\slash",
		"Tel:", "mailto:", "@", "a@b", "@@", "+", "++33612345601", "0", "00", "06", "06 12 34 56 01", "06 12 34 56 01 06 12 34 56 02", "ⅻ", "xii", "ǆ", "ß", "ẞ", "ſ", "ﬆ", "ŉ",
		"İ", "ı", "i̇", "σ", "ς", "Σ", "ひ", "ヒ", "ｶ", "카", "ᄏ", "𝔸", "𝕒𝕕𝕒"}
	tags := []string{"", "VIP", "vip", "🔥", "50%", "a_b", "\xff", "  ", strings.Repeat("t", 300)}
	for _, tx := range texts {
		for _, tg := range tags {
			for _, tr := range []bool{false, true} {
				w.compareQuery(contactkit.ContactQuery{Text: tx, Tag: tg, Trashed: tr})
			}
		}
	}
	// Cursors: garbage, another store's, another listing's shape.
	for _, cur := range []string{"x", "c1", "c.", "c1zz", "c.AAAA", handed[0], handed[1], "r.e30", "h1" + strings.Repeat("0", 32) + ".1", "c1" + strings.Repeat("f", 32), "c." + strings.Repeat("_", 22)} {
		for _, tx := range []string{"", "zoe", "...", "06 12 34 56 01"} {
			var outs []string
			for _, sd := range w.sides {
				p, err := sd.svc.ListContacts(ctx, acc3Actor, contactkit.ContactQuery{Text: tx}, store.PageRequest{Cursor: cur, Limit: 5})
				outs = append(outs, fmt.Sprintf("%s/%d", acc3Err(err), len(p.Items)))
			}
			// a cursor of the other store is not comparable; still, each
			// store must answer ErrInvalidCursor for what it did not hand out.
			t.Logf("cursor %q text %q: memstore %s, pgstore %s", cur, tx, outs[0], outs[1])
		}
	}
}
