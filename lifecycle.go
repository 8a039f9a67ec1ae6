package contactkit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// Cascade registers a kind of the host's own records that depend on a contact
// — conversations, opportunities, appointments — and what happens to them
// along the contact's lifecycle: trash, restore and erasure. Each handler runs
// inside the transaction of the call, after contactkit's own writes: an error
// from it rolls the whole call back. A handler writes the host's records in
// the same transaction through store.As, which finds the adapter's native
// transaction behind any wrapper: *pgx.Tx with store/pgstore, *memstore.Tx
// (whose OnRollback undoes in-memory records) with memstore. A nil handler
// does nothing. A store may run a transaction again after a serialization
// failure, so a handler must be safe to run twice (the first run rolled back).
type Cascade struct {
	// Kind names the records, for errors: "conversation".
	Kind string
	// Delete moves the contact's records to the trash with it.
	Delete func(ctx context.Context, tx store.Tx, e CascadeEvent) error
	// Restore brings back exactly what Delete moved.
	Restore func(ctx context.Context, tx store.Tx, e CascadeEvent) error
	// Purge removes the records for good: when the contact is purged from
	// the trash or erased.
	Purge func(ctx context.Context, tx store.Tx, e CascadeEvent) error
	// Merge moves the records of e.Contact, merged away, to e.Into, the
	// survivor, in the merge's transaction. The host keeps what it needs
	// to undo it, by e.Merge.
	Merge func(ctx context.Context, tx store.Tx, e CascadeEvent) error
	// Unmerge moves back exactly what Merge moved for e.Merge.
	Unmerge func(ctx context.Context, tx store.Tx, e CascadeEvent) error
}

// CascadeEvent tells a Cascade handler which contact, in which workspace,
// by whom and when.
type CascadeEvent struct {
	Workspace contact.WorkspaceID
	Contact   contact.ID
	Actor     contact.UserID
	At        time.Time
	// Into and Merge, for Merge and Unmerge: the survivor and the merge.
	Into  contact.ID
	Merge merge.ID
}

// CascadeError is returned when a Cascade handler fails; the call is rolled
// back.
type CascadeError struct {
	Kind string // Cascade.Kind
	Op   string // "delete", "restore", "purge", "merge" or "unmerge"
	Err  error
}

func (e *CascadeError) Error() string {
	return fmt.Sprintf("cascade %s of %s: %v", e.Op, e.Kind, e.Err)
}

func (e *CascadeError) Unwrap() error { return e.Err }

// cascade runs the handler that pick selects of every registered Cascade.
func (s *Service) cascade(ctx context.Context, ch *change, id contact.ID, op string,
	pick func(Cascade) func(context.Context, store.Tx, CascadeEvent) error) error {
	e := CascadeEvent{Workspace: ch.actor.Workspace, Contact: id, Actor: ch.actor.User, At: ch.now}
	for _, c := range s.opts.Cascades {
		if h := pick(c); h != nil {
			if err := h(ctx, ch.tx, e); err != nil {
				return &CascadeError{Kind: c.Kind, Op: op, Err: err}
			}
		}
	}
	return nil
}

// ErrRestoreWindow is returned, by a *RestoreWindowError, when the restore
// window of a contact or of an activity has passed, or when the workspace
// allows no restore at all. The error of the Service's call matches
// ErrConflict too.
var ErrRestoreWindow = errors.New("restore window has passed")

// ErrNotTrashed is returned by RestoreContact for a contact that is live,
// with ErrConflict.
var ErrNotTrashed = errors.New("contact is not in the trash")

// DeleteContact moves contact id to the trash, with its time and
// actor, in one transaction: its active enrollments stop, its activities,
// associations and followers go to the trash with it (they are not listed
// while it is there; activities already in their own trash stay there, with
// their own time), and so do the host's dependents through the registered
// Cascades. The trash does not hold the contact's email or
// phone: another contact may take them. It needs ActionDeleteContact.
func (s *Service) DeleteContact(ctx context.Context, a Actor, id contact.ID) (contact.Contact, error) {
	var out contact.Contact
	err := s.update(ctx, a, "delete contact "+id.String(), ActionDeleteContact, func(ch *change) (err error) {
		out, err = s.delete(ctx, ch, id)
		return err
	})
	if err != nil {
		return contact.Contact{}, err
	}
	return out, nil
}

// delete moves contact id to the trash within ch.
func (s *Service) delete(ctx context.Context, ch *change, id contact.ID) (contact.Contact, error) {
	c, err := live(ctx, ch.tx, ch.actor.Workspace, id)
	if err != nil {
		return contact.Contact{}, err
	}
	return s.trash(ctx, ch, c)
}

