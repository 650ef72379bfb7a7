//! A TCP proxy in front of the test PostgreSQL that cuts connections on demand: mid-stream
//! after a number of bytes, all at once, or by refusing every connection for a while (a
//! laptop's network gone). It can also hold every chunk for a fixed time each way, as a far
//! network does (the bench's slow path). It forwards bytes without looking at them, so TLS passes through
//! and the client still checks the real server's certificate. Shared by the shared desk's
//! fault tests (crates/newsroom-desk/tests) and the torture command (tests/src/bin).

#![allow(dead_code)] // The fault runs cut, the bench delays: each uses what it needs.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// The proxy; dropping it leaves its threads to end with the process.
pub struct TcpCutter {
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    shared: Arc<Shared>,
}

struct Shared {
    /// While false, every connection is cut and new ones are closed at once.
    online: AtomicBool,
    /// When non-zero: each connection is cut once this many bytes came back from the server.
    cut_after: AtomicUsize,
    /// The connections open now, to cut.
    open: Mutex<Vec<TcpStream>>,
    /// How long each chunk is held, each way, in microseconds (0: passed on at once).
    latency_micros: AtomicUsize,
}

impl Shared {
    fn cut_all(&self) {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for stream in open.drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl TcpCutter {
    /// A proxy in front of `upstream`.
    pub fn start(upstream: SocketAddr) -> TcpCutter {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the cutter");
        let port = listener.local_addr().expect("cutter address").port();
        let shared = Arc::new(Shared {
            online: AtomicBool::new(true),
            cut_after: AtomicUsize::new(0),
            open: Mutex::new(Vec::new()),
            latency_micros: AtomicUsize::new(0),
        });
        let accepting = Arc::clone(&shared);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !accepting.online.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(upstream) else {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                };
                // Passed on at once, as a network passes them: Nagle's algorithm here would hold
                // each small query until the other side's delayed ACK (40 ms a round trip).
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                if let (Ok(c), Ok(s)) = (client.try_clone(), server.try_clone()) {
                    let mut open = accepting
                        .open
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    open.push(c);
                    open.push(s);
                }
                let limit = accepting.cut_after.load(Ordering::SeqCst);
                pump(&client, &server, 0, Arc::clone(&accepting));
                pump(&server, &client, limit, Arc::clone(&accepting));
            }
        });
        TcpCutter { port, shared }
    }

    /// Cuts every open connection now.
    pub fn cut(&self) {
        self.shared.cut_all();
    }

    /// Offline: cuts every connection and refuses new ones until set online again.
    pub fn set_online(&self, online: bool) {
        self.shared.online.store(online, Ordering::SeqCst);
        if !online {
            self.shared.cut_all();
        }
    }

    /// Every chunk is held `one_way` before it is passed on, in both directions (a round trip
    /// then takes twice that); chunks keep their order. Applies to connections open now too.
    pub fn set_latency(&self, one_way: Duration) {
        let micros = usize::try_from(one_way.as_micros()).unwrap_or(usize::MAX);
        self.shared.latency_micros.store(micros, Ordering::SeqCst);
    }

    /// Connections made from now on are cut once `bytes` came back from the server (0: never).
    pub fn cut_after(&self, bytes: usize) {
        self.shared.cut_after.store(bytes, Ordering::SeqCst);
    }
}

/// Copies `from` to `to` on two threads: one reads and stamps each chunk with when it may go
/// (now plus the latency), the other writes it then, so a held chunk does not hold the next
/// one's clock. After `limit` bytes (0: no limit) cuts both.
fn pump(from: &TcpStream, to: &TcpStream, limit: usize, shared: Arc<Shared>) {
    let (Ok(mut from), Ok(mut to)) = (from.try_clone(), to.try_clone()) else {
        return;
    };
    let (chunks, delivery) = mpsc::channel::<(Instant, Vec<u8>)>();
    let writer_from = from.try_clone();
    std::thread::spawn(move || {
        for (due, chunk) in delivery {
            let wait = due.saturating_duration_since(Instant::now());
            if !wait.is_zero() {
                std::thread::sleep(wait);
            }
            if to.write_all(&chunk).is_err() {
                break;
            }
        }
        if let Ok(from) = writer_from {
            let _ = from.shutdown(Shutdown::Both);
        }
        let _ = to.shutdown(Shutdown::Both);
    });
    std::thread::spawn(move || {
        let mut buffer = [0u8; 16 * 1024];
        let mut passed = 0usize;
        loop {
            let n = match from.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let allowed = if limit > 0 { n.min(limit - passed) } else { n };
            let latency = shared.latency_micros.load(Ordering::SeqCst) as u64;
            let due = Instant::now() + Duration::from_micros(latency);
            if chunks.send((due, buffer[..allowed].to_vec())).is_err() {
                break;
            }
            passed += allowed;
            if (limit > 0 && passed >= limit) || !shared.online.load(Ordering::SeqCst) {
                break;
            }
        }
        let _ = from.shutdown(Shutdown::Both);
        // Dropping the sender lets the writer pass on what it holds, then close.
    });
}
