package contactkit_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// M5 refuses a self-merge; a request that names no other contact, names
// one twice or gives an unknown policy is refused too. Each is bad input:
// the refusal must match contactkit.ErrInvalidInput (a *ValidationError),
// as every other refused input of the Service does, and still match the
// merge package's own sentinel. DismissDuplicate of a contact with itself
// likewise.
func TestAcc11MergeRequestErrorsAreInvalidInput(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	a := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	b := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann+b@example.com")})
	cases := []struct {
		name string
		req  contactkit.MergeRequest
		want error
	}{
		{"self", contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{a.ID}}, merge.ErrSelf},
		{"self among others", contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID, a.ID}}, merge.ErrSelf},
		{"no others", contactkit.MergeRequest{Primary: a.ID}, merge.ErrNoOthers},
		{"twice", contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID, b.ID}}, merge.ErrTwice},
		{"unknown policy", contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID}, Policy: "loudest"}, contact.ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.PreviewMerge(ctx, acc11Owner, tc.req)
			require.ErrorIs(t, err, tc.want)
			require.ErrorIs(t, err, contactkit.ErrInvalidInput, "PreviewMerge: %v", err)
			_, ok := errors.AsType[*contactkit.ValidationError](err)
			require.True(t, ok, "PreviewMerge gives a *ValidationError: %v", err)

			// MergeContacts with a preview forged from the request.
			_, err = e.svc.MergeContacts(ctx, acc11Owner, contactkit.MergePreview{Request: tc.req})
			require.ErrorIs(t, err, tc.want)
			require.ErrorIs(t, err, contactkit.ErrInvalidInput, "MergeContacts: %v", err)
		})
	}
	t.Run("dismiss self", func(t *testing.T) {
		_, err := e.svc.DismissDuplicate(ctx, acc11Owner, a.ID, a.ID)
		require.ErrorIs(t, err, merge.ErrSelf)
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, "DismissDuplicate: %v", err)
	})
	require.Equal(t, contact.StatusActive, e.get(t, b.ID).Status)
}

// M2: survivorship is a policy. Under merge.PolicyMostRecent "the
// non-empty value changed last, by the property history, wins". A value
// set when its contact was created is in the history (the creation's
// record), so it counts from its creation, not from whenever any other
// field of its contact last changed: here Bob's company, set after Ann's,
// must win, though Ann's phone was edited last of all.
func TestAcc11MostRecentPolicyReadsCreationValues(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	ann := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), Company: new("Ann Co")})
	e.jump(time.Hour)
	bob := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann+b@example.com"), Company: new("Bob Co")})
	e.jump(time.Hour)
	_, err := e.svc.UpdateContact(ctx, acc11Owner, ann.ID, contact.Patch{Phone: new("06 12 34 56 78")})
	require.NoError(t, err)

	p, err := e.svc.PreviewMerge(ctx, acc11Owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}, Policy: merge.PolicyMostRecent})
	require.NoError(t, err)
	require.Equal(t, "Bob Co", p.Plan.Survivor.Company, "the company set last (at Bob's creation) wins: %+v", p.Plan.Decisions)
	// And a field edited after the creation counts from its edit.
	_, err = e.svc.UpdateContact(ctx, acc11Owner, ann.ID, contact.Patch{Company: new("Ann Co 2")})
	require.NoError(t, err)
	p, err = e.svc.PreviewMerge(ctx, acc11Owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}, Policy: merge.PolicyMostRecent})
	require.NoError(t, err)
	require.Equal(t, "Ann Co 2", p.Plan.Survivor.Company)
}

