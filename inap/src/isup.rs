//! ISUP-format parameters carried by INAP (ITU-T Q.763 §3, Q.850), as typed values.
//!
//! INAP (ETS 300 374-1, Q.1218) carries these as OCTET STRINGs whose contents are the ISUP parameter
//! field *without* ISUP's parameter name and length octets. Each type here implements
//! [`IsupParameter`]: [`IsupParameter::decode`] takes those contents and validates them;
//! [`IsupParameter::encode`] appends the canonical encoding.
//!
//! | type | Q.763 | octets |
//! |---|---|---|
//! | [`CalledPartyNumber`] | §3.9 | O/E+NAI, INN+NPI, signals |
//! | [`CallingPartyNumber`] | §3.10 | O/E+NAI, NI+NPI+APRI+SI, signals |
//! | [`CallingPartysCategory`] | §3.11 | 1 |
//! | [`Cause`] | §3.12 / Q.850 | location, \[recommendation\], value, diagnostics |
//! | [`GenericNumber`] | §3.26 | NQI, O/E+NAI, NI+NPI+APRI+SI, signals |
//! | [`LocationNumber`] | §3.30 | O/E+NAI, INN+NPI+APRI+SI, signals |
//! | [`OriginalCalledPartyId`] | §3.39 | O/E+NAI, NPI+APRI, signals |
//! | [`RedirectingPartyId`] | §3.44 | O/E+NAI, NPI+APRI, signals |
//! | [`RedirectionInformation`] | §3.45 | 2 |
//!
//! # Address signals
//!
//! The address signals are kept as a [`Digits`] value: ASCII characters, at most [`MAX_DIGITS`].
//! Digits `0`–`9` are themselves; the called party number (§3.9 g) also allows `B` (code 11), `C`
//! (code 12) and, as the last signal only, `F` (ST, end of pulsing) — the hexadecimal value of the
//! nibble, as Wireshark prints them. The spare codes 1010, 1101 and 1110 are refused. The other
//! numbers (calling, original called, redirecting, location and generic number) allow `0`–`9` only.
//!
//! Decoding decisions:
//! - **Odd/even and filler** (§3.9 a, h): with an odd number of signals the last octet's high nibble is
//!   the filler, which must be 0000. Real switches sometimes send 1111 there: both 0000 and 1111 are
//!   accepted, any other value is refused as [`IsupError::InvalidField`] `"filler"` (the odd/even
//!   indicator most likely lies). We always encode 0000, so such input does not re-encode identically.
//!   An odd indicator with no signal octet at all is refused (`"odd/even indicator"`, octet 0), and so
//!   is an even indicator whose last signal is 1111 in a number that does not allow ST (that is an odd
//!   number with a wrong indicator and a sloppy filler).
//! - **Spare bits** (e.g. the low nibble of the called party number's octet 2, bit 5 of the cause's
//!   first octet) are ignored on receipt and encoded 0 (the usual ISUP rule for spare bits); such input does
//!   not re-encode identically.
//! - **Address not available** (APRI = 10, §3.10 e): Q.763 says the address octets are then omitted;
//!   a number that says "not available" and still carries signals is refused.
//! - Numbers with no signals at all are accepted (a called party number in overlap signalling, a
//!   calling party number "address not available").
//!
//! # Privacy
//!
//! Subscriber numbers are personal data. `Debug` and `Display` of every number type, and of
//! [`Digits`], print the signals masked by [`mask`]; the clear digits are only available from the
//! explicit `digits()` accessors (and, with the `serde` feature, under the key `"digits"` of the
//! serialized value, which the CLI masks itself).

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// The most address signals a number may hold.
///
/// Q.763 bounds a number only by the 255-octet parameter length; E.164 numbers have at most 15
/// digits and the INAP `maxCalledPartyNumberLength` bounds in use are under 20 octets. 32 signals
/// (16 octets) leaves room for routing prefixes and is what [`Digits`] keeps inline.
pub const MAX_DIGITS: usize = 32;

/// Why an ISUP-format parameter could not be decoded or built.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IsupError {
    /// The parameter is shorter than its fixed part.
    #[error("{parameter}: too short ({len} octets)")]
    TooShort {
        /// The parameter's name in Q.763.
        parameter: &'static str,
        /// Its length.
        len: usize,
    },
    /// A field holds a value the standard does not allow.
    #[error("{parameter}: invalid {field} at octet {offset}")]
    InvalidField {
        /// The parameter's name in Q.763.
        parameter: &'static str,
        /// The field's name in Q.763.
        field: &'static str,
        /// Offset of the octet inside the parameter.
        offset: usize,
    },
    /// The parameter is longer than its format (or this crate's bound) allows.
    #[error("{parameter}: too long ({len} octets, at most {max})")]
    TooLong {
        /// The parameter's name in Q.763.
        parameter: &'static str,
        /// Its length.
        len: usize,
        /// The longest allowed.
        max: usize,
    },
    /// An address signal code the parameter does not allow (a spare code, or ST/code 11/code 12
    /// where only digits are allowed).
    #[error("{parameter}: address signal {signal:#x} not allowed at octet {offset}")]
    InvalidAddressSignal {
        /// The parameter's name in Q.763.
        parameter: &'static str,
        /// The 4-bit signal code.
        signal: u8,
        /// Offset of the octet inside the parameter.
        offset: usize,
    },
    /// More address signals than [`MAX_DIGITS`].
    #[error("{parameter}: {count} address signals, at most {max}")]
    TooManyDigits {
        /// The parameter's name in Q.763.
        parameter: &'static str,
        /// How many signals were given.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// A character that is not an allowed address signal, when building a number from text.
    #[error(
        "{parameter}: character {character:?} at position {position} is not an allowed address signal"
    )]
    InvalidCharacter {
        /// The parameter's name in Q.763.
        parameter: &'static str,
        /// The offending character.
        character: char,
        /// Its position (in characters) in the text.
        position: usize,
    },
}

/// An ISUP-format parameter: decoded from and encoded to the contents of the INAP OCTET STRING that
/// carries it.
pub trait IsupParameter: Sized {
    /// Decodes the parameter from its octets (the contents of the OCTET STRING, without tag and length).
    fn decode(octets: &[u8]) -> Result<Self, IsupError>;
    /// Appends the parameter's octets to `out`.
    fn encode(&self, out: &mut Vec<u8>);

    /// The parameter's octets in a new vector.
    fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Masking
// ---------------------------------------------------------------------------------------------

/// Masks a number for logs and displays (personal data).
///
/// The rule, on the characters of `digits`, with `n` their count:
/// - `n ≥ 8`: the last 4 stay clear, the first `min(3, n − 8)` stay clear, every other character
///   becomes `*`; the groups are joined with `-`. At least 4 characters are always masked and at
///   most 7 stay clear: `01012345678` → `010-****-5678`, `050412345678` → `050-*****-5678`,
///   `0212345678` → `02-****-5678`, `15881234` → `****-1234`.
/// - `3 ≤ n ≤ 7`: all but the last 2 are masked, with no grouping: `1234567` → `*****67`.
/// - `n ≤ 2`: everything is masked: `12` → `**`.
///
/// The length of the output tells the length of the number; nothing else is revealed.
pub fn mask(digits: &str) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let n = chars.len();
    let mut out = String::with_capacity(n + 2);
    if n >= 8 {
        let head = (n - 8).min(3);
        let tail = n - 4;
        out.extend(&chars[..head]);
        if head > 0 {
            out.push('-');
        }
        out.extend(std::iter::repeat_n('*', tail - head));
        out.push('-');
        out.extend(&chars[tail..]);
    } else if n >= 3 {
        out.extend(std::iter::repeat_n('*', n - 2));
        out.extend(&chars[n - 2..]);
    } else {
        out.extend(std::iter::repeat_n('*', n));
    }
    out
}

/// Prints a string masked, quoted in `Debug`.
struct Masked<'a>(&'a str);

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", mask(self.0))
    }
}

// ---------------------------------------------------------------------------------------------
// Digits
// ---------------------------------------------------------------------------------------------

/// Which address signal codes a parameter allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SignalSet {
    /// Q.763 §3.9 g: digits, code 11, code 12, and ST as the last signal.
    Called,
    /// Digits 0–9 only.
    Decimal,
}

impl SignalSet {
    /// Whether `code` is allowed, `last` telling whether it is the last signal.
    fn allows(self, code: u8, last: bool) -> bool {
        match code {
            0..=9 => true,
            0xB | 0xC => self == Self::Called,
            0xF => self == Self::Called && last,
            _ => false,
        }
    }
}

/// The address signals of a number, as ASCII text (`0`–`9`, `B` code 11, `C` code 12, `F` ST).
///
/// Inline (no allocation), at most [`MAX_DIGITS`]. `Debug` and `Display` print it masked (see
/// [`mask`]); [`Digits::as_str`] gives the clear text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digits {
    len: u8,
    buf: [u8; MAX_DIGITS],
}

impl Digits {
    /// No signals.
    pub const EMPTY: Self = Self {
        len: 0,
        buf: [0; MAX_DIGITS],
    };

