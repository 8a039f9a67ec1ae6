package merge

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/contactkit/contactkit/contact"
)

// ID identifies a merge record: a UUIDv7 in its canonical text form.
type ID string

// String returns id as text.
func (id ID) String() string { return string(id) }

// Record is the durable record of one merge: full snapshots of every
// input as they were before it, the survivor as the merge wrote it, each
// decision, and each record the merge moved or changed. Unmerge reads it.
type Record struct {
	ID        ID
	Workspace contact.WorkspaceID
	Primary   contact.ID
	Others    []contact.ID
	Policy    Policy
	At        time.Time
	By        contact.UserID
	// Inputs are the snapshots of the primary, then the others, as they
	// were before the merge.
	Inputs []contact.Contact
	// Survivor is the primary as the merge wrote it.
	Survivor  contact.Contact
	Decisions []Decision
	Unplaced  []Unplaced
	// BaseCreatedAt is the survivor's creation date before any merge into
	// it gave it an older one (RuleOldest), with what the standing merges
	// of contacts erased since gave it (their records are gone): what an
	// unmerge derives the survivor's creation date from, over the contacts
	// still merged into it (NewUnmergePlan). Every record into one
	// survivor holds the same; zero in a record of a version before it was
	// kept (BaseCreatedAt, the function, then reads the snapshots).
	BaseCreatedAt time.Time
	// Moves are the records the merge moved to the survivor or changed, in
	// the order it wrote them.
	Moves []Move
	// Rebased names the earlier merges into the same survivor undone while
	// this one stood, in the order they were undone: each rewrote this
	// record as if it had never been made (UnmergePlan.Later). Inputs then
	// hold the primary as it would have been before this merge, Survivor,
	// Decisions and Unplaced what the merge gives over it, and Moves the
	// records of this merge's others that the survivor takes in place of
	// those the merge undone had given it. Empty for a record written as
	// the merge was made.
	Rebased []ID `json:",omitempty"`
	// UndoneAt and UndoneBy say when and by whom the merge was undone;
	// zero while it stands.
	UndoneAt time.Time
	UndoneBy contact.UserID
	// Version is the optimistic-concurrency version, set by the store.
	Version int64
}

// Undone reports whether r was undone by an unmerge.
func (r *Record) Undone() bool { return !r.UndoneAt.IsZero() }

// Clone returns a copy of r that shares nothing with it.
func (r *Record) Clone() Record {
	c := *r
	c.Others = slices.Clone(r.Others)
	c.Inputs = make([]contact.Contact, len(r.Inputs))
	for i := range r.Inputs {
		c.Inputs[i] = r.Inputs[i].Clone()
	}
	c.Survivor = r.Survivor.Clone()
	c.Decisions = slices.Clone(r.Decisions)
	c.Unplaced = slices.Clone(r.Unplaced)
	c.Rebased = slices.Clone(r.Rebased)
	c.Moves = make([]Move, len(r.Moves))
	for i, m := range r.Moves {
		m.Before, m.After = slices.Clone(m.Before), slices.Clone(m.After)
		c.Moves[i] = m
	}
	if r.Moves == nil {
		c.Moves = nil
	}
	if r.Inputs == nil {
		c.Inputs = nil
	}
	return c
}

// BaseCreatedAt returns the creation date of contact id before any merge
// into it (Record.BaseCreatedAt), from the merge records into it (into, in
// any order, undone ones included; the others are ignored): that of the
// earliest one (by At, then in the order of into), or when it has none its
// snapshot of id. ok is false when no record of into is into id.
func BaseCreatedAt(id contact.ID, into []Record) (base time.Time, ok bool) {
	first := -1
	for i := range into {
		if into[i].Primary == id && (first < 0 || into[i].At.Before(into[first].At)) {
			first = i
		}
	}
	if first < 0 {
		return time.Time{}, false
	}
	if r := &into[first]; !r.BaseCreatedAt.IsZero() {
		return r.BaseCreatedAt, true
	}
	s, ok := into[first].Input(id)
	return s.CreatedAt, ok
}

// Input returns the snapshot of input id, and whether r has one.
func (r *Record) Input(id contact.ID) (contact.Contact, bool) {
	for _, c := range r.Inputs {
		if c.ID == id {
			return c, true
		}
	}
	return contact.Contact{}, false
}

// Move is one record a merge moved from a merged-away contact to the
// survivor, or changed on the survivor (From equals To): its kind (the
// store kind's name), its ID before and after (a membership's ID holds its
// contact), and the record before and as the merge wrote it, as the kind's
// JSON. After is empty when the merge removed the record (a membership
// united with the survivor's).
type Move struct {
	Kind   string
	ID     string
	NewID  string
	From   contact.ID
	To     contact.ID
	Before json.RawMessage `json:",omitempty"`
	After  json.RawMessage `json:",omitempty"`
}

// Removed reports whether the merge removed the record rather than moved
// it (After is empty).
func (m *Move) Removed() bool { return len(m.After) == 0 || string(m.After) == "null" }

// Tombstone says that contact Contact was merged into Into by merge Merge:
// the merged-away ID resolves to Into.
type Tombstone struct {
	Contact contact.ID
	Into    contact.ID
	Merge   ID
	At      time.Time
	Version int64
}

// Unmerged links an undone merge to a contact it had taken away: the
// merge's record holds a snapshot of that contact, which an erasure of it
// removes, found by the contact without reading every undone merge.
type Unmerged struct {
	Merge   ID
	Contact contact.ID
	At      time.Time // when the merge was undone
	Version int64
}

// ID returns the ID of u's record: its merge's, then its contact's.
func (u *Unmerged) ID() string { return u.Merge.String() + "/" + u.Contact.String() }

// Dismissal records that two contacts are not duplicates, with the values
// they shared when it was said: they are not suggested together again
// unless they come to share another value.
type Dismissal struct {
	// A and B are the pair, A the smaller (contact.ID.Compare).
	A, B contact.ID
	// Keys are the values the pair shared, as MatchKeys gives them.
	Keys    []string
	At      time.Time
	By      contact.UserID
	Version int64
}

// NewDismissal returns the dismissal of the pair a, b that shared keys.
func NewDismissal(a, b contact.ID, keys []string, at time.Time, by contact.UserID) Dismissal {
	if b.Compare(a) < 0 {
		a, b = b, a
	}
	keys = slices.Clone(keys)
	slices.Sort(keys)
	return Dismissal{A: a, B: b, Keys: slices.Compact(keys), At: at, By: by}
}

// PairID returns the ID of the pair a, b, in either order.
func PairID(a, b contact.ID) string {
	if b.Compare(a) < 0 {
		a, b = b, a
	}
	return a.String() + "/" + b.String()
}

// Dismissals is a set of dismissals, by pair.
type Dismissals map[string][]string

// Add adds d to ds.
func (ds Dismissals) Add(d Dismissal) { ds[PairID(d.A, d.B)] = d.Keys }

// Has reports whether a and b were dismissed while they shared key: the
// DetectOptions.Dismissed of ds.
func (ds Dismissals) Has(a, b contact.ID, key string) bool {
	keys, ok := ds[PairID(a, b)]
	return ok && slices.Contains(keys, key)
}

// Shared returns the match keys (MatchKeys) that a and b share, sorted.
func Shared(a, b *contact.Contact) []string {
	bk := MatchKeys(b)
	var out []string
	for _, k := range MatchKeys(a) {
		if slices.Contains(bk, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
