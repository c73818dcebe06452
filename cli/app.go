package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/config"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
)

// app is the state of one run: global flags, and what they lead to, built
// lazily so that `version` or `--help` touch neither keychain nor network.
type app struct {
	env Env

	// Global flags.
	demo       bool
	connection string
	debugPath  string

	// ctx is the command's context, for keychain calls made without one.
	ctx    context.Context
	cfg    *config.Config
	store  keystore.Store
	client *alloy.Client
	logger *slog.Logger
	// closers run when the run ends (the demo server, the debug log).
	closers []func()
	// secrets are redacted from every line printed or logged. The debug
	// log reads them from the client's goroutines, hence the lock.
	secretsMu sync.Mutex
	secrets   []string
}

func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
	a.closers = nil
}

// redact replaces every known secret in s.
func (a *app) redact(s string) string { return redactString(s, a.secretList()) }

func (a *app) addSecret(s string) {
	s = strings.TrimSpace(s)
	// Very short values would redact ordinary words; a real key is long.
	if len(s) < 4 {
		return
	}
	a.secretsMu.Lock()
	defer a.secretsMu.Unlock()
	if !slices.Contains(a.secrets, s) {
		a.secrets = append(a.secrets, s)
	}
}

func (a *app) secretList() []string {
	a.secretsMu.Lock()
	defer a.secretsMu.Unlock()
	return slices.Clone(a.secrets)
}

// setup resolves the configuration and opens the keystore (the memory store
// and demo server under --demo). It runs before every command but version
// and help; the keychain itself is read only by load.
func (a *app) setup(ctx context.Context) error {
	if a.cfg != nil {
		return nil
	}
	a.ctx = ctx
	if err := a.openDebugLog(); err != nil {
		return err
	}
	flags := map[string]string{config.EnvConnection: a.connection}
	cfg, err := config.Resolve(config.Inputs{Flags: flags, LookupEnv: a.env.LookupEnv, Dir: a.env.Dir})
	if err != nil {
		return fail("configuration", err)
	}
	a.cfg = cfg
	a.addSecret(cfg.APIKey.Value)
	// A password in a URL is a secret too, wherever it would show.
	for _, s := range []config.Setting{cfg.BaseURL, cfg.RedirectURI} {
		for _, secret := range models.URLSecrets(s.Value) {
			a.addSecret(secret)
		}
	}
	for _, n := range cfg.Notes {
		a.note("Note: %s.", n)
	}
	if a.demo {
		if err := a.startDemo(ctx); err != nil {
			return fail("demo", err)
		}
	} else {
		a.store = a.env.OpenStore(cfg.KeyringTimeoutDuration())
	}
	return nil
}

// load reads the keychain for whatever the stronger layers left missing.
// The keychain may hang (a locked Secret Service): its own timeout bounds
// the wait, and ctx ending (Ctrl-C) ends it at once.
func (a *app) load(ctx context.Context) error {
	if err := a.setup(ctx); err != nil {
		return err
	}
	// The read works on a copy, so that a call abandoned on Ctrl-C can
	// never write into the configuration in use.
	cfg := *a.cfg
	if err := a.interruptible(ctx, func() error { cfg.ReadKeychain(a.store); return nil }); err != nil {
		return err
	}
	*a.cfg = cfg
	a.addSecret(a.cfg.APIKey.Value)
	if a.logger != nil {
		attrs := []any{}
		for _, s := range a.cfg.Settings() {
			attrs = append(attrs, slog.String(s.Name, s.Display()+" ("+s.Source.String()+")"))
		}
		a.logger.Debug("configuration", attrs...)
	}
	return nil
}

// interruptible runs a keychain call, returning early with an error
// wrapping ctx.Err() if ctx ends first; the call is then left to finish (or
// time out) on its own.
func (a *app) interruptible(ctx context.Context, call func() error) error {
	if ctx == nil {
		return call()
	}
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fail("keychain", ctx.Err())
	}
}

// newClient builds a client for the given credentials with the run's
// settings, logger and test hooks.
func (a *app) newClient(apiKey, userID string) *alloy.Client {
	a.addSecret(apiKey)
	return alloy.New(alloy.Config{
		BaseURL:       a.cfg.BaseURL.Value,
		APIKey:        apiKey,
		UserID:        userID,
		APIVersion:    a.cfg.APIVersion.Value,
		NotionVersion: a.cfg.NotionVersion.Value,
		HTTPClient:    a.env.HTTPClient,
		Logger:        a.logger,
		Clock:         a.env.Clock,
		Version:       Version,
	})
}

