//! Requests per client address for public deployments (`HOJOKIN_RATE_LIMIT`). The client is the
//! peer, or, when the peer is a trusted proxy, the nearest address in `X-Forwarded-For` that is
//! not itself a trusted proxy: a client cannot pick its own key by sending the header directly.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use ipnet::IpNet;

/// Operations that are never limited: probes and scrapes must see an overloaded instance.
pub const EXEMPT: &[&str] = &["/healthz", "/readyz", "/metrics"];

/// `N/unit`: `60/min`, `10/s`, `1000/hour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: NonZeroU32,
    pub period: Duration,
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(s: &str) -> Result<Rate, String> {
        let bad = || format!("{s:?}: expected N/unit, e.g. 60/min (units: s, min, hour)");
        let (n, unit) = s.trim().split_once('/').ok_or_else(bad)?;
        let count = n
            .trim()
            .parse::<u32>()
            .ok()
            .and_then(NonZeroU32::new)
            .ok_or_else(bad)?;
        let secs = match unit.trim() {
            "s" | "sec" | "second" => 1,
            "m" | "min" | "minute" => 60,
            "h" | "hour" => 3600,
            _ => return Err(bad()),
        };
        Ok(Rate {
            count,
            period: Duration::from_secs(secs),
        })
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.period.as_secs() {
            1 => "s",
            60 => "min",
            _ => "hour",
        };
        write!(f, "{}/{unit}", self.count)
    }
}

/// A trusted proxy: an address (`10.0.0.7`) or a network (`10.0.0.0/8`).
pub fn parse_net(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    if let Ok(n) = s.parse::<IpNet>() {
        return Ok(n.trunc());
    }
    s.parse::<IpAddr>()
        .map(IpNet::from)
        .map_err(|_| format!("{s:?}: expected an IP address or a CIDR such as 10.0.0.0/8"))
}

/// The limiter: one token bucket per client address.
pub struct RateLimit {
    rate: Rate,
    burst: NonZeroU32,
    trusted: Vec<IpNet>,
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl RateLimit {
    /// `rate` on average with bursts of `burst` (default: the whole count at once).
    pub fn new(rate: Rate, burst: Option<NonZeroU32>, trusted: Vec<IpNet>) -> RateLimit {
        let burst = burst.unwrap_or(rate.count);
        let per_one = rate.period / rate.count.get();
        // A period under a nanosecond per request cannot be represented: allow per nanosecond.
        let quota = Quota::with_period(per_one.max(Duration::from_nanos(1)))
            .unwrap_or_else(|| Quota::per_second(rate.count))
            .allow_burst(burst);
        RateLimit {
            rate,
            burst,
            trusted,
            limiter: DefaultKeyedRateLimiter::keyed(quota),
        }
    }

    pub fn describe(&self) -> String {
        format!("{} (burst {})", self.rate, self.burst)
    }

    fn is_trusted(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.trusted.iter().any(|n| n.contains(&ip))
    }

    /// The client a request is counted against. `forwarded` is every `X-Forwarded-For` value in
    /// order; it is read only when the peer is trusted, right to left, skipping trusted hops.
    pub fn client<'a>(
        &self,
        peer: Option<IpAddr>,
        forwarded: impl DoubleEndedIterator<Item = &'a str>,
    ) -> Option<IpAddr> {
        let peer = canonical(peer?);
        if !self.is_trusted(peer) {
            return Some(peer);
        }
        let mut client = peer;
        for hop in forwarded.flat_map(|v| v.split(',')).rev() {
            match parse_hop(hop) {
                Some(ip) => {
                    client = ip;
                    if !self.is_trusted(ip) {
                        break;
                    }
                }
                // An unreadable hop: the last trusted proxy is the best we know.
                None => break,
            }
        }
        Some(client)
    }

    /// `Err(wait)` when `client` is over the limit.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.limiter
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Drops the buckets of clients that are full again (called periodically so the table does
    /// not grow with every address ever seen).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }

    /// Clients with a bucket in the table.
    pub fn tracked(&self) -> usize {
        self.limiter.len()
    }
}

/// IPv4-mapped IPv6 (`::ffff:10.0.0.1`) as IPv4, so one client has one key.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5678`, `[::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn limiter(trusted: &[&str]) -> RateLimit {
        RateLimit::new(
            "3/min".parse().unwrap(),
            None,
            trusted.iter().map(|t| parse_net(t).unwrap()).collect(),
        )
    }

    #[test]
    fn rates_parse_and_print() {
        let r: Rate = "60/min".parse().unwrap();
        assert_eq!(r.count.get(), 60);
        assert_eq!(r.period, Duration::from_secs(60));
        assert_eq!(r.to_string(), "60/min");
        assert_eq!(
            "5/s".parse::<Rate>().unwrap().period,
            Duration::from_secs(1)
        );
        assert_eq!(
            "1000/hour".parse::<Rate>().unwrap().period,
            Duration::from_secs(3600)
        );
        for bad in ["", "60", "0/min", "-1/min", "60/fortnight", "x/min"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad:?} is refused");
        }
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        assert_eq!(parse_net("10.0.0.7").unwrap().to_string(), "10.0.0.7/32");
        assert_eq!(parse_net("10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(parse_net("::1").unwrap().to_string(), "::1/128");
        assert!(parse_net("proxy.local").is_err());
        assert!(parse_net("10.0.0.0/33").is_err());
    }

    #[test]
    fn forwarded_for_is_read_only_from_trusted_proxies() {
        let l = limiter(&["10.0.0.0/8"]);
        // A client that sends the header itself is counted by its own address.
        assert_eq!(
            l.client(Some(ip("203.0.113.9")), ["198.51.100.1"].into_iter()),
            Some(ip("203.0.113.9"))
        );
        // Behind the proxy: the nearest untrusted hop, not the leftmost (which the client wrote).
        assert_eq!(
            l.client(
                Some(ip("10.0.0.2")),
                ["1.1.1.1, 198.51.100.1", "10.0.0.3"].into_iter()
            ),
            Some(ip("198.51.100.1"))
        );
        // Ports and IPv4-mapped IPv6 are the same client.
        assert_eq!(
            l.client(
                Some(ip("::ffff:10.0.0.2")),
                ["198.51.100.1:4242"].into_iter()
            ),
            Some(ip("198.51.100.1"))
        );
        // Only trusted hops: the leftmost is the client; garbage stops at the last trusted hop.
        assert_eq!(
            l.client(Some(ip("10.0.0.2")), ["10.9.9.9"].into_iter()),
            Some(ip("10.9.9.9"))
        );
        assert_eq!(
            l.client(Some(ip("10.0.0.2")), ["nonsense"].into_iter()),
            Some(ip("10.0.0.2"))
        );
        // No proxies configured: the header is never read.
        let none = limiter(&[]);
        assert_eq!(
            none.client(Some(ip("10.0.0.2")), ["198.51.100.1"].into_iter()),
            Some(ip("10.0.0.2"))
        );
    }

    #[test]
    fn a_client_over_its_burst_waits_and_others_do_not() {
        let l = limiter(&[]);
        let a = ip("203.0.113.1");
        for _ in 0..3 {
            assert!(l.check(a).is_ok());
        }
        let wait = l.check(a).unwrap_err();
        // 3/min refills one request every 20 s.
        assert!(
            wait > Duration::from_secs(19) && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert!(l.check(ip("203.0.113.2")).is_ok());
        assert_eq!(l.tracked(), 2);
    }
}
