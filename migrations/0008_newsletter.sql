-- Newsletter: subscribers with double opt-in and preferences, campaigns
-- with their segments, and the per-recipient send log that makes sending
-- crash-safe (docs/newsletter.md).

-- status: pending (never confirmed), confirmed, unsubscribed. A bounced
-- address keeps its status and gets bounced_at; sends skip it.
-- consent_*: the latest consent given (form or import), with the version
-- of the consent text shown. confirm_hash: SHA-256 of the confirmation
-- link's secret, kept after confirmation so a second click is recognised.
CREATE TABLE newsletter_subscribers (
	id {{pk}},
	email TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'it',
	status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
	consent_version TEXT NOT NULL DEFAULT '',
	consent_at {{ts}},
	consent_source TEXT NOT NULL DEFAULT '',
	confirmed_at {{ts}},
	unsubscribed_at {{ts}},
	bounced_at {{ts}},
	bounce_note TEXT NOT NULL DEFAULT '',
	confirm_hash TEXT,
	confirm_expires_at {{ts}},
	confirm_sent_at {{ts}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX newsletter_subscribers_email ON newsletter_subscribers (email);
CREATE UNIQUE INDEX newsletter_subscribers_confirm ON newsletter_subscribers (confirm_hash) WHERE confirm_hash IS NOT NULL;
CREATE INDEX newsletter_subscribers_status ON newsletter_subscribers (status, id);

-- Preferences: no row means every territory, or every topic.
CREATE TABLE newsletter_subscriber_zones (
	subscriber_id BIGINT NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
	zone_id TEXT NOT NULL REFERENCES zones (id),
	PRIMARY KEY (subscriber_id, zone_id)
);
CREATE INDEX newsletter_subscriber_zones_zone ON newsletter_subscriber_zones (zone_id);

CREATE TABLE newsletter_subscriber_topics (
	subscriber_id BIGINT NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
	topic TEXT NOT NULL,
	PRIMARY KEY (subscriber_id, topic)
);

-- The history of consent: every subscription request, confirmation,
-- import, unsubscription, with the version of the text and where from.
CREATE TABLE newsletter_consents (
	id {{pk}},
	subscriber_id BIGINT NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
	event TEXT NOT NULL,
	text_version TEXT NOT NULL DEFAULT '',
	at {{ts}} NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX newsletter_consents_subscriber ON newsletter_consents (subscriber_id, at);

-- The key that signs the personal links (preferences, unsubscribe); one
-- row, created on first use.
CREATE TABLE newsletter_keys (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	secret TEXT NOT NULL,
	created_at {{ts}} NOT NULL
);

-- state: draft, scheduled, sending, paused, sent. home_zone: the
-- territory of a coordinator's campaign; NULL for a regional one.
-- sender_id/sender_until: the lease of the process sending it.
CREATE TABLE newsletter_campaigns (
	id {{pk}},
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	home_zone TEXT REFERENCES zones (id),
	state TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'sending', 'paused', 'sent')),
	scheduled_at {{ts}},
	started_at {{ts}},
	finished_at {{ts}},
	connections INTEGER NOT NULL DEFAULT 4,
	rate INTEGER NOT NULL DEFAULT 0,
	archive {{bool}} NOT NULL DEFAULT TRUE,
	id_nonce TEXT NOT NULL,
	sender_id TEXT NOT NULL DEFAULT '',
	sender_until {{ts}},
	last_error TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX newsletter_campaigns_state ON newsletter_campaigns (state, finished_at);

CREATE TABLE newsletter_campaign_zones (
	campaign_id BIGINT NOT NULL REFERENCES newsletter_campaigns (id) ON DELETE CASCADE,
	zone_id TEXT NOT NULL REFERENCES zones (id),
	PRIMARY KEY (campaign_id, zone_id)
);

CREATE TABLE newsletter_campaign_topics (
	campaign_id BIGINT NOT NULL REFERENCES newsletter_campaigns (id) ON DELETE CASCADE,
	topic TEXT NOT NULL,
	PRIMARY KEY (campaign_id, topic)
);

CREATE TABLE newsletter_campaign_roles (
	campaign_id BIGINT NOT NULL REFERENCES newsletter_campaigns (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	PRIMARY KEY (campaign_id, role)
);

-- The send log: one row per recipient, written when the campaign starts.
-- state: pending → sending (claimed by the sender) → sent, failed or
-- skipped (unsubscribed or bounced since). message_id is fixed here, so
-- every attempt carries the same one.
CREATE TABLE newsletter_sends (
	campaign_id BIGINT NOT NULL REFERENCES newsletter_campaigns (id) ON DELETE CASCADE,
	subscriber_id BIGINT NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
	state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
	message_id TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at {{ts}},
	sent_at {{ts}},
	error TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (campaign_id, subscriber_id)
);
CREATE INDEX newsletter_sends_state ON newsletter_sends (campaign_id, state, subscriber_id);
CREATE INDEX newsletter_sends_subscriber ON newsletter_sends (subscriber_id);
