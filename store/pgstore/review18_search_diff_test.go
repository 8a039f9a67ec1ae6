package pgstore_test

// Review (eighteenth round): a differential test of contact search (S1)
// on memstore and pgstore, through the Service, on random workspaces of
// names in many scripts, written composed and decomposed, changed,
// trashed, restored, erased and merged. After every few steps each query
// is asked of both stores, in pages of one to four, and the answers must
// be the same; and a query of words (no phone, no address, no label) must
// find exactly the contacts whose contact.SearchText every word of
// contact.QueryWords starts, as a scan of every contact finds them.
//
//	CONTACTKIT_POSTGRES_URL=... go test -run TestReview18SearchDifferential -v .
//	R18_SEED=n R18_SEEDS=k R18_STEPS=m  (defaults: seed 1818, 3 seeds, 250 steps)

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

var (
	r18First = []string{"Işıl", "İlker", "Straße", "Jürgen", "Zoë", "Søren", "Åse", "Paweł", "Łucja", "Nguyễn", "Đặng",
		"Ὀδυσσεύς", "Σίσυφος", "Фёдор", "Йоханна", "Андрей", "محمد", "فاطمة", "אַבְרָהָם", "שָׂרָה", "王小明", "はなこ", "김민준",
		"สมชาย", "Jean-Luc", "O'Brien", "D’Angelo", "Mary-Kate", "Ǆemal", "Ægir", "Þór", "Hélène", "Ана-Мария", "José",
		"Ĳsbrand", "ΣΟΦΙΑ", "Ольга", "İsmail", "Øystein", "Ærø", "ﬁona", "Ａｄａ", "Ɓello", "Ƙabiru", "𝐀𝐝𝐚", "ᴍɪʟᴇᴠᴀ", "ᴬᵈᵃ"}
	r18Last = []string{"Öztürk", "Çelik", "Müller-Lüdenscheidt", "Großmann", "Kierkegaard", "Wiśniewski", "Żółć", "Trần Thị",
		"Παπαδόπουλος", "Достоевский", "Щербакова", "الأحمد", "כֹּהֵן", "佐藤", "サトウ", "이", "ใจดี", "O’Neil", "McDonald-O'Neil",
		"van der Berg", "de la Cruz", "Smith, Jr.", "Ødegård", "Ångström", "Łódź", "Nuñez"}
	r18Company = []string{"", "AT&T", "Bäcker & Söhne", "İstanbul A.Ş.", "東京株式会社", "Société Générale", "Ωmega", "R2D2 & Co",
		"Café ☕ Noir", "Škoda", "ООО «Ромашка»"}
	r18Tags    = []string{"VIP", "Kunde", "клиент", "عميل", "顧客", "Été 2026", "#lead", "sœur", "Öl", "ﬂow"}
	r18Locals  = []string{"ada", "jean.luc+crm", "zoe", "émile", "o'brien", "иван", "jürgen.müller", "ann_lee", "m.o.n.a"}
	r18Domains = []string{"example.com", "bücher.de", "пример.рф", "a-b.co.uk", "例え.jp"}
)

func TestReview18SearchDifferential(t *testing.T) {
	seed0, seeds, steps := uint64(envInt("R18_SEED", 1818)), envInt("R18_SEEDS", 3), envInt("R18_STEPS", 250)
	for seed := seed0; seed < seed0+uint64(seeds); seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r18Walk(t, seed, steps)
		})
	}
}

