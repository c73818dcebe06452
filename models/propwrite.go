package models

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// WritableProperty reports whether a property of this type can be set
// from text (by WritePropertyValue).
func WritableProperty(typ string) bool {
	switch typ {
	case "title", "rich_text", "number", "select", "multi_select", "status", "date", "checkbox",
		"url", "email", "phone_number", "relation", "people":
		return true
	}
	return false
}

// WritePropertyValue turns a value as a person writes it into the value
// Notion takes for a property of the schema's type:
//   - title, rich_text: the text (split at 2,000 characters, never cut);
//   - number: a number ("" clears it);
//   - select, status: an option's name, matched ignoring case ("" clears);
//   - multi_select: names separated by commas;
//   - date: 2024-04-24 or a date and time (RFC 3339), or a range written
//     start→end or start/end;
//   - checkbox: true/false, yes/no, y/n, 1/0, x or ✓ (and nothing: false);
//   - url, email, phone_number: the text;
//   - relation, people: ids separated by commas.
//
// Options must exist in the schema (the error lists them); other types
// (formulas, rollups, times Notion sets) cannot be written.
func WritePropertyValue(s PropertySchema, value string) (any, error) {
	v := strings.TrimSpace(value)
	switch s.Type {
	case "title", "rich_text":
		return map[string]any{s.Type: WriteRichText(plainRich(value))}, nil
	case "number":
		if v == "" {
			return map[string]any{"number": nil}, nil
		}
		n, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a number", s.Name, ShortLine(v, 40))
		}
		return map[string]any{"number": n}, nil
	case "select", "status":
		if v == "" {
			return map[string]any{s.Type: nil}, nil
		}
		o, err := schemaOption(s, v)
		if err != nil {
			return nil, err
		}
		return map[string]any{s.Type: map[string]any{"name": o}}, nil
	case "multi_select":
		names := []map[string]any{}
		for _, item := range splitComma(v) {
			o, err := schemaOption(s, item)
			if err != nil {
				return nil, err
			}
			names = append(names, map[string]any{"name": o})
		}
		return map[string]any{"multi_select": names}, nil
	case "date":
		if v == "" {
			return map[string]any{"date": nil}, nil
		}
		start, end, ok := strings.Cut(v, "→")
		if !ok {
			start, end, _ = strings.Cut(v, "/")
		}
		start, end = strings.TrimSpace(start), strings.TrimSpace(end)
		if !isDate(start) || end != "" && !isDate(end) {
			return nil, fmt.Errorf("%s: %q is not a date (write 2024-04-24, 2024-04-24T09:00:00Z, or start→end)", s.Name, ShortLine(v, 40))
		}
		d := map[string]any{"start": start}
		if end != "" {
			d["end"] = end
		}
		return map[string]any{"date": d}, nil
	case "checkbox":
		switch strings.ToLower(v) {
		case "true", "yes", "y", "1", "x", "✓", "✔", "on", "checked":
			return map[string]any{"checkbox": true}, nil
		case "false", "no", "n", "0", "", "off", "unchecked":
			return map[string]any{"checkbox": false}, nil
		}
		return nil, fmt.Errorf("%s: %q is neither true nor false", s.Name, ShortLine(v, 40))
	case "url", "email", "phone_number":
		if v == "" {
			return map[string]any{s.Type: nil}, nil
		}
		if utf16Units(v) > MaxTextUnits {
			return nil, fmt.Errorf("%s: longer than %d characters", s.Name, MaxTextUnits)
		}
		return map[string]any{s.Type: v}, nil
	case "relation", "people":
		ids := []map[string]any{}
		for _, item := range splitComma(v) {
			id, ok := parseID(item)
			if !ok {
				return nil, fmt.Errorf("%s: %q is not an id", s.Name, ShortLine(item, 40))
			}
			ref := map[string]any{"id": id}
			if s.Type == "people" {
				ref["object"] = "user"
			}
			ids = append(ids, ref)
		}
		return map[string]any{s.Type: ids}, nil
	}
	return nil, fmt.Errorf("%s: a %s property cannot be written", s.Name, strings.ReplaceAll(s.Type, "_", " "))
}

// WritePropertyJSON turns a property value given as JSON (in a batch
// file) into Notion's: a string, number or boolean goes through
// WritePropertyValue; an object is taken as Notion's own value, as is.
func WritePropertyJSON(s PropertySchema, raw json.RawMessage) (any, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("%s: not JSON", s.Name)
	}
	switch x := v.(type) {
	case nil:
		return WritePropertyValue(s, "")
	case string:
		return WritePropertyValue(s, x)
	case bool:
		return WritePropertyValue(s, strconv.FormatBool(x))
	case float64:
		return WritePropertyValue(s, strconv.FormatFloat(x, 'f', -1, 64))
	case []any:
		parts := make([]string, 0, len(x))
		for _, p := range x {
			str, ok := p.(string)
			if !ok {
				return nil, fmt.Errorf("%s: a list must hold names or ids", s.Name)
			}
			parts = append(parts, str)
		}
		return WritePropertyValue(s, strings.Join(parts, ","))
	case map[string]any:
		if _, ok := x[s.Type]; !ok {
			return nil, fmt.Errorf("%s: a %s value is {%q: …}", s.Name, s.Type, s.Type)
		}
		return x, nil
	}
	return nil, fmt.Errorf("%s: unexpected value", s.Name)
}

func schemaOption(s PropertySchema, name string) (string, error) {
	if o, ok := s.Option(name); ok {
		return o.Name, nil
	}
	names := make([]string, 0, len(s.Options))
	for _, o := range s.Options {
		names = append(names, o.Name)
	}
	return "", fmt.Errorf("%s: %q is not one of its options (%s)", s.Name, ShortLine(name, 40), strings.Join(names, ", "))
}

func splitComma(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func isDate(s string) bool {
	for _, layout := range []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
