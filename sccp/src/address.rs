//! Called and calling party addresses (Q.713 §3.4, §3.5).

use core::fmt;

use bytes::{BufMut, Bytes};

use crate::code_point::code_point;
use crate::digits::Digits;
use crate::error::{AddressError, DigitsError, EncodeError};
use crate::global_title::{GlobalTitle, GlobalTitleIndicator, GtHeader, GtValue};

/// The routing indicator, bit 7 of the address indicator (Q.713 §3.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum RoutingIndicator {
    /// 0: route on global title.
    GlobalTitle,
    /// 1: route on DPC + subsystem number.
    SubsystemNumber,
}

impl fmt::Display for RoutingIndicator {
    /// `gt` or `ssn`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::GlobalTitle => "gt",
            Self::SubsystemNumber => "ssn",
        })
    }
}

/// The address indicator octet (Q.713 §3.4.1).
///
/// ```text
///    8          7          6   5   4   3      2       1
/// +--------+----------+---------------+-------+-------+
/// | nat'l  | routing  |  global title | SSN   | PC    |
/// | use    | indicator|  indicator    | ind.  | ind.  |
/// +--------+----------+---------------+-------+-------+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct AddressIndicator(pub u8);

impl AddressIndicator {
    /// Bit 8, reserved for national use.
    pub const fn national_use(self) -> bool {
        self.0 & 0x80 != 0
    }

    /// Bit 7.
    pub const fn routing_indicator(self) -> RoutingIndicator {
        if self.0 & 0x40 != 0 {
            RoutingIndicator::SubsystemNumber
        } else {
            RoutingIndicator::GlobalTitle
        }
    }

    /// Bits 3–6.
    pub const fn global_title_indicator(self) -> GlobalTitleIndicator {
        GlobalTitleIndicator((self.0 >> 2) & 0x0f)
    }

    /// Bit 2: a subsystem number is included.
    pub const fn ssn_indicator(self) -> bool {
        self.0 & 0x02 != 0
    }

    /// Bit 1: a point code is included.
    pub const fn point_code_indicator(self) -> bool {
        self.0 & 0x01 != 0
    }
}

/// A 14-bit ITU signalling point code (Q.713 §3.4.2.1), sent in two octets least significant
/// first with the top two bits spare.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct PointCode(u16);

impl PointCode {
    /// The largest point code, 16383.
    pub const MAX: Self = Self(0x3fff);

    /// A point code of `value`, which must fit 14 bits.
    pub const fn new(value: u16) -> Option<Self> {
        if value <= Self::MAX.0 {
            Some(Self(value))
        } else {
            None
        }
    }

    /// The point code from its 3-8-3 notation (zone 0–7, area/network 0–255, signalling point
    /// 0–7).
    pub const fn from_3_8_3(zone: u8, area: u8, point: u8) -> Option<Self> {
        if zone > 7 || point > 7 {
            return None;
        }
        Some(Self(
            ((zone as u16) << 11) | ((area as u16) << 3) | point as u16,
        ))
    }

    /// The 14-bit value.
    pub const fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Debug for PointCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PointCode({} = {}-{}-{})",
            self.0,
            self.0 >> 11,
            (self.0 >> 3) & 0xff,
            self.0 & 7
        )
    }
}

