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
//	lists:       "l1" + the hex of the last list ID listed
//	memberships: "m1" + the hex of the list ID and of the contact ID of the
//	             last membership examined (one cursor for every query: each
//	             order is that of (list ID, contact ID) restricted)
//	automations: "a1" + the hex of the last automation ID listed
//	enrollments: "e1" + the hex of the last enrollment ID examined
//	timeline:    "n1" + the hex of the contact ID + "." + the activity.Position
//	             of the last activity examined: "p" (pinned) or "u", "." its
//	             CreatedAt as Unix seconds "." nanoseconds, "." the hex of its ID
const (
	contactCursorPrefix    = "c1"
	tagCursorPrefix        = "t1"
	historyCursorPrefix    = "h1"
	listCursorPrefix       = "l1"
	membershipCursorPrefix = "m1"
	automationCursorPrefix = "a1"
	enrollmentCursorPrefix = "e1"
	timelineCursorPrefix   = "n1"
)

func invalidCursor(cursor string) error {
	return fmt.Errorf("memstore: cursor %q: %w", cursor, store.ErrInvalidCursor)
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
