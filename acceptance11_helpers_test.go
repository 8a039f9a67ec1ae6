package contactkit_test

// Helpers of the acceptance11 tests: real exports of Google, Outlook,
// HubSpot, Mailchimp, ActiveCampaign, Apple, Excel, LibreOffice and Google
// Sheets (testdata/acceptance11) imported through the public API with the
// suggested mapping, as a host application imports what its users bring.

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
)

func acc11File(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "acceptance11", name))
	require.NoError(t, err)
	return b
}

// acc11Import imports testdata/acceptance11/name into a new Service of
// region with the suggested mapping and default options; every row must
// end created.
func acc11Import(t *testing.T, name, region string, rows int) (*contactkit.Service, *accRun) {
	t.Helper()
	svc := accService(region)
	run := accImport(t, svc, acc11File(t, name), region, nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, rows, run.res.Rows, "rows read\n%s", run.mappingText())
	assert.Equal(t, rows, run.res.Created, "%s\n%s", run.outcomes(), run.mappingText())
	return svc, run
}

// acc11Targets checks the target of each named column, and that a column
// mapped to something has a reason that says why.
func acc11Targets(t *testing.T, run *accRun, want map[string]string) {
	t.Helper()
	for h, w := range want {
		assert.Equal(t, w, run.target(h).String(), "column %q\n%s", h, run.mappingText())
	}
	for _, c := range run.m.Columns {
		if c.Target.Kind != importer.KindIgnore {
			assert.NotEqual(t, importer.ReasonNone, c.Reason.Kind, "column %q mapped without a reason", c.Header)
			assert.NotEmpty(t, c.Reason.String(), c.Header)
		}
	}
}

// acc11Ignored checks that each header is not imported.
func acc11Ignored(t *testing.T, run *accRun, headers ...string) {
	t.Helper()
	for _, h := range headers {
		assert.Equal(t, importer.KindIgnore, run.target(h).Kind, "column %q\n%s", h, run.mappingText())
	}
}

func acc11Phones(c contact.Contact) map[string]string {
	m := map[string]string{c.Phone.String(): string(c.PhoneLabel)}
	for _, p := range c.OtherPhones {
		m[p.Phone.String()] = string(p.Label)
	}
	return m
}

func acc11Emails(c contact.Contact) map[string]string {
	m := map[string]string{c.Email.String(): string(c.EmailLabel)}
	for _, e := range c.OtherEmails {
		m[e.Email.String()] = string(e.Label)
	}
	return m
}
