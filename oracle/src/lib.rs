//! Test support for VNS: checks our bytes with a tool nobody here wrote.
//!
//! [`write_pcap`] wraps complete M3UA messages in SCTP DATA chunks (PPID 3, valid CRC32c) and writes
//! them as a classic libpcap file with link type 248 (`LINKTYPE_SCTP`), which Wireshark dissects as
//! `sctp:m3ua:sccp:tcap:inap`. [`tshark`] finds Wireshark's `tshark`; [`Tshark::check_clean`] asserts
//! that no frame is malformed or carries an expert warning (including a bad SCTP checksum), and
//! [`Tshark::fields`] reads field values back so a test can compare them with what it encoded.
//!
//! When tshark is missing, tests are skipped with a note on stderr, except when the environment variable
//! `CI` is set: then [`tshark`] panics, so CI cannot pass without the oracle having looked.
#![warn(missing_docs)]

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `LINKTYPE_SCTP`: each frame is a bare SCTP packet.
pub const LINKTYPE_SCTP: u32 = 248;
/// The M3UA payload protocol identifier (RFC 4666 §1.4.7).
pub const PPID_M3UA: u32 = 3;
/// The IANA port for M3UA.
pub const M3UA_PORT: u16 = 2905;

/// Writes `m3ua_messages` (each a complete M3UA message) to `path` as a pcap of SCTP packets.
pub fn write_pcap(path: &Path, m3ua_messages: &[Vec<u8>]) -> io::Result<()> {
    let mut out = Vec::new();
    // Classic libpcap global header (microsecond timestamps), little-endian.
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&0i32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&262_144u32.to_le_bytes());
    out.extend_from_slice(&LINKTYPE_SCTP.to_le_bytes());
    for (i, msg) in m3ua_messages.iter().enumerate() {
        let tsn = i as u32 + 1;
        let packet = sctp_data_packet(M3UA_PORT, M3UA_PORT, 0x1234_5678, tsn, 1, i as u16, msg);
        let len = packet.len() as u32;
        out.extend_from_slice(&(1_700_000_000u32 + i as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&packet);
    }
    std::fs::File::create(path)?.write_all(&out)
}

/// One SCTP packet (RFC 9260 §3) holding one DATA chunk with PPID 3 and `payload`.
pub fn sctp_data_packet(
    src_port: u16,
    dst_port: u16,
    vtag: u32,
    tsn: u32,
    stream: u16,
    ssn: u16,
    payload: &[u8],
) -> Vec<u8> {
    let mut p = Vec::with_capacity(28 + payload.len() + 3);
    p.extend_from_slice(&src_port.to_be_bytes());
    p.extend_from_slice(&dst_port.to_be_bytes());
    p.extend_from_slice(&vtag.to_be_bytes());
    p.extend_from_slice(&[0; 4]); // checksum, filled below
    p.push(0); // DATA
    p.push(0x03); // B and E: an unfragmented user message
    p.extend_from_slice(&((16 + payload.len()) as u16).to_be_bytes());
    p.extend_from_slice(&tsn.to_be_bytes());
    p.extend_from_slice(&stream.to_be_bytes());
    p.extend_from_slice(&ssn.to_be_bytes());
    p.extend_from_slice(&PPID_M3UA.to_be_bytes());
    p.extend_from_slice(payload);
    while p.len() % 4 != 0 {
        p.push(0);
    }
    // RFC 9260 Appendix A: CRC32c over the packet with a zero checksum field, sent least significant
    // octet first.
    let crc = crc32c(&p);
    p[8..12].copy_from_slice(&crc.to_le_bytes());
    p
}

