//! Global titles (Q.713 §3.4.2.3) and their code points.

use core::fmt;

use bytes::{BufMut, Bytes};

use crate::code_point::code_point;
use crate::digits::Digits;
use crate::error::{AddressError, EncodeError};

code_point! {
    /// Global title indicator, bits 3–6 of the address indicator (Q.713 §3.4.1).
    pub struct GlobalTitleIndicator(u8);
    /// `0000`: no global title.
    NO_GLOBAL_TITLE = 0, "no global title included";
    /// `0001`: nature of address indicator only.
    NAI_ONLY = 1, "nature of address indicator only";
    /// `0010`: translation type only.
    TT_ONLY = 2, "translation type only";
    /// `0011`: translation type, numbering plan and encoding scheme.
    TT_NP_ES = 3, "translation type, numbering plan and encoding scheme";
    /// `0100`: translation type, numbering plan, encoding scheme and nature of address indicator.
    TT_NP_ES_NAI = 4, "translation type, numbering plan, encoding scheme and nature of address indicator";
    /// `1111`: reserved for extension.
    EXTENSION = 15, "reserved for extension";
}

code_point! {
    /// Translation type (Q.713 §3.4.2.3.2): 0 unknown, 1–63 international services, 64–127
    /// spare, 128–254 national network specific, 255 reserved.
    pub struct TranslationType(u8);
    /// 0: unknown / not used.
    UNKNOWN = 0, "unknown";
    /// 255: reserved for expansion.
    RESERVED = 255, "reserved for expansion";
}

code_point! {
    /// Numbering plan, four bits (Q.713 §3.4.2.3.3).
    pub struct NumberingPlan(u8);
    /// 0: unknown.
    UNKNOWN = 0, "unknown";
    /// 1: ISDN/telephony numbering plan (E.163 and E.164).
    ISDN_TELEPHONY = 1, "ISDN/telephony numbering plan (E.164)";
    /// 2: generic numbering plan.
    GENERIC = 2, "generic numbering plan";
    /// 3: data numbering plan (X.121).
    DATA = 3, "data numbering plan (X.121)";
    /// 4: telex numbering plan (F.69).
    TELEX = 4, "telex numbering plan (F.69)";
    /// 5: maritime mobile numbering plan (E.210, E.211).
    MARITIME_MOBILE = 5, "maritime mobile numbering plan (E.210, E.211)";
    /// 6: land mobile numbering plan (E.212).
    LAND_MOBILE = 6, "land mobile numbering plan (E.212)";
    /// 7: ISDN/mobile numbering plan (E.214).
    ISDN_MOBILE = 7, "ISDN/mobile numbering plan (E.214)";
    /// 14: private network or network-specific numbering plan.
    PRIVATE = 14, "private network or network-specific numbering plan";
    /// 15: reserved.
    RESERVED = 15, "reserved";
}

code_point! {
    /// Encoding scheme, four bits (Q.713 §3.4.2.3.3).
    pub struct EncodingScheme(u8);
    /// 0: unknown.
    UNKNOWN = 0, "unknown";
    /// 1: BCD, odd number of digits.
    BCD_ODD = 1, "BCD, odd number of digits";
    /// 2: BCD, even number of digits.
    BCD_EVEN = 2, "BCD, even number of digits";
    /// 3: national specific.
    NATIONAL_SPECIFIC = 3, "national specific";
    /// 15: reserved.
    RESERVED = 15, "reserved";
}

code_point! {
    /// Nature of address indicator, seven bits (Q.713 §3.4.2.3.1): 5–111 spare, 112–126
    /// reserved for national use, 127 reserved.
    pub struct NatureOfAddress(u8);
    /// 0: unknown.
    UNKNOWN = 0, "unknown";
    /// 1: subscriber number.
    SUBSCRIBER_NUMBER = 1, "subscriber number";
    /// 2: reserved for national use.
    RESERVED_NATIONAL = 2, "reserved for national use";
    /// 3: national significant number.
    NATIONAL_SIGNIFICANT_NUMBER = 3, "national significant number";
    /// 4: international number.
    INTERNATIONAL_NUMBER = 4, "international number";
}

