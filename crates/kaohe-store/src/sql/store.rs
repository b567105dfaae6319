//! The [`Store`] trait, each method handed to the aggregate that owns it.
//!
//! `SqlStore::name(self, …)` is the inherent method of that name in the
//! aggregate's file: Rust looks for inherent methods before trait ones.

use async_trait::async_trait;
use sqlx::{ColumnIndex, Executor, IntoArguments};

use super::{Args, Conn, DbRow, Dialect, Param, SqlStore, Value};
use crate::backup::Dump;
use crate::model::*;
use crate::{Actor, Backend, Result, Store};

#[async_trait]
impl<D: Dialect> Store for SqlStore<D>
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
    fn backend(&self) -> Backend {
        D::BACKEND
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_organization(
        &self,
        name: &str,
        kind: &str,
        actor: Actor,
    ) -> Result<Organization> {
        SqlStore::create_organization(self, name, kind, actor).await
    }

    async fn list_organizations(&self) -> Result<Vec<Organization>> {
        SqlStore::list_organizations(self).await
    }

    async fn get_organization(&self, id: Id) -> Result<Organization> {
        SqlStore::get_organization(self, id).await
    }

    async fn update_organization(
        &self,
        id: Id,
        version: i64,
        name: &str,
        kind: &str,
        actor: Actor,
    ) -> Result<Organization> {
        SqlStore::update_organization(self, id, version, name, kind, actor).await
    }

    async fn create_user(&self, user: NewUser, actor: Actor) -> Result<User> {
        SqlStore::create_user(self, user, actor).await
    }

    async fn get_user(&self, id: Id) -> Result<User> {
        SqlStore::get_user(self, id).await
    }

    async fn find_login(&self, username: &str) -> Result<Option<(User, String)>> {
        SqlStore::find_login(self, username).await
    }

    async fn list_users(&self) -> Result<Vec<User>> {
        SqlStore::list_users(self).await
    }

    async fn update_user(
        &self,
        id: Id,
        version: i64,
        patch: UserPatch,
        actor: Actor,
    ) -> Result<User> {
        SqlStore::update_user(self, id, version, patch, actor).await
    }

    async fn count_users(&self) -> Result<i64> {
        SqlStore::count_users(self).await
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: Id,
        csrf_token: &str,
        expires_at: Millis,
    ) -> Result<()> {
        SqlStore::create_session(self, token_hash, user_id, csrf_token, expires_at).await
    }

    async fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Session>> {
        SqlStore::session(self, token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        SqlStore::delete_session(self, token_hash).await
    }

    async fn create_api_token(
        &self,
        user_id: Id,
        name: &str,
        token_hash: &str,
    ) -> Result<ApiToken> {
        SqlStore::create_api_token(self, user_id, name, token_hash).await
    }

    async fn list_api_tokens(&self, user_id: Id) -> Result<Vec<ApiToken>> {
        SqlStore::list_api_tokens(self, user_id).await
    }

    async fn revoke_api_token(&self, user_id: Id, id: Id) -> Result<()> {
        SqlStore::revoke_api_token(self, user_id, id).await
    }

    async fn api_token_user(&self, token_hash: &str, now: Millis) -> Result<Option<User>> {
        SqlStore::api_token_user(self, token_hash, now).await
    }

    async fn begin_login_attempt(
        &self,
        throttles: &[Throttle],
        now: Millis,
    ) -> Result<Option<Millis>> {
        SqlStore::begin_login_attempt(self, throttles, now).await
    }

    async fn clear_login_throttles(&self, keys: &[String]) -> Result<()> {
        SqlStore::clear_login_throttles(self, keys).await
    }

    async fn record_login_failure(
        &self,
        username: &str,
        address: Option<&str>,
        now: Millis,
    ) -> Result<()> {
        SqlStore::record_login_failure(self, username, address, now).await
    }

    async fn recent_login_failures(&self, limit: i64) -> Result<Vec<LoginFailure>> {
        SqlStore::recent_login_failures(self, limit).await
    }

    async fn create_cycle(
        &self,
        name: &str,
        year: i64,
        deadline: Option<&str>,
        actor: Actor,
    ) -> Result<Cycle> {
        SqlStore::create_cycle(self, name, year, deadline, actor).await
    }

    async fn list_cycles(&self) -> Result<Vec<Cycle>> {
        SqlStore::list_cycles(self).await
    }

    async fn get_cycle(&self, id: Id) -> Result<Cycle> {
        SqlStore::get_cycle(self, id).await
    }

    async fn update_cycle(
        &self,
        id: Id,
        version: i64,
        patch: CyclePatch,
        actor: Actor,
    ) -> Result<Cycle> {
        SqlStore::update_cycle(self, id, version, patch, actor).await
    }

    async fn set_cycle_reviewers(
        &self,
        cycle_id: Id,
        user_ids: &[Id],
        actor: Actor,
    ) -> Result<Cycle> {
        SqlStore::set_cycle_reviewers(self, cycle_id, user_ids, actor).await
    }

    async fn audit(&self, offset: i64, limit: i64) -> Result<Page<AuditEntry>> {
        SqlStore::audit(self, offset, limit).await
    }

    async fn create_table(&self, table: NewTable, actor: Actor) -> Result<TableRecord> {
        SqlStore::create_table(self, table, actor).await
    }

    async fn reimport_table(
        &self,
        id: Id,
        version: i64,
        content: TableContent,
        actor: Actor,
    ) -> Result<TableRecord> {
        SqlStore::reimport_table(self, id, version, content, actor).await
    }

    async fn list_tables(&self, filter: &TableFilter) -> Result<Page<TableRecord>> {
        SqlStore::list_tables(self, filter).await
    }

    async fn get_table(&self, id: Id) -> Result<TableRecord> {
        SqlStore::get_table(self, id).await
    }

    async fn table_source(&self, id: Id) -> Result<String> {
        SqlStore::table_source(self, id).await
    }

    async fn update_table_title(
        &self,
        id: Id,
        version: i64,
        title: &str,
        actor: Actor,
    ) -> Result<TableRecord> {
        SqlStore::update_table_title(self, id, version, title, actor).await
    }

    async fn transition_table(
        &self,
        id: Id,
        version: i64,
        from: &[TableStatus],
        to: TableStatus,
        action: &str,
        reason: &str,
        actor: Actor,
    ) -> Result<TableRecord> {
        SqlStore::transition_table(self, id, version, from, to, action, reason, actor).await
    }

    async fn delete_table(&self, id: Id) -> Result<()> {
        SqlStore::delete_table(self, id).await
    }

    async fn list_reviews(&self, table_id: Id) -> Result<Vec<ReviewEvent>> {
        SqlStore::list_reviews(self, table_id).await
    }

    async fn list_tasks(&self, table_id: Id) -> Result<Vec<Task>> {
        SqlStore::list_tasks(self, table_id).await
    }

    async fn get_task(&self, id: Id) -> Result<Task> {
        SqlStore::get_task(self, id).await
    }

    async fn update_task(
        &self,
        id: Id,
        version: i64,
        patch: TaskPatch,
        actor: Actor,
    ) -> Result<Task> {
        SqlStore::update_task(self, id, version, patch, actor).await
    }

    async fn review_task(
        &self,
        id: Id,
        version: i64,
        score: Option<f64>,
        comment: Option<&str>,
        actor: Actor,
    ) -> Result<Task> {
        SqlStore::review_task(self, id, version, score, comment, actor).await
    }

    async fn restore_task(&self, id: Id, change_id: Id, actor: Actor) -> Result<Task> {
        SqlStore::restore_task(self, id, change_id, actor).await
    }

    async fn list_targets(&self, table_id: Id) -> Result<Vec<Target>> {
        SqlStore::list_targets(self, table_id).await
    }

    async fn search_tasks(&self, query: &str, limit: i64) -> Result<Vec<Task>> {
        SqlStore::search_tasks(self, query, limit).await
    }

    async fn get_target(&self, id: Id) -> Result<Target> {
        SqlStore::get_target(self, id).await
    }

    async fn correct_target(
        &self,
        id: Id,
        version: i64,
        correction: Option<TargetCorrection>,
        actor: Actor,
    ) -> Result<Target> {
        SqlStore::correct_target(self, id, version, correction, actor).await
    }

    async fn add_evidence(&self, file: NewEvidence, actor: Actor) -> Result<Evidence> {
        SqlStore::add_evidence(self, file, actor).await
    }

    async fn list_evidence(&self, table_id: Id) -> Result<Vec<Evidence>> {
        SqlStore::list_evidence(self, table_id).await
    }

    async fn get_evidence(&self, id: Id) -> Result<(Evidence, Vec<u8>)> {
        SqlStore::get_evidence(self, id).await
    }

    async fn delete_evidence(&self, id: Id, actor: Actor) -> Result<()> {
        SqlStore::delete_evidence(self, id, actor).await
    }

    async fn history(&self, table_id: Id, offset: i64, limit: i64) -> Result<Page<Change>> {
        SqlStore::history(self, table_id, offset, limit).await
    }

    async fn dump(&self) -> Result<Dump> {
        SqlStore::dump(self).await
    }

    async fn load(&self, dump: &Dump) -> Result<()> {
        SqlStore::load(self, dump).await
    }
}
