//go:build !unix

package contactkit_test

import "time"

// processCPU returns 0: the CPU time of the process is read on unix only.
func processCPU() time.Duration { return 0 }