/// A global title (Q.713 §3.4.2.3), by global title indicator.
///
/// The odd/even indicator (GTI 0001) and the BCD encoding schemes (GTI 0011, 0100) are not
/// stored: they follow from the number of [`Digits`] when encoding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum GlobalTitle {
    /// GTI `0001` (§3.4.2.3.1): odd/even indicator and nature of address, BCD digits.
    NaiOnly {
        /// Nature of address indicator (7 bits).
        nature_of_address: NatureOfAddress,
        /// The address signals.
        digits: Digits,
    },
    /// GTI `0010` (§3.4.2.3.2): translation type only. The address information is read as BCD
    /// with an even number of digits (the format says nothing more; Wireshark does the same).
    TtOnly {
        /// Translation type.
        translation_type: TranslationType,
        /// The address signals (an even number).
        digits: Digits,
    },
    /// GTI `0011` (§3.4.2.3.3): translation type, numbering plan, encoding scheme.
    TtNpEs {
        /// Translation type.
        translation_type: TranslationType,
        /// Numbering plan (4 bits).
        numbering_plan: NumberingPlan,
        /// The address information (its encoding scheme goes in the NP/ES octet).
        address: AddressInformation,
    },
    /// GTI `0100` (§3.4.2.3.4): translation type, numbering plan, encoding scheme, nature of
    /// address.
    TtNpEsNai {
        /// Translation type.
        translation_type: TranslationType,
        /// Numbering plan (4 bits).
        numbering_plan: NumberingPlan,
        /// Nature of address indicator (7 bits).
        nature_of_address: NatureOfAddress,
        /// The address information (its encoding scheme goes in the NP/ES octet).
        address: AddressInformation,
    },
    /// GTI `0101`–`1111` (spare, national, reserved for extension): kept as raw octets.
    Other {
        /// The global title indicator, 5–15.
        indicator: GlobalTitleIndicator,
        /// Everything after the SSN (or point code) to the end of the address.
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::serde_hex::serialize")
        )]
        octets: Bytes,
    },
}

/// The address information of a GTI 0011/0100 global title, by encoding scheme.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum AddressInformation {
    /// Encoding scheme 1 (BCD odd) or 2 (BCD even), chosen by the number of digits.
    Bcd(Digits),
    /// Any other encoding scheme (unknown, national specific, spare): the raw octets.
    Other {
        /// The encoding scheme (not 1 or 2).
        encoding_scheme: EncodingScheme,
        /// The address information octets.
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::serde_hex::serialize")
        )]
        octets: Bytes,
    },
}

impl AddressInformation {
    /// The encoding scheme sent for this address information.
    pub fn encoding_scheme(&self) -> EncodingScheme {
        match self {
            Self::Bcd(d) if d.is_odd() => EncodingScheme::BCD_ODD,
            Self::Bcd(_) => EncodingScheme::BCD_EVEN,
            Self::Other {
                encoding_scheme, ..
            } => *encoding_scheme,
        }
    }

    /// The digits when BCD coded.
    pub fn digits(&self) -> Option<&Digits> {
        match self {
            Self::Bcd(d) => Some(d),
            Self::Other { .. } => None,
        }
    }

    /// Q.713 §3.4.2.3.3: the encoding scheme says how the address information is coded.
    /// `octets[start..]` is the address information; only a non-BCD scheme takes a (zero-copy)
    /// slice of `octets`, so the common BCD case touches no reference count.
    fn decode(
        encoding_scheme: EncodingScheme,
        octets: &Bytes,
        start: usize,
        offset: usize,
    ) -> Result<Self, (usize, AddressError)> {
        let info = octets.get(start..).unwrap_or(&[]);
        match encoding_scheme {
            EncodingScheme::BCD_ODD if info.is_empty() => {
                Err((offset, AddressError::OddWithoutDigits))
            }
            EncodingScheme::BCD_ODD => Ok(Self::Bcd(Digits::from_bcd(info, true))),
            EncodingScheme::BCD_EVEN => Ok(Self::Bcd(Digits::from_bcd(info, false))),
            _ => Ok(Self::Other {
                encoding_scheme,
                octets: octets.slice(start.min(octets.len())..),
            }),
        }
    }

