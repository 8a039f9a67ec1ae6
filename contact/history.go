package contact

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/contactkit/contactkit/field"
)

// ChangeSource says through which path a change was made, as the property
// history records it.
type ChangeSource string

// The sources of a change.
const (
	ChangeUI         ChangeSource = "ui"
	ChangeAPI        ChangeSource = "api"
	ChangeImport     ChangeSource = "import"
	ChangeMerge      ChangeSource = "merge"
	ChangeAutomation ChangeSource = "automation"
)

// Valid reports whether s is one of the declared change sources.
func (s ChangeSource) Valid() bool {
	switch s {
	case ChangeUI, ChangeAPI, ChangeImport, ChangeMerge, ChangeAutomation:
		return true
	}
	return false
}

// The names under which the standard fields are recorded in the property
// history and reported in update events. A custom field is recorded as
// CustomFieldPrefix followed by its key ("fields.plan"); a list membership
// as ListFieldPrefix followed by the list ID; a channel's consent as
// ConsentFieldPrefix followed by the channel ("consent.sms").
const (
	FieldFirstName   = "first_name"
	FieldLastName    = "last_name"
	FieldAlias       = "alias"
	FieldEmail       = "email"
	FieldPhone       = "phone"
	FieldEmailLabel  = "email_label"
	FieldPhoneLabel  = "phone_label"
	FieldOtherEmails = "other_emails"
	FieldOtherPhones = "other_phones"
	FieldLabel       = "label"
	FieldCountry     = "country"
	FieldLanguage    = "language"
	FieldBirthDate   = "birth_date"
	FieldCity        = "city"
	FieldState       = "state"
	FieldCompany     = "company"
	FieldJobTitle    = "job_title"
	FieldAssignee    = "assignee"
	FieldSource      = "source"
	FieldAvatar      = "avatar"
	FieldStatus      = "status"
	FieldTags        = "tags"
	FieldChannels    = "channels"
	FieldDeletedAt   = "deleted_at"

	CustomFieldPrefix  = "fields."
	ListFieldPrefix    = "lists."
	ConsentFieldPrefix = "consent."
)

// ErrUnknownField: a name that names no field of the property history (a
// typo such as "frist_name"). The error of such a name is a *ParseError of
// Field "field" wrapping it.
var ErrUnknownField = errors.New("unknown field")

// IsStandardField reports whether name is the name under which the property
// history records a standard field (FieldFirstName … FieldDeletedAt).
func IsStandardField(name string) bool {
	_, ok := creationCode(name)
	return ok
}

// Erased stands, in the records of a contact, for a value of another
// contact that was erased: what a merge gave the first from the second and
// an unmerge took back, which an erasure removes (see
// contactkit.Service.EraseContact).
const Erased = "(erased)"

// Change is one entry of the property history: one field of one contact
// went from Old to New, in the canonical text form of its value ("" for
// empty). Tags are recorded as their names joined by ", " in set order;
// channels as "kind since RFC 3339 time" joined by ", ".
type Change struct {
	Contact ID
	Field   string
	Old     string
	New     string
	At      time.Time
	Actor   UserID
	Source  ChangeSource
	Reason  string // why, where the change needs one (an unsubscribe, a block)
	// Address is the address whose consent changed, in a change of a
	// field ConsentFieldPrefix and a channel names: its email, or its
	// phone in E.164. A contact has several addresses on a channel (its
	// emails, its phones), each with its own consent. Empty for any other
	// field.
	Address string `json:",omitempty"`
}

// Diff lists the fields whose values differ between before and after, in a
// fixed order: the standard fields in declaration order, then the custom
// fields by key. Only Contact, Field, Old and New are set; the caller stamps
// time, actor and source. Diff of a contact against the zero Contact lists
// every field that is set, which is how a creation is recorded. Old and New
// are strings of their own: a value may be a part of a larger string (a
// request's body, the packed text of a stored contact), which a history
// kept in memory would keep whole.
func Diff(before, after *Contact) []Change {
	var out []Change
	eachDiff(before, after, func(name string, custom field.Key, old, new string) {
		if name == "" {
			name = CustomFieldPrefix + custom.String()
		}
		out = append(out, Change{Contact: after.ID, Field: name, Old: strings.Clone(old), New: strings.Clone(new)})
	})
	return out
}

