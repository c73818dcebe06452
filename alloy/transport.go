package alloy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/alloy-tui/alloy-tui/models"
)

// call is one logical request; do turns it into one or more attempts.
type call struct {
	op     string // for errors and logs: "list connectors", "execute notion/post-search"
	method string
	// path is already escaped and starts with "/"; it is joined to the
	// base URL's own path prefix.
	path   string
	query  url.Values
	body   any // marshalled to JSON when not nil
	action string
	// lane is the credentialId whose pace this request shares.
	lane string
	// safe requests may be repeated after a 5xx or a dropped connection.
	safe bool
	// priority requests are served first when the lane is full.
	priority bool
}

// escapePath joins segments into an escaped path, so that an id holding
// "/" or "?" cannot change which endpoint is asked.
func escapePath(segments ...string) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// normaliseBaseURL checks the base URL and drops a trailing slash, so that
// "http://h/prefix/" and "http://h/prefix" ask the same paths.
func normaliseBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Parse quotes the whole URL, user information included.
		return "", errors.New("the base URL is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("base URL %q: want http:// or https:// and a host", redactURL(u))
	}
	u.RawQuery, u.Fragment = "", ""
	return strings.TrimRight(u.String(), "/"), nil
}

// redactURL prints a URL with any user information it carries masked.
func redactURL(u *url.URL) string {
	return models.RedactURL(u.String())
}

func defaultHTTPClient(maxInFlight int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	// The default of 2 idle connections per host would close and reopen
	// connections under the contract's 4 requests in flight.
	t.MaxIdleConnsPerHost = max(maxInFlight*2, 8)
	return &http.Client{Transport: t}
}

// do runs a call with the contract's retries and pacing and returns the
// body of its 2xx answer. Failures are *Error, except that ctx ending comes
// back as ctx.Err() wrapped (errors.Is works).
//
// A refusal for rate (429, 529) sets the connection's shared pause and is
// retried once that is over, for any request and however often, until the
// request succeeds or ctx ends: it does not use up the MaxRetries budget,
// which guards against 5xx and dropped connections only.
func (c *Client) do(ctx context.Context, cl call) ([]byte, error) {
	if c.baseErr != nil {
		return nil, &Error{Op: cl.op, Message: clean(c.redact(c.baseErr.Error()), 300), Err: c.baseErr}
	}
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return nil, fmt.Errorf("%s: encoding the request: %w", cl.op, err)
		}
	}
	target := c.base + cl.path
	if len(cl.query) > 0 {
		target += "?" + cl.query.Encode()
	}
	ln := c.lane(cl.lane)
	failures := 0 // 5xx and dropped connections so far
	for attempt := 1; ; attempt++ {
		g, err := ln.acquire(ctx, cl.priority)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cl.op, err)
		}
		body, status, header, err := c.attempt(ctx, cl, target, payload, attempt)
		if ctx.Err() != nil {
			ln.release(g, outcomeOther, 0, "")
			return nil, fmt.Errorf("%s: %w", cl.op, ctx.Err())
		}
		if err == nil && status >= 200 && status < 300 {
			ln.release(g, outcomeSuccess, 0, "")
			return body, nil
		}

		var e *Error
		throttled := false
		if err != nil {
			e = &Error{Op: cl.op, Status: status, URL: c.publicURL(target), Err: err}
			if status == 0 {
				e.Message = clean(c.redact(err.Error()), 300)
			} else {
				e.Message = err.Error()
			}
		} else {
			e = &Error{Op: cl.op, Status: status, URL: c.publicURL(target)}
			e.fillFromBody(body)
			if id := header.Get("X-Request-Id"); e.RequestID == "" && id != "" {
				e.RequestID = clean(id, 100)
			}
			throttled = status == http.StatusTooManyRequests || status == 529
		}
		c.scrub(e)

		retryAfter, hasRetryAfter := time.Duration(0), false
		if header != nil {
			retryAfter, hasRetryAfter = retryAfterDelay(header.Get("Retry-After"), c.clock.Now())
			e.RetryAfter = retryAfter
		}

		if throttled {
			// The pause is shared: acquire sleeps it out for this request
			// and for every other one of the connection.
			wait := retryAfter
			if !hasRetryAfter {
				wait = ln.throttleBackoff(c.jitter())
			}
			ln.release(g, outcomeThrottled, wait, ReasonRateLimited)
			c.logRetry(cl, attempt, e, wait)
			continue
		}
		ln.release(g, outcomeOther, 0, "")
		failures++
		if failures > MaxRetries || !c.retryable(cl, e) {
			return nil, e
		}
		wait := retryAfter
		if !hasRetryAfter {
			wait = c.backoff(failures)
		}
		c.logRetry(cl, attempt, e, wait)
		why := "no answer from the service, retrying"
		if e.Status != 0 {
			why = fmt.Sprintf("service failed (%d), retrying", e.Status)
		}
		end := beginWait(ctx, Wait{Until: c.clock.Now().Add(wait), Length: wait, Reason: why})
		err = c.clock.Sleep(ctx, wait)
		end()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cl.op, err)
		}
	}
}

