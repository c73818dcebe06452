package alloy

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/alloy-tui/alloy-tui/models"
)

// ParseBatch reads the items of a batch file: JSON lines ({"title",
// "properties", "markdown"}), CSV with a header row (a column per
// property; title, or the title property's name, and markdown), or plain
// text (a title a line). format is jsonl, csv or text; empty means from
// name's extension, else JSON lines when the first character is {, else
// text.
func ParseBatch(data []byte, name, format string) ([]BatchSource, error) {
	if format == "" {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".jsonl", ".ndjson", ".json":
			format = "jsonl"
		case ".csv":
			format = "csv"
		case ".txt":
			format = "text"
		default:
			format = "text"
			if first := bytes.TrimSpace(data); len(first) > 0 && first[0] == '{' {
				format = "jsonl"
			}
		}
	}
	switch format {
	case "jsonl", "json":
		return parseJSONLines(data)
	case "csv":
		return parseCSV(data)
	case "text", "txt":
		return parseText(data), nil
	}
	return nil, fmt.Errorf("the format must be jsonl, csv or text, not %q", models.ShortLine(format, 40))
}

// BatchTarget is where new pages go: the parent to send, and for rows the
// schema their properties are checked against.
type BatchTarget struct {
	Parent models.Parent
	// schema is nil for a page parent: a page under a page has a title
	// and no other properties.
	Schema []models.PropertySchema
	// Name says what the parent is, for messages.
	Name string
}

// BatchSource is one item as a file (or a form) gave it.
type BatchSource struct {
	Line       int                        `json:"-"`
	Title      string                     `json:"title"`
	Properties map[string]json.RawMessage `json:"properties,omitempty"`
	Markdown   string                     `json:"markdown,omitempty"`
	// TitleSet says the item named its title (it may be empty: an error).
	TitleSet bool `json:"-"`
}

// PrepareBatchItem checks an item against the target and converts it: its
// title, its properties through the schema, its Markdown into blocks
// within Notion's limits. A problem is the item's Err; the title is read
// first, so that Page.Title names even an invalid item in reports.
func PrepareBatchItem(it BatchSource, t BatchTarget) BatchItem {
	out := BatchItem{Line: it.Line}
	title, titleSet, _ := itemTitle(it, t)
	title = strings.TrimSpace(title)
	out.Page.Title = title
	props := map[string]any{}
	for name, raw := range it.Properties {
		if t.Schema == nil {
			if strings.EqualFold(name, "title") && isText(raw) {
				continue // the title, read above
			}
			out.Err = fmt.Errorf("property %q: a page under a page has only a title", models.ShortLine(name, 40))
			return out
		}
		ps, ok := models.FindProperty(t.Schema, name)
		if !ok {
			out.Err = fmt.Errorf("property %q: the %s has no such property", models.ShortLine(name, 40), models.ShortLine(t.Name, 60))
			return out
		}
		if ps.Type == "title" {
			if !isText(raw) {
				out.Err = fmt.Errorf("property %q: the title must be text", ps.Name)
				return out
			}
			continue
		}
		v, err := models.WritePropertyJSON(ps, raw)
		if err != nil {
			out.Err = err
			return out
		}
		props[ps.Name] = v
	}
	if !titleSet || title == "" {
		out.Err = errors.New("no title")
		return out
	}
	if strings.ContainsAny(title, "\n\r") {
		out.Err = errors.New("the title holds a line break")
		return out
	}
	blocks := models.FromMarkdown(it.Markdown)
	if _, err := PlanRequests(blocks); err != nil {
		out.Err = fmt.Errorf("content: %w", err)
		return out
	}
	out.Page = NewPage{Parent: t.Parent, Title: title, Properties: props, Blocks: blocks}
	return out
}

// itemTitle is an item's title: the property that is the title (title
// under a page, the schema's title property in a data source) when it holds
// text, else the item's title field. prop names that property, "" when the
// title field gave it.
func itemTitle(it BatchSource, t BatchTarget) (title string, set bool, prop string) {
	title, set = it.Title, it.TitleSet
	for name, raw := range it.Properties {
		if !isTitleProperty(name, t) {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			title, set, prop = s, true, name
		}
	}
	return title, set, prop
}

// isText reports whether a property's value is a JSON string.
func isText(raw json.RawMessage) bool {
	var s string
	return json.Unmarshal(raw, &s) == nil
}

// isTitleProperty reports whether an item's property is the target's
// title.
func isTitleProperty(name string, t BatchTarget) bool {
	if t.Schema == nil {
		return strings.EqualFold(name, "title")
	}
	ps, ok := models.FindProperty(t.Schema, name)
	return ok && ps.Type == "title"
}

// parseJSONLines reads one JSON object a line; blank lines are skipped,
// fields it does not know (the failed file's line and error) ignored.
func parseJSONLines(data []byte) ([]BatchSource, error) {
	var items []BatchSource
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var it BatchSource
		var head map[string]json.RawMessage
		if err := json.Unmarshal(text, &head); err != nil {
			return nil, fmt.Errorf("line %d: not a JSON object", line)
		}
		if err := json.Unmarshal(text, &it); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		_, it.TitleSet = head["title"]
		it.Line = line
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the batch: %w", err)
	}
	return items, nil
}

// parseCSV reads a header row, then a row per item: a column per property
// (title, or the title property's name, among them) and optionally
// markdown.
func parseCSV(data []byte) ([]BatchSource, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("the CSV file has no header row")
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	var items []BatchSource
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return items, nil
		}
		if err != nil {
			return nil, fmt.Errorf("CSV: %v", err)
		}
		line, _ := r.FieldPos(0)
		it := BatchSource{Line: line, Properties: map[string]json.RawMessage{}}
		for i, v := range rec {
			if i >= len(header) || header[i] == "" {
				continue
			}
			switch strings.ToLower(header[i]) {
			case "title":
				it.Title, it.TitleSet = v, true
			case "markdown":
				it.Markdown = v
			default:
				raw, _ := json.Marshal(v)
				it.Properties[header[i]] = raw
			}
		}
		items = append(items, it)
	}
}

// parseText reads one title a line; blank lines are skipped.
func parseText(data []byte) []BatchSource {
	var items []BatchSource
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" {
			continue
		}
		items = append(items, BatchSource{Line: i + 1, Title: line, TitleSet: true})
	}
	return items
}

// FailedItem is a line of the failed file: an item --batch takes again,
// with where it came from and why it failed.
type FailedItem struct {
	Title      string                     `json:"title"`
	Properties map[string]json.RawMessage `json:"properties,omitempty"`
	Markdown   string                     `json:"markdown,omitempty"`
	Line       int                        `json:"line"`
	Error      string                     `json:"error"`
}

// NewFailedItem is the failed file's line for an item that failed: its
// title (from the title property, as in a CSV file's title column, which
// then is not repeated among the properties), the rest as the file gave it.
func NewFailedItem(it BatchSource, t BatchTarget, reason string) FailedItem {
	title, _, prop := itemTitle(it, t)
	f := FailedItem{Title: title, Markdown: it.Markdown, Line: it.Line, Error: reason}
	for name, raw := range it.Properties {
		if name == prop {
			continue
		}
		if f.Properties == nil {
			f.Properties = map[string]json.RawMessage{}
		}
		f.Properties[name] = raw
	}
	return f
}

// WriteFailedItems writes the failed items, one JSON object a line, readable
// by --batch as it is.
func WriteFailedItems(path string, items []FailedItem) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	return os.WriteFile(path, buf.Bytes(), 0o600)
}
