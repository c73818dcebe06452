package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
)

func TestVersion(t *testing.T) {
	h := newHarness(t, demo.Options{})
	r := h.run("version")
	wantCode(t, r, ExitOK)
	if r.stdout != "alloy-tui "+Version+"\n" || r.stderr != "" {
		t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
	}
	if h.storeOpened != 0 || h.srv.Stats().Requests != 0 {
		t.Error("version touched the keychain or the network")
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		cmd  string
	}{
		{"unknown flag", []string{"search", "--nope"}, "alloy-tui search"},
		{"unknown command", []string{"serch"}, "alloy-tui"},
		{"show without page", []string{"show"}, "alloy-tui show"},
		{"show bad format", []string{"show", "--format", "pdf", "5c539c6cd2ce44cfbbd4dc50d4b37362"}, "alloy-tui show"},
		{"show bad page", []string{"show", "not-a-page"}, "alloy-tui show"},
		{"search two queries", []string{"search", "a", "b"}, "alloy-tui search"},
		{"search negative limit", []string{"search", "--limit", "-1"}, "alloy-tui search"},
		{"rename one argument", []string{"rename", "5c539c6cd2ce44cfbbd4dc50d4b37362"}, "alloy-tui rename"},
		{"connect two connectors", []string{"connect", "notion", "slack"}, "alloy-tui connect"},
		{"use without id", []string{"use"}, "alloy-tui use"},
		{"disconnect without id", []string{"disconnect"}, "alloy-tui disconnect"},
		{"bad timeout", []string{"connect", "--timeout", "soon"}, "alloy-tui connect"},
		{"login not on a terminal", []string{"login", "--user-id", "u"}, "alloy-tui login"},
		{"version with argument", []string{"version", "2"}, "alloy-tui version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demo.Options{})
			r := h.run(tt.args...)
			wantCode(t, r, ExitUsage)
			oneLine(t, r)
			if !strings.Contains(r.stderr, "run '"+tt.cmd+" --help'") {
				t.Errorf("stderr does not point at %s --help: %s", tt.cmd, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty: %q", r.stdout)
			}
			if n := h.srv.Stats().Requests; n != 0 {
				t.Errorf("%d requests for a usage error", n)
			}
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	h := newHarness(t, demo.Options{})
	r := h.run("search", "--help")
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stdout, "--limit") {
		t.Errorf("help does not list --limit:\n%s", r.stdout)
	}
}

// pageFields are the keys every page of search --json must carry.
var pageFields = []string{"id", "title", "url", "icon", "parent", "last_edited_time"}

func TestSearchJSON(t *testing.T) {
	h := newHarness(t, demo.Options{})
	r := h.run("search", "--json", "firmware")
	wantCode(t, r, ExitOK)
	var pages []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &pages); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, r.stdout)
	}
	if len(pages) == 0 {
		t.Fatal("no pages for 'firmware'")
	}
	for _, p := range pages {
		for _, f := range pageFields {
			if _, ok := p[f]; !ok {
				t.Errorf("page %v has no %q", p["id"], f)
			}
		}
		if !strings.Contains(strings.ToLower(p["title"].(string)), "firmware") {
			t.Errorf("title %q does not match the query", p["title"])
		}
	}
	// The only Notion connection was used, and said so on stderr only.
	if !strings.Contains(r.stderr, demo.DemoCredentialID) {
		t.Errorf("stderr does not name the connection used: %q", r.stderr)
	}
}

func TestSearchEveryPage(t *testing.T) {
	h := newHarness(t, demo.Options{ExtraPages: 2500})
	r := h.run("search", "", "--json")
	wantCode(t, r, ExitOK)
	var pages []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &pages); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	generated := 0
	for _, p := range pages {
		if seen[p.ID] {
			t.Errorf("page %s listed twice", p.ID)
		}
		seen[p.ID] = true
		if strings.HasPrefix(p.Title, "Generated page ") {
			generated++
		}
	}
	if generated != 2500 {
		t.Errorf("%d generated pages, want 2500 (of %d listed)", generated, len(pages))
	}
	st := h.srv.Stats()
	wantRequests := (len(pages) + 99) / 100
	if st.Actions["post-search"] != wantRequests {
		t.Errorf("%d search requests for %d pages, want %d", st.Actions["post-search"], len(pages), wantRequests)
	}
	if len(pages) <= 2600 && st.Actions["post-search"] > 26 {
		t.Errorf("%d search requests, want at most 26", st.Actions["post-search"])
	}
}

