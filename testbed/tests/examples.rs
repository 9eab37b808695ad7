//! The documented examples — every `vns-ssp` line of the README's `sh` blocks and of
//! `vns-ssp --help` — run through the CLI entry point against a responder, and succeed.

mod common;

use std::process::ExitCode;

use clap::CommandFactory;
use common::{runtime, tcp_responder, vns_ssp};
use testbed::cli::Cli;

const README: &str = include_str!("../README.md");

/// The lines of the README's ```sh blocks, and the body of the ```toml block after `name`:.
fn readme_blocks(lang: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in README.lines() {
        match (&mut current, line.trim_end()) {
            (None, l) if l == format!("```{lang}") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(b), l) => b.push(l.to_owned()),
            _ => {}
        }
    }
    blocks
}

/// `line` made runnable here: the responder's address for 127.0.0.1:2905, files in `dir`, and a
/// `respond` that listens anywhere and stops at once.
fn localize(line: &str, addr: &str, dir: &std::path::Path) -> Vec<String> {
    let respond = line.starts_with("vns-ssp respond");
    let mut out: Vec<String> = line
        .split_whitespace()
        .skip(1)
        .map(|t| {
            if t == "127.0.0.1:2905" {
                if respond {
                    "127.0.0.1:0".into()
                } else {
                    addr.into()
                }
            } else if [".toml", ".xml", ".json", ".html", ".pcap"]
                .iter()
                .any(|e| t.ends_with(e))
            {
                dir.join(t).display().to_string()
            } else {
                t.to_owned()
            }
        })
        .collect();
    if respond {
        out.extend(["--for".into(), "0.05".into()]);
    }
    out
}

#[test]
fn readme_and_help_examples_run() {
    let rt = runtime();
    let r = rt.block_on(tcp_responder("connect:01098765432"));
    let addr = r.addr().to_string();
    let dir = std::env::temp_dir().join(format!("vns-ssp-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The scenario file the README shows.
    let toml = readme_blocks("toml");
    let scenario = toml
        .iter()
        .find(|b| b.iter().any(|l| l.starts_with("[[call]]")))
        .expect("the README shows a scenario");
    std::fs::write(dir.join("regression.toml"), scenario.join("\n")).unwrap();

    let mut lines: Vec<String> = readme_blocks("sh").into_iter().flatten().collect();
    let help = Cli::command().render_long_help().to_string();
    lines.extend(
        help.lines()
            .map(str::trim)
            .filter(|l| l.starts_with("vns-ssp "))
            .map(str::to_owned),
    );
    assert!(lines.len() >= 10, "examples found: {lines:?}");
    for line in lines.iter().filter(|l| l.starts_with("vns-ssp ")) {
        let (code, out) = vns_ssp(&localize(line, &addr, &dir));
        assert_eq!(code, ExitCode::SUCCESS, "{line}\n{out}");
    }
    assert!(dir.join("junit.xml").exists() && dir.join("load.html").exists());
}

#[test]
fn shipped_configs_load_and_the_regression_suite_passes_against_its_answers() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/config");
    let mut ssp = testbed::SspConfig::new("127.0.0.1:1".parse().unwrap());
    ssp.apply_toml(&std::fs::read_to_string(format!("{dir}/ssp.toml")).unwrap())
        .expect("ssp.toml");
    assert_eq!(ssp.point_code, 3);
    let answers = testbed::Answers::from_toml(
        &std::fs::read_to_string(format!("{dir}/answers.toml")).unwrap(),
    )
    .expect("answers.toml");
    assert_eq!(answers.numbers.len(), 6);
    let rt = runtime();
    let r = rt.block_on(common::responder(
        m3ua::transport::TransportKind::Tcp,
        answers,
        0,
    ));
    let junit = std::env::temp_dir().join(format!("vns-ssp-shipped-{}.xml", std::process::id()));
    let (code, out) = vns_ssp(&common::args(&format!(
        "run {dir}/regression.toml --config {dir}/ssp.toml --remote {} --answer-timeout-ms 300 \
         --announcement-ms 50 --junit {}",
        r.addr(),
        junit.display()
    )));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(out.contains("9 cases, 0 failed"), "{out}");
}
