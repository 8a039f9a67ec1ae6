package contactkit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// ErrContactBlocked is returned, with ErrConflict, when a blocked contact
// is enrolled by a direct call. Triggers pass blocked contacts over
// silently.
var ErrContactBlocked = errors.New("contact is blocked")

// ErrKeyReused is returned, with ErrConflict, when an idempotency key is
// used again for another call: a key that enrolled one contact, for
// another contact; a key that added an activity to a contact, for another
// activity of that contact (see NoteInput.Key).
var ErrKeyReused = errors.New("idempotency key already used for another call")

// CreateAutomation defines an automation; its version is set by the call.
// Its ID is au.ID when the host chose one for a new automation
// (au.Version 0; one read back is copied under a new ID), so that the call
// is safe to retry: run again after it succeeded, it returns the automation the first
// run made (one of that ID and another content gives an error matching
// ErrAlreadyExists), where a second automation would enrol every contact
// twice; else the call gives one. It needs ActionManageAutomations.
func (s *Service) CreateAutomation(ctx context.Context, a Actor, au automation.Automation) (automation.Automation, error) {
	var out automation.Automation
	err := s.update(ctx, a, "create automation", ActionManageAutomations, func(ch *change) error {
		au := au.Clone() // every attempt starts from the caller's value
		if au.Version != 0 {
			au.ID = automation.ID{} // one read back: a copy, under a new ID
		}
		if err := au.Validate(); err != nil {
			return invalid(err)
		}
		t := store.Automations(ch.tx.Records())
		made, err := createdBefore(ctx, t, a.Workspace, au.ID, func(stored automation.Automation) bool {
			return au.Name == stored.Name && au.Active == stored.Active && au.Reentry == stored.Reentry &&
				slices.Equal(au.Steps, stored.Steps) && slices.Equal(au.Triggers, stored.Triggers)
		})
		if err != nil || !made.ID.IsZero() {
			out = made
			return err
		}
		if au.ID.IsZero() {
			uid, err := s.opts.NewID()
			if err != nil {
				return fmt.Errorf("new id: %w", err)
			}
			au.ID = automation.ID(uid)
		}
		au.Version = 0
		au.CreatedAt, au.UpdatedAt = ch.now, ch.now
		if err := t.Put(ctx, a.Workspace, &au); err != nil {
			return err
		}
		if err := stampAutomations(ctx, ch); err != nil {
			return err
		}
		out = au
		return nil
	})
	if err != nil {
		return automation.Automation{}, err
	}
	return out, nil
}

// UpdateAutomation replaces the automation au.ID; au.Version must be the
// version read (else ErrConflict). Running enrollments keep the number of
// steps they started with. It needs ActionManageAutomations.
func (s *Service) UpdateAutomation(ctx context.Context, a Actor, au automation.Automation) (automation.Automation, error) {
	var out automation.Automation
	err := s.update(ctx, a, "update automation "+au.ID.String(), ActionManageAutomations, func(ch *change) error {
		au := au // every attempt starts from the caller's value
		old, err := store.Automations(ch.tx.Records()).Get(ctx, a.Workspace, au.ID)
		if err != nil {
			return err
		}
		if au.Version != old.Version {
			// Version 0 too: the store would take it for a creation.
			return conflictf("automation read at version %d, now at %d", au.Version, old.Version)
		}
		if err := au.Validate(); err != nil {
			return invalid(err)
		}
		au.CreatedAt, au.UpdatedAt = old.CreatedAt, ch.now
		if err := store.Automations(ch.tx.Records()).Put(ctx, a.Workspace, &au); err != nil {
			return err
		}
		if err := stampAutomations(ctx, ch); err != nil {
			return err
		}
		out = au
		return nil
	})
	if err != nil {
		return automation.Automation{}, err
	}
	return out, nil
}