    /// From text: `0`–`9`, and `B`/`b` (code 11), `C`/`c` (code 12), `F`/`f` (ST, last only), kept
    /// upper-case. Each number type narrows this further.
    pub fn new(text: &str) -> Result<Self, IsupError> {
        Self::parse("address signals", text, SignalSet::Called)
    }

    fn parse(parameter: &'static str, text: &str, set: SignalSet) -> Result<Self, IsupError> {
        let count = text.chars().count();
        if count > MAX_DIGITS {
            return Err(IsupError::TooManyDigits {
                parameter,
                count,
                max: MAX_DIGITS,
            });
        }
        let mut d = Self::EMPTY;
        for (position, character) in text.chars().enumerate() {
            let code = character
                .to_digit(16)
                .and_then(|c| u8::try_from(c).ok())
                .filter(|&c| set.allows(c, position + 1 == count))
                .ok_or(IsupError::InvalidCharacter {
                    parameter,
                    character,
                    position,
                })?;
            d.push(code);
        }
        Ok(d)
    }

    /// Appends the signal `code` (0..=15). The caller checks the length bound.
    fn push(&mut self, code: u8) {
        let i = usize::from(self.len);
        if let Some(slot) = self.buf.get_mut(i) {
            *slot = b"0123456789ABCDEF"[usize::from(code & 0x0f)];
            self.len += 1;
        }
    }

    /// The signals as clear text.
    pub fn as_str(&self) -> &str {
        let bytes = self.buf.get(..usize::from(self.len)).unwrap_or(&[]);
        // Only ASCII is ever pushed, so this cannot fail.
        std::str::from_utf8(bytes).unwrap_or("")
    }

    /// Number of signals.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether there are no signals.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the number of signals is odd (Q.763 §3.9 a, the odd/even indicator).
    pub fn is_odd(&self) -> bool {
        self.len % 2 == 1
    }

    /// The masked text (see [`mask`]).
    pub fn masked(&self) -> String {
        mask(self.as_str())
    }

    /// Decodes the address signals from `octets[start..]` (Q.763 §3.9 g, h).
    fn decode(
        parameter: &'static str,
        octets: &[u8],
        start: usize,
        odd: bool,
        set: SignalSet,
    ) -> Result<Self, IsupError> {
        let signals = octets.get(start..).unwrap_or(&[]);
        if signals.is_empty() {
            if odd {
                // Q.763 §3.9 a: odd number of signals, but there are none.
                return Err(IsupError::InvalidField {
                    parameter,
                    field: "odd/even indicator",
                    offset: 0,
                });
            }
            return Ok(Self::EMPTY);
        }
        let count = signals.len() * 2 - usize::from(odd);
        if count > MAX_DIGITS {
            return Err(IsupError::TooManyDigits {
                parameter,
                count,
                max: MAX_DIGITS,
            });
        }
        let mut d = Self::EMPTY;
        for (i, &octet) in signals.iter().enumerate() {
            let offset = start + i;
            let last_octet = i + 1 == signals.len();
            let low = octet & 0x0f;
            let high = octet >> 4;
            if !set.allows(low, last_octet && odd) {
                return Err(IsupError::InvalidAddressSignal {
                    parameter,
                    signal: low,
                    offset,
                });
            }
            d.push(low);
            if last_octet && odd {
                // Q.763 §3.9 h: filler 0000; 1111 tolerated (see the module docs).
                if high != 0 && high != 0xF {
                    return Err(IsupError::InvalidField {
                        parameter,
                        field: "filler",
                        offset,
                    });
                }
            } else {
                if !set.allows(high, last_octet) {
                    if last_octet && high == 0xF {
                        // An odd number sent with an even indicator and a 1111 filler.
                        return Err(IsupError::InvalidField {
                            parameter,
                            field: "odd/even indicator",
                            offset: 0,
                        });
                    }
                    return Err(IsupError::InvalidAddressSignal {
                        parameter,
                        signal: high,
                        offset,
                    });
                }
                d.push(high);
            }
        }
        Ok(d)
    }

    /// Encodes the signals two per octet, first signal in the low nibble, filler 0000 (§3.9 g, h).
    fn encode(&self, out: &mut Vec<u8>) {
        // Only `0`–`9` and `A`–`F` are ever stored: the code is the low nibble, plus 9 for letters.
        fn code(c: u8) -> u8 {
            (c & 0x0f) + if c >= b'A' { 9 } else { 0 }
        }
        let ascii = self.buf.get(..usize::from(self.len)).unwrap_or(&[]);
        let mut packed = [0u8; MAX_DIGITS.div_ceil(2)];
        for (slot, pair) in packed.iter_mut().zip(ascii.chunks(2)) {
            let second = pair.get(1).map_or(0, |&c| code(c));
            *slot = pair.first().map_or(0, |&c| code(c)) | (second << 4);
        }
        out.extend_from_slice(packed.get(..ascii.len().div_ceil(2)).unwrap_or(&[]));
    }
}

impl fmt::Debug for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Digits")
            .field(&Masked(self.as_str()))
            .finish()
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Digits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------------------------
// Code points
// ---------------------------------------------------------------------------------------------

