//! The cockpit's state and the only code that changes it. Each pane has a
//! stack of screens (drilling down pushes, going back pops, as in
//! hledger-ui). Screens are built from the data layer when the user moves to
//! them or switches period, never while drawing. What is common to every
//! pane lives here; what a pane does with its own keys lives in its file
//! ([`panes::Pane::act`]).

use super::copy;
use super::footer::FooterMessage;
use super::layout;
use super::notes::editor::Outcome;
use super::panes::{self, Ctx, Effect};
use super::screen::{Body, Nav, PaneId, Row, Screen, ScreenKey};
use super::sheet::InView;
use super::theme::Theme;
use crate::data::compare::Baseline;
use crate::data::{Notice, Store};
use crate::keymap::Action;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The longest search text, in characters.
pub const SEARCH_MAX: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Search(String),
    /// The key overlay, scrolled this many lines down.
    Help(usize),
    /// An action that writes a file, asked about because it came right
    /// after text that arrived all at once ([`super::burst`]).
    Confirm(Action),
    /// The note editor over the screen.
    Note(Box<super::notes::editor::Editor>),
}

/// How long after a burst an action that writes a file asks first.
pub const ASK_AFTER_BURST: std::time::Duration = std::time::Duration::from_secs(2);

pub struct App {
    pub store: Store,
    pub theme: Theme,
    pub period: usize,
    /// What the period is compared with (`c` cycles it).
    pub baseline: Baseline,
    pub pane: PaneId,
    /// One stack per pane, in [`PaneId::ALL`] order; empty until visited.
    pub stacks: Vec<Vec<Screen>>,
    /// Panes whose screens were built for another period.
    stale: Vec<bool>,
    /// A warm-up failed this period (see [`App::warm_one`]): not retried.
    warm_failed: bool,
    /// Where the reads of the neighbouring periods were last warmed, and
    /// how many of the two are done (see [`App::warm_one`]).
    ahead: Option<(Place, u8)>,
    pub mode: Mode,
    /// What the footer says instead of the key hints (read errors, nothing
    /// found), until the next key.
    pub message: Option<FooterMessage>,
    pub notices: Vec<Notice>,
    pub today: chrono::NaiveDate,
    pub size: (u16, u16),
    pub quit: bool,
    /// Where Esc at the root of a search hit's pane goes back to.
    return_to: Option<ReturnPoint>,
    /// tmux's `set-clipboard` where it keeps a program's copy from the
    /// clipboard (`external`, `off`; [`crate::config::tmux`]), found at
    /// start: `y` and `Y` still send, and say what to set. Not a setting.
    pub tmux_blocks: Option<String>,
    /// Text put up for the clipboard, until the terminal loop takes it.
    pub(super) clipboard: Option<String>,
    /// Screens built so far: part of the [`ViewStamp`], since a rebuilt
    /// screen may show other figures at the same selection.
    builds: std::cell::Cell<u64>,
    /// The settings in effect: key bindings, mouse, copy, export folder.
    pub settings: crate::config::Settings,
    /// Ctrl-L asked for every cell to be sent anew (see [`App::take_redraw`]).
    redraw: bool,
    /// When input last came faster than a person types.
    burst_at: Option<std::time::Instant>,
    /// The note's text, for the user's editor (Ctrl-E in the note editor):
    /// the terminal loop hands it over ([`App::take_outside_edit`]).
    outside_edit: Option<String>,
    /// The user's notes (`a`, `A`), from a file of their own.
    pub notes: super::notes::Notes,
    /// The notes file to open once the first frame is out
    /// ([`App::open_pending_notes`]).
    pending_notes: Option<std::path::PathBuf>,
    /// The search prompt's history and the last search's hits.
    search: Searching,
}

/// What the search keeps between prompts: the texts searched this session
/// (Up and Down in the prompt recall them) and the last search's hits
/// (`n` and `N` land on them in turn).
#[derive(Default)]
struct Searching {
    /// Oldest first, no two alike in a row.
    history: Vec<String>,
    /// While recalling: which entry is in the prompt, and what was typed
    /// before the first Up.
    recall: Option<(usize, String)>,
    /// Whether the top screen is the prompt's live result list, there only
    /// while the prompt is open.
    live: bool,
    /// The live list's query and its rows as built (before the notes'
    /// marks): Enter on the same query keeps them and reads only the rest.
    shown: Option<(String, Vec<Row>)>,
    /// The live list was stopped by the next input before it was built:
    /// it is built when no input waits ([`App::warm_one`]).
    stopped: bool,
    /// The last search's query and where each hit is.
    hits: Option<(String, Vec<Nav>)>,
    /// The hit `n` and `N` last landed on.
    at: Option<usize>,
}

/// What a mouse event asks for where it lands, worked out by
/// [`super::mouse`] from the screen as drawn; [`App::apply_gesture`]
/// carries it out, so this file is the only one that changes the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gesture {
    /// The wheel: positive is down, in rows (or lines).
    Scroll(isize),
    Tab(PaneId),
    /// A click in the left margin of the body.
    Back,
    /// A click on a table row (its index in the screen's rows).
    Row(usize),
}

/// Where a search started: its pane, period and screens, kept while the
/// user looks at the hit.
struct ReturnPoint {
    pane: PaneId,
    period: usize,
    stack: Vec<Screen>,
    /// The pane the hit is in: Esc at its root goes back.
    landed: PaneId,
}

/// What a period switch would rebuild: the pane in view at the period and
/// comparison in view, with this many screens on its stack. The reads of
/// the periods either side of it are warmed for it ([`App::warm_one`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    period: usize,
    baseline: Baseline,
    pane: PaneId,
    depth: usize,
}

/// What decides the picture on screen, cheap to take and compare: input
/// that leaves it unchanged (a move past the last row, an unbound key) is
/// not drawn, so it costs no bytes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewStamp {
    period: usize,
    baseline: Baseline,
    pane: PaneId,
    mode: Mode,
    message: Option<FooterMessage>,
    depth: usize,
    selected: Option<usize>,
    offset: Option<usize>,
    builds: u64,
    size: (u16, u16),
}

impl App {
    /// The app with the default settings (tests, benchmarks).
    pub fn new(store: Store, theme: Theme, today: chrono::NaiveDate, size: (u16, u16)) -> App {
        App::with_settings(
            store,
            crate::config::Settings::default(),
            theme,
            today,
            size,
        )
    }

    /// The app as the settings in effect say (key bindings, copy, export);
    /// the theme is chosen from them and the terminal's background.
    pub fn with_settings(
        store: Store,
        settings: crate::config::Settings,
        theme: Theme,
        today: chrono::NaiveDate,
        size: (u16, u16),
    ) -> App {
        let latest = store.periods.len().saturating_sub(1);
        App::with_settings_at(store, settings, theme, today, size, latest)
    }

    /// [`App::with_settings`] opened at the period at index `period` of the
    /// store's periods (`render --period`, found with
    /// [`App::period_named`]): Översikt is built once, for that period,
    /// not for the latest and then again (at national scale each build is
    /// a tenth of a second).
    pub fn with_settings_at(
        store: Store,
        settings: crate::config::Settings,
        theme: Theme,
        today: chrono::NaiveDate,
        size: (u16, u16),
        period: usize,
    ) -> App {
        let period = period.min(store.periods.len().saturating_sub(1));
        let mut app = App {
            store,
            theme,
            period,
            baseline: Baseline::default(),
            pane: PaneId::Overview,
            stacks: vec![Vec::new(); PaneId::ALL.len()],
            stale: vec![false; PaneId::ALL.len()],
            warm_failed: false,
            ahead: None,
            mode: Mode::Normal,
            message: None,
            notices: Vec::new(),
            today,
            size,
            quit: false,
            return_to: None,
            tmux_blocks: None,
            clipboard: None,
            builds: std::cell::Cell::new(0),
            settings,
            redraw: false,
            burst_at: None,
            outside_edit: None,
            notes: super::notes::Notes::none(),
            pending_notes: None,
            search: Searching::default(),
        };
        app.load_period();
        app.ensure_built(PaneId::Overview);
        if let Some(warning) = app.store.warning.clone() {
            app.message = Some(FooterMessage::FileWarning(warning));
        }
        app
    }

    pub fn period_label(&self) -> &str {
        self.store
            .periods
            .get(self.period)
            .map_or(super::strings::NO_PERIOD_LABEL, |p| p.label.as_str())
    }

    /// Selects a period by id or label; false if there is none.
    pub fn set_period(&mut self, wanted: &str) -> bool {
        let Some(i) = App::period_named(&self.store.periods, wanted) else {
            return false;
        };
        self.change_period(i);
        self.fill_in_view();
        true
    }

    /// Where the period with this id or label is among `periods`.
    pub fn period_named(periods: &[crate::data::Period], wanted: &str) -> Option<usize> {
        periods
            .iter()
            .position(|p| p.id == wanted || p.label == wanted)
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

    /// The period the one in view is compared with, if any.
    pub fn compared_with(&self) -> Option<&crate::data::Period> {
        let i = self.store.baseline(self.period, self.baseline)?;
        self.store.periods.get(i)
    }

    /// The screen in view and where it stands: what copying, export and
    /// `render --format` read.
    pub fn in_view(&self) -> InView<'_> {
        InView {
            store: &self.store,
            pane: self.pane,
            stack: self.stack(),
            period: self.store.periods.get(self.period),
            compare: self.compared_with(),
        }
    }

