package contactkit_test

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

func fuzzPtr(s string) *string { return &s }

// FuzzListContactsText compiles an arbitrary ContactQuery.Text (and tag,
// and cursor) through ListContacts on memstore. It checks: no panic; a Text
// within contact.MaxQueryLen and no cursor gives no error, a longer one
// ErrInvalidInput; a bad cursor gives store.ErrInvalidCursor; a contact
// created with the fuzzed first name (or company) is found by a search for
// the name as stored, when the name is plain words (no digit, "@" or ":",
// which read as a phone, an address or a label).
func FuzzListContactsText(f *testing.F) {
	for _, s := range []string{
		"ada", "Hélène", "ada 06 12 34 56 78", "+33 6 12 34 56 78", "ann@example.c", "mailto:ann@example.com",
		"Tel: 06 12 34 56 78", "ada:", ":::", "1-800-FLOWERS", "ext. 12", "٠٦ ١٢ ٣٤ ٥٦ ٧٨", "O'Brien", "Łódź",
		"Ada <ada@example.com>", "x@", "@", "studio 2024 06 12 34 56 78",
	} {
		f.Add(s, "Ada", "", "")
	}
	f.Add("", "", "vip", "c1zz")
	f.Fuzz(func(t *testing.T, text, name, tg, cursor string) {
		if len(text) > 3*contact.MaxQueryLen || len(name) > 500 || len(tg) > 200 || len(cursor) > 200 {
			return
		}
		ctx := context.Background()
		svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
		a := contactkit.Actor{Workspace: "acme", User: "u-alice", Role: contactkit.RoleOwner}
		_, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{
			FirstName: fuzzPtr("Ada"), Email: fuzzPtr("ada@example.com"), Phone: fuzzPtr("+33612345678")}, Tags: []string{"vip"}})
		if err != nil {
			t.Fatal(err)
		}
		var mine []contact.Contact
		if c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name}}); err == nil {
			mine = append(mine, c)
		}
		if c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Company: &name}}); err == nil {
			mine = append(mine, c)
		}

		page, err := svc.ListContacts(ctx, a, contactkit.ContactQuery{Text: text}, store.PageRequest{Limit: 50})
		switch {
		case len(text) > contact.MaxQueryLen:
			if !errors.Is(err, contactkit.ErrInvalidInput) {
				t.Fatalf("Text of %d bytes: err %v, want ErrInvalidInput", len(text), err)
			}
		case err != nil:
			t.Fatalf("ListContacts(Text %q): %v", text, err)
		}
		_ = page

		_, err = svc.ListContacts(ctx, a, contactkit.ContactQuery{Text: text, Tag: tg}, store.PageRequest{Cursor: cursor})
		if err != nil && !errors.Is(err, contactkit.ErrInvalidInput) && !errors.Is(err, store.ErrInvalidCursor) {
			t.Fatalf("ListContacts(Text %q, Tag %q, cursor %q): untyped error %T %v", text, tg, cursor, err, err)
		}

		for i, c := range mine {
			stored := c.FirstName
			if i == 1 || stored == "" {
				stored = c.Company
			}
			if strings.ContainsAny(stored, "@:") || strings.ContainsFunc(stored, unicode.IsDigit) ||
				len(stored) > contact.MaxQueryLen || len(contact.QueryWords(stored)) == 0 {
				continue
			}
			got, err := svc.ListContacts(ctx, a, contactkit.ContactQuery{Text: stored}, store.PageRequest{Limit: 200})
			if err != nil {
				t.Fatalf("search for %q: %v", stored, err)
			}
			if !slices.ContainsFunc(got.Items, func(x contact.Contact) bool { return x.ID == c.ID }) {
				t.Fatalf("contact with name/company %q (input %q) not found by searching it; words %q, SearchText %q",
					stored, name, contact.QueryWords(stored), contact.SearchText(&c))
			}
		}
	})
}

// fuzzCursorEnv is a Service with one contact that has a history, a
// timeline of a pinned and plain notes, and tags; cursors are seeds.
func fuzzCursorEnv(tb testing.TB) (*contactkit.Service, contactkit.Actor, contact.Contact) {
	ctx := context.Background()
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "acme", User: "u-alice", Role: contactkit.RoleOwner}
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: fuzzPtr("Ada"), Email: fuzzPtr("ada@example.com")}, Tags: []string{"vip", "b", "c"}})
	if err != nil {
		tb.Fatal(err)
	}
	for i, n := range []string{"Lovelace", "Byron", "King"} {
		if c, err = svc.UpdateContact(ctx, a, c.ID, contact.Patch{LastName: fuzzPtr(n)}); err != nil {
			tb.Fatal(err)
		}
		if _, err := svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: "note " + n, Pinned: i == 1}); err != nil {
			tb.Fatal(err)
		}
	}
	return svc, a, c
}

