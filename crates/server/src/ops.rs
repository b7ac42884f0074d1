//! Operations: Prometheus metrics (requests, latency, list ages and sizes, the build and the
//! process) and per-key rate limiting. Kept dependency-free: a few counters under a mutex
//! cost far less than a match. The exposition passes `promtool check metrics` (a test runs
//! it on a live server's output).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Upper bounds of the latency histogram buckets, seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Request counters and latency histograms by route and status.
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    /// When the process started serving, seconds since the Unix epoch.
    started: f64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: Mutex::default(),
            latency: Mutex::default(),
            started: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64()),
        }
    }
}

/// One loaded list, as the metrics show it.
pub struct ListGauge {
    /// List id.
    pub list: String,
    /// Entities in the version served.
    pub entities: u64,
    /// Its publication (or import) day, seconds since the Unix epoch.
    pub published_unix: Option<i64>,
}

impl Metrics {
    /// Records one finished request.
    pub fn record(&self, route: &str, status: u16, elapsed: Duration) {
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((route.to_string(), status)).or_insert(0) += 1;
        }
        if let Ok(mut l) = self.latency.lock() {
            let h = l.entry(route.to_string()).or_default();
            let secs = elapsed.as_secs_f64();
            for (i, b) in BUCKETS.iter().enumerate() {
                if secs <= *b {
                    h.counts[i] += 1;
                }
            }
            h.count += 1;
            h.sum += secs;
        }
    }

    /// The Prometheus text exposition: requests and latency, then the lists' gauges (at
    /// `now`, seconds since the Unix epoch), the build and the process.
    pub fn render(&self, lists: &[ListGauge], now: i64) -> String {
        let mut out = String::new();
        out.push_str("# HELP interdict_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE interdict_http_requests_total counter\n");
        if let Ok(r) = self.requests.lock() {
            for ((route, status), n) in r.iter() {
                out.push_str(&format!(
                    "interdict_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}\n"
                ));
            }
        }
        out.push_str("# HELP interdict_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE interdict_http_request_duration_seconds histogram\n");
        if let Ok(l) = self.latency.lock() {
            for (route, h) in l.iter() {
                for (i, b) in BUCKETS.iter().enumerate() {
                    out.push_str(&format!(
                        "interdict_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}\n",
                        h.counts[i]
                    ));
                }
                out.push_str(&format!(
                    "interdict_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n",
                    h.count
                ));
                out.push_str(&format!(
                    "interdict_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n",
                    h.sum
                ));
                out.push_str(&format!(
                    "interdict_http_request_duration_seconds_count{{route=\"{route}\"}} {}\n",
                    h.count
                ));
            }
        }
        out.push_str("# HELP interdict_list_entities Entities in each loaded list.\n");
        out.push_str("# TYPE interdict_list_entities gauge\n");
        for l in lists {
            out.push_str(&format!(
                "interdict_list_entities{{list=\"{}\"}} {}\n",
                l.list, l.entities
            ));
        }
        out.push_str(
            "# HELP interdict_list_published_timestamp_seconds When each loaded list was \
             published (or, without a date, imported): the start of that day, Unix time.\n",
        );
        out.push_str("# TYPE interdict_list_published_timestamp_seconds gauge\n");
        for l in lists {
            if let Some(t) = l.published_unix {
                out.push_str(&format!(
                    "interdict_list_published_timestamp_seconds{{list=\"{}\"}} {t}\n",
                    l.list
                ));
            }
        }
        out.push_str(
            "# HELP interdict_list_age_seconds Seconds since each loaded list was published \
             (alert on it to catch stale lists).\n",
        );
        out.push_str("# TYPE interdict_list_age_seconds gauge\n");
        for l in lists {
            if let Some(t) = l.published_unix {
                out.push_str(&format!(
                    "interdict_list_age_seconds{{list=\"{}\"}} {}\n",
                    l.list,
                    (now - t).max(0)
                ));
            }
        }
        out.push_str("# HELP interdict_build_info The running build: its version, always 1.\n");
        out.push_str("# TYPE interdict_build_info gauge\n");
        out.push_str(&format!(
            "interdict_build_info{{version=\"{}\"}} 1\n",
            env!("CARGO_PKG_VERSION")
        ));
        process_metrics(&mut out, self.started);
        out
    }
}

