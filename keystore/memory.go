package keystore

import "sync"

// Memory is a Store held in memory, for tests and the demo. Its zero value is
// ready to use.
type Memory struct {
	mu    sync.Mutex
	items map[string]string
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{} }

// Get returns the item, or ErrNotFound.
func (m *Memory) Get(key string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.items[key]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

// Set stores the item.
func (m *Memory) Set(key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.items == nil {
		m.items = map[string]string{}
	}
	m.items[key] = value
	return nil
}

// Delete removes the item; deleting a missing item returns ErrNotFound.
func (m *Memory) Delete(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[key]; !ok {
		return ErrNotFound
	}
	delete(m.items, key)
	return nil
}
