package list

import (
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/must"
)

// Channel is a channel that has a consent status: one of the
// channels a user can send to unprompted.
type Channel string

// The channels of consent, in their fixed order (see Channels).
const (
	ChannelEmail    Channel = "email"    // the contact's email address
	ChannelSMS      Channel = "sms"      // the contact's phone, E.164
	ChannelWhatsApp Channel = "whatsapp" // the contact's phone, E.164
)

// Channels returns every channel of consent in their fixed order: email,
// sms, whatsapp. The slice is new on every call.
func Channels() []Channel {
	return []Channel{ChannelEmail, ChannelSMS, ChannelWhatsApp}
}

// Valid reports whether ch is one of the declared channels.
func (ch Channel) Valid() bool {
	switch ch {
	case ChannelEmail, ChannelSMS, ChannelWhatsApp:
		return true
	}
	return false
}

// Kind returns the contact channel of the same name (contact.ChannelEmail,
// …), or "" when ch is not valid.
func (ch Channel) Kind() contact.ChannelKind {
	switch ch {
	case ChannelEmail:
		return contact.ChannelEmail
	case ChannelSMS:
		return contact.ChannelSMS
	case ChannelWhatsApp:
		return contact.ChannelWhatsApp
	}
	return ""
}

// Address is where a consent applies: a channel and an address on it. Value
// is canonical: contact.Email.String for ChannelEmail (lower case), the
// E.164 form of contact.Phone for ChannelSMS and ChannelWhatsApp. The same
// phone number has one Address per channel: unsubscribing from SMS does not
// unsubscribe from WhatsApp. Addresses are comparable with == and, with the
// workspace, are the key of the consent ledger. The zero Address
// is no address.
type Address struct {
	Channel Channel
	Value   string
}

// ParseAddress returns the Address of input on channel ch: input is trimmed,
// then parsed with contact.ParseEmail for ChannelEmail, or with
// contact.ParsePhone and defaultRegion (the ISO 3166-1 region assumed for a
// national number, "" for none) for ChannelSMS and ChannelWhatsApp. Errors
// are *Error with Field "channel", wrapping ErrInvalidChannel, or with Field
// "address", wrapping ErrInvalidAddress and the parse error of package
// contact (so errors.Is(err, contact.ErrInvalidPhone) holds for a bad
// phone).
func ParseAddress(ch Channel, input, defaultRegion string) (Address, error) {
	s := strings.TrimSpace(input)
	switch ch {
	case ChannelEmail:
		e, err := contact.ParseEmail(s)
		if err != nil {
			return Address{}, &Error{Field: "address", Input: input, Err: wrap(ErrInvalidAddress, err)}
		}
		return Address{Channel: ch, Value: e.String()}, nil
	case ChannelSMS, ChannelWhatsApp:
		p, err := contact.ParsePhone(s, defaultRegion)
		if err != nil {
			return Address{}, &Error{Field: "address", Input: input, Err: wrap(ErrInvalidAddress, err)}
		}
		return Address{Channel: ch, Value: p.String()}, nil
	}
	return Address{}, &Error{Field: "channel", Input: string(ch), Err: ErrInvalidChannel}
}

// MustParseAddress is ParseAddress with no default region that panics on
// error; for constants in tests and examples.
func MustParseAddress(ch Channel, input string) Address {
	return must.Get(ParseAddress(ch, input, ""))
}

// AddressOf returns the address of c on channel ch: its email for
// ChannelEmail, its phone for ChannelSMS and ChannelWhatsApp. It is false
// when c has no such address, when c is nil or when ch is not valid.
func AddressOf(ch Channel, c *contact.Contact) (Address, bool) {
	if c == nil {
		return Address{}, false
	}
	var v string
	switch ch {
	case ChannelEmail:
		v = c.Email.String()
	case ChannelSMS, ChannelWhatsApp:
		v = c.Phone.String()
	}
	if v == "" {
		return Address{}, false
	}
	return Address{Channel: ch, Value: v}, true
}

// Addresses returns every address of c that has a consent, primary and
// secondary: an email address for each email, then an sms and a whatsapp
// address for each phone, each primary first. It is empty (nil) for a
// contact with neither email nor phone, and for a nil c.
func Addresses(c *contact.Contact) []Address {
	if c == nil {
		return nil
	}
	var out []Address
	for _, e := range c.Emails() {
		out = append(out, Address{Channel: ChannelEmail, Value: e.String()})
	}
	for _, p := range c.Phones() {
		out = append(out,
			Address{Channel: ChannelSMS, Value: p.String()},
			Address{Channel: ChannelWhatsApp, Value: p.String()})
	}
	return out
}

// String returns the address as "channel:value", like
// "sms:+33612345678", or "" for the zero Address.
func (a Address) String() string {
	if a.IsZero() {
		return ""
	}
	return string(a.Channel) + ":" + a.Value
}

// IsZero reports whether a is the zero Address.
func (a Address) IsZero() bool { return a == Address{} }

// Validate checks that a has a valid channel and a Value that is the
// canonical address on it, as ParseAddress gives it. Errors are *Error
// wrapping ErrInvalidChannel or ErrInvalidAddress (and ErrNotNormalized for
// a valid address not in canonical form).
func (a Address) Validate() error {
	if !a.Channel.Valid() {
		return &Error{Field: "channel", Input: string(a.Channel), Err: ErrInvalidChannel}
	}
	p, err := ParseAddress(a.Channel, a.Value, "")
	if err != nil {
		return err
	}
	if p.Value != a.Value {
		return &Error{Field: "address", Input: a.Value, Err: wrap(ErrInvalidAddress, ErrNotNormalized)}
	}
	return nil
}
