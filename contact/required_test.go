package contact_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

func ptr(s string) *string { return &s }

func TestApplyRequiredStandardFields(t *testing.T) {
	tests := []struct {
		name     string
		required []string
		patch    contact.Patch
		keep     bool     // KeepOnBlank, as capture and import apply
		missing  []string // the fields reported missing; nil when Apply succeeds
		parse    []string // the fields reported as bad input
		invalid  bool     // a policy error (ErrInvalid)
	}{
		{name: "none required", patch: contact.Patch{Phone: ptr("")}},
		{name: "phone given", required: []string{contact.FieldPhone}, patch: contact.Patch{Phone: ptr("06 12 34 56 78")}},
		{name: "phone missing", required: []string{contact.FieldPhone}, missing: []string{contact.FieldPhone}},
		{name: "phone cleared", required: []string{contact.FieldPhone, contact.FieldEmail}, patch: contact.Patch{Email: ptr("")},
			missing: []string{contact.FieldPhone, contact.FieldEmail}},
		{name: "blank kept", required: []string{contact.FieldEmail}, patch: contact.Patch{Email: ptr(" ")}, keep: true},
		{name: "bad phone reported once", required: []string{contact.FieldPhone}, patch: contact.Patch{Phone: ptr("12")},
			parse: []string{contact.FieldPhone}},
		{name: "every kind", required: []string{contact.FieldLastName, contact.FieldCountry, contact.FieldLanguage,
			contact.FieldBirthDate, contact.FieldCity, contact.FieldState, contact.FieldCompany, contact.FieldJobTitle,
			contact.FieldAssignee, contact.FieldAlias, contact.FieldFirstName},
			missing: []string{contact.FieldLastName, contact.FieldCountry, contact.FieldLanguage, contact.FieldBirthDate,
				contact.FieldCity, contact.FieldState, contact.FieldCompany, contact.FieldJobTitle, contact.FieldAssignee,
				contact.FieldAlias}},
		{name: "twice reported once", required: []string{contact.FieldPhone, contact.FieldPhone}, missing: []string{contact.FieldPhone}},
		{name: "not requirable", required: []string{contact.FieldAvatar}, invalid: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newContact()
			before := c.Clone()
			err := tt.patch.Apply(&c, contact.ApplyOptions{DefaultRegion: "FR", Required: tt.required, KeepOnBlank: tt.keep})
			if tt.missing == nil && tt.parse == nil && !tt.invalid {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, before, c, "a failed Apply leaves the contact unchanged")
			var missing, parse []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				if re, ok := errors.AsType[*contact.RequiredError](e); ok {
					missing = append(missing, re.Field)
					assert.ErrorIs(t, e, contact.ErrRequired)
					assert.ErrorIs(t, e, field.ErrRequired, "one sentinel for standard and custom required fields")
				}
				if pe, ok := errors.AsType[*contact.ParseError](e); ok {
					parse = append(parse, pe.Field)
				}
			}
			assert.Equal(t, tt.missing, missing, "missing fields")
			assert.Equal(t, tt.parse, parse, "bad input")
			assert.Equal(t, tt.invalid, errors.Is(err, contact.ErrInvalid), "policy error: %v", err)
		})
	}
}

func TestCheckRequired(t *testing.T) {
	c := newContact()
	require.NoError(t, c.CheckRequired(contact.Requirable()[:1]))
	err := c.CheckRequired(contact.Requirable())
	var missing []string
	for _, f := range contact.Requirable() {
		if has := c.CheckRequired([]string{f}) == nil; !has {
			missing = append(missing, f)
		}
	}
	assert.False(t, slices.Contains(missing, contact.FieldEmail), "the contact has an email")
	assert.Len(t, err.(interface{ Unwrap() []error }).Unwrap(), len(missing))
	assert.EqualError(t, c.CheckRequired([]string{contact.FieldPhone}), "contact: phone: required field is missing")
}
