//! [`Message`]: every M3UA message, with decode, encode and a one-line summary.

use core::fmt;

use bytes::{Buf, BufMut, Bytes, BytesMut};

use crate::parameter::{LenSink, ParamReader, ParameterList, WriteSink};
use crate::routing_key::comma_list;
use crate::{
    AspAc, AspDn, AspIa, AspUp, Beat, Data, DecodeError, DeregReq, DeregRsp, Dupu, EncodeError,
    ErrorMessage, HEADER_LEN, MAX_MESSAGE_LENGTH, MaskedPointCode, MessageClass, MessageKind,
    MessageType, Notify, RegReq, RegRsp, Scon, Ssnm, UnknownParameter, VERSION,
};

/// An M3UA message (RFC 4666 §3): one variant per message class and type.
///
/// Messages that carry the same parameters share a struct (DUNA, DAVA, DAUD and DRST all hold an
/// [`Ssnm`]; ASPUP and ASPUP ACK an [`AspUp`]; …); the variant says which message it is.
///
/// ```
/// use bytes::Bytes;
/// use m3ua::{AspUp, Message};
///
/// let aspup = Message::AspUp(AspUp { asp_identifier: Some(7), ..AspUp::default() });
/// let mut wire = aspup.to_bytes().unwrap();
/// assert_eq!(&wire[..], &[1, 0, 3, 1, 0, 0, 0, 16, 0, 0x11, 0, 8, 0, 0, 0, 7]);
/// assert_eq!(Message::decode(&mut wire).unwrap(), aspup);
/// assert!(wire.is_empty());
/// assert_eq!(aspup.to_string(), "ASPUP aspid=7");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(tag = "message"))]
pub enum Message {
    /// ERR (MGMT 0).
    #[cfg_attr(feature = "serde", serde(rename = "ERR"))]
    Err(ErrorMessage),
    /// NTFY (MGMT 1).
    #[cfg_attr(feature = "serde", serde(rename = "NTFY"))]
    Ntfy(Notify),
    /// DATA (Transfer 1).
    #[cfg_attr(feature = "serde", serde(rename = "DATA"))]
    Data(Data),
    /// DUNA (SSNM 1).
    #[cfg_attr(feature = "serde", serde(rename = "DUNA"))]
    Duna(Ssnm),
    /// DAVA (SSNM 2).
    #[cfg_attr(feature = "serde", serde(rename = "DAVA"))]
    Dava(Ssnm),
    /// DAUD (SSNM 3).
    #[cfg_attr(feature = "serde", serde(rename = "DAUD"))]
    Daud(Ssnm),
    /// SCON (SSNM 4).
    #[cfg_attr(feature = "serde", serde(rename = "SCON"))]
    Scon(Scon),
    /// DUPU (SSNM 5).
    #[cfg_attr(feature = "serde", serde(rename = "DUPU"))]
    Dupu(Dupu),
    /// DRST (SSNM 6).
    #[cfg_attr(feature = "serde", serde(rename = "DRST"))]
    Drst(Ssnm),
    /// ASPUP (ASPSM 1).
    #[cfg_attr(feature = "serde", serde(rename = "ASPUP"))]
    AspUp(AspUp),
    /// ASPDN (ASPSM 2).
    #[cfg_attr(feature = "serde", serde(rename = "ASPDN"))]
    AspDn(AspDn),
    /// BEAT (ASPSM 3).
    #[cfg_attr(feature = "serde", serde(rename = "BEAT"))]
    Beat(Beat),
    /// ASPUP ACK (ASPSM 4).
    #[cfg_attr(feature = "serde", serde(rename = "ASPUP ACK"))]
    AspUpAck(AspUp),
    /// ASPDN ACK (ASPSM 5).
    #[cfg_attr(feature = "serde", serde(rename = "ASPDN ACK"))]
    AspDnAck(AspDn),
    /// BEAT ACK (ASPSM 6).
    #[cfg_attr(feature = "serde", serde(rename = "BEAT ACK"))]
    BeatAck(Beat),
    /// ASPAC (ASPTM 1).
    #[cfg_attr(feature = "serde", serde(rename = "ASPAC"))]
    AspAc(AspAc),
    /// ASPIA (ASPTM 2).
    #[cfg_attr(feature = "serde", serde(rename = "ASPIA"))]
    AspIa(AspIa),
    /// ASPAC ACK (ASPTM 3).
    #[cfg_attr(feature = "serde", serde(rename = "ASPAC ACK"))]
    AspAcAck(AspAc),
    /// ASPIA ACK (ASPTM 4).
    #[cfg_attr(feature = "serde", serde(rename = "ASPIA ACK"))]
    AspIaAck(AspIa),
    /// REG REQ (RKM 1).
    #[cfg_attr(feature = "serde", serde(rename = "REG REQ"))]
    RegReq(RegReq),
    /// REG RSP (RKM 2).
    #[cfg_attr(feature = "serde", serde(rename = "REG RSP"))]
    RegRsp(RegRsp),
    /// DEREG REQ (RKM 3).
    #[cfg_attr(feature = "serde", serde(rename = "DEREG REQ"))]
    DeregReq(DeregReq),
    /// DEREG RSP (RKM 4).
    #[cfg_attr(feature = "serde", serde(rename = "DEREG RSP"))]
    DeregRsp(DeregRsp),
}

