package render

import (
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
)

// The styles whose paragraphs plainParagraph lays out as Glamour does: they
// give a paragraph's text no style of its own, and a margin of two.
var fastStyles = map[string]bool{DarkStyle: true, LightStyle: true, PlainStyle: true}

// plainParagraph reports whether md is one paragraph of plain text that
// Glamour would show as it is: one line, led by a letter, of letters,
// digits, spaces and punctuation that Markdown (with GitHub's extensions)
// gives no meaning to, and nothing that looks like a web address. Most of
// a long page's paragraphs are, and laying them out here costs a
// hundredth of what Glamour does.
func plainParagraph(md string) (string, bool) {
	text := strings.TrimSuffix(md, "\n")
	if text == "" || len(text) > 2000 || strings.Contains(text, "  ") || strings.HasSuffix(text, " ") {
		return "", false
	}
	for i, r := range text {
		switch {
		case i == 0 && !unicode.IsLetter(r):
			return "", false
		case r < 0x80:
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" .,;:'\"?()%/=-", r)) {
				return "", false
			}
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			return "", false
		}
	}
	if lower := strings.ToLower(text); strings.Contains(lower, "www.") || strings.Contains(lower, "://") {
		return "", false
	}
	return text, true
}

// fastParagraph lays out a plain paragraph (see plainParagraph) as Glamour
// would at width: wrapped inside the document's margins, led by its margin.
func fastParagraph(text string, width int) []string {
	lines := strings.Split(lipgloss.Wrap(text, width-4, ""), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return lines
}
