//! SCCP routing control for a single local subsystem (Q.714 §2.3, connectionless), sans I/O.
//!
//! What arrives in an M3UA DATA is checked the way Q.714 routes a message whose destination is
//! this node, and either delivered to the TCAP layer with the [`Reply`] that answers it, returned
//! to its sender as a UDTS/XUDTS/LUDTS (when the sender asked for return on error, Q.714 §4.2),
//! or discarded with a [`Discard`] reason the caller counts and logs.
//!
//! | received | outcome |
//! |---|---|
//! | DATA whose SI is not SCCP, or whose DPC is not ours | discarded (an STP misrouted it) |
//! | not decodable as SCCP | discarded (no addresses to answer to) |
//! | UDTS/XUDTS/LUDTS | discarded, counted by return cause (an answer of ours was returned) |
//! | called party routed on SSN, SSN not ours | returned: unequipped user (Q.714 §2.8) |
//! | called party routed on GT, digits match no configured prefix | returned: no translation for this specific address |
//! | called party routed on GT with an SSN that is not ours | returned: unequipped user |
//! | XUDT segment | kept until the message is whole (T(reass), Q.714 §4.1.1.3) |
//! | otherwise | delivered; the answer swaps called and calling, same protocol class |
//!
//! A routing-on-GT called address without SSN is taken as addressed to us (the STP in front
//! translated it for our point code); our answer's calling party is then the address the switch
//! called, with our SSN added so the switch's SCCP can route its next message back to the same
//! subsystem.

use std::time::Instant;

use bytes::Bytes;
use m3ua::{Data, ProtocolData};
use sccp::{
    EncodeError, Message, Reassembler, ReassemblyConfig, ReturnCause, RoutingIndicator,
    SccpAddress, SubsystemNumber,
};

use crate::config::NodeConfig;

/// What became of a received DATA.
#[derive(Debug)]
pub enum Routed {
    /// For our subsystem: the TCAP message and how to answer it.
    Local {
        /// The TCAP message (SCCP user data).
        tcap: Bytes,
        /// How to send the answer back.
        reply: Reply,
    },
    /// Returned to its sender: send this DATA.
    Return {
        /// The M3UA DATA carrying the UDTS/XUDTS/LUDTS.
        data: Data,
        /// Why it was returned.
        cause: ReturnCause,
    },
    /// A segment of an XUDT kept until the rest arrives.
    Pending,
    /// Dropped.
    Discard(Discard),
}

/// Why a received DATA was dropped (a metric label each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Discard {
    /// The Service Indicator is not SCCP (3).
    NotSccp,
    /// The DPC is not our point code.
    NotOurPointCode,
    /// The SCCP message could not be decoded.
    Malformed,
    /// A message type we do not take (connection-oriented, or LUDT segments).
    Unsupported,
    /// A service message (UDTS and friends) for something we sent.
    Returned(ReturnCause),
    /// Not for us, and the sender did not ask for return on error.
    NotForUs(ReturnCause),
    /// XUDT reassembly failed.
    Reassembly,
}

impl Discard {
    /// Every [`name`](Self::name).
    pub const NAMES: [&'static str; 7] = [
        "not_sccp",
        "not_our_point_code",
        "malformed",
        "unsupported",
        "returned",
        "not_for_us",
        "reassembly",
    ];

    /// A stable name for metrics labels and logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::NotSccp => "not_sccp",
            Self::NotOurPointCode => "not_our_point_code",
            Self::Malformed => "malformed",
            Self::Unsupported => "unsupported",
            Self::Returned(_) => "returned",
            Self::NotForUs(_) => "not_for_us",
            Self::Reassembly => "reassembly",
        }
    }
}

/// How to answer a delivered message: the addresses swapped, the routing label reversed, the
/// same message family and protocol class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// Called party of the answer (the sender's calling party).
    pub called: SccpAddress,
    /// Calling party of the answer (us).
    pub calling: SccpAddress,
    /// The received protocol class (class 1 keeps a dialogue in sequence).
    pub protocol_class: sccp::ProtocolClass,
    /// M3UA routing context of the received DATA (the answer goes in the same AS).
    pub routing_context: Option<u32>,
    /// Network appearance of the received DATA.
    pub network_appearance: Option<u32>,
    /// Our point code (OPC of the answer).
    pub opc: u32,
    /// The sender's point code (DPC of the answer).
    pub dpc: u32,
    /// Network indicator.
    pub ni: u8,
    /// Message priority.
    pub mp: u8,
    /// SLS of the received message (the answer keeps the dialogue on one link).
    pub sls: u8,
    /// Answer with an XUDT (the request came as XUDT or LUDT).
    pub extended: bool,
}