/// Runs `$body` with `$m` bound to the variant's struct, whatever the variant.
macro_rules! with_body {
    ($msg:expr, $m:ident => $body:expr) => {
        match $msg {
            Message::Err($m) => $body,
            Message::Ntfy($m) => $body,
            Message::Data($m) => $body,
            Message::Duna($m) | Message::Dava($m) | Message::Daud($m) | Message::Drst($m) => $body,
            Message::Scon($m) => $body,
            Message::Dupu($m) => $body,
            Message::AspUp($m) | Message::AspUpAck($m) => $body,
            Message::AspDn($m) | Message::AspDnAck($m) => $body,
            Message::Beat($m) | Message::BeatAck($m) => $body,
            Message::AspAc($m) | Message::AspAcAck($m) => $body,
            Message::AspIa($m) | Message::AspIaAck($m) => $body,
            Message::RegReq($m) => $body,
            Message::RegRsp($m) => $body,
            Message::DeregReq($m) => $body,
            Message::DeregRsp($m) => $body,
        }
    };
}

impl Message {
    /// Which message this is.
    pub const fn kind(&self) -> MessageKind {
        match self {
            Message::Err(_) => MessageKind::ERR,
            Message::Ntfy(_) => MessageKind::NTFY,
            Message::Data(_) => MessageKind::DATA,
            Message::Duna(_) => MessageKind::DUNA,
            Message::Dava(_) => MessageKind::DAVA,
            Message::Daud(_) => MessageKind::DAUD,
            Message::Scon(_) => MessageKind::SCON,
            Message::Dupu(_) => MessageKind::DUPU,
            Message::Drst(_) => MessageKind::DRST,
            Message::AspUp(_) => MessageKind::ASPUP,
            Message::AspDn(_) => MessageKind::ASPDN,
            Message::Beat(_) => MessageKind::BEAT,
            Message::AspUpAck(_) => MessageKind::ASPUP_ACK,
            Message::AspDnAck(_) => MessageKind::ASPDN_ACK,
            Message::BeatAck(_) => MessageKind::BEAT_ACK,
            Message::AspAc(_) => MessageKind::ASPAC,
            Message::AspIa(_) => MessageKind::ASPIA,
            Message::AspAcAck(_) => MessageKind::ASPAC_ACK,
            Message::AspIaAck(_) => MessageKind::ASPIA_ACK,
            Message::RegReq(_) => MessageKind::REG_REQ,
            Message::RegRsp(_) => MessageKind::REG_RSP,
            Message::DeregReq(_) => MessageKind::DEREG_REQ,
            Message::DeregRsp(_) => MessageKind::DEREG_RSP,
        }
    }

    /// The Message Class.
    pub const fn class(&self) -> MessageClass {
        self.kind().class
    }

    /// The Message Type.
    pub const fn message_type(&self) -> MessageType {
        self.kind().message_type
    }

