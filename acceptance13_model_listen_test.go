package contactkit_test

// Thirteenth acceptance pass: nothing is built for events when nobody
// listens (H3, H4): a Service without subscribers, on a store without an
// outbox, reads nothing that only events need (the followers an event
// names).

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// m13Counting is a memstore that counts the listings of each kind of
// record, and the records of each kind read by ID.
type m13Counting struct {
	*memstore.Store
	mu    sync.Mutex
	lists map[string]int
	gets  map[string]int
}

func (s *m13Counting) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(m13CountTx{tx, s}) })
}

func (s *m13Counting) View(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(m13CountTx{tx, s}) })
}

// took returns the records of each kind read by ID since the last call,
// and counts again from none.
func (s *m13Counting) took() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.gets
	s.gets = map[string]int{}
	return n
}

func (s *m13Counting) listed(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lists[kind]
}

type m13CountTx struct {
	store.Tx
	s *m13Counting
}

func (t m13CountTx) Unwrap() store.Tx       { return t.Tx }
func (t m13CountTx) Records() store.Records { return m13CountRecords{t.Tx.Records(), t.s} }

type m13CountRecords struct {
	store.Records
	s *m13Counting
}

func (r m13CountRecords) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	r.s.mu.Lock()
	if r.s.gets == nil {
		r.s.gets = map[string]int{}
	}
	r.s.gets[k.Name()]++
	r.s.mu.Unlock()
	return r.Records.Get(ctx, ws, k, id)
}

func (r m13CountRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	r.s.mu.Lock()
	r.s.lists[k.Name()]++
	r.s.mu.Unlock()
	return r.Records.List(ctx, ws, k, q, p)
}

func TestAcceptance13ModelNothingIsBuiltWhenNobodyListens(t *testing.T) {
	for _, listen := range []bool{false, true} {
		ctx := context.Background()
		st := &m13Counting{Store: memstore.New(), lists: map[string]int{}}
		opts := &contactkit.Options{DefaultRegion: "FR"}
		heard := 0
		if listen {
			opts.Subscribers = []contactkit.Subscriber{func(context.Context, contactkit.Event) { heard++ }}
		}
		svc := contactkit.New(st, opts)
		a := m13Owner
		au, err := svc.CreateAutomation(ctx, a, automation.Automation{Name: "A", Active: true, Steps: []automation.Step{{Name: "one"}}})
		require.NoError(t, err)
		l, err := svc.CreateList(ctx, a, list.List{Name: "L"})
		require.NoError(t, err)
		var ids []contact.ID
		for _, e := range []string{"ada@example.com", "bob@example.com"} {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new(e)}})
			require.NoError(t, err)
			_, err = svc.Follow(ctx, contactkit.Actor{Workspace: a.Workspace, User: "u-fan", Role: contactkit.RoleAgent}, c.ID)
			require.NoError(t, err)
			ids = append(ids, c.ID)
		}
		before := st.listed("follow")
		c := ids[0]
		_, err = svc.TagContact(ctx, a, c, "vip")
		require.NoError(t, err)
		_, err = svc.UpdateContact(ctx, a, c, contact.Patch{FirstName: new("Ada")})
		require.NoError(t, err)
		_, err = svc.AddNote(ctx, a, c, contactkit.NoteInput{Body: "hello"})
		require.NoError(t, err)
		_, err = svc.AddToList(ctx, a, l.ID, c)
		require.NoError(t, err)
		_, err = svc.Unsubscribe(ctx, a, c, list.ChannelEmail, "stop")
		require.NoError(t, err)
		_, err = svc.Enroll(ctx, a, au.ID, c, "")
		require.NoError(t, err)
		_, err = svc.BlockContact(ctx, a, c, "spam")
		require.NoError(t, err)
		_, err = svc.UnblockContact(ctx, a, c)
		require.NoError(t, err)
		_, err = svc.UntagContact(ctx, a, c, "vip")
		require.NoError(t, err)
		_, err = svc.DeleteTag(ctx, a, "vip")
		require.NoError(t, err)
		_, err = svc.DeleteContact(ctx, a, c)
		require.NoError(t, err)
		_, err = svc.RestoreContact(ctx, a, c)
		require.NoError(t, err)
		reads := st.listed("follow") - before
		if listen {
			require.Positive(t, heard)
			require.Positive(t, reads, "the events name the followers: the listening Service reads them")
			continue
		}
		require.Zero(t, reads, "nobody listens, yet the calls read the followers %d times, for events nobody gets", reads)
	}
}