func r18Walk(t *testing.T, seed uint64, steps int) {
	ctx := context.Background()
	sides := acc3Sides(t, seed)
	rng := rand.New(rand.NewPCG(seed, 18))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	// form writes s as a user may: decomposed, upper or lower case.
	form := func(s string) string {
		switch rng.IntN(5) {
		case 0:
			return norm.NFD.String(s)
		case 1:
			return strings.ToUpper(s)
		case 2:
			return strings.ToLower(s)
		}
		return s
	}
	var ids []contact.ID
	var log []string
	found := 0 // the word queries that found a contact: the scan is not vacuous
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d (R18_SEED=%d R18_SEEDS=1), after %s: %s", seed, seed, strings.Join(log[max(0, len(log)-8):], "; "), fmt.Sprintf(format, args...))
	}
	// do runs f on both stores, and fails unless both answer alike.
	do := func(desc string, f func(svc *contactkit.Service) (contact.ID, error)) contact.ID {
		t.Helper()
		log = append(log, desc)
		var got []string
		var id contact.ID
		for _, side := range sides {
			i, err := f(side.svc)
			got = append(got, acc3Err(err))
			if err == nil {
				id = i
			}
		}
		if got[0] != got[1] {
			fail("%s: memstore %s, pgstore %s", desc, got[0], got[1])
		}
		if got[0] != "ok" {
			return contact.ID{}
		}
		return id
	}
	some := func() contact.ID { return ids[rng.IntN(len(ids))] }
	patch := func() contact.Patch {
		p := contact.Patch{}
		s := func(v string) *string { return &v }
		if rng.IntN(2) == 0 {
			p.FirstName = s(form(pick(r18First)))
		}
		if rng.IntN(2) == 0 {
			p.LastName = s(form(pick(r18Last)))
		}
		if rng.IntN(3) == 0 {
			p.Company = s(form(pick(r18Company)))
		}
		if rng.IntN(4) == 0 {
			p.Email = s(fmt.Sprintf("%s%d@%s", pick(r18Locals), rng.IntN(50), pick(r18Domains)))
		}
		if rng.IntN(6) == 0 {
			others := []contact.LabeledInput{{Value: fmt.Sprintf("%s%d@%s", pick(r18Locals), 50+rng.IntN(50), pick(r18Domains))}}
			p.OtherEmails = &others
		}
		if rng.IntN(5) == 0 {
			p.Phone = s(fmt.Sprintf("06 12 34 %02d %02d", rng.IntN(10), rng.IntN(100)))
		}
		if rng.IntN(8) == 0 {
			p.Alias = s(form(pick(r18First)))
		}
		return p
	}
	// query makes a search text from the words of a contact, or of the
	// vocabulary.
	query := func() string {
		var words []string
		if len(ids) > 0 && rng.IntN(4) > 0 {
			c, err := sides[0].svc.GetContact(ctx, acc3Actor, some())
			if err == nil {
				words = contact.SearchWords(&c)
			}
		}
		if len(words) == 0 {
			words = contact.QueryWords(pick(r18First) + " " + pick(r18Last) + " " + pick(r18Tags))
		}
		if len(words) == 0 {
			return "zz"
		}
		var q []string
		for range 1 + rng.IntN(3) {
			w := []rune(words[rng.IntN(len(words))])
			if rng.IntN(2) == 0 {
				w = w[:1+rng.IntN(len(w))]
			}
			q = append(q, form(string(w)))
		}
		return strings.Join(q, pick([]string{" ", " ", ", ", " - "}))
	}
	check := func() {
		t.Helper()
		// Every contact of both stores, live and trashed, for the scan.
		var all []contact.Contact
		for _, trashed := range []bool{false, true} {
			for c, err := range sides[0].svc.Contacts(ctx, acc3Actor, contactkit.ContactQuery{Trashed: trashed}) {
				if err != nil {
					fail("list: %v", err)
				}
				all = append(all, c)
			}
		}
		for range 12 {
			q := contactkit.ContactQuery{Text: query(), Trashed: rng.IntN(4) == 0}
			limit := 1 + rng.IntN(4)
			var answers [][]contact.ID
			for _, side := range sides {
				got, errc := acc3List(side.svc, q, limit)
				if errc != "ok" {
					fail("%s %q: %s", side.name, q.Text, errc)
				}
				answers = append(answers, got)
			}
			if !slices.Equal(answers[0], answers[1]) {
				fail("%q (trashed %v, pages of %d): memstore %v, pgstore %v", q.Text, q.Trashed, limit, answers[0], answers[1])
			}
			if strings.ContainsAny(q.Text, "0123456789@:") {
				continue // a phone, an address or a label: not words alone
			}
			words := contact.QueryWords(q.Text)
			var want []contact.ID
			for i := range all {
				c := &all[i]
				if c.Trashed() != q.Trashed || len(words) == 0 {
					continue
				}
				text := contact.SearchText(c)
				if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, " "+w) }) {
					want = append(want, c.ID)
				}
			}
			slices.SortFunc(want, contact.ID.Compare)
			if len(want) > 0 {
				found++
			}
			if !slices.Equal(answers[0], want) {
				fail("%q (trashed %v, words %q): the stores find %v, a scan %v", q.Text, q.Trashed, words, answers[0], want)
			}
		}
	}
	for step := range steps {
		switch k := rng.IntN(20); {
		case k < 6 || len(ids) < 4:
			in := contactkit.ContactInput{Patch: patch()}
			if rng.IntN(2) == 0 {
				in.Tags = []string{form(pick(r18Tags))}
			}
			if in.FirstName == nil && in.LastName == nil {
				v := form(pick(r18First))
				in.FirstName = &v
			}
			if id := do(fmt.Sprintf("create %+v", in), func(svc *contactkit.Service) (contact.ID, error) {
				c, err := svc.CreateContact(ctx, acc3Actor, in)
				return c.ID, err
			}); !id.IsZero() {
				ids = append(ids, id)
			}
		case k < 11:
			id, p := some(), patch()
			do(fmt.Sprintf("update %s %+v", id, p), func(svc *contactkit.Service) (contact.ID, error) {
				c, err := svc.UpdateContact(ctx, acc3Actor, id, p)
				return c.ID, err
			})
		case k < 13:
			id, n := some(), form(pick(r18Tags))
			untag := rng.IntN(2) == 0
			do(fmt.Sprintf("tag %s %q (untag %v)", id, n, untag), func(svc *contactkit.Service) (contact.ID, error) {
				if untag {
					c, err := svc.UntagContact(ctx, acc3Actor, id, n)
					return c.ID, err
				}
				c, err := svc.TagContact(ctx, acc3Actor, id, n)
				return c.ID, err
			})
		case k < 15:
			id := some()
			do("delete "+id.String(), func(svc *contactkit.Service) (contact.ID, error) {
				c, err := svc.DeleteContact(ctx, acc3Actor, id)
				return c.ID, err
			})
		case k < 16:
			id := some()
			do("restore "+id.String(), func(svc *contactkit.Service) (contact.ID, error) {
				c, err := svc.RestoreContact(ctx, acc3Actor, id)
				return c.ID, err
			})
		case k < 17:
			id := some()
			do("erase "+id.String(), func(svc *contactkit.Service) (contact.ID, error) {
				return id, svc.EraseContact(ctx, acc3Actor, id)
			})
		default:
			a, b := some(), some()
			do(fmt.Sprintf("merge %s into %s", b, a), func(svc *contactkit.Service) (contact.ID, error) {
				p, err := svc.PreviewMerge(ctx, acc3Actor, contactkit.MergeRequest{Primary: a, Others: []contact.ID{b}})
				if err != nil {
					return a, err
				}
				_, err = svc.MergeContacts(ctx, acc3Actor, p)
				return a, err
			})
		}
		if step%10 == 9 {
			check()
		}
	}
	check()
	if found < steps/20 {
		t.Fatalf("seed %d: %d word queries found a contact: the walk tests too little", seed, found)
	}
	t.Logf("seed %d: %d contacts, %d word queries found one", seed, len(ids), found)
}
