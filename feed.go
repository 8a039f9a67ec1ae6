package contactkit

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// FeedKind says what an item of a contact's feed is.
type FeedKind string

// The kinds of feed item. Each says what its time (FeedItem.At) is.
const (
	// FeedActivity: a note, a task or any other activity of the contact,
	// at its creation. Activities in the trash are not listed.
	FeedActivity FeedKind = "activity"
	// FeedChange: a change of a field of the contact, as its property
	// history recorded it, at the change. The creation of the contact is
	// an item for each field it set (contact.Change.Expand), as the
	// contact's history lists it.
	FeedChange FeedKind = "change"
	// FeedMembership: the contact's membership of a list, at the last
	// change of its status. The store keeps only the last change of each
	// membership: earlier ones are not listed.
	FeedMembership FeedKind = "membership"
	// FeedConsent: the consent ledger's entry of one of the contact's
	// current addresses, at its last change. The ledger keeps only the last
	// change of each address, and addresses the contact no longer holds are
	// not listed; entries that only hold the workspace default are not
	// listed either.
	FeedConsent FeedKind = "consent"
	// FeedEnrolled: the contact entered an automation, at the enrollment's
	// start.
	FeedEnrolled FeedKind = "enrolled"
	// FeedEnrollmentEnded: an enrollment ended or was stopped (its
	// StopReason says why), at its end.
	FeedEnrollmentEnded FeedKind = "enrollment_ended"
	// FeedMerged: other contacts were merged into this one, at the merge;
	// or this one into another (the Primary of the item's Merge), in the
	// feed of a contact that an unmerge brought back.
	FeedMerged FeedKind = "merged"
	// FeedUnmerged: a merge into this contact was undone, at the unmerge;
	// or the merge of this one into another, which brought it back.
	FeedUnmerged FeedKind = "unmerged"
)

// Valid reports whether k is one of the kinds above.
func (k FeedKind) Valid() bool {
	switch k {
	case FeedActivity, FeedChange, FeedMembership, FeedConsent, FeedEnrolled, FeedEnrollmentEnded, FeedMerged, FeedUnmerged:
		return true
	}
	return false
}

// FeedItem is one item of a contact's feed: its kind, time, author, and
// the record it is about, in the field of its kind (the others are nil).
type FeedItem struct {
	Kind FeedKind
	At   time.Time
	// Author is the user who made it: an activity's author, a change's
	// actor, who changed a membership or a consent, who merged or
	// unmerged; "" when no user did (an automation, a form).
	Author contact.UserID
	// Pinned is true for a pinned activity; pinned ones come first.
	Pinned bool

	Activity   *activity.Activity     // FeedActivity
	Change     *contact.Change        // FeedChange
	Membership *list.Membership       // FeedMembership
	Consent    *list.Consent          // FeedConsent
	Enrollment *automation.Enrollment // FeedEnrolled, FeedEnrollmentEnded
	Merge      *MergeSummary          // FeedMerged, FeedUnmerged
}

// MergeSummary is what a contact's feed says of a merge: who and when,
// without the snapshots of the merge record, which only owners and
// managers may read (GetMerge).
type MergeSummary struct {
	ID       merge.ID
	Primary  contact.ID
	Others   []contact.ID
	At       time.Time
	By       contact.UserID
	UndoneAt time.Time
	UndoneBy contact.UserID
}

// FeedQuery selects the items of a contact's feed. Its zero value selects
// every item.
type FeedQuery struct {
	// Kinds keeps the items of these kinds; empty keeps every kind.
	Kinds []FeedKind
	// ActivityKinds keeps, of the activities, those of these kinds (any
	// kind the activity package has); empty keeps every kind.
	ActivityKinds []activity.Kind
	// Author keeps the items made by this user; "" keeps every item.
	Author contact.UserID
}

func (q *FeedQuery) wants(k FeedKind) bool { return len(q.Kinds) == 0 || slices.Contains(q.Kinds, k) }