// M1: "A pair dismissed as not a duplicate is not suggested again unless
// a new shared value appears later." Ann and Anne share a Gmail address
// (its dots aside) and are dismissed. Ann is then merged into Carl: Ann's
// ID resolves to Carl (M2), who holds Ann's address, and Carl with Anne is
// the dismissed pair again, sharing no new value: it must not come back,
// neither once the merged-away Ann is purged from the trash. Undoing the
// merge gives the dismissal back to Ann. A new shared value does bring
// the pair back.
func TestAcc11DismissalFollowsTheMergedAwayContact(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	ann := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	anne := e.create(t, contact.Patch{FirstName: new("Anne"), Email: new("a.nn@gmail.com")})
	carl := e.create(t, contact.Patch{FirstName: new("Carl"), Phone: new("06 12 34 56 78")})
	groups := func() [][]contact.ID {
		t.Helper()
		var out [][]contact.ID
		for _, scratch := range []bool{false, true} {
			r, err := e.svc.FindDuplicates(ctx, acc11Owner, &contactkit.DuplicateOptions{FromScratch: scratch})
			require.NoError(t, err)
			var gs [][]contact.ID
			for _, g := range r.Groups {
				gs = append(gs, g.Contacts)
			}
			if scratch {
				require.Equal(t, out, gs, "the index and a scan agree")
			}
			out = gs
		}
		return out
	}
	require.Len(t, groups(), 1)
	_, err := e.svc.DismissDuplicate(ctx, acc11Owner, ann.ID, anne.ID)
	require.NoError(t, err)
	require.Empty(t, groups())

	rec := e.merge(t, carl.ID, ann.ID)
	require.Empty(t, groups(), "Carl is Ann now: the dismissed pair shares no new value")

	_, err = e.svc.UnmergeContacts(ctx, acc11Owner, rec.ID)
	require.NoError(t, err)
	require.Empty(t, groups(), "after the unmerge the dismissal is Ann's again")

	e.merge(t, carl.ID, ann.ID)
	e.jump(61 * 24 * time.Hour)
	n, err := e.svc.PurgeTrash(ctx, acc11Owner)
	require.NoError(t, err)
	require.Equal(t, 1, n, "the merged-away Ann is purged")
	require.Empty(t, groups(), "the purge of the merged-away Ann does not bring the pair back")

	_, err = e.svc.UpdateContact(ctx, acc11Owner, anne.ID, contact.Patch{Phone: new("+33 6 12 34 56 78")})
	require.ErrorIs(t, err, contactkit.ErrAlreadyExists) // phones are unique: share an email instead
	_, err = e.svc.UpdateContact(ctx, acc11Owner, carl.ID, contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "ann@gmail.com"}, {Value: "carl@example.com"}}})
	require.NoError(t, err)
	_, err = e.svc.UpdateContact(ctx, acc11Owner, anne.ID, contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "carl+anne@example.com"}}})
	require.NoError(t, err)
	require.Equal(t, [][]contact.ID{{anne.ID, carl.ID}}, groups(), "a new shared value brings the pair back")
}

// The dismissals a merged-away contact keeps after its purge (see
// TestAcc11DismissalFollowsTheMergedAwayContact) are its survivor's: they
// go when the survivor is purged from the trash in turn, and none is left
// naming the pair's values. Erasing the survivor removes them too.
func TestAcc11DismissalsOfAMergedAwayContactGoWithItsSurvivor(t *testing.T) {
	for _, erase := range []bool{false, true} {
		t.Run(fmt.Sprintf("erase=%v", erase), func(t *testing.T) {
			now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
			st := memstore.New()
			svc := contactkit.New(st, &contactkit.Options{Now: func() time.Time { now = now.Add(time.Second); return now }})
			ctx := t.Context()
			a := acc11Owner
			mk := func(name, email string) contact.ID {
				c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name), Email: new(email)}})
				require.NoError(t, err)
				return c.ID
			}
			ann, anne, carl := mk("Ann", "ann@gmail.com"), mk("Anne", "a.nn@gmail.com"), mk("Carl", "carl@example.com")
			_, err := svc.DismissDuplicate(ctx, a, ann, anne)
			require.NoError(t, err)
			p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: carl, Others: []contact.ID{ann}})
			require.NoError(t, err)
			_, err = svc.MergeContacts(ctx, a, p)
			require.NoError(t, err)
			now = now.Add(61 * 24 * time.Hour)
			_, err = svc.PurgeTrash(ctx, a) // Ann, merged away
			require.NoError(t, err)
			dismissals := func() int {
				n := 0
				require.NoError(t, st.View(ctx, func(tx store.Tx) error {
					n = 0
					for _, err := range store.Dismissals(tx.Records()).All(ctx, a.Workspace, store.Query{}) {
						if err != nil {
							return err
						}
						n++
					}
					return nil
				}))
				return n
			}
			require.Equal(t, 1, dismissals(), "Ann's dismissal stays with her survivor")
			if erase {
				require.NoError(t, svc.EraseContact(ctx, a, carl))
			} else {
				_, err = svc.DeleteContact(ctx, a, carl)
				require.NoError(t, err)
				now = now.Add(61 * 24 * time.Hour)
				n, err := svc.PurgeTrash(ctx, a)
				require.NoError(t, err)
				require.Equal(t, 1, n)
			}
			require.Zero(t, dismissals(), "the survivor gone, no dismissal names the values Ann shared")
		})
	}
}

// Kept (passes since the fix above): the same for a custom field and a
// name set at creation.
func TestAcc11MostRecentPolicyReadsCreationCustomValues(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	_, err := e.svc.CreateField(ctx, acc11Owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	require.NoError(t, err)
	ann := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), Fields: map[string]string{"plan": "gold"}})
	e.jump(time.Hour)
	bob := e.create(t, contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com"), Fields: map[string]string{"plan": "silver"}})
	e.jump(time.Hour)
	_, err = e.svc.UpdateContact(ctx, acc11Owner, ann.ID, contact.Patch{City: new("Paris")})
	require.NoError(t, err)
	p, err := e.svc.PreviewMerge(ctx, acc11Owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}, Policy: merge.PolicyMostRecent})
	require.NoError(t, err)
	require.Equal(t, "silver", p.Plan.Survivor.Fields[field.MustParseKey("plan")].String(), "%+v", p.Plan.Decisions)
	require.Equal(t, "Bob", p.Plan.Survivor.FirstName)
}
