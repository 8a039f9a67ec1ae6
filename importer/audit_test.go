package importer_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/tag"
)

// TestAuditTagsOfVendorExports: the tags cell of a vendor export reads as
// the tags the vendor shows: Mailchimp's TAGS column quotes each name
// ("\"VIP\",\"Customer\""), Google's Labels separate them with " ::: ".
func TestAuditTagsOfVendorExports(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []string
	}{
		{"mailchimp", "Email Address,First Name,TAGS\n" +
			`eve@example.com,Eve,"""VIP"",""Customer"""` + "\n", []string{"VIP", "Customer"}},
		{"mailchimp one tag", "Email Address,TAGS\n" + `eve@example.com,"""Client fidèle"""` + "\n", []string{"Client fidèle"}},
		{"mailchimp spaces", "Email Address,TAGS\n" + `eve@example.com,""" a "", ""b"""` + "\n", []string{"a", "b"}},
		{"google", "E-mail 1 - Value,Labels\nbob@example.com,* myContacts ::: Friends ::: * starred\n", []string{"Friends", "starred"}},
		{"outlook", "E-mail Address,Categories\nbob@example.com,Customers;VIP; Salon 2026\n", []string{"Customers", "VIP", "Salon 2026"}},
		{"plain keeps vendors' marks", "Email,Tags\nann@example.com,\"* important, \"\"VIP\"\", R&D ::: Paris\"\n", []string{"* important", `"VIP"`, "R&D ::: Paris"}},
		{"plain", "Email,Tags\nann@example.com,\"vip, lead\"\n", []string{"vip", "lead"}},
		{"inner quote kept", "Email,Tags\nann@example.com,\"12\"\" screen, lead\"\n", []string{`12" screen`, "lead"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			csv, err := importer.NewCSV(strings.NewReader(tc.file), nil)
			require.NoError(t, err)
			sample, r, err := importer.Sample(csv, 10)
			require.NoError(t, err)
			require.Len(t, sample, 1)
			rec := importer.Suggest(r.Header(), sample, nil, nil).Record(sample[0])
			require.Len(t, rec.Tags, 1)
			names, err := tag.Parse(rec.Tags[0].Value)
			require.NoError(t, err)
			var got []string
			for _, n := range names {
				got = append(got, n.String())
			}
			assert.Equal(t, tc.want, got, "tags of %q", rec.Tags[0].Value)
		})
	}
}
