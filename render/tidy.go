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
		if j > 0 && head[j-1] == ' ' && endsLink(head[:skipSGR(head[:j-1])]) {
			b.WriteString(head[:j-1])
			b.WriteString(head[j:])
		} else {
			b.WriteString(head)
		}
		out = out[i+len(linkMarker):]
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

// redundant reports whether line, the next line of a document whose last
// kept line is prev, adds nothing to it: a blank line after a blank one
// (Glamour leaves two or three after nested lists), or a line showing only
// quote bars after the same line (the blank line between two paragraphs of
// a quote, doubled by the same cause).
func redundant(prev, line string) bool {
	p, l := strings.TrimRight(ansi.Strip(prev), " "), strings.TrimRight(ansi.Strip(line), " ")
	if l == "" {
		return p == ""
	}
	return l == p && onlyBars(l)
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
