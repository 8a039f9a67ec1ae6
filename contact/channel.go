package contact

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// ChannelKind is a messaging channel through which a contact can be reached.
type ChannelKind string

// The kinds of channel, in their fixed order (see ChannelKinds).
const (
	ChannelEmail     ChannelKind = "email"
	ChannelSMS       ChannelKind = "sms"
	ChannelWhatsApp  ChannelKind = "whatsapp"
	ChannelMessenger ChannelKind = "messenger"
	ChannelInstagram ChannelKind = "instagram"
	ChannelTelegram  ChannelKind = "telegram"
)

// ChannelKinds returns every declared kind of channel in their fixed order:
// email, sms, whatsapp, messenger, instagram, telegram. The slice is new on
// every call.
func ChannelKinds() []ChannelKind {
	return []ChannelKind{
		ChannelEmail, ChannelSMS, ChannelWhatsApp,
		ChannelMessenger, ChannelInstagram, ChannelTelegram,
	}
}

// Valid reports whether k is one of the declared kinds.
func (k ChannelKind) Valid() bool {
	switch k {
	case ChannelEmail, ChannelSMS, ChannelWhatsApp,
		ChannelMessenger, ChannelInstagram, ChannelTelegram:
		return true
	}
	return false
}

// ChannelState is the state of one channel of a contact.
type ChannelState string

// The states of a channel.
const (
	// ChannelActive: the channel is connected, since Channel.ConnectedAt.
	ChannelActive ChannelState = "active"
	// ChannelInactive: not connected, but a user can open it, because it is
	// email, sms or whatsapp and the contact has the address (see
	// UserCanOpen).
	ChannelInactive ChannelState = "inactive"
	// ChannelUnavailable: not connected, and only the contact can open it
	// (by writing first).
	ChannelUnavailable ChannelState = "unavailable"
)

// Valid reports whether s is one of the declared states.
func (s ChannelState) Valid() bool {
	switch s {
	case ChannelActive, ChannelInactive, ChannelUnavailable:
		return true
	}
	return false
}

// Channel is one channel of a contact. A contact's stored channels are the
// connected ones, State ChannelActive with the time of the connection; the
// state of every other kind is derived from the contact by ChannelStateFor.
type Channel struct {
	Kind        ChannelKind
	State       ChannelState
	ConnectedAt time.Time // set when State is ChannelActive, zero otherwise
}

// ErrInvalidChannel is the category of every error about a channel.
var ErrInvalidChannel = errors.New("invalid channel")

// The reasons a channel is refused. The Err of every *ChannelError wraps
// ErrInvalidChannel and one of these.
var (
	// ErrChannelKind: the kind is not one of the declared kinds.
	ErrChannelKind = errors.New("unknown kind")
	// ErrChannelState: the state is not one of the declared states.
	ErrChannelState = errors.New("unknown state")
	// ErrChannelTime: an active channel without its connection time, or an
	// inactive or unavailable one with a connection time.
	ErrChannelTime = errors.New("connection time does not match the state")
)

// ChannelError records why a channel was refused.
type ChannelError struct {
	Op   string      // what was being done: "connect", "validate"
	Kind ChannelKind // the channel's kind, as given
	Err  error       // wraps ErrInvalidChannel and the reason
}

// Error returns the message, like
// `contact: connect channel "fax": invalid channel: unknown kind`.
func (e *ChannelError) Error() string {
	return "contact: " + e.Op + " channel " + inputtext.Quote(string(e.Kind)) + ": " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *ChannelError) Unwrap() error { return e.Err }

func channelError(op string, k ChannelKind, reason error) error {
	return &ChannelError{Op: op, Kind: k, Err: fmt.Errorf("%w: %w", ErrInvalidChannel, reason)}
}

// Validate checks ch on its own: a declared kind and state, and a
// connection time exactly when the state is ChannelActive. Every problem is
// reported at once, joined; each is a *ChannelError wrapping
// ErrInvalidChannel.
func (ch Channel) Validate() error {
	var errs []error
	if !ch.Kind.Valid() {
		errs = append(errs, channelError("validate", ch.Kind, ErrChannelKind))
	}
	if !ch.State.Valid() {
		errs = append(errs, channelError("validate", ch.Kind, ErrChannelState))
	} else if (ch.State == ChannelActive) == ch.ConnectedAt.IsZero() {
		errs = append(errs, channelError("validate", ch.Kind, ErrChannelTime))
	}
	return errors.Join(errs...)
}

