package pgstore_test

// Acceptance (seventh round), Kept (passes): the import of a Blocked
// column on PostgreSQL gives what it gives on memstore: the same outcomes
// and failed rows in a dry and a real run, batches of two with a row that
// matches, by its phone, the contact the row before it updated; the
// contacts blocked, listed by Status, their enrollments stopped.

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
)

func TestAcc7KeptImportBlockedParity(t *testing.T) {
	ctx := context.Background()
	var want string
	for _, side := range acc5Sides(t, nil) {
		svc, a := side.svc, acc5Actor
		var got strings.Builder
		au, err := svc.CreateAutomation(ctx, a, automation.Automation{Name: "w", Steps: []automation.Step{{Name: "s"}}, Active: true,
			Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}})
		if err != nil {
			t.Fatal(err)
		}
		ann, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), Phone: new("+33611111111")}})
		if err != nil {
			t.Fatal(err)
		}
		text := "Email,Phone,Blocked,First Name\n" +
			"ann@example.com,,no,Annie\n" + // updates Ann, does not block
			",06 11 11 11 11,yes,\n" + // matches Ann again by phone: blocks her
			"new@example.com,,oui,New\n" + // created blocked
			"x@example.com,,bad,X\n" // fails
		for _, dry := range []bool{true, false} {
			r, err := importer.Open(strings.NewReader(text), nil)
			if err != nil {
				t.Fatal(err)
			}
			m := importer.Suggest(r.Header(), nil, nil, &importer.MapOptions{Region: "FR"})
			var failed bytes.Buffer
			res, err := svc.Import(ctx, a, r, m, &contactkit.ImportOptions{DryRun: dry, Triggers: true, Reason: "mig", BatchSize: 2, Failed: &failed,
				OnRow: func(row contactkit.ImportRow) { got.WriteString(string(row.Outcome) + " ") }})
			if err != nil {
				t.Fatal(err)
			}
			got.WriteString(failed.String())
			if res.Created != 1 || res.Updated != 2 || res.Failed != 1 {
				t.Errorf("%s dry=%v: %+v", side.name, dry, res)
			}
		}
		c, err := svc.GetContact(ctx, a, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Blocked() || c.FirstName != "Annie" {
			t.Errorf("%s: Ann blocked=%v name=%q", side.name, c.Blocked(), c.FirstName)
		}
		n, err := svc.ContactByEmail(ctx, a, "new@example.com")
		if err != nil || !n.Blocked() {
			t.Errorf("%s: new contact %v blocked=%v", side.name, err, n.Blocked())
		}
		blocked := 0
		for _, err := range svc.Contacts(ctx, a, contactkit.ContactQuery{Status: contact.StatusBlocked}) {
			if err != nil {
				t.Fatal(err)
			}
			blocked++
		}
		if blocked != 2 {
			t.Errorf("%s: %d blocked contacts listed, want 2", side.name, blocked)
		}
		for e, err := range svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Automation: au.ID}) {
			if err != nil {
				t.Fatal(err)
			}
			if e.Contact != ann.ID || e.State != automation.StateStopped || e.StopReason != automation.ReasonContactBlocked {
				t.Errorf("%s: enrollment %+v", side.name, e)
			}
		}
		if want == "" {
			want = got.String()
		} else if got.String() != want {
			t.Errorf("pgstore gives\n%s\nmemstore\n%s", got.String(), want)
		}
	}
}
