package pgstore_test

// Acceptance (ninth round, issue 9): the faster paths of issue 9 — members
// of a list listed without a read per member, the timeline kept in an
// index that AddNote and erasure update in O(log n), the trash listed from
// its own index — answer the same on memstore and pgstore through merges,
// unmerges, deletes, restores, erasures, purges, pins and activity trash;
// the timeline is in activity.Sort order, without repeats, paged at any
// size; the memberships of contacts in the trash are left out (Memberships'
// doc) and come back on restore.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// TestAcc9RecordsFollowLifecycle: a random walk on both stores; after each
// write, the members of every list, the lists of a contact, the timeline of
// a contact (at page sizes 1, 2 and 50, with a Text and a Kinds filter)
// and the trash compare equal, and each store's timeline is in timeline
// order with no activity twice.
func TestAcc9RecordsFollowLifecycle(t *testing.T) {
	for seed := uint64(1); seed <= uint64(envInt("ACC9_SEEDS", 2)); seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { acc9RecordsWalk(t, seed, envInt("ACC9_STEPS", 250)) })
	}
}

func acc9RecordsWalk(t *testing.T, seed uint64, steps int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 77))
	sides := acc9Sides(t, seed+100, 600*time.Millisecond)
	s := func(v string) *string { return &v }
	var ids []contact.ID
	var lists []list.ID
	var notes []activity.ID
	var merges []merge.ID
	var log []string
	stats := map[string]int{}
	defer func() { t.Logf("calls that succeeded: %v", stats) }()
	fail := func(format string, args ...any) {
		t.Helper()
		tail := log
		if len(tail) > 12 {
			tail = tail[len(tail)-12:]
		}
		t.Fatalf(format+"\nrecent calls:\n%s", append(args, strings.Join(tail, "\n"))...)
	}
	// do runs f on both sides; the outcomes (error category and a
	// description of what was returned) must agree.
	do := func(desc string, f func(svc *contactkit.Service) (string, error)) (string, bool) {
		t.Helper()
		log = append(log, desc)
		var outs []string
		for _, sd := range sides {
			v, err := f(sd.svc)
			if err != nil {
				v = acc3Err(err)
			}
			outs = append(outs, v)
		}
		if outs[0] != outs[1] {
			fail("%s: memstore %q, pgstore %q", desc, outs[0], outs[1])
		}
		ok := !strings.HasPrefix(outs[0], "error") && !strings.HasPrefix(outs[0], "other")
		if ok {
			stats[strings.Fields(desc)[0]]++
		}
		return outs[0], ok
	}
	for i := range 3 {
		name := fmt.Sprintf("List %d", i)
		out, ok := do("create list", func(svc *contactkit.Service) (string, error) {
			l, err := svc.CreateList(ctx, acc9Actor, list.List{Name: name})
			return l.ID.String(), err
		})
		if ok {
			id, err := list.ParseID(out)
			if err != nil {
				t.Fatal(err)
			}
			lists = append(lists, id)
		}
	}
	if len(lists) == 0 {
		t.Fatal("no list")
	}
	// The snapshots compared after each write.
	timeline := func(svc *contactkit.Service, c contact.ID, q contactkit.TimelineQuery, limit int) (string, error) {
		var acts []activity.Activity
		cursor := ""
		for range 10000 {
			p, err := svc.ListTimeline(ctx, acc9Actor, c, q, store.PageRequest{Cursor: cursor, Limit: limit})
			if err != nil {
				return "", err
			}
			acts = append(acts, p.Items...)
			if p.Next == "" {
				break
			}
			cursor = p.Next
		}
		var b strings.Builder
		seen := map[activity.ID]bool{}
		for i := range acts {
			if seen[acts[i].ID] {
				return "", fmt.Errorf("activity %s listed twice", acts[i].ID)
			}
			seen[acts[i].ID] = true
			if i > 0 && activity.Compare(&acts[i-1], &acts[i]) >= 0 {
				return "", fmt.Errorf("timeline out of order at %d: %s (pinned %v, %v) before %s (pinned %v, %v)", i,
					acts[i-1].ID, acts[i-1].Pinned, acts[i-1].When(), acts[i].ID, acts[i].Pinned, acts[i].When())
			}
			fmt.Fprintf(&b, "%s/%s/%v/%s ", acts[i].ID, acts[i].Contact, acts[i].Pinned, acts[i].Body)
		}
		return b.String(), nil
	}
	check := func() {
		t.Helper()
		for _, l := range lists {
			do("members "+l.String(), func(svc *contactkit.Service) (string, error) {
				var b strings.Builder
				for m, err := range svc.Memberships(ctx, acc9Actor, contactkit.MembershipQuery{List: l}) {
					if err != nil {
						return "", err
					}
					c, err := svc.GetContact(ctx, acc9Actor, m.Contact)
					if err != nil || c.Trashed() {
						return "", fmt.Errorf("member %s of %s: contact %v, trashed %v (the memberships of contacts in the trash are left out)", m.Contact, l, err, c.Trashed())
					}
					fmt.Fprintf(&b, "%s:%s ", m.Contact, m.Status)
				}
				return b.String(), nil
			})
		}
		if len(ids) == 0 {
			return
		}
		c := ids[rng.IntN(len(ids))]
		do("lists of "+c.String(), func(svc *contactkit.Service) (string, error) {
			var b strings.Builder
			for m, err := range svc.Memberships(ctx, acc9Actor, contactkit.MembershipQuery{Contact: c}) {
				if err != nil {
					return "", err
				}
				fmt.Fprintf(&b, "%s:%s ", m.List, m.Status)
			}
			return b.String(), nil
		})
		limit := []int{1, 2, 50}[rng.IntN(3)]
		q := contactkit.TimelineQuery{}
		switch rng.IntN(4) {
		case 0:
			q.Text = []string{"rappel", "call", "note", "été"}[rng.IntN(4)]
		case 1:
			q.Kinds = []activity.Kind{activity.KindNote}
		}
		do(fmt.Sprintf("timeline %s %+v limit %d", c, q, limit), func(svc *contactkit.Service) (string, error) {
			return timeline(svc, c, q, limit)
		})
		do("trash", func(svc *contactkit.Service) (string, error) {
			var b strings.Builder
			for c, err := range svc.Contacts(ctx, acc9Actor, contactkit.ContactQuery{Trashed: true}) {
				if err != nil {
					return "", err
				}
				fmt.Fprintf(&b, "%s ", c.ID)
			}
			return b.String(), nil
		})
	}
	bodies := []string{"Rappel: appeler", "Call back", "Note été", "RAPPEL demain", "a note"}
	for range steps {
		switch r := rng.IntN(30); {
		case r < 5 || len(ids) < 4:
			in := contactkit.ContactInput{Patch: contact.Patch{FirstName: s(fmt.Sprintf("P%d", len(ids)))}}
			if rng.IntN(2) == 0 {
				in.Email = s(fmt.Sprintf("p%d@example.com", rng.IntN(40)))
			}
			out, ok := do("create", func(svc *contactkit.Service) (string, error) {
				c, err := svc.CreateContact(ctx, acc9Actor, in)
				return c.ID.String(), err
			})
			if ok {
				id, err := contact.ParseID(out)
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
		case r < 10:
			c := ids[rng.IntN(len(ids))]
			in := contactkit.NoteInput{Body: bodies[rng.IntN(len(bodies))], Pinned: rng.IntN(4) == 0}
			out, ok := do("note", func(svc *contactkit.Service) (string, error) {
				a, err := svc.AddNote(ctx, acc9Actor, c, in)
				return a.ID.String(), err
			})
			if ok {
				id, err := activity.ParseID(out)
				if err != nil {
					t.Fatal(err)
				}
				notes = append(notes, id)
			}
		case r < 12 && len(notes) > 0:
			n := notes[rng.IntN(len(notes))]
			pin := rng.IntN(2) == 0
			do("pin", func(svc *contactkit.Service) (string, error) {
				a, err := svc.UpdateActivity(ctx, acc9Actor, n, contactkit.ActivityPatch{Pinned: &pin})
				return fmt.Sprint(a.ID, a.Pinned), err
			})
		case r < 13 && len(notes) > 0:
			n := notes[rng.IntN(len(notes))]
			if rng.IntN(2) == 0 {
				do("delete-note", func(svc *contactkit.Service) (string, error) {
					a, err := svc.DeleteActivity(ctx, acc9Actor, n)
					return a.ID.String(), err
				})
			} else {
				do("restore-note", func(svc *contactkit.Service) (string, error) {
					a, err := svc.RestoreActivity(ctx, acc9Actor, n)
					return a.ID.String(), err
				})
			}
		case r < 17:
			c, l := ids[rng.IntN(len(ids))], lists[rng.IntN(len(lists))]
			switch rng.IntN(3) {
			case 0, 1:
				do("join", func(svc *contactkit.Service) (string, error) {
					m, err := svc.AddToList(ctx, acc9Actor, l, c)
					return string(m.Status), err
				})
			default:
				do("leave", func(svc *contactkit.Service) (string, error) {
					m, err := svc.UnsubscribeFromList(ctx, acc9Actor, l, c, "asked")
					return string(m.Status), err
				})
			}
		case r < 19:
			c := ids[rng.IntN(len(ids))]
			do("delete", func(svc *contactkit.Service) (string, error) {
				x, err := svc.DeleteContact(ctx, acc9Actor, c)
				return x.ID.String(), err
			})
		case r < 21:
			c := ids[rng.IntN(len(ids))]
			do("restore", func(svc *contactkit.Service) (string, error) {
				x, err := svc.RestoreContact(ctx, acc9Actor, c)
				return x.ID.String(), err
			})
		case r < 23:
			a, b := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
			out, ok := do("merge", func(svc *contactkit.Service) (string, error) {
				p, err := svc.PreviewMerge(ctx, acc9Actor, contactkit.MergeRequest{Primary: a, Others: []contact.ID{b}})
				if err != nil {
					return "", err
				}
				rec, err := svc.MergeContacts(ctx, acc9Actor, p)
				return rec.ID.String(), err
			})
			if ok {
				merges = append(merges, merge.ID(out))
			}
		case r < 24 && len(merges) > 0:
			m := merges[rng.IntN(len(merges))]
			do("unmerge", func(svc *contactkit.Service) (string, error) {
				res, err := svc.UnmergeContacts(ctx, acc9Actor, m)
				return res.Primary.ID.String(), err
			})
		case r < 25:
			c := ids[rng.IntN(len(ids))]
			do("erase", func(svc *contactkit.Service) (string, error) { return "", svc.EraseContact(ctx, acc9Actor, c) })
		case r < 26:
			do("purge", func(svc *contactkit.Service) (string, error) {
				n, err := svc.PurgeTrash(ctx, acc9Actor)
				return fmt.Sprint(n), err
			})
		default:
			check()
		}
	}
	check()
}
