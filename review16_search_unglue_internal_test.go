package contactkit

import "testing"

// TestReviewUnglueEnd: a word glued after the last digit of a word by
// punctuation is set apart; letters right after the digit, and words
// without such a tail, are left as they are.
func TestReviewUnglueEnd(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"0612345678,ada", "0612345678, ada"},
		{"06 12 34 56 78,ada", "06 12 34 56 78, ada"},
		{"(06 12 34 56 78)ada", "(06 12 34 56 78) ada"},
		{"+33612345678;Hélène", "+33612345678; Hélène"},
		{"0800FLOWERS", "0800FLOWERS"},
		{"06 12 34 56 78 x12", "06 12 34 56 78 x12"},
		{"1-800-FLOWERS", "1-800- FLOWERS"},
		{"ada 06 12 34 56 78", "ada 06 12 34 56 78"},
		{"06 12 34 56 78#", "06 12 34 56 78#"},
		{"R2D2", "R2D2"},
		{"", ""},
	} {
		if got := unglueEnd(tt.in); got != tt.want {
			t.Errorf("unglueEnd(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}
