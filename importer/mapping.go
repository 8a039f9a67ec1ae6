package importer

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// ReasonKind is the kind of evidence behind a suggested target.
type ReasonKind string

// The kinds of evidence, strongest first.
const (
	ReasonOverride   ReasonKind = "override"     // set by the caller
	ReasonAlias      ReasonKind = "header alias" // the header is a known alias
	ReasonFieldKey   ReasonKind = "field key"    // the header is a custom field's key
	ReasonFieldLabel ReasonKind = "field label"  // the header is a custom field's label
	ReasonValues     ReasonKind = "values"       // the sampled values parse as the target
	ReasonExtra      ReasonKind = "extra column" // unmatched, mapped to a custom field by MapOptions.Extra
	ReasonTaken      ReasonKind = "taken by"     // its best target went to a stronger column (Match: its header)
	ReasonNone       ReasonKind = "no match"     // nothing matched
	ReasonFailed     ReasonKind = "failed rows"  // the reasons of a failed-rows file (see FailedColumn), ignored
)

// Reason is why a column got a target, as data and, with String, as text.
type Reason struct {
	Kind ReasonKind
	// Match is the header, key or label that matched, or for ReasonValues
	// what the values were read as ("phone numbers").
	Match string
	// Parsed and Sampled count the sampled values (ReasonValues).
	Parsed, Sampled int
}

// String returns the reason as text: "header alias: Prénom", "92 % of 50
// sampled values parse as phone numbers".
func (r Reason) String() string {
	switch r.Kind {
	case ReasonValues:
		return fmt.Sprintf("%d %% of %d sampled values parse as %s", r.Parsed*100/max(r.Sampled, 1), r.Sampled, r.Match)
	case ReasonOverride:
		return "set by the caller"
	case ReasonNone:
		return "no match"
	case ReasonFailed:
		return "the reasons of an earlier import's failed rows"
	}
	return string(r.Kind) + ": " + r.Match
}

// Candidate is one possible target for a column.
type Candidate struct {
	Target Target
	Reason Reason
	// Score ranks candidates, in [0, 1]: 1 for a header that is exactly
	// a field's key (first: a field keyed like a standard column, "notes"
	// or "city", as Export writes it, reads back into the field) and for
	// an exact header alias, 0.95 a field key in another case or with
	// spaces around it, 0.9 a field label, at most 0.8 for values (the
	// share that parse, times 0.8), 0.3 for dates found in the values,
	// which are only offered as alternatives.
	Score float64
}

// Column is the mapping of one column.
type Column struct {
	Index  int    // position in the header
	Header string // as in the file
	Target Target
	Reason Reason
	// Alternatives are the other candidates, best first; the caller may
	// pick one with Mapping.Set.
	Alternatives []Candidate
}

// Mapping maps every column of a file to a target.
type Mapping struct {
	Columns []Column
	// Dates says how the file's dates written with numbers and separators
	// ("04/12/1990": the birthday, custom date fields) are read, which the
	// file does not say: Suggest sets it from the sampled values (a first
	// number past 12 is a day, a second one past 12 a day too) of the
	// columns it maps to dates or, when those tell nothing, of every
	// column whose values are dates (one the caller may map to a date
	// with Set), else, when none tells, from MapOptions.Region (month
	// first in the United States and the few regions that write dates so,
	// day first elsewhere), and DatesReason says why. The caller may set
	// it. The zero value reads ISO 8601 dates only.
	Dates       field.DateOrder
	DatesReason string
	// Decimal says which of '.' and ',' is the decimal mark of the file's
	// numbers and amounts (its custom fields of type number and
	// monetary), which a value such as "1,234" does not say: one point two
	// three four in a file of decimal commas, a thousand and more in one
	// of decimal points (see field.DecimalMark). Suggest sets it from the
	// sampled values of the columns it maps to such fields (a value only
	// one mark reads, "1000,25" or "1,234.5", tells it; when they
	// disagree it stays unknown) or, when none tells, from
	// MapOptions.Delimiter (a file separated by semicolons is written with
	// decimal commas), and DecimalReason says why. The caller may set it.
	// The zero value, field.DecimalUnknown, reads each value's own mark
	// and refuses "1,234" as ambiguous.
	Decimal       field.DecimalMark
	DecimalReason string
	// PlusDropped says that the file writes international numbers without
	// their "+", as a spreadsheet keeps a phone typed "+27821234567" (the
	// number 27821234567) and SMS tools write numbers (MSISDN): a phone
	// cell of digits alone that its region does not read, or that starts
	// with the region's own calling code, is then read as international
	// (ParsePhone). Suggest sets it when, of the sampled phones of digits
	// alone, more read only with a "+" (or so) than only without,
	// and PlusDroppedReason says so; the caller may set it. Left false, a
	// national number with a digit too many is a problem of its row, never
	// another country's number.
	PlusDropped       bool
	PlusDroppedReason string
	// Headerless says that the file has no header row: its first row,
	// which a Reader gives as its Header, is a row of values (a column of
	// addresses pasted into a text file). Suggest sets it when no header
	// cell is a header Suggest knows (an alias or a field's key or label)
	// and one is a value of what its column's values are (an email in a
	// column of emails, a phone in a column of phones), and
	// HeaderlessReason says which; the caller may set it. A Service's
	// import then imports that row first, Preview samples it, and HeaderRow
	// gives it as a Row. The Columns keep their Header: the row's cells.
	Headerless       bool
	HeaderlessReason string
}

