package importer

import (
	"slices"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// Cell is one imported value and the column it came from, so that an error
// can name its column.
type Cell struct {
	Column int
	Value  string
	// Label is, for an email or a phone, its label: the cell of the label
	// column of the same slot when not blank (see NormalizeLabel), else
	// the label of the target; for a consent cell, the channel.
	Label string
	// LabelCell says that Label is the cell of a label column, a label the
	// row gives, and not the one its column's header implies ("Mobile
	// Phone": mobile): a caller may take the one as a value of the row
	// (an import sets it on an address the contact holds) and the other
	// as a default only.
	LabelCell bool
	// Escaped says that the file protected the cell against formula
	// injection (see Unescape): it holds text an export wrote, which a
	// spreadsheet that opened the file kept as it was, where it retyped
	// the cells beside it in its own locale (see Mapping.FieldValue).
	Escaped bool
}

// Record is a row read through a Mapping: raw strings by target, each cell
// trimmed and unescaped (Unescape), blank cells left out, each a copy that
// shares no memory with the row's cells. Parsing them
// (contact.ParsePhone, field.Definition.Coerce, tag.Parse, …) is the
// caller's business.
type Record struct {
	Line int

	FirstName, LastName, Alias Cell
	// Country, City, State and Company are their column's cell or, where
	// it is blank, that of another column of theirs Suggest found (see
	// Record).
	Country, Language Cell
	// CallingCode is the cell of the row's calling code column (see
	// KindCallingCode).
	CallingCode       Cell
	BirthDate         Cell // blank for Outlook's "0/0/00", "0.0.00" or "0-0-00" (no birthday)
	City, State       Cell
	Company, JobTitle Cell
	Assignee          Cell
	Blocked           Cell // see ParseBlocked
	ContactID         Cell // see KindContactID

	// Emails and Phones are in column order. A cell holding several values
	// separated by " ::: " (as Google Contacts exports them) gives one
	// Cell each, and so does an email cell of several addresses separated
	// by ";" (or "," in a cell without ";"), as HubSpot's "Additional
	// email addresses" holds them, when every part holds one "@" and no
	// "<" or quote: "Lee, Ann <ann@example.com>" stays one value. A phone
	// whose label says it is a fax (Google's "Work Fax" and "Home Fax") is
	// left out, as a fax column is ignored: no call, SMS or WhatsApp
	// reaches the contact there, and colleagues share the office's. An
	// Exchange address (an X.500 name such as "/o=ExchangeLabs/ou=…/cn=…",
	// which Outlook exports for a colleague with the type "EX") is no
	// email address: it is left out.
	Emails, Phones []Cell
	// Tags are tag input (for tag.Parse), one per column, made of the
	// cell as its column's Target.Label lists tags: Google's " ::: "
	// separators and Outlook's ";" made commas, Google's "* " system-group
	// mark dropped (and its "myContacts" group, "My Contacts" in legacy
	// exports), the double quotes around
	// each name of Mailchimp's TAGS column ("VIP","Customer") removed; a
	// cell of a plain tags column is taken as it is.
	Tags []Cell
	// Notes are note texts, one per column.
	Notes []Cell
	// Consent holds consent and unsubscribed cells, in column order; see
	// ParseConsent.
	Consent []ConsentCell
	// Fields holds custom field values by key.
	Fields map[field.Key]Cell
}

// ConsentCell is a consent cell with the kind of its column and the
// addresses of its row it is about. Its Label is the channel: "email" for
// the addresses of Record.Emails, "sms" or "whatsapp" for those of
// Record.Phones. A column of no channel (Target.Label "") gives a cell of
// each channel, in that order, with the same Cell.
//
// A cell of a column with a slot ("Email 2 - Consent", "Phone 2 - SMS Opt
// Out") is about the addresses of the email or phone column of the same
// slot only. A cell of a column without one ("Email Consent",
// "Unsubscribed from all email") is about every address of its channel in
// the row, except those of a slot whose own cell of that channel is not
// blank in the row: the cell that names its address decides for it. So a
// vendor's column applies to all the row's addresses, and the "Email
// Consent" column of a contactkit export (the primary's) to the primary
// only, since that export writes the consent of each other address under
// its slot.
type ConsentCell struct {
	Cell
	Kind Kind // KindConsent or KindUnsubscribed
	// Slot is the slot of the column (Target.Slot), 0 for none.
	Slot int
	// Emails and Phones are the indexes in Record.Emails and Record.Phones
	// of the addresses the cell is about, in order.
	Emails, Phones []int
}

// Record reads row through m. Cells beyond the row's length are blank. A
// row whose country, city, state or company column is blank takes that
// value from another column of it that Suggest found but left out, the
// strongest (an Outlook contact with a home address and no business one,
// an ActiveCampaign contact with an "Account" and no "Organization"); each
// value apart, so a row with a business city and only a home country has
// both.
func (m Mapping) Record(row Row) Record {
	var rec Record
	m.ReadRecord(&rec, row)
	return rec
}

// ReadRecord is Record into rec, reusing the memory of its slices and map
// (as a csv.Reader with ReuseRecord does): what rec held is overwritten, and
// no part of an earlier record read into it may be used after the call.
func (m Mapping) ReadRecord(rec *Record, row Row) {
	reuse := func(s []Cell) []Cell { clear(s); return s[:0] }
	clear(rec.Consent)
	clear(rec.Fields)
	*rec = Record{Line: row.Line, Emails: reuse(rec.Emails), Phones: reuse(rec.Phones),
		Tags: reuse(rec.Tags), Notes: reuse(rec.Notes), Consent: rec.Consent[:0], Fields: rec.Fields}
	// Each value a copy of its own: a CSV reader's cells are parts of one
	// string a row, and a value kept (a contact's email, in a store) would
	// keep the whole row, every column the mapping ignores included.
	cell := func(i int) string { return strings.Clone(row.Cell(i)) }
	var labels map[Target]string
	var faxes []int // the slots of the phones whose label says fax
	// The slot of each email and phone cell, and the slots and channels
	// that have a consent cell of their own.
	var emailSlots, phoneSlots []int
	var ownConsent map[Target]bool
	for i := range m.Columns {
		c := &m.Columns[i] // a Column is large: not copied for every row
		if (c.Target.Kind == KindEmailLabel || c.Target.Kind == KindPhoneLabel) && c.Target.Slot > 0 {
			raw := cell(c.Index)
			if c.Target.Kind == KindPhoneLabel && vendorFax(raw) {
				faxes = append(faxes, c.Target.Slot)
			}
			if v := readLabel(raw); v != "" {
				if labels == nil {
					labels = map[Target]string{}
				}
				labels[Target{Kind: c.Target.Kind, Slot: c.Target.Slot}] = v
			}
		}
	}
	for i := range m.Columns {
		c := &m.Columns[i] // a Column is large: not copied for every row
		t := c.Target
		if t.Kind == KindIgnore || t.Kind == KindEmailLabel || t.Kind == KindPhoneLabel {
			continue // nothing to read, or read above
		}
		v := cell(c.Index)
		if v == "" {
			continue
		}
		one := Cell{Column: c.Index, Value: v}
		switch t.Kind {
		case KindFirstName:
			rec.FirstName = one
		case KindLastName:
			rec.LastName = one
		case KindAlias:
			rec.Alias = one
		case KindCountry:
			rec.Country = one
		case KindLanguage:
			rec.Language = one
		case KindCallingCode:
			rec.CallingCode = one
		case KindBirthDate:
			if !noBirthday(one.Value) {
				rec.BirthDate = one
			}
		case KindCity:
			rec.City = one
		case KindState:
			rec.State = one
		case KindCompany:
			rec.Company = one
		case KindJobTitle:
			rec.JobTitle = one
		case KindAssignee:
			rec.Assignee = one
		case KindBlocked:
			rec.Blocked = one
		case KindContactID:
			rec.ContactID = one
		case KindEmail, KindPhone:
			label, fromCell := t.Label, false
			lk := KindEmailLabel
			if t.Kind == KindPhone {
				lk = KindPhoneLabel
			}
			if l, ok := labels[Target{Kind: lk, Slot: t.Slot}]; ok && t.Slot > 0 {
				label, fromCell = l, true
			}
			if t.Kind == KindPhone && t.Slot > 0 && slices.Contains(faxes, t.Slot) {
				continue // no phone of the contact
			}
			eachAddress(t.Kind, v, func(a string) {
				if t.Kind == KindPhone {
					rec.Phones = append(rec.Phones, Cell{Column: c.Index, Value: a, Label: label, LabelCell: fromCell})
					phoneSlots = append(phoneSlots, t.Slot)
				} else {
					rec.Emails = append(rec.Emails, Cell{Column: c.Index, Value: a, Label: label, LabelCell: fromCell})
					emailSlots = append(emailSlots, t.Slot)
				}
			})
		case KindTags:
			if in := tagInput(v, t.Label); in != "" {
				rec.Tags = append(rec.Tags, Cell{Column: c.Index, Value: in})
			}
		case KindNotes:
			rec.Notes = append(rec.Notes, one)
		case KindConsent, KindUnsubscribed:
			// A column without a channel is one of each channel, so that
			// each defers, for a slot, to that slot's own cell of its
			// channel.
			channels := []string{t.Label}
			if t.Label == "" {
				channels = consentChannels
			}
			for _, chn := range channels {
				one.Label = chn
				rec.Consent = append(rec.Consent, ConsentCell{Cell: one, Kind: t.Kind, Slot: t.Slot})
				if t.Slot > 0 {
					if ownConsent == nil {
						ownConsent = map[Target]bool{}
					}
					ownConsent[Target{Label: chn, Slot: t.Slot}] = true
				}
			}
		case KindCustom:
			if rec.Fields == nil {
				rec.Fields = map[field.Key]Cell{}
			}
			one.Escaped = row.escaped(c.Index)
			rec.Fields[t.Field] = one
		}
	}
	for _, f := range []struct {
		kind Kind
		cell *Cell
	}{{KindCountry, &rec.Country}, {KindCity, &rec.City}, {KindState, &rec.State}, {KindCompany, &rec.Company}} {
		if f.cell.Value == "" {
			*f.cell = m.fallback(f.kind, cell)
		}
	}
	for i := range rec.Consent {
		c := &rec.Consent[i]
		about := func(slots []int) []int {
			var out []int
			for j, s := range slots {
				if c.Slot == s || c.Slot == 0 && !ownConsent[Target{Label: c.Label, Slot: s}] {
					out = append(out, j)
				}
			}
			return out
		}
		switch c.Label {
		case "email":
			c.Emails = about(emailSlots)
		case "sms", "whatsapp":
			c.Phones = about(phoneSlots)
		}
	}
}

// fallback returns the value of kind (a country, a city, a state, a company) of a row
// whose own column of it is blank: the cell of the strongest other column
// of that kind that Suggest left out because the first took the target
// (Outlook's "Home Country/Region" beside its "Business Country/Region"),
// so that a personal contact's address is its home's and its phones are
// read in its country; none if every such cell is blank too.
func (m Mapping) fallback(kind Kind, cell func(int) string) Cell {
	var best Cell
	score := 0.0
	for i := range m.Columns {
		c := &m.Columns[i] // a Column is large: not copied for every row
		if c.Reason.Kind != ReasonTaken || len(c.Alternatives) == 0 {
			continue
		}
		if alt := c.Alternatives[0]; alt.Target.Kind == kind && alt.Score > score {
			if v := cell(c.Index); v != "" {
				best, score = Cell{Column: c.Index, Value: v}, alt.Score
			}
		}
	}
	return best
}

// eachAddress calls fn with each address of v, a cell of an email or a
// phone column (kind), as an import reads it: the values separated by
// " ::: " (as Google Contacts exports them), and each of those an email
// cell splits (see emailParts) but an Exchange address, trimmed, blanks
// left out.
func eachAddress(kind Kind, v string, fn func(string)) {
	for part := range strings.SplitSeq(v, ":::") {
		part = strings.TrimSpace(part)
		if kind == KindPhone {
			if part != "" {
				fn(part)
			}
			continue
		}
		for _, e := range emailParts(part) {
			if !exchangeAddress(e) {
				fn(e)
			}
		}
	}
}

// vendorFax reports whether s, the cell of a phone's label column, is a
// vendor's label that says the phone is a fax line ("Work Fax", "Home Fax"
// in Google's exports, "Télécopie"). A label in the form contactkit stores
// and exports (a host's own "fax") is a label like another, so that an
// export reads back.
func vendorFax(s string) bool {
	s = strings.TrimSpace(s)
	for w := range strings.FieldsSeq(normalize(s)) {
		switch w {
		case "fax", "telecopie", "telefax":
			return !storedLabel(s)
		}
	}
	return false
}

// noBirthday reports whether v, a birthday cell, says there is none, as
// Outlook writes it: day, month and year zero in the date format of the
// regional settings, "0/0/00" (United States, France), "0.0.00" (Germany)
// or "0-0-00" (the Netherlands), the year of two or four digits.
func noBirthday(v string) bool {
	for _, sep := range []string{"/", ".", "-"} {
		if v == "0"+sep+"0"+sep+"00" || v == "0"+sep+"0"+sep+"0000" {
			return true
		}
	}
	return false
}

// tagInput makes a tags cell tag input for tag.Parse, as format lists its
// tags (see Target.Label).
func tagInput(v, format string) string {
	var parts []string
	switch format {
	case TagsGoogle:
		for p := range strings.SplitSeq(v, ":::") {
			p = strings.TrimSpace(p)
			if g, ok := strings.CutPrefix(p, "* "); ok && allContacts(g) {
				continue // every contact's group: not a tag
			}
			parts = append(parts, strings.TrimPrefix(p, "* "))
		}
	case TagsOutlook:
		parts = strings.Split(v, ";")
	case TagsMailchimp:
		parts = strings.Split(v, ",")
		for i, p := range parts {
			p = strings.TrimSpace(p)
			if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
				p = strings.TrimSpace(p[1 : len(p)-1])
			}
			parts[i] = p
		}
	default:
		return v
	}
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return strings.Trim(strings.Join(parts, ", "), ", ")
}

