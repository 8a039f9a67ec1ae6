package main

import (
	"testing"

	"github.com/contactkit/contactkit/internal/gen/gentable"
)

// The committed table is what generate writes today: a name added to
// otherNames, or a change to countryWords, is regenerated; and generate
// finds no name of two countries.
func TestGenerated(t *testing.T) {
	gentable.CheckGenerated(t, "../../../importer/countrynames.go", generate)
}
