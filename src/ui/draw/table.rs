//! The table screens: columns dropped by priority when narrow, numbers never
//! cut, the first column indented as a tree.

use super::{fit, spans};
use crate::ui::screen::{Align, ColumnSizes, Screen, Table};
use crate::ui::theme::{Sem, Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{self, HighlightSpacing, StatefulWidget, TableState, Widget};
use unicode_width::UnicodeWidthStr;

const SPACING: u16 = 1;

/// Which columns fit in `width`, and how wide each is, from the sizes
/// measured when the screen was built. The first column (priority 0) takes
/// what is left.
pub fn layout_columns(table: &Table, sizes: &ColumnSizes, width: u16) -> Vec<(usize, u16)> {
    let name = table
        .columns
        .iter()
        .position(|c| c.priority == 0)
        .unwrap_or(0);
    let name_min = table.columns.get(name).map_or(10, |c| c.width.min(width));
    let content = |i: usize| -> u16 {
        let column = &table.columns[i];
        // The header included.
        let widest = u16::try_from(sizes.widest.get(i).copied().unwrap_or(0)).unwrap_or(u16::MAX);
        match column.align {
            // Numbers are shown whole: the column is as wide as its widest.
            Align::Right => widest.max(column.width),
            // Width 0: as wide as the content, up to what the name leaves.
            Align::Left if column.width == 0 => {
                widest.min(width.saturating_sub(name_min + SPACING))
            }
            Align::Left => (column.title.width() as u16).max(column.width),
        }
    };
    // A column with nothing in it takes room and says nothing.
    let has_content = |i: usize| sizes.filled.get(i).copied().unwrap_or(false);
    let mut order: Vec<usize> = (0..table.columns.len())
        .filter(|&i| i != name && has_content(i))
        .collect();
    order.sort_by_key(|&i| table.columns[i].priority);
    let mut used = name_min;
    let mut chosen = vec![(name, 0u16)];
    for i in order {
        let w = content(i);
        if used + SPACING + w <= width {
            used += SPACING + w;
            chosen.push((i, w));
        }
    }
    chosen[0].1 = width.saturating_sub(used - name_min);
    chosen.sort_by_key(|&(i, _)| i);
    chosen
}

pub fn draw(table: &Table, screen: &Screen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let [caption_area, table_area] = Layout::vertical([
        Constraint::Length(u16::from(table.caption.is_some())),
        Constraint::Min(0),
    ])
    .areas(area);
    if let Some(caption) = &table.caption {
        Line::from(spans(caption, theme)).render(caption_area, buf);
    }
    let ascii = theme.ascii;
    if table.rows.is_empty() {
        Span::styled(table.empty.as_str(), theme.style(Sem::Dim)).render(table_area, buf);
        return;
    }
    let columns = layout_columns(
        table,
        &screen.sizes,
        table_area
            .width
            .saturating_sub(selection_symbol(ascii).width() as u16),
    );
    // The column that flexes (priority 0) is the tree column, wherever it is.
    let name = table
        .columns
        .iter()
        .position(|c| c.priority == 0)
        .unwrap_or(0);
    let header = widgets::Row::new(columns.iter().map(|&(i, _)| {
        let column = &table.columns[i];
        let align = if column.align == Align::Right {
            Alignment::Right
        } else {
            Alignment::Left
        };
        widgets::Cell::from(Line::from(column.title).alignment(align))
    }))
    .style(theme.style(Sem::Heading).add_modifier(Modifier::UNDERLINED));
    let rows = table.rows.iter().enumerate().map(|(index, row)| {
        let selected = index == screen.selected;
        let cells = columns.iter().map(|&(i, w)| {
            let cell = row.cells.get(i).cloned().unwrap_or_default();
            let column = &table.columns[i];
            if i == name {
                let marker = match (row.expanded, ascii) {
                    (Some(true), false) => "▾ ",
                    (Some(false), false) => "▸ ",
                    (Some(true), true) => "- ",
                    (Some(false), true) => "+ ",
                    (None, _) => "  ",
                };
                let indent = indent(row.depth, w);
                let room = usize::from(w).saturating_sub(indent.width() + marker.width());
                let text = fit(&cell.text(), room);
                // Keep the styles of the spans that fit.
                let mut out = vec![Span::raw(marker)];
                let mut left = text.as_str();
                for (part, sem) in &cell.spans {
                    if left.is_empty() {
                        break;
                    }
                    let take = left
                        .char_indices()
                        .nth(part.chars().count())
                        .map_or(left.len(), |(b, _)| b);
                    let (shown, rest) = left.split_at(take);
                    out.push(Span::styled(shown.to_string(), theme.style(*sem)));
                    left = rest;
                }
                if !left.is_empty() {
                    out.push(Span::raw(left.to_string()));
                }
                // The selection is the gutter arrow and the name in reverse
                // video, not the whole row: a cursor move then repaints two
                // names rather than two full-width rows (bytes over SSH).
                if selected {
                    out = out
                        .into_iter()
                        .map(|s| s.patch_style(theme.selected()))
                        .collect();
                }
                out.insert(0, Span::raw(indent));
                let style = if row.heading {
                    theme.style(Sem::Heading)
                } else {
                    ratatui::style::Style::default()
                };
                widgets::Cell::from(Line::from(out)).style(style)
            } else {
                let align = if column.align == Align::Right {
                    Alignment::Right
                } else {
                    Alignment::Left
                };
                let line = if column.align == Align::Left && cell.text().width() > usize::from(w) {
                    let sem = cell.spans.first().map_or(Sem::Normal, |s| s.1);
                    Line::from(Span::styled(
                        fit(&cell.text(), usize::from(w)),
                        theme.style(sem),
                    ))
                } else {
                    Line::from(
                        spans(&cell, theme)
                            .into_iter()
                            .map(|s| Span::styled(s.content.to_string(), s.style))
                            .collect::<Vec<_>>(),
                    )
                };
                widgets::Cell::from(line.alignment(align))
            }
        });
        widgets::Row::new(cells)
    });
    let widths: Vec<Constraint> = columns
        .iter()
        .map(|&(_, w)| Constraint::Length(w))
        .collect();
    let widget = widgets::Table::new(rows, widths)
        .header(header)
        .column_spacing(SPACING)
        .highlight_symbol(Span::styled(
            selection_symbol(ascii),
            theme.style(Sem::Heading),
        ))
        .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default()
        .with_offset(screen.offset)
        .with_selected(Some(screen.selected));
    StatefulWidget::render(widget, table_area, buf, &mut state);
    draw_headings(table, &state, theme, table_area, buf);
}

/// Two spaces a level. Past 8 levels (deeper than any real tree) the
/// indent stops where it would leave the name fewer than 24 cells of its
/// `width`-cell column: a hostile tree may nest 100 000 levels.
fn indent(depth: u16, width: u16) -> String {
    let most = (usize::from(width.saturating_sub(24)) / 2).max(8);
    "  ".repeat(usize::from(depth).min(most))
}

/// The gutter mark of the selected row: with the name in reverse video it
/// shows the selection without colour, and costs a few cells to move.
pub fn selection_symbol(ascii: bool) -> &'static str {
    if ascii { "> " } else { "▌ " }
}

