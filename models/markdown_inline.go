package models

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Emphasis marks a run of rich text can carry. Underline has no Markdown
// form and colour no meaning in a terminal document, so both are dropped;
// links are tracked by their href.
const (
	markBold uint8 = 1 << iota
	markItalic
	markStrike
	markCode
)

// textRun is a stretch of sanitised text whose marks and link are the same.
type textRun struct {
	text  string
	marks uint8
	href  string
}

// openMark is an emphasis or link that is open in the output.
type openMark struct {
	mark uint8 // 0 for a link
	href string
}

// charClass is what CommonMark's flanking rules need to know of the
// character on either side of an emphasis delimiter.
type charClass uint8

const (
	classSpace charClass = iota // whitespace, or the start of a line
	classPunct
	classOther
)

// zeroWidthSpace is written, as a character reference, in the few places
// where emphasis delimiters would be misread and nothing else can keep
// them apart. Delimiters in a row need none when they are openers whose
// marks all end together, or closers (they pair up from the inside out).
// It is still needed between a delimiter and a neighbour that would stop
// it from opening or closing (as in **Note:**text), where it reads as
// punctuation in the source and satisfies CommonMark's flanking rules;
// between a closer and an opener, or openers that end at different
// places, where it keeps each run to one mark so that the rule of three
// never pairs the wrong ones; and after an escaped \* or \~, where it
// keeps goldmark from counting the escaped character into the run. On
// screen it is invisible. Real text seldom needs any of these.
const zeroWidthSpace = "&#8203;"

// inlineMode says where rich text is being written.
type inlineMode uint8

const (
	// inlineBlock is running text: a newline becomes a hard line break.
	inlineBlock inlineMode = iota
	// inlineLine is a heading or a link label: newlines become spaces.
	inlineLine
	// inlineCell is a table cell: one line, and pipes escaped everywhere.
	inlineCell
)

// RichTextMarkdown renders rich text as one Markdown paragraph, with the
// same escaping and sanitising as Markdown. It suits short texts such as
// titles and captions.
func RichTextMarkdown(rt RichText) string {
	var sb strings.Builder
	r := mdRenderer{sb: &sb}
	r.inline(rt, 0, inlineBlock)
	return sb.String()
}

// buildRuns turns segments into sanitised runs, merging neighbours whose
// marks and link agree so that no empty emphasis (****) is ever written.
// Extra marks in force are added to every segment (captions are italic).
func (r *mdRenderer) buildRuns(rt RichText, force uint8) []textRun {
	runs := r.runs[:0]
	for i := range rt {
		seg := &rt[i]
		marks := force
		a := seg.Annotations
		if a.Bold {
			marks |= markBold
		}
		if a.Italic {
			marks |= markItalic
		}
		if a.Strikethrough {
			marks |= markStrike
		}
		if a.Code {
			marks |= markCode
		}
		if seg.Type == "equation" {
			marks |= markCode
		}
		text := segmentText(seg)
		if text == "" {
			continue
		}
		href := safeHref(seg.Href)
		if n := len(runs); n > 0 && runs[n-1].marks == marks && runs[n-1].href == href {
			runs[n-1].text += text
			continue
		}
		runs = append(runs, textRun{text: text, marks: marks, href: href})
	}
	runs = unflank(runs)
	r.runs = runs
	return runs
}

// segmentText is the sanitised text a segment shows: an inline equation's
// expression (terminals cannot typeset TeX: it reads best verbatim, as
// code), a date mention as words (Notion's plain text is ISO dates), and
// otherwise the plain text.
func segmentText(seg *Segment) string {
	text := seg.PlainText
	switch {
	case seg.Type == "equation" && seg.Equation != nil && seg.Equation.Expression != "":
		text = seg.Equation.Expression
	case seg.Type == "mention" && seg.Mention != nil && seg.Mention.Date != nil && seg.Mention.Date.Start != "":
		text = FormatDate(seg.Mention.Date.Start, seg.Mention.Date.End)
	}
	return Sanitize(text)
}

// emphasisMarks are the marks written with delimiters.
const emphasisMarks = markBold | markItalic | markStrike

