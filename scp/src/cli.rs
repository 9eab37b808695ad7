//! The `vns-scp` command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use crate::config::{Config, LogFormat};

/// vns-scp: the VNS virtual-number SCP (INAP CS-1 over SIGTRAN).
///
/// Without --config it runs the embedded demo configuration: an SGP on 127.0.0.1:2905 over the
/// `auto` transport (kernel SCTP when the kernel has it, else SCTP over UDP), a RocksDB under
/// ./vns-data with demo bindings, metrics on http://127.0.0.1:9464/metrics.
#[derive(Debug, Parser)]
#[command(name = "vns-scp", version, about, long_about)]
pub struct Cli {
    /// The TOML configuration (see scp/config/*.toml); defaults for everything it leaves out.
    #[arg(long, short)]
    pub config: Option<PathBuf>,
    /// Check the configuration and exit.
    #[arg(long)]
    pub check: bool,
    /// Override `[store] data_dir`.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Override `[m3ua] listen` (one address).
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// Override `[m3ua] transport` (auto, sctp, usctp-udp, usctp-raw, tcp).
    #[arg(long)]
    pub transport: Option<String>,
    /// Override `[http] listen`.
    #[arg(long)]
    pub http: Option<SocketAddr>,
    /// Override `[log] format`.
    #[arg(long, value_enum)]
    pub log_format: Option<LogFormat>,
    /// How long a shutdown waits for dialogues in flight (seconds).
    #[arg(long, default_value_t = 10)]
    pub drain_secs: u64,
}

impl Cli {
    /// The configuration the options give.
    pub fn config(&self) -> anyhow::Result<Config> {
        let mut config = match &self.config {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        if let Some(d) = &self.data_dir {
            config.store.data_dir = d.clone();
        }
        if let Some(l) = self.listen {
            config.m3ua.listen = vec![l];
        }
        if let Some(t) = &self.transport {
            config.m3ua.transport = t.parse().map_err(|e| anyhow::anyhow!("--transport: {e}"))?;
        }
        if let Some(h) = self.http {
            config.http.listen = Some(h);
        }
        if let Some(f) = self.log_format {
            config.log.format = f;
        }
        config.validate()?;
        Ok(config)
    }
}

/// Sets up logging: text or JSON lines on stderr, filtered by `[log] level` (or `RUST_LOG`).
pub fn init_logging(config: &crate::config::LogConfig) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&config.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match config.format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// The program.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match cli.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("vns-scp: {e:#}");
            return ExitCode::from(2);
        }
    };
    if cli.check {
        println!("configuration ok");
        return ExitCode::SUCCESS;
    }
    init_logging(&config.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("vns-scp: {e}");
            return ExitCode::FAILURE;
        }
    };
    let drain = Duration::from_secs(cli.drain_secs);
    runtime.block_on(async move {
        let running = match crate::node::start(config).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!("{e:#}");
                return ExitCode::FAILURE;
            }
        };
        tracing::info!("vns-scp serving; SIGTERM or Ctrl-C stops it gracefully");
        wait_for_signal().await;
        tracing::info!("stopping: draining dialogues");
        running.shutdown(drain).await;
        ExitCode::SUCCESS
    })
}

async fn wait_for_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
