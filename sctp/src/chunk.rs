//! Chunks (RFC 9260 §3.2, §3.3).

use bytes::{Buf, BufMut, Bytes};

use crate::cause::{ErrorCause, decode_causes};
use crate::error::{DecodeError, EncodeError};
use crate::param::{
    InitParam, ParamType, TlvIter, UnrecognizedAction, decode_params, pad4, put_padding,
    put_tlv_header, tlv_list_len,
};

code_point! {
    /// A Chunk Type (RFC 9260 §3.2; IANA "Chunk Types").
    pub struct ChunkType(u8);
    /// Payload Data (§3.3.1).
    DATA = 0 => "DATA";
    /// Initiation (§3.3.2).
    INIT = 1 => "INIT";
    /// Initiation Acknowledgement (§3.3.3).
    INIT_ACK = 2 => "INIT ACK";
    /// Selective Acknowledgement (§3.3.4).
    SACK = 3 => "SACK";
    /// Heartbeat Request (§3.3.5).
    HEARTBEAT = 4 => "HEARTBEAT";
    /// Heartbeat Acknowledgement (§3.3.6).
    HEARTBEAT_ACK = 5 => "HEARTBEAT ACK";
    /// Abort (§3.3.7).
    ABORT = 6 => "ABORT";
    /// Shutdown (§3.3.8).
    SHUTDOWN = 7 => "SHUTDOWN";
    /// Shutdown Acknowledgement (§3.3.9).
    SHUTDOWN_ACK = 8 => "SHUTDOWN ACK";
    /// Operation Error (§3.3.10).
    ERROR = 9 => "ERROR";
    /// State Cookie (§3.3.11).
    COOKIE_ECHO = 10 => "COOKIE ECHO";
    /// Cookie Acknowledgement (§3.3.12).
    COOKIE_ACK = 11 => "COOKIE ACK";
    /// Explicit Congestion Notification Echo (reserved for ECN).
    ECNE = 12 => "ECNE";
    /// Congestion Window Reduced (reserved for ECN).
    CWR = 13 => "CWR";
    /// Shutdown Complete (§3.3.13).
    SHUTDOWN_COMPLETE = 14 => "SHUTDOWN COMPLETE";
    /// Authentication (RFC 4895).
    AUTH = 15 => "AUTH";
    /// I-DATA (RFC 8260).
    I_DATA = 64 => "I-DATA";
    /// ASCONF ACK (RFC 5061).
    ASCONF_ACK = 128 => "ASCONF ACK";
    /// RE-CONFIG (RFC 6525).
    RE_CONFIG = 130 => "RE-CONFIG";
    /// PAD (RFC 4820).
    PAD = 132 => "PAD";
    /// FORWARD TSN (RFC 3758).
    FORWARD_TSN = 192 => "FORWARD TSN";
    /// ASCONF (RFC 5061).
    ASCONF = 193 => "ASCONF";
    /// I-FORWARD-TSN (RFC 8260).
    I_FORWARD_TSN = 194 => "I-FORWARD-TSN";
}

impl ChunkType {
    /// What to do with this type if it is not recognized: the upper two bits (RFC 9260 §3.2).
    /// `Stop` means: stop processing the packet, discard this and every further chunk.
    pub const fn unrecognized_action(self) -> UnrecognizedAction {
        UnrecognizedAction::from_upper_bits(self.0)
    }
}

code_point! {
    /// A Payload Protocol Identifier (RFC 9260 §3.3.1; IANA "SCTP Payload Protocol Identifiers").
    /// Any u32 is carried; SCTP itself does not look at it.
    pub struct Ppid(u32);
    /// Unspecified.
    UNSPECIFIED = 0 => "unspecified";
    /// IUA (RFC 4233).
    IUA = 1 => "IUA";
    /// M2UA (RFC 3331).
    M2UA = 2 => "M2UA";
    /// M3UA (RFC 4666).
    M3UA = 3 => "M3UA";
    /// SUA (RFC 3868).
    SUA = 4 => "SUA";
    /// M2PA (RFC 4165).
    M2PA = 5 => "M2PA";
    /// Diameter (RFC 6733).
    DIAMETER = 46 => "Diameter";
}

