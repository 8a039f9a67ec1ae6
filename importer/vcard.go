package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/contactkit/contactkit/contact"
)

// VCardReader reads vCard 2.1, 3.0 and 4.0 files and presents each card as
// a row, under synthetic column names that the mapping of this package
// recognises like any other header (see VCardHeader). It implements Reader.
//
// # What is read
//
// Lines end with "\r\n" or "\n", or with "\r" alone in a file whose
// first 64 KiB end theirs so, as CSVReader tells (the address books of
// the Macs of old). Folded lines (a line starting with a space or a tab
// continues the previous one) are unfolded; quoted-printable values (2.1
// ENCODING=QUOTED-PRINTABLE, with soft line breaks: a value ending with "="
// continues on the next line, a space that starts it included, unless
// that line is END:VCARD or BEGIN:VCARD) are decoded in their CHARSET
// (any name the WHATWG encoding list knows; without one, UTF-8 when the
// bytes are valid UTF-8, else Windows-1252, as a file's encoding is told;
// bytes that are not UTF-8, in a CHARSET the list does not know, make the
// card's row come with a *RowError wrapping an *InvalidTextError), and so
// is a value of other bytes than UTF-8 in a file read as UTF-8 (an
// Outlook card, CHARSET=Windows-1252, among UTF-8 ones); backslash
// escapes (\\, \;, \, and \n or \N) are undone, after structured values
// (N, ADR, ORG) are split on their unescaped semicolons.
//
//   - FN is "Formatted Name", which mapping ignores: it is the name that N
//     gives, written out. N gives "Last Name", "First Name", "Middle
//     Name", "Name Prefix" and "Name Suffix"; NICKNAME, the first name of
//     its list ("Jim" of "Jim,Jimmie"), is "Nickname", or, for a card
//     without one whose N gives no first or last name (a company's card,
//     a 4.0 card with FN alone), the FN, unless it is one of the card's
//     emails or phone numbers: so the contact's alias is its
//     nickname, never its display name again, and a card named only by FN
//     keeps its name. Android's 2.1 cards, without NICKNAME, give it in
//     an X-ANDROID-CUSTOM of type vnd.android.cursor.item/nickname;
//   - ORG gives "Company" and "Department"; TITLE is "Job Title";
//   - each EMAIL and TEL fills "Email n" and "Email n Label", "Phone n"
//     and "Phone n Label": the preferred one first, so that it is the
//     contact's primary email or phone, then the others in the order of
//     the card. A pref TYPE (2.1's EMAIL;PREF, 3.0's TYPE=pref, alone or
//     in a list) or 4.0's PREF=n (1 to 100, lower is more preferred; a
//     pref TYPE counts as 1) marks it; of several, the lowest n wins, then
//     the first; a card with none marked keeps its order. The label is the
//     X-ABLabel of the property's group (item1.TEL + item1.X-ABLabel) as
//     written when it is in the form contactkit stores labels (lower case:
//     "personal", "cell", as contactkit exports a host's own labels);
//     else "whatsapp", "mobile" (cell, mobile, iphone), "pager", "work"
//     or "home" from the TYPE values; else that custom label, or an
//     "x-" TYPE, read with NormalizeLabel ("WhatsApp" gives "whatsapp",
//     "x-Bureau" gives "work", "Assistant" stays "Assistant"); else
//     "other" for another TYPE, and no label for none (or only internet,
//     pref, voice). A "tel:" URI (4.0) is read as its number. Cards with
//     more emails or phones than Options.VCardSlots come with a *RowError
//     wrapping a *LimitError; the preferred one and the first others are
//     kept (a row that Service.Import fails: with the default slots, the
//     card holds more than a contact does, and no number is dropped
//     without a word);
//   - a fax number is left out, as a CSV file's fax columns are (they map
//     to KindIgnore): it is no phone of the contact, whom no call, SMS or
//     WhatsApp reaches there, and colleagues share the office's. A TEL is
//     a fax when the label it would get, as above, is "fax": a FAX TYPE
//     (2.1's TEL;WORK;FAX, 3.0's TYPE=fax, 4.0's TYPE="work,fax") or a
//     custom label that says fax ("Fax", Apple's "_$!<WorkFAX>!$_"),
//     unless a TYPE says it is also a voice line (voice, cell, …);
//   - the preferred ADR (TYPE=pref or PREF=1), else the first, gives
//     "Street", "City", "Region", "Postal Code" and "Country"; a country
//     that is blank, or a name ParseCountry does not know, is the
//     country's code that Apple writes after the address, when it is one
//     (item1.ADR, then item1.X-ABADR:th);
//   - BDAY is "Birthday", written "YYYY-MM-DD" when it is a full date
//     ("19850412" and "1985-04-12T00:00:00Z" included), "--MM-DD" for a
//     day without a year ("--0412", "--04-12", and the date whose year is
//     the property's X-APPLE-OMIT-YEAR, as Apple writes a birthday without
//     a year: "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12"), as written
//     otherwise; a birthday given as text (4.0's BDAY;VALUE=text:circa
//     1800) is no date, and is left out;
//   - NOTE is "Notes" (several joined by a newline); LANG (4.0) is
//     "Language", the most preferred of several (PREF=n, as for an
//     email), else the first; CATEGORIES is "Categories", its names
//     joined by ", " for tag.Parse, without Google's "myContacts", the
//     group every contact of a Google export is in;
//     X-CONTACTKIT-BLOCKED, which contactkit's export writes for a
//     blocked contact, is "Blocked" (see ParseBlocked);
//   - a UID of the form "urn:uuid:" and a UUID, as contactkit's export
//     writes a contact's ID, is "contactkit ID" (see KindContactID); a UID
//     of another form, an application's own key, is skipped.
//
// Other properties (PHOTO, URL, …) are skipped; a nested card (the
// value of a 2.1 AGENT without one on its line) is skipped with them.
// Lines outside cards (a note before the first one) are passed over. A
// card of a group of cards (4.0's KIND:group, Apple's
// X-ADDRESSBOOKSERVER-KIND:group, which CardDAV address books hold, its
// members other cards' UIDs) is no contact: its row is blank, and so
// skipped. A card without END:VCARD ends at the next BEGIN:VCARD, or at
// the end of the file, and comes with a *RowError wrapping ErrMalformed.
// Row.Line is the line of the card's BEGIN:VCARD. A logical line longer
// than Options.MaxRowBytes is skipped, and a cell longer than
// Options.MaxCellBytes is cut (notes and categories stop growing at the
// cap): both are reported in a *RowError with the card, but for the line
// of a property skipped anyway, one not read above (a high-resolution
// PHOTO, Outlook's X-MS-CARDPICTURE, an application's own X- property).
type VCardReader struct {
	r       *bufio.Reader
	enc     *Encoding
	lim     limits
	header  []string
	line    int
	peek    []byte
	hasPeek bool
	peekToo bool // the peeked line is past the row cap
	// begun is the line of the BEGIN:VCARD that the card before it, which
	// had no END:VCARD, read; 0 for none.
	begun int
	buf   []byte
	err   error
}

