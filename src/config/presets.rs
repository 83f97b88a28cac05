//! The built-in themes as config files (`assets/themes/*.toml`, which
//! `theme.rs` reads its palettes from): what a user copies into their
//! config file to start a theme of their own. The tests load each as a
//! user's file would be.

#[cfg(test)]
mod tests {
    use crate::config::{Layer, Settings, load};
    use crate::ui::theme::{PRESETS, Sem, Theme, ThemeChoice, ThemeName, preset};
    use ratatui::style::Color;

    fn no_env(_: &str) -> Option<std::ffi::OsString> {
        None
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
