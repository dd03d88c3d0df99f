//! Reading a source file into sheets of text cells: a CSV file is one sheet, an XLSX workbook
//! one sheet per worksheet. Nothing here knows what the columns mean.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::ImportError;

/// A file as given: its name (for messages) and its bytes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A table of text cells with its header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The file, and for a workbook the worksheet: `history.xlsx [deals]`.
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn file_error(name: &str, message: impl Into<String>) -> ImportError {
    ImportError::File { file: name.to_string(), message: message.into() }
}

/// The sheets of a file, by its extension (`.csv`, `.xlsx`).
pub fn sheets(f: &SourceFile) -> Result<Vec<Sheet>, ImportError> {
    let lower = f.name.to_ascii_lowercase();
    if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
        xlsx(f)
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        csv_sheet(f).map(|s| vec![s])
    } else {
        Err(file_error(&f.name, "not a .csv or .xlsx file"))
    }
}

fn csv_sheet(f: &SourceFile) -> Result<Sheet, ImportError> {
    let text = match std::str::from_utf8(&f.bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = f.bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(file_error(&f.name, format!("is not UTF-8 text: byte {} on line {line} (save the export as UTF-8 CSV)", at + 1)));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Spreadsheets save semicolon-separated CSV in many locales: take the separator the header uses most.
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t'].into_iter().max_by_key(|&d| first.bytes().filter(|&b| b == d).count()).unwrap_or(b',');
    let mut r = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().map_err(|e| file_error(&f.name, format!("its header cannot be read: {e}")))?.iter().map(|h| h.trim().to_string()).collect();
    if header.iter().all(String::is_empty) {
        return Err(file_error(&f.name, "is empty: it has no header row"));
    }
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| file_error(&f.name, format!("row {} cannot be read: {e}", i + 2)))?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok(Sheet { file: f.name.clone(), header, rows })
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(v) => {
            if v.fract() == 0.0 && v.abs() < 1e15 {
                format!("{}", *v as i64)
            } else {
                v.to_string()
            }
        }
        Data::Int(v) => v.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_day(dt.as_f64()),
        Data::DateTimeIso(s) => s.clone(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn xlsx(f: &SourceFile) -> Result<Vec<Sheet>, ImportError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(f.bytes.clone())).map_err(|e| file_error(&f.name, format!("is not a readable XLSX workbook: {e}")))?;
    let mut out = Vec::new();
    for name in wb.sheet_names().to_owned() {
        let range = wb.worksheet_range(&name).map_err(|e| file_error(&f.name, format!("worksheet {name:?} cannot be read: {e}")))?;
        let mut rows = range.rows();
        let Some(head) = rows.next() else { continue };
        let header: Vec<String> = head.iter().map(|c| cell_text(c).trim().to_string()).collect();
        if header.iter().all(String::is_empty) {
            continue;
        }
        out.push(Sheet { file: format!("{} [{name}]", f.name), header, rows: rows.map(|r| r.iter().map(cell_text).collect()).collect() });
    }
    if out.is_empty() {
        return Err(file_error(&f.name, "has no worksheet with a header row"));
    }
    Ok(out)
}

/// The day of an Excel date serial (1900 date system: day 25,569 is 1970-01-01), YYYY-MM-DD
/// (Hinnant's civil-from-days).
fn excel_day(serial: f64) -> String {
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn excel_serials_are_days() {
        assert_eq!(super::excel_day(45_658.0), "2025-01-01");
        assert_eq!(super::excel_day(25_569.5), "1970-01-01");
    }
}
