package store

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/tag"
)

// spec describes a kind of record held as a T with IDs of type K: it is the
// Kind a Store sees, and what a Table needs to turn a T into a Record.
type spec[K any, T any] struct {
	name    string
	id      func(K) string
	idOf    func(*T) string
	keys    func(*T) Keys
	version func(*T) *int64
	// withVersion returns its value with the version set: Table.value
	// reads a value through it, as a pointer handed to version would
	// make each value read escape to the heap.
	withVersion func(T, int64) T
	// clone copies a value so that the copy shares nothing mutable with
	// it; nil for a T without slices, maps or pointers, whose values Clone
	// returns as they are (a value in an interface is immutable, and
	// boxing a copy would allocate on every read).
	clone func(*T) T
}

func (s *spec[K, T]) Name() string { return s.name }

func (s *spec[K, T]) Clone(v any) any {
	if s.clone == nil {
		_ = v.(T) // a value of another kind panics, as below
		return v
	}
	t := v.(T) // on the heap: s.clone may keep &t
	return s.clone(&t)
}

func (s *spec[K, T]) Marshal(v any) ([]byte, error) {
	t, ok := v.(T)
	if !ok {
		return nil, fmt.Errorf("store: marshal %s: value is a %T", s.name, v)
	}
	return json.Marshal(t)
}

func (s *spec[K, T]) Unmarshal(data []byte) (any, error) {
	var t T
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("store: unmarshal %s: %w", s.name, err)
	}
	return t, nil
}

// The kinds of record of contactkit. Each is a Kind that Records stores; the
// functions of the same name give the typed Table over it.
var (
	KindField Kind = &fieldSpec
	KindTag   Kind = &tagSpec
	KindList  Kind = &listSpec
	// KindMembership records are listed by list (Parent) and by contact.
	KindMembership Kind = &membershipSpec
	KindConsent    Kind = &consentSpec
	KindAutomation Kind = &automationSpec
	// KindEnrollment records carry the automation and idempotency key as
	// Unique, so that a retried enrol finds the enrollment it made.
	KindEnrollment Kind = &enrollmentSpec
	// KindActivity records are ordered by timeline position.
	KindActivity Kind = &activitySpec
	// KindActivityChange records are the history of activities, listed by
	// activity (Parent).
	KindActivityChange Kind = &activityChangeSpec
	// KindActivityTrash records are the activities in their own trash, in
	// the order they went there (TrashedActivity).
	KindActivityTrash Kind = &activityTrashSpec
	// KindMerge records are the merge records (merge.Record), listed by
	// survivor (Contact), Status StatusActive while the merge stands.
	KindMerge Kind = &mergeSpec
	// KindTombstone records say which contact a merged-away one was merged
	// into: the ID is the merged-away contact's, Parent the survivor's.
	KindTombstone Kind = &tombstoneSpec
	// KindUnmerged records link an undone merge to each contact it had
	// taken away: the ID is merge.Unmerged's, Contact the contact's,
	// Parent the merge's.
	KindUnmerged Kind = &unmergedSpec
	// KindDismissal records are the pairs dismissed as not duplicates.
	KindDismissal Kind = &dismissalSpec
	// KindHolding records are the index of duplicate detection: the match
	// keys that a live, unblocked contact holds in a variant form
	// (merge.Holding), one record by key.
	KindHolding Kind = &holdingSpec
	// KindHoldingBucket records keep the shared holdings of that index
	// (merge.Holding.Shared) again, packed in buckets
	// (merge.HoldingBucket, by merge.BucketOf): what finding duplicates
	// reads, in a few thousand records at most.
	KindHoldingBucket Kind = &holdingBucketSpec
)

// Kinds returns every Kind of contactkit, in a fixed order.
func Kinds() []Kind {
	return []Kind{KindField, KindTag, KindList, KindMembership, KindConsent, KindAutomation, KindEnrollment, KindActivity, KindActivityChange, KindActivityTrash, KindMerge, KindTombstone, KindUnmerged,
		KindDismissal, KindHolding, KindHoldingBucket, KindAssociation, KindFollow, KindStamp}
}

