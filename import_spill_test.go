package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/importer"
)

// spillCSV returns a CSV of n rows, each with an email and a phone of its
// own, then rows that give again the address of rows 0 (long spilled to
// disk and merged there), n/2 (in a run), n-3 (in memory) and, by its
// phone without an email, 1; and those rows' indexes.
func spillCSV(n int) (string, []int) {
	var b strings.Builder
	b.WriteString("Email,Phone,First Name\n")
	for i := range n { // line i+2
		fmt.Fprintf(&b, "u%d@example.com,%s,N%d\n", i, spillPhone(i), i)
	}
	dups := []int{0, n / 2, n - 3, 1}
	for _, i := range dups[:3] {
		fmt.Fprintf(&b, "U%d@Example.com,,Again\n", i)
	}
	fmt.Fprintf(&b, ",%s,Again\n", spillPhone(1))
	return b.String(), dups
}

// spillPhone returns the phone of row i of spillCSV.
func spillPhone(i int) string {
	return fmt.Sprintf("+33 6 12 %02d %02d %02d", i/10000, i/100%100, i%100)
}

// tempFiles returns the number of the import's temporary files in dir,
// named or not (see tempFilePaths).
func tempFiles(t *testing.T, dir string) int {
	return len(tempFilePaths(t, dir))
}

// tempFilePaths returns a path to each of the import's temporary files in
// dir: its name while it has one (on Windows, until the import is done
// with it), else, on Linux, the link to it among the process's open files
// (elsewhere an open file without a name cannot be seen).
func tempFilePaths(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var paths []string
	for _, e := range entries {
		paths = append(paths, filepath.Join(dir, e.Name()))
	}
	if runtime.GOOS != "linux" {
		return paths
	}
	fds, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	real, err := filepath.EvalSymlinks(dir) // the links name the file as resolved
	require.NoError(t, err)
	prefix := filepath.Join(real, "contactkit-seen-")
	for _, fd := range fds {
		link := filepath.Join("/proc/self/fd", fd.Name())
		if target, err := os.Readlink(link); err == nil && strings.HasPrefix(target, prefix) && strings.HasSuffix(target, " (deleted)") {
			paths = append(paths, link)
		}
	}
	return paths
}

// canSeeTempFiles reports whether tempFiles sees the files of an import
// while it runs.
func canSeeTempFiles() bool { return runtime.GOOS == "linux" || runtime.GOOS == "windows" }

// TestImportDuplicatesAcrossSpills imports rows that give again the address
// of an earlier row, with the seen addresses written to temporary files
// every 64 (internal/seenkeys), so that the earlier row's address is on
// disk, in a run merged with others or not, or in memory: each is a
// duplicate of that row, in a real run and in a dry run, and the outcomes
// are those of an import that keeps every address in memory. The files
// exist during the import, in ImportOptions.TempDir, and not after it.
func TestImportDuplicatesAcrossSpills(t *testing.T) {
	const n = 1000
	text, dups := spillCSV(n)
	tests := []struct {
		name    string
		spillAt int
		dryRun  bool
	}{
		{"in memory", 0, false},
		{"spilled", 64, false},
		{"spilled, dry run", 64, true},
		{"in memory, dry run", 0, true},
	}
	var first []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			dir := t.TempDir()
			most := 0
			o := contactkit.WithSeenSpillAt(&contactkit.ImportOptions{DryRun: tt.dryRun, BatchSize: 100, TempDir: dir,
				Progress: func(contactkit.ImportProgress) { most = max(most, tempFiles(t, dir)) }}, tt.spillAt)
			got := importCSV(t, h, owner, text, o)
			require.NoError(t, got.err)
			checkCounts(t, got.res)
			assert.Equal(t, n, got.res.Created)
			assert.Equal(t, len(dups), got.res.SkippedDuplicates)
			checkDuplicatesOf(t, got, n+2, dups)
			if tt.spillAt > 0 {
				if canSeeTempFiles() {
					assert.Positive(t, most, "no temporary file during the import: nothing was spilled")
				}
			} else {
				assert.Zero(t, most, "temporary files of an import that keeps its addresses in memory")
			}
			assert.Zero(t, tempFiles(t, dir), "temporary files left after the import")
			if first == nil {
				first = got.outcomes()
			} else {
				assert.Equal(t, first, got.outcomes(), "outcomes differ from those of the first case")
			}
		})
	}
}

