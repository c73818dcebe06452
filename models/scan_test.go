package models

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestDecodePropertiesOrderAndDuplicates: properties keep Notion's order;
// a key written twice keeps its first place and its last value (as a
// decoder into a map keeps); escaped keys are unescaped; a member that is
// not an object is skipped.
func TestDecodePropertiesOrderAndDuplicates(t *testing.T) {
	raw := json.RawMessage(`{ "Z" : {"type":"number","number":1}, "B\u0061r": {"type":"checkbox","checkbox":true},
		"skip": "x", "Z": {"type":"number","number":3}, "Name": {"id":"title","type":"title","title":[{"plain_text":"T \"q\" }"}]} }`)
	got := decodeProperties(raw)
	var names []string
	for _, v := range got {
		names = append(names, v.Name)
	}
	if len(got) != 3 || names[0] != "Z" || names[1] != "Bar" || names[2] != "Name" {
		t.Fatalf("names %q", names)
	}
	if got[0].Number == nil || *got[0].Number != 3 {
		t.Errorf("Z: %+v", got[0])
	}
	if got[2].RichText.Plain() != `T "q" }` {
		t.Errorf("title %q", got[2].RichText.Plain())
	}
	if decodeProperties(json.RawMessage(`null`)) != nil || decodeProperties(json.RawMessage(`[1]`)) != nil {
		t.Error("not an object gives no properties")
	}
}

// FuzzObjectMembers: on any valid JSON object, the scan finds the members
// the decoder finds, each with the same value.
func FuzzObjectMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"b":"x\"y\\\\","c":{"d":[1,"]}"]},"a":null}`, `{"k\\":"\\\\\""}`, `{"\u00e9":[{}]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var want map[string]json.RawMessage
		if json.Unmarshal([]byte(raw), &want) != nil || want == nil {
			return
		}
		got, ok := ObjectMembers([]byte(raw))
		if !ok || len(got) != len(want) {
			t.Fatalf("%s: %d members (%v), want %d", raw, len(got), ok, len(want))
		}
		for _, m := range got {
			if w, have := want[m.Key]; !have || !bytes.Equal(bytes.TrimSpace(w), m.Value) {
				t.Fatalf("%s: %q = %s, want %s", raw, m.Key, m.Value, w)
			}
		}
	})
}
