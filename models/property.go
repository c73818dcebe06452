package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// SelectOption is one option of a select, multi-select or status property:
// in a schema, one of the choices; in a row, the one chosen.
type SelectOption struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name"`
	Color string `json:"color,omitempty"`
}

// User is a Notion user as a property names one (people, created_by,
// last_edited_by). Name may be missing when the integration cannot read
// users; it is then shown as "someone".
type User struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// UniqueID is the value of a unique_id property: "PREFIX-N", or N alone
// when the prefix is empty.
type UniqueID struct {
	Prefix string   `json:"prefix,omitempty"`
	Number *float64 `json:"number"`
}

// Rollup is the value of a rollup property: Type is number, date, array,
// incomplete or unsupported, and the field of that name is set.
type Rollup struct {
	Type     string
	Function string
	Number   *float64
	Date     *DateRange
	// Array holds the rolled-up values, each decoded as a property value
	// (without an ID or Name).
	Array []PropertyValue
}

// PropertyValue is one property of a database row, decoded from Notion's
// {"id", "type", "<type>": …} object. Name is the key it came under (the
// column's name). Only the fields of Type are set; a type this package does
// not know keeps its Type (and Raw) and renders as "[type]", so an unknown
// property never fails a row.
type PropertyValue struct {
	ID   string
	Name string
	Type string

	// RichText is the value of title and rich_text.
	RichText RichText
	// Number is the value of number (nil when empty); NumberFormat is
	// the schema's format ("number", "number_with_commas", "percent",
	// "dollar", "euro", …), which Text uses when set (see
	// DataSource.Apply).
	Number       *float64
	NumberFormat string
	// Select is the value of select and status (nil when empty).
	Select *SelectOption
	// MultiSelect is the value of multi_select.
	MultiSelect []SelectOption
	// Date is the value of date (nil when empty).
	Date *DateRange
	// People is the value of people, created_by and last_edited_by (one
	// user for the last two).
	People []User
	// Checkbox is the value of checkbox, and of a boolean formula.
	Checkbox bool
	// String is the value of url, email, phone_number, created_time and
	// last_edited_time (Notion's timestamp as written), the state of a
	// verification, and a string formula. Empty when null.
	String string
	// Relation holds the ids of the related pages; RelationHasMore says
	// Notion listed only the first of them.
	Relation        []string
	RelationHasMore bool
	// Formula is a formula's result, decoded as a value of its own type
	// (string, number, boolean as checkbox, date).
	Formula *PropertyValue
	// Rollup is a rollup's value.
	Rollup *Rollup
	// Files holds the names of a files property's files.
	Files []string
	// UniqueID is the value of unique_id.
	UniqueID *UniqueID

	// Raw is the property as Notion sent it.
	Raw json.RawMessage
}

// DecodePropertyValue reads one property of a row from Notion's JSON. name
// is the key it came under. A body that does not fit its type keeps the
// type with no value rather than failing; only JSON that is not an object
// is an error.
func DecodePropertyValue(name string, raw json.RawMessage) (PropertyValue, error) {
	// The common case in one pass: every body in its usual shape.
	var w propertyWire
	if json.Unmarshal(raw, &w) == nil {
		if v, ok := w.value(name, raw); ok {
			return v, nil
		}
	}
	var head struct {
		ID   string `json:"id"`
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return PropertyValue{}, fmt.Errorf("property %q: %w", name, err)
	}
	v := PropertyValue{ID: head.ID, Name: name, Type: head.Type, Raw: raw}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return PropertyValue{}, fmt.Errorf("property %q: %w", name, err)
	}
	v.decodeBody(obj[head.Type], obj)
	return v, nil
}

// propertyWire is a property value with every common type's body in its
// usual shape, read in one pass; a body of another shape fails the pass,
// and DecodePropertyValue then reads the property piece by piece.
type propertyWire struct {
	ID             string                  `json:"id"`
	Type           string                  `json:"type"`
	Title          RichText                `json:"title"`
	RichText       RichText                `json:"rich_text"`
	Number         *float64                `json:"number"`
	Select         *SelectOption           `json:"select"`
	Status         *SelectOption           `json:"status"`
	MultiSelect    []SelectOption          `json:"multi_select"`
	Date           *DateRange              `json:"date"`
	People         []User                  `json:"people"`
	CreatedBy      *User                   `json:"created_by"`
	LastEditedBy   *User                   `json:"last_edited_by"`
	Checkbox       bool                    `json:"checkbox"`
	URL            *string                 `json:"url"`
	Email          *string                 `json:"email"`
	PhoneNumber    *string                 `json:"phone_number"`
	CreatedTime    *string                 `json:"created_time"`
	LastEditedTime *string                 `json:"last_edited_time"`
	UniqueID       *UniqueID               `json:"unique_id"`
	Relation       []struct{ ID string }   `json:"relation"`
	HasMore        bool                    `json:"has_more"`
	Files          []struct{ Name string } `json:"files"`
}

