package contactkit_test

// Fifteenth acceptance pass: a random walk over every call that touches
// the consent ledger or the list memberships, checking after each that
// nothing but an explicit resubscribe lifted an unsubscribe and that no
// join subscribed an unsubscribed address (L3, L4, M2, D1..D3, I4).

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// acc15Walk is the state of one walk.
type acc15Walk struct {
	t        *testing.T
	r        *rand.Rand
	svc      *contactkit.Service
	lists    []list.List
	contacts []contact.ID
	merges   []merge.ID
	emails   []string
	phones   []string
}

// addrs returns every address of the walk's pool, canonical.
func (w *acc15Walk) addrs() []list.Address {
	var out []list.Address
	for _, e := range w.emails {
		out = append(out, list.Address{Channel: list.ChannelEmail, Value: e})
	}
	for _, p := range w.phones {
		out = append(out, list.Address{Channel: list.ChannelSMS, Value: p}, list.Address{Channel: list.ChannelWhatsApp, Value: p})
	}
	return out
}

// ledger returns the addresses of the pool unsubscribed by choice.
func (w *acc15Walk) ledger() map[list.Address]bool {
	out := map[list.Address]bool{}
	for _, a := range w.addrs() {
		c, err := w.svc.AddressConsent(w.t.Context(), acc3Owner, a.Channel, a.Value)
		require.NoError(w.t, err)
		if !c.Subscribed() && !c.Default {
			out[a] = true
		}
	}
	return out
}

// unsubscribed returns the memberships of live contacts that are
// unsubscribed.
func (w *acc15Walk) unsubscribed() map[store.MembershipKey]bool {
	out := map[store.MembershipKey]bool{}
	for m, err := range w.svc.Memberships(w.t.Context(), acc3Owner, contactkit.MembershipQuery{}) {
		require.NoError(w.t, err)
		if m.Status == list.StatusUnsubscribed {
			out[store.MembershipKey{List: m.List, Contact: m.Contact}] = true
		}
	}
	return out
}

// members returns the memberships of live contacts.
func (w *acc15Walk) members() map[store.MembershipKey]bool {
	out := map[store.MembershipKey]bool{}
	for m, err := range w.svc.Memberships(w.t.Context(), acc3Owner, contactkit.MembershipQuery{}) {
		require.NoError(w.t, err)
		out[store.MembershipKey{List: m.List, Contact: m.Contact}] = true
	}
	return out
}

// contact returns one of the contacts the walk made, live or not.
func (w *acc15Walk) contact() contact.ID {
	if len(w.contacts) == 0 {
		return contact.ID{}
	}
	return w.contacts[w.r.IntN(len(w.contacts))]
}

func (w *acc15Walk) list() list.List { return w.lists[w.r.IntN(len(w.lists))] }

func (w *acc15Walk) email() string { return w.emails[w.r.IntN(len(w.emails))] }

func (w *acc15Walk) phone() string { return w.phones[w.r.IntN(len(w.phones))] }

// consent returns random consent for a contact input.
func (w *acc15Walk) consent() map[list.Channel]list.ConsentStatus {
	out := map[list.Channel]list.ConsentStatus{}
	for _, chn := range list.Channels() {
		switch w.r.IntN(4) {
		case 0:
			out[chn] = list.ConsentSubscribed
		case 1:
			out[chn] = list.ConsentUnsubscribed
		}
	}
	return out
}

// input returns a random contact input of the pool's addresses.
func (w *acc15Walk) input() contactkit.ContactInput {
	in := contactkit.ContactInput{Consent: w.consent()}
	if w.r.IntN(3) > 0 {
		in.Email = ptr(strings.ToUpper(w.email()[:1]) + w.email()[1:])
	}
	if w.r.IntN(3) > 0 || in.Email == nil {
		in.Phone = ptr(w.phone())
	}
	if w.r.IntN(3) == 0 {
		in.OtherEmails = &[]contact.LabeledInput{{Value: w.email()}}
	}
	for range w.r.IntN(3) {
		in.Lists = append(in.Lists, w.list().ID)
	}
	return in
}

// acc15Lifted is what a call may lift: the addresses and the membership an
// explicit resubscribe names, or, for an unmerge, the memberships it gives
// back.
type acc15Lifted struct {
	addrs      []list.Address
	membership store.MembershipKey
	unmerge    bool
	// unjoined is whether memberships may have come to a contact
	// otherwise than by a join that sees the ledger as the call leaves
	// it: a merge moves them, a restore brings them back, and a later row
	// of an import may unsubscribe an address after an earlier row of the
	// same address joined (as an unsubscribe after a join does).
	unjoined bool
}

