package models

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPropertiesGolden decodes a row with a property of every type (and
// empty, odd and unknown ones) and renders each as Text, ASCIIText and
// Plain: one line a property, in Notion's order.
func TestPropertiesGolden(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "properties", "page.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p Page
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	if p.Title != "Plan the spring trial" || p.TitleProperty != "Name" {
		t.Errorf("title %q under %q", p.Title, p.TitleProperty)
	}
	if p.Parent.Type != "data_source_id" || p.Parent.DatabaseID != "66666666-7777-4888-9999-aaaaaaaaaaaa" {
		t.Errorf("parent %+v", p.Parent)
	}
	if !json.Valid(p.PropertiesJSON) || !strings.HasPrefix(string(p.PropertiesJSON), `{`) {
		t.Errorf("raw properties %.80s", p.PropertiesJSON)
	}
	// Formats come from the schema.
	ds := DataSource{Properties: []PropertySchema{
		{Name: "Progress", Type: "number", NumberFormat: "percent"},
		{Name: "Budget", Type: "number", NumberFormat: "euro"},
		{Name: "Estimate", Type: "number", NumberFormat: "number_with_commas"},
		{Name: "Total", Type: "rollup", NumberFormat: "dollar"},
	}}
	values := ds.Apply(p)
	var sb strings.Builder
	for _, v := range values {
		plain, err := json.Marshal(v.Plain())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sb, "%s (%s): %q | %q | %s\n", v.Name, v.Type, v.Text(), v.ASCIIText(), plain)
	}
	golden(t, filepath.Join("properties", "page.golden"), sb.String())
	if len(values) != len(p.Properties) {
		t.Errorf("Apply gave %d values for %d properties", len(values), len(p.Properties))
	}
	if values[0].Name != "Progress" || values[4].Name != "Status" {
		t.Errorf("Apply's order: %s, …, %s", values[0].Name, values[4].Name)
	}
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it); got:\n%s", name, got)
	}
}

// TestPropertyOrderIsNotionsOrder: a Go map would sort the keys.
func TestPropertyOrderIsNotionsOrder(t *testing.T) {
	var p Page
	err := json.Unmarshal([]byte(`{"object":"page","id":"x","properties":{
		"Zeta":{"id":"z","type":"checkbox","checkbox":true},
		"Alpha":{"id":"a","type":"number","number":1},
		"Title":{"id":"title","type":"title","title":[{"plain_text":"T"}]},
		"Mid":{"id":"m","type":"url","url":null}}}`), &p)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range p.Properties {
		names = append(names, v.Name)
	}
	if strings.Join(names, ",") != "Zeta,Alpha,Title,Mid" || p.Title != "T" {
		t.Errorf("order %v, title %q", names, p.Title)
	}
	if v, ok := p.Property("a"); !ok || v.Name != "Alpha" {
		t.Errorf("by id: %+v %v", v, ok)
	}
}

