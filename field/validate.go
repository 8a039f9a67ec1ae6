package field

import (
	"cmp"
	"errors"
	"slices"
)

// Validate checks a contact's custom values against the definitions of its
// workspace and reports every problem at once, joined with errors.Join
// in key order:
//
//   - a value whose key has no definition: *Error wrapping ErrUnknownField;
//   - a value that does not fit its definition (CheckValue): *Error wrapping
//     ErrInvalidValue, e.g. a wrong type or a select value that is not an
//     option (hidden options are fine);
//   - a required definition that is not archived without a value (a zero
//     Value counts as none): *Error wrapping ErrRequired;
//   - two definitions with one key: *DefinitionError wrapping
//     ErrInvalidDefinition.
//
// It returns nil when all is well. It does not validate the definitions
// themselves (Definition.Validate does).
func Validate(defs []Definition, values map[Key]Value) error {
	if len(defs) <= smallDefs && validSmall(defs, values) {
		return nil
	}
	return validate(defs, values)
}

// validate is Validate without its fast path.
func validate(defs []Definition, values map[Key]Value) error {
	byKey := make(map[Key]int, len(defs))
	keys := make([]Key, 0, len(defs)+len(values))
	dups := make(map[Key]bool)
	for i, d := range defs {
		if _, ok := byKey[d.Key]; ok {
			dups[d.Key] = true
			continue
		}
		byKey[d.Key] = i
		keys = append(keys, d.Key)
	}
	for k := range values {
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b Key) int { return cmp.Compare(a.s, b.s) })

	var errs []error
	for _, k := range keys {
		if dups[k] {
			errs = append(errs, &DefinitionError{Key: k, Property: "key", Err: invalidDef("two definitions have this key")})
		}
		i, ok := byKey[k]
		if !ok {
			errs = append(errs, &Error{Key: k, Input: values[k].String(), Err: ErrUnknownField})
			continue
		}
		if err := defs[i].CheckValue(values[k]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// smallDefs is the number of definitions up to which Validate first checks
// the values without the maps and the sort that order its errors: a
// contact is checked against the few definitions a change needs (those of
// its values and the required ones) on every write, and is most often
// valid.
const smallDefs = 16

// validSmall reports whether Validate finds no problem, by a pass over
// defs (quadratic in their number, for the duplicates).
func validSmall(defs []Definition, values map[Key]Value) bool {
	defined := 0
	for i, d := range defs {
		for _, e := range defs[:i] {
			if e.Key == d.Key {
				return false
			}
		}
		v, ok := values[d.Key]
		if ok {
			defined++
		}
		if d.CheckValue(v) != nil {
			return false
		}
	}
	// The keys of defs are distinct: every value has a definition when
	// as many of them were found.
	return defined == len(values)
}