// allContacts reports whether group, the name of a system group of Google
// Contacts (after its "* " mark in a CSV's labels), is the one every
// contact is in: "myContacts", or "My Contacts" as the legacy "Google CSV"
// export names it. It is no tag.
func allContacts(group string) bool {
	return group == googleAllContacts || group == "My Contacts"
}

// googleAllContacts is the name of Google's every-contact group in its
// current exports, also in the CATEGORIES of its vCards, where no mark
// tells a system group: only this spelling is left out there, so that a
// tag "My Contacts" of a card reads back.
const googleAllContacts = "myContacts"

// emailParts splits an email cell that lists several addresses, as
// HubSpot's "Additional email addresses" does ("a@example.com;b@example.com"),
// into its addresses, trimmed: by ";", or by "," when the cell has no ";".
// A cell is split only when every part holds one "@" and no quote, and,
// split by commas, no "<", so that a cell of one address, or one that a
// comma cannot split without doubt ("Lee, Ann <ann@example.com>", a quoted
// local part), is one value; split by ";", a part may be a name and its
// address in angle brackets, as a mail client copies recipients ("Ann
// Lee <ann@example.com>; Bob <bob@example.org>"). A blank cell gives none.
func emailParts(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	sep := ";"
	if !strings.Contains(v, sep) {
		sep = ","
	}
	var parts []string
	for p := range strings.SplitSeq(v, sep) {
		p = strings.TrimSpace(p)
		if p == "" {
			continue // "a@example.com;" or ";;"
		}
		if strings.Count(p, "@") != 1 || strings.Contains(p, "\"") || !(sep == ";" && named(p) || !strings.ContainsAny(p, "<>")) {
			return []string{v}
		}
		parts = append(parts, p)
	}
	return parts
}