/// DATA flag bits (RFC 9260 §3.3.1, RFC 7053 for I).
const FLAG_E: u8 = 0x01;
const FLAG_B: u8 = 0x02;
const FLAG_U: u8 = 0x04;
const FLAG_I: u8 = 0x08;
/// The T bit of ABORT and SHUTDOWN COMPLETE (RFC 9260 §3.3.7, §3.3.13).
const FLAG_T: u8 = 0x01;

/// The length of a chunk header.
pub const CHUNK_HEADER_LEN: usize = 4;
/// The length of a DATA chunk header (chunk header plus TSN, stream, SSN, PPID).
pub const DATA_HEADER_LEN: usize = 16;

/// Payload Data (RFC 9260 §3.3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Data {
    /// U bit: unordered.
    pub unordered: bool,
    /// B bit: first fragment of a user message.
    pub beginning: bool,
    /// E bit: last fragment of a user message.
    pub ending: bool,
    /// I bit (RFC 7053): the sender asks for an immediate SACK.
    pub immediate: bool,
    /// Transmission Sequence Number.
    pub tsn: u32,
    /// Stream Identifier S.
    pub stream_id: u16,
    /// Stream Sequence Number n.
    pub ssn: u16,
    /// Payload Protocol Identifier.
    pub ppid: Ppid,
    /// User data: a slice of the received datagram.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))]
    pub data: Bytes,
}

/// INIT (RFC 9260 §3.3.2) and INIT ACK (§3.3.3) share this layout; INIT ACK carries a State
/// Cookie parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Init {
    /// Initiate Tag: the tag the receiver puts in every packet it sends (must not be 0).
    pub initiate_tag: u32,
    /// Advertised Receiver Window Credit.
    pub a_rwnd: u32,
    /// Number of Outbound Streams (OS).
    pub outbound_streams: u16,
    /// Number of Inbound Streams (MIS).
    pub inbound_streams: u16,
    /// Initial TSN.
    pub initial_tsn: u32,
    /// Optional/variable-length parameters, in wire order.
    pub params: Vec<InitParam>,
}

impl Init {
    /// The State Cookie parameter's value, if present.
    pub fn state_cookie(&self) -> Option<&Bytes> {
        self.params.iter().find_map(|p| match p {
            InitParam::StateCookie(c) => Some(c),
            _ => None,
        })
    }
}

/// One Gap Ack Block (RFC 9260 §3.3.4): offsets from the Cumulative TSN Ack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GapAckBlock {
    /// Gap Ack Block Start.
    pub start: u16,
    /// Gap Ack Block End.
    pub end: u16,
}

/// Selective Acknowledgement (RFC 9260 §3.3.4).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Sack {
    /// Cumulative TSN Ack.
    pub cum_tsn_ack: u32,
    /// Advertised Receiver Window Credit.
    pub a_rwnd: u32,
    /// Gap Ack Blocks.
    pub gap_blocks: Vec<GapAckBlock>,
    /// Duplicate TSNs.
    pub duplicate_tsns: Vec<u32>,
}

