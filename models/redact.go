package models

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted is what Redact puts in place of a secret.
const Redacted = "[redacted]"

// minSecretLen is the shortest secret Redact looks for: shorter values
// would blank out ordinary words, and a real key is far longer.
const minSecretLen = 4

// Redact replaces every occurrence of each secret in text with Redacted. It
// is meant for the last step before text is shown, printed or logged, and
// finds a secret in the forms a hostile or broken server could echo it in:
//
//   - as it is;
//   - with any of its characters written as a JSON escape (\u0074 for t,
//     surrogate pairs included), as in a raw answer body, or, for
//     punctuation, backslash-escaped as Markdown writes it (sk\_test);
//   - with text that a terminal does not show put between its characters:
//     escape sequences (CSI, OSC, DCS and the rest, raw or JSON-escaped),
//     C0 and C1 controls such as BEL, DEL, and the invisible characters of
//     IsInvisible (zero-width, bidirectional controls, separators), plus
//     the soft hyphen;
//   - broken by white space, as when text is wrapped and indented, or a
//     newline in it becomes a space or a Markdown hard break (a backslash
//     at the end of a line).
//
// "Bearer " right before a secret goes with it. Colour (SGR) sequences inside
// a match are kept after the replacement, so styled text keeps its styles.
// Secrets shorter than four bytes are ignored. Matching is case-sensitive.
//
// Text without any secret is returned unchanged, without allocating.
func Redact(text string, secrets ...string) string {
	for _, secret := range secrets {
		if len(secret) >= minSecretLen {
			text = redactOne(text, secret)
		}
	}
	return text
}

// ContainsSecret reports whether Redact would change text.
func ContainsSecret(text string, secrets ...string) bool {
	return Redact(text, secrets...) != text
}