    fn encoded_len(&self) -> usize {
        match self {
            Self::Bcd(d) => d.bcd_len(),
            Self::Other { octets, .. } => octets.len(),
        }
    }

    fn validate(&self) -> Result<(), EncodeError> {
        match self {
            Self::Bcd(_) => Ok(()),
            Self::Other {
                encoding_scheme, ..
            } => {
                if matches!(
                    *encoding_scheme,
                    EncodingScheme::BCD_ODD | EncodingScheme::BCD_EVEN
                ) {
                    return Err(EncodeError::InvalidEncodingScheme(*encoding_scheme));
                }
                if encoding_scheme.0 > 0x0f {
                    return Err(EncodeError::FieldOutOfRange {
                        field: "encoding scheme",
                        value: u32::from(encoding_scheme.0),
                    });
                }
                Ok(())
            }
        }
    }

    fn write(&self, out: &mut impl BufMut) {
        match self {
            Self::Bcd(d) => d.write_bcd(out),
            Self::Other { octets, .. } => out.put_slice(octets),
        }
    }
}

impl GlobalTitle {
    /// An E.164 number as most networks route it: GTI 0100, translation type 0, numbering plan
    /// ISDN/telephony, nature of address international, BCD digits.
    pub fn e164(digits: Digits) -> Self {
        Self::TtNpEsNai {
            translation_type: TranslationType::UNKNOWN,
            numbering_plan: NumberingPlan::ISDN_TELEPHONY,
            nature_of_address: NatureOfAddress::INTERNATIONAL_NUMBER,
            address: AddressInformation::Bcd(digits),
        }
    }

    /// The global title indicator this global title is sent with.
    pub fn indicator(&self) -> GlobalTitleIndicator {
        match self {
            Self::NaiOnly { .. } => GlobalTitleIndicator::NAI_ONLY,
            Self::TtOnly { .. } => GlobalTitleIndicator::TT_ONLY,
            Self::TtNpEs { .. } => GlobalTitleIndicator::TT_NP_ES,
            Self::TtNpEsNai { .. } => GlobalTitleIndicator::TT_NP_ES_NAI,
            Self::Other { indicator, .. } => *indicator,
        }
    }

    /// The translation type, for GTI 0010, 0011, 0100.
    pub fn translation_type(&self) -> Option<TranslationType> {
        match self {
            Self::TtOnly {
                translation_type, ..
            }
            | Self::TtNpEs {
                translation_type, ..
            }
            | Self::TtNpEsNai {
                translation_type, ..
            } => Some(*translation_type),
            Self::NaiOnly { .. } | Self::Other { .. } => None,
        }
    }

    /// The numbering plan, for GTI 0011, 0100.
    pub fn numbering_plan(&self) -> Option<NumberingPlan> {
        match self {
            Self::TtNpEs { numbering_plan, .. } | Self::TtNpEsNai { numbering_plan, .. } => {
                Some(*numbering_plan)
            }
            _ => None,
        }
    }

    /// The encoding scheme, for GTI 0011, 0100.
    pub fn encoding_scheme(&self) -> Option<EncodingScheme> {
        match self {
            Self::TtNpEs { address, .. } | Self::TtNpEsNai { address, .. } => {
                Some(address.encoding_scheme())
            }
            _ => None,
        }
    }

    /// The nature of address indicator, for GTI 0001, 0100.
    pub fn nature_of_address(&self) -> Option<NatureOfAddress> {
        match self {
            Self::NaiOnly {
                nature_of_address, ..
            }
            | Self::TtNpEsNai {
                nature_of_address, ..
            } => Some(*nature_of_address),
            _ => None,
        }
    }