// ParsePhone reads a phone cell of the file as m says: ParsePhone when the
// file drops the "+" of its international numbers (PlusDropped), else
// contact.ParsePhone. A cell in scientific notation ("3.36123E+10"), as
// a spreadsheet writes a long number it keeps as a number, is refused
// with an error that says so (ErrScientificNotation).
func (m Mapping) ParsePhone(cell, region string) (p contact.Phone, err error) {
	if m.PlusDropped {
		p, err = ParsePhone(cell, region)
	} else {
		p, err = contact.ParsePhone(cell, region)
	}
	if err != nil && scientific(strings.TrimSpace(cell)) {
		return contact.Phone{}, &contact.ParseError{Field: "phone", Input: cell, Err: scientificError{}}
	}
	return p, err
}

// FieldValue returns the cell c of custom field d as an import reads it,
// for d to coerce (field.Definition.CoerceWith) with no decimal mark:
//
//   - a phone as the row's phones are read (ParsePhone, in the row's
//     region), so that it is not read again in another region;
//   - a number or an amount with the file's decimal mark (Decimal), in
//     canonical form ("1,234" of a file of decimal commas as "1.234"),
//     but for a cell the file protected against formula injection
//     (Cell.Escaped), which is read by its own mark first: such a cell is
//     as its export wrote it ("'-1.234", a number of contactkit's export,
//     which a spreadsheet in French kept as text while it wrote the other
//     numbers of the file with decimal commas).
//
// A cell that does not read so, and a value of any other type, is
// returned as it is, for the field to read or refuse. The error is that
// of a phone cell the field would read but the file does not say how: one
// that reads as two numbers (*AmbiguousPhoneError), in a *field.Error of d
// as the field's own refusals are (wrapping field.ErrInvalidValue).
func (m Mapping) FieldValue(d field.Definition, c Cell, region string) (string, error) {
	v := c.Value
	switch d.Type {
	case field.TypePhone:
		ph, err := m.ParsePhone(v, region)
		if amb, ok := errors.AsType[*AmbiguousPhoneError](err); ok {
			return v, &field.Error{Key: d.Key, Type: d.Type, Input: v, Err: fmt.Errorf("%w: %w", field.ErrInvalidValue, amb)}
		}
		if err == nil {
			return ph.String(), nil
		}
	case field.TypeNumber, field.TypeMonetary:
		if m.Decimal == field.DecimalUnknown {
			break
		}
		marks := []field.DecimalMark{m.Decimal}
		if c.Escaped {
			marks = []field.DecimalMark{field.DecimalUnknown, m.Decimal}
		}
		for _, mark := range marks {
			if n, err := d.CoerceWith(v, field.CoerceOptions{Decimal: mark}); err == nil {
				return n.String(), nil
			}
		}
	}
	return v, nil
}

// Extra says what Suggest does with a column that nothing matches.
type Extra int

// The choices for unmatched columns.
const (
	ExtraIgnore Extra = iota // ignore it (the default)
	// ExtraCustom maps it to a new custom field whose key is made from the
	// header ("Shoe size" → shoe_size, "123" → col_123), or from its
	// position in a file without a header (col_3: Mapping.Headerless);
	// the caller creates the definition before importing.
	ExtraCustom
)

// MapOptions tune Suggest and Preview. A nil *MapOptions means defaults.
type MapOptions struct {
	// Region is the default region for phone numbers without an
	// international prefix ("FR"); "" reads only international numbers.
	Region string
	// SampleSize caps the non-blank values examined per column (default
	// 50).
	SampleSize int
	// Threshold is the share of sampled values that must parse for values
	// to suggest a target (default 0.8).
	Threshold float64
	// Extra says what to do with unmatched columns (default ExtraIgnore).
	Extra Extra
	// Delimiter is the delimiter of a CSV file (DelimiterOf the Reader
	// the sample comes from): a ';' tells that the file's decimal mark is
	// the comma when no sampled number tells it (Mapping.Decimal). 0, the
	// default, tells nothing.
	Delimiter byte
}

