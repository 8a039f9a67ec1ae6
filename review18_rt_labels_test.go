package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// A host's own label is free text (C1b) and may start with "*" ("*vip",
// "**"): the label cells of contactkit's CSV export read back as written
// (I6). The import took every label that starts with "*" for Google's
// mark of the primary value ("* Home") and dropped the star.
func TestReview18RTStarLabels(t *testing.T) {
	for _, format := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
		t.Run(string(format), func(t *testing.T) {
			src := accService("FR")
			for i, l := range []string{"*vip", "**", "*-old", "*日本"} {
				c := accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{
					Email: new(string(rune('a'+i)) + "@example.com"), EmailLabel: new(l),
					Phone: new("+33 6 12 34 56 7" + string(rune('0'+i))), PhoneLabel: new(l),
					OtherEmails: &[]contact.LabeledInput{{Value: string(rune('a'+i)) + "2@example.com", Label: l}},
				}})
				require.Equal(t, contact.Label(l), c.EmailLabel, "stored as given")
			}
			dst, run, file := accReimport(t, src, format)
			require.Equal(t, 4, run.res.Created, run.outcomes())
			for i, c := range accContacts(t, src) {
				got := accByEmail(t, dst, c.Email.String())
				assert.Equal(t, c.EmailLabel, got.EmailLabel, "contact %d email label\n%s", i, file)
				assert.Equal(t, c.PhoneLabel, got.PhoneLabel, "contact %d phone label", i)
				assert.Equal(t, c.OtherEmails, got.OtherEmails, "contact %d other emails", i)
			}
		})
	}
}

// A host's label may also be a star alone ("*") or a star and words
// ("* old"), which contact.ParseLabel stores as given; the CSV and vCard
// exports write them so, and the import cannot tell them from Google's
// primary mark ("* Home", "* "): the label comes back without its star,
// or as none (I6).
func TestReview18RTStarAndSpaceLabels(t *testing.T) {
	t.Skip("review18: a label \"*\" or \"* x\" is Google's primary mark to the import; either ParseLabel refuses it or the export writes it otherwise: a design choice")
	for _, format := range []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard} {
		t.Run(string(format), func(t *testing.T) {
			src := accService("FR")
			for i, l := range []string{"*", "* old"} {
				c := accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{
					Email: new(string(rune('a'+i)) + "@example.com"), EmailLabel: new(l)}})
				require.Equal(t, contact.Label(l), c.EmailLabel, "stored as given")
			}
			dst, run, _ := accReimport(t, src, format)
			require.Equal(t, 2, run.res.Created, run.outcomes())
			for _, c := range accContacts(t, src) {
				assert.Equal(t, c.EmailLabel, accByEmail(t, dst, c.Email.String()).EmailLabel)
			}
		})
	}
}