// VCardHeader returns the synthetic column names of the rows of a
// VCardReader with slots email and phone columns.
func VCardHeader(slots int) []string {
	h := []string{"Formatted Name", "First Name", "Middle Name", "Last Name", "Name Prefix", "Name Suffix",
		"Nickname", "Company", "Department", "Job Title"}
	for i := 1; i <= slots; i++ {
		h = append(h, "Email "+strconv.Itoa(i), "Email "+strconv.Itoa(i)+" Label")
	}
	for i := 1; i <= slots; i++ {
		h = append(h, "Phone "+strconv.Itoa(i), "Phone "+strconv.Itoa(i)+" Label")
	}
	return append(h, "Street", "City", "Region", "Postal Code", "Country", "Birthday", "Notes", "Language", "Categories", "Blocked",
		"contactkit ID")
}

// Column positions in VCardHeader counted from its end (after the slots):
// the column of tail k is len(header)-k.
const (
	vcTailStreet = 11 - iota // then City, Region, Postal Code, Country
	_
	_
	_
	vcTailCountry
	vcTailBirthday
	vcTailNotes
	vcTailLanguage
	vcTailCategories
	vcTailBlocked
	vcTailContactID
)

// isVCardHeader reports whether h is a VCardHeader.
func isVCardHeader(h []string) bool {
	// The columns before and after the slots, and pairs between.
	fixed := VCardHeader(0)
	if len(h) < len(fixed) || (len(h)-len(fixed))%4 != 0 {
		return false
	}
	return slices.Equal(h, VCardHeader((len(h)-len(fixed))/4))
}

// Column positions in VCardHeader.
const (
	vcFull = iota
	vcFirst
	vcMiddle
	vcLast
	vcPrefix
	vcSuffix
	vcNick
	vcCompany
	vcDept
	vcTitle
	vcSlots // first email column
)

