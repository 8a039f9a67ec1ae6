package contactkit_test

// The reviewer's second read of the change of the fourteenth stop: the
// automations' stamp, the activity trash's places, the undone merges'
// links and ListHistory's field names, each test naming the rule or the
// contract it checks.

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
	"github.com/contactkit/contactkit/tag"
)

// A1, store.StampAutomations: two Services over one store (two processes
// of a host) each keep the active automations at the stamp; what one
// changes, the other's triggers see at its next call.
func TestAcceptance15ReviewTriggersSeeAnotherServicesAutomations(t *testing.T) {
	ctx := t.Context()
	st := storetest.Retrying(memstore.New())
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	opts := &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { return now }}
	one, two := contactkit.New(st, opts), contactkit.New(st, opts)
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	vip := tag.MustParseName("vip")
	au, err := one.CreateAutomation(ctx, a, automation.Automation{Name: "VIP", Steps: steps(1), Active: true,
		Triggers: []automation.Trigger{{Kind: automation.TriggerTagAdded, Subject: vip.Key()}}})
	require.NoError(t, err)
	enrolled := func(svc *contactkit.Service, name string) bool {
		t.Helper()
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name}})
		require.NoError(t, err)
		_, err = svc.TagContact(ctx, a, c.ID, "vip")
		require.NoError(t, err)
		n := 0
		for _, err := range svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: c.ID}) {
			require.NoError(t, err)
			n++
		}
		return n > 0
	}
	require.True(t, enrolled(one, "Ada"), "the first Service keeps the active automation")
	require.True(t, enrolled(two, "Bob"), "the second too")

	au.Active = false
	au, err = two.UpdateAutomation(ctx, a, au)
	require.NoError(t, err)
	assert.False(t, enrolled(one, "Cid"), "an automation another Service deactivated triggers nothing")

	au.Active = true
	_, err = two.UpdateAutomation(ctx, a, au)
	require.NoError(t, err)
	assert.True(t, enrolled(one, "Dan"), "and triggers again once active")
}

// H2, ListHistory: a membership's history is listed under
// contact.ListFieldPrefix and the list's ID, which ListHistory reads with
// list.ParseID; every form of the ID that it accepts lists the same
// changes, as the canonical one does, rather than none.
func TestAcceptance15ReviewListHistoryByAnyFormOfAListID(t *testing.T) {
	ctx := t.Context()
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	name := "Ada"
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name}})
	require.NoError(t, err)
	l, err := svc.CreateList(ctx, a, list.List{Name: "News"})
	require.NoError(t, err)
	_, err = svc.AddToList(ctx, a, l.ID, c.ID)
	require.NoError(t, err)

	canonical, err := svc.ListHistory(ctx, a, c.ID, contact.ListFieldPrefix+l.ID.String(), store.PageRequest{})
	require.NoError(t, err)
	require.Len(t, canonical.Items, 1, "the membership's one change")
	for _, form := range []string{strings.ToUpper(l.ID.String()), "urn:uuid:" + l.ID.String(), "{" + l.ID.String() + "}"} {
		page, err := svc.ListHistory(ctx, a, c.ID, contact.ListFieldPrefix+form, store.PageRequest{})
		if err != nil {
			assert.ErrorIs(t, err, contactkit.ErrInvalidInput, "%s: refused, then, as a name that names no field", form)
			continue
		}
		assert.Equal(t, canonical.Items, page.Items, "%s: the list's ID in another form lists the same changes", form)
	}
}

