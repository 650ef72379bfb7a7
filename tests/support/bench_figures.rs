//! What every benchmark of the repository prints: rows of one Markdown table
//! (`| measure | figure | target |`), which `bash scripts/bench.sh` gathers into
//! docs/PERFORMANCE.md, and the scale it runs at. Included by path in each crate's benches.
//!
//! `NEWSROOM_BENCH_SHORT=1` asks for the short run CI makes (fewer rows of data, fewer samples),
//! so that a broken or badly regressed bench fails the build without costing many minutes.

#![allow(dead_code)] // Each bench uses what it needs.

use std::time::Duration;

/// True for CI's short run.
pub fn short() -> bool {
    std::env::var_os("NEWSROOM_BENCH_SHORT").is_some_and(|v| !v.is_empty() && v != "0")
}

/// `full` normally, `short` in the short run.
pub fn scale(full: usize, short_run: usize) -> usize {
    if short() {
        short_run
    } else {
        full
    }
}

/// The sample at `p` (0 to 1) of the sorted samples: p50, p95, p99, 1.0 for the worst.
pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index.min(samples.len() - 1)]
}

/// Milliseconds with `decimals` places.
pub fn ms(d: Duration, decimals: usize) -> String {
    let value = d.as_secs_f64() * 1000.0;
    if value >= 1000.0 {
        format!("{} ms", count(value.round() as u64))
    } else {
        format!("{value:.decimals$} ms")
    }
}

/// A count with thousands separators, as the table writes them: 100,000.
pub fn count(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Prints one row of the table.
pub fn row(measure: &str, figure: &str, target: &str) {
    println!("| {measure} | {figure} | {target} |");
}