// errNoKey says how to provide a missing API key, or why the keychain could
// not provide it.
func (a *app) errNoKey() error {
	if a.cfg.KeychainErr != nil {
		return errors.New("no API key in the environment or .env, and the keychain could not be read. " + keystore.Explain(a.cfg.KeychainErr))
	}
	return errors.New("no Alloy API key: run `alloy-tui login`, or set ALLOY_API_KEY in the environment or .env")
}

// requireClient loads the configuration and builds the client; needUser says
// whether the command cannot work without a user id.
func (a *app) requireClient(ctx context.Context, needUser bool) (*alloy.Client, error) {
	if err := a.load(ctx); err != nil {
		return nil, err
	}
	if a.client != nil {
		return a.client, nil
	}
	if !a.cfg.APIKey.IsSet() {
		return nil, a.errNoKey()
	}
	if needUser && !a.cfg.UserID.IsSet() {
		if a.cfg.KeychainErr != nil {
			return nil, errors.New("no Alloy user id in the environment or .env, and the keychain could not be read. " + keystore.Explain(a.cfg.KeychainErr))
		}
		return nil, errors.New("no Alloy user id: run `alloy-tui login --user-id ID`, or set ALLOY_USER_ID in the environment or .env")
	}
	a.client = a.newClient(a.cfg.APIKey.Value, a.cfg.UserID.Value)
	return a.client, nil
}

// activeConnection returns the Notion connection commands work on: the
// configured one, else the user's only Notion connection.
func (a *app) activeConnection(ctx context.Context) (*alloy.Client, string, error) {
	client, err := a.requireClient(ctx, false)
	if err != nil {
		return nil, "", err
	}
	if a.cfg.Connection.IsSet() {
		return client, a.cfg.Connection.Value, nil
	}
	if !a.cfg.UserID.IsSet() {
		return nil, "", errors.New("no active Notion connection: run `alloy-tui connect notion`, or pass --connection ID")
	}
	conns, err := client.ListConnections(ctx, alloy.NotionConnector)
	if err != nil {
		return nil, "", fmt.Errorf("listing Notion connections to find the active one: %w", err)
	}
	switch len(conns) {
	case 0:
		if a.cfg.KeychainErr != nil {
			return nil, "", errors.New("no Notion connection: run `alloy-tui connect notion` (the keychain, which may hold the active one, could not be read: " + keystore.Explain(a.cfg.KeychainErr) + ")")
		}
		return nil, "", errors.New("no Notion connection: run `alloy-tui connect notion`")
	case 1:
		id := conns[0].ID
		fmt.Fprintf(a.env.Stderr, "Using Notion connection %s, the only one (make it permanent with `alloy-tui use %s`).\n",
			models.SanitizeLine(id), models.SanitizeLine(id))
		a.cfg.Connection.Value = id
		return client, id, nil
	default:
		ids := make([]string, 0, len(conns))
		for _, c := range conns {
			ids = append(ids, models.SanitizeLine(c.ID))
		}
		return nil, "", fmt.Errorf("%d Notion connections (%s) and none is active: choose one with `alloy-tui use ID`, or pass --connection ID",
			len(conns), strings.Join(ids, ", "))
	}
}

// openDebugLog starts the --debug log: a text log of every request and
// answer, with every secret redacted, appended to the file (see
// openDebugFile for what is refused).
func (a *app) openDebugLog() error {
	if a.debugPath == "" || a.logger != nil {
		return nil
	}
	f, err := openDebugFile(a.debugPath)
	if err != nil {
		return err
	}
	a.closers = append(a.closers, func() { _ = f.Close() })
	a.logger = slog.New(&redactingHandler{
		inner:   slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}),
		secrets: a.secretList,
	})
	a.logger.Debug("alloy-tui started", slog.String("version", Version), slog.String("args", a.redact(strings.Join(a.env.Args, " "))))
	return nil
}

// printf writes to stdout; a failed write (a closed pipe) is not worth a
// second error message.
func (a *app) printf(format string, args ...any) {
	fmt.Fprintf(a.env.Stdout, format, args...)
}

// note writes one progress or information line to stderr.
func (a *app) note(format string, args ...any) {
	fmt.Fprintln(a.env.Stderr, a.oneLine(fmt.Sprintf(format, args...)))
}
