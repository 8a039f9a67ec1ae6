package contactkit_test

// Helpers of the acceptance tests (acceptance_test.go): they use the public
// API the way a host application would.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

var accOwner = contactkit.Actor{Workspace: "acme", User: "u-alice", Role: contactkit.RoleOwner}

func accService(region string) *contactkit.Service {
	return contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: region})
}

func accFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "acceptance", name))
	require.NoError(t, err)
	return b
}

// accRun is the outcome of one import.
type accRun struct {
	m      importer.Mapping
	header []string
	res    contactkit.ImportResult
	rows   []contactkit.ImportRow
	failed bytes.Buffer
	err    error
}

func (r *accRun) row(t *testing.T, line int) contactkit.ImportRow {
	t.Helper()
	for _, x := range r.rows {
		if x.Line == line {
			return x
		}
	}
	t.Fatalf("no outcome for line %d: %s", line, r.outcomes())
	return contactkit.ImportRow{}
}

func (r *accRun) outcomes() string {
	var b strings.Builder
	for _, x := range r.rows {
		fmt.Fprintf(&b, "%d:%s", x.Line, x.Outcome)
		if x.Skip != "" {
			fmt.Fprintf(&b, "(%s)", x.Skip)
		}
		if x.Err != nil {
			fmt.Fprintf(&b, "[%v]", x.Err)
		}
		b.WriteString("; ")
	}
	return b.String()
}

func (r *accRun) target(header string) importer.Target {
	for _, c := range r.m.Columns {
		if c.Header == header {
			return c.Target
		}
	}
	return importer.Target{Kind: "NO SUCH COLUMN " + importer.Kind(header)}
}

func (r *accRun) mappingText() string {
	var b strings.Builder
	for _, c := range r.m.Columns {
		fmt.Fprintf(&b, "  %-36q -> %-24s %s\n", c.Header, c.Target, c.Reason)
	}
	fmt.Fprintf(&b, "  dates: %v %s\n", r.m.Dates, r.m.DatesReason)
	return b.String()
}

// accImport opens data, samples it, suggests a mapping for region (with the
// workspace's fields), lets adjust change it, and imports it with opts.
func accImport(t *testing.T, svc *contactkit.Service, data []byte, region string, opts *contactkit.ImportOptions, adjust func(*importer.Mapping)) *accRun {
	t.Helper()
	return accImportAs(t, svc, accOwner, data, region, opts, adjust)
}

// accImportAs is accImport for actor a, in a's workspace.
func accImportAs(t *testing.T, svc *contactkit.Service, a contactkit.Actor, data []byte, region string, opts *contactkit.ImportOptions, adjust func(*importer.Mapping)) *accRun {
	t.Helper()
	return accImportMapped(t, svc, a, data, &importer.MapOptions{Region: region}, opts, adjust)
}

// accImportMapped is accImportAs with the options of the suggested
// mapping; their Delimiter is the file's.
func accImportMapped(t *testing.T, svc *contactkit.Service, a contactkit.Actor, data []byte, mo *importer.MapOptions, opts *contactkit.ImportOptions, adjust func(*importer.Mapping)) *accRun {
	t.Helper()
	ctx := context.Background()
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	defs, err := svc.Fields(ctx, a)
	require.NoError(t, err)
	run := &accRun{header: r.Header()}
	mopts := *mo
	mopts.Delimiter = importer.DelimiterOf(r)
	run.m = importer.Suggest(r.Header(), sample, defs, &mopts)
	if adjust != nil {
		adjust(&run.m)
	}
	var o contactkit.ImportOptions
	if opts != nil {
		o = *opts
	}
	o.OnRow = func(x contactkit.ImportRow) { run.rows = append(run.rows, x) }
	o.Failed = &run.failed
	run.res, run.err = svc.Import(ctx, a, r, run.m, &o)
	if run.res.Rows != run.res.Created+run.res.Updated+run.res.Suppressed+run.res.Skipped+run.res.Failed {
		t.Errorf("counts do not add up: %+v", run.res)
	}
	return run
}

// accReimport exports every contact of src in format (the CSV for "") and
// imports the file into a new Service of region FR, which it returns with
// the run and the file.
func accReimport(t *testing.T, src *contactkit.Service, format contactkit.ExportFormat) (*contactkit.Service, *accRun, []byte) {
	t.Helper()
	var out bytes.Buffer
	_, err := src.Export(context.Background(), accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: format})
	require.NoError(t, err)
	dst := accService("FR")
	run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	return dst, run, out.Bytes()
}

func accContacts(t *testing.T, svc *contactkit.Service) []contact.Contact {
	t.Helper()
	return accAll(t, svc, contactkit.ContactQuery{})
}

// accAll returns every contact that q selects.
func accAll(t *testing.T, svc *contactkit.Service, q contactkit.ContactQuery) []contact.Contact {
	t.Helper()
	var out []contact.Contact
	for c, err := range svc.Contacts(context.Background(), accOwner, q) {
		require.NoError(t, err)
		out = append(out, c)
	}
	return out
}

// accByEmail finds the contact that has email (primary or not).
func accByEmail(t *testing.T, svc *contactkit.Service, email string) contact.Contact {
	t.Helper()
	for _, c := range accContacts(t, svc) {
		for _, e := range c.Emails() {
			if e.String() == email {
				return c
			}
		}
	}
	t.Fatalf("no contact with email %s among %s", email, accDump(accContacts(t, svc)))
	return contact.Contact{}
}

func accByName(t *testing.T, svc *contactkit.Service, first string) contact.Contact {
	t.Helper()
	for _, c := range accContacts(t, svc) {
		if c.FirstName == first {
			return c
		}
	}
	t.Fatalf("no contact named %s among %s", first, accDump(accContacts(t, svc)))
	return contact.Contact{}
}

func accStrings[T interface{ String() string }](s []T) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = v.String()
	}
	return out
}

func accDump(cs []contact.Contact) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "\n  %q %q alias=%q emails=%v(%q %v) phones=%v(%q %v) country=%s lang=%s bday=%s city=%q state=%q company=%q job=%q tags=%v fields=%v",
			c.FirstName, c.LastName, c.Alias, accStrings(c.Emails()), c.EmailLabel, c.OtherEmails, accStrings(c.Phones()), c.PhoneLabel, c.OtherPhones,
			c.Country, c.Language, c.BirthDate, c.City, c.State, c.Company, c.JobTitle, c.Tags, c.Fields)
	}
	return b.String()
}

func accConsent(t *testing.T, svc *contactkit.Service, chn list.Channel, addr string) list.ConsentStatus {
	t.Helper()
	c, err := svc.AddressConsent(context.Background(), accOwner, chn, addr)
	require.NoError(t, err)
	return c.Status
}
