package memstore

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// record is a stored contact, laid out to be small: a million of them are
// the bulk of a large Store. Its ID is the key it is stored under and its
// workspace w is the one whose recs hold it, and which its methods that
// read w's tables take (a pointer to w in each record would cost the
// record a size class); the fields that few values take (status, source,
// country, language, assignee) are codes into tables of w;
// the fields that most contacts leave zero are in rare, nil when all of them
// are. Every value is kept exactly as given, so that a contact goes out as it
// came in.
//
// Records are immutable once stored: an update stores a new record, so the
// undo log can keep the old one as it was.
type record struct {
	version int64

	// text holds the first name, last name, city, company and job title,
	// one after the other, then the custom field values packed (see
	// packText): one string header and one allocation instead of six.
	text string

	email contact.Email
	phone contact.Phone
	// tags is the contact's tag set as w.tagSets keeps it, shared by the
	// records whose sets are equal: nil for a nil set.
	tags *tag.Set

	// createdAt and updatedAt are the contact's times as nanoseconds since
	// 1970 in location zone (a code of w.zones), 8 bytes each instead of
	// 24; times that this form does not give back exactly (a monotonic
	// clock reading, a zero time with a location, two locations, a year
	// out of its range) are kept in times instead (see packTimes).
	createdAt, updatedAt int64
	// times holds the creation and update times when createdAt and
	// updatedAt do not, nil otherwise. Here rather than in rare: a
	// record's struct has room for it in its size class (140 bytes of
	// 144), and a contact whose only unusual value is its times (those of
	// time.Now, say) then costs 48 bytes more, not the 224 of a rareFields.
	times *[2]time.Time

	rare *rareFields

	// ends holds where each of the five parts of text before the custom
	// field values ends: the values are text[ends[4]:], "" exactly when
	// the contact's Fields map is nil.
	ends [5]uint32

	status, source, country, language, assignee, zone uint32
}

// rareFields holds the fields of a record that most contacts leave zero
// (custom fields are not among them: most contacts have some).
type rareFields struct {
	alias, state, avatar   string
	emailLabel, phoneLabel contact.Label
	otherEmails            []contact.LabeledEmail
	otherPhones            []contact.LabeledPhone
	birthDate              field.Date
	channels               []contact.Channel
	deletedAt              time.Time
	deletedBy              contact.UserID
}

// newRecord returns a record of w holding a copy of c with the given
// version. old, if not nil, is the record c replaces: the codes they share
// are found without a lookup.
func newRecord(c *contact.Contact, w *workspace, version int64, old *record) *record {
	var hint record
	if old != nil {
		hint = *old
	}
	r := &record{
		version:  version,
		email:    c.Email,
		phone:    c.Phone,
		tags:     w.tagSets.intern(c.Tags),
		status:   w.statuses.code(c.Status, hint.status),
		source:   w.sources.code(c.Source, hint.source),
		country:  w.countries.code(c.Country, hint.country),
		language: w.languages.code(c.Language, hint.language),
		assignee: w.assignees.code(c.Assignee, hint.assignee),
	}
	r.text, r.ends = packText(w, c.Fields, c.FirstName, c.LastName, c.City, c.Company, c.JobTitle)
	packed := packTimes(w, r, c.CreatedAt, c.UpdatedAt, hint.zone)
	// The texts kept as strings of their own (the old record's when they
	// did not change): a value may be a part of a larger string, a
	// request's body, which the record would keep whole.
	var was rareFields
	if hint.rare != nil {
		was = *hint.rare
	}
	rare := rareFields{
		alias:       owned(c.Alias, was.alias),
		emailLabel:  c.EmailLabel,
		phoneLabel:  c.PhoneLabel,
		otherEmails: slices.Clone(c.OtherEmails),
		otherPhones: slices.Clone(c.OtherPhones),
		state:       owned(c.State, was.state),
		avatar:      owned(c.Avatar, was.avatar),
		birthDate:   c.BirthDate,
		channels:    c.Channels,
		deletedAt:   c.DeletedAt,
		deletedBy:   contact.UserID(owned(string(c.DeletedBy), string(was.deletedBy))),
	}
	if !packed {
		r.times = &[2]time.Time{c.CreatedAt, c.UpdatedAt}
	}
	// Compared field by field, not with the zero rareFields: a nil slice or
	// map is not the same value as an empty one, nor is a zero time.Time
	// with a location the same as time.Time{}.
	if rare.alias != "" || rare.state != "" || rare.avatar != "" || rare.birthDate != (field.Date{}) ||
		rare.emailLabel != "" || rare.phoneLabel != "" || rare.otherEmails != nil || rare.otherPhones != nil ||
		rare.channels != nil || rare.deletedAt != (time.Time{}) || rare.deletedBy != "" {
		// The copy shares nothing mutable with c.
		d := contact.Contact{Channels: rare.channels}
		rare.channels = d.Clone().Channels
		// A copy, so that rare stays on the stack for the records that
		// keep none: &rare would allocate it for every record.
		r.rare = new(rareFields)
		*r.rare = rare
	}
	return r
}

