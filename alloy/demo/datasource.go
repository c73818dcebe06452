package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file holds the data sources of Notion-Version 2025-09-03: a
// database is a container of data sources, each with a schema and rows.
// Requests that send an older Notion-Version (or none) get the shapes of
// before: search finds databases, and a database carries its schema.

// dataSourceVersion is the first Notion version with data sources.
const dataSourceVersion = "2025-09-03"

// legacyRequest reports whether the request asks for a Notion version
// before data sources (or names none, as the demo's own older tests do).
func legacyRequest(req *executeRequest) bool {
	for k, v := range req.AdditionalHeaders {
		if strings.EqualFold(k, "Notion-Version") {
			s, _ := v.(string)
			s = strings.TrimSpace(s)
			return s == "" || s < dataSourceVersion
		}
	}
	return true
}

// member is one member of an ordered JSON object.
type member struct {
	key   string
	value any
}

// ordered is a JSON object written in its members' order (a Go map would
// sort them; Notion's order is the schema's).
type ordered []member

// MarshalJSON writes the members in order.
func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// userID is the id of a demo user, from the name.
func userID(name string) string { return dashed(hashID("user:" + name)) }

// userJSON is a person as Notion lists one in a people property.
func userJSON(name string) map[string]any {
	return map[string]any{"object": "user", "id": userID(name), "name": name, "avatar_url": nil,
		"type": "person", "person": map[string]any{}}
}

// splitList splits a list value ("a, b") into its trimmed items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// splitDate splits "start→end" (or "start"); either end may carry a time.
func splitDate(v string) (start, end string) {
	start, end, _ = strings.Cut(v, "→")
	return strings.TrimSpace(start), strings.TrimSpace(end)
}

// parseDemoDate reads a date or date and time as the workspace and the
// filters write them.
func parseDemoDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// checkPropValue checks a value written in the workspace files for its
// property's type.
func checkPropValue(ps *propSchema, v string) error {
	if v == "" {
		return nil
	}
	switch ps.typ {
	case "select", "status":
		if optionIndex(ps, v) < 0 {
			return fmt.Errorf("%q is not an option of %q", v, ps.name)
		}
	case "multi_select":
		for _, item := range splitList(v) {
			if optionIndex(ps, item) < 0 {
				return fmt.Errorf("%q is not an option of %q", item, ps.name)
			}
		}
	case "date":
		start, end := splitDate(v)
		if _, ok := parseDemoDate(start); !ok {
			return fmt.Errorf("%q is not a date for %q", v, ps.name)
		}
		if _, ok := parseDemoDate(end); end != "" && !ok {
			return fmt.Errorf("%q is not a date for %q", v, ps.name)
		}
	case "checkbox":
		if v != "true" && v != "false" {
			return fmt.Errorf("%q of %q is neither true nor false", v, ps.name)
		}
	case "number":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return fmt.Errorf("%q of %q is not a number", v, ps.name)
		}
	}
	return nil
}

// propValueJSON is the value Notion puts under the type's key for a row's
// property.
func propValueJSON(ps *propSchema, v string) any {
	switch ps.typ {
	case "select", "status":
		if i := optionIndex(ps, v); i >= 0 {
			return optionJSON(ps, i)
		}
		return nil
	case "multi_select":
		out := []any{}
		for _, item := range splitList(v) {
			if i := optionIndex(ps, item); i >= 0 {
				out = append(out, optionJSON(ps, i))
			}
		}
		return out
	case "rich_text":
		rt := []segment{}
		if v != "" {
			rt = append(rt, plainSegment(v))
		}
		return rt
	case "date":
		if v == "" {
			return nil
		}
		start, end := splitDate(v)
		d := map[string]any{"start": start, "end": nil, "time_zone": nil}
		if end != "" {
			d["end"] = end
		}
		return d
	case "people":
		out := []any{}
		for _, name := range splitList(v) {
			out = append(out, userJSON(name))
		}
		return out
	case "checkbox":
		return v == "true"
	case "number":
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return n
		}
		return nil
	}
	if v == "" {
		return nil
	}
	return v
}

