package contactkit_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

// rv20FldTags returns n distinct tag names, from first on, as typed input:
// separated by the separators of T1 in turn, with spaces around some, in
// cases that fold to other names.
func rv20FldTags(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString([]string{",", "\t", "\n", "\r\n", " , ", "，"}[i%6])
		}
		fmt.Fprintf(&b, "Tag%d", first+i)
	}
	return b.String()
}

// X1, T1: the tags of one contact are capped (Limits.Tags.PerContact) on
// every call that adds tags: at the cap they are added, one over it the
// call (or, in a bulk call and an import, the contact's row alone) fails
// with a *tag.LimitError matching tag.ErrTooMany, and nothing of it is
// written: no tag is left in the workspace by the call that failed. Under
// the default cap and a host's own.
func TestRv20FldTagsPerContactOnEveryCall(t *testing.T) {
	for _, perContact := range []int{0, 5} {
		t.Run(fmt.Sprint(perContact), func(t *testing.T) {
			ctx := t.Context()
			svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR",
				Limits: contact.Limits{Tags: tag.Limits{PerContact: perContact}}})
			max := tag.Limits{PerContact: perContact}.WithDefaults().PerContact
			tags := func() int {
				n := 0
				for _, err := range svc.Tags(ctx, acc11Owner) {
					require.NoError(t, err)
					n++
				}
				return n
			}
			seq := 0
			email := func() *string { seq++; return new(fmt.Sprintf("t%d@example.com", seq)) }
			next := 0
			fresh := func(n int) string { next += n; return rv20FldTags(next-n, n) }

			// CreateContact and CaptureContact.
			c, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: email()}, Tags: []string{fresh(max)}})
			require.NoError(t, err)
			require.Equal(t, max, c.Tags.Len())
			before := tags()
			_, err = svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: email()}, Tags: []string{fresh(max + 1)}})
			require.ErrorIs(t, err, tag.ErrTooMany, "CreateContact")
			require.Equal(t, before, tags(), "CreateContact: no tag left")
			cr, err := svc.CaptureContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: email()}, Tags: []string{fresh(max - 1), fresh(1)}})
			require.NoError(t, err)
			require.Equal(t, max, cr.Contact.Tags.Len())
			before = tags()
			_, err = svc.CaptureContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: new(cr.Contact.Email.String())}, Tags: []string{fresh(1)}})
			require.ErrorIs(t, err, tag.ErrTooMany, "CaptureContact of a contact at the cap")
			require.Equal(t, before, tags(), "CaptureContact: no tag left")

			// TagContact and TagContacts on a contact one short of the cap.
			short, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: email()}, Tags: []string{fresh(max - 1)}})
			require.NoError(t, err)
			before = tags()
			_, err = svc.TagContact(ctx, acc11Owner, short.ID, fresh(2))
			require.ErrorIs(t, err, tag.ErrTooMany, "TagContact")
			require.Equal(t, before, tags(), "TagContact: no tag left")
			res, err := svc.TagContacts(ctx, acc11Owner, contactkit.Bulk{IDs: []contact.ID{short.ID, c.ID}, Expected: 2}, fresh(2))
			require.NoError(t, err)
			require.Len(t, res.Failed, 2, "TagContacts: each contact fails alone")
			for _, f := range res.Failed {
				require.ErrorIs(t, f.Err, tag.ErrTooMany)
			}
			require.Equal(t, before, tags(), "TagContacts: no tag left")
			// Tags it has already, in another case, do not count.
			got, err := svc.TagContact(ctx, acc11Owner, c.ID, strings.ToUpper(rv20FldTags(0, max)))
			require.NoError(t, err)
			require.Equal(t, max, got.Tags.Len())
			got, err = svc.TagContact(ctx, acc11Owner, short.ID, fresh(1))
			require.NoError(t, err)
			require.Equal(t, max, got.Tags.Len(), "TagContact up to the cap")

			// Import: the row's tags and the import's own.
			var buf bytes.Buffer
			w := csv.NewWriter(&buf)
			require.NoError(t, w.Write([]string{"Email", "Tags"}))
			require.NoError(t, w.Write([]string{*email(), fresh(max - 1)}))
			require.NoError(t, w.Write([]string{*email(), fresh(max)}))
			w.Flush()
			before = tags()
			run := accImportAs(t, svc, acc11Owner, buf.Bytes(), "FR", &contactkit.ImportOptions{Tags: []string{"From import"}}, nil)
			require.NoError(t, run.err)
			require.Len(t, run.rows, 2)
			require.Nil(t, run.rows[0].Err, "a row at the cap with the import's tag")
			require.Equal(t, contactkit.ImportFailed, run.rows[1].Outcome, "a row one over the cap")
			require.ErrorIs(t, run.rows[1].Err.Problems[0].Err, tag.ErrTooMany)
			require.Equal(t, before+max, tags(), "the failed row's tags are not left in the workspace")
		})
	}
}
