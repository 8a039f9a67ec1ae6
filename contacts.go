package contactkit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// ContactInput is a new contact, or the fields a capture brings, in raw form.
type ContactInput struct {
	contact.Patch
	// Tags are typed tag input, each string split on commas, tabs and
	// newlines. Unknown tags are created in the workspace.
	Tags []string
	// Source says where the contact came from. Zero means contact.SourceAPI
	// for CreateContact and contact.SourceForm for CaptureContact.
	Source contact.Source
	// Form names the form or survey the contact or capture comes from,
	// for the automations triggered by its submission
	// (automation.OnFormSubmitted) with CreateContact as with
	// CaptureContact, trimmed; "" for none. It has at most
	// automation.MaxSubjectLength characters and no control character,
	// else it is reported with the other problems of the input.
	Form string
	// Consent is the consent given with the contact, per channel (a form's
	// opt-in or opt-out box), about the address the input gives for that
	// channel (Email for email, Phone for sms and whatsapp), primary or
	// secondary once stored, or the contact's primary one when the input
	// gives none: unsubscribed is recorded as Unsubscribe records it;
	// subscribed subscribes an address the ledger has no choice for, but
	// never one it holds unsubscribed: that one stays unsubscribed, and
	// CaptureResult.StillUnsubscribed says so. The contact must have an
	// address on each channel given (ErrNoAddress).
	Consent map[list.Channel]list.ConsentStatus
	// Lists are lists the contact joins, as AddToList joins them: never
	// subscribed where the ledger holds its address unsubscribed. A member
	// keeps its status. An unknown list is an error (ErrUnknownList),
	// reported with the other problems of the input.
	Lists []list.ID
	// Note, if not empty, is the body of a note by the actor added to the
	// contact's timeline.
	Note string
	// NoteKey, if not empty, is the idempotency key of Note, as
	// NoteInput.Key says, scoped to the contact the call creates or finds:
	// a CaptureContact again with the same NoteKey and Note that finds the
	// same contact adds no second note and submits its Form no second
	// time (the automations on the form do not run again), and its
	// CaptureResult.Note is the first one, as it is now; another Note
	// under the key is refused with ErrKeyReused. (A CreateContact again
	// makes another contact, or is refused for an address taken: its key
	// finds no earlier note.) Only the note is compared: the rest of a
	// retried capture is applied again, which changes nothing when it is
	// the first call's. A bad key, or a NoteKey without a Note, is reported
	// with the other problems of the input.
	NoteKey string
}

// CreateContact creates a contact from in. Every invalid value or missing
// required field is reported at once in a *ValidationError and nothing is
// written. An email or phone (primary or not) that another live contact of the
// workspace holds gives a *store.TakenError naming that contact. The consent,
// lists and note of in are recorded in the same transaction, before the
// automation triggers run: those of the creation, then of in.Form's
// submission, then of what the rest records, as for CaptureContact.
func (s *Service) CreateContact(ctx context.Context, a Actor, in ContactInput) (contact.Contact, error) {
	in.Form = strings.TrimSpace(in.Form)
	var out contact.Contact
	err := s.updateThen(ctx, a, "create contact", "", &in, createContact, func(ch *change) { out = *ch.result })
	if err != nil {
		return contact.Contact{}, err
	}
	return out, nil
}

// createContact is the work of CreateContact in ch, on the input of its
// call.
func createContact(ch *change) error {
	s, ctx, in := ch.call.s, ch.call.ctx, &ch.call.in
	c, err := s.create(ctx, ch, *in, contact.SourceAPI)
	if err != nil {
		return err
	}
	ch.result = c
	return s.intake(ctx, ch, c, in, &CaptureResult{})
}

// create builds, validates and stores a new contact from in within ch, and
// returns it.
func (s *Service) create(ctx context.Context, ch *change, in ContactInput, defaultSource contact.Source) (*contact.Contact, error) {
	uid, err := s.opts.NewID()
	if err != nil {
		return nil, fmt.Errorf("new id: %w", err)
	}
	c := ch.newContact()
	*c = contact.Contact{
		ID:        contact.ID(uid),
		Workspace: ch.actor.Workspace,
		Status:    contact.StatusActive,
		Source:    in.Source,
		CreatedAt: ch.now,
		UpdatedAt: ch.now,
	}
	if c.Source == "" {
		c.Source = defaultSource
	}
	names, problems, err := s.build(ctx, ch, c, &in)
	if err != nil {
		return nil, err
	}
	if problems != nil {
		return nil, invalid(problems)
	}
	added, err := s.addTags(ctx, ch, c, names)
	if err != nil {
		return nil, err
	}
	if err := ch.tx.Contacts().Create(ctx, c); err != nil {
		return nil, err
	}
	ch.created(c.ID)
	if err := ch.reindex(ctx, nil, c); err != nil {
		return nil, err
	}
	if err := s.recordAddresses(ctx, ch, c); err != nil {
		return nil, err
	}
	ch.log(contact.Created(c))
	if ch.listen {
		ch.emit(ContactCreated{EventMeta: ch.meta(c.ID), Snapshot: c.Clone()})
	}
	ch.occur(c.ID, automation.Occurrence{Kind: automation.TriggerContactCreated})
	ch.emitTagged(c.ID, added)
	return c, nil
}

