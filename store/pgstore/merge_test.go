package pgstore_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

type mergeState struct {
	Contacts    []contact.Contact
	Timeline    [][]activity.Activity
	Memberships [][]list.Membership
	Consent     []list.Consent
}

func readMergeState(t testing.TB, s store.Store, ws contact.WorkspaceID, ids []contact.ID) mergeState {
	t.Helper()
	ctx := t.Context()
	var out mergeState
	err := s.View(ctx, func(tx store.Tx) error {
		out = mergeState{}
		for _, id := range ids {
			c, err := tx.Contacts().Get(ctx, ws, id)
			if err != nil {
				return err
			}
			c.Version = 0
			out.Contacts = append(out.Contacts, c)
			var acts []activity.Activity
			for a, err := range store.Activities(tx.Records()).All(ctx, ws, store.Query{Contact: id}) {
				if err != nil {
					return err
				}
				a.Version = 0
				acts = append(acts, a)
			}
			var ms []list.Membership
			for m, err := range store.Memberships(tx.Records()).All(ctx, ws, store.Query{Contact: id}) {
				if err != nil {
					return err
				}
				m.Version = 0
				ms = append(ms, m)
			}
			out.Timeline = append(out.Timeline, acts)
			out.Memberships = append(out.Memberships, ms)
		}
		for c, err := range store.Consent(tx.Records()).All(ctx, ws, store.Query{}) {
			if err != nil {
				return err
			}
			c.Version = 0
			out.Consent = append(out.Consent, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUnmergeOfMergeRestoresEverything is the root package's property test
// of merge and unmerge, smaller, on PostgreSQL: random fields, tags, lists,
// notes, tasks and unsubscribes come back exactly.
func TestUnmergeOfMergeRestoresEverything(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			s := pgstore.New(pool, nil)
			now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
			svc := contactkit.New(s, &contactkit.Options{Now: func() time.Time { return now }, DefaultRegion: "FR"})
			a := contactkit.Actor{Workspace: contact.WorkspaceID(fmt.Sprintf("merge-%d-%d", seed, time.Now().UnixNano())), User: "u-owner", Role: contactkit.RoleOwner}
			r := rand.New(rand.NewPCG(seed, 5))
			l, err := svc.CreateList(ctx, a, list.List{Name: "News"})
			if err != nil {
				t.Fatal(err)
			}
			pick := func(vs ...string) *string { return new(vs[r.IntN(len(vs))]) }
			var ids []contact.ID
			for i := range 2 + r.IntN(2) {
				now = now.Add(time.Duration(1+r.IntN(50)) * time.Minute)
				c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{
					Patch: contact.Patch{FirstName: pick("Ada", "", "Zoë"), Company: pick("", "Engines"), City: pick("", "Paris"),
						Email: new(fmt.Sprintf("ada.%d+%d@gmail.com", seed, i))},
					Tags: []string{[]string{"vip", "", "lead, b"}[r.IntN(3)]},
				})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, c.ID)
				for range r.IntN(3) {
					if _, err := svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", r.IntN(9))}); err != nil {
						t.Fatal(err)
					}
				}
				if r.IntN(2) == 0 {
					if _, err := svc.AddToList(ctx, a, l.ID, c.ID); err != nil {
						t.Fatal(err)
					}
				}
				if r.IntN(2) == 0 {
					if _, err := svc.Unsubscribe(ctx, a, c.ID, list.ChannelEmail, "spam"); err != nil {
						t.Fatal(err)
					}
				}
			}
			before := readMergeState(t, s, a.Workspace, ids)
			now = now.Add(time.Hour)
			p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ids[0], Others: ids[1:]})
			if err != nil {
				t.Fatal(err)
			}
			rec, err := svc.MergeContacts(ctx, a, p)
			if err != nil {
				t.Fatal(err)
			}
			now = now.Add(time.Hour)
			if _, err := svc.UnmergeContacts(ctx, a, rec.ID); err != nil {
				t.Fatal(err)
			}
			if got := readMergeState(t, s, a.Workspace, ids); !reflect.DeepEqual(got, before) {
				t.Errorf("after unmerge(merge(x)):\ngot  %+v\nwant %+v", got, before)
			}
		})
	}
}

// BenchmarkServiceMergeContacts merges two contacts with 1,000 notes and
// tasks each through the Service on PostgreSQL, and undoes it.
func BenchmarkServiceMergeContacts(b *testing.B) {
	pool := pgstore.NewTestPool(b)
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
	ctx := b.Context()
	for n := 0; b.Loop(); n++ {
		b.StopTimer()
		a := contactkit.Actor{Workspace: contact.WorkspaceID(fmt.Sprintf("bench-merge-%d-%d", n, time.Now().UnixNano())), User: "u", Role: contactkit.RoleOwner}
		var ids []contact.ID
		for i := range 2 {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new(fmt.Sprintf("ada+%d@gmail.com", i))}})
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, c.ID)
			for j := range 1000 {
				if j%2 == 0 {
					_, err = svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", j)})
				} else {
					_, err = svc.AddTask(ctx, a, c.ID, contactkit.TaskInput{Title: fmt.Sprint("task ", j)})
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StartTimer()
		p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ids[0], Others: ids[1:]})
		if err != nil {
			b.Fatal(err)
		}
		rec, err := svc.MergeContacts(ctx, a, p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.UnmergeContacts(ctx, a, rec.ID); err != nil {
			b.Fatal(err)
		}
	}
}
