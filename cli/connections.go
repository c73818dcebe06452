package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/oauth"
	"github.com/alloy-tui/alloy-tui/config"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
)

func (a *app) connectCommand() *cobra.Command {
	var noBrowser bool
	var redirectURI string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "connect [CONNECTOR]",
		Short: "Connect a service (Notion by default) through Alloy's hosted OAuth",
		Long: "connect prints the sign-in URL on stderr, opens it in the browser unless --no-browser,\n" +
			"waits for the browser to come back to a listener on 127.0.0.1, then prints the new\n" +
			"connection id on stdout and makes it the active connection.",
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			connector := alloy.NotionConnector
			if len(args) == 1 {
				connector = strings.ToLower(strings.TrimSpace(args[0]))
			}
			if connector == "" {
				return usagef("the connector name is empty")
			}
			if timeout < 0 {
				return usagef("--timeout must not be negative")
			}
			client, err := a.requireClient(ctx, true)
			if err != nil {
				return fail("connect", err)
			}
			// A mistyped connector is refused before anything listens. If the
			// list cannot be read, the flow itself will say what is wrong.
			name := connectorDisplayName(connector, "")
			if known, lerr := client.ListConnectors(ctx); lerr == nil && len(known) > 0 {
				ids := make([]string, 0, len(known))
				found := false
				for _, k := range known {
					ids = append(ids, k.ID)
					if strings.EqualFold(k.ID, connector) {
						found, name = true, connectorDisplayName(connector, k.Name)
					}
				}
				if !found {
					return fail("connect", fmt.Errorf("unknown connector %q: choose one of %s",
						models.SanitizeLine(connector), strings.Join(ids, ", ")))
				}
			}
			opts := oauth.Options{
				Connector:     connector,
				ConnectorName: name,
				RedirectURI:   strings.TrimSpace(redirectURI),
				Timeout:       timeout,
				Progress:      a.connectProgress,
			}
			if opts.RedirectURI == "" {
				opts.RedirectURI = a.cfg.RedirectURI.Value
			}
			if !noBrowser {
				opts.OpenBrowser = a.env.OpenBrowser
			}
			conn, err := oauth.Run(ctx, client, opts)
			if err != nil {
				return fail("connect "+connector, err)
			}
			id := models.SanitizeLine(conn.ID)
			a.printf("%s\n", id)
			if err := a.storeSet(keystore.ConnectionKey(connector), conn.ID); err != nil {
				// The connection exists at Alloy all the same: a success,
				// with the way to use it.
				why := "the keychain failed"
				if errors.Is(err, keystore.ErrUnavailable) {
					why = "no keychain is available"
				}
				a.note("Connected %s, but %s could not be saved as the active connection (%s).", name, id, why)
				if connector == alloy.NotionConnector {
					a.note("Use it with CONNECTION_ID=%s or --connection %s.", id, id)
				} else {
					a.note("Make it active later with `alloy-tui use --connector %s %s`.", connector, id)
				}
				return nil
			}
			a.note("Connected %s: %s is now the active %s connection.", name, id, name)
			if connector == alloy.NotionConnector && a.cfg.Connection.Source > config.SourceKeychain && a.cfg.Connection.Value != conn.ID {
				a.note("Note: %s (from %s) still takes precedence over the keychain.", a.cfg.Connection.Name, a.cfg.Connection.Source)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&noBrowser, "no-browser", false, "do not open a browser; open the printed URL yourself")
	cmd.Flags().StringVar(&redirectURI, "redirect-uri", "", "where the browser returns (loopback `URI`; overrides OAUTH_REDIRECT_URI)")
	cmd.Flags().DurationVar(&timeout, "timeout", 0, "how long to wait for the browser (`DURATION`, 5m when unset)")
	return cmd
}

// connectProgress writes the flow's events to stderr as they happen; the URL
// comes first and alone on its line so that scripts can pick it up.
func (a *app) connectProgress(ev oauth.Event) {
	switch ev.Step {
	case oauth.StepURLReady:
		fmt.Fprintln(a.env.Stderr, "Open this URL in your browser:")
		fmt.Fprintln(a.env.Stderr, models.SanitizeLine(ev.URL))
	case oauth.StepDone:
		// connect's own closing line says the same, with the id.
	case oauth.StepBrowserFailed:
		// The URL is already on screen; only say that no browser opened.
		a.note("%s", ev.Message)
	default:
		if ev.Message != "" {
			a.note("%s", ev.Message)
		}
	}
}

// connectorDisplayName is a connector as people read it: the name Alloy
// lists for it, else "Notion" for notion, else its id. Ids stay for the wire.
func connectorDisplayName(id, listed string) string {
	if name := strings.TrimSpace(models.SanitizeLine(listed)); name != "" {
		return name
	}
	if id == alloy.NotionConnector {
		return "Notion"
	}
	return models.SanitizeLine(id)
}