    /// `y`, `Y`, `e` ([`copy`]): what the footer says, and the text for the
    /// clipboard.
    /// What `y`, `Y` and `e` follow, read from the settings the app was
    /// built with at the moment of the key: no second copy of them is kept.
    fn copy_settings(&self) -> copy::CopySettings {
        copy::CopySettings {
            osc52: self.settings.copy,
            export_dir: self.settings.export_dir.clone(),
            tmux_blocks: self.tmux_blocks.clone(),
            format: self.settings.export_format,
        }
    }

    fn copied(&mut self, done: copy::Done) {
        self.message = Some(done.message);
        if done.clipboard.is_some() {
            self.clipboard = done.clipboard;
        }
    }

    fn copy_row(&mut self) {
        self.copied(copy::row(&self.in_view(), &self.copy_settings()));
    }

    fn copy_table(&mut self) {
        self.fill_whole();
        self.copied(copy::table(&self.in_view(), &self.copy_settings()));
    }

    fn export_file(&mut self) {
        self.fill_whole();
        self.copied(copy::export(&self.in_view(), &self.copy_settings()));
    }

    /// The text `y` or `Y` put up for the clipboard, once: the terminal
    /// loop sends it ([`crate::export::osc52::sequence`]).
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    fn ctx(&self) -> Option<Ctx<'_>> {
        Some(Ctx {
            store: &self.store,
            period: self.store.periods.get(self.period)?,
            compare: self.compared_with(),
            baseline: self.baseline,
            today: self.today,
            notices: &self.notices,
            notes: &self.notes.notes,
        })
    }

    pub fn view_stamp(&self) -> ViewStamp {
        let screen = self.screen();
        ViewStamp {
            period: self.period,
            baseline: self.baseline,
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

    fn build(&self, key: &ScreenKey) -> Result<Screen, FooterMessage> {
        self.build_by(|ctx| panes::build(ctx, key))
    }

    /// A screen `make` builds from the context, marked with the notes; a
    /// stop is said as one whatever error it caused.
    fn build_by(
        &self,
        make: impl FnOnce(&Ctx<'_>) -> crate::data::Result<Screen>,
    ) -> Result<Screen, FooterMessage> {
        self.builds.set(self.builds.get() + 1);
        let ctx = self.ctx().ok_or(FooterMessage::NoPeriods)?;
        self.store.take_stopped();
        let built = make(&ctx).and_then(|mut screen| {
            // A read stopped whose error was not passed on (a fallback
            // taken instead) may have left the screen short of a figure.
            if self.store.take_stopped() {
                return Err(crate::data::ReadError::Cancelled);
            }
            self.notes.mark(&mut screen);
            self.follow_up_keys(&mut screen);
            Ok(screen)
        });
        built.map_err(|e| {
            // A query stopped while SQLite was still preparing it can fail
            // with another error than the interruption: it was a stop all
            // the same.
            if self.store.take_stopped() {
                FooterMessage::Cancelled
            } else {
                e.into()
            }
        })
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
            Err(e) => self.message = Some(e.into()),
        }
    }

    /// Builds a pane's root screen if it has none, or rebuilds it if it was
    /// built for another period.
    fn ensure_built(&mut self, pane: PaneId) {
        let i = pane.index();
        if self.stacks[i].is_empty() {
            match self.build(&pane.root()) {
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
    fn rebuild(&mut self, pane: PaneId) -> Result<(), FooterMessage> {
        let i = pane.index();
        let mut new = Vec::with_capacity(self.stacks[i].len());
        for screen in &self.stacks[i] {
            let mut fresh = self.build(&screen.key)?;
            fresh.keep_place_of(screen);
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
        self.load_period();
        if let Err(e) = self.rebuild_all() {
            // Stay on the period whose screens are still shown.
            (self.period, self.notices, self.stale) = before;
            self.message = Some(e);
        }
    }

    /// `c`: compare with the previous report, or with the same period last
    /// year. Every pane follows, as with a period switch.
    fn change_baseline(&mut self) {
        let before = (self.baseline, self.stale.clone());
        self.baseline = self.baseline.next();
        if let Err(e) = self.rebuild_all() {
            (self.baseline, self.stale) = before;
            self.message = Some(e);
        }
    }

    /// After a change every screen depends on: the pane in view now, the
    /// others when opened or warmed.
    fn rebuild_all(&mut self) -> Result<(), FooterMessage> {
        self.warm_failed = false;
        for s in &mut self.stale {
            *s = true;
        }
        self.rebuild(self.pane)
    }

    /// Whether there is work to do while the user reads: a pane left on
    /// another period, a pane not built yet, or the reads of the periods
    /// either side of the one in view (for `[` and `]`). Each is done once,
    /// so after the warm-up this is false and the cockpit is idle.
    pub fn can_warm(&self) -> bool {
        self.search.stopped
            || !self.warm_failed
                && (self.cold_pane().is_some() || self.neighbour_to_warm().is_some())
    }

    /// A pane left on another period (those the user visited first), else
    /// one not built yet, in tab order: Ekonomi, the likeliest next, first;
    /// Mål before Uppdrag, which reuses its goal tree.
    fn cold_pane(&self) -> Option<PaneId> {
        let others = || PaneId::ALL.into_iter().filter(|p| *p != self.pane);
        let built = |p: &PaneId| !self.stacks[p.index()].is_empty();
        (others().find(|p| self.stale[p.index()] && built(p)))
            .or_else(|| others().find(|p| !built(p)))
    }

    fn place(&self) -> Place {
        Place {
            period: self.period,
            baseline: self.baseline,
            pane: self.pane,
            depth: self.stack().len(),
        }
    }

    /// The next period either side of the one in view whose reads are not
    /// warmed for the place in view: the previous first (`[` is the
    /// likelier), then the next.
    fn neighbour_to_warm(&self) -> Option<usize> {
        // Not while a prompt or an overlay is open: the search prompt's
        // live hits change with every key, and a period switch waits.
        if self.mode != Mode::Normal {
            return None;
        }
        let done = match self.ahead {
            Some((place, done)) if place == self.place() => done,
            _ => 0,
        };
        let neighbours = [self.period.checked_sub(1), Some(self.period + 1)];
        neighbours
            .into_iter()
            .skip(usize::from(done))
            .flatten()
            .find(|p| *p < self.store.periods.len())
    }

    /// One step of the work done while nothing waits, so that the next key
    /// finds its screen or its reads ready: a pane left on the previous
    /// period rebuilt; a pane not yet visited built (after the first frame,
    /// so that its first visit costs no queries); the screens of the pane
    /// in view built for the period either side and thrown away, which
    /// leaves their reads kept by the store ([`crate::data::memo`]) for
    /// `[` and `]`. The event loop calls this while no input waits, one step
    /// at a time, and any input stops a step's query. Nothing on screen
    /// changes. A step interrupted by input is done again after it; a
    /// failed one stops the warm-up until the next period switch.
    pub fn warm_one(&mut self) {
        if std::mem::take(&mut self.search.stopped) {
            self.preview_search();
            return;
        }
        if self.warm_failed {
            return;
        }
        // Input waits for none of it: queries ask often whether to stop,
        // and the Rust between them gives way too (`Store::give_way`).
        self.store.set_yielding(true);
        self.warm_step();
        self.store.set_yielding(false);
    }

    fn warm_step(&mut self) {
        if let Some(pane) = self.cold_pane() {
            let warmed = if self.stacks[pane.index()].is_empty() {
                self.build(&pane.root()).map(|screen| {
                    self.stacks[pane.index()].push(screen);
                    self.stale[pane.index()] = false;
                })
            } else {
                self.rebuild(pane)
            };
            match warmed {
                // Interrupted by input: the loop handles it and warms on after.
                Err(FooterMessage::Cancelled) | Ok(()) => {}
                Err(_) => self.warm_failed = true,
            }
        } else if let Some(period) = self.neighbour_to_warm() {
            match self.warm_period(period) {
                Err(FooterMessage::Cancelled) => {}
                Err(_) => self.warm_failed = true,
                Ok(()) => {
                    let place = self.place();
                    let done = match self.ahead {
                        Some((at, done)) if at == place => done,
                        _ => 0,
                    };
                    // The previous period counted as done where there is none.
                    let step = if period > self.period { 2 } else { 1 };
                    self.ahead = Some((place, done.max(step)));
                }
            }
        }
    }

    /// The pane in view's screens built for `period` and dropped: what
    /// stays is what the store keeps of the period's reads.
    fn warm_period(&self, period: usize) -> Result<(), FooterMessage> {
        let stopped = |e: crate::data::ReadError| {
            if self.store.take_stopped() {
                FooterMessage::Cancelled
            } else {
                e.into()
            }
        };
        self.store.take_stopped();
        let notices = (self.store.notices(&self.store.periods[period].id)).map_err(stopped)?;
        let ctx = Ctx {
            store: &self.store,
            period: &self.store.periods[period],
            compare: (self.store.baseline(period, self.baseline))
                .and_then(|i| self.store.periods.get(i)),
            baseline: self.baseline,
            today: self.today,
            notices: &notices,
            notes: &[],
        };
        for screen in self.stack() {
            panes::build(&ctx, &screen.key).map_err(stopped)?;
            self.store.give_way().map_err(stopped)?;
        }
        Ok(())
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.keep_visible();
        self.fill_in_view();
    }

    /// Reads the rows in view that their pane left pending
    /// ([`super::screen::Row::pending`]): a table of thousands of rows reads
    /// those shown, when they are shown.
    fn fill_in_view(&mut self) {
        let page = self.viewport();
        if let Some(from) = self.screen().map(|s| s.offset) {
            self.fill(from..from.saturating_add(page));
        }
    }

    /// Reads every pending row of the screen in view: for what takes the
    /// whole table (a copy of it, an export, the next exception).
    pub fn fill_whole(&mut self) {
        self.fill(0..usize::MAX);
    }

    fn fill(&mut self, rows: std::ops::Range<usize>) {
        let i = self.pane.index();
        let Some(mut screen) = self.stacks[i].pop() else {
            return;
        };
        self.store.take_stopped();
        let filled = match self.ctx() {
            Some(ctx) => panes::fill(&ctx, &mut screen, rows),
            None => Ok(false),
        };
        match filled {
            Ok(true) => self.notes.remark(&mut screen),
            Ok(false) => {}
            Err(_) if self.store.take_stopped() => self.message = Some(FooterMessage::Cancelled),
            Err(e) => self.message = Some(e.into()),
        }
        self.stacks[i].push(screen);
    }

    /// Rows (or, on a detail, lines) one page shows, as drawn.
    pub fn viewport(&self) -> usize {
        self.screen()
            .map_or(1, |screen| layout::page(screen, self.size))
    }

    fn keep_visible(&mut self) {
        let viewport = self.viewport();
        let last_offset = self
            .screen()
            .map_or(0, |s| layout::last_offset(s, self.size, &self.theme));
        if let Some(screen) = self.screen_mut() {
            match screen.body {
                // Scrolled by line, not by a selection.
                Body::Detail(_) | Body::Chart(_) => screen.offset = screen.offset.min(last_offset),
                _ => screen.show_selected(viewport),
            }
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.key(key);
        self.fill_in_view();
    }

    fn key(&mut self, key: KeyEvent) {
        self.message = None;
        match &mut self.mode {
            Mode::Help(_) => {
                // Moving keys scroll the list; any other key closes it.
                let action = self.settings.keymap.action_for(&key, self.pane);
                let lines = self.settings.keymap.help_lines(self.pane).len();
                let delta = match action {
                    Some(Action::Down) => 1,
                    Some(Action::Up) => -1,
                    Some(Action::HalfPageDown) => (self.help_page() / 2) as isize,
                    Some(Action::HalfPageUp) => -((self.help_page() / 2) as isize),
                    Some(Action::PageDown) => self.help_page() as isize,
                    Some(Action::PageUp) => -(self.help_page() as isize),
                    Some(Action::Bottom) => lines as isize,
                    Some(Action::Top) => -(lines as isize),
                    _ => return self.mode = Mode::Normal,
                };
                self.scroll_help(delta);
            }
            Mode::Search(query) => match key.code {
                KeyCode::Esc => self.close_prompt(),
                KeyCode::Enter => {
                    let query = query.trim().to_string();
                    if query.is_empty() {
                        self.close_prompt();
                    } else {
                        self.search(query);
                    }
                }
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.close_prompt()
                }
                KeyCode::Up => self.recall(true),
                KeyCode::Down => self.recall(false),
                KeyCode::Char('p') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.recall(true)
                }
                KeyCode::Char('n') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.recall(false)
                }
                _ => {
                    if edit_prompt(query, &key) {
                        self.search.recall = None;
                        self.preview_search();
                    }
                }
            },
            Mode::Confirm(action) => {
                let action = *action;
                self.mode = Mode::Normal;
                if matches!(key.code, KeyCode::Char('j' | 'J'))
                    && key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
                {
                    self.apply(action);
                } else {
                    self.message = Some(FooterMessage::WriteCancelled);
                }
            }
            Mode::Note(editor) => match editor.key(key) {
                Outcome::Stay => {}
                Outcome::Close => self.mode = Mode::Normal,
                Outcome::Save => self.save_note(),
                Outcome::Outside => self.outside_edit = Some(editor.text()),
            },
            Mode::Normal => {
                if self.follow_up_filter(&key) {
                    return;
                }
                if let Some(action) = self.settings.keymap.action_for(&key, self.pane) {
                    if action.writes_file() && self.just_after_burst() {
                        self.mode = Mode::Confirm(action);
                    } else {
                        self.apply(action);
                    }
                }
            }
        }
    }

    /// Whether `event` ends the cockpit where it is now: Ctrl-C, or a key
    /// bound to quit outside a prompt.
    pub fn is_way_out(&self, event: &Event) -> bool {
        let Event::Key(key) = event else {
            return false;
        };
        if key.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        ctrl_c
            || (self.mode == Mode::Normal
                && self.settings.keymap.action_for(key, self.pane) == Some(Action::Quit))
    }

    /// The note's text to hand to the user's editor, asked for by Ctrl-E;
    /// asking clears it.
    pub fn take_outside_edit(&mut self) -> Option<String> {
        self.outside_edit.take()
    }

    /// What the user's editor left: the note editor's text, or why it is
    /// as it was.
    pub fn edited_outside(&mut self, result: Result<String, String>) {
        match (result, &mut self.mode) {
            (Ok(text), Mode::Note(editor)) => {
                // An editor leaves a line break at the end of the file.
                editor.set_text(text.strip_suffix('\n').unwrap_or(&text));
            }
            (Err(why), _) => self.message = Some(FooterMessage::NotesUnavailable(why)),
            (Ok(_), _) => {}
        }
    }

    /// Input that came faster than a person types arrived `at`
    /// ([`super::burst`]): for a while, an action that writes a file asks
    /// first.
    pub fn typed_ahead(&mut self, at: std::time::Instant) {
        self.burst_at = Some(at);
    }

    fn just_after_burst(&self) -> bool {
        self.burst_at
            .is_some_and(|at| at.elapsed() < ASK_AFTER_BURST)
    }

    /// Selects row `i` of the screen in view, as a click does; a heading
    /// or a row past the end is not selectable.
    fn select_row(&mut self, i: usize) {
        let page = self.viewport();
        if let Some(screen) = self.screen_mut()
            && screen.rows().get(i).is_some_and(|r| !r.heading)
        {
            screen.select(i, page);
        }
    }

    /// Whether Ctrl-L asked for the whole screen to be sent again; asking
    /// clears it. The terminal loop draws every cell when it is set.
    pub fn take_redraw(&mut self) -> bool {
        std::mem::take(&mut self.redraw)
    }

    /// Uses these notes from now on: marks every screen anew and says once
    /// why notes are unavailable, if they are.
    pub fn set_notes(&mut self, notes: super::notes::Notes) {
        if let Some(why) = &notes.unavailable {
            self.message = Some(FooterMessage::NotesUnavailable(why.swedish()));
        }
        self.notes = notes;
        // Screens built so far carry no marks: only notes can change them.
        if !self.notes.notes.is_empty() {
            self.remark();
        }
    }

    /// Opens this notes file later: the terminal loop calls
    /// [`App::open_pending_notes`] after the first frame, so reading
    /// thousands of notes never delays it.
    pub fn notes_later(&mut self, path: std::path::PathBuf) {
        self.pending_notes = Some(path);
    }

    /// Opens the notes file [`App::notes_later`] named, if any, and marks
    /// the screens built so far; true if it did.
    pub fn open_pending_notes(&mut self) -> bool {
        let Some(path) = self.pending_notes.take() else {
            return false;
        };
        let organisation = self.store.meta.organisation.clone();
        self.set_notes(super::notes::Notes::open(&path, &organisation));
        true
    }

    /// Marks every built screen anew from the notes, without reading the
    /// snapshot again; Att följa upp, which lists the notes, is rebuilt.
    fn remark(&mut self) {
        let mut lists = Vec::new();
        for (p, stack) in self.stacks.iter_mut().enumerate() {
            for (s, screen) in stack.iter_mut().enumerate() {
                if matches!(screen.key, ScreenKey::FollowUp(_)) {
                    lists.push((p, s));
                } else {
                    self.notes.remark(screen);
                }
            }
        }
        for (p, s) in lists {
            let old = &self.stacks[p][s];
            match self.build(&old.key) {
                Ok(mut fresh) => {
                    fresh.keep_place_of(old);
                    self.stacks[p][s] = fresh;
                }
                Err(e) => self.message = Some(e),
            }
        }
    }

    /// On Att följa upp, the filter keys of the panes that filter: the
    /// next flag (`f`) or unit (`u`). True if the key was one.
    fn follow_up_filter(&mut self, key: &KeyEvent) -> bool {
        let Some(ScreenKey::FollowUp(current)) = self.screen().map(|s| &s.key) else {
            return false;
        };
        let wanted = [Action::Filter, Action::ChooseUnit];
        let Some(action) = self.settings.keymap.pane_action_for(key, &wanted) else {
            return false;
        };
        let next = current.next(action == Action::ChooseUnit, &self.notes.notes);
        self.replace_top(ScreenKey::FollowUp(next));
        true
    }

    /// Att följa upp's caption names its filter keys as the keymap binds them.
    fn follow_up_keys(&self, screen: &mut Screen) {
        let (ScreenKey::FollowUp(_), Body::Table(table)) = (&screen.key, &mut screen.body) else {
            return;
        };
        let keymap = &self.settings.keymap;
        let keys: Vec<String> = [(Action::Filter, "flagga"), (Action::ChooseUnit, "enhet")]
            .into_iter()
            .filter_map(|(a, what)| keymap.pane_action_key(a).map(|k| format!("{k} {what}")))
            .collect();
        if keys.is_empty() {
            return;
        }
        if let Some(caption) = table.caption.take() {
            table.caption =
                Some(caption.push(format!(" · {}", keys.join(" · ")), super::theme::Sem::Dim));
        }
    }

    /// `a`: the editor for the selected row's note (its newest, or a new one).
    fn open_editor(&mut self) {
        self.open_pending_notes();
        if !self.notes.is_open() {
            self.message = Some(FooterMessage::NotesUnavailable(self.notes.why_not()));
            return;
        }
        let Some(screen) = self.screen() else {
            return;
        };
        let Some(subject) = panes::noted::of_selection(screen) else {
            self.message = Some(FooterMessage::NoNoteHere);
            return;
        };
        let row = screen.selected_row();
        let figure = match row {
            Some(row) => panes::noted::figure(screen, row),
            None => panes::noted::page_figure(screen),
        };
        let about = self.about(
            &subject,
            row.map(|r| r.cells.first()).unwrap_or_default(),
            &screen.title,
        );
        let newest = self.notes.on(&subject).last().map(|n| (*n).clone());
        let editor = match newest {
            Some(note) => super::notes::editor::Editor::new(
                subject,
                about,
                figure,
                Some((note.id.clone(), note.revision)),
                &note.text,
                note.flag,
            ),
            None => super::notes::editor::Editor::new(subject, about, figure, None, "", None),
        };
        self.mode = Mode::Note(Box::new(editor));
    }

    /// What a subject is, in words: its unit and line by their names where
    /// it has them, else the row's name as shown (without a note's mark).
    fn about(
        &self,
        subject: &crate::notes::Subject,
        name: Option<&super::screen::Cell>,
        title: &str,
    ) -> String {
        use crate::notes::Kind;
        let store = &self.store;
        match (subject.kind, subject.ids.as_slice()) {
            (Kind::Unit, [unit]) => store.unit_name(unit),
            (Kind::CostType, [unit, ct]) => format!(
                "{} · {}",
                store.unit_name(unit),
                store.cost_type(ct).map_or(ct.as_str(), |c| c.name.as_str())
            ),
            _ => name.map_or_else(
                || title.to_string(),
                |cell| {
                    let text = cell.text();
                    let mark = format!(
                        " {} ",
                        self.theme.symbols().glyph(super::screen::Glyph::Note)
                    );
                    text.split(&mark)
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_string()
                },
            ),
        }
    }

    /// Ctrl-S in the editor: saves, closes it and marks the rows anew.
    fn save_note(&mut self) {
        let Mode::Note(editor) = &self.mode else {
            return;
        };
        let period = self.store.periods.get(self.period);
        let draft = crate::notes::Draft {
            base: editor.base.clone(),
            organisation: self.store.meta.organisation.clone(),
            subject: editor.subject.clone(),
            about: editor.about.clone(),
            text: editor.text(),
            flag: editor.flag,
            period: period.map(|p| p.id.clone()).unwrap_or_default(),
            period_label: period.map(|p| p.label.clone()).unwrap_or_default(),
            report_date: self.store.meta.created_at.clone(),
            figure: editor.figure.clone(),
        };
        match self.notes.save(&draft) {
            Ok(saved) => {
                self.mode = Mode::Normal;
                self.remark();
                self.message = Some(FooterMessage::NoteSaved(matches!(
                    saved,
                    crate::notes::Saved::KeptBoth(_)
                )));
            }
            // The editor stays open with the text: nothing typed is lost.
            Err(e) => self.message = Some(FooterMessage::NotesUnavailable(e.swedish())),
        }
    }

    /// Pasted text (or keys that came all at once, [`super::burst`]):
    /// typed into the note editor, or into the search prompt (line breaks
    /// and other control characters as spaces, up to [`SEARCH_MAX`]);
    /// dropped as a whole anywhere else with one line saying so, so that a
    /// paste can never act as a run of keys.
    pub fn paste(&mut self, text: &str) {
        if let Mode::Note(editor) = &mut self.mode {
            editor.paste(text);
            return;
        }
        if !matches!(self.mode, Mode::Search(_)) {
            self.mode = Mode::Normal;
            self.message = Some(FooterMessage::BurstDropped(text.chars().count()));
            return;
        }
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
            self.search.recall = None;
            self.preview_search();
        }
    }

    /// Enter in the prompt: shows the hits for `query` (the live list,
    /// if it is this query's); with exactly one, goes straight to it. The
    /// query joins the history and its hits are what `n` and `N` walk.
    fn search(&mut self, query: String) {
        self.mode = Mode::Normal;
        self.search.stopped = false;
        if self.search.history.last() != Some(&query) {
            self.search.history.push(query.clone());
        }
        self.search.recall = None;
        // The live list may show only the first hits: the whole list now,
        // from the rows it built where it is this query's.
        let shown = (self.search.shown.take()).filter(|(typed, _)| *typed == query);
        if std::mem::take(&mut self.search.live) {
            self.stacks[self.pane.index()].pop();
        }
        let key = panes::SearchKey {
            query: query.clone(),
        };
        match shown {
            Some((_, rows)) => match self.build_by(|ctx| panes::search_complete(ctx, &key, rows)) {
                Ok(screen) => {
                    self.stacks[self.pane.index()].push(screen);
                    self.keep_visible();
                }
                Err(e) => self.message = Some(e),
            },
            None => self.navigate(Nav::Push(ScreenKey::Search(key))),
        }
        let Some(screen) = self
            .screen()
            .filter(|s| matches!(s.key, ScreenKey::Search(_)))
        else {
            return;
        };
        // A hit with figures in the period searched in is found there
        // again by `n`, whatever period an earlier hit switched to.
        let here = self.store.periods.get(self.period).map(|p| p.id.clone());
        let hits: Vec<Nav> = screen
            .rows()
            .iter()
            .filter_map(|r| match r.drill.clone()? {
                Nav::Found { period: None, jump } => Some(Nav::Found {
                    period: here.clone(),
                    jump,
                }),
                nav => Some(nav),
            })
            .collect();
        let single = panes::single_hit(screen);
        self.search.hits = Some((query, hits));
        self.search.at = None;
        if let Some(nav) = single {
            self.stacks[self.pane.index()].pop();
            self.search.at = Some(0);
            self.navigate(nav);
        }
    }

    /// The prompt's text changed: the hits for it, shown under the prompt
    /// as it is typed, replacing the previous text's (none for no text).
    fn preview_search(&mut self) {
        self.search.stopped = false;
        let Mode::Search(query) = &self.mode else {
            return;
        };
        let query = query.trim().to_string();
        if std::mem::take(&mut self.search.live) {
            self.stacks[self.pane.index()].pop();
        }
        self.search.shown = None;
        if query.is_empty() {
            self.keep_visible();
            return;
        }
        let key = panes::SearchKey { query };
        let rows = usize::from(self.size.1);
        let mut built = None;
        let preview = self.build_by(|ctx| {
            let screen = panes::search_preview(ctx, &key, rows)?;
            built = Some(screen.rows().to_vec());
            Ok(screen)
        });
        match preview {
            Ok(screen) => {
                self.stacks[self.pane.index()].push(screen);
                self.search.live = true;
                self.search.shown = built.map(|rows| (key.query, rows));
            }
            // Stopped by the next key, or by Esc: nothing to say.
            Err(FooterMessage::Cancelled) => self.search.stopped = true,
            Err(e) => self.message = Some(e),
        }
        self.keep_visible();
    }

    /// Whether `key` only edits the search prompt's text (and so rebuilds
    /// its live hits, which the next key may stop): not Enter, whose whole
    /// list is built to the end, nor a key that closes the prompt.
    pub fn only_edits_the_prompt(&self, key: &KeyEvent) -> bool {
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        matches!(self.mode, Mode::Search(_))
            && !matches!(key.code, KeyCode::Enter | KeyCode::Esc)
            && !ctrl_c
    }

    /// Esc in the prompt: closed, and the live hits with it.
    fn close_prompt(&mut self) {
        self.mode = Mode::Normal;
        self.search.recall = None;
        self.search.shown = None;
        self.search.stopped = false;
        if std::mem::take(&mut self.search.live) {
            self.stacks[self.pane.index()].pop();
            self.keep_visible();
        }
    }

    /// Up (`older`) or Down in the prompt: an earlier search of this
    /// session in its place, as a shell's history; past the newest, what
    /// was typed before.
    fn recall(&mut self, older: bool) {
        let Mode::Search(query) = &mut self.mode else {
            return;
        };
        let history = &self.search.history;
        let (at, typed) = match self.search.recall.take() {
            Some(state) => state,
            None if older && !history.is_empty() => (history.len(), query.clone()),
            None => return,
        };
        let next = if older { at.saturating_sub(1) } else { at + 1 };
        if next >= history.len() {
            *query = typed;
        } else {
            *query = history[next].clone();
            self.search.recall = Some((next, typed));
        }
        self.preview_search();
    }

    /// `n` (`forward`) or `N`: the last search's next or previous hit,
    /// landed on as Enter on it would, wrapping at either end. Esc still
    /// goes back to where the search began.
    fn step_match(&mut self, forward: bool) {
        let Some((query, hits)) = &self.search.hits else {
            self.message = Some(FooterMessage::NoSearch);
            return;
        };
        if hits.is_empty() {
            self.message = Some(FooterMessage::NoMatches(query.clone()));
            return;
        }
        let n = hits.len();
        let at = match (self.search.at, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        let (query, nav) = (query.clone(), hits[at].clone());
        let began = self.return_to.take();
        let period = self.period;
        self.navigate(nav);
        if let (Some(began), Some(now)) = (began, self.return_to.as_mut()) {
            // Where the search began, not the previous hit.
            now.pane = began.pane;
            now.period = began.period;
            now.stack = began.stack;
        }
        self.search.at = Some(at);
        let switched = match &self.message {
            Some(FooterMessage::PeriodSwitched(label)) => {
                (self.period != period).then(|| label.clone())
            }
            None => None,
            Some(_) => return,
        };
        self.message = Some(FooterMessage::Match {
            at: at + 1,
            of: n,
            query,
            switched,
        });
    }

    /// Whether a search was made this session: `n` and `N` have hits to
    /// walk, and the footer names them.
    pub fn has_searched(&self) -> bool {
        self.search.hits.is_some()
    }

    /// Lines one page of the help overlay moves: as many as it shows.
    fn help_page(&self) -> usize {
        usize::from(self.size.1.saturating_sub(2)).max(1)
    }

    /// Scrolls the help overlay by `delta` lines, within its length.
    fn scroll_help(&mut self, delta: isize) {
        let lines = self.settings.keymap.help_lines(self.pane).len();
        if let Mode::Help(offset) = &mut self.mode {
            *offset = offset.saturating_add_signed(delta).min(lines);
        }
    }

    /// Carries out what a mouse event asks for ([`super::mouse::gesture`]).
    pub fn apply_gesture(&mut self, gesture: Gesture) {
        self.message = None;
        match (&self.mode, gesture) {
            // The mouse does not edit a note or search text.
            (Mode::Search(_) | Mode::Note(_), _) => {}
            // A write that asks first is answered with a key only.
            (Mode::Confirm(_), _) => {}
            (Mode::Help(_), Gesture::Scroll(delta)) => self.scroll_help(delta),
            // A click closes the help, as a key does.
            (Mode::Help(_), _) => self.mode = Mode::Normal,
            (Mode::Normal, Gesture::Scroll(delta)) => self.move_by(delta),
            (Mode::Normal, Gesture::Tab(pane)) => self.apply(Action::Pane(pane)),
            (Mode::Normal, Gesture::Back) => self.apply(Action::Back),
            (Mode::Normal, Gesture::Row(i)) => {
                if self.screen().is_some_and(|s| s.selected == i) {
                    self.apply(Action::Drill);
                } else {
                    self.select_row(i);
                }
            }
        }
        self.fill_in_view();
    }

    pub fn apply(&mut self, action: Action) {
        self.act(action);
        self.fill_in_view();
    }

    fn act(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::NextPane => self.switch_pane(self.pane_after(1)),
            Action::PrevPane => self.switch_pane(self.pane_after(PaneId::ALL.len() - 1)),
            Action::Pane(pane) => self.switch_pane(pane),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.viewport() as isize)),
            Action::PageDown => self.move_by(self.viewport() as isize),
            Action::HalfPageUp => self.move_by(-(self.half_page() as isize)),
            Action::HalfPageDown => self.move_by(self.half_page() as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Drill => self.drill(),
            Action::Detail => self.follow(|row| row.detail.clone()),
            Action::Back => {
                let stack = &mut self.stacks[self.pane.index()];
                if stack.len() > 1 {
                    stack.pop();
                    self.keep_visible();
                } else {
                    self.go_back_from_hit();
                }
            }
            // A pane may know exceptions the rows in view do not show.
            Action::NextException if !self.pane_action(action) => self.exception(true),
            Action::PrevException if !self.pane_action(action) => self.exception(false),
            Action::NextException | Action::PrevException => {}
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::Search => self.mode = Mode::Search(String::new()),
            Action::Help => self.mode = Mode::Help(0),
            Action::PrevPeriod => {
                self.return_to = None;
                self.change_period(self.period.saturating_sub(1))
            }
            Action::NextPeriod => {
                self.return_to = None;
                self.change_period(self.period + 1)
            }
            Action::Compare => {
                self.return_to = None;
                self.change_baseline()
            }
            Action::CopyRow => self.copy_row(),
            Action::CopyTable => self.copy_table(),
            Action::Export => self.export_file(),
            Action::Note => self.open_editor(),
            Action::FollowUp => {
                self.open_pending_notes();
                self.navigate(Nav::Push(
                    ScreenKey::FollowUp(panes::FollowUpKey::default()),
                ))
            }
            // The terminal loop suspends before the app sees the key.
            Action::Suspend => {}
            Action::Redraw => self.redraw = true,
            Action::Toggle
            | Action::ToggleAll
            | Action::Frames
            | Action::Investments
            | Action::Sort
            | Action::Filter
            | Action::FilterRecipient
            | Action::Deadlines
            | Action::ChooseUnit
            | Action::Changes => {
                self.pane_action(action);
            }
        }
    }

    /// Half a page, as Ctrl-D and Ctrl-U move: at least one row.
    fn half_page(&self) -> usize {
        (self.viewport() / 2).max(1)
    }

    /// The pane `steps` tabs to the right, wrapping.
    fn pane_after(&self, steps: usize) -> PaneId {
        PaneId::ALL[(self.pane.index() + steps) % PaneId::ALL.len()]
    }

    /// Enter: where the row leads; a tree row opens or closes; else its detail.
    fn drill(&mut self) {
        let Some(row) = self.screen().and_then(Screen::selected_row) else {
            return;
        };
        if let Some(nav) = row.drill.clone() {
            self.note_hit_opened();
            self.navigate(nav);
        } else if row.expanded.is_some() {
            self.pane_action(Action::Toggle);
        } else {
            self.follow(|row| row.detail.clone());
        }
    }

    /// A hit opened from the list of hits is where `n` and `N` go on from,
    /// as a match moved to is in less: the hits are the list's rows that
    /// lead somewhere, in its order.
    fn note_hit_opened(&mut self) {
        let Some(screen) = self
            .screen()
            .filter(|s| matches!(s.key, ScreenKey::Search(_)))
        else {
            return;
        };
        if self.search.hits.is_none() {
            return;
        }
        let at = screen.rows()[..screen.selected.min(screen.rows().len())]
            .iter()
            .filter(|r| r.drill.is_some())
            .count();
        self.search.at = Some(at);
    }

    /// Goes where `to` says the selected row leads, if anywhere.
    fn follow(&mut self, to: impl FnOnce(&super::screen::Row) -> Option<Nav>) {
        if let Some(nav) = self.screen().and_then(Screen::selected_row).and_then(to) {
            self.navigate(nav);
        }
    }

    /// An action the pane in view carries out on its top screen; false if
    /// it does nothing with it there.
    fn pane_action(&mut self, action: Action) -> bool {
        let effect = {
            let (Some(ctx), Some(screen)) = (self.ctx(), self.screen()) else {
                return false;
            };
            panes::act(&ctx, &screen.key, screen.selected_row(), action)
        };
        match effect {
            Some(Effect::Replace(key)) => self.replace_top(key),
            Some(Effect::Show(key, id)) => {
                self.replace_top(key);
                let page = self.viewport();
                if let Some(screen) = self.screen_mut()
                    && let Some(i) = screen.rows().iter().position(|r| r.id == id)
                {
                    screen.select(i, page);
                }
            }
            Some(Effect::Go(nav)) => self.navigate(nav),
            Some(Effect::Say(status)) => self.message = Some(status),
            None => return false,
        }
        true
    }

    fn switch_pane(&mut self, pane: PaneId) {
        let before = self.pane;
        self.pane = pane;
        self.ensure_built(pane);
        if self.stacks[pane.index()].is_empty() && self.message == Some(FooterMessage::Cancelled) {
            // Cancelled while building: stay where the user was.
            self.pane = before;
        }
        self.keep_visible();
    }

    fn move_by(&mut self, delta: isize) {
        let viewport = self.viewport();
        let last_offset = self
            .screen()
            .map_or(0, |s| layout::last_offset(s, self.size, &self.theme));
        let Some(screen) = self.screen_mut() else {
            return;
        };
        if let Body::Detail(_) | Body::Chart(_) = screen.body {
            screen.offset = screen.offset.saturating_add_signed(delta).min(last_offset);
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
        screen.select(target, viewport);
    }

    /// Rebuilds the top screen under a changed key, keeping the selection.
    fn replace_top(&mut self, key: ScreenKey) {
        match self.build(&key) {
            Ok(mut fresh) => {
                let i = self.pane.index();
                if let Some(old) = self.stacks[i].pop() {
                    fresh.keep_place_of(&old);
                }
                self.stacks[i].push(fresh);
                self.keep_visible();
            }
            Err(e) => self.message = Some(e),
        }
    }

    pub fn navigate(&mut self, nav: Nav) {
        match nav {
            Nav::Found { period, jump } => self.land(period, *jump),
            Nav::Pick(key) => {
                let stack = &mut self.stacks[self.pane.index()];
                if stack.len() > 1 {
                    stack.pop();
                }
                self.replace_top(key);
            }
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
                if let (Some(id), Some(last)) = (select, screens.last_mut())
                    && !last.select_id(&id)
                {
                    self.message = Some(FooterMessage::NotShown);
                }
                self.pane = pane;
                self.stacks[pane.index()] = screens;
                self.stale[pane.index()] = false;
                self.ensure_built(pane);
                self.keep_visible();
            }
        }
    }

    /// Goes to a search hit: to its period first where it has no figures
    /// in this one, then to its row, remembering where the search began.
    fn land(&mut self, period: Option<String>, jump: Nav) {
        let origin = ReturnPoint {
            pane: self.pane,
            period: self.period,
            stack: self.stack().to_vec(),
            landed: self.pane,
        };
        let mut switched = None;
        if let Some(id) = period {
            let Some(i) = self.store.periods.iter().position(|p| p.id == id) else {
                self.message = Some(FooterMessage::NotShown);
                return;
            };
            self.change_period(i);
            if self.period != i {
                return; // the switch failed and said why
            }
            switched = Some(FooterMessage::PeriodSwitched(
                self.period_label().to_string(),
            ));
        }
        self.navigate(jump);
        if self.message.is_none() {
            self.message = switched;
        }
        self.return_to = Some(ReturnPoint {
            landed: self.pane,
            ..origin
        });
    }

    /// Esc at the root of a search hit's pane: back to where the search
    /// began, in its period, with its screens.
    fn go_back_from_hit(&mut self) {
        if self
            .return_to
            .as_ref()
            .is_none_or(|r| r.landed != self.pane)
        {
            return;
        }
        let Some(back) = self.return_to.take() else {
            return;
        };
        self.change_period(back.period);
        if self.period != back.period {
            return;
        }
        let i = back.pane.index();
        self.stacks[i] = back.stack;
        self.stale[i] = false;
        self.pane = back.pane;
        self.ensure_built(back.pane);
        self.keep_visible();
    }

    fn exception(&mut self, forward: bool) {
        self.fill_whole();
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
            Some(i) => screen.select(i, viewport),
            None => self.message = Some(FooterMessage::NoExceptions),
        }
    }
}

