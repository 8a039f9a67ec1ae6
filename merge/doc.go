// Package merge finds duplicate contacts and plans their merge and
// unmerge. It is pure: no store, no context, no clock; the root
// package reads the contacts, calls it, and writes what it plans.
//
// # Duplicates
//
// [Detect] groups contacts that share an email in matching form
// ([MatchEmail]: without subaddress, Gmail dots ignored) or an E.164 phone,
// primary or secondary ([MatchKeys]), transitively, with union-find. Each
// [Group] lists its reasons: each shared value and the contacts that hold
// it. A value held by more contacts than [DetectOptions.Limit] (a
// placeholder such as test@test.com) is reported in [Result.Placeholders]
// and joins nobody. A pair dismissed as "not a duplicate" ([Dismissal]) is
// not joined by the values it shared when it was dismissed; a value shared
// later joins it again.
//
// Since an address belongs to at most one live contact, a value is shared
// only when some holder has it in a variant form (an address whose matching
// form differs from itself). [Holding] is what a store keeps to answer
// without reading every contact: for each matching form that a variant
// holds, every live, unblocked holder. A store keeps one record for each,
// by its key, so that a write of a contact reads the holdings of its own
// keys alone, and the shared ones ([Holding.Shared]) again, packed in
// [Buckets] buckets ([HoldingBucket], [BucketOf]), so that finding
// duplicates reads them alone, in a few thousand records at most. [Holds]
// says how a contact holds its keys, [HoldChanges] which holdings a write
// of a contact touches, [SharedHoldings] which holdings of buckets are
// shared, and [DetectHoldings] finds the groups from the holdings alone.
//
// # Plans
//
// [NewPlan] computes the survivor of a merge field by field, each
// [Decision] with the [Rule] that made it: by default the primary's
// non-empty value wins and blanks are filled from the others in order
// ([PolicyPrimary]); [PolicyMostRecent] takes the value changed last
// according to the property history. The others' emails and phones become
// secondary identities of the survivor (what does not fit within
// contact.MaxOtherAddresses is reported in [Plan.Unplaced], never dropped
// silently), tags are united within the tag limit, blocked wins, the
// oldest creation date is kept, and so is an assignee. [UniteStatus] unites
// list memberships with the most restrictive status.
//
// [NewUnmergePlan] computes, from a merge [Record] and the survivor as it is
// now, the inputs to restore, field by field: a field unchanged since the
// merge goes back to the primary's snapshot, a field edited since that the
// merge had not changed keeps the edit, and a field both changed by the
// merge and edited since is a [Conflict]. Every conflict is reported. A
// field a merge rule derives rather than a person edits (the creation
// date, [RuleOldest]) is derived again over the survivor's own value
// ([Record.BaseCreatedAt], [BaseCreatedAt]) and the contacts of the merges
// into it that still stand, so that they can be undone in any order.
// A merge undone while later merges into the same survivor stand is undone
// as if it had never been made: the later ones are replayed without it
// ([UnmergePlan.Later], [Record.Rebased]), and what they give the
// survivor from their own others stays. [NewUnmergePlanChanged] replays one
// made with [PolicyMostRecent] by when its inputs' fields last changed
// without the merge undone ([LastChange]).
//
// Values of this package are safe to read concurrently, not to mutate.
package merge