// rowProperties are a page's properties: a row's in its schema's order,
// the title last (as Notion often sends it: the title's place is the
// reader's choice); a page's title alone.
func rowProperties(p *page) ordered {
	out := make(ordered, 0, len(p.props)+1)
	for _, rp := range p.props {
		out = append(out, member{rp.schema.name, map[string]any{
			"id": propID(rp.schema.name), "type": rp.schema.typ, rp.schema.typ: propValueJSON(rp.schema, rp.value),
		}})
	}
	return append(out, member{p.titleProp, map[string]any{"id": "title", "type": "title", "title": p.title}})
}

// schemaJSON is a schema's properties object, in order, the title last.
func schemaJSON(titleProp string, schema []propSchema) ordered {
	out := make(ordered, 0, len(schema)+1)
	for i := range schema {
		ps := &schema[i]
		prop := map[string]any{"id": propID(ps.name), "name": ps.name, "description": nil, "type": ps.typ}
		switch ps.typ {
		case "select", "multi_select", "status":
			opts := []any{}
			for j := range ps.options {
				opts = append(opts, optionJSON(ps, j))
			}
			body := map[string]any{"options": opts}
			if ps.typ == "status" {
				body["groups"] = statusGroups(ps)
			}
			prop[ps.typ] = body
		case "number":
			format := "number"
			if len(ps.options) > 0 {
				format = ps.options[0]
			}
			prop["number"] = map[string]any{"format": format}
		default:
			prop[ps.typ] = map[string]any{}
		}
		out = append(out, member{ps.name, prop})
	}
	return append(out, member{titleProp, map[string]any{"id": "title", "name": titleProp, "description": nil, "type": "title", "title": map[string]any{}}})
}

// statusGroups puts a status's first option in To-do, its last in
// Complete and the others in In progress, as Notion's default groups do.
func statusGroups(ps *propSchema) []any {
	ids := func(from, to int) []string {
		out := []string{}
		for i := from; i < to && i < len(ps.options); i++ {
			out = append(out, hashID("option:" + ps.name + ":" + ps.options[i])[:8])
		}
		return out
	}
	n := len(ps.options)
	group := func(name, color string, from, to int) map[string]any {
		return map[string]any{"id": hashID("group:" + ps.name + ":" + name)[:8], "name": name, "color": color, "option_ids": ids(from, to)}
	}
	return []any{group("To-do", "gray", 0, 1), group("In progress", "blue", 1, max(1, n-1)), group("Complete", "green", max(1, n-1), n)}
}

// databaseJSON renders a database: from 2025-09-03 with its data sources
// and no schema; for older versions (legacy) with its first data source's
// schema as its own and no data sources.
func (ws *workspace) databaseJSON(d *database, legacy bool) map[string]any {
	sources := []any{}
	for _, ds := range d.sources {
		sources = append(sources, map[string]any{"id": dashed(ds.id), "name": ds.name})
	}
	out := map[string]any{
		"object":           "database",
		"id":               dashed(d.id),
		"created_time":     notionTime(d.created),
		"last_edited_time": notionTime(d.edited),
		"created_by":       userRef(),
		"last_edited_by":   userRef(),
		"title":            d.title,
		"description":      []segment{},
		"icon":             iconJSON(d.icon),
		"cover":            nil,
		"parent":           d.parent.json(),
		"url":              "https://www.notion.so/" + d.id,
		"public_url":       nil,
		"archived":         d.inTrash,
		"in_trash":         d.inTrash,
		"is_inline":        false,
		"is_locked":        false,
		"data_sources":     sources,
	}
	if legacy {
		// Before 2025-09-03 a database is its one table.
		out["properties"] = schemaJSON(d.titleProp, d.sources[0].schema)
		delete(out, "data_sources")
	}
	return out
}

