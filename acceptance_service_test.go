package contactkit_test

// Acceptance tests of Service.Import's rules and of Export → Import, through
// the public API.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
)

func accCreate(t *testing.T, svc *contactkit.Service, in contactkit.ContactInput) contact.Contact {
	t.Helper()
	c, err := svc.CreateContact(context.Background(), accOwner, in)
	require.NoError(t, err)
	return c
}

func accGet(t *testing.T, svc *contactkit.Service, id contact.ID) contact.Contact {
	t.Helper()
	c, err := svc.GetContact(context.Background(), accOwner, id)
	require.NoError(t, err)
	return c
}

// A row is matched by email first, then by phone (any form of it), and the
// match is updated, its new addresses added as secondary ones.
func TestAcceptanceMatchByEmailThenPhone(t *testing.T) {
	svc := accService("FR")
	ada := accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	bob := accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Phone: new("+33 6 12 34 56 78")}})

	csv := "Email,Phone,Company\n" +
		"ADA@Example.com,06 99 88 77 66,Analytical Engines\n" + // Ada by email; a new phone
		"bob@new.example.com,0612345678,Bob SARL\n" // Bob by phone in national form; a new email
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Updated, run.outcomes())
	assert.Equal(t, ada.ID, run.row(t, 2).Contact)
	assert.Equal(t, bob.ID, run.row(t, 3).Contact)

	ada = accGet(t, svc, ada.ID)
	assert.Equal(t, "ada@example.com", ada.Email.String())
	assert.Equal(t, "+33699887766", ada.Phone.String())
	assert.Equal(t, "Analytical Engines", ada.Company)
	bob = accGet(t, svc, bob.ID)
	assert.Equal(t, "Bob", bob.FirstName)
	assert.Equal(t, "+33612345678", bob.Phone.String())
	assert.Equal(t, []string{"bob@new.example.com"}, accStrings(bob.Emails()))
	assert.Equal(t, "Bob SARL", bob.Company)
	assert.Len(t, accContacts(t, svc), 2, "no contact created")
}

// A row whose email is one contact's and whose phone another's: the email
// decides? The doc says it fails with ErrAmbiguousMatch; check the reason is
// clear and the row is reported.
func TestAcceptanceAmbiguousMatchFailsClearly(t *testing.T) {
	svc := accService("FR")
	accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@example.com")}})
	accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{Phone: new("0612345678")}})
	run := accImport(t, svc, []byte("Email,Phone\nann@example.com,+33612345678\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	row := run.row(t, 2)
	require.Equal(t, contactkit.ImportFailed, row.Outcome)
	assert.ErrorIs(t, row.Err, contactkit.ErrAmbiguousMatch)
}

// Blank cells never clear a value.
func TestAcceptanceBlankCellsNeverClear(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	key, _ := field.ParseKey("shoe_size")
	_, err := svc.CreateField(ctx, accOwner, field.Definition{Key: key, Label: "Shoe size", Type: field.TypeNumber})
	require.NoError(t, err)
	c := accCreate(t, svc, contactkit.ContactInput{
		Patch: contact.Patch{FirstName: new("Ada"), LastName: new("Lovelace"), Email: new("ada@example.com"), Phone: new("0612345678"),
			Company: new("Engines"), City: new("London"), JobTitle: new("Countess"), BirthDate: new("1815-12-10"),
			Fields: map[string]string{"shoe_size": "38"}},
		Tags: []string{"vip"},
	})
	csv := "Email,First Name,Last Name,Phone,Company,City,Job Title,Birthday,Shoe size,Tags\n" +
		"ada@example.com,,,,,,   ,,,\n" +
		"ada@example.com,\"\",\"  \",,,,,,,\n"
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, key, run.target("Shoe size").Field, run.mappingText())
	got := accGet(t, svc, c.ID)
	assert.Equal(t, "Ada", got.FirstName)
	assert.Equal(t, "Lovelace", got.LastName)
	assert.Equal(t, "+33612345678", got.Phone.String())
	assert.Equal(t, "Engines", got.Company)
	assert.Equal(t, "London", got.City)
	assert.Equal(t, "Countess", got.JobTitle)
	assert.Equal(t, "1815-12-10", got.BirthDate.String())
	assert.Equal(t, "38", got.Fields[key].String())
	assert.Equal(t, []string{"vip"}, accTags(got))
}

