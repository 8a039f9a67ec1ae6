package contactkit_test

// The growth checks of the calls about one record (a contact, an activity,
// a list, an automation, an enrollment, a merge, an address, a tag, a
// field), of the bulk calls over a fixed set of IDs, of the listings whose
// answer is fixed and of an import or an export of a fixed few contacts
// (issue 9): their answer does not depend on the size of the workspace,
// nor should their work. They run in the "size" pair, whose workspaces
// hold, with scaleSpec.Spread, every kind of record in proportion to
// their contacts.

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// scaleAssociationTypes are the association types of the scale workspaces.
var scaleAssociationTypes = []association.Type{{Name: "deal", FreeLabels: true}}

// scaleSubject is the contact the reading calls about one contact ask
// about: the same content in every workspace.
type scaleSubject struct {
	id     contact.ID
	person fixture.Person
	// Its activities: 3 notes (one of them in the activity trash), a task,
	// a call, an email.
	note, trashed activity.ID
	// The contact merged into it (in the trash), and that merge.
	mergedAway contact.ID
	merge      merge.ID
	// The host record it is associated with, as 9 other contacts are.
	record string
	// Its enrollment into scaleEnv.auto, which 19 other contacts are in.
	enrollment automation.EnrollmentID
	// lists[0] holds it; autos[0] is where the writing calls enrol; dbl
	// is a list of double opt-in.
	lists []list.ID
	autos []automation.ID
	dbl   list.ID
}

// scaleResult is what a call returned.
type scaleResult[T any] struct {
	v   T
	err error
}

func scaleGot[T any](v T, err error) scaleResult[T] { return scaleResult[T]{v, err} }

// must returns the value, or fails tb with what and the error.
func (r scaleResult[T]) must(tb testing.TB, what string) T {
	tb.Helper()
	if r.err != nil {
		tb.Fatalf("scale workspace: %s: %v", what, r.err)
	}
	return r.v
}

// scaleErr returns the error of a call, for the calls measured.
func scaleErr[T any](_ T, err error) error { return err }

// scaleCount iterates over seq and checks that it yields want items (any
// number when want < 0).
func scaleCount[T any](what string, seq iter.Seq2[T, error], want int) error {
	n := 0
	for _, err := range seq {
		if err != nil {
			return err
		}
		n++
	}
	if want >= 0 && n != want {
		return fmt.Errorf("%s gave %d, want %d", what, n, want)
	}
	return nil
}

// scaleCounted checks that a call that counts what it did, n, counts want.
func scaleCounted(what string, n int, err error, want int) error {
	if err == nil && n != want {
		err = fmt.Errorf("%s %d, want %d", what, n, want)
	}
	return err
}

// scalePage checks that a page holds want items.
func scalePage[T any](what string, page store.Page[T], err error, want int) error {
	if err == nil && len(page.Items) != want {
		err = fmt.Errorf("%s gave a page of %d, want %d", what, len(page.Items), want)
	}
	return err
}

// nextReachable returns the next person with both an email and a phone.
func (e *scaleEnv) nextReachable() fixture.Person {
	p := e.nextPerson()
	for p.Email == "" || p.Phone == "" {
		p = e.nextPerson()
	}
	return p
}

// mustMerge merges a new contact into id and returns the merge and the
// contact merged away.
func (e *scaleEnv) mustMerge(tb testing.TB, id contact.ID) (merge.Record, contact.ID) {
	tb.Helper()
	ctx := context.Background()
	other := e.mustCreate(tb, e.nextPerson()).ID
	p := scaleGot(e.svc.PreviewMerge(ctx, e.actor, contactkit.MergeRequest{Primary: id, Others: []contact.ID{other}})).must(tb, "PreviewMerge")
	return scaleGot(e.svc.MergeContacts(ctx, e.actor, p)).must(tb, "MergeContacts"), other
}

