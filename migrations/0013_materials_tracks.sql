-- Minutes and materials of activities, and training tracks with their
-- enrolments and certificates (docs/activities.md, docs/tracks.md).

-- activity_materials: a file (verbale or materiale) uploaded to an
-- activity. zone_id and path_id are the activity's, copied (an activity
-- never changes path) so that the permission check needs no join. access
-- 'participants' restricts the bytes to the path's participants as
-- docs/activities.md defines them; 'public' lets anyone read them once the
-- material and its activity are published.
CREATE TABLE activity_materials (
	id {{pk}},
	activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	path_id BIGINT NOT NULL REFERENCES paths (id),
	zone_id TEXT NOT NULL REFERENCES zones (id),
	file_id BIGINT NOT NULL REFERENCES files (id),
	kind TEXT NOT NULL CHECK (kind IN ('minutes', 'material')),
	title_it TEXT NOT NULL,
	title_en TEXT NOT NULL DEFAULT '',
	access TEXT NOT NULL CHECK (access IN ('public', 'participants')),
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	published_at {{ts}},
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX activity_materials_activity ON activity_materials (activity_id, status, id);

-- training_tracks: a course made of activities. zone_id NULL is a
-- region-wide track (admins only). kind finds "the activators' track of
-- zone X" for the calls feature. Completion: rule 'all' (every activity of
-- the track that is not cancelled), 'count' (at least rule_min of them) or
-- 'hours' (at least rule_min hours attended).
CREATE TABLE training_tracks (
	id {{pk}},
	zone_id TEXT REFERENCES zones (id),
	kind TEXT NOT NULL CHECK (kind IN ('activators', 'committees', 'other')),
	title_it TEXT NOT NULL,
	title_en TEXT NOT NULL DEFAULT '',
	description_it TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	rule TEXT NOT NULL DEFAULT 'all' CHECK (rule IN ('all', 'count', 'hours')),
	rule_min INTEGER NOT NULL DEFAULT 0 CHECK (rule_min >= 0),
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX training_tracks_zone ON training_tracks (zone_id, kind);

CREATE TABLE training_track_activities (
	track_id BIGINT NOT NULL REFERENCES training_tracks (id) ON DELETE CASCADE,
	activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	PRIMARY KEY (track_id, activity_id)
);
CREATE INDEX training_track_activities_activity ON training_track_activities (activity_id);

-- training_enrolments: who follows a track. A person is an account
-- (user_id) or a name and e-mail; email_norm is trimmed and lower case.
-- source: 'call' (admitted through a call), 'coordinator' (added by hand).
CREATE TABLE training_enrolments (
	id {{pk}},
	track_id BIGINT NOT NULL REFERENCES training_tracks (id) ON DELETE CASCADE,
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	email_norm TEXT,
	source TEXT NOT NULL CHECK (source IN ('call', 'coordinator')),
	enrolled_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	enrolled_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX training_enrolments_user ON training_enrolments (track_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX training_enrolments_email ON training_enrolments (track_id, email_norm) WHERE email_norm IS NOT NULL;

-- training_certificates: one per person and track, issued when the track
-- is completed. code is the public verification code (/attestati/{code});
-- name, minutes and activities are what the certificate said when issued.
CREATE TABLE training_certificates (
	id {{pk}},
	track_id BIGINT NOT NULL REFERENCES training_tracks (id),
	code TEXT NOT NULL UNIQUE,
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	email_norm TEXT,
	name TEXT NOT NULL,
	minutes INTEGER NOT NULL CHECK (minutes >= 0),
	activities INTEGER NOT NULL CHECK (activities >= 0),
	issued_at {{ts}} NOT NULL,
	issued_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX training_certificates_user ON training_certificates (track_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX training_certificates_email ON training_certificates (track_id, email_norm) WHERE email_norm IS NOT NULL;