// D1/D3 and store.KindActivityTrash, through a store that runs every
// transaction twice (section 3, retry-safe): a note deleted, its contact
// merged into another and the merge undone, is purged once past its
// window, and leaves no place in the activity trash; an erasure of the
// contact the undone merge had taken removes the merge's record and its
// links (store.KindUnmerged), and so does an erasure of the survivor.
func TestAcceptance15ReviewActivityTrashAndUnmergedLinksOnRetries(t *testing.T) {
	ctx := t.Context()
	st := memstore.New()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	svc := contactkit.New(storetest.Retrying(st), &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { return now }})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	mk := func(name, email string) contact.ID {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name, Email: &email}})
		require.NoError(t, err)
		return c.ID
	}
	ada, bob, cid := mk("Ada", "ada@example.com"), mk("Bob", "bob@example.com"), mk("Cid", "cid@example.com")
	note, err := svc.AddNote(ctx, a, bob, contactkit.NoteInput{Body: "to the trash"})
	require.NoError(t, err)
	_, err = svc.DeleteActivity(ctx, a, note.ID)
	require.NoError(t, err)
	merged := func(primary, other contact.ID) contactkit.MergePreview {
		p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: primary, Others: []contact.ID{other}})
		require.NoError(t, err)
		return p
	}
	rec, err := svc.MergeContacts(ctx, a, merged(ada, bob))
	require.NoError(t, err)
	_, err = svc.UnmergeContacts(ctx, a, rec.ID)
	require.NoError(t, err)
	rec2, err := svc.MergeContacts(ctx, a, merged(ada, cid))
	require.NoError(t, err)
	_, err = svc.UnmergeContacts(ctx, a, rec2.ID)
	require.NoError(t, err)

	count := func(k store.Kind) int {
		t.Helper()
		n := 0
		require.NoError(t, st.View(ctx, func(tx store.Tx) error {
			page, err := tx.Records().List(ctx, a.Workspace, k, store.Query{}, store.PageRequest{Limit: store.MaxLimit})
			n = len(page.Items)
			return err
		}))
		return n
	}
	require.Equal(t, 1, count(store.KindActivityTrash))
	require.Equal(t, 2, count(store.KindUnmerged))
	n, err := svc.BackfillIndexes(ctx, a)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing is missing")

	now = now.Add(contactkit.DefaultActivityRestoreWindow + time.Hour)
	n, err = svc.PurgeActivityTrash(ctx, a)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the note past its window")
	assert.Zero(t, count(store.KindActivityTrash), "and its place")

	require.NoError(t, svc.EraseContact(ctx, a, bob))
	_, err = svc.GetMerge(ctx, a, rec.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "the undone merge that held Bob's snapshot")
	assert.Equal(t, 1, count(store.KindUnmerged), "Cid's link stays")
	require.NoError(t, svc.EraseContact(ctx, a, ada))
	_, err = svc.GetMerge(ctx, a, rec2.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "the undone merge into Ada")
	assert.Zero(t, count(store.KindUnmerged), "and its link")
}

