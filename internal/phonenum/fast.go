package phonenum

import (
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers/v2"
	"github.com/nyaruka/phonenumbers/v2/metadata"
)

// The fast path follows phonenumbers.Parse, IsValidNumber, GetNumberType and
// Format(E164) step by step (parseHelper, maybeExtractCountryCode,
// maybeStripNationalPrefixAndCarrierCode, testNumberLength,
// getNumberTypeHelper, getRegionCodeForNumberFromRegionList in
// phonenumberutil.go) for the inputs scan accepts: digits, an optional
// leading run of "+" and separators, with a label before them, an extension
// or vanity letters after them in the forms scan describes. On such inputs
// the library's RFC 3966 and second-number rules cannot apply, its extension
// rule strips exactly the extension, and its normalisation gives exactly the
// digits scan keeps, so the algorithm reduces to the steps below on the digit
// string. The metadata patterns are compiled once per region instead of being
// looked up by a freshly built key on each call. Whatever else the library
// would do (a leading plus with an unknown country code, fewer than three
// digits, metadata shapes not seen here) returns ok=false and the caller uses
// the library.

const (
	maxFastInput = 64 // longer inputs go to the library
	minNSN       = 2  // minLengthForNSN in the library
	maxNSN       = 17 // maxLengthForNSN in the library
)

// desc is a compiled PhoneNumberDesc.
type desc struct {
	re      *regexp.Regexp // "^(?:pattern)$", as the library builds it
	dfa     *digitDFA      // re as an automaton over digits; nil if it has none
	first   uint16         // the digits that can start a match of re (see firstDigits)
	lengths []int32
}

func newDesc(d *phonenumbers.PhoneNumberDesc) desc {
	expr := "^(?:" + d.GetNationalNumberPattern() + ")$"
	dfa, _ := compileDigitDFA(d.GetNationalNumberPattern())
	return desc{
		re:      regexp.MustCompile(expr),
		dfa:     dfa,
		first:   firstDigits(expr),
		lengths: d.GetPossibleLength(),
	}
}

// match is the library's isNumberMatchingDesc.
func (d *desc) match(n string) bool {
	if len(d.lengths) > 0 {
		found := false
		for _, l := range d.lengths {
			if int(l) == len(n) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return d.matchPattern(n)
}

// matchPattern reports whether re matches n: a string of digits through
// the automaton, anything else through re.
func (d *desc) matchPattern(n string) bool {
	if d.dfa != nil {
		if m, ok := d.dfa.match(n); ok {
			return m
		}
	}
	// A number whose first digit cannot start a match is refused without
	// running re: a region's type patterns mostly start with different
	// digits ("6" or "7" for a mobile in FR, "1" to "5" for a fixed line),
	// and GetNumberType tries up to ten.
	if n != "" && '0' <= n[0] && n[0] <= '9' && d.first&(1<<(n[0]-'0')) == 0 {
		return false
	}
	return d.re.MatchString(n)
}

// everyDigit is the set of firstDigits that holds all ten.
const everyDigit = 1<<10 - 1

// firstDigits returns the set of ASCII digits (bit d for the digit d) that
// can be the first character of a non-empty match of the regular
// expression expr, as package regexp compiles it: the digits accepted by
// the instructions that consume a character and that its program reaches
// from its start without consuming any. Every run that matches consumes
// its first character with one of them, so a string that starts with
// another digit does not match. Empty-width assertions are passed as if
// they held, which only adds digits. It returns everyDigit when expr does
// not compile.
func firstDigits(expr string) uint16 {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return everyDigit
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return everyDigit
	}
	var set uint16
	seen := make([]bool, len(prog.Inst))
	var visit func(pc uint32)
	visit = func(pc uint32) {
		if seen[pc] {
			return
		}
		seen[pc] = true
		switch in := &prog.Inst[pc]; in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			visit(in.Out)
			visit(in.Arg)
		case syntax.InstCapture, syntax.InstNop, syntax.InstEmptyWidth:
			visit(in.Out)
		case syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			set = everyDigit
		case syntax.InstRune, syntax.InstRune1:
			for d := range rune(10) {
				if in.MatchRune('0' + d) {
					set |= 1 << d
				}
			}
		}
		// InstMatch and InstFail consume nothing and lead nowhere.
	}
	visit(uint32(prog.Start))
	return set
}

