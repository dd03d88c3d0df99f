//! Small documents built in code for the engine and validator tests.
#![allow(dead_code)]

use ecosim_core::model::{MarketModelDoc, Model, Scenario, ScenarioDoc};
use serde_json::{json, Value};

/// One segment, one region, one reseller type: the closed-form world of MODEL.md property 1.
pub fn simple_model() -> Value {
    json!({
        "schema_version": 1,
        "id": "simple",
        "name": "Closed-form test market",
        "currency": "USD",
        "market": {
            "segments": [{"id": "mid", "name": "Mid-market", "deal_size": {"median": 40000, "p90": 90000}, "buy_rate": 0.08}],
            "regions": [{"id": "na", "name": "North America"}],
            "accounts": {"mid": {"na": 1000000}}
        },
        "partner_types": [{
            "id": "reseller", "name": "Reseller", "kind": "reseller",
            "reach": {"segments": ["mid"], "scope": "home_region"},
            "capacity": 30, "win_rate": 0.25,
            "revenue_model": {"type": "resale", "discount": 0.3}
        }]
    })
}

pub fn simple_scenario(partners: u32) -> Value {
    json!({
        "schema_version": 1,
        "id": "simple",
        "name": "Closed-form scenario",
        "model": "simple",
        "composition": {"reseller": {"na": partners}},
        "horizon_quarters": 8,
        "simulation": {"trials": 4000, "seed": 7}
    })
}

/// Two partner types linked by one pattern of each kind that acts on deals, with effects.
pub fn collab_model(effects_on: bool) -> Value {
    let e = |v: f64| if effects_on { v } else { 0.0 };
    json!({
        "schema_version": 1,
        "id": "collab",
        "name": "Collaboration test market",
        "currency": "USD",
        "market": {
            "segments": [
                {"id": "smb", "name": "SMB", "deal_size": {"median": 12000, "p90": 30000}, "buy_rate": {"dist": "pert", "min": 0.04, "mode": 0.06, "max": 0.09}},
                {"id": "ent", "name": "Enterprise", "deal_size": {"median": 150000, "p90": 400000}, "buy_rate": 0.05}
            ],
            "regions": [{"id": "na", "name": "North America"}, {"id": "emea", "name": "EMEA"}],
            "accounts": {"smb": {"na": 3000, "emea": 2500}, "ent": {"na": 300, "emea": 250}},
            "growth": {"dist": "normal", "mean": 0.08, "sd": 0.03},
            "direct_presence": {"ent": {"na": 0.6, "emea": 0.4}}
        },
        "partner_types": [
            {"id": "reseller", "name": "Reseller", "kind": "reseller", "reach": {"segments": ["smb", "ent"], "scope": "home_region"},
             "capacity": 40, "win_rate": {"dist": "beta", "alpha": 20, "beta": 60}, "revenue_model": {"type": "resale", "discount": 0.25},
             "ramp_quarters": 2, "churn_per_quarter": 0.03, "productivity_cv": 0.8, "costs": {"recruit": 20000, "per_quarter": 5000}},
            {"id": "distributor", "name": "Distributor", "kind": "distributor", "reach": {"segments": ["smb"], "scope": "global"},
             "capacity": 0, "win_rate": 0.2, "revenue_model": {"type": "influence"}, "costs": {"per_quarter": 20000}},
            {"id": "si", "name": "System integrator", "kind": "system_integrator", "reach": {"segments": ["ent"], "scope": "home_region"},
             "capacity": 15, "win_rate": 0.3, "deal_size_factor": 1.5, "revenue_model": {"type": "referral", "fee": 0.1},
             "ramp_quarters": 3, "churn_per_quarter": 0.02, "productivity_cv": 1.0},
            {"id": "referral_partner", "name": "Referral partner", "kind": "referral_partner", "reach": {"segments": ["smb"], "scope": "home_region"},
             "capacity": 10, "win_rate": 0.2, "revenue_model": {"type": "referral", "fee": 0.15}, "churn_per_quarter": 0.05, "productivity_cv": 1.2}
        ],
        "patterns": [
            {"id": "ref", "name": "Referrals to resellers", "kind": "referral", "from": "referral_partner", "to": "reseller",
             "links_per_partner": 2, "scope": "same_region", "effects": {"referrals_per_link": e(0.8), "fee": e(0.05)}, "cost_per_quarter": 10000},
            {"id": "cosell", "name": "Reseller–SI co-sell", "kind": "co_sell", "from": "reseller", "to": "si",
             "links_per_partner": 1.5, "scope": "same_region", "effects": {"attach_rate": e(0.3), "win_uplift": e(0.25), "deal_size_uplift": e(0.2)}, "cost_per_quarter": 15000},
            {"id": "tier2", "name": "Two-tier distribution", "kind": "two_tier", "from": "distributor", "to": "reseller",
             "links_per_partner": 8, "scope": "global", "effects": {"ramp_speedup": e(0.5), "productivity_uplift": e(0.15), "margin": e(0.05)}, "cost_per_quarter": 20000}
        ],
        "governance": {"policies": [
            {"id": "deal_registration", "name": "Deal registration", "partner_conflict_reduction": 0.5, "direct_conflict_reduction": 0.2, "cost_per_quarter": 8000}
        ]},
        "conflict": {"partner_overlap_rate": 0.3, "direct_rate": 0.3, "loss_share": 0.4}
    })
}

pub fn collab_scenario() -> Value {
    json!({
        "schema_version": 1,
        "id": "collab",
        "name": "Collaboration scenario",
        "model": "collab",
        "composition": {
            "reseller": {"na": 20, "emea": 15},
            "distributor": {"na": 1, "emea": 1},
            "si": {"na": 5, "emea": 4},
            "referral_partner": {"na": 10, "emea": 8}
        },
        "recruitment": [{"partner_type": "reseller", "region": "emea", "from_quarter": 2, "to_quarter": 6, "per_quarter": 2}],
        "patterns": {"ref": 1.0, "cosell": 1.0, "tier2": 1.0},
        "governance": ["deal_registration"],
        "horizon_quarters": 8,
        "simulation": {"trials": 500, "seed": 11, "sampling": "latin_hypercube"},
        "target": {"metric": "total_revenue", "value": 20000000}
    })
}

pub fn model_from(v: Value) -> Model {
    let doc: MarketModelDoc = serde_json::from_value(v).expect("model document parses");
    Model::from_doc(doc).unwrap_or_else(|e| panic!("model is valid: {e}"))
}

pub fn scenario_from(v: Value, model: &Model) -> Scenario {
    let doc: ScenarioDoc = serde_json::from_value(v).expect("scenario document parses");
    Scenario::from_doc(doc, model).unwrap_or_else(|e| panic!("scenario is valid: {e}"))
}

/// `v` with every key `wall_seconds` taken out, at any depth (a comparison holds its runs'
/// reports): what a merged result and the one-process result must agree on bit for bit.
pub fn without_wall_seconds(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("wall_seconds");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}
