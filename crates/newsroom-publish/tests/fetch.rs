//! Pictures an agency item names by URL are fetched for the import and attached with the
//! credit and creator the item gives (a real HTTP server on loopback serves the file).

use std::io::{Read, Write};
use std::net::TcpListener;

use chrono::Utc;
use newsroom_publish::download::{fetch_picture_with, FetchPolicy};
use newsroom_publish::fetch_picture;
use newsroom_store::{ImportOutcome, Store};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");

/// Serves `body` for paths ending in `.jpg`; `/same` redirects to `/moved.jpg` on this server,
/// `/away` to the same port under another name (`localhost`), `/huge.jpg` sends 51 MB; anything
/// else is 404.
fn serve(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let address = format!("http://127.0.0.1:{port}");
    std::thread::spawn(move || {
        for mut client in listener.incoming().flatten() {
            let mut request = [0u8; 4096];
            let n = client.read(&mut request).unwrap_or(0);
            let line = String::from_utf8_lossy(&request[..n])
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            let redirect = |client: &mut std::net::TcpStream, to: &str| {
                let _ = write!(client, "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            };
            if line.contains(" /same ") {
                redirect(&mut client, "/moved.jpg");
            } else if line.contains(" /away ") {
                redirect(&mut client, &format!("http://localhost:{port}/a.jpg"));
            } else if line.contains(" /huge.jpg ") {
                let size = 51 * 1024 * 1024;
                let _ = write!(client, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n");
                let chunk = vec![0u8; 1024 * 1024];
                for _ in 0..51 {
                    if client.write_all(&chunk).is_err() {
                        break;
                    }
                }
            } else if line.contains(".jpg ") {
                let _ = write!(client, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                let _ = client.write_all(&body);
            } else {
                let _ = client.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        }
    });
    address
}

/// The tests' servers are on this machine: the switch that lets loopback answer.
fn fetch_here(url: &str) -> Result<Vec<u8>, String> {
    fetch_picture_with(
        url,
        FetchPolicy {
            allow_loopback: true,
        },
    )
}

#[test]
fn downloads_stay_on_the_public_web_within_their_limits() {
    let address = serve(std::fs::read(format!("{FIXTURES}photo-xmp-only.jpg")).expect("fixture"));
    // Without the tests' switch, this machine is never fetched from, whatever the scheme.
    let refused = fetch_picture_with(
        &format!("{address}/a.jpg"),
        FetchPolicy {
            allow_loopback: false,
        },
    )
    .expect_err("loopback");
    assert!(refused.contains("only https"), "{refused}");
    let port = address.rsplit(':').next().expect("port");
    let refused = fetch_picture_with(
        &format!("https://localhost:{port}/a.jpg"),
        FetchPolicy {
            allow_loopback: false,
        },
    )
    .expect_err("loopback");
    assert!(
        refused.contains("private network or this computer"),
        "{refused}"
    );
    // A redirect on the same server is followed; one to another host is not.
    assert!(fetch_here(&format!("{address}/same")).is_ok());
    let away = fetch_here(&format!("{address}/away")).expect_err("another host");
    assert!(away.contains("another place (localhost)"), "{away}");
    // More than the desk's photo limit is cut off, in words.
    let huge = fetch_here(&format!("{address}/huge.jpg")).expect_err("too large");
    assert!(huge.contains("over 50 MB"), "{huge}");
    for other in ["file:///etc/passwd", "ftp://x/a.jpg", "gopher://x/"] {
        assert!(fetch_picture(other)
            .expect_err(other)
            .contains("not fetched"));
    }
}

#[test]
fn a_picture_named_by_url_arrives_as_a_photo_with_the_items_credit() {
    let address = serve(std::fs::read(format!("{FIXTURES}photo-xmp-only.jpg")).expect("fixture"));
    let dir = tempfile::tempdir().expect("tempdir");
    let item = dir.path().join("item.json");
    std::fs::write(
        &item,
        serde_json::json!({
            "uri": "urn:test:fetched-picture", "version": "1", "copyrightholder": "TT", "language": "sv",
            "headlines": [{"role": "main", "value": "Bilden hämtas"}],
            "bodies": [{"contenttype": "text/plain", "value": "Text."}],
            "associations": [
                {"name": "a001", "uri": "urn:test:pic", "type": "picture", "by": "Karl Melander/TT",
                 "descriptions": [{"value": "Soldater på parad."}],
                 "renditions": [{"name": "hires", "href": format!("{address}/a001_hires.jpg"), "width": 1200}]},
                {"name": "a002", "uri": "urn:test:gone", "type": "picture", "by": "Someone/TT",
                 "renditions": [{"name": "hires", "href": format!("{address}/gone.png"), "width": 10}]}
            ]
        })
        .to_string(),
    )
    .expect("write");
    let mut store = Store::open(&dir.path().join("data")).expect("open");
    let outcome = store.import_wire_file(
        &item,
        newsroom_store::files::Links::Follow,
        "Ana",
        Utc::now(),
        &fetch_here,
    );
    let ImportOutcome::Created {
        article_id,
        pictures_left_out,
        ..
    } = outcome
    else {
        panic!("imported: {outcome:?}")
    };
    assert_eq!(pictures_left_out.len(), 1, "{pictures_left_out:?}");
    assert!(
        pictures_left_out[0].contains("answered 404")
            && pictures_left_out[0].contains("Someone/TT")
    );
    let photos = store.article_photos(article_id).expect("photos");
    assert_eq!(photos.len(), 1);
    let photo = &photos[0].photo;
    assert!(photos[0].is_lead);
    assert_eq!(photo.metadata.credit.value, "Karl Melander/TT");
    assert_eq!(photo.metadata.caption.value, "Soldater på parad.");

    assert!(fetch_picture("http://news.example.com/a.jpg")
        .expect_err("clear text")
        .contains("only https"));
    assert!(fetch_picture("ftp://x/a.jpg").is_err());
}