func TestSearchLimit(t *testing.T) {
	tests := []struct {
		limit        string
		wantPages    int
		wantRequests int
	}{
		{"1", 1, 1},
		{"100", 100, 1},
		{"150", 150, 2},
	}
	for _, tt := range tests {
		t.Run(tt.limit, func(t *testing.T) {
			h := newHarness(t, demo.Options{ExtraPages: 300})
			r := h.run("search", "--limit", tt.limit, "--json")
			wantCode(t, r, ExitOK)
			var pages []map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &pages); err != nil {
				t.Fatal(err)
			}
			if len(pages) != tt.wantPages {
				t.Errorf("%d pages, want %d", len(pages), tt.wantPages)
			}
			if n := h.srv.Stats().Actions["post-search"]; n != tt.wantRequests {
				t.Errorf("%d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

func TestSearchTable(t *testing.T) {
	h := newHarness(t, demo.Options{})
	r := h.run("search")
	wantCode(t, r, ExitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "TITLE") {
		t.Fatalf("not a table:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "Every block type") {
		t.Errorf("table misses a page:\n%s", r.stdout)
	}
	r = h.run("search", "no page is called this")
	wantCode(t, r, ExitOK)
	if r.stdout != "" || !strings.Contains(r.stderr, "No pages found") {
		t.Errorf("empty result: stdout %q stderr %q", r.stdout, r.stderr)
	}
}

func TestActiveConnection(t *testing.T) {
	tests := []struct {
		name       string
		opts       demo.Options
		env        map[string]string
		args       []string
		keychain   string
		secondConn bool
		wantCode   int
		wantErr    string
	}{
		{name: "none", opts: demo.Options{NoNotionConnection: true}, wantCode: ExitFailure, wantErr: "alloy-tui connect notion"},
		{name: "from the keychain", keychain: demo.DemoCredentialID, wantCode: ExitOK},
		{name: "flag beats a wrong env", env: map[string]string{"CONNECTION_ID": "000000000000000000000000"},
			args: []string{"--connection", demo.DemoCredentialID}, wantCode: ExitOK},
		{name: "unknown connection", env: map[string]string{"CONNECTION_ID": "000000000000000000000000"}, wantCode: ExitFailure, wantErr: "See `alloy-tui connections`"},
		{name: "several", secondConn: true, wantCode: ExitFailure, wantErr: "alloy-tui use ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.opts)
			for k, v := range tt.env {
				h.env[k] = v
			}
			if tt.keychain != "" {
				_ = h.store.Set(keystore.ConnectionKey("notion"), tt.keychain)
			}
			if tt.secondConn {
				connectWithCurl(t, h, demo.CallbackCredentialID)
				_ = h.store.Delete(keystore.ConnectionKey("notion"))
			}
			r := h.run(append([]string{"search", "--json", "--limit", "1"}, tt.args...)...)
			wantCode(t, r, tt.wantCode)
			if tt.wantCode != ExitOK {
				oneLine(t, r)
				if !strings.Contains(r.stderr, tt.wantErr) {
					t.Errorf("stderr %q does not say %q", r.stderr, tt.wantErr)
				}
				if r.stdout != "" {
					t.Errorf("stdout not empty: %q", r.stdout)
				}
			} else if strings.Contains(r.stderr, "the only one") {
				t.Errorf("an explicit connection was announced as the only one: %q", r.stderr)
			}
		})
	}
}

func TestConnectionsUseDisconnect(t *testing.T) {
	h := newHarness(t, demo.Options{})
	type conn struct {
		ID        string    `json:"id"`
		Connector string    `json:"connector"`
		Name      string    `json:"name"`
		Type      string    `json:"type"`
		CreatedAt time.Time `json:"createdAt"`
		Active    *bool     `json:"active"`
	}
	list := func(args ...string) []conn {
		t.Helper()
		r := h.run(append([]string{"connections", "--json"}, args...)...)
		wantCode(t, r, ExitOK)
		var out []conn
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, r.stdout)
		}
		var raw []map[string]any
		_ = json.Unmarshal([]byte(r.stdout), &raw)
		for _, c := range raw {
			for _, f := range []string{"id", "connector", "name", "type", "createdAt", "active"} {
				if _, ok := c[f]; !ok {
					t.Errorf("connection %v has no %q", c["id"], f)
				}
			}
		}
		return out
	}
	all := list()
	if len(all) != 2 {
		t.Fatalf("%d connections, want the seeded 2: %+v", len(all), all)
	}
	for _, c := range all {
		if *c.Active {
			t.Errorf("%s active before any use", c.ID)
		}
	}
	if notion := list("--connector", "notion"); len(notion) != 1 || notion[0].ID != demo.DemoCredentialID || notion[0].Connector != "notion" {
		t.Errorf("--connector notion: %+v", notion)
	}

	r := h.run("use", demo.DemoCredentialID)
	wantCode(t, r, ExitOK)
	if got, _ := h.store.Get(keystore.ConnectionKey("notion")); got != demo.DemoCredentialID {
		t.Errorf("active connection in the keychain = %q", got)
	}
	for _, c := range list() {
		if *c.Active != (c.ID == demo.DemoCredentialID) {
			t.Errorf("%s active = %v", c.ID, *c.Active)
		}
	}
	r = h.run("use", "000000000000000000000000")
	wantCode(t, r, ExitFailure)
	oneLine(t, r)

	r = h.run("connections")
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stdout, "Demo workspace") || !strings.HasPrefix(r.stdout, "ACTIVE") {
		t.Errorf("table:\n%s", r.stdout)
	}

	r = h.run("disconnect", demo.DemoCredentialID)
	wantCode(t, r, ExitOK)
	if _, err := h.store.Get(keystore.ConnectionKey("notion")); err == nil {
		t.Error("a deleted connection is still active in the keychain")
	}
	if left := list(); len(left) != 1 || left[0].ID != demo.DemoSlackCredentialID {
		t.Errorf("after disconnect: %+v", left)
	}
}

func everyBlockPage(t *testing.T, h *harness) string {
	t.Helper()
	id, ok := h.srv.PageID("Every block type")
	if !ok {
		t.Fatal("the demo has no page 'Every block type'")
	}
	return id
}

func TestShow(t *testing.T) {
	h := newHarness(t, demo.Options{})
	id := everyBlockPage(t, h)
	compact := models.CompactID(id)
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{"markdown when piped", []string{"show", id}, func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "# Every block type\n") || strings.Contains(out, "\x1b") {
				t.Errorf("not plain Markdown:\n%.300s", out)
			}
		}},
		{"notion.so URL", []string{"show", "https://www.notion.so/Every-block-type-" + compact, "--format", "markdown"}, func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "# Every block type\n") {
				t.Errorf("got:\n%.200s", out)
			}
		}},
		{"app.notion.com URL", []string{"show", "https://app.notion.com/p/" + compact + "?source=copy_link"}, func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "# Every block type\n") {
				t.Errorf("got:\n%.200s", out)
			}
		}},
		{"rendered", []string{"show", compact, "--format", "rendered", "--width", "60"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "\x1b[") || !strings.Contains(out, "block") {
				t.Errorf("not rendered:\n%.300q", out)
			}
		}},
		{"json", []string{"show", id, "--format", "json"}, func(t *testing.T, out string) {
			var doc struct {
				Page   map[string]any   `json:"page"`
				Blocks []map[string]any `json:"blocks"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if doc.Page["title"] != "Every block type" || len(doc.Blocks) == 0 {
				t.Errorf("page %v, %d blocks", doc.Page, len(doc.Blocks))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.run(tt.args...)
			wantCode(t, r, ExitOK)
			tt.check(t, r.stdout)
		})
	}
	// GLAMOUR_STYLE=auto means "choose for me", not a style named auto;
	// NO_COLOR drops the colours.
	h.env["GLAMOUR_STYLE"] = "auto"
	h.env["NO_COLOR"] = "1"
	r := h.run("show", compact, "--format", "rendered", "--width", "60")
	wantCode(t, r, ExitOK)
	if strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("NO_COLOR output has colour codes:\n%.300q", r.stdout)
	}
	delete(h.env, "GLAMOUR_STYLE")
	delete(h.env, "NO_COLOR")

	r = h.run("show", "00000000000000000000000000000000")
	wantCode(t, r, ExitFailure)
	oneLine(t, r)
	if !strings.Contains(r.stderr, "show 00000000-0000") {
		t.Errorf("stderr does not say what failed: %q", r.stderr)
	}
}

func TestRename(t *testing.T) {
	long := strings.Repeat("Long title, kept whole. ", 105)[:2500]
	tests := []struct {
		name      string
		page      string
		title     string
		ifTitle   []string
		wantCode  int
		wantTitle string // "" means unchanged
		wantErr   string
	}{
		{name: "plain", page: "Warehouse move", title: "Warehouse move (done)", wantCode: ExitOK},
		{name: "2,500 characters", page: "Scratchpad", title: long, wantCode: ExitOK},
		{name: "title property called Name", page: "Solar charger v2", title: "Solar charger v3", wantCode: ExitOK},
		{name: "if-title matches", page: "Warehouse move", title: "Moved", ifTitle: []string{"--if-title", "Warehouse move"}, wantCode: ExitOK},
		{name: "if-title mismatch writes nothing", page: "Warehouse move", title: "Moved", ifTitle: []string{"--if-title", "Old name"},
			wantCode: ExitFailure, wantErr: `now "Warehouse move"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demo.Options{})
			id, ok := h.srv.PageID(tt.page)
			if !ok {
				t.Fatalf("no page %q", tt.page)
			}
			before := h.srv.Stats()
			r := h.run(append([]string{"rename", id, tt.title}, tt.ifTitle...)...)
			wantCode(t, r, tt.wantCode)
			got, _ := h.srv.Page(id)
			if tt.wantCode == ExitOK {
				if got != tt.title {
					t.Errorf("title is %d chars %.40q…, want %d chars", len(got), got, len(tt.title))
				}
				return
			}
			oneLine(t, r)
			if got != tt.page {
				t.Errorf("title changed to %q", got)
			}
			if !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr %q does not say %q", r.stderr, tt.wantErr)
			}
			after := h.srv.Stats()
			if after.Actions["patch-page"] != before.Actions["patch-page"] || after.Actions["update-page"] != before.Actions["update-page"] {
				t.Error("a write was sent despite --if-title")
			}
		})
	}
}