impl Reply {
    /// The M3UA DATA carrying `tcap` back to the sender.
    pub fn wrap(&self, tcap: Bytes) -> Result<Data, EncodeError> {
        let user_data = if self.extended {
            sccp::Xudt::new(self.called.clone(), self.calling.clone(), tcap)
                .with_protocol_class(self.protocol_class)
                .to_bytes()?
        } else {
            sccp::Udt::new(self.called.clone(), self.calling.clone(), tcap)
                .with_protocol_class(self.protocol_class)
                .to_bytes()?
        };
        Ok(Data {
            network_appearance: self.network_appearance,
            routing_context: self.routing_context,
            protocol_data: ProtocolData {
                opc: self.opc,
                dpc: self.dpc,
                si: 3,
                ni: self.ni,
                mp: self.mp,
                sls: self.sls,
                user_data,
            },
            ..Data::default()
        })
    }
}

/// Counters of the router.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Messages delivered to TCAP.
    pub delivered: u64,
    /// Messages returned with a service message.
    pub returned: u64,
    /// Messages dropped.
    pub discarded: u64,
}

/// The router of one worker (the reassembler is per worker: segments of one message arrive on
/// one association and carry the same SLS, so they reach the same worker).
#[derive(Debug)]
pub struct Router {
    point_code: u32,
    ssn: SubsystemNumber,
    gt_prefixes: Vec<String>,
    reassembler: Reassembler,
    stats: Stats,
}

impl Router {
    /// A router for our node.
    pub fn new(node: &NodeConfig) -> Self {
        Self {
            point_code: node.point_code,
            ssn: SubsystemNumber(node.ssn),
            gt_prefixes: node.accept_gt_prefixes.clone(),
            reassembler: Reassembler::new(ReassemblyConfig::default()),
            stats: Stats::default(),
        }
    }

    /// Counters so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Routes one received DATA.
    pub fn route(&mut self, data: &Data, now: Instant) -> Routed {
        let routed = self.route_inner(data, now);
        match &routed {
            Routed::Local { .. } => self.stats.delivered += 1,
            Routed::Return { .. } => self.stats.returned += 1,
            Routed::Discard(_) => self.stats.discarded += 1,
            Routed::Pending => {}
        }
        routed
    }

    fn route_inner(&mut self, data: &Data, now: Instant) -> Routed {
        let pd = &data.protocol_data;
        if pd.si != 3 {
            return Routed::Discard(Discard::NotSccp);
        }
        if pd.dpc != self.point_code {
            return Routed::Discard(Discard::NotOurPointCode);
        }
        let Ok(message) = Message::decode(&pd.user_data) else {
            return Routed::Discard(Discard::Malformed);
        };
        let (called, calling, class, extended) = match &message {
            Message::Udt(m) => (&m.called_party, &m.calling_party, m.protocol_class, false),
            Message::Xudt(m) => (&m.called_party, &m.calling_party, m.protocol_class, true),
            Message::Ludt(m) => (&m.called_party, &m.calling_party, m.protocol_class, true),
            Message::Udts(m) => return Routed::Discard(Discard::Returned(m.return_cause)),
            Message::Xudts(m) => return Routed::Discard(Discard::Returned(m.return_cause)),
            Message::Ludts(m) => return Routed::Discard(Discard::Returned(m.return_cause)),
        };
        if let Some(cause) = self.refuse(called) {
            return match message.error_return(cause) {
                Some(back) => match back.to_bytes() {
                    Ok(user_data) => Routed::Return {
                        data: Data {
                            network_appearance: data.network_appearance,
                            routing_context: data.routing_context,
                            protocol_data: pd.answer(user_data),
                            ..Data::default()
                        },
                        cause,
                    },
                    Err(_) => Routed::Discard(Discard::NotForUs(cause)),
                },
                None => Routed::Discard(Discard::NotForUs(cause)),
            };
        }
        let mut answer_calling = called.clone();
        if answer_calling.ssn.is_none() {
            answer_calling.ssn = Some(self.ssn);
        }
        let reply = Reply {
            called: calling.clone(),
            calling: answer_calling,
            protocol_class: class,
            routing_context: data.routing_context,
            network_appearance: data.network_appearance,
            opc: pd.dpc,
            dpc: pd.opc,
            ni: pd.ni,
            mp: pd.mp,
            sls: pd.sls,
            extended,
        };
        let tcap = match &message {
            Message::Udt(m) => m.data.clone(),
            Message::Xudt(m) => match self.reassembler.handle_segment(now, m) {
                Ok(Some(whole)) => whole,
                Ok(None) => return Routed::Pending,
                Err(_) => return Routed::Discard(Discard::Reassembly),
            },
            Message::Ludt(m) => {
                if m.optional.segmentation().is_some() {
                    return Routed::Discard(Discard::Unsupported);
                }
                m.data.clone()
            }
            _ => return Routed::Discard(Discard::Unsupported),
        };
        Routed::Local { tcap, reply }
    }

