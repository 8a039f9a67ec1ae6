package contactkit_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
)

// exportDefs are the custom fields of the round-trip test.
var exportDefs = []field.Definition{
	{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect, Options: []field.Option{{Value: "Free"}, {Value: "Pro"}}},
	{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber},
	{Key: field.MustParseKey("remark"), Label: "Remark", Type: field.TypeText},
	{Key: field.MustParseKey("since"), Label: "Customer since", Type: field.TypeDate},
	{Key: field.MustParseKey("vip"), Label: "VIP", Type: field.TypeCheckbox},
	{Key: field.MustParseKey("channels"), Label: "Channels", Type: field.TypeMultiselect, Options: []field.Option{{Value: "Web"}, {Value: "Shop"}, {Value: "Phone"}}},
}

var (
	firstNames = []string{"Hélène", "José", "Zoë", "Ann", "Łukasz", "François", "Ana María", "O'Brien", "=cmd", "-dash", "Søren"}
	lastNames  = []string{"Dupré", "Müller", "García", "Smith", "+plus", "@at", "Nguyễn", "d'Arc", "Straße"}
	remarks    = []string{"=SUM(A1:A9)", "'quoted", "''twice", "+33 is France", "-1", "@home", "plain, with comma", `say "hi"`, "semi;colon"}
	labels     = []string{"", "home", "work", "mobile", "whatsapp", "other", "school", "personal", "cell", "Bureau", "whatsapp business", "autre"}
	cities     = []string{"Paris", "Saint-Étienne", "München", "Lyon", "-Town"}
)

