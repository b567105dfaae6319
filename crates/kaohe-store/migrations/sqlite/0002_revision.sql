-- kaohe schema 2: per table, a revision bumped by every change to the table
-- or anything on it (tasks, targets, evidence, reviews), so a cached view of
-- the table can be told current; and its verdict counts and score sums,
-- kept by the same statement that bumps the revision, so that reading and
-- listing tables never aggregate tasks.
ALTER TABLE tables ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tables ADD COLUMN n_tasks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tables ADD COLUMN n_met BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tables ADD COLUMN n_not_met BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tables ADD COLUMN n_unverified BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tables ADD COLUMN n_qualitative BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tables ADD COLUMN n_flagged BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tables ADD COLUMN self_score_sum REAL;
ALTER TABLE tables ADD COLUMN review_score_sum REAL;
UPDATE tables SET
    n_tasks = (SELECT COUNT(*) FROM tasks k WHERE k.table_id = tables.id),
    n_met = (SELECT COALESCE(SUM(k.met), 0) FROM tasks k WHERE k.table_id = tables.id),
    n_not_met = (SELECT COALESCE(SUM(k.not_met), 0) FROM tasks k WHERE k.table_id = tables.id),
    n_unverified = (SELECT COALESCE(SUM(k.unverified), 0) FROM tasks k WHERE k.table_id = tables.id),
    n_qualitative = (SELECT COALESCE(SUM(k.qualitative), 0) FROM tasks k WHERE k.table_id = tables.id),
    n_flagged = (SELECT COALESCE(SUM(k.flagged), 0) FROM tasks k WHERE k.table_id = tables.id),
    self_score_sum = (SELECT SUM(k.self_score) FROM tasks k WHERE k.table_id = tables.id),
    review_score_sum = (SELECT SUM(k.review_score) FROM tasks k WHERE k.table_id = tables.id);

-- Changes to organizations, users and cycles (who, when, field, old, new);
-- changes to tables and what is on them are in history.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    user_id BIGINT REFERENCES users(id),
    at BIGINT NOT NULL
);
CREATE INDEX audit_entity ON audit(entity, entity_id, id);