func (o *MapOptions) get() MapOptions {
	var m MapOptions
	if o != nil {
		m = *o
	}
	if m.SampleSize <= 0 {
		m.SampleSize = 50
	}
	if m.Threshold <= 0 || m.Threshold > 1 {
		m.Threshold = 0.8
	}
	return m
}

// Suggest maps the columns of header, with this evidence, strongest first:
//
//  1. the header is an alias of a standard field (English and French
//     names, and the headers of Google Contacts, Outlook in English and
//     French, HubSpot, Mailchimp, ActiveCampaign, Shopify, Klaviyo and
//     Brevo exports; a "Title"
//     of courtesy titles, or before the first name, is not the job
//     title), compared after folding case,
//     accents, punctuation and spaces; known vendor columns that are not
//     imported (a fax number, a creation date) are aliases of KindIgnore,
//     unless the header names a custom field of defs, as in 2;
//  2. the header is the key or the label of a custom field in defs;
//  3. the values of the column in sample: at least Threshold of its
//     non-blank values parse as emails (contact.ParseEmail; a cell may
//     list several), phone numbers (ParsePhone with Region),
//     country codes (not in a column whose header names a state, a
//     province or a region: US state codes are country codes too) or
//     calling codes written with "+" (ParseCallingCode); a column whose
//     header names an identifier ("SIREN", "external_id") is no phone
//     column by its values, nor is a column whose emails or phones repeat
//     from row to row (at most half of them different: an "Owner
//     Email"), an address being one contact's;
//     dates are offered as an alternative only. The values also decide
//     between the two readings of a header that has two ("Country Code":
//     a country, or the calling code of the phones).
//
// Each column takes its best candidate whose target is still free: a
// single-valued target goes to the column with the best evidence (the
// leftmost on a tie), a column with sampled values before one blank in
// every sampled row whose header is a weaker alias, and the others fall back to their next candidate, so
// the result always passes Validate. A column without any candidate is
// ignored, or mapped to a new custom field with ExtraCustom.
//
// A header of which no cell is a header it knows, and one cell an email or
// a phone number, is the first row of a file without a header: the mapping
// is Headerless, and that row is sampled with the others.
func Suggest(header []string, sample []Row, defs []field.Definition, opts *MapOptions) Mapping {
	o := opts.get()
	vcard := isVCardHeader(header) || len(sample) > 0 && sample[0].Verbatim
	var headless bool
	var headlessWhy string
	if !vcard {
		// The first row of a file without a header is a value, sampled
		// first.
		if headless, headlessWhy = headerless(header, defs, o); headless {
			sample = append([]Row{{Line: 1, Cells: header}}, sample...)
		}
	}
	geo := mailchimpGeo(header)
	shopify := shopifyPhone(header)
	cands := make([][]Candidate, len(header))
	for i, h := range header {
		next := ""
		if i+1 < len(header) {
			next = header[i+1]
		}
		cands[i] = candidates(i, h, next, sample, defs, o, vcard, geo, shopify, headless)
	}
	order := make([]int, len(header))
	for i := range order {
		order[i] = i
	}
	best := func(i int) float64 {
		if len(cands[i]) == 0 || cands[i][0].Score < autoScore {
			return 0
		}
		return cands[i][0].Score
	}
	// A column blank in every sampled row chooses after those with values,
	// unless its header names its target outright (a score of 1): a weaker
	// alias is no evidence that it holds what another column does (French
	// Outlook's blank "Profession" beside its "Titre" of job titles), but a
	// blank "Job Title" is the job title, whose values come later.
	filled := func(i int) bool { return len(sample) == 0 || best(i) >= 1 || len(sampleValues(i, sample, 1)) > 0 }
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(compareBool(filled(b), filled(a)), cmp.Compare(best(b), best(a)))
	})
	taken := map[string]int{} // a single-valued target's column
	m := Mapping{Columns: make([]Column, len(header))}
	usedKeys := map[string]bool{}
	for _, d := range defs {
		usedKeys[d.Key.String()] = true
	}
	for _, i := range order {
		col := Column{Index: i, Header: header[i], Target: Target{Kind: KindIgnore}, Reason: Reason{Kind: ReasonNone}}
		chosen := -1
		for j, c := range cands[i] {
			if c.Score < autoScore {
				break
			}
			if _, ok := taken[c.Target.key()]; c.Target.Multi() || !ok {
				chosen = j
				break
			}
		}
		if chosen >= 0 {
			c := cands[i][chosen]
			col.Target, col.Reason = c.Target, c.Reason
			if !c.Target.Multi() {
				taken[c.Target.key()] = i
			}
			col.Alternatives = slices.Delete(slices.Clone(cands[i]), chosen, chosen+1)
		} else {
			col.Alternatives = cands[i]
			if len(cands[i]) > 0 && cands[i][0].Score >= autoScore {
				// Every target it could have is another column's: say
				// whose, where "no match" would mislead.
				col.Reason = Reason{Kind: ReasonTaken, Match: header[taken[cands[i][0].Target.key()]]}
			}
			if o.Extra == ExtraCustom && strings.TrimSpace(header[i]) != "" {
				h := header[i]
				if headless {
					h = "" // a value, not a name: col_N
				}
				key := newKey(h, i, usedKeys)
				col.Target = Target{Kind: KindCustom, Field: key}
				col.Reason = Reason{Kind: ReasonExtra, Match: header[i]}
			}
		}
		if len(col.Alternatives) == 0 {
			col.Alternatives = nil
		}
		m.Columns[i] = col
	}
	m.Dates, m.DatesReason = fileDateOrder(m, cands, sample, defs, o.SampleSize, o.Region)
	m.Decimal, m.DecimalReason = fileDecimal(m, sample, defs, o.SampleSize, o.Delimiter)
	m.PlusDropped, m.PlusDroppedReason = plusDropped(m, sample, o.SampleSize, o.Region)
	m.Headerless, m.HeaderlessReason = headless, headlessWhy
	return m
}

