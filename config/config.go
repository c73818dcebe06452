// Package config resolves alloy-tui's settings from, in order of precedence,
// command-line flags, the environment, a .env file in the working directory,
// the OS keychain and built-in defaults, and remembers where each value came
// from so that `alloy-tui status` can say so.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
)

// Names of the settings, as the contract spells them in the environment.
const (
	EnvAPIKey         = "ALLOY_API_KEY"
	EnvUserID         = "ALLOY_USER_ID"
	EnvConnection     = "CONNECTION_ID"
	EnvBaseURL        = "ALLOY_BASE_URL"
	EnvAPIVersion     = "ALLOY_API_VERSION"
	EnvNotionVersion  = "NOTION_VERSION"
	EnvRedirectURI    = "OAUTH_REDIRECT_URI"
	EnvEnvironment    = "ALLOY_ENVIRONMENT"
	EnvKeyringTimeout = keystore.TimeoutEnv
)

// DefaultEnvironment is ALLOY_ENVIRONMENT when nothing sets it. The guide
// defines the name but nothing depends on it yet; it is shown by status so a
// user can see which environment a .env file meant.
const DefaultEnvironment = "production"

// DotEnvFile is the name of the file read from the working directory.
const DotEnvFile = ".env"

// Source says which layer a setting's value came from.
type Source int

// The layers, from weakest to strongest.
const (
	SourceNone     Source = iota // not set anywhere, and no default
	SourceDefault                // the built-in default
	SourceKeychain               // the OS keychain (or the demo's memory store)
	SourceDotEnv                 // .env in the working directory
	SourceEnv                    // the process environment
	SourceFlag                   // a command-line flag
	SourceDemo                   // forced by --demo
)

// String names the source the way status prints it.
func (s Source) String() string {
	switch s {
	case SourceDefault:
		return "default"
	case SourceKeychain:
		return "keychain"
	case SourceDotEnv:
		return ".env"
	case SourceEnv:
		return "env"
	case SourceFlag:
		return "flag"
	case SourceDemo:
		return "demo"
	default:
		return "not set"
	}
}

// Setting is one resolved value and where it came from.
type Setting struct {
	// Name is the environment name of the setting, e.g. ALLOY_API_KEY.
	Name   string
	Value  string
	Source Source
	// Secret settings are only ever shown masked.
	Secret bool
}

// IsSet reports whether any layer, defaults included, gave a value.
func (s Setting) IsSet() bool { return s.Value != "" }

// Display is the value as it may be shown to people: masked when secret,
// with any user information of a URL masked, "(not set)" when empty.
func (s Setting) Display() string {
	if s.Value == "" {
		return "(not set)"
	}
	if s.Secret {
		return Mask(s.Value)
	}
	// A URL may carry a password (http://user:pw@host): never show it.
	if strings.Contains(s.Value, "://") {
		return models.RedactURL(s.Value)
	}
	return s.Value
}

// Mask hides a secret, showing at most its last four characters, and fewer
// for a short secret so that most of it always stays hidden.
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	r := []rune(secret)
	show := min(len(r)/4, 4)
	return "****" + string(r[len(r)-show:])
}

// Inputs are the layers above the keychain. Everything comes in through
// here, not from the process, so that tests can run the whole program
// in-process with a made-up environment.
type Inputs struct {
	// Flags holds the values given on the command line, by environment name;
	// an empty value counts as not given.
	Flags map[string]string
	// LookupEnv reads the environment (os.LookupEnv in the program).
	LookupEnv func(string) (string, bool)
	// Dir is the working directory whose .env is read; "" means none.
	Dir string
}

// Config is the resolved configuration.
type Config struct {
	APIKey         Setting
	UserID         Setting
	Connection     Setting // the active Notion connection
	BaseURL        Setting
	APIVersion     Setting
	NotionVersion  Setting
	RedirectURI    Setting
	Environment    Setting
	KeyringTimeout Setting

	// KeychainErr is the first error from the keychain other than "not
	// found": the keychain could not be asked. It matters only when a
	// setting it would have given is still missing.
	KeychainErr error

	// DotEnvPath is the .env file that was read, "" when there was none.
	DotEnvPath string

	// Notes are things worth telling the user about the configuration that
	// did not stop it, such as a .env that is not a regular file and was
	// skipped. The CLI prints them on stderr.
	Notes []string
}