func redactOne(s, secret string) string {
	var b strings.Builder
	last := 0 // s[:last] is already written to b (or needs no change)
	first := secret[0]
	// Where the next first character and the next backslash are (len(s)
	// for none): a match can start only there.
	nextFirst, nextSlash := -1, -1
	for i := 0; i < len(s); {
		if nextFirst < i {
			nextFirst = indexFrom(s, i, first)
		}
		if nextSlash < i {
			nextSlash = indexFrom(s, i, '\\')
		}
		if i = min(nextFirst, nextSlash); i >= len(s) {
			break
		}
		c := s[i]
		end, kept, ok := matchSecret(s, i, secret)
		if !ok {
			i++
			continue
		}
		start := i
		const bearer = "Bearer "
		if j := start - len(bearer); j >= last && strings.EqualFold(s[j:start], bearer) {
			start = j
		} else if c == '\\' && start > last && oddBackslashesBefore(s, start, last) {
			// The escape's own backslash was escaped (JSON "\\u0073…"):
			// take the one before it too, so that no lone backslash is
			// left to escape the replacement.
			start--
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		b.WriteString(Redacted)
		b.WriteString(kept)
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// indexFrom is the index of the first c in s from i on, len(s) when there
// is none.
func indexFrom(s string, i int, c byte) int {
	if k := strings.IndexByte(s[i:], c); k >= 0 {
		return i + k
	}
	return len(s)
}

// oddBackslashesBefore reports whether an odd number of backslashes run up
// to s[i], not counting s[:floor].
func oddBackslashesBefore(s string, i, floor int) bool {
	n := 0
	for j := i - 1; j >= floor && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// matchSecret tries to match secret at s[i]: its first character must be
// there, and each following one may be preceded by text a terminal hides.
// It returns the end of the match and the colour sequences skipped inside.
func matchSecret(s string, i int, secret string) (end int, kept string, ok bool) {
	// Bound the work a hostile text can cause: a real match is at most
	// this long, however the server dresses it up.
	limit := min(len(s), i+len(secret)*64+4096)
	s = s[:limit]
	var sgr strings.Builder
	j := i
	for k, want := range secret {
		if k > 0 {
			j = skipHidden(s, j, &sgr)
		}
		got, n := decodeAt(s, j)
		if n == 0 || got != want {
			return 0, "", false
		}
		j += n
	}
	return j, sgr.String(), true
}

// decodeAt reads one character at s[i]: a JSON escape (\uXXXX, with
// surrogate pairs, or \n, \t, \", …) or a UTF-8 character. n is 0 at the end
// of s.
func decodeAt(s string, i int) (r rune, n int) {
	if i >= len(s) {
		return 0, 0
	}
	if s[i] != '\\' || i+1 >= len(s) {
		return utf8.DecodeRuneInString(s[i:])
	}
	switch s[i+1] {
	case 'u':
		r, ok := hex4(s, i+2)
		if !ok {
			return '\\', 1
		}
		if r >= 0xd800 && r < 0xdc00 && i+12 <= len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
			if lo, ok := hex4(s, i+8); ok && lo >= 0xdc00 && lo < 0xe000 {
				return 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00), 12
			}
		}
		return r, 6
	case 'n':
		return '\n', 2
	case 't':
		return '\t', 2
	case 'r':
		return '\r', 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case '"', '\\', '/':
		return rune(s[i+1]), 2
	}
	if c := s[i+1]; c > ' ' && c < 0x7f && !isAlnum(c) {
		// A Markdown escape of punctuation (sk\_test).
		return rune(c), 2
	}
	return '\\', 1
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// hex4 reads four hex digits at s[i].
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// skipHidden skips what a terminal would not show at s[j]: escape
// sequences, controls and invisible characters, raw or JSON-escaped. Raw
// colour sequences are copied to sgr.
func skipHidden(s string, j int, sgr *strings.Builder) int {
	for j < len(s) {
		r, n := decodeAt(s, j)
		switch {
		case r == 0x1b:
			var end int
			if n == 1 {
				end = skipEscape(s, j+1)
				if end-j >= 3 && s[j+1] == '[' && s[end-1] == 'm' {
					sgr.WriteString(s[j:end])
				}
			} else {
				end = skipEscapeDecoded(s, j+n)
			}
			j = end
		case r == 0x9b && s[j] != '\\':
			j = skipControl(s, j+n, ctrlCSI) // raw: exactly as Sanitize does
		case r == 0x9b:
			j = skipCSIDecoded(s, j+n)
		case (r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f) && s[j] != '\\':
			j = skipControl(s, j+n, ctrlString)
		case r == 0x9d, r == 0x90, r == 0x98, r == 0x9e, r == 0x9f:
			j = skipStringDecoded(s, j+n)
		case r < 0x20, r == 0x7f, isC1(r), r == 0xad, IsInvisible(r), unicode.IsSpace(r):
			j += n
		case r == '\\' && n == 1 && j+1 < len(s) && (s[j+1] == '\n' || s[j+1] == '\r' || s[j+1] == ' '):
			j += n // a Markdown hard line break: backslash, newline
		default:
			return j
		}
	}
	return j
}

// skipEscapeDecoded is skipEscape over decodeAt's characters, for escape
// sequences written with JSON escapes (\u001b[31m).
func skipEscapeDecoded(s string, j int) int {
	r, n := decodeAt(s, j)
	switch {
	case n == 0:
		return j
	case r == '[':
		return skipCSIDecoded(s, j+n)
	case r == ']', r == 'P', r == 'X', r == '^', r == '_':
		return skipStringDecoded(s, j+n)
	}
	for n > 0 && r >= 0x20 && r <= 0x2f {
		j += n
		r, n = decodeAt(s, j)
	}
	if n > 0 && r >= 0x30 && r <= 0x7e {
		return j + n
	}
	return j
}

func skipCSIDecoded(s string, j int) int {
	for {
		r, n := decodeAt(s, j)
		switch {
		case n == 0:
			return j
		case r >= 0x20 && r <= 0x3f:
			j += n
		case r >= 0x40 && r <= 0x7e:
			return j + n
		default:
			return j
		}
	}
}

func skipStringDecoded(s string, j int) int {
	for {
		r, n := decodeAt(s, j)
		switch {
		case n == 0:
			return j
		case r == 0x07, r == 0x9c:
			return j + n
		case r == 0x1b:
			if r2, n2 := decodeAt(s, j+n); n2 > 0 && r2 == '\\' {
				return j + n + n2
			}
			return j
		case r == 0x18, r == 0x1a:
			return j
		}
		j += n
	}
}

// RedactURL returns a URL fit to show: any user information it carries
// ("user:password@") is replaced by "****@". It works on text that does not
// parse as a URL too, and returns anything without user information as it
// is.
func RedactURL(raw string) string {
	prefix, rest := "", raw
	if i := strings.Index(raw, "://"); i >= 0 {
		prefix, rest = raw[:i+3], raw[i+3:]
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return raw
	}
	return prefix + "****@" + rest[at+1:]
}

// URLSecrets returns the parts of a URL's user information worth redacting
// wherever they appear: the password, or the user name when there is no
// password (it is then most likely a token).
func URLSecrets(raw string) []string {
	rest := raw
	if i := strings.Index(raw, "://"); i >= 0 {
		rest = raw[i+3:]
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return nil
	}
	secret, password, hasPassword := strings.Cut(rest[:at], ":")
	if hasPassword {
		secret = password
	}
	var out []string
	for _, s := range []string{secret, unescapeURL(secret)} {
		if s != "" && (len(out) == 0 || out[0] != s) {
			out = append(out, s)
		}
	}
	return out
}

// unescapeURL decodes %XX escapes, leaving malformed ones as they are.
func unescapeURL(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			hi, ok1 := hexDigit(s[i+1])
			lo, ok2 := hexDigit(s[i+2])
			if ok1 && ok2 {
				b.WriteByte(hi<<4 | lo)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// RedactRichText returns rt with every secret redacted from its text, in
// any form Redact finds, including a secret split across segments (runs of
// different formatting, whose Markdown or JSON would otherwise sit between
// its pieces). A secret inside one segment is redacted there and the
// formatting kept; a split one turns the whole text into one plain
// segment. rt itself is not changed; it is returned as it is when it holds
// no secret.
func RedactRichText(rt RichText, secrets ...string) RichText {
	plain := rt.Plain()
	if !ContainsSecret(plain, secrets...) && !ContainsSecret(Sanitize(plain), secrets...) {
		return rt
	}
	out := make(RichText, len(rt))
	copy(out, rt)
	for i := range out {
		out[i].PlainText = Redact(out[i].PlainText, secrets...)
		out[i].Href = Redact(out[i].Href, secrets...)
	}
	if joined := out.Plain(); !ContainsSecret(joined, secrets...) && !ContainsSecret(Sanitize(joined), secrets...) {
		return out
	}
	return RichText{{Type: "text", PlainText: Redact(Sanitize(plain), secrets...)}}
}

// RedactBlocks applies RedactRichText to every rich text of the blocks and
// their children (text, captions, table cells), in place.
func RedactBlocks(blocks []*Block, secrets ...string) {
	for _, b := range blocks {
		if b == nil {
			continue
		}
		b.Body.RichText = RedactRichText(b.Body.RichText, secrets...)
		b.Body.Caption = RedactRichText(b.Body.Caption, secrets...)
		for i, cell := range b.Body.Cells {
			b.Body.Cells[i] = RedactRichText(cell, secrets...)
		}
		RedactBlocks(b.Children, secrets...)
	}
}