// dataSourceJSON renders a data source with its schema.
func (ws *workspace) dataSourceJSON(ds *dataSource) map[string]any {
	d := ds.db
	return map[string]any{
		"object":           "data_source",
		"id":               dashed(ds.id),
		"created_time":     notionTime(d.created),
		"last_edited_time": notionTime(d.edited),
		"created_by":       userRef(),
		"last_edited_by":   userRef(),
		"title":            []segment{plainSegment(ds.name)},
		"description":      []segment{},
		"icon":             iconJSON(d.icon),
		"cover":            nil,
		"parent":           map[string]any{"type": "database_id", "database_id": dashed(d.id)},
		"database_parent":  d.parent.json(),
		"is_inline":        false,
		"archived":         d.inTrash,
		"in_trash":         d.inTrash,
		"properties":       schemaJSON(ds.titleProp, ds.schema),
		"url":              "https://www.notion.so/" + d.id,
		"public_url":       nil,
	}
}

// dataSource finds a data source by compact id.
func (ws *workspace) dataSource(id string) (*dataSource, bool) {
	for _, d := range ws.databases {
		for _, ds := range d.sources {
			if ds.id == id {
				return ds, true
			}
		}
	}
	return nil, false
}

func (s *Server) retrieveDataSource(req *executeRequest) (any, *notionError) {
	id, raw, err := idParam(req, "data_source_id")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ds, ok := s.ws.dataSource(id)
	if !ok || ds.db.inTrash {
		return nil, notFound("data_source", clip(raw))
	}
	return s.ws.dataSourceJSON(ds), nil
}

// queryDataSource lists a data source's rows, filtered and sorted as
// Notion does for the common property types, oldest first by default.
func (s *Server) queryDataSource(req *executeRequest) (any, *notionError) {
	id, raw, err := idParam(req, "data_source_id")
	if err != nil {
		return nil, err
	}
	var body queryBody
	if err := decodeRequestBody(req.RequestBody, &body); err != nil {
		return nil, err
	}
	offset, size, err := body.window()
	if err != nil {
		return nil, err
	}
	var only map[string]bool
	if fp := param(req.QueryParameters, "filter_properties"); fp != "" {
		only = map[string]bool{}
		for _, p := range strings.Split(fp, ",") {
			only[strings.TrimSpace(p)] = true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ds, ok := s.ws.dataSource(id)
	if !ok || ds.db.inTrash {
		return nil, notFound("data_source", clip(raw))
	}
	return s.ws.answerQuery(ds, s.ws.rowsOf(ds), body, offset, size, only)
}

// rowsOf is the rows of a data source that are not in the trash.
func (ws *workspace) rowsOf(ds *dataSource) []*page {
	var rows []*page
	for _, p := range ws.pages {
		if p.source == ds && !p.inTrash {
			rows = append(rows, p)
		}
	}
	return rows
}

// answerQuery filters, sorts and pages rows of ds.
func (ws *workspace) answerQuery(ds *dataSource, rows []*page, body queryBody, offset, size int, only map[string]bool) (any, *notionError) {
	match, nerr := compileFilter(ds, body.Filter)
	if nerr != nil {
		return nil, nerr
	}
	less, nerr := compileSorts(ds, body.Sorts)
	if nerr != nil {
		return nil, nerr
	}
	kept := rows[:0]
	for _, p := range rows {
		if match(p) {
			kept = append(kept, p)
		}
	}
	rows = kept
	sort.SliceStable(rows, func(i, j int) bool {
		if c := less(rows[i], rows[j]); c != 0 {
			return c < 0
		}
		if c := rows[i].created.Compare(rows[j].created); c != 0 {
			return c < 0
		}
		return rows[i].id < rows[j].id
	})
	// Render only the slice asked for: a data source of thousands of rows
	// answers a hundred.
	end := min(offset+size, len(rows))
	items := make([]any, len(rows))
	for i := offset; i < end; i++ {
		pj := ws.pageJSON(rows[i])
		if only != nil {
			props := ordered{}
			for _, m := range pj["properties"].(ordered) {
				if only[m.value.(map[string]any)["id"].(string)] {
					props = append(props, m)
				}
			}
			pj["properties"] = props
		}
		items[i] = pj
	}
	return listAnswer(items, offset, size, "page_or_data_source"), nil
}

// schemaProp finds a property of ds by name or id; the title is one.
func schemaProp(ds *dataSource, name string) (*propSchema, bool) {
	if name == ds.titleProp || name == "title" {
		return &propSchema{name: ds.titleProp, typ: "title"}, true
	}
	for i := range ds.schema {
		if ds.schema[i].name == name || propID(ds.schema[i].name) == name {
			return &ds.schema[i], true
		}
	}
	return nil, false
}

// rowValue is a row's value of a property, as written in the workspace.
func rowValue(p *page, ps *propSchema) string {
	if ps.typ == "title" {
		return plainText(p.title)
	}
	for _, rp := range p.props {
		if rp.schema.name == ps.name {
			return rp.value
		}
	}
	return ""
}

// filterOps are the conditions Notion takes for each kind of property.
var filterOps = map[string][]string{
	"text":         {"equals", "does_not_equal", "contains", "does_not_contain", "starts_with", "ends_with", "is_empty", "is_not_empty"},
	"number":       {"equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to", "is_empty", "is_not_empty"},
	"select":       {"equals", "does_not_equal", "is_empty", "is_not_empty"},
	"multi_select": {"contains", "does_not_contain", "is_empty", "is_not_empty"},
	"date":         {"equals", "before", "after", "on_or_before", "on_or_after", "is_empty", "is_not_empty"},
	"people":       {"contains", "does_not_contain", "is_empty", "is_not_empty"},
	"checkbox":     {"equals", "does_not_equal"},
}

// filterKind is the kind of filter a property type takes.
func filterKind(typ string) string {
	switch typ {
	case "title", "rich_text", "url", "email", "phone_number":
		return "text"
	case "status":
		return "select"
	}
	return typ
}

// compileFilter turns Notion's filter JSON into a test of a row, or the
// validation error Notion gives.
func compileFilter(ds *dataSource, raw json.RawMessage) (func(*page) bool, *notionError) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return func(*page) bool { return true }, nil
	}
	return compileNode(ds, raw, "body.filter", 0)
}

