package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
)

// TestRv20MergeUnmergeKeepsThePrimaryChosenSince: after the merge, the user
// makes Ann's work email and work phone her primary ones (C1b: one of each
// kind is primary). The merge had not changed her primary email or phone,
// so the unmerge keeps that edit (M4); it gave her primary ones back.
func TestRv20MergeUnmergeKeepsThePrimaryChosenSince(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, newHarness(t).store)
	ann := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com"), Phone: new("06 12 34 56 78"),
		OtherEmails: &[]contact.LabeledInput{{Value: "ann@work.example", Label: "work"}},
		OtherPhones: &[]contact.LabeledInput{{Value: "01 42 68 53 00", Label: "work"}}})
	bob := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("a.nn+shop@gmail.com"), Phone: new("07 81 23 45 67")})
	rec := m.merge(t, owner, ann.ID, bob.ID)
	require.Len(t, rec.Survivor.OtherEmails, 2)
	require.Len(t, rec.Survivor.OtherPhones, 2)

	m.now = m.now.Add(1)
	_, err := m.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{
		Email: new("ann@work.example"), EmailLabel: new("work"),
		OtherEmails: &[]contact.LabeledInput{{Value: "ann@gmail.com"}, {Value: "a.nn+shop@gmail.com"}},
		Phone:       new("01 42 68 53 00"), PhoneLabel: new("work"),
		OtherPhones: &[]contact.LabeledInput{{Value: "06 12 34 56 78"}, {Value: "07 81 23 45 67"}}})
	require.NoError(t, err)

	res, err := m.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	got := res.Primary
	assert.Equal(t, "ann@work.example", got.Email.String(), "the primary email chosen since stays")
	assert.Equal(t, contact.LabelWork, got.EmailLabel)
	assert.Equal(t, []contact.LabeledEmail{{Email: ann.Email}}, got.OtherEmails)
	assert.Equal(t, "+33142685300", got.Phone.String(), "the primary phone chosen since stays")
	assert.Equal(t, contact.LabelWork, got.PhoneLabel)
	assert.Equal(t, []contact.LabeledPhone{{Phone: ann.Phone}}, got.OtherPhones)
	assert.Contains(t, res.Kept, contact.FieldEmail)
	assert.Contains(t, res.Kept, contact.FieldPhone)
	stored, err := m.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, got.Email, stored.Email)
	back, err := m.svc.GetContact(ctx, owner, bob.ID)
	require.NoError(t, err)
	assert.Equal(t, bob.Email, back.Email, "Bob's address goes back to him")
	assert.Equal(t, bob.Phone, back.Phone)
	rv20MergeLive(t, m, "after unmerge")
}
