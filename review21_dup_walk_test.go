package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// rv21dupKey is the matching form of a canonical address, written here
// from M1 alone: an email without its subaddress, Gmail without the dots of
// its local part and googlemail.com read as gmail.com; a phone as it is.
func rv21dupKey(k string) string {
	addr, ok := strings.CutPrefix(k, "email:")
	if !ok {
		return k
	}
	local, domain, _ := strings.Cut(addr, "@")
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = local[:i]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return "email:" + local + "@" + domain
}

// rv21dupModel is what M1 says FindDuplicates finds (no dismissals), from
// the live contacts as the public listing gives them: groups as sorted ID
// lists, each with its reasons (key → sorted holders), and placeholders.
type rv21dupModel struct {
	Groups       []string
	Placeholders []string
}

func rv21dupExpect(t *testing.T, m *merger, limit int) rv21dupModel {
	t.Helper()
	holders := map[string][]contact.ID{}
	for c, err := range m.svc.Contacts(t.Context(), owner, contactkit.ContactQuery{}) {
		require.NoError(t, err)
		if c.Blocked() || c.Trashed() {
			continue
		}
		var mine []string
		for _, k := range c.Keys() {
			mine = append(mine, rv21dupKey(k))
		}
		slices.Sort(mine)
		for _, k := range slices.Compact(mine) {
			holders[k] = append(holders[k], c.ID)
		}
	}
	parent := map[contact.ID]contact.ID{}
	var find func(contact.ID) contact.ID
	find = func(x contact.ID) contact.ID {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		return x
	}
	var out rv21dupModel
	joining := map[string][]contact.ID{}
	for k, hs := range holders {
		if len(hs) < 2 {
			continue
		}
		slices.SortFunc(hs, contact.ID.Compare)
		if len(hs) > limit {
			out.Placeholders = append(out.Placeholders, fmt.Sprint(k, hs))
			continue
		}
		joining[k] = hs
		for _, h := range hs[1:] {
			a, b := find(hs[0]), find(h)
			if a != b {
				parent[b] = a
			}
		}
	}
	groups := map[contact.ID][]string{}
	members := map[contact.ID][]contact.ID{}
	for k, hs := range joining {
		r := find(hs[0])
		groups[r] = append(groups[r], fmt.Sprint(k, hs))
		members[r] = append(members[r], hs...)
	}
	for r, rs := range groups {
		ms := members[r]
		slices.SortFunc(ms, contact.ID.Compare)
		slices.Sort(rs)
		out.Groups = append(out.Groups, fmt.Sprint(slices.Compact(ms), rs))
	}
	slices.Sort(out.Groups)
	slices.Sort(out.Placeholders)
	return out
}

// rv21dupGot is res in the shape of rv21dupModel.
func rv21dupGot(res merge.Result) rv21dupModel {
	var out rv21dupModel
	for _, g := range res.Groups {
		var rs []string
		for _, r := range g.Reasons {
			rs = append(rs, fmt.Sprint(r.Key, r.Contacts))
		}
		slices.Sort(rs)
		out.Groups = append(out.Groups, fmt.Sprint(g.Contacts, rs))
	}
	for _, p := range res.Placeholders {
		out.Placeholders = append(out.Placeholders, fmt.Sprint(p.Key, p.Contacts))
	}
	slices.Sort(out.Groups)
	slices.Sort(out.Placeholders)
	return out
}

