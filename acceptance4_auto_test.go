package contactkit_test

// Acceptance round 4 (automations, events, outbox, concurrency). Every
// scenario below was written to break the library and passes on the
// current code: they are kept as regression tests, not as findings.

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

var acc4Owner = contactkit.Actor{Workspace: "acc4", User: "u-owner", Role: contactkit.RoleOwner}

type acc4Env struct {
	svc    *contactkit.Service
	mem    *memstore.Store
	relay  *contactkit.Relay
	mu     sync.Mutex
	events []contactkit.Event
	now    time.Time
}

func acc4New(t *testing.T, outbox bool, adjust func(*contactkit.Options)) *acc4Env {
	t.Helper()
	env := &acc4Env{now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	env.mem = memstore.NewWith(&memstore.Options{Outbox: outbox})
	o := &contactkit.Options{
		DefaultRegion: "FR",
		Now: func() time.Time {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.now = env.now.Add(time.Second)
			return env.now
		},
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.events = append(env.events, e)
		}},
	}
	if adjust != nil {
		adjust(o)
	}
	env.svc = contactkit.New(env.mem, o)
	if outbox {
		r, err := contactkit.NewRelay(env.mem)
		require.NoError(t, err)
		env.relay = r
	}
	return env
}

func (e *acc4Env) take() []contactkit.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.events
	e.events = nil
	return out
}

func acc4Types(evs []contactkit.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = contactkit.EventType(e)
	}
	return out
}

func (e *acc4Env) auto(t *testing.T, name string, reentry automation.Reentry, triggers ...automation.Trigger) automation.Automation {
	t.Helper()
	au, err := e.svc.CreateAutomation(t.Context(), acc4Owner, automation.Automation{
		Name: name, Steps: []automation.Step{{Name: "one"}, {Name: "two"}},
		Triggers: triggers, Active: true, Reentry: reentry,
	})
	require.NoError(t, err)
	return au
}

func (e *acc4Env) enrollments(t *testing.T, q contactkit.EnrollmentQuery) []automation.Enrollment {
	t.Helper()
	return collect(t, e.svc.Enrollments(t.Context(), acc4Owner, q))
}

func (e *acc4Env) create(t *testing.T, p contact.Patch, tags ...string) contact.Contact {
	t.Helper()
	c, err := e.svc.CreateContact(t.Context(), acc4Owner, contactkit.ContactInput{Patch: p, Tags: tags})
	require.NoError(t, err)
	return c
}

func TestAcc4P1RestoreDoesNotRetrigger(t *testing.T) {
	env := acc4New(t, false, nil)
	au := env.auto(t, "vip", automation.ReentryAllow, automation.OnTagAdded(tag.MustParseName("vip")), automation.On(automation.TriggerContactCreated))
	c := env.create(t, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}, "vip")
	require.Len(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID}), 1)
	_, err := env.svc.DeleteContact(t.Context(), acc4Owner, c.ID)
	require.NoError(t, err)
	env.take()
	_, err = env.svc.RestoreContact(t.Context(), acc4Owner, c.ID)
	require.NoError(t, err)
	t.Log(acc4Types(env.take()))
	assert.Len(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID}), 1)
}

func TestAcc4P24CaptureRetryNoSecondForm(t *testing.T) {
	env := acc4New(t, false, nil)
	au := env.auto(t, "form", automation.ReentryAllow, automation.OnFormSubmitted("f1"))
	in := contactkit.ContactInput{Patch: contact.Patch{Email: new("x@example.com")}, Form: "f1", Note: "hello", NoteKey: "k1"}
	_, err := env.svc.CaptureContact(t.Context(), acc4Owner, in)
	require.NoError(t, err)
	_, err = env.svc.CaptureContact(t.Context(), acc4Owner, in)
	require.NoError(t, err)
	assert.Len(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID}), 1)
}

