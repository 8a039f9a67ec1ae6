package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// Options declares what a Store offers beyond the contract every Store must
// meet. The zero Options (and a nil *Options) declares nothing optional:
// every mandatory case runs, the optional ones are skipped.
type Options struct {
	// ParallelViews declares that read-only transactions run at the same
	// time as one another, at least while no read-write transaction waits
	// (store.Store.Update lets a Store run transactions one at a time, so
	// this is optional). When declared, the case Concurrency/ParallelViews
	// checks that two View calls can be inside their functions at once;
	// undeclared, it is skipped. A Store shared by cases that run in
	// parallel (Parallel) sees writers all the time: declare it only for a
	// Store that lets readers pass waiting writers.
	ParallelViews bool

	// TimePrecision is the finest unit of time the Store keeps, for a
	// backend whose timestamps are coarser than a nanosecond (PostgreSQL
	// keeps microseconds: time.Microsecond). The suite truncates every time
	// it stores to it, then requires the same instant back. Zero means the
	// Store keeps nanoseconds.
	TimePrecision time.Duration

	// Writers is the number of goroutines the Concurrency cases start.
	// Zero means 8.
	Writers int

	// Parallel runs the cases of each group in parallel (t.Parallel). Every
	// case works in workspaces of its own, so this is safe for a factory
	// that hands out stores sharing one database; it is off by default for
	// factories that are not safe to call concurrently.
	Parallel bool
}

// Run certifies a Store: it runs every case of the suite as a subtest of t,
// named "Group/Case" (Contacts/GetMissing, Tx/RollbackOnError, …), calling
// newStore once per case with that case's t. It is RunWith with nil Options.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	RunWith(t, newStore, nil)
}

// RunWith is Run for a Store that declares optional capabilities in opts
// (nil declares none). A case that needs a capability opts does not declare
// is skipped with the reason; a declared capability that the Store lacks
// fails its case.
func RunWith(t *testing.T, newStore func(t *testing.T) store.Store, opts *Options) {
	t.Helper()
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Writers <= 0 {
		o.Writers = 8
	}
	if o.TimePrecision < 0 {
		t.Fatalf("storetest: Options.TimePrecision is %v, want zero or positive", o.TimePrecision)
	}
	list := cases()
	for start := 0; start < len(list); {
		group, _, _ := strings.Cut(list[start].name, "/")
		end := start
		for end < len(list) && strings.HasPrefix(list[end].name, group+"/") {
			end++
		}
		members := list[start:end]
		t.Run(group, func(t *testing.T) {
			for _, c := range members {
				_, name, _ := strings.Cut(c.name, "/")
				t.Run(name, func(t *testing.T) {
					if o.Parallel {
						t.Parallel()
					}
					if c.needs != nil {
						if reason := c.needs(&o); reason != "" {
							t.Skipf("storetest: %s", reason)
						}
					}
					s := newStore(t)
					if s == nil {
						t.Fatalf("storetest: the factory returned a nil store.Store")
					}
					c.run(t, &env{s: s, opts: o})
				})
			}
		})
		start = end
	}
}

// testCase is one row of the suite: a stable name usable with -run, the
// optional capability it needs (nil: none; else a function that says why it
// is skipped, "" when declared) and the check.
type testCase struct {
	name  string
	needs func(*Options) string
	run   func(t *testing.T, e *env)
}