// step runs one random call and returns what it may lift and its name.
func (w *acc15Walk) step() (acc15Lifted, string) {
	ctx := w.t.Context()
	var lifted acc15Lifted
	keep := func(c contact.Contact, err error) {
		if err == nil && !slices.Contains(w.contacts, c.ID) {
			w.contacts = append(w.contacts, c.ID)
		}
	}
	c := w.contact()
	l := w.list()
	switch op := w.r.IntN(19); op {
	case 0, 1:
		ct, err := w.svc.CreateContact(ctx, acc3Owner, w.input())
		keep(ct, err)
		return lifted, "create"
	case 2:
		res, err := w.svc.CaptureContact(ctx, acc3Owner, w.input())
		keep(res.Contact, err)
		return lifted, "capture"
	case 3:
		p := contact.Patch{}
		if w.r.IntN(2) == 0 {
			p.Email = ptr(w.email())
		} else {
			p.Phone = ptr(w.phone())
		}
		_, _ = w.svc.UpdateContact(ctx, acc3Owner, c, p)
		return lifted, "update"
	case 4:
		chn := list.Channels()[w.r.IntN(3)]
		raw := w.email()
		if chn != list.ChannelEmail {
			raw = w.phone()
		}
		_, _ = w.svc.UnsubscribeAddress(ctx, acc3Owner, chn, raw, "stop")
		return lifted, "unsubscribe address"
	case 5:
		chn := list.Channels()[w.r.IntN(3)]
		raw := w.email()
		if chn != list.ChannelEmail {
			raw = w.phone()
		}
		e, err := w.svc.ResubscribeAddress(ctx, acc3Owner, chn, raw, "asked")
		if err == nil {
			lifted.addrs = []list.Address{e.Address}
		}
		return lifted, "resubscribe address"
	case 6:
		_, _ = w.svc.Unsubscribe(ctx, acc3Owner, c, list.Channels()[w.r.IntN(3)], "stop")
		return lifted, "unsubscribe"
	case 7:
		e, err := w.svc.Resubscribe(ctx, acc3Owner, c, list.Channels()[w.r.IntN(3)], "asked")
		if err == nil {
			lifted.addrs = []list.Address{e.Address}
		}
		return lifted, "resubscribe"
	case 8:
		_, _ = w.svc.AddToList(ctx, acc3Owner, l.ID, c)
		return lifted, "add to list"
	case 9:
		_, _ = w.svc.UnsubscribeFromList(ctx, acc3Owner, l.ID, c, "left")
		return lifted, "unsubscribe from list"
	case 10:
		ct, err := w.svc.GetContact(ctx, acc3Owner, c)
		if err == nil {
			if l.Channel == "" {
				lifted.addrs = list.Addresses(&ct)
			} else if a, ok := list.AddressOf(l.Channel, &ct); ok {
				lifted.addrs = []list.Address{a}
			}
		}
		lifted.membership = store.MembershipKey{List: l.ID, Contact: c}
		_, _ = w.svc.ResubscribeToList(ctx, acc3Owner, l.ID, c, "asked")
		return lifted, "resubscribe to list"
	case 11:
		_, _ = w.svc.ConfirmSubscription(ctx, acc3Owner, l.ID, c)
		return lifted, "confirm"
	case 12, 13:
		others := []contact.ID{w.contact(), w.contact()}[:1+w.r.IntN(2)]
		p, err := w.svc.PreviewMerge(ctx, acc3Owner, contactkit.MergeRequest{Primary: c, Others: others})
		if err == nil {
			if rec, err := w.svc.MergeContacts(ctx, acc3Owner, p); err == nil {
				w.merges = append(w.merges, rec.ID)
			}
		}
		lifted.unjoined = true
		return lifted, "merge"
	case 14:
		if len(w.merges) > 0 {
			_, _ = w.svc.UnmergeContacts(ctx, acc3Owner, w.merges[w.r.IntN(len(w.merges))])
		}
		lifted.unmerge = true
		return lifted, "unmerge"
	case 15:
		_, _ = w.svc.DeleteContact(ctx, acc3Owner, c)
		return lifted, "delete"
	case 16:
		_, _ = w.svc.RestoreContact(ctx, acc3Owner, c)
		lifted.unjoined = true
		return lifted, "restore"
	case 17:
		if w.r.IntN(3) == 0 {
			_ = w.svc.EraseContact(ctx, acc3Owner, c)
		}
		return lifted, "erase"
	default:
		var b bytes.Buffer
		b.WriteString("Email,Phone,Email Consent,SMS Opt Out\n")
		for range 1 + w.r.IntN(3) {
			fmt.Fprintf(&b, "%s,%s,%s,%s\n", w.email(), w.phone(),
				[]string{"", "subscribed", "unsubscribed"}[w.r.IntN(3)], []string{"", "yes", "no"}[w.r.IntN(3)])
		}
		opts := &contactkit.ImportOptions{UnsubscribeAll: w.r.IntN(3) == 0, Lists: []list.ID{l.ID}}
		run := accImportAs(w.t, w.svc, acc3Owner, b.Bytes(), "FR", opts, nil)
		require.NoError(w.t, run.err)
		for _, x := range run.rows {
			if !x.Contact.IsZero() && !slices.Contains(w.contacts, x.Contact) {
				w.contacts = append(w.contacts, x.Contact)
			}
		}
		lifted.unjoined = true
		return lifted, fmt.Sprintf("import unsubscribe-all=%v", opts.UnsubscribeAll)
	}
}

