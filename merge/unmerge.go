package merge

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// Conflict is one reason an unmerge cannot proceed: the contact and the
// field or record concerned, the value, and why.
type Conflict struct {
	Contact contact.ID
	Field   string // a field name, or "<kind> <id>" for a moved record
	Value   string
	Reason  string
}

func (c Conflict) String() string {
	s := fmt.Sprintf("%s of %s: %s", c.Field, c.Contact, c.Reason)
	if c.Value != "" {
		s += fmt.Sprintf(" (%q)", c.Value)
	}
	return s
}

// UnmergePlan is an unmerge, computed: the primary as it comes back (its
// snapshot, with the edits made since the merge that the merge had not
// touched), the others as they were, the fields whose edits are kept, and
// every conflict. With conflicts, nothing may be written.
type UnmergePlan struct {
	Primary   contact.Contact
	Others    []contact.Contact
	Kept      []string
	Conflicts []Conflict
}

// NewUnmergePlan computes the unmerge of r given the survivor as it is
// now. The Primary it returns carries current's Version; the caller sets
// UpdatedAt when Kept is not empty (with no edit kept, it is the
// snapshot's). The others are r's snapshots.
//
// into are the merge records whose survivor is r's, in any order, undone
// ones included (r among them or not). A field that a merge rule derives
// over the survivor and the contacts merged into it, rather than a person
// edits (CreatedAt, by RuleOldest), is derived again: when the survivor's
// value is what the rule gives over it and every standing merge (a later
// merge into it derived it, nobody edited it), it becomes what the rule
// gives over the survivor before any merge (Record.BaseCreatedAt) and the
// contacts of the merges that still stand, r's aside, so that merges into
// one survivor can be undone in any order. Another value is compared with
// r's as any field is. Without into, r is taken as the only merge into its
// survivor.
func NewUnmergePlan(r *Record, current contact.Contact, into ...Record) UnmergePlan {
	snap, _ := r.Input(r.Primary)
	merged := r.Survivor
	out := UnmergePlan{Primary: snap.Clone()}
	for _, o := range r.Others {
		s, _ := r.Input(o)
		out.Others = append(out.Others, s.Clone())
	}
	u := &unmerger{plan: &out, id: r.Primary}
	p, m, c := &out.Primary, &merged, &current
	for _, f := range scalars {
		u.scalar(f.name, f.get(p), f.get(m), f.get(c), func() { f.copy(p, c) })
	}
	u.scalar(contact.FieldStatus, string(p.Status), string(m.Status), string(c.Status), func() { p.Status = c.Status })
	if base, ok := baseOf(r, into); ok && c.CreatedAt.Equal(oldestStanding(base, r, into, true)) {
		p.CreatedAt = oldestStanding(base, r, into, false)
	} else {
		// The instant, in the canonical form of the history: a store may
		// hand a time back in another zone (the offset alone).
		at := func(x *contact.Contact) string { return x.CreatedAt.UTC().Format(time.RFC3339Nano) }
		u.scalar("created_at", at(p), at(m), at(c), func() { p.CreatedAt = c.CreatedAt })
	}
	// Custom fields, each a scalar.
	keys := map[field.Key]bool{}
	for _, x := range []*contact.Contact{p, m, c} {
		for k := range x.Fields {
			keys[k] = true
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(keys), func(a, b field.Key) int { return strings.Compare(a.String(), b.String()) }) {
		get := func(x *contact.Contact) string { return x.Fields[k].String() }
		u.scalar(contact.CustomFieldPrefix+k.String(), get(&snap), get(m), get(c), func() {
			if v, ok := c.Fields[k]; ok {
				if p.Fields == nil {
					p.Fields = map[field.Key]field.Value{}
				}
				p.Fields[k] = v
			} else {
				delete(p.Fields, k)
			}
		})
	}
	if len(p.Fields) == 0 && snap.Fields == nil {
		p.Fields = nil
	}
	// Sets: what was added since the merge is added, what was removed since
	// is removed. A contact's emails, and its phones, are one set each,
	// the primary first: an address moved between the primary and the
	// secondary ones since the merge (an earlier merge undone took the
	// primary away, and the first secondary took its place) is no edit.
	emails := addresses(u, contact.FieldEmail, &snap, m, c,
		func(x *contact.Contact) (contact.LabeledEmail, []contact.LabeledEmail) {
			return contact.LabeledEmail{Email: x.Email, Label: x.EmailLabel}, x.OtherEmails
		},
		func(e contact.LabeledEmail) string { return e.Email.String() + " " + string(e.Label) })
	if emails != nil {
		p.Email, p.EmailLabel, p.OtherEmails = emails[0].Email, emails[0].Label, nilIfEmpty(emails[1:])
	}
	phones := addresses(u, contact.FieldPhone, &snap, m, c,
		func(x *contact.Contact) (contact.LabeledPhone, []contact.LabeledPhone) {
			return contact.LabeledPhone{Phone: x.Phone, Label: x.PhoneLabel}, x.OtherPhones
		},
		func(e contact.LabeledPhone) string { return e.Phone.String() + " " + string(e.Label) })
	if phones != nil {
		p.Phone, p.PhoneLabel, p.OtherPhones = phones[0].Phone, phones[0].Label, nilIfEmpty(phones[1:])
	}
	p.Tags = tag.Set(unite(u, contact.FieldTags, []tag.Name(snap.Tags), []tag.Name(m.Tags), []tag.Name(c.Tags), tag.Name.Key))
	p.Channels = unite(u, contact.FieldChannels, snap.Channels, m.Channels, c.Channels,
		func(ch contact.Channel) string { return fmt.Sprint(ch.Kind, ch.State, ch.ConnectedAt.UnixNano()) })
	p.Version = current.Version
	if len(out.Kept) > 0 {
		p.UpdatedAt = current.UpdatedAt
	}
	// An address that goes back to an other must not stay with the primary.
	held := map[string]bool{}
	for _, k := range p.Keys() {
		held[k] = true
	}
	for _, o := range out.Others {
		for _, k := range o.Keys() {
			if held[k] {
				f, v := contact.KeyField(k)
				out.Conflicts = append(out.Conflicts, Conflict{Contact: o.ID, Field: f, Value: v,
					Reason: fmt.Sprintf("the address is held by %s since the merge", r.Primary)})
			}
		}
	}
	return out
}

// baseOf returns the base creation date of r's survivor (BaseCreatedAt)
// from r and into, r last when into does not hold it.
func baseOf(r *Record, into []Record) (time.Time, bool) {
	if !slices.ContainsFunc(into, func(x Record) bool { return x.ID == r.ID }) {
		into = append(slices.Clip(into), *r)
	}
	return BaseCreatedAt(r.Primary, into)
}

// oldestStanding returns what RuleOldest gives r's survivor over its
// creation date before any merge (base) and the others of the merges into
// it that stand: r and those of into, r counted when withR is true.
func oldestStanding(base time.Time, r *Record, into []Record, withR bool) time.Time {
	oldest := base
	fold := func(x *Record) {
		for _, o := range x.Others {
			if s, ok := x.Input(o); ok && s.CreatedAt.Before(oldest) {
				oldest = s.CreatedAt
			}
		}
	}
	if withR {
		fold(r)
	}
	for i := range into {
		if x := &into[i]; x.Primary == r.Primary && x.ID != r.ID && !x.Undone() {
			fold(x)
		}
	}
	return oldest
}

// nilIfEmpty returns s, nil when it is empty.
func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

type unmerger struct {
	plan *UnmergePlan
	id   contact.ID
}

func (u *unmerger) scalar(name, snap, merged, cur string, keep func()) {
	switch {
	case cur == merged:
		// Unchanged since the merge: the snapshot's value, already there.
	case merged == snap:
		keep()
		u.plan.Kept = append(u.plan.Kept, name)
	default:
		u.plan.Conflicts = append(u.plan.Conflicts, Conflict{Contact: u.id, Field: name, Value: cur,
			Reason: fmt.Sprintf("changed by the merge (from %q to %q) and edited since", snap, merged)})
	}
}

// addresses applies to the emails (or phones) of snap, the primary first,
// the changes made to them since the merge (see unite), and returns them,
// the primary first; nil when nothing changed, or none is left and snap
// had none. all gives a contact's primary (zero when it has none) and its
// secondary ones. A primary chosen since the merge (a secondary one made
// primary) stays first.
func addresses[T comparable](u *unmerger, name string, snap, merged, cur *contact.Contact, all func(*contact.Contact) (T, []T), key func(T) string) []T {
	list := func(x *contact.Contact) []T {
		var zero T
		first, others := all(x)
		if first == zero {
			return slices.Clone(others)
		}
		return append([]T{first}, others...)
	}
	s, m, c := list(snap), list(merged), list(cur)
	kept := len(u.plan.Kept)
	out := unite(u, name, s, m, c, key)
	if len(u.plan.Kept) == kept {
		return nil // unchanged: the snapshot's, as it is
	}
	if len(c) > 0 && (len(m) == 0 || key(c[0]) != key(m[0])) {
		if i := slices.IndexFunc(out, func(x T) bool { return key(x) == key(c[0]) }); i > 0 {
			out = slices.Insert(slices.Delete(out, i, i+1), 0, c[0])
		}
	}
	if len(out) == 0 {
		var zero T
		return []T{zero}
	}
	return out
}

// unite applies to snap the changes made to a set since the merge: the
// elements of cur not in merged are added, those of merged not in cur
// removed.
func unite[T any](u *unmerger, name string, snap, merged, cur []T, key func(T) string) []T {
	in := func(s []T, k string) bool { return slices.ContainsFunc(s, func(x T) bool { return key(x) == k }) }
	out := slices.Clone(snap)
	changed := false
	for _, x := range cur {
		if k := key(x); !in(merged, k) && !in(out, k) {
			out = append(out, x)
			changed = true
		}
	}
	for _, x := range merged {
		if k := key(x); !in(cur, k) && in(out, k) {
			out = slices.DeleteFunc(out, func(y T) bool { return key(y) == k })
			changed = true
		}
	}
	if changed {
		u.plan.Kept = append(u.plan.Kept, name)
	}
	if len(out) == 0 {
		return snap[:0:0]
	}
	return out
}