// cases is the table of the suite, grouped by the part of the contract they
// certify. Names are stable: adapters' CI may target them with -run.
func cases() []testCase {
	var out []testCase
	add := func(cs ...testCase) { out = append(out, cs...) }
	add([]testCase{
		{name: "Contacts/CreateSetsVersion", run: testContactsCreateSetsVersion},
		{name: "Contacts/RoundTrip", run: testContactsRoundTrip},
		{name: "Contacts/RoundTripTrashed", run: testContactsRoundTripTrashed},
		{name: "Contacts/GetMissing", run: testContactsGetMissing},
		{name: "Contacts/CreateDuplicateID", run: testContactsCreateDuplicateID},
		{name: "Contacts/UpdateVersion", run: testContactsUpdateVersion},
		{name: "Contacts/UpdateStaleVersion", run: testContactsUpdateStaleVersion},
		{name: "Contacts/UpdateMissing", run: testContactsUpdateMissing},
		{name: "Contacts/EmailTaken", run: testContactsEmailTaken},
		{name: "Contacts/PhoneTakenNamesOwner", run: testContactsPhoneTaken},
		{name: "Contacts/KeepOwnEmailAndPhone", run: testContactsKeepOwn},
		{name: "Contacts/NoEmailNoPhoneNotUnique", run: testContactsNoEmailNoPhone},
		{name: "Contacts/ReleaseEmailOnChange", run: testContactsReleaseEmail},
		{name: "Contacts/ReleasePhoneOnChange", run: testContactsReleasePhone},
		{name: "Contacts/ByEmail", run: testContactsByEmail},
		{name: "Contacts/ByPhone", run: testContactsByPhone},
		{name: "Contacts/ListPagesVisitEachOnce", run: testContactsListPages},
		{name: "Contacts/ListWhileWriting", run: testContactsListWhileWriting},
		{name: "Contacts/ListFilters", run: testContactsListFilters},
		{name: "Contacts/ListInvalidCursor", run: testContactsListInvalidCursor},
		{name: "Contacts/Copies", run: testContactsCopies},

		{name: "Trash/FreesEmailAndPhone", run: testTrashFreesEmailAndPhone},
		{name: "Trash/ByEmailAndPhoneIgnoreTrashed", run: testTrashByEmailAndPhoneIgnoreTrashed},
		{name: "Trash/TrashedDoNotCollide", run: testTrashTrashedDoNotCollide},
		{name: "Trash/RestoreTaken", run: testTrashRestoreTaken},
		{name: "Trash/RestoreFree", run: testTrashRestoreFree},
		{name: "Trash/ListLiveByDefault", run: testTrashListLiveByDefault},
		{name: "Trash/ListTrashed", run: testTrashListTrashed},
		{name: "Trash/ListDeletedBefore", run: testTrashListDeletedBefore},
		{name: "Trash/ListTagTrashed", run: testTrashListTagTrashed},

		{name: "Erase/Live", run: testEraseLive},
		{name: "Erase/Trashed", run: testEraseTrashed},
		{name: "Erase/Missing", run: testEraseMissing},
		{name: "Erase/Dependents", run: testEraseDependents},
		{name: "Erase/KeepsConsent", run: testEraseKeepsConsent},

		{name: "Isolation/ID", run: testIsolationID},
		{name: "Isolation/Email", run: testIsolationEmail},
		{name: "Isolation/Phone", run: testIsolationPhone},
		{name: "Isolation/List", run: testIsolationList},
		{name: "Isolation/Tags", run: testIsolationTags},
		{name: "Isolation/Fields", run: testIsolationFields},
		{name: "Isolation/History", run: testIsolationHistory},
		{name: "Isolation/Lists", run: testIsolationLists},
		{name: "Isolation/Memberships", run: testIsolationMemberships},
		{name: "Isolation/Consent", run: testIsolationConsent},
		{name: "Isolation/Automations", run: testIsolationAutomations},
		{name: "Isolation/Enrollments", run: testIsolationEnrollments},
		{name: "Isolation/Activities", run: testIsolationActivities},
		{name: "Isolation/Erase", run: testIsolationErase},

		{name: "Tx/CommitOnNil", run: testTxCommitOnNil},
		{name: "Tx/RollbackOnError", run: testTxRollbackOnError},
		{name: "Tx/RollbackOnPanic", run: testTxRollbackOnPanic},
		{name: "Tx/RollbackEngagement", run: testTxRollbackEngagement},
		{name: "Tx/ReadOwnWrites", run: testTxReadOwnWrites},
		{name: "Tx/NoDirtyReads", run: testTxNoDirtyReads},
		{name: "Tx/ViewIsReadOnly", run: testTxViewIsReadOnly},
		{name: "Tx/ViewReturnsError", run: testTxViewReturnsError},

		{name: "Context/Cancelled", run: testContextCancelled},
		{name: "Context/CancelledAccessors", run: testContextCancelledAccessors},

		{name: "Concurrency/WritersAtOneVersion", run: testConcurrencyWritersAtOneVersion},
		{name: "Concurrency/RetriedWritersLoseNothing", run: testConcurrencyRetriedWriters},
		{name: "Concurrency/ParallelViews", needs: needsParallelViews, run: testConcurrencyParallelViews},

		{name: "Fields/CreateGet", run: testFieldsCreateGet},
		{name: "Fields/DuplicateKey", run: testFieldsDuplicateKey},
		{name: "Fields/ListOrder", run: testFieldsListOrder},
		{name: "Fields/UpdateVersion", run: testFieldsUpdateVersion},
		{name: "Fields/Copies", run: testFieldsCopies},

		{name: "Tags/CreateGet", run: testTagsCreateGet},
		{name: "Tags/DuplicateKey", run: testTagsDuplicateKey},
		{name: "Tags/Delete", run: testTagsDelete},
		{name: "Tags/ListOrder", run: testTagsListOrder},
		{name: "Tags/ListPages", run: testTagsListPages},
		{name: "Tags/ListInvalidCursor", run: testTagsListInvalidCursor},

		{name: "History/AppendOrder", run: testHistoryAppendOrder},
		{name: "History/FieldFilter", run: testHistoryFieldFilter},
		{name: "History/ListPages", run: testHistoryListPages},
		{name: "History/EmptyContact", run: testHistoryEmptyContact},
		{name: "History/ListInvalidCursor", run: testHistoryListInvalidCursor},
	}...)

	add(aggregateCases("Lists", listsAggregate)...)
	add(testCase{name: "Lists/ListPages", run: testListsListPages})

	add([]testCase{
		{name: "Memberships/PutCreateAndUpdate", run: testMembershipsPutCreateAndUpdate},
		{name: "Memberships/PutStaleVersion", run: testMembershipsPutStaleVersion},
		{name: "Memberships/PutDuplicate", run: testMembershipsPutDuplicate},
		{name: "Memberships/ByListAndStatus", run: testMembershipsByListAndStatus},
		{name: "Memberships/ByContact", run: testMembershipsByContact},
		{name: "Memberships/ListPages", run: testMembershipsListPages},
		{name: "Memberships/ListInvalidCursor", run: testMembershipsListInvalidCursor},

		{name: "Consent/GetMissing", run: testConsentGetMissing},
		{name: "Consent/PutCreateAndUpdate", run: testConsentPutCreateAndUpdate},
		{name: "Consent/PutStaleVersion", run: testConsentPutStaleVersion},
		{name: "Consent/PerChannel", run: testConsentPerChannel},
		{name: "Consent/SurvivesContactUpdate", run: testConsentSurvivesContactUpdate},
	}...)

	add(aggregateCases("Automations", automationsAggregate)...)
	add(
		aggregateCase("Automations/Copies", automationsAggregate, testAggregateCopies),
		testCase{name: "Automations/ListPages", run: testAutomationsListPages},
		testCase{name: "Automations/Triggered", run: testAutomationsTriggered},
	)

	add(aggregateCases("Enrollments", enrollmentsAggregate)...)
	add(
		aggregateCase("Enrollments/Copies", enrollmentsAggregate, testAggregateCopies),
		testCase{name: "Enrollments/IdempotencyKeyUnique", run: testEnrollmentsIdempotencyKeyUnique},
		testCase{name: "Enrollments/ByKey", run: testEnrollmentsByKey},
		testCase{name: "Enrollments/ListQueries", run: testEnrollmentsListQueries},
		testCase{name: "Enrollments/ListPages", run: testEnrollmentsListPages},
		testCase{name: "Enrollments/ListInvalidCursor", run: testEnrollmentsListInvalidCursor},
	)

	add(aggregateCases("Activities", activitiesAggregate)...)
	add(
		testCase{name: "Activities/TimelineOrder", run: testActivitiesTimelineOrder},
		testCase{name: "Activities/TimelinePagesVisitEachOnce", run: testActivitiesTimelinePages},
		testCase{name: "Activities/TimelineInvalidCursor", run: testActivitiesTimelineInvalidCursor},
		testCase{name: "Activities/TimelineFilter", run: testActivitiesTimelineFilter},
		testCase{name: "Activities/TimelineOtherContact", run: testActivitiesTimelineOtherContact},
	)
	return out
}