// unflank moves punctuation out of emphasis where CommonMark would not let
// a delimiter next to it open or close: a closer after punctuation must be
// followed by whitespace or punctuation (**Note:**text does not close), and
// an opener before punctuation must follow whitespace or punctuation
// (x**(y)** does not open). The punctuation at such an edge goes to a run
// of its own with only the marks both sides share (**Note**:text), which
// looks the same on screen for a colon or a bracket, and saves writing an
// invisible separator. Only bold and italic move so: a struck-through
// colon shows its line, and a run of nothing but punctuation would lose
// its marks altogether, so those keep the separator. Code runs are left
// alone too: their edges are backticks. Neighbours that end up alike are
// merged.
func unflank(runs []textRun) []textRun {
	for i := 0; i+1 < len(runs); i++ {
		a, b := &runs[i], &runs[i+1]
		if a.href != b.href || a.marks&markCode != 0 || b.marks&markCode != 0 {
			continue
		}
		shared := a.marks & b.marks
		last, _ := utf8.DecodeLastRuneInString(a.text)
		first, _ := utf8.DecodeRuneInString(b.text)
		closing, opening := a.marks&^b.marks&emphasisMarks, b.marks&^a.marks&emphasisMarks
		switch {
		case closing != 0 && closing&markStrike == 0 && classOf(last) == classPunct && classOf(first) == classOther &&
			strings.ContainsFunc(a.text, isWordRune):
			// Move a's trailing punctuation into b's side.
			cut := len(strings.TrimRightFunc(a.text, func(c rune) bool { return classOf(c) == classPunct }))
			mid := textRun{text: a.text[cut:], marks: shared, href: a.href}
			a.text = a.text[:cut]
			runs = insertRun(runs, i+1, mid)
		case opening != 0 && opening&markStrike == 0 && classOf(first) == classPunct && classOf(last) == classOther &&
			strings.ContainsFunc(b.text, isWordRune):
			// Move b's leading punctuation into a's side.
			cut := len(b.text) - len(strings.TrimLeftFunc(b.text, func(c rune) bool { return classOf(c) == classPunct }))
			mid := textRun{text: b.text[:cut], marks: shared, href: b.href}
			b.text = b.text[cut:]
			runs = insertRun(runs, i+1, mid)
		}
	}
	// Drop emptied runs and merge neighbours that are now alike.
	out := runs[:0]
	for _, run := range runs {
		if run.text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].marks == run.marks && out[n-1].href == run.href {
			out[n-1].text += run.text
			continue
		}
		out = append(out, run)
	}
	return out
}

// isWordRune reports whether c is neither whitespace nor punctuation: a
// run holding one keeps some text under its marks when its edge
// punctuation moves out.
func isWordRune(c rune) bool { return classOf(c) == classOther }

func insertRun(runs []textRun, i int, run textRun) []textRun {
	runs = append(runs, textRun{})
	copy(runs[i+1:], runs[i:])
	runs[i] = run
	return runs
}

// inline writes rich text at the current position. The caller has written
// the line's prefix and marker; hard line breaks continue with r.prefix.
func (r *mdRenderer) inline(rt RichText, force uint8, mode inlineMode) {
	runs := r.buildRuns(rt, force)
	r.mode = mode
	r.lineStart = mode == inlineBlock
	r.blockStart = true
	r.last = classSpace
	r.closeCheck = false
	r.lastDelim = 0
	r.stack = r.stack[:0]
	r.pending = r.pending[:0]
	for i := range runs {
		run := &runs[i]
		lead, core, trail := splitSpace(run.text)
		autolink := false
		if run.href != "" && core == run.href && !r.has(0) &&
			(i+1 == len(runs) || runs[i+1].href != run.href) {
			// A link whose text is its address is written <address>,
			// which Glamour prints once instead of twice.
			autolink = true
			plain := *run
			plain.href = ""
			run = &plain
		}
		keep := r.shared(run)
		r.closeTo(keep)
		if core == "" {
			// Whitespace only: it ends what it does not share, and opens nothing.
			r.pending = append(r.pending, run.text...)
			continue
		}
		r.pending = append(r.pending, lead...)
		r.flushSpace()
		r.openFor(runs, i, run, core)
		if autolink {
			r.beforeText(classPunct)
			r.sb.WriteByte('<')
			r.sb.WriteString(core)
			r.sb.WriteByte('>')
			r.last = classPunct
			r.lineStart, r.blockStart = false, false
		} else if run.marks&markCode != 0 {
			r.writeCode(core)
		} else {
			r.writeText(core)
		}
		r.pending = append(r.pending[:0], trail...)
	}
	r.closeTo(0)
	// Whitespace at the end of a block means nothing in Markdown, and a
	// trailing hard break would print a stray backslash.
	r.pending = r.pending[:0]
}

