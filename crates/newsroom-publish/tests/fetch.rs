//! Pictures an agency item names by URL are fetched for the import and attached with the
//! credit and creator the item gives (a real HTTP server on loopback serves the file).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;

use chrono::Utc;
use newsroom_publish::download::{fetch_picture_with, FetchFailure, FetchPolicy};
use newsroom_publish::fetch_picture;
use newsroom_store::{ImportOutcome, PictureArrival, Store};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");

/// Serves `body` for paths ending in `.jpg`; `/same` redirects to `/moved.jpg` on this server,
/// `/away` to the same port under another name (`localhost`), `/huge.jpg` sends 51 MB,
/// `/busy.jpg` answers 503; anything else is 404.
fn serve(body: Vec<u8>) -> String {
    serve_on(TcpListener::bind("127.0.0.1:0").expect("bind"), body)
}

/// [`serve`] on `listener`.
fn serve_on(listener: TcpListener, body: Vec<u8>) -> String {
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
            } else if line.contains(" /busy.jpg ") {
                let _ = client.write_all(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
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

/// A port on this machine that nothing listens on (yet): an agency's server out of reach.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// Writes the ninjs `item` into `dir` and imports it into `store`, fetching with [`fetch_here`].
fn import_item(store: &mut Store, dir: &Path, item: &serde_json::Value) -> ImportOutcome {
    let file = dir.join("item.json");
    std::fs::write(&file, item.to_string()).expect("write");
    store.import_wire_file(
        &file,
        newsroom_store::files::Links::Follow,
        "Ana",
        Utc::now(),
        &fetch_here,
    )
}

/// The tests' servers are on this machine: the switch that lets loopback answer.
fn fetch_here(url: &str) -> Result<Vec<u8>, FetchFailure> {
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
    .expect_err("loopback")
    .reason;
    assert!(refused.contains("only https"), "{refused}");
    let port = address.rsplit(':').next().expect("port");
    let refused = fetch_picture_with(
        &format!("https://localhost:{port}/a.jpg"),
        FetchPolicy {
            allow_loopback: false,
        },
    )
    .expect_err("loopback");
    assert!(!refused.may_retry, "a refused address is final");
    let refused = refused.reason;
    assert!(
        refused.contains("private network or this computer"),
        "{refused}"
    );
    // A redirect on the same server is followed; one to another host is not.
    assert!(fetch_here(&format!("{address}/same")).is_ok());
    let away = fetch_here(&format!("{address}/away"))
        .expect_err("another host")
        .reason;
    assert!(away.contains("another place (localhost)"), "{away}");
    // More than the desk's photo limit is cut off, in words.
    let huge = fetch_here(&format!("{address}/huge.jpg"))
        .expect_err("too large")
        .reason;
    assert!(huge.contains("over 50 MB"), "{huge}");
    for other in ["file:///etc/passwd", "ftp://x/a.jpg", "gopher://x/"] {
        assert!(fetch_picture(other)
            .expect_err(other)
            .reason
            .contains("not fetched"));
    }
}

#[test]
fn a_picture_named_by_url_arrives_as_a_photo_with_the_items_credit() {
    let address = serve(std::fs::read(format!("{FIXTURES}photo-xmp-only.jpg")).expect("fixture"));
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("data")).expect("open");
    let outcome = import_item(
        &mut store,
        dir.path(),
        &serde_json::json!({
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
        }),
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
        .reason
        .contains("only https"));
    assert!(fetch_picture("ftp://x/a.jpg").is_err());
}

#[test]
fn a_picture_the_network_cannot_give_now_waits_with_its_credit_and_arrives_later() {
    // A port nothing listens on yet: the agency's server is out of reach, as on a train.
    let port = closed_port();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("data")).expect("open");
    let outcome = import_item(
        &mut store,
        dir.path(),
        &serde_json::json!({
            "uri": "urn:test:offline-picture", "version": "1", "copyrightholder": "TT", "language": "sv",
            "headlines": [{"role": "main", "value": "Bilden kommer sen"}],
            "bodies": [{"contenttype": "text/plain", "value": "Text."}],
            "associations": [
                {"name": "a001", "uri": "urn:test:pic", "type": "picture", "by": "Karl Melander/TT",
                 "descriptions": [{"value": "Soldater på parad."}],
                 "renditions": [{"name": "hires", "href": format!("http://127.0.0.1:{port}/a001.jpg"), "width": 1200}]},
                {"name": "a002", "uri": "urn:test:busy", "type": "picture", "by": "Busy/TT",
                 "renditions": [{"name": "hires", "href": format!("http://127.0.0.1:{port}/busy.jpg"), "width": 10}]}
            ]
        }),
    );
    let ImportOutcome::Created {
        article_id,
        pictures_left_out,
        pictures_waiting,
        ..
    } = &outcome
    else {
        panic!("imported: {outcome:?}")
    };
    assert!(pictures_left_out.is_empty(), "{pictures_left_out:?}");
    assert_eq!(pictures_waiting.len(), 2, "{pictures_waiting:?}");
    assert!(
        outcome
            .message()
            .contains("waits with its credit (Karl Melander/TT)"),
        "{}",
        outcome.message()
    );
    let waiting = store.waiting_pictures(Some(*article_id)).expect("waiting");
    assert_eq!(waiting.len(), 2);
    assert_eq!(waiting[0].credit, "Karl Melander/TT");
    assert_eq!(waiting[0].caption, "Soldater på parad.");
    assert!(
        waiting[0].last_error.contains("could not be reached"),
        "{waiting:?}"
    );
    assert!(store
        .article_photos(*article_id)
        .expect("photos")
        .is_empty());

    // Still offline: a try that fails keeps it waiting, a little longer each time.
    store
        .fetch_waiting_pictures_now(None, Utc::now())
        .expect("now");
    let arrivals = store.fetch_due_pictures(&fetch_here, "Ana").expect("fetch");
    assert_eq!(arrivals.len(), 2, "{arrivals:?}");
    assert!(matches!(arrivals[0], PictureArrival::StillWaiting { .. }));
    assert_eq!(store.waiting_pictures(None).expect("waiting")[0].tries, 2);
    // Nothing is due before its time.
    assert!(store
        .fetch_due_pictures(&fetch_here, "Ana")
        .expect("fetch")
        .is_empty());

    // The network answers: the picture arrives as the lead photo with the agency's credit;
    // the busy one (503) keeps waiting.
    let body = std::fs::read(format!("{FIXTURES}photo-xmp-only.jpg")).expect("fixture");
    serve_on(
        TcpListener::bind(("127.0.0.1", port)).expect("rebind"),
        body,
    );
    store
        .fetch_waiting_pictures_now(None, Utc::now())
        .expect("now");
    let arrivals = store.fetch_due_pictures(&fetch_here, "Ana").expect("fetch");
    assert!(
        matches!(arrivals.as_slice(), [PictureArrival::Attached { .. }, PictureArrival::StillWaiting { reason, .. }] if reason.contains("503")),
        "{arrivals:?}"
    );
    let photos = store.article_photos(*article_id).expect("photos");
    assert_eq!(photos.len(), 1);
    assert!(photos[0].is_lead);
    assert_eq!(photos[0].photo.metadata.credit.value, "Karl Melander/TT");
    assert_eq!(photos[0].photo.metadata.caption.value, "Soldater på parad.");
    let waiting = store.waiting_pictures(None).expect("waiting");
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].credit, "Busy/TT");
    assert!(!waiting[0].given_up);
}

