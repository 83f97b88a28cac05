//! The cockpit's state and the only code that changes it. Each pane has a
//! stack of screens (drilling down pushes, going back pops, as in
//! hledger-ui). Screens are built from the data layer when the user moves to
//! them or switches period, never while drawing.

use super::keymap::{Action, action_for};
use super::panes::{self, Ctx};
use super::screen::{Body, DirectiveSort, GoalFilter, Nav, PaneId, Screen, ScreenKey};
use super::theme::Theme;
use crate::data::{MAX_ROWS, Notice, ReadError, Store};
use crate::snapshot::spec::MAX_VALUE_BYTES;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Said when the user stopped a slow query: what they saw stays.
pub const CANCELLED: &str = "Avbrutet: hämtningen stoppades, vyn är oförändrad.";

/// A read error as the footer says it, in Swedish. SQLite's own message,
/// when there is one, is kept as it is: it is what a search would find.
fn describe(e: ReadError) -> String {
    match e {
        ReadError::Cancelled => CANCELLED.to_string(),
        ReadError::TooBig => format!(
            "Ett värde är mycket större än formatets {MAX_VALUE_BYTES} byte och lästes inte in \
             (`tertial check` visar raden)."
        ),
        ReadError::TooManyRows => format!(
            "Vyn skulle behöva fler än {MAX_ROWS} rader; ögonblicksbilden har kanske dubblerade \
             nycklar (`tertial check` visar dem)."
        ),
        ReadError::Failed(detail) => format!("Ögonblicksbilden kunde inte läsas: {detail}"),
    }
}

/// The longest search text, in characters.
pub const SEARCH_MAX: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Search(String),
    Help,
}

pub struct App {
    pub store: Store,
    pub theme: Theme,
    pub period: usize,
    pub pane: PaneId,
    /// One stack per pane, in [`PaneId::ALL`] order; empty until visited.
    pub stacks: Vec<Vec<Screen>>,
    /// Panes whose screens were built for another period.
    stale: Vec<bool>,
    /// A warm-up failed this period (see [`App::warm_one`]): not retried.
    warm_failed: bool,
    pub mode: Mode,
    /// A one-line message for the footer (nothing found, read errors).
    pub message: Option<String>,
    pub notices: Vec<Notice>,
    pub today: chrono::NaiveDate,
    pub size: (u16, u16),
    pub quit: bool,
    /// Screens built so far: part of the [`ViewStamp`], since a rebuilt
    /// screen may show other figures at the same selection.
    builds: std::cell::Cell<u64>,
}

/// What decides the picture on screen, cheap to take and compare: input
/// that leaves it unchanged (a move past the last row, an unbound key) is
/// not drawn, so it costs no bytes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewStamp {
    period: usize,
    pane: PaneId,
    mode: Mode,
    message: Option<String>,
    depth: usize,
    selected: Option<usize>,
    offset: Option<usize>,
    builds: u64,
    size: (u16, u16),
}

/// Rows of chrome around a table: header, tabs, breadcrumb, table header, footer.
const CHROME_ROWS: u16 = 5;

impl App {
    pub fn new(store: Store, theme: Theme, today: chrono::NaiveDate, size: (u16, u16)) -> App {
        let period = store.periods.len().saturating_sub(1);
        let mut app = App {
            store,
            theme,
            period,
            pane: PaneId::Overview,
            stacks: vec![Vec::new(); PaneId::ALL.len()],
            stale: vec![false; PaneId::ALL.len()],
            warm_failed: false,
            mode: Mode::Normal,
            message: None,
            notices: Vec::new(),
            today,
            size,
            quit: false,
            builds: std::cell::Cell::new(0),
        };
        app.load_period();
        app.ensure_built(PaneId::Overview);
        if let Some(warning) = app.store.warning.clone() {
            app.message = Some(warning);
        }
        app
    }

    pub fn period_label(&self) -> &str {
        self.store
            .periods
            .get(self.period)
            .map_or("(inga perioder)", |p| p.label.as_str())
    }

    /// Selects a period by id or label; false if there is none.
    pub fn set_period(&mut self, wanted: &str) -> bool {
        let Some(i) = self
            .store
            .periods
            .iter()
            .position(|p| p.id == wanted || p.label == wanted)
        else {
            return false;
        };
        self.change_period(i);
        true
    }

