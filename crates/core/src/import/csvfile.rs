//! Reading one CSV file as Swedish exports write them (UTF-8 with or
//! without BOM; `;`, `,` or a tab between fields; quoted fields with line
//! breaks), a record at a time and in bounded memory: a field longer than
//! the format allows is measured and dropped while it is read, never held,
//! and a record keeps at most a fixed number of fields.

use crate::output::not_regular;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Bytes read from the file at a time.
const CHUNK: usize = 64 * 1024;

/// One record as read: its first line and its fields, raw bytes, each at
/// most the reader's field limit. Reused from record to record.
#[derive(Debug, Default)]
pub struct RawRecord {
    pub line: u64,
    pub fields: Vec<Vec<u8>>,
    /// Fields longer than the limit: (position, length in bytes). Their
    /// place in `fields` holds an empty value.
    pub too_long: Vec<(usize, u64)>,
    /// Fields beyond the most a record keeps, counted, not kept.
    pub extra_fields: u64,
    /// Cells of a worksheet that hold an Excel error (`#N/A`): (position,
    /// the error). Their place in `fields` holds an empty value. A CSV
    /// file has none.
    pub excel_errors: Vec<(usize, String)>,
}

impl RawRecord {
    /// How many fields the record has, kept or not.
    pub fn len(&self) -> u64 {
        self.fields.len() as u64 + self.extra_fields
    }
}

/// A CSV file read record by record.
pub struct Records {
    file: File,
    core: csv_core::Reader,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    scratch: Vec<u8>,
    field_limit: usize,
    pub max_fields: usize,
    /// Spare field buffers, so that a record reuses its allocations.
    spare: Vec<Vec<u8>>,
    /// The file's first bytes are UTF-16, not UTF-8: which kind.
    pub utf16: Option<&'static str>,
}

