package models

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes remote text safe to print on a terminal. It removes escape
// sequences (CSI, OSC, DCS, APC, PM, SOS and the short ESC forms) together
// with their parameters and payloads, the C0 controls other than tab and
// newline, DEL, and the C1 controls U+0080–U+009F, whose 8-bit forms some
// terminals still obey. A CR LF pair becomes LF and a lone CR is dropped so
// that text cannot overwrite itself. Invalid UTF-8 becomes U+FFFD.
//
// It also removes the characters that can hide or disguise text without
// being seen (see IsInvisible): bidirectional controls, which reorder what
// follows them, zero-width characters, the line and paragraph separators
// U+2028/U+2029, and Unicode tag characters. Two exceptions keep emoji
// whole: a zero-width joiner between two pictographs (👩‍💻), and tag
// characters right after U+1F3F4 (the flags of England, Scotland, Wales).
//
// Text that needs no change is returned as it is, without allocating.
func Sanitize(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	sanitizeInto(&b, s[i:])
	return b.String()
}

// SanitizeLine is Sanitize for text that must stay on one line, such as a
// title in a list: newlines and tabs become spaces as well.
func SanitizeLine(s string) string {
	s = Sanitize(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c == '\n' || c == '\t' {
			b[i] = ' '
		}
	}
	return string(b)
}

// firstUnsafe returns the index of the first byte that Sanitize would change,
// or -1 when the string is already safe.
func firstUnsafe(s string) int {
	prev := rune(-1)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
				return i
			}
			prev = rune(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || isC1(r) {
			return i
		}
		if IsInvisible(r) && !keepInvisible(r, prev, s[i+size:]) {
			return i
		}
		prev = r
		i += size
	}
	return -1
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// IsInvisible reports whether r is one of the characters Sanitize removes
// because they change how text reads without being seen themselves:
//
//   - bidirectional controls: U+061C, U+200E, U+200F, U+202A–U+202E,
//     U+2066–U+2069;
//   - zero-width and invisible characters: U+180E, U+200B–U+200D, U+2060–U+2064,
//     the deprecated format characters U+206A–U+206F, U+FEFF, and the
//     interlinear annotation marks U+FFF9–U+FFFB;
//   - the line and paragraph separators U+2028 and U+2029;
//   - the tag characters U+E0000–U+E007F.
//
// Controls (C0, DEL, C1) are not included: Sanitize handles them apart.
func IsInvisible(r rune) bool {
	switch {
	case r < 0x61c:
		return false
	case r == 0x61c, r == 0x180e:
		return true
	case r >= 0x200b && r <= 0x200f:
		return true
	case r >= 0x2028 && r <= 0x202e:
		return true
	case r >= 0x2060 && r <= 0x206f:
		return r != 0x2065 // unassigned
	case r == 0xfeff, r >= 0xfff9 && r <= 0xfffb:
		return true
	case r >= 0xe0000 && r <= 0xe007f:
		return true
	}
	return false
}

// keepInvisible reports whether the invisible r, after prev and before
// rest, is part of an emoji and stays: a zero-width joiner between two
// pictographs, or a tag character of a subdivision flag.
func keepInvisible(r, prev rune, rest string) bool {
	switch {
	case r == 0x200d:
		next, _ := utf8.DecodeRuneInString(rest)
		return (isPictograph(prev) || prev == 0xfe0f) && isPictograph(next)
	case r >= 0xe0020 && r <= 0xe007f:
		return prev == 0x1f3f4 || (prev >= 0xe0020 && prev <= 0xe007e)
	}
	return false
}

// isPictograph is a rough test for the characters emoji sequences join:
// the emoji planes, the miscellaneous symbols and dingbats, arrows and
// technical symbols (⌚, ⬛).
func isPictograph(r rune) bool {
	return (r >= 0x1f000 && r <= 0x1faff) || (r >= 0x2300 && r <= 0x23ff) ||
		(r >= 0x2600 && r <= 0x27bf) || (r >= 0x2b00 && r <= 0x2bff) || (r >= 0x2190 && r <= 0x21ff)
}

// Kinds of control string, whose payload runs until a terminator.
const (
	ctrlNone = iota
	ctrlCSI
	ctrlOSC    // ends with BEL or ST
	ctrlString // DCS, SOS, PM, APC: end with ST (BEL accepted too, as xterm does)
)

