package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
)

// leaksKey reports whether s shows the test key in any form a terminal or
// a JSON decoder would reveal: plain, JSON-escaped, with hidden characters
// inside, or quoted by the debug log's text handler.
func leaksKey(s string) bool {
	loose := strings.NewReplacer(`\\`, `\`, `\x1b`, "\x1b", `\a`, "\a", `\"`, `"`).Replace(s)
	for _, form := range []string{s, loose, models.Sanitize(s), models.Sanitize(loose)} {
		if models.ContainsSecret(form, testKey) {
			return true
		}
		// Any long enough piece of it, such as a key cut short by a
		// table column, gives it away too.
		for i := 0; i+12 <= len(testKey); i++ {
			if strings.Contains(form, testKey[i:i+12]) {
				return true
			}
		}
	}
	return false
}

// keyForms are ways a hostile server could echo the key inside a JSON
// string: the text between the quotes, as it goes on the wire.
func keyForms() map[string]string {
	var every, zw strings.Builder
	for i, r := range testKey {
		fmt.Fprintf(&every, `\u%04X`, r)
		if i > 0 {
			zw.WriteString("\u200b")
		}
		zw.WriteRune(r)
	}
	return map[string]string{
		"plain":                 testKey,
		"one JSON escape":       testKey[:3] + `\u0074` + testKey[4:],
		"every character":       every.String(),
		"colour inside":         testKey[:10] + `\u001b[31m` + testKey[10:],
		"BEL inside":            testKey[:10] + `\u0007` + testKey[10:],
		"OSC title inside":      testKey[:5] + `\u001b]0;hi\u0007` + testKey[5:],
		"zero-width everywhere": zw.String(),
		"bidi override inside":  testKey[:12] + "\u202e" + testKey[12:],
		"with Bearer":           "Bearer " + testKey[:20] + `\u200d` + testKey[20:],
		"newline inside":        testKey[:15] + `\n` + testKey[15:],
	}
}

// titleJSON is a Notion title property whose text is raw (already escaped
// for a JSON string).
func titleJSON(raw string) string {
	return `{"title":{"id":"title","type":"title","title":[{"type":"text","text":{"content":"` + raw +
		`"},"plain_text":"` + raw + `","annotations":{"bold":false,"italic":false,"strikethrough":false,"underline":false,"code":false,"color":"default"}}]}}`
}

func pageBody(id, rawTitle string) string {
	return `{"object":"page","id":"` + id + `","last_edited_time":"2025-01-02T03:04:00.000Z","parent":{"type":"workspace","workspace":true},` +
		`"url":"https://www.notion.so/` + models.CompactID(id) + `","properties":` + titleJSON(rawTitle) + `}`
}

func searchBody(id, rawTitle string) string {
	return `{"object":"list","results":[` + pageBody(id, rawTitle) + `],"has_more":false,"next_cursor":null}`
}

func childrenBody(rawText string) string {
	return `{"object":"list","results":[{"object":"block","id":"0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9","type":"paragraph","has_children":false,` +
		`"paragraph":{"rich_text":[{"type":"text","text":{"content":"` + rawText + `"},"plain_text":"` + rawText + `","annotations":{}}]}}],"has_more":false,"next_cursor":null}`
}

// TestEchoedKeyNeverReachesOutput has the server echo the key, in every
// encoded form, in search results, a page's title and text, and an error
// message, and checks every output: tables, --json, show in each format,
// error lines and the --debug log.
func TestEchoedKeyNeverReachesOutput(t *testing.T) {
	for name, form := range keyForms() {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, demo.Options{})
			id := everyBlockPage(t, h)
			logPath := filepath.Join(t.TempDir(), "debug.log")
			runs := []struct {
				args   []string
				faults []demo.Fault
				code   int
			}{
				{[]string{"search"}, []demo.Fault{{Action: "post-search", Status: 200, Body: searchBody(id, "Key "+form+" here")}}, ExitOK},
				{[]string{"search", "--json"}, []demo.Fault{{Action: "post-search", Status: 200, Body: searchBody(id, form)}}, ExitOK},
				{[]string{"search", "--json"}, []demo.Fault{{Action: "post-search", Status: 400,
					Body: `{"object":"error","status":400,"code":"validation_error","message":"bad key ` + form + `"}`}}, ExitFailure},
			}
			for _, format := range []string{"markdown", "rendered", "json"} {
				runs = append(runs, struct {
					args   []string
					faults []demo.Fault
					code   int
				}{[]string{"show", id, "--format", format, "--width", "20"}, []demo.Fault{
					{Action: "retrieve-a-page", Status: 200, Body: pageBody(id, "Title "+form)},
					{Action: "get-block-children", Status: 200, Body: childrenBody("Text " + form + " end")},
				}, ExitOK})
			}
			for _, run := range runs {
				for _, f := range run.faults {
					h.srv.Inject(f)
				}
				args := append([]string{"--debug", logPath, "--connection", demo.DemoCredentialID}, run.args...)
				r := h.run(args...)
				wantCode(t, r, run.code)
				if leaksKey(r.stdout) || leaksKey(r.stderr) {
					t.Errorf("%v: the key shows:\nstdout: %q\nstderr: %q", run.args, r.stdout, r.stderr)
				}
				if run.code == ExitOK && !strings.Contains(models.Sanitize(r.stdout), "redacted") {
					t.Errorf("%v: nothing was redacted; did the echo arrive?\n%s", run.args, r.stdout)
				}
			}
			data, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatal(err)
			}
			if leaksKey(string(data)) {
				t.Errorf("the key is in the debug log:\n%s", data)
			}
		})
	}
}

func TestBaseURLPasswordNeverShown(t *testing.T) {
	const password = "pw-hunter2-never-shown"
	h := newHarness(t, demo.Options{})
	withUser := strings.Replace(h.base, "://", "://someone:"+password+"@", 1)
	h.env["ALLOY_BASE_URL"] = withUser
	check := func(r result) {
		t.Helper()
		if strings.Contains(r.stdout+r.stderr, password) {
			t.Errorf("the password shows:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
		}
	}
	r := h.run("status")
	wantCode(t, r, ExitOK)
	check(r)
	if !strings.Contains(r.stdout, "****@") {
		t.Errorf("status does not show the masked URL:\n%s", r.stdout)
	}
	r = h.runIn(testKey, "login", "--api-key-stdin", "--user-id", testUser)
	wantCode(t, r, ExitOK)
	check(r)

	// An address where nothing answers: the error line names it masked.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://someone:" + password + "@" + l.Addr().String()
	_ = l.Close()
	h.env["ALLOY_BASE_URL"] = dead
	for _, args := range [][]string{{"status"}, {"search", "--connection", demo.DemoCredentialID}} {
		r = h.run(args...)
		wantCode(t, r, ExitFailure)
		check(r)
	}
}

func TestDebugLogNeverClobbers(t *testing.T) {
	h := newHarness(t, demo.Options{})
	dir := t.TempDir()
	target := filepath.Join(dir, "precious")
	if err := os.WriteFile(target, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.log")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	dangling := filepath.Join(dir, "dangling.log")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.log")
	haveFIFO := mkfifo(fifo) == nil

	refused := []struct{ name, path, want string }{
		{"symlink", link, "symbolic link"},
		{"dangling symlink", dangling, "symbolic link"},
		{"directory", dir, "directory"},
	}
	if haveFIFO {
		refused = append(refused, struct{ name, path, want string }{"FIFO", fifo, "not a regular file"})
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan result, 1)
			go func() { done <- h.run("--debug", tt.path, "search") }()
			var r result
			select {
			case r = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("--debug waited on the file")
			}
			wantCode(t, r, ExitUsage)
			oneLine(t, r)
			if !strings.Contains(r.stderr, "refused") || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q does not say it refused %s", r.stderr, tt.want)
			}
		})
	}
	if data, _ := os.ReadFile(target); string(data) != "keep me\n" {
		t.Errorf("the symlink's target was written: %q", data)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("the dangling symlink's target was created")
	}

	t.Run("new file is 0600", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.log")
		wantCode(t, h.run("--debug", path, "search", "--json"), ExitOK)
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("mode %v, want 0600", perm)
		}
	})
	t.Run("existing file is appended to, its mode kept", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "old.log")
		if err := os.WriteFile(path, []byte("earlier run\n"), 0o640); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o640); err != nil {
			t.Fatal(err)
		}
		wantCode(t, h.run("--debug", path, "search", "--json"), ExitOK)
		data, _ := os.ReadFile(path)
		if !strings.HasPrefix(string(data), "earlier run\n") || !strings.Contains(string(data), "alloy request") {
			t.Errorf("log %.200q: want the old line kept and the new run after it", data)
		}
		if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
			t.Errorf("mode changed to %v", info.Mode().Perm())
		}
	})
}

