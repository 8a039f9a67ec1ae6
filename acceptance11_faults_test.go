package contactkit_test

// Fault injection on every use case that writes: the promise "every use
// case is all-or-nothing and safe to retry; nothing is lost or half
// written". Each case runs once on a control workspace, which counts the
// store calls N of the call; then, for k = 1..N, on a fresh identical
// workspace, the k-th store call fails: the call must return that error,
// leave the whole state as it was, and, run again, give exactly the
// control's result and state. A last run makes every transaction run
// twice (the first attempt rolled back, as a database's serialization
// retry does): nothing may be recorded twice.
//
// A call in batches (an import, a bulk call) may leave the batches it
// committed before the fault: the state must then be that of the control
// after as many batches, and the call must say it committed them. The
// store calls counted are those of the transactions (Contacts, Records,
// History, Outbox, Prefetch), of the Relay, of the host's Cascade and of
// NewID. The same loop runs with the failure a serialization failure
// (TestAcc11FaultSerialization) and with the context cancelled instead
// (TestAcc11FaultCancel); TestAcc11FaultLostCommit loses the
// acknowledgement of a commit, and TestAcc11FaultRetryAfterConcurrentWrite
// lets another writer commit between the two attempts of a transaction.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// acc11Fix names what the fixture made.
type acc11Fix struct {
	ada, bob, cat, dan, fay, gus, hal contact.ID
	news, dbl                         list.ID
	vip, manual                       automation.ID
	enrollment                        automation.EnrollmentID
	note, task, gone                  activity.ID
	merged                            merge.ID
	plan, size                        field.Key
}

// acc11Fixture fills e's workspace: fields, lists, an automation on the
// tag vip, contacts with addresses, tags, lists, notes, tasks and an
// enrollment, two duplicates, a blocked contact, a trashed one, a merge, an
// unsubscribe, a deleted note and an outbox consumer. Every call of it
// makes the same IDs.
func acc11Fixture(t *testing.T, e *acc11FaultEnv) *acc11Fix {
	t.Helper()
	ctx := context.Background()
	a := acc11FaultOwner
	svc := e.svc
	fx := &acc11Fix{}
	step := 0
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %s: %v", what, err)
		}
		step++
		e.gen.set(acc11Start.Add(time.Duration(step) * time.Minute))
	}
	plan, err := svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	must("create field plan", err)
	fx.plan = plan.Key
	size, err := svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeText})
	must("create field size", err)
	fx.size = size.Key
	news, err := svc.CreateList(ctx, a, list.List{Name: "Newsletter", Channel: list.ChannelEmail})
	must("create list", err)
	fx.news = news.ID
	dbl, err := svc.CreateList(ctx, a, list.List{Name: "Double", DoubleOptIn: true})
	must("create double opt-in list", err)
	fx.dbl = dbl.ID
	vip, err := svc.CreateAutomation(ctx, a, automation.Automation{
		Name:     "VIP",
		Steps:    []automation.Step{{Name: "one"}, {Name: "two"}, {Name: "three"}},
		Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("vip")), automation.On(automation.TriggerTaskCompleted)},
		Active:   true,
	})
	must("create automation", err)
	fx.vip = vip.ID
	manual, err := svc.CreateAutomation(ctx, a, automation.Automation{
		Name:     "Manual",
		Steps:    []automation.Step{{Name: "one"}, {Name: "two"}},
		Triggers: []automation.Trigger{automation.On(automation.TriggerManual)},
		Active:   true,
	})
	must("create manual automation", err)
	fx.manual = manual.ID

	ada, err := svc.CreateContact(ctx, a, contactkit.ContactInput{
		Patch: contact.Patch{FirstName: new("Ada"), LastName: new("Lovelace"), Email: new("ada.lovelace@gmail.com"), Phone: new("06 12 34 56 78"),
			Fields: map[string]string{"plan": "gold", "size": "12"}},
		Tags:  []string{"blue", "vip"},
		Lists: []list.ID{fx.news, fx.dbl},
		Note:  "Met at the fair",
	})
	must("create ada", err)
	fx.ada = ada.ID
	bob, err := svc.CreateContact(ctx, a, contactkit.ContactInput{
		Patch: contact.Patch{LastName: new("Lovelace"), Company: new("Engines"), Email: new("AdaLovelace+shop@gmail.com"), Phone: new("07 81 23 45 67"),
			Fields: map[string]string{"size": "XL"}},
		Tags:  []string{"blue"},
		Lists: []list.ID{fx.news},
		Note:  "Asked for a quote",
	})
	must("create bob", err)
	fx.bob = bob.ID
	cat, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Cat"), Email: new("cat@example.com")}})
	must("create cat", err)
	fx.cat = cat.ID
	_, err = svc.BlockContact(ctx, a, fx.cat, "spam")
	must("block cat", err)
	dan, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Dan"), Email: new("dan@example.com")}, Tags: []string{"blue"}, Note: "Dan's note"})
	must("create dan", err)
	fx.dan = dan.ID
	_, err = svc.DeleteContact(ctx, a, fx.dan)
	must("delete dan", err)
	fay, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Fay"), Email: new("fay@example.com"), City: new("Lyon")}, Lists: []list.ID{fx.news}, Note: "Fay's note"})
	must("create fay", err)
	fx.fay = fay.ID
	gus, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Gus"), Phone: new("06 55 44 33 22")}})
	must("create gus", err)
	fx.gus = gus.ID
	p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: fx.gus, Others: []contact.ID{fx.fay}})
	must("preview merge gus fay", err)
	rec, err := svc.MergeContacts(ctx, a, p)
	must("merge gus fay", err)
	fx.merged = rec.ID
	hal, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Hal"), Email: new("hal@example.com"), Phone: new("06 98 76 54 32")}})
	must("create hal", err)
	fx.hal = hal.ID
	_, err = svc.Unsubscribe(ctx, a, fx.hal, list.ChannelSMS, "STOP")
	must("unsubscribe hal", err)
	_, err = svc.UnsubscribeFromList(ctx, a, fx.news, fx.bob, "too many mails")
	must("unsubscribe bob from news", err)
	_, err = svc.UnsubscribeAddress(ctx, a, list.ChannelEmail, "former@example.com", "bounced")
	must("unsubscribe an address", err)

	note, err := svc.AddNote(ctx, a, fx.ada, contactkit.NoteInput{Body: "Likes engines", Pinned: true})
	must("add note", err)
	fx.note = note.ID
	task, err := svc.AddTask(ctx, a, fx.ada, contactkit.TaskInput{Title: "Call back", Description: "about the quote"})
	must("add task", err)
	fx.task = task.ID
	gone, err := svc.AddNote(ctx, a, fx.ada, contactkit.NoteInput{Body: "Wrong note"})
	must("add note to delete", err)
	fx.gone = gone.ID
	_, err = svc.DeleteActivity(ctx, a, fx.gone)
	must("delete note", err)
	for en, err := range svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: fx.ada, ActiveOnly: true}) {
		must("enrollments of ada", err)
		fx.enrollment = en.ID
	}
	if fx.enrollment.IsZero() {
		t.Fatal("fixture: ada is not enrolled by her tag vip")
	}
	_, err = svc.PassStep(ctx, a, fx.enrollment, automation.OutcomeCompleted)
	must("pass a step", err)
	_, err = svc.Associate(ctx, a, fx.ada, contactkit.AssociationInput{Type: "deal", Record: "d-1", Label: "buyer"})
	must("associate", err)
	_, err = svc.Follow(ctx, acc11FaultOwner, fx.ada)
	must("follow", err)
	if e.relay != nil {
		_, err = e.relay.Register(ctx, "indexer", a.Workspace)
		must("register consumer", err)
	}
	return fx
}