// spread adds what scaleSpec.Spread says to the workspace, then the
// subject and its automation.
func (e *scaleEnv) spread(tb testing.TB, ids []contact.ID, trash map[int]bool) {
	tb.Helper()
	ctx, a := context.Background(), e.actor
	var picked []contact.ID
	for i := 1; i < len(ids); i += e.spec.Spread {
		if !trash[i] {
			picked = append(picked, ids[i])
		}
	}
	s := &scaleSubject{}
	nl, na := max(len(picked)/10, 1), max(len(picked)/50, 1)
	for k := range nl {
		l := scaleGot(e.svc.CreateList(ctx, a, list.List{Name: fmt.Sprintf("Liste %d", k)})).must(tb, "CreateList")
		s.lists = append(s.lists, l.ID)
	}
	for k := range na {
		au := scaleGot(e.svc.CreateAutomation(ctx, a, automation.Automation{Name: fmt.Sprintf("Parcours %d", k),
			Steps: []automation.Step{{Name: "Accueil"}, {Name: "Relance"}, {Name: "Bilan"}}, Active: true, Reentry: automation.ReentryAllow})).must(tb, "CreateAutomation")
		s.autos = append(s.autos, au.ID)
	}
	for k, id := range picked {
		task := scaleGot(e.svc.AddTask(ctx, a, id, contactkit.TaskInput{Title: fmt.Sprintf("Relancer le devis %d", k)})).must(tb, "AddTask")
		if k%10 == 0 {
			scaleGot(e.svc.DeleteActivity(ctx, a, task.ID)).must(tb, "DeleteActivity")
		}
		scaleGot(e.svc.Associate(ctx, a, id, contactkit.AssociationInput{Type: "deal", Record: fmt.Sprintf("deal-%d", k)})).must(tb, "Associate")
		scaleGot(e.svc.Follow(ctx, a, id)).must(tb, "Follow")
		scaleGot(e.svc.Enroll(ctx, a, s.autos[k%na], id, "")).must(tb, "Enroll")
		scaleGot(e.svc.AddToList(ctx, a, s.lists[k%nl], id)).must(tb, "AddToList")
		scaleGot(e.svc.TagContact(ctx, a, id, fmt.Sprintf("Lot %d", k))).must(tb, "TagContact")
		if k > 0 {
			scaleGot(e.svc.DismissDuplicate(ctx, a, picked[k-1], id)).must(tb, "DismissDuplicate")
		}
		scaleGot(e.svc.UnsubscribeAddress(ctx, a, list.ChannelEmail, fmt.Sprintf("ancien.%d@example.org", k), "STOP")).must(tb, "UnsubscribeAddress")
	}
	// The merges, dated past the trash's window and purged: the contacts
	// merged away leave the trash, their merges stay.
	e.clock.offset.Store(int64(-61 * 24 * time.Hour))
	for k := 0; k < len(picked); k += 10 {
		e.mustMerge(tb, picked[k])
	}
	e.clock.offset.Store(0)
	scaleGot(e.svc.PurgeTrash(ctx, a)).must(tb, "PurgeTrash")
	s.dbl = scaleGot(e.svc.CreateList(ctx, a, list.List{Name: "Lettre confirmée", DoubleOptIn: true})).must(tb, "CreateList").ID

	// The subject.
	auto := scaleGot(e.svc.CreateAutomation(ctx, a, automation.Automation{Name: "Parcours mesuré",
		Steps: []automation.Step{{Name: "Accueil"}, {Name: "Relance"}}, Active: true})).must(tb, "CreateAutomation")
	e.auto = auto.ID
	s.person = e.nextReachable()
	s.id = e.mustCreate(tb, s.person).ID
	for k := range 3 {
		e.mustNote(tb, s.id, k)
	}
	notes := scaleGot(e.svc.ListTimeline(ctx, a, s.id, contactkit.TimelineQuery{}, store.PageRequest{})).must(tb, "ListTimeline")
	s.note, s.trashed = notes.Items[0].ID, notes.Items[1].ID
	scaleGot(e.svc.DeleteActivity(ctx, a, s.trashed)).must(tb, "DeleteActivity")
	scaleGot(e.svc.AddTask(ctx, a, s.id, contactkit.TaskInput{Title: "Envoyer le devis"})).must(tb, "AddTask")
	scaleGot(e.svc.AddCall(ctx, a, s.id, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: scaleEpoch, Notes: "devis"})).must(tb, "AddCall")
	scaleGot(e.svc.AddEmail(ctx, a, s.id, contactkit.EmailInput{Direction: activity.DirectionInbound, OccurredAt: scaleEpoch, Subject: "Devis"})).must(tb, "AddEmail")
	scaleGot(e.svc.AddToList(ctx, a, s.lists[0], s.id)).must(tb, "AddToList")
	s.record = "deal-mesure"
	others := func(from, to int) []contact.ID { // live contacts of both workspaces
		var ids []contact.ID
		for _, p := range e.live[from:to] {
			ids = append(ids, p.id)
		}
		return ids
	}
	for _, id := range append([]contact.ID{s.id}, others(0, 9)...) {
		scaleGot(e.svc.Associate(ctx, a, id, contactkit.AssociationInput{Type: "deal", Record: s.record, Label: "acheteur"})).must(tb, "Associate")
	}
	scaleGot(e.svc.Follow(ctx, a, s.id)).must(tb, "Follow")
	s.enrollment = scaleGot(e.svc.Enroll(ctx, a, e.auto, s.id, "")).must(tb, "Enroll").ID
	for _, id := range others(10, 29) {
		scaleGot(e.svc.Enroll(ctx, a, e.auto, id, "")).must(tb, "Enroll")
	}
	scaleGot(e.svc.TagContact(ctx, a, s.id, "Suivi rapproché")).must(tb, "TagContact")
	for k := range 3 {
		scaleGot(e.svc.UpdateContact(ctx, a, s.id, contact.Patch{City: new(fmt.Sprintf("Ville %d", k))})).must(tb, "UpdateContact")
	}
	rec, away := e.mustMerge(tb, s.id)
	s.merge, s.mergedAway = rec.ID, away
	scaleGot(e.svc.Unsubscribe(ctx, a, s.id, list.ChannelSMS, "STOP")).must(tb, "Unsubscribe")
	e.subject = s
}

