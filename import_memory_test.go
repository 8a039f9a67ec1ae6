package contactkit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/store/memstore"
)

// The contacts an import keeps in memstore do not keep the rows they came
// from: a CSV reader's cells are parts of one string a row, and a contact's
// email or phone parsed from its cell kept the whole row, every ignored
// column included (30 KB a contact for rows of 32 KB). Rows of 16 KB here,
// in a wide column the mapping ignores, in every form a value can take
// (already canonical, as an export writes it, or not), and the import
// updates as well as creates.
func TestImportKeepsNoRowMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and imports 8 MB")
	}
	ctx := context.Background()
	const rows = 500
	pad := strings.Repeat("x", 16<<10)
	// Two files: the first creates the contacts, the second updates them
	// (another company, a label): an update's history holds its values.
	paths := make([]string, 2)
	for k := range paths {
		var b strings.Builder
		b.WriteString("First Name,Last Name,Email,Phone,Company,Email Label,Notes Ignored\n")
		for i := range rows {
			email, phone := fmt.Sprintf("ann%d@example.com", i), fmt.Sprintf("+336%08d", 10000000+i)
			if i%3 == 1 {
				email, phone = fmt.Sprintf("Ann%d@Example.com", i), fmt.Sprintf("06 %02d %02d %02d %02d", i/1000000%100, i/10000%100, i/100%100, i%100)
			}
			fmt.Fprintf(&b, "Ann,Smith%d,%s,%s,Acme %d-%d,work%d,%s\n", i, email, phone, i, k, k, pad)
		}
		paths[k] = filepath.Join(t.TempDir(), fmt.Sprintf("wide%d.csv", k))
		if err := os.WriteFile(paths[k], []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	before := liveHeap()
	for k, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, m, err := fixture.OpenImport(ctx, svc, owner, f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.Import(ctx, owner, r, m, nil)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if k == 0 && res.Created != rows || k == 1 && res.Updated != rows {
			t.Fatalf("import %d: %+v, want %d rows created then updated", k, res, rows)
		}
	}
	grown := int64(liveHeap()) - int64(before)
	t.Logf("the workspace grew by %d B a contact", grown/rows)
	if per := grown / rows; per > 4<<10 {
		t.Errorf("the workspace grew by %d B a contact for rows of %d B: it keeps the rows", per, len(pad))
	}
	runtime.KeepAlive(svc)
}
