//! Text from the store or from input files, made safe to print on a terminal.
//!
//! A reason, a customer name or a caption may hold control characters: ANSI escape
//! sequences (which can recolour, hide or rewrite what an analyst sees, or set the window
//! title) or Unicode direction overrides (`\u{202E}AGUBALA` displays as ALABUGA). Printed
//! text shows each such character as a visible `\u{…}` escape instead; JSON output is left
//! as it is, escaped by the JSON encoder.

/// Whether `c` changes how the text around it is displayed instead of being a character.
fn is_display_control(c: char) -> bool {
    c.is_control()
        || interdict_text::is_direction_control(c)
        // Left-to-right / right-to-left marks, the Arabic letter mark.
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` with every control and direction-changing character shown as `\u{…}`.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_display_control) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_display_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escapes_and_overrides_become_visible() {
        assert_eq!(sanitize("plain name"), "plain name");
        assert_eq!(sanitize("ok\u{1b}[2J"), "ok\\u{1b}[2J");
        assert_eq!(sanitize("\u{202e}AGUBALA"), "\\u{202e}AGUBALA");
        assert_eq!(sanitize("a\nb"), "a\\u{a}b");
    }
}
