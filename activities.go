package contactkit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// NoteInput is a new note (H1).
type NoteInput struct {
	Body   string
	Pinned bool
	// Enroll, if set, is an automation to enrol the contact into when the
	// note is saved. A contact already active in it is left as it is.
	Enroll automation.ID
}

// TaskInput is a new task (H1).
type TaskInput struct {
	Title       string
	Description string
	Pinned      bool
	Task        activity.Task // type, due time, duration, assignee, reminder
	// Enroll, if set, is an automation to enrol the contact into when the
	// task is completed.
	Enroll automation.ID
}

// AddNote adds a note by the actor to contact c's timeline. It triggers
// the automations on TriggerNoteAdded.
func (s *Service) AddNote(ctx context.Context, a Actor, c contact.ID, in NoteInput) (activity.Activity, error) {
	return s.addActivity(ctx, a, "add note to contact "+c.String(), c, activity.Activity{
		Kind: activity.KindNote, Body: in.Body, Pinned: in.Pinned, Enroll: in.Enroll,
	})
}

// AddTask adds a task by the actor to contact c's timeline. It triggers the
// automations on TriggerTaskCreated (and TriggerTaskCompleted when it is
// created completed).
func (s *Service) AddTask(ctx context.Context, a Actor, c contact.ID, in TaskInput) (activity.Activity, error) {
	return s.addActivity(ctx, a, "add task to contact "+c.String(), c, activity.Activity{
		Kind: activity.KindTask, Title: in.Title, Body: in.Description, Pinned: in.Pinned, Task: in.Task, Enroll: in.Enroll,
	})
}

func (s *Service) addActivity(ctx context.Context, a Actor, op string, c contact.ID, in activity.Activity) (activity.Activity, error) {
	var out activity.Activity
	err := s.update(ctx, a, op, "", func(ch *change) error {
		act := in // every attempt starts from the caller's value
		out = activity.Activity{}
		ct, err := live(ctx, ch.tx, a.Workspace, c)
		if err != nil {
			return err
		}
		if !act.Enroll.IsZero() {
			_, err := store.Automations(ch.tx.Records()).Get(ctx, a.Workspace, act.Enroll)
			if errors.Is(err, store.ErrNotFound) {
				return invalid(fmt.Errorf("%w: %s", ErrUnknownAutomation, act.Enroll))
			} else if err != nil {
				return err
			}
		}
		if err := s.putActivity(ctx, ch, c, &act); err != nil {
			return err
		}
		out = act
		if act.Kind == activity.KindNote || act.Task.Completed {
			return s.enrollFor(ctx, ch, &ct, act.Enroll)
		}
		return nil
	})
	if err != nil {
		return activity.Activity{}, err
	}
	return out, nil
}

// putActivity stores the new activity act of contact c by the actor of ch,
// emits ActivityAdded and notes the occurrences for the triggers.
func (s *Service) putActivity(ctx context.Context, ch *change, c contact.ID, act *activity.Activity) error {
	uid, err := s.opts.NewID()
	if err != nil {
		return fmt.Errorf("new id: %w", err)
	}
	act.ID, act.Contact, act.Author = activity.ID(uid), c, ch.actor.User
	act.CreatedAt, act.UpdatedAt = ch.now, ch.now
	if act.Task.Completed && act.Task.CompletedAt.IsZero() {
		act.Task.CompletedAt = ch.now
	}
	if err := errors.Join(act.Validate(), s.opts.Limits.CheckNote(act.Body)); err != nil {
		return invalid(err)
	}
	if err := store.Activities(ch.tx.Records()).Put(ctx, ch.actor.Workspace, act); err != nil {
		return err
	}
	if ch.listen {
		ch.emit(ActivityAdded{EventMeta: ch.meta(c), Activity: act.Clone()})
	}
	if act.Kind == activity.KindNote {
		ch.occur(c, automation.Occurrence{Kind: automation.TriggerNoteAdded})
		return nil
	}
	ch.occur(c, automation.Occurrence{Kind: automation.TriggerTaskCreated})
	if act.Task.Completed {
		ch.occur(c, automation.Occurrence{Kind: automation.TriggerTaskCompleted})
	}
	return nil
}

// enrollFor enrols ct into automation id, named by a note or a task, if id
// is set. Like a trigger, it passes over a contact that is blocked or
// already active in the automation, and an automation that is no longer
// active: the note or task is saved all the same.
func (s *Service) enrollFor(ctx context.Context, ch *change, ct *contact.Contact, id automation.ID) error {
	if id.IsZero() {
		return nil
	}
	au, err := store.Automations(ch.tx.Records()).Get(ctx, ch.actor.Workspace, id)
	if err != nil {
		return fmt.Errorf("automation %s: %w", id, err)
	}
	_, err = s.enroll(ctx, ch, &au, ct, "", automation.Occurrence{Kind: automation.TriggerManual})
	return passOver(err)
}

// ErrUnknownAutomation is returned when a note or a task names an
// automation the workspace does not have.
var ErrUnknownAutomation = errors.New("unknown automation")

// ActivityPatch changes a note or a task. A nil field is left as it is.
type ActivityPatch struct {
	Title  *string // tasks only
	Body   *string // the note's body or the task's description
	Pinned *bool
	Task   *activity.Task // tasks only; completion goes through CompleteTask and ReopenTask
	// IfVersion, if not zero, is the version the change was made against:
	// an activity changed since gives an error matching ErrConflict.
	IfVersion int64
}

