package memstore

import (
	"sync"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// workspace holds everything of one workspace: its contacts with their
// indexes, its records of every kind, its property history, and the lock
// that transactions take on it.
type workspace struct {
	id   contact.WorkspaceID
	lock sync.RWMutex

	// contacts maps the ID of each of the workspace's contacts to its
	// ordinal (see slots.go); ids and recs hold, at each ordinal, the ID and
	// the record of its contact (a freed ordinal, in free, has a nil
	// record).
	contacts idTable
	ids      []contact.ID
	recs     []*record
	free     []uint32
	// maxID is the greatest ID of a contact the workspace has held, and
	// top the ordinal of its contact while the workspace holds it (noTop
	// after): greater than every other, it orders without a read of the
	// IDs (see byID).
	maxID contact.ID
	top   uint32
	// order holds the workspace's contacts, for List; trash holds those in
	// the trash, so that a listing of the trash walks the trash alone.
	order ordSet
	trash ordSet
	// emails and phones map a canonical email or phone to its owner: the one live contact
	// of the workspace that holds it.
	emails addrIndex[contact.Email]
	phones addrIndex[contact.Phone]
	// tagged maps a tag Key to the contacts whose Tags hold it.
	tagged map[string]*ordSet
	// search indexes the words of the contacts' search texts.
	search wordIndex
	// wordScratch is the room reindexWords folds words into, kept between
	// its calls; textScratch the room packText builds a record's text in.
	wordScratch []string
	textScratch []byte
	// statuses, sources, countries, languages and assignees are the tables
	// of the codes of those fields of the workspace's records.
	statuses  codes[contact.Status]
	sources   codes[contact.Source]
	countries codes[contact.Country]
	languages codes[contact.Language]
	assignees codes[contact.UserID]
	// zones is the table of the locations of the records' times.
	zones codes[*time.Location]
	// fieldKeys and fieldTypes are the tables of the keys and types of the
	// records' custom field values (appendFields).
	fieldKeys  codes[field.Key]
	fieldTypes codes[field.Type]
	// tagSets holds the tag sets of the records, one copy of each.
	tagSets tagSets

	// hist holds the property history of each contact of the workspace
	// that has one, at its ordinal, so that a creation appends its history
	// without looking its ID up in a map of every contact's; it reaches no
	// further than the last ordinal given a history, so that a workspace
	// written without history pays nothing. orphans holds, by ID, the
	// history of a contact the workspace does not hold, which
	// store.History keeps: one appended before the contact was created, or
	// kept after it was deleted. put and drop move a history between the
	// two.
	hist    [][]histEntry
	orphans map[contact.ID][]histEntry

	// tables holds the records of each kind, by the kind's name.
	tables map[string]*table
}

func newWorkspace(id contact.WorkspaceID) *workspace {
	w := &workspace{
		id:     id,
		tagged: make(map[string]*ordSet),

		statuses:   newCodes[contact.Status](),
		sources:    newCodes[contact.Source](),
		countries:  newCodes[contact.Country](),
		languages:  newCodes[contact.Language](),
		assignees:  newCodes[contact.UserID](),
		zones:      newCodes[*time.Location](),
		fieldKeys:  newCodes[field.Key](),
		fieldTypes: newCodes[field.Type](),
		tagSets:    newTagSets(),

		contacts: newIDTable(),
		top:      noTop,
		orphans:  make(map[contact.ID][]histEntry),
		tables:   make(map[string]*table),
	}
	w.order.o, w.trash.o = byID{w}, byID{w}
	w.search.w, w.search.words.o.x, w.search.fresh.o.x = w, &w.search, &w.search
	w.emails = newAddrIndex(emailAt)
	w.phones = newAddrIndex(phoneAt)
	return w
}
