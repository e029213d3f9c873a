-- Calls for expressions of interest (manifestazioni d'interesse) and the
-- applications to them. A call belongs to a path of a zone, or to the whole
-- region (path_id and zone_id NULL). Times are instants in UTC, entered and
-- shown in Europe/Rome. Texts come in Italian (*_it) and English (*_en,
-- '' when not translated). See docs/calls.md.
CREATE TABLE calls (
	id {{pk}},
	zone_id TEXT REFERENCES zones (id),
	path_id BIGINT REFERENCES paths (id),
	kind TEXT NOT NULL CHECK (kind IN ('activators', 'partners', 'codesign')),
	title_it TEXT NOT NULL,
	title_en TEXT NOT NULL DEFAULT '',
	body_it TEXT NOT NULL DEFAULT '',
	body_en TEXT NOT NULL DEFAULT '',
	opens_at {{ts}} NOT NULL,
	closes_at {{ts}} NOT NULL,
	-- Who may apply: people, organisations, or both.
	applicants TEXT NOT NULL CHECK (applicants IN ('people', 'organisations', 'both')),
	-- The admission threshold on the weighted total, in points.
	min_score INTEGER NOT NULL DEFAULT 0 CHECK (min_score >= 0),
	-- NULL: every application at or above the minimum is admitted.
	places INTEGER CHECK (places IS NULL OR places > 0),
	-- How equal totals are ordered: by submission order, or by the score of
	-- the first criterion and then by submission order.
	tie_break TEXT NOT NULL CHECK (tie_break IN ('submission_order', 'first_criterion')),
	-- How the evaluators' scores become one: their mean, or one consensus
	-- sheet agreed by the commission.
	aggregation TEXT NOT NULL CHECK (aggregation IN ('mean', 'consensus')),
	-- After the outcome, personal data are kept this many months.
	retention_months INTEGER NOT NULL DEFAULT 60 CHECK (retention_months > 0),
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'provisional', 'final')),
	-- The next protocol number of a submission, taken and incremented in
	-- the submitting transaction: numbers have no gaps.
	next_protocol INTEGER NOT NULL DEFAULT 1 CHECK (next_protocol > 0),
	published_at {{ts}},
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	CHECK (closes_at > opens_at),
	CHECK ((zone_id IS NULL) = (path_id IS NULL))
);
CREATE INDEX calls_zone ON calls (zone_id, closes_at);
CREATE INDEX calls_status ON calls (status, closes_at);

-- The declarations an applicant must make, in order. with_amount asks for
-- an amount in euro cents with it (co-financing).
CREATE TABLE call_declarations (
	id {{pk}},
	call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text_it TEXT NOT NULL,
	text_en TEXT NOT NULL DEFAULT '',
	with_amount {{bool}} NOT NULL DEFAULT FALSE,
	UNIQUE (call_id, position)
);

-- The fields of the call's form, in order. A required file field is a
-- required attachment. options: one choice per line, "it|en".
CREATE TABLE call_fields (
	id {{pk}},
	call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('short', 'long', 'choice', 'number', 'date', 'file')),
	label_it TEXT NOT NULL,
	label_en TEXT NOT NULL DEFAULT '',
	required {{bool}} NOT NULL DEFAULT FALSE,
	options TEXT NOT NULL DEFAULT '',
	UNIQUE (call_id, position)
);

-- The evaluation criteria: each scored from 0 to max_points, counted
-- weight times in the total.
CREATE TABLE call_criteria (
	id {{pk}},
	call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	label_it TEXT NOT NULL,
	label_en TEXT NOT NULL DEFAULT '',
	max_points INTEGER NOT NULL CHECK (max_points > 0),
	weight INTEGER NOT NULL DEFAULT 1 CHECK (weight > 0),
	UNIQUE (call_id, position)
);

-- The members of the call's evaluation commission.
CREATE TABLE call_commission (
	call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	PRIMARY KEY (call_id, user_id)
);
CREATE INDEX call_commission_user ON call_commission (user_id);

-- The call's documents (the notice, forms to download), public once the
-- call is.
CREATE TABLE call_documents (
	call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	file_id BIGINT NOT NULL REFERENCES files (id),
	position INTEGER NOT NULL,
	PRIMARY KEY (call_id, file_id)
);

-- One application per account and call. A withdrawn application may be
-- taken up again as a draft before the deadline; each submission has its
-- own receipt. version grows at every save (optimistic locking: two tabs
-- editing one draft).
CREATE TABLE applications (
	id {{pk}},
	call_id BIGINT NOT NULL REFERENCES calls (id),
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('person', 'organisation')),
	-- The person applying (or the organisation's legal representative).
	name TEXT NOT NULL DEFAULT '',
	tax_code TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	-- The organisation, for applicant_kind 'organisation'.
	org_name TEXT NOT NULL DEFAULT '',
	org_tax_code TEXT NOT NULL DEFAULT '',
	org_vat TEXT NOT NULL DEFAULT '',
	org_legal_form TEXT NOT NULL DEFAULT '',
	org_runts TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'it',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'withdrawn')),
	version INTEGER NOT NULL DEFAULT 1,
	-- The current submission's receipt.
	receipt_id BIGINT,
	pseudonymised_at {{ts}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	UNIQUE (call_id, user_id)
);
CREATE INDEX applications_call ON applications (call_id, status);

-- The values of the form's fields: text for every kind, a file for files.
CREATE TABLE application_values (
	application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	field_id BIGINT NOT NULL REFERENCES call_fields (id) ON DELETE CASCADE,
	value TEXT NOT NULL DEFAULT '',
	file_id BIGINT REFERENCES files (id),
	PRIMARY KEY (application_id, field_id)
);

-- The declarations made, with the amount when the declaration asks one.
CREATE TABLE application_declarations (
	application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	declaration_id BIGINT NOT NULL REFERENCES call_declarations (id) ON DELETE CASCADE,
	amount_cents BIGINT,
	PRIMARY KEY (application_id, declaration_id)
);

-- The register of submissions: one receipt per submission, never changed
-- but for the withdrawal time. Protocol numbers run per call without gaps.
-- content is the canonical serialisation that was hashed (SHA-256, hex).
CREATE TABLE application_receipts (
	id {{pk}},
	call_id BIGINT NOT NULL REFERENCES calls (id),
	application_id BIGINT NOT NULL REFERENCES applications (id),
	protocol INTEGER NOT NULL,
	submitted_at {{ts}} NOT NULL,
	sha256 TEXT NOT NULL,
	content TEXT NOT NULL,
	withdrawn_at {{ts}},
	UNIQUE (call_id, protocol)
);
CREATE INDEX application_receipts_application ON application_receipts (application_id);
