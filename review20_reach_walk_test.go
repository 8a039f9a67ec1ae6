package contactkit_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// rv20ReachPerson is one person of the walk: an email and a French mobile,
// typed in many forms.
type rv20ReachPerson struct {
	local  string // the email's local part, at example.com
	digits string // the national significant number, 9 digits
}

func (p rv20ReachPerson) email() string { return p.local + "@example.com" }
func (p rv20ReachPerson) phone() string { return "+33" + p.digits }

// emailForm types p's email as a form, an inbox or a user would.
func (p rv20ReachPerson) emailForm(r *rand.Rand) string {
	e := p.email()
	switch r.IntN(6) {
	case 0:
		return strings.ToUpper(e)
	case 1:
		return "Some One <" + e + ">"
	case 2:
		return "mailto:" + e
	case 3:
		return "  " + e + "\t"
	case 4:
		return strings.ToUpper(e[:1]) + e[1:]
	}
	return e
}

// phoneForm types p's phone in a form the region FR reads.
func (p rv20ReachPerson) phoneForm(r *rand.Rand) string {
	d := p.digits
	pairs := d[:1] + " " + d[1:3] + " " + d[3:5] + " " + d[5:7] + " " + d[7:9]
	switch r.IntN(7) {
	case 0:
		return "0" + d
	case 1:
		return d
	case 2:
		return "0033" + d
	case 3:
		return "+33 " + pairs
	case 4:
		return "0" + strings.ReplaceAll(pairs, " ", "-")
	case 5:
		return "0" + strings.ReplaceAll(pairs, " ", ".")
	}
	return "(0)" + d[:1] + " " + d[1:]
}

// rv20ReachState is everything the walk's workspace holds, as the public
// API reads it.
type rv20ReachState struct {
	Live, Trash []contact.Contact
	Tags        []string
	Ledger      []list.Consent
	Members     map[string][]list.Membership
	Timelines   map[string][]string
	Histories   map[string]int
}

func rv20ReachSnapshot(t *testing.T, svc *contactkit.Service, lists []list.ID) string {
	t.Helper()
	ctx := t.Context()
	var st rv20ReachState
	st.Members, st.Timelines, st.Histories = map[string][]list.Membership{}, map[string][]string{}, map[string]int{}
	for _, trashed := range []bool{false, true} {
		for c, err := range svc.Contacts(ctx, owner, contactkit.ContactQuery{Trashed: trashed}) {
			require.NoError(t, err)
			if trashed {
				st.Trash = append(st.Trash, c)
			} else {
				st.Live = append(st.Live, c)
			}
			for a, err := range svc.Timeline(ctx, owner, c.ID, contactkit.TimelineQuery{}) {
				if errors.Is(err, contactkit.ErrTrashed) {
					break
				}
				require.NoError(t, err)
				st.Timelines[c.ID.String()] = append(st.Timelines[c.ID.String()], a.ID.String()+a.Body)
			}
			for _, err := range svc.History(ctx, owner, c.ID, "") {
				require.NoError(t, err)
				st.Histories[c.ID.String()]++
			}
		}
	}
	for tg, err := range svc.Tags(ctx, owner) {
		require.NoError(t, err)
		st.Tags = append(st.Tags, tg.Name.String())
	}
	for e, err := range svc.ConsentLedger(ctx, owner, "") {
		require.NoError(t, err)
		st.Ledger = append(st.Ledger, e)
	}
	for _, l := range lists {
		for m, err := range svc.Memberships(ctx, owner, contactkit.MembershipQuery{List: l}) {
			require.NoError(t, err)
			st.Members[l.String()] = append(st.Members[l.String()], m)
		}
	}
	b, err := json.Marshal(st)
	require.NoError(t, err)
	return string(b)
}

// rv20ReachEvents counts the events delivered to the Service's subscriber.
type rv20ReachEvents struct {
	mu sync.Mutex
	n  int
}