// TestAcc15WalkNothingButAResubscribeLiftsAnUnsubscribe walks random
// calls and checks after each that every address unsubscribed by choice
// before it still is, but those an explicit resubscribe named, and that
// every unsubscribed membership of a live contact still is, but the one
// ResubscribeToList named and those an unmerge gave back, and that a call
// that joins a contact to a list does not make it a subscribed (or
// unconfirmed) member where the ledger holds an address the list sends to
// unsubscribed (L4).
func TestAcc15WalkNothingButAResubscribeLiftsAnUnsubscribe(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			// Every other walk under an opt-in policy; one in four on a
			// store that runs each transaction twice, one in four on one
			// that pages one record at a time.
			opts := contactkit.Options{DefaultRegion: "FR", Now: (&acc3Clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}).Now}
			if seed%2 == 1 {
				opts.Consent = acc15OptIn.Consent
			}
			var st store.Store = memstore.New()
			switch seed % 4 {
			case 1:
				st = storetest.Retrying(st)
			case 2:
				st = acc15Short{st}
			}
			svc := contactkit.New(st, &opts)
			w := &acc15Walk{t: t, r: rand.New(rand.NewPCG(seed, 15)), svc: svc}
			for i := range 8 {
				w.emails = append(w.emails, fmt.Sprintf("p%d@example.com", i))
				w.phones = append(w.phones, fmt.Sprintf("+336123456%02d", i))
			}
			for _, l := range []list.List{{Name: "Any"}, {Name: "Mail", Channel: list.ChannelEmail}, {Name: "Texts", Channel: list.ChannelSMS, DoubleOptIn: true}, {Name: "WA", Channel: list.ChannelWhatsApp}} {
				w.lists = append(w.lists, acc15List(t, svc, l))
			}
			ct := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr(w.emails[0])}})
			w.contacts = append(w.contacts, ct.ID)
			var trail []string
			for range 300 {
				ledger, unsub, was := w.ledger(), w.unsubscribed(), w.members()
				lifted, name := w.step()
				trail = append(trail, name)
				after := w.ledger()
				for a := range ledger {
					if !after[a] && !slices.Contains(lifted.addrs, a) {
						t.Fatalf("%s lifted the unsubscribe of %s; calls: %v", name, a, trail)
					}
				}
				if lifted.unmerge {
					continue
				}
				now := w.unsubscribed()
				members := w.members()
				for k := range unsub {
					if members[k] && !now[k] && k != lifted.membership {
						t.Fatalf("%s lifted the unsubscribe of membership %v; calls: %v", name, k, trail)
					}
				}
				if lifted.unjoined || lifted.membership != (store.MembershipKey{}) {
					continue
				}
				// L4: a new member is not subscribed where the ledger holds
				// an address the list sends to unsubscribed.
				for k := range members {
					if was[k] || now[k] {
						continue
					}
					ct, err := w.svc.GetContact(t.Context(), acc3Owner, k.Contact)
					require.NoError(t, err)
					l := w.lists[slices.IndexFunc(w.lists, func(l list.List) bool { return l.ID == k.List })]
					addrs := list.Addresses(&ct)
					if l.Channel != "" {
						addrs = nil
						if a, ok := list.AddressOf(l.Channel, &ct); ok {
							addrs = []list.Address{a}
						}
					}
					for _, a := range addrs {
						if after[a] {
							t.Fatalf("%s made %v a member of %s while %s is unsubscribed; calls: %v", name, k.Contact, l.Name, a, trail)
						}
					}
				}
			}
		})
	}
}