func (q *FeedQuery) matches(it *FeedItem) bool {
	if !q.wants(it.Kind) {
		return false
	}
	if it.Activity != nil {
		// The activity package's own selection, so that any kind of
		// activity is listed as the timeline lists it.
		f := activity.Filter{Kinds: q.ActivityKinds, Author: q.Author}
		return f.Matches(it.Activity)
	}
	return q.Author == "" || it.Author == q.Author
}

// feedScan bounds the items a page reads past its filter: a page that
// finds fewer matching items is shorter, with its Next.
const feedScan = 4 * store.MaxLimit

// ListFeed returns one page of contact c's feed: its activities, property
// changes, list memberships, consent, enrollments and merges in one
// listing, pinned activities first, then newest first (an activity at its
// When: a call, an email or a meeting when it happened). Items of the same
// time come in the order of the sources above, then by a stable key of
// each record; the two items of one enrollment or one merge at the same
// time come as newest first would list them, its end before its start,
// the unmerge before the merge. The contact must be live (ErrTrashed
// otherwise).
//
// Paging is by keyset, each source on its own: items that existed when
// the first page was read are listed exactly once, and never an item
// twice, while others add and remove items. An item written meanwhile may
// show up on a later page (newer than the items around it) or not at all;
// so may a call, an email or a meeting whose OccurredAt is changed
// between pages, which moves it: it may be listed a second time at its new
// place, or not at all, as a listing by that time must. An activity
// unpinned while the feed is paged is not listed again; one pinned after
// the pinned activities were passed moves where the paging has been, and
// shows in the next listing from the start. The cursor is
// opaque and bound to the contact; a page may be shorter than asked and
// still have a Next.
//
// Activities are read lazily in the store's timeline order, so that a page
// costs about what it lists. The property history is read whole for each
// page (the store lists it oldest first only), and so are the contact's
// memberships, consent entries, enrollments and merges, which are bounded
// by its lists, addresses and automations. When a clock went backwards, a
// change keeps its place in the history: it is listed at the time of the
// change after it.
func (s *Service) ListFeed(ctx context.Context, a Actor, c contact.ID, q FeedQuery, p store.PageRequest) (store.Page[FeedItem], error) {
	var page store.Page[FeedItem]
	op := "feed of contact " + c.String()
	cur, err := parseFeedCursor(p.Cursor, c)
	if err != nil {
		return page, s.refuse(ctx, a, op, "", err)
	}
	for _, k := range q.ActivityKinds {
		if !k.Valid() {
			return page, s.refuse(ctx, a, op, "", invalid(fmt.Errorf("%w: unknown kind %s", activity.ErrInvalidActivity, inputtext.Quote(string(k)))))
		}
	}
	for _, k := range q.Kinds {
		if !k.Valid() {
			// A misspelt kind would select nothing of it, silently.
			return page, s.refuse(ctx, a, op, "", invalid(fmt.Errorf("unknown feed kind %s", inputtext.Quote(string(k)))))
		}
	}
	err = s.view(ctx, a, op, "", func(tx store.Tx) error {
		page = store.Page[FeedItem]{}
		ct, err := live(ctx, tx, a.Workspace, c)
		if err != nil {
			return err
		}
		f := &feed{ctx: ctx, tx: tx, ws: a.Workspace, contact: &ct, q: &q, cur: cur, size: p.Size()}
		page, err = f.page()
		return err
	})
	return page, err
}

// Feed iterates over contact c's feed; see ListFeed.
func (s *Service) Feed(ctx context.Context, a Actor, c contact.ID, q FeedQuery) iter.Seq2[FeedItem, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[FeedItem], error) {
		return s.ListFeed(ctx, a, c, q, p)
	})
}

