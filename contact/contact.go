package contact

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/tag"
)

// Status is the state of a live contact: active or blocked. Deletion is a
// separate lifecycle (DeletedAt).
type Status string

// The statuses of a contact. The zero Status is rejected by Validate;
// contactkit.Service.CreateContact creates a contact with StatusActive.
const (
	StatusActive  Status = "active"
	StatusBlocked Status = "blocked"
)

// Valid reports whether s is one of the declared statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusActive, StatusBlocked:
		return true
	}
	return false
}

// Source says where a contact came from: manual, import, form, inbox or api.
type Source string

// The sources of a contact.
const (
	SourceManual Source = "manual"
	SourceImport Source = "import"
	SourceForm   Source = "form"
	SourceInbox  Source = "inbox"
	SourceAPI    Source = "api"
)

// Valid reports whether s is one of the declared sources.
func (s Source) Valid() bool {
	switch s {
	case SourceManual, SourceImport, SourceForm, SourceInbox, SourceAPI:
		return true
	}
	return false
}

// Contact is the contact aggregate: the standard fields (names, emails,
// phones, country, language, birth date, city, state, company, job title,
// assignee, source, avatar), the custom field values, the tags and the
// status of one person in one workspace.
//
// A Contact is a value: the store hands out copies, and Clone makes a copy
// that shares nothing with the original. The methods that read a Contact
// (Trashed, Blocked, DisplayName, Clone, Validate) have value receivers, so
// that they can be called on a returned value in one expression.
// contactkit.Service.CreateContact builds one; in pure code, start from a
// literal and change it with a Patch (Patch.Apply), which parses and
// validates its input.
type Contact struct {
	ID        ID
	Workspace WorkspaceID
	// Version is the optimistic-concurrency version, set by the store: 1
	// after Create, incremented by every Update. A write carrying a stale
	// Version fails with store.ErrConflict.
	Version int64

	FirstName string
	LastName  string
	Alias     string
	// Email and Phone are the primary email and phone, EmailLabel and
	// PhoneLabel their labels. OtherEmails and OtherPhones are the
	// secondary ones, each with its label, at most MaxOtherAddresses of
	// each; there are none without a primary. Every one of them is a key of
	// the contact (Keys): unique among the live contacts of the workspace,
	// found by capture and lookups, with its own consent entry.
	Email       Email
	EmailLabel  Label
	OtherEmails []LabeledEmail
	Phone       Phone
	PhoneLabel  Label
	OtherPhones []LabeledPhone
	Country     Country  // ISO 3166-1 alpha-2; derived from Phone when unset
	Language    Language // BCP 47
	BirthDate   field.Date
	City        string // city or location
	State       string // state or province
	Company     string // the account
	JobTitle    string
	Assignee    UserID
	Source      Source
	// Avatar is the URL of the contact's picture, an http or https URL in
	// the form ParseAvatar gives. It is read-only for users: only a channel
	// sync sets it, and a Patch cannot.
	Avatar string

	Status Status
	// Channels are the contact's connected channels, each active since
	// its ConnectedAt. The state of every other channel follows from the
	// contact's addresses: see ChannelStates.
	Channels []Channel
	Tags     tag.Set
	// Fields holds the custom field values, by the key of their definition.
	// A key is absent, never mapped to a zero Value.
	Fields map[field.Key]field.Value

	CreatedAt time.Time
	UpdatedAt time.Time
	// DeletedAt is when the contact was moved to the trash, and DeletedBy
	// who moved it; both are zero for a live contact. A contact in the
	// trash holds neither its email nor its phone: a live contact may take
	// them.
	DeletedAt time.Time
	DeletedBy UserID
}

// Trashed reports whether c is in the trash.
func (c Contact) Trashed() bool { return !c.DeletedAt.IsZero() }

// Clone returns a deep copy of c: its tags and custom fields share nothing
// with c's.
func (c Contact) Clone() Contact {
	d := c
	d.Tags = c.Tags.Clone()
	d.Channels = slices.Clone(c.Channels)
	d.OtherEmails = slices.Clone(c.OtherEmails)
	d.OtherPhones = slices.Clone(c.OtherPhones)
	if c.Fields != nil {
		d.Fields = maps.Clone(c.Fields)
	}
	return d
}

// DisplayName is the name to show for c: first and last name, else the
// alias, the email or the phone.
func (c Contact) DisplayName() string {
	return DisplayName(c.FirstName, c.LastName, c.Alias, c.Email, c.Phone)
}

// identified reports whether c has a display name (DisplayName is not
// ""), without joining the names as DisplayName does.
func (c Contact) identified() bool {
	return !c.Email.IsZero() || !c.Phone.IsZero() || hasName(c.FirstName) || hasName(c.LastName) || hasName(c.Alias)
}

// hasName reports whether NormalizeName(s) is not "", without building it
// when s is already stripped and spaced, as the names of a contact are:
// NFC, all NormalizeName does to such a string, empties none.
func hasName(s string) bool {
	if spaced, _ := spacedOnce(s); spaced {
		return s != ""
	}
	return NormalizeName(s) != ""
}

// Blocked reports whether c is blocked.
func (c Contact) Blocked() bool { return c.Status == StatusBlocked }

// ErrNoIdentity is reported by Validate for a contact with no name, alias,
// email or phone: nothing would identify it.
var ErrNoIdentity = errors.New("a contact needs a name, an alias, an email or a phone")

// Validate checks the rules that span fields: a known status and source, at
// least one identifying field, an avatar that is an http or https URL (see
// ParseAvatar), and the custom values against defs (unknown
// keys, wrong types, missing required fields). Every problem is reported at
// once, joined with errors.Join.
func (c Contact) Validate(defs []field.Definition) error {
	return errors.Join(c.problems(defs)...)
}

func (c Contact) problems(defs []field.Definition) []error {
	var errs []error
	if c.Workspace == "" {
		errs = append(errs, fmt.Errorf("%w: no workspace", ErrInvalid))
	}
	if !c.Status.Valid() {
		errs = append(errs, fmt.Errorf("%w: unknown status %s", ErrInvalid, inputtext.Quote(string(c.Status))))
	}
	if c.Source != "" && !c.Source.Valid() {
		errs = append(errs, fmt.Errorf("%w: unknown source %s", ErrInvalid, inputtext.Quote(string(c.Source))))
	}
	if !c.identified() {
		errs = append(errs, ErrNoIdentity)
	}
	errs = append(errs, c.identityProblems()...)
	if c.Avatar != "" {
		if _, err := ParseAvatar(c.Avatar); err != nil {
			errs = append(errs, err)
		}
	}
	for _, ch := range c.Channels {
		if err := ch.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := field.Validate(defs, c.Fields); err != nil {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = append(errs, j.Unwrap()...)
		} else {
			errs = append(errs, err)
		}
	}
	return errs
}