// Rows that repeat an address of an earlier row of the file are skipped as
// duplicates, naming that row, whatever the case or the phone's form.
func TestAcceptanceDuplicatesWithinTheFile(t *testing.T) {
	svc := accService("FR")
	csv := "Email,Phone,First Name\n" +
		"ann@example.com,,Ann\n" +
		"Ann@Example.COM,,Annie\n" +
		",06 12 34 56 78,Paul\n" +
		",+33 (0)6 12 34 56 78,Paolo\n" +
		"other@example.com,0033612345678,Pablo\n"
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 2, run.res.Created, run.outcomes())
	assert.Equal(t, 3, run.res.SkippedDuplicates, run.outcomes())
	for line, of := range map[int]int{3: 2, 5: 4, 6: 4} {
		r := run.row(t, line)
		assert.Equal(t, contactkit.ImportSkipped, r.Outcome, "line %d", line)
		assert.Equal(t, contactkit.SkipDuplicate, r.Skip, "line %d", line)
		assert.Equal(t, of, r.DuplicateOf, "line %d", line)
	}
	assert.Equal(t, "Ann", accByEmail(t, svc, "ann@example.com").FirstName)
}

// An address unsubscribed before the import stays unsubscribed whatever the
// file says, also on a new contact and in the lists the import joins.
func TestAcceptanceImportNeverResubscribes(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	news, err := svc.CreateList(ctx, accOwner, list.List{Name: "Newsletter"})
	require.NoError(t, err)
	_, err = svc.UnsubscribeAddress(ctx, accOwner, list.ChannelEmail, "stop@example.com", "asked")
	require.NoError(t, err)
	_, err = svc.UnsubscribeAddress(ctx, accOwner, list.ChannelSMS, "+33612345678", "STOP")
	require.NoError(t, err)
	existing := accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: new("old@example.com")}})
	_, err = svc.UnsubscribeAddress(ctx, accOwner, list.ChannelEmail, "old@example.com", "asked")
	require.NoError(t, err)

	// A HubSpot-like file that says "false" (not unsubscribed), and a
	// Mailchimp-like status column that says "subscribed".
	csv := "Email,Phone,Unsubscribed from all email,Status\n" +
		"stop@example.com,06 12 34 56 78,false,subscribed\n" +
		"old@example.com,,false,subscribed\n"
	run := accImport(t, svc, []byte(csv), "FR", &contactkit.ImportOptions{Lists: []list.ID{news.ID}}, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 1, run.res.Created, run.outcomes())
	assert.Equal(t, 1, run.res.Updated, run.outcomes())
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "stop@example.com"))
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelSMS, "06 12 34 56 78"))
	assert.Equal(t, list.ConsentUnsubscribed, accConsent(t, svc, list.ChannelEmail, "old@example.com"))
	for m, err := range svc.Memberships(ctx, accOwner, contactkit.MembershipQuery{List: news.ID}) {
		require.NoError(t, err)
		assert.NotEqual(t, list.StatusSubscribed, m.Status, "contact %s joined the list subscribed", m.Contact)
	}
	_ = existing
}