// NewVCard returns a VCardReader of r; the text encoding is told as for CSV.
func NewVCard(r io.Reader, opts *Options) (*VCardReader, error) {
	text, enc, err := decode(bufio.NewReaderSize(r, sniffSize), false)
	if err != nil {
		return nil, err
	}
	return newVCard(text, enc, opts)
}

func newVCard(text *bufio.Reader, enc *Encoding, opts *Options) (*VCardReader, error) {
	if head, _ := text.Peek(sniffSize); crLines(head) {
		text = bufio.NewReaderSize(crToLF{text}, sniffSize)
	}
	v := &VCardReader{r: text, enc: enc, lim: opts.limits()}
	v.header = VCardHeader(v.lim.slots)
	return v, nil
}

// Header returns VCardHeader(Options.VCardSlots).
func (v *VCardReader) Header() []string { return v.header }

// Encoding returns the encoding the file is read in.
// A file whose first 64 KiB are ASCII is told as a CSV file is (see
// CSVReader.Encoding).
func (v *VCardReader) Encoding() Encoding { return *v.enc }

// physical reads one physical line without its ending; past the row cap it
// keeps the line's first bytes, up to the cap (which name its property),
// and reports too.
func (v *VCardReader) physical() (line []byte, too bool, err error) {
	if v.hasPeek {
		v.hasPeek = false
		v.line++
		return v.peek, v.peekToo, nil
	}
	v.peek = v.peek[:0]
	for {
		chunk, err := v.r.ReadSlice('\n')
		if !too && len(v.peek)+len(chunk) > v.lim.row {
			too = true
			v.peek = append(v.peek, chunk[:v.lim.row-len(v.peek)]...)
		} else if !too {
			v.peek = append(v.peek, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && (err != io.EOF || (len(v.peek) == 0 && !too)) {
			return nil, false, err
		}
		v.line++
		return bytes.TrimRight(v.peek, "\r\n"), too, nil
	}
}

// logical reads one unfolded content line into v.buf.
func (v *VCardReader) logical() (line []byte, too bool, err error) {
	first, too, err := v.physical()
	if err != nil {
		return nil, false, err
	}
	v.buf = append(v.buf[:0], first...)
	// Only a property line (with its colon) has soft line breaks. The line
	// after one is the value's next characters, a leading space included
	// (RFC 2045 6.7): an encoder cuts a line anywhere, before a space too.
	qp := isQP(v.buf) && bytes.IndexByte(v.buf, ':') >= 0
	soft := qp && bytes.HasSuffix(v.buf, []byte("="))
	// Past the row cap the rest of the line is read and dropped: dropping
	// keeps every later piece from being appended and cut again.
	dropping := false
	for {
		next, t, err := v.physical()
		if err != nil {
			break
		}
		if soft && (isEnd(next) || isBegin(next)) {
			// A soft line break after the value's last character, of an
			// encoder that breaks before it knows the value ends: the
			// break is dropped, and the card's line is no part of it.
			if !dropping {
				v.buf = v.buf[:len(v.buf)-1]
			}
			soft = false
		}
		if !soft && (len(next) == 0 || (next[0] != ' ' && next[0] != '\t')) {
			v.hasPeek, v.peekToo = true, t
			v.line--
			v.peek = next
			break
		}
		too = too || t
		part := next
		if !soft {
			part = next[1:] // a folded line's first space is the fold
		}
		if dropping {
			soft = qp && bytes.HasSuffix(part, []byte("="))
			continue
		}
		if soft {
			v.buf = v.buf[:len(v.buf)-1]
		}
		v.buf = append(v.buf, part...)
		soft = qp && bytes.HasSuffix(v.buf, []byte("="))
		if len(v.buf) > v.lim.row {
			// Keep what names the property, up to its colon (nothing
			// without one near the start), and none of its value: the
			// caller tells a property it skips anyway (a photo) from one
			// it reads (see skippedProp).
			too, dropping = true, true
			v.buf = v.buf[:propNameEnd(v.buf)]
		}
	}
	return v.buf, too, nil
}

// maxPropName is the longest name and parameters of a property that a
// line cut at the row cap keeps.
const maxPropName = 1024

// propNameEnd returns the length of the name and parameters of the
// property of line, its colon included: 0 when no colon ends them within
// maxPropName bytes.
func propNameEnd(line []byte) int {
	return bytes.IndexByte(line[:min(len(line), maxPropName)], ':') + 1
}

func isQP(line []byte) bool {
	colon := bytes.IndexByte(line, ':')
	if colon < 0 {
		colon = len(line)
	}
	return bytes.Contains(bytes.ToUpper(line[:colon]), []byte("QUOTED-PRINTABLE"))
}

// Next returns the next card as a row; see Reader.
func (v *VCardReader) Next() (Row, error) {
	if v.err != nil {
		return Row{}, v.err
	}
	row, err := v.next()
	for skipRow(row, err) {
		row, err = v.next()
	}
	if err != nil {
		if _, ok := errors.AsType[*RowError](err); !ok {
			if !errors.Is(err, io.EOF) {
				err = fmt.Errorf("read vcard: %w", err)
			}
			v.err = err
		}
	}
	return row, err
}

type card struct {
	cells   []string
	emails  vcAddrs
	phones  vcAddrs
	adrPref bool
	adrSet  bool
	// adrGroup is the group of the ADR that gave the address cells, and
	// adrCode the country code Apple writes with it (X-ABADR).
	adrGroup, adrCode string
	// langPref is the preference of the LANG that gave the language cell
	// (see morePref).
	langPref int
	labels   map[string]string        // group → X-ABLabel, for the properties after it
	parts    map[int]*strings.Builder // cells built by appendCell
	// group is set for a card of a group of cards (KIND:group), no
	// contact.
	group bool
	err   error
}

// vcAddr is an EMAIL or a TEL of a card, held until the card ends so that
// the preferred one goes first.
type vcAddr struct {
	value, label string
	group        string
	types        []string
	pref         int // 1 to 100, lower is more preferred; 0 for none
}

// vcAddrs are the emails or the phones of a card: the first slots of them
// in card order, and the most preferred one past those when it is more
// preferred than all of them. Memory stays bounded by the slots.
type vcAddrs struct {
	kept     []vcAddr
	extra    vcAddr
	hasExtra bool
}

// morePref reports whether the preference a comes before b: a is marked,
// and b is not or less so (a higher PREF).
func morePref(a, b int) bool {
	return a != 0 && (b == 0 || a < b)
}

// add adds a, the next address of the card; it reports false when the
// slots were full (a is then kept only if it is the most preferred yet).
func (s *vcAddrs) add(a vcAddr, slots int) bool {
	if len(s.kept) < slots {
		s.kept = append(s.kept, a)
		return true
	}
	best := s.extra.pref
	if !s.hasExtra {
		best = s.kept[s.best()].pref
	}
	if morePref(a.pref, best) {
		s.extra, s.hasExtra = a, true
	}
	return false
}

// best returns the index of the first of the most preferred kept
// addresses, 0 when none is marked.
func (s *vcAddrs) best() int {
	b := 0
	for i := range s.kept {
		if morePref(s.kept[i].pref, s.kept[b].pref) {
			b = i
		}
	}
	return b
}

// ordered returns the addresses for the slots: the most preferred (the
// first of them on a tie) first, then the others in card order.
func (s *vcAddrs) ordered() []vcAddr {
	if s.hasExtra {
		copy(s.kept[1:], s.kept[:len(s.kept)-1])
		s.kept[0], s.hasExtra = s.extra, false
		return s.kept
	}
	if i := s.best(); i > 0 {
		a := s.kept[i]
		copy(s.kept[1:i+1], s.kept[:i])
		s.kept[0] = a
	}
	return s.kept
}

// relabel gives the label l (an X-ABLabel) to the addresses of group.
func (s *vcAddrs) relabel(group, l string) {
	for i := range s.kept {
		if s.kept[i].group == group {
			s.kept[i].label = vcardLabel(s.kept[i].types, l)
		}
	}
	if s.hasExtra && s.extra.group == group {
		s.extra.label = vcardLabel(s.extra.types, l)
	}
}

// dropFaxes leaves out the addresses that are fax lines (see isFax): the
// phones a label given after them (an X-ABLabel) says are.
func (s *vcAddrs) dropFaxes() {
	s.kept = slices.DeleteFunc(s.kept, vcAddr.isFax)
	if s.hasExtra && s.extra.isFax() {
		s.extra, s.hasExtra = vcAddr{}, false
	}
}

// isFax reports whether the phone a is a fax line, no phone of the
// contact: its label is the fax one, and none of its types says it is
// also a voice line (a TEL;TYPE=voice,fax is one line for both; a cell
// or WhatsApp type gives its own label, see vcardLabel).
func (a vcAddr) isFax() bool {
	return a.label == faxLabel && !slices.Contains(a.types, "voice")
}

// faxLabel is the label vcardLabel gives a fax number.
const faxLabel = "fax"

func (v *VCardReader) next() (Row, error) {
	// Find BEGIN:VCARD, unless the card before it, without an END:VCARD,
	// read it.
	start := v.begun
	v.begun = 0
	for start == 0 {
		line, _, err := v.logical()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return Row{}, io.EOF
			}
			return Row{}, err
		}
		if isBegin(line) {
			start = v.line
		}
	}
	c := &card{cells: make([]string, len(v.header)), labels: map[string]string{}}
	depth, agent := 0, false
	for {
		line, too, err := v.logical()
		if errors.Is(err, io.EOF) {
			v.finish(c)
			return Row{Line: start, Cells: c.cells, Verbatim: true}, &RowError{Line: start, Err: fmt.Errorf("%w: no END:VCARD", ErrMalformed)}
		}
		if err != nil {
			return Row{}, err
		}
		if too {
			if c.err == nil && !skippedProp(line) {
				c.err = &LimitError{What: "line bytes", Limit: int64(v.lim.row)}
			}
			continue
		}
		if isBegin(line) {
			if depth == 0 && !agent {
				// This card has no END:VCARD: the line begins the next.
				v.begun = v.line
				v.finish(c)
				return Row{Line: start, Cells: c.cells, Verbatim: true}, &RowError{Line: start, Err: fmt.Errorf("%w: no END:VCARD", ErrMalformed)}
			}
			depth++
			continue
		}
		if isEnd(line) {
			if depth == 0 {
				break
			}
			depth--
			continue
		}
		if depth == 0 {
			v.property(c, string(line))
			agent = isAgent(line)
		}
	}
	v.finish(c)
	row := Row{Line: start, Cells: c.cells, Verbatim: true}
	if c.err != nil {
		return row, &RowError{Line: start, Err: c.err}
	}
	return row, nil
}

