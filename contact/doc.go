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
//     without the trunk zero, and international ones with "+", "00" or the
//     region's own prefix; the result is E.164. ParsePhoneDetail also says
//     how the input was read: region given or assumed, trunk zero dropped,
//     number type.
//   - ParseEmail accepts RFC 5321 mailboxes with a dot-atom local part and a
//     domain of dotted labels, within the length limits, and lower-cases
//     them.
//
// Each parser returns a *ParseError naming the field and the input, which
// wraps the package's sentinel (ErrInvalidPhone, ErrInvalidEmail, …) and the
// precise reason (ErrPhoneTooShort, ErrPhoneNoRegion, …).
//
// # Changing a contact
//
// A Patch carries raw strings, as a user, a form or an import row gives
// them. Patch.Apply parses every one of them, validates the result and
// reports every problem at once; on error the contact is left unchanged.
// Diff lists what changed between two versions of a contact, which is what
// the property history records.
//
// # Concurrency
//
// Values of this package follow the Go default: safe to read from several
// goroutines, not to mutate. Contact.Clone makes a copy that shares nothing.
package contact
