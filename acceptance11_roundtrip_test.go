package contactkit_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
)

// acc11Files are the files of testdata/acceptance11 whose every row a
// French workspace imports.
var acc11Files = []string{"google_current.csv", "google_legacy.csv", "outlook_en.csv", "outlook_fr.csv", "outlook_com.csv",
	"hubspot.csv", "mailchimp_subscribed.csv", "mailchimp_unsubscribed.csv", "mailchimp_cleaned.csv", "activecampaign.csv",
	"icloud.vcf", "google.vcf", "outlook_1252.vcf", "outlook_utf8.vcf", "excel.xlsx", "libreoffice.xlsx", "gsheets.xlsx"}

// acc11Views returns the contacts of svc as views, sorted, with the
// consent of each of their addresses.
func acc11Views(t *testing.T, svc *contactkit.Service) []string {
	t.Helper()
	var out []string
	for _, c := range accContacts(t, svc) {
		v := acc2ViewOf(c, true)
		s := strings.Join([]string{v.First, v.Last, v.Alias, v.Email, v.EmailLabel, strings.Join(v.OtherEmails, ";"), v.Phone,
			v.PhoneLabel, strings.Join(v.OtherPhones, ";"), v.Country, v.Language, v.BirthDate, v.City, v.State, v.Company,
			v.JobTitle, strings.Join(v.Tags, ";"), strings.Join(acc2Consents(t, svc, c), ";"), string(c.Status)}, " | ")
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// Every vendor file imported into one workspace (the US contacts in their
// country), then exported as CSV and as vCard and imported into an empty
// workspace of another region: the same contacts, with the same consent
// (I6).
func TestAcc11VendorFilesRoundTrip(t *testing.T) {
	src := accService("FR")
	for _, name := range acc11Files {
		region := "FR"
		if strings.HasPrefix(name, "mailchimp") || name == "outlook_en.csv" {
			region = "US"
		}
		run := accImport(t, src, acc11File(t, name), region, &contactkit.ImportOptions{DefaultRegion: region}, nil)
		require.NoError(t, run.err, name)
		assert.Zero(t, run.res.Failed, "%s: %s", name, run.outcomes())
	}
	want := acc11Views(t, src)
	require.Len(t, want, 36)
	for _, format := range []contactkit.ExportFormat{"", contactkit.ExportVCard} {
		t.Run(string(format), func(t *testing.T) {
			var out bytes.Buffer
			_, err := src.Export(context.Background(), accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: format})
			require.NoError(t, err)
			dst := accService("DE")
			run := accImport(t, dst, out.Bytes(), "DE", nil, nil)
			require.NoError(t, run.err)
			assert.Equal(t, len(want), run.res.Created, run.outcomes())
			got := acc11Views(t, dst)
			if format == contactkit.ExportVCard {
				// A vCard holds no consent: compare the rest.
				for i := range got {
					got[i] = acc11WithoutConsent(got[i])
				}
				w := slices.Clone(want)
				for i := range w {
					w[i] = acc11WithoutConsent(w[i])
				}
				assert.Equal(t, w, got)
				return
			}
			assert.Equal(t, want, got)
		})
	}
}

func acc11WithoutConsent(view string) string {
	parts := strings.Split(view, " | ")
	parts[len(parts)-2] = ""
	return strings.Join(parts, " | ")
}

// A dry run of each vendor file gives, row by row, what the real run then
// does, and writes nothing.
func TestAcc11DryRunAgreesOnVendorFiles(t *testing.T) {
	for _, name := range acc11Files {
		t.Run(name, func(t *testing.T) {
			svc := accService("FR")
			dry := accImport(t, svc, acc11File(t, name), "FR", &contactkit.ImportOptions{DryRun: true}, nil)
			require.NoError(t, dry.err)
			assert.Empty(t, accContacts(t, svc), "a dry run writes nothing")
			real := accImport(t, svc, acc11File(t, name), "FR", nil, nil)
			require.NoError(t, real.err)
			assert.Equal(t, real.outcomes(), dry.outcomes())
			d, r := dry.res, real.res
			d.DryRun = false
			assert.Equal(t, r, d)
		})
	}
}

// Importing a Mailchimp audience's subscribed export, then its
// unsubscribed export: the contacts that left are updated and
// unsubscribed; importing the subscribed export (an older one that still
// lists Walter) again resubscribes no one (L4).
func TestAcc11MailchimpExportsInTurn(t *testing.T) {
	svc := accService("US")
	older := strings.Replace(string(acc11File(t, "mailchimp_subscribed.csv")), "fox.mulder@example.org", "walter.skinner@example.com", 1)
	run := accImport(t, svc, []byte(older), "US", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, run.outcomes())
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, "walter.skinner@example.com"))

	run = accImport(t, svc, acc11File(t, "mailchimp_unsubscribed.csv"), "US", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 1, run.res.Updated, run.outcomes())
	assert.Equal(t, 1, run.res.Created, run.outcomes())
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "walter.skinner@example.com"))

	run = accImport(t, svc, []byte(older), "US", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Updated, run.outcomes())
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "walter.skinner@example.com"), "never resubscribed")
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "monica.reyes@example.net"))
}

