package alloy

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
)

// droppingTransport serves requests in-process like handlerTransport, and
// turns a handler that aborts (the demo dropping a connection) into the
// error a dropped connection gives.
type droppingTransport struct{ h http.Handler }

func (t droppingTransport) RoundTrip(r *http.Request) (resp *http.Response, err error) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			resp, err = nil, errors.New("EOF: connection dropped by the server")
		}
	}()
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// createDemo is a demo server without rate limit and its Notion.
func createDemo(t *testing.T, opts demo.Options) (*demo.Server, *Notion) {
	t.Helper()
	opts.RateLimit = -1
	srv := demo.New(opts)
	cfg := Config{BaseURL: "http://demo.invalid", APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID,
		HTTPClient: &http.Client{Transport: droppingTransport{srv.Handler()}}, Rate: -1}
	return srv, New(cfg).Notion(demo.DemoCredentialID)
}

var deepHeading = regexp.MustCompile(`(?m)^#### `)

// pageMarkdown reads a page's blocks and writes them as show does.
func pageMarkdown(t *testing.T, n *Notion, id string) string {
	t.Helper()
	blocks, err := n.BlockTree(t.Context(), id, nil)
	if err != nil {
		t.Fatalf("read %s: %v", id, err)
	}
	return models.Markdown(blocks)
}

// normalise makes two renderings comparable where the converter is lossy
// on purpose: deeper headings become h3.
func normalise(md string) string {
	// A child page's link escapes a # its text holds, a paragraph's link
	// need not: both read the same.
	return strings.ReplaceAll(deepHeading.ReplaceAllString(md, "### "), `\#`, "#")
}