func TestAcc4P25NoteRetryNoSecondTrigger(t *testing.T) {
	env := acc4New(t, false, nil)
	au := env.auto(t, "note", automation.ReentryAllow, automation.On(automation.TriggerNoteAdded))
	c := env.create(t, contact.Patch{Email: new("x@example.com")})
	for range 2 {
		_, err := env.svc.AddNote(t.Context(), acc4Owner, c.ID, contactkit.NoteInput{Body: "hi", Key: "n1"})
		require.NoError(t, err)
	}
	assert.Len(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID}), 1)
	// task
	au2 := env.auto(t, "task", automation.ReentryAllow, automation.On(automation.TriggerTaskCompleted), automation.On(automation.TriggerTaskCreated))
	var id activity.ID
	for range 2 {
		tk, err := env.svc.AddTask(t.Context(), acc4Owner, c.ID, contactkit.TaskInput{Title: "call", Key: "t1"})
		require.NoError(t, err)
		id = tk.ID
	}
	for range 2 {
		_, err := env.svc.CompleteTask(t.Context(), acc4Owner, id)
		require.NoError(t, err)
	}
	assert.Len(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: au2.ID}), 2)
}

func TestAcc4P14NoOpCallsEmitNothing(t *testing.T) {
	env := acc4New(t, false, nil)
	c := env.create(t, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}, "vip")
	l, err := env.svc.CreateList(t.Context(), acc4Owner, list.List{Name: "News"})
	require.NoError(t, err)
	_, err = env.svc.AddToList(t.Context(), acc4Owner, l.ID, c.ID)
	require.NoError(t, err)
	_, err = env.svc.Unsubscribe(t.Context(), acc4Owner, c.ID, list.ChannelEmail, "asked")
	require.NoError(t, err)
	_, err = env.svc.BlockContact(t.Context(), acc4Owner, c.ID, "spam")
	require.NoError(t, err)
	env.take()
	_, err = env.svc.TagContact(t.Context(), acc4Owner, c.ID, "VIP")
	t.Log("tag", err, acc4Types(env.take()))
	_, err = env.svc.UntagContact(t.Context(), acc4Owner, c.ID, "nope")
	t.Log("untag", err, acc4Types(env.take()))
	_, err = env.svc.UpdateContact(t.Context(), acc4Owner, c.ID, contact.Patch{FirstName: new("Ada")})
	t.Log("update", err, acc4Types(env.take()))
	_, err = env.svc.AddToList(t.Context(), acc4Owner, l.ID, c.ID)
	t.Log("addtolist", err, acc4Types(env.take()))
	_, err = env.svc.Unsubscribe(t.Context(), acc4Owner, c.ID, list.ChannelEmail, "asked")
	t.Log("unsub", err, acc4Types(env.take()))
	_, err = env.svc.UnsubscribeAddress(t.Context(), acc4Owner, list.ChannelEmail, "ada@example.com", "asked")
	t.Log("unsubaddr", err, acc4Types(env.take()))
	_, err = env.svc.UnsubscribeFromList(t.Context(), acc4Owner, l.ID, c.ID, "x")
	t.Log("unsublist", err, acc4Types(env.take()))
	_, err = env.svc.UnsubscribeFromList(t.Context(), acc4Owner, l.ID, c.ID, "x")
	t.Log("unsublist2", err, acc4Types(env.take()))
	_, err = env.svc.BlockContact(t.Context(), acc4Owner, c.ID, "spam")
	t.Log("block", err, acc4Types(env.take()))
	_, err = env.svc.UnblockContact(t.Context(), acc4Owner, c.ID)
	t.Log("unblock", err, acc4Types(env.take()))
	_, err = env.svc.UnblockContact(t.Context(), acc4Owner, c.ID)
	t.Log("unblock2", err, acc4Types(env.take()))
	n, err := env.svc.StopEnrollments(t.Context(), acc4Owner, c.ID, "why")
	t.Log("stop", n, err, acc4Types(env.take()))
	_, err = env.svc.ConnectChannel(t.Context(), acc4Owner, c.ID, contact.ChannelEmail)
	t.Log("connect", err, acc4Types(env.take()))
	_, err = env.svc.ConnectChannel(t.Context(), acc4Owner, c.ID, contact.ChannelEmail)
	t.Log("connect2", err, acc4Types(env.take()))
	_, err = env.svc.DeleteTag(t.Context(), acc4Owner, "unknown")
	t.Log("deltag", err, acc4Types(env.take()))
}