macro_rules! code_point {
    (
        $(#[$doc:meta])*
        $name:ident, bits = $bits:literal, {
            $( $(#[$cdoc:meta])* $c:ident = $v:literal => $s:literal, )*
        }
    ) => {
        $(#[$doc])*
        ///
        /// Values without a name are kept as they are, so they survive a round trip.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
        pub struct $name(pub u8);

        impl $name {
            $( $(#[$cdoc])* pub const $c: Self = Self($v); )*

            /// The largest value the field's bits can hold.
            pub const MAX: u8 = ((1u16 << $bits) - 1) as u8;

            /// The standard's name for the value, if it has one.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $v => Some($s), )*
                    _ => None,
                }
            }

            fn ident(self) -> Option<&'static str> {
                match self.0 {
                    $( $v => Some(stringify!($c)), )*
                    _ => None,
                }
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.ident() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}({})", stringify!($name), self.0),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "unknown ({})", self.0),
                }
            }
        }
    };
}

code_point! {
    /// Nature of address indicator (Q.763 §3.9 b, 7 bits).
    NatureOfAddress, bits = 7, {
        /// 0000000 spare.
        SPARE = 0 => "spare",
        /// 0000001 subscriber number (national use).
        SUBSCRIBER = 1 => "subscriber number",
        /// 0000010 unknown (national use).
        UNKNOWN = 2 => "unknown",
        /// 0000011 national (significant) number.
        NATIONAL = 3 => "national (significant) number",
        /// 0000100 international number.
        INTERNATIONAL = 4 => "international number",
        /// 0000101 network-specific number (national use).
        NETWORK_SPECIFIC = 5 => "network-specific number",
        /// 0000110 network routing number in national (significant) number format (national use).
        NETWORK_ROUTING_NATIONAL = 6 => "network routing number in national number format",
        /// 0000111 network routing number in network-specific number format (national use).
        NETWORK_ROUTING_NETWORK_SPECIFIC = 7 => "network routing number in network-specific number format",
        /// 0001000 network routing number concatenated with called directory number (national use).
        NETWORK_ROUTING_WITH_CALLED_DIRECTORY_NUMBER = 8 => "network routing number concatenated with called directory number",
    }
}

code_point! {
    /// Numbering plan indicator (Q.763 §3.9 d, 3 bits).
    NumberingPlan, bits = 3, {
        /// 000 spare.
        SPARE = 0 => "spare",
        /// 001 ISDN (Telephony) numbering plan (ITU-T E.164).
        ISDN = 1 => "ISDN (E.164)",
        /// 011 data numbering plan (ITU-T X.121) (national use).
        DATA = 3 => "data (X.121)",
        /// 100 telex numbering plan (ITU-T F.69) (national use).
        TELEX = 4 => "telex (F.69)",
        /// 101 reserved for national use (private numbering plan).
        PRIVATE = 5 => "private (national use)",
        /// 110 reserved for national use.
        NATIONAL_RESERVED = 6 => "reserved for national use",
    }
}

code_point! {
    /// Address presentation restricted indicator (Q.763 §3.10 e, 2 bits).
    Presentation, bits = 2, {
        /// 00 presentation allowed.
        ALLOWED = 0 => "presentation allowed",
        /// 01 presentation restricted.
        RESTRICTED = 1 => "presentation restricted",
        /// 10 address not available (national use): the parameter then carries no signals.
        ADDRESS_NOT_AVAILABLE = 2 => "address not available",
        /// 11 reserved for restriction by the network.
        RESERVED = 3 => "reserved for restriction by the network",
    }
}

code_point! {
    /// Screening indicator (Q.763 §3.10 f, 2 bits).
    Screening, bits = 2, {
        /// 00 reserved (user provided, not verified).
        USER_PROVIDED_NOT_VERIFIED = 0 => "user provided, not verified",
        /// 01 user provided, verified and passed.
        USER_PROVIDED_VERIFIED_PASSED = 1 => "user provided, verified and passed",
        /// 10 reserved (user provided, verified and failed).
        USER_PROVIDED_VERIFIED_FAILED = 2 => "user provided, verified and failed",
        /// 11 network provided.
        NETWORK_PROVIDED = 3 => "network provided",
    }
}

code_point! {
    /// Number qualifier indicator of the generic number (Q.763 §3.26 a, 8 bits).
    NumberQualifier, bits = 8, {
        /// 00000000 reserved (dialled digits) (national use).
        DIALLED_DIGITS = 0 => "dialled digits",
        /// 00000001 additional called number (national use).
        ADDITIONAL_CALLED = 1 => "additional called number",
        /// 00000010 reserved (supplemental user provided calling number – failed network screening).
        SUPPLEMENTAL_CALLING_FAILED = 2 => "supplemental user provided calling number, failed network screening",
        /// 00000011 reserved (supplemental user provided calling number – not screened).
        SUPPLEMENTAL_CALLING_NOT_SCREENED = 3 => "supplemental user provided calling number, not screened",
        /// 00000100 reserved (redirecting terminating number) (national use).
        REDIRECTING_TERMINATING = 4 => "redirecting terminating number",
        /// 00000101 additional connected number.
        ADDITIONAL_CONNECTED = 5 => "additional connected number",
        /// 00000110 additional calling party number.
        ADDITIONAL_CALLING = 6 => "additional calling party number",
        /// 00000111 reserved for additional original called number.
        ADDITIONAL_ORIGINAL_CALLED = 7 => "additional original called number",
        /// 00001000 reserved for additional redirecting number.
        ADDITIONAL_REDIRECTING = 8 => "additional redirecting number",
        /// 00001001 reserved for additional redirection number.
        ADDITIONAL_REDIRECTION = 9 => "additional redirection number",
    }
}

code_point! {
    /// Calling party's category (Q.763 §3.11, 8 bits).
    CallingPartysCategory, bits = 8, {
        /// 00000000 calling party's category unknown at this time (national use).
        UNKNOWN = 0 => "unknown",
        /// 00000001 operator, language French.
        OPERATOR_FRENCH = 1 => "operator, language French",
        /// 00000010 operator, language English.
        OPERATOR_ENGLISH = 2 => "operator, language English",
        /// 00000011 operator, language German.
        OPERATOR_GERMAN = 3 => "operator, language German",
        /// 00000100 operator, language Russian.
        OPERATOR_RUSSIAN = 4 => "operator, language Russian",
        /// 00000101 operator, language Spanish.
        OPERATOR_SPANISH = 5 => "operator, language Spanish",
        /// 00001001 reserved (national operator).
        NATIONAL_OPERATOR = 9 => "national operator",
        /// 00001010 ordinary calling subscriber.
        ORDINARY_SUBSCRIBER = 10 => "ordinary calling subscriber",
        /// 00001011 calling subscriber with priority.
        PRIORITY_SUBSCRIBER = 11 => "calling subscriber with priority",
        /// 00001100 data call (voice band data).
        DATA_CALL = 12 => "data call (voice band data)",
        /// 00001101 test call.
        TEST_CALL = 13 => "test call",
        /// 00001110 spare.
        SPARE = 14 => "spare",
        /// 00001111 payphone.
        PAYPHONE = 15 => "payphone",
    }
}

code_point! {
    /// Coding standard of the cause indicators (Q.850 §2.2.3, 2 bits).
    CodingStandard, bits = 2, {
        /// 00 ITU-T standardized coding.
        ITU_T = 0 => "ITU-T",
        /// 01 ISO/IEC standard.
        ISO_IEC = 1 => "ISO/IEC",
        /// 10 national standard.
        NATIONAL = 2 => "national",
        /// 11 standard specific to identified location.
        LOCATION_SPECIFIC = 3 => "specific to identified location",
    }
}

code_point! {
    /// Location of the cause (Q.850 §2.2.4, 4 bits).
    Location, bits = 4, {
        /// 0000 user (U).
        USER = 0 => "user",
        /// 0001 private network serving the local user (LPN).
        PRIVATE_LOCAL = 1 => "private network serving the local user",
        /// 0010 public network serving the local user (LN).
        PUBLIC_LOCAL = 2 => "public network serving the local user",
        /// 0011 transit network (TN).
        TRANSIT = 3 => "transit network",
        /// 0100 public network serving the remote user (RLN).
        PUBLIC_REMOTE = 4 => "public network serving the remote user",
        /// 0101 private network serving the remote user (RPN).
        PRIVATE_REMOTE = 5 => "private network serving the remote user",
        /// 0111 international network (INTL).
        INTERNATIONAL = 7 => "international network",
        /// 1010 network beyond interworking point (BI).
        BEYOND_INTERWORKING = 10 => "network beyond interworking point",
    }
}

code_point! {
    /// Recommendation field of the cause's optional octet 3a (Q.850 §2.2.5, 7 bits).
    Recommendation, bits = 7, {
        /// 0000000 ITU-T Q.931.
        Q931 = 0 => "Q.931",
        /// 0000011 ITU-T X.21.
        X21 = 3 => "X.21",
        /// 0000100 ITU-T X.25.
        X25 = 4 => "X.25",
        /// 0000101 public land mobile networks, Q.1031/Q.1051.
        Q1031 = 5 => "Q.1031/Q.1051",
    }
}

code_point! {
    /// Cause value (Q.850 §2.2.5 and Table 1, 7 bits: class in bits 7–5, value in class in 4–1).
    CauseValue, bits = 7, {
        /// 1 unallocated (unassigned) number.
        UNALLOCATED_NUMBER = 1 => "unallocated (unassigned) number",
        /// 2 no route to specified transit network.
        NO_ROUTE_TO_TRANSIT_NETWORK = 2 => "no route to specified transit network",
        /// 3 no route to destination.
        NO_ROUTE_TO_DESTINATION = 3 => "no route to destination",
        /// 16 normal call clearing.
        NORMAL_CLEARING = 16 => "normal call clearing",
        /// 17 user busy.
        USER_BUSY = 17 => "user busy",
        /// 18 no user responding.
        NO_USER_RESPONDING = 18 => "no user responding",
        /// 19 no answer from user (user alerted).
        NO_ANSWER = 19 => "no answer from user (user alerted)",
        /// 20 subscriber absent.
        SUBSCRIBER_ABSENT = 20 => "subscriber absent",
        /// 21 call rejected.
        CALL_REJECTED = 21 => "call rejected",
        /// 22 number changed.
        NUMBER_CHANGED = 22 => "number changed",
        /// 27 destination out of order.
        DESTINATION_OUT_OF_ORDER = 27 => "destination out of order",
        /// 28 invalid number format (address incomplete).
        INVALID_NUMBER_FORMAT = 28 => "invalid number format (address incomplete)",
        /// 29 facility rejected.
        FACILITY_REJECTED = 29 => "facility rejected",
        /// 31 normal, unspecified.
        NORMAL_UNSPECIFIED = 31 => "normal, unspecified",
        /// 34 no circuit/channel available.
        NO_CIRCUIT_AVAILABLE = 34 => "no circuit/channel available",
        /// 38 network out of order.
        NETWORK_OUT_OF_ORDER = 38 => "network out of order",
        /// 41 temporary failure.
        TEMPORARY_FAILURE = 41 => "temporary failure",
        /// 42 switching equipment congestion.
        SWITCHING_EQUIPMENT_CONGESTION = 42 => "switching equipment congestion",
        /// 44 requested circuit/channel not available.
        REQUESTED_CIRCUIT_NOT_AVAILABLE = 44 => "requested circuit/channel not available",
        /// 47 resource unavailable, unspecified.
        RESOURCE_UNAVAILABLE = 47 => "resource unavailable, unspecified",
        /// 57 bearer capability not authorized.
        BEARER_CAPABILITY_NOT_AUTHORIZED = 57 => "bearer capability not authorized",
        /// 58 bearer capability not presently available.
        BEARER_CAPABILITY_NOT_AVAILABLE = 58 => "bearer capability not presently available",
        /// 63 service or option not available, unspecified.
        SERVICE_NOT_AVAILABLE = 63 => "service or option not available, unspecified",
        /// 65 bearer capability not implemented.
        BEARER_CAPABILITY_NOT_IMPLEMENTED = 65 => "bearer capability not implemented",
        /// 79 service or option not implemented, unspecified.
        SERVICE_NOT_IMPLEMENTED = 79 => "service or option not implemented, unspecified",
        /// 88 incompatible destination.
        INCOMPATIBLE_DESTINATION = 88 => "incompatible destination",
        /// 95 invalid message, unspecified.
        INVALID_MESSAGE = 95 => "invalid message, unspecified",
        /// 102 recovery on timer expiry.
        RECOVERY_ON_TIMER_EXPIRY = 102 => "recovery on timer expiry",
        /// 111 protocol error, unspecified.
        PROTOCOL_ERROR = 111 => "protocol error, unspecified",
        /// 127 interworking, unspecified.
        INTERWORKING = 127 => "interworking, unspecified",
    }
}

code_point! {
    /// Redirecting indicator (Q.763 §3.45 a, 3 bits).
    RedirectingIndicator, bits = 3, {
        /// 000 no redirection (national use).
        NO_REDIRECTION = 0 => "no redirection",
        /// 001 call rerouted (national use).
        REROUTED = 1 => "call rerouted",
        /// 010 call rerouted, all redirection information presentation restricted (national use).
        REROUTED_ALL_RESTRICTED = 2 => "call rerouted, all redirection information presentation restricted",
        /// 011 call diverted.
        DIVERTED = 3 => "call diverted",
        /// 100 call diverted, all redirection information presentation restricted.
        DIVERTED_ALL_RESTRICTED = 4 => "call diverted, all redirection information presentation restricted",
        /// 101 call rerouted, redirection number presentation restricted (national use).
        REROUTED_NUMBER_RESTRICTED = 5 => "call rerouted, redirection number presentation restricted",
        /// 110 call diversion, redirection number presentation restricted (national use).
        DIVERTED_NUMBER_RESTRICTED = 6 => "call diversion, redirection number presentation restricted",
    }
}

code_point! {
    /// Original redirection reason and redirecting reason (Q.763 §3.45 b, d, 4 bits).
    RedirectionReason, bits = 4, {
        /// 0000 unknown/not available.
        UNKNOWN = 0 => "unknown/not available",
        /// 0001 user busy.
        USER_BUSY = 1 => "user busy",
        /// 0010 no reply.
        NO_REPLY = 2 => "no reply",
        /// 0011 unconditional.
        UNCONDITIONAL = 3 => "unconditional",
        /// 0100 deflection during alerting.
        DEFLECTION_ALERTING = 4 => "deflection during alerting",
        /// 0101 deflection immediate response.
        DEFLECTION_IMMEDIATE = 5 => "deflection immediate response",
        /// 0110 mobile subscriber not reachable.
        MOBILE_NOT_REACHABLE = 6 => "mobile subscriber not reachable",
    }
}

impl CallingPartysCategory {
    /// Short name for [`Self::ORDINARY_SUBSCRIBER`] (10), the category of almost every call.
    pub const ORDINARY: Self = Self::ORDINARY_SUBSCRIBER;
}

impl IsupParameter for CallingPartysCategory {
    fn decode(octets: &[u8]) -> Result<Self, IsupError> {
        const P: &str = "calling party's category";
        // Q.763 §3.11: one octet.
        match octets {
            [c] => Ok(Self(*c)),
            [] => Err(IsupError::TooShort {
                parameter: P,
                len: 0,
            }),
            _ => Err(IsupError::TooLong {
                parameter: P,
                len: octets.len(),
                max: 1,
            }),
        }
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.0);
    }
}

