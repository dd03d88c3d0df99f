//! The market models and scenarios shipped with the studio, built into the binary so a new
//! database can be seeded and templates offered wherever the studio runs. The files in
//! `models/` and `scenarios/` are the source; `tests/store.rs` checks every one is listed here.

/// Shipped market models, as their JSON text.
pub const MODELS: &[&str] = &[include_str!("../../../models/northwind-analytics.json"), include_str!("../../../models/meridian-data-cloud.json")];

/// Shipped scenarios, as their JSON text.
pub const SCENARIOS: &[&str] = &[
    include_str!("../../../scenarios/balanced-ecosystem.json"),
    include_str!("../../../scenarios/enterprise-scale.json"),
    include_str!("../../../scenarios/installed-base-flywheel.json"),
    include_str!("../../../scenarios/marketplace-cosell.json"),
    include_str!("../../../scenarios/programs-over-recruiting.json"),
    include_str!("../../../scenarios/reseller-heavy.json"),
    include_str!("../../../scenarios/si-isv-solutions.json"),
    include_str!("../../../scenarios/two-tier-distribution.json"),
];