// UpdateActivity changes the note or task id.
func (s *Service) UpdateActivity(ctx context.Context, a Actor, id activity.ID, p ActivityPatch) (activity.Activity, error) {
	return s.changeActivity(ctx, a, "update activity "+id.String(), id, func(_ *change, act *activity.Activity, _ *contact.Contact) (bool, error) {
		if err := ifVersion(p.IfVersion, act.Version); err != nil {
			return false, err
		}
		before := act.Clone()
		setIf(&act.Title, p.Title)
		setIf(&act.Body, p.Body)
		setIf(&act.Pinned, p.Pinned)
		if p.Task != nil {
			t := *p.Task
			t.Completed, t.CompletedAt = act.Task.Completed, act.Task.CompletedAt
			act.Task = t
		}
		return *act != before, nil
	})
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// CompleteTask marks the task id completed. It triggers the automations on
// TriggerTaskCompleted and enrols the contact into the task's automation,
// if it names one. Completing a completed task changes nothing.
func (s *Service) CompleteTask(ctx context.Context, a Actor, id activity.ID) (activity.Activity, error) {
	return s.changeActivity(ctx, a, "complete task "+id.String(), id, func(ch *change, act *activity.Activity, ct *contact.Contact) (bool, error) {
		changed, err := act.Complete(ch.now)
		if err != nil || !changed {
			return false, invalid(err)
		}
		ch.occur(act.Contact, automation.Occurrence{Kind: automation.TriggerTaskCompleted})
		return true, s.enrollFor(ctx, ch, ct, act.Enroll)
	})
}

// ReopenTask marks the completed task id as not completed.
func (s *Service) ReopenTask(ctx context.Context, a Actor, id activity.ID) (activity.Activity, error) {
	return s.changeActivity(ctx, a, "reopen task "+id.String(), id, func(_ *change, act *activity.Activity, _ *contact.Contact) (bool, error) {
		changed, err := act.Reopen()
		return changed, invalid(err)
	})
}

// changeActivity loads activity id and its contact, which must be live,
// lets fn change the activity and saves it if fn says it changed, with an
// ActivityUpdated event.
func (s *Service) changeActivity(ctx context.Context, a Actor, op string, id activity.ID, fn func(ch *change, act *activity.Activity, ct *contact.Contact) (bool, error)) (activity.Activity, error) {
	var out activity.Activity
	err := s.update(ctx, a, op, "", func(ch *change) error {
		act, err := store.Activities(ch.tx.Records()).Get(ctx, a.Workspace, id)
		if err != nil {
			return err
		}
		ct, err := live(ctx, ch.tx, a.Workspace, act.Contact)
		if err != nil {
			return err
		}
		wasCompleted := act.Task.Completed
		changed, err := fn(ch, &act, &ct)
		if err != nil {
			return err
		}
		if !changed {
			out = act
			return nil
		}
		if err := errors.Join(act.Validate(), s.opts.Limits.CheckNote(act.Body)); err != nil {
			return invalid(err)
		}
		act.UpdatedAt = ch.now
		if err := store.Activities(ch.tx.Records()).Put(ctx, a.Workspace, &act); err != nil {
			return err
		}
		if ch.listen {
			ch.emit(ActivityUpdated{EventMeta: ch.meta(act.Contact), Activity: act.Clone(), Completed: act.Task.Completed && !wasCompleted})
		}
		out = act
		return nil
	})
	return out, err
}

// TimelineQuery selects a contact's activities: by kind, by author, and by
// words in task titles and descriptions and note bodies. The zero value
// selects all of them.
type TimelineQuery struct {
	Kinds  []activity.Kind
	Author contact.UserID
	Text   string
}

// ListTimeline returns one page of contact c's timeline (H1): pinned
// activities first, then newest first.
func (s *Service) ListTimeline(ctx context.Context, a Actor, c contact.ID, q TimelineQuery, p store.PageRequest) (store.Page[activity.Activity], error) {
	var page store.Page[activity.Activity]
	f := activity.Filter{Kinds: q.Kinds, Author: q.Author, Text: contact.FoldQuery(q.Text)}
	for _, k := range q.Kinds {
		if !k.Valid() {
			return page, fmt.Errorf("timeline: %w", invalid(fmt.Errorf("%w: unknown kind %q", activity.ErrInvalidActivity, k)))
		}
	}
	err := s.view(ctx, a, "timeline of contact "+c.String(), "", func(tx store.Tx) error {
		if _, err := live(ctx, tx, a.Workspace, c); err != nil {
			return err
		}
		sq := store.Query{Contact: c}
		if len(q.Kinds) == 1 {
			sq.Status = string(q.Kinds[0])
		}
		var err error
		if page, err = store.Activities(tx.Records()).List(ctx, a.Workspace, sq, p); err != nil {
			return err
		}
		// The rest of the filter is the domain's: a page may come out
		// shorter than asked, with its Next.
		page.Items = slices.DeleteFunc(page.Items, func(act activity.Activity) bool { return !f.Matches(&act) })
		return nil
	})
	return page, err
}

// Timeline iterates over contact c's timeline; see ListTimeline.
func (s *Service) Timeline(ctx context.Context, a Actor, c contact.ID, q TimelineQuery) iter.Seq2[activity.Activity, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[activity.Activity], error) {
		return s.ListTimeline(ctx, a, c, q, p)
	})
}

// GetActivity returns the note or task id, or an error matching ErrNotFound
// (ErrTrashed while its contact is in the trash).
func (s *Service) GetActivity(ctx context.Context, a Actor, id activity.ID) (activity.Activity, error) {
	var act activity.Activity
	err := s.view(ctx, a, "get activity "+id.String(), "", func(tx store.Tx) (err error) {
		if act, err = store.Activities(tx.Records()).Get(ctx, a.Workspace, id); err != nil {
			return err
		}
		_, err = live(ctx, tx, a.Workspace, act.Contact)
		return err
	})
	if err != nil {
		return activity.Activity{}, err
	}
	return act, nil
}
