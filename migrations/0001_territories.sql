-- Reference territories of Tuscany: health authorities (ASL), zone-distretto,
-- comuni (ISTAT codes), Società della Salute with dated validity, and the
-- two committees of each zone. Dates without time are ISO 'YYYY-MM-DD' text.
CREATE TABLE health_authorities (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL
);

CREATE TABLE zones (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	health_authority_id TEXT NOT NULL REFERENCES health_authorities (id),
	population_2011 INTEGER NOT NULL DEFAULT 0,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX zones_health_authority ON zones (health_authority_id);

CREATE TABLE comuni (
	istat_code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	province_code TEXT NOT NULL,
	province TEXT NOT NULL,
	province_abbr TEXT NOT NULL,
	cadastral_code TEXT NOT NULL,
	population_2011 INTEGER NOT NULL DEFAULT 0,
	is_capital {{bool}} NOT NULL DEFAULT FALSE,
	zone_id TEXT NOT NULL REFERENCES zones (id)
);
CREATE INDEX comuni_zone ON comuni (zone_id);

CREATE TABLE health_societies (
	id {{pk}},
	zone_id TEXT NOT NULL REFERENCES zones (id),
	name TEXT NOT NULL,
	valid_from TEXT,
	valid_to TEXT,
	reliability TEXT NOT NULL DEFAULT ''
);
CREATE INDEX health_societies_zone ON health_societies (zone_id);

CREATE TABLE committees (
	id {{pk}},
	zone_id TEXT NOT NULL REFERENCES zones (id),
	kind TEXT NOT NULL CHECK (kind IN ('participation', 'third_sector')),
	name TEXT NOT NULL,
	UNIQUE (zone_id, kind)
);
