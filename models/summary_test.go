package models

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// summaryCases are properties objects whose title a summary must read as
// the whole page's decoding does.
var summaryCases = []string{
	`{"Name":{"id":"title","type":"title","title":[{"type":"text","plain_text":"One "},{"plain_text":"two"}]}}`,
	`{"Status":{"id":"s","type":"select","select":{"name":"title"}},"Task":{"id":"title","type":"title","title":[{"plain_text":"Row"}]}}`,
	`{"Note":{"type":"rich_text","rich_text":[{"plain_text":"\"title\""}]},"N":{"type":"title","title":[]}}`,
	`{"N":{"type":"title","title":null}}`,
	`{"N":{"type":"title","title":[null,{"plain_text":null},{"plain_text":"x"}]}}`,
	`{"N":{"type":"title","title":[5,{"plain_text":"after a number"}]}}`,
	`{"N":{"type":"title","title":[{"plain_text":7}]}}`,
	`{"N":{"type":"title","title":[{"annotations":5,"plain_text":"odd annotations"}]}}`,
	`{"N":{"type":"ti\u0074le","title":[{"plain_text":"escaped type"}]}}`,
	`{"N":{"TYPE":"title","title":[{"plain_text":"folded key"}]}}`,
	`{"N":{"type":"title","Title":[{"Plain_Text":"folded keys"}]}}`,
	`{"N":{"type":"title","title":[{"plain_text":"first"}],"title":[{"plain_text":"last"}]}}`,
	`{"A":{"type":"number","number":1},"N":{"type":"title","title":[{"plain_text":"a\u00e9\ud83d\ude00"}]},"M":{"type":"title","title":[{"plain_text":"second title"}]}}`,
	`{"N":{"type":"title","title":{"plain_text":"not a list"}}}`,
	`{"N":"not an object","M":{"type":"title","title":[{"plain_text":"M"}]}}`,
	`{"N":{"type":5,"title":[{"plain_text":"numeric type"}]}}`,
	`{"N":{"title":[{"plain_text":"no type"}]}}`,
	`{}`,
	`[]`,
	`null`,
}

// checkSummary fails when the summary of a page with these properties
// differs from the page read whole, in its title or, once DecodeProperties
// has run, in anything.
func checkSummary(t *testing.T, props string) {
	t.Helper()
	w := PageWire{Object: "page", ID: "p", Properties: json.RawMessage(props)}
	whole, err := w.Page()
	if err != nil {
		t.Fatal(err)
	}
	sum, err := w.Summary()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Title != whole.Title || sum.TitleProperty != whole.TitleProperty {
		t.Fatalf("%s: summary title %q (%q), whole %q (%q)", props, sum.Title, sum.TitleProperty, whole.Title, whole.TitleProperty)
	}
	if sum.Properties != nil || sum.TitleRich != nil {
		t.Fatalf("%s: a summary decoded its properties", props)
	}
	sum.DecodeProperties()
	if !reflect.DeepEqual(sum, whole) {
		t.Fatalf("%s: after DecodeProperties\n%+v\nwhole\n%+v", props, sum, whole)
	}
	sum.DecodeProperties()
	if !reflect.DeepEqual(sum, whole) {
		t.Fatalf("%s: a second DecodeProperties changed the page", props)
	}
}

// TestSummaryTitleAgreesWithWholePage: a search result's title, read by a
// scan, is the title the decoder reads, odd shapes and all.
func TestSummaryTitleAgreesWithWholePage(t *testing.T) {
	for _, c := range summaryCases {
		checkSummary(t, c)
	}
}

func FuzzSummaryTitle(f *testing.F) {
	for _, c := range summaryCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, props string) {
		if !json.Valid([]byte(props)) {
			return // a summary is made from an answer already decoded
		}
		checkSummary(t, props)
	})
}

func TestArrayElements(t *testing.T) {
	got, ok := ArrayElements([]byte(` [ 1 , "a,]" , {"b":[2]}, [] , null ] `))
	want := []string{`1`, `"a,]"`, `{"b":[2]}`, `[]`, `null`}
	if !ok || len(got) != len(want) {
		t.Fatalf("%q %v", got, ok)
	}
	for i := range want {
		if string(got[i]) != want[i] {
			t.Errorf("element %d: %q, want %q", i, got[i], want[i])
		}
	}
	if els, ok := ArrayElements([]byte(`[]`)); !ok || els != nil {
		t.Errorf("empty: %q %v", els, ok)
	}
	for _, bad := range []string{`{}`, `[1`, `[1 2]`, ``} {
		if _, ok := ArrayElements([]byte(bad)); ok {
			t.Errorf("%q read as an array", bad)
		}
	}
}

// TestDecodePropertiesKeepsARenamedTitle: a search result renamed in the
// list keeps its new title when its properties are read.
func TestDecodePropertiesKeepsARenamedTitle(t *testing.T) {
	w := PageWire{Object: "page", ID: "p", Properties: json.RawMessage(`{"Name":{"type":"title","title":[{"plain_text":"Old"}]},"n":{"type":"number","number":1}}`)}
	p, err := w.Summary()
	if err != nil {
		t.Fatal(err)
	}
	p.Title = "New"
	p.DecodeProperties()
	if p.Title != "New" || p.TitleProperty != "Name" || len(p.Properties) != 2 {
		t.Errorf("%+v", p)
	}
}

// TestManyMembers: an object with more members than a look through them
// suits is read the same way (repeated keys keep their first place and
// last value).
func TestManyMembers(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 100 {
		fmt.Fprintf(&b, `"k%d":{"type":"number","number":%d},`, i, i)
	}
	b.WriteString(`"k3":{"type":"number","number":-3},"Name":{"type":"title","title":[{"plain_text":"T"}]},"k99":{"type":"checkbox","checkbox":true}}`)
	raw := []byte(b.String())
	members, ok := ObjectMembers(raw)
	if !ok || len(members) != 101 {
		t.Fatalf("%d members, %v", len(members), ok)
	}
	if members[3].Key != "k3" || string(members[3].Value) != `{"type":"number","number":-3}` || members[100].Key != "Name" ||
		string(members[99].Value) != `{"type":"checkbox","checkbox":true}` {
		t.Errorf("members 3, 99, 100: %s %s %s", members[3].Value, members[99].Value, members[100].Key)
	}
	checkSummary(t, string(raw))
}