/// Checks that a code point fits its bits, for the constructors.
fn check_bits(
    parameter: &'static str,
    field: &'static str,
    offset: usize,
    value: u8,
    max: u8,
) -> Result<(), IsupError> {
    if value > max {
        return Err(IsupError::InvalidField {
            parameter,
            field,
            offset,
        });
    }
    Ok(())
}

/// Splits human text into a nature of address and the signals: `+` first means international
/// (the `+` dropped), `0` first means national (the `0` kept, as Korean networks send national
/// numbers with their trunk prefix, e.g. `01012345678`), anything else unknown. Spaces and `-`
/// are ignored.
fn split_text(text: &str) -> (NatureOfAddress, String) {
    let cleaned: String = text.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if let Some(rest) = cleaned.strip_prefix('+') {
        (NatureOfAddress::INTERNATIONAL, rest.to_owned())
    } else if cleaned.starts_with('0') {
        (NatureOfAddress::NATIONAL, cleaned)
    } else {
        (NatureOfAddress::UNKNOWN, cleaned)
    }
}

/// Reads the first octet common to every number (odd/even, NAI) at `offset`.
fn odd_nai(
    parameter: &'static str,
    octets: &[u8],
    offset: usize,
) -> Result<(bool, NatureOfAddress), IsupError> {
    let o = octets.get(offset).ok_or(IsupError::TooShort {
        parameter,
        len: octets.len(),
    })?;
    Ok((o & 0x80 != 0, NatureOfAddress(o & 0x7f)))
}

/// Reads the octet at `offset`, which must exist.
fn octet_at(parameter: &'static str, octets: &[u8], offset: usize) -> Result<u8, IsupError> {
    octets.get(offset).copied().ok_or(IsupError::TooShort {
        parameter,
        len: octets.len(),
    })
}

/// The first octet of a number: odd/even indicator and nature of address (§3.9 a, b).
fn first_octet(nai: NatureOfAddress, digits: &Digits) -> u8 {
    (u8::from(digits.is_odd()) << 7) | (nai.0 & 0x7f)
}

/// Refuses signals with "address not available" (Q.763 §3.10 e, note).
fn check_available(
    parameter: &'static str,
    presentation: Presentation,
    digits: &Digits,
    offset: usize,
) -> Result<(), IsupError> {
    if presentation == Presentation::ADDRESS_NOT_AVAILABLE && !digits.is_empty() {
        return Err(IsupError::InvalidField {
            parameter,
            field: "address presentation restricted indicator",
            offset,
        });
    }
    Ok(())
}

fn fmt_number(f: &mut fmt::Formatter<'_>, nai: NatureOfAddress, digits: &Digits) -> fmt::Result {
    if nai == NatureOfAddress::INTERNATIONAL {
        f.write_str("+")?;
    }
    f.write_str(&digits.masked())
}

// ---------------------------------------------------------------------------------------------
// Called party number
// ---------------------------------------------------------------------------------------------

/// Called party number (Q.763 §3.9).
///
/// ```text
///     8     7 6 5 4 3 2 1
/// 1  O/E   nature of address indicator
/// 2  INN   numbering plan  spare
/// 3  2nd address signal | 1st address signal
/// n  filler (if odd)    | nth address signal
/// ```
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CalledPartyNumber {
    nature_of_address: NatureOfAddress,
    inn: bool,
    numbering_plan: NumberingPlan,
    digits: Digits,
}

impl CalledPartyNumber {
    const NAME: &'static str = "called party number";

    /// A number with the given NAI and NPI; INN 0 (routing to an internal network number allowed).
    /// `digits` may hold `0`–`9`, `B` (code 11), `C` (code 12) and a final `F` (ST).
    pub fn new(
        nature_of_address: NatureOfAddress,
        numbering_plan: NumberingPlan,
        digits: &str,
    ) -> Result<Self, IsupError> {
        check_bits(
            Self::NAME,
            "nature of address indicator",
            0,
            nature_of_address.0,
            NatureOfAddress::MAX,
        )?;
        check_bits(
            Self::NAME,
            "numbering plan indicator",
            1,
            numbering_plan.0,
            NumberingPlan::MAX,
        )?;
        Ok(Self {
            nature_of_address,
            inn: false,
            numbering_plan,
            digits: Digits::parse(Self::NAME, digits, SignalSet::Called)?,
        })
    }

    /// A national (significant) number, ISDN numbering plan.
    pub fn national(digits: &str) -> Result<Self, IsupError> {
        Self::new(NatureOfAddress::NATIONAL, NumberingPlan::ISDN, digits)
    }

    /// An international number (country code first, no `+`), ISDN numbering plan.
    pub fn international(digits: &str) -> Result<Self, IsupError> {
        Self::new(NatureOfAddress::INTERNATIONAL, NumberingPlan::ISDN, digits)
    }

    /// A subscriber number, ISDN numbering plan.
    pub fn subscriber(digits: &str) -> Result<Self, IsupError> {
        Self::new(NatureOfAddress::SUBSCRIBER, NumberingPlan::ISDN, digits)
    }

    /// From human text, ISDN numbering plan: `+821012345678` is international `821012345678`,
    /// `01012345678` (leading `0`) is national with the `0` kept, anything else has NAI unknown.
    /// Spaces and `-` are ignored.
    pub fn parse(text: &str) -> Result<Self, IsupError> {
        let (nai, digits) = split_text(text);
        Self::new(nai, NumberingPlan::ISDN, &digits)
    }

    /// Sets the internal network number indicator (§3.9 c): `true` = routing to an internal
    /// network number not allowed.
    pub fn with_inn(mut self, inn: bool) -> Self {
        self.inn = inn;
        self
    }

    /// The nature of address indicator.
    pub fn nature_of_address(&self) -> NatureOfAddress {
        self.nature_of_address
    }

    /// The internal network number indicator: `true` = routing to an internal network number
    /// not allowed.
    pub fn inn(&self) -> bool {
        self.inn
    }

    /// The numbering plan indicator.
    pub fn numbering_plan(&self) -> NumberingPlan {
        self.numbering_plan
    }

    /// The address signals, in clear (personal data: do not log).
    pub fn digits(&self) -> &str {
        self.digits.as_str()
    }

    /// The address signals as a [`Digits`] value.
    pub fn address(&self) -> &Digits {
        &self.digits
    }
}

