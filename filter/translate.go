package filter

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/alloy-tui/alloy-tui/models"
)

// MaxDepth is how deeply Notion lets compound filters nest: an "and" of
// "or"s (or the other way round), no deeper.
const MaxDepth = 2

// Options tune Translate.
type Options struct {
	// ResolveUser turns what was written for a people, created_by or
	// last_edited_by property ("Mira") into a user id, which is what
	// Notion's filter takes. When nil, the value must be a user id.
	ResolveUser func(property, value string) (string, error)
}

// Translate writes f as Notion's filter JSON for a data source of the
// given schema: {"property": "Status", "status": {"equals": "Done"}},
// {"and": [...]}, {"or": [...]}. A nil filter or an empty group gives nil.
// The error names the property or operator that does not fit: a property
// the schema lacks, an operator its type does not take, a value that is not
// an option, a date, a number or a yes or no.
func Translate(f Filter, schema []models.PropertySchema) (map[string]any, error) {
	return TranslateWith(f, schema, Options{})
}

// TranslateWith is Translate with options.
func TranslateWith(f Filter, schema []models.PropertySchema, o Options) (map[string]any, error) {
	f = Simplify(f)
	if f == nil {
		return nil, nil
	}
	if d := depth(f); d > MaxDepth {
		return nil, fmt.Errorf("the filter nests and/or %d levels deep; Notion takes at most %d", d, MaxDepth)
	}
	return translate(f, schema, o)
}

// Simplify drops empty groups, replaces a group of one item by the item
// and merges a group into its parent when both are "and" (or both "or").
// Nil, or a group left empty, gives nil.
func Simplify(f Filter) Filter {
	g, ok := f.(Group)
	if !ok {
		return f
	}
	var items []Filter
	for _, it := range g.Items {
		it = Simplify(it)
		if it == nil {
			continue
		}
		if inner, ok := it.(Group); ok && inner.Or == g.Or {
			items = append(items, inner.Items...)
			continue
		}
		items = append(items, it)
	}
	switch len(items) {
	case 0:
		return nil
	case 1:
		return items[0]
	}
	return Group{Or: g.Or, Items: items}
}

// depth is how many levels of groups f holds.
func depth(f Filter) int {
	g, ok := f.(Group)
	if !ok {
		return 0
	}
	d := 0
	for _, it := range g.Items {
		d = max(d, depth(it))
	}
	return d + 1
}

func translate(f Filter, schema []models.PropertySchema, o Options) (map[string]any, error) {
	switch f := f.(type) {
	case Condition:
		return Notion(f, schema, o)
	case Group:
		items := make([]any, 0, len(f.Items))
		for _, it := range f.Items {
			m, err := translate(it, schema, o)
			if err != nil {
				return nil, err
			}
			items = append(items, m)
		}
		key := "and"
		if f.Or {
			key = "or"
		}
		return map[string]any{key: items}, nil
	}
	return nil, fmt.Errorf("unknown filter %T", f)
}

// operator sets by the kind of property they fit.
var (
	textOps     = []Operator{Equals, NotEquals, Contains, NotContains, StartsWith, EndsWith, IsEmpty, IsNotEmpty}
	numberOps   = []Operator{Equals, NotEquals, Less, LessOrEqual, Greater, GreaterOrEq, IsEmpty, IsNotEmpty}
	selectOps   = []Operator{Equals, NotEquals, IsEmpty, IsNotEmpty}
	multiOps    = []Operator{Contains, NotContains, IsEmpty, IsNotEmpty}
	dateOps     = []Operator{Equals, Less, LessOrEqual, Greater, GreaterOrEq, IsEmpty, IsNotEmpty}
	stampOps    = []Operator{Equals, Less, LessOrEqual, Greater, GreaterOrEq}
	peopleOps   = []Operator{Contains, NotContains, IsEmpty, IsNotEmpty}
	byOps       = []Operator{Contains, NotContains}
	checkOps    = []Operator{Equals, NotEquals}
	emptyOps    = []Operator{IsEmpty, IsNotEmpty}
	uniqueIDOps = []Operator{Equals, NotEquals, Less, LessOrEqual, Greater, GreaterOrEq}
)

// OperatorsFor returns the operators a property of type typ can be
// filtered with, in the order a menu offers them; nil for a type that
// cannot be filtered here (formula, rollup, button, and types unknown to
// this package). For multi_select, Equals and NotEquals are also taken
// and mean Contains and NotContains.
func OperatorsFor(typ string) []Operator {
	var ops []Operator
	switch typ {
	case "title", "rich_text", "url", "email", "phone_number":
		ops = textOps
	case "number":
		ops = numberOps
	case "select", "status":
		ops = selectOps
	case "multi_select":
		ops = multiOps
	case "date":
		ops = dateOps
	case "created_time", "last_edited_time":
		ops = stampOps
	case "people", "relation":
		ops = peopleOps
	case "created_by", "last_edited_by":
		ops = byOps
	case "checkbox":
		ops = checkOps
	case "files":
		ops = emptyOps
	case "unique_id":
		ops = uniqueIDOps
	}
	return slices.Clone(ops)
}

