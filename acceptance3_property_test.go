package contactkit_test

// Third acceptance pass: property tests of inverse pairs on random
// contacts (DESIGN.md D2 delete/restore, M4 merge/unmerge) and of the
// duplicate index against a scan from scratch (M1). They pass and are
// kept as regression tests.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/tag"
)

// acc3Random is a random contact input n (its addresses derived from n, so
// unique), with fields, secondary addresses, tags, lists and a note, each
// maybe.
func acc3Random(r *rand.Rand, n int, ls []list.List) contactkit.ContactInput {
	pick := func(p int, s ...string) *string {
		if r.IntN(100) < p {
			return ptr(s[r.IntN(len(s))])
		}
		return nil
	}
	in := contactkit.ContactInput{Patch: contact.Patch{
		FirstName: pick(50, "Ada", "Bob", "Élodie"), LastName: pick(50, "Lovelace", "Smith"),
		Company: pick(40, "Acme", "Engines"), City: pick(40, "Paris", "London"), JobTitle: pick(30, "CTO"),
		Country: pick(20, "FR", "BE"), Language: pick(20, "fr", "en"), BirthDate: pick(20, "1990-01-02"),
		Email: pick(70, fmt.Sprintf("p%d@example.com", n), fmt.Sprintf("P%d.x@Example.com", n)),
		Phone: pick(60, fmt.Sprintf("06 12 %02d %02d %02d", n%100, (n/100)%100, (n/10000)%100), fmt.Sprintf("+33 7 81 %02d %02d %02d", n%100, (n/100)%100, (n/10000)%100)),
	}}
	if r.IntN(3) == 0 {
		in.Fields = map[string]string{"plan": []string{"gold", "silver"}[r.IntN(2)]}
	}
	if in.Email != nil && r.IntN(2) == 0 {
		in.OtherEmails = &[]contact.LabeledInput{{Value: fmt.Sprintf("q%d@example.org", n), Label: "work"}}
	}
	if in.Phone != nil && r.IntN(2) == 0 {
		in.OtherPhones = &[]contact.LabeledInput{{Value: fmt.Sprintf("+33 6 22 %02d %02d %02d", n%100, (n/100)%100, (n/10000)%100), Label: "home"}}
	}
	if in.Email == nil && in.Phone == nil && in.FirstName == nil {
		in.FirstName = ptr("X")
	}
	for _, tg := range []string{"vip", "VIP2", "news"} {
		if r.IntN(3) == 0 {
			in.Tags = append(in.Tags, tg)
		}
	}
	for _, l := range ls {
		if r.IntN(2) == 0 {
			in.Lists = append(in.Lists, l.ID)
		}
	}
	if r.IntN(2) == 0 {
		in.Note = fmt.Sprint("note ", n)
	}
	return in
}

