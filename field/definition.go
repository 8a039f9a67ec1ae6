package field

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits of definitions.
const (
	maxLabelLen       = 255  // label, group, placeholder, option value and label
	maxDescriptionLen = 2000 // description
	maxOptions        = 1000 // options of one definition
)

// Option is a choice of a select or multiselect field. Value is what a
// contact's value holds and what Coerce matches; Label is what users see
// (empty means Value). A hidden option cannot be chosen any more, but the
// values that hold it stay valid: options are hidden, never deleted.
type Option struct {
	Value  string
	Label  string
	Hidden bool
}

// Definition defines a custom field of a workspace. The store scopes it
// to its workspace and keeps Version (optimistic concurrency), CreatedAt and
// UpdatedAt.
type Definition struct {
	Key         Key    // immutable
	Label       string // shown to users; required
	Type        Type   // immutable through a plain update (see CheckUpdate)
	Group       string // optional section the field is shown in
	Placeholder string // optional input hint
	Description string // optional help text
	Required    bool   // every contact must have a value, unless archived
	Position    int    // display order within the group, ascending; 0 or more
	Options     []Option
	// ArchivedAt is when the definition was archived; zero while it is in
	// use. An archived definition is hidden from listings, imports and
	// required checks, its values stay on the contacts that hold them, and
	// new values are refused (ErrArchived). See Archived.
	ArchivedAt time.Time
	Version    int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Archived reports whether d is archived (ArchivedAt is set).
func (d Definition) Archived() bool { return !d.ArchivedAt.IsZero() }

// Requires reports whether every contact must have a value of d: d is
// Required and not archived.
func (d Definition) Requires() bool { return d.Required && !d.Archived() }

// Validate checks the rules of a definition and reports every broken one at
// once, as *DefinitionError values joined with errors.Join (each wrapping
// ErrInvalidDefinition):
//
//   - Key is set (ParseKey made it, so it is a slug);
//   - Label is not blank; Label, Group and Placeholder are at most 255
//     characters and Description 2000, all valid UTF-8 without control
//     characters (Description may hold line breaks and tabs);
//   - Type is valid (the error also wraps ErrInvalidType);
//   - Position is not negative;
//   - select and multiselect have from 1 to 1000 options, the other types
//     none;
//   - option values are not empty, trimmed, NFC, without control characters,
//     at most 255 characters, unique ignoring case (Coerce matches them
//     ignoring case); a multiselect's also contain no ',' or ';', which
//     separate options in its text form;
//   - option labels are at most 255 characters without control characters.
//
// A text over its limit (characters are code points, counted as given)
// also wraps ErrTooLong.
func (d Definition) Validate() error { return errors.Join(d.problems()...) }

func (d Definition) problems() []error {
	var errs []error
	add := func(prop string, err error) {
		errs = append(errs, &DefinitionError{Key: d.Key, Property: prop, Err: err})
	}
	if d.Key.IsZero() {
		add("key", fmt.Errorf("%w: %w: missing", ErrInvalidDefinition, ErrInvalidKey))
	}
	if strings.TrimSpace(d.Label) == "" {
		add("label", invalidDef("blank"))
	} else if err := textProblem(d.Label, maxLabelLen, false); err != nil {
		add("label", err)
	}
	if err := textProblem(d.Group, maxLabelLen, false); err != nil {
		add("group", err)
	}
	if err := textProblem(d.Placeholder, maxLabelLen, false); err != nil {
		add("placeholder", err)
	}
	if err := textProblem(d.Description, maxDescriptionLen, true); err != nil {
		add("description", err)
	}
	if !d.Type.Valid() {
		add("type", fmt.Errorf("%w: %w %q", ErrInvalidDefinition, ErrInvalidType, clip(string(d.Type))))
	}
	if d.Position < 0 {
		add("position", invalidDef("negative"))
	}
	switch {
	case !d.Type.Valid():
		// Options cannot be judged without a type.
	case !d.Type.HasOptions():
		if len(d.Options) > 0 {
			add("options", invalidDef("only select and multiselect fields have options"))
		}
	case len(d.Options) == 0:
		add("options", invalidDef("a %s field needs at least one option", d.Type))
	case len(d.Options) > maxOptions:
		add("options", invalidDef("more than %d options", maxOptions))
	default:
		seen := make(map[string]int, len(d.Options)) // the first option of each value, by foldKey
		for i, o := range d.Options {
			prop := fmt.Sprintf("options[%d]", i)
			problem := optionValueProblem(o.Value)
			if problem == nil && d.Type == TypeMultiselect && strings.ContainsFunc(o.Value, isMultiSep) {
				problem = errors.New("contains a comma or a semicolon, which separate the options of a multiselect")
			}
			key := foldKey(o.Value)
			j, dup := seen[key]
			if !dup {
				seen[key] = i
			}
			switch {
			case problem != nil:
				add(prop+".value", invalidDef("%q %w", clip(o.Value), problem))
			case dup:
				add(prop+".value", invalidDef("%q is already options[%d]", clip(o.Value), j))
			}
			if err := textProblem(o.Label, maxLabelLen, false); err != nil {
				add(prop+".label", err)
			}
		}
	}
	return errs
}

// textProblem says what is wrong with a definition's text attribute: a
// reason wrapping ErrInvalidDefinition (and ErrTooLong for a text over
// limit), or nil.
func textProblem(s string, limit int, multiline bool) error {
	if !utf8.ValidString(s) {
		return invalidDef("not valid UTF-8")
	}
	if n := runeLen(s); n > limit {
		return invalidDef("%w: %d characters, at most %d", ErrTooLong, n, limit)
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			return invalidDef("control character %U", r)
		}
	}
	return nil
}