// feedCursor is where each source of a feed stands: what it has given.
type feedCursor struct {
	Contact contact.ID `json:"c"`
	// Activities: the store cursor of the page being read, and the
	// timeline key (activity.Position.Key) of the last activity given.
	ActPage string `json:"ap,omitempty"`
	ActLast string `json:"al,omitempty"`
	// Pins: the IDs of the pinned activities given, which an unpin would
	// otherwise list again among the others.
	Pins []string `json:"ap2,omitempty"`
	// History: the position (1-based, oldest first) of the last change
	// given, 0 for none, and the time it was listed at.
	HistLast  int       `json:"hl,omitempty"`
	HistFloor time.Time `json:"hf,omitzero"`
	// The other sources, sorted together: the place of the last item given.
	Rest *feedPlace `json:"r,omitempty"`
}

func parseFeedCursor(s string, c contact.ID) (feedCursor, error) {
	if s == "" {
		return feedCursor{Contact: c}, nil
	}
	var cur feedCursor
	if err := decodeCursor(s, &cur); err != nil || cur.Contact != c {
		return feedCursor{}, fmt.Errorf("%w: not a cursor of this feed", store.ErrInvalidCursor)
	}
	return cur, nil
}

func (c *feedCursor) String() string { return encodeCursor(c) }

// encodeCursor returns the cursor of the Service's own paging that holds
// v, plain values: JSON in unpadded URL-safe base64.
func encodeCursor(v any) string {
	data, _ := json.Marshal(v) // plain values: cannot fail
	return base64.RawURLEncoding.EncodeToString(data)
}

// decodeCursor reads into v the cursor encodeCursor made. A field v does
// not have is an error: the cursor of another listing (a timeline's given
// to the feed) is refused rather than read as a first page.
func decodeCursor(s string, v any) error {
	data, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("data after the cursor")
	}
	return nil
}

// feedPlace is the place of an item in a feed: pinned activities first
// (group 0), then newest first, then by source rank, then by key,
// descending.
type feedPlace struct {
	Group int       `json:"g,omitempty"`
	At    time.Time `json:"t"`
	Rank  int       `json:"k,omitempty"`
	Key   string    `json:"id"`
}

// compare returns a negative number when p comes before q in the feed.
func (p *feedPlace) compare(q *feedPlace) int {
	if c := cmp.Compare(p.Group, q.Group); c != 0 {
		return c
	}
	if c := q.At.Compare(p.At); c != 0 {
		return c
	}
	if c := cmp.Compare(p.Rank, q.Rank); c != 0 {
		return c
	}
	return strings.Compare(q.Key, p.Key)
}

// The ranks of the sources, for items of the same time.
const (
	rankActivity = iota
	rankChange
	rankMembership
	rankConsent
	rankEnrollment
	rankMerge
)

type feedEntry struct {
	place feedPlace
	item  FeedItem
}

// feed builds one page of a contact's feed inside a transaction.
type feed struct {
	ctx     context.Context
	tx      store.Tx
	ws      contact.WorkspaceID
	contact *contact.Contact
	q       *FeedQuery
	cur     feedCursor
	size    int

	acts    []activity.Activity // the rest of the activity page being read
	actNext string              // its Next
	actRead bool                // whether a page was read
	history []contact.Change    // the whole history, oldest first; nil until read
	histEnd bool
	rest    []feedEntry // the other sources, in feed order, after cur.Rest
	restOK  bool
}

// page merges the heads of the sources (a k-way merge), one item at a
// time, until the page is full, the sources are done or feedScan items
// were read.
func (f *feed) page() (store.Page[FeedItem], error) {
	out := store.Page[FeedItem]{Items: []FeedItem{}}
	for scanned := 0; ; scanned++ {
		heads := make([]*feedEntry, 3)
		var err error
		if heads[0], err = f.activityHead(); err != nil {
			return out, err
		}
		if heads[1], err = f.historyHead(); err != nil {
			return out, err
		}
		if heads[2], err = f.restHead(); err != nil {
			return out, err
		}
		best := -1
		for i, h := range heads {
			if h != nil && (best < 0 || h.place.compare(&heads[best].place) < 0) {
				best = i
			}
		}
		if best < 0 {
			return out, nil // every source is done
		}
		if len(out.Items) == f.size || scanned == feedScan {
			out.Next = f.cur.String()
			return out, nil
		}
		e := heads[best]
		f.take(best, e)
		if f.q.matches(&e.item) {
			out.Items = append(out.Items, e.item)
		}
	}
}

