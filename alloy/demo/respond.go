package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxRequestBody bounds what the server reads of a request: far more than
// any real request (a 2000-segment title is about 4 MB at worst).
const maxRequestBody = 8 << 20

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// writeAlloyError answers in the guide's error shape.
func writeAlloyError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": message}})
}

// notionError is an error as Notion reports it.
type notionError struct {
	status  int
	code    string
	message string
}

func (e *notionError) Error() string { return e.code + ": " + e.message }

func validationError(format string, args ...any) *notionError {
	return &notionError{http.StatusBadRequest, "validation_error", fmt.Sprintf(format, args...)}
}

func notFound(kind, id string) *notionError {
	return &notionError{http.StatusNotFound, "object_not_found", fmt.Sprintf(
		"Could not find %s with ID: %s. Make sure the relevant pages and databases are shared with your integration.", kind, id)}
}

// writeNotionError answers with Notion's error object, as Alloy passes it on.
func writeNotionError(w http.ResponseWriter, e *notionError) {
	writeJSON(w, e.status, map[string]any{
		"object":     "error",
		"status":     e.status,
		"code":       e.code,
		"message":    e.message,
		"request_id": dashed(randomID()),
	})
}

// notionCodes name Notion's errors by status, for injected faults.
var notionCodes = map[int]string{
	400: "validation_error", 401: "unauthorized", 403: "restricted_resource", 404: "object_not_found",
	409: "conflict_error", 429: "rate_limited", 500: "internal_server_error", 502: "bad_gateway",
	503: "service_unavailable", 504: "gateway_timeout", 529: "service_overload",
}

// writeFault answers with an injected fault.
func writeFault(w http.ResponseWriter, f Fault, notion bool) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Body != "" {
		ct := "text/html; charset=utf-8"
		if strings.HasPrefix(strings.TrimSpace(f.Body), "{") {
			ct = "application/json; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, f.Body)
		return
	}
	text := http.StatusText(f.Status)
	if text == "" {
		text = "Error"
	}
	message := "Injected failure: " + text + "."
	if notion {
		code := notionCodes[f.Status]
		if code == "" {
			code = "internal_server_error"
		}
		writeNotionError(w, &notionError{f.Status, code, message})
		return
	}
	writeAlloyError(w, f.Status, strings.ToUpper(strings.ReplaceAll(text, " ", "_")), message)
}

// decodeBody reads a JSON request body into v; an empty body leaves v alone.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errors.New("the request body is too large")
		}
		return errors.New("the request body could not be read")
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return errors.New("the request body is not valid JSON of the expected shape")
	}
	return nil
}