// finish fills the email and phone cells, the preferred first, joins the
// cells that several properties fill and cuts the cells to the cap.
func (v *VCardReader) finish(c *card) {
	if c.group {
		// A blank row, which Next skips.
		clear(c.cells)
		c.err = nil
		return
	}
	for k, s := range []*vcAddrs{&c.emails, &c.phones} {
		col := vcSlots + 2*k*v.lim.slots
		for _, a := range s.ordered() {
			c.cells[col], c.cells[col+1] = a.value, a.label
			col += 2
		}
	}
	for col, b := range c.parts {
		c.cells[col] = b.String()
	}
	if country := &c.cells[len(c.cells)-vcTailCountry]; c.adrCode != "" {
		if _, err := ParseCountry(*country); err != nil {
			if _, err := ParseCountry(c.adrCode); err == nil {
				*country = c.adrCode
			}
		}
	}
	if c.cells[vcNick] == "" && c.cells[vcFirst] == "" && c.cells[vcLast] == "" && !v.isAddress(c, c.cells[vcFull]) {
		c.cells[vcNick] = c.cells[vcFull]
	}
	// Before the cap, which drops the end of a character it cuts.
	if err := validCells(c.cells); err != nil && c.err == nil {
		c.err = err
	}
	for i, cell := range c.cells {
		if len(cell) > v.lim.cell {
			c.cells[i] = strings.ToValidUTF8(cell[:v.lim.cell], "")
			if c.err == nil {
				c.err = &LimitError{What: "cell bytes", Limit: int64(v.lim.cell)}
			}
		}
	}
}

