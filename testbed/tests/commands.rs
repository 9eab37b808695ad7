//! Every network command of `vns-ssp` through the CLI entry point (`cli::run`) against the scripted
//! responder: `call` with each call model and expectation (exit codes), `run` with a scenario file
//! and its JUnit XML, `load` with its outcome counts and reports, `respond`.

mod common;

use std::process::ExitCode;

use common::{args, runtime, tcp_responder, vns_ssp};

fn dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("vns-ssp-commands-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn call_exit_code_follows_the_expectation() {
    let rt = runtime();
    let r = rt.block_on(tcp_responder("connect:01098765432"));
    let base = format!(
        "call --remote {} --called 050412345678 --calling 01012345678 --answer-timeout-ms 500",
        r.addr()
    );
    let (code, out) = vns_ssp(&args(&format!("{base} --expect connect:01098765432")));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(
        out.contains("SSP ──► SCP") && out.contains("SSP ◄── SCP"),
        "{out}"
    );
    assert!(out.contains("outcome: connect:010-****-5432"), "{out}");
    assert!(out.contains("expect connect:010-****-5432: ok"), "{out}");
    assert!(
        !out.contains("01098765432"),
        "masked without --reveal: {out}"
    );

    // The same on a single-threaded runtime.
    let (code, out) = vns_ssp(&args(&format!("{base} --threads 1 --expect connect")));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");

    let (code, out) = vns_ssp(&args(&format!("{base} --expect connect:01000000000")));
    assert_eq!(code, ExitCode::from(1), "{out}");
    assert!(out.contains("wrong_destination"), "{out}");
    let (code, out) = vns_ssp(&args(&format!("{base} --expect release:1")));
    assert_eq!(code, ExitCode::from(1), "{out}");
    assert!(out.contains("unexpected_operation"), "{out}");

    let (code, out) = vns_ssp(&args(&format!(
        "{base} --reveal --verbose --expect connect"
    )));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(
        out.contains("01098765432")
            && out.contains("\"protocol_data\"")
            && out.contains("\"destination_routing_address\""),
        "{out}"
    );

    let (code, out) = vns_ssp(&args(&format!("{base} --json")));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("JSON");
    assert_eq!(v["record"]["outcome"]["kind"], "connect");
    assert_eq!(v["record"]["outcome"]["destination"], "010-****-5432");
    assert_eq!(v["messages"].as_array().map(Vec::len), Some(2));
}

#[test]
fn call_models_through_the_command_line() {
    let rt = runtime();
    let r = rt.block_on(tcp_responder("arm:notify+connect:01098765432"));
    let base = format!(
        "call --remote {} --called 050412345678 --answer-timeout-ms 500",
        r.addr()
    );
    for (model, event) in [
        ("answer:0.01:0.01", "event:tDisconnect"),
        ("busy", "event:tCalledPartyBusy"),
        ("no-answer:0.01", "event:tNoAnswer"),
        ("abandon:0.05", "event:tAbandon"),
    ] {
        let (code, out) = vns_ssp(&args(&format!(
            "{base} --model {model} --expect connect --expect {event}"
        )));
        assert_eq!(code, ExitCode::SUCCESS, "{model}: {out}");
    }
    let (code, out) = vns_ssp(&args(&format!(
        "{base} --trigger originating --model busy --expect event:oCalledPartyBusy"
    )));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
}

#[test]
fn every_failure_class_fails_the_call() {
    let rt = runtime();
    for (plan, class) in [
        ("silent", "timeout"),
        ("abort", "abort"),
        ("reject", "reject"),
        ("unexpected", "unexpected"),
    ] {
        let r = rt.block_on(tcp_responder(plan));
        let base = format!(
            "call --remote {} --called 050412345678 --answer-timeout-ms 200",
            r.addr()
        );
        // No expectation: a failed call exits 1.
        let (code, out) = vns_ssp(&args(&base));
        assert_eq!(code, ExitCode::from(1), "{plan}: {out}");
        // Expecting the failure: exit 0.
        let (code, out) = vns_ssp(&args(&format!("{base} --expect {class}")));
        assert_eq!(code, ExitCode::SUCCESS, "{plan}: {out}");
    }
}

#[test]
fn a_usage_or_connection_problem_exits_2() {
    // Nobody listens on port 1.
    let (code, _) = vns_ssp(&args(
        "call --remote 127.0.0.1:1 --called 0504 --transport tcp --role sgp-listen",
    ));
    assert_eq!(code, ExitCode::from(2), "sgp-listen without --local");
    let d = dir();
    let bad = d.join("bad.toml");
    std::fs::write(&bad, "point-cod = 1\n").unwrap();
    let (code, _) = vns_ssp(&args(&format!(
        "call --config {} --called 0504",
        bad.display()
    )));
    assert_eq!(code, ExitCode::from(2), "unknown key in --config");
}