// sanitizeInto writes the safe form of s into b. It is a small state
// machine: each escape sequence is skipped whole, so that no parameter
// bytes leak out as visible garbage and nothing a terminal would act on
// survives.
func sanitizeInto(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == 0x1b:
				i = skipEscape(s, i+1)
			case c == '\r':
				// CR LF keeps its LF (written on the next turn); a lone CR goes.
				i++
			case (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f:
				i++
			default:
				b.WriteByte(c)
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
			i++
		case r == 0x9b: // 8-bit CSI
			i = skipControl(s, i+size, ctrlCSI)
		case r == 0x9d: // 8-bit OSC
			i = skipControl(s, i+size, ctrlOSC)
		case r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // DCS, SOS, PM, APC
			i = skipControl(s, i+size, ctrlString)
		case isC1(r):
			i += size
		case IsInvisible(r):
			prev, _ := utf8.DecodeLastRuneInString(b.String())
			if keepInvisible(r, prev, s[i+size:]) {
				b.WriteString(s[i : i+size])
			}
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
}

// skipEscape skips what follows an ESC at s[i-1] and returns the index of
// the first byte after the sequence.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipControl(s, i+1, ctrlCSI)
	case ']':
		return skipControl(s, i+1, ctrlOSC)
	case 'P', 'X', '^', '_':
		return skipControl(s, i+1, ctrlString)
	}
	// Other escapes: intermediate bytes 0x20–0x2F, then one final byte
	// 0x30–0x7E (ESC 7, ESC ( B, ESC c …). Anything else ends the
	// sequence, which leaves only the ESC itself dropped.
	j := i
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
		return j + 1
	}
	return j
}

// skipControl skips the body of a control sequence of the given kind that
// starts at s[i] and returns the index just after it. An unterminated string
// runs to the end of s: a terminal would swallow it too.
func skipControl(s string, i int, kind int) int {
	if kind == ctrlCSI {
		// Parameter bytes 0x30–0x3F and intermediates 0x20–0x2F, then a
		// final byte 0x40–0x7E. Any other byte aborts the sequence and is
		// handled on its own.
		for i < len(s) {
			c := s[i]
			switch {
			case c >= 0x20 && c <= 0x3f:
				i++
			case c >= 0x40 && c <= 0x7e:
				return i + 1
			default:
				return i
			}
		}
		return i
	}
	for i < len(s) {
		c := s[i]
		switch {
		case c == 0x07:
			return i + 1
		case c == 0x1b:
			// ESC \ is ST; any other ESC aborts the string and starts a
			// new sequence, as it does on a terminal.
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case c == 0x18 || c == 0x1a: // CAN and SUB abort it
			return i
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c: // 8-bit ST, U+009C
			return i + 2
		}
		i++
	}
	return i
}

// CleanTitle is a page title as typed or pasted, made fit to send: one line
// (Sanitize's removals, newlines and tabs become spaces) without surrounding
// space. An empty result means that nothing usable was given; callers refuse
// it rather than blank a page's title. The CLI and the TUI rename with it,
// and show the title it returns, which is exactly what was sent.
func CleanTitle(s string) string {
	return strings.TrimSpace(SanitizeLine(s))
}

// MaxQueryRunes is the longest search query sent, in characters. Notion
// searches titles, and no title needs more; a longer paste is cut.
const MaxQueryRunes = 500

// CleanQuery is a search query as typed or pasted, made fit to send: one
// line without surrounding space, cut to MaxQueryRunes characters. cut
// reports whether it had to be shortened, so that the caller can say so.
func CleanQuery(q string) (clean string, cut bool) {
	q = strings.TrimSpace(SanitizeLine(q))
	if utf8.RuneCountInString(q) <= MaxQueryRunes {
		return q, false
	}
	n := 0
	for i := range q {
		if n == MaxQueryRunes {
			return strings.TrimSpace(q[:i]), true
		}
		n++
	}
	return q, false
}

// ShortLine makes text fit to echo in a one-line message: sanitised to one
// line and, when longer than max characters, cut with "…".
func ShortLine(s string, max int) string {
	s = SanitizeLine(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
