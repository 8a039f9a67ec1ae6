//go:build race

package contact_test

// raceEnabled: the race detector slows the regular expressions of the
// library about thirtyfold, so the generated corpora are smaller.
const raceEnabled = true
