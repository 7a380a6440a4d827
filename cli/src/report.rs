//! The validation report, as text (like the Meeting Guide validator: counts,
//! then each problem with row and field) or as JSON.

use std::io::Write;

use lantern_core::feed::{FeedError, Import, Severity};
use serde_json::json;

use lantern_core::feed::Format;

struct Counts {
    skipped: usize,
    dropped: usize,
    warnings: usize,
}

fn counts(import: &Import) -> Counts {
    let count = |severity| {
        import
            .issues
            .iter()
            .filter(|i| i.severity == severity)
            .count()
    };
    Counts {
        skipped: import.skipped_rows(),
        dropped: count(Severity::FieldDropped),
        warnings: count(Severity::Warning),
    }
}

pub fn text(
    out: &mut impl Write,
    format: Format,
    result: &Result<Import, FeedError>,
) -> std::io::Result<()> {
    let import = match result {
        Ok(import) => import,
        Err(error) => return writeln!(out, "{}\n{}", format.name(), crate::rejection(error)),
    };
    let c = counts(import);
    writeln!(out, "{}: {} rows", format.name(), import.rows)?;
    writeln!(
        out,
        "{} meetings imported; {} rows skipped, {} fields dropped, {} warnings",
        import.meetings.len(),
        c.skipped,
        c.dropped,
        c.warnings
    )?;
    if !import.issues.is_empty() {
        writeln!(out)?;
    }
    for issue in &import.issues {
        writeln!(out, "{issue}")?;
    }
    Ok(())
}

pub fn json(
    out: &mut impl Write,
    format: Format,
    result: &Result<Import, FeedError>,
) -> std::io::Result<()> {
    let value = match result {
        Err(error) => json!({ "format": format.name(), "rejected": crate::rejection(error) }),
        Ok(import) => {
            let c = counts(import);
            let issues: Vec<_> = import
                .issues
                .iter()
                .map(|i| {
                    json!({
                        "row": i.row,
                        "slug": i.slug,
                        "field": i.field.name(),
                        "value": i.value,
                        "rule": i.rule.key(),
                        "severity": i.severity.key(),
                        "message": i.to_string(),
                    })
                })
                .collect();
            json!({
                "format": format.name(),
                "rows": import.rows,
                "meetings": import.meetings.len(),
                "skipped_rows": c.skipped,
                "dropped_fields": c.dropped,
                "warnings": c.warnings,
                "issues": issues,
            })
        }
    };
    writeln!(out, "{value}")
}
