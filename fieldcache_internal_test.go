package contactkit

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

var cacheOwner = Actor{Workspace: "ws-1", User: "u-owner", Role: RoleOwner}

// A call that writes a definition and then reads the definitions sees its
// own write, and keeps none of what it read: its transaction may yet roll
// back. One that only reads keeps them.
func TestFieldSetOfACallThatWritesIsNotKept(t *testing.T) {
	ctx := t.Context()
	s := New(memstore.New(), nil)
	errRollback := errors.New("roll back")
	err := s.update(ctx, cacheOwner, "test", "", func(ch *change) error {
		d := field.Definition{Key: field.MustParseKey("late"), Label: "Late", Type: field.TypeText, CreatedAt: ch.now, UpdatedAt: ch.now}
		if err := store.Fields(ch.tx.Records()).Put(ctx, cacheOwner.Workspace, &d); err != nil {
			return err
		}
		if err := stampFields(ctx, ch); err != nil {
			return err
		}
		set, err := s.fieldSet(ctx, ch)
		require.NoError(t, err)
		assert.Contains(t, set.byKey, d.Key, "the call sees its own definition")
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	_, kept := s.fieldDefs.sets.Load(cacheOwner.Workspace)
	assert.False(t, kept, "nothing kept from a call that wrote a definition")

	require.NoError(t, s.update(ctx, cacheOwner, "test", "", func(ch *change) error {
		set, err := s.fieldSet(ctx, ch)
		assert.Empty(t, set.byKey, "the definition rolled back")
		return err
	}))
	_, kept = s.fieldDefs.sets.Load(cacheOwner.Workspace)
	assert.True(t, kept, "a call that only reads keeps what it read")
}

// What a Service keeps is read again past maxFieldSetAge, and a set of an
// earlier stamp never replaces one of a later stamp.
func TestFieldCacheAgeAndOrder(t *testing.T) {
	var f fieldCache
	st := store.Stamp{Name: store.StampFields, Version: 3, Changed: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	set := &fieldSet{stampedAt: stampedAt{version: 3, changed: st.Changed, read: time.Now()}}
	f.put("ws", set)
	got, _ := f.get("ws", st)
	assert.Same(t, set, got)
	f.put("ws", &fieldSet{stampedAt: stampedAt{version: 2, read: time.Now()}})
	got, _ = f.get("ws", st)
	assert.Same(t, set, got, "an earlier stamp's set does not replace it")
	_, ok := f.get("ws", store.Stamp{Name: store.StampFields, Version: 4, Changed: st.Changed})
	assert.False(t, ok, "the stamp moved")
	set.read = time.Now().Add(-maxFieldSetAge - time.Second)
	_, ok = f.get("ws", st)
	assert.False(t, ok, "too old: read again")
}

// The cache keeps at most maxCachedWorkspaces workspaces.
func TestFieldCacheIsBounded(t *testing.T) {
	var f fieldCache
	for i := range maxCachedWorkspaces + 10 {
		f.put(contact.WorkspaceID(fmt.Sprintf("ws-%d", i)), &fieldSet{stampedAt: stampedAt{read: time.Now()}})
	}
	n := 0
	f.sets.Range(func(any, any) bool { n++; return true })
	assert.Equal(t, maxCachedWorkspaces, n)
	assert.Equal(t, int64(maxCachedWorkspaces), f.n.Load())
}
