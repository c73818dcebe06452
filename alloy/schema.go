package alloy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Schema is the part of a JSON Schema an action's body or parameter is
// described with that the client uses: types, properties, required fields,
// items, enums and defaults. Everything else in the schema is ignored.
type Schema struct {
	// Types lists the allowed types ("string", "integer", …); empty means
	// any. A schema with properties and no type is taken as an object.
	Types       []string
	Description string
	Format      string
	Properties  map[string]*Schema
	// Order is the order the properties came in, for printing them as the
	// schema lists them.
	Order    []string
	Required []string
	Items    *Schema
	Enum     []json.RawMessage
	Default  json.RawMessage
}

// ParseSchema reads a JSON Schema object.
func ParseSchema(raw []byte) (*Schema, error) {
	return parseSchema(raw, 0)
}

// maxSchemaDepth bounds nesting, against a hostile or looping schema.
const maxSchemaDepth = 32

func parseSchema(raw []byte, depth int) (*Schema, error) {
	if depth > maxSchemaDepth {
		return nil, errors.New("the schema nests too deeply")
	}
	raw = bytes.TrimSpace(raw)
	if bytes.Equal(raw, []byte("true")) || len(raw) == 0 {
		return &Schema{}, nil
	}
	var w struct {
		Type        json.RawMessage            `json:"type"`
		Description string                     `json:"description"`
		Format      string                     `json:"format"`
		Properties  map[string]json.RawMessage `json:"properties"`
		Required    json.RawMessage            `json:"required"`
		Items       json.RawMessage            `json:"items"`
		Enum        []json.RawMessage          `json:"enum"`
		Default     json.RawMessage            `json:"default"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("not a JSON Schema object: %w", err)
	}
	s := &Schema{Description: w.Description, Format: w.Format, Enum: w.Enum, Default: w.Default}
	if t := bytes.TrimSpace(w.Type); len(t) > 0 {
		var one string
		if json.Unmarshal(t, &one) == nil {
			s.Types = []string{one}
		} else if json.Unmarshal(t, &s.Types) != nil {
			return nil, errors.New("type is neither a name nor a list of names")
		}
	}
	// required is a list of names; an old-style boolean is ignored.
	_ = json.Unmarshal(w.Required, &s.Required)
	if len(w.Properties) > 0 {
		s.Properties = map[string]*Schema{}
		s.Order = propertyOrder(raw)
		for name, p := range w.Properties {
			ps, err := parseSchema(p, depth+1)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			s.Properties[name] = ps
		}
		if len(s.Types) == 0 {
			s.Types = []string{"object"}
		}
	}
	if it := bytes.TrimSpace(w.Items); len(it) > 0 && it[0] == '{' {
		is, err := parseSchema(it, depth+1)
		if err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
		s.Items = is
	}
	return s, nil
}

// propertyOrder reads the names under "properties" in the order they
// appear, which a map loses.
func propertyOrder(raw []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		if k, _ := t.(string); k == "properties" {
			if t, err := dec.Token(); err != nil || t != json.Delim('{') {
				return nil
			}
			var names []string
			for dec.More() {
				t, err := dec.Token()
				if err != nil {
					return names
				}
				names = append(names, t.(string))
				var skip json.RawMessage
				if dec.Decode(&skip) != nil {
					return names
				}
			}
			return names
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return nil
		}
	}
	return nil
}

// TypeName names the schema's type for people: "string", "integer or
// null", "array of string"; "" for a nil schema or one without a type.
func (s *Schema) TypeName() string {
	if s == nil {
		return ""
	}
	var parts []string
	for _, t := range s.Types {
		if t == "array" && s.Items != nil && s.Items.TypeName() != "" {
			t = "array of " + s.Items.TypeName()
		}
		parts = append(parts, t)
	}
	name := strings.Join(parts, " or ")
	if s.Format != "" && name != "" {
		name += " (" + s.Format + ")"
	}
	return name
}

// PropertyNames lists the properties in the schema's order, any left out
// of it sorted after.
func (s *Schema) PropertyNames() []string {
	if s == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range s.Order {
		if _, ok := s.Properties[n]; ok && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	var rest []string
	for n := range s.Properties {
		if !seen[n] {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// Placeholder is the text a skeleton puts where a string is to be typed:
// "<string>", "<string: date-time>".
func Placeholder(s *Schema) string {
	name := "string"
	if s != nil && s.Format != "" {
		name += ": " + s.Format
	}
	return "<" + name + ">"
}

// Skeleton builds a body to start from: the schema's required fields, each
// with its default, else its first allowed value, else a placeholder of
// its type ("<string>", 0, false, [], an object of its own required
// fields). It is indented JSON, properties in the schema's order; "{}"
// when the schema requires nothing, "" when there is no schema.
func Skeleton(s *Schema) string {
	if s == nil {
		return ""
	}
	var b bytes.Buffer
	writeSkeleton(&b, s, "", 0)
	return b.String()
}

func writeSkeleton(b *bytes.Buffer, s *Schema, indent string, depth int) {
	switch {
	case len(s.Default) > 0:
		writeIndented(b, s.Default, indent)
		return
	case len(s.Enum) > 0:
		writeIndented(b, s.Enum[0], indent)
		return
	}
	kind := ""
	if len(s.Types) > 0 {
		kind = s.Types[0]
	}
	if kind == "" && len(s.Properties) > 0 {
		kind = "object"
	}
	switch kind {
	case "object":
		if len(s.Required) == 0 || depth > maxSchemaDepth {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, name := range s.Required {
			b.WriteString(indent + "  ")
			b.Write(jsonString(name))
			b.WriteString(": ")
			ps := s.Properties[name]
			if ps == nil {
				ps = &Schema{}
			}
			writeSkeleton(b, ps, indent+"  ", depth+1)
			if i < len(s.Required)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case "array":
		b.WriteString("[]")
	case "integer", "number":
		b.WriteString("0")
	case "boolean":
		b.WriteString("false")
	case "null":
		b.WriteString("null")
	default: // string, or no type at all
		b.Write(jsonString(Placeholder(s)))
	}
}

// jsonString quotes s as JSON without escaping <, > and &, which a
// person reads in the skeleton.
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimSpace(b.Bytes())
}

// writeIndented writes a JSON value indented to sit at indent.
func writeIndented(b *bytes.Buffer, v json.RawMessage, indent string) {
	var out bytes.Buffer
	if json.Indent(&out, v, indent, "  ") != nil {
		b.Write(v)
		return
	}
	b.Write(out.Bytes())
}

// BodyError lists what is wrong with a body, each problem naming where
// ("body.channel: required").
type BodyError struct {
	Problems []string
}

func (e *BodyError) Error() string {
	if len(e.Problems) == 1 {
		return "the body is not valid: " + e.Problems[0]
	}
	return "the body is not valid: " + strings.Join(e.Problems, "; ")
}

// maxBodyProblems bounds how many problems one check lists.
const maxBodyProblems = 20

// ValidateBody checks a body against the schema before it is sent: that it
// is JSON, that required fields are there, that values have the schema's
// types (and one of its enum values), and that no string still holds the
// skeleton's placeholder. An empty body passes when the schema requires
// nothing. Properties the schema does not name are let through: the
// service knows more than the schema says.
func ValidateBody(s *Schema, body []byte) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		if s != nil && len(s.Required) > 0 {
			return &BodyError{Problems: []string{"the body is empty; it needs " + strings.Join(s.Required, ", ")}}
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return &BodyError{Problems: []string{"not valid JSON: " + jsonSyntaxProblem(body, err)}}
	}
	if dec.More() {
		return &BodyError{Problems: []string{"not valid JSON: more than one value"}}
	}
	if s == nil {
		return nil
	}
	var problems []string
	validateValue(s, v, "body", &problems, 0)
	if len(problems) > 0 {
		if len(problems) > maxBodyProblems {
			problems = append(problems[:maxBodyProblems], fmt.Sprintf("and %d more", len(problems)-maxBodyProblems))
		}
		return &BodyError{Problems: problems}
	}
	return nil
}

// jsonSyntaxProblem says where the JSON broke, as line and column.
func jsonSyntaxProblem(body []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := 1, 1
		for _, c := range body[:min(int(se.Offset), len(body))] {
			if c == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		return fmt.Sprintf("%s (line %d, column %d)", se.Error(), line, col)
	}
	return err.Error()
}

func validateValue(s *Schema, v any, at string, problems *[]string, depth int) {
	if s == nil || depth > maxSchemaDepth {
		return
	}
	if len(s.Types) > 0 && !typeMatches(s, v) {
		*problems = append(*problems, fmt.Sprintf("%s: should be %s, is %s", at, s.TypeName(), jsonKind(v)))
		return
	}
	if str, ok := v.(string); ok && str == Placeholder(s) {
		*problems = append(*problems, fmt.Sprintf("%s: still holds the placeholder %s", at, str))
		return
	}
	if len(s.Enum) > 0 && !inEnum(s.Enum, v) {
		var allowed []string
		for _, e := range s.Enum {
			allowed = append(allowed, string(e))
		}
		*problems = append(*problems, fmt.Sprintf("%s: should be one of %s", at, strings.Join(allowed, ", ")))
		return
	}
	switch x := v.(type) {
	case map[string]any:
		for _, name := range s.Required {
			if _, ok := x[name]; !ok {
				want := ""
				if t := s.Properties[name].TypeName(); t != "" {
					want = " (" + t + ")"
				}
				*problems = append(*problems, fmt.Sprintf("%s.%s: required%s, missing", at, name, want))
			}
		}
		for _, name := range s.PropertyNames() {
			if val, ok := x[name]; ok {
				validateValue(s.Properties[name], val, at+"."+name, problems, depth+1)
			}
		}
	case []any:
		for i, item := range x {
			validateValue(s.Items, item, at+"["+strconv.Itoa(i)+"]", problems, depth+1)
		}
	}
}

func typeMatches(s *Schema, v any) bool {
	for _, t := range s.Types {
		switch t {
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "number":
			if _, ok := v.(json.Number); ok {
				return true
			}
		case "integer":
			if n, ok := v.(json.Number); ok {
				if f, err := n.Float64(); err == nil && f == math.Trunc(f) {
					return true
				}
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "null":
			if v == nil {
				return true
			}
		default:
			return true // a type we do not know: let the service judge
		}
	}
	return false
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case string:
		return "a string"
	case json.Number:
		if f, err := x.Float64(); err == nil && f == math.Trunc(f) {
			return "an integer"
		}
		return "a number"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case nil:
		return "null"
	}
	return "unknown"
}

func inEnum(enum []json.RawMessage, v any) bool {
	got, err := json.Marshal(v)
	if err != nil {
		return true
	}
	for _, e := range enum {
		var ev any
		dec := json.NewDecoder(bytes.NewReader(e))
		dec.UseNumber()
		if dec.Decode(&ev) != nil {
			continue
		}
		want, _ := json.Marshal(ev)
		if bytes.Equal(got, want) {
			return true
		}
	}
	return false
}
