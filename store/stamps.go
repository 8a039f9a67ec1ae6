package store

import "time"

// KindStamp records are the stamps of a workspace (Stamp), listed by name.
var KindStamp Kind = &stampSpec

// Stamp is a named record of a workspace whose version changes with every
// write of what it stamps: a writer of that data puts the stamp in the same
// transaction, so a reader that keeps a copy of the data read at one version
// of the stamp knows the copy is current while the version is. A missing
// stamp is version 0.
//
// StampFields stamps the workspace's field definitions: the Service reads
// the definitions again only when their stamp has moved.
type Stamp struct {
	Name    string
	Version int64
	Changed time.Time // when the stamped data last changed
}

// StampFields is the name of the stamp of a workspace's field definitions.
const StampFields = "fields"

// StampAutomations is the name of the stamp of a workspace's automations:
// the Service reads the active ones again, for the triggers, only when it
// has moved.
const StampAutomations = "automations"

var stampSpec = spec[string, Stamp]{
	name:        "stamp",
	id:          func(name string) string { return name },
	idOf:        func(s *Stamp) string { return s.Name },
	keys:        func(*Stamp) Keys { return Keys{} },
	version:     func(s *Stamp) *int64 { return &s.Version },
	withVersion: func(s Stamp, v int64) Stamp { s.Version = v; return s },
}

// Stamps returns the table of the stamps of rs, identified by name.
func Stamps(rs Records) Table[string, Stamp] { return Table[string, Stamp]{rs, &stampSpec} }
