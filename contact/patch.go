package contact

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/internal/phonenum"
)

// Patch is a change to a contact in the raw form that a user, a form or an
// import row gives: every value is a string still to be parsed. A nil
// pointer leaves its field as it is; a pointer to "" clears it (unless
// ApplyOptions.KeepOnBlank), and so does a blank value, of nothing but
// white space and invisible characters (the Assignee's too), or, for the
// names and the other text fields, of nothing NormalizeName keeps (control
// characters). Fields maps
// custom field keys to raw values in the same way: a key that is absent is
// left as it is, "" clears.
//
// The avatar, the status and the tags are not part of a Patch: they change
// through their own operations.
type Patch struct {
	FirstName *string
	LastName  *string
	Alias     *string
	Email     *string
	Phone     *string
	// EmailLabel and PhoneLabel label the primary email and phone
	// (ParseLabel). A contact left without a primary email (or phone) is
	// left without its label: clearing the address clears its label, and
	// a label given with no address is dropped.
	EmailLabel *string
	PhoneLabel *string
	// OtherEmails and OtherPhones, if not nil, replace the secondary emails
	// and phones (each parsed as Email and Phone are, with its label). An
	// entry whose value is blank is no address and is left out, whatever
	// its label. A secondary address equal to the primary one is dropped;
	// with no primary, the first becomes it. With KeepOnBlank an empty
	// list, or one of blank entries only, leaves them as they are.
	OtherEmails *[]LabeledInput
	OtherPhones *[]LabeledInput
	Country     *string
	Language    *string
	BirthDate   *string // YYYY-MM-DD
	City        *string
	State       *string
	Company     *string
	JobTitle    *string
	Assignee    *UserID
	Fields      map[string]string

	// IfVersion, if not zero, is the version of the contact the change was
	// made against, as a form read it: the Service refuses the change with
	// store.ErrConflict if the contact has changed since (optimistic
	// concurrency for a user's edit). Apply ignores it.
	IfVersion int64
}

// ApplyOptions are the workspace settings a Patch is applied with.
type ApplyOptions struct {
	// DefaultRegion is the ISO 3166-1 alpha-2 region assumed for phone
	// numbers given in national form when the contact's country does not
	// read them: Apply reads a phone in the country the patch sets, else
	// the contact's, else this region (see PhoneRegion); "" assumes none.
	// Custom fields of type phone are read in this region.
	DefaultRegion string
	// fallbackRegion is the DefaultRegion the caller gave, when Apply reads
	// phones in the contact's country instead.
	fallbackRegion string
	// Defs are the workspace's custom field definitions.
	Defs []field.Definition
	// KeepOnBlank makes a blank value leave its field as it is instead of
	// clearing it, as capture and import do: a blank cell never clears. A
	// custom value of which coercion leaves nothing (a multiselect's
	// separators alone, ",") is blank too.
	KeepOnBlank bool
	// Limits bound the names, the other text fields and the text custom
	// values; the zero Limits is DefaultLimits.
	Limits Limits
	// EmailPolicy says which email addresses are accepted, in the email
	// field and in custom fields of type email; the zero value is
	// EmailInternational.
	EmailPolicy EmailPolicy
	// Required lists the standard fields the contact must have a value
	// for, by the names of the Field constants (one of Requirable, e.g.
	// FieldPhone for a workspace that sends text messages); nil requires
	// none. See Contact.CheckRequired.
	Required []string
	// HiddenOptions accepts a hidden option of a select or multiselect
	// named by its value, as an import reading back an export does (see
	// field.CoerceOptions.HiddenOptions).
	HiddenOptions bool
	// DateOrder reads the birth date and custom date values as
	// field.ParseDateIn does in that order: with DayFirst or MonthFirst,
	// as an import reads files ("04/12/1990", "12 April 1990"); the zero
	// value reads ISO 8601 dates only.
	DateOrder field.DateOrder
	// Location reads a custom date and time value without an offset as a
	// time of that location (see field.CoerceOptions.Location); nil
	// refuses it.
	Location *time.Location
}

