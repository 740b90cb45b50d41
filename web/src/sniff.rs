//! What a file looks like, from its first bytes: so a file picked in the
//! wrong place is refused with a message that says what it is and where it
//! belongs, instead of being read as something it is not.

/// The kinds of file a person may pick by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Looks {
    /// No bytes at all.
    Empty,
    /// Bytes that are not text (a spreadsheet, an image, a zip).
    Binary,
    /// A sessions CSV (`user,org,product,login,logout`).
    SessionsCsv,
    /// An interactions CSV (`id,org,start,...`).
    InteractionsCsv,
    /// Some other CSV.
    Csv,
    /// JSON (a scenario or not).
    Json,
    /// Any other text.
    Text,
}

/// Sniffs a file's kind from its start, after any blank lines (however
/// many: a tester's file had 4 KB of them before its header). `bytes` are
/// the file's, whole or from its first byte that is not blank.
pub fn looks(bytes: &[u8]) -> Looks {
    let Some(start) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Looks::Empty;
    };
    let head = &bytes[start..bytes.len().min(start + 4096)];
    // A NUL byte, or bytes that are not UTF-8 (a cut multi-byte character at the 4 KB edge is allowed).
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return Looks::Binary,
    };
    if text.contains('\0') {
        return Looks::Binary;
    }
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') || text.starts_with('[') {
        return Looks::Json;
    }
    let header: Vec<String> = text
        .lines()
        .next()
        .unwrap_or("")
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let has = |names: &[&str]| names.iter().all(|n| header.iter().any(|h| h == n));
    if has(&["user", "login", "logout"]) {
        Looks::SessionsCsv
    } else if has(&["id", "org", "start"]) {
        Looks::InteractionsCsv
    } else if header.len() > 1 {
        Looks::Csv
    } else {
        Looks::Text
    }
}

/// The bytes [`looks`] needs of a file of `len` bytes: `window` of them
/// from its first byte that is not blank, or the last blank ones when it
/// holds nothing else. `read(from, to)` reads a range of the file; blank
/// lines are skipped `window` bytes at a time, so a large file's blank
/// start is not taken for the whole file.
pub fn past_blanks(
    len: usize,
    window: usize,
    mut read: impl FnMut(usize, usize) -> Vec<u8>,
) -> Vec<u8> {
    let mut at = 0;
    loop {
        let chunk = read(at, (at + window).min(len));
        match chunk.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(0) => return chunk,
            Some(i) => return read(at + i, (at + i + window).min(len)),
            None if at + window >= len || chunk.is_empty() => return chunk,
            None => at += window,
        }
    }
}

/// Why a file picked as sessions is not read at all, from its first bytes
/// (the page's check of a small file, the worker's of a large one).
pub fn not_sessions(head: &[u8]) -> Option<&'static str> {
    match looks(head) {
        Looks::Empty if head.is_empty() => Some("the file is empty: nothing was imported"),
        // Tester: a file of blank lines was called "empty".
        Looks::Empty => Some("the file holds only blank lines where its header should be (user,org,product,login,logout): nothing was imported"),
        Looks::Binary => Some("this is not a text file (a sessions file is a CSV with the columns user,org,product,login,logout): nothing was imported"),
        Looks::Json => Some("this looks like a scenario (JSON): open it with Open scenario at the top: nothing was imported"),
        Looks::InteractionsCsv => Some("this looks like a bot interactions CSV: import it below, under Import bot interactions: nothing was imported"),
        _ => None,
    }
}

/// Why a file of this kind is not a scenario, and what to do with it;
/// `None` for JSON (the engine says what is wrong with it).
pub fn not_a_scenario(kind: Looks) -> Option<&'static str> {
    Some(match kind {
        Looks::Empty => "the file is empty",
        Looks::Binary => "this is not a text file (a scenario is a .json file saved by Download scenario)",
        Looks::SessionsCsv => "this looks like a sessions CSV: import it under Usage, Import logins",
        Looks::InteractionsCsv => {
            "this looks like a bot interactions CSV: import it under Usage, Import bot interactions"
        }
        Looks::Csv => "this is a CSV file, not a scenario (a scenario is a .json file saved by Download scenario)",
        Looks::Text => "this is not a scenario (a scenario is a .json file saved by Download scenario)",
        Looks::Json => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_files_apart() {
        assert_eq!(looks(b""), Looks::Empty);
        assert_eq!(looks(b" \n"), Looks::Empty);
        assert_eq!(looks(b"PK\x03\x04\0\0"), Looks::Binary);
        assert_eq!(looks(&[0xff, 0xfe, 0x41]), Looks::Binary);
        assert_eq!(
            looks(b"user,org,product,login,logout\n"),
            Looks::SessionsCsv
        );
        assert_eq!(
            looks(b"\xef\xbb\xbfid,org,start,resources\n"),
            Looks::InteractionsCsv
        );
        assert_eq!(looks(b"a,b\n1,2\n"), Looks::Csv);
        assert_eq!(looks(b"  {\"billsim\": 1}"), Looks::Json);
        assert_eq!(looks(b"hello"), Looks::Text);
        // Blank lines before the header, more than the bytes sniffed.
        let mut late = vec![b'\n'; 5000];
        late.extend_from_slice(b"user,org,product,login,logout\n");
        assert_eq!(looks(&late), Looks::SessionsCsv);
        assert!(not_sessions(&late[..4999])
            .unwrap()
            .contains("only blank lines"));
        let read = |a: usize, b: usize| late[a..b].to_vec();
        let head = past_blanks(late.len(), 4096, read);
        assert!(head.starts_with(b"user,"), "{head:?}");
        let blank = vec![b'\n'; 9000];
        let head = past_blanks(blank.len(), 4096, |a, b| blank[a..b].to_vec());
        assert_eq!(looks(&head), Looks::Empty);
        assert!(not_a_scenario(Looks::SessionsCsv)
            .unwrap()
            .contains("import it under Usage"));
    }
}
