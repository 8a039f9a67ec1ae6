package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

func capabilityCases() []testCase {
	return []testCase{
		{name: "Capabilities/Count", needs: needsCount, run: testCapabilityCount},
		{name: "Capabilities/As", needs: needsAs, run: testCapabilityAs},
		{name: "Capabilities/Prefetch", needs: needsPrefetch, run: testCapabilityPrefetch},
		{name: "Capabilities/PrefetchPrecedence", needs: needsPrefetch, run: testPrefetchPrecedence},
	}
}

func needsCount(o *Options) string {
	if o.Count {
		return ""
	}
	return "Options.Count not declared: the Store's Contacts need not implement store.ContactCounter (store.CountContacts pages through the contacts instead)"
}

func needsAs(o *Options) string {
	if o.As != nil {
		return ""
	}
	return "Options.As not declared: the Store's Tx need not implement store.Aser"
}

func testCapabilityCount(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	vip := mustTag(t, "VIP")
	var people []contact.Contact
	for i := range 23 {
		c := e.person(ws, fmt.Sprintf("Person %d", i), "Counted")
		if i%3 == 0 {
			c.Tags = tag.Set{vip}
		}
		if i%4 == 0 {
			c.Status = contact.StatusBlocked
		}
		if i%5 == 0 {
			e.trashAt(&c, i)
		}
		if i == 7 {
			c.Email = mustEmail(t, "counted@example.org")
		}
		people = append(people, c)
	}
	e.createAll(t, people)
	queries := []store.ContactQuery{
		{}, {Trashed: true}, {Tag: vip}, {Status: contact.StatusBlocked}, {Tag: vip, Status: contact.StatusActive},
		{DeletedBefore: e.at(11)}, {Key: contact.EmailKey(people[7].Email)}, {Words: contact.QueryWords("person 1")},
		{Words: contact.QueryWords("counted")}, {Assignee: "nobody"},
	}
	e.view(t, "Count", func(tx store.Tx) error {
		counter, ok := tx.Contacts().(store.ContactCounter)
		if !ok {
			t.Errorf("Options.Count is declared, but the Contacts of the Store's Tx (%T) do not implement store.ContactCounter", tx.Contacts())
			return nil
		}
		for _, q := range queries {
			got, err := counter.Count(ctx, ws, q)
			if err != nil {
				t.Errorf("ContactCounter.Count with %+v: got err %v, want nil", q, err)
				continue
			}
			want := len(filterContacts(people, q))
			all, err := readAll(store.PageRequest{Limit: 4}, func(p store.PageRequest) (store.Page[contact.Contact], error) {
				return tx.Contacts().List(ctx, ws, q, p)
			})
			if err != nil {
				return err
			}
			if listed := len(all); got != listed || got != want {
				t.Errorf("ContactCounter.Count with %+v: got %d, want %d, the number of contacts Contacts.List pages through (%d listed)", q, got, want, listed)
			}
		}
		if n, err := counter.Count(ctx, newWorkspace(), store.ContactQuery{}); err != nil || n != 0 {
			t.Errorf("ContactCounter.Count of a workspace with no contact: got %d, err %v, want 0, nil", n, err)
		}
		if _, err := counter.Count(cancelled(t), ws, store.ContactQuery{}); err == nil || err != cancelled(t).Err() {
			t.Errorf("ContactCounter.Count with a cancelled context: got err %v, want ctx.Err() unwrapped", err)
		}
		return nil
	})
}

func testCapabilityAs(t *testing.T, e *env) {
	ctx := t.Context()
	check := func(what string, tx store.Tx) {
		target := e.opts.As()
		tv := reflect.ValueOf(target)
		if tv.Kind() != reflect.Pointer || tv.IsNil() {
			t.Errorf("storetest: Options.As returned %T, want a non-nil pointer", target)
			return
		}
		if !store.As(tx, target) {
			t.Errorf("store.As(tx, %T) in %s: got false, want true (Options.As is declared: the Tx implements store.Aser, found through wrappers that implement store.Unwrapper)", target, what)
			return
		}
		if tv.Elem().IsZero() {
			t.Errorf("store.As(tx, %T) in %s: got true, but the target is still the zero %s; As sets *target to the native transaction", target, what, tv.Elem().Type())
		}
		var other struct{ storetestNotANativeTx int }
		if store.As(tx, &other) {
			t.Errorf("store.As(tx, %T) in %s: got true, want false (As is false for a target of a type the adapter does not offer)", &other, what)
		}
	}
	run := func(s store.Store, name string) {
		e.update(t, "Store.Update", func(tx store.Tx) error {
			check("the Tx of "+name+".Update", tx)
			return nil
		})
		if err := s.View(ctx, func(tx store.Tx) error {
			check("the Tx of "+name+".View", tx)
			return nil
		}); err != nil {
			t.Errorf("%s.View: got err %v, want nil", name, err)
		}
	}
	run(e.s, "Store")
	wrapped := Retrying(e.s)
	if err := wrapped.Update(ctx, func(tx store.Tx) error {
		check("the Tx of storetest.Retrying(Store).Update", tx)
		return nil
	}); err != nil {
		t.Errorf("storetest.Retrying(Store).Update: got err %v, want nil", err)
	}
}

