// Package keystore keeps alloy-tui's secrets: the API key, the user id and the
// active connection of each connector, in the OS keychain or, for tests and
// the demo, in memory.
package keystore

import "errors"

// Service is the keychain service name under which every item is stored.
const Service = "alloy-tui"

// Item names.
const (
	KeyAPIKey = "api-key"
	KeyUserID = "user-id"
)

// ConnectionKey names the item holding the active connection of a connector.
func ConnectionKey(connector string) string { return "connection:" + connector }

// ErrNotFound means the keychain answered and holds no such item.
var ErrNotFound = errors.New("not found in the keychain")

// ErrUnavailable means no keychain could be used: no D-Bus session, no Secret
// Service, a locked keyring, or a call that timed out. Errors of that kind
// wrap it, so errors.Is(err, ErrUnavailable) tells them apart from ErrNotFound.
var ErrUnavailable = errors.New("no keychain available")

// Store reads and writes secrets. Implementations are safe for concurrent use.
type Store interface {
	Get(key string) (string, error)
	Set(key, value string) error
	Delete(key string) error
}
