package contactkit_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// An export written before a merge, imported after it: the row of the
// contact merged away names it by its ID, which resolves to the survivor
// (M2), and by its email, which the survivor now holds. The row updates
// the survivor; nothing is resubscribed.
func TestReview18RTExportBeforeMerge(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	a := accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("a@example.com")}})
	b := accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Anne"), Email: new("b@example.com"), Phone: new("0612345678")}})
	_, err := svc.UnsubscribeAddress(ctx, accOwner, list.ChannelEmail, "b@example.com", "asked")
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = svc.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	p, err := svc.PreviewMerge(ctx, accOwner, contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID}})
	require.NoError(t, err)
	_, err = svc.MergeContacts(ctx, accOwner, p)
	require.NoError(t, err)
	run := accImport(t, svc, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	t.Logf("%s", run.outcomes())
	assert.Zero(t, run.res.Failed, run.outcomes())
	assert.Zero(t, run.res.Created, run.outcomes())
	all := accContacts(t, svc)
	require.Len(t, all, 1, accDump(all))
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "b@example.com"))
}