impl IsupParameter for CalledPartyNumber {
    fn decode(octets: &[u8]) -> Result<Self, IsupError> {
        const P: &str = CalledPartyNumber::NAME;
        let (odd, nature_of_address) = odd_nai(P, octets, 0)?;
        let o2 = octet_at(P, octets, 1)?;
        Ok(Self {
            nature_of_address,
            inn: o2 & 0x80 != 0,
            numbering_plan: NumberingPlan((o2 >> 4) & 0x07),
            digits: Digits::decode(P, octets, 2, odd, SignalSet::Called)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.push(first_octet(self.nature_of_address, &self.digits));
        out.push((u8::from(self.inn) << 7) | ((self.numbering_plan.0 & 0x07) << 4));
        self.digits.encode(out);
    }
}

impl fmt::Debug for CalledPartyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CalledPartyNumber")
            .field("nature_of_address", &self.nature_of_address)
            .field("inn", &self.inn)
            .field("numbering_plan", &self.numbering_plan)
            .field("digits", &Masked(self.digits.as_str()))
            .finish()
    }
}

impl fmt::Display for CalledPartyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_number(f, self.nature_of_address, &self.digits)
    }
}

impl FromStr for CalledPartyNumber {
    type Err = IsupError;
    fn from_str(s: &str) -> Result<Self, IsupError> {
        Self::parse(s)
    }
}

// ---------------------------------------------------------------------------------------------
// Calling party number
// ---------------------------------------------------------------------------------------------

/// Calling party number (Q.763 §3.10).
///
/// ```text
///     8     7 6 5 4 3 2 1
/// 1  O/E   nature of address indicator
/// 2  NI    numbering plan  APRI  SI
/// 3  2nd address signal | 1st address signal
/// n  filler (if odd)    | nth address signal
/// ```
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CallingPartyNumber {
    nature_of_address: NatureOfAddress,
    number_incomplete: bool,
    numbering_plan: NumberingPlan,
    presentation: Presentation,
    screening: Screening,
    digits: Digits,
}

impl CallingPartyNumber {
    const NAME: &'static str = "calling party number";

    /// A number with every field given; `digits` may hold `0`–`9` only, and must be empty when
    /// `presentation` is [`Presentation::ADDRESS_NOT_AVAILABLE`].
    pub fn new(
        nature_of_address: NatureOfAddress,
        numbering_plan: NumberingPlan,
        presentation: Presentation,
        screening: Screening,
        digits: &str,
    ) -> Result<Self, IsupError> {
        check_bits(
            Self::NAME,
            "nature of address indicator",
            0,
            nature_of_address.0,
            NatureOfAddress::MAX,
        )?;
        check_bits(
            Self::NAME,
            "numbering plan indicator",
            1,
            numbering_plan.0,
            NumberingPlan::MAX,
        )?;
        check_bits(
            Self::NAME,
            "address presentation restricted indicator",
            1,
            presentation.0,
            Presentation::MAX,
        )?;
        check_bits(
            Self::NAME,
            "screening indicator",
            1,
            screening.0,
            Screening::MAX,
        )?;
        let digits = Digits::parse(Self::NAME, digits, SignalSet::Decimal)?;
        check_available(Self::NAME, presentation, &digits, 1)?;
        Ok(Self {
            nature_of_address,
            number_incomplete: false,
            numbering_plan,
            presentation,
            screening,
            digits,
        })
    }

    /// A national number, ISDN, presentation allowed, network provided.
    pub fn national(digits: &str) -> Result<Self, IsupError> {
        Self::new(
            NatureOfAddress::NATIONAL,
            NumberingPlan::ISDN,
            Presentation::ALLOWED,
            Screening::NETWORK_PROVIDED,
            digits,
        )
    }

    /// An international number, ISDN, presentation allowed, network provided.
    pub fn international(digits: &str) -> Result<Self, IsupError> {
        Self::new(
            NatureOfAddress::INTERNATIONAL,
            NumberingPlan::ISDN,
            Presentation::ALLOWED,
            Screening::NETWORK_PROVIDED,
            digits,
        )
    }

    /// From human text as [`CalledPartyNumber::parse`]; presentation allowed, network provided.
    pub fn parse(text: &str) -> Result<Self, IsupError> {
        let (nai, digits) = split_text(text);
        Self::new(
            nai,
            NumberingPlan::ISDN,
            Presentation::ALLOWED,
            Screening::NETWORK_PROVIDED,
            &digits,
        )
    }

    /// "Address not available" as Q.763 §3.10 (note) codes it: NAI, NI and NPI 0, APRI 10,
    /// screening 11 (network provided), no signals.
    pub fn not_available() -> Self {
        Self {
            nature_of_address: NatureOfAddress::SPARE,
            number_incomplete: false,
            numbering_plan: NumberingPlan::SPARE,
            presentation: Presentation::ADDRESS_NOT_AVAILABLE,
            screening: Screening::NETWORK_PROVIDED,
            digits: Digits::EMPTY,
        }
    }

    /// Sets the number incomplete indicator (§3.10 c): `true` = incomplete.
    pub fn with_number_incomplete(mut self, incomplete: bool) -> Self {
        self.number_incomplete = incomplete;
        self
    }

    /// The nature of address indicator.
    pub fn nature_of_address(&self) -> NatureOfAddress {
        self.nature_of_address
    }

    /// The number incomplete indicator: `true` = incomplete.
    pub fn number_incomplete(&self) -> bool {
        self.number_incomplete
    }

    /// The numbering plan indicator.
    pub fn numbering_plan(&self) -> NumberingPlan {
        self.numbering_plan
    }

    /// The address presentation restricted indicator.
    pub fn presentation(&self) -> Presentation {
        self.presentation
    }

    /// The screening indicator.
    pub fn screening(&self) -> Screening {
        self.screening
    }

    /// The address signals, in clear (personal data: do not log).
    pub fn digits(&self) -> &str {
        self.digits.as_str()
    }

    /// The address signals as a [`Digits`] value.
    pub fn address(&self) -> &Digits {
        &self.digits
    }
}

impl IsupParameter for CallingPartyNumber {
    fn decode(octets: &[u8]) -> Result<Self, IsupError> {
        const P: &str = CallingPartyNumber::NAME;
        let (odd, nature_of_address) = odd_nai(P, octets, 0)?;
        let o2 = octet_at(P, octets, 1)?;
        let presentation = Presentation((o2 >> 2) & 0x03);
        let digits = Digits::decode(P, octets, 2, odd, SignalSet::Decimal)?;
        check_available(P, presentation, &digits, 1)?;
        Ok(Self {
            nature_of_address,
            number_incomplete: o2 & 0x80 != 0,
            numbering_plan: NumberingPlan((o2 >> 4) & 0x07),
            presentation,
            screening: Screening(o2 & 0x03),
            digits,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.push(first_octet(self.nature_of_address, &self.digits));
        out.push(
            (u8::from(self.number_incomplete) << 7)
                | ((self.numbering_plan.0 & 0x07) << 4)
                | ((self.presentation.0 & 0x03) << 2)
                | (self.screening.0 & 0x03),
        );
        self.digits.encode(out);
    }
}

impl fmt::Debug for CallingPartyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallingPartyNumber")
            .field("nature_of_address", &self.nature_of_address)
            .field("number_incomplete", &self.number_incomplete)
            .field("numbering_plan", &self.numbering_plan)
            .field("presentation", &self.presentation)
            .field("screening", &self.screening)
            .field("digits", &Masked(self.digits.as_str()))
            .finish()
    }
}

impl fmt::Display for CallingPartyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_number(f, self.nature_of_address, &self.digits)
    }
}

impl FromStr for CallingPartyNumber {
    type Err = IsupError;
    fn from_str(s: &str) -> Result<Self, IsupError> {
        Self::parse(s)
    }
}

// ---------------------------------------------------------------------------------------------
// Original called number / redirecting number (same format)
// ---------------------------------------------------------------------------------------------