// TestImportRemovesTempFiles checks that the temporary files of an import
// are removed however it ends, and that files that cannot be written, or
// read back whole, stop it as a store error does, after the batches before
// the one that met the error.
func TestImportRemovesTempFiles(t *testing.T) {
	const n = 400
	text, _ := spillCSV(n)
	errBoom := errors.New("boom")
	tests := []struct {
		name string
		// progress is called after each batch, with cancel the import's
		// and dir its TempDir.
		progress func(p contactkit.ImportProgress, cancel context.CancelFunc, dir string)
		dir      string // within the test's directory; "" for itself
		want     error
		panics   bool
	}{
		{name: "done"},
		{name: "cancelled", want: context.Canceled, progress: func(p contactkit.ImportProgress, cancel context.CancelFunc, _ string) {
			if p.Batches == 20 {
				cancel()
			}
		}},
		{name: "panic in a callback", panics: true, progress: func(p contactkit.ImportProgress, _ context.CancelFunc, _ string) {
			if p.Batches == 20 {
				panic(errBoom)
			}
		}},
		{name: "no such directory", dir: "gone", want: fs.ErrNotExist},
		{name: "files cut short", want: io.ErrUnexpectedEOF, progress: func(p contactkit.ImportProgress, _ context.CancelFunc, dir string) {
			if p.Batches != 20 {
				return
			}
			for _, path := range tempFilePaths(t, dir) {
				if err := os.Truncate(path, 0); err != nil {
					panic(err)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == io.ErrUnexpectedEOF && !canSeeTempFiles() {
				t.Skip("the files have no name here: they cannot be cut short")
			}
			h := newHarness(t)
			tmp := t.TempDir()
			dir := filepath.Join(tmp, tt.dir)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			r := mustOpen(t, text)
			m := importer.Suggest(r.Header(), nil, nil, &importer.MapOptions{Region: "FR"})
			most := 0
			o := contactkit.WithSeenSpillAt(&contactkit.ImportOptions{BatchSize: 10, TempDir: dir,
				Progress: func(p contactkit.ImportProgress) {
					if tt.dir == "" {
						most = max(most, tempFiles(t, dir))
					}
					if tt.progress != nil {
						tt.progress(p, cancel, dir)
					}
				}}, 64)
			var res contactkit.ImportResult
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						assert.True(t, tt.panics, "panic: %v", p)
					}
				}()
				res, err = h.svc.Import(ctx, owner, r, m, o)
				assert.False(t, tt.panics, "no panic")
			}()
			assert.Zero(t, tempFiles(t, tmp), "temporary files left after the import")
			if tt.dir == "" && canSeeTempFiles() {
				assert.Positive(t, most, "no temporary file during the import: nothing was spilled")
			}
			if tt.panics {
				return
			}
			if tt.want == nil {
				require.NoError(t, err)
				assert.Equal(t, n+4, res.Rows)
				return
			}
			assert.ErrorIs(t, err, tt.want)
			stopped, ok := errors.AsType[*contactkit.ImportStoppedError](err)
			require.True(t, ok, "error %v", err)
			assert.Equal(t, stopped.Line, res.StoppedAt)
			assert.Equal(t, res.StoppedAt-2, res.Rows, "every row before the line where it stopped, and no other, has an outcome")
			assert.Positive(t, res.Rows)
			t.Logf("error: %v", err)
		})
	}
}

// TestImportKeepsAddressesInMemoryWhenTempDirIsUnwritable: with no
// ImportOptions.TempDir and a default temporary directory that cannot be
// written (a read-only file system), the import keeps every seen address
// in memory, as it did before it spilled, and finds the same duplicates;
// a TempDir the caller names is never replaced so (see
// TestImportRemovesTempFiles, "no such directory").
func TestImportKeepsAddressesInMemoryWhenTempDirIsUnwritable(t *testing.T) {
	const n = 1000
	text, dups := spillCSV(n)
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "gone"))
	h := newHarness(t)
	got := importCSV(t, h, owner, text, contactkit.WithSeenSpillAt(&contactkit.ImportOptions{BatchSize: 100}, 64))
	require.NoError(t, got.err)
	checkCounts(t, got.res)
	assert.Equal(t, n, got.res.Created)
	assert.Equal(t, len(dups), got.res.SkippedDuplicates)
	checkDuplicatesOf(t, got, n+2, dups)
}