// GetAutomation returns the automation id, or an error matching ErrNotFound.
func (s *Service) GetAutomation(ctx context.Context, a Actor, id automation.ID) (automation.Automation, error) {
	var au automation.Automation
	err := s.view(ctx, a, "get automation "+id.String(), "", func(tx store.Tx) (err error) {
		au, err = store.Automations(tx.Records()).Get(ctx, a.Workspace, id)
		return err
	})
	return au, err
}

// Automations iterates over the automations of the workspace in ID order.
func (s *Service) Automations(ctx context.Context, a Actor) iter.Seq2[automation.Automation, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (page store.Page[automation.Automation], err error) {
		err = s.view(ctx, a, "list automations", "", func(tx store.Tx) error {
			page, err = store.Automations(tx.Records()).List(ctx, a.Workspace, store.Query{}, p)
			return err
		})
		return page, err
	})
}

// Enroll enrols contact c into automation id at once. There is no
// undo: an enrollment can only be ended or stopped. With a non-empty key, a
// retried call returns the enrollment the first call made and changes
// nothing; the key is scoped to the automation. A key longer than
// automation.MaxKeyLength bytes, or that is not UTF-8 or holds a control
// character, gives a *ValidationError (ErrInvalidInput) holding an
// *automation.EnrollmentError that wraps automation.ErrInvalidKey. An
// unknown automation or contact gives an error matching ErrNotFound, a
// contact in the trash ErrTrashed (and ErrMerged, merged away). What the
// state of the contact, the automation or an enrollment refuses matches
// ErrConflict and says which: a blocked contact (ErrContactBlocked), an
// automation that is not active (automation.ErrInactive), a contact already
// active in it under a re-entry policy that refuses a second entry
// (automation.ErrAlreadyEnrolled, in an *automation.EnrollmentError that
// names the active one), a key used for another contact (ErrKeyReused). An
// unsubscribed contact is not refused: consent is for messages
// (Reachable), which the host's steps send.
func (s *Service) Enroll(ctx context.Context, a Actor, id automation.ID, c contact.ID, key string) (automation.Enrollment, error) {
	var out automation.Enrollment
	op := "enroll contact " + c.String() + " in automation " + id.String()
	if err := automation.CheckKey(key); err != nil {
		if ee, ok := errors.AsType[*automation.EnrollmentError](err); ok {
			ee.Automation, ee.Contact = id, c
		}
		return out, s.refuse(ctx, a, op, "", invalid(err))
	}
	err := s.update(ctx, a, op, "", func(ch *change) error {
		au, err := store.Automations(ch.tx.Records()).Get(ctx, a.Workspace, id)
		if err != nil {
			return err
		}
		ct, err := live(ctx, ch.tx, a.Workspace, c)
		if err != nil {
			return err
		}
		out, err = s.enroll(ctx, ch, &au, &ct, key, automation.Occurrence{Kind: automation.TriggerManual}, automation.Cause{})
		return err
	})
	return orZero(out, err)
}

