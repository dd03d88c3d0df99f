//! Market models and scenarios: the documents, their validation and their JSON Schema.
//!
//! Data flows one way: a file becomes a document ([`doc`]), the document is validated into the
//! engine's trusted form ([`Model`], [`Scenario`]), and nothing downstream reads the raw file.

pub mod doc;
pub mod migrate;
pub mod param;
pub mod validate;

use std::path::{Path, PathBuf};

pub use doc::*;
pub use param::{Dist, Domain, Param, Quantity};
pub use validate::{Arrival, LoadError, Model, ModelParts, PartnerType, Pattern, Problem, Problems, RevenueModel, Scenario, ScenarioParts};

/// The JSON Schema of a market model document, as published in `schema/`.
#[cfg(feature = "schema")]
pub fn model_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(MarketModelDoc)).expect("schema serialises")
}

/// The JSON Schema of a scenario document, as published in `schema/`.
#[cfg(feature = "schema")]
pub fn scenario_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ScenarioDoc)).expect("schema serialises")
}

/// What a document file holds, told apart by its fields.
pub enum AnyDoc {
    Model(Model),
    Scenario(ScenarioDoc),
}

/// Read a file that may be a model or a scenario (scenarios name a `model`).
pub fn load_any(path: &Path) -> Result<AnyDoc, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io { path: path.display().to_string(), source })?;
    let looks_like_scenario = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("composition").map(|_| ()))
        .is_some();
    if looks_like_scenario {
        Scenario::from_json(&text).map(AnyDoc::Scenario)
    } else {
        Model::from_json(&text).map(AnyDoc::Model)
    }
}

/// A scenario and the model it runs against, both validated.
pub struct Loaded {
    pub model: Model,
    pub scenario: Scenario,
    pub model_path: Option<PathBuf>,
}

/// Load a scenario file and its model: `model_file` if given, else the model embedded in the
/// scenario, else `<id>.json` in a `models/` folder above or inside the scenario's folder, or
/// beside the scenario.
pub fn load_scenario(path: &Path, model_file: Option<&Path>) -> Result<Loaded, LoadError> {
    let doc = Scenario::load_doc(path)?;
    let (model, model_path) = if let Some(mp) = model_file {
        (Model::load(mp)?, Some(mp.to_path_buf()))
    } else if let Some(m) = doc.embedded_model.clone() {
        (Model::from_doc(*m)?, None)
    } else {
        let dir = path.parent().unwrap_or(Path::new("."));
        let file = format!("{}.json", doc.model);
        let candidates = [dir.join("..").join("models").join(&file), dir.join("models").join(&file), dir.join(&file)];
        let same = |c: &Path| c.canonicalize().ok() == path.canonicalize().ok();
        match candidates.iter().find(|c| c.is_file() && !same(c)) {
            Some(c) => (Model::load(c)?, Some(c.clone())),
            None => {
                let mut p = Problems::default();
                p.push(
                    "model",
                    format!(
                        "the model {:?} was not found (looked for {file} beside the scenario and in models/); give it with --model FILE",
                        doc.model
                    ),
                );
                return Err(LoadError::Invalid(p));
            }
        }
    };
    let scenario = Scenario::from_doc(doc, &model)?;
    Ok(Loaded { model, scenario, model_path })
}

/// The value at a document path (`market.segments[0].buy_rate`,
/// `market.marketplace_buyers.marketplace.smb`) of a document as JSON.
pub fn json_at_path<'a>(v: &'a mut serde_json::Value, path: &str) -> Option<&'a mut serde_json::Value> {
    let mut at = v;
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            at = at.get_mut(name)?;
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            at = at.get_mut(idx.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(at)
}

impl Model {
    /// The document with every uncertain input fixed at the value uniforms `u` give it (the
    /// model as one trial saw it): the "true" model of a history that trial made.
    pub fn fixed_at(&self, u: &[f64]) -> MarketModelDoc {
        let mut v = serde_json::to_value(&self.doc).expect("a model serialises");
        for (j, path) in self.inputs.paths.iter().enumerate() {
            let x = self.inputs.dists[j].quantile(u[j]);
            if let Some(slot) = json_at_path(&mut v, path) {
                *slot = serde_json::json!(x);
            }
        }
        serde_json::from_value(v).expect("a model with fixed inputs is a model")
    }
}
