package newsletter

import (
	"context"
	"sync"
	"time"
)

// limiter is a token bucket shared by a campaign's connections: rate
// tokens a second, up to burst saved. A nil limiter lets everything
// through.
type limiter struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newLimiter(rate, burst int) *limiter {
	if rate <= 0 {
		return nil
	}
	b := float64(max(burst, 1))
	return &limiter{rate: float64(rate), burst: b, tokens: b, last: time.Now()}
}

// wait takes a token, sleeping until there is one or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	if l == nil {
		return ctx.Err()
	}
	l.mu.Lock()
	now := time.Now()
	l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	l.last = now
	l.tokens--
	var d time.Duration
	if l.tokens < 0 {
		// The token is borrowed from the future: wait until it exists.
		d = time.Duration(-l.tokens / l.rate * float64(time.Second))
	}
	l.mu.Unlock()
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
