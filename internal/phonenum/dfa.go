package phonenum

import (
	"regexp"
	"regexp/syntax"
	"slices"
)

// digitDFA is a deterministic automaton over the ten ASCII digits that
// accepts exactly the digit strings a regular expression matches whole: the
// number patterns of the metadata ("(?:6\d{8}|7[0-8]\d{7})") run as a table
// walk, a digit a step, instead of through package regexp, whose matcher
// costs most of a validation.
type digitDFA struct {
	// next[s][d] is the state after digit d from state s; state 0 is
	// dead (no digit leads out of it), state 1 the start.
	next   [][10]uint16
	accept []bool // accept[s]: a string that ends in s matches
}

// maxDFAStates bounds the states of a digitDFA: a pattern that would need
// more is left to package regexp. The metadata's patterns need a few dozen
// to a few hundred.
const maxDFAStates = 4096

// compileDigitDFA builds the digitDFA of pattern (matched whole, as
// "^(?:pattern)$"), and false when it cannot: the pattern does not parse
// as one expression, holds an assertion (an anchor, a word boundary) or
// needs more than maxDFAStates states.
//
// It is the subset construction over the program package regexp compiles
// for the pattern: a state of the automaton is the set of the program's
// instructions that consume a character which the digits read so far can
// reach, and it accepts when the program's match instruction is among
// those reached.
func compileDigitDFA(pattern string) (*digitDFA, bool) {
	// The pattern must parse alone and as the library wraps it: then it is
	// one expression, which the group holds whole (")|(" parses wrapped
	// but not alone, "\\Q" alone but not wrapped, whose quote takes the
	// closing parenthesis).
	if _, err := syntax.Parse(pattern, syntax.Perl); err != nil {
		return nil, false
	}
	re, err := syntax.Parse("(?:"+pattern+")", syntax.Perl)
	if err != nil {
		return nil, false
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, false
	}
	// closure adds to set the consuming instructions reached from pc
	// without consuming, and reports whether the match instruction is
	// among them; ok is false on an assertion.
	seen := make([]uint32, len(prog.Inst)) // the generation that saw each instruction
	gen := uint32(0)
	ok := true
	var closure func(pc uint32, set []uint32) ([]uint32, bool)
	closure = func(pc uint32, set []uint32) ([]uint32, bool) {
		if seen[pc] == gen {
			return set, false
		}
		seen[pc] = gen
		switch in := &prog.Inst[pc]; in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			set, m1 := closure(in.Out, set)
			set, m2 := closure(in.Arg, set)
			return set, m1 || m2
		case syntax.InstCapture, syntax.InstNop:
			return closure(in.Out, set)
		case syntax.InstMatch:
			return set, true
		case syntax.InstEmptyWidth:
			ok = false
			return set, false
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			return append(set, pc), false
		}
		return set, false // InstFail
	}

	a := &digitDFA{next: make([][10]uint16, 2), accept: make([]bool, 2)}
	index := map[string]uint16{} // a state's key (see key) → the state
	var sets [][]uint32          // sets[s]: the instructions of state s (nil for the dead one)
	sets = append(sets, nil, nil)
	// A state's key: whether it accepts, then its instructions.
	key := func(set []uint32, match bool) string {
		b := make([]byte, 1, 1+4*len(set))
		if match {
			b[0] = 1
		}
		for _, pc := range set {
			b = append(b, byte(pc), byte(pc>>8), byte(pc>>16), byte(pc>>24))
		}
		return string(b)
	}
	gen++
	start, m := closure(uint32(prog.Start), nil)
	slices.Sort(start)
	sets[1], a.accept[1] = start, m
	index[key(start, m)] = 1
	for s := 1; s < len(sets); s++ {
		for d := range 10 {
			gen++
			var set []uint32
			match := false
			for _, pc := range sets[s] {
				if in := &prog.Inst[pc]; consumes(in, rune('0'+d)) {
					var m bool
					set, m = closure(in.Out, set)
					match = match || m
				}
			}
			if !ok {
				return nil, false
			}
			if len(set) == 0 && !match {
				continue // dead: next[s][d] stays 0
			}
			slices.Sort(set)
			k := key(set, match)
			t, found := index[k]
			if !found {
				if len(sets) == maxDFAStates {
					return nil, false
				}
				t = uint16(len(sets))
				index[k] = t
				sets = append(sets, set)
				a.next = append(a.next, [10]uint16{})
				a.accept = append(a.accept, match)
			}
			a.next[s][d] = t
		}
	}
	if !ok {
		return nil, false
	}
	return a, true
}

// match reports whether the automaton accepts n, and false as its second
// result when n holds a character other than an ASCII digit, which it
// cannot tell.
func (a *digitDFA) match(n string) (matched, ok bool) {
	s := uint16(1)
	for i := 0; i < len(n); i++ {
		d := n[i] - '0'
		if d > 9 {
			return false, false
		}
		s = a.next[s][d]
		if s == 0 {
			// Dead, but the rest must still be digits for the answer to
			// hold.
			for i++; i < len(n); i++ {
				if n[i]-'0' > 9 {
					return false, false
				}
			}
			return false, true
		}
	}
	return a.accept[s], true
}

// consumes reports whether instruction in, which consumes a character,
// consumes r.
func consumes(in *syntax.Inst, r rune) bool {
	switch in.Op {
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return r != '\n'
	}
	return in.MatchRune(r)
}

// matchPrefix reports whether the automaton accepts a prefix of n (n
// itself and the empty string included), and false as its second result
// when it meets a character other than an ASCII digit before it can tell.
func (a *digitDFA) matchPrefix(n string) (matched, ok bool) {
	s := uint16(1)
	for i := 0; ; i++ {
		if a.accept[s] {
			return true, true
		}
		if i == len(n) {
			return false, true
		}
		d := n[i] - '0'
		if d > 9 {
			return false, false
		}
		if s = a.next[s][d]; s == 0 {
			return false, true
		}
	}
}

// prefixRe is a regular expression the library matches at the start of a
// string ("^(?:pattern)"), with its automaton when it has one: a string of
// digits that no prefix of matches is told so without running the
// expression, whose match a caller needs only when there is one.
type prefixRe struct {
	re  *regexp.Regexp
	dfa *digitDFA
}

func newPrefixRe(pattern string) *prefixRe {
	dfa, _ := compileDigitDFA(pattern)
	return &prefixRe{re: regexp.MustCompile("^(?:" + pattern + ")"), dfa: dfa}
}

// none reports whether the expression surely matches no prefix of n.
func (p *prefixRe) none(n string) bool {
	if p.dfa == nil {
		return false
	}
	m, ok := p.dfa.matchPrefix(n)
	return ok && !m
}

// FindStringIndex is the expression's, and nil without running it when no
// prefix of n matches.
func (p *prefixRe) FindStringIndex(n string) []int {
	if p.none(n) {
		return nil
	}
	return p.re.FindStringIndex(n)
}

// FindStringSubmatchIndex is the expression's, and nil without running it
// when no prefix of n matches.
func (p *prefixRe) FindStringSubmatchIndex(n string) []int {
	if p.none(n) {
		return nil
	}
	return p.re.FindStringSubmatchIndex(n)
}

// MatchString is the expression's.
func (p *prefixRe) MatchString(n string) bool {
	if p.dfa != nil {
		if m, ok := p.dfa.matchPrefix(n); ok {
			return m
		}
	}
	return p.re.MatchString(n)
}

// ReplaceAllString is the expression's.
func (p *prefixRe) ReplaceAllString(n, repl string) string { return p.re.ReplaceAllString(n, repl) }