// M4 with RuleOldest and D3: merges into one survivor, unmerges and
// erasures in random orders. The survivor's creation date is always the
// oldest of its own, of the contacts whose merge stands, and of those a
// merge gave it whose record an erasure removed (it keeps what such a
// merge gave it); no unmerge of a standing merge is refused, since nobody
// edited the date, but that of one made before a merge whose record an
// erasure removed (what that merge gave cannot be told apart).
func TestAcceptance15ReviewCreationDateOverMergesUnmergesErasures(t *testing.T) {
	ctx := t.Context()
	for seed := range int64(100) {
		rnd := rand.New(rand.NewPCG(uint64(seed), 15))
		svc, clk := acc3Service(t, nil)
		day0 := clk.now
		create := func(day int, name string) contact.Contact {
			clk.now = day0.Add(time.Duration(day) * 24 * time.Hour)
			return acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name, Email: new(name + "@example.com")}})
		}
		p := create(30, "sam")
		others := []contact.Contact{create(5, "ann"), create(12, "bob"), create(1, "cid"), create(20, "dan"), create(8, "eve")}
		clk.now = day0.Add(60 * 24 * time.Hour)
		const (
			live = iota
			merged
			erased
		)
		state := make([]int, len(others))
		by := map[int]merge.ID{}         // the standing merge of a merged contact
		standing := map[merge.ID][]int{} // the others of each standing merge with a record
		made := map[merge.ID]int{}       // the step of each merge
		lastErased := -1                 // the step of the latest merge whose record an erasure removed
		base := p.CreatedAt              // what erasures made the survivor's own
		var log []string
		want := func() time.Time {
			w := base
			for _, xs := range standing {
				for _, x := range xs {
					if others[x].CreatedAt.Before(w) {
						w = others[x].CreatedAt
					}
				}
			}
			return w
		}
		for step := 0; step < 12; step++ {
			switch op := rnd.IntN(3); {
			case op == 0: // merge some live contacts into the survivor
				var xs []int
				var ids []contact.ID
				for x := range others {
					if state[x] == live && rnd.IntN(2) == 0 {
						xs, ids = append(xs, x), append(ids, others[x].ID)
					}
				}
				if len(ids) == 0 {
					continue
				}
				rec := acc3Merge(t, svc, p.ID, ids...)
				standing[rec.ID], made[rec.ID] = xs, step
				for _, x := range xs {
					state[x], by[x] = merged, rec.ID
				}
				log = append(log, fmt.Sprintf("merge %v", xs))
			case op == 1: // undo a standing merge
				ms := slices.Sorted(maps.Keys(standing))
				if len(ms) == 0 {
					continue
				}
				m := ms[rnd.IntN(len(ms))]
				log = append(log, fmt.Sprintf("unmerge %v", standing[m]))
				_, err := svc.UnmergeContacts(ctx, acc3Owner, m)
				if made[m] < lastErased {
					// A later merge's record is gone: what it gave cannot
					// be told from what this one gave, and the unmerge is
					// refused (TestAcc16UnmergeKeepsWhatAnErasedLaterMergeGave).
					require.ErrorIs(t, err, contactkit.ErrConflict, "seed %d: %v", seed, log)
					log[len(log)-1] += " (refused)"
					continue
				}
				require.NoError(t, err, "seed %d: %v", seed, log)
				for _, x := range standing[m] {
					state[x] = live
					delete(by, x)
				}
				delete(standing, m)
			default: // erase a contact, merged away or live
				x := rnd.IntN(len(others))
				if state[x] == erased {
					continue
				}
				log = append(log, fmt.Sprintf("erase %d (%d)", x, state[x]))
				require.NoError(t, svc.EraseContact(ctx, acc3Owner, others[x].ID), "seed %d: %v", seed, log)
				if state[x] == merged {
					if xs, ok := standing[by[x]]; ok {
						// Its record goes: the survivor keeps what it gave.
						for _, y := range xs {
							if others[y].CreatedAt.Before(base) {
								base = others[y].CreatedAt
							}
						}
						delete(standing, by[x])
						lastErased = max(lastErased, made[by[x]])
					}
				}
				state[x] = erased
			}
			got := acc3Get(t, svc, p.ID).CreatedAt
			require.True(t, want().Equal(got), "seed %d: after %v: the survivor's creation date %s, want %s", seed, log, got, want())
		}
	}
}

