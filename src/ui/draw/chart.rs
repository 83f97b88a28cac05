//! Charts: monthly bed series with reference lines and events, and the
//! budget frame bridge as bars beside its table.

use super::{spans, table};
use crate::ui::screen::{Bars, Chart, Screen};
use crate::ui::theme::{Sem, Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Borders, Dataset, GraphType, LegendPosition, Widget,
};

pub fn draw_chart(chart: &Chart, _screen: &Screen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let legend_rows = 1
        + u16::from(chart.caption.is_some())
        + u16::try_from(chart.events.len()).unwrap_or(0).min(4);
    let [plot_area, legend_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(legend_rows)]).areas(area);
    let points = points(chart);
    let (lo, hi) = y_bounds(&points);
    let events = event_points(chart, &points);
    let mut datasets: Vec<Dataset> = chart
        .series
        .iter()
        .zip(&points)
        .map(|((name, _, sem), data)| {
            Dataset::default()
                .name(name.as_str())
                .marker(theme.symbols().chart_marker)
                .graph_type(GraphType::Line)
                .style(theme.style(*sem))
                .data(data)
        })
        .collect();
    if !events.is_empty() {
        datasets.push(
            Dataset::default()
                .name("Händelse")
                .marker(theme.symbols().event_marker)
                .graph_type(GraphType::Scatter)
                .style(theme.style(Sem::ChartEvent))
                .data(&events),
        );
    }
    let y_labels = vec![
        Span::raw(format!("{lo:.0}")),
        Span::raw(format!("{:.0}", (lo + hi) / 2.0)),
        Span::raw(format!("{hi:.0}")),
    ];
    ratatui::widgets::Chart::new(datasets)
        .block(chart_block(chart, theme))
        // The legend is drawn below the chart, where it covers no line.
        .legend_position(None::<LegendPosition>)
        .x_axis(
            Axis::default()
                .bounds([0.0, chart.months.len().saturating_sub(1).max(1) as f64])
                .labels(x_labels(&chart.months))
                .style(theme.style(Sem::Dim)),
        )
        .y_axis(
            Axis::default()
                .title(chart.y_label.as_str())
                .bounds([lo, hi])
                .labels(y_labels)
                .style(theme.style(Sem::Dim)),
        )
        .render(plot_area, buf);
    ratatui::widgets::Paragraph::new(legend(chart, theme)).render(legend_area, buf);
}

/// Each series' known values as (month index, value).
fn points(chart: &Chart) -> Vec<Vec<(f64, f64)>> {
    chart
        .series
        .iter()
        .map(|(_, values, _)| {
            values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i as f64, v)))
                .collect()
        })
        .collect()
}

/// The y axis: every value with a margin, whole numbers, never empty.
fn y_bounds(points: &[Vec<(f64, f64)>]) -> (f64, f64) {
    let all = points.iter().flatten().map(|p| p.1);
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if lo.is_finite() {
        ((lo * 0.95).floor(), (hi * 1.05).ceil().max(lo + 1.0))
    } else {
        (0.0, 1.0)
    }
}

/// Events sit on the first series' line at their month.
fn event_points(chart: &Chart, points: &[Vec<(f64, f64)>]) -> Vec<(f64, f64)> {
    chart
        .events
        .iter()
        .filter_map(|(i, _)| {
            points
                .first()
                .and_then(|p| p.iter().find(|(x, _)| *x as usize == *i))
                .copied()
        })
        .collect()
}

/// The first, middle and last month; two points have no middle (the axis
/// spaces its labels evenly, so a third would repeat the last).
fn x_labels(months: &[String]) -> Vec<Span<'_>> {
    let n = months.len();
    match n {
        0 => vec![],
        1 => vec![Span::raw(months[0].as_str())],
        2 => vec![Span::raw(months[0].as_str()), Span::raw(months[1].as_str())],
        _ => vec![
            Span::raw(months[0].as_str()),
            Span::raw(months[n / 2].as_str()),
            Span::raw(months[n - 1].as_str()),
        ],
    }
}

/// Below the plot: the caption, a key to the lines, and up to four events.
fn legend<'a>(chart: &'a Chart, theme: &Theme) -> Vec<Line<'a>> {
    let mut legend: Vec<Line> = Vec::new();
    if let Some(caption) = &chart.caption {
        legend.push(Line::from(spans(caption, theme)));
    }
    let mut key = Vec::new();
    for (name, _, sem) in &chart.series {
        key.push(Span::styled(theme.symbols().legend_line, theme.style(*sem)));
        key.push(Span::raw(format!("{name}   ")));
    }
    legend.push(Line::from(key));
    for (i, text) in chart.events.iter().take(4) {
        let month = chart.months.get(*i).map_or("", String::as_str);
        let mark = theme.symbols().event;
        legend.push(Line::from(vec![
            Span::styled(format!("{mark} {month} "), theme.style(Sem::ChartEvent)),
            Span::raw(text.as_str()),
        ]));
    }
    legend
}

pub fn draw_bars(bars: &Bars, screen: &Screen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    // The table first: the chart gets what the table leaves, if enough.
    let [table_area, chart_area] = crate::ui::layout::bars(bars, area);
    table::draw(&bars.table, screen, theme, table_area, buf);
    if chart_area.height < 4 || bars.bars.is_empty() {
        return;
    }
    let group: Vec<Bar> = bars
        .bars
        .iter()
        .map(|(label, value, sem)| {
            Bar::default()
                .value(*value)
                .label(Line::from(label.as_str()))
                .text_value(crate::domain::number::format_sv(
                    rust_decimal::Decimal::from(*value),
                    0,
                    false,
                ))
                .style(theme.style(*sem))
        })
        .collect();
    let bar_width = ((chart_area.width.saturating_sub(2)) / (bars.bars.len() as u16).max(1))
        .saturating_sub(1)
        .clamp(1, 12);
    BarChart::default()
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_set(theme.border())
                .title(bars.bar_title.as_str()),
        )
        .data(BarGroup::default().bars(&group))
        .bar_width(bar_width)
        .bar_gap(1)
        .render(chart_area, buf);
}

/// The frame, titled with the caption's warning when the series is
/// illustrative, so it is said in the chart itself and not only below it.
fn chart_block<'a>(chart: &'a Chart, theme: &Theme) -> Block<'a> {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border());
    match chart
        .caption
        .as_ref()
        .and_then(|c| c.spans.iter().find(|(_, sem)| *sem == Sem::Illustrative))
    {
        Some((text, sem)) => block.title(Span::styled(
            format!(
                " {} ",
                text.render(theme.symbols()).trim_matches([' ', '·'])
            ),
            theme.style(*sem),
        )),
        None => block,
    }
}
