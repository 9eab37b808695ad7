//! The M3UA association layer: an ASP, SGP or IPSP machine takes transport events, received
//! octet strings on any stream, timer expiries and user commands in any order.
//!
//! Invariants: nothing panics; everything it transmits encodes, and management never goes on a
//! DATA stream nor DATA on stream 0.
#![no_main]

use std::time::{Duration, Instant};

use arbitrary::Arbitrary;
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use m3ua::asp::{Association, Config, IpspExchange, Role};

#[derive(Arbitrary, Debug)]
enum Step {
    Up,
    Down,
    Bytes { stream: u8, data: Vec<u8> },
    Wait { millis: u16 },
    Activate,
    Deactivate,
    Shutdown,
}

fuzz_target!(|input: (u8, Vec<Step>)| {
    let (role, steps) = input;
    let role = match role % 5 {
        0 => Role::Asp,
        1 => Role::Sgp,
        2 => Role::Ipsp(IpspExchange::SingleInitiator),
        3 => Role::Ipsp(IpspExchange::SingleResponder),
        _ => Role::Ipsp(IpspExchange::Double),
    };
    let mut config = Config::new(role);
    config.routing_contexts = vec![2];
    config.outbound_streams = 4;
    config.timers.beat = Some(Duration::from_millis(500));
    let mut assoc = Association::new(config).expect("valid configuration");
    let mut now = Instant::now();
    for step in steps.into_iter().take(64) {
        match step {
            Step::Up => assoc.handle_transport_up(now),
            Step::Down => assoc.handle_transport_down(now),
            Step::Bytes { stream, data } => {
                assoc.handle_bytes(now, u16::from(stream % 4), Bytes::from(data))
            }
            Step::Wait { millis } => {
                now += Duration::from_millis(u64::from(millis));
                assoc.handle_timeout(now);
            }
            Step::Activate => {
                let _ = assoc.activate(now);
            }
            Step::Deactivate => {
                let _ = assoc.deactivate(now);
            }
            Step::Shutdown => {
                let _ = assoc.shutdown(now);
            }
        }
        while let Some(t) = assoc.poll_transmit() {
            let bytes = t
                .message
                .to_bytes()
                .unwrap_or_else(|e| panic!("transmitted message does not encode: {e}"));
            let data = bytes.get(2) == Some(&1);
            assert_eq!(data, t.stream != 0, "stream {} for {:?}", t.stream, t.message);
        }
        while assoc.poll_event().is_some() {}
    }
});