// An Outlook export with the mistakes people make: a truncated email, a
// phone of letters, an impossible birthday, a row without any address.
// Each failed row names its line, its column and why; the others are
// imported; the counts add up; the failed rows come back as a file that
// imports once fixed.
func TestAcc11OutlookFailedRowsNamed(t *testing.T) {
	data := string(acc11File(t, "outlook_com.csv"))
	head, _, _ := strings.Cut(data, "\n")
	cols := strings.Split(strings.TrimPrefix(strings.TrimSuffix(head, "\r"), "\ufeff"), ",")
	row := func(values map[string]string) string {
		cells := make([]string, len(cols))
		for h, v := range values {
			i := slices.Index(cols, h)
			require.GreaterOrEqual(t, i, 0, h)
			cells[i] = v
		}
		return strings.Join(cells, ",")
	}
	file := head + "\n" + strings.Join([]string{
		row(map[string]string{"First Name": "Ann", "Last Name": "Lee", "E-mail Address": "ann.lee@example"}),
		row(map[string]string{"First Name": "Bob", "E-mail Address": "bob@example.com", "Mobile Phone": "06 12"}),
		row(map[string]string{"First Name": "Cid", "E-mail Address": "cid@example.com", "Birthday": "1980-02-30"}),
		row(map[string]string{"First Name": "Dee", "E-mail Address": "dee@example.com", "Mobile Phone": "06 12 34 56 78"}),
	}, "\n") + "\n"
	svc := accService("FR")
	run := accImport(t, svc, []byte(file), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, contactkit.ImportResult{Rows: 4, Created: 1, Failed: 3, Batches: 1}, run.res, run.outcomes())
	for line, want := range map[int]struct{ header, value string }{
		2: {"E-mail Address", "ann.lee@example"}, 3: {"Mobile Phone", "06 12"}, 4: {"Birthday", "1980-02-30"},
	} {
		r := run.row(t, line)
		require.Equal(t, contactkit.ImportFailed, r.Outcome)
		require.NotNil(t, r.Err)
		require.Len(t, r.Err.Problems, 1, "%v", r.Err)
		p := r.Err.Problems[0]
		assert.Equal(t, want.header, p.Header, "line %d", line)
		assert.Equal(t, slices.Index(cols, want.header), p.Column, "line %d", line)
		assert.Equal(t, want.value, p.Value, "line %d", line)
		assert.NotEmpty(t, p.Err.Error())
	}
	assert.Equal(t, "+33612345678", accByEmail(t, svc, "dee@example.com").Phone.String())

	fixed := strings.NewReplacer("ann.lee@example", "ann.lee@example.com", ",06 12,", ",06 12 34 56 79,", "1980-02-30", "1980-02-28").
		Replace(run.failed.String())
	again := accImport(t, svc, []byte(fixed), "FR", nil, nil)
	require.NoError(t, again.err)
	assert.Equal(t, 3, again.res.Created, "%s\n%s", again.outcomes(), fixed)
	assert.Equal(t, importer.KindIgnore, again.target("Import error").Kind)
	assert.Equal(t, "1980-02-28", accByEmail(t, svc, "cid@example.com").BirthDate.String())
	_ = contact.Contact{}
}

