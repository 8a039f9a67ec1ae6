package contactkit_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
)

// rv18Seeds is the number of seeds of each random test.
var rv18Seeds = 40

// rv18Defs are the custom fields of the random contacts.
var rv18Defs = fixture.RoundTripDefinitions

// rv18Input builds a random contact input; i makes its addresses unique.
func rv18Input(r *rand.Rand, i int) contactkit.ContactInput { return fixture.RoundTripInput(r, i) }

// rv18Workspace creates about n random contacts in svc, some blocked, some
// of their addresses unsubscribed, and returns them as stored. An input
// the service refuses is drawn again.
func rv18Workspace(t *testing.T, svc *contactkit.Service, r *rand.Rand, seed uint64, n int) []contact.Contact {
	t.Helper()
	return rv18WorkspaceOf(t, svc, r, seed, n, nil)
}

// rv18WorkspaceOf is rv18Workspace of the inputs that accept, when not
// nil, takes (the others are drawn again).
func rv18WorkspaceOf(t *testing.T, svc *contactkit.Service, r *rand.Rand, seed uint64, n int, accept func(contactkit.ContactInput) bool) []contact.Contact {
	t.Helper()
	ctx := context.Background()
	acc2CreateFields(t, svc, rv18Defs)
	var out []contact.Contact
	refused := 0
	for i := 0; len(out) < n; i++ {
		in := rv18Input(r, int(seed%1000)*1000+i)
		if accept != nil && !accept(in) {
			continue
		}
		c, err := svc.CreateContact(ctx, accOwner, in)
		if err != nil {
			refused++
			require.Less(t, refused, 50*n, "too many refused inputs, last: %v", err)
			continue
		}
		for _, e := range c.Emails() {
			if r.IntN(3) == 0 {
				_, err := svc.UnsubscribeAddress(ctx, accOwner, list.ChannelEmail, e.String(), "test")
				require.NoError(t, err)
			}
		}
		for _, p := range c.Phones() {
			for _, ch := range []list.Channel{list.ChannelSMS, list.ChannelWhatsApp} {
				if r.IntN(3) == 0 {
					_, err := svc.UnsubscribeAddress(ctx, accOwner, ch, p.String(), "test")
					require.NoError(t, err)
				}
			}
		}
		if r.IntN(5) == 0 {
			_, err := svc.BlockContact(ctx, accOwner, c.ID, "test")
			require.NoError(t, err)
		}
		c, err = svc.GetContact(ctx, accOwner, c.ID)
		require.NoError(t, err)
		out = append(out, c)
	}
	t.Logf("seed %d: %d inputs refused for %d contacts", seed, refused, n)
	return out
}

// Random contacts of every kind of value (formula characters, delimiters,
// quotes, line breaks and tabs in a textarea, scripts, emoji, values at
// their length limits, custom values of every type, up to six labelled
// emails and phones, blocked contacts, unsubscribed addresses) exported
// as CSV and imported into an empty workspace come back the same, with
// the consent of each address (I6).
func TestReview18RTExportCSVRandomRoundTrip(t *testing.T) {
	for seed := range uint64(rv18Seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := context.Background()
			r := rand.New(rand.NewPCG(seed, 1818))
			src := accService("FR")
			want := rv18Workspace(t, src, r, seed, 25)

			var out bytes.Buffer
			res, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{BOM: seed%2 == 0})
			require.NoError(t, err)
			require.Equal(t, len(want), res.Contacts)

			dst := accService("US")
			acc2CreateFields(t, dst, rv18Defs)
			run := accImport(t, dst, out.Bytes(), "US", nil, nil)
			require.NoError(t, run.err, "seed %d", seed)
			require.Equal(t, len(want), run.res.Created, "seed %d: %s\n%s", seed, run.outcomes(), run.mappingText())
			back := accAll(t, dst, contactkit.ContactQuery{})
			require.Len(t, back, len(want))
			for i := range want {
				rv18Compare(t, fmt.Sprintf("seed %d contact %d", seed, i), want[i], back[i])
				assert.Equal(t, acc2Consents(t, src, want[i]), acc2Consents(t, dst, back[i]), "seed %d: consents of contact %d", seed, i)
			}
		})
	}
}