/// An SCTP chunk. Chunks VNS does not implement are kept as [`Chunk::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum Chunk {
    /// DATA (§3.3.1).
    Data(Data),
    /// INIT (§3.3.2).
    Init(Init),
    /// INIT ACK (§3.3.3).
    InitAck(Init),
    /// SACK (§3.3.4).
    Sack(Sack),
    /// HEARTBEAT (§3.3.5): the Heartbeat Info parameter's value, opaque to the receiver.
    Heartbeat {
        /// Sender-specific Heartbeat Information.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))]
        info: Bytes,
    },
    /// HEARTBEAT ACK (§3.3.6): the Heartbeat Info copied from the HEARTBEAT.
    HeartbeatAck {
        /// The echoed Heartbeat Information.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))]
        info: Bytes,
    },
    /// ABORT (§3.3.7).
    Abort {
        /// T bit: the Verification Tag is the sender's own ("reflected").
        t_bit: bool,
        /// Zero or more error causes.
        causes: Vec<ErrorCause>,
    },
    /// SHUTDOWN (§3.3.8).
    Shutdown {
        /// Cumulative TSN Ack.
        cum_tsn_ack: u32,
    },
    /// SHUTDOWN ACK (§3.3.9).
    ShutdownAck,
    /// ERROR (§3.3.10).
    Error {
        /// One or more error causes.
        causes: Vec<ErrorCause>,
    },
    /// COOKIE ECHO (§3.3.11).
    CookieEcho {
        /// The State Cookie from the INIT ACK, echoed unchanged.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))]
        cookie: Bytes,
    },
    /// COOKIE ACK (§3.3.12).
    CookieAck,
    /// SHUTDOWN COMPLETE (§3.3.13).
    ShutdownComplete {
        /// T bit: the Verification Tag is the sender's own.
        t_bit: bool,
    },
    /// Any other chunk type, kept as it came.
    Unknown {
        /// Chunk Type.
        chunk_type: ChunkType,
        /// Chunk Flags.
        flags: u8,
        /// Chunk Value, without padding.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))]
        value: Bytes,
    },
}

impl Chunk {
    /// The chunk's type.
    pub fn chunk_type(&self) -> ChunkType {
        match self {
            Self::Data(_) => ChunkType::DATA,
            Self::Init(_) => ChunkType::INIT,
            Self::InitAck(_) => ChunkType::INIT_ACK,
            Self::Sack(_) => ChunkType::SACK,
            Self::Heartbeat { .. } => ChunkType::HEARTBEAT,
            Self::HeartbeatAck { .. } => ChunkType::HEARTBEAT_ACK,
            Self::Abort { .. } => ChunkType::ABORT,
            Self::Shutdown { .. } => ChunkType::SHUTDOWN,
            Self::ShutdownAck => ChunkType::SHUTDOWN_ACK,
            Self::Error { .. } => ChunkType::ERROR,
            Self::CookieEcho { .. } => ChunkType::COOKIE_ECHO,
            Self::CookieAck => ChunkType::COOKIE_ACK,
            Self::ShutdownComplete { .. } => ChunkType::SHUTDOWN_COMPLETE,
            Self::Unknown { chunk_type, .. } => *chunk_type,
        }
    }

