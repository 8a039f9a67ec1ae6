package contactkit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// The actions of merge history and unmerge: owners and managers only,
// by DefaultAuthorize.
const (
	// ActionReadMergeHistory: reading merge records (MergeHistory, GetMerge),
	// which hold full snapshots of the merged contacts.
	ActionReadMergeHistory Action = "merges.read"
	// ActionUnmergeContacts: undoing a merge.
	ActionUnmergeContacts Action = "contacts.unmerge"
)

// ReasonMerged is the reason recorded on an enrollment ended by a merge (the
// survivor already had an active enrollment in the same automation), and
// the Reason of the ContactBlocked of a survivor that a merge blocked.
const ReasonMerged = "contact merged"

// ErrMerged is returned for a contact that was merged into another: it
// cannot be merged, restored from the trash or changed. ResolveContact gives
// its survivor. The error matches ErrConflict too.
var ErrMerged = errors.New("contact was merged into another")

// ContactsMerged is emitted when contacts are merged: Contact is the
// survivor, Others the merged-away contacts.
type ContactsMerged struct {
	EventMeta
	Merge    merge.ID
	Others   []contact.ID
	Snapshot contact.Contact // the survivor as committed
}

// ContactsUnmerged is emitted when a merge is undone: Contact is the
// survivor, now the primary again, Others the contacts restored.
type ContactsUnmerged struct {
	EventMeta
	Merge  merge.ID
	Others []contact.ID
}

// MergeRequest names the contacts to merge: the primary, which survives,
// and the others, in the order in which they fill the primary's blanks.
type MergeRequest struct {
	Primary contact.ID
	Others  []contact.ID
	// Policy is the survivorship policy; zero means merge.PolicyPrimary.
	Policy merge.Policy
}

// ListPlan is what a merge does to one list: the survivor's membership
// status, united from the inputs' (merge.UniteStatus), and the inputs that
// are members.
type ListPlan struct {
	List    list.ID
	Status  list.Status
	Members []contact.ID
}

// MergePreview is a merge as PreviewMerge computes it, with nothing
// written: the plan of the survivor, the lists, how many records of each
// kind move, and the versions of the inputs it saw. MergeContacts commits
// exactly it, also when it comes back through JSON (from a host's UI).
type MergePreview struct {
	Request  MergeRequest
	Plan     merge.Plan
	Lists    []ListPlan
	Moves    map[string]int // kind name → records that move
	Versions map[contact.ID]int64
}

// UnmergeResult is what UnmergeContacts restored: the primary (with the
// edits kept, Kept naming their fields) and the others. Gone names the
// records the merge moved that were removed since ("activity <id>",
// "membership <id>", …): they stay removed.
type UnmergeResult struct {
	Merge   merge.ID
	Primary contact.Contact
	Others  []contact.Contact
	Kept    []string
	Gone    []string
}

// UnmergeError is returned when a merge cannot be undone: it names every
// problem, and nothing was changed. It matches ErrConflict.
type UnmergeError struct {
	Merge     merge.ID
	Conflicts []merge.Conflict
}

func (e *UnmergeError) Error() string {
	parts := make([]string, len(e.Conflicts))
	for i, c := range e.Conflicts {
		parts[i] = c.String()
	}
	return fmt.Sprintf("merge %s cannot be undone: %s", e.Merge, strings.Join(parts, "; "))
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *UnmergeError) Is(target error) bool { return target == ErrConflict }

// DuplicateOptions tune FindDuplicates and SuggestDuplicates; nil means the
// defaults.
type DuplicateOptions struct {
	// Limit is merge.DetectOptions.Limit: a value held by more contacts is
	// a placeholder. Zero means merge.DefaultLimit; a negative one is an
	// invalid input.
	Limit int
	// FromScratch makes the call read every contact of the workspace
	// instead of the index of shared values that the Service keeps: slower,
	// with the same answer. It is there to check the index.
	FromScratch bool
}

// FindDuplicates finds the groups of live, unblocked contacts of the
// workspace that share an email or phone, primary or secondary, emails
// compared in matching form (merge.MatchKeys), and the placeholders. A pair
// dismissed with DismissDuplicate is not joined by the values it shared
// then. Groups come in the order of their smallest contact ID.
//
// It reads the index of shared values that every write of a contact keeps
// up to date, not every contact. The first call in a workspace whose
// contacts were written before that index existed builds it, reading every
// contact once.
func (s *Service) FindDuplicates(ctx context.Context, a Actor, opts *DuplicateOptions) (merge.Result, error) {
	const op = "find duplicates"
	do := &merge.DetectOptions{}
	if opts != nil {
		if opts.Limit < 0 {
			return merge.Result{}, s.refuse(ctx, a, op, "", invalid(fmt.Errorf("negative limit %d", opts.Limit)))
		}
		do.Limit = opts.Limit
	}
	var out merge.Result
	// dismissals sets do.Dismissed from the dismissals of the workspace,
	// each of the contacts its pair is now: a contact merged away since
	// the dismissal is its survivor, which holds its addresses (M1).
	dismissals := func(tx store.Tx) error {
		ds := merge.Dismissals{}
		for d, err := range store.Dismissals(tx.Records()).All(ctx, a.Workspace, store.Query{}) {
			if err != nil {
				return err
			}
			x, err := survivorOf(ctx, tx, a.Workspace, d.A)
			if err != nil {
				return err
			}
			y, err := survivorOf(ctx, tx, a.Workspace, d.B)
			if err != nil {
				return err
			}
			if x != y {
				ds.Add(merge.NewDismissal(x, y, append(ds[merge.PairID(x, y)], d.Keys...), d.At, d.By))
			}
		}
		do.Dismissed = nil
		if len(ds) > 0 {
			do.Dismissed = ds.Has
		}
		return nil
	}
	if opts != nil && opts.FromScratch {
		err := s.view(ctx, a, op, "", func(tx store.Tx) error {
			var entries []merge.Entry
			for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
				return tx.Contacts().List(ctx, a.Workspace, store.ContactQuery{}, p)
			}) {
				if err != nil {
					return err
				}
				if !c.Blocked() {
					entries = append(entries, merge.EntryOf(&c))
				}
			}
			if err := dismissals(tx); err != nil {
				return err
			}
			out = merge.Detect(entries, do)
			return nil
		})
		return out, err
	}
	built := false
	err := s.view(ctx, a, op, "", func(tx store.Tx) error {
		hs, ok, err := sharedHoldings(ctx, tx, a.Workspace)
		if !ok || err != nil {
			return err
		}
		built = true
		if err := dismissals(tx); err != nil {
			return err
		}
		out = merge.DetectHoldings(hs, do)
		return nil
	})
	if err != nil || built {
		return out, err
	}
	err = s.update(ctx, a, op, "", func(ch *change) error {
		hs, ok, err := sharedHoldings(ctx, ch.tx, a.Workspace)
		if err != nil {
			return err
		}
		if !ok {
			if hs, err = buildHoldings(ctx, ch.tx, a.Workspace); err != nil {
				return err
			}
		}
		if err := dismissals(ch.tx); err != nil {
			return err
		}
		out = merge.DetectHoldings(hs, do)
		return nil
	})
	return orZero(out, err)
}

// SuggestDuplicates iterates over the groups FindDuplicates finds, each
// with its reasons. An error is yielded once, last.
func (s *Service) SuggestDuplicates(ctx context.Context, a Actor, opts *DuplicateOptions) iter.Seq2[merge.Group, error] {
	return func(yield func(merge.Group, error) bool) {
		r, err := s.FindDuplicates(ctx, a, opts)
		if err != nil {
			yield(merge.Group{}, fmt.Errorf("suggest duplicates: %w", err))
			return
		}
		for _, g := range r.Groups {
			if !yield(g, nil) {
				return
			}
		}
	}
}

