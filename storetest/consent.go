package storetest

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

func (e *env) getConsent(t *testing.T, ws contact.WorkspaceID, a list.Address) (list.Consent, error) {
	ctx := t.Context()
	var c list.Consent
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		c, err = tx.Consent().Get(ctx, ws, a)
		return err
	})
	return c, err
}

func (e *env) putConsent(t *testing.T, ws contact.WorkspaceID, c *list.Consent) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Consent().Put(ctx, ws, c) })
}

// mustPutConsent stores c, or stops the case.
func (e *env) mustPutConsent(t *testing.T, ws contact.WorkspaceID, c *list.Consent) {
	t.Helper()
	if err := e.putConsent(t, ws, c); err != nil {
		t.Fatalf("setup: Consent.Put of %s at version %d: got err %v, want nil", c.Address, c.Version, err)
	}
}

// checkConsent reports a ledger entry that is not want.
func (e *env) checkConsent(t *testing.T, ws contact.WorkspaceID, want list.Consent, after, rule string) {
	t.Helper()
	got, err := e.getConsent(t, ws, want.Address)
	if err != nil {
		t.Errorf("%s, Consent.Get of %s: got err %v, want nil; %s", after, want.Address, err, rule)
		return
	}
	if d := diff(got, want); d != "" {
		t.Errorf("%s, Consent.Get of %s returns: %s; %s", after, want.Address, d, rule)
	}
}

// unsubscribed returns c unsubscribed by the n-th change.
func (e *env) unsubscribed(c list.Consent, n int) list.Consent {
	u, _ := c.Unsubscribe(e.listChange(n))
	return u
}

func testConsentGetMissing(t *testing.T, e *env) {
	ws := newWorkspace()
	a := emailAddress(t, 1)
	if _, err := e.getConsent(t, ws, a); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Consent.Get of an address the ledger has never seen, in an empty workspace: got err %v, want store.ErrNotFound", err)
	}
	c := e.ledgerEntry(a, 1)
	e.mustPutConsent(t, ws, &c)
	for _, x := range []struct {
		what string
		a    list.Address
	}{
		{"another address", emailAddress(t, 2)},
		{"the same value on another channel", list.Address{Channel: list.ChannelSMS, Value: a.Value}},
		{"a phone never seen", phoneAddress(t, list.ChannelSMS, 1)},
		{"the zero Address", list.Address{}},
	} {
		if _, err := e.getConsent(t, ws, x.a); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Consent.Get of %s (%q): got err %v, want store.ErrNotFound (the ledger has never seen it)", x.what, x.a, err)
		}
	}
}

func testConsentPutCreateAndUpdate(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.ledgerEntry(phoneAddress(t, list.ChannelWhatsApp, 3), 1)
	checkFixtureSet(t, c)
	want := c
	want.Version = 1
	if err := e.putConsent(t, ws, &c); err != nil {
		t.Fatalf("Consent.Put with Version 0 of an address never seen: got err %v, want nil", err)
	}
	if c.Version != 1 {
		t.Errorf("Consent.Put creating an entry: c.Version after the call is %d, want 1 (c.Version is set to the stored version)", c.Version)
	}
	e.checkConsent(t, ws, want, "after Consent.Put created an entry", "the entry must come back as stored")

	c = e.unsubscribed(c, 2)
	if err := e.putConsent(t, ws, &c); err != nil {
		t.Fatalf("Consent.Put at the stored version 1: got err %v, want nil", err)
	}
	if c.Version != 2 {
		t.Errorf("Consent.Put updating an entry: c.Version after the call is %d, want 2 (the stored version, incremented)", c.Version)
		c.Version = 2
	}
	e.checkConsent(t, ws, c, "after Consent.Put updated an entry", "Put stores c under c.Address")

	ch := e.listChange(3)
	ch.Source = contact.ChangeAPI
	r, err := c.Resubscribe(ch)
	if err != nil {
		t.Fatalf("storetest fixture: list.Consent.Resubscribe: %v", err)
	}
	if err := e.putConsent(t, ws, &r); err != nil {
		t.Fatalf("Consent.Put at the stored version 2: got err %v, want nil", err)
	}
	if r.Version != 3 {
		t.Errorf("Consent.Put updating an entry: c.Version after the call is %d, want 3", r.Version)
		r.Version = 3
	}
	e.checkConsent(t, ws, r, "after a second Consent.Put update", "Put stores c under c.Address")

	dup := e.ledgerEntry(r.Address, 4)
	if err := e.putConsent(t, ws, &dup); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Consent.Put with Version 0 of an address the ledger holds: got err %v, want store.ErrAlreadyExists", err)
	}
	e.checkConsent(t, ws, r, "after Consent.Put refused with ErrAlreadyExists", "nothing is written")
}