// headerless reports whether header is a row of values (see
// Mapping.Headerless), and why: no cell of it is a header Suggest knows
// (an alias, a field's key or label), and one is an email or a phone
// number, which no header is.
func headerless(header []string, defs []field.Definition, o MapOptions) (bool, string) {
	var value, what string
	for i, h := range header {
		if len(candidates(i, h, "", nil, defs, o, false, false, false, false)) > 0 {
			return false, ""
		}
		v := strings.TrimSpace(Unescape(h))
		if value != "" || v == "" {
			continue
		}
		for _, k := range []Kind{KindEmail, KindPhone} {
			if parses(Target{Kind: k}, Cell{Column: i, Value: v}, nil, Mapping{}, o) {
				value, what = v, withArticle(k)
				break
			}
		}
	}
	if value == "" {
		return false, ""
	}
	return true, fmt.Sprintf("the first row is no header: %s is %s", inputtext.Quote(value), what)
}

// withArticle names a target kind with its article, as a reason says it.
func withArticle(k Kind) string {
	if k == KindEmail {
		return "an email"
	}
	return "a " + string(k)
}

// HeaderRow returns the header of r as the row of values it is in a file
// without a header row (Mapping.Headerless): its cells, not to be
// modified, and the line it is on (1 for a Reader of another package
// that does not say).
func HeaderRow(r Reader) Row {
	row := Row{Line: 1, Cells: r.Header()}
	for r != nil {
		if h, ok := r.(interface{ headerLine() int }); ok {
			row.Line = h.headerLine()
			break
		}
		u, ok := r.(interface{ Unwrap() Reader })
		if !ok {
			break
		}
		r = u.Unwrap()
	}
	return row
}

// compareBool compares false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// DateColumns returns the indexes of the columns of m that hold dates: the
// birth date's and those of the custom fields of defs of type date.
func (m Mapping) DateColumns(defs []field.Definition) []int {
	var out []int
	for _, c := range m.Columns {
		isDate := c.Target.Kind == KindBirthDate
		if c.Target.Kind == KindCustom {
			for _, d := range defs {
				if d.Key == c.Target.Field && d.Type == field.TypeDate {
					isDate = true
				}
			}
		}
		if isDate {
			out = append(out, c.Index)
		}
	}
	return out
}

// autoScore is the least score Suggest assigns on its own.
const autoScore = 0.5

// newKey makes an unused custom field key from a header.
func newKey(h string, i int, used map[string]bool) field.Key {
	s := strings.ReplaceAll(normalize(h), " ", "_")
	s = strings.Map(func(r rune) rune {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' {
			return r
		}
		return -1
	}, s)
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		s = "col_" + s
	}
	if len(s) > 60 {
		s = s[:60]
	}
	base := strings.TrimRight(s, "_")
	if base == "col" {
		base = fmt.Sprintf("col_%d", i+1)
	}
	s = base
	for n := 2; used[s]; n++ {
		s = fmt.Sprintf("%s_%d", base, n)
	}
	used[s] = true
	k, err := field.ParseKey(s)
	if err != nil {
		k = field.MustParseKey(fmt.Sprintf("col_%d", i+1))
	}
	return k
}