// DismissDuplicate records that contacts x and y are not duplicates, with
// the values they share now: they are not suggested together again unless
// they come to share another value. Dismissing a pair again adds the
// values shared since.
func (s *Service) DismissDuplicate(ctx context.Context, a Actor, x, y contact.ID) (merge.Dismissal, error) {
	var out merge.Dismissal
	err := s.update(ctx, a, "dismiss duplicate "+x.String()+" "+y.String(), "", func(ch *change) error {
		if x == y {
			return invalid(merge.ErrSelf)
		}
		cx, err := live(ctx, ch.tx, a.Workspace, x)
		if err != nil {
			return err
		}
		cy, err := live(ctx, ch.tx, a.Workspace, y)
		if err != nil {
			return err
		}
		t := store.Dismissals(ch.tx.Records())
		d := merge.NewDismissal(x, y, merge.Shared(&cx, &cy), ch.now, a.User)
		old, err := t.Get(ctx, a.Workspace, merge.PairID(x, y))
		switch {
		case err == nil:
			d = merge.NewDismissal(x, y, append(old.Keys, d.Keys...), ch.now, a.User)
			d.Version = old.Version
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		if err := t.Put(ctx, a.Workspace, &d); err != nil {
			return err
		}
		out = d
		return nil
	})
	return orZero(out, err)
}

// ResolveContact returns the contact that id is now: id itself, or, for a
// contact merged into another, the survivor (chains collapse: a survivor
// merged in turn resolves to its own survivor). It returns ErrNotFound for
// an ID the workspace does not have.
func (s *Service) ResolveContact(ctx context.Context, a Actor, id contact.ID) (contact.ID, error) {
	out := id
	err := s.view(ctx, a, "resolve contact "+id.String(), "", func(tx store.Tx) (err error) {
		out, err = resolve(ctx, tx, a.Workspace, id)
		return err
	})
	return orZero(out, err)
}

func resolve(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, id contact.ID) (contact.ID, error) {
	for range 64 {
		t, err := store.Tombstones(tx.Records()).Get(ctx, ws, id)
		if errors.Is(err, store.ErrNotFound) {
			_, err := tx.Contacts().Get(ctx, ws, id)
			return id, err
		}
		if err != nil {
			return id, err
		}
		id = t.Into
	}
	return id, conflictf("a chain of merges too long")
}

// survivorOf returns the contact that id was merged into, or id itself if
// it was not merged away.
func survivorOf(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, id contact.ID) (contact.ID, error) {
	t, err := store.Tombstones(tx.Records()).Get(ctx, ws, id)
	switch {
	case err == nil:
		return t.Into, nil // chains collapse: Into is not merged away
	case errors.Is(err, store.ErrNotFound):
		return id, nil
	}
	return id, err
}

// refuseMerged returns ErrMerged if contact id was merged away.
func refuseMerged(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, id contact.ID) error {
	t, err := store.Tombstones(tx.Records()).Get(ctx, ws, id)
	switch {
	case err == nil:
		return fmt.Errorf("%w: %s into %s", ErrMerged, id, t.Into)
	case errors.Is(err, store.ErrNotFound):
		return nil
	}
	return err
}

// PreviewMerge computes the merge of req without writing anything: the
// survivor field by field with the rule of each decision, the lists, the
// records that move, and what the survivor cannot hold. Pass it to
// MergeContacts to commit it. A request that names no other contact, the
// primary among the others, a contact twice or an unknown policy gives a
// *ValidationError holding merge.ErrNoOthers, merge.ErrSelf,
// merge.ErrTwice or contact.ErrInvalid.
func (s *Service) PreviewMerge(ctx context.Context, a Actor, req MergeRequest) (MergePreview, error) {
	var out MergePreview
	err := s.view(ctx, a, "preview merge into "+req.Primary.String(), "", func(tx store.Tx) (err error) {
		out, _, err = s.preview(ctx, tx, a.Workspace, req)
		return err
	})
	return orZero(out, err)
}

// inputs of a merge as read in its transaction.
type mergeInputs struct {
	contacts    []contact.Contact // primary first
	memberships [][]list.Membership
	activities  [][]activity.Activity
	enrollments [][]automation.Enrollment
	tombstones  [][]merge.Tombstone // of contacts merged into each other before
	links       [][]association.Association
	follows     [][]association.Follow
}

func (s *Service) preview(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, req MergeRequest) (MergePreview, *mergeInputs, error) {
	// A request that cannot be merged whatever the contacts is bad input.
	ids := append([]contact.ID{req.Primary}, req.Others...)
	if len(req.Others) == 0 {
		return MergePreview{}, nil, invalid(merge.ErrNoOthers)
	}
	for i, id := range ids {
		if i > 0 && id == req.Primary {
			return MergePreview{}, nil, invalid(fmt.Errorf("%w: %s", merge.ErrSelf, id))
		}
		if slices.Index(ids, id) < i {
			return MergePreview{}, nil, invalid(fmt.Errorf("%w: %s", merge.ErrTwice, id))
		}
	}
	in := &mergeInputs{}
	rs := tx.Records()
	for _, id := range ids {
		c, err := tx.Contacts().Get(ctx, ws, id)
		if err != nil {
			return MergePreview{}, nil, fmt.Errorf("contact %s: %w", id, err)
		}
		if c.Trashed() {
			// M5: an input in the trash, or merged away, is refused as
			// merge.NewPlan refuses it, and as every call that changes a
			// contact refuses it (live).
			if _, err := live(ctx, tx, ws, id); err != nil {
				return MergePreview{}, nil, fmt.Errorf("contact %s: %w: %w", id, merge.ErrTrashed, err)
			}
		}
		in.contacts = append(in.contacts, c)
		ms, err := ofContact(ctx, store.Memberships(rs), ws, id)
		if err != nil {
			return MergePreview{}, nil, err
		}
		acts, err := ofContact(ctx, store.Activities(rs), ws, id)
		if err != nil {
			return MergePreview{}, nil, err
		}
		ens, err := ofContact(ctx, store.Enrollments(rs), ws, id)
		if err != nil {
			return MergePreview{}, nil, err
		}
		var tombs []merge.Tombstone
		for t, err := range store.Tombstones(rs).All(ctx, ws, store.Query{Parent: id.String()}) {
			if err != nil {
				return MergePreview{}, nil, err
			}
			tombs = append(tombs, t)
		}
		links, err := ofContact(ctx, store.Associations(rs), ws, id)
		if err != nil {
			return MergePreview{}, nil, err
		}
		follows, err := ofContact(ctx, store.Follows(rs), ws, id)
		if err != nil {
			return MergePreview{}, nil, err
		}
		in.links = append(in.links, links)
		in.follows = append(in.follows, follows)
		in.memberships = append(in.memberships, ms)
		in.activities = append(in.activities, acts)
		in.enrollments = append(in.enrollments, ens)
		in.tombstones = append(in.tombstones, tombs)
	}
	pin := merge.PlanInput{Primary: in.contacts[0], Others: in.contacts[1:], Policy: req.Policy,
		TagLimit: s.opts.Limits.Tags.WithDefaults().PerContact}
	if req.Policy == merge.PolicyMostRecent {
		changed, err := lastChanges(ctx, tx, ws, ids)
		if err != nil {
			return MergePreview{}, nil, err
		}
		pin.Changed = func(id contact.ID, f string) time.Time { return changed[id][f] }
	}
	plan, err := merge.NewPlan(pin)
	if err != nil {
		// The inputs are live contacts of the workspace: what NewPlan
		// refuses is the request (its policy).
		return MergePreview{}, nil, invalid(err)
	}
	p := MergePreview{Request: req, Plan: plan, Moves: map[string]int{}, Versions: map[contact.ID]int64{}}
	p.Request.Others = slices.Clone(req.Others)
	for i, c := range in.contacts {
		p.Versions[c.ID] = c.Version
		for _, m := range in.memberships[i] {
			j := slices.IndexFunc(p.Lists, func(l ListPlan) bool { return l.List == m.List })
			if j < 0 {
				p.Lists = append(p.Lists, ListPlan{List: m.List, Status: m.Status})
				j = len(p.Lists) - 1
			}
			p.Lists[j].Status = merge.UniteStatus(p.Lists[j].Status, m.Status)
			p.Lists[j].Members = append(p.Lists[j].Members, c.ID)
		}
		if i > 0 {
			p.Moves[store.KindActivity.Name()] += len(in.activities[i])
			p.Moves[store.KindEnrollment.Name()] += len(in.enrollments[i])
			p.Moves[store.KindMembership.Name()] += len(in.memberships[i])
			p.Moves[store.KindTombstone.Name()] += len(in.tombstones[i])
			p.Moves[store.KindAssociation.Name()] += len(in.links[i])
			p.Moves[store.KindFollow.Name()] += len(in.follows[i])
		}
	}
	return p, in, nil
}

// lastChanges returns when each field of each contact last changed, by its
// property history: a field set at the contact's creation changed then.
func lastChanges(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, ids []contact.ID) (map[contact.ID]map[string]time.Time, error) {
	out := map[contact.ID]map[string]time.Time{}
	var changes []contact.Change
	for _, id := range ids {
		m := map[string]time.Time{}
		for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
			return tx.History().List(ctx, ws, id, "", p)
		}) {
			if err != nil {
				return nil, err
			}
			changes = c.Expand(changes[:0])
			for _, c := range changes {
				if c.At.After(m[c.Field]) {
					m[c.Field] = c.At
				}
			}
		}
		out[id] = m
	}
	return out, nil
}

