package screens

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// TestCreateEditorRoundTrip: the body comes back from $EDITOR's file,
// which is removed; a failed editor leaves the body as it was.
func TestCreateEditorRoundTrip(t *testing.T) {
	c := newContext(t, "http://127.0.0.1:9", 80, 24)
	f := NewCreate(c, common.CreatePageMsg{Parent: models.Parent{Type: "page_id", ID: "p"}, Where: "Home"})
	f.body.SetValue("before")
	path := filepath.Join(t.TempDir(), "body.md")
	if err := os.WriteFile(path, []byte("# Edited\n\nin the editor"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.Update(editorDoneMsg{path: path})
	if f.body.Value() != "# Edited\n\nin the editor" || f.focus != f.fields()-1 {
		t.Errorf("body %q, focus %d", f.body.Value(), f.focus)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the temporary file is left: %v", err)
	}
	f.Update(editorDoneMsg{path: path, err: errors.New("exit status 1")})
	if f.body.Value() != "# Edited\n\nin the editor" || !strings.Contains(f.View(), "The editor failed") {
		t.Errorf("after a failed editor: %q\n%s", f.body.Value(), f.View())
	}
}

// TestCreateFormChecksBeforeSending: no title, or a value that does not
// fit its property, is said under the form and nothing is sent.
func TestCreateFormChecksBeforeSending(t *testing.T) {
	c := newContext(t, "http://127.0.0.1:9", 80, 24)
	schema := []models.PropertySchema{
		{Name: "Task", Type: "title"},
		{Name: "Status", Type: "status", Options: []models.SelectOption{{Name: "Done"}}},
		{Name: "Estimate", Type: "number"},
		{Name: "Owner", Type: "people"},
	}
	f := NewCreate(c, common.CreatePageMsg{Parent: models.Parent{Type: "data_source_id", ID: "ds"}, Where: "Tasks", Schema: schema})
	if len(f.props) != 2 {
		t.Fatalf("%d fields, want Status and Estimate only", len(f.props))
	}
	if f.start() != nil || !strings.Contains(f.View(), "A title is needed") {
		t.Errorf("no title:\n%s", f.View())
	}
	f.title.SetValue("Row")
	f.props[1].input.SetValue("many")
	if f.start() != nil || !strings.Contains(f.View(), "is not a number") {
		t.Errorf("bad number:\n%s", f.View())
	}
	f.props[1].input.SetValue("3")
	np, err := f.page()
	if err != nil || np.Title != "Row" || np.Properties["Estimate"] == nil || np.Properties["Status"] != nil {
		t.Errorf("page %+v, %v", np, err)
	}
}

// TestCreateHintsAgreeWithErrors: a field's hint and the error for a value
// it does not take say the same thing, with the same example.
func TestCreateHintsAgreeWithErrors(t *testing.T) {
	c := newContext(t, "http://127.0.0.1:9", 80, 24)
	cases := []struct {
		schema models.PropertySchema
		value  string
		shared []string
	}{
		{models.PropertySchema{Name: "Done", Type: "checkbox"}, "maybe", []string{"true", "false"}},
		{models.PropertySchema{Name: "Due", Type: "date"}, "soon", []string{"2024-04-24", "start→end"}},
	}
	for _, tc := range cases {
		schema := []models.PropertySchema{{Name: "Task", Type: "title"}, tc.schema}
		f := NewCreate(c, common.CreatePageMsg{Parent: models.Parent{Type: "data_source_id", ID: "ds"}, Where: "Tasks", Schema: schema})
		f.title.SetValue("Row")
		f.props[0].input.SetValue(tc.value)
		_, err := f.page()
		if err == nil {
			t.Fatalf("%s: %q taken", tc.schema.Type, tc.value)
		}
		hint := placeholderFor(tc.schema)
		for _, s := range tc.shared {
			if !strings.Contains(hint, s) || !strings.Contains(err.Error(), s) {
				t.Errorf("%s: %q not in both the hint %q and the error %q", tc.schema.Type, s, hint, err)
			}
		}
	}
}
