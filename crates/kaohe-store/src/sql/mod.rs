//! The store's SQL, written once for both backends.
//!
//! [`SqlStore<D>`] is the store; `D` is a [`Dialect`]: SQLite or PostgreSQL,
//! which names the sqlx database type, the migrations and four hooks. The SQL
//! itself is the dialect both speak: `$n` parameters, `RETURNING`, integers
//! for times and flags.
//!
//! The implementation is split by aggregate, each file one `impl` block of
//! `SqlStore<D>`: `accounts` (organizations, users, sessions, tokens, login
//! throttling), `cycles`, `tables`, `tasks` (tasks and targets), `evidence`,
//! `history` (history, audit, conflicts, restore), `backup` (dump and load)
//! and `migrate`. `store` implements the [`Store`](crate::Store) trait by
//! handing each method to the aggregate that owns it.
//!
//! Every `impl` block repeats the same `where` clause (see [`SqlStore`]):
//! Rust does not carry such bounds from one block to the next.

mod accounts;
mod backup;
mod cycles;
mod evidence;
mod history;
mod migrate;
mod store;
mod tables;
mod tasks;

use std::future::Future;

use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Row as _, Transaction,
    Type,
};
use tokio::sync::MutexGuard;

use crate::model::*;
use crate::{Backend, Result, StoreError};

/// What differs between the backends; everything else is [`SqlStore`].
pub trait Dialect: Send + Sync + 'static {
    /// The sqlx database.
    type Db: Database<QueryResult: RowsAffected>;
    const BACKEND: Backend;
    /// `(version, SQL)`, applied in order, each once.
    const MIGRATIONS: &'static [(i64, &'static str)];

    /// Taken before a write transaction begins and held until it ends.
    fn write_guard(&self) -> impl Future<Output = Option<MutexGuard<'_, ()>>> + Send;
    /// Taken inside the migration transaction, so that servers starting
    /// together migrate once.
    fn lock_migrations(
        tx: &mut Transaction<'_, Self::Db>,
    ) -> impl Future<Output = Result<()>> + Send;
    /// A read-only transaction that sees one moment, for a dump.
    fn begin_snapshot(
        pool: &Pool<Self::Db>,
    ) -> impl Future<Output = Result<Transaction<'static, Self::Db>>> + Send;
    /// Runs after a dump is loaded, in the same transaction.
    fn after_load(tx: &mut Transaction<'_, Self::Db>) -> impl Future<Output = Result<()>> + Send;
}

/// The rows a statement changed (each driver has this as an inherent method).
pub trait RowsAffected {
    fn rows_affected(&self) -> u64;
}

impl RowsAffected for sqlx::sqlite::SqliteQueryResult {
    fn rows_affected(&self) -> u64 {
        self.rows_affected()
    }
}

impl RowsAffected for sqlx::postgres::PgQueryResult {
    fn rows_affected(&self) -> u64 {
        self.rows_affected()
    }
}

/// A type the store binds as a parameter and reads from a column.
pub trait Value<DB: Database>: for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB> + Type<DB> {}
impl<DB: Database, T> Value<DB> for T where
    T: for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB> + Type<DB>
{
}

/// A borrowed type the store binds as a parameter.
pub trait Param<'q, DB: Database>: Encode<'q, DB> + Type<DB> {}
impl<'q, DB: Database, T> Param<'q, DB> for T where T: Encode<'q, DB> + Type<DB> {}

type Tx<'a, D> = Transaction<'a, <D as Dialect>::Db>;
type DbRow<D> = <<D as Dialect>::Db as Database>::Row;
type Conn<D> = <<D as Dialect>::Db as Database>::Connection;
type Args<'q, D> = <<D as Dialect>::Db as Database>::Arguments<'q>;

/// kaohe's records in a SQL database.
///
/// The generic code needs the database to run statements on a connection,
/// bind its arguments and read by column name the four kinds of column
/// ([`crate::backup::Col`]: integer, real, text, bytes), each nullable. Both
/// sqlx drivers do; each `impl` block states it with the same `where` clause:
///
/// ```text
/// for<'c> &'c mut Conn<D>: Executor<'c, Database = D::Db>,
/// for<'q> Args<'q, D>: IntoArguments<'q, D::Db>,
/// for<'r> &'r str: ColumnIndex<DbRow<D>>,
/// i64, f64, String, Vec<u8> and their Options: Value<D::Db>,
/// &str and Option<&str>: Param<D::Db>,
/// ```
pub struct SqlStore<D: Dialect> {
    // First, so that it is dropped (stopping any background task of the
    // dialect's) before the pool.
    dialect: D,
    pool: Pool<D::Db>,
}

impl<D: Dialect> SqlStore<D>
where
    for<'c> &'c mut Conn<D>: Executor<'c, Database = D::Db>,
    for<'q> Args<'q, D>: IntoArguments<'q, D::Db>,
    for<'r> &'r str: ColumnIndex<DbRow<D>>,
    i64: Value<D::Db>,
    Option<i64>: Value<D::Db>,
    f64: Value<D::Db>,
    Option<f64>: Value<D::Db>,
    String: Value<D::Db>,
    Option<String>: Value<D::Db>,
    Vec<u8>: Value<D::Db>,
    Option<Vec<u8>>: Value<D::Db>,
    for<'q> &'q str: Param<'q, D::Db>,
    for<'q> Option<&'q str>: Param<'q, D::Db>,
{
    /// The pool and dialect as a store, its schema migrated.
    pub(crate) async fn open_with(pool: Pool<D::Db>, dialect: D) -> Result<Self> {
        let store = SqlStore { dialect, pool };
        store.migrate().await?;
        Ok(store)
    }

    /// A write transaction, and the dialect's writer guard held for it.
    async fn write_tx(&self) -> Result<(Option<MutexGuard<'_, ()>>, Tx<'static, D>)> {
        let guard = self.dialect.write_guard().await;
        let tx = self.pool.begin().await?;
        Ok((guard, tx))
    }

    /// One row by id, mapped; `what` names it when there is none. Works on the
    /// pool and inside a transaction alike.
    async fn by_id<'e, E, T>(
        ex: E,
        sql: &str,
        id: Id,
        what: &'static str,
        map: fn(&DbRow<D>) -> Result<T>,
    ) -> Result<T>
    where
        E: Executor<'e, Database = D::Db>,
    {
        let row = sqlx::query(sql)
            .bind(id)
            .fetch_optional(ex)
            .await?
            .ok_or(StoreError::NotFound(what))?;
        map(&row)
    }

    fn millis(r: &DbRow<D>, col: &str) -> Result<Millis> {
        Ok(Millis(r.try_get::<i64, _>(col)?))
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

fn is_fk_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_foreign_key_violation())
}
