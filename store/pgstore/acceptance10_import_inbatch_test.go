package pgstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/list"
)

// TestAcc10ImportKeysMovingWithinBatch: rows whose match depends on what
// earlier rows of the same batch wrote (pgstore answers those reads from
// its prefetch cache, kept up to date with the batch's own writes): an
// address added to a contact by one row and matched by a later row, a new
// contact whose address a later row also gives with another contact's
// phone (ambiguous), a blocked contact updated and unblocked, the same
// phone in national and international form. Batch sizes 1, 2, 3, 50.
func TestAcc10ImportKeysMovingWithinBatch(t *testing.T) {
	for _, batch := range []int{1, 2, 3, 50} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			sides := acc10Sides(t)
			ctx := context.Background()
			for _, s := range sides {
				for _, c := range [][3]string{{"Cara", "cara@example.com", "+33622222222"}, {"Dan", "dan@example.com", "+33633333333"}, {"Eve", "", "+33644444444"}, {"Blocked", "blocked@example.com", ""}} {
					in := contactkit.ContactInput{}
					in.FirstName = acc10Ptr(c[0])
					if c[1] != "" {
						in.Email = acc10Ptr(c[1])
					}
					if c[2] != "" {
						in.Phone = acc10Ptr(c[2])
					}
					ct, err := s.svc.CreateContact(ctx, acc10Actor, in)
					if err != nil {
						t.Fatal(err)
					}
					if c[0] == "Blocked" {
						if _, err := s.svc.BlockContact(ctx, acc10Actor, ct.ID, "spam"); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			file := "First Name,Email,Phone,Blocked,Email Consent,SMS Opt Out\n" +
				"Eve,eve@example.com,06 44 44 44 44,,,\n" + // Eve by phone; adds an email
				"Eve2,EVE@example.com,+33 7 55 55 55 55,,unsubscribed,\n" + // Eve by the new email; adds a phone
				"New,new@example.com,,,subscribed,\n" + // a new contact
				"Amb,new@example.com,06 33 33 33 33,,,\n" + // new contact's email, Dan's phone: ambiguous
				"Cara,cara@example.com,07 55 55 55 55,,,\n" + // Cara, with Eve's new phone: taken
				"Blocked,blocked@example.com,,no,,\n" + // the blocked contact, column says no
				"Dan,dan@example.com,,yes,,yes\n" + // Dan blocked by the column, sms opt out
				"Dan again,,+33633333333,,,\n" + // Dan by phone, after a change in the batch
				"Nat,nat@example.com,0766666666,,,\n" +
				"Intl,intl@example.com,+33766666666,,,\n" // the same phone, other email
			extra := []string{"email:eve@example.com", "sms:+33755555555", "email:new@example.com", "sms:+33633333333", "email:intl@example.com"}
			for _, mode := range []contactkit.ImportMode{contactkit.ImportUpsert, contactkit.ImportUpsert, contactkit.ImportUpdateOnly, contactkit.ImportCreateOnly} {
				o := contactkit.ImportOptions{BatchSize: batch, Mode: mode, Lists: []list.ID{}, Tags: []string{"b"}}
				d := o
				d.DryRun = true
				dr := acc10Compare(t, sides, string(mode)+" dry", []byte(file), d, extra)
				rr := acc10Compare(t, sides, string(mode), []byte(file), o, extra)
				for i := range sides {
					acc10Diff(t, sides[i].name+": dry vs real", dr[i].rows, rr[i].rows)
				}
				if testing.Verbose() && batch == 50 {
					t.Log(rr[1])
				}
			}
		})
	}
}
