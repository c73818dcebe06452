package alloy

import (
	"errors"
	"fmt"
	"testing"
)

// Notion answers a database's id asked for as a page with "not found" (or,
// for some versions, a validation error): those, and only those, are worth
// trying as a database.
func TestMayBeDatabase(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"object not found", &Error{Status: 404, Code: "object_not_found"}, true},
		{"validation error", &Error{Status: 400, Code: "validation_error"}, true},
		{"wrapped", fmt.Errorf("retrieve: %w", &Error{Status: 404, Code: "object_not_found"}), true},
		{"an unknown action", &Error{Status: 404}, false},
		{"unauthorized", &Error{Status: 401, Code: "unauthorized"}, false},
		{"rate limited", &Error{Status: 429, Code: "rate_limited"}, false},
		{"not an API error", errors.New("network down"), false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MayBeDatabase(tt.err); got != tt.want {
				t.Errorf("MayBeDatabase(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
