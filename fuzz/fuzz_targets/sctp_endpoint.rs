//! The SCTP endpoint as a whole: a listening endpoint takes a sequence of datagrams (their
//! checksums fixed up so they reach the state machines) and timer expiries in any order.
//!
//! Invariants: nothing panics; every packet the endpoint transmits decodes, checksum included.
#![no_main]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use arbitrary::Arbitrary;
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Step {
    Datagram { from: u8, packet: Vec<u8> },
    Wait { millis: u16 },
}

fuzz_target!(|steps: Vec<Step>| {
    let mut config = sctp::EndpointConfig::new([7; 32]);
    config.listen_ports = vec![2905];
    let mut counter = 0u8;
    let mut endpoint = sctp::Endpoint::new(config, move |dest: &mut [u8]| {
        for b in dest {
            counter = counter.wrapping_add(0x9d);
            *b = counter;
        }
    })
    .expect("valid configuration");
    let mut now = Instant::now();
    for step in steps.into_iter().take(64) {
        match step {
            Step::Datagram { from, mut packet } => {
                if packet.len() >= 12 {
                    packet[8..12].copy_from_slice(&[0; 4]);
                    let crc = sctp::crc32c::packet_checksum(&packet);
                    packet[8..12].copy_from_slice(&sctp::crc32c::checksum_bytes(crc));
                }
                let remote = SocketAddr::from(([10, 0, 0, from % 4], 9899));
                endpoint.handle(now, remote, Bytes::from(packet));
            }
            Step::Wait { millis } => {
                now += Duration::from_millis(u64::from(millis));
                endpoint.handle_timeout(now);
            }
        }
        while let Some(t) = endpoint.poll_transmit(now) {
            sctp::Packet::decode(Bytes::from(t.payload))
                .unwrap_or_else(|e| panic!("the endpoint sent a packet that does not decode: {e}"));
        }
        while endpoint.poll_event().is_some() {}
    }
});
