package models

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// StatusGroup is one group of a status property's options (To-do, In
// progress, Complete), naming its options by id.
type StatusGroup struct {
	ID        string   `json:"id,omitempty"`
	Name      string   `json:"name"`
	Color     string   `json:"color,omitempty"`
	OptionIDs []string `json:"option_ids,omitempty"`
}

// PropertySchema is one column of a data source: its id, name and type,
// and what the type's options say (select, multi-select and status
// options, status groups, a number's format).
type PropertySchema struct {
	// ID is Notion's property id (URL-encoded, "title" for the title).
	ID   string
	Name string
	// Type is Notion's property type: title, rich_text, number, select,
	// multi_select, status, date, people, checkbox, url, email,
	// phone_number, relation, formula, rollup, files, created_time,
	// created_by, last_edited_time, last_edited_by, unique_id,
	// verification, button, or a type added later (kept as written).
	Type string
	// Options are the choices of select, multi_select and status, in
	// Notion's order.
	Options []SelectOption
	// Groups are a status property's groups.
	Groups []StatusGroup
	// NumberFormat is a number property's format ("number", "percent",
	// "dollar", …).
	NumberFormat string
}

// Option returns the option named name (matched exactly, then ignoring
// case) and whether there is one.
func (s PropertySchema) Option(name string) (SelectOption, bool) {
	for _, o := range s.Options {
		if o.Name == name {
			return o, true
		}
	}
	for _, o := range s.Options {
		if equalFold(o.Name, name) {
			return o, true
		}
	}
	return SelectOption{}, false
}

// decodePropertySchema reads one property of a schema.
func decodePropertySchema(key string, raw json.RawMessage) (PropertySchema, error) {
	var head struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return PropertySchema{}, fmt.Errorf("property %q: %w", key, err)
	}
	s := PropertySchema{ID: head.ID, Name: head.Name, Type: head.Type}
	if s.Name == "" {
		s.Name = key
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return PropertySchema{}, fmt.Errorf("property %q: %w", key, err)
	}
	var body struct {
		Options []SelectOption `json:"options"`
		Groups  []StatusGroup  `json:"groups"`
		Format  string         `json:"format"`
	}
	if b := obj[s.Type]; len(b) > 0 && b[0] == '{' {
		if json.Unmarshal(b, &body) == nil {
			s.Options, s.Groups, s.NumberFormat = body.Options, body.Groups, body.Format
		}
	}
	return s, nil
}

// decodeSchema reads a properties object of a schema in Notion's order,
// skipping members that are not objects.
func decodeSchema(raw json.RawMessage) []PropertySchema {
	members, err := orderedObject(raw)
	if err != nil {
		return nil
	}
	out := make([]PropertySchema, 0, len(members))
	for _, m := range members {
		if s, err := decodePropertySchema(m.Key, m.Value); err == nil {
			out = append(out, s)
		}
	}
	return out
}

// DataSource is a Notion data source (2025-09-03): the table of a
// database, with its schema. Rows are pages whose parent is the data
// source.
type DataSource struct {
	ID string
	// DatabaseID is the database that holds the data source.
	DatabaseID string
	Title      string
	TitleRich  RichText
	URL        string
	Icon       *Icon
	LastEdited time.Time
	InTrash    bool
	// Properties are the schema's columns in the order Notion wrote them
	// (putting the title first is the caller's choice; see TitleProperty).
	Properties []PropertySchema
}

