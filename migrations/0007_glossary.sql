-- The glossary "Le Parole della Salute": terms, their revisions and the
-- readers' proposals. See docs/glossary.md.
--
-- glossary_terms holds the current text of each term, a copy of its latest
-- revision (revision = glossary_revisions.number), so pages read one row.
-- The *_en columns are optional: empty means the page shows the Italian
-- text. related is a JSON array of slugs, sources a JSON array of
-- {"title", "url"}. initial is the folded first letter (A-Z, or # for
-- anything else), for the letters navigation. seed_key marks the terms
-- loaded at start, so loading again adds only what is missing.
CREATE TABLE glossary_terms (
	id {{pk}},
	slug TEXT NOT NULL,
	initial TEXT NOT NULL,
	term_it TEXT NOT NULL,
	term_en TEXT NOT NULL DEFAULT '',
	definition_it TEXT NOT NULL,
	definition_en TEXT NOT NULL DEFAULT '',
	explanation_it TEXT NOT NULL DEFAULT '',
	explanation_en TEXT NOT NULL DEFAULT '',
	examples_it TEXT NOT NULL DEFAULT '',
	examples_en TEXT NOT NULL DEFAULT '',
	related TEXT NOT NULL DEFAULT '[]',
	sources TEXT NOT NULL DEFAULT '[]',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	revision INTEGER NOT NULL,
	seed_key TEXT,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX glossary_terms_slug ON glossary_terms (slug);
CREATE UNIQUE INDEX glossary_terms_seed ON glossary_terms (seed_key) WHERE seed_key IS NOT NULL;
CREATE INDEX glossary_terms_letter ON glossary_terms (status, initial);

-- glossary_contributions: proposals from readers (with or without an
-- account), waiting in the moderation queue while status is 'pending'.
-- kind 'new' proposes a term, 'edit' a change of term_id as it was at
-- base_revision. ip_hash is a SHA-256 of the sender's address, kept only
-- for the rate limit. credit says whether the proposer agreed to be named
-- in the term's history.
CREATE TABLE glossary_contributions (
	id {{pk}},
	kind TEXT NOT NULL CHECK (kind IN ('new', 'edit')),
	term_id BIGINT REFERENCES glossary_terms (id) ON DELETE SET NULL,
	base_revision INTEGER NOT NULL DEFAULT 0,
	name TEXT NOT NULL,
	email TEXT NOT NULL,
	lang TEXT NOT NULL DEFAULT 'it',
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	term TEXT NOT NULL,
	definition TEXT NOT NULL DEFAULT '',
	explanation TEXT NOT NULL DEFAULT '',
	examples TEXT NOT NULL DEFAULT '',
	sources TEXT NOT NULL DEFAULT '[]',
	note TEXT NOT NULL DEFAULT '',
	credit {{bool}} NOT NULL DEFAULT FALSE,
	consent_at {{ts}} NOT NULL,
	ip_hash TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
	decided_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	decided_at {{ts}},
	decline_reason TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
);
CREATE INDEX glossary_contributions_status ON glossary_contributions (status, created_at);
CREATE INDEX glossary_contributions_ip ON glossary_contributions (ip_hash, created_at);
CREATE INDEX glossary_contributions_email ON glossary_contributions (email, created_at);

-- glossary_revisions: the full text of a term after each change, numbered
-- from 1 per term. A restore is a new revision with restored_from set; an
-- accepted proposal is a revision authored by the editor with
-- contribution_id set and, when the proposer agreed, credit_name.
CREATE TABLE glossary_revisions (
	id {{pk}},
	term_id BIGINT NOT NULL REFERENCES glossary_terms (id) ON DELETE CASCADE,
	number INTEGER NOT NULL,
	term_it TEXT NOT NULL,
	term_en TEXT NOT NULL DEFAULT '',
	definition_it TEXT NOT NULL,
	definition_en TEXT NOT NULL DEFAULT '',
	explanation_it TEXT NOT NULL DEFAULT '',
	explanation_en TEXT NOT NULL DEFAULT '',
	examples_it TEXT NOT NULL DEFAULT '',
	examples_en TEXT NOT NULL DEFAULT '',
	related TEXT NOT NULL DEFAULT '[]',
	sources TEXT NOT NULL DEFAULT '[]',
	summary TEXT NOT NULL DEFAULT '',
	author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	author_name TEXT NOT NULL DEFAULT '',
	contribution_id BIGINT REFERENCES glossary_contributions (id) ON DELETE SET NULL,
	credit_name TEXT NOT NULL DEFAULT '',
	restored_from INTEGER NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX glossary_revisions_number ON glossary_revisions (term_id, number);
