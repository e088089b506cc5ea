-- Sign-ins for people of the roster (issue #12): the Crisis Center issues a one-time code for a
-- person, which the person uses once, within its time, to set their password. Only the code's
-- SHA-256 is kept. A new code for the same person replaces the old one.
CREATE TABLE activations (
    person_id TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
