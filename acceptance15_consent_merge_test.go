package contactkit_test

// Fifteenth acceptance pass: list memberships and consent across merges
// and unmerges (DESIGN.md M2, M4, H2, H3, H5), through the public API.

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// acc15ListEvents returns the ListStatusChanged events of es as
// "contact list from>to" lines, with the names given to the IDs.
func acc15ListEvents(es []contactkit.Event, names map[string]string) []string {
	var out []string
	for _, e := range es {
		if e, ok := e.(contactkit.ListStatusChanged); ok {
			out = append(out, fmt.Sprintf("%s %s %s>%s", names[e.Contact.String()], names[e.List.String()], e.From, e.To))
		}
	}
	return out
}

// FINDING (M2 with H2, H3, H5): a merge unites list memberships with the
// most restrictive status, so it can unsubscribe the survivor from a list
// (an other had left it), make it unconfirmed, or make it a member of a
// list only an other was in. It did so silently: no ListStatusChanged, and
// nothing in the survivor's property history, whose last entry for the
// list still said "subscribed" while the membership was unsubscribed (and
// the contact's feed showed no change). A host that keeps its audiences
// from the events went on sending to a survivor that had left. Each change
// of the survivor's membership is now recorded (source merge) and
// announced, as a block that comes with a merge is; an unmerge, which
// gives the survivor its own memberships back, records and announces the
// way back (To "" where the membership went back to the contact it came
// from). No trigger fires: a membership moved by a merge is no new
// subscription.
func TestAcc15MergeRecordsAndAnnouncesTheSurvivorsListChanges(t *testing.T) {
	ctx := t.Context()
	svc, ev := acc15Service(t, nil)
	news := acc15List(t, svc, list.List{Name: "News"})
	digest := acc15List(t, svc, list.List{Name: "Digest", DoubleOptIn: true})
	offers := acc15List(t, svc, list.List{Name: "Offers"})
	same := acc15List(t, svc, list.List{Name: "Same"})
	_, err := svc.CreateAutomation(ctx, acc3Owner, automation.Automation{Name: "offers", Active: true,
		Steps: []automation.Step{{Name: "one"}}, Triggers: []automation.Trigger{automation.OnListSubscribed(offers.ID.String())}})
	require.NoError(t, err)
	a := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("a@example.com")}, Lists: []list.ID{news.ID, digest.ID, same.ID}})
	_, err = svc.ConfirmSubscription(ctx, acc3Owner, digest.ID, a.ID)
	require.NoError(t, err)
	b := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("b@example.com")}, Lists: []list.ID{news.ID, offers.ID, same.ID}})
	_, err = svc.UnsubscribeFromList(ctx, acc3Owner, news.ID, b.ID, "left")
	require.NoError(t, err)
	c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("c@example.com")}, Lists: []list.ID{digest.ID}})
	names := map[string]string{
		a.ID.String(): "a", b.ID.String(): "b", c.ID.String(): "c",
		news.ID.String(): "news", digest.ID.String(): "digest", offers.ID.String(): "offers", same.ID.String(): "same",
	}
	ev.take()

	rec := acc3Merge(t, svc, a.ID, b.ID, c.ID)
	assert.ElementsMatch(t, []string{
		"a news subscribed>unsubscribed",
		"a digest subscribed>unconfirmed",
		"a offers >subscribed",
	}, acc15ListEvents(ev.take(), names), "H3: each change of the survivor's memberships, and no other")
	assert.Equal(t, []string{">subscribed", "subscribed>unsubscribed"}, acc15History(t, svc, a.ID, contact.ListFieldPrefix+news.ID.String()), "H2: the survivor's history")
	assert.Equal(t, []string{">unconfirmed", "unconfirmed>subscribed", "subscribed>unconfirmed"}, acc15History(t, svc, a.ID, contact.ListFieldPrefix+digest.ID.String()))
	assert.Equal(t, []string{">subscribed"}, acc15History(t, svc, a.ID, contact.ListFieldPrefix+offers.ID.String()))
	assert.Equal(t, []string{">subscribed"}, acc15History(t, svc, a.ID, contact.ListFieldPrefix+same.ID.String()), "unchanged: nothing recorded")
	for ch, err := range svc.History(ctx, acc3Owner, a.ID, contact.ListFieldPrefix+news.ID.String()) {
		require.NoError(t, err)
		if ch.New == string(list.StatusUnsubscribed) {
			assert.Equal(t, contact.ChangeMerge, ch.Source)
			assert.Equal(t, acc3Owner.User, ch.Actor)
			assert.Contains(t, ch.Reason, rec.ID.String(), "the merge that made the change")
		}
	}
	r, err := svc.Reachable(ctx, acc3Owner, a.ID, contact.ChannelEmail, news.ID)
	require.NoError(t, err)
	assert.Equal(t, []contactkit.Reason{contactkit.ReasonListUnsubscribed}, r.Reasons)
	enrolled := 0
	for _, err := range svc.Enrollments(ctx, acc3Owner, contactkit.EnrollmentQuery{Contact: a.ID}) {
		require.NoError(t, err)
		enrolled++
	}
	assert.Equal(t, 1, enrolled, "b's enrollment, moved: the merge enrols no one")

	_, err = svc.UnmergeContacts(ctx, acc3Owner, rec.ID)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{
		"a news unsubscribed>subscribed",
		"a digest unconfirmed>subscribed",
		"a offers subscribed>",
	}, acc15ListEvents(ev.take(), names), "H3: the survivor's memberships back as they were")
	assert.Equal(t, []string{">subscribed", "subscribed>unsubscribed", "unsubscribed>subscribed"}, acc15History(t, svc, a.ID, contact.ListFieldPrefix+news.ID.String()))
	assert.Equal(t, []string{">subscribed", "subscribed>"}, acc15History(t, svc, a.ID, contact.ListFieldPrefix+offers.ID.String()))
	assert.Equal(t, map[contact.ID]list.Status{a.ID: list.StatusSubscribed, b.ID: list.StatusUnsubscribed}, acc15Members(t, svc, contactkit.MembershipQuery{List: news.ID}))
	assert.Equal(t, map[contact.ID]list.Status{b.ID: list.StatusSubscribed}, acc15Members(t, svc, contactkit.MembershipQuery{List: offers.ID}))
}