// retryable applies the contract to a failure that is not a refusal for
// rate: 500, 502, 503, 504 and answers that never arrived are retried only
// for requests safe to repeat. An answer that arrived but could not be used
// (too large, say) is not retried.
func (c *Client) retryable(cl call, e *Error) bool {
	if !cl.safe {
		return false
	}
	switch e.Status {
	case 0:
		return true
	case 500, 502, 503, 504:
		return e.Err == nil
	}
	return false
}

// backoff is the wait before retry number n when the service named none:
// 1 s, 2 s, 4 s, … plus up to half again of jitter, so that the requests
// refused together do not all come back together; capped at MaxRetryWait.
func (c *Client) backoff(n int) time.Duration {
	base := time.Second << min(n-1, 6)
	d := base + time.Duration(c.jitter()*float64(base/2))
	return min(d, MaxRetryWait)
}

// retryAfterDelay reads Retry-After as delta-seconds or an HTTP date; ok is
// false when it is absent or unreadable, so that "Retry-After: 0" (retry
// now) differs from no header (back off). It is not capped at
// MaxRetryWait: the service's word is waited out in full (Notion's
// workspace-wide limit can ask for minutes); only a value over
// MaxRetryAfter, which no real service sends, is cut to it.
func retryAfterDelay(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs != secs { // NaN
			return 0, false
		}
		secs = min(max(secs, 0), MaxRetryAfter.Seconds())
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), MaxRetryAfter), true
	}
	return 0, false
}

// attempt sends one HTTP request and reads its answer. A non-nil error with
// status 0 means no answer arrived; with a status, the answer could not be
// read (too large).
func (c *Client) attempt(ctx context.Context, cl call, target string, payload []byte, attempt int) ([]byte, int, http.Header, error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, cl.method, target, body)
	if err != nil {
		return nil, 0, nil, err
	}
	c.setHeaders(req, payload != nil)

	start := time.Now()
	if c.cfg.Logger != nil {
		c.log(ctx, "alloy request", slog.String("method", cl.method), slog.String("path", cl.path),
			slog.String("action", cl.action), slog.Int("attempt", attempt),
			slog.String("headers", c.logHeaders(req.Header)), slog.String("body", c.logBody(payload)))
	}
	resp, err := c.httpc.Do(req)
	if err != nil {
		c.log(ctx, "alloy no answer", slog.String("method", cl.method), slog.String("path", cl.path),
			slog.String("action", cl.action), slog.Int("attempt", attempt),
			slog.Duration("duration", time.Since(start)), slog.String("error", clean(c.redact(err.Error()), 300)))
		c.recordCall(ctx, cl, payload, attempt, 0, nil, start, err)
		return nil, 0, nil, err
	}
	defer resp.Body.Close()

	var data []byte
	if resp.ContentLength > c.maxBody {
		err = ErrResponseTooLarge
	} else {
		data, err = io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
		if err == nil && int64(len(data)) > c.maxBody {
			data, err = nil, ErrResponseTooLarge
		}
		// A service that echoes the key back (in a title, say) must not put
		// it on the screen or in a script's output: scrub every answer.
		// Every form counts (JSON escapes, sequences or invisible characters
		// inside), and it is done before anything decodes or cuts the text,
		// so that no part of a key survives into a message.
		if c.cfg.APIKey != "" && len(data) > 0 {
			// Read the body in place: Redact returns it unchanged, without
			// copying, when there is nothing to remove.
			text := unsafe.String(&data[0], len(data))
			if clean := c.redact(text); clean != text {
				data = []byte(clean)
			}
		}
	}
	status := resp.StatusCode
	if err != nil && !errors.Is(err, ErrResponseTooLarge) {
		status = 0 // the connection dropped while reading: no usable answer
	}
	c.log(ctx, "alloy answer", slog.String("method", cl.method), slog.String("path", cl.path),
		slog.String("action", cl.action), slog.Int("attempt", attempt), slog.Int("status", resp.StatusCode),
		slog.Int("bytes", len(data)), slog.Duration("duration", time.Since(start)),
		slog.String("body", c.logBody(data)))
	c.recordCall(ctx, cl, payload, attempt, status, data, start, err)
	return data, status, resp.Header, err
}