func acc4Import(t *testing.T, env *acc4Env, text string, o contactkit.ImportOptions) contactkit.ImportResult {
	t.Helper()
	r, err := importer.Open(strings.NewReader(text), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	m := importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
	res, err := env.svc.Import(t.Context(), acc4Owner, r, m, &o)
	require.NoError(t, err)
	return res
}

func TestAcc4P50ImportUnsubAllListTrigger(t *testing.T) {
	env := acc4New(t, false, nil)
	l, err := env.svc.CreateList(t.Context(), acc4Owner, list.List{Name: "News", Channel: list.ChannelEmail})
	require.NoError(t, err)
	auL := env.auto(t, "list", automation.ReentryAllow, automation.OnListSubscribed(l.ID.String()))
	auT := env.auto(t, "tag", automation.ReentryAllow, automation.OnTagAdded(tag.MustParseName("vip")))
	existing := env.create(t, contact.Patch{Email: new("old@example.com")})
	res := acc4Import(t, env, "Email\nnew@example.com\nold@example.com\n", contactkit.ImportOptions{Triggers: true, UnsubscribeAll: true, Lists: []list.ID{l.ID}, Tags: []string{"vip"}})
	t.Logf("%+v", res)
	t.Log(acc4Types(env.take()))
	assert.Empty(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: auL.ID}), "list")
	assert.Len(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: auT.ID}), 2, "tag")
	_ = existing
}

func TestAcc4P52CaptureUnsubConsentList(t *testing.T) {
	env := acc4New(t, false, nil)
	l, err := env.svc.CreateList(t.Context(), acc4Owner, list.List{Name: "News", Channel: list.ChannelEmail})
	require.NoError(t, err)
	auL := env.auto(t, "list", automation.ReentryAllow, automation.OnListSubscribed(l.ID.String()))
	res, err := env.svc.CaptureContact(t.Context(), acc4Owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("a@example.com")},
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentUnsubscribed}, Lists: []list.ID{l.ID}})
	require.NoError(t, err)
	t.Logf("%+v", res.Memberships)
	assert.Empty(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: auL.ID}))
	// existing contact unsub, create with list
	_, err = env.svc.UnsubscribeAddress(t.Context(), acc4Owner, list.ChannelEmail, "b@example.com", "stop")
	require.NoError(t, err)
	c, err := env.svc.CreateContact(t.Context(), acc4Owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("B@example.com")}, Lists: []list.ID{l.ID}})
	require.NoError(t, err)
	_ = c
	assert.Empty(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: auL.ID}))
}

func TestAcc4P54ConcurrentEnrollSameKey(t *testing.T) {
	env := acc4New(t, true, nil)
	au := env.auto(t, "m", automation.ReentryAllow)
	c := env.create(t, contact.Patch{Email: new("a@example.com")})
	var wg sync.WaitGroup
	ids := make([]automation.EnrollmentID, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := env.svc.Enroll(t.Context(), acc4Owner, au.ID, c.ID, "k")
			assert.NoError(t, err)
			ids[i] = e.ID
		}()
	}
	wg.Wait()
	assert.Len(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID}), 1)
	for _, id := range ids {
		assert.Equal(t, ids[0], id)
	}
	n := 0
	for _, e := range env.take() {
		if _, ok := e.(contactkit.Enrolled); ok {
			n++
		}
	}
	assert.Equal(t, 1, n)
}

