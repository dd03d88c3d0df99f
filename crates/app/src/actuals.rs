//! The vendor's own history, for both front ends: import checked files into a stored dataset,
//! read one back, measure it, calibrate a model from it. (The desktop app's Actuals area will
//! call these as the CLI's `ecosim data` does.)

use std::collections::BTreeMap;

use ecosim_actuals::{analytics::Analytics, backtest::Backtest, calibrate::Calibration, Dataset, ImportError, Mapping, SourceFile, Table};
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

/// A stored dataset's actual performance.
pub fn dataset_analytics(st: &Store, id: i64) -> Result<Analytics, AppError> {
    Ok(ecosim_actuals::analytics::analytics(&load_dataset(st, id)?))
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
            Ok(st.model(&slug)?.1.doc)
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