// weirdTitle has every kind of character --json must escape: C0 controls,
// DEL, C1, bidi controls, zero-width characters and separators.
const weirdTitle = "Q3 \x1b[31mplan\x1b[0m\a \u009b31m \u202eevil\u202c \u200bzw\ufeff \u2028sep\u2029 \x7f end"

func TestJSONIsInertAndExact(t *testing.T) {
	h := newHarness(t, demo.Options{})
	id, ok := h.srv.PageID("Warehouse move")
	if !ok {
		t.Fatal("no page 'Warehouse move'")
	}
	// Give the page the title through the API, as another client could.
	client := alloy.New(alloy.Config{BaseURL: h.base, APIKey: testKey, UserID: testUser})
	if _, err := client.Notion(demo.DemoCredentialID).RenamePage(context.Background(), id, weirdTitle); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.srv.Page(id); got != weirdTitle {
		t.Fatalf("the demo keeps %q", got)
	}
	for _, args := range [][]string{{"search", "--json", "Q3"}, {"show", id, "--format", "json"}} {
		r := h.run(args...)
		wantCode(t, r, ExitOK)
		out := r.stdout
		if !json.Valid([]byte(out)) {
			t.Fatalf("%v: not valid JSON:\n%s", args, out)
		}
		for _, r := range out {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || models.IsInvisible(r) {
				t.Errorf("%v: raw %U on stdout", args, r)
			}
		}
		for _, esc := range []string{`\u001b`, `\u0007`, `\u009b`, `\u202e`, `\u200b`, `\ufeff`, `\u2028`, `\u2029`, `\u007f`} {
			if !strings.Contains(out, esc) {
				t.Errorf("%v: %s missing from the output", args, esc)
			}
		}
	}
	// search --json, decoded, gives the exact title back: rename
	// --if-title with it goes through.
	var pages []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(h.run("search", "--json", "Q3").stdout), &pages); err != nil || len(pages) != 1 {
		t.Fatalf("pages %v, err %v", pages, err)
	}
	if pages[0].Title != weirdTitle {
		t.Fatalf("title %q, want %q", pages[0].Title, weirdTitle)
	}
	r := h.run("rename", pages[0].ID, "Warehouse move (done)", "--if-title", pages[0].Title)
	wantCode(t, r, ExitOK)
	if got, _ := h.srv.Page(id); got != "Warehouse move (done)" {
		t.Errorf("title %q after the rename", got)
	}
}

func TestInertJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":"plain"}`, `{"a":"plain"}`},
		{"{\"a\":\"x\u202ey\"}", `{"a":"x\u202ey"}`},
		{"{\"a\":\"\u0085\u009b\x7f\"}", `{"a":"\u0085\u009b\u007f"}`},
		{"{\"a\":\"\u200b\u200d\ufeff\"}", `{"a":"\u200b\u200d\ufeff"}`},
		{"{\"a\":\"\U000e0041\"}", `{"a":"\udb40\udc41"}`},
		{"{\"a\":\"日本 😀\"}", "{\"a\":\"日本 😀\"}"},
	}
	for _, tt := range tests {
		got := string(inertJSON([]byte(tt.in)))
		if got != tt.want {
			t.Errorf("inertJSON(%q) = %q, want %q", tt.in, got, tt.want)
		}
		var a, b any
		if json.Unmarshal([]byte(tt.in), &a) != nil || json.Unmarshal([]byte(got), &b) != nil || fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("inertJSON(%q) changed the decoded value: %v → %v", tt.in, a, b)
		}
	}
}

func TestRenameCleansTheTitle(t *testing.T) {
	tests := []struct {
		name, title string
		wantCode    int
		wantTitle   string
		wantErr     string
	}{
		{"empty", "", ExitUsage, "", "empty"},
		{"blank", "  \t ", ExitUsage, "", "empty"},
		{"only controls", "\x1b[31m\a\u200b", ExitUsage, "", "empty"},
		{"controls stripped", "New\x1b[31m name\a\n2\u202e", ExitOK, "New name 2", ""},
		{"spaces trimmed", "  Padded  ", ExitOK, "Padded", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demo.Options{})
			id, _ := h.srv.PageID("Warehouse move")
			r := h.run("rename", id, tt.title)
			wantCode(t, r, tt.wantCode)
			got, _ := h.srv.Page(id)
			if tt.wantCode != ExitOK {
				oneLine(t, r)
				if got != "Warehouse move" || !strings.Contains(r.stderr, tt.wantErr) {
					t.Errorf("title %q, stderr %q", got, r.stderr)
				}
				return
			}
			if got != tt.wantTitle {
				t.Errorf("sent %q, want %q", got, tt.wantTitle)
			}
			if want := fmt.Sprintf("to %q.", tt.wantTitle); !strings.Contains(r.stdout, want) {
				t.Errorf("stdout %q does not print what was sent (%s)", r.stdout, want)
			}
		})
	}
}