var fieldSpec = spec[field.Key, field.Definition]{
	name: "field",
	id:   field.Key.String,
	idOf: func(d *field.Definition) string { return d.Key.String() },
	keys: func(d *field.Definition) Keys {
		// Listed by Position, then Key: a zero-padded position sorts as a
		// number.
		k := Keys{Order: fmt.Sprintf("%020d", d.Position)}
		if d.Requires() { // required and not archived
			k.Status = StatusRequired
		}
		return k
	},
	version:     func(d *field.Definition) *int64 { return &d.Version },
	withVersion: func(d field.Definition, v int64) field.Definition { d.Version = v; return d },
	clone: func(d *field.Definition) field.Definition {
		c := *d
		c.Options = slices.Clone(d.Options)
		return c
	},
}

var tagSpec = spec[tag.Name, tag.Tag]{
	name:        "tag",
	id:          tag.Name.Key,
	idOf:        func(t *tag.Tag) string { return t.Name.Key() },
	keys:        func(*tag.Tag) Keys { return Keys{} },
	version:     func(t *tag.Tag) *int64 { return &t.Version },
	withVersion: func(t tag.Tag, v int64) tag.Tag { t.Version = v; return t },
}

var listSpec = spec[list.ID, list.List]{
	name:        "list",
	id:          list.ID.String,
	idOf:        func(l *list.List) string { return l.ID.String() },
	keys:        func(*list.List) Keys { return Keys{} },
	version:     func(l *list.List) *int64 { return &l.Version },
	withVersion: func(l list.List, v int64) list.List { l.Version = v; return l },
}

// MembershipKey identifies a membership: its list and its contact.
type MembershipKey struct {
	List    list.ID
	Contact contact.ID
}

func membershipID(k MembershipKey) string { return k.List.String() + "/" + k.Contact.String() }

var membershipSpec = spec[MembershipKey, list.Membership]{
	name: "membership",
	id:   membershipID,
	idOf: func(m *list.Membership) string { return membershipID(MembershipKey{m.List, m.Contact}) },
	keys: func(m *list.Membership) Keys {
		// The ID starts with the list: the members of a list are in order
		// of contact ID, the lists of a contact in order of list ID.
		return Keys{Contact: m.Contact, Parent: m.List.String(), Status: string(m.Status)}
	},
	version:     func(m *list.Membership) *int64 { return &m.Version },
	withVersion: func(m list.Membership, v int64) list.Membership { m.Version = v; return m },
}

func consentID(a list.Address) string { return string(a.Channel) + ":" + a.Value }

var consentSpec = spec[list.Address, list.Consent]{
	name: "consent",
	id:   consentID,
	idOf: func(c *list.Consent) string { return consentID(c.Address) },
	keys: func(c *list.Consent) Keys {
		return Keys{Parent: string(c.Address.Channel), Status: string(c.Status)}
	},
	version:     func(c *list.Consent) *int64 { return &c.Version },
	withVersion: func(c list.Consent, v int64) list.Consent { c.Version = v; return c },
}

// Statuses as Keys.Status holds them: of automations and enrollments
// (active or inactive), and of required field definitions.
const (
	StatusActive   = "active"
	StatusInactive = "inactive"
	StatusRequired = "required"
	// StatusTrashed is the Status of an activity in its trash, in place of
	// its kind.
	StatusTrashed = "trashed"
)

var automationSpec = spec[automation.ID, automation.Automation]{
	name: "automation",
	id:   automation.ID.String,
	idOf: func(a *automation.Automation) string { return a.ID.String() },
	keys: func(a *automation.Automation) Keys {
		if a.Active {
			return Keys{Status: StatusActive}
		}
		return Keys{Status: StatusInactive}
	},
	version:     func(a *automation.Automation) *int64 { return &a.Version },
	withVersion: func(a automation.Automation, v int64) automation.Automation { a.Version = v; return a },
	clone:       func(a *automation.Automation) automation.Automation { return a.Clone() },
}

