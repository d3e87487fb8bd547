//! The floor of `benches/load.sh`: a bare actix-web server that does only what any HTTP answer
//! costs. For each endpoint measured, it reads the request body whole (as the real endpoint
//! would, without parsing it) and answers stored bytes of the same size and content type as the
//! real answer, which load.sh fetched first. An endpoint's server CPU per request divided by its
//! floor's is how far the endpoint is from the cost of HTTP alone.
//!
//! Usage: `floor PORT DIR`, where DIR holds `NAME.body` (the answer) and `NAME.type` (its
//! content type) for each endpoint; `GET` or `POST /NAME` answers it, query strings ignored.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::web::{self, Bytes, BytesMut};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};
use futures_util::StreamExt;

struct Answer {
    content_type: String,
    body: Bytes,
}

type Answers = Arc<HashMap<String, Answer>>;

async fn answer(
    req: HttpRequest,
    mut payload: web::Payload,
    answers: web::Data<Answers>,
) -> HttpResponse {
    // The whole body, read as the real endpoints read it (chunk by chunk into one buffer).
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        match chunk {
            Ok(c) => body.extend_from_slice(&c),
            Err(_) => return HttpResponse::BadRequest().finish(),
        }
    }
    let name = req.path().trim_start_matches('/');
    match answers.get(name) {
        Some(a) => HttpResponse::Ok()
            .content_type(a.content_type.as_str())
            .body(a.body.clone()),
        None => HttpResponse::NotFound().finish(),
    }
}

fn load(dir: &std::path::Path) -> std::io::Result<HashMap<String, Answer>> {
    let mut answers = HashMap::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("body") {
            continue;
        }
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let content_type = std::fs::read_to_string(path.with_extension("type"))
            .unwrap_or_else(|_| "application/json".into())
            .trim()
            .to_string();
        let body = Bytes::from(std::fs::read(&path)?);
        answers.insert(name.to_string(), Answer { content_type, body });
    }
    Ok(answers)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(port), Some(dir)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: floor PORT DIR");
        std::process::exit(2);
    };
    let port: u16 = port
        .parse()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let answers: Answers = Arc::new(load(std::path::Path::new(dir))?);
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(answers.clone()))
            .default_service(web::to(answer))
    })
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