// trash moves the live contact c to the trash within ch.
func (s *Service) trash(ctx context.Context, ch *change, c contact.Contact) (contact.Contact, error) {
	id := c.ID
	before := c.Clone()
	c.DeletedAt, c.DeletedBy = ch.now, ch.actor.User
	if _, err := s.stopEnrollments(ctx, ch, id, automation.ReasonContactDeleted); err != nil {
		return contact.Contact{}, err
	}
	c, err := s.save(ctx, ch, &before, c)
	if err != nil {
		return contact.Contact{}, err
	}
	if err := s.cascade(ctx, ch, id, "delete", func(c Cascade) func(context.Context, store.Tx, CascadeEvent) error { return c.Delete }); err != nil {
		return contact.Contact{}, err
	}
	if ch.listen {
		ch.emit(ContactDeleted{EventMeta: ch.meta(id), Snapshot: c.Clone()})
	}
	return c, nil
}

// RestoreContact brings contact id back from the trash with exactly what
// went there with it: its notes and tasks, its associations and
// followers, its lists, and the host's
// dependents through the Cascades. Stopped enrollments are not restarted.
// Past the restore window it refuses with ErrRestoreWindow. If a live
// contact has taken its email or phone meanwhile, it refuses with an error
// matching ErrConflict and holding the *TakenError that names that contact,
// and changes nothing. It needs ActionDeleteContact.
func (s *Service) RestoreContact(ctx context.Context, a Actor, id contact.ID) (contact.Contact, error) {
	var out contact.Contact
	err := s.update(ctx, a, "restore contact "+id.String(), ActionDeleteContact, func(ch *change) error {
		c, err := ch.tx.Contacts().Get(ctx, a.Workspace, id)
		switch {
		case err != nil:
			return err
		case !c.Trashed():
			return ErrNotTrashed
		}
		if err := refuseMerged(ctx, ch.tx, a.Workspace, id); err != nil {
			return err
		}
		if !ch.now.Before(c.DeletedAt.Add(*s.opts.RestoreWindow)) {
			return &RestoreWindowError{DeletedAt: c.DeletedAt, Window: *s.opts.RestoreWindow}
		}
		before := c.Clone()
		c.DeletedAt, c.DeletedBy = time.Time{}, ""
		out, err = s.save(ctx, ch, &before, c)
		if taken, ok := errors.AsType[*store.TakenError](err); ok {
			return conflictf("%w", taken)
		}
		if err != nil {
			return err
		}
		if err := s.cascade(ctx, ch, id, "restore", func(c Cascade) func(context.Context, store.Tx, CascadeEvent) error { return c.Restore }); err != nil {
			return err
		}
		if ch.listen {
			ch.emit(ContactRestored{EventMeta: ch.meta(id), Snapshot: out.Clone()})
		}
		return nil
	})
	if err != nil {
		// out may hold what a rolled-back attempt saved.
		return contact.Contact{}, err
	}
	return out, nil
}

// EraseContact erases contact id at once, live or in the trash: the
// contact, its notes, tasks, associations, followers, list memberships,
// enrollments (its active ones stop first, with an EnrollmentStopped
// event each, as DeleteContact stops them), history and the host's
// dependents (the Cascades' Purge) are removed for good, and so are the records of the merges that hold a
// snapshot of it and could bring it back: those of which it is the
// survivor, those it was merged away by (undone or not: a merge into
// another can no longer be undone: its survivor keeps what the merge gave
// it, the creation date included), and the dismissals of pairs it was
// in. The contacts merged into it, which wait in the trash with their
// data, are erased with it. The survivor of a merge of it that was undone
// keeps no value of it: in its property history, what the merge gave it
// and the unmerge took back, and the contact's addresses wherever its
// history and list memberships named them in between, become
// contact.Erased. The consent ledger keeps the unsubscribes of its
// addresses, and forgets its other entries (an opt-in; see
// forgetChoices). It needs ActionEraseContact.
//
// The events written to the store's outbox before the erasure (a
// ContactCreated or ContactDeleted holds a snapshot of the contact) stay
// there until Relay.Prune deletes them, as events a host already received
// stay in its own systems: the ContactPurged event this call writes (with
// Erased set) tells every consumer to forget the contact, and the host's
// retention of the outbox (Prune's olderThan) bounds how long they are
// kept.
func (s *Service) EraseContact(ctx context.Context, a Actor, id contact.ID) error {
	return s.update(ctx, a, "erase contact "+id.String(), ActionEraseContact, func(ch *change) error {
		if _, err := ch.tx.Contacts().Get(ctx, a.Workspace, id); err != nil {
			return err
		}
		return s.erase(ctx, ch, id, true)
	})
}

