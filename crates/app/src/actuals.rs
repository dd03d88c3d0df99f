//! The vendor's own history, for both front ends: import checked files into a stored dataset,
//! read one back, measure it, calibrate a model from it. (The desktop app's Actuals area will
//! call these as the CLI's `ecosim data` does.)

use std::collections::BTreeMap;

pub use ecosim_actuals::{analytics::Analytics, backtest::Backtest, calibrate::Calibration, Dataset, ImportError, Mapping, SourceFile, Table};
use ecosim_core::model::{MarketModelDoc, Model};
use ecosim_store::Store;

use crate::{AppError, ErrorKind};

/// Import files into a new dataset checked against `model` (stored under `model_slug`). A
/// refused import returns every problem and writes nothing.
pub fn import_dataset(st: &mut Store, files: &[SourceFile], model_slug: &str, model: &Model, mappings: &BTreeMap<Table, Mapping>, name: &str) -> Result<(i64, Dataset), ImportError> {
    let ds = ecosim_actuals::import(files, mappings, model)?;
    let document = serde_json::to_string(&ds).expect("a dataset serialises");
    let sources = serde_json::to_value(&ds.sources).expect("sources serialise");
    let id = st
        .save_dataset(name, model_slug, ds.partners.len(), ds.deals.len(), &ds.currency, &sources, &document)
        .map_err(|e| ImportError::File { file: name.to_string(), message: format!("the dataset could not be stored: {e}") })?;
    Ok((id, ds))
}

/// A stored dataset, read back.
pub fn load_dataset(st: &Store, id: i64) -> Result<Dataset, AppError> {
    let text = st.dataset_document(id)?;
    serde_json::from_str(&text).map_err(|e| AppError::new(ErrorKind::Failed, format!("dataset {id} cannot be read back ({e}); import it again")))
}

/// A stored dataset's actual performance, its partner types named as the model it was checked
/// against names them (by id when that model is no longer in the studio).
pub fn dataset_analytics(st: &Store, id: i64) -> Result<Analytics, AppError> {
    let a = ecosim_actuals::analytics::analytics(&load_dataset(st, id)?);
    Ok(match base_model(st, id, None) {
        Ok(model) => a.named(&model),
        Err(_) => a,
    })
}

/// A model fitted from a stored dataset on `base` (default: the model it was checked against,
/// from the store); the fitted model is validated before it is returned.
pub fn calibrate_dataset(st: &Store, id: i64, base: Option<MarketModelDoc>) -> Result<Calibration, AppError> {
    let ds = load_dataset(st, id)?;
    let base = base_model(st, id, base)?;
    let c = ecosim_actuals::calibrate::calibrate(&ds, &base);
    Model::from_doc(c.model.clone()).map_err(|e| AppError::new(ErrorKind::Failed, format!("the fitted model does not validate: {e}")))?;
    Ok(c)
}

/// `base`, or the model a stored dataset was checked against.
fn base_model(st: &Store, id: i64, base: Option<MarketModelDoc>) -> Result<MarketModelDoc, AppError> {
    match base {
        Some(b) => Ok(b),
        None => {
            let slug = st.list_datasets()?.into_iter().find(|d| d.id == id).map(|d| d.model_slug).ok_or_else(|| AppError::new(ErrorKind::NotFound, format!("there is no dataset {id}")))?;
            Ok(st.model(&slug)?.1.into_doc())
        }
    }
}

/// Backtest a stored dataset: fitted on all but its last `holdout` quarters (on `base`, default
/// the model it was checked against), those quarters forecast with `trials` simulated histories.
pub fn backtest_dataset(st: &Store, id: i64, base: Option<MarketModelDoc>, holdout: u32, trials: u64) -> Result<Backtest, AppError> {
    let ds = load_dataset(st, id)?;
    let base = base_model(st, id, base)?;
    ecosim_actuals::backtest::backtest(&ds, &base, holdout, trials, crate::requests::BACKTEST_SEED).map_err(|e| AppError::new(ErrorKind::Invalid, format!("dataset {id}: {e}")))
}

