package contactkit_test

// Review of the import's consent rules with the files people bring: an
// address unsubscribed once stays so whatever a later file says (L3, L4),
// whether its contact is live, in the trash or erased, and whatever form
// the file writes it in.

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

func TestReviewImportNeverResubscribes(t *testing.T) {
	ctx := context.Background()
	// A Mailchimp export of subscribed members, and a French CRM file
	// that says every one consented, SMS and WhatsApp included.
	mailchimp := "Email Address,First Name,Last Name,Phone Number,MEMBER_RATING,OPTIN_TIME,TAGS\n" +
		"Ann@Example.COM,Ann,Lee,+33 6 12 34 56 78,3,2024-01-01 10:00:00,\"\"\"VIP\"\"\"\n"
	crm := "Prénom;Nom;Adresse e-mail;Téléphone mobile;Consentement;Consentement SMS;Consentement WhatsApp\n" +
		"Ann;Lee;ann@example.com;06 12 34 56 78;Oui;Oui;Oui\n"
	setups := []struct {
		name  string
		setup func(t *testing.T, svc *contactkit.Service)
	}{
		{"live contact", func(t *testing.T, svc *contactkit.Service) {
			c := reviewCreate(t, svc, "ann@example.com", "+33612345678")
			reviewUnsubscribe(t, svc, c.ID)
		}},
		{"contact in the trash", func(t *testing.T, svc *contactkit.Service) {
			c := reviewCreate(t, svc, "ann@example.com", "+33612345678")
			reviewUnsubscribe(t, svc, c.ID)
			_, err := svc.DeleteContact(ctx, accOwner, c.ID)
			require.NoError(t, err)
		}},
		{"erased contact", func(t *testing.T, svc *contactkit.Service) {
			c := reviewCreate(t, svc, "ann@example.com", "+33612345678")
			reviewUnsubscribe(t, svc, c.ID)
			require.NoError(t, svc.EraseContact(ctx, accOwner, c.ID))
		}},
		{"addresses alone, as typed", func(t *testing.T, svc *contactkit.Service) {
			for _, x := range []struct {
				chn  list.Channel
				addr string
			}{{list.ChannelEmail, " ANN@example.com "}, {list.ChannelSMS, "06.12.34.56.78"}, {list.ChannelWhatsApp, "0033 6 12 34 56 78"}} {
				_, err := svc.UnsubscribeAddress(ctx, accOwner, x.chn, x.addr, "STOP")
				require.NoError(t, err)
			}
		}},
	}
	for _, s := range setups {
		for name, file := range map[string]string{"mailchimp": mailchimp, "crm": crm} {
			for _, dry := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/dry=%v", s.name, name, dry), func(t *testing.T) {
					svc := accService("FR")
					s.setup(t, svc)
					run := accImport(t, svc, []byte(file), "FR", &contactkit.ImportOptions{DryRun: dry}, nil)
					require.NoError(t, run.err)
					require.Equal(t, 1, run.res.Created+run.res.Updated, run.outcomes()+run.mappingText())
					for _, x := range []struct {
						chn  list.Channel
						addr string
					}{{list.ChannelEmail, "ann@example.com"}, {list.ChannelSMS, "+33612345678"}, {list.ChannelWhatsApp, "+33612345678"}} {
						assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, x.chn, x.addr), "%s %s", x.chn, x.addr)
					}
					if dry {
						return
					}
					c := accByEmail(t, svc, "ann@example.com")
					cs, err := svc.Consent(ctx, accOwner, c.ID)
					require.NoError(t, err)
					for _, x := range cs {
						assert.Equal(t, list.ConsentUnsubscribed, x.Status, "the contact's %+v", x)
					}
				})
			}
		}
	}
}

func reviewCreate(t *testing.T, svc *contactkit.Service, email, phone string) contact.Contact {
	t.Helper()
	c, err := svc.CreateContact(context.Background(), accOwner, contactkit.ContactInput{Patch: contact.Patch{Email: &email, Phone: &phone}})
	require.NoError(t, err)
	return c
}

func reviewUnsubscribe(t *testing.T, svc *contactkit.Service, id contact.ID) {
	t.Helper()
	for _, chn := range []list.Channel{list.ChannelEmail, list.ChannelSMS, list.ChannelWhatsApp} {
		_, err := svc.Unsubscribe(context.Background(), accOwner, id, chn, "asked")
		require.NoError(t, err)
	}
}

// A consent column answers a question: "Consentement" (a French CRM's,
// which Suggest maps) or "SMS Consent" hold "Oui"/"Non" or "TRUE"/"FALSE"
// as often as "subscribed". A yes is a consent given, which opts in an
// address the ledger holds no choice for; a no is none given, the
// address unsubscribed (as "not subscribed" is); neither fails the row.
func TestReviewImportConsentColumnOfYesAndNo(t *testing.T) {
	file := "Prénom;Nom;Adresse e-mail;Téléphone mobile;Consentement;Consentement SMS\n" +
		"Ann;Lee;ann@example.com;06 12 34 56 78;Oui;Non\n" +
		"Bob;Ray;bob@example.com;06 12 34 56 79;non;OUI\n" +
		"Cid;Roe;cid@example.com;06 12 34 56 80;TRUE;false\n"
	for _, policy := range []list.ConsentStatus{list.ConsentSubscribed, list.ConsentUnsubscribed} {
		t.Run(string(policy), func(t *testing.T) {
			svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", Consent: list.Policy{DefaultConsent: policy}})
			run := accImport(t, svc, []byte(file), "FR", nil, nil)
			require.NoError(t, run.err)
			require.Equal(t, 3, run.res.Created, run.outcomes()+run.mappingText())
			for addr, want := range map[string]list.ConsentStatus{
				"ann@example.com": list.ConsentSubscribed, "+33612345678": list.ConsentUnsubscribed,
				"bob@example.com": list.ConsentUnsubscribed, "+33612345679": list.ConsentSubscribed,
				"cid@example.com": list.ConsentSubscribed, "+33612345680": list.ConsentUnsubscribed,
			} {
				chn := list.ChannelEmail
				if addr[0] == '+' {
					chn = list.ChannelSMS
				}
				assert.Equal(t, want, accConsent(t, svc, chn, addr), addr)
			}
			// WhatsApp has no column: the policy's.
			assert.Equal(t, policy, accConsent(t, svc, list.ChannelWhatsApp, "+33612345678"))
		})
	}
}