func (c *Client) setHeaders(req *http.Request, hasBody bool) {
	h := req.Header
	h.Set("Authorization", "Bearer "+c.cfg.APIKey)
	h.Set("x-api-version", c.cfg.APIVersion)
	if c.cfg.UserID != "" {
		h.Set("x-alloy-userid", c.cfg.UserID)
	}
	if hasBody {
		h.Set("Content-Type", "application/json")
	}
	h.Set("Accept", "application/json")
	h.Set("User-Agent", "alloy-tui/"+c.cfg.Version)
}

func (c *Client) log(ctx context.Context, msg string, attrs ...slog.Attr) {
	if c.cfg.Logger == nil {
		return
	}
	c.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, msg, attrs...)
}

// logBodyLimit bounds how much of a body the debug log keeps.
const logBodyLimit = 4096

// logBody is a body fit for the debug log: the key redacted in every form
// it can take in raw bytes (see models.Redact), then cut short; redacting
// first means the cut cannot leave part of a key behind.
func (c *Client) logBody(b []byte) string {
	if c.cfg.Logger == nil || len(b) == 0 {
		return ""
	}
	s := c.redact(string(b))
	if len(s) > logBodyLimit {
		cut := logBodyLimit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + fmt.Sprintf("… (%d bytes in all)", len(b))
	}
	return s
}

// logHeaders lists the request headers for the debug log, with the
// Authorization header's value never written.
func (c *Client) logHeaders(h http.Header) string {
	if c.cfg.Logger == nil {
		return ""
	}
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		v := strings.Join(h[k], ", ")
		if strings.EqualFold(k, "Authorization") {
			v = "[redacted]"
		}
		fmt.Fprintf(&sb, "%s: %s; ", k, c.redact(v))
	}
	return strings.TrimSuffix(sb.String(), "; ")
}

func (c *Client) logRetry(cl call, attempt int, e *Error, wait time.Duration) {
	c.log(context.Background(), "alloy retry", slog.String("method", cl.method), slog.String("path", cl.path),
		slog.String("action", cl.action), slog.Int("attempt", attempt), slog.Int("status", e.Status),
		slog.Duration("wait", wait))
}

// publicURL is target without user information, fit for an error.
func (c *Client) publicURL(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return ""
	}
	return c.redact(redactURL(u))
}

// redact removes the API key from text that came from elsewhere: a service
// may echo the Authorization header back in an error message, JSON-escaped
// or with escape sequences or invisible characters inside (models.Redact).
func (c *Client) redact(s string) string {
	return models.Redact(s, c.cfg.APIKey)
}

// scrub redacts every text field of an error.
func (c *Client) scrub(e *Error) {
	e.Message = c.redact(e.Message)
	e.Code = c.redact(e.Code)
	e.RequestID = c.redact(e.RequestID)
	e.URL = c.redact(e.URL)
}
