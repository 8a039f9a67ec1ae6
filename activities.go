package contactkit

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/store"
)

// NoteInput is a new note.
type NoteInput struct {
	Body   string
	Pinned bool
	// Enroll, if set, is an automation to enrol the contact into when the
	// note is saved. A contact already active in it is left as it is.
	Enroll automation.ID
	// Key, if not empty, is the idempotency key of the call, which makes
	// it safe to retry: the note's ID is derived from the workspace, the
	// contact and the key, and a call again with the same key for the same
	// contact returns the note the first call added, as it is now (edited,
	// pinned or in its trash since), and writes, emits, triggers and enrols
	// nothing. Its input must be the first call's, each property compared
	// with the value the note was created with: another body, say, or
	// another kind of activity, under the same key gives an error matching
	// ErrKeyReused and ErrConflict. Concurrent calls with one key add one
	// note. A key belongs to the contact, not to the actor: a retry by
	// another user returns the same note. The same key on another contact
	// adds another note, and a note
	// erased since (purged from its trash, or with its contact) is
	// forgotten: the key adds a note again. A key longer than
	// automation.MaxKeyLength bytes, not UTF-8 or holding a control
	// character gives a *ValidationError holding an
	// *activity.ValidationError of property "key" that wraps
	// automation.ErrInvalidKey. The timeline orders activities by creation
	// time, then ID: a derived ID changes only the order of activities
	// created at the same instant.
	Key string
}

// TaskInput is a new task.
type TaskInput struct {
	Title       string
	Description string
	Pinned      bool
	Task        activity.Task // type, due time, duration, assignee, reminder
	// Enroll, if set, is an automation to enrol the contact into, when
	// EnrollOn says: when the task is saved (created) or when it is
	// completed. Zero EnrollOn means on completion.
	Enroll   automation.ID
	EnrollOn activity.EnrollOn
	// Key, if not empty, is the idempotency key of the call, as
	// NoteInput.Key is.
	Key string
}

// CallInput is a call logged with a contact.
type CallInput struct {
	Direction  activity.Direction // inbound or outbound; required
	OccurredAt time.Time          // when the call took place; required
	Duration   time.Duration      // zero: not said
	Outcome    activity.Outcome   // one of the call outcomes; zero: not said
	Title      string             // optional
	Notes      string             // what was said
	Pinned     bool
	// Key, if not empty, is the idempotency key of the call, as
	// NoteInput.Key is.
	Key string
}

// EmailInput is an email logged with a contact: sent to them (outbound) or
// received from them (inbound).
type EmailInput struct {
	Direction  activity.Direction // required
	OccurredAt time.Time          // when it was sent or received; required
	Subject    string             // a subject or a body is required
	Body       string
	Pinned     bool
	// Key, if not empty, is the idempotency key of the call, as
	// NoteInput.Key is.
	Key string
}

// MeetingInput is a meeting logged with a contact.
type MeetingInput struct {
	Title      string    // required
	OccurredAt time.Time // when it starts; required
	Duration   time.Duration
	Outcome    activity.Outcome // one of the meeting outcomes; zero: not said
	// Attendees are users and contacts, each once; a contact must be one
	// of the actor's workspace. A contact erased later stays among the
	// attendees: a change of the meeting checks only the contacts it adds.
	Attendees []activity.Attendee
	Notes     string
	Pinned    bool
	// Key, if not empty, is the idempotency key of the call, as
	// NoteInput.Key is.
	Key string
}

// AddNote adds a note by the actor to contact c's timeline. It triggers
// the automations on automation.TriggerNoteAdded. With in.Key, a retry
// returns the note the first call added (see NoteInput.Key).
func (s *Service) AddNote(ctx context.Context, a Actor, c contact.ID, in NoteInput) (activity.Activity, error) {
	return s.addActivity(ctx, a, "add note to contact "+c.String(), c, in.Key, activity.Activity{
		Kind: activity.KindNote, Body: in.Body, Pinned: in.Pinned, Enroll: in.Enroll,
	})
}

