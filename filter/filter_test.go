package filter

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alloy-tui/alloy-tui/models"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Condition
		err  string
	}{
		{in: "Status=Done", want: Condition{Property: "Status", Operator: Equals, Value: "Done"}},
		{in: "  Priority != Low ", want: Condition{Property: "Priority", Operator: NotEquals, Value: "Low"}},
		{in: "Due<2026-01-31", want: Condition{Property: "Due", Operator: Less, Value: "2026-01-31"}},
		{in: "Due<=2026-01-31", want: Condition{Property: "Due", Operator: LessOrEqual, Value: "2026-01-31"}},
		{in: "Due>2026-01-31", want: Condition{Property: "Due", Operator: Greater, Value: "2026-01-31"}},
		{in: "Due>=2026-01-31", want: Condition{Property: "Due", Operator: GreaterOrEq, Value: "2026-01-31"}},
		{in: "Tags~urgent", want: Condition{Property: "Tags", Operator: Contains, Value: "urgent"}},
		{in: "Tags!~old", want: Condition{Property: "Tags", Operator: NotContains, Value: "old"}},
		{in: "Done=true", want: Condition{Property: "Done", Operator: Equals, Value: "true"}},
		{in: "Owner~Mira", want: Condition{Property: "Owner", Operator: Contains, Value: "Mira"}},
		{in: "Name^=Plan", want: Condition{Property: "Name", Operator: StartsWith, Value: "Plan"}},
		{in: "Name$=draft", want: Condition{Property: "Name", Operator: EndsWith, Value: "draft"}},
		{in: "Due is empty", want: Condition{Property: "Due", Operator: IsEmpty}},
		{in: "Due Date IS NOT EMPTY", want: Condition{Property: "Due Date", Operator: IsNotEmpty}},
		{in: "Due=", want: Condition{Property: "Due", Operator: IsEmpty}},
		{in: "Due!=", want: Condition{Property: "Due", Operator: IsNotEmpty}},
		{in: `Name="a = b"`, want: Condition{Property: "Name", Operator: Equals, Value: "a = b"}},
		{in: `Name=""`, want: Condition{Property: "Name", Operator: Equals, Value: ""}},
		{in: `"A=B"=x`, want: Condition{Property: "A=B", Operator: Equals, Value: "x"}},
		{in: `"Cost $"<=5`, want: Condition{Property: "Cost $", Operator: LessOrEqual, Value: "5"}},
		{in: "Name~this is empty", want: Condition{Property: "Name", Operator: Contains, Value: "this is empty"}},
		{in: "Notes=x=y", want: Condition{Property: "Notes", Operator: Equals, Value: "x=y"}},
		{in: "Q&A~why", want: Condition{Property: "Q&A", Operator: Contains, Value: "why"}},
		{in: "", err: "empty filter"},
		{in: "Status", err: "no operator"},
		{in: "=Done", err: "names no property"},
		{in: "Due<", err: "no value"},
		{in: ` is empty`, err: "no operator"},
		{in: `"Open=x`, err: "no closing quote"},
		{in: `"Name" Done`, err: "no operator after"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Parse(%q) = %+v, %v; want an error saying %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

// schema is a data source with a column of every kind.
var schema = []models.PropertySchema{
	{ID: "title", Name: "Name", Type: "title"},
	{ID: "st", Name: "Status", Type: "status", Options: []models.SelectOption{{Name: "Not started"}, {Name: "Done"}}},
	{ID: "pr", Name: "Priority", Type: "select", Options: []models.SelectOption{{Name: "Low"}, {Name: "High"}}},
	{ID: "tg", Name: "Tags", Type: "multi_select", Options: []models.SelectOption{{Name: "urgent"}, {Name: "docs"}}},
	{ID: "du", Name: "Due", Type: "date"},
	{ID: "ow", Name: "Owner", Type: "people"},
	{ID: "dn", Name: "Done", Type: "checkbox"},
	{ID: "es", Name: "Estimate", Type: "number"},
	{ID: "ln", Name: "Link", Type: "url"},
	{ID: "no", Name: "Notes", Type: "rich_text"},
	{ID: "rl", Name: "Related", Type: "relation"},
	{ID: "fl", Name: "Files", Type: "files"},
	{ID: "fo", Name: "Score", Type: "formula"},
	{ID: "ct", Name: "Created", Type: "created_time"},
	{ID: "cb", Name: "Author", Type: "created_by"},
	{ID: "id", Name: "ID", Type: "unique_id"},
}

const miraID = "3487cbf9-ab17-4ae6-b19b-8d84a26b5ab9"

func TestTranslate(t *testing.T) {
	tests := []struct {
		expr string
		want string // JSON, or the error's words
		err  bool
	}{
		{"Status=Done", `{"property":"Status","status":{"equals":"Done"}}`, false},
		{"status=done", `{"property":"Status","status":{"equals":"Done"}}`, false},
		{"Priority!=Low", `{"property":"Priority","select":{"does_not_equal":"Low"}}`, false},
		{"Due<2026-01-31", `{"date":{"before":"2026-01-31"},"property":"Due"}`, false},
		{"Due<=2026-01-31", `{"date":{"on_or_before":"2026-01-31"},"property":"Due"}`, false},
		{"Due>=2026-01-31T09:00:00Z", `{"date":{"on_or_after":"2026-01-31T09:00:00Z"},"property":"Due"}`, false},
		{"Due=2026-01-31", `{"date":{"equals":"2026-01-31"},"property":"Due"}`, false},
		{"Tags~urgent", `{"multi_select":{"contains":"urgent"},"property":"Tags"}`, false},
		{"Tags=urgent", `{"multi_select":{"contains":"urgent"},"property":"Tags"}`, false},
		{"Tags!~docs", `{"multi_select":{"does_not_contain":"docs"},"property":"Tags"}`, false},
		{"Done=true", `{"checkbox":{"equals":true},"property":"Done"}`, false},
		{"Done!=yes", `{"checkbox":{"does_not_equal":true},"property":"Done"}`, false},
		{"Owner~" + miraID, `{"people":{"contains":"` + miraID + `"},"property":"Owner"}`, false},
		{"Name^=Plan", `{"property":"Name","title":{"starts_with":"Plan"}}`, false},
		{"Name$=v2", `{"property":"Name","title":{"ends_with":"v2"}}`, false},
		{"Name~plan", `{"property":"Name","title":{"contains":"plan"}}`, false},
		{"Notes!~draft", `{"property":"Notes","rich_text":{"does_not_contain":"draft"}}`, false},
		{"Link=https://x.example", `{"property":"Link","url":{"equals":"https://x.example"}}`, false},
		{"Estimate>3", `{"number":{"greater_than":3},"property":"Estimate"}`, false},
		{"Estimate<=1,000.5", `{"number":{"less_than_or_equal_to":1000.5},"property":"Estimate"}`, false},
		{"Due is empty", `{"date":{"is_empty":true},"property":"Due"}`, false},
		{"Owner is not empty", `{"people":{"is_not_empty":true},"property":"Owner"}`, false},
		{"Files is empty", `{"files":{"is_empty":true},"property":"Files"}`, false},
		{"Created>2025-01-01", `{"created_time":{"after":"2025-01-01"},"timestamp":"created_time"}`, false},
		{"ID>=ST-3", `{"property":"ID","unique_id":{"greater_than_or_equal_to":3}}`, false},
		{"st=Done", `{"property":"Status","status":{"equals":"Done"}}`, false},
		// What does not fit.
		{"Colour=red", `no property "Colour"; the properties are "Name", "Status"`, true},
		{"Done~x", `operator "~" does not fit property "Done", a checkbox; it takes = !=`, true},
		{"Status~Do", `operator "~" does not fit property "Status", a status`, true},
		{"Status=Finished", `"Finished" is not an option of property "Status"; its options are "Not started", "Done"`, true},
		{"Due<soon", `property "Due" is a date; "soon" is not one`, true},
		{"Due!=2026-01-01", `operator "!=" does not fit property "Due", a date`, true},
		{"Estimate>many", `property "Estimate" is a number; "many" is not one`, true},
		{"Done=maybe", `property "Done" is a checkbox; "maybe" is neither true nor false`, true},
		{"Owner~Mira", `property "Owner" (people property) is matched by a user id, and "Mira" is not one`, true},
		{"Related~abc", `is matched by a page id`, true},
		{"Score>3", `property "Score" is a formula, which cannot be filtered here; pass Notion's own filter (--filter-json)`, true},
		{"Created is empty", `operator "is empty" does not fit property "Created"`, true},
		{"ID>x", `property "ID" is an id number; "x" is not one`, true},
	}
	for _, tt := range tests {
		c, err := Parse(tt.expr)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.expr, err)
		}
		got, err := Translate(c, schema)
		if tt.err {
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: got %v, %v; want an error saying %s", tt.expr, got, err, tt.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		b, _ := json.Marshal(got)
		if string(b) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.expr, b, tt.want)
		}
	}
}

