package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// contactCreated is the occurrence every fixture automation is triggered by.
var contactCreated = automation.Occurrence{Kind: automation.TriggerContactCreated}

// automationsAggregate describes store.Automations for the shared cases.
func automationsAggregate(t *testing.T, e *env) *aggregate[automation.Automation] {
	return &aggregate[automation.Automation]{
		name:    "Automations",
		noun:    "automation",
		fresh:   func(*engaged) automation.Automation { return e.flow(t, "Welcome series") },
		version: func(a *automation.Automation) *int64 { return &a.Version },
		setID:   func(dst, src *automation.Automation) { dst.ID = src.ID },
		edit: func(a *automation.Automation, n int) {
			a.Name = fmt.Sprintf("Welcome series %d", n)
			a.Steps = append(slices.Clone(a.Steps), automation.Step{Name: fmt.Sprintf("Step added by edit %d", n)})
			a.Triggers = append(slices.Clone(a.Triggers), automation.OnFormSubmitted(fmt.Sprintf("form-%d", n)))
			a.Reentry = automation.ReentryRefuseWhileActive
			a.UpdatedAt = e.at(100 + n)
		},
		clone: func(a *automation.Automation) automation.Automation { return a.Clone() },
		scribble: func(a *automation.Automation) {
			for i := range a.Steps {
				a.Steps[i].Name = "scribbled"
			}
			for i := range a.Triggers {
				a.Triggers[i].Kind, a.Triggers[i].Subject = automation.TriggerManual, "scribbled"
			}
		},
		what: "Steps and Triggers",
		get: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, a *automation.Automation) (automation.Automation, error) {
			return tx.Automations().Get(ctx, ws, a.ID)
		},
		create: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, a *automation.Automation) error {
			return tx.Automations().Create(ctx, ws, a)
		},
		update: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, a *automation.Automation) error {
			return tx.Automations().Update(ctx, ws, a)
		},
		lookups: []lookup[automation.Automation]{
			{"Automations.List", func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, a *automation.Automation) (automation.Automation, error) {
				return findListed(func(p store.PageRequest) (store.Page[automation.Automation], error) {
					return tx.Automations().List(ctx, ws, p)
				},
					func(x *automation.Automation) bool { return x.ID == a.ID })
			}},
			{"Automations.Triggered", func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, a *automation.Automation) (automation.Automation, error) {
				found, err := tx.Automations().Triggered(ctx, ws, contactCreated)
				if err != nil {
					return automation.Automation{}, err
				}
				return findListed(func(store.PageRequest) (store.Page[automation.Automation], error) {
					return store.Page[automation.Automation]{Items: found}, nil
				}, func(x *automation.Automation) bool { return x.ID == a.ID })
			}},
		},
	}
}

// enrollmentsAggregate describes store.Enrollments for the shared cases.
func enrollmentsAggregate(t *testing.T, e *env) *aggregate[automation.Enrollment] {
	return &aggregate[automation.Enrollment]{
		name: "Enrollments",
		noun: "enrollment",
		fresh: func(g *engaged) automation.Enrollment {
			en := e.enrollment(t, &g.flow, g.who.ID, "key-"+uuid.NewString())
			if err := en.Pass(automation.OutcomeCompleted, e.at(8)); err != nil {
				t.Fatalf("storetest fixture: automation.Enrollment.Pass: %v", err)
			}
			return en
		},
		unset:   []string{"EndedAt", "StopReason"}, // set by edits: UpdateVersion stops the enrollment
		version: func(en *automation.Enrollment) *int64 { return &en.Version },
		setID:   func(dst, src *automation.Enrollment) { dst.ID = src.ID },
		edit: func(en *automation.Enrollment, n int) {
			outcome := automation.OutcomeCompleted
			if n%2 == 1 {
				outcome = automation.OutcomeSkipped
			}
			if err := en.Pass(outcome, e.at(20+n)); err == nil {
				return
			}
			if err := en.Stop(fmt.Sprintf("stopped by edit %d", n), e.at(40+n)); err != nil {
				en.StopReason = fmt.Sprintf("edited %d", n) // a change all the same
			}
		},
		clone: func(en *automation.Enrollment) automation.Enrollment { return en.Clone() },
		scribble: func(en *automation.Enrollment) {
			for i := range en.Path {
				en.Path[i].Outcome = "scribbled"
				en.Path[i].At = en.Path[i].At.Add(time.Hour)
			}
		},
		what: "Path",
		get: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, en *automation.Enrollment) (automation.Enrollment, error) {
			return tx.Enrollments().Get(ctx, ws, en.ID)
		},
		create: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, en *automation.Enrollment) error {
			return tx.Enrollments().Create(ctx, ws, en)
		},
		update: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, en *automation.Enrollment) error {
			return tx.Enrollments().Update(ctx, ws, en)
		},
		lookups: []lookup[automation.Enrollment]{
			{"Enrollments.ByKey", func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, en *automation.Enrollment) (automation.Enrollment, error) {
				return tx.Enrollments().ByKey(ctx, ws, en.Automation, en.IdempotencyKey)
			}},
			{"Enrollments.List", func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, en *automation.Enrollment) (automation.Enrollment, error) {
				return findListed(func(p store.PageRequest) (store.Page[automation.Enrollment], error) {
					return tx.Enrollments().List(ctx, ws, store.EnrollmentQuery{Contact: en.Contact}, p)
				}, func(x *automation.Enrollment) bool { return x.ID == en.ID })
			}},
		},
	}
}

