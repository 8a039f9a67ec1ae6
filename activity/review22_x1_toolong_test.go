package activity_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
)

// FINDING (X1): a title or a body over its limit was refused with an error
// that said so only in its text: a caller could not tell "longer than 255
// characters" from "a task needs a title" or "invalid UTF-8" but by
// comparing messages. It wraps contact.ErrTooLong now, as a name, a note
// or a custom value over its limit does; the message stays short.
func TestRv22x1ActivityTooLongIsTyped(t *testing.T) {
	long := task(1, strings.Repeat("é", activity.MaxTitleLength+1), "")
	big := note(2, strings.Repeat("a", activity.MaxBodyBytes+1))
	for name, a := range map[string]activity.Activity{"title": long, "body": big} {
		err := a.Validate()
		require.ErrorIs(t, err, contact.ErrTooLong, "a %s over its limit", name)
		require.ErrorIs(t, err, activity.ErrInvalidActivity)
		ve, ok := errors.AsType[*activity.ValidationError](err)
		require.True(t, ok, "a *activity.ValidationError")
		require.Equal(t, name, ve.Property)
		require.Less(t, len(err.Error()), 200, "the message of a %s over its limit", name)
	}
	for _, title := range []string{"", " ", "a\xffb"} {
		a := task(3, title, "")
		err := a.Validate()
		require.Error(t, err)
		require.NotErrorIs(t, err, contact.ErrTooLong, "the title %+q is not too long", title)
	}
}
