package automation_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/automation"
)

// rv22x1Long is a bad value of a megabyte, which an error must not quote
// whole.
var rv22x1Long = strings.Repeat("\x00", 1<<20)

// FINDING (X1): Validate quoted a bad reentry policy, trigger kind or
// trigger subject whole, and Pass a bad outcome: a value of a megabyte
// gave an error of several megabytes (CreateAutomation and PassStep
// returned it). They quote a short prefix now, as every other error does.
func TestRv22x1AutomationErrorsQuoteAPrefix(t *testing.T) {
	for name, change := range map[string]func(a *automation.Automation){
		"reentry": func(a *automation.Automation) { a.Reentry = automation.Reentry(rv22x1Long) },
		"trigger kind": func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{{Kind: automation.TriggerKind(rv22x1Long)}}
		},
		"tag subject": func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{{Kind: automation.TriggerTagAdded, Subject: rv22x1Long}}
		},
		"list subject": func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{{Kind: automation.TriggerListSubscribed, Subject: rv22x1Long}}
		},
		"form subject": func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{{Kind: automation.TriggerFormSubmitted, Subject: rv22x1Long}}
		},
		"form spaces": func(a *automation.Automation) {
			a.Triggers = []automation.Trigger{{Kind: automation.TriggerFormSubmitted, Subject: " " + strings.Repeat("a", 1<<20)}}
		},
	} {
		a := validAutomation()
		change(&a)
		err := a.Validate()
		require.ErrorIs(t, err, automation.ErrInvalidAutomation, name)
		require.Less(t, len(err.Error()), 500, "the error of a bad %s of a megabyte", name)
	}
	e := enrolled(t)
	err := e.Pass(automation.Outcome(rv22x1Long), t0)
	require.ErrorIs(t, err, automation.ErrInvalidOutcome)
	require.Less(t, len(err.Error()), 500, "the error of a bad outcome of a megabyte")
}

// FINDING (X1): the *ParseError of an automation or enrollment ID quoted
// its input whole. It quotes a short prefix now.
func TestRv22x1ParseIDQuotesAPrefix(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	_, err := automation.ParseID(long)
	require.ErrorIs(t, err, automation.ErrInvalidID)
	require.Less(t, len(err.Error()), 200)
	_, err = automation.ParseEnrollmentID(long)
	require.ErrorIs(t, err, automation.ErrInvalidID)
	require.Less(t, len(err.Error()), 200)
}
