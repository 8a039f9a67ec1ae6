package contactkit_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// rv20MergeJSON returns p as it comes back from a host's UI: through JSON.
func rv20MergeJSON(t *testing.T, p contactkit.MergePreview, edit func(m map[string]any)) contactkit.MergePreview {
	t.Helper()
	data, err := json.Marshal(p)
	require.NoError(t, err)
	if edit != nil {
		var m map[string]any
		require.NoError(t, json.Unmarshal(data, &m))
		edit(m)
		data, err = json.Marshal(m)
		require.NoError(t, err)
	}
	var back contactkit.MergePreview
	require.NoError(t, json.Unmarshal(data, &back))
	return back
}

// TestRv20MergePreviewThroughJSON: a preview shown in a host's UI and sent
// back as JSON commits (MergeContacts: "Pass it to MergeContacts to commit
// it"); the times it holds lost their location on the way, which made every
// such merge fail with "the merge differs from its preview". A preview
// edited on the way is still refused.
func TestRv20MergePreviewThroughJSON(t *testing.T) {
	ctx := t.Context()
	paris := time.FixedZone("CET", 3600)
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, paris)
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time {
		now = now.Add(time.Second)
		return now
	}})
	for _, d := range auditDefs {
		_, err := svc.CreateField(ctx, owner, d)
		require.NoError(t, err)
	}
	l, err := svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	create := func(p contact.Patch, tags ...string) contact.Contact {
		c, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: p, Tags: tags, Lists: []list.ID{l.ID}})
		require.NoError(t, err)
		return c
	}
	a := create(contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com"), BirthDate: new("1990-01-02"),
		Fields: map[string]string{"t_money": "12.50", "t_datetime": "2026-01-02T03:04:05.123+02:00", "t_multi": "Web, -Shop"}}, "vip")
	b := create(contact.Patch{LastName: new("Lee"), Email: new("a.nn+shop@gmail.com"), Phone: new("06 12 34 56 78"),
		OtherEmails: &[]contact.LabeledInput{{Value: "ann@work.example", Label: "work"}}, Fields: map[string]string{"t_check": "yes"}}, "lead")
	c := create(contact.Patch{City: new("Lyon"), Email: new("an.n@gmail.com")})
	_, err = svc.ConnectChannel(ctx, owner, b.ID, contact.ChannelEmail)
	require.NoError(t, err)
	_, err = svc.UnsubscribeFromList(ctx, owner, l.ID, c.ID, "no")
	require.NoError(t, err)
	req := contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID, c.ID}}

	p, err := svc.PreviewMerge(ctx, owner, req)
	require.NoError(t, err)
	edited := rv20MergeJSON(t, p, func(m map[string]any) {
		m["Plan"].(map[string]any)["Survivor"].(map[string]any)["City"] = "Paris"
	})
	_, err = svc.MergeContacts(ctx, owner, edited)
	require.ErrorIs(t, err, contactkit.ErrConflict, "a preview edited on its way is refused")

	rec, err := svc.MergeContacts(ctx, owner, rv20MergeJSON(t, p, nil))
	require.NoError(t, err, "a preview through JSON commits")
	got, err := svc.GetContact(ctx, owner, a.ID)
	require.NoError(t, err)
	assert.Equal(t, "Lyon", got.City)
	assert.Equal(t, "Lee", got.LastName)
	assert.Equal(t, rec.Survivor.Version, got.Version)
	_, err = svc.MergeContacts(ctx, owner, rv20MergeJSON(t, p, nil))
	require.ErrorIs(t, err, contactkit.ErrConflict, "committed once: the contacts changed since the preview")
}