func (e *env) listAutomations(t *testing.T, ws contact.WorkspaceID, limit, maxPages int) ([]automation.Automation, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "Automations.List", limit, maxPages, func(p store.PageRequest) (store.Page[automation.Automation], error) {
		var page store.Page[automation.Automation]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.Automations().List(ctx, ws, p)
			return err
		})
		return page, err
	}, nil)
}

func automationOrder(a, b *automation.Automation) int { return a.ID.Compare(b.ID) }
func automationKey(a *automation.Automation) string   { return a.Name + " " + a.ID.String() }

func testAutomationsListPages(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	if got, ok := e.listAutomations(t, ws, 0, 10); ok && len(got) != 0 {
		t.Errorf("Automations.List of a workspace with no automations: got %d, want an empty page", len(got))
	}
	const n = 9
	flows := make([]automation.Automation, n)
	for i := range flows {
		flows[i] = e.flow(t, fmt.Sprintf("Automation %d", i))
		flows[i].Active = i%3 != 0 // inactive ones are listed too
	}
	e.update(t, "setup: Automations.Create", func(tx store.Tx) error {
		for i := range flows {
			if err := tx.Automations().Create(ctx, ws, &flows[i]); err != nil {
				return err
			}
		}
		return nil
	})
	want := slices.Clone(flows)
	slices.SortFunc(want, func(a, b automation.Automation) int { return automationOrder(&a, &b) })
	for _, limit := range []int{1, 4, 0} {
		what := fmt.Sprintf("Automations.List with Limit %d, paging through every page", limit)
		if got, ok := e.listAutomations(t, ws, limit, 2*n+10); ok {
			checkOrder(t, what, "every automation of the workspace, in ascending order of ID", got, want, automationOrder, automationKey)
		}
	}
	checkGarbageCursors(t, "Automations.List", func(cursor string) error {
		return e.s.View(ctx, func(tx store.Tx) error {
			_, err := tx.Automations().List(ctx, ws, store.PageRequest{Cursor: cursor, Limit: 2})
			return err
		})
	})
}

