// Package alloy is the client of Alloy's Connectivity API and of Notion as
// reached through it. It imports no UI code.
//
// Every request carries the contract's headers and is paced per connection
// by one pacer that every request of the connection shares (see lane.go):
// a token bucket starting at Notion's average of 3 requests a second with
// a burst of 3, at most MaxInFlight in flight, one shared pause when the
// service answers 429 or 529 (its Retry-After, however long, or a back-off
// from 1 s), after which the rate is halved; runs of successes raise it
// again, up to a ceiling. A refusal for rate is the service asking us to
// wait, not a failure: such requests are retried, whatever their method,
// until they succeed or their context ends. 5xx and dropped connections
// are retried only for reads (GETs and the read actions, see IsReadAction),
// at most MaxRetries times, waiting Retry-After or backing off from 1 s.
// The pauses a request waits out are reported to WithWaitObserver.
// Failures are *Error, whose Explain gives the sentence for people; the API
// key never appears in an error or a log line.
//
// Notion actions are tried under their aliases: a 404 that does not come
// from Notion (no Notion error object, code not object_not_found) means
// the action id is unknown, and the next alias is tried; the one that
// worked is remembered for the client's life.
//
// This file holds the client's surface; the bodies live beside it:
// transport.go (requests, retries), lane.go (pacing, waits), errors.go,
// connectivity.go, execute.go, notion.go and tree.go (block trees).
package alloy

import (
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/alloy-tui/alloy-tui/models"
)

// Defaults from the contract.
const (
	DefaultBaseURL       = "https://production.runalloy.com"
	DefaultAPIVersion    = "2025-09"
	DefaultNotionVersion = "2025-09-03"
	NotionConnector      = "notion"
)

// Further defaults of Config, exported so that callers can show them.
const (
	// DefaultRequestTimeout bounds one HTTP attempt.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultMaxInFlight is the contract's limit of requests in flight per
	// connection.
	DefaultMaxInFlight = 4
	// MaxResponseBytes is the largest answer the client reads; a larger one
	// is refused rather than held in memory.
	MaxResponseBytes = 32 << 20
	// MaxRetries is how many times one request is retried at most after
	// a 5xx or a dropped connection. Refusals for rate (429, 529) do not
	// count: they are retried until the request's context ends.
	MaxRetries = 3
	// MaxRetryWait caps the client's own back-off. A Retry-After the
	// service sends is waited out in full, however long (up to
	// MaxRetryAfter, which only guards against nonsense).
	MaxRetryWait = 60 * time.Second
	// MaxRetryAfter is the longest Retry-After taken as it is; a longer one
	// (a broken or hostile server) is read as this.
	MaxRetryAfter = 24 * time.Hour
	// DefaultRate is the rate a connection's pacer starts at, in requests
	// a second: Notion's documented average.
	DefaultRate = 3.0
	// DefaultBurst is how many requests a connection's pacer lets go at
	// once after a quiet spell.
	DefaultBurst = 3
	// DefaultMaxRate is the ceiling a connection's rate may rise to after
	// long runs of successes.
	DefaultMaxRate = 10.0
)

// Config configures a Client. Zero values take the contract's defaults.
type Config struct {
	BaseURL       string // may carry a path prefix
	APIKey        string
	UserID        string
	APIVersion    string
	NotionVersion string
	HTTPClient    *http.Client
	// Logger, when set, receives a debug line per request and answer. It
	// never sees the API key or the Authorization header.
	Logger *slog.Logger
	Clock  Clock
	// Version is this program's version, sent in the User-Agent.
	Version string
	// RequestTimeout bounds each HTTP attempt (30 s by default).
	RequestTimeout time.Duration
	// MaxInFlight bounds requests in flight per connection (4 by default).
	MaxInFlight int
	// Rate is the rate each connection's pacer starts at, in requests a
	// second (DefaultRate when zero); a negative Rate turns the token
	// bucket off (tests), leaving the in-flight bound and the shared
	// pauses. MaxRate is the ceiling (DefaultMaxRate when zero) and Burst
	// the bucket's size (DefaultBurst when zero).
	Rate, MaxRate float64
	Burst         int
}

// Client talks to Alloy. It is safe for concurrent use.
type Client struct {
	cfg Config
	// base is the scheme, host and path prefix, without a trailing slash;
	// baseErr is why the configured base URL could not be used, reported by
	// every call since New cannot fail.
	base    string
	baseErr error
	httpc   *http.Client
	clock   Clock
	// maxBody is MaxResponseBytes except in tests.
	maxBody int64
	// jitter returns a number in [0,1) to spread back-off waits.
	jitter func() float64

	lanesMu sync.Mutex
	lanes   map[string]*lane

	// actionsMu guards actions: which alias of a logical Notion action
	// the service accepted, so later calls go straight to it.
	actionsMu sync.Mutex
	actions   map[string]string

	// sourcesMu guards sources: the data source QueryDatabase found for
	// each database (by credential and database id), so that it retrieves
	// a database once, not once a page of rows.
	sourcesMu sync.Mutex
	sources   map[string]string
}