/// Heading rows span the whole width rather than their first column, so a
/// section title is never cut by a narrow first column.
fn draw_headings(table: &Table, state: &TableState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let first = state.offset();
    let visible = usize::from(area.height.saturating_sub(1));
    for (i, row) in table
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .filter(|(_, r)| r.heading)
    {
        let y = area.y + 1 + (i - first) as u16;
        let line = Rect {
            x: area.x,
            y,
            width: area.width,
            height: 1,
        };
        let indent = indent(row.depth, area.width);
        let text = row
            .cells
            .iter()
            .map(|c| c.text())
            .collect::<Vec<_>>()
            .join(" ");
        let shown = fit(&format!("{indent}{text}"), usize::from(area.width));
        Widget::render(ratatui::widgets::Clear, line, buf);
        Span::styled(shown, theme.style(Sem::Heading)).render(line, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::screen::{Cell, Column, Row};

    fn table() -> Table {
        Table {
            columns: vec![
                Column::name("Enhet", 12),
                Column::number("Avvikelse", 8, 1),
                Column::number("Budget", 8, 3),
                Column::number("Prognos", 8, 2),
            ],
            rows: vec![Row {
                cells: vec![
                    Cell::plain("HSN"),
                    Cell::plain("−448,0"),
                    Cell::plain("12 345 678,9"),
                    Cell::plain("−550,0"),
                ],
                ..Row::default()
            }],
            ..Table::default()
        }
    }

    #[test]
    fn narrow_screens_drop_columns_by_priority_and_never_cut_numbers() {
        let wide = layout_columns(&table(), &ColumnSizes::of(&table()), 80);
        assert_eq!(wide.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 1, 2, 3]);
        let mut blank = table();
        blank.rows[0].cells[2] = Cell::empty();
        let without = layout_columns(&blank, &ColumnSizes::of(&blank), 80);
        assert_eq!(
            without.iter().map(|c| c.0).collect::<Vec<_>>(),
            [0, 1, 3],
            "an empty column is left out"
        );
        assert_eq!(
            wide[2].1, 12,
            "the budget column is as wide as its widest number"
        );
        let narrow = layout_columns(&table(), &ColumnSizes::of(&table()), 34);
        assert_eq!(
            narrow.iter().map(|c| c.0).collect::<Vec<_>>(),
            [0, 1, 3],
            "budget dropped first"
        );
        let tiny = layout_columns(&table(), &ColumnSizes::of(&table()), 5);
        assert_eq!(tiny.iter().map(|c| c.0).collect::<Vec<_>>(), [0]);
    }
}
