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
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || isC1(r) {
			return i
		}
		i += size
	}
	return -1
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

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
