package contactkit_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
	"github.com/contactkit/contactkit/tag"
)

// acc11Invariants checks, in the store itself, what must hold after any
// call: no active enrollment of a contact in the trash or blocked (A4, D1,
// B1); no record of a contact that is not stored, or that was merged away
// (M2: everything moved to the survivor); no address held by two live
// contacts (C9, D1); no live contact with a tombstone, and every tombstone
// pointing at a contact that is not merged away itself (chains collapse).
func acc11Invariants(t *testing.T, st store.Store, ws contact.WorkspaceID) []string {
	t.Helper()
	ctx := context.Background()
	var problems []string
	err := st.View(ctx, func(tx store.Tx) error {
		problems = nil
		contacts := map[contact.ID]contact.Contact{}
		for _, trashed := range []bool{false, true} {
			for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
				return tx.Contacts().List(ctx, ws, store.ContactQuery{Trashed: trashed}, p)
			}) {
				if err != nil {
					return err
				}
				contacts[c.ID] = c
			}
		}
		tombs := map[contact.ID]merge.Tombstone{}
		for t, err := range store.Tombstones(tx.Records()).All(ctx, ws, store.Query{}) {
			if err != nil {
				return err
			}
			tombs[t.Contact] = t
		}
		held := map[string]contact.ID{}
		for _, c := range contacts {
			if c.Trashed() {
				continue
			}
			if _, ok := tombs[c.ID]; ok {
				problems = append(problems, fmt.Sprintf("live contact %s has a tombstone", c.ID))
			}
			for _, k := range c.Keys() {
				if o, ok := held[k]; ok {
					problems = append(problems, fmt.Sprintf("%s held by live %s and %s", k, o, c.ID))
				}
				held[k] = c.ID
			}
		}
		for _, tb := range tombs {
			if _, ok := tombs[tb.Into]; ok {
				problems = append(problems, fmt.Sprintf("tombstone %s into %s, itself merged away", tb.Contact, tb.Into))
			}
		}
		for e, err := range store.Enrollments(tx.Records()).All(ctx, ws, store.Query{}) {
			if err != nil {
				return err
			}
			c, ok := contacts[e.Contact]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("enrollment %s of missing contact %s", e.ID, e.Contact))
			case e.Active() && (c.Trashed() || c.Blocked()):
				problems = append(problems, fmt.Sprintf("active enrollment %s of contact %s trashed=%v blocked=%v", e.ID, c.ID, c.Trashed(), c.Blocked()))
			}
			if _, ok := tombs[e.Contact]; ok {
				problems = append(problems, fmt.Sprintf("enrollment %s of merged-away contact %s", e.ID, e.Contact))
			}
		}
		for _, k := range []store.Kind{store.KindActivity, store.KindMembership, store.KindAssociation, store.KindFollow} {
			for r, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[store.Record], error) {
				return tx.Records().List(ctx, ws, k, store.Query{}, p)
			}) {
				if err != nil {
					return err
				}
				if _, ok := contacts[r.Keys.Contact]; !ok {
					problems = append(problems, fmt.Sprintf("%s %s of missing contact %s", k.Name(), r.ID, r.Keys.Contact))
				}
				if _, ok := tombs[r.Keys.Contact]; ok {
					problems = append(problems, fmt.Sprintf("%s %s of merged-away contact %s", k.Name(), r.ID, r.Keys.Contact))
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	return problems
}

// A random walk of the calls of the lifecycle, merge, automations and
// activities keeps acc11Invariants after every call.
func TestAcc11WalkKeepsTheInvariants(t *testing.T) {
	emails := []string{"ada.lovelace@gmail.com", "adalovelace+x@gmail.com", "bob@example.com", "bob+1@example.com", "carol@example.org", "c.arol+2@example.org", "dan@example.net"}
	phones := []string{"0612345678", "0781234567", "0622334455", "+33 6 99 88 77 66"}
	for seed := uint64(1); seed <= 150; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		st := memstore.New()
		svc := contactkit.New(storetest.Retrying(st), &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { now = now.Add(time.Second); return now }})
		ctx := t.Context()
		a := acc11Owner
		l, err := svc.CreateList(ctx, a, list.List{Name: "News"})
		require.NoError(t, err)
		var autos []automation.Automation
		for i, tr := range []automation.Trigger{automation.OnTagAdded(tag.MustParseName("hot")), automation.On(automation.TriggerNoteAdded)} {
			au, err := svc.CreateAutomation(ctx, a, automation.Automation{Name: fmt.Sprint("a", i), Steps: []automation.Step{{Name: "s1"}, {Name: "s2"}}, Triggers: []automation.Trigger{tr}, Active: true, Reentry: []automation.Reentry{"", automation.ReentryAllow}[i]})
			require.NoError(t, err)
			autos = append(autos, au)
		}
		var ids []contact.ID
		var recs []merge.ID
		var acts []activity.ID
		var ens []automation.EnrollmentID
		pick := func() contact.ID { return ids[r.IntN(len(ids))] }
		var trace []string
		for step := range 100 {
			op := r.IntN(20)
			if len(ids) < 2 {
				op = 0
			}
			var what string
			var err error
			switch op {
			case 0, 1:
				in := contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("n", step))}}
				if r.IntN(3) > 0 {
					in.Email = new(emails[r.IntN(len(emails))])
				}
				if r.IntN(2) > 0 {
					in.Phone = new(phones[r.IntN(len(phones))])
				}
				var c contact.Contact
				if c, err = svc.CreateContact(ctx, a, in); err == nil {
					ids = append(ids, c.ID)
				}
				what = "create"
			case 2, 3:
				x, y := pick(), pick()
				what = fmt.Sprintf("merge %s <- %s", x, y)
				var p contactkit.MergePreview
				if p, err = svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: x, Others: []contact.ID{y}}); err == nil {
					var rec merge.Record
					if rec, err = svc.MergeContacts(ctx, a, p); err == nil {
						recs = append(recs, rec.ID)
					}
				}
			case 4:
				if len(recs) > 0 {
					id := recs[r.IntN(len(recs))]
					what = "unmerge " + id.String()
					_, err = svc.UnmergeContacts(ctx, a, id)
				}
			case 5:
				id := pick()
				what = "delete " + id.String()
				_, err = svc.DeleteContact(ctx, a, id)
			case 6:
				id := pick()
				what = "restore " + id.String()
				_, err = svc.RestoreContact(ctx, a, id)
			case 7:
				id := pick()
				what = "block " + id.String()
				_, err = svc.BlockContact(ctx, a, id, "spam")
			case 8:
				id := pick()
				what = "unblock " + id.String()
				_, err = svc.UnblockContact(ctx, a, id)
			case 9:
				id := pick()
				what = "note " + id.String()
				var n activity.Activity
				if n, err = svc.AddNote(ctx, a, id, contactkit.NoteInput{Body: "n", Enroll: autos[0].ID}); err == nil {
					acts = append(acts, n.ID)
				}
			case 10:
				id := pick()
				what = "task " + id.String()
				var n activity.Activity
				if n, err = svc.AddTask(ctx, a, id, contactkit.TaskInput{Title: "t", Enroll: autos[1].ID}); err == nil {
					acts = append(acts, n.ID)
				}
			case 11:
				if len(acts) > 0 {
					id := acts[r.IntN(len(acts))]
					switch r.IntN(4) {
					case 0:
						what = "delete activity"
						_, err = svc.DeleteActivity(ctx, a, id)
					case 1:
						what = "restore activity"
						_, err = svc.RestoreActivity(ctx, a, id)
					case 2:
						what = "complete task"
						_, err = svc.CompleteTask(ctx, a, id)
					case 3:
						what = "move task"
						_, err = svc.MoveTask(ctx, a, id, pick())
					}
				}
			case 12, 13:
				id, au := pick(), autos[r.IntN(len(autos))]
				what = "enroll " + id.String()
				var e automation.Enrollment
				if e, err = svc.Enroll(ctx, a, au.ID, id, ""); err == nil {
					ens = append(ens, e.ID)
				}
			case 14:
				if len(ens) > 0 {
					id := ens[r.IntN(len(ens))]
					if r.IntN(2) == 0 {
						what = "pass"
						_, err = svc.PassStep(ctx, a, id, automation.OutcomeCompleted)
					} else {
						what = "end"
						_, err = svc.EndEnrollment(ctx, a, id)
					}
				}
			case 15:
				id := pick()
				what = "tag " + id.String()
				_, err = svc.TagContact(ctx, a, id, "hot")
			case 16:
				id := pick()
				what = "list " + id.String()
				_, err = svc.AddToList(ctx, a, l.ID, id)
			case 17:
				id := pick()
				what = "company " + id.String()
				_, err = svc.UpdateContact(ctx, a, id, contact.Patch{Company: new(fmt.Sprint("C", step))})
			case 18:
				if r.IntN(4) == 0 {
					id := pick()
					what = "erase " + id.String()
					err = svc.EraseContact(ctx, a, id)
				}
			case 19:
				if r.IntN(3) == 0 {
					now = now.Add(61 * 24 * time.Hour)
					what = "purge"
					_, err = svc.PurgeTrash(ctx, a)
				}
			}
			if what == "" {
				continue
			}
			trace = append(trace, fmt.Sprintf("%d %s: %v", step, what, err))
			if problems := acc11Invariants(t, st, a.Workspace); len(problems) > 0 {
				t.Fatalf("seed %d step %d %s:\n%q\ntrace:\n%s", seed, step, what, problems, joinLines(trace))
			}
		}
	}
}

func joinLines(s []string) string {
	out := ""
	for _, x := range s {
		out += x + "\n"
	}
	return out
}
