package contactkit

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// ExportFormat is the file format of an export.
type ExportFormat string

// The formats Export writes. The zero ExportFormat is ExportCSV.
const (
	// ExportCSV is a CSV file that Import reads back to the same contacts
	// with the mapping importer.Suggest gives.
	ExportCSV ExportFormat = "csv"
	// ExportVCard is a vCard 3.0 file, for address books: names, emails
	// and phones with their labels, company, job title, city, state,
	// country, birthday, language (LANG), tags, the blocked status of a
	// blocked contact (X-CONTACTKIT-BLOCKED, which Import reads back) and
	// the contact's ID as its UID ("urn:uuid:…", which Import matches as
	// the CSV's "contactkit ID"); custom fields, lists and consent have no
	// place in a card.
	ExportVCard ExportFormat = "vcard"
)

// ExportOptions tune Export. A nil *ExportOptions means every default.
type ExportOptions struct {
	// Format is the file format (default ExportCSV).
	Format ExportFormat
	// BOM writes a UTF-8 byte order mark first, for spreadsheets that
	// need one to read UTF-8 (CSV only). Default false. Excel on Windows
	// is one: it reads a file without the mark in the system's code page
	// (Windows-1252 in Western Europe), shows "Hélène" as "HÃ©lÃ¨ne",
	// and a file it saves again as "CSV UTF-8" holds that text, which
	// Import reads as it is written.
	BOM bool
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Contacts int
}

// The CSV export's columns. Each is an alias that importer.Suggest maps to
// the same target, so that an export imports back.
const (
	exportEmailLabel = "Email %d - Label"
	exportEmailValue = "Email %d - Value"
	exportPhoneLabel = "Phone %d - Label"
	exportPhoneValue = "Phone %d - Value"
	// The consent of the primary addresses, under the names of the first
	// exports, which import (without a slot) for every address of their
	// channel that has no consent cell of its own.
	exportEmailConsent    = "Email Consent"
	exportSMSOptOut       = "SMS Opt Out"
	exportWhatsAppOptOut  = "WhatsApp Opt Out"
	exportEmailConsentN   = "Email %d - Consent"
	exportSMSOptOutN      = "Phone %d - SMS Opt Out"
	exportWhatsAppOptOutN = "Phone %d - WhatsApp Opt Out"
	// The contact's ID, which an import into its workspace matches a row
	// by (importer.KindContactID): a contact without an email or phone
	// has nothing else to be found by. Not "ID", which vendors' exports
	// use for their own numbers.
	exportContactID = "contactkit ID"
	// The consent cell of an email that holds the workspace's default,
	// nobody having chosen (see importer.ParseConsent).
	exportNeverSubscribed = "never subscribed"
)

// Export writes the contacts that q selects to w, in the order of
// ListContacts, and returns how many it wrote. The CSV has a header row,
// then one row per contact: first and last name, alias, each email and
// phone with its label ("Email 1 - Value", "Email 1 - Label", …: the
// primary first, as many columns as the contact with the most of them
// needs), country, language, birthday, city, state, company, job title,
// assignee, "Blocked" ("yes" for a blocked contact, blank for an active
// one: an import blocks, and never unblocks), tags, the names of the lists
// the contact is a member of with its status ("Newsletter
// (unsubscribed)"), the consent of its primary email and phone ("Email
// Consent": subscribed, unsubscribed, or "never subscribed" for an
// address that holds the workspace's default, nobody having chosen; "SMS
// Opt Out" and "WhatsApp Opt Out": yes or no, no for such an address),
// the consent of each of its other emails
// and phones in the columns of their number ("Email 2 - Consent", "Phone 2
// - SMS Opt Out", "Phone 2 - WhatsApp Opt Out", …, blank where there is no
// address), then one column per custom field, under its key, and last the
// contact's ID under "contactkit ID". Every cell is protected against
// formula injection (importer.Escape), which the import reverses exactly.
//
// Import with the mapping importer.Suggest gives for that header (and the
// workspace's field definitions) reads the file back to the same contacts,
// into the workspace it came from (each row matched by its contact's ID
// first, so that a contact without an email or phone is found too) or
// another one (where no contact has those IDs: each row is matched by its
// addresses, or creates a contact):
// the same names, addresses with their labels and order, standard
// and custom values and tags, the blocked status, and the unsubscribes of each of their
// addresses, primary or not. Lists are not imported (a list is chosen with
// ImportOptions.Lists).
//
// The contacts are read a page at a time, twice for a CSV export (first to
// count the email and phone columns), so memory does not grow with the
// export; each page is read in its own transaction. A contact that gets
// more emails or phones than those columns between the two readings stops
// the export with an error matching ErrConflict: run it again. An export
// that stops on an error once it writes contacts (that one, a cancelled
// context) has flushed to w, whole, the contacts it counts.
func (s *Service) Export(ctx context.Context, a Actor, q ContactQuery, w io.Writer, opts *ExportOptions) (ExportResult, error) {
	const op = "export"
	var o ExportOptions
	if opts != nil {
		o = *opts
	}
	var res ExportResult
	var err error
	switch {
	case w == nil:
		err = invalid(errors.New("no writer"))
	case o.Format == "" || o.Format == ExportCSV:
		res.Contacts, err = s.exportCSV(ctx, a, q, w, o)
	case o.Format == ExportVCard:
		res.Contacts, err = s.exportVCard(ctx, a, q, w)
	default:
		err = invalid(fmt.Errorf("unknown export format %s", inputtext.Quote(string(o.Format))))
	}
	if err != nil {
		return res, s.refuse(ctx, a, op, "", err)
	}
	return res, nil
}