// mailchimpGeo reports whether header is a Mailchimp export's, whose
// "CC" and "REGION" are the country and region Mailchimp guessed from the
// subscriber's IP address, not the contact's: CC is an alias of
// KindIgnore, and REGION, which reads as "Region", is not imported either
// (see candidates).
func mailchimpGeo(header []string) bool {
	return slices.ContainsFunc(header, func(h string) bool { return strings.TrimSpace(h) == "CC" })
}

// shopifyPhone reports whether header is a Shopify customer export's
// whose "Phone" column has its consent columns: "Accepts SMS Marketing" or
// "Accepts WhatsApp Marketing". Shopify keeps that consent on the
// customer's own phone, the number its text messages go to, and not on
// the phone of the customer's default address ("Default Address Phone"),
// which the current export writes before it and which is often another
// number (a shop's, a relative's). So the customer's phone is the mobile,
// and it and its consent columns are given slot shopifySlot: the consent
// is about it alone (see ConsentCell), never about the address's phone.
func shopifyPhone(header []string) bool {
	var phone, consent bool
	for _, h := range header {
		switch normalize(h) {
		case "phone":
			phone = true
		case "accepts sms marketing", "accepts whatsapp marketing":
			consent = true
		}
	}
	return phone && consent
}

// shopifySlot is the slot of a Shopify customer's phone and its consent
// columns (see shopifyPhone).
const shopifySlot = 1

// candidates lists the candidate targets of column i, best first; next is
// the header of the column after it. vcard says the columns are a vCard's
// (VCardHeader), geo that they are a Mailchimp export's (mailchimpGeo),
// shopify that they are a Shopify customer export's whose phone has its
// consent columns (shopifyPhone).
func candidates(i int, h, next string, sample []Row, defs []field.Definition, o MapOptions, vcard, geo, shopify, headless bool) []Candidate {
	if failedReasons(i, h, sample, headless) {
		return []Candidate{{Target: Target{Kind: KindIgnore}, Reason: Reason{Kind: ReasonFailed}, Score: 1}}
	}
	var out []Candidate
	n := normalize(h)
	if n != "" {
		p, num := pattern(n)
		a, ok := aliases[p]
		if !ok {
			a, ok = aliasOf(n)
			num = 0
		}
		for _, d := range defs {
			if h == d.Key.String() {
				t := Target{Kind: KindCustom, Field: d.Key}
				out = append(out, Candidate{Target: t, Reason: Reason{Kind: ReasonFieldKey, Match: h}, Score: 1})
			}
		}
		if ok {
			t := a.target
			if a.slot {
				t.Slot = num
			}
			if shopify {
				switch p {
				case "phone":
					t = Target{Kind: KindPhone, Label: "mobile", Slot: shopifySlot}
				case "accepts sms marketing", "accepts whatsapp marketing":
					t.Slot = shopifySlot
				}
			}
			switch {
			case t.Kind != KindTags:
			case vcard:
				// A vCard's CATEGORIES, commas between them.
				t.Label = ""
			case strings.TrimSpace(h) == "TAGS":
				t.Label = TagsMailchimp
			}
			alt := a.alt
			if alt.Kind != "" && shareParsed(i, sample, alt, o) > shareParsed(i, sample, t, o) {
				t, alt = alt, t
			}
			if a.courtesy && courtesy(i, next, sample, o) || geo && strings.TrimSpace(h) == "REGION" {
				t, alt = Target{Kind: KindIgnore}, t
			}
			score := a.score
			if t.Kind == KindIgnore && slices.ContainsFunc(defs, func(d field.Definition) bool {
				return strings.EqualFold(strings.TrimSpace(h), d.Key.String()) || n == normalize(d.Label)
			}) {
				// A vendor's column not imported, which the workspace
				// made a field for ("Lifecycle Stage"): the field's.
				score = autoScore * 0.9
			}
			out = append(out, Candidate{Target: t, Reason: Reason{Kind: ReasonAlias, Match: h}, Score: score})
			if alt.Kind != "" {
				// The other reading, an alternative only.
				out = append(out, Candidate{Target: alt, Reason: Reason{Kind: ReasonAlias, Match: h}, Score: autoScore * 0.9})
			}
		}
		for _, d := range defs {
			t := Target{Kind: KindCustom, Field: d.Key}
			switch {
			case h == d.Key.String():
				// Listed first, above.
			case strings.EqualFold(strings.TrimSpace(h), d.Key.String()):
				out = append(out, Candidate{Target: t, Reason: Reason{Kind: ReasonFieldKey, Match: d.Key.String()}, Score: 0.95})
			case n == normalize(d.Label):
				out = append(out, Candidate{Target: t, Reason: Reason{Kind: ReasonFieldLabel, Match: d.Label}, Score: 0.9})
			}
		}
	}
	values := valueCandidates(i, sample, o)
	if subdivisionHeader(n) {
		// Codes of states are codes of countries too (MA, DE, CA, IN):
		// the header says which they are.
		values = slices.DeleteFunc(values, func(c Candidate) bool { return c.Target.Kind == KindCountry })
	}
	if identifierHeader(n) {
		// A company's SIREN (552100554) reads as a French number: the
		// header says it is none.
		values = slices.DeleteFunc(values, func(c Candidate) bool { return c.Target.Kind == KindPhone })
	}
	out = append(out, values...)
	slices.SortStableFunc(out, func(a, b Candidate) int { return cmp.Compare(b.Score, a.Score) })
	// Keep the first candidate of each target.
	seen := map[Target]bool{}
	return slices.DeleteFunc(out, func(c Candidate) bool {
		if seen[c.Target] {
			return true
		}
		seen[c.Target] = true
		return false
	})
}

