package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/keystore"
)

func envFrom(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func writeDotEnv(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if content != "" {
		if err := os.WriteFile(filepath.Join(dir, DotEnvFile), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// countingStore is a memory store that records which items were asked for.
type countingStore struct {
	*keystore.Memory
	asked []string
}

func (s *countingStore) Get(key string) (string, error) {
	s.asked = append(s.asked, key)
	return s.Memory.Get(key)
}

func TestPrecedence(t *testing.T) {
	const (
		keyFlagless = "key-from-env-0000000000AAAA"
		keyDotEnv   = "key-from-dotenv-00000000BBBB"
		keyKeychain = "key-from-keychain-000000CCCC"
	)
	tests := []struct {
		name       string
		flags      map[string]string
		env        map[string]string
		dotenv     string
		keychain   map[string]string
		wantKey    Setting
		wantConn   Setting
		wantBase   Setting
		wantUser   Setting
		wantAskedN int // keychain items asked for
	}{
		{
			name:       "defaults only",
			wantKey:    Setting{Name: EnvAPIKey, Source: SourceNone, Secret: true},
			wantConn:   Setting{Name: EnvConnection, Source: SourceNone},
			wantBase:   Setting{Name: EnvBaseURL, Value: alloy.DefaultBaseURL, Source: SourceDefault},
			wantUser:   Setting{Name: EnvUserID, Source: SourceNone},
			wantAskedN: 3,
		},
		{
			name:       "keychain beats default",
			keychain:   map[string]string{keystore.KeyAPIKey: keyKeychain, keystore.KeyUserID: "u-kc", "connection:notion": "conn-kc"},
			wantKey:    Setting{Name: EnvAPIKey, Value: keyKeychain, Source: SourceKeychain, Secret: true},
			wantConn:   Setting{Name: EnvConnection, Value: "conn-kc", Source: SourceKeychain},
			wantBase:   Setting{Name: EnvBaseURL, Value: alloy.DefaultBaseURL, Source: SourceDefault},
			wantUser:   Setting{Name: EnvUserID, Value: "u-kc", Source: SourceKeychain},
			wantAskedN: 3,
		},
		{
			name:       ".env beats keychain, which is not asked",
			dotenv:     "ALLOY_API_KEY=" + keyDotEnv + "\nCONNECTION_ID=conn-dotenv\nALLOY_BASE_URL=http://127.0.0.1:9/prefix\n",
			keychain:   map[string]string{keystore.KeyAPIKey: keyKeychain, "connection:notion": "conn-kc", keystore.KeyUserID: "u-kc"},
			wantKey:    Setting{Name: EnvAPIKey, Value: keyDotEnv, Source: SourceDotEnv, Secret: true},
			wantConn:   Setting{Name: EnvConnection, Value: "conn-dotenv", Source: SourceDotEnv},
			wantBase:   Setting{Name: EnvBaseURL, Value: "http://127.0.0.1:9/prefix", Source: SourceDotEnv},
			wantUser:   Setting{Name: EnvUserID, Value: "u-kc", Source: SourceKeychain},
			wantAskedN: 1,
		},
		{
			name:       "env beats .env",
			env:        map[string]string{EnvAPIKey: keyFlagless, EnvConnection: "conn-env", EnvUserID: "u-env"},
			dotenv:     "ALLOY_API_KEY=" + keyDotEnv + "\nCONNECTION_ID=conn-dotenv\n",
			keychain:   map[string]string{keystore.KeyAPIKey: keyKeychain},
			wantKey:    Setting{Name: EnvAPIKey, Value: keyFlagless, Source: SourceEnv, Secret: true},
			wantConn:   Setting{Name: EnvConnection, Value: "conn-env", Source: SourceEnv},
			wantBase:   Setting{Name: EnvBaseURL, Value: alloy.DefaultBaseURL, Source: SourceDefault},
			wantUser:   Setting{Name: EnvUserID, Value: "u-env", Source: SourceEnv},
			wantAskedN: 0,
		},
		{
			name:       "flag beats env",
			flags:      map[string]string{EnvConnection: "conn-flag"},
			env:        map[string]string{EnvConnection: "conn-env", EnvBaseURL: "http://env.example"},
			dotenv:     "CONNECTION_ID=conn-dotenv\n",
			wantKey:    Setting{Name: EnvAPIKey, Source: SourceNone, Secret: true},
			wantConn:   Setting{Name: EnvConnection, Value: "conn-flag", Source: SourceFlag},
			wantBase:   Setting{Name: EnvBaseURL, Value: "http://env.example", Source: SourceEnv},
			wantUser:   Setting{Name: EnvUserID, Source: SourceNone},
			wantAskedN: 2,
		},
		{
			name:       "empty values fall through",
			flags:      map[string]string{EnvConnection: "  "},
			env:        map[string]string{EnvConnection: "", EnvAPIKey: " "},
			dotenv:     "CONNECTION_ID=\nALLOY_API_KEY=" + keyDotEnv + "\n",
			wantKey:    Setting{Name: EnvAPIKey, Value: keyDotEnv, Source: SourceDotEnv, Secret: true},
			wantConn:   Setting{Name: EnvConnection, Source: SourceNone},
			wantBase:   Setting{Name: EnvBaseURL, Value: alloy.DefaultBaseURL, Source: SourceDefault},
			wantUser:   Setting{Name: EnvUserID, Source: SourceNone},
			wantAskedN: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &countingStore{Memory: keystore.NewMemory()}
			for k, v := range tt.keychain {
				_ = store.Set(k, v)
			}
			cfg, err := Resolve(Inputs{Flags: tt.flags, LookupEnv: envFrom(tt.env), Dir: writeDotEnv(t, tt.dotenv)})
			if err != nil {
				t.Fatal(err)
			}
			cfg.ReadKeychain(store)
			for _, c := range []struct{ got, want Setting }{
				{cfg.APIKey, tt.wantKey}, {cfg.Connection, tt.wantConn}, {cfg.BaseURL, tt.wantBase}, {cfg.UserID, tt.wantUser},
			} {
				if c.got != c.want {
					t.Errorf("got %+v, want %+v", c.got, c.want)
				}
			}
			if len(store.asked) != tt.wantAskedN {
				t.Errorf("keychain asked for %v, want %d items", store.asked, tt.wantAskedN)
			}
			for _, k := range store.asked {
				if k != keystore.KeyAPIKey && k != keystore.KeyUserID && k != "connection:notion" {
					t.Errorf("keychain asked for %q, which it does not hold", k)
				}
			}
			if cfg.KeychainErr != nil {
				t.Errorf("KeychainErr = %v", cfg.KeychainErr)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	cfg, err := Resolve(Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		EnvBaseURL:        alloy.DefaultBaseURL,
		EnvAPIVersion:     alloy.DefaultAPIVersion,
		EnvNotionVersion:  alloy.DefaultNotionVersion,
		EnvEnvironment:    DefaultEnvironment,
		EnvKeyringTimeout: keystore.DefaultTimeout.String(),
		EnvRedirectURI:    "",
	}
	for _, s := range cfg.Settings() {
		w, ok := want[s.Name]
		if !ok {
			continue
		}
		if s.Value != w {
			t.Errorf("%s = %q, want %q", s.Name, s.Value, w)
		}
		wantSource := SourceDefault
		if w == "" {
			wantSource = SourceNone
		}
		if s.Source != wantSource {
			t.Errorf("%s source = %v, want %v", s.Name, s.Source, wantSource)
		}
	}
	if len(cfg.Settings()) != 9 {
		t.Errorf("%d settings, want 9", len(cfg.Settings()))
	}
}

func TestSourceNames(t *testing.T) {
	want := map[Source]string{
		SourceNone: "not set", SourceDefault: "default", SourceKeychain: "keychain",
		SourceDotEnv: ".env", SourceEnv: "env", SourceFlag: "flag", SourceDemo: "demo",
	}
	for s, w := range want {
		if s.String() != w {
			t.Errorf("%d.String() = %q, want %q", s, s.String(), w)
		}
	}
}

func TestUnavailableKeychain(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr bool
		wantKey string
	}{
		{name: "env provides everything: the keychain is never asked", env: map[string]string{
			EnvAPIKey: "env-key-123456789", EnvUserID: "u", EnvConnection: "c"}, wantKey: "env-key-123456789"},
		{name: "keychain needed: error kept, not fatal", env: map[string]string{EnvUserID: "u"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Resolve(Inputs{LookupEnv: envFrom(tt.env)})
			if err != nil {
				t.Fatal(err)
			}
			cfg.ReadKeychain(keystore.Failing(nil))
			if (cfg.KeychainErr != nil) != tt.wantErr {
				t.Fatalf("KeychainErr = %v, want error: %v", cfg.KeychainErr, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(cfg.KeychainErr, keystore.ErrUnavailable) {
				t.Errorf("KeychainErr = %v, want ErrUnavailable", cfg.KeychainErr)
			}
			if tt.wantErr && keystore.Explain(cfg.KeychainErr) == "" {
				t.Error("no explanation for the keychain error")
			}
			if cfg.APIKey.Value != tt.wantKey {
				t.Errorf("key = %q, want %q", cfg.APIKey.Value, tt.wantKey)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		secret string
		want   string
	}{
		{"", ""},
		{"abc", "****"},
		{"abcdefgh", "****gh"},
		{"sk_live_0123456789abcdef", "****cdef"},
		{strings.Repeat("x", 100) + "WXYZ", "****WXYZ"},
	}
	for _, tt := range tests {
		got := Mask(tt.secret)
		if got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.secret, got, tt.want)
		}
		if shown := strings.TrimPrefix(got, "****"); len(shown) > 4 || len(shown)*4 > len(tt.secret) {
			t.Errorf("Mask(%q) shows too much: %q", tt.secret, shown)
		}
	}
	s := Setting{Value: "sk_live_0123456789abcdef", Secret: true}
	if got := s.Display(); got != "****cdef" {
		t.Errorf("Display = %q", got)
	}
	if got := (Setting{}).Display(); got != "(not set)" {
		t.Errorf("empty Display = %q", got)
	}
}

func TestDotEnvNotExported(t *testing.T) {
	const name = "ALLOY_TEST_DOTENV_ONLY_1234"
	dir := writeDotEnv(t, name+"=x\nALLOY_USER_ID=dot-user\n")
	cfg, err := Resolve(Inputs{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := os.LookupEnv(name); ok {
		t.Error(".env leaked into the process environment")
	}
	if cfg.UserID.Value != "dot-user" || cfg.DotEnvPath != filepath.Join(dir, DotEnvFile) {
		t.Errorf("user %+v, path %q", cfg.UserID, cfg.DotEnvPath)
	}
}

func TestDotEnvBroken(t *testing.T) {
	const secret = "sk_secret_in_broken_line_99"
	dir := writeDotEnv(t, "ALLOY_API_KEY='"+secret+"\nBAD LINE \"\n")
	_, err := Resolve(Inputs{Dir: dir})
	if err == nil {
		// godotenv tolerates some malformed input; then at least the
		// secret must not be mangled into another variable's value.
		t.Skip("parser accepted the file")
	}
	if !errors.Is(err, ErrDotEnv) {
		t.Errorf("err = %v, want ErrDotEnv", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Error("error quotes the secret")
	}
}

func TestKeyringTimeout(t *testing.T) {
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", keystore.DefaultTimeout},
		{"2s", 2 * time.Second},
		{"500ms", 500 * time.Millisecond},
		{"3", 3 * time.Second},
		{"2.5", 2500 * time.Millisecond},
		{"-1s", keystore.DefaultTimeout},
		{"soon", keystore.DefaultTimeout},
		{"0", keystore.DefaultTimeout},
	}
	for _, tt := range tests {
		cfg, err := Resolve(Inputs{LookupEnv: envFrom(map[string]string{EnvKeyringTimeout: tt.value})})
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.KeyringTimeoutDuration(); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.value, got, tt.want)
		}
	}
}

func TestForceDemo(t *testing.T) {
	tests := []struct {
		name     string
		flags    map[string]string
		env      map[string]string
		wantConn string
	}{
		{name: "env connection dropped", env: map[string]string{EnvConnection: "real-conn", EnvAPIKey: "real-key-123456"}},
		{name: "flag connection kept", flags: map[string]string{EnvConnection: "flag-conn"}, wantConn: "flag-conn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Resolve(Inputs{Flags: tt.flags, LookupEnv: envFrom(tt.env)})
			if err != nil {
				t.Fatal(err)
			}
			cfg.ForceDemo("http://127.0.0.1:1", "demo-key", "demo-user")
			if cfg.APIKey.Value != "demo-key" || cfg.APIKey.Source != SourceDemo || cfg.BaseURL.Source != SourceDemo {
				t.Errorf("demo not forced: %+v %+v", cfg.APIKey, cfg.BaseURL)
			}
			if cfg.Connection.Value != tt.wantConn {
				t.Errorf("connection = %q, want %q", cfg.Connection.Value, tt.wantConn)
			}
		})
	}
}

func TestDotEnvThatIsNotARegularFile(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"directory", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		}, "a directory"},
		{"FIFO", func(t *testing.T, path string) {
			if err := mkfifo(path); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, "named pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, DotEnvFile)
			tt.make(t, path)
			done := make(chan struct{})
			var cfg *Config
			var err error
			go func() {
				defer close(done)
				cfg, err = Resolve(Inputs{Dir: dir, LookupEnv: envFrom(map[string]string{EnvUserID: "env-user"})})
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Resolve waited on the .env")
			}
			if err != nil {
				t.Fatalf("Resolve failed: %v", err)
			}
			if cfg.DotEnvPath != "" || cfg.UserID.Value != "env-user" {
				t.Errorf("path %q, user %+v", cfg.DotEnvPath, cfg.UserID)
			}
			if len(cfg.Notes) != 1 || !strings.Contains(cfg.Notes[0], tt.want) || !strings.Contains(cfg.Notes[0], "not read") {
				t.Errorf("notes %q, want one saying %q", cfg.Notes, tt.want)
			}
		})
	}
}

func TestDotEnvSymlinkToARegularFileIsRead(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.env")
	if err := os.WriteFile(target, []byte("ALLOY_USER_ID=linked-user\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, DotEnvFile)); err != nil {
		t.Skip("no symlinks here:", err)
	}
	cfg, err := Resolve(Inputs{Dir: dir})
	if err != nil || cfg.UserID.Value != "linked-user" || len(cfg.Notes) != 0 {
		t.Errorf("cfg %+v, err %v", cfg, err)
	}
}

func TestDotEnvTooLarge(t *testing.T) {
	dir := writeDotEnv(t, "ALLOY_USER_ID=x\n"+strings.Repeat("# padding\n", maxDotEnvBytes/10+1))
	cfg, err := Resolve(Inputs{Dir: dir})
	if err != nil || cfg.UserID.IsSet() || len(cfg.Notes) != 1 {
		t.Errorf("user %+v, notes %q, err %v", cfg.UserID, cfg.Notes, err)
	}
}

func TestDisplayMasksURLUserInformation(t *testing.T) {
	tests := []struct {
		s    Setting
		want string
	}{
		{Setting{Name: EnvBaseURL, Value: "http://user:hunter2@alloy.example/api"}, "http://****@alloy.example/api"},
		{Setting{Name: EnvBaseURL, Value: "https://alloy.example"}, "https://alloy.example"},
		{Setting{Name: EnvRedirectURI, Value: "http://tok@127.0.0.1:8080/cb"}, "http://****@127.0.0.1:8080/cb"},
		{Setting{Name: EnvUserID, Value: "someone@example.com"}, "someone@example.com"},
	}
	for _, tt := range tests {
		if got := tt.s.Display(); got != tt.want {
			t.Errorf("Display(%q) = %q, want %q", tt.s.Value, got, tt.want)
		}
	}
}
