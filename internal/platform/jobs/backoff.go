package jobs

import (
	"math/rand/v2"
	"time"
)

// Backoff bounds: the first retry comes after about two seconds, each later
// one after about twice as long, never more than an hour apart.
const (
	backoffBase = time.Second
	backoffMax  = time.Hour
)

// DefaultBackoff returns how long to wait before running a job again after
// its attempt-th run failed: base·2^attempt with ±25 % jitter, capped at
// an hour; the jitter keeps jobs that failed together from retrying together.
func DefaultBackoff(attempt int) time.Duration {
	d := backoffMax
	if attempt < 1 {
		attempt = 1
	}
	if attempt < 32 {
		d = min(backoffBase<<attempt, backoffMax)
	}
	jitter := time.Duration(rand.Int64N(int64(d)/2+1)) - d/4 // #nosec G404 -- jitter of a retry delay, not a secret
	return min(d+jitter, backoffMax)
}
