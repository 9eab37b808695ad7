//! Two ASPs of ours through a real STP: both reach ASP-ACTIVE, exchange DATA both ways on several
//! streams, and the STP's VTY must list both as ASP_ACTIVE.
//!
//! ```text
//! cargo run -p m3ua --features transport --example stp_pair -- \
//!     [--transport sctp|tcp|usctp-udp|usctp-raw] [--stp 127.0.0.1:2905] [--local-ip 127.0.0.1] \
//!     [--vty 127.0.0.1:4239|none] [--messages 100] [--role both|scp|ssp-echo] \
//!     [--ready FILE] [--stop FILE]
//! ```
//!
//! `--role both` (the default) runs both ASPs in this process. The two halves can also run on
//! different machines: `--role ssp-echo` brings up `asp-ssp`, creates the `--ready` file once it
//! is ASP-ACTIVE and sends every DATA back to its originator until the `--stop` file appears;
//! `--role scp` brings up `asp-scp`, sends DATA to point code 3 and waits for the echoes.
//!
//! `--rkm` (with `--role both`) adds a third ASP from local port 2908, which the STP has no
//! configuration for: it registers a routing key for point code 0.0.4 with RKM REG REQ
//! (osmo-stp: `accept-asp-connections dynamic-permitted`), and `asp-scp` must reach it by DPC.
//!
//! It expects the STP configured as `testbed/interop/osmo-stp.cfg` (osmo-stp 1.6): ASP `asp-scp`
//! connects from local port 2906 and serves routing context 2, point code 0.0.2 (= 2); ASP
//! `asp-ssp` connects from port 2907, routing context 3, point code 0.0.3 (= 3); the STP routes
//! by DPC. `scripts/interop.sh` runs it inside a Linux guest with kernel SCTP. Exit code 0 only
//! when everything held.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bytes::Bytes;
use m3ua::asp::{AspState, Association, Config, Event, Role};
use m3ua::transport::{Link, TransportConfig, TransportKind};
use m3ua::{Data, ProtocolData, TrafficModeType};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Args {
    transport: TransportKind,
    stp: SocketAddr,
    local_ip: std::net::IpAddr,
    vty: Option<SocketAddr>,
    messages: u32,
    role: String,
    rkm: bool,
    ready: Option<std::path::PathBuf>,
    stop: Option<std::path::PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        transport: TransportKind::Auto,
        stp: "127.0.0.1:2905".parse().map_err(|e| format!("{e}"))?,
        local_ip: "127.0.0.1".parse().map_err(|e| format!("{e}"))?,
        vty: Some("127.0.0.1:4239".parse().map_err(|e| format!("{e}"))?),
        messages: 100,
        role: "both".into(),
        rkm: false,
        ready: None,
        stop: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--transport" => a.transport = value()?.parse().map_err(|e| format!("{e}"))?,
            "--stp" => a.stp = value()?.parse().map_err(|e| format!("--stp: {e}"))?,
            "--local-ip" => {
                a.local_ip = value()?.parse().map_err(|e| format!("--local-ip: {e}"))?
            }
            "--vty" => {
                let v = value()?;
                a.vty = if v == "none" {
                    None
                } else {
                    Some(v.parse().map_err(|e| format!("--vty: {e}"))?)
                };
            }
            "--messages" => {
                a.messages = value()?.parse().map_err(|e| format!("--messages: {e}"))?
            }
            "--role" => a.role = value()?,
            "--rkm" => a.rkm = true,
            "--ready" => a.ready = Some(value()?.into()),
            "--stop" => a.stop = Some(value()?.into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn asp(routing_context: u32, id: u32) -> Association {
    let mut c = Config::new(Role::Asp);
    c.routing_contexts = vec![routing_context];
    c.traffic_mode = Some(TrafficModeType::OVERRIDE);
    c.asp_identifier = Some(id);
    c.outbound_streams = 17;
    Association::new(c).expect("a valid ASP configuration")
}

fn data(opc: u32, dpc: u32, sls: u8, n: u32) -> Data {
    Data {
        protocol_data: ProtocolData {
            opc,
            dpc,
            si: 3,
            ni: 2,
            mp: 0,
            sls,
            user_data: Bytes::from(format!("vns {opc}->{dpc} #{n}").into_bytes()),
        },
        ..Data::default()
    }
}

async fn receive(link: &mut Link, count: u32) -> Result<Vec<Data>, String> {
    let mut got = Vec::new();
    while got.len() < count as usize {
        match tokio::time::timeout(Duration::from_secs(10), link.next_event()).await {
            Ok(Some(Event::Data(d))) => got.push(d),
            Ok(Some(_)) => {}
            Ok(None) => return Err("the link ended".into()),
            Err(_) => return Err(format!("only {} of {count} DATA arrived", got.len())),
        }
    }
    Ok(got)
}

/// Runs one command on an Osmocom telnet VTY: waits for the prompt, sends the command, reads the
/// answer up to the next prompt; telnet option negotiation (IAC …) is dropped.
/// Checks that `got` holds the messages [`data`] made for `text` (OPC → DPC), numbered from 0,
/// in order, each addressed to `dpc` when given.
fn in_order(who: &str, got: &[Data], text: (u32, u32), dpc: Option<u32>) -> Result<(), String> {
    for (n, d) in got.iter().enumerate() {
        let want = format!("vns {}->{} #{n}", text.0, text.1);
        if d.protocol_data.user_data != want.as_bytes()
            || dpc.is_some_and(|dpc| d.protocol_data.dpc != dpc)
        {
            return Err(format!("{who} got {:?}, expected {want}", d.protocol_data));
        }
    }
    Ok(())
}

async fn vty(addr: SocketAddr, command: &str) -> Result<String, String> {
    let mut s = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| format!("VTY {addr}: {e}"))?;
    let mut text = String::new();
    let prompt = |t: &str| t.trim_end().ends_with('>');
    let read_prompt = async |s: &mut tokio::net::TcpStream, text: &mut String| {
        let mut buf = [0u8; 4096];
        loop {
            let n = s
                .read(&mut buf)
                .await
                .map_err(|e| format!("VTY read: {e}"))?;
            if n == 0 {
                return Ok::<(), String>(());
            }
            let mut i = 0;
            while i < n {
                if buf[i] == 255 {
                    i += 3; // IAC, verb, option
                } else {
                    text.push(char::from(buf[i]));
                    i += 1;
                }
            }
            if prompt(text) {
                return Ok(());
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read_prompt(&mut s, &mut text))
        .await
        .map_err(|_| "no VTY prompt".to_string())??;
    text.clear();
    s.write_all(format!("{command}\r\n").as_bytes())
        .await
        .map_err(|e| format!("VTY write: {e}"))?;
    tokio::time::timeout(Duration::from_secs(5), read_prompt(&mut s, &mut text))
        .await
        .map_err(|_| "no VTY answer".to_string())??;
    Ok(text.replace('\r', ""))
}

async fn run_both(a: Args) -> Result<(), String> {
    println!(
        "transport {} ({}), STP {}",
        a.transport,
        a.transport.resolve(),
        a.stp
    );
    let started = Instant::now();
    let mut scp = Link::connect(transport(&a, 2906), vec![a.stp], asp(2, 2));
    let mut ssp = Link::connect(transport(&a, 2907), vec![a.stp], asp(3, 3));
    for (name, link) in [("asp-scp", &mut scp), ("asp-ssp", &mut ssp)] {
        if !link
            .wait_for(AspState::Active, Duration::from_secs(15))
            .await
        {
            return Err(format!(
                "{name} did not reach ASP-ACTIVE: {:?}",
                link.status()
            ));
        }
        println!("{name}: ASP-ACTIVE after {:?}", started.elapsed());
    }
    // DATA both ways; SLS varies, so the messages use several SCTP streams.
    for n in 0..a.messages {
        let sls = (n % 16) as u8;
        scp.send_data(data(2, 3, sls, n))
            .await
            .map_err(|e| format!("asp-scp send: {e}"))?;
        ssp.send_data(data(3, 2, sls, n))
            .await
            .map_err(|e| format!("asp-ssp send: {e}"))?;
    }
    let at_ssp = receive(&mut ssp, a.messages).await?;
    let at_scp = receive(&mut scp, a.messages).await?;
    in_order("asp-ssp", &at_ssp, (2, 3), Some(3))?;
    in_order("asp-scp", &at_scp, (3, 2), Some(2))?;
    println!(
        "DATA: {} each way, in order, through the STP ({:?})",
        a.messages,
        started.elapsed()
    );
    if a.rkm {
        rkm_leg(&a, &mut scp).await?;
    }
    if let Some(addr) = a.vty {
        vty_check(addr, &["asp-scp", "asp-ssp"]).await?;
    }
    for (name, link) in [("asp-scp", &scp), ("asp-ssp", &ssp)] {
        if let Some(s) = link.stats().await {
            println!(
                "{name}: sent {:?} received {:?} errors received {:?}",
                s.sent, s.received, s.errors_received
            );
        }
    }
    Ok(())
}

fn transport(a: &Args, port: u16) -> TransportConfig {
    TransportConfig {
        kind: a.transport,
        local: vec![SocketAddr::new(a.local_ip, port)],
        ..TransportConfig::default()
    }
}

async fn vty_check(addr: SocketAddr, names: &[&str]) -> Result<(), String> {
    let out = vty(addr, "show cs7 instance 0 asp").await?;
    println!("{out}");
    for name in names {
        if !out
            .lines()
            .any(|l| l.contains(name) && l.contains("ASP_ACTIVE"))
        {
            return Err(format!("the STP's VTY does not show {name} ASP_ACTIVE"));
        }
    }
    println!("VTY: {} ASP_ACTIVE", names.join(" and "));
    Ok(())
}

/// An ASP the STP is not configured for: it gets its AS by RKM registration of point code 4,
/// then receives DATA `asp-scp` sends to that point code.
async fn rkm_leg(a: &Args, scp: &mut Link) -> Result<(), String> {
    let mut c = Config::new(Role::Asp);
    c.asp_identifier = Some(4);
    c.traffic_mode = Some(TrafficModeType::OVERRIDE);
    c.outbound_streams = 17;
    c.routing_keys = vec![m3ua::RoutingKey {
        local_rk_identifier: 1,
        traffic_mode_type: Some(TrafficModeType::OVERRIDE),
        destination_point_codes: vec![m3ua::MaskedPointCode {
            mask: 0,
            point_code: 4,
        }],
        ..m3ua::RoutingKey::default()
    }];
    let mut dynamic = Link::connect(
        transport(a, 2908),
        vec![a.stp],
        Association::new(c).map_err(|e| format!("RKM ASP: {e}"))?,
    );
    let mut registered = None;
    let deadline = Instant::now() + Duration::from_secs(15);
    while dynamic.state() != AspState::Active || registered.is_none() {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, dynamic.next_event()).await {
            Ok(Some(Event::Registration(r))) => registered = Some(r),
            Ok(Some(_)) => {}
            Ok(None) => return Err("the RKM ASP's link ended".into()),
            Err(_) => {
                return Err(format!(
                    "the RKM ASP did not register and activate: {:?}, result {registered:?}",
                    dynamic.status()
                ));
            }
        }
    }
    println!("asp-dyn: registered {registered:?}, ASP-ACTIVE");
    for n in 0..10 {
        scp.send_data(data(2, 4, n as u8, n))
            .await
            .map_err(|e| format!("asp-scp send to PC 4: {e}"))?;
    }
    let got = receive(&mut dynamic, 10).await?;
    in_order("asp-dyn", &got, (2, 4), None)?;
    println!("DATA: 10 from asp-scp to the RKM-registered point code 4 arrived");
    Ok(())
}

/// `asp-ssp` that echoes every DATA back until the stop file appears.
async fn run_echo(a: Args) -> Result<(), String> {
    let mut ssp = Link::connect(transport(&a, 2907), vec![a.stp], asp(3, 3));
    if !ssp
        .wait_for(AspState::Active, Duration::from_secs(15))
        .await
    {
        return Err(format!(
            "asp-ssp did not reach ASP-ACTIVE: {:?}",
            ssp.status()
        ));
    }
    println!("asp-ssp: ASP-ACTIVE, echoing");
    if let Some(ready) = &a.ready {
        std::fs::write(ready, b"ready\n").map_err(|e| format!("{}: {e}", ready.display()))?;
    }
    let mut echoed = 0u64;
    loop {
        if a.stop.as_ref().is_some_and(|p| p.exists()) {
            println!("asp-ssp: echoed {echoed} DATA");
            return Ok(());
        }
        match tokio::time::timeout(Duration::from_millis(100), ssp.next_event()).await {
            Ok(Some(Event::Data(mut d))) => {
                let pd = &mut d.protocol_data;
                std::mem::swap(&mut pd.opc, &mut pd.dpc);
                d.routing_context = None;
                ssp.send_data(d).await.map_err(|e| format!("echo: {e}"))?;
                echoed += 1;
            }
            Ok(Some(_)) | Err(_) => {}
            Ok(None) => return Err("the link ended".into()),
        }
    }
}

/// `asp-scp` that sends DATA to point code 3 and expects each back.
async fn run_scp(a: Args) -> Result<(), String> {
    let started = Instant::now();
    let mut scp = Link::connect(transport(&a, 2906), vec![a.stp], asp(2, 2));
    if !scp
        .wait_for(AspState::Active, Duration::from_secs(15))
        .await
    {
        return Err(format!(
            "asp-scp did not reach ASP-ACTIVE: {:?}",
            scp.status()
        ));
    }
    println!(
        "asp-scp: ASP-ACTIVE after {:?} over {}",
        started.elapsed(),
        a.transport.resolve()
    );
    for n in 0..a.messages {
        scp.send_data(data(2, 3, (n % 16) as u8, n))
            .await
            .map_err(|e| format!("asp-scp send: {e}"))?;
    }
    let echoes = receive(&mut scp, a.messages).await?;
    in_order("echo", &echoes, (2, 3), Some(2))?;
    println!(
        "DATA: {} sent to PC 3 and echoed back through the STP ({:?})",
        a.messages,
        started.elapsed()
    );
    if let Some(addr) = a.vty {
        vty_check(addr, &["asp-scp", "asp-ssp"]).await?;
    }
    Ok(())
}

async fn run(a: Args) -> Result<(), String> {
    match a.role.as_str() {
        "both" => run_both(a).await,
        "ssp-echo" => run_echo(a).await,
        "scp" => run_scp(a).await,
        other => Err(format!("unknown role {other} (both, scp, ssp-echo)")),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("stp_pair: {e}");
            return ExitCode::from(2);
        }
    };
    match run(a).await {
        Ok(()) => {
            println!("PASS");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("FAIL: {e}");
            ExitCode::FAILURE
        }
    }
}