func (e *rv20ReachEvents) add(context.Context, contactkit.Event) { e.mu.Lock(); e.n++; e.mu.Unlock() }
func (e *rv20ReachEvents) count() int                            { e.mu.Lock(); defer e.mu.Unlock(); return e.n }

// TestRv20ReachCaptureWalk: random captures of a few people, each typed in
// any form of their email and phone (case, "Name <addr>", mailto:, national
// and international, 00, spaces, dashes, dots), with consent, lists, tags
// and notes, between STOPs from their numbers (known or not yet), explicit
// resubscribes (with and without a reason), blocks, deletes, restores,
// erasures and merges. After every step: each person is one live contact at
// most, found by every form of their addresses; an address unsubscribed by
// choice stays so until an explicit resubscribe with a reason, whatever
// else happens; Reachable agrees with a model of trash, block and ledger;
// and a refused call leaves nothing behind, not even an event.
func TestRv20ReachCaptureWalk(t *testing.T) {
	seeds, steps := uint64(12), 80
	if testing.Short() {
		seeds = 3
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			ev := &rv20ReachEvents{}
			opts := &contactkit.Options{DefaultRegion: "FR", Subscribers: []contactkit.Subscriber{ev.add}}
			if seed%3 == 2 {
				opts.Consent = list.Policy{DefaultConsent: list.ConsentUnsubscribed}
			}
			svc := contactkit.New(storetest.Retrying(memstore.New()), opts)
			r := rand.New(rand.NewPCG(seed, 620))
			people := make([]rv20ReachPerson, 4)
			for i := range people {
				people[i] = rv20ReachPerson{local: fmt.Sprintf("p%d.s%d", i, seed), digits: fmt.Sprintf("6%02d%06d", i, 100000+int(seed))}
			}
			var lists []list.ID
			for i, dbl := range []bool{false, true} {
				l, err := svc.CreateList(ctx, owner, list.List{Name: fmt.Sprint("list ", i), DoubleOptIn: dbl})
				require.NoError(t, err)
				lists = append(lists, l.ID)
			}
			// unsub holds the addresses the walk unsubscribed by choice and
			// not resubscribed since.
			unsub := map[list.Address]bool{}
			for step := range steps {
				p := pickFrom(r, people)
				before, evBefore := rv20ReachSnapshot(t, svc, lists), ev.count()
				op := pickFrom(r, []string{"capture", "capture", "capture", "bad", "stop", "resub", "block", "delete", "erase", "merge"})
				var err error
				switch op {
				case "capture", "bad":
					in := contactkit.ContactInput{Tags: []string{fmt.Sprint("t", r.IntN(3))}, Note: pickFrom(r, []string{"", "from the form"})}
					switch r.IntN(3) {
					case 0:
						in.Email = rv20ReachPtr(p.emailForm(r))
					case 1:
						in.Phone = rv20ReachPtr(p.phoneForm(r))
					default:
						in.Email, in.Phone = rv20ReachPtr(p.emailForm(r)), rv20ReachPtr(p.phoneForm(r))
					}
					if r.IntN(2) == 0 {
						in.Lists = []list.ID{pickFrom(r, lists)}
					}
					if r.IntN(2) == 0 {
						in.Consent = map[list.Channel]list.ConsentStatus{pickFrom(r, list.Channels()): pickFrom(r, []list.ConsentStatus{list.ConsentSubscribed, list.ConsentUnsubscribed})}
					}
					if op == "bad" {
						switch r.IntN(4) {
						case 0:
							in.Tags = append(in.Tags, strings.Repeat("x", 500))
						case 1:
							in.Lists = append(in.Lists, list.ID(rv20ReachID(r)))
						case 2:
							in.Consent = map[list.Channel]list.ConsentStatus{list.ChannelEmail: "maybe"}
						default:
							in.Form = "bad\x00form"
						}
					}
					var res contactkit.CaptureResult
					res, err = svc.CaptureContact(ctx, owner, in)
					if op == "bad" {
						require.Error(t, err)
						var ve *contactkit.ValidationError
						require.ErrorAs(t, err, &ve, "%v", err)
						break
					}
					if errors.Is(err, contactkit.ErrNoAddress) {
						break // consent on a channel the contact has no address for
					}
					if in.Email != nil && in.Phone != nil && errors.Is(err, contactkit.ErrAlreadyExists) {
						// The email is one contact's, the phone another's
						// (C9): refused, naming the phone's owner.
						var te *contactkit.TakenError
						require.ErrorAs(t, err, &te)
						break
					}
					require.NoError(t, err, "step %d", step)
					for chn, st := range in.Consent {
						// The address the input gives for the channel, else
						// the contact's primary one.
						addr, ok := list.AddressOf(chn, &res.Contact)
						if chn == list.ChannelEmail && in.Email != nil {
							addr, ok = list.Address{Channel: chn, Value: p.email()}, true
						} else if chn != list.ChannelEmail && in.Phone != nil {
							addr, ok = list.Address{Channel: chn, Value: p.phone()}, true
						}
						require.True(t, ok)
						require.True(t, rv20ReachHas(list.Addresses(&res.Contact), addr))
						if st == list.ConsentUnsubscribed {
							unsub[addr] = true
						} else if unsub[addr] {
							assert.Contains(t, res.StillUnsubscribed, addr, "step %d", step)
						}
					}
				case "stop":
					chn := pickFrom(r, list.Channels())
					raw := p.phoneForm(r)
					addr := list.Address{Channel: chn, Value: p.phone()}
					if chn == list.ChannelEmail {
						raw, addr = p.emailForm(r), list.Address{Channel: chn, Value: p.email()}
					}
					var e list.Consent
					e, err = svc.UnsubscribeAddress(ctx, owner, chn, raw, "STOP")
					require.NoError(t, err)
					assert.Equal(t, addr, e.Address)
					unsub[addr] = true
				case "resub":
					raw, addr := p.phoneForm(r), list.Address{Channel: list.ChannelSMS, Value: p.phone()}
					reason := pickFrom(r, []string{"", " \u200b ", "asked again by phone"})
					_, err = svc.ResubscribeAddress(ctx, owner, list.ChannelSMS, raw, reason)
					if strings.TrimSpace(strings.ReplaceAll(reason, "\u200b", "")) == "" {
						require.ErrorIs(t, err, contactkit.ErrInvalidInput)
						break
					}
					require.NoError(t, err)
					delete(unsub, addr)
				default:
					c, found := rv20ReachOwner(t, svc, p)
					if !found {
						continue
					}
					switch op {
					case "block":
						if c.Blocked() {
							_, err = svc.UnblockContact(ctx, owner, c.ID)
						} else {
							_, err = svc.BlockContact(ctx, owner, c.ID, "spam")
						}
						require.NoError(t, err)
					case "delete":
						_, err = svc.DeleteContact(ctx, owner, c.ID)
						require.NoError(t, err)
						if r.IntN(2) == 0 {
							_, err = svc.RestoreContact(ctx, owner, c.ID)
							require.NoError(t, err)
						}
					case "erase":
						require.NoError(t, svc.EraseContact(ctx, owner, c.ID))
					case "merge":
						q, found := rv20ReachOwner(t, svc, pickFrom(r, people))
						if !found || q.ID == c.ID {
							continue
						}
						var pv contactkit.MergePreview
						pv, err = svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: c.ID, Others: []contact.ID{q.ID}})
						require.NoError(t, err)
						_, err = svc.MergeContacts(ctx, owner, pv)
						require.NoError(t, err)
					}
				}
				if err != nil {
					assert.Equal(t, before, rv20ReachSnapshot(t, svc, lists), "step %d %s: a refused call changed the workspace: %v", step, op, err)
					assert.Equal(t, evBefore, ev.count(), "step %d %s: a refused call emitted events", step, op)
				}
				rv20ReachCheck(t, svc, r, people, unsub, lists, opts, step)
			}
		})
	}
}