// region is the compiled metadata of one region (or non-geographic entity).
type region struct {
	usable bool // false: this metadata has a shape the fast path does not follow
	code   string
	cc     int
	ccStr  string

	idd       *prefixRe // "^(?:internationalPrefix)"
	npp       *prefixRe // "^(?:nationalPrefixForParsing)", nil when none
	transform string
	leading   *prefixRe // "^(?:leadingDigits)", nil when none

	general      desc
	generalEmpty bool // the general pattern is empty (no metadata)
	genLengths   []int32
	genLocal     []int32
	same         bool // sameMobileAndFixedLinePattern
	// In the order getNumberTypeHelper tests them.
	premium, tollFree, sharedCost, voip, personal, pager, uan, voicemail, fixed, mobile desc
}

// descsOf returns the number descriptions of md: the general one, then
// those of the types.
func descsOf(md *phonenumbers.PhoneMetadata) []*phonenumbers.PhoneNumberDesc {
	return []*phonenumbers.PhoneNumberDesc{
		md.GetGeneralDesc(), md.GetPremiumRate(), md.GetTollFree(), md.GetSharedCost(),
		md.GetVoip(), md.GetPersonalNumber(), md.GetPager(), md.GetUan(),
		md.GetVoicemail(), md.GetFixedLine(), md.GetMobile(),
	}
}

func newRegion(code string, md *phonenumbers.PhoneMetadata) *region {
	if md == nil || md.GetGeneralDesc() == nil || len(md.GetGeneralDesc().GetPossibleLength()) == 0 {
		return &region{code: code}
	}
	for _, d := range descsOf(md) {
		if d == nil { // the library would dereference it
			return &region{code: code}
		}
	}
	r := &region{
		usable:       true,
		code:         code,
		cc:           int(md.GetCountryCode()),
		ccStr:        strconv.Itoa(int(md.GetCountryCode())),
		idd:          newPrefixRe(md.GetInternationalPrefix()),
		transform:    md.GetNationalPrefixTransformRule(),
		general:      newDesc(md.GetGeneralDesc()),
		generalEmpty: md.GetGeneralDesc().GetNationalNumberPattern() == "",
		genLengths:   md.GetGeneralDesc().GetPossibleLength(),
		genLocal:     md.GetGeneralDesc().GetPossibleLengthLocalOnly(),
		same:         md.GetSameMobileAndFixedLinePattern(),
		premium:      newDesc(md.GetPremiumRate()),
		tollFree:     newDesc(md.GetTollFree()),
		sharedCost:   newDesc(md.GetSharedCost()),
		voip:         newDesc(md.GetVoip()),
		personal:     newDesc(md.GetPersonalNumber()),
		pager:        newDesc(md.GetPager()),
		uan:          newDesc(md.GetUan()),
		voicemail:    newDesc(md.GetVoicemail()),
		fixed:        newDesc(md.GetFixedLine()),
		mobile:       newDesc(md.GetMobile()),
	}
	if p := md.GetNationalPrefixForParsing(); p != "" {
		r.npp = newPrefixRe(p)
	}
	if l := md.GetLeadingDigits(); l != "" {
		r.leading = newPrefixRe(l)
	}
	return r
}

// The compiled regions, built on first use: a region code of two capital
// letters and a country calling code below 1000 each index an array, which
// a lookup reads without hashing. They are immutable once built; a slot is
// written once, by whichever call builds it first.
var (
	byRegion [26 * 26]atomic.Pointer[region] // supported region code → *region
	byCC     [1000]atomic.Pointer[ccRegion]  // country calling code → its main region
)

