package pgstore

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// conds assembles the WHERE clause of a listing from constant fragments,
// chosen by which fields of the query are set, with every value a
// parameter. A listing has a few such shapes, each a prepared statement
// with a plan of its own: a generic "$1 IS NULL OR col = $1" would keep
// the planner from using the index of the fields that are set.
type conds struct {
	where []string
	args  []any
	// never is set when a parameter is a string PostgreSQL cannot hold
	// (see storable): no stored value equals it, so the statement is not
	// sent, and its answer is empty.
	never bool
}

// arg adds v as a parameter and returns its placeholder.
func (c *conds) arg(v any) string {
	if s, ok := v.(string); ok && !storable(s) {
		c.never = true
	}
	c.args = append(c.args, v)
	return "$" + strconv.Itoa(len(c.args))
}

// add adds a condition; each %s in frag, in order, is replaced by the
// placeholder of the next of vals.
func (c *conds) add(frag string, vals ...any) {
	for _, v := range vals {
		frag = strings.Replace(frag, "%s", c.arg(v), 1)
	}
	c.where = append(c.where, frag)
}

func (c *conds) String() string { return strings.Join(c.where, " AND ") }

// storable reports whether a text column can hold s: valid UTF-8 without
// a NUL. A value that is not was never stored, so a read of it finds
// nothing; sent to the server, it would fail with an SQL error and abort
// the transaction.
func storable(s ...string) bool {
	for _, v := range s {
		if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
			return false
		}
	}
	return true
}

// likeContains returns the LIKE pattern that matches the strings that hold
// s: s with the wildcards and the escape character escaped, between "%".
func likeContains(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('%')
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%', '_', '\\':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('%')
	return b.String()
}

// jsonArg returns the JSON b as the argument of a json column: a string,
// which pgx sends as text in every query execution mode. A []byte is sent
// as bytea ("\x7b…") where pgx does not know the column's type (the
// simple protocol and the exec mode, which a pool behind PgBouncer may
// use), and PostgreSQL refuses it as JSON.
func jsonArg(b []byte) string { return string(b) }
