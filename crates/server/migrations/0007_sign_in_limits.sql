-- Failed sign-ins (issue #18): counted per account and per address in a window, so a guesser
-- is stopped before the password hash runs (argon2 ran on every guess before). In the database,
-- so every replica counts the same guesses.
CREATE TABLE sign_in_failures (
    -- `account:<username>` or `address:<client address>`.
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    -- Unix seconds of the window's first failure.
    window_start BIGINT NOT NULL
);
