package activity

import (
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/contactkit/contactkit/contact"
)

// Compare orders activities as the timeline lists them: pinned ones
// first, then newest first by When (when a call, an email or a meeting
// happened; when a note or a task was created), then by ID descending, so
// that activities of the same instant keep a stable order. It returns a
// negative number when a comes before b, a positive one when after, and 0
// only when both have the same pin, time and ID. It is a total order, fit
// for slices.SortFunc and for keyset paging (see Position).
func Compare(a, b *Activity) int { return PositionOf(a).Compare(PositionOf(b)) }

// Less reports whether a comes before b in the timeline: Compare(a, b) < 0.
func Less(a, b *Activity) bool { return Compare(a, b) < 0 }

// Sort sorts activities in timeline order.
func Sort(activities []Activity) {
	slices.SortFunc(activities, func(a, b Activity) int { return Compare(&a, &b) })
}

// Position is the place of an activity in the timeline: what Compare looks
// at. A store pages the timeline by keyset: it keeps the Position of the
// last activity of a page as its cursor and starts the next page with the
// first activity After it.
type Position struct {
	Pinned bool
	At     time.Time // the activity's When
	ID     ID
}

// PositionOf returns the position of a.
func PositionOf(a *Activity) Position {
	return Position{Pinned: a.Pinned, At: a.When(), ID: a.ID}
}

// When returns when a took place, which places it in the timeline: the
// Interaction's OccurredAt for a call, an email or a meeting that has one
// (logged after the fact, or a meeting to come), else its CreatedAt.
func (a *Activity) When() time.Time {
	if !a.Interaction.OccurredAt.IsZero() {
		return a.Interaction.OccurredAt
	}
	return a.CreatedAt
}

// Compare returns a negative number, 0 or a positive number as p comes
// before, at or after q in the timeline. Times are compared as instants.
func (p Position) Compare(q Position) int {
	if p.Pinned != q.Pinned {
		if p.Pinned {
			return -1
		}
		return 1
	}
	if c := q.At.Compare(p.At); c != 0 {
		return c // newest first
	}
	return q.ID.Compare(p.ID) // highest ID first
}

// After reports whether a comes strictly after p in the timeline: whether a
// belongs on a page that starts after the activity at p.
func After(p Position, a *Activity) bool { return PositionOf(a).Compare(p) > 0 }

// Filter selects the activities of a timeline. Its zero value selects every
// live activity: an activity in its trash is never selected.
type Filter struct {
	// Kinds keeps the activities of these kinds; empty keeps every kind.
	Kinds []Kind
	// Author keeps the activities of this author; "" keeps every author.
	Author contact.UserID
	// Text keeps the activities whose SearchText contains each of its
	// words, in any order and any part, without the punctuation around
	// them ("ete devis" and "devis, été" find the subject "Devis ÉTÉ";
	// "vis" finds it too). It must be folded already, with
	// contact.FoldQuery, which leaves one space between words; "" keeps
	// every activity.
	Text string
}

// Matches reports whether f selects a.
func (f *Filter) Matches(a *Activity) bool {
	if a.Trashed() {
		return false
	}
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, a.Kind) {
		return false
	}
	if f.Author != "" && a.Author != f.Author {
		return false
	}
	return f.Text == "" || containsWords(SearchText(a), f.Text)
}

// containsWords reports whether text contains each word of q, a folded
// query (words separated by one space). The punctuation around a word is
// no part of it ("devis," is "devis"), as a contact search reads a query;
// inside one it is ("v2.1", "o'brien"); a word of punctuation alone ("-")
// is looked for as it is.
func containsWords(text, q string) bool {
	for w := range strings.SplitSeq(q, " ") {
		if t := strings.TrimFunc(w, punctuation); t != "" {
			w = t
		}
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// punctuation reports whether r is neither a letter, a digit nor a mark.
func punctuation(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}

// SearchText returns the text a timeline search looks in: the activity's
// Title and Body (a task's title and description, a note's body, an email's
// subject and text, a call's or a meeting's title and notes). Each part is
// folded as contact.FoldQuery folds a query (case-folded, NFC, runs of white
// space, line breaks included, made one space), and the parts are separated
// by a newline, which a folded query never holds, so that no word of a
// query matches across two parts. A Filter matches the query q when
// SearchText(a) contains each word of contact.FoldQuery(q); a store may keep
// SearchText in an index column, since it depends on a alone.
func SearchText(a *Activity) string {
	var b strings.Builder
	for _, s := range [...]string{a.Title, a.Body} {
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(contact.FoldQuery(s))
	}
	return b.String()
}

// Key returns p as a string whose byte order is the timeline order: for any
// positions p and q, strings.Compare(p.Key(), q.Key()) has the sign of
// p.Compare(q). A store lists a timeline in ascending order of Key.
func (p Position) Key() string {
	var b [1 + 16 + 8 + 32]byte
	b[0] = '1'
	if p.Pinned {
		b[0] = '0'
	}
	// Newest first: the complement of the biased seconds and nanoseconds,
	// so that a later instant gives a smaller key.
	sec := ^(uint64(p.At.Unix()) ^ 1<<63)
	nsec := ^uint32(p.At.Nanosecond())
	hex.Encode(b[1:17], binary.BigEndian.AppendUint64(nil, sec))
	hex.Encode(b[17:25], binary.BigEndian.AppendUint32(nil, nsec))
	// Highest ID first: the complement of its bytes.
	var inv [16]byte
	for i, x := range p.ID {
		inv[i] = ^x
	}
	hex.Encode(b[25:], inv[:])
	return string(b[:])
}
