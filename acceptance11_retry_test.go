package contactkit_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// Section 3, "Retry-safe: a Store may run a transaction's function again
// after a serialization failure; every Service call ... works when it
// does". The calls of contacts, custom fields, tags, lists and consent,
// run in one sequence on a memory store and on the same store whose every
// transaction runs twice (storetest.Retrying), give the same results,
// the same events and the same final state, IDs aside (they are numbered
// in the order they first appear, which creation order makes the same).
func TestAcc11EveryCallGivesTheSameAnswerWhenRetried(t *testing.T) {
	once := acc11Script(t, memstore.New())
	twice := acc11Script(t, storetest.Retrying(memstore.New()))
	ol, tl := strings.Split(once, "\n"), strings.Split(twice, "\n")
	for i := range min(len(ol), len(tl)) {
		require.Equal(t, ol[i], tl[i], "line %d of the script's outcomes differs when every transaction runs twice", i+1)
	}
	require.Equal(t, len(ol), len(tl))
}

var acc11RetryUUID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

func acc11Script(t *testing.T, s store.Store) string {
	ctx := context.Background()
	var mu sync.Mutex
	var b strings.Builder
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	svc := contactkit.New(s, &contactkit.Options{
		DefaultRegion: "FR",
		Now:           func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(&b, "event %s %+v\n", contactkit.EventType(e), e)
		}},
	})
	out := func(name string, v any, err error) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(&b, "%s: %+v | %v\n", name, v, err)
		now = now.Add(time.Minute) // no two calls at one time: no tie for IDs to break
	}
	a := acc11Owner
	p := acc11Ptr[string]
	f, err := svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("tier"), Label: "Tier", Type: field.TypeSelect, Options: []field.Option{{Value: "Gold"}, {Value: "Silver"}}})
	out("create field", f, err)
	n, err := svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeText})
	out("create field", n, err)
	l, err := svc.CreateList(ctx, a, list.List{Name: " News ", Channel: list.ChannelEmail, DoubleOptIn: true})
	out("create list", l, err)
	l2, err := svc.CreateList(ctx, a, list.List{Name: "Any"})
	out("create list", l2, err)
	ann, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: p("Ann"), Email: p("ann@example.com"), Phone: p("06 12 34 56 78"),
		OtherEmails: &[]contact.LabeledInput{{Value: "ann@home.example", Label: "home"}}, Fields: map[string]string{"tier": "gold", "score": "12"}},
		Tags: []string{"VIP, lead"}, Lists: []list.ID{l.ID, l2.ID}, Note: "hello", NoteKey: "n1",
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentUnsubscribed}})
	out("create", ann, err)
	bob, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: p("Bob"), Email: p("bob@example.com")}, Tags: []string{"vip"}})
	out("create", bob, err)
	_, err = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: p("ANN@example.com")}})
	out("create taken", nil, err)
	r, err := svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: p("ann@home.example"), City: p("Paris"), Phone: p("07 81 22 33 44")},
		Tags: []string{"form"}, Note: "again", NoteKey: "n2", Lists: []list.ID{l2.ID}, Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed}})
	out("capture", r, err)
	r, err = svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: p("cat@example.com")}, Note: "new", NoteKey: "n3"})
	out("capture new", r, err)
	c, err := svc.UpdateContact(ctx, a, ann.ID, contact.Patch{Email: p("ann@home.example"), LastName: p("Lee"), Fields: map[string]string{"score": ""}})
	out("update", c, err)
	c, err = svc.UpdateContact(ctx, a, ann.ID, contact.Patch{Phone: p("nope"), Fields: map[string]string{"nope": "1"}})
	out("update invalid", c, err)
	c, err = svc.TagContact(ctx, a, bob.ID, "Lead, NEW tag")
	out("tag", c, err)
	c, err = svc.UntagContact(ctx, a, bob.ID, "VIP")
	out("untag", c, err)
	cnt, err := svc.DeleteTag(ctx, a, "LEAD")
	out("delete tag", cnt, err)
	m, err := svc.AddToList(ctx, a, l.ID, bob.ID)
	out("add to list", m, err)
	m, err = svc.ConfirmSubscription(ctx, a, l.ID, bob.ID)
	out("confirm", m, err)
	m, err = svc.UnsubscribeFromList(ctx, a, l.ID, bob.ID, "no more")
	out("unsubscribe from list", m, err)
	m, err = svc.ResubscribeToList(ctx, a, l.ID, bob.ID, "asked again")
	out("resubscribe to list", m, err)
	e, err := svc.Unsubscribe(ctx, a, bob.ID, list.ChannelEmail, "stop")
	out("unsubscribe", e, err)
	e, err = svc.UnsubscribeAddress(ctx, a, list.ChannelSMS, "+33 6 99 99 99 99", "STOP")
	out("unsubscribe address", e, err)
	e, err = svc.Resubscribe(ctx, a, bob.ID, list.ChannelEmail, "asked")
	out("resubscribe", e, err)
	cs, err := svc.Consent(ctx, a, ann.ID)
	out("consent", cs, err)
	d, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Phone: p("06 99 99 99 99")}, Lists: []list.ID{l2.ID}})
	out("create unsubscribed", d, err)
	fs, err := svc.AllFields(ctx, a)
	out("fields", fs, err)
	var ff field.Definition
	if len(fs) == 2 {
		fs[1].Options[0].Hidden = true
		ff, err = svc.UpdateField(ctx, a, fs[1])
	}
	out("update field", ff, err)
	conv, err := svc.PreviewFieldTypeChange(ctx, a, field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber})
	out("preview", conv, err)
	conv, err = svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber}})
	out("change type", conv, err)
	af, err := svc.ArchiveField(ctx, a, field.MustParseKey("tier"))
	out("archive", af, err)
	br, err := svc.TagContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 2}, "bulk")
	out("bulk tag", br, err)
	for _, q := range []contactkit.ContactQuery{{}, {Tag: "bulk"}, {Text: "ann"}} {
		var got []contact.Contact
		for c, err := range svc.Contacts(ctx, a, q) {
			out("contacts err", nil, err)
			got = append(got, c)
		}
		out("contacts", got, nil)
	}
	for tg, err := range svc.Tags(ctx, a) {
		out("tag", tg, err)
	}
	for e, err := range svc.ConsentLedger(ctx, a, "") {
		out("ledger", e, err)
	}
	for m, err := range svc.Memberships(ctx, a, contactkit.MembershipQuery{}) {
		out("membership", m, err)
	}
	for _, id := range []contact.ID{ann.ID, bob.ID, d.ID} {
		for h, err := range svc.History(ctx, a, id, "") {
			out("history", h, err)
		}
		for it, err := range svc.Timeline(ctx, a, id, contactkit.TimelineQuery{}) {
			out("timeline", it, err)
		}
	}
	ids := map[string]string{}
	return acc11RetryUUID.ReplaceAllStringFunc(b.String(), func(s string) string {
		if _, ok := ids[s]; !ok {
			ids[s] = fmt.Sprintf("id%d", len(ids))
		}
		return ids[s]
	})
}