// subdivisionHeader reports whether the normalised header n names a
// subdivision of a country (a state, a province, a region, a county, a
// département), and no country: "Mailing State/Province" of a Salesforce
// export, Yahoo's "Work State", the "ST" of a US mailing list, but not
// "Country/Region". Such a column is no country column by its values,
// which US state codes make look so.
func subdivisionHeader(n string) bool {
	words := strings.Fields(n)
	for _, w := range words {
		if w == "country" || w == "pays" {
			return false
		}
	}
	for _, w := range words {
		switch w {
		case "state", "st", "province", "prov", "region", "county", "etat", "departement":
			return true
		}
	}
	return false
}

// identifierHeader reports whether the normalised header n names an
// identifier (an ID, a SIREN or SIRET, a VAT or tax number, a
// reference), and no phone: "SIREN", "external_id", "N° SIRET", but not
// "WhatsApp ID". Such a column is no phone column by its values, which
// nine digits make look so in France (a SIREN is a valid French number),
// and whose one number for every contact of a company made all but the
// first of them duplicates of it.
func identifierHeader(n string) bool {
	words := strings.Fields(n)
	for _, w := range words {
		switch w {
		case "phone", "telephone", "tel", "mobile", "portable", "cell", "gsm", "sms", "whatsapp", "fax", "mobil":
			return false
		}
	}
	for _, w := range words {
		switch w {
		case "id", "ids", "siren", "siret", "tva", "vat", "iban", "ssn", "ein", "nir", "sku", "ean", "isbn", "ref", "reference":
			return true
		}
	}
	return false
}

// courtesy reports whether column i, a "Title" (Outlook's; "Titre" in
// French, where the job title is called so too), holds courtesy titles
// ("M.", "Mme", "Dr") rather than job titles: by its sampled values when it
// has any (MapOptions.Threshold of them courtesy titles), else by its
// place before a first name column (next), as Outlook writes it.
func courtesy(i int, next string, sample []Row, o MapOptions) bool {
	if vs := sampleValues(i, sample, o.SampleSize); len(vs) > 0 {
		n := 0
		for _, v := range vs {
			if courtesyTitles[normalize(v)] {
				n++
			}
		}
		return float64(n)/float64(len(vs)) >= o.Threshold
	}
	a, ok := aliases[normalize(next)]
	return ok && a.target.Kind == KindFirstName
}

// courtesyTitles are courtesy titles in English and French (and a few
// other languages'), as normalize writes them.
var courtesyTitles = map[string]bool{
	"m": true, "mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "pr": true,
	"sir": true, "dame": true, "lord": true, "lady": true, "rev": true, "mme": true, "mlle": true, "me": true,
	"mgr": true, "monsieur": true, "madame": true, "mademoiselle": true, "docteur": true, "professeur": true,
	"maitre": true, "mmes": true, "messrs": true, "herr": true, "frau": true, "sr": true, "sra": true, "srta": true,
}

// shareParsed returns the share of the sampled values of column i that
// parse for t, as Preview counts them (in MapOptions.Region); 0 for none.
func shareParsed(i int, sample []Row, t Target, o MapOptions) float64 {
	vs := sampleValues(i, sample, o.SampleSize)
	parsed := 0
	for _, v := range vs {
		if parses(t, Cell{Column: i, Value: v}, nil, Mapping{PlusDropped: true}, o) {
			parsed++
		}
	}
	return float64(parsed) / float64(max(len(vs), 1))
}

// detector reads sampled values as one kind of target.
type detector struct {
	target Target
	what   string
	score  float64 // the weight of the parsed share
	parse  func(v string, o MapOptions) bool
}