    pub fn stack(&self) -> &[Screen] {
        &self.stacks[self.pane.index()]
    }

    pub fn screen(&self) -> Option<&Screen> {
        self.stack().last()
    }

    fn screen_mut(&mut self) -> Option<&mut Screen> {
        self.stacks[self.pane.index()].last_mut()
    }

    fn ctx(&self) -> Option<Ctx<'_>> {
        Some(Ctx {
            store: &self.store,
            period: self.store.periods.get(self.period)?,
            today: self.today,
            ascii: self.theme.ascii,
            notices: &self.notices,
        })
    }

    pub fn view_stamp(&self) -> ViewStamp {
        let screen = self.screen();
        ViewStamp {
            period: self.period,
            pane: self.pane,
            mode: self.mode.clone(),
            message: self.message.clone(),
            depth: self.stack().len(),
            selected: screen.map(|s| s.selected),
            offset: screen.map(|s| s.offset),
            builds: self.builds.get(),
            size: self.size,
        }
    }

    fn build(&self, key: &ScreenKey) -> Result<Screen, String> {
        self.builds.set(self.builds.get() + 1);
        let ctx = self
            .ctx()
            .ok_or_else(|| "Ögonblicksbilden har inga perioder.".to_string())?;
        panes::build(&ctx, key).map_err(describe)
    }

    fn load_period(&mut self) {
        let id = self
            .store
            .periods
            .get(self.period)
            .map(|p| p.id.clone())
            .unwrap_or_default();
        match self.store.notices(&id) {
            Ok(notices) => self.notices = notices,
            Err(e) => self.message = Some(describe(e)),
        }
    }

    /// Builds a pane's root screen if it has none, or rebuilds it if it was
    /// built for another period.
    fn ensure_built(&mut self, pane: PaneId) {
        let i = pane.index();
        if self.stacks[i].is_empty() {
            match self.build(&panes::root(pane)) {
                Ok(screen) => self.stacks[i].push(screen),
                Err(e) => self.message = Some(e),
            }
            self.stale[i] = false;
        } else if self.stale[i] {
            if let Err(e) = self.rebuild(pane) {
                // Screens of another period must not pass for this one's.
                self.stacks[i].clear();
                self.stale[i] = false;
                self.message = Some(e);
            }
        }
    }

    /// Rebuilds every screen of a pane's stack, keeping each selection by
    /// row id where the row still exists. On failure (a read error, or the
    /// user cancelling a slow query) the old stack is left as it was.
    fn rebuild(&mut self, pane: PaneId) -> Result<(), String> {
        let i = pane.index();
        let mut new = Vec::with_capacity(self.stacks[i].len());
        for screen in &self.stacks[i] {
            let mut fresh = self.build(&screen.key)?;
            let id = screen.selected_row().map(|r| r.id.clone());
            if !id.is_some_and(|id| fresh.select_id(&id)) {
                fresh.selected = screen.selected.min(fresh.len().saturating_sub(1));
            }
            fresh.offset = screen.offset;
            new.push(fresh);
        }
        self.stacks[i] = new;
        self.stale[i] = false;
        if self.stacks[i].is_empty() {
            self.ensure_built(pane);
        }
        self.keep_visible();
        Ok(())
    }

    fn change_period(&mut self, period: usize) {
        if period == self.period || period >= self.store.periods.len() {
            return;
        }
        let before = (self.period, self.notices.clone(), self.stale.clone());
        self.period = period;
        self.warm_failed = false;
        self.load_period();
        for s in &mut self.stale {
            *s = true;
        }
        if let Err(e) = self.rebuild(self.pane) {
            // Stay on the period whose screens are still shown.
            (self.period, self.notices, self.stale) = before;
            self.message = Some(e);
        }
    }

    /// Whether a visited pane still shows another period's figures.
    pub fn has_cold_pane(&self) -> bool {
        !self.warm_failed && self.cold_pane().is_some()
    }

    fn cold_pane(&self) -> Option<PaneId> {
        PaneId::ALL.into_iter().find(|p| {
            *p != self.pane && self.stale[p.index()] && !self.stacks[p.index()].is_empty()
        })
    }

    /// Rebuilds one visited pane left on the previous period, so switching
    /// to it later costs no queries. The event loop calls this while no input
    /// waits: a period switch draws the pane in view first, then warms the
    /// others while the user reads. Nothing on screen changes. A failed or
    /// interrupted build leaves the pane to be rebuilt when it is opened,
    /// and stops the warm-up until the next period switch.
    pub fn warm_one(&mut self) {
        let Some(pane) = self.cold_pane() else {
            return;
        };
        match self.rebuild(pane) {
            // Interrupted by input: the loop handles it and warms on after.
            Err(e) if e == CANCELLED => {}
            Err(_) => self.warm_failed = true,
            Ok(()) => {}
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.keep_visible();
    }

    /// Table rows that fit on screen.
    pub fn viewport(&self) -> usize {
        usize::from(self.size.1.saturating_sub(CHROME_ROWS)).max(1)
    }

    fn keep_visible(&mut self) {
        let viewport = self.viewport();
        if let Some(screen) = self.screen_mut() {
            screen.offset = visible_offset(screen.selected, screen.offset, viewport);
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.message = None;
        match &mut self.mode {
            Mode::Help => self.mode = Mode::Normal,
            Mode::Search(query) => match key.code {
                KeyCode::Esc => self.mode = Mode::Normal,
                KeyCode::Enter => {
                    let query = query.trim().to_string();
                    self.mode = Mode::Normal;
                    if !query.is_empty() {
                        self.navigate(Nav::Push(ScreenKey::Search { query }));
                        self.jump_to_single_hit();
                    }
                }
                KeyCode::Backspace => {
                    query.pop();
                }
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.mode = Mode::Normal
                }
                KeyCode::Char(c) if query.chars().count() < SEARCH_MAX => query.push(c),
                _ => {}
            },
            Mode::Normal => {
                if let Some(action) = action_for(&key, self.pane) {
                    self.apply(action);
                }
            }
        }
    }

    /// Pasted text: typed into the search prompt (line breaks and other
    /// control characters as spaces, up to [`SEARCH_MAX`]), ignored as a
    /// whole anywhere else, so a paste can never act as a run of keys.
    pub fn paste(&mut self, text: &str) {
        if let Mode::Search(query) = &mut self.mode {
            let room = SEARCH_MAX.saturating_sub(query.chars().count());
            let flat: String = text
                .chars()
                .take(room * 2)
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            query.extend(
                crate::domain::text::sanitize(&flat, false)
                    .chars()
                    .take(room),
            );
        }
    }

    /// With exactly one hit, search goes straight to it.
    fn jump_to_single_hit(&mut self) {
        let Some(screen) = self.screen() else { return };
        if !matches!(screen.key, ScreenKey::Search { .. }) || screen.rows().len() != 1 {
            return;
        }
        if let Some(nav) = screen.rows()[0].drill.clone() {
            self.stacks[self.pane.index()].pop();
            self.navigate(nav);
        }
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::NextPane => {
                self.switch_pane(PaneId::ALL[(self.pane.index() + 1) % PaneId::ALL.len()])
            }
            Action::PrevPane => self.switch_pane(
                PaneId::ALL[(self.pane.index() + PaneId::ALL.len() - 1) % PaneId::ALL.len()],
            ),
            Action::Pane(pane) => self.switch_pane(pane),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.viewport() as isize)),
            Action::PageDown => self.move_by(self.viewport() as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Drill => match self
                .screen()
                .and_then(|s| s.selected_row())
                .and_then(|r| r.drill.clone())
            {
                Some(nav) => self.navigate(nav),
                None => self.toggle_or(|app| app.detail()),
            },
            Action::Detail => self.detail(),
            Action::Back => {
                let stack = &mut self.stacks[self.pane.index()];
                if stack.len() > 1 {
                    stack.pop();
                    self.keep_visible();
                }
            }
            Action::Toggle => self.toggle_or(|_| {}),
            Action::NextException => self.exception(true),
            Action::PrevException => self.exception(false),
            Action::Search => self.mode = Mode::Search(String::new()),
            Action::Help => self.mode = Mode::Help,
            Action::PrevPeriod => self.change_period(self.period.saturating_sub(1)),
            Action::NextPeriod => self.change_period(self.period + 1),
            Action::Frames => self.frames(),
            Action::Sort | Action::Filter | Action::FilterRecipient => self.refine(action),
        }
    }

    fn switch_pane(&mut self, pane: PaneId) {
        let before = self.pane;
        self.pane = pane;
        self.ensure_built(pane);
        if self.stacks[pane.index()].is_empty() && self.message.as_deref() == Some(CANCELLED) {
            // Cancelled while building: stay where the user was.
            self.pane = before;
        }
        self.keep_visible();
    }

    fn move_by(&mut self, delta: isize) {
        let viewport = self.viewport();
        let Some(screen) = self.screen_mut() else {
            return;
        };
        if let Body::Detail(_) | Body::Chart(_) = screen.body {
            let max = screen.len().saturating_sub(1);
            screen.offset = screen.offset.saturating_add_signed(delta).min(max);
            return;
        }
        let rows = screen.rows();
        if rows.is_empty() {
            return;
        }
        let last = rows.len() - 1;
        let wanted = screen.selected.saturating_add_signed(delta).min(last);
        // Skip heading rows in the direction of travel, then the other way
        // (a heading at the very top is passed downwards, never wrapped).
        let down = |from: usize| (from..=last).find(|&i| !rows[i].heading);
        let up = |from: usize| (0..=from).rev().find(|&i| !rows[i].heading);
        let target = if delta < 0 {
            up(wanted).or_else(|| down(wanted))
        } else {
            down(wanted).or_else(|| up(wanted))
        }
        .unwrap_or(wanted);
        screen.selected = target;
        screen.offset = visible_offset(target, screen.offset, viewport);
    }

    fn detail(&mut self) {
        if let Some(nav) = self
            .screen()
            .and_then(|s| s.selected_row())
            .and_then(|r| r.detail.clone())
        {
            self.navigate(nav);
        }
    }

    /// Expands or collapses the selected tree row; otherwise runs `other`.
    fn toggle_or(&mut self, other: impl FnOnce(&mut App)) {
        let Some(screen) = self.screen() else { return };
        let Some(row) = screen.selected_row() else {
            return;
        };
        if row.expanded.is_none() {
            return other(self);
        }
        let id = row.id.clone();
        let mut key = screen.key.clone();
        match &mut key {
            ScreenKey::EconomyTree { expanded } | ScreenKey::Goals { expanded, .. } => {
                if !expanded.remove(&id) {
                    expanded.insert(id);
                }
            }
            _ => return other(self),
        }
        self.replace_top(key);
    }

    /// Rebuilds the top screen under a changed key, keeping the selection.
    fn replace_top(&mut self, key: ScreenKey) {
        match self.build(&key) {
            Ok(mut fresh) => {
                let i = self.pane.index();
                if let Some(old) = self.stacks[i].pop() {
                    let id = old.selected_row().map(|r| r.id.clone());
                    if !id.is_some_and(|id| fresh.select_id(&id)) {
                        fresh.selected = old.selected.min(fresh.len().saturating_sub(1));
                    }
                    fresh.offset = old.offset;
                }
                self.stacks[i].push(fresh);
                self.keep_visible();
            }
            Err(e) => self.message = Some(e),
        }
    }

    pub fn navigate(&mut self, nav: Nav) {
        match nav {
            Nav::Push(key) => match self.build(&key) {
                Ok(screen) => {
                    self.stacks[self.pane.index()].push(screen);
                    self.keep_visible();
                }
                Err(e) => self.message = Some(e),
            },
            Nav::Jump {
                pane,
                stack,
                select,
            } => {
                let mut screens = Vec::with_capacity(stack.len());
                for key in &stack {
                    match self.build(key) {
                        Ok(screen) => screens.push(screen),
                        Err(e) => {
                            self.message = Some(e);
                            return;
                        }
                    }
                }
                if let (Some(id), Some(last)) = (select, screens.last_mut()) {
                    last.select_id(&id);
                }
                self.pane = pane;
                self.stacks[pane.index()] = screens;
                self.stale[pane.index()] = false;
                self.ensure_built(pane);
                self.keep_visible();
            }
        }
    }

    fn exception(&mut self, forward: bool) {
        let viewport = self.viewport();
        let Some(screen) = self.screen_mut() else {
            return;
        };
        let rows = screen.rows();
        let n = rows.len();
        let found = (1..=n)
            .map(|step| {
                if forward {
                    (screen.selected + step) % n.max(1)
                } else {
                    (screen.selected + n * 2 - step) % n.max(1)
                }
            })
            .find(|&i| rows.get(i).is_some_and(|r| r.exception));
        match found {
            Some(i) => {
                screen.selected = i;
                screen.offset = visible_offset(i, screen.offset, viewport);
            }
            None => self.message = Some("Inga avvikelser här.".into()),
        }
    }

    fn frames(&mut self) {
        let boards = match self.store.boards_with_frames() {
            Ok(boards) => boards,
            Err(e) => return self.message = Some(describe(e)),
        };
        // The board of the selected unit, if it has frames; else the first.
        let selected = self
            .screen()
            .and_then(|s| s.selected_row())
            .map(|r| r.id.clone());
        let board = selected
            .and_then(|id| {
                let unit = self.store.org_unit(&id)?;
                std::iter::once(unit)
                    .chain(self.store.org_ancestors(&id))
                    .find(|u| boards.contains(&u.id))
                    .map(|u| u.id.clone())
            })
            .or_else(|| boards.first().cloned());
        match board {
            Some(board) => self.navigate(Nav::Push(ScreenKey::Frames { board })),
            None => self.message = Some("Ögonblicksbilden har inga budgetramar.".into()),
        }
    }

    /// Sort and filter keys change the key of the pane's list screen.
    fn refine(&mut self, action: Action) {
        let Some(screen) = self.screen() else { return };
        let mut key = screen.key.clone();
        match (&mut key, action) {
            (ScreenKey::Goals { filter, .. }, Action::Filter) => {
                *filter = match filter {
                    GoalFilter::All => GoalFilter::Red,
                    GoalFilter::Red => GoalFilter::Yellow,
                    GoalFilter::Yellow => GoalFilter::Grey,
                    GoalFilter::Grey => GoalFilter::All,
                }
            }
            (ScreenKey::Directives { sort, .. }, Action::Sort) => {
                *sort = match sort {
                    DirectiveSort::EndDate => DirectiveSort::Status,
                    DirectiveSort::Status => DirectiveSort::EndDate,
                }
            }
            (ScreenKey::Directives { status, .. }, Action::Filter) => {
                *status = panes::next_status_filter(status.as_deref());
            }
            (ScreenKey::Directives { recipient, .. }, Action::FilterRecipient) => {
                *recipient = match panes::next_recipient_filter(&self.store, recipient.as_deref()) {
                    Ok(next) => next,
                    Err(e) => return self.message = Some(describe(e)),
                };
            }
            _ => return,
        }
        self.replace_top(key);
    }
}

