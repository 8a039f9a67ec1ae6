package contactkit_test

// Acceptance tests of the thirteenth round: the options of Import in
// combination, on random files (seeded) against a workspace that holds
// contacts, unsubscribes, a blocked contact and an erased one.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
)

// acc13Seed fills svc: contacts c0…c7 (c6 and c7 without an email), c1's
// email and c2's sms unsubscribed, c3 blocked, c4 a member of Newsletter,
// and gone@example.com, unsubscribed, erased. It returns the lists by
// name.
func acc13Seed(t *testing.T, svc *contactkit.Service) map[string]list.ID {
	t.Helper()
	ctx := context.Background()
	lists := map[string]list.ID{}
	for _, n := range []string{"Newsletter", "Clients"} {
		l, err := svc.CreateList(ctx, accOwner, list.List{Name: n})
		require.NoError(t, err)
		lists[n] = l.ID
	}
	ptr := func(s string) *string { return &s }
	ids := make([]contact.ID, 8)
	for k := range 8 {
		p := contact.Patch{FirstName: ptr(fmt.Sprintf("C%d", k)), Phone: ptr(fmt.Sprintf("+3361234560%d", k))}
		if k < 6 {
			p.Email = ptr(fmt.Sprintf("c%d@example.com", k))
		}
		if k%2 == 0 {
			p.Company = ptr("Acme")
			p.City = ptr("Lyon")
		}
		if k == 5 || k == 7 {
			others := []contact.LabeledInput{{Value: fmt.Sprintf("+3361234570%d", k), Label: "work"}}
			p.OtherPhones = &others
			if k == 5 {
				emails := []contact.LabeledInput{{Value: "c5.alt@example.com", Label: "home"}}
				p.OtherEmails = &emails
			}
		}
		c, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: p, Tags: []string{"old"}})
		require.NoError(t, err)
		ids[k] = c.ID
	}
	_, err := svc.UnsubscribeAddress(ctx, accOwner, list.ChannelEmail, "c1@example.com", "test")
	require.NoError(t, err)
	_, err = svc.UnsubscribeAddress(ctx, accOwner, list.ChannelSMS, "+33612345602", "test")
	require.NoError(t, err)
	_, err = svc.BlockContact(ctx, accOwner, ids[3], "test")
	require.NoError(t, err)
	_, err = svc.AddToList(ctx, accOwner, lists["Newsletter"], ids[4])
	require.NoError(t, err)
	gone, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("gone@example.com"), Phone: ptr("+33612345699")}})
	require.NoError(t, err)
	_, err = svc.Unsubscribe(ctx, accOwner, gone.ID, list.ChannelEmail, "test")
	require.NoError(t, err)
	_, err = svc.Unsubscribe(ctx, accOwner, gone.ID, list.ChannelSMS, "test")
	require.NoError(t, err)
	require.NoError(t, svc.EraseContact(ctx, accOwner, gone.ID))
	_, err = svc.CreateAutomation(ctx, accOwner, automation.Automation{
		Name: "Welcome", Steps: []automation.Step{{Name: "hello"}}, Active: true, Reentry: automation.ReentryAllow,
		Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated), automation.On(automation.TriggerTagAdded), automation.On(automation.TriggerListSubscribed)},
	})
	require.NoError(t, err)
	return lists
}

// acc13Header is the header of the random files.
const acc13Header = "First Name,Email,Phone,Country,Company,City,Tags,Email Consent,SMS Opt Out,Notes"