func testAutomationsTriggered(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	vip, other := mustTag(t, "VIP"), mustTag(t, "Other")
	listID := newListID().String()
	mk := func(name string, active bool, triggers ...automation.Trigger) automation.Automation {
		a := e.flow(t, name)
		a.Active, a.Triggers = active, triggers
		return a
	}
	flows := []automation.Automation{
		mk("created", true, automation.On(automation.TriggerContactCreated)),
		mk("created, inactive", false, automation.On(automation.TriggerContactCreated)),
		mk("tag VIP", true, automation.OnTagAdded(vip)),
		mk("any tag", true, automation.On(automation.TriggerTagAdded)),
		mk("tag VIP, inactive", false, automation.OnTagAdded(vip)),
		mk("form signup or created", true, automation.OnFormSubmitted("signup"), automation.On(automation.TriggerContactCreated)),
		mk("list", true, automation.OnListSubscribed(listID)),
		mk("manual only", true, automation.On(automation.TriggerManual)),
		mk("no trigger", true),
		mk("created 2", true, automation.On(automation.TriggerContactCreated)),
	}
	e.update(t, "setup: Automations.Create", func(tx store.Tx) error {
		for i := range flows {
			if err := tx.Automations().Create(ctx, ws, &flows[i]); err != nil {
				return err
			}
		}
		return nil
	})
	// Another workspace's automations match every occurrence too.
	stranger := mk("stranger", true, automation.On(automation.TriggerContactCreated), automation.On(automation.TriggerTagAdded))
	e.update(t, "setup: Automations.Create in another workspace", func(tx store.Tx) error {
		return tx.Automations().Create(ctx, newWorkspace(), &stranger)
	})

	occurrences := []struct {
		name string
		o    automation.Occurrence
	}{
		{"contact created", contactCreated},
		{"tag VIP added", automation.TagAdded(vip)},
		{`tag "vip" added (same key)`, automation.TagAdded(mustTag(t, "vip"))},
		{"another tag added", automation.TagAdded(other)},
		{"form signup submitted", automation.FormSubmitted("signup")},
		{"another form submitted", automation.FormSubmitted("other")},
		{"list subscribed", automation.ListSubscribed(listID)},
		{"another list subscribed", automation.ListSubscribed(newListID().String())},
		{"note added", automation.Occurrence{Kind: automation.TriggerNoteAdded}},
	}
	check := func(after string) {
		t.Helper()
		for _, x := range occurrences {
			var want []automation.Automation
			for i := range flows {
				if flows[i].Triggered(x.o) {
					want = append(want, flows[i])
				}
			}
			slices.SortFunc(want, func(a, b automation.Automation) int { return automationOrder(&a, &b) })
			var got []automation.Automation
			err := e.s.View(ctx, func(tx store.Tx) error {
				var err error
				got, err = tx.Automations().Triggered(ctx, ws, x.o)
				return err
			})
			what := fmt.Sprintf("Automations.Triggered(%s)%s", x.name, after)
			if err != nil {
				t.Errorf("%s: got err %v, want nil", what, err)
				continue
			}
			checkOrder(t, what, "every automation of the workspace for which Automation.Triggered is true (active, with a matching trigger), in ascending order of ID", got, want, automationOrder, automationKey)
			for i := range got {
				if i < len(want) && got[i].ID == want[i].ID {
					if d := diff(got[i], want[i]); d != "" {
						t.Errorf("%s: a triggered automation is not the stored one: %s", what, d)
						break
					}
				}
			}
		}
	}
	check("")

	// Deactivating one and activating another changes what is triggered.
	flows[0].Active, flows[1].Active = false, true
	e.update(t, "Automations.Update", func(tx store.Tx) error {
		for i := range flows[:2] {
			if err := tx.Automations().Update(ctx, ws, &flows[i]); err != nil {
				return err
			}
		}
		return nil
	})
	check(" after Automations.Update deactivated one and activated another")
}

// Enrollments.

func (e *env) createEnrollment(t *testing.T, ws contact.WorkspaceID, en *automation.Enrollment) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Enrollments().Create(ctx, ws, en) })
}

func (e *env) byKey(t *testing.T, ws contact.WorkspaceID, a automation.ID, key string) (automation.Enrollment, error) {
	ctx := t.Context()
	var en automation.Enrollment
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		en, err = tx.Enrollments().ByKey(ctx, ws, a, key)
		return err
	})
	return en, err
}

func (e *env) getEnrollment(t *testing.T, ws contact.WorkspaceID, id automation.EnrollmentID) (automation.Enrollment, error) {
	ctx := t.Context()
	var en automation.Enrollment
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		en, err = tx.Enrollments().Get(ctx, ws, id)
		return err
	})
	return en, err
}