func needsParallelViews(o *Options) string {
	if o.ParallelViews {
		return ""
	}
	return "Options.ParallelViews not declared: the Store may run View transactions one at a time"
}

// Transaction helpers. They fail the case (Fatalf) only for setup that the
// case cannot go on without; they never call t.Fatalf inside a transaction.

// update runs fn in a read-write transaction that must succeed.
func (e *env) update(t *testing.T, what string, fn func(tx store.Tx) error) {
	t.Helper()
	if err := e.s.Update(t.Context(), fn); err != nil {
		t.Fatalf("%s: Store.Update: got err %v, want nil", what, err)
	}
}

// view runs fn in a read-only transaction that must succeed.
func (e *env) view(t *testing.T, what string, fn func(tx store.Tx) error) {
	t.Helper()
	if err := e.s.View(t.Context(), fn); err != nil {
		t.Fatalf("%s: Store.View: got err %v, want nil", what, err)
	}
}

// create stores c (setting its Version), or stops the case.
func (e *env) create(t *testing.T, c *contact.Contact) {
	t.Helper()
	ctx := t.Context()
	if err := e.s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, c) }); err != nil {
		t.Fatalf("setup: Contacts.Create of a new contact: got err %v, want nil", err)
	}
}

// tryCreate stores c in a transaction of its own and returns the error.
func (e *env) tryCreate(t *testing.T, c *contact.Contact) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, c) })
}

