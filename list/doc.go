// Package list holds lists, memberships, subscription statuses and the
// rules of consent. It is pure: no I/O, no clock, no
// store; the Service combines it with persistence.
//
// # Lists and memberships
//
// A [List] exists in a workspace before contacts join it. A
// contact joins with [List.Join]: [StatusSubscribed], or
// [StatusUnconfirmed] when the list asks for double opt-in. A [Membership]
// then changes with [Membership.SetStatus], which records in a [Change] who
// made the change, when, through which path (ui, api, import, merge,
// automation) and why. The Service also records every change in the
// property history. When two contacts merge, their memberships of one list
// unite with [MostRestrictive].
//
// # The consent ledger
//
// Besides list memberships, every address has a consent status,
// [ConsentSubscribed] or [ConsentUnsubscribed]: the email address
// for [ChannelEmail], the phone number for [ChannelSMS] and, separately, for
// [ChannelWhatsApp]. Consent does not live on the contact. It lives in a
// ledger keyed by the workspace and an [Address], a channel and the
// canonical address on it ([AddressOf], [Addresses], [ParseAddress]), and
// holds one [Consent] per key.
//
// Because the key is the address and not the contact, an unsubscribe
// survives whatever happens to contacts: deleting, purging or erasing the
// contact that had the address, merging it or unmerging it, editing its
// address away and back, importing the address again on a new contact. A
// contact created or imported with an address that the ledger holds as
// unsubscribed is unsubscribed. An address the ledger has no entry for
// reads as the workspace's [Policy] says ([Policy.New]): subscribed unless
// the policy says otherwise. Such an entry is marked [Consent.Default]: it
// holds no one's choice, and [Consent.OptIn] (consent given on a form) may
// subscribe it, while an unsubscribe by choice stays until an explicit
// resubscribe.
//
// A [List] may name its [List.Channel]: the channel whose addresses the
// ledger is asked about when a contact joins it; a list with no channel
// is about every address of the contact.
//
// # Only an explicit resubscribe lifts an unsubscribe
//
// This is a property of this package's API, not a convention of its
// callers. [Consent.Unsubscribe] takes any change. [Consent.Resubscribe] is
// the only function that moves an address from unsubscribed by choice to
// subscribed ([Consent.OptIn] only subscribes a Default entry), and it
// refuses a change without a reason ([ErrReasonRequired]), without
// the user who made it ([ErrActorRequired]) or coming from anything but the
// UI or the API ([ErrNotExplicit]): an import, a merge or an automation
// never resubscribes. [Membership.SetStatus] applies the same conditions to
// a membership that leaves [StatusUnsubscribed].
//
// # Errors
//
// Errors wrap a category for [errors.Is] ([ErrInvalidList],
// [ErrInvalidStatus], [ErrReasonRequired], …) and are an [*Error] or a
// [*TransitionError] with the details; validation reports every problem at
// once, joined.
//
// Values of this package are safe to read concurrently, not to mutate
// concurrently; their methods never modify the value they are called on.
package list
