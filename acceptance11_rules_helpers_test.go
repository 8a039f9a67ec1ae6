package contactkit_test

// Helpers of the eleventh acceptance pass (acceptance11_*_test.go):
// automations, merge, the deletion lifecycle, activities and history,
// tenancy and export, through the public API.

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// acc11Env is a Service on a retrying memory store, with a clock that
// moves one second a call and the events it delivered.
type acc11Env struct {
	svc    *contactkit.Service
	mu     sync.Mutex
	now    time.Time
	events []contactkit.Event
}

var (
	acc11Owner = contactkit.Actor{Workspace: "acc11", User: "u-owner", Role: contactkit.RoleOwner}
	acc11Agent = contactkit.Actor{Workspace: "acc11", User: "u-agent", Role: contactkit.RoleAgent}
	acc11Other = contactkit.Actor{Workspace: "acc11-other", User: "u-other", Role: contactkit.RoleOwner}
)

func acc11New(t *testing.T, adjust func(*contactkit.Options)) *acc11Env {
	t.Helper()
	e := &acc11Env{now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	o := contactkit.Options{
		DefaultRegion: "FR",
		Now: func() time.Time {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.now = e.now.Add(time.Second)
			return e.now
		},
		Subscribers: []contactkit.Subscriber{func(_ context.Context, ev contactkit.Event) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.events = append(e.events, ev)
		}},
	}
	if adjust != nil {
		adjust(&o)
	}
	e.svc = contactkit.New(storetest.Retrying(memstore.New()), &o)
	return e
}

// jump moves the clock by d.
func (e *acc11Env) jump(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// take returns the events delivered since the last take.
func (e *acc11Env) take() []contactkit.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.events
	e.events = nil
	return out
}

func (e *acc11Env) create(t *testing.T, p contact.Patch, tags ...string) contact.Contact {
	t.Helper()
	c, err := e.svc.CreateContact(t.Context(), acc11Owner, contactkit.ContactInput{Patch: p, Tags: tags})
	require.NoError(t, err)
	return c
}

func (e *acc11Env) get(t *testing.T, id contact.ID) contact.Contact {
	t.Helper()
	c, err := e.svc.GetContact(t.Context(), acc11Owner, id)
	require.NoError(t, err)
	return c
}

func (e *acc11Env) merge(t *testing.T, primary contact.ID, others ...contact.ID) merge.Record {
	t.Helper()
	p, err := e.svc.PreviewMerge(t.Context(), acc11Owner, contactkit.MergeRequest{Primary: primary, Others: others})
	require.NoError(t, err)
	rec, err := e.svc.MergeContacts(t.Context(), acc11Owner, p)
	require.NoError(t, err)
	return rec
}

func (e *acc11Env) automation(t *testing.T, steps int, triggers ...automation.Trigger) automation.Automation {
	t.Helper()
	au := automation.Automation{Name: "Onboarding", Active: true, Triggers: triggers}
	for range steps {
		au.Steps = append(au.Steps, automation.Step{Name: "step"})
	}
	au, err := e.svc.CreateAutomation(t.Context(), acc11Owner, au)
	require.NoError(t, err)
	return au
}
