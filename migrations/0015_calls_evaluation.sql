-- The evaluation of the applications to a call: admissibility with the
-- request of missing documents (soccorso istruttorio), the commission's
-- conflict-of-interest declarations and scores, the ranking and the
-- admitted organisations' co-design group. See docs/calls.md.

-- The coordinator's decision on an application's admissibility.
CREATE TABLE application_reviews (
	application_id BIGINT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
	status TEXT NOT NULL CHECK (status IN ('admissible', 'inadmissible', 'integration')),
	reason TEXT NOT NULL DEFAULT '',
	reviewed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	updated_at {{ts}} NOT NULL
);

-- Requests of missing documents: what is asked, by when, and the answer.
CREATE TABLE application_integrations (
	id {{pk}},
	application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	request TEXT NOT NULL,
	due_at {{ts}} NOT NULL,
	requested_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	requested_at {{ts}} NOT NULL,
	answer TEXT NOT NULL DEFAULT '',
	file_id BIGINT REFERENCES files (id),
	answered_at {{ts}}
);
CREATE INDEX application_integrations_application ON application_integrations (application_id, requested_at);

-- Each evaluator declares, before seeing an application, whether they have
-- a conflict of interest with it; one who has one abstains.
CREATE TABLE conflict_declarations (
	application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	no_conflict {{bool}} NOT NULL,
	declared_at {{ts}} NOT NULL,
	PRIMARY KEY (application_id, user_id)
);

-- Scores per criterion, with the reason. evaluator_id NULL is the
-- commission's consensus sheet (calls with aggregation 'consensus').
CREATE TABLE application_scores (
	id {{pk}},
	application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	criterion_id BIGINT NOT NULL REFERENCES call_criteria (id) ON DELETE CASCADE,
	evaluator_id BIGINT REFERENCES users (id),
	points INTEGER NOT NULL CHECK (points >= 0),
	reason TEXT NOT NULL,
	recorded_by BIGINT REFERENCES users (id),
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX application_scores_evaluator ON application_scores (application_id, criterion_id, evaluator_id) WHERE evaluator_id IS NOT NULL;
CREATE UNIQUE INDEX application_scores_consensus ON application_scores (application_id, criterion_id) WHERE evaluator_id IS NULL;

-- The ranking (graduatoria): provisional, then final. total_centi is the
-- weighted total in hundredths of a point.
CREATE TABLE application_outcomes (
	application_id BIGINT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
	call_id BIGINT NOT NULL REFERENCES calls (id),
	position INTEGER NOT NULL,
	total_centi INTEGER NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('admitted', 'eligible', 'below_minimum', 'excluded')),
	computed_at {{ts}} NOT NULL
);
CREATE INDEX application_outcomes_call ON application_outcomes (call_id, position);

-- The organisations admitted to a path's co-design group by a call.
CREATE TABLE codesign_members (
	path_id BIGINT NOT NULL REFERENCES paths (id),
	application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	call_id BIGINT NOT NULL REFERENCES calls (id),
	joined_at {{ts}} NOT NULL,
	PRIMARY KEY (path_id, application_id)
);

-- When the call's outcome became final, and when its personal data were
-- pseudonymised after the retention period.
ALTER TABLE calls ADD COLUMN final_at {{ts}};
ALTER TABLE calls ADD COLUMN purged_at {{ts}};
