//! `--pcap FILE`: every M3UA DATA a command sends or receives, as a capture Wireshark opens.
//!
//! Classic libpcap format (magic `a1b2c3d4`, version 2.4, microsecond timestamps), with one of two
//! link types (see `shared/oracles/README.md`):
//! - 248, `LINKTYPE_SCTP` (the default): each frame is a bare SCTP packet (RFC 9260 §3): common
//!   header with a CRC32c checksum, then one DATA chunk, PPID 3 (M3UA), holding one M3UA message.
//! - 228, `LINKTYPE_IPV4`: the same SCTP packet in an IPv4 header (protocol 132) from 127.0.0.1
//!   (switch) to 127.0.0.2 (SCP).
//!
//! The switch's frames go from port 2906 to 2905 and the SCP's back; each direction has its own
//! TSN and stream sequence counters. What the capture shows is each DATA as the command handed it
//! to (or got it from) the M3UA association, re-encoded: the ASP management messages (ASPUP,
//! ASPAC, NTFY, BEAT…) stay inside the association layer and are not captured.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::switch::Direction;

/// The link type of a capture.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkType {
    /// 248: bare SCTP packets.
    #[default]
    Sctp,
    /// 228: raw IPv4 (protocol 132) around the SCTP packets.
    Ipv4,
}

impl LinkType {
    /// The pcap link type number.
    pub fn number(self) -> u32 {
        match self {
            Self::Sctp => 248,
            Self::Ipv4 => 228,
        }
    }

    /// From `248` / `228` (or `sctp` / `ipv4`).
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "248" | "sctp" => Ok(Self::Sctp),
            "228" | "ipv4" => Ok(Self::Ipv4),
            _ => Err(format!("link type {text:?}: 248 (sctp) or 228 (ipv4)")),
        }
    }
}

/// Writes a pcap file, one frame per M3UA message.
#[derive(Debug)]
pub struct PcapWriter {
    out: BufWriter<File>,
    link: LinkType,
    tsn: [u32; 2],
    ssn: [u16; 2],
    frames: u64,
    packet: Vec<u8>,
}

const SWITCH_PORT: u16 = 2906;
const SCP_PORT: u16 = 2905;
const VTAG: u32 = 0x5653_5350; // "VSSP"

impl PcapWriter {
    /// Creates `path` and writes the global header.
    pub fn create(path: &Path, link: LinkType) -> io::Result<Self> {
        let mut out = BufWriter::new(File::create(path)?);
        out.write_all(&0xa1b2_c3d4u32.to_le_bytes())?;
        out.write_all(&2u16.to_le_bytes())?;
        out.write_all(&4u16.to_le_bytes())?;
        out.write_all(&0i32.to_le_bytes())?; // thiszone
        out.write_all(&0u32.to_le_bytes())?; // sigfigs
        out.write_all(&65_535u32.to_le_bytes())?; // snaplen
        out.write_all(&link.number().to_le_bytes())?;
        Ok(Self {
            out,
            link,
            tsn: [1, 1],
            ssn: [0, 0],
            frames: 0,
            packet: Vec::with_capacity(512),
        })
    }

    /// Frames written so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Writes one M3UA message that went `direction` at `time`.
    pub fn write(&mut self, direction: Direction, time: SystemTime, m3ua: &[u8]) -> io::Result<()> {
        let d = usize::from(direction == Direction::FromScp);
        let (src, dst) = match direction {
            Direction::ToScp => (SWITCH_PORT, SCP_PORT),
            Direction::FromScp => (SCP_PORT, SWITCH_PORT),
        };
        let mut p = std::mem::take(&mut self.packet);
        p.clear();
        // RFC 9260 §3.1 common header.
        p.extend_from_slice(&src.to_be_bytes());
        p.extend_from_slice(&dst.to_be_bytes());
        p.extend_from_slice(&VTAG.to_be_bytes());
        p.extend_from_slice(&[0; 4]);
        // RFC 9260 §3.3.1 DATA: B and E set (an unfragmented message), PPID 3 (RFC 4666 §1.4.7).
        p.push(0);
        p.push(0x03);
        let chunk_len = u16::try_from(16 + m3ua.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "message too long"))?;
        p.extend_from_slice(&chunk_len.to_be_bytes());
        p.extend_from_slice(&self.tsn[d].to_be_bytes());
        p.extend_from_slice(&1u16.to_be_bytes());
        p.extend_from_slice(&self.ssn[d].to_be_bytes());
        p.extend_from_slice(&3u32.to_be_bytes());
        p.extend_from_slice(m3ua);
        while !p.len().is_multiple_of(4) {
            p.push(0);
        }
        // RFC 9260 Appendix A: CRC32c with the checksum field zero, least significant octet first.
        let crc = sctp::crc32c::crc32c(&p);
        p[8..12].copy_from_slice(&crc.to_le_bytes());
        self.tsn[d] = self.tsn[d].wrapping_add(1);
        self.ssn[d] = self.ssn[d].wrapping_add(1);

        let ip_len = match self.link {
            LinkType::Sctp => 0,
            LinkType::Ipv4 => 20,
        };
        let total = u32::try_from(p.len() + ip_len)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "frame too long"))?;
        let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
        self.out
            .write_all(&(since.as_secs() as u32).to_le_bytes())?;
        self.out.write_all(&since.subsec_micros().to_le_bytes())?;
        self.out.write_all(&total.to_le_bytes())?;
        self.out.write_all(&total.to_le_bytes())?;
        if self.link == LinkType::Ipv4 {
            let (s, t) = match direction {
                Direction::ToScp => ([127, 0, 0, 1], [127, 0, 0, 2]),
                Direction::FromScp => ([127, 0, 0, 2], [127, 0, 0, 1]),
            };
            let mut h = [0u8; 20];
            h[0] = 0x45;
            h[2..4].copy_from_slice(&(total as u16).to_be_bytes());
            h[6] = 0x40; // don't fragment
            h[8] = 64; // TTL
            h[9] = 132; // SCTP
            h[12..16].copy_from_slice(&s);
            h[16..20].copy_from_slice(&t);
            let mut sum = 0u32;
            for pair in h.chunks(2) {
                sum += u32::from(u16::from_be_bytes([pair[0], pair[1]]));
            }
            while sum > 0xffff {
                sum = (sum & 0xffff) + (sum >> 16);
            }
            h[10..12].copy_from_slice(&(!(sum as u16)).to_be_bytes());
            self.out.write_all(&h)?;
        }
        self.out.write_all(&p)?;
        self.packet = p;
        self.frames += 1;
        Ok(())
    }

    /// Writes a DATA message (encoded here).
    pub fn write_data(
        &mut self,
        direction: Direction,
        time: SystemTime,
        data: &m3ua::Data,
    ) -> io::Result<()> {
        let bytes = m3ua::Message::Data(data.clone())
            .to_bytes()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
        self.write(direction, time, &bytes)
    }

    /// Flushes what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_matches_the_rfc_3720_check_value() {
        // The frames' checksum is the sctp crate's CRC32c. RFC 3720 B.4: 32 octets of zeros →
        // 0x8a9136aa.
        assert_eq!(sctp::crc32c::crc32c(&[0u8; 32]), 0x8a91_36aa);
        assert_eq!(sctp::crc32c::crc32c(b"123456789"), 0xe306_9283);
    }

    #[test]
    fn link_types_parse() {
        assert_eq!(LinkType::parse("248"), Ok(LinkType::Sctp));
        assert_eq!(LinkType::parse("ipv4"), Ok(LinkType::Ipv4));
        assert!(LinkType::parse("1").is_err());
    }
}
