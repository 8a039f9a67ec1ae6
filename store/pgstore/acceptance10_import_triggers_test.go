package pgstore_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// acc10Enrollments lists the enrollments of side by contact key and
// automation name.
func acc10Enrollments(t *testing.T, s *acc10Side, names map[automation.ID]string) []string {
	t.Helper()
	ctx := context.Background()
	keys := map[contact.ID]string{}
	for c, err := range s.svc.Contacts(ctx, acc10Actor, contactkit.ContactQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		keys[c.ID] = acc10Key(c)
	}
	var out []string
	for id, name := range names {
		for e, err := range s.svc.Enrollments(ctx, acc10Actor, contactkit.EnrollmentQuery{Automation: id}) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s %s entry=%d state=%v", name, keys[e.Contact], e.Entry, e.State))
		}
	}
	slices.Sort(out)
	return out
}

// TestAcc10ImportTriggersEnrollSame: with automations on contact created,
// tag added and list subscribed, an import with triggers on enrols the
// same contacts on both stores (and a dry run or triggers off none), batch
// sizes 1, 7 and the default, first import and re-import.
func TestAcc10ImportTriggersEnrollSame(t *testing.T) {
	for _, batch := range []int{1, 7, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			sides := acc10Sides(t)
			names := make([]map[automation.ID]string, len(sides))
			for i, s := range sides {
				names[i] = map[automation.ID]string{}
				for _, tr := range []automation.Trigger{automation.On(automation.TriggerContactCreated), automation.On(automation.TriggerTagAdded), automation.OnListSubscribed(s.list.String())} {
					au, err := s.svc.CreateAutomation(context.Background(), acc10Actor, automation.Automation{
						Name: string(tr.Kind), Steps: []automation.Step{{Name: "one"}}, Triggers: []automation.Trigger{tr}, Active: true, Reentry: automation.ReentryAllow,
					})
					if err != nil {
						t.Fatalf("%s: %v", s.name, err)
					}
					names[i][au.ID] = string(tr.Kind)
				}
			}
			half, _ := acc10File(31, 60)
			full, extra := acc10File(31, 120)
			for _, step := range []struct {
				label string
				data  []byte
				o     contactkit.ImportOptions
			}{
				{"off", half, contactkit.ImportOptions{Tags: []string{"t1"}, Lists: []list.ID{}}},
				{"dry on", full, contactkit.ImportOptions{Tags: []string{"t2"}, Lists: []list.ID{}, Triggers: true, DryRun: true}},
				{"on", full, contactkit.ImportOptions{Tags: []string{"t2"}, Lists: []list.ID{}, Triggers: true}},
				{"on again", full, contactkit.ImportOptions{Tags: []string{"t3"}, Lists: []list.ID{}, Triggers: true}},
			} {
				step.o.BatchSize = batch
				acc10Compare(t, sides, step.label, step.data, step.o, extra)
				m, p := acc10Enrollments(t, sides[0], names[0]), acc10Enrollments(t, sides[1], names[1])
				acc10Diff(t, step.label+": enrollments", m, p)
				if step.label == "on" && len(p) == 0 {
					t.Errorf("no enrollment after an import with triggers")
				}
			}
		})
	}
}

// TestAcc10ExportImportLargeAndVCard (I6): 1,700 generated rows imported
// into pgstore, exported as CSV (several pages of the store), imported into
// an empty pgstore workspace: the same contacts. The vCard export, imported
// into an empty pgstore workspace and an empty memstore, gives the same
// contacts on both.
func TestAcc10ExportImportLargeAndVCard(t *testing.T) {
	src := acc10Sides(t)
	data, _ := acc10File(88, 1700)
	run := acc10Import(t, src[1], data, contactkit.ImportOptions{Tags: []string{"imported"}}, nil)
	if run.err != "" {
		t.Fatal(run.err)
	}
	want := acc10Contacts(t, src[1].svc, acc10Actor)
	for _, format := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
		var out bytes.Buffer
		res, err := src[1].svc.Export(context.Background(), acc10Actor, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: format})
		if err != nil || res.Contacts != len(want) {
			t.Fatalf("%s: export %d of %d contacts: %v", format, res.Contacts, len(want), err)
		}
		dst := acc10Sides(t)
		var got [][]string
		for _, s := range dst {
			r := acc10Import(t, s, out.Bytes(), contactkit.ImportOptions{}, nil)
			if r.err != "" || r.res.Failed != 0 {
				t.Errorf("%s into %s: %s", format, s.name, strings.Join(r.rows[:min(5, len(r.rows))], "\n"))
			}
			got = append(got, acc10Contacts(t, s.svc, acc10Actor))
		}
		acc10Diff(t, string(format)+": memstore vs pgstore", got[0], got[1])
		if format == contactkit.ExportCSV {
			acc10Diff(t, "I6 CSV: source vs pgstore destination", want, got[1])
		}
	}
}
