package pgstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
)

// acc10Contacts returns the contacts of ws on svc by key, without IDs,
// times, versions and source (what an import into an empty workspace
// cannot give back).
func acc10Contacts(t *testing.T, svc *contactkit.Service, a contactkit.Actor) []string {
	t.Helper()
	var out []string
	for c, err := range svc.Contacts(context.Background(), a, contactkit.ContactQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		c.ID, c.Workspace, c.Version, c.CreatedAt, c.UpdatedAt, c.Source = contact.ID{}, "", 0, time.Time{}, time.Time{}, ""
		c.Channels = nil
		b, _ := json.Marshal(c)
		out = append(out, acc10Key(c)+" "+string(b))
	}
	slices.Sort(out)
	return out
}

// TestAcc10ExportImportRoundTripPgstore (I6): a generated realistic file
// imported into pgstore, exported, and the export imported into an empty
// workspace of the same pgstore gives the same contacts and the same
// consent; and memstore, fed the same export, gives the same again.
func TestAcc10ExportImportRoundTripPgstore(t *testing.T) {
	for _, batch := range []int{1, 7, 0} {
		sides := acc10Sides(t)
		data, _ := acc10File(7, 300)
		for _, s := range sides {
			run := acc10Import(t, s, data, contactkit.ImportOptions{BatchSize: batch, Tags: []string{"imported"}}, nil)
			if run.err != "" || run.res.Created < 200 {
				t.Fatalf("%s: %s", s.name, run)
			}
		}
		var exports [][]byte
		for _, s := range sides {
			var out bytes.Buffer
			if _, err := s.svc.Export(context.Background(), acc10Actor, contactkit.ContactQuery{}, &out, nil); err != nil {
				t.Fatalf("%s: export: %v", s.name, err)
			}
			exports = append(exports, out.Bytes())
		}
		acc10Diff(t, "exports", strings.Split(string(exports[0]), "\n"), strings.Split(string(exports[1]), "\n"))

		// The export into an empty workspace of the pgstore, and of a new
		// memstore side.
		dst := acc10Sides(t)
		for _, s := range dst {
			run := acc10Import(t, s, exports[1], contactkit.ImportOptions{BatchSize: batch}, nil)
			if run.err != "" || run.res.Failed != 0 || run.res.Skipped != 0 {
				t.Errorf("%s: reimport: %s", s.name, run)
			}
		}
		src := acc10Contacts(t, sides[1].svc, acc10Actor)
		for _, s := range dst {
			acc10Diff(t, "I6 pgstore export into "+s.name, src, acc10Contacts(t, s.svc, acc10Actor))
		}
		// Consent of every address of a contact agrees between source and
		// destination. (The file's other addresses, those of its failed
		// rows, hold the unsubscribes those rows recorded in the source's
		// ledger, which an export of contacts does not carry.)
		var addrs []string
		for _, l := range acc10State(t, sides[1], nil) {
			if strings.HasPrefix(l, "consent ") {
				f := strings.Fields(l)
				addrs = append(addrs, f[1]+" "+f[2])
			}
		}
		for _, s := range dst {
			var got []string
			for _, l := range acc10State(t, s, nil) {
				if strings.HasPrefix(l, "consent ") {
					f := strings.Fields(l)
					got = append(got, f[1]+" "+f[2])
				}
			}
			acc10Diff(t, "I6 consent into "+s.name, addrs, got)
		}
		// Re-importing the export into the source pgstore changes nothing:
		// each row matches its contact by its contactkit ID, those with no
		// address included, which were created again while a row was
		// matched by its addresses only.
		before := acc10Contacts(t, sides[1].svc, acc10Actor)
		run := acc10Import(t, sides[1], exports[1], contactkit.ImportOptions{BatchSize: batch}, nil)
		if run.err != "" || run.res.Created != 0 || run.res.Failed != 0 {
			t.Errorf("reimport into the source: %s", run)
		}
		after := acc10Contacts(t, sides[1].svc, acc10Actor)
		acc10Diff(t, "reimport into the source", before, after)
	}
}

// TestAcc10ImportOtherWorkspaceSameStore: the same file imported into two
// workspaces of one pgstore gives each the same contacts (the prefetch
// cache is by workspace) and the second workspace's import does not see
// the first's contacts.
func TestAcc10ImportOtherWorkspaceSameStore(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	st := pgstore.New(pool, nil)
	svc := contactkit.New(st, &contactkit.Options{DefaultRegion: "FR"})
	data, _ := acc10File(11, 200)
	var got [][]string
	for _, ws := range []contact.WorkspaceID{"acc10a", "acc10b"} {
		a := contactkit.Actor{Workspace: ws, User: "owner", Role: contactkit.RoleOwner}
		s := &acc10Side{name: string(ws), svc: svc}
		saved := acc10Actor
		acc10Actor = a
		run := acc10Import(t, s, data, contactkit.ImportOptions{BatchSize: 7}, nil)
		acc10Actor = saved
		if run.err != "" || run.res.Updated != 0 {
			t.Errorf("%s: %s", ws, run)
		}
		got = append(got, acc10Contacts(t, svc, a))
	}
	acc10Diff(t, "workspaces", got[0], got[1])
}
