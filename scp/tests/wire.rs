//! What `vns-scp` puts on the wire, dissected by Wireshark: the switch (vns-ssp) records every
//! M3UA DATA both ways to a pcap, and tshark must decode every layer of every frame without a
//! malformed or expert mark, with the field values the SCP meant.

mod common;

use std::time::Duration;

use testbed::pcap::{LinkType, PcapWriter};
use testbed::{CallSpec, Expectation, Ssp, SspConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tshark_reads_every_answer_of_the_scp() {
    let scp = common::start(|_| {}).await;
    let (running, dir) = (scp.running, scp.dir);
    let pcap = dir.path().join("scp.pcap");
    let writer = PcapWriter::create(&pcap, LinkType::Sctp).expect("pcap");
    let ssp = Ssp::connect_with_pcap(SspConfig::new(running.m3ua_addrs[0]), Some(writer))
        .await
        .expect("switch");
    for (called, calling, expect) in [
        ("050412345678", "01012345678", "connect:01098765432"),
        ("050412345670", "01012345678", "release:1"),
    ] {
        let r = ssp.call(CallSpec::new(called, Some(calling))).await;
        r.check(&Expectation::parse(expect).unwrap())
            .unwrap_or_else(|m| panic!("{m}\n{}", r.ladder(true, true)));
    }
    drop(ssp);
    tokio::time::sleep(Duration::from_millis(100)).await;
    running.shutdown(Duration::from_secs(1)).await;

    let Some(tshark) = oracle::tshark() else {
        return;
    };
    tshark.check_clean(&pcap, &[]);
    let rows = tshark.fields(
        &pcap,
        &[
            "frame.protocols",
            "m3ua.protocol_data_opc",
            "tcap.otid",
            "tcap.dtid",
            "inap.code.local",
            "isup.called",
            "sccp.called.ssn",
        ],
        &[],
    );
    let text = format!("{rows:#?}");
    for row in &rows {
        assert!(row[0].starts_with("sctp:m3ua:sccp:tcap:inap"), "{text}");
    }
    // From the SCP (OPC 2): the first answer arms events and connects (RRBE 23, Connect 20)
    // towards the switch's transaction, to the real number; the unknown number is released (22).
    let scp_rows: Vec<_> = rows.iter().filter(|r| r[1] == "2").collect();
    assert!(scp_rows.len() >= 2, "{text}");
    let first = scp_rows[0];
    assert_eq!(first[4], "23,20", "{text}");
    assert_eq!(first[5], "01098765432", "{text}");
    assert_eq!(first[6], "241", "{text}");
    assert_eq!(
        first[3], rows[0][2],
        "answered in the switch's transaction: {text}"
    );
    assert!(
        scp_rows.iter().any(|r| r[4] == "22"),
        "a ReleaseCall for the unknown number: {text}"
    );
}
