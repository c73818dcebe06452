package cli

import (
	"context"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/keystore"
)

// startDemo starts the built-in demo server on a free loopback port and
// points the run at it, with an in-memory keystore holding the demo's key
// and user id, so that the demo never reads or writes the real keychain.
func (a *app) startDemo(context.Context) error {
	// A page of 3,000 blocks, so that the demo shows how a big page loads
	// under Notion's rate limit; a database with two data sources, one of
	// 300 rows, to choose from, page, filter and sort.
	// ALLOY_DEMO_DROP_WRITES=N drops the connection after every Nth write
	// has been made, to see create's check for a lost answer at work.
	srv := demo.New(demo.Options{BigPageBlocks: 3000, HubSpotConnection: true, TaskRows: 300,
		DropWritesEvery: a.demoDropWrites()})
	base, err := srv.Start()
	if err != nil {
		return err
	}
	a.closers = append(a.closers, func() { _ = srv.Close() })
	store := keystore.NewMemory()
	if err := store.Set(keystore.KeyAPIKey, demo.DemoAPIKey); err != nil {
		return err
	}
	if err := store.Set(keystore.KeyUserID, demo.DemoUserID); err != nil {
		return err
	}
	a.store = store
	a.cfg.ForceDemo(base, demo.DemoAPIKey, demo.DemoUserID)
	a.addSecret(demo.DemoAPIKey)
	return nil
}
