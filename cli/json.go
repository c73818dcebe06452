package cli

import (
	"fmt"
	"unicode/utf8"

	"github.com/alloy-tui/alloy-tui/models"
)

// inertJSON rewrites encoding/json's output so that no character a terminal
// acts on, or that hides or reorders text, is left raw: DEL, the C1
// controls, and every character of models.IsInvisible (bidirectional
// controls, zero-width characters, U+2028/U+2029, tag characters) become
// \uXXXX escapes (a surrogate pair above U+FFFF). encoding/json already
// escapes the C0 controls inside strings (the newlines and spaces outside
// them are its layout). Such characters can only occur inside strings, so
// the document stays valid JSON and decodes to exactly the same text.
func inertJSON(b []byte) []byte {
	i := firstToEscape(b)
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	out = append(out, b[:i]...)
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if escapeInJSON(r) {
			if r > 0xffff {
				r -= 0x10000
				out = fmt.Appendf(out, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

func firstToEscape(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			if b[i] == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if escapeInJSON(r) {
			return i
		}
		i += size
	}
	return -1
}

func escapeInJSON(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r <= 0x9f) || models.IsInvisible(r)
}
