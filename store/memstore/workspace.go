package memstore

import (
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// workspace holds the indexes of the contacts of one workspace and its other
// aggregates. The contacts themselves are in Store.contacts.
type workspace struct {
	id contact.WorkspaceID

	// order holds the IDs of the workspace's contacts, for List.
	order idSet
	// emails and phones map a canonical email or phone to its owner (C9).
	emails map[contact.Email]contact.ID
	phones map[contact.Phone]contact.ID
	// tagged maps a tag Key to the contacts whose Tags hold it.
	tagged map[string]*idSet

	fields  map[field.Key]field.Definition
	tags    map[string]tag.Tag // by Key
	tagKeys []string           // the keys of tags, sorted
	history map[contact.ID][]contact.Change
}

func newWorkspace(id contact.WorkspaceID) *workspace {
	return &workspace{
		id:      id,
		emails:  make(map[contact.Email]contact.ID),
		phones:  make(map[contact.Phone]contact.ID),
		tagged:  make(map[string]*idSet),
		fields:  make(map[field.Key]field.Definition),
		tags:    make(map[string]tag.Tag),
		history: make(map[contact.ID][]contact.Change),
	}
}