    /// Decodes the message at the front of `buf` and advances `buf` past it (exactly its
    /// Message Length); octets after it stay in `buf`. On error `buf` is left as it was.
    ///
    /// Payloads ([`ProtocolData::user_data`](crate::ProtocolData::user_data), INFO String,
    /// unknown parameters, …) are zero-copy slices of `buf`.
    pub fn decode(buf: &mut Bytes) -> Result<Self, DecodeError> {
        let available = buf.len();
        let Some(&[version, _reserved, class, message_type, l0, l1, l2, l3]) =
            buf.get(..HEADER_LEN)
        else {
            return Err(DecodeError::Truncated {
                needed: HEADER_LEN,
                available,
            });
        };
        // RFC 4666 §3.1.1: version 1 only; §3.8.1 Invalid Version.
        if version != VERSION {
            return Err(DecodeError::InvalidVersion { version });
        }
        // RFC 4666 §3.1.2: the Reserved octet is ignored on receipt.
        // RFC 4666 §3.1.5: the length includes the header; bounded by MAX_MESSAGE_LENGTH.
        let length = u32::from_be_bytes([l0, l1, l2, l3]);
        let len = length as usize;
        if !(HEADER_LEN..=MAX_MESSAGE_LENGTH).contains(&len) {
            return Err(DecodeError::InvalidMessageLength { length });
        }
        if available < len {
            return Err(DecodeError::Truncated {
                needed: len,
                available,
            });
        }
        // RFC 4666 §3.1.3; §3.8.1 Unsupported Message Class / Type.
        let class = MessageClass(class);
        if !class.is_known() {
            return Err(DecodeError::UnsupportedMessageClass { class });
        }
        let kind = MessageKind::new(class, MessageType(message_type));
        let reader = ParamReader::new(buf.slice(HEADER_LEN..len), HEADER_LEN);
        let message = Self::decode_body(kind, reader)?;
        buf.advance(len);
        Ok(message)
    }

    /// Decodes `bytes`, which must hold exactly one message (e.g. one SCTP DATA chunk's payload):
    /// octets after the message are a [`DecodeError::TrailingOctets`].
    pub fn from_bytes(bytes: Bytes) -> Result<Self, DecodeError> {
        let mut rest = bytes;
        let total = rest.len();
        let message = Self::decode(&mut rest)?;
        if !rest.is_empty() {
            return Err(DecodeError::TrailingOctets {
                length: total - rest.len(),
                extra: rest.len(),
            });
        }
        Ok(message)
    }

