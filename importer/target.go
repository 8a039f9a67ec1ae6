package importer

import (
	"fmt"
	"strconv"

	"github.com/contactkit/contactkit/field"
)

// Kind is what a column is imported into.
type Kind string

// The kinds of target. The standard fields are those of contact.Contact.
const (
	KindIgnore    Kind = "ignore"     // not imported
	KindFirstName Kind = "first_name" // Contact.FirstName
	KindLastName  Kind = "last_name"  // Contact.LastName
	KindAlias     Kind = "alias"      // Contact.Alias: a full name or a nickname
	KindEmail     Kind = "email"      // an email address; several columns allowed
	// KindEmailLabel is the label of the email of the same Slot (Google's
	// "E-mail 1 - Label").
	KindEmailLabel Kind = "email_label"
	KindPhone      Kind = "phone" // a phone number; several columns allowed
	// KindPhoneLabel is the label of the phone of the same Slot.
	KindPhoneLabel Kind = "phone_label"
	KindCountry    Kind = "country" // Contact.Country
	// KindCallingCode is the country calling code of the row's phones
	// ("33", "+44", "1"), as SMS and WhatsApp tools write it in a
	// "Country Code" column beside a national number; see
	// ParseCallingCode. It decides the region the row's phones in national
	// form are read in, as a country column does (before it, when the row
	// has both), and does not set Contact.Country: a calling code names
	// where a phone's number was issued, not where the contact lives, and
	// several countries share one (1, 7, 44), whose main region would be
	// the wrong country for most of them. A contact without a country
	// takes its phone's own region, as any contact does (contact.Patch):
	// "+1" and "4165550123" give CA, not US.
	KindCallingCode Kind = "calling_code"
	KindLanguage    Kind = "language"   // Contact.Language
	KindBirthDate   Kind = "birth_date" // Contact.BirthDate
	KindCity        Kind = "city"       // Contact.City
	KindState       Kind = "state"      // Contact.State
	KindCompany     Kind = "company"    // Contact.Company
	KindJobTitle    Kind = "job_title"  // Contact.JobTitle
	KindAssignee    Kind = "assignee"   // Contact.Assignee: a user ID of the host, as contactkit exports it
	// KindBlocked is a yes/no column that says the contact is blocked
	// (contact.StatusBlocked), as contactkit exports it; see ParseBlocked.
	KindBlocked Kind = "blocked"
	// KindContactID is the contact's own ID (contact.ParseID), as
	// contactkit exports it under the header "contactkit ID": a Service's
	// import matches a row by it first, within the actor's workspace
	// only. Other vendors' numbers ("ID", "Contact ID", "Record ID") are
	// not contactkit's, and ignored.
	KindContactID Kind = "contact_id"
	KindTags      Kind = "tags"  // tag names (tag.Parse); several columns allowed
	KindNotes     Kind = "notes" // note text; several columns allowed
	// KindConsent is a subscription status ("subscribed", "unsubscribed",
	// …) for the channel in Target.Label; see ParseConsent. With a Slot,
	// it is about the address of the email (channel email) or phone (sms,
	// whatsapp) column of that slot only ("Email 2 - Consent"); without,
	// about every address of its channel in the row (see
	// ConsentCell).
	KindConsent Kind = "consent"
	// KindUnsubscribed is a yes/no column that says the address of the
	// channel in Target.Label is unsubscribed ("Unsubscribed from all
	// email", "Phone 2 - SMS Opt Out"); see ParseConsent. Its Slot is as
	// for KindConsent.
	//
	// Several consent and unsubscribed columns may be about one channel
	// and slot (a file merged from two tools: "Email Opt Out" beside
	// "Unsubscribed"): an address is unsubscribed when any of its cells
	// says so, and two cells that disagree leave it unsubscribed: an
	// import never lifts an unsubscribe, and opts an address in only when
	// no cell of its row unsubscribes it.
	KindUnsubscribed Kind = "unsubscribed"
	// KindCustom is the custom field Target.Field.
	KindCustom Kind = "custom"
)

// Target is what one column is imported into.
type Target struct {
	Kind Kind
	// Slot pairs an email or phone column with its label column and its
	// consent columns, as numbered headers do ("Phone 2 - Value", "Phone
	// 2 - Label", "Phone 2 - SMS Opt Out"); 0 is no pair. Two email,
	// phone or label columns cannot share a kind and a slot above 0;
	// consent and unsubscribed columns can (see KindUnsubscribed).
	Slot int
	// Label is, for an email or a phone, the label its header implies
	// ("mobile", "work", "home", "whatsapp", "other"; "" for none); for
	// consent and unsubscribed, the channel ("email", "sms"); for tags,
	// how a cell lists them: "" by commas (as contactkit exports them),
	// or one of TagsGoogle, TagsMailchimp and TagsOutlook.
	Label string
	// Field is the custom field of KindCustom.
	Field field.Key
}

// The ways of listing tags in a cell that vendors' exports have (the Label
// of a tags Target).
const (
	// TagsGoogle: Google Contacts' labels, " ::: " between them, with "* "
	// before a system group ("* myContacts", which every contact is in,
	// "* My Contacts" in the legacy export, is dropped; "* starred" is
	// the tag "starred").
	TagsGoogle = "google"
	// TagsMailchimp: Mailchimp's TAGS, each name in double quotes,
	// commas between them ("VIP","Customer").
	TagsMailchimp = "mailchimp"
	// TagsOutlook: Outlook's categories, ";" between them.
	TagsOutlook = "outlook"
)

// String returns a short description such as "phone (mobile)", "email 2"
// or "custom field shoe_size".
func (t Target) String() string {
	s := string(t.Kind)
	if t.Kind == KindCustom {
		return "custom field " + t.Field.String()
	}
	if t.Slot > 0 {
		s += " " + strconv.Itoa(t.Slot)
	}
	if t.Label != "" {
		s += " (" + t.Label + ")"
	}
	return s
}

// Multi reports whether several columns may map to targets equal to t:
// emails and phones without a slot, tags, notes, consent and unsubscribed
// columns (any one that says an address is unsubscribed unsubscribes it)
// and ignored columns.
func (t Target) Multi() bool {
	switch t.Kind {
	case KindIgnore, KindTags, KindNotes, KindConsent, KindUnsubscribed:
		return true
	case KindEmail, KindPhone, KindEmailLabel, KindPhoneLabel:
		return t.Slot == 0
	}
	return false
}

// key is what two single-valued targets share when they conflict.
func (t Target) key() string {
	switch t.Kind {
	case KindEmail, KindPhone, KindEmailLabel, KindPhoneLabel:
		return fmt.Sprintf("%s/%d", t.Kind, t.Slot)
	case KindCustom:
		return "custom/" + t.Field.String()
	}
	return string(t.Kind)
}