func testEnrollmentsIdempotencyKeyUnique(t *testing.T, e *env) {
	g := e.engage(t)
	ctx := t.Context()
	second := e.flow(t, "Second")
	e.update(t, "setup: Automations.Create", func(tx store.Tx) error { return tx.Automations().Create(ctx, g.ws, &second) })
	other := e.people(t, g.ws, 1)[0]

	first := e.enrollment(t, &g.flow, g.who.ID, "retry-42")
	if err := e.createEnrollment(t, g.ws, &first); err != nil {
		t.Fatalf("Enrollments.Create of a new enrollment with an idempotency key: got err %v, want nil", err)
	}
	dup := e.enrollment(t, &g.flow, other, "retry-42")
	if err := e.createEnrollment(t, g.ws, &dup); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Enrollments.Create with the idempotency key of an enrollment of the same automation: got err %v, want store.ErrAlreadyExists", err)
	}
	if _, err := e.getEnrollment(t, g.ws, dup.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Enrollments.Create refused with ErrAlreadyExists: Enrollments.Get of its ID got err %v, want store.ErrNotFound (nothing is written)", err)
	}
	if got, err := e.byKey(t, g.ws, g.flow.ID, "retry-42"); err != nil || got.ID != first.ID {
		t.Errorf("Enrollments.ByKey after a refused duplicate: got enrollment %s, err %v, want %s (the first one)", got.ID, err, first.ID)
	}

	elsewhere := e.enrollment(t, &second, g.who.ID, "retry-42")
	if err := e.createEnrollment(t, g.ws, &elsewhere); err != nil {
		t.Errorf("Enrollments.Create with an idempotency key an enrollment of another automation has: got err %v, want nil (the key is unique per automation)", err)
	}
	for i := range 3 {
		noKey := e.enrollment(t, &g.flow, g.who.ID, "")
		if err := e.createEnrollment(t, g.ws, &noKey); err != nil {
			t.Errorf("Enrollments.Create of enrollment %d with an empty idempotency key in one automation: got err %v, want nil (an empty key never collides)", i+1, err)
		}
	}
	var listed []automation.Enrollment
	if got, ok := e.listEnrollments(t, g.ws, store.EnrollmentQuery{Automation: g.flow.ID}, 0, 10); ok {
		listed = got
	}
	if len(listed) != 4 {
		t.Errorf("Enrollments.List of the automation: got %d enrollments, want 4 (one with the key, three without)", len(listed))
	}
}

func testEnrollmentsByKey(t *testing.T, e *env) {
	g := e.engage(t)
	ctx := t.Context()
	second := e.flow(t, "Second")
	e.update(t, "setup: Automations.Create", func(tx store.Tx) error { return tx.Automations().Create(ctx, g.ws, &second) })
	a := e.enrollment(t, &g.flow, g.who.ID, "Key-A")
	b := e.enrollment(t, &second, g.who.ID, "Key-A")
	c := e.enrollment(t, &g.flow, g.who.ID, "key-c")
	for _, en := range []*automation.Enrollment{&a, &b, &c} {
		if err := e.createEnrollment(t, g.ws, en); err != nil {
			t.Fatalf("setup: Enrollments.Create: got err %v, want nil", err)
		}
	}
	for _, x := range []struct {
		what string
		a    automation.ID
		key  string
		want *automation.Enrollment
	}{
		{"a key of the automation", g.flow.ID, "Key-A", &a},
		{"the same key of another automation", second.ID, "Key-A", &b},
		{"another key of the automation", g.flow.ID, "key-c", &c},
		{"a key in another case (keys are compared byte for byte)", g.flow.ID, "key-a", nil},
		{"a key of another automation only", second.ID, "key-c", nil},
		{"a key never used", g.flow.ID, "never", nil},
		{"a key of an automation never stored", newAutomationID(), "Key-A", nil},
	} {
		got, err := e.byKey(t, g.ws, x.a, x.key)
		if x.want == nil {
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Enrollments.ByKey of %s (%q): got enrollment %s, err %v, want store.ErrNotFound", x.what, x.key, got.ID, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Enrollments.ByKey of %s (%q): got err %v, want the enrollment %s", x.what, x.key, err, x.want.ID)
		} else if d := diff(got, *x.want); d != "" {
			t.Errorf("Enrollments.ByKey of %s (%q): got another enrollment than the one with the key: %s", x.what, x.key, d)
		}
	}

	// The key stays with the enrollment when it changes.
	if err := a.Stop("storetest", e.at(30)); err != nil {
		t.Fatalf("storetest fixture: automation.Enrollment.Stop: %v", err)
	}
	if err := e.s.Update(ctx, func(tx store.Tx) error { return tx.Enrollments().Update(ctx, g.ws, &a) }); err != nil {
		t.Fatalf("Enrollments.Update at the stored version: got err %v, want nil", err)
	}
	if got, err := e.byKey(t, g.ws, g.flow.ID, "Key-A"); err != nil {
		t.Errorf("Enrollments.ByKey of an enrollment stopped by Enrollments.Update: got err %v, want the enrollment", err)
	} else if d := diff(got, a); d != "" {
		t.Errorf("Enrollments.ByKey after Enrollments.Update: got %s; want the updated enrollment", d)
	}
}

