package contact

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/contactkit/contactkit/field"
)

// FieldCreated is the field of the one history record that holds the
// creation of a contact: every field it was created with, packed (see
// Created). Expand turns it back into one change per field.
const FieldCreated = "created"

// Created returns the creation of c as one history record: the changes of
// Diff(&Contact{}, c), packed into New. Storing one record instead of a
// dozen is what a creation costs in the history; Expand gives the dozen
// back.
//
// The packing is compact, since every contact has one: a version byte
// (creationV2), then one line per field, the field's name, a tab and its
// value. A standard field's name is one letter (its place in
// creationFields), a custom field's is "." and its key. A value is written
// as it is unless it holds a tab, a newline or a backslash, starts with a
// double quote or is not valid UTF-8: then it is quoted (strconv.Quote).
// Records of the first packing (full names, every value quoted) still
// expand.
func Created(c *Contact) Change {
	// Built on the stack and copied once into a string of its length: the
	// record is kept as long as the contact's history, and a
	// strings.Builder would keep the room it grew to as well (up to twice
	// the record).
	var room [512]byte
	b := append(room[:0], creationV2)
	eachDiff(&Contact{}, c, func(name string, custom field.Key, _, new string) {
		if len(b) > 1 {
			b = append(b, '\n')
		}
		if code, ok := creationCode(name); ok {
			b = append(b, code)
		} else {
			b = append(b, '.')
			b = append(b, custom.String()...)
		}
		b = append(b, '\t')
		if needsQuote(new) {
			b = strconv.AppendQuote(b, new)
		} else {
			b = append(b, new...)
		}
	})
	return Change{Contact: c.ID, Field: FieldCreated, New: string(b)}
}

// creationV2 starts a creation record of the compact packing. No record of
// the first packing starts with it: those start with a field's name.
const creationV2 = '\x02'

// creationFields are the standard fields in the order of their one-letter
// codes in a creation record: 'a' is the first. Only ever append to it:
// stored records name fields by their place in it.
var creationFields = [...]string{
	FieldFirstName, FieldLastName, FieldAlias, FieldEmail, FieldPhone, FieldEmailLabel, FieldPhoneLabel,
	FieldOtherEmails, FieldOtherPhones, FieldCountry, FieldLanguage, FieldBirthDate, FieldCity, FieldState,
	FieldCompany, FieldJobTitle, FieldAssignee, FieldSource, FieldAvatar, FieldStatus, FieldTags,
	FieldChannels, FieldDeletedAt,
}

// creationCode returns the one-letter code of the standard field name.
func creationCode(name string) (byte, bool) {
	for i, f := range creationFields {
		if f == name {
			return 'a' + byte(i), true
		}
	}
	return 0, false
}

// needsQuote reports whether a value must be quoted in a creation record:
// it starts with a quote, holds a tab, a newline or a backslash, or is not
// valid UTF-8. One pass over the bytes (the three are ASCII, never part of
// a longer UTF-8 sequence), and a check of UTF-8 only for a value that is
// not all ASCII.
func needsQuote(v string) bool {
	if strings.HasPrefix(v, `"`) {
		return true
	}
	high := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\t' || c == '\n' || c == '\\':
			return true
		case c >= utf8.RuneSelf:
			high = true
		}
	}
	return high && !utf8.ValidString(v)
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
	packed, v2 := strings.CutPrefix(ch.New, string(rune(creationV2)))
	for line := range strings.SplitSeq(packed, "\n") {
		if line == "" {
			continue
		}
		e := ch
		name, value, ok := decodeCreationLine(line, v2)
		if ok {
			e.Field, e.New = name, value
		} else {
			e.New = line
		}
		dst = append(dst, e)
	}
	return dst
}

// decodeCreationLine returns the field and value of one line of a creation
// record, of the compact packing if v2, else of the first.
func decodeCreationLine(line string, v2 bool) (name, value string, ok bool) {
	name, value, ok = strings.Cut(line, "\t")
	if !ok {
		return "", "", false
	}
	if !v2 || strings.HasPrefix(value, `"`) {
		var err error
		if value, err = strconv.Unquote(value); err != nil {
			return "", "", false
		}
	}
	if !v2 {
		return name, value, true
	}
	switch {
	case len(name) == 1 && name[0] >= 'a' && int(name[0]-'a') < len(creationFields):
		return creationFields[name[0]-'a'], value, true
	case len(name) > 1 && name[0] == '.':
		return CustomFieldPrefix + name[1:], value, true
	}
	return "", "", false
}