func TestLoginLogout(t *testing.T) {
	tests := []struct {
		name     string
		stdin    string
		args     []string
		wantCode int
		wantSave bool
	}{
		{name: "key from stdin", stdin: testKey + "\n", args: []string{"--api-key-stdin", "--user-id", testUser}, wantCode: ExitOK, wantSave: true},
		{name: "wrong key", stdin: "sk_wrong_key_000000\n", args: []string{"--api-key-stdin", "--user-id", testUser}, wantCode: ExitFailure},
		{name: "empty stdin", stdin: "\n", args: []string{"--api-key-stdin", "--user-id", testUser}, wantCode: ExitUsage},
		{name: "no user id", stdin: testKey, args: []string{"--api-key-stdin"}, wantCode: ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demo.Options{})
			delete(h.env, "ALLOY_API_KEY")
			delete(h.env, "ALLOY_USER_ID")
			r := h.runIn(tt.stdin, append([]string{"login"}, tt.args...)...)
			wantCode(t, r, tt.wantCode)
			key, err := h.store.Get(keystore.KeyAPIKey)
			user, _ := h.store.Get(keystore.KeyUserID)
			if tt.wantSave {
				if key != testKey || user != testUser {
					t.Errorf("saved key ok=%v, user %q", key == testKey, user)
				}
				if !strings.Contains(r.stdout, "****") {
					t.Errorf("no masked key in %q", r.stdout)
				}
				// The saved key now works from the keychain.
				s := h.run("status")
				wantCode(t, s, ExitOK)
				if !strings.Contains(s.stdout, "keychain") {
					t.Errorf("status does not name the keychain:\n%s", s.stdout)
				}
				l := h.run("logout")
				wantCode(t, l, ExitOK)
				for _, k := range []string{keystore.KeyAPIKey, keystore.KeyUserID} {
					if _, err := h.store.Get(k); err == nil {
						t.Errorf("%s still in the keychain after logout", k)
					}
				}
				wantCode(t, h.run("logout"), ExitOK) // missing items are fine
				return
			}
			if err == nil {
				t.Error("a key was saved by a failed login")
			}
			oneLine(t, r)
		})
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		dotenv    string
		store     keystore.Store
		wantCode  int
		wantOut   []string
		wantErr   string
		noRequest bool
	}{
		{name: "logged in from env", wantCode: ExitOK,
			wantOut: []string{"✓ Logged in to", "****" + testKey[len(testKey)-4:], "env", "default", "ALLOY_BASE_URL"}},
		{name: "key from .env", env: map[string]string{"ALLOY_API_KEY": ""}, dotenv: "ALLOY_API_KEY=" + testKey + "\n", wantCode: ExitOK,
			wantOut: []string{"✓ Logged in to", ".env"}},
		{name: "wrong key", env: map[string]string{"ALLOY_API_KEY": "sk_wrong_0000000000"}, wantCode: ExitFailure, wantErr: "✗"},
		{name: "no key", env: map[string]string{"ALLOY_API_KEY": ""}, wantCode: ExitFailure, wantErr: "alloy-tui login", noRequest: true},
		{name: "keychain unavailable, env enough", store: keystore.Failing(nil), env: map[string]string{"CONNECTION_ID": demo.DemoCredentialID},
			wantCode: ExitOK, wantOut: []string{"✓ Logged in to"}},
		{name: "keychain unavailable and needed", store: keystore.Failing(nil), env: map[string]string{"ALLOY_API_KEY": ""},
			wantCode: ExitFailure, wantErr: "keychain", noRequest: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demo.Options{})
			for k, v := range tt.env {
				if v == "" {
					delete(h.env, k)
				} else {
					h.env[k] = v
				}
			}
			if tt.dotenv != "" {
				if err := os.WriteFile(filepath.Join(h.dir, ".env"), []byte(tt.dotenv), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var r result
			if tt.store != nil {
				r = h.runWithStore(tt.store, "status")
			} else {
				r = h.run("status")
			}
			wantCode(t, r, tt.wantCode)
			for _, w := range tt.wantOut {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout does not contain %q:\n%s", w, r.stdout)
				}
			}
			if tt.wantErr != "" && !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr %q does not contain %q", r.stderr, tt.wantErr)
			}
			if tt.wantCode != ExitOK {
				oneLine(t, r)
			}
			if n := h.srv.Stats().Requests; tt.noRequest && n != 0 || !tt.noRequest && n != 1 {
				t.Errorf("%d requests; status checks with exactly one (none without a key)", n)
			}
		})
	}
}