// CoerceOptions returns the options Apply coerces custom values with: a
// raw value that Definition.CoerceWith accepts with them is one Apply
// accepts for that field.
func (o ApplyOptions) CoerceOptions() field.CoerceOptions {
	region := o.DefaultRegion
	if o.fallbackRegion != "" {
		// Within Apply: a custom field's phone is read in the region the
		// caller gave, not in the contact's country.
		region = o.fallbackRegion
	}
	return field.CoerceOptions{
		DefaultRegion: region,
		Limits:        o.Limits.WithDefaults().Fields,
		ASCIIEmail:    o.EmailPolicy == EmailASCII,
		HiddenOptions: o.HiddenOptions,
		DateOrder:     o.DateOrder,
		Location:      o.Location,
	}
}

// Apply parses every value of p, applies them to c and validates the result
// with Contact.Validate and Contact.CheckRequired (opts.Required). Every
// problem is reported at once: the error joins a *ParseError per bad
// standard field, a *RequiredError per missing required one, a
// *field.Error per bad custom value and the errors of Validate, and c is
// left unchanged. On success c holds the new values; its Country is
// derived from its Phone when unset.
func (p *Patch) Apply(c *Contact, opts ApplyOptions) error {
	if c == nil {
		return fmt.Errorf("%w: apply a patch to a nil contact", ErrInvalid)
	}
	if p == nil {
		p = &Patch{}
	}
	// Phones are read in the contact's country, else in the default
	// region (C2; see ParsePhoneIn).
	opts.fallbackRegion = opts.DefaultRegion
	opts.DefaultRegion = p.PhoneRegion(c, opts.DefaultRegion, opts.KeepOnBlank)
	next := c.Clone()
	lim := opts.Limits.WithDefaults()
	var errs []error
	// phoneRegion is the region of a phone parsed here, found on the way.
	var phoneRegion string
	text := func(dst *string, name string, v *string, max int) {
		if v == nil || (opts.KeepOnBlank && blank(*v)) {
			return
		}
		if len(*v) > maxTextInput(max) {
			// Not even normalised: refused in time bounded by the limit.
			errs = append(errs, &ParseError{Field: name, Input: *v, Err: tooLong(len(*v), true, max)})
			return
		}
		s := NormalizeName(*v)
		if s == "" && opts.KeepOnBlank {
			return // only characters that names drop ("\x00"): blank too
		}
		if err := CheckLen(name, s, max); err != nil {
			err.(*ParseError).Input = *v
			errs = append(errs, err)
			return
		}
		*dst = s
	}
	text(&next.FirstName, FieldFirstName, p.FirstName, lim.Name)
	text(&next.LastName, FieldLastName, p.LastName, lim.Name)
	text(&next.Alias, FieldAlias, p.Alias, lim.Name)
	text(&next.City, FieldCity, p.City, lim.Text)
	text(&next.State, FieldState, p.State, lim.Text)
	text(&next.Company, FieldCompany, p.Company, lim.Text)
	text(&next.JobTitle, FieldJobTitle, p.JobTitle, lim.Text)

	if v, ok := p.value(p.Email, opts); ok {
		next.Email, errs = parseInto(v, func(s string) (Email, error) {
			e, _, err := opts.EmailPolicy.ParseEmailInput(s)
			return e, err
		}, errs)
	}
	if v, ok := p.value(p.Phone, opts); ok {
		next.Phone, errs = parseInto(v, func(s string) (Phone, error) {
			e164, region, err := opts.parsePhone(s)
			if err != nil {
				return Phone{}, parseError("phone", s, err)
			}
			phoneRegion = geoRegion(region)
			return Phone{e164}, nil
		}, errs)
	}
	errs = p.applyIdentities(&next, opts, errs)
	if v, ok := p.value(p.Country, opts); ok {
		next.Country, errs = parseInto(v, ParseCountry, errs)
	}
	if v, ok := p.value(p.Language, opts); ok {
		next.Language, errs = parseInto(v, ParseLanguage, errs)
	}
	if v, ok := p.value(p.BirthDate, opts); ok {
		next.BirthDate, errs = parseInto(v, func(s string) (field.Date, error) {
			d, err := field.ParseDateIn(s, opts.DateOrder)
			if err != nil {
				return d, &ParseError{Field: FieldBirthDate, Input: s, Err: err}
			}
			return d, nil
		}, errs)
	}
	if p.Assignee != nil && !(opts.KeepOnBlank && blank(string(*p.Assignee))) {
		switch err := CheckUserID(FieldAssignee, *p.Assignee); {
		case blank(string(*p.Assignee)):
			next.Assignee = "" // white space names no user: it clears, as "" does
		case err != nil:
			errs = append(errs, err)
		default:
			next.Assignee = *p.Assignee
		}
	}
	fieldErrs, failedKeys := p.applyFields(&next, opts)
	errs = append(errs, fieldErrs...)

	if next.Country.IsZero() && !next.Phone.IsZero() {
		if phoneRegion == "" {
			// The phone was not parsed here: it is the contact's own.
			phoneRegion = next.Phone.Region()
		}
		if r := phoneRegion; r != "" {
			if country, err := ParseCountry(r); err == nil {
				next.Country = country
			}
		}
	}
	// Report the rules that span fields too, but not twice: a field
	// whose input failed to parse is not also reported missing, and a
	// contact is not reported without identity when one of its identifying
	// fields failed to parse.
	identityFailed := false
	parseFailed := make(map[string]bool)
	for _, err := range errs {
		if pe, ok := errors.AsType[*ParseError](err); ok {
			parseFailed[pe.Field] = true
			identityFailed = identityFailed || identityFields[pe.Field]
		}
	}
	errs = append(errs, next.missing(opts.Required, parseFailed)...)
	for _, err := range next.problems(opts.Defs) {
		if fe, ok := errors.AsType[*field.Error](err); ok && failedKeys[fe.Key] {
			continue
		}
		if identityFailed && errors.Is(err, ErrNoIdentity) {
			continue
		}
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	*c = next
	return nil
}

// identityFields are the fields that identify a contact (see ErrNoIdentity).
var identityFields = map[string]bool{FieldFirstName: true, FieldLastName: true, FieldAlias: true, FieldEmail: true, FieldPhone: true}

// value returns the raw value of v, without invisible characters (a byte
// order mark or a zero-width space pasted with it) and trimmed, and whether
// it is to be applied.
func (p *Patch) value(v *string, opts ApplyOptions) (string, bool) {
	if v == nil {
		return "", false
	}
	s := strings.TrimSpace(inputtext.StripInvisible(*v))
	if s == "" && opts.KeepOnBlank {
		return "", false
	}
	return s, true
}

// parsePhone parses s in the region of the contact, DefaultRegion as Apply
// sets it, or else in the default region the caller gave (see
// ParsePhoneIn): its E.164 form and region.
func (o *ApplyOptions) parsePhone(s string) (e164, region string, err error) {
	return parseIn(s, o.DefaultRegion, o.fallbackRegion)
}

// PhoneRegion returns the region the phones of p are read in when p is
// applied to contact c (nil for a new one), as rule C2 says: the country p
// sets, else c's country, else defaultRegion. A country that is no region
// of the phone metadata counts as none. keepOnBlank is Apply's: with it, a
// blank country in p sets nothing.
func (p *Patch) PhoneRegion(c *Contact, defaultRegion string, keepOnBlank bool) string {
	if p == nil {
		p = &Patch{}
	}
	if v, ok := p.value(p.Country, ApplyOptions{KeepOnBlank: keepOnBlank}); ok {
		if ct, err := ParseCountry(v); err == nil && phonenum.Supported(ct.String()) {
			return ct.String()
		}
		return defaultRegion // a country cleared, or one that does not read
	}
	if c != nil && !c.Country.IsZero() && phonenum.Supported(c.Country.String()) {
		return c.Country.String()
	}
	return defaultRegion
}

// blank reports whether s holds nothing but white space and invisible
// characters: a value that clears its field, or that KeepOnBlank skips.
func blank(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || inputtext.Invisible(r) }) == ""
}

