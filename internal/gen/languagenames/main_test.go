package main

import (
	"testing"

	"github.com/contactkit/contactkit/internal/gen/gentable"
)

// The committed table is what generate writes today: a change to
// countryname.Key or to x/text's names is regenerated.
func TestGenerated(t *testing.T) {
	gentable.CheckGenerated(t, "../../../importer/languagenames.go", generate)
}
