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
//	history:  "h1" + the hex of the contact ID + "." + the index of the next change
//	records:  "r1." + the kind's name + "." + the hex of the Order and of the
//	          ID of the last record examined (see encodeRecordCursor)
const (
	contactCursorPrefix = "c1"
	historyCursorPrefix = "h1"
)

func invalidCursor(cursor string) error {
	return fmt.Errorf("memstore: cursor %q: %w", cursor, store.ErrInvalidCursor)
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

func hexID[K ~[16]byte](id K) string {
	b := [16]byte(id)
	return hex.EncodeToString(b[:])
}

// parseHexID decodes the lower-case hex of an ID, as hexID writes it.
func parseHexID[K ~[16]byte](s string) (K, bool) {
	var b [16]byte
	if len(s) != 2*len(b) {
		return K{}, false
	}
	if _, err := hex.Decode(b[:], []byte(s)); err != nil || hex.EncodeToString(b[:]) != s {
		return K{}, false
	}
	return K(b), true
}

// encodeIDCursor returns the cursor of a listing in ID order whose page
// ended at id.
func encodeIDCursor[K ~[16]byte](prefix string, id K) string {
	return prefix + hexID(id)
}

// decodeIDCursor returns the last ID of the previous page of a listing in
// ID order; ok is false for the first page.
func decodeIDCursor[K ~[16]byte](prefix, cursor string) (after K, ok bool, err error) {
	if cursor == "" {
		return after, false, nil
	}
	rest, found := strings.CutPrefix(cursor, prefix)
	if !found {
		return after, false, invalidCursor(cursor)
	}
	after, ok = parseHexID[K](rest)
	if !ok {
		return after, false, invalidCursor(cursor)
	}
	return after, true, nil
}
