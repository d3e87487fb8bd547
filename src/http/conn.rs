//! Connections: every request's headers bounded in time, and a cap on open connections.
//!
//! actix-http bounds the headers of a connection's first request only (its head timer is
//! cleared for good once a request is read) and its keep-alive timer is cleared by the first
//! byte of the next request, so a client that trickles a second request's headers keeps the
//! connection forever. `Guarded` wraps each socket and watches the bytes read: the first byte
//! after a response starts a timer that the end of the headers (`\r\n\r\n`) stops; when it fires
//! the read fails and the connection closes. Past the connection cap a connection is answered
//! 503 at once and closed, before it can hold a descriptor for long.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_codec::{AsyncRead, AsyncWrite, ReadBuf};
use actix_web::rt::net::TcpStream;
use actix_web::rt::time::{sleep, Sleep};

/// Where a connection is in its current request.
enum Phase {
    /// Between requests (or before the first): no timer of ours (actix's keep-alive and first
    /// request timers apply).
    Idle,
    /// Headers are arriving; `seen` holds the last bytes read, to find `\r\n\r\n`.
    Head { timer: Pin<Box<Sleep>>, seen: u32 },
    /// The headers are in: the body is bounded by the request timeout of the handlers.
    Body,
    /// Over the connection cap: already answered 503; reads see the end of the stream.
    Rejected,
}

/// A socket whose request headers must arrive within `head_timeout`.
pub struct Guarded {
    io: TcpStream,
    head_timeout: Duration,
    phase: Phase,
    open: Arc<AtomicUsize>,
    /// A problem answer still to be written in place of a bare one.
    pending: Vec<u8>,
    /// Set when the client has closed its side or the socket failed.
    gone: Arc<AtomicBool>,
}

/// The client of a connection has gone: handlers find it in the connection data and stop
/// work nobody will receive.
#[derive(Clone, Debug)]
pub struct ClientGone(pub Arc<AtomicBool>);

impl Guarded {
    pub fn client_gone(&self) -> ClientGone {
        ClientGone(self.gone.clone())
    }
}

/// actix-http answers a request it cannot read (malformed, headers too large, headers too slow)
/// by itself, with an empty body and none of the application's headers. Such an answer is
/// replaced by a problem answer like every other error.
fn own_error(buf: &[u8]) -> Option<Vec<u8>> {
    use super::problem::{ApiError, ErrorCode};
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..head_end])
        .ok()?
        .to_ascii_lowercase();
    if !head.starts_with("http/1.1 4") || head.contains("x-request-id:") {
        return None;
    }
    let (code, detail) = match head.get(9..12)? {
        "400" => (
            ErrorCode::BadRequest,
            "the request could not be read as HTTP/1.1",
        ),
        "408" => (
            ErrorCode::RequestTimeout,
            "the request headers did not arrive in time",
        ),
        "431" => (
            ErrorCode::HeadersTooLarge,
            "the request headers are too large",
        ),
        _ => return None,
    };
    let id = uuid::Uuid::new_v4().to_string();
    let body = serde_json::to_string(&ApiError::new(code, detail).problem(&id, "")).ok()?;
    let status = code.status();
    tracing::warn!(
        request_id = %id,
        status = status.as_u16(),
        code = code.as_str(),
        "request refused by the connection"
    );
    Some(
        format!(
            "HTTP/1.1 {} {}\r\ncontent-type: application/problem+json\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\nx-request-id: {id}\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            body.len()
        )
        .into_bytes(),
    )
}

