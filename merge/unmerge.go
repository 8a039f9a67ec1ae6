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
// touched, and what the later merges into it that stand give it), the
// others as they were, the fields whose edits are kept, the later merges
// rebased, and every conflict. With conflicts, nothing may be written.
type UnmergePlan struct {
	Primary   contact.Contact
	Others    []contact.Contact
	Kept      []string
	Conflicts []Conflict
	// Later are the merges into the same survivor made after the one
	// undone that still stand, oldest first, each rebased (Record.Rebased):
	// its snapshot of the primary and its survivor as they would have been
	// had the merge undone never been made, its decisions and what it
	// could not place as its policy gives them over those. Their moves are
	// as they were. Empty when the merge undone is the last that stands.
	Later []Record
}

// NewUnmergePlan computes the unmerge of r given the survivor as it is
// now. The Primary it returns carries current's Version; the caller sets
// UpdatedAt when Kept or Later is not empty (with no edit kept and no later
// merge, it is the snapshot's). The others are r's snapshots.
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
//
// # Out of order
//
// The merges of into made after r that still stand (by At, then by ID)
// took the survivor as r left it: a value r gave it (Bob's company, his
// block, his tag) was the primary's when they were made, and a later
// merge whose other held it too (Cid, of the same company, blocked,
// tagged alike) changed nothing there. Comparing the survivor now with
// what r wrote would take back what the later merge gives, so the plan
// replays them instead, each as if r had never been made:
//
//   - the primary as it was before the first later merge, L1, is what the
//     per-field rules of M4 give (r's snapshot, the edits made between r
//     and L1 that r had not changed, a conflict for one it had);
//   - L1's survivor is what L1's policy gives over that primary and L1's
//     others (NewPlan; for PolicyMostRecent, by when each field of each
//     input last changed before L1 without r, as NewUnmergePlanChanged's
//     LastChange says; without it, the input L1 chose for a field is
//     taken as changed last again, the others by their UpdatedAt);
//   - the primary before L2 applies the edits made between L1 and L2 to
//     L1's survivor so replayed, by the same per-field rules (L1's
//     survivor as written is the "merged" value, the replayed one the
//     "snapshot"), and so on;
//   - the primary now is the survivor now with the edits made since the
//     last later merge, applied likewise to its replayed survivor.
//
// So what a later merge gives the primary from its own others stays; what
// only r gave goes; an edit since is kept where the value it replaced is
// the same with or without r, and is a conflict where r, or a replay
// without it, changed that value. Later holds the replayed records, which the caller writes
// with the unmerge, so that undoing them later gives back the primary
// without r's values. With no later merge standing, the plan is r's alone,
// as before.
func NewUnmergePlan(r *Record, current contact.Contact, into ...Record) UnmergePlan {
	return NewUnmergePlanChanged(r, current, nil, into...)
}

// LastChange returns when field (as Decision.Field names it) of input id
// of merge l last changed before l was made, as if the merge an unmerge
// undoes had never been made, or the zero time if the property history
// does not say. Of the survivor, it leaves out the changes that merge and
// the later ones into it made: the plan counts those of the later ones as
// their replay makes them.
type LastChange func(l *Record, id contact.ID, field string) time.Time

