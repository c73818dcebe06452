// Package filter reads, describes and translates the filters and sorts of
// a data source query. A Condition (property, operator, value) is what the
// command line's readable expressions (Parse: "Status=Done", "Due<2026-01-31",
// "Tags~urgent", "Name^=Plan", "Owner is empty") and the TUI's filter
// builder (OperatorsFor a property's type) both make; And and Or combine
// them; Describe says a filter in words ("Status is Done and Priority is
// High"); Translate writes Notion's filter JSON for a schema, choosing the
// filter by each property's type and failing with an error that names the
// property or operator that does not fit.
//
// It imports models only.
package filter

import (
	"errors"
	"fmt"
	"strings"
)

// Operator is a comparison of a Condition. Its value is the symbol of the
// readable expression form.
type Operator string

// The operators. Not every one fits every type: see OperatorsFor.
const (
	Equals      Operator = "="
	NotEquals   Operator = "!="
	Contains    Operator = "~"
	NotContains Operator = "!~"
	StartsWith  Operator = "^="
	EndsWith    Operator = "$="
	Less        Operator = "<"
	LessOrEqual Operator = "<="
	Greater     Operator = ">"
	GreaterOrEq Operator = ">="
	IsEmpty     Operator = "is empty"
	IsNotEmpty  Operator = "is not empty"
)

// symbols are the operators of the expression form, longest first where
// one starts another.
var symbols = []Operator{NotEquals, NotContains, StartsWith, EndsWith, LessOrEqual, GreaterOrEq, Equals, Contains, Less, Greater}

// Filter is a Condition or a Group.
type Filter interface {
	// Describe says the filter in words: "Status is Done and Priority is
	// High".
	Describe() string
	isFilter()
}

// Condition compares one property with a value.
type Condition struct {
	// Property is the column's name (or property id).
	Property string
	Operator Operator
	// Value is the value as written: an option's name, a date
	// (2026-01-31 or RFC 3339), a number, true or false, text, or a user
	// id. Empty for IsEmpty and IsNotEmpty.
	Value string
	// Type is the property's type when known (the TUI's builder sets it;
	// Translate fills it in from the schema); Describe chooses its words
	// by it ("is before" for a date, "is checked" for a checkbox).
	Type string
}

func (Condition) isFilter() {}

// Group combines filters with "and" or "or".
type Group struct {
	// Or is set for "or"; a Group is "and" otherwise.
	Or    bool
	Items []Filter
}

func (Group) isFilter() {}

// And combines filters so that every one must hold. Nil items are left out.
func And(items ...Filter) Group { return Group{Items: compact(items)} }

// Or combines filters so that one must hold. Nil items are left out.
func Or(items ...Filter) Group { return Group{Or: true, Items: compact(items)} }

func compact(items []Filter) []Filter {
	out := make([]Filter, 0, len(items))
	for _, f := range items {
		if f != nil {
			out = append(out, f)
		}
	}
	return out
}