    /// Why a message with this called party is not ours, if it is not.
    fn refuse(&self, called: &SccpAddress) -> Option<ReturnCause> {
        match called.routing_indicator {
            RoutingIndicator::SubsystemNumber => match called.ssn {
                Some(ssn) if ssn == self.ssn => None,
                _ => Some(ReturnCause::UNEQUIPPED_USER),
            },
            RoutingIndicator::GlobalTitle => {
                if let Some(ssn) = called.ssn
                    && ssn != self.ssn
                    && ssn != SubsystemNumber::UNKNOWN
                {
                    return Some(ReturnCause::UNEQUIPPED_USER);
                }
                if self.gt_prefixes.is_empty() {
                    return None;
                }
                let digits = called.digits().map(|d| d.as_str()).unwrap_or("");
                if self
                    .gt_prefixes
                    .iter()
                    .any(|p| digits.starts_with(p.as_str()))
                {
                    None
                } else {
                    Some(ReturnCause::NO_TRANSLATION_FOR_ADDRESS)
                }
            }
        }
    }

    /// Next reassembly deadline.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.reassembler.poll_timeout()
    }

    /// Fires the reassembly timer.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.reassembler.handle_timeout(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sccp::{ProtocolClass, Udt};

    fn router(prefixes: &[&str]) -> Router {
        let node = NodeConfig {
            accept_gt_prefixes: prefixes.iter().map(|s| s.to_string()).collect(),
            ..NodeConfig::default()
        };
        Router::new(&node)
    }

    fn data(udt: &Udt, dpc: u32) -> Data {
        Data {
            network_appearance: None,
            routing_context: Some(2),
            protocol_data: ProtocolData {
                opc: 3,
                dpc,
                si: 3,
                ni: 2,
                mp: 0,
                sls: 7,
                user_data: udt.to_bytes().unwrap(),
            },
            ..Data::default()
        }
    }

    fn udt(called: SccpAddress, class: ProtocolClass) -> Udt {
        let calling = SccpAddress::e164("821099990000", SubsystemNumber::INAP).unwrap();
        Udt::new(called, calling, Bytes::from_static(b"\x62\x00")).with_protocol_class(class)
    }

    #[test]
    fn gt_routed_message_is_delivered_and_answered_with_addresses_swapped() {
        let mut r = router(&[]);
        let called = SccpAddress::e164("8250412345678", SubsystemNumber::INAP).unwrap();
        let m = udt(called.clone(), ProtocolClass::CLASS_1_RETURN_ON_ERROR);
        let Routed::Local { tcap, reply } = r.route(&data(&m, 2), Instant::now()) else {
            panic!("not delivered");
        };
        assert_eq!(&tcap[..], b"\x62\x00");
        assert_eq!(reply.called, m.calling_party);
        assert_eq!(reply.calling, called);
        assert_eq!((reply.opc, reply.dpc, reply.sls), (2, 3, 7));
        let back = reply.wrap(Bytes::from_static(b"\x64\x00")).unwrap();
        let Ok(Message::Udt(answer)) = Message::decode(&back.protocol_data.user_data) else {
            panic!()
        };
        assert_eq!(
            answer.protocol_class,
            ProtocolClass::CLASS_1_RETURN_ON_ERROR
        );
        assert_eq!(answer.called_party, m.calling_party);
        assert_eq!(back.routing_context, Some(2));
        assert_eq!(r.stats().delivered, 1);
    }

    #[test]
    fn gt_without_ssn_gets_ours_in_the_answer() {
        let mut r = router(&[]);
        let gt = SccpAddress::e164("8250412345678", SubsystemNumber::INAP).unwrap();
        let called = SccpAddress { ssn: None, ..gt };
        let m = udt(called, ProtocolClass::CLASS_0);
        let Routed::Local { reply, .. } = r.route(&data(&m, 2), Instant::now()) else {
            panic!()
        };
        assert_eq!(reply.calling.ssn, Some(SubsystemNumber::INAP));
    }

    #[test]
    fn wrong_ssn_is_returned_as_unequipped_user_when_asked() {
        let mut r = router(&[]);
        let called = SccpAddress::from_point_code_ssn(
            sccp::PointCode::new(2).unwrap(),
            SubsystemNumber::MSC,
        );
        let m = udt(called.clone(), ProtocolClass::CLASS_0_RETURN_ON_ERROR);
        let Routed::Return { data: back, cause } = r.route(&data(&m, 2), Instant::now()) else {
            panic!("not returned")
        };
        assert_eq!(cause, ReturnCause::UNEQUIPPED_USER);
        let Ok(Message::Udts(udts)) = Message::decode(&back.protocol_data.user_data) else {
            panic!()
        };
        assert_eq!(udts.return_cause, ReturnCause::UNEQUIPPED_USER);
        assert_eq!(udts.called_party, m.calling_party);
        assert_eq!((back.protocol_data.opc, back.protocol_data.dpc), (2, 3));
        // Without return option: dropped.
        let m = udt(called, ProtocolClass::CLASS_0);
        assert!(matches!(
            r.route(&data(&m, 2), Instant::now()),
            Routed::Discard(Discard::NotForUs(ReturnCause::UNEQUIPPED_USER))
        ));
    }

    #[test]
    fn gt_prefixes_select_what_is_ours() {
        let mut r = router(&["82504"]);
        let ours = SccpAddress::e164("8250412345678", SubsystemNumber::INAP).unwrap();
        let theirs = SccpAddress::e164("8260000000000", SubsystemNumber::INAP).unwrap();
        assert!(matches!(
            r.route(&data(&udt(ours, ProtocolClass::CLASS_1), 2), Instant::now()),
            Routed::Local { .. }
        ));
        assert!(matches!(
            r.route(
                &data(&udt(theirs, ProtocolClass::CLASS_1_RETURN_ON_ERROR), 2),
                Instant::now()
            ),
            Routed::Return {
                cause: ReturnCause::NO_TRANSLATION_FOR_ADDRESS,
                ..
            }
        ));
    }

    #[test]
    fn misrouted_or_malformed_data_is_discarded() {
        let mut r = router(&[]);
        let called = SccpAddress::e164("8250412345678", SubsystemNumber::INAP).unwrap();
        let m = udt(called, ProtocolClass::CLASS_1);
        assert!(matches!(
            r.route(&data(&m, 9), Instant::now()),
            Routed::Discard(Discard::NotOurPointCode)
        ));
        let mut d = data(&m, 2);
        d.protocol_data.si = 5;
        assert!(matches!(
            r.route(&d, Instant::now()),
            Routed::Discard(Discard::NotSccp)
        ));
        let whole = data(&m, 2).protocol_data.user_data;
        for cut in 0..whole.len() {
            let mut d = data(&m, 2);
            d.protocol_data.user_data = whole.slice(..cut);
            assert!(
                matches!(r.route(&d, Instant::now()), Routed::Discard(_)),
                "prefix {cut} was not discarded"
            );
        }
        assert_eq!(r.stats().discarded as usize, 2 + whole.len());
    }
}