func (h *harness) runWithStore(store keystore.Store, args ...string) result {
	h.t.Helper()
	saved := h.store
	defer func() { h.store = saved }()
	var out, errOut strings.Builder
	env := h.envFor("", &out, &errOut, args)
	env.OpenStore = func(time.Duration) keystore.Store { return store }
	code := Run(context.Background(), env)
	r := result{stdout: out.String(), stderr: errOut.String(), code: code}
	h.checkNoKey(r)
	return r
}

func TestDebugLogRedacted(t *testing.T) {
	h := newHarness(t, demo.Options{})
	logPath := filepath.Join(t.TempDir(), "debug.log")
	id := everyBlockPage(t, h)
	for _, args := range [][]string{
		{"--debug", logPath, "show", id},
		{"--debug", logPath, "search", "--json"},
		{"--debug", logPath, "status"},
	} {
		r := h.run(args...)
		wantCode(t, r, ExitOK)
		data, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatal(err)
		}
		log := string(data)
		if !strings.Contains(log, "alloy request") || !strings.Contains(log, "alloy answer") {
			t.Errorf("%v: the log has no requests:\n%.500s", args, log)
		}
		if strings.Contains(log, testKey) || strings.Contains(log, testKey[8:]) || strings.Contains(strings.ToLower(log), "bearer") {
			t.Errorf("%v: the key or the Authorization header is in the log", args)
		}
		info, err := os.Stat(logPath)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("log mode %v, want 0600", perm)
		}
	}
}