// tryUpdate updates c in a transaction of its own and returns the error.
func (e *env) tryUpdate(t *testing.T, c *contact.Contact) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Update(ctx, c) })
}

// save updates c, which must succeed, or stops the case.
func (e *env) save(t *testing.T, c *contact.Contact) {
	t.Helper()
	if err := e.tryUpdate(t, c); err != nil {
		t.Fatalf("setup: Contacts.Update at the current version: got err %v, want nil", err)
	}
}

// get reads a contact in a View of its own.
func (e *env) get(t *testing.T, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	ctx := t.Context()
	var c contact.Contact
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		c, err = tx.Contacts().Get(ctx, ws, id)
		return err
	})
	return c, err
}

// mustGet reads a contact that must exist, or stops the case.
func (e *env) mustGet(t *testing.T, ws contact.WorkspaceID, id contact.ID) contact.Contact {
	t.Helper()
	c, err := e.get(t, ws, id)
	if err != nil {
		t.Fatalf("Contacts.Get of a stored contact: got err %v, want nil", err)
	}
	return c
}

func (e *env) byEmail(t *testing.T, ws contact.WorkspaceID, addr contact.Email) (contact.Contact, error) {
	ctx := t.Context()
	var c contact.Contact
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		c, err = tx.Contacts().ByEmail(ctx, ws, addr)
		return err
	})
	return c, err
}

func (e *env) byPhone(t *testing.T, ws contact.WorkspaceID, p contact.Phone) (contact.Contact, error) {
	ctx := t.Context()
	var c contact.Contact
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		c, err = tx.Contacts().ByPhone(ctx, ws, p)
		return err
	})
	return c, err
}

// within runs fn on a goroutine of its own and reports whether it returned
// within d. fn must not touch t.
func within(d time.Duration, fn func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		return false
	}
}

// cancelled returns a context that is already done.
func cancelled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}