// FuzzServiceCursors hands arbitrary cursors to the Service's listings, raw
// and, for the Service's own JSON cursors (feed, timeline), as a forged
// JSON body for the right contact ("$C" stands for its ID). Every listing
// must answer without panic, with either a page or an error matching
// store.ErrInvalidCursor (or ErrInvalidInput), and following Next from a
// forged cursor must end within a bounded number of pages.
func FuzzServiceCursors(f *testing.F) {
	svc, a, c := fuzzCursorEnv(f)
	ctx := context.Background()
	id := c.ID.String()
	seed := func(next string) {
		if next == "" {
			return
		}
		f.Add(next, false)
		if data, err := base64.RawURLEncoding.DecodeString(next); err == nil {
			f.Add(strings.ReplaceAll(string(data), id, "$C"), true)
		}
	}
	if p, err := svc.ListFeed(ctx, a, c.ID, contactkit.FeedQuery{}, store.PageRequest{Limit: 2}); err == nil {
		seed(p.Next)
		if p, err := svc.ListFeed(ctx, a, c.ID, contactkit.FeedQuery{}, store.PageRequest{Limit: 2, Cursor: p.Next}); err == nil {
			seed(p.Next)
		}
	}
	if p, err := svc.ListTimeline(ctx, a, c.ID, contactkit.TimelineQuery{}, store.PageRequest{Limit: 1}); err == nil {
		seed(p.Next)
	}
	if p, err := svc.ListHistory(ctx, a, c.ID, "", store.PageRequest{Limit: 1}); err == nil {
		seed(p.Next)
	}
	if p, err := svc.ListTags(ctx, a, store.PageRequest{Limit: 1}); err == nil {
		seed(p.Next)
	}
	f.Add(`{"c":"$C","hl":-5}`, true)
	f.Add(`{"c":"$C","hl":99999999999,"r":{}}`, true)
	f.Add("c1zz", false)
	f.Fuzz(func(t *testing.T, s string, forged bool) {
		if len(s) > 2000 {
			return
		}
		cursor := s
		if forged {
			cursor = base64.RawURLEncoding.EncodeToString([]byte(strings.ReplaceAll(s, "$C", id)))
		}
		check := func(what string, next string, err error) {
			t.Helper()
			if err != nil && !errors.Is(err, store.ErrInvalidCursor) && !errors.Is(err, contactkit.ErrInvalidInput) {
				t.Fatalf("%s with cursor %q (%q): untyped error %T %v", what, cursor, s, err, err)
			}
		}
		feed := func(cur string) (string, error) {
			p, err := svc.ListFeed(ctx, a, c.ID, contactkit.FeedQuery{}, store.PageRequest{Cursor: cur, Limit: 2})
			return p.Next, err
		}
		timeline := func(cur string) (string, error) {
			p, err := svc.ListTimeline(ctx, a, c.ID, contactkit.TimelineQuery{}, store.PageRequest{Cursor: cur, Limit: 1})
			return p.Next, err
		}
		history := func(cur string) (string, error) {
			p, err := svc.ListHistory(ctx, a, c.ID, "", store.PageRequest{Cursor: cur, Limit: 1})
			return p.Next, err
		}
		contacts := func(cur string) (string, error) {
			p, err := svc.ListContacts(ctx, a, contactkit.ContactQuery{}, store.PageRequest{Cursor: cur, Limit: 1})
			return p.Next, err
		}
		tags := func(cur string) (string, error) {
			p, err := svc.ListTags(ctx, a, store.PageRequest{Cursor: cur, Limit: 1})
			return p.Next, err
		}
		for _, l := range []struct {
			name string
			list func(string) (string, error)
		}{{"feed", feed}, {"timeline", timeline}, {"history", history}, {"contacts", contacts}, {"tags", tags}} {
			cur := cursor
			for page := 0; ; page++ {
				if page > 40 {
					t.Fatalf("%s: paging from cursor %q (%q) did not end after 40 pages", l.name, cursor, s)
				}
				next, err := l.list(cur)
				check(l.name, next, err)
				if err != nil || next == "" {
					break
				}
				cur = next
			}
		}
	})
}