func compileNode(ds *dataSource, raw json.RawMessage, where string, depth int) (func(*page) bool, *notionError) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return nil, validationError("body failed validation: %s should be an object.", where)
	}
	for _, key := range []string{"and", "or"} {
		list, ok := obj[key]
		if !ok {
			continue
		}
		if depth >= 2 {
			return nil, validationError("body failed validation: %s nests compound filters more than two levels deep.", where)
		}
		var items []json.RawMessage
		if err := json.Unmarshal(list, &items); err != nil {
			return nil, validationError("body failed validation: %s.%s should be an array.", where, key)
		}
		tests := make([]func(*page) bool, 0, len(items))
		for i, it := range items {
			t, err := compileNode(ds, it, fmt.Sprintf("%s.%s[%d]", where, key, i), depth+1)
			if err != nil {
				return nil, err
			}
			tests = append(tests, t)
		}
		and := key == "and"
		return func(p *page) bool {
			for _, t := range tests {
				if t(p) != and {
					return !and
				}
			}
			return and
		}, nil
	}
	if ts, ok := obj["timestamp"]; ok {
		var kind string
		_ = json.Unmarshal(ts, &kind)
		if kind != "created_time" && kind != "last_edited_time" {
			return nil, validationError("body failed validation: %s.timestamp should be `\"created_time\"` or `\"last_edited_time\"`.", where)
		}
		cond, err := condition(obj[kind], "date", where+"."+kind)
		if err != nil {
			return nil, err
		}
		return func(p *page) bool {
			t := p.created
			if kind == "last_edited_time" {
				t = p.edited
			}
			return cond(notionTime(t))
		}, nil
	}
	var name string
	if err := json.Unmarshal(obj["property"], &name); err != nil || name == "" {
		return nil, validationError("body failed validation: %s.property should be defined, instead was `undefined`.", where)
	}
	ps, ok := schemaProp(ds, name)
	if !ok {
		return nil, validationError("Could not find property with name or id: %s", clip(name))
	}
	var typeKey string
	for k := range obj {
		if k != "property" && k != "type" {
			typeKey = k
		}
	}
	if typeKey != ps.typ && !(typeKey == "rich_text" && ps.typ == "title") {
		return nil, validationError("%s is expected to be %s.", clip(ps.name), ps.typ)
	}
	kind := filterKind(ps.typ)
	if _, ok := filterOps[kind]; !ok {
		return nil, validationError("body failed validation: %s: the demo cannot filter %s properties.", where, ps.typ)
	}
	cond, err := condition(obj[typeKey], kind, where+"."+typeKey)
	if err != nil {
		return nil, err
	}
	return func(p *page) bool { return cond(rowValue(p, ps)) }, nil
}