func (s *Service) erase(ctx context.Context, ch *change, id contact.ID, erased bool) error {
	// A live contact erased at once may have active enrollments: they stop,
	// as a deletion stops them, so that the host hears of it. One purged
	// from the trash has none left.
	if erased {
		if _, err := s.stopEnrollments(ctx, ch, id, automation.ReasonContactDeleted); err != nil {
			return err
		}
	}
	if err := s.cascade(ctx, ch, id, "purge", func(c Cascade) func(context.Context, store.Tx, CascadeEvent) error { return c.Purge }); err != nil {
		return err
	}
	if erased {
		// The contacts merged into it hold its person's data too, and
		// without the record of their merge nothing brings them back.
		if err := s.eraseMergedInto(ctx, ch, id); err != nil {
			return err
		}
	}
	if err := eraseRecords(ctx, ch, id, erased); err != nil {
		return err
	}
	if erased {
		if err := eraseMergeOf(ctx, ch, id); err != nil {
			return err
		}
	} else if err := eraseUndoneMergesOf(ctx, ch, id); err != nil {
		return err
	}
	ch.emit(ContactPurged{EventMeta: ch.meta(id), Erased: erased})
	return nil
}

// PurgeTrash erases every contact of the workspace that has been in the
// trash longer than the restore window, as EraseContact does, and returns
// how many. It works in batches of store.MaxLimit contacts, one
// transaction each; the host schedules it. It needs ActionEraseContact.
func (s *Service) PurgeTrash(ctx context.Context, a Actor) (int, error) {
	if err := s.admit(ctx, a, ActionEraseContact); err != nil {
		return 0, fmt.Errorf("purge trash: %w", err)
	}
	cutoff := s.opts.Now().Add(-*s.opts.RestoreWindow)
	q := store.ContactQuery{Trashed: true, DeletedBefore: cutoff.Add(time.Nanosecond)}
	purged, cursor := 0, ""
	for {
		n, next := 0, ""
		err := s.update(ctx, a, "purge trash", ActionEraseContact, func(ch *change) error {
			n, next = 0, ""
			page, err := ch.tx.Contacts().List(ctx, a.Workspace, q, store.PageRequest{Cursor: cursor, Limit: store.MaxLimit})
			if err != nil {
				return err
			}
			for _, c := range page.Items {
				if err := s.erase(ctx, ch, c.ID, false); err != nil {
					return err
				}
			}
			n, next = len(page.Items), page.Next
			return nil
		})
		if err != nil {
			// n counts what the failed transaction would have purged.
			return purged, err
		}
		purged += n
		if next == "" {
			return purged, nil
		}
		cursor = next
	}
}

// eraseRecords removes contact id for good within ch, with every record of it:
// its activities (those in their own trash too) and their history,
// associations, followers, memberships, enrollments (which frees their
// idempotency keys), the merge records of which it is the survivor and its
// dismissals (see eraseKept: erased says whether it is erased or purged
// from the trash), and property history. The consent ledger, which is by
// address, keeps the unsubscribes (D3: suppression); see forgetChoices.
func eraseRecords(ctx context.Context, ch *change, id contact.ID, erased bool) error {
	rs, ws := ch.tx.Records(), ch.actor.Workspace
	c, err := ch.tx.Contacts().Get(ctx, ws, id)
	if err != nil {
		return err
	}
	if err := forgetChoices(ctx, ch, &c); err != nil {
		return err
	}
	if ch.listen {
		// The events of the call name the followers it had.
		if _, err := followersOf(ctx, ch, id); err != nil {
			return err
		}
	}
	if err := errors.Join(
		eraseActivities(ctx, rs, ws, id),
		deleteAll(ctx, store.Associations(rs), ws, id),
		deleteAll(ctx, store.Follows(rs), ws, id),
		deleteAll(ctx, store.Memberships(rs), ws, id),
		deleteAll(ctx, store.Enrollments(rs), ws, id),
	); err != nil {
		return err
	}
	// The merge records of which it is the survivor hold snapshots of
	// it. A tombstone holds no personal data: a merged-away ID still
	// resolves after the purge.
	if err := eraseKept(ctx, ch, id, erased); err != nil {
		return err
	}
	if err := ch.tx.History().Delete(ctx, ws, id); err != nil {
		return err
	}
	// The history of the call itself names a contact that is gone.
	ch.history = slices.DeleteFunc(ch.history, func(h contact.Change) bool { return h.Contact == id })
	if err := ch.tx.Contacts().Delete(ctx, ws, id, c.Version); err != nil {
		return err
	}
	return ch.reindex(ctx, &c, nil)
}