/// CRC32c (Castagnoli), bitwise: test support only, speed does not matter here.
pub fn crc32c(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x82f6_3b78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A usable tshark.
#[derive(Debug, Clone)]
pub struct Tshark {
    program: PathBuf,
}

/// Finds tshark. `None` (with a note on stderr) when it is missing, unless the environment variable
/// `CI` is set, in which case this panics: a CI run must not pass without the oracle.
pub fn tshark() -> Option<Tshark> {
    let program = PathBuf::from(std::env::var_os("TSHARK").unwrap_or_else(|| "tshark".into()));
    let works = Command::new(&program)
        .arg("-v")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if works {
        return Some(Tshark { program });
    }
    if std::env::var_os("CI").is_some() {
        panic!("tshark is required when CI is set (apt-get install tshark)");
    }
    eprintln!("note: tshark not found; skipping the Wireshark oracle check");
    None
}

impl Tshark {
    fn run(&self, pcap: &Path, args: &[&str]) -> String {
        let out = Command::new(&self.program)
            .arg("-n")
            .arg("-r")
            .arg(pcap)
            .args(["-o", "sctp.checksum:CRC-32C"])
            .args(args)
            .output()
            .expect("tshark runs");
        assert!(
            out.status.success(),
            "tshark failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("tshark prints UTF-8")
    }

    /// Panics, listing the frames, if any frame of `pcap` is malformed, carries an expert item of
    /// severity warning or above, or has a bad SCTP checksum. `extra_args` go to tshark (e.g.
    /// `["-o", "inap.ssn:106,241,146"]`).
    pub fn check_clean(&self, pcap: &Path, extra_args: &[&str]) {
        let mut args = vec![
            "-Y",
            "_ws.malformed || _ws.expert.severity >= warning || sctp.checksum.status == 0",
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "frame.protocols",
            "-e",
            "_ws.expert.message",
        ];
        args.extend_from_slice(extra_args);
        let bad = self.run(pcap, &args);
        if !bad.trim().is_empty() {
            let first: &str = bad.lines().next().unwrap_or("");
            let frame = first.split('\t').next().unwrap_or("1");
            let filter = format!("frame.number == {frame}");
            let mut vargs = vec!["-V", "-Y", filter.as_str()];
            vargs.extend_from_slice(extra_args);
            let tree = self.run(pcap, &vargs);
            panic!("tshark flags these frames:\n{bad}\nfirst one in full:\n{tree}");
        }
        let total = self.run(pcap, &["-T", "fields", "-e", "frame.number"]);
        assert!(
            !total.trim().is_empty(),
            "tshark read no frame from {}",
            pcap.display()
        );
    }

    /// The values of `fields` in each frame: one row per frame, one column per field, several
    /// occurrences of a field joined with `,`.
    pub fn fields(&self, pcap: &Path, fields: &[&str], extra_args: &[&str]) -> Vec<Vec<String>> {
        let mut args = vec![
            "-T",
            "fields",
            "-E",
            "separator=/t",
            "-E",
            "occurrence=a",
            "-E",
            "aggregator=,",
        ];
        for f in fields {
            args.push("-e");
            args.push(f);
        }
        args.extend_from_slice(extra_args);
        self.run(pcap, &args)
            .lines()
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect()
    }

    /// The full dissection tree (`tshark -V`), for a test's failure message.
    pub fn verbose(&self, pcap: &Path, extra_args: &[&str]) -> String {
        let mut args = vec!["-V"];
        args.extend_from_slice(extra_args);
        self.run(pcap, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_check_value() {
        // RFC 3720 B.4 / the standard check value of CRC-32C.
        assert_eq!(crc32c(b"123456789"), 0xe306_9283);
    }

    #[test]
    fn vector_through_tshark() {
        let hex = include_str!("../tests/data/idp_begin_m3ua.hex").trim();
        let bytes = hex::decode(hex);
        let Some(t) = tshark() else { return };
        let dir = std::env::temp_dir().join(format!("oracle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pcap = dir.join("v.pcap");
        write_pcap(&pcap, &[bytes.clone(), bytes]).unwrap();
        t.check_clean(&pcap, &[]);
        let rows = t.fields(
            &pcap,
            &["frame.protocols", "inap.serviceKey", "isup.called"],
            &[],
        );
        assert_eq!(rows.len(), 2);
        assert!(
            rows[0][0].ends_with("sctp:m3ua:sccp:tcap:inap"),
            "{:?}",
            rows[0]
        );
        assert_eq!(rows[0][1], "100");
        assert_eq!(rows[0][2], "050412345678");
        // The oracle must be able to fail: a flipped INAP length is flagged.
        let mut broken = hex::decode(hex);
        let at = broken
            .windows(5)
            .position(|w| w == [0x30, 0x1d, 0x80, 0x01, 0x64])
            .expect("the IDP argument is in the vector");
        broken[at + 1] = 0x1f;
        write_pcap(&pcap, &[broken]).unwrap();
        let caught = std::panic::catch_unwind(|| t.check_clean(&pcap, &[]));
        assert!(
            caught.is_err(),
            "a corrupted INAP parameter must be flagged"
        );
    }

    mod hex {
        pub(super) fn decode(s: &str) -> Vec<u8> {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect()
        }
    }
}