// build applies in to c, a new contact, and returns the tags in names:
// problems joins every problem of in (nil for none), and err is the
// failure of the store.
func (s *Service) build(ctx context.Context, ch *change, c *contact.Contact, in *ContactInput) (names []tag.Name, problems, err error) {
	defs, err := s.definitionsFor(ctx, ch, nil, in.Patch)
	if err != nil {
		return nil, nil, err
	}
	listErr, err := s.checkLists(ctx, ch, in.Lists)
	if err != nil {
		return nil, nil, err
	}
	names, tagErr := s.opts.Limits.Tags.Parse(in.Tags...)
	return names, errors.Join(in.Patch.Apply(c, s.applyOptions(ch.actor.Workspace, defs, false)), tagErr, checkIntake(in), listErr), nil
}

// ErrTrashed is returned by the calls that change a contact, or read what
// belongs to it, when the contact is in the trash. Restore it first. A
// contact merged into another is in the trash too, and cannot be restored:
// the error then matches ErrMerged as well. The error of the Service's
// call matches ErrConflict too.
var ErrTrashed = errors.New("contact is in the trash")

// live returns the contact id of ws if it is live: ErrNotFound if there is
// none, ErrTrashed if it is in the trash, and, for a contact merged into
// another (which is in the trash too), an error matching both ErrTrashed
// and ErrMerged that names its survivor.
func live(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	c, err := tx.Contacts().Get(ctx, ws, id)
	if err == nil && c.Trashed() {
		if err := refuseMerged(ctx, tx, ws, id); err != nil {
			if errors.Is(err, ErrMerged) {
				return contact.Contact{}, fmt.Errorf("%w: %w", ErrTrashed, err)
			}
			return contact.Contact{}, err
		}
		return contact.Contact{}, ErrTrashed
	}
	return c, err
}

// GetContact returns the contact id of the actor's workspace, live or in
// the trash (see contact.Contact.Trashed), or an error matching ErrNotFound.
func (s *Service) GetContact(ctx context.Context, a Actor, id contact.ID) (contact.Contact, error) {
	var c contact.Contact
	err := s.view(ctx, a, "get contact "+id.String(), "", func(tx store.Tx) (err error) {
		c, err = tx.Contacts().Get(ctx, a.Workspace, id)
		return err
	})
	return c, err
}

// UpdateContact applies p to the contact id. It is all-or-nothing: every
// invalid value or missing required field is reported at once in a
// *ValidationError and nothing changes. With p.IfVersion set, a
// contact changed since that version gives an error matching ErrConflict.
// A change that changes nothing writes nothing and emits nothing.
func (s *Service) UpdateContact(ctx context.Context, a Actor, id contact.ID, p contact.Patch) (contact.Contact, error) {
	return s.changeContact(ctx, a, "update contact "+id.String(), "", id, func(ch *change, c *contact.Contact) error {
		if err := ifVersion(p.IfVersion, c.Version); err != nil {
			return err
		}
		return s.apply(ctx, ch, c, p, false)
	})
}

// ifVersion checks the version a change was made against, if it names one.
func ifVersion(want, have int64) error {
	if want != 0 && want != have {
		return conflictf("changed at version %d, now at %d", want, have)
	}
	return nil
}

// apply applies p to c with the workspace's field definitions. On error c
// is unchanged and the error is a *ValidationError.
func (s *Service) apply(ctx context.Context, ch *change, c *contact.Contact, p contact.Patch, keepOnBlank bool) error {
	defs, err := s.definitionsFor(ctx, ch, c, p)
	if err != nil {
		return err
	}
	return invalid(p.Apply(c, s.applyOptions(ch.actor.Workspace, defs, keepOnBlank)))
}

// ownEvents are the fields whose changes have events of their own, and so
// are not listed by ContactUpdated.
var ownEvents = []string{contact.FieldTags, contact.FieldStatus, contact.FieldChannels, contact.FieldDeletedAt}

