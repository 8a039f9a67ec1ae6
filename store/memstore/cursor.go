package memstore

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// Cursors are opaque to callers. Each listing has its own prefix, so that a
// cursor of one listing is refused by another:
//
//	contacts: "c1" + the hex of the last ID listed
//	tags:     "t1" + the hex of the last Key listed
//	history:  "h1" + the hex of the contact ID + "." + the index of the next change
const (
	contactCursorPrefix = "c1"
	tagCursorPrefix     = "t1"
	historyCursorPrefix = "h1"
)

func invalidCursor(cursor string) error {
	return fmt.Errorf("memstore: cursor %q: %w", cursor, store.ErrInvalidCursor)
}

func encodeContactCursor(id contact.ID) string {
	return contactCursorPrefix + hex.EncodeToString(id[:])
}

// decodeContactCursor returns the last ID of the previous page; ok is false
// for the first page.
func decodeContactCursor(cursor string) (after contact.ID, ok bool, err error) {
	if cursor == "" {
		return contact.ID{}, false, nil
	}
	rest, found := strings.CutPrefix(cursor, contactCursorPrefix)
	if !found || len(rest) != 2*len(after) {
		return contact.ID{}, false, invalidCursor(cursor)
	}
	if _, err := hex.Decode(after[:], []byte(rest)); err != nil {
		return contact.ID{}, false, invalidCursor(cursor)
	}
	return after, true, nil
}

func encodeTagCursor(key string) string {
	return tagCursorPrefix + hex.EncodeToString([]byte(key))
}

func decodeTagCursor(cursor string) (after string, ok bool, err error) {
	if cursor == "" {
		return "", false, nil
	}
	rest, found := strings.CutPrefix(cursor, tagCursorPrefix)
	if !found || rest == "" {
		return "", false, invalidCursor(cursor)
	}
	b, err := hex.DecodeString(rest)
	if err != nil {
		return "", false, invalidCursor(cursor)
	}
	return string(b), true, nil
}

func encodeHistoryCursor(id contact.ID, next int) string {
	return historyCursorPrefix + hex.EncodeToString(id[:]) + "." + strconv.Itoa(next)
}

// decodeHistoryCursor returns the index of the first change of the page.
// The cursor must have been handed out for contact id.
func decodeHistoryCursor(cursor string, id contact.ID) (int, error) {
	if cursor == "" {
		return 0, nil
	}
	rest, found := strings.CutPrefix(cursor, historyCursorPrefix)
	if !found {
		return 0, invalidCursor(cursor)
	}
	idHex, num, found := strings.Cut(rest, ".")
	if !found || idHex != hex.EncodeToString(id[:]) {
		return 0, invalidCursor(cursor)
	}
	next, err := strconv.Atoi(num)
	if err != nil || next <= 0 || strconv.Itoa(next) != num {
		return 0, invalidCursor(cursor)
	}
	return next, nil
}
