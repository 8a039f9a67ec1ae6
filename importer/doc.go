// Package importer reads files of contacts (CSV, xlsx, vCard) as streams of
// rows, maps their columns to the fields of a contact, previews the
// mapping, and writes CSV exports that it reads back exactly. It does the file side of an import; the root
// package parses the values, matches existing contacts and writes them.
//
// The package does no other I/O than reading the io.Reader and writing the
// io.Writer it is handed; it knows neither the store nor the Service.
//
// # Reading
//
// Open sniffs the format of its input and returns a [Reader]: Header, then
// Next for each [Row] with its line number, io.EOF at the end. A file of
// another format that users bring in their place (an Excel 97–2003
// workbook, an OpenDocument spreadsheet, a PDF, an HTML page saved as
// .xls, an image, an archive) is refused with a [*FormatError]
// ([ErrUnsupportedFormat]) that names it, by Open and by each reader. Every reader
// streams: memory is bounded by [Options] (cell, row and cell-count caps,
// the xlsx decompression budget and shared strings cap), not by the size
// of the file. A problem with one row (a different cell count, a cap) is a
// [*RowError] returned with the row, and reading goes on; any other error is
// final.
//
//   - [CSVReader]: UTF-8 and UTF-16 with or without a byte order mark
//     (UTF-16 without one told by the zero high byte of its ASCII
//     characters), and Windows-1252 (or Mac OS Roman, which Excel for
//     Mac writes, when it reads the bytes better) when the first 64 KiB are not valid
//     UTF-8 (nor UTF-8 with a few stray bytes), or, after 64 KiB of ASCII,
//     when the 64 KiB from the first byte that is not ASCII are not (see
//     [Encoding]); a file with many
//     zero bytes that are not UTF-16's is refused with an [*EncodingError]
//     rather than read with a NUL between its letters; comma, semicolon or
//     tab, detected on the header line outside quotes; quoted cells over
//     several lines; a preamble before the header (LinkedIn's "Notes:", a
//     title line then a blank one) skipped and given by
//     [CSVReader.Preamble].
//   - [XLSXReader]: the first worksheet of a workbook that is not hidden
//     and holds a value (chart sheets and Apple Numbers' export summary
//     passed over; a hidden one when every one is), streamed with
//     archive/zip and encoding/xml; shared and inline strings, numbers,
//     booleans, date-formatted serials as ISO dates, sparse rows; title
//     rows before the header skipped ([XLSXReader.Preamble]). The input
//     must be an io.ReaderAt with a known size.
//   - [VCardReader]: vCard 2.1, 3.0 and 4.0, one card per row under
//     synthetic column names ([VCardHeader]) that the mapping knows; the
//     email and the phone a card marks preferred (pref, PREF=1) come
//     first, so they are the contact's primary ones.
//
// [Sample] reads the first rows for a preview and returns a Reader that
// gives them again, so that the import still starts at the first row.
//
// # Mapping
//
// [Suggest] maps each column to a [Target] (a standard field, an email or
// phone with its label, tags, notes, consent, a custom field, the
// contact's own ID as contactkit exports it, or nothing)
// with the evidence of its header (aliases in English and French and the
// header sets of Google Contacts, Outlook, HubSpot, Mailchimp,
// ActiveCampaign, Shopify (customers, current and legacy), Klaviyo
// (profiles) and Brevo (contacts) exports), of the custom field
// definitions, and of the sampled values (a column of phone numbers is
// found without a header that says so). Each [Column] carries its
// [Reason], as data and as text, and ranked alternatives. [Mapping.Set]
// overrides a column; [Mapping.Validate]
// refuses two columns on one single-valued target
// ([*DuplicateTargetError]). [Preview] shows sample values per column and
// how many parse for their target. [Mapping.Record] reads a row as a
// [Record]: raw, trimmed, unescaped values by target, each with its column.
//
// # Export and formula injection
//
// A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (and for
// some a tab or a carriage return) as a formula. [Escape] prefixes an
// apostrophe to such a cell, and to a cell that starts with an apostrophe;
// [Unescape] removes the first apostrophe of a cell that starts with an
// apostrophe followed by one of those characters or another apostrophe.
// Escaping the apostrophe too makes the pair exact: Unescape(Escape(s)) ==
// s for every s ("+33612345678" is exported "'+33612345678" and imported
// "+33612345678"; a note that starts with an apostrophe and "=" is
// exported with a second apostrophe in front and imported as it was), and
// no escaped cell starts with a formula character. [Writer] writes a
// streaming CSV export with every cell escaped; [Mapping.Record] unescapes
// every cell of a CSV or xlsx row it reads. A cell that someone typed with
// a protective apostrophe ("'+33…") loses it on import, which is what was
// meant. A vCard holds its values as they are (no export protects a card
// against formulas): its rows are [Row.Verbatim], and read unchanged.
//
// # Importing with the root package
//
// An import is: [Open] the file, [Sample] it, [Suggest] a mapping (with the
// workspace's custom field definitions and default region, and the file's
// delimiter, [DelimiterOf], which may tell its decimal mark), show the
// [Preview] and let the user [Mapping.Set] columns, [Mapping.Validate] it
// and check it against the header of the file it reads
// ([Mapping.CheckHeader]: a mapping kept from another file is refused),
// then for each row call Next and [Mapping.Record], and parse the record's
// values with the contact, field and tag packages, reporting a failure
// with Record.Line and the Cell's column. [ParseConsent] reads consent
// cells, and each [ConsentCell] says which of the record's emails or phones
// it is about: those of its slot ("Email 2 - Consent"), or, for a column
// without a slot, every address of its channel that has no consent cell of
// its own (a Shopify customer's SMS and WhatsApp consent is about its
// "Phone" alone, never its default address's phone). A no and an
// unsubscribe unsubscribe; Klaviyo's NEVER_SUBSCRIBED neither unsubscribes
// nor opts in. [NormalizeLabel] reads label cells.
//
// # Concurrency
//
// A Reader or a Writer is used by one goroutine at a time. A Mapping is a
// value: safe to read from several goroutines (Record only reads it), not
// to mutate.
package importer
