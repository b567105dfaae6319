-- kaohe schema 1 (SQLite). Times are Unix milliseconds; flags are 0/1.
CREATE TABLE organizations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'agency',
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations(id),
    active INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    login_key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(login_key, at);
CREATE TABLE cycles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    year INTEGER NOT NULL,
    deadline TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE TABLE cycle_reviewers (
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (cycle_id, user_id)
);
CREATE TABLE tables (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    cycle_id INTEGER NOT NULL REFERENCES cycles(id),
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    source_name TEXT NOT NULL DEFAULT '',
    source_encoding TEXT NOT NULL DEFAULT '',
    source_text TEXT NOT NULL DEFAULT '',
    import_version INTEGER NOT NULL DEFAULT 1,
    return_reason TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (organization_id, cycle_id)
);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    problems TEXT NOT NULL,
    source_pieces TEXT NOT NULL DEFAULT '{}',
    claimed TEXT NOT NULL DEFAULT 'unknown',
    report TEXT NOT NULL DEFAULT '{}',
    met INTEGER NOT NULL DEFAULT 0,
    not_met INTEGER NOT NULL DEFAULT 0,
    unverified INTEGER NOT NULL DEFAULT 0,
    qualitative INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0,
    self_score REAL,
    review_score REAL,
    review_comment TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL
);
CREATE INDEX tasks_table ON tasks(table_id, position);
CREATE TABLE targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    item INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    comparator TEXT,
    value TEXT,
    unit TEXT NOT NULL,
    period TEXT NOT NULL,
    corrected INTEGER NOT NULL DEFAULT 0,
    verdict TEXT NOT NULL,
    ratio REAL,
    actual TEXT,
    reason TEXT NOT NULL,
    line INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX targets_task ON targets(task_id, position);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    action TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX reviews_table ON reviews(table_id);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    target_id INTEGER REFERENCES targets(id) ON DELETE SET NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    uploaded_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX evidence_table ON evidence(table_id);
CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    user_id INTEGER REFERENCES users(id),
    at INTEGER NOT NULL
);
CREATE INDEX history_table ON history(table_id, id);
CREATE INDEX history_entity ON history(entity, entity_id, version);
