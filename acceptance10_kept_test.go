package contactkit_test

// Acceptance tests, round 10, that pass: a dry run agrees with the real
// run on random files of shared phones and lists of emails; calling codes
// shared by several regions; "Title" of job titles; the failed rows in the
// file's delimiter; one-character CJK queries.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// Random small files of three emails (alone or two in a cell) and three
// phones, over a workspace holding 0 to 2 of them, in every mode, with
// tags: the dry run gives the outcomes the real run gives (errors
// compared without contact IDs), and writes nothing.
func TestAcc10DryRunAgreesOnSharedPhones(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	phones := []string{"06 12 34 56 70", "06 12 34 56 71", "06 12 34 56 72"}
	emails := []string{"a@x.com", "b@x.com", "c@x.com", ""}
	for iter := range 200 {
		var pre []contactkit.ContactInput
		for range rng.IntN(3) {
			e, p, fn := emails[rng.IntN(4)], phones[rng.IntN(3)], "Pre"
			in := contactkit.ContactInput{}
			in.Patch.FirstName, in.Patch.Phone = &fn, &p
			if e != "" {
				in.Patch.Email = &e
			}
			pre = append(pre, in)
		}
		var b strings.Builder
		b.WriteString("Email,Phone,First Name\n")
		for i := range 2 + rng.IntN(4) {
			e := emails[rng.IntN(4)]
			if rng.IntN(3) == 0 && e != "" {
				e = "\"" + e + ";" + emails[rng.IntN(3)] + "\""
			}
			fmt.Fprintf(&b, "%s,%s,R%d\n", e, phones[rng.IntN(3)], i)
		}
		mode := []contactkit.ImportMode{"", contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly}[rng.IntN(3)]
		size := 1 + rng.IntN(3)
		var outs [2]string
		for k, dry := range []bool{true, false} {
			svc := accService("FR")
			for _, in := range pre {
				_, _ = svc.CreateContact(t.Context(), accOwner, in) // a taken phone refuses some: fine
			}
			before := accDump(accContacts(t, svc))
			run := accImport(t, svc, []byte(b.String()), "FR", &contactkit.ImportOptions{DryRun: dry, Mode: mode, Tags: []string{"imp"}, BatchSize: size}, nil)
			require.NoError(t, run.err)
			outs[k] = acc10UUID.ReplaceAllString(run.outcomes(), "ID")
			if dry {
				require.Equal(t, before, accDump(accContacts(t, svc)), "the dry run wrote")
			}
		}
		require.Equal(t, outs[0], outs[1], "iter %d mode %q size %d\n%s", iter, mode, size, b.String())
	}
}