// Settings lists every setting in the order status shows them.
func (c *Config) Settings() []*Setting {
	return []*Setting{
		&c.APIKey, &c.UserID, &c.Connection, &c.BaseURL, &c.APIVersion,
		&c.NotionVersion, &c.RedirectURI, &c.Environment, &c.KeyringTimeout,
	}
}

// ErrDotEnv is wrapped by the error of Resolve when .env cannot be read.
var ErrDotEnv = errors.New("the .env file could not be read")

// Resolve reads the flag, environment, .env and default layers. The keychain
// is asked separately, by ReadKeychain, because opening it needs the timeout
// resolved here and because many commands never need it.
func Resolve(in Inputs) (*Config, error) {
	c := &Config{
		APIKey:         Setting{Name: EnvAPIKey, Secret: true},
		UserID:         Setting{Name: EnvUserID},
		Connection:     Setting{Name: EnvConnection},
		BaseURL:        Setting{Name: EnvBaseURL},
		APIVersion:     Setting{Name: EnvAPIVersion},
		NotionVersion:  Setting{Name: EnvNotionVersion},
		RedirectURI:    Setting{Name: EnvRedirectURI},
		Environment:    Setting{Name: EnvEnvironment},
		KeyringTimeout: Setting{Name: EnvKeyringTimeout},
	}
	dotenv, path, note, err := readDotEnv(in.Dir)
	if err != nil {
		return nil, err
	}
	c.DotEnvPath = path
	if note != "" {
		c.Notes = append(c.Notes, note)
	}
	lookup := in.LookupEnv
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	for _, s := range c.Settings() {
		switch {
		case strings.TrimSpace(in.Flags[s.Name]) != "":
			s.Value, s.Source = strings.TrimSpace(in.Flags[s.Name]), SourceFlag
		case nonEmpty(lookup(s.Name)):
			v, _ := lookup(s.Name)
			s.Value, s.Source = strings.TrimSpace(v), SourceEnv
		case strings.TrimSpace(dotenv[s.Name]) != "":
			s.Value, s.Source = strings.TrimSpace(dotenv[s.Name]), SourceDotEnv
		}
	}
	setDefault(&c.BaseURL, alloy.DefaultBaseURL)
	setDefault(&c.APIVersion, alloy.DefaultAPIVersion)
	setDefault(&c.NotionVersion, alloy.DefaultNotionVersion)
	setDefault(&c.Environment, DefaultEnvironment)
	setDefault(&c.KeyringTimeout, keystore.DefaultTimeout.String())
	return c, nil
}

func nonEmpty(v string, ok bool) bool { return ok && strings.TrimSpace(v) != "" }

func setDefault(s *Setting, v string) {
	if s.Source == SourceNone {
		s.Value, s.Source = v, SourceDefault
	}
}

// maxDotEnvBytes bounds the .env file read: a settings file is small, and a
// huge one is a mistake not worth holding in memory.
const maxDotEnvBytes = 1 << 20

