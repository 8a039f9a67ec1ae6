package contactkit

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// Options configure a Service. A nil *Options, and the zero value of every
// field, mean the documented default. New copies the Options; changing them
// afterwards has no effect.
type Options struct {
	// Now returns the current time. Default: time.Now.
	Now func() time.Time

	// NewID returns a new unique ID for a contact. Default: uuid.NewV7,
	// whose IDs sort in creation order.
	NewID func() (uuid.UUID, error)

	// DefaultRegion is the ISO 3166-1 alpha-2 region assumed for phone
	// numbers given in national form ("06 12 34 56 78" with "FR") when the
	// contact has no country that reads them (rule C2: a phone is read in
	// the contact's country first; see contact.Patch.PhoneRegion). Default:
	// none, so such numbers are refused with contact.ErrPhoneNoRegion.
	DefaultRegion string

	// Limits bound the length of every text input (names, company, job
	// title, city, reasons, notes, custom values) and the number of tags
	// per contact and per call. The zero value of each limit is its
	// default: see contact.Limits. A host raises a limit here. A limit
	// holds the inputs a call writes: a note written under a higher one
	// can still be pinned, deleted and restored.
	Limits contact.Limits

	// EmailPolicy says which email addresses are accepted: international
	// ones (RFC 6531 local parts, Unicode or punycode domains), the
	// default, or ASCII only (contact.EmailASCII), for a mail provider
	// without SMTPUTF8.
	EmailPolicy contact.EmailPolicy

	// Consent is the workspace's consent policy: the status of an
	// address the consent ledger has no entry for. Default: subscribed.
	//
	// The ledger holds only what differs from a subscribed default or was
	// chosen: every unsubscribe and every explicit consent is an entry; a
	// new address writes nothing under a subscribed default and an
	// unsubscribed entry (list.Consent.Default) under an opt-in one. So
	// changing this policy never subscribes anyone silently: from
	// subscribed to opt-in, the addresses with no entry read unsubscribed;
	// from opt-in to subscribed, the addresses seen under opt-in keep their
	// unsubscribed entries.
	Consent list.Policy

	// RestoreWindow is how long a deleted contact stays in the trash and can
	// be restored; PurgeTrash erases it after that. Nil means 60 days;
	// a zero (or negative) duration means deleted contacts can never be
	// restored.
	RestoreWindow *time.Duration

	// ActivityRestoreWindow is how long an activity deleted on its own
	// (DeleteActivity) stays in its trash and can be restored;
	// PurgeActivityTrash removes it after that. The window runs from the
	// activity's deletion, whether or not its contact is in the trash
	// since. Nil means 90 days; a zero (or negative) duration means deleted
	// activities can never be restored.
	ActivityRestoreWindow *time.Duration

	// Cascades register the host's own records that depend on a contact
	// (conversations, opportunities, appointments, …): what happens to them
	// when the contact is deleted, restored or erased. Their handlers run
	// inside the same transaction. Default: none.
	Cascades []Cascade

	// Subscribers receive the events of a call, in order, after the
	// transaction that caused them has committed. They run on the
	// goroutine of that call, before it returns: calls made concurrently
	// deliver their events concurrently, so a subscriber must be safe for
	// concurrent use, and a slow one slows the call (hand long work to a
	// queue). Nil entries are ignored. Default: none.
	//
	// In-process delivery is lost if the process dies between the commit
	// and the delivery. When the store keeps an outbox (store.Outboxer,
	// e.g. memstore.Options.Outbox, pgstore.Options.Outbox), the Service
	// also writes every event in the transaction of the call, with an ID
	// from NewID, whether or not anyone subscribes here, and a host drains
	// them at least once with a Relay.
	Subscribers []Subscriber

	// RequireOutbox makes every call that writes fail, writing nothing,
	// with an error matching store.ErrNoOutbox when the transactions of
	// the store find no outbox (store.OutboxOf): a host whose consumers
	// read the outbox sets it, so that a store given through a wrapper
	// that hides the outbox (a Tx without store.Unwrapper) fails at the
	// first call instead of losing every event. An import fails so at its
	// first batch, and so does its dry run, which answers as the real run
	// would. Default: false, so a store without an outbox only loses the
	// outbox.
	RequireOutbox bool

	// AssociationTypes register the kinds of the host's records that
	// contacts may be associated with (Service.Associate): companies,
	// deals, tickets, …, each with the labels it allows. Names must be
	// unique; the first of two with one name wins. A type with an invalid
	// name or label makes every association of it fail with its validation
	// error. Default: none, so Associate refuses every type.
	AssociationTypes []association.Type

	// RequiredFields returns the standard fields that the contacts of a
	// workspace must have, by the names of the contact.Field constants
	// (contact.Requirable lists those allowed): an SMS hub requires
	// contact.FieldPhone. Creating, updating, capturing and importing a
	// contact then reports a missing one as a *contact.RequiredError in
	// the call's *ValidationError, with every other problem, and writes
	// nothing; an import row that would create such a contact fails, one
	// that updates a contact that has the field does not. As for a
	// required custom field, a contact saved before the policy must be
	// given the field at its next change. A name that cannot be required
	// makes every save of the workspace fail with contact.ErrInvalid.
	// It is called once a saved contact, inside the call's transaction:
	// it must be fast, safe for concurrent use, and not reach the store.
	// Nil (the default) requires none.
	RequiredFields func(ws contact.WorkspaceID) []string

	// Authorize decides whether an actor may perform a guarded action
	// (deleting contacts and channels, erasing, reading merge history,
	// managing fields, lists and automations). It returns nil to allow, or
	// an error, which the call returns wrapped. Default: DefaultAuthorize.
	Authorize func(ctx context.Context, a Actor, action Action) error
}

// DefaultRestoreWindow is the restore window when Options.RestoreWindow is
// nil: 60 days.
const DefaultRestoreWindow = 60 * 24 * time.Hour

// DefaultActivityRestoreWindow is the restore window of a deleted activity
// when Options.ActivityRestoreWindow is nil: 90 days.
const DefaultActivityRestoreWindow = 90 * 24 * time.Hour

// Subscriber receives the events of committed changes. See
// Options.Subscribers.
type Subscriber func(ctx context.Context, e Event)

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
		c.Subscribers = slices.DeleteFunc(slices.Clone(o.Subscribers), func(s Subscriber) bool { return s == nil })
		c.Cascades = append([]Cascade(nil), o.Cascades...)
		c.AssociationTypes = slices.Clone(o.AssociationTypes)
		for i := range c.AssociationTypes {
			c.AssociationTypes[i].Labels = slices.Clone(c.AssociationTypes[i].Labels)
		}
		if o.RestoreWindow != nil {
			w := max(*o.RestoreWindow, 0)
			c.RestoreWindow = &w
		}
		if o.ActivityRestoreWindow != nil {
			w := max(*o.ActivityRestoreWindow, 0)
			c.ActivityRestoreWindow = &w
		}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.NewID == nil {
		c.NewID = uuid.NewV7
	}
	if c.RestoreWindow == nil {
		w := DefaultRestoreWindow
		c.RestoreWindow = &w
	}
	if c.ActivityRestoreWindow == nil {
		w := DefaultActivityRestoreWindow
		c.ActivityRestoreWindow = &w
	}
	if c.Authorize == nil {
		c.Authorize = DefaultAuthorize
	}
	return c
}