impl fmt::Display for PointCode {
    /// The decimal value, as Wireshark shows ITU point codes by default.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

code_point! {
    /// Subsystem number (Q.713 §3.4.2.2), with the 3GPP TS 23.003 §8.1 allocations for GSM/UMTS
    /// and the usual INAP numbers.
    pub struct SubsystemNumber(u8);
    /// 0: SSN not known/not used.
    UNKNOWN = 0, "SSN not known/not used";
    /// 1: SCCP management.
    SCCP_MANAGEMENT = 1, "SCCP management";
    /// 2: reserved for ITU-T allocation.
    RESERVED_ITU = 2, "reserved for ITU-T allocation";
    /// 3: ISDN user part.
    ISUP = 3, "ISDN user part";
    /// 4: OMAP.
    OMAP = 4, "OMAP";
    /// 5: MAP.
    MAP = 5, "MAP";
    /// 6: HLR.
    HLR = 6, "HLR";
    /// 7: VLR.
    VLR = 7, "VLR";
    /// 8: MSC.
    MSC = 8, "MSC";
    /// 9: EIR.
    EIR = 9, "EIR";
    /// 10: AUC.
    AUC = 10, "AUC";
    /// 11: ISDN supplementary services.
    ISDN_SUPPLEMENTARY_SERVICES = 11, "ISDN supplementary services";
    /// 12: reserved for international use.
    RESERVED_INTERNATIONAL = 12, "reserved for international use";
    /// 13: broadband ISDN edge-to-edge applications.
    BROADBAND_ISDN_EDGE_TO_EDGE = 13, "broadband ISDN edge-to-edge applications";
    /// 14: TC test responder.
    TC_TEST_RESPONDER = 14, "TC test responder";
    /// 106: INAP in many national networks (not a Q.713 allocation; one of Wireshark's default
    /// INAP SSNs).
    INAP_NATIONAL = 106, "INAP (national allocation)";
    /// 142: RANAP (3GPP).
    RANAP = 142, "RANAP";
    /// 143: RNSAP (3GPP).
    RNSAP = 143, "RNSAP";
    /// 145: GMLC (MAP) (3GPP).
    GMLC = 145, "GMLC (MAP)";
    /// 146: CAP (3GPP).
    CAP = 146, "CAP";
    /// 147: gsmSCF (MAP) or IM-SSF (MAP) (3GPP).
    GSM_SCF = 147, "gsmSCF (MAP)";
    /// 148: SIWF (MAP) (3GPP).
    SIWF = 148, "SIWF (MAP)";
    /// 149: SGSN (MAP) (3GPP).
    SGSN = 149, "SGSN (MAP)";
    /// 150: GGSN (MAP) (3GPP).
    GGSN = 150, "GGSN (MAP)";
    /// 241: INAP (ETSI; Wireshark's other default INAP SSN).
    INAP = 241, "INAP";
    /// 249: PCAP (3GPP).
    PCAP = 249, "PCAP";
    /// 250: BSC (BSSAP-LE) (3GPP).
    BSC_BSSAP_LE = 250, "BSC (BSSAP-LE)";
    /// 251: MSC (BSSAP-LE) (3GPP).
    MSC_BSSAP_LE = 251, "MSC (BSSAP-LE)";
    /// 252: SMLC (BSSAP-LE) (3GPP).
    SMLC_BSSAP_LE = 252, "SMLC (BSSAP-LE)";
    /// 253: BSS O&M (A interface) (3GPP).
    BSS_OM = 253, "BSS O&M";
    /// 254: BSSAP (A interface) (3GPP).
    BSSAP = 254, "BSSAP";
    /// 255: reserved for expansion.
    EXPANSION = 255, "reserved for expansion";
}

/// A called or calling party address (Q.713 §3.4): address indicator, then the point code, the
/// subsystem number and the global title, each when present.
///
/// The address indicator is not stored; it follows from the fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SccpAddress {
    /// Bit 8 of the address indicator, reserved for national use.
    pub national_use: bool,
    /// Route on global title or on SSN.
    pub routing_indicator: RoutingIndicator,
    /// The signalling point code, when included.
    pub point_code: Option<PointCode>,
    /// The subsystem number, when included.
    pub ssn: Option<SubsystemNumber>,
    /// The global title, when included.
    pub global_title: Option<GlobalTitle>,
}

impl SccpAddress {
    /// Route on SSN with only a subsystem number.
    pub fn from_ssn(ssn: SubsystemNumber) -> Self {
        Self {
            national_use: false,
            routing_indicator: RoutingIndicator::SubsystemNumber,
            point_code: None,
            ssn: Some(ssn),
            global_title: None,
        }
    }

    /// Route on SSN with only a point code.
    pub fn from_point_code(point_code: PointCode) -> Self {
        Self {
            national_use: false,
            routing_indicator: RoutingIndicator::SubsystemNumber,
            point_code: Some(point_code),
            ssn: None,
            global_title: None,
        }
    }

    /// Route on SSN with a point code and a subsystem number.
    pub fn from_point_code_ssn(point_code: PointCode, ssn: SubsystemNumber) -> Self {
        Self {
            point_code: Some(point_code),
            ..Self::from_ssn(ssn)
        }
    }

    /// Route on global title, with only the global title.
    pub fn from_global_title(global_title: GlobalTitle) -> Self {
        Self {
            national_use: false,
            routing_indicator: RoutingIndicator::GlobalTitle,
            point_code: None,
            ssn: None,
            global_title: Some(global_title),
        }
    }

