package contactkit_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// rv22tenancyNobody acts in no workspace: every call refuses it (P1: every
// call acts for an actor in one workspace).
var rv22tenancyNobody = contactkit.Actor{User: "u-nobody", Role: contactkit.RoleOwner}

// TestRv22tenancyActorBeforeInput walks the calls that check their input
// before they reach the store: an actor in no workspace is refused as
// such (ErrInvalidActor), whatever the input, as it is by every other
// call, and not told what is wrong with an input it may not give.
func TestRv22tenancyActorBeforeInput(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	var id contact.ID
	tests := []struct {
		method string
		call   func(a contactkit.Actor) error
	}{
		{"PassStepAt", func(a contactkit.Actor) error {
			_, err := h.svc.PassStepAt(ctx, a, automation.EnrollmentID{}, -1, automation.OutcomeCompleted)
			return err
		}},
		{"Enroll", func(a contactkit.Actor) error {
			_, err := h.svc.Enroll(ctx, a, automation.ID{}, id, "bad\x00key")
			return err
		}},
		{"StopEnrollments", func(a contactkit.Actor) error {
			_, err := h.svc.StopEnrollments(ctx, a, id, "")
			return err
		}},
		{"FindDuplicates", func(a contactkit.Actor) error {
			_, err := h.svc.FindDuplicates(ctx, a, &contactkit.DuplicateOptions{Limit: -1})
			return err
		}},
		{"ListContacts", func(a contactkit.Actor) error {
			_, err := h.svc.ListContacts(ctx, a, contactkit.ContactQuery{Text: strings.Repeat("a", 100000)}, store.PageRequest{})
			return err
		}},
		{"ListTimeline", func(a contactkit.Actor) error {
			_, err := h.svc.ListTimeline(ctx, a, id, contactkit.TimelineQuery{Kinds: []activity.Kind{"nope"}}, store.PageRequest{})
			return err
		}},
		{"ListFeed", func(a contactkit.Actor) error {
			_, err := h.svc.ListFeed(ctx, a, id, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{"nope"}}, store.PageRequest{})
			return err
		}},
		{"ListConsent", func(a contactkit.Actor) error {
			_, err := h.svc.ListConsent(ctx, a, "nope", store.PageRequest{})
			return err
		}},
		{"UnsubscribeAddress", func(a contactkit.Actor) error {
			_, err := h.svc.UnsubscribeAddress(ctx, a, list.ChannelEmail, "not an address", "stop")
			return err
		}},
		{"AddressConsent", func(a contactkit.Actor) error {
			_, err := h.svc.AddressConsent(ctx, a, "nope", "ann@example.com")
			return err
		}},
		{"Export", func(a contactkit.Actor) error {
			_, err := h.svc.Export(ctx, a, contactkit.ContactQuery{}, nil, nil)
			return err
		}},
		{"TagContacts", func(a contactkit.Actor) error {
			_, err := h.svc.TagContacts(ctx, a, contactkit.Bulk{}, strings.Repeat("t", 10000))
			return err
		}},
		{"AssignContacts", func(a contactkit.Actor) error {
			_, err := h.svc.AssignContacts(ctx, a, contactkit.Bulk{}, contact.UserID(strings.Repeat("u", 10000)))
			return err
		}},
		{"DeleteTag", func(a contactkit.Actor) error {
			_, err := h.svc.DeleteTag(ctx, a, "")
			return err
		}},
		{"Associate", func(a contactkit.Actor) error {
			_, err := h.svc.Associate(ctx, a, id, contactkit.AssociationInput{})
			return err
		}},
		{"Memberships", func(a contactkit.Actor) error {
			for _, err := range h.svc.Memberships(ctx, a, contactkit.MembershipQuery{Status: "nope"}) {
				return err
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			err := tt.call(owner)
			require.ErrorIs(t, err, contactkit.ErrInvalidInput, "the input is bad")
			err = tt.call(rv22tenancyNobody)
			require.ErrorIs(t, err, contactkit.ErrInvalidActor, "an actor in no workspace is refused first")
			require.NotErrorIs(t, err, contactkit.ErrInvalidInput, "and not told about its input: %v", err)
		})
	}
}
