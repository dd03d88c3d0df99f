//! The report as one self-contained HTML file: charts inline as SVG, fonts and logo embedded as
//! data URIs, no script, and a Content-Security-Policy that forbids fetching anything, so it
//! opens the same offline, attached to an e-mail or printed from a browser.

use base64::Engine;

use super::charts;
use super::fonts;
use super::format::{long_date, money_short, pct};
use super::text::{self, Cell};
use super::{Logo, ReportDoc, ReportError, ReportProgress};

pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            // Bidirectional overrides and isolates would reorder what follows them on the page
            // (a name could make a figure read backwards): shown as visible escapes instead,
            // as the terminal shows them; other control characters likewise.
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => o.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c if c.is_control() && c != '\n' && c != '\t' => o.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = r#"
:root { --ink: #1f2937; --muted: #5b6675; --line: #e5e8ec; --accent: #0072b2; --paper: #ffffff; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f6f8; color: var(--ink); font: 15px/1.55 Inter, system-ui, sans-serif; }
main { max-width: 1040px; margin: 0 auto; background: var(--paper); padding: 48px 56px 64px; }
h1 { font-size: 34px; line-height: 1.2; margin: 8px 0 6px; font-weight: 600; }
h2 { font-size: 22px; margin: 48px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--accent); font-weight: 600; }
h3 { font-size: 17px; margin: 28px 0 6px; font-weight: 600; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--accent); font-weight: 600; }
.meta { color: var(--muted); margin: 0; }
.title-page { border-bottom: 1px solid var(--line); padding-bottom: 28px; }
.title-page .brand { display: flex; justify-content: space-between; align-items: center; margin-bottom: 36px; color: var(--muted); }
.title-page .brand img, .title-page .brand svg { max-height: 56px; max-width: 220px; }
.summary p { margin: 0 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 12px; margin: 20px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 600; }
.card .range { color: var(--muted); font-size: 12.5px; }
figure { margin: 24px 0 8px; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13.5px; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f7f9fb; }
td.num, th.num { text-align: right; white-space: nowrap; }
.note { color: var(--muted); font-size: 13px; margin: 0; }
table.assumptions td:first-child { width: 46%; color: var(--muted); }
table.evidence td:first-child { width: 22%; }
table.evidence td:nth-child(2) { width: 14%; color: var(--muted); }
footer { margin-top: 48px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line); padding-top: 12px; }
@media print {
  body { background: none; }
  main { padding: 0; max-width: none; }
  h2 { break-before: page; }
  .title-page + section h2 { break-before: auto; }
  figure, tr { break-inside: avoid; }
}
"#;