// acc3World is a service with the field "plan" and two lists.
func acc3World(t *testing.T) (*contactkit.Service, *acc3Clock, []list.List) {
	t.Helper()
	ctx := context.Background()
	svc, clk := acc3Service(t, nil)
	_, err := svc.CreateField(ctx, acc3Owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	require.NoError(t, err)
	var ls []list.List
	for _, n := range []string{"L1", "L2"} {
		l, err := svc.CreateList(ctx, acc3Owner, list.List{Name: n})
		require.NoError(t, err)
		ls = append(ls, l)
	}
	return svc, clk, ls
}

// acc3Population creates k random contacts, some unsubscribed on email or
// SMS, from a list, or blocked.
func acc3Population(t *testing.T, r *rand.Rand, svc *contactkit.Service, ls []list.List, seed uint64, k int) []contact.ID {
	t.Helper()
	ctx := context.Background()
	var ids []contact.ID
	for i := range k {
		c, err := svc.CreateContact(ctx, acc3Owner, acc3Random(r, int(seed)*10+i, ls))
		require.NoError(t, err, "seed %d", seed)
		ids = append(ids, c.ID)
		if r.IntN(3) == 0 && !c.Email.IsZero() {
			_, err = svc.Unsubscribe(ctx, acc3Owner, c.ID, list.ChannelEmail, "x")
			require.NoError(t, err)
		}
		if r.IntN(3) == 0 && !c.Phone.IsZero() {
			_, err = svc.Unsubscribe(ctx, acc3Owner, c.ID, list.ChannelSMS, "x")
			require.NoError(t, err)
		}
		if r.IntN(3) == 0 && len(c.Tags) >= 0 {
			for m, err := range svc.Memberships(ctx, acc3Owner, contactkit.MembershipQuery{Contact: c.ID}) {
				require.NoError(t, err)
				_, err = svc.UnsubscribeFromList(ctx, acc3Owner, m.List, c.ID, "x")
				require.NoError(t, err)
				break
			}
		}
		if r.IntN(2) == 0 {
			_, err = svc.AddTask(ctx, acc3Owner, c.ID, contactkit.TaskInput{Title: "call back"})
			require.NoError(t, err)
		}
		if r.IntN(4) == 0 {
			_, err = svc.BlockContact(ctx, acc3Owner, c.ID, "x")
			require.NoError(t, err)
		}
	}
	return ids
}

// Kept (passes): merging 2 to 4 random contacts (either policy) then
// unmerging gives every one back exactly, with its lists, notes and tasks
// and the consent of its addresses (M4, L3).
func TestAcc3PropertyMergeThenUnmergeIsTheIdentity(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 150; seed++ {
		r := rand.New(rand.NewPCG(seed, 3))
		svc, _, ls := acc3World(t)
		ids := acc3Population(t, r, svc, ls, seed, 2+r.IntN(3))
		before := acc3Snaps(t, svc, ids)
		pol := []merge.Policy{merge.PolicyPrimary, merge.PolicyMostRecent}[r.IntN(2)]
		p, err := svc.PreviewMerge(ctx, acc3Owner, contactkit.MergeRequest{Primary: ids[0], Others: ids[1:], Policy: pol})
		require.NoError(t, err, "seed %d", seed)
		rec, err := svc.MergeContacts(ctx, acc3Owner, p)
		require.NoError(t, err, "seed %d", seed)
		// Every unsubscribe of an input still applies (L3).
		for _, id := range ids {
			for _, c := range before[id].Consent {
				addr, status, _ := cut2(c)
				if status == string(list.ConsentUnsubscribed) {
					ch, v, _ := cut1(addr)
					assert.Equal(t, list.ConsentUnsubscribed, acc3Consent(t, svc, list.Channel(ch), v), "seed %d: %s after the merge", seed, addr)
				}
			}
		}
		_, err = svc.UnmergeContacts(ctx, acc3Owner, rec.ID)
		require.NoError(t, err, "seed %d", seed)
		for _, id := range ids {
			assert.Equal(t, before[id], acc3Snap(t, svc, id), "seed %d", seed)
		}
	}
}

// Kept (passes): edits made to the survivor between merge and unmerge
// that the merge did not touch (a tag, a note, a secondary email, a job
// title the merge did not fill) stay on the primary; the others come back
// exactly; a job title the merge filled and the user edited is a
// conflict (M4).
func TestAcc3PropertyUnmergeKeepsLaterEdits(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 150; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		svc, _, ls := acc3World(t)
		ids := acc3Population(t, r, svc, ls, seed, 2+r.IntN(2))
		before := acc3Snaps(t, svc, ids)
		rec := acc3Merge(t, svc, ids[0], ids[1:]...)
		merged := acc3Get(t, svc, ids[0])
		want := before[ids[0]].Contact.Clone()
		conflict := false
		newEmail := ""
		if r.IntN(2) == 0 {
			_, err := svc.TagContact(ctx, acc3Owner, ids[0], "later")
			if err == nil {
				want.Tags, _ = want.Tags.Add(tag.MustParseName("later"))
			} else {
				require.ErrorIs(t, err, contactkit.ErrContactBlocked, "seed %d", seed)
			}
		}
		if r.IntN(2) == 0 && !merged.Blocked() {
			_, err := svc.UpdateContact(ctx, acc3Owner, ids[0], contact.Patch{JobTitle: ptr("Boss")})
			require.NoError(t, err)
			want.JobTitle = "Boss"
			conflict = merged.JobTitle != before[ids[0]].Contact.JobTitle && merged.JobTitle != "Boss"
		}
		if r.IntN(2) == 0 && !merged.Blocked() && len(merged.OtherEmails) < contact.MaxOtherAddresses && !merged.Email.IsZero() {
			var others []contact.LabeledInput
			for _, e := range merged.OtherEmails {
				others = append(others, contact.LabeledInput{Value: e.Email.String(), Label: string(e.Label)})
			}
			newEmail = fmt.Sprintf("new%d@example.net", seed)
			others = append(others, contact.LabeledInput{Value: newEmail})
			_, err := svc.UpdateContact(ctx, acc3Owner, ids[0], contact.Patch{OtherEmails: &others})
			require.NoError(t, err, "seed %d", seed)
		}
		_, err := svc.UnmergeContacts(ctx, acc3Owner, rec.ID)
		if conflict {
			require.ErrorIs(t, err, contactkit.ErrConflict, "seed %d", seed)
			continue
		}
		require.NoError(t, err, "seed %d", seed)
		for _, id := range ids[1:] {
			assert.Equal(t, before[id], acc3Snap(t, svc, id), "seed %d", seed)
		}
		got := acc3Norm(acc3Get(t, svc, ids[0]))
		if newEmail != "" {
			assert.Contains(t, accStrings(got.Emails()), newEmail, "seed %d", seed)
			got.Email, got.EmailLabel, got.OtherEmails = want.Email, want.EmailLabel, want.OtherEmails
		}
		got.UpdatedAt, want.UpdatedAt = got.CreatedAt, want.CreatedAt
		assert.Equal(t, want, got, "seed %d", seed)
	}
}

