package pgstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/list"
)

// TestAcc10ImportAfterEraseStaysUnsubscribed (L4, issue 13): a contact
// unsubscribed on email and sms, then erased (or trashed); a suppression
// import of other addresses; then an import of rows with those addresses
// and "subscribed" cells creates new contacts that stay unsubscribed, on
// both stores alike, dry and real.
func TestAcc10ImportAfterEraseStaysUnsubscribed(t *testing.T) {
	for _, batch := range []int{1, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			sides := acc10Sides(t)
			ctx := context.Background()
			for _, s := range sides {
				for i, how := range []string{"erase", "trash"} {
					in := contactkit.ContactInput{}
					in.FirstName = acc10Ptr(how)
					in.Email = acc10Ptr(fmt.Sprintf("%s@example.com", how))
					in.Phone = acc10Ptr(fmt.Sprintf("+3361200000%d", i))
					c, err := s.svc.CreateContact(ctx, acc10Actor, in)
					if err != nil {
						t.Fatal(err)
					}
					for _, chn := range []list.Channel{list.ChannelEmail, list.ChannelSMS} {
						if _, err := s.svc.Unsubscribe(ctx, acc10Actor, c.ID, chn, "stop"); err != nil {
							t.Fatal(err)
						}
					}
					if how == "erase" {
						err = s.svc.EraseContact(ctx, acc10Actor, c.ID)
					} else {
						_, err = s.svc.DeleteContact(ctx, acc10Actor, c.ID)
					}
					if err != nil {
						t.Fatal(err)
					}
				}
			}
			extra := []string{"email:erase@example.com", "sms:+33612000000", "whatsapp:+33612000000", "email:trash@example.com",
				"sms:+33612000001", "email:supp@example.com", "sms:+33612000002", "whatsapp:+33612000002"}
			supp := "Email,Phone\nsupp@example.com,06 12 00 00 02\n"
			acc10Compare(t, sides, "suppression", []byte(supp), contactkit.ImportOptions{BatchSize: batch, SuppressionOnly: true}, extra)
			file := "First Name,Email,Phone,Email Consent,SMS Consent\n" +
				"Back,erase@example.com,06 12 00 00 00,subscribed,subscribed\n" +
				"Again,trash@example.com,06 12 00 00 01,subscribed,subscribed\n" +
				"Supp,supp@example.com,06 12 00 00 02,subscribed,subscribed\n"
			o := contactkit.ImportOptions{BatchSize: batch, Lists: []list.ID{}}
			d := o
			d.DryRun = true
			acc10Compare(t, sides, "dry", []byte(file), d, extra)
			acc10Compare(t, sides, "real", []byte(file), o, extra)
			for _, s := range sides {
				for _, a := range extra {
					ch, raw, _ := strings.Cut(a, ":")
					chn := list.Channel(ch)
					c, err := s.svc.AddressConsent(ctx, acc10Actor, chn, raw)
					if chn == list.ChannelWhatsApp && raw != "+33612000002" {
						continue // never unsubscribed
					}
					if err != nil || c.Status != list.ConsentStatus("unsubscribed") {
						t.Errorf("%s: %s is %s (%v), want unsubscribed", s.name, a, c.Status, err)
					}
				}
			}
		})
	}
}
