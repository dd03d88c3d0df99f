//! The XLSX workbook: a summary sheet, one sheet per breakdown, the distribution, the
//! assumptions and (optionally) every trial. Numbers are numbers with number formats
//! (currency, percentages, thousands), never text, so they can be charted and summed.

use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::format::long_date;
use super::text::{self, Cell, Table};
use super::{ReportDoc, ReportError};

/// Excel number formats for the report's currency.
fn money_format(currency: &str) -> String {
    match currency {
        "USD" => "$#,##0;-$#,##0".into(),
        "EUR" => "\"€\"#,##0;-\"€\"#,##0".into(),
        "GBP" => "\"£\"#,##0;-\"£\"#,##0".into(),
        other => format!("#,##0 \"{other}\";-#,##0 \"{other}\""),
    }
}

struct Formats {
    money: Format,
    share: Format,
    int: Format,
    dec1: Format,
    dec2: Format,
    dec3: Format,
    ratio: Format,
    head: Format,
    title: Format,
    wrap: Format,
    muted: Format,
}

impl Formats {
    fn new(currency: &str) -> Formats {
        Formats {
            money: Format::new().set_num_format(money_format(currency)),
            share: Format::new().set_num_format("0.0%"),
            int: Format::new().set_num_format("#,##0"),
            dec1: Format::new().set_num_format("#,##0.0"),
            dec2: Format::new().set_num_format("#,##0.00"),
            dec3: Format::new().set_num_format("#,##0.000"),
            ratio: Format::new().set_num_format("0.000\"×\""),
            head: Format::new().set_bold().set_background_color(Color::RGB(0xF3F5F8)).set_text_wrap().set_align(FormatAlign::Top),
            title: Format::new().set_bold().set_font_size(16),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            muted: Format::new().set_font_color(Color::RGB(0x5B6675)),
        }
    }

    fn of(&self, c: &Cell) -> &Format {
        match c {
            Cell::Money(_) => &self.money,
            Cell::Share(_) => &self.share,
            Cell::Number(_, 0) => &self.int,
            Cell::Number(_, 1) => &self.dec1,
            Cell::Number(_, 2) => &self.dec2,
            Cell::Number(..) => &self.dec3,
            Cell::Ratio(_) => &self.ratio,
            Cell::Text(_) => &self.wrap,
        }
    }
}

fn write_cell(ws: &mut Worksheet, row: u32, col: u16, c: &Cell, f: &Formats) -> Result<(), XlsxError> {
    match c {
        Cell::Text(s) => ws.write_string(row, col, s).map(drop),
        _ => ws.write_number_with_format(row, col, c.value().unwrap_or(0.0), f.of(c)).map(drop),
    }
}

/// Write `t` at `row`; returns the next free row.
fn write_table(ws: &mut Worksheet, mut row: u32, t: &Table, f: &Formats) -> Result<u32, XlsxError> {
    for (i, h) in t.header.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, h, &f.head)?;
    }
    row += 1;
    for r in &t.rows {
        for (i, c) in r.iter().enumerate() {
            write_cell(ws, row, i as u16, c, f)?;
        }
        row += 1;
    }
    Ok(row)
}

fn widths(ws: &mut Worksheet, first: f64, rest: f64, cols: usize) -> Result<(), XlsxError> {
    ws.set_column_width(0, first)?;
    for c in 1..cols.max(1) {
        ws.set_column_width(c as u16, rest)?;
    }
    Ok(())
}

