// Package automation holds automation definitions and the enrollment state
// machine of contactkit.
//
// The package is pure: no I/O, no context, no state. It does not know about
// workspaces or stores: the store scopes automations and enrollments to
// their workspace, and every time and ID is handed in, so that the same
// calls give the same results.
//
// # Automations
//
// An [Automation] has a name, an ordered list of [Step] values and the
// [Trigger] values that enrol contacts: a contact was created, a tag was
// added, the contact subscribed to a list, a note was added, a task was
// created or completed, a form was submitted, or a user enrolled the contact
// by hand. A trigger may be narrowed by a subject: [OnTagAdded] fires
// for one tag (any spelling: it compares tag keys), [OnListSubscribed] for
// one list, [OnFormSubmitted] for one form. The host reports what happened as
// an [Occurrence], and [Automation.Triggered] says whether it enrols the
// contact: the automation is active and one of its triggers matches.
//
// [Automation.Validate] reports every broken rule at once, joined, each a
// [*ValidationError] wrapping [ErrInvalidAutomation].
//
// # Enrollments
//
// [Enroll] makes an [Enrollment]: one entry of one contact into one
// automation. It starts at once, active, and is never removed. Entry
// counts the contact's entries into the automation (1, 2, …). The
// automation's [Reentry] policy says whether a contact may enter again while
// an earlier entry is active; the zero policy refuses it
// ([ErrAlreadyEnrolled]), the safest default. An inactive automation accepts
// no contact ([ErrInactive]). An idempotency key travels with the
// enrollment: the Service looks it up in the store before enrolling, so that
// a retried call is a no-op.
//
// An active enrollment moves through the automation's steps in order:
// [Enrollment.Pass] passes the next step as completed or skipped and records
// it, with its time, in the path. [Enrollment.Progress] is the share of
// the steps passed. [Enrollment.End] ends the enrollment: the contact leaves
// the automation and the progress is 100 %, whatever steps were left.
// [Enrollment.Stop] stops it early with a reason, as when the contact is
// deleted or blocked, and keeps the progress reached. Ended and stopped
// enrollments never change again: every method then fails with
// [ErrNotActive].
//
//	active ──Pass──▶ active (one more step in the path)
//	active ──End───▶ ended   (progress 1)
//	active ──Stop──▶ stopped (progress kept, reason recorded)
//
// # No timers
//
// contactkit runs no timers and performs no steps. What a step does (send a
// message, wait two days, assign an agent) is the host's business: the host
// advances enrollments through the Service's API when its own scheduler or
// workers are done with a step, and receives an event for every committed
// change (enrolled, step passed, ended, stopped) to act on.
//
// # Errors
//
// Sentinel errors name the categories; the typed errors [*ParseError],
// [*ValidationError] and [*EnrollmentError] carry the details and wrap them.
// Use errors.Is and errors.AsType; never compare messages.
//
// # Concurrency
//
// Values of this package are safe to read from several goroutines at once,
// not to mutate while others read them.
package automation
