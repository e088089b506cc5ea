-- Agencies, offices, users and sessions. Written in SQL that SQLite and PostgreSQL both accept,
-- so one migration set serves both engines; times are Unix seconds (BIGINT).
CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    region TEXT NOT NULL
);

CREATE TABLE offices (
    id TEXT PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    name TEXT NOT NULL,
    regency TEXT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    office_id TEXT REFERENCES offices (id),
    created_at BIGINT NOT NULL
);

-- Sessions live in the database, never only in a process, so replicas can share them.
-- Only a hash of the token is stored: a leaked database does not leak live sessions.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