// named reports whether p is a name and an address in angle brackets, the
// address last: one "<", one ">" that ends p, the "@" between them.
func named(p string) bool {
	lt, gt, at := strings.IndexByte(p, '<'), strings.IndexByte(p, '>'), strings.IndexByte(p, '@')
	return strings.Count(p, "<") == 1 && strings.Count(p, ">") == 1 && lt < at && at < gt && gt == len(p)-1
}

// exchangeAddress reports whether v is an Exchange (X.500) address, as
// Outlook exports an address of type "EX": "/o=…" or "/cn=…".
func exchangeAddress(v string) bool {
	for _, p := range []string{"/o=", "/cn="} {
		if len(v) >= len(p) && strings.EqualFold(v[:len(p)], p) {
			return true
		}
	}
	return false
}

// consentChannels are the channels of a consent column of no channel.
var consentChannels = []string{"email", "sms", "whatsapp"}

// NormalizeLabel reads an email or phone label as a vendor export writes
// it: "whatsapp" when it mentions WhatsApp; "mobile" for Mobile, Cell,
// Portable, iPhone; "work" for Work, Business, Bureau, Travail, Pro;
// "home" for Home, Domicile, Personal, Perso; "other" for Other, Autre;
// "" for the address types Outlook writes (SMTP, EX) and vCard's
// internet, pref and voice; else the label as written, trimmed. Google's "* " mark of the primary
// value is dropped, and so is the mark alone ("* ", a primary value
// without a label), which leaves no label.
func NormalizeLabel(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "*"))
	n := normalize(s)
	if strings.Contains(n, "whatsapp") {
		return "whatsapp"
	}
	switch n {
	case "mobile", "cell", "cellular", "portable", "iphone", "mobile phone", "gsm":
		return "mobile"
	case "work", "business", "office", "bureau", "travail", "pro", "professionnel":
		return "work"
	case "home", "domicile", "personal", "perso", "personnel", "maison":
		return "home"
	case "other", "autre":
		return "other"
	}
	if addressType(n) {
		return ""
	}
	return s
}

