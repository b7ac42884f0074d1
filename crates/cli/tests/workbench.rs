//! The analyst's workbench (`serve`'s /ui/) driven in real headless Chromium through
//! ChromeDriver: log in, search, read a listed party, work an alert screened by
//! `screen --alerts`, decide it under four eyes, approve it as a second user, and find both
//! steps in the audit export — with the refusals (no CSRF token, no reviewer role) and no
//! console errors on any page. `INTERDICT_UI_SCREENSHOTS=DIR` also saves the README's
//! screenshots there.

mod common;

use common::http::{start_in, Server};
use common::webdriver::{browser_programs, Browser};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The listed party the customer file names exactly (OFAC's record of the Alabuga zone).
const LISTED_ID: &str = "ofac-45708";

fn interdict(data: &Path, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .args(args)
        .env("INTERDICT_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(text) = stdin {
        use std::io::Write;
        c.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let out = c.wait_with_output().unwrap();
    // `screen` exits 1 when a record matched.
    let matched = args[0] == "screen" && out.status.code() == Some(1);
    assert!(
        out.status.success() || matched,
        "interdict {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A data directory with two users and the alerts of screening a small customer file whose
/// first record is the listed party's name as listed (read from the lists themselves).
fn prepare(name: &str) -> (PathBuf, String) {
    let dir =
        std::env::temp_dir().join(format!("interdict-workbench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let shown: Value =
        serde_json::from_slice(&interdict(&dir, &["show", LISTED_ID, "--json"], None).stdout)
            .unwrap();
    let listed_name = shown["caption"]
        .as_str()
        .or_else(|| shown["properties"]["name"][0].as_str())
        .unwrap_or_else(|| panic!("no name in {shown}"))
        .to_string();
    interdict(
        &dir,
        &[
            "users",
            "add",
            "ana",
            "--role",
            "analyst",
            "--password-stdin",
        ],
        Some("ana's long password\n"),
    );
    interdict(
        &dir,
        &[
            "users",
            "add",
            "rita",
            "--role",
            "reviewer",
            "--password-stdin",
        ],
        Some("rita's long password\n"),
    );
    let csv = dir.join("customers.csv");
    std::fs::write(
        &csv,
        format!("id,name,country\nC1,\"{listed_name}\",ru\nC2,\"{listed_name} \",ru\nC3,Margarethe Lindqvist-Oberholzer,se\n"),
    )
    .unwrap();
    interdict(
        &dir,
        &[
            "screen",
            csv.to_str().unwrap(),
            "--alerts",
            "--user",
            "batch",
            "-o",
            dir.join("out.csv").to_str().unwrap(),
        ],
        None,
    );
    (dir, listed_name)
}

fn login(b: &Browser, s: &Server, name: &str, password: &str) {
    b.open(&format!("http://{}/ui/alerts", s.addr));
    assert!(
        b.url().contains("/ui/login?next=%2Fui%2Falerts"),
        "not sent to the login page: {}",
        b.url()
    );
    b.type_into(&b.find("input[name=name]"), name);
    b.type_into(&b.find("input[name=password]"), password);
    b.click(&b.find("form[action='/ui/login'] button[type=submit]"));
    b.wait_text("header .viewer", name);
    let _ = b.find("table[aria-label='Alert queue']");
    assert!(b.url().ends_with("/ui/alerts"), "after login: {}", b.url());
}

/// Saves the page as `name`.png when screenshots are asked for.
fn screenshot(b: &Browser, name: &str) {
    if let Ok(dir) = std::env::var("INTERDICT_UI_SCREENSHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), b.screenshot()).unwrap();
    }
}

fn no_console_errors(b: &Browser, page: &str) {
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors on {page}: {errors:?}");
}

/// The console holds the refusal the test provoked (a page answered with `status`, which
/// the browser reports as an error) and nothing else.
fn only_the_refusal(b: &Browser, path: &str, status: u16) {
    // The console's entries arrive a moment after the page: wait for the refusal's.
    let mut errors = Vec::new();
    let started = std::time::Instant::now();
    while errors.is_empty() && started.elapsed().as_secs() < 3 {
        errors.extend(b.console_errors());
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        !errors.is_empty(),
        "the browser did not report the {status} of {path}"
    );
    assert!(
        errors
            .iter()
            .all(|e| e.contains(path) && e.contains(&format!("status of {status}"))),
        "{errors:?}"
    );
}

/// `fetch(url, {method, body})` from the page: (status, text).
fn fetch(b: &Browser, method: &str, url: &str, form: Value) -> (u64, String) {
    let r = b.script_async(
        "const [method, url, form, done] = arguments;
         const init = {method};
         if (method === 'POST') init.body = new URLSearchParams(form);
         fetch(url, init).then(async r => done([r.status, await r.text()]))
             .catch(e => done([0, String(e)]));",
        vec![json!(method), json!(url), form],
    );
    (
        r[0].as_u64().unwrap_or(0),
        r[1].as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn an_analyst_proposes_and_a_reviewer_approves_in_the_browser() {
    let Some((driver, chromium)) = browser_programs("the workbench") else {
        return;
    };
    let (dir, listed_name) = prepare("four-eyes");
    let server = start_in(dir.clone(), &["--four-eyes", "--reload-interval", "0"]);
    let b = Browser::start(&driver, &chromium, "four-eyes");

    // `/` sends a browser to the workbench, which asks for a login.
    b.open(&format!("http://{}/", server.addr));
    assert!(b.url().contains("/ui/login"), "{}", b.url());
    no_console_errors(&b, "the login page");
    screenshot(&b, "login");

    // A wrong password is refused with a message, not a session.
    b.type_into(&b.find("input[name=name]"), "ana");
    b.type_into(&b.find("input[name=password]"), "not ana's password");
    b.click(&b.find("form[action='/ui/login'] button[type=submit]"));
    b.wait_text("p.error", "Wrong user name or password");
    only_the_refusal(&b, "/ui/login", 401);
    login(&b, &server, "ana", "ana's long password");
    no_console_errors(&b, "the queue");

    // Search, then the listed party's page.
    b.open(&format!("http://{}/ui/search", server.addr));
    b.type_into(&b.find("input[name=q]"), "Alabuga");
    b.click(&b.find("form[role=search] button[type=submit]"));
    let link = b.find(&format!(
        "table[aria-label=Results] a[href='/ui/entities/{LISTED_ID}']"
    ));
    screenshot(&b, "search");
    b.click(&link);
    assert_eq!(b.wait_text("h1", &listed_name), listed_name);
    assert!(b.text("table[aria-label=Names]").contains(&listed_name));
    // Its relations as a graph (and a list), and its ownership verdicts: OFAC lists it by
    // name.
    let graph = b.find("svg[role=img]");
    assert!(b
        .attribute(&graph, "aria-label")
        .unwrap()
        .starts_with("Relations of"));
    let ownership = b.text("table[aria-label=Ownership]");
    assert!(
        ownership.contains("OFAC") && ownership.contains("listed"),
        "{ownership}"
    );
    // Its history across the stored versions of its list: the bundled one lists it.
    assert!(
        b.text("table[aria-label=History]").contains("listed"),
        "{}",
        b.text("main")
    );
    no_console_errors(&b, "the party page");
    screenshot(&b, "party");

    // The queue holds the screening run's open alerts: as many as the store says.
    let listed: Value = serde_json::from_slice(
        &interdict(
            &dir,
            &["alerts", "list", "--status", "open", "--json"],
            None,
        )
        .stdout,
    )
    .unwrap();
    let open = listed.as_array().map_or(0, Vec::len);
    assert!(
        open >= 2,
        "the customer file raised {open} open alerts: {listed}"
    );
    let alert = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["entity_id"] == LISTED_ID && a["record_key"] == "id:C1")
        .unwrap_or_else(|| panic!("no alert for C1 × {LISTED_ID}: {listed}"))["id"]
        .as_i64()
        .unwrap();
    b.open(&format!("http://{}/ui/alerts", server.addr));
    b.wait_text("main", &format!("{open} alert(s)"));
    screenshot(&b, "queue");
    // The type filter: the listed party is an organisation, no person was alerted on.
    b.open(&format!(
        "http://{}/ui/alerts?schema=Organization",
        server.addr
    ));
    b.wait_text("main", &format!("{open} alert(s)"));
    b.open(&format!("http://{}/ui/alerts?schema=Person", server.addr));
    b.wait_text("main", "alert(s)");
    assert_eq!(b.text("main > p > strong"), "0");
    b.open(&format!("http://{}/ui/alerts", server.addr));

    // The review page: both sides and the evidence.
    b.click(&b.find(&format!(
        "table[aria-label='Alert queue'] a[href='/ui/alerts/{alert}']"
    )));
    // Side by side: each field's row holds the customer's value and the listed party's.
    b.wait_text("table[aria-label='Side by side']", &listed_name);
    let cells = |row: usize| -> Vec<String> {
        b.script(
            "return [...document.querySelectorAll('table[aria-label=\"Side by side\"] tbody tr')[arguments[0]].cells].map(c => c.innerText.trim());",
            vec![json!(row)],
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
    };
    assert_eq!(cells(0), ["Key", "id:C1", LISTED_ID]);
    assert_eq!(cells(1)[1], listed_name);
    assert!(cells(1)[2].starts_with(&listed_name), "{:?}", cells(1));
    let country = (0..8)
        .map(cells)
        .find(|c| c[0] == "Country")
        .expect("a country row");
    assert_eq!(country[1], "ru");
    assert!(country[2].contains("ru"), "{country:?}");
    assert!(b
        .text("ul[aria-label=Evidence]")
        .to_lowercase()
        .contains("alabuga"));
    assert!(b
        .text("table[aria-label=Features]")
        .contains("country_match"));
    no_console_errors(&b, "the review page");
    screenshot(&b, "review");

    // A form without its CSRF token is refused.
    b.script(
        "const f = document.querySelector('form[aria-label=Decide]');
         f.querySelector('input[name=csrf]').remove(); f.submit();",
        vec![],
    );
    b.wait_text("p.error", "security token");
    only_the_refusal(&b, "/decide", 403);
    b.open(&format!("http://{}/ui/alerts/{alert}", server.addr));

    // Claim, then decide: under four eyes it is a proposal.
    b.click(&b.find("button[data-key=claim]"));
    let _ = b.find("form[aria-label=Release]");
    b.click(&b.find("select#decision option[value=false_positive]"));
    b.click(&b.find("select[name=reason_code] option[value=TYPE_MISMATCH]"));
    b.type_into(
        &b.find("form[aria-label=Decide] textarea[name=reason]"),
        "the zone's operator, not our customer",
    );
    b.click(&b.find("form[aria-label=Decide] button[type=submit]"));
    let notice = b.wait_text("div.notice", "awaits");
    assert!(notice.contains("proposed by ana"), "{notice}");
    assert!(b.text("main").contains("PENDING"), "{}", b.text("main"));
    no_console_errors(&b, "the proposal");
    screenshot(&b, "proposal");

    // ana is an analyst: no approve form, and posting one anyway is refused.
    assert!(b.try_find("form[aria-label=Approve]").is_none());
    let proposal = interdict_proposal(&dir, alert);
    let csrf = b.attribute(&b.find("input[name=csrf]"), "value").unwrap();
    let (status, _) = fetch(
        &b,
        "POST",
        &format!("/ui/proposals/{proposal}/approve"),
        json!({"csrf": csrf}),
    );
    assert_eq!(status, 403, "an analyst approved a decision");
    only_the_refusal(&b, "/approve", 403);

    // Log out; rita, a reviewer, approves.
    b.click(&b.find("form[action='/ui/logout'] button"));
    b.wait_text("h1", "Log in");
    login(&b, &server, "rita", "rita's long password");
    b.open(&format!("http://{}/ui/alerts?status=pending", server.addr));
    b.click(&b.find(&format!(
        "table[aria-label='Alert queue'] a[href='/ui/alerts/{alert}']"
    )));
    b.click(&b.find("form[aria-label=Approve] button[type=submit]"));
    let decisions = b.wait_text("table[aria-label=Decisions]", "false_positive");
    assert!(
        decisions.contains("false_positive")
            && decisions.contains("[TYPE_MISMATCH]")
            && decisions.contains("ana"),
        "{decisions}"
    );
    b.wait_text("main", "DECIDED");
    no_console_errors(&b, "the approval");

    // Both steps, and who took them, in the alert's audit export.
    let (status, csv) = fetch(
        &b,
        "GET",
        &format!("/ui/alerts/{alert}/audit.csv"),
        json!({}),
    );
    assert_eq!(status, 200);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "id,at,actor,action,alert,detail");
    assert!(rows.iter().any(|r| r.contains(",ana,proposal,")), "{csv}");
    assert!(rows.iter().any(|r| r.contains(",rita,approval,")), "{csv}");
    assert!(
        rows.iter()
            .any(|r| r.contains(",ana,decision,") && r.contains("rita")),
        "{csv}"
    );
    // And in the whole log, beside the screening run.
    let (_, all) = fetch(&b, "GET", "/ui/audit.csv", json!({}));
    assert!(all.lines().any(|r| r.contains(",batch,run,")), "{all}");

    // The decision is the store's, as the CLI reads it.
    let shown: Value = serde_json::from_slice(
        &interdict(
            &dir,
            &["alerts", "show", &alert.to_string(), "--json"],
            None,
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(shown["alert"]["status"], "decided", "{shown}");

    // Keyboard: "n" goes to the next open alert.
    b.open(&format!("http://{}/ui/alerts/{alert}", server.addr));
    if let Some(next) = b.try_find("a[rel=next]") {
        let href = b.attribute(&next, "href").unwrap();
        b.press("n");
        let started = std::time::Instant::now();
        while !b.url().ends_with(&href) && started.elapsed().as_secs() < 5 {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(
            b.url().ends_with(&href),
            "n went to {}, not {href}",
            b.url()
        );
    }
    b.open(&format!("http://{}/ui/lists", server.addr));
    let lists = b.text("table[aria-label=Lists]");
    assert!(
        lists.contains("us_ofac_sdn") && lists.contains("first version"),
        "{lists}"
    );
    no_console_errors(&b, "the lists page");
    screenshot(&b, "lists");
}

/// The open proposal's id on `alert`, from the store.
fn interdict_proposal(dir: &Path, alert: i64) -> i64 {
    let mut store = interdict_store::AlertStore::open(&dir.join("alerts.sqlite")).unwrap();
    store
        .review_steps(alert)
        .unwrap()
        .into_iter()
        .rfind(|s| s.action == "propose")
        .expect("a proposal")
        .id
}

/// The value of response header `name` in `head`.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

/// The session cookie a login sets: (`name=value` to send back, the whole Set-Cookie).
fn log_in(addr: &str, name: &str, password: &str) -> (u16, Option<(String, String)>) {
    let body = format!(
        "name={name}&password={}",
        password.replace(' ', "+").replace('\'', "%27")
    );
    let (status, head, _) =
        common::http::http_text(addr, "POST", "/ui/login", &[FORM], body.as_bytes());
    let cookie = header(&head, "set-cookie")
        .map(|c| (c.split(';').next().unwrap_or("").to_string(), c.to_string()));
    (status, cookie)
}

#[test]
fn logins_sessions_and_single_sign_on_are_guarded() {
    let (dir, _) = prepare("guards");
    let proxy_header = "X-Forwarded-User";
    let s = start_in(
        dir,
        &[
            "--reload-interval",
            "0",
            "--auth-proxy-header",
            proxy_header,
            "--trusted-proxy",
            "127.0.0.2",
        ],
    );
    let get = |path: &str, headers: &[(&str, &str)]| {
        common::http::http_text(&s.addr, "GET", path, headers, b"")
    };

    // Without a session every page sends the browser to the login page; assets and the
    // login page itself are open. Every page carries the strict policy.
    let (status, head, _) = get("/ui/alerts?status=open", &[]);
    assert_eq!(status, 303);
    assert_eq!(
        header(&head, "location"),
        Some("/ui/login?next=%2Fui%2Falerts%3Fstatus%3Dopen")
    );
    let (status, head, body) = get("/ui/login", &[]);
    assert_eq!(status, 200);
    assert!(body.contains("<form"));
    let csp = header(&head, "content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("script-src 'self'")
            && !csp.contains("unsafe"),
        "{csp}"
    );
    assert_eq!(header(&head, "x-frame-options"), Some("DENY"));
    assert_eq!(get("/ui/assets/app.js", &[]).0, 200);
    // A page's script and style are the embedded files, nothing inline.
    assert!(
        !body.contains("<script>") && !body.contains("style="),
        "{body}"
    );

    // A login sets a session cookie no script can read and no other site sends.
    let (status, cookie) = log_in(&s.addr, "ana", "ana's long password");
    assert_eq!(status, 303);
    let (cookie, set_cookie) = cookie.expect("a session cookie");
    for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/ui"] {
        assert!(set_cookie.contains(flag), "{set_cookie} lacks {flag}");
    }
    let (status, _, body) = get("/ui/alerts", &[("Cookie", &cookie)]);
    assert_eq!(status, 200);
    assert!(body.contains("ana · analyst"), "{body}");
    // After a login the browser goes back where it was asked to: a page of the workbench,
    // never another site, and never a header made of what the form carried.
    for (next, to) in [
        (
            "%2Fui%2Falerts%3Fstatus%3Dpending",
            "/ui/alerts?status=pending",
        ),
        ("https%3A%2F%2Fevil.example%2F", "/ui/"),
        ("%2Fui%2F%0d%0aSet-Cookie%3A+x%3Dy", "/ui/"),
    ] {
        let body = format!("name=ana&password=ana%27s+long+password&next={next}");
        let (status, head, _) =
            common::http::http_text(&s.addr, "POST", "/ui/login", &[FORM], body.as_bytes());
        assert_eq!(status, 303, "{head}");
        assert_eq!(header(&head, "location"), Some(to), "{head}");
        assert!(!head.contains("x=y"), "{head}");
    }
    // An absurd password is refused without being hashed.
    let long = format!("name=ana&password={}", "a".repeat(5000));
    let (status, _, _) =
        common::http::http_text(&s.addr, "POST", "/ui/login", &[FORM], long.as_bytes());
    assert_eq!(status, 401);
    // A made-up session is no session.
    let forged = format!("interdict_session={}", "ab".repeat(32));
    assert_eq!(get("/ui/alerts", &[("Cookie", &forged)]).0, 303);

    // A state change from another site's page is refused, token or not.
    let (status, _, _) = common::http::http_text(
        &s.addr,
        "POST",
        "/ui/alerts/1/claim",
        &[
            FORM,
            ("Cookie", &cookie),
            ("Origin", "https://evil.example"),
        ],
        b"csrf=whatever",
    );
    assert_eq!(status, 403);

    // Failed logins are limited per name and per address: the sixth try is refused even
    // with the right password, and says when to come back.
    for _ in 0..5 {
        assert_eq!(log_in(&s.addr, "rita", "a wrong password").0, 401);
    }
    let (status, _, _) = common::http::http_text(
        &s.addr,
        "POST",
        "/ui/login",
        &[FORM],
        b"name=rita&password=rita%27s+long+password",
    );
    assert_eq!(status, 429);
    // One address may fail 20 times in all, whatever the names (people behind one proxy
    // share it); then even a right password from it waits.
    for i in 0..15 {
        assert_eq!(
            log_in(&s.addr, &format!("guess{i}"), "a wrong password").0,
            401
        );
    }
    assert_eq!(log_in(&s.addr, "ana", "ana's long password").0, 429);

    // The proxy's header is believed only from the proxy: this test connects from
    // 127.0.0.1, which is not it.
    let (status, _, body) = get("/ui/alerts", &[(proxy_header, "rita")]);
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("trusted proxies"), "{body}");
}

#[test]
fn without_users_one_local_user_works_on_loopback() {
    let dir =
        std::env::temp_dir().join(format!("interdict-workbench-local-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let s = start_in(dir, &["--reload-interval", "0"]);
    let (status, head, body) =
        common::http::http_text(&s.addr, "GET", "/ui/search?q=Alabuga", &[], b"");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("local · admin"), "{body}");
    assert!(
        body.contains(&format!("/ui/entities/{LISTED_ID}")),
        "{body}"
    );
    assert!(header(&head, "set-cookie").is_some_and(|c| c.contains("HttpOnly")));
    // Hostile queue parameters get a page or a 400, never a server error.
    for (query, expected) in [
        ("page=18446744073709551615", 200),
        ("page=abc", 400),
        ("min_score=2", 400),
        ("sort=%27%3B+DROP+TABLE+alerts", 400),
        ("list=%27+OR+1%3D1+--", 200),
    ] {
        let (status, _, body) =
            common::http::http_text(&s.addr, "GET", &format!("/ui/alerts?{query}"), &[], b"");
        assert_eq!(status, expected, "{query}: {body}");
    }
    // No login page to get past, and no users to log in as.
    assert_eq!(log_in(&s.addr, "local", "anything at all").0, 401);
}

#[test]
fn four_eyes_holds_for_decisions_through_the_json_api_too() {
    let (dir, _) = prepare("api-four-eyes");
    let s = start_in(dir, &["--four-eyes", "--reload-interval", "0"]);
    let body =
        br#"{"decision": "false_positive", "reason": "another company", "user": "api-client"}"#;
    let (status, v) = common::http::http_at(&s.addr, "POST", "/alerts/1/decisions", &[], body);
    assert_eq!(status, 202, "{v}");
    assert_eq!(v["action"], "propose");
    let (_, shown) = common::http::http_at(&s.addr, "GET", "/alerts/1", &[], b"");
    assert_eq!(shown["alert"]["status"], "pending", "{shown}");
    assert_eq!(shown["decisions"], json!([]));
    let (status, _) = common::http::http_at(&s.addr, "POST", "/alerts/1/decisions", &[], body);
    assert_eq!(status, 409, "a second proposal while one awaits review");
}

#[test]
fn a_trusted_proxy_signs_users_in_with_their_roles() {
    let (dir, _) = prepare("proxy");
    let s = start_in(
        dir,
        &[
            "--reload-interval",
            "0",
            "--auth-proxy-header",
            "X-Forwarded-User",
            "--trusted-proxy",
            "127.0.0.1",
        ],
    );
    let get = |user: &str| {
        common::http::http_text(
            &s.addr,
            "GET",
            "/ui/alerts",
            &[("X-Forwarded-User", user)],
            b"",
        )
    };
    // The users file gives the role of a user it knows; anyone else the proxy vouches for
    // is an analyst.
    let (status, _, body) = get("rita");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("rita · reviewer"), "{body}");
    let (status, _, body) = get("sam@bank.example");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("sam@bank.example · analyst"), "{body}");
    // Without the header, a login is needed as before.
    assert_eq!(
        common::http::http_text(&s.addr, "GET", "/ui/alerts", &[], b"").0,
        303
    );
}

#[test]
fn the_lists_page_shows_the_latest_validation_and_serves_its_report_sandboxed() {
    let dir = std::env::temp_dir().join(format!(
        "interdict-workbench-validation-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let before = common::http::start_in(dir.clone(), &["--reload-interval", "0"]);
    let (_, _, body) = common::http::http_text(&before.addr, "GET", "/ui/lists", &[], b"");
    assert!(body.contains("No validation has been run"), "{body}");
    drop(before);
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("asked-for.html");
    interdict(
        &dir,
        &[
            "validate",
            "--sample",
            "100",
            "--negatives",
            "200",
            "-q",
            "-o",
            report.to_str().unwrap(),
        ],
        None,
    );
    let kept: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("validation/latest.json")).unwrap())
            .unwrap();
    let detection = format!(
        "{:.1} %",
        kept["summary"]["detection"].as_f64().unwrap() * 100.0
    );
    let s = start_in(dir.clone(), &["--reload-interval", "0"]);
    let (status, _, body) = common::http::http_text(&s.addr, "GET", "/ui/lists", &[], b"");
    assert_eq!(status, 200);
    assert!(
        body.contains("Latest validation") && body.contains(&detection),
        "{body}"
    );
    let (status, head, html) =
        common::http::http_text(&s.addr, "GET", "/ui/validation/latest.html", &[], b"");
    assert_eq!(status, 200);
    assert!(
        header(&head, "content-security-policy").is_some_and(|c| c.starts_with("sandbox")),
        "{head}"
    );
    assert_eq!(
        html,
        std::fs::read_to_string(dir.join("validation/latest.html")).unwrap()
    );
    assert_eq!(
        html,
        std::fs::read_to_string(&report).unwrap(),
        "the kept report is the one written"
    );
}