macro_rules! redirect_number {
    ($(#[$doc:meta])* $name:ident, $pname:literal) => {
        $(#[$doc])*
        ///
        /// ```text
        ///     8     7 6 5 4 3 2 1
        /// 1  O/E   nature of address indicator
        /// 2  spare numbering plan  APRI  spare
        /// 3  2nd address signal | 1st address signal
        /// n  filler (if odd)    | nth address signal
        /// ```
        #[derive(Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        pub struct $name {
            nature_of_address: NatureOfAddress,
            numbering_plan: NumberingPlan,
            presentation: Presentation,
            digits: Digits,
        }

        impl $name {
            const NAME: &'static str = $pname;

            /// A number with every field given; `digits` may hold `0`–`9` only, and must be
            /// empty when `presentation` is [`Presentation::ADDRESS_NOT_AVAILABLE`].
            pub fn new(
                nature_of_address: NatureOfAddress,
                numbering_plan: NumberingPlan,
                presentation: Presentation,
                digits: &str,
            ) -> Result<Self, IsupError> {
                check_bits(Self::NAME, "nature of address indicator", 0, nature_of_address.0, NatureOfAddress::MAX)?;
                check_bits(Self::NAME, "numbering plan indicator", 1, numbering_plan.0, NumberingPlan::MAX)?;
                check_bits(Self::NAME, "address presentation restricted indicator", 1, presentation.0, Presentation::MAX)?;
                let digits = Digits::parse(Self::NAME, digits, SignalSet::Decimal)?;
                check_available(Self::NAME, presentation, &digits, 1)?;
                Ok(Self { nature_of_address, numbering_plan, presentation, digits })
            }

            /// The called party number `called` in this format, presentation allowed: what an
            /// SCP puts here when it routes a call to a virtual number elsewhere. Same NAI, NPI and
            /// signals; an error when `called` holds signals this format cannot carry (B, C, ST).
            pub fn from_called(called: &CalledPartyNumber) -> Result<Self, IsupError> {
                if let Some(position) = called.digits.as_str().bytes().position(|c| !c.is_ascii_digit()) {
                    return Err(IsupError::InvalidCharacter {
                        parameter: Self::NAME,
                        character: char::from(called.digits.as_str().as_bytes()[position]),
                        position,
                    });
                }
                Ok(Self {
                    nature_of_address: called.nature_of_address,
                    numbering_plan: called.numbering_plan,
                    presentation: Presentation::ALLOWED,
                    digits: called.digits.clone(),
                })
            }

            /// A national number, ISDN, presentation allowed.
            pub fn national(digits: &str) -> Result<Self, IsupError> {
                Self::new(NatureOfAddress::NATIONAL, NumberingPlan::ISDN, Presentation::ALLOWED, digits)
            }

            /// An international number, ISDN, presentation allowed.
            pub fn international(digits: &str) -> Result<Self, IsupError> {
                Self::new(NatureOfAddress::INTERNATIONAL, NumberingPlan::ISDN, Presentation::ALLOWED, digits)
            }

            /// From human text as [`CalledPartyNumber::parse`]; presentation allowed.
            pub fn parse(text: &str) -> Result<Self, IsupError> {
                let (nai, digits) = split_text(text);
                Self::new(nai, NumberingPlan::ISDN, Presentation::ALLOWED, &digits)
            }

            /// The nature of address indicator.
            pub fn nature_of_address(&self) -> NatureOfAddress {
                self.nature_of_address
            }

            /// The numbering plan indicator.
            pub fn numbering_plan(&self) -> NumberingPlan {
                self.numbering_plan
            }

            /// The address presentation restricted indicator.
            pub fn presentation(&self) -> Presentation {
                self.presentation
            }

            /// The address signals, in clear (personal data: do not log).
            pub fn digits(&self) -> &str {
                self.digits.as_str()
            }

            /// The address signals as a [`Digits`] value.
            pub fn address(&self) -> &Digits {
                &self.digits
            }
        }

        impl IsupParameter for $name {
            fn decode(octets: &[u8]) -> Result<Self, IsupError> {
                const P: &str = $name::NAME;
                let (odd, nature_of_address) = odd_nai(P, octets, 0)?;
                let o2 = octet_at(P, octets, 1)?;
                let presentation = Presentation((o2 >> 2) & 0x03);
                let digits = Digits::decode(P, octets, 2, odd, SignalSet::Decimal)?;
                check_available(P, presentation, &digits, 1)?;
                Ok(Self {
                    nature_of_address,
                    numbering_plan: NumberingPlan((o2 >> 4) & 0x07),
                    presentation,
                    digits,
                })
            }

            fn encode(&self, out: &mut Vec<u8>) {
                out.push(first_octet(self.nature_of_address, &self.digits));
                out.push(((self.numbering_plan.0 & 0x07) << 4) | ((self.presentation.0 & 0x03) << 2));
                self.digits.encode(out);
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("nature_of_address", &self.nature_of_address)
                    .field("numbering_plan", &self.numbering_plan)
                    .field("presentation", &self.presentation)
                    .field("digits", &Masked(self.digits.as_str()))
                    .finish()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_number(f, self.nature_of_address, &self.digits)
            }
        }

        impl FromStr for $name {
            type Err = IsupError;
            fn from_str(s: &str) -> Result<Self, IsupError> {
                Self::parse(s)
            }
        }
    };
}

redirect_number! {
    /// Original called number (Q.763 §3.39), INAP's `OriginalCalledPartyID`.
    OriginalCalledPartyId, "original called number"
}

redirect_number! {
    /// Redirecting number (Q.763 §3.44), INAP's `RedirectingPartyID`.
    RedirectingPartyId, "redirecting number"
}

// ---------------------------------------------------------------------------------------------
// Location number
// ---------------------------------------------------------------------------------------------

/// Location number (Q.763 §3.30).
///
/// ```text
///     8     7 6 5 4 3 2 1
/// 1  O/E   nature of address indicator
/// 2  INN   numbering plan  APRI  SI
/// 3  2nd address signal | 1st address signal
/// n  filler (if odd)    | nth address signal
/// ```
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LocationNumber {
    nature_of_address: NatureOfAddress,
    inn: bool,
    numbering_plan: NumberingPlan,
    presentation: Presentation,
    screening: Screening,
    digits: Digits,
}

impl LocationNumber {
    const NAME: &'static str = "location number";

    /// A number with every field but INN given (INN 0); `digits` may hold `0`–`9` only, and must
    /// be empty when `presentation` is [`Presentation::ADDRESS_NOT_AVAILABLE`].
    pub fn new(
        nature_of_address: NatureOfAddress,
        numbering_plan: NumberingPlan,
        presentation: Presentation,
        screening: Screening,
        digits: &str,
    ) -> Result<Self, IsupError> {
        check_bits(
            Self::NAME,
            "nature of address indicator",
            0,
            nature_of_address.0,
            NatureOfAddress::MAX,
        )?;
        check_bits(
            Self::NAME,
            "numbering plan indicator",
            1,
            numbering_plan.0,
            NumberingPlan::MAX,
        )?;
        check_bits(
            Self::NAME,
            "address presentation restricted indicator",
            1,
            presentation.0,
            Presentation::MAX,
        )?;
        check_bits(
            Self::NAME,
            "screening indicator",
            1,
            screening.0,
            Screening::MAX,
        )?;
        let digits = Digits::parse(Self::NAME, digits, SignalSet::Decimal)?;
        check_available(Self::NAME, presentation, &digits, 1)?;
        Ok(Self {
            nature_of_address,
            inn: false,
            numbering_plan,
            presentation,
            screening,
            digits,
        })
    }

    /// A national number, ISDN, presentation allowed, network provided.
    pub fn national(digits: &str) -> Result<Self, IsupError> {
        Self::new(
            NatureOfAddress::NATIONAL,
            NumberingPlan::ISDN,
            Presentation::ALLOWED,
            Screening::NETWORK_PROVIDED,
            digits,
        )
    }

    /// Sets the internal network number indicator: `true` = routing to an internal network
    /// number not allowed.
    pub fn with_inn(mut self, inn: bool) -> Self {
        self.inn = inn;
        self
    }

    /// The nature of address indicator.
    pub fn nature_of_address(&self) -> NatureOfAddress {
        self.nature_of_address
    }

    /// The internal network number indicator.
    pub fn inn(&self) -> bool {
        self.inn
    }

    /// The numbering plan indicator.
    pub fn numbering_plan(&self) -> NumberingPlan {
        self.numbering_plan
    }

    /// The address presentation restricted indicator.
    pub fn presentation(&self) -> Presentation {
        self.presentation
    }

    /// The screening indicator.
    pub fn screening(&self) -> Screening {
        self.screening
    }

    /// The address signals, in clear (personal data: do not log).
    pub fn digits(&self) -> &str {
        self.digits.as_str()
    }

    /// The address signals as a [`Digits`] value.
    pub fn address(&self) -> &Digits {
        &self.digits
    }
}

impl IsupParameter for LocationNumber {
    fn decode(octets: &[u8]) -> Result<Self, IsupError> {
        const P: &str = LocationNumber::NAME;
        let (odd, nature_of_address) = odd_nai(P, octets, 0)?;
        let o2 = octet_at(P, octets, 1)?;
        let presentation = Presentation((o2 >> 2) & 0x03);
        let digits = Digits::decode(P, octets, 2, odd, SignalSet::Decimal)?;
        check_available(P, presentation, &digits, 1)?;
        Ok(Self {
            nature_of_address,
            inn: o2 & 0x80 != 0,
            numbering_plan: NumberingPlan((o2 >> 4) & 0x07),
            presentation,
            screening: Screening(o2 & 0x03),
            digits,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.push(first_octet(self.nature_of_address, &self.digits));
        out.push(
            (u8::from(self.inn) << 7)
                | ((self.numbering_plan.0 & 0x07) << 4)
                | ((self.presentation.0 & 0x03) << 2)
                | (self.screening.0 & 0x03),
        );
        self.digits.encode(out);
    }
}

impl fmt::Debug for LocationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocationNumber")
            .field("nature_of_address", &self.nature_of_address)
            .field("inn", &self.inn)
            .field("numbering_plan", &self.numbering_plan)
            .field("presentation", &self.presentation)
            .field("screening", &self.screening)
            .field("digits", &Masked(self.digits.as_str()))
            .finish()
    }
}

impl fmt::Display for LocationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_number(f, self.nature_of_address, &self.digits)
    }
}

