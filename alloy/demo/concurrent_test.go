package demo

import (
	"sync"
	"testing"
)

// Servers are built in parallel by the tests of other packages: building one
// must not write to state shared with another (run with -race).
func TestNewIsSafeConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	servers := make([]*Server, 4)
	for i := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			servers[i] = New(Options{})
		}()
	}
	wg.Wait()
	id, _ := servers[0].PageID("Every block type")
	for _, s := range servers[1:] {
		if got, _ := s.PageID("Every block type"); got != id || id == "" {
			t.Fatalf("servers disagree on the workspace: %q vs %q", got, id)
		}
	}
}
