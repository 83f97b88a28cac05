//! Markdown: text made literal, and tables whose cells cannot break them.
//!
//! A snapshot's text is data, never markup: every character CommonMark or
//! GitHub's tables give a meaning inline is escaped with a backslash (which
//! CommonMark allows before any ASCII punctuation), a text that would start
//! a block (heading, list, quote, rule) is escaped at its start, and in a
//! table cell a line break becomes a space, so no row can end early. GFM's
//! bare links (`https://…`, `www.…`, `name@host`) and emoji shortcodes
//! (`:tada:`) are broken by escaping their `:`, `@` and the dot after
//! `www`: they render as the same text, not as a link.

use super::{Body, Mark, Sheet};

/// Characters with an inline meaning: emphasis, code, links and images,
/// raw HTML and entities, table pipes, strikethrough, the escape itself.
const INLINE: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '&', '~', '!', '#', '{', '}',
];

/// An address's `@`, which makes a bare link in GFM (a scheme's `:` and
/// the dot after `www` do too: see [`escaped`]).
const LINKING: &[char] = &['@'];

/// `text` as literal inline Markdown, on one line, inside a line (see
/// [`line`] for a text that starts one, [`paragraph`] for more lines).
pub fn inline(text: &str) -> String {
    escaped(text)
}

/// `text` as literal Markdown that starts a line (a paragraph, a list
/// item's or a footnote's text): it cannot open a block either.
pub fn line(text: &str) -> String {
    block_safe(&escaped(text))
}

/// `text` with every inline markup character escaped, on one line.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = ['\0'; 3];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let after_www = previous.iter().all(|p| p.eq_ignore_ascii_case(&'w'));
        let next = chars.peek().copied();
        match c {
            '\n' | '\r' => out.push(' '),
            c if INLINE.contains(&c)
                || LINKING.contains(&c)
                || (c == '.' && after_www)
                || (c == ':' && links(previous[2], next)) =>
            {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        previous = [previous[1], previous[2], c];
    }
    out
}

/// Whether a `:` between `before` and `after` could end a link's scheme
/// (`https:`, `mailto:`) or open an emoji shortcode (`:tada:`): anything
/// but a colon before a space or the end (`Status: klar`), or between
/// digits (`10:30`).
fn links(before: char, after: Option<char>) -> bool {
    match after {
        None => false,
        Some(a) if a.is_whitespace() => false,
        Some(a) => !(before.is_ascii_digit() && a.is_ascii_digit()),
    }
}

/// A table cell: inline text, on one line. (Only ASCII spaces are trimmed:
/// the em spaces that indent a tree level stay.)
pub fn cell(text: &str) -> String {
    inline(text.trim_matches(' '))
}

