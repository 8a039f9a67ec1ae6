package contactkit_test

// Review of the import: random files against random workspaces, in every
// mode, batch size and with the seen addresses spilled to disk, for real
// and as dry runs (I5: a dry run reports exactly what a real run does;
// the batches change no outcome).

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// reviewWorld builds a workspace from seed, with IDs that do not depend on
// the clock: contacts with emails and phones drawn from small pools, some
// unsubscribed.
func reviewWorld(t *testing.T, seed uint64) *contactkit.Service {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 7))
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", NewID: fixture.CountingIDs(0)})
	used := map[string]bool{}
	for i := range 8 {
		var p contact.Patch
		fn := fmt.Sprintf("Old%d", i)
		p.FirstName = &fn
		if r.IntN(4) != 0 {
			e := fmt.Sprintf("e%d@example.com", r.IntN(12))
			if !used[e] {
				used[e] = true
				p.Email = &e
			}
		}
		if r.IntN(3) != 0 {
			ph := fmt.Sprintf("+336123456%02d", r.IntN(12))
			if !used[ph] {
				used[ph] = true
				p.Phone = &ph
			}
		}
		if p.Email == nil && p.Phone == nil {
			continue
		}
		c, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: p})
		require.NoError(t, err)
		if p.Email != nil && r.IntN(3) == 0 {
			_, err := svc.Unsubscribe(ctx, accOwner, c.ID, list.ChannelEmail, "test")
			require.NoError(t, err)
		}
	}
	return svc
}

// reviewFile is a CSV file of rows drawn from the same pools.
func reviewFile(seed uint64, rows int, ids []string) string {
	r := rand.New(rand.NewPCG(seed, 11))
	var b strings.Builder
	b.WriteString("First Name,Email,Email 2,Phone,Tags,Email Consent,Birthday,Blocked,SMS Opt Out,contactkit ID\n")
	for i := range rows {
		pick := func(f string, n, none int) string {
			if r.IntN(none) == 0 {
				return ""
			}
			return fmt.Sprintf(f, r.IntN(n))
		}
		e2 := ""
		if r.IntN(5) == 0 {
			e2 = pick("e%d@example.com", 14, 2)
		}
		consent := []string{"", "", "subscribed", "unsubscribed"}[r.IntN(4)]
		bday := ""
		if r.IntN(10) == 0 {
			bday = "not a date"
		}
		id := ""
		if len(ids) > 0 && r.IntN(4) == 0 {
			id = ids[r.IntN(len(ids))]
		}
		blocked := []string{"", "", "", "yes"}[r.IntN(4)]
		sms := []string{"", "", "yes", "no"}[r.IntN(4)]
		fmt.Fprintf(&b, "N%d,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", i, pick("e%d@example.com", 14, 3), e2, pick("06 12 34 56 %02d", 14, 2),
			pick("t%d", 3, 2), consent, bday, blocked, sms, id)
	}
	return b.String()
}

var reviewUUID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

type reviewOutcome struct {
	Line, Dup int
	Outcome   contactkit.ImportOutcome
	Skip      contactkit.SkipReason
	Err       string
}

