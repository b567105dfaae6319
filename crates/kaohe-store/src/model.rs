//! The records kaohe keeps, as the store hands them out and the API sends them.

use kaohe_core::check::{Report, Summary, TaskReport};
use kaohe_core::claim::Claimed;
use kaohe_core::family::{Family, FundsReport, IndicatorReport, PartYear, TargetQuality};
use kaohe_core::quantity::{Comparator, Period};
use kaohe_core::target::TargetKind;
use kaohe_core::verify::Verdict;
use kaohe_core::Diagnostic;
use serde::{Deserialize, Serialize, Serializer};

/// Row ids.
pub type Id = i64;

/// Unix time in milliseconds, sent as RFC 3339 (`2026-11-29T08:00:00Z`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct Millis(pub i64);

impl Serialize for Millis {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&rfc3339(self.0))
    }
}

impl Millis {
    /// Now.
    pub fn now() -> Millis {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Millis(d.as_millis() as i64)
    }
}

/// `2026-11-29T08:00:00Z` for a Unix time in milliseconds (UTC).
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// What a user may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 管理员: organizations, users, cycles.
    Admin,
    /// 填报人: edits its own organization's tables while draft or returned.
    Editor,
    /// 审核人: scores, comments, returns and approves in the cycles it reviews.
    Reviewer,
    /// 查看者: reads.
    Viewer,
}

impl Role {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
            Role::Viewer => "viewer",
        }
    }

    /// The Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Editor => "填报人",
            Role::Reviewer => "审核人",
            Role::Viewer => "查看者",
        }
    }

    /// Reads the stored spelling or the Chinese name.
    pub fn parse(s: &str) -> Option<Role> {
        [Role::Admin, Role::Editor, Role::Reviewer, Role::Viewer]
            .into_iter()
            .find(|r| r.as_str() == s || r.chinese() == s)
    }
}

/// Where a table is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableStatus {
    /// 草稿.
    Draft,
    /// 已提交.
    Submitted,
    /// 已退回.
    Returned,
    /// 已审定.
    Approved,
}

impl TableStatus {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TableStatus::Draft => "draft",
            TableStatus::Submitted => "submitted",
            TableStatus::Returned => "returned",
            TableStatus::Approved => "approved",
        }
    }

    /// The Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            TableStatus::Draft => "草稿",
            TableStatus::Submitted => "已提交",
            TableStatus::Returned => "已退回",
            TableStatus::Approved => "已审定",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(s: &str) -> Option<TableStatus> {
        [
            TableStatus::Draft,
            TableStatus::Submitted,
            TableStatus::Returned,
            TableStatus::Approved,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }

    /// Whether its editors may change it.
    pub fn editable(self) -> bool {
        matches!(self, TableStatus::Draft | TableStatus::Returned)
    }
}

/// An agency (or the assessment office).
#[derive(Clone, Debug, Serialize)]
pub struct Organization {
    pub id: Id,
    pub name: String,
    /// `agency` or `office`.
    pub kind: String,
    pub version: i64,
    pub created_at: Millis,
}

/// A person who logs in.
#[derive(Clone, Debug, Serialize)]
pub struct User {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organization_id: Option<Id>,
    pub active: bool,
    pub version: i64,
    pub created_at: Millis,
}

/// A user to create; the password is already hashed.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub organization_id: Option<Id>,
}

/// Changes to a user; `None` keeps a field.
#[derive(Clone, Debug, Default)]
pub struct UserPatch {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub organization_id: Option<Option<Id>>,
    pub active: Option<bool>,
    pub password_hash: Option<String>,
}

/// A logged-in browser.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: Millis,
}

/// One limit on login attempts: `free` attempts within `window_ms`; after
/// those, each attempt makes the next one wait twice as long as the last,
/// from `base_ms` up to `max_ms`. Back-off rather than a lock-out, so that
/// nobody can shut a colleague out for long by guessing wrong on purpose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Throttle {
    pub key: String,
    pub free: i64,
    pub base_ms: i64,
    pub max_ms: i64,
    pub window_ms: i64,
}

impl Throttle {
    /// How long the next attempt waits after `attempts` attempts.
    pub fn delay_after(&self, attempts: i64) -> i64 {
        if attempts < self.free {
            return 0;
        }
        // Forty doublings of any base already pass every cap.
        let doublings = (attempts - self.free).clamp(0, 40) as u32;
        self.base_ms
            .saturating_mul(1i64 << doublings)
            .min(self.max_ms)
    }
}

