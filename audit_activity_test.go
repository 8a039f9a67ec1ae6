package contactkit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// An idempotency key is text a host passes through from its callers (an
// Idempotency-Key header): like every text input it has a length limit,
// and a key that is too long, not UTF-8 or holds a control character is
// refused with a typed error before any store reads or writes it.
func TestAuditEnrollRefusesABadIdempotencyKey(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  string
		ok   bool
	}{
		{"empty: no key", "", true},
		{"longest", strings.Repeat("k", automation.MaxKeyLength), true},
		{"unicode", "commande-é-42", true},
		{"too long", strings.Repeat("k", automation.MaxKeyLength+1), false},
		{"a megabyte", strings.Repeat("k", 1<<20), false},
		{"invalid UTF-8", "key-\xff", false},
		{"control character", "key\x00", false},
		{"newline", "key\n1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			ctx := t.Context()
			c := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
			au := h.automation(t, automation.Automation{Name: "Onboarding", Steps: steps(1), Active: true})
			h.takeEvents()
			e, err := h.svc.Enroll(ctx, owner, au.ID, c.ID, tc.key)
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, tc.key, e.IdempotencyKey)
				return
			}
			require.ErrorIs(t, err, contactkit.ErrInvalidInput)
			require.ErrorIs(t, err, automation.ErrInvalidKey)
			_, isEnrollErr := errors.AsType[*automation.EnrollmentError](err)
			assert.True(t, isEnrollErr, "want an *automation.EnrollmentError in %v", err)
			assert.Less(t, len(err.Error()), 400, "the message quotes a short prefix of the key at most")
			assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}), "nothing is enrolled")
			assert.Empty(t, h.takeEvents())
		})
	}
}