func (e *env) listEnrollments(t *testing.T, ws contact.WorkspaceID, q store.EnrollmentQuery, limit, maxPages int) ([]automation.Enrollment, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "Enrollments.List", limit, maxPages, func(p store.PageRequest) (store.Page[automation.Enrollment], error) {
		var page store.Page[automation.Enrollment]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.Enrollments().List(ctx, ws, q, p)
			return err
		})
		return page, err
	}, nil)
}

// enrollmentFixture stores enrollments of several contacts in two
// automations, active, ended and stopped, with and without idempotency
// keys, one of them ended by Enrollments.Update. It returns them as stored.
func (e *env) enrollmentFixture(t *testing.T) (g *engaged, second automation.Automation, who []contact.ID, ens []automation.Enrollment) {
	t.Helper()
	g = e.engage(t)
	ctx := t.Context()
	second = e.flow(t, "Second")
	who = append(e.people(t, g.ws, 2), g.who.ID)
	for i := range 12 {
		flow := &g.flow
		if i%3 == 1 {
			flow = &second
		}
		en := e.enrollment(t, flow, who[i%len(who)], "")
		if i%2 == 0 {
			en.IdempotencyKey = fmt.Sprintf("key-%d", i)
		}
		switch i % 4 {
		case 1:
			if err := en.End(e.at(30 + i)); err != nil {
				t.Fatalf("storetest fixture: automation.Enrollment.End: %v", err)
			}
		case 3:
			if err := en.Stop(automation.ReasonContactBlocked, e.at(30+i)); err != nil {
				t.Fatalf("storetest fixture: automation.Enrollment.Stop: %v", err)
			}
		}
		ens = append(ens, en)
	}
	e.update(t, "setup: Automations.Create and Enrollments.Create", func(tx store.Tx) error {
		if err := tx.Automations().Create(ctx, g.ws, &second); err != nil {
			return err
		}
		for i := range ens {
			if err := tx.Enrollments().Create(ctx, g.ws, &ens[i]); err != nil {
				return err
			}
		}
		return nil
	})
	// Ending an active one later moves it out of ActiveOnly.
	if err := ens[0].Pass(automation.OutcomeSkipped, e.at(50)); err != nil {
		t.Fatalf("storetest fixture: automation.Enrollment.Pass: %v", err)
	}
	if err := ens[0].End(e.at(51)); err != nil {
		t.Fatalf("storetest fixture: automation.Enrollment.End: %v", err)
	}
	e.update(t, "Enrollments.Update", func(tx store.Tx) error { return tx.Enrollments().Update(ctx, g.ws, &ens[0]) })
	return g, second, who, ens
}

type namedEnrollmentQuery struct {
	name string
	q    store.EnrollmentQuery
}

