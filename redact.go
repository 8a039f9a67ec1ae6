package contactkit

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
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
	if err := r.memberships(ctx, ch); err != nil {
		return err
	}
	return r.records(ctx, ch, rec.ID)
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
	// given holds the fields whose value the merge took from it (its
	// decisions): what the records of later merges hold of it.
	given map[string]bool
}

func newRedaction(rec *merge.Record, snap *contact.Contact) *redaction {
	r := &redaction{survivor: rec.Primary, merged: rec.At, undone: rec.UndoneAt, values: map[string]string{}, given: map[string]bool{}}
	for _, d := range rec.Decisions {
		if d.Contact == snap.ID {
			r.given[d.Field] = true
		}
	}
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

// records redacts the records of the other merges into the survivor made
// while it held the erased contact's values, and undone since: their
// snapshot of the survivor, the survivor they wrote, their decisions and
// what they could not place. Undone in order before the erased contact's
// merge was, such a record holds the survivor as that merge had left it.
// (One that still stands holds none of it: the erased contact's merge was
// undone after it, out of order, which rebased it.) An undone record is
// read again only for the creation dates of its contacts, which stay.
func (r *redaction) records(ctx context.Context, ch *change, erasedMerge merge.ID) error {
	t, ws := store.Merges(ch.tx.Records()), ch.actor.Workspace
	recs, err := collect(t.All(ctx, ws, store.Query{Contact: r.survivor}))
	if err != nil {
		return err
	}
	for i := range recs {
		x := &recs[i]
		if x.ID == erasedMerge || x.Primary != r.survivor || !x.Undone() || !r.within(x.At) {
			continue
		}
		changed := false
		for j := range x.Inputs {
			if x.Inputs[j].ID == x.Primary && r.contact(&x.Inputs[j]) {
				changed = true
			}
		}
		if r.contact(&x.Survivor) {
			changed = true
		}
		for j := range x.Decisions {
			d := &x.Decisions[j]
			if v := r.givenValue(d.Field, d.Value); v != d.Value {
				d.Value, changed = v, true
			}
		}
		for j := range x.Unplaced {
			u := &x.Unplaced[j]
			if v := r.givenValue(u.Field, u.Value); v != u.Value {
				u.Value, changed = v, true
			}
		}
		if changed {
			if err := t.Put(ctx, ws, x); err != nil {
				return err
			}
		}
	}
	return nil
}

// givenValue returns contact.Erased for s, the value of field in a later
// record, if it is an address of the erased contact, or the value of a
// field its merge gave the survivor; s otherwise.
func (r *redaction) givenValue(field, s string) string {
	switch {
	case s == "":
		return s
	case r.holds(s):
		return contact.Erased
	case r.given[field]:
		return r.value(s, r.values[field])
	}
	return s
}

// contact redacts c, a snapshot of the survivor in a merge record, and
// reports whether it changed: a name, place or custom value that the
// erased contact's merge gave the survivor, still the same, becomes
// contact.Erased (a custom value goes, as its type may not hold that
// text; a birth date goes), and its addresses go. A value the survivor
// had of its own, the same as the erased contact's, stays.
func (r *redaction) contact(c *contact.Contact) bool {
	changed := false
	for _, f := range []struct {
		name string
		v    *string
	}{
		{contact.FieldFirstName, &c.FirstName}, {contact.FieldLastName, &c.LastName}, {contact.FieldAlias, &c.Alias},
		{contact.FieldCity, &c.City}, {contact.FieldState, &c.State}, {contact.FieldCompany, &c.Company},
		{contact.FieldJobTitle, &c.JobTitle}, {contact.FieldAvatar, &c.Avatar},
	} {
		if !r.given[f.name] {
			continue
		}
		if v := r.value(*f.v, r.values[f.name]); v != *f.v {
			*f.v, changed = v, true
		}
	}
	if v, ok := r.values[contact.FieldBirthDate]; ok && r.given[contact.FieldBirthDate] && !c.BirthDate.IsZero() && c.BirthDate.String() == v {
		c.BirthDate, changed = field.Date{}, true
	}
	for k, v := range c.Fields {
		name := contact.CustomFieldPrefix + k.String()
		if w, ok := r.values[name]; ok && r.given[name] && v.String() == w {
			delete(c.Fields, k)
			changed = true
		}
	}
	if r.holds(c.Email.String()) {
		c.Email, c.EmailLabel, changed = contact.Email{}, "", true
	}
	if r.holds(c.Phone.String()) {
		c.Phone, c.PhoneLabel, changed = contact.Phone{}, "", true
	}
	if n := len(c.OtherEmails); n > 0 {
		c.OtherEmails = slices.DeleteFunc(c.OtherEmails, func(e contact.LabeledEmail) bool { return r.holds(e.Email.String()) })
		changed = changed || len(c.OtherEmails) != n
	}
	if n := len(c.OtherPhones); n > 0 {
		c.OtherPhones = slices.DeleteFunc(c.OtherPhones, func(p contact.LabeledPhone) bool { return r.holds(p.Phone.String()) })
		changed = changed || len(c.OtherPhones) != n
	}
	return changed
}
