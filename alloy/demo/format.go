package demo

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The demo workspace is written in a compact text format, easier to write
// and review than Notion's JSON. workspace/README.md describes it.
//
//go:embed workspace/*.wiki
var workspaceFS embed.FS

// entrySpec is one page or database as written in the workspace files.
type entrySpec struct {
	file      string
	line      int
	kind      string // "page" or "database"
	key       string
	title     string
	icon      string
	parent    string // a key, or "workspace"
	titleProp string
	created   time.Time
	edited    time.Time
	props     []propValue // a row's property values
	schema    []propSchema
	body      []*blockSpec
}

// propValue is one non-title property of a database row.
type propValue struct{ name, value string }

// propSchema is one non-title property of a database.
type propSchema struct {
	name string
	// typ is one of propTypes.
	typ string
	// options are a select's, status's or multi-select's choices, in
	// order; for a number, the one option is its format ("dollar").
	options []string
}

// propTypes are the property types the workspace files may use.
var propTypes = map[string]bool{
	"select": true, "status": true, "multi_select": true, "rich_text": true, "date": true, "people": true,
	"checkbox": true, "number": true, "url": true, "email": true, "phone_number": true,
}

// blockSpec is one line of a page body with the lines indented under it.
type blockSpec struct {
	line     int
	token    string
	color    string
	arg      string
	raw      []string // a code block's lines
	children []*blockSpec
}

var (
	specsOnce sync.Once
	specsVal  []*entrySpec
	specsErr  error
)

// workspaceSpecs parses the embedded workspace once; every Server builds
// its own state from the result.
func workspaceSpecs() ([]*entrySpec, error) {
	specsOnce.Do(func() { specsVal, specsErr = parseWorkspace(workspaceFS) })
	return specsVal, specsErr
}

// parseWorkspace reads every .wiki file of fsys, in name order.
func parseWorkspace(fsys fs.FS) ([]*entrySpec, error) {
	names, err := fs.Glob(fsys, "workspace/*.wiki")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var all []*entrySpec
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		entries, err := parseWikiFile(path.Base(name), string(data))
		if err != nil {
			return nil, err
		}
		all = append(all, entries...)
	}
	return all, nil
}

// parseWikiFile reads one file: entries separated by "===" lines, each a
// header of "name: value" lines, a "---" line, then the body.
func parseWikiFile(name, data string) ([]*entrySpec, error) {
	var entries []*entrySpec
	var cur *entrySpec
	var body []numberedLine
	inBody := false
	finish := func() error {
		if cur == nil {
			return nil
		}
		blocks, err := parseBody(body)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		cur.body = blocks
		if cur.key == "" || cur.title == "" && cur.kind == "database" {
			return fmt.Errorf("%s:%d: an entry needs a key (and a database a title)", name, cur.line)
		}
		entries = append(entries, cur)
		cur, body, inBody = nil, nil, false
		return nil
	}
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if line == "===" {
			if err := finish(); err != nil {
				return nil, err
			}
			continue
		}
		if cur == nil {
			if line == "" || strings.HasPrefix(line, "//") {
				continue
			}
			cur = &entrySpec{file: name, line: n, kind: "page", parent: "workspace"}
		}
		if inBody {
			body = append(body, numberedLine{n, line})
			continue
		}
		if line == "---" {
			inBody = true
			continue
		}
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		field, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s:%d: header line %q is not \"name: value\"", name, n, line)
		}
		if err := cur.setField(strings.TrimSpace(field), strings.TrimSpace(value)); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return entries, nil
}

