package memstore

import (
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/tag"
)

// workspace holds the indexes of the contacts of one workspace and its other
// aggregates. The contacts, lists, automations, enrollments and activities
// themselves are in the maps of the Store, by ID.
type workspace struct {
	id contact.WorkspaceID

	// order holds the IDs of the workspace's contacts, for List.
	order idSet
	// emails and phones map a canonical email or phone to its owner (C9).
	emails addrIndex[contact.Email]
	phones addrIndex[contact.Phone]
	// tagged maps a tag Key to the contacts whose Tags hold it.
	tagged map[string]*idSet
	// statuses, sources, countries, languages and assignees are the tables
	// of the codes of those fields of the workspace's records.
	statuses  codes[contact.Status]
	sources   codes[contact.Source]
	countries codes[contact.Country]
	languages codes[contact.Language]
	assignees codes[contact.UserID]

	fields  map[field.Key]field.Definition
	tags    map[string]tag.Tag // by Key
	tagKeys []string           // the keys of tags, sorted
	history map[contact.ID][]contact.Change

	// lists and automations hold the IDs of the workspace's lists and
	// automations, for List (and Triggered).
	lists       sortedIDs[list.ID]
	automations sortedIDs[automation.ID]

	// memberships holds every membership by list and contact. members
	// maps a list to the contacts that have a membership of it, listsOf a
	// contact to the lists it has a membership of; memberLists holds the
	// lists that have a membership, for a listing of the whole workspace.
	memberships map[membershipKey]list.Membership
	members     map[list.ID]*sortedIDs[contact.ID]
	listsOf     map[contact.ID]*sortedIDs[list.ID]
	memberLists sortedIDs[list.ID]

	// consent is the consent ledger of the workspace (L3).
	consent map[list.Address]list.Consent

	// enrollments holds the IDs of the workspace's enrollments;
	// enrollmentsOf and enrollmentsIn hold them by contact and by
	// automation; keys maps an automation and an idempotency key to the
	// enrollment that has them (the unique index of Enrollments.Create).
	enrollments   sortedIDs[automation.EnrollmentID]
	enrollmentsOf map[contact.ID]*sortedIDs[automation.EnrollmentID]
	enrollmentsIn map[automation.ID]*sortedIDs[automation.EnrollmentID]
	keys          map[enrollmentKey]automation.EnrollmentID

	// timelines holds the positions of the activities of each contact in
	// the timeline order of activity.Compare.
	timelines map[contact.ID][]activity.Position
}

// membershipKey identifies a membership: its list and its contact.
type membershipKey struct {
	list    list.ID
	contact contact.ID
}

// enrollmentKey is the unique key of an enrollment with an idempotency key.
type enrollmentKey struct {
	automation automation.ID
	key        string
}

func newWorkspace(id contact.WorkspaceID) *workspace {
	return &workspace{
		id:     id,
		emails: newAddrIndex((*record).heldEmail),
		phones: newAddrIndex((*record).heldPhone),
		tagged: make(map[string]*idSet),

		statuses:  newCodes[contact.Status](),
		sources:   newCodes[contact.Source](),
		countries: newCodes[contact.Country](),
		languages: newCodes[contact.Language](),
		assignees: newCodes[contact.UserID](),

		fields:  make(map[field.Key]field.Definition),
		tags:    make(map[string]tag.Tag),
		history: make(map[contact.ID][]contact.Change),

		memberships:   make(map[membershipKey]list.Membership),
		members:       make(map[list.ID]*sortedIDs[contact.ID]),
		listsOf:       make(map[contact.ID]*sortedIDs[list.ID]),
		consent:       make(map[list.Address]list.Consent),
		enrollmentsOf: make(map[contact.ID]*sortedIDs[automation.EnrollmentID]),
		enrollmentsIn: make(map[automation.ID]*sortedIDs[automation.EnrollmentID]),
		keys:          make(map[enrollmentKey]automation.EnrollmentID),
		timelines:     make(map[contact.ID][]activity.Position),
	}
}