// readLabel reads a label cell of a file: a label in the form contactkit
// stores and exports it (lower case, single spaces: a host's own label
// such as "personal", "cell" or "*vip") is kept as is, so that an export
// reads back as written (I6); any other, and Google's primary mark (a
// star alone, or a star and a space: "* home"), is a vendor's, read with
// NormalizeLabel ("Mobile", "* Home", "* ", "Personal"), which drops
// address types ("SMTP").
func readLabel(s string) string {
	s = strings.TrimSpace(s)
	if storedLabel(s) && s != "*" && !strings.HasPrefix(s, "* ") {
		return s
	}
	return NormalizeLabel(s)
}

// storedLabel reports whether s is a label in the form contactkit stores
// and exports it. A host's label may be a word vendors write as an address
// type ("voice", "pref"): in that form it is the host's, kept; the vendors'
// come in other forms (Outlook's "SMTP") or places (a vCard TYPE).
func storedLabel(s string) bool {
	l, err := contact.ParseLabel(s)
	return err == nil && string(l) == s
}

// addressType reports whether the label s is one of the address types
// Outlook (SMTP, EX, X400) and vCard (internet, pref, voice) write where
// a label goes, not a label.
func addressType(s string) bool {
	switch strings.ToLower(s) {
	case "smtp", "ex", "internet", "pref", "voice", "x400":
		return true
	}
	return false
}

