package store

import (
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
)

// The kinds of the links of a contact: its associations with the host's
// records and its followers.
var (
	// KindAssociation records are listed by contact (Contact), by target
	// (Parent, association.Target.String) and by target type (Status).
	KindAssociation Kind = &associationSpec
	// KindFollow records are listed by contact (Contact) and by follower
	// (Parent, the user ID).
	KindFollow Kind = &followSpec
)

// AssociationKey identifies an association: its contact and its target.
type AssociationKey struct {
	Contact contact.ID
	Target  association.Target
}

// The ID starts with the contact: a target's contacts are listed in order
// of contact ID, a contact's associations in order of target.
func associationID(k AssociationKey) string { return k.Contact.String() + "/" + k.Target.String() }

var associationSpec = spec[AssociationKey, association.Association]{
	name: "association",
	id:   associationID,
	idOf: func(a *association.Association) string {
		return associationID(AssociationKey{a.Contact, a.Target})
	},
	keys: func(a *association.Association) Keys {
		return Keys{Contact: a.Contact, Parent: a.Target.String(), Status: a.Target.Type}
	},
	version:     func(a *association.Association) *int64 { return &a.Version },
	withVersion: func(a association.Association, v int64) association.Association { a.Version = v; return a },
}

// FollowKey identifies a follow: the contact followed and the user.
type FollowKey struct {
	Contact contact.ID
	User    contact.UserID
}

func followID(k FollowKey) string { return k.Contact.String() + "/" + string(k.User) }

var followSpec = spec[FollowKey, association.Follow]{
	name:        "follow",
	id:          followID,
	idOf:        func(f *association.Follow) string { return followID(FollowKey{f.Contact, f.User}) },
	keys:        func(f *association.Follow) Keys { return Keys{Contact: f.Contact, Parent: string(f.User)} },
	version:     func(f *association.Follow) *int64 { return &f.Version },
	withVersion: func(f association.Follow, v int64) association.Follow { f.Version = v; return f },
}

// Associations returns the table of the associations of contacts with the
// host's records: Query.Contact selects a contact's, in order of target;
// Query.Parent (an association.Target's String) the contacts associated
// with a target, in order of contact ID; Query.Status a target type.
func Associations(rs Records) Table[AssociationKey, association.Association] {
	return Table[AssociationKey, association.Association]{rs, &associationSpec}
}

// Follows returns the table of the followers of contacts: Query.Contact
// selects a contact's followers, in order of user ID; Query.Parent (a
// contact.UserID) the contacts a user follows, in order of contact ID.
func Follows(rs Records) Table[FollowKey, association.Follow] {
	return Table[FollowKey, association.Follow]{rs, &followSpec}
}