/// A text of several lines as literal Markdown: each line escaped, a line
/// that would start a block escaped at its start, line breaks kept as hard
/// breaks, blank lines as paragraph breaks.
pub fn paragraph(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(|l| line(l.trim_end())).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let next_blank = lines.get(i + 1).is_some_and(|l| l.trim().is_empty());
        if i + 1 < lines.len() && !line.trim().is_empty() && !next_blank {
            out.push('\\');
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// An escaped line that cannot open a block: a leading list marker,
/// ordered-list number, quote, heading, rule or indented code is escaped.
pub fn block_safe(line: &str) -> String {
    // Only spaces and tabs indent in CommonMark: an em space (a tree
    // level's indent) is text.
    let trimmed = line.trim_start_matches([' ', '\t']);
    let indent = &line[..line.len() - trimmed.len()];
    // Indented code: four spaces or more. Keep the text, lose the indent.
    let indent = if indent.len() >= 4 { "" } else { indent };
    let mut chars = trimmed.chars();
    match chars.next() {
        // '*', '>' and '#' are escaped wherever they are (`INLINE`); an
        // emphasis a caller wrote around escaped text is not a list.
        Some('-' | '+' | '=') => format!("{indent}\\{trimmed}"),
        Some(c) if c.is_ascii_digit() => {
            let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
            let rest = &trimmed[digits.len()..];
            if rest.starts_with('.') || rest.starts_with(')') {
                format!("{indent}{digits}\\{rest}")
            } else {
                format!("{indent}{trimmed}")
            }
        }
        _ => format!("{indent}{trimmed}"),
    }
}

/// A Markdown table: a header row, the separator (numbers right-aligned
/// where `right` says so), one row per record.
pub fn table(header: &[String], records: &[Vec<String>], right: &[bool]) -> String {
    let escape = |cells: &[String]| cells.iter().map(|c| cell(c)).collect::<Vec<_>>();
    let records: Vec<Vec<String>> = records.iter().map(|r| escape(r)).collect();
    table_of(&escape(header), &records, right)
}

/// A Markdown table of cells that are Markdown already (escaped by the
/// caller, one line each).
pub fn table_of(header: &[String], records: &[Vec<String>], right: &[bool]) -> String {
    let mut out = String::new();
    let row = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    out.push_str(&row(header));
    let rule: Vec<&str> = (0..header.len())
        .map(|i| {
            if right.get(i).copied().unwrap_or(false) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for record in records {
        out.push_str(&row(record));
    }
    out
}

/// The sheet as Markdown: its title and period, the caption, then the
/// table (names indented by tree level) or the detail's fields and texts.
pub fn markdown(sheet: &Sheet, mark: Mark) -> String {
    let mut out = format!("## {}\n\n", inline(&sheet.path.join(" › ")));
    if let Some(p) = &sheet.period {
        out.push_str(&format!("Period: {}", inline(&p.label)));
        if let Some(q) = &sheet.compare {
            out.push_str(&format!(", jämfört med {}", inline(&q.label)));
        }
        out.push_str(&format!(" · belopp i {}\n\n", inline(&sheet.money_unit)));
    }
    if let Some(caption) = &sheet.caption {
        out.push_str(&format!("{}\n\n", line(caption)));
    }
    let (mut header, mut records) = sheet.records(mark, false);
    let mut right: Vec<bool> = vec![false; header.len()];
    if let Body::Table(grid) = &sheet.body {
        // The level shows as indentation of the name instead of a column.
        header.remove(0);
        for (record, row) in records.iter_mut().zip(&grid.rows) {
            record.remove(0);
            if let Some(name) = record.first_mut() {
                *name = format!("{}{name}", "\u{2003}".repeat(usize::from(row.level)));
            }
        }
        let mut i = 0;
        for column in &grid.columns {
            right[i] = column.numeric;
            i += 1 + usize::from(column.unit_column.is_some());
        }
    }
    out.push_str(&table(&header, &records, &right));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_is_escaped() {
        assert_eq!(
            inline("*fet* [länk](http://x) <b>"),
            "\\*fet\\* \\[länk\\](http\\://x) \\<b\\>"
        );
        assert_eq!(inline("a|b\nc"), "a\\|b c");
        // Only what could link is escaped: a colon before a space, between
        // digits, and a tree level's em spaces stay as they are.
        assert_eq!(inline("Status: klar kl. 10:30"), "Status: klar kl. 10:30");
        assert_eq!(
            cell("\u{2003}\u{2003}- Sjukhusvård"),
            "\u{2003}\u{2003}- Sjukhusvård"
        );
    }

    #[test]
    fn a_hostile_cell_cannot_break_its_table() {
        let header = vec!["Namn".to_string(), "Värde".to_string()];
        let records = vec![vec!["a | b\n| c | d |".to_string(), "1".to_string()]];
        let text = table(&header, &records, &[false, true]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[1], "| --- | ---: |");
        // Exactly the two unescaped separators of the row's cells, plus the ends.
        let unescaped = lines[2]
            .char_indices()
            .filter(|(i, c)| *c == '|' && (*i == 0 || lines[2].as_bytes()[i - 1] != b'\\'))
            .count();
        assert_eq!(unescaped, 3, "{}", lines[2]);
    }

    /// Names that are markup in some GFM viewer, each with what a reader
    /// must see.
    const HOSTILE: &[&str] = &[
        "https://evil.example/x?a=1",
        "Se www.evil.example nu",
        "WWW.EVIL.EXAMPLE",
        "chef@evil.example",
        "mailto:chef@evil.example",
        "1. Första",
        "12) Tolfte",
        "- punkt",
        "+ punkt",
        "* punkt",
        "===",
        "---",
        "# Rubrik",
        "> citat",
        "    kod",
        "```",
        "~~~",
        "<b>fet</b>",
        "*fet* _kursiv_ ~~struken~~",
        "[länk](https://evil.example) ![bild](x.png)",
        "[^1] fotnot",
        "&amp; &#65;",
        ":tada: :+1:",
        "Status: klar kl. 10:30",
        "xmpp:chef@evil.example",
        "a | b",
        "\\*",
    ];

    fn gfm(markdown: &str) -> String {
        let mut options = comrak::Options::default();
        options.extension.autolink = true;
        options.extension.table = true;
        options.extension.strikethrough = true;
        options.extension.footnotes = true;
        options.extension.tasklist = true;
        comrak::markdown_to_html(markdown, &options)
    }

    /// Text as HTML escapes it, the only change a literal name may see.
    fn html(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }

    /// Rendered by a real GFM renderer (comrak, with autolinks, tables,
    /// strikethrough and footnotes), every name is one paragraph, list
    /// item or cell of its own literal text: no link, list or heading.
    #[test]
    fn every_name_renders_as_its_own_text_in_gfm() {
        for name in HOSTILE {
            let shown = html(name.trim_start());
            assert_eq!(gfm(&line(name)), format!("<p>{shown}</p>\n"), "{name}");
            assert_eq!(
                gfm(&format!("Text {}", inline(name))),
                format!("<p>Text {}</p>\n", html(name)),
                "{name}"
            );
            assert_eq!(
                gfm(&format!("- {}", line(name))),
                format!("<ul>\n<li>{shown}</li>\n</ul>\n"),
                "{name}"
            );
            assert_eq!(
                gfm(&format!("Text\n\n{}\n", paragraph(name))),
                format!("<p>Text</p>\n<p>{shown}</p>\n"),
                "{name}"
            );
            let header = vec!["Namn".to_string()];
            let rendered = gfm(&table(&header, &[vec![name.to_string()]], &[false]));
            assert!(
                rendered.contains(&format!("<td>{}</td>", html(name.trim()))),
                "{name}: {rendered}"
            );
            for tag in [
                "<a", "<li", "<h", "<ol", "<img", "<em", "<strong", "<del", "<code",
            ] {
                assert!(!rendered.contains(tag), "{name}: {rendered}");
            }
        }
    }

    #[test]
    fn paragraph_lines_cannot_open_blocks() {
        let text = paragraph("# rubrik\n- lista\n1. nummer\n    kod\nvanlig");
        assert_eq!(
            text,
            "\\# rubrik\\\n\\- lista\\\n1\\. nummer\\\nkod\\\nvanlig"
        );
    }
}
