//! A TCP proxy in front of the loopback WordPress that loses answers, fails or hangs on demand:
//! the faults a real site cannot be made to produce when a test wants them. Shared by the
//! WordPress tests (crates/newsroom-publish/tests) and the torture command (tests/src/bin).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the proxy in front of the site does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fault {
    /// Passes everything through.
    None,
    /// Passes a request that creates a post through, then drops the answer.
    LoseAnswerToNewPost,
    /// Answers 500 to everything.
    ServerError,
    /// Accepts and never answers.
    Hang,
}

/// A TCP proxy in front of the test site that can lose answers, fail or hang.
pub struct FaultyProxy {
    /// The proxy's address, to give the desk instead of the site's.
    pub url: String,
    fault: Arc<Mutex<Fault>>,
}

impl FaultyProxy {
    /// A proxy in front of the site at `site_url` (http on loopback).
    pub fn start(site_url: &str) -> FaultyProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let upstream = site_url.trim_start_matches("http://").to_owned();
        let fault = Arc::new(Mutex::new(Fault::None));
        let shared = Arc::clone(&fault);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let fault = *shared.lock().expect("fault");
                let upstream = upstream.clone();
                std::thread::spawn(move || serve(client, &upstream, fault));
            }
        });
        FaultyProxy { url, fault }
    }

    /// What the proxy does from now on.
    pub fn set(&self, fault: Fault) {
        *self.fault.lock().expect("fault") = fault;
    }
}

/// Reads one HTTP request (headers and Content-Length body).
pub fn read_request(client: &mut TcpStream) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let n = client.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        request.extend_from_slice(&buf[..n]);
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..end]).to_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while request.len() < end + 4 + length {
                let n = client.read(&mut buf).ok()?;
                if n == 0 {
                    return None;
                }
                request.extend_from_slice(&buf[..n]);
            }
            return Some(request);
        }
    }
}

fn serve(mut client: TcpStream, upstream: &str, fault: Fault) {
    let Some(request) = read_request(&mut client) else {
        return;
    };
    let first_line =
        String::from_utf8_lossy(&request[..request.iter().position(|b| *b == b'\r').unwrap_or(0)])
            .to_string();
    match fault {
        Fault::Hang => {
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
        Fault::ServerError => {
            let body = r#"{"code":"internal_server_error","message":"The site is having a bad day.","data":{"status":500}}"#;
            let _ = write!(client, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            return;
        }
        _ => {}
    }
    // Forward with "Connection: close" so one answer ends the exchange.
    let text = String::from_utf8_lossy(&request).replacen("\r\n", "\r\nConnection: close\r\n", 1);
    let head_end = text.find("\r\n\r\n").unwrap_or(text.len());
    let mut forwarded = text[..head_end]
        .lines()
        .filter(|l| !l.to_lowercase().starts_with("connection: keep-alive"))
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes();
    let body_start = request
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(request.len(), |p| p + 4);
    forwarded.extend_from_slice(b"\r\n\r\n");
    forwarded.extend_from_slice(&request[body_start..]);
    let Ok(mut server) = TcpStream::connect(upstream) else {
        return;
    };
    let _ = server.write_all(&forwarded);
    let mut answer = Vec::new();
    let _ = server.read_to_end(&mut answer);
    let creates_post = first_line.starts_with("POST ") && first_line.contains("/wp/v2/posts?");
    if fault == Fault::LoseAnswerToNewPost && creates_post {
        return; // the post was made; the desk never hears of it
    }
    let _ = client.write_all(&answer);
}
