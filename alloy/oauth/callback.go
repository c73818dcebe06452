package oauth

import (
	"context"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Server limits: the only client is the user's own browser, so anything slow
// or large is not it.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	// writeTimeout leaves room for the work done before the page is written
	// (an exchange, a few listings), which the handler waits for.
	writeTimeout   = 3 * time.Minute
	idleTimeout    = 30 * time.Second
	maxHeaderBytes = 16 << 10
	// shutdownGrace bounds how long stopping waits for a page to be sent.
	shutdownGrace = 5 * time.Second
)

// callback is one request to the callback path, handed to the flow, which
// answers on reply with the page to show.
type callback struct {
	query url.Values
	// crossSite says why a browser marked the request as sent by another
	// web page; "" when it did not.
	crossSite string
	reply     chan<- page
}

// page is what the browser is shown.
type page struct {
	Status  int
	Title   string
	Message string
}

// Pages that do not depend on the outcome.
var (
	pageAlreadyHandled = page{http.StatusOK, "Already handled",
		"alloy-tui has already received a sign-in callback; this one was ignored. You can close this tab."}
	pageNotWaiting = page{http.StatusGone, "No longer waiting",
		"alloy-tui has stopped waiting for this sign-in. You can close this tab and start again from the terminal."}
)

// Pages of the outcomes. The texts are plain: the template escapes them.
var (
	pageCancelled = page{http.StatusOK, "Cancelled",
		"Connecting was cancelled in alloy-tui. You can close this tab."}
	// pageFailed stays generic: details belong in the terminal, not in a
	// page any local program could fetch.
	pageFailed = page{http.StatusInternalServerError, "Not connected",
		"alloy-tui could not finish connecting; the terminal says why. You can close this tab and try again."}
)

// ignoredPage answers a callback that is not this sign-in's return; the
// flow keeps waiting for the real one.
func ignoredPage(status int, why string) page {
	return page{status, "Callback ignored",
		"alloy-tui ignored this request because " + why + ". It is still waiting for the sign-in it started; finish that one in its own tab."}
}

// deniedPage shows the provider's (sanitised, then escaped) reason.
func deniedPage(reason string) page {
	return page{http.StatusOK, "Not connected",
		"The service did not authorise the connection (" + reason + "). You can close this tab and try again from alloy-tui."}
}

// connectedPage is the page of success.
func connectedPage(connector string) page {
	return page{http.StatusOK, "Connected",
		"alloy-tui is now connected to " + connector + ". You can close this tab and return to the terminal."}
}

