package activity

import (
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// MaxAttendees is the greatest number of attendees of a meeting.
const MaxAttendees = 100

// Direction says who started a call or sent an email.
type Direction string

// The directions of a call or an email.
const (
	// DirectionInbound: the contact called, or wrote.
	DirectionInbound Direction = "inbound"
	// DirectionOutbound: a user called the contact, or wrote to them.
	DirectionOutbound Direction = "outbound"
)

// Valid reports whether d is one of the declared directions.
func (d Direction) Valid() bool { return d == DirectionInbound || d == DirectionOutbound }

// Outcome is how a call or a meeting went. Calls and meetings have outcomes
// of their own: see ValidFor.
type Outcome string

// The outcomes of a call.
const (
	OutcomeConnected   Outcome = "connected"
	OutcomeNoAnswer    Outcome = "no_answer"
	OutcomeBusy        Outcome = "busy"
	OutcomeVoicemail   Outcome = "left_voicemail"
	OutcomeWrongNumber Outcome = "wrong_number"
)

// The outcomes of a meeting.
const (
	OutcomeScheduled   Outcome = "scheduled"
	OutcomeCompleted   Outcome = "completed"
	OutcomeRescheduled Outcome = "rescheduled"
	OutcomeNoShow      Outcome = "no_show"
	OutcomeCanceled    Outcome = "canceled"
)

// ValidFor reports whether o is an outcome of an activity of kind k: one of
// the call outcomes for KindCall, of the meeting outcomes for KindMeeting.
// The zero Outcome (not said) is valid for both; no other kind has an
// outcome.
func (o Outcome) ValidFor(k Kind) bool {
	switch k {
	case KindCall:
		switch o {
		case "", OutcomeConnected, OutcomeNoAnswer, OutcomeBusy, OutcomeVoicemail, OutcomeWrongNumber:
			return true
		}
	case KindMeeting:
		switch o {
		case "", OutcomeScheduled, OutcomeCompleted, OutcomeRescheduled, OutcomeNoShow, OutcomeCanceled:
			return true
		}
	}
	return o == ""
}

// Attendee is one person at a meeting: a user of the workspace or a
// contact, exactly one of the two.
type Attendee struct {
	User    contact.UserID
	Contact contact.ID
}

// String returns "user:<id>" or "contact:<id>", the form the activity
// history records.
func (t Attendee) String() string {
	if t.User != "" {
		return "user:" + string(t.User)
	}
	return "contact:" + t.Contact.String()
}

// Interaction holds what a call, an email or a meeting has:
//
//   - a call: a Direction, an OccurredAt time, a Duration and an Outcome
//     from the call outcomes (both optional);
//   - an email: a Direction and an OccurredAt time (sent or received);
//   - a meeting: an OccurredAt time (its start), a Duration and an Outcome
//     from the meeting outcomes (both optional), and its Attendees.
//
// A field a kind does not have stays zero.
type Interaction struct {
	Direction  Direction
	OccurredAt time.Time
	Duration   time.Duration
	Outcome    Outcome
	// Attendees of a meeting, each once, at most MaxAttendees of them.
	Attendees []Attendee
}

// IsZero reports whether i is the zero Interaction.
func (i *Interaction) IsZero() bool {
	return i.Direction == "" && i.OccurredAt.IsZero() && i.Duration == 0 && i.Outcome == "" && len(i.Attendees) == 0
}

// validate reports, through fail, every rule of the Interaction of an
// activity of kind k that i breaks.
func (i *Interaction) validate(k Kind, fail func(property, format string, args ...any)) {
	if i.OccurredAt.IsZero() {
		fail("occurred_at", "a %s needs the time it occurred", k)
	}
	if k == KindMeeting {
		if i.Direction != "" {
			fail("direction", "a meeting has no direction")
		}
	} else if !i.Direction.Valid() {
		fail("direction", "a %s needs a direction, inbound or outbound, not %s", k, inputtext.Quote(string(i.Direction)))
	}
	switch {
	case i.Duration < 0:
		fail("duration", "negative duration %v", i.Duration)
	case k == KindEmail && i.Duration != 0:
		fail("duration", "an email has no duration")
	}
	if !i.Outcome.ValidFor(k) {
		fail("outcome", "%s is not an outcome of a %s", inputtext.Quote(string(i.Outcome)), k)
	}
	if k != KindMeeting {
		if len(i.Attendees) > 0 {
			fail("attendees", "a %s has no attendees", k)
		}
		return
	}
	if len(i.Attendees) > MaxAttendees {
		fail("attendees", "more than %d attendees", MaxAttendees)
		return
	}
	seen := make(map[Attendee]bool, len(i.Attendees))
	for n, t := range i.Attendees {
		switch {
		case (t.User == "") == t.Contact.IsZero():
			fail("attendees", "attendee %d is not exactly one of a user and a contact", n)
		case seen[t]:
			fail("attendees", "attendee %s is listed twice", t)
		}
		seen[t] = true
	}
}
