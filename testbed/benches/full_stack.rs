//! The SCP's per-call codec work: decode the InitialDP vector through M3UA, SCCP, TCAP and INAP, and
//! encode the Connect answer back through all four (issue target: ≤ 2 µs for the pair on one core).
//!
//! `cargo bench -p testbed --bench full_stack`

use std::hint::black_box;

use bytes::{Bytes, BytesMut};
use criterion::{Criterion, criterion_group, criterion_main};
use inap::isup::{CalledPartyNumber, OriginalCalledPartyId};
use inap::operations::{Argument, ConnectArg, Opcode};
use tcap::{Code, Component, Invoke, Parameter};

const IDP: &str = include_str!("../tests/data/idp_begin_m3ua.hex");

/// What the SCP extracts from an InitialDP to make its decision.
struct Call {
    otid: tcap::TransactionId,
    invoke_id: i8,
    called: CalledPartyNumber,
    udt: sccp::Udt,
    data: m3ua::transfer::Data,
}

fn decode(wire: &Bytes, spare: &mut Vec<Component>) -> Call {
    let mut buf = wire.clone();
    let m3ua::Message::Data(data) = m3ua::Message::decode(&mut buf).expect("M3UA") else {
        panic!("not DATA")
    };
    let sccp::Message::Udt(udt) =
        sccp::Message::decode(&data.protocol_data.user_data).expect("SCCP")
    else {
        panic!("not UDT")
    };
    let tcap::Message::Begin(begin) =
        tcap::Message::decode_reusing(&udt.data, std::mem::take(spare)).expect("TCAP")
    else {
        panic!("not Begin")
    };
    let Some(Component::Invoke(invoke)) = begin.components.first() else {
        panic!("no invoke")
    };
    let Code::Local(op) = invoke.op_code else {
        panic!("global opcode")
    };
    let param = invoke.parameter.as_ref().map(|p| p.as_bytes());
    let Argument::InitialDp(idp) = Argument::decode(Opcode(op), param).expect("INAP") else {
        panic!("not IDP")
    };
    let call = Call {
        otid: begin.otid,
        invoke_id: invoke.invoke_id,
        called: idp.called_party_number.expect("called party"),
        udt,
        data,
    };
    // The component list goes back to the worker for the next message.
    *spare = begin.components;
    call
}

/// Buffers a worker keeps between calls, so the answer path allocates nothing: encoding buffers
/// per layer, the frozen-`Bytes` arenas the INAP parameter and the TCAP message are cut from, and
/// the component and destination lists, taken back after each answer.
#[derive(Default)]
struct Scratch {
    inap: Vec<u8>,
    tcap: Vec<u8>,
    parameters: BytesMut,
    messages: BytesMut,
    sccp: BytesMut,
    components: Vec<Component>,
    destinations: Vec<CalledPartyNumber>,
    decoded: Vec<Component>,
}

impl Scratch {
    /// Arenas of 64 KiB: each answer cuts its `Bytes` off the front (a reference count, no
    /// allocation); when an arena is used up and every `Bytes` cut from it is gone, it is reused.
    fn new() -> Self {
        Self {
            parameters: BytesMut::with_capacity(64 * 1024),
            messages: BytesMut::with_capacity(64 * 1024),
            sccp: BytesMut::with_capacity(64 * 1024),
            ..Self::default()
        }
    }
}

fn answer(call: &Call, destination: &CalledPartyNumber, scratch: &mut Scratch, out: &mut BytesMut) {
    // The destination list comes from the worker's scratch rather than a new Vec.
    let mut destinations = std::mem::take(&mut scratch.destinations);
    destinations.clear();
    destinations.push(destination.clone());
    let mut connect = ConnectArg::with_destinations(destinations);
    // The virtual number as original called party: the same digits, in the OriginalCalledPartyID format.
    let ocpi = OriginalCalledPartyId::from_called(&call.called).expect("decimal digits");
    connect.original_called_party_id = Some(ocpi);
    let arg = Argument::Connect(connect);
    scratch.inap.clear();
    let parameter = arg.encode_to(&mut scratch.inap).then(|| {
        scratch.parameters.extend_from_slice(&scratch.inap);
        Parameter::new(scratch.parameters.split().freeze()).expect("one element")
    });
    if let Argument::Connect(c) = arg {
        scratch.destinations = c.destination_routing_address;
    }
    let invoke = Invoke::new(call.invoke_id, Code::Local(Opcode::CONNECT.0), parameter);
    let mut components = std::mem::take(&mut scratch.components);
    components.clear();
    components.push(Component::Invoke(invoke));
    let end = tcap::Message::end_accepted(call.otid, inap::ac::CS1_SSP_TO_SCP, components);
    scratch.tcap.clear();
    end.encode(&mut scratch.tcap);
    if let tcap::Message::End(e) = end {
        scratch.components = e.components;
    }
    scratch.messages.extend_from_slice(&scratch.tcap);
    let reply = sccp::Message::Udt(call.udt.reply(scratch.messages.split().freeze()));
    reply.encode(&mut scratch.sccp).expect("SCCP encodes");
    let data = m3ua::transfer::Data {
        network_appearance: None,
        routing_context: Some(3),
        protocol_data: call
            .data
            .protocol_data
            .answer(scratch.sccp.split().freeze()),
        correlation_id: None,
        unknown: Vec::new(),
    };
    m3ua::Message::Data(data).encode(out).expect("M3UA encodes");
}

fn bench(c: &mut Criterion) {
    let wire = Bytes::from(hex::decode(IDP.trim()).expect("hex"));
    let destination = CalledPartyNumber::national("01098765432").expect("number");
    let mut out = BytesMut::with_capacity(512);
    let mut scratch = Scratch::new();
    // The answer must be the reference Connect, or the bench measures the wrong work.
    let first = decode(&wire, &mut scratch.decoded);
    answer(&first, &destination, &mut scratch, &mut out);
    let expected = hex::decode(include_str!("../tests/data/connect_end_m3ua.hex").trim()).unwrap();
    assert_eq!(
        &out[..],
        &expected[..],
        "the bench builds the reference Connect"
    );

    let mut g = c.benchmark_group("full_stack");
    g.bench_function("decode_idp", |b| {
        b.iter(|| decode(black_box(&wire), &mut scratch.decoded))
    });
    let call = decode(&wire, &mut scratch.decoded);
    g.bench_function("encode_connect", |b| {
        b.iter(|| {
            out.clear();
            answer(black_box(&call), &destination, &mut scratch, &mut out);
        })
    });
    g.bench_function("idp_to_connect", |b| {
        b.iter(|| {
            out.clear();
            let call = decode(black_box(&wire), &mut scratch.decoded);
            answer(&call, &destination, &mut scratch, &mut out);
            black_box(&out);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