impl Guarded {
    /// Writes what is left of a replaced answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.pending.is_empty() {
            match Pin::new(&mut self.io).poll_write(cx, &self.pending) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => {
                    self.pending.drain(..n);
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The headers end with an empty line.
fn ends_head(seen: &mut u32, bytes: &[u8]) -> bool {
    for &b in bytes {
        *seen = (*seen << 8) | u32::from(b);
        if *seen == u32::from_be_bytes(*b"\r\n\r\n") {
            return true;
        }
    }
    false
}

impl AsyncRead for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match &mut this.phase {
            Phase::Rejected => return Poll::Ready(Ok(())),
            Phase::Head { timer, .. } => {
                if timer.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "request headers not received in time",
                    )));
                }
            }
            Phase::Idle | Phase::Body => {}
        }
        let before = buf.filled().len();
        let room = buf.remaining() > 0;
        let res = Pin::new(&mut this.io).poll_read(cx, buf);
        match &res {
            Poll::Ready(Ok(())) if room && buf.filled().len() == before => {
                this.gone.store(true, Ordering::Relaxed);
            }
            Poll::Ready(Err(_)) => this.gone.store(true, Ordering::Relaxed),
            _ => {}
        }
        if let Poll::Ready(Ok(())) = res {
            let new = &buf.filled()[before..];
            if !new.is_empty() {
                if let Phase::Idle = this.phase {
                    let mut timer = Box::pin(sleep(this.head_timeout));
                    // Registers this task to be woken when the time is up.
                    let _ = timer.as_mut().poll(cx);
                    this.phase = Phase::Head { timer, seen: 0 };
                }
                if let Phase::Head { seen, .. } = &mut this.phase {
                    if ends_head(seen, new) {
                        this.phase = Phase::Body;
                    }
                }
            }
        }
        res
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if let Phase::Rejected = this.phase {
            return Poll::Ready(Ok(buf.len()));
        }
        if !this.pending.is_empty() {
            // The connection closes after a replaced answer: nothing else is written.
            return this.poll_pending(cx).map_ok(|()| buf.len());
        }
        if let Some(answer) = own_error(buf) {
            this.pending = answer;
            return this.poll_pending(cx).map_ok(|()| buf.len());
        }
        let res = Pin::new(&mut this.io).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = res {
            // A response is going out: the next bytes read start the next request.
            if n > 0 && matches!(this.phase, Phase::Body) {
                this.phase = Phase::Idle;
            }
        }
        res
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        std::task::ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        std::task::ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}

/// The answer past the connection cap.
const OVER_CAP: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/problem+json\r\ncache-control: no-store\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: 190\r\n\r\n{\"type\":\"https://hojokin.dev/problems/overloaded\",\"title\":\"Overloaded\",\"status\":503,\"detail\":\"too many open connections; retry in a second\",\"instance\":\"\",\"code\":\"overloaded\",\"request_id\":\"\"}";

/// Accepted connections, shared by every worker.
#[derive(Clone)]
pub struct Gate {
    open: Arc<AtomicUsize>,
    max: usize,
    head_timeout: Duration,
}

impl Gate {
    pub fn new(max: usize, head_timeout: Duration) -> Gate {
        Gate {
            open: Arc::default(),
            max: max.max(1),
            head_timeout,
        }
    }

    /// Wraps an accepted socket; past the cap it is answered 503 and left to close.
    pub async fn admit(&self, io: TcpStream) -> Guarded {
        let n = self.open.fetch_add(1, Ordering::AcqRel);
        let phase = if n >= self.max {
            // The request is read (briefly) and dropped first: a socket closed with unread data
            // is reset, and the client would lose the answer.
            let wait = actix_web::rt::time::timeout(Duration::from_millis(500), io.readable());
            let _ = wait.await;
            let mut scratch = [0u8; 8192];
            while matches!(io.try_read(&mut scratch), Ok(n) if n > 0) {}
            // A short answer fits the socket's send buffer; if not, the client is not reading.
            let _ = io.try_write(OVER_CAP);
            Phase::Rejected
        } else {
            Phase::Idle
        };
        Guarded {
            io,
            head_timeout: self.head_timeout,
            phase,
            open: self.open.clone(),
            pending: Vec::new(),
            gone: Arc::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_ends_at_the_empty_line_across_reads() {
        let mut seen = 0;
        assert!(!ends_head(&mut seen, b"GET / HTTP/1.1\r\nHost: x\r"));
        assert!(!ends_head(&mut seen, b"\n"));
        assert!(ends_head(&mut seen, b"\r\n"));
        let mut seen = 0;
        assert!(!ends_head(&mut seen, b"a\r\nb\r\n"));
    }

    #[test]
    fn bare_answers_of_the_connection_become_problems() {
        let bare = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
        let text = String::from_utf8(own_error(bare).unwrap()).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 "), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["code"], "headers_too_large");
        // The application's answers are left alone.
        let app = b"HTTP/1.1 400 Bad Request\r\nx-request-id: abc\r\ncontent-length: 2\r\n\r\n{}";
        assert!(own_error(app).is_none());
        assert!(own_error(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
    }

    #[test]
    fn the_canned_answer_declares_its_length() {
        let text = std::str::from_utf8(OVER_CAP).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        assert!(serde_json::from_str::<serde_json::Value>(body).is_ok());
    }
}
