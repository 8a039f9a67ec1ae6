package activity

import (
	"github.com/google/uuid"

	"github.com/contactkit/contactkit/internal/ident"
	"github.com/contactkit/contactkit/internal/must"
)

// ID identifies an activity: a note, a task, a call, an email or a
// meeting. IDs are UUIDs (version 7 by default, so that they sort in
// creation order) handed out by the generator in the Service's options,
// except that an activity added with an idempotency key has an ID derived
// from its workspace, its contact and the key (version 5). The zero ID
// identifies nothing.
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

// Compare returns -1, 0 or +1 as id sorts before, with or after other. The
// timeline breaks ties between activities created at the same time with it
// (see the package's Compare).
func (id ID) Compare(other ID) int { return ident.Compare(id, other) }

// MarshalText implements encoding.TextMarshaler.
func (id ID) MarshalText() ([]byte, error) { return ident.MarshalText(id) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *ID) UnmarshalText(b []byte) (err error) {
	*id, err = ParseID(string(b))
	return err
}