// owned returns s as a string of its own: was, the same text that the
// record before held, or else a copy of s.
func owned(s, was string) string {
	if s == was {
		return was
	}
	return strings.Clone(s)
}

// view returns the stored contact id of w, without its custom fields
// (which contact adds), sharing its tags and channels with r: it must be
// neither changed nor handed out.
func (r *record) view(w *workspace, id contact.ID) contact.Contact {
	c := contact.Contact{
		ID:        id,
		Workspace: w.id,
		Version:   r.version,
		FirstName: r.text[:r.ends[0]],
		LastName:  r.text[r.ends[0]:r.ends[1]],
		Email:     r.email,
		Phone:     r.phone,
		Country:   w.countries.vals[r.country],
		Language:  w.languages.vals[r.language],
		City:      r.text[r.ends[1]:r.ends[2]],
		Company:   r.text[r.ends[2]:r.ends[3]],
		JobTitle:  r.text[r.ends[3]:r.ends[4]],
		Assignee:  w.assignees.vals[r.assignee],
		Source:    w.sources.vals[r.source],
		Status:    w.statuses.vals[r.status],
		Tags:      r.tagSet(),
	}
	if r.times != nil {
		c.CreatedAt, c.UpdatedAt = r.times[0], r.times[1]
	} else {
		c.CreatedAt, c.UpdatedAt = w.time(r.createdAt, r.zone), w.time(r.updatedAt, r.zone)
	}
	if x := r.rare; x != nil {
		c.Alias, c.State, c.Avatar = x.alias, x.state, x.avatar
		c.EmailLabel, c.PhoneLabel = x.emailLabel, x.phoneLabel
		c.OtherEmails, c.OtherPhones = x.otherEmails, x.otherPhones
		c.BirthDate = x.birthDate
		c.Channels = x.channels
		c.DeletedAt, c.DeletedBy = x.deletedAt, x.deletedBy
	}
	return c
}

// contact returns a copy of the stored contact id of w that shares
// nothing with r.
func (r *record) contact(w *workspace, id contact.ID) contact.Contact {
	c := r.view(w, id)
	c = c.Clone()
	if fields := r.fields(); fields != "" {
		c.Fields = unpackFields(w, fields)
	}
	return c
}

// maxZones bounds the table of the locations of a workspace's times: a
// clock that makes a new *time.Location for each time it gives (a
// time.FixedZone per call) has its times kept in times past it, rather than
// a table that grows with every contact.
const maxZones = 64

// zeroTime is the createdAt or updatedAt of a zero time.Time.
const zeroTime = math.MinInt64

// packTimes sets r's createdAt, updatedAt and zone to the form of created
// and updated in w, and reports whether that form gives both back exactly:
// the same instant, the same *time.Location, and no monotonic clock
// reading. hint is a zone code that is likely theirs.
func packTimes(w *workspace, r *record, created, updated time.Time, hint uint32) bool {
	loc := created.Location()
	if updated.Location() != loc {
		return false
	}
	var ok bool
	if r.zone, ok = w.zoneOf(loc, hint); !ok {
		return false
	}
	if r.createdAt, ok = w.packTime(created, r.zone); !ok {
		return false
	}
	r.updatedAt, ok = w.packTime(updated, r.zone)
	return ok
}

// zoneOf returns the code of loc in w.zones, which it adds loc to while
// the table has room, and whether it has one.
func (w *workspace) zoneOf(loc *time.Location, hint uint32) (uint32, bool) {
	zones := &w.zones
	if _, known := zones.of[loc]; !known && len(zones.vals) >= maxZones {
		return 0, false
	}
	return zones.code(loc, hint), true
}

// packTime returns t as nanoseconds since 1970, and whether w.time gives
// back exactly t from them in zone.
func (w *workspace) packTime(t time.Time, zone uint32) (int64, bool) {
	if t == (time.Time{}) {
		return zeroTime, true
	}
	n := t.UnixNano()
	return n, n != zeroTime && w.time(n, zone) == t
}

// time returns the time that packTime packed as n in zone.
func (w *workspace) time(n int64, zone uint32) time.Time {
	if n == zeroTime {
		return time.Time{}
	}
	return time.Unix(0, n).In(w.zones.vals[zone])
}

