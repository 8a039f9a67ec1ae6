package contactkit_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store/memstore"
)

// Long values at their limits, in scripts of several bytes a character:
// a textarea at the default limit and at limits a host raised (up to
// field.MaxValueLen characters), the default limit of tags per contact at
// the longest tag name, names at their limit. The export writes them, and
// the import of the export reads them back (I6).
func TestReview18RTLongValues(t *testing.T) {
	for _, tt := range []struct {
		name     string
		textarea int    // the Limits.Fields.Textarea of the workspace
		char     string // the character the values are made of
	}{
		{"default limit, 3-byte characters", 0, "日"},
		{"default limit, 4-byte characters", 0, "😀"},
		{"raised limit, 1-byte characters", field.MaxValueLen, "a"},
		{"raised limit, 2-byte characters", 20000, "é"},
		{"raised limit, 3-byte characters", 30000, "日"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			opts := &contactkit.Options{DefaultRegion: "FR", Limits: contact.Limits{Fields: field.Limits{Textarea: tt.textarea}}}
			src := contactkit.New(memstore.New(), opts)
			_, err := src.CreateField(ctx, accOwner, field.Definition{Key: field.MustParseKey("bio"), Label: "Bio", Type: field.TypeTextarea})
			require.NoError(t, err)
			n := cmpOr(tt.textarea, field.MaxTextareaLen)
			var tags []string
			for i := range 100 {
				tags = append(tags, fmt.Sprintf("%02d", i)+strings.Repeat(tt.char, 98))
			}
			c, err := src.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{
				FirstName: new(strings.Repeat(tt.char, contact.MaxNameLen)), Email: new("a@example.com"),
				Fields: map[string]string{"bio": "=" + strings.Repeat(tt.char, n-1)}}, Tags: tags})
			require.NoError(t, err)
			var out bytes.Buffer
			_, err = src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
			require.NoError(t, err)
			dst := contactkit.New(memstore.New(), opts)
			_, err = dst.CreateField(ctx, accOwner, field.Definition{Key: field.MustParseKey("bio"), Label: "Bio", Type: field.TypeTextarea})
			require.NoError(t, err)
			run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
			require.NoError(t, run.err)
			require.Equal(t, 1, run.res.Created, "%.2000s", run.outcomes())
			got := accByEmail(t, dst, "a@example.com")
			assert.Equal(t, c.FirstName, got.FirstName)
			assert.Equal(t, c.Tags, got.Tags)
			assert.Equal(t, c.Fields, got.Fields)
		})
	}
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}
