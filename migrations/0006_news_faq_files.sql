-- Uploaded files, news and the FAQ.
--
-- files: one row per upload; the bytes live in the file store under their
-- SHA-256 (hash), so two uploads of the same content share the bytes. A
-- file is served to anyone only while public is true; otherwise only
-- through the feature that owns it, after its permission check.
CREATE TABLE files (
	id {{pk}},
	hash TEXT NOT NULL,
	size BIGINT NOT NULL,
	content_type TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	width INTEGER NOT NULL DEFAULT 0,
	height INTEGER NOT NULL DEFAULT 0,
	uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL,
	public {{bool}} NOT NULL DEFAULT FALSE
);
CREATE INDEX files_hash ON files (hash);

-- news: bilingual fields (*_en empty = shown in Italian). An item is
-- visible when status is 'published' or 'scheduled' and publish_at has
-- passed: scheduled items appear at read time, with no job.
CREATE TABLE news (
	id {{pk}},
	slug TEXT NOT NULL,
	title_it TEXT NOT NULL,
	title_en TEXT NOT NULL DEFAULT '',
	summary_it TEXT NOT NULL DEFAULT '',
	summary_en TEXT NOT NULL DEFAULT '',
	body_it TEXT NOT NULL DEFAULT '',
	body_en TEXT NOT NULL DEFAULT '',
	cover_file_id BIGINT REFERENCES files (id),
	cover_alt_it TEXT NOT NULL DEFAULT '',
	cover_alt_en TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'published')),
	publish_at {{ts}},
	author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	author_name TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX news_slug ON news (slug);
CREATE INDEX news_visible ON news (status, publish_at);

-- news_zones: the territories of an item; none means region-wide.
CREATE TABLE news_zones (
	news_id BIGINT NOT NULL REFERENCES news (id) ON DELETE CASCADE,
	zone_id TEXT NOT NULL REFERENCES zones (id),
	PRIMARY KEY (news_id, zone_id)
);
CREATE INDEX news_zones_zone ON news_zones (zone_id, news_id);

-- FAQ: topics and their questions, each ordered by position. seed_key
-- marks the rows loaded from the programme's FAQ, so loading at every
-- start adds only what is missing and never undoes an edit.
CREATE TABLE faq_topics (
	id {{pk}},
	title_it TEXT NOT NULL,
	title_en TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL,
	seed_key TEXT
);
CREATE UNIQUE INDEX faq_topics_seed ON faq_topics (seed_key) WHERE seed_key IS NOT NULL;

CREATE TABLE faq_items (
	id {{pk}},
	topic_id BIGINT NOT NULL REFERENCES faq_topics (id),
	question_it TEXT NOT NULL,
	question_en TEXT NOT NULL DEFAULT '',
	answer_it TEXT NOT NULL,
	answer_en TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL,
	seed_key TEXT,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX faq_items_topic ON faq_items (topic_id, position);
CREATE UNIQUE INDEX faq_items_seed ON faq_items (seed_key) WHERE seed_key IS NOT NULL;