// enroll enrols ct into au within ch, recording that trigger, through the
// record cause (zero for none), made it enter, and emits Enrolled. With a
// key, an
// earlier enrollment made with it is returned instead; without one, an
// enrollment of ct into au made earlier in the same call is. So one call —
// a capture that adds two tags, say — enrols a contact into an automation
// at most once, whatever its re-entry policy.
func (s *Service) enroll(ctx context.Context, ch *change, au *automation.Automation, ct *contact.Contact, key string, trigger automation.Occurrence, cause automation.Cause) (automation.Enrollment, error) {
	ws := ch.actor.Workspace
	if key != "" {
		e, err := enrollmentByKey(ctx, ch.tx, ws, au.ID, key)
		switch {
		case err == nil && e.Contact != ct.ID:
			return automation.Enrollment{}, conflictf("%w: %q", ErrKeyReused, key)
		case err == nil:
			return e, nil
		case !errors.Is(err, store.ErrNotFound):
			return automation.Enrollment{}, err
		}
	}
	pair := enrolment{ct.ID, au.ID}
	if e, ok := ch.enrolled[pair]; ok && key == "" {
		return e, nil // one call enrols a contact into an automation once
	}
	if ct.Blocked() {
		return automation.Enrollment{}, conflictf("%w", ErrContactBlocked)
	}
	var previous []automation.Enrollment
	q := EnrollmentQuery{Contact: ct.ID, Automation: au.ID}.query()
	for e, err := range store.Enrollments(ch.tx.Records()).All(ctx, ws, q) {
		if err != nil {
			return automation.Enrollment{}, err
		}
		previous = append(previous, e)
	}
	uid, err := s.opts.NewID()
	if err != nil {
		return automation.Enrollment{}, fmt.Errorf("new id: %w", err)
	}
	e, err := automation.Enroll(au, ct.ID, automation.EnrollmentID(uid), previous, key, ch.now)
	if errors.Is(err, automation.ErrAlreadyEnrolled) || errors.Is(err, automation.ErrInactive) {
		return automation.Enrollment{}, conflictf("%w", err) // the state refuses it
	}
	if err != nil {
		return automation.Enrollment{}, err
	}
	e.Trigger, e.Cause = trigger, cause
	if err := store.Enrollments(ch.tx.Records()).Put(ctx, ws, &e); err != nil {
		return automation.Enrollment{}, err
	}
	if ch.enrolled == nil {
		ch.enrolled = make(map[enrolment]automation.Enrollment)
	}
	ch.enrolled[pair] = e.Clone()
	if ch.listen {
		ch.emit(Enrolled{EventMeta: ch.meta(ct.ID), Enrollment: e.Clone(), Trigger: trigger})
	}
	return e, nil
}

// fireTriggers enrols the contacts of ch's occurrences into every active
// automation they trigger, in the same transaction. A contact that is
// blocked, or already active in an automation that refuses re-entry, is
// passed over.
func (s *Service) fireTriggers(ctx context.Context, ch *change) error {
	ws := ch.actor.Workspace
	for i := 0; i < len(ch.occurred); i++ {
		o := ch.occurred[i]
		autos, err := s.triggered(ctx, ch, o.what)
		if err != nil {
			return err
		}
		if len(autos) == 0 {
			continue
		}
		ok, err := stillSubscribed(ctx, ch.tx, ws, o)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		ct, err := live(ctx, ch.tx, ws, o.contact)
		if err != nil {
			return err
		}
		for j := range autos {
			_, err := s.enroll(ctx, ch, &autos[j], &ct, "", o.what, o.cause)
			if err := passOver(err); err != nil {
				return fmt.Errorf("trigger %s: %w", o.what.Kind, err)
			}
		}
	}
	return nil
}

// stillSubscribed reports whether a list-subscribed occurrence still holds
// when the triggers fire, at the end of the call: the membership may have
// been unsubscribed later in the same call. Any other occurrence holds.
func stillSubscribed(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, o occurrence) (bool, error) {
	if o.what.Kind != automation.TriggerListSubscribed {
		return true, nil
	}
	id, err := list.ParseID(o.what.Subject)
	if err != nil {
		return false, err
	}
	m, err := store.Memberships(tx.Records()).Get(ctx, ws, store.MembershipKey{List: id, Contact: o.contact})
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return m.Subscribed(), err
}

// passOver drops the errors for which an automatic enrolment (a trigger, a
// note or a task naming an automation) passes a contact over: blocked,
// already active where re-entry is refused, or the automation inactive.
func passOver(err error) error {
	if errors.Is(err, ErrContactBlocked) || errors.Is(err, automation.ErrAlreadyEnrolled) || errors.Is(err, automation.ErrInactive) {
		return nil
	}
	return err
}

