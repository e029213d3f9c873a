-- Accounts, server-side sessions, one-time tokens and failed-login records.
CREATE TABLE users (
	id {{pk}},
	email TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL DEFAULT '',
	email_verified_at {{ts}},
	locale TEXT NOT NULL DEFAULT 'it',
	disabled {{bool}} NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE sessions (
	id_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL,
	last_seen_at {{ts}} NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Tokens for e-mail verification, password reset and e-mail change; only a
-- SHA-256 hash of the token is stored.
CREATE TABLE account_tokens (
	token_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
	new_email TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL,
	used_at {{ts}}
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

CREATE TABLE login_failures (
	id {{pk}},
	email TEXT NOT NULL,
	ip TEXT NOT NULL,
	at {{ts}} NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- Roles granted for a territory; zone_id NULL means every territory
-- (admin, or a region-wide grant).
CREATE TABLE role_grants (
	id {{pk}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	zone_id TEXT REFERENCES zones (id),
	granted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, COALESCE(zone_id, ''));
