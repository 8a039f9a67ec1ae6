package list

import (
	"errors"
)

// ConsentStatus is whether an address may receive messages on its channel
// (rule L2).
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
// default: a new address is subscribed (rule L2).
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

// New returns the first ledger entry of an address the ledger has never
// seen: status p.Default(), changed by ch (its Reason trimmed), Version 0
// (the store sets it). New is only for an address with no entry: an
// existing entry is kept as it is whenever the address appears again, on a
// new contact, an edit, an import, a merge or a restore (rule L3), and
// changes only through Unsubscribe and Resubscribe.
func (p Policy) New(a Address, ch Change) Consent {
	return Consent{Address: a, Status: p.Default(), Changed: ch.normalize()}
}

// Consent is an entry of the consent ledger (rules L2–L4): the consent
// status of one address on one channel in one workspace, and its last
// change. The ledger is keyed by workspace and Address, not by contact: an
// entry outlives every contact that had the address.
//
// Its status changes only through Unsubscribe, which any change may do,
// and Resubscribe, the only way back from ConsentUnsubscribed.
type Consent struct {
	Address Address
	Status  ConsentStatus
	Changed Change // the last change of Status
	// Version is the optimistic-concurrency version, set by the store.
	Version int64
}

// Subscribed reports whether c.Status is ConsentSubscribed: whether the
// address may receive messages on its channel.
func (c Consent) Subscribed() bool { return c.Status == ConsentSubscribed }

// Unsubscribe returns c unsubscribed by the change ch, and whether it
// changed. Any change may unsubscribe, whatever its source or reason: an
// import with "unsubscribe all" (rule L4), an inbound STOP, a user. An
// address that is already unsubscribed is returned unchanged with false: the
// first unsubscribe's Change is kept, so the ledger still says who
// unsubscribed the address, when and why. Otherwise the result has Status
// ConsentUnsubscribed and Changed ch (its Reason trimmed); Address and
// Version are kept.
func (c Consent) Unsubscribe(ch Change) (Consent, bool) {
	if c.Status == ConsentUnsubscribed {
		return c, false
	}
	c.Status = ConsentUnsubscribed
	c.Changed = ch.normalize()
	return c, true
}

// Resubscribe returns c subscribed again by the change ch. It is the only
// function of this package that lifts an unsubscribe (rule L4), and it
// requires an explicit user action: a Reason that is not blank
// (ErrReasonRequired), a By (ErrActorRequired) and a Source that is
// contact.ChangeUI or contact.ChangeAPI (ErrNotExplicit: an import, a merge
// or an automation never resubscribes). Every missing condition is
// reported, as *TransitionError values joined, and c is returned unchanged.
//
// The conditions are checked even when c is already subscribed; then c is
// returned unchanged, with its Changed kept. Callers tell whether anything
// changed by comparing Status before and after. Otherwise the result has
// Status ConsentSubscribed and Changed ch (its Reason trimmed); Address and
// Version are kept.
func (c Consent) Resubscribe(ch Change) (Consent, error) {
	if err := ch.explicit("consent", string(c.Status), string(ConsentSubscribed)); err != nil {
		return c, err
	}
	if c.Status == ConsentSubscribed {
		return c, nil
	}
	c.Status = ConsentSubscribed
	c.Changed = ch.normalize()
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