// acc11Case is a use case that writes, as a call on the fixture.
type acc11Case struct {
	name string
	// batches: the call commits in several transactions (an import, a bulk
	// call), each all-or-nothing: a fault leaves the batches committed
	// before it, and a run again finishes the work.
	batches bool
	// unchanged: the call changes nothing, and is tested for its errors.
	unchanged bool
	// lost says what running the call again after its commit was lost
	// does (TestAcc11FaultLostCommit): "" when it changes nothing more
	// (an idempotent call), "key" when it also returns what the first
	// call made (a call with an idempotency key), "refused"
	// when it is refused with an error and changes nothing; otherwise why
	// it is not tested.
	lost string
	// interfered, if set, checks the error of the call when another
	// writer changed what it had read before its transaction
	// (TestAcc11FaultRetryAfterConcurrentWrite).
	interfered func(t *testing.T, err error)
	// setup, if set, prepares the fixture for the call.
	setup func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) error
	call  func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error)
}

func acc11Cases() []acc11Case {
	a := acc11FaultOwner
	later := func(e *acc11FaultEnv, d time.Duration) { e.gen.set(acc11Start.Add(d)) }
	csvFile := func(rows int) string {
		var b strings.Builder
		b.WriteString("First Name,Last Name,E-mail,Mobile Phone,Plan\n")
		b.WriteString("Ada,Byron,ada.lovelace@gmail.com,,platinum\n")
		for i := 1; i < rows; i++ {
			fmt.Fprintf(&b, "Row%d,Imported,row%d@example.com,06 00 00 00 %02d,basic\n", i, i, i)
		}
		return b.String()
	}
	imp := func(rows, batch int, opts contactkit.ImportOptions) func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
		return func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			r, m, err := acc14Mapped(ctx, e.svc, a, csvFile(rows))
			if err != nil {
				return nil, err
			}
			opts.BatchSize, opts.Workers = batch, 1
			opts.Progress = func(contactkit.ImportProgress) { e.batch() }
			var out []string
			opts.OnRow = func(x contactkit.ImportRow) {
				out = append(out, fmt.Sprintf("%d %s %s %v", x.Line, x.Outcome, x.Skip, x.Err))
			}
			res, err := e.svc.Import(ctx, a, r, m, &opts)
			return []any{res, out}, err
		}
	}
	bulk := func(ids func(fx *acc11Fix) []contact.ID, batch int, do func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix, b contactkit.Bulk) (contactkit.BulkResult, error)) func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
		return func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			b := contactkit.Bulk{IDs: ids(fx), BatchSize: batch, Progress: func(contactkit.BulkProgress) { e.batch() }}
			b.Expected = len(b.IDs)
			return do(ctx, e, fx, b)
		}
	}
	some := func(fx *acc11Fix) []contact.ID { return []contact.ID{fx.ada, fx.bob, fx.hal} }
	return []acc11Case{
		{name: "CreateContact", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.CreateContact(ctx, a, contactkit.ContactInput{
				Patch:   contact.Patch{FirstName: new("Zoe"), Email: new("zoe@example.com"), Phone: new("06 11 22 33 44"), Fields: map[string]string{"plan": "silver"}},
				Tags:    []string{"vip", "new"},
				Lists:   []list.ID{fx.news},
				Note:    "hello",
				Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentUnsubscribed},
			})
		}},
		{name: "CaptureContact/Existing", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.CaptureContact(ctx, a, contactkit.ContactInput{
				Patch: contact.Patch{Email: new("ada.lovelace@gmail.com"), City: new("London")},
				Tags:  []string{"captured"}, Lists: []list.ID{fx.dbl}, Note: "filled the form", NoteKey: "form-1", Form: "contact-us",
				Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed},
			})
		}},
		{name: "CaptureContact/New", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.CaptureContact(ctx, a, contactkit.ContactInput{
				Patch: contact.Patch{FirstName: new("Ivy"), Phone: new("06 44 44 44 44")},
				Tags:  []string{"vip"}, Note: "inbound sms", NoteKey: "sms-1",
			})
		}},
		{name: "UpdateContact", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.UpdateContact(ctx, a, fx.ada, contact.Patch{LastName: new("King"), Phone: new("06 12 34 56 79"), Fields: map[string]string{"plan": "platinum"}})
		}},
		{name: "DeleteContact", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.DeleteContact(ctx, a, fx.ada)
		}},
		{name: "EraseContact/Survivor", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return nil, e.svc.EraseContact(ctx, a, fx.gus)
		}},
		{name: "DeleteContact/Survivor", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.DeleteContact(ctx, a, fx.gus)
		}},
		{name: "MergeContacts/Three", lost: "refused", interfered: func(t *testing.T, err error) {
			if !errors.Is(err, contactkit.ErrConflict) {
				t.Errorf("merge of a preview made before another writer's edit: %v; want ErrConflict", err)
			}
		}, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			p, err := e.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: fx.bob, Others: []contact.ID{fx.ada, fx.hal}})
			if err != nil {
				return nil, err
			}
			return e.svc.MergeContacts(ctx, a, p)
		}},
		{name: "UnmergeContacts/AfterEdit", setup: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) error {
			if _, err := e.svc.UpdateContact(ctx, a, fx.gus, contact.Patch{JobTitle: new("Baker")}); err != nil {
				return err
			}
			if _, err := e.svc.AddNote(ctx, a, fx.gus, contactkit.NoteInput{Body: "after the merge"}); err != nil {
				return err
			}
			_, err := e.svc.TagContact(ctx, a, fx.gus, "vip")
			return err
		}, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.UnmergeContacts(ctx, a, fx.merged)
		}},
		{name: "Import/Lists", batches: true, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return imp(5, 2, contactkit.ImportOptions{Lists: []list.ID{fx.news, fx.dbl}, Triggers: true, Mode: contactkit.ImportUpsert})(ctx, e, fx)
		}},
		{name: "RestoreContact", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.RestoreContact(ctx, a, fx.dan)
		}},
		{name: "EraseContact", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return nil, e.svc.EraseContact(ctx, a, fx.ada)
		}},
		{name: "PurgeTrash", setup: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) error {
			later(e, 61*24*time.Hour)
			return nil
		}, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.PurgeTrash(ctx, a)
		}},
		{name: "BlockContact", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.BlockContact(ctx, a, fx.ada, "abuse")
		}},
		{name: "UnblockContact", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.UnblockContact(ctx, a, fx.cat)
		}},
		{name: "TagContact", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.TagContact(ctx, a, fx.bob, "vip", "green")
		}},
		{name: "UntagContact", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.UntagContact(ctx, a, fx.ada, "blue", "vip")
		}},
		{name: "DeleteTag", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.DeleteTag(ctx, a, "blue")
		}},
		{name: "ConnectChannel", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.ConnectChannel(ctx, a, fx.ada, contact.ChannelWhatsApp)
		}},
		{name: "OpenChannel", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.OpenChannel(ctx, a, fx.ada, contact.ChannelSMS)
		}},
		{name: "RemoveChannel", setup: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) error {
			_, err := e.svc.ConnectChannel(ctx, a, fx.bob, contact.ChannelTelegram)
			return err
		}, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.RemoveChannel(ctx, a, fx.bob, contact.ChannelTelegram)
		}},
		{name: "SyncAvatar", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.SyncAvatar(ctx, a, fx.ada, "https://example.com/ada.png")
		}},
		{name: "CreateList", lost: "by design: a list of no ID is given one by each run; CreateList/HostID is the call to retry", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.CreateList(ctx, a, list.List{Name: "Offers", Channel: list.ChannelSMS})
		}},
		{name: "CreateList/HostID", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.CreateList(ctx, a, list.List{ID: list.MustParseID("0192b3c4-0000-7000-8000-00000000a001"), Name: "Offers", Channel: list.ChannelSMS})
		}},
		{name: "UpdateList", lost: "by design: the update is written again at the version read, a new version with the same content", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			l, err := e.svc.GetList(ctx, a, fx.news)
			if err != nil {
				return nil, err
			}
			l.Description = "Monthly news"
			return e.svc.UpdateList(ctx, a, l)
		}},
		{name: "AddToList", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.AddToList(ctx, a, fx.news, fx.hal)
		}},
		{name: "UnsubscribeFromList", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.UnsubscribeFromList(ctx, a, fx.news, fx.ada, "not interested")
		}},
		{name: "ResubscribeToList", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.ResubscribeToList(ctx, a, fx.news, fx.bob, "asked again")
		}},
		{name: "ConfirmSubscription", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.ConfirmSubscription(ctx, a, fx.dbl, fx.ada)
		}},
		{name: "Unsubscribe", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.Unsubscribe(ctx, a, fx.ada, list.ChannelEmail, "asked")
		}},
		{name: "Resubscribe", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.Resubscribe(ctx, a, fx.hal, list.ChannelSMS, "texted START")
		}},
		{name: "UnsubscribeAddress", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.UnsubscribeAddress(ctx, a, list.ChannelSMS, "06 12 34 56 78", "STOP")
		}},
		{name: "ResubscribeAddress", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.ResubscribeAddress(ctx, a, list.ChannelEmail, "former@example.com", "wrote back")
		}},
		{name: "AddNote", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.AddNote(ctx, a, fx.ada, contactkit.NoteInput{Body: "Another note", Pinned: true, Enroll: fx.manual, Key: "note-1"})
		}},
		{name: "AddTask", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.AddTask(ctx, a, fx.bob, contactkit.TaskInput{Title: "Send quote", Enroll: fx.manual, Key: "task-1"})
		}},
		{name: "AddCall", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.AddCall(ctx, a, fx.ada, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: acc11Start, Notes: "quote", Key: "call-1"})
		}},
		{name: "AddEmail", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.AddEmail(ctx, a, fx.ada, contactkit.EmailInput{Direction: activity.DirectionInbound, OccurredAt: acc11Start, Subject: "Hi", Body: "Dear Ada", Key: "mail-1"})
		}},
		{name: "AddMeeting", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.AddMeeting(ctx, a, fx.ada, contactkit.MeetingInput{Title: "Lunch", OccurredAt: acc11Start, Duration: time.Hour, Notes: "lunch", Attendees: []activity.Attendee{{Contact: fx.bob}}, Key: "meet-1"})
		}},
		{name: "UpdateActivity", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.UpdateActivity(ctx, a, fx.note, contactkit.ActivityPatch{Body: new("Likes steam engines"), Pinned: new(false)})
		}},
		{name: "CompleteTask", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.CompleteTask(ctx, a, fx.task)
		}},
		{name: "ReopenTask", setup: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) error {
			_, err := e.svc.CompleteTask(ctx, a, fx.task)
			return err
		}, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.ReopenTask(ctx, a, fx.task)
		}},
		{name: "MoveTask", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.MoveTask(ctx, a, fx.task, fx.bob)
		}},
		{name: "DeleteActivity", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.DeleteActivity(ctx, a, fx.note)
		}},
		{name: "RestoreActivity", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.RestoreActivity(ctx, a, fx.gone)
		}},
		{name: "PurgeActivityTrash", setup: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) error {
			later(e, 91*24*time.Hour)
			return nil
		}, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.PurgeActivityTrash(ctx, a)
		}},
		{name: "CreateField", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("color"), Label: "Color", Type: field.TypeSelect,
				Options: []field.Option{{Value: "red", Label: "Red"}, {Value: "blue", Label: "Blue"}}})
		}},
		{name: "UpdateField", lost: "by design: the update is written again at the version read, a new version with the same content", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			d, err := e.svc.AllFields(ctx, a)
			if err != nil {
				return nil, err
			}
			d[0].Label = "Plan name"
			d[0].Required = true
			return e.svc.UpdateField(ctx, a, d[0])
		}},
		{name: "ArchiveField", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.ArchiveField(ctx, a, fx.plan)
		}},
		{name: "RestoreField", setup: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) error {
			_, err := e.svc.ArchiveField(ctx, a, fx.plan)
			return err
		}, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.RestoreField(ctx, a, fx.plan)
		}},
		{name: "ChangeFieldType", lost: "refused", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			next := field.Definition{Key: fx.size, Label: "Size", Type: field.TypeNumber}
			conv, err := e.svc.PreviewFieldTypeChange(ctx, a, next)
			if err != nil {
				return nil, err
			}
			return e.svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: next, AcceptLosses: conv.Losses})
		}},
		{name: "CreateAutomation", lost: "by design: an automation of no ID is given one by each run; CreateAutomation/HostID is the call to retry", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.CreateAutomation(ctx, a, automation.Automation{Name: "Welcome", Steps: []automation.Step{{Name: "mail"}},
				Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}, Active: true})
		}},
		{name: "CreateAutomation/HostID", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.CreateAutomation(ctx, a, automation.Automation{ID: automation.MustParseID("0192b3c4-0000-7000-8000-00000000b001"), Name: "Welcome",
				Steps: []automation.Step{{Name: "mail"}}, Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}, Active: true})
		}},
		{name: "UpdateAutomation", lost: "by design: the update is written again at the version read, a new version with the same content", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			au, err := e.svc.GetAutomation(ctx, a, fx.manual)
			if err != nil {
				return nil, err
			}
			au.Name = "Manual, renamed"
			au.Active = false
			return e.svc.UpdateAutomation(ctx, a, au)
		}},
		{name: "Enroll", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.Enroll(ctx, a, fx.manual, fx.bob, "enrol-1")
		}},
		{name: "PassStep", lost: "by design: PassStep passes whichever step is next, and a retry the step after; PassStepAt is the call to retry", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.PassStep(ctx, a, fx.enrollment, automation.OutcomeSkipped)
		}},
		{name: "PassStepAt", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.PassStepAt(ctx, a, fx.enrollment, 1, automation.OutcomeSkipped)
		}},
		{name: "EndEnrollment", lost: "key", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.EndEnrollment(ctx, a, fx.enrollment)
		}},
		{name: "StopEnrollments", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.StopEnrollments(ctx, a, fx.ada, "paused")
		}},
		{name: "MergeContacts", lost: "refused", interfered: func(t *testing.T, err error) {
			// The preview was made before the other writer's edits.
			if !errors.Is(err, contactkit.ErrConflict) {
				t.Errorf("merge of a preview made before another writer's edit: %v; want ErrConflict", err)
			}
		}, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			p, err := e.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: fx.ada, Others: []contact.ID{fx.bob}})
			if err != nil {
				return nil, err
			}
			return e.svc.MergeContacts(ctx, a, p)
		}},
		{name: "UnmergeContacts", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.UnmergeContacts(ctx, a, fx.merged)
		}},
		{name: "DismissDuplicate", lost: "by design: dismissing again writes the dismissal again (a new version, the same pair and values)", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.DismissDuplicate(ctx, a, fx.ada, fx.bob)
		}},
		{name: "Associate", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.Associate(ctx, a, fx.bob, contactkit.AssociationInput{Type: "deal", Record: "d-2", Label: "seller"})
		}},
		{name: "Dissociate", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.Dissociate(ctx, a, fx.ada, "deal", "d-1")
		}},
		{name: "Follow", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.Follow(ctx, a, fx.bob)
		}},
		{name: "Unfollow", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.Unfollow(ctx, a, fx.ada)
		}},
		{name: "Import/OneBatch", batches: true, call: imp(4, 100, contactkit.ImportOptions{Tags: []string{"imported"}, Lists: []list.ID{}, Triggers: true})},
		{name: "Import/Batches", batches: true, call: imp(7, 2, contactkit.ImportOptions{Tags: []string{"imported", "vip"}, Triggers: true})},
		{name: "Import/UnsubscribeAll", batches: true, call: imp(5, 2, contactkit.ImportOptions{UnsubscribeAll: true})},
		{name: "Import/SuppressionOnly", batches: true, call: imp(5, 2, contactkit.ImportOptions{SuppressionOnly: true})},
		{name: "Import/DryRun", lost: "n/a: commits no transaction", unchanged: true, call: imp(5, 2, contactkit.ImportOptions{DryRun: true, Tags: []string{"imported"}})},
		{name: "DeleteContacts/Query", batches: true, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			// The count confirmed by the user, as a host asks for it again
			// when it runs the call again.
			b := contactkit.Bulk{Query: contactkit.ContactQuery{Tag: "blue"}, BatchSize: 1, Progress: func(contactkit.BulkProgress) { e.batch() }}
			for _, err := range e.svc.Contacts(ctx, a, b.Query) {
				if err != nil {
					return nil, err
				}
				b.Expected++
			}
			return e.svc.DeleteContacts(ctx, a, b)
		}},
		{name: "FindDuplicates", lost: "n/a: commits no transaction", unchanged: true, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.FindDuplicates(ctx, a, nil)
		}},
		{name: "Read/PreviewMerge", unchanged: true, lost: "n/a: commits no transaction", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: fx.ada, Others: []contact.ID{fx.bob}})
		}},
		{name: "Read/PreviewFieldTypeChange", unchanged: true, lost: "n/a: commits no transaction", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.PreviewFieldTypeChange(ctx, a, field.Definition{Key: fx.size, Label: "Size", Type: field.TypeNumber})
		}},
		{name: "Read/Reachable", unchanged: true, lost: "n/a: commits no transaction", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.Reachable(ctx, a, fx.bob, contact.ChannelEmail, fx.news)
		}},
		{name: "Read/FindDuplicatesFromScratch", unchanged: true, lost: "n/a: commits no transaction", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.FindDuplicates(ctx, a, &contactkit.DuplicateOptions{FromScratch: true})
		}},
		{name: "Read/Feed", unchanged: true, lost: "n/a: commits no transaction", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			var out []contactkit.FeedItem
			for it, err := range e.svc.Feed(ctx, a, fx.ada, contactkit.FeedQuery{}) {
				if err != nil {
					return nil, err
				}
				out = append(out, it)
			}
			return out, nil
		}},
		{name: "Read/Search", unchanged: true, lost: "n/a: commits no transaction", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.svc.ListContacts(ctx, a, contactkit.ContactQuery{Text: "lovelace"}, store.PageRequest{Limit: 1})
		}},
		{name: "Export", lost: "n/a: commits no transaction", unchanged: true, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			var out strings.Builder
			res, err := e.svc.Export(ctx, a, contactkit.ContactQuery{}, &out, nil)
			return []any{res, out.String()}, err
		}},
		{name: "TagContacts", batches: true, call: bulk(some, 2, func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return e.svc.TagContacts(ctx, a, b, "vip", "bulk")
		})},
		{name: "UntagContacts", batches: true, call: bulk(some, 2, func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return e.svc.UntagContacts(ctx, a, b, "blue")
		})},
		{name: "AddContactsToList", batches: true, call: bulk(some, 2, func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return e.svc.AddContactsToList(ctx, a, b, fx.dbl)
		})},
		{name: "AssignContacts", batches: true, call: bulk(some, 2, func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return e.svc.AssignContacts(ctx, a, b, "u-bob")
		})},
		{name: "SetContactsField", batches: true, call: bulk(some, 2, func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return e.svc.SetContactsField(ctx, a, b, "plan", "bronze")
		})},
		{name: "DeleteContacts", batches: true, call: bulk(some, 2, func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return e.svc.DeleteContacts(ctx, a, b)
		})},
		{name: "Relay/Register", lost: "n/a: commits no transaction", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.relay.Register(ctx, "mailer", "")
		}},
		{name: "Relay/RegisterAgain", lost: "n/a: commits no transaction", unchanged: true, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.relay.Register(ctx, "indexer", a.Workspace)
		}},
		{name: "Relay/Ack", lost: "n/a: commits no transaction", setup: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) error {
			_, err := e.svc.TagContact(ctx, a, fx.bob, "after")
			return err
		}, call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			b, err := e.relay.Read(ctx, store.OutboxQuery{})
			if err != nil {
				return nil, err
			}
			return nil, e.relay.Ack(ctx, "indexer", b.Deliveries[len(b.Deliveries)-1].Position)
		}},
		{name: "Relay/Unregister", lost: "n/a: commits no transaction", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return nil, e.relay.Unregister(ctx, "indexer")
		}},
		{name: "Relay/Prune", lost: "n/a: commits no transaction", call: func(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix) (any, error) {
			return e.relay.Prune(ctx, acc11Start.Add(10*time.Minute))
		}},
	}
}