// take consumes the head e of source i.
func (f *feed) take(i int, e *feedEntry) {
	switch i {
	case 0:
		f.cur.ActLast = activity.PositionOf(e.item.Activity).Key()
		if e.item.Activity.Pinned {
			f.cur.Pins = append(f.cur.Pins, e.item.Activity.ID.String())
		}
		f.acts = f.acts[1:]
	case 1:
		f.cur.HistLast = f.histPos()
		f.cur.HistFloor = e.place.At
	case 2:
		f.cur.Rest = &e.place
		f.rest = f.rest[1:]
	}
}

// activityHead returns the next activity of the contact, in the store's
// timeline order, after the last one given, or nil at the end.
func (f *feed) activityHead() (*feedEntry, error) {
	if !f.q.wants(FeedActivity) {
		return nil, nil
	}
	for {
		for len(f.acts) > 0 {
			a := &f.acts[0]
			if activity.PositionOf(a).Key() <= f.cur.ActLast || (!a.Pinned && slices.Contains(f.cur.Pins, a.ID.String())) {
				f.acts = f.acts[1:] // given on an earlier page
				continue
			}
			group := 1
			if a.Pinned {
				group = 0
			}
			return &feedEntry{
				place: feedPlace{Group: group, At: a.When(), Rank: rankActivity, Key: a.ID.String()},
				item:  FeedItem{Kind: FeedActivity, At: a.When(), Author: a.Author, Pinned: a.Pinned, Activity: new(a.Clone())},
			}, nil
		}
		if f.actRead {
			if f.actNext == "" {
				return nil, nil
			}
			f.cur.ActPage = f.actNext
		}
		page, err := store.Activities(f.tx.Records()).List(f.ctx, f.ws, store.Query{Contact: f.contact.ID}, store.PageRequest{Cursor: f.cur.ActPage, Limit: f.size + 1})
		if err != nil {
			return nil, err
		}
		f.acts, f.actNext, f.actRead = page.Items, page.Next, true
		if len(f.acts) == 0 && f.actNext != "" && f.actNext == f.cur.ActPage {
			return nil, fmt.Errorf("%w: activity page at %q gave itself as the next", store.ErrInvalidCursor, f.cur.ActPage)
		}
	}
}

// histPos is the position (1-based, oldest first) of the history's head.
func (f *feed) histPos() int {
	if f.cur.HistLast == 0 {
		return len(f.history)
	}
	return f.cur.HistLast - 1
}

// historyHead returns the next change of the contact, newest first, or nil
// at the end.
func (f *feed) historyHead() (*feedEntry, error) {
	if !f.q.wants(FeedChange) || f.histEnd {
		return nil, nil
	}
	if f.history == nil {
		for ch, err := range all(f.ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
			return f.tx.History().List(ctx, f.ws, f.contact.ID, "", p)
		}) {
			if err != nil {
				return nil, err
			}
			// A creation is one record of the store: the feed lists each
			// field it set, as ContactHistory does.
			f.history = ch.Expand(f.history)
		}
		if f.history == nil {
			f.history = []contact.Change{}
		}
	}
	pos := f.histPos()
	if pos < 1 || pos > len(f.history) {
		f.histEnd = true
		return nil, nil
	}
	ch := f.history[pos-1]
	at := ch.At
	if !f.cur.HistFloor.IsZero() && at.After(f.cur.HistFloor) {
		at = f.cur.HistFloor // a clock went backwards: the history's order wins
	}
	return &feedEntry{
		place: feedPlace{Group: 1, At: at, Rank: rankChange, Key: fmt.Sprintf("%020d", pos)},
		item:  FeedItem{Kind: FeedChange, At: ch.At, Author: ch.Actor, Change: &ch},
	}, nil
}