// value is the PropertyValue of w, and false for a type it does not hold
// (formula, rollup, verification, unknown types).
func (w *propertyWire) value(name string, raw json.RawMessage) (PropertyValue, bool) {
	v := PropertyValue{ID: w.ID, Name: name, Type: w.Type, Raw: raw}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	switch w.Type {
	case "title":
		v.RichText = w.Title
	case "rich_text":
		v.RichText = w.RichText
	case "number":
		v.Number = w.Number
	case "select":
		v.Select = w.Select
	case "status":
		v.Select = w.Status
	case "multi_select":
		v.MultiSelect = w.MultiSelect
	case "date":
		if w.Date != nil && w.Date.Start != "" {
			v.Date = w.Date
		}
	case "people":
		v.People = w.People
	case "created_by":
		if w.CreatedBy != nil {
			v.People = []User{*w.CreatedBy}
		}
	case "last_edited_by":
		if w.LastEditedBy != nil {
			v.People = []User{*w.LastEditedBy}
		}
	case "checkbox":
		v.Checkbox = w.Checkbox
	case "url":
		v.String = str(w.URL)
	case "email":
		v.String = str(w.Email)
	case "phone_number":
		v.String = str(w.PhoneNumber)
	case "created_time":
		v.String = str(w.CreatedTime)
	case "last_edited_time":
		v.String = str(w.LastEditedTime)
	case "unique_id":
		v.UniqueID = w.UniqueID
	case "relation":
		for _, r := range w.Relation {
			v.Relation = append(v.Relation, r.ID)
		}
		v.RelationHasMore = w.HasMore
	case "files":
		for _, f := range w.Files {
			v.Files = append(v.Files, f.Name)
		}
	default:
		return PropertyValue{}, false
	}
	return v, true
}

// decodeBody fills v's field for v.Type from body, the value under the
// type's key; obj is the whole property (for relation's has_more). A body
// of the wrong shape leaves the value empty.
func (v *PropertyValue) decodeBody(body json.RawMessage, obj map[string]json.RawMessage) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || string(body) == "null" {
		return
	}
	switch v.Type {
	case "title", "rich_text":
		_ = json.Unmarshal(body, &v.RichText)
	case "number":
		var n float64
		if json.Unmarshal(body, &n) == nil {
			v.Number = &n
		}
	case "select", "status":
		var o SelectOption
		if json.Unmarshal(body, &o) == nil {
			v.Select = &o
		}
	case "multi_select":
		_ = json.Unmarshal(body, &v.MultiSelect)
	case "date":
		var d DateRange
		if json.Unmarshal(body, &d) == nil && d.Start != "" {
			v.Date = &d
		}
	case "people":
		_ = json.Unmarshal(body, &v.People)
	case "created_by", "last_edited_by":
		var u User
		if json.Unmarshal(body, &u) == nil {
			v.People = []User{u}
		}
	case "checkbox", "boolean":
		_ = json.Unmarshal(body, &v.Checkbox)
	case "url", "email", "phone_number", "created_time", "last_edited_time", "string":
		_ = json.Unmarshal(body, &v.String)
	case "verification":
		var s struct {
			State string `json:"state"`
		}
		if json.Unmarshal(body, &s) == nil {
			v.String = s.State
		}
	case "relation":
		var rel []struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(body, &rel) == nil {
			for _, r := range rel {
				v.Relation = append(v.Relation, r.ID)
			}
		}
		_ = json.Unmarshal(obj["has_more"], &v.RelationHasMore)
	case "formula":
		var inner map[string]json.RawMessage
		var typ string
		if json.Unmarshal(body, &inner) == nil && json.Unmarshal(inner["type"], &typ) == nil && typ != "" {
			f := PropertyValue{Type: typ}
			f.decodeBody(inner[typ], inner)
			v.Formula = &f
		}
	case "rollup":
		var r struct {
			Type     string            `json:"type"`
			Function string            `json:"function"`
			Number   *float64          `json:"number"`
			Date     *DateRange        `json:"date"`
			Array    []json.RawMessage `json:"array"`
		}
		if json.Unmarshal(body, &r) != nil {
			return
		}
		v.Rollup = &Rollup{Type: r.Type, Function: r.Function, Number: r.Number, Date: r.Date}
		for _, item := range r.Array {
			if pv, err := DecodePropertyValue("", item); err == nil {
				v.Rollup.Array = append(v.Rollup.Array, pv)
			}
		}
	case "files":
		var files []struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(body, &files) == nil {
			for _, f := range files {
				v.Files = append(v.Files, f.Name)
			}
		}
	case "unique_id":
		var u UniqueID
		if json.Unmarshal(body, &u) == nil {
			v.UniqueID = &u
		}
	}
}