// UnmarshalJSON reads a data source object (or, under Notion versions
// before 2025-09-03, a database object, whose schema has the same shape).
func (d *DataSource) UnmarshalJSON(data []byte) error {
	var raw struct {
		ID             string                     `json:"id"`
		Title          RichText                   `json:"title"`
		URL            string                     `json:"url"`
		Icon           *Icon                      `json:"icon"`
		Parent         map[string]json.RawMessage `json:"parent"`
		LastEditedTime time.Time                  `json:"last_edited_time"`
		InTrash        bool                       `json:"in_trash"`
		Archived       bool                       `json:"archived"`
		Properties     json.RawMessage            `json:"properties"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*d = DataSource{
		ID: raw.ID, Title: raw.Title.Plain(), TitleRich: raw.Title, URL: raw.URL, Icon: raw.Icon,
		LastEdited: raw.LastEditedTime, InTrash: raw.InTrash || raw.Archived,
		Properties: decodeSchema(raw.Properties),
	}
	if id, ok := raw.Parent["database_id"]; ok {
		_ = json.Unmarshal(id, &d.DatabaseID)
	}
	return nil
}

// Property returns the column named name (exactly, then ignoring case, then
// by property id) and whether there is one.
func (d DataSource) Property(name string) (PropertySchema, bool) {
	return FindProperty(d.Properties, name)
}

// FindProperty returns the column of schema named name (exactly, then
// ignoring case, then by property id) and whether there is one.
func FindProperty(schema []PropertySchema, name string) (PropertySchema, bool) {
	for _, s := range schema {
		if s.Name == name {
			return s, true
		}
	}
	for _, s := range schema {
		if equalFold(s.Name, name) {
			return s, true
		}
	}
	for _, s := range schema {
		if s.ID != "" && s.ID == name {
			return s, true
		}
	}
	return PropertySchema{}, false
}

// TitleProperty returns the schema's title column (every data source has
// one) and whether it was found.
func (d DataSource) TitleProperty() (PropertySchema, bool) {
	for _, s := range d.Properties {
		if s.Type == "title" {
			return s, true
		}
	}
	return PropertySchema{}, false
}

// Apply returns row's properties in the schema's order, each given its
// column's number format; a column the row lacks comes as an empty value
// of the column's type, and properties the schema does not name follow
// in the row's order. The row itself is not changed.
func (d DataSource) Apply(row Page) []PropertyValue {
	out := make([]PropertyValue, 0, max(len(d.Properties), len(row.Properties)))
	used := make([]bool, len(row.Properties))
	for _, s := range d.Properties {
		v := PropertyValue{ID: s.ID, Name: s.Name, Type: s.Type}
		for i, pv := range row.Properties {
			if !used[i] && (pv.Name == s.Name || s.ID != "" && pv.ID == s.ID) {
				v, used[i] = pv, true
				break
			}
		}
		v.NumberFormat = s.NumberFormat
		out = append(out, v)
	}
	for i, pv := range row.Properties {
		if !used[i] {
			out = append(out, pv)
		}
	}
	return out
}

// DataSourceRef names one data source of a database.
type DataSourceRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Database is a Notion database (2025-09-03): a container of one or more
// data sources, which hold its rows and schemas.
type Database struct {
	ID         string
	Title      string
	TitleRich  RichText
	URL        string
	Icon       *Icon
	Parent     Parent
	LastEdited time.Time
	InTrash    bool
	// DataSources are the database's data sources, in Notion's order.
	// Under Notion versions before 2025-09-03 the list is empty and the
	// schema is in Properties instead.
	DataSources []DataSourceRef
	// Properties is the schema of a database read under a Notion version
	// before 2025-09-03 (which has no data sources); empty otherwise, since
	// 2025-09-03 gives the schema with each data source.
	Properties []PropertySchema
}

// UnmarshalJSON reads a database object.
func (d *Database) UnmarshalJSON(data []byte) error {
	var raw struct {
		ID          string          `json:"id"`
		DataSources []DataSourceRef `json:"data_sources"`
		Properties  json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	var p Page
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*d = Database{
		ID: raw.ID, Title: p.Title, TitleRich: p.TitleRich, URL: p.URL, Icon: p.Icon, Parent: p.Parent,
		LastEdited: p.LastEdited, InTrash: p.InTrash, DataSources: raw.DataSources,
	}
	d.Properties = decodeSchema(raw.Properties)
	return nil
}

// Page returns the database as a Page of object "database", for the lists
// and headers that show pages.
func (d Database) Page() Page {
	return Page{
		Object: "database", ID: d.ID, Title: d.Title, TitleRich: d.TitleRich, URL: d.URL, Icon: d.Icon,
		Parent: d.Parent, LastEdited: d.LastEdited, InTrash: d.InTrash,
	}
}

// equalFold compares ignoring case (Unicode simple folding).
func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
