package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/oauth"
	"github.com/alloy-tui/alloy-tui/config"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
)

// maxKeyBytes bounds what login reads from stdin: a key is short, and a
// mistaken pipe of a large file should not be held in memory.
const maxKeyBytes = 64 << 10

func (a *app) loginCommand() *cobra.Command {
	var keyFromStdin bool
	var userID string
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Check an Alloy API key and save it, with the user id, in the keychain",
		Long: "login asks for your Alloy API key (hidden input) or reads it from stdin with\n" +
			"--api-key-stdin, checks it with one request, and saves it and the user id in the\n" +
			"OS keychain. Both are in the Alloy dashboard under Settings → API Keys.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.load(ctx); err != nil {
				return err
			}
			key, err := a.readAPIKey(keyFromStdin)
			if err != nil {
				return err
			}
			a.addSecret(key)
			user := strings.TrimSpace(userID)
			if user == "" {
				user = a.cfg.UserID.Value
			}
			if user == "" {
				if keyFromStdin || !a.env.IsTerminal(a.env.Stdin) {
					return usagef("no user id: pass --user-id ID (Alloy dashboard → Settings → API Keys)")
				}
				if user, err = a.promptLine("Alloy user id: "); err != nil {
					return fail("login", err)
				}
				if user == "" {
					return usagef("no user id given")
				}
			}
			client := a.newClient(key, user)
			if _, err := client.ListConnectors(ctx); err != nil {
				return fail("login", fmt.Errorf("checking the key: %w", err))
			}
			if err := a.storeSet(keystore.KeyAPIKey, key); err != nil {
				return fail("login", fmt.Errorf("the key works, but it could not be saved: %w", err))
			}
			if err := a.storeSet(keystore.KeyUserID, user); err != nil {
				return fail("login", fmt.Errorf("the key works, but the user id could not be saved: %w", err))
			}
			a.printf("✓ Logged in to %s as user %s; the key (%s) is saved in the %s.\n",
				shownURL(client.BaseURL()), models.SanitizeLine(user), config.Mask(key), a.storeName())
			return nil
		},
	}
	cmd.Flags().BoolVar(&keyFromStdin, "api-key-stdin", false, "read the API key from stdin (for scripts)")
	cmd.Flags().StringVar(&userID, "user-id", "", "the Alloy user `ID` (asked for when on a terminal)")
	return cmd
}

// storeName says where saved items go, for messages.
func (a *app) storeName() string {
	if a.demo {
		return "demo's in-memory keystore"
	}
	return "keychain"
}

// readAPIKey reads the key from stdin or, on a terminal, with hidden input.
func (a *app) readAPIKey(fromStdin bool) (string, error) {
	if fromStdin {
		data, err := io.ReadAll(io.LimitReader(a.env.Stdin, maxKeyBytes))
		if err != nil {
			return "", fail("login", fmt.Errorf("reading the key from stdin: %w", err))
		}
		key := strings.TrimSpace(string(data))
		if key == "" || strings.ContainsAny(key, "\r\n") {
			return "", usagef("--api-key-stdin expects the API key alone on stdin")
		}
		return key, nil
	}
	fd, ok := a.env.Stdin.(interface{ Fd() uintptr })
	if !ok || !a.env.IsTerminal(a.env.Stdin) {
		return "", usagef("stdin is not a terminal: pipe the key in with --api-key-stdin")
	}
	fmt.Fprint(a.env.Stderr, "Alloy API key (input hidden): ")
	data, err := term.ReadPassword(int(fd.Fd()))
	fmt.Fprintln(a.env.Stderr)
	if err != nil {
		return "", fail("login", errors.New("could not read the key from the terminal"))
	}
	key := strings.TrimSpace(string(data))
	if key == "" {
		return "", usagef("no API key given")
	}
	return key, nil
}

// promptLine asks for one visible line on the terminal.
func (a *app) promptLine(prompt string) (string, error) {
	fmt.Fprint(a.env.Stderr, prompt)
	line, err := bufio.NewReader(a.env.Stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", fmt.Errorf("reading from the terminal: %w", err)
	}
	return strings.TrimSpace(line), nil
}

func (a *app) logoutCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Remove the API key, user id and active connection from the keychain",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.setup(cmd.Context()); err != nil {
				return err
			}
			for _, key := range []string{keystore.KeyAPIKey, keystore.KeyUserID, keystore.ConnectionKey(alloy.NotionConnector)} {
				if err := a.storeDelete(key); err != nil {
					return fail("logout", err)
				}
			}
			a.printf("Logged out: the API key, user id and active Notion connection are gone from the %s.\n", a.storeName())
			for _, s := range []config.Setting{a.cfg.APIKey, a.cfg.UserID} {
				if s.Source == config.SourceEnv || s.Source == config.SourceDotEnv {
					a.note("Note: %s is still set in %s; remove it there to log out completely.", s.Name, s.Source)
				}
			}
			return nil
		},
	}
}

// settingLabels are the names status shows, in its order.
var settingLabels = map[string]string{
	config.EnvAPIKey:         "API key",
	config.EnvUserID:         "User id",
	config.EnvConnection:     "Active connection",
	config.EnvBaseURL:        "Base URL",
	config.EnvAPIVersion:     "API version",
	config.EnvNotionVersion:  "Notion version",
	config.EnvRedirectURI:    "Redirect URI",
	config.EnvEnvironment:    "Environment",
	config.EnvKeyringTimeout: "Keychain timeout",
}

func (a *app) statusCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show each setting and where it came from, and check the API key",
		Long: "status lists every setting with its source (flag, env, .env, keychain or default),\n" +
			"secrets masked, then checks the API key with one request. It exits 1 when the check fails.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.load(ctx); err != nil {
				return err
			}
			if a.demo {
				a.printf("This is the demo: a built-in imitation of Alloy on this machine, with its own key; your settings and keychain are not used.\n\n")
			}
			var tw table
			tw.row("SETTING", "VALUE", "SOURCE", "VARIABLE")
			for _, s := range a.cfg.Settings() {
				value, source := s.Display(), s.Source.String()
				if s.Name == config.EnvRedirectURI && !s.IsSet() {
					value, source = oauth.DefaultRedirectURI+" (or a free port)", config.SourceDefault.String()
				}
				tw.row(settingLabels[s.Name], models.SanitizeLine(value), source, s.Name)
			}
			_ = tw.write(a.env.Stdout)
			if a.cfg.DotEnvPath != "" {
				a.printf(".env read from %s\n", models.SanitizeLine(a.cfg.DotEnvPath))
			}
			if a.cfg.KeychainErr != nil {
				a.printf("Keychain: %s\n", a.oneLine(keystore.Explain(a.cfg.KeychainErr)))
			}
			a.printf("\n")
			client, err := a.requireClient(ctx, false)
			if err != nil {
				a.note("✗ Not logged in: %s", explain(err))
				return errReported
			}
			if _, err := client.ListConnectors(ctx); err != nil {
				a.note("✗ %s: %s", shownURL(client.BaseURL()), explain(err))
				return errReported
			}
			user := a.cfg.UserID.Value
			if user == "" {
				user = "(no user id set: run `alloy-tui login --user-id ID`)"
			}
			a.printf("✓ Logged in to %s as user %s\n", shownURL(client.BaseURL()), models.SanitizeLine(user))
			return nil
		},
	}
}

// shownURL is a URL as messages show it: one line, user information masked.
func shownURL(u string) string { return models.RedactURL(models.SanitizeLine(u)) }
