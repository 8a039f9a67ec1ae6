package automation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// Every error of the package quotes at most a short prefix of a bad
// value: a megabyte of input gives a message of a few hundred bytes, not
// a megabyte.
func TestRv22autoErrorsQuoteAShortPrefix(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	valid := func() automation.Automation {
		return automation.Automation{Name: "A", Steps: []automation.Step{{Name: "one"}}, Active: true}
	}
	with := func(change func(*automation.Automation)) func() error {
		return func() error {
			a := valid()
			change(&a)
			return a.Validate()
		}
	}
	for name, call := range map[string]func() error{
		"ParseID": func() error { _, err := automation.ParseID(huge); return err },
		"ParseEnrollmentID": func() error {
			_, err := automation.ParseEnrollmentID(huge)
			return err
		},
		"reentry": with(func(a *automation.Automation) { a.Reentry = automation.Reentry(huge) }),
		"trigger kind": with(func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{{Kind: automation.TriggerKind(huge)}}
		}),
		"tag subject": with(func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{{Kind: automation.TriggerTagAdded, Subject: "A" + huge}}
		}),
		"list subject": with(func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{automation.OnListSubscribed(huge)}
		}),
		"form subject with a control character": with(func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{automation.OnFormSubmitted(huge + "\x00")}
		}),
		"form subject with white space around": with(func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{automation.OnFormSubmitted(" " + huge)}
		}),
		"outcome": func() error {
			a := valid()
			e, err := automation.Enroll(&a, contact.MustParseID("01900000-0000-7000-8000-000000000001"),
				automation.MustParseEnrollmentID("01900000-0000-7000-8000-000000000002"), nil, "", time.Unix(0, 0))
			require.NoError(t, err)
			return e.Pass(automation.Outcome(huge), time.Unix(1, 0))
		},
	} {
		err := call()
		require.Error(t, err, name)
		assert.Less(t, len(err.Error()), 500, "%s: the message quotes a short prefix of the value", name)
	}
}
