//! The report as Markdown (CommonMark with GitHub's tables and footnotes):
//! every figure's note is a footnote `[^N]`, the sources are the footnotes'
//! texts at the end. The snapshot's text is escaped
//! ([`crate::export::markdown`]): it cannot add markup, links or HTML,
//! open a block or break a table.

use super::{Block, Line, Report, Span};
use crate::export::markdown::{block_safe, inline, line, paragraph, table_of};

pub fn write(report: &Report) -> String {
    let mut out = format!("# {}\n", inline(&report.title));
    for lead in &report.lead {
        out.push_str(&format!("\n{}\n", block_safe(&spans(lead))));
    }
    for section in &report.sections {
        out.push_str(&format!("\n## {}\n", inline(&section.heading)));
        for block in &section.blocks {
            out.push('\n');
            out.push_str(&self::block(block));
        }
    }
    if !report.sources.is_empty() {
        out.push_str("\nKällor:\n\n");
        for (i, source) in report.sources.iter().enumerate() {
            out.push_str(&format!("[^{}]: {}\n", i + 1, line(&source.text())));
        }
    }
    out
}

fn spans(line: &Line) -> String {
    line.iter()
        .map(|span| match span {
            Span::Text(t) => inline(t),
            Span::Marked(t) => {
                // Emphasis around the words, spaces kept outside it.
                let trimmed = t.trim();
                let lead = &t[..t.len() - t.trim_start().len()];
                let tail = &t[t.trim_end().len()..];
                format!("{lead}*{}*{tail}", inline(trimmed))
            }
            Span::Note(n) => format!("[^{n}]"),
        })
        .collect()
}

fn block(block: &Block) -> String {
    match block {
        // A text that starts a line cannot open a block there; a table's
        // cells cannot open one at all.
        Block::Paragraph(text) => format!("{}\n", block_safe(&spans(text))),
        Block::List(items) => items
            .iter()
            .map(|item| format!("- {}\n", block_safe(&spans(item))))
            .collect(),
        Block::Table {
            header,
            right,
            rows,
        } => {
            let header: Vec<String> = header.iter().map(|h| inline(h)).collect();
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|row| row.iter().map(spans).collect())
                .collect();
            table_of(&header, &rows, right)
        }
        Block::Quote { who, text } => {
            let mut out = format!("{}:\n\n", block_safe(&spans(who)));
            for line in paragraph(text).lines() {
                out.push_str(&format!("> {line}\n"));
            }
            out
        }
    }
}
