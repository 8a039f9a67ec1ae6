package contactkit

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/internal/phonenum"
	"github.com/contactkit/contactkit/internal/seenkeys"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// ImportMode says which rows an import writes: those that create a contact,
// those that update one, or both.
type ImportMode string

// The modes of an import. The zero ImportMode is ImportUpsert.
const (
	// ImportUpsert updates the contact a row matches and creates one for a
	// row that matches none.
	ImportUpsert ImportMode = "upsert"
	// ImportCreateOnly creates a contact for a row that matches none and
	// skips a row that matches one (SkipExists).
	ImportCreateOnly ImportMode = "create_only"
	// ImportUpdateOnly updates the contact a row matches and skips a row
	// that matches none (SkipMissing).
	ImportUpdateOnly ImportMode = "update_only"
)

// Valid reports whether m is one of the declared modes or zero.
func (m ImportMode) Valid() bool {
	switch m {
	case "", ImportUpsert, ImportCreateOnly, ImportUpdateOnly:
		return true
	}
	return false
}

// check refuses, as an invalid input and every problem at once, the
// options that an import cannot honour, and a nil reader.
func (o *ImportOptions) check(r importer.Reader) error {
	var errs []error
	if r == nil {
		errs = append(errs, errors.New("no reader"))
	}
	if !o.Mode.Valid() {
		errs = append(errs, fmt.Errorf("unknown import mode %s", inputtext.Quote(string(o.Mode))))
	}
	if o.DefaultRegion != "" && !phonenum.Supported(o.DefaultRegion) {
		errs = append(errs, fmt.Errorf("default region %s: %w", inputtext.Quote(o.DefaultRegion), contact.ErrPhoneUnknownRegion))
	}
	if o.BatchSize < 0 {
		errs = append(errs, fmt.Errorf("negative batch size %d", o.BatchSize))
	}
	if o.Workers < 0 {
		errs = append(errs, fmt.Errorf("negative number of workers %d", o.Workers))
	}
	return invalid(errors.Join(errs...))
}

// DefaultImportBatchSize is the number of rows an import writes per
// transaction when ImportOptions.BatchSize is zero.
const DefaultImportBatchSize = 500

// ImportOptions tune Import. A nil *ImportOptions means every default; the
// zero value of each field is its default.
type ImportOptions struct {
	// Mode says which rows are written (default ImportUpsert).
	Mode ImportMode
	// DryRun runs the whole import, batch by batch, with the same code in
	// transactions that are rolled back: the result, every row's outcome
	// (OnRow) and the failed rows (Failed) are those a real run would
	// give, and nothing is written and no event is delivered. A row sees
	// a contact that a row of an earlier batch updated as that row left
	// it, as in a real run: the run keeps such a contact in memory while
	// a later row may still match it (by an address no row gave so far).
	// Default false.
	DryRun bool
	// SuppressionOnly records in the consent ledger that every address of
	// every row (email; sms and whatsapp for a phone) is unsubscribed, and
	// creates or changes no contact: a row ends ImportSuppressed. The
	// other options but DryRun, BatchSize, Workers, Reason and the
	// callbacks are ignored. Default false.
	SuppressionOnly bool
	// UnsubscribeAll unsubscribes every address of every imported row
	// ("unsubscribe all"), and makes every created or updated contact an
	// unsubscribed member of each of Lists: it joins them unsubscribed,
	// and a member is unsubscribed. Default false: an address is unsubscribed
	// only when a consent column of its row that is about it says so
	// (see Import). An import never resubscribes an address: an address
	// the ledger holds unsubscribed stays so, and a consent cell that says
	// "subscribed" only opts in an address the ledger holds no choice for
	// (list.Consent.OptIn), as CreateContact's Consent does.
	UnsubscribeAll bool
	// Lists are lists every created or updated contact joins, as AddToList
	// joins them (never subscribed where the ledger holds its address
	// unsubscribed); a member keeps its status (with UnsubscribeAll, every
	// one of them ends unsubscribed). An unknown list fails the
	// whole import before any row (ErrUnknownList). Default none.
	Lists []list.ID
	// Tags are tag input added to every created or updated contact, as
	// TagContact adds them. Default none.
	Tags []string
	// Triggers makes the automation triggers of the import fire (contact
	// created, tag added, list subscribed), as they do for single calls.
	// Default false: an import enrols no one.
	Triggers bool
	// DefaultRegion is the region of a national phone number on a row
	// whose country column (when one is mapped) is blank, in either case
	// ("FR", "fr"); a region no phone is read in (contact.ParsePhone's
	// ErrPhoneUnknownRegion) fails the import before any row. Default: the
	// Service's Options.DefaultRegion.
	DefaultRegion string
	// Location is where a date and time without an offset lies, for a
	// custom field of type datetime: a spreadsheet holds its dates and
	// times so ("2024-05-01T10:30:00" from an xlsx cell). Default UTC.
	Location *time.Location
	// Reason is recorded with the unsubscribes and the blocks the import
	// makes. Default "import".
	Reason string
	// BatchSize is the number of rows written per transaction (default,
	// for zero: DefaultImportBatchSize). A batch is all-or-nothing. A
	// negative one fails the import before any row.
	BatchSize int
	// Workers is the number of goroutines that parse and normalise rows
	// ahead of the writes (default, for zero: runtime.GOMAXPROCS(0)). Rows
	// are written in the order of the file whatever it is. A negative
	// number fails the import before any row.
	Workers int
	// Progress, if set, is called after each committed (or, in a dry run,
	// rolled back) batch, on the goroutine of the call.
	Progress func(ImportProgress)
	// OnRow, if set, receives the outcome of every row, in the order of
	// the file, once its batch is committed.
	OnRow func(ImportRow)
	// Failed, if set, receives the failed rows as CSV (importer.Writer):
	// the file's header with an "Import error" column added
	// (importer.FailedColumn), then each failed row with its cells as
	// read and its reasons, so that the user fixes them and imports that
	// file again. It is written with the delimiter of a CSV file (a French
	// Excel's ";"), in UTF-8 after a byte order mark, so that the
	// spreadsheet that opened the file opens it alike, accents included.
	// A row of another number of cells than the header (a line cut short,
	// a comma not quoted) keeps its cells, its reasons after them: left as
	// it is, it fails again. A failed-rows file imported again keeps its
	// one column of reasons, wherever the user moved it, the reasons of
	// this run in place of the last run's; importer.Suggest maps that
	// column to nothing. A date written with numbers in the file's order
	// is written in ISO form (1990-05-04), which reads the same in any
	// file. The failed rows of a file without a header (importer.Mapping's
	// Headerless) come without one, their reasons in a last column, each
	// beginning with importer.FailedPrefix ("Import error: "), by which
	// the next import tells that column: the last cell of a row of a file
	// without a header that begins so is never read as a value, even in
	// a column the mapping reads (where the reasons of a row cut short
	// are).
	Failed io.Writer
	// TempDir is the directory where the import keeps, in temporary
	// files, the addresses of the rows it has seen past the first 131,072
	// (about 50,000 rows), to find the rows that repeat one: so its memory
	// stays flat (0.03 bytes an address past the first few hundred
	// thousand, instead of 14), and the files take
	// about 12 bytes an address (twice that for a while, as they are
	// merged). On Unix a file loses its name as soon as it is made (the
	// import reads it through the open file), so that not even a killed
	// process leaves one behind; elsewhere they are named contactkit-seen-*
	// and removed when Import returns, whatever it returns. Default
	// os.TempDir(); when that cannot be written at all (a read-only file
	// system), the import keeps every address in memory instead, as it
	// did before it used files. An error of the files of a TempDir given
	// here, or one met once files exist (a full disk), stops the import as
	// a store error does (ImportStoppedError).
	TempDir string

	// seenSpillAt, for tests, is the number of addresses the import keeps
	// in memory before it writes them to a temporary file; 0 means
	// seenkeys.DefaultSpillAt.
	seenSpillAt int
}

// ImportOutcome is what an import did with a row.
type ImportOutcome string

// The outcomes of a row; every row read ends with exactly one.
const (
	ImportCreated    ImportOutcome = "created"    // a new contact
	ImportUpdated    ImportOutcome = "updated"    // the contact it matched
	ImportSuppressed ImportOutcome = "suppressed" // a suppression-only row: its addresses are unsubscribed
	ImportSkipped    ImportOutcome = "skipped"    // no contact written (but its unsubscribes); see SkipReason
	ImportFailed     ImportOutcome = "failed"     // no contact written (but its unsubscribes); see ImportRow.Err
)

// SkipReason says why a row was skipped.
type SkipReason string

// The reasons a row is skipped.
const (
	// SkipExists: ImportCreateOnly, and the row matches a contact.
	SkipExists SkipReason = "contact exists"
	// SkipMissing: ImportUpdateOnly, and the row matches no contact.
	SkipMissing SkipReason = "no matching contact"
	// SkipDuplicate: the row shares its contactkit ID or a normalised
	// email or phone with an earlier row of the file (ImportRow.DuplicateOf)
	// that was not failed (a phone only, see Import, when the row has no
	// email or the earlier row had none).
	SkipDuplicate SkipReason = "duplicate of an earlier row"
	// SkipHeader: the row repeats the header row, as files made by
	// joining several exports do ("cat a.csv b.csv"): it is no contact.
	SkipHeader SkipReason = "a repeat of the header row"
)

// ImportRow is the outcome of one row.
type ImportRow struct {
	Line    int // the row's line in the file (see importer.Row)
	Outcome ImportOutcome
	// Contact is the contact created, updated or, for SkipExists, matched.
	Contact contact.ID
	// Skip is the reason of a skipped row; DuplicateOf, for SkipDuplicate,
	// the line of the earlier row.
	Skip        SkipReason
	DuplicateOf int
	// Err is why a failed row failed.
	Err *ImportRowError
}

// ErrAmbiguousMatch is the reason of a row whose contactkit ID, emails and
// phones name two different contacts.
var ErrAmbiguousMatch = errors.New("row matches two different contacts")

// ErrUnknownConsent is the reason of a consent cell whose value
// importer.ParseConsent does not understand: the row fails rather than
// import the address as subscribed.
var ErrUnknownConsent = errors.New("unknown consent value")

// ErrSharedPhone is the reason of a row with emails whose phone an
// earlier row of the file with other emails gave, and whose emails find no
// contact that holds it: two people, colleagues sharing an office's
// number, and a phone belongs to one contact (see Import).
var ErrSharedPhone = errors.New("phone given by an earlier row with other emails")

// namedKey is the key under which an import records that a row with
// emails gave the phone key k (see importRun.row): no contact key starts
// so.
func namedKey(k string) string { return "+" + k }

// refKey is the key under which an import records that a row gave the
// contactkit ID id (see importRun.row): no contact key starts so.
func refKey(id contact.ID) string { return "#" + id.String() }

// hasIDColumn reports whether m maps a column to the contactkit ID.
func hasIDColumn(m importer.Mapping) bool {
	return slices.ContainsFunc(m.Columns, func(c importer.Column) bool { return c.Target.Kind == importer.KindContactID })
}

