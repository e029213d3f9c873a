-- Append-only audit log (the triggers of 0004 forbid UPDATE and DELETE).
-- before_json/after_json hold the state before and after the change.
CREATE TABLE audit_log (
	id {{pk}},
	at {{ts}} NOT NULL,
	actor_id BIGINT,
	actor_label TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	entity TEXT NOT NULL DEFAULT '',
	entity_id TEXT NOT NULL DEFAULT '',
	zone_id TEXT,
	before_json TEXT NOT NULL DEFAULT '',
	after_json TEXT NOT NULL DEFAULT '',
	ip TEXT NOT NULL DEFAULT '',
	request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

-- Persistent job queue: a job is claimed by one worker at a time with a
-- lease (locked_until); an expired lease makes it claimable again.
CREATE TABLE jobs (
	id {{pk}},
	kind TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '{}',
	state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
	attempts INTEGER NOT NULL DEFAULT 0,
	max_attempts INTEGER NOT NULL DEFAULT 8,
	run_at {{ts}} NOT NULL,
	locked_by TEXT NOT NULL DEFAULT '',
	locked_until {{ts}},
	last_error TEXT NOT NULL DEFAULT '',
	unique_key TEXT,
	created_at {{ts}} NOT NULL,
	finished_at {{ts}}
);
CREATE INDEX jobs_ready ON jobs (state, run_at);
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN ('queued', 'running');

-- Messages kept for admins to read when no SMTP server is configured.
CREATE TABLE outbox (
	id {{pk}},
	message_id TEXT NOT NULL,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	text_body TEXT NOT NULL,
	html_body TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
);
CREATE INDEX outbox_created ON outbox (created_at);