    /// The digits, when the address information is BCD coded.
    pub fn digits(&self) -> Option<&Digits> {
        match self {
            Self::NaiOnly { digits, .. } | Self::TtOnly { digits, .. } => Some(digits),
            Self::TtNpEs { address, .. } | Self::TtNpEsNai { address, .. } => address.digits(),
            Self::Other { .. } => None,
        }
    }

    /// Decodes the global title of indicator `gti` from `octets` (the rest of the address),
    /// which start at message offset `offset`.
    pub(crate) fn decode(
        gti: GlobalTitleIndicator,
        octets: &Bytes,
        offset: usize,
    ) -> Result<Self, (usize, AddressError)> {
        let header = match gti {
            GlobalTitleIndicator::NAI_ONLY | GlobalTitleIndicator::TT_ONLY => 1,
            GlobalTitleIndicator::TT_NP_ES => 2,
            GlobalTitleIndicator::TT_NP_ES_NAI => 3,
            _ => 0,
        };
        if octets.len() < header {
            return Err((offset + octets.len(), AddressError::TruncatedGlobalTitle));
        }
        // `header` octets are present: this slice and these reads cannot miss.
        let rest = octets.get(header..).unwrap_or(&[]);
        let octet = |i: usize| octets.get(i).copied().unwrap_or(0);
        match gti {
            GlobalTitleIndicator::NAI_ONLY => {
                // §3.4.2.3.1: bit 8 odd/even, bits 1-7 nature of address.
                let odd = octet(0) & 0x80 != 0;
                if odd && rest.is_empty() {
                    return Err((offset, AddressError::OddWithoutDigits));
                }
                Ok(Self::NaiOnly {
                    nature_of_address: NatureOfAddress(octet(0) & 0x7f),
                    digits: Digits::from_bcd(rest, odd),
                })
            }
            GlobalTitleIndicator::TT_ONLY => Ok(Self::TtOnly {
                translation_type: TranslationType(octet(0)),
                digits: Digits::from_bcd(rest, false),
            }),
            GlobalTitleIndicator::TT_NP_ES => Ok(Self::TtNpEs {
                translation_type: TranslationType(octet(0)),
                numbering_plan: NumberingPlan(octet(1) >> 4),
                address: AddressInformation::decode(
                    EncodingScheme(octet(1) & 0x0f),
                    octets,
                    header,
                    offset + 1,
                )?,
            }),
            GlobalTitleIndicator::TT_NP_ES_NAI => Ok(Self::TtNpEsNai {
                translation_type: TranslationType(octet(0)),
                numbering_plan: NumberingPlan(octet(1) >> 4),
                // §3.4.2.3.4: bit 8 of the NAI octet is spare.
                nature_of_address: NatureOfAddress(octet(2) & 0x7f),
                address: AddressInformation::decode(
                    EncodingScheme(octet(1) & 0x0f),
                    octets,
                    header,
                    offset + 1,
                )?,
            }),
            _ => Ok(Self::Other {
                indicator: gti,
                octets: octets.clone(),
            }),
        }
    }

    /// Checks the fields fit, and returns the encoded length.
    pub(crate) fn encoded_len(&self) -> Result<usize, EncodeError> {
        match self {
            Self::NaiOnly {
                nature_of_address,
                digits,
            } => {
                check_nai(*nature_of_address)?;
                Ok(1 + digits.bcd_len())
            }
            Self::TtOnly { digits, .. } => {
                if digits.is_odd() {
                    return Err(EncodeError::OddDigitsWithoutIndicator);
                }
                Ok(1 + digits.bcd_len())
            }
            Self::TtNpEs {
                numbering_plan,
                address,
                ..
            } => {
                check_np(*numbering_plan)?;
                address.validate()?;
                Ok(2 + address.encoded_len())
            }
            Self::TtNpEsNai {
                numbering_plan,
                nature_of_address,
                address,
                ..
            } => {
                check_np(*numbering_plan)?;
                check_nai(*nature_of_address)?;
                address.validate()?;
                Ok(3 + address.encoded_len())
            }
            Self::Other { indicator, octets } => {
                if !(5..=15).contains(&indicator.0) {
                    return Err(EncodeError::InvalidGlobalTitleIndicator(indicator.0));
                }
                Ok(octets.len())
            }
        }
    }