// EnrollmentKey returns the Unique key of the enrollment into automation a
// made with the idempotency key key.
func EnrollmentKey(a automation.ID, key string) string {
	return a.String() + "/" + strconv.Quote(key)
}

var enrollmentSpec = spec[automation.EnrollmentID, automation.Enrollment]{
	name: "enrollment",
	id:   automation.EnrollmentID.String,
	idOf: func(e *automation.Enrollment) string { return e.ID.String() },
	keys: func(e *automation.Enrollment) Keys {
		k := Keys{Contact: e.Contact, Parent: e.Automation.String(), Status: StatusInactive}
		if e.Active() {
			k.Status = StatusActive
		}
		if e.IdempotencyKey != "" {
			k.Unique = EnrollmentKey(e.Automation, e.IdempotencyKey)
		}
		return k
	},
	version:     func(e *automation.Enrollment) *int64 { return &e.Version },
	withVersion: func(e automation.Enrollment, v int64) automation.Enrollment { e.Version = v; return e },
	clone:       func(e *automation.Enrollment) automation.Enrollment { return e.Clone() },
}

var activitySpec = spec[activity.ID, activity.Activity]{
	name: "activity",
	id:   activity.ID.String,
	idOf: func(a *activity.Activity) string { return a.ID.String() },
	keys: func(a *activity.Activity) Keys {
		k := Keys{Contact: a.Contact, Status: string(a.Kind), Order: activity.PositionOf(a).Key()}
		if a.Trashed() {
			k.Status = StatusTrashed
		}
		return k
	},
	version:     func(a *activity.Activity) *int64 { return &a.Version },
	withVersion: func(a activity.Activity, v int64) activity.Activity { a.Version = v; return a },
	clone:       func(a *activity.Activity) activity.Activity { return a.Clone() },
}

// TrashedActivity is the place of an activity in the activity trash of its
// workspace: the Service writes one when an activity goes to its own
// trash and removes it when the activity leaves it, so that the
// activities past their restore window are read first, without the rest
// of the trash.
type TrashedActivity struct {
	Activity  activity.ID
	DeletedAt time.Time      // the activity's
	By        contact.UserID // who deleted it
	Version   int64
}

