//! The report as one self-contained HTML file: no scripts, no external
//! fonts, styles or images, readable on screen and printable on A4. Every
//! text is escaped ([`crate::export::html::escape`]): nothing a snapshot
//! holds becomes markup. Notes are numbered links to the list of sources.

use super::{Block, Line, Report, Span};
use crate::export::html::{escape, lines};

const STYLE: &str = "\
body { font-family: 'Source Sans 3', 'Segoe UI', Helvetica, Arial, sans-serif; \
line-height: 1.45; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-size: 1.6em; margin-bottom: 0.3em; }
h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #999; }
p.lead { color: #333; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border-bottom: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; \
vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
blockquote { margin: 0.4em 0 0.8em 1em; padding-left: 0.8em; border-left: 3px solid #bbb; \
color: #222; }
p.who { margin-bottom: 0.2em; }
em { font-style: italic; color: #444; }
sup a { text-decoration: none; }
ol.sources { font-size: 0.9em; }
@page { size: A4; margin: 2cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  table, blockquote, li { break-inside: avoid; }
  a { color: inherit; }
}
";

/// Names the program that wrote the file: how `report -o` tells an earlier
/// report it may replace.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"tertial report\">";

pub fn write(report: &Report) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n");
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str(GENERATOR);
    out.push('\n');
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&report.title)));
    out.push_str(&format!("<style>\n{STYLE}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&report.title)));
    for line in &report.lead {
        out.push_str(&format!("<p class=\"lead\">{}</p>\n", spans(line)));
    }
    for section in &report.sections {
        out.push_str(&format!("<h2>{}</h2>\n", escape(&section.heading)));
        for block in &section.blocks {
            out.push_str(&self::block(block));
        }
    }
    if !report.sources.is_empty() {
        out.push_str("<h2>Källor</h2>\n<ol class=\"sources\">\n");
        for (i, source) in report.sources.iter().enumerate() {
            out.push_str(&format!(
                "<li id=\"k{}\">{}</li>\n",
                i + 1,
                escape(&source.text())
            ));
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn spans(line: &Line) -> String {
    line.iter()
        .map(|span| match span {
            Span::Text(t) => escape(t),
            Span::Marked(t) => format!("<em>{}</em>", escape(t)),
            Span::Note(n) => format!("<sup><a href=\"#k{n}\">{n}</a></sup>"),
        })
        .collect()
}

fn block(block: &Block) -> String {
    match block {
        Block::Paragraph(line) => format!("<p>{}</p>\n", spans(line)),
        Block::List(items) => {
            let items: String = items
                .iter()
                .map(|i| format!("<li>{}</li>\n", spans(i)))
                .collect();
            format!("<ul>\n{items}</ul>\n")
        }
        Block::Table {
            header,
            right,
            rows,
        } => {
            let class = |i: usize| {
                if right.get(i).copied().unwrap_or(false) {
                    " class=\"num\""
                } else {
                    ""
                }
            };
            let mut out = String::from("<table>\n<thead><tr>");
            for (i, h) in header.iter().enumerate() {
                out.push_str(&format!("<th{}>{}</th>", class(i), escape(h)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for row in rows {
                out.push_str("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    out.push_str(&format!("<td{}>{}</td>", class(i), spans(cell)));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
            out
        }
        Block::Quote { who, text } => format!(
            "<p class=\"who\">{}:</p>\n<blockquote><p>{}</p></blockquote>\n",
            spans(who),
            lines(text)
        ),
    }
}
