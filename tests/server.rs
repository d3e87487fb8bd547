//! The real binary on a free port: hostile requests cannot take it down, and SIGTERM lets
//! in-flight requests finish before a clean exit.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[(&str, &str)]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hojokin"));
    cmd.env("HOJOKIN_PORT", "0")
        .env("HOJOKIN_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("binary starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut addr = String::new();
    for line in lines.by_ref() {
        let line = line.expect("log line");
        if let Some(i) = line.find("\"address\":\"") {
            let rest = &line[i + 11..];
            addr = rest[..rest.find('"').expect("closing quote")].to_string();
            break;
        }
    }
    assert!(!addr.is_empty(), "the server logs its bound address");
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    Server { child, addr }
}

/// One HTTP/1.1 exchange on its own connection; returns the status (0 when the server closed
/// the connection before answering) and the body.
fn exchange(addr: &str, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

fn post(addr: &str, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    exchange(addr, &head, body)
}

fn get(addr: &str, path: &str) -> (u16, String) {
    exchange(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        b"",
    )
}

#[test]
fn hostile_requests_get_a_4xx_problem_and_the_server_keeps_serving() {
    let server = start(&[("HOJOKIN_WORKERS", "1")]);
    let a = server.addr.as_str();
    let ten_mb = vec![b' '; 10 * 1024 * 1024];
    let (status, _) = post(a, "/v1/eligibility", "application/json", &ten_mb);
    assert!(status == 413 || status == 0, "10 MB body: {status}");
    let line = r#"{"category":"software","amount_yen":100000}"#;
    let lines = format!(
        r#"{{"program_id":"it-donyu-2025","frame_id":"tsujo-1process","expenses":[{}]}}"#,
        vec![line; 2000].join(",")
    );
    let hostile: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        (
            "/v1/calculations",
            "application/json",
            lines.into_bytes(),
            422,
        ),
        (
            "/v1/eligibility",
            "application/json",
            format!("{}{}", "[".repeat(1000), "]".repeat(1000)).into_bytes(),
            400,
        ),
        (
            "/v1/eligibility",
            "application/json",
            br#"{"facility":{"beds":1e30}}"#.to_vec(),
            400,
        ),
        (
            "/v1/eligibility",
            "application/json",
            br#"{"facility":{"beds":"many","introduced":"ehr"}}"#.to_vec(),
            400,
        ),
        ("/v1/eligibility", "text/plain", b"beds=20".to_vec(), 415),
        (
            "/v1/calculations",
            "application/json",
            b"{\"program_id\":".to_vec(),
            400,
        ),
        (
            "/v1/calculations",
            "application/json",
            "\u{0}\u{ffff}".as_bytes().to_vec(),
            400,
        ),
    ];
    for round in 0..3 {
        for (path, ct, body, want) in &hostile {
            let (status, text) = post(a, path, ct, body);
            assert_eq!(status, *want, "round {round} {path} {ct}: {text}");
            assert!(text.contains("\"code\""), "problem body: {text}");
        }
        let (status, _) = get(a, "/healthz");
        assert_eq!(status, 200, "still serving after round {round}");
    }
    let (status, body) = post(
        a,
        "/v1/eligibility",
        "application/json",
        br#"{"facility":{"facility_type":"hospital"}}"#,
    );
    assert_eq!(status, 200, "{body}");
}

#[test]
fn sigterm_lets_in_flight_requests_finish_then_exits_zero() {
    let mut server = start(&[("HOJOKIN_SHUTDOWN_GRACE_SECS", "10")]);
    let addr = server.addr.clone();
    let body =
        br#"{"as_of":"2025-12-25","facility":{"facility_type":"hospital","beds":120}}"#.to_vec();
    // Each client sends its headers and half its body, waits, then sends the rest: the request is
    // in flight when SIGTERM arrives.
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let addr = addr.clone();
            let body = body.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(&addr).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(15))).ok();
                let head = format!(
                    "POST /v1/eligibility HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                s.write_all(head.as_bytes()).expect("head");
                s.write_all(&body[..body.len() / 2]).expect("first half");
                std::thread::sleep(Duration::from_millis(800));
                s.write_all(&body[body.len() / 2..]).expect("second half");
                let mut out = Vec::new();
                let _ = s.read_to_end(&mut out);
                String::from_utf8_lossy(&out).to_string()
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    for c in clients {
        let response = c.join().expect("client thread");
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "in-flight request completed: {response:.200}"
        );
        assert!(response.contains("\"results\""));
    }
    let status = server.child.wait().expect("server exits");
    assert!(status.success(), "exit status {status:?}");
}

/// Reads whatever arrives within `wait`; `None` when the server closed the connection.
fn read_some(s: &mut TcpStream, wait: Duration) -> Option<Vec<u8>> {
    s.set_read_timeout(Some(wait)).ok();
    let mut buf = [0u8; 65536];
    match s.read(&mut buf) {
        Ok(0) => None,
        Ok(n) => Some(buf[..n].to_vec()),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            Some(Vec::new())
        }
        Err(_) => None,
    }
}

