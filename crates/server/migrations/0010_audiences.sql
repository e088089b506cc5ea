-- Access written once (issue #18): every record is kept with the groups of readers it is for
-- (`kit::audiences`: the officers of its office, the person it is about, whoever it names ...),
-- under its current change number, so a user's pull is one lookup of their own groups
-- (`kit::audiences_of`) and a new access pattern needs no SQL. The agency's whole-agency group
-- is every record of the agency, which `records_by_agency` already indexes: no rows for it.
CREATE TABLE record_audiences (
    agency_id TEXT NOT NULL,
    audience TEXT NOT NULL,
    server_seq BIGINT NOT NULL,
    PRIMARY KEY (agency_id, audience, server_seq)
);
-- Which rules (`kit::AUDIENCE_RULES`) the rows above follow. 0: none written yet; the server
-- writes every stored record's audiences at start when this is not its own version.
CREATE TABLE audience_rules (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO audience_rules (id, version) VALUES (1, 0);
-- A departure is now of a group, not only of a named user: a record that leaves any of its
-- groups (unnamed, moved to another office, given to another person) is told gone to that
-- group's next pulls, unless the puller may read it still. The users unnamed before are the
-- groups of those named (`n:` and their id).
CREATE TABLE record_group_departures (
    agency_id TEXT NOT NULL,
    audience TEXT NOT NULL,
    server_seq BIGINT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (agency_id, audience, server_seq, record_id)
);
INSERT INTO record_group_departures (agency_id, audience, server_seq, record_id)
    SELECT agency_id, 'n:' || user_id, server_seq, record_id FROM record_departures;
DROP TABLE record_departures;