func (s *Service) exportCSV(ctx context.Context, a Actor, q ContactQuery, w io.Writer, o ExportOptions) (int, error) {
	emails, phones := 1, 1
	for c, err := range s.Contacts(ctx, a, q) {
		if err != nil {
			return 0, err
		}
		emails = max(emails, 1+len(c.OtherEmails))
		phones = max(phones, 1+len(c.OtherPhones))
	}
	defs, err := s.Fields(ctx, a)
	if err != nil {
		return 0, err
	}
	// The names of the lists the exported contacts are members of, read
	// as they come: not every list of the workspace.
	lists := map[list.ID]string{}
	header := []string{"First Name", "Last Name", "Alias"}
	for i := 1; i <= emails; i++ {
		header = append(header, fmt.Sprintf(exportEmailValue, i), fmt.Sprintf(exportEmailLabel, i))
	}
	for i := 1; i <= phones; i++ {
		header = append(header, fmt.Sprintf(exportPhoneValue, i), fmt.Sprintf(exportPhoneLabel, i))
	}
	header = append(header, "Country", "Language", "Birthday", "City", "State", "Company", "Job Title", "Assignee", "Blocked", "Tags", "Lists",
		exportEmailConsent, exportSMSOptOut, exportWhatsAppOptOut)
	for i := 2; i <= emails; i++ {
		header = append(header, fmt.Sprintf(exportEmailConsentN, i))
	}
	for i := 2; i <= phones; i++ {
		header = append(header, fmt.Sprintf(exportSMSOptOutN, i), fmt.Sprintf(exportWhatsAppOptOutN, i))
	}
	for _, d := range defs {
		header = append(header, d.Key.String())
	}
	header = append(header, exportContactID)
	cw := importer.NewWriter(w, &importer.WriterOptions{BOM: o.BOM})
	if err := cw.WriteHeader(header); err != nil {
		return 0, err
	}
	row := make([]string, len(header))
	n := exportCount{flush: cw.Flush}
	for c, err := range s.Contacts(ctx, a, q) {
		if err != nil {
			return n.stop(err)
		}
		if 1+len(c.OtherEmails) > emails || 1+len(c.OtherPhones) > phones {
			// The header, written from the first pass, has no column for
			// an address added since: refuse rather than drop it.
			return n.stop(conflictf("contact %s got more emails or phones than the export's columns while it ran: run it again", c.ID))
		}
		extra, err := s.exportExtra(ctx, a, &c, lists, emails, phones)
		if err != nil {
			return n.stop(err)
		}
		row = row[:0]
		row = append(row, c.FirstName, c.LastName, c.Alias)
		for i := range emails {
			switch {
			case i == 0:
				row = append(row, c.Email.String(), string(c.EmailLabel))
			case i <= len(c.OtherEmails):
				row = append(row, c.OtherEmails[i-1].Email.String(), string(c.OtherEmails[i-1].Label))
			default:
				row = append(row, "", "")
			}
		}
		for i := range phones {
			switch {
			case i == 0:
				row = append(row, c.Phone.String(), string(c.PhoneLabel))
			case i <= len(c.OtherPhones):
				row = append(row, c.OtherPhones[i-1].Phone.String(), string(c.OtherPhones[i-1].Label))
			default:
				row = append(row, "", "")
			}
		}
		row = append(row, c.Country.String(), c.Language.String(), c.BirthDate.String(), c.City, c.State, c.Company, c.JobTitle,
			string(c.Assignee), exportBlocked(c), strings.Join(exportTags(c), ", "))
		row = append(row, extra...)
		for _, d := range defs {
			row = append(row, c.Fields[d.Key].String())
		}
		row = append(row, c.ID.String())
		if err := cw.Write(row); err != nil {
			return n.stop(err)
		}
		if err := n.add(); err != nil {
			return n.stop(err)
		}
	}
	return n.stop(nil)
}

