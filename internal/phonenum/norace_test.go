//go:build !race

package phonenum

const raceEnabled = false