// D1–D3, H1 and store.KindActivityTrash: notes added, deleted, restored,
// their contacts deleted, restored, merged, unmerged, erased and purged,
// the clock moving, in random orders through a store that runs every
// transaction twice. Each activity in its own trash, and no other, has its
// place in the activity trash, at the time it went there; a purge of the
// activity trash removes exactly those past their window.
func TestAcceptance15ReviewActivityTrashPlacesOverRandomCalls(t *testing.T) {
	ctx := t.Context()
	for seed := range int64(60) {
		rnd := rand.New(rand.NewPCG(uint64(seed), 12))
		st := memstore.New()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		window, actWindow := 10*24*time.Hour, 5*24*time.Hour
		svc := contactkit.New(storetest.Retrying(st), &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { return now },
			RestoreWindow: &window, ActivityRestoreWindow: &actWindow})
		a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
		var people []contact.ID
		for _, n := range []string{"ann", "bob", "cid", "dan"} {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &n, Email: new(n + "@example.com")}})
			require.NoError(t, err)
			people = append(people, c.ID)
		}
		var notes []activity.ID
		var merges []merge.ID
		var log []string
		for step := 0; step < 30; step++ {
			var err error
			switch op := rnd.IntN(10); op {
			case 0, 1:
				var note activity.Activity
				note, err = svc.AddNote(ctx, a, people[rnd.IntN(len(people))], contactkit.NoteInput{Body: fmt.Sprint("note ", step)})
				if err == nil {
					notes = append(notes, note.ID)
				}
			case 2, 3:
				if len(notes) > 0 {
					_, err = svc.DeleteActivity(ctx, a, notes[rnd.IntN(len(notes))])
				}
			case 4:
				if len(notes) > 0 {
					_, err = svc.RestoreActivity(ctx, a, notes[rnd.IntN(len(notes))])
				}
			case 5:
				if rnd.IntN(2) == 0 {
					_, err = svc.DeleteContact(ctx, a, people[rnd.IntN(len(people))])
				} else {
					_, err = svc.RestoreContact(ctx, a, people[rnd.IntN(len(people))])
				}
			case 6:
				x, y := people[rnd.IntN(len(people))], people[rnd.IntN(len(people))]
				var p contactkit.MergePreview
				if p, err = svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: x, Others: []contact.ID{y}}); err == nil {
					var rec merge.Record
					if rec, err = svc.MergeContacts(ctx, a, p); err == nil {
						merges = append(merges, rec.ID)
					}
				}
			case 7:
				if len(merges) > 0 {
					_, err = svc.UnmergeContacts(ctx, a, merges[rnd.IntN(len(merges))])
				}
			case 8:
				if rnd.IntN(4) == 0 {
					err = svc.EraseContact(ctx, a, people[rnd.IntN(len(people))])
				} else {
					_, err = svc.PurgeTrash(ctx, a)
				}
			default:
				now = now.Add(time.Duration(rnd.IntN(4)) * 24 * time.Hour)
				_, err = svc.PurgeActivityTrash(ctx, a)
				require.NoError(t, err, "seed %d: %v", seed, log)
			}
			log = append(log, fmt.Sprintf("%d:%v", step, err))
			// The places are those of the activities in their own trash.
			require.NoError(t, st.View(ctx, func(tx store.Tx) error {
				rs := tx.Records()
				trashed := map[activity.ID]time.Time{}
				for act, err := range store.Activities(rs).All(ctx, a.Workspace, store.Query{Status: store.StatusTrashed}) {
					if err != nil {
						return err
					}
					trashed[act.ID] = act.DeletedAt
				}
				places := map[activity.ID]time.Time{}
				for p, err := range store.ActivityTrash(rs).All(ctx, a.Workspace, store.Query{}) {
					if err != nil {
						return err
					}
					places[p.Activity] = p.DeletedAt
				}
				assert.Equal(t, trashed, places, "seed %d: after %v", seed, log)
				return nil
			}))
			if t.Failed() {
				return
			}
		}
		// A purge leaves nothing past its window.
		now = now.Add(actWindow)
		_, err := svc.PurgeActivityTrash(ctx, a)
		require.NoError(t, err)
		require.NoError(t, st.View(ctx, func(tx store.Tx) error {
			page, err := store.Activities(tx.Records()).List(ctx, a.Workspace, store.Query{Status: store.StatusTrashed}, store.PageRequest{})
			assert.Empty(t, page.Items, "seed %d: %v", seed, log)
			return err
		}))
	}
}

