//! The embeddable checker: `GET /embed/` (the page a portal frames) and its script, built under
//! `web/` and committed in `web/dist/`, embedded in the binary like the catalog.
//!
//! Only these paths may be framed, by the origins of `HOJOKIN_EMBED_ORIGINS` (unset: any, since
//! the checker is read-only and made to be embedded); the page's own CSP lets it load and call
//! nothing but its own origin.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use include_dir::{include_dir, Dir};
use sha2::{Digest, Sha256};

static DIST: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/web/dist");

/// Placeholder in `index.html` replaced by the allowed parent origins (space-separated or `*`),
/// so the page knows where it may post its messages.
const ORIGINS_PLACEHOLDER: &str = "__HOJOKIN_EMBED_ORIGINS__";

/// One file served under `/embed/`.
#[derive(Debug, Clone)]
struct Asset {
    name: String,
    content_type: &'static str,
    body: web::Bytes,
    etag: String,
}

/// The embed settings and the files, prepared once per app.
#[derive(Debug, Clone)]
pub struct Embed {
    assets: Vec<Asset>,
    /// The `Content-Security-Policy` of every `/embed/` answer.
    csp: HeaderValue,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// A CSP source expression must not carry characters that would end or extend the directive.
fn valid_origin(o: &str) -> bool {
    o == "*"
        || (!o.is_empty()
            && o.len() <= 300
            && o.bytes()
                .all(|b| b.is_ascii_graphic() && b != b';' && b != b',' && b != b'\'')
            && (o.starts_with("https://") || o.starts_with("http://")))
}

impl Embed {
    /// `origins`: who may frame `/embed/` and receive its messages; empty or `*` = anyone.
    /// Entries that are not origins are dropped (the settings are checked at startup).
    pub fn new(origins: &[String]) -> Embed {
        let list: Vec<&str> = origins
            .iter()
            .map(|o| o.trim().trim_end_matches('/'))
            .filter(|o| valid_origin(o))
            .collect();
        let any = list.is_empty() || list.contains(&"*");
        let ancestors = if any { "*".to_string() } else { list.join(" ") };
        let csp = format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors {ancestors}"
        );
        let assets = DIST
            .files()
            .filter_map(|f| {
                let name = f.path().to_str()?.to_string();
                let body: web::Bytes = if name == "index.html" {
                    let text = String::from_utf8_lossy(f.contents())
                        .replace(ORIGINS_PLACEHOLDER, &ancestors);
                    web::Bytes::from(text)
                } else {
                    web::Bytes::from_static(f.contents())
                };
                Some(Asset {
                    content_type: content_type(&name),
                    etag: etag(&body),
                    name,
                    body,
                })
            })
            .collect();
        Embed {
            assets,
            // Built from checked origins only; the fallback forbids framing rather than fail.
            csp: HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'",
            )),
        }
    }

    /// Whether every entry of the setting is an origin or `*`.
    pub fn check(origins: &[String]) -> Result<(), String> {
        match origins
            .iter()
            .map(|o| o.trim())
            .find(|o| !o.is_empty() && !valid_origin(o.trim_end_matches('/')))
        {
            Some(bad) => Err(format!(
                "HOJOKIN_EMBED_ORIGINS: `{bad}` is not an origin (https://host[:port]) or *"
            )),
            None => Ok(()),
        }
    }

    fn asset(&self, name: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.name == name)
    }
}

/// Whether a path is served by this module (its CSP replaces the API's).
pub fn is_embed_path(path: &str) -> bool {
    path.starts_with("/embed/")
}

fn serve(req: &HttpRequest, embed: &Embed, name: &str) -> HttpResponse {
    let Some(asset) = embed.asset(name) else {
        return HttpResponse::NotFound().finish();
    };
    // The page is revalidated every time (its settings may change with a restart); the script
    // is cached briefly and revalidated by its ETag.
    let cache = if name == "index.html" {
        "no-cache"
    } else {
        "public, max-age=300"
    };
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == asset.etag || t.trim() == "*")
        });
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::ETAG, asset.etag.clone()))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::CONTENT_SECURITY_POLICY, embed.csp.clone()));
    if fresh {
        return res.finish();
    }
    res.insert_header((header::CONTENT_TYPE, asset.content_type))
        .body(asset.body.clone())
}

async fn page(req: HttpRequest, embed: web::Data<Embed>) -> HttpResponse {
    serve(&req, &embed, "index.html")
}

async fn file(
    req: HttpRequest,
    name: web::Path<String>,
    embed: web::Data<Embed>,
) -> actix_web::Result<HttpResponse> {
    match embed.asset(&name) {
        Some(_) if name.as_str() != "index.html" => Ok(serve(&req, &embed, &name)),
        // Unknown files get the API's problem answer (and its framing rules).
        _ => Err(crate::http::route_error(req.method().as_str(), req.path(), None).into()),
    }
}

/// `/embed` without its slash: the relative script URL needs the directory form.
async fn redirect(req: HttpRequest) -> HttpResponse {
    let q = req.query_string();
    let to = if q.is_empty() {
        "/embed/".to_string()
    } else {
        format!("/embed/?{q}")
    };
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, to))
        .finish()
}

/// Registers `/embed`, `/embed/` and `/embed/{file}` (GET and HEAD).
pub fn configure(cfg: &mut web::ServiceConfig, embed: Embed) {
    cfg.app_data(web::Data::new(embed))
        .service(
            web::resource("/embed")
                .route(web::get().to(redirect))
                .route(web::head().to(redirect)),
        )
        .service(
            web::resource("/embed/")
                .route(web::get().to(page))
                .route(web::head().to(page)),
        )
        .service(
            web::resource("/embed/{name}")
                .route(web::get().to(file))
                .route(web::head().to(file)),
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_ancestors_from_the_setting() {
        let any = Embed::new(&[]);
        assert!(any.csp.to_str().unwrap().ends_with("frame-ancestors *"));
        let star = Embed::new(&["*".into()]);
        assert!(star.csp.to_str().unwrap().ends_with("frame-ancestors *"));
        let two = Embed::new(&[
            "https://a.example.jp".into(),
            " http://127.0.0.1:9000/ ".into(),
        ]);
        assert!(two
            .csp
            .to_str()
            .unwrap()
            .ends_with("frame-ancestors https://a.example.jp http://127.0.0.1:9000"));
    }

    #[test]
    fn origins_that_would_break_the_policy_are_refused() {
        assert!(Embed::check(&["https://a.example.jp".into(), "*".into()]).is_ok());
        for bad in [
            "a.example.jp",
            "https://a.example.jp; script-src *",
            "'none'",
            "javascript:x",
        ] {
            assert!(Embed::check(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
