//! Text from a snapshot or from the system (file names, SQLite messages) is
//! untrusted: it must never reach a terminal as control sequences.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Makes control and invisible characters visible so that the text can be
/// printed or drawn without being executed by a terminal.
///
/// C0 controls become the Control Pictures block (`␛` for ESC), DEL becomes
/// `␡`, C1 controls, bidirectional overrides and zero-width characters become
/// `⟨U+XXXX⟩`. With `keep_newlines`, `\n` and `\t` pass through (for
/// multi-line texts whose caller lays out lines itself).
pub fn sanitize(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_escape(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !needs_escape(c, keep_newlines) {
            out.push(c);
        } else if (c as u32) < 0x20 {
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
        } else if c == '\u{7f}' {
            out.push('\u{2421}');
        } else {
            out.push_str(&format!("\u{27e8}U+{:04X}\u{27e9}", c as u32));
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_newlines,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidirectional embeddings, overrides and isolates (Trojan Source),
        // and the Arabic letter mark: with U+200E and U+200F below, every
        // character of Unicode's Bidi_Control property.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' => true,
        // Zero-width and invisible formatting characters, and the
        // left-to-right and right-to-left marks.
        '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' => true,
        _ => false,
    }
}

/// `text` cut to at most `width` terminal columns, ending in `…` when cut.
///
/// Cuts between grapheme clusters, never inside one, so a letter keeps its
/// combining marks, an emoji sequence joined by ZWJ stays whole, and a wide
/// character is never split in half.
pub fn fit_width(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = grapheme.width();
        if used + w > width - 1 {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push('…');
    out
}

/// `text` cut after `max` grapheme clusters, followed by `marker` when cut.
/// Used to bound stored texts, whatever their script.
pub fn cut_graphemes(text: &str, max: usize, marker: &str) -> Option<String> {
    // Every grapheme takes at least a byte: a text of no more than `max`
    // bytes fits, and nearly every cell is one (no segmenting needed).
    if text.len() <= max {
        return None;
    }
    let (at, _) = text.grapheme_indices(true).nth(max)?;
    Some(format!("{}{marker}", &text[..at]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched_and_not_copied() {
        assert!(matches!(
            sanitize("Sjukhusvård −430 mkr", false),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_are_made_visible() {
        assert_eq!(sanitize("a\u{1b}]0;pwned\u{7}b", false), "a␛]0;pwned␇b");
        assert_eq!(sanitize("x\u{9b}31m", false), "x⟨U+009B⟩31m");
        assert_eq!(sanitize("del\u{7f}", false), "del␡");
        assert_eq!(sanitize("\u{202e}evil", false), "⟨U+202E⟩evil");
        assert_eq!(sanitize("zero\u{200b}width", false), "zero⟨U+200B⟩width");
    }

    #[test]
    fn every_bidi_control_is_made_visible() {
        // Found by the sanitiser fuzzer: U+061C ARABIC LETTER MARK passed.
        assert_eq!(sanitize("a\u{61c}b", false), "a⟨U+061C⟩b");
        for c in [
            '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
            '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            assert!(!sanitize(&c.to_string(), true).contains(c), "{c:?}");
        }
    }

    #[test]
    fn newlines_kept_only_on_request() {
        assert_eq!(sanitize("a\nb\tc", true), "a\nb\tc");
        assert_eq!(sanitize("a\nb\tc", false), "a␊b␉c");
        assert_eq!(sanitize("a\r\nb", true), "a␍\nb");
    }

    #[test]
    fn fit_width_counts_columns_and_marks_the_cut() {
        assert_eq!(fit_width("Sjukhusvård", 20), "Sjukhusvård");
        assert_eq!(fit_width("Sjukhusvård", 6), "Sjukh…");
        assert_eq!(fit_width("日本語テキスト", 5), "日本…");
        assert_eq!(fit_width("日本語テキスト", 6), "日本…");
        assert_eq!(fit_width("abc", 0), "");
        assert_eq!(fit_width("abcdef", 1), "…");
    }

    #[test]
    fn fit_width_never_splits_a_grapheme() {
        // "e" + combining acute, repeated: each cut keeps whole letters.
        let combining = "e\u{301}".repeat(6);
        let cut = fit_width(&combining, 4);
        assert_eq!(cut, format!("{}…", "e\u{301}".repeat(3)));
        // A family emoji joined by ZWJ is two columns wide and indivisible.
        let family = "👨\u{200d}👩\u{200d}👧";
        let text = format!("ab{family}{family}cd");
        assert_eq!(fit_width(&text, 5), format!("ab{family}…"));
        assert_eq!(fit_width(&text, 4), "ab…");
        // A flag is a pair of regional indicators: never half a flag.
        assert_eq!(fit_width("🇸🇪🇸🇪🇸🇪", 5), "🇸🇪🇸🇪…");
        // Hebrew with points and Arabic with harakat stay whole.
        let hebrew = "שָׁלוֹם עוֹלָם";
        assert!(fit_width(hebrew, 4).width() <= 4);
        let arabic = "مَرْحَبًا بِالْعَالَمِ";
        let cut = fit_width(arabic, 3);
        assert!(cut.width() <= 3);
        assert!(arabic.starts_with(cut.trim_end_matches('…')));
    }

    #[test]
    fn cut_graphemes_keeps_clusters_whole() {
        assert_eq!(cut_graphemes("kort", 10, "…"), None);
        assert_eq!(
            cut_graphemes("e\u{301}e\u{301}e\u{301}", 2, "…").as_deref(),
            Some("e\u{301}e\u{301}…")
        );
    }
}
