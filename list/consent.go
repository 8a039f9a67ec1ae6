package list

import (
	"errors"
)

// ConsentStatus is whether an address may receive messages on its channel:
// subscribed or unsubscribed.
type ConsentStatus string

// The consent statuses.
const (
	ConsentSubscribed   ConsentStatus = "subscribed"
	ConsentUnsubscribed ConsentStatus = "unsubscribed"
)

// Valid reports whether s is one of the declared consent statuses.
func (s ConsentStatus) Valid() bool {
	switch s {
	case ConsentSubscribed, ConsentUnsubscribed:
		return true
	}
	return false
}

// Policy holds the workspace's consent settings. The zero Policy is the
// default: a new address is subscribed.
type Policy struct {
	// DefaultConsent is the status of an address the ledger has never seen:
	// ConsentSubscribed, or ConsentUnsubscribed for workspaces that require
	// an explicit opt-in. "" means ConsentSubscribed. Any other value is
	// refused by Validate and treated as ConsentUnsubscribed, the safe
	// reading.
	DefaultConsent ConsentStatus
}

// Default returns the status of an address the ledger has never seen:
// p.DefaultConsent, ConsentSubscribed when it is "", ConsentUnsubscribed
// when it is not valid.
func (p Policy) Default() ConsentStatus {
	switch p.DefaultConsent {
	case "":
		return ConsentSubscribed
	case ConsentSubscribed, ConsentUnsubscribed:
		return p.DefaultConsent
	}
	return ConsentUnsubscribed
}

// Validate reports an *Error wrapping ErrInvalidStatus when
// p.DefaultConsent is neither "" nor a valid ConsentStatus.
func (p Policy) Validate() error {
	if p.DefaultConsent != "" && !p.DefaultConsent.Valid() {
		return &Error{Field: "default consent", Input: string(p.DefaultConsent), Err: ErrInvalidStatus}
	}
	return nil
}

// New returns the entry that stands for an address the ledger has no entry
// for: status p.Default(), Default true (nobody chose it), changed by ch
// (its Reason trimmed), Version 0 (the store sets it). New is only for an
// address with no entry: an existing entry is kept as it is whenever the
// address appears again, on a new contact, an edit, an import, a merge or a
// restore, and changes only through Unsubscribe, Resubscribe and
// OptIn.
func (p Policy) New(a Address, ch Change) Consent {
	return Consent{Address: a, Status: p.Default(), Changed: ch.normalize(), Default: true}
}

// Consent is an entry of the consent ledger: the consent
// status of one address on one channel in one workspace, and its last
// change. The ledger is keyed by workspace and Address, not by contact: an
// entry outlives every contact that had the address.
//
// Its status changes only through Unsubscribe, which any change may do,
// Resubscribe, the only way back from an unsubscribe, and OptIn, which
// subscribes an entry that only holds the workspace default.
type Consent struct {
	Address Address
	Status  ConsentStatus
	Changed Change // the last change of Status
	// Default is true for an entry that holds the workspace default
	// (Policy.New), not a choice: an address nobody unsubscribed or
	// subscribed. Under an opt-in policy it is the unsubscribed entry of an
	// address that has not opted in yet, which OptIn may subscribe; a real
	// unsubscribe (Default false) only Resubscribe lifts. Every transition
	// that changes an entry sets it to false.
	Default bool
	// Version is the optimistic-concurrency version, set by the store.
	Version int64
}

// Subscribed reports whether c.Status is ConsentSubscribed: whether the
// address may receive messages on its channel.
func (c Consent) Subscribed() bool { return c.Status == ConsentSubscribed }

// Unsubscribe returns c unsubscribed by the change ch, and whether it
// changed. Any change may unsubscribe, whatever its source or reason: an
// import with "unsubscribe all", an inbound STOP, a user. An
// address that is already unsubscribed (and not by Default) is returned
// unchanged with false: the first unsubscribe's Change is kept, so the
// ledger still says who unsubscribed the address, when and why. Otherwise
// the result has Status ConsentUnsubscribed, Default false and Changed ch
// (its Reason trimmed); Address and Version are kept. So an unsubscribe of
// an address that was unsubscribed only by an opt-in default is a change
// that does not change Status: the address is now unsubscribed by choice.
func (c Consent) Unsubscribe(ch Change) (Consent, bool) {
	if c.Status == ConsentUnsubscribed && !c.Default {
		return c, false
	}
	c.Status = ConsentUnsubscribed
	c.Changed = ch.normalize()
	c.Default = false
	return c, true
}

// OptIn returns c subscribed by the change ch when consent is given
// without a user's explicit resubscribe — a form's opt-in box, the initial
// consent of a capture — and whether it changed. It subscribes an entry
// that holds only the workspace default (Default: an address the ledger
// has no choice for), and never lifts a real unsubscribe: an
// entry unsubscribed by choice is returned unchanged with false, as is one
// subscribed by choice. Otherwise the result has Status ConsentSubscribed,
// Default false and Changed ch (its Reason trimmed).
func (c Consent) OptIn(ch Change) (Consent, bool) {
	if !c.Default {
		return c, false
	}
	c.Status = ConsentSubscribed
	c.Changed = ch.normalize()
	c.Default = false
	return c, true
}

// Resubscribe returns c subscribed again by the change ch. It is the only
// function of this package that lifts an unsubscribe, and it
// requires an explicit user action: a Reason that shows something (not
// blank, nor only invisible characters or fillers such as U+3164 HANGUL
// FILLER: ErrReasonRequired), a By (ErrActorRequired) and a
// Source that is contact.ChangeUI or contact.ChangeAPI (ErrNotExplicit: an
// import, a merge or an automation never resubscribes). Every missing condition is
// reported, as *TransitionError values joined, and c is returned unchanged.
//
// The conditions are checked even when c is already subscribed; then c is
// returned unchanged, with its Changed kept, unless it is a Default entry,
// which the explicit choice replaces. Callers tell whether anything changed
// by comparing Status and Default before and after. Otherwise the result
// has Status ConsentSubscribed, Default false and Changed ch (its Reason
// trimmed); Address and Version are kept.
func (c Consent) Resubscribe(ch Change) (Consent, error) {
	if err := ch.explicit("consent", string(c.Status), string(ConsentSubscribed)); err != nil {
		return c, err
	}
	if c.Status == ConsentSubscribed && !c.Default {
		return c, nil
	}
	c.Status = ConsentSubscribed
	c.Changed = ch.normalize()
	c.Default = false
	return c, nil
}

// Validate checks c: a valid, canonical Address (see Address.Validate) and a
// valid Status (an *Error wrapping ErrInvalidStatus). Every problem is
// reported at once, joined.
func (c Consent) Validate() error {
	var errs []error
	if err := c.Address.Validate(); err != nil {
		errs = append(errs, err)
	}
	if !c.Status.Valid() {
		errs = append(errs, &Error{Field: "status", Input: string(c.Status), Err: ErrInvalidStatus})
	}
	return errors.Join(errs...)
}