// readDotEnv parses dir/.env without touching the process environment. A
// missing file is no error. Anything but a regular file (a directory, a
// FIFO, a device) is skipped with a note, never read and never waited on. The
// parser's own message is not passed on: it can quote the line it choked
// on, and that line may hold the API key.
func readDotEnv(dir string) (values map[string]string, path, note string, err error) {
	if dir == "" {
		return nil, "", "", nil
	}
	path = filepath.Join(dir, DotEnvFile)
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, "", "", nil
	}
	if err != nil {
		return nil, "", "", fmt.Errorf("%w: %s: %v", ErrDotEnv, path, errors.Unwrap(err))
	}
	if !info.Mode().IsRegular() {
		return nil, "", notRegular(path, info.Mode()), nil
	}
	f, err := openNoWait(path)
	if err != nil {
		return nil, "", "", fmt.Errorf("%w: %s: %v", ErrDotEnv, path, errors.Unwrap(err))
	}
	defer f.Close()
	// It may have been swapped for something else since the Stat.
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		if err != nil {
			return nil, "", "", fmt.Errorf("%w: %s: %v", ErrDotEnv, path, err)
		}
		return nil, "", notRegular(path, info.Mode()), nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxDotEnvBytes+1))
	if err != nil {
		return nil, "", "", fmt.Errorf("%w: %s: %v", ErrDotEnv, path, errors.Unwrap(err))
	}
	if len(data) > maxDotEnvBytes {
		return nil, "", fmt.Sprintf("%s is larger than %d KiB, which no settings file is; it was not read", path, maxDotEnvBytes>>10), nil
	}
	values, err = godotenv.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, "", "", fmt.Errorf("%w: %s has a line that is not NAME=value; fix or remove it", ErrDotEnv, path)
	}
	return values, path, "", nil
}

// notRegular is the note for a .env that is not a regular file.
func notRegular(path string, mode os.FileMode) string {
	kind := "not a regular file"
	switch {
	case mode.IsDir():
		kind = "a directory"
	case mode&os.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case mode&os.ModeSocket != 0:
		kind = "a socket"
	case mode&os.ModeDevice != 0:
		kind = "a device"
	}
	return fmt.Sprintf("%s is %s, not a regular file; it was not read", path, kind)
}

// KeyringTimeoutDuration is ALLOY_KEYRING_TIMEOUT as a duration: a Go
// duration ("2s") or a number of seconds ("2.5"). A malformed or non-positive
// value gives keystore.DefaultTimeout, since a typo should not make every
// keychain call fail at once.
func (c *Config) KeyringTimeoutDuration() time.Duration {
	s := strings.TrimSpace(c.KeyringTimeout.Value)
	if d, err := time.ParseDuration(s); err == nil {
		if d > 0 {
			return d
		}
		return keystore.DefaultTimeout
	}
	secs, err := strconv.ParseFloat(s, 64)
	if err != nil || !(secs > 0) || secs > 1e9 {
		return keystore.DefaultTimeout
	}
	return time.Duration(secs * float64(time.Second))
}

// ReadKeychain fills the settings the keychain holds (the API key, the user
// id and the active Notion connection) where no stronger layer gave one. It
// asks only for those that are missing, so a working environment never waits
// on a slow keychain. A keychain that cannot be asked is not an error here:
// it is kept in KeychainErr and explained only if a missing setting is needed.
func (c *Config) ReadKeychain(store keystore.Store) {
	if store == nil {
		return
	}
	for _, item := range []struct {
		s   *Setting
		key string
	}{
		{&c.APIKey, keystore.KeyAPIKey},
		{&c.UserID, keystore.KeyUserID},
		{&c.Connection, keystore.ConnectionKey(alloy.NotionConnector)},
	} {
		if item.s.Source != SourceNone {
			continue
		}
		v, err := store.Get(item.key)
		switch {
		case err == nil && strings.TrimSpace(v) != "":
			item.s.Value, item.s.Source = strings.TrimSpace(v), SourceKeychain
		case err == nil, errors.Is(err, keystore.ErrNotFound):
		default:
			if c.KeychainErr == nil {
				c.KeychainErr = err
			}
		}
	}
}

// ForceDemo sets the values --demo imposes: the demo server's address and
// credentials. They beat every other layer, so the demo never mixes with a
// real account; for the same reason an active connection is kept only when
// a flag named it.
func (c *Config) ForceDemo(baseURL, apiKey, userID string) {
	if c.Connection.Source != SourceFlag {
		c.Connection = Setting{Name: EnvConnection}
	}
	c.BaseURL.Value, c.BaseURL.Source = baseURL, SourceDemo
	c.APIKey.Value, c.APIKey.Source = apiKey, SourceDemo
	c.UserID.Value, c.UserID.Source = userID, SourceDemo
}