// IsEmpty reports whether the value is empty: Text gives "" for it (a
// checkbox is never empty).
func (v PropertyValue) IsEmpty() bool { return v.Text() == "" }

// Text is the value on one line, plain, for a table cell or a property
// list: "Done", "Apr 24 → Apr 26, 2024", "☑", "Mira, Jo", "42%",
// "3 pages", "ST-3". An empty value is "" (never "null"); an unknown type
// is its name in brackets. Text from the server is sanitised for the
// terminal (SanitizeLine) but not redacted.
func (v PropertyValue) Text() string {
	return SanitizeLine(v.text(false))
}

// ASCIIText is Text for plain output: a checkbox is "[x]" or "[ ]".
func (v PropertyValue) ASCIIText() string {
	return SanitizeLine(v.text(true))
}

func (v PropertyValue) text(ascii bool) string {
	switch v.Type {
	case "title", "rich_text":
		return v.RichText.Plain()
	case "number":
		if v.Number == nil {
			return ""
		}
		return FormatNumber(*v.Number, v.NumberFormat)
	case "select", "status":
		if v.Select == nil {
			return ""
		}
		return v.Select.Name
	case "multi_select":
		names := make([]string, 0, len(v.MultiSelect))
		for _, o := range v.MultiSelect {
			names = append(names, o.Name)
		}
		return strings.Join(names, ", ")
	case "date":
		if v.Date == nil {
			return ""
		}
		return dateText(*v.Date)
	case "people", "created_by", "last_edited_by":
		names := make([]string, 0, len(v.People))
		for _, u := range v.People {
			name := strings.TrimSpace(u.Name)
			if name == "" {
				name = "someone"
			}
			names = append(names, name)
		}
		return strings.Join(names, ", ")
	case "checkbox", "boolean":
		switch {
		case ascii && v.Checkbox:
			return "[x]"
		case ascii:
			return "[ ]"
		case v.Checkbox:
			return "☑"
		}
		return "☐"
	case "url", "email", "phone_number", "string", "verification":
		return v.String
	case "created_time", "last_edited_time":
		if v.String == "" {
			return ""
		}
		return strings.ReplaceAll(FormatDate(v.String, ""), nbsp, " ")
	case "relation":
		n := len(v.Relation)
		if n == 0 {
			return ""
		}
		s := strconv.Itoa(n) + " pages"
		if n == 1 {
			s = "1 page"
		}
		if v.RelationHasMore {
			s = "more than " + s
		}
		return s
	case "formula":
		if v.Formula == nil {
			return ""
		}
		return v.Formula.text(ascii)
	case "rollup":
		return v.rollupText(ascii)
	case "files":
		return strings.Join(v.Files, ", ")
	case "unique_id":
		if v.UniqueID == nil || v.UniqueID.Number == nil {
			return ""
		}
		n := FormatNumber(*v.UniqueID.Number, "number")
		if v.UniqueID.Prefix == "" {
			return n
		}
		return v.UniqueID.Prefix + "-" + n
	case "button":
		return ""
	}
	if v.Type == "" {
		return "[unknown]"
	}
	return "[" + v.Type + "]"
}