// The country column decides the region of a national phone number of its
// row; a row without one uses the import's default region.
func TestAcceptanceCountryColumnDecidesPhoneRegion(t *testing.T) {
	svc := accService("FR")
	csv := "Email,Phone,Country\n" +
		"be@example.com,0470 12 34 56,Belgique\n" +
		"ch@example.com,079 123 45 67,Suisse\n" +
		"us@example.com,(212) 555-0187,United States\n" +
		"fr@example.com,06 12 34 56 78,\n" +
		"gb@example.com,+33 6 99 88 77 66,GB\n" // international form wins over the country
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 5, run.res.Created, run.outcomes())
	for email, phone := range map[string]string{
		"be@example.com": "+32470123456", "ch@example.com": "+41791234567", "us@example.com": "+12125550187",
		"fr@example.com": "+33612345678", "gb@example.com": "+33699887766",
	} {
		assert.Equal(t, phone, accByEmail(t, svc, email).Phone.String(), email)
	}
	// A wrong number names the region it was read in and where it came from.
	run = accImport(t, accService("FR"), []byte("Email,Phone,Country\nx@example.com,06 12 34 56 78,Belgique\n"), "FR", nil, nil)
	row := run.row(t, 2)
	require.Equal(t, contactkit.ImportFailed, row.Outcome)
	require.Len(t, row.Err.Problems, 1)
	assert.Equal(t, "BE", row.Err.Problems[0].Region)
	assert.Equal(t, "country column", row.Err.Problems[0].RegionFrom)
	assert.Equal(t, "Phone", row.Err.Problems[0].Header)
	assert.ErrorIs(t, row.Err, contact.ErrInvalidPhone)
}

// A messy file: the dry run says exactly what the real run then does, row
// for row, and writes nothing.
func TestAcceptanceDryRunIsExact(t *testing.T) {
	ctx := context.Background()
	build := func() *contactkit.Service {
		svc := accService("FR")
		accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Existing"), Email: new("ex@example.com"), Phone: new("0611111111")}})
		accCreate(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Other"), Email: new("other@example.com")}})
		return svc
	}
	csv := "Email,Phone,First Name,Company,Tags,Notes\n" +
		"new1@example.com,0622222222,New,Acme,\"a, b\",hello\n" +
		"ex@example.com,,Existing2,,c,\n" +
		"new1@example.com,,Again,,,\n" + // duplicate
		"bad@@example,06 12,Bad,,,\n" + // failed
		"other@example.com,0611111111,Amb,,,\n" + // ambiguous: other's email, ex's phone
		",0622222222,ByPhone,,,\n" + // duplicate of line 2 by phone
		"new2@example.com,,\"Multi\nLine\",,,\"n1\nn2\"\n" +
		",0611111111,ByPhoneExisting,Co,,\n" // matches Existing by phone (updated by line 3 in the same run)
	svc := build()
	dryRun := accImport(t, svc, []byte(csv), "FR", &contactkit.ImportOptions{DryRun: true, BatchSize: 2}, nil)
	require.NoError(t, dryRun.err)
	assert.True(t, dryRun.res.DryRun)
	assert.Len(t, accContacts(t, svc), 2, "a dry run writes nothing")
	realRun := accImport(t, svc, []byte(csv), "FR", &contactkit.ImportOptions{BatchSize: 2}, nil)
	require.NoError(t, realRun.err)

	dr, rr := dryRun.res, realRun.res
	dr.DryRun = false
	assert.Equal(t, rr, dr)
	assert.Equal(t, realRun.outcomes(), dryRun.outcomes())
	assert.Equal(t, realRun.failed.String(), dryRun.failed.String())
	assert.Equal(t, len(dryRun.rows), realRun.res.Rows, "every row has an outcome")
	for i := range realRun.rows {
		if realRun.rows[i].Outcome == contactkit.ImportUpdated {
			assert.Equal(t, realRun.rows[i].Contact, dryRun.rows[i].Contact, "line %d", realRun.rows[i].Line)
		}
	}
	_ = ctx
}

// The failed rows come back as a CSV the user can fix and import again: the
// same header plus "Import error", which the mapping does not import.
func TestAcceptanceFailedRowsRoundTrip(t *testing.T) {
	svc := accService("FR")
	csv := "First Name,Email,Phone,Notes\n" +
		"Ok,ok@example.com,0612345678,fine\n" +
		"Zoé,zoe@exemple,06 12,\"=cmd|' /C calc'!A0\"\n" +
		"Max,max@example.com,+33 6 00,\"multi\nline, with \"\"quotes\"\"\"\n"
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 1, run.res.Created)
	assert.Equal(t, 2, run.res.Failed)

	fr, err := importer.Open(bytes.NewReader(run.failed.Bytes()), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"First Name", "Email", "Phone", "Notes", "Import error"}, fr.Header())
	var rows [][]string
	for {
		row, err := fr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		cells := make([]string, len(row.Cells))
		for i, c := range row.Cells {
			cells[i] = importer.Unescape(c)
		}
		rows = append(rows, cells)
	}
	require.Len(t, rows, 2)
	assert.Equal(t, []string{"Zoé", "zoe@exemple", "06 12", "=cmd|' /C calc'!A0"}, rows[0][:4], "cells as read")
	assert.Contains(t, rows[0][4], "Email")
	assert.Contains(t, rows[0][4], "Phone")
	assert.Equal(t, "multi\nline, with \"quotes\"", rows[1][3])
	assert.False(t, strings.HasPrefix(string(run.failed.Bytes()[bytes.IndexByte(run.failed.Bytes(), '\n')+1:]), "="), "escaped")

	// The user fixes the cells and imports the file again.
	fixed := strings.Replace(run.failed.String(), "zoe@exemple", "zoe@exemple.fr", 1)
	fixed = strings.Replace(fixed, "06 12,", "06 12 34 56 79,", 1)
	fixed = strings.Replace(fixed, "+33 6 00", "+33 6 00 00 00 01", 1)
	run2 := accImport(t, svc, []byte(fixed), "FR", nil, nil)
	require.NoError(t, run2.err)
	assert.Equal(t, importer.KindIgnore, run2.target("Import error").Kind)
	assert.Equal(t, 2, run2.res.Created, run2.outcomes())
	z := accByEmail(t, svc, "zoe@exemple.fr")
	assert.Equal(t, []string{"=cmd|' /C calc'!A0"}, accNotes(t, svc, z.ID))
}

