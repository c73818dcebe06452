package demo

import (
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// redirectTimeout bounds the server's own visit to a redirect URI, made
// when a terminal without a browser fetched the consent URL.
const redirectTimeout = 10 * time.Second

// handleAuthorize shows the consent page. A client that does not ask for
// HTML (curl, say) gets the consent given at once, and the server itself
// visits the redirect URI, so the flow completes from a terminal.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		// A HEAD (a link checker, a preview) must not give consent.
		w.WriteHeader(http.StatusOK)
		return
	}
	flowID := r.URL.Query().Get("flow")
	s.mu.Lock()
	f, ok := s.flows[flowID]
	var flow oauthFlow
	if ok {
		flow = *f
	}
	s.mu.Unlock()
	browser := strings.Contains(r.Header.Get("Accept"), "text/html")
	if !ok || flow.used {
		msg := "This sign-in link is unknown or has already been used. Start again from alloy-tui."
		if browser {
			writePage(w, http.StatusBadRequest, "Sign-in link not valid", "<p>"+html.EscapeString(msg)+"</p>")
		} else {
			writeText(w, http.StatusBadRequest, msg)
		}
		return
	}
	if !browser {
		s.approveWithoutBrowser(w, r, flow)
		return
	}
	c, _ := findConnector(flow.connector)
	decide := func(allow string) string {
		return "decide?" + url.Values{"flow": {flow.id}, "allow": {allow}}.Encode()
	}
	body := fmt.Sprintf(`<p><strong>alloy-tui demo</strong> wants to connect %s.</p>
<p>It will be able to read and edit the pages shared with it.</p>
<p><a class="button" href="%s">Allow</a> <a class="button" href="%s">Deny</a></p>
<p class="small">You will be sent back to %s.</p>`,
		html.EscapeString(c.Name), html.EscapeString(decide("1")), html.EscapeString(decide("0")),
		html.EscapeString(flow.redirectURI))
	writePage(w, http.StatusOK, "alloy-tui demo wants to connect "+c.Name, body)
}

// handleDecide records the user's choice and sends the browser back.
func (s *Server) handleDecide(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.WriteHeader(http.StatusOK)
		return
	}
	q := r.URL.Query()
	allow := q.Get("allow") == "1"
	target, err := s.decide(q.Get("flow"), allow)
	if err != nil {
		writePage(w, http.StatusBadRequest, "Sign-in link not valid", "<p>"+html.EscapeString(err.Error())+"</p>")
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// decide closes a flow: on allow, it makes the connection. It returns the
// redirect URI with what the callback should carry.
func (s *Server) decide(flowID string, allow bool) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.flows[flowID]
	if !ok || f.used {
		return "", fmt.Errorf("this sign-in link is unknown or has already been used; start again from alloy-tui")
	}
	u, err := url.Parse(f.redirectURI)
	if err != nil {
		return "", fmt.Errorf("the redirect URI cannot be used")
	}
	f.used = true
	q := u.Query()
	if !allow {
		q.Set("error", "access_denied")
		q.Set("error_description", "The user denied access.")
	} else {
		cred := s.addCredential(f.connector)
		switch s.opts.CallbackMode {
		case CallbackCredentialID:
			q.Set("credentialId", cred.id)
		case CallbackCode:
			code := randomToken()
			s.codes[code] = cred.id
			q.Set("code", code)
		}
	}
	if f.state != "" {
		q.Set("state", f.state)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// approveWithoutBrowser consents for a terminal client and visits the
// redirect URI from the server, only when it is on loopback: the demo
// must never be made to call arbitrary hosts.
func (s *Server) approveWithoutBrowser(w http.ResponseWriter, r *http.Request, flow oauthFlow) {
	u, err := url.Parse(flow.redirectURI)
	if err != nil || !isLoopbackHost(u.Hostname()) {
		writeText(w, http.StatusBadRequest,
			"Refused: the redirect URI is not on this machine (127.0.0.1, localhost or [::1]), so the demo will not call it. Open the link in a browser instead.")
		return
	}
	target, err := s.decide(flow.id, true)
	if err != nil {
		writeText(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), redirectTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		writeText(w, http.StatusBadGateway, "Approved, but the redirect URI could not be called.")
		return
	}
	// No proxy (the target is on this machine), no keep-alive (the call is
	// made once), and the target's own redirects are not followed.
	client := &http.Client{
		Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		writeText(w, http.StatusBadGateway, "Approved, but calling "+flow.redirectURI+" failed: the listener did not answer.")
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// The listener ignored the callback (it does so with callbacks it
		// judges forged) and is still waiting: saying "connected" would
		// send the user back to a terminal that is not.
		writeText(w, http.StatusBadGateway, fmt.Sprintf("Approved, but %s refused the callback (it answered %s); see the terminal.",
			flow.redirectURI, resp.Status))
		return
	}
	writeText(w, http.StatusOK, fmt.Sprintf("Approved: alloy-tui demo is connected. Told %s, which answered %s.",
		flow.redirectURI, resp.Status))
}

// isLoopbackHost accepts localhost and loopback addresses only.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// writeText answers a terminal with one line. Everything echoed is
// HTML-escaped and stripped of control characters, since the line may be
// shown by a terminal or, pasted, by a browser.
func writeText(w http.ResponseWriter, status int, line string) {
	clean := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, line)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, html.EscapeString(clean)+"\n")
}

// writePage answers a browser with a small page; title is escaped here,
// body must be escaped by the caller.
func writePage(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>%s</title>
<style>body{font-family:sans-serif;max-width:32em;margin:4em auto;line-height:1.5}
.button{display:inline-block;padding:.4em 1.2em;border:1px solid #555;border-radius:4px;text-decoration:none;margin-right:1em}
.small{color:#666;font-size:.9em}</style></head>
<body><h1>%s</h1>
%s
</body></html>
`, html.EscapeString(title), html.EscapeString(title), body)
}