// restHead returns the next item of the sources read whole, or nil at the
// end.
func (f *feed) restHead() (*feedEntry, error) {
	if !f.restOK {
		rest, err := f.readRest()
		if err != nil {
			return nil, err
		}
		slices.SortFunc(rest, func(a, b feedEntry) int { return a.place.compare(&b.place) })
		if f.cur.Rest != nil {
			rest = slices.DeleteFunc(rest, func(e feedEntry) bool { return e.place.compare(f.cur.Rest) <= 0 })
		}
		f.rest, f.restOK = rest, true
	}
	if len(f.rest) == 0 {
		return nil, nil
	}
	return &f.rest[0], nil
}

// readRest reads the contact's memberships, consent entries, enrollments
// and merges, as the query wants them, in no order.
func (f *feed) readRest() ([]feedEntry, error) {
	var out []feedEntry
	add := func(kind FeedKind, rank int, at time.Time, key string, author contact.UserID, it FeedItem) {
		it.Kind, it.At, it.Author = kind, at, author
		out = append(out, feedEntry{place: feedPlace{Group: 1, At: at, Rank: rank, Key: key}, item: it})
	}
	rs, id := f.tx.Records(), f.contact.ID
	if f.q.wants(FeedMembership) {
		ms, err := ofContact(f.ctx, store.Memberships(rs), f.ws, id)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			add(FeedMembership, rankMembership, m.Changed.At, m.List.String(), m.Changed.By, FeedItem{Membership: &m})
		}
	}
	if f.q.wants(FeedConsent) {
		for _, addr := range list.Addresses(f.contact) {
			c, err := store.Consent(rs).Get(f.ctx, f.ws, addr)
			if errors.Is(err, store.ErrNotFound) || (err == nil && c.Default) {
				continue
			}
			if err != nil {
				return nil, err
			}
			add(FeedConsent, rankConsent, c.Changed.At, string(addr.Channel)+":"+addr.Value, c.Changed.By, FeedItem{Consent: &c})
		}
	}
	if f.q.wants(FeedEnrolled) || f.q.wants(FeedEnrollmentEnded) {
		ens, err := ofContact(f.ctx, store.Enrollments(rs), f.ws, id)
		if err != nil {
			return nil, err
		}
		for _, e := range ens {
			if f.q.wants(FeedEnrolled) {
				add(FeedEnrolled, rankEnrollment, e.StartedAt, "0/"+e.ID.String(), "", FeedItem{Enrollment: new(e.Clone())})
			}
			if f.q.wants(FeedEnrollmentEnded) && !e.EndedAt.IsZero() {
				add(FeedEnrollmentEnded, rankEnrollment, e.EndedAt, "1/"+e.ID.String(), "", FeedItem{Enrollment: new(e.Clone())})
			}
		}
	}
	if f.q.wants(FeedMerged) || f.q.wants(FeedUnmerged) {
		recs, err := ofContact(f.ctx, store.Merges(rs), f.ws, id)
		if err != nil {
			return nil, err
		}
		// The merges that took the contact away and were undone, which
		// link to it (merge.Unmerged): its own part of the story, which
		// the survivor's feed tells as well.
		links, err := ofContact(f.ctx, store.Unmerges(rs), f.ws, id)
		if err != nil {
			return nil, err
		}
		for _, l := range links {
			r, err := store.Merges(rs).Get(f.ctx, f.ws, l.Merge)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			recs = append(recs, r)
		}
		for _, r := range recs {
			sum := MergeSummary{ID: r.ID, Primary: r.Primary, Others: slices.Clone(r.Others), At: r.At, By: r.By, UndoneAt: r.UndoneAt, UndoneBy: r.UndoneBy}
			if f.q.wants(FeedMerged) {
				add(FeedMerged, rankMerge, r.At, "0/"+r.ID.String(), r.By, FeedItem{Merge: &sum})
			}
			if f.q.wants(FeedUnmerged) && r.Undone() {
				add(FeedUnmerged, rankMerge, r.UndoneAt, "1/"+r.ID.String(), r.UndoneBy, FeedItem{Merge: &sum})
			}
		}
	}
	return out, nil
}
