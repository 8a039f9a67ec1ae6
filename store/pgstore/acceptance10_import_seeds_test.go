package pgstore_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/list"
)

// TestAcc10ImportDifferentialSeeds runs, for several seeds (ACC10_SEEDS,
// default 4), a file imported three times over memstore and pgstore with
// options drawn from the seed: the mode, the batch size, dry runs, the
// default region, unsubscribe all, triggers.
func TestAcc10ImportDifferentialSeeds(t *testing.T) {
	seeds := 4
	if v, err := strconv.Atoi(os.Getenv("ACC10_SEEDS")); err == nil {
		seeds = v
	}
	modes := []contactkit.ImportMode{contactkit.ImportUpsert, contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			sides := acc10Sides(t)
			data, extra := acc10File(1000+seed, 150+int(seed%5)*40)
			other, extra2 := acc10File(2000+seed, 120)
			extra = append(extra, extra2...)
			for step := range 5 {
				k := int(seed)*7 + step
				o := contactkit.ImportOptions{
					Mode:           modes[k%3],
					BatchSize:      []int{1, 3, 7, 0, 64}[k%5],
					DryRun:         k%4 == 1,
					DefaultRegion:  []string{"", "GB", "US", "FR"}[k%4],
					UnsubscribeAll: k%6 == 5,
					Triggers:       k%2 == 0,
					Tags:           []string{fmt.Sprint("s", step)},
				}
				if k%3 == 0 {
					o.Lists = []list.ID{}
				}
				if step == 0 {
					o.Mode = contactkit.ImportUpsert
				}
				file := data
				if step == 3 {
					file = other
				}
				acc10Compare(t, sides, fmt.Sprintf("step %d %+v", step, o), file, o, extra)
			}
		})
	}
}
