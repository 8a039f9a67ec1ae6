package pgstore_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// rv20BulkRender renders what a bulk call said, its errors by category.
func rv20BulkRender(res contactkit.BulkResult, err error) string {
	cat := func(err error) string {
		var out []string
		for _, c := range []struct {
			name string
			err  error
		}{
			{"invalid", contactkit.ErrInvalidInput}, {"notfound", contactkit.ErrNotFound}, {"trashed", contactkit.ErrTrashed},
			{"merged", contactkit.ErrMerged}, {"conflict", contactkit.ErrConflict}, {"canceled", context.Canceled},
		} {
			if errors.Is(err, c.err) {
				out = append(out, c.name)
			}
		}
		return fmt.Sprint(out)
	}
	s := fmt.Sprintf("changed %v unchanged %v untouched %v batches %d/%d", res.Changed, res.Unchanged, res.Untouched, res.Committed, res.Batches)
	for _, f := range res.Failed {
		s += fmt.Sprintf(" failed %s %s", f.ID, cat(f.Err))
	}
	if err != nil {
		s += " error " + cat(err)
	}
	return s
}

// The bulk calls over messy selections (repeated, unknown, foreign,
// trashed, merged away, blocked, at the tag limit, lacking a required
// field), stopped now and then, say the same, emit the same events and
// leave the same contacts on memstore and PostgreSQL.
func TestRv20BulkMessySelectionsAgreeOnEveryStore(t *testing.T) {
	stores := []struct {
		name string
		st   store.Store
	}{{"memstore", memstore.New()}, {"pgstore", pgstore.New(pgstore.NewTestPool(t), nil)}}
	other := contactkit.Actor{Workspace: "rv20other", User: "owner", Role: contactkit.RoleOwner}
	var logs [2][]string
	for si, s := range stores {
		ctx := t.Context()
		var n uint64
		var events []contactkit.Event
		svc := contactkit.New(s.st, &contactkit.Options{DefaultRegion: "FR",
			NewID: func() (uuid.UUID, error) {
				n++
				var u uuid.UUID
				binary.BigEndian.PutUint64(u[8:], n)
				u[6], u[8] = 0x70, 0x80|u[8]&0x3f
				return u, nil
			},
			Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) { events = append(events, e) }}})
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
		}
		create := func(a contactkit.Actor, name string, tags ...string) contact.ID {
			t.Helper()
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name), Email: new(name + "@example.com")}, Tags: tags})
			must(err)
			return c.ID
		}
		l, err := svc.CreateList(ctx, rv20BulkOwner, list.List{Name: "News"})
		must(err)
		_, err = svc.CreateField(ctx, rv20BulkOwner, field.Definition{Key: field.MustParseKey("tier"), Label: "Tier", Type: field.TypeSelect,
			Options: []field.Option{{Value: "a"}, {Value: "b"}}})
		must(err)
		code, err := svc.CreateField(ctx, rv20BulkOwner, field.Definition{Key: field.MustParseKey("code"), Label: "Code", Type: field.TypeText})
		must(err)
		pool := []contact.ID{create(rv20BulkOwner, "lacking")}
		code.Required = true
		_, err = svc.UpdateField(ctx, rv20BulkOwner, code)
		must(err)
		many := make([]string, 100)
		for i := range many {
			many[i] = fmt.Sprint("t", i)
		}
		c, err := svc.CreateContact(ctx, rv20BulkOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("full"), Fields: map[string]string{"code": "x"}}, Tags: many})
		must(err)
		pool = append(pool, c.ID)
		for i := range 8 {
			c, err := svc.CreateContact(ctx, rv20BulkOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("p", i)),
				Email: new(fmt.Sprintf("p%d@example.com", i)), Fields: map[string]string{"code": "x"}}, Tags: []string{"old"}})
			must(err)
			pool = append(pool, c.ID)
		}
		_, err = svc.BlockContact(ctx, rv20BulkOwner, pool[3], "spam")
		must(err)
		_, err = svc.DeleteContact(ctx, rv20BulkOwner, pool[4])
		must(err)
		p, err := svc.PreviewMerge(ctx, rv20BulkOwner, contactkit.MergeRequest{Primary: pool[5], Others: []contact.ID{pool[6]}})
		must(err)
		_, err = svc.MergeContacts(ctx, rv20BulkOwner, p)
		must(err)
		pool = append(pool, create(other, "foreign"), contact.ID(uuid.MustParse("01a24e0c-3e2a-7989-a706-61dcaf3db866")))
		events = nil

		r := rand.New(rand.NewPCG(20, 4))
		for round := range 40 {
			var ids []contact.ID
			for range r.IntN(len(pool) + 3) {
				ids = append(ids, pool[r.IntN(len(pool))])
			}
			distinct := 0
			for i, id := range ids {
				if !slices.Contains(ids[:i], id) {
					distinct++
				}
			}
			stop := r.IntN(3) == 0
			cctx, cancel := context.WithCancel(ctx)
			b := contactkit.Bulk{IDs: ids, Expected: distinct, BatchSize: 1 + r.IntN(4), Progress: func(contactkit.BulkProgress) {
				if stop {
					cancel()
				}
			}}
			if len(ids) == 0 {
				b.Query = contactkit.ContactQuery{Tag: "old"}
				for _, err := range svc.Contacts(ctx, rv20BulkOwner, b.Query) {
					must(err)
					b.Expected++
				}
			}
			var res contactkit.BulkResult
			var desc string
			switch k := r.IntN(7); k {
			case 0:
				desc = "tag"
				res, err = svc.TagContacts(cctx, rv20BulkOwner, b, "wave, old")
			case 1:
				desc = "untag"
				res, err = svc.UntagContacts(cctx, rv20BulkOwner, b, "old")
			case 2:
				desc = "assign"
				res, err = svc.AssignContacts(cctx, rv20BulkOwner, b, "u-bob")
			case 3:
				desc = "set"
				res, err = svc.SetContactsField(cctx, rv20BulkOwner, b, "tier", []string{"a", "", " B "}[r.IntN(3)])
			case 4:
				desc = "list"
				res, err = svc.AddContactsToList(cctx, rv20BulkOwner, b, l.ID)
			case 5:
				desc = "unassign"
				res, err = svc.AssignContacts(cctx, rv20BulkOwner, b, "")
			case 6:
				desc = "delete"
				if r.IntN(3) != 0 {
					desc = "tag again"
					res, err = svc.TagContacts(cctx, rv20BulkOwner, b, "wave")
					break
				}
				res, err = svc.DeleteContacts(cctx, rv20BulkOwner, b)
			}
			cancel()
			line := fmt.Sprintf("round %d %s %v: %s;", round, desc, b.IDs, rv20BulkRender(res, err))
			for _, e := range events {
				line += fmt.Sprintf(" %T %s", e, e.Meta().Contact)
			}
			events = nil
			logs[si] = append(logs[si], line)
		}
		for _, id := range pool {
			c, err := svc.GetContact(ctx, rv20BulkOwner, id)
			logs[si] = append(logs[si], fmt.Sprintf("%s %s %v %q %v trashed=%v err=%v", id, c.FirstName, c.Tags, c.Assignee, c.Fields, c.Trashed(), err != nil))
		}
	}
	if len(logs[0]) != len(logs[1]) {
		t.Fatalf("%d lines on memstore, %d on pgstore", len(logs[0]), len(logs[1]))
	}
	for i := range logs[0] {
		if logs[0][i] != logs[1][i] {
			t.Errorf("memstore: %s\npgstore:  %s", logs[0][i], logs[1][i])
		}
	}
}
