//! Helpers shared by the integration tests.
#![allow(dead_code)]

use bytes::Bytes;
use tcap::ber::Oid;

/// The INAP CS-1 application context (ETS 300 374-1), as the vectors carry it.
pub(crate) const CS1: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 0]);

/// `tests/data/idp_begin_m3ua.hex` (see `tests/data/README.md`).
pub(crate) const IDP_BEGIN_M3UA: &str = include_str!("../data/idp_begin_m3ua.hex");
/// `tests/data/connect_end_m3ua.hex`.
pub(crate) const CONNECT_END_M3UA: &str = include_str!("../data/connect_end_m3ua.hex");

/// The M3UA message of a hex vector file.
pub(crate) fn m3ua(hex_text: &str) -> Vec<u8> {
    hex::decode(hex_text.trim()).expect("the vector is hex")
}

/// Where the SCCP UDT starts in the vectors' M3UA DATA: 8 (common header) + 8 (routing context)
/// + 4 (protocol data tag and length) + 12 (OPC, DPC, SI, NI, MP, SLS).
pub(crate) const UDT_AT: usize = 32;

/// The offset, in the M3UA message, of the UDT's data length octet: the UDT's third pointer
/// (UDT octet 4) counts from itself (Q.713 pointers).
pub(crate) fn data_length_at(m3ua: &[u8]) -> usize {
    let udt = &m3ua[UDT_AT..];
    assert_eq!(udt[0], 0x09, "an SCCP UDT");
    UDT_AT + 4 + usize::from(udt[4])
}

/// The TCAP message carried by the SCCP UDT of a vector.
pub(crate) fn tcap_of(m3ua: &[u8]) -> Bytes {
    let at = data_length_at(m3ua);
    let len = usize::from(m3ua[at]);
    Bytes::copy_from_slice(&m3ua[at + 1..at + 1 + len])
}

/// The TCAP message of the InitialDP vector.
pub(crate) fn idp_begin() -> Bytes {
    tcap_of(&m3ua(IDP_BEGIN_M3UA))
}

/// The TCAP message of the Connect vector.
pub(crate) fn connect_end() -> Bytes {
    tcap_of(&m3ua(CONNECT_END_M3UA))
}

/// Wraps a TCAP message in the vector's M3UA DATA and SCCP UDT, patching the SCCP data length, the
/// Protocol Data parameter length (RFC 4666 §3.3.1) and the M3UA message length, with padding;
/// both SCCP addresses' SSN replaced when `ssn` is given.
pub(crate) fn m3ua_data_to(tcap: &[u8], ssn: Option<u8>) -> Vec<u8> {
    let vector = m3ua(IDP_BEGIN_M3UA);
    let at = data_length_at(&vector);
    let mut m = vector[..at].to_vec();
    if let Some(ssn) = ssn {
        // UDT: type, class, 3 pointers, then the called address (length, AI, SSN, …) and the
        // calling address (12 octets later).
        let called = UDT_AT + 5;
        let calling = called + 1 + usize::from(m[called]);
        assert_eq!((m[called + 2], m[calling + 2]), (241, 241));
        m[called + 2] = ssn;
        m[calling + 2] = ssn;
    }
    m.push(u8::try_from(tcap.len()).expect("a UDT carries up to 255 octets"));
    m.extend_from_slice(tcap);
    // Protocol Data: tag at 16, length at 18, covering its header, the 12 routing-label octets
    // and the UDT, without padding.
    let pd_len = u16::try_from(m.len() - 16).unwrap();
    m[18..20].copy_from_slice(&pd_len.to_be_bytes());
    while !m.len().is_multiple_of(4) {
        m.push(0);
    }
    let len = u32::try_from(m.len()).unwrap();
    m[4..8].copy_from_slice(&len.to_be_bytes());
    m
}
