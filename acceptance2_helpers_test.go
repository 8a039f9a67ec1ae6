package contactkit_test

// Helpers of the second acceptance pass (acceptance2_*_test.go): export
// round trips, xlsx files as other tools write them, and search. They use
// the public API the way a host application would.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
)

// acc2Import is accImport without a change to the mapping, for an import
// that must run to its end.
func acc2Import(t *testing.T, svc *contactkit.Service, data []byte, region string, opts *contactkit.ImportOptions) (importer.Mapping, contactkit.ImportResult, []contactkit.ImportRow) {
	t.Helper()
	run := accImport(t, svc, data, region, opts, nil)
	require.NoError(t, run.err)
	return run.m, run.res, run.rows
}

func acc2Mapping(m importer.Mapping) string {
	var b strings.Builder
	for _, c := range m.Columns {
		fmt.Fprintf(&b, "  %-28q -> %-24s %s\n", c.Header, c.Target, c.Reason)
	}
	return b.String()
}

func acc2Rows(rows []contactkit.ImportRow) string {
	var b strings.Builder
	for _, x := range rows {
		if x.Outcome == contactkit.ImportCreated {
			continue
		}
		fmt.Fprintf(&b, "  line %d: %s %s %v\n", x.Line, x.Outcome, x.Skip, x.Err)
	}
	return b.String()
}

// acc2View is what an export carries of a contact, comparable with ==
// after fmt.
type acc2View struct {
	First, Last, Alias             string
	Email, EmailLabel              string
	OtherEmails                    []string
	Phone, PhoneLabel              string
	OtherPhones                    []string
	Country, Language, BirthDate   string
	City, State, Company, JobTitle string
	Tags                           []string
	Fields                         map[string]string
}

func acc2ViewOf(c contact.Contact, withFields bool) acc2View {
	v := acc2View{
		First: c.FirstName, Last: c.LastName, Alias: c.Alias,
		Email: c.Email.String(), EmailLabel: string(c.EmailLabel),
		Phone: c.Phone.String(), PhoneLabel: string(c.PhoneLabel),
		Country: c.Country.String(), Language: c.Language.String(), BirthDate: c.BirthDate.String(),
		City: c.City, State: c.State, Company: c.Company, JobTitle: c.JobTitle,
	}
	if c.BirthDate.IsZero() {
		v.BirthDate = ""
	}
	for _, o := range c.OtherEmails {
		v.OtherEmails = append(v.OtherEmails, o.Email.String()+"|"+string(o.Label))
	}
	for _, o := range c.OtherPhones {
		v.OtherPhones = append(v.OtherPhones, o.Phone.String()+"|"+string(o.Label))
	}
	for _, n := range c.Tags {
		v.Tags = append(v.Tags, fmt.Sprint(n))
	}
	if withFields && len(c.Fields) > 0 {
		v.Fields = map[string]string{}
		for k, x := range c.Fields {
			v.Fields[k.String()] = string(x.Type()) + ":" + x.String()
		}
	}
	return v
}

// acc2Consents returns the consent of every address of c, per channel.
func acc2Consents(t *testing.T, svc *contactkit.Service, c contact.Contact) []string {
	t.Helper()
	var out []string
	for _, e := range c.Emails() {
		s, err := svc.AddressConsent(context.Background(), accOwner, list.ChannelEmail, e.String())
		require.NoError(t, err)
		out = append(out, "email "+e.String()+" "+string(s.Status))
	}
	for _, p := range c.Phones() {
		for _, ch := range []list.Channel{list.ChannelSMS, list.ChannelWhatsApp} {
			s, err := svc.AddressConsent(context.Background(), accOwner, ch, p.String())
			require.NoError(t, err)
			out = append(out, string(ch)+" "+p.String()+" "+string(s.Status))
		}
	}
	slices.Sort(out)
	return out
}

func acc2CreateFields(t *testing.T, svc *contactkit.Service, defs []field.Definition) {
	t.Helper()
	for _, d := range defs {
		_, err := svc.CreateField(context.Background(), accOwner, d)
		require.NoError(t, err, "field %s", d.Key)
	}
}
