//! Operations: Prometheus metrics (requests, latency, list ages and sizes) and per-key rate
//! limiting. Kept dependency-free: a few counters under a mutex cost far less than a
//! match.

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
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
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

    /// The Prometheus text exposition, with the lists' gauges appended.
    pub fn render(&self, lists: &[(String, u64, Option<i64>)]) -> String {
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
        for (list, n, _) in lists {
            out.push_str(&format!("interdict_list_entities{{list=\"{list}\"}} {n}\n"));
        }
        out.push_str("# HELP interdict_list_age_days Days since each loaded list was published.\n");
        out.push_str("# TYPE interdict_list_age_days gauge\n");
        for (list, _, age) in lists {
            if let Some(age) = age {
                out.push_str(&format!(
                    "interdict_list_age_days{{list=\"{list}\"}} {age}\n"
                ));
            }
        }
        out
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
        let text = m.render(&[("us_ofac_sdn".into(), 17_000, Some(936))]);
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
        assert!(text.contains("interdict_list_age_days{list=\"us_ofac_sdn\"} 936"));
    }
}