// notionOps are Notion's names of the operators, by kind of property.
var (
	textNames = map[Operator]string{Equals: "equals", NotEquals: "does_not_equal", Contains: "contains",
		NotContains: "does_not_contain", StartsWith: "starts_with", EndsWith: "ends_with"}
	numberNames = map[Operator]string{Equals: "equals", NotEquals: "does_not_equal", Less: "less_than",
		LessOrEqual: "less_than_or_equal_to", Greater: "greater_than", GreaterOrEq: "greater_than_or_equal_to"}
	dateNames = map[Operator]string{Equals: "equals", Less: "before", LessOrEqual: "on_or_before",
		Greater: "after", GreaterOrEq: "on_or_after"}
	containNames = map[Operator]string{Contains: "contains", NotContains: "does_not_contain",
		Equals: "contains", NotEquals: "does_not_contain"}
)

// Notion writes one condition as Notion's property filter, checking it
// against the schema (see Translate). It also fills in c.Type.
func Notion(c Condition, schema []models.PropertySchema, o Options) (map[string]any, error) {
	prop, ok := models.FindProperty(schema, c.Property)
	if !ok {
		return nil, unknownProperty(c.Property, schema)
	}
	c.Type = prop.Type
	ops := OperatorsFor(prop.Type)
	if ops == nil {
		return nil, fmt.Errorf("property %q is a %s, which cannot be filtered here; pass Notion's own filter (--filter-json)", prop.Name, typeWords(prop.Type))
	}
	if prop.Type == "multi_select" && (c.Operator == Equals || c.Operator == NotEquals) {
		// "Tags=urgent" reads naturally; Notion only has contains.
	} else if !slices.Contains(ops, c.Operator) {
		return nil, fmt.Errorf("operator %q does not fit property %q, a %s; it takes %s", c.Operator, prop.Name, typeWords(prop.Type), opList(ops))
	}
	body := map[string]any{}
	out := map[string]any{"property": prop.Name}
	key := prop.Type
	switch c.Operator {
	case IsEmpty:
		body["is_empty"] = true
	case IsNotEmpty:
		body["is_not_empty"] = true
	}
	if len(body) > 0 {
		out[key] = body
		return out, nil
	}
	switch prop.Type {
	case "title", "rich_text", "url", "email", "phone_number":
		body[textNames[c.Operator]] = c.Value
	case "number":
		n, err := strconv.ParseFloat(strings.ReplaceAll(c.Value, ",", ""), 64)
		if err != nil {
			return nil, fmt.Errorf("property %q is a number; %q is not one", prop.Name, c.Value)
		}
		body[numberNames[c.Operator]] = n
	case "select", "status", "multi_select":
		opt, ok := prop.Option(c.Value)
		if !ok && len(prop.Options) > 0 {
			return nil, fmt.Errorf("%q is not an option of property %q; its options are %s", c.Value, prop.Name, optionList(prop.Options))
		}
		name := c.Value
		if ok {
			name = opt.Name
		}
		if prop.Type == "multi_select" {
			body[containNames[c.Operator]] = name
		} else {
			body[textNames[c.Operator]] = name
		}
	case "date", "created_time", "last_edited_time":
		if !isDate(c.Value) {
			return nil, fmt.Errorf("property %q is a date; %q is not one (write 2024-04-24, or 2024-04-24T09:00:00Z)", prop.Name, c.Value)
		}
		body[dateNames[c.Operator]] = c.Value
		if prop.Type != "date" {
			// Notion filters the row's own timestamps by timestamp.
			return map[string]any{"timestamp": prop.Type, prop.Type: body}, nil
		}
	case "people", "created_by", "last_edited_by", "relation":
		id := c.Value
		if prop.Type != "relation" && !isUUID(id) && o.ResolveUser != nil {
			resolved, err := o.ResolveUser(prop.Name, c.Value)
			if err != nil {
				return nil, fmt.Errorf("property %q: %w", prop.Name, err)
			}
			id = resolved
		}
		if !isUUID(id) {
			what := "a user id"
			if prop.Type == "relation" {
				what = "a page id"
			}
			return nil, fmt.Errorf("property %q (%s) is matched by %s, and %q is not one", prop.Name, typeWords(prop.Type), what, c.Value)
		}
		body[containNames[c.Operator]] = id
	case "checkbox":
		b, err := parseBool(c.Value)
		if err != nil {
			return nil, fmt.Errorf("property %q is a checkbox; %q is neither true nor false", prop.Name, c.Value)
		}
		body[numberNames[c.Operator]] = b
	case "unique_id":
		v := c.Value
		if i := strings.LastIndexByte(v, '-'); i >= 0 {
			v = v[i+1:] // "ST-3" is 3
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("property %q is an id number; %q is not one", prop.Name, c.Value)
		}
		body[numberNames[c.Operator]] = n
	}
	out[key] = body
	return out, nil
}

