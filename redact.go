package contactkit

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// redactUndone removes the data of contact id, which is being erased, from
// the records of the survivor of rec, an undone merge that took it (D3 over
// H2): the values the merge gave the survivor from id and the unmerge took
// back, in the survivor's property history, and id's addresses wherever
// the survivor's history or list memberships named them while it held
// them. Each becomes contact.Erased; the entries themselves stay, with
// their field, time, actor and source. The survivor of a merge that
// stands holds id's values as its own, and keeps them.
func redactUndone(ctx context.Context, ch *change, rec *merge.Record, id contact.ID) error {
	if !rec.Undone() || rec.Primary == id {
		return nil
	}
	snap, ok := rec.Input(id)
	if !ok {
		return nil
	}
	r := newRedaction(rec, &snap)
	if err := r.history(ctx, ch); err != nil {
		return err
	}
	return r.memberships(ctx, ch)
}

// redaction is what an erasure removes from the records of the survivor of
// one undone merge.
type redaction struct {
	survivor contact.ID
	merged   time.Time // when the merge was made
	undone   time.Time // and undone
	// values holds the erased contact's value of each field that holds a
	// person's data, in the history's text form.
	values map[string]string
	// addrs holds its addresses, as the history writes them.
	addrs []string
}

func newRedaction(rec *merge.Record, snap *contact.Contact) *redaction {
	r := &redaction{survivor: rec.Primary, merged: rec.At, undone: rec.UndoneAt, values: map[string]string{}}
	for _, c := range contact.Diff(&contact.Contact{}, snap) {
		if personal(c.Field) {
			r.values[c.Field] = c.New
		}
	}
	for _, e := range snap.Emails() {
		r.addrs = append(r.addrs, e.String())
	}
	for _, p := range snap.Phones() {
		r.addrs = append(r.addrs, p.String())
	}
	return r
}

// personal reports whether the history's field name holds a person's data
// as one value: a name, a place, a custom value. Addresses are matched one
// by one (see addressField); tags, statuses and labels are the workspace's
// words, not the person's.
func personal(name string) bool {
	switch name {
	case contact.FieldFirstName, contact.FieldLastName, contact.FieldAlias, contact.FieldCity, contact.FieldState,
		contact.FieldCompany, contact.FieldJobTitle, contact.FieldBirthDate, contact.FieldAvatar:
		return true
	}
	return strings.HasPrefix(name, contact.CustomFieldPrefix)
}

// addressField reports whether the history's field name holds addresses,
// each after ", " and with its label in parentheses (see contact.Change).
func addressField(name string) bool {
	switch name {
	case contact.FieldEmail, contact.FieldPhone, contact.FieldOtherEmails, contact.FieldOtherPhones:
		return true
	}
	return false
}

// within reports whether t is between the merge and its undoing: while the
// survivor held the erased contact's values.
func (r *redaction) within(t time.Time) bool { return !t.Before(r.merged) && !t.After(r.undone) }

// change redacts c, an entry of the survivor's history, and reports
// whether it changed: the merge's and the unmerge's entries lose the
// erased contact's values, and every entry of the time between them its
// addresses (a consent change's Address included).
func (r *redaction) change(c *contact.Change) bool {
	if !r.within(c.At) {
		return false
	}
	old, new, reason := c.Old, c.New, c.Reason
	switch {
	case addressField(c.Field):
		c.Old, c.New = r.addresses(c.Old), r.addresses(c.New)
	case c.Source == contact.ChangeMerge && (c.At.Equal(r.merged) || c.At.Equal(r.undone)):
		if v, ok := r.values[c.Field]; ok {
			c.Old, c.New = r.value(c.Old, v), r.value(c.New, v)
		}
	}
	c.Reason = r.text(c.Reason)
	changed := c.Old != old || c.New != new || c.Reason != reason
	if r.holds(c.Address) {
		c.Address, changed = contact.Erased, true
	}
	return changed
}

// value returns contact.Erased for s if it is v, the erased contact's, and
// s otherwise.
func (r *redaction) value(s, v string) string {
	if s != "" && s == v {
		return contact.Erased
	}
	return s
}

// addresses returns s, a history value of addresses, with each of the
// erased contact's (and its label, which says where to reach it) replaced.
func (r *redaction) addresses(s string) string {
	if s == "" {
		return s
	}
	parts := strings.Split(s, ", ")
	changed := false
	for i, p := range parts {
		addr, _, _ := strings.Cut(p, " (")
		if r.holds(addr) {
			parts[i], changed = contact.Erased, true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(parts, ", ")
}

// holds reports whether addr is one of the erased contact's addresses.
func (r *redaction) holds(addr string) bool { return slices.Contains(r.addrs, addr) }

// text returns s, a text written while the survivor held the erased
// contact's addresses (a reason), with each of them replaced.
func (r *redaction) text(s string) string {
	for _, a := range r.addrs {
		if strings.Contains(s, a) {
			s = strings.ReplaceAll(s, a, contact.Erased)
		}
	}
	return s
}

// history redacts the survivor's property history. store.History appends
// and deletes a contact's history whole: one that changes is written
// again, in its order, in the erasure's transaction.
func (r *redaction) history(ctx context.Context, ch *change) error {
	h, ws := ch.tx.History(), ch.actor.Workspace
	entries, err := collect(all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
		return h.List(ctx, ws, r.survivor, "", p)
	}))
	if err != nil {
		return err
	}
	changed := false
	for i := range entries {
		if r.change(&entries[i]) {
			changed = true
		}
	}
	if !changed {
		return nil
	}
	if err := h.Delete(ctx, ws, r.survivor); err != nil {
		return err
	}
	return h.Append(ctx, ws, entries...)
}

// memberships redacts the reasons of the survivor's list memberships
// written while it held the erased contact's addresses (a membership its
// unsubscribe kept from being subscribed names the address).
func (r *redaction) memberships(ctx context.Context, ch *change) error {
	t, ws := store.Memberships(ch.tx.Records()), ch.actor.Workspace
	ms, err := collect(t.All(ctx, ws, store.Query{Contact: r.survivor}))
	if err != nil {
		return err
	}
	for i := range ms {
		m := &ms[i]
		if !r.within(m.Changed.At) {
			continue
		}
		if reason := r.text(m.Changed.Reason); reason != m.Changed.Reason {
			m.Changed.Reason = reason
			if err := t.Put(ctx, ws, m); err != nil {
				return err
			}
		}
	}
	return nil
}