// NewUnmergePlanChanged is NewUnmergePlan, with the replay of a later merge
// made with PolicyMostRecent comparing its inputs by changed (its
// PlanInput.Changed) rather than taking the input it chose for a field as
// the one changed last again. A nil changed is NewUnmergePlan's way.
func NewUnmergePlanChanged(r *Record, current contact.Contact, changed LastChange, into ...Record) UnmergePlan {
	snap, _ := r.Input(r.Primary)
	out := UnmergePlan{}
	for _, o := range r.Others {
		s, _ := r.Input(o)
		out.Others = append(out.Others, s.Clone())
	}
	u := &unmerger{plan: &out, id: r.Primary}
	later := laterStanding(r, into)
	base, hasBase := baseOf(r, into)
	// ours is the primary as it comes back at each step, merged what the
	// step's merge wrote: r's snapshot and survivor, then each later
	// merge's, replayed and as written.
	ours, merged := snap, r.Survivor
	// given holds when a replayed later merge last changed each field of
	// the primary: with changed, the replay of the next one counts it in
	// place of what the merge as written changed (changed leaves the
	// later merges' own changes of the primary out).
	given := map[string]time.Time{}
	for i := range later {
		l := later[i].Clone()
		theirs, _ := l.Input(l.Primary)
		u.reason = reasonOf(r, i, later)
		p := u.fields(&ours, &merged, &theirs, func(p *contact.Contact) {
			// The creation date, derived: the rule over the survivor's
			// own and the standing merges before l, r's aside.
			if hasBase {
				p.CreatedAt = oldestBefore(base, r, into, &l)
			}
		})
		if n := slices.IndexFunc(l.Inputs, func(c contact.Contact) bool { return c.ID == l.Primary }); n >= 0 {
			l.Inputs[n] = p.Clone()
		}
		lc := changed
		if changed != nil {
			g := maps.Clone(given)
			lc = func(l *Record, id contact.ID, f string) time.Time {
				t := changed(l, id, f)
				if x := g[f]; id == r.Primary && x.After(t) {
					t = x
				}
				return t
			}
		}
		replayed, err := replay(&l, p, r.ID, lc)
		if err != nil {
			out.Conflicts = append(out.Conflicts, Conflict{Contact: l.Primary, Field: "merge " + l.ID.String(),
				Reason: fmt.Sprintf("cannot be replayed without merge %s: %v", r.ID, err)})
			continue
		}
		for _, c := range contact.Diff(&p, &replayed.Survivor) {
			given[c.Field] = l.At
		}
		merged, ours = later[i].Survivor, replayed.Survivor
		out.Later = append(out.Later, replayed)
	}
	u.reason = reasonOf(r, len(later), later)
	out.Primary = u.fields(&ours, &merged, &current, func(p *contact.Contact) {
		if hasBase && current.CreatedAt.Equal(oldestStanding(base, r, into, true)) {
			p.CreatedAt = oldestStanding(base, r, into, false)
			return
		}
		// The instant, in the canonical form of the history: a store may
		// hand a time back in another zone (the offset alone).
		at := func(x *contact.Contact) string { return x.CreatedAt.UTC().Format(time.RFC3339Nano) }
		u.scalar("created_at", at(p), at(&merged), at(&current), func() { p.CreatedAt = current.CreatedAt })
	})
	// A field edited between two merges and since is kept once.
	seen := map[string]bool{}
	out.Kept = slices.DeleteFunc(out.Kept, func(f string) bool {
		dup := seen[f]
		seen[f] = true
		return dup
	})
	p := &out.Primary
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

// fields returns snap with the changes made to the fields of a contact
// from merged to cur, by M4's per-field rules: unchanged since → snap's
// value; changed since where snap and merged agree → cur's (the field is
// Kept); changed on both sides → a conflict. Sets take the elements added
// since and lose those removed since. createdAt sets the creation date,
// after the status.
func (u *unmerger) fields(snap, merged, cur *contact.Contact, createdAt func(p *contact.Contact)) contact.Contact {
	out := snap.Clone()
	p, m, c := &out, merged, cur
	for _, f := range scalars {
		u.scalar(f.name, f.get(p), f.get(m), f.get(c), func() { f.copy(p, c) })
	}
	u.scalar(contact.FieldStatus, string(p.Status), string(m.Status), string(c.Status), func() { p.Status = c.Status })
	createdAt(p)
	// Custom fields, each a scalar.
	keys := map[field.Key]bool{}
	for _, x := range []*contact.Contact{p, m, c} {
		for k := range x.Fields {
			keys[k] = true
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(keys), func(a, b field.Key) int { return strings.Compare(a.String(), b.String()) }) {
		get := func(x *contact.Contact) string { return x.Fields[k].String() }
		u.scalar(contact.CustomFieldPrefix+k.String(), get(snap), get(m), get(c), func() {
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
	// primary away, and the first secondary took its place; the user made
	// a secondary one primary) is neither added nor removed, and the
	// primary it became stays first.
	emails := addresses(u, contact.FieldEmail, snap, m, c,
		func(x *contact.Contact) (contact.LabeledEmail, []contact.LabeledEmail) {
			return contact.LabeledEmail{Email: x.Email, Label: x.EmailLabel}, x.OtherEmails
		},
		func(e contact.LabeledEmail) string { return e.Email.String() + " " + string(e.Label) })
	if emails != nil {
		p.Email, p.EmailLabel, p.OtherEmails = emails[0].Email, emails[0].Label, nilIfEmpty(emails[1:])
	}
	phones := addresses(u, contact.FieldPhone, snap, m, c,
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
	p.Version = cur.Version
	if len(u.plan.Kept) > 0 {
		p.UpdatedAt = cur.UpdatedAt
	}
	return out
}

// laterStanding returns the records of into that are merges into r's
// survivor made after r and still standing, oldest first: by At, then by
// ID (a UUIDv7, in order of creation), for merges made at one instant.
func laterStanding(r *Record, into []Record) []Record {
	var out []Record
	for i := range into {
		if x := &into[i]; x.Primary == r.Primary && x.ID != r.ID && !x.Undone() && after(x, r) {
			out = append(out, *x)
		}
	}
	slices.SortFunc(out, func(a, b Record) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID.String(), b.ID.String())
	})
	return out
}

// after reports whether merge x was made after merge r.
func after(x, r *Record) bool {
	if c := x.At.Compare(r.At); c != 0 {
		return c > 0
	}
	return x.ID.String() > r.ID.String()
}

// reasonOf returns how a conflict of the step of the replay before later
// merge i (len(later): the survivor now) says why: the value r changed,
// or the value later merge i-1 gave that it gives otherwise without r.
func reasonOf(r *Record, i int, later []Record) func(snap, merged string) string {
	if i == 0 {
		return nil // the merge's own
	}
	l := later[i-1].ID
	return func(snap, merged string) string {
		return fmt.Sprintf("given by merge %s (%q, %q without merge %s) and edited since", l, merged, snap, r.ID)
	}
}

// replay returns l, whose primary snapshot is p, with its survivor,
// decisions and unplaced values as its policy gives them over p and its
// others, rebased without merge undone (Record.Rebased). The survivor
// keeps the version and time l wrote it with. changed, when not nil, says
// when the inputs' fields last changed (LastChange).
func replay(l *Record, p contact.Contact, undone ID, changed LastChange) (Record, error) {
	out := l.Clone()
	out.Rebased = append(out.Rebased, undone)
	var others []contact.Contact
	for _, o := range l.Others {
		s, _ := l.Input(o)
		others = append(others, s)
	}
	// PolicyMostRecent: the property history of the inputs at the time of
	// l is not kept; the input l chose for a field is taken as the one
	// changed last again (the others by their UpdatedAt, NewPlan's
	// fallback).
	chosen := map[string]contact.ID{}
	for _, d := range l.Decisions {
		if d.Rule == RuleMostRecent {
			chosen[d.Field] = d.Contact
		}
	}
	// The tag limit of the time of l: the survivor l wrote holds no tag
	// the replayed one lacks but those l could not place, which it could
	// not place because it was full (r only ever adds tags to its
	// primary, so the replayed primary holds no tag l's did not).
	in := PlanInput{Primary: p, Others: others, Policy: l.Policy, TagLimit: l.Survivor.Tags.Len(),
		Changed: func(id contact.ID, f string) time.Time {
			if chosen[f] == id {
				return l.At
			}
			return time.Time{}
		}}
	if changed != nil {
		in.Changed = func(id contact.ID, f string) time.Time { return changed(l, id, f) }
	}
	plan, err := NewPlan(in)
	if err != nil {
		return Record{}, err
	}
	s := plan.Survivor
	s.Version, s.UpdatedAt = l.Survivor.Version, l.Survivor.UpdatedAt
	out.Survivor, out.Decisions, out.Unplaced = s, plan.Decisions, plan.Unplaced
	return out, nil
}

// oldestBefore returns what RuleOldest gives r's survivor over its
// creation date before any merge (base) and the others of the merges into
// it that stand and were made before l, r's aside.
func oldestBefore(base time.Time, r *Record, into []Record, l *Record) time.Time {
	oldest := base
	for i := range into {
		x := &into[i]
		if x.Primary != r.Primary || x.ID == r.ID || x.Undone() || !after(l, x) {
			continue
		}
		for _, o := range x.Others {
			if s, ok := x.Input(o); ok && s.CreatedAt.Before(oldest) {
				oldest = s.CreatedAt
			}
		}
	}
	return oldest
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
	// reason says why a field changed on both sides is a conflict, given
	// its value in the snapshot and as merged; nil: changed by the merge.
	reason func(snap, merged string) string
}

func (u *unmerger) scalar(name, snap, merged, cur string, keep func()) {
	switch {
	case cur == merged:
		// Unchanged since the merge: the snapshot's value, already there.
	case merged == snap:
		keep()
		u.plan.Kept = append(u.plan.Kept, name)
	default:
		reason := fmt.Sprintf("changed by the merge (from %q to %q) and edited since", snap, merged)
		if u.reason != nil {
			reason = u.reason(snap, merged)
		}
		u.plan.Conflicts = append(u.plan.Conflicts, Conflict{Contact: u.id, Field: name, Value: cur, Reason: reason})
	}
}

// addresses applies to the emails (or phones) of snap, the primary first,
// the changes made to them since the merge (see unite), and returns them,
// the primary first; nil when nothing changed, or none is left and snap
// had none. all gives a contact's primary (zero when it has none) and its
// secondary ones. A primary chosen since the merge (a secondary one made
// primary) stays first: an edit, kept, also when the set is as it was.
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
	chosen := -1 // where the primary chosen since is in out
	if len(c) > 0 && (len(m) == 0 || key(c[0]) != key(m[0])) {
		chosen = slices.IndexFunc(out, func(x T) bool { return key(x) == key(c[0]) })
	}
	if len(u.plan.Kept) == kept {
		if chosen <= 0 {
			return nil // unchanged: the snapshot's, as it is
		}
		u.plan.Kept = append(u.plan.Kept, name)
	}
	if chosen > 0 {
		out = slices.Insert(slices.Delete(out, chosen, chosen+1), 0, c[0])
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
