package contact

import (
	"github.com/google/uuid"

	"github.com/contactkit/contactkit/internal/ident"
	"github.com/contactkit/contactkit/internal/must"
)

// ID identifies a contact. IDs are UUIDs (version 7 by default, so that they
// sort in creation order) handed out by the generator in the Service's
// options. The zero ID identifies nothing.
type ID uuid.UUID

// ParseID parses the canonical text form of an ID.
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
// the stable order of contact listings.
func (id ID) Compare(other ID) int { return ident.Compare(id, other) }

// MarshalText implements encoding.TextMarshaler.
func (id ID) MarshalText() ([]byte, error) { return ident.MarshalText(id) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *ID) UnmarshalText(b []byte) (err error) {
	*id, err = ParseID(string(b))
	return err
}

// WorkspaceID identifies a workspace (a tenant) of the host application. The
// host chooses its form; contactkit only compares it. Every call of the
// Service acts in exactly one workspace.
type WorkspaceID string

// UserID identifies a user of the host application: an actor, an assignee.
type UserID string
