//! The terminal: the progress bar (on stderr, only when it is a terminal, written once here),
//! Ctrl-C, where results go (stdout, or a file written atomically) and how errors are told.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use ecosim_core::model;
use ecosim_store::StoreError;

/// Set by Ctrl-C: long work stops between trials.
pub(crate) static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Honour Ctrl-C between trials; a second Ctrl-C while the first is being honoured ends the
/// process at once.
pub(crate) fn catch_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
}

/// A progress bar on stderr, only when stderr is a terminal (never in pipes or logs); it
/// clears itself when dropped.
pub(crate) struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    /// `len` units (`trials`, `designs`, …); 0 when the total is learnt from the first report.
    pub(crate) fn new(len: u64, unit: &str) -> Bar {
        Bar(std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new(len);
            let template = format!("{{spinner}} {{bar:40}} {{human_pos}}/{{human_len}} {unit}  {{per_sec}}  ETA {{eta}}");
            b.set_style(indicatif::ProgressStyle::with_template(&template).expect("valid template"));
            b
        }))
    }

    pub(crate) fn set(&self, done: u64) {
        if let Some(b) = &self.0 {
            b.set_position(done);
        }
    }

    /// For work whose total is known only as it goes.
    pub(crate) fn set_of(&self, done: u64, total: u64) {
        if let Some(b) = &self.0 {
            b.set_length(total);
            b.set_position(done);
        }
    }
}

impl Bar {
    /// Work in named stages (a report's pages and charts).
    pub(crate) fn set_stage(&self, done: u64, total: u64, stage: impl Into<std::borrow::Cow<'static, str>>) {
        if let Some(b) = &self.0 {
            b.set_length(total);
            b.set_position(done);
            b.set_message(stage);
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// The database this process opened (set once in `main`), which no output may overwrite.
pub(crate) static DATABASE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Refuse `--out` at the studio's database (or a link to it).
pub(crate) fn check_output(out: &Path) -> Result<(), StoreError> {
    match DATABASE.get() {
        Some(db) => ecosim_store::check_output(out, db),
        None => Ok(()),
    }
}

/// Write a shard (of a run or an analysis) to `out` for `merge`, saying what was written:
/// Ctrl-C exits 130, an error names what went wrong, and nothing is written unless whole.
pub(crate) fn write_shard(bytes: Result<Vec<u8>, ecosim_app::AppError>, out: &Path, what: &str) -> ExitCode {
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) if e.kind == ecosim_app::ErrorKind::Cancelled => {
            eprintln!("cancelled");
            return ExitCode::from(130);
        }
        Err(e) => return fail(&e.message),
    };
    if let Err(e) = check_output(out) {
        return fail_store(&e);
    }
    match ecosim_core::write_atomic(out, &bytes) {
        Ok(()) => {
            eprintln!("{what} written to {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("cannot write {}: {e}", out.display())),
    }
}

pub(crate) fn emit(text: &str, out: Option<&Path>) -> ExitCode {
    if let Some(Err(e)) = out.map(check_output) {
        return fail_store(&e);
    }
    match out {
        Some(path) => match ecosim_core::write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&format!("cannot write {}: {e}", path.display())),
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(text.as_bytes()).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
    }
}

/// Text from documents and messages, safe for the terminal line by line (see
/// `output::printable`): a name cannot carry an escape sequence or a bidi override.
pub(crate) fn safe(s: &str) -> String {
    s.split('\n').map(|l| ecosim_core::output::printable(l).into_owned()).collect::<Vec<_>>().join("\n")
}

pub(crate) fn fail_store(e: &StoreError) -> ExitCode {
    eprintln!("error: {}", safe(&e.to_string()));
    if let StoreError::Invalid(le) = e {
        if matches!(le, model::LoadError::Invalid(_)) {
            return ExitCode::FAILURE;
        }
    }
    if matches!(e, StoreError::NotADatabase { .. } | StoreError::Corrupt { .. }) {
        eprintln!("hint: `ecosim db fresh` moves it aside (nothing is deleted) and starts a new database");
    }
    ExitCode::FAILURE
}

pub(crate) fn fail(msg: &str) -> ExitCode {
    eprintln!("error: {}", safe(msg));
    ExitCode::FAILURE
}
