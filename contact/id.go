package contact

import (
	"github.com/google/uuid"
)

// ID identifies a contact. IDs are UUIDs (version 7 by default, so that they
// sort in creation order) handed out by the generator in the Service's
// options. The zero ID identifies nothing.
type ID uuid.UUID

// ParseID parses the canonical text form of an ID.
func ParseID(s string) (ID, error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return ID{}, &ParseError{Field: "id", Input: s, Err: ErrInvalidID}
	}
	return ID(u), nil
}

// MustParseID is ParseID that panics on error; for constants in tests and
// examples only.
func MustParseID(s string) ID {
	id, err := ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

// String returns the canonical text form, "xxxxxxxx-xxxx-…".
func (id ID) String() string { return uuid.UUID(id).String() }

// IsZero reports whether id is the zero ID.
func (id ID) IsZero() bool { return id == ID{} }

// Compare returns -1, 0 or +1 as id sorts before, with or after other. It is
// the stable order of contact listings.
func (id ID) Compare(other ID) int {
	for i := range id {
		switch {
		case id[i] < other[i]:
			return -1
		case id[i] > other[i]:
			return 1
		}
	}
	return 0
}

// MarshalText implements encoding.TextMarshaler.
func (id ID) MarshalText() ([]byte, error) { return uuid.UUID(id).MarshalText() }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// WorkspaceID identifies a workspace (a tenant) of the host application. The
// host chooses its form; contactkit only compares it. Every call of the
// Service acts in exactly one workspace.
type WorkspaceID string

// UserID identifies a user of the host application: an actor, an assignee.
type UserID string
