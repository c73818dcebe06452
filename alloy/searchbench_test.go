package alloy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
)

// searchReplay serves the answers the demo gave to a search of every page
// (2,600 extra pages, 26 requests), recorded once, keyed by start_cursor,
// so that the benchmarks measure the client and not the demo.
type searchReplay struct {
	answers map[string][]byte
}

type replayRequest struct {
	RequestBody struct {
		StartCursor string `json:"start_cursor"`
	} `json:"requestBody"`
}

var (
	replayOnce sync.Once
	replay     *searchReplay
)

func searchReplayAnswers(b *testing.B) *searchReplay {
	replayOnce.Do(func() {
		h := demo.New(demo.Options{ExtraPages: 2600, RateLimit: -1}).Handler()
		r := &searchReplay{answers: map[string][]byte{}}
		rec := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			body, _ := io.ReadAll(req.Body)
			var q replayRequest
			_ = json.Unmarshal(body, &q)
			req.Body = io.NopCloser(bytes.NewReader(body))
			out := httptest.NewRecorder()
			h.ServeHTTP(out, req)
			r.answers[q.RequestBody.StartCursor] = out.Body.Bytes()
			for k, v := range out.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(out.Code)
			_, _ = w.Write(out.Body.Bytes())
		})
		n := demoClient(rec, func(c *Config) { c.Rate = -1 }).Notion(demo.DemoCredentialID)
		count := 0
		for _, err := range n.SearchAll(b.Context(), "", false) {
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count < 2600 {
			b.Fatalf("recorded %d pages, want at least 2600", count)
		}
		replay = r
	})
	if replay == nil {
		b.Fatal("no recorded answers")
	}
	return replay
}

func (r *searchReplay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	var q replayRequest
	_ = json.Unmarshal(body, &q)
	a, ok := r.answers[q.RequestBody.StartCursor]
	if !ok {
		http.Error(w, `{"error":"unknown cursor"}`, http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(a)
}

// BenchmarkSearchAll2600 lists 2,600 pages (26 requests) through the client.
func BenchmarkSearchAll2600(b *testing.B) {
	r := searchReplayAnswers(b)
	srv := httptest.NewServer(r)
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL, APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID, Rate: -1})
	n := c.Notion(demo.DemoCredentialID)
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for range b.N {
		count := 0
		for _, err := range n.SearchAll(b.Context(), "", false) {
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count < 2600 {
			b.Fatalf("%d pages", count)
		}
	}
}

// BenchmarkSearchMinimal2600 is the minimal program the issue compares
// with: the same 26 requests with net/http, one json.Unmarshal per answer
// into a minimal struct per page.
func BenchmarkSearchMinimal2600(b *testing.B) {
	r := searchReplayAnswers(b)
	srv := httptest.NewServer(r)
	defer srv.Close()
	url := srv.URL + "/connectors/notion/actions/post-search/execute"
	type minimalPage struct {
		Object     string `json:"object"`
		ID         string `json:"id"`
		URL        string `json:"url"`
		Properties map[string]struct {
			Type  string          `json:"type"`
			Title json.RawMessage `json:"title"`
		} `json:"properties"`
		Title []struct {
			PlainText string `json:"plain_text"`
		} `json:"title"`
	}
	type answer struct {
		ResponseData struct {
			Results    []minimalPage `json:"results"`
			NextCursor *string       `json:"next_cursor"`
			HasMore    bool          `json:"has_more"`
		} `json:"responseData"`
		Results    []minimalPage `json:"results"`
		NextCursor *string       `json:"next_cursor"`
		HasMore    bool          `json:"has_more"`
	}
	client := &http.Client{}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for range b.N {
		count, cursor := 0, ""
		for {
			rb := map[string]any{"page_size": 100}
			if cursor != "" {
				rb["start_cursor"] = cursor
			}
			body, _ := json.Marshal(map[string]any{"credentialId": demo.DemoCredentialID, "requestBody": rb})
			req, _ := http.NewRequestWithContext(b.Context(), http.MethodPost, url, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			data, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				b.Fatal(err)
			}
			var a answer
			if err := json.Unmarshal(data, &a); err != nil {
				b.Fatal(err)
			}
			results, next, more := a.Results, a.NextCursor, a.HasMore
			if results == nil {
				results, next, more = a.ResponseData.Results, a.ResponseData.NextCursor, a.ResponseData.HasMore
			}
			count += len(results)
			if !more || next == nil {
				break
			}
			cursor = *next
		}
		if count < 2600 {
			b.Fatalf("%d pages", count)
		}
	}
}