// lastChangesWithout returns, for an unmerge of rec, when each field of
// each input of a later merge into its survivor that stands and was made
// with merge.PolicyMostRecent last changed before that merge, by the
// property history (as lastChanges), leaving out what rec, the merges
// into the survivor undone before it and the later ones changed there
// (their entries of the instant they were made; the replay counts those of
// the later ones as it makes them): the replay of the later merge without rec
// compares its inputs as it would have had rec never been made
// (merge.NewUnmergePlanChanged). It is nil when no such merge stands.
func lastChangesWithout(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, rec *merge.Record, into []merge.Record) (merge.LastChange, error) {
	skip := map[int64]bool{rec.At.UnixNano(): true}
	var ids []contact.ID
	for i := range into {
		x := &into[i]
		switch {
		case x.Primary != rec.Primary || x.ID == rec.ID:
		case x.Undone():
			skip[x.At.UnixNano()] = true
		case x.At.After(rec.At):
			// A later merge: its changes of the survivor are counted as
			// its replay makes them (merge.LastChange).
			skip[x.At.UnixNano()] = true
			if x.Policy != merge.PolicyMostRecent {
				break
			}
			for _, c := range x.Inputs {
				if !slices.Contains(ids, c.ID) {
					ids = append(ids, c.ID)
				}
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	history := map[contact.ID][]contact.Change{}
	for _, id := range ids {
		for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
			return tx.History().List(ctx, ws, id, "", p)
		}) {
			if err != nil {
				return nil, err
			}
			history[id] = c.Expand(history[id])
		}
	}
	return func(l *merge.Record, id contact.ID, field string) time.Time {
		var last time.Time
		for _, c := range history[id] {
			if c.Field == field && c.At.Before(l.At) && c.At.After(last) && (id != rec.Primary || !skip[c.At.UnixNano()]) {
				last = c.At
			}
		}
		return last
	}, nil
}

// MergeContacts commits the merge p previews, in one transaction: the
// others go to the trash as merged tombstones (their IDs resolve to the
// survivor; their addresses become the survivor's secondary ones), their
// notes, tasks and enrollments move to the survivor (of two active
// enrollments in one automation, the primary's stays and the other ends
// with ReasonMerged), their associations and followers move to the
// survivor (the survivor keeps its own association with a record, and its
// own follow by a user, over a moved one), list memberships are united with
// the most restrictive status (each change of the survivor's is recorded in
// its property history and emits ListStatusChanged; no trigger fires), the
// host's Cascades run their Merge
// handlers, and a merge record keeps everything unmerge needs. The consent
// ledger is not touched:
// every unsubscribe still applies to its address. If anything changed since
// the preview, it returns an error matching ErrConflict and writes nothing;
// a contact the preview names that no longer exists (erased since) is not
// found (ErrNotFound), as PreviewMerge says.
func (s *Service) MergeContacts(ctx context.Context, a Actor, p MergePreview) (merge.Record, error) {
	var out merge.Record
	err := s.update(ctx, a, "merge into "+p.Request.Primary.String(), "", func(ch *change) error {
		ch.actor.Source = contact.ChangeMerge
		fresh, in, err := s.preview(ctx, ch.tx, a.Workspace, p.Request)
		if errors.Is(err, ErrTrashed) || errors.Is(err, ErrMerged) {
			// An input went to the trash since the preview (a retry of a
			// merge done): the preview no longer holds. One that is not
			// found (erased since, or of another workspace) is not
			// found, as PreviewMerge says.
			return conflictf("the contacts changed since the preview: %w", err)
		}
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(fresh.Versions, p.Versions) {
			return conflictf("the contacts changed since the preview")
		}
		if !samePreview(&fresh, &p) {
			return conflictf("the merge differs from its preview")
		}
		out, err = s.merge(ctx, ch, &fresh, in)
		return err
	})
	return orZero(out, err)
}

// samePreview reports whether the plan, the lists and the moves of
// previews p and q are the same. A preview may have come back through an
// encoding (JSON, from a host's UI): it holds every value, but a time
// loses its location and monotonic reading on the way, so they are
// compared as JSON, where a time is its instant and offset.
func samePreview(p, q *MergePreview) bool {
	a, errA := json.Marshal([]any{p.Plan, p.Lists, p.Moves})
	b, errB := json.Marshal([]any{q.Plan, q.Lists, q.Moves})
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

func (s *Service) merge(ctx context.Context, ch *change, p *MergePreview, in *mergeInputs) (merge.Record, error) {
	ws, rs := ch.actor.Workspace, ch.tx.Records()
	uid, err := s.opts.NewID()
	if err != nil {
		return merge.Record{}, fmt.Errorf("new id: %w", err)
	}
	rec := merge.Record{
		ID: merge.ID(uid.String()), Workspace: ws, Primary: p.Plan.Primary, Others: p.Plan.Others,
		Policy: p.Plan.Policy, At: ch.now, By: ch.actor.User, Decisions: p.Plan.Decisions, Unplaced: p.Plan.Unplaced,
	}
	for _, c := range in.contacts {
		rec.Inputs = append(rec.Inputs, c.Clone())
	}
	primary := in.contacts[0]
	into, err := collect(store.Merges(rs).All(ctx, ws, store.Query{Contact: primary.ID}))
	if err != nil {
		return merge.Record{}, err
	}
	if base, ok := merge.BaseCreatedAt(primary.ID, into); ok {
		rec.BaseCreatedAt = base
	} else {
		rec.BaseCreatedAt = primary.CreatedAt // the first merge into it
	}
	ch.reason = "merge " + rec.ID.String()
	// The others go to the trash first: their addresses are free for the
	// survivor.
	for _, o := range in.contacts[1:] {
		before := o.Clone()
		o.DeletedAt, o.DeletedBy = ch.now, ch.actor.User
		o.UpdatedAt = ch.now
		if err := ch.tx.Contacts().Update(ctx, &o); err != nil {
			return merge.Record{}, err
		}
		if err := ch.reindex(ctx, &before, &o); err != nil {
			return merge.Record{}, err
		}
		ch.record(contact.Diff(&before, &o))
		t := merge.Tombstone{Contact: o.ID, Into: primary.ID, Merge: rec.ID, At: ch.now}
		if err := store.Tombstones(rs).Put(ctx, ws, &t); err != nil {
			return merge.Record{}, err
		}
	}
	survivor := p.Plan.Survivor.Clone()
	survivor.UpdatedAt = ch.now
	if err := ch.tx.Contacts().Update(ctx, &survivor); err != nil {
		return merge.Record{}, err
	}
	if err := ch.reindex(ctx, &primary, &survivor); err != nil {
		return merge.Record{}, err
	}
	ch.record(contact.Diff(&primary, &survivor))
	rec.Survivor = survivor.Clone()
	mv := &mover{ctx: ctx, rs: rs, ws: ws, rec: &rec}
	// Memberships: the survivor's, united.
	own := map[list.ID]list.Membership{}
	for _, m := range in.memberships[0] {
		own[m.List] = m
	}
	for i, o := range in.contacts[1:] {
		for _, t := range in.tombstones[1+i] {
			// Chains collapse: what was merged into o now resolves to the
			// survivor.
			after := t
			after.Into = primary.ID
			if _, err := mv.write(t, after, o.ID); err != nil {
				return merge.Record{}, err
			}
		}
		for _, a := range in.activities[1+i] {
			after := a
			after.Contact = primary.ID
			if _, err := mv.write(a, after, o.ID); err != nil {
				return merge.Record{}, err
			}
		}
		for _, m := range in.memberships[1+i] {
			if mine, ok := own[m.List]; ok {
				if err := mv.remove(m, o.ID); err != nil {
					return merge.Record{}, err
				}
				if united := merge.UniteStatus(mine.Status, m.Status); united != mine.Status {
					after := mine
					after.Status, after.Changed = united, m.Changed
					if after.Version, err = mv.write(mine, after, primary.ID); err != nil {
						return merge.Record{}, err
					}
					own[m.List] = after
				}
				continue
			}
			after := m
			after.Contact = primary.ID
			if after.Version, err = mv.write(m, after, o.ID); err != nil {
				return merge.Record{}, err
			}
			own[m.List] = after
		}
	}
	// The survivor's memberships as united: each change is news (H2, H3).
	united := slices.SortedFunc(maps.Values(own), func(a, b list.Membership) int { return a.List.Compare(b.List) })
	membershipNews(ch, primary.ID, in.memberships[0], united)
	// Associations and followers: one of a target or a user stays, the
	// survivor's (or the first).
	if err := moveUnique(mv, in.links, primary.ID, in.contacts,
		func(l association.Association) string { return l.Target.String() },
		func(l association.Association) association.Association { l.Contact = primary.ID; return l }); err != nil {
		return merge.Record{}, err
	}
	if err := moveUnique(mv, in.follows, primary.ID, in.contacts,
		func(f association.Follow) string { return string(f.User) },
		func(f association.Follow) association.Follow { f.Contact = primary.ID; return f }); err != nil {
		return merge.Record{}, err
	}
	// Enrollments: of two active ones in one automation, the primary's (or
	// the first) stays.
	active := map[automation.ID]bool{}
	for _, e := range in.enrollments[0] {
		if e.Active() {
			active[e.Automation] = true
		}
	}
	for i, o := range in.contacts[1:] {
		for _, e := range in.enrollments[1+i] {
			after := e.Clone()
			after.Contact = primary.ID
			stopped := false
			if e.Active() {
				if active[e.Automation] {
					if err := after.Stop(ReasonMerged, ch.now); err != nil {
						return merge.Record{}, invalid(err)
					}
					stopped = true
				}
				active[e.Automation] = true
			}
			if after.Version, err = mv.write(e, after, o.ID); err != nil {
				return merge.Record{}, err
			}
			if stopped && ch.listen {
				ch.emit(EnrollmentStopped{EventMeta: ch.meta(primary.ID), Enrollment: after.Clone()})
			}
		}
	}
	// A blocked survivor stops its enrollments: its own, when an other's
	// block came with the merge, and those moved from the others, when the
	// primary was blocked already (B1).
	if survivor.Blocked() {
		ens, err := ofContact(ctx, store.Enrollments(rs), ws, primary.ID)
		if err != nil {
			return merge.Record{}, err
		}
		for _, e := range ens {
			if e.Active() {
				after := e.Clone()
				if err := after.Stop(automation.ReasonContactBlocked, ch.now); err != nil {
					return merge.Record{}, invalid(err)
				}
				if after.Version, err = mv.write(e, after, primary.ID); err != nil {
					return merge.Record{}, err
				}
				if ch.listen {
					ch.emit(EnrollmentStopped{EventMeta: ch.meta(primary.ID), Enrollment: after.Clone()})
				}
			}
		}
	}
	// A block that came with an other is news of the survivor: the host
	// closes its conversation, as BlockContact has it do (B1).
	if survivor.Blocked() && !primary.Blocked() && ch.listen {
		ch.emit(ContactBlocked{EventMeta: ch.meta(primary.ID), Reason: ReasonMerged})
	}
	for _, o := range in.contacts[1:] {
		e := CascadeEvent{Workspace: ws, Contact: o.ID, Into: primary.ID, Merge: rec.ID, Actor: ch.actor.User, At: ch.now}
		if err := s.runCascade(ctx, ch, e, "merge", func(c Cascade) func(context.Context, store.Tx, CascadeEvent) error { return c.Merge }); err != nil {
			return merge.Record{}, err
		}
	}
	if err := store.Merges(rs).Put(ctx, ws, &rec); err != nil {
		return merge.Record{}, err
	}
	if ch.listen {
		ch.emit(ContactsMerged{EventMeta: ch.meta(primary.ID), Merge: rec.ID, Others: slices.Clone(rec.Others), Snapshot: survivor.Clone()})
	}
	return rec.Clone(), nil
}

// membershipNews records in the property history of contact id, and
// announces with ListStatusChanged, each change that a merge or an unmerge
// made to its memberships, from before to after (a list missing from one
// of them has status ""), in list order, with ch's reason. A membership a
// merge moved is no new subscription: no trigger fires.
func membershipNews(ch *change, id contact.ID, before, after []list.Membership) {
	was := make(map[list.ID]list.Status, len(before))
	for _, m := range before {
		was[m.List] = m.Status
	}
	is := make(map[list.ID]list.Status, len(after))
	for _, m := range after {
		is[m.List] = m.Status
	}
	lists := slices.AppendSeq(slices.Collect(maps.Keys(was)), maps.Keys(is))
	slices.SortFunc(lists, list.ID.Compare)
	for _, l := range slices.Compact(lists) {
		from, to := was[l], is[l]
		if from == to {
			continue
		}
		ch.log(contact.Change{Contact: id, Field: contact.ListFieldPrefix + l.String(), Old: string(from), New: string(to), Reason: ch.reason})
		ch.emit(ListStatusChanged{EventMeta: ch.meta(id), List: l, From: from, To: to, Reason: ch.reason})
	}
}

// moveUnique moves the records of the others (vs[1:], of contacts[1:]) to
// the survivor with moved, but for those whose key the survivor holds
// already (in vs[0], or moved before), which it removes.
func moveUnique[T any](mv *mover, vs [][]T, survivor contact.ID, contacts []contact.Contact, key func(T) string, moved func(T) T) error {
	held := map[string]bool{}
	for _, v := range vs[0] {
		held[key(v)] = true
	}
	for i, o := range contacts[1:] {
		for _, v := range vs[1+i] {
			var err error
			if held[key(v)] {
				err = mv.remove(v, o.ID)
			} else {
				_, err = mv.write(v, moved(v), o.ID)
			}
			if err != nil {
				return err
			}
			held[key(v)] = true
		}
	}
	return nil
}

// runCascade runs the handler pick selects of every Cascade with e.
func (s *Service) runCascade(ctx context.Context, ch *change, e CascadeEvent, op string,
	pick func(Cascade) func(context.Context, store.Tx, CascadeEvent) error) error {
	for _, c := range s.opts.Cascades {
		if h := pick(c); h != nil {
			if err := h(ctx, ch.tx, e); err != nil {
				return &CascadeError{Kind: c.Kind, Op: op, Err: err}
			}
		}
	}
	return nil
}

// GetMerge returns the merge record id. It needs ActionReadMergeHistory.
func (s *Service) GetMerge(ctx context.Context, a Actor, id merge.ID) (merge.Record, error) {
	var out merge.Record
	err := s.view(ctx, a, "get merge "+id.String(), ActionReadMergeHistory, func(tx store.Tx) (err error) {
		out, err = store.Merges(tx.Records()).Get(ctx, a.Workspace, id)
		return err
	})
	return orZero(out, err)
}

// MergeHistory iterates over the merge records of the workspace whose
// survivor is c (every one if c is zero), oldest first, undone ones
// included. It needs ActionReadMergeHistory: owners and managers only
// by default.
func (s *Service) MergeHistory(ctx context.Context, a Actor, c contact.ID) iter.Seq2[merge.Record, error] {
	return func(yield func(merge.Record, error) bool) {
		if err := s.admit(ctx, a, ActionReadMergeHistory); err != nil {
			yield(merge.Record{}, fmt.Errorf("merge history: %w", err))
			return
		}
		for r, err := range all(ctx, func(ctx context.Context, p store.PageRequest) (page store.Page[merge.Record], err error) {
			err = s.store.View(ctx, func(tx store.Tx) (err error) {
				page, err = store.Merges(tx.Records()).List(ctx, a.Workspace, store.Query{Contact: c}, p)
				return err
			})
			return page, err
		}) {
			if err != nil {
				err = fmt.Errorf("merge history: %w", err)
			}
			if !yield(r, err) || err != nil {
				return
			}
		}
	}
}

// UnmergeContacts undoes merge id: the others come back exactly as
// they were, the records the merge moved go back, and the primary gets back
// its values, but for the fields edited since the merge that the merge had
// not changed, which keep their edit; what was added to the survivor after
// the merge stays on it, and a moved record removed since stays removed
// (UnmergeResult.Gone). If a field changed by the merge was edited since,
// an address that returns is now held by another live contact, or a moved
// record moved again, it returns an *UnmergeError naming every problem
// (matching ErrConflict) and changes nothing.
//
// A value that a later merge into the same survivor, still standing,
// derived by its rule rather than a person edited it is no such edit: the
// creation date (merge.RuleOldest) is, after the unmerge, the oldest of the
// survivor's own (merge.Record.BaseCreatedAt) and those of the contacts
// still merged into it, so that merges into one survivor can be undone in
// any order, each giving back what is right for the contacts still
// merged. A creation date no merge derived is compared as any field is.
//
// Each enrollment the merge stopped is active again, with an
// EnrollmentResumed event; a survivor the merge blocked and the unmerge
// does not, a ContactUnblocked; each membership of the survivor that the
// unmerge changes, a ListStatusChanged and an entry in its property
// history. Undoing an undone merge does nothing. It
// needs ActionUnmergeContacts.
//
// Undone while later merges into the same survivor stand, it replays them
// without it (merge.NewUnmergePlanChanged, one made with
// merge.PolicyMostRecent by the property history without it): the
// survivor keeps what they give it. An enrollment a later merge stopped as
// this one had blocked the survivor resumes, unless a merge after it
// blocks the survivor too (it stays stopped, until that one is undone) or
// the survivor has an active enrollment in its automation without this
// merge (a conflict: undo the later merge first). A membership of the
// survivor's this merge had changed goes back with the status the later
// merges unite it with. A later merge whose record an erasure of its
// contact removed cannot be replayed: the unmerge is refused, naming it.
func (s *Service) UnmergeContacts(ctx context.Context, a Actor, id merge.ID) (UnmergeResult, error) {
	var out UnmergeResult
	err := s.update(ctx, a, "unmerge "+id.String(), ActionUnmergeContacts, func(ch *change) (err error) {
		ch.actor.Source = contact.ChangeMerge
		out, err = s.unmerge(ctx, ch, id)
		return err
	})
	return orZero(out, err)
}

func (s *Service) unmerge(ctx context.Context, ch *change, id merge.ID) (UnmergeResult, error) {
	ws, rs := ch.actor.Workspace, ch.tx.Records()
	rec, err := store.Merges(rs).Get(ctx, ws, id)
	if err != nil {
		return UnmergeResult{}, err
	}
	res := UnmergeResult{Merge: id}
	if rec.Undone() {
		for _, cid := range append([]contact.ID{rec.Primary}, rec.Others...) {
			c, err := ch.tx.Contacts().Get(ctx, ws, cid)
			if err != nil {
				return UnmergeResult{}, err
			}
			if cid == rec.Primary {
				res.Primary = c
			} else {
				res.Others = append(res.Others, c)
			}
		}
		return res, nil
	}
	cur, err := ch.tx.Contacts().Get(ctx, ws, rec.Primary)
	if errors.Is(err, store.ErrNotFound) {
		// Merged away since, and purged from the trash: the record waits
		// for the unmerge of that merge, which brings the survivor back.
		merr := refuseMerged(ctx, ch.tx, ws, rec.Primary)
		if errors.Is(merr, ErrMerged) {
			cur, err = contact.Contact{ID: rec.Primary, DeletedAt: rec.At}, nil
		} else if merr != nil {
			err = merr
		}
	}
	if err != nil {
		return UnmergeResult{}, err
	}
	if cur.Trashed() {
		return UnmergeResult{}, &UnmergeError{Merge: id, Conflicts: []merge.Conflict{{Contact: cur.ID, Field: "contact", Reason: "the survivor is in the trash or merged away since"}}}
	}
	// The snapshots hold the values as they were typed at the merge: a
	// field's type changed since gives them their new type, as
	// ChangeFieldType gave it to the contacts' own values, before the plan
	// compares them with the survivor now (a text "1 234,50" that became
	// the number 1234.5 is not an edit). Likewise a tag deleted since is
	// gone from them, as DeleteTag took it from every contact. The record
	// keeps them as taken.
	snap := rec
	snap.Inputs = slices.Clone(rec.Inputs)
	retyped := false
	deleted := map[string]bool{} // tag keys the workspace no longer has
	for i := range snap.Inputs {
		changed, err := s.retype(ctx, ch.tx, ws, &snap.Inputs[i])
		if err != nil {
			return UnmergeResult{}, err
		}
		untagged, err := dropDeletedTags(ctx, ch.tx, ws, &snap.Inputs[i], rec.At, deleted)
		if err != nil {
			return UnmergeResult{}, err
		}
		retyped = retyped || i == 0 && (changed || untagged) // the primary's
	}
	if _, err := s.retype(ctx, ch.tx, ws, &snap.Survivor); err != nil {
		return UnmergeResult{}, err
	}
	if _, err := dropDeletedTags(ctx, ch.tx, ws, &snap.Survivor, rec.At, deleted); err != nil {
		return UnmergeResult{}, err
	}
	// Every merge into the survivor, undone ones too: a creation date the
	// standing ones derived (RuleOldest) is derived again, not an edit;
	// the later ones that stand are replayed without this one
	// (merge.NewUnmergePlan), their snapshots typed as the survivor is
	// now, as this one's are.
	into, err := collect(store.Merges(rs).All(ctx, ws, store.Query{Contact: rec.Primary}))
	if err != nil {
		return UnmergeResult{}, err
	}
	typed := slices.Clone(into)
	for i := range typed {
		x := &typed[i]
		if x.ID == rec.ID || x.Undone() || x.Primary != rec.Primary || x.At.Before(rec.At) {
			continue
		}
		*x = x.Clone()
		deleted := map[string]bool{} // the answers depend on the time of x
		for j := range x.Inputs {
			if _, err := s.retype(ctx, ch.tx, ws, &x.Inputs[j]); err != nil {
				return UnmergeResult{}, err
			}
			if _, err := dropDeletedTags(ctx, ch.tx, ws, &x.Inputs[j], x.At, deleted); err != nil {
				return UnmergeResult{}, err
			}
		}
		if _, err := s.retype(ctx, ch.tx, ws, &x.Survivor); err != nil {
			return UnmergeResult{}, err
		}
		if _, err := dropDeletedTags(ctx, ch.tx, ws, &x.Survivor, x.At, deleted); err != nil {
			return UnmergeResult{}, err
		}
	}
	changed, err := lastChangesWithout(ctx, ch.tx, ws, &rec, into)
	if err != nil {
		return UnmergeResult{}, err
	}
	plan := merge.NewUnmergePlanChanged(&snap, cur, changed, typed...)
	conflicts := plan.Conflicts
	// A later merge into the survivor whose record an erasure removed (its
	// tombstone stays) cannot be replayed: what it gave the survivor
	// cannot be told from what this merge gave.
	erased, err := erasedLaterMerges(ctx, rs, ws, &rec, into)
	if err != nil {
		return UnmergeResult{}, err
	}
	conflicts = append(conflicts, erased...)
	// freeOf adds a conflict of contact id for each of keys that a live
	// contact other than the survivor holds.
	freeOf := func(id contact.ID, keys []string) error {
		for _, k := range keys {
			holder, ok, err := byKey(ctx, ch.tx, ws, k)
			if err != nil {
				return err
			}
			if ok && holder.ID != rec.Primary {
				f, v := contact.KeyField(k)
				conflicts = append(conflicts, merge.Conflict{Contact: id, Field: f, Value: v, Reason: "held by live contact " + holder.ID.String()})
			}
		}
		return nil
	}
	// The others' addresses must be free, but for the survivor's.
	for _, o := range plan.Others {
		if err := freeOf(o.ID, o.Keys()); err != nil {
			return UnmergeResult{}, err
		}
	}
	// An address a later merge, replayed, gives the primary (one it could
	// not place beside the undone merge's) must be free too.
	held := cur.Keys()
	if err := freeOf(rec.Primary, slices.DeleteFunc(plan.Primary.Keys(), func(k string) bool { return slices.Contains(held, k) })); err != nil {
		return UnmergeResult{}, err
	}
	mv := &mover{ctx: ctx, rs: rs, ws: ws, rec: &rec, later: plan.Later}
	if was, _ := rec.Input(rec.Primary); !was.Blocked() && rec.Survivor.Blocked() && plan.Primary.Blocked() {
		mv.blocked = mv.blocker() >= 0
	}
	more, err := mv.check()
	if err != nil {
		return UnmergeResult{}, err
	}
	conflicts = append(conflicts, more...)
	if len(conflicts) > 0 {
		return UnmergeResult{}, &UnmergeError{Merge: id, Conflicts: conflicts}
	}
	ch.reason = "unmerge " + id.String()
	// The primary first: it frees the others' addresses.
	primary := plan.Primary
	if len(plan.Kept) > 0 || len(plan.Later) > 0 || retyped {
		primary.UpdatedAt = ch.now
	}
	if err := ch.tx.Contacts().Update(ctx, &primary); err != nil {
		return UnmergeResult{}, err
	}
	if err := ch.reindex(ctx, &cur, &primary); err != nil {
		return UnmergeResult{}, err
	}
	ch.record(contact.Diff(&cur, &primary))
	for _, o := range plan.Others {
		now, err := ch.tx.Contacts().Get(ctx, ws, o.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			// Purged from the trash since, with its history: it comes back
			// from its snapshot, recorded as a creation is.
			o.Version = 0
			if err = ch.tx.Contacts().Create(ctx, &o); err == nil {
				err = ch.reindex(ctx, nil, &o)
			}
			created := contact.Created(&o)
			created.Reason = ch.reason
			ch.log(created)
		case err == nil:
			o.Version = now.Version
			if err = ch.tx.Contacts().Update(ctx, &o); err == nil {
				err = ch.reindex(ctx, &now, &o)
			}
			ch.record(contact.Diff(&now, &o))
		}
		if err != nil {
			return UnmergeResult{}, storeCause(err)
		}
		res.Others = append(res.Others, o)
		t, err := store.Tombstones(rs).Get(ctx, ws, o.ID)
		if err == nil && t.Merge == id {
			err = store.Tombstones(rs).Delete(ctx, ws, &t)
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return UnmergeResult{}, err
		}
		// The record keeps a snapshot of o: an erasure of o finds it by
		// this link.
		if err := store.Unmerges(rs).Put(ctx, ws, &merge.Unmerged{Merge: id, Contact: o.ID, At: ch.now}); err != nil {
			return UnmergeResult{}, err
		}
	}
	// The survivor's memberships, before and after the undo, for the news
	// of their changes.
	was, err := ofContact(ctx, store.Memberships(rs), ws, rec.Primary)
	if err != nil {
		return UnmergeResult{}, err
	}
	gone, resumed, err := mv.undo()
	if err != nil {
		return UnmergeResult{}, err
	}
	is, err := ofContact(ctx, store.Memberships(rs), ws, rec.Primary)
	if err != nil {
		return UnmergeResult{}, err
	}
	membershipNews(ch, rec.Primary, was, is)
	for _, o := range rec.Others {
		e := CascadeEvent{Workspace: ws, Contact: o, Into: rec.Primary, Merge: id, Actor: ch.actor.User, At: ch.now}
		if err := s.runCascade(ctx, ch, e, "unmerge", func(c Cascade) func(context.Context, store.Tx, CascadeEvent) error { return c.Unmerge }); err != nil {
			return UnmergeResult{}, err
		}
	}
	// The later merges, rebased: their records as if this one had never
	// been made. The snapshots of their others stay as taken.
	for _, l := range mv.later {
		i := slices.IndexFunc(into, func(x merge.Record) bool { return x.ID == l.ID })
		if i < 0 {
			return UnmergeResult{}, fmt.Errorf("merge %s: not among the merges into %s", l.ID, rec.Primary)
		}
		r := into[i].Clone()
		for j := range r.Inputs {
			if r.Inputs[j].ID == r.Primary {
				r.Inputs[j], _ = l.Input(l.Primary)
			}
		}
		r.Survivor, r.Decisions, r.Unplaced, r.Moves, r.Rebased = l.Survivor, l.Decisions, l.Unplaced, l.Moves, l.Rebased
		if err := store.Merges(rs).Put(ctx, ws, &r); err != nil {
			return UnmergeResult{}, err
		}
	}
	rec.UndoneAt, rec.UndoneBy = ch.now, ch.actor.User
	if err := store.Merges(rs).Put(ctx, ws, &rec); err != nil {
		return UnmergeResult{}, err
	}
	res.Primary, res.Kept, res.Gone = primary, plan.Kept, gone
	if ch.listen {
		if cur.Blocked() && !primary.Blocked() {
			ch.emit(ContactUnblocked{EventMeta: ch.meta(rec.Primary)})
		}
		for _, e := range resumed {
			ch.emit(EnrollmentResumed{EventMeta: ch.meta(e.Contact), Enrollment: e.Clone()})
		}
		ch.emit(ContactsUnmerged{EventMeta: ch.meta(rec.Primary), Merge: id, Others: slices.Clone(rec.Others)})
	}
	return res, nil
}

// dropDeletedTags removes from c (a snapshot of a merge record taken at
// time at) the tags deleted since, as DeleteTag removed them from every
// contact, and reports whether it changed c. A tag deleted since is one
// the workspace ws no longer has, or has again under the same name but
// created after at: another tag, which the snapshot never had. deleted
// caches, by tag key, what the store said of each tag (true: deleted).
func dropDeletedTags(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, c *contact.Contact, at time.Time, deleted map[string]bool) (bool, error) {
	var gone []tag.Name
	for _, n := range c.Tags {
		d, ok := deleted[n.Key()]
		if !ok {
			t, err := store.Tags(tx.Records()).Get(ctx, ws, n)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return false, err
			}
			d = err != nil || t.CreatedAt.After(at)
			deleted[n.Key()] = d
		}
		if d {
			gone = append(gone, n)
		}
	}
	if len(gone) == 0 {
		return false, nil
	}
	c.Tags, _ = c.Tags.Remove(gone...) // a new Set: the snapshot's stays as it is
	return true, nil
}

// mover writes the records a merge moves, and records each move; undo
// moves them back.
type mover struct {
	ctx context.Context
	rs  store.Records
	ws  contact.WorkspaceID
	rec *merge.Record
	// later are the standing merges into the survivor of rec made after
	// it, oldest first, rebased without it (merge.UnmergePlan.Later), for
	// an undo: undo rewrites their moves (see handover).
	later []merge.Record
	// blocked: rec blocked the survivor, which stays blocked after the
	// undo as a later merge blocks it without rec (see transfer).
	blocked bool
	// writes maps "kind/id" to the later merges that wrote that record in
	// place (a membership united with another's, an enrollment stopped),
	// oldest first (read by laterWrites).
	writes map[string][]merge.ID
}

// laterWrites returns the later standing merges (m.later) that wrote the
// record of kind with id in place, oldest first.
func (m *mover) laterWrites(kind, id string) []merge.ID {
	if m.writes == nil {
		m.writes = map[string][]merge.ID{}
		for _, r := range m.later {
			for _, mv := range r.Moves {
				if k := mv.Kind + "/" + mv.ID; !mv.Removed() && mv.ID == mv.NewID && mv.From == mv.To && !slices.Contains(m.writes[k], r.ID) {
					m.writes[k] = append(m.writes[k], r.ID)
				}
			}
		}
	}
	return m.writes[kind+"/"+id]
}

// A handover is a record that a later standing merge removed from one of
// its others because the survivor held the same one (a membership of the
// same list, an association with the same record, a follow by the same
// user) through a record the merge undone had moved to it. Without that
// merge the later one would have moved its other's record instead: the
// undo gives the survivor that record, as the later merge would have
// moved it, and rewrites the later merge's record to say so (the removal
// becomes a move, its in-place writes of the record the undone merge had
// moved are dropped), so that undoing it in turn gives it back.
type handover struct {
	later   int   // the index of the later merge in mover.later
	removed int   // the index of its removal in its moves
	writes  []int // the indexes of its in-place writes of the record
}

// A transfer is an in-place write of the merge undone that a later
// standing merge would have made without it: an enrollment of the
// survivor it stopped as it blocked it, which the later merge's block
// keeps stopped. The undo leaves the record as it is and adds the write
// to the later merge's moves, so that undoing it resumes the enrollment.
type transfer struct {
	later int // the index of the later merge in mover.later
	move  merge.Move
}

// uniqueKey returns what makes a record of the survivor unique among those
// a merge moves (moveUnique, the memberships' union): the list of a
// membership, the record an association links to, the user of a follow;
// false for the other kinds.
func uniqueKey(v any) (string, bool) {
	switch x := v.(type) {
	case list.Membership:
		return x.List.String(), true
	case association.Association:
		return x.Target.String(), true
	case association.Follow:
		return string(x.User), true
	}
	return "", false
}

// handoverOf finds the handover of the record before, which m.rec moved
// to the survivor with mv: the first later merge that removed a record of
// one of its others with the same unique key.
func (m *mover) handoverOf(mv merge.Move, before any) (handover, bool) {
	key, ok := uniqueKey(before)
	if !ok || mv.From == mv.To {
		return handover{}, false
	}
	k := kindNamed(mv.Kind)
	for i, r := range m.later {
		for j, x := range r.Moves {
			if x.Kind != mv.Kind || !x.Removed() || x.To != m.rec.Primary {
				continue
			}
			v, err := k.Unmarshal(x.Before)
			if err != nil {
				continue
			}
			if got, _ := uniqueKey(v); got != key {
				continue
			}
			h := handover{later: i, removed: j}
			for n, w := range r.Moves {
				if !w.Removed() && w.Kind == mv.Kind && w.ID == mv.NewID && w.NewID == mv.NewID && w.From == w.To {
					h.writes = append(h.writes, n)
				}
			}
			return h, true
		}
	}
	return handover{}, false
}

// movedIn reports whether m.rec moved the record with id to the survivor
// from one of its others.
func (m *mover) movedIn(id string) bool {
	return slices.ContainsFunc(m.rec.Moves, func(x merge.Move) bool { return x.NewID == id && x.From != x.To })
}

// erasedLaterMerges returns a conflict for each merge into rec's survivor
// made after rec whose record is gone (not among into) while the contact
// it took away is still its tombstone: an erasure of that contact removed
// the record, and the survivor keeps what it gave (see eraseMergeOf). A
// tombstone whose merge was into another contact, merged into the
// survivor since (chains collapse), names a record that is not among into
// and stands: no conflict.
func erasedLaterMerges(ctx context.Context, rs store.Records, ws contact.WorkspaceID, rec *merge.Record, into []merge.Record) ([]merge.Conflict, error) {
	ts, err := collect(store.Tombstones(rs).All(ctx, ws, store.Query{Parent: rec.Primary.String()}))
	if err != nil {
		return nil, err
	}
	var out []merge.Conflict
	for _, t := range ts {
		later := t.At.After(rec.At) || t.At.Equal(rec.At) && t.Merge.String() > rec.ID.String()
		if t.Merge == rec.ID || !later || slices.ContainsFunc(into, func(x merge.Record) bool { return x.ID == t.Merge }) {
			continue
		}
		switch _, err := store.Merges(rs).Get(ctx, ws, t.Merge); {
		case err == nil:
			continue // a merge into another contact: its record stands
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
		out = append(out, merge.Conflict{Contact: rec.Primary, Field: "merge " + t.Merge.String(),
			Reason: "made after this one, its record erased with " + t.Contact.String() + ": what it gave the survivor cannot be told from what this merge gave"})
	}
	return out, nil
}

// enrollmentMove returns the enrollment a move of a merge record wrote,
// before and after, when it is a move of an enrollment that was not
// removed and both decode.
func enrollmentMove(x merge.Move) (before, after automation.Enrollment, ok bool) {
	if x.Kind != store.KindEnrollment.Name() || x.Removed() {
		return before, after, false
	}
	b, errB := store.KindEnrollment.Unmarshal(x.Before)
	a, errA := store.KindEnrollment.Unmarshal(x.After)
	if errB != nil || errA != nil {
		return before, after, false
	}
	before, okB := b.(automation.Enrollment)
	after, okA := a.(automation.Enrollment)
	return before, after, okB && okA
}

// blocker returns the index in m.later of the first later merge that
// blocks the survivor without m.rec (its rebased primary is not blocked,
// its survivor is), or -1.
func (m *mover) blocker() int { return m.blockerAfter(-1) }

// blockerAfter returns the index in m.later of the first later merge after
// the one of index after that blocks the survivor without m.rec, or -1.
func (m *mover) blockerAfter(after int) int {
	for i := after + 1; i < len(m.later); i++ {
		r := &m.later[i]
		if p, ok := r.Input(r.Primary); ok && !p.Blocked() && r.Survivor.Blocked() {
			return i
		}
	}
	return -1
}

// write replaces before with after (a move when their IDs differ: the old
// record is deleted, the new one created), and records it. It returns the
// version after has in the store: a later write of the same record needs
// it.
func (m *mover) write(before, after any, from contact.ID) (int64, error) {
	k := kindOf(before)
	bid, aid := idOf(before), idOf(after)
	if bid != aid {
		if err := m.rs.Delete(m.ctx, m.ws, k, bid, versionOf(before)); err != nil {
			return 0, err
		}
		after = withVersion(after, 0)
	}
	version, err := putValue(m.ctx, m.rs, m.ws, after)
	if err != nil {
		return 0, err
	}
	b, err := canon(before)
	if err != nil {
		return 0, err
	}
	a, err := canon(after)
	if err != nil {
		return 0, err
	}
	m.rec.Moves = append(m.rec.Moves, merge.Move{Kind: k.Name(), ID: bid, NewID: aid, From: from, To: contactOf(after), Before: b, After: a})
	return version, nil
}

// remove deletes v, united with a record of the survivor, and records it.
func (m *mover) remove(v any, from contact.ID) error {
	k := kindOf(v)
	if err := m.rs.Delete(m.ctx, m.ws, k, idOf(v), versionOf(v)); err != nil {
		return err
	}
	b, err := canon(v)
	if err != nil {
		return err
	}
	m.rec.Moves = append(m.rec.Moves, merge.Move{Kind: k.Name(), ID: idOf(v), From: from, To: m.rec.Primary, Before: b})
	return nil
}

// plannedUndo is what undo does to one move.
type plannedUndo struct {
	move    merge.Move
	current store.Record // zero for a removal
	restore any          // the value to write back
}

// undoPlan is what undo does: the undo of every move, last first, the
// moved records removed since the merge ("kind id"), which stay removed,
// the handovers and transfers to the later merges, and the conflicts.
type undoPlan struct {
	steps     []plannedUndo
	gone      []string
	handovers []handover
	transfers []transfer
	// unstops are the later merges' stops of enrollments that the undo
	// resumes (their steps are among steps): by index in mover.later, then
	// in its moves.
	unstops [][2]int
	// relays are the later merges' stops of enrollments that another
	// later merge, which blocks the survivor without the merge undone,
	// would have made: by index in mover.later, then in its moves; each
	// goes to that merge (transfers), the enrollment staying stopped.
	relays    [][2]int
	conflicts []merge.Conflict
}

// plan computes the undo of every move.
func (m *mover) plan() (undoPlan, error) {
	var out undoPlan
	// The state each record will have once the later moves are undone.
	pending := map[string]json.RawMessage{}
	// The automations of the active enrollments the merge moved to the
	// survivor: a later merge that ended its other's active enrollment in
	// one of them as the survivor had one did so because of this merge.
	movedActive := map[automation.ID]bool{}
	for i := len(m.rec.Moves) - 1; i >= 0; i-- {
		mv := m.rec.Moves[i]
		k := kindNamed(mv.Kind)
		conflict := func(reason string) {
			out.conflicts = append(out.conflicts, merge.Conflict{Contact: mv.From, Field: mv.Kind + " " + mv.ID, Reason: reason})
		}
		if k == nil {
			conflict("unknown kind")
			continue
		}
		before, err := k.Unmarshal(mv.Before)
		if err != nil {
			conflict(err.Error())
			continue
		}
		if mv.Removed() {
			out.steps = append(out.steps, plannedUndo{move: mv, restore: before})
			continue
		}
		if e, ok := before.(automation.Enrollment); ok && e.Active() && mv.From != mv.To {
			if a, err := k.Unmarshal(mv.After); err == nil {
				if a, ok := a.(automation.Enrollment); ok && a.Active() {
					movedActive[e.Automation] = true
				}
			}
		}
		cur, err := m.rs.Get(m.ctx, m.ws, k, mv.NewID)
		if errors.Is(err, store.ErrNotFound) {
			// Removed since the merge (a note purged from its trash, a
			// membership ended): a later edit, which stays, as edits do.
			out.gone = append(out.gone, mv.Kind+" "+mv.ID)
			continue
		}
		if err != nil {
			return undoPlan{}, err
		}
		curJSON, err := canon(cur.Value)
		if err != nil {
			conflict(err.Error())
			continue
		}
		if p, ok := pending[mv.Kind+"/"+mv.NewID]; ok {
			curJSON = p
		}
		pending[mv.Kind+"/"+mv.ID] = mv.Before
		if contactOf(cur.Value) != mv.To {
			conflict("moved again since the merge")
			continue
		}
		writes := m.laterWrites(mv.Kind, mv.NewID)
		if h, ok := m.handoverOf(mv, before); ok {
			// A later merge took its other's record in place of this one
			// (see handover): the record goes back, as the later merge
			// left it, and the survivor takes the later merge's.
			l := &m.later[h.later]
			want := mv.After
			if len(h.writes) > 0 {
				want = l.Moves[h.writes[len(h.writes)-1]].After
			}
			if others := slices.DeleteFunc(slices.Clone(writes), func(id merge.ID) bool { return id == l.ID }); len(others) > 0 {
				conflict("changed since by merge " + others[0].String() + ", which stands: undo it first")
				continue
			}
			if !bytes.Equal(curJSON, want) {
				conflict("changed since the merge, and merge " + l.ID.String() + ", which stands, holds it in place of its other's: undo it first")
				continue
			}
			out.steps = append(out.steps, plannedUndo{move: mv, current: cur, restore: before})
			out.handovers = append(out.handovers, h)
			continue
		}
		if bytes.Equal(curJSON, mv.After) {
			if e, ok := before.(automation.Enrollment); ok && mv.From == mv.To && m.blocked && !m.movedIn(mv.ID) {
				// The survivor's own, stopped as the merge blocked it: a
				// later merge blocks it without this one (see transfer).
				after, _ := k.Unmarshal(mv.After)
				if a, ok := after.(automation.Enrollment); ok && e.Active() && !a.Active() && a.StopReason == automation.ReasonContactBlocked {
					out.transfers = append(out.transfers, transfer{later: m.blocker(), move: mv})
					continue
				}
			}
			restore := before
			if ms, ok := before.(list.Membership); ok && mv.From == mv.To && !m.movedIn(mv.ID) {
				// The survivor's own (one the merge moved to it goes
				// back, and a later merge's is handed over in its place:
				// see handover).
				var err error
				if restore, err = m.unitedLater(ms, &out); err != nil {
					conflict(err.Error())
					continue
				}
			}
			out.steps = append(out.steps, plannedUndo{move: mv, current: cur, restore: restore})
			continue
		}
		// Changed since by a later merge into the same survivor, which
		// stands (a membership united with another's): that is no edit of
		// the record's contact, and the record cannot go back as it was
		// while the later merge holds it.
		if len(writes) > 0 {
			conflict("changed since by merge " + writes[0].String() + ", which stands: undo it first")
			continue
		}
		// Edited since: a record the merge only moved goes back with its
		// edits.
		if mv.From != mv.To {
			moved, _ := canon(setContact(before, mv.To))
			if bytes.Equal(moved, mv.After) {
				v, _ := k.Unmarshal(curJSON)
				out.steps = append(out.steps, plannedUndo{move: mv, current: cur, restore: setContact(v, mv.From)})
				continue
			}
		}
		conflict("changed by the merge and changed since")
	}
	// A later merge that ended its other's active enrollment as the
	// survivor had one in the automation, which this merge had moved to
	// it, would have moved it active without this merge: it cannot be
	// replayed here.
	for _, r := range m.later {
		for _, x := range r.Moves {
			eb, ea, ok := enrollmentMove(x)
			if !ok || x.From == x.To {
				continue
			}
			if eb.Active() && !ea.Active() && ea.StopReason == ReasonMerged && movedActive[eb.Automation] {
				out.conflicts = append(out.conflicts, merge.Conflict{Contact: x.From, Field: x.Kind + " " + x.ID,
					Reason: "ended by merge " + r.ID.String() + ", which stands, as this merge had given the survivor one in its automation: undo it first"})
			}
		}
	}
	// The automations in which the survivor has an active enrollment
	// without this merge, before any later merge blocks it: those the
	// undo resumes, and those it leaves stopped as a later merge blocks
	// the survivor (transfers, so far this merge's own).
	active := map[automation.ID]bool{}
	for _, u := range out.steps {
		if e, ok := u.restore.(automation.Enrollment); ok && e.Active() && e.Contact == m.rec.Primary {
			active[e.Automation] = true
		}
	}
	for _, t := range out.transfers {
		if v, err := store.KindEnrollment.Unmarshal(t.move.Before); err == nil {
			if e, ok := v.(automation.Enrollment); ok && e.Active() {
				active[e.Automation] = true
			}
		}
	}
	// A later merge that stopped the enrollments it moved to the survivor
	// as it was blocked, which it no longer is without this merge, would
	// have moved them active: they resume, and the later merge's record
	// no longer stops them; unless a merge after it blocks the survivor
	// without this one (it would have stopped them: the stop goes to it),
	// or the survivor has an active enrollment in the automation (it
	// would have ended them: that cannot be replayed here).
	for i, r := range m.later {
		if r.Survivor.Blocked() {
			continue
		}
		for j, x := range r.Moves {
			eb, ea, ok := enrollmentMove(x)
			if !ok || x.From != x.To {
				continue
			}
			if !eb.Active() || ea.Active() || ea.StopReason != automation.ReasonContactBlocked {
				continue
			}
			conflict := func(reason string) {
				out.conflicts = append(out.conflicts, merge.Conflict{Contact: x.From, Field: x.Kind + " " + x.ID, Reason: reason})
			}
			cur, err := m.rs.Get(m.ctx, m.ws, store.KindEnrollment, x.NewID)
			if errors.Is(err, store.ErrNotFound) {
				continue // removed since: it stays removed
			}
			if err != nil {
				return undoPlan{}, err
			}
			curJSON, err := canon(cur.Value)
			if err != nil {
				conflict(err.Error())
				continue
			}
			if !bytes.Equal(curJSON, x.After) {
				conflict("stopped by merge " + r.ID.String() + ", which stands, as this merge had blocked the survivor, and changed since: undo it first")
				continue
			}
			if active[eb.Automation] {
				conflict("stopped by merge " + r.ID.String() + ", which stands, as this merge had blocked the survivor, which has an active enrollment in its automation without it: undo it first")
				continue
			}
			active[eb.Automation] = true
			if k := m.blockerAfter(i); k >= 0 {
				out.transfers = append(out.transfers, transfer{later: k, move: x})
				out.relays = append(out.relays, [2]int{i, j})
				continue
			}
			out.steps = append(out.steps, plannedUndo{move: x, current: cur, restore: eb})
			out.unstops = append(out.unstops, [2]int{i, j})
		}
	}
	slices.Reverse(out.gone) // in the order of the moves
	return out, nil
}

// unitedLater returns ms, a membership of the survivor whose status the
// merge undone had changed in place, as it goes back, with the status the
// later standing merges unite it with: those that removed a membership of
// its list from one of their others, as the survivor held one, would have
// made its status more restrictive without the merge undone. Each such
// change is added to the later merge's moves (out.transfers), so that
// undoing it in turn gives the status back.
func (m *mover) unitedLater(ms list.Membership, out *undoPlan) (list.Membership, error) {
	k := store.KindMembership
	for i, r := range m.later {
		for _, x := range r.Moves {
			if x.Kind != k.Name() || !x.Removed() || x.To != m.rec.Primary {
				continue
			}
			v, err := k.Unmarshal(x.Before)
			if err != nil {
				return ms, err
			}
			o, ok := v.(list.Membership)
			if !ok || o.List != ms.List {
				continue
			}
			united := merge.UniteStatus(ms.Status, o.Status)
			if united == ms.Status {
				continue
			}
			after := ms
			after.Status, after.Changed = united, o.Changed
			b, err := canon(ms)
			if err != nil {
				return ms, err
			}
			a, err := canon(after)
			if err != nil {
				return ms, err
			}
			id := idOf(ms)
			out.transfers = append(out.transfers, transfer{later: i, move: merge.Move{Kind: k.Name(), ID: id, NewID: id,
				From: m.rec.Primary, To: m.rec.Primary, Before: b, After: a}})
			ms = after
		}
	}
	return ms, nil
}

func (m *mover) check() ([]merge.Conflict, error) {
	p, err := m.plan()
	return p.conflicts, err
}

// undo undoes the moves, hands over and transfers to the later merges
// what they take (see handover, transfer), rewriting m.later, and returns
// the moved records removed since the merge (see plan), and the
// enrollments it makes active again (those the merge stopped), as stored.
func (m *mover) undo() (gone []string, resumed []automation.Enrollment, err error) {
	p, err := m.plan()
	if err != nil {
		return nil, nil, err
	}
	if len(p.conflicts) > 0 {
		return nil, nil, &UnmergeError{Merge: m.rec.ID, Conflicts: p.conflicts}
	}
	steps, gone := p.steps, p.gone
	// An enrollment the merge moved and stopped has a move for each: it
	// is resumed when it ends active and was not so before the first of
	// its undos.
	type enrollment struct {
		wasActive bool
		last      automation.Enrollment // as its last undo stored it
	}
	var order []*enrollment
	ens := map[string]*enrollment{} // by the ID it has now
	for _, u := range steps {
		k := kindNamed(u.move.Kind)
		var version int64
		switch {
		case u.move.Removed():
			if version, err = putValue(m.ctx, m.rs, m.ws, withVersion(u.restore, 0)); err != nil {
				return nil, nil, err
			}
		case u.move.NewID != u.move.ID:
			cur, err := m.rs.Get(m.ctx, m.ws, k, u.move.NewID)
			if err != nil {
				return nil, nil, err
			}
			if err := m.rs.Delete(m.ctx, m.ws, k, u.move.NewID, cur.Version); err != nil {
				return nil, nil, err
			}
			if version, err = putValue(m.ctx, m.rs, m.ws, withVersion(u.restore, 0)); err != nil {
				return nil, nil, err
			}
		default:
			cur, err := m.rs.Get(m.ctx, m.ws, k, u.move.NewID)
			if err != nil {
				return nil, nil, err
			}
			if version, err = putValue(m.ctx, m.rs, m.ws, withVersion(u.restore, cur.Version)); err != nil {
				return nil, nil, err
			}
		}
		if e, ok := u.restore.(automation.Enrollment); ok {
			en := ens[u.move.NewID]
			if en == nil {
				was, ok := u.current.Value.(automation.Enrollment)
				en = &enrollment{wasActive: ok && was.Active()}
				order = append(order, en)
			}
			delete(ens, u.move.NewID)
			e.Version = version
			en.last = e
			ens[u.move.ID] = en
		}
	}
	for _, en := range order {
		if en.last.Active() && !en.wasActive {
			resumed = append(resumed, en.last)
		}
	}
	// The later merges take what they would have taken without this one:
	// their moves are rewritten by index of the moves as they were.
	replaced := map[[2]int]merge.Move{}
	dropped := map[[2]int]bool{}
	for _, h := range p.handovers {
		x := m.later[h.later].Moves[h.removed]
		k := kindNamed(x.Kind)
		v, err := k.Unmarshal(x.Before)
		if err != nil {
			return nil, nil, err
		}
		taken := setContact(v, m.rec.Primary)
		if ms, ok := taken.(list.Membership); ok {
			// The later merge's others that were members too: united
			// with the most restrictive status, as the merge unites them.
			for _, y := range m.later[h.later].Moves[h.removed+1:] {
				if y.Kind != x.Kind || !y.Removed() || y.To != m.rec.Primary {
					continue
				}
				w, err := k.Unmarshal(y.Before)
				if err != nil {
					return nil, nil, err
				}
				if o, ok := w.(list.Membership); ok && o.List == ms.List {
					if united := merge.UniteStatus(ms.Status, o.Status); united != ms.Status {
						ms.Status, ms.Changed = united, o.Changed
					}
				}
			}
			taken = ms
		}
		if _, err := putValue(m.ctx, m.rs, m.ws, withVersion(taken, 0)); err != nil {
			return nil, nil, err
		}
		a, err := canon(taken)
		if err != nil {
			return nil, nil, err
		}
		replaced[[2]int{h.later, h.removed}] = merge.Move{Kind: x.Kind, ID: x.ID, NewID: idOf(taken), From: x.From, To: m.rec.Primary, Before: x.Before, After: a}
		for _, w := range h.writes {
			dropped[[2]int{h.later, w}] = true
		}
	}
	for _, u := range append(p.unstops, p.relays...) {
		dropped[u] = true
	}
	for i := range m.later {
		r := &m.later[i]
		var moves []merge.Move
		for j, x := range r.Moves {
			if y, ok := replaced[[2]int{i, j}]; ok {
				x = y
			}
			if !dropped[[2]int{i, j}] {
				moves = append(moves, x)
			}
		}
		for _, t := range p.transfers {
			if t.later == i {
				moves = append(moves, t.move)
			}
		}
		r.Moves = moves
	}
	return gone, resumed, nil
}

// The records a merge moves, handled alike: notes and tasks, enrollments,
// memberships, tombstones, associations and follows.

func kindOf(v any) store.Kind {
	switch v.(type) {
	case activity.Activity:
		return store.KindActivity
	case automation.Enrollment:
		return store.KindEnrollment
	case list.Membership:
		return store.KindMembership
	case merge.Tombstone:
		return store.KindTombstone
	case association.Association:
		return store.KindAssociation
	case association.Follow:
		return store.KindFollow
	}
	panic(fmt.Sprintf("contactkit: a merge does not move a %T", v))
}

func kindNamed(name string) store.Kind {
	for _, k := range []store.Kind{store.KindActivity, store.KindEnrollment, store.KindMembership, store.KindTombstone, store.KindAssociation, store.KindFollow} {
		if k.Name() == name {
			return k
		}
	}
	return nil
}

func recordOf(v any) store.Record {
	r, err := store.RecordOf(kindOf(v), v)
	if err != nil {
		panic(err) // kindOf gave the kind of v
	}
	return r
}

func idOf(v any) string     { return recordOf(v).ID }
func versionOf(v any) int64 { return recordOf(v).Version }

// putValue writes v and returns its version in the store.
func putValue(ctx context.Context, rs store.Records, ws contact.WorkspaceID, v any) (int64, error) {
	r := recordOf(v)
	err := rs.Put(ctx, ws, kindOf(v), &r)
	return r.Version, err
}

// contactOf returns the contact v belongs to (a tombstone's survivor).
func contactOf(v any) contact.ID {
	if t, ok := v.(merge.Tombstone); ok {
		return t.Into
	}
	return recordOf(v).Keys.Contact
}

// setContact returns v moved to contact c (a tombstone: pointing to c).
func setContact(v any, c contact.ID) any {
	return edited(v, func(owner *contact.ID, _ *int64) { *owner = c })
}

// withVersion returns v at version n.
func withVersion(v any, n int64) any {
	return edited(v, func(_ *contact.ID, version *int64) { *version = n })
}

// edited returns a copy of v, a record a merge moves, that edit changed
// through pointers to its contact (a tombstone's survivor) and its version.
func edited(v any, edit func(owner *contact.ID, version *int64)) any {
	switch x := v.(type) {
	case activity.Activity:
		edit(&x.Contact, &x.Version)
		return x
	case automation.Enrollment:
		x = x.Clone()
		edit(&x.Contact, &x.Version)
		return x
	case list.Membership:
		edit(&x.Contact, &x.Version)
		return x
	case merge.Tombstone:
		edit(&x.Into, &x.Version)
		return x
	case association.Association:
		edit(&x.Contact, &x.Version)
		return x
	case association.Follow:
		edit(&x.Contact, &x.Version)
		return x
	}
	return v
}

// canon is v as JSON, without its version: what a move compares.
func canon(v any) (json.RawMessage, error) {
	return kindOf(v).Marshal(withVersion(v, 0))
}