// ccRegion is what regionForCC found for a country calling code: r is nil
// when it found none.
type ccRegion struct{ r *region }

// regionSlot returns the slot of byRegion of a region code, nil if the code
// is not two capital letters.
func regionSlot(code string) *atomic.Pointer[region] {
	if len(code) != 2 || code[0]-'A' >= 26 || code[1]-'A' >= 26 {
		return nil
	}
	return &byRegion[int(code[0]-'A')*26+int(code[1]-'A')]
}

// regionFor returns the compiled metadata of a supported region, or nil.
func regionFor(code string) *region {
	slot := regionSlot(code)
	if slot == nil {
		return nil // every supported region has a code of two capitals
	}
	if r := slot.Load(); r != nil {
		return r
	}
	if !metadata.SupportedRegions()[code] {
		return nil // not stored: the slots hold only the supported regions
	}
	md, _ := metadata.RegionMetadata(code)
	slot.CompareAndSwap(nil, newRegion(code, md))
	return slot.Load()
}

// regionForCC returns the compiled metadata the library uses for a country
// calling code: its main region's, or the non-geographic entity's. It
// returns nil when there is none.
func regionForCC(cc int) *region {
	if cc <= 0 || cc >= len(byCC) {
		return nil // calling codes have one to three digits
	}
	if e := byCC[cc].Load(); e != nil {
		return e.r
	}
	var r *region
	if regions := metadata.CountryCodeToRegion()[cc]; len(regions) > 0 {
		if regions[0] == "001" {
			if md, ok := metadata.NonGeoMetadata(cc); ok {
				r = newRegion("001", md)
			}
		} else {
			r = regionFor(regions[0])
		}
	}
	byCC[cc].CompareAndSwap(nil, &ccRegion{r})
	return byCC[cc].Load().r
}

// testLength is the library's testNumberLength(n, metadata, UNKNOWN).
func (r *region) testLength(n int) phonenumbers.ValidationResult {
	pl := r.genLengths
	if pl[0] == -1 {
		return phonenumbers.INVALID_LENGTH
	}
	for _, l := range r.genLocal {
		if int(l) == n {
			return phonenumbers.IS_POSSIBLE_LOCAL_ONLY
		}
	}
	switch minimum := int(pl[0]); {
	case minimum == n:
		return phonenumbers.IS_POSSIBLE
	case minimum > n:
		return phonenumbers.TOO_SHORT
	case int(pl[len(pl)-1]) < n:
		return phonenumbers.TOO_LONG
	}
	for _, l := range pl[1:] {
		if int(l) == n {
			return phonenumbers.IS_POSSIBLE
		}
	}
	return phonenumbers.INVALID_LENGTH
}

// stripNationalPrefix is the library's maybeStripNationalPrefixAndCarrierCode
// (the carrier code is not kept). It returns n unchanged when nothing is
// stripped.
func (r *region) stripNationalPrefix(n string) string {
	if len(n) == 0 || r.npp == nil {
		return n
	}
	groups := r.npp.FindStringSubmatchIndex(n)
	if groups == nil {
		return n
	}
	viableOriginal := r.general.matchPattern(n)
	numGroups := len(groups)/2 - 1
	if r.transform == "" || groups[numGroups*2] < 0 {
		if viableOriginal && !r.general.matchPattern(n[groups[1]:]) {
			return n
		}
		return n[groups[1]:]
	}
	transformed := r.npp.ReplaceAllString(n, r.transform)
	if viableOriginal && !r.general.matchPattern(transformed) {
		return n
	}
	return transformed
}