// TestDataSourceSchema decodes a data source's schema in Notion's order,
// with options, status groups and number formats, and a database's data
// sources.
func TestDataSourceSchema(t *testing.T) {
	var ds DataSource
	err := json.Unmarshal([]byte(`{"object":"data_source","id":"ds1","title":[{"plain_text":"Tasks"}],
		"parent":{"type":"database_id","database_id":"db1"},
		"properties":{
		"Status":{"id":"s","name":"Status","type":"status","status":{"options":[{"id":"o1","name":"Not started","color":"default"},{"id":"o2","name":"Done","color":"green"}],
			"groups":[{"id":"g1","name":"To-do","color":"gray","option_ids":["o1"]},{"id":"g2","name":"Complete","color":"green","option_ids":["o2"]}]}},
		"Cost":{"id":"c","name":"Cost","type":"number","number":{"format":"dollar"}},
		"Name":{"id":"title","name":"Name","type":"title","title":{}},
		"Odd":"not an object",
		"Later":{"id":"l","name":"Later","type":"hologram","hologram":{}}}}`), &ds)
	if err != nil {
		t.Fatal(err)
	}
	if ds.ID != "ds1" || ds.DatabaseID != "db1" || ds.Title != "Tasks" || len(ds.Properties) != 4 {
		t.Fatalf("%+v", ds)
	}
	st := ds.Properties[0]
	if st.Name != "Status" || len(st.Options) != 2 || len(st.Groups) != 2 || st.Groups[1].OptionIDs[0] != "o2" {
		t.Errorf("status %+v", st)
	}
	if o, ok := st.Option("done"); !ok || o.Name != "Done" {
		t.Errorf("option by folded name: %+v", o)
	}
	if ds.Properties[1].NumberFormat != "dollar" || ds.Properties[3].Type != "hologram" {
		t.Errorf("schema %+v", ds.Properties)
	}
	if title, ok := ds.TitleProperty(); !ok || title.Name != "Name" {
		t.Errorf("title %+v", title)
	}
	if p, ok := ds.Property("cost"); !ok || p.Name != "Cost" {
		t.Errorf("by folded name: %+v", p)
	}

	var db Database
	if err := json.Unmarshal([]byte(`{"object":"database","id":"db1","title":[{"plain_text":"Team"}],"url":"u",
		"data_sources":[{"id":"ds1","name":"Tasks"},{"id":"ds2","name":"Milestones"}]}`), &db); err != nil {
		t.Fatal(err)
	}
	if db.Title != "Team" || len(db.DataSources) != 2 || db.DataSources[1].Name != "Milestones" || db.Page().Object != "database" {
		t.Errorf("%+v", db)
	}
	// Before 2025-09-03 a database carries the schema.
	var old Database
	if err := json.Unmarshal([]byte(`{"object":"database","id":"db1","title":[],"properties":{"Name":{"id":"title","name":"Name","type":"title","title":{}}}}`), &old); err != nil {
		t.Fatal(err)
	}
	if len(old.Properties) != 1 || old.Properties[0].Type != "title" {
		t.Errorf("%+v", old)
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		n      float64
		format string
		want   string
	}{
		{42, "", "42"},
		{1.41421356, "number", "1.41421356"},
		{1234567.25, "number_with_commas", "1,234,567.25"},
		{-1234, "number_with_commas", "-1,234"},
		{0.42, "percent", "42%"},
		{0.075, "percent", "7.5%"},
		{1234.5, "dollar", "$1,234.50"},
		{-3, "euro", "-€3.00"},
		{1234.5, "yen", "¥1,235"},
		{12, "pound", "£12.00"},
		{5, "some_future_currency", "5"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.n, tt.format); got != tt.want {
			t.Errorf("FormatNumber(%v, %q) = %q, want %q", tt.n, tt.format, got, tt.want)
		}
	}
}

// FuzzDecodePage: any JSON decodes without panicking, and every property
// renders on one line.
func FuzzDecodePage(f *testing.F) {
	raw, _ := os.ReadFile(filepath.Join("testdata", "properties", "page.json"))
	f.Add(string(raw))
	f.Add(`{"object":"page","properties":{"A":{"type":"rollup","rollup":{"type":"array","array":[{"type":"rollup"}]}}}}`)
	f.Add(`{"object":"page","properties":{"F":{"type":"formula","formula":{"type":"formula","formula":{}}}}}`)
	f.Fuzz(func(t *testing.T, s string) {
		var p Page
		if json.Unmarshal([]byte(s), &p) != nil {
			return
		}
		for _, v := range p.Properties {
			if strings.ContainsAny(v.Text(), "\n\x1b") || strings.ContainsAny(v.ASCIIText(), "\n\x1b") {
				t.Fatalf("%s renders on more than a line: %q", v.Name, v.Text())
			}
			_, _ = json.Marshal(v.Plain())
		}
	})
}
