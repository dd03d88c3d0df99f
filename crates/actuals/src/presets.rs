//! Column mappings for the exports strategy teams have: a Salesforce opportunity report with
//! partner fields, a HubSpot deals export, Crossbeam's attribution export, PartnerStack's
//! partners and deals exports. Each maps the export's headers onto the canonical fields and
//! says how it writes dates; values (stages, attribution types, region and type names) are
//! read by the import itself. The canonical preset is the identity.

use std::collections::BTreeMap;

use super::{DateFormat, Mapping, Table};

/// The presets: id, the name a person reads, and the export each reads.
pub const PRESETS: [(&str, &str, &str); 5] = [
    ("canonical", "Canonical tables", "partners, deals, renewals and accounts files with the canonical column names"),
    ("salesforce", "Salesforce", "an opportunity report with the PRM partner fields (and the partner accounts)"),
    ("hubspot", "HubSpot", "a deals export with the partner as a custom property"),
    ("crossbeam", "Crossbeam", "the attribution export: a row per opportunity and attributed partner, Sourced or Influenced"),
    ("partnerstack", "PartnerStack", "the partners and the deals exports"),
];

/// The presets' ids, for help texts and errors.
pub const NAMES: [&str; 5] = [
    PRESETS[0].0,
    PRESETS[1].0,
    PRESETS[2].0,
    PRESETS[3].0,
    PRESETS[4].0,
];

/// The presets as the UI lists them (generated into `ui/src/api/presets.json`).
pub fn catalogue_json() -> serde_json::Value {
    serde_json::json!({
        "_generated": "from crates/actuals/src/presets.rs by `cargo xtask bindings`; do not edit",
        "presets": PRESETS.iter().map(|(id, name, reads)| serde_json::json!({ "id": id, "name": name, "reads": reads })).collect::<Vec<_>>(),
    })
}

fn map(dates: DateFormat, pairs: &[(&str, &str)]) -> Mapping {
    Mapping { columns: pairs.iter().map(|(f, c)| (f.to_string(), c.to_string())).collect(), dates }
}

/// The mappings of a preset, by name.
pub fn preset(name: &str) -> Option<BTreeMap<Table, Mapping>> {
    let mut m = BTreeMap::new();
    match name {
        "canonical" => {}
        // A Salesforce opportunity report with the partner fields of PRM (US dates, as the
        // report writes them for a US locale).
        "salesforce" => {
            m.insert(Table::Partners, map(DateFormat::Us, &[("id", "Account ID"), ("name", "Account Name"), ("type", "Partner Type"), ("region", "Region"), ("joined", "Partner Since"), ("left", "Partner Until")]));
            m.insert(
                Table::Deals,
                map(
                    DateFormat::Us,
                    &[
                        ("id", "Opportunity ID"),
                        ("partner_id", "Partner Account ID"),
                        ("segment", "Segment"),
                        ("region", "Region"),
                        ("created", "Created Date"),
                        ("closed", "Close Date"),
                        ("outcome", "Stage"),
                        ("amount", "Amount"),
                        ("currency", "Opportunity Currency"),
                        ("source", "Partner Involvement"),
                        ("referring_partner_id", "Referring Partner ID"),
                        ("collaborating_partner_ids", "Influencing Partner IDs"),
                        ("marketplace", "Marketplace"),
                    ],
                ),
            );
        }
        // A HubSpot deals export with the partner as a custom property (ISO date-times).
        "hubspot" => {
            m.insert(Table::Partners, map(DateFormat::Iso, &[("id", "Company ID"), ("name", "Company name"), ("type", "Partner type"), ("region", "Region"), ("joined", "Partner since"), ("left", "Partner until")]));
            m.insert(
                Table::Deals,
                map(
                    DateFormat::Iso,
                    &[
                        ("id", "Record ID"),
                        ("partner_id", "Partner company ID"),
                        ("segment", "Segment"),
                        ("region", "Region"),
                        ("created", "Create Date"),
                        ("closed", "Close Date"),
                        ("outcome", "Deal Stage"),
                        ("amount", "Amount"),
                        ("currency", "Currency"),
                        ("source", "Deal source"),
                        ("referring_partner_id", "Referring partner ID"),
                        ("collaborating_partner_ids", "Co-selling partner IDs"),
                        ("marketplace", "Marketplace"),
                    ],
                ),
            );
        }
        // Crossbeam's attribution export: one row per opportunity and attributed partner,
        // Sourced or Influenced.
        "crossbeam" => {
            m.insert(Table::Partners, map(DateFormat::Iso, &[("id", "Partner Record ID"), ("name", "Partner Name"), ("type", "Partner Type"), ("region", "Partner Region"), ("joined", "Partnership Start"), ("left", "Partnership End")]));
            m.insert(
                Table::Deals,
                map(
                    DateFormat::Iso,
                    &[
                        ("id", "Opportunity ID"),
                        ("partner_id", "Partner Record ID"),
                        ("segment", "Segment"),
                        ("region", "Opportunity Region"),
                        ("created", "Opportunity Created"),
                        ("closed", "Opportunity Closed"),
                        ("outcome", "Opportunity Status"),
                        ("amount", "Opportunity Amount"),
                        ("currency", "Currency"),
                        ("source", "Attribution Type"),
                        ("referring_partner_id", "Referring Partner Record ID"),
                        ("collaborating_partner_ids", "Influencing Partner Record IDs"),
                        ("marketplace", "Marketplace"),
                    ],
                ),
            );
        }
        // PartnerStack's partners and deals exports.
        "partnerstack" => {
            m.insert(Table::Partners, map(DateFormat::Iso, &[("id", "Partner Key"), ("name", "Company"), ("type", "Group"), ("region", "Region"), ("joined", "Joined At"), ("left", "Archived At")]));
            m.insert(
                Table::Deals,
                map(
                    DateFormat::Iso,
                    &[
                        ("id", "Deal Key"),
                        ("partner_id", "Partner Key"),
                        ("segment", "Segment"),
                        ("region", "Region"),
                        ("created", "Created At"),
                        ("closed", "Closed At"),
                        ("outcome", "Status"),
                        ("amount", "Amount"),
                        ("currency", "Currency"),
                        ("source", "Source"),
                        ("referring_partner_id", "Referred By"),
                        ("collaborating_partner_ids", "Co-sell Partners"),
                        ("marketplace", "Marketplace"),
                    ],
                ),
            );
        }
        _ => return None,
    }
    Some(m)
}
