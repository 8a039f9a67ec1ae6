package list_test

// Round 21 review of lists and consent: the reason an explicit resubscribe
// needs (L4).

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// FINDING (L4, "a reason that shows nothing is none"): a reason made only
// of characters that are drawn as nothing but are not format characters —
// the Hangul fillers (U+3164, U+115F, U+1160, U+FFA0), the combining
// grapheme joiner, a variation selector, the blank Braille cell, a control
// character — passed for the reason of an explicit resubscribe, so a
// resubscribe lifted an unsubscribe with no reason anyone could read. They
// are ErrReasonRequired now, as blank and zero-width reasons were; a reason
// in any script, or an emoji, still counts.
func TestRv21listsResubscribeNeedsAReasonThatShows(t *testing.T) {
	user := func(reason string) list.Change {
		return list.Change{By: "u-1", Source: contact.ChangeUI, Reason: reason}
	}
	for _, reason := range []string{
		"\u3164", " \u3164 \u3164 ", "\u115f\u1160", "\uffa0", "\u034f", "\ufe0f", "\U000e0100",
		"\u2800", "\x00", "\u200b\u3164", "\t\u00a0\u3000",
	} {
		t.Run("refused "+reason, func(t *testing.T) {
			unsub := list.Consent{Address: list.MustParseAddress(list.ChannelEmail, "ada@example.com"), Status: list.ConsentUnsubscribed}
			got, err := unsub.Resubscribe(user(reason))
			require.ErrorIs(t, err, list.ErrReasonRequired, "Consent.Resubscribe with the reason %+q", reason)
			assert.Equal(t, unsub, got, "the entry is returned unchanged")

			m := list.Membership{Status: list.StatusUnsubscribed}
			_, changed, err := m.SetStatus(list.StatusSubscribed, user(reason))
			require.ErrorIs(t, err, list.ErrReasonRequired, "Membership.SetStatus with the reason %+q", reason)
			assert.False(t, changed)
		})
	}
	for _, reason := range []string{
		"asked by phone", "ok", "👍", "\U0001F469\u200d\U0001F4BB", "می\u200cخواهم", "한국어", "\u3164a", "é",
	} {
		t.Run("kept "+reason, func(t *testing.T) {
			unsub := list.Consent{Status: list.ConsentUnsubscribed}
			got, err := unsub.Resubscribe(user(reason))
			require.NoError(t, err, "Consent.Resubscribe with the reason %+q", reason)
			assert.Equal(t, list.ConsentSubscribed, got.Status)
		})
	}
}

// FINDING (L1, X1): a list named only with characters drawn as nothing
// that NormalizeName keeps — Hangul fillers (U+3164, U+FFA0), the blank
// Braille cell — was valid, a list nobody could see the name of in a
// picker. Such a name is ErrEmpty now, as a name of zero-width spaces
// was; a name in Hangul, or with a filler among letters, is kept.
func TestRv21listsListNameThatShowsNothingIsEmpty(t *testing.T) {
	for _, name := range []string{"\u3164", "\u3164 \u3164", "\uffa0", "\u2800", "\u200b\u3164"} {
		l := list.List{Name: name}.Normalize()
		err := l.Validate()
		require.ErrorIs(t, err, list.ErrEmpty, "the name %+q", name)
		require.ErrorIs(t, err, list.ErrInvalidList)
	}
	for _, name := range []string{"뉴스", "News \u3164 letter", "📰"} {
		l := list.List{Name: name}.Normalize()
		require.NoError(t, l.Validate(), "the name %+q", name)
	}
}