fn keep_alive_get(s: &mut TcpStream, addr: &str) -> String {
    s.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .expect("request");
    let got = read_some(s, Duration::from_secs(5)).expect("an answer");
    String::from_utf8_lossy(&got).to_string()
}

#[test]
fn a_trickled_second_request_is_cut_off_at_the_header_timeout() {
    let server = start(&[
        ("HOJOKIN_HEADER_TIMEOUT_SECS", "2"),
        ("HOJOKIN_KEEP_ALIVE_SECS", "2"),
    ]);
    let a = server.addr.as_str();
    let mut s = TcpStream::connect(a).expect("connect");
    let first = keep_alive_get(&mut s, a);
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    // The next request's headers, one byte every 200 ms: never finished.
    let trickle = format!(
        "GET /healthz HTTP/1.1\r\nHost: {a}\r\nX-Slow: {}",
        "a".repeat(200)
    );
    let started = std::time::Instant::now();
    let mut closed_after = None;
    for b in trickle.bytes() {
        if s.write_all(&[b]).is_err() || read_some(&mut s, Duration::from_millis(200)).is_none() {
            closed_after = Some(started.elapsed());
            break;
        }
        if started.elapsed() > Duration::from_secs(15) {
            break;
        }
    }
    let closed_after = closed_after.expect("the server closed the trickling connection");
    assert!(
        closed_after >= Duration::from_millis(1500) && closed_after < Duration::from_secs(5),
        "closed after {closed_after:?}"
    );
    // An idle keep-alive connection closes after the keep-alive time.
    let mut s = TcpStream::connect(a).expect("connect");
    assert!(keep_alive_get(&mut s, a).starts_with("HTTP/1.1 200"));
    let started = std::time::Instant::now();
    while read_some(&mut s, Duration::from_millis(200)).is_some() {
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "idle connection kept open"
        );
    }
    assert!(started.elapsed() >= Duration::from_millis(1500));
    // Prompt clients are not affected: three requests on one connection.
    let mut s = TcpStream::connect(a).expect("connect");
    for _ in 0..3 {
        assert!(keep_alive_get(&mut s, a).starts_with("HTTP/1.1 200"));
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn connections_past_the_cap_are_answered_503() {
    let server = start(&[("HOJOKIN_MAX_CONNECTIONS", "3")]);
    let a = server.addr.as_str();
    let mut held: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(a).expect("connect");
            assert!(keep_alive_get(&mut s, a).starts_with("HTTP/1.1 200"));
            s
        })
        .collect();
    let (status, body) = get(a, "/healthz");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"overloaded\""), "{body}");
    held.pop();
    std::thread::sleep(Duration::from_millis(200));
    let (status, _) = get(a, "/healthz");
    assert_eq!(status, 200, "a slot is free again");
}

#[test]
fn head_answers_headers_without_a_body() {
    let server = start(&[]);
    let a = server.addr.as_str();
    for path in ["/healthz", "/v1/programs", "/metrics"] {
        let mut s = TcpStream::connect(a).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(5))).ok();
        s.write_all(
            format!("HEAD {path} HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .expect("request");
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).to_string();
        assert!(text.starts_with("HTTP/1.1 200"), "HEAD {path}: {text}");
        let (_, body) = text.split_once("\r\n\r\n").expect("end of head");
        assert!(body.is_empty(), "HEAD {path} has no body: {body:.100}");
    }
}

#[test]
fn requests_the_connection_cannot_read_get_problem_answers() {
    let server = start(&[("HOJOKIN_HEADER_TIMEOUT_SECS", "1")]);
    let a = server.addr.as_str();
    let cases: Vec<(String, u16, &str)> = vec![
        ("GARBAGE\r\n\r\n".to_string(), 400, "bad_request"),
        (
            format!(
                "GET /healthz HTTP/1.1\r\nHost: {a}\r\n{}\r\n",
                (0..120)
                    .map(|i| format!("X-H{i}: v\r\n"))
                    .collect::<String>()
            ),
            431,
            "headers_too_large",
        ),
        // Headers that never end: the first request's timer.
        (
            format!("GET /healthz HTTP/1.1\r\nHost: {a}\r\n"),
            408,
            "request_timeout",
        ),
    ];
    for (head, want, code) in cases {
        let mut s = TcpStream::connect(a).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(5))).ok();
        let _ = s.write_all(head.as_bytes());
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).to_string();
        assert!(text.starts_with(&format!("HTTP/1.1 {want}")), "{text:.300}");
        assert!(
            text.to_ascii_lowercase()
                .contains("content-type: application/problem+json"),
            "{text:.300}"
        );
        let body = text.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
        let v: serde_json::Value = serde_json::from_str(body).expect("a problem body");
        assert_eq!(v["code"], code, "{body}");
    }
}