// AddTask adds a task by the actor to contact c's timeline. It triggers the
// automations on automation.TriggerTaskCreated (and
// automation.TriggerTaskCompleted when it is created completed), and enrols
// the contact into the automation the task names when the task says. With
// in.Key, a retry returns the task the first call added (see
// NoteInput.Key).
func (s *Service) AddTask(ctx context.Context, a Actor, c contact.ID, in TaskInput) (activity.Activity, error) {
	return s.addActivity(ctx, a, "add task to contact "+c.String(), c, in.Key, activity.Activity{
		Kind: activity.KindTask, Title: in.Title, Body: in.Description, Pinned: in.Pinned, Task: in.Task,
		Enroll: in.Enroll, EnrollOn: in.EnrollOn,
	})
}

// AddCall logs a call with contact c, by the actor, on c's timeline. Bad
// input gives a *ValidationError listing every *activity.ValidationError.
// With in.Key, a retry returns the call the first call logged (see
// NoteInput.Key).
func (s *Service) AddCall(ctx context.Context, a Actor, c contact.ID, in CallInput) (activity.Activity, error) {
	return s.addActivity(ctx, a, "add call to contact "+c.String(), c, in.Key, activity.Activity{
		Kind: activity.KindCall, Title: in.Title, Body: in.Notes, Pinned: in.Pinned,
		Interaction: activity.Interaction{Direction: in.Direction, OccurredAt: in.OccurredAt, Duration: in.Duration, Outcome: in.Outcome},
	})
}

// AddEmail logs an email with contact c, by the actor, on c's timeline.
// With in.Key, a retry returns the email the first call logged (see
// NoteInput.Key).
func (s *Service) AddEmail(ctx context.Context, a Actor, c contact.ID, in EmailInput) (activity.Activity, error) {
	return s.addActivity(ctx, a, "add email to contact "+c.String(), c, in.Key, activity.Activity{
		Kind: activity.KindEmail, Title: in.Subject, Body: in.Body, Pinned: in.Pinned,
		Interaction: activity.Interaction{Direction: in.Direction, OccurredAt: in.OccurredAt},
	})
}

// AddMeeting logs a meeting with contact c, by the actor, on c's timeline.
// A contact among the attendees that the workspace does not hold gives a
// *ValidationError (ErrInvalidInput, not ErrNotFound: the meeting's own
// contact is found) whose *activity.ValidationError of property
// "attendees" names it. With in.Key, a retry returns the meeting the
// first call logged (see NoteInput.Key).
func (s *Service) AddMeeting(ctx context.Context, a Actor, c contact.ID, in MeetingInput) (activity.Activity, error) {
	return s.addActivity(ctx, a, "add meeting to contact "+c.String(), c, in.Key, activity.Activity{
		Kind: activity.KindMeeting, Title: in.Title, Body: in.Notes, Pinned: in.Pinned,
		Interaction: activity.Interaction{OccurredAt: in.OccurredAt, Duration: in.Duration, Outcome: in.Outcome,
			Attendees: slices.Clone(in.Attendees)},
	})
}

// addActivity adds in to contact c's timeline, with key the idempotency
// key of the call ("" for none), and enrols the contact as the activity
// says.
func (s *Service) addActivity(ctx context.Context, a Actor, op string, c contact.ID, key string, in activity.Activity) (activity.Activity, error) {
	var out activity.Activity
	err := s.update(ctx, a, op, "", func(ch *change) error {
		act := in.Clone() // every attempt starts from the caller's value
		out = activity.Activity{}
		ct, err := live(ctx, ch.tx, a.Workspace, c)
		if err != nil {
			return err
		}
		earlier, err := s.putActivity(ctx, ch, c, key, &act)
		if err != nil {
			return err
		}
		out = act
		if earlier {
			return nil
		}
		switch act.EnrollsOn() {
		case activity.EnrollOnSave:
			return s.enrollFor(ctx, ch, &ct, &act, savedTrigger(act.Kind))
		case activity.EnrollOnCompletion:
			if act.Task.Completed {
				return s.enrollFor(ctx, ch, &ct, &act, automation.TriggerTaskCompleted)
			}
		}
		return nil
	})
	if err != nil {
		return activity.Activity{}, err
	}
	return out, nil
}

// savedTrigger is the trigger kind of the creation of an activity of kind
// k.
func savedTrigger(k activity.Kind) automation.TriggerKind {
	if k == activity.KindTask {
		return automation.TriggerTaskCreated
	}
	return automation.TriggerNoteAdded
}

