//go:build unix

package contactkit_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the process has used, user and system,
// on every thread.
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// processFaults returns the minor page faults of the process so far (a
// first touch of a page the kernel had to map), or -1 where it cannot.
func processFaults() int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return -1
	}
	return int64(u.Minflt)
}
