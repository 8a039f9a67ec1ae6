// Package field holds the custom fields of contactkit: their definitions, their
// types, typed values, and the coercion of raw strings (form input, import
// cells) into values.
//
// The package is pure: no I/O, no context, no state. It does not know about
// workspaces or stores; the store scopes definitions and values to their
// workspace.
//
// # Definitions
//
// A [Definition] has an immutable [Key] (a slug such as "shoe_size"), a
// label, a [Type], display attributes, a required flag and, for select and
// multiselect, [Option] values. [Definition.Validate] checks its rules;
// [Definition.CheckUpdate] checks an edit: the key and the type cannot change
// through an update, and options are hidden, never removed, so that the
// values that hold them stay valid.
//
// A type change is checked by [Definition.CheckTypeChange], and
// [Definition.Convert] says what becomes of each stored value: it reads the
// value's text as new input of the new type, so that "42" becomes a number
// and a select a multiselect, and reports with an [*Error] a value that does
// not convert; the caller first shows those (a dry run) and converts only
// on request.
//
// A definition may be archived ([Definition.ArchivedAt]): it requires
// nothing any more ([Definition.Requires]), the values contacts hold stay
// valid, and [Definition.Coerce] refuses new input with [ErrArchived].
//
// # Values
//
// A [Value] holds a type and a canonical text form. It is comparable with ==
// and its zero value is "no value". [Definition.Coerce] makes a Value from
// raw input; constructors such as [Text], [Number], [Bool], [DateValue] or
// [Multiselect] make one from content that is already canonical; accessors
// such as [Value.Bool], [Value.Decimal], [Value.Date], [Value.Time] and
// [Value.Options] read it back. [Value.String] is the canonical text, which
// Coerce reads back to an equal Value: a CSV export followed by an import
// changes nothing.
//
// # Accepted input
//
// Coerce first refuses invalid UTF-8 and trims white space; a blank input
// gives the zero Value and no error (whether a blank clears a stored value
// is the caller's choice). Then, by type:
//
//   - text: NFC-normalised; line breaks and tabs become spaces; other control
//     characters are refused; at most [MaxTextLen] characters by default
//     ([Limits.Text]).
//   - textarea: like text, but line breaks are kept (as "\n") and so are
//     tabs; at most [MaxTextareaLen] characters by default
//     ([Limits.Textarea]).
//   - number: an exact decimal, never a float. Accepted: "1234.56", "-3",
//     "+3", "−3" (Unicode minus), ".5", "1,234.56" and "1.234,56" (when both
//     '.' and ',' appear the last one is the decimal separator), "1234,56"
//     (a lone comma is a decimal comma), "1,234,567" and "1.234.567"
//     (repeated: grouping), "1 234,56" and "1'234.56" (grouping by space, no-
//     break space, thin space or apostrophe). Grouping must be in threes.
//     A lone '.' is the decimal point, so "1.234" is one point two three
//     four. A lone comma followed by exactly three digits after one to
//     three digits ("1,234") is refused as ambiguous. [CoerceOptions.Decimal]
//     may say which of '.' and ',' is the decimal mark, as an import
//     knows it of a file ([DecimalOf]): the other one then separates
//     thousands, so "1,234" is 1.234 with [DecimalComma] and 1234 with
//     [DecimalPoint]; a value that only the other mark reads ("1.5" with
//     DecimalComma) is read with it.
//     Exponents ("1e3"), currency and other characters are refused; at
//     most 38 digits, not counting the integer part's leading zeros nor
//     the fraction's trailing zeros ("0.0010" counts 3, those of "001";
//     "0.000…01" with 40 decimals is refused).
//     Canonical form: optional "-", integer part without leading zeros,
//     and "." plus the fraction without trailing zeros: "1234.5", "0.25",
//     "-3" ("-0" is "0").
//   - monetary: an amount without a currency (the workspace knows its
//     currency): the number forms above, with a currency symbol allowed
//     before or after ("$1,234.50", "-€12", "12,50 €"; the symbol is
//     dropped, ISO codes such as "EUR" are refused) and at most two decimals
//     ("12.345" is refused rather than rounded). Canonical form: exactly two
//     decimals, "1234.50".
//   - date: "YYYY-MM-DD" only, years 0001–9999, days that exist. "01/02/2024"
//     is January 2 in the United States and February 1 in France, so
//     slashed forms are refused rather than guessed (see [ParseDate]).
//   - datetime: RFC 3339 with a time zone offset ("2024-05-01T10:30:00+02:00",
//     fractional seconds allowed, a space or "t" instead of "T" and "z"
//     instead of "Z" allowed); a time without an offset, or with one
//     beyond ±23:59, is refused. Canonical form: UTC in RFC 3339 with as
//     many fractional digits as needed, "2024-05-01T08:30:00Z".
//   - checkbox, ignoring case: true, t, yes, y, 1, on, checked, oui, vrai,
//     wahr; false, f, no, n, 0, off, unchecked, non, faux, falsch (WAHR
//     and FALSCH: a German Excel's booleans). Canonical form: "true" or
//     "false". A false checkbox is a value, not an empty one.
//   - select: an option's value, exactly or ignoring case; failing that, the
//     label of exactly one visible option, ignoring case. Canonical form: the
//     option's value as defined. A hidden option is refused for new input
//     (Coerce) but valid in stored values (CheckValue, Validate).
//   - multiselect: option names (at most 1000, as many as a definition
//     has options) separated by commas, semicolons or line breaks, each
//     matched as for select; duplicates are removed and the set
//     is kept in byte order of the option values (not in the definition's
//     order, so that reordering options does not change stored values).
//     Canonical form: the values joined by ", ": "blue, red", at most
//     [MaxValueLen] characters (options named by short labels may make it
//     longer than the input).
//   - phone: any form the phone parser reads: international ("+33 6 12
//     34 56 78", "0033…") or national in the default region given to Coerce
//     ("06 12 34 56 78" in FR). Canonical form: E.164, "+33612345678".
//   - email: read as contact emails are: pasted input ("Ann
//     <ann@example.com>", "mailto:…") is reduced to the address;
//     international addresses are accepted unless [CoerceOptions.ASCIIEmail]
//     is set. Canonical form: lower case, the domain in its ASCII (IDNA)
//     form, "ann@xn--bcher-kva.de".
//   - url: an absolute http or https URL with a domain name or IP address
//     host and no credentials; without a scheme ("example.com/a") https is
//     assumed. Any other scheme ("javascript:alert(1)", "data:", "ftp://")
//     is refused with [ErrURLScheme], a URL without a host with
//     [ErrURLHost]. White space is refused; at most 2048 bytes. Canonical
//     form: lower-case scheme and host, an internationalised domain name in
//     its ASCII (IDNA) form ("https://bücher.de" gives
//     "https://xn--bcher-kva.de/"), no default port, "/" for an empty path:
//     "https://example.com/a".
//
// # Limits
//
// Every input is bounded. Text and textarea values are limited in
// characters by [Limits], [DefaultLimits] unless [Definition.CoerceWith] is
// given others, up to the ceiling [MaxValueLen]; [ParseValue] and
// [Definition.CheckValue] read stored text up to that ceiling, whatever the
// limits it was typed under. An input far longer than any valid value of
// its type is refused before it is read, so coercion costs time linear in
// the input at most. A value over its limit gets an error wrapping
// [ErrTooLong]. Error messages quote at most the first 40 bytes of an
// input, then "…" and its length.
//
// # Errors
//
// Sentinel errors name the categories: [ErrInvalidValue], [ErrUnknownField],
// [ErrRequired] and [ErrArchived] for values, [ErrInvalidKey], [ErrInvalidType],
// [ErrInvalidDefinition], [ErrKeyChange], [ErrTypeChange] and
// [ErrOptionRemoved] for definitions. Typed errors carry the details and
// wrap them: [*Error] (key, type, input and reason) for values and
// [*DefinitionError] (key and property) for definitions. [Validate] and
// [Definition.Validate] report every problem at once with errors.Join, in a
// deterministic order. Use errors.Is and errors.AsType; never compare
// messages.
//
// # Storing values
//
// A store keeps a value as its [Value.Type] and [Value.String] and compares
// them byte for byte: all normalisation happens here. [ParseValue] rebuilds
// the Value from those two strings without the definition.
//
// # Concurrency
//
// Values of this package are safe to read from several goroutines at once,
// not to mutate while others read them (a Definition's Options slice is
// shared by copies of the Definition).
package field
