package pgstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// TestAcc10ImportSecondAddressTaken: a row that matches one contact and
// gives, in a second email or phone column, an address another live
// contact holds (or a trashed one, or one a row of the same batch just
// created): both stores report the same outcome, the same error (naming
// the same holder) and write the same.
func TestAcc10ImportSecondAddressTaken(t *testing.T) {
	for _, batch := range []int{1, 4, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			sides := acc10Sides(t)
			ctx := context.Background()
			for _, s := range sides {
				for _, c := range [][3]string{{"Ann", "ann@example.com", "+33611000001"}, {"Ben", "ben@example.com", "+33611000002"}, {"Tom", "tom@example.com", "+33611000003"}} {
					in := contactkit.ContactInput{}
					in.FirstName, in.Email, in.Phone = acc10Ptr(c[0]), acc10Ptr(c[1]), acc10Ptr(c[2])
					if c[0] == "Ben" {
						li := []contact.LabeledInput{{Value: "ben2@example.com", Label: "work"}}
						in.OtherEmails = &li
					}
					ct, err := s.svc.CreateContact(ctx, acc10Actor, in)
					if err != nil {
						t.Fatal(err)
					}
					if c[0] == "Tom" {
						if _, err := s.svc.DeleteContact(ctx, acc10Actor, ct.ID); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			file := "First Name,Email,Work Email,Phone,Office Phone\n" +
				"Ann,ann@example.com,ben2@example.com,,\n" + // Ben's secondary email as a second email
				"Ann,ann@example.com,,,+33 6 11 00 00 02\n" + // Ben's phone as an office phone
				"Ann,ann@example.com,tom@example.com,,06 11 00 00 03\n" + // the trashed Tom's addresses
				"Zed,zed@example.com,,06 11 00 00 09,\n" + // new
				"Ann,ann@example.com,,,06 11 00 00 09\n" + // Zed's phone, created just before
				"Ben,ben@example.com,zed@example.com,,\n" // Zed's email
			extra := []string{"email:ben2@example.com", "sms:+33611000002", "email:tom@example.com", "sms:+33611000009", "email:zed@example.com"}
			o := contactkit.ImportOptions{BatchSize: batch, Lists: []list.ID{}}
			runs := acc10Compare(t, sides, "first", []byte(file), o, extra)
			acc10Compare(t, sides, "again", []byte(file), o, extra)
			if testing.Verbose() && batch == 0 {
				t.Log(runs[1])
			}
		})
	}
}