func TestAcc11FaultEveryWrite(t *testing.T) {
	for _, c := range acc11Cases() {
		t.Run(c.name, func(t *testing.T) {
			acc11Run(t, c, false, nil)
		})
	}
}

// TestAcc11FaultSerialization fails each store call in turn with an error
// that matches store.ErrRetry, as a database that gave up on a
// serialization failure returns: the call must report it (a conflict the
// host may retry), not take it for a state of the data.
func TestAcc11FaultSerialization(t *testing.T) {
	inject := fmt.Errorf("%w: %w", errAcc11Injected, store.ErrRetry)
	for _, c := range acc11Cases() {
		t.Run(c.name, func(t *testing.T) {
			acc11Run(t, c, false, inject)
		})
	}
}

// TestAcc11FaultCancel cancels the call's context at each of its store
// calls in turn instead: the call stops with the context's error, having
// written nothing (or, for a call in batches, the batches before).
func TestAcc11FaultCancel(t *testing.T) {
	for _, c := range acc11Cases() {
		t.Run(c.name, func(t *testing.T) {
			acc11Run(t, c, true, nil)
		})
	}
}

// acc11Call runs c's call with the store armed to fail its failAt-th call
// (0: none), turning a panic into an error, and returns its result as
// JSON, the number of store calls it made and its error.
func acc11Call(e *acc11FaultEnv, fx *acc11Fix, c acc11Case, failAt int, twice bool) (res string, calls int, err error) {
	return acc11CallCtx(context.Background(), e, fx, c, failAt, twice)
}

