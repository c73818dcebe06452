package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui"
)

// rootCommand builds the command tree for one run.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "alloy-tui",
		Short: "A keyboard-driven terminal client for Notion, through Alloy's Connectivity API",
		Long: "alloy-tui browses, reads, creates and renames Notion pages through Alloy's Connectivity API.\n" +
			"Without a command it opens the full-screen interface; try it offline with --demo.",
		Args:              noArgs,
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
		RunE:              a.runTUI,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		msg := longQuoted.ReplaceAllString(flagMessage(err.Error()), `"$1…"`)
		return &usageError{msg: longWord.ReplaceAllString(msg, `$1…`)}
	})
	pf := root.PersistentFlags()
	pf.BoolVar(&a.demo, "demo", false, "use the built-in demo workspace (offline; never touches the keychain)")
	pf.StringVar(&a.connection, "connection", "", "the Notion connection `ID` to use (overrides CONNECTION_ID); for action, the connection of its connector")
	pf.StringVar(&a.debugPath, "debug", "", "write a log of every request and answer to `FILE` (secrets redacted)")

	root.AddCommand(
		a.loginCommand(),
		a.logoutCommand(),
		a.statusCommand(),
		a.connectCommand(),
		a.connectionsCommand(),
		a.useCommand(),
		a.disconnectCommand(),
		a.searchCommand(),
		a.showCommand(),
		a.queryCommand(),
		a.renameCommand(),
		a.createCommand(),
		a.actionCommand(),
		a.versionCommand(),
	)
	return root
}

// badFlagValue finds the flag parser's message for a value that does not
// parse: the value, the flag's names ("-p, --param" or "--limit") and the
// parser's own error.
var badFlagValue = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[^"]+)" flag: (.*)$`)

// flagMessage says a flag's bad value in words, without the Go parser's
// ("strconv.ParseInt: parsing …"): --limit must be a whole number, not
// "abc". Other messages are left as they are.
func flagMessage(msg string) string {
	m := badFlagValue.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	value, flag, why := m[1], m[2], m[3]
	var want string
	switch {
	case strings.HasSuffix(why, "value out of range"):
		return fmt.Sprintf("%s is too large: \"%s\"", flag, value)
	case strings.HasPrefix(why, "strconv.ParseInt"), strings.HasPrefix(why, "strconv.ParseUint"):
		want = "a whole number"
	case strings.HasPrefix(why, "strconv.ParseFloat"):
		want = "a number"
	case strings.HasPrefix(why, "strconv.ParseBool"):
		want = "true or false"
	case strings.HasPrefix(why, "time: "):
		want = "a duration such as 30s or 2m"
	default:
		return msg
	}
	return fmt.Sprintf("%s must be %s, not \"%s\"", flag, want, value) // value is quoted already
}

// longQuoted finds a quoted value of more than 80 characters in a flag
// parser's message (which quotes a bad value twice), to cut it.
var longQuoted = regexp.MustCompile(`"([^"]{80})[^"]+"`)

// longWord finds a run of more than 100 characters without a space (an
// unknown flag's name, say), to cut it.
var longWord = regexp.MustCompile(`(\S{100})\S+`)

// Argument checks that fail as usage errors (exit 2).

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		return usagef("unknown command %q", models.ShortLine(args[0], 80))
	}
	return usagef("takes no arguments")
}

func exactArgs(n int, names ...string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("needs %s, got %d argument%s", strings.Join(names, " and "), len(args), plural(len(args)))
		}
		return nil
	}
}

func maxArgs(n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("takes at most %d argument%s, got %d (quote a query with spaces)", n, plural(n), len(args))
		}
		return nil
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			a.printf("alloy-tui %s\n", Version)
			return nil
		},
	}
}

// runTUI opens the full-screen interface with whatever is configured; a
// missing key is no error there, the TUI asks for one. The keychain is read
// by the TUI itself, after its first frame, so that a hanging keychain never
// leaves a blank terminal that ctrl+c cannot leave.
func (a *app) runTUI(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	if err := a.setup(ctx); err != nil {
		return err
	}
	opts := ui.Options{
		NewClient: func(apiKey, userID string) *alloy.Client {
			return a.newClient(apiKey, userID)
		},
		Store:       a.store,
		RedirectURI: a.cfg.RedirectURI.Value,
		OpenBrowser: a.env.OpenBrowser,
		Demo:        a.demo,
		Version:     Version,
		Secrets:     a.secretList,
		ReadKeychain: func() ui.Credentials {
			if err := a.load(ctx); err != nil {
				return ui.Credentials{Err: err}
			}
			return ui.Credentials{
				APIKey:     a.cfg.APIKey.Value,
				UserID:     a.cfg.UserID.Value,
				Connection: a.cfg.Connection.Value,
				Err:        a.cfg.KeychainErr,
			}
		},
	}
	if err := a.env.RunTUI(ctx, opts); err != nil {
		return fail("the terminal interface", err)
	}
	return nil
}

// storeSet saves an item, failing with the keychain's own explanation;
// Ctrl-C ends the wait for it.
func (a *app) storeSet(key, value string) error {
	if err := a.interruptible(a.ctx, func() error { return a.store.Set(key, value) }); err != nil {
		return fmt.Errorf("saving %s: %w", key, err)
	}
	return nil
}

// storeDelete removes an item; one that is not there is fine. Ctrl-C ends
// the wait for it.
func (a *app) storeDelete(key string) error {
	if err := a.interruptible(a.ctx, func() error { return a.store.Delete(key) }); err != nil && !isNotFound(err) {
		return fmt.Errorf("removing %s: %w", key, err)
	}
	return nil
}

func isNotFound(err error) bool { return errors.Is(err, keystore.ErrNotFound) }