// parseInto parses a non-empty s with parse; an empty s gives the zero T
// (the field is cleared). A parse error is appended to errs.
func parseInto[T any](s string, parse func(string) (T, error), errs []error) (T, []error) {
	var zero T
	if s == "" {
		return zero, errs
	}
	v, err := parse(s)
	if err != nil {
		return zero, append(errs, err)
	}
	return v, errs
}

// maxBadFieldKeys is the most bad or unknown keys of custom fields of one
// patch that are named in its problems: past them, one problem says how
// many more there are.
const maxBadFieldKeys = 100

// applyFields coerces the custom values of p into next. It returns the
// problems and the keys whose input failed.
func (p *Patch) applyFields(next *Contact, opts ApplyOptions) ([]error, map[field.Key]bool) {
	if len(p.Fields) == 0 {
		return nil, nil
	}
	var (
		errs   []error
		failed map[field.Key]bool // made on the first failure
	)
	if next.Fields == nil {
		next.Fields = make(map[field.Key]field.Value, len(p.Fields))
	}
	// Sorted in a buffer on the stack for the usual few fields.
	raws := make([]string, 0, 8)
	for raw := range p.Fields {
		raws = append(raws, raw)
	}
	slices.Sort(raws)
	badKeys := 0
	for _, raw := range raws {
		in := p.Fields[raw]
		// The key is checked even for a blank value that KeepOnBlank
		// skips: a misspelt key is an error whether or not the contact
		// exists (F3).
		k, err := field.ParseKey(raw)
		var def field.Definition
		ok := false
		if err == nil {
			def, ok = findDef(opts.Defs, k)
		}
		if !ok {
			// Past maxBadFieldKeys, counted only: the patch is refused,
			// and the error stops growing. The good keys still apply, so
			// that a required field the patch gives is not reported
			// missing.
			if badKeys++; badKeys > maxBadFieldKeys {
				continue
			}
			if err != nil {
				errs = append(errs, &field.Error{Input: raw, Err: err})
			} else {
				errs = append(errs, &field.Error{Key: k, Input: in, Err: field.ErrUnknownField})
			}
			continue
		}
		if opts.KeepOnBlank && blank(in) {
			continue
		}
		co := opts.CoerceOptions()
		co.Held = next.Fields[k]
		v, err := def.CoerceWith(in, co)
		if err != nil {
			errs = append(errs, err)
			if failed == nil {
				failed = make(map[field.Key]bool)
			}
			failed[k] = true
			continue
		}
		switch {
		case v.IsZero() && opts.KeepOnBlank:
			// Nothing of in is left (a multiselect's separators alone):
			// as blank as an empty value, which never clears.
		case v.IsZero():
			delete(next.Fields, k)
		default:
			next.Fields[k] = v
		}
	}
	if more := badKeys - maxBadFieldKeys; more > 0 {
		errs = append(errs, &field.Error{Err: fmt.Errorf("%w: %d more unknown or malformed keys of the %d fields given", field.ErrUnknownField, more, len(raws))})
	}
	if len(next.Fields) == 0 {
		next.Fields = nil
	}
	return errs, failed
}

// maxTextInput is the longest raw input of a text field of at most max
// characters that is normalised at all, in bytes: a character may come from
// several code points (a base and combining marks) and be surrounded by
// white space and invisible characters, but not from 16 bytes of them.
func maxTextInput(max int) int { return 16*max + 1024 }

func findDef(defs []field.Definition, k field.Key) (field.Definition, bool) {
	for _, d := range defs {
		if d.Key == k {
			return d, true
		}
	}
	return field.Definition{}, false
}