func pickFrom[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// randomInput returns a random contact of index i.
func randomInput(r *rand.Rand, i int) contactkit.ContactInput {
	p := contact.Patch{}
	set := func(dst **string, v string) {
		if r.IntN(4) != 0 {
			*dst = &v
		}
	}
	set(&p.FirstName, pickFrom(r, firstNames))
	set(&p.LastName, pickFrom(r, lastNames))
	if r.IntN(3) == 0 {
		v := "Al " + pickFrom(r, firstNames)
		p.Alias = &v
	}
	if r.IntN(5) != 0 {
		e, l := fmt.Sprintf("p%d.%d@exämple.com", i, r.IntN(1000)), pickFrom(r, labels)
		if r.IntN(2) == 0 {
			e = fmt.Sprintf("P%d@Example.org", i)
		}
		p.Email, p.EmailLabel = &e, &l
		var others []contact.LabeledInput
		for k := range r.IntN(3) {
			others = append(others, contact.LabeledInput{Value: fmt.Sprintf("o%d.%d@example.net", i, k), Label: pickFrom(r, labels)})
		}
		if others != nil {
			p.OtherEmails = &others
		}
	}
	if r.IntN(4) != 0 {
		ph, l := fmt.Sprintf("+33 6 %02d %02d %02d %02d", i%100, r.IntN(100), r.IntN(100), i/100), pickFrom(r, labels)
		if r.IntN(3) == 0 {
			ph = fmt.Sprintf("+44 7911 %06d", i)
		}
		p.Phone, p.PhoneLabel = &ph, &l
		if r.IntN(3) == 0 {
			others := []contact.LabeledInput{{Value: fmt.Sprintf("+49 151 %08d", i), Label: pickFrom(r, labels)}}
			p.OtherPhones = &others
		}
	}
	if p.FirstName == nil && p.LastName == nil && p.Email == nil && p.Phone == nil {
		v := fmt.Sprintf("Person %d", i)
		p.Alias = &v
	}
	opt := func(dst **string, vs ...string) {
		if r.IntN(3) == 0 {
			v := pickFrom(r, vs)
			*dst = &v
		}
	}
	opt(&p.Country, "FR", "GB", "DE", "ES")
	opt(&p.Language, "fr", "en-GB", "de", "pt-BR")
	opt(&p.BirthDate, "1985-04-12", "2000-02-29", "1970-01-01")
	opt(&p.City, cities...)
	opt(&p.State, "Île-de-France", "Bayern", "=evil")
	opt(&p.Company, "Acme, Inc.", "Société Générale", "@corp")
	opt(&p.JobTitle, "CTO", "Développeuse", "-")
	p.Fields = map[string]string{}
	if r.IntN(2) == 0 {
		p.Fields["plan"] = pickFrom(r, []string{"Free", "Pro"})
	}
	if r.IntN(2) == 0 {
		p.Fields["score"] = pickFrom(r, []string{"-12.5", "0", "99", "1000.25"})
	}
	if r.IntN(2) == 0 {
		p.Fields["remark"] = pickFrom(r, remarks)
	}
	if r.IntN(3) == 0 {
		p.Fields["since"] = "2021-06-30"
	}
	if r.IntN(3) == 0 {
		p.Fields["vip"] = pickFrom(r, []string{"yes", "no"})
	}
	if r.IntN(3) == 0 {
		p.Fields["channels"] = pickFrom(r, []string{"Web, Shop", "Phone", "shop,web,phone"})
	}
	var tags []string
	for range r.IntN(4) {
		tags = append(tags, pickFrom(r, []string{"VIP", "lead", "Client fidèle", "-neg", "=x", "été 2026"}))
	}
	return contactkit.ContactInput{Patch: p, Tags: tags}
}

// comparable returns the fields of c that an export carries.
func exported(c contact.Contact) contact.Contact {
	c.ID, c.Workspace, c.Version, c.Source = contact.ID{}, "", 0, ""
	c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
	return c
}

// Export then import gives back the same contacts, for random sets of
// contacts: accented names, formula-like values, phones in +33…, labelled
// secondary addresses, custom values of every kind, tags, unsubscribes,
// blocked contacts;
// and a vCard export what a vCard carries of each (names, alias, company
// and title, labelled emails and phones, city, region and country,
// birthday, tags).
func TestExportImportRoundTrip(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 13))
			h := newHarness(t)
			ctx := t.Context()
			n := 5 + r.IntN(20)
			want := randomWorkspace(t, h, r, seed, n, exportDefs, []contactkit.Actor{owner, other}, nil, func(c contact.Contact) {
				if !c.Email.IsZero() && r.IntN(3) == 0 {
					_, err := h.svc.Unsubscribe(ctx, owner, c.ID, list.ChannelEmail, "test")
					require.NoError(t, err)
				}
			})
			for i := range want {
				if r.IntN(4) == 0 {
					b, err := h.svc.BlockContact(ctx, owner, want[i].ID, "test")
					require.NoError(t, err)
					want[i] = b
				}
			}
			out, exp, got := exportThenImport(t, h)
			require.Equal(t, n, exp.Contacts)
			require.Equal(t, n, got.Created, "every contact created: %+v\n%s", got, out)

			i := 0
			for c, err := range h.svc.Contacts(ctx, other, contactkit.ContactQuery{}) {
				require.NoError(t, err)
				require.Less(t, i, n)
				assert.Equal(t, exported(want[i]), exported(c), "contact %d\n%s", i, out)
				if !want[i].Email.IsZero() {
					assert.Equal(t, addressConsentIn(t, h, owner, want[i].Email.String()), addressConsentIn(t, h, other, c.Email.String()), "consent of %s", c.Email)
				}
				i++
			}
			assert.Equal(t, n, i)

			// Through a vCard, the same contacts keep what a vCard carries.
			card, back := throughVCard(t, h, n)
			i = 0
			for c, err := range back.svc.Contacts(ctx, owner, contactkit.ContactQuery{}) {
				require.NoError(t, err)
				assert.Equal(t, vcardCarried(want[i]), vcardCarried(c), "contact %d\n%s", i, card)
				i++
			}
		})
	}
}

// exportThenImport exports every contact of owner's workspace as CSV and
// imports the file into other's with the mapping importer.Suggest makes
// from its header, a sample and other's field definitions. It returns the
// file and both results.
func exportThenImport(t *testing.T, h *harness) (string, contactkit.ExportResult, contactkit.ImportResult) {
	t.Helper()
	ctx := t.Context()
	var out bytes.Buffer
	exp, err := h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	rd, err := importer.Open(bytes.NewReader(out.Bytes()), nil)
	require.NoError(t, err)
	sample, rd, err := importer.Sample(rd, 50)
	require.NoError(t, err)
	defs, err := h.svc.Fields(ctx, other)
	require.NoError(t, err)
	m := importer.Suggest(rd.Header(), sample, defs, nil)
	require.NoError(t, m.Validate(defs))
	got, err := h.svc.Import(ctx, other, rd, m, nil)
	require.NoError(t, err)
	return out.String(), exp, got
}

