//! XML helpers over roxmltree: parsing with DTDs refused, and small accessors that keep the
//! parsers short.

use crate::{ParseError, SourceFile};
use roxmltree::{Document, Node, ParsingOptions};

/// Parses a document, refusing DTDs (entity-expansion attacks) and naming the position of
/// any syntax error.
pub(crate) fn parse<'a>(file: &SourceFile, text: &'a str) -> Result<Document<'a>, ParseError> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: 50_000_000,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| {
        let pos = e.pos();
        let msg = match e {
            roxmltree::Error::DtdDetected => {
                "contains a document type declaration (DTD); list files never do, and DTD \
                 entities can expand without bound, so the file is refused"
                    .to_string()
            }
            other => format!("malformed XML: {other}"),
        };
        ParseError::at(
            &file.name,
            format!("line {}, column {}", pos.row, pos.col),
            None,
            msg,
        )
    })
}

/// The local name of the root element, read from the text without parsing it all
/// (skips the declaration, comments and processing instructions).
pub(crate) fn root_name_hint(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        let start = rest.find('<')?;
        rest = &rest[start..];
        if rest.starts_with("<?") {
            rest = &rest[rest.find("?>")? + 2..];
        } else if rest.starts_with("<!--") {
            rest = &rest[rest.find("-->")? + 3..];
        } else if rest.starts_with("<!") {
            // DOCTYPE: the root name follows it; report the element after.
            rest = &rest[2..];
        } else {
            let name: String = rest[1..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            let local = name.rsplit(':').next().unwrap_or(&name).to_string();
            return Some(local);
        }
    }
}

/// Child elements with the given local name.
pub(crate) fn children<'a, 'i>(
    node: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The `item` elements inside the first `list` child (`<akaList><aka/>…</akaList>`); empty
/// when the list element is absent.
pub(crate) fn items<'a, 'i>(
    node: Node<'a, 'i>,
    list: &str,
    item: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    child(node, list)
        .into_iter()
        .flat_map(move |l| children(l, item))
}

/// The first child element with the given local name.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The trimmed text of the first child element with the given local name, if non-empty.
pub(crate) fn text(node: Node, name: &str) -> Option<String> {
    child(node, name).and_then(own_text)
}

/// The trimmed text content of an element, if non-empty.
pub(crate) fn own_text(node: Node) -> Option<String> {
    let t: String = node
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A trimmed, non-empty attribute value.
pub(crate) fn attr(node: Node, name: &str) -> Option<String> {
    node.attribute(name)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// "line N" for a node, for error messages.
pub(crate) fn pos(doc: &Document, node: Node) -> String {
    let p = doc.text_pos_at(node.range().start);
    format!("line {}", p.row)
}
