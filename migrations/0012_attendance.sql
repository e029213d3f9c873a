-- Attendance: who was present at an activity, whether they signed up
-- (registration_id) or walked in (registration_id NULL). A person's
-- presence is a fact about the activity, not about the sign-up's status,
-- so it lives in a table of its own (docs/activities.md). Training tracks
-- count completion and hours from this table.
CREATE TABLE activity_attendance (
	id {{pk}},
	activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	-- NULL for a walk-in; at most one row per sign-up.
	registration_id BIGINT REFERENCES activity_registrations (id) ON DELETE SET NULL,
	-- The account, when the person has one (copied from the sign-up, or
	-- chosen for a walk-in), so tracks and certificates find a person's
	-- attendances across activities.
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	-- trimmed, lower case; NULL when unknown.
	email_norm TEXT,
	-- qr: the sign-up's code scanned or typed; list: ticked on the list;
	-- walk_in: added on the day; register: copied from the paper register.
	method TEXT NOT NULL CHECK (method IN ('qr', 'list', 'walk_in', 'register')),
	checked_in_at {{ts}} NOT NULL,
	checked_in_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX activity_attendance_registration ON activity_attendance (activity_id, registration_id);
CREATE INDEX activity_attendance_activity ON activity_attendance (activity_id, checked_in_at);
CREATE INDEX activity_attendance_user ON activity_attendance (user_id);
CREATE INDEX activity_attendance_email ON activity_attendance (email_norm);

-- The check-in code of a sign-up, printed as a QR code in the
-- confirmation and on the ticket page: random, unguessable, unique.
-- NULL until first needed (sign-ups made before this migration).
ALTER TABLE activity_registrations ADD COLUMN checkin_code TEXT;
CREATE UNIQUE INDEX activity_registrations_checkin ON activity_registrations (checkin_code);