// byRef returns the contact a row's contactkit ID id names in the actor's
// workspace, if any: a live contact created before the import began. None
// for the zero ID, one of another workspace, erased or purged, or in the
// trash (as a contact in the trash holds no email or phone to be matched
// by); and none whose CreatedAt is after the time the import began (by
// Options.Now): an export names only contacts that existed when it was
// written, and a contact this import created whose ID an ID generator gave
// again (a host's own sequence, replayed in another workspace or store) is
// none of the file's, which a dry run, whose creations are rolled back,
// would not see either. It is a test of the clock: under a clock that does
// not move, such a contact is named; under clocks of several machines that
// disagree, a contact one of them created just before is not.
func (im *importRun) byRef(ctx context.Context, tx store.Tx, id contact.ID) (contact.Contact, bool, error) {
	if id.IsZero() {
		return contact.Contact{}, false, nil
	}
	c, err := tx.Contacts().Get(ctx, im.a.Workspace, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && (c.Trashed() || c.CreatedAt.After(im.start)) {
		return contact.Contact{}, false, nil
	}
	return c, err == nil, err
}

// ErrUnknownBlocked is the reason of a blocked cell whose value
// importer.ParseBlocked does not understand.
var ErrUnknownBlocked = errors.New("unknown blocked value")

// ImportRowError says why a row failed: one ImportProblem per bad cell,
// or one with Column -1 for a problem of the whole row. errors.Is and
// errors.AsType see the reason of each problem (contact.ErrInvalidPhone,
// ErrAmbiguousMatch, …).
type ImportRowError struct {
	Line     int
	Problems []ImportProblem
}

// ImportProblem is one reason a row failed.
type ImportProblem struct {
	Column int // the column's index in the header; -1 for the whole row
	// Header is the column's header: "" for the whole row, or in a file
	// without a header row (importer.Mapping.Headerless).
	Header string
	Value  string // the cell as read, trimmed; "" for the whole row
	// Region is, for a phone, the region its national form was read in
	// ("" for none), and RegionFrom where that region came from: "calling
	// code column", "country column", "import default" or "service
	// default".
	Region, RegionFrom string
	Err                error
}

func (p ImportProblem) String() string {
	var b strings.Builder
	switch {
	case p.Column >= 0 && p.Header == "":
		fmt.Fprintf(&b, "column %d %q: ", p.Column+1, clipValue(p.Value))
	case p.Column >= 0:
		fmt.Fprintf(&b, "column %d (%s) %q: ", p.Column+1, p.Header, clipValue(p.Value))
	}
	b.WriteString(p.Err.Error())
	if p.RegionFrom != "" {
		r := p.Region
		if r == "" {
			r = "none"
		}
		fmt.Fprintf(&b, " (region %s, from the %s)", r, p.RegionFrom)
	}
	return b.String()
}

func clipValue(s string) string {
	if len(s) > 40 {
		i := 40
		for i > 0 && s[i]&0xC0 == 0x80 {
			i--
		}
		return s[:i] + "…"
	}
	return s
}

// Error returns "line N: " and the problems, separated by "; ". A nil
// *ImportRowError (the Err of a row that did not fail) reads "<nil>".
func (e *ImportRowError) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("line ")
	b.WriteString(strconv.Itoa(e.Line))
	b.WriteString(": ")
	b.WriteString(e.reasons())
	return b.String()
}

func (e *ImportRowError) reasons() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return strings.Join(parts, "; ")
}

// Unwrap returns the reason of each problem: none for a nil
// *ImportRowError, so that errors.Is(row.Err, …) is false for a row that
// did not fail.
func (e *ImportRowError) Unwrap() []error {
	if e == nil {
		return nil
	}
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.Err
	}
	return out
}

// ImportResult counts the outcomes of an import. Created + Updated +
// Suppressed + Skipped + Failed == Rows.
type ImportResult struct {
	DryRun                                        bool
	Rows                                          int // rows read and given an outcome
	Created, Updated, Suppressed, Skipped, Failed int
	// Skipped, by reason: SkipExists, SkipMissing, SkipDuplicate and
	// SkipHeader.
	SkippedExists, SkippedMissing, SkippedDuplicates, SkippedHeaders int
	Batches                                                          int // batches committed (rolled back, in a dry run)
	// StoppedAt is, when the import stopped before the end of the file
	// (cancelled, or a store error), the line of the first row it did not
	// import: importing the file again from there goes on. 0 otherwise.
	StoppedAt int
}

// ImportProgress reports how far an import has come, after each batch.
type ImportProgress struct {
	ImportResult
	Line int // the line of the last row of the batch
}

// ImportStoppedError is returned by Import when it stopped between batches
// (its context was cancelled, a batch failed, the temporary files of
// ImportOptions.TempDir could not be written or read, or the failed rows
// could not be written to ImportOptions.Failed once their batch committed):
// the batches before Line are written whole, counted in the result and
// their events delivered; the rows from Line on are not. It wraps the cause.
// When the file itself cannot be read on (a final error of the Reader),
// every row read is imported and Line is the line after the last one.
type ImportStoppedError struct {
	Line int // the first line not imported
	Err  error
}

func (e *ImportStoppedError) Error() string {
	return fmt.Sprintf("import stopped before line %d: %v", e.Line, e.Err)
}

// Unwrap returns the cause: ctx.Err(), a store error, a read error, an
// error of the temporary files.
func (e *ImportStoppedError) Unwrap() error { return e.Err }