func reviewImport(t *testing.T, svc *contactkit.Service, data string, o contactkit.ImportOptions) (contactkit.ImportResult, []reviewOutcome, string) {
	t.Helper()
	r, err := importer.Open(strings.NewReader(data), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	m := importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
	return reviewImportWith(t, svc, r, m, o)
}

func reviewImportWith(t *testing.T, svc *contactkit.Service, r importer.Reader, m importer.Mapping, o contactkit.ImportOptions) (contactkit.ImportResult, []reviewOutcome, string) {
	t.Helper()
	ctx := context.Background()
	var outs []reviewOutcome
	var failed bytes.Buffer
	o.OnRow = func(x contactkit.ImportRow) {
		z := reviewOutcome{Line: x.Line, Dup: x.DuplicateOf, Outcome: x.Outcome, Skip: x.Skip}
		if x.Err != nil {
			for _, p := range x.Err.Problems {
				z.Err += fmt.Sprintf("[%d %T]", p.Column, p.Err)
			}
		}
		outs = append(outs, z)
	}
	o.Failed = &failed
	res, err := svc.Import(ctx, accOwner, r, m, &o)
	require.NoError(t, err)
	require.Equal(t, res.Rows, res.Created+res.Updated+res.Suppressed+res.Skipped+res.Failed)
	require.Equal(t, res.Skipped, res.SkippedExists+res.SkippedMissing+res.SkippedDuplicates+res.SkippedHeaders)
	return res, outs, reviewUUID.ReplaceAllString(failed.String(), "<id>")
}

// reviewState is the workspace as text: contacts by first name with addresses
// and tags, and the consent of every pooled address.
func reviewState(t *testing.T, svc *contactkit.Service) string {
	t.Helper()
	var lines []string
	for _, c := range accContacts(t, svc) {
		lines = append(lines, fmt.Sprintf("%s %v %v %v %s %s", c.FirstName, accStrings(c.Emails()), accStrings(c.Phones()), c.Tags, c.BirthDate, c.Status))
	}
	slices.Sort(lines)
	for i := range 14 {
		e := fmt.Sprintf("e%d@example.com", i)
		lines = append(lines, e+" "+string(accConsent(t, svc, list.ChannelEmail, e)))
		ph := fmt.Sprintf("+336123456%02d", i)
		lines = append(lines, ph+" "+string(accConsent(t, svc, list.ChannelSMS, ph))+" "+string(accConsent(t, svc, list.ChannelWhatsApp, ph)))
	}
	return strings.Join(lines, "\n")
}

// TestReviewImportDryRunAndBatchesAgree imports random files into
// random workspaces in every mode, with several batch sizes, for real and
// as dry runs: every run gives the same outcomes, and the real runs leave
// the same workspace.
func TestReviewImportDryRunAndBatchesAgree(t *testing.T) {
	for seed := range uint64(reviewSeeds) {
		for _, mode := range []contactkit.ImportMode{contactkit.ImportUpsert, contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly} {
			t.Run(fmt.Sprintf("%d/%s", seed, mode), func(t *testing.T) {
				var ids []string
				for _, c := range accContacts(t, reviewWorld(t, seed)) {
					ids = append(ids, c.ID.String())
				}
				if seed%3 == 0 {
					ids = nil
				}
				data := reviewFile(seed, 30, ids)
				unsubAll := seed%4 == 1
				var wantOut []reviewOutcome
				var wantState, wantFailed string
				for _, bs := range []int{500, 1, 4, -4} {
					for _, dry := range []bool{false, true} {
						svc := reviewWorld(t, seed)
						before := reviewState(t, svc)
						o := &contactkit.ImportOptions{Mode: mode, BatchSize: bs, DryRun: dry, Workers: 2, UnsubscribeAll: unsubAll, Tags: []string{"imported"}}
						if bs < 0 {
							// The seen addresses written to temporary files every 3.
							o.BatchSize, o.TempDir = -bs, t.TempDir()
							o = contactkit.WithSeenSpillAt(o, 3)
						}
						res, outs, failed := reviewImport(t, svc, data, *o)
						after := reviewState(t, svc)
						if wantOut == nil {
							wantOut, wantState, wantFailed = outs, after, failed
							continue
						}
						require.Equal(t, wantOut, outs, "batch %d dry %v: %+v\n%s", bs, dry, res, data)
						require.Equal(t, wantFailed, failed, "batch %d dry %v", bs, dry)
						if dry {
							require.Equal(t, before, after, "a dry run writes nothing")
						} else {
							require.Equal(t, wantState, after, "batch %d\n%s", bs, data)
						}
					}
				}
			})
		}
	}
}

// reviewSeeds is the number of random files of each test (raise it to search).
var reviewSeeds = 40
