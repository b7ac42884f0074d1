//! The catalogue of lists interdict knows: id, title, publisher and official download URL.
//! Ids follow OpenSanctions' dataset names where one exists, so yente users recognize them.

/// Facts about one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListInfo {
    /// Stable id (`us_ofac_sdn`).
    pub id: &'static str,
    /// Human title.
    pub title: &'static str,
    /// Who publishes it.
    pub publisher: &'static str,
    /// Where the official file is downloaded from.
    pub url: &'static str,
    /// Prefix of entity ids from this list.
    pub id_prefix: &'static str,
}

/// Every list with its own parser. Lists imported from FtM files take their id from
/// `--list` or the file and are not in this table.
pub const LISTS: &[ListInfo] = &[
    ListInfo {
        id: "us_ofac_sdn",
        title: "OFAC Specially Designated Nationals (SDN) List",
        publisher: "US Treasury, Office of Foreign Assets Control",
        url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
        id_prefix: "ofac-",
    },
    ListInfo {
        id: "us_ofac_cons",
        title: "OFAC Consolidated (non-SDN) Sanctions List",
        publisher: "US Treasury, Office of Foreign Assets Control",
        url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV",
        id_prefix: "ofac-",
    },
    ListInfo {
        id: "un_sc_sanctions",
        title: "UN Security Council Consolidated List",
        publisher: "United Nations Security Council",
        url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        id_prefix: "un-",
    },
    ListInfo {
        id: "eu_fsf",
        title: "EU Financial Sanctions Files (consolidated list)",
        publisher: "European Commission, DG FISMA",
        url: "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content",
        id_prefix: "eu-",
    },
    ListInfo {
        id: "gb_hmt_sanctions",
        title: "UK HM Treasury / OFSI Consolidated List (legacy ConList format)",
        publisher: "HM Treasury, Office of Financial Sanctions Implementation",
        url: "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
        id_prefix: "gb-hmt-",
    },
    ListInfo {
        id: "gb_fcdo_sanctions",
        title: "UK Sanctions List",
        publisher: "UK Foreign, Commonwealth & Development Office",
        url: "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
        id_prefix: "gb-fcdo-",
    },
    ListInfo {
        id: "us_trade_csl",
        title: "US Consolidated Screening List",
        publisher: "US Department of Commerce, International Trade Administration",
        url: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        id_prefix: "csl-",
    },
    ListInfo {
        id: "us_bis_denied",
        title: "BIS Denied Persons List",
        publisher: "US Department of Commerce, Bureau of Industry and Security",
        url: "https://www.bis.doc.gov/dpl/dpl.txt",
        id_prefix: "bis-dpl-",
    },
];

/// Looks a list up by id.
pub fn list_info(id: &str) -> Option<&'static ListInfo> {
    LISTS.iter().find(|l| l.id == id)
}

/// Every file `interdict update` downloads for a list: the catalogue URL and, for OFAC's
/// CSV sets, the address, alias and comment files published beside it (a set is only
/// whole with all four).
pub fn download_urls(id: &str) -> Vec<String> {
    let Some(info) = list_info(id) else {
        return Vec::new();
    };
    let siblings: &[&str] = match id {
        "us_ofac_sdn" => &["ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"],
        "us_ofac_cons" => &["CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV"],
        _ => &[],
    };
    let base = info.url.rsplit_once('/').map_or("", |(b, _)| b);
    std::iter::once(info.url.to_string())
        .chain(siblings.iter().map(|f| format!("{base}/{f}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ofac_sets_download_all_their_files() {
        let urls = download_urls("us_ofac_sdn");
        assert_eq!(urls.len(), 4);
        assert!(urls[0].ends_with("/SDN.CSV") && urls[3].ends_with("/SDN_COMMENTS.CSV"));
        assert!(urls.iter().all(|u| u.starts_with("https://")));
        assert_eq!(download_urls("un_sc_sanctions").len(), 1);
        assert!(download_urls("no_such_list").is_empty());
    }
}
