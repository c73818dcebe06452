package demo

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchExec runs one action through the handler, without a network.
func benchExec(b *testing.B, h http.Handler, action string, req map[string]any) {
	b.Helper()
	req["credentialId"] = DemoCredentialID
	body, _ := json.Marshal(req)
	r := httptest.NewRequest(http.MethodPost, "/connectors/notion/actions/"+action+"/execute", bytes.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+DemoAPIKey)
	r.Header.Set("x-api-version", "2025-09")
	r.Header.Set("x-alloy-userid", DemoUserID)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("status %d: %s", w.Code, w.Body)
	}
}

// BenchmarkNewWithExtraPages measures building a server as the tests with
// 2500 extra pages do.
func BenchmarkNewWithExtraPages(b *testing.B) {
	for b.Loop() {
		New(Options{ExtraPages: 2500, RateLimit: -1})
	}
}

// BenchmarkSearchFirstPage measures one search answer of 100 out of 2500.
func BenchmarkSearchFirstPage(b *testing.B) {
	h := New(Options{ExtraPages: 2500, RateLimit: -1}).Handler()
	for b.Loop() {
		benchExec(b, h, "post-search", map[string]any{"requestBody": map[string]any{"query": "generated"}})
	}
}

// BenchmarkLongPageChildren measures one list page of the long page's blocks.
func BenchmarkLongPageChildren(b *testing.B) {
	s := New(Options{RateLimit: -1})
	id, _ := s.PageID("Firmware release log")
	h := s.Handler()
	for b.Loop() {
		benchExec(b, h, "get-block-children", map[string]any{"pathParams": map[string]any{"block_id": id}})
	}
}

// BenchmarkQuerySortedFiltered measures one page of 100 rows out of 1,000,
// filtered and sorted by the service.
func BenchmarkQuerySortedFiltered(b *testing.B) {
	s := New(Options{TaskRows: 1000, RateLimit: -1})
	var tasks string
	for _, d := range s.ws.databases {
		if len(d.sources) == 2 {
			tasks = dashed(d.sources[0].id)
		}
	}
	h := s.Handler()
	req := map[string]any{"pathParams": map[string]any{"data_source_id": tasks}, "requestBody": map[string]any{
		"filter": map[string]any{"property": "Status", "status": map[string]any{"does_not_equal": "Done"}},
		"sorts":  []any{map[string]any{"property": "Due", "direction": "descending"}, map[string]any{"property": "Task", "direction": "ascending"}},
	}}
	for b.Loop() {
		benchExec(b, h, "query-data-source", req)
	}
}