func TestServiceErrors(t *testing.T) {
	tests := []struct {
		name      string
		faults    []demo.Fault
		wantCode  int
		wantFault int
		wantErr   string
		wantWait  time.Duration // a wait of at least this long, on the injected clock
	}{
		{name: "429 then success", faults: []demo.Fault{{Action: "post-search", Status: 429, RetryAfter: "2"}}, wantCode: ExitOK, wantFault: 1, wantWait: 2 * time.Second},
		{name: "503 then success", faults: []demo.Fault{{Action: "post-search", Status: 503}}, wantCode: ExitOK, wantFault: 1},
		{name: "429 and 503", faults: []demo.Fault{{Action: "post-search", Status: 429, RetryAfter: "1"}, {Action: "post-search", Status: 503}}, wantCode: ExitOK, wantFault: 2},
		{name: "503 for ever", faults: []demo.Fault{{Action: "post-search", Status: 503, Count: 100}}, wantCode: ExitFailure, wantFault: 4, wantErr: "search: The service failed"},
		{name: "401", faults: []demo.Fault{{Action: "post-search", Status: 401}}, wantCode: ExitFailure, wantFault: 1, wantErr: "alloy-tui login"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demo.Options{})
			for _, f := range tt.faults {
				h.srv.Inject(f)
			}
			r := h.run("search", "--json", "--connection", demo.DemoCredentialID)
			wantCode(t, r, tt.wantCode)
			if got := h.srv.Stats().Faults; got != tt.wantFault {
				t.Errorf("%d faults served, want %d", got, tt.wantFault)
			}
			if tt.wantWait > 0 && !slices.ContainsFunc(h.clock.sleeps(), func(d time.Duration) bool { return d >= tt.wantWait }) {
				t.Errorf("waits %v, want one of at least %v (Retry-After)", h.clock.sleeps(), tt.wantWait)
			}
			if tt.wantCode == ExitOK {
				var pages []map[string]any
				if err := json.Unmarshal([]byte(r.stdout), &pages); err != nil || len(pages) == 0 {
					t.Errorf("no pages after the retries: %v %q", err, r.stdout)
				}
				return
			}
			oneLine(t, r)
			if !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr %q does not say %q", r.stderr, tt.wantErr)
			}
		})
	}
}