// condition compiles one type's condition ({"equals": "Done"}) into a
// test of a value as the workspace writes it.
func condition(raw json.RawMessage, kind, where string) (func(string) bool, *notionError) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || len(obj) != 1 {
		return nil, validationError("body failed validation: %s should be an object with one condition (%s).", where, strings.Join(filterOps[kind], ", "))
	}
	var op string
	var arg json.RawMessage
	for k, v := range obj {
		op, arg = k, v
	}
	allowed := false
	for _, o := range filterOps[kind] {
		allowed = allowed || o == op
	}
	if !allowed {
		return nil, validationError("body failed validation: %s.%s should be not present; %s takes %s.", where, clip(op), kind, strings.Join(filterOps[kind], ", "))
	}
	if op == "is_empty" || op == "is_not_empty" {
		want := op == "is_empty"
		return func(v string) bool { return (strings.TrimSpace(v) == "") == want }, nil
	}
	bad := func(what string) *notionError {
		return validationError("body failed validation: %s.%s should be %s, instead was `%s`.", where, op, what, clip(string(arg)))
	}
	switch kind {
	case "checkbox":
		var b bool
		if json.Unmarshal(arg, &b) != nil {
			return nil, bad("a boolean")
		}
		want := b == (op == "equals")
		return func(v string) bool { return (v == "true") == want }, nil
	case "number":
		var n float64
		if json.Unmarshal(arg, &n) != nil {
			return nil, bad("a number")
		}
		return func(v string) bool {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return op == "does_not_equal"
			}
			switch op {
			case "equals":
				return x == n
			case "does_not_equal":
				return x != n
			case "greater_than":
				return x > n
			case "less_than":
				return x < n
			case "greater_than_or_equal_to":
				return x >= n
			}
			return x <= n
		}, nil
	}
	var s string
	if json.Unmarshal(arg, &s) != nil {
		return nil, bad("a string")
	}
	switch kind {
	case "date":
		want, ok := parseDemoDate(s)
		if !ok {
			return nil, bad("a valid ISO 8601 date")
		}
		dateOnly := len(s) == len(time.DateOnly)
		return func(v string) bool {
			start, _ := splitDate(v)
			var c int
			if dateOnly {
				if len(start) < len(time.DateOnly) {
					return false
				}
				c = strings.Compare(start[:len(time.DateOnly)], s)
			} else {
				t, ok := parseDemoDate(start)
				if !ok {
					return false
				}
				c = t.Compare(want)
			}
			switch op {
			case "equals":
				return c == 0
			case "before":
				return c < 0
			case "after":
				return c > 0
			case "on_or_before":
				return c <= 0
			}
			return c >= 0
		}, nil
	case "people":
		if _, ok := compactID(s); !ok {
			return nil, bad("a valid uuid")
		}
		id, _ := compactID(s)
		return func(v string) bool {
			has := false
			for _, name := range splitList(v) {
				u, _ := compactID(userID(name))
				has = has || u == id
			}
			return has == (op == "contains")
		}, nil
	case "multi_select":
		return func(v string) bool {
			has := false
			for _, item := range splitList(v) {
				has = has || item == s
			}
			return has == (op == "contains")
		}, nil
	case "select":
		return func(v string) bool { return (v == s) == (op == "equals") }, nil
	}
	low := strings.ToLower(s)
	return func(v string) bool {
		v = strings.ToLower(v)
		switch op {
		case "equals":
			return v == low
		case "does_not_equal":
			return v != low
		case "contains":
			return strings.Contains(v, low)
		case "does_not_contain":
			return !strings.Contains(v, low)
		case "starts_with":
			return strings.HasPrefix(v, low)
		}
		return strings.HasSuffix(v, low)
	}, nil
}