    /// Route on global title: an E.164 international number ([`GlobalTitle::e164`]) and a
    /// subsystem number, the address of the VNS vectors.
    pub fn e164(digits: &str, ssn: SubsystemNumber) -> Result<Self, DigitsError> {
        Ok(Self::from_global_title(GlobalTitle::e164(Digits::new(digits)?)).with_ssn(ssn))
    }

    /// The same address with a subsystem number.
    pub fn with_ssn(mut self, ssn: SubsystemNumber) -> Self {
        self.ssn = Some(ssn);
        self
    }

    /// The same address with a point code.
    pub fn with_point_code(mut self, point_code: PointCode) -> Self {
        self.point_code = Some(point_code);
        self
    }

    /// The same address with another routing indicator.
    pub fn with_routing_indicator(mut self, routing_indicator: RoutingIndicator) -> Self {
        self.routing_indicator = routing_indicator;
        self
    }

    /// The address indicator this address is sent with.
    pub fn address_indicator(&self) -> AddressIndicator {
        let mut ai = 0u8;
        if self.national_use {
            ai |= 0x80;
        }
        if self.routing_indicator == RoutingIndicator::SubsystemNumber {
            ai |= 0x40;
        }
        let gti = self.global_title.as_ref().map_or(
            GlobalTitleIndicator::NO_GLOBAL_TITLE,
            GlobalTitle::indicator,
        );
        ai |= (gti.0 & 0x0f) << 2;
        if self.ssn.is_some() {
            ai |= 0x02;
        }
        if self.point_code.is_some() {
            ai |= 0x01;
        }
        AddressIndicator(ai)
    }

    /// The digits of the global title, if it has BCD digits.
    pub fn digits(&self) -> Option<&Digits> {
        self.global_title.as_ref().and_then(GlobalTitle::digits)
    }

    /// Decodes an address from its value octets (after the length indicator), which start at
    /// message offset `offset`. On error, returns the offset of the faulty octet and the reason.
    pub(crate) fn decode(value: &Bytes, offset: usize) -> Result<Self, (usize, AddressError)> {
        // Q.713 §3.4.1: the address indicator is always there.
        let Some(&ai) = value.first() else {
            return Err((offset, AddressError::Empty));
        };
        let ai = AddressIndicator(ai);
        let mut pos = 1;
        let point_code = if ai.point_code_indicator() {
            // Q.713 §3.4.2.1: two octets, LSB first, bits 15-16 spare (ignored, §2.8).
            let (Some(&lo), Some(&hi)) = (value.get(pos), value.get(pos + 1)) else {
                return Err((offset + pos, AddressError::MissingPointCode));
            };
            pos += 2;
            Some(PointCode(u16::from_le_bytes([lo, hi]) & PointCode::MAX.0))
        } else {
            None
        };
        let ssn = if ai.ssn_indicator() {
            // Q.713 §3.4.2.2: one octet.
            let Some(&ssn) = value.get(pos) else {
                return Err((offset + pos, AddressError::MissingSubsystemNumber));
            };
            pos += 1;
            Some(SubsystemNumber(ssn))
        } else {
            None
        };
        let gti = ai.global_title_indicator();
        let global_title = if gti == GlobalTitleIndicator::NO_GLOBAL_TITLE {
            if pos != value.len() {
                return Err((offset + pos, AddressError::TrailingOctets));
            }
            None
        } else {
            // Q.713 §3.4.2.3: the global title runs to the end of the address.
            Some(GlobalTitle::decode(gti, &value.slice(pos..), offset + pos)?)
        };
        Ok(Self {
            national_use: ai.national_use(),
            routing_indicator: ai.routing_indicator(),
            point_code,
            ssn,
            global_title,
        })
    }

    /// The encoded length of the address value (without its length indicator); validates the
    /// global title.
    pub(crate) fn encoded_len(&self) -> Result<usize, EncodeError> {
        let gt = match &self.global_title {
            Some(gt) => gt.encoded_len()?,
            None => 0,
        };
        Ok(
            1 + if self.point_code.is_some() { 2 } else { 0 }
                + usize::from(self.ssn.is_some())
                + gt,
        )
    }

