package automation_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/tag"
)

const (
	automationID = "0190a000-0000-7000-8000-000000000001"
	listID       = "0190a000-0000-7000-8000-0000000000f1"
)

func validAutomation() automation.Automation {
	return automation.Automation{
		ID:       automation.MustParseID(automationID),
		Name:     "Onboarding",
		Steps:    []automation.Step{{Name: "Welcome"}, {Name: "Call"}, {Name: "Offer"}},
		Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)},
		Active:   true,
	}
}

func TestIDs(t *testing.T) {
	id, err := automation.ParseID(automationID)
	require.NoError(t, err)
	assert.Equal(t, automationID, id.String())
	assert.False(t, id.IsZero())
	assert.True(t, automation.ID{}.IsZero())
	assert.Equal(t, 1, id.Compare(automation.ID{}))
	assert.Equal(t, 0, id.Compare(id))

	b, err := json.Marshal(map[string]automation.ID{"id": id})
	require.NoError(t, err)
	var back map[string]automation.ID
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, id, back["id"])

	eid, err := automation.ParseEnrollmentID(automationID)
	require.NoError(t, err)
	assert.Equal(t, automationID, eid.String())
	assert.True(t, automation.EnrollmentID{}.IsZero())
	assert.Equal(t, -1, automation.EnrollmentID{}.Compare(eid))
	text, err := eid.MarshalText()
	require.NoError(t, err)
	var eback automation.EnrollmentID
	require.NoError(t, eback.UnmarshalText(text))
	assert.Equal(t, eid, eback)

	for _, in := range []string{"", "nope", automationID + "0"} {
		_, err := automation.ParseID(in)
		assert.ErrorIs(t, err, automation.ErrInvalidID, "ParseID(%q)", in)
		pe, ok := errors.AsType[*automation.ParseError](err)
		require.True(t, ok, "ParseID(%q) error type", in)
		assert.Equal(t, in, pe.Input)
		_, err = automation.ParseEnrollmentID(in)
		assert.ErrorIs(t, err, automation.ErrInvalidID, "ParseEnrollmentID(%q)", in)
		var bad automation.ID
		assert.ErrorIs(t, bad.UnmarshalText([]byte(in)), automation.ErrInvalidID)
	}
	assert.Panics(t, func() { automation.MustParseID("x") })
	assert.Panics(t, func() { automation.MustParseEnrollmentID("x") })
}

func TestTriggerKindValid(t *testing.T) {
	for _, k := range []automation.TriggerKind{
		automation.TriggerContactCreated, automation.TriggerTagAdded, automation.TriggerListSubscribed,
		automation.TriggerNoteAdded, automation.TriggerTaskCreated, automation.TriggerTaskCompleted,
		automation.TriggerFormSubmitted, automation.TriggerManual,
	} {
		assert.True(t, k.Valid(), "%q", k)
	}
	assert.False(t, automation.TriggerKind("").Valid())
	assert.False(t, automation.TriggerKind("Tag_Added").Valid())
	assert.Equal(t, automation.TriggerKind("tag_added"), automation.TriggerTagAdded)
}

