package alloy

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Call is one HTTP request the client sent and what came of it, as the
// session's call log keeps it. Nothing in it holds the API key: the path
// carries ids only, and the error and request are redacted.
type Call struct {
	At       time.Time
	Method   string // the HTTP method sent to Alloy
	Path     string // the path asked, without the base URL
	Op       string // what the call was for: "execute slack/chat-postMessage"
	Attempt  int    // 1 for the first try, more for retries
	Status   int    // 0 when no answer arrived
	Duration time.Duration
	Bytes    int
	// Err says why no answer arrived, "" when one did.
	Err string
	// Connector and Action are set for an action's execution; Request is
	// then its body (credentialId, requestBody, parameters), to run it
	// again, and Answer the body of the answer (a provider's error, say),
	// each when at most 64 KB.
	Connector, Action string
	Request, Answer   []byte
}

// CallLog keeps the last calls of a session in memory, for a UI to show
// what went over the wire. It is safe for concurrent use.
type CallLog struct {
	mu    sync.Mutex
	calls []Call
	next  int
	full  bool
	total int
}

// DefaultCallLogSize is how many calls NewCallLog keeps when given no size.
const DefaultCallLogSize = 500

// maxLoggedRequest bounds the request kept with a call.
const maxLoggedRequest = 64 << 10

// NewCallLog returns a log of the last n calls.
func NewCallLog(n int) *CallLog {
	if n <= 0 {
		n = DefaultCallLogSize
	}
	return &CallLog{calls: make([]Call, n)}
}

// Add records a call, forgetting the oldest when the log is full.
func (l *CallLog) Add(c Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls[l.next] = c
	l.next = (l.next + 1) % len(l.calls)
	l.full = l.full || l.next == 0
	l.total++
}

// Calls returns the calls kept, newest first.
func (l *CallLog) Calls() []Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.next
	if l.full {
		n = len(l.calls)
	}
	out := make([]Call, 0, n)
	for i := 1; i <= n; i++ {
		out = append(out, l.calls[(l.next-i+len(l.calls))%len(l.calls)])
	}
	return out
}

// Total is how many calls were ever added, kept or not.
func (l *CallLog) Total() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

type callLogKey struct{}

// WithCallLog returns a context whose requests are recorded in l, and in
// every log ctx records in already (a screen may keep its own beside the
// session's).
func WithCallLog(ctx context.Context, l *CallLog) context.Context {
	logs, _ := ctx.Value(callLogKey{}).([]*CallLog)
	return context.WithValue(ctx, callLogKey{}, append(logs[:len(logs):len(logs)], l))
}

// CallLogFrom returns the call log ctx was last given, nil when none.
func CallLogFrom(ctx context.Context) *CallLog {
	logs, _ := ctx.Value(callLogKey{}).([]*CallLog)
	if len(logs) == 0 {
		return nil
	}
	return logs[len(logs)-1]
}

// recordCall adds one attempt to the context's call log, if it has one.
func (c *Client) recordCall(ctx context.Context, cl call, payload []byte, attempt, status int, answer []byte, start time.Time, err error) {
	logs, _ := ctx.Value(callLogKey{}).([]*CallLog)
	if len(logs) == 0 {
		return
	}
	rec := Call{
		At: start, Method: cl.method, Path: c.redact(cl.path), Op: c.redact(cl.op), Attempt: attempt,
		Status: status, Duration: time.Since(start), Bytes: len(answer), Action: cl.action,
	}
	if err != nil && status == 0 {
		rec.Err = clean(c.redact(err.Error()), 300)
	}
	if parts := strings.Split(strings.TrimPrefix(cl.path, "/"), "/"); len(parts) == 5 && parts[0] == "connectors" && parts[4] == "execute" {
		rec.Connector, _ = url.PathUnescape(parts[1])
		if len(payload) <= maxLoggedRequest {
			rec.Request = []byte(c.redact(string(payload)))
		}
		if len(answer) <= maxLoggedRequest {
			rec.Answer = []byte(c.redact(string(answer)))
		}
	}
	for _, l := range logs {
		l.Add(rec)
	}
}
