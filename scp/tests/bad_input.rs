//! Bad and unusual input from a switch, answered as the standards say while the SCP keeps
//! serving: ActivityTest gets its ReturnResult, an unknown operation a Reject
//! (unrecognizedOperation), a malformed InitialDP a Reject (mistypedParameter), a Continue for a
//! transaction nobody knows a P-Abort (unrecognizedTransactionID), a UDT for another subsystem a
//! UDTS (unequipped user) — and the next call is still connected.

mod common;

use std::time::Duration;

use bytes::Bytes;
use m3ua::asp::Event;
use m3ua::transport::Link;
use tcap::{
    AbortReason, Code, Component, Invoke, InvokeProblem, Message, PAbortCause, Parameter, Problem,
    TransactionId,
};
use testbed::{CallSpec, Expectation, Ssp, SspConfig};

async fn send(link: &Link, config: &SspConfig, tcap: Bytes) {
    let mut wire = config.addressing().wrap(tcap).expect("wrap");
    let Ok(m3ua::Message::Data(data)) = m3ua::Message::decode(&mut wire) else {
        panic!("not DATA")
    };
    link.send_data(data).await.expect("sent");
}

async fn receive(link: &mut Link) -> sccp::Message {
    loop {
        let event = tokio::time::timeout(Duration::from_secs(5), link.next_event())
            .await
            .expect("an answer in time")
            .expect("link up");
        if let Event::Data(d) = event {
            return sccp::Message::decode(&d.protocol_data.user_data).expect("SCCP");
        }
    }
}

async fn answer(link: &mut Link) -> Message {
    let m = receive(link).await;
    Message::decode(m.data()).expect("TCAP")
}

fn begin(otid: u32, component: Component) -> Bytes {
    Message::begin(TransactionId::from_u32(otid), None, vec![component]).to_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusual_input_is_answered_and_the_scp_keeps_serving() {
    let scp = common::start(|_| {}).await;
    let running = scp.running;
    let ssp_config = SspConfig::new(running.m3ua_addrs[0]);
    let mut link = ssp_config.open_links(1).await.expect("link").remove(0);

    // ActivityTest (55): ReturnResult, in an End to our transaction.
    send(
        &link,
        &ssp_config,
        begin(
            0x11,
            Component::Invoke(Invoke::new(1, Code::Local(55), None)),
        ),
    )
    .await;
    let Message::End(end) = answer(&mut link).await else {
        panic!("not an End")
    };
    assert_eq!(end.dtid, TransactionId::from_u32(0x11));
    assert!(
        matches!(&end.components[..], [Component::ReturnResultLast(r)] if r.invoke_id == 1),
        "{:?}",
        end.components
    );

    // An operation nobody defined: Reject unrecognizedOperation.
    send(
        &link,
        &ssp_config,
        begin(
            0x12,
            Component::Invoke(Invoke::new(1, Code::Local(99), None)),
        ),
    )
    .await;
    let Message::End(end) = answer(&mut link).await else {
        panic!("not an End")
    };
    assert!(
        matches!(&end.components[..], [Component::Reject(r)]
            if r.problem == Problem::Invoke(InvokeProblem::UNRECOGNIZED_OPERATION)),
        "{:?}",
        end.components
    );

    // An InitialDP whose argument lacks its mandatory members: Reject mistypedParameter.
    let bad = Parameter::from_vec(vec![0x30, 0x00]).expect("one element");
    send(
        &link,
        &ssp_config,
        begin(
            0x13,
            Component::Invoke(Invoke::new(1, Code::Local(0), Some(bad))),
        ),
    )
    .await;
    let Message::End(end) = answer(&mut link).await else {
        panic!("not an End")
    };
    assert!(
        matches!(&end.components[..], [Component::Reject(r)]
            if r.problem == Problem::Invoke(InvokeProblem::MISTYPED_PARAMETER)),
        "{:?}",
        end.components
    );

    // A Continue for a transaction we never opened: P-Abort unrecognizedTransactionID to its otid.
    let stray = Message::Continue(tcap::Continue {
        otid: TransactionId::from_u32(0x14),
        dtid: TransactionId::from_u32(0xdead_beef),
        dialogue_portion: None,
        components: Vec::new(),
    });
    send(&link, &ssp_config, stray.to_bytes()).await;
    let Message::Abort(abort) = answer(&mut link).await else {
        panic!("not an Abort")
    };
    assert_eq!(abort.dtid, TransactionId::from_u32(0x14));
    assert_eq!(
        abort.reason,
        Some(AbortReason::PAbort(
            PAbortCause::UNRECOGNIZED_TRANSACTION_ID
        ))
    );

    // A UDT for another subsystem, return option set: UDTS unequipped user.
    let mut other = ssp_config.addressing();
    other.ssn = 8;
    let mut wire = other
        .wrap(begin(
            0x15,
            Component::Invoke(Invoke::new(1, Code::Local(55), None)),
        ))
        .expect("wrap");
    let Ok(m3ua::Message::Data(data)) = m3ua::Message::decode(&mut wire) else {
        panic!()
    };
    link.send_data(data).await.expect("sent");
    match receive(&mut link).await {
        sccp::Message::Udts(u) => assert_eq!(u.return_cause, sccp::ReturnCause::UNEQUIPPED_USER),
        other => panic!("expected UDTS, got {other:?}"),
    }

    let m = running.metrics();
    let inap_errors = m
        .decode_errors
        .get_or_create(&scp::metrics::LayerLabel { layer: "inap" })
        .get();
    assert!(inap_errors >= 1, "{}", m.encode());
    drop(link);

    // Still serving.
    let ssp = Ssp::connect(SspConfig::new(running.m3ua_addrs[0]))
        .await
        .expect("switch");
    let r = ssp
        .call(CallSpec::new("050412345678", Some("01012345678")))
        .await;
    r.check(&Expectation::parse("connect:01098765432").unwrap())
        .unwrap_or_else(|m| panic!("{m}"));
    drop(ssp);
    running.shutdown(Duration::from_secs(1)).await;
}
