// Package exampletest runs the programs of examples/ in their tests, so that
// they cannot rot: each program's output must match its golden file.
package exampletest

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden output of the examples")

// Golden runs run and compares what it writes with testdata/output.golden
// in the test's directory; with -update it rewrites that file.
func Golden(t *testing.T, run func(ctx context.Context, w io.Writer) error) {
	t.Helper()
	var out bytes.Buffer
	if err := run(t.Context(), &out); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	golden := filepath.Join("testdata", "output.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden output (run with -update to create it): %v", err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept it)\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}