// New returns a client for cfg, filling in the contract's defaults.
func New(cfg Config) *Client {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if cfg.NotionVersion == "" {
		cfg.NotionVersion = DefaultNotionVersion
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	if cfg.Rate == 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.MaxRate <= 0 {
		cfg.MaxRate = DefaultMaxRate
	}
	if cfg.Burst <= 0 {
		cfg.Burst = DefaultBurst
	}
	c := &Client{
		cfg:     cfg,
		httpc:   cfg.HTTPClient,
		clock:   cfg.Clock,
		maxBody: MaxResponseBytes,
		jitter:  randomJitter,
		lanes:   map[string]*lane{},
		actions: map[string]string{},
		sources: map[string]string{},
	}
	if c.clock == nil {
		c.clock = RealClock()
	}
	if c.httpc == nil {
		c.httpc = defaultHTTPClient(cfg.MaxInFlight)
	}
	c.base, c.baseErr = normaliseBaseURL(cfg.BaseURL)
	return c
}

// BaseURL returns the base URL the client talks to.
func (c *Client) BaseURL() string { return c.cfg.BaseURL }

// UserID returns the configured Alloy user id.
func (c *Client) UserID() string { return c.cfg.UserID }

// ActionRequest is the body of an action execution.
type ActionRequest struct {
	CredentialID      string            `json:"credentialId"`
	RequestBody       any               `json:"requestBody,omitempty"`
	QueryParameters   map[string]string `json:"queryParameters,omitempty"`
	PathParams        map[string]string `json:"pathParams,omitempty"`
	AdditionalHeaders map[string]string `json:"additionalHeaders,omitempty"`
}

// OAuthStart is the answer to starting an OAuth flow.
type OAuthStart struct {
	OAuthURL     string
	CredentialID string // compat: some answers carry it already
}

// Notion is the Notion API reached through one connection.
type Notion struct {
	client       *Client
	credentialID string
}

// Notion returns the Notion API over the given connection.
func (c *Client) Notion(credentialID string) *Notion {
	return &Notion{client: c, credentialID: credentialID}
}

// SearchParams are one search request.
type SearchParams struct {
	Query    string
	Cursor   string
	PageSize int // 100 when zero
	// PagesOnly filters results to pages (filter object=page).
	PagesOnly bool
	// Object narrows the results to one kind: "page", or "data_source"
	// (databases: sent as "database" under a Notion version before
	// 2025-09-03). Empty means both, unless PagesOnly is set.
	Object string
	// Limit, when set, is how many results SearchEach is read for: it asks
	// no more than that, and fetches no list page ahead past it.
	Limit int
}

// PageList is one page of a list answer.
type PageList struct {
	Pages      []models.Page
	NextCursor string
	HasMore    bool
}

// BlockList is one page of block children.
type BlockList struct {
	Blocks     []*models.Block
	NextCursor string
	HasMore    bool
}

// Subtree is one arrived list page of the block tree: the next children of
// ParentID, in order. Events for one parent arrive in cursor order, so a
// receiver appends; Complete marks the parent's last list page. The blocks are
// never modified after they are handed out and their Children are nil (build
// the tree with models.AssembleTree).
type Subtree struct {
	ParentID string
	Blocks   []*models.Block
	Complete bool
	// Requests done so far, and children lists known but not yet complete.
	Fetched, Pending int
	// Loaded is how many blocks of the whole tree have arrived so far, and
	// EstimatedTotal a fair guess at how many the tree holds (as
	// TreeProgress.Blocks and .EstimatedTotal, at the time of this event).
	Loaded, EstimatedTotal int
}

// TreeProgress is how far a TreeLoad has got.
type TreeProgress struct {
	// Blocks is how many blocks have arrived.
	Blocks int
	// EstimatedTotal guesses the tree's size: the blocks loaded, plus for
	// each list still to fetch the average size of the lists completed so
	// far (10 before any), plus a page of 100 for each list that has a
	// cursor still to follow. Never less than Blocks; equal once complete.
	EstimatedTotal int
	// Lists is how many list pages have arrived; PendingLists how many
	// children lists are known and not complete.
	Lists, PendingLists int
	// Complete is set once the whole tree has arrived.
	Complete bool
}

// DatabaseQuery is one query of a database's rows by QueryDatabase.
type DatabaseQuery struct {
	Filter   any
	Sorts    any
	Cursor   string
	PageSize int
}

// DataSourceQuery is one query of a data source's rows by QueryDataSource.
type DataSourceQuery struct {
	// Filter is Notion's filter object (see package filter's Translate),
	// passed as it is; nil for none.
	Filter any
	// Sorts is Notion's sorts list, passed as it is; nil for none.
	Sorts any
	// Cursor is where the page starts ("" for the first).
	Cursor string
	// PageSize is at most 100 (100 when zero).
	PageSize int
	// FilterProperties limits the properties each row carries to these
	// property ids (all when empty).
	FilterProperties []string
}
