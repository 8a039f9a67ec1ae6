// Package contact holds the Contact aggregate and the value types it is
// made of: Email, Phone, Country, Language, the contact's channels, and the
// raw-input Patch that changes it.
//
// The package is pure: no I/O, no context, no global state. Given the same
// input it gives the same answer.
//
// # Values built by parsing
//
// Email, Phone, Country and Language are small comparable structs made by
// ParseEmail, ParsePhone, ParseCountry and ParseLanguage. A value that
// exists is valid and canonical, so two spellings of one address compare
// equal with ==, and stores compare them byte for byte:
//
//   - ParsePhone reads national numbers with the default region, with or
//     without the trunk zero, and international ones with "+" or the
//     region's own international prefix ("00" from FR, "011" from the US);
//     the result is E.164. ParsePhoneDetail also says
//     how the input was read: region given or assumed, trunk zero dropped,
//     number type.
//   - ParseEmail accepts mailboxes with a dot-atom local part and a domain
//     of dotted labels, within the length limits. Under EmailInternational,
//     the default EmailPolicy, the local part may be UTF-8 (RFC 6531) and
//     the domain Unicode or Punycode; EmailASCII accepts only ASCII. The
//     canonical form is lower case with the domain in ASCII:
//     "ann@bücher.de" is "ann@xn--bcher-kva.de". ParseEmailInput reads what
//     people paste ("Ann <ann@example.com>", "mailto:…") and returns the
//     address and the display name.
//   - ParseAvatar accepts only http and https URLs with a host.
//
// Each parser returns a *ParseError naming the field and the input, which
// wraps the package's sentinel (ErrInvalidPhone, ErrInvalidEmail, …) and the
// precise reason (ErrPhoneTooShort, ErrPhoneNoRegion, …).
//
// # Untrusted text
//
// Every text input is bounded: Limits holds the length limits of
// names, other text fields, reasons, notes, custom values and tags, with
// DefaultLimits; a value over its limit gets a *ParseError wrapping
// ErrTooLong, and every parser refuses an input far longer than any valid
// value before reading it, so parsing costs time linear in the input at
// most. NormalizeName removes invisible and bidirectional formatting
// characters (zero-width spaces, direction overrides, the byte order mark,
// …), so a name made only of them is empty. Error messages quote at most the
// first 40 bytes of a bad input, then "…" and its length.
//
// # Changing a contact
//
// A Patch carries raw strings, as a user, a form or an import row gives
// them. Patch.Apply parses every one of them, validates the result and
// reports every problem at once; on error the contact is left unchanged.
// ApplyOptions carries the workspace's default region, custom field
// definitions, Limits and EmailPolicy.
// Diff lists what changed between two versions of a contact, which is what
// the property history records.
//
// # Concurrency
//
// Values of this package follow the Go default: safe to read from several
// goroutines, not to mutate. Contact.Clone makes a copy that shares nothing.
package contact
