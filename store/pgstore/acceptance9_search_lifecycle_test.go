package pgstore_test

// Acceptance (ninth round, issue 9 "Fast at a million contacts"): the
// search index follows every lifecycle call, on both stores, and agrees
// with a full scan. Earlier rounds compared memstore and pgstore through
// create, update, delete, restore and tags; this walk adds merges,
// unmerges, erasure, purge of the trash, blocking, secondary phones and
// emails, and queries that mix a name with a phone, with the Status and
// Tag filters; and each store's word answers are checked against a scan
// of its own contacts (contact.SearchText), as the issue asks ("the same
// answers as a full scan (a differential test)").
//
//	CONTACTKIT_POSTGRES_URL=... go test -run TestAcc9 .
//	ACC9_SEEDS, ACC9_STEPS tune the walk.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// acc9Sides is acc3Sides with a short restore window (so that PurgeTrash
// erases) in a workspace of its own.
func acc9Sides(t *testing.T, seed uint64, window time.Duration) []*acc3Side {
	t.Helper()
	pool := pgstore.NewTestPool(t)
	stores := []store.Store{memstore.New(), pgstore.New(pool, nil)}
	names := []string{"memstore", "pgstore"}
	var sides []*acc3Side
	for i, st := range stores {
		idr := rand.New(rand.NewPCG(seed, 999))
		clock := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		svc := contactkit.New(st, &contactkit.Options{
			DefaultRegion: "FR",
			RestoreWindow: &window,
			Now: func() time.Time {
				clock = clock.Add(time.Millisecond)
				return clock
			},
			NewID: func() (uuid.UUID, error) { return randomV4(idr), nil },
		})
		sides = append(sides, &acc3Side{name: names[i], svc: svc})
	}
	return sides
}

var acc9Actor = contactkit.Actor{Workspace: "acc9", User: "owner", Role: contactkit.RoleOwner}

