package main

import (
	"bytes"
	"os"
	"testing"
)

// The committed table is what generate writes today: a name added to
// otherNames, or a change to countryWords, is regenerated; and generate
// finds no name of two countries.
func TestGenerated(t *testing.T) {
	got, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../../importer/countrynames.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("importer/countrynames.go is not what generate writes: run go generate ./importer/")
	}
}