var detectors = []detector{
	{Target{Kind: KindEmail}, "email addresses", 0.8, func(v string, _ MapOptions) bool {
		if !strings.Contains(v, "@") {
			return false
		}
		for _, e := range emailParts(v) {
			if _, err := contact.ParseEmail(e); err != nil {
				return false
			}
		}
		return true
	}},
	{Target{Kind: KindPhone}, "phone numbers", 0.8, func(v string, o MapOptions) bool {
		digits := 0
		for i := 0; i < len(v); i++ {
			if v[i] >= '0' && v[i] <= '9' {
				digits++
			}
		}
		if digits < 6 {
			return false
		}
		// A cell of two readings is a phone number all the same.
		_, err := ParsePhone(v, o.Region)
		return err == nil || errors.Is(err, ErrAmbiguousPhone)
	}},
	{Target{Kind: KindCountry}, "country codes", 0.8, func(v string, _ MapOptions) bool {
		_, err := contact.ParseCountry(v)
		return err == nil && len(strings.TrimSpace(v)) == 2
	}},
	// A number alone is as often a count or a score as a calling code: a
	// column of them is one by its header ("Country Code"), or by its
	// values when they are written with "+" ("+33", "+1").
	{Target{Kind: KindCallingCode}, "calling codes", 0.8, func(v string, _ MapOptions) bool {
		_, err := ParseCallingCode(v)
		return err == nil && strings.HasPrefix(strings.TrimSpace(v), "+")
	}},
	{Target{Kind: KindBirthDate}, "dates", 0.3, func(v string, _ MapOptions) bool {
		return isDate(v)
	}},
}

// isDate reports whether v reads as a date a column of birthdays holds:
// in any order ("1990-04-12", "4/12/1990", "12 April 1990", "--04-12",
// "12 avril"), but not a date and time (a column of events, not of
// birthdays) nor two numbers without a year, which decimals ("12.5") are
// too.
func isDate(v string) bool {
	if strings.Contains(v, ":") {
		return false
	}
	for _, o := range []field.DateOrder{field.ISODate, field.DayFirst, field.MonthFirst} {
		d, err := field.ParseDateIn(v, o)
		if err == nil && (d.Year != 0 || strings.HasPrefix(v, "--") || strings.ContainsFunc(v, unicode.IsLetter)) {
			return true
		}
	}
	return false
}

// failedReasons reports whether column i, headed h, is the column of
// reasons of a failed-rows file: its header is FailedColumn or, in a file
// without a header (headless), every sampled value of it begins with
// FailedPrefix.
func failedReasons(i int, h string, sample []Row, headless bool) bool {
	if !headless {
		return IsFailedColumn(h)
	}
	vs := sampleValues(i, sample, len(sample))
	return len(vs) > 0 && !slices.ContainsFunc(vs, func(v string) bool { return !strings.HasPrefix(v, FailedPrefix) })
}

// sampleValues returns up to n non-blank, unescaped values of column i.
func sampleValues(i int, sample []Row, n int) []string {
	var vs []string
	for _, r := range sample {
		if len(vs) == n {
			break
		}
		if i < len(r.Cells) {
			if v := r.Cell(i); v != "" {
				vs = append(vs, v)
			}
		}
	}
	return vs
}

func valueCandidates(i int, sample []Row, o MapOptions) []Candidate {
	vs := sampleValues(i, sample, o.SampleSize)
	if len(vs) == 0 {
		return nil
	}
	var out []Candidate
	for _, d := range detectors {
		parsed := 0
		distinct := map[string]bool{}
		for _, v := range vs {
			if d.parse(v, o) {
				parsed++
				distinct[strings.ToLower(strings.TrimSpace(v))] = true
			}
		}
		share := float64(parsed) / float64(len(vs))
		if parsed == 0 || share < o.Threshold {
			continue
		}
		if (d.target.Kind == KindEmail || d.target.Kind == KindPhone) && sharedAddresses(parsed, len(distinct)) {
			continue
		}
		out = append(out, Candidate{
			Target: d.target,
			Reason: Reason{Kind: ReasonValues, Match: d.what, Parsed: parsed, Sampled: len(vs)},
			Score:  share * d.score,
		})
	}
	return out
}

// sharedAddresses reports whether the parsed emails or phone numbers of a
// column, distinct of them different, are those of few people written on
// every row (an "Owner Email", a sales rep's, a company's switchboard):
// at least minShared of them, at most half of them different. An address
// belongs to one contact (C9): read as the contacts' own, it made every
// row after the first a duplicate of it. Such a column is no address
// column by its values (a header may still say it is one).
func sharedAddresses(parsed, distinct int) bool {
	return parsed >= minShared && distinct*2 <= parsed
}

// minShared is the fewest sampled addresses that sharedAddresses judges.
const minShared = 3