// TestRoundTripDemoPages creates every demo page again from its Markdown
// and reads it back: the Markdown is the same.
func TestRoundTripDemoPages(t *testing.T) {
	srv, n := createDemo(t, demo.Options{})
	home, ok := srv.PageID("Larkspur Labs wiki")
	if !ok {
		t.Fatal("no Home page")
	}
	var pages []models.Page
	for p, err := range n.SearchAll(t.Context(), "", true) {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	if len(pages) < 5 {
		t.Fatalf("only %d demo pages", len(pages))
	}
	for _, p := range pages {
		t.Run(p.Title, func(t *testing.T) {
			want := normalise(pageMarkdown(t, n, p.ID))
			blocks := models.FromMarkdown(want)
			res, err := n.CreateFullPage(t.Context(), NewPage{Parent: models.Parent{Type: "page_id", ID: home}, Title: "Copy of " + p.Title, Blocks: blocks}, CreateOptions{})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			got := normalise(pageMarkdown(t, n, res.Page.ID))
			if got != want {
				t.Errorf("round trip differs:\n--- want\n%s\n--- got\n%s", want, got)
			}
		})
	}
}

// TestCreateWithinLimits creates content over every per-request limit and
// reads it back whole, in order.
func TestCreateWithinLimits(t *testing.T) {
	srv, n := createDemo(t, demo.Options{})
	home, _ := srv.PageID("Larkspur Labs wiki")
	var md strings.Builder
	for i := range 250 {
		fmt.Fprintf(&md, "Paragraph %d\n\n", i)
	}
	md.WriteString(strings.Repeat("long text ", 700) + "\n\n")
	md.WriteString("- one\n  - two\n    - three\n      - four\n        - five\n          - six\n\n")
	md.WriteString("| a | b |\n| --- | --- |\n")
	for i := range 150 {
		fmt.Fprintf(&md, "| r%d | x |\n", i)
	}
	md.WriteString("\n- outer\n  - inner\n\n    | c | d |\n    | --- | --- |\n    | 1 | 2 |\n")
	blocks := models.FromMarkdown(md.String())
	planned, err := PlanRequests(blocks)
	if err != nil {
		t.Fatal(err)
	}
	res, err := n.CreateFullPage(t.Context(), NewPage{Parent: models.Parent{Type: "page_id", ID: home}, Title: "Big", Blocks: blocks}, CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if res.Requests < planned {
		t.Errorf("%d write requests, planned at least %d", res.Requests, planned)
	}
	if got, want := pageMarkdown(t, n, res.Page.ID), models.Markdown(blocks); got != want {
		t.Errorf("content differs:\n--- want\n%s\n--- got\n%s", want, got)
	}
}

// TestCreateAnswerLost: the create happens but its answer is lost; the
// page is found, not created twice, and its content still follows.
func TestCreateAnswerLost(t *testing.T) {
	for _, f := range []demo.Fault{
		{Action: "post-page", AfterWrite: true, Drop: true},
		{Action: "post-page", AfterWrite: true, Status: 502},
		{Action: "patch-block-children", AfterWrite: true, Drop: true},
	} {
		t.Run(fmt.Sprintf("%s-%d-%v", f.Action, f.Status, f.Drop), func(t *testing.T) {
			srv, n := createDemo(t, demo.Options{})
			home, _ := srv.PageID("Larkspur Labs wiki")
			srv.Inject(f)
			var md strings.Builder
			for i := range 130 {
				fmt.Fprintf(&md, "- item %d\n", i)
			}
			blocks := models.FromMarkdown(md.String())
			res, err := n.CreateFullPage(t.Context(), NewPage{Parent: models.Parent{Type: "page_id", ID: home}, Title: "Lost answer", Blocks: blocks}, CreateOptions{})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if !res.Recovered {
				t.Error("the lost answer was not noticed")
			}
			if srv.Stats().LostWrites != 1 {
				t.Errorf("lost writes: %d", srv.Stats().LostWrites)
			}
			count := 0
			for p, err := range n.SearchAll(t.Context(), "Lost answer", true) {
				if err != nil {
					t.Fatal(err)
				}
				if p.Title == "Lost answer" {
					count++
				}
			}
			if count != 1 {
				t.Errorf("%d pages titled Lost answer", count)
			}
			if got, want := pageMarkdown(t, n, res.Page.ID), models.Markdown(blocks); got != want {
				t.Errorf("content differs:\n--- want\n%s\n--- got\n%s", want, got)
			}
		})
	}
}

// blindSearch is a demo whose search never lists anything, as Notion's
// may not list a page made a moment ago.
type blindSearch struct{ h http.Handler }

func (b blindSearch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/post-search/execute") {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"object":"list","results":[],"next_cursor":null,"has_more":false}`))
		return
	}
	b.h.ServeHTTP(w, r)
}

// TestLostCreateFoundWithoutSearch: search does not list the new page
// yet; the parent itself is read (a page's children, a data source's
// query) and the page is found, not made twice.
func TestLostCreateFoundWithoutSearch(t *testing.T) {
	srv := demo.New(demo.Options{RateLimit: -1, TaskRows: 3})
	cfg := Config{BaseURL: "http://demo.invalid", APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID,
		HTTPClient: &http.Client{Transport: droppingTransport{blindSearch{srv.Handler()}}}, Rate: -1}
	n := New(cfg).Notion(demo.DemoCredentialID)
	home, _ := srv.PageID("Larkspur Labs wiki")
	var tasks string
	// n's search is blind: find the Tasks data source with a client that sees.
	plain := New(Config{BaseURL: "http://demo.invalid", APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID,
		HTTPClient: &http.Client{Transport: droppingTransport{srv.Handler()}}, Rate: -1}).Notion(demo.DemoCredentialID)
	for p, err := range plain.SearchEach(t.Context(), SearchParams{Object: "data_source", Query: demo.TasksSourceName}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Title == demo.TasksSourceName {
			tasks = p.ID
		}
	}
	for _, parent := range []models.Parent{{Type: "page_id", ID: home}, {Type: "data_source_id", ID: tasks}} {
		srv.Inject(demo.Fault{Action: "post-page", AfterWrite: true, Drop: true})
		res, err := n.CreateFullPage(t.Context(), NewPage{Parent: parent, Title: "Unsearchable " + parent.Type}, CreateOptions{})
		if err != nil || !res.Recovered {
			t.Fatalf("%s: recovered %v, %v", parent.Type, res.Recovered, err)
		}
		if c := pagesTitled(t, plain, "Unsearchable "+parent.Type); c != 1 {
			t.Errorf("%s: %d pages", parent.Type, c)
		}
	}
}

// TestCreateHeavyContent: blocks that together weigh more than a request
// may (500 KB) go in several requests, each under the limit the demo
// enforces, and all arrive in order.
func TestCreateHeavyContent(t *testing.T) {
	srv, n := createDemo(t, demo.Options{})
	home, _ := srv.PageID("Larkspur Labs wiki")
	var md strings.Builder
	for i := range 5 {
		fmt.Fprintf(&md, "%d %s\n\n", i, strings.Repeat("heavy text ", 14000))
	}
	blocks := models.FromMarkdown(md.String())
	if len(blocks) != 5 || len(blocks[0].Body.RichText) < 70 {
		t.Fatalf("%d blocks, %d segments", len(blocks), len(blocks[0].Body.RichText))
	}
	planned, err := PlanRequests(blocks)
	if err != nil || planned < 3 {
		t.Fatalf("planned %d requests, %v; want several", planned, err)
	}
	res, err := n.CreateFullPage(t.Context(), NewPage{Parent: models.Parent{Type: "page_id", ID: home}, Title: "Heavy", Blocks: blocks}, CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if res.Requests != planned {
		t.Errorf("%d requests, planned %d", res.Requests, planned)
	}
	if got, want := pageMarkdown(t, n, res.Page.ID), models.Markdown(blocks); got != want {
		t.Errorf("content differs (%d and %d bytes)", len(got), len(want))
	}
}
