//! Importing a table: who may, reading the file within bounds, and where
//! a new table goes (which organization, which cycle).

use std::time::Duration;

use kaohe_core::check::Report;
use kaohe_store::{Id, NewTable, Role, TableContent, TableRecord, User};

use super::readers::NotRead;
use super::{ServiceError, ServiceResult};
use crate::state::AppState;

/// Longest source text kept, in characters (a 500-task table is ~400,000).
pub const MAX_SOURCE_CHARS: usize = 2_000_000;

/// How long an upload waits for a free reader before the answer is busy.
const READER_WAIT: Duration = Duration::from_secs(3);

/// Who may import a table, preview included: editors and administrators.
/// Checked before a byte of the upload is read.
pub fn may_import(user: &User) -> ServiceResult<()> {
    if matches!(user.role, Role::Editor | Role::Admin) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "只有填报人和管理员可以导入自查表".into(),
        ))
    }
}

/// Reads a table from a file's bytes, as [`read_bytes`] does, but on one of
/// the reader threads (`import_workers` of them) and within the readers'
/// time limit, so that reading never holds up other requests.
pub async fn read_bounded(
    state: &AppState,
    bytes: impl AsRef<[u8]> + Send + 'static,
    name: String,
) -> ServiceResult<(TableContent, Report)> {
    // The readers stop themselves at their time limit; this is the backstop
    // should one not: the caller is answered, the thread finishes alone.
    let limit = kaohe_import::Limits::default().max_time + Duration::from_secs(5);
    match state
        .readers
        .run(READER_WAIT, limit, move || {
            read_bytes(bytes.as_ref(), &name)
        })
        .await
    {
        Ok(result) => result,
        Err(NotRead::Busy) => Err(ServiceError::Busy {
            message: "正在读取其他上传的文件，请稍后再试".into(),
            retry_after: 5,
        }),
        Err(NotRead::TooSlow) => Err(ServiceError::TooSlow(
            "文件读取超时，可能已损坏或过于复杂；请把表格拆小后再导入".into(),
        )),
        Err(NotRead::Failed) => {
            tracing::error!("a file reader failed");
            Err(ServiceError::Invalid(
                "文件无法读取，可能已损坏；请检查后重新导入".into(),
            ))
        }
    }
}

/// Reads a table from a file's bytes (text, Word, Excel, PDF, Markdown):
/// what the store keeps and the check report. Blocking work: callers on
/// the async threads go through [`read_bounded`].
pub fn read_bytes(bytes: &[u8], name: &str) -> ServiceResult<(TableContent, Report)> {
    let imported = kaohe_import::read_document(bytes).map_err(|e| match e {
        kaohe_import::ImportError::TooLarge(_) => ServiceError::TooLarge(format!("{name}：{e}")),
        _ => ServiceError::Invalid(format!("{name}：{e}")),
    })?;
    if imported.source.chars().count() > MAX_SOURCE_CHARS {
        return Err(ServiceError::TooLarge(format!(
            "{name}：表格文字超过 {MAX_SOURCE_CHARS} 个字符"
        )));
    }
    let report = kaohe_core::check::check_imported(
        &imported.table,
        imported.warnings.clone(),
        &imported.source,
    );
    if let Some(why) = report.refusal() {
        return Err(ServiceError::Invalid(format!("{name}：{why}")));
    }
    let content = kaohe_store::derive::content_from_report(
        &imported.table,
        &imported.warnings,
        &report,
        name,
        imported.format,
        &imported.source,
    );
    Ok((content, report))
}

/// Where a newly imported table goes, as the request names it.
#[derive(Clone, Debug, Default)]
pub struct NewImport {
    pub organization_id: Option<Id>,
    pub cycle_id: Option<Id>,
}

/// Saves a new table read by [`read_bounded`]: an editor's goes to its own
/// organization (naming another is refused), an administrator's to the one
/// named; without a cycle, the newest.
pub async fn save_new(
    state: &AppState,
    user: &User,
    content: TableContent,
    to: NewImport,
) -> ServiceResult<TableRecord> {
    may_import(user)?;
    let organization_id = match (user.role, to.organization_id) {
        (Role::Editor, Some(org)) if Some(org) != user.organization_id => {
            return Err(ServiceError::Forbidden(
                "填报人只能为本单位导入自查表".into(),
            ))
        }
        (_, Some(org)) => org,
        (_, None) => user
            .organization_id
            .ok_or_else(|| ServiceError::Invalid("请指明单位".into()))?,
    };
    let cycle_id = match to.cycle_id {
        Some(c) => c,
        None => {
            state
                .store
                .list_cycles()
                .await?
                .first()
                .ok_or_else(|| ServiceError::Invalid("还没有考核周期，请管理员先建立".into()))?
                .id
        }
    };
    Ok(state
        .store
        .create_table(
            NewTable {
                organization_id,
                cycle_id,
                content,
            },
            Some(user.id),
        )
        .await?)
}
