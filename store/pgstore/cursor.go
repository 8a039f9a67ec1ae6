package pgstore

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// Cursors are opaque to callers: a one-letter tag for the listing, a dot
// and the base64url encoding of the last key of the page.

func contactCursor(id contact.ID) string {
	return "c." + base64.RawURLEncoding.EncodeToString(id[:])
}

func parseContactCursor(s string) (contact.ID, error) {
	b, err := decodeCursor(s, "c.")
	if err != nil || len(b) != len(contact.ID{}) {
		return contact.ID{}, invalidCursor(s)
	}
	return contact.ID(b), nil
}

// recordCursor is the place after the last record of a page of kind.
type recordCursor struct {
	Kind  string `json:"k"`
	Order string `json:"o"`
	ID    string `json:"i"`
}

func (c recordCursor) String() string {
	b, _ := json.Marshal(c) // strings only: cannot fail
	return "r." + base64.RawURLEncoding.EncodeToString(b)
}

func parseRecordCursor(s string, k store.Kind) (recordCursor, error) {
	var c recordCursor
	b, err := decodeCursor(s, "r.")
	if err != nil || json.Unmarshal(b, &c) != nil || c.Kind != k.Name() || c.ID == "" {
		return recordCursor{}, invalidCursor(s)
	}
	return c, nil
}

// historyCursor is the place after the change of sequence number seq in
// the history of contact id: a cursor is bound to the contact listed.
func historyCursor(id contact.ID, seq int64) string {
	return "h." + base64.RawURLEncoding.EncodeToString(binary.BigEndian.AppendUint64(id[:], uint64(seq)))
}

// parseHistoryCursor returns the sequence number of a cursor that
// historyCursor gave for contact id.
func parseHistoryCursor(s string, id contact.ID) (int64, error) {
	b, err := decodeCursor(s, "h.")
	if err != nil || len(b) != len(id)+8 || contact.ID(b[:len(id)]) != id {
		return 0, invalidCursor(s)
	}
	return int64(binary.BigEndian.Uint64(b[len(id):])), nil
}

func decodeCursor(s, tag string) ([]byte, error) {
	if len(s) < len(tag) || s[:len(tag)] != tag {
		return nil, invalidCursor(s)
	}
	return base64.RawURLEncoding.DecodeString(s[len(tag):])
}

func invalidCursor(s string) error {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Errorf("pgstore: cursor %q: %w", s, store.ErrInvalidCursor)
}
