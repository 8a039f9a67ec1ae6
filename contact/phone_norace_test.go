//go:build !race

package contact_test

const raceEnabled = false