// Import imports the rows of r, read through m, into the actor's workspace:
// each row is parsed and normalised (several rows at once, on Workers
// goroutines), then, in the order of the file, matched against the live
// contacts by its contactkit ID, then each of its emails, then each of its
// phones (primary or secondary), and created, updated, skipped or failed,
// in batches of BatchSize rows, one transaction each. The rows of a file without a header
// (m.Headerless) begin with the one r gives as its header.
//
//   - A row that shares a normalised email or phone with an earlier row
//     that did not fail is skipped as a duplicate; it changes no contact,
//     but the unsubscribes it holds are recorded by address, as are those
//     of a row skipped because its contact exists (create-only) or because
//     none does (update-only). A row whose
//     addresses belong to two contacts fails with ErrAmbiguousMatch.
//     Two rows that name one contact by different addresses (its email,
//     its phone) are no duplicates: each updates it, the later one's
//     values winning, in every run of the file (so a file imported again
//     leaves such a contact as it was, but records its changes and
//     announces them again). A row that no ID, email or phone names
//     creates a contact in every run. A row refused for the workspace as
//     it was (an address another contact holds, ErrSharedPhone,
//     ErrAmbiguousMatch) may end otherwise in a later run of the file,
//     which finds the contacts that the rows after it created: such a
//     file, imported again after a run that stopped, may not end as one
//     whole run does.
//   - A row's contactkit ID (importer.KindContactID, which Export writes)
//     names its contact in the actor's workspace, as an email does: a
//     contact without an email or phone imported back from its export is
//     found by it. An ID of no live contact of the workspace (one of
//     another workspace, erased, or in the trash, which is matched by
//     nothing), or of one created since the import began (which no export
//     of before names), names none, and the row is matched by its
//     addresses; an ID
//     and an address that name two contacts fail the row with
//     ErrAmbiguousMatch, and a cell that is no ID fails it with the
//     *contact.ParseError of contact.ParseID. A row whose ID an earlier
//     row gave is that row's duplicate.
//   - A row's emails name its person, and colleagues share an office's
//     number: a row with emails matches no contact by a phone when none of
//     its emails matched and that contact has emails of its own (the row
//     then creates a contact, refused for the taken phone: it fails on
//     that cell with a *TakenError). Within the file, a phone of a row with
//     emails that no earlier row gave, which an earlier row with emails
//     gave, makes the row no duplicate: the row is that person when its
//     emails find a contact that holds the phone, else it fails on the
//     phone with ErrSharedPhone (or is skipped where it would write
//     nothing: create-only and its contact exists, update-only and none
//     does). A contact without an email is matched by its phone, and gets
//     the row's email.
//   - An update never clears a value with a blank cell, keeps the
//     contact's emails and phones and adds the row's new ones as
//     secondary, and adds tags; it never removes anything. A label the
//     row gives in a label cell to an address the contact holds is that
//     address's label, as any cell that is not blank sets its value; the
//     label a column's header implies ("Mobile Phone") labels new
//     addresses only.
//   - A phone in national form is read in the region of the row's calling
//     code column (importer.KindCallingCode) or else country column, when
//     one is mapped and set, else ImportOptions.DefaultRegion, else
//     Options.DefaultRegion (a custom field of type phone too, as the
//     row's phones are read); its error names that region. A cell of
//     digits alone that the region does not read is read as an
//     international number without its "+" when the mapping says the file
//     writes them so (importer.Mapping.PlusDropped).
//   - An import never resubscribes an address: it unsubscribes those that
//     any consent column says are unsubscribed (two that disagree leave it
//     unsubscribed), or every one with
//     UnsubscribeAll (which also makes each contact of the file an
//     unsubscribed member of the import's Lists), and an address the
//     ledger holds unsubscribed stays
//     so, also on a new contact and in the lists it joins. A consent
//     column (not an opt-out one) that says an address consented opts it
//     in (a column without a slot, the first address of its channel in
//     the row) where the ledger holds no choice for it (list.Consent.OptIn: in
//     a workspace whose policy leaves new addresses unsubscribed, the
//     subscribers of an audience imported with their consent), unless
//     another column of the row unsubscribes it. A consent
//     column of a slot ("Email 2 - Consent", "Phone 2 - SMS Opt Out") is
//     about the address of that slot's email or phone column only; one
//     without a slot ("Email Consent", "Unsubscribed from all email") about
//     every address of its channel in the row but those whose slot has a
//     consent cell of its own that is not blank (importer.ConsentCell).
//   - A custom number or amount is read with the file's decimal mark
//     (importer.Mapping.Decimal: "1,234" is 1.234 in a file of decimal
//     commas, 1234 in one of decimal points, and refused as ambiguous
//     when the mapping does not say; see importer.Mapping.FieldValue).
//   - A language cell is a BCP 47 tag or a language's name in English,
//     French or itself ("Français"), as importer.ParseLanguage reads it.
//   - A notes cell adds a note to the row's contact, unless the contact
//     has that note from an import already (its key is the note's digest;
//     see NoteInput.Key): an import run again, after it stopped or on the
//     same file, adds no note twice.
//   - A failed row names its line, and each bad cell its column, value
//     and reason; it does not stop the others. It changes no contact, but
//     the unsubscribes it holds for the addresses that parsed are recorded
//     by address, as a duplicate's are: an opt-out is not lost on a cell
//     that has nothing to do with it.
//   - A select or multiselect cell may name a hidden option by its value,
//     as the export of a contact holding one writes it: the import reads
//     the contact back (I6). Other calls refuse a hidden option as new
//     input.
//
// Custom field definitions are read before the first row; m must pass
// importer.Mapping.Validate with them, and importer.Mapping.CheckHeader
// with the header of r (a mapping of another file is refused, wrapping
// importer.ErrColumn, before any row): what they refuse is refused as an
// invalid input (ErrInvalidInput), every problem at once. Each batch reads them again, and its
// rows are checked against them as CreateContact and UpdateContact would
// check them then (a field archived, made required or retyped during the
// import applies to the next batch). When ctx is cancelled, Import stops
// between batches: the batches done stay done, and it returns the result so
// far with an *ImportStoppedError that says the first line not imported and
// wraps ctx.Err(). Any other error of a batch also stops it that way, the
// batch rolled back whole.
//
// The events of a batch (created, updated, tagged, unsubscribed, …) are
// written to the store's outbox, when it keeps one, in the batch's
// transaction, and delivered to Options.Subscribers after it commits.
func (s *Service) Import(ctx context.Context, a Actor, r importer.Reader, m importer.Mapping, opts *ImportOptions) (ImportResult, error) {
	const op = "import"
	var o ImportOptions
	if opts != nil {
		o = *opts
		o.Lists = slices.Clone(opts.Lists)
		o.Tags = slices.Clone(opts.Tags)
	}
	res := ImportResult{DryRun: o.DryRun}
	if err := s.admit(ctx, a, ""); err != nil {
		return res, fmt.Errorf("%s: %w", op, err)
	}
	if err := o.check(r); err != nil {
		return res, fmt.Errorf("%s: %w", op, err)
	}
	if o.Mode == "" {
		o.Mode = ImportUpsert
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultImportBatchSize
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Reason == "" {
		o.Reason = "import"
	}
	// The history says an import wrote, whatever path the call came
	// through (H2), as it says a merge did.
	a.Source = contact.ChangeImport
	tags, err := s.opts.Limits.Tags.Parse(o.Tags...)
	if err == nil {
		err = s.opts.Limits.CheckReason(o.Reason)
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w", op, invalid(err))
	}
	var defs []field.Definition
	err = s.store.View(ctx, func(tx store.Tx) error {
		var err error
		if defs, err = fieldDefinitions(ctx, tx, a.Workspace, false); err != nil {
			return err
		}
		for _, id := range o.Lists {
			if _, err := store.Lists(tx.Records()).Get(ctx, a.Workspace, id); errors.Is(err, store.ErrNotFound) {
				return invalid(fmt.Errorf("%w: %s", ErrUnknownList, id))
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		// A mapping that does not hold, or was made for another file.
		err = invalid(errors.Join(m.Validate(defs), m.CheckHeader(r.Header())))
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w", op, err)
	}
	im := &importRun{s: s, a: a, o: o, m: m, defs: defs, tags: tags, header: r.Header(), dateCols: m.DateColumns(defs), byID: hasIDColumn(m), start: s.now(),
		seed: maphash.MakeSeed(), seen: seenkeys.Set{Dir: o.TempDir, SpillAt: o.seenSpillAt}}
	// On every path (an error, a panic): closing twice does nothing.
	defer im.seen.Close()
	if o.DryRun {
		im.kept = map[contact.ID]contact.Contact{}
	}
	// A failed-rows file imported again keeps its one column of reasons,
	// for this run's: found by its header, or in a file without one, as
	// Suggest found it (or by its cells, see failedRow).
	im.reasonsAt = -1
	if o.Failed != nil && m.Headerless {
		// The failed rows of a file without a header, as it was.
		fo := failedFormat(r)
		fo.NoHeader = true
		im.failed = importer.NewWriter(o.Failed, fo)
		if i := slices.IndexFunc(m.Columns, func(c importer.Column) bool { return c.Reason.Kind == importer.ReasonFailed }); i >= 0 {
			im.reasonsAt = m.Columns[i].Index
		}
	} else if o.Failed != nil {
		im.failed = importer.NewWriter(o.Failed, failedFormat(r))
		header := im.header
		if im.reasonsAt = slices.IndexFunc(header, importer.IsFailedColumn); im.reasonsAt < 0 {
			header = append(slices.Clone(header), importer.FailedColumn)
		}
		if err := im.failed.WriteHeader(header); err != nil {
			return res, fmt.Errorf("%s: %w", op, err)
		}
	}
	err = im.run(ctx, r, &res)
	if im.failed != nil {
		if ferr := im.failed.Flush(); err == nil && ferr != nil {
			// Every row is imported, but not all their failed rows written.
			res.StoppedAt = im.end
			err = &ImportStoppedError{Line: im.end, Err: fmt.Errorf("failed rows: %w", ferr)}
		}
	}
	if cerr := im.seen.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w", op, err)
	}
	return res, nil
}

// failedFormat returns the options of the failed-rows file of a read
// from r: the delimiter of a CSV file, so that a spreadsheet set for the
// file opens the failed rows as it opened the file, and a UTF-8 byte order
// mark, without which Excel reads UTF-8 as its code page (a file whose
// first 64 KiB are ASCII is told its encoding only later, and any file may
// be fixed in Excel; this package's readers skip the mark). A Reader that
// wraps another (Sample's) gives it with an Unwrap method.
func failedFormat(r importer.Reader) *importer.WriterOptions {
	return &importer.WriterOptions{Ragged: true, BOM: true, Delimiter: importer.DelimiterOf(r)}
}

// importRun is the state of one Import call.
type importRun struct {
	s *Service
	a Actor
	o ImportOptions
	m importer.Mapping
	// defs are the workspace's field definitions but archived ones, read
	// once, before the first row: the rows are parsed and the contacts
	// they create built with them (again with batchDefs when a batch
	// reads others).
	defs []field.Definition
	// dateCols are the columns of dates (importer.Mapping.DateColumns).
	dateCols []int
	// required and defByKey are the definitions as the batch being written
	// reads them, in its transaction: those a contact must have a value
	// of, and every one, archived ones included. An update checks the
	// contact it changes against them, whose values may be of definitions
	// made or changed since the first row.
	required []field.Definition
	defByKey map[field.Key]field.Definition
	// changed is whether the batch's definitions differ from defs (a field
	// created, changed, archived or deleted since the first row), and
	// batchDefs, then, all of them: its rows are prepared again with them,
	// so that a row creates the contact CreateContact would create then.
	changed   bool
	batchDefs []field.Definition
	tags      []tag.Name
	header    []string
	// byID is set when the mapping has a contactkit ID column
	// (importer.KindContactID): a row may match a contact by its ID, one
	// created before start, when the import began (see byRef).
	byID  bool
	start time.Time
	// reasonsAt is, in a failed-rows file imported again, the index of
	// its column of reasons (importer.FailedColumn), -1 in another file:
	// a failed row's reasons replace that cell's.
	reasonsAt int
	failed    *importer.Writer
	// seen maps a hash of each normalised email and phone key of the rows
	// that did not fail to the line of the first such row: a fixed number
	// in memory, the others in temporary files of TempDir, of which it
	// keeps a bounded part in memory (see seenkeys.Set). With kept, in a
	// dry run, it is the only state that grows with the file. pending are
	// the keys of the last batch written, which join seen before the next
	// batch reads it: a write to seen's files that fails then stops the
	// import before that batch, not after a batch committed.
	seen    seenkeys.Set
	pending map[uint64]int
	// outcomes and history are the room of a batch's outcomes and
	// property history, used again by the next.
	outcomes []ImportRow
	history  []contact.Change
	seed     maphash.Seed
	// kept holds, in a dry run, the contacts that rolled-back batches
	// updated, as they left them, when a later row may still match them
	// (by an address no row gave so far): that row sees them as a real
	// run would. Nil in a real run.
	kept map[contact.ID]contact.Contact
	// building is the contact the row being written creates (see create).
	building contact.Contact
	// end is the line after the last row, once the whole file is imported.
	end int
	// pr is the writer's preparer, for a row it prepares again
	// (reprepare).
	pr preparer
}

// chunk is a run of rows parsed by one worker. done receives once when
// the worker is done with it.
type chunk struct {
	rows []prepared
	done chan struct{}
}

const chunkRows = 64

// readAhead is the fewest rows an import reads and prepares ahead of its
// writes (two batches' worth, when that is more): about 12 MB of heap with
// the default batch size, whatever the file's size (a prepared row, its
// contact built, is about 3 KB). With 320 rows (a batch's worth then),
// the generated import of BenchmarkImport ran at 1.13-1.19 times the
// phone loop; with 4,096, at 1.39-1.45.
const readAhead = 4096

// run reads r, parses chunks of rows on the workers and writes them in
// order, a batch at a time.
func (im *importRun) run(ctx context.Context, r importer.Reader, res *ImportResult) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	work := make(chan *chunk, im.o.Workers)
	// The chunks read ahead of the writer: two batches' worth, and at
	// least readAhead rows, so that the workers prepare the next batches
	// while the writer writes one, and neither waits for the other when
	// the collector takes a core for a while.
	ordered := make(chan *chunk, max(2*im.o.Workers+1, max(2*im.o.BatchSize, readAhead)/chunkRows))
	// free holds the chunks the writer is done with, for the reader to
	// fill again: a prepared row is about 3 KB, and a new chunk for every
	// 64 rows was a sixth of what an import allocated.
	free := make(chan *chunk, cap(ordered)+im.o.Workers+1)
	var readErr error
	lastLine := 0 // the line of the last row read, for a read error
	// cutAt is the first line of the rows read but not passed on when the
	// reading stopped for the context: they were not imported.
	cutAt := 0
	// first is the header of a file without one: its first row.
	var first *importer.Row
	if im.m.Headerless {
		h := importer.HeaderRow(r)
		h.Cells = slices.Clone(h.Cells)
		first = &h
	}
	wg.Add(1 + im.o.Workers)
	go func() {
		defer wg.Done()
		defer close(work)
		defer close(ordered)
		for {
			var c *chunk
			select {
			case c = <-free:
			default:
				c = &chunk{rows: make([]prepared, 0, chunkRows), done: make(chan struct{}, 1)}
			}
			for len(c.rows) < chunkRows {
				var row importer.Row
				var err error
				if first != nil {
					row, first = *first, nil
				} else {
					row, err = r.Next()
				}
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					if _, ok := errors.AsType[*importer.RowError](err); !ok {
						readErr = err
						break
					}
				}
				c.rows = append(c.rows, prepared{line: row.Line, cells: row.Cells, verbatim: row.Verbatim, readErr: err})
				lastLine = row.Line
			}
			if len(c.rows) == 0 {
				return
			}
			// Once passed on, c is the workers' and the writer's.
			last := len(c.rows) < chunkRows
			select {
			case ordered <- c:
			case <-ctx.Done():
				cutAt = c.rows[0].line
				return
			}
			select {
			case work <- c:
			case <-ctx.Done():
				return
			}
			if last {
				return
			}
		}
	}()
	for range im.o.Workers {
		go func() {
			defer wg.Done()
			var pr preparer
			for c := range work {
				for i := range c.rows {
					im.prepare(&c.rows[i], im.defs, &pr)
				}
				c.done <- struct{}{}
			}
		}()
	}
	batch := make([]prepared, 0, im.o.BatchSize)
	stopAt := func(line int, err error) error {
		res.StoppedAt = line
		return &ImportStoppedError{Line: line, Err: err}
	}
	// after is an error met once a batch committed: the import stops
	// before the next row. written is the line of the last row written.
	var after error
	written := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return stopAt(batch[0].line, err)
		}
		if err := im.batch(ctx, batch, res); err != nil {
			ce, ok := errors.AsType[*committedError](err)
			if !ok {
				return stopAt(batch[0].line, err)
			}
			after = ce.err
		}
		written = batch[len(batch)-1].line
		batch = batch[:0]
		return nil
	}
	for c := range ordered {
		select {
		case <-c.done:
		case <-ctx.Done():
			if len(batch) == 0 {
				return stopAt(c.rows[0].line, ctx.Err())
			}
			return stopAt(batch[0].line, ctx.Err())
		}
		for _, p := range c.rows {
			if after != nil {
				return stopAt(p.line, after)
			}
			batch = append(batch, p)
			if len(batch) == im.o.BatchSize {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		// The batch holds copies of the rows: the chunk can be filled
		// again, without what its rows held.
		clear(c.rows)
		c.rows = c.rows[:0]
		select {
		case free <- c:
		default:
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if after != nil {
		// The last batch committed: the rows read are imported, their
		// failed rows not all written (and the file perhaps not read to
		// its end).
		return stopAt(written+1, errors.Join(after, readErr))
	}
	if cutAt != 0 {
		// The reading stopped for the context between two batches.
		res.StoppedAt = cutAt
		return &ImportStoppedError{Line: cutAt, Err: ctx.Err()}
	}
	if readErr != nil {
		// The file cannot be read on: every row read is imported, and the
		// import stops after the last one.
		res.StoppedAt = lastLine + 1
		return &ImportStoppedError{Line: lastLine + 1, Err: readErr}
	}
	im.end = written + 1
	return nil
}

// labeledAddr is a parsed email or phone with its label.
// addedAddresses returns what a patch sets to add the addresses of row that
// a contact lacks, one kind at a time (emails or phones): the contact's
// primary is primary, its secondary addresses others. The first new
// address becomes the primary when there is none (then primary and label
// are set), the others are added after the contact's secondary ones, and
// so is raw input that did not parse (for contact.Patch.Apply to report).
// others is nil when nothing is new.
func addedAddresses[A interface {
	comparable
	String() string
}, L any](primary A, existing []L, parts func(L) (A, contact.Label), row []labeledAddr[A], raw []contact.LabeledInput) (first, label *string, others *[]contact.LabeledInput) {
	var zero A
	have := []A{}
	if primary != zero {
		have = append(have, primary)
	}
	union := make([]contact.LabeledInput, 0, len(existing)+len(row))
	for _, o := range existing {
		a, l := parts(o)
		have = append(have, a)
		union = append(union, contact.LabeledInput{Value: a.String(), Label: string(l)})
	}
	added := false
	for _, r := range row {
		if slices.Contains(have, r.addr) {
			continue
		}
		have = append(have, r.addr)
		added = true
		if primary == zero && first == nil {
			v, l := r.addr.String(), r.label
			first, label = &v, &l
			continue
		}
		union = append(union, contact.LabeledInput{Value: r.addr.String(), Label: r.label})
	}
	union = append(union, raw...)
	if !added && len(raw) == 0 {
		return nil, nil, nil
	}
	return first, label, &union
}

// relabeled returns what a patch sets to give the addresses of row that a
// contact holds the labels that label cells of row give them, where not
// blank and other than theirs: the label of the contact's primary (nil to
// keep it), and its secondary addresses (nil to keep them): union, the
// list addedAddresses made (the contact's own first, in their order), or
// the contact's own when it made none, with their labels changed.
func relabeled[A interface {
	comparable
	String() string
}, L any](primary A, primaryLabel contact.Label, existing []L, parts func(L) (A, contact.Label),
	row []labeledAddr[A], union *[]contact.LabeledInput) (label *string, others *[]contact.LabeledInput) {
	var zero A
	var list []contact.LabeledInput
	for _, r := range row {
		if r.label == "" || !r.cell.LabelCell {
			continue
		}
		if r.addr == primary && primary != zero {
			if r.label != string(primaryLabel) {
				l := r.label
				label = &l
			}
			continue
		}
		for k, o := range existing {
			a, l := parts(o)
			if a != r.addr || r.label == string(l) {
				continue
			}
			if list == nil {
				if union != nil {
					list = slices.Clone(*union)
				} else {
					for _, o := range existing {
						a, l := parts(o)
						list = append(list, contact.LabeledInput{Value: a.String(), Label: string(l)})
					}
				}
			}
			list[k].Label = r.label
		}
	}
	if list != nil {
		others = &list
	}
	return label, others
}

type labeledAddr[T any] struct {
	addr  T
	label string
	cell  importer.Cell
}

// prepared is a row parsed and normalised by a worker.
type prepared struct {
	line     int
	cells    []string
	verbatim bool // importer.Row.Verbatim
	readErr  error
	// problems are the bad cells; a row with any fails.
	problems []ImportProblem
	emails   []labeledAddr[contact.Email]
	phones   []labeledAddr[contact.Phone]
	keys     []matchKey
	tags     []tag.Name
	notes    []importNote
	unsub    []list.Address
	// optIn are the addresses a consent cell says consented to
	// (importer.Consented): opted in where the ledger holds no choice for
	// them (list.Consent.OptIn), unless unsub holds them too.
	optIn []list.Address
	// headerAgain says the row repeats the header (SkipHeader).
	headerAgain bool
	// block says the row's contact is blocked (importer.KindBlocked): a
	// created one is created blocked, an updated one is blocked. No row
	// unblocks.
	block bool
	// patch holds the row's other values (names, country, custom fields,
	// …), canonical where parsed; fresh is the contact it creates, built
	// and validated ahead, or freshErr why it cannot be.
	patch    contact.Patch
	fresh    contact.Contact
	freshErr []ImportProblem
	// created is the creation record of fresh with createdTags, and holds
	// the keys fresh holds in the duplicate index (see precreate).
	created     contact.Change
	createdTags tag.Set
	holds       []merge.HoldChange
	// id is the ID of the contact the row creates, if it creates one: drawn
	// before the batch's transaction, so that the store can be told it.
	id contact.ID
	// ref is the contact the row's contactkit ID cell names
	// (importer.KindContactID), zero for none.
	ref contact.ID
}

// namedCell is the cell of a value of a Patch, by the name of its field
// (contact.FieldFirstName, …), as contact.ParseError gives it.
type namedCell struct {
	name string
	cell importer.Cell
}

// sized returns room[:n], zero room of the caller's, when room has that
// many elements, else a new slice of n.
func sized[T any](room []T, n int) []T {
	if n <= len(room) {
		return room[:n]
	}
	return make([]T, n)
}

// compareAddresses orders addresses by channel, then value: a total order,
// for sorting and compacting a row's addresses.
func compareAddresses(a, b list.Address) int {
	return cmp.Or(strings.Compare(string(a.Channel), string(b.Channel)), strings.Compare(a.Value, b.Value))
}

type matchKey struct {
	key   string
	cell  importer.Cell
	phone bool // a phone's key, else an email's
}

func (im *importRun) problem(c importer.Cell, err error) ImportProblem {
	h := ""
	if c.Column >= 0 && c.Column < len(im.header) && !im.m.Headerless {
		// (The header of a file without one is its first row: values.)
		h = im.header[c.Column]
	}
	return ImportProblem{Column: c.Column, Header: h, Value: c.Value, Err: err}
}

func rowProblem(err error) ImportProblem {
	// The row's result says its line: not its problem again.
	if re, ok := errors.AsType[*importer.RowError](err); ok {
		err = re.Err
	}
	return ImportProblem{Column: -1, Err: err}
}

// preparer is what a worker keeps from row to row: the record it reads
// each row into, and the tags of the tag cells it read.
type preparer struct {
	rec importer.Record
	// tags holds the names of the last tag cells read (most files' tag
	// cells repeat a few values), at most maxTagCells of them.
	tags map[string][]tag.Name
}

// maxTagCells is the most tag cells a preparer keeps the names of.
const maxTagCells = 256

// cellTagLimits returns the limits of a row's tags cell: a contact's
// tags, which its export writes in one cell, so as many names as a contact
// holds (l.PerContact) when that is more than one call's (l.PerCall), in
// as many bytes as they take.
func cellTagLimits(l tag.Limits) tag.Limits {
	l = l.WithDefaults()
	if l.PerContact > l.PerCall {
		l.InputLen = max(l.InputLen, l.InputLen/l.PerCall*l.PerContact)
		l.PerCall = l.PerContact
	}
	return l
}

// parseTags returns l.Parse(v), from the cells read before when it can.
func (pr *preparer) parseTags(l tag.Limits, v string) ([]tag.Name, error) {
	if names, ok := pr.tags[v]; ok {
		return names, nil
	}
	names, err := l.Parse(v)
	if err == nil {
		if len(pr.tags) == maxTagCells || pr.tags == nil {
			pr.tags = make(map[string][]tag.Name, maxTagCells)
		}
		pr.tags[v] = names // the record's own copy (see importer.Record), kept
	}
	return names, err
}

// prepare parses and normalises p, on a worker: everything about a row
// that needs no store. The contact it creates is built with defs.
//
// pr is the worker's own, used again for every row: prepare keeps nothing
// of its record.
func (im *importRun) prepare(p *prepared, defs []field.Definition, pr *preparer) {
	rec := &pr.rec
	if p.readErr == nil && !im.m.Headerless && repeatsHeader(p.cells, im.header) {
		p.headerAgain = true
		return
	}
	if p.readErr != nil {
		p.problems = append(p.problems, rowProblem(p.readErr))
		return
	}
	s := im.s
	read := p.cells
	if im.m.Headerless && len(read) > 0 && reasonsCell(read[len(read)-1], p.verbatim) {
		// The reasons of a failed-rows file are no value of the row, even
		// where a row cut short has them, in a column the mapping reads.
		read = read[:len(read)-1]
	}
	im.m.ReadRecord(rec, importer.Row{Line: p.line, Cells: read, Verbatim: p.verbatim})
	region, from := im.o.DefaultRegion, "import default"
	if region == "" {
		region, from = s.opts.DefaultRegion, "service default"
	}
	if rec.Country.Value != "" {
		if c, err := importer.ParseCountry(rec.Country.Value); err != nil {
			p.problems = append(p.problems, im.problem(rec.Country, err))
		} else {
			region, from = c.String(), "country column"
			rec.Country.Value = c.String() // a name ("France") as its code
		}
	}
	if rec.Language.Value != "" {
		// A name ("Français") as its tag; a bad one is the patch's to
		// report.
		if l, err := importer.ParseLanguage(rec.Language.Value); err == nil {
			rec.Language.Value = l.String()
		}
	}
	if rec.CallingCode.Value != "" {
		if c, err := importer.ParseCallingCode(rec.CallingCode.Value); err != nil {
			p.problems = append(p.problems, im.problem(rec.CallingCode, err))
		} else {
			region, from = c.String(), "calling code column"
		}
	}
	// The parsed address of each cell of rec.Emails and rec.Phones, zero
	// where it did not parse, for the consent cells: in room of the stack
	// for the few a row has.
	var emailRoom [4]contact.Email
	var phoneRoom [4]contact.Phone
	emailAt := sized(emailRoom[:], len(rec.Emails))
	phoneAt := sized(phoneRoom[:], len(rec.Phones))
	p.emails = slices.Grow(p.emails, len(rec.Emails))
	p.phones = slices.Grow(p.phones, len(rec.Phones))
	p.keys = slices.Grow(p.keys, len(rec.Emails)+len(rec.Phones))
	for i, c := range rec.Emails {
		e, _, err := s.opts.EmailPolicy.ParseEmailInput(c.Value)
		if err != nil {
			p.problems = append(p.problems, im.problem(c, err))
			continue
		}
		emailAt[i] = e
		p.emails = append(p.emails, labeledAddr[contact.Email]{e, c.Label, c})
		p.keys = append(p.keys, matchKey{contact.EmailKey(e), c, false})
	}
	for i, c := range rec.Phones {
		ph, err := im.m.ParsePhone(c.Value, region)
		if err != nil {
			pr := im.problem(c, err)
			pr.Region, pr.RegionFrom = region, from
			p.problems = append(p.problems, pr)
			continue
		}
		phoneAt[i] = ph
		p.phones = append(p.phones, labeledAddr[contact.Phone]{ph, c.Label, c})
		p.keys = append(p.keys, matchKey{contact.PhoneKey(ph), c, true})
	}
	// Within the row, an address given twice counts once.
	p.emails = dedupAddrs(p.emails)
	p.phones = dedupAddrs(p.phones)
	slices.SortStableFunc(p.keys, func(a, b matchKey) int { return strings.Compare(a.key, b.key) })
	p.keys = slices.CompactFunc(p.keys, func(a, b matchKey) bool { return a.key == b.key })
	for i, c := range rec.Consent {
		unsub, ok := importer.ParseConsent(c.Kind, c.Value)
		if !ok {
			// A column of no channel gives a cell of each channel, one
			// after the other: one problem.
			if i == 0 || rec.Consent[i-1].Column != c.Column {
				p.problems = append(p.problems, im.problem(c.Cell, ErrUnknownConsent))
			}
			continue
		}
		switch {
		case unsub:
			p.unsub = append(p.unsub, consentAddresses(c, emailAt, phoneAt)...)
		case importer.Consented(c.Kind, c.Value):
			// A consent widens nothing: a column without a slot opts in
			// the first address of its channel, as CreateContact's
			// Consent does, not every address the row gives.
			addrs := consentAddresses(c, emailAt, phoneAt)
			if c.Slot == 0 && len(addrs) > 1 {
				addrs = addrs[:1]
			}
			p.optIn = append(p.optIn, addrs...)
		}
	}
	if im.o.SuppressionOnly {
		p.unsub = append(p.unsub[:0], im.addresses(p, "")...)
		if len(p.unsub) == 0 && len(p.problems) == 0 {
			p.problems = append(p.problems, rowProblem(ErrNoMatchKey))
		}
		return
	}
	// The contact the row names by its ID; a suppression-only row, above,
	// matches none.
	if c := rec.ContactID; c.Value != "" {
		if id, err := contact.ParseID(c.Value); err != nil {
			p.problems = append(p.problems, im.problem(c, err))
		} else {
			p.ref = id
		}
	}
	if im.o.UnsubscribeAll {
		p.unsub = append(p.unsub[:0], im.addresses(p, "")...)
	}
	slices.SortFunc(p.unsub, compareAddresses)
	p.unsub = slices.Compact(p.unsub)
	for _, c := range rec.Tags {
		names, err := pr.parseTags(cellTagLimits(s.opts.Limits.Tags), c.Value)
		if err != nil {
			p.problems = append(p.problems, im.problem(c, err))
			continue
		}
		p.tags = append(p.tags, names...)
	}
	p.tags = append(p.tags, im.tags...)
	if c := rec.Blocked; c.Value != "" {
		block, ok := importer.ParseBlocked(c.Value)
		if !ok {
			p.problems = append(p.problems, im.problem(c, ErrUnknownBlocked))
		}
		p.block = block
	}
	for _, c := range rec.Notes {
		if err := s.opts.Limits.CheckNote(c.Value); err != nil {
			p.problems = append(p.problems, im.problem(c, err))
			continue
		}
		p.notes = append(p.notes, importNote{body: c.Value, key: importNoteKey(c.Value)})
	}
	// The other values go through a Patch, whose errors are mapped back to
	// their cells.
	var cellRoom [16]namedCell
	cells := cellRoom[:0]
	pt := &p.patch
	country := rec.Country
	if len(p.problems) > 0 {
		country = importer.Cell{} // a row that fails keeps no country
	}
	values := [...]struct {
		name string
		cell importer.Cell
		dst  **string
	}{
		{contact.FieldFirstName, rec.FirstName, &pt.FirstName},
		{contact.FieldLastName, rec.LastName, &pt.LastName},
		{contact.FieldAlias, rec.Alias, &pt.Alias},
		{contact.FieldLanguage, rec.Language, &pt.Language},
		{contact.FieldBirthDate, rec.BirthDate, &pt.BirthDate},
		{contact.FieldCity, rec.City, &pt.City},
		{contact.FieldState, rec.State, &pt.State},
		{contact.FieldCompany, rec.Company, &pt.Company},
		{contact.FieldJobTitle, rec.JobTitle, &pt.JobTitle},
		{contact.FieldCountry, country, &pt.Country},
	}
	// The strings the patches point to, in one allocation: the row's
	// values, then the first email and phone and their labels.
	n := 2*min(len(p.emails), 1) + 2*min(len(p.phones), 1) + min(len(rec.Assignee.Value), 1)
	for _, v := range values {
		if v.cell.Value != "" {
			n++
		}
	}
	held := make([]string, 0, n)
	hold := func(v string) *string {
		// Should held grow, what it held stays where the pointers given
		// out point.
		held = append(held, v)
		return &held[len(held)-1]
	}
	keep := func(name string, c importer.Cell, v string) *string {
		cells = append(cells, namedCell{name, c})
		return hold(v)
	}
	for _, v := range values {
		if v.cell.Value != "" {
			*v.dst = keep(v.name, v.cell, v.cell.Value)
		}
	}
	if c := rec.Assignee; c.Value != "" {
		pt.Assignee = (*contact.UserID)(keep(contact.FieldAssignee, c, c.Value))
	}
	var fieldCells map[field.Key]importer.Cell
	if len(rec.Fields) > 0 {
		pt.Fields = make(map[string]string, len(rec.Fields))
		fieldCells = rec.Fields
		for k, c := range rec.Fields {
			v := c.Value
			// A custom phone is a phone cell of the row: read in the
			// row's region, not in the Service's.
			if i := slices.IndexFunc(defs, func(d field.Definition) bool { return d.Key == k }); i >= 0 {
				var err error
				if v, err = im.m.FieldValue(defs[i], c, region); err != nil {
					pr := im.problem(c, err)
					pr.Region, pr.RegionFrom = region, from
					p.problems = append(p.problems, pr)
				}
			}
			pt.Fields[k.String()] = v
		}
	}
	// Check every value once against an empty contact, and build the
	// contact a create would store; a row that failed already is checked
	// too, so that it names every bad cell at once.
	fresh := contact.Contact{Workspace: im.a.Workspace, Status: contact.StatusActive, Source: contact.SourceImport}
	if p.block {
		fresh.Status = contact.StatusBlocked
	}
	full := p.patch
	for i, e := range p.emails {
		if i == 0 {
			full.Email = keep(contact.FieldEmail, e.cell, e.addr.String())
			full.EmailLabel = hold(e.label)
			continue
		}
		others := derefOr(full.OtherEmails)
		others = append(others, contact.LabeledInput{Value: e.addr.String(), Label: e.label})
		full.OtherEmails = &others
	}
	for i, ph := range p.phones {
		if i == 0 {
			full.Phone = keep(contact.FieldPhone, ph.cell, ph.addr.String())
			full.PhoneLabel = hold(ph.label)
			continue
		}
		others := derefOr(full.OtherPhones)
		others = append(others, contact.LabeledInput{Value: ph.addr.String(), Label: ph.label})
		full.OtherPhones = &others
	}
	if err := full.Apply(&fresh, im.applyOptions(defs)); err != nil {
		probs := im.patchProblems(err, cells, fieldCells)
		// A bad value fails the row whatever it matches; a missing one
		// (a required field, no identity) only fails a create.
		for _, pr := range probs {
			if _, ok := errors.AsType[*contact.ParseError](pr.Err); ok && pr.Column >= 0 {
				p.problems = append(p.problems, pr)
			} else if fe, ok := errors.AsType[*field.Error](pr.Err); ok && !errors.Is(fe, field.ErrRequired) {
				p.problems = append(p.problems, pr)
			} else {
				p.freshErr = append(p.freshErr, pr)
			}
		}
		return
	}
	if len(p.problems) == 0 {
		p.fresh = fresh
		p.precreate(im.s.opts.Limits.Tags.WithDefaults().PerContact)
	}
}

// precreate builds, on a worker, what create writes besides the contact
// p.fresh that depends on it alone: its creation record for the history,
// as if the workspace spelled the row's tags as typed (create checks that
// it does, and builds the record again when not), and the keys it holds
// in the duplicate index.
func (p *prepared) precreate(perContact int) {
	c := p.fresh
	c.Status = contact.StatusActive // a contact created blocked is logged active first
	var err error
	if c.Tags, _, err = c.Tags.AddWithin(perContact, p.tags...); err != nil {
		return // the row fails in create
	}
	p.created, p.createdTags = contact.Created(&c), c.Tags
	p.holds = merge.HoldChanges(nil, &p.fresh)
}

// creation returns the creation record of c, the contact create stores
// from p.fresh, as contact.Created does with c's status active: prepare's,
// when c's tags are those it was built with, spelled alike.
func (p *prepared) creation(c *contact.Contact) contact.Change {
	if p.created.New != "" && slices.Equal(c.Tags, p.createdTags) {
		r := p.created
		r.Contact = c.ID
		return r
	}
	active := *c
	active.Status = contact.StatusActive
	return contact.Created(&active)
}

// failedRow returns the row of the failed-rows file for row p, which
// failed for err: its cells as read (see failedCell), and err's reasons in
// the column of reasons of a failed-rows file imported again (the last
// cell of a row of another number of cells than the header, when that
// column is the last), else after them. In a file without a header, the
// reasons begin with importer.FailedPrefix, and the column of reasons of
// a failed-rows file is told by that prefix in the row's last cell (see
// reasonsCell), even where a column of the mapping reads that cell: a
// mapping kept from the first file does not know the column, and prepare
// reads no value there.
func (im *importRun) failedRow(p *prepared, err *ImportRowError) []string {
	cells := make([]string, 0, len(p.cells)+1)
	for j, c := range p.cells {
		if !p.verbatim {
			c = importer.Unescape(c)
		}
		cells = append(cells, im.failedCell(j, c))
	}
	reasons, at := err.reasons(), im.reasonsAt
	if at >= 0 && at == len(im.header)-1 && len(cells) != len(im.header) {
		// A row of another number of cells than the header got its
		// reasons after its cells, whether it was longer or cut short:
		// they are its last cell, which keeps its place, so that the row
		// keeps its shape (and fails again) and the last run's reasons
		// are not left in a column of the file.
		at = len(cells) - 1
	}
	if im.m.Headerless {
		reasons = importer.FailedPrefix + reasons
		if last := len(p.cells) - 1; at < 0 && last >= 0 && reasonsCell(p.cells[last], p.verbatim) {
			at = last
		}
	}
	if at < 0 {
		return append(cells, reasons)
	}
	for len(cells) <= at {
		cells = append(cells, "")
	}
	cells[at] = reasons
	return cells
}

// reasonsCell reports whether c, the last cell of a row of a file without
// a header (escaped as the file holds it, unless verbatim), is the reasons
// of a failed-rows file: it begins with importer.FailedPrefix.
func reasonsCell(c string, verbatim bool) bool {
	if !verbatim {
		c = importer.Unescape(c)
	}
	return strings.HasPrefix(strings.TrimSpace(c), importer.FailedPrefix)
}

// failedCell returns cell c of column j as the failed-rows file writes it:
// as read, but for a date written with numbers in the file's order
// ("04/05/1990" in a file of day-first dates), which is written in ISO
// form ("1990-05-04"): the file to fix may hold none of the dates that
// showed the order, and its import would read it in the region's.
func (im *importRun) failedCell(j int, c string) string {
	if im.m.Dates == field.ISODate || !slices.Contains(im.dateCols, j) {
		return c
	}
	if d, err := field.ParseDateIn(c, im.m.Dates); err == nil {
		if _, err := field.ParseDate(c); err != nil {
			return d.String()
		}
	}
	return c
}

// applyOptions are the settings a row is applied with: blank cells keep
// values, and a hidden option named by its value is accepted, so that an
// export of contacts holding one imports back (I6).
func (im *importRun) applyOptions(defs []field.Definition) contact.ApplyOptions {
	o := im.s.applyOptions(im.a.Workspace, defs, true)
	o.HiddenOptions = true
	o.DateOrder = im.m.Dates
	o.Location = cmp.Or(im.o.Location, time.UTC)
	return o
}

func derefOr(p *[]contact.LabeledInput) []contact.LabeledInput {
	if p == nil {
		return nil
	}
	return *p
}

func dedupAddrs[T comparable](s []labeledAddr[T]) []labeledAddr[T] {
	out := s[:0]
	for _, a := range s {
		if !slices.ContainsFunc(out, func(b labeledAddr[T]) bool { return b.addr == a.addr }) {
			out = append(out, a)
		}
	}
	return out
}

// consentAddresses returns the consent addresses that c is about (see
// importer.ConsentCell), of those that parsed: emailAt and phoneAt are the
// parsed addresses of the record's emails and phones.
func consentAddresses(c importer.ConsentCell, emailAt []contact.Email, phoneAt []contact.Phone) []list.Address {
	chn := list.Channel(c.Label)
	var out []list.Address
	if chn == "" || chn == list.ChannelEmail {
		for _, i := range c.Emails {
			if e := emailAt[i]; !e.IsZero() {
				out = append(out, list.Address{Channel: list.ChannelEmail, Value: e.String()})
			}
		}
	}
	for _, i := range c.Phones {
		ph := phoneAt[i]
		if ph.IsZero() {
			continue
		}
		if chn == "" || chn == list.ChannelSMS {
			out = append(out, list.Address{Channel: list.ChannelSMS, Value: ph.String()})
		}
		if chn == "" || chn == list.ChannelWhatsApp {
			out = append(out, list.Address{Channel: list.ChannelWhatsApp, Value: ph.String()})
		}
	}
	return out
}

// addresses returns the consent addresses of p's emails and phones on chn,
// or on every channel for "".
func (im *importRun) addresses(p *prepared, chn list.Channel) []list.Address {
	var out []list.Address
	if chn == "" || chn == list.ChannelEmail {
		for _, e := range p.emails {
			out = append(out, list.Address{Channel: list.ChannelEmail, Value: e.addr.String()})
		}
	}
	for _, ph := range p.phones {
		if chn == "" || chn == list.ChannelSMS {
			out = append(out, list.Address{Channel: list.ChannelSMS, Value: ph.addr.String()})
		}
		if chn == "" || chn == list.ChannelWhatsApp {
			out = append(out, list.Address{Channel: list.ChannelWhatsApp, Value: ph.addr.String()})
		}
	}
	return out
}

// patchProblems maps the errors of contact.Patch.Apply to the cells they
// come from.
func (im *importRun) patchProblems(err error, cells []namedCell, fieldCells map[field.Key]importer.Cell) []ImportProblem {
	var out []ImportProblem
	for _, e := range flatten(err, nil) {
		c, ok := importer.Cell{Column: -1}, false
		if pe, isPE := errors.AsType[*contact.ParseError](e); isPE {
			if i := slices.IndexFunc(cells, func(n namedCell) bool { return n.name == pe.Field }); i >= 0 {
				c, ok = cells[i].cell, true
			}
		} else if fe, isFE := errors.AsType[*field.Error](e); isFE {
			c, ok = fieldCells[fe.Key]
		}
		if !ok {
			out = append(out, rowProblem(e))
			continue
		}
		out = append(out, im.problem(c, e))
	}
	return out
}

// hash returns the hash of a match key, for the set of seen keys.
func (im *importRun) hash(key string) uint64 { return maphash.String(im.seed, key) }

// batch writes one batch in one transaction (rolled back in a dry run) and
// reports its rows once it is done.
func (im *importRun) batch(ctx context.Context, rows []prepared, res *ImportResult) error {
	s, a := im.s, im.a
	var ch *change
	var outcomes []ImportRow
	var seen map[uint64]int
	var kept map[contact.ID]contact.Contact
	errDry := errors.New("dry run")
	for k, line := range im.pending {
		if err := im.seen.Add(k, line); err != nil {
			return err
		}
	}
	// The map of the last batch's keys serves this one's, emptied by
	// each attempt of its transaction.
	keys := im.pending
	im.pending = nil
	if keys == nil {
		keys = make(map[uint64]int, 2*len(rows))
	}
	for i := range rows {
		if p := &rows[i]; len(p.problems) == 0 && p.freshErr == nil && !im.o.SuppressionOnly {
			uid, err := s.opts.NewID()
			if err != nil {
				return fmt.Errorf("line %d: new id: %w", p.line, err)
			}
			p.id = contact.ID(uid)
		}
	}
	err := s.store.Update(ctx, func(tx store.Tx) error {
		// A dry run, rolled back, has no event to deliver or write; it is
		// refused without an outbox all the same, as the real run would be.
		outbox := store.OutboxOf(tx)
		if outbox == nil && s.opts.RequireOutbox {
			return errNoOutbox(tx)
		}
		// A row logs one history record or more, in the room the last
		// batch's grew.
		ch = &change{tx: tx, actor: a, now: s.now(), reason: "", history: slices.Grow(im.history[:0], len(rows)),
			listen: (len(s.opts.Subscribers) > 0 || outbox != nil) && !im.o.DryRun, untriggered: !im.o.Triggers}
		// A transaction run again starts from the same empty state; the
		// outcomes of the last batch are reported already.
		outcomes = slices.Grow(im.outcomes[:0], len(rows))[:len(rows)]
		clear(outcomes)
		im.outcomes = outcomes
		seen = keys
		clear(seen)
		if im.o.DryRun {
			kept = map[contact.ID]contact.Contact{}
		}
		if err := im.readDefinitions(ctx, tx); err != nil {
			return err
		}
		if im.changed {
			for i := range rows {
				if err := im.reprepare(&rows[i]); err != nil {
					return fmt.Errorf("line %d: %w", rows[i].line, err)
				}
			}
		}
		if err := im.prefetch(ctx, tx, rows); err != nil {
			return err
		}
		for i := range rows {
			out, err := im.row(ctx, ch, &rows[i], seen, kept)
			if err != nil {
				return fmt.Errorf("line %d: %w", rows[i].line, err)
			}
			outcomes[i] = out
		}
		if err := s.finish(ctx, ch, outbox); err != nil {
			return err
		}
		// The store kept none of the history (store.History.Append): its
		// room serves the next batch.
		im.history = ch.history[:0]
		if im.o.DryRun {
			return errDry
		}
		return nil
	})
	if err != nil && err != errDry {
		return storeCause(err)
	}
	im.pending = seen
	for id, c := range kept {
		im.kept[id] = c
	}
	res.Batches++
	// The batch is committed: every row of it is counted and reported and
	// its events delivered, whatever becomes of the failed-rows file.
	var failedErr error
	for i, out := range outcomes {
		res.Rows++
		switch out.Outcome {
		case ImportCreated:
			res.Created++
		case ImportUpdated:
			res.Updated++
		case ImportSuppressed:
			res.Suppressed++
		case ImportSkipped:
			res.Skipped++
			switch out.Skip {
			case SkipExists:
				res.SkippedExists++
			case SkipMissing:
				res.SkippedMissing++
			case SkipDuplicate:
				res.SkippedDuplicates++
			case SkipHeader:
				res.SkippedHeaders++
			}
		case ImportFailed:
			res.Failed++
			if im.failed != nil && failedErr == nil {
				failedErr = im.failed.Write(im.failedRow(&rows[i], out.Err))
			}
		}
		if im.o.OnRow != nil {
			im.o.OnRow(out)
		}
	}
	if !im.o.DryRun {
		for _, e := range ch.events {
			for _, sub := range s.opts.Subscribers {
				sub(ctx, e)
			}
		}
	}
	if im.o.Progress != nil {
		im.o.Progress(ImportProgress{ImportResult: *res, Line: rows[len(rows)-1].line})
	}
	if failedErr != nil {
		return &committedError{fmt.Errorf("failed rows: %w", failedErr)}
	}
	return nil
}

// committedError is an error met after a batch committed (the failed-rows
// file could not be written): the import stops before the next row.
type committedError struct{ err error }

func (e *committedError) Error() string { return e.err.Error() }
func (e *committedError) Unwrap() error { return e.err }

// repeatsHeader reports whether cells repeat header: each cell the
// header's, trimmed, but for case and a byte order mark (one that starts
// a file joined to another stays before its header), and one at least not
// blank.
func repeatsHeader(cells, header []string) bool {
	if len(cells) != len(header) {
		return false
	}
	blank := true
	for i, c := range cells {
		c = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c), "\uFEFF"))
		if !strings.EqualFold(c, strings.TrimSpace(header[i])) {
			return false
		}
		blank = blank && c == ""
	}
	return !blank
}

