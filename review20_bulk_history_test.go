package contactkit_test

// Review 20, bulk: what a bulk call records of each contact, against the
// matching single-contact call.

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
)

// rv20BulkHistory renders the property history of c without its contact
// and time.
func rv20BulkHistory(t *testing.T, h *harness, c contact.ID) []string {
	t.Helper()
	var out []string
	for ch, err := range h.svc.History(t.Context(), owner, c, "") {
		require.NoError(t, err)
		out = append(out, fmt.Sprintf("%s %q→%q by %s from %s %s %s", ch.Field, ch.Old, ch.New, ch.Actor, ch.Source, ch.Reason, ch.Address))
	}
	return out
}

// H2, H3: each bulk call records, for each contact it changes, the same
// property history and the same events as the single-contact call does,
// and nothing for a contact it leaves unchanged or that fails.
func TestRv20BulkRecordsAsTheSingleCall(t *testing.T) {
	type pair struct {
		name   string
		bulk   func(h *harness, ctx context.Context, l list.ID, b contactkit.Bulk) (contactkit.BulkResult, error)
		single func(h *harness, ctx context.Context, l list.ID, id contact.ID) error
	}
	for _, p := range []pair{
		{"tag", func(h *harness, ctx context.Context, _ list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.TagContacts(ctx, agent, b, "wave, Vip")
		}, func(h *harness, ctx context.Context, _ list.ID, id contact.ID) error {
			_, err := h.svc.TagContact(ctx, agent, id, "wave, Vip")
			return err
		}},
		{"untag", func(h *harness, ctx context.Context, _ list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.UntagContacts(ctx, agent, b, "old")
		}, func(h *harness, ctx context.Context, _ list.ID, id contact.ID) error {
			_, err := h.svc.UntagContact(ctx, agent, id, "old")
			return err
		}},
		{"assign", func(h *harness, ctx context.Context, _ list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.AssignContacts(ctx, agent, b, "u-bob")
		}, func(h *harness, ctx context.Context, _ list.ID, id contact.ID) error {
			_, err := h.svc.UpdateContact(ctx, agent, id, contact.Patch{Assignee: new(contact.UserID("u-bob"))})
			return err
		}},
		{"set field", func(h *harness, ctx context.Context, _ list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.SetContactsField(ctx, agent, b, "plan", " Gold ")
		}, func(h *harness, ctx context.Context, _ list.ID, id contact.ID) error {
			_, err := h.svc.UpdateContact(ctx, agent, id, contact.Patch{Fields: map[string]string{"plan": " Gold "}})
			return err
		}},
		{"add to list", func(h *harness, ctx context.Context, l list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.AddContactsToList(ctx, agent, b, l)
		}, func(h *harness, ctx context.Context, l list.ID, id contact.ID) error {
			_, err := h.svc.AddToList(ctx, agent, l, id)
			return err
		}},
		{"delete", func(h *harness, ctx context.Context, _ list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.DeleteContacts(ctx, owner, b)
		}, func(h *harness, ctx context.Context, _ list.ID, id contact.ID) error {
			_, err := h.svc.DeleteContact(ctx, owner, id)
			return err
		}},
	} {
		t.Run(p.name, func(t *testing.T) {
			h := newHarness(t)
			ctx := t.Context()
			l := h.newList(t, list.List{Name: "News"})
			_, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
			require.NoError(t, err)
			mk := func(i int) contact.ID {
				return h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("P", i)), Email: new(fmt.Sprintf("p%d@example.com", i))}, "old").ID
			}
			one, many := mk(0), []contact.ID{mk(1), mk(2), mk(3)}
			h.takeEvents()
			before := rv20BulkHistory(t, h, one)
			require.NoError(t, p.single(h, ctx, l.ID, one))
			want := rv20BulkHistory(t, h, one)[len(before):]
			wantEvents := eventsByContact(h.takeEvents())[one]

			res, err := p.bulk(h, ctx, l.ID, contactkit.Bulk{IDs: many, Expected: 3, BatchSize: 2})
			require.NoError(t, err)
			assert.Equal(t, many, res.Changed)
			events := eventsByContact(h.takeEvents())
			for _, id := range many {
				got := rv20BulkHistory(t, h, id)
				assert.Equal(t, want, got[len(got)-len(want):], "the history of the single call")
				assert.Equal(t, wantEvents, events[id], "the events of the single call")
			}
			res, err = p.bulk(h, ctx, l.ID, contactkit.Bulk{IDs: many, Expected: 3, BatchSize: 2})
			require.NoError(t, err)
			assert.Empty(t, res.Changed)
			assert.Empty(t, h.takeEvents(), "nothing recorded the second time")
		})
	}
}