// Mailchimp's unsubscribed export imported into a list with a tag: the
// contacts join the list and get the tag, and none of them is reachable
// by email on it; the subscribed export's contacts are.
func TestAcc11MailchimpExportsIntoAList(t *testing.T) {
	ctx := context.Background()
	svc := accService("US")
	l, err := svc.CreateList(ctx, accOwner, list.List{Name: "Newsletter", Channel: list.ChannelEmail})
	require.NoError(t, err)
	opts := &contactkit.ImportOptions{Lists: []list.ID{l.ID}, Tags: []string{"from mailchimp"}}
	for _, name := range []string{"mailchimp_subscribed.csv", "mailchimp_unsubscribed.csv", "mailchimp_cleaned.csv"} {
		run := accImport(t, svc, acc11File(t, name), "US", opts, nil)
		require.NoError(t, run.err, name)
		require.Zero(t, run.res.Failed, run.outcomes())
	}
	for email, ok := range map[string]bool{"dana.scully@example.com": true, "fox.mulder@example.org": true,
		"walter.skinner@example.com": false, "monica.reyes@example.net": false, "john.doggett@example.invalid.com": false} {
		c := accByEmail(t, svc, email)
		assert.Contains(t, accTags(c), "from mailchimp", email)
		r, err := svc.Reachable(ctx, accOwner, c.ID, contact.ChannelEmail, l.ID)
		require.NoError(t, err)
		assert.Equal(t, ok, r.OK, "%s: %+v", email, r)
		n := 0
		for m, err := range svc.Memberships(ctx, accOwner, contactkit.MembershipQuery{List: l.ID, Contact: c.ID}) {
			require.NoError(t, err)
			n++
			if !ok {
				assert.NotEqual(t, list.StatusSubscribed, m.Status, "%s joined the list subscribed", email)
			}
		}
		assert.Equal(t, 1, n, email)
	}
}

// A host's own phone label "fax" is a label like another in contactkit's
// export: it reads back (I6), where a vendor's "Work Fax" is left out.
func TestAcc11HostFaxLabelRoundTrips(t *testing.T) {
	src := accService("FR")
	accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"),
		Phone: new("06 12 34 56 78"), OtherPhones: &[]contact.LabeledInput{{Value: "01 42 68 53 00", Label: "fax"}}}})
	dst, run, _ := accReimport(t, src, "")
	require.Equal(t, 1, run.res.Created, run.outcomes())
	assert.Equal(t, map[string]string{"+33612345678": "", "+33142685300": "fax"}, acc11Phones(accByEmail(t, dst, "ann@example.com")))
}

// Each vendor file gives the same outcomes, row by row, whatever the
// batch size and the number of workers.
func TestAcc11BatchesDoNotChangeOutcomes(t *testing.T) {
	for _, name := range acc11Files {
		t.Run(name, func(t *testing.T) {
			one := accImport(t, accService("FR"), acc11File(t, name), "FR", &contactkit.ImportOptions{BatchSize: 1, Workers: 1}, nil)
			require.NoError(t, one.err)
			all := accImport(t, accService("FR"), acc11File(t, name), "FR", &contactkit.ImportOptions{BatchSize: 1000, Workers: 4}, nil)
			require.NoError(t, all.err)
			assert.Equal(t, all.outcomes(), one.outcomes())
		})
	}
}

// Mailchimp's unsubscribed export imported create-only (the host keeps its
// own data of contacts it has) or update-only: a row skipped because its
// contact exists, or because none does, still says the address left.
func TestAcc11MailchimpUnsubscribedSkippedRowsStillUnsubscribe(t *testing.T) {
	for _, mode := range []contactkit.ImportMode{contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly} {
		t.Run(string(mode), func(t *testing.T) {
			svc := accService("US")
			accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Walter"), Email: new("walter.skinner@example.com")}})
			run := accImport(t, svc, acc11File(t, "mailchimp_unsubscribed.csv"), "US", &contactkit.ImportOptions{Mode: mode}, nil)
			require.NoError(t, run.err)
			assert.Equal(t, 1, run.res.Skipped, run.outcomes())
			assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "walter.skinner@example.com"), run.outcomes())
			assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "monica.reyes@example.net"), run.outcomes())
		})
	}
}
