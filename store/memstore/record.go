package memstore

import (
	"slices"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// record is a stored contact, laid out to be small: a million of them are
// the bulk of a large Store. Its ID is the key it is
// stored under and its workspace is w; the fields that few values take
// (status, source, country, language, assignee) are codes into tables of w;
// the fields that most contacts leave zero are in rare, nil when all of them
// are. Every value is kept exactly as given, so that a contact goes out as it
// came in.
//
// Records are immutable once stored: an update stores a new record, so the
// undo log can keep the old one as it was.
type record struct {
	w       *workspace
	version int64

	// text holds the first name, last name, city, company and job title,
	// one after the other, and ends where each of the first four ends: one
	// string header and one allocation instead of five.
	text string
	ends [4]uint32

	email contact.Email
	phone contact.Phone
	tags  tag.Set
	// fields holds the custom field values sorted by key: a slice of pairs
	// is a fifth of the size of a small map. It is nil exactly when the
	// contact's Fields map is.
	fields []fieldPair

	createdAt, updatedAt time.Time

	rare *rareFields

	status, source, country, language, assignee uint32
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
		w:         w,
		version:   version,
		email:     c.Email,
		phone:     c.Phone,
		tags:      c.Tags.Clone(),
		fields:    fieldPairs(c.Fields),
		createdAt: c.CreatedAt,
		updatedAt: c.UpdatedAt,
		status:    w.statuses.code(c.Status, hint.status),
		source:    w.sources.code(c.Source, hint.source),
		country:   w.countries.code(c.Country, hint.country),
		language:  w.languages.code(c.Language, hint.language),
		assignee:  w.assignees.code(c.Assignee, hint.assignee),
	}
	r.text, r.ends = packText(c.FirstName, c.LastName, c.City, c.Company, c.JobTitle)
	rare := rareFields{
		alias:       c.Alias,
		emailLabel:  c.EmailLabel,
		phoneLabel:  c.PhoneLabel,
		otherEmails: slices.Clone(c.OtherEmails),
		otherPhones: slices.Clone(c.OtherPhones),
		state:       c.State,
		avatar:      c.Avatar,
		birthDate:   c.BirthDate,
		channels:    c.Channels,
		deletedAt:   c.DeletedAt,
		deletedBy:   c.DeletedBy,
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
		r.rare = &rare
	}
	return r
}

// view returns the stored contact id, without its custom fields (which
// contact adds), sharing its tags and channels with r: it must be neither
// changed nor handed out.
func (r *record) view(id contact.ID) contact.Contact {
	w := r.w
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
		JobTitle:  r.text[r.ends[3]:],
		Assignee:  w.assignees.vals[r.assignee],
		Source:    w.sources.vals[r.source],
		Status:    w.statuses.vals[r.status],
		Tags:      r.tags,
		CreatedAt: r.createdAt,
		UpdatedAt: r.updatedAt,
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

// contact returns a copy of the stored contact id that shares nothing with r.
func (r *record) contact(id contact.ID) contact.Contact {
	c := r.view(id)
	c = c.Clone()
	if r.fields != nil {
		c.Fields = make(map[field.Key]field.Value, len(r.fields))
		for _, p := range r.fields {
			c.Fields[p.key] = p.value
		}
	}
	return c
}

// packText returns parts one after the other, and where each but the last
// ends. A single non-empty part is kept as it is, without a copy.
func packText(parts ...string) (string, [4]uint32) {
	var ends [4]uint32
	n, nonEmpty, last := 0, 0, ""
	for i, p := range parts {
		n += len(p)
		if i < len(ends) {
			ends[i] = uint32(n)
		}
		if p != "" {
			nonEmpty, last = nonEmpty+1, p
		}
	}
	if nonEmpty <= 1 {
		return last, ends
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range parts {
		b.WriteString(p)
	}
	return b.String(), ends
}

// fieldPair is one custom field value of a record.
type fieldPair struct {
	key   field.Key
	value field.Value
}

// fieldPairs returns the values of m sorted by key, nil for a nil m.
func fieldPairs(m map[field.Key]field.Value) []fieldPair {
	if m == nil {
		return nil
	}
	ps := make([]fieldPair, 0, len(m))
	for k, v := range m {
		ps = append(ps, fieldPair{k, v})
	}
	slices.SortFunc(ps, func(a, b fieldPair) int { return strings.Compare(a.key.String(), b.key.String()) })
	return ps
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
