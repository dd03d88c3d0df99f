//! The TypeScript declarations of every type that crosses to the web UI, generated from the
//! Rust types (ts-rs): the UI imports `ui/src/api/bindings.ts` and never restates a type.
//! `tests/bindings.rs` fails when the committed file is stale; `cargo xtask bindings`
//! rewrites it.

use ts_rs::{Config, TS};

use ecosim_core::analysis::compare::{CompareReport, PairedDifference, Pairing};
use ecosim_core::analysis::optimize::{Binding, BindingKind, Bound, Evaluated, Objective, OptimizeReport, OptimizeRequest};
use ecosim_core::analysis::shapley::{ShapleyReport, ShapleyRow};
use ecosim_core::analysis::sensitivity::{SobolIndex, SobolReport, SpiderLine, SpiderReport, TornadoBar, TornadoReport};
use ecosim_core::analysis::drivers::{Breakdown, DriverInput, DriversReport, Shortfall, Tail};
use ecosim_core::analysis::goal::{Goal, Statistic};
use ecosim_core::analysis::solve::{Lever, Side, SolveOutcome, SolvePoint, SolveReport};
use ecosim_core::analysis::stress::{StressCase, StressInput, StressReport};
use ecosim_core::analysis::voi::{InputValue, VoiDesign, VoiReport};
use ecosim_core::engine::ConvergencePoint;
use ecosim_core::model::{doc::*, param::Dist, Param, Problem};
use ecosim_core::output::*;
use ecosim_core::stats::{Histogram, Summary};
use ecosim_report::Format as ReportFormat;
use ecosim_store::{DatasetInfo, Imported, ModelInfo, RunInfo, RunStatus, ScenarioInfo, VersionInfo};
use ecosim_actuals::analytics::{Analytics, Cohort, Collaboration, Concentration, NetworkPartner, QuarterActuals, ReferralEdge, ReferralFlow, ReferralNetwork, SourceActuals, TimeToFirstDeal, TypeActuals};
use ecosim_actuals::backtest::{Backtest, BacktestQuarter};
use ecosim_actuals::calibrate::{Calibration, FitNote};
use ecosim_actuals::{DateFormat, DealSource, Mapping, Table};
use crate::actuals::{SheetPreview, Upload};
use crate::{AnalysisEvent, AppError, ChartWords, Charted, ErrorKind, DbProblem, DbStatus, Preview, RunEvent, RunRequest, ScenarioDetail, Template};

macro_rules! declarations {
    ($cfg:expr; $($t:ty),* $(,)?) => {{
        let mut out = Vec::new();
        $(
            let mut d = String::new();
            if let Some(docs) = <$t>::docs() {
                d.push_str(&docs);
            }
            d.push_str("export ");
            d.push_str(&<$t>::decl($cfg));
            out.push(d);
        )*
        out
    }};
}

/// The contents of `ui/src/api/bindings.ts`.
pub fn typescript() -> String {
    // serde_json writes 64-bit integers as JSON numbers; they stay below 2^53 here.
    let cfg = &Config::new().with_large_int("number");
    let decls = declarations!(cfg;
        // Documents
        MarketModelDoc, Market, SegmentDoc, DealSizeDoc, RegionDoc, PartnerKind, PartnerTypeDoc, ReachDoc, ReachScope,
        RevenueModelDoc, PartnerCostsDoc, PatternKind, PatternScope, PatternDoc, EffectsDoc, GovernanceDoc, PolicyDoc,
        ConflictDoc, ChurnDriversDoc, ProgramKind, ProgramDoc, ProgramEffectsDoc, NetworkDoc, OrganicDriver, TypeNetworkDoc, ScenarioDoc, CorrelationDoc, RecruitmentDoc, Sampling, SimulationDoc, TargetDoc, TargetMetric, RevenueRecognition,
        Param, Dist, Problem,
        // Results
        RunReport, DocRef, Kpis, QuarterRow, TypeRow, TypeNetworkRow, RevenueSource, SourceRow, CellRow, PatternRow, ProgramRow, Distribution, TargetInfo,
        Summary, Histogram, ConvergencePoint,
        // Analysis
        CompareReport, Pairing, PairedDifference, TornadoReport, TornadoBar, SobolReport, SobolIndex,
        ShapleyReport, ShapleyRow, OptimizeRequest, OptimizeReport, Objective, Bound, Evaluated, Binding, BindingKind,
        SpiderReport, SpiderLine, Goal, Statistic, Lever, SolveOutcome, Side, SolvePoint, SolveReport,
        Tail, DriversReport, DriverInput, Breakdown, Shortfall, StressInput, StressCase, StressReport, VoiReport, VoiDesign, InputValue,
        // Store and studio
        ScenarioInfo, VersionInfo, ModelInfo, RunInfo, RunStatus, Imported, AppError, ErrorKind, Template, ScenarioDetail, Preview,
        RunRequest, RunEvent, DbProblem, DbStatus, AnalysisEvent, ChartWords, Charted<CompareReport>,
        // Reports
        ReportFormat,
        // Actuals
        Upload, SheetPreview, Table, Mapping, DateFormat, DatasetInfo, Analytics, TypeActuals, SourceActuals, DealSource, ReferralFlow,
        Collaboration, QuarterActuals, ReferralNetwork, NetworkPartner, ReferralEdge, Concentration, TimeToFirstDeal, Cohort, Calibration, FitNote, Backtest, BacktestQuarter,
    );
    let mut s = String::from("// Generated from the Rust types by `cargo xtask bindings` (src/bindings.rs). Do not edit.\n\n");
    for d in decls {
        s.push_str(&d);
        s.push_str("\n\n");
    }
    s.trim_end().to_string() + "\n"
}