fn sheet_name(name: &str) -> String {
    // Excel: at most 31 characters, none of []:*?/\
    name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

fn build(doc: &ReportDoc) -> Result<Vec<u8>, XlsxError> {
    let s0 = &doc.subjects[0];
    let cur = &s0.report.currency;
    let f = Formats::new(cur);
    let mut wb = Workbook::new();
    let mut props = DocProperties::new().set_title(format!("{} — Ecosim Studio report", doc.title())).set_comment(format!("Ecosim Studio {}", env!("CARGO_PKG_VERSION")));
    if let Some(firm) = &doc.firm {
        props = props.set_company(firm);
    }
    wb.set_properties(&props);
    let tables = text::tables(doc);

    // Summary.
    let ws = wb.add_worksheet();
    ws.set_name("Summary")?;
    ws.write_string_with_format(0, 0, doc.title(), &f.title)?;
    ws.write_string_with_format(1, 0, format!("{} · {} · {} quarters · {} trials · seed {} · engine {}", s0.model.name, long_date(&doc.date), s0.report.horizon_quarters, s0.report.trials, s0.report.seed, s0.report.engine_version), &f.muted)?;
    let mut row = 3;
    for p in text::summary(doc) {
        // One sentence per row, across the width of the KPI table.
        ws.merge_range(row, 0, row, 7, &p, &f.wrap)?;
        ws.set_row_height(row, 32)?;
        row += 1;
    }
    row += 1;
    if let Some(k) = tables.first() {
        ws.write_string_with_format(row, 0, &k.title, &f.head)?;
        row += 1;
        row = write_table(ws, row, k, &f)?;
    }
    let _ = row;
    widths(ws, 34.0, 15.0, 8)?;

    // One sheet per breakdown.
    for t in tables.iter().skip(1) {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&t.name))?;
        ws.write_string_with_format(0, 0, &t.title, &f.title)?;
        ws.write_string_with_format(1, 0, &t.note, &f.muted)?;
        write_table(ws, 3, t, &f)?;
        ws.set_freeze_panes(4, 1)?;
        widths(ws, 34.0, 15.0, t.header.len())?;
    }

    // Distribution of total revenue.
    let ws = wb.add_worksheet();
    ws.set_name("Distribution")?;
    ws.write_string_with_format(0, 0, "Percentiles of total revenue", &f.title)?;
    let mut header = vec!["Percentile".to_string()];
    header.extend(doc.subjects.iter().map(|s| s.report.scenario.name.clone()));
    for (i, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, i as u16, h, &f.head)?;
    }
    for p in 0..99u32 {
        ws.write_number_with_format(3 + p, 0, (p + 1) as f64 / 100.0, &Format::new().set_num_format("0%"))?;
        for (j, s) in doc.subjects.iter().enumerate() {
            if let Some(v) = s.report.total_revenue_distribution.percentiles.get(p as usize) {
                ws.write_number_with_format(3 + p, 1 + j as u16, *v, &f.money)?;
            }
        }
    }
    ws.set_freeze_panes(3, 1)?;
    widths(ws, 12.0, 22.0, header.len())?;

    // Evidence.
    if let Some(e) = text::evidence(doc) {
        let ws = wb.add_worksheet();
        ws.set_name("Evidence")?;
        ws.write_string_with_format(0, 0, "Evidence", &f.title)?;
        ws.write_string_with_format(1, 0, &e.summary, &f.wrap)?;
        for (i, h) in ["Input", "Basis", "Where it comes from"].iter().enumerate() {
            ws.write_string_with_format(3, i as u16, *h, &f.head)?;
        }
        for (i, item) in e.items.iter().enumerate() {
            let r = 4 + i as u32;
            ws.write_string(r, 0, &item.topic)?;
            ws.write_string(r, 1, item.kind.name())?;
            ws.write_string_with_format(r, 2, &item.text, &f.wrap)?;
        }
        ws.set_freeze_panes(4, 0)?;
        ws.set_column_width(0, 34)?;
        ws.set_column_width(1, 28)?;
        ws.set_column_width(2, 100)?;
    }

    // Assumptions.
    let ws = wb.add_worksheet();
    ws.set_name("Assumptions")?;
    ws.write_string_with_format(0, 0, "Assumptions", &f.title)?;
    for (i, h) in ["Section", "Item", "Value"].iter().enumerate() {
        ws.write_string_with_format(2, i as u16, *h, &f.head)?;
    }
    for (i, a) in text::assumptions(doc).into_iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, &a.section)?;
        ws.write_string(r, 1, &a.item)?;
        // Plain numbers stay numbers.
        match a.value.replace(',', "").parse::<f64>() {
            Ok(v) if !a.value.is_empty() && a.value.chars().all(|c| c.is_ascii_digit() || ".,-e".contains(c)) => ws.write_number(r, 2, v).map(drop)?,
            _ => ws.write_string_with_format(r, 2, &a.value, &f.wrap).map(drop)?,
        }
    }
    ws.set_freeze_panes(3, 0)?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 60)?;
    ws.set_column_width(2, 70)?;

    // Every trial.
    if doc.include_trials {
        for s in doc.subjects.iter().filter(|s| !s.trials.is_empty()) {
            let ws = wb.add_worksheet();
            ws.set_name(sheet_name(&if doc.is_comparison() { format!("Trials {}", s.report.scenario.id) } else { "Trials".into() }))?;
            ws.write_string_with_format(0, 0, "Trial", &f.head)?;
            for (j, (kpi, vals)) in s.trials.iter().enumerate() {
                ws.write_string_with_format(0, 1 + j as u16, kpi, &f.head)?;
                let fmt = if kpi == "coverage_final" { &f.share } else { &f.money };
                for (i, v) in vals.iter().enumerate() {
                    if j == 0 {
                        ws.write_number(1 + i as u32, 0, (i + 1) as f64)?;
                    }
                    ws.write_number_with_format(1 + i as u32, 1 + j as u16, *v, fmt)?;
                }
            }
            ws.set_freeze_panes(1, 1)?;
            widths(ws, 10.0, 18.0, s.trials.len() + 1)?;
        }
    }
    wb.save_to_buffer()
}

pub fn render(doc: &ReportDoc) -> Result<Vec<u8>, ReportError> {
    build(doc).map_err(|e| ReportError::Render(format!("the workbook could not be written: {e}")))
}
