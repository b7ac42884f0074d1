//! A small W3C WebDriver client over HTTP, driving real headless Chromium through
//! ChromeDriver for the workbench's browser tests. Only the commands the tests use: open a
//! page, find elements, type, click, read text, run a script, take a screenshot, and read
//! the browser's console log.

use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// ChromeDriver and Chromium: `INTERDICT_TEST_CHROMEDRIVER` and `INTERDICT_TEST_CHROMIUM`
/// (`.ci/run` sets both). Without them the browser tests are skipped loudly — and never in
/// CI.
pub fn browser_programs(test: &str) -> Option<(String, String)> {
    let driver = std::env::var("INTERDICT_TEST_CHROMEDRIVER")
        .ok()
        .filter(|s| !s.is_empty());
    let chromium = std::env::var("INTERDICT_TEST_CHROMIUM")
        .ok()
        .filter(|s| !s.is_empty());
    match (driver, chromium) {
        (Some(d), Some(c)) => Some((d, c)),
        _ => {
            assert!(
                std::env::var("CI").is_err(),
                "CI must set INTERDICT_TEST_CHROMEDRIVER and INTERDICT_TEST_CHROMIUM: the \
                 browser tests may not skip in CI"
            );
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: {test} in headless Chromium — set \
                 INTERDICT_TEST_CHROMEDRIVER=/usr/bin/chromedriver and \
                 INTERDICT_TEST_CHROMIUM=/usr/bin/chromium (apt-get install chromium-driver) ***\n"
            );
            None
        }
    }
}

/// A ChromeDriver process and one browser session in it; both end when dropped.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    client: reqwest::blocking::Client,
    _profile: super::TempDir,
}

/// An element of the page.
#[derive(Debug, Clone)]
pub struct Element(String);

/// The key W3C WebDriver names an element reference by.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    /// Starts ChromeDriver on a free port and a headless Chromium session at 1280×720.
    pub fn start(driver: &str, chromium: &str, name: &str) -> Browser {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let started = Instant::now();
        while client.get(format!("{base}/status")).send().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = super::TempDir::new(&format!("chromium-{name}"));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-quic",
                         "--window-size=1280,720",
                         format!("--user-data-dir={}", profile.display())]
            },
            "goog:loggingPrefs": {"browser": "ALL"}
        }}});
        let r = post_json(&client, &format!("{base}/session"), &caps).expect("a browser session");
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_string();
        Browser {
            driver: child,
            base,
            session,
            client,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("webdriver {method} {path}: {e}"))
    }

    /// A WebDriver command's value, or its error (`"<error>: <message>"`).
    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let r = match method {
            "GET" => self
                .client
                .get(url)
                .send()
                .and_then(|r| r.text())
                .map(|t| parse(&t)),
            _ => post_json(&self.client, &url, &body.unwrap_or(json!({}))),
        }
        .expect("webdriver answers");
        if let Some(e) = r["value"]["error"].as_str() {
            return Err(format!("{e}: {}", r["value"]["message"]));
        }
        Ok(r["value"].clone())
    }

    /// Opens `url` and waits for it to load.
    pub fn open(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    /// The page's address now.
    pub fn url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// The first element `css` selects, waiting up to five seconds for it.
    pub fn find(&self, css: &str) -> Element {
        let started = Instant::now();
        loop {
            if let Some(e) = self.try_find(css) {
                return e;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "no element {css:?} on {}:\n{}",
                self.url(),
                self.text("body")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The first element `css` selects, if any.
    pub fn try_find(&self, css: &str) -> Option<Element> {
        let url = format!("{}/session/{}/element", self.base, self.session);
        let r = post_json(
            &self.client,
            &url,
            &json!({"using": "css selector", "value": css}),
        )
        .ok()?;
        r["value"][ELEMENT_KEY]
            .as_str()
            .map(|id| Element(id.to_string()))
    }

    /// Types `text` into `e`.
    pub fn type_into(&self, e: &Element, text: &str) {
        self.call(
            "POST",
            &format!("/element/{}/value", e.0),
            Some(json!({"text": text})),
        );
    }

    /// Clicks `e`.
    pub fn click(&self, e: &Element) {
        self.call("POST", &format!("/element/{}/click", e.0), None);
    }

    /// The visible text of the first element `css` selects; empty when there is none, or
    /// when the page navigated away between finding the element and reading it (a stale
    /// element: the callers that wait read again).
    pub fn text(&self, css: &str) -> String {
        let Some(e) = self.try_find(css) else {
            return String::new();
        };
        let path = format!("/element/{}/text", e.0);
        match self.try_call("GET", &path, None) {
            Ok(v) => v.as_str().unwrap_or("").to_string(),
            Err(e) if e.starts_with("stale element reference") => String::new(),
            Err(e) => panic!("webdriver GET {path}: {e}"),
        }
    }

    /// The text of the first element `css` selects once it contains `needle` (waiting up to
    /// five seconds: a click's page may still be loading).
    pub fn wait_text(&self, css: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let t = self.text(css);
            if t.contains(needle) {
                return t;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{css:?} on {} never said {needle:?}; it says {t:?}; the page:\n{}",
                self.url(),
                self.text("body")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// An attribute of `e`.
    pub fn attribute(&self, e: &Element, name: &str) -> Option<String> {
        self.call("GET", &format!("/element/{}/attribute/{name}", e.0), None)
            .as_str()
            .map(str::to_string)
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page; its result.
    pub fn script(&self, script: &str, args: Vec<Value>) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Runs `script`, which calls its last argument with the result, in the page.
    pub fn script_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Presses `key` (one character) on the page.
    pub fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.call("POST", "/actions", Some(actions));
    }

    /// The page as a PNG.
    pub fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let b64 = self.call("GET", "/screenshot", None);
        base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap_or(""))
            .expect("a base64 PNG")
    }

    /// The browser console's entries since the last call, at level SEVERE (errors, CSP
    /// violations, failed loads).
    pub fn console_errors(&self) -> Vec<String> {
        let log = self.call("POST", "/se/log", Some(json!({"type": "browser"})));
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("webdriver answered {text:?}: {e}"))
}

fn post_json(
    client: &reqwest::blocking::Client,
    url: &str,
    body: &Value,
) -> reqwest::Result<Value> {
    client
        .post(url)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .and_then(|r| r.text())
        .map(|t| parse(&t))
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .client
            .delete(format!("{}/session/{}", self.base, self.session))
            .send();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