// PassStep passes the next step of enrollment id, completed or skipped.
// Passing the last step does not end the enrollment: EndEnrollment
// does. PassStep is not safe to retry, since a retry passes the step after;
// PassStepAt is.
func (s *Service) PassStep(ctx context.Context, a Actor, id automation.EnrollmentID, o automation.Outcome) (automation.Enrollment, error) {
	return s.passStep(ctx, a, id, nextStep, o)
}

// PassStepAt passes step (counted from 0, as automation.StepResult.Step)
// of enrollment id with outcome o, when it is the next step. It is safe to
// retry: a step passed already with o returns the enrollment unchanged,
// and nothing is written or emitted. A step passed with another outcome, or
// one that is not the next, gives an error matching ErrConflict; a
// negative step, one past the automation's steps or an invalid outcome a
// *ValidationError.
func (s *Service) PassStepAt(ctx context.Context, a Actor, id automation.EnrollmentID, step int, o automation.Outcome) (automation.Enrollment, error) {
	if step < 0 {
		op := fmt.Sprintf("pass step %d of enrollment %s", step, id)
		return automation.Enrollment{}, s.refuse(ctx, a, op, "", invalid(fmt.Errorf("%w: step %d", automation.ErrNoStepLeft, step)))
	}
	return s.passStep(ctx, a, id, step, o)
}

// nextStep is the step of PassStep: whichever is next.
const nextStep = -1

// passStep is PassStep (step nextStep) and PassStepAt. An invalid outcome
// is refused before the enrollment is read, whatever its state.
func (s *Service) passStep(ctx context.Context, a Actor, id automation.EnrollmentID, step int, o automation.Outcome) (automation.Enrollment, error) {
	op := "pass step of enrollment " + id.String()
	if !o.Valid() {
		err := &automation.EnrollmentError{Op: "pass", Enrollment: id, Err: fmt.Errorf("%w %s", automation.ErrInvalidOutcome, inputtext.Quote(string(o)))}
		return automation.Enrollment{}, s.refuse(ctx, a, op, "", invalid(err))
	}
	return s.changeEnrollment(ctx, a, op, id, func(ch *change, e *automation.Enrollment) (enrollmentEvent, error) {
		switch {
		case step == nextStep:
		case step >= e.Steps:
			return nil, invalid(fmt.Errorf("%w: step %d of %d", automation.ErrNoStepLeft, step, e.Steps))
		case step < len(e.Path):
			if got := e.Path[step].Outcome; got != o {
				return nil, conflictf("step %d passed already as %s", step, got)
			}
			return nil, nil // passed already: a retry
		case step > len(e.Path):
			return nil, conflictf("step %d is not the next step, %d", step, len(e.Path))
		}
		if err := e.Pass(o, ch.now); err != nil {
			return nil, invalid(err)
		}
		return func(stored automation.Enrollment) Event {
			return StepPassed{EventMeta: ch.meta(stored.Contact), Enrollment: stored, Step: stored.Path[len(stored.Path)-1]}
		}, nil
	})
}

// EndEnrollment ends enrollment id: it is finished at 100 % and the contact
// is no longer in the automation. It is safe to retry: an enrollment ended
// already is returned unchanged, and nothing is written or emitted. A
// stopped one gives an error matching automation.ErrNotActive and
// ErrConflict: its state refuses the call.
func (s *Service) EndEnrollment(ctx context.Context, a Actor, id automation.EnrollmentID) (automation.Enrollment, error) {
	return s.changeEnrollment(ctx, a, "end enrollment "+id.String(), id, func(ch *change, e *automation.Enrollment) (enrollmentEvent, error) {
		if e.State == automation.StateEnded {
			return nil, nil
		}
		if err := e.End(ch.now); err != nil {
			return nil, invalid(err)
		}
		return func(stored automation.Enrollment) Event {
			return EnrollmentEnded{EventMeta: ch.meta(stored.Contact), Enrollment: stored}
		}, nil
	})
}