// exportFlushEvery is how many contacts an export writes between two
// flushes of its buffer: the contacts it counts when it stops on an error.
const exportFlushEvery = 256

// exportCount counts the contacts an export writes, and those that reached
// its writer whole, flushed every exportFlushEvery contacts: an export that
// stops on an error reports those only, never a contact it cut or kept in
// its buffer.
type exportCount struct {
	flush            func() error
	written, flushed int
}

// add counts one more contact written to the buffer, and flushes it
// every exportFlushEvery contacts.
func (n *exportCount) add() error {
	n.written++
	if n.written%exportFlushEvery != 0 {
		return nil
	}
	if err := n.flush(); err != nil {
		return err
	}
	n.flushed = n.written
	return nil
}

// stop ends the export with err (nil at the end of the contacts): it
// flushes what the buffer holds and returns the contacts that reached the
// writer.
func (n *exportCount) stop(err error) (int, error) {
	if ferr := n.flush(); ferr != nil {
		return n.flushed, errors.Join(err, ferr)
	}
	return n.written, err
}

// exportBlocked is the cell of the Blocked column: "yes" for a blocked
// contact, blank for an active one (a blank cell changes nothing on
// import, and an import never unblocks).
func exportBlocked(c contact.Contact) string {
	if c.Blocked() {
		return "yes"
	}
	return ""
}

func exportTags(c contact.Contact) []string {
	var out []string
	for _, n := range c.Tags {
		out = append(out, n.String())
	}
	return out
}

// exportExtra returns the lists and consent cells of c: the lists (whose
// names it adds to lists, from the store, when lists lacks them), the
// consent of its primary email, sms and whatsapp addresses, then of each
// of its other emails (emails-1 cells) and phones (sms and whatsapp:
// 2*(phones-1) cells), blank where it has no such address.
func (s *Service) exportExtra(ctx context.Context, a Actor, c *contact.Contact, lists map[list.ID]string, emails, phones int) ([]string, error) {
	var names []string
	cells := make([]string, 4+(emails-1)+2*(phones-1))
	err := s.store.View(ctx, func(tx store.Tx) error {
		names = names[:0]
		clear(cells)
		// Every page: a store may page shorter than asked.
		ms, err := ofContact(ctx, store.Memberships(tx.Records()), a.Workspace, c.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			n, ok := lists[m.List]
			if !ok {
				l, err := store.Lists(tx.Records()).Get(ctx, a.Workspace, m.List)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return err
				}
				n = l.Name
				lists[m.List] = n
			}
			if m.Status != list.StatusSubscribed {
				n += " (" + string(m.Status) + ")"
			}
			names = append(names, n)
		}
		// The cell of each address, in the order of the header: the
		// primary's, then the other emails', then the other phones'.
		type at struct {
			cell int
			addr list.Address
		}
		addrs := []at{
			{1, list.Address{Channel: list.ChannelEmail, Value: c.Email.String()}},
			{2, list.Address{Channel: list.ChannelSMS, Value: c.Phone.String()}},
			{3, list.Address{Channel: list.ChannelWhatsApp, Value: c.Phone.String()}},
		}
		for k, o := range c.OtherEmails {
			addrs = append(addrs, at{4 + k, list.Address{Channel: list.ChannelEmail, Value: o.Email.String()}})
		}
		for k, o := range c.OtherPhones {
			i := 4 + (emails - 1) + 2*k
			addrs = append(addrs,
				at{i, list.Address{Channel: list.ChannelSMS, Value: o.Phone.String()}},
				at{i + 1, list.Address{Channel: list.ChannelWhatsApp, Value: o.Phone.String()}})
		}
		for _, x := range addrs {
			if x.addr.Value == "" {
				continue
			}
			entry, err := s.consentOf(ctx, tx, a.Workspace, x.addr)
			if err != nil {
				return err
			}
			// The workspace's default (entry.Default) is nobody's
			// choice: "never subscribed", and no opt-out, which the
			// import reads as neither an unsubscribe (which only a
			// resubscribe would lift, L4) nor an opt-in (which a later
			// switch to an opt-in policy would take for a consent), so
			// that the workspace that imports the file applies its own
			// policy.
			switch {
			case x.addr.Channel == list.ChannelEmail && entry.Default:
				cells[x.cell] = exportNeverSubscribed
			case x.addr.Channel == list.ChannelEmail:
				cells[x.cell] = string(entry.Status)
			case entry.Subscribed() || entry.Default:
				cells[x.cell] = "no"
			default:
				cells[x.cell] = "yes"
			}
		}
		return nil
	})
	cells[0] = strings.Join(names, ", ")
	return cells, err
}

