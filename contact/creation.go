package contact

import (
	"strconv"
	"strings"
)

// FieldCreated is the field of the one history record that holds the
// creation of a contact: every field it was created with, packed (see
// Created). Expand turns it back into one change per field.
const FieldCreated = "created"

// Created returns the creation of c as one history record: the changes of
// Diff(&Contact{}, c), packed into New as one line per field, the field's
// name, a tab and its value quoted (strconv.Quote). Storing one record
// instead of a dozen is what a creation costs in the history; Expand gives
// the dozen back.
func Created(c *Contact) Change {
	buf := make([]byte, 0, 256)
	eachDiff(&Contact{}, c, func(name, _, new string) {
		if len(buf) > 0 {
			buf = append(buf, '\n')
		}
		buf = append(buf, name...)
		buf = append(buf, '\t')
		buf = strconv.AppendQuote(buf, new)
	})
	return Change{Contact: c.ID, Field: FieldCreated, New: string(buf)}
}

// Expand appends to dst the changes that ch stands for: the per-field
// changes of a creation record (each with ch's time, actor, source and
// reason, and an empty Old), or ch itself for any other change. A line of a
// creation record that does not decode is kept as it is, as the value of a
// field named FieldCreated, rather than lost.
func (ch Change) Expand(dst []Change) []Change {
	if ch.Field != FieldCreated {
		return append(dst, ch)
	}
	for line := range strings.SplitSeq(ch.New, "\n") {
		if line == "" {
			continue
		}
		e := ch
		name, quoted, ok := strings.Cut(line, "\t")
		value, err := strconv.Unquote(quoted)
		if ok && err == nil {
			e.Field, e.New = name, value
		} else {
			e.New = line
		}
		dst = append(dst, e)
	}
	return dst
}