// readDefinitions reads the field definitions that the batch's updates
// check contacts against, in the batch's transaction tx.
func (im *importRun) readDefinitions(ctx context.Context, tx store.Tx) error {
	all, err := fieldDefinitions(ctx, tx, im.a.Workspace, true)
	if err != nil {
		return err
	}
	im.required = im.required[:0]
	im.defByKey = make(map[field.Key]field.Definition, len(all))
	live := 0
	for _, d := range all {
		im.defByKey[d.Key] = d
		if d.Requires() {
			im.required = append(im.required, d)
		}
		if !d.Archived() {
			live++
		}
	}
	im.changed = live != len(im.defs)
	for _, d := range im.defs {
		now, ok := im.defByKey[d.Key]
		im.changed = im.changed || !ok || now.Version != d.Version || now.Archived()
	}
	im.batchDefs = all
	return nil
}

// reprepare prepares p again with the batch's definitions, when they
// changed since the first row. The ID a new contact takes is drawn, if p
// had none, in the batch's transaction.
func (im *importRun) reprepare(p *prepared) error {
	*p = prepared{line: p.line, cells: p.cells, verbatim: p.verbatim, readErr: p.readErr, id: p.id}
	im.prepare(p, im.batchDefs, &im.pr)
	if p.id.IsZero() && len(p.problems) == 0 && p.freshErr == nil && !im.o.SuppressionOnly {
		uid, err := im.s.opts.NewID()
		if err != nil {
			return fmt.Errorf("new id: %w", err)
		}
		p.id = contact.ID(uid)
	}
	return nil
}

