package contactkit_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

// A host raises the number of tags a contact may hold (tag.Limits
// PerContact) and tags its contacts in several calls, each within the
// per-call limits; the export writes a contact's tags in one cell, which
// the import parses as one call's input: over tag.Limits.PerCall, the row
// fails, and the contact does not come back (I6).
func TestReview18RTManyTagsRoundTrip(t *testing.T) {
	for _, format := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
		t.Run(string(format), func(t *testing.T) { review18ManyTags(t, format) })
	}
}

func review18ManyTags(t *testing.T, format contactkit.ExportFormat) {
	ctx := context.Background()
	opts := &contactkit.Options{DefaultRegion: "FR", Limits: contact.Limits{Tags: tag.Limits{PerContact: 300}}}
	src := contactkit.New(memstore.New(), opts)
	c, err := src.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("a@example.com")}})
	require.NoError(t, err)
	for call := range 3 {
		var names []string
		for i := range 100 {
			names = append(names, fmt.Sprintf("t%d-%d", call, i))
		}
		c, err = src.TagContact(ctx, accOwner, c.ID, names...)
		require.NoError(t, err)
	}
	require.Len(t, c.Tags, 300)
	var out bytes.Buffer
	_, err = src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: format})
	require.NoError(t, err)
	dst := contactkit.New(memstore.New(), opts)
	run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	assert.Equal(t, c.Tags, accByEmail(t, dst, "a@example.com").Tags)
}
