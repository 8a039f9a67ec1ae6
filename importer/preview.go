package importer

import (
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// ColumnPreview shows one column of a mapping over a sample.
type ColumnPreview struct {
	Index  int
	Header string
	Target Target
	// Samples are the first non-blank sampled values, unescaped and
	// trimmed (at most MapOptions.SampleSize); Outlook's "0/0/00" (or
	// "0.0.00", "0-0-00") is a blank birthday.
	Samples []string
	// Parsed counts the Samples that parse for Target: with
	// contact.ParseEmail and this package's ParsePhone (every address of a cell that
	// lists several, as Mapping.Record splits it, an Exchange address left
	// out as the import leaves it; a phone in the region of the row's
	// calling code or country column, as the import reads it, else
	// MapOptions.Region), this package's ParseCountry, ParseCallingCode,
	// ParseLanguage, field.ParseDateIn (Mapping.Dates), tag.Parse, ParseConsent,
	// contact.ParseID, the custom
	// field's Definition.CoerceWith (a hidden option named by its value
	// parses, as the import takes it; a number in Mapping.Decimal's mark;
	// text within field.DefaultLimits);
	// names and other text count when they fit contact.MaxNameLen. An
	// ignored column parses none. A Service's own limits can differ: a
	// dry run of the import gives the exact outcome of every row.
	Parsed int
}

// Preview shows, for each column of m, sample values from sample and how
// many of them parse for the column's target.
//
// A Headerless file's first row is sampled first: the Columns' Headers. In
// a Headerless file, a row's last cell that begins with FailedPrefix is no
// sample of the column that holds it: it is the reasons of a failed-rows
// file (where a row cut short has them, in a column the mapping reads),
// which an import reads as no value.
func Preview(m Mapping, sample []Row, defs []field.Definition, opts *MapOptions) []ColumnPreview {
	o := opts.get()
	if m.Headerless {
		sample = append([]Row{m.headerRow()}, sample...)
	}
	byKey := map[field.Key]field.Definition{}
	for _, d := range defs {
		byKey[d.Key] = d
	}
	// The region of each row's phones: its calling code's, else its
	// country's, else the default.
	regions := make([]string, len(sample))
	for j, r := range sample {
		regions[j] = o.Region
		rec := m.Record(r)
		if c, err := ParseCallingCode(rec.CallingCode.Value); err == nil {
			regions[j] = c.String()
		} else if c, err := ParseCountry(rec.Country.Value); err == nil {
			regions[j] = c.String()
		}
	}
	out := make([]ColumnPreview, len(m.Columns))
	for i, c := range m.Columns {
		p := ColumnPreview{Index: c.Index, Header: c.Header, Target: c.Target}
		for j, r := range sample {
			if len(p.Samples) == o.SampleSize {
				break
			}
			v := r.Cell(c.Index)
			if v == "" || c.Target.Kind == KindBirthDate && noBirthday(v) {
				continue
			}
			if m.Headerless && c.Target.Kind != KindIgnore && c.Index == len(r.Cells)-1 && strings.HasPrefix(v, FailedPrefix) {
				// The reasons of a failed-rows file, which an import reads
				// as no value (a row cut short has them in a column the
				// mapping reads).
				continue
			}
			p.Samples = append(p.Samples, v)
			ro := o
			ro.Region = regions[j]
			if parses(c.Target, Cell{Column: c.Index, Value: v, Escaped: r.escaped(c.Index)}, byKey, m, ro) {
				p.Parsed++
			}
		}
		out[i] = p
	}
	return out
}

// parses reports whether cell c, of a column of target t, parses as an
// import reads it.
func parses(t Target, c Cell, defs map[field.Key]field.Definition, m Mapping, o MapOptions) bool {
	v, dates := c.Value, m.Dates
	var err error
	switch t.Kind {
	case KindIgnore:
		return false
	case KindEmail, KindPhone:
		eachAddress(t.Kind, v, func(a string) {
			if err != nil {
				return
			}
			if t.Kind == KindPhone {
				_, err = m.ParsePhone(a, o.Region)
			} else {
				_, err = contact.ParseEmail(a)
			}
		})
	case KindCountry:
		_, err = ParseCountry(v)
	case KindCallingCode:
		_, err = ParseCallingCode(v)
	case KindLanguage:
		_, err = ParseLanguage(v)
	case KindBirthDate:
		_, err = field.ParseDateIn(v, dates)
	case KindTags:
		_, err = tag.Parse(tagInput(v, t.Label))
	case KindConsent, KindUnsubscribed:
		_, ok := ParseConsent(t.Kind, v)
		return ok
	case KindBlocked:
		_, ok := ParseBlocked(v)
		return ok
	case KindCustom:
		d, ok := defs[t.Field]
		if !ok {
			return false
		}
		// As the import reads a cell: a hidden option by its value too.
		// A date and time without an offset parses, as the import
		// reads it (in ImportOptions.Location); a phone is read as the
		// row's phones are (Mapping.ParsePhone).
		var fv string
		if fv, err = m.FieldValue(d, c, o.Region); err == nil {
			_, err = d.CoerceWith(fv, field.CoerceOptions{DefaultRegion: o.Region, HiddenOptions: true, DateOrder: dates, Location: time.UTC})
		}
	case KindNotes, KindEmailLabel, KindPhoneLabel:
		return true
	case KindFirstName, KindLastName, KindAlias, KindCity, KindState, KindCompany, KindJobTitle:
		return len([]rune(contact.NormalizeName(v))) <= contact.MaxNameLen
	case KindAssignee:
		err = contact.CheckUserID(contact.FieldAssignee, contact.UserID(v))
	case KindContactID:
		_, err = contact.ParseID(v)
	}
	return err == nil
}

// headerRow is the row of the Columns' Headers, at their Index: the first
// row of a Headerless file.
func (m Mapping) headerRow() Row {
	n := 0
	for _, c := range m.Columns {
		n = max(n, c.Index+1)
	}
	row := Row{Line: 1, Cells: make([]string, n)}
	for _, c := range m.Columns {
		if c.Index >= 0 {
			row.Cells[c.Index] = c.Header
		}
	}
	return row
}