func TestLatency(t *testing.T) {
	h := newHarness(t, demo.Options{Latency: 50 * time.Millisecond})
	id, _ := h.srv.PageID("Solar charger v2")
	for _, args := range [][]string{
		{"search", "--json"},
		{"connections", "--json"},
		{"show", id},
		{"rename", id, "Solar charger v2.1", "--if-title", "Solar charger v2"},
	} {
		r := h.run(args...)
		wantCode(t, r, ExitOK)
	}
	if got, _ := h.srv.Page(id); got != "Solar charger v2.1" {
		t.Errorf("title %q", got)
	}
}

func TestDemo(t *testing.T) {
	h := newHarness(t, demo.Options{})
	// The user's real settings must not leak into the demo.
	h.env["CONNECTION_ID"] = "000000000000000000000000"
	h.env["ALLOY_BASE_URL"] = "http://127.0.0.1:1"
	r := h.run("--demo", "search", "--json")
	wantCode(t, r, ExitOK)
	var pages []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &pages); err != nil || len(pages) == 0 {
		t.Fatalf("demo search: %v %q", err, r.stdout)
	}
	r = h.run("--demo", "use", demo.DemoCredentialID)
	wantCode(t, r, ExitOK)
	r = h.run("--demo")
	wantCode(t, r, ExitOK)
	if h.tuiOpts == nil || !h.tuiOpts.Demo || h.tuiOpts.ReadKeychain == nil || h.tuiOpts.Store == nil {
		t.Fatalf("TUI options: %+v", h.tuiOpts)
	}
	// The TUI reads the keychain itself, after its first frame.
	if creds := h.tuiOpts.ReadKeychain(); creds.APIKey == "" || creds.Err != nil {
		t.Fatalf("the demo's credentials: key set %v, error %v", creds.APIKey != "", creds.Err)
	}
	if h.storeOpened != 0 {
		t.Errorf("the demo opened the keychain %d times", h.storeOpened)
	}
	if _, err := h.store.Get(keystore.ConnectionKey("notion")); err == nil {
		t.Error("the demo wrote into the keychain")
	}
	if h.srv.Stats().Requests != 0 {
		t.Error("the demo talked to the configured server")
	}
}

