package main

import (
	"bytes"
	"os"
	"testing"
)

// The committed table is what generate writes today: a change to
// countryname.Key or to x/text's names is regenerated.
func TestGenerated(t *testing.T) {
	got, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../../importer/languagenames.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("importer/languagenames.go is not what generate writes: run go generate ./importer/")
	}
}