// rv18Compare reports each part of what an export carries that differs
// between want and got.
func rv18Compare(t *testing.T, what string, want, got contact.Contact) {
	t.Helper()
	w, g := rv18Parts(want), rv18Parts(got)
	for k := range w {
		if w[k] != g[k] {
			t.Errorf("%s: %s:\n want %s\n  got %s", what, k, w[k], g[k])
		}
	}
}

func rv18Parts(c contact.Contact) map[string]string {
	v := acc2ViewOf(c, true)
	out := map[string]string{
		"first": v.First, "last": v.Last, "alias": v.Alias, "email": v.Email + "/" + v.EmailLabel, "phone": v.Phone + "/" + v.PhoneLabel,
		"other emails": fmt.Sprintf("%q", v.OtherEmails), "other phones": fmt.Sprintf("%q", v.OtherPhones), "country": v.Country,
		"language": v.Language, "birthday": v.BirthDate, "city": v.City, "state": v.State, "company": v.Company, "job": v.JobTitle,
		"assignee": string(c.Assignee), "status": string(c.Status), "tags": fmt.Sprintf("%q", v.Tags),
	}
	for _, d := range rv18Defs {
		out["field "+d.Key.String()] = v.Fields[d.Key.String()]
	}
	for k, x := range out {
		out[k] = strconv.Quote(x)
	}
	return out
}

// The same random contacts exported as vCard and imported into an empty
// workspace come back with what a card carries (the Export doc): names,
// labelled emails and phones, company, job title, city, state, country,
// birthday, language, tags and the blocked status.
func TestReview18RTExportVCardRandomRoundTrip(t *testing.T) {
	for seed := range uint64(rv18Seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := context.Background()
			r := rand.New(rand.NewPCG(seed, 1818))
			src := accService("FR")
			want := rv18Workspace(t, src, r, seed, 25)

			var out bytes.Buffer
			res, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
			require.NoError(t, err)
			require.Equal(t, len(want), res.Contacts)

			dst := accService("US")
			run := accImport(t, dst, out.Bytes(), "US", nil, nil)
			require.NoError(t, run.err, "seed %d", seed)
			require.Equal(t, len(want), run.res.Created, "seed %d: %s\n%s", seed, run.outcomes(), run.mappingText())
			back := accAll(t, dst, contactkit.ContactQuery{})
			require.Len(t, back, len(want))
			for i := range want {
				w, g := want[i], back[i]
				w.Fields, w.Assignee = nil, ""
				rv18Compare(t, fmt.Sprintf("seed %d contact %d", seed, i), w, g)
			}
		})
	}
}

// The random contacts exported as CSV and imported back into their own
// workspace: every row updates its own contact (found by its ID), and
// nothing changes, the consent of each address included.
func TestReview18RTExportCSVIntoItsOwnWorkspace(t *testing.T) {
	for seed := range uint64(rv18Seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := context.Background()
			r := rand.New(rand.NewPCG(seed, 1919))
			svc := accService("FR")
			want := rv18Workspace(t, svc, r, seed, 25)
			var consents [][]string
			for _, c := range want {
				consents = append(consents, acc2Consents(t, svc, c))
			}
			var out bytes.Buffer
			_, err := svc.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
			require.NoError(t, err)
			run := accImport(t, svc, out.Bytes(), "US", &contactkit.ImportOptions{BatchSize: 1 + r.IntN(30)}, nil)
			require.NoError(t, run.err, "seed %d", seed)
			require.Equal(t, len(want), run.res.Updated, "seed %d: %s", seed, run.outcomes())
			back := accAll(t, svc, contactkit.ContactQuery{})
			require.Len(t, back, len(want))
			for i := range want {
				require.Equal(t, want[i].ID, back[i].ID)
				rv18Compare(t, fmt.Sprintf("seed %d contact %d", seed, i), want[i], back[i])
				assert.Equal(t, consents[i], acc2Consents(t, svc, back[i]), "seed %d: consents of contact %d", seed, i)
			}
		})
	}
}
