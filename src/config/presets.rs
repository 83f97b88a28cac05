//! The built-in themes as config files (`assets/themes/*.toml`): what a
//! user copies into their config file to start a theme of their own. Each
//! is read by the config file's own parser; the tests hold every preset to
//! exactly the palette the cockpit draws with.

use crate::ui::theme::ThemeName;

/// Each fixed theme and its preset, in [`ThemeName::ALL`]'s order.
pub const PRESETS: [(ThemeName, &str); 5] = [
    (
        ThemeName::Default,
        include_str!("../../assets/themes/dark.toml"),
    ),
    (
        ThemeName::Light,
        include_str!("../../assets/themes/light.toml"),
    ),
    (
        ThemeName::ColourBlind,
        include_str!("../../assets/themes/colour-blind-dark.toml"),
    ),
    (
        ThemeName::ColourBlindLight,
        include_str!("../../assets/themes/colour-blind-light.toml"),
    ),
    (
        ThemeName::Mono,
        include_str!("../../assets/themes/mono.toml"),
    ),
];

/// The preset of a theme, as its file says it.
pub fn preset(name: ThemeName) -> &'static str {
    PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, text)| text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Layer, Settings, load};
    use crate::ui::theme::{Sem, Theme, ThemeChoice};
    use ratatui::style::Color;

    fn no_env(_: &str) -> Option<std::ffi::OsString> {
        None
    }

    #[test]
    fn every_fixed_theme_has_a_preset_named_as_the_theme() {
        let names: Vec<ThemeName> = PRESETS.iter().map(|(n, _)| *n).collect();
        let all: Vec<ThemeName> = ThemeName::ALL.iter().map(|(_, n)| *n).collect();
        assert_eq!(names, all);
        for (file, name) in ThemeName::ALL {
            let on_disk = std::fs::read_to_string(format!("assets/themes/{file}.toml")).unwrap();
            assert_eq!(preset(name), on_disk, "{file}");
        }
    }

    #[test]
    fn every_preset_parses_to_exactly_the_built_in_theme() {
        for (name, text) in PRESETS {
            let layer = super::super::file::parse(text).unwrap();
            assert_eq!(
                layer,
                Layer {
                    theme: Some(ThemeChoice::Fixed(name)),
                    colours: name.colours(),
                    ..Layer::default()
                },
                "{name:?}"
            );
            // And draws the same: every meaning, every style.
            let built_in = Theme::new(name, false);
            let from_preset = Theme::new(name, false).with_colours(layer.colours);
            for sem in crate::ui::theme::tests::every_sem() {
                assert_eq!(
                    built_in.style(sem),
                    from_preset.style(sem),
                    "{name:?} {sem:?}"
                );
            }
        }
    }

    #[test]
    fn a_user_file_copied_from_a_preset_works_and_changes_what_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let copied = preset(ThemeName::Light).replace("bad = 124", "bad = \"#af0000\"");
        assert_ne!(
            copied,
            preset(ThemeName::Light),
            "the line to change is there"
        );
        std::fs::write(&path, copied).unwrap();
        let settings = load(Some(&path), &Layer::default(), &no_env).unwrap();
        assert_eq!(settings.theme, ThemeChoice::Fixed(ThemeName::Light));
        assert!(super::super::colour_warnings(&settings).is_empty());
        let theme = super::super::theme(&settings, ThemeName::Light, false);
        assert_eq!(theme.style(Sem::Bad).fg, Some(Color::Rgb(0xaf, 0, 0)));
        let built_in = Theme::new(ThemeName::Light, false);
        for sem in [Sem::Good, Sem::Dim, Sem::Key, Sem::Title, Sem::Notice] {
            assert_eq!(theme.style(sem), built_in.style(sem), "{sem:?}");
        }
    }

    #[test]
    fn every_unchanged_preset_loads_as_a_config_file_without_warnings() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in PRESETS {
            let path = dir.path().join(format!("{}.toml", name.name()));
            std::fs::write(&path, text).unwrap();
            let settings: Settings = load(Some(&path), &Layer::default(), &no_env).unwrap();
            assert_eq!(settings.theme, ThemeChoice::Fixed(name));
            assert_eq!(settings.colours, name.colours());
            assert_eq!(
                super::super::colour_warnings(&settings),
                Vec::<String>::new()
            );
        }
    }
}
