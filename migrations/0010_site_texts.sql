-- Editable texts of the public site: the home page's "what Cantieri della
-- Salute is" and "how to take part", the privacy notice, the legal notes
-- and the accessibility statement. One row per text and language, its
-- body in Markdown. A text with no row shows its default from the message
-- catalogue; an English row with an empty body shows the Italian text.
-- Every save is also in the audit log, with the texts before and after.
CREATE TABLE site_texts (
	key TEXT NOT NULL,
	lang TEXT NOT NULL CHECK (lang IN ('it', 'en')),
	body TEXT NOT NULL,
	updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	updated_at {{ts}} NOT NULL,
	PRIMARY KEY (key, lang)
);
