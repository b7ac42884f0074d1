//! The lists compiled into the binary (`data/lists/` in the repository, with its
//! PROVENANCE.md), imported into a new store on first use so that interdict works offline
//! with no import step.

use crate::StoreError;
use interdict_sources::SourceFile;

/// One bundled list: its id, the publication date its provenance gives (used when the
/// format states none), and its gzip-compressed files.
#[derive(Debug)]
pub struct BundledList {
    /// List id.
    pub list: &'static str,
    /// Publication or capture date, ISO.
    pub published: &'static str,
    /// `(file name, gzip bytes)`.
    pub files: &'static [(&'static str, &'static [u8])],
}

macro_rules! bundled {
    ($list:literal, $($file:literal),+) => {
        &[$(($file, include_bytes!(concat!("../../../data/lists/", $list, "/", $file, ".gz")))),+]
    };
}

/// Every bundled list.
pub const BUNDLED: &[BundledList] = &[
    BundledList {
        list: "us_ofac_sdn",
        published: "2024-05-03",
        files: bundled!(
            "us_ofac_sdn",
            "sdn.csv",
            "add.csv",
            "alt.csv",
            "sdn_comments.csv"
        ),
    },
    BundledList {
        list: "us_ofac_cons",
        published: "2025-12-19",
        files: bundled!(
            "us_ofac_cons",
            "cons_prim.csv",
            "cons_add.csv",
            "cons_alt.csv",
            "cons_comments.csv"
        ),
    },
    BundledList {
        list: "un_sc_sanctions",
        published: "2026-02-27",
        files: bundled!("un_sc_sanctions", "UN_consolidated.xml"),
    },
    BundledList {
        list: "eu_fsf",
        published: "2026-08-05",
        files: bundled!("eu_fsf", "eu_fsf_1_1_excerpt_2026-08-05.xml"),
    },
    BundledList {
        list: "gb_fcdo_sanctions",
        published: "2026-08-14",
        files: bundled!(
            "gb_fcdo_sanctions",
            "UK-Sanctions-List_excerpt_2026-08-14.xml"
        ),
    },
    BundledList {
        list: "gb_hmt_sanctions",
        published: "2018-04-13",
        files: bundled!("gb_hmt_sanctions", "sanctionsconlist_2018-04-13.csv"),
    },
    BundledList {
        list: "us_trade_csl",
        published: "2023-07-19",
        files: bundled!("us_trade_csl", "consolidated_excerpt_2025.csv"),
    },
    BundledList {
        list: "us_bis_denied",
        published: "2022-09-01",
        files: bundled!("us_bis_denied", "dpl.txt"),
    },
];

impl BundledList {
    /// The decompressed files.
    pub fn files(&self) -> Result<Vec<SourceFile>, StoreError> {
        self.files
            .iter()
            .map(|(name, gz)| {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(*gz), &mut bytes)
                    .map_err(|e| StoreError::Corrupt {
                        path: format!("(bundled) {}/{name}", self.list).into(),
                        message: e.to_string(),
                    })?;
                Ok(SourceFile {
                    name: name.to_string(),
                    bytes,
                })
            })
            .collect()
    }
}
