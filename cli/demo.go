package cli

import (
	"context"

	"github.com/alloy-tui/alloy-tui/alloy/fake"
	"github.com/alloy-tui/alloy-tui/keystore"
)

// startDemo starts the built-in demo server on a free loopback port and
// points the run at it, with an in-memory keystore holding the demo's key
// and user id, so that the demo never reads or writes the real keychain.
func (a *app) startDemo(context.Context) error {
	srv := fake.New(fake.Options{})
	base, err := srv.Start()
	if err != nil {
		return err
	}
	a.closers = append(a.closers, func() { _ = srv.Close() })
	store := keystore.NewMemory()
	if err := store.Set(keystore.KeyAPIKey, fake.DemoAPIKey); err != nil {
		return err
	}
	if err := store.Set(keystore.KeyUserID, fake.DemoUserID); err != nil {
		return err
	}
	a.store = store
	a.cfg.ForceDemo(base, fake.DemoAPIKey, fake.DemoUserID)
	a.addSecret(fake.DemoAPIKey)
	return nil
}