// isAddress reports whether s is one of the emails or phone numbers of c:
// the FN that a card without a name shows (contact.DisplayName), not a
// name. An email is compared as an address, so that an FN that shows its
// domain in Unicode is the EMAIL that gives it in Punycode.
func (v *VCardReader) isAddress(c *card, s string) bool {
	email, _, err := contact.ParseEmailInput(s)
	isEmail := err == nil
	for i := range 2 * v.lim.slots {
		cell := c.cells[vcSlots+2*i]
		if strings.EqualFold(cell, s) {
			return true
		}
		if isEmail {
			if e, _, err := contact.ParseEmailInput(cell); err == nil && e == email {
				return true
			}
		}
	}
	return false
}

func isBegin(line []byte) bool {
	return bytes.EqualFold(bytes.TrimSpace(line), []byte("BEGIN:VCARD"))
}

// isAgent reports whether line is a vCard 2.1 AGENT property without a
// value: the card that is its value follows, from its BEGIN:VCARD to its
// END:VCARD, nested in the card.
func isAgent(line []byte) bool {
	name, value, ok := bytes.Cut(line, []byte(":"))
	name, _, _ = bytes.Cut(name, []byte(";"))
	return ok && len(bytes.TrimSpace(value)) == 0 && bytes.EqualFold(bytes.TrimSpace(name), []byte("AGENT"))
}