// Set maps column i to t, as the caller decides; the previous target
// becomes the first alternative. Validate checks the result.
func (m *Mapping) Set(i int, t Target) error {
	if i < 0 || i >= len(m.Columns) {
		return fmt.Errorf("set mapping of column %d: %w", i, ErrColumn)
	}
	c := &m.Columns[i]
	if c.Target == t {
		c.Reason = Reason{Kind: ReasonOverride}
		return nil
	}
	prev := Candidate{Target: c.Target, Reason: c.Reason}
	c.Alternatives = slices.DeleteFunc(c.Alternatives, func(a Candidate) bool { return a.Target == t })
	c.Alternatives = append([]Candidate{prev}, c.Alternatives...)
	c.Target, c.Reason = t, Reason{Kind: ReasonOverride}
	return nil
}

// Targets returns the target of each column, in column order.
func (m Mapping) Targets() []Target {
	ts := make([]Target, len(m.Columns))
	for i, c := range m.Columns {
		ts[i] = c.Target
	}
	return ts
}

// Validate checks that no two columns share a single-valued target (a
// *DuplicateTargetError for each), that every custom target is one of
// defs (ErrUnknownField) unless new, that is: in newFields, that every
// tags target lists tags in a way this package reads (ErrTagFormat), that
// Decimal is one of the marks field declares (ErrDecimalMark) and Dates one
// of its date orders (ErrDateOrder). The errors are joined.
func (m Mapping) Validate(defs []field.Definition, newFields ...field.Key) error {
	known := map[field.Key]bool{}
	for _, d := range defs {
		known[d.Key] = true
	}
	for _, k := range newFields {
		known[k] = true
	}
	var errs []error
	if !m.Decimal.Valid() {
		errs = append(errs, fmt.Errorf("%w: %s", ErrDecimalMark, m.Decimal))
	}
	if !m.Dates.Valid() {
		errs = append(errs, fmt.Errorf("%w: %s", ErrDateOrder, m.Dates))
	}
	cols := map[string][]int{}
	var keys []string
	for _, c := range m.Columns {
		t := c.Target
		if t.Kind == KindCustom && !known[t.Field] {
			errs = append(errs, fmt.Errorf("column %d (%s): %w: %s", c.Index, c.Header, ErrUnknownField, t.Field))
		}
		if t.Kind == KindTags && !slices.Contains([]string{"", TagsGoogle, TagsMailchimp, TagsOutlook}, t.Label) {
			errs = append(errs, fmt.Errorf("column %d (%s): %w: %q", c.Index, c.Header, ErrTagFormat, t.Label))
		}
		if t.Multi() {
			continue
		}
		k := t.key()
		if _, ok := cols[k]; !ok {
			keys = append(keys, k)
		}
		cols[k] = append(cols[k], c.Index)
	}
	for _, k := range keys {
		if idx := cols[k]; len(idx) > 1 {
			slices.Sort(idx)
			errs = append(errs, &DuplicateTargetError{Target: m.Columns[idx[0]].Target, Columns: idx})
		}
	}
	return errors.Join(errs...)
}

// NewFields returns the custom field keys that ExtraCustom made up, that
// defs does not hold; the caller creates them (as text fields, say) before
// importing.
func (m Mapping) NewFields(defs []field.Definition) []field.Key {
	known := map[field.Key]bool{}
	for _, d := range defs {
		known[d.Key] = true
	}
	var out []field.Key
	for _, c := range m.Columns {
		if c.Target.Kind == KindCustom && c.Reason.Kind == ReasonExtra && !known[c.Target.Field] {
			out = append(out, c.Target.Field)
		}
	}
	return out
}

// CheckHeader reports, with errors wrapping ErrColumn (joined), whether m
// was made for a file of this header: every column's Index must be one of
// the header's, and a column that names its Header must find it at its
// Index, compared as Suggest reads headers (case, accents, punctuation
// and spaces folded). A column built by hand without a Header is checked
// for its Index only. A mapping kept from another file (an export of
// another tool, of another version) would read its rows through the wrong
// columns: a caller checks it before the first row. A Headerless mapping
// is checked for its Indexes only: its Headers are the values of its
// file's first row, and header is the first row of the next file.
func (m Mapping) CheckHeader(header []string) error {
	var errs []error
	for _, c := range m.Columns {
		switch {
		case c.Index < 0 || c.Index >= len(header):
			errs = append(errs, fmt.Errorf("column %d (%s): %w: the header has %d columns", c.Index, c.Header, ErrColumn, len(header)))
		case !m.Headerless && c.Header != "" && c.Header != header[c.Index] && (normalize(c.Header) == "" || normalize(c.Header) != normalize(header[c.Index])):
			errs = append(errs, fmt.Errorf("column %d (%s): %w: the header has %q there", c.Index, c.Header, ErrColumn, header[c.Index]))
		}
	}
	return errors.Join(errs...)
}
