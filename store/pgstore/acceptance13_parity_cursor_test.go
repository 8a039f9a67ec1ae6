package pgstore_test

// Cursors across listings, memstore against PostgreSQL. store.PageRequest:
// a cursor the store did not hand out for that listing is refused with
// store.ErrInvalidCursor. A cursor of one listing given to another listing
// of the same kind (another contact's history, another query's contacts,
// another channel's ledger, …) must get the same answer on every store.

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

func TestAcceptance13ParityCursorsAcrossListings(t *testing.T) {
	ctx := context.Background()
	pool := pgstore.NewTestPool(t)
	a := contactkit.Actor{Workspace: "acc13-cursor", User: "owner", Role: contactkit.RoleOwner}
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	type side struct {
		name string
		svc  *contactkit.Service
		c    [2]contact.ID
		act  [2]activity.ID
	}
	var sides []*side
	for i, st := range []store.Store{memstore.New(), pgstore.New(pool, nil)} {
		var n uint64
		svc := contactkit.New(st, &contactkit.Options{
			DefaultRegion:    "FR",
			Now:              func() time.Time { at = at.Add(time.Second); return at },
			NewID:            func() (uuid.UUID, error) { n++; return uuid.UUID{6: 0x40, 8: 0x80, 14: byte(n >> 8), 15: byte(n)}, nil },
			AssociationTypes: []association.Type{{Name: "deal", FreeLabels: true}},
		})
		s := &side{name: []string{"memstore", "pgstore"}[i], svc: svc}
		at = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		must := func(_ any, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		for k, name := range []string{"Ada", "Bob"} {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name),
				Email: new(fmt.Sprintf("%s@example.com", name)), Phone: new(fmt.Sprintf("061234567%d", k))}, Tags: []string{"vip", "t" + name, "x"}})
			if err != nil {
				t.Fatal(err)
			}
			s.c[k] = c.ID
			for j := range 3 {
				must(svc.UpdateContact(ctx, a, c.ID, contact.Patch{City: new(fmt.Sprint("City ", j))}))
				note, err := svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", j)})
				if err != nil {
					t.Fatal(err)
				}
				s.act[k] = note.ID
				must(svc.UpdateActivity(ctx, a, note.ID, contactkit.ActivityPatch{Body: new(fmt.Sprint("edited ", j))}))
				must(svc.Associate(ctx, a, c.ID, contactkit.AssociationInput{Type: "deal", Record: fmt.Sprint("d", j)}))
				u := a
				u.User = contact.UserID(fmt.Sprint("u", j))
				must(svc.Follow(ctx, u, c.ID))
				other, err := svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: "gone"})
				if err != nil {
					t.Fatal(err)
				}
				must(svc.DeleteActivity(ctx, a, other.ID))
			}
			must(svc.Unsubscribe(ctx, a, c.ID, list.ChannelEmail, "stop"))
			must(svc.Unsubscribe(ctx, a, c.ID, list.ChannelSMS, "stop"))
		}
		sides = append(sides, s)
	}
	type listing func(s *side, p store.PageRequest) (items any, next string, err error)
	page := func(items any, next string, err error) (any, string, error) { return items, next, err }
	contacts := func(q contactkit.ContactQuery) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListContacts(ctx, a, q, p)
			return page(r.Items, r.Next, err)
		}
	}
	history := func(k int, f string) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListHistory(ctx, a, s.c[k], f, p)
			return page(r.Items, r.Next, err)
		}
	}
	timeline := func(k int, text string) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListTimeline(ctx, a, s.c[k], contactkit.TimelineQuery{Text: text}, p)
			return page(r.Items, r.Next, err)
		}
	}
	feed := func(k int, kinds ...contactkit.FeedKind) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListFeed(ctx, a, s.c[k], contactkit.FeedQuery{Kinds: kinds}, p)
			return page(r.Items, r.Next, err)
		}
	}
	ledger := func(chn list.Channel) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListConsent(ctx, a, chn, p)
			return page(r.Items, r.Next, err)
		}
	}
	actHistory := func(k int) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListActivityHistory(ctx, a, s.act[k], p)
			return page(r.Items, r.Next, err)
		}
	}
	trash := func(k int) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListActivityTrash(ctx, a, s.c[k], p)
			return page(r.Items, r.Next, err)
		}
	}
	assocs := func(k int, typ string) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListAssociations(ctx, a, s.c[k], contactkit.AssociationQuery{Type: typ}, p)
			return page(r.Items, r.Next, err)
		}
	}
	associated := func(rec string) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListAssociated(ctx, a, "deal", rec, p)
			return page(r.Items, r.Next, err)
		}
	}
	followers := func(k int) listing {
		return func(s *side, p store.PageRequest) (any, string, error) {
			r, err := s.svc.ListFollowers(ctx, a, s.c[k], p)
			return page(r.Items, r.Next, err)
		}
	}
	tags := func(s *side, p store.PageRequest) (any, string, error) {
		r, err := s.svc.ListTags(ctx, a, p)
		return page(r.Items, r.Next, err)
	}
	families := map[string][]listing{
		"contacts":         {contacts(contactkit.ContactQuery{}), contacts(contactkit.ContactQuery{Tag: "vip"}), contacts(contactkit.ContactQuery{Text: "example"}), contacts(contactkit.ContactQuery{Trashed: true}), contacts(contactkit.ContactQuery{Assignee: "u1"})},
		"history":          {history(0, ""), history(1, ""), history(0, contact.FieldCity), history(1, contact.FieldCity), history(0, contact.FieldTags)},
		"timeline":         {timeline(0, ""), timeline(1, ""), timeline(0, "edited")},
		"feed":             {feed(0), feed(1), feed(0, contactkit.FeedChange), feed(0, contactkit.FeedActivity)},
		"ledger":           {ledger(list.ChannelEmail), ledger(list.ChannelSMS), ledger(list.ChannelWhatsApp)},
		"activity history": {actHistory(0), actHistory(1)},
		"activity trash":   {trash(0), trash(1)},
		"associations":     {assocs(0, ""), assocs(1, ""), assocs(0, "deal")},
		"associated":       {associated("d0"), associated("d1")},
		"followers":        {followers(0), followers(1)},
		"tags":             {tags},
	}
	for name, ls := range families {
		for i, from := range ls {
			for j, to := range ls {
				var answers []string
				for _, s := range sides {
					_, next, err := from(s, store.PageRequest{Limit: 1})
					if err != nil {
						answers = append(answers, "first page: "+acc13Render(nil, err))
						continue
					}
					if next == "" {
						answers = append(answers, "no next page")
						continue
					}
					// The pages of the same listing may be split otherwise
					// (store.Page): the items of the rest, as a whole.
					items := []any{}
					var e error
					for range 100 {
						var v any
						v, next, e = to(s, store.PageRequest{Cursor: next, Limit: 1})
						if rv := reflect.ValueOf(v); e == nil && rv.Kind() == reflect.Slice {
							for k := range rv.Len() {
								items = append(items, rv.Index(k).Interface())
							}
						}
						if e != nil || next == "" {
							break
						}
					}
					answers = append(answers, acc13Render(items, e))
				}
				if answers[0] != answers[1] {
					t.Errorf("%s: the cursor of listing %d given to listing %d:\nmemstore: %s\npgstore:  %s", name, i, j, trunc(answers[0], 1500), trunc(answers[1], 1500))
				}
			}
		}
	}
}
