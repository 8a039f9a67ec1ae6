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

// maxFieldSetAge is how long a Service keeps a workspace's definitions, or
// its active automations, even while their stamp does not move: a writer
// that does not move it (a version of contactkit before the stamp, during
// a rolling deploy; a migration or a fix in SQL) is seen within that time.
const maxFieldSetAge = time.Minute

// stampCache keeps, per workspace, a set read at one version of a stamp
// of the workspace (store.Stamp): every write of what the set is made of
// moves the stamp in its transaction, so a call reads the stamp alone, not
// the whole set, while what it stamps stays as it is.
type stampCache[S interface{ at() *stampedAt }] struct {
	sets sync.Map // contact.WorkspaceID → S
	n    atomic.Int64
}

// stampedAt is the version of the stamp a kept set was read at.
type stampedAt struct {
	version int64
	changed time.Time
	read    time.Time // when it was read, by the machine's clock
}

func (a *stampedAt) at() *stampedAt { return a }

// fieldCache keeps the workspaces' field definitions (store.StampFields).
type fieldCache = stampCache[*fieldSet]

// fieldSet is the definitions of a workspace at one version of its stamp.
// It is never changed once made: a Service hands it to concurrent calls.
type fieldSet struct {
	stampedAt
	// all holds every definition (archived ones included) and required
	// those that Requires; both clipped: appending to one copies it.
	all, required []field.Definition
	byKey         map[field.Key]field.Definition
}

// get returns the set of ws kept at stamp st, if there is one.
func (f *stampCache[S]) get(ws contact.WorkspaceID, st store.Stamp) (S, bool) {
	var none S
	v, ok := f.sets.Load(ws)
	if !ok {
		return none, false
	}
	set := v.(S)
	if a := set.at(); a.version != st.Version || !a.changed.Equal(st.Changed) || time.Since(a.read) > maxFieldSetAge {
		return none, false
	}
	return set, true
}

// put keeps set for ws, unless what it keeps is of a later stamp (read by
// a transaction that began later).
func (f *stampCache[S]) put(ws contact.WorkspaceID, set S) {
	if v, ok := f.sets.Load(ws); ok && v.(S).at().version > set.at().version {
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
	ch.fieldsWritten = true
	return moveStamp(ctx, ch, store.StampFields)
}

// moveStamp moves the stamp name of ch's workspace: ch writes what it
// stamps.
func moveStamp(ctx context.Context, ch *change, name string) error {
	ws := ch.actor.Workspace
	st, err := readStamp(ctx, ch.tx, ws, name)
	if err != nil {
		return err
	}
	st.Changed = ch.now
	return store.Stamps(ch.tx.Records()).Put(ctx, ws, &st)
}

// keptSet returns the set of ch's workspace that the stamp name stamps,
// as ch's transaction sees it: the one c keeps when the stamp has not
// moved since it was read, else the one read makes (kept, unless written:
// ch has written what the stamp stamps, and its transaction may yet roll
// back).
func keptSet[S interface{ at() *stampedAt }](ctx context.Context, ch *change, c *stampCache[S], name string, written bool, read func(stampedAt) (S, error)) (S, error) {
	ws := ch.actor.Workspace
	st, err := readStamp(ctx, ch.tx, ws, name)
	if err != nil {
		var none S
		return none, err
	}
	if !written {
		if set, ok := c.get(ws, st); ok {
			return set, nil
		}
	}
	set, err := read(stampedAt{version: st.Version, changed: st.Changed, read: time.Now()})
	if err == nil && !written {
		c.put(ws, set)
	}
	return set, err
}

// fieldSet returns the field definitions of ch's workspace as ch's
// transaction sees them (see keptSet).
func (s *Service) fieldSet(ctx context.Context, ch *change) (*fieldSet, error) {
	return keptSet(ctx, ch, &s.fieldDefs, store.StampFields, ch.fieldsWritten, func(at stampedAt) (*fieldSet, error) {
		set := &fieldSet{stampedAt: at, byKey: make(map[field.Key]field.Definition)}
		for d, err := range store.Fields(ch.tx.Records()).All(ctx, ch.actor.Workspace, store.Query{}) {
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
		return set, nil
	})
}