// D3 and store.KindUnmerged: contacts merged, unmerged, deleted, restored,
// erased and purged in random orders through a store that runs every
// transaction twice. Each undone merge has a link to each contact it had
// taken away, and every link its merge; once a contact is erased, no
// merge record holds a snapshot of it.
func TestAcceptance15ReviewUnmergedLinksOverRandomCalls(t *testing.T) {
	ctx := t.Context()
	for seed := range int64(60) {
		rnd := rand.New(rand.NewPCG(uint64(seed), 11))
		st := memstore.New()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		window := 10 * 24 * time.Hour
		svc := contactkit.New(storetest.Retrying(st), &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { return now }, RestoreWindow: &window})
		a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
		var people []contact.ID
		for _, n := range []string{"ann", "bob", "cid", "dan", "eve"} {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &n, Email: new(n + "@example.com")}})
			require.NoError(t, err)
			people = append(people, c.ID)
		}
		var merges []merge.ID
		erased := map[contact.ID]bool{}
		var log []string
		for step := 0; step < 40; step++ {
			var err error
			x, y := people[rnd.IntN(len(people))], people[rnd.IntN(len(people))]
			switch op := rnd.IntN(8); op {
			case 0, 1, 2:
				var p contactkit.MergePreview
				if p, err = svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: x, Others: []contact.ID{y}}); err == nil {
					var rec merge.Record
					if rec, err = svc.MergeContacts(ctx, a, p); err == nil {
						merges = append(merges, rec.ID)
					}
				}
			case 3, 4:
				if len(merges) > 0 {
					_, err = svc.UnmergeContacts(ctx, a, merges[rnd.IntN(len(merges))])
				}
			case 5:
				_, err = svc.DeleteContact(ctx, a, x)
			case 6:
				if err = svc.EraseContact(ctx, a, x); err == nil {
					erased[x] = true
				}
			default:
				now = now.Add(time.Duration(rnd.IntN(8)) * 24 * time.Hour)
				_, err = svc.PurgeTrash(ctx, a)
			}
			log = append(log, fmt.Sprintf("%d:%v", step, err))
			require.NoError(t, st.View(ctx, func(tx store.Tx) error {
				rs := tx.Records()
				want := map[string]bool{}
				for rec, err := range store.Merges(rs).All(ctx, a.Workspace, store.Query{}) {
					if err != nil {
						return err
					}
					for _, in := range rec.Inputs {
						assert.False(t, erased[in.ID], "seed %d: after %v: merge %s holds a snapshot of erased %s", seed, log, rec.ID, in.ID)
					}
					if rec.Undone() {
						for _, o := range rec.Others {
							want[(&merge.Unmerged{Merge: rec.ID, Contact: o}).ID()] = true
						}
					}
				}
				got := map[string]bool{}
				for u, err := range store.Unmerges(rs).All(ctx, a.Workspace, store.Query{}) {
					if err != nil {
						return err
					}
					got[u.ID()] = true
				}
				assert.Equal(t, want, got, "seed %d: after %v: the links of the undone merges", seed, log)
				return nil
			}))
			if t.Failed() {
				return
			}
		}
	}
}

// I5, ImportOptions.Failed: a row of fewer cells than the header (a line
// cut short) keeps its cells in the failed-rows file, its reasons after
// them, so that, left as it is, it fails again. Imported again, its
// reasons are this run's in place of the last run's, and the row keeps
// its shape: the last run's reasons never become a value of the column
// they sit in (the city), even once the user fixes its email.
func TestAcceptance15ReviewFailedRowCutShortKeepsItsShape(t *testing.T) {
	svc := accService("FR")
	first := accImport(t, svc, []byte("Email,First name,City\nbob@@example.com,Bob\n"), "FR", nil, nil)
	require.Equal(t, 1, first.res.Failed, first.outcomes())
	lines := func(r *accRun) []string {
		return strings.Split(strings.TrimSpace(strings.TrimPrefix(r.failed.String(), "\uFEFF")), "\n")
	}
	require.Equal(t, []string{"Email,First name,City,Import error", `bob@@example.com,Bob,"cell count differs from the header: 2 cells, header has 3"`}, lines(first))

	second := accImport(t, svc, first.failed.Bytes(), "FR", nil, nil)
	require.Equal(t, 1, second.res.Failed, second.outcomes())
	got := lines(second)
	require.Len(t, got, 2)
	assert.Equal(t, "Email,First name,City,Import error", got[0])
	assert.Regexp(t, `^bob@@example\.com,Bob,"[^,"]*cell count differs from the header: 3 cells, header has 4"$`, got[1],
		"the row as it was, this run's reasons in place of the last run's")

	fixed := strings.Replace(second.failed.String(), "bob@@", "bob@", 1)
	third := accImport(t, svc, []byte(fixed), "FR", nil, nil)
	for _, c := range accContacts(t, svc) {
		assert.NotContains(t, c.City, "cell count", "the reasons of a failed row became %s's city", c.DisplayName())
	}
	assert.Equal(t, 1, third.res.Failed, "a row cut short fails until the user completes it: %s", third.outcomes())
}