func isEnd(line []byte) bool {
	return bytes.EqualFold(bytes.TrimSpace(line), []byte("END:VCARD"))
}

// skippedProp reports whether a (cut) line is of a property the reader
// skips anyway, one that property does not read (its cases are the names
// below): a PHOTO, Outlook's X-MS-CARDPICTURE, an application's own X-
// property.
func skippedProp(line []byte) bool {
	name, _, _ := bytes.Cut(line, []byte(";"))
	name, _, _ = bytes.Cut(name, []byte(":"))
	if i := bytes.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	switch strings.ToUpper(string(bytes.TrimSpace(name))) {
	case "FN", "N", "NICKNAME", "X-ANDROID-CUSTOM", "ORG", "TITLE", "EMAIL", "TEL", "X-ABLABEL", "ADR", "BDAY", "NOTE",
		"LANG", "KIND", "X-ADDRESSBOOKSERVER-KIND", "X-ABADR", "X-CONTACTKIT-BLOCKED", "UID", "CATEGORIES":
		return false
	}
	return true
}

// splitUnescaped splits s on sep where sep is not escaped by a backslash.
func splitUnescaped(s string, sep byte) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// splitParams splits the name and parameters part on ';' outside quotes.
func splitParams(s string) []string {
	var parts []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return strings.TrimSpace(b.String())
}

func decodeQP(s, charset string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b = append(b, byte(n))
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	if charset == "" && !utf8.Valid(b) {
		// Outlook's cards give no CHARSET: their bytes are told as a
		// file's are (see Encoding).
		charset = string(EncodingWindows1252)
	}
	return decodeCharset(b, charset)
}

// decodeCharset returns b, bytes in charset ("" for UTF-8), in UTF-8.
func decodeCharset(b []byte, charset string) string {
	if charset != "" && !strings.EqualFold(charset, "utf-8") {
		if enc, err := htmlindex.Get(charset); err == nil {
			if out, err := enc.NewDecoder().Bytes(b); err == nil {
				return strings.ToValidUTF8(string(out), "\uFFFD")
			}
		}
	}
	// Bytes that are not UTF-8 (a charset no list knows) are kept, so
	// that the card's row reports them (see validCells).
	return string(b)
}