// A calling code shared by several regions reads the national number in
// its main region's plan, and the contact's country is the number's own.
func TestAcc10CallingCodeSharedByRegions(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, []byte("First Name,Email,Dial Code,Phone\nAnn,a@x.com,1,(416) 979-2000\nBob,b@x.com,7,(727) 258 12 34\nCy,c@x.com,44,+33 6 12 34 56 78\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 3, run.res.Created, run.outcomes())
	a := accByEmail(t, svc, "a@x.com")
	assert.Equal(t, "+14169792000", a.Phone.String())
	assert.Equal(t, "CA", a.Country.String())
	b := accByEmail(t, svc, "b@x.com")
	assert.Equal(t, "+77272581234", b.Phone.String())
	assert.Equal(t, "KZ", b.Country.String())
	// A number written with its own code keeps it.
	assert.Equal(t, "+33612345678", accByEmail(t, svc, "c@x.com").Phone.String())
}

// "Title" and "Titre" of job titles are the job title, of courtesy
// titles are ignored, by their values.
func TestAcc10TitleByValues(t *testing.T) {
	for f, want := range map[string]string{
		"Title,First Name,Last Name,Email\nDirector,Ann,Lee,a@x.com\nManager,Bob,Ho,b@x.com\n": "Director",
		"Titre,Prénom,Nom,Email\nDirecteur,Ann,Lee,a@x.com\nGérant,Bob,Ho,b@x.com\n":           "Directeur",
		"Titre,Prénom,Nom,Email\nM.,Ann,Lee,a@x.com\nMme,Bob,Ho,b@x.com\n":                     "",
	} {
		svc := accService("FR")
		run := accImport(t, svc, []byte(f), "FR", nil, nil)
		require.NoError(t, run.err)
		assert.Equal(t, want, accByEmail(t, svc, "a@x.com").JobTitle, run.mappingText())
	}
}

// The failed rows of a file of semicolons come back after a UTF-8 byte
// order mark, in semicolons.
func TestAcc10FailedRowsInTheFilesDelimiter(t *testing.T) {
	svc := accService("FR")
	run := accImport(t, svc, []byte("Prénom;Email;Téléphone\nAnn;a@x.com;06 12 34 56 78\nBob;not-an-email;07 00\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Failed, run.outcomes())
	out := run.failed.Bytes()
	require.True(t, bytes.HasPrefix(out, []byte("\xef\xbb\xbf")), "%q", out)
	assert.Contains(t, string(out), "Bob;not-an-email;07 00")
}

// A query of one Han character lists the contacts with a word holding it
// among its first characters: the prefix and the suffixes, no others.
func TestAcc10OneHanCharacter(t *testing.T) {
	find := acc9Seed(t, "FR", []acc9Person{
		{key: "wangming", first: "明", last: "王"},
		{key: "liming", first: "小明", last: "李"},
		{key: "wangfang", first: "芳", last: "王"},
		{key: "full", first: "王小明"},
		{key: "co", first: "Ann", company: "明治株式会社"},
		{key: "tanaka", first: "太郎", last: "田中"},
	})
	assert.Equal(t, []string{"full", "wangfang", "wangming"}, find("王"))
	assert.Equal(t, []string{"co", "full", "liming", "wangming"}, find("明"))
	assert.Equal(t, []string{"full", "liming"}, find("小明"))
	assert.Equal(t, []string{"co"}, find("会社"))
	assert.Equal(t, []string{"tanaka"}, find("中"))
}

// Under an opt-in policy, a slot-less "subscribed" opts in the first
// address of the row only, whether the addresses share a cell or come from
// HubSpot's "Additional email addresses"; a dry run opts in nobody; an
// address whose contact exists, unsubscribed by the policy's default
// entry only, is opted in.
func TestAcc10ConsentOptsInFirstAddressOnly(t *testing.T) {
	mk := func() *contactkit.Service {
		return contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}})
	}
	for f, in := range map[string]string{
		"First Name,Email,Email Marketing Status\nAnn,\"a@x.com;b@x.com\",subscribed\n":                                "a@x.com",
		"First Name,Email,Additional email addresses,Email Marketing Status\nAnn,a@x.com,b@x.com;c@x.com,subscribed\n": "a@x.com",
		"First Name,Email,Additional email addresses,Email Marketing Status\nAnn,,b@x.com;c@x.com,subscribed\n":        "b@x.com",
		"First Name,Email 1,Email 2,Email 2 - Consent,Email Marketing Status\nAnn,a@x.com,b@x.com,,subscribed\n":       "a@x.com",
	} {
		svc := mk()
		run := accImport(t, svc, []byte(f), "FR", nil, nil)
		require.NoError(t, run.err)
		require.Equal(t, 1, run.res.Created, run.outcomes())
		for _, a := range []string{"a@x.com", "b@x.com", "c@x.com"} {
			want := list.ConsentUnsubscribed
			if a == in {
				want = list.ConsentSubscribed
			}
			assert.Equal(t, want, accConsent(t, svc, list.ChannelEmail, a), "%q %s", f, a)
		}
	}
	svc := mk()
	e := "a@x.com"
	var ci contactkit.ContactInput
	ci.Patch.Email = &e
	_, err := svc.CreateContact(t.Context(), accOwner, ci)
	require.NoError(t, err)
	data := []byte("Email,Email Marketing Status\na@x.com,subscribed\n")
	dry := accImport(t, svc, data, "FR", &contactkit.ImportOptions{DryRun: true}, nil)
	require.NoError(t, dry.err)
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, e))
	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, dry.outcomes(), run.outcomes())
	assert.Equal(t, list.ConsentSubscribed, accConsent(t, svc, list.ChannelEmail, e))
}
