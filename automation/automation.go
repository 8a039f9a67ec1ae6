package automation

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// MaxNameLength is the greatest number of characters (Unicode code points)
// of an automation's name and of a step's name.
const MaxNameLength = 255

// Step is one step of an automation. What a step does is the host's
// business; contactkit records only that an enrollment passed it.
type Step struct {
	Name string
}

// Reentry says whether a contact may enter an automation again while an
// earlier entry is still active.
//
// The zero Reentry means ReentryRefuseWhileActive, the safest choice: a
// trigger that fires twice does not run the automation twice at once.
type Reentry string

// The reentry policies.
const (
	// ReentryAllow lets a contact enter again at any time: several
	// enrollments of one contact may be active at once.
	ReentryAllow Reentry = "allow"
	// ReentryRefuseWhileActive refuses a new entry while the contact has an
	// active enrollment; once it has ended or was stopped, the contact may
	// enter again.
	ReentryRefuseWhileActive Reentry = "refuse_while_active"
)

// Valid reports whether r is ReentryAllow, ReentryRefuseWhileActive or the
// zero Reentry (which means ReentryRefuseWhileActive).
func (r Reentry) Valid() bool {
	switch r {
	case "", ReentryAllow, ReentryRefuseWhileActive:
		return true
	}
	return false
}

// Automation is an automation definition: a name, an ordered list of
// steps and the triggers that enrol contacts. The store scopes it to its
// workspace.
//
// An Automation is a value: the store hands out copies, and Clone makes a
// copy that shares nothing with the original.
type Automation struct {
	ID       ID
	Name     string
	Steps    []Step
	Triggers []Trigger
	// Active says whether contacts may enter the automation. An inactive
	// automation is never Triggered, and Enroll refuses it; its running
	// enrollments go on.
	Active  bool
	Reentry Reentry
	// Version is the optimistic-concurrency version, set by the store: 1
	// after Create, incremented by every Update.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Clone returns a deep copy of a: its steps and triggers share nothing with
// a's.
func (a *Automation) Clone() Automation {
	d := *a
	d.Steps = slices.Clone(a.Steps)
	d.Triggers = slices.Clone(a.Triggers)
	return d
}

// Triggered reports whether o enrols contacts into a: a is active and one of
// its triggers matches o.
func (a *Automation) Triggered(o Occurrence) bool {
	if !a.Active {
		return false
	}
	for _, t := range a.Triggers {
		if t.Matches(o) {
			return true
		}
	}
	return false
}

// Validate checks the rules of an automation and reports every broken one at
// once, joined, each a *ValidationError wrapping ErrInvalidAutomation:
//
//   - the name is not blank, is valid UTF-8 and has at most MaxNameLength
//     characters;
//   - there is at least one step, and every step has a name that follows
//     the same rule;
//   - every trigger has a known kind, and a subject only for the kinds that
//     take one, in the form Trigger documents;
//   - the Reentry is valid.
//
// An automation without triggers is valid: contacts enter it only by a
// direct (manual) Enroll.
func (a *Automation) Validate() error {
	var errs []error
	fail := func(property string, err error) {
		errs = append(errs, &ValidationError{Automation: a.ID, Property: property, Err: err})
	}
	if err := checkName(a.Name); err != nil {
		fail("name", err)
	}
	if len(a.Steps) == 0 {
		fail("steps", fmt.Errorf("%w: no step", ErrInvalidAutomation))
	}
	for i, s := range a.Steps {
		if err := checkName(s.Name); err != nil {
			fail(fmt.Sprintf("steps[%d].name", i), err)
		}
	}
	for i, t := range a.Triggers {
		if err := t.problem(); err != nil {
			fail(fmt.Sprintf("triggers[%d]", i), err)
		}
	}
	if !a.Reentry.Valid() {
		fail("reentry", fmt.Errorf("%w: unknown reentry %s", ErrInvalidAutomation, inputtext.Quote(string(a.Reentry))))
	}
	return errors.Join(errs...)
}

func checkName(s string) error {
	switch {
	case !utf8.ValidString(s):
		return fmt.Errorf("%w: invalid UTF-8", ErrInvalidAutomation)
	case strings.TrimSpace(s) == "":
		return fmt.Errorf("%w: empty", ErrInvalidAutomation)
	case utf8.RuneCountInString(s) > MaxNameLength:
		return fmt.Errorf("%w: longer than %d characters", ErrInvalidAutomation, MaxNameLength)
	}
	return nil
}