/// One sheet of a source file as the mapping step shows it: which table it looks like, its
/// header, its first rows, and the mapping that would read it (remembered from the last import
/// of a file with this header, else the preset's).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct SheetPreview {
    /// The file, and for a workbook the worksheet: `history.xlsx [deals]`.
    pub sheet: String,
    /// The table it holds, when its header tells.
    pub table: Option<Table>,
    pub header: Vec<String>,
    /// The first rows (at most [`PREVIEW_ROWS`]), and how many there are.
    pub rows: Vec<Vec<String>>,
    pub total_rows: u64,
    /// The canonical fields of the table with whether each is required, for the mapping step.
    pub fields: Vec<(String, bool)>,
    pub mapping: Mapping,
    /// Whether `mapping` is the one remembered for this header.
    pub remembered: bool,
    /// The key it is remembered under (the table and the header).
    pub signature: String,
}

/// Rows a preview shows.
pub const PREVIEW_ROWS: usize = 8;

/// The key a mapping is remembered under: a hash of the header, cells trimmed and lower-cased.
pub fn header_signature(header: &[String]) -> String {
    let h: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
    ecosim_actuals::sha256(h.join("\u{1f}").as_bytes())
}

/// The mapping step's view of `files`, with `preset`'s mappings (or those remembered).
pub fn preview_sources(st: &Store, files: &[SourceFile], preset: &str) -> Result<Vec<SheetPreview>, AppError> {
    let presets = ecosim_actuals::presets::preset(preset).ok_or_else(|| AppError::new(ErrorKind::Invalid, format!("preset: unknown preset {preset:?}; one of {}", ecosim_actuals::presets::NAMES.join(", "))))?;
    let mut out = Vec::new();
    for f in files {
        let sheets = ecosim_actuals::read::sheets(f).map_err(|e| AppError::new(ErrorKind::Invalid, e.to_string()))?;
        for sheet in sheets {
            let signature = header_signature(&sheet.header);
            let remembered: Option<(Table, Mapping)> = st.mapping_for(&signature)?.and_then(|v| serde_json::from_value(v).ok());
            let (table, mapping, from_memory) = match remembered {
                Some((t, m)) => (Some(t), m, true),
                None => {
                    let t = ecosim_actuals::detect_table(&sheet, &presets);
                    (t, t.and_then(|t| presets.get(&t).cloned()).unwrap_or_default(), false)
                }
            };
            out.push(SheetPreview {
                sheet: sheet.file.clone(),
                table,
                header: sheet.header.clone(),
                rows: sheet.rows.iter().take(PREVIEW_ROWS).cloned().collect(),
                total_rows: sheet.rows.len() as u64,
                fields: table.map(|t| t.fields().iter().map(|&(f, r)| (f.to_string(), r)).collect()).unwrap_or_default(),
                mapping,
                remembered: from_memory,
                signature,
            });
        }
    }
    Ok(out)
}

/// Import `files` read through `mappings` (per table), checked against the model `model_slug`
/// in the store; on success each sheet's mapping is remembered for its header.
pub fn import_mapped(st: &mut Store, files: &[SourceFile], model_slug: &str, mappings: &BTreeMap<Table, Mapping>, name: &str) -> Result<(i64, Dataset), AppError> {
    let model = st.model(model_slug)?.1;
    let (id, ds) = import_dataset(st, files, model_slug, &model, mappings, name).map_err(|e| AppError::new(ErrorKind::Invalid, e.to_string()))?;
    for f in files {
        for sheet in ecosim_actuals::read::sheets(f).unwrap_or_default() {
            if let Some(t) = ecosim_actuals::detect_table(&sheet, mappings) {
                let m = mappings.get(&t).cloned().unwrap_or_default();
                st.remember_mapping(&header_signature(&sheet.header), &serde_json::to_value((t, m)).expect("a mapping serialises"))?;
            }
        }
    }
    Ok((id, ds))
}

