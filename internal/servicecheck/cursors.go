package servicecheck

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// ForgedCursors gives ListTimeline, ListFeed and ListActivityTrash of a
// contact of a's workspace (with notes, pins, trash and history) rounds
// cursors a client altered or made up: bytes changed, cut, another
// contact's, JSON of other shapes, pins that are not IDs, times out of
// range. Each call must give a page or an error that matches
// store.ErrInvalidCursor, never a panic nor an untyped error. newService
// returns a Service of the store under test, with the clock now.
func ForgedCursors(t testing.TB, a contactkit.Actor, rounds int, newService func(now func() time.Time) *contactkit.Service) {
	t.Helper()
	ctx := t.Context()
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	svc := newService(func() time.Time { return now })
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob")}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		now = now.Add(time.Second)
		n, err := svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: fmt.Sprint("n", i), Pinned: i%2 == 0})
		if err != nil {
			t.Fatal(err)
		}
		if i < 3 {
			if _, err := svc.DeleteActivity(ctx, a, n.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.UpdateContact(ctx, a, c.ID, contact.Patch{LastName: new(fmt.Sprint("L", i))}); err != nil {
			t.Fatal(err)
		}
	}
	tl, err := svc.ListTimeline(ctx, a, c.ID, contactkit.TimelineQuery{}, store.PageRequest{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	fd, err := svc.ListFeed(ctx, a, c.ID, contactkit.FeedQuery{}, store.PageRequest{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := svc.ListActivityTrash(ctx, a, c.ID, store.PageRequest{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	seeds := []string{tl.Next, fd.Next, tr.Next,
		b64([]byte(`{"c":"` + c.ID.String() + `","p":"x","pins":["nope",""]}`)),
		b64([]byte(`{"c":"` + c.ID.String() + `","p":"` + tl.Next + `"}`)),
		b64([]byte(`{"c":"` + c.ID.String() + `","p":null}`)),
		b64([]byte(`[1,2]`)), b64([]byte(`null`)), b64([]byte(`{}`)), b64([]byte(`"s"`)),
		b64([]byte(`{"c":"` + other.ID.String() + `","p":"a"}`)),
		"%%%", "", "a", "\x00",
	}
	r := rand.New(rand.NewPCG(3, 4))
	check := func(what, cur string, err error) {
		if err != nil && !errors.Is(err, store.ErrInvalidCursor) {
			t.Errorf("%s with cursor %q: %v", what, cur, err)
		}
	}
	for i := range rounds {
		cur := seeds[r.IntN(len(seeds))]
		if i > len(seeds) && len(cur) > 0 {
			raw, err := base64.RawURLEncoding.DecodeString(cur)
			if err == nil && len(raw) > 0 {
				switch r.IntN(3) {
				case 0:
					raw[r.IntN(len(raw))] = byte(r.IntN(256))
				case 1:
					raw = raw[:r.IntN(len(raw))]
				case 2:
					raw = append(raw[:r.IntN(len(raw))], []byte(`"t":"99999-01-01T00:00:00Z","g":-1,"k":99}`)...)
				}
				cur = b64(raw)
			}
		}
		_, err := svc.ListTimeline(ctx, a, c.ID, contactkit.TimelineQuery{}, store.PageRequest{Limit: 2, Cursor: cur})
		check("timeline", cur, err)
		_, err = svc.ListFeed(ctx, a, c.ID, contactkit.FeedQuery{}, store.PageRequest{Limit: 2, Cursor: cur})
		check("feed", cur, err)
		_, err = svc.ListActivityTrash(ctx, a, c.ID, store.PageRequest{Limit: 2, Cursor: cur})
		check("trash", cur, err)
	}
}