    /// Decodes one chunk from its type, flags and value (without padding). Types VNS does not
    /// implement become [`Chunk::Unknown`]; a known type with a malformed value is an error.
    pub fn from_parts(chunk_type: ChunkType, flags: u8, value: Bytes) -> Result<Self, DecodeError> {
        let short = |needed: usize, remaining: usize| DecodeError::Truncated {
            what: "chunk value",
            needed,
            remaining,
        };
        let mut v = value.clone();
        Ok(match chunk_type {
            ChunkType::DATA => {
                if v.len() < 12 {
                    return Err(short(12, v.len()));
                }
                let tsn = v.get_u32();
                let stream_id = v.get_u16();
                let ssn = v.get_u16();
                let ppid = Ppid(v.get_u32());
                Self::Data(Data {
                    unordered: flags & FLAG_U != 0,
                    beginning: flags & FLAG_B != 0,
                    ending: flags & FLAG_E != 0,
                    immediate: flags & FLAG_I != 0,
                    tsn,
                    stream_id,
                    ssn,
                    ppid,
                    data: v,
                })
            }
            ChunkType::INIT | ChunkType::INIT_ACK => {
                if v.len() < 16 {
                    return Err(short(16, v.len()));
                }
                let init = Init {
                    initiate_tag: v.get_u32(),
                    a_rwnd: v.get_u32(),
                    outbound_streams: v.get_u16(),
                    inbound_streams: v.get_u16(),
                    initial_tsn: v.get_u32(),
                    params: decode_params(v)?,
                };
                if chunk_type == ChunkType::INIT {
                    Self::Init(init)
                } else {
                    Self::InitAck(init)
                }
            }
            ChunkType::SACK => {
                if v.len() < 12 {
                    return Err(short(12, v.len()));
                }
                let cum_tsn_ack = v.get_u32();
                let a_rwnd = v.get_u32();
                let n_gaps = usize::from(v.get_u16());
                let n_dups = usize::from(v.get_u16());
                // Bounded allocation: the counts are checked against the octets present.
                let needed = 4 * (n_gaps + n_dups);
                if v.len() < needed {
                    return Err(short(needed, v.len()));
                }
                let gap_blocks = (0..n_gaps)
                    .map(|_| GapAckBlock {
                        start: v.get_u16(),
                        end: v.get_u16(),
                    })
                    .collect();
                let duplicate_tsns = (0..n_dups).map(|_| v.get_u32()).collect();
                Self::Sack(Sack {
                    cum_tsn_ack,
                    a_rwnd,
                    gap_blocks,
                    duplicate_tsns,
                })
            }
            ChunkType::HEARTBEAT | ChunkType::HEARTBEAT_ACK => {
                // §3.3.5: exactly one Heartbeat Info TLV.
                let mut tlvs = TlvIter::new(v);
                let info = match tlvs.next() {
                    Some(Ok((ty, info, _))) if ParamType(ty) == ParamType::HEARTBEAT_INFO => info,
                    Some(Err(e)) => return Err(e),
                    _ => {
                        return Err(DecodeError::Malformed {
                            chunk_type,
                            reason: "no Heartbeat Info parameter",
                        });
                    }
                };
                if chunk_type == ChunkType::HEARTBEAT {
                    Self::Heartbeat { info }
                } else {
                    Self::HeartbeatAck { info }
                }
            }
            ChunkType::ABORT => Self::Abort {
                t_bit: flags & FLAG_T != 0,
                causes: decode_causes(v)?,
            },
            ChunkType::SHUTDOWN => {
                if v.len() < 4 {
                    return Err(short(4, v.len()));
                }
                Self::Shutdown {
                    cum_tsn_ack: v.get_u32(),
                }
            }
            ChunkType::SHUTDOWN_ACK => Self::ShutdownAck,
            ChunkType::ERROR => Self::Error {
                causes: decode_causes(v)?,
            },
            ChunkType::COOKIE_ECHO => Self::CookieEcho { cookie: v },
            ChunkType::COOKIE_ACK => Self::CookieAck,
            ChunkType::SHUTDOWN_COMPLETE => Self::ShutdownComplete {
                t_bit: flags & FLAG_T != 0,
            },
            _ => Self::Unknown {
                chunk_type,
                flags,
                value,
            },
        })
    }

    /// The chunk's flags octet as encoded.
    pub fn flags(&self) -> u8 {
        match self {
            Self::Data(d) => {
                (if d.unordered { FLAG_U } else { 0 })
                    | (if d.beginning { FLAG_B } else { 0 })
                    | (if d.ending { FLAG_E } else { 0 })
                    | (if d.immediate { FLAG_I } else { 0 })
            }
            Self::Abort { t_bit: true, .. } | Self::ShutdownComplete { t_bit: true } => FLAG_T,
            Self::Unknown { flags, .. } => *flags,
            _ => 0,
        }
    }

    /// The value length as counted in the Chunk Length field (without the chunk's own trailing
    /// padding; RFC 9260 §3.2).
    pub fn value_len(&self) -> usize {
        match self {
            Self::Data(d) => 12 + d.data.len(),
            Self::Init(i) | Self::InitAck(i) => {
                16 + tlv_list_len(i.params.iter().map(InitParam::value_len))
            }
            Self::Sack(s) => 12 + 4 * (s.gap_blocks.len() + s.duplicate_tsns.len()),
            Self::Heartbeat { info } | Self::HeartbeatAck { info } => 4 + info.len(),
            Self::Abort { causes, .. } | Self::Error { causes } => {
                tlv_list_len(causes.iter().map(|c| c.info.len()))
            }
            Self::Shutdown { .. } => 4,
            Self::CookieEcho { cookie } => cookie.len(),
            Self::ShutdownAck | Self::CookieAck | Self::ShutdownComplete { .. } => 0,
            Self::Unknown { value, .. } => value.len(),
        }
    }