func TestArgumentBounds(t *testing.T) {
	h := newHarness(t, demo.Options{})
	id := everyBlockPage(t, h)
	long := strings.Repeat("x", 400)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"width too small", []string{"show", id, "--width", "19"}, ExitUsage, "between 20 and 1000"},
		{"width too large", []string{"show", id, "--width", "1001"}, ExitUsage, "between 20 and 1000"},
		{"width zero given", []string{"show", id, "--width", "0"}, ExitUsage, "between 20 and 1000"},
		{"width at the bounds", []string{"show", id, "--format", "rendered", "--width", "20"}, ExitOK, ""},
		{"width at the top", []string{"show", id, "--format", "rendered", "--width", "1000"}, ExitOK, ""},
		{"long page argument", []string{"show", long}, ExitUsage, "…"},
		{"long format", []string{"show", id, "--format", long}, ExitUsage, "…"},
		{"long unknown command", []string{long}, ExitUsage, "…"},
		{"long flag value", []string{"show", id, "--width", long}, ExitUsage, "…"},
		{"long unknown flag", []string{"search", "--" + long}, ExitUsage, "…"},
		{"foreign link", []string{"show", "https://evil.example/Page-" + models.CompactID(id)}, ExitUsage, "app.notion.com"},
		{"Notion link", []string{"show", "https://acme.notion.site/Page-" + models.CompactID(id)}, ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.run(tt.args...)
			wantCode(t, r, tt.wantCode)
			if tt.wantCode == ExitOK {
				return
			}
			oneLine(t, r)
			if !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr %q does not say %q", r.stderr, tt.wantErr)
			}
			if strings.Contains(r.stderr, long[:100]) || len(r.stderr) > 400 {
				t.Errorf("the whole argument is echoed: %d bytes", len(r.stderr))
			}
		})
	}
}