func TestTriggerMatches(t *testing.T) {
	vip := tag.MustParseName("VIP")
	tests := []struct {
		name    string
		trigger automation.Trigger
		occ     automation.Occurrence
		want    bool
	}{
		{"kind only", automation.On(automation.TriggerContactCreated), automation.Occurrence{Kind: automation.TriggerContactCreated}, true},
		{"other kind", automation.On(automation.TriggerContactCreated), automation.Occurrence{Kind: automation.TriggerNoteAdded}, false},
		{"tag any spelling", automation.OnTagAdded(vip), automation.TagAdded(tag.MustParseName("vip")), true},
		{"other tag", automation.OnTagAdded(vip), automation.TagAdded(tag.MustParseName("lead")), false},
		{"any tag", automation.On(automation.TriggerTagAdded), automation.TagAdded(tag.MustParseName("lead")), true},
		{"zero tag name is any tag", automation.OnTagAdded(tag.Name{}), automation.TagAdded(vip), true},
		{"tag subject, list occurrence", automation.OnTagAdded(vip), automation.ListSubscribed("vip"), false},
		{"list", automation.OnListSubscribed(listID), automation.ListSubscribed(listID), true},
		{"other list", automation.OnListSubscribed(listID), automation.ListSubscribed(automationID), false},
		{"any list", automation.OnListSubscribed(""), automation.ListSubscribed(listID), true},
		{"form", automation.OnFormSubmitted("contact-us"), automation.FormSubmitted("contact-us"), true},
		{"form is byte for byte", automation.OnFormSubmitted("contact-us"), automation.FormSubmitted("Contact-Us"), false},
		{"any form", automation.OnFormSubmitted(""), automation.FormSubmitted("newsletter"), true},
		{"manual", automation.On(automation.TriggerManual), automation.Occurrence{Kind: automation.TriggerManual}, true},
		{"task completed is not created", automation.On(automation.TriggerTaskCreated), automation.Occurrence{Kind: automation.TriggerTaskCompleted}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.trigger.Matches(tt.occ))
		})
	}
}

func TestTriggerValid(t *testing.T) {
	tests := []struct {
		name    string
		trigger automation.Trigger
		want    bool
	}{
		{"kind", automation.On(automation.TriggerNoteAdded), true},
		{"unknown kind", automation.On("birthday"), false},
		{"zero", automation.Trigger{}, false},
		{"tag key", automation.OnTagAdded(tag.MustParseName("Straße Café")), true},
		{"tag spelling not key", automation.Trigger{Kind: automation.TriggerTagAdded, Subject: "VIP"}, false},
		{"tag with comma", automation.Trigger{Kind: automation.TriggerTagAdded, Subject: "a,b"}, false},
		{"list", automation.OnListSubscribed(listID), true},
		{"list not canonical", automation.OnListSubscribed(strings.ToUpper(listID)), false},
		{"list not an ID", automation.OnListSubscribed("newsletter"), false},
		{"form", automation.OnFormSubmitted("Contact us"), true},
		{"form padded", automation.OnFormSubmitted(" contact"), false},
		{"form control", automation.OnFormSubmitted("a\nb"), false},
		{"form too long", automation.OnFormSubmitted(strings.Repeat("é", automation.MaxSubjectLength+1)), false},
		{"form longest", automation.OnFormSubmitted(strings.Repeat("é", automation.MaxSubjectLength)), true},
		{"form invalid UTF-8", automation.OnFormSubmitted("a\xffb"), false},
		{"subject on a kind without one", automation.Trigger{Kind: automation.TriggerContactCreated, Subject: "x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.trigger.Valid())
		})
	}
}

