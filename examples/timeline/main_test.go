package main

import (
	"testing"

	"github.com/contactkit/contactkit/internal/exampletest"
)

// TestRun runs the example and compares its output with the golden file.
func TestRun(t *testing.T) { exampletest.Golden(t, run) }
