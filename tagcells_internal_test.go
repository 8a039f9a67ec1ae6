package contactkit

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/tag"
)

// TestPreparerParsesTagsAsParse: a worker's parseTags gives what
// tag.Limits.Parse gives for every cell, the cells it keeps names of
// and the others, valid or not, across more distinct cells than it keeps.
func TestPreparerParsesTagsAsParse(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	l := tag.Limits{PerContact: 3}
	var pr preparer
	words := []string{"VIP", "vip", "Client", "  Prospect ", "été", "a,b", "x\ty", strings.Repeat("long", 40), ""}
	for step := range 5000 {
		var cell string
		switch r.IntN(3) {
		case 0: // one of a few values, as most files' cells
			cell = words[r.IntN(len(words))]
		case 1: // many distinct values
			cell = fmt.Sprintf("tag %d, %s", r.IntN(2*maxTagCells), words[r.IntN(len(words))])
		default: // too many for a contact
			cell = fmt.Sprintf("a%d, b, c, d", r.IntN(10))
		}
		got, gotErr := pr.parseTags(l, cell)
		want, wantErr := l.Parse(cell)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("step %d: parseTags(%q) error %v, Parse's %v", step, cell, gotErr, wantErr)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("step %d: parseTags(%q) = %v, Parse gives %v", step, cell, got, want)
		}
		if len(pr.tags) > maxTagCells {
			t.Fatalf("step %d: %d tag cells kept, at most %d", step, len(pr.tags), maxTagCells)
		}
	}
}