// Export then import into an empty workspace gives the same contacts,
// including values a spreadsheet would take for formulas.
func TestAcceptanceExportImportRoundTrip(t *testing.T) {
	for _, format := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
		t.Run(string(format), func(t *testing.T) {
			ctx := context.Background()
			src := accService("FR")
			dst := accService("FR")
			defs := []field.Definition{
				{Key: mustKey(t, "formula"), Label: "Formula", Type: field.TypeText},
				{Key: mustKey(t, "score"), Label: "Score", Type: field.TypeNumber},
				{Key: mustKey(t, "since"), Label: "Since", Type: field.TypeDate},
				{Key: mustKey(t, "plan"), Label: "Plan", Type: field.TypeSelect, Options: []field.Option{{Value: "gold"}, {Value: "silver"}}},
				{Key: mustKey(t, "notes"), Label: "Notes", Type: field.TypeText},
			}
			for _, d := range defs {
				_, err := src.CreateField(ctx, accOwner, d)
				require.NoError(t, err)
				_, err = dst.CreateField(ctx, accOwner, d)
				require.NoError(t, err)
			}
			accCreate(t, src, contactkit.ContactInput{
				Patch: contact.Patch{
					FirstName: new("=HYPERLINK(\"http://evil\",\"x\")"), LastName: new("+Plus"), Alias: new("@mention"),
					Email: new("ada@example.com"), EmailLabel: new("work"),
					OtherEmails: &[]contact.LabeledInput{{Value: "ada.home@example.com", Label: "home"}, {Value: "ada.school@example.com", Label: "school"}},
					Phone:       new("+33 6 12 34 56 78"), PhoneLabel: new("mobile"),
					OtherPhones: &[]contact.LabeledInput{{Value: "+44 20 7123 4567", Label: "work"}, {Value: "+33 7 81 22 33 44", Label: "whatsapp"}},
					Country:     new("GB"), Language: new("en-GB"), BirthDate: new("1815-12-10"),
					City: new("-London"), State: new("'quoted"), Company: new("'=already escaped"), JobTitle: new("-1"),
					Fields: map[string]string{"formula": "=1+1", "score": "-42.5", "since": "2020-02-29", "plan": "gold", "notes": "@SUM(A1:A2)"},
				},
				Tags: []string{"=tag, +vip, -minus, @at, Clients"},
			})
			accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Only"), LastName: new("Phone"), Phone: new("0612345679")}})
			accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ünïcödé"), LastName: new("Ñandú, \"Jr\"\nII"), Email: new("unicode@example.com"), BirthDate: new("--02-29")}})
			_, err := src.UnsubscribeAddress(ctx, accOwner, list.ChannelEmail, "ada.home@example.com", "asked")
			require.NoError(t, err)
			_, err = src.UnsubscribeAddress(ctx, accOwner, list.ChannelSMS, "+447123456789", "x")
			require.NoError(t, err)
			_, err = src.UnsubscribeAddress(ctx, accOwner, list.ChannelWhatsApp, "+33781223344", "STOP")
			require.NoError(t, err)

			var out bytes.Buffer
			res, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: format})
			require.NoError(t, err)
			assert.Equal(t, 3, res.Contacts)
			if format == contactkit.ExportCSV {
				for i, line := range strings.Split(out.String(), "\n") {
					for _, cell := range strings.Split(line, ",") {
						cell = strings.TrimPrefix(cell, "\"")
						assert.False(t, cell != "" && strings.ContainsRune("=+-@", rune(cell[0])), "line %d cell %q starts a formula", i+1, cell)
					}
				}
			}

			run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
			require.NoError(t, run.err)
			require.Equal(t, 3, run.res.Created, "%s\n%s\n%s", run.outcomes(), run.mappingText(), out.String())

			want, got := accContacts(t, src), accContacts(t, dst)
			require.Len(t, got, len(want))
			byName := map[string]contact.Contact{}
			for _, c := range got {
				byName[c.LastName] = c
			}
			for _, w := range want {
				g, ok := byName[w.LastName]
				if !assert.True(t, ok, "no contact %q after import:%s", w.LastName, accDump(got)) {
					continue
				}
				assert.Equal(t, w.FirstName, g.FirstName)
				assert.Equal(t, w.Alias, g.Alias)
				assert.Equal(t, w.Email, g.Email)
				assert.Equal(t, w.EmailLabel, g.EmailLabel)
				assert.Equal(t, w.OtherEmails, g.OtherEmails)
				assert.Equal(t, w.Phone, g.Phone)
				assert.Equal(t, w.PhoneLabel, g.PhoneLabel)
				assert.Equal(t, w.OtherPhones, g.OtherPhones)
				assert.Equal(t, w.Country, g.Country)
				if format == contactkit.ExportCSV { // vCard: no language (see ExportVCard)
					assert.Equal(t, w.Language, g.Language)
				}
				assert.Equal(t, w.BirthDate, g.BirthDate)
				assert.Equal(t, w.City, g.City)
				assert.Equal(t, w.State, g.State)
				if format == contactkit.ExportCSV { // see TestAcceptanceVCardRoundTripApostrophe
					assert.Equal(t, w.Company, g.Company)
				}
				assert.Equal(t, w.JobTitle, g.JobTitle)
				assert.Equal(t, accTags(w), accTags(g))
				if format == contactkit.ExportCSV {
					assert.Equal(t, w.Fields, g.Fields)
				}
			}
			if format == contactkit.ExportVCard {
				return // consent has no place in a card (ExportVCard)
			}
			for _, a := range []struct {
				ch   list.Channel
				addr string
			}{{list.ChannelEmail, "ada.home@example.com"}, {list.ChannelSMS, "+442071234567"}, {list.ChannelWhatsApp, "+33781223344"}} {
				assert.Equal(t, accConsent(t, src, a.ch, a.addr), accConsent(t, dst, a.ch, a.addr), "%s %s", a.ch, a.addr)
			}
		})
	}
}