// TrashOrder is the Keys.Order of a TrashedActivity deleted at t: t in UTC
// to the microsecond, fixed width, so that the order of the strings is
// that of the times.
func TrashOrder(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

var activityTrashSpec = spec[activity.ID, TrashedActivity]{
	name:        "activity-trash",
	id:          activity.ID.String,
	idOf:        func(t *TrashedActivity) string { return t.Activity.String() },
	keys:        func(t *TrashedActivity) Keys { return Keys{Order: TrashOrder(t.DeletedAt)} },
	version:     func(t *TrashedActivity) *int64 { return &t.Version },
	withVersion: func(t TrashedActivity, v int64) TrashedActivity { t.Version = v; return t },
}

// ActivityChangeKey identifies an entry of an activity's history: the
// activity, the revision the entry records and its field.
type ActivityChangeKey struct {
	Activity activity.ID
	Revision int64
	Field    string
}

func revisionKey(n int64) string { return fmt.Sprintf("%020d", n) }

func activityChangeID(k ActivityChangeKey) string {
	return k.Activity.String() + "/" + revisionKey(k.Revision) + "/" + k.Field
}

var activityChangeSpec = spec[ActivityChangeKey, activity.Change]{
	name: "activity_change",
	id:   activityChangeID,
	idOf: func(c *activity.Change) string {
		return activityChangeID(ActivityChangeKey{c.Activity, c.Revision, c.Field})
	},
	keys: func(c *activity.Change) Keys {
		// Listed by revision, then field: the ID ends with the field.
		return Keys{Parent: c.Activity.String(), Order: revisionKey(c.Revision)}
	},
	version:     func(c *activity.Change) *int64 { return &c.Version },
	withVersion: func(c activity.Change, v int64) activity.Change { c.Version = v; return c },
}

// Fields returns the table of custom field definitions of rs, listed by
// Position, then Key; Query.Status StatusRequired selects the required ones
// that are not archived (field.Definition.Requires).
func Fields(rs Records) Table[field.Key, field.Definition] {
	return Table[field.Key, field.Definition]{rs, &fieldSpec}
}

// Tags returns the table of tags of rs, identified and listed by their
// name's Key.
func Tags(rs Records) Table[tag.Name, tag.Tag] { return Table[tag.Name, tag.Tag]{rs, &tagSpec} }

// Lists returns the table of lists of rs, listed by ID.
func Lists(rs Records) Table[list.ID, list.List] { return Table[list.ID, list.List]{rs, &listSpec} }

// Memberships returns the table of list memberships of rs: Query.Parent
// selects a list's members (by list.ID.String), Query.Contact a contact's
// lists, Query.Status a list.Status.
func Memberships(rs Records) Table[MembershipKey, list.Membership] {
	return Table[MembershipKey, list.Membership]{rs, &membershipSpec}
}

// Consent returns the consent ledger of rs: one entry per address, listed by
// channel and address. Query.Parent selects a channel, Query.Status a
// list.ConsentStatus.
func Consent(rs Records) Table[list.Address, list.Consent] {
	return Table[list.Address, list.Consent]{rs, &consentSpec}
}

// Automations returns the table of automations of rs, listed by ID;
// Query.Status is StatusActive or StatusInactive.
func Automations(rs Records) Table[automation.ID, automation.Automation] {
	return Table[automation.ID, automation.Automation]{rs, &automationSpec}
}

// Enrollments returns the table of enrollments of rs, listed by ID:
// Query.Contact selects a contact's, Query.Parent an automation's (by
// automation.ID.String), Query.Status StatusActive or StatusInactive, and
// Query.Unique the one with an EnrollmentKey.
func Enrollments(rs Records) Table[automation.EnrollmentID, automation.Enrollment] {
	return Table[automation.EnrollmentID, automation.Enrollment]{rs, &enrollmentSpec}
}

// Activities returns the table of activities of rs: Query.Contact selects
// a contact's timeline, in timeline order (activity.Compare); Query.Status
// an activity.Kind among the live activities, or StatusTrashed the
// activities in their trash, of every kind.
func Activities(rs Records) Table[activity.ID, activity.Activity] {
	return Table[activity.ID, activity.Activity]{rs, &activitySpec}
}

// ActivityTrash returns the table of the activities of rs in their own
// trash, by activity, listed in the order they went there
// (TrashedActivity).
func ActivityTrash(rs Records) Table[activity.ID, TrashedActivity] {
	return Table[activity.ID, TrashedActivity]{rs, &activityTrashSpec}
}

// ActivityChanges returns the history of the activities of rs:
// Query.Parent (an activity.ID's String) selects an activity's entries, in
// order of revision, then field.
func ActivityChanges(rs Records) Table[ActivityChangeKey, activity.Change] {
	return Table[ActivityChangeKey, activity.Change]{rs, &activityChangeSpec}
}

// Table is a typed view of one Kind of Records: it turns a T into a Record
// with the kind's keys and back. K is the type of the IDs of T.
type Table[K any, T any] struct {
	rs   Records
	spec *spec[K, T]
}

// Kind returns the kind of the records of t.
func (t Table[K, T]) Kind() Kind { return t.spec }

// Ref names the record of id, for a Prefetch.
func (t Table[K, T]) Ref(id K) RecordRef { return RecordRef{t.spec, t.spec.id(id)} }

func (t Table[K, T]) value(r Record) (T, error) {
	v, ok := r.Value.(T)
	if !ok {
		var zero T
		return zero, fmt.Errorf("store: %s %s holds a %T", t.spec.name, r.ID, r.Value)
	}
	return t.spec.withVersion(v, r.Version), nil
}

// Get returns the record id of ws, or ErrNotFound.
func (t Table[K, T]) Get(ctx context.Context, ws contact.WorkspaceID, id K) (T, error) {
	r, err := t.rs.Get(ctx, ws, t.spec, t.spec.id(id))
	if err != nil {
		var zero T
		return zero, err
	}
	return t.value(r)
}

// Put writes v as Records.Put says: a creation when its version is 0, else
// a compare-and-set. On success v's version is the stored one.
func (t Table[K, T]) Put(ctx context.Context, ws contact.WorkspaceID, v *T) error {
	version := t.spec.version(v)
	r := Record{ID: t.spec.idOf(v), Version: *version, Keys: t.spec.keys(v), Value: *v}
	if err := t.rs.Put(ctx, ws, t.spec, &r); err != nil {
		return err
	}
	*version = r.Version
	return nil
}

// Delete removes v, if its version is the stored one.
func (t Table[K, T]) Delete(ctx context.Context, ws contact.WorkspaceID, v *T) error {
	return t.rs.Delete(ctx, ws, t.spec, t.spec.idOf(v), *t.spec.version(v))
}

// List returns one page of the records of ws that q selects.
func (t Table[K, T]) List(ctx context.Context, ws contact.WorkspaceID, q Query, p PageRequest) (Page[T], error) {
	page, err := t.rs.List(ctx, ws, t.spec, q, p)
	if err != nil {
		return Page[T]{}, err
	}
	out := Page[T]{Items: make([]T, 0, len(page.Items)), Next: page.Next}
	for _, r := range page.Items {
		v, err := t.value(r)
		if err != nil {
			return Page[T]{}, err
		}
		out.Items = append(out.Items, v)
	}
	return out, nil
}

// All iterates over every record of ws that q selects, in pages of
// MaxLimit (see the function All).
func (t Table[K, T]) All(ctx context.Context, ws contact.WorkspaceID, q Query) iter.Seq2[T, error] {
	return All(ctx, MaxLimit, func(ctx context.Context, p PageRequest) (Page[T], error) {
		return t.List(ctx, ws, q, p)
	})
}

var mergeSpec = spec[merge.ID, merge.Record]{
	name: "merge",
	id:   merge.ID.String,
	idOf: func(r *merge.Record) string { return r.ID.String() },
	keys: func(r *merge.Record) Keys {
		k := Keys{Contact: r.Primary, Status: StatusActive}
		if r.Undone() {
			k.Status = StatusInactive
		}
		return k
	},
	version:     func(r *merge.Record) *int64 { return &r.Version },
	withVersion: func(r merge.Record, v int64) merge.Record { r.Version = v; return r },
	clone:       func(r *merge.Record) merge.Record { return r.Clone() },
}

var tombstoneSpec = spec[contact.ID, merge.Tombstone]{
	name: "tombstone",
	id:   contact.ID.String,
	idOf: func(t *merge.Tombstone) string { return t.Contact.String() },
	keys: func(t *merge.Tombstone) Keys {
		return Keys{Contact: t.Contact, Parent: t.Into.String(), Status: t.Merge.String()}
	},
	version:     func(t *merge.Tombstone) *int64 { return &t.Version },
	withVersion: func(t merge.Tombstone, v int64) merge.Tombstone { t.Version = v; return t },
}

var unmergedSpec = spec[string, merge.Unmerged]{
	name:        "unmerged",
	id:          func(s string) string { return s },
	idOf:        (*merge.Unmerged).ID,
	keys:        func(u *merge.Unmerged) Keys { return Keys{Contact: u.Contact, Parent: u.Merge.String()} },
	version:     func(u *merge.Unmerged) *int64 { return &u.Version },
	withVersion: func(u merge.Unmerged, v int64) merge.Unmerged { u.Version = v; return u },
}

var dismissalSpec = spec[string, merge.Dismissal]{
	name:        "dismissal",
	id:          func(s string) string { return s },
	idOf:        func(d *merge.Dismissal) string { return merge.PairID(d.A, d.B) },
	keys:        func(d *merge.Dismissal) Keys { return Keys{Contact: d.A, Parent: d.B.String()} },
	version:     func(d *merge.Dismissal) *int64 { return &d.Version },
	withVersion: func(d merge.Dismissal, v int64) merge.Dismissal { d.Version = v; return d },
	clone: func(d *merge.Dismissal) merge.Dismissal {
		c := *d
		c.Keys = slices.Clone(d.Keys)
		return c
	},
}

var holdingBucketSpec = spec[string, merge.HoldingBucket]{
	name:        "holding-bucket",
	id:          func(s string) string { return s },
	idOf:        func(b *merge.HoldingBucket) string { return b.ID },
	keys:        func(*merge.HoldingBucket) Keys { return Keys{} },
	version:     func(b *merge.HoldingBucket) *int64 { return &b.Version },
	withVersion: func(b merge.HoldingBucket, v int64) merge.HoldingBucket { b.Version = v; return b },
	// No clone: its holdings are an immutable string.
}

var holdingSpec = spec[string, merge.Holding]{
	name:        "holding",
	id:          func(s string) string { return s },
	idOf:        func(h *merge.Holding) string { return h.Key },
	keys:        func(*merge.Holding) Keys { return Keys{} },
	version:     func(h *merge.Holding) *int64 { return &h.Version },
	withVersion: func(h merge.Holding, v int64) merge.Holding { h.Version = v; return h },
	clone: func(h *merge.Holding) merge.Holding {
		c := *h
		c.Holders = slices.Clone(h.Holders)
		return c
	},
}

// Merges returns the table of merge records of rs, listed by ID (UUIDv7:
// in time order): Query.Contact selects a survivor's, Query.Status
// StatusActive those that stand and StatusInactive those undone.
func Merges(rs Records) Table[merge.ID, merge.Record] {
	return Table[merge.ID, merge.Record]{rs, &mergeSpec}
}

// Tombstones returns the table of merged-away contacts of rs, by the
// merged-away contact's ID: Query.Parent (a contact.ID's String) selects
// those merged into a contact, Query.Status (a merge.ID) those of a merge.
func Tombstones(rs Records) Table[contact.ID, merge.Tombstone] {
	return Table[contact.ID, merge.Tombstone]{rs, &tombstoneSpec}
}

// Unmerges returns the table of the links of undone merges to the contacts
// they had taken away, by merge.Unmerged's ID: Query.Contact selects a
// contact's, Query.Parent (a merge.ID's String) a merge's.
func Unmerges(rs Records) Table[string, merge.Unmerged] {
	return Table[string, merge.Unmerged]{rs, &unmergedSpec}
}

// Dismissals returns the table of pairs dismissed as not duplicates, by
// merge.PairID.
func Dismissals(rs Records) Table[string, merge.Dismissal] {
	return Table[string, merge.Dismissal]{rs, &dismissalSpec}
}

// Holdings returns the table of the index of duplicate detection
// (merge.Holding), by match key.
func Holdings(rs Records) Table[string, merge.Holding] {
	return Table[string, merge.Holding]{rs, &holdingSpec}
}

// HoldingBuckets returns the table of the buckets of the shared holdings
// of the index of duplicate detection (merge.HoldingBucket), by bucket ID.
func HoldingBuckets(rs Records) Table[string, merge.HoldingBucket] {
	return Table[string, merge.HoldingBucket]{rs, &holdingBucketSpec}
}

// RecordOf returns v, a value of kind k (one of the kinds of this
// package), as its typed table puts it: ID, Version, Keys and Value. It
// lets a caller that handles records of several kinds alike (a merge
// moving them) write them with Records.Put.
func RecordOf(k Kind, v any) (Record, error) {
	r, ok := k.(interface{ record(v any) (Record, bool) })
	if !ok {
		return Record{}, fmt.Errorf("store: %s is not a kind of contactkit", k.Name())
	}
	out, ok := r.record(v)
	if !ok {
		return Record{}, fmt.Errorf("store: a %T is not a %s", v, k.Name())
	}
	return out, nil
}

func (s *spec[K, T]) record(v any) (Record, bool) {
	t, ok := v.(T)
	if !ok {
		return Record{}, false
	}
	return Record{ID: s.idOf(&t), Version: *s.version(&t), Keys: s.keys(&t), Value: t}, true
}
