// Package cli is alloy-tui's command line: the cobra commands, the wiring of
// configuration, keychain, client and demo server behind them, and the
// turning of errors into one line for people and an exit code.
//
// Everything a run takes from the process (arguments, streams, environment,
// working directory, keychain, browser) comes in through Env, so tests run
// whole commands in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/pkg/browser"
	"golang.org/x/term"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/oauth"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui"
)

// Exit codes.
const (
	ExitOK      = 0 // the command did what was asked
	ExitFailure = 1 // it could not: the reason is on stderr
	ExitUsage   = 2 // it was called wrongly
)

// Version is the program's version, shown by `alloy-tui version` and sent in
// the User-Agent. main sets it from its link-time variable.
var Version = "dev"

// Env is everything one run of the program takes from outside. Nil fields
// take the real thing (see Main), so tests set only what they fake.
type Env struct {
	Args   []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// LookupEnv reads an environment variable; nil means an empty
	// environment.
	LookupEnv func(string) (string, bool)
	// Dir is the working directory, where .env is looked for; "" means no
	// .env is read.
	Dir string
	// OpenStore opens the keychain with a timeout for every call
	// (keystore.NewKeyring when nil). --demo never calls it.
	OpenStore func(timeout time.Duration) keystore.Store
	// OpenBrowser opens a URL without writing on the terminal (the system
	// browser when nil).
	OpenBrowser func(url string) error
	// RunTUI starts the full-screen interface (ui.Run when nil).
	RunTUI func(context.Context, ui.Options) error
	// IsTerminal reports whether a stream is an interactive terminal
	// (a check of the file descriptor when nil).
	IsTerminal func(stream any) bool
	// HTTPClient, when set, is used for every request to Alloy.
	HTTPClient *http.Client
	// Clock, when set, paces the client's retries (tests skip the waits).
	Clock alloy.Clock
}

// Main runs the program on the real process: os.Args[1:], the standard
// streams, the environment, the working directory and the OS keychain. It
// returns the exit code; interrupting (Ctrl-C) cancels the command's work,
// including a wait on a keychain that does not answer. A second Ctrl-C, once
// the first has been caught, ends the process at once.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// After the first interrupt, give the signal back to its default
	// action, so that a command slow to wind down can still be killed.
	context.AfterFunc(ctx, stop)
	dir, err := os.Getwd()
	if err != nil {
		dir = ""
	}
	return Run(ctx, Env{
		Args:      args,
		Stdin:     stdin,
		Stdout:    stdout,
		Stderr:    stderr,
		LookupEnv: os.LookupEnv,
		Dir:       dir,
	})
}

