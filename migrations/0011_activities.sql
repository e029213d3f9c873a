-- Activities (incontri, laboratori, workshop, agorà…) in a phase of a path,
-- their audiences, and the sign-ups with capacity and waiting list. Times
-- are instants in UTC, entered and shown in Europe/Rome. Texts come in
-- Italian (*_it, required) and English (*_en, '' when not translated).
-- Attendance is not here: it goes in a table of its own that points at
-- activity_registrations (walk-ins have no sign-up); see docs/activities.md.
CREATE TABLE activities (
	id {{pk}},
	path_id BIGINT NOT NULL REFERENCES paths (id),
	phase_id BIGINT NOT NULL REFERENCES path_phases (id),
	-- The zone of the path, copied (a path never changes zone) so that the
	-- permission check and the territory's calendar need no join.
	zone_id TEXT NOT NULL REFERENCES zones (id),
	kind TEXT NOT NULL CHECK (kind IN ('meeting', 'lab', 'training_workshop', 'agora', 'public_event', 'interview', 'feedback_session')),
	title_it TEXT NOT NULL,
	title_en TEXT NOT NULL DEFAULT '',
	description_it TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	starts_at {{ts}} NOT NULL,
	ends_at {{ts}} NOT NULL,
	mode TEXT NOT NULL CHECK (mode IN ('in_person', 'online', 'hybrid')),
	venue_name TEXT NOT NULL DEFAULT '',
	venue_address TEXT NOT NULL DEFAULT '',
	venue_comune TEXT REFERENCES comuni (istat_code),
	-- Shown only to people whose sign-up is confirmed, and to editors.
	online_url TEXT NOT NULL DEFAULT '',
	-- NULL: no limit, no waiting list.
	capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
	signup_opens_at {{ts}},
	signup_closes_at {{ts}},
	step_free {{bool}} NOT NULL DEFAULT FALSE,
	hearing_loop {{bool}} NOT NULL DEFAULT FALSE,
	interpreter_on_request {{bool}} NOT NULL DEFAULT FALSE,
	accessibility_it TEXT NOT NULL DEFAULT '',
	accessibility_en TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
	-- RFC 5545 SEQUENCE: grows at every change of time, place or status
	-- after publication, so calendar programs replace their copy.
	sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
	published_at {{ts}},
	cancelled_at {{ts}},
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (ends_at > starts_at),
	CHECK (signup_closes_at IS NULL OR signup_opens_at IS NULL OR signup_closes_at > signup_opens_at)
);
CREATE INDEX activities_calendar ON activities (status, starts_at);
CREATE INDEX activities_zone ON activities (zone_id, starts_at);
CREATE INDEX activities_path ON activities (path_id, starts_at);
CREATE INDEX activities_phase ON activities (phase_id);

-- Who an activity is for: one row per audience.
CREATE TABLE activity_audiences (
	activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	audience TEXT NOT NULL CHECK (audience IN ('committees', 'staff', 'activators', 'partners', 'citizens')),
	PRIMARY KEY (activity_id, audience)
);
CREATE INDEX activity_audiences_audience ON activity_audiences (audience, activity_id);

-- One row per person and activity, for ever: cancelling sets the status,
-- signing up again reuses the row. email_norm (trimmed, lower case) is
-- NULL only for offline sign-ups of people without an address.
CREATE TABLE activity_registrations (
	id {{pk}},
	activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	email_norm TEXT,
	phone TEXT NOT NULL DEFAULT '',
	access_needs TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'it',
	status TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
	source TEXT NOT NULL CHECK (source IN ('online', 'offline')),
	-- SHA-256 of the personal cancellation link's token, hex.
	cancel_token_hash TEXT NOT NULL UNIQUE,
	consent_at {{ts}},
	-- The waiting list is in order of queued_at, then id.
	queued_at {{ts}} NOT NULL,
	confirmed_at {{ts}},
	cancelled_at {{ts}},
	reminded_48h_at {{ts}},
	reminded_2h_at {{ts}},
	added_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX activity_registrations_person ON activity_registrations (activity_id, email_norm);
CREATE INDEX activity_registrations_status ON activity_registrations (activity_id, status, queued_at, id);
CREATE INDEX activity_registrations_user ON activity_registrations (user_id);