// shared counts how many marks at the bottom of the stack the run keeps.
func (r *mdRenderer) shared(run *textRun) int {
	for i, m := range r.stack {
		if !carries(run, m) {
			return i
		}
	}
	return len(r.stack)
}

// closeTo closes open marks until n remain.
func (r *mdRenderer) closeTo(n int) {
	for len(r.stack) > n {
		m := r.stack[len(r.stack)-1]
		r.stack = r.stack[:len(r.stack)-1]
		if m.mark == 0 {
			r.sb.WriteString("](")
			r.sb.WriteString(m.href)
			r.sb.WriteByte(')')
			r.last = classPunct
			r.closeCheck = false
			r.lastDelim = 0
			continue
		}
		d := delimiterOf(m.mark)
		// Closers in a row make one delimiter run that closes from the
		// inside out; only an opener right before would be misread.
		if (r.lastDelim != 0 && r.lastOpened) || r.lastEscaped == d[0] {
			r.writeRaw(zeroWidthSpace, classPunct)
		}
		// A closer preceded by punctuation only closes when followed by
		// whitespace or punctuation; whatever is written next checks that.
		before := r.last
		r.sb.WriteString(d)
		r.lastEscaped = 0
		r.last = classPunct
		r.lastDelim = d[0]
		r.lastOpened = false
		r.closeCheck = before == classPunct
	}
}

func delimiterOf(mark uint8) string {
	switch mark {
	case markBold:
		return "**"
	case markItalic:
		return "*"
	default:
		return "~~"
	}
}

// openFor opens the marks run (runs[i]) needs that are not open yet. Marks that
// last longer into the following runs are opened first (outermost), so
// that they need not be closed and reopened when the shorter ones end.
func (r *mdRenderer) openFor(runs []textRun, i int, run *textRun, core string) {
	var want [4]openMark
	var life [4]int
	n := 0
	add := func(m openMark) {
		l := 0
		for j := i; j < len(runs) && carries(&runs[j], m); j++ {
			l++
		}
		k := n
		for k > 0 && life[k-1] < l { // insertion sort, stable
			want[k], life[k] = want[k-1], life[k-1]
			k--
		}
		want[k], life[k] = m, l
		n++
	}
	if run.href != "" && !r.has(0) {
		add(openMark{href: run.href})
	}
	for _, m := range [...]uint8{markBold, markItalic, markStrike} {
		if run.marks&m != 0 && !r.has(m) {
			add(openMark{mark: m})
		}
	}
	if n == 0 {
		return
	}
	for k, m := range want[:n] {
		r.stack = append(r.stack, m)
		if m.mark == 0 {
			r.writeRaw("[", classPunct)
			continue
		}
		d := delimiterOf(m.mark)
		follow := classPunct // another opener comes next
		if k == n-1 {
			follow = firstClass(core, run.marks&markCode != 0)
		}
		// Openers in a row make one delimiter run; when all its marks end
		// together their closers make the mirror run, and the two pair up
		// right. Otherwise, or after a closer, a separator keeps each
		// run to one mark.
		together := k > 0 && life[k] == life[0]
		if (r.lastDelim != 0 && !(r.lastOpened && together)) || r.lastEscaped == d[0] || (r.last == classOther && follow == classPunct) {
			r.writeRaw(zeroWidthSpace, classPunct)
		}
		r.writeRaw(d, classPunct)
		r.lastDelim = d[0]
		r.lastOpened = true
	}
}

// carries reports whether a run keeps an open mark.
func carries(run *textRun, m openMark) bool {
	if m.mark == 0 {
		return run.href == m.href
	}
	return run.marks&m.mark != 0
}

func (r *mdRenderer) has(mark uint8) bool {
	for _, m := range r.stack {
		if m.mark == mark {
			return true
		}
	}
	return false
}

