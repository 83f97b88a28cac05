//! The table screens: columns dropped by priority when narrow, numbers never
//! cut, the first column indented as a tree.

use super::{fit, spans};
use crate::ui::screen::{Align, Cell, Column, ColumnSizes, Row, Screen, Table, visible_offset};
use crate::ui::theme::{Sem, Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{self, HighlightSpacing, StatefulWidget, TableState, Widget};
use unicode_width::UnicodeWidthStr;

const SPACING: u16 = 1;

/// Which columns fit in `width`, and how wide each is, from the sizes
/// measured when the screen was built. The first column (priority 0) takes
/// what is left.
pub fn layout_columns(table: &Table, sizes: &ColumnSizes, width: u16) -> Vec<(usize, u16)> {
    let name = name_column(table);
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
    let [caption_area, table_area] = crate::ui::layout::table(table, area);
    if let Some(caption) = &table.caption {
        Line::from(super::fitted_spans(caption, theme, caption_area.width))
            .render(caption_area, buf);
    }
    if table.rows.is_empty() {
        Span::styled(table.empty.as_str(), theme.style(Sem::Dim)).render(table_area, buf);
        return;
    }
    let selection = theme.symbols().selection;
    let columns = layout_columns(
        table,
        &screen.sizes,
        table_area.width.saturating_sub(selection.width() as u16),
    );
    let name = name_column(table);
    // Only the rows in view are made into widgets: a table of 100 000 rows
    // (a hostile file's flat tree) costs a screenful per frame, not all.
    let visible = usize::from(table_area.height.saturating_sub(1)).max(1);
    let first = visible_offset(screen.selected, screen.offset, visible);
    let in_view = table.rows.iter().enumerate().skip(first).take(visible);
    let rows = in_view.map(|(index, row)| {
        let selected = index == screen.selected;
        widgets::Row::new(columns.iter().map(|&(i, width)| {
            let cell = row.cells.get(i).cloned().unwrap_or_default();
            if i == name {
                name_cell(row, &cell, width, selected, theme)
            } else {
                figure_cell(&cell, &table.columns[i], width, theme)
            }
        }))
    });
    let widths: Vec<Constraint> = columns
        .iter()
        .map(|&(_, w)| Constraint::Length(w))
        .collect();
    let widget = widgets::Table::new(rows, widths)
        .header(header(table, &columns, theme))
        .column_spacing(SPACING)
        .highlight_symbol(Span::styled(selection, theme.style(Sem::Heading)))
        .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default()
        .with_offset(0)
        .with_selected(screen.selected.checked_sub(first));
    StatefulWidget::render(widget, table_area, buf, &mut state);
    draw_headings(table, first, theme, table_area, buf);
}

/// Two spaces a level. Past 8 levels (deeper than any real tree) the
/// indent stops where it would leave the name fewer than 24 cells of its
/// `width`-cell column: a hostile tree may nest 100 000 levels.
fn indent(depth: u16, width: u16) -> String {
    let most = (usize::from(width.saturating_sub(24)) / 2).max(8);
    "  ".repeat(usize::from(depth).min(most))
}

/// The column that flexes (priority 0) is the tree column, wherever it is.
fn name_column(table: &Table) -> usize {
    table
        .columns
        .iter()
        .position(|c| c.priority == 0)
        .unwrap_or(0)
}

fn alignment(column: &Column) -> Alignment {
    match column.align {
        Align::Right => Alignment::Right,
        Align::Left => Alignment::Left,
    }
}

fn header<'a>(table: &'a Table, columns: &[(usize, u16)], theme: &Theme) -> widgets::Row<'a> {
    widgets::Row::new(columns.iter().map(|&(i, _)| {
        let column = &table.columns[i];
        widgets::Cell::from(Line::from(spans(&column.title, theme)).alignment(alignment(column)))
    }))
    .style(theme.style(Sem::Heading).add_modifier(Modifier::UNDERLINED))
}

/// The tree column: indent, open/closed mark, then the name cut to fit,
/// each part keeping its style. The selection is the gutter mark and the
/// name in reverse video, not the whole row: a cursor move then repaints
/// two names rather than two full-width rows (bytes over SSH).
fn name_cell(
    row: &Row,
    cell: &Cell,
    width: u16,
    selected: bool,
    theme: &Theme,
) -> widgets::Cell<'static> {
    let symbols = theme.symbols();
    let marker = symbols.tree_mark(row.expanded);
    let indent = indent(row.depth, width);
    let room = usize::from(width).saturating_sub(indent.width() + marker.width());
    let text = fit(&cell.text_in(symbols), room);
    let mut out = vec![Span::raw(marker)];
    let mut left = text.as_str();
    for (piece, sem) in &cell.spans {
        if left.is_empty() {
            break;
        }
        let part = piece.render(symbols);
        let take = left
            .char_indices()
            .nth(part.chars().count())
            .map_or(left.len(), |(b, _)| b);
        let (shown, rest) = left.split_at(take);
        out.push(Span::styled(shown.to_string(), theme.style(*sem)));
        left = rest;
    }
    if !left.is_empty() {
        // What the cut added (the ellipsis).
        out.push(Span::raw(left.to_string()));
    }
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
        Style::default()
    };
    widgets::Cell::from(Line::from(out)).style(style)
}

/// Any other column: a text cut to its width in the style of its first
/// part, or the cell's parts aligned (numbers are never cut: their column
/// is as wide as the widest).
fn figure_cell(cell: &Cell, column: &Column, width: u16, theme: &Theme) -> widgets::Cell<'static> {
    let symbols = theme.symbols();
    let text = cell.text_in(symbols);
    let line = if column.align == Align::Left && text.width() > usize::from(width) {
        let sem = cell.spans.first().map_or(Sem::Normal, |s| s.1);
        Line::from(Span::styled(
            fit(&text, usize::from(width)),
            theme.style(sem),
        ))
    } else {
        Line::from(
            cell.spans
                .iter()
                .map(|(piece, sem)| {
                    Span::styled(piece.render(symbols).into_owned(), theme.style(*sem))
                })
                .collect::<Vec<_>>(),
        )
    };
    widgets::Cell::from(line.alignment(alignment(column)))
}

/// Heading rows span the whole width rather than their first column, so a
/// section title is never cut by a narrow first column.
fn draw_headings(table: &Table, first: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
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