func (e *entrySpec) setField(field, value string) error {
	var err error
	switch field {
	case "kind":
		if value != "page" && value != "database" {
			return fmt.Errorf("kind %q is neither page nor database", value)
		}
		e.kind = value
	case "key":
		e.key = value
	case "title":
		e.title = value
	case "icon":
		e.icon = value
	case "parent":
		e.parent = value
	case "title-property":
		e.titleProp = value
	case "created":
		e.created, err = time.Parse(time.RFC3339, value)
	case "edited":
		e.edited, err = time.Parse(time.RFC3339, value)
	case "props":
		for _, p := range strings.Split(value, ";") {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				return fmt.Errorf("property %q is not name=value", p)
			}
			e.props = append(e.props, propValue{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
	case "schema":
		for _, p := range strings.Split(value, ";") {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				return fmt.Errorf("schema entry %q is not name=type", p)
			}
			ps := propSchema{name: strings.TrimSpace(k), typ: strings.TrimSpace(v)}
			if typ, opts, ok := strings.Cut(ps.typ, "("); ok {
				ps.typ = typ
				for _, o := range strings.Split(strings.TrimSuffix(opts, ")"), ",") {
					ps.options = append(ps.options, strings.TrimSpace(o))
				}
			}
			if !propTypes[ps.typ] {
				return fmt.Errorf("property type %q is not supported", ps.typ)
			}
			e.schema = append(e.schema, ps)
		}
	default:
		return fmt.Errorf("unknown header field %q", field)
	}
	return err
}

type numberedLine struct {
	n    int
	text string
}

// parseBody turns indented lines (two spaces a level) into a block tree.
// The lines under a code block are its text, kept verbatim.
func parseBody(lines []numberedLine) ([]*blockSpec, error) {
	var roots []*blockSpec
	var stack []*blockSpec // stack[d] is the last block at depth d
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		trimmed := strings.TrimLeft(ln.text, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "//") {
			continue
		}
		indent := len(ln.text) - len(trimmed)
		if indent%2 != 0 {
			return nil, fmt.Errorf("line %d: odd indentation", ln.n)
		}
		depth := indent / 2
		if depth > len(stack) {
			return nil, fmt.Errorf("line %d: indented deeper than the block above allows", ln.n)
		}
		b, err := parseBlockLine(ln.n, trimmed)
		if err != nil {
			return nil, err
		}
		if b.token == "code" {
			// Every following line indented deeper (or blank) is code.
			prefix := strings.Repeat(" ", indent+2)
			for i+1 < len(lines) {
				next := lines[i+1].text
				if strings.TrimSpace(next) != "" && !strings.HasPrefix(next, prefix) {
					break
				}
				b.raw = append(b.raw, strings.TrimPrefix(next, prefix))
				i++
			}
			for len(b.raw) > 0 && strings.TrimSpace(b.raw[len(b.raw)-1]) == "" {
				b.raw = b.raw[:len(b.raw)-1]
			}
		}
		stack = stack[:depth]
		if depth == 0 {
			roots = append(roots, b)
		} else {
			parent := stack[depth-1]
			parent.children = append(parent.children, b)
		}
		stack = append(stack, b)
	}
	return expandRepeats(roots)
}

// parseBlockLine splits "token[color] argument".
func parseBlockLine(n int, s string) (*blockSpec, error) {
	token, arg, _ := strings.Cut(s, " ")
	b := &blockSpec{line: n, token: token, arg: strings.TrimSpace(arg)}
	if open := strings.IndexByte(token, '['); open > 0 && strings.HasSuffix(token, "]") {
		b.token, b.color = token[:open], token[open+1:len(token)-1]
		if !notionColors[b.color] {
			return nil, fmt.Errorf("line %d: unknown colour %q", n, b.color)
		}
	}
	if len(b.token) > 1 && strings.HasSuffix(b.token, ".") {
		if _, err := strconv.Atoi(strings.TrimSuffix(b.token, ".")); err == nil {
			b.token = "1."
		}
	}
	return b, nil
}

// expandRepeats replaces each "repeat N" block by N copies of its children,
// with "{n}" in them replaced by the copy's number.
func expandRepeats(blocks []*blockSpec) ([]*blockSpec, error) {
	var out []*blockSpec
	for _, b := range blocks {
		kids, err := expandRepeats(b.children)
		if err != nil {
			return nil, err
		}
		b.children = kids
		if b.token != "repeat" {
			out = append(out, b)
			continue
		}
		count, err := strconv.Atoi(b.arg)
		if err != nil || count < 1 || count > 1000 {
			return nil, fmt.Errorf("line %d: repeat needs a count from 1 to 1000", b.line)
		}
		for i := 1; i <= count; i++ {
			for _, k := range kids {
				out = append(out, substitute(k, "{n}", strconv.Itoa(i)))
			}
		}
	}
	return out, nil
}

func substitute(b *blockSpec, from, to string) *blockSpec {
	c := *b
	c.arg = strings.ReplaceAll(b.arg, from, to)
	c.raw = nil
	for _, r := range b.raw {
		c.raw = append(c.raw, strings.ReplaceAll(r, from, to))
	}
	c.children = nil
	for _, k := range b.children {
		c.children = append(c.children, substitute(k, from, to))
	}
	return &c
}
