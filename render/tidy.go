package render

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// dropLinkURLs removes what the style writes in place of the URL Glamour
// prints after every link's text (linkMarker), and the space Glamour puts
// before it, across the styles that wrap them.
func dropLinkURLs(out string) string {
	if !strings.Contains(out, linkMarker) {
		return out
	}
	var b strings.Builder
	b.Grow(len(out))
	for {
		i := strings.Index(out, linkMarker)
		if i < 0 {
			b.WriteString(out)
			return b.String()
		}
		head := out[:i]
		// The space sits before the marker's own style sequences, right
		// after the link's end; when the marker was wrapped onto the next
		// line, the space ended the line before and is padding now.
		j := skipSGR(head)
		out = out[i+len(linkMarker):]
		styles := head[j:]
		if strings.HasPrefix(out, resetStyle) {
			// The marker's styles and their reset come to one reset.
			styles, out = resetStyle, out[len(resetStyle):]
		}
		if j > 0 && head[j-1] == ' ' && endsLink(head[:skipSGR(head[:j-1])]) {
			b.WriteString(head[:j-1])
		} else {
			// Wrapped: what follows the link may belong to the line
			// before (see hoistPunctuation).
			b.WriteString(head[:j])
			b.WriteString(wrappedMark)
		}
		b.WriteString(styles)
	}
}

// wrappedMark marks where a link's dropped URL was wrapped onto the next
// line, for hoistPunctuation.
const wrappedMark = "\u2061"

// hoistPunctuation moves the punctuation that follows a link back onto
// the link's line, where Glamour's wrapping (at the space before the URL it
// no longer prints) left it leading the next line (", then"), when the
// link's line has room for it within width. It removes every wrappedMark.
func hoistPunctuation(lines []string, width int) {
	for n, line := range lines {
		i := strings.Index(line, wrappedMark)
		if i < 0 {
			continue
		}
		line = line[:i] + line[i+len(wrappedMark):]
		lines[n] = line
		if n == 0 || strings.TrimSpace(ansi.Strip(line[:i])) != "" {
			continue
		}
		// The punctuation right after the mark, past style sequences.
		k := i
		for strings.HasPrefix(line[k:], "\x1b[") {
			e := strings.IndexByte(line[k:], 'm')
			if e < 0 {
				break
			}
			k += e + 1
		}
		p := k
		for p < len(line) && strings.IndexByte(",.;:!?)", line[p]) >= 0 {
			p++
		}
		if p == k {
			continue
		}
		punct := line[k:p]
		prev := lines[n-1]
		at := max(strings.LastIndex(prev, "\x1b]8;;\x07"), strings.LastIndex(prev, "\x1b]8;;\x1b\\"))
		if at < 0 || !strings.HasPrefix(prev[at:], "\x1b]8;;\x07") && !strings.HasPrefix(prev[at:], "\x1b]8;;\x1b\\") {
			continue
		}
		end := at + len("\x1b]8;;\x07")
		if strings.HasPrefix(prev[at:], "\x1b]8;;\x1b\\") {
			end = at + len("\x1b]8;;\x1b\\")
		}
		if strings.TrimSpace(ansi.Strip(prev[end:])) != "" || ansi.StringWidth(strings.TrimRight(ansi.Strip(prev[:end]), " "))+len(punct) > width {
			continue
		}
		lines[n-1] = prev[:end] + punct + prev[end:]
		rest := strings.TrimPrefix(line[p:], " ")
		lines[n] = line[:k] + rest
	}
}

// skipSGR returns the length of s without the SGR sequences that end it.
func skipSGR(s string) int {
	j := len(s)
	for j > 0 && s[j-1] == 'm' {
		k := strings.LastIndex(s[:j], "\x1b[")
		if k < 0 || strings.Trim(s[k+2:j-1], "0123456789;:") != "" {
			break
		}
		j = k
	}
	return j
}

// endsLink reports whether s ends with the sequence that ends a hyperlink.
func endsLink(s string) bool {
	return strings.HasSuffix(s, "\x1b]8;;\x07") || strings.HasSuffix(s, "\x1b]8;;\x1b\\")
}

// redundant reports whether a line showing l (its text without escape
// sequences and trailing spaces), next after a kept line showing p, adds
// nothing to it: a blank line after a blank one (Glamour leaves two or
// three after nested lists), or a line of only quote bars after the same
// line (the blank line between two paragraphs of a quote, doubled by the
// same cause).
func redundant(p, l string) bool {
	if l == "" {
		return p == ""
	}
	return l == p && onlyBars(l)
}

// shown is what line shows: no escape sequences, no trailing spaces.
func shown(line string) string {
	if strings.Contains(line, wrappedMark) {
		line = strings.ReplaceAll(line, wrappedMark, "")
	}
	if strings.IndexByte(line, '\x1b') < 0 {
		return strings.TrimRight(line, " ")
	}
	return strings.TrimRight(ansi.Strip(line), " ")
}

// onlyBars reports whether s shows nothing but the bars that lead the
// lines of a quote, and spaces.
func onlyBars(s string) bool {
	bars := false
	for _, r := range s {
		switch r {
		case ' ':
		case '│', '|':
			bars = true
		default:
			return false
		}
	}
	return bars
}