// firstClass is the class of the first character written for core.
func firstClass(core string, code bool) charClass {
	if code {
		return classPunct // the backtick
	}
	c, _ := utf8.DecodeRuneInString(core)
	if c < utf8.RuneSelf && mustEscape(byte(c)) {
		return classPunct // the backslash
	}
	return classOf(c)
}

// writeRaw writes Markdown syntax, not text.
func (r *mdRenderer) writeRaw(s string, class charClass) {
	r.lastEscaped = 0
	r.sb.WriteString(s)
	r.last = class
	r.closeCheck = false
	r.lastDelim = 0
	r.lineStart = false
	r.blockStart = false
}

// beforeText runs before a character of text of the given class is written.
func (r *mdRenderer) beforeText(class charClass) {
	if r.closeCheck && class == classOther {
		r.sb.WriteString(zeroWidthSpace)
	}
	r.closeCheck = false
	r.lastDelim = 0
	r.lastEscaped = 0
	r.last = class
}

// flushSpace writes the whitespace held back between runs.
func (r *mdRenderer) flushSpace() {
	if len(r.pending) == 0 {
		return
	}
	for _, c := range string(r.pending) {
		r.writeSpaceRune(c)
	}
	r.pending = r.pending[:0]
}

// writeSpaceRune writes one whitespace character of text.
func (r *mdRenderer) writeSpaceRune(c rune) {
	switch {
	case r.blockStart:
		// Whitespace before a block's first character means nothing.
	case c == '\n':
		r.newline()
	case r.lineStart && (c == ' ' || c == '\t'):
		// Indentation after a line break would turn into a code block
		// or vanish; no-break spaces keep it visible.
		r.beforeText(classSpace)
		if c == '\t' {
			r.sb.WriteString("\u00a0\u00a0\u00a0\u00a0")
		} else {
			r.sb.WriteString("\u00a0")
		}
	default:
		r.beforeText(classSpace)
		r.sb.WriteRune(c)
	}
}

// newline writes a line break of the current mode.
func (r *mdRenderer) newline() {
	if r.mode != inlineBlock {
		r.beforeText(classSpace)
		r.sb.WriteByte(' ')
		return
	}
	r.sb.WriteString("\\\n")
	r.sb.Write(r.prefix)
	r.lineStart = true
	r.last = classSpace
	r.closeCheck = false
	r.lastDelim = 0
}

// mustEscape lists the characters escaped wherever they appear in text:
// each can start or end an inline construct anywhere. The characters that
// are syntax only in some places (#, >, !, &, <, _ and a backslash) are
// escaped only there, by needsEscape, so that the Markdown reads as
// written and a page made from it gets back the same text.
func mustEscape(c byte) bool {
	switch c {
	case '`', '*', '[', ']', '|', '~':
		return true
	}
	return false
}

// needsEscape reports whether the ASCII punctuation s[i] must be escaped
// where it is written. At the end of s, whatever comes next is syntax (a
// delimiter, a link, a line break), so the characters that combine with
// what follows are escaped there too.
func (r *mdRenderer) needsEscape(s string, i int) bool {
	c := s[i]
	if mustEscape(c) {
		return true
	}
	var next byte // 0 at the end of s
	if i+1 < len(s) {
		next = s[i+1]
	}
	switch c {
	case '#':
		// A heading at the start of a line; in a heading, a closing
		// sequence.
		return r.lineStart || r.mode == inlineLine
	case '>':
		return r.lineStart // a block quote
	case '!':
		return next == 0 || next == '[' // an image, with a link after it
	case '&':
		return isEntity(s[i:])
	case '<':
		// An autolink or raw HTML starts with a letter, /, ! or ?.
		return next >= 'a' && next <= 'z' || next >= 'A' && next <= 'Z' || next == '/' || next == '!' || next == '?'
	case '_':
		// Between two letters or digits, _ can neither open nor close
		// emphasis (snake_case stays as it is).
		return !(r.last == classOther && next != 0 && next < utf8.RuneSelf && classOf(rune(next)) == classOther) &&
			!(r.last == classOther && next >= utf8.RuneSelf && classOf(firstRune(s[i+1:])) == classOther)
	case '\\':
		// A backslash escapes the punctuation after it, and makes a line
		// break of a newline.
		return next == 0 || next == '\n' || classOf(rune(next)) == classPunct
	}
	return false
}

