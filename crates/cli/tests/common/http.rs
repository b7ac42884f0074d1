//! Speaking to a real `interdict serve` over TCP, for the server's end-to-end tests: start
//! one on loopback, send requests (raw or JSON), read the answers.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server, stopped (SIGTERM, then kill) when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
    pub dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        std::thread::sleep(Duration::from_millis(200));
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn start(name: &str, args: &[&str]) -> Server {
    let dir = std::env::temp_dir().join(format!("interdict-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    start_in(dir, args)
}

/// `interdict serve ARGS` on the data directory `dir` as it is (prepared by the test);
/// the directory is removed when the server is dropped.
#[allow(dead_code)]
pub fn start_in(dir: PathBuf, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .arg("serve")
        .args(["--bind", "127.0.0.1:0"])
        .args(args)
        .env("INTERDICT_DATA_DIR", &dir)
        .env_remove("INTERDICT_API_KEYS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("server printed its address")
            .expect("stderr readable");
        if let Some(a) = line.strip_prefix("listening on http://") {
            break a.to_string();
        }
    };
    // Keep draining stderr so the server never blocks on it.
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr, dir }
}

/// One HTTP/1.1 exchange over a fresh connection: (status, JSON body).
pub fn http(
    s: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Value) {
    http_at(&s.addr, method, path, headers, body)
}

pub fn http_at(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Value) {
    let (status, _, body) = http_text(addr, method, path, headers, body);
    let json = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("{method} {path}: body is not JSON ({e}): {body:?}"));
    (status, json)
}

/// One HTTP/1.1 exchange over a fresh connection: (status, response head, body text). A
/// request without a Content-Type is sent as JSON.
#[allow(dead_code)]
pub fn http_text(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        req.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    // A server may answer (413) before reading a large body; ignore a reset while sending.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP response");
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, head.to_string(), body)
}

/// A GET whose body is text (the metrics).
pub fn raw_get(s: &Server, path: &str, headers: &[(&str, &str)]) -> String {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    let mut req = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        s.addr
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    raw
}

pub fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

pub fn match_body(name: &str, schema: &str) -> Vec<u8> {
    json!({"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}})
        .to_string()
        .into_bytes()
}

pub fn top_ids(v: &Value) -> Vec<String> {
    v["responses"]["q"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

pub fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The UN list's entry in /catalog: (index version, entity count).
pub fn un_dataset(s: &Server) -> (Value, u64) {
    let (_, cat) = http(s, "GET", "/catalog", &[], b"");
    cat["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "un_sc_sanctions")
        .map(|d| {
            (
                d["index_version"].clone(),
                d["entity_count"].as_u64().unwrap(),
            )
        })
        .unwrap()
}

/// A multipart/form-data body with the given file parts and text fields.
pub fn multipart(files: &[(&str, &[u8])], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "interdict-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, content) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Status of a request whose body may not be JSON.
pub fn status_of(s: &Server, method: &str, path: &str, body: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        s.addr,
        body.len()
    );
    stream.write_all(req.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    text.split(' ').nth(1).unwrap().parse().unwrap()
}

/// Sends `request` as written on a fresh connection and returns what the server answered
/// before closing (or before `wait` passed).
pub fn exchange(addr: &str, request: &[u8], wait: Duration) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

/// The JSON body of a raw response.
pub fn json_body(raw: &str) -> Value {
    let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP response");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {raw}"))
}