impl Records {
    /// Opens `path`, skips a byte order mark and detects the delimiter from
    /// the header row. Fields over `field_limit` bytes are measured, not kept.
    /// Anything but a regular file (after following links) is refused
    /// before it is read: a FIFO without a writer or a device would block
    /// the import for ever.
    pub fn open(path: &Path, field_limit: usize) -> std::io::Result<Records> {
        let mut file = open_regular(path)?;
        let mut buf = vec![0u8; CHUNK];
        let mut end = 0;
        // The first chunk, to see the BOM and the header's delimiters.
        while end < buf.len() {
            match file.read(&mut buf[end..]) {
                Ok(0) => break,
                Ok(n) => end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let start = if buf[..end].starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            0
        };
        let utf16 = utf16(&buf[..end]);
        let delimiter = detect_delimiter(&buf[start..end]);
        Ok(Records {
            file,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            buf,
            start,
            end,
            eof: false,
            scratch: vec![0u8; CHUNK],
            field_limit,
            max_fields: 1_000,
            spare: Vec::new(),
            utf16,
        })
    }

    /// Reads the next record into `out`; false at the end of the file.
    pub fn next_record(&mut self, out: &mut RawRecord) -> std::io::Result<bool> {
        self.spare.extend(out.fields.drain(..).map(|mut f| {
            f.clear();
            f
        }));
        out.too_long.clear();
        out.extra_fields = 0;
        // Line ends before a record (the `\n` of a `\r\n` that ended the
        // previous one, blank lines) are skipped here, so that the record's
        // line is the one its first field is on.
        let mut newlines = 0;
        loop {
            if self.start == self.end && !self.eof {
                self.refill()?;
            }
            match self.buf[self.start..self.end].first() {
                Some(b'\n') => newlines += 1,
                Some(b'\r') => {}
                _ => break,
            }
            self.start += 1;
        }
        self.core.set_line(self.core.line() + newlines);
        out.line = self.core.line();
        let mut field = self.spare.pop().unwrap_or_default();
        let mut length: u64 = 0;
        loop {
            if self.start == self.end && !self.eof {
                self.refill()?;
            }
            let input = &self.buf[self.start..self.end];
            let (result, read, written) = self.core.read_field(input, &mut self.scratch);
            self.start += read;
            length += written as u64;
            if length <= self.field_limit as u64 {
                field.extend_from_slice(&self.scratch[..written]);
            } else {
                field.clear();
            }
            match result {
                csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
                csv_core::ReadFieldResult::Field { record_end } => {
                    let position = out.fields.len() as u64 + out.extra_fields;
                    if length > self.field_limit as u64 {
                        out.too_long.push((position as usize, length));
                    }
                    if out.fields.len() < self.max_fields {
                        out.fields.push(std::mem::take(&mut field));
                        field = self.spare.pop().unwrap_or_default();
                    } else {
                        out.extra_fields += 1;
                        field.clear();
                    }
                    length = 0;
                    if record_end {
                        self.spare.push(field);
                        return Ok(true);
                    }
                }
                csv_core::ReadFieldResult::End => {
                    self.spare.push(field);
                    return Ok(false);
                }
            }
        }
    }

    fn refill(&mut self) -> std::io::Result<()> {
        self.start = 0;
        self.end = 0;
        loop {
            match self.file.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end = n;
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// `path` opened for reading if it is a regular file, links followed. It
/// is looked at before it is opened, and opened without blocking (on a
/// FIFO, `open` itself waits for a writer) and looked at again, since
/// another file may have taken its name in between; then reads block again.
pub(super) fn open_regular(path: &Path) -> std::io::Result<File> {
    let refuse = |kind: &str| {
        std::io::Error::other(format!(
            "it is {kind}, not a regular file; import reads regular files only"
        ))
    };
    if let Some(kind) = not_regular(&std::fs::metadata(path)?.file_type()) {
        return Err(refuse(kind));
    }
    let file = open_nonblocking(path)?;
    if let Some(kind) = not_regular(&file.metadata()?.file_type()) {
        return Err(refuse(kind));
    }
    #[cfg(unix)]
    {
        use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
        fcntl_setfl(&file, fcntl_getfl(&file)? - OFlags::NONBLOCK)?;
    }
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let nonblocking = rustix::fs::OFlags::NONBLOCK.bits();
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(i32::try_from(nonblocking).unwrap_or_default())
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// The delimiter the header row uses most, outside quotes: `;`, `,` or a
/// tab (`;` on a tie, then `,`).
pub fn detect_delimiter(bytes: &[u8]) -> u8 {
    let (mut semicolons, mut commas, mut tabs, mut quoted) = (0, 0, 0, false);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > semicolons && tabs > commas {
        b'\t'
    } else if commas > semicolons {
        b','
    } else {
        b';'
    }
}

/// Whether `bytes`, a file's start, are UTF-16 ("little-endian" or
/// "big-endian"): a UTF-16 byte order mark, or text whose every other byte
/// is NUL (what Excel's "Unicode Text" and PowerShell write, often without
/// a mark). Read as UTF-8 such a file is letters and NULs interleaved.
pub fn utf16(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xff\xfe") {
        return Some("little-endian");
    }
    if bytes.starts_with(b"\xfe\xff") {
        return Some("big-endian");
    }
    let sample = &bytes[..bytes.len().min(1024) & !1];
    let pairs = sample.len() / 2;
    let nuls = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nuls(0), nuls(1));
    // ASCII text in UTF-16 has a NUL in nearly every pair, on one side.
    match (even * 4 >= pairs * 3, odd * 4 >= pairs * 3) {
        _ if pairs < 2 => None,
        (false, true) if even == 0 => Some("little-endian"),
        (true, false) if odd == 0 => Some("big-endian"),
        _ => None,
    }
}

/// The one sentence for a file that is UTF-16, not UTF-8.
pub fn utf16_problem(endian: &str) -> String {
    format!(
        "this file is UTF-16 ({endian}; what Excel saves as \"Unicode Text\"), not UTF-8; save it \
         as UTF-8 (in Excel: CSV UTF-8) and import again"
    )
}

/// Why the bytes of a field are not UTF-8, in one sentence for the file.
/// Excel on Windows saves CSV in Windows-1252: bytes that read as that
/// code page, in a file with no UTF-8 letters before them, are named so.
pub fn encoding_problem(bytes: &[u8], error: std::str::Utf8Error, seen_utf8: bool) -> String {
    let cp1252 = !seen_utf8
        && bytes
            .iter()
            .filter(|&&b| b >= 0x80)
            .all(|b| !matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d));
    if cp1252 {
        "this file is Windows-1252 (what Excel saves as CSV on Windows), not UTF-8; save it as \
         UTF-8 (in Excel: CSV UTF-8) and import again"
            .to_string()
    } else {
        format!(
            "the file is not UTF-8 (byte 0x{:02X} cannot start a character); save it as UTF-8",
            bytes[error.valid_up_to()]
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure
mod tests {
    use super::*;

    #[test]
    fn delimiter_follows_the_header() {
        assert_eq!(detect_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_delimiter(b"a,b,c\n\"1;5\",2,3"), b',');
        assert_eq!(detect_delimiter(b"\"a,b\";c\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc\n1,5\t2;3\t4"), b'\t');
        assert_eq!(detect_delimiter(b"a\tb;c;d\n"), b';');
    }

    /// (line, fields, too long, extra fields) per record.
    type Read = (u64, Vec<String>, Vec<(usize, u64)>, u64);

    fn records(content: &[u8], limit: usize) -> Vec<Read> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, content).unwrap();
        let mut reader = Records::open(&path, limit).unwrap();
        reader.max_fields = 4;
        let mut record = RawRecord::default();
        let mut out = Vec::new();
        while reader.next_record(&mut record).unwrap() {
            out.push((
                record.line,
                record
                    .fields
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
                record.too_long.clone(),
                record.extra_fields,
            ));
        }
        out
    }

    #[test]
    fn records_carry_their_first_line_whatever_the_line_ends() {
        let got = records(
            b"\xef\xbb\xbfa;b\r\n1;\"two\r\nlines\"\r\n\r\n3;4\n5;6",
            100,
        );
        let lines: Vec<u64> = got.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 5, 6]);
        assert_eq!(got[0].1, ["a", "b"]);
        assert_eq!(got[1].1, ["1", "two\r\nlines"]);
        assert_eq!(got[3].1, ["5", "6"]);
    }

    #[test]
    fn a_long_field_is_measured_not_kept_and_extra_fields_counted() {
        let long = "x".repeat(3 * CHUNK + 7);
        let content = format!("a;b\n1;{long};z\n2;3;4;5;6;7\n");
        let got = records(content.as_bytes(), 1000);
        assert_eq!(got[1].1, ["1", "", "z"]);
        assert_eq!(got[1].2, [(1, long.len() as u64)]);
        assert_eq!(got[2].1.len(), 4);
        assert_eq!(got[2].3, 2);
    }

    #[test]
    fn utf16_is_named_with_or_without_a_byte_order_mark() {
        let le: Vec<u8> = "key;value\r\ntitle;x\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "key;value\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16(&le), Some("little-endian"));
        assert_eq!(utf16(&be), Some("big-endian"));
        assert_eq!(
            utf16(&[b"\xff\xfe".as_slice(), &le].concat()),
            Some("little-endian")
        );
        assert_eq!(utf16(b"key;value\nhej;d\xc3\xa5\n"), None);
        assert_eq!(utf16(b""), None);
        assert_eq!(utf16(b"a\0"), None);
    }

    #[test]
    fn windows_1252_is_named_and_broken_utf8_is_not() {
        let text: &[u8] = &b"H\xe4lso- och sjukv\xe5rd"[..];
        let err = std::str::from_utf8(std::hint::black_box(text)).unwrap_err();
        assert!(encoding_problem(text, err, false).starts_with("this file is Windows-1252"));
        assert!(encoding_problem(text, err, true).contains("byte 0xE4 cannot start"));
        let text: &[u8] = &b"a\x81b"[..];
        let err = std::str::from_utf8(std::hint::black_box(text)).unwrap_err();
        assert!(encoding_problem(text, err, false).contains("not UTF-8"));
    }
}