// compileSorts turns Notion's sorts into a comparison of rows; empty
// values sort last either way, as in Notion.
func compileSorts(ds *dataSource, sorts []querySort) (func(a, b *page) int, *notionError) {
	type key struct {
		ps    *propSchema
		stamp string
		sign  int
	}
	var keys []key
	for i, so := range sorts {
		k := key{sign: 1}
		switch so.Direction {
		case "ascending":
		case "descending":
			k.sign = -1
		default:
			return nil, validationError("body failed validation: body.sorts[%d].direction should be `\"ascending\"` or `\"descending\"`, instead was `%q`.", i, clip(so.Direction))
		}
		switch {
		case so.Timestamp == "created_time" || so.Timestamp == "last_edited_time":
			k.stamp = so.Timestamp
		case so.Timestamp != "":
			return nil, validationError("body failed validation: body.sorts[%d].timestamp should be `\"created_time\"` or `\"last_edited_time\"`.", i)
		default:
			ps, ok := schemaProp(ds, so.Property)
			if !ok {
				return nil, validationError("Could not find sort property with name or id: %s", clip(so.Property))
			}
			k.ps = ps
		}
		keys = append(keys, k)
	}
	return func(a, b *page) int {
		for _, k := range keys {
			var c int
			switch {
			case k.stamp == "created_time":
				c = k.sign * a.created.Compare(b.created)
			case k.stamp == "last_edited_time":
				c = k.sign * a.edited.Compare(b.edited)
			default:
				va, vb := rowValue(a, k.ps), rowValue(b, k.ps)
				switch {
				case va == "" && vb == "":
				case va == "":
					c = 1
				case vb == "":
					c = -1
				default:
					c = k.sign * compareValues(k.ps, va, vb)
				}
			}
			if c != 0 {
				return c
			}
		}
		return 0
	}, nil
}

