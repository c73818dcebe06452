package alloy

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinels carried in Error.Err, so callers can tell the kinds of
// unusable answers apart with errors.Is.
var (
	// ErrUnexpectedResponse: the answer is valid JSON in none of the shapes
	// the contract lists.
	ErrUnexpectedResponse = errors.New("unexpected response")
	// ErrMalformedResponse: the answer is not valid JSON.
	ErrMalformedResponse = errors.New("malformed response")
	// ErrResponseTooLarge: the answer is over MaxResponseBytes.
	ErrResponseTooLarge = errors.New("response too large")
	// ErrReportedFailure: a 2xx answer said "success": false.
	ErrReportedFailure = errors.New("the service reported a failure")
)

// Error is every failure the service reports, and "no answer at all".
type Error struct {
	Status     int           // HTTP status; 0 when no answer arrived
	Code       string        // service or Notion error code, if any
	Message    string        // message from the body, sanitised
	RequestID  string        // request id, if any
	RetryAfter time.Duration // from Retry-After, if any
	Op         string        // what was being done, e.g. "execute notion/post-search"
	URL        string        // the URL asked, without secrets (for network errors)
	Err        error         // underlying cause (network error, decoding error)

	// fromNotion is set when the body was Notion's own error object: the
	// action exists, Notion answered.
	fromNotion bool
}

