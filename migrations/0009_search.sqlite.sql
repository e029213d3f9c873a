-- Site search (internal/platform/search, docs/search.md). search_documents
-- keeps each indexed item with its original text (for result pages and
-- snippets); search_fts indexes the tokens that Go computed from it
-- (lowercased, accents folded, stop words removed, Snowball Italian stems),
-- one column for the title and one for the body, its rowid being the
-- document's id. The "ascii" tokenizer splits on the spaces between tokens
-- and changes nothing else, so FTS5 stores exactly the tokens PostgreSQL
-- stores in its tsvector.
CREATE TABLE search_documents (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	ref TEXT NOT NULL,
	lang TEXT NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	url TEXT NOT NULL,
	doc_date TIMESTAMP,
	visible_from TIMESTAMP,
	-- the title's tokens joined by spaces, for the exact-title bonus
	title_key TEXT NOT NULL,
	-- hash of the content and of the analyser version, for Reindex
	content_hash TEXT NOT NULL,
	UNIQUE (kind, ref, lang)
);

CREATE INDEX search_documents_title_key ON search_documents (title_key);

CREATE TABLE search_document_zones (
	doc_id INTEGER NOT NULL REFERENCES search_documents (id) ON DELETE CASCADE,
	zone_id TEXT NOT NULL,
	PRIMARY KEY (zone_id, doc_id)
);

CREATE INDEX search_document_zones_doc ON search_document_zones (doc_id);

CREATE VIRTUAL TABLE search_fts USING fts5 (
	title, body,
	tokenize = 'ascii',
	content = '',
	contentless_delete = 1
);