/// The first visible row that keeps `selected` on screen, moving as little
/// as possible from `offset`.
pub fn visible_offset(selected: usize, offset: usize, viewport: usize) -> usize {
    if selected < offset {
        selected
    } else if selected >= offset + viewport {
        selected + 1 - viewport
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::ThemeName;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The demo app, with a switch that makes every query stop at once.
    fn app_with_cancel() -> (App, Arc<AtomicBool>) {
        let store = Store::demo().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        store.set_cancel_check_every(1, move || flag.load(Ordering::Relaxed));
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let app = App::new(store, Theme::new(ThemeName::Mono, false), today, (100, 30));
        (app, stop)
    }

    #[test]
    fn the_view_stamp_changes_exactly_when_the_picture_does() {
        let (mut app, _) = app_with_cancel();
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        // Översikt starts on its first figure, under a heading: up stays.
        let first = app.view_stamp();
        app.handle_key(key('k'));
        app.handle_key(key('g'));
        assert_eq!(app.view_stamp(), first, "no wrap past the top heading");
        app.handle_key(key('2'));
        let top = app.view_stamp();
        app.handle_key(key('k'));
        assert_eq!(app.view_stamp(), top, "up at the top changes nothing");
        app.handle_key(key('ö'));
        assert_eq!(app.view_stamp(), top, "an unbound key changes nothing");
        app.handle_key(key('j'));
        assert_ne!(app.view_stamp(), top, "a move does");
        let moved = app.view_stamp();
        app.handle_key(key(' '));
        assert_ne!(app.view_stamp(), moved, "a toggle rebuilds");
        let before = app.view_stamp();
        app.handle_key(key('['));
        assert_ne!(app.view_stamp(), before, "a period switch does");
    }

    #[test]
    fn a_cancelled_period_switch_keeps_the_period_and_its_screens() {
        let (mut app, stop) = app_with_cancel();
        app.apply(Action::Pane(PaneId::Economy));
        let (period, rows) = (app.period, app.screen().unwrap().rows().len());
        stop.store(true, Ordering::Relaxed);
        app.apply(Action::PrevPeriod);
        assert_eq!(app.message.as_deref(), Some(CANCELLED));
        assert_eq!(app.period, period, "still the period shown");
        assert_eq!(app.screen().unwrap().rows().len(), rows);
        stop.store(false, Ordering::Relaxed);
        app.apply(Action::PrevPeriod);
        assert_eq!(app.period, period - 1, "works once not cancelled");
    }

    #[test]
    fn a_cancelled_pane_switch_or_drill_stays_where_the_user_was() {
        let (mut app, stop) = app_with_cancel();
        stop.store(true, Ordering::Relaxed);
        app.apply(Action::Pane(PaneId::Goals));
        assert_eq!(app.pane, PaneId::Overview);
        assert_eq!(app.message.as_deref(), Some(CANCELLED));
        let depth = app.stack().len();
        app.apply(Action::Drill);
        assert_eq!(app.stack().len(), depth);
        stop.store(false, Ordering::Relaxed);
        app.apply(Action::Pane(PaneId::Goals));
        assert_eq!(app.pane, PaneId::Goals);
        assert!(!app.stack().is_empty());
    }

    #[test]
    fn panes_left_on_the_old_period_are_warmed_one_at_a_time() {
        let (mut app, stop) = app_with_cancel();
        for pane in PaneId::ALL {
            app.apply(Action::Pane(pane));
        }
        app.apply(Action::Pane(PaneId::Economy));
        assert!(
            !app.has_cold_pane(),
            "nothing to warm before a period switch"
        );
        app.apply(Action::PrevPeriod);
        assert!(app.has_cold_pane());
        let label = app.period_label().to_string();

        // Input arriving mid-build stops it; the pane stays cold, no message.
        stop.store(true, Ordering::Relaxed);
        app.warm_one();
        assert!(app.has_cold_pane(), "interrupted, not given up");
        assert_eq!(app.message, None);
        assert_eq!(app.pane, PaneId::Economy);
        stop.store(false, Ordering::Relaxed);

        let mut rounds = 0;
        while app.has_cold_pane() {
            app.warm_one();
            rounds += 1;
        }
        assert_eq!(rounds, PaneId::ALL.len() - 1, "one pane per call");
        assert_eq!(app.pane, PaneId::Economy, "the view never moved");
        let builds = app.builds.get();
        for pane in PaneId::ALL {
            app.apply(Action::Pane(pane));
        }
        assert_eq!(app.builds.get(), builds, "switching built nothing");
        app.apply(Action::Pane(PaneId::Overview));
        assert_eq!(app.screen().unwrap().title, format!("Översikt {label}"));
    }

    #[test]
    fn a_paste_types_into_the_search_prompt_and_nowhere_else() {
        let (mut app, _) = app_with_cancel();
        let before = app.view_stamp();
        app.paste("jjj2\r\nq");
        assert_eq!(app.view_stamp(), before, "ignored outside the prompt");
        assert!(!app.quit);
        app.handle_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
        app.paste("sjuk\r\nhus");
        assert_eq!(app.mode, Mode::Search("sjuk  hus".into()));
        app.paste(&"x".repeat(100_000));
        let Mode::Search(query) = &app.mode else {
            panic!("{:?}", app.mode)
        };
        assert_eq!(query.chars().count(), SEARCH_MAX);
    }

    #[test]
    fn read_errors_are_said_in_swedish() {
        assert!(describe(ReadError::TooBig).starts_with("Ett värde är mycket större"));
        assert!(describe(ReadError::TooManyRows).contains("dubblerade nycklar"));
        assert_eq!(
            describe(ReadError::Failed("disk I/O error".into())),
            "Ögonblicksbilden kunde inte läsas: disk I/O error"
        );
        assert_eq!(describe(ReadError::Cancelled), CANCELLED);
    }

    #[test]
    fn offset_moves_only_as_far_as_needed() {
        assert_eq!(visible_offset(0, 0, 10), 0);
        assert_eq!(visible_offset(9, 0, 10), 0);
        assert_eq!(visible_offset(10, 0, 10), 1);
        assert_eq!(visible_offset(3, 5, 10), 3);
        assert_eq!(visible_offset(7, 5, 10), 5);
    }
}
