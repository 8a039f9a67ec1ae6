package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestBlockedSurvivorHasNoActiveEnrollment: a merge whose survivor is
// blocked leaves it no active enrollment (B1, M2), whether the block came
// with an other or the primary was blocked already; unmerge gives the
// moved enrollment back as it was.
func TestBlockedSurvivorHasNoActiveEnrollment(t *testing.T) {
	for _, tc := range []struct {
		name    string
		blocked int // the input blocked before the merge: 0 the primary, 1 the other
	}{
		{"PrimaryBlocked", 0},
		{"OtherBlocked", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			m := newMerger(t, storetest.Retrying(memstore.New()))
			au := m.automation(t, automation.Automation{Name: "Welcome", Steps: steps(2), Active: true, Reentry: automation.ReentryAllow})
			a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
			b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
			ids := []contact.ID{a.ID, b.ID}
			// The input that stays active has an active enrollment.
			_, err := m.svc.Enroll(ctx, owner, au.ID, ids[1-tc.blocked], "")
			require.NoError(t, err)
			_, err = m.svc.BlockContact(ctx, owner, ids[tc.blocked], "abuse")
			require.NoError(t, err)
			before := m.state(t, a.ID, b.ID)
			m.takeEvents()

			rec := m.merge(t, owner, a.ID, b.ID)
			after := m.state(t, a.ID, b.ID)
			require.True(t, after.Contacts[0].Blocked(), "blocked wins")
			for _, e := range after.Enrollments[0] {
				assert.False(t, e.Active(), "a blocked survivor keeps no active enrollment: %s", e.ID)
			}
			stopped, blocked := 0, 0
			for _, e := range m.takeEvents() {
				switch e := e.(type) {
				case contactkit.EnrollmentStopped:
					stopped++
				case contactkit.ContactBlocked:
					blocked++
					assert.Equal(t, a.ID, e.Contact, "the survivor is blocked")
				}
			}
			assert.Equal(t, 1, stopped, "one EnrollmentStopped for the enrollment the merge stopped")
			// The host closes the survivor's conversation when the block
			// came with the merge, as BlockContact makes it (B1).
			assert.Equal(t, tc.blocked, blocked, "ContactBlocked when the merge blocks the survivor, none when it was blocked")

			_, err = m.svc.UnmergeContacts(ctx, owner, rec.ID)
			require.NoError(t, err)
			assert.Equal(t, before, m.state(t, a.ID, b.ID), "unmerge gives back every input exactly")
			unblocked := 0
			var resumed []contactkit.EnrollmentResumed
			for _, e := range m.takeEvents() {
				switch e := e.(type) {
				case contactkit.ContactUnblocked:
					unblocked++
					assert.Equal(t, a.ID, e.Contact)
				case contactkit.EnrollmentResumed:
					resumed = append(resumed, e)
				}
			}
			assert.Equal(t, tc.blocked, unblocked, "ContactUnblocked when the unmerge gives the primary back unblocked")
			// The host that saw the merge stop the enrollment sees it go
			// on, as stored.
			require.Len(t, resumed, 1, "one EnrollmentResumed for the enrollment the merge stopped")
			e := resumed[0]
			assert.Equal(t, ids[1-tc.blocked], e.Contact, "the event names the contact the enrollment is back with")
			assert.True(t, e.Enrollment.Active())
			stored, err := m.svc.GetEnrollment(ctx, owner, e.Enrollment.ID)
			require.NoError(t, err)
			assert.Equal(t, stored, e.Enrollment, "the event holds the enrollment as stored")
		})
	}
}

// TestMergeRefusesTrashedAndMergedAwayInputs: M5, with the errors every
// caller can test: an input in the trash matches ErrTrashed and
// merge.ErrTrashed, one merged away ErrMerged as well, as ErrTrashed says.
func TestMergeRefusesTrashedAndMergedAwayInputs(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, memstore.New())
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	c := m.create(t, owner, contact.Patch{FirstName: new("Carl")})
	d := m.create(t, owner, contact.Patch{FirstName: new("Dora")})
	m.merge(t, owner, a.ID, b.ID)
	_, err := m.svc.DeleteContact(ctx, owner, d.ID)
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		req    contactkit.MergeRequest
		merged bool
	}{
		{"MergedAwayOther", contactkit.MergeRequest{Primary: c.ID, Others: []contact.ID{b.ID}}, true},
		{"MergedAwayPrimary", contactkit.MergeRequest{Primary: b.ID, Others: []contact.ID{c.ID}}, true},
		{"TrashedOther", contactkit.MergeRequest{Primary: c.ID, Others: []contact.ID{d.ID}}, false},
		{"TrashedPrimary", contactkit.MergeRequest{Primary: d.ID, Others: []contact.ID{c.ID}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := m.svc.PreviewMerge(ctx, owner, tc.req)
			require.Error(t, err)
			assert.ErrorIs(t, err, contactkit.ErrTrashed)
			assert.ErrorIs(t, err, merge.ErrTrashed)
			if tc.merged {
				assert.ErrorIs(t, err, contactkit.ErrMerged)
			} else {
				assert.NotErrorIs(t, err, contactkit.ErrMerged)
			}
		})
	}
}

