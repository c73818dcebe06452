package demo

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fixedNow is the clock of tests that check timestamps.
var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// testServer is a Server behind an httptest listener.
type testServer struct {
	*Server
	ts *httptest.Server
}

func newTestServer(t *testing.T, opts Options) *testServer {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = func() time.Time { return fixedNow }
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = -1 // these tests need speed; the limit's own tests set it
	}
	s := New(opts)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.Close()
		_ = s.Close()
	})
	return &testServer{Server: s, ts: ts}
}

// reply is an answer, decoded when it is JSON.
type reply struct {
	status int
	header http.Header
	raw    []byte
	json   map[string]any
}

// call sends a request as the client would: key, version and user set,
// unless edit changes them.
func (s *testServer) call(t *testing.T, method, path string, body any, edit func(*http.Request)) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.opts.APIKey)
	req.Header.Set("x-api-version", "2025-09")
	req.Header.Set("x-alloy-userid", s.opts.UserID)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if edit != nil {
		edit(req)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &r.json); err != nil {
			t.Fatalf("%s %s: answer is not a JSON object: %v\n%s", method, path, err, raw)
		}
	}
	return r
}

// exec runs a Notion action over the demo connection.
func (s *testServer) exec(t *testing.T, action string, req map[string]any) reply {
	t.Helper()
	if req == nil {
		req = map[string]any{}
	}
	if _, ok := req["credentialId"]; !ok {
		req["credentialId"] = DemoCredentialID
	}
	return s.call(t, http.MethodPost, "/connectors/notion/actions/"+action+"/execute", req, nil)
}

// mustOK fails the test unless r is a 200.
func mustOK(t *testing.T, r reply) map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.raw)
	}
	return r.json
}

// alloyErrorCode returns the code of {"error":{"code"}}, or "".
func alloyErrorCode(r reply) string {
	e, _ := r.json["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// getPath walks nested maps by keys.
func getPath(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// titleOf reads a page object's title from whichever property is the title.
func titleOf(pageObj map[string]any) (title, prop string) {
	props, _ := pageObj["properties"].(map[string]any)
	for name, v := range props {
		if str(getPath(v, "type")) != "title" {
			continue
		}
		segs, _ := getPath(v, "title").([]any)
		var sb strings.Builder
		for _, s := range segs {
			sb.WriteString(str(getPath(s, "plain_text")))
		}
		return sb.String(), name
	}
	return "", ""
}

// results returns a list answer's results.
func results(t *testing.T, m map[string]any) []map[string]any {
	t.Helper()
	if m["object"] != "list" {
		t.Fatalf("not a list: %v", m)
	}
	raw, _ := m["results"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, r := range raw {
		obj, ok := r.(map[string]any)
		if !ok {
			t.Fatalf("result is not an object: %v", r)
		}
		out = append(out, obj)
	}
	return out
}

// allChildren fetches every child of a block, following cursors, and
// reports how many requests that took.
func (s *testServer) allChildren(t *testing.T, id string, pageSize int) ([]map[string]any, int) {
	t.Helper()
	var out []map[string]any
	cursor := ""
	for n := 1; ; n++ {
		q := map[string]any{}
		if pageSize > 0 {
			q["page_size"] = itoa(pageSize)
		}
		if cursor != "" {
			q["start_cursor"] = cursor
		}
		m := mustOK(t, s.exec(t, "get-block-children", map[string]any{
			"pathParams": map[string]any{"block_id": id}, "queryParameters": q,
		}))
		out = append(out, results(t, m)...)
		if m["has_more"] != true {
			if m["next_cursor"] != nil {
				t.Fatalf("has_more false but next_cursor %v", m["next_cursor"])
			}
			return out, n
		}
		cursor = str(m["next_cursor"])
		if cursor == "" || n > 1000 {
			t.Fatalf("has_more without a usable next_cursor after %d requests", n)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
