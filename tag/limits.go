package tag

import (
	"errors"
	"strconv"
	"strings"
)

// Default limits on tags. A host that needs more sets its own
// Limits.
const (
	// MaxPerContact is the default greatest number of tags on one contact.
	MaxPerContact = 100
	// MaxPerCall is the default greatest number of names in one call's typed
	// input (all strings of one Limits.Parse together), duplicates
	// included; blank parts (" , ,") do not count.
	MaxPerCall = 100
	// MaxInputLen is the default greatest length in bytes of one call's
	// typed input (all strings of one Limits.Parse together): room for
	// MaxPerCall names of MaxNameLength four-byte characters and their
	// separators.
	MaxInputLen = 64 << 10
)

// ErrTooMany is wrapped by the *LimitError of an input or a set over one of
// the Limits.
var ErrTooMany = errors.New("too many tags")

// The limits a *LimitError may name.
const (
	LimitPerContact = "tags per contact"
	LimitPerCall    = "tags in one call"
	LimitInputLen   = "bytes of tag input"
)

// LimitError reports input or a set over one of the Limits. It wraps
// ErrTooMany.
type LimitError struct {
	Limit string // LimitPerContact, LimitPerCall or LimitInputLen
	Max   int    // the limit
	Got   int    // how many there were (or would have been)
}

// Error returns the message, like "tag: 10000 tags in one call, at most 100".
func (e *LimitError) Error() string {
	return "tag: " + strconv.Itoa(e.Got) + " " + e.Limit + ", at most " + strconv.Itoa(e.Max)
}

// Unwrap returns ErrTooMany.
func (e *LimitError) Unwrap() error { return ErrTooMany }

// Limits bound what one call may do with tags. A zero field means
// its default: MaxPerContact, MaxPerCall, MaxInputLen. Hosts pass their own
// Limits where they need more (the Service takes them from its Options).
type Limits struct {
	PerContact int // tags on one contact; see Set.AddWithin
	PerCall    int // names in one call's typed input
	InputLen   int // bytes of one call's typed input
}

// DefaultLimits spells out the default limits, for reading. The package
// never reads it: the zero Limits and every zero field mean the defaults,
// so changing DefaultLimits changes nothing.
var DefaultLimits = Limits{PerContact: MaxPerContact, PerCall: MaxPerCall, InputLen: MaxInputLen}

// WithDefaults returns l with every zero or negative field set to its
// default.
func (l Limits) WithDefaults() Limits {
	if l.PerContact <= 0 {
		l.PerContact = MaxPerContact
	}
	if l.PerCall <= 0 {
		l.PerCall = MaxPerCall
	}
	if l.InputLen <= 0 {
		l.InputLen = MaxInputLen
	}
	return l
}

// Parse reads the typed tag input of one call, each string as Parse reads
// it, and removes duplicates by Key across all of them, keeping the first
// spelling. Before it parses any name, it refuses the whole input with a
// *LimitError when the strings hold more than l.InputLen bytes together or
// more than l.PerCall non-blank parts: a refused input costs one pass over
// its bytes at most, and nothing when it is too long.
//
// Otherwise it returns what Parse returns: the valid names, and the
// *ParseError of each invalid part, joined.
func (l Limits) Parse(input ...string) ([]Name, error) {
	l = l.WithDefaults()
	size := 0
	for _, s := range input {
		size += len(s)
	}
	if size > l.InputLen {
		return nil, &LimitError{Limit: LimitInputLen, Max: l.InputLen, Got: size}
	}
	parts := 0
	for _, s := range input {
		for part := range strings.FieldsFuncSeq(s, isSeparator) {
			if strings.TrimSpace(part) != "" {
				parts++
			}
		}
	}
	if parts > l.PerCall {
		return nil, &LimitError{Limit: LimitPerCall, Max: l.PerCall, Got: parts}
	}
	var (
		names []Name
		errs  []error
	)
	seen := newKeys(nil, parts)
	for _, s := range input {
		for part := range strings.FieldsFuncSeq(s, isSeparator) {
			n, err := ParseName(part)
			if err != nil {
				if !errors.Is(err, ErrEmpty) {
					errs = append(errs, err)
				}
				continue
			}
			if seen.has(n.key) {
				continue
			}
			if names == nil {
				names = make([]Name, 0, parts)
			}
			names = append(names, n)
			seen.add(names, n)
		}
	}
	return names, errors.Join(errs...)
}
