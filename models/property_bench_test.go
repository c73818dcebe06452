package models

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// benchRows are n rows of a data source of the common types, as Notion
// sends them.
func benchRows(b *testing.B, n int) (DataSource, []byte) {
	b.Helper()
	ds := DataSource{Properties: []PropertySchema{
		{Name: "Status", Type: "status"}, {Name: "Tags", Type: "multi_select"}, {Name: "Due", Type: "date"},
		{Name: "Owner", Type: "people"}, {Name: "Done", Type: "checkbox"}, {Name: "Progress", Type: "number", NumberFormat: "percent"},
		{Name: "Link", Type: "url"}, {Name: "Task", Type: "title"},
	}}
	var sb strings.Builder
	sb.WriteString(`{"object":"list","results":[`)
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"object":"page","id":"%032x","properties":{
			"Status":{"id":"s","type":"status","status":{"name":"In progress","color":"blue"}},
			"Tags":{"id":"t","type":"multi_select","multi_select":[{"name":"docs"},{"name":"field"}]},
			"Due":{"id":"d","type":"date","date":{"start":"2026-01-%02d","end":null}},
			"Owner":{"id":"o","type":"people","people":[{"object":"user","id":"u","name":"Mira Okafor"}]},
			"Done":{"id":"c","type":"checkbox","checkbox":false},
			"Progress":{"id":"p","type":"number","number":0.%02d},
			"Link":{"id":"l","type":"url","url":"https://example.com/%d"},
			"Task":{"id":"title","type":"title","title":[{"plain_text":"Task %d"}]}}}`, i, i%28+1, i%100, i, i)
	}
	sb.WriteString(`]}`)
	return ds, []byte(sb.String())
}

// BenchmarkDecodeRows decodes ten query pages' worth of rows (1,000).
func BenchmarkDecodeRows(b *testing.B) {
	_, raw := benchRows(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		var list struct {
			Results []Page `json:"results"`
		}
		if err := json.Unmarshal(raw, &list); err != nil || len(list.Results) != 1000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkRowCells renders every cell of 1,000 decoded rows in the
// schema's order, as a table does when it draws or sorts them all.
func BenchmarkRowCells(b *testing.B) {
	ds, raw := benchRows(b, 1000)
	var list struct {
		Results []Page `json:"results"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, row := range list.Results {
			for _, v := range ds.Apply(row) {
				n += len(v.Text())
			}
		}
		if n == 0 {
			b.Fatal("no text")
		}
	}
}