// packText returns the text of a record of w: parts one after the other,
// then the custom field values of fields packed (see appendFields); and
// where each part ends. It is built in w.textScratch, then copied once: the
// string takes no more room than its bytes. A text of a single non-empty
// part and nil fields is that part, without a copy.
func packText(w *workspace, fields map[field.Key]field.Value, parts ...string) (string, [5]uint32) {
	var ends [5]uint32
	n, nonEmpty, last := 0, 0, ""
	for i, p := range parts {
		n += len(p)
		ends[i] = uint32(n)
		if p != "" {
			nonEmpty, last = nonEmpty+1, p
		}
	}
	if nonEmpty <= 1 && fields == nil {
		// A string of its own: last may be a part of a larger string
		// (a request's body) that the record would keep whole.
		return strings.Clone(last), ends
	}
	b := w.textScratch[:0]
	for _, p := range parts {
		b = append(b, p...)
	}
	b = appendFields(b, w, fields)
	// Kept for the next record, without its bytes mattering.
	w.textScratch = b[:0]
	return string(b), ends
}

// appendFields appends to b the custom field values of m packed, nothing
// for a nil m: their number, then each value as the code of its key in
// w.fieldKeys, the code of its type in w.fieldTypes, the length of its
// content and the content (field.Value.Stored), the numbers as uvarints.
// About ten bytes a value, where a slice of key and value pairs took 48
// and the content a string of its own.
func appendFields(b []byte, w *workspace, m map[field.Key]field.Value) []byte {
	if m == nil {
		return b
	}
	b = binary.AppendUvarint(b, uint64(len(m)))
	for k, v := range m {
		t, s := v.Stored()
		b = binary.AppendUvarint(b, uint64(w.fieldKeys.code(k, 0)))
		b = binary.AppendUvarint(b, uint64(w.fieldTypes.code(t, 0)))
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

// fields returns the custom field values of r packed (see appendFields),
// "" exactly when the contact's Fields map is nil.
func (r *record) fields() string { return r.text[r.ends[4]:] }

// searchText returns the part of r's text that its search words come
// from: the names, city, company and job title.
func (r *record) searchText() string { return r.text[:r.ends[4]] }

// unpackFields returns the custom field values that appendFields packed in
// s for w. Their contents share s.
func unpackFields(w *workspace, s string) map[field.Key]field.Value {
	r := packed(s)
	count := int(r.uvarint())
	m := make(map[field.Key]field.Value, count)
	for range count {
		k, t := r.uvarint(), r.uvarint()
		m[w.fieldKeys.vals[k]] = field.StoredValue(w.fieldTypes.vals[t], r.text())
	}
	return m
}

// packed reads, in order, what was packed into a string: numbers as
// uvarints or varints, texts after their lengths (see appendFields and
// workspace.packChange). A text read shares the string.
type packed string

// uvarint reads a uvarint, as binary.Uvarint does.
func (p *packed) uvarint() uint64 {
	s := *p
	var x uint64
	for i := 0; i < len(s); i++ {
		x |= uint64(s[i]&0x7f) << (7 * i)
		if s[i] < 0x80 {
			*p = s[i+1:]
			return x
		}
	}
	*p = ""
	return x
}

// varint reads a varint, as binary.Varint does.
func (p *packed) varint() int64 {
	ux := p.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

// text reads a text after its length.
func (p *packed) text() string {
	n := p.uvarint()
	t := (*p)[:n]
	*p = (*p)[n:]
	return string(t)
}

// trashed reports whether the contact is in the trash, as
// contact.Contact.Trashed does.
func (r *record) trashed() bool { return r.rare != nil && !r.rare.deletedAt.IsZero() }

// codes is a table of the distinct values of one field of the records of a
// workspace, so that a record holds a 4-byte code instead of the value. Code
// 0 is the zero value. Values are added as records take them and never
// removed (a rolled-back write may leave one unused): it is meant for fields
// that take few values, such as a status or a country.
type codes[T comparable] struct {
	vals []T
	of   map[T]uint32
}

func newCodes[T comparable]() codes[T] {
	var zero T
	return codes[T]{vals: []T{zero}, of: map[T]uint32{zero: 0}}
}

// code returns the code of v, adding v to the table if needed. hint is a
// code that is likely v's.
func (cs *codes[T]) code(v T, hint uint32) uint32 {
	if cs.vals[hint] == v {
		return hint
	}
	if c, ok := cs.of[v]; ok {
		return c
	}
	c := uint32(len(cs.vals))
	cs.vals = append(cs.vals, v)
	cs.of[v] = c
	return c
}
