-- kaohe schema 4: tables of every family of target document. `family` is
-- the core's spelling (self_check, performance, progress, report); a table
-- of another family than the self-check table has no tasks, and its checked
-- rows, funds block, period, target-quality warnings and totals are kept in
-- `family_report` as the JSON of the store's typed `FamilyReport` (NULL for
-- a self-check table).
ALTER TABLE tables ADD COLUMN family TEXT NOT NULL DEFAULT 'self_check';
ALTER TABLE tables ADD COLUMN family_report TEXT;