// ParseConsent reads a consent cell: it reports whether the value says the
// address is unsubscribed, and ok false when the value is not understood
// (the caller reports it; an import never resubscribes).
//
// For KindConsent, "unsubscribed", "unsubscribe", "opted out", "opt-out",
// "cleaned", "bounced", "non-subscribed", "désabonné", "désinscrit" mean
// unsubscribed and "subscribed", "opted in", "opt-in", "pending",
// "never subscribed" (Klaviyo's NEVER_SUBSCRIBED: no choice was ever
// made, which unsubscribes nothing and, see Consented, opts nothing in),
// "abonné", "inscrit" mean not; so does a yes value (below), the answer
// to a consent column's question ("Consentement: Oui", "SMS Consent:
// TRUE"), and a no value means unsubscribed: no consent was given, as
// "not subscribed" says. For KindUnsubscribed, a yes value (true,
// yes, y, 1, oui, vrai, wahr, x) means unsubscribed, and so does a date, with a
// time or not: when the address left, as Mailchimp's exports of
// unsubscribed and cleaned members say it ("2024-04-04 18:30:12" under
// UNSUB_TIME or CLEAN_TIME); a no value (false, no, n, 0, non, faux,
// falsch) means not. Case, accents and punctuation are folded.
func ParseConsent(kind Kind, value string) (unsubscribed, ok bool) {
	n := normalize(value)
	switch kind {
	case KindConsent:
		switch n {
		case "unsubscribed", "unsubscribe", "opted out", "opt out", "cleaned", "bounced", "non subscribed",
			"not subscribed", "desabonne", "desinscrit":
			return true, true
		case "subscribed", "opted in", "opt in", "pending", "never subscribed", "abonne", "inscrit":
			return false, true
		}
		if yes, ok := yesNo(n); ok {
			return !yes, true
		}
	case KindUnsubscribed:
		if yes, ok := yesNo(n); ok {
			return yes, true
		}
		left := leftAt(value)
		return left, left
	}
	return false, false
}