// pageTemplate is html/template so that every value, including the
// provider's error text, is escaped.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>alloy-tui: {{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.5}</style>
</head><body><h1>{{.Title}}</h1><p>{{.Message}}</p></body></html>
`))

// callbackServer answers the redirect path and 404s everything else. Every
// callback goes to the flow, which judges it; once the flow has taken the
// real one, later callbacks are told so at once.
type callbackServer struct {
	path string
	// origins are the listener's own origins ("http://127.0.0.1:3000"),
	// lower case: the only ones an Origin header may name.
	origins   map[string]bool
	callbacks chan<- callback
	// accepted is closed when the flow has taken its callback.
	accepted <-chan struct{}
	// finished is closed when the flow stops waiting, so that a handler
	// never blocks on a flow that has gone.
	finished <-chan struct{}
}

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		// The server's own complaints would land on stderr, under a TUI.
		ErrorLog: log.New(io.Discard, "", 0),
	}
}

func (s *callbackServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != s.path {
		http.NotFound(w, r)
		return
	}
	if !loopbackHost(r.Host) {
		// A foreign Host header means a page reached us through DNS
		// rebinding, not a redirect to our own address.
		http.Error(w, "misdirected request", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	select {
	case <-s.accepted:
		writePage(w, pageAlreadyHandled)
		return
	default:
	}
	reply := make(chan page, 1)
	cb := callback{query: r.URL.Query(), crossSite: s.crossSite(r), reply: reply}
	select {
	case s.callbacks <- cb:
	case <-s.accepted:
		writePage(w, pageAlreadyHandled)
		return
	case <-s.finished:
		writePage(w, pageNotWaiting)
		return
	case <-r.Context().Done():
		return
	}
	select {
	case p := <-reply:
		writePage(w, p)
	case <-s.finished:
		// The flow may have answered just before finishing.
		select {
		case p := <-reply:
			writePage(w, p)
		default:
			writePage(w, pageNotWaiting)
		}
	case <-r.Context().Done():
	}
}

// crossSite says why a browser marked r as sent by a web page rather than
// opened in a tab, or "" when it did not. Only browsers set these headers,
// so this guards against web pages (a fetch, an image, a frame, a form), not
// local programs: the state and the check of the connection id guard
// against those.
//
// The real return from Alloy is itself a cross-site request (a redirect from
// Alloy's site to 127.0.0.1), and browsers mark it Sec-Fetch-Site:
// cross-site with Sec-Fetch-Mode: navigate and Sec-Fetch-Dest: document. So
// a cross-site top-level navigation is let through for the state to decide,
// as the Fetch Metadata resource isolation policy does; any other request a
// browser marks as cross-site, or as not a top-level navigation, is refused.
func (s *callbackServer) crossSite(r *http.Request) string {
	if origin := r.Header.Values("Origin"); len(origin) > 0 {
		if len(origin) > 1 || !s.origins[strings.ToLower(strings.TrimSpace(origin[0]))] {
			return "it was sent by another web page (its Origin is not this listener)"
		}
	}
	site := strings.ToLower(strings.TrimSpace(r.Header.Get("Sec-Fetch-Site")))
	mode := strings.ToLower(strings.TrimSpace(r.Header.Get("Sec-Fetch-Mode")))
	dest := strings.ToLower(strings.TrimSpace(r.Header.Get("Sec-Fetch-Dest")))
	topLevel := mode == "navigate" && (dest == "document" || dest == "")
	switch {
	case site == "cross-site" && !topLevel:
		return "the browser marked it as sent by another web site (Sec-Fetch-Site: cross-site), not opened in a tab"
	case (mode != "" || dest != "") && !topLevel:
		return "the browser marked it as loaded by a web page (a fetch, an image or a frame), not opened in a tab"
	}
	return ""
}

// ownOrigins are the origins of the listener: the redirect URI's (which is
// what the browser is sent to, perhaps as localhost) and the bound address.
func ownOrigins(redirectURI string, addr net.Addr) map[string]bool {
	out := map[string]bool{strings.ToLower("http://" + addr.String()): true}
	if u, err := url.Parse(redirectURI); err == nil && u.Host != "" {
		host := strings.ToLower(u.Host)
		out["http://"+host] = true
		if u.Port() == "80" {
			// Browsers leave the default port out of an origin.
			out["http://"+strings.TrimSuffix(host, ":80")] = true
		}
	}
	return out
}

func writePage(w http.ResponseWriter, p page) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	// The page needs nothing from anywhere, and must not leak the callback
	// URL (which may carry a code) to anyone.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(p.Status)
	_ = pageTemplate.Execute(w, p)
}

// loopbackHost reports whether a Host header names this machine's loopback.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// maxRemoteText bounds the provider's text kept in errors and pages.
const maxRemoteText = 200

// sanitise makes remote text safe to show in a terminal: no control,
// bidirectional or zero-width characters (which could move the cursor or
// disguise text), no line separators, valid UTF-8, and bounded length.
func sanitise(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if n == maxRemoteText {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\n' || r == '\t' || r == '\r' || unicode.In(r, unicode.Zl, unicode.Zp):
			r = ' '
		case unicode.IsControl(r) || unicode.In(r, unicode.Bidi_Control, unicode.Cf):
			// Cf holds the zero-width characters that hide text.
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// stopServer shuts the server down, closing the listener at once and giving
// a page in flight a moment to be written.
func stopServer(srv *http.Server, served <-chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if srv.Shutdown(ctx) != nil {
		_ = srv.Close()
	}
	<-served
}