func TestLongQueryIsCapped(t *testing.T) {
	h := newHarness(t, demo.Options{})
	logPath := filepath.Join(t.TempDir(), "debug.log")
	query := strings.Repeat("q", models.MaxQueryRunes+100)
	r := h.run("--debug", logPath, "search", "--json", query)
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stderr, "cut") {
		t.Errorf("stderr %q does not say the query was cut", r.stderr)
	}
	data, _ := os.ReadFile(logPath)
	var sent []byte
	for _, line := range bytes.Split(data, []byte("\n")) {
		if bytes.Contains(line, []byte(`msg="alloy request"`)) && bytes.Contains(line, []byte("post-search")) {
			sent = line
		}
	}
	if bytes.Contains(sent, []byte(query[:models.MaxQueryRunes+1])) || !bytes.Contains(sent, []byte(query[:models.MaxQueryRunes])) {
		t.Errorf("the query sent was not cut to models.MaxQueryRunes:\n%s", sent)
	}
}

func TestDotEnvFIFOIsSkipped(t *testing.T) {
	h := newHarness(t, demo.Options{})
	if err := mkfifo(filepath.Join(h.dir, ".env")); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan result, 1)
	go func() { done <- h.run("search", "--json") }()
	select {
	case r := <-done:
		wantCode(t, r, ExitOK)
		if !strings.Contains(r.stderr, "named pipe") || !strings.Contains(r.stderr, "not read") {
			t.Errorf("stderr %q does not report the skipped .env", r.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the run waited on a FIFO named .env")
	}
}

func TestInterruptDuringKeychainWait(t *testing.T) {
	h := newHarness(t, demo.Options{})
	delete(h.env, "ALLOY_API_KEY") // so that the keychain is asked
	hanging := hangingStore(make(chan struct{}))
	t.Cleanup(func() { close(hanging) })
	for _, args := range [][]string{{"search"}, {"status"}, {"use", demo.DemoCredentialID}} {
		t.Run(args[0], func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var stdout, stderr bytes.Buffer
			env := h.envFor("", &stdout, &stderr, args)
			env.OpenStore = func(time.Duration) keystore.Store { return keystore.WithTimeout(hanging, time.Hour) }
			done := make(chan int, 1)
			go func() { done <- Run(ctx, env) }()
			time.Sleep(100 * time.Millisecond)
			cancel()
			select {
			case code := <-done:
				if code != ExitFailure || !strings.Contains(stderr.String(), "interrupted") {
					t.Errorf("exit %d, stderr %q", code, stderr.String())
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Ctrl-C did not end the wait on the keychain")
			}
		})
	}
}

// hangingStore is a keychain whose every call blocks until the channel is
// closed, as a locked Secret Service does.
type hangingStore chan struct{}

func (h hangingStore) Get(string) (string, error) { <-h; return "", keystore.ErrNotFound }
func (h hangingStore) Set(string, string) error   { <-h; return nil }
func (h hangingStore) Delete(string) error        { <-h; return nil }

// A key split across two runs of differently formatted text has Markdown
// (**) or JSON between its pieces; show still never prints it.
func TestKeySplitAcrossRichTextRuns(t *testing.T) {
	h := newHarness(t, demo.Options{})
	id := everyBlockPage(t, h)
	split := `{"object":"list","results":[{"object":"block","id":"0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9","type":"paragraph","has_children":false,` +
		`"paragraph":{"rich_text":[{"type":"text","plain_text":"key ` + testKey[:14] + `","annotations":{"bold":true}},` +
		`{"type":"text","plain_text":"` + testKey[14:] + ` end","annotations":{}}]}}],"has_more":false,"next_cursor":null}`
	for _, format := range []string{"markdown", "rendered", "json"} {
		h.srv.Inject(demo.Fault{Action: "get-block-children", Status: 200, Body: split})
		r := h.run("show", id, "--format", format, "--connection", demo.DemoCredentialID)
		wantCode(t, r, ExitOK)
		if leaksKey(r.stdout) || !strings.Contains(models.Sanitize(r.stdout), "redacted") {
			t.Errorf("%s: %q", format, r.stdout)
		}
	}
}
