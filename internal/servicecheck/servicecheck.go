package servicecheck

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
)

// Options says how a scenario builds its Service and runs its rounds.
type Options struct {
	// New returns a fresh Service on an empty store of the kind under
	// test, which delivers its events in process to the given subscribers
	// (as well as to any of its own). It is called once per scenario.
	New func(t testing.TB, subscribers ...contactkit.Subscriber) *contactkit.Service

	// Rounds is the number of rounds a scenario runs; zero means one.
	Rounds int

	// Workspace names the workspace of a round of the named scenario. Nil
	// gives each round a new workspace of its own ("capture-0",
	// "capture-1", …), so that the first writes of every round race to
	// make it.
	Workspace func(scenario string, round int) contact.WorkspaceID
}

func (o Options) rounds() int { return max(o.Rounds, 1) }

// actor returns the owner of the workspace of round r of scenario.
func (o Options) actor(scenario string, r int) contactkit.Actor {
	ws := contact.WorkspaceID(fmt.Sprintf("%s-%d", scenario, r))
	if o.Workspace != nil {
		ws = o.Workspace(scenario, r)
	}
	return contactkit.Actor{Workspace: ws, User: "u-owner", Role: contactkit.RoleOwner}
}

// service returns a fresh Service from o.New and the log of the events it
// delivers.
func (o Options) service(t testing.TB) (*contactkit.Service, *eventLog) {
	t.Helper()
	if o.New == nil {
		t.Fatal("servicecheck: Options.New is nil")
	}
	log := &eventLog{}
	return o.New(t, log.subscriber), log
}

// Together runs fn(0), …, fn(n-1) on n goroutines released at once, and
// returns when all have returned.
func Together(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			fn(i)
		})
	}
	close(start)
	wg.Wait()
}

// Holders returns the live contacts of a's workspace that the text search
// of text finds, failing t on an error.
func Holders(t testing.TB, svc *contactkit.Service, a contactkit.Actor, text string) []contact.Contact {
	t.Helper()
	var out []contact.Contact
	for c, err := range svc.Contacts(t.Context(), a, contactkit.ContactQuery{Text: text}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// NoErrors fails t on the first error of errs, named by what and its
// index: "round 2: call 1: …" for what "round 2: call".
func NoErrors(t testing.TB, what string, errs []error) {
	t.Helper()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s %d: %v", what, i, err)
		}
	}
}

// IndexAgrees fails t, its message prefixed by what, unless the groups
// FindDuplicates finds in a's workspace from its index are those that
// detection from scratch finds; it returns them.
func IndexAgrees(t testing.TB, svc *contactkit.Service, a contactkit.Actor, what string) merge.Result {
	t.Helper()
	fromIndex, err := svc.FindDuplicates(t.Context(), a, nil)
	if err != nil {
		t.Fatal(err)
	}
	fromScratch, err := svc.FindDuplicates(t.Context(), a, &contactkit.DuplicateOptions{FromScratch: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromIndex, fromScratch) {
		t.Fatalf("%s: from the index %+v, from scratch %+v", what, fromIndex, fromScratch)
	}
	return fromScratch
}

// eventLog keeps the events delivered in process, in their order.
type eventLog struct {
	mu     sync.Mutex
	events []contactkit.Event
}

func (l *eventLog) subscriber(_ context.Context, e contactkit.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

// mark returns the number of events delivered so far, for since.
func (l *eventLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.events)
}

// since returns the events of workspace ws delivered after mark.
func (l *eventLog) since(mark int, ws contact.WorkspaceID) []contactkit.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []contactkit.Event
	for _, e := range l.events[mark:] {
		if e.Meta().Workspace == ws {
			out = append(out, e)
		}
	}
	return out
}

// kinds counts events by their type name, as "contactkit.ContactCreated".
func kinds(events []contactkit.Event) map[string]int {
	out := map[string]int{}
	for _, e := range events {
		out[fmt.Sprintf("%T", e)]++
	}
	return out
}
