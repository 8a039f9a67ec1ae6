package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/list"
)

// A list or an automation created with an ID the host chose is created
// once: the call run again returns what the first run made, another
// content under that ID is refused, and the ID of another workspace's
// record is free in this one (P1).
func TestCreateWithHostIDIsSafeToRetry(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()

	lid := list.MustParseID("0192b3c4-0000-7000-8000-00000000c001")
	in := list.List{ID: lid, Name: "  Offers ", Channel: list.ChannelSMS}
	first, err := e.svc.CreateList(ctx, acc11Owner, in)
	require.NoError(t, err)
	assert.Equal(t, lid, first.ID)
	assert.Equal(t, "Offers", first.Name)
	e.jump(1)
	again, err := e.svc.CreateList(ctx, acc11Owner, in)
	require.NoError(t, err, "a retry")
	assert.Equal(t, first, again)
	_, err = e.svc.CreateList(ctx, acc11Owner, list.List{ID: lid, Name: "Offers", Channel: list.ChannelEmail})
	assert.ErrorIs(t, err, contactkit.ErrAlreadyExists)
	_, err = e.svc.CreateList(ctx, acc11Owner, list.List{ID: lid, Name: ""})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput, "the input is checked first")
	other, err := e.svc.CreateList(ctx, acc11Other, in)
	require.NoError(t, err)
	assert.Equal(t, lid, other.ID)
	n := 0
	for l, err := range e.svc.Lists(ctx, acc11Owner) {
		require.NoError(t, err)
		assert.Equal(t, first, l)
		n++
	}
	assert.Equal(t, 1, n)

	aid := automation.MustParseID("0192b3c4-0000-7000-8000-00000000c002")
	au := automation.Automation{ID: aid, Name: "Welcome", Steps: []automation.Step{{Name: "mail"}},
		Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}, Active: true}
	made, err := e.svc.CreateAutomation(ctx, acc11Owner, au)
	require.NoError(t, err)
	assert.Equal(t, aid, made.ID)
	again2, err := e.svc.CreateAutomation(ctx, acc11Owner, au)
	require.NoError(t, err, "a retry")
	assert.Equal(t, made, again2)
	changed := au.Clone()
	changed.Steps = append(changed.Steps, automation.Step{Name: "sms"})
	_, err = e.svc.CreateAutomation(ctx, acc11Owner, changed)
	assert.ErrorIs(t, err, contactkit.ErrAlreadyExists)
	_, err = e.svc.CreateAutomation(ctx, acc11Other, au)
	require.NoError(t, err)
}

// A list or an automation read back and passed to the creating call again
// (a Version above 0) is copied under a new ID, as before host IDs.
func TestCreateFromARecordReadBackCopiesIt(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	l, err := e.svc.CreateList(ctx, acc11Owner, list.List{Name: "Offers"})
	require.NoError(t, err)
	cp, err := e.svc.CreateList(ctx, acc11Owner, l)
	require.NoError(t, err)
	assert.NotEqual(t, l.ID, cp.ID)
	assert.Equal(t, int64(1), cp.Version)
	au, err := e.svc.CreateAutomation(ctx, acc11Owner, automation.Automation{Name: "Welcome", Steps: []automation.Step{{Name: "mail"}}})
	require.NoError(t, err)
	cp2, err := e.svc.CreateAutomation(ctx, acc11Owner, au)
	require.NoError(t, err)
	assert.NotEqual(t, au.ID, cp2.ID)
}