// TestUnmergeLeavesARecordRemovedSinceRemoved: a note that the merge moved
// to the survivor and that was then deleted and purged from the activity
// trash is a later edit, which stays (M4): the unmerge gives the other back
// without it, names it in Gone, and gives back everything else.
func TestUnmergeLeavesARecordRemovedSinceRemoved(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, storetest.Retrying(memstore.New()))
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	kept, err := m.svc.AddNote(ctx, owner, b.ID, contactkit.NoteInput{Body: "met at the fair"})
	require.NoError(t, err)
	gone, err := m.svc.AddNote(ctx, owner, b.ID, contactkit.NoteInput{Body: "wrong number"})
	require.NoError(t, err)
	before := m.state(t, a.ID, b.ID)
	rec := m.merge(t, owner, a.ID, b.ID)

	_, err = m.svc.DeleteActivity(ctx, owner, gone.ID)
	require.NoError(t, err)
	m.now = m.now.AddDate(1, 0, 0) // past the activity restore window
	n, err := m.svc.PurgeActivityTrash(ctx, owner)
	require.NoError(t, err)
	require.Equal(t, 1, n)

	res, err := m.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err, "a record removed since the merge does not block the unmerge")
	assert.Equal(t, []string{"activity " + gone.ID.String()}, res.Gone)
	after := m.state(t, a.ID, b.ID)
	want := before
	want.Timeline = [][]activity.Activity{before.Timeline[0], nil}
	for _, act := range before.Timeline[1] {
		if act.ID != gone.ID {
			want.Timeline[1] = append(want.Timeline[1], act)
		}
	}
	require.Len(t, want.Timeline[1], 1)
	assert.Equal(t, kept.ID, want.Timeline[1][0].ID)
	assert.Equal(t, want, after, "everything else comes back as it was")
}

// TestUnmergeResumesTheEnrollmentsTheMergeStopped: of two contacts active
// in one automation, the merge stops the other's enrollment
// (EnrollmentStopped); the unmerge makes it active again with an
// EnrollmentResumed, and no event for the enrollment it only moves back.
func TestUnmergeResumesTheEnrollmentsTheMergeStopped(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, memstore.New())
	au := m.automation(t, automation.Automation{Name: "Welcome", Steps: steps(2), Active: true, Reentry: automation.ReentryAllow})
	other := m.automation(t, automation.Automation{Name: "Other", Steps: steps(2), Active: true})
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	_, err := m.svc.Enroll(ctx, owner, au.ID, a.ID, "")
	require.NoError(t, err)
	eb, err := m.svc.Enroll(ctx, owner, au.ID, b.ID, "")
	require.NoError(t, err)
	_, err = m.svc.Enroll(ctx, owner, other.ID, b.ID, "") // moved, not stopped
	require.NoError(t, err)
	m.takeEvents()

	rec := m.merge(t, owner, a.ID, b.ID)
	stopped := eventsOfType[contactkit.EnrollmentStopped](m.takeEvents())
	require.Len(t, stopped, 1)
	assert.Equal(t, eb.ID, stopped[0].Enrollment.ID)

	_, err = m.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	resumed := eventsOfType[contactkit.EnrollmentResumed](m.takeEvents())
	require.Len(t, resumed, 1, "one event, for the enrollment the merge stopped")
	got := resumed[0]
	assert.Equal(t, b.ID, got.Contact)
	assert.Equal(t, eb.ID, got.Enrollment.ID)
	assert.Equal(t, b.ID, got.Enrollment.Contact)
	assert.True(t, got.Enrollment.Active())
	stored, err := m.svc.GetEnrollment(ctx, owner, eb.ID)
	require.NoError(t, err)
	assert.Equal(t, stored, got.Enrollment, "the event holds the enrollment as stored")
}