// TestRv21dupWalkAgreesWithTheRule: after every step of random sequences of
// creations, edits of addresses (primary and secondary), deletions (one and
// bulk), restores, blocks, unblocks, merges of two to four contacts,
// unmerges, imports (that create, update and block), captures, purges and
// erasures, FindDuplicates, from its index and from scratch, finds what M1
// says, computed here from the live contacts the listing gives: groups of
// live, unblocked contacts joined transitively by a shared matching email
// or phone, with the shared values as reasons, and the values held by more
// than the limit as placeholders.
func TestRv21dupWalkAgreesWithTheRule(t *testing.T) {
	seeds, steps := uint64(6), 80
	if testing.Short() {
		seeds = 2
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			m := newMerger(t, storetest.Retrying(memstore.New()))
			r := rand.New(rand.NewPCG(seed, 21))
			others := func() *[]contact.LabeledInput {
				var in []contact.LabeledInput
				for range r.IntN(3) {
					in = append(in, contact.LabeledInput{Value: randomEmail(r), Label: "work"})
				}
				return &in
			}
			phone := func() string { return fmt.Sprintf("06 12 34 56 %02d", r.IntN(6)) }
			var ids []contact.ID
			var merges []merge.ID
			pick := func() contact.ID {
				if r.IntN(5) > 0 {
					// Mostly a live contact, which more calls accept.
					var live []contact.ID
					for c, err := range m.svc.Contacts(ctx, owner, contactkit.ContactQuery{}) {
						require.NoError(t, err)
						live = append(live, c.ID)
					}
					if len(live) > 0 {
						return live[r.IntN(len(live))]
					}
				}
				return ids[r.IntN(len(ids))]
			}
			done := map[string]int{}
			for step := range steps {
				op := "create"
				if len(ids) > 0 {
					op = pickFrom(r, []string{"create", "create", "update", "update", "delete", "bulkdelete", "restore",
						"block", "unblock", "merge", "merge", "merge", "unmerge", "import", "import", "capture", "purge", "erase"})
					if op == "erase" && r.IntN(2) == 0 {
						op = "merge"
					}
				}
				var err error
				switch op {
				case "create":
					p := contact.Patch{OtherEmails: others()}
					if r.IntN(4) > 0 {
						p.Email = new(randomEmail(r))
					}
					if r.IntN(3) == 0 {
						p.Phone = new(phone())
					}
					var c contact.Contact
					if c, err = m.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: p}); err == nil {
						ids = append(ids, c.ID)
					}
				case "update":
					p := contact.Patch{OtherEmails: others()}
					if r.IntN(2) == 0 {
						p.Email = new(randomEmail(r))
					}
					_, err = m.svc.UpdateContact(ctx, owner, pick(), p)
				case "delete":
					_, err = m.svc.DeleteContact(ctx, owner, pick())
				case "bulkdelete":
					b := contactkit.Bulk{IDs: []contact.ID{pick(), pick()}}
					b.IDs = slices.Compact(b.IDs)
					b.Expected = len(b.IDs)
					_, err = m.svc.DeleteContacts(ctx, owner, b)
				case "restore":
					_, err = m.svc.RestoreContact(ctx, owner, pick())
				case "block":
					_, err = m.svc.BlockContact(ctx, owner, pick(), "spam")
				case "unblock":
					_, err = m.svc.UnblockContact(ctx, owner, pick())
				case "merge":
					in := []contact.ID{pick()}
					for range 1 + r.IntN(3) {
						if id := pick(); !slices.Contains(in, id) {
							in = append(in, id)
						}
					}
					if len(in) < 2 {
						continue
					}
					var rec merge.Record
					if rec, err = m.tryMerge(ctx, owner, contactkit.MergeRequest{Primary: in[0], Others: in[1:]}); err == nil {
						merges = append(merges, rec.ID)
					}
				case "unmerge":
					if len(merges) == 0 {
						continue
					}
					_, err = m.svc.UnmergeContacts(ctx, owner, merges[r.IntN(len(merges))])
				case "import":
					var b strings.Builder
					b.WriteString("Email,E-mail 2 - Value,Phone,Blocked\n")
					for range 1 + r.IntN(3) {
						fmt.Fprintf(&b, "%s,%s,%s,%s\n", randomEmail(r), pickFrom(r, []string{"", randomEmail(r)}),
							pickFrom(r, []string{"", phone()}), pickFrom(r, []string{"", "", "yes", "no"}))
					}
					got := importCSV(t, m.harness, owner, b.String(), &contactkit.ImportOptions{Mode: contactkit.ImportUpsert})
					err = got.err
					for _, row := range got.rows {
						if row.Outcome == contactkit.ImportCreated {
							ids = append(ids, row.Contact)
						}
					}
				case "capture":
					var res contactkit.CaptureResult
					if res, err = m.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new(randomEmail(r))}}); err == nil && res.Created {
						ids = append(ids, res.Contact.ID)
					}
				case "purge":
					m.now = m.now.Add(61 * 24 * time.Hour)
					_, err = m.svc.PurgeTrash(ctx, owner)
				case "erase":
					err = m.svc.EraseContact(ctx, owner, pick())
				}
				if err == nil {
					done[op]++
				}
				limit := 2 + r.IntN(3)
				want := rv21dupExpect(t, m, limit)
				fromIndex, fromScratch := findBoth(t, m.svc, limit)
				require.Equal(t, want, rv21dupGot(fromScratch), "step %d (%s, err %v): detection from scratch is not M1", step, op, err)
				require.Equal(t, want, rv21dupGot(fromIndex), "step %d (%s, err %v): the index is not M1", step, op, err)
			}
			t.Logf("operations done: %v", done)
			for _, op := range []string{"create", "update", "merge", "import", "block"} {
				assert.Positive(t, done[op], "no %s succeeded: the sequence tests too little", op)
			}
		})
	}
}