func TestOnTagAddedValidForParsedNames(t *testing.T) {
	for _, s := range []string{"VIP", "Straße", "Cafe\u0301", "ǰ", "İstanbul", "ΣΊΣΥΦΟΣ", "ﬁnance", "Ⅻ", "ǅ"} {
		n, err := tag.ParseName(s)
		require.NoError(t, err, s)
		assert.True(t, automation.OnTagAdded(n).Valid(), "OnTagAdded(%q) with key %q", s, n.Key())
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(a *automation.Automation)
		properties []string
	}{
		{"valid", func(*automation.Automation) {}, nil},
		{"no triggers is valid", func(a *automation.Automation) { a.Triggers = nil }, nil},
		{"reentry allow", func(a *automation.Automation) { a.Reentry = automation.ReentryAllow }, nil},
		{"reentry refuse", func(a *automation.Automation) { a.Reentry = automation.ReentryRefuseWhileActive }, nil},
		{"inactive is valid", func(a *automation.Automation) { a.Active = false }, nil},
		{"longest name", func(a *automation.Automation) { a.Name = strings.Repeat("ü", automation.MaxNameLength) }, nil},
		{"empty name", func(a *automation.Automation) { a.Name = "" }, []string{"name"}},
		{"blank name", func(a *automation.Automation) { a.Name = " \t" }, []string{"name"}},
		{"long name", func(a *automation.Automation) { a.Name = strings.Repeat("ü", automation.MaxNameLength+1) }, []string{"name"}},
		{"invalid UTF-8 name", func(a *automation.Automation) { a.Name = "\xff" }, []string{"name"}},
		{"no steps", func(a *automation.Automation) { a.Steps = nil }, []string{"steps"}},
		{"empty step name", func(a *automation.Automation) { a.Steps[1].Name = "" }, []string{"steps[1].name"}},
		{"bad trigger", func(a *automation.Automation) {
			a.Triggers = append(a.Triggers, automation.On("nope"))
		}, []string{"triggers[1]"}},
		{"bad reentry", func(a *automation.Automation) { a.Reentry = "sometimes" }, []string{"reentry"}},
		{"everything at once", func(a *automation.Automation) {
			a.Name = ""
			a.Steps = []automation.Step{{Name: "ok"}, {Name: " "}, {Name: ""}}
			a.Triggers = []automation.Trigger{{Kind: automation.TriggerTagAdded, Subject: "VIP"}}
			a.Reentry = "x"
		}, []string{"name", "steps[1].name", "steps[2].name", "triggers[0]", "reentry"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAutomation()
			tt.edit(&a)
			err := a.Validate()
			if tt.properties == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, automation.ErrInvalidAutomation)
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				ve, ok := errors.AsType[*automation.ValidationError](e)
				require.True(t, ok, "joined error %v is not a *ValidationError", e)
				assert.Equal(t, a.ID, ve.Automation)
				assert.ErrorIs(t, ve, automation.ErrInvalidAutomation)
				got = append(got, ve.Property)
			}
			assert.Equal(t, tt.properties, got)
		})
	}
}

func TestValidationErrorMessage(t *testing.T) {
	a := validAutomation()
	a.Steps[1].Name = ""
	assert.EqualError(t, a.Validate(), "automation "+automationID+": steps[1].name: invalid automation: empty")
	a.ID = automation.ID{}
	assert.EqualError(t, a.Validate(), "automation: steps[1].name: invalid automation: empty")
}

func TestAutomationClone(t *testing.T) {
	a := validAutomation()
	c := a.Clone()
	assert.Equal(t, a, c)
	c.Steps[0].Name = "changed"
	c.Triggers[0] = automation.On(automation.TriggerManual)
	assert.Equal(t, "Welcome", a.Steps[0].Name, "Clone shares steps")
	assert.Equal(t, automation.TriggerContactCreated, a.Triggers[0].Kind, "Clone shares triggers")

	var zero automation.Automation
	assert.Equal(t, zero, zero.Clone())
}

func TestTriggered(t *testing.T) {
	a := validAutomation()
	a.Triggers = []automation.Trigger{
		automation.OnTagAdded(tag.MustParseName("VIP")),
		automation.OnListSubscribed(listID),
	}
	assert.True(t, a.Triggered(automation.TagAdded(tag.MustParseName("vip"))))
	assert.True(t, a.Triggered(automation.ListSubscribed(listID)))
	assert.False(t, a.Triggered(automation.TagAdded(tag.MustParseName("lead"))))
	assert.False(t, a.Triggered(automation.Occurrence{Kind: automation.TriggerContactCreated}))

	a.Active = false
	assert.False(t, a.Triggered(automation.TagAdded(tag.MustParseName("vip"))), "an inactive automation is never triggered")
}

func TestReentryValid(t *testing.T) {
	assert.True(t, automation.Reentry("").Valid(), "the zero Reentry means refuse while active")
	assert.True(t, automation.ReentryAllow.Valid())
	assert.True(t, automation.ReentryRefuseWhileActive.Valid())
	assert.False(t, automation.Reentry("Allow").Valid())
}
