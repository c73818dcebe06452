package alloy

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/alloy-tui/alloy-tui/models"
)

// TestBatchTitleFromTheTitleColumn: a CSV file's title column (the title
// property's name) names the item also when it is invalid, and a failed
// item's line in the failed file carries it as its title, once.
func TestBatchTitleFromTheTitleColumn(t *testing.T) {
	target := BatchTarget{Parent: models.Parent{Type: "data_source_id", ID: "ds"}, Name: "database Tasks", Schema: []models.PropertySchema{
		{Name: "Task", Type: "title"},
		{Name: "Status", Type: "status", Options: []models.SelectOption{{Name: "Done"}}},
	}}
	sources, err := ParseBatch([]byte("Task,Status\nFirst,Done\nSecond,Nope\n"), "rows.csv", "")
	if err != nil || len(sources) != 2 {
		t.Fatalf("%v %+v", err, sources)
	}
	cases := []struct {
		source  BatchSource
		title   string
		invalid bool
	}{
		{sources[0], "First", false},
		{sources[1], "Second", true},
		{BatchSource{Line: 9, Properties: map[string]json.RawMessage{"Task": json.RawMessage(`3`)}}, "", true},
	}
	for _, c := range cases {
		it := PrepareBatchItem(c.source, target)
		if it.Page.Title != c.title || (it.Err != nil) != c.invalid {
			t.Errorf("line %d: title %q, err %v", c.source.Line, it.Page.Title, it.Err)
		}
	}
	f := NewFailedItem(sources[1], target, "refused")
	if f.Title != "Second" || f.Line != 3 || f.Error != "refused" || len(f.Properties) != 1 || f.Properties["Status"] == nil {
		t.Errorf("failed item %+v", f)
	}
	// The failed file's line runs again as it is.
	path := filepath.Join(t.TempDir(), "rows.csv.failed.jsonl")
	if err := WriteFailedItems(path, []FailedItem{f}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseBatch(bytes.ReplaceAll(data, []byte("Nope"), []byte("Done")), path, "")
	if err != nil || len(again) != 1 {
		t.Fatalf("%v %+v", err, again)
	}
	if it := PrepareBatchItem(again[0], target); it.Err != nil || it.Page.Title != "Second" {
		t.Errorf("again: %+v", it)
	}
}
