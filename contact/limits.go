package contact

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// Default length limits of text inputs, in characters (Unicode code points)
// after normalisation. A host that needs more sets its own Limits.
const (
	// MaxNameLen bounds a first name, a last name and an alias.
	MaxNameLen = 255
	// MaxTextLen bounds a company, a job title, a city and a state.
	MaxTextLen = 255
	// MaxReasonLen bounds the reason given for blocking a contact or for
	// an unsubscribe or a resubscribe.
	MaxReasonLen = 1000
	// MaxNoteLen bounds the body of a note and the description of a task.
	// A Limits.Note raised above it still meets activity.MaxBodyBytes, a
	// bound in bytes.
	MaxNoteLen = 65536
)

// MaxUserIDLen bounds, in bytes, a UserID (an assignee, an author, an
// attendee, the user of an actor) and a WorkspaceID: the host's own
// identifiers, kept as given.
const MaxUserIDLen = 255

// MaxQueryLen bounds, in bytes, the text of a free-text search (a contact
// query's, a timeline's): enough for any words a person types, and a bound
// on the work of the search.
const MaxQueryLen = 1000

// CheckQuery returns a *ParseError (field "query", wrapping ErrTooLong)
// when q is longer than MaxQueryLen bytes, and nil otherwise.
func CheckQuery(q string) error {
	if len(q) > MaxQueryLen {
		return &ParseError{Field: "query", Input: q, Err: fmt.Errorf("%w: %d bytes, at most %d", ErrTooLong, len(q), MaxQueryLen)}
	}
	return nil
}

// CheckUserID returns a *ParseError for field when id is longer than
// MaxUserIDLen bytes (wrapping ErrTooLong), is not valid UTF-8 or holds a
// control character (wrapping ErrInvalid), and nil otherwise. The empty ID
// passes: whether one is needed is the caller's rule.
func CheckUserID(field string, id UserID) error {
	s := string(id)
	switch {
	case len(s) > MaxUserIDLen:
		return &ParseError{Field: field, Input: s, Err: fmt.Errorf("%w: %d bytes, at most %d", ErrTooLong, len(s), MaxUserIDLen)}
	case !utf8.ValidString(s):
		return &ParseError{Field: field, Input: s, Err: fmt.Errorf("%w: not valid UTF-8", ErrInvalid)}
	case strings.ContainsFunc(s, unicode.IsControl):
		return &ParseError{Field: field, Input: s, Err: fmt.Errorf("%w: a control character", ErrInvalid)}
	}
	return nil
}

// Limits are the length limits of text inputs, in characters
// after normalisation, and the limits of custom values and tags. A zero
// field means its default (the constants above, field.DefaultLimits,
// tag.DefaultLimits). The zero Limits is DefaultLimits.
//
// Patch.Apply applies Name, Text and Fields; the Service applies Reason,
// Note and Tags with CheckReason, CheckNote, Tags.Parse and
// tag.Set.AddWithin.
type Limits struct {
	Name   int          // FirstName, LastName, Alias
	Text   int          // Company, JobTitle, City, State
	Reason int          // block, unsubscribe and resubscribe reasons
	Note   int          // note bodies and task descriptions
	Fields field.Limits // text and textarea custom values
	Tags   tag.Limits   // tags per contact and per call
}

// DefaultLimits spells out the default limits, for reading. The package
// never reads it: the zero Limits and every zero field mean the defaults,
// so changing DefaultLimits changes nothing.
var DefaultLimits = Limits{
	Name: MaxNameLen, Text: MaxTextLen, Reason: MaxReasonLen, Note: MaxNoteLen,
	Fields: field.DefaultLimits, Tags: tag.DefaultLimits,
}

// WithDefaults returns l with every zero or negative limit set to its
// default.
func (l Limits) WithDefaults() Limits {
	def := func(n *int, d int) {
		if *n <= 0 {
			*n = d
		}
	}
	def(&l.Name, MaxNameLen)
	def(&l.Text, MaxTextLen)
	def(&l.Reason, MaxReasonLen)
	def(&l.Note, MaxNoteLen)
	l.Fields = l.Fields.WithDefaults()
	l.Tags = l.Tags.WithDefaults()
	return l
}

// Check reports every text field of c over its limit (a *ParseError
// wrapping ErrTooLong per field) and a tag set over l.Tags.PerContact (a
// *tag.LimitError), joined, or nil. Patch.Apply and the tag operations
// already keep to the limits; Check is for a contact built or combined
// another way (by hand, by a merge that unites tags).
func (l Limits) Check(c Contact) error {
	l = l.WithDefaults()
	var errs []error
	for _, f := range [...]struct {
		name, value string
		max         int
	}{
		{FieldFirstName, c.FirstName, l.Name}, {FieldLastName, c.LastName, l.Name}, {FieldAlias, c.Alias, l.Name},
		{FieldCity, c.City, l.Text}, {FieldState, c.State, l.Text}, {FieldCompany, c.Company, l.Text}, {FieldJobTitle, c.JobTitle, l.Text},
	} {
		if err := CheckLen(f.name, f.value, f.max); err != nil {
			errs = append(errs, err)
		}
	}
	if n := c.Tags.Len(); n > l.Tags.PerContact {
		errs = append(errs, &tag.LimitError{Limit: tag.LimitPerContact, Max: l.Tags.PerContact, Got: n})
	}
	return errors.Join(errs...)
}

// CheckReason reports whether reason is valid UTF-8 within l.Reason
// characters: nil, or a *ParseError with Field "reason" wrapping
// ErrInvalid (and ErrTooLong for a reason too long). A store keeps only
// valid UTF-8, so a reason that is not is refused rather than changed.
func (l Limits) CheckReason(reason string) error {
	if !utf8.ValidString(reason) {
		return &ParseError{Field: FieldReason, Input: reason, Err: fmt.Errorf("%w: not valid UTF-8", ErrInvalid)}
	}
	return CheckLen(FieldReason, reason, l.WithDefaults().Reason)
}

// CheckNote reports whether body is within l.Note characters: nil, or a
// *ParseError with Field "note" wrapping ErrInvalid and ErrTooLong.
func (l Limits) CheckNote(body string) error {
	return CheckLen(FieldNote, body, l.WithDefaults().Note)
}

// Names of the inputs that CheckReason and CheckNote report.
const (
	FieldReason = "reason"
	FieldNote   = "note"
)

// CheckLen reports whether s has at most max characters (Unicode code
// points): nil, or a *ParseError naming field and wrapping ErrInvalid and
// ErrTooLong. It costs O(len(s)) at most, and nothing for an s of more than
// 4·max bytes (no character takes more than 4 bytes).
func CheckLen(field, s string, max int) error {
	if len(s) <= max {
		return nil
	}
	n := len(s) // more than 4·max bytes are more than max characters
	if len(s) <= 4*max {
		n = utf8.RuneCountInString(s)
		if n <= max {
			return nil
		}
	}
	return &ParseError{Field: field, Input: s, Err: tooLong(n, len(s) > 4*max, max)}
}

// tooLong returns the reason of a text over max characters: n characters,
// or n bytes when bytes says the characters were not counted.
func tooLong(n int, bytes bool, max int) error {
	unit := "characters"
	if bytes {
		unit = "bytes"
	}
	return fmt.Errorf("%w: %w: %d %s, at most %d characters", ErrInvalid, ErrTooLong, n, unit, max)
}