// unknownProperty names the property and the ones there are.
func unknownProperty(name string, schema []models.PropertySchema) error {
	names := make([]string, 0, len(schema))
	for _, s := range schema {
		names = append(names, strconv.Quote(s.Name))
	}
	if len(names) == 0 {
		return fmt.Errorf("no property %q: the data source has no properties", name)
	}
	return fmt.Errorf("no property %q; the properties are %s", name, strings.Join(names, ", "))
}

func opList(ops []Operator) string {
	parts := make([]string, 0, len(ops))
	for _, o := range ops {
		parts = append(parts, string(o))
	}
	return strings.Join(parts, " ")
}

func optionList(opts []models.SelectOption) string {
	parts := make([]string, 0, len(opts))
	for _, o := range opts {
		parts = append(parts, strconv.Quote(o.Name))
	}
	return strings.Join(parts, ", ")
}

// typeWords names a property type for a person.
func typeWords(typ string) string {
	switch typ {
	case "rich_text":
		return "text property"
	case "multi_select":
		return "multi-select"
	case "phone_number":
		return "phone number"
	case "people":
		return "people property"
	case "created_time", "last_edited_time", "created_by", "last_edited_by", "unique_id":
		return strings.ReplaceAll(typ, "_", " ") + " property"
	case "":
		return "property of no type"
	}
	return typ
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$`)

func isUUID(s string) bool { return uuidRE.MatchString(s) }

// isDate accepts a date or an RFC 3339 date and time.
func isDate(s string) bool {
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return true
	}
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1", "x", "checked", "on", "☑":
		return true, nil
	case "false", "no", "n", "0", "unchecked", "off", "☐":
		return false, nil
	}
	return false, fmt.Errorf("%q is neither true nor false", s)
}

// Sort is one sort of a query: by a property or by a row's timestamp
// ("created_time" or "last_edited_time"), ascending unless Descending.
type Sort struct {
	Property   string
	Timestamp  string
	Descending bool
}

// ParseSort reads the command line's "PROPERTY[:asc|desc]" (also
// "ascending", "descending").
func ParseSort(s string) (Sort, error) {
	name, dir := strings.TrimSpace(s), ""
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		switch d := strings.ToLower(strings.TrimSpace(name[i+1:])); d {
		case "asc", "ascending", "desc", "descending":
			name, dir = strings.TrimSpace(name[:i]), d
		}
	}
	if name == "" {
		return Sort{}, fmt.Errorf("sort %q names no property: write PROPERTY, PROPERTY:asc or PROPERTY:desc", s)
	}
	return Sort{Property: name, Descending: strings.HasPrefix(dir, "desc")}, nil
}

// Sorts writes sorts as Notion's sorts JSON, checking each property
// against the schema (a nil schema checks nothing). "created_time" and
// "last_edited_time" not in the schema sort by the row's timestamps.
func Sorts(sorts []Sort, schema []models.PropertySchema) ([]map[string]any, error) {
	out := make([]map[string]any, 0, len(sorts))
	for _, s := range sorts {
		dir := "ascending"
		if s.Descending {
			dir = "descending"
		}
		m := map[string]any{"direction": dir}
		switch {
		case s.Timestamp != "":
			m["timestamp"] = s.Timestamp
		case schema == nil:
			m["property"] = s.Property
		default:
			if p, ok := models.FindProperty(schema, s.Property); ok {
				m["property"] = p.Name
			} else if s.Property == "created_time" || s.Property == "last_edited_time" {
				m["timestamp"] = s.Property
			} else {
				return nil, fmt.Errorf("cannot sort: %w", unknownProperty(s.Property, schema))
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// DescribeSorts says sorts in words: "Due ↑, Priority ↓".
func DescribeSorts(sorts []Sort) string {
	parts := make([]string, 0, len(sorts))
	for _, s := range sorts {
		name := s.Property
		if s.Timestamp != "" {
			name = s.Timestamp
		}
		arrow := " ↑"
		if s.Descending {
			arrow = " ↓"
		}
		parts = append(parts, name+arrow)
	}
	return strings.Join(parts, ", ")
}