func rv20ReachHas(s []list.Address, a list.Address) bool {
	for _, x := range s {
		if x == a {
			return true
		}
	}
	return false
}

func rv20ReachID(r *rand.Rand) [16]byte {
	var b [16]byte
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return b
}

// rv20ReachOwner returns the live contact that holds p's email or phone.
func rv20ReachOwner(t *testing.T, svc *contactkit.Service, p rv20ReachPerson) (contact.Contact, bool) {
	t.Helper()
	c, err := svc.ContactByEmail(t.Context(), owner, p.email())
	if errors.Is(err, store.ErrNotFound) {
		c, err = svc.ContactByPhone(t.Context(), owner, p.phone())
	}
	if errors.Is(err, store.ErrNotFound) {
		return contact.Contact{}, false
	}
	require.NoError(t, err)
	return c, true
}

func rv20ReachCheck(t *testing.T, svc *contactkit.Service, r *rand.Rand, people []rv20ReachPerson, unsub map[list.Address]bool, lists []list.ID, opts *contactkit.Options, step int) {
	t.Helper()
	ctx := t.Context()
	for _, p := range people {
		for _, chn := range list.Channels() {
			raw, val := p.phoneForm(r), p.phone()
			if chn == list.ChannelEmail {
				raw, val = p.emailForm(r), p.email()
			}
			e, err := svc.AddressConsent(ctx, owner, chn, raw)
			require.NoError(t, err)
			addr := list.Address{Channel: chn, Value: val}
			require.Equal(t, addr, e.Address)
			if unsub[addr] {
				assert.False(t, e.Subscribed(), "step %d: %s was unsubscribed and never resubscribed: %+v", step, addr, e)
				assert.False(t, e.Default, "step %d: %s", step, addr)
			}
		}
		byEmail, errE := svc.ContactByEmail(ctx, owner, p.emailForm(r))
		byPhone, errP := svc.ContactByPhone(ctx, owner, p.phoneForm(r))
		for _, c := range []struct {
			c   contact.Contact
			err error
		}{{byEmail, errE}, {byPhone, errP}} {
			if errors.Is(c.err, store.ErrNotFound) {
				continue
			}
			require.NoError(t, c.err)
			for _, k := range []contact.ChannelKind{contact.ChannelEmail, contact.ChannelSMS, contact.ChannelWhatsApp} {
				l := list.ID{}
				if r.IntN(2) == 0 {
					l = pickFrom(r, lists)
				}
				re, err := svc.Reachable(ctx, owner, c.c.ID, k, l)
				require.NoError(t, err)
				want := map[contactkit.Reason]bool{}
				if c.c.Blocked() {
					want[contactkit.ReasonBlocked] = true
				}
				addr, ok := list.AddressOf(list.Channel(k), &c.c)
				if !ok {
					want[contactkit.ReasonNoAddress], want[contactkit.ReasonChannelUnavailable] = true, true
				} else if unsub[addr] {
					want[contactkit.ReasonUnsubscribed] = true
				} else if opts.Consent.Default() == list.ConsentUnsubscribed && !re.Consent.Subscribed() {
					want[contactkit.ReasonNoConsent] = true
				}
				for _, reason := range []contactkit.Reason{contactkit.ReasonBlocked, contactkit.ReasonNoAddress, contactkit.ReasonChannelUnavailable, contactkit.ReasonUnsubscribed, contactkit.ReasonNoConsent} {
					assert.Equal(t, want[reason], re.Has(reason), "step %d: %s on %s: %v", step, reason, k, re.Reasons)
				}
				if !l.IsZero() {
					m := re.Membership
					switch {
					case m.Contact.IsZero():
						assert.True(t, re.Has(contactkit.ReasonNotMember))
					case m.Status == list.StatusUnconfirmed:
						assert.True(t, re.Has(contactkit.ReasonListUnconfirmed))
					case m.Status == list.StatusUnsubscribed:
						assert.True(t, re.Has(contactkit.ReasonListUnsubscribed))
					}
				}
				assert.Equal(t, len(re.Reasons) == 0, re.OK)
			}
		}
	}
}

func rv20ReachPtr(s string) *string { return &s }
