// Package alloy is the client of Alloy's Connectivity API and of Notion as
// reached through it. It imports no UI code.
//
// THIS FILE FIXES THE PUBLIC SURFACE other packages code against. The bodies
// are being implemented; keep these names and signatures.
package alloy

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"log/slog"
	"net/http"
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

// Clock is the time source of retries and pauses; tests inject a fake one.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

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
}

// Client talks to Alloy. It is safe for concurrent use.
type Client struct {
	cfg Config
}

// New returns a client for cfg.
func New(cfg Config) *Client { return &Client{cfg: cfg} }

// BaseURL returns the base URL the client talks to.
func (c *Client) BaseURL() string { return c.cfg.BaseURL }

// UserID returns the configured Alloy user id.
func (c *Client) UserID() string { return c.cfg.UserID }

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
}

func (e *Error) Error() string { return e.Op + ": " + e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Explain returns the sentence a person is shown, from the contract's table.
func (e *Error) Explain() string { return e.Message }

var errNotImplemented = errors.New("not implemented yet")

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

// ListConnectors lists the connectors Alloy offers.
func (c *Client) ListConnectors(ctx context.Context) ([]models.Connector, error) {
	return nil, errNotImplemented
}

// ListConnections lists one connector's connections.
func (c *Client) ListConnections(ctx context.Context, connectorID string) ([]models.Connection, error) {
	return nil, errNotImplemented
}

// ListUserConnections lists all the user's connections, falling back to one
// listing per connector when the service answers 404.
func (c *Client) ListUserConnections(ctx context.Context) ([]models.Connection, error) {
	return nil, errNotImplemented
}

// StartOAuth starts connecting a connector; the browser goes to OAuthURL.
func (c *Client) StartOAuth(ctx context.Context, connectorID, redirectURI string) (OAuthStart, error) {
	return OAuthStart{}, errNotImplemented
}

// ExchangeCode is the compat code exchange; it returns the new connection id.
// A 404 comes back as an *Error with Status 404.
func (c *Client) ExchangeCode(ctx context.Context, connectorID, code, credentialID string) (string, error) {
	return "", errNotImplemented
}

// DeleteConnection deletes one of the user's connections.
func (c *Client) DeleteConnection(ctx context.Context, credentialID string) error {
	return errNotImplemented
}

// Execute runs an action and returns its unwrapped answer.
func (c *Client) Execute(ctx context.Context, connectorID, actionID string, req ActionRequest) (json.RawMessage, error) {
	return nil, errNotImplemented
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

// Search returns one page of search results.
func (n *Notion) Search(ctx context.Context, p SearchParams) (PageList, error) {
	return PageList{}, errNotImplemented
}

// SearchAll iterates over every result, fetching pages of 100 as needed.
func (n *Notion) SearchAll(ctx context.Context, query string, pagesOnly bool) iter.Seq2[models.Page, error] {
	return func(yield func(models.Page, error) bool) { yield(models.Page{}, errNotImplemented) }
}

// RetrievePage reads a page.
func (n *Notion) RetrievePage(ctx context.Context, pageID string) (models.Page, error) {
	return models.Page{}, errNotImplemented
}

// BlockChildren returns one page of a block's children.
func (n *Notion) BlockChildren(ctx context.Context, blockID, cursor string) (BlockList, error) {
	return BlockList{}, errNotImplemented
}

// AllBlockChildren returns all of a block's direct children.
func (n *Notion) AllBlockChildren(ctx context.Context, blockID string) ([]*models.Block, error) {
	return nil, errNotImplemented
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
}

// BlockTree fetches a page's whole block tree with bounded concurrency,
// calling onSubtree (if not nil, never concurrently) as each list page
// arrives; the page's own first list page comes first. It does not descend into child_page or
// child_database. The returned tree is freshly assembled.
func (n *Notion) BlockTree(ctx context.Context, pageID string, onSubtree func(Subtree)) ([]*models.Block, error) {
	return nil, errNotImplemented
}

// RenamePage sets a page's title, splitting titles over 2,000 characters into
// several segments, and returns the page as updated.
func (n *Notion) RenamePage(ctx context.Context, pageID, title string) (models.Page, error) {
	return models.Page{}, errNotImplemented
}

// CreatePage creates a page under parent (page_id or database_id) with a title
// and optional children (Notion block objects).
func (n *Notion) CreatePage(ctx context.Context, parent models.Parent, title string, children []any) (models.Page, error) {
	return models.Page{}, errNotImplemented
}

// RetrieveDatabase reads a database.
func (n *Notion) RetrieveDatabase(ctx context.Context, databaseID string) (models.Page, error) {
	return models.Page{}, errNotImplemented
}

// DatabaseQuery is one database query request.
type DatabaseQuery struct {
	Filter   any
	Sorts    any
	Cursor   string
	PageSize int
}

// QueryDatabase returns one page of a database's rows.
func (n *Notion) QueryDatabase(ctx context.Context, databaseID string, q DatabaseQuery) (PageList, error) {
	return PageList{}, errNotImplemented
}