    /// Writes the global title; [`Self::encoded_len`] has validated it.
    pub(crate) fn write(&self, out: &mut impl BufMut) {
        match self {
            Self::NaiOnly {
                nature_of_address,
                digits,
            } => {
                let odd = if digits.is_odd() { 0x80 } else { 0 };
                out.put_u8(odd | (nature_of_address.0 & 0x7f));
                digits.write_bcd(out);
            }
            Self::TtOnly {
                translation_type,
                digits,
            } => {
                out.put_u8(translation_type.0);
                digits.write_bcd(out);
            }
            Self::TtNpEs {
                translation_type,
                numbering_plan,
                address,
            } => {
                out.put_u8(translation_type.0);
                out.put_u8(np_es(*numbering_plan, address));
                address.write(out);
            }
            Self::TtNpEsNai {
                translation_type,
                numbering_plan,
                nature_of_address,
                address,
            } => {
                out.put_u8(translation_type.0);
                out.put_u8(np_es(*numbering_plan, address));
                out.put_u8(nature_of_address.0 & 0x7f);
                address.write(out);
            }
            Self::Other { octets, .. } => out.put_slice(octets),
        }
    }
}

fn np_es(numbering_plan: NumberingPlan, address: &AddressInformation) -> u8 {
    ((numbering_plan.0 & 0x0f) << 4) | (address.encoding_scheme().0 & 0x0f)
}

fn check_np(numbering_plan: NumberingPlan) -> Result<(), EncodeError> {
    if numbering_plan.0 > 0x0f {
        return Err(EncodeError::FieldOutOfRange {
            field: "numbering plan",
            value: u32::from(numbering_plan.0),
        });
    }
    Ok(())
}

fn check_nai(nature_of_address: NatureOfAddress) -> Result<(), EncodeError> {
    if nature_of_address.0 > 0x7f {
        return Err(EncodeError::FieldOutOfRange {
            field: "nature of address",
            value: u32::from(nature_of_address.0),
        });
    }
    Ok(())
}

/// `tt=0 np=1 nai=4 gt=…` fields (the address's `Display` puts the SSN between NAI and digits).
pub(crate) struct GtHeader<'a>(pub(crate) &'a GlobalTitle);

impl fmt::Display for GtHeader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gt = self.0;
        if let Some(tt) = gt.translation_type() {
            write!(f, " tt={}", tt.0)?;
        }
        if let Some(np) = gt.numbering_plan() {
            write!(f, " np={}", np.0)?;
        }
        if let Some(es) = gt.encoding_scheme()
            && gt.digits().is_none()
        {
            write!(f, " es={}", es.0)?;
        }
        if let Some(nai) = gt.nature_of_address() {
            write!(f, " nai={}", nai.0)?;
        }
        Ok(())
    }
}

/// The global title's digits, or its raw octets in hex.
pub(crate) struct GtValue<'a>(pub(crate) &'a GlobalTitle);