// forgetChoices removes from the consent ledger the entries of the
// addresses of contact c, which is being removed for good, that are no
// unsubscribe: an opt-in, or the workspace default kept for an address
// (list.Consent.Default). They hold the person's address and no
// suppression; the address reads as the workspace default again. An
// address that another, live, contact holds (it took it while c was in the
// trash) is that contact's, and so is its entry.
func forgetChoices(ctx context.Context, ch *change, c *contact.Contact) error {
	ledger, ws := store.Consent(ch.tx.Records()), ch.actor.Workspace
	taken := map[string]bool{} // the addresses another live contact holds
	for _, k := range c.Keys() {
		holder, held, err := byKey(ctx, ch.tx, ws, k)
		if err != nil {
			return err
		}
		if held && holder.ID != c.ID {
			_, v := contact.KeyField(k)
			taken[v] = true
		}
	}
	for _, addr := range list.Addresses(c) {
		if taken[addr.Value] {
			continue
		}
		e, err := ledger.Get(ctx, ws, addr)
		switch {
		case errors.Is(err, store.ErrNotFound):
			continue
		case err != nil:
			return err
		case e.Status == list.ConsentUnsubscribed && !e.Default:
			continue // an unsubscribe: suppression
		}
		if err := ledger.Delete(ctx, ws, &e); err != nil {
			return err
		}
	}
	return nil
}