// randomWorkspace gives each of actors the definitions defs and creates in
// owner's workspace n contacts from randomInput (seed's), each changed by
// edit, if not nil, then passed to made, if not nil. It returns them in the
// order created.
func randomWorkspace(t *testing.T, h *harness, r *rand.Rand, seed uint64, n int, defs []field.Definition, actors []contactkit.Actor,
	edit func(*contactkit.ContactInput), made func(contact.Contact)) []contact.Contact {
	t.Helper()
	ctx := t.Context()
	for _, a := range actors {
		for _, d := range defs {
			_, err := h.svc.CreateField(ctx, a, d)
			require.NoError(t, err)
		}
	}
	var out []contact.Contact
	for i := range n {
		in := randomInput(r, int(seed)*100+i)
		if edit != nil {
			edit(&in)
		}
		c, err := h.svc.CreateContact(ctx, owner, in)
		require.NoError(t, err, "create %+v", in)
		if made != nil {
			made(c)
		}
		out = append(out, c)
	}
	return out
}

func addressConsentIn(t *testing.T, h *harness, a contactkit.Actor, addr string) list.ConsentStatus {
	t.Helper()
	c, err := h.svc.AddressConsent(t.Context(), a, list.ChannelEmail, addr)
	require.NoError(t, err)
	return c.Status
}

func TestExportProtectsFormulasAndListsMemberships(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	l, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	c := h.create(t, owner, contact.Patch{FirstName: new("=HYPERLINK(\"x\")"), Phone: new("0612345678")}, "vip")
	_, err = h.svc.AddToList(ctx, owner, l.ID, c.ID)
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	lines := strings.Split(out.String(), "\n")
	assert.Equal(t, "First Name,Last Name,Alias,Email 1 - Value,Email 1 - Label,Phone 1 - Value,Phone 1 - Label,Country,Language,Birthday,City,State,Company,Job Title,Assignee,Blocked,Tags,Lists,Email Consent,SMS Opt Out,WhatsApp Opt Out,contactkit ID", lines[0])
	assert.Equal(t, `"'=HYPERLINK(""x"")",,,,,'+33612345678,,FR,,,,,,,,,vip,News,,no,no,`+c.ID.String(), lines[1])

	out.Reset()
	res, err := h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Contacts)
	rd, err := importer.Open(bytes.NewReader(out.Bytes()), nil)
	require.NoError(t, err)
	row, err := rd.Next()
	require.NoError(t, err)
	rec := importer.Suggest(rd.Header(), nil, nil, nil).Record(row)
	assert.Equal(t, "=HYPERLINK(\"x\")", rec.FirstName.Value)
	assert.Equal(t, "+33612345678", rec.Phones[0].Value)
	assert.Equal(t, "vip", rec.Tags[0].Value)
}