// acc13File makes a random file of n rows about the seeded workspace.
func acc13File(r *rand.Rand, n int) []byte {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	maybe := func(s string) string {
		if r.IntN(2) == 0 {
			return ""
		}
		return s
	}
	var b strings.Builder
	b.WriteString(acc13Header + "\n")
	var rows []string
	for i := range n {
		k := r.IntN(8)
		var row []string
		switch r.IntN(13) {
		case 0, 1: // an existing contact by email, some cells blank
			row = []string{maybe("Neu"), fmt.Sprintf("C%d@Example.com", k), maybe(fmt.Sprintf("06 12 34 56 0%d", k)), "", maybe("Initech"), "", maybe("imported"), maybe(pick("subscribed", "unsubscribed")), maybe(pick("yes", "no")), maybe("hello")}
		case 2: // an existing contact by its phone alone
			row = []string{"", "", fmt.Sprintf("+33 6 12 34 56 0%d", k), "", "", maybe("Paris"), "", "", maybe(pick("yes", "no")), ""}
		case 3, 4, 5: // a new contact
			row = []string{fmt.Sprintf("N%d", i), maybe(fmt.Sprintf("new%d@example.com", i)), fmt.Sprintf("06 98 76 54 %02d", i), "", maybe("Globex"), "", maybe("vip, new"), maybe(pick("subscribed", "unsubscribed")), maybe(pick("yes", "no")), maybe(fmt.Sprintf("note %d", i))}
		case 6: // a row of another country, its phone national
			row = []string{fmt.Sprintf("UK%d", i), fmt.Sprintf("uk%d@example.com", i), fmt.Sprintf("07911 1234%02d", i), pick("GB", "United Kingdom"), "", "", "", "", "", ""}
		case 7: // two contacts in one row
			row = []string{"", fmt.Sprintf("c%d@example.com", k), fmt.Sprintf("06 12 34 56 0%d", (k+1)%8), "", "", "", "", "", "", ""}
		case 8: // the erased contact's address, "subscribed"
			row = []string{"Back", "gone@example.com", maybe("06 12 34 56 99"), "", "", "", "", "subscribed", "no", ""}
		case 9: // bad cells
			row = []string{"Bad", fmt.Sprintf("bad%d@example.com", i), pick("0612", "06 12 34 56 78 90"), pick("", "Atlantis"), "", "", "", pick("", "maybe"), "", ""}
		case 11: // by a secondary address, with a new phone or an ambiguous one
			if r.IntN(2) == 0 {
				row = []string{"Alt", "c5.alt@example.com", maybe(fmt.Sprintf("06 55 44 33 %02d", i)), "", "", "", maybe("alt"), "", "", ""}
			} else {
				row = []string{"", fmt.Sprintf("c%d@example.com", k), pick("+33 6 12 34 57 05", "06 12 34 57 07"), "", "", "", "", "", "", ""}
			}
		case 10: // an office phone shared by colleagues
			row = []string{fmt.Sprintf("Col%d", i), fmt.Sprintf("colleague%d@example.com", i), "01 40 00 00 00", "", "Office", "", "", "", "", ""}
		default: // a row again, as files repeat them
			if len(rows) > 0 {
				b.WriteString(rows[r.IntN(len(rows))] + "\n")
				continue
			}
			row = []string{"Solo", "solo@example.com", "", "", "", "", "", "", "", ""}
		}
		for j, c := range row {
			if strings.ContainsAny(c, ",\"") {
				row[j] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
		}
		line := strings.Join(row, ",")
		rows = append(rows, line)
		b.WriteString(line + "\n")
	}
	return []byte(b.String())
}

// acc13Options draws the options of an import.
func acc13Options(r *rand.Rand, lists map[string]list.ID) contactkit.ImportOptions {
	o := contactkit.ImportOptions{
		Mode:           []contactkit.ImportMode{contactkit.ImportUpsert, contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly, ""}[r.IntN(4)],
		UnsubscribeAll: r.IntN(4) == 0,
		BatchSize:      []int{1, 2, 3, 7, 500}[r.IntN(5)],
		Workers:        1 + r.IntN(2),
	}
	if r.IntN(2) == 0 {
		o.Lists = []list.ID{lists["Clients"]}
	}
	if r.IntN(3) == 0 {
		o.Lists = append(o.Lists, lists["Newsletter"])
	}
	if r.IntN(2) == 0 {
		o.Tags = []string{"batch-2026"}
	}
	if r.IntN(3) == 0 {
		o.DefaultRegion = "FR"
	}
	o.SuppressionOnly = r.IntN(6) == 0
	o.Triggers = r.IntN(2) == 0
	return o
}

// acc13Run imports data with opts under ctx, recording every outcome.
func acc13Run(t *testing.T, ctx context.Context, svc *contactkit.Service, data []byte, opts contactkit.ImportOptions) *accRun {
	t.Helper()
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	run := &accRun{header: r.Header()}
	run.m = importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
	opts.OnRow = func(x contactkit.ImportRow) { run.rows = append(run.rows, x) }
	opts.Failed = &run.failed
	run.res, run.err = svc.Import(ctx, accOwner, r, run.m, &opts)
	if run.res.Rows != run.res.Created+run.res.Updated+run.res.Suppressed+run.res.Skipped+run.res.Failed {
		t.Errorf("counts do not add up: %+v", run.res)
	}
	if run.res.Rows != len(run.rows) {
		t.Errorf("%d rows counted, %d reported", run.res.Rows, len(run.rows))
	}
	return run
}

// acc13Report is the full per-row report of a run: outcome, reason, the
// contact updated or matched (created ones are new in each run), the line
// duplicated, the problems.
func acc13Report(run *accRun) []string {
	var out []string
	for _, x := range run.rows {
		id := x.Contact.String()
		if x.Outcome == contactkit.ImportCreated {
			id = "new"
		}
		out = append(out, fmt.Sprintf("%d %s %s %s dup=%d %v", x.Line, x.Outcome, x.Skip, id, x.DuplicateOf, x.Err))
	}
	return out
}

// acc13State is the whole of a workspace that an import may change, by
// address rather than by ID: each live contact with its lists, the
// consent of every address the test knows, in order.
func acc13State(t *testing.T, svc *contactkit.Service, lists map[string]list.ID) []string {
	t.Helper()
	ctx := context.Background()
	names := map[list.ID]string{}
	for n, id := range lists {
		names[id] = n
	}
	var out []string
	addrs := map[string]bool{"email gone@example.com": true, "sms +33612345699": true, "whatsapp +33612345699": true}
	for _, c := range accContacts(t, svc) {
		var ms []string
		for m, err := range svc.Memberships(ctx, accOwner, contactkit.MembershipQuery{Contact: c.ID}) {
			require.NoError(t, err)
			ms = append(ms, names[m.List]+":"+string(m.Status))
		}
		slices.Sort(ms)
		v := acc2ViewOf(c, true)
		v.Tags = slices.Sorted(slices.Values(v.Tags))
		enrolled := 0
		for _, err := range svc.Enrollments(ctx, accOwner, contactkit.EnrollmentQuery{Contact: c.ID}) {
			require.NoError(t, err)
			enrolled++
		}
		out = append(out, fmt.Sprintf("%+v status=%s lists=%v notes=%v enrolled=%d", v, c.Status, ms, accNotes(t, svc, c.ID), enrolled))
		for _, e := range c.Emails() {
			addrs["email "+e.String()] = true
		}
		for _, p := range c.Phones() {
			addrs["sms "+p.String()] = true
			addrs["whatsapp "+p.String()] = true
		}
	}
	slices.Sort(out)
	for _, a := range slices.Sorted(func(yield func(string) bool) {
		for a := range addrs {
			if !yield(a) {
				return
			}
		}
	}) {
		chn, addr, _ := strings.Cut(a, " ")
		out = append(out, a+" "+string(accConsent(t, svc, list.Channel(chn), addr)))
	}
	return out
}

// On random files and random options against a workspace with data:
//
//   - the dry run reports every row exactly as the real run then does
//     (I5), failed-rows file included, and writes nothing;
//   - an import cancelled between batches says where it stopped, and the
//     same file imported again ends in the state of one whole run (safe
//     to retry: no duplicates, no note twice);
//   - no address the ledger held unsubscribed is subscribed after (L4),
//     the erased contact's included, and the blocked contact stays so;
//   - no value of a seeded contact is cleared by a blank cell (I4).
func TestAcceptance13ImportOptionsInCombination(t *testing.T) {
	for seed := range 40 {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(seed), 1313))
			data := acc13File(r, 8+r.IntN(25))
			svc := accService("FR")
			lists := acc13Seed(t, svc)
			opts := acc13Options(r, lists)
			before := acc13State(t, svc, lists)
			seeded := accContacts(t, svc)

			dry := opts
			dry.DryRun = true
			dryRun := acc13Run(t, context.Background(), svc, data, dry)
			require.NoError(t, dryRun.err)
			require.Equal(t, before, acc13State(t, svc, lists), "a dry run writes nothing")
			real := acc13Run(t, context.Background(), svc, data, opts)
			require.NoError(t, real.err)
			assert.Equal(t, acc13Report(real), acc13Report(dryRun), "the dry run is the real run (opts %+v)\n%s", opts, data)
			assert.Equal(t, real.failed.String(), dryRun.failed.String(), "failed rows")
			assert.Equal(t, real.res.Created, dryRun.res.Created)
			after := acc13State(t, svc, lists)

			enrolled := slices.ContainsFunc(after, func(l string) bool { return strings.Contains(l, "enrolled=") && !strings.Contains(l, "enrolled=0") })
			if !opts.Triggers {
				assert.False(t, enrolled, "triggers off: the import enrols no one")
			} else if real.res.Created > 0 {
				assert.True(t, enrolled, "triggers on: a created contact is enrolled")
			}

			// Unsubscribe all: every address of a contact the import created.
			if opts.UnsubscribeAll {
				for _, x := range real.rows {
					if x.Outcome != contactkit.ImportCreated {
						continue
					}
					c, err := svc.GetContact(context.Background(), accOwner, x.Contact)
					require.NoError(t, err)
					for _, a := range acc2Consents(t, svc, c) {
						assert.True(t, strings.HasSuffix(a, " unsubscribed"), "line %d, unsubscribe all: %s", x.Line, a)
					}
				}
			}

			// L4: unsubscribed stays unsubscribed; blocked stays blocked.
			for _, a := range []string{"email c1@example.com", "sms +33612345602", "email gone@example.com", "sms +33612345699"} {
				chn, addr, _ := strings.Cut(a, " ")
				assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.Channel(chn), addr), "%s resubscribed by an import", a)
			}
			for _, c := range seeded {
				now, err := svc.GetContact(context.Background(), accOwner, c.ID)
				require.NoError(t, err)
				assert.Equal(t, c.Blocked(), now.Blocked(), "status of %s", c.FirstName)
				// Blank cells never clear.
				for name, pair := range map[string][2]string{
					"first": {c.FirstName, now.FirstName}, "company": {c.Company, now.Company}, "city": {c.City, now.City},
					"email": {c.Email.String(), now.Email.String()}, "phone": {c.Phone.String(), now.Phone.String()},
				} {
					if pair[0] != "" {
						assert.NotEmpty(t, pair[1], "%s of %s cleared", name, c.FirstName)
					}
				}
				assert.Subset(t, accStrings(now.Tags), accStrings(c.Tags), "tags of %s", c.FirstName)
				assert.Subset(t, accStrings(now.Emails()), accStrings(c.Emails()), "emails of %s", c.FirstName)
				assert.Subset(t, accStrings(now.Phones()), accStrings(c.Phones()), "phones of %s", c.FirstName)
			}

			// Cancelled after a batch, then the same file again.
			if real.res.Batches < 2 {
				return
			}
			other := accService("FR")
			otherLists := acc13Seed(t, other)
			o := acc13Options(rand.New(rand.NewPCG(uint64(seed), 1313)), otherLists)
			// The same draws as opts, but for the lists' IDs.
			o.Mode, o.UnsubscribeAll, o.BatchSize, o.Tags, o.DefaultRegion, o.SuppressionOnly, o.Triggers = opts.Mode, opts.UnsubscribeAll, opts.BatchSize, opts.Tags, opts.DefaultRegion, opts.SuppressionOnly, opts.Triggers
			o.Lists = nil
			for _, id := range opts.Lists {
				for n, l := range lists {
					if l == id {
						o.Lists = append(o.Lists, otherLists[n])
					}
				}
			}
			stopAfter := 1 + r.IntN(real.res.Batches-1)
			ctx, cancel := context.WithCancel(context.Background())
			cut := o
			cut.Progress = func(p contactkit.ImportProgress) {
				if p.Batches == stopAfter {
					cancel()
				}
			}
			first := acc13Run(t, ctx, other, data, cut)
			cancel()
			stopped, ok := errors.AsType[*contactkit.ImportStoppedError](first.err)
			require.True(t, ok, "a cancelled import says where it stopped: %v", first.err)
			assert.ErrorIs(t, first.err, context.Canceled)
			assert.Equal(t, stopped.Line, first.res.StoppedAt)
			assert.Equal(t, stopAfter, first.res.Batches)
			require.NotEmpty(t, first.rows)
			assert.Less(t, first.rows[len(first.rows)-1].Line, stopped.Line, "the rows reported are before the line it stopped at")
			assert.Equal(t, real.rows[stopAfter*o.BatchSize].Line, stopped.Line, "whole batches: it stopped at the first row of the next one")
			assert.Len(t, first.rows, stopAfter*o.BatchSize)
			again := acc13Run(t, context.Background(), other, data, o)
			require.NoError(t, again.err)
			assert.Equal(t, after, acc13State(t, other, otherLists), "cancelled then imported again: the state of one whole run (opts %+v, stopped at %d)\n%s", o, stopped.Line, data)
		})
	}
}