#[test]
fn a_claimed_picture_is_fetched_by_one_process_only() {
    let port = closed_port();
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let mut app = Store::open(&data).expect("open");
    let mut cli = Store::open(&data).expect("open again");
    let outcome = import_item(
        &mut app,
        dir.path(),
        &serde_json::json!({
            "uri": "urn:test:claimed-picture", "version": "1", "copyrightholder": "TT",
            "headlines": [{"role": "main", "value": "One fetcher"}],
            "bodies": [{"contenttype": "text/plain", "value": "Text."}],
            "associations": [
                {"name": "a001", "uri": "urn:test:pic", "type": "picture", "by": "Karl Melander/TT",
                 "renditions": [{"name": "hires", "href": format!("http://127.0.0.1:{port}/a001.jpg")}]}
            ]
        }),
    );
    assert!(
        matches!(outcome, ImportOutcome::Created { .. }),
        "{outcome:?}"
    );
    app.fetch_waiting_pictures_now(None, Utc::now())
        .expect("now");
    let claim = app
        .claim_waiting_picture(None, Utc::now())
        .expect("claim")
        .expect("due");
    // While the app fetches it, the command line finds nothing due.
    assert!(cli
        .claim_waiting_picture(None, Utc::now())
        .expect("claim")
        .is_none());
    // The app's claim ran out (it hung); the command line takes it over and the app's late
    // answer is ignored, so the picture is attached once.
    let later = Utc::now() + newsroom_store::waiting_pictures::PICTURE_CLAIM;
    let taken = cli
        .claim_waiting_picture(None, later)
        .expect("claim")
        .expect("expired");
    let body = std::fs::read(format!("{FIXTURES}photo-xmp-only.jpg")).expect("fixture");
    serve_on(
        TcpListener::bind(("127.0.0.1", port)).expect("rebind"),
        body,
    );
    let fetched = newsroom_store::waiting_pictures::fetch_claimed(&taken, &fetch_here);
    let arrival = cli
        .settle_waiting_picture(&taken, fetched, "Ana", later)
        .expect("settle");
    assert!(
        matches!(arrival, Some(PictureArrival::Attached { .. })),
        "{arrival:?}"
    );
    let fetched = newsroom_store::waiting_pictures::fetch_claimed(&claim, &fetch_here);
    assert_eq!(
        app.settle_waiting_picture(&claim, fetched, "Ana", later)
            .expect("settle"),
        None
    );
    let article_id = arrival.expect("arrival").article_id();
    assert_eq!(app.article_photos(article_id).expect("photos").len(), 1);
    assert!(app.waiting_pictures(None).expect("waiting").is_empty());
}