fn font_face(weight: u32, bytes: &[u8]) -> String {
    format!(
        "@font-face {{ font-family: Inter; font-weight: {weight}; font-style: normal; src: url(data:font/ttf;base64,{}) format('truetype'); }}\n",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn cell_html(c: &Cell, currency: &str) -> String {
    match c.value() {
        Some(v) => format!("<td class=\"num\" data-value=\"{v:?}\">{}</td>", escape(&c.display(currency))),
        None => format!("<td>{}</td>", escape(&c.display(currency))),
    }
}

/// Render the report as one HTML document.
pub fn render(doc: &ReportDoc, progress: &dyn Fn(ReportProgress)) -> Result<String, ReportError> {
    let list = charts::list(doc);
    let total = list.len() as u32 + 1;
    let s0 = &doc.subjects[0];
    let cur = s0.report.currency.clone();
    let title = doc.title();
    let mut h = String::with_capacity(1 << 20);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:\">\n");
    h.push_str(&format!("<meta name=\"generator\" content=\"Ecosim Studio {}\">\n", escape(env!("CARGO_PKG_VERSION"))));
    h.push_str(&format!("<title>{} — {} report</title>\n<style>\n", escape(&title), if doc.is_comparison() { "Comparison" } else { "Scenario" }));
    h.push_str(&font_face(400, fonts::REGULAR));
    h.push_str(&font_face(600, fonts::SEMIBOLD));
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n<main>\n");

    // Title page.
    h.push_str("<header class=\"title-page\" id=\"title\">\n<div class=\"brand\"><span>");
    match &doc.firm {
        Some(f) => h.push_str(&format!("<strong>{}</strong>", escape(f))),
        None => h.push_str("Ecosim Studio"),
    }
    h.push_str("</span>");
    match &doc.logo {
        Some(Logo::Png(b)) => h.push_str(&format!("<img alt=\"logo\" src=\"data:image/png;base64,{}\">", base64::engine::general_purpose::STANDARD.encode(b))),
        Some(Logo::Svg(svg)) => h.push_str(&format!("<img alt=\"logo\" src=\"data:image/svg+xml;base64,{}\">", base64::engine::general_purpose::STANDARD.encode(svg))),
        None => {}
    }
    h.push_str("</div>\n");
    h.push_str(&format!("<div class=\"kicker\">{}</div>\n", if doc.is_comparison() { "Ecosystem comparison" } else { "Ecosystem scenario report" }));
    h.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    if !doc.is_comparison() && !s0.scenario.description.is_empty() {
        h.push_str(&format!("<p>{}</p>\n", escape(&s0.scenario.description)));
    }
    h.push_str(&format!(
        "<p class=\"meta\">{} · {} · {} quarters · {} trials · engine {}</p>\n</header>\n",
        escape(&s0.model.name),
        escape(&long_date(&doc.date)),
        s0.report.horizon_quarters,
        super::format::group(s0.report.trials as f64, 0),
        escape(&s0.report.engine_version)
    ));

    // Executive summary with KPI cards.
    h.push_str("<section class=\"summary\" id=\"summary\">\n<h2>Executive summary</h2>\n");
    for p in text::summary(doc) {
        h.push_str(&format!("<p>{}</p>\n", escape(&p)));
    }
    if !doc.is_comparison() {
        h.push_str("<div class=\"cards\">\n");
        for (key, label, unit, x) in text::kpis(s0) {
            if matches!(key, "total_costs" | "revenue_without_collaboration" | "active_partners_final" | "inter_partner_revenue") {
                continue;
            }
            let f = |v: f64| match unit {
                text::Unit::Money => money_short(v, &cur),
                text::Unit::Share => pct(v, 1),
                text::Unit::Ratio => format!("{v:.2}×"),
                text::Unit::Count => super::format::group(v, 0),
            };
            let (value, range) = if key == "probability_of_target" { (pct(x.mean, 0), "share of futures meeting it".to_string()) } else { (f(x.p50), format!("P10 {} – P90 {}", f(x.p10), f(x.p90))) };
            h.push_str(&format!(
                "<div class=\"card\" data-kpi=\"{key}\"><div class=\"label\">{}</div><div class=\"value\">{}</div><div class=\"range\">{}</div></div>\n",
                escape(label),
                escape(&value),
                escape(&range)
            ));
        }
        h.push_str("</div>\n");
    }
    h.push_str("</section>\n");

    // Charts.
    h.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n");
    for (i, c) in list.iter().enumerate() {
        progress(ReportProgress { done: i as u32, total, stage: format!("Drawing “{}”", c.title) });
        let svg = charts::svg(doc, c, false).map_err(ReportError::Render)?;
        let svg = svg.replacen(&format!("<svg width=\"{}\" height=\"{}\" ", charts::WIDTH, c.height), &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(&c.title)), 1);
        h.push_str(&format!("<figure id=\"chart-{}\">\n<h3>{}</h3>\n{}\n<figcaption>{}</figcaption>\n</figure>\n", c.id, escape(&c.title), svg.trim(), escape(&c.caption)));
    }
    h.push_str("</section>\n");
    progress(ReportProgress { done: total - 1, total, stage: "Writing the tables".into() });

    // Tables.
    h.push_str("<section id=\"tables\">\n<h2>KPI tables</h2>\n");
    for t in text::tables(doc) {
        let id = t.name.to_lowercase().replace(' ', "-");
        h.push_str(&format!("<h3>{}</h3>\n<p class=\"note\">{}</p>\n<table id=\"table-{id}\">\n<thead><tr>", escape(&t.title), escape(&t.note)));
        for (i, col) in t.header.iter().enumerate() {
            let numeric = t.rows.first().and_then(|r| r.get(i)).is_some_and(Cell::is_numeric);
            h.push_str(&format!("<th{}>{}</th>", if numeric { " class=\"num\"" } else { "" }, escape(col)));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for row in &t.rows {
            h.push_str("<tr>");
            for c in row {
                h.push_str(&cell_html(c, &cur));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");

    // Evidence.
    if let Some(e) = text::evidence(doc) {
        h.push_str("<section id=\"evidence\">\n<h2>Evidence</h2>\n");
        if let Some(o) = &e.overview {
            h.push_str(&format!("<p>{}</p>\n", escape(o)));
        }
        h.push_str(&format!("<p class=\"note\">{}</p>\n<table class=\"evidence\">\n<thead><tr><th>Input</th><th>Basis</th><th>Where it comes from</th></tr></thead>\n<tbody>\n", escape(&e.summary)));
        for i in &e.items {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&i.topic),
                escape(i.kind.name()),
                escape(&i.text)
            ));
        }
        h.push_str("</tbody>\n</table>\n</section>\n");
    }

    // Appendix.
    h.push_str("<section id=\"appendix\">\n<h2>Appendix: assumptions</h2>\n<p class=\"note\">Every input of the run, so that a reader can reproduce it: the run settings, the scenario and the market model as simulated.</p>\n");
    let mut section = String::new();
    for a in text::assumptions(doc) {
        if a.section != section {
            if !section.is_empty() {
                h.push_str("</tbody></table>\n");
            }
            section = a.section.clone();
            h.push_str(&format!("<h3>{}</h3>\n<table class=\"assumptions\"><tbody>\n", escape(&section)));
        }
        h.push_str(&format!("<tr><td>{}</td><td>{}</td></tr>\n", escape(&a.item), escape(&a.value)));
    }
    if !section.is_empty() {
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</section>\n");
    h.push_str(&format!(
        "<footer>{}Ecosim Studio {} on {}. Forecasts are simulations of the stated assumptions, not guarantees.</footer>\n</main>\n</body>\n</html>\n",
        doc.firm.as_ref().map(|f| format!("Prepared by {} with ", escape(f))).unwrap_or_else(|| "Made with ".into()),
        escape(env!("CARGO_PKG_VERSION")),
        escape(&long_date(&doc.date))
    ));
    progress(ReportProgress { done: total, total, stage: "Done".into() });
    Ok(h)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bidi_overrides_and_control_characters_are_shown_not_obeyed() {
        assert_eq!(super::escape("Resellers \u{202E}M 54$"), "Resellers \\u{202e}M 54$");
        assert_eq!(super::escape("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(super::escape("<b>&\"'</b>"), "&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;");
        assert_eq!(super::escape("line\nnext"), "line\nnext");
    }
}