    /// The octets this chunk occupies in a packet, padding included.
    pub fn encoded_len(&self) -> usize {
        pad4(CHUNK_HEADER_LEN + self.value_len())
    }

    /// Writes the chunk with its padding.
    pub fn encode(&self, buf: &mut impl BufMut) -> Result<(), EncodeError> {
        let value_len = self.value_len();
        let length =
            u16::try_from(CHUNK_HEADER_LEN + value_len).map_err(|_| EncodeError::TooLong {
                what: "chunk",
                length: CHUNK_HEADER_LEN + value_len,
            })?;
        buf.put_u8(self.chunk_type().0);
        buf.put_u8(self.flags());
        buf.put_u16(length);
        match self {
            Self::Data(d) => {
                buf.put_u32(d.tsn);
                buf.put_u16(d.stream_id);
                buf.put_u16(d.ssn);
                buf.put_u32(d.ppid.0);
                buf.put_slice(&d.data);
            }
            Self::Init(i) | Self::InitAck(i) => {
                buf.put_u32(i.initiate_tag);
                buf.put_u32(i.a_rwnd);
                buf.put_u16(i.outbound_streams);
                buf.put_u16(i.inbound_streams);
                buf.put_u32(i.initial_tsn);
                for p in &i.params {
                    p.encode(buf)?;
                }
                // The last parameter's padding is the chunk's padding: already written.
                return Ok(());
            }
            Self::Sack(s) => {
                buf.put_u32(s.cum_tsn_ack);
                buf.put_u32(s.a_rwnd);
                buf.put_u16(u16::try_from(s.gap_blocks.len()).map_err(|_| {
                    EncodeError::TooLong {
                        what: "gap ack block list",
                        length: s.gap_blocks.len(),
                    }
                })?);
                buf.put_u16(u16::try_from(s.duplicate_tsns.len()).map_err(|_| {
                    EncodeError::TooLong {
                        what: "duplicate TSN list",
                        length: s.duplicate_tsns.len(),
                    }
                })?);
                for g in &s.gap_blocks {
                    buf.put_u16(g.start);
                    buf.put_u16(g.end);
                }
                for d in &s.duplicate_tsns {
                    buf.put_u32(*d);
                }
            }
            Self::Heartbeat { info } | Self::HeartbeatAck { info } => {
                put_tlv_header(
                    buf,
                    ParamType::HEARTBEAT_INFO.0,
                    info.len(),
                    "heartbeat info",
                )?;
                buf.put_slice(info);
                put_padding(buf, info.len());
                return Ok(());
            }
            Self::Abort { causes, .. } | Self::Error { causes } => {
                for c in causes {
                    c.encode(buf)?;
                }
                return Ok(());
            }
            Self::Shutdown { cum_tsn_ack } => buf.put_u32(*cum_tsn_ack),
            Self::CookieEcho { cookie } => buf.put_slice(cookie),
            Self::Unknown { value, .. } => buf.put_slice(value),
            Self::ShutdownAck | Self::CookieAck | Self::ShutdownComplete { .. } => {}
        }
        put_padding(buf, value_len);
        Ok(())
    }
}

/// An iterator over the chunks of a packet body, yielding each chunk and its raw octets (header
/// and value, no padding: what an "Unrecognized Chunk Type" cause carries). Zero-copy: values are
/// slices of the datagram. It stops after the first error.
#[derive(Debug, Clone)]
pub struct ChunkIter {
    rest: Bytes,
}

impl ChunkIter {
    /// Iterates over the chunks in `body` (the packet after the common header).
    pub fn new(body: Bytes) -> Self {
        Self { rest: body }
    }

    /// The type of the next chunk, without decoding it.
    pub fn peek_type(&self) -> Option<ChunkType> {
        self.rest.first().map(|&t| ChunkType(t))
    }

