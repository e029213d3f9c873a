package mailtest

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Handler serves what the server received as JSON, for a test harness that
// runs the server in another process:
//
//	GET /messages?to=ADDR          the accepted messages (to ADDR, if given)
//	GET /messages?to=ADDR&n=N&wait=5s  waits up to 5 s for N messages to ADDR
//	POST /reject?code=550          refuses the next message with that code
//	POST /reset                    forgets everything
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /messages", func(w http.ResponseWriter, r *http.Request) {
		to := r.URL.Query().Get("to")
		var msgs []Received
		if n, err := strconv.Atoi(r.URL.Query().Get("n")); err == nil && to != "" {
			wait := 5 * time.Second
			if v := r.URL.Query().Get("wait"); v != "" {
				if wait, err = time.ParseDuration(v); err != nil || wait < 0 || wait > time.Minute {
					http.Error(w, "wait must be a duration up to 1m", http.StatusBadRequest)
					return
				}
			}
			ctx, cancel := context.WithTimeout(r.Context(), wait)
			defer cancel()
			msgs, err = s.Await(ctx, to, n)
			if err != nil {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusRequestTimeout)
				_ = json.NewEncoder(w).Encode(msgs)
				return
			}
		} else if to != "" {
			msgs = s.To(to)
		} else {
			msgs = s.Messages()
		}
		if msgs == nil {
			msgs = []Received{}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(msgs)
	})
	mux.HandleFunc("POST /reject", func(w http.ResponseWriter, r *http.Request) {
		code, err := strconv.Atoi(r.URL.Query().Get("code"))
		if err != nil || code < 400 || code > 599 {
			http.Error(w, "code must be 4xx or 5xx", http.StatusBadRequest)
			return
		}
		s.RejectNext(code)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /reset", func(w http.ResponseWriter, r *http.Request) {
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}