// save stores after if it differs from before, records the history of every
// changed field, and emits ContactUpdated for the changed fields but
// ownEvents. It returns the contact as stored.
func (s *Service) save(ctx context.Context, ch *change, before *contact.Contact, after contact.Contact) (contact.Contact, error) {
	diff := contact.Diff(before, &after)
	if len(diff) == 0 {
		return after, nil
	}
	after.UpdatedAt = ch.now
	if err := ch.tx.Contacts().Update(ctx, &after); err != nil {
		return contact.Contact{}, err
	}
	if err := ch.reindex(ctx, before, &after); err != nil {
		return contact.Contact{}, err
	}
	// The ledger never forgets an address: only a new one, primary or
	// secondary, needs recording.
	if !slices.Equal(before.Emails(), after.Emails()) || !slices.Equal(before.Phones(), after.Phones()) {
		if err := s.recordAddresses(ctx, ch, &after); err != nil {
			return contact.Contact{}, err
		}
	}
	fields := slices.DeleteFunc(ch.record(diff), func(f string) bool { return slices.Contains(ownEvents, f) })
	if len(fields) > 0 {
		if ch.listen {
			ch.emit(ContactUpdated{EventMeta: ch.meta(after.ID), Fields: fields, Snapshot: after.Clone()})
		}
	}
	return after, nil
}

// applyOptions are the settings a patch to a contact of ws is applied with,
// the workspace's required standard fields included.
func (s *Service) applyOptions(ws contact.WorkspaceID, defs []field.Definition, keepOnBlank bool) contact.ApplyOptions {
	o := contact.ApplyOptions{
		DefaultRegion: s.opts.DefaultRegion, Defs: defs, KeepOnBlank: keepOnBlank,
		Limits: s.opts.Limits, EmailPolicy: s.opts.EmailPolicy,
	}
	if s.opts.RequiredFields != nil {
		o.Required = s.opts.RequiredFields(ws)
	}
	return o
}

// CaptureResult is the outcome of CaptureContact.
type CaptureResult struct {
	Contact contact.Contact
	Created bool // a new contact was created; else an existing one was updated
	// StillUnsubscribed lists the addresses that the input's Consent asked
	// to subscribe and that the ledger holds unsubscribed: they stay so
	// until an explicit resubscribe (Resubscribe).
	StillUnsubscribed []list.Address
	// Memberships are the contact's memberships of the input's Lists, in
	// the order given, as the call left them.
	Memberships []list.Membership
	// Note is the note the input's Note added, or, with a NoteKey, the
	// note an earlier call added with it, as it is now; zero for none.
	Note activity.Activity
}

// CaptureContact records what a form, a survey or an inbound message says
// about a person: it finds the contact of the workspace that holds the
// email (or, failing that, the phone) of in and updates it, or creates one.
// Blank values never clear what the contact has; tags are added. At least
// one of in.Email and in.Phone must be given (else ErrNoMatchKey). Every
// problem of the input is reported at once in a *ValidationError, as
// CreateContact reports them (an email that does not parse with the
// others), and nothing is written. The consent, lists and note
// of in are recorded in the same transaction, before the automation
// triggers run; the result says which addresses stay unsubscribed. When
// the email belongs to one contact and the phone to another, the capture
// updates neither: an address is one live contact's only (rule C9), and
// the error, a *TakenError, names the contact that holds the phone.
func (s *Service) CaptureContact(ctx context.Context, a Actor, in ContactInput) (CaptureResult, error) {
	var res CaptureResult
	in.Form = strings.TrimSpace(in.Form)
	err := s.update(ctx, a, "capture contact", "", func(ch *change) error {
		res = CaptureResult{}
		existing, found, err := s.match(ctx, ch, in.Patch)
		if errors.Is(err, ErrNoMatchKey) {
			// Reported with every other problem of the input.
			_, problems, err := s.build(ctx, ch, &contact.Contact{Workspace: a.Workspace, Status: contact.StatusActive}, &in)
			if err != nil {
				return err
			}
			return invalid(errors.Join(ErrNoMatchKey, problems))
		}
		if err != nil {
			return err
		}
		if found {
			res.Contact, err = s.captureInto(ctx, ch, existing, in)
		} else {
			var c *contact.Contact
			if c, err = s.create(ctx, ch, in, contact.SourceForm); err == nil {
				res.Contact = *c
			}
			res.Created = true
		}
		if err != nil {
			return err
		}
		return s.intake(ctx, ch, &res.Contact, &in, &res)
	})
	if err != nil {
		return CaptureResult{}, err
	}
	return res, nil
}

// captureInto updates existing with what a capture brings: blank values
// never clear, tags are added.
func (s *Service) captureInto(ctx context.Context, ch *change, existing contact.Contact, in ContactInput) (contact.Contact, error) {
	c := existing.Clone()
	p := s.captured(&existing, in.Patch)
	defs, err := s.definitionsFor(ctx, ch, &c, p)
	if err != nil {
		return contact.Contact{}, err
	}
	listErr, err := s.checkLists(ctx, ch, in.Lists)
	if err != nil {
		return contact.Contact{}, err
	}
	names, tagErr := s.opts.Limits.Tags.Parse(in.Tags...)
	if err := errors.Join(p.Apply(&c, s.applyOptions(ch.actor.Workspace, defs, true)), tagErr, checkIntake(&in), listErr); err != nil {
		return contact.Contact{}, invalid(err)
	}
	added, err := s.addTags(ctx, ch, &c, names)
	if err != nil {
		return contact.Contact{}, err
	}
	if c, err = s.save(ctx, ch, &existing, c); err != nil {
		return contact.Contact{}, err
	}
	ch.emitTagged(c.ID, added)
	return c, nil
}