// enrollmentEvent makes the event of a change of an enrollment from the
// enrollment as stored, its new version included.
type enrollmentEvent func(stored automation.Enrollment) Event

// changeEnrollment applies fn to enrollment id. When fn changes it, fn
// returns the event of the change, and changeEnrollment stores the
// enrollment and emits that event, made from it as stored; nil means no
// change: nothing is written or emitted.
func (s *Service) changeEnrollment(ctx context.Context, a Actor, op string, id automation.EnrollmentID, fn func(ch *change, e *automation.Enrollment) (enrollmentEvent, error)) (automation.Enrollment, error) {
	var out automation.Enrollment
	err := s.update(ctx, a, op, "", func(ch *change) error {
		e, err := store.Enrollments(ch.tx.Records()).Get(ctx, a.Workspace, id)
		if err != nil {
			return err
		}
		event, err := fn(ch, &e)
		if err != nil {
			return err
		}
		if event != nil {
			if err := store.Enrollments(ch.tx.Records()).Put(ctx, a.Workspace, &e); err != nil {
				return err
			}
			if ch.listen {
				ch.emit(event(e.Clone()))
			}
		}
		out = e
		return nil
	})
	return orZero(out, err)
}

// StopEnrollments stops every active enrollment of contact c, recording
// reason, and returns how many it stopped. Blocking and deleting a
// contact do this in their own transaction; hosts may call it too.
func (s *Service) StopEnrollments(ctx context.Context, a Actor, c contact.ID, reason string) (int, error) {
	n := 0
	if strings.TrimSpace(reason) == "" {
		return 0, s.refuse(ctx, a, "stop enrollments of contact "+c.String(), "", invalid(automation.ErrReasonRequired))
	}
	if err := s.opts.Limits.CheckReason(reason); err != nil {
		return 0, s.refuse(ctx, a, "stop enrollments of contact "+c.String(), "", invalid(err))
	}
	err := s.update(ctx, a, "stop enrollments of contact "+c.String(), "", func(ch *change) error {
		n = 0
		if _, err := ch.tx.Contacts().Get(ctx, a.Workspace, c); err != nil {
			return err
		}
		var err error
		n, err = s.stopEnrollments(ctx, ch, c, reason)
		return err
	})
	return orZero(n, err)
}

func (s *Service) stopEnrollments(ctx context.Context, ch *change, c contact.ID, reason string) (int, error) {
	ws := ch.actor.Workspace
	q := EnrollmentQuery{Contact: c, ActiveOnly: true}.query()
	var active []automation.Enrollment
	for e, err := range store.Enrollments(ch.tx.Records()).All(ctx, ws, q) {
		if err != nil {
			return 0, err
		}
		active = append(active, e)
	}
	for i := range active {
		e := &active[i]
		if err := e.Stop(reason, ch.now); err != nil {
			return 0, invalid(err)
		}
		if err := store.Enrollments(ch.tx.Records()).Put(ctx, ws, e); err != nil {
			return 0, err
		}
		if ch.listen {
			ch.emit(EnrollmentStopped{EventMeta: ch.meta(c), Enrollment: e.Clone()})
		}
	}
	return len(active), nil
}

// EnrollmentQuery selects enrollments for Enrollments. Every set field
// narrows the selection; the zero value selects every enrollment of the
// workspace.
type EnrollmentQuery struct {
	Contact    contact.ID    // the enrollments of one contact
	Automation automation.ID // the enrollments into one automation
	ActiveOnly bool          // only the active ones
}

// query returns the store query of q.
func (q EnrollmentQuery) query() store.Query {
	sq := store.Query{Contact: q.Contact}
	if !q.Automation.IsZero() {
		sq.Parent = q.Automation.String()
	}
	if q.ActiveOnly {
		sq.Status = store.StatusActive
	}
	return sq
}

