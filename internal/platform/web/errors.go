package web

import (
	"errors"
	"fmt"
	"net/http"
)

// HandlerFunc is an HTTP handler that returns an error instead of writing
// its own error page; the router turns the error into the right page.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Error is an error with an HTTP status and a message key for the user.
type Error struct {
	Status int
	// Key is a message-catalogue key explaining the problem to the user.
	Key string
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("http %d (%s): %v", e.Status, e.Key, e.Err)
	}
	return fmt.Sprintf("http %d (%s)", e.Status, e.Key)
}

func (e *Error) Unwrap() error { return e.Err }

// NotFound is the error for a missing page or record.
func NotFound() error { return &Error{Status: http.StatusNotFound, Key: "error.404.text"} }

// Forbidden is the error for an action the user may not perform.
func Forbidden() error { return &Error{Status: http.StatusForbidden, Key: "error.403.text"} }

// BadRequest is the error for a request that cannot be understood; key
// explains it to the user.
func BadRequest(key string) error { return &Error{Status: http.StatusBadRequest, Key: key} }

// TooMany is the error for a throttled request; key explains it.
func TooMany(key string) error { return &Error{Status: http.StatusTooManyRequests, Key: key} }

// statusOf returns the status and message key for err.
func statusOf(err error) (int, string) {
	var e *Error
	if errors.As(err, &e) {
		return e.Status, e.Key
	}
	if errors.Is(err, errBodyTooLarge) {
		return http.StatusRequestEntityTooLarge, "error.413.text"
	}
	return http.StatusInternalServerError, "error.500.text"
}