// ---------------------------------------------------------------------------------------------
// Generic number
// ---------------------------------------------------------------------------------------------

/// Generic number (Q.763 §3.26).
///
/// ```text
///     8     7 6 5 4 3 2 1
/// 1  number qualifier indicator
/// 2  O/E   nature of address indicator
/// 3  NI    numbering plan  APRI  SI
/// 4  2nd address signal | 1st address signal
/// n  filler (if odd)    | nth address signal
/// ```
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GenericNumber {
    number_qualifier: NumberQualifier,
    nature_of_address: NatureOfAddress,
    number_incomplete: bool,
    numbering_plan: NumberingPlan,
    presentation: Presentation,
    screening: Screening,
    digits: Digits,
}

impl GenericNumber {
    const NAME: &'static str = "generic number";

    /// A number with every field but NI given (NI 0, complete); `digits` may hold `0`–`9` only,
    /// and must be empty when `presentation` is [`Presentation::ADDRESS_NOT_AVAILABLE`].
    pub fn new(
        number_qualifier: NumberQualifier,
        nature_of_address: NatureOfAddress,
        numbering_plan: NumberingPlan,
        presentation: Presentation,
        screening: Screening,
        digits: &str,
    ) -> Result<Self, IsupError> {
        check_bits(
            Self::NAME,
            "nature of address indicator",
            1,
            nature_of_address.0,
            NatureOfAddress::MAX,
        )?;
        check_bits(
            Self::NAME,
            "numbering plan indicator",
            2,
            numbering_plan.0,
            NumberingPlan::MAX,
        )?;
        check_bits(
            Self::NAME,
            "address presentation restricted indicator",
            2,
            presentation.0,
            Presentation::MAX,
        )?;
        check_bits(
            Self::NAME,
            "screening indicator",
            2,
            screening.0,
            Screening::MAX,
        )?;
        let digits = Digits::parse(Self::NAME, digits, SignalSet::Decimal)?;
        check_available(Self::NAME, presentation, &digits, 2)?;
        Ok(Self {
            number_qualifier,
            nature_of_address,
            number_incomplete: false,
            numbering_plan,
            presentation,
            screening,
            digits,
        })
    }

    /// Sets the number incomplete indicator: `true` = incomplete.
    pub fn with_number_incomplete(mut self, incomplete: bool) -> Self {
        self.number_incomplete = incomplete;
        self
    }

    /// The number qualifier indicator.
    pub fn number_qualifier(&self) -> NumberQualifier {
        self.number_qualifier
    }

    /// The nature of address indicator.
    pub fn nature_of_address(&self) -> NatureOfAddress {
        self.nature_of_address
    }

    /// The number incomplete indicator: `true` = incomplete.
    pub fn number_incomplete(&self) -> bool {
        self.number_incomplete
    }

    /// The numbering plan indicator.
    pub fn numbering_plan(&self) -> NumberingPlan {
        self.numbering_plan
    }

    /// The address presentation restricted indicator.
    pub fn presentation(&self) -> Presentation {
        self.presentation
    }

    /// The screening indicator.
    pub fn screening(&self) -> Screening {
        self.screening
    }

    /// The address signals, in clear (personal data: do not log).
    pub fn digits(&self) -> &str {
        self.digits.as_str()
    }

    /// The address signals as a [`Digits`] value.
    pub fn address(&self) -> &Digits {
        &self.digits
    }
}

impl IsupParameter for GenericNumber {
    fn decode(octets: &[u8]) -> Result<Self, IsupError> {
        const P: &str = GenericNumber::NAME;
        let number_qualifier = NumberQualifier(octet_at(P, octets, 0)?);
        let (odd, nature_of_address) = odd_nai(P, octets, 1)?;
        let o3 = octet_at(P, octets, 2)?;
        let presentation = Presentation((o3 >> 2) & 0x03);
        let digits = Digits::decode(P, octets, 3, odd, SignalSet::Decimal)?;
        check_available(P, presentation, &digits, 2)?;
        Ok(Self {
            number_qualifier,
            nature_of_address,
            number_incomplete: o3 & 0x80 != 0,
            numbering_plan: NumberingPlan((o3 >> 4) & 0x07),
            presentation,
            screening: Screening(o3 & 0x03),
            digits,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.number_qualifier.0);
        out.push(first_octet(self.nature_of_address, &self.digits));
        out.push(
            (u8::from(self.number_incomplete) << 7)
                | ((self.numbering_plan.0 & 0x07) << 4)
                | ((self.presentation.0 & 0x03) << 2)
                | (self.screening.0 & 0x03),
        );
        self.digits.encode(out);
    }
}

impl fmt::Debug for GenericNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GenericNumber")
            .field("number_qualifier", &self.number_qualifier)
            .field("nature_of_address", &self.nature_of_address)
            .field("number_incomplete", &self.number_incomplete)
            .field("numbering_plan", &self.numbering_plan)
            .field("presentation", &self.presentation)
            .field("screening", &self.screening)
            .field("digits", &Masked(self.digits.as_str()))
            .finish()
    }
}

impl fmt::Display for GenericNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_number(f, self.nature_of_address, &self.digits)
    }
}

// ---------------------------------------------------------------------------------------------
// Cause
// ---------------------------------------------------------------------------------------------

/// Cause indicators (Q.763 §3.12, coded as Q.850 §2).
///
/// ```text
///      8    7 6        5      4 3 2 1
/// 1   ext  coding std spare  location
/// 1a  ext  recommendation               (only when octet 1's ext is 0)
/// 2   ext  cause value                  (ext 1)
/// 3…  diagnostics (optional)
/// ```
///
/// The diagnostics are kept raw, at most [`Cause::MAX_DIAGNOSTICS`] octets.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Cause {
    coding_standard: CodingStandard,
    location: Location,
    recommendation: Option<Recommendation>,
    value: CauseValue,
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::isup::serialize_hex")
    )]
    diagnostics: Vec<u8>,
}

impl Cause {
    const NAME: &'static str = "cause indicators";

    /// The most diagnostic octets kept. Q.850 diagnostics are a few octets; the DSS1 cause
    /// information element (Q.931 §4.5.12) is at most 32 octets in all, which this bound respects.
    pub const MAX_DIAGNOSTICS: usize = 27;

    /// An ITU-T coded cause with no recommendation and no diagnostics.
    pub fn new(location: Location, value: CauseValue) -> Result<Self, IsupError> {
        check_bits(Self::NAME, "location", 0, location.0, Location::MAX)?;
        check_bits(Self::NAME, "cause value", 1, value.0, CauseValue::MAX)?;
        Ok(Self {
            coding_standard: CodingStandard::ITU_T,
            location,
            recommendation: None,
            value,
            diagnostics: Vec::new(),
        })
    }

    /// Sets the coding standard.
    pub fn with_coding_standard(
        mut self,
        coding_standard: CodingStandard,
    ) -> Result<Self, IsupError> {
        check_bits(
            Self::NAME,
            "coding standard",
            0,
            coding_standard.0,
            CodingStandard::MAX,
        )?;
        self.coding_standard = coding_standard;
        Ok(self)
    }

    /// Adds the recommendation octet 1a.
    pub fn with_recommendation(
        mut self,
        recommendation: Recommendation,
    ) -> Result<Self, IsupError> {
        check_bits(
            Self::NAME,
            "recommendation",
            1,
            recommendation.0,
            Recommendation::MAX,
        )?;
        self.recommendation = Some(recommendation);
        Ok(self)
    }

    /// Sets the diagnostics (raw octets, at most [`Self::MAX_DIAGNOSTICS`]).
    pub fn with_diagnostics(mut self, diagnostics: &[u8]) -> Result<Self, IsupError> {
        if diagnostics.len() > Self::MAX_DIAGNOSTICS {
            return Err(IsupError::TooLong {
                parameter: Self::NAME,
                len: self.fixed_len() + diagnostics.len(),
                max: self.fixed_len() + Self::MAX_DIAGNOSTICS,
            });
        }
        self.diagnostics = diagnostics.to_vec();
        Ok(self)
    }

    fn fixed_len(&self) -> usize {
        2 + usize::from(self.recommendation.is_some())
    }

    /// The coding standard.
    pub fn coding_standard(&self) -> CodingStandard {
        self.coding_standard
    }

    /// The location.
    pub fn location(&self) -> Location {
        self.location
    }

    /// The recommendation (octet 1a), if present.
    pub fn recommendation(&self) -> Option<Recommendation> {
        self.recommendation
    }

    /// The cause value.
    pub fn value(&self) -> CauseValue {
        self.value
    }

    /// The diagnostics, raw.
    pub fn diagnostics(&self) -> &[u8] {
        &self.diagnostics
    }
}

