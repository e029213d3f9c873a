-- Participatory paths: editions of the programme, path templates with their
-- phase templates and planned activities, the paths run in each zone with
-- their phases (planned and actual dates), and the solutions tested in a
-- territory. Texts shown to the public come in Italian (*_it, required) and
-- English (*_en, '' when not translated). Dates without time are ISO
-- 'YYYY-MM-DD' text, which sorts and compares correctly on both engines.
CREATE TABLE editions (
	id {{pk}},
	slug TEXT NOT NULL UNIQUE,
	name_it TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT '',
	start_date TEXT NOT NULL,
	end_date TEXT,
	CHECK (end_date IS NULL OR end_date >= start_date)
);

-- Templates are code-defined (internal/paths/seeds.go) and loaded at start;
-- definition_hash tells the loader whether the stored copy is up to date.
CREATE TABLE path_templates (
	id {{pk}},
	slug TEXT NOT NULL UNIQUE,
	name_it TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT '',
	description_it TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	duration_months INTEGER NOT NULL CHECK (duration_months > 0),
	definition_hash TEXT NOT NULL DEFAULT ''
);

CREATE TABLE phase_templates (
	id {{pk}},
	template_id BIGINT NOT NULL REFERENCES path_templates (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name_it TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT '',
	description_it TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	offset_weeks INTEGER NOT NULL CHECK (offset_weeks >= 0),
	duration_weeks INTEGER NOT NULL CHECK (duration_weeks > 0),
	UNIQUE (template_id, position)
);

-- The activities a phase template plans, e.g. "3 incontri generali": count
-- is the number planned (0 when the template does not fix one).
CREATE TABLE phase_template_activities (
	id {{pk}},
	phase_template_id BIGINT NOT NULL REFERENCES phase_templates (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	planned_count INTEGER NOT NULL DEFAULT 0 CHECK (planned_count >= 0),
	label_it TEXT NOT NULL,
	label_en TEXT NOT NULL DEFAULT '',
	UNIQUE (phase_template_id, position)
);

CREATE TABLE paths (
	id {{pk}},
	slug TEXT NOT NULL UNIQUE,
	zone_id TEXT NOT NULL REFERENCES zones (id),
	edition_id BIGINT NOT NULL REFERENCES editions (id),
	template_id BIGINT REFERENCES path_templates (id) ON DELETE SET NULL,
	title_it TEXT NOT NULL,
	title_en TEXT NOT NULL DEFAULT '',
	summary_it TEXT NOT NULL DEFAULT '',
	summary_en TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	start_date TEXT NOT NULL,
	published_at {{ts}},
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX paths_zone ON paths (zone_id, start_date);
CREATE INDEX paths_published ON paths (status, published_at);

-- A path's phases are copied from its template when the path is created, so
-- later changes to the template never move a running path.
CREATE TABLE path_phases (
	id {{pk}},
	path_id BIGINT NOT NULL REFERENCES paths (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name_it TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT '',
	description_it TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	planned_start TEXT NOT NULL,
	planned_end TEXT NOT NULL,
	actual_start TEXT,
	actual_end TEXT,
	status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'skipped')),
	updated_at {{ts}} NOT NULL,
	UNIQUE (path_id, position),
	CHECK (planned_end >= planned_start),
	CHECK (actual_end IS NULL OR (actual_start IS NOT NULL AND actual_end >= actual_start))
);

CREATE TABLE phase_activities (
	id {{pk}},
	phase_id BIGINT NOT NULL REFERENCES path_phases (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	planned_count INTEGER NOT NULL DEFAULT 0 CHECK (planned_count >= 0),
	label_it TEXT NOT NULL,
	label_en TEXT NOT NULL DEFAULT '',
	UNIQUE (phase_id, position)
);

-- Solutions designed and tested in a territory (e.g. the Camper della
-- Salute), optionally born in one of its paths.
CREATE TABLE solutions (
	id {{pk}},
	slug TEXT NOT NULL UNIQUE,
	zone_id TEXT NOT NULL REFERENCES zones (id),
	path_id BIGINT REFERENCES paths (id) ON DELETE SET NULL,
	title_it TEXT NOT NULL,
	title_en TEXT NOT NULL DEFAULT '',
	summary_it TEXT NOT NULL DEFAULT '',
	summary_en TEXT NOT NULL DEFAULT '',
	body_it TEXT NOT NULL DEFAULT '',
	body_en TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX solutions_zone ON solutions (zone_id);
CREATE INDEX solutions_path ON solutions (path_id);
