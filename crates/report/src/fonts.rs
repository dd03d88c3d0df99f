//! The fonts every report and chart is set in, shipped inside the binary so that output is the
//! same on every machine: Inter (SIL Open Font License, `assets/fonts/OFL.txt`).

use std::sync::{Once, OnceLock};

use ab_glyph::{Font, FontRef};

pub const FAMILY: &str = "Inter";
pub const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Inter-Regular.ttf");
pub const SEMIBOLD: &[u8] = include_bytes!("../../../assets/fonts/Inter-SemiBold.ttf");

/// Make the shipped fonts known to plotters (once per process).
pub fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        use plotters::style::FontStyle;
        plotters::style::register_font(FAMILY, FontStyle::Normal, REGULAR).unwrap_or_else(|_| panic!("the shipped regular font loads"));
        plotters::style::register_font(FAMILY, FontStyle::Bold, SEMIBOLD).unwrap_or_else(|_| panic!("the shipped semibold font loads"));
    });
}

/// Width of `text` set in the regular (or semibold) face at `size`, in the size's units.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    static FACES: OnceLock<[FontRef<'static>; 2]> = OnceLock::new();
    let faces = FACES.get_or_init(|| [REGULAR, SEMIBOLD].map(|b| FontRef::try_from_slice(b).expect("the shipped font loads")));
    let font = &faces[bold as usize];
    let upm = font.units_per_em().unwrap_or(2048.0);
    let mut w = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let g = font.glyph_id(c);
        if let Some(p) = prev {
            w += font.kern_unscaled(p, g);
        }
        w += font.h_advance_unscaled(g);
        prev = Some(g);
    }
    w * size / upm
}

/// Break `text` into lines no wider than `width` at `size` (words longer than a line stay whole).
pub fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if !line.is_empty() && text_width(&candidate, size, bold) > width {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines
}