// putActivity stores the new activity act of contact c by the actor of ch,
// with its creation in its history, emits ActivityAdded and notes the
// occurrences for the triggers. With key, the idempotency key of the call
// ("" for none), act's ID is derived from the workspace, c and key; when
// an earlier call stored it already, putActivity sets act to that
// activity, as it is now, writes nothing and reports earlier (see
// NoteInput.Key).
func (s *Service) putActivity(ctx context.Context, ch *change, c contact.ID, key string, act *activity.Activity) (earlier bool, err error) {
	ws := ch.actor.Workspace
	keyErr := checkActivityKey(key)
	var id activity.ID
	if key != "" && keyErr == nil {
		id = keyedActivityID(ws, c, key)
		if earlier, err := earlierActivity(ctx, ch.tx.Records(), ws, id, key, act); err != nil || earlier {
			return earlier, err
		}
	}
	if !act.Enroll.IsZero() {
		_, err := store.Automations(ch.tx.Records()).Get(ctx, ws, act.Enroll)
		if errors.Is(err, store.ErrNotFound) {
			return false, invalid(fmt.Errorf("%w: %s", ErrUnknownAutomation, act.Enroll))
		} else if err != nil {
			return false, err
		}
	}
	if id.IsZero() {
		uid, err := s.opts.NewID()
		if err != nil {
			return false, fmt.Errorf("new id: %w", err)
		}
		id = activity.ID(uid)
	}
	act.ID, act.Contact, act.Author = id, c, ch.actor.User
	act.CreatedAt, act.UpdatedAt = ch.now, ch.now
	act.Version, act.DeletedAt, act.DeletedBy = 0, time.Time{}, ""
	if act.Task.Completed && act.Task.CompletedAt.IsZero() {
		act.Task.CompletedAt = ch.now
	}
	inUTC(act)
	if err := s.checkActivity(ctx, ch, nil, act, keyErr); err != nil {
		return false, err
	}
	if err := store.Activities(ch.tx.Records()).Put(ctx, ws, act); err != nil {
		return false, err
	}
	if err := logActivity(ctx, ch, act, []activity.Change{activity.Created(act)}); err != nil {
		return false, err
	}
	if ch.listen {
		ch.emit(ActivityAdded{EventMeta: ch.meta(c), Activity: act.Clone()})
	}
	cause := activityCause(act.ID)
	switch act.Kind {
	case activity.KindNote:
		ch.occurFrom(c, automation.Occurrence{Kind: automation.TriggerNoteAdded}, cause)
	case activity.KindTask:
		ch.occurFrom(c, automation.Occurrence{Kind: automation.TriggerTaskCreated}, cause)
		if act.Task.Completed {
			ch.occurFrom(c, automation.Occurrence{Kind: automation.TriggerTaskCompleted}, cause)
		}
	}
	return false, nil
}

// activityKeys is the namespace of the IDs derived from idempotency keys
// (see keyedActivityID).
var activityKeys = uuid.MustParse("66f24931-ab7f-4bb2-9b39-52cb667367a0")

// keyedActivityID returns the ID of the activity that a call with the
// idempotency key key adds to contact c of ws: the name-based UUID
// (version 5) of the three, the same for every call that gives them. The
// workspace ID goes first with its length, the contact ID is of fixed
// length: no two triples give the same name.
func keyedActivityID(ws contact.WorkspaceID, c contact.ID, key string) activity.ID {
	name := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+len(ws)+len(c)+len(key)), uint64(len(ws)))
	name = append(name, ws...)
	name = append(name, c[:]...)
	name = append(name, key...)
	return activity.ID(uuid.NewSHA1(activityKeys, name))
}

// checkActivityKey returns why key cannot be the idempotency key of a call
// that adds an activity: an *activity.ValidationError of property "key"
// wrapping activity.ErrInvalidActivity and automation.ErrInvalidKey. It
// returns nil for a good key and for "" (none). The rules are those of an
// enrolment's key (automation.CheckKey).
func checkActivityKey(key string) error {
	err := automation.CheckKey(key)
	if err == nil {
		return nil
	}
	if ee, ok := errors.AsType[*automation.EnrollmentError](err); ok {
		err = ee.Err // the rule broken, without the enrolment it does not name
	}
	return &activity.ValidationError{Property: "key", Err: fmt.Errorf("%w: %w", activity.ErrInvalidActivity, err)}
}

