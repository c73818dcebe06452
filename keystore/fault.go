package keystore

import "errors"

// This file holds a store that fails on purpose, so that other packages can
// test what the user sees when the keychain is missing without a real
// keychain and without go-keyring's process-wide mock (which would stop tests
// from running in parallel).

// Failing returns a Store whose every call fails as the OS keychain would if
// its backend returned cause: go-keyring's or this package's ErrNotFound give
// ErrNotFound, anything else an *UnavailableError wrapping cause. A nil cause
// stands for a typical "no Secret Service" failure.
func Failing(cause error) Store {
	if cause == nil {
		cause = errors.New("the name org.freedesktop.secrets was not provided by any .service files")
	}
	return failingStore{cause: cause}
}

type failingStore struct{ cause error }

func (f failingStore) Get(key string) (string, error) { return "", classify("get", key, f.cause) }
func (f failingStore) Set(key, _ string) error        { return classify("set", key, f.cause) }
func (f failingStore) Delete(key string) error        { return classify("delete", key, f.cause) }