#[test]
fn scenario_run_writes_a_junit_report() {
    let rt = runtime();
    let d = dir();
    let script = d.join("answers.toml");
    std::fs::write(
        &script,
        "default = \"connect:01098765432\"\n[numbers]\n\"050499900001\" = \"release:1\"\n",
    )
    .unwrap();
    let answers = testbed::Answers::from_toml(&std::fs::read_to_string(&script).unwrap()).unwrap();
    let r = rt.block_on(common::responder(
        m3ua::transport::TransportKind::Tcp,
        answers,
        0,
    ));
    let scenario = d.join("regression.toml");
    std::fs::write(
        &scenario,
        format!(
            "[ssp]\nremote = \"{}\"\nanswer-timeout-ms = 500\n\n\
             [variables]\nreal = \"01098765432\"\n\n\
             [[call]]\nname = \"virtual number connects\"\ncalled = \"050412345678\"\n\
             expect = [\"connect:${{real}}\"]\n\n\
             [[call]]\nname = \"unassigned range released\"\ncalled = \"050499900000-050499900001\"\n\
             expect = [\"release:1\"]\n",
            r.addr()
        ),
    )
    .unwrap();
    let junit = d.join("junit.xml");
    let (code, out) = vns_ssp(&args(&format!(
        "run {} --junit {}",
        scenario.display(),
        junit.display()
    )));
    // 050499900000 is connected (the default), so one case of the range fails.
    assert_eq!(code, ExitCode::from(1), "{out}");
    assert!(
        out.contains("4 cases") || out.contains("3 cases, 1 failed"),
        "{out}"
    );
    let xml = std::fs::read_to_string(&junit).expect("JUnit written");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("a testsuite");
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0].attribute("name"), Some("virtual number connects"));
    assert!(cases[0].children().all(|c| !c.has_tag_name("failure")));
    let failed: Vec<_> = cases
        .iter()
        .filter(|c| c.children().any(|f| f.has_tag_name("failure")))
        .collect();
    assert_eq!(failed.len(), 1);
    let failure = failed[0]
        .children()
        .find(|f| f.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .contains("expected release:1, got connect"),
        "{xml}"
    );
    assert!(
        !xml.contains("050499900000"),
        "numbers masked in the report"
    );
}

#[test]
fn load_counts_every_outcome_and_writes_reports() {
    let rt = runtime();
    let d = dir();
    let script = "default = \"connect:01098765432\"\n[numbers]\n\"050400000000\" = \"release:17\"\n\
                  \"050400000001\" = \"silent\"\n\"050400000002\" = \"abort\"\n\
                  \"050400000003\" = \"reject\"\n\"050400000004\" = \"unexpected\"\n\
                  \"050400000005\" = \"connect:01011112222\"\n";
    let answers = testbed::Answers::from_toml(script).unwrap();
    let r = rt.block_on(common::responder(
        m3ua::transport::TransportKind::Tcp,
        answers,
        0,
    ));
    let (json, html) = (d.join("load.json"), d.join("load.html"));
    // 10 numbers × 20 calls at 200/s over 2 associations, with an expectation that makes the
    // 05..05 calls a wrong destination and the release ones an unexpected operation.
    let (code, out) = vns_ssp(&args(&format!(
        "load --remote {} --rate 200 --duration 1 --associations 2 \
         --called 050400000000-050400000009 --models answer=3,busy=1 --answer-timeout-ms 200 \
         --drain 2 --quiet --expect connect:01098765432 --json {} --html {}",
        r.addr(),
        json.display(),
        html.display()
    )));
    assert_eq!(code, ExitCode::from(1), "failures make exit 1: {out}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["started"], 200, "{out}");
    assert_eq!(v["ended"], 200, "{out}");
    assert_eq!(v["unfinished"], 0);
    assert_eq!(
        v["outcomes"]["connect"], 80,
        "4 of 10 numbers connect: {out}"
    );
    let f = &v["failures"];
    assert_eq!(f["timeout"], 20, "{out}");
    assert_eq!(f["abort"], 20);
    assert_eq!(f["reject"], 20);
    assert_eq!(f["unexpected_operation"], 40, "unexpected + release:17");
    assert_eq!(f["wrong_destination"], 20);
    // Every call the SCP answered (aborts and rejects too) has a latency; the silent ones not.
    assert_eq!(v["latency"]["count"], 180);
    assert!(v["latency"]["p99"].as_f64().unwrap() > 0.0);
    assert!(out.contains("latency from intended send time"), "{out}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains("polyline") && !page.contains("<script"));
}

#[test]
fn respond_runs_for_the_time_given() {
    let (code, out) = vns_ssp(&args(
        "respond --listen 127.0.0.1:0 --answer release:31 --for 0.05",
    ));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(out.contains("responding on 127.0.0.1:"), "{out}");
    assert!(out.contains("initialDPs 0"), "{out}");
}

#[test]
fn load_takes_numbers_from_a_file_with_a_ramp_and_a_trigger_mix() {
    let rt = runtime();
    let r = rt.block_on(tcp_responder("arm:notify+connect:01098765432"));
    let d = dir();
    let numbers = d.join("numbers.txt");
    std::fs::write(&numbers, "# virtual numbers\n050412345678\n+821012345678\n").unwrap();
    let json = d.join("ramp.json");
    let (code, out) = vns_ssp(&args(&format!(
        "load --remote {} --rate 100 --ramp-up 0.2 --duration 0.5 --called-file {} \
         --calling 01000000000-01000000099 --triggers terminating=1,originating=1 \
         --models answer:0.01:0.01=1,busy=1,no-answer:0.01=1,abandon:0.02=1 \
         --quiet --expect connect:01098765432 --json {}",
        r.addr(),
        numbers.display(),
        json.display()
    )));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    // 100/s for 0.5 s with a 0.2 s ramp: 40 calls (10 during the ramp, 30 after).
    assert_eq!(v["started"], 40, "{out}");
    assert_eq!(v["outcomes"]["connect"], 40, "{out}");
}