func (v PropertyValue) rollupText(ascii bool) string {
	r := v.Rollup
	if r == nil {
		return ""
	}
	switch r.Type {
	case "number":
		if r.Number == nil {
			return ""
		}
		return FormatNumber(*r.Number, v.NumberFormat)
	case "date":
		if r.Date == nil || r.Date.Start == "" {
			return ""
		}
		return dateText(*r.Date)
	case "array":
		parts := make([]string, 0, len(r.Array))
		for _, item := range r.Array {
			if s := item.text(ascii); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// dateText is FormatDate with ordinary spaces.
func dateText(d DateRange) string {
	return strings.ReplaceAll(FormatDate(d.Start, d.End), nbsp, " ")
}

// FormatNumber writes n as Notion's number format says, where the format
// is simple: "number" (as written), "number_with_commas" (1,234.5),
// "percent" (0.42 → 42%), and currencies with their sign and two decimals
// ("dollar" $1,234.50, "euro" €, "pound" £, "yen" ¥ without decimals,
// "rupee" ₹, "won" ₩, "yuan" CN¥, "real" R$, "franc" CHF, "ruble" ₽).
// Any other format writes the number as it is.
func FormatNumber(n float64, format string) string {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return strconv.FormatFloat(n, 'g', -1, 64)
	}
	switch format {
	case "number_with_commas":
		return withCommas(strconv.FormatFloat(n, 'f', -1, 64))
	case "percent":
		return strconv.FormatFloat(math.Round(n*100*1e6)/1e6, 'f', -1, 64) + "%"
	case "yen":
		return sign(n) + "¥" + withCommas(strconv.FormatFloat(math.Round(math.Abs(n)), 'f', 0, 64))
	}
	if sym, ok := currencySigns[format]; ok {
		return sign(n) + sym + withCommas(strconv.FormatFloat(math.Abs(n), 'f', 2, 64))
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}

var currencySigns = map[string]string{
	"dollar": "$", "euro": "€", "pound": "£", "rupee": "₹", "won": "₩", "yuan": "CN¥",
	"real": "R$", "franc": "CHF ", "ruble": "₽", "canadian_dollar": "CA$", "australian_dollar": "A$",
}

func sign(n float64) string {
	if n < 0 {
		return "-"
	}
	return ""
}

// withCommas groups the integer digits of a decimal number by three.
func withCommas(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// Plain is the value as plain JSON data, for a row in --json output: a
// string for text, select, status, url, email, phone, timestamps, unique
// ids and unknown types; a number; a bool for a checkbox; a list of
// strings for multi-select, people, files and relations (the ids); an
// object {"start","end"} for a date; nil when empty. Strings are not
// sanitised (JSON output escapes them).
func (v PropertyValue) Plain() any {
	switch v.Type {
	case "title", "rich_text":
		return v.RichText.Plain()
	case "number":
		if v.Number == nil {
			return nil
		}
		return *v.Number
	case "select", "status":
		if v.Select == nil {
			return nil
		}
		return v.Select.Name
	case "multi_select":
		names := []string{}
		for _, o := range v.MultiSelect {
			names = append(names, o.Name)
		}
		return names
	case "date":
		if v.Date == nil {
			return nil
		}
		d := map[string]any{"start": v.Date.Start, "end": nil}
		if v.Date.End != "" {
			d["end"] = v.Date.End
		}
		return d
	case "people", "created_by", "last_edited_by":
		names := []string{}
		for _, u := range v.People {
			name := u.Name
			if name == "" {
				name = "someone"
			}
			names = append(names, name)
		}
		if v.Type != "people" && len(names) == 1 {
			return names[0]
		}
		return names
	case "checkbox", "boolean":
		return v.Checkbox
	case "relation":
		ids := []string{}
		return append(ids, v.Relation...)
	case "files":
		names := []string{}
		return append(names, v.Files...)
	case "formula":
		if v.Formula == nil {
			return nil
		}
		return v.Formula.Plain()
	case "rollup":
		r := v.Rollup
		switch {
		case r == nil:
			return nil
		case r.Type == "number" && r.Number != nil:
			return *r.Number
		case r.Type == "date" && r.Date != nil && r.Date.Start != "":
			return PropertyValue{Type: "date", Date: r.Date}.Plain()
		case r.Type == "array":
			items := []any{}
			for _, item := range r.Array {
				items = append(items, item.Plain())
			}
			return items
		}
		return nil
	case "url", "email", "phone_number", "string", "verification", "created_time", "last_edited_time":
		if v.String == "" {
			return nil
		}
		return v.String
	}
	if s := v.text(true); s != "" {
		return s
	}
	return nil
}

// orderedMember is one member of a JSON object, in the order it was
// written.
type orderedMember struct {
	Key   string
	Value json.RawMessage
}

// orderedObject reads a JSON object's members in the order they were
// written (a Go map would lose it: Notion's property order is the
// schema's). null gives no members; anything else that is not an object is
// an error.
func orderedObject(raw json.RawMessage) ([]orderedMember, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("not a JSON object")
	}
	var out []orderedMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, orderedMember{Key: key, Value: v})
	}
	return out, nil
}

// decodeProperties reads a row's properties object in Notion's order. A
// member that is not an object is skipped.
func decodeProperties(raw json.RawMessage) []PropertyValue {
	// The members are found by a scan, not decoded into a map first: each
	// property's bytes are decoded once, by DecodePropertyValue.
	members, ok := ObjectMembers(raw)
	if !ok {
		return nil
	}
	out := make([]PropertyValue, 0, len(members))
	for _, m := range members {
		if pv, err := DecodePropertyValue(m.Key, m.Value); err == nil {
			out = append(out, pv)
		}
	}
	return out
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// Property returns the page's property named name (or, failing that, with
// that property id), and whether it has one.
func (p Page) Property(name string) (PropertyValue, bool) {
	for _, v := range p.Properties {
		if v.Name == name {
			return v, true
		}
	}
	for _, v := range p.Properties {
		if v.ID != "" && v.ID == name {
			return v, true
		}
	}
	return PropertyValue{}, false
}