// connectionJSON is one connection in `connections --json`.
type connectionJSON struct {
	ID        string    `json:"id"`
	Connector string    `json:"connector"`
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"createdAt"`
	Active    bool      `json:"active"`
}

func (a *app) connectionsCommand() *cobra.Command {
	var connector string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "connections",
		Short: "List your connections (all connectors, or one with --connector)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			client, err := a.requireClient(ctx, true)
			if err != nil {
				return fail("connections", err)
			}
			var conns []models.Connection
			connector = strings.ToLower(strings.TrimSpace(connector))
			if connector != "" {
				conns, err = client.ListConnections(ctx, connector)
			} else {
				conns, err = client.ListUserConnections(ctx)
			}
			if err != nil {
				return fail("connections", err)
			}
			slices.SortStableFunc(conns, func(x, y models.Connection) int {
				if c := strings.Compare(x.Connector, y.Connector); c != 0 {
					return c
				}
				return x.CreatedAt.Compare(y.CreatedAt)
			})
			out := make([]connectionJSON, 0, len(conns))
			active := map[string]string{}
			for _, c := range conns {
				if connector != "" && c.Connector == "" {
					c.Connector = connector
				}
				if _, seen := active[c.Connector]; !seen {
					active[c.Connector] = a.activeFor(c.Connector)
				}
				// The server's text as it is: writeJSON makes it inert, and
				// the table sanitises each cell.
				out = append(out, connectionJSON{
					ID:        c.ID,
					Connector: c.Connector,
					Name:      c.Name,
					Type:      c.Type,
					CreatedAt: c.CreatedAt,
					Active:    c.ID != "" && c.ID == active[c.Connector],
				})
			}
			if asJSON {
				return a.writeJSON(out)
			}
			if len(out) == 0 {
				a.note("No connections yet: run `alloy-tui connect notion`.")
				return nil
			}
			var tw table
			tw.row("ACTIVE", "ID", "CONNECTOR", "NAME", "TYPE", "CREATED")
			for _, c := range out {
				mark := ""
				if c.Active {
					mark = "*"
				}
				tw.row(mark, models.SanitizeLine(c.ID), models.SanitizeLine(c.Connector), truncate(a.redact(models.SanitizeLine(c.Name)), 40),
					models.SanitizeLine(c.Type), formatTime(c.CreatedAt))
			}
			return tw.write(a.env.Stdout)
		},
	}
	cmd.Flags().StringVar(&connector, "connector", "", "list only this connector's connections (e.g. notion)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON array instead of a table")
	return cmd
}

// activeFor is the active connection of a connector: the resolved one for
// Notion, the keychain's for the others; "" when none or unreadable.
func (a *app) activeFor(connector string) string {
	if connector == alloy.NotionConnector {
		return a.cfg.Connection.Value
	}
	if connector == "" || a.store == nil {
		return ""
	}
	var id string
	err := a.interruptible(a.ctx, func() (err error) {
		id, err = a.store.Get(keystore.ConnectionKey(connector))
		return err
	})
	if err != nil {
		return ""
	}
	return strings.TrimSpace(id)
}

func (a *app) useCommand() *cobra.Command {
	var connector string
	cmd := &cobra.Command{
		Use:   "use CONNECTION_ID",
		Short: "Make a connection the active one for its connector (Notion by default)",
		Args:  exactArgs(1, "CONNECTION_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			id := strings.TrimSpace(args[0])
			connector = strings.ToLower(strings.TrimSpace(connector))
			if id == "" || connector == "" {
				return usagef("the connection id and the connector must not be empty")
			}
			client, err := a.requireClient(ctx, true)
			if err != nil {
				return fail("use", err)
			}
			conns, err := client.ListConnections(ctx, connector)
			if err != nil {
				return fail("use", err)
			}
			if !slices.ContainsFunc(conns, func(c models.Connection) bool { return c.ID == id }) {
				return fail("use", fmt.Errorf("you have no %s connection %s; see them with `alloy-tui connections --connector %s`",
					models.ShortLine(connector, 80), models.ShortLine(id, 80), models.ShortLine(connector, 80)))
			}
			if err := a.storeSet(keystore.ConnectionKey(connector), id); err != nil {
				return fail("use", err)
			}
			if a.demo {
				// The demo's keystore is in memory: say so rather than let
				// the next run surprise.
				a.printf("%s is the active %s connection for this run only (the demo never writes the keychain).\n", models.SanitizeLine(id), connector)
				return nil
			}
			a.printf("%s is now the active %s connection.\n", models.SanitizeLine(id), connector)
			if connector == alloy.NotionConnector && a.cfg.Connection.Source > config.SourceKeychain && a.cfg.Connection.Value != id {
				a.note("Note: %s (from %s) still takes precedence over the keychain.", a.cfg.Connection.Name, a.cfg.Connection.Source)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&connector, "connector", alloy.NotionConnector, "the connector the connection belongs to")
	return cmd
}

func (a *app) disconnectCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "disconnect CONNECTION_ID",
		Short: "Delete a connection at Alloy",
		Args:  exactArgs(1, "CONNECTION_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			id := strings.TrimSpace(args[0])
			if id == "" {
				return usagef("the connection id must not be empty")
			}
			client, err := a.requireClient(ctx, true)
			if err != nil {
				return fail("disconnect", err)
			}
			if err := client.DeleteConnection(ctx, id); err != nil {
				return fail("disconnect", err)
			}
			a.printf("Disconnected %s.\n", models.SanitizeLine(id))
			// A deleted connection must not stay active.
			if a.activeFor(alloy.NotionConnector) == id && a.cfg.Connection.Source == config.SourceKeychain {
				if err := a.storeDelete(keystore.ConnectionKey(alloy.NotionConnector)); err != nil {
					return fail("disconnect", fmt.Errorf("disconnected, but it is still the active connection in the keychain: %w", err))
				}
				a.note("It was the active Notion connection; choose another with `alloy-tui use ID`.")
			}
			return nil
		},
	}
}

// writeJSON prints one JSON document on stdout and nothing else. Strings
// carry the server's text exactly, with every character a terminal could
// act on or hide text with written as a \uXXXX escape (inertJSON), so the
// bytes are inert when shown and the text is exact when decoded.
func (a *app) writeJSON(v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fail("writing JSON", err)
	}
	_, _ = a.env.Stdout.Write(inertJSON(buf.Bytes()))
	return nil
}
