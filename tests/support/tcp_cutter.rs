//! A TCP proxy in front of the test PostgreSQL that cuts connections on demand: mid-stream
//! after a number of bytes, all at once, or by refusing every connection for a while (a
//! laptop's network gone). It forwards bytes without looking at them, so TLS passes through
//! and the client still checks the real server's certificate. Shared by the shared desk's
//! fault tests (crates/newsroom-desk/tests) and the torture command (tests/src/bin).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

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

    /// Connections made from now on are cut once `bytes` came back from the server (0: never).
    pub fn cut_after(&self, bytes: usize) {
        self.shared.cut_after.store(bytes, Ordering::SeqCst);
    }
}

/// Copies `from` to `to` on a thread; after `limit` bytes (0: no limit) cuts both.
fn pump(from: &TcpStream, to: &TcpStream, limit: usize, shared: Arc<Shared>) {
    let (Ok(mut from), Ok(mut to)) = (from.try_clone(), to.try_clone()) else {
        return;
    };
    std::thread::spawn(move || {
        let mut buffer = [0u8; 16 * 1024];
        let mut passed = 0usize;
        loop {
            let n = match from.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let allowed = if limit > 0 { n.min(limit - passed) } else { n };
            if to.write_all(&buffer[..allowed]).is_err() {
                break;
            }
            passed += allowed;
            if (limit > 0 && passed >= limit) || !shared.online.load(Ordering::SeqCst) {
                break;
            }
        }
        let _ = from.shutdown(Shutdown::Both);
        let _ = to.shutdown(Shutdown::Both);
    });
}