func (v *VCardReader) property(c *card, line string) {
	// The value starts after the first colon outside quoted parameters.
	colon, quoted := -1, false
	for i := 0; i < len(line); i++ {
		if line[i] == '"' {
			quoted = !quoted
		} else if line[i] == ':' && !quoted {
			colon = i
			break
		}
	}
	if colon < 0 {
		return
	}
	params := splitParams(line[:colon])
	value := line[colon+1:]
	name := strings.ToUpper(strings.TrimSpace(params[0]))
	group := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		group, name = name[:i], name[i+1:]
	}
	var types []string
	var charset, custom, omitYear string
	qp, text, pref := false, false, 0
	rank := func(n int) {
		if morePref(n, pref) {
			pref = n
		}
	}
	for _, p := range params[1:] {
		k, val, hasEq := strings.Cut(p, "=")
		if !hasEq {
			k, val = "TYPE", p
		}
		val = strings.Trim(val, `"`)
		switch strings.ToUpper(strings.TrimSpace(k)) {
		case "TYPE":
			for _, t := range strings.Split(val, ",") {
				t = strings.ToLower(strings.TrimSpace(t))
				switch t {
				case "quoted-printable":
					qp = true
				case "pref":
					rank(1)
				case "":
				default:
					types = append(types, t)
				}
			}
		case "ENCODING":
			qp = strings.EqualFold(val, "QUOTED-PRINTABLE")
		case "CHARSET":
			charset = val
		case "PREF":
			if n, err := strconv.Atoi(strings.TrimSpace(val)); err == nil && n >= 1 && n <= 100 {
				rank(n)
			}
		case "LABEL", "X-LABEL":
			custom = val
		case "X-APPLE-OMIT-YEAR":
			omitYear = strings.TrimSpace(val)
		case "VALUE":
			text = strings.EqualFold(strings.TrimSpace(val), "text")
		}
	}
	if qp {
		value = decodeQP(value, charset)
	} else if charset != "" && !utf8.ValidString(value) {
		// Bytes of another charset than the file's, as a card of
		// Outlook's among UTF-8 ones.
		value = decodeCharset([]byte(value), charset)
	}
	cells := c.cells
	set := func(col int, s string) {
		if s != "" && cells[col] == "" {
			cells[col] = s
		}
	}
	slots := v.lim.slots
	switch name {
	case "FN":
		set(vcFull, unescape(value))
	case "N":
		parts := splitUnescaped(value, ';')
		for i, col := range []int{vcLast, vcFirst, vcMiddle, vcPrefix, vcSuffix} {
			if i < len(parts) {
				set(col, unescape(parts[i]))
			}
		}
	case "NICKNAME":
		// A list: the first name of it.
		for _, n := range splitUnescaped(value, ',') {
			if n := unescape(n); n != "" {
				set(vcNick, n)
				break
			}
		}
	case "X-ANDROID-CUSTOM":
		// Android's 2.1 nickname: its MIME type, the name, the type, …
		if parts := splitUnescaped(value, ';'); len(parts) > 1 && parts[0] == androidNickname {
			set(vcNick, unescape(parts[1]))
		}
	case "ORG":
		parts := splitUnescaped(value, ';')
		set(vcCompany, unescape(parts[0]))
		if len(parts) > 1 {
			set(vcDept, unescape(parts[1]))
		}
	case "TITLE":
		set(vcTitle, unescape(value))
	case "EMAIL", "TEL":
		value = unescape(value)
		if name == "TEL" {
			value = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(value, "tel:"), "TEL:"))
		} else {
			value = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(value, "mailto:"), "MAILTO:"))
		}
		if value == "" {
			return
		}
		a := vcAddr{value: value, label: vcardLabel(types, custom), group: group, types: types, pref: pref}
		if l, ok := c.labels[group]; ok && group != "" {
			a.label = vcardLabel(types, l)
		}
		addrs, what := &c.emails, "emails (EMAIL) in a card"
		if name == "TEL" {
			if a.isFax() {
				return
			}
			addrs, what = &c.phones, "phone numbers (TEL) in a card"
		}
		if !addrs.add(a, slots) && c.err == nil {
			c.err = &LimitError{What: what, Limit: int64(slots)}
		}
	case "X-ABLABEL":
		if group != "" {
			l := unescape(value)
			l = strings.TrimSuffix(strings.TrimPrefix(l, "_$!<"), ">!$_")
			c.emails.relabel(group, l)
			c.phones.relabel(group, l)
			c.phones.dropFaxes()
			// Labels wait for the properties after them; no more of them
			// than the card has slots, so that memory stays bounded.
			if _, ok := c.labels[group]; ok || len(c.labels) < 2*slots {
				c.labels[group] = l
			}
		}
	case "ADR":
		if c.adrSet && (c.adrPref || pref != 1) {
			return
		}
		c.adrSet, c.adrPref = true, pref == 1
		c.adrGroup, c.adrCode = group, ""
		parts := splitUnescaped(value, ';')
		base := len(v.header) - vcTailStreet
		for i := 0; i < 5; i++ {
			cells[base+i] = ""
			if 2+i < len(parts) {
				cells[base+i] = unescape(parts[2+i])
			}
		}
	case "BDAY":
		if text {
			return // no date ("circa 1800")
		}
		set(len(v.header)-vcTailBirthday, vcardDate(unescape(value), omitYear))
	case "NOTE":
		if s := unescape(value); s != "" {
			v.appendCell(c, len(v.header)-vcTailNotes, "\n", s)
		}
	case "LANG":
		// The most preferred, the first of them on a tie.
		col := len(v.header) - vcTailLanguage
		if l := unescape(value); l != "" && (cells[col] == "" || morePref(pref, c.langPref)) {
			cells[col], c.langPref = l, pref
		}
	case "KIND", "X-ADDRESSBOOKSERVER-KIND":
		c.group = c.group || strings.EqualFold(unescape(value), "group")
	case "X-ABADR":
		if group != "" && group == c.adrGroup {
			c.adrCode = unescape(value)
		}
	case "X-CONTACTKIT-BLOCKED":
		set(len(v.header)-vcTailBlocked, unescape(value))
	case "UID":
		if id, ok := cardContactID(unescape(value)); ok {
			set(len(v.header)-vcTailContactID, id)
		}
	case "CATEGORIES":
		for _, cat := range splitUnescaped(value, ',') {
			if s := unescape(cat); s != "" && s != googleAllContacts {
				v.appendCell(c, len(v.header)-vcTailCategories, ", ", s)
			}
		}
	}
}

