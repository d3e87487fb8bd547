//! Catalog updates without a restart, on the real binary: SIGHUP and directory changes swap in a
//! valid new edition, every answer comes from one edition (header = body), and an invalid
//! catalog is refused while the old edition keeps being served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(ok.success());
    }

    fn logged(&self, needle: &str) -> bool {
        self.log.lock().unwrap().iter().any(|l| l.contains(needle))
    }
}

fn start(extra: &[(&str, &str)]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hojokin"));
    cmd.env("HOJOKIN_PORT", "0")
        .env("HOJOKIN_LOG_FORMAT", "json")
        .env("RUST_LOG", "warn,hojokin=info")
        .env_remove("HOJOKIN_CATALOG_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("binary starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut addr = String::new();
    let log = Arc::new(Mutex::new(Vec::new()));
    for line in lines.by_ref() {
        let line = line.expect("log line");
        if let Some(i) = line.find("\"address\":\"") {
            let rest = &line[i + 11..];
            addr = rest[..rest.find('"').expect("closing quote")].to_string();
            break;
        }
        log.lock().unwrap().push(line);
    }
    assert!(!addr.is_empty(), "the server logs its bound address");
    let keep = log.clone();
    std::thread::spawn(move || {
        for l in lines.by_ref().map_while(Result::ok) {
            keep.lock().unwrap().push(l);
        }
    });
    Server { child, addr, log }
}

/// A copy of the embedded catalog with its own edition name.
fn catalog_copy(name: &str, edition: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hojokin-reload-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("programs")).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    for entry in std::fs::read_dir(src.join("programs")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.join("programs").join(p.file_name().unwrap())).unwrap();
    }
    write_atomic(&dir.join("catalog.toml"), &meta(edition));
    dir
}