// optionValueProblem says what is wrong with an option value (wrapping
// ErrTooLong for one over the limit), or nil.
func optionValueProblem(v string) error {
	switch {
	case v == "":
		return errors.New("is empty")
	case !utf8.ValidString(v):
		return errors.New("is not valid UTF-8")
	case strings.TrimSpace(v) != v:
		return errors.New("has leading or trailing space")
	case runeLen(v) > maxLabelLen:
		return fmt.Errorf("is %w: at most %d characters", ErrTooLong, maxLabelLen)
	case strings.ContainsFunc(v, unicode.IsControl):
		return errors.New("contains a control character")
	case !norm.NFC.IsNormalString(v):
		return errors.New("is not in Unicode NFC")
	}
	return nil
}

// CheckUpdate reports whether next may replace d through a plain update,
// with every problem at once (errors.Join of *DefinitionError):
//
//   - the key cannot change (ErrKeyChange);
//   - the type cannot change (ErrTypeChange): a type change converts the
//     stored values, which first reports those that would not convert (see
//     CheckTypeChange and Convert);
//   - no option of d may be missing from next, compared by exact value
//     (ErrOptionRemoved): options are hidden, never deleted, so that stored
//     values stay valid; renaming an option's value counts as removing it,
//     while its label may change;
//   - next must pass Validate.
//
// Label, group, placeholder, description, required, position, new options,
// option order and hiding are free to change.
func (d Definition) CheckUpdate(next Definition) error {
	var typeErr error
	if next.Type != d.Type {
		typeErr = fmt.Errorf("%w: %s to %s", ErrTypeChange, d.Type, clip(string(next.Type)))
	}
	return d.checkChange(next, typeErr)
}

// CheckTypeChange reports whether next may replace d through a type change:
// as CheckUpdate, except that next.Type must differ from d.Type (a
// *DefinitionError wrapping ErrInvalidDefinition when it does not: that is
// a plain update). When both types have options, no option of d may be
// missing from next (ErrOptionRemoved). The stored values are then
// converted with next.Convert.
func (d Definition) CheckTypeChange(next Definition) error {
	var typeErr error
	if next.Type == d.Type {
		typeErr = invalidDef("type %s is unchanged: a plain update changes the rest", d.Type)
	}
	return d.checkChange(next, typeErr)
}

// checkChange reports what forbids next to replace d, in a fixed order: a
// new key, typeErr (the problem with the type, if any), a removed option
// when both types have options, and the rules of Validate.
func (d Definition) checkChange(next Definition, typeErr error) error {
	var errs []error
	if next.Key != d.Key {
		errs = append(errs, &DefinitionError{Key: d.Key, Property: "key",
			Err: fmt.Errorf("%w: %q to %q", ErrKeyChange, d.Key, next.Key)})
	}
	if typeErr != nil {
		errs = append(errs, &DefinitionError{Key: d.Key, Property: "type", Err: typeErr})
	}
	if d.Type.HasOptions() && next.Type.HasOptions() {
		for i, o := range d.Options {
			if !hasOption(next.Options, o.Value) {
				errs = append(errs, &DefinitionError{Key: d.Key, Property: fmt.Sprintf("options[%d]", i),
					Err: fmt.Errorf("%w: %q", ErrOptionRemoved, clip(o.Value))})
			}
		}
	}
	return errors.Join(append(errs, next.problems()...)...)
}

func hasOption(opts []Option, value string) bool {
	for _, o := range opts {
		if o.Value == value {
			return true
		}
	}
	return false
}