// readsBack reports whether the library, reading "+" and the country code of
// r followed by nat (a valid national significant number), reads nat again.
// It reads the country code back, then applies r's national prefix rule to
// nat: when that rule strips something and leaves a possible length, the
// number read back is another one (BY: 8 810 888 8888 is +375 810 888 8888,
// whose "8" is stripped again on reading). That is the only step of the
// reading that can change the digits, so it is the whole check.
func (r *region) readsBack(nat string) bool {
	p := r.stripNationalPrefix(nat)
	if p == nat {
		return true
	}
	switch r.testLength(len(p)) {
	case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY, phonenumbers.INVALID_LENGTH:
		return true // the library keeps nat
	}
	return false
}

// numberType is the library's getNumberTypeHelper.
func (r *region) numberType(n string) Type {
	if !r.general.match(n) {
		return TypeUnknown
	}
	switch {
	case r.premium.match(n):
		return TypePremiumRate
	case r.tollFree.match(n):
		return TypeTollFree
	case r.sharedCost.match(n):
		return TypeSharedCost
	case r.voip.match(n):
		return TypeVoIP
	case r.personal.match(n):
		return TypePersonalNumber
	case r.pager.match(n):
		return TypePager
	case r.uan.match(n):
		return TypeUAN
	case r.voicemail.match(n):
		return TypeVoicemail
	}
	if r.fixed.match(n) {
		if r.same || r.mobile.match(n) {
			return TypeFixedLineOrMobile
		}
		return TypeFixedLine
	}
	if !r.same && r.mobile.match(n) {
		return TypeMobile
	}
	return TypeUnknown
}

// extractCountryCode is the library's extractCountryCode: it returns 0 when
// full does not start with an assigned country calling code.
func extractCountryCode(full string) (int, string) {
	if len(full) == 0 || full[0] == '0' {
		return 0, full
	}
	ccs := metadata.CountryCodeToRegion()
	cc := 0
	for i := 1; i <= 3 && i <= len(full); i++ {
		cc = cc*10 + int(full[i-1]-'0')
		if _, ok := ccs[cc]; ok {
			return cc, full[i:]
		}
	}
	return 0, full
}