// UserCanOpen reports whether a user may open channel k to c, that is start
// a conversation the contact did not start: only email, sms and
// whatsapp can be opened, and only when c has the address: an email for
// ChannelEmail, a phone for ChannelSMS and ChannelWhatsApp. It is false for
// a nil c.
func UserCanOpen(k ChannelKind, c *Contact) bool {
	if c == nil {
		return false
	}
	switch k {
	case ChannelEmail:
		return !c.Email.IsZero()
	case ChannelSMS, ChannelWhatsApp:
		return !c.Phone.IsZero()
	case ChannelMessenger, ChannelInstagram, ChannelTelegram:
		return false
	}
	return false
}

// ChannelStateFor returns the state of channel k of c when it is not
// connected: ChannelInactive when UserCanOpen(k, c), else
// ChannelUnavailable. A connected channel is ChannelActive; see
// ChannelStates.
func ChannelStateFor(k ChannelKind, c *Contact) ChannelState {
	if UserCanOpen(k, c) {
		return ChannelInactive
	}
	return ChannelUnavailable
}

// ChannelStates returns the state of every declared kind of channel for c,
// in the order of ChannelKinds: the entry of chs for the kinds connected
// there (State ChannelActive), the state given by ChannelStateFor for the
// others. Entries of chs with an undeclared kind or another state are
// ignored. The result is new and shares nothing with chs.
func ChannelStates(chs []Channel, c *Contact) []Channel {
	kinds := ChannelKinds()
	out := make([]Channel, 0, len(kinds))
	for _, k := range kinds {
		if ch, ok := FindChannel(chs, k); ok && ch.State == ChannelActive {
			out = append(out, ch)
			continue
		}
		out = append(out, Channel{Kind: k, State: ChannelStateFor(k, c)})
	}
	return out
}

// FindChannel returns the first entry of chs of kind k, and whether there is
// one.
func FindChannel(chs []Channel, k ChannelKind) (Channel, bool) {
	if i := slices.IndexFunc(chs, func(ch Channel) bool { return ch.Kind == k }); i >= 0 {
		return chs[i], true
	}
	return Channel{}, false
}

// ConnectChannel returns chs with channel k connected: ChannelActive since
// at. When chs already holds k as active with a connection time, the result
// equals chs: the channel stays connected since its first connection. When
// it holds k otherwise (another state, or no time), that entry (the first
// one of kind k) becomes active since at, in place. Otherwise the channel is
// appended.
//
// The result is always a new slice: the backing array of chs is never
// written. An undeclared kind or a zero at is refused with a *ChannelError
// wrapping ErrInvalidChannel (and ErrChannelKind or ErrChannelTime), and chs
// is returned unchanged.
func ConnectChannel(chs []Channel, k ChannelKind, at time.Time) ([]Channel, error) {
	if !k.Valid() {
		return chs, channelError("connect", k, ErrChannelKind)
	}
	if at.IsZero() {
		return chs, channelError("connect", k, ErrChannelTime)
	}
	out := make([]Channel, len(chs), len(chs)+1)
	copy(out, chs)
	active := Channel{Kind: k, State: ChannelActive, ConnectedAt: at}
	if i := slices.IndexFunc(out, func(ch Channel) bool { return ch.Kind == k }); i >= 0 {
		if out[i].State != ChannelActive || out[i].ConnectedAt.IsZero() {
			out[i] = active
		}
		return out, nil
	}
	return append(out, active), nil
}

// RemoveChannel returns chs without any entry of kind k, and whether there
// was one. The order of the others is kept. The result is always a new slice
// (nil when chs is empty): the backing array of chs is never written.
//
// Removal forgets only the connection: the Service records it in the
// property history, which keeps the channel's past.
func RemoveChannel(chs []Channel, k ChannelKind) ([]Channel, bool) {
	if len(chs) == 0 {
		return nil, false
	}
	out := make([]Channel, 0, len(chs))
	for _, ch := range chs {
		if ch.Kind != k {
			out = append(out, ch)
		}
	}
	return out, len(out) < len(chs)
}