// captured returns the patch that capturing p into existing applies: an
// email or phone the contact has already (primary or secondary: the one it
// was found by) changes nothing, and a new one, when the contact has a
// primary already, is added as a secondary address rather than replacing
// it. Secondary addresses the input gives are added to the contact's, not
// put in their place. Capture never loses an address.
func (s *Service) captured(existing *contact.Contact, p contact.Patch) contact.Patch {
	parseEmail := func(raw string) (contact.Email, error) {
		e, _, err := s.opts.EmailPolicy.ParseEmailInput(raw)
		return e, err
	}
	parsePhone := func(raw string) (contact.Phone, error) {
		return s.capturedPhone(raw, &p, existing)
	}
	p.Email, p.EmailLabel, p.OtherEmails = capturedAddresses(existing.Email, existing.OtherEmails,
		func(l contact.LabeledEmail) (contact.Email, contact.Label) { return l.Email, l.Label },
		p.Email, p.EmailLabel, p.OtherEmails, parseEmail)
	p.Phone, p.PhoneLabel, p.OtherPhones = capturedAddresses(existing.Phone, existing.OtherPhones,
		func(l contact.LabeledPhone) (contact.Phone, contact.Label) { return l.Phone, l.Label },
		p.Phone, p.PhoneLabel, p.OtherPhones, parsePhone)
	return p
}

// capturedPhone reads raw, a phone that the input p of a capture gives for
// the contact c it found, as applying p reads it (rule C2: in the country
// p sets, else c's, else the workspace's region), unless read as match
// reads it (p's country, else the workspace's region) it is a phone c
// has: the one the capture found c by, which another reading in c's
// country must not turn into a number nobody gave.
func (s *Service) capturedPhone(raw string, p *contact.Patch, c *contact.Contact) (contact.Phone, error) {
	raw = strings.TrimSpace(raw)
	region := p.PhoneRegion(c, s.opts.DefaultRegion, true)
	if matched := p.PhoneRegion(nil, s.opts.DefaultRegion, true); matched != region {
		if ph, err := contact.ParsePhoneIn(raw, matched, s.opts.DefaultRegion); err == nil && slices.Contains(c.Phones(), ph) {
			return ph, nil
		}
	}
	return contact.ParsePhoneIn(raw, region, s.opts.DefaultRegion)
}

// capturedAddresses returns the primary, its label and the secondary
// addresses of one kind (emails or phones) that a capture applies to a
// contact whose primary is primary and whose secondary addresses are
// others: an address the contact has is dropped from the input; a new
// primary, when the contact has one, becomes secondary; secondary input is
// added to the contact's own (see addedAddresses). Input that does not
// parse is kept as it is, for contact.Patch.Apply to report.
func capturedAddresses[A interface {
	comparable
	String() string
}, L any](primary A, others []L, parts func(L) (A, contact.Label),
	in, inLabel *string, inOthers *[]contact.LabeledInput, parse func(string) (A, error),
) (*string, *string, *[]contact.LabeledInput) {
	var row []labeledAddr[A]
	var bad []contact.LabeledInput
	parsedIn := false
	if in != nil {
		if a, err := parse(*in); err == nil {
			label := ""
			if inLabel != nil {
				label = *inLabel
			}
			row, parsedIn = append(row, labeledAddr[A]{addr: a, label: label}), true
		}
	}
	if inOthers != nil {
		for _, li := range *inOthers {
			if a, err := parse(li.Value); err == nil {
				row = append(row, labeledAddr[A]{addr: a, label: li.Label})
			} else {
				bad = append(bad, li)
			}
		}
	}
	first, label, union := addedAddresses(primary, others, parts, row, bad)
	if parsedIn {
		in, inLabel = first, label
	}
	return in, inLabel, union
}

// ErrNoMatchKey is returned by CaptureContact when the input has neither an
// email nor a phone to match on.
var ErrNoMatchKey = errors.New("capture needs an email or a phone")

// match finds the contact that holds p's email or, failing that, its
// phone. An email or phone that does not parse matches nothing: the patch
// applied then, to the contact the other finds or to a new one, reports it
// with every other problem of the input (C5). Without either, it returns
// ErrNoMatchKey.
func (s *Service) match(ctx context.Context, ch *change, p contact.Patch) (contact.Contact, bool, error) {
	// A value of white space and invisible characters is blank, as Apply
	// reads it: no address to match on.
	given := func(v *string) string {
		if v == nil {
			return ""
		}
		return strings.TrimSpace(inputtext.StripInvisible(*v))
	}
	email, phone := given(p.Email), given(p.Phone)
	if email == "" && phone == "" {
		return contact.Contact{}, false, ErrNoMatchKey
	}
	if email != "" {
		if e, _, err := s.opts.EmailPolicy.ParseEmailInput(email); err == nil {
			c, ok, err := byKey(ctx, ch.tx, ch.actor.Workspace, contact.EmailKey(e))
			if ok || err != nil {
				// Found by its email: its phone is read in its country
				// when the capture applies (captured), not here.
				return c, ok, err
			}
		}
	}
	if phone != "" {
		if ph, err := contact.ParsePhoneIn(phone, p.PhoneRegion(nil, s.opts.DefaultRegion, true), s.opts.DefaultRegion); err == nil {
			return byKey(ctx, ch.tx, ch.actor.Workspace, contact.PhoneKey(ph))
		}
	}
	return contact.Contact{}, false, nil
}