// scan reads the digits of input into buf as the library's
// buildNationalNumberForParsing, maybeStripExtension and normalize would, for
// the inputs the fast path follows: a label of letters, spaces and ":.,"
// before the number ("Tel: ", "Tél. "), then a leading run of "+", ASCII
// digits, the separators " .-()/" and their Unicode kin (no-break space, en
// dash, …), then either vanity letters to the end ("1-800-FLOWERS") or an
// extension ("ext. 12", "x12", ";ext=12", dropped). It returns the count of
// digits and whether the number had a leading "+"; ok=false for any other
// input, and ErrNotANumber for an input with no digit (of any script) and no
// plus.
//
// Why these are safe: the library starts reading at the first digit or "+",
// so a label of letters, spaces and ":.," before it is dropped; its extension
// pattern is anchored at the end and its leftmost match starts at the label
// (or the spaces and commas before it), so the number part is what comes
// before the label; and its vanity rule converts letters on a keypad only
// when there are three or more, and drops them otherwise. Vanity letters are
// followed only by separators, so that no extension pattern can match at the
// end, and never come with a "/" (the library's "/ x" second-number rule).
func scan(input string, buf *[maxFastInput]byte) (nd int, plus bool, reason error, ok bool) {
	i := 0
	for i < len(input) {
		if c := input[i]; c < utf8.RuneSelf {
			if !isLabelByte(c) {
				break
			}
			i++
			continue
		}
		// A non-ASCII letter of a label ("Tél."), unless it is where the
		// library starts reading (a digit of another script, a fullwidth
		// plus).
		r, size := utf8.DecodeRuneInString(input[i:])
		if unicode.IsDigit(r) || r == '\uFF0B' {
			return 0, false, nil, false
		}
		i += size
	}
	if i == len(input) {
		// No digit, no plus: the library finds no number, whatever the
		// letters (an input with ";phone-context=" is not taken here: its
		// context may hold a plus).
		if i > 0 && !strings.Contains(input, ";phone-context=") {
			return 0, false, ErrNotANumber, true
		}
		return 0, false, nil, false
	}
	started := false
	letters, lastLetter := 0, -1
	end := len(input)
scan:
	for ; i < len(input); i++ {
		switch c := input[i]; {
		case '0' <= c && c <= '9':
			started = true
			buf[nd] = c
			nd++
		case c == '+':
			switch {
			case !started:
				started, plus = true, true
			case plus && nd == 0 && input[i-1] == '+':
				// still in the leading run of "+"
			default:
				return 0, false, nil, false
			}
		case c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/':
		case c == ';' || c == ',' || c == '#' || c == '~' || isASCIILetter(c):
			if nd >= 3 && isExtension(input[i:]) {
				end = i
				break scan
			}
			if !isASCIILetter(c) || nd < 3 {
				return 0, false, nil, false
			}
			buf[nd] = c
			nd++
			letters++
			lastLetter = i
		case c >= utf8.RuneSelf:
			// Separators pasted from documents: no-break and ideographic
			// spaces, Unicode dashes and minus, fullwidth dash, dot, slash
			// and parentheses. All are in the library's punctuation, which
			// it drops.
			r, size := utf8.DecodeRuneInString(input[i:])
			switch {
			case r == '\u00A0', r == '\u3000', '\u2010' <= r && r <= '\u2015', r == '\u2212',
				'\uFF0D' <= r && r <= '\uFF0F', r == '\uFF08', r == '\uFF09':
				i += size - 1
			default:
				return 0, false, nil, false
			}
		default:
			return 0, false, nil, false
		}
	}
	if letters > 0 {
		if end != len(input) || strings.IndexByte(input, '/') >= 0 {
			return 0, false, nil, false
		}
		for j := lastLetter + 1; j < len(input); j++ {
			if c := input[j]; '0' <= c && c <= '9' {
				return 0, false, nil, false
			}
		}
		// normalize: three letters or more are keypad digits, fewer are
		// dropped.
		k := 0
		for j := 0; j < nd; j++ {
			c := buf[j]
			if isASCIILetter(c) {
				if letters < 3 {
					continue
				}
				c = keypad[(c|0x20)-'a']
			}
			buf[k] = c
			k++
		}
		nd = k
	}
	if nd < 3 {
		return 0, false, nil, false
	}
	return nd, plus, nil, true
}

// fewDigits reports whether input is ASCII, has fewer than two digits and no
// RFC 3966 phone-context: the library then finds no viable number in it
// ("n/a", "-", "+", "0", "jean@example.com").
func fewDigits(input string) bool {
	nd := 0
	for i := 0; i < len(input); i++ {
		switch c := input[i]; {
		case c >= utf8.RuneSelf:
			return false
		case '0' <= c && c <= '9':
			if nd++; nd >= 2 {
				return false
			}
		}
	}
	return !strings.Contains(input, ";phone-context=")
}

// keypad is the digit of each letter on a telephone keypad (ITU E.161).
var keypad = [26]byte{
	'2', '2', '2', '3', '3', '3', '4', '4', '4', '5', '5', '5', '6',
	'6', '6', '7', '7', '7', '7', '8', '8', '8', '9', '9', '9', '9',
}

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// isLabelByte reports whether c may be part of a label before the number.
func isLabelByte(c byte) bool {
	return isASCIILetter(c) || c == ' ' || c == ':' || c == '.' || c == ','
}