// prefetch tells the store what the rows are about to read, when it is a
// store.Prefetcher: the contacts that hold their emails and phones and
// the matching forms of their emails, the IDs of the contacts they may
// create, their tags, the index records of those forms and the ledger
// entries of their addresses. An adapter whose reads cost a round trip
// each (pgstore) reads them in three statements, instead of several for
// each row.
func (im *importRun) prefetch(ctx context.Context, tx store.Tx, rows []prepared) error {
	pf := store.PrefetcherOf(tx)
	if pf == nil {
		return nil
	}
	var want store.Prefetch
	tags := store.Tags(tx.Records())
	holdings := store.Holdings(tx.Records())
	ledger := store.Consent(tx.Records())
	for i := range rows {
		p := &rows[i]
		if len(p.problems) > 0 {
			continue
		}
		for _, k := range p.keys {
			want.Keys = append(want.Keys, k.key)
		}
		if !p.id.IsZero() {
			want.Contacts = append(want.Contacts, p.id)
		}
		if !p.ref.IsZero() {
			want.Contacts = append(want.Contacts, p.ref)
		}
		for _, e := range p.emails {
			// The contact that holds an email's matching form as is joins
			// the holding a variant of it starts (setHolds).
			m := merge.HoldKey(e.addr.String())
			want.Keys = append(want.Keys, m)
			want.Records = append(want.Records, holdings.Ref(m))
		}
		for _, n := range p.tags {
			want.Records = append(want.Records, tags.Ref(n))
		}
		for _, addr := range im.addresses(p, "") {
			want.Records = append(want.Records, ledger.Ref(addr))
		}
		if !p.id.IsZero() {
			want.Records = im.noteRefs(want.Records, p, p.id)
		}
	}
	if err := pf.Prefetch(ctx, im.a.Workspace, want); err != nil {
		return err
	}
	// The notes a row adds to a contact it matches, known now that the
	// holders of the rows' keys are: one more read, for the batches that
	// have notes.
	var notes store.Prefetch
	for i := range rows {
		p := &rows[i]
		if len(p.problems) > 0 || len(p.notes) == 0 {
			continue
		}
		if c, ok, err := im.byRef(ctx, tx, p.ref); err != nil {
			return err
		} else if ok {
			notes.Records = im.noteRefs(notes.Records, p, c.ID)
		}
		for _, k := range p.keys {
			c, ok, err := byKey(ctx, tx, im.a.Workspace, k.key)
			if err != nil {
				return err
			}
			if ok {
				notes.Records = im.noteRefs(notes.Records, p, c.ID)
			}
		}
	}
	if len(notes.Records) == 0 {
		return nil
	}
	return pf.Prefetch(ctx, im.a.Workspace, notes)
}