/// The standard process metrics of Prometheus client libraries, read from `/proc/self` on
/// Linux (only the start time elsewhere).
fn process_metrics(out: &mut String, started: f64) {
    let mut gauge = |name: &str, help: &str, kind: &str, value: String| {
        out.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n"
        ));
    };
    gauge(
        "process_start_time_seconds",
        "Start time of the process since the Unix epoch in seconds.",
        "gauge",
        format!("{started:.3}"),
    );
    #[cfg(target_os = "linux")]
    {
        // Fields 14 and 15 of /proc/self/stat (after the parenthesised command name, which
        // may hold spaces): user and system time in clock ticks. The kernel reports them in
        // USER_HZ, fixed at 100 per second for user space on every Linux architecture.
        const USER_HZ: f64 = 100.0;
        if let Ok(stat) = std::fs::read_to_string("/proc/self/stat") {
            let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
            let f: Vec<&str> = rest.split_whitespace().collect();
            // `rest` starts at field 3 (state).
            if let (Some(u), Some(s)) = (
                f.get(11).and_then(|v| v.parse::<f64>().ok()),
                f.get(12).and_then(|v| v.parse::<f64>().ok()),
            ) {
                gauge(
                    "process_cpu_seconds_total",
                    "Total user and system CPU time spent in seconds.",
                    "counter",
                    format!("{:.2}", (u + s) / USER_HZ),
                );
            }
        }
        if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
            let kib = |key: &str| {
                status.lines().find_map(|l| {
                    let v = l.strip_prefix(key)?.trim().strip_suffix("kB")?;
                    v.trim().parse::<u64>().ok().map(|k| k * 1024)
                })
            };
            if let Some(b) = kib("VmRSS:") {
                gauge(
                    "process_resident_memory_bytes",
                    "Resident memory size in bytes.",
                    "gauge",
                    b.to_string(),
                );
            }
            if let Some(b) = kib("VmSize:") {
                gauge(
                    "process_virtual_memory_bytes",
                    "Virtual memory size in bytes.",
                    "gauge",
                    b.to_string(),
                );
            }
        }
        if let Ok(fds) = std::fs::read_dir("/proc/self/fd") {
            gauge(
                "process_open_fds",
                "Number of open file descriptors.",
                "gauge",
                fds.count().to_string(),
            );
        }
        if let Ok(limits) = std::fs::read_to_string("/proc/self/limits") {
            let max = limits.lines().find_map(|l| {
                l.strip_prefix("Max open files")?
                    .split_whitespace()
                    .next()?
                    .parse::<u64>()
                    .ok()
            });
            if let Some(max) = max {
                gauge(
                    "process_max_fds",
                    "Maximum number of open file descriptors.",
                    "gauge",
                    max.to_string(),
                );
            }
        }
    }
}

/// Token buckets per API key: `rate` requests per second on average, bursts up to twice that.
pub struct RateLimiter {
    rate: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter allowing `per_second` requests per key (0: no limit).
    pub fn new(per_second: u32) -> RateLimiter {
        RateLimiter {
            rate: per_second as f64,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key` may make a request now; `Err(seconds)` says when it may.
    pub fn check(&self, key: &str) -> Result<(), f64> {
        if self.rate <= 0.0 {
            return Ok(());
        }
        let burst = self.rate * 2.0;
        let now = Instant::now();
        let Ok(mut b) = self.buckets.lock() else {
            return Ok(());
        };
        let (tokens, last) = b.entry(key.to_string()).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.rate).min(burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err((1.0 - *tokens) / self.rate)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limiter_allows_a_burst_then_refuses_then_refills() {
        let r = RateLimiter::new(5);
        let allowed = (0..20).filter(|_| r.check("k").is_ok()).count();
        assert_eq!(allowed, 10, "burst of twice the rate");
        assert!(r.check("k").is_err());
        assert!(r.check("other").is_ok(), "keys are limited separately");
        std::thread::sleep(Duration::from_millis(450));
        assert!(r.check("k").is_ok(), "tokens come back at the rate");
        assert!(RateLimiter::new(0).check("k").is_ok());
    }

    #[test]
    fn metrics_render_counters_histograms_and_list_gauges() {
        let m = Metrics::default();
        m.record("/match/{dataset}", 200, Duration::from_micros(700));
        m.record("/match/{dataset}", 200, Duration::from_millis(30));
        m.record("/match/{dataset}", 422, Duration::from_micros(100));
        let day = 86_400;
        let lists = [ListGauge {
            list: "us_ofac_sdn".into(),
            entities: 17_000,
            published_unix: Some(1_000 * day),
        }];
        let text = m.render(&lists, 1_936 * day + 5);
        assert!(text.contains(
            "interdict_http_requests_total{route=\"/match/{dataset}\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "interdict_http_request_duration_seconds_bucket{route=\"/match/{dataset}\",le=\"0.001\"} 2"
        ));
        assert!(text.contains(
            "interdict_http_request_duration_seconds_count{route=\"/match/{dataset}\"} 3"
        ));
        assert!(text.contains("interdict_list_entities{list=\"us_ofac_sdn\"} 17000"));
        assert!(text.contains(&format!(
            "interdict_list_published_timestamp_seconds{{list=\"us_ofac_sdn\"}} {}",
            1_000 * day
        )));
        assert!(text.contains(&format!(
            "interdict_list_age_seconds{{list=\"us_ofac_sdn\"}} {}",
            936 * day + 5
        )));
        assert!(text.contains(&format!(
            "interdict_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(text.contains("# TYPE process_start_time_seconds gauge"));
        #[cfg(target_os = "linux")]
        for name in [
            "process_cpu_seconds_total",
            "process_resident_memory_bytes",
            "process_open_fds",
        ] {
            let line = text
                .lines()
                .find(|l| l.starts_with(&format!("{name} ")))
                .unwrap();
            let v: f64 = line.split(' ').nth(1).unwrap().parse().unwrap();
            assert!(
                v >= 0.0 && (name == "process_cpu_seconds_total" || v > 0.0),
                "{line}"
            );
        }
    }
}