// Error describes the failure for logs: operation, status, code, message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.Status == 0 {
		b.WriteString("no answer")
		if e.URL != "" {
			b.WriteString(" from ")
			b.WriteString(e.URL)
		}
		if e.Message != "" {
			b.WriteString(": ")
			b.WriteString(e.Message)
		}
		return b.String()
	}
	// A 2xx here is an answer that could not be used: its status says
	// nothing, the message says what was wrong.
	head := ""
	if e.Status < 200 || e.Status > 299 {
		head = strconv.Itoa(e.Status)
	}
	if e.Code != "" {
		head = strings.TrimSpace(head + " " + e.Code)
	}
	b.WriteString(head)
	if e.Message != "" {
		if head != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Explain returns the sentence a person is shown, from the contract's table.
func (e *Error) Explain() string {
	// The sentence supplies its own full stop.
	msg := strings.TrimRight(e.Message, ". ")
	switch {
	case e.Status == 0:
		where := e.URL
		if where == "" {
			where = "the service"
		}
		return fmt.Sprintf("No answer from %s: the network is down or the base URL is wrong.", where)
	case e.Status >= 200 && e.Status < 300:
		return "The service's answer could not be understood: " + orDefault(msg, "no details") + "."
	case e.Status == http.StatusBadRequest:
		return "The request was refused: " + orDefault(msg, "no reason given") + "."
	case e.Status == http.StatusUnauthorized:
		return "The API key is wrong or has been revoked; re-enter it with `alloy-tui login`."
	case e.Status == http.StatusForbidden:
		return "This API key or user is not allowed to do that."
	case e.Status == http.StatusNotFound:
		return "Not found: the connection, action or page does not exist or is not shared with the integration."
	case e.Status == http.StatusConflict:
		return "Someone else changed this at the same time; refresh and try again."
	case e.Status == http.StatusTooManyRequests:
		if e.RetryAfter > 0 {
			return fmt.Sprintf("Rate limited by the service; try again in %s.", e.RetryAfter.Round(time.Second))
		}
		return "Rate limited by the service; try again in a moment."
	case e.Status >= 500:
		return fmt.Sprintf("The service failed (HTTP %d); try again in a moment.", e.Status)
	default:
		return fmt.Sprintf("The service answered HTTP %d: %s.", e.Status, orDefault(msg, "no details"))
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// errorBody holds every error shape of the contract at once: the guide's
// {"error":{"code","message"}}, {"error":"…","message":"…"}, Notion's
// {"object":"error","status","code","message","request_id"} and
// {"message":"…"}.
type errorBody struct {
	Object    string          `json:"object"`
	Code      json.RawMessage `json:"code"`
	Message   json.RawMessage `json:"message"`
	RequestID string          `json:"request_id"`
	ReqID     string          `json:"requestId"`
	Error     json.RawMessage `json:"error"`
}

// fillFromBody reads status, code and message from an error answer; when
// the body is in none of the known shapes, its first 200 bytes become the
// message (an HTML page from a proxy, say).
func (e *Error) fillFromBody(body []byte) {
	if e.readJSONError(body) {
		return
	}
	e.Message = textExcerpt(body, 200)
}

func (e *Error) readJSONError(body []byte) bool {
	var eb errorBody
	if json.Unmarshal(body, &eb) != nil {
		return false
	}
	if id := firstNonEmpty(eb.RequestID, eb.ReqID); id != "" {
		e.RequestID = id
	}
	if eb.Object == "error" {
		e.fromNotion = true
	}
	code, message := jsonText(eb.Code), jsonText(eb.Message)
	if len(eb.Error) > 0 {
		switch eb.Error[0] {
		case '{':
			var inner struct {
				Code    json.RawMessage `json:"code"`
				Message json.RawMessage `json:"message"`
				Object  string          `json:"object"`
			}
			if json.Unmarshal(eb.Error, &inner) == nil {
				code = firstNonEmpty(jsonText(inner.Code), code)
				message = firstNonEmpty(jsonText(inner.Message), message)
				if inner.Object == "error" {
					e.fromNotion = true
				}
			}
		case '"':
			s := jsonText(eb.Error)
			if message == "" {
				message = s
			} else if code == "" {
				code = s
			}
		}
	}
	if code == "" && message == "" {
		return false
	}
	e.Code = clean(code, 100)
	e.Message = clean(message, 500)
	return true
}

// jsonText returns a JSON string's value, or a number's text (some services
// send numeric codes); anything else is empty.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// textExcerpt is the first n bytes of a non-JSON body as one clean line,
// cut on a rune boundary.
func textExcerpt(body []byte, n int) string {
	if len(body) > n {
		body = body[:n]
		for len(body) > 0 && !utf8.Valid(body) {
			body = body[:len(body)-1]
		}
	}
	return clean(string(body), n)
}

// clean makes remote text safe to print on one line: terminal escape
// sequences and control characters go, runs of white space become one
// space, invalid UTF-8 becomes U+FFFD, and the result is at most max bytes.
// It is local because models.Sanitize is written elsewhere and the client
// must not depend on its timing.
func clean(s string, max int) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			i += escapeLen(s[i:])
			continue
		case r == 0x9b: // C1 CSI
			i += size
			for i < len(s) && (s[i] < 0x40 || s[i] > 0x7e) {
				i++
			}
			if i < len(s) {
				i++
			}
			continue
		case r == '\t' || r == '\n' || r == '\r' || r == ' ':
			space = b.Len() > 0
			i += size
			continue
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x2028 || r == 0x2029:
			i += size
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if b.Len()+size > max {
			break
		}
		b.WriteRune(r) // an invalid byte decodes as RuneError and is written as U+FFFD
		i += size
	}
	return b.String()
}

// escapeLen is the length of the escape sequence at the start of s (which
// starts with ESC): CSI up to its final byte, OSC/DCS/APC/PM/SOS up to BEL
// or ST, else ESC and one byte.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		i := 2
		for i < len(s) && (s[i] < 0x40 || s[i] > 0x7e) {
			i++
		}
		if i < len(s) {
			i++
		}
		return i
	case ']', 'P', '_', '^', 'X':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	default:
		_, size := utf8.DecodeRuneInString(s[1:])
		return 1 + size
	}
}

// MayBeDatabase reports whether a failed page request may only mean that the
// id is a database's: Notion answers those with object_not_found (404) or
// validation_error (400), so the caller can try it as a database.
func MayBeDatabase(err error) bool {
	var ae *Error
	if !errors.As(err, &ae) {
		return false
	}
	return (ae.Status == http.StatusNotFound && ae.Code == "object_not_found") ||
		(ae.Status == http.StatusBadRequest && ae.Code == "validation_error")
}