// noteRefs appends to refs the activities the notes of p would be, added
// to contact c (see importNoteKey), and the history entries of their
// creation: known absent, their writes wait for the batch's.
func (im *importRun) noteRefs(refs []store.RecordRef, p *prepared, c contact.ID) []store.RecordRef {
	acts, changes := store.Activities(nil), store.ActivityChanges(nil)
	for _, n := range p.notes {
		id := keyedActivityID(im.a.Workspace, c, n.key)
		refs = append(refs, acts.Ref(id), changes.Ref(store.ActivityChangeKey{Activity: id, Revision: 1, Field: activity.FieldCreated}))
	}
	return refs
}

// row writes one row within ch; seen holds the keys of the batch's earlier
// rows, and kept, in a dry run, the contacts they updated that a later row
// may match (see importRun.kept). A problem of the row is its outcome; an
// error fails the batch.
func (im *importRun) row(ctx context.Context, ch *change, p *prepared, seen map[uint64]int, kept map[contact.ID]contact.Contact) (ImportRow, error) {
	s := im.s
	out := ImportRow{Line: p.line}
	if p.headerAgain {
		out.Outcome, out.Skip = ImportSkipped, SkipHeader
		return out, nil
	}
	// fail fails the row: no contact changes, but an opt-out it holds is
	// not lost on a cell that has nothing to do with it (a birthday that
	// is no date): the unsubscribes of the addresses that parsed are
	// recorded by address (L3, L5), as a duplicate's or a skipped row's
	// are. An unsubscribe is always safe; the file fixed and imported
	// again finds it recorded.
	fail := func(probs ...ImportProblem) (ImportRow, error) {
		if err := im.unsubscribeAddresses(ctx, ch, p); err != nil {
			return out, err
		}
		out.Outcome = ImportFailed
		out.Err = &ImportRowError{Line: p.line, Problems: probs}
		return out, nil
	}
	if len(p.problems) > 0 {
		return fail(p.problems...)
	}
	// A row that repeats a key of an earlier row is its duplicate, with one
	// exception: a row's emails name its person, and colleagues share an
	// office's number. The phones of a row with emails that no earlier row
	// gave, which an earlier row with emails gave (the phones of such a
	// row are recorded so, namedKey, beside their keys), are shared: they
	// neither make the row a duplicate nor match a contact, and decide
	// below, from what the store held before the import, whether the row
	// is the same person or another.
	named := len(p.emails) > 0
	seenAt := func(h uint64) (int, bool, error) {
		line, ok, err := im.seen.Get(h)
		if err == nil && !ok {
			line, ok = seen[h]
		}
		return line, ok, err
	}
	// duplicate skips the row as that of line. A duplicate changes no
	// contact, but an opt-out it holds is not lost: its unsubscribes are
	// recorded by address.
	duplicate := func(line int) (ImportRow, error) {
		if err := im.unsubscribeAddresses(ctx, ch, p); err != nil {
			return out, err
		}
		out.Outcome, out.Skip, out.DuplicateOf = ImportSkipped, SkipDuplicate, line
		return out, nil
	}
	if !p.ref.IsZero() {
		// A row of a contact an earlier row gave by its ID is a copy of
		// that row's, whatever else it says. (A suppression-only import
		// reads no ID: see prepare.)
		line, ok, err := seenAt(im.hash(refKey(p.ref)))
		if err != nil {
			return out, err
		}
		if ok {
			return duplicate(line)
		}
	}
	var shared []matchKey
	sharedBy := 0
	for _, k := range p.keys {
		line, ok, err := seenAt(im.hash(k.key))
		if err != nil {
			return out, err
		}
		if !ok {
			continue
		}
		if k.phone && named && !im.o.SuppressionOnly {
			by, other, err := seenAt(im.hash(namedKey(k.key)))
			if err != nil {
				return out, err
			}
			if other {
				shared, sharedBy = append(shared, k), by
				continue
			}
		}
		return duplicate(line)
	}
	done := func(o ImportOutcome, id contact.ID) (ImportRow, error) {
		// Each key keeps the line of the first row that gave it, as the
		// keys of earlier batches do, so that a row's reasons name the same
		// line whatever the batches.
		keep := func(k string) {
			if h := im.hash(k); seen[h] == 0 {
				seen[h] = p.line
			}
		}
		for _, k := range p.keys {
			keep(k.key)
			if k.phone && named {
				keep(namedKey(k.key))
			}
		}
		if !p.ref.IsZero() {
			keep(refKey(p.ref))
		}
		out.Outcome, out.Contact = o, id
		return out, nil
	}
	ws := ch.actor.Workspace
	if im.o.SuppressionOnly {
		// p.unsub holds every address of the row (see prepare).
		if err := im.unsubscribeAddresses(ctx, ch, p); err != nil {
			return out, err
		}
		return done(ImportSuppressed, contact.ID{})
	}
	// Match by the contactkit ID, then every email, then every phone (p.keys
	// are sorted so), but the shared ones, each contact as a real run would
	// see it (im.current). An ID names its contact as an email does. A
	// phone matches its contact when the row matched nobody by ID or email
	// and either has no email or holds a contact without one (the same
	// person, now with an email); a contact with other emails is someone
	// else, and the row creates a contact, refused for the taken phone.
	var match contact.Contact
	found, byEmail := false, false
	if c, ok, err := im.byRef(ctx, ch.tx, p.ref); err != nil {
		return out, err
	} else if ok {
		match, found, byEmail = im.current(c, kept), true, true
	}
	for _, k := range p.keys {
		if slices.ContainsFunc(shared, func(m matchKey) bool { return m.key == k.key }) {
			continue
		}
		c, ok, err := byKey(ctx, ch.tx, ws, k.key)
		if err != nil {
			return out, err
		}
		if !ok {
			continue
		}
		c = im.current(c, kept)
		if k.phone && named && !byEmail && len(c.Emails()) > 0 {
			continue
		}
		byEmail = byEmail || !k.phone
		if found && c.ID != match.ID {
			return fail(im.problem(k.cell, fmt.Errorf("%w: %s and %s", ErrAmbiguousMatch, match.ID, c.ID)))
		}
		match, found = c, true
	}
	// A shared phone: the row is the earlier row's person when its emails
	// found a contact that holds the phone; otherwise another person, who
	// cannot take the phone: the row fails on it, unless the mode skips it
	// below as writing nothing (create-only and the contact exists,
	// update-only and none does).
	skips := found && im.o.Mode == ImportCreateOnly || !found && im.o.Mode == ImportUpdateOnly
	if len(shared) > 0 && !skips {
		phones := contact.Contact{Phone: match.Phone, OtherPhones: match.OtherPhones}.Keys()
		for _, k := range shared {
			if !found || !slices.Contains(phones, k.key) {
				return fail(im.problem(k.cell, fmt.Errorf("%w (line %d)", ErrSharedPhone, sharedBy)))
			}
		}
	}
	if skips {
		// Skipped below: the row changes no contact, but an opt-out it
		// holds is not lost, as a duplicate's is not.
		if err := im.unsubscribeAddresses(ctx, ch, p); err != nil {
			return out, err
		}
	}
	var c contact.Contact
	var outcome ImportOutcome
	switch {
	case found && im.o.Mode == ImportCreateOnly:
		out.Outcome, out.Skip, out.Contact = ImportSkipped, SkipExists, match.ID
		return done(ImportSkipped, match.ID)
	case !found && im.o.Mode == ImportUpdateOnly:
		// Seen, as a row skipped because its contact exists: a later row
		// of the same address is its duplicate.
		out.Skip = SkipMissing
		return done(ImportSkipped, contact.ID{})
	case found:
		var probs []ImportProblem
		var err error
		c, probs, err = im.update(ctx, ch, p, match)
		if err != nil || probs != nil {
			if probs != nil {
				return fail(probs...)
			}
			return out, err
		}
		outcome = ImportUpdated
		if kept != nil {
			again, err := im.mayMatchAgain(&c, p, seen)
			if err != nil {
				return out, err
			}
			if again {
				kept[c.ID] = c
			}
		}
	default:
		if p.freshErr != nil {
			return fail(p.freshErr...)
		}
		var probs []ImportProblem
		var err error
		c, probs, err = im.create(ctx, ch, p)
		if err != nil || probs != nil {
			if probs != nil {
				return fail(probs...)
			}
			return out, err
		}
		outcome = ImportCreated
	}
	for _, addr := range p.unsub {
		if _, err := s.setConsent(ctx, ch, addr, c.ID, unsubscribe, im.o.Reason); err != nil {
			return out, err
		}
	}
	for _, addr := range p.optIn {
		if slices.Contains(p.unsub, addr) {
			continue
		}
		if _, err := s.setConsent(ctx, ch, addr, c.ID, optIn, im.o.Reason); err != nil {
			return out, err
		}
	}
	for _, id := range im.o.Lists {
		if err := im.join(ctx, ch, id, &c); err != nil {
			return out, err
		}
	}
	for _, n := range p.notes {
		note := activity.Activity{Kind: activity.KindNote, Body: n.body}
		if _, err := s.putActivity(ctx, ch, c.ID, n.key, &note); err != nil {
			return out, err
		}
	}
	return done(outcome, c.ID)
}