/// A failed login, as the administrator sees it.
#[derive(Clone, Debug, Serialize)]
pub struct LoginFailure {
    /// The name that was tried (it may not exist).
    pub username: String,
    /// The client's address, when known.
    pub address: Option<String>,
    pub at: Millis,
}

/// A token for scripts (the secret itself is shown once, at creation).
#[derive(Clone, Debug, Serialize)]
pub struct ApiToken {
    pub id: Id,
    pub user_id: Id,
    pub name: String,
    pub created_at: Millis,
    pub last_used_at: Option<Millis>,
    pub revoked: bool,
}

/// An assessment cycle (2022年度日常履职考核).
#[derive(Clone, Debug, Serialize)]
pub struct Cycle {
    pub id: Id,
    pub name: String,
    pub year: i64,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
    /// Users who review this cycle's tables.
    pub reviewer_ids: Vec<Id>,
    pub version: i64,
    pub created_at: Millis,
}

/// Changes to a cycle; `None` keeps a field.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CyclePatch {
    pub name: Option<String>,
    pub year: Option<i64>,
    pub deadline: Option<Option<String>>,
}

/// Verdict counts.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub tasks: i64,
    /// Targets with something to check (all but qualitative).
    pub targets: i64,
    pub met: i64,
    pub not_met: i64,
    pub unverified: i64,
    pub qualitative: i64,
    /// Tasks that claim completion while a target is missed.
    pub flagged: i64,
}

/// One target table of one organization in one cycle: a self-check table
/// (its rows are tasks) or a table of another family (its rows are in the
/// family report).
#[derive(Clone, Debug, Serialize)]
pub struct TableRecord {
    pub id: Id,
    pub organization_id: Id,
    pub organization: String,
    pub cycle_id: Id,
    pub cycle: String,
    pub title: String,
    /// Which family of document the table is.
    pub family: Family,
    /// The family report of a table of another family than the self-check
    /// table, kept as the JSON text it was stored as (read it with
    /// [`TableRecord::family_report`]); `None` for a self-check table.
    #[serde(skip)]
    pub family_report: Option<Box<serde_json::value::RawValue>>,
    pub status: TableStatus,
    pub source_name: String,
    pub source_encoding: String,
    /// How many times the text was imported.
    pub import_version: i64,
    pub return_reason: Option<String>,
    pub counts: Counts,
    /// Sum of the self-assessed task scores.
    pub self_score: Option<f64>,
    /// Sum of the reviewed task scores.
    pub review_score: Option<f64>,
    /// What the reader noticed on import.
    pub warnings: Vec<Diagnostic>,
    pub version: i64,
    /// Bumped by every change to the table or anything on it.
    pub revision: i64,
    pub created_by: Option<Id>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl TableRecord {
    /// The family report, typed: `None` for a self-check table, or when the
    /// stored text does not read as one (a store written by hand).
    pub fn family_report(&self) -> Option<FamilyReport> {
        self.family_report
            .as_ref()
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
    }
}

/// What a table of another family than the self-check table holds besides
/// its title and warnings: the core's report of the indicators, funds block,
/// period, target-quality warnings and totals.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FamilyReport {
    pub family: Family,
    /// The part of the year a progress document covers.
    #[serde(default)]
    pub period: Option<PartYear>,
    /// The budget block of a 绩效自评表.
    #[serde(default)]
    pub funds: Option<FundsReport>,
    /// Every target row, checked.
    #[serde(default)]
    pub indicators: Vec<IndicatorReport>,
    /// Targets that cannot be verified by design.
    #[serde(default)]
    pub target_quality: Vec<TargetQuality>,
    /// Counts and score totals.
    #[serde(default)]
    pub summary: Summary,
}

impl FamilyReport {
    /// The family part of a core report; `None` for a self-check table.
    pub fn of(report: &Report) -> Option<FamilyReport> {
        (report.family != Family::SelfCheck).then(|| FamilyReport {
            family: report.family,
            period: report.period,
            funds: report.funds.clone(),
            indicators: report.indicators.clone(),
            target_quality: report.target_quality.clone(),
            summary: report.summary.clone(),
        })
    }

