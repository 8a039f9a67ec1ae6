package list

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// MaxNameLen is the greatest number of characters (Unicode code points,
// after normalisation) in a list name.
const MaxNameLen = 255

// MaxDescriptionLen is the greatest number of characters (Unicode code
// points, after normalisation) in a list description.
const MaxDescriptionLen = 2000

// List is a mailing or messaging list of a workspace. A list
// exists before contacts join it; a contact's place in it is a Membership.
// The store scopes lists by workspace, so a List has no workspace field.
type List struct {
	ID          ID
	Name        string // normalised with contact.NormalizeName; 1 to MaxNameLen characters
	Description string // free text, trimmed, in NFC; at most MaxDescriptionLen characters
	// Channel is the channel the list sends on, or "" for a list that may
	// send on any of them. It says which addresses of a contact the consent
	// ledger is asked about when the contact joins (see the Service's
	// AddToList): the one on Channel, or, with no Channel, every address
	// the contact has.
	Channel Channel
	// DoubleOptIn makes a contact who joins the list StatusUnconfirmed until
	// they confirm, instead of StatusSubscribed (see Join).
	DoubleOptIn bool
	// Version is the optimistic-concurrency version, set by the store: 1
	// after Create, incremented by every Update.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Normalize returns l with its Name normalised by contact.NormalizeName
// (trimmed, inner white space collapsed, NFC) and its Description trimmed
// and in NFC, invalid UTF-8 replaced by U+FFFD. It is the form Validate
// accepts and the store keeps. Normalize is idempotent.
func (l List) Normalize() List {
	l.Name = contact.NormalizeName(l.Name)
	l.Description = normalizeText(l.Description)
	return l
}

// Validate checks l: a name that shows something (not empty, nor only
// fillers such as U+3164 HANGUL FILLER: ErrEmpty), has at most MaxNameLen
// characters and is normalised (l.Name == l.Normalize().Name), a
// normalised description of at most MaxDescriptionLen characters, and a
// Channel that is "" or valid. Every problem is reported at once: an
// *Error per problem, joined, each wrapping ErrInvalidList and the reason
// (ErrEmpty, ErrTooLong, ErrNotNormalized or ErrInvalidChannel).
func (l List) Validate() error {
	var errs []error
	fail := func(field, input string, reason error) {
		errs = append(errs, &Error{Field: field, Input: input, Err: wrap(ErrInvalidList, reason)})
	}
	name := contact.NormalizeName(l.Name)
	switch {
	case inputtext.Blank(name): // a name that shows nothing (U+3164 HANGUL FILLER) is none
		fail("name", l.Name, ErrEmpty)
	case utf8.RuneCountInString(name) > MaxNameLen:
		fail("name", l.Name, tooLong(MaxNameLen))
	}
	if name != "" && name != l.Name {
		fail("name", l.Name, ErrNotNormalized)
	}
	desc := normalizeText(l.Description)
	if utf8.RuneCountInString(desc) > MaxDescriptionLen {
		fail("description", l.Description, tooLong(MaxDescriptionLen))
	}
	if l.Description != desc {
		fail("description", l.Description, ErrNotNormalized)
	}
	if l.Channel != "" && !l.Channel.Valid() {
		errs = append(errs, &Error{Field: "channel", Input: string(l.Channel), Err: wrap(ErrInvalidList, ErrInvalidChannel)})
	}
	return errors.Join(errs...)
}

// Join returns the membership of the contact c in l, starting now: its
// Status is StatusUnconfirmed when l.DoubleOptIn (awaiting confirmation)
// and StatusSubscribed otherwise, and Changed is ch (its Reason trimmed).
// Its Version is 0: the store sets it. Join is for a contact that has no
// membership in l yet; an existing membership changes with
// Membership.SetStatus, so that an unsubscribe is only lifted explicitly.
func (l List) Join(c contact.ID, ch Change) Membership {
	s := StatusSubscribed
	if l.DoubleOptIn {
		s = StatusUnconfirmed
	}
	return Membership{List: l.ID, Contact: c, Status: s, Changed: ch.normalize()}
}

func normalizeText(s string) string {
	return strings.TrimSpace(norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD")))
}
