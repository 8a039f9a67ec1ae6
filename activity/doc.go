// Package activity holds the activities of contacts — notes, tasks, calls,
// emails and meetings — their trash and history, and the rules of their
// timeline: order, filter and search.
//
// The package is pure: no I/O, no context, no state. It does not know about
// workspaces or stores: the store scopes activities to their workspace, and
// every time and ID is handed in.
//
// # Notes and tasks
//
// An [Activity] belongs to one contact and is a note ([KindNote]), a task
// ([KindTask]), or an interaction (below). A note has a body, an author and
// may be pinned. A task has a title, a description (the Body), and the
// properties of its [Task]: a type (to-do, call, email, meeting; the zero
// type means to-do), a due time, a duration, an assignee, a reminder, and
// whether and when it was completed. [Activity.Complete] and
// [Activity.Reopen] change that, and fail with [ErrNotATask] on a note. An
// activity may name an automation that the contact is enrolled into when the
// note is saved or the task completed; the Service does that, not this
// package.
//
// A call ([KindCall]), an email ([KindEmail]) and a meeting ([KindMeeting])
// are interactions with the contact, logged with their [Interaction]: the
// [Direction] of a call or an email, when it occurred, the duration and
// [Outcome] of a call or a meeting, and the [Attendee]s of a meeting.
//
// A note enrols its contact into the automation it names when it is saved;
// a task when it is completed, or when it is saved if its [EnrollOn] says
// [EnrollOnSave].
//
// [Activity.Validate] reports every broken rule at once, joined, each a
// [*ValidationError] wrapping [ErrInvalidActivity].
//
// # Trash and history
//
// [Activity.Trash] moves an activity to its own trash, setting only
// DeletedAt and DeletedBy, and [Activity.Restore] clears them: restoring a
// trashed activity gives it back exactly. [Activity.MoveTo] gives a task to
// another contact. [Diff] lists what changed between two versions of an
// activity as [Change]s, one per property, in the canonical text form of
// the values; [Created] is the entry of a creation. The Service stores
// them as the activity's history.
//
// # Timeline
//
// The timeline lists a contact's activities with the pinned ones on top,
// then newest first by when each happened ([Activity.When]: a call, an
// email or a meeting at its OccurredAt, a note or a task at its creation),
// with the ID (descending) breaking ties between activities of the same
// instant: [Compare] and [Less] are that
// total order, [Sort] sorts by it. A store pages the timeline by keyset: the
// cursor is the [Position] of the last activity shown, and the next page
// starts with the first activity [After] it.
//
// A [Filter] keeps live activities by kind, by author and by text. Text search
// looks in [SearchText]: an activity's title and body (a task's title and
// description, a note's body, an email's subject and text, a call's or a
// meeting's title and notes), folded with the rule of contact.FoldQuery, so
// that searching activities and contacts ignores case and white space alike.
//
// # Concurrency
//
// Values of this package are safe to read from several goroutines at once,
// not to mutate while others read them.
package activity