// ContactQuery selects contacts for ListContacts and Contacts. The zero
// value selects every live contact of the workspace (Trashed lists the
// trash instead).
type ContactQuery struct {
	Trashed  bool           // list the trash instead of the live contacts
	Status   contact.Status // "" for any
	Tag      string         // a tag name, matched case-insensitively; "" for any
	Assignee contact.UserID // "" for any
	// Text, if set, is a free-text search. A Text that parses as a
	// phone number (in any form the default region reads, in the digits of
	// any script: "06 12 34 56 78", "+33 6 12 34 56 78", "٠٦ ١٢ ٣٤ ٥٦ ٧٨")
	// finds the contact that has it; a vanity number ("1-800-FLOWERS", "1
	// 800 FLOWERS") that nobody has, the contacts of its words, as an
	// email address does. One that reads as an email address
	// (also as a mailto: link or "Name <address>") finds the contact that
	// holds it or, when none does, the contacts whose words every word of
	// the address starts ("ann@example.c" finds ann@example.com), as the
	// first page found it: the next pages answer the same query (their
	// cursor says which) whoever takes or leaves the address meanwhile.
	// Otherwise every word of Text must start a word of the
	// contact's names, alias, company, job title, city, emails or tags,
	// ignoring case and accents: "helene" finds "Hélène", "lodz" finds
	// "Łódź", "ada love" finds Ada Lovelace, "obrien" finds O'Brien; and a
	// phone number typed among the words ("ada 06 12 34 56 78": the first
	// run of words that parses as one) must be one of the contact's
	// phones, its extension included ("ada 01 23 45 67 89 ext 12"). A word
	// ending in a colon, or followed by one after a space as French writes
	// it, labels what follows and is left out ("Tel: 06 12 34 56 78",
	// "Tél : 06 12 34 56 78"), unless nothing follows ("ada:" searches
	// "ada"). A Text without words (only punctuation)
	// matches nothing; one longer than contact.MaxQueryLen bytes is invalid
	// input.
	Text string
}

// compile returns the store query of q, and whether it can match anything
// at all; region is the default region of a phone number typed as Text.
// When the query looks an address up by its key, alt is the query of its
// words, which lists the contacts when nobody holds the address.
func (q ContactQuery) compile(region string, policy contact.EmailPolicy) (out store.ContactQuery, alt *store.ContactQuery, some bool, err error) {
	out = store.ContactQuery{Trashed: q.Trashed, Status: q.Status, Assignee: q.Assignee}
	some = true
	if err := contact.CheckQuery(q.Text); err != nil {
		return out, nil, false, invalid(err)
	}
	if text := dropLabels(q.Text); text != "" {
		// A phone is the whole Text only if each of its words holds a
		// digit ("1-800-FLOWERS") or marks an extension ("ext. 12"): the
		// parser skips leading words, and "byron 06 12 34 56 78" is a name
		// and a phone; so is "byron,06 12 34 56 78", whose name is glued
		// to the phone (see unglue).
		unglued := dropLabels(unglue(q.Text))
		whole, wholeErr := contact.ParsePhone(text, region)
		if wholeErr == nil && !slices.ContainsFunc(strings.Fields(unglued), notOfAPhone) {
			out.Key = contact.PhoneKey(whole)
			if strings.ContainsFunc(text, isASCIILetter) {
				// A vanity number ("1-800-FLOWERS"): when nobody holds
				// it, the words it is made of, a company's name perhaps.
				alt = vanityWords(out, text)
			}
		} else if e, _, err := policy.ParseEmailInput(text); err == nil {
			// An address, pasted as a link or with a name too: the contact
			// that holds it, or else the contacts whose words it starts
			// ("ann@example.c", "news@example.com" for
			// ann.lee+news@example.com).
			out.Key = contact.EmailKey(e)
			if words := contact.QueryWords(e.String()); len(words) > 0 {
				alt = &store.ContactQuery{Trashed: out.Trashed, Status: out.Status, Assignee: out.Assignee, Words: words}
			}
		} else {
			// A phone typed among other words ("ada 06 12 34 56 78") is
			// looked up by its key, the other words as words. A word
			// glued to the phone by punctuation ("byron,06 12 34 56 78",
			// "ada,+33 6 12 34 56 78") is set apart first (unglue); a
			// word whose letters run into digits ("R2D2 06 12 34 56 78",
			// "Ann5 06 12 34 56 78") holds them, and the words as typed
			// come first, so that it is neither split nor the start of
			// the phone. Last, a word glued after the phone by
			// punctuation ("06 12 34 56 78,ada", unglueEnd).
			readings := [...]string{unglued, text, dropLabels(unglueEnd(unglue(q.Text)))}
			if lettersRunIntoDigits(q.Text) {
				readings[0], readings[1] = text, unglued
			}
			var key, rest string
			for _, r := range readings {
				if key, rest, _ = phoneAmong(r, region); key != "" {
					break
				}
			}
			if key == "" && wholeErr == nil && vanity(strings.Fields(unglued)) {
				// No phone among the words, but the whole is one, its
				// last words letters the parser reads as digits: a
				// vanity number typed with spaces ("1 800 FLOWERS"), as
				// "1-800-FLOWERS" is read. When nobody holds it, the
				// words it is made of: a company named like one ("800
				// Flowers").
				key, rest = contact.PhoneKey(whole), ""
				alt = vanityWords(out, text)
			}
			if key == "" {
				// No phone: the words as typed ("A1 Bakery").
				rest = text
			}
			out.Key = key
			out.Words = contact.QueryWords(rest)
			some = len(out.Words) > 0 || key != ""
		}
	}
	var errs []error
	if q.Status != "" && !q.Status.Valid() {
		errs = append(errs, fmt.Errorf("unknown status %s", inputtext.Quote(string(q.Status))))
	}
	if q.Tag != "" {
		n, err := tag.ParseName(q.Tag)
		errs = append(errs, err)
		out.Tag = n
		if alt != nil {
			alt.Tag = n
		}
	}
	return out, alt, some, invalid(errors.Join(errs...))
}