// isExtension reports whether s, the rest of an input after a number, is an
// extension the library strips, in one of the forms the fast path follows:
// ";ext=" and 1 to 20 digits; or optional spaces and commas, a label "ext",
// "extn" or "extension" (1 to 20 digits) or "x" (1 to 9 digits) in any case,
// an optional "." or ":", optional spaces, commas and dashes, the digits and
// an optional "#". This is a subset of the library's extension pattern.
func isExtension(s string) bool {
	if len(s) > 6 && (s[:5] == ";ext=" || s[:5] == ";EXT=") {
		return allDigits(s[5:], 20)
	}
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == ',') {
		i++
	}
	j := i
	for j < len(s) && isASCIILetter(s[j]) {
		j++
	}
	maxDigits := 0
	switch label := s[i:j]; {
	case strings.EqualFold(label, "x"):
		maxDigits = 9
	case strings.EqualFold(label, "ext"), strings.EqualFold(label, "extn"), strings.EqualFold(label, "extension"):
		maxDigits = 20
	default:
		return false
	}
	if j < len(s) && (s[j] == '.' || s[j] == ':') {
		j++
	}
	for j < len(s) && (s[j] == ' ' || s[j] == ',' || s[j] == '-') {
		j++
	}
	rest := s[j:]
	if len(rest) > 0 && rest[len(rest)-1] == '#' {
		rest = rest[:len(rest)-1]
	}
	return allDigits(rest, maxDigits)
}