/// A key that edits the search prompt's text as a shell line: Backspace,
/// Ctrl-W (the last word), Ctrl-U (the line), a character. True if the
/// text changed; other control keys type nothing.
fn edit_prompt(query: &mut String, key: &KeyEvent) -> bool {
    let before = query.len();
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Backspace => {
            query.pop();
        }
        KeyCode::Char('w') if ctrl => {
            let kept = query.trim_end().rfind(' ').map_or(0, |i| i + 1);
            query.truncate(kept);
        }
        KeyCode::Char('u') if ctrl => query.clear(),
        KeyCode::Char(_) if ctrl => {}
        KeyCode::Char(c) if query.chars().count() < SEARCH_MAX => query.push(c),
        _ => {}
    }
    query.len() != before
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
    fn q_is_a_way_out_outside_a_prompt_and_ctrl_c_everywhere() {
        let (mut app, _) = app_with_cancel();
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        let q = Event::Key(key('q'));
        assert!(app.is_way_out(&q));
        assert!(app.is_way_out(&ctrl_c));
        assert!(!app.is_way_out(&Event::Key(key('j'))));
        app.handle_key(key('/'));
        assert!(!app.is_way_out(&q), "text in the prompt");
        assert!(app.is_way_out(&ctrl_c));
    }

    #[test]
    fn a_paste_types_into_the_search_prompt_and_nowhere_else() {
        let (mut app, _) = app_with_cancel();
        let before = (app.pane, app.period, app.screen().map(|s| s.selected));
        app.paste("jjj2\r\nq");
        let after = (app.pane, app.period, app.screen().map(|s| s.selected));
        assert_eq!(after, before, "ignored outside the prompt");
        assert_eq!(
            app.message,
            Some(FooterMessage::BurstDropped(7)),
            "and said so"
        );
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
    fn a_cancelled_period_switch_keeps_the_period_and_its_screens() {
        let (mut app, stop) = app_with_cancel();
        app.apply(Action::Pane(PaneId::Economy));
        let (period, rows) = (app.period, app.screen().unwrap().rows().len());
        stop.store(true, Ordering::Relaxed);
        app.apply(Action::PrevPeriod);
        assert_eq!(app.message, Some(FooterMessage::Cancelled));
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
        assert_eq!(app.message, Some(FooterMessage::Cancelled));
        let depth = app.stack().len();
        app.apply(Action::Drill);
        assert_eq!(app.stack().len(), depth);
        stop.store(false, Ordering::Relaxed);
        app.apply(Action::Pane(PaneId::Goals));
        assert_eq!(app.pane, PaneId::Goals);
        assert!(!app.stack().is_empty());
    }

    #[test]
    fn panes_not_visited_are_built_one_at_a_time_then_the_previous_period_read() {
        let (mut app, stop) = app_with_cancel();
        let built = |app: &App| app.stacks.iter().filter(|s| !s.is_empty()).count();
        assert_eq!(built(&app), 1, "Översikt only, for the first frame");
        assert!(app.can_warm());

        // Input arriving mid-build stops it; nothing kept, no message.
        stop.store(true, Ordering::Relaxed);
        app.warm_one();
        assert_eq!(built(&app), 1, "interrupted");
        assert!(app.can_warm(), "interrupted, not given up");
        assert_eq!(app.message, None);
        stop.store(false, Ordering::Relaxed);

        for step in 1..PaneId::ALL.len() {
            app.warm_one();
            assert_eq!(built(&app), 1 + step, "one pane per call");
            assert_eq!(app.pane, PaneId::Overview, "the view never moved");
        }
        // The cockpit opens on the last period: only the one before it.
        assert!(app.can_warm(), "the previous period's reads");
        let builds = app.builds.get();
        app.warm_one();
        assert!(!app.can_warm(), "done");
        app.warm_one();
        assert_eq!(app.builds.get(), builds, "nothing shown was rebuilt");
        for pane in PaneId::ALL {
            app.apply(Action::Pane(pane));
        }
        assert_eq!(app.builds.get(), builds, "switching built nothing");
    }

    #[test]
    fn panes_left_on_the_old_period_are_warmed_one_at_a_time() {
        let (mut app, stop) = app_with_cancel();
        while app.can_warm() {
            app.warm_one();
        }
        app.apply(Action::Pane(PaneId::Economy));
        assert!(app.can_warm(), "the periods either side, for Ekonomi");
        while app.can_warm() {
            app.warm_one();
        }
        app.apply(Action::PrevPeriod);
        assert!(app.can_warm());
        let label = app.period_label().to_string();

        // Input arriving mid-build stops it; the pane stays cold, no message.
        stop.store(true, Ordering::Relaxed);
        app.warm_one();
        assert!(app.can_warm(), "interrupted, not given up");
        assert_eq!(app.message, None);
        assert_eq!(app.pane, PaneId::Economy);
        stop.store(false, Ordering::Relaxed);

        let builds = app.builds.get();
        for _ in 1..PaneId::ALL.len() {
            app.warm_one();
        }
        assert_eq!(
            app.builds.get() - builds,
            PaneId::ALL.len() as u64 - 1,
            "one pane per call"
        );
        assert_eq!(app.pane, PaneId::Economy, "the view never moved");
        // Then the periods either side, for `[` and `]`.
        let (mut rounds, builds) = (0, app.builds.get());
        while app.can_warm() {
            app.warm_one();
            rounds += 1;
        }
        assert_eq!(rounds, 2, "one neighbour per call");
        assert_eq!(app.builds.get(), builds, "nothing shown rebuilt for them");
        for pane in PaneId::ALL {
            app.apply(Action::Pane(pane));
        }
        assert_eq!(app.builds.get(), builds, "switching built nothing");
        app.apply(Action::Pane(PaneId::Overview));
        assert_eq!(app.screen().unwrap().title, format!("Översikt {label}"));
    }

    #[test]
    fn the_periods_either_side_are_read_ahead_for_the_pane_in_view() {
        // The steps of SQL `[` and `]` cost on Ekonomi, with and without
        // the read-ahead (the other panes warmed in both).
        let switch = |read_ahead: bool| {
            let (mut app, steps) = counting_app((100, 30));
            // A period in the middle, neither of its neighbours read yet.
            app.change_period(app.store.periods.len() / 2);
            app.apply(Action::Pane(PaneId::Economy));
            while app.cold_pane().is_some() {
                app.warm_one();
            }
            while read_ahead && app.can_warm() {
                app.warm_one();
            }
            let count = |app: &mut App, action| {
                steps.store(0, Ordering::Relaxed);
                app.apply(action);
                assert_eq!(app.message, None);
                steps.load(Ordering::Relaxed)
            };
            let back = count(&mut app, Action::PrevPeriod);
            app.apply(Action::NextPeriod);
            (back, count(&mut app, Action::NextPeriod))
        };
        let (cold, warm) = (switch(false), switch(true));
        assert!(warm.0 * 2 < cold.0, "`[`: {warm:?} against {cold:?} steps");
        assert!(warm.1 * 2 < cold.1, "`]`: {warm:?} against {cold:?} steps");

        // Not in the search prompt, whose hits change with each key.
        let (mut app, _) = counting_app((100, 30));
        app.handle_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
        while app.can_warm() {
            app.warm_one();
        }
        assert_eq!(app.neighbour_to_warm(), None);
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        assert!(
            app.neighbour_to_warm().is_some(),
            "read ahead once it closes"
        );
    }

    fn type_in(app: &mut App, text: &str) {
        for c in text.chars() {
            app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    fn enter(app: &mut App) {
        app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    }

    fn selected_id(app: &App) -> String {
        app.screen().unwrap().selected_row().unwrap().id.clone()
    }

    #[test]
    fn a_hit_in_another_period_switches_to_it_and_esc_comes_back() {
        let (mut app, _) = app_with_cancel();
        app.apply(Action::Pane(PaneId::Goals));
        app.apply(Action::Down);
        let (period, place) = (app.period, selected_id(&app));
        type_in(&mut app, "/formalisera");
        enter(&mut app);
        // One hit: straight to it, in 2024 where the directive lives.
        assert_eq!(app.pane, PaneId::Directives);
        assert_eq!(app.period_label(), "ack augusti 2024");
        assert_eq!(selected_id(&app), "d2024-01", "the hit, not a neighbour");
        assert_eq!(
            app.message,
            Some(FooterMessage::PeriodSwitched("ack augusti 2024".into()))
        );
        // A second Enter opens the hit's own detail.
        enter(&mut app);
        assert!(
            app.screen().unwrap().title.contains("Formalisera"),
            "{}",
            app.screen().unwrap().title
        );
        app.apply(Action::Back);
        app.apply(Action::Back);
        assert_eq!(app.pane, PaneId::Goals, "back where the search began");
        assert_eq!(app.period, period);
        assert_eq!(selected_id(&app), place);
        app.apply(Action::Back);
        assert_eq!(app.pane, PaneId::Goals, "only once");
    }

    #[test]
    fn a_hit_list_enter_lands_on_each_kind_and_esc_returns_to_the_list() {
        let (mut app, _) = app_with_cancel();
        type_in(&mut app, "/personalkostnad");
        enter(&mut app);
        assert!(matches!(app.screen().unwrap().key, ScreenKey::Search(_)));
        let hits = app.screen().unwrap().rows().len();
        let mut kinds = Vec::new();
        for i in 0..hits {
            app.screen_mut().unwrap().selected = i;
            let label = app.screen().unwrap().rows()[i].cells[0].text();
            enter(&mut app);
            assert_ne!(app.message, Some(FooterMessage::NotShown), "{label}");
            let row = app.screen().unwrap().selected_row().unwrap();
            assert!(
                row.cells.iter().any(|c| c.text().contains(label.as_str())),
                "{label} lands on itself, not on {:?}",
                row.cells[0].text()
            );
            kinds.push(app.pane);
            app.apply(Action::Back);
            if !matches!(app.screen().unwrap().key, ScreenKey::Search(_)) {
                app.apply(Action::Back);
            }
            assert_eq!(app.pane, PaneId::Overview, "back from {label}");
            assert!(matches!(app.screen().unwrap().key, ScreenKey::Search(_)));
        }
        assert!(kinds.contains(&PaneId::Economy), "{kinds:?}");
        assert!(kinds.contains(&PaneId::Directives), "{kinds:?}");
    }

    /// The demo app at `size`, with a count of its store's SQL steps.
    fn counting_app(size: (u16, u16)) -> (App, Arc<std::sync::atomic::AtomicUsize>) {
        let store = Store::demo().unwrap();
        let steps = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = steps.clone();
        store.set_cancel_check_every(1, move || {
            counted.fetch_add(1, Ordering::Relaxed);
            false
        });
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let app = App::new(store, Theme::new(ThemeName::Mono, false), today, size);
        (app, steps)
    }

    /// Enter on the live list keeps the rows it built and reads only the
    /// hits after them: nothing at all where the window showed every hit.
    /// The list is the one built afresh, as Enter built it before, and so
    /// is what each hit opens.
    #[test]
    fn enter_reads_only_the_hits_the_live_list_did_not_show() {
        let (mut all_shown, mut some_shown) = (0, 0);
        for (query, height) in [("personal", 40), ("a", 12), ("vård", 8)] {
            let (mut app, steps) = counting_app((100, height));
            type_in(&mut app, &format!("/{query}"));
            let live = app.screen().unwrap().rows().len();
            steps.store(0, Ordering::Relaxed);
            enter(&mut app);
            let read = steps.load(Ordering::Relaxed);
            let entered = app.screen().unwrap().clone();
            assert!(matches!(entered.key, ScreenKey::Search(_)), "{query}");
            // As before: the prompt typed and closed, then the whole list.
            let (mut before, steps) = counting_app((100, height));
            type_in(&mut before, &format!("/{query}"));
            before.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            steps.store(0, Ordering::Relaxed);
            let key = ScreenKey::Search(panes::SearchKey {
                query: query.to_string(),
            });
            let whole = before.build(&key).unwrap();
            let rebuilt = steps.load(Ordering::Relaxed);
            assert_eq!(
                format!("{:?}", (&entered.title, &entered.body)),
                format!("{:?}", (&whole.title, &whole.body)),
                "{query}"
            );
            let hits = whole.rows().len();
            if hits <= live {
                assert_eq!(read, 0, "{query}: every hit was shown");
                all_shown += 1;
            } else {
                assert!(read < rebuilt, "{query}: {read} < {rebuilt}");
                some_shown += 1;
            }
        }
        assert!(all_shown > 0 && some_shown > 0, "{all_shown} {some_shown}");
    }

    #[test]
    fn the_prompt_edits_as_a_shell_line_does() {
        let (mut app, _) = app_with_cancel();
        type_in(&mut app, "/kir nus ");
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        app.handle_key(ctrl('w'));
        assert_eq!(app.mode, Mode::Search("kir ".into()));
        app.handle_key(ctrl('w'));
        assert_eq!(app.mode, Mode::Search("".into()));
        type_in(&mut app, "vård plats");
        app.handle_key(ctrl('u'));
        assert_eq!(app.mode, Mode::Search("".into()));
        app.handle_key(ctrl('x'));
        assert_eq!(
            app.mode,
            Mode::Search("".into()),
            "other controls type nothing"
        );
    }

    fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
        app.handle_key(KeyEvent::new(code, modifiers));
    }

    fn top_query(app: &App) -> Option<String> {
        match &app.screen()?.key {
            ScreenKey::Search(key) => Some(key.query.clone()),
            _ => None,
        }
    }

    #[test]
    fn the_hits_follow_the_prompt_as_it_is_typed_and_esc_takes_them_away() {
        let (mut app, _) = app_with_cancel();
        let depth = app.stack().len();
        type_in(&mut app, "/");
        assert_eq!(app.stack().len(), depth, "no text, no list");
        type_in(&mut app, "kir");
        assert_eq!(top_query(&app).as_deref(), Some("kir"));
        assert_eq!(app.stack().len(), depth + 1, "one live list, replaced");
        let kir = app.screen().unwrap().rows().len();
        type_in(&mut app, "urg");
        assert_eq!(top_query(&app).as_deref(), Some("kirurg"));
        assert!(app.screen().unwrap().rows().len() <= kir);
        press(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(top_query(&app).as_deref(), Some("kirur"));
        press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(top_query(&app), None, "an empty prompt lists nothing");
        assert_eq!(app.stack().len(), depth);
        type_in(&mut app, "sjuk");
        press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(app.mode, Mode::Normal);
        assert_eq!(
            app.stack().len(),
            depth,
            "Esc closes the list with the prompt"
        );
        assert_eq!(top_query(&app), None);
        // The live list shows what fits; Enter the whole list, in its place.
        app.resize(100, 8);
        type_in(&mut app, "/personal");
        let live = app.screen().unwrap().rows().len();
        assert!(live <= 8, "{live}");
        enter(&mut app);
        assert_eq!(top_query(&app).as_deref(), Some("personal"));
        assert_eq!(app.stack().len(), depth + 1);
        assert!(app.screen().unwrap().rows().len() > live);
    }

    #[test]
    fn up_and_down_in_the_prompt_recall_this_sessions_searches() {
        let (mut app, _) = app_with_cancel();
        press(&mut app, KeyCode::Up, KeyModifiers::NONE);
        type_in(&mut app, "/");
        press(&mut app, KeyCode::Up, KeyModifiers::NONE);
        assert_eq!(app.mode, Mode::Search(String::new()), "no history yet");
        for query in ["kir", "vård", "vård"] {
            type_in(&mut app, query);
            enter(&mut app);
            app.apply(Action::Back);
            type_in(&mut app, "/");
        }
        type_in(&mut app, "ps");
        press(&mut app, KeyCode::Up, KeyModifiers::NONE);
        assert_eq!(app.mode, Mode::Search("vård".into()));
        assert_eq!(top_query(&app).as_deref(), Some("vård"), "its hits shown");
        press(&mut app, KeyCode::Char('p'), KeyModifiers::CONTROL);
        assert_eq!(
            app.mode,
            Mode::Search("kir".into()),
            "a repeat is kept once"
        );
        press(&mut app, KeyCode::Up, KeyModifiers::NONE);
        assert_eq!(app.mode, Mode::Search("kir".into()), "the oldest stays");
        press(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(app.mode, Mode::Search("vård".into()));
        press(&mut app, KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(
            app.mode,
            Mode::Search("ps".into()),
            "back to what was typed"
        );
        press(&mut app, KeyCode::Up, KeyModifiers::NONE);
        type_in(&mut app, "x");
        assert_eq!(
            app.mode,
            Mode::Search("vårdx".into()),
            "a recalled text edits"
        );
    }

    #[test]
    fn n_and_n_shifted_land_on_the_hits_in_turn_and_esc_goes_back_to_the_start() {
        let (mut app, _) = app_with_cancel();
        type_in(&mut app, "n");
        assert_eq!(app.message, Some(FooterMessage::NoSearch));
        app.apply(Action::Pane(PaneId::Goals));
        let place = (app.pane, selected_id(&app));
        type_in(&mut app, "/personalkostnad");
        enter(&mut app);
        let searched_in = app.period;
        let list = app.screen().unwrap().clone();
        let hits = list.rows().len();
        assert!(hits >= 3, "{hits}");
        let label = |i: usize| list.rows()[i].cells[0].text();
        let lands_on = |app: &App, i: usize| {
            let row = app.screen().unwrap().selected_row().unwrap();
            assert!(
                row.cells
                    .iter()
                    .any(|c| c.text().contains(label(i).as_str())),
                "hit {i} {:?} is not {:?}",
                label(i),
                row.cells[0].text()
            );
        };
        type_in(&mut app, "n");
        lands_on(&app, 0);
        assert!(
            matches!(&app.message, Some(FooterMessage::Match { at: 1, of, .. }) if *of == hits),
            "{:?}",
            app.message
        );
        type_in(&mut app, "n");
        lands_on(&app, 1);
        type_in(&mut app, "N");
        lands_on(&app, 0);
        assert_eq!(app.period, searched_in, "a hit of this period, in it again");
        type_in(&mut app, "N");
        lands_on(&app, hits - 1);
        assert!(matches!(&app.message, Some(FooterMessage::Match { at, .. }) if *at == hits));
        type_in(&mut app, "n");
        lands_on(&app, 0);
        // Esc at the hit's root: where the search began, not the last hit.
        while app.stack().len() > 1 {
            app.apply(Action::Back);
        }
        app.apply(Action::Back);
        assert_eq!(app.pane, place.0);
        assert!(matches!(app.screen().unwrap().key, ScreenKey::Search(_)));
        app.apply(Action::Back);
        assert_eq!((app.pane, selected_id(&app)), place);
        type_in(&mut app, "/zzzqqq");
        enter(&mut app);
        type_in(&mut app, "n");
        assert_eq!(app.message, Some(FooterMessage::NoMatches("zzzqqq".into())));
    }

    /// Opening the third hit from the list, then `n`: the fourth, not the
    /// first.
    #[test]
    fn n_goes_on_from_the_hit_opened_from_the_list() {
        let (mut app, _) = app_with_cancel();
        app.apply(Action::Pane(PaneId::Goals));
        type_in(&mut app, "/personalkostnad");
        enter(&mut app);
        let list = app.screen().unwrap().clone();
        assert!(list.rows().len() >= 4, "{}", list.rows().len());
        let name = |i: usize| list.rows()[i].cells[0].text();
        app.apply(Action::Down);
        app.apply(Action::Down);
        app.apply(Action::Drill);
        type_in(&mut app, "n");
        let row = app.screen().unwrap().selected_row().unwrap();
        assert!(
            row.cells
                .iter()
                .any(|c| c.text().contains(name(3).as_str())),
            "{:?} after {:?}",
            row.cells[0].text(),
            name(2)
        );
        assert!(
            matches!(&app.message, Some(FooterMessage::Match { at: 4, .. })),
            "{:?}",
            app.message
        );
    }

    #[test]
    fn ctrl_d_and_ctrl_u_move_half_a_page_ctrl_f_and_ctrl_b_a_page() {
        let (mut app, _) = app_with_cancel();
        app.resize(100, 10);
        app.apply(Action::Pane(PaneId::Directives));
        let page = app.viewport();
        let half = page / 2;
        let rows = app.screen().unwrap().rows().len();
        assert!(half >= 2 && rows > page * 2, "{half} {page} {rows}");
        let selected = |app: &App| app.screen().unwrap().selected;
        let start = selected(&app);
        press(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(selected(&app), start + half);
        press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(selected(&app), start);
        press(&mut app, KeyCode::Char('f'), KeyModifiers::CONTROL);
        assert_eq!(selected(&app), start + page);
        press(&mut app, KeyCode::Char('b'), KeyModifiers::CONTROL);
        assert_eq!(selected(&app), start);
        // And in the help.
        app.apply(Action::Help);
        press(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(app.mode, Mode::Help(app.help_page() / 2));
        press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(app.mode, Mode::Help(0));
        press(&mut app, KeyCode::Char('f'), KeyModifiers::CONTROL);
        let lines = app.settings.keymap.help_lines(app.pane).len();
        assert_eq!(app.mode, Mode::Help(app.help_page().min(lines)));
    }

    /// The app as a terminal of its size shows it.
    fn drawn(app: &App) -> ratatui::buffer::Buffer {
        let backend = ratatui::backend::TestBackend::new(app.size.0, app.size.1);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
        terminal.backend().buffer().clone()
    }

    #[test]
    fn a_window_shrunk_and_grown_again_shows_the_top_again() {
        let (mut app, _) = app_with_cancel();
        app.resize(80, 24);
        assert!(
            app.screen().unwrap().rows()[0].heading,
            "Översikt opens under a heading"
        );
        let before = drawn(&app);
        app.resize(30, 6);
        app.resize(80, 24);
        assert_eq!(drawn(&app), before, "the heading is back");
        app.resize(30, 6);
        app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
        app.resize(80, 24);
        app.handle_key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE));
        assert_eq!(drawn(&app), before, "g shows the top");
        app.resize(30, 6);
        app.resize(80, 24);
        app.handle_key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE));
        assert_eq!(drawn(&app), before, "and so does k");
    }

    /// `render --period`: the app opened at a period builds Översikt once,
    /// for it, and shows what opening at the latest period and switching
    /// shows, in every period of the sample.
    #[test]
    fn opened_at_a_period_the_overview_is_built_once_and_as_after_a_switch() {
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let theme = Theme::new(ThemeName::Mono, false);
        let settings = crate::config::Settings::default;
        let periods = Store::demo().unwrap().periods;
        assert!(periods.len() > 2);
        for (i, period) in periods.iter().enumerate() {
            let found = App::period_named(&periods, &period.label);
            assert_eq!(found, Some(i), "{}", period.label);
            let at = App::with_settings_at(
                Store::demo().unwrap(),
                settings(),
                theme,
                today,
                (100, 30),
                i,
            );
            assert_eq!(at.builds.get(), 1, "{}: one build", period.id);
            let mut switched = App::new(Store::demo().unwrap(), theme, today, (100, 30));
            assert!(switched.set_period(&period.id));
            let latest = i + 1 == periods.len();
            assert_eq!(switched.builds.get(), if latest { 1 } else { 2 });
            assert_eq!(at.period, i);
            assert_eq!(at.notices, switched.notices, "{}", period.id);
            assert_eq!(drawn(&at), drawn(&switched), "{}", period.id);
        }
        assert_eq!(App::period_named(&periods, "1999-01"), None);
    }

    #[test]
    fn offset_moves_only_as_far_as_needed() {
        use crate::ui::screen::visible_offset;
        assert_eq!(visible_offset(0, 0, 10), 0);
        assert_eq!(visible_offset(9, 0, 10), 0);
        assert_eq!(visible_offset(10, 0, 10), 1);
        assert_eq!(visible_offset(3, 5, 10), 3);
        assert_eq!(visible_offset(7, 5, 10), 5);
    }

    /// Vårdplatser with 200 units more than the sample: the rows in view
    /// are read when the pane is shown, those further down when they come
    /// into view, every row for `Y` (which copies the whole table).
    #[test]
    fn a_long_table_reads_its_rows_as_they_come_into_view() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("beds.db");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/sample.db"), &path).unwrap();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(
                "PRAGMA foreign_keys = OFF; \
                 WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 199) \
                 INSERT INTO bed_month (org_unit_id, month, available, illustrative) \
                 SELECT printf('x%03d', n.x), b.month, b.available, 1 \
                 FROM n, bed_month b WHERE b.org_unit_id = 'region'",
            )
            .unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let store = Store::open(&path).unwrap();
        let mut app = App::new(store, Theme::new(ThemeName::Mono, false), today, (100, 30));
        app.apply(Action::Pane(PaneId::Beds));
        let page = app.viewport();
        let in_view = |app: &App| {
            let screen = app.screen().unwrap();
            let rows = screen.rows();
            rows[screen.offset..(screen.offset + page).min(rows.len())]
                .iter()
                .all(|r| !r.pending && (!r.id.starts_with('x') || !r.cells[2].is_blank()))
        };
        let pending = |app: &App| {
            let rows = app.screen().unwrap().rows();
            rows.iter().filter(|r| r.pending).count()
        };
        assert_eq!(
            app.screen().unwrap().rows().len(),
            212,
            "210 units, the promise"
        );
        assert!(in_view(&app));
        assert!(pending(&app) > 100, "{}", pending(&app));
        for _ in 0..5 {
            app.apply(Action::PageDown);
            assert!(in_view(&app), "{}", app.screen().unwrap().offset);
        }
        app.apply(Action::Bottom);
        assert!(in_view(&app));
        assert!(pending(&app) > 0, "the rows passed over are not read");
        app.apply(Action::CopyTable);
        assert_eq!(pending(&app), 0, "a copy of the table reads it whole");
    }
}