    /// Whether no chunk remains.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }
}

impl Iterator for ChunkIter {
    type Item = Result<(Chunk, Bytes), DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        if self.rest.len() < CHUNK_HEADER_LEN {
            let remaining = self.rest.len();
            self.rest.clear();
            return Some(Err(DecodeError::Truncated {
                what: "chunk header",
                needed: 4,
                remaining,
            }));
        }
        let chunk_type = ChunkType(self.rest[0]);
        let flags = self.rest[1];
        let length = u16::from_be_bytes([self.rest[2], self.rest[3]]);
        let len = usize::from(length);
        // RFC 9260 §3.2: the length includes the header; it must fit in the packet.
        if len < CHUNK_HEADER_LEN || len > self.rest.len() {
            self.rest.clear();
            return Some(Err(DecodeError::BadChunkLength { chunk_type, length }));
        }
        let raw = self.rest.slice(..len);
        // The final chunk's padding may be missing; tolerate it.
        self.rest.advance(pad4(len).min(self.rest.len()));
        let result = Chunk::from_parts(chunk_type, flags, raw.slice(CHUNK_HEADER_LEN..));
        if result.is_err() {
            self.rest.clear();
        }
        Some(result.map(|c| (c, raw)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    fn roundtrip(chunk: &Chunk) -> Vec<u8> {
        let mut buf = Vec::new();
        chunk.encode(&mut buf).unwrap();
        assert_eq!(buf.len(), chunk.encoded_len());
        let mut it = ChunkIter::new(Bytes::from(buf.clone()));
        let (back, _) = it.next().unwrap().unwrap();
        assert_eq!(&back, chunk);
        assert!(it.next().is_none());
        buf
    }

    #[test]
    fn data_chunk() {
        let c = Chunk::Data(Data {
            unordered: false,
            beginning: true,
            ending: true,
            immediate: false,
            tsn: 0x01020304,
            stream_id: 5,
            ssn: 6,
            ppid: Ppid::M3UA,
            data: Bytes::from_static(b"abcde"),
        });
        let wire = roundtrip(&c);
        assert_eq!(
            wire,
            hex!("00 03 0015 01020304 0005 0006 00000003 6162636465 000000").to_vec()
        );
    }

    #[test]
    fn data_too_short() {
        let err = Chunk::from_parts(ChunkType::DATA, 3, Bytes::from_static(&[0; 11])).unwrap_err();
        assert!(matches!(
            err,
            DecodeError::Truncated {
                needed: 12,
                remaining: 11,
                ..
            }
        ));
    }

    #[test]
    fn init_chunk_length_excludes_last_param_padding() {
        let c = Chunk::Init(Init {
            initiate_tag: 1,
            a_rwnd: 2,
            outbound_streams: 3,
            inbound_streams: 4,
            initial_tsn: 5,
            params: vec![InitParam::SupportedAddressTypes(vec![5])],
        });
        let wire = roundtrip(&c);
        // 4 + 16 + 6 = 26, padded to 28.
        assert_eq!(&wire[..4], &[1, 0, 0, 26]);
        assert_eq!(wire.len(), 28);
    }

    #[test]
    fn sack_chunk() {
        let c = Chunk::Sack(Sack {
            cum_tsn_ack: 100,
            a_rwnd: 65535,
            gap_blocks: vec![GapAckBlock { start: 2, end: 3 }],
            duplicate_tsns: vec![99],
        });
        let wire = roundtrip(&c);
        assert_eq!(
            wire,
            hex!("03 00 0018 00000064 0000ffff 0001 0001 0002 0003 00000063").to_vec()
        );
    }

    #[test]
    fn sack_counts_past_end_rejected() {
        let v = hex!("00000064 0000ffff 0100 0000");
        let err = Chunk::from_parts(ChunkType::SACK, 0, Bytes::copy_from_slice(&v)).unwrap_err();
        assert!(matches!(err, DecodeError::Truncated { needed: 1024, .. }));
    }

    #[test]
    fn heartbeat_chunks() {
        let wire = roundtrip(&Chunk::Heartbeat {
            info: Bytes::from_static(b"xyz"),
        });
        assert_eq!(wire, hex!("04 00 000b 0001 0007 78797a 00").to_vec());
        roundtrip(&Chunk::HeartbeatAck {
            info: Bytes::from_static(b"12345678"),
        });
        let err = Chunk::from_parts(ChunkType::HEARTBEAT, 0, Bytes::from_static(&[0, 2, 0, 4]))
            .unwrap_err();
        assert!(matches!(err, DecodeError::Malformed { .. }));
        assert!(Chunk::from_parts(ChunkType::HEARTBEAT, 0, Bytes::new()).is_err());
    }

    #[test]
    fn abort_and_shutdown_complete_t_bit() {
        let wire = roundtrip(&Chunk::Abort {
            t_bit: true,
            causes: vec![],
        });
        assert_eq!(wire, hex!("06 01 0004").to_vec());
        let wire = roundtrip(&Chunk::Abort {
            t_bit: false,
            causes: vec![ErrorCause::user_initiated_abort(Bytes::from_static(b"bye"))],
        });
        assert_eq!(wire, hex!("06 00 000b 000c 0007 627965 00").to_vec());
        let wire = roundtrip(&Chunk::ShutdownComplete { t_bit: true });
        assert_eq!(wire, hex!("0e 01 0004").to_vec());
    }

    #[test]
    fn small_control_chunks() {
        assert_eq!(
            roundtrip(&Chunk::Shutdown { cum_tsn_ack: 7 }),
            hex!("07 00 0008 00000007")
        );
        assert_eq!(roundtrip(&Chunk::ShutdownAck), hex!("08 00 0004"));
        assert_eq!(roundtrip(&Chunk::CookieAck), hex!("0b 00 0004"));
        assert_eq!(
            roundtrip(&Chunk::CookieEcho {
                cookie: Bytes::from_static(&[1, 2, 3, 4, 5])
            }),
            hex!("0a 00 0009 0102030405 000000")
        );
        assert_eq!(
            roundtrip(&Chunk::Error {
                causes: vec![ErrorCause::stale_cookie(10)]
            }),
            hex!("09 00 000c 0003 0008 0000000a")
        );
        assert!(Chunk::from_parts(ChunkType::SHUTDOWN, 0, Bytes::from_static(&[1, 2])).is_err());
    }

    #[test]
    fn unknown_chunk_kept() {
        let c = Chunk::Unknown {
            chunk_type: ChunkType(0xc0),
            flags: 0x5a,
            value: Bytes::from_static(&[9, 9]),
        };
        assert_eq!(roundtrip(&c), hex!("c0 5a 0006 0909 0000"));
        assert_eq!(
            ChunkType(0xc0).unrecognized_action(),
            UnrecognizedAction::SkipAndReport
        );
        assert_eq!(
            ChunkType(0x3f).unrecognized_action(),
            UnrecognizedAction::Stop
        );
        assert_eq!(
            ChunkType(0x40).unrecognized_action(),
            UnrecognizedAction::StopAndReport
        );
        assert_eq!(
            ChunkType(0x84).unrecognized_action(),
            UnrecognizedAction::Skip
        );
    }

    #[test]
    fn chunk_iter_errors() {
        let mut it = ChunkIter::new(Bytes::from_static(&[0, 0, 0]));
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
        let mut it = ChunkIter::new(Bytes::from_static(&[11, 0, 0, 3]));
        assert!(matches!(
            it.next(),
            Some(Err(DecodeError::BadChunkLength { length: 3, .. }))
        ));
        let mut it = ChunkIter::new(Bytes::from_static(&[11, 0, 0, 8, 0]));
        assert!(it.next().unwrap().is_err());
    }

    #[test]
    fn ppid_names() {
        assert_eq!(Ppid::M3UA.to_string(), "M3UA");
        assert_eq!(format!("{:?}", Ppid(3)), "Ppid::M3UA");
        assert_eq!(ChunkType::INIT_ACK.to_string(), "INIT ACK");
    }
}
