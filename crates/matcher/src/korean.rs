//! Korean surnames as the lists and customers spell them. A Korean surname is one syllable
//! that every romanization writes its own way — 이 is Lee, Yi, Rhee and, in the North, Ri;
//! 박 Park, Pak and Bak; 최 Choi and Choe — far apart as letters, one name as Korean. The
//! table gives, for the commonest surnames, the spellings in use (Revised Romanization,
//! McCune–Reischauer as North Korea writes it, and the customary ones); a name written in
//! Hangul is read through the same romanizer as every query, and its reading joins the row.

use crate::fxhash::FxHashMap;
use std::sync::OnceLock;

/// Each row: a surname in Hangul, then its spellings in Latin letters (lower case).
const SURNAMES: &[&[&str]] = &[
    &["김", "kim", "gim"],
    &["이", "lee", "yi", "i", "rhee", "ri", "li", "rhie"],
    &["리", "ri", "lee", "yi", "li"],
    &["박", "park", "pak", "bak", "bahk"],
    &["최", "choi", "choe", "chwe"],
    &["정", "jung", "jeong", "chung", "chong", "jong", "cheong"],
    &["강", "kang", "gang"],
    &["조", "cho", "jo", "joe", "zo"],
    &["윤", "yoon", "yun"],
    &["장", "jang", "chang"],
    &["임", "lim", "im", "rim", "yim"],
    &["림", "rim", "lim", "im"],
    &["한", "han"],
    &["오", "oh", "o"],
    &["서", "seo", "suh", "so", "sur"],
    &["신", "shin", "sin", "shinn"],
    &["권", "kwon", "gwon"],
    &["황", "hwang"],
    &["안", "ahn", "an"],
    &["송", "song"],
    &["류", "ryu", "yu", "yoo", "lyu", "ryoo"],
    &["유", "yoo", "yu", "ryu"],
    &["전", "jeon", "jun", "chon", "chun", "jon"],
    &["홍", "hong"],
    &["고", "ko", "go", "koh"],
    &["문", "moon", "mun"],
    &["양", "yang", "ryang"],
    &["손", "son", "sohn"],
    &["배", "bae", "pae"],
    &["백", "baek", "paek", "paik", "baik"],
    &["허", "heo", "hur", "huh", "ho"],
    &["노", "roh", "noh", "no", "ro"],
    &["남", "nam"],
    &["심", "shim", "sim"],
    &["곽", "kwak", "gwak"],
    &["성", "sung", "seong", "song"],
    &["차", "cha"],
    &["주", "joo", "ju", "chu"],
    &["우", "woo", "u"],
    &["구", "koo", "gu", "ku"],
    &["민", "min"],
    &["진", "jin", "chin"],
    &["지", "ji", "chi"],
    &["엄", "eom", "um", "om"],
    &["채", "chae", "chai"],
    &["원", "won"],
    &["천", "cheon", "chun", "chon"],
    &["방", "bang", "pang"],
    &["공", "kong", "gong"],
    &["현", "hyun", "hyeon", "hyon"],
    &["함", "ham"],
    &["변", "byun", "byeon", "pyon"],
    &["염", "yeom", "yum", "ryom"],
    &["여", "yeo", "yo", "ryo"],
    &["추", "chu", "choo"],
    &["도", "do", "to"],
    &["석", "seok", "suk", "sok"],
    &["선", "sun", "seon", "son"],
    &["설", "seol", "sol"],
    &["길", "gil", "kil"],
    &["연", "yeon", "yon"],
    &["표", "pyo"],
    &["명", "myung", "myeong", "myong"],
    &["기", "ki", "gi"],
    &["반", "ban", "pan"],
    &["금", "keum", "geum", "kum"],
    &["육", "yuk", "yook"],
    &["국", "kook", "guk", "kuk"],
    &["편", "pyun", "pyeon", "pyon"],
    &["용", "yong", "ryong"],
    &["봉", "bong", "pong"],
];

/// For each spelling (and each Hangul surname's reading by the romanizer), the rows it is
/// in, as a bit set (the table has fewer than 128 rows).
fn rows() -> &'static FxHashMap<String, u128> {
    static M: OnceLock<FxHashMap<String, u128>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m: FxHashMap<String, u128> = FxHashMap::default();
        for (k, row) in SURNAMES.iter().enumerate() {
            let read = interdict_text::romanize(row[0]).trim().to_string();
            for s in row[1..].iter().map(|s| s.to_string()).chain([read]) {
                *m.entry(s).or_default() |= 1u128 << k;
            }
        }
        m
    })
}

/// Whether two words (romanized, lower case) could be one Korean surname spelt two ways
/// ("i" / "lee", "bag" / "park", "choe" / "choi").
pub(crate) fn one_surname(a: &str, b: &str) -> bool {
    let m = rows();
    matches!((m.get(a), m.get(b)), (Some(x), Some(y)) if x & y != 0)
}

/// Whether two words (romanized, lower case) are spellings of two different Korean
/// surnames of the table, and of no one surname: "jo" (조) is not "choe" (최), "ryu" (류)
/// not "ryom" (염). A word outside the table says nothing.
pub(crate) fn two_surnames(a: &str, b: &str) -> bool {
    let m = rows();
    matches!((m.get(a), m.get(b)), (Some(x), Some(y)) if x & y == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_korean_surname_is_one_name_in_every_romanization() {
        assert!(SURNAMES.len() < 128);
        for (a, b) in [
            ("lee", "ri"),
            ("yi", "rhee"),
            ("park", "pak"),
            ("choi", "choe"),
        ] {
            assert!(one_surname(a, b), "{a} / {b}");
        }
        // A name written in Hangul reads as one of its row, whatever the romanizer writes.
        for h in ["이", "박", "최", "김", "정"] {
            let read = interdict_text::romanize(h).trim().to_string();
            let row = SURNAMES.iter().find(|r| r[0] == h).unwrap();
            assert!(
                row[1..].iter().all(|s| one_surname(&read, s)),
                "{h}: {read}"
            );
        }
        // Two surnames are not one, nor is a word outside the table.
        assert!(!one_surname("lee", "park"));
        assert!(!one_surname("kim", "choe"));
        assert!(!one_surname("lee", "leeds"));
        assert!(two_surnames("jo", "choe") && two_surnames("ryu", "ryom"));
        assert!(!two_surnames("choi", "choe") && !two_surnames("kim", "kimura"));
    }
}
