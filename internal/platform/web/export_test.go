package web

// ChromeParts is how many rendered parts of the layout rr keeps, for tests.
func ChromeParts(rr *Renderer) int {
	rr.chrome.mu.RLock()
	defer rr.chrome.mu.RUnlock()
	return len(rr.chrome.parts)
}
