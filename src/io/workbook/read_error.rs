//! What a read of one file may cost ([`ReadLimits`]) and why a file could
//! not be read at all ([`ReadError`]), named in English for the log and in
//! Japanese for the planning section and the departments.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Bounds on the work one file may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReadLimits {
    /// Files larger than this are refused unopened.
    pub max_file_bytes: u64,
    /// A sheet whose grid (A1 to the last kept cell) has more cells than this
    /// is refused; so is a sheet with more non-empty cells than this.
    pub max_cells_per_sheet: u64,
    /// Sheets are refused once the workbook's grids hold this many cells.
    pub max_cells_per_workbook: u64,
    /// A zip package (`.xlsx`, `.xlsm`, `.ods`) whose parts declare more
    /// bytes than this once unpacked is refused (zip bombs).
    pub max_unpacked_bytes: u64,
    /// A sheet whose part declares more bytes than this once unpacked is
    /// refused; a part all sheets share (shared strings, styles, an `.ods`
    /// file's content) refuses the workbook. Bounds the memory one sheet
    /// may cost, at a few times this.
    pub max_unpacked_bytes_per_sheet: u64,
    /// A file whose read (opening it, reading its bytes) has not ended after
    /// this many seconds — a hung network share — is reported and the rest
    /// of the folder goes on; the read is left to end by itself, and the
    /// file is not read again until it has.
    pub read_timeout_secs: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_file_bytes: 50 * 1024 * 1024,
            max_cells_per_sheet: 2_000_000,
            max_cells_per_workbook: 10_000_000,
            max_unpacked_bytes: 512 * 1024 * 1024,
            max_unpacked_bytes_per_sheet: 64 * 1024 * 1024,
            read_timeout_secs: 20,
        }
    }
}

/// Why a workbook could not be read at all. Always names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: file not found", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: file is {size} bytes, over the limit of {limit} bytes", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{}: {what}, over the limit of {limit}; the workbook is not read", path.display())]
    TooBig {
        path: PathBuf,
        what: String,
        limit: u64,
    },
    #[error("{}: workbook is password-protected (encrypted); it cannot be read", path.display())]
    PasswordProtected { path: PathBuf },
    #[error("{}: line {line} (byte {offset}) is text in neither UTF-8 nor Shift_JIS", path.display())]
    Undecodable {
        path: PathBuf,
        line: u64,
        offset: usize,
    },
    #[error("{}: file is truncated or corrupt ({detail})", path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("{}: unsupported format: {reason}", path.display())]
    Unsupported { path: PathBuf, reason: String },
    #[error("{}: the spreadsheet reader crashed on this file ({message}); the file is probably corrupt", path.display())]
    ReaderPanic { path: PathBuf, message: String },
    #[error("{}: the read has not ended after {secs} s (a hung network share?); the file is left aside until it does", path.display())]
    Hung { path: PathBuf, secs: u64 },
    /// A read from a share under way for `secs` seconds, within its time
    /// limit, that the daemon does not wait for ([`read_shares_beside`](super::file_bytes::read_shares_beside)):
    /// the file is read again once the read has ended.
    #[error("{}: the read has not ended after {secs} s; the file is read again when it has", path.display())]
    Pending { path: PathBuf, secs: u64 },
}

impl ReadError {
    /// What happened, in Japanese for the planning section and the
    /// departments (取込エラー, mails, `status`): what is wrong with the file
    /// and what to do, without the library's own words (which the English
    /// message keeps for the log).
    pub fn japanese(&self) -> String {
        match self {
            ReadError::NotFound { .. } => {
                "ファイルが見つかりません（読み込みの途中で移動・削除された可能性があります）".to_string()
            }
            ReadError::Io { .. } => {
                "ファイルを開けません（別の操作で使用中か、読み取りの権限がありません）。しばらくしても続く場合はシステム管理者にご連絡ください".to_string()
            }
            ReadError::TooLarge { size, limit, .. } => format!(
                "ファイルの大きさ（{}）が上限（{}）を超えるため、読み込んでいません",
                bytes_in_japanese(*size),
                bytes_in_japanese(*limit)
            ),
            ReadError::TooBig { limit, .. } => format!(
                "ファイルを展開すると上限（{}）を超えるため、読み込んでいません（不要な画像・シートを削除してください）",
                bytes_in_japanese(*limit)
            ),
            ReadError::PasswordProtected { .. } => {
                "パスワードで保護（暗号化）されているため読み込めません。パスワードを解除して保存し直してください".to_string()
            }
            ReadError::Undecodable { line, .. } => format!(
                "{line} 行目の文字を読み取れません（UTF-8 でも Shift_JIS でもありません）。\
                 出力したシステムで CSV（UTF-8 または Shift_JIS）として出力し直すか、Excel で開いて保存し直してください"
            ),
            ReadError::Corrupt { .. } => {
                "ファイルが途中で切れているか、壊れています。Excel で開けるかを確かめ、保存し直してください".to_string()
            }
            ReadError::Unsupported { .. } => {
                "Excel（.xlsx・.xlsm・.xls）・.ods のブックでも CSV でもないため読み込めません".to_string()
            }
            ReadError::ReaderPanic { .. } => {
                "ファイルの内容を読み取れませんでした（壊れている可能性があります）。Excel で開いて保存し直してください".to_string()
            }
            ReadError::Pending { secs, .. } => format!(
                "{secs} 秒たってもファイルを読み終わりません。読み終わったところで取り込みます"
            ),
            ReadError::Hung { secs, .. } => format!(
                "{secs} 秒たってもファイルを読み終わりません（共有フォルダの接続が止まっている可能性があります）。\
                 読み終わるまでこのファイルは後回しにしています"
            ),
        }
    }

    /// What happened, without the path, for whoever runs a command or
    /// reads the log: the Japanese text in Japanese, the English message
    /// (with the library's words) in English.
    pub fn reason(&self) -> String {
        match crate::i18n::language() {
            crate::i18n::Language::Japanese => self.japanese(),
            crate::i18n::Language::English => {
                let full = self.to_string();
                let prefix = format!("{}: ", self.path().display());
                full.strip_prefix(&prefix).unwrap_or(&full).to_string()
            }
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotFound { path }
            | ReadError::Io { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::TooBig { path, .. }
            | ReadError::Hung { path, .. }
            | ReadError::Pending { path, .. }
            | ReadError::PasswordProtected { path }
            | ReadError::Undecodable { path, .. }
            | ReadError::Corrupt { path, .. }
            | ReadError::Unsupported { path, .. }
            | ReadError::ReaderPanic { path, .. } => path,
        }
    }
}

/// `512 MiB`, `50.5 MiB`, `1,000,000 バイト`.
pub(crate) fn bytes_in_japanese(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    match bytes {
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b >= MIB => format!("{:.1} MiB", b as f64 / MIB as f64),
        b => {
            let digits = b.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            format!("{grouped} バイト")
        }
    }
}