// dropLabels returns q trimmed, without its words that label what
// follows them: a word of letters ending in a colon (or the full-width
// "：" of East Asian keyboards), as in a pasted
// "Tel: 06 12 34 56 78" or "Email: ada@example.com". A query of labels
// alone ("Tel:", "ada:") has nothing they label: it is kept, its words
// searched for.
//
// A label written the French way, with a space (or a no-break space) before
// its colon ("Tél : 06 12 34 56 78", "Courriel\u00a0: ada@example.com"), is
// left out too. A word that marks a phone's extension ("ext: 12") is no
// label: it belongs to the phone.
func dropLabels(q string) string {
	const colons = ":：" // and the full-width colon of East Asian keyboards
	if !strings.ContainsAny(q, colons) {
		return strings.TrimSpace(q)
	}
	isColon := func(w string) bool { return w == ":" || w == "：" }
	label := func(name string) bool {
		return name != "" && noDigit(name) && !strings.ContainsAny(name, colons) && !extensionLabel(name)
	}
	fields := strings.Fields(q)
	words := make([]string, 0, len(fields))
	for i, w := range fields {
		if i+1 < len(fields) && isColon(fields[i+1]) && label(w) {
			continue // "Tél" of "Tél :"
		}
		if isColon(w) && i > 0 && label(fields[i-1]) {
			continue // its colon
		}
		name, ok := strings.CutSuffix(w, ":")
		if !ok {
			name, ok = strings.CutSuffix(w, "：")
		}
		if ok && label(name) {
			continue
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return strings.TrimSpace(q)
	}
	return strings.Join(words, " ")
}

// phoneAmong finds, in a query of several words, the first run of
// consecutive words made of the characters of a typed phone number
// (digits, "+" and punctuation: "(", "-", ".", "/", and the comma, quotes
// or "#" that a sentence or a pasted line puts next to it, which the
// parser skips) that parses as a valid phone number in region: it returns
// the phone's key and the query without that run. Without one it returns "" and q. A run of such words may hold
// other numbers beside the phone ("studio 2024 06 12 34 56 78"): from its
// first word on, the longest run of at most maxPhoneDigits digits that
// parses wins. It parses at most maxPhoneParses runs, and returns how
// many it parsed: a query of many numbers that are no phone ("+1 +1 +1
// …") costs no more than a few phones typed among words.
func phoneAmong(q, region string) (key, rest string, parses int) {
	words := strings.Fields(q)
	phoneish := func(w string) bool {
		if extensionWord(w) {
			return true // "ext", "x12", "доб.": a phone's extension
		}
		return !noDigit(w) && !strings.ContainsFunc(w, func(r rune) bool {
			if '！' <= r && r <= '～' {
				r -= '！' - '!' // a full-width form ("＋") as its ASCII one
			}
			return !isDigit(r) && r != '+' && !unicode.IsPunct(r)
		})
	}
	digits := func(w string) int {
		n := 0
		for _, r := range w {
			if isDigit(r) {
				n++
			}
		}
		return n
	}
	for i := range words {
		if noDigit(words[i]) {
			continue // a phone starts with a digit, not its extension
		}
		// The ends j of the runs from i, shortest first: at most
		// maxPhoneDigits digits, then one extension of at most
		// maxExtensionDigits.
		var ends []int
		for j, n, ext := i, 0, false; j < len(words) && phoneish(words[j]); j++ {
			if extensionWord(words[j]) {
				if ext {
					break
				}
				ext, n = true, 0
			}
			if n += digits(words[j]); ext && n > maxExtensionDigits || !ext && n > maxPhoneDigits {
				break
			}
			ends = append(ends, j+1)
		}
		for _, j := range slices.Backward(ends) {
			if parses == maxPhoneParses {
				return "", q, parses
			}
			parses++
			if p, err := contact.ParsePhone(strings.Join(words[i:j], " "), region); err == nil {
				return contact.PhoneKey(p), strings.Join(slices.Concat(words[:i], words[j:]), " "), parses
			}
		}
	}
	return "", q, parses
}

// maxPhoneParses bounds the runs of words phoneAmong parses: a phone
// typed among words is found within a few (each run from a word is tried
// longest first, and the phone's own first word gives it at once), where a
// query of a thousand bytes of numbers gave phoneAmong about six thousand
// runs to parse, most of them on the phone library's slow path (50 to 85
// ms a query, a thousand times a usual one).
const maxPhoneParses = 32

// maxPhoneDigits bounds the digits of a phone typed among words: the 15
// of E.164, an international prefix ("00", "011") and a trunk zero.
const maxPhoneDigits = 19

// maxExtensionDigits bounds the digits of the extension of a phone typed
// among words, as the phone parser does (libphonenumber's 20).
const maxExtensionDigits = 20

// extensionRE matches, folded (contact.Fold), the words that mark a
// phone's extension where contact.ParsePhone reads one, as libphonenumber's
// extension patterns do: "ext", "extn", "extension" ("extensión"), "xt",
// Russian "доб", Spanish and Portuguese "anexo", and the more ambiguous
// "x", "#", "~" and "int"; each may be followed by "." or ":", and by the
// extension's digits ("x12", "ext.12", "#12#"), its submatch.
var extensionRE = regexp.MustCompile(`^(?:e?xt(?:ensio)?n?|доб|anexo|x|#|~|int)[:.]?(\p{Nd}+#?)?$`)

// extensionLabel reports whether w is a word that marks a phone's
// extension, without its digits ("ext", "доб.", "ext:").
func extensionLabel(w string) bool {
	m := extensionRE.FindStringSubmatch(contact.Fold(w))
	return m != nil && m[1] == ""
}

// extensionWord reports whether w marks a phone's extension, alone or
// followed by its digits ("ext", "x12").
func extensionWord(w string) bool {
	return extensionRE.MatchString(contact.Fold(w))
}

// isDigit reports whether r is a decimal digit of any script: a phone
// typed in Arabic-Indic ("٠٦") or full-width ("０６") digits reads as one.
func isDigit(r rune) bool { return unicode.IsDigit(r) }

// unglue returns q with a space before its first digit (or the "+" or
// "(" that opens a phone number there) when letters precede it in its
// word: "byron,06 12 34 56 78" is "byron, 06 12 34 56 78", and
// "tel:+33612345678" is "tel: +33612345678", whose label dropLabels then
// leaves out. A phone parser skips what comes before the number's first
// digit, so such a word would be taken for part of the phone; after that
// digit, letters belong to the phone ("0800 FLOWERS", "x12"). It is
// only a reading for a phone: "A1" is one word when no phone follows.
func unglue(q string) string {
	i := strings.IndexFunc(q, isDigit)
	if i <= 0 {
		return q
	}
	for i > 0 && (q[i-1] == '+' || q[i-1] == '(') {
		i--
	}
	start := strings.LastIndexFunc(q[:i], unicode.IsSpace) + 1
	if !strings.ContainsFunc(q[start:i], unicode.IsLetter) {
		return q
	}
	return q[:i] + " " + q[i:]
}

// lettersRunIntoDigits reports whether the first digit of q follows a
// letter of its word ("R2D2", "Ann5"), rather than punctuation, a "+" or a
// space.
func lettersRunIntoDigits(q string) bool {
	i := strings.IndexFunc(q, isDigit)
	if i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(q[:i])
	return unicode.IsLetter(r)
}

// unglueEnd returns q with a space before the letters that follow the
// last digit of a word after punctuation: "06 12 34 56 78,ada" is
// "06 12 34 56 78, ada", "(06 12 34 56 78)ada" is "(06 12 34 56 78) ada",
// as unglue sets apart a word glued before a phone. Letters right after
// the last digit stay ("0800FLOWERS", "x12"). It is only a reading for a
// phone, tried after the others: "1-800-FLOWERS" is one word when no phone
// is read so.
func unglueEnd(q string) string {
	words := strings.Fields(q)
	for i, w := range words {
		d := strings.LastIndexFunc(w, isDigit)
		if d < 0 {
			continue
		}
		_, size := utf8.DecodeRuneInString(w[d:])
		tail := w[d+size:]
		if r, _ := utf8.DecodeRuneInString(tail); tail == "" || unicode.IsLetter(r) {
			continue
		}
		if l := strings.IndexFunc(tail, unicode.IsLetter); l > 0 {
			words[i] = w[:d+size+l] + " " + tail[l:]
		}
	}
	return strings.Join(words, " ")
}

func noDigit(w string) bool { return !strings.ContainsFunc(w, isDigit) }

// vanity reports whether words, a query that the phone parser reads
// whole as a number, are a vanity number typed with spaces ("1 800
// FLOWERS", "+1 (800) FLOWERS"): they start with a word of digits, and
// their words without a digit are ASCII letters, which the parser reads
// as digits, after the last word with one. A name before the number
// ("bob 1-800-flowers") is a word of the query, as is one after it
// ("06 12 34 56 78 ada"), which the parser does not read as a number.
func vanity(words []string) bool {
	if len(words) == 0 || noDigit(words[0]) {
		return false
	}
	letters := false
	for _, w := range words {
		if !noDigit(w) {
			if letters {
				return false
			}
			continue
		}
		if strings.ContainsFunc(w, func(r rune) bool { return !isASCIILetter(r) }) {
			return false
		}
		letters = true
	}
	return letters
}

func isASCIILetter(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }

// vanityWords returns the query of the words of text, a vanity number
// that out looks up by its key, with out's other criteria: the contacts
// listed when nobody holds the number (see compile's alt), nil for none.
func vanityWords(out store.ContactQuery, text string) *store.ContactQuery {
	words := contact.QueryWords(text)
	if len(words) == 0 {
		return nil
	}
	return &store.ContactQuery{Trashed: out.Trashed, Status: out.Status, Assignee: out.Assignee, Words: words}
}

// notOfAPhone reports whether w, a word without a digit, is no part of a
// typed phone number: anything but a word that marks an extension.
func notOfAPhone(w string) bool {
	return noDigit(w) && !extensionLabel(w)
}

// ListContacts returns one page of the contacts that match q, in the stable
// order of their IDs (creation order with the default ID generator).
func (s *Service) ListContacts(ctx context.Context, a Actor, q ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	var page store.Page[contact.Contact]
	sq, alt, some, err := q.compile(s.opts.DefaultRegion, s.opts.EmailPolicy)
	if err != nil {
		return page, s.refuse(ctx, a, "list contacts", "", err)
	}
	err = s.view(ctx, a, "list contacts", "", func(tx store.Tx) (err error) {
		if !some {
			page = store.Page[contact.Contact]{Items: []contact.Contact{}}
			return nil
		}
		if alt == nil {
			page, err = tx.Contacts().List(ctx, a.Workspace, sq, p)
			return err
		}
		// The address's words unless a contact holds it, decided on the
		// first page and kept in the cursor of the next ones, so that every
		// page of one listing answers the same query whoever takes or
		// leaves the address meanwhile.
		// (Nothing outside is changed: the function may run again.)
		mark, query, req := heldCursor, sq, p
		switch {
		case p.Cursor == "":
			_, held, err := first(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
				return tx.Contacts().List(ctx, a.Workspace, sq, p)
			})
			if err != nil {
				return err
			}
			if !held {
				mark = wordsCursor
			}
		case strings.HasPrefix(p.Cursor, heldCursor):
			req.Cursor = p.Cursor[len(heldCursor):]
		case strings.HasPrefix(p.Cursor, wordsCursor):
			mark, req.Cursor = wordsCursor, p.Cursor[len(wordsCursor):]
		default:
			return fmt.Errorf("%w: not a cursor of this search", store.ErrInvalidCursor)
		}
		if mark == wordsCursor {
			query = *alt
		}
		page, err = tx.Contacts().List(ctx, a.Workspace, query, req)
		if page.Next != "" {
			page.Next = mark + page.Next
		}
		return err
	})
	return page, err
}

// The marks before the store's cursor of a page of an address search (see
// ListContacts): the contact that holds the address, or the words of the
// address when none did on the first page.
const (
	heldCursor  = "held:"
	wordsCursor = "words:"
)

// Contacts iterates over every contact that matches q, a page at a time:
// each page is read in its own transaction. An error is yielded once, last.
func (s *Service) Contacts(ctx context.Context, a Actor, q ContactQuery) iter.Seq2[contact.Contact, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
		return s.ListContacts(ctx, a, q, p)
	})
}

// byKey returns the live contact of ws that holds key (see
// contact.Contact.Keys), and whether there is one.
func byKey(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, key string) (contact.Contact, bool, error) {
	return first(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
		return tx.Contacts().List(ctx, ws, store.ContactQuery{Key: key}, p)
	})
}
