package contactkit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// What CreateContact and CaptureContact take beyond the contact's fields
// (ContactInput's Consent, Lists, Note and Form), in the same transaction
// as the contact, once it is stored, in this order: the consent given; the
// lists it joins, which see that consent; the note; the form's submission,
// whose occurrence goes before those of the rest. The automation triggers
// run after all of it is in place, at the end of the call: a
// contact-created trigger sees the ledger as the call left it, and a
// contact that arrives unsubscribed joins its lists unsubscribed, so no
// list-subscribed trigger enrols it.

// ErrUnknownList is returned when a contact input names a list the
// workspace does not have.
var ErrUnknownList = errors.New("unknown list")

// maxNamedProblems is the most unknown lists of one input, and the most
// problems of its consent, that its error names: past them, one problem
// says there are more (the rest of the lists are not read).
const maxNamedProblems = 100

// checkIntake reports every problem of what in gives beyond the contact's
// fields and tags: an unknown channel or status of its consent, a bad
// note key, a note key without a note (which would make no retry safe), a
// form no trigger could name.
func checkIntake(in *ContactInput) error {
	keyErr := checkActivityKey(in.NoteKey)
	if keyErr == nil && in.NoteKey != "" && in.Note == "" {
		keyErr = &activity.ValidationError{Property: "key", Err: fmt.Errorf("%w: a NoteKey without a Note", activity.ErrInvalidActivity)}
	}
	return errors.Join(checkConsent(in.Consent), keyErr, checkForm(in.Form))
}

// fieldForm names ContactInput.Form in the errors that report it.
const fieldForm = "form"

// checkForm reports a form name that a trigger could not name (see
// automation.OnFormSubmitted): longer than automation.MaxSubjectLength
// characters, or holding a control character or invalid UTF-8, as a
// *contact.ParseError with Field "form".
func checkForm(form string) error {
	if err := contact.CheckLen(fieldForm, form, automation.MaxSubjectLength); err != nil {
		return err
	}
	if !utf8.ValidString(form) || strings.ContainsFunc(form, unicode.IsControl) {
		return &contact.ParseError{Field: fieldForm, Input: form, Err: fmt.Errorf("%w: a control character or invalid UTF-8", contact.ErrInvalid)}
	}
	return nil
}

// checkLists returns, as problems, every list of ids that ch's workspace
// does not have (ErrUnknownList), and as err the failure of the store. It
// keeps the lists it reads in ch.lists, where intake finds them.
func (s *Service) checkLists(ctx context.Context, ch *change, ids []list.ID) (problems, err error) {
	var errs []error
	seen := make(map[list.ID]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if len(errs) > maxNamedProblems {
			continue // refused: the rest are counted, not read
		}
		l, err := store.Lists(ch.tx.Records()).Get(ctx, ch.actor.Workspace, id)
		if errors.Is(err, store.ErrNotFound) {
			errs = append(errs, fmt.Errorf("%w: %s", ErrUnknownList, id))
			continue
		} else if err != nil {
			return nil, err
		}
		if ch.lists == nil {
			ch.lists = make(map[list.ID]list.List, len(ids))
		}
		ch.lists[id] = l
	}
	if len(errs) > maxNamedProblems {
		// The error stops growing: the last named gives way to the count.
		errs[maxNamedProblems] = fmt.Errorf("%w: more than %d among the %d lists given", ErrUnknownList, maxNamedProblems, len(seen))
		errs = errs[:maxNamedProblems+1]
	}
	return errors.Join(errs...), nil
}

// checkConsent reports every unknown channel and status of consent.
func checkConsent(consent map[list.Channel]list.ConsentStatus) error {
	if len(consent) == 0 {
		return nil // most calls give none: sort no keys
	}
	var errs []error
	more := 0 // the problems past maxNamedProblems, counted only
	problem := func(err error) {
		if len(errs) < maxNamedProblems {
			errs = append(errs, err)
		} else {
			more++
		}
	}
	for _, chn := range slices.Sorted(maps.Keys(consent)) {
		st := consent[chn]
		if !chn.Valid() {
			problem(fmt.Errorf("consent: %w: %s", list.ErrInvalidChannel, inputtext.Quote(string(chn))))
		}
		if !st.Valid() {
			problem(fmt.Errorf("consent on %s: %w: %s", inputtext.Clip(string(chn)), list.ErrInvalidStatus, inputtext.Quote(string(st))))
		}
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("consent: %w: %d more problems of the %d channels given", list.ErrInvalidChannel, more, len(consent)))
	}
	return errors.Join(errs...)
}