    fn decode_body(kind: MessageKind, reader: ParamReader) -> Result<Self, DecodeError> {
        let context = kind.label();
        Ok(match kind {
            MessageKind::ERR => Message::Err(ParameterList::decode_parameters(reader, context)?),
            MessageKind::NTFY => Message::Ntfy(ParameterList::decode_parameters(reader, context)?),
            MessageKind::DATA => Message::Data(ParameterList::decode_parameters(reader, context)?),
            MessageKind::DUNA => Message::Duna(ParameterList::decode_parameters(reader, context)?),
            MessageKind::DAVA => Message::Dava(ParameterList::decode_parameters(reader, context)?),
            MessageKind::DAUD => Message::Daud(ParameterList::decode_parameters(reader, context)?),
            MessageKind::SCON => Message::Scon(ParameterList::decode_parameters(reader, context)?),
            MessageKind::DUPU => Message::Dupu(ParameterList::decode_parameters(reader, context)?),
            MessageKind::DRST => Message::Drst(ParameterList::decode_parameters(reader, context)?),
            MessageKind::ASPUP => {
                Message::AspUp(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::ASPDN => {
                Message::AspDn(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::BEAT => Message::Beat(ParameterList::decode_parameters(reader, context)?),
            MessageKind::ASPUP_ACK => {
                Message::AspUpAck(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::ASPDN_ACK => {
                Message::AspDnAck(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::BEAT_ACK => {
                Message::BeatAck(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::ASPAC => {
                Message::AspAc(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::ASPIA => {
                Message::AspIa(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::ASPAC_ACK => {
                Message::AspAcAck(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::ASPIA_ACK => {
                Message::AspIaAck(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::REG_REQ => {
                Message::RegReq(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::REG_RSP => {
                Message::RegRsp(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::DEREG_REQ => {
                Message::DeregReq(ParameterList::decode_parameters(reader, context)?)
            }
            MessageKind::DEREG_RSP => {
                Message::DeregRsp(ParameterList::decode_parameters(reader, context)?)
            }
            _ => {
                return Err(DecodeError::UnsupportedMessageType {
                    class: kind.class,
                    message_type: kind.message_type,
                });
            }
        })
    }

    fn measure(&self) -> LenSink {
        with_body!(self, m => m.measure())
    }

    /// The size [`encode`](Self::encode) writes, header and padding included.
    pub fn encoded_len(&self) -> usize {
        HEADER_LEN.saturating_add(self.measure().len)
    }

    /// Appends the message to `out`.
    ///
    /// Known parameters are written in the order of RFC 4666's message figures, unknown ones at
    /// their recorded positions, every parameter padded with zeros to 4 octets. Everything is
    /// checked first: on error nothing has been written.
    pub fn encode(&self, out: &mut impl BufMut) -> Result<(), EncodeError> {
        let body = self.measure();
        if let Some(error) = body.error {
            return Err(error);
        }
        let length = HEADER_LEN.saturating_add(body.len);
        if length > MAX_MESSAGE_LENGTH {
            return Err(EncodeError::MessageTooLong { length });
        }
        if out.remaining_mut() < length {
            return Err(EncodeError::BufferTooSmall {
                needed: length,
                available: out.remaining_mut(),
            });
        }
        let kind = self.kind();
        out.put_slice(&[VERSION, 0, kind.class.0, kind.message_type.0]);
        // length ≤ MAX_MESSAGE_LENGTH < 2^32.
        out.put_u32(length as u32);
        with_body!(self, m => m.visit(&mut WriteSink { out }));
        Ok(())
    }

    /// The encoded message in a new buffer.
    pub fn to_bytes(&self) -> Result<Bytes, EncodeError> {
        let mut out = BytesMut::with_capacity(self.encoded_len());
        self.encode(&mut out)?;
        Ok(out.freeze())
    }

    /// The parameters with tags this crate does not know, in the order they will be encoded.
    pub fn unknown_parameters(&self) -> &[UnknownParameter] {
        with_body!(self, m => &m.unknown)
    }

    /// Mutable access to the unknown parameters, e.g. to add one when testing a peer.
    pub fn unknown_parameters_mut(&mut self) -> &mut Vec<UnknownParameter> {
        with_body!(self, m => &mut m.unknown)
    }
}

fn routing_contexts(f: &mut fmt::Formatter<'_>, rc: &[u32]) -> fmt::Result {
    if rc.is_empty() {
        return Ok(());
    }
    f.write_str(" rc=")?;
    comma_list(f, rc)
}

fn network_appearance(f: &mut fmt::Formatter<'_>, na: Option<u32>) -> fmt::Result {
    match na {
        Some(na) => write!(f, " na={na}"),
        None => Ok(()),
    }
}

fn affected(f: &mut fmt::Formatter<'_>, apc: &[MaskedPointCode]) -> fmt::Result {
    if apc.is_empty() {
        return Ok(());
    }
    f.write_str(" apc=")?;
    comma_list(f, apc)
}

fn info(f: &mut fmt::Formatter<'_>, info: Option<&Bytes>) -> fmt::Result {
    match info {
        Some(info) => write!(f, " info={:?}", String::from_utf8_lossy(info)),
        None => Ok(()),
    }
}

fn asp_identifier(f: &mut fmt::Formatter<'_>, id: Option<u32>) -> fmt::Result {
    match id {
        Some(id) => write!(f, " aspid={id}"),
        None => Ok(()),
    }
}

/// A one-line summary for traces, e.g. `DATA rc=2 opc=3 dpc=2 si=3 ni=2 mp=0 sls=5 len=117`
/// (`len` is the user data size). Parameters absent from the message are left out; unknown
/// parameters are counted (`unknown=1`).
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind().label())?;
        match self {
            Message::Err(m) => {
                write!(f, " code={}", m.error_code)?;
                routing_contexts(f, &m.routing_context)?;
                network_appearance(f, m.network_appearance)?;
                affected(f, &m.affected_point_codes)?;
                if let Some(diag) = &m.diagnostic_information {
                    write!(f, " diag={}B", diag.len())?;
                }
            }
            Message::Ntfy(m) => {
                write!(f, " status={}", m.status)?;
                asp_identifier(f, m.asp_identifier)?;
                routing_contexts(f, &m.routing_context)?;
                info(f, m.info_string.as_ref())?;
            }
            Message::Data(m) => {
                network_appearance(f, m.network_appearance)?;
                if let Some(rc) = m.routing_context {
                    write!(f, " rc={rc}")?;
                }
                let pd = &m.protocol_data;
                write!(
                    f,
                    " opc={} dpc={} si={} ni={} mp={} sls={} len={}",
                    pd.opc,
                    pd.dpc,
                    pd.si,
                    pd.ni,
                    pd.mp,
                    pd.sls,
                    pd.user_data.len()
                )?;
                if let Some(id) = m.correlation_id {
                    write!(f, " corr={id}")?;
                }
            }
            Message::Duna(m) | Message::Dava(m) | Message::Daud(m) | Message::Drst(m) => {
                network_appearance(f, m.network_appearance)?;
                routing_contexts(f, &m.routing_context)?;
                affected(f, &m.affected_point_codes)?;
                info(f, m.info_string.as_ref())?;
            }
            Message::Scon(m) => {
                network_appearance(f, m.network_appearance)?;
                routing_contexts(f, &m.routing_context)?;
                affected(f, &m.affected_point_codes)?;
                if let Some(cd) = m.concerned_destination {
                    write!(f, " concerned={}", cd.point_code)?;
                }
                if let Some(level) = m.congestion_level {
                    write!(f, " level={}", level.0)?;
                }
                info(f, m.info_string.as_ref())?;
            }
            Message::Dupu(m) => {
                network_appearance(f, m.network_appearance)?;
                routing_contexts(f, &m.routing_context)?;
                write!(
                    f,
                    " apc={} cause={} user={}",
                    m.affected_point_code, m.user_cause.cause, m.user_cause.user
                )?;
                info(f, m.info_string.as_ref())?;
            }
            Message::AspUp(m) | Message::AspUpAck(m) => {
                asp_identifier(f, m.asp_identifier)?;
                info(f, m.info_string.as_ref())?;
            }
            Message::AspDn(m) | Message::AspDnAck(m) => info(f, m.info_string.as_ref())?,
            Message::Beat(m) | Message::BeatAck(m) => {
                if let Some(data) = &m.heartbeat_data {
                    write!(f, " data={}B", data.len())?;
                }
            }
            Message::AspAc(m) | Message::AspAcAck(m) => {
                if let Some(tmt) = m.traffic_mode_type {
                    write!(f, " tmt={tmt}")?;
                }
                routing_contexts(f, &m.routing_context)?;
                info(f, m.info_string.as_ref())?;
            }
            Message::AspIa(m) | Message::AspIaAck(m) => {
                routing_contexts(f, &m.routing_context)?;
                info(f, m.info_string.as_ref())?;
            }
            Message::RegReq(m) => {
                for key in &m.routing_keys {
                    write!(f, " [{key}]")?;
                }
            }
            Message::RegRsp(m) => {
                for result in &m.registration_results {
                    write!(f, " [{result}]")?;
                }
            }
            Message::DeregReq(m) => routing_contexts(f, &m.routing_context)?,
            Message::DeregRsp(m) => {
                for result in &m.deregistration_results {
                    write!(f, " [{result}]")?;
                }
            }
        }
        let unknown = self.unknown_parameters().len();
        if unknown > 0 {
            write!(f, " unknown={unknown}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ProtocolData, TrafficModeType};

    #[test]
    fn every_kind_round_trips_empty_or_minimal() {
        for &kind in MessageKind::ALL {
            let msg = minimal(kind);
            assert_eq!(msg.kind(), kind);
            let wire = msg.to_bytes().unwrap();
            assert_eq!(wire.len(), msg.encoded_len());
            assert_eq!(Message::from_bytes(wire).unwrap(), msg, "{kind}");
        }
    }

    fn minimal(kind: MessageKind) -> Message {
        let ssnm = Ssnm {
            affected_point_codes: vec![MaskedPointCode::exact(1)],
            ..Ssnm::default()
        };
        match kind {
            MessageKind::ERR => Message::Err(ErrorMessage::default()),
            MessageKind::NTFY => Message::Ntfy(Notify {
                status: crate::Status::AS_ACTIVE,
                ..Notify::default()
            }),
            MessageKind::DATA => Message::Data(Data::default()),
            MessageKind::DUNA => Message::Duna(ssnm),
            MessageKind::DAVA => Message::Dava(ssnm),
            MessageKind::DAUD => Message::Daud(ssnm),
            MessageKind::DRST => Message::Drst(ssnm),
            MessageKind::SCON => Message::Scon(Scon {
                affected_point_codes: ssnm.affected_point_codes,
                ..Scon::default()
            }),
            MessageKind::DUPU => Message::Dupu(Dupu::default()),
            MessageKind::ASPUP => Message::AspUp(AspUp::default()),
            MessageKind::ASPUP_ACK => Message::AspUpAck(AspUp::default()),
            MessageKind::ASPDN => Message::AspDn(AspDn::default()),
            MessageKind::ASPDN_ACK => Message::AspDnAck(AspDn::default()),
            MessageKind::BEAT => Message::Beat(Beat::default()),
            MessageKind::BEAT_ACK => Message::BeatAck(Beat::default()),
            MessageKind::ASPAC => Message::AspAc(AspAc::default()),
            MessageKind::ASPAC_ACK => Message::AspAcAck(AspAc::default()),
            MessageKind::ASPIA => Message::AspIa(AspIa::default()),
            MessageKind::ASPIA_ACK => Message::AspIaAck(AspIa::default()),
            MessageKind::REG_REQ => Message::RegReq(RegReq {
                routing_keys: vec![crate::RoutingKey {
                    destination_point_codes: vec![MaskedPointCode::exact(2)],
                    ..Default::default()
                }],
                ..RegReq::default()
            }),
            MessageKind::REG_RSP => Message::RegRsp(RegRsp {
                registration_results: vec![Default::default()],
                ..RegRsp::default()
            }),
            MessageKind::DEREG_REQ => Message::DeregReq(DeregReq {
                routing_context: vec![1],
                ..DeregReq::default()
            }),
            MessageKind::DEREG_RSP => Message::DeregRsp(DeregRsp {
                deregistration_results: vec![Default::default()],
                ..DeregRsp::default()
            }),
            _ => unreachable!("MessageKind::ALL lists defined kinds only"),
        }
    }

    #[test]
    fn encode_refuses_oversized() {
        let data = Message::Data(Data {
            protocol_data: ProtocolData {
                user_data: Bytes::from(vec![0; 65_520]),
                ..ProtocolData::default()
            },
            ..Data::default()
        });
        assert_eq!(
            data.to_bytes(),
            Err(EncodeError::ParameterTooLong {
                tag: crate::ParameterTag::PROTOCOL_DATA,
                length: 65_532
            })
        );
        let data = Message::Data(Data {
            network_appearance: Some(1),
            protocol_data: ProtocolData {
                user_data: Bytes::from(vec![0; 65_519]),
                ..ProtocolData::default()
            },
            ..Data::default()
        });
        assert_eq!(
            data.to_bytes(),
            Err(EncodeError::MessageTooLong { length: 65_552 })
        );
        let mut small = [0u8; 10];
        let aspac = Message::AspAc(AspAc {
            traffic_mode_type: Some(TrafficModeType::OVERRIDE),
            ..AspAc::default()
        });
        assert_eq!(
            aspac.encode(&mut &mut small[..]),
            Err(EncodeError::BufferTooSmall {
                needed: 16,
                available: 10
            })
        );
        assert_eq!(small, [0; 10]);
    }
}