// vcardEscape escapes a vCard text value.
var vcardEscape = strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// vcardFolder writes vCard content lines to w folded as RFC 2425 §5.8.1
// says: a line longer than 75 octets (its CRLF left out) goes on in a line
// that starts with a space, cut between two characters, never inside one.
// The text written must be whole characters, each content line ended by
// CRLF, with no other CR or LF (escaped values have none).
type vcardFolder struct {
	w   *bufio.Writer
	col int   // octets in the current physical line
	err error // the first error of w
}

const vcardLineOctets = 75

func (f *vcardFolder) Write(p []byte) (int, error) {
	for i := 0; i < len(p); {
		_, size := utf8.DecodeRune(p[i:])
		switch {
		case p[i] == '\r' || p[i] == '\n':
			f.col = 0
		case f.col+size > vcardLineOctets:
			if _, err := f.w.WriteString("\r\n "); err != nil && f.err == nil {
				f.err = err
			}
			f.col = 1 + size
		default:
			f.col += size
		}
		if _, err := f.w.Write(p[i : i+size]); err != nil && f.err == nil {
			f.err = err
		}
		i += size
	}
	return len(p), nil
}

func (s *Service) exportVCard(ctx context.Context, a Actor, q ContactQuery, w io.Writer) (int, error) {
	out := bufio.NewWriter(w)
	bw := &vcardFolder{w: out}
	e := vcardEscape.Replace
	item := 0
	label := func(prop string, l contact.Label, value string) {
		switch l {
		case "":
			fmt.Fprintf(bw, "%s:%s\r\n", prop, e(value))
		case contact.LabelMobile:
			fmt.Fprintf(bw, "%s;TYPE=cell:%s\r\n", prop, e(value))
		case contact.LabelHome, contact.LabelWork, contact.LabelOther:
			fmt.Fprintf(bw, "%s;TYPE=%s:%s\r\n", prop, l, e(value))
		default:
			// A phone the host labels "fax" is one of the contact's
			// phones: TYPE=voice keeps the import from leaving it out as
			// a fax line.
			params := ""
			if prop == "TEL" && l == "fax" {
				params = ";TYPE=voice"
			}
			item++
			fmt.Fprintf(bw, "item%d.%s%s:%s\r\nitem%d.X-ABLabel:%s\r\n", item, prop, params, e(value), item, e(string(l)))
		}
	}
	n := exportCount{flush: out.Flush}
	for c, err := range s.Contacts(ctx, a, q) {
		if err != nil {
			return n.stop(err)
		}
		item = 0
		io.WriteString(bw, "BEGIN:VCARD\r\nVERSION:3.0\r\n")
		fmt.Fprintf(bw, "N:%s;%s;;;\r\n", e(c.LastName), e(c.FirstName))
		fmt.Fprintf(bw, "FN:%s\r\n", e(c.DisplayName()))
		fmt.Fprintf(bw, "UID:urn:uuid:%s\r\n", c.ID)
		if c.Alias != "" {
			fmt.Fprintf(bw, "NICKNAME:%s\r\n", e(c.Alias))
		}
		if c.Company != "" {
			fmt.Fprintf(bw, "ORG:%s\r\n", e(c.Company))
		}
		if c.JobTitle != "" {
			fmt.Fprintf(bw, "TITLE:%s\r\n", e(c.JobTitle))
		}
		if !c.Email.IsZero() {
			label("EMAIL", c.EmailLabel, c.Email.String())
		}
		for _, o := range c.OtherEmails {
			label("EMAIL", o.Label, o.Email.String())
		}
		if !c.Phone.IsZero() {
			label("TEL", c.PhoneLabel, c.Phone.String())
		}
		for _, o := range c.OtherPhones {
			label("TEL", o.Label, o.Phone.String())
		}
		if c.City != "" || c.State != "" || !c.Country.IsZero() {
			fmt.Fprintf(bw, "ADR:;;;%s;%s;;%s\r\n", e(c.City), e(c.State), e(c.Country.String()))
		}
		if !c.BirthDate.IsZero() {
			fmt.Fprintf(bw, "BDAY:%s\r\n", c.BirthDate)
		}
		if !c.Language.IsZero() {
			fmt.Fprintf(bw, "LANG:%s\r\n", c.Language)
		}
		if c.Blocked() {
			// No card property says it: the import reads this one back,
			// so that an export and import never unblock a contact.
			io.WriteString(bw, "X-CONTACTKIT-BLOCKED:"+exportBlocked(c)+"\r\n")
		}
		if tags := exportTags(c); len(tags) > 0 {
			for i := range tags {
				tags[i] = e(tags[i])
			}
			fmt.Fprintf(bw, "CATEGORIES:%s\r\n", strings.Join(tags, ","))
		}
		io.WriteString(bw, "END:VCARD\r\n")
		if bw.err != nil {
			return n.stop(bw.err)
		}
		if err := n.add(); err != nil {
			return n.stop(err)
		}
	}
	return n.stop(nil)
}
