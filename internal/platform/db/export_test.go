package db

// CachedStatements is how many reading statements d keeps prepared (0 on
// PostgreSQL), for tests.
func CachedStatements(d *DB) int {
	if d.reads == nil {
		return 0
	}
	return d.reads.len()
}

// LimitCachedStatements bounds d's statement cache to n, for tests.
func LimitCachedStatements(d *DB, n int) {
	if d.reads != nil {
		d.reads.max = n
	}
}
