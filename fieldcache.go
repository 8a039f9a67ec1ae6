package contactkit

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
)

// maxCachedWorkspaces bounds how many workspaces' field definitions a
// Service keeps: past it, one is dropped for each one added.
const maxCachedWorkspaces = 4096

// maxFieldSetAge is how long a Service keeps a workspace's definitions
// even while their stamp does not move: a writer that does not move it (a
// version of contactkit before the stamp, during a rolling deploy; a
// migration or a fix in SQL) is seen within that time.
const maxFieldSetAge = time.Minute

// fieldCache keeps, per workspace, the field definitions as they were at
// one version of the workspace's fields stamp (store.StampFields): every
// write of a definition moves the stamp in its transaction, so a creation
// or update reads the stamp alone, not every definition it needs, while
// the definitions stay as they are.
type fieldCache struct {
	sets sync.Map // contact.WorkspaceID → *fieldSet
	n    atomic.Int64
}

// fieldSet is the definitions of a workspace at one version of its stamp.
// It is never changed once made: a Service hands it to concurrent calls.
type fieldSet struct {
	version int64
	changed time.Time
	read    time.Time // when it was read, by the machine's clock
	// all holds every definition (archived ones included) and required
	// those that Requires; both clipped: appending to one copies it.
	all, required []field.Definition
	byKey         map[field.Key]field.Definition
}

func (f *fieldCache) get(ws contact.WorkspaceID, st store.Stamp) *fieldSet {
	v, ok := f.sets.Load(ws)
	if !ok {
		return nil
	}
	set := v.(*fieldSet)
	if set.version != st.Version || !set.changed.Equal(st.Changed) || time.Since(set.read) > maxFieldSetAge {
		return nil
	}
	return set
}

// put keeps set for ws, unless what it keeps is of a later stamp (read by
// a transaction that began later).
func (f *fieldCache) put(ws contact.WorkspaceID, set *fieldSet) {
	if v, ok := f.sets.Load(ws); ok && v.(*fieldSet).version > set.version {
		return
	}
	if _, loaded := f.sets.Swap(ws, set); loaded {
		return
	}
	if f.n.Add(1) <= maxCachedWorkspaces {
		return
	}
	// One too many: drop another workspace's.
	f.sets.Range(func(k, _ any) bool {
		if k == ws {
			return true
		}
		if _, ok := f.sets.LoadAndDelete(k); ok {
			f.n.Add(-1)
		}
		return false
	})
}

// readStamp returns the stamp name of ws, version 0 when there is none.
func readStamp(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, name string) (store.Stamp, error) {
	st, err := store.Stamps(tx.Records()).Get(ctx, ws, name)
	if errors.Is(err, store.ErrNotFound) {
		return store.Stamp{Name: name}, nil
	}
	return st, err
}

// stampFields moves the fields stamp of ch's workspace: ch writes a field
// definition.
func stampFields(ctx context.Context, ch *change) error {
	ws := ch.actor.Workspace
	st, err := readStamp(ctx, ch.tx, ws, store.StampFields)
	if err != nil {
		return err
	}
	st.Changed = ch.now
	ch.fieldsWritten = true
	return store.Stamps(ch.tx.Records()).Put(ctx, ws, &st)
}

// fieldSet returns the field definitions of ch's workspace as ch's
// transaction sees them: those the Service keeps when the stamp has not
// moved since it read them, else read anew (and kept, unless ch has
// written a definition: its transaction may yet roll back).
func (s *Service) fieldSet(ctx context.Context, ch *change) (*fieldSet, error) {
	ws := ch.actor.Workspace
	st, err := readStamp(ctx, ch.tx, ws, store.StampFields)
	if err != nil {
		return nil, err
	}
	if !ch.fieldsWritten {
		if set := s.fieldDefs.get(ws, st); set != nil {
			return set, nil
		}
	}
	set := &fieldSet{version: st.Version, changed: st.Changed, read: time.Now(), byKey: make(map[field.Key]field.Definition)}
	for d, err := range store.Fields(ch.tx.Records()).All(ctx, ws, store.Query{}) {
		if err != nil {
			return nil, err
		}
		set.byKey[d.Key] = d
		set.all = append(set.all, d)
		if d.Requires() {
			set.required = append(set.required, d)
		}
	}
	set.all, set.required = slices.Clip(set.all), slices.Clip(set.required)
	if !ch.fieldsWritten {
		s.fieldDefs.put(ws, set)
	}
	return set, nil
}
