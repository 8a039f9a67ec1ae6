package list_test

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// L4: "Only an explicit resubscribe (a user action with a reason) lifts an
// unsubscribe." A reason that shows nothing (white space, a zero-width
// space, a byte order mark, a direction mark pasted alone) is no reason:
// the resubscribe is refused, as for a blank one.
func TestAcc11AnInvisibleReasonIsNoReason(t *testing.T) {
	addr := list.MustParseAddress(list.ChannelEmail, "ann@example.com")
	unsub, _ := list.Policy{}.New(addr, list.Change{}).Unsubscribe(list.Change{By: "u1", Source: contact.ChangeAPI, Reason: "stop"})
	member := list.Membership{Status: list.StatusUnsubscribed}
	for _, reason := range []string{" \t", "\u200b", "\ufeff", "\u200e\u200f", " \u2060 "} {
		ch := list.Change{By: "u1", Source: contact.ChangeUI, Reason: reason}
		if got, err := unsub.Resubscribe(ch); !errors.Is(err, list.ErrReasonRequired) {
			t.Errorf("Consent.Resubscribe with the reason %q = %v, %v; want ErrReasonRequired", reason, got.Status, err)
		}
		if got, _, err := member.SetStatus(list.StatusSubscribed, ch); !errors.Is(err, list.ErrReasonRequired) {
			t.Errorf("Membership.SetStatus with the reason %q = %v, %v; want ErrReasonRequired", reason, got.Status, err)
		}
	}
}