    /// The core report again, with the stored title and warnings (for the
    /// exports, which take core reports).
    pub fn to_report(&self, title: &str, warnings: &[Diagnostic]) -> Report {
        Report {
            family: self.family,
            title: Some(title.to_string()),
            organization: None,
            year: None,
            period: self.period,
            funds: self.funds.clone(),
            columns: Vec::new(),
            dimensions: Vec::new(),
            tasks: Vec::new(),
            indicators: self.indicators.clone(),
            summary: self.summary.clone(),
            target_quality: self.target_quality.clone(),
            warnings: warnings.to_vec(),
        }
    }

    /// The stored text.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// The verdict counts of the indicators, as a table's counts; `tasks`
    /// counts the indicators and `flagged` those whose 得分 is above the rule's.
    pub fn counts(&self) -> Counts {
        use kaohe_core::verify::{Flag, Verdict};
        let mut c = Counts {
            tasks: self.indicators.len() as i64,
            ..Counts::default()
        };
        for i in &self.indicators {
            match i.verdict {
                Verdict::Met => c.met += 1,
                Verdict::NotMet => c.not_met += 1,
                Verdict::Unverified => c.unverified += 1,
                Verdict::Qualitative => c.qualitative += 1,
            }
            if i.flags.contains(&Flag::SelfScoreAboveRule) {
                c.flagged += 1;
            }
        }
        c.targets = c.met + c.not_met + c.unverified;
        c
    }
}

/// One task (one row of the table).
#[derive(Clone, Debug, Serialize)]
pub struct Task {
    pub id: Id,
    pub table_id: Id,
    /// 1-based.
    pub position: i64,
    pub dimension: String,
    pub content: String,
    pub status: String,
    pub problems: String,
    /// The completion its 落实情况 claims.
    pub claimed: Claimed,
    pub met: i64,
    pub not_met: i64,
    pub unverified: i64,
    pub qualitative: i64,
    /// Claims completion while a target is missed.
    pub flagged: bool,
    pub self_score: Option<f64>,
    pub review_score: Option<f64>,
    pub review_comment: Option<String>,
    /// The core's full report of the task (quantities, items, source lines),
    /// kept as the JSON text it was stored as: reading a table never parses it.
    pub report: Box<serde_json::value::RawValue>,
    pub version: i64,
    pub updated_at: Millis,
}

impl Task {
    /// The core's report of the task, typed; `None` when the stored text
    /// does not read as one (a store written by hand).
    pub fn report(&self) -> Option<TaskReport> {
        serde_json::from_str(self.report.get()).ok()
    }
}

/// The three texts of a task, as imported or typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct TaskText {
    pub dimension: String,
    pub content: String,
    pub status: String,
    pub problems: String,
}

/// Changes to a task; `None` keeps a field.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TaskPatch {
    pub dimension: Option<String>,
    pub content: Option<String>,
    pub status: Option<String>,
    pub problems: Option<String>,
    pub self_score: Option<Option<f64>>,
}

/// A target of a task, as read and perhaps corrected, with its verdict.
#[derive(Clone, Debug, Serialize)]
pub struct Target {
    pub id: Id,
    pub task_id: Id,
    /// 0-based, in the task's order.
    pub position: i64,
    pub item: i64,
    pub text: String,
    pub kind: TargetKind,
    pub comparator: Option<Comparator>,
    /// Exact decimal in base units.
    pub value: Option<String>,
    pub unit: String,
    pub period: Period,
    /// A person corrected the reading.
    pub corrected: bool,
    pub verdict: Verdict,
    pub ratio: Option<f64>,
    /// The achievement that answered it.
    pub actual: Option<String>,
    pub reason: String,
    pub line: Option<i64>,
    pub version: i64,
}

/// A correction of a target's reading.
#[derive(Clone, Debug, Deserialize)]
pub struct TargetCorrection {
    /// `>=`, `>`, `<=`, `<`, `=` or null.
    pub comparator: Option<String>,
    /// Decimal in base units, or null for a qualitative item.
    pub value: Option<String>,
    pub unit: String,
    /// `day`, `week`, `month`, `quarter`, `year`.
    pub period: String,
}