// The CSV export writes the consent of each address: the primary's under
// "Email Consent", "SMS Opt Out" and "WhatsApp Opt Out" as before, each
// other email's and phone's under the number of its columns, blank where a
// contact has no such address. An address that holds the workspace's
// default, nobody having chosen, is "never subscribed" (review18: see
// TestReview18RTConsentDefaultsSurviveExport).
func TestExportConsentColumnsPerAddress(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	a := h.create(t, owner, contact.Patch{Email: new("a@example.com"), Phone: new("0611111111"),
		OtherEmails: &[]contact.LabeledInput{{Value: "b@example.com", Label: "work"}},
		OtherPhones: &[]contact.LabeledInput{{Value: "0622222222"}, {Value: "0633333333", Label: "=x"}}})
	z := h.create(t, owner, contact.Patch{Email: new("z@example.com")})
	for _, u := range []struct {
		chn  list.Channel
		addr string
	}{{list.ChannelEmail, "b@example.com"}, {list.ChannelWhatsApp, "0622222222"}, {list.ChannelSMS, "0633333333"}, {list.ChannelSMS, "0611111111"}} {
		_, err := h.svc.UnsubscribeAddress(ctx, owner, u.chn, u.addr, "test")
		require.NoError(t, err)
	}
	var out bytes.Buffer
	_, err := h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	lines := strings.Split(out.String(), "\n")
	assert.Equal(t, "First Name,Last Name,Alias,Email 1 - Value,Email 1 - Label,Email 2 - Value,Email 2 - Label,"+
		"Phone 1 - Value,Phone 1 - Label,Phone 2 - Value,Phone 2 - Label,Phone 3 - Value,Phone 3 - Label,"+
		"Country,Language,Birthday,City,State,Company,Job Title,Assignee,Blocked,Tags,Lists,Email Consent,SMS Opt Out,WhatsApp Opt Out,"+
		"Email 2 - Consent,Phone 2 - SMS Opt Out,Phone 2 - WhatsApp Opt Out,Phone 3 - SMS Opt Out,Phone 3 - WhatsApp Opt Out,contactkit ID", lines[0])
	assert.Equal(t, ",,,a@example.com,,b@example.com,work,'+33611111111,,'+33622222222,,'+33633333333,'=x,FR,,,,,,,,,,,"+
		"never subscribed,yes,no,unsubscribed,no,yes,yes,no,"+a.ID.String(), lines[1])
	assert.Equal(t, ",,,z@example.com,,,,,,,,,,,,,,,,,,,,,never subscribed,,,,,,,,"+z.ID.String(), lines[2])
}

// TestVCardExportImportKeepsNames: a vCard export read back gives each
// contact its names and alias as they were (I6): the FN a card writes is
// its display name, not an alias, and a card named by FN alone keeps it.
func TestVCardExportImportKeepsNames(t *testing.T) {
	ctx := t.Context()
	h := newHarness(t)
	want := map[string][3]string{ // email → first, last, alias
		"john@example.com": {"John", "Doe", "Johnny"},
		"ann@example.com":  {"Ann", "", ""},
		"lee@example.com":  {"", "Lee", ""},
		"acme@example.com": {"", "", "Acme Support"},
		"bo@example.com":   {"Bo", "", "Bobo"},
	}
	for email, n := range want {
		p := contact.Patch{Email: new(email)}
		for i, f := range []**string{&p.FirstName, &p.LastName, &p.Alias} {
			if n[i] != "" {
				*f = new(n[i])
			}
		}
		h.create(t, owner, p)
	}
	_, back := throughVCard(t, h, len(want))
	for email, n := range want {
		c, err := back.svc.ContactByEmail(ctx, owner, email)
		require.NoError(t, err)
		assert.Equal(t, n, [3]string{c.FirstName, c.LastName, c.Alias}, email)
	}
}

// throughVCard exports every contact of owner's workspace in h as vCard and
// imports the file, with the suggested mapping, into a new harness, where
// it must create n contacts. It returns the file and that harness.
func throughVCard(t *testing.T, h *harness, n int) (string, *harness) {
	t.Helper()
	var out bytes.Buffer
	_, err := h.svc.Export(t.Context(), owner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
	require.NoError(t, err)
	back := newHarness(t)
	got := importCSV(t, back, owner, out.String(), nil)
	require.NoError(t, got.err)
	require.Equal(t, n, got.res.Created, "%+v\n%s", got.res, out.String())
	return out.String(), back
}

// vcardCarried returns the fields of c that a vCard export carries.
func vcardCarried(c contact.Contact) contact.Contact {
	return contact.Contact{
		FirstName: c.FirstName, LastName: c.LastName, Alias: c.Alias, Company: c.Company, JobTitle: c.JobTitle,
		Email: c.Email, EmailLabel: c.EmailLabel, OtherEmails: c.OtherEmails,
		Phone: c.Phone, PhoneLabel: c.PhoneLabel, OtherPhones: c.OtherPhones,
		City: c.City, State: c.State, Country: c.Country, BirthDate: c.BirthDate, Tags: c.Tags,
	}
}