func testConsentPutStaleVersion(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.ledgerEntry(emailAddress(t, 1), 1)
	e.mustPutConsent(t, ws, &c)
	stale := c
	c = e.unsubscribed(c, 2)
	e.mustPutConsent(t, ws, &c)
	for _, x := range []struct {
		what    string
		version int64
	}{
		{"a stale version", 1},
		{"a version ahead of the stored one", 5},
	} {
		w := stale
		w.Version = x.version
		w.Changed = e.listChange(99)
		if err := e.putConsent(t, ws, &w); !errors.Is(err, store.ErrConflict) {
			t.Errorf("Consent.Put with %s (%d, stored 2): got err %v, want store.ErrConflict", x.what, x.version, err)
		}
		e.checkConsent(t, ws, c, "after Consent.Put with "+x.what, "a refused write writes nothing; an unsubscribe is never lost")
	}

	never := e.ledgerEntry(emailAddress(t, 2), 3)
	never.Version = 1
	if err := e.putConsent(t, ws, &never); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Consent.Put with Version 1 of an address the ledger has never seen: got err %v, want store.ErrConflict (c.Version must equal the stored version, and there is none)", err)
	}
	if _, err := e.getConsent(t, ws, never.Address); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Consent.Put refused for an address the ledger has never seen must not create its entry: Consent.Get got err %v, want store.ErrNotFound", err)
	}
}

func testConsentPerChannel(t *testing.T, e *env) {
	ws := newWorkspace()
	sms, wa := phoneAddress(t, list.ChannelSMS, 5), phoneAddress(t, list.ChannelWhatsApp, 5)
	s := e.ledgerEntry(sms, 1)
	w := e.ledgerEntry(wa, 2)
	e.mustPutConsent(t, ws, &s)
	e.mustPutConsent(t, ws, &w)
	s = e.unsubscribed(s, 3)
	e.mustPutConsent(t, ws, &s)
	e.checkConsent(t, ws, s, "after Consent.Put unsubscribed a phone from SMS", "the ledger holds one entry per Address")
	e.checkConsent(t, ws, w, "after Consent.Put unsubscribed the same phone from SMS, its WhatsApp entry", "the ledger holds one entry per Address: channel and canonical address")
}

func testConsentSurvivesContactUpdate(t *testing.T, e *env) {
	ws := newWorkspace()
	addr := mustEmail(t, "kept@example.org")
	c := e.person(ws, "Ada", "Lovelace")
	c.Email = addr
	e.create(t, &c)
	a, ok := list.AddressOf(list.ChannelEmail, &c)
	if !ok {
		t.Fatalf("storetest fixture: list.AddressOf gave no address for %s", addr)
	}
	entry := e.unsubscribed(e.ledgerEntry(a, 1), 2)
	e.mustPutConsent(t, ws, &entry)
	const rule = "the consent ledger is kept apart from contacts: an entry, once written, stays whatever happens to the contacts (L3)"

	c.Email = mustEmail(t, "elsewhere@example.org")
	e.save(t, &c)
	e.checkConsent(t, ws, entry, "after Contacts.Update moved the contact to another email", rule)

	c.Email = contact.Email{}
	c.FirstName = "Augusta"
	e.save(t, &c)
	e.checkConsent(t, ws, entry, "after Contacts.Update cleared the contact's email", rule)

	other := e.person(ws, "Grace", "Hopper")
	other.Email = addr
	e.create(t, &other)
	e.checkConsent(t, ws, entry, "after Contacts.Create of a new contact with the address", rule)

	c.Email = addr
	other.Email = contact.Email{}
	e.save(t, &other)
	e.save(t, &c)
	e.checkConsent(t, ws, entry, "after Contacts.Update gave the address back to its first contact", rule)
	elsewhere := list.Address{Channel: list.ChannelEmail, Value: mustEmail(t, "elsewhere@example.org").String()}
	if _, err := e.getConsent(t, ws, elsewhere); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Consent.Get of %s, an email a contact had but the ledger never saw: got err %v, want store.ErrNotFound (Contacts.Update writes nothing to the ledger)", elsewhere, err)
	}
}