// importNote is a note a row adds, with its key, made by the worker that
// prepares the row rather than by the one writer.
type importNote struct{ body, key string }

// importNoteKey is the idempotency key of a note an import adds: its body's
// digest, so that an import run again (after it stopped, or a file
// imported twice) adds no note a contact has from an import already.
func importNoteKey(body string) string {
	sum := sha256.Sum256([]byte(body))
	return "import-note:" + hex.EncodeToString(sum[:16])
}

// current returns c, read from the store in a batch, as a real run would
// see it: in a dry run, a contact an earlier batch (rolled back) updated is
// as that batch left it, unless this batch's kept has it, which the store
// already holds.
func (im *importRun) current(c contact.Contact, kept map[contact.ID]contact.Contact) contact.Contact {
	if kept == nil {
		return c
	}
	if _, now := kept[c.ID]; now {
		return c
	}
	if k, ok := im.kept[c.ID]; ok {
		k.Version = c.Version
		return k
	}
	return c
}

// mayMatchAgain reports whether a row after p may match c, which p updated:
// whether c holds a key that neither p nor an earlier row gave (a row
// that gives one of those is a duplicate).
func (im *importRun) mayMatchAgain(c *contact.Contact, p *prepared, seen map[uint64]int) (bool, error) {
	keys := c.Keys()
	if im.byID && p.ref != c.ID {
		// A later row may name it by its ID.
		keys = append(keys, refKey(c.ID))
	}
	for _, k := range keys {
		if slices.ContainsFunc(p.keys, func(m matchKey) bool { return m.key == k }) {
			continue
		}
		h := im.hash(k)
		if _, ok := seen[h]; ok {
			continue
		}
		if _, ok, err := im.seen.Get(h); err != nil || !ok {
			return err == nil, err
		}
	}
	return false, nil
}

