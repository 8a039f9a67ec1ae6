package list

import (
	"errors"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// Change records the last change of a membership's or a consent's status:
// when, who, how and why. The Service also records every change in the
// property history.
type Change struct {
	At     time.Time
	By     contact.UserID       // the user who made the change; "" for none (a form, an inbound message)
	Source contact.ChangeSource // the path: ui, api, import, merge, automation
	Reason string               // why, as the user or the caller wrote it; trimmed
}

// normalize returns ch with its Reason trimmed of surrounding white space,
// as every transition of this package stores it.
func (ch Change) normalize() Change {
	ch.Reason = strings.TrimSpace(ch.Reason)
	return ch
}

// explicit returns the problems that keep ch from being an explicit user
// action: no reason (ErrReasonRequired), no user
// (ErrActorRequired), or a source other than the UI or the API
// (ErrNotExplicit). Each is a *TransitionError from -> to.
func (ch Change) explicit(subject, from, to string) error {
	var errs []error
	fail := func(reason error) {
		errs = append(errs, &TransitionError{Subject: subject, From: from, To: to, Err: reason})
	}
	if inputtext.Blank(ch.Reason) {
		fail(ErrReasonRequired) // a reason that shows nothing is none
	}
	if ch.By == "" {
		fail(ErrActorRequired)
	}
	switch ch.Source {
	case contact.ChangeUI, contact.ChangeAPI:
	case contact.ChangeImport, contact.ChangeMerge, contact.ChangeAutomation:
		fail(ErrNotExplicit)
	default:
		fail(ErrNotExplicit)
	}
	return errors.Join(errs...)
}

// Status is the status of a contact in a list.
type Status string

// The statuses of a membership.
const (
	// StatusSubscribed: the contact receives what is sent to the list.
	StatusSubscribed Status = "subscribed"
	// StatusUnsubscribed: the contact left the list, or was removed from
	// it. Only an explicit resubscribe brings them back.
	StatusUnsubscribed Status = "unsubscribed"
	// StatusUnconfirmed: the contact joined a double opt-in list and has not
	// confirmed yet.
	StatusUnconfirmed Status = "unconfirmed"
)

// Valid reports whether s is one of the declared statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusSubscribed, StatusUnsubscribed, StatusUnconfirmed:
		return true
	}
	return false
}

// restriction ranks statuses from the least restrictive to the most. An
// invalid status ranks as StatusUnsubscribed, the safe reading.
func (s Status) restriction() int {
	switch s {
	case StatusSubscribed:
		return 0
	case StatusUnconfirmed:
		return 1
	case StatusUnsubscribed:
		return 2
	}
	return 2
}

// MostRestrictive returns the more restrictive of a and b:
// StatusUnsubscribed over StatusUnconfirmed over StatusSubscribed. A merge
// unites list memberships with it. An invalid status counts as
// StatusUnsubscribed, so the result is always a valid Status.
func MostRestrictive(a, b Status) Status {
	r := max(a.restriction(), b.restriction())
	switch r {
	case 0:
		return StatusSubscribed
	case 1:
		return StatusUnconfirmed
	}
	return StatusUnsubscribed
}

// Membership is the place of one contact in one list: its status,
// and who changed it last, when, how and why. The store scopes it by
// workspace and keys it by list and contact.
type Membership struct {
	List    ID
	Contact contact.ID
	Status  Status
	Changed Change // the last change of Status
	// Version is the optimistic-concurrency version, set by the store.
	Version int64
}

// Subscribed reports whether m.Status is StatusSubscribed: whether the
// contact receives what is sent to the list.
func (m Membership) Subscribed() bool { return m.Status == StatusSubscribed }

// SetStatus returns m moved to status s by the change ch, and whether
// anything changed. The rules:
//
//   - s must be a valid Status, else a *TransitionError wrapping
//     ErrInvalidStatus.
//   - When m.Status is already s, m is returned unchanged (Changed kept) with
//     false, and ch is not checked.
//   - Leaving StatusUnsubscribed, for StatusSubscribed or StatusUnconfirmed,
//     is an explicit resubscribe: ch needs a Reason that shows something
//     (not blank, nor only invisible characters or fillers such as U+3164
//     HANGUL FILLER: ErrReasonRequired), a By (ErrActorRequired) and a Source that
//     is contact.ChangeUI or contact.ChangeAPI (ErrNotExplicit; so an
//     import, a merge or an automation never resubscribes). Every missing
//     condition is reported, as *TransitionError values joined. A Membership
//     whose Status is not valid counts as unsubscribed here, the safe
//     reading.
//   - Every other change is allowed with any ch: subscribing or unsubscribing
//     from StatusUnconfirmed (confirmation, or refusal), unsubscribing from
//     StatusSubscribed, and StatusSubscribed to StatusUnconfirmed (asking for
//     a new confirmation).
//
// On success the result has Status s and Changed ch (its Reason trimmed);
// List, Contact and Version are kept: the store bumps the version. On error
// m is returned unchanged.
func (m Membership) SetStatus(s Status, ch Change) (Membership, bool, error) {
	if !s.Valid() {
		return m, false, &TransitionError{Subject: "membership", From: string(m.Status), To: string(s), Err: ErrInvalidStatus}
	}
	if m.Status == s {
		return m, false, nil
	}
	if m.Status == StatusUnsubscribed || !m.Status.Valid() {
		if err := ch.explicit("membership", string(m.Status), string(s)); err != nil {
			return m, false, err
		}
	}
	m.Status = s
	m.Changed = ch.normalize()
	return m, true, nil
}

// Validate checks m: a list, a contact and a valid status. Every problem is
// reported at once, as *Error values joined, each wrapping
// ErrInvalidMembership (and ErrInvalidStatus for the status).
func (m Membership) Validate() error {
	var errs []error
	if m.List.IsZero() {
		errs = append(errs, &Error{Field: "list", Input: m.List.String(), Err: wrap(ErrInvalidMembership, ErrEmpty)})
	}
	if m.Contact.IsZero() {
		errs = append(errs, &Error{Field: "contact", Input: m.Contact.String(), Err: wrap(ErrInvalidMembership, ErrEmpty)})
	}
	if !m.Status.Valid() {
		errs = append(errs, &Error{Field: "status", Input: string(m.Status), Err: wrap(ErrInvalidMembership, ErrInvalidStatus)})
	}
	return errors.Join(errs...)
}