fn meta(edition: &str) -> String {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog/catalog.toml"))
            .unwrap();
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("edition = ") {
            out.push_str(&format!("edition = \"{edition}\"\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn write_atomic(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp-write");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// One HTTP/1.1 request on a kept-alive connection; the response by Content-Length.
struct Conn {
    stream: BufReader<TcpStream>,
    addr: String,
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

impl Conn {
    fn open(addr: &str) -> Conn {
        let s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).ok();
        s.set_nodelay(true).ok();
        Conn {
            stream: BufReader::new(s),
            addr: addr.to_string(),
        }
    }

    fn send(&mut self, method: &str, path: &str, body: &[u8]) -> std::io::Result<Answer> {
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        let s = self.stream.get_mut();
        s.write_all(head.as_bytes())?;
        s.write_all(body)?;
        let mut line = String::new();
        self.stream.read_line(&mut line)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            line.clear();
            self.stream.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
                headers.push((k.to_string(), v.trim().to_string()));
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body)?;
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

fn served_edition(addr: &str) -> String {
    let a = Conn::open(addr)
        .send("GET", "/readyz", b"")
        .expect("readyz");
    assert_eq!(a.status, 200, "ready");
    a.json()["catalog_edition"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn wait_for_edition(addr: &str, edition: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while served_edition(addr) != edition {
        assert!(Instant::now() < deadline, "edition {edition} never served");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn metric(addr: &str, name: &str) -> u64 {
    let a = Conn::open(addr)
        .send("GET", "/metrics", b"")
        .expect("metrics");
    String::from_utf8_lossy(&a.body)
        .lines()
        .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
        .unwrap_or(0)
}

const ELIGIBILITY: &[u8] = br#"{"as_of":"2025-12-25","detail":"summary","facility":{"facility_type":"hospital","beds":120,"operator_type":"medical_corporation","employees":150,"prefecture":"13","introduced":["online_eligibility","health_checkup_system"],"intends":["e_prescription"]}}"#;
const CALCULATION: &[u8] = br#"{"program_id":"denshi-karte-kyoyu","frame_id":"3bunsho-daikibo","as_of":"2025-12-25","facility":{"facility_type":"hospital","beds":250,"operator_type":"medical_corporation","introduced":["online_eligibility","e_prescription","health_checkup_system"],"previous_grants":[]},"expenses":[{"category":"ehr_standardization","amount_yen":20000000}]}"#;

#[derive(Default)]
struct Tally {
    answers: AtomicU64,
    non_2xx: AtomicU64,
    mismatched: AtomicU64,
    invalid_served: AtomicU64,
    io_errors: AtomicU64,
}

#[test]
fn editions_alternate_under_load_and_an_invalid_one_is_never_served() {
    let dir = catalog_copy("load", "edition-a");
    let server = start(&[
        ("HOJOKIN_CATALOG_DIR", dir.to_str().unwrap()),
        // Only SIGHUP here, so each swap is the test's own.
        ("HOJOKIN_CATALOG_POLL_SECS", "0"),
    ]);
    let addr = server.addr.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let clients: Vec<_> = (0..64)
        .map(|i| {
            let (addr, stop, tally) = (addr.clone(), stop.clone(), tally.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::open(&addr);
                let mut n = i;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let (path, body) = if n % 2 == 0 {
                        ("/v1/eligibility", ELIGIBILITY)
                    } else {
                        ("/v1/calculations", CALCULATION)
                    };
                    let a = match conn.send("POST", path, body) {
                        Ok(a) => a,
                        Err(_) => {
                            tally.io_errors.fetch_add(1, Ordering::Relaxed);
                            conn = Conn::open(&addr);
                            continue;
                        }
                    };
                    tally.answers.fetch_add(1, Ordering::Relaxed);
                    if !(200..300).contains(&a.status) {
                        tally.non_2xx.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    let header = a.header("x-catalog-edition").unwrap_or("").to_string();
                    let v = a.json();
                    let body = format!(
                        "{}; hash={}",
                        v["catalog"]["edition"].as_str().unwrap_or("?"),
                        v["catalog"]["hash"].as_str().unwrap_or("?")
                    );
                    if header != body {
                        tally.mismatched.fetch_add(1, Ordering::Relaxed);
                    }
                    if header.contains("broken") || body.contains("broken") {
                        tally.invalid_served.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();

    let started = Instant::now();
    let mut etags = std::collections::HashMap::new();
    for round in 0..50 {
        let edition = if round % 2 == 0 {
            "edition-b"
        } else {
            "edition-a"
        };
        write_atomic(&dir.join("catalog.toml"), &meta(edition));
        server.signal("-HUP");
        wait_for_edition(&addr, edition);
        let a = Conn::open(&addr)
            .send("GET", "/v1/catalog", b"")
            .expect("catalog");
        assert_eq!(a.json()["edition"], edition);
        etags.insert(edition, a.header("etag").unwrap_or("").to_string());
    }
    assert_ne!(
        etags["edition-a"], etags["edition-b"],
        "ETags change with the edition"
    );
    let answers_during_swaps = tally.answers.load(Ordering::Relaxed);

    // An invalid edition: a program file with an unknown key, under a new edition name.
    let program = dir.join("programs/denshi-karte-kyoyu.toml");
    let good = std::fs::read_to_string(&program).unwrap();
    write_atomic(&program, &format!("{good}\nnot_a_field = 1\n"));
    write_atomic(&dir.join("catalog.toml"), &meta("broken"));
    let failures_before = metric(&addr, "hojokin_catalog_reload_failures_total");
    server.signal("-HUP");
    let deadline = Instant::now() + Duration::from_secs(20);
    while metric(&addr, "hojokin_catalog_reload_failures_total") == failures_before {
        assert!(Instant::now() < deadline, "the failed reload is counted");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Still ready, still the last valid edition, and the log says which file and key.
    assert_eq!(served_edition(&addr), "edition-a");
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().expect("client");
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while !server.logged("not_a_field") {
        assert!(
            Instant::now() < deadline,
            "the refused reload logs its error"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(server.logged("programs/denshi-karte-kyoyu.toml"));
    assert!(server.logged("still serving the old edition"));
    assert!(metric(&addr, "hojokin_catalog_reloads_total") >= 50);

    let t = &tally;
    let answers = t.answers.load(Ordering::Relaxed);
    eprintln!(
        "reload under load: {answers} answers ({answers_during_swaps} during 50 swaps in {:.1} s), {} non-2xx, {} header/body mismatches, {} from the invalid edition, {} connection errors",
        started.elapsed().as_secs_f64(),
        t.non_2xx.load(Ordering::Relaxed),
        t.mismatched.load(Ordering::Relaxed),
        t.invalid_served.load(Ordering::Relaxed),
        t.io_errors.load(Ordering::Relaxed),
    );
    assert!(answers_during_swaps > 500, "the load ran during the swaps");
    assert_eq!(t.non_2xx.load(Ordering::Relaxed), 0, "non-2xx answers");
    assert_eq!(
        t.mismatched.load(Ordering::Relaxed),
        0,
        "header/body editions"
    );
    assert_eq!(
        t.invalid_served.load(Ordering::Relaxed),
        0,
        "invalid edition"
    );
    assert_eq!(t.io_errors.load(Ordering::Relaxed), 0, "connection errors");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_changed_directory_is_reloaded_without_a_signal() {
    let dir = catalog_copy("poll", "poll-1");
    let server = start(&[
        ("HOJOKIN_CATALOG_DIR", dir.to_str().unwrap()),
        ("HOJOKIN_CATALOG_POLL_SECS", "1"),
    ]);
    assert_eq!(served_edition(&server.addr), "poll-1");
    write_atomic(&dir.join("catalog.toml"), &meta("poll-2"));
    wait_for_edition(&server.addr, "poll-2");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The layout of a Kubernetes ConfigMap volume: files are links into `..data`, which links to a
/// timestamped directory; an update writes a new directory and swaps `..data` atomically.
#[test]
fn a_configmap_style_data_link_swap_is_reloaded() {
    let root = std::env::temp_dir().join(format!("hojokin-reload-{}-k8s", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let v1 = catalog_copy("k8s-v1", "configmap-1");
    let v2 = catalog_copy("k8s-v2", "configmap-2");
    std::fs::rename(&v1, root.join("..2026_12_02_v1")).unwrap();
    std::fs::rename(&v2, root.join("..2026_12_02_v2")).unwrap();
    std::os::unix::fs::symlink("..2026_12_02_v1", root.join("..data")).unwrap();
    std::os::unix::fs::symlink("..data/catalog.toml", root.join("catalog.toml")).unwrap();
    std::os::unix::fs::symlink("..data/programs", root.join("programs")).unwrap();
    let server = start(&[
        ("HOJOKIN_CATALOG_DIR", root.to_str().unwrap()),
        ("HOJOKIN_CATALOG_POLL_SECS", "1"),
    ]);
    assert_eq!(served_edition(&server.addr), "configmap-1");
    std::os::unix::fs::symlink("..2026_12_02_v2", root.join("..data_tmp")).unwrap();
    std::fs::rename(root.join("..data_tmp"), root.join("..data")).unwrap();
    wait_for_edition(&server.addr, "configmap-2");
    let a = Conn::open(&server.addr)
        .send("GET", "/metrics", b"")
        .expect("metrics");
    let text = String::from_utf8_lossy(&a.body);
    assert!(text.contains("hojokin_catalog_info{edition=\"configmap-2\""));
    assert!(
        !text.contains("edition=\"configmap-1\""),
        "one edition series: {text}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn sighup_with_the_embedded_catalog_changes_nothing() {
    let server = start(&[]);
    let before = served_edition(&server.addr);
    server.signal("-HUP");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !server.logged("nothing to reload") {
        assert!(Instant::now() < deadline, "SIGHUP is logged");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(served_edition(&server.addr), before, "still serving");
    assert_eq!(metric(&server.addr, "hojokin_catalog_reloads_total"), 0);
}
