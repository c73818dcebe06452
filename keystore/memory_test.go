package keystore

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestMemory(t *testing.T) {
	t.Parallel()
	type step struct {
		op, key, value string
		want           string
		wantErr        error
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"get missing", []step{{op: "get", key: KeyAPIKey, wantErr: ErrNotFound}}},
		{"delete missing", []step{{op: "delete", key: KeyAPIKey, wantErr: ErrNotFound}}},
		{"set then get", []step{
			{op: "set", key: KeyAPIKey, value: "a"},
			{op: "get", key: KeyAPIKey, want: "a"},
		}},
		{"overwrite", []step{
			{op: "set", key: KeyUserID, value: "a"},
			{op: "set", key: KeyUserID, value: "b"},
			{op: "get", key: KeyUserID, want: "b"},
		}},
		{"keys are separate", []step{
			{op: "set", key: ConnectionKey("notion"), value: "conn-1"},
			{op: "get", key: ConnectionKey("slack"), wantErr: ErrNotFound},
			{op: "get", key: "connection:notion", want: "conn-1"},
		}},
		{"delete then get", []step{
			{op: "set", key: KeyAPIKey, value: "a"},
			{op: "delete", key: KeyAPIKey},
			{op: "get", key: KeyAPIKey, wantErr: ErrNotFound},
			{op: "delete", key: KeyAPIKey, wantErr: ErrNotFound},
		}},
		{"empty value is a value", []step{
			{op: "set", key: KeyAPIKey, value: ""},
			{op: "get", key: KeyAPIKey, want: ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var m Memory // the zero value must be usable
			for i, s := range tt.steps {
				var got string
				var err error
				switch s.op {
				case "get":
					got, err = m.Get(s.key)
				case "set":
					err = m.Set(s.key, s.value)
				case "delete":
					err = m.Delete(s.key)
				}
				if !errors.Is(err, s.wantErr) || (s.wantErr == nil && err != nil) {
					t.Fatalf("step %d (%s %s): err = %v, want %v", i, s.op, s.key, err, s.wantErr)
				}
				if got != s.want {
					t.Fatalf("step %d (%s %s) = %q, want %q", i, s.op, s.key, got, s.want)
				}
			}
		})
	}
}

// TestMemoryConcurrent is meant for -race: many writers, readers and deleters
// on shared and private keys at once.
func TestMemoryConcurrent(t *testing.T) {
	t.Parallel()
	var s Store = NewMemory()
	const workers, rounds = 8, 200
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			own := fmt.Sprintf("connection:c%d", w)
			for i := range rounds {
				value := fmt.Sprintf("%d-%d", w, i)
				if err := s.Set(own, value); err != nil {
					t.Errorf("Set: %v", err)
					return
				}
				if got, err := s.Get(own); err != nil || got != value {
					t.Errorf("Get(%s) = %q, %v; want %q", own, got, err, value)
					return
				}
				_ = s.Set(KeyAPIKey, value)
				if _, err := s.Get(KeyAPIKey); err != nil && !errors.Is(err, ErrNotFound) {
					t.Errorf("Get shared: %v", err)
				}
				if err := s.Delete(KeyAPIKey); err != nil && !errors.Is(err, ErrNotFound) {
					t.Errorf("Delete shared: %v", err)
				}
			}
			if err := s.Delete(own); err != nil {
				t.Errorf("Delete(%s): %v", own, err)
			}
		})
	}
	wg.Wait()
	for w := range workers {
		if _, err := s.Get(fmt.Sprintf("connection:c%d", w)); !errors.Is(err, ErrNotFound) {
			t.Errorf("worker %d's item survived its Delete: %v", w, err)
		}
	}
}