func firstRune(s string) rune {
	c, _ := utf8.DecodeRuneInString(s)
	return c
}

// isEntity reports whether s starts with an entity or numeric character
// reference (&amp; &#38; &#x26;), which Markdown would decode.
func isEntity(s string) bool {
	i := 1
	digits := func(ok func(byte) bool, most int) bool {
		n := 0
		for i < len(s) && ok(s[i]) && n <= most {
			i++
			n++
		}
		return n > 0 && n <= most
	}
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	isHex := func(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	isAlnum := func(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	switch {
	case strings.HasPrefix(s, "&#x") || strings.HasPrefix(s, "&#X"):
		i = 3
		if !digits(isHex, 6) {
			return false
		}
	case strings.HasPrefix(s, "&#"):
		i = 2
		if !digits(isDigit, 7) {
			return false
		}
	default:
		if !digits(isAlnum, 32) {
			return false
		}
	}
	return i < len(s) && s[i] == ';'
}

// writeText writes plain text, escaping what Markdown would read as syntax.
func (r *mdRenderer) writeText(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			ru, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(ru) {
				r.writeSpaceRune(ru)
			} else {
				r.beforeText(classOf(ru))
				r.sb.WriteString(s[i : i+size])
				r.lineStart = false
				r.blockStart = false
			}
			i += size
			continue
		}
		var next byte // 0 at the end of s
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			r.writeSpaceRune(rune(c))
			i++
			continue
		case r.lineStart:
			// At the start of a line these would begin a list, a heading
			// underline or a thematic break.
			if (c == '-' || c == '+' || c == '=' || c == ':') && (next == 0 || next == ' ' || next == '\t' || next == c) {
				r.beforeText(classPunct)
				r.sb.WriteByte('\\')
				r.sb.WriteByte(c)
				r.lineStart, r.blockStart = false, false
				i++
				continue
			}
			if c >= '0' && c <= '9' {
				j := i
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				r.beforeText(classOther)
				r.sb.WriteString(s[i:j])
				if j < len(s) && (s[j] == '.' || s[j] == ')') && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\t') {
					r.sb.WriteByte('\\')
					r.sb.WriteByte(s[j])
					r.last = classPunct
					j++
				}
				r.lineStart, r.blockStart = false, false
				i = j
				continue
			}
		}
		if classOf(rune(c)) == classPunct && r.needsEscape(s, i) {
			r.beforeText(classPunct)
			r.sb.WriteByte('\\')
			r.sb.WriteByte(c)
			r.lastEscaped = c
		} else {
			r.beforeText(classOf(rune(c)))
			r.sb.WriteByte(c)
		}
		r.lineStart, r.blockStart = false, false
		i++
	}
}

// writeCode writes a code span whose fence is longer than any run of
// backticks inside, so the content needs no escaping. Newlines become
// spaces (a code span cannot break a line); in a table cell, pipes are
// escaped even here, as GFM requires.
func (r *mdRenderer) writeCode(s string) {
	longest, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			cur++
			longest = max(longest, cur)
		} else {
			cur = 0
		}
	}
	r.beforeText(classPunct)
	fence := strings.Repeat("`", longest+1)
	r.sb.WriteString(fence)
	// A space on each side keeps a backtick at either end off the fence;
	// CommonMark strips exactly one space from each side.
	pad := s[0] == '`' || s[len(s)-1] == '`' || (s[0] == ' ' && s[len(s)-1] == ' ')
	if pad {
		r.sb.WriteByte(' ')
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n' || c == '\t':
			r.sb.WriteByte(' ')
		case c == '|' && r.mode == inlineCell:
			r.sb.WriteString("\\|")
		default:
			r.sb.WriteByte(c)
		}
	}
	if pad {
		r.sb.WriteByte(' ')
	}
	r.sb.WriteString(fence)
	r.last = classPunct
	r.lineStart, r.blockStart = false, false
}