// scaleCallChecks are the growth checks of the calls about one record.
func scaleCallChecks() []scaleCheck {
	ctx := context.Background()
	type do = func(*contactkit.Service) error
	// read is a call about the subject, with nothing to prepare.
	read := func(f func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error) scaleCall {
		return func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			return func(svc *contactkit.Service) error { return f(svc, e, e.subject) }
		}
	}
	// fresh is a call about a new contact, prepared by prep.
	fresh := func(prep func(tb testing.TB, e *scaleEnv, id contact.ID) do) scaleCall {
		return func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			return prep(tb, e, e.mustCreate(tb, e.nextReachable()).ID)
		}
	}
	// freshTask is a call about a task of a new contact.
	freshTask := func(prep func(tb testing.TB, e *scaleEnv, id activity.ID), f func(svc *contactkit.Service, e *scaleEnv, id activity.ID) error) scaleCall {
		return fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			id := scaleGot(e.svc.AddTask(ctx, e.actor, c, contactkit.TaskInput{Title: "Préparer la démo"})).must(tb, "AddTask").ID
			if prep != nil {
				prep(tb, e, id)
			}
			return func(svc *contactkit.Service) error { return f(svc, e, id) }
		})
	}
	// enrolled is a call about the enrollment of a new contact.
	enrolled := func(f func(svc *contactkit.Service, e *scaleEnv, id automation.EnrollmentID) error) scaleCall {
		return fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			id := scaleGot(e.svc.Enroll(ctx, e.actor, e.subject.autos[0], c, "")).must(tb, "Enroll").ID
			return func(svc *contactkit.Service) error { return f(svc, e, id) }
		})
	}
	// bulk is a bulk call over 10 new contacts, tagged "Salon 2026".
	bulk := func(f func(svc *contactkit.Service, e *scaleEnv, b contactkit.Bulk) (contactkit.BulkResult, error)) scaleCall {
		return func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			b := contactkit.Bulk{Expected: 10}
			for range b.Expected {
				id := e.mustCreate(tb, e.nextReachable()).ID
				scaleGot(e.svc.TagContact(ctx, e.actor, id, "Salon 2026")).must(tb, "TagContact")
				b.IDs = append(b.IDs, id)
			}
			return func(svc *contactkit.Service) error {
				res, err := f(svc, e, b)
				return scaleCounted("changed", len(res.Changed), err, b.Expected)
			}
		}
	}
	probe := func(e *scaleEnv, run int) contact.ID { return e.live[run%len(e.live)].id }
	wholeTable := func(what string) string {
		return "lists every " + what + " of the workspace: its answer grows with the workspace"
	}
	one := "one contact"
	checks := []scaleCheck{
		// A contact, read.
		{name: "ContactByEmail", answer: one, call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.ContactByEmail(ctx, e.actor, s.person.Email))
		})},
		{name: "ContactByPhone", answer: one, call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.ContactByPhone(ctx, e.actor, s.person.Phone))
		})},
		{name: "Consent", answer: "the consent of a contact's 2 addresses", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.Consent(ctx, e.actor, s.id))
		})},
		{name: "Reachable", answer: "a contact's reachability by email", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.Reachable(ctx, e.actor, s.id, contact.ChannelEmail, list.ID{}))
		})},
		{name: "Reachable/list", answer: "a contact's reachability on a list", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.Reachable(ctx, e.actor, s.id, contact.ChannelEmail, s.lists[0]))
		})},
		{name: "History", answer: "a contact's changes", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("History", svc.History(ctx, e.actor, s.id, ""), -1)
		})},
		{name: "ListHistory", answer: "a page of a contact's changes of one field", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.ListHistory(ctx, e.actor, s.id, "city", store.PageRequest{}))
		})},
		{name: "ListTimeline", answer: "a contact's 5 live activities", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			page, err := svc.ListTimeline(ctx, e.actor, s.id, contactkit.TimelineQuery{}, store.PageRequest{})
			return scalePage("ListTimeline", page, err, 5)
		})},
		{name: "Feed", answer: "a contact's feed", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("Feed", svc.Feed(ctx, e.actor, s.id, contactkit.FeedQuery{}), -1)
		})},
		{name: "ListFeed", answer: "a page of a contact's feed", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.ListFeed(ctx, e.actor, s.id, contactkit.FeedQuery{}, store.PageRequest{}))
		})},
		{name: "ActivityTrash", answer: "a contact's one activity in the trash", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("ActivityTrash", svc.ActivityTrash(ctx, e.actor, s.id), 1)
		})},
		{name: "Associations", answer: "a contact's one association", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("Associations", svc.Associations(ctx, e.actor, s.id, contactkit.AssociationQuery{}), 1)
		})},
		{name: "Associated", answer: "the 10 contacts of a host record", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("Associated", svc.Associated(ctx, e.actor, "deal", s.record), 10)
		})},
		{name: "ListActivityHistory", answer: "a page of an activity's changes", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.ListActivityHistory(ctx, e.actor, s.note, store.PageRequest{}))
		})},
		{name: "ListActivityTrash", answer: "a page of a contact's one activity in the trash", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			page, err := svc.ListActivityTrash(ctx, e.actor, s.id, store.PageRequest{})
			return scalePage("ListActivityTrash", page, err, 1)
		})},
		{name: "ListAssociations", answer: "a page of a contact's one association", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			page, err := svc.ListAssociations(ctx, e.actor, s.id, contactkit.AssociationQuery{Type: "deal"}, store.PageRequest{})
			return scalePage("ListAssociations", page, err, 1)
		})},
		{name: "ListAssociated", answer: "a page of the 10 contacts of a host record", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			page, err := svc.ListAssociated(ctx, e.actor, "deal", s.record, store.PageRequest{})
			return scalePage("ListAssociated", page, err, 10)
		})},
		{name: "ListFollowers", answer: "a page of a contact's one follower", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			page, err := svc.ListFollowers(ctx, e.actor, s.id, store.PageRequest{})
			return scalePage("ListFollowers", page, err, 1)
		})},
		{name: "Followers", answer: "a contact's one follower", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("Followers", svc.Followers(ctx, e.actor, s.id), 1)
		})},
		{name: "Enrollments/contact", answer: "a contact's one enrollment", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("Enrollments", svc.Enrollments(ctx, e.actor, contactkit.EnrollmentQuery{Contact: s.id}), 1)
		})},
		{name: "Enrollments/automation", answer: "the 20 enrollments of an automation", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("Enrollments", svc.Enrollments(ctx, e.actor, contactkit.EnrollmentQuery{Automation: e.auto, ActiveOnly: true}), 20)
		})},
		{name: "Memberships/contact", answer: "a contact's one membership", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("Memberships", svc.Memberships(ctx, e.actor, contactkit.MembershipQuery{Contact: s.id}), 1)
		})},
		{name: "MergeHistory", answer: "a contact's one merge", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("MergeHistory", svc.MergeHistory(ctx, e.actor, s.id), 1)
		})},
		{name: "GetMerge", answer: "one merge", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.GetMerge(ctx, e.actor, s.merge))
		})},
		{name: "ResolveContact", answer: "the survivor of a contact merged away", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.ResolveContact(ctx, e.actor, s.mergedAway))
		})},
		{name: "GetActivity", answer: "one activity", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.GetActivity(ctx, e.actor, s.note))
		})},
		{name: "ActivityHistory", answer: "an activity's changes", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleCount("ActivityHistory", svc.ActivityHistory(ctx, e.actor, s.note), -1)
		})},
		{name: "GetEnrollment", answer: "one enrollment", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.GetEnrollment(ctx, e.actor, s.enrollment))
		})},
		{name: "GetAutomation", answer: "one automation", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.GetAutomation(ctx, e.actor, e.auto))
		})},
		{name: "GetList", answer: "one list", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.GetList(ctx, e.actor, e.list))
		})},
		{name: "AddressConsent", answer: "the consent of one address", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.AddressConsent(ctx, e.actor, list.ChannelEmail, "ancien.3@example.org"))
		})},
		{name: "ListConsent", answer: "a page of 20 entries of the consent ledger", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			page, err := svc.ListConsent(ctx, e.actor, list.ChannelEmail, store.PageRequest{Limit: 20})
			return scalePage("ListConsent", page, err, 20)
		})},
		{name: "ListTags", answer: "a page of 20 tags", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			page, err := svc.ListTags(ctx, e.actor, store.PageRequest{Limit: 20})
			return scalePage("ListTags", page, err, 20)
		})},
		{name: "Fields", answer: "the 2 field definitions", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.Fields(ctx, e.actor))
		})},
		{name: "AllFields", answer: "the 2 field definitions", call: read(func(svc *contactkit.Service, e *scaleEnv, s *scaleSubject) error {
			return scaleErr(svc.AllFields(ctx, e.actor))
		})},

		// A contact, written.
		{name: "TagContact", answer: "one contact tagged", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error { return scaleErr(svc.TagContact(ctx, e.actor, c, "Salon 2026")) }
		})},
		{name: "UntagContact", answer: "one contact untagged", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.TagContact(ctx, e.actor, c, "Salon 2026")).must(tb, "TagContact")
			return func(svc *contactkit.Service) error { return scaleErr(svc.UntagContact(ctx, e.actor, c, "Salon 2026")) }
		})},
		{name: "ConnectChannel", answer: "one contact's channel", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.ConnectChannel(ctx, e.actor, c, contact.ChannelWhatsApp))
			}
		})},
		{name: "OpenChannel", answer: "one contact's channel", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.OpenChannel(ctx, e.actor, c, contact.ChannelSMS))
			}
		})},
		{name: "RemoveChannel", answer: "one contact's channel", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.ConnectChannel(ctx, e.actor, c, contact.ChannelTelegram)).must(tb, "ConnectChannel")
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.RemoveChannel(ctx, e.actor, c, contact.ChannelTelegram))
			}
		})},
		{name: "SyncAvatar", answer: "one contact's avatar", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.SyncAvatar(ctx, e.actor, c, "https://example.com/avatar.png"))
			}
		})},
		{name: "BlockContact", answer: "one contact blocked", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error { return scaleErr(svc.BlockContact(ctx, e.actor, c, "abus")) }
		})},
		{name: "UnblockContact", answer: "one contact unblocked", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.BlockContact(ctx, e.actor, c, "abus")).must(tb, "BlockContact")
			return func(svc *contactkit.Service) error { return scaleErr(svc.UnblockContact(ctx, e.actor, c)) }
		})},
		{name: "DeleteContact", answer: "one contact to the trash", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error { return scaleErr(svc.DeleteContact(ctx, e.actor, c)) }
		})},
		{name: "RestoreContact", answer: "one contact out of the trash", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.DeleteContact(ctx, e.actor, c)).must(tb, "DeleteContact")
			return func(svc *contactkit.Service) error { return scaleErr(svc.RestoreContact(ctx, e.actor, c)) }
		})},
		{name: "Unsubscribe", answer: "one contact's email unsubscribed", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.Unsubscribe(ctx, e.actor, c, list.ChannelEmail, "STOP"))
			}
		})},
		{name: "Resubscribe", answer: "one contact's email subscribed again", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.Unsubscribe(ctx, e.actor, c, list.ChannelEmail, "STOP")).must(tb, "Unsubscribe")
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.Resubscribe(ctx, e.actor, c, list.ChannelEmail, "a écrit pour revenir"))
			}
		})},
		{name: "AddToList", answer: "one membership", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.AddToList(ctx, e.actor, e.subject.lists[0], c))
			}
		})},
		{name: "ConfirmSubscription", answer: "one membership confirmed", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.AddToList(ctx, e.actor, e.subject.dbl, c)).must(tb, "AddToList")
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.ConfirmSubscription(ctx, e.actor, e.subject.dbl, c))
			}
		})},
		{name: "UnsubscribeFromList", answer: "one membership ended", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.AddToList(ctx, e.actor, e.subject.lists[0], c)).must(tb, "AddToList")
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.UnsubscribeFromList(ctx, e.actor, e.subject.lists[0], c, "trop de courriels"))
			}
		})},
		{name: "ResubscribeToList", answer: "one membership again", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.AddToList(ctx, e.actor, e.subject.lists[0], c)).must(tb, "AddToList")
			scaleGot(e.svc.UnsubscribeFromList(ctx, e.actor, e.subject.lists[0], c, "trop de courriels")).must(tb, "UnsubscribeFromList")
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.ResubscribeToList(ctx, e.actor, e.subject.lists[0], c, "a demandé à revenir"))
			}
		})},
		{name: "Associate", answer: "one association", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			in := contactkit.AssociationInput{Type: "deal", Record: "deal-nouveau"}
			return func(svc *contactkit.Service) error { return scaleErr(svc.Associate(ctx, e.actor, c, in)) }
		})},
		{name: "Dissociate", answer: "one association removed", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.Associate(ctx, e.actor, c, contactkit.AssociationInput{Type: "deal", Record: "deal-ancien"})).must(tb, "Associate")
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.Dissociate(ctx, e.actor, c, "deal", "deal-ancien"))
			}
		})},
		{name: "Follow", answer: "one follow", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error { return scaleErr(svc.Follow(ctx, e.actor, c)) }
		})},
		{name: "Unfollow", answer: "one follow removed", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.Follow(ctx, e.actor, c)).must(tb, "Follow")
			return func(svc *contactkit.Service) error { return scaleErr(svc.Unfollow(ctx, e.actor, c)) }
		})},
		{name: "Enroll", answer: "one enrollment", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.Enroll(ctx, e.actor, e.subject.autos[0], c, ""))
			}
		})},
		{name: "StopEnrollments", answer: "a contact's one enrollment stopped", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			scaleGot(e.svc.Enroll(ctx, e.actor, e.subject.autos[0], c, "")).must(tb, "Enroll")
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.StopEnrollments(ctx, e.actor, c, "désinscrit"))
			}
		})},
		{name: "DismissDuplicate", answer: "one pair dismissed", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			other := e.mustCreate(tb, e.nextReachable()).ID
			return func(svc *contactkit.Service) error { return scaleErr(svc.DismissDuplicate(ctx, e.actor, c, other)) }
		})},
		{name: "PreviewMerge", answer: "the merge of two contacts", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			req := contactkit.MergeRequest{Primary: c, Others: []contact.ID{e.mustCreate(tb, e.nextReachable()).ID}}
			return func(svc *contactkit.Service) error { return scaleErr(svc.PreviewMerge(ctx, e.actor, req)) }
		})},
		{name: "MergeContacts", answer: "two contacts merged", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			req := contactkit.MergeRequest{Primary: c, Others: []contact.ID{e.mustCreate(tb, e.nextReachable()).ID}}
			p := scaleGot(e.svc.PreviewMerge(ctx, e.actor, req)).must(tb, "PreviewMerge")
			return func(svc *contactkit.Service) error { return scaleErr(svc.MergeContacts(ctx, e.actor, p)) }
		})},
		{name: "UnmergeContacts", answer: "a merge of two contacts undone", call: fresh(func(tb testing.TB, e *scaleEnv, c contact.ID) do {
			rec, _ := e.mustMerge(tb, c)
			return func(svc *contactkit.Service) error { return scaleErr(svc.UnmergeContacts(ctx, e.actor, rec.ID)) }
		})},
		{name: "AddTask", answer: "one task", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			c, in := probe(e, run), contactkit.TaskInput{Title: fmt.Sprintf("Rappeler %d", run)}
			return func(svc *contactkit.Service) error { return scaleErr(svc.AddTask(ctx, e.actor, c, in)) }
		}},
		{name: "AddCall", answer: "one call", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			c, in := probe(e, run), contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: scaleEpoch, Notes: fmt.Sprint(run)}
			return func(svc *contactkit.Service) error { return scaleErr(svc.AddCall(ctx, e.actor, c, in)) }
		}},
		{name: "AddEmail", answer: "one email", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			c, in := probe(e, run), contactkit.EmailInput{Direction: activity.DirectionOutbound, OccurredAt: scaleEpoch, Subject: fmt.Sprint("Devis ", run)}
			return func(svc *contactkit.Service) error { return scaleErr(svc.AddEmail(ctx, e.actor, c, in)) }
		}},
		{name: "AddMeeting", answer: "one meeting", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			c, in := probe(e, run), contactkit.MeetingInput{Title: fmt.Sprint("Démo ", run), OccurredAt: scaleEpoch, Duration: time.Hour}
			return func(svc *contactkit.Service) error { return scaleErr(svc.AddMeeting(ctx, e.actor, c, in)) }
		}},

		// An activity.
		{name: "UpdateActivity", answer: "one task changed", call: freshTask(nil, func(svc *contactkit.Service, e *scaleEnv, id activity.ID) error {
			return scaleErr(svc.UpdateActivity(ctx, e.actor, id, contactkit.ActivityPatch{Body: new("Avec la grille tarifaire")}))
		})},
		{name: "CompleteTask", answer: "one task done", call: freshTask(nil, func(svc *contactkit.Service, e *scaleEnv, id activity.ID) error {
			return scaleErr(svc.CompleteTask(ctx, e.actor, id))
		})},
		{name: "ReopenTask", answer: "one task reopened", call: freshTask(func(tb testing.TB, e *scaleEnv, id activity.ID) {
			scaleGot(e.svc.CompleteTask(ctx, e.actor, id)).must(tb, "CompleteTask")
		}, func(svc *contactkit.Service, e *scaleEnv, id activity.ID) error {
			return scaleErr(svc.ReopenTask(ctx, e.actor, id))
		})},
		{name: "DeleteActivity", answer: "one task to the trash", call: freshTask(nil, func(svc *contactkit.Service, e *scaleEnv, id activity.ID) error {
			return scaleErr(svc.DeleteActivity(ctx, e.actor, id))
		})},
		{name: "RestoreActivity", answer: "one task out of the trash", call: freshTask(func(tb testing.TB, e *scaleEnv, id activity.ID) {
			scaleGot(e.svc.DeleteActivity(ctx, e.actor, id)).must(tb, "DeleteActivity")
		}, func(svc *contactkit.Service, e *scaleEnv, id activity.ID) error {
			return scaleErr(svc.RestoreActivity(ctx, e.actor, id))
		})},
		{name: "MoveTask", answer: "one task moved", call: freshTask(nil, func(svc *contactkit.Service, e *scaleEnv, id activity.ID) error {
			return scaleErr(svc.MoveTask(ctx, e.actor, id, e.subject.id))
		})},

		{name: "PurgeActivityTrash", runs: 10, answer: "5 tasks past the window, of the activity trash", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			e.clock.offset.Store(int64(-91 * 24 * time.Hour))
			c := e.mustCreate(tb, e.nextReachable()).ID
			for range 5 {
				task := scaleGot(e.svc.AddTask(ctx, e.actor, c, contactkit.TaskInput{Title: "Oubliée"})).must(tb, "AddTask")
				scaleGot(e.svc.DeleteActivity(ctx, e.actor, task.ID)).must(tb, "DeleteActivity")
			}
			e.clock.offset.Store(0)
			return func(svc *contactkit.Service) error {
				n, err := svc.PurgeActivityTrash(ctx, e.actor)
				return scaleCounted("PurgeActivityTrash purged", n, err, 5)
			}
		}},

		// An enrollment.
		{name: "PassStep", answer: "one step passed", call: enrolled(func(svc *contactkit.Service, e *scaleEnv, id automation.EnrollmentID) error {
			return scaleErr(svc.PassStep(ctx, e.actor, id, automation.OutcomeCompleted))
		})},
		{name: "PassStepAt", answer: "one step passed", call: enrolled(func(svc *contactkit.Service, e *scaleEnv, id automation.EnrollmentID) error {
			return scaleErr(svc.PassStepAt(ctx, e.actor, id, 0, automation.OutcomeSkipped))
		})},
		{name: "EndEnrollment", answer: "one enrollment ended", call: enrolled(func(svc *contactkit.Service, e *scaleEnv, id automation.EnrollmentID) error {
			return scaleErr(svc.EndEnrollment(ctx, e.actor, id))
		})},

		// A list, an automation, a tag, a field, an address.
		{name: "CreateList", answer: "one list", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			l := list.List{Name: fmt.Sprintf("Nouvelle liste %d", run)}
			return func(svc *contactkit.Service) error { return scaleErr(svc.CreateList(ctx, e.actor, l)) }
		}},
		{name: "UpdateList", answer: "one list", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			l := scaleGot(e.svc.GetList(ctx, e.actor, e.subject.lists[0])).must(tb, "GetList")
			l.Description = fmt.Sprintf("Version %d", run)
			return func(svc *contactkit.Service) error { return scaleErr(svc.UpdateList(ctx, e.actor, l)) }
		}},
		{name: "CreateAutomation", answer: "one automation", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			au := automation.Automation{Name: fmt.Sprintf("Nouveau parcours %d", run), Steps: []automation.Step{{Name: "Accueil"}}}
			return func(svc *contactkit.Service) error { return scaleErr(svc.CreateAutomation(ctx, e.actor, au)) }
		}},
		{name: "UpdateAutomation", answer: "one automation", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			au := scaleGot(e.svc.GetAutomation(ctx, e.actor, e.subject.autos[0])).must(tb, "GetAutomation")
			au.Name = fmt.Sprintf("Parcours 0, version %d", run)
			return func(svc *contactkit.Service) error { return scaleErr(svc.UpdateAutomation(ctx, e.actor, au)) }
		}},
		{name: "DeleteTag", answer: "a tag of 3 contacts", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			name := fmt.Sprintf("Éphémère %d", run)
			for range 3 {
				scaleGot(e.svc.TagContact(ctx, e.actor, e.mustCreate(tb, e.nextReachable()).ID, name)).must(tb, "TagContact")
			}
			return func(svc *contactkit.Service) error {
				n, err := svc.DeleteTag(ctx, e.actor, name)
				return scaleCounted("DeleteTag untagged", n, err, 3)
			}
		}},
		{name: "UnsubscribeAddress", answer: "one address", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			addr := fmt.Sprintf("passant.%d@example.org", run)
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.UnsubscribeAddress(ctx, e.actor, list.ChannelEmail, addr, "STOP"))
			}
		}},
		{name: "ResubscribeAddress", answer: "one address", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			addr := fmt.Sprintf("revenant.%d@example.org", run)
			scaleGot(e.svc.UnsubscribeAddress(ctx, e.actor, list.ChannelEmail, addr, "STOP")).must(tb, "UnsubscribeAddress")
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.ResubscribeAddress(ctx, e.actor, list.ChannelEmail, addr, "a écrit pour revenir"))
			}
		}},
		{name: "CreateField", runs: 10, answer: "one field definition", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			d := field.Definition{Key: field.MustParseKey(fmt.Sprintf("note_%d", run)), Label: fmt.Sprintf("Note %d", run), Type: field.TypeText}
			return func(svc *contactkit.Service) error { return scaleErr(svc.CreateField(ctx, e.actor, d)) }
		}},
		{name: "UpdateField", runs: 10, answer: "one field definition", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			d := scaleGot(e.svc.AllFields(ctx, e.actor)).must(tb, "AllFields")[0]
			d.Label = fmt.Sprintf("Formule %d", run)
			return func(svc *contactkit.Service) error { return scaleErr(svc.UpdateField(ctx, e.actor, d)) }
		}},
		{name: "ArchiveField", runs: 10, answer: "one field definition", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			d := field.Definition{Key: field.MustParseKey(fmt.Sprintf("archivee_%d", run)), Label: fmt.Sprintf("Archivée %d", run), Type: field.TypeText}
			scaleGot(e.svc.CreateField(ctx, e.actor, d)).must(tb, "CreateField")
			return func(svc *contactkit.Service) error { return scaleErr(svc.ArchiveField(ctx, e.actor, d.Key)) }
		}},
		{name: "RestoreField", runs: 10, answer: "one field definition", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			d := field.Definition{Key: field.MustParseKey(fmt.Sprintf("restauree_%d", run)), Label: fmt.Sprintf("Restaurée %d", run), Type: field.TypeText}
			scaleGot(e.svc.CreateField(ctx, e.actor, d)).must(tb, "CreateField")
			scaleGot(e.svc.ArchiveField(ctx, e.actor, d.Key)).must(tb, "ArchiveField")
			return func(svc *contactkit.Service) error { return scaleErr(svc.RestoreField(ctx, e.actor, d.Key)) }
		}},

		// Bulk calls over 10 IDs.
		{name: "DeleteContacts", answer: "10 contacts to the trash", call: bulk(func(svc *contactkit.Service, e *scaleEnv, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return svc.DeleteContacts(ctx, e.actor, b)
		})},
		{name: "TagContacts", answer: "10 contacts tagged", call: bulk(func(svc *contactkit.Service, e *scaleEnv, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return svc.TagContacts(ctx, e.actor, b, "Salon 2027")
		})},
		{name: "UntagContacts", answer: "10 contacts untagged", call: bulk(func(svc *contactkit.Service, e *scaleEnv, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return svc.UntagContacts(ctx, e.actor, b, "Salon 2026")
		})},
		{name: "AssignContacts", answer: "10 contacts assigned", call: bulk(func(svc *contactkit.Service, e *scaleEnv, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return svc.AssignContacts(ctx, e.actor, b, "u-commercial")
		})},
		{name: "SetContactsField", answer: "10 contacts' score", call: bulk(func(svc *contactkit.Service, e *scaleEnv, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return svc.SetContactsField(ctx, e.actor, b, fixture.FieldScore, "101")
		})},
		{name: "AddContactsToList", answer: "10 memberships", call: bulk(func(svc *contactkit.Service, e *scaleEnv, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return svc.AddContactsToList(ctx, e.actor, b, e.subject.lists[0])
		})},

		// An export and an import of a fixed few contacts.
		{name: "Export/csv", answer: "the 5 contacts of a rare word", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			return func(svc *contactkit.Service) error {
				res, err := svc.Export(ctx, e.actor, contactkit.ContactQuery{Text: scaleRareWord}, io.Discard, nil)
				return scaleCounted("Export exported", res.Contacts, err, e.spec.Rare)
			}
		}},
		{name: "Export/vcard", answer: "the 5 contacts of a rare word", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			opts := &contactkit.ExportOptions{Format: contactkit.ExportVCard}
			return func(svc *contactkit.Service) error {
				return scaleErr(svc.Export(ctx, e.actor, contactkit.ContactQuery{Text: scaleRareWord}, io.Discard, opts))
			}
		}},
		{name: "Import", runs: 20, answer: "a CSV file of 5 new contacts", call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			var b strings.Builder
			b.WriteString("Prénom,Nom,Email,Téléphone,Société\n")
			for range 5 {
				p := e.nextReachable()
				fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", p.FirstName, p.LastName, p.Email, p.Phone, strings.ReplaceAll(p.Company, ",", " "))
			}
			r := scaleGot(importer.NewCSV(strings.NewReader(b.String()), nil)).must(tb, "NewCSV")
			sample, rd, err := importer.Sample(r, 50)
			if err != nil {
				tb.Fatalf("Sample: %v", err)
			}
			m := importer.Suggest(rd.Header(), sample, e.defs, &importer.MapOptions{Region: "FR"})
			return func(svc *contactkit.Service) error {
				res, err := svc.Import(ctx, e.actor, rd, m, nil)
				return scaleCounted("Import created", res.Created, err, 5)
			}
		}},

		// Calls whose answer is the workspace's.
		{name: "Lists", known: wholeTable("list")},
		{name: "Automations", known: wholeTable("automation")},
		{name: "Tags", known: wholeTable("tag")},
		{name: "ConsentLedger", known: wholeTable("entry of the consent ledger")},
		{name: "Enrollments/all", known: wholeTable("enrollment")},
		{name: "FindDuplicates", known: "finds every group of duplicates of the workspace, from an index of the values contacts share that grows with it"},
		{name: "SuggestDuplicates", known: "iterates over every group of duplicates of the workspace, as FindDuplicates"},
		{name: "PreviewFieldTypeChange", known: "converts the value of every contact that has one, as documented: its answer counts them"},
		{name: "ChangeFieldType", known: "rewrites every contact that has a value of the field, as documented"},
	}
	for i := range checks {
		checks[i].pair = "size"
		if checks[i].runs == 0 {
			checks[i].runs = 30
		}
	}
	return checks
}
