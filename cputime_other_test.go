//go:build !unix

package contactkit_test

import "time"

// processCPU returns 0: the CPU time of the process is read on unix only.
func processCPU() time.Duration { return 0 }

// processFaults returns -1: the page faults of the process are read on
// unix only.
func processFaults() int64 { return -1 }