func TestAcc4P70OutboxConcurrentWritersAndRelays(t *testing.T) {
	env := acc4New(t, true, nil)
	ctx := t.Context()
	wss := []contact.WorkspaceID{"acc4", "acc4-b", "acc4-c"}
	var delivered atomic.Int64
	env.svc = contactkit.New(env.mem, &contactkit.Options{DefaultRegion: "FR", Subscribers: []contactkit.Subscriber{func(context.Context, contactkit.Event) { delivered.Add(1) }}})
	_, err := env.relay.Register(ctx, "all", "")
	require.NoError(t, err)
	_, err = env.relay.Register(ctx, "b", "acc4-b")
	require.NoError(t, err)
	var done atomic.Bool
	var wgW, wgR sync.WaitGroup
	for g := range 6 {
		wgW.Add(1)
		go func() {
			defer wgW.Done()
			a := contactkit.Actor{Workspace: wss[g%3], User: "u", Role: contactkit.RoleOwner}
			for i := range 40 {
				c, err := env.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(fmt.Sprintf("g%d-%d@example.com", g, i))}})
				if !assert.NoError(t, err) {
					return
				}
				_, err = env.svc.TagContact(ctx, a, c.ID, "t")
				assert.NoError(t, err)
				_, err = env.svc.UpdateContact(ctx, a, c.ID, contact.Patch{FirstName: new("X")})
				assert.NoError(t, err)
			}
		}()
	}
	read := func(name string) map[string][]string {
		perContact := map[string][]string{}
		seen := map[[16]byte]bool{}
		last := int64(0)
		for {
			stop := done.Load()
			b, err := env.relay.Next(ctx, name, 13)
			if !assert.NoError(t, err) {
				return nil
			}
			for _, d := range b.Deliveries {
				assert.Greater(t, d.Position, last)
				last = d.Position
				if seen[d.ID] {
					continue
				}
				seen[d.ID] = true
				k := string(d.Event.Meta().Workspace) + "/" + d.Event.Meta().Contact.String()
				perContact[k] = append(perContact[k], contactkit.EventType(d.Event))
			}
			assert.NoError(t, env.relay.Ack(ctx, name, b.Next))
			if stop && len(b.Deliveries) == 0 {
				return perContact
			}
		}
	}
	var all, onlyB map[string][]string
	wgR.Add(2)
	go func() { defer wgR.Done(); all = read("all") }()
	go func() { defer wgR.Done(); onlyB = read("b") }()
	wgW.Wait()
	done.Store(true)
	wgR.Wait()
	n := 0
	for k, evs := range all {
		n += len(evs)
		assert.Equal(t, []string{"ContactCreated", "ContactTagged", "ContactUpdated"}, evs, k)
	}
	assert.Equal(t, int(delivered.Load()), n)
	assert.Equal(t, 240*3, n)
	nb := 0
	for _, evs := range onlyB {
		nb += len(evs)
	}
	assert.Equal(t, 80*3, nb)
}

func TestAcc4P80TagTriggerUnicode(t *testing.T) {
	env := acc4New(t, false, nil)
	au := env.auto(t, "cafe", automation.ReentryAllow, automation.OnTagAdded(tag.MustParseName("Café")))
	c := env.create(t, contact.Patch{Email: new("a@example.com")})
	_, err := env.svc.TagContact(t.Context(), acc4Owner, c.ID, "CAFE\u0301")
	require.NoError(t, err)
	c2 := env.create(t, contact.Patch{Email: new("b@example.com")})
	_, err = env.svc.TagContact(t.Context(), acc4Owner, c2.ID, "\u200bcafé")
	require.NoError(t, err)
	assert.Len(t, env.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID}), 2)
}

func TestAcc4P81DoubleOptInUnsubConfirm(t *testing.T) {
	env := acc4New(t, false, nil)
	l, err := env.svc.CreateList(t.Context(), acc4Owner, list.List{Name: "News", Channel: list.ChannelEmail, DoubleOptIn: true})
	require.NoError(t, err)
	au := env.auto(t, "l", automation.ReentryAllow, automation.OnListSubscribed(l.ID.String()))
	c := env.create(t, contact.Patch{Email: new("a@example.com")})
	_, err = env.svc.AddToList(t.Context(), acc4Owner, l.ID, c.ID)
	require.NoError(t, err)
	_, err = env.svc.Unsubscribe(t.Context(), acc4Owner, c.ID, list.ChannelEmail, "STOP")
	require.NoError(t, err)
	m, err := env.svc.ConfirmSubscription(t.Context(), acc4Owner, l.ID, c.ID)
	t.Log(m.Status, err)
	t.Log(len(env.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID})))
}