/// A source file the web UI read (a file input): its name and its bytes in base64.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Upload {
    pub name: String,
    pub base64: String,
}

impl Upload {
    fn decode(&self) -> Result<SourceFile, AppError> {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD.decode(self.base64.as_bytes()).map_err(|e| AppError::new(ErrorKind::Invalid, format!("{}: the file did not arrive whole ({e})", self.name)))?;
        Ok(SourceFile { name: self.name.clone(), bytes })
    }
}

fn decode_all(uploads: &[Upload]) -> Result<Vec<SourceFile>, AppError> {
    if uploads.is_empty() {
        return Err(AppError::new(ErrorKind::Invalid, "files: choose at least a partners file and a deals file"));
    }
    uploads.iter().map(Upload::decode).collect()
}

impl crate::Studio {
    /// The mapping step for files the person chose.
    pub fn preview_import(&self, uploads: &[Upload], preset: &str) -> crate::AppResult<Vec<SheetPreview>> {
        let files = decode_all(uploads)?;
        preview_sources(&self.store(), &files, preset)
    }

    /// Import the files through the mapping chosen; every problem is in the error's message.
    pub fn import_actuals(&self, uploads: &[Upload], model_slug: &str, mappings: &BTreeMap<Table, Mapping>, name: &str) -> crate::AppResult<ecosim_store::DatasetInfo> {
        let files = decode_all(uploads)?;
        let name = if name.trim().is_empty() { files[0].name.clone() } else { name.trim().to_string() };
        let mut st = self.store();
        let (id, _) = import_mapped(&mut st, &files, model_slug, mappings, &name)?;
        st.list_datasets()?.into_iter().find(|d| d.id == id).ok_or_else(|| AppError::new(ErrorKind::Failed, "the dataset was stored but cannot be listed"))
    }

    pub fn datasets(&self) -> crate::AppResult<Vec<ecosim_store::DatasetInfo>> {
        Ok(self.store().list_datasets()?)
    }

    pub fn dataset_analytics(&self, id: i64) -> crate::AppResult<Analytics> {
        dataset_analytics(&self.store(), id)
    }

    /// The dataset and its base model, read with the store held only that long.
    fn dataset_and_base(&self, id: i64) -> crate::AppResult<(Dataset, MarketModelDoc)> {
        let st = self.store();
        Ok((load_dataset(&st, id)?, base_model(&st, id, None)?))
    }

    pub fn calibrate_dataset(&self, id: i64) -> crate::AppResult<Calibration> {
        let (ds, base) = self.dataset_and_base(id)?;
        let c = ecosim_actuals::calibrate::calibrate(&ds, &base);
        Model::from_doc(c.model.clone()).map_err(|e| AppError::new(ErrorKind::Failed, format!("the fitted model does not validate: {e}")))?;
        Ok(c)
    }

    pub fn backtest_dataset(&self, id: i64, holdout: Option<u32>, trials: Option<u64>) -> crate::AppResult<Backtest> {
        let (ds, base) = self.dataset_and_base(id)?;
        ecosim_actuals::backtest::backtest(&ds, &base, holdout.unwrap_or(crate::requests::BACKTEST_HOLDOUT), trials.unwrap_or(crate::requests::BACKTEST_TRIALS), crate::requests::BACKTEST_SEED)
            .map_err(|e| AppError::new(ErrorKind::Invalid, format!("dataset {id}: {e}")))
    }

    /// Save a calibrated model as a new version of its model, noting the dataset it came from.
    pub fn save_calibrated_model(&self, doc: MarketModelDoc, dataset: i64) -> crate::AppResult<i64> {
        Model::from_doc(doc.clone()).map_err(|e| AppError::new(ErrorKind::Invalid, format!("the calibrated model does not validate: {e}")))?;
        let name = self.store().list_datasets()?.into_iter().find(|d| d.id == dataset).map(|d| d.name).unwrap_or_else(|| format!("dataset {dataset}"));
        Ok(self.store().save_model(doc, &format!("calibrated from “{name}”"))?)
    }
}