func mustKey(t *testing.T, s string) field.Key {
	t.Helper()
	k, err := field.ParseKey(s)
	require.NoError(t, err)
	return k
}

// Edge cases of files a user may hand over.
func TestAcceptanceEdgeFiles(t *testing.T) {
	t.Run("empty file", func(t *testing.T) {
		_, err := importer.Open(bytes.NewReader(nil), nil)
		assert.ErrorIs(t, err, importer.ErrNoHeader)
	})
	t.Run("only a BOM", func(t *testing.T) {
		_, err := importer.Open(bytes.NewReader([]byte("\xef\xbb\xbf")), nil)
		assert.ErrorIs(t, err, importer.ErrNoHeader)
		_, err = importer.Open(bytes.NewReader([]byte("\xff\xfe")), nil)
		assert.ErrorIs(t, err, importer.ErrNoHeader)
	})
	t.Run("header only", func(t *testing.T) {
		run := accImport(t, accService("FR"), []byte("Email,First Name\r\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		assert.Equal(t, 0, run.res.Rows)
	})
	t.Run("duplicate header names", func(t *testing.T) {
		svc := accService("FR")
		run := accImport(t, svc, []byte("First Name,Email,First Name,Email\nAnn,ann@example.com,Anne,ann2@example.com\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		require.NoError(t, run.m.Validate(nil))
		assert.Equal(t, 1, run.res.Created, run.outcomes())
		c := accByEmail(t, svc, "ann@example.com")
		assert.Equal(t, "Ann", c.FirstName)
		assert.Equal(t, []string{"ann@example.com", "ann2@example.com"}, accStrings(c.Emails()))
	})
	t.Run("more cells than the header", func(t *testing.T) {
		svc := accService("FR")
		run := accImport(t, svc, []byte("Email,First Name\nann@example.com,Ann,extra,cells\nbob@example.com,Bob\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		assert.Equal(t, 2, run.res.Rows, run.outcomes())
		r := run.row(t, 2)
		// Either imported (the extra cells have no column) or failed
		// with a clear reason: never silently lost.
		if r.Outcome == contactkit.ImportFailed {
			assert.ErrorIs(t, r.Err, importer.ErrCellCount)
			assert.Contains(t, run.failed.String(), "ann@example.com")
		} else {
			assert.Equal(t, contactkit.ImportCreated, r.Outcome)
		}
		assert.Equal(t, contactkit.ImportCreated, run.row(t, 3).Outcome)
	})
	t.Run("fewer cells than the header", func(t *testing.T) {
		svc := accService("FR")
		run := accImport(t, svc, []byte("Email,First Name,Last Name\nann@example.com,Ann\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		t.Logf("short row: %s", run.outcomes())
		assert.Equal(t, 1, run.res.Rows)
	})
	t.Run("very long cell", func(t *testing.T) {
		svc := accService("FR")
		long := strings.Repeat("é", 140000) // 280,000 bytes > the cell cap (importer.DefaultMaxCellBytes)
		run := accImport(t, svc, []byte("Email,Notes\nann@example.com,\""+long+"\"\nbob@example.com,short\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		assert.Equal(t, 2, run.res.Rows, run.outcomes())
		r := run.row(t, 2)
		if r.Outcome == contactkit.ImportFailed {
			assert.ErrorIs(t, r.Err, importer.ErrLimit)
		} else {
			t.Errorf("a cut note was imported silently: %s", r.Outcome)
		}
		assert.Equal(t, contactkit.ImportCreated, run.row(t, 3).Outcome)
	})
	t.Run("CRLF inside quoted cells", func(t *testing.T) {
		svc := accService("FR")
		run := accImport(t, svc, []byte("Email,Notes\r\nann@example.com,\"line 1\r\nline 2\r\n\"\r\nbob@example.com,x\r\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		assert.Equal(t, 2, run.res.Created, run.outcomes())
		assert.Equal(t, []string{"line 1\r\nline 2"}, accNotes(t, svc, accByEmail(t, svc, "ann@example.com").ID))
		assert.Equal(t, contactkit.ImportCreated, run.row(t, 5).Outcome, "bob is on physical line 5")
	})
	t.Run("UTF-16 without BOM", func(t *testing.T) {
		// Recognised from its zero bytes: read as UTF-16LE.
		text := "Email,Prénom\r\nzoe@example.fr,Zoé\r\n"
		var b []byte
		for _, r := range text {
			b = append(b, byte(r), byte(r>>8))
		}
		svc := accService("FR")
		r, err := importer.Open(bytes.NewReader(b), nil)
		require.NoError(t, err)
		assert.Equal(t, importer.EncodingUTF16LE, r.(*importer.CSVReader).Encoding())
		run := accImport(t, svc, b, "FR", nil, nil)
		require.NoError(t, run.err)
		assert.Equal(t, 1, run.res.Created, run.outcomes())
		assert.Equal(t, "Zoé", accByEmail(t, svc, "zoe@example.fr").FirstName)
	})
	t.Run("a row with nothing importable", func(t *testing.T) {
		svc := accService("FR")
		run := accImport(t, svc, []byte("Email,First Name,Website\n,,https://example.com\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		t.Logf("empty row: %s", run.outcomes())
		assert.Empty(t, accContacts(t, svc), "no empty contact created")
	})
	t.Run("an empty vCard", func(t *testing.T) {
		svc := accService("FR")
		run := accImport(t, svc, []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"), "FR", nil, nil)
		require.NoError(t, run.err)
		t.Logf("empty card: %s", run.outcomes())
		assert.Empty(t, accContacts(t, svc), "no empty contact created")
	})
	t.Run("xlsx as a plain io.Reader", func(t *testing.T) {
		_, err := importer.Open(io.MultiReader(bytes.NewReader(accFile(t, "excel.xlsx"))), nil)
		assert.ErrorIs(t, err, importer.ErrNeedReaderAt)
	})
	t.Run("truncated xlsx", func(t *testing.T) {
		b := accFile(t, "excel.xlsx")
		_, err := importer.Open(bytes.NewReader(b[:len(b)/2]), nil)
		assert.Error(t, err)
		assert.True(t, errors.Is(err, importer.ErrMalformed), "%v", err)
	})
}

// Tag names a user may well have: each one comes back as it was from an
// export, as Export promises ("the same … tags"). The vendor quirks the
// import undoes (Google's " ::: " and "* ", Mailchimp's quotes) must not
// apply to contactkit's own export.
func TestAcceptanceExportImportTagNames(t *testing.T) {
	ctx := context.Background()
	src, dst := accService("FR"), accService("FR")
	names := []string{"* important", `"VIP"`, "R&D ::: Paris", "x;y"}
	for i, n := range names {
		accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{Email: new(string(rune('a'+i)) + "@example.com")}, Tags: []string{n}})
	}
	var out bytes.Buffer
	_, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	for i, n := range names {
		email := string(rune('a'+i)) + "@example.com"
		assert.Equal(t, accTags(accByEmail(t, src, email)), accTags(accByEmail(t, dst, email)), "tag %q", n)
	}
}

// A vCard export read back: a value that starts with an apostrophe and a
// formula character is not escaped in a card (no spreadsheet reads it), so
// the import must not unescape it either.
func TestAcceptanceVCardRoundTripApostrophe(t *testing.T) {
	ctx := context.Background()
	src, dst := accService("FR"), accService("FR")
	accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), Company: new("'=already escaped"), JobTitle: new("''quoted''")}})
	var out bytes.Buffer
	_, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
	require.NoError(t, err)
	require.Contains(t, out.String(), "ORG:'=already escaped")
	run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	got := accByEmail(t, dst, "ann@example.com")
	assert.Equal(t, "'=already escaped", got.Company)
	assert.Equal(t, "''quoted''", got.JobTitle)
}

// A row with fewer cells than the header (trailing empty cells left out, as
// hand-made files, some scripts and old Excel versions past row 16 write
// them): Mapping.Record documents "Cells beyond the row's length are
// blank", yet Import fails the row.
func TestAcceptanceShortRowsFailWithTheirLine(t *testing.T) {
	svc := accService("FR")
	csv := "Prénom;Nom;E-mail;Téléphone;Société;Notes\r\n" +
		"Ann;Lee;ann@example.com;0612345678;Acme;VIP\r\n" +
		"Bob;Ray;bob@example.com\r\n" // nothing after the email
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	// A short row may be the half of a line broken in two: it fails,
	// with its line, rather than making a contact of half a row.
	assert.Equal(t, 1, run.res.Created, run.outcomes())
	row := run.row(t, 3)
	require.Equal(t, contactkit.ImportFailed, row.Outcome)
	assert.ErrorIs(t, row.Err, importer.ErrCellCount)
}

// A row error's message names its line once.
func TestAcceptanceRowErrorMessage(t *testing.T) {
	run := accImport(t, accService("FR"), []byte("Email,First Name\nann@example.com,Ann,extra\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	row := run.row(t, 2)
	require.Equal(t, contactkit.ImportFailed, row.Outcome)
	assert.NotContains(t, row.Err.Error(), "line 2: line 2:")
}

// A row with an unquoted comma in a cell ("Acme, Inc.") has one cell more
// than the header and fails, rightly; but the failed-rows CSV, which the
// user fixes and imports again, must hold every cell of the row "as read":
// here it drops the last one.
func TestAcceptanceFailedRowsKeepEveryCell(t *testing.T) {
	svc := accService("FR")
	csv := "First Name,Company,Email,Phone\n" +
		"Ann,Acme, Inc.,ann@example.com,06 12 34 56 78\n"
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Failed, run.outcomes())
	assert.Contains(t, run.failed.String(), "06 12 34 56 78", "the failed-rows file lost a cell:\n%s", run.failed.String())
}

// The preview a user is shown: samples and how many parse, for the French
// Excel file.
func TestAcceptancePreviewFrenchExcel(t *testing.T) {
	r, err := importer.Open(bytes.NewReader(accFile(t, "excel_fr.csv")), nil)
	require.NoError(t, err)
	sample, _, err := importer.Sample(r, 50)
	require.NoError(t, err)
	opts := &importer.MapOptions{Region: "FR"}
	m := importer.Suggest(r.Header(), sample, nil, opts)
	pv := importer.Preview(m, sample, nil, opts)
	require.Len(t, pv, 8)
	for _, p := range pv {
		assert.Len(t, p.Samples, 3, p.Header)
		if p.Header != "Téléphone" {
			assert.Equal(t, 3, p.Parsed, "%s: %v", p.Header, p.Samples)
		}
	}
	assert.Equal(t, []string{"06 12 34 56 78", "612345679", "0701234567"}, pv[2].Samples)
	// Björn's Swedish number parses in the import (his row's country is
	// Suède), and in the preview, which reads it in his row's country too.
	t.Run("phone read in each row's country", func(t *testing.T) {
		assert.Equal(t, 3, pv[2].Parsed)
	})
}

// An export with a BOM, for Excel, reads back the same.
func TestAcceptanceExportWithBOMReadsBack(t *testing.T) {
	ctx := context.Background()
	src, dst := accService("FR"), accService("FR")
	accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Hélène"), Email: new("helene@example.fr"), Phone: new("+33 6 12 34 56 78")}})
	var out bytes.Buffer
	_, err := src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{BOM: true})
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(out.Bytes(), []byte("\xef\xbb\xbf")))
	run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, importer.KindFirstName, run.m.Columns[0].Target.Kind, "the BOM is not part of the first header")
	h := accByEmail(t, dst, "helene@example.fr")
	assert.Equal(t, "Hélène", h.FirstName)
	assert.Equal(t, "+33612345678", h.Phone.String())
}