func TestAcc4P90ConcurrentMix(t *testing.T) {
	env := acc4New(t, true, nil)
	ctx := t.Context()
	var delivered atomic.Int64
	env.svc = contactkit.New(env.mem, &contactkit.Options{DefaultRegion: "FR", Subscribers: []contactkit.Subscriber{func(context.Context, contactkit.Event) { delivered.Add(1) }}})
	au := env.auto(t, "vip", automation.ReentryAllow, automation.OnTagAdded(tag.MustParseName("vip")))
	au2 := env.auto(t, "man", "")
	var cs []contact.Contact
	for i := range 20 {
		cs = append(cs, env.create(t, contact.Patch{Email: new(fmt.Sprintf("c%d@example.com", i))}))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				c := cs[(g*7+i)%len(cs)]
				switch (g + i) % 8 {
				case 0:
					env.svc.TagContact(ctx, acc4Owner, c.ID, "vip")
				case 1:
					env.svc.UntagContact(ctx, acc4Owner, c.ID, "vip")
				case 2:
					env.svc.DeleteContact(ctx, acc4Owner, c.ID)
				case 3:
					env.svc.RestoreContact(ctx, acc4Owner, c.ID)
				case 4:
					env.svc.BlockContact(ctx, acc4Owner, c.ID, "x")
				case 5:
					env.svc.UnblockContact(ctx, acc4Owner, c.ID)
				case 6:
					env.svc.Enroll(ctx, acc4Owner, au2.ID, c.ID, fmt.Sprintf("k%d", i%5))
				case 7:
					for e, err := range env.svc.Enrollments(ctx, acc4Owner, contactkit.EnrollmentQuery{Contact: c.ID, ActiveOnly: true}) {
						if err != nil {
							break
						}
						env.svc.PassStep(ctx, acc4Owner, e.ID, automation.OutcomeCompleted)
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, c := range cs {
		got, err := env.svc.GetContact(ctx, acc4Owner, c.ID)
		require.NoError(t, err)
		if got.Trashed() || got.Blocked() {
			for e, err := range env.svc.Enrollments(ctx, acc4Owner, contactkit.EnrollmentQuery{Contact: c.ID, ActiveOnly: true}) {
				require.NoError(t, err)
				t.Errorf("contact trashed=%v blocked=%v has active enrollment %v", got.Trashed(), got.Blocked(), e.Automation)
			}
		}
	}
	b, err := env.relay.Read(ctx, store.OutboxQuery{Limit: store.MaxLimit})
	require.NoError(t, err)
	n := len(b.Deliveries)
	for len(b.Deliveries) > 0 {
		b, err = env.relay.Read(ctx, store.OutboxQuery{After: b.Next, Limit: store.MaxLimit})
		require.NoError(t, err)
		n += len(b.Deliveries)
	}
	assert.Equal(t, int(delivered.Load()), n, "the outbox holds every delivered event")
	_ = au
}

func TestAcc4P100ConsentChangedNamesHolder(t *testing.T) {
	env := acc4New(t, false, nil)
	c := env.create(t, contact.Patch{Email: new("ada@example.com"), Phone: new("06 12 34 56 78")})
	_, err := env.svc.UpdateContact(t.Context(), acc4Owner, c.ID, contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "second@example.com"}}})
	t.Log(err)
	env.take()
	for _, in := range []struct {
		ch  list.Channel
		raw string
	}{{list.ChannelEmail, "Second@Example.com"}, {list.ChannelSMS, "+33 6 12 34 56 78"}, {list.ChannelWhatsApp, "0612345678"}, {list.ChannelEmail, "ADA@example.com"}} {
		_, err := env.svc.UnsubscribeAddress(t.Context(), acc4Owner, in.ch, in.raw, "stop")
		require.NoError(t, err)
		evs := env.take()
		require.Len(t, evs, 1, in.raw)
		assert.Equal(t, c.ID, evs[0].Meta().Contact, in.raw)
		_, err = env.svc.ResubscribeAddress(t.Context(), acc4Owner, in.ch, in.raw, "ok")
		require.NoError(t, err)
		evs = env.take()
		require.Len(t, evs, 1, in.raw)
		assert.Equal(t, c.ID, evs[0].Meta().Contact, in.raw)
	}
}

func TestAcc4P110EraseFreesKey(t *testing.T) {
	env := acc4New(t, true, nil)
	au := env.auto(t, "m", automation.ReentryRefuseWhileActive)
	a := env.create(t, contact.Patch{Email: new("a@example.com")})
	b := env.create(t, contact.Patch{Email: new("b@example.com")})
	_, err := env.svc.Enroll(t.Context(), acc4Owner, au.ID, a.ID, "k")
	require.NoError(t, err)
	env.take()
	require.NoError(t, env.svc.EraseContact(t.Context(), acc4Owner, a.ID))
	t.Log(acc4Types(env.take()))
	e, err := env.svc.Enroll(t.Context(), acc4Owner, au.ID, b.ID, "k")
	require.NoError(t, err)
	assert.Equal(t, b.ID, e.Contact)
	assert.Equal(t, 1, e.Entry)
}