// I5, ImportOptions.Failed, without a header row: the reasons of a failed
// row are its last cell, beginning with importer.FailedPrefix, "by which
// the next import tells that column". A row cut short has them where a
// full row has a value (its city): imported again with the mapping kept
// from the first file, which reads that column, they are the reasons, not
// the row's city, whether the row is still short against the others
// (it fails again, its reasons replaced) or alone in the file.
func TestAcceptance15ReviewHeaderlessFailedRowCutShort(t *testing.T) {
	svc := accService("FR")
	set := func(m *importer.Mapping) {
		require.NoError(t, m.Set(0, importer.Target{Kind: importer.KindEmail}))
		require.NoError(t, m.Set(1, importer.Target{Kind: importer.KindFirstName}))
		require.NoError(t, m.Set(2, importer.Target{Kind: importer.KindCity}))
	}
	first := accImport(t, svc, []byte("zed@example.com,Zed,Paris\nbob@@example.com,Bob,Nice\nann@example.com,Ann\n"), "FR", nil, set)
	require.True(t, first.m.Headerless)
	require.Equal(t, 2, first.res.Failed, first.outcomes())
	kept := first.m
	lines := func(r *accRun) []string {
		return strings.Split(strings.TrimSpace(strings.TrimPrefix(r.failed.String(), "\uFEFF")), "\n")
	}

	// The user imports the failed rows again, as they are: Ann's is still
	// cut short against Bob's, and keeps its shape.
	second := accImport(t, svc, first.failed.Bytes(), "FR", nil, func(m *importer.Mapping) { *m = kept })
	require.Equal(t, 2, second.res.Failed, second.outcomes())
	got := lines(second)
	require.Len(t, got, 2, second.failed.String())
	assert.Regexp(t, `^ann@example\.com,Ann,"Import error: [^"]*"$`, got[1], "Ann's row keeps its shape, this run's reasons in place of the last run's")

	// Then fixes Bob's address: Ann's row is alone, its reasons are no city.
	fixed := strings.Replace(second.failed.String(), "bob@@", "bob@", 1)
	third := accImport(t, svc, []byte(fixed), "FR", nil, func(m *importer.Mapping) { *m = kept })
	assert.Equal(t, 1, third.res.Created, "Bob's: %s", third.outcomes())
	require.Equal(t, 1, third.res.Failed, "Ann's, still cut short against Bob's: %s", third.outcomes())
	only := accImport(t, svc, third.failed.Bytes(), "FR", nil, func(m *importer.Mapping) { *m = kept })
	assert.Equal(t, 1, only.res.Created, "Ann's, alone, without its reasons: %s", only.outcomes())
	for _, c := range accContacts(t, svc) {
		assert.NotContains(t, c.City, importer.FailedPrefix, "the reasons of a failed row became %s's city", c.DisplayName())
	}
}

// D3 against M3: a contact an undone merge had taken away, deleted and
// purged from the trash past its window, lives on in the record of that
// merge (a full snapshot: names, addresses), which MergeHistory shows, and
// which nothing can undo again; an erasure of it removed the record, a
// purge did not ("a merge can be undone after the purge of the trash"
// holds for a standing merge only). Decided: a purge removes it too.
func TestAcceptance15ReviewPurgedContactInAnUndoneMerge(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	window := 24 * time.Hour
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { return now }, RestoreWindow: &window})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	mk := func(name string) contact.ID {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name, Email: new(name + "@example.com")}})
		require.NoError(t, err)
		return c.ID
	}
	ada, bob := mk("ada"), mk("bob")
	p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ada, Others: []contact.ID{bob}})
	require.NoError(t, err)
	rec, err := svc.MergeContacts(ctx, a, p)
	require.NoError(t, err)
	_, err = svc.UnmergeContacts(ctx, a, rec.ID)
	require.NoError(t, err)
	_, err = svc.DeleteContact(ctx, a, bob)
	require.NoError(t, err)
	now = now.Add(2 * window)
	n, err := svc.PurgeTrash(ctx, a)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = svc.GetMerge(ctx, a, rec.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "the undone merge still holds the purged Bob's snapshot")
}
