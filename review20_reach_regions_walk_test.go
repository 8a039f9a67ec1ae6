package contactkit_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestRv20ReachCaptureRegions: contacts of many countries hold numbers of
// other countries; a phone-only capture types a national number that
// several regions read, in a workspace of any region. The capture agrees
// with ContactByPhone, the inbox's lookup, which reads the number as the
// capture matches it: it updates the contact the lookup finds, adding no
// number and recording its opt-out on the number found, or creates one
// when the lookup finds none (C2, C8, L5).
func TestRv20ReachCaptureRegions(t *testing.T) {
	regions := []string{"FR", "BE", "CH", "DE", "GB", "US", "IT"}
	nationals := []string{"0470 12 34 56", "06 12 34 56 78", "030 1234567", "079 123 45 67", "07700 900123", "(201) 555-0123", "0312 345678", "04 70 12 34 56", "0612 345678"}
	for seed := range uint64(30) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			r := rand.New(rand.NewPCG(seed, 31))
			def := pickFrom(r, regions)
			svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: def})
			for i := range 6 {
				ph, err := contact.ParsePhone(pickFrom(r, nationals), pickFrom(r, regions))
				if err != nil {
					continue
				}
				in := contactkit.ContactInput{Patch: contact.Patch{FirstName: rv20ReachPtr(fmt.Sprint("c", i)), Country: rv20ReachPtr(pickFrom(r, regions)), Phone: rv20ReachPtr(ph.String())}}
				_, err = svc.CreateContact(ctx, owner, in)
				if !errors.Is(err, contactkit.ErrAlreadyExists) {
					require.NoError(t, err)
				}
			}
			for range 10 {
				raw := pickFrom(r, nationals)
				found, ferr := svc.ContactByPhone(ctx, owner, raw)
				if ferr != nil && !errors.Is(ferr, contactkit.ErrNotFound) {
					require.ErrorIs(t, ferr, contactkit.ErrInvalidInput)
				}
				res, err := svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Phone: rv20ReachPtr(raw)},
					Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentUnsubscribed}})
				if errors.Is(ferr, contactkit.ErrInvalidInput) {
					require.ErrorIs(t, err, contactkit.ErrInvalidInput, "%s in %s", raw, def)
					continue
				}
				require.NoError(t, err, "%s in %s", raw, def)
				if ferr == nil {
					require.False(t, res.Created, "%s in %s", raw, def)
					require.Equal(t, found.ID, res.Contact.ID, "%s in %s", raw, def)
					require.Equal(t, found.Phones(), res.Contact.Phones(), "%s in %s: the capture added a number", raw, def)
				} else {
					require.True(t, res.Created, "%s in %s", raw, def)
				}
				addr, err := svc.ContactByPhone(ctx, owner, raw)
				require.NoError(t, err)
				require.Equal(t, res.Contact.ID, addr.ID)
				e, err := svc.AddressConsent(ctx, owner, list.ChannelSMS, raw)
				require.NoError(t, err)
				require.False(t, e.Subscribed(), "%s in %s: the opt-out is on the number the lookup reads", raw, def)
			}
		})
	}
}
