//! Text from a snapshot or from the system (file names, SQLite messages) is
//! untrusted: it must never reach a terminal as control sequences.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Makes control and invisible characters visible so that the text can be
/// printed or drawn without being executed by a terminal, and without two
/// names that differ only in invisible characters looking the same.
///
/// C0 controls become the Control Pictures block (`␛` for ESC), DEL becomes
/// `␡`; C1 controls and every character in [`INVISIBLE`] (Unicode's
/// Default_Ignorable_Code_Point, Bidi_Control, format characters and the
/// line and paragraph separators) become `⟨U+XXXX⟩`. A grapheme keeps at
/// most [`MAX_MARKS`] combining marks; the rest are dropped with a visible
/// `⟨+N⟩`. With `keep_newlines`, `\n` passes through and a tab becomes
/// spaces up to the next multiple of [`TAB_WIDTH`] columns (for multi-line
/// texts whose caller lays out lines itself).
pub fn sanitize(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let escaped = escape(text, keep_newlines);
    if !has_long_mark_run(&escaped) {
        return escaped;
    }
    Cow::Owned(cap_marks(&escaped))
}

/// Columns between tab stops when tabs are expanded.
pub const TAB_WIDTH: usize = 8;

/// The most combining marks (characters of no width that extend a
/// grapheme) shown on one grapheme: enough for any script's letters, few
/// enough that one cell cannot carry kilobytes.
pub const MAX_MARKS: usize = 4;

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_escape(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    // Display columns since the last line break, for tab stops.
    let mut column = 0;
    for c in text.chars() {
        if !needs_escape(c, keep_newlines) {
            out.push(c);
            column = if c == '\n' {
                0
            } else {
                column + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
            };
        } else if c == '\t' && keep_newlines {
            let spaces = TAB_WIDTH - column % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else if (c as u32) < 0x20 {
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
            column += 1;
        } else if c == '\u{7f}' {
            out.push('\u{2421}');
            column += 1;
        } else {
            let shown = format!("\u{27e8}U+{:04X}\u{27e9}", c as u32);
            column += shown.chars().count();
            out.push_str(&shown);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' => !keep_newlines,
        '\t' => true,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        c if c.is_ascii() => false,
        c => is_invisible(c),
    }
}

/// Whether `c` is in [`INVISIBLE`].
pub fn is_invisible(c: char) -> bool {
    let c = c as u32;
    INVISIBLE
        .binary_search_by(|&(start, end)| {
            if end < c {
                std::cmp::Ordering::Less
            } else if start > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Characters that are invisible or change how text around them is shown:
/// the union of Unicode's properties Default_Ignorable_Code_Point and
/// Bidi_Control and general categories Cf (format), Zl and Zp (line and
/// paragraph separators), as ranges of code points.
///
/// Generated from the Unicode Character Database as compiled into the
/// `regex-syntax` crate (its `\p{…}` classes); the test
/// `invisible_is_the_union_of_the_unicode_properties` regenerates it and
/// prints the new table when a newer Unicode changes it.
pub const INVISIBLE: &[(u32, u32)] = &[
    (0xad, 0xad),
    (0x34f, 0x34f),
    (0x600, 0x605),
    (0x61c, 0x61c),
    (0x6dd, 0x6dd),
    (0x70f, 0x70f),
    (0x890, 0x891),
    (0x8e2, 0x8e2),
    (0x115f, 0x1160),
    (0x17b4, 0x17b5),
    (0x180b, 0x180f),
    (0x200b, 0x200f),
    (0x2028, 0x202e),
    (0x2060, 0x206f),
    (0x3164, 0x3164),
    (0xfe00, 0xfe0f),
    (0xfeff, 0xfeff),
    (0xffa0, 0xffa0),
    (0xfff0, 0xfffb),
    (0x110bd, 0x110bd),
    (0x110cd, 0x110cd),
    (0x13430, 0x1343f),
    (0x1bca0, 0x1bca3),
    (0x1d173, 0x1d17a),
    (0xe0000, 0xe0fff),
];

/// A combining mark for the cap: a character of no display width (marks
/// of general category Mn and Me, and the like). Invisible characters are
/// escaped before marks are counted.
fn is_mark(c: char) -> bool {
    !c.is_ascii() && unicode_width::UnicodeWidthChar::width(c) == Some(0)
}

/// Whether some run of marks is longer than [`MAX_MARKS`]. Marks extend the
/// grapheme before them, so a run lies within one grapheme.
fn has_long_mark_run(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if is_mark(c) {
            run += 1;
            if run > MAX_MARKS {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Each grapheme with its first [`MAX_MARKS`] marks, and `⟨+N⟩` for the
/// `N` dropped.
fn cap_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1 << 16));
    for grapheme in text.graphemes(true) {
        let mut marks = 0;
        let mut dropped = 0;
        for c in grapheme.chars() {
            if is_mark(c) {
                marks += 1;
                if marks > MAX_MARKS {
                    dropped += 1;
                    continue;
                }
            }
            out.push(c);
        }
        if dropped > 0 {
            out.push_str(&format!("\u{27e8}+{dropped}\u{27e9}"));
        }
    }
    out
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

/// `text` cut to at most `width` columns as [`fit_width`] does, but at the
/// end of a word where the cut would split one (unless the first word alone
/// is too long), so a line never ends in half a word.
pub fn fit_words(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let cut = fit_width(text, width);
    let kept = cut.trim_end_matches('…');
    let split_word = text[kept.len()..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace());
    match kept.trim_end().rfind(char::is_whitespace) {
        Some(space) if split_word => format!("{}…", kept[..space].trim_end()),
        _ => format!("{}…", kept.trim_end()),
    }
}

/// At most [`EXCERPT_MAX`] graphemes of `text`, sanitised, for quoting
/// what a user or a file wrote in a message: a 900 kB key name is said in
/// a line, not in 900 kB.
pub fn excerpt(text: &str) -> String {
    let clean = sanitize(text, false);
    cut_graphemes(&clean, EXCERPT_MAX, "…").unwrap_or_else(|| clean.into_owned())
}

/// How much of a text [`excerpt`] keeps.
pub const EXCERPT_MAX: usize = 40;

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

/// `text` in ASCII only, for a terminal whose locale is not UTF-8 (one in
/// an 8-bit mode may act on bytes of UTF-8 as C1 controls).
///
/// Each grapheme becomes as many ASCII characters as it is wide, so that a
/// laid-out line keeps its layout: a letter loses its marks (`Å` → `A`,
/// `ö` → `o`, `é` → `e`, `æ` → `a`, `ß` → `s`), typographic punctuation
/// its typography (`−` → `-`, `–` → `-`, `’` → `'`, `«` → `"`, a no-break
/// space → a space), the sanitiser's brackets become `<` `>` (`⟨U+202E⟩` →
/// `<U+202E>`), and anything else becomes `?` (`??` when wide). Text is
/// sanitised first; this only changes how it is spelt.
pub fn to_ascii(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for grapheme in text.graphemes(true) {
        let width = grapheme.width();
        if grapheme.is_ascii() {
            out.push_str(grapheme);
            continue;
        }
        if width == 0 {
            continue;
        }
        let first = grapheme.chars().next().unwrap_or('?');
        let folded = if first.is_ascii() {
            first
        } else {
            ascii_fold(first).unwrap_or('?')
        };
        out.push(folded);
        out.extend(std::iter::repeat_n('?', width - 1));
    }
    Cow::Owned(out)
}

/// The ASCII letter or sign a character is written as without its marks or
/// typography, if it has one.
fn ascii_fold(c: char) -> Option<char> {
    Some(match c {
        'À'..='Æ' | 'Ā' | 'Ă' | 'Ą' | 'Ǎ' => 'A',
        'à'..='æ' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ª' => 'a',
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => 'C',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'Ð' | 'Ď' | 'Đ' => 'D',
        'ð' | 'ď' | 'đ' => 'd',
        'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => 'G',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'Ĥ' | 'Ħ' => 'H',
        'ĥ' | 'ħ' => 'h',
        'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => 'I',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'Ĵ' => 'J',
        'ĵ' => 'j',
        'Ķ' => 'K',
        'ķ' | 'ĸ' => 'k',
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => 'L',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => 'N',
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => 'n',
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' | 'Œ' => 'O',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'œ' | 'º' => 'o',
        'Ŕ' | 'Ŗ' | 'Ř' => 'R',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => 'S',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ß' => 's',
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' | 'Þ' => 'T',
        'ţ' | 'ť' | 'ŧ' | 'ț' | 'þ' => 't',
        'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => 'U',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'µ' => 'u',
        'Ŵ' => 'W',
        'ŵ' => 'w',
        'Ý' | 'Ÿ' | 'Ŷ' => 'Y',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        'ź' | 'ż' | 'ž' => 'z',
        // Dashes and minus signs.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2043}' | '\u{fe63}' | '\u{ff0d}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '´' | '`' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2039}' | '\u{27e8}' | '\u{2329}' => '<',
        '\u{203a}' | '\u{27e9}' | '\u{232a}' => '>',
        '\u{2026}' | '·' | '\u{2022}' | '\u{2219}' => '.',
        '×' => 'x',
        '÷' | '\u{2044}' => '/',
        '¡' => '!',
        '¿' => '?',
        '¢' => 'c',
        '€' => 'E',
        '£' => 'L',
        '§' => 'S',
        '©' => 'c',
        '®' => 'R',
        '°' => 'o',
        '±' => '+',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '¼' | '½' | '¾' => '/',
        '¬' => '!',
        '¦' => '|',
        c if c.is_whitespace() => ' ',
        _ => return None,
    })
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
        assert_eq!(sanitize("a\nb", true), "a\nb");
        assert_eq!(sanitize("a\nb\tc", false), "a␊b␉c");
        assert_eq!(sanitize("a\r\nb", true), "a␍\nb");
    }

    #[test]
    fn tabs_are_expanded_to_the_next_stop_not_dropped() {
        assert_eq!(
            sanitize("Personal\t-380\tmkr", true),
            "Personal        -380    mkr"
        );
        assert_eq!(sanitize("a\tb\nåäö\tc", true), "a       b\nåäö     c");
        // A wide character takes two columns before the stop.
        assert_eq!(sanitize("日本\tx", true), "日本    x");
    }

    #[test]
    fn invisible_characters_are_made_visible_by_their_properties() {
        for (c, name) in [
            ('\u{e0041}', "tag A"),
            ('\u{e007f}', "cancel tag"),
            ('\u{2028}', "line separator"),
            ('\u{2029}', "paragraph separator"),
            ('\u{206a}', "inhibit symmetric swapping"),
            ('\u{206f}', "nominal digit shapes"),
            ('\u{ad}', "soft hyphen"),
            ('\u{3164}', "hangul filler"),
            ('\u{115f}', "hangul choseong filler"),
            ('\u{34f}', "combining grapheme joiner"),
            ('\u{fff9}', "interlinear annotation anchor"),
            ('\u{fffb}', "interlinear annotation terminator"),
            ('\u{fe0f}', "variation selector 16"),
            ('\u{180e}', "mongolian vowel separator"),
        ] {
            let text = format!("Region{c}Väst");
            let shown = sanitize(&text, true);
            assert!(!shown.contains(c), "{name} passed: {shown:?}");
            assert_eq!(shown, format!("Region⟨U+{:04X}⟩Väst", c as u32), "{name}");
        }
        // Two names that differ only in invisible characters look different.
        assert_ne!(sanitize("Kirurgi", false), sanitize("Kir\u{ad}urgi", false));
        // Ordinary letters, combining or not, are left alone.
        assert!(matches!(
            sanitize("Åsele ö e\u{301} שָׁלוֹם 日本", false),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn combining_marks_are_capped_per_grapheme() {
        let zalgo = format!("a{}b", "\u{301}".repeat(120));
        let shown = sanitize(&zalgo, false);
        assert_eq!(shown, format!("a{}⟨+116⟩b", "\u{301}".repeat(MAX_MARKS)));
        assert!(shown.len() < 30, "{} bytes", shown.len());
        assert_eq!(sanitize(&shown, false), shown, "idempotent");
        // Vietnamese stacks two marks: untouched.
        let viet = "e\u{323}\u{302}";
        assert!(matches!(sanitize(viet, false), Cow::Borrowed(_)));
        // Marks after a kept line break form their own grapheme.
        let lone = format!("x\n{}", "\u{301}".repeat(9));
        let shown = sanitize(&lone, true);
        assert_eq!(shown, format!("x\n{}⟨+5⟩", "\u{301}".repeat(MAX_MARKS)));
        assert_eq!(sanitize(&shown, true), shown);
    }

    /// The table is exactly the union of the Unicode properties, as the
    /// Unicode Character Database compiled into `regex-syntax` has them.
    #[test]
    fn invisible_is_the_union_of_the_unicode_properties() {
        use regex_syntax::hir::{Class, HirKind};
        let hir = regex_syntax::Parser::new()
            .parse(r"[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\p{Cf}\p{Zl}\p{Zp}]")
            .unwrap();
        let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
            panic!("not a class: {hir:?}");
        };
        let ranges: Vec<(u32, u32)> = class
            .ranges()
            .iter()
            .map(|r| (r.start() as u32, r.end() as u32))
            .collect();
        let table: Vec<String> = ranges
            .iter()
            .map(|(a, b)| format!("    ({a:#x}, {b:#x}),"))
            .collect();
        assert_eq!(
            INVISIBLE,
            ranges.as_slice(),
            "regenerate INVISIBLE:\n{}",
            table.join("\n")
        );
    }

    #[test]
    fn fit_width_counts_columns_and_marks_the_cut() {
        assert_eq!(fit_width("Sjukhusvård", 20), "Sjukhusvård");
        assert_eq!(fit_width("Sjukhusvård", 6), "Sjukh…");
        assert_eq!(fit_width("日本語テキスト", 5), "日本…");
        assert_eq!(fit_width("日本語テキスト", 6), "日本…");
        assert_eq!(fit_width("abc", 0), "");
        assert_eq!(fit_width("abcdef", 1), "…");
        assert_eq!(fit_words("Uppgifter saknas för vissa", 14), "Uppgifter…");
        assert_eq!(fit_words("Uppgifter saknas för", 17), "Uppgifter saknas…");
        assert_eq!(fit_words("Uppgifter saknas", 16), "Uppgifter saknas");
        assert_eq!(fit_words("Långtordutanmellanrum", 8), "Långtor…");
        assert_eq!(fit_words("ord ", 2), "o…");
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
    fn ascii_transliteration_keeps_the_width_and_only_ascii() {
        assert_eq!(to_ascii("Åsele, Västerbotten"), "Asele, Vasterbotten");
        assert_eq!(
            to_ascii("Hälso- och sjukvårdsnämnden"),
            "Halso- och sjukvardsnamnden"
        );
        assert_eq!(to_ascii("−448 mkr"), "-448 mkr");
        assert_eq!(to_ascii("7\u{a0}058,0 – prognos"), "7 058,0 - prognos");
        assert_eq!(to_ascii("“Ærø” ’s Œuvre ß"), "\"Aro\" 's Ouvre s");
        // Marks go with their letter; the sanitiser's escapes stay readable.
        assert_eq!(to_ascii("e\u{301}te\u{301}"), "ete");
        assert_eq!(to_ascii("a⟨U+202E⟩b"), "a<U+202E>b");
        // Anything else is a visible ?, as wide as it was.
        assert_eq!(to_ascii("日本 ␛ ●"), "???? ? ?");
        assert!(matches!(to_ascii("plain"), Cow::Borrowed(_)));
        for text in [
            "Åsele",
            "日本語テキスト",
            "e\u{301}\u{301}x",
            "🇸🇪 flagga",
            "Ünîcödé ĳ ǅ",
        ] {
            let ascii = to_ascii(text);
            assert!(ascii.is_ascii(), "{ascii:?}");
            assert_eq!(ascii.width(), text.width(), "{text:?} → {ascii:?}");
        }
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