// eraseKept removes the records that a contact merged away and purged
// from the trash keeps: the records of the merges of which contact id is
// the survivor, which hold snapshots of it, and its dismissals, which name
// the pair and the values they shared. Its values are its survivor's now,
// and an unmerge of its own merge brings it back with the contacts merged
// into it, which the merge records then bring back in turn (M4), and with
// the dismissals that held before (M1). They go with the survivor (erased
// false: id is purged, not merged away), with the records of the contacts
// merged into it, and with an erasure (erased).
func eraseKept(ctx context.Context, ch *change, id contact.ID, erased bool) error {
	rs, ws := ch.tx.Records(), ch.actor.Workspace
	if !erased {
		_, err := store.Tombstones(rs).Get(ctx, ws, id)
		if err == nil {
			return nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	ts, err := collect(store.Tombstones(rs).All(ctx, ws, store.Query{Parent: id.String()}))
	if err != nil {
		return err
	}
	ids := []contact.ID{id}
	for _, t := range ts {
		ids = append(ids, t.Contact)
	}
	for _, x := range ids {
		if err := errors.Join(
			deleteMerges(ctx, rs, ws, x),
			deleteAll(ctx, store.Dismissals(rs), ws, x),
			deleteEach(ctx, store.Dismissals(rs), ws, store.Query{Parent: x.String()}),
		); err != nil {
			return err
		}
	}
	return nil
}

// eraseMergeOf removes the records of the merges that took contact id
// away: they hold a snapshot of id, and undoing a standing one would bring
// id back from it. Its survivor keeps what the merge gave it, as when the
// survivor is erased. The standing merge is found by id's tombstone, the
// undone ones by their links to id (merge.Unmerged), which their unmerge
// wrote; the survivors of those lose what they still record of id (see
// redactUndone). A purge keeps the record of the standing merge, which
// can be undone after the purge of the trash, and removes the undone ones
// as an erasure does (eraseUndoneMergesOf): nothing undoes them again.
func eraseMergeOf(ctx context.Context, ch *change, id contact.ID) error {
	rs, ws := ch.tx.Records(), ch.actor.Workspace
	t, err := store.Tombstones(rs).Get(ctx, ws, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	default:
		rec, err := store.Merges(rs).Get(ctx, ws, t.Merge)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return err
		default:
			if err := keepWhatItGave(ctx, store.Merges(rs), ws, &rec); err != nil {
				return err
			}
			if err := deleteMerge(ctx, rs, ws, &rec); err != nil {
				return err
			}
		}
	}
	return eraseUndoneMergesOf(ctx, ch, id)
}

// eraseUndoneMergesOf removes the records of the undone merges that had
// taken contact id away, found by their links to it (merge.Unmerged): they
// hold a snapshot of id, and their survivors' records of that time name
// it (redactUndone).
func eraseUndoneMergesOf(ctx context.Context, ch *change, id contact.ID) error {
	rs, ws := ch.tx.Records(), ch.actor.Workspace
	links, err := ofContact(ctx, store.Unmerges(rs), ws, id)
	if err != nil {
		return err
	}
	for i := range links {
		rec, err := store.Merges(rs).Get(ctx, ws, links[i].Merge)
		switch {
		case err == nil:
			// What the merge gave its survivor of id's went back at the
			// unmerge; the survivor's records of that time still name it.
			if err = redactUndone(ctx, ch, &rec, id); err == nil {
				err = deleteMerge(ctx, rs, ws, &rec)
			}
		case errors.Is(err, store.ErrNotFound):
			// Gone already (deleteMerge takes its links along, so
			// only a store changed by hand gets here): the link alone.
			err = store.Unmerges(rs).Delete(ctx, ws, &links[i])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// deleteMerges deletes the records of the merges of which contact id is
// the survivor, with their links (see deleteMerge).
func deleteMerges(ctx context.Context, rs store.Records, ws contact.WorkspaceID, id contact.ID) error {
	recs, err := ofContact(ctx, store.Merges(rs), ws, id)
	if err != nil {
		return err
	}
	for i := range recs {
		if err := deleteMerge(ctx, rs, ws, &recs[i]); err != nil {
			return err
		}
	}
	return nil
}

// keepWhatItGave makes the creation date that rec, a standing merge whose
// record an erasure removes, gave its survivor (merge.RuleOldest) part of
// the survivor's own (merge.Record.BaseCreatedAt) in the other records into
// it: the survivor keeps what the merge gave it, and an unmerge of another
// merge derives its creation date from it.
func keepWhatItGave(ctx context.Context, merges store.Table[merge.ID, merge.Record], ws contact.WorkspaceID, rec *merge.Record) error {
	into, err := collect(merges.All(ctx, ws, store.Query{Contact: rec.Primary}))
	if err != nil {
		return err
	}
	base, ok := merge.BaseCreatedAt(rec.Primary, into)
	if !ok {
		return nil
	}
	for _, o := range rec.Others {
		if s, ok := rec.Input(o); ok && s.CreatedAt.Before(base) {
			base = s.CreatedAt
		}
	}
	for i := range into {
		if r := &into[i]; r.ID != rec.ID && !r.BaseCreatedAt.Equal(base) {
			r.BaseCreatedAt = base
			if err := merges.Put(ctx, ws, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteMerge deletes the record of a merge and, if it was undone, its
// links to the contacts it had taken away (merge.Unmerged).
func deleteMerge(ctx context.Context, rs store.Records, ws contact.WorkspaceID, rec *merge.Record) error {
	if err := store.Merges(rs).Delete(ctx, ws, rec); err != nil {
		return err
	}
	if !rec.Undone() {
		return nil
	}
	return deleteEach(ctx, store.Unmerges(rs), ws, store.Query{Parent: rec.ID.String()})
}

// eraseMergedInto erases the contacts merged into contact id that are
// still stored (in the trash, where a merge leaves them), and those merged
// into them; of those purged from the trash already, it removes the
// records of the merges that took them away. Their tombstones stay: they
// hold no personal data.
func (s *Service) eraseMergedInto(ctx context.Context, ch *change, id contact.ID) error {
	rs, ws := ch.tx.Records(), ch.actor.Workspace
	ts, err := collect(store.Tombstones(rs).All(ctx, ws, store.Query{Parent: id.String()}))
	if err != nil {
		return err
	}
	for _, t := range ts {
		_, err := ch.tx.Contacts().Get(ctx, ws, t.Contact)
		if errors.Is(err, store.ErrNotFound) {
			// Purged already, with its data; the records of the merges
			// that took it away, undone ones too, still hold snapshots
			// of it.
			if err := eraseMergeOf(ctx, ch, t.Contact); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if err := s.erase(ctx, ch, t.Contact, true); err != nil {
			return err
		}
	}
	return nil
}

// collect reads every value of seq, or its error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// ofContact returns every record of contact id in t. They are read whole
// before the caller writes any, since a write may move a record within the
// listing.
func ofContact[K, T any](ctx context.Context, t store.Table[K, T], ws contact.WorkspaceID, id contact.ID) ([]T, error) {
	return collect(t.All(ctx, ws, store.Query{Contact: id}))
}

func deleteAll[K, T any](ctx context.Context, t store.Table[K, T], ws contact.WorkspaceID, id contact.ID) error {
	return deleteEach(ctx, t, ws, store.Query{Contact: id})
}

// deleteEach deletes every record of t that q selects, read whole first.
func deleteEach[K, T any](ctx context.Context, t store.Table[K, T], ws contact.WorkspaceID, q store.Query) error {
	vs, err := collect(t.All(ctx, ws, q))
	for i := 0; err == nil && i < len(vs); i++ {
		err = t.Delete(ctx, ws, &vs[i])
	}
	return err
}
