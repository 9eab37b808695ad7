//! Helpers shared by the integration tests: the shared vectors with their M3UA stripped by hand
//! (this crate does not depend on the m3ua crate), and a hand-made M3UA DATA wrapper.
#![allow(dead_code)]

use bytes::Bytes;

/// The hex line of a vector file in tests/data (lines starting with `#` are provenance notes).
pub(crate) fn vector_hex(text: &str) -> Vec<u8> {
    let line = text
        .lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .expect("a hex line");
    hex::decode(line.trim()).expect("valid hex")
}

/// The M3UA DATA message of the IDP vector.
pub(crate) fn idp_m3ua() -> Vec<u8> {
    vector_hex(include_str!("../data/idp_begin_m3ua.hex"))
}

/// The M3UA DATA message of the Connect vector.
pub(crate) fn connect_m3ua() -> Vec<u8> {
    vector_hex(include_str!("../data/connect_end_m3ua.hex"))
}

/// The SCCP message inside an M3UA DATA (RFC 4666 §3.3.1): skip the 8-octet common header, the
/// 8-octet Routing Context parameter and the 4-octet Protocol Data parameter header, then the
/// 12 octets OPC, DPC, SI, NI, MP, SLS; the Protocol Data length (which counts its own 4-octet
/// header) says where the SCCP message ends, before any padding.
pub(crate) fn strip_m3ua(m3ua: &[u8]) -> Bytes {
    assert_eq!(&m3ua[..4], [0x01, 0x00, 0x01, 0x01], "M3UA v1 DATA");
    assert_eq!(&m3ua[8..10], [0x00, 0x06], "Routing Context first");
    assert_eq!(&m3ua[16..18], [0x02, 0x10], "then Protocol Data");
    let pd_len = usize::from(u16::from_be_bytes([m3ua[18], m3ua[19]]));
    assert_eq!(m3ua[28], 3, "SI = SCCP");
    Bytes::copy_from_slice(&m3ua[32..16 + pd_len])
}

/// The IDP vector's SCCP UDT.
pub(crate) fn idp_udt() -> Bytes {
    strip_m3ua(&idp_m3ua())
}

/// The Connect vector's SCCP UDT.
pub(crate) fn connect_udt() -> Bytes {
    strip_m3ua(&connect_m3ua())
}

/// The TCAP Begin (with the INAP InitialDP) the IDP vector's UDT carries: user data that
/// Wireshark dissects cleanly.
pub(crate) fn tcap_begin() -> Bytes {
    let udt = idp_udt();
    // UDT: data pointer at octet 4, counted from itself.
    let at = 4 + usize::from(udt[4]);
    let len = usize::from(udt[at]);
    udt.slice(at + 1..at + 1 + len)
}

/// A hand-made M3UA DATA around an SCCP message (RFC 4666 §3.3.1): common header
/// `01 00 01 01 <len u32>`, Protocol Data `02 10 <len u16>`, OPC, DPC (u32), SI 3, NI 2, MP 0,
/// SLS, the SCCP octets, padding to 4.
pub(crate) fn m3ua_wrap(sccp: &[u8], opc: u32, dpc: u32, sls: u8) -> Vec<u8> {
    let pd_len = 4 + 12 + sccp.len();
    let padding = (4 - pd_len % 4) % 4;
    let total = 8 + pd_len + padding;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&[0x01, 0x00, 0x01, 0x01]);
    out.extend_from_slice(&u32::try_from(total).unwrap().to_be_bytes());
    out.extend_from_slice(&[0x02, 0x10]);
    out.extend_from_slice(&u16::try_from(pd_len).unwrap().to_be_bytes());
    out.extend_from_slice(&opc.to_be_bytes());
    out.extend_from_slice(&dpc.to_be_bytes());
    out.extend_from_slice(&[3, 2, 0, sls]);
    out.extend_from_slice(sccp);
    out.resize(total, 0);
    out
}