// Kept (passes): deleting random contacts (a survivor of a merge among
// them) and restoring them in any order gives them back exactly (D2).
func TestAcc3PropertyDeleteThenRestoreIsTheIdentity(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 150; seed++ {
		r := rand.New(rand.NewPCG(seed, 5))
		svc, _, ls := acc3World(t)
		ids := acc3Population(t, r, svc, ls, seed, 3)
		if r.IntN(2) == 0 {
			acc3Merge(t, svc, ids[0], ids[1])
			ids = []contact.ID{ids[0], ids[2]}
		}
		before := acc3Snaps(t, svc, ids)
		for _, id := range ids {
			_, err := svc.DeleteContact(ctx, acc3Owner, id)
			require.NoError(t, err)
		}
		for _, j := range r.Perm(len(ids)) {
			_, err := svc.RestoreContact(ctx, acc3Owner, ids[j])
			require.NoError(t, err, "seed %d", seed)
		}
		for _, id := range ids {
			assert.Equal(t, before[id], acc3Snap(t, svc, id), "seed %d", seed)
		}
	}
}

// Kept (passes): after every step of a random walk (create with addresses
// that match in Gmail and subaddress form, merge, unmerge, delete,
// restore, block, erase, purge), the duplicate index the Service keeps
// gives what a scan from scratch gives (M1).
func TestAcc3PropertyDuplicateIndexMatchesAScan(t *testing.T) {
	ctx := context.Background()
	emails := []string{"ada.lovelace@gmail.com", "adalovelace@gmail.com", "Ada.Lovelace+x@gmail.com", "bob@example.com", "bob+1@example.com", "BOB@example.com", "carol@example.org", "c.arol@example.org"}
	phones := []string{"0612345678", "0781234567", "0622334455", "+33 6 99 88 77 66", "0033612345678"}
	for seed := uint64(1); seed <= 40; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		svc, clk := acc3Service(t, nil)
		var ids []contact.ID
		var recs []merge.Record
		for step := range 40 {
			op := r.IntN(8)
			switch {
			case op <= 2 || len(ids) < 2:
				in := contactkit.ContactInput{Patch: contact.Patch{FirstName: ptr(fmt.Sprint("n", step))}}
				if r.IntN(3) > 0 {
					in.Email = ptr(emails[r.IntN(len(emails))])
				}
				if r.IntN(2) > 0 {
					in.Phone = ptr(phones[r.IntN(len(phones))])
				}
				if r.IntN(3) == 0 {
					in.OtherEmails = &[]contact.LabeledInput{{Value: emails[r.IntN(len(emails))]}}
				}
				if c, err := svc.CreateContact(ctx, acc3Owner, in); err == nil {
					ids = append(ids, c.ID)
				}
			case op == 3:
				p, err := svc.PreviewMerge(ctx, acc3Owner, contactkit.MergeRequest{Primary: ids[r.IntN(len(ids))], Others: []contact.ID{ids[r.IntN(len(ids))]}})
				if err == nil {
					if rec, err := svc.MergeContacts(ctx, acc3Owner, p); err == nil {
						recs = append(recs, rec)
					}
				}
			case op == 4 && len(recs) > 0:
				_, _ = svc.UnmergeContacts(ctx, acc3Owner, recs[r.IntN(len(recs))].ID)
			case op == 5:
				_, _ = svc.DeleteContact(ctx, acc3Owner, ids[r.IntN(len(ids))])
			case op == 6:
				_, _ = svc.RestoreContact(ctx, acc3Owner, ids[r.IntN(len(ids))])
			case op == 7 && r.IntN(2) == 0:
				_, _ = svc.BlockContact(ctx, acc3Owner, ids[r.IntN(len(ids))], "x")
			case op == 7:
				_ = svc.EraseContact(ctx, acc3Owner, ids[r.IntN(len(ids))])
			}
			if r.IntN(10) == 0 {
				clk.now = clk.now.Add(61 * 24 * time.Hour)
				_, err := svc.PurgeTrash(ctx, acc3Owner)
				require.NoError(t, err)
			}
			idx, err := svc.FindDuplicates(ctx, acc3Owner, nil)
			require.NoError(t, err)
			scan, err := svc.FindDuplicates(ctx, acc3Owner, &contactkit.DuplicateOptions{FromScratch: true})
			require.NoError(t, err)
			require.Equal(t, acc3Groups(scan), acc3Groups(idx), "seed %d step %d", seed, step)
		}
	}
}

func acc3Groups(r merge.Result) []string {
	var out []string
	for _, g := range r.Groups {
		ids := accStrings(g.Contacts)
		slices.Sort(ids)
		var keys []string
		for _, x := range g.Reasons {
			keys = append(keys, x.Key)
		}
		slices.Sort(keys)
		out = append(out, fmt.Sprint(ids, keys))
	}
	slices.Sort(out)
	return out
}

// cut2 splits "channel:value status" at its last space; cut1 splits
// "channel:value" at its first colon.
func cut2(s string) (string, string, bool) {
	i := len(s) - 1
	for i >= 0 && s[i] != ' ' {
		i--
	}
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

func cut1(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == ':' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
