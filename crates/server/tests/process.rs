//! The real `posko-server` binary: it starts on the embedded database, stops cleanly on SIGTERM,
//! and a second run on the same data directory keeps the data (sessions included).

use std::io::{BufReader, Lines, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};

mod common;
#[path = "support/spawn.rs"]
mod spawn;

struct Server {
    child: Child,
    addr: String,
    _stdout: Lines<BufReader<ChildStdout>>,
}

impl Server {
    fn start(data_dir: &std::path::Path) -> Server {
        Server::start_logging(data_dir, Stdio::null(), None)
    }

    /// Started with its log (stderr) going to `stderr`, at the level `filter` says.
    fn start_logging(data_dir: &std::path::Path, stderr: Stdio, filter: Option<&str>) -> Server {
        let spawned = spawn::spawn_with_log_filter(data_dir, stderr, filter);
        Server {
            child: spawned.child,
            addr: spawned.addr.to_string(),
            _stdout: spawned.stdout,
        }
    }

    /// One HTTP/1.1 request on a fresh connection; returns the status and the body.
    fn request(&self, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        let status = reply[9..12].parse().unwrap();
        let body = reply
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    /// Signs in; the session token.
    fn login(&self, username: &str, password: &str) -> String {
        let (status, body) = self.request(
            "POST",
            "/api/auth/login",
            None,
            &format!(r#"{{"username":"{username}","password":"{password}"}}"#),
        );
        assert_eq!(status, 200, "{body}");
        let token = body
            .split("\"token\":\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next());
        token.expect("a token").to_owned()
    }

    fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(killed.success());
        self.child.wait().unwrap()
    }
}

#[test]
fn a_second_run_keeps_the_data_and_sigterm_stops_cleanly() {
    let data = tempfile::tempdir().unwrap();

    let first = Server::start(data.path());
    let (status, body) = first.request("GET", "/api/health", None, "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"database\":\"sqlite\""), "{body}");
    let token = first.login("admin", "posko-demo");
    assert!(first.stop().success(), "SIGTERM ends the server with success");
    assert!(data.path().join("posko.db").is_file());

    let second = Server::start(data.path());
    let (status, body) = second.request("GET", "/api/me", Some(&token), "");
    assert_eq!(status, 200, "the session from the first run is still valid: {body}");
    assert!(body.contains("\"username\":\"admin\""), "{body}");
    assert!(second.stop().success());
}

/// A server started a day ahead (`--clock-shift-hours 24`, the rehearsal of a tracer's second
/// offline day) tells phones the time a day ahead, on the data the first run left.
#[test]
fn a_server_started_a_day_ahead_reads_its_clock_a_day_ahead() {
    let data = tempfile::tempdir().unwrap();
    let time_of = |server: &Server, token: &str| -> i64 {
        let (status, body) = server.request("POST", "/api/sync/screened", Some(token), r#"{"date":"2026-12-08"}"#);
        assert_eq!(status, 200, "{body}");
        let time = body.split("\"server_time_ms\":").nth(1).expect("the server's time");
        time.trim_end_matches('}').parse().expect("milliseconds")
    };
    let day_ms = 24 * 60 * 60 * 1000;
    let first = Server::start(data.path());
    let token = first.login("admin", "posko-demo");
    let machine = chrono::Utc::now().timestamp_millis();
    let today = time_of(&first, &token);
    assert!((today - machine).abs() < 60_000, "unshifted: {today} against {machine}");
    assert!(first.stop().success());

    let spawned = spawn::spawn_with(data.path(), None, Stdio::null(), None, &["--clock-shift-hours", "24"]);
    let ahead = Server {
        child: spawned.child,
        addr: spawned.addr.to_string(),
        _stdout: spawned.stdout,
    };
    let machine = chrono::Utc::now().timestamp_millis();
    let tomorrow = time_of(&ahead, &token);
    assert!(
        (tomorrow - machine - day_ms).abs() < 60_000,
        "a day ahead: {tomorrow} against {machine}"
    );
    assert!(ahead.stop().success());
}

/// A real agency starts with the operator's command: it prints the first admin's one-time
/// password, who then signs in to the server on that data directory; a second agency under a
/// taken id is refused with the reason and a failing exit status.
#[test]
fn create_agency_prints_a_sign_in_that_works() {
    let data = tempfile::tempdir().unwrap();
    let run = |id: &str| {
        Command::new(env!("CARGO_BIN_EXE_posko-server"))
            .arg("--data-dir")
            .arg(data.path())
            .args([
                "create-agency",
                "--id",
                id,
                "--name",
                "Pemerintah Kabupaten Sleman",
                "--region",
                "DI Yogyakarta / Kabupaten Sleman",
                "--office",
                &format!("{id}-setda=Sekretariat Daerah=Kabupaten Sleman"),
                "--admin-username",
                &format!("crisis.{id}"),
                "--admin-name",
                "Dewi Lestari",
            ])
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    };
    let made = run("pemkab-sleman");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let printed = String::from_utf8(made.stdout).unwrap();
    let field = |name: &str| {
        printed
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(|rest| rest.split_whitespace().next().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no {name} in {printed}"))
    };
    let (username, password) = (field("username:"), field("password:"));
    assert_eq!(username, "crisis.pemkab-sleman");

    let again = run("pemkab-sleman");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    let server = Server::start(data.path());
    let (status, body) = server.request(
        "POST",
        "/api/auth/login",
        None,
        &format!(r#"{{"username":"{username}","password":"{password}"}}"#),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"agency_id\":\"pemkab-sleman\""), "{body}");
    assert!(server.stop().success());
}

/// No personal data in the server's log (issue #18): a run at the most talkative level, with a
/// person added to the roster, a refused one, a failed sign-in under a NIP and an activation
/// tried with it, leaves no name, NIP, unit, phone number or password in what the server wrote.
#[test]
fn no_personal_data_reaches_the_log() {
    use posko_core::sync::SyncRecord;
    let data = tempfile::tempdir().unwrap();
    let log_path = data.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let server = Server::start_logging(data.path(), Stdio::from(log), Some("trace"));
    let token = server.login("admin", "posko-demo");

    const NAME: &str = "Rahasia Pribadi Sentosa";
    const NIP: &str = "198803142014021002";
    const PHONE: &str = "0812-9876-5432";
    let person = posko_core::roster::Person {
        id: "p-log-test".into(),
        agency_id: posko_server::seed::DEMO_AGENCY_ID.into(),
        office_id: Some("demo-balai-kota".into()),
        owner_id: None,
        parent_id: None,
        nip: NIP.into(),
        full_name: NAME.into(),
        unit: "Seksi Rahasia".into(),
        position: None,
        phone: Some(PHONE.into()),
        kecamatan: None,
        kelurahan: None,
        unit_head: false,
    }
    .to_new_record(&posko_core::sync::Stamp::new(
        chrono::Utc::now().timestamp_millis() as u64,
        0,
        "log-test",
    ));
    let mut refused = person.clone();
    refused.id = "p-log-refused".into();
    refused.fields.get_mut("nip").unwrap().v = posko_core::sync::Value::Text("199002302015032001".into());
    let push = serde_json::json!({ "device_id": "log-test", "entries": [
        { "seq": 1, "record": person },
        { "seq": 2, "record": refused },
    ] });
    let (status, body) = server.request("POST", "/api/sync/push", Some(&token), &push.to_string());
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with(r#"{"acks":[{"seq":1,"outcome":"applied"}"#), "{body}");
    assert!(body.contains("rejected"), "{body}");
    let (status, _) = server.request(
        "POST",
        "/api/auth/login",
        None,
        &format!(r#"{{"username":"{NIP}","password":"bukan-sandinya"}}"#),
    );
    assert_eq!(status, 401);
    let (status, _) = server.request(
        "POST",
        "/api/auth/activate",
        None,
        &format!(r#"{{"username":"{NIP}","code":"AAAA-BBBB","password":"sandi-baru-panjang"}}"#),
    );
    assert!(status == 401 || status == 422, "{status}");
    assert!(server.stop().success());

    let written = std::fs::read_to_string(&log_path).unwrap();
    assert!(written.contains("push applied"), "the log is written at all: {written}");
    for secret in [
        NAME,
        NIP,
        PHONE,
        "199002302015032001",
        "Seksi Rahasia",
        "bukan-sandinya",
        "posko-demo",
    ] {
        assert!(!written.contains(secret), "{secret:?} reached the log:\n{written}");
    }
}

/// Issue #18: replicas on PostgreSQL. Three server processes share one database; devices of
/// three agencies push new screenings through any of them at once, while each agency's puller
/// pulls through any of them with its cursor. Each puller ends with every record of its agency
/// exactly once: order per agency never lets a pull skip a change, whichever process took it.
/// Needs POSKO_TEST_POSTGRES_URL (the README's test command starts a cluster).
#[test]
fn replicas_on_postgres_never_skip_or_double_a_change() {
    use posko_core::sync::SyncRecord;
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    let Ok(admin_url) = std::env::var("POSKO_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("POSKO_REQUIRE_POSTGRES").is_none(),
            "POSKO_REQUIRE_POSTGRES without a URL"
        );
        eprintln!("skipped: POSKO_TEST_POSTGRES_URL not set");
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let name = format!("posko_replicas_{}", uuid::Uuid::now_v7().simple());
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");
    // Two more agencies, each with an office and its admin, made as an operator makes them.
    let admins: Vec<(String, String, String, String)> = runtime.block_on(async {
        sqlx::any::install_default_drivers();
        let admin = sqlx::AnyPool::connect(&admin_url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .unwrap();
        let db = posko_server::Db::connect(&url).await.unwrap();
        let mut admins = Vec::new();
        for n in 1..=2 {
            let new = posko_server::agency::NewAgency {
                id: format!("agency-{n}"),
                name: format!("Agency {n}"),
                region: "Test".into(),
                offices: vec![posko_server::agency::NewOffice {
                    id: format!("office-{n}"),
                    name: format!("Office {n}"),
                    regency: "Test".into(),
                }],
                admin_username: format!("admin.{n}"),
                admin_full_name: format!("Admin {n}"),
            };
            let made = posko_server::agency::create(&db, &new).await.unwrap();
            admins.push((made.admin_username, made.admin_password, new.id, format!("office-{n}")));
        }
        admins
    });
    let mut agencies = admins;
    agencies.push((
        "admin".into(),
        posko_server::seed::DEMO_PASSWORD.into(),
        posko_server::seed::DEMO_AGENCY_ID.into(),
        "demo-balai-kota".into(),
    ));

    // The first process seeds the demo; then two more start on the same database.
    let data = tempfile::tempdir().unwrap();
    let start = || {
        let spawned = spawn::spawn_on(data.path(), Some(&url), Stdio::null(), None);
        Server {
            child: spawned.child,
            addr: spawned.addr.to_string(),
            _stdout: spawned.stdout,
        }
    };
    let servers: Arc<Vec<Server>> = Arc::new(vec![start(), start(), start()]);

    const DEVICES_PER_AGENCY: usize = 2;
    const RECORDS_PER_DEVICE: usize = 40;
    let pushing = Arc::new(AtomicBool::new(true));
    let mut pushers = Vec::new();
    let mut pullers = Vec::new();
    for (a, (username, password, agency, office)) in agencies.iter().cloned().enumerate() {
        let token = servers[a % 3].login(&username, &password);
        for d in 0..DEVICES_PER_AGENCY {
            let (servers, token, agency, office) = (servers.clone(), token.clone(), agency.clone(), office.clone());
            pushers.push(std::thread::spawn(move || {
                let device = format!("{agency}-device-{d}");
                let mut ids = Vec::new();
                let (mut seq, mut sent) = (1u64, 0usize);
                while sent < RECORDS_PER_DEVICE {
                    let batch = 1 + (sent + d) % 4;
                    let entries: Vec<serde_json::Value> = (0..batch.min(RECORDS_PER_DEVICE - sent))
                        .map(|i| {
                            // One a day per person: each record is a new person's.
                            let owner = common::sync::Person {
                                id: format!("{agency}-person-{d}-{}", sent + i),
                                agency_id: agency.clone(),
                                office_id: Some(office.clone()),
                            };
                            let now = chrono::Utc::now();
                            let screening = common::sync::screening_of(&owner, now.date_naive(), now);
                            ids.push(screening.id.clone());
                            let stamp = posko_core::sync::Stamp::new(
                                chrono::Utc::now().timestamp_millis() as u64,
                                i as u16,
                                &device,
                            );
                            serde_json::json!({ "seq": seq + i as u64, "record": screening.to_new_record(&stamp) })
                        })
                        .collect();
                    let body = serde_json::json!({ "device_id": device, "entries": entries }).to_string();
                    // Any process may take any push.
                    let server = &servers[(seq as usize + d) % 3];
                    let (status, reply) = server.request("POST", "/api/sync/push", Some(&token), &body);
                    assert_eq!(status, 200, "{reply}");
                    assert!(!reply.contains("rejected"), "{reply}");
                    seq += entries.len() as u64;
                    sent += entries.len();
                }
                (agency, ids)
            }));
        }
        let (servers, pushing) = (servers.clone(), pushing.clone());
        pullers.push(std::thread::spawn(move || {
            let mut cursor = 0u64;
            let mut seen: HashMap<String, usize> = HashMap::new();
            let mut round = 0usize;
            loop {
                let done = !pushing.load(Ordering::SeqCst);
                // Pull until a page says nothing more waits.
                loop {
                    round += 1;
                    let server = &servers[round % 3];
                    let (status, body) = server.request(
                        "GET",
                        &format!("/api/sync/pull?after={cursor}&limit=7"),
                        Some(&token),
                        "",
                    );
                    assert_eq!(status, 200, "{body}");
                    let page: posko_core::sync::protocol::PullResponse = serde_json::from_str(&body).unwrap();
                    for record in page.records.iter().filter(|r| r.kind == "screening") {
                        assert_eq!(record.agency_id, agency, "nothing of another agency");
                        // The demo agency's own month of screenings comes too: only this
                        // test's people are counted.
                        if !record
                            .owner_id
                            .as_deref()
                            .is_some_and(|o| o.starts_with(&format!("{agency}-person-")))
                        {
                            continue;
                        }
                        *seen.entry(record.id.clone()).or_default() += 1;
                    }
                    cursor = page.cursor;
                    if !page.more {
                        break;
                    }
                }
                if done {
                    return (agency, seen);
                }
            }
        }));
    }
    let mut pushed: HashMap<String, Vec<String>> = HashMap::new();
    for pusher in pushers {
        let (agency, ids) = pusher.join().unwrap();
        pushed.entry(agency).or_default().extend(ids);
    }
    pushing.store(false, Ordering::SeqCst);
    for puller in pullers {
        let (agency, seen) = puller.join().unwrap();
        let expected = &pushed[&agency];
        assert_eq!(expected.len(), DEVICES_PER_AGENCY * RECORDS_PER_DEVICE);
        let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "{agency}: pulled more than once: {twice:?}");
        let missing: Vec<_> = expected.iter().filter(|id| !seen.contains_key(*id)).collect();
        assert!(missing.is_empty(), "{agency}: never pulled: {missing:?}");
        assert_eq!(
            seen.len(),
            expected.len(),
            "{agency}: nothing more of this test's people"
        );
    }
    let servers = Arc::try_unwrap(servers).ok().unwrap();
    for server in servers {
        assert!(server.stop().success());
    }
}
