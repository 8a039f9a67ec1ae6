package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/list"
)

// A failed import row records the unsubscribes of the addresses that
// parsed, whatever made it fail, and nothing else: no contact, no opt-in;
// a dry run records nothing; an address that did not parse, and a consent
// cell that did not, record nothing.
func TestImportFailedRowRecordsItsUnsubscribes(t *testing.T) {
	ctx := t.Context()
	consent := func(svc *contactkit.Service, chn list.Channel, addr string) list.Consent {
		t.Helper()
		c, err := svc.AddressConsent(ctx, acc3Owner, chn, addr)
		require.NoError(t, err)
		return c
	}
	file := []byte("Email,Phone,Birthday,Email Consent,SMS Opt Out\n" +
		"a@example.com,06 12 34 56 78,31/02/1990,unsubscribed,yes\n" + // fails on its birthday
		"b@example.com,,not a date,subscribed,\n" + // fails; opts in nothing
		"c@example,,1990-01-02,unsubscribed,\n" + // fails on its email: no address to record
		"d@example.com,,31/02/1990,maybe,\n") // fails on its birthday and its consent

	t.Run("dry run", func(t *testing.T) {
		svc, _ := acc15Service(t, nil)
		run := accImportAs(t, svc, acc3Owner, file, "FR", &contactkit.ImportOptions{DryRun: true}, nil)
		require.NoError(t, run.err)
		require.Equal(t, 4, run.res.Failed, run.outcomes())
		assert.True(t, consent(svc, list.ChannelEmail, "a@example.com").Default, "a dry run writes nothing")
		assert.True(t, consent(svc, list.ChannelSMS, "+33612345678").Default, "a dry run writes nothing")
	})

	svc, _ := acc15Service(t, nil)
	run := accImportAs(t, svc, acc3Owner, file, "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 4, run.res.Failed, run.outcomes())
	require.Zero(t, run.res.Created+run.res.Updated)

	a := consent(svc, list.ChannelEmail, "a@example.com")
	assert.Equal(t, list.ConsentUnsubscribed, a.Status)
	assert.False(t, a.Default, "an unsubscribe by choice")
	sms := consent(svc, list.ChannelSMS, "+33612345678")
	assert.Equal(t, list.ConsentUnsubscribed, sms.Status, "the SMS opt-out of the same row")
	assert.True(t, consent(svc, list.ChannelWhatsApp, "+33612345678").Default, "the row opted out of SMS only")
	assert.True(t, consent(svc, list.ChannelEmail, "b@example.com").Default, "a failed row opts in nothing")
	assert.True(t, consent(svc, list.ChannelEmail, "d@example.com").Default, "a consent cell that did not parse records nothing")

	// The same file again: the same outcomes, nothing more.
	again := accImportAs(t, svc, acc3Owner, file, "FR", nil, nil)
	require.NoError(t, again.err)
	require.Equal(t, 4, again.res.Failed, again.outcomes())
	assert.Equal(t, a, consent(svc, list.ChannelEmail, "a@example.com"), "recorded once")
}