// splitSpace cuts leading and trailing whitespace off s, so that emphasis
// markers sit against text (** bold** does not render).
func splitSpace(s string) (lead, core, trail string) {
	start := 0
	for start < len(s) {
		c, size := utf8.DecodeRuneInString(s[start:])
		if !unicode.IsSpace(c) {
			break
		}
		start += size
	}
	end := len(s)
	for end > start {
		c, size := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(c) {
			break
		}
		end -= size
	}
	return s[:start], s[start:end], s[end:]
}

// classOf classifies a character as CommonMark's flanking rules do:
// Unicode punctuation includes the symbol categories.
func classOf(c rune) charClass {
	if c < utf8.RuneSelf {
		switch b := byte(c); {
		case b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v':
			return classSpace
		case b >= '!' && b <= '/', b >= ':' && b <= '@', b >= '[' && b <= '`', b >= '{' && b <= '~':
			return classPunct
		}
		return classOther
	}
	switch {
	case unicode.IsSpace(c):
		return classSpace
	case unicode.IsPunct(c) || unicode.IsSymbol(c):
		return classPunct
	}
	return classOther
}

// safeHref returns a link target fit for Markdown, or "" when the link
// should not be followed: only web, mail, telephone and Notion links are
// kept (a javascript: or file: link from a shared page is dropped), and
// the characters that would end or break the destination are
// percent-encoded.
func safeHref(h string) string {
	if h == "" {
		return ""
	}
	h = strings.TrimSpace(Sanitize(h))
	if strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "//") {
		// Notion writes links to its own pages as paths.
		h = "https://www.notion.so" + h
	}
	scheme, _, ok := strings.Cut(h, ":")
	if !ok {
		return ""
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto", "tel", "notion":
	default:
		return ""
	}
	if !strings.ContainsFunc(h, needsPercent) {
		return h
	}
	var b strings.Builder
	for i := 0; i < len(h); i++ {
		if c := h[i]; c < utf8.RuneSelf && needsPercent(rune(c)) {
			const hexDigits = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func needsPercent(c rune) bool {
	switch c {
	case ' ', '\t', '\n', '(', ')', '<', '>', '\\', '|', '`', '"', '[', ']':
		return true
	}
	return false
}

// nbsp joins the words of a date, so that wrapping never splits one.
const nbsp = "\u00a0"

// FormatDate writes a Notion date the way a reader says it: "Apr 24, 2024",
// "Apr 24, 2024 09:30" when it has a time, and a range as "Apr 24 → Apr 26,
// 2024" (the year once when both ends share it), "Apr 24, 2024 09:00 →
// 17:00" within one day. The time is the one written, in the zone Notion
// wrote it in. The words are joined by no-break spaces, so a date is never
// cut across lines. A start that is not a date Notion writes is returned
// as it is (with end after an arrow), for the caller to sanitise.
func FormatDate(start, end string) string {
	s, sTime, ok := parseNotionDate(start)
	if !ok {
		if end == "" {
			return start
		}
		return start + " → " + end
	}
	if end == "" {
		return dateWords(s, true, sTime)
	}
	e, eTime, ok := parseNotionDate(end)
	if !ok {
		return dateWords(s, true, sTime) + nbsp + "→ " + end
	}
	arrow := nbsp + "→" + nbsp
	sameDay := s.Year() == e.Year() && s.YearDay() == e.YearDay()
	switch {
	case sameDay && sTime && eTime:
		return dateWords(s, true, true) + arrow + e.Format("15:04")
	case sameDay && !sTime && !eTime:
		return dateWords(s, true, false)
	case s.Year() == e.Year() && !sTime && !eTime:
		return dateWords(s, false, false) + arrow + dateWords(e, true, false)
	}
	return dateWords(s, true, sTime) + arrow + dateWords(e, true, eTime)
}

// dateWords is "Apr 24", with ", 2024" when year is set and " 09:30" when
// clock is.
func dateWords(t time.Time, year, clock bool) string {
	layout := "Jan" + nbsp + "2"
	if year {
		layout += "," + nbsp + "2006"
	}
	if clock {
		layout += nbsp + "15:04"
	}
	return t.Format(layout)
}

// parseNotionDate reads a date (2006-01-02) or a date and time in RFC 3339
// (with or without fractions of a second, or with no zone); hasTime says
// which it was.
func parseNotionDate(s string) (t time.Time, hasTime bool, ok bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, false, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true, true
		}
	}
	return time.Time{}, false, false
}