// checkEnrollmentQuery pages through the enrollments matching q, limit a
// page, and compares them with those of ens that q.Matches, in ascending
// order of enrollment ID: each exactly once, as stored.
func (e *env) checkEnrollmentQuery(t *testing.T, ws contact.WorkspaceID, x namedEnrollmentQuery, ens []automation.Enrollment, limit int) {
	t.Helper()
	order := func(a, b *automation.Enrollment) int { return a.ID.Compare(b.ID) }
	key := func(en *automation.Enrollment) string { return fmt.Sprintf("%s (%s)", en.ID, en.State) }
	var want []automation.Enrollment
	for i := range ens {
		if x.q.Matches(&ens[i]) {
			want = append(want, ens[i])
		}
	}
	slices.SortFunc(want, func(a, b automation.Enrollment) int { return order(&a, &b) })
	what := fmt.Sprintf("Enrollments.List with %s and Limit %d, paging through every page", x.name, limit)
	got, ok := e.listEnrollments(t, ws, x.q, limit, 2*len(ens)+10)
	if !ok {
		return
	}
	checkOrder(t, what, "every enrollment EnrollmentQuery.Matches selects, in ascending order of enrollment ID", got, want, order, key)
	for i := range got {
		if i < len(want) && got[i].ID == want[i].ID {
			if d := diff(got[i], want[i]); d != "" {
				t.Errorf("%s: a listed enrollment is not the stored one: %s", what, d)
				return
			}
		}
	}
}

func testEnrollmentsListQueries(t *testing.T, e *env) {
	g, second, who, ens := e.enrollmentFixture(t)
	for _, x := range []namedEnrollmentQuery{
		{"no filter", store.EnrollmentQuery{}},
		{"Contact", store.EnrollmentQuery{Contact: g.who.ID}},
		{"Automation", store.EnrollmentQuery{Automation: second.ID}},
		{"ActiveOnly", store.EnrollmentQuery{ActiveOnly: true}},
		{"Contact and ActiveOnly", store.EnrollmentQuery{Contact: who[0], ActiveOnly: true}},
		{"Automation and ActiveOnly", store.EnrollmentQuery{Automation: g.flow.ID, ActiveOnly: true}},
		{"Contact and Automation", store.EnrollmentQuery{Contact: who[1], Automation: g.flow.ID}},
		{"a Contact never enrolled", store.EnrollmentQuery{Contact: newID()}},
	} {
		e.checkEnrollmentQuery(t, g.ws, x, ens, 2)
	}
}

func testEnrollmentsListPages(t *testing.T, e *env) {
	g, second, who, ens := e.enrollmentFixture(t)
	var queries []namedEnrollmentQuery
	for i, c := range who {
		queries = append(queries, namedEnrollmentQuery{fmt.Sprintf("Contact %d (%s)", i, c), store.EnrollmentQuery{Contact: c}})
	}
	queries = append(queries,
		namedEnrollmentQuery{fmt.Sprintf("Automation %q", g.flow.Name), store.EnrollmentQuery{Automation: g.flow.ID}},
		namedEnrollmentQuery{fmt.Sprintf("Automation %q", second.Name), store.EnrollmentQuery{Automation: second.ID}},
		namedEnrollmentQuery{"ActiveOnly", store.EnrollmentQuery{ActiveOnly: true}},
		namedEnrollmentQuery{"no filter (the whole workspace)", store.EnrollmentQuery{}},
	)
	for _, limit := range []int{1, 3, 0} {
		for _, x := range queries {
			e.checkEnrollmentQuery(t, g.ws, x, ens, limit)
		}
	}
}

func testEnrollmentsListInvalidCursor(t *testing.T, e *env) {
	g, second, _, _ := e.enrollmentFixture(t)
	ctx := t.Context()
	cursors := append([]string{"storetest-not-a-cursor", "\xff\x00\xfe", "0"}, e.foreignCursors(t, "Enrollments.List")...)
	for _, x := range []namedEnrollmentQuery{
		{"no filter", store.EnrollmentQuery{}},
		{"Contact", store.EnrollmentQuery{Contact: g.who.ID}},
		{"Automation", store.EnrollmentQuery{Automation: second.ID}},
		{"ActiveOnly", store.EnrollmentQuery{ActiveOnly: true}},
	} {
		for _, cursor := range cursors {
			err := e.s.View(ctx, func(tx store.Tx) error {
				_, err := tx.Enrollments().List(ctx, g.ws, x.q, store.PageRequest{Cursor: cursor, Limit: 2})
				return err
			})
			if !errors.Is(err, store.ErrInvalidCursor) {
				t.Errorf("Enrollments.List with %s and cursor %q, which the store did not hand out for this listing: got err %v, want store.ErrInvalidCursor", x.name, cursor, err)
			}
		}
	}
}