// allDigits reports whether s is 1 to maxLen ASCII digits.
func allDigits(s string, maxLen int) bool {
	if len(s) == 0 || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseFast parses input as the library would, or returns ok=false when the
// input is not one it follows. A rejected input gives a reason (an unwrapped
// sentinel) and ok=true.
func parseFast(input, regionCode string) (res Result, reason error, ok bool) {
	if len(input) == 0 || len(input) > maxFastInput {
		return Result{}, nil, false
	}
	var buf [maxFastInput]byte
	nd, plus, reason, ok := scan(input, &buf)
	if !ok {
		if fewDigits(input) {
			return Result{}, ErrNotANumber, true
		}
		return Result{}, nil, false
	}
	if reason != nil {
		return Result{}, reason, true
	}
	full := digitsOf(input, buf[:nd])

	def := regionFor(regionCode)
	if def == nil && !plus {
		if regionCode == "" {
			return Result{}, ErrNoRegion, true
		}
		return Result{}, ErrUnknownRegion, true
	}
	if def != nil && !def.usable {
		return Result{}, nil, false
	}

	// maybeExtractCountryCode.
	var (
		cc          int
		nat         string
		fromDefault bool // the country code is the default region's
		trunk       bool
	)
	if plus {
		if len(full) <= 2 {
			return Result{}, ErrTooShort, true
		}
		if cc, nat = extractCountryCode(full); cc == 0 {
			return Result{}, nil, false // the library retries without the plus
		}
	} else {
		idd := false
		if m := def.idd.FindStringIndex(full); m != nil && (m[1] == len(full) || full[m[1]] != '0') {
			idd = true
			rest := full[m[1]:]
			if len(rest) <= 2 {
				return Result{}, ErrTooShort, true
			}
			if cc, nat = extractCountryCode(rest); cc == 0 {
				return Result{}, ErrUnknownCountryCode, true
			}
		}
		if !idd {
			fromDefault = true
			if len(full) >= len(def.ccStr) && full[:len(def.ccStr)] == def.ccStr {
				potential := def.stripNationalPrefix(full[len(def.ccStr):])
				fullValid := def.general.matchPattern(full)
				nationalValid := def.general.matchPattern(potential)
				if (!fullValid && nationalValid) || def.testLength(len(full)) == phonenumbers.TOO_LONG {
					cc, nat = def.cc, potential
					trunk = potential != full[len(def.ccStr):]
				}
			}
		}
	}

	// The metadata for the national prefix: the main region of the country
	// code found, or the default region's when the number is national.
	var md *region
	if cc != 0 {
		md = regionForCC(cc)
	} else {
		md = def
		cc = def.cc
		nat = full
	}
	if md == nil || !md.usable {
		return Result{}, nil, false
	}
	if len(nat) < minNSN {
		return Result{}, ErrTooShort, true
	}
	if potential := md.stripNationalPrefix(nat); potential != nat {
		switch md.testLength(len(potential)) {
		case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY, phonenumbers.INVALID_LENGTH:
		default:
			nat, trunk = potential, true
		}
	}
	if len(nat) < minNSN {
		return Result{}, ErrTooShort, true
	}
	if len(nat) > maxNSN {
		return Result{}, ErrTooLong, true
	}
	// The library stores nat as an integer and its count of leading zeros;
	// GetNationalSignificantNumber gives nat back unchanged.

	numRegion, typ, reason, ok := validate(cc, nat)
	if !ok || reason != nil {
		return Result{}, reason, ok
	}
	return Result{
		E164:          e164(cc, nat),
		Region:        numRegion.code,
		RegionAssumed: fromDefault,
		TrunkDropped:  trunk,
		Type:          typ,
	}, nil, true
}

// validate is the library's IsValidNumber, GetNumberType and
// GetRegionCodeForNumber on the number of country code cc and national
// significant number nat, with the compiled metadata; then the check that its
// E.164 form reads back as the same number, since every stored phone must.
// A rejected number gives a reason and
// ok=true; ok=false when the metadata has a shape it does not follow.
func validate(cc int, nat string) (numRegion *region, typ Type, reason error, ok bool) {
	// IsValidNumber: GetRegionCodeForNumber, then IsValidNumberForRegion.
	regions := metadata.CountryCodeToRegion()[cc]
	typed := false
	switch len(regions) {
	case 0:
		return nil, 0, nil, false
	case 1:
		if regions[0] == "001" {
			numRegion = regionForCC(cc)
		} else {
			numRegion = regionFor(regions[0])
		}
	default:
		for _, code := range regions {
			r := regionFor(code)
			if r == nil || !r.usable {
				return nil, 0, nil, false
			}
			if r.leading != nil {
				if r.leading.MatchString(nat) {
					numRegion = r
					break
				}
			} else if t := r.numberType(nat); t != TypeUnknown {
				numRegion, typ, typed = r, t, true
				break
			}
		}
	}
	if numRegion != nil && !numRegion.usable {
		return nil, 0, nil, false
	}
	if numRegion != nil && (numRegion.code == "001" || numRegion.cc == cc) {
		if !typed {
			typ = numRegion.numberType(nat)
		}
	} else {
		typ = TypeUnknown
	}
	if typ == TypeUnknown {
		// IsPossibleNumberWithReason, with the main region's metadata.
		pm := regionForCC(cc)
		if pm == nil || !pm.usable {
			return nil, 0, nil, false
		}
		if pm.generalEmpty {
			switch {
			case len(nat) < minNSN:
				return nil, 0, ErrTooShort, true
			case len(nat) > maxNSN:
				return nil, 0, ErrTooLong, true
			}
			return nil, 0, ErrInvalidForRegion, true
		}
		return nil, 0, possibleReason(pm.testLength(len(nat))), true
	}

	// The E.164 form must read back as this number.
	if pm := regionForCC(cc); pm == nil || !pm.usable {
		return nil, 0, nil, false
	} else if !pm.readsBack(nat) {
		return nil, 0, ErrNotRoundTrip, true
	}

	return numRegion, typ, nil, true
}

// e164 returns "+", cc and nat, a string of its own: never the input read,
// which may be part of a larger string that a stored phone would keep.
func e164(cc int, nat string) string {
	var out [1 + 3 + maxNSN]byte
	e := append(out[:0], '+')
	e = strconv.AppendInt(e, int64(cc), 10)
	e = append(e, nat...)
	return string(e)
}

// digitsOf returns the digits scan read from input, digits, as a string:
// input itself, or the part after its plus, when it holds nothing else (a
// number in E.164 form, or digits alone), rather than a copy. Only parseFast
// reads it: no part of it is kept.
func digitsOf(input string, digits []byte) string {
	if string(digits) == input {
		return input
	}
	if len(input) == len(digits)+1 && input[0] == '+' && string(digits) == input[1:] {
		return input[1:]
	}
	return string(digits)
}
