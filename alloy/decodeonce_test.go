package alloy

import (
	"errors"
	"reflect"
	"testing"
)

// TestDecodePageListOnePassMatchesByItem: the one-pass reading of a list
// and the item-by-item one (taken when an odd item fails the pass) keep
// and skip the same items, whole pages or summaries.
func TestDecodePageListOnePassMatchesByItem(t *testing.T) {
	page := `{"object":"page","id":"p1","parent":{"type":"page_id","page_id":"x"},"properties":{"Name":{"id":"title","type":"title","title":[{"type":"text","plain_text":"One"}]},"n":{"id":"a","type":"number","number":2}}}`
	db := `{"object":"database","id":"d1","title":[{"plain_text":"DB"}],"parent":{"type":"workspace","workspace":true}}`
	ds := `{"object":"data_source","id":"s1","title":[{"plain_text":"DS"}],"parent":{"type":"database_id","database_id":"d1"}}`
	for name, results := range map[string]string{
		"pages only":           page + "," + db + "," + ds,
		"other objects":        page + `,{"object":"user","id":"u"},null,{"id":"no object"},` + ds,
		"a number":             page + `,5,` + db,
		"a string":             `"x",` + page,
		"a bad parent":         page + `,{"object":"page","id":"p2","parent":"x"},` + db,
		"a bad id":             `{"object":"page","id":7},` + page,
		"a bad time":           page + `,{"object":"page","id":"p3","last_edited_time":"yesterday"}`,
		"an object as object":  `{"object":{"a":1},"id":"q"},` + page,
		"duplicate properties": `{"object":"page","id":"p4","properties":{"A":{"type":"number","number":1},"B":{"type":"checkbox","checkbox":true},"A":{"type":"number","number":3}}}`,
		"escaped keys":         `{"object":"page","id":"p5","properties":{"N\u0061me":{"id":"title","type":"title","title":[{"plain_text":"Esc"}]}}}`,
	} {
		for _, summary := range []bool{false, true} {
			raw := []byte(`{"object":"list","results":[` + results + `],"has_more":true,"next_cursor":"c"}`)
			got, err := decodePageList(raw, "search", summary)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, err := decodePageListByItem(raw, "search", summary)
			if err != nil {
				t.Fatalf("%s: by item: %v", name, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s:\none pass %+v\nby item  %+v", name, got, want)
			}
			if len(got.Pages) == 0 || got.NextCursor != "c" || !got.HasMore {
				t.Errorf("%s: %+v", name, got)
			}
		}
	}
	for _, raw := range []string{`{"object":"list"}`, `{"object":"list","results":null}`, `{"object":"list","results":{}}`, `[]`} {
		if _, err := decodePageList([]byte(raw), "search", true); err == nil {
			t.Errorf("%s: no error", raw)
		}
	}
}

// TestScanMembers finds the members unwrapAnswer looks at without
// decoding them, the last when one is written twice.
func TestScanMembers(t *testing.T) {
	m, ok := scanMembers([]byte(` { "a" : [1, {"object": "x"}, "}"], "d\u0061ta" : {"k": "v\"}"} , "success":false, "result": 1,"result" : "r" } `[1:]))
	if !ok {
		t.Fatal("not an object")
	}
	if got := string(m.values[memberData]); got != `{"k": "v\"}"}` {
		t.Errorf("data %q", got)
	}
	if got := string(m.values[memberSuccess]); got != "false" {
		t.Errorf("success %q", got)
	}
	if got := string(m.values[memberResult]); got != `"r"` {
		t.Errorf("result %q", got)
	}
	if m.has(memberObject) || m.has(memberResponseData) {
		t.Error("a member that is not there")
	}
	for _, raw := range []string{`[]`, `"x"`, `{"a":1`, `{"a" 1}`} {
		if _, ok := scanMembers([]byte(raw)); ok {
			t.Errorf("%s: taken for an object", raw)
		}
	}
	if m, ok := scanMembers([]byte(`{}`)); !ok || m.has(memberObject) {
		t.Error("{}")
	}
}

// readList is how a list answer is read: unwrapped, validated before
// (checked) or by its decoding, and decoded.
func readList(body []byte, checked bool) (PageList, error) {
	raw, err := unwrapAnswer(body, "search", !checked)
	if err != nil {
		return PageList{}, err
	}
	return decodePageList(raw, "search", true)
}

// listBodies are list answers, well and badly formed, bare and wrapped.
var listBodies = []string{
	`{"object":"list","results":[{"object":"page","id":"p","properties":{"N":{"type":"title","title":[{"plain_text":"T"}]}}}],"has_more":false}`,
	`{"responseData":{"object":"list","results":[{"object":"page","id":"p"}]},"meta":{"n":1}}`,
	`{"success":true,"data":{"object":"list","results":[]}}`,
	`{"object":"list","results":[{"object":"page","id":"p"}],"has_more":fals}`,
	`{"object":"list","results":[{"object":"page","id":"p","properties":{"N":{"title":[}}}]}`,
	`{"object":"list","results":[`,
	`{"responseData":{"object":"list","results":[]},"meta":[1,}`,
	`{"responseData":{"object":"list","results":[1,]},"meta":1}`,
	`{"responseData":{"object":"list","results":[]}} trailing`,
	`{"data":{"object":"list"},"result":{"object":"list","results":[]},"x":tru}`,
	`{"object":"list","results":[],"x":"\u12"}`,
	`{"success":false,"message":"no","x":[}`,
	`{"object":"error","status":400,"message":"bad","x":[}`,
	`{"responseData":{"object":"error","status":400,"message":"bad"},"x":[}`,
	`<html>Sign in</html>`,
	`null`,
}

// TestListValidatedOnceAgreesWithValidatedFirst: a list validated by its
// decoding (not before it too) is read exactly as one validated first:
// the same pages, and a malformed answer is still malformed.
func TestListValidatedOnceAgreesWithValidatedFirst(t *testing.T) {
	for _, body := range listBodies {
		checkListReading(t, body)
	}
	if _, err := readList([]byte(listBodies[3]), false); !errors.Is(err, ErrMalformedResponse) {
		t.Errorf("a broken list: %v", err)
	}
	if _, err := readList([]byte(listBodies[6]), false); !errors.Is(err, ErrMalformedResponse) {
		t.Errorf("a broken wrapping: %v", err)
	}
}

func checkListReading(t *testing.T, body string) {
	t.Helper()
	want, wantErr := readList([]byte(body), true)
	got, gotErr := readList([]byte(body), false)
	if (wantErr == nil) != (gotErr == nil) || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\nvalidated first %+v, %v\nby its decoding %+v, %v", body, want, wantErr, got, gotErr)
	}
	if wantErr != nil && errors.Is(wantErr, ErrMalformedResponse) != errors.Is(gotErr, ErrMalformedResponse) {
		t.Fatalf("%s: validated first %v; by its decoding %v", body, wantErr, gotErr)
	}
}

func FuzzListValidatedOnce(f *testing.F) {
	for _, body := range listBodies {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		checkListReading(t, body)
	})
}