func acc11CallCtx(ctx context.Context, e *acc11FaultEnv, fx *acc11Fix, c acc11Case, failAt int, twice bool) (res string, calls int, err error) {
	e.st.arm(failAt, twice)
	defer func() {
		calls = e.st.disarm()
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	v, err := c.call(ctx, e, fx)
	b, jerr := json.Marshal(v)
	if jerr != nil {
		res = fmt.Sprintf("%+v", v)
	} else {
		res = string(b)
	}
	return res, 0, err
}

// acc11Fresh returns a new workspace with the fixture and c's set-up.
func acc11Fresh(t *testing.T, c acc11Case) (*acc11FaultEnv, *acc11Fix) {
	t.Helper()
	return acc11FreshOn(t, c, nil)
}

// acc11FreshOn is acc11Fresh with the Service on wrap(the store) (see
// newAcc11EnvOn).
func acc11FreshOn(t *testing.T, c acc11Case, wrap func(store.Store) store.Store) (*acc11FaultEnv, *acc11Fix) {
	t.Helper()
	e := newAcc11EnvOn(t, wrap)
	fx := acc11Fixture(t, e)
	if c.setup != nil {
		if err := c.setup(context.Background(), e, fx); err != nil {
			t.Fatalf("set-up: %v", err)
		}
	}
	return e, fx
}

// acc11RaceStride is the stride of the store calls acc11Run fails under
// the race detector, which CI runs: 20 keeps the three sweeps of every
// case (faults, serialization failures, cancellations) at about a minute
// each there.
const acc11RaceStride = 20

func acc11Run(t *testing.T, c acc11Case, cancel bool, inject error) {
	acc11RunOn(t, c, cancel, inject, nil)
}

// acc11RunOn is acc11Run with the Service on wrap(the store) (see
// newAcc11EnvOn).
func acc11RunOn(t *testing.T, c acc11Case, cancel bool, inject error, wrap func(store.Store) store.Store) {
	// Control: the call's result and state, and the state after each batch.
	ctl, fx := acc11FreshOn(t, c, wrap)
	before := ctl.dump(t)
	var committed []string
	ctl.onBatch = func() { committed = append(committed, ctl.dump(t)) }
	want, n, err := acc11Call(ctl, fx, c, 0, false)
	ctl.onBatch = nil
	if err != nil {
		t.Fatalf("control run: %v", err)
	}
	wantState := ctl.dump(t)
	if wantState == before && !c.unchanged {
		t.Fatalf("control run changed nothing: the case tests nothing")
	}
	t.Logf("%d store calls", n)

	for k := 1; k <= n; k++ {
		if fixture.Race && k > 3 && k < n && k%acc11RaceStride != 0 {
			// Under the race detector, ten times slower, the first calls,
			// the last and every acc11RaceStride-th: the whole sweep runs
			// without it.
			continue
		}
		e, fx := acc11FreshOn(t, c, wrap)
		mark := e.gen.mark()
		ctx, stop := context.WithCancel(context.Background())
		wantErr := errAcc11Injected
		if cancel {
			e.st.cancel, wantErr = stop, context.Canceled
		}
		e.st.inject = inject
		res, _, err := acc11CallCtx(ctx, e, fx, c, k, false)
		stop()
		e.st.cancel = nil
		failed := e.st.failed
		what := fmt.Sprintf("fault at store call %d of %d (%s)", k, n, failed)
		if !errors.Is(err, wantErr) {
			t.Errorf("%s: the call returned %v; want %v", what, err, wantErr)
		}
		if inject != nil && !errors.Is(err, contactkit.ErrConflict) {
			t.Errorf("%s: the call returned %v; want an error matching ErrConflict", what, err)
		}
		// (Import and Export, whose results the cases wrap in an array,
		// report their progress.)
		if !c.batches && err != nil && !strings.HasPrefix(res, "[") && !acc11Zero(res) {
			t.Errorf("%s: the call failed and returned %.600s; want the zero value", what, res)
		}
		got := e.dump(t)
		if !c.batches {
			if got != before {
				t.Errorf("%s: the state changed:%s", what, acc11Diff(got, before))
			}
			e.gen.reset(mark)
		} else if m := slices.Index(append([]string{before}, committed...), got); m < 0 {
			t.Errorf("%s: the state is neither the state before nor that after a committed batch:%s", what, acc11Diff(got, before))
		} else if said := acc11Committed(res); said != m {
			// The call says what it did: the batches it committed.
			t.Errorf("%s: %d batches committed, the result says %d: %.600s", what, m, said, res)
		}
		res, _, err = acc11Call(e, fx, c, 0, false)
		if err != nil {
			t.Errorf("%s, then run again without fault: %v", what, err)
			continue
		}
		got = e.dump(t)
		if c.batches {
			// A batch committed before the fault is done again: only the
			// state must be the control's, IDs aside.
			if acc11Canon(got) != acc11Canon(wantState) {
				t.Errorf("%s, then run again: the state is not the control's:%s", what, acc11Diff(acc11Canon(got), acc11Canon(wantState)))
			}
			continue
		}
		if res != want {
			t.Errorf("%s, then run again: result\n got:  %.800s\n want: %.800s", what, res, want)
		}
		if got != wantState {
			t.Errorf("%s, then run again: the state is not the control's:%s", what, acc11Diff(got, wantState))
		}
	}

	if cancel {
		return
	}
	// Every transaction run twice, the first attempt rolled back.
	e, fx := acc11FreshOn(t, c, wrap)
	res, _, err := acc11Call(e, fx, c, 0, true)
	if err != nil {
		t.Fatalf("run with every transaction run twice: %v", err)
	}
	if res != want {
		t.Errorf("run with every transaction run twice: result\n got:  %.800s\n want: %.800s", res, want)
	}
	if got := e.dump(t); got != wantState {
		t.Errorf("run with every transaction run twice: the state is not the control's:%s", acc11Diff(got, wantState))
	}
}

// acc11Committed returns the number of batches a bulk call's result
// (BulkResult.Committed) or an import's ([ImportResult, rows]:
// ImportResult.Batches, the batches committed, and one row reported per
// row of them) says it committed: 0 for a call that failed before it began
// (its result null), -1 if it says nothing, -2 if the import's rows
// reported are not the rows it counts.
func acc11Committed(res string) int {
	if res == "null" {
		return 0
	}
	var bulk struct{ Committed *int }
	if json.Unmarshal([]byte(res), &bulk) == nil && bulk.Committed != nil {
		return *bulk.Committed
	}
	var imp []json.RawMessage
	if json.Unmarshal([]byte(res), &imp) != nil || len(imp) != 2 {
		return -1
	}
	var r struct{ Batches, Rows int }
	var rows []string
	if json.Unmarshal(imp[0], &r) != nil || json.Unmarshal(imp[1], &rows) != nil {
		return -1
	}
	if len(rows) != r.Rows {
		return -2
	}
	return r.Batches
}

// TestAcc11FaultLostCommit: the first transaction of the call commits, but
// its acknowledgement is lost (a connection dropped after COMMIT): the call
// must report the store's error, and the host, which cannot tell, runs the
// call again. Nothing may then be recorded twice.
func TestAcc11FaultLostCommit(t *testing.T) {
	for _, c := range acc11Cases() {
		t.Run(c.name, func(t *testing.T) {
			if c.lost != "" && c.lost != "refused" && c.lost != "key" {
				t.Skip(c.lost)
			}
			ctl, fx := acc11Fresh(t, c)
			want, _, err := acc11Call(ctl, fx, c, 0, false)
			if err != nil {
				t.Fatalf("control run: %v", err)
			}
			wantState := acc11Stored(ctl.dump(t))

			e, fx := acc11Fresh(t, c)
			_, err = acc11CallLost(e, fx, c)
			if !errors.Is(err, errAcc11Injected) {
				t.Errorf("the call returned %v; want the injected error", err)
			}
			res, _, err := acc11Call(e, fx, c, 0, false)
			switch {
			case c.lost == "refused" && err == nil:
				t.Errorf("run again: no error; want the call refused, as it was done")
			case c.lost != "refused" && err != nil:
				t.Errorf("run again: %v", err)
			case c.lost == "key" && res != want:
				t.Errorf("run again: result\n got:  %.800s\n want: %.800s", res, want)
			}
			// The events of the lost call were not delivered in process:
			// only the outbox has them.
			if got := acc11Stored(e.dump(t)); got != wantState {
				t.Errorf("run again: the state is not the control's:%s", acc11Diff(got, wantState))
			}
		})
	}
}

// acc11CallLost runs c's call with the acknowledgement of its first
// commit lost.
func acc11CallLost(e *acc11FaultEnv, fx *acc11Fix, c acc11Case) (res string, err error) {
	e.st.arm(0, false)
	e.st.mu.Lock()
	e.st.lostAck = 1
	e.st.mu.Unlock()
	defer func() {
		e.st.disarm()
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	_, err = c.call(context.Background(), e, fx)
	return "", err
}

// acc11Stored returns what a dump says of the stored state, IDs aside: not
// the events delivered in process.
func acc11Stored(dump string) string {
	var keep []string
	for _, l := range strings.Split(dump, "\n") {
		if !strings.HasPrefix(l, "event ") {
			keep = append(keep, l)
		}
	}
	return acc11Canon(strings.Join(keep, "\n"))
}

// acc11Interfere is what another writer does meanwhile: it edits the
// contacts the calls work on.
func acc11Interfere(e *acc11FaultEnv, fx *acc11Fix) error {
	ctx := context.Background()
	a := acc11FaultOwner
	a.User = "u-other"
	if _, err := e.other.UpdateContact(ctx, a, fx.ada, contact.Patch{JobTitle: new("Engineer"), Fields: map[string]string{"size": "14"}}); err != nil {
		return err
	}
	if _, err := e.other.UpdateContact(ctx, a, fx.bob, contact.Patch{City: new("Paris")}); err != nil {
		return err
	}
	if _, err := e.other.TagContact(ctx, a, fx.hal, "late"); err != nil {
		return err
	}
	if _, err := e.other.AddNote(ctx, a, fx.ada, contactkit.NoteInput{Body: "meanwhile"}); err != nil {
		return err
	}
	if _, err := e.other.Unsubscribe(ctx, a, fx.bob, list.ChannelSMS, "meanwhile"); err != nil {
		return err
	}
	if _, err := e.other.PassStep(ctx, a, fx.enrollment, automation.OutcomeCompleted); err != nil {
		return err
	}
	if _, err := e.other.AddToList(ctx, a, fx.dbl, fx.hal); err != nil {
		return err
	}
	// A field's definition changes: the Service's cache of them is stale.
	a.Role = contactkit.RoleOwner
	defs, err := e.other.AllFields(ctx, a)
	if err != nil {
		return err
	}
	for _, d := range defs {
		if d.Key == fx.size {
			d.Options = nil
			d.Type = field.TypeText
			d.Placeholder = "S, M, L"
			_, err = e.other.UpdateField(ctx, a, d)
		}
	}
	return err
}

// TestAcc11FaultRetryAfterConcurrentWrite: the first attempt of the
// call's transaction fails to serialize because another writer commits
// meanwhile; the store runs it again. The call must then give what it
// gives when the other writer committed first: nothing kept from the first
// attempt.
func TestAcc11FaultRetryAfterConcurrentWrite(t *testing.T) {
	for _, c := range acc11Cases() {
		t.Run(c.name, func(t *testing.T) {
			if c.lost == "n/a: commits no transaction" {
				t.Skip(c.lost)
			}
			ctl, fx := acc11Fresh(t, c)
			if err := acc11Interfere(ctl, fx); err != nil {
				t.Fatalf("control: the other writer: %v", err)
			}
			want, _, wantErr := acc11Call(ctl, fx, c, 0, false)
			wantState := acc11Canon(ctl.dump(t))

			e, fx := acc11Fresh(t, c)
			var ierr error
			e.st.interfere = func() { ierr = acc11Interfere(e, fx) }
			got, _, err := acc11Call(e, fx, c, 0, true)
			if ierr != nil {
				t.Fatalf("the other writer: %v", ierr)
			}
			if c.interfered != nil {
				c.interfered(t, err)
				return
			}
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("the call returned %v; the call after the other writer returned %v", err, wantErr)
			}
			if acc11Canon(got) != acc11Canon(want) {
				t.Errorf("result\n got:  %.800s\n want: %.800s", got, want)
			}
			if gotState := acc11Canon(e.dump(t)); gotState != wantState {
				t.Errorf("the state is not that of the call after the other writer:%s", acc11Diff(gotState, wantState))
			}
		})
	}
}

// acc11Zero reports whether res, a result as JSON, is a zero value: null,
// false, 0, "", or an object whose fields are all zero.
func acc11Zero(res string) bool {
	var v any
	if json.Unmarshal([]byte(res), &v) != nil {
		return false
	}
	return acc11ZeroValue(v)
}

func acc11ZeroValue(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case float64:
		return v == 0
	case string:
		return v == "" || v == "0001-01-01T00:00:00Z" || v == "00000000-0000-0000-0000-000000000000"
	case []any:
		return len(v) == 0
	case map[string]any:
		for _, x := range v {
			if !acc11ZeroValue(x) {
				return false
			}
		}
		return true
	}
	return false
}