func needsPrefetch(o *Options) string {
	if o.Prefetch {
		return ""
	}
	return "Options.Prefetch not declared: the Store's Tx need not implement store.Prefetcher (reads are made one at a time)"
}

// testCapabilityPrefetch: after a Prefetch, every read of what was
// prefetched gives what it would give without it, through the
// transaction's own writes (contacts that take, drop and free the keys,
// records created, updated and deleted); a write's outcome is the
// contract's (a taken key, an existing record, a stale version fail at
// once); what the transaction wrote is there once it commits, and nothing
// of it when it rolls back.
func testCapabilityPrefetch(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	a, b := e.person(ws, "Ann", "Held"), e.person(ws, "Bob", "Held")
	a.Email = mustEmail(t, "ann@prefetch.example")
	b.Email, b.Phone = mustEmail(t, "bob@prefetch.example"), mustPhone(t, "+33612345001")
	held := []contact.Contact{a, b}
	e.createAll(t, held)
	a, b = held[0], held[1]
	tags := func(tx store.Tx) store.Table[tag.Name, tag.Tag] { return store.Tags(tx.Records()) }
	kept, absent := mustTag(t, "Kept"), mustTag(t, "Absent")
	e.update(t, "setup", func(tx store.Tx) error {
		return tags(tx).Put(ctx, ws, &tag.Tag{Name: kept, CreatedAt: e.at(1)})
	})
	free := contact.EmailKey(mustEmail(t, "free@prefetch.example"))
	keyA, keyB, phoneB := contact.EmailKey(a.Email), contact.EmailKey(b.Email), contact.PhoneKey(b.Phone)
	// expect checks the holder of key. Its error, and any error of the
	// checks below that matches store.ErrRetry (a concurrent case's
	// transaction), is returned, so that the Store runs the transaction
	// again; only the answers of an attempt that reads without error are
	// checked.
	expect := func(tx store.Tx, what, key string, want contact.ID) error {
		found, err := readAll(store.PageRequest{Limit: 1}, func(p store.PageRequest) (store.Page[contact.Contact], error) {
			return tx.Contacts().List(ctx, ws, store.ContactQuery{Key: key}, p)
		})
		if err != nil {
			return err
		}
		if ids := idsOf(found); (want.IsZero() && len(ids) != 0) || (!want.IsZero() && (len(ids) != 1 || ids[0] != want)) {
			t.Errorf("after Prefetch, %s: Contacts.List by key %s: got holders %v, want %s (the zero ID: none)", what, key, ids, want)
		}
		return nil
	}
	retry := func(err error) bool { return errors.Is(err, store.ErrRetry) }
	var made, moved, last contact.Contact
	lastKey := contact.EmailKey(mustEmail(t, "last@prefetch.example"))
	e.update(t, "Prefetch", func(tx store.Tx) error {
		pf := store.PrefetcherOf(tx)
		if pf == nil {
			t.Errorf("Options.Prefetch is declared, but the Store's Tx (%T) does not implement store.Prefetcher, directly or through store.Unwrapper", tx)
			return nil
		}
		err := pf.Prefetch(ctx, ws, store.Prefetch{
			Keys:     []string{keyA, keyB, phoneB, free, lastKey},
			Contacts: []contact.ID{b.ID, newID()},
			Records:  []store.RecordRef{tags(tx).Ref(kept), tags(tx).Ref(absent)},
		})
		if err != nil {
			return err
		}
		if err := expect(tx, "as stored", keyA, a.ID); err != nil {
			return err
		}
		if err := expect(tx, "as stored", phoneB, b.ID); err != nil {
			return err
		}
		if err := expect(tx, "as stored", free, contact.ID{}); err != nil {
			return err
		}

		// A new contact takes the free key; one with a's key is refused.
		c := e.person(ws, "Cy", "New")
		c.Email = mustEmail(t, "free@prefetch.example")
		if err := tx.Contacts().Create(ctx, &c); err != nil {
			return err
		}
		if err := expect(tx, "a contact created with the key", free, c.ID); err != nil {
			return err
		}
		// Creations with an existing ID fail at once, prefetched or not.
		for _, id := range []contact.ID{a.ID, b.ID} {
			dup := e.person(ws, "Dup", "Refused")
			dup.ID = id
			err := tx.Contacts().Create(ctx, &dup)
			if retry(err) {
				return err
			}
			if !errors.Is(err, store.ErrAlreadyExists) {
				t.Errorf("after Prefetch, Contacts.Create with the ID of a stored contact: got err %v, want at once ErrAlreadyExists", err)
			}
		}
		if got, err := tx.Contacts().Get(ctx, ws, b.ID); retry(err) {
			return err
		} else if err != nil || got.Version != b.Version || got.Email != b.Email {
			t.Errorf("after Prefetch, Contacts.Get of a prefetched contact: got %+v, err %v, want it as stored", got, err)
		}
		d := e.person(ws, "Dan", "Refused")
		d.Email = a.Email
		err = tx.Contacts().Create(ctx, &d)
		if retry(err) {
			return err
		}
		if taken, ok := errors.AsType[*store.TakenError](err); !ok || taken.Owner != a.ID {
			t.Errorf("after Prefetch, Contacts.Create of a contact with a live contact's key: got err %v, want at once a *store.TakenError naming %s", err, a.ID)
		}
		// a gives its key up; another contact takes it; b goes to the trash.
		a2 := a
		a2.Email = mustEmail(t, "ann.new@prefetch.example")
		if err := tx.Contacts().Update(ctx, &a2); err != nil {
			return err
		}
		if err := expect(tx, "its holder changed its email", keyA, contact.ID{}); err != nil {
			return err
		}
		if err := expect(tx, "its holder changed its email (to a key not prefetched)", contact.EmailKey(a2.Email), a.ID); err != nil {
			return err
		}
		m := e.person(ws, "Meg", "Moved")
		m.Email = a.Email
		if err := tx.Contacts().Create(ctx, &m); err != nil {
			return err
		}
		if err := expect(tx, "a contact created with the freed key", keyA, m.ID); err != nil {
			return err
		}
		b2 := b
		e.trashAt(&b2, 2)
		if err := tx.Contacts().Update(ctx, &b2); err != nil {
			return err
		}
		if err := expect(tx, "its holder went to the trash", keyB, contact.ID{}); err != nil {
			return err
		}
		if err := expect(tx, "its holder went to the trash", phoneB, contact.ID{}); err != nil {
			return err
		}
		if got, err := tx.Contacts().Get(ctx, ws, b.ID); retry(err) {
			return err
		} else if err != nil || got.Version != b2.Version || !got.Trashed() {
			t.Errorf("after Prefetch, Contacts.Get of a prefetched contact just moved to the trash: got %+v, err %v, want version %d in the trash", got, err, b2.Version)
		}

		// Records: created, refused, updated, deleted.
		if _, err := tags(tx).Get(ctx, ws, absent); retry(err) {
			return err
		} else if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("after Prefetch, Records.Get of an absent record: got err %v, want ErrNotFound", err)
		}
		nt := tag.Tag{Name: absent, CreatedAt: e.at(3)}
		if err := tags(tx).Put(ctx, ws, &nt); err != nil {
			return err
		}
		if got, err := tags(tx).Get(ctx, ws, absent); retry(err) {
			return err
		} else if err != nil || got.Version != 1 {
			t.Errorf("after Prefetch, Records.Get of a record just created: got version %d, err %v, want 1, nil", got.Version, err)
		}
		again := tag.Tag{Name: kept, CreatedAt: e.at(4)}
		if err := tags(tx).Put(ctx, ws, &again); retry(err) {
			return err
		} else if !errors.Is(err, store.ErrAlreadyExists) {
			t.Errorf("after Prefetch, Records.Put at version 0 of an existing record: got err %v, want at once ErrAlreadyExists", err)
		}
		k, err := tags(tx).Get(ctx, ws, kept)
		if err != nil {
			return err
		}
		stale := k
		k.CreatedAt = e.at(5)
		if err := tags(tx).Put(ctx, ws, &k); retry(err) {
			return err
		} else if err != nil || k.Version != 2 {
			t.Errorf("after Prefetch, Records.Put at the version read: got version %d, err %v, want 2, nil", k.Version, err)
		}
		if err := tags(tx).Put(ctx, ws, &stale); retry(err) {
			return err
		} else if !errors.Is(err, store.ErrConflict) {
			t.Errorf("after Prefetch, Records.Put at a stale version: got err %v, want at once ErrConflict", err)
		}
		if got, err := tags(tx).Get(ctx, ws, kept); retry(err) {
			return err
		} else if err != nil || !got.CreatedAt.Equal(e.at(5)) {
			t.Errorf("after Prefetch, Records.Get of a record just updated: got %+v, err %v, want CreatedAt %v", got, err, e.at(5))
		}
		if err := tags(tx).Delete(ctx, ws, &k); err != nil {
			return err
		}
		if _, err := tags(tx).Get(ctx, ws, kept); retry(err) {
			return err
		} else if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("after Prefetch, Records.Get of a record just deleted: got err %v, want ErrNotFound", err)
		}
		// The last write, which an adapter may still hold at the commit.
		last = e.person(ws, "Liz", "Last")
		last.Email = mustEmail(t, "last@prefetch.example")
		if err := tx.Contacts().Create(ctx, &last); err != nil {
			return err
		}
		made, moved = c, m
		return nil
	})
	e.view(t, "after the commit", func(tx store.Tx) error {
		if err := expect(tx, "committed", free, made.ID); err != nil {
			return err
		}
		if err := expect(tx, "committed", keyA, moved.ID); err != nil {
			return err
		}
		if err := expect(tx, "committed", keyB, contact.ID{}); err != nil {
			return err
		}
		if err := expect(tx, "committed, written last", lastKey, last.ID); err != nil {
			return err
		}
		if _, err := tags(tx).Get(ctx, ws, absent); err != nil {
			t.Errorf("a record created after Prefetch: after the commit, Records.Get: got err %v, want nil", err)
		}
		if _, err := tags(tx).Get(ctx, ws, kept); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a record deleted after Prefetch: after the commit, Records.Get: got err %v, want ErrNotFound", err)
		}
		return nil
	})

	// A Prefetch that fails (a record named without its kind) leaves every
	// read as it would be without it.
	e.view(t, "a failed Prefetch", func(tx store.Tx) error {
		pf := store.PrefetcherOf(tx)
		if pf == nil {
			return nil // reported above
		}
		err := pf.Prefetch(ctx, ws, store.Prefetch{
			Keys:    []string{free},
			Records: []store.RecordRef{tags(tx).Ref(absent), {ID: "no kind"}},
		})
		if err == nil {
			t.Errorf("Prefetch of a record without a kind: got err nil, want an error")
		}
		if _, err := tags(tx).Get(ctx, ws, absent); err != nil {
			t.Errorf("after a failed Prefetch, Records.Get of a stored record: got err %v, want nil", err)
		}
		return expect(tx, "after a failed Prefetch", free, made.ID)
	})

	// Rolled back: nothing of what waited is written.
	lost := contact.EmailKey(mustEmail(t, "lost@prefetch.example"))
	errRollback := errors.New("storetest: roll back")
	err := e.s.Update(ctx, func(tx store.Tx) error {
		pf := store.PrefetcherOf(tx)
		if pf == nil {
			return errRollback // reported above
		}
		if err := pf.Prefetch(ctx, ws, store.Prefetch{Keys: []string{lost}, Records: []store.RecordRef{tags(tx).Ref(kept)}}); err != nil {
			return err
		}
		c := e.person(ws, "Lou", "Lost")
		c.Email = mustEmail(t, "lost@prefetch.example")
		if err := tx.Contacts().Create(ctx, &c); err != nil {
			return err
		}
		if err := tags(tx).Put(ctx, ws, &tag.Tag{Name: kept, CreatedAt: e.at(6)}); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Errorf("Store.Update whose function fails after Prefetch and writes: got err %v, want the function's", err)
	}
	e.view(t, "after the rollback", func(tx store.Tx) error {
		if err := expect(tx, "rolled back", lost, contact.ID{}); err != nil {
			return err
		}
		if _, err := tags(tx).Get(ctx, ws, kept); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a record written after Prefetch in a transaction rolled back: Records.Get: got err %v, want ErrNotFound", err)
		}
		return nil
	})
}
