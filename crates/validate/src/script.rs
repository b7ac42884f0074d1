//! Renders names into and out of Cyrillic and Arabic script the way people and other
//! systems do, independently of the matcher's own romanizer: a test that romanized with the
//! engine's tables would only test that the engine agrees with itself.

use interdict_synth::Rng;

/// Latin letters and digraphs in Cyrillic, longest first (how a Russian clerk writes a
/// foreign name: "Hamed" → "Хамед", "Shahed" → "Шахед").
const TO_CYRILLIC: &[(&str, &str)] = &[
    ("shch", "щ"),
    ("sch", "ш"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("tz", "ц"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "ё"),
    ("ye", "е"),
    ("ph", "ф"),
    ("th", "т"),
    ("ck", "к"),
    ("ee", "и"),
    ("oo", "у"),
    ("ou", "у"),
    ("a", "а"),
    ("b", "б"),
    ("c", "к"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "х"),
    ("i", "и"),
    ("j", "дж"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "к"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "в"),
    ("x", "кс"),
    ("y", "й"),
    ("z", "з"),
];

/// Writes a Latin-script name in Cyrillic letters, keeping case per word.
pub fn to_cyrillic(name: &str) -> String {
    map_words(name, |word| {
        let lower = word.to_lowercase();
        let mut out = String::new();
        let mut rest = lower.as_str();
        while let Some(c) = rest.chars().next() {
            let (piece, used) = TO_CYRILLIC
                .iter()
                .find(|(l, _)| rest.starts_with(l))
                .map(|(l, c)| (c.to_string(), l.len()))
                .unwrap_or_else(|| (c.to_string(), c.len_utf8()));
            // "y" after a consonant is a vowel: "ий" at the end of a word (Yury → Юрий),
            // "ы" inside one (Krylov → Крылов).
            let piece = if piece == "й" && !out.is_empty() && !ends_with_vowel(&out) {
                if used == rest.len() {
                    "ий".to_string()
                } else {
                    "ы".to_string()
                }
            } else {
                piece
            };
            out.push_str(&piece);
            rest = &rest[used..];
        }
        recase(word, &out)
    })
}

fn ends_with_vowel(s: &str) -> bool {
    s.chars()
        .last()
        .is_some_and(|c| "аеёиоуыэюяaeiou".contains(c))
}

/// Writes a Latin-script name in Arabic letters as an Arabic or Persian writer would: short
/// vowels inside a word left out, long and final vowels written, doubled consonants single.
pub fn to_arabic(name: &str) -> String {
    const DIGRAPHS: &[(&str, char)] = &[
        ("sh", 'ش'),
        ("kh", 'خ'),
        ("gh", 'غ'),
        ("th", 'ث'),
        ("dh", 'ذ'),
        ("ch", 'چ'),
        ("zh", 'ژ'),
        ("ph", 'ف'),
    ];
    const LETTERS: &[(char, char)] = &[
        ('b', 'ب'),
        ('p', 'پ'),
        ('t', 'ت'),
        ('j', 'ج'),
        ('h', 'ه'),
        ('d', 'د'),
        ('r', 'ر'),
        ('z', 'ز'),
        ('s', 'س'),
        ('f', 'ف'),
        ('q', 'ق'),
        ('k', 'ك'),
        ('c', 'ك'),
        ('g', 'گ'),
        ('l', 'ل'),
        ('m', 'م'),
        ('n', 'ن'),
        ('w', 'و'),
        ('v', 'و'),
        ('y', 'ي'),
        ('x', 'ك'),
    ];
    map_words(name, |word| {
        let lower: Vec<char> = word.to_lowercase().chars().collect();
        let mut out = String::new();
        let mut i = 0;
        let mut last: Option<char> = None;
        while i < lower.len() {
            let c = lower[i];
            let pair: String = lower[i..lower.len().min(i + 2)].iter().collect();
            if let Some((_, a)) = DIGRAPHS.iter().find(|(l, _)| *l == pair) {
                push_single(&mut out, &mut last, *a);
                i += 2;
                continue;
            }
            if "aeiou".contains(c) {
                let long = lower.get(i + 1).is_some_and(|n| "aeiou".contains(*n));
                let first = i == 0;
                let final_ = i + 1 == lower.len();
                let letter = match c {
                    'a' => 'ا',
                    'e' | 'i' => 'ي',
                    _ => 'و',
                };
                if first {
                    out.push('ا');
                    if c != 'a' && c != 'e' && long {
                        out.push(letter);
                    }
                    last = None;
                } else if long || final_ {
                    out.push(letter);
                    last = None;
                }
                i += if long { 2 } else { 1 };
                continue;
            }
            match LETTERS.iter().find(|(l, _)| *l == c) {
                Some((_, a)) => push_single(&mut out, &mut last, *a),
                None => {
                    out.push(c);
                    last = None;
                }
            }
            i += 1;
        }
        out
    })
}

fn push_single(out: &mut String, last: &mut Option<char>, c: char) {
    if *last != Some(c) {
        out.push(c);
    }
    *last = Some(c);
}

/// Romanizes a Cyrillic name with one of the systems in real use (passport, French, German,
/// scientific-ish), chosen by `rng` once for the whole name, as one foreign system would.
pub fn from_cyrillic(name: &str, rng: &mut Rng) -> String {
    // Column per system: English/ICAO-like, French, German, simplified scholarly.
    const TABLE: &[(char, [&str; 4])] = &[
        ('а', ["a", "a", "a", "a"]),
        ('б', ["b", "b", "b", "b"]),
        ('в', ["v", "v", "w", "v"]),
        ('г', ["g", "g", "g", "g"]),
        ('д', ["d", "d", "d", "d"]),
        ('е', ["e", "e", "e", "e"]),
        ('ё', ["e", "io", "jo", "yo"]),
        ('ж', ["zh", "j", "sch", "z"]),
        ('з', ["z", "z", "s", "z"]),
        ('и', ["i", "i", "i", "i"]),
        ('й', ["i", "i", "j", "j"]),
        ('к', ["k", "k", "k", "k"]),
        ('л', ["l", "l", "l", "l"]),
        ('м', ["m", "m", "m", "m"]),
        ('н', ["n", "n", "n", "n"]),
        ('о', ["o", "o", "o", "o"]),
        ('п', ["p", "p", "p", "p"]),
        ('р', ["r", "r", "r", "r"]),
        ('с', ["s", "ss", "s", "s"]),
        ('т', ["t", "t", "t", "t"]),
        ('у', ["u", "ou", "u", "u"]),
        ('ф', ["f", "f", "f", "f"]),
        ('х', ["kh", "kh", "ch", "h"]),
        ('ц', ["ts", "ts", "z", "c"]),
        ('ч', ["ch", "tch", "tsch", "c"]),
        ('ш', ["sh", "ch", "sch", "s"]),
        ('щ', ["shch", "chtch", "schtsch", "sc"]),
        ('ъ', ["ie", "", "", ""]),
        ('ы', ["y", "y", "y", "y"]),
        ('ь', ["", "", "", ""]),
        ('э', ["e", "e", "e", "e"]),
        ('ю', ["iu", "iou", "ju", "ju"]),
        ('я', ["ia", "ia", "ja", "ja"]),
        ('і', ["i", "i", "i", "i"]),
        ('ї', ["i", "i", "ji", "ji"]),
        ('є', ["ie", "ie", "je", "je"]),
        ('ґ', ["g", "g", "g", "g"]),
        ('ў', ["u", "ou", "u", "u"]),
    ];
    let system = rng.below(4);
    map_words(name, |word| {
        let mut out = String::new();
        for c in word.chars() {
            let lower = c.to_lowercase().next().unwrap_or(c);
            match TABLE.iter().find(|(k, _)| *k == lower) {
                Some((_, forms)) => out.push_str(forms[system]),
                None => out.push(c),
            }
        }
        recase(word, &out)
    })
}

/// Romanizes an Arabic-script name the way an English-language record would hold it:
/// consonants from a simple table, the written long vowels, an "a" between consonants
/// where the short vowel is not written.
pub fn from_arabic(name: &str, rng: &mut Rng) -> String {
    const TABLE: &[(char, &str)] = &[
        ('ا', "a"),
        ('أ', "a"),
        ('إ', "i"),
        ('آ', "a"),
        ('ء', ""),
        ('ؤ', "u"),
        ('ئ', "i"),
        ('ب', "b"),
        ('پ', "p"),
        ('ت', "t"),
        ('ث', "th"),
        ('ج', "j"),
        ('چ', "ch"),
        ('ح', "h"),
        ('خ', "kh"),
        ('د', "d"),
        ('ذ', "dh"),
        ('ر', "r"),
        ('ز', "z"),
        ('ژ', "zh"),
        ('س', "s"),
        ('ش', "sh"),
        ('ص', "s"),
        ('ض', "d"),
        ('ط', "t"),
        ('ظ', "z"),
        ('ع', "'"),
        ('غ', "gh"),
        ('ف', "f"),
        ('ق', "q"),
        ('ك', "k"),
        ('ک', "k"),
        ('گ', "g"),
        ('ل', "l"),
        ('م', "m"),
        ('ن', "n"),
        ('ه', "h"),
        ('ة', "a"),
        ('و', "w"),
        ('ي', "y"),
        ('ی', "y"),
        ('ى', "a"),
    ];
    // Some writers drop the ʿayn, others write it as an apostrophe.
    let drop_ayn = rng.chance(0.5);
    map_words(name, |word| {
        let letters: Vec<&str> = word
            .chars()
            .filter(|c| !('\u{064B}'..='\u{065F}').contains(c))
            .map(|c| {
                TABLE
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map(|(_, v)| *v)
                    .unwrap_or("")
            })
            .collect();
        let mut out = String::new();
        for (i, l) in letters.iter().enumerate() {
            // A leading ʿayn is read as its vowel ("علي" → "Ali").
            let l = match *l {
                "'" if i == 0 => "a",
                "'" if drop_ayn => "",
                _ => l,
            };
            // و and ي between consonants are the long vowels u and i.
            let l = match (l, i > 0, i + 1 < letters.len()) {
                ("w", true, _) => "u",
                ("y", true, true) => "i",
                ("y", true, false) => "i",
                _ => l,
            };
            let is_vowel = |s: &str| s.starts_with(['a', 'e', 'i', 'o', 'u']);
            if !out.is_empty()
                && !l.is_empty()
                && !is_vowel(l)
                && !out.ends_with(['a', 'e', 'i', 'o', 'u'])
            {
                out.push('a');
            }
            out.push_str(l);
        }
        let mut c = out.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => out,
        }
    })
}