// Run runs one command line in env and returns its exit code. It never
// panics on bad input and never prints the API key: everything written to
// stdout and stderr passes through models.Redact with the run's secrets.
func Run(ctx context.Context, env Env) int {
	env.fillDefaults()
	a := &app{env: env}
	a.env.Stdout = &redactWriter{w: env.Stdout, secrets: a.secretList}
	a.env.Stderr = &redactWriter{w: env.Stderr, secrets: a.secretList}
	isTerminal := env.IsTerminal
	a.env.IsTerminal = func(stream any) bool { return isTerminal(unwrapStream(stream)) }
	env = a.env
	defer a.close()
	root := a.rootCommand()
	root.SetArgs(env.Args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	name := "alloy-tui"
	if cmd != nil {
		name = cmd.CommandPath()
	}
	var usage *usageError
	if errors.As(err, &usage) {
		// A flag's parser quotes the bad value (twice): keep the line readable.
		msg := models.ShortLine(a.oneLine(usage.msg), maxUsageLine)
		fmt.Fprintf(env.Stderr, "%s: %s (run '%s --help' for usage)\n", name, msg, name)
		return ExitUsage
	}
	if errors.Is(err, errReported) {
		return ExitFailure
	}
	fmt.Fprintln(env.Stderr, "alloy-tui: "+a.oneLine(describe(err)))
	return ExitFailure
}

func (env *Env) fillDefaults() {
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	if env.LookupEnv == nil {
		env.LookupEnv = func(string) (string, bool) { return "", false }
	}
	if env.OpenStore == nil {
		env.OpenStore = keystore.NewKeyring
	}
	if env.OpenBrowser == nil {
		env.OpenBrowser = openSystemBrowser
	}
	if env.RunTUI == nil {
		env.RunTUI = ui.Run
	}
	if env.IsTerminal == nil {
		env.IsTerminal = isTerminal
	}
}

// isTerminal checks a stream's file descriptor; anything that is not a file
// (a buffer in a test, a pipe wrapper) is not a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

var silenceBrowser sync.Once

// openSystemBrowser opens url in the user's browser. The launcher's own
// output would land in the middle of our progress lines, so it is dropped.
func openSystemBrowser(url string) error {
	silenceBrowser.Do(func() {
		browser.Stdout = io.Discard
		browser.Stderr = io.Discard
	})
	return browser.OpenURL(url)
}

// maxUsageLine bounds the message of a usage error, in characters.
const maxUsageLine = 320

// usageError is a command called wrongly: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errReported is returned by a command that has already said on stderr why
// it failed (status does), so Run only sets the exit code.
var errReported = errors.New("failure already reported")

// opError is a failure of one command, for people: what failed, why, and
// (hint) what to do when the cause alone does not say.
type opError struct {
	op   string
	err  error
	hint string
}

func (e *opError) Error() string {
	msg := e.op + ": " + explainFor(e.op, e.err)
	if e.hint != "" {
		msg = strings.TrimRight(msg, ". ") + "; " + e.hint
	}
	return msg
}
func (e *opError) Unwrap() error { return e.err }

// fail wraps err with the name of what failed ("search", "connect").
func fail(op string, err error) error {
	if err == nil {
		return nil
	}
	var already *opError
	if errors.As(err, &already) {
		return err
	}
	return &opError{op: op, err: err}
}

// failOnConnection is fail for work done over a Notion connection: when the
// service says that the credential is unknown, the active connection was
// most likely deleted or mistyped, and the way out is to pick another.
func failOnConnection(op, connectionID string, err error) error {
	var apiErr *alloy.Error
	if errors.As(err, &apiErr) && (apiErr.Status == 400 || apiErr.Status == 404) &&
		strings.Contains(strings.ToLower(apiErr.Message), "credential") {
		return &opError{op: op, err: err, hint: "is the connection " + connectionID +
			" still there? See `alloy-tui connections`, then `alloy-tui use ID` or `alloy-tui connect notion`."}
	}
	return fail(op, err)
}

// describe is the line printed for a failed command: what failed, then why.
func describe(err error) string {
	var op *opError
	if errors.As(err, &op) {
		return op.Error()
	}
	return explain(err)
}

// explain turns an error into a sentence: the client's, the keychain's and
// the OAuth flow's own explanations first, the error's text otherwise.
func explain(err error) string { return explainFor("", err) }

// explainFor is explain for the failure of op: an interruption is the OAuth
// flow's to explain only when connecting, where it has more to say.
func explainFor(op string, err error) string {
	var apiErr *alloy.Error
	if errors.As(err, &apiErr) {
		return apiErr.Explain()
	}
	if errors.Is(err, keystore.ErrUnavailable) {
		return keystore.Explain(err)
	}
	if strings.HasPrefix(op, "connect") {
		if s := oauth.Explain(err); s != "" {
			return s
		}
	}
	if errors.Is(err, context.Canceled) {
		return "interrupted; nothing more was done."
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out; try again."
	}
	if s := oauth.Explain(err); s != "" {
		return s
	}
	return err.Error()
}

// oneLine makes a message safe for one line of stderr: no control or
// invisible characters, no newlines, and never the API key. The key is
// redacted after sanitising, so that nothing sanitising removes can have
// hidden it from the redaction.
func (a *app) oneLine(msg string) string {
	return a.redact(models.SanitizeLine(msg))
}
