package pgstore_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// TestAcc10ImportDifferentialGenerated imports a generated realistic file
// into memstore and pgstore, for each batch size (1, 7, the default), with
// triggers off and on, in each mode: a dry run on the empty store (nothing
// written), the first half for real (upsert), then the whole file in the
// mode under test dry and for real (updates of the first half), then the
// same again. Every step must agree between the stores.
func TestAcc10ImportDifferentialGenerated(t *testing.T) {
	const n = 240
	half, _ := acc10File(42, n/2)
	full, extra := acc10File(42, n)
	for _, batch := range []int{1, 7, 0} {
		for _, triggers := range []bool{false, true} {
			for _, mode := range []contactkit.ImportMode{contactkit.ImportUpsert, contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly} {
				t.Run(fmt.Sprintf("batch%d/triggers=%v/%s", batch, triggers, mode), func(t *testing.T) {
					sides := acc10Sides(t)
					empty := acc10State(t, sides[0], extra)
					base := contactkit.ImportOptions{BatchSize: batch, Triggers: triggers, Tags: []string{"imported"}, Lists: []list.ID{}}
					dry := base
					dry.DryRun = true
					acc10Compare(t, sides, "dry run on empty", full, dry, extra)
					for _, s := range sides {
						acc10Diff(t, s.name+": dry run wrote", empty, acc10State(t, s, extra))
					}
					acc10Compare(t, sides, "first half", half, base, extra)
					o := base
					o.Mode = mode
					d := o
					d.DryRun = true
					before := acc10State(t, sides[1], extra)
					dr := acc10Compare(t, sides, "dry full", full, d, extra)
					acc10Diff(t, "pgstore: dry run wrote", before, acc10State(t, sides[1], extra))
					rr := acc10Compare(t, sides, "full", full, o, extra)
					// The dry run reports what the real run does (issue 13), on each store.
					for i := range sides {
						acc10Diff(t, sides[i].name+": dry vs real rows", dr[i].rows, rr[i].rows)
					}
					acc10Compare(t, sides, "full again", full, o, extra)
				})
			}
		}
	}
}

func acc10Ptr(s string) *string { return &s }

// TestAcc10ImportDifferentialEdgeCases imports, over existing contacts,
// hand-made rows: a match by email in another case, a match by a national
// form of a stored international phone, a match by a secondary address, an
// ambiguous row (email of one, phone of another), a phone shared by two
// rows and by an existing contact, an unsubscribed address that a row says
// is subscribed, a blocked column, a duplicate row, the address of an
// erased contact, bad cells. Both stores must agree on everything.
func TestAcc10ImportDifferentialEdgeCases(t *testing.T) {
	for _, batch := range []int{1, 2, 7, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			sides := acc10Sides(t)
			ctx := context.Background()
			for _, s := range sides {
				mk := func(first, email, phone string, others ...string) contact.Contact {
					in := contactkit.ContactInput{}
					in.FirstName = acc10Ptr(first)
					if email != "" {
						in.Email = acc10Ptr(email)
					}
					if phone != "" {
						in.Phone = acc10Ptr(phone)
					}
					if len(others) > 0 {
						var li []contact.LabeledInput
						for _, o := range others {
							li = append(li, contact.LabeledInput{Value: o})
						}
						in.OtherEmails = &li
					}
					c, err := s.svc.CreateContact(ctx, acc10Actor, in)
					if err != nil {
						t.Fatalf("%s: create %s: %v", s.name, first, err)
					}
					return c
				}
				mk("Alice", "alice@example.com", "+33612345678")
				b := mk("Bob", "bob@example.com", "+33698765432", "bob.work@example.com")
				mk("Carol", "carol@example.com", "")
				if _, err := s.svc.Unsubscribe(ctx, acc10Actor, b.ID, list.ChannelEmail, "asked"); err != nil {
					t.Fatal(err)
				}
				e := mk("Erin", "erin@example.com", "+33611111111")
				if err := s.svc.EraseContact(ctx, acc10Actor, e.ID); err != nil {
					t.Fatal(err)
				}
				g := mk("Gus", "gus@example.com", "")
				if _, err := s.svc.DeleteContact(ctx, acc10Actor, g.ID); err != nil {
					t.Fatal(err)
				}
			}
			file := "First Name,Last Name,Email,Phone,Country,Email Consent,SMS Opt Out,Blocked,Tags,Plan\n" +
				"Alicia,Martin,ALICE@Example.com,,,,,,vip,\n" + // by email, other case
				"Al,,,06 12 34 56 78,,,yes,,,\n" + // by national phone
				"Bobby,,bob.work@example.com,,,subscribed,,,,\n" + // by secondary email; unsubscribed stays
				"Amb,,carol@example.com,+33 6 98 76 54 32,,,,,,\n" + // ambiguous: Carol's email, Bob's phone
				"Office1,,office1@example.com,01 44 55 66 77,,,,,,\n" + // shared office phone, row 1
				"Office2,,office2@example.com,01 44 55 66 77,,,,,,\n" + // shared office phone, row 2
				"Office3,,office3@example.com,+33 6 12 34 56 78,,,,,,\n" + // Alice's phone with a new email
				"Dup,,new1@example.com,,,,,,,\n" +
				"Dup2,,NEW1@example.com,,,,,,,\n" + // duplicate of the previous row
				"Erin,,erin@example.com,+33611111111,,subscribed,,,,\n" + // erased contact's addresses
				"Gus,,gus@example.com,,,,,,,\n" + // trashed contact's email
				"Blk,,blk@example.com,,,,,yes,,\n" + // blocked column
				"Bad,,not-an-email,06 12,,,,,,\n" + // bad cells
				"UK,,uk@example.co.uk,020 7946 0018,GB,unsubscribed,,,,\n" + // country column decides the region
				"Many,,\"m1@example.com, m2@example.com\",,,,,,,\n" + // several emails in a cell
				"M2,,m2@example.com,07 00 00 00 01,,,,,,\n" + // matches the previous row's second email
				"NoAddr,,,,,,,,,\n"
			extra := []string{"email:bob@example.com", "email:erin@example.com", "sms:+33611111111", "email:gus@example.com",
				"email:uk@example.co.uk", "email:blk@example.com"}
			base := contactkit.ImportOptions{BatchSize: batch, Lists: []list.ID{}, Tags: []string{"edge"}}
			var logged []*acc10Run
			for _, mode := range []contactkit.ImportMode{contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly, contactkit.ImportUpsert} {
				o := base
				o.Mode = mode
				d := o
				d.DryRun = true
				dr := acc10Compare(t, sides, string(mode)+" dry", []byte(file), d, extra)
				rr := acc10Compare(t, sides, string(mode), []byte(file), o, extra)
				logged = append(logged, rr[1])
				for i := range sides {
					acc10Diff(t, sides[i].name+": "+string(mode)+": dry vs real rows", dr[i].rows, rr[i].rows)
				}
			}
			if testing.Verbose() && batch == 0 {
				for _, r := range logged {
					t.Log(r)
				}
				var b bytes.Buffer
				for _, l := range acc10State(t, sides[1], extra) {
					fmt.Fprintln(&b, l)
				}
				t.Log(b.String())
			}
		})
	}
}