/// Applies `f` to every run of letters, keeping spaces and punctuation between them.
fn map_words(name: &str, mut f: impl FnMut(&str) -> String) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_alphabetic() || ('\u{064B}'..='\u{065F}').contains(&c) {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push_str(&f(&word));
                word.clear();
            }
            out.push(c);
        }
    }
    if !word.is_empty() {
        out.push_str(&f(&word));
    }
    out
}

/// Gives `rendered` the case pattern of `original`: all upper, capitalized, or lower.
fn recase(original: &str, rendered: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return rendered.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut c = rendered.chars();
        return match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => String::new(),
        };
    }
    rendered.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_names_go_into_cyrillic_as_a_clerk_writes_them() {
        assert_eq!(to_cyrillic("Hamed ABDOLLAHI"), "Хамед АБДОЛЛАХИ");
        assert_eq!(to_cyrillic("Shahed"), "Шахед");
        assert_eq!(to_cyrillic("Yury Borisov"), "Юрий Борисов");
        assert_eq!(to_cyrillic("Krylov"), "Крылов");
    }

    #[test]
    fn latin_names_go_into_arabic_without_short_vowels() {
        assert_eq!(to_arabic("Shahed"), "شهد");
        assert_eq!(to_arabic("Ali"), "الي");
        assert_eq!(to_arabic("Mohammad"), "مهمد");
    }

    #[test]
    fn cyrillic_romanizes_with_one_system_per_name() {
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..40 {
            seen.insert(from_cyrillic("Шагивалеев Тимур", &mut Rng::new(seed)));
        }
        assert!(seen.contains("Shagivaleev Timur"), "{seen:?}");
        assert!(seen.contains("Schagiwalejew Timur") || seen.contains("Schagiwaleew Timur"));
        assert!(seen.len() >= 3, "{seen:?}");
    }

    #[test]
    fn arabic_romanizes_with_written_vowels() {
        assert_eq!(from_arabic("محمد", &mut Rng::new(1)), "Mahamad");
        assert_eq!(from_arabic("علي", &mut Rng::new(3)), "Ali");
    }
}