func acc9All(t *testing.T, svc *contactkit.Service, trashed bool) []contact.Contact {
	t.Helper()
	var out []contact.Contact
	for c, err := range svc.Contacts(context.Background(), acc9Actor, contactkit.ContactQuery{Trashed: trashed}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func acc9IDs(t *testing.T, svc *contactkit.Service, q contactkit.ContactQuery, limit int) ([]contact.ID, string) {
	var ids []contact.ID
	cursor := ""
	for range 100000 {
		p, err := svc.ListContacts(context.Background(), acc9Actor, q, store.PageRequest{Cursor: cursor, Limit: limit})
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

// TestAcc9SearchFollowsLifecycle: a random walk of creates, updates,
// merges, unmerges, deletes, restores, erasures, purges, blocks and tags,
// the same on memstore and pgstore; after each write, searches by words,
// by email, by phone (national and international) and by name and phone
// give the same contacts on both stores, and the word searches give what
// a scan of the store's own contacts gives.
func TestAcc9SearchFollowsLifecycle(t *testing.T) {
	seeds := envInt("ACC9_SEEDS", 2)
	steps := envInt("ACC9_STEPS", 250)
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			acc9Walk(t, seed, steps)
		})
	}
}

func acc9Walk(t *testing.T, seed uint64, steps int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 9))
	sides := acc9Sides(t, seed, 40*time.Millisecond)
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	s := func(v string) *string { return &v }
	firsts := []string{"Hélène", "Helena", "Ǉubica", "İlker", "Işıl", "Ólafur", "Jean-Luc", "Mary-Jane", "Seán", "Nguyễn", "Zoë", "Ольга", "Οδυσσέας", "محمد", "小明", "Ｍｉｋｉ", "Straße", "Æsa"}
	lasts := []string{"O'Brien", "D’Angelo", "Dupré", "Weiß", "Łódź", "Văn Đức", "Ёлкина", "Παπαδόπουλος", "عبد الله", "山田", "Øster", "Smith-Jones"}
	companies := []string{"", "AT&T", "Müller GmbH", "Cœur Ltd", "İstanbul A.Ş.", "ＦＵＬＬ Co"}
	tags := []string{"VIP", "Été 2026", "клиент", "顧客", "#pioneer"}
	phone := func() string {
		return fmt.Sprintf("06 %02d %02d %02d %02d", rng.IntN(3), rng.IntN(100), rng.IntN(100), rng.IntN(100))
	}
	email := func() string {
		return pick([]string{"ann", "jean.luc", "o.brien", "zoe+crm", "hélène"}) + fmt.Sprint(rng.IntN(30)) + "@" + pick([]string{"example.com", "bücher.de", "a-b.co.uk"})
	}
	var ids []contact.ID
	var merges []merge.ID
	var words, emails, phones []string
	var log []string
	stats := map[string]int{}
	defer func() { t.Logf("calls that succeeded on both stores: %v", stats) }()
	fail := func(format string, args ...any) {
		t.Helper()
		tail := log
		if len(tail) > 12 {
			tail = tail[len(tail)-12:]
		}
		t.Fatalf(format+"\nrecent calls:\n%s", append(args, strings.Join(tail, "\n"))...)
	}
	// write runs f on both sides and compares the error categories.
	write := func(desc string, f func(svc *contactkit.Service) (contact.Contact, error)) (contact.Contact, bool) {
		t.Helper()
		log = append(log, desc)
		var outs []string
		var first contact.Contact
		for i, sd := range sides {
			c, err := f(sd.svc)
			out := acc3Err(err)
			if err == nil {
				out = c.ID.String() + contact.SearchText(&c)
			}
			if i == 0 {
				first = c
			}
			outs = append(outs, out)
		}
		if outs[0] != outs[1] {
			fail("%s: memstore %q, pgstore %q", desc, outs[0], outs[1])
		}
		if !strings.HasPrefix(outs[0], "error") && !strings.HasPrefix(outs[0], "other") {
			stats[strings.Fields(desc)[0]]++
		}
		return first, outs[0] != "" && !strings.HasPrefix(outs[0], "error") && !strings.HasPrefix(outs[0], "other")
	}
	patch := func() contact.Patch {
		var p contact.Patch
		if rng.IntN(2) == 0 {
			p.FirstName = s(pick(firsts))
		}
		if rng.IntN(2) == 0 {
			p.LastName = s(pick(lasts))
		}
		if rng.IntN(3) == 0 {
			p.Company = s(pick(companies))
		}
		if rng.IntN(3) == 0 {
			e := email()
			p.Email = &e
			emails = append(emails, e)
		}
		if rng.IntN(3) == 0 {
			ph := phone()
			p.Phone = &ph
			phones = append(phones, ph)
		}
		if rng.IntN(6) == 0 {
			ph := phone()
			o := []contact.LabeledInput{{Value: ph, Label: "work"}}
			p.OtherPhones = &o
			phones = append(phones, ph)
		}
		if rng.IntN(6) == 0 {
			e := email()
			o := []contact.LabeledInput{{Value: e, Label: "work"}}
			p.OtherEmails = &o
			emails = append(emails, e)
		}
		return p
	}
	query := func() contactkit.ContactQuery {
		var q contactkit.ContactQuery
		switch rng.IntN(6) {
		case 0:
			if len(emails) > 0 {
				q.Text = pick(emails)
				break
			}
			fallthrough
		case 1:
			if len(phones) > 0 {
				ph := pick(phones)
				switch rng.IntN(3) {
				case 0:
					ph = "+33" + strings.ReplaceAll(ph[1:], " ", "")
				case 1:
					ph = strings.ReplaceAll(ph, " ", ".")
				}
				if rng.IntN(3) == 0 && len(words) > 0 {
					ph = pick(words) + " " + ph
				}
				q.Text = ph
				break
			}
			fallthrough
		default:
			if len(words) == 0 {
				q.Text = "a"
				break
			}
			one := func() string {
				r := []rune(pick(words))
				if len(r) > 1 && rng.IntN(2) == 0 {
					r = r[:1+rng.IntN(len(r))]
				}
				return string(r)
			}
			q.Text = one()
			if rng.IntN(3) == 0 {
				q.Text += " " + one()
			}
		}
		if rng.IntN(4) == 0 {
			q.Trashed = true
		}
		if rng.IntN(6) == 0 {
			q.Status = contact.StatusBlocked
		}
		if rng.IntN(6) == 0 {
			q.Tag = pick(tags)
		}
		return q
	}
	compare := func(q contactkit.ContactQuery) {
		t.Helper()
		limit := []int{1, 3, 50}[rng.IntN(3)]
		var lists [][]contact.ID
		var errs []string
		for _, sd := range sides {
			got, e := acc9IDs(t, sd.svc, q, limit)
			lists = append(lists, got)
			errs = append(errs, e)
		}
		log = append(log, fmt.Sprintf("list %+v -> %d", q, len(lists[0])))
		if errs[0] != errs[1] || !slices.Equal(lists[0], lists[1]) {
			fail("query %+v (limit %d): memstore %s %v\npgstore %s %v", q, limit, errs[0], lists[0], errs[1], lists[1])
		}
		// Words only (no digit, no @): each store against a scan of its
		// own contacts.
		if strings.ContainsAny(q.Text, "@0123456789") || q.Tag != "" {
			return
		}
		qw := contact.QueryWords(q.Text)
		for i, sd := range sides {
			var want []contact.ID
			for _, c := range acc9All(t, sd.svc, q.Trashed) {
				if q.Status != "" && c.Status != q.Status {
					continue
				}
				text := contact.SearchText(&c)
				ok := len(qw) > 0 || strings.TrimSpace(q.Text) == ""
				for _, w := range qw {
					ok = ok && strings.Contains(text, " "+w)
				}
				if ok {
					want = append(want, c.ID)
				}
			}
			if !slices.Equal(lists[i], want) {
				fail("%s: query %+v: the search gives %v, a scan of the same contacts %v", sd.name, q, lists[i], want)
			}
		}
	}
	for range steps {
		switch r := rng.IntN(24); {
		case r < 7 || len(ids) < 6:
			in := contactkit.ContactInput{Patch: patch()}
			if in.FirstName == nil {
				in.FirstName = s(pick(firsts))
			}
			if rng.IntN(2) == 0 {
				in.Tags = []string{pick(tags)}
			}
			if c, ok := write("create", func(svc *contactkit.Service) (contact.Contact, error) { return svc.CreateContact(ctx, acc9Actor, in) }); ok {
				ids = append(ids, c.ID)
				words = append(words, strings.Fields(contact.SearchText(&c))...)
				words = append(words, c.FirstName, c.LastName)
			}
		case r < 9:
			id, p := ids[rng.IntN(len(ids))], patch()
			write("update", func(svc *contactkit.Service) (contact.Contact, error) {
				return svc.UpdateContact(ctx, acc9Actor, id, p)
			})
		case r < 11:
			id := ids[rng.IntN(len(ids))]
			write("delete", func(svc *contactkit.Service) (contact.Contact, error) { return svc.DeleteContact(ctx, acc9Actor, id) })
		case r < 12:
			id := ids[rng.IntN(len(ids))]
			write("restore", func(svc *contactkit.Service) (contact.Contact, error) { return svc.RestoreContact(ctx, acc9Actor, id) })
		case r < 14:
			a, b := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
			var mid []merge.ID
			write(fmt.Sprintf("merge %s <- %s", a, b), func(svc *contactkit.Service) (contact.Contact, error) {
				p, err := svc.PreviewMerge(ctx, acc9Actor, contactkit.MergeRequest{Primary: a, Others: []contact.ID{b}})
				if err != nil {
					return contact.Contact{}, err
				}
				rec, err := svc.MergeContacts(ctx, acc9Actor, p)
				if err != nil {
					return contact.Contact{}, err
				}
				mid = append(mid, rec.ID)
				return svc.GetContact(ctx, acc9Actor, a)
			})
			if len(mid) == 2 && mid[0] == mid[1] {
				merges = append(merges, mid[0])
			}
			stats["merge"] += len(mid) / 2
		case r < 15 && len(merges) > 0:
			m := merges[rng.IntN(len(merges))]
			write("unmerge "+m.String(), func(svc *contactkit.Service) (contact.Contact, error) {
				res, err := svc.UnmergeContacts(ctx, acc9Actor, m)
				return res.Primary, err
			})
		case r < 16:
			id := ids[rng.IntN(len(ids))]
			write("erase", func(svc *contactkit.Service) (contact.Contact, error) {
				return contact.Contact{ID: id}, svc.EraseContact(ctx, acc9Actor, id)
			})
		case r < 17:
			write("purge", func(svc *contactkit.Service) (contact.Contact, error) {
				n, err := svc.PurgeTrash(ctx, acc9Actor)
				return contact.Contact{FirstName: fmt.Sprint(n)}, err
			})
		case r < 18:
			id := ids[rng.IntN(len(ids))]
			if rng.IntN(2) == 0 {
				write("block", func(svc *contactkit.Service) (contact.Contact, error) {
					return svc.BlockContact(ctx, acc9Actor, id, "spam")
				})
			} else {
				write("unblock", func(svc *contactkit.Service) (contact.Contact, error) { return svc.UnblockContact(ctx, acc9Actor, id) })
			}
		case r < 19:
			id, tg := ids[rng.IntN(len(ids))], pick(tags)
			write("tag", func(svc *contactkit.Service) (contact.Contact, error) { return svc.TagContact(ctx, acc9Actor, id, tg) })
		default:
			compare(query())
		}
	}
	for range 40 {
		compare(query())
	}
}