// consentAddress returns the address of c on channel chn that the consent
// of the input p is about: the address p gives for chn (its email for
// email, its phone for sms and whatsapp), parsed as CaptureContact matches
// it, when c holds it, primary or secondary — a capture may find c by a
// secondary address, or add the one it brings as a secondary one — and
// otherwise c's primary address on chn. It is false when c has none.
func (s *Service) consentAddress(chn list.Channel, c *contact.Contact, p *contact.Patch) (list.Address, bool) {
	var given string
	switch chn {
	case list.ChannelEmail:
		if p.Email != nil {
			if e, _, err := s.opts.EmailPolicy.ParseEmailInput(*p.Email); err == nil {
				given = e.String()
			}
		}
	case list.ChannelSMS, list.ChannelWhatsApp:
		if p.Phone != nil {
			if ph, err := s.capturedPhone(*p.Phone, p, c); err == nil {
				given = ph.String()
			}
		}
	}
	if given != "" {
		addr := list.Address{Channel: chn, Value: given}
		if slices.Contains(list.Addresses(c), addr) {
			return addr, true
		}
	}
	return list.AddressOf(chn, c)
}

// giveConsent records the initial consent of c's addresses, channel by channel
// in list.Channels order, on the address of each channel that p gives (see
// consentAddress): an unsubscribe is recorded as Unsubscribe records it; a
// subscribe is a list.Consent.OptIn, which never lifts an address the ledger
// holds unsubscribed by choice. A channel for which c has no address is a
// *ValidationError with ErrNoAddress.
func (s *Service) giveConsent(ctx context.Context, ch *change, c *contact.Contact, p *contact.Patch, consent map[list.Channel]list.ConsentStatus) error {
	for _, chn := range list.Channels() {
		st, ok := consent[chn]
		if !ok {
			continue
		}
		addr, ok := s.consentAddress(chn, c, p)
		if !ok {
			return invalid(fmt.Errorf("%w: %s", ErrNoAddress, chn))
		}
		fn := unsubscribe
		if st == list.ConsentSubscribed {
			fn = optIn
		}
		if _, err := s.setConsent(ctx, ch, addr, c.ID, fn, ""); err != nil {
			return err
		}
	}
	return nil
}

func optIn(entry list.Consent, lc list.Change) (list.Consent, bool, error) {
	next, changed := entry.OptIn(lc)
	return next, changed, nil
}

// stillUnsubscribed returns the addresses of c that consent asked to
// subscribe (those of p, see consentAddress) and that the ledger holds
// unsubscribed.
func (s *Service) stillUnsubscribed(ctx context.Context, ch *change, c *contact.Contact, p *contact.Patch, consent map[list.Channel]list.ConsentStatus) ([]list.Address, error) {
	var out []list.Address
	for _, chn := range list.Channels() {
		if consent[chn] != list.ConsentSubscribed {
			continue // tested first: consentAddress parses p's address again
		}
		addr, ok := s.consentAddress(chn, c, p)
		if !ok {
			continue
		}
		entry, err := s.consentOf(ctx, ch.tx, ch.actor.Workspace, addr)
		if err != nil {
			return nil, err
		}
		if !entry.Subscribed() {
			out = append(out, addr)
		}
	}
	return out, nil
}

// intake records the consent in.Consent gives to the stored contact c,
// makes c join in.Lists, adds in.Note and notes the submission of in.Form
// (trimmed by the caller), before what the rest records (its cause), and
// fills the parts of res they give. A retry, when in.NoteKey finds the
// note an earlier call added, submits no form.
func (s *Service) intake(ctx context.Context, ch *change, c *contact.Contact, in *ContactInput, res *CaptureResult) error {
	mark := len(ch.occurred)
	retry, err := s.record(ctx, ch, c, in, res)
	if err == nil && !retry && in.Form != "" {
		ch.occurBefore(mark, c.ID, automation.FormSubmitted(in.Form))
	}
	return err
}

// record is intake but the form: it reports a retry when in.NoteKey finds
// the note an earlier call added.
func (s *Service) record(ctx context.Context, ch *change, c *contact.Contact, in *ContactInput, res *CaptureResult) (retry bool, err error) {
	ws := ch.actor.Workspace
	if err := s.giveConsent(ctx, ch, c, &in.Patch, in.Consent); err != nil {
		return false, err
	}
	if res.StillUnsubscribed, err = s.stillUnsubscribed(ctx, ch, c, &in.Patch, in.Consent); err != nil {
		return false, err
	}
	seen := make(map[list.ID]bool, len(in.Lists))
	for _, id := range in.Lists {
		if seen[id] {
			continue
		}
		seen[id] = true
		l, ok := ch.lists[id] // read by checkLists, as every caller has
		if !ok {
			return false, invalid(fmt.Errorf("%w: %s", ErrUnknownList, id))
		}
		m, err := store.Memberships(ch.tx.Records()).Get(ctx, ws, store.MembershipKey{List: id, Contact: c.ID})
		if errors.Is(err, store.ErrNotFound) {
			if m, err = s.join(ctx, ch, &l, c); err == nil {
				err = s.putMembership(ctx, ch, "", &m)
			}
		}
		if err != nil {
			return false, err
		}
		res.Memberships = append(res.Memberships, m)
	}
	if in.Note != "" {
		note := activity.Activity{Kind: activity.KindNote, Body: in.Note}
		if retry, err = s.putActivity(ctx, ch, c.ID, in.NoteKey, &note); err != nil {
			return false, err
		}
		res.Note = note
	}
	return retry, nil
}
