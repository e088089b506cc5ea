//! `posko-server`: parses flags, opens the database, optionally seeds the demo, and listens.

use std::net::SocketAddr;

/// mimalloc rather than glibc's allocator: a push allocates per record and per field (JSON in,
/// merge, JSON out), and malloc and free were a quarter of the server's time taking in pushes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use posko_core::kit::Registry;
use posko_server::{app, seed, AppState, Db};

#[derive(Parser, Debug)]
#[command(version, about = "Posko Crisis Center server")]
struct Args {
    /// Address to listen on. Loopback by default: put a TLS proxy in front to expose it.
    #[arg(long, env = "POSKO_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Where the embedded SQLite database file lives (ignored when DATABASE_URL is set).
    #[arg(long, env = "POSKO_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// PostgreSQL (postgres://...) or SQLite (sqlite://...) URL; empty means the embedded file.
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
    /// The built PWA to serve (`dist/`, from tools/build.mjs).
    #[arg(long, env = "POSKO_DIST", default_value = "./dist")]
    dist: PathBuf,
    /// Create the demo agency, offices and users if missing, and print their logins.
    #[arg(long)]
    demo: bool,
    /// How far ahead of this server's clock a change's stamp may be, in seconds; a change
    /// stamped later is refused and the device stamps it again by the server's time.
    #[arg(long, env = "POSKO_MAX_CLOCK_AHEAD_SECS", default_value_t = 300)]
    max_clock_ahead_secs: u32,
    /// Served behind a reverse proxy that appends the client's address to X-Forwarded-For
    /// (sign-in limits then count that address). Never set it without one: a client could
    /// then name any address.
    #[arg(long, env = "POSKO_BEHIND_PROXY")]
    behind_proxy: bool,
    /// Database connections this server keeps at most (default 4 on SQLite, 16 on
    /// PostgreSQL). Replicas on one PostgreSQL share its max_connections: give each a share.
    #[arg(long, env = "POSKO_DB_CONNECTIONS")]
    db_connections: Option<u32>,
    /// For rehearsals and tests only: read this server's clock this many hours ahead of the
    /// machine's (a tracer's second offline day, rehearsed on the server of that day). Never
    /// set in service: a day ahead, every stamp and date is judged a day ahead.
    #[arg(
        long,
        env = "POSKO_CLOCK_SHIFT_HOURS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    clock_shift_hours: i64,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Creates an agency, its offices and its first Crisis Center admin, prints how the admin
    /// signs in (a one-time password, shown once), and exits. Then the admin builds the roster
    /// in the app. Example:
    /// posko-server create-agency --id pemkab-sleman --name "Pemerintah Kabupaten Sleman"
    ///   --region "DI Yogyakarta / Kabupaten Sleman"
    ///   --office "sleman-setda=Sekretariat Daerah=Kabupaten Sleman"
    ///   --admin-username crisis.sleman --admin-name "Dewi Lestari"
    CreateAgency {
        /// The agency's id: lower-case letters, digits and hyphens; it is in every record.
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// Province / regency or city.
        #[arg(long)]
        region: String,
        /// An office, as ID=NAME=REGENCY; repeat for each office (at least one).
        #[arg(long = "office", required = true)]
        offices: Vec<String>,
        #[arg(long)]
        admin_username: String,
        #[arg(long)]
        admin_name: String,
    },
}

/// Ctrl-C, or SIGTERM from a service manager: finish the requests in flight, then stop.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Logs go to stderr; stdout carries only what the operator needs (logins, the address).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let args = Args::parse();
    if args.clock_shift_hours != 0 {
        posko_server::clock::shift_by_hours(args.clock_shift_hours);
        tracing::warn!(hours = args.clock_shift_hours, now = %posko_server::clock::now(), "the clock is shifted: a rehearsal, not a service");
    }

    let url = match args.database_url.filter(|url| !url.trim().is_empty()) {
        Some(url) => url,
        None => {
            std::fs::create_dir_all(&args.data_dir)
                .with_context(|| format!("cannot create data directory {}", args.data_dir.display()))?;
            Db::sqlite_url_in(&args.data_dir)
        }
    };
    let db = Db::connect_sized(&url, args.db_connections).await?;
    tracing::info!(database = db.backend.as_str(), "database ready");

    if let Some(Command::CreateAgency {
        id,
        name,
        region,
        offices,
        admin_username,
        admin_name,
    }) = args.command
    {
        let offices = offices
            .iter()
            .map(|office| match office.splitn(3, '=').collect::<Vec<_>>()[..] {
                [id, name, regency] => Ok(posko_server::agency::NewOffice {
                    id: id.trim().to_owned(),
                    name: name.to_owned(),
                    regency: regency.to_owned(),
                }),
                _ => Err(anyhow::anyhow!("--office {office:?}: expected ID=NAME=REGENCY")),
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let new = posko_server::agency::NewAgency {
            id,
            name,
            region,
            offices,
            admin_username,
            admin_full_name: admin_name,
        };
        let created = posko_server::agency::create(&db, &new).await?;
        println!("Agency {} created with {} office(s).", new.id, new.offices.len());
        println!("Its Crisis Center admin signs in at the app with:");
        println!("  username: {}", created.admin_username);
        println!(
            "  password: {}   (shown once: hand it over in person)",
            created.admin_password
        );
        return Ok(());
    }

    if args.demo {
        seed::ensure_demo_data(&db).await.context("cannot create demo data")?;
        println!("Demo logins (password for all: {}):", seed::DEMO_PASSWORD);
        for user in &seed::DEMO_USERS {
            println!("  {:<10} {:<18} {}", user.username, user.role.as_str(), user.full_name);
        }
    }

    let dist = if args.dist.join("index.html").is_file() {
        Some(args.dist.clone())
    } else {
        tracing::warn!(dist = %args.dist.display(), "no built app found; serving the API only");
        None
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let mut state = AppState::prepare(db, dist, Registry::standard())
        .await
        .context("cannot prepare the record kinds' tables")?;
    state.push_policy.max_clock_ahead_ms = i64::from(args.max_clock_ahead_secs) * 1000;
    state.behind_proxy = args.behind_proxy;
    if args.demo {
        // Records go through the kinds' tables, so after they are prepared.
        seed::ensure_demo_roster(&state.db, state.kinds)
            .await
            .map_err(|e| anyhow::anyhow!("cannot create the demo roster: {e:?}"))?;
        posko_server::demo_outbreak::ensure(&state.db, state.kinds)
            .await
            .map_err(|e| anyhow::anyhow!("cannot create the demo outbreak: {e:?}"))?;
        posko_server::demo_history::ensure(&state.db, state.kinds)
            .await
            .map_err(|e| anyhow::anyhow!("cannot create the demo's last 30 days: {e:?}"))?;
    }
    // Said once it is ready: the tables prepared, the demo seeded (replicas wait on that line).
    println!("Posko is running at http://{}", listener.local_addr()?);
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}