// earlierActivity looks for the activity id, derived from the idempotency
// key key: when there is one, live or in its trash, and in, the new
// activity a call with that key gives (before putActivity stamps it), is
// what the call that stored it gave, it sets in to it and reports true;
// when in is another activity, it returns an error matching ErrKeyReused
// and ErrConflict. It reports false when there is none.
func earlierActivity(ctx context.Context, rs store.Records, ws contact.WorkspaceID, id activity.ID, key string, in *activity.Activity) (bool, error) {
	prior, err := store.Activities(rs).Get(ctx, ws, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	same, err := createdAs(ctx, rs, ws, &prior, in)
	if err != nil {
		return false, err
	}
	if !same {
		return false, conflictf("%w: %q", ErrKeyReused, key)
	}
	*in = prior
	return true, nil
}

// createdAs reports whether act was created as in, a new activity as its
// caller gives it, says: the same kind, and every property in gives as it
// was at act's creation. A property changed since (an edit, a pin, a
// completion) is compared with the value its first change in act's history
// found; act's contact, which a move changes, and its trash, which the call
// does not give, are not compared.
func createdAs(ctx context.Context, rs store.Records, ws contact.WorkspaceID, act, in *activity.Activity) (bool, error) {
	if in.Kind != act.Kind {
		return false, nil
	}
	given := in.Clone()
	given.Contact, given.DeletedAt = act.Contact, act.DeletedAt
	if given.Task.Completed && given.Task.CompletedAt.IsZero() {
		given.Task.CompletedAt = act.CreatedAt // as putActivity stamped it
	}
	differs := make(map[string]string) // the properties in gives otherwise than act has them now, with in's value
	for _, d := range activity.Diff(act, &given) {
		differs[d.Field] = d.New
	}
	if act.Version <= 1 {
		return len(differs) == 0, nil // unchanged since its creation
	}
	type span struct{ first, last string } // a property's value before its first change and after its last
	changed := make(map[string]*span)
	for c, err := range store.ActivityChanges(rs).All(ctx, ws, store.Query{Parent: act.ID.String()}) {
		if err != nil {
			return false, err
		}
		switch c.Field {
		case activity.FieldCreated, activity.FieldContact, activity.FieldDeletedAt:
		default:
			if sp := changed[c.Field]; sp != nil {
				sp.last = c.New
			} else {
				changed[c.Field] = &span{c.Old, c.New}
			}
		}
	}
	for f, v := range differs {
		if sp := changed[f]; sp == nil || sp.first != v {
			return false, nil
		}
	}
	for f, sp := range changed {
		if _, ok := differs[f]; !ok && sp.first != sp.last {
			return false, nil // in gives the value act has now, not the one it was created with
		}
	}
	return true, nil
}

// checkActivity validates act, changed from before (nil for a new
// activity). What the call writes is held to the workspace as it is now,
// what act has already is not: its body to the Service's limit on notes
// when it is new or changed, and the contacts among its attendees that
// before did not have must be contacts of the workspace. So an activity
// written under a higher limit, or whose attendee's contact is erased
// since, can still be pinned, edited, deleted and restored. keyErr, if not
// nil, is why the idempotency key of the call is refused (see
// checkActivityKey): it is reported with the others.
func (s *Service) checkActivity(ctx context.Context, ch *change, before, act *activity.Activity, keyErr error) error {
	var limitErr error
	if before == nil || before.Body != act.Body {
		limitErr = s.opts.Limits.CheckNote(act.Body)
	}
	if err := errors.Join(keyErr, act.Validate(), limitErr); err != nil {
		return invalid(err)
	}
	var errs []error
	for _, at := range act.Interaction.Attendees {
		if at.Contact.IsZero() || before != nil && slices.Contains(before.Interaction.Attendees, at) {
			continue
		}
		_, err := ch.tx.Contacts().Get(ctx, ch.actor.Workspace, at.Contact)
		switch {
		case errors.Is(err, store.ErrNotFound):
			errs = append(errs, &activity.ValidationError{Activity: act.ID, Property: "attendees",
				Err: fmt.Errorf("%w: %w", activity.ErrInvalidActivity, notFoundf("contact %s", at.Contact))})
		case err != nil:
			return err
		}
	}
	return invalid(errors.Join(errs...))
}

func activityCause(id activity.ID) automation.Cause {
	return automation.Cause{Kind: automation.CauseActivity, ID: id.String()}
}

// enrollFor enrols ct into the automation that act names, recording that
// trigger, through act, made it enter. Like a trigger, it passes over a
// contact that is blocked or already active in the automation, and an
// automation that is no longer active: the activity is saved all the same.
func (s *Service) enrollFor(ctx context.Context, ch *change, ct *contact.Contact, act *activity.Activity, trigger automation.TriggerKind) error {
	if act.Enroll.IsZero() {
		return nil
	}
	au, err := store.Automations(ch.tx.Records()).Get(ctx, ch.actor.Workspace, act.Enroll)
	if err != nil {
		return fmt.Errorf("automation %s: %w", act.Enroll, err)
	}
	_, err = s.enroll(ctx, ch, &au, ct, "", automation.Occurrence{Kind: trigger}, activityCause(act.ID))
	return passOver(err)
}

// ErrUnknownAutomation is returned when a note or a task names an
// automation the workspace does not have.
var ErrUnknownAutomation = errors.New("unknown automation")

// ActivityPatch changes an activity. A nil field is left as it is.
type ActivityPatch struct {
	Title  *string // a task's title, an email's subject, a call's or a meeting's title
	Body   *string // a note's body, a task's description, an email's body, a call's or a meeting's notes
	Pinned *bool
	Task   *activity.Task // tasks only; completion goes through CompleteTask and ReopenTask
	// Interaction replaces what a call, an email or a meeting has.
	Interaction *activity.Interaction
	// IfVersion, if not zero, is the version the change was made against:
	// an activity changed since gives an error matching ErrConflict.
	IfVersion int64
}

// UpdateActivity changes the activity id. Every property it changes is
// recorded in the activity's history (ActivityHistory). An activity in its
// trash gives an error matching activity.ErrTrashed.
func (s *Service) UpdateActivity(ctx context.Context, a Actor, id activity.ID, p ActivityPatch) (activity.Activity, error) {
	return s.changeActivity(ctx, a, "update activity "+id.String(), id, nil, func(_ *change, act *activity.Activity, _ *contact.Contact) error {
		if err := ifVersion(p.IfVersion, act.Version); err != nil {
			return err
		}
		setIf(&act.Title, p.Title)
		setIf(&act.Body, p.Body)
		setIf(&act.Pinned, p.Pinned)
		if p.Task != nil {
			t := *p.Task
			t.Completed, t.CompletedAt = act.Task.Completed, act.Task.CompletedAt
			act.Task = t
		}
		if p.Interaction != nil {
			act.Interaction = *p.Interaction
			act.Interaction.Attendees = slices.Clone(p.Interaction.Attendees)
		}
		return nil
	})
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// CompleteTask marks the task id completed. It triggers the automations on
// automation.TriggerTaskCompleted and, if the task enrols on completion,
// enrols the contact into the task's automation. Completing a completed task
// changes nothing.
func (s *Service) CompleteTask(ctx context.Context, a Actor, id activity.ID) (activity.Activity, error) {
	// The enrolment the task names comes after the completion, as the
	// triggers' do: its event follows ActivityUpdated.
	then := func(ch *change, act *activity.Activity, ct *contact.Contact) error {
		if act.EnrollsOn() == activity.EnrollOnCompletion {
			return s.enrollFor(ctx, ch, ct, act, automation.TriggerTaskCompleted)
		}
		return nil
	}
	return s.changeActivity(ctx, a, "complete task "+id.String(), id, then, func(ch *change, act *activity.Activity, ct *contact.Contact) error {
		changed, err := act.Complete(ch.now)
		if err != nil || !changed {
			return invalid(err)
		}
		ch.occurFrom(act.Contact, automation.Occurrence{Kind: automation.TriggerTaskCompleted}, activityCause(act.ID))
		return nil
	})
}

// ReopenTask marks the completed task id as not completed.
func (s *Service) ReopenTask(ctx context.Context, a Actor, id activity.ID) (activity.Activity, error) {
	return s.changeActivity(ctx, a, "reopen task "+id.String(), id, nil, func(_ *change, act *activity.Activity, _ *contact.Contact) error {
		_, err := act.Reopen()
		return invalid(err)
	})
}

// changeActivity loads activity id and its contact, which must be live,
// lets fn change the activity, and saves it if it changed, with the
// changes in its history and an ActivityUpdated event; then, if it changed
// and then is not nil, it runs then, whose events follow that one. An
// activity in its trash is refused.
func (s *Service) changeActivity(ctx context.Context, a Actor, op string, id activity.ID,
	then, fn func(ch *change, act *activity.Activity, ct *contact.Contact) error) (activity.Activity, error) {
	var out activity.Activity
	err := s.update(ctx, a, op, "", func(ch *change) error {
		act, ct, err := liveActivity(ctx, ch.tx, a.Workspace, id)
		if err != nil {
			return err
		}
		if act.Trashed() {
			return fmt.Errorf("%w since %s", activity.ErrTrashed, act.DeletedAt.Format(time.RFC3339))
		}
		before := act.Clone()
		if err := fn(ch, &act, &ct); err != nil {
			return err
		}
		diff := activity.Diff(&before, &act)
		if len(diff) == 0 {
			out = before
			return nil
		}
		act.UpdatedAt = ch.now
		if err := s.saveActivity(ctx, ch, &before, &act, diff); err != nil {
			return err
		}
		if ch.listen {
			ch.emit(ActivityUpdated{EventMeta: ch.meta(act.Contact), Activity: act.Clone(), Completed: act.Task.Completed && !before.Task.Completed})
		}
		out = act
		if then != nil {
			return then(ch, &act, &ct)
		}
		return nil
	})
	if err != nil {
		return activity.Activity{}, err
	}
	return out, nil
}

// saveActivity validates and stores act, changed from before, and records
// diff, its changes, in its history.
func (s *Service) saveActivity(ctx context.Context, ch *change, before, act *activity.Activity, diff []activity.Change) error {
	inUTC(act)
	if err := s.checkActivity(ctx, ch, before, act, nil); err != nil {
		return err
	}
	if err := store.Activities(ch.tx.Records()).Put(ctx, ch.actor.Workspace, act); err != nil {
		return err
	}
	return logActivity(ctx, ch, act, diff)
}

// inUTC sets the times act was given (a task's due time, reminder and
// completion, the time of a call, an email or a meeting) in UTC, the same
// instants: a store may write a time in RFC 3339, whose offset is to the
// minute, and would move a time of a zone whose offset holds seconds (the
// local mean time of the tz database's early years) by those seconds.
func inUTC(act *activity.Activity) {
	for _, t := range [...]*time.Time{&act.Task.Due, &act.Task.Reminder, &act.Task.CompletedAt, &act.Interaction.OccurredAt} {
		*t = t.UTC()
	}
}

// liveActivity returns the activity id of ws, live or in its trash, and its
// contact, which must be live: ErrNotFound, or ErrTrashed while the contact
// is in the trash.
func liveActivity(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, id activity.ID) (activity.Activity, contact.Contact, error) {
	act, err := store.Activities(tx.Records()).Get(ctx, ws, id)
	if err != nil {
		return activity.Activity{}, contact.Contact{}, err
	}
	ct, err := live(ctx, tx, ws, act.Contact)
	if err != nil {
		return activity.Activity{}, contact.Contact{}, err
	}
	return act, ct, nil
}

// TimelineQuery selects a contact's activities: by kind, by author, and by
// words in titles and bodies. The zero value selects all of them.
type TimelineQuery struct {
	Kinds  []activity.Kind
	Author contact.UserID
	// Text keeps the activities whose title or body contains each of its
	// words, in any order, folded as a contact search folds them (case,
	// accents); at most contact.MaxQueryLen bytes.
	Text string
}

// ListTimeline returns one page of contact c's timeline: pinned activities
// first, then newest first by when each happened (activity.Activity.When:
// a call, an email or a meeting by its OccurredAt, a note or a task by its
// creation). Activities in their trash are not listed (see
// ListActivityTrash).
//
// The cursor is opaque and bound to the contact; a page may be shorter than
// asked and still have a Next. An activity pinned when a page listed it and
// unpinned before a later page is not listed again among the others; one
// pinned after the paging passed the pinned activities moves where the
// paging has been, and shows in the next listing from the start.
func (s *Service) ListTimeline(ctx context.Context, a Actor, c contact.ID, q TimelineQuery, p store.PageRequest) (store.Page[activity.Activity], error) {
	var page store.Page[activity.Activity]
	if err := contact.CheckQuery(q.Text); err != nil {
		return page, s.refuse(ctx, a, "timeline", "", invalid(err))
	}
	f := activity.Filter{Kinds: q.Kinds, Author: q.Author, Text: contact.FoldQuery(q.Text)}
	for _, k := range q.Kinds {
		if !k.Valid() {
			return page, s.refuse(ctx, a, "timeline", "", invalid(fmt.Errorf("%w: unknown kind %s", activity.ErrInvalidActivity, inputtext.Quote(string(k)))))
		}
	}
	op := "timeline of contact " + c.String()
	start, err := parseTimelineCursor(p.Cursor, c)
	if err != nil {
		return page, s.refuse(ctx, a, op, "", err)
	}
	err = s.view(ctx, a, op, "", func(tx store.Tx) error {
		if _, err := live(ctx, tx, a.Workspace, c); err != nil {
			return err
		}
		sq := store.Query{Contact: c}
		if len(q.Kinds) == 1 {
			sq.Status = string(q.Kinds[0])
		}
		var err error
		if page, err = store.Activities(tx.Records()).List(ctx, a.Workspace, sq, store.PageRequest{Cursor: start.Page, Limit: p.Limit}); err != nil {
			return err
		}
		cur := timelineCursor{Contact: c, Pins: slices.Clone(start.Pins)}
		for i := range page.Items {
			if page.Items[i].Pinned {
				cur.Pins = append(cur.Pins, page.Items[i].ID.String())
			}
		}
		// The rest of the filter is the domain's: a page may come out
		// shorter than asked, with its Next. A pinned activity given
		// already and unpinned since is not given again.
		given := make(map[string]bool, len(start.Pins)) // a page costs what it lists, whatever the cursor holds
		for _, id := range start.Pins {
			given[id] = true
		}
		page.Items = slices.DeleteFunc(page.Items, func(act activity.Activity) bool {
			return !f.Matches(&act) || (!act.Pinned && given[act.ID.String()])
		})
		if page.Next != "" {
			cur.Page = page.Next
			page.Next = cur.String()
		}
		return nil
	})
	return page, err
}

// timelineCursor is where a timeline's paging stands: the store's cursor,
// and the IDs of the pinned activities the store has given, which an unpin
// would otherwise list again among the others.
type timelineCursor struct {
	Contact contact.ID `json:"c"`
	Page    string     `json:"p"`
	Pins    []string   `json:"pins,omitempty"`
}

func parseTimelineCursor(s string, c contact.ID) (timelineCursor, error) {
	if s == "" {
		return timelineCursor{Contact: c}, nil
	}
	var cur timelineCursor
	if err := decodeCursor(s, &cur); err != nil || cur.Contact != c || cur.Page == "" {
		return timelineCursor{}, fmt.Errorf("%w: not a cursor of this timeline", store.ErrInvalidCursor)
	}
	return cur, nil
}

func (c *timelineCursor) String() string { return encodeCursor(c) }

// Timeline iterates over contact c's timeline; see ListTimeline.
func (s *Service) Timeline(ctx context.Context, a Actor, c contact.ID, q TimelineQuery) iter.Seq2[activity.Activity, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[activity.Activity], error) {
		return s.ListTimeline(ctx, a, c, q, p)
	})
}

// GetActivity returns the activity id, live or in its trash (see
// activity.Activity.Trashed), or an error matching ErrNotFound (ErrTrashed
// while its contact is in the trash).
func (s *Service) GetActivity(ctx context.Context, a Actor, id activity.ID) (activity.Activity, error) {
	var act activity.Activity
	err := s.view(ctx, a, "get activity "+id.String(), "", func(tx store.Tx) (err error) {
		act, _, err = liveActivity(ctx, tx, a.Workspace, id)
		return err
	})
	if err != nil {
		return activity.Activity{}, err
	}
	return act, nil
}
