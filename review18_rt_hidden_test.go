package contactkit_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// A select and a multiselect holding options hidden since (F1: options
// are hidden, not deleted, so old values stay valid) export and import
// back into the same workspace, and into another with the same
// definitions, as the Import doc promises (I6).
func TestReview18RTHiddenOptionsRoundTrip(t *testing.T) {
	ctx := context.Background()
	defs := []field.Definition{
		{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect, Options: []field.Option{{Value: "Old"}, {Value: "=Legacy"}, {Value: "New"}}},
		{Key: field.MustParseKey("tags2"), Label: "Tags2", Type: field.TypeMultiselect, Options: []field.Option{{Value: "A"}, {Value: "'B"}, {Value: "C"}}},
	}
	src := accService("FR")
	acc2CreateFields(t, src, defs)
	a := accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{Email: new("a@example.com"), Fields: map[string]string{"plan": "=Legacy", "tags2": "'B, A"}}})
	b := accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{Email: new("b@example.com"), Fields: map[string]string{"plan": "Old", "tags2": "'B"}}})
	hidden := []field.Definition{defs[0], defs[1]}
	hidden[0].Options = []field.Option{{Value: "Old", Hidden: true}, {Value: "=Legacy", Hidden: true}, {Value: "New"}}
	hidden[1].Options = []field.Option{{Value: "A", Hidden: true}, {Value: "'B", Hidden: true}, {Value: "C"}}
	for _, d := range hidden {
		cur, err := src.Fields(ctx, accOwner)
		require.NoError(t, err)
		for _, c := range cur {
			if c.Key == d.Key {
				d.Version = c.Version
			}
		}
		_, err = src.UpdateField(ctx, accOwner, d)
		require.NoError(t, err)
	}
	dst, run, file := accReimportWith(t, src, hidden)
	require.Equal(t, 2, run.res.Created, "%s\n%s", run.outcomes(), file)
	for _, c := range []contact.Contact{a, b} {
		got := accByEmail(t, dst, c.Email.String())
		assert.Equal(t, c.Fields, got.Fields, c.Email.String())
	}
	again := accImport(t, src, file, "FR", nil, nil)
	require.NoError(t, again.err)
	assert.Equal(t, 2, again.res.Updated, again.outcomes())
}

// accReimportWith exports every contact of src as CSV and imports the
// file into a new Service of region FR with defs.
func accReimportWith(t *testing.T, src *contactkit.Service, defs []field.Definition) (*contactkit.Service, *accRun, []byte) {
	t.Helper()
	var out bytes.Buffer
	_, err := src.Export(context.Background(), accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	dst := accService("FR")
	acc2CreateFields(t, dst, defs)
	run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	return dst, run, out.Bytes()
}