// leftAt reports whether v is a date, or a date and a time ("2024-04-04
// 18:30:12", "2024-04-04T18:30:12Z"): when an address left a list.
func leftAt(v string) bool {
	v = strings.TrimSpace(v)
	d, _, _ := strings.Cut(v, " ")
	d, _, _ = strings.Cut(d, "T")
	return isDate(d) || isDate(v)
}

// Consented reports whether a consent cell says the address consented: a
// KindConsent value that means subscribed ("subscribed", "opted in",
// "opt-in", "abonné", "inscrit", or a yes value: "Oui", "TRUE"), not
// "pending" (a double opt-in not confirmed yet), not "never subscribed"
// and not an opt-out column's no.
func Consented(kind Kind, value string) bool {
	if kind != KindConsent {
		return false
	}
	switch n := normalize(value); n {
	case "subscribed", "opted in", "opt in", "abonne", "inscrit":
		return true
	default:
		yes, ok := yesNo(n)
		return yes && ok
	}
}

// ParseBlocked reads a cell of a KindBlocked column: it reports whether the
// value says the contact is blocked, and ok false when the value is not
// understood. A yes value (true, yes, y, 1, oui, vrai, wahr, x, and
// "blocked", "bloqué") means blocked, a no value (false, no, n, 0, non,
// faux, falsch, and "active", "actif") means not; case, accents and
// punctuation are folded.
// An import never unblocks: only an explicit unblock lifts a block.
func ParseBlocked(value string) (blocked, ok bool) {
	switch n := normalize(value); n {
	case "blocked", "bloque":
		return true, true
	case "active", "actif":
		return false, true
	default:
		return yesNo(n)
	}
}

// yesNo reads a normalised yes/no value in English or French, or a
// boolean as a German Excel saves it (WAHR, FALSCH).
func yesNo(n string) (yes, ok bool) {
	switch n {
	case "true", "yes", "y", "1", "oui", "vrai", "wahr", "x":
		return true, true
	case "false", "no", "n", "0", "non", "faux", "falsch":
		return false, true
	}
	return false, false
}