// rowFailure turns the errors a write can meet before it writes (a
// validation, a taken address) into the row's problems: a taken address is
// the problem of its cell among keys, the row's.
func (im *importRun) rowFailure(err error, keys []matchKey) ([]ImportProblem, bool) {
	if v, ok := errors.AsType[*ValidationError](err); ok {
		probs := make([]ImportProblem, len(v.Errors))
		for i, e := range v.Errors {
			probs[i] = rowProblem(e)
		}
		return probs, true
	}
	if t, ok := errors.AsType[*store.TakenError](err); ok {
		for _, k := range keys {
			if k.key == t.Key {
				return []ImportProblem{im.problem(k.cell, storeCause(t))}, true
			}
		}
		return []ImportProblem{rowProblem(storeCause(t))}, true
	}
	return nil, false
}

// create stores the contact p builds, with its tags.
func (im *importRun) create(ctx context.Context, ch *change, p *prepared) (contact.Contact, []ImportProblem, error) {
	s := im.s
	// A copy of the struct, not a Clone: the prepared contact's slices and
	// map are shared, as nothing below changes them in place (addTags
	// replaces the tag set), so a transaction run again starts from
	// p.fresh as it was prepared. The copy is im.building, which the
	// store does not keep (store.Contacts.Create): a contact of the heap
	// for every row was a tenth of what an import allocated.
	c := &im.building
	*c = p.fresh
	c.ID, c.CreatedAt, c.UpdatedAt = p.id, ch.now, ch.now
	// The tags the workspace does not have are written once the contact
	// is: a row refused for a taken address leaves none behind.
	added, newTags, err := s.resolveTags(ctx, ch, c, p.tags)
	if err == nil {
		err = ch.tx.Contacts().Create(ctx, c)
	}
	if err == nil {
		err = putTags(ctx, ch, newTags)
	}
	if err != nil {
		if probs, ok := im.rowFailure(err, p.keys); ok {
			return *c, probs, nil
		}
		return *c, nil, err
	}
	ch.created(c.ID)
	if err := ch.holdKeys(ctx, c.ID, p.holds); err != nil {
		return *c, nil, err
	}
	if err := s.recordAddresses(ctx, ch, c); err != nil {
		return *c, nil, err
	}
	// A contact created blocked is recorded and announced as a creation
	// then a BlockContact, with the import's reason; its triggers enrol
	// nobody (enroll refuses a blocked contact).
	ch.log(p.creation(c))
	if c.Blocked() {
		ch.log(contact.Change{Contact: c.ID, Field: contact.FieldStatus, Old: string(contact.StatusActive), New: string(contact.StatusBlocked), Reason: im.o.Reason})
	}
	if ch.listen {
		ch.emit(ContactCreated{EventMeta: ch.meta(c.ID), Snapshot: c.Clone()})
	}
	if c.Blocked() {
		ch.emit(ContactBlocked{EventMeta: ch.meta(c.ID), Reason: im.o.Reason})
	}
	ch.occur(c.ID, automation.Occurrence{Kind: automation.TriggerContactCreated})
	ch.emitTagged(c.ID, added)
	return *c, nil, nil
}

// update applies p to existing: blank cells keep their values, the row's
// new emails and phones are added (as secondary when the contact has a
// primary), tags are added.
func (im *importRun) update(ctx context.Context, ch *change, p *prepared, existing contact.Contact) (contact.Contact, []ImportProblem, error) {
	s := im.s
	pt := p.patch
	emailParts := func(l contact.LabeledEmail) (contact.Email, contact.Label) { return l.Email, l.Label }
	phoneParts := func(l contact.LabeledPhone) (contact.Phone, contact.Label) { return l.Phone, l.Label }
	if email, label, others := addedAddresses(existing.Email, existing.OtherEmails, emailParts, p.emails, nil); others != nil {
		pt.Email, pt.EmailLabel, pt.OtherEmails = email, label, others
	}
	if phone, label, others := addedAddresses(existing.Phone, existing.OtherPhones, phoneParts, p.phones, nil); others != nil {
		pt.Phone, pt.PhoneLabel, pt.OtherPhones = phone, label, others
	}
	// A label the row gives an address the contact holds is its value, as
	// any cell that is not blank.
	if label, others := relabeled(existing.Email, existing.EmailLabel, existing.OtherEmails, emailParts, p.emails, pt.OtherEmails); label != nil || others != nil {
		pt.EmailLabel = cmp.Or(label, pt.EmailLabel)
		pt.OtherEmails = cmp.Or(others, pt.OtherEmails)
	}
	if label, others := relabeled(existing.Phone, existing.PhoneLabel, existing.OtherPhones, phoneParts, p.phones, pt.OtherPhones); label != nil || others != nil {
		pt.PhoneLabel = cmp.Or(label, pt.PhoneLabel)
		pt.OtherPhones = cmp.Or(others, pt.OtherPhones)
	}
	c := existing.Clone()
	defs, err := neededDefinitions(slices.Clone(im.required), func(k field.Key) (field.Definition, bool, error) {
		d, ok := im.defByKey[k]
		return d, ok, nil
	}, &c, pt)
	if err == nil {
		err = invalid(pt.Apply(&c, im.applyOptions(defs)))
	}
	// The tags the workspace does not have are written once the contact
	// is, as create writes them: a row refused for a taken address leaves
	// none behind.
	var added []tag.Name
	var newTags []tag.Tag
	if err == nil {
		added, newTags, err = s.resolveTags(ctx, ch, &c, p.tags)
	}
	// A contact the row blocks is blocked once it is saved: a row refused
	// for a taken address stops no enrollment and announces no block.
	blocks := p.block && !c.Blocked()
	if blocks {
		c.Status = contact.StatusBlocked
	}
	mark := len(ch.history)
	if err == nil {
		c, err = s.save(ctx, ch, &existing, c)
	}
	if err == nil {
		err = putTags(ctx, ch, newTags)
	}
	if err == nil && blocks {
		// The status change save recorded gets the import's reason, as
		// BlockContact's gets its own.
		for i := mark; i < len(ch.history); i++ {
			if ch.history[i].Field == contact.FieldStatus {
				ch.history[i].Reason = im.o.Reason
			}
		}
		err = im.block(ctx, ch, &c)
	}
	if err != nil {
		if probs, ok := im.rowFailure(err, p.keys); ok {
			return c, probs, nil
		}
		return c, nil, err
	}
	ch.emitTagged(c.ID, added)
	return c, nil, nil
}

// block does what BlockContact does besides saving the status, for c,
// which update has just saved blocked: its active enrollments stop, and
// ContactBlocked says so with the import's reason.
func (im *importRun) block(ctx context.Context, ch *change, c *contact.Contact) error {
	if _, err := im.s.stopEnrollments(ctx, ch, c.ID, automation.ReasonContactBlocked); err != nil {
		return err
	}
	ch.emit(ContactBlocked{EventMeta: ch.meta(c.ID), Reason: im.o.Reason})
	return nil
}

// unsubscribeAddresses records the unsubscribes of p (p.unsub) by address,
// for a row that changes no contact (a suppression-only import, a
// duplicate, a skipped or a failed row), each in the name of the live
// contact that holds it, if any.
func (im *importRun) unsubscribeAddresses(ctx context.Context, ch *change, p *prepared) error {
	unsub := func(key string, a list.Address) error {
		if !slices.Contains(p.unsub, a) {
			return nil
		}
		owner, _, err := byKey(ctx, ch.tx, ch.actor.Workspace, key)
		if err == nil {
			_, err = im.s.setConsent(ctx, ch, a, owner.ID, unsubscribe, im.o.Reason)
		}
		return err
	}
	for _, e := range p.emails {
		if err := unsub(contact.EmailKey(e.addr), list.Address{Channel: list.ChannelEmail, Value: e.addr.String()}); err != nil {
			return err
		}
	}
	for _, ph := range p.phones {
		for _, chn := range []list.Channel{list.ChannelSMS, list.ChannelWhatsApp} {
			if err := unsub(contact.PhoneKey(ph.addr), list.Address{Channel: chn, Value: ph.addr.String()}); err != nil {
				return err
			}
		}
	}
	return nil
}

// join makes c a member of list id unless it is one, as AddToList does.
// With UnsubscribeAll, c is an unsubscribed member of it: it joins so, or
// its membership is unsubscribed, with the import's reason.
func (im *importRun) join(ctx context.Context, ch *change, id list.ID, c *contact.Contact) error {
	ws := ch.actor.Workspace
	m, err := store.Memberships(ch.tx.Records()).Get(ctx, ws, store.MembershipKey{List: id, Contact: c.ID})
	switch {
	case err == nil && im.o.UnsubscribeAll:
		before := m.Status
		next, changed, err := m.SetStatus(list.StatusUnsubscribed, ch.listChange(im.o.Reason))
		if err != nil || !changed {
			return invalid(err)
		}
		return im.s.putMembership(ctx, ch, before, &next)
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	l, err := store.Lists(ch.tx.Records()).Get(ctx, ws, id)
	if err != nil {
		return err
	}
	if m, err = im.s.join(ctx, ch, &l, c); err != nil {
		return err
	}
	if im.o.UnsubscribeAll && m.Status != list.StatusUnsubscribed {
		m.Status, m.Changed = list.StatusUnsubscribed, ch.listChange(im.o.Reason)
	}
	return im.s.putMembership(ctx, ch, "", &m)
}