impl IsupParameter for Cause {
    fn decode(octets: &[u8]) -> Result<Self, IsupError> {
        const P: &str = Cause::NAME;
        let too_short = IsupError::TooShort {
            parameter: P,
            len: octets.len(),
        };
        let o1 = *octets.first().ok_or(too_short.clone())?;
        let coding_standard = CodingStandard((o1 >> 5) & 0x03);
        let location = Location(o1 & 0x0f);
        // Q.850 §2.2.1: ext 0 in octet 3 means octet 3a (the recommendation) follows.
        let (recommendation, value_at) = if o1 & 0x80 == 0 {
            let o1a = *octets.get(1).ok_or(too_short.clone())?;
            if o1a & 0x80 == 0 {
                // Only one recommendation octet exists: its ext must be 1.
                return Err(IsupError::InvalidField {
                    parameter: P,
                    field: "extension indicator",
                    offset: 1,
                });
            }
            (Some(Recommendation(o1a & 0x7f)), 2)
        } else {
            (None, 1)
        };
        let ov = *octets.get(value_at).ok_or(too_short)?;
        if ov & 0x80 == 0 {
            // Q.850 §2.2: the cause value octet is the last of the group, ext 1.
            return Err(IsupError::InvalidField {
                parameter: P,
                field: "extension indicator",
                offset: value_at,
            });
        }
        let diagnostics = octets.get(value_at + 1..).unwrap_or(&[]);
        if diagnostics.len() > Cause::MAX_DIAGNOSTICS {
            return Err(IsupError::TooLong {
                parameter: P,
                len: octets.len(),
                max: value_at + 1 + Cause::MAX_DIAGNOSTICS,
            });
        }
        Ok(Self {
            coding_standard,
            location,
            recommendation,
            value: CauseValue(ov & 0x7f),
            diagnostics: diagnostics.to_vec(),
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let ext = if self.recommendation.is_some() {
            0
        } else {
            0x80
        };
        out.push(ext | ((self.coding_standard.0 & 0x03) << 5) | (self.location.0 & 0x0f));
        if let Some(r) = self.recommendation {
            out.push(0x80 | (r.0 & 0x7f));
        }
        out.push(0x80 | (self.value.0 & 0x7f));
        out.extend_from_slice(&self.diagnostics);
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}), location: {}",
            self.value, self.value.0, self.location
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Redirection information
// ---------------------------------------------------------------------------------------------

/// Redirection information (Q.763 §3.45), two octets as INAP's `RedirectionInformation`
/// (`OCTET STRING (SIZE (2))`).
///
/// ```text
///     8 7 6 5                        4      3 2 1
/// 1  original redirection reason    spare  redirecting indicator
/// 2  redirecting reason             spare  redirection counter
/// ```
///
/// The redirection counter is kept as sent (0–7); Q.763 uses 1–5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RedirectionInformation {
    redirecting_indicator: RedirectingIndicator,
    original_redirection_reason: RedirectionReason,
    redirection_counter: u8,
    redirecting_reason: RedirectionReason,
}

impl RedirectionInformation {
    const NAME: &'static str = "redirection information";

    /// From its fields; the counter must fit 3 bits.
    pub fn new(
        redirecting_indicator: RedirectingIndicator,
        original_redirection_reason: RedirectionReason,
        redirection_counter: u8,
        redirecting_reason: RedirectionReason,
    ) -> Result<Self, IsupError> {
        check_bits(
            Self::NAME,
            "redirecting indicator",
            0,
            redirecting_indicator.0,
            RedirectingIndicator::MAX,
        )?;
        check_bits(
            Self::NAME,
            "original redirection reason",
            0,
            original_redirection_reason.0,
            RedirectionReason::MAX,
        )?;
        check_bits(Self::NAME, "redirection counter", 1, redirection_counter, 7)?;
        check_bits(
            Self::NAME,
            "redirecting reason",
            1,
            redirecting_reason.0,
            RedirectionReason::MAX,
        )?;
        Ok(Self {
            redirecting_indicator,
            original_redirection_reason,
            redirection_counter,
            redirecting_reason,
        })
    }

    /// The redirecting indicator.
    pub fn redirecting_indicator(&self) -> RedirectingIndicator {
        self.redirecting_indicator
    }

    /// The original redirection reason.
    pub fn original_redirection_reason(&self) -> RedirectionReason {
        self.original_redirection_reason
    }

    /// The redirection counter.
    pub fn redirection_counter(&self) -> u8 {
        self.redirection_counter
    }

    /// The redirecting reason.
    pub fn redirecting_reason(&self) -> RedirectionReason {
        self.redirecting_reason
    }
}

impl IsupParameter for RedirectionInformation {
    fn decode(octets: &[u8]) -> Result<Self, IsupError> {
        const P: &str = RedirectionInformation::NAME;
        match octets {
            [o1, o2] => Ok(Self {
                redirecting_indicator: RedirectingIndicator(o1 & 0x07),
                original_redirection_reason: RedirectionReason(o1 >> 4),
                redirection_counter: o2 & 0x07,
                redirecting_reason: RedirectionReason(o2 >> 4),
            }),
            [] | [_] => Err(IsupError::TooShort {
                parameter: P,
                len: octets.len(),
            }),
            _ => Err(IsupError::TooLong {
                parameter: P,
                len: octets.len(),
                max: 2,
            }),
        }
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.push(
            ((self.original_redirection_reason.0 & 0x0f) << 4)
                | (self.redirecting_indicator.0 & 0x07),
        );
        out.push(((self.redirecting_reason.0 & 0x0f) << 4) | (self.redirection_counter & 0x07));
    }
}

/// Serializes octets as a lowercase hex string (for the `serde` feature).
#[cfg(feature = "serde")]
pub(crate) fn serialize_hex<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(text, "{b:02x}");
    }
    s.serialize_str(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_called_party_id_from_called_keeps_nai_npi_and_digits() {
        let called = CalledPartyNumber::national("050412345678").unwrap();
        let ocpi = OriginalCalledPartyId::from_called(&called).unwrap();
        assert_eq!(
            ocpi,
            OriginalCalledPartyId::new(
                NatureOfAddress::NATIONAL,
                NumberingPlan::ISDN,
                Presentation::ALLOWED,
                "050412345678"
            )
            .unwrap()
        );
        let international = CalledPartyNumber::international("82504123456").unwrap();
        let r = RedirectingPartyId::from_called(&international).unwrap();
        assert_eq!(r.nature_of_address(), NatureOfAddress::INTERNATIONAL);
        // A called number ending in ST (F) cannot be an original called number.
        let with_st = CalledPartyNumber::national("0504123F").unwrap();
        assert!(matches!(
            OriginalCalledPartyId::from_called(&with_st),
            Err(IsupError::InvalidCharacter {
                character: 'F',
                position: 7,
                ..
            })
        ));
    }

    #[test]
    fn digits_text_and_codes() {
        let d = Digits::new("0b1c2f").unwrap();
        assert_eq!(d.as_str(), "0B1C2F");
        assert_eq!(d.len(), 6);
        assert!(!d.is_odd());
        assert!(!d.is_empty());
        let mut out = Vec::new();
        d.encode(&mut out);
        assert_eq!(out, [0xB0, 0xC1, 0xF2]);
        assert!(Digits::EMPTY.is_empty());
        assert_eq!(Digits::EMPTY.as_str(), "");
        assert_eq!(
            format!("{:?}", Digits::new("12345678").unwrap()),
            "Digits(\"****-5678\")"
        );
    }

    #[test]
    fn text_splitting() {
        assert_eq!(
            split_text("+82 10-1234-5678"),
            (NatureOfAddress::INTERNATIONAL, "821012345678".to_owned())
        );
        assert_eq!(
            split_text("010-1234-5678"),
            (NatureOfAddress::NATIONAL, "01012345678".to_owned())
        );
        assert_eq!(
            split_text("1588 1234"),
            (NatureOfAddress::UNKNOWN, "15881234".to_owned())
        );
    }

    #[test]
    fn code_point_names() {
        assert_eq!(
            NatureOfAddress::NATIONAL.to_string(),
            "national (significant) number"
        );
        assert_eq!(format!("{:?}", NatureOfAddress::NATIONAL), "NATIONAL");
        assert_eq!(
            format!("{:?}", NatureOfAddress(0x71)),
            "NatureOfAddress(113)"
        );
        assert_eq!(NatureOfAddress(0x71).to_string(), "unknown (113)");
        assert_eq!(NatureOfAddress::MAX, 0x7f);
        assert_eq!(NumberingPlan::MAX, 7);
        assert_eq!(Presentation::MAX, 3);
        assert_eq!(Location::MAX, 15);
        assert_eq!(CallingPartysCategory::MAX, 255);
        assert_eq!(
            Location::BEYOND_INTERWORKING.name(),
            Some("network beyond interworking point")
        );
        assert_eq!(CauseValue(5).name(), None);
    }

    #[test]
    fn mask_counts_characters_not_bytes() {
        // Not digits, but mask() must not split a character whatever it is given.
        assert_eq!(mask("가나다라마바사아"), "****-마바사아");
    }
}