func TestTranslateResolvesPeople(t *testing.T) {
	c, _ := Parse("Author~mira")
	got, err := TranslateWith(c, schema, Options{ResolveUser: func(prop, name string) (string, error) {
		if prop != "Author" || name != "mira" {
			t.Errorf("asked for %q in %q", name, prop)
		}
		return miraID, nil
	}})
	b, _ := json.Marshal(got)
	if err != nil || string(b) != `{"created_by":{"contains":"`+miraID+`"},"property":"Author"}` {
		t.Errorf("got %s, %v", b, err)
	}
}

func TestGroups(t *testing.T) {
	must := func(s string) Condition {
		c, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	f := And(must("Status=Done"), Or(must("Priority=High"), must("Tags~urgent")), nil)
	got, err := Translate(f, schema)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	want := `{"and":[{"property":"Status","status":{"equals":"Done"}},{"or":[{"property":"Priority","select":{"equals":"High"}},{"multi_select":{"contains":"urgent"},"property":"Tags"}]}]}`
	if string(b) != want {
		t.Errorf("got %s", b)
	}
	if d := f.Describe(); d != "Status is Done and (Priority is High or Tags contains urgent)" {
		t.Errorf("Describe: %q", d)
	}
	// Same-kind groups merge, single items stand alone, empty ones vanish.
	if s := Simplify(And(And(must("Done=true")), And(), Or(must("Done=false")))); s.Describe() != "Done is true and Done is false" {
		t.Errorf("Simplify: %q", s.Describe())
	}
	if g, err := Translate(And(), schema); g != nil || err != nil {
		t.Errorf("empty: %v %v", g, err)
	}
	if g, err := Translate(nil, schema); g != nil || err != nil {
		t.Errorf("nil: %v %v", g, err)
	}
	deep := And(must("Done=true"), Or(must("Done=true"), And(must("Done=true"), must("Status=Done"))))
	if _, err := Translate(deep, schema); err == nil || !strings.Contains(err.Error(), "at most 2") {
		t.Errorf("three levels: %v", err)
	}
	// An error inside a group names its property.
	if _, err := Translate(Or(must("Done=true"), must("Nope=1")), schema); err == nil || !strings.Contains(err.Error(), `"Nope"`) {
		t.Errorf("error in a group: %v", err)
	}
	all, err := ParseAll([]string{"Status=Done", "Priority!=Low"})
	if err != nil || all.Describe() != "Status is Done and Priority is not Low" {
		t.Errorf("ParseAll: %v %v", all, err)
	}
	if none, err := ParseAll(nil); none != nil || err != nil {
		t.Errorf("ParseAll(nil) = %v, %v", none, err)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		c    Condition
		want string
	}{
		{Condition{Property: "Status", Operator: Equals, Value: "Done", Type: "status"}, "Status is Done"},
		{Condition{Property: "Due", Operator: Less, Value: "2026-01-31", Type: "date"}, "Due is before 2026-01-31"},
		{Condition{Property: "Due", Operator: GreaterOrEq, Value: "2026-01-31", Type: "date"}, "Due is on or after 2026-01-31"},
		{Condition{Property: "Done", Operator: Equals, Value: "true", Type: "checkbox"}, "Done is checked"},
		{Condition{Property: "Done", Operator: NotEquals, Value: "true", Type: "checkbox"}, "Done is not checked"},
		{Condition{Property: "Done", Operator: Equals, Value: "no", Type: "checkbox"}, "Done is not checked"},
		{Condition{Property: "Points", Operator: Greater, Value: "3", Type: "number"}, "Points > 3"},
		{Condition{Property: "Points", Operator: Greater, Value: "3"}, "Points is more than 3"},
		{Condition{Property: "Tags", Operator: Equals, Value: "x", Type: "multi_select"}, "Tags contains x"},
		{Condition{Property: "Name", Operator: StartsWith, Value: "Plan"}, "Name starts with Plan"},
		{Condition{Property: "Due", Operator: IsEmpty}, "Due is empty"},
		{Condition{Property: "Name", Operator: Equals}, `Name is ""`},
	}
	for _, tt := range tests {
		if got := tt.c.Describe(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestOperatorsFor(t *testing.T) {
	for _, s := range schema {
		ops := OperatorsFor(s.Type)
		if s.Type == "formula" {
			if ops != nil {
				t.Errorf("formula: %v", ops)
			}
			continue
		}
		if len(ops) == 0 {
			t.Errorf("%s: no operators", s.Type)
		}
		// Every operator offered translates with a fitting value.
		for _, op := range ops {
			value := map[string]string{"status": "Done", "select": "Low", "multi_select": "docs", "date": "2026-01-01",
				"created_time": "2026-01-01", "people": miraID, "created_by": miraID, "relation": miraID, "checkbox": "true",
				"number": "1", "unique_id": "3"}[s.Type]
			if value == "" {
				value = "x"
			}
			if op == IsEmpty || op == IsNotEmpty {
				value = ""
			}
			if _, err := Translate(Condition{Property: s.Name, Operator: op, Value: value}, schema); err != nil {
				t.Errorf("%s %s: %v", s.Name, op, err)
			}
			if OperatorWords(op, s.Type) == "" {
				t.Errorf("%s %s: no words", s.Type, op)
			}
		}
	}
	ops := OperatorsFor("title")
	ops[0] = "changed"
	if OperatorsFor("title")[0] != Equals {
		t.Error("OperatorsFor shares its slice")
	}
}

func TestSorts(t *testing.T) {
	tests := []struct {
		in   string
		want Sort
		err  bool
	}{
		{in: "Due", want: Sort{Property: "Due"}},
		{in: "Due:desc", want: Sort{Property: "Due", Descending: true}},
		{in: " Due : ASC ", want: Sort{Property: "Due"}},
		{in: "Time: 10:30", want: Sort{Property: "Time: 10:30"}},
		{in: "Due:descending", want: Sort{Property: "Due", Descending: true}},
		{in: ":desc", err: true},
	}
	for _, tt := range tests {
		got, err := ParseSort(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseSort(%q) = %+v, %v", tt.in, got, err)
		}
	}
	out, err := Sorts([]Sort{{Property: "due", Descending: true}, {Property: "last_edited_time"}, {Timestamp: "created_time"}}, schema)
	b, _ := json.Marshal(out)
	if err != nil || string(b) != `[{"direction":"descending","property":"Due"},{"direction":"ascending","timestamp":"last_edited_time"},{"direction":"ascending","timestamp":"created_time"}]` {
		t.Errorf("Sorts: %s, %v", b, err)
	}
	if _, err := Sorts([]Sort{{Property: "Nope"}}, schema); err == nil || !strings.Contains(err.Error(), `"Nope"`) {
		t.Errorf("unknown sort: %v", err)
	}
	if d := DescribeSorts([]Sort{{Property: "Due"}, {Property: "Priority", Descending: true}}); d != "Due ↑, Priority ↓" {
		t.Errorf("DescribeSorts: %q", d)
	}
}

// FuzzParseFilter: Parse never panics; what it accepts has a property,
// a known operator, and describes and translates (or fails) without
// panicking.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"Status=Done", "Priority!=Low", "Due<2026-01-31", "Tags~urgent", "Done=true",
		"Owner~Mira", "Name^=Plan", "Due is empty", `"A=B"=x`, "x!~", "=", "<>", "\"", "é=☑", "Name$=\"q\""} {
		f.Add(s)
	}
	known := map[Operator]bool{}
	for _, o := range append(symbols, IsEmpty, IsNotEmpty) {
		known[o] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if c.Property == "" || !known[c.Operator] {
			t.Fatalf("Parse(%q) = %+v", s, c)
		}
		if (c.Operator == IsEmpty || c.Operator == IsNotEmpty) && c.Value != "" {
			t.Fatalf("Parse(%q) = %+v: a value with %s", s, c, c.Operator)
		}
		if utf8.ValidString(s) && !strings.Contains(c.Describe(), c.Property) {
			t.Fatalf("Describe %q lacks the property", c.Describe())
		}
		if m, err := Translate(c, schema); err == nil {
			if _, err := json.Marshal(m); err != nil {
				t.Fatalf("translation of %q does not marshal: %v", s, err)
			}
		}
	})
}
