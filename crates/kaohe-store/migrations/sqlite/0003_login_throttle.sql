-- kaohe schema 3: login throttling that holds under concurrency.
-- One row per throttle key (an account, an address, an account at an
-- address). An attempt is counted here before its password is checked, by a
-- compare-and-swap on the row, so simultaneous guesses all count; a
-- successful login clears the account's rows. Not kept in backups.
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    attempts BIGINT NOT NULL,
    next_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Failed logins, for the administrator: the name tried and from where.
ALTER TABLE login_failures ADD COLUMN address TEXT;