func TestTUIWithoutKey(t *testing.T) {
	h := newHarness(t, demo.Options{})
	delete(h.env, "ALLOY_API_KEY")
	r := h.run()
	wantCode(t, r, ExitOK)
	if h.tuiOpts == nil || h.tuiOpts.Client != nil || h.tuiOpts.NewClient == nil || h.tuiOpts.Demo {
		t.Fatalf("TUI options: %+v", h.tuiOpts)
	}
}

func TestConnectRefusesAnUnknownConnector(t *testing.T) {
	h := newHarness(t, demo.Options{})
	r := h.run("connect", "nosuch", "--no-browser")
	wantCode(t, r, ExitFailure)
	if !strings.Contains(r.stderr, `unknown connector "nosuch"`) || !strings.Contains(r.stderr, "notion") {
		t.Errorf("stderr does not name the problem and the choices: %q", r.stderr)
	}
	if strings.Contains(r.stderr, "Open this URL") {
		t.Errorf("the flow started for an unknown connector: %q", r.stderr)
	}
}

func TestDemoSaysItIsTheDemo(t *testing.T) {
	h := newHarness(t, demo.Options{})
	r := h.run("--demo", "use", demo.DemoCredentialID)
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stdout, "for this run only") {
		t.Errorf("--demo use does not say the choice is for this run only: %q", r.stdout)
	}
	r = h.run("--demo", "status")
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stdout, "This is the demo") {
		t.Errorf("--demo status does not say it is the demo: %q", r.stdout)
	}
}

// TestUsageErrorsInWords: a usage error names its command once, says a
// flag's bad value in words rather than the Go parser's, and a mistaken
// subcommand of action says there is no such connector.
func TestUsageErrorsInWords(t *testing.T) {
	h := newHarness(t, demo.Options{})
	page := "5c539c6cd2ce44cfbbd4dc50d4b37362"
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"show"}, ExitUsage, "alloy-tui show: needs PAGE, got 0 arguments"},
		{[]string{"show", page, "--width", "abc"}, ExitUsage, `alloy-tui show: --width must be a whole number, not "abc"`},
		{[]string{"show", page, "--timeout", "soon"}, ExitUsage, `--timeout must be a duration such as 30s or 2m, not "soon"`},
		{[]string{"search", "--limit", "99999999999999999999"}, ExitUsage, `--limit is too large: "99999999999999999999"`},
		{[]string{"version", "2"}, ExitUsage, "alloy-tui version: takes no arguments"},
		{[]string{"search", "a", "b"}, ExitUsage, "alloy-tui search: takes at most 1 argument, got 2"},
		{[]string{"action"}, ExitUsage, "alloy-tui action: needs CONNECTOR and optionally ACTION"},
		{[]string{"action", "slack", "chat-postMessage", "--yes", "--body", `{"channel":"#general"}`}, ExitUsage, "alloy-tui action: slack/chat-postMessage: the body is not valid: body.text"},
		{[]string{"action", "list"}, ExitFailure, `action: no connector "list"; ` + "`alloy-tui action CONNECTOR`"},
	} {
		r := h.run(tt.args...)
		wantCode(t, r, tt.code)
		if !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%q:\n%s\nwant %q", tt.args, r.stderr, tt.want)
		}
		for _, bad := range []string{"strconv.", "time: ", "show: show", "action: action", "version: version", "search: search"} {
			if strings.Contains(r.stderr, bad) {
				t.Errorf("%q says %q:\n%s", tt.args, bad, r.stderr)
			}
		}
	}
}

// TestDateExamplesAgree: every date the commands' help shows is the one
// example date, 2024-04-24.
func TestDateExamplesAgree(t *testing.T) {
	h := newHarness(t, demo.Options{})
	date := regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
	for _, cmd := range []string{"search", "show", "query", "rename", "create", "action", "connect", "connections"} {
		r := h.run(cmd, "--help")
		wantCode(t, r, ExitOK)
		for _, d := range date.FindAllString(r.stdout, -1) {
			if d != "2024-04-24" && d != "2025-09-03" { // 2025-09-03 is a Notion version
				t.Errorf("%s --help shows the date %s", cmd, d)
			}
		}
	}
}
