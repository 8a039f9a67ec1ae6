package contactkit

import (
	"context"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// Role is an actor's role in its workspace. What each role may do is
// decided by Options.Authorize (DefaultAuthorize by default).
type Role string

// The roles: owner, manager and agent.
const (
	RoleOwner   Role = "owner"
	RoleManager Role = "manager"
	RoleAgent   Role = "agent"
)

// Valid reports whether r is one of the declared roles.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleManager, RoleAgent:
		return true
	}
	return false
}

// Actor is who makes a call, in which workspace. Every call of the Service
// takes one; everything it reads and writes is in Actor.Workspace: a record of
// another workspace behaves as one that does not exist.
type Actor struct {
	Workspace contact.WorkspaceID
	User      contact.UserID
	Role      Role
	// Source is the path the call comes through, recorded in the property
	// history. Zero means contact.ChangeAPI. An import and a merge record
	// their own (contact.ChangeImport, ChangeMerge) whatever it is.
	Source contact.ChangeSource
}

func (a Actor) validate() error {
	switch {
	case a.Workspace == "":
		return fmt.Errorf("%w: no workspace", ErrInvalidActor)
	case a.User == "":
		return fmt.Errorf("%w: no user", ErrInvalidActor)
	case !a.Role.Valid():
		return fmt.Errorf("%w: unknown role %s", ErrInvalidActor, inputtext.Quote(string(a.Role)))
	case a.Source != "" && !a.Source.Valid():
		return fmt.Errorf("%w: unknown source %s", ErrInvalidActor, inputtext.Quote(string(a.Source)))
	}
	// The IDs are the host's, kept as given: bounded (contact.MaxUserIDLen).
	if err := contact.CheckUserID("workspace", contact.UserID(a.Workspace)); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidActor, err)
	}
	if err := contact.CheckUserID("user", a.User); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidActor, err)
	}
	return nil
}

func (a Actor) source() contact.ChangeSource {
	if a.Source == "" {
		return contact.ChangeAPI
	}
	return a.Source
}

// Action names a guarded operation, for Options.Authorize.
type Action string

// The guarded actions.
const (
	// ActionManageFields: create or change custom field definitions.
	ActionManageFields Action = "fields.manage"
	// ActionDeleteTag: delete a tag from the workspace and every contact.
	ActionDeleteTag Action = "tags.delete"
	// ActionManageAutomations: create or change automations.
	ActionManageAutomations Action = "automations.manage"
	// ActionManageLists: create or change lists.
	ActionManageLists Action = "lists.manage"
	// ActionDeleteChannel: remove a channel from a contact.
	ActionDeleteChannel Action = "channels.delete"
	// ActionDeleteContact: move contacts to the trash and restore them.
	ActionDeleteContact Action = "contacts.delete"
	// ActionDeleteActivity: move another user's activity to its trash and
	// restore it. The author of an activity needs no permission for their
	// own.
	ActionDeleteActivity Action = "activities.delete"
	// ActionEraseContact: erase contacts for good, one at once or the
	// trash past its window.
	ActionEraseContact Action = "contacts.erase"
)

// DefaultAuthorize is the default policy: owners and managers may perform
// every guarded action; agents none of them.
func DefaultAuthorize(_ context.Context, a Actor, action Action) error {
	if a.Role == RoleOwner || a.Role == RoleManager {
		return nil
	}
	return &PermissionError{Role: a.Role, Action: action}
}