// Describe says the group in words, parenthesising inner groups of more
// than one item: "Status is Done and (Owner contains Mira or Tags contains
// urgent)". An empty group is "".
func (g Group) Describe() string {
	word := " and "
	if g.Or {
		word = " or "
	}
	parts := make([]string, 0, len(g.Items))
	for _, f := range g.Items {
		s := f.Describe()
		if inner, ok := f.(Group); ok && len(inner.Items) > 1 {
			s = "(" + s + ")"
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, word)
}

// Describe says the condition in words, by its Type when set: "Status is
// Done", "Priority is not Low", "Due is before 2026-01-31", "Tags contains
// urgent", "Done is checked", "Name starts with Plan", "Due is empty".
func (c Condition) Describe() string {
	value := c.Value
	if c.Operator == IsEmpty || c.Operator == IsNotEmpty {
		return c.Property + " " + string(c.Operator)
	}
	if c.Type == "checkbox" {
		if b, err := parseBool(value); err == nil {
			if b != (c.Operator == NotEquals) {
				return c.Property + " is checked"
			}
			return c.Property + " is not checked"
		}
	}
	if value == "" {
		value = `""`
	}
	return c.Property + " " + OperatorWords(c.Operator, c.Type) + " " + value
}

// OperatorWords is how Describe and the TUI name an operator for a
// property type: "is", "is not", "contains", "does not contain", "starts
// with", "ends with", "is before", "is on or before", "is after", "is on
// or after" (dates), "<", "≤", ">", "≥" (numbers), "is empty", "is not
// empty". A type of "" words comparisons for dates and numbers alike.
func OperatorWords(op Operator, typ string) string {
	date := isDateType(typ)
	switch op {
	case Equals:
		if typ == "multi_select" {
			return "contains"
		}
		return "is"
	case NotEquals:
		if typ == "multi_select" {
			return "does not contain"
		}
		return "is not"
	case Contains:
		return "contains"
	case NotContains:
		return "does not contain"
	case StartsWith:
		return "starts with"
	case EndsWith:
		return "ends with"
	case Less:
		if date {
			return "is before"
		}
		if typ == "" {
			return "is less than"
		}
		return "<"
	case LessOrEqual:
		if date {
			return "is on or before"
		}
		if typ == "" {
			return "is at most"
		}
		return "≤"
	case Greater:
		if date {
			return "is after"
		}
		if typ == "" {
			return "is more than"
		}
		return ">"
	case GreaterOrEq:
		if date {
			return "is on or after"
		}
		if typ == "" {
			return "is at least"
		}
		return "≥"
	}
	return string(op)
}

func isDateType(typ string) bool {
	return typ == "date" || typ == "created_time" || typ == "last_edited_time"
}

// Parse reads one expression of the command line's form: PROPERTY, an
// operator, and a value, as in "Status=Done", "Priority!=Low",
// "Due<2026-01-31", "Due>=2026-01-01", "Tags~urgent", "Tags!~old",
// "Done=true", "Owner~Mira", "Name^=Plan", "Name$=draft", "Points>3"; and
// "PROPERTY is empty" or "PROPERTY is not empty" (also written "Due=" and
// "Due!="). The property is the text before the first operator, trimmed;
// a name that holds an operator's characters is written in double quotes
// ("\"A=B\"=x"). The value is the rest, trimmed, with one pair of
// surrounding double quotes removed. The type is not known here: Translate
// checks that the operator fits it.
func Parse(expr string) (Condition, error) {
	s := strings.TrimSpace(expr)
	if s == "" {
		return Condition{}, errors.New("empty filter: write PROPERTY=VALUE, for example Status=Done")
	}
	var name, rest string
	if s[0] == '"' {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return Condition{}, fmt.Errorf("filter %q: the quoted property name has no closing quote", expr)
		}
		name, rest = s[1:1+end], strings.TrimLeft(s[2+end:], " \t")
	} else {
		for _, words := range []Operator{IsNotEmpty, IsEmpty} {
			if strings.HasSuffix(strings.ToLower(s), " "+string(words)) {
				name := strings.TrimSpace(s[:len(s)-len(words)-1])
				if strings.ContainsAny(name, "=!~^$<>") {
					break // "Name~this is empty": a value that ends in the words
				}
				if name == "" {
					return Condition{}, fmt.Errorf("filter %q: no property before %q", expr, words)
				}
				return Condition{Property: name, Operator: words}, nil
			}
		}
		at := strings.IndexAny(s, "=!~^$<>")
		for at > 0 && !startsOperator(s[at:]) {
			next := strings.IndexAny(s[at+1:], "=!~^$<>")
			if next < 0 {
				at = -1
				break
			}
			at += 1 + next
		}
		if at < 0 {
			return Condition{}, fmt.Errorf("filter %q has no operator: write PROPERTY=VALUE, PROPERTY!=VALUE, PROPERTY~TEXT, PROPERTY<DATE…", expr)
		}
		name, rest = strings.TrimSpace(s[:at]), s[at:]
	}
	if name == "" {
		return Condition{}, fmt.Errorf("filter %q names no property before its operator", expr)
	}
	low := strings.ToLower(strings.TrimSpace(rest))
	if low == string(IsEmpty) || low == string(IsNotEmpty) {
		return Condition{Property: name, Operator: Operator(low)}, nil
	}
	var op Operator
	for _, o := range symbols {
		if strings.HasPrefix(rest, string(o)) {
			op = o
			break
		}
	}
	if op == "" {
		return Condition{}, fmt.Errorf("filter %q: no operator after the property %q", expr, name)
	}
	value := strings.TrimSpace(rest[len(op):])
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		value = value[1 : len(value)-1]
	} else if value == "" {
		switch op {
		case Equals:
			return Condition{Property: name, Operator: IsEmpty}, nil
		case NotEquals:
			return Condition{Property: name, Operator: IsNotEmpty}, nil
		}
		return Condition{}, fmt.Errorf("filter %q: no value after %q", expr, op)
	}
	return Condition{Property: name, Operator: op, Value: value}, nil
}

// startsOperator reports whether s starts with one of the symbols.
func startsOperator(s string) bool {
	for _, o := range symbols {
		if strings.HasPrefix(s, string(o)) {
			return true
		}
	}
	return false
}

// ParseAll reads several expressions and ands them (the command line's
// repeated --filter flags); none gives nil.
func ParseAll(exprs []string) (Filter, error) {
	var items []Filter
	for _, e := range exprs {
		c, err := Parse(e)
		if err != nil {
			return nil, err
		}
		items = append(items, c)
	}
	switch len(items) {
	case 0:
		return nil, nil
	case 1:
		return items[0], nil
	}
	return And(items...), nil
}