// androidNickname is the MIME type of the X-ANDROID-CUSTOM property in
// which Android writes a nickname in a vCard 2.1, which has no NICKNAME.
const androidNickname = "vnd.android.cursor.item/nickname"

// cardContactID returns the ID a card's UID holds in the form contactkit's
// export writes it, "urn:uuid:" and a UUID (RFC 6350's own form), which
// may be a contact's ID (contact.ParseID); a UID of another form is an
// application's own key, no contact's ID.
func cardContactID(uid string) (string, bool) {
	const urn = "urn:uuid:"
	uid = strings.TrimSpace(uid)
	if len(uid) <= len(urn) || !strings.EqualFold(uid[:len(urn)], urn) {
		return "", false
	}
	id, err := contact.ParseID(uid[len(urn):])
	if err != nil {
		return "", false
	}
	return id.String(), true
}

// appendCell appends s to a cell that several properties fill (NOTE,
// CATEGORIES), within the cell cap. The parts are joined when the card
// ends, so that appending stays linear.
func (v *VCardReader) appendCell(c *card, col int, sep, s string) {
	if c.parts == nil {
		c.parts = map[int]*strings.Builder{}
	}
	b := c.parts[col]
	if b == nil {
		b = &strings.Builder{}
		c.parts[col] = b
		sep = ""
	}
	if b.Len()+len(sep)+len(s) > v.lim.cell {
		if c.err == nil {
			c.err = &LimitError{What: "cell bytes", Limit: int64(v.lim.cell)}
		}
		return
	}
	b.WriteString(sep)
	b.WriteString(s)
}

// vcardLabel picks one label from TYPE values and a custom label. A custom
// label in the form contactkit stores labels is kept as written (see
// readLabel), as an export of contactkit writes a host's own labels; none
// at all, or only address types, is no label.
func vcardLabel(types []string, custom string) string {
	if custom != "" && storedLabel(custom) {
		return custom
	}
	all := append([]string{strings.ToLower(custom)}, types...)
	has := func(pred func(string) bool) bool {
		for _, t := range all {
			if pred(t) {
				return true
			}
		}
		return false
	}
	eq := func(ws ...string) func(string) bool {
		return func(t string) bool {
			for _, w := range ws {
				if t == w || t == "x-"+w {
					return true
				}
			}
			return false
		}
	}
	switch {
	case has(func(t string) bool { return strings.Contains(t, "whatsapp") }):
		return "whatsapp"
	case has(eq("cell", "mobile", "iphone", "cellular")):
		return "mobile"
	case has(eq("fax", "workfax", "homefax", "otherfax")):
		// The last three are Apple's fax labels (_$!<WorkFAX>!$_).
		return faxLabel
	case has(eq("pager")):
		return "pager"
	case has(eq("work")):
		return "work"
	case has(eq("home")):
		return "home"
	}
	if l := NormalizeLabel(custom); l != "" {
		return l
	}
	for _, t := range types {
		if l, ok := strings.CutPrefix(t, "x-"); ok && NormalizeLabel(l) != "" {
			return NormalizeLabel(l)
		}
	}
	for _, t := range types {
		if NormalizeLabel(t) != "" {
			return "other" // a type that is not a label contactkit knows
		}
	}
	return ""
}

// vcardDate writes a full date as YYYY-MM-DD, and a day without a year as
// --MM-DD: vCard 4.0's basic form "--0412", and a full date whose year is
// omit, the X-APPLE-OMIT-YEAR of the property ("" for none): Apple writes
// a birthday without a year in a year of its choosing (1604) and names
// that year there.
func vcardDate(s, omit string) string {
	d, _, _ := strings.Cut(s, "T")
	if len(d) == 8 && !strings.Contains(d, "-") {
		if _, err := strconv.Atoi(d); err == nil {
			d = d[:4] + "-" + d[4:6] + "-" + d[6:]
		}
	}
	if len(d) == 10 && d[4] == '-' && d[7] == '-' {
		if omit != "" && d[:4] == omit {
			return "--" + d[5:]
		}
		return d
	}
	// A day without a year: "--0412" (vCard 4.0's basic form).
	if len(d) == 6 && strings.HasPrefix(d, "--") {
		if _, err := strconv.Atoi(d[2:]); err == nil {
			return "--" + d[2:4] + "-" + d[4:]
		}
	}
	return s
}