impl fmt::Display for GtValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = match self.0 {
            GlobalTitle::Other { octets, .. } => octets,
            GlobalTitle::TtNpEs { address, .. } | GlobalTitle::TtNpEsNai { address, .. } => {
                match address {
                    AddressInformation::Bcd(d) => return write!(f, "{d}"),
                    AddressInformation::Other { octets, .. } => octets,
                }
            }
            GlobalTitle::NaiOnly { digits, .. } | GlobalTitle::TtOnly { digits, .. } => {
                return write!(f, "{digits}");
            }
        };
        f.write_str("0x")?;
        for b in raw.iter() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(gti: u8, octets: &'static [u8]) -> Result<GlobalTitle, (usize, AddressError)> {
        GlobalTitle::decode(GlobalTitleIndicator(gti), &Bytes::from_static(octets), 10)
    }

    fn encode(gt: &GlobalTitle) -> Vec<u8> {
        let mut out = Vec::new();
        let len = gt.encoded_len().unwrap();
        gt.write(&mut out);
        assert_eq!(out.len(), len);
        out
    }

    #[test]
    fn every_gti() {
        // GTI 1: odd, NAI international, digits 12345.
        let gt = decode(1, &[0x84, 0x21, 0x43, 0x05]).unwrap();
        assert_eq!(gt.digits().unwrap(), "12345");
        assert_eq!(gt.nature_of_address(), Some(NatureOfAddress(4)));
        assert_eq!(encode(&gt), [0x84, 0x21, 0x43, 0x05]);
        // GTI 2: TT 9, digits read as even.
        let gt = decode(2, &[0x09, 0x21, 0x43]).unwrap();
        assert_eq!(gt.digits().unwrap(), "1234");
        assert_eq!(encode(&gt), [0x09, 0x21, 0x43]);
        // GTI 3: TT 0, NP 7 (E.214), ES 2.
        let gt = decode(3, &[0x00, 0x72, 0x21, 0x43]).unwrap();
        assert_eq!(gt.numbering_plan(), Some(NumberingPlan::ISDN_MOBILE));
        assert_eq!(gt.encoding_scheme(), Some(EncodingScheme::BCD_EVEN));
        assert_eq!(encode(&gt), [0x00, 0x72, 0x21, 0x43]);
        // GTI 4 with national specific encoding: raw octets.
        let gt = decode(4, &[0x00, 0x13, 0x04, 0xaa, 0xbb]).unwrap();
        assert_eq!(gt.digits(), None);
        assert_eq!(
            gt.encoding_scheme(),
            Some(EncodingScheme::NATIONAL_SPECIFIC)
        );
        assert_eq!(encode(&gt), [0x00, 0x13, 0x04, 0xaa, 0xbb]);
        // GTI 9: raw.
        let gt = decode(9, &[1, 2, 3]).unwrap();
        assert_eq!(gt.indicator(), GlobalTitleIndicator(9));
        assert_eq!(encode(&gt), [1, 2, 3]);
    }

    #[test]
    fn malformed() {
        assert_eq!(
            decode(4, &[0x00, 0x12]),
            Err((12, AddressError::TruncatedGlobalTitle))
        );
        assert_eq!(
            decode(1, &[0x84]),
            Err((10, AddressError::OddWithoutDigits))
        );
        assert_eq!(
            decode(3, &[0x00, 0x11]),
            Err((11, AddressError::OddWithoutDigits))
        );
        assert_eq!(
            decode(1, &[]),
            Err((10, AddressError::TruncatedGlobalTitle))
        );
        // An odd GTI 2 number cannot be sent.
        let gt = GlobalTitle::TtOnly {
            translation_type: TranslationType(0),
            digits: Digits::new("123").unwrap(),
        };
        assert_eq!(
            gt.encoded_len(),
            Err(EncodeError::OddDigitsWithoutIndicator)
        );
        let gt = GlobalTitle::Other {
            indicator: GlobalTitleIndicator(4),
            octets: Bytes::new(),
        };
        assert_eq!(
            gt.encoded_len(),
            Err(EncodeError::InvalidGlobalTitleIndicator(4))
        );
        let gt = GlobalTitle::TtNpEs {
            translation_type: TranslationType(0),
            numbering_plan: NumberingPlan(1),
            address: AddressInformation::Other {
                encoding_scheme: EncodingScheme::BCD_ODD,
                octets: Bytes::new(),
            },
        };
        assert!(matches!(
            gt.encoded_len(),
            Err(EncodeError::InvalidEncodingScheme(_))
        ));
        let gt = GlobalTitle::NaiOnly {
            nature_of_address: NatureOfAddress(200),
            digits: Digits::default(),
        };
        assert!(matches!(
            gt.encoded_len(),
            Err(EncodeError::FieldOutOfRange { .. })
        ));
    }
}
