package contactkit_test

// Review 20, bulk: the automation triggers of the bulk calls, against the
// matching single-contact calls.

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/tag"
)

// A bulk tag and a bulk add to a list enroll each contact as the single
// calls do (active, blocked, refused at the tag limit, enrolled before),
// once, in batches that run again without a refused contact; the refused
// contact is enrolled in nothing.
func TestRv20BulkTriggersAsTheSingleCall(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	l := h.newList(t, list.List{Name: "News"})
	byTag := h.automation(t, automation.Automation{Name: "Wave", Steps: steps(2), Active: true,
		Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("wave"))}})
	byList := h.automation(t, automation.Automation{Name: "News", Steps: steps(2), Active: true,
		Triggers: []automation.Trigger{automation.OnListSubscribed(l.ID.String())}})
	many := make([]string, 100)
	for i := range many {
		many[i] = fmt.Sprint("t", i)
	}
	kinds := []string{"active", "blocked", "full", "enrolled"}
	twin := func(side, kind string) contact.ID {
		var tags []string
		if kind == "full" {
			tags = many
		}
		c := h.create(t, owner, contact.Patch{FirstName: new(side + " " + kind), Email: new(side + "." + kind + "@example.com")}, tags...)
		switch kind {
		case "blocked":
			_, err := h.svc.BlockContact(ctx, owner, c.ID, "spam")
			require.NoError(t, err)
		case "enrolled":
			_, err := h.svc.Enroll(ctx, owner, byTag.ID, c.ID, "")
			require.NoError(t, err)
		}
		return c.ID
	}
	single, bulk := map[string]contact.ID{}, map[string]contact.ID{}
	var ids []contact.ID
	for _, k := range kinds {
		single[k] = twin("single", k)
		bulk[k] = twin("bulk", k)
		ids = append(ids, bulk[k])
	}
	for _, k := range kinds {
		_, err := h.svc.TagContact(ctx, owner, single[k], "wave")
		if k == "full" {
			require.ErrorIs(t, err, contactkit.ErrInvalidInput)
			continue
		}
		require.NoError(t, err)
		_, err = h.svc.AddToList(ctx, owner, l.ID, single[k])
		require.NoError(t, err)
	}
	res, err := h.svc.TagContacts(ctx, owner, contactkit.Bulk{IDs: ids, Expected: len(ids), BatchSize: 3}, "wave")
	require.NoError(t, err)
	require.Len(t, res.Failed, 1)
	assert.Equal(t, bulk["full"], res.Failed[0].ID)
	var joined []contact.ID
	for _, k := range kinds {
		if k != "full" {
			joined = append(joined, bulk[k])
		}
	}
	_, err = h.svc.AddContactsToList(ctx, owner, contactkit.Bulk{IDs: joined, Expected: len(joined), BatchSize: 2}, l.ID)
	require.NoError(t, err)

	render := func(id contact.ID) []string {
		var out []string
		for _, e := range h.enrollments(t, contactkit.EnrollmentQuery{Contact: id}) {
			name := "wave"
			if e.Automation == byList.ID {
				name = "news"
			}
			out = append(out, fmt.Sprintf("%s %s entry %d", name, e.State, e.Entry))
		}
		return out
	}
	for _, k := range kinds {
		assert.Equal(t, render(single[k]), render(bulk[k]), "the enrollments of a %s contact", k)
	}
	assert.Len(t, render(bulk["active"]), 2, "an active contact enrolled by each trigger")
	assert.Empty(t, render(bulk["full"]), "the refused contact is enrolled in nothing")
}