// eachDiff calls differ with the field and the old and new values of each
// field that differs between before and after, in Diff's order. The field
// is a standard one by its name, or, when name is "", the custom field of
// key custom (so that a caller that does not need CustomFieldPrefix+key
// does not build it).
func eachDiff(before, after *Contact, differ func(name string, custom field.Key, old, new string)) {
	add := func(name, old, new string) {
		if old != new {
			differ(name, field.Key{}, old, new)
		}
	}
	add(FieldFirstName, before.FirstName, after.FirstName)
	add(FieldLastName, before.LastName, after.LastName)
	add(FieldAlias, before.Alias, after.Alias)
	add(FieldEmail, before.Email.String(), after.Email.String())
	add(FieldPhone, before.Phone.String(), after.Phone.String())
	add(FieldEmailLabel, string(before.EmailLabel), string(after.EmailLabel))
	add(FieldPhoneLabel, string(before.PhoneLabel), string(after.PhoneLabel))
	if len(before.OtherEmails) > 0 || len(after.OtherEmails) > 0 {
		add(FieldOtherEmails, joinLabeled(before.OtherEmails, func(e LabeledEmail) (string, Label) { return e.Email.String(), e.Label }),
			joinLabeled(after.OtherEmails, func(e LabeledEmail) (string, Label) { return e.Email.String(), e.Label }))
	}
	if len(before.OtherPhones) > 0 || len(after.OtherPhones) > 0 {
		add(FieldOtherPhones, joinLabeled(before.OtherPhones, func(p LabeledPhone) (string, Label) { return p.Phone.String(), p.Label }),
			joinLabeled(after.OtherPhones, func(p LabeledPhone) (string, Label) { return p.Phone.String(), p.Label }))
	}
	add(FieldCountry, before.Country.String(), after.Country.String())
	add(FieldLanguage, before.Language.String(), after.Language.String())
	add(FieldBirthDate, before.BirthDate.String(), after.BirthDate.String())
	add(FieldCity, before.City, after.City)
	add(FieldState, before.State, after.State)
	add(FieldCompany, before.Company, after.Company)
	add(FieldJobTitle, before.JobTitle, after.JobTitle)
	add(FieldAssignee, string(before.Assignee), string(after.Assignee))
	add(FieldSource, string(before.Source), string(after.Source))
	add(FieldAvatar, before.Avatar, after.Avatar)
	add(FieldStatus, string(before.Status), string(after.Status))
	if !slices.Equal(before.Tags, after.Tags) {
		add(FieldTags, joinTags(before), joinTags(after))
	}
	if len(before.Channels) > 0 || len(after.Channels) > 0 {
		add(FieldChannels, joinChannels(before), joinChannels(after))
	}
	if !before.DeletedAt.Equal(after.DeletedAt) {
		add(FieldDeletedAt, formatTime(before.DeletedAt), formatTime(after.DeletedAt))
	}
	if len(before.Fields) == 0 && len(after.Fields) == 0 {
		return
	}
	keys := make([]field.Key, 0, 8) // on the stack for the usual few fields
	for k := range before.Fields {
		keys = append(keys, k)
	}
	for k := range after.Fields {
		if _, ok := before.Fields[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b field.Key) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range keys {
		if old, new := before.Fields[k].String(), after.Fields[k].String(); old != new {
			differ("", k, old, new)
		}
	}
}

func joinTags(c *Contact) string {
	switch len(c.Tags) {
	case 0:
		return ""
	case 1:
		return c.Tags[0].String()
	}
	size := 2 * (len(c.Tags) - 1)
	for _, n := range c.Tags {
		size += len(n.String())
	}
	var b strings.Builder
	b.Grow(size)
	for i, n := range c.Tags {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n.String())
	}
	return b.String()
}

func joinChannels(c *Contact) string {
	parts := make([]string, len(c.Channels))
	for i, ch := range c.Channels {
		parts[i] = string(ch.Kind) + " since " + formatTime(ch.ConnectedAt)
	}
	return strings.Join(parts, ", ")
}

// formatTime is the history's form of a time: RFC 3339 in UTC, "" for the
// zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// joinLabeled records secondary addresses in the history: each address,
// with its label in parentheses when it has one, joined by ", ".
func joinLabeled[T any](s []T, parts func(T) (string, Label)) string {
	var b strings.Builder
	for i, v := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		a, l := parts(v)
		b.WriteString(a)
		if l != "" {
			b.WriteString(" (" + string(l) + ")")
		}
	}
	return b.String()
}
