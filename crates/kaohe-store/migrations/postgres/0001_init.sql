-- kaohe schema 1 (PostgreSQL). Times are Unix milliseconds; flags are 0/1.
CREATE TABLE organizations (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'agency',
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    organization_id BIGINT REFERENCES organizations(id),
    active BIGINT NOT NULL DEFAULT 1,
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    login_key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(login_key, at);
CREATE TABLE cycles (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    year BIGINT NOT NULL,
    deadline TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE TABLE cycle_reviewers (
    cycle_id BIGINT NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (cycle_id, user_id)
);
CREATE TABLE tables (
    id BIGSERIAL PRIMARY KEY,
    organization_id BIGINT NOT NULL REFERENCES organizations(id),
    cycle_id BIGINT NOT NULL REFERENCES cycles(id),
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    source_name TEXT NOT NULL DEFAULT '',
    source_encoding TEXT NOT NULL DEFAULT '',
    source_text TEXT NOT NULL DEFAULT '',
    import_version BIGINT NOT NULL DEFAULT 1,
    return_reason TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (organization_id, cycle_id)
);
CREATE TABLE tasks (
    id BIGSERIAL PRIMARY KEY,
    table_id BIGINT NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    dimension TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    problems TEXT NOT NULL,
    source_pieces TEXT NOT NULL DEFAULT '{}',
    claimed TEXT NOT NULL DEFAULT 'unknown',
    report TEXT NOT NULL DEFAULT '{}',
    met BIGINT NOT NULL DEFAULT 0,
    not_met BIGINT NOT NULL DEFAULT 0,
    unverified BIGINT NOT NULL DEFAULT 0,
    qualitative BIGINT NOT NULL DEFAULT 0,
    flagged BIGINT NOT NULL DEFAULT 0,
    self_score DOUBLE PRECISION,
    review_score DOUBLE PRECISION,
    review_comment TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL
);
CREATE INDEX tasks_table ON tasks(table_id, position);
CREATE TABLE targets (
    id BIGSERIAL PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    item BIGINT NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    comparator TEXT,
    value TEXT,
    unit TEXT NOT NULL,
    period TEXT NOT NULL,
    corrected BIGINT NOT NULL DEFAULT 0,
    verdict TEXT NOT NULL,
    ratio DOUBLE PRECISION,
    actual TEXT,
    reason TEXT NOT NULL,
    line BIGINT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX targets_task ON targets(task_id, position);
CREATE TABLE reviews (
    id BIGSERIAL PRIMARY KEY,
    table_id BIGINT NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    action TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
CREATE INDEX reviews_table ON reviews(table_id);
CREATE TABLE evidence (
    id BIGSERIAL PRIMARY KEY,
    table_id BIGINT NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    task_id BIGINT REFERENCES tasks(id) ON DELETE CASCADE,
    target_id BIGINT REFERENCES targets(id) ON DELETE SET NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data BYTEA NOT NULL,
    uploaded_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX evidence_table ON evidence(table_id);
CREATE TABLE history (
    id BIGSERIAL PRIMARY KEY,
    table_id BIGINT NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    user_id BIGINT REFERENCES users(id),
    at BIGINT NOT NULL
);
CREATE INDEX history_table ON history(table_id, id);
CREATE INDEX history_entity ON history(entity, entity_id, version);
