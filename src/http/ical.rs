//! iCalendar (RFC 5545) text: escaping, line folding and content lines.

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Largest line length in octets, line break excluded (RFC 5545 §3.1).
pub const MAX_OCTETS: usize = 75;

/// Appends one content line, folded at 75 octets (a continuation line starts with a space,
/// which counts toward its 75), never inside a UTF-8 character, each line ending in CRLF.
pub fn push_line(out: &mut String, line: &str) {
    let mut budget = MAX_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > budget {
            out.push_str("\r\n ");
            // The leading space takes one octet of the continuation line.
            budget = MAX_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// Appends `NAME:value` with the value escaped as TEXT.
pub fn push_text(out: &mut String, name: &str, value: &str) {
    push_line(out, &format!("{name}:{}", escape_text(value)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.split("\r\n").filter(|l| !l.is_empty()).collect()
    }

    #[test]
    fn escapes_text_specials() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
        assert_eq!(escape_text("締切: 17:00"), "締切: 17:00");
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        push_line(&mut out, "SUMMARY:短い");
        assert_eq!(out, "SUMMARY:短い\r\n");
    }

    #[test]
    fn long_japanese_lines_fold_at_75_octets_between_characters() {
        let text =
            "電子カルテ情報共有サービス導入補助 3文書6情報 200床以上 申請受付の締切".repeat(4);
        let mut out = String::new();
        push_text(&mut out, "SUMMARY", &text);
        let ls = lines(&out);
        assert!(ls.len() > 3, "{ls:?}");
        for (i, l) in ls.iter().enumerate() {
            // Every piece is whole UTF-8 (a &str) and at most 75 octets.
            assert!(l.len() <= MAX_OCTETS, "line {i}: {} octets", l.len());
            if i > 0 {
                assert!(l.starts_with(' '));
            }
            // Folding uses the room: a line is cut only where the next character would not fit.
            if i + 1 < ls.len() {
                let next = ls[i + 1][1..].chars().next().unwrap();
                assert!(l.len() + next.len_utf8() > MAX_OCTETS, "line {i} cut early");
            }
        }
        // Unfolding (remove CRLF + space) gives the line back.
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}", escape_text(&text)));
    }

    #[test]
    fn ascii_lines_fold_at_exactly_75_octets() {
        let mut out = String::new();
        push_line(&mut out, &"x".repeat(200));
        let ls = lines(&out);
        assert_eq!(ls[0].len(), 75);
        assert_eq!(ls[1].len(), 75);
        assert_eq!(ls[2].len(), 1 + 200 - 75 - 74);
    }
}
