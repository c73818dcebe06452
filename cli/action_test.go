package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
)

func TestActionList(t *testing.T) {
	h := newHarness(t, demo.Options{})
	r := h.run("action", "slack")
	wantCode(t, r, ExitOK)
	for _, s := range []string{"RESOURCE", "conversations-list", "GET", "chat-postMessage", "POST", "Post a message"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("list lacks %q:\n%s", s, r.stdout)
		}
	}
	r = h.run("action", "notion", "--json")
	wantCode(t, r, ExitOK)
	var raw struct {
		Resources []struct {
			Name    string `json:"name"`
			Actions []struct {
				ID          string `json:"id"`
				Description string `json:"description"`
			} `json:"actions"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil || len(raw.Resources) == 0 || raw.Resources[0].Actions[0].Description == "" {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	r = h.run("action", "github")
	wantCode(t, r, ExitFailure)
	oneLine(t, r)
}

func TestActionDescribe(t *testing.T) {
	h := newHarness(t, demo.Options{})
	r := h.run("action", "notion", "get-block-children", "--describe")
	wantCode(t, r, ExitOK)
	for _, s := range []string{"GET /v1/blocks/{block_id}/children", "block_id", "path", "yes", "page_size", "query", "integer", "100", "Body: none"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("describe lacks %q:\n%s", s, r.stdout)
		}
	}
	r = h.run("action", "slack", "chat-postMessage", "--describe")
	wantCode(t, r, ExitOK)
	for _, s := range []string{"POST /chat.postMessage", "may change things", "channel", `"text": "<string>"`} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("describe lacks %q:\n%s", s, r.stdout)
		}
	}
	r = h.run("action", "slack", "nope", "--describe")
	wantCode(t, r, ExitFailure)
	oneLine(t, r)
}

func TestActionRun(t *testing.T) {
	h := newHarness(t, demo.Options{HubSpotConnection: true})
	pageID, _ := h.srv.PageID("Nested lists and toggles")

	// A GET, piped: the answer exactly as received.
	r := h.run("action", "notion", "retrieve-a-page", "-p", "page_id="+pageID)
	wantCode(t, r, ExitOK)
	if !json.Valid([]byte(r.stdout)) || strings.Contains(r.stdout, "\n  ") || !strings.Contains(r.stdout, `"object":"page"`) {
		t.Errorf("piped answer is not the raw JSON:\n%s", r.stdout)
	}

	r = h.run("action", "slack", "conversations-list", "-p", "limit=2", "-p", "query.exclude_archived=true")
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stdout, `"name":"random"`) || strings.Contains(r.stdout, `"engineering"`) {
		t.Errorf("limit not sent as a query parameter:\n%s", r.stdout)
	}

	// A missing required parameter: a usage error naming it, nothing sent.
	before := h.srv.Stats().Actions["get-contact"]
	r = h.run("action", "hubspot", "get-contact")
	wantCode(t, r, ExitUsage)
	oneLine(t, r)
	if !strings.Contains(r.stderr, "missing required parameter contactId") {
		t.Errorf("stderr: %s", r.stderr)
	}
	r = h.run("action", "hubspot", "get-contact", "-p", "contactid=1")
	wantCode(t, r, ExitUsage)
	if !strings.Contains(r.stderr, "unknown parameter contactid") {
		t.Errorf("stderr: %s", r.stderr)
	}
	if h.srv.Stats().Actions["get-contact"] != before {
		t.Error("a request was sent without its required parameter")
	}

	// A body missing a required field, and one of the wrong type.
	r = h.run("action", "slack", "chat-postMessage", "--yes", "--body", `{"channel":"#general"}`)
	wantCode(t, r, ExitUsage)
	if !strings.Contains(r.stderr, "body.text: required (string), missing") {
		t.Errorf("stderr: %s", r.stderr)
	}
	r = h.run("action", "slack", "chat-postMessage", "--yes", "--body", `{"channel":1,"text":"x"}`)
	wantCode(t, r, ExitUsage)
	if !strings.Contains(r.stderr, "body.channel: should be string") {
		t.Errorf("stderr: %s", r.stderr)
	}

	// A change without --yes and without a terminal: refused, nothing sent.
	r = h.run("action", "slack", "chat-postMessage", "--body", `{"channel":"#general","text":"hi"}`)
	wantCode(t, r, ExitUsage)
	if !strings.Contains(r.stderr, "--yes") || h.srv.Stats().Actions["chat-postMessage"] != 0 {
		t.Errorf("not refused: %s (%d sent)", r.stderr, h.srv.Stats().Actions["chat-postMessage"])
	}

	// With --yes, the body from a file, and from stdin.
	path := filepath.Join(h.dir, "msg.json")
	if err := os.WriteFile(path, []byte(`{"channel":"#general","text":"from a file"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r = h.run("action", "slack", "chat-postMessage", "--yes", "--body", "@msg.json")
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stdout, `"text":"from a file"`) {
		t.Errorf("stdout: %s", r.stdout)
	}
	r = h.runIn(`{"properties":{"email":"new@example.com"}}`, "action", "hubspot", "create-contact", "--yes", "--body", "-")
	wantCode(t, r, ExitOK)
	// The service's refusal: exit 1 with its message.
	r = h.runIn(`{"properties":{"email":"new@example.com"}}`, "action", "hubspot", "create-contact", "--yes", "--body", "-")
	wantCode(t, r, ExitFailure)
	if !strings.Contains(r.stderr, "HTTP 409") || !strings.Contains(r.stderr, "Contact already exists") {
		t.Errorf("stderr: %s", r.stderr)
	}
	r = h.run("action", "hubspot", "create-contact", "--yes", "--body", "@missing.json")
	wantCode(t, r, ExitUsage)
}

// TestActionTerminal: on a terminal the answer is indented and coloured,
// and a change asks first; "n" sends nothing.
func TestActionTerminal(t *testing.T) {
	h := newHarness(t, demo.Options{})
	run := func(stdin string, args ...string) (string, string, int) {
		var stdout, stderr bytes.Buffer
		env := h.envFor(stdin, &stdout, &stderr, args)
		env.IsTerminal = func(any) bool { return true }
		code := Run(context.Background(), env)
		return stdout.String(), stderr.String(), code
	}
	out, _, code := run("", "action", "slack", "conversations-list")
	if code != ExitOK || !strings.Contains(out, "\n  \x1b[34m\"ok\"\x1b[0m: \x1b[35mtrue\x1b[0m") {
		t.Errorf("terminal answer (%d):\n%q", code, out)
	}
	h.env["NO_COLOR"] = "1"
	out, _, _ = run("", "action", "slack", "conversations-list")
	if strings.Contains(out, "\x1b[") || !strings.Contains(out, "\n  \"ok\": true") {
		t.Errorf("NO_COLOR answer:\n%q", out)
	}
	_, stderr, code := run("n\n", "action", "slack", "chat-postMessage", "--body", `{"channel":"#general","text":"hi"}`)
	if code != ExitFailure || !strings.Contains(stderr, "Run slack/chat-postMessage (POST /chat.postMessage)") || !strings.Contains(stderr, "nothing was sent") {
		t.Errorf("declined (%d): %s", code, stderr)
	}
	if n := h.srv.Stats().Actions["chat-postMessage"]; n != 0 {
		t.Errorf("%d sent after no", n)
	}
	out, _, code = run("y\n", "action", "slack", "chat-postMessage", "--body", `{"channel":"#general","text":"hi"}`)
	if code != ExitOK || !strings.Contains(out, "hi") {
		t.Errorf("confirmed (%d): %s", code, out)
	}
}
