package merge_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
)

// FINDING (X1): NewPlan quoted an unknown policy whole: a policy of a
// megabyte, which PreviewMerge passes on, gave an error of megabytes. It
// quotes a short prefix now.
func TestRv22x1UnknownPolicyQuotesAPrefix(t *testing.T) {
	_, err := merge.NewPlan(merge.PlanInput{Policy: merge.Policy(strings.Repeat("p", 1<<20))})
	require.ErrorIs(t, err, contact.ErrInvalid)
	require.Less(t, len(err.Error()), 500)
}
