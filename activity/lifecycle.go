package activity

import (
	"fmt"
	"time"

	"github.com/contactkit/contactkit/contact"
)

// Trash moves a to its trash at time at, by user by: it sets DeletedAt and
// DeletedBy and nothing else, so that Restore gives back a exactly. For an
// activity already in its trash it returns an *OpError wrapping ErrTrashed.
// How long a trashed activity may be restored is the Service's policy.
func (a *Activity) Trash(by contact.UserID, at time.Time) error {
	if a.Trashed() {
		return a.opError("trash", fmt.Errorf("%w since %s", ErrTrashed, a.DeletedAt.Format(time.RFC3339)))
	}
	a.DeletedAt, a.DeletedBy = at, by
	return nil
}

// Restore brings a back from its trash: it clears DeletedAt and DeletedBy,
// the only fields Trash set. For an activity not in its trash it returns an
// *OpError wrapping ErrNotTrashed.
func (a *Activity) Restore() error {
	if !a.Trashed() {
		return a.opError("restore", ErrNotTrashed)
	}
	a.DeletedAt, a.DeletedBy = time.Time{}, ""
	return nil
}

// MoveTo gives the task a to contact c. It reports whether a changed:
// moving a task to its own contact changes nothing. For another kind of
// activity it returns an *OpError wrapping ErrNotATask; for a task in its
// trash, one wrapping ErrTrashed. Whether c may hold it (same workspace,
// live) is the Service's to check.
func (a *Activity) MoveTo(c contact.ID) (changed bool, err error) {
	if err := a.mustBeTask("move"); err != nil {
		return false, err
	}
	if a.Trashed() {
		return false, a.opError("move", ErrTrashed)
	}
	if a.Contact == c {
		return false, nil
	}
	a.Contact = c
	return true, nil
}

func (a *Activity) opError(op string, err error) error {
	return &OpError{Op: op, Activity: a.ID, Err: err}
}
