// Package tag holds tag names, the parsing of typed tag input and ordered
// sets of tags.
//
// # Names
//
// A [Name] is made by [ParseName], which normalises what a person typed:
// invisible and bidirectional formatting characters (zero-width spaces,
// direction overrides, the byte order mark, …) are removed, surrounding
// white space is trimmed, every inner run of white space becomes one space,
// and the text is put in Unicode Normalization Form C. An empty
// name, a name over [MaxNameLength] characters, and a name containing a
// comma, a control character (tab and newline included) or invalid UTF-8 are
// refused with a [*ParseError] wrapping [ErrInvalidName].
//
// A Name keeps its spelling ([Name.String]) and has a case-insensitive
// identity, [Name.Key]: the spelling case-folded with
// golang.org/x/text/cases.Fold, then in NFC. "VIP", "vip" and "Vip" are one
// tag; so are "Straße" and "STRASSE".
//
// # Typed input
//
// [Parse] reads what a person types in a tag box, where Enter, Tab and Comma
// end a name: it splits on commas (the comma key's "，", "、" or "،" in
// Chinese, Japanese and Arabic layouts too), tabs and newlines, normalises
// each part, drops empty parts and removes duplicates by Key, keeping the
// first spelling and the order of the input.
//
// # Limits
//
// Every input is bounded: [Limits] caps the names of one call
// ([MaxPerCall]), the bytes of one call's input ([MaxInputLen]) and the tags
// of one contact ([MaxPerContact]); [Limits.Parse] and [Set.AddWithin]
// refuse what is over them with a [*LimitError] wrapping [ErrTooMany],
// before doing the work. Parsing and set operations cost time linear in
// their input: to add names that may be new, call [Set.Missing] once, then
// [Set.Add] once, rather than Has and Add per name. Error messages quote at
// most the first 40 bytes of a bad input.
//
// # Sets
//
// A [Set] is an ordered list of names unique by Key, in the order they were
// added. Its methods never modify the Set they are called on: Add, Remove,
// Union and the others return a new Set, so copies of a Set (the store hands
// out copies) never see each other's changes.
//
// # Tags of a workspace
//
// A [Tag] is a tag that exists in a workspace: its Name and when it was
// created. Assigning an unknown name to a contact creates the Tag; removing
// it from a contact never deletes it. The store scopes tags by
// workspace and compares them by Key.
//
// Values of this package are safe to read concurrently.
package tag
