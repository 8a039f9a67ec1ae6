package storetest

import (
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
			listed := 0
			p := store.PageRequest{Limit: 4}
			for range 100 {
				page, err := tx.Contacts().List(ctx, ws, q, p)
				if err != nil {
					return err
				}
				listed += len(page.Items)
				if page.Next == "" {
					break
				}
				p.Cursor = page.Next
			}
			if got != listed || got != want {
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
