package automation

import (
	"github.com/google/uuid"

	"github.com/contactkit/contactkit/internal/ident"
	"github.com/contactkit/contactkit/internal/must"
)

// ID identifies an automation. IDs are UUIDs (version 7 by default, so that
// they sort in creation order) handed out by the generator in the Service's
// options. The zero ID identifies nothing.
type ID uuid.UUID

// ParseID parses the canonical text form of an ID. It returns a *ParseError
// wrapping ErrInvalidID.
func ParseID(s string) (ID, error) {
	id, err := ident.Parse[ID](s)
	if err != nil {
		return ID{}, &ParseError{Field: "id", Input: s, Err: ErrInvalidID}
	}
	return id, nil
}

// MustParseID is ParseID that panics on error; for constants in tests and
// examples only.
func MustParseID(s string) ID {
	return must.Get(ParseID(s))
}

// String returns the canonical text form, "xxxxxxxx-xxxx-…".
func (id ID) String() string { return ident.String(id) }

// IsZero reports whether id is the zero ID.
func (id ID) IsZero() bool { return id == ID{} }

// Compare returns -1, 0 or +1 as id sorts before, with or after other. It is
// the stable order of automation listings.
func (id ID) Compare(other ID) int { return ident.Compare(id, other) }

// MarshalText implements encoding.TextMarshaler.
func (id ID) MarshalText() ([]byte, error) { return ident.MarshalText(id) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *ID) UnmarshalText(b []byte) (err error) {
	*id, err = ParseID(string(b))
	return err
}

// EnrollmentID identifies an enrollment: one entry of one contact into one
// automation. Like ID, it is a UUID from the Service's generator; the zero
// EnrollmentID identifies nothing.
type EnrollmentID uuid.UUID

// ParseEnrollmentID parses the canonical text form of an EnrollmentID. It
// returns a *ParseError wrapping ErrInvalidID.
func ParseEnrollmentID(s string) (EnrollmentID, error) {
	id, err := ident.Parse[EnrollmentID](s)
	if err != nil {
		return EnrollmentID{}, &ParseError{Field: "enrollment id", Input: s, Err: ErrInvalidID}
	}
	return id, nil
}

// MustParseEnrollmentID is ParseEnrollmentID that panics on error; for
// constants in tests and examples only.
func MustParseEnrollmentID(s string) EnrollmentID {
	return must.Get(ParseEnrollmentID(s))
}

// String returns the canonical text form, "xxxxxxxx-xxxx-…".
func (id EnrollmentID) String() string { return ident.String(id) }

// IsZero reports whether id is the zero EnrollmentID.
func (id EnrollmentID) IsZero() bool { return id == EnrollmentID{} }

// Compare returns -1, 0 or +1 as id sorts before, with or after other. It is
// the stable order of enrollment listings.
func (id EnrollmentID) Compare(other EnrollmentID) int { return ident.Compare(id, other) }

// MarshalText implements encoding.TextMarshaler.
func (id EnrollmentID) MarshalText() ([]byte, error) { return ident.MarshalText(id) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *EnrollmentID) UnmarshalText(b []byte) (err error) {
	*id, err = ParseEnrollmentID(string(b))
	return err
}