// enrollmentByKey returns the enrollment of automation au in ws made with
// the idempotency key key, or an error matching store.ErrNotFound.
func enrollmentByKey(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, au automation.ID, key string) (automation.Enrollment, error) {
	q := store.Query{Unique: store.EnrollmentKey(au, key)}
	e, ok, err := first(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[automation.Enrollment], error) {
		return store.Enrollments(tx.Records()).List(ctx, ws, q, p)
	})
	if err == nil && !ok {
		err = notFoundf("enrollment with key %q", key)
	}
	return e, err
}

// automationCache keeps the workspaces' active automations
// (store.StampAutomations).
type automationCache = stampCache[*automationSet]

// automationSet is the active automations of a workspace at one version of
// its automations stamp, by the kind of their triggers, each kind's in ID
// order. It is never changed once made: a Service hands it to concurrent
// calls.
type automationSet struct {
	stampedAt
	byKind map[automation.TriggerKind][]automation.Automation
}

// stampAutomations moves the automations stamp of ch's workspace: ch
// writes an automation.
func stampAutomations(ctx context.Context, ch *change) error {
	ch.automationsWritten = true
	return moveStamp(ctx, ch, store.StampAutomations)
}

// triggered returns the active automations of ch's workspace that o
// triggers, in ID order. They are read once per call, from those the
// Service keeps while the automations stamp does not move: a trigger reads
// the stamp, not every automation of the workspace.
func (s *Service) triggered(ctx context.Context, ch *change, o automation.Occurrence) ([]automation.Automation, error) {
	if ch.automations == nil {
		set, err := s.activeAutomations(ctx, ch)
		if err != nil {
			return nil, err
		}
		ch.automations = set
	}
	var out []automation.Automation
	for _, au := range ch.automations.byKind[o.Kind] {
		if au.Triggered(o) {
			out = append(out, au)
		}
	}
	return out, nil
}

// activeAutomations returns the active automations of ch's workspace as
// ch's transaction sees them (see keptSet).
func (s *Service) activeAutomations(ctx context.Context, ch *change) (*automationSet, error) {
	return keptSet(ctx, ch, &s.automations, store.StampAutomations, ch.automationsWritten, func(at stampedAt) (*automationSet, error) {
		set := &automationSet{stampedAt: at, byKind: map[automation.TriggerKind][]automation.Automation{}}
		q := store.Query{Status: store.StatusActive}
		for au, err := range store.Automations(ch.tx.Records()).All(ctx, ch.actor.Workspace, q) {
			if err != nil {
				return nil, err
			}
			for i, t := range au.Triggers {
				if !slices.ContainsFunc(au.Triggers[:i], func(u automation.Trigger) bool { return u.Kind == t.Kind }) {
					set.byKind[t.Kind] = append(set.byKind[t.Kind], au)
				}
			}
		}
		return set, nil
	})
}

// GetEnrollment returns the enrollment id, or an error matching ErrNotFound.
func (s *Service) GetEnrollment(ctx context.Context, a Actor, id automation.EnrollmentID) (automation.Enrollment, error) {
	var e automation.Enrollment
	err := s.view(ctx, a, "get enrollment "+id.String(), "", func(tx store.Tx) (err error) {
		e, err = store.Enrollments(tx.Records()).Get(ctx, a.Workspace, id)
		return err
	})
	return e, err
}

// Enrollments iterates over the enrollments that match q, in ID order. With
// q.ActiveOnly and q.Automation set, these are the contacts in the
// automation now.
func (s *Service) Enrollments(ctx context.Context, a Actor, q EnrollmentQuery) iter.Seq2[automation.Enrollment, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (page store.Page[automation.Enrollment], err error) {
		err = s.view(ctx, a, "list enrollments", "", func(tx store.Tx) error {
			page, err = store.Enrollments(tx.Records()).List(ctx, a.Workspace, q.query(), p)
			return err
		})
		return page, err
	})
}