    /// Writes the address value; [`Self::encoded_len`] has validated it.
    pub(crate) fn write(&self, out: &mut impl BufMut) {
        out.put_u8(self.address_indicator().0);
        if let Some(pc) = self.point_code {
            out.put_u16_le(pc.0);
        }
        if let Some(ssn) = self.ssn {
            out.put_u8(ssn.0);
        }
        if let Some(gt) = &self.global_title {
            gt.write(out);
        }
    }
}

/// One line: `ri=gt gti=4 tt=0 np=1 nai=4 pc=… ssn=241 gt=8250412345678` (fields present only
/// when the address has them; `nat` first when the national-use bit is set; `es=` before the
/// raw hex of non-BCD address information).
impl fmt::Display for SccpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.national_use {
            f.write_str("nat ")?;
        }
        let gti = self.address_indicator().global_title_indicator();
        write!(f, "ri={} gti={}", self.routing_indicator, gti.0)?;
        if let Some(gt) = &self.global_title {
            write!(f, "{}", GtHeader(gt))?;
        }
        if let Some(pc) = self.point_code {
            write!(f, " pc={pc}")?;
        }
        if let Some(ssn) = self.ssn {
            write!(f, " ssn={}", ssn.0)?;
        }
        if let Some(gt) = &self.global_title {
            write!(f, " gt={}", GtValue(gt))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(octets: &'static [u8]) -> Result<SccpAddress, (usize, AddressError)> {
        SccpAddress::decode(&Bytes::from_static(octets), 5)
    }

    #[test]
    fn vector_address() {
        // AI 0x12: route on GT, GTI 4, SSN present; SSN 241; TT 0; NP 1 / ES 1; NAI 4.
        let octets = [
            0x12, 0xf1, 0x00, 0x11, 0x04, 0x28, 0x05, 0x14, 0x32, 0x54, 0x76, 0x08,
        ];
        let a = SccpAddress::decode(&Bytes::copy_from_slice(&octets), 0).unwrap();
        assert_eq!(
            a,
            SccpAddress::e164("8250412345678", SubsystemNumber::INAP).unwrap()
        );
        assert_eq!(
            a.to_string(),
            "ri=gt gti=4 tt=0 np=1 nai=4 ssn=241 gt=8250412345678"
        );
        let mut out = Vec::new();
        assert_eq!(a.encoded_len().unwrap(), octets.len());
        a.write(&mut out);
        assert_eq!(out, octets);
    }

    #[test]
    fn pc_and_ssn_only() {
        // AI 0x43: route on SSN, PC and SSN present. PC 0x1234 with spare bits set.
        let a = decode(&[0x43, 0x34, 0xd2, 0x08]).unwrap();
        assert_eq!(a.point_code, PointCode::new(0x1234));
        assert_eq!(a.ssn, Some(SubsystemNumber::MSC));
        assert_eq!(a.to_string(), "ri=ssn gti=0 pc=4660 ssn=8");
        let mut out = Vec::new();
        a.write(&mut out);
        // The spare bits go out as zero.
        assert_eq!(out, [0x43, 0x34, 0x12, 0x08]);
        assert_eq!(
            PointCode::from_3_8_3(2, 70, 4),
            PointCode::new((2 << 11) | (70 << 3) | 4)
        );
        assert_eq!(PointCode::new(0x4000), None);
    }

    #[test]
    fn malformed() {
        assert_eq!(
            SccpAddress::decode(&Bytes::new(), 5),
            Err((5, AddressError::Empty))
        );
        assert_eq!(
            decode(&[0x41, 0x01]),
            Err((6, AddressError::MissingPointCode))
        );
        assert_eq!(
            decode(&[0x43, 0x01, 0x00]),
            Err((8, AddressError::MissingSubsystemNumber))
        );
        assert_eq!(
            decode(&[0x42, 0x08, 0x00]),
            Err((7, AddressError::TrailingOctets))
        );
        assert_eq!(
            decode(&[0x12, 0x08, 0x00]),
            Err((8, AddressError::TruncatedGlobalTitle))
        );
    }

    #[test]
    fn indicator_bits() {
        let a = SccpAddress {
            national_use: true,
            ..SccpAddress::from_point_code(PointCode::MAX)
        };
        let ai = a.address_indicator();
        assert_eq!(ai.0, 0xc1);
        assert!(ai.national_use() && ai.point_code_indicator() && !ai.ssn_indicator());
        assert_eq!(a.to_string(), "nat ri=ssn gti=0 pc=16383");
    }
}