// compareValues orders two non-empty values of a property: numbers by
// value, options by their order in the schema, dates by start, check
// boxes unchecked first, text ignoring case.
func compareValues(ps *propSchema, a, b string) int {
	switch ps.typ {
	case "number":
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case "select", "status":
		return optionIndex(ps, a) - optionIndex(ps, b)
	case "multi_select", "people":
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	case "date":
		sa, _ := splitDate(a)
		sb, _ := splitDate(b)
		ta, _ := parseDemoDate(sa)
		tb, _ := parseDemoDate(sb)
		return ta.Compare(tb)
	case "checkbox":
		return strings.Compare(a, b) // "false" < "true"
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

// The people of the generated tasks.
var taskPeople = []string{"Mira Okafor", "Kenji Watanabe", "Aoife Ní Bhriain", "Tomás Ruiz", "Jo Lindqvist"}

var taskWords = []string{"Calibrate", "Document", "Review", "Ship", "Test", "Design", "Measure", "Replace", "Plan", "Fix"}
var taskThings = []string{"the anemometer", "station firmware", "the solar charger", "teacher guide", "battery packs",
	"the ingest queue", "rain gauges", "the app's charts", "field kits", "the release notes"}

// addTasks adds the database of Options.TaskRows: "Team tasks", with the
// data sources "Tasks" (n generated rows) and "Milestones" (six rows).
// Every value follows from the row's number, so runs agree.
func (ws *workspace) addTasks(n int) {
	created := workspaceBase.AddDate(0, -2, 0)
	d := &database{
		id: hashID("database:team-tasks"), title: []segment{plainSegment(TasksDatabaseTitle)}, titleProp: "Task",
		icon: "✅", parent: parentRef{typ: "workspace"}, created: created, edited: workspaceBase.AddDate(0, 0, -2),
	}
	tasks := &dataSource{id: hashID("data-source:team-tasks/tasks"), db: d, name: TasksSourceName, titleProp: "Task",
		schema: []propSchema{
			{name: "Status", typ: "status", options: []string{"Not started", "In progress", "Blocked", "Done"}},
			{name: "Priority", typ: "select", options: []string{"Low", "Medium", "High", "Urgent"}},
			{name: "Tags", typ: "multi_select", options: []string{"backend", "frontend", "firmware", "docs", "field", "urgent"}},
			{name: "Due", typ: "date"},
			{name: "Owner", typ: "people"},
			{name: "Done", typ: "checkbox"},
			{name: "Estimate", typ: "number", options: []string{"number"}},
			{name: "Progress", typ: "number", options: []string{"percent"}},
			{name: "Link", typ: "url"},
		}}
	milestones := &dataSource{id: hashID("data-source:team-tasks/milestones"), db: d, name: MilestonesSourceName, titleProp: "Milestone",
		schema: []propSchema{
			{name: "Target", typ: "date"},
			{name: "Owner", typ: "people"},
			{name: "Shipped", typ: "checkbox"},
			{name: "Budget", typ: "number", options: []string{"euro"}},
		}}
	d.sources = []*dataSource{tasks, milestones}
	d.schema = tasks.schema
	ws.databases[d.id] = d
	row := func(ds *dataSource, key, title string, i int, values map[string]string) {
		t := created.Add(time.Duration(i) * 7 * time.Hour)
		p := &page{id: hashID(key), title: []segment{plainSegment(title)}, titleProp: ds.titleProp,
			parent: parentRef{"database_id", d.id}, source: ds, created: t, edited: t.Add(time.Duration(i%5) * time.Hour)}
		for j := range ds.schema {
			p.props = append(p.props, rowProp{schema: &ds.schema[j], value: values[ds.schema[j].name]})
		}
		ws.pages[p.id] = p
	}
	for i := 1; i <= n; i++ {
		v := map[string]string{
			"Status":   tasks.schema[0].options[(i*7)%4],
			"Priority": tasks.schema[1].options[(i*3)%4],
			"Estimate": strconv.Itoa(1 + (i*5)%13),
			"Progress": strconv.FormatFloat(float64((i*17)%101)/100, 'f', -1, 64),
			"Done":     strconv.FormatBool(tasks.schema[0].options[(i*7)%4] == "Done"),
		}
		if i%9 != 0 {
			due := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (i*11)%180)
			v["Due"] = due.Format(time.DateOnly)
			if i%10 == 3 {
				v["Due"] += "→" + due.AddDate(0, 0, 3).Format(time.DateOnly)
			}
		}
		var tags []string
		for j, tag := range tasks.schema[2].options {
			if (i+j)%4 == 0 || (j == 5 && i%11 == 0) {
				tags = append(tags, tag)
			}
		}
		v["Tags"] = strings.Join(tags, ", ")
		switch {
		case i%8 == 0:
		case i%5 == 0:
			v["Owner"] = taskPeople[i%5] + ", " + taskPeople[(i+2)%5]
		default:
			v["Owner"] = taskPeople[i%5]
		}
		if i%6 == 0 {
			v["Link"] = "https://example.com/tasks/" + strconv.Itoa(i)
		}
		title := fmt.Sprintf("%s %s (#%d)", taskWords[i%len(taskWords)], taskThings[(i/len(taskWords))%len(taskThings)], i)
		row(tasks, "task:"+strconv.Itoa(i), title, i, v)
	}
	for i, m := range []struct{ title, target, owner, shipped, budget string }{
		{"Spring field trial", "2026-03-15", "Kenji Watanabe", "false", "12000"},
		{"Firmware 3.0", "2026-04-30", "Mira Okafor", "false", "8500"},
		{"Teacher guide, second edition", "2026-02-01", "Aoife Ní Bhriain", "true", "2400"},
		{"Winter readiness", "2025-11-01", "Tomás Ruiz", "true", "5100.5"},
		{"New enclosure", "2026-06-15→2026-07-15", "Jo Lindqvist, Kenji Watanabe", "false", ""},
		{"Open data portal", "", "", "false", "15000"},
	} {
		row(milestones, "milestone:"+strconv.Itoa(i), m.title, i, map[string]string{
			"Target": m.target, "Owner": m.owner, "Shipped": m.shipped, "Budget": m.budget,
		})
	}
}