/// A table to create from an import.
#[derive(Clone, Debug)]
pub struct NewTable {
    pub organization_id: Id,
    pub cycle_id: Id,
    pub content: TableContent,
}

/// What an import brings: the title, the original text and the rows.
#[derive(Clone, Debug)]
pub struct TableContent {
    pub title: String,
    pub source_name: String,
    pub source_encoding: String,
    pub source_text: String,
    pub warnings: Vec<Diagnostic>,
    pub tasks: Vec<ImportedTask>,
    /// For a table of another family than the self-check table: its report
    /// (and no tasks).
    pub family: Option<FamilyReport>,
}

impl TableContent {
    /// Which family the content is.
    pub fn family(&self) -> Family {
        self.family.as_ref().map_or(Family::SelfCheck, |f| f.family)
    }

    /// How the import is named in history: `（16 项任务）`, `（绩效自评表，9 项指标）`.
    pub fn rows_text(&self) -> String {
        match &self.family {
            Some(f) => format!("{}，{} 项指标", f.family.chinese(), f.indicators.len()),
            None => format!("{} 项任务", self.tasks.len()),
        }
    }
}

/// One imported row with its original line numbers.
#[derive(Clone, Debug)]
pub struct ImportedTask {
    pub text: TaskText,
    pub pieces: SourcePieces,
}

/// Where each cell's text came from in the original: `[byte offset, line]`
/// pairs, stored as `{"content": [[0, 3], …], "problems": …, "status": …}`.
/// A cell edited since the import has none (its key is left out).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourcePieces {
    // In the order of the stored keys, so stored text is unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<(usize, u32)>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<(usize, u32)>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Vec<(usize, u32)>>,
}

impl SourcePieces {
    /// Reads the stored text; what does not read has no pieces.
    pub fn from_stored(text: &str) -> SourcePieces {
        serde_json::from_str(text).unwrap_or_default()
    }

    /// The stored text.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// Forgets the pieces of an edited cell (`content`, `status`, `problems`).
    pub fn forget(&mut self, field: &str) {
        match field {
            "content" => self.content = None,
            "status" => self.status = None,
            "problems" => self.problems = None,
            _ => {}
        }
    }
}

/// Which tables to list.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TableFilter {
    pub organization_id: Option<Id>,
    pub cycle_id: Option<Id>,
    pub status: Option<TableStatus>,
    /// Only the cycles this user reviews.
    #[serde(skip)]
    pub reviewer_id: Option<Id>,
    pub offset: i64,
    pub limit: i64,
}

/// One page of a list.
#[derive(Clone, Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

/// A table's decision by a reviewer (or its submission by an editor).
#[derive(Clone, Debug, Serialize)]
pub struct ReviewEvent {
    pub id: Id,
    pub table_id: Id,
    pub user_id: Id,
    pub username: String,
    /// `submit`, `return`, `approve`.
    pub action: String,
    pub reason: String,
    pub at: Millis,
}

/// A 佐证材料 file.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    pub id: Id,
    pub table_id: Id,
    pub task_id: Option<Id>,
    pub target_id: Option<Id>,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Option<Id>,
    pub created_at: Millis,
}

/// A file to attach.
#[derive(Clone, Debug)]
pub struct NewEvidence {
    pub table_id: Id,
    pub task_id: Option<Id>,
    pub target_id: Option<Id>,
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// One recorded change of one field.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub id: Id,
    pub table_id: Id,
    /// `table`, `task`, `target`.
    pub entity: String,
    pub entity_id: Id,
    /// The entity's version after the change.
    pub version: i64,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub user_id: Option<Id>,
    pub username: Option<String>,
    pub at: Millis,
}

/// One recorded change to an organization, user or cycle.
#[derive(Clone, Debug, Serialize)]
pub struct AuditEntry {
    pub id: Id,
    /// `organization`, `user`, `cycle`.
    pub entity: String,
    pub entity_id: Id,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub user_id: Option<Id>,
    pub username: Option<String>,
    pub at: Millis,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        for (ms, want) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400_000, "2000-02-29T00:00:00Z"),
            (1_669_852_799_000, "2022-11-30T23:59:59Z"),
            (1_798_675_200_000, "2026-12-31T00:00:00Z"),
        ] {
            assert_eq!(rfc3339(ms), want, "{ms}");
        }
    }
}
