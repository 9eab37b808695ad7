//! Keeping real phone numbers out of logs.
//!
//! A number the SCP knows is one is masked by the type that holds it (`store::RealNumber`,
//! the `inap::isup` numbers, `inap::isup::mask`: `010-****-5678`); every raw message it logs (a
//! malformed one, for the engineer who has to find out what the switch sent) goes through
//! [`MaskedHex`], which blanks what could be a phone number in packed BCD: a malformed
//! message cannot be decoded to find its numbers, so the rule is structural — every run of three
//! or more octets whose both nibbles are decimal digits (a filler `F` allowed in the high nibble
//! of the run's last octet) keeps its last two octets and shows the rest as `**`. That covers the
//! ISUP number parameters (Q.763 §3.9/§3.10: two digits per octet, low nibble first) and the
//! SCCP global titles (Q.713 §3.4.2.3) at the price of blanking some other decimal-looking octets
//! too; the tags, lengths and the structure stay readable.

use std::fmt;

/// Raw bytes as lowercase hex with the BCD runs that could be phone numbers blanked (module
/// docs).
#[derive(Clone, Copy)]
pub struct MaskedHex<'a>(pub &'a [u8]);

/// Bytes of a run shown in clear at its end.
const KEEP: usize = 2;
/// Shortest run masked.
const MIN_RUN: usize = 3;

fn bcd(b: u8, last_of_run: bool) -> bool {
    let lo = b & 0x0f;
    let hi = b >> 4;
    lo <= 9 && (hi <= 9 || (last_of_run && hi == 0x0f))
}

impl fmt::Display for MaskedHex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        let mut i = 0;
        while i < b.len() {
            // The run of BCD octets starting here (a trailing filler octet ends it).
            let mut end = i;
            while end < b.len() && bcd(b[end], false) {
                end += 1;
            }
            if end < b.len() && end > i && bcd(b[end], true) {
                end += 1;
            }
            if end - i >= MIN_RUN {
                for _ in i..end - KEEP {
                    f.write_str("**")?;
                }
                for x in &b[end - KEEP..end] {
                    write!(f, "{x:02x}")?;
                }
                i = end;
            } else {
                write!(f, "{:02x}", b[i])?;
                i += 1;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for MaskedHex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcd_numbers_in_raw_bytes_are_blanked() {
        // CalledPartyNumber 01012345678 as ISUP sends it: NAI, INN/NP, then BCD low nibble first.
        // Behind a context tag and its length ([2] len 10), as INAP carries it.
        let isup = [0xa2, 0x0a, 0x83, 0x10, 0x10, 0x10, 0x32, 0x54, 0x76, 0xf8];
        let hex = MaskedHex(&isup).to_string();
        assert!(!hex.contains("103254"), "{hex}");
        assert!(hex.ends_with("76f8"), "{hex}");
        assert!(hex.starts_with("a20a**"), "{hex}");
        // Structure (tags, lengths that are not BCD runs) stays.
        assert_eq!(MaskedHex(&[0x62, 0x81, 0xa0]).to_string(), "6281a0");
        // Short decimal-looking pairs are not numbers.
        assert_eq!(MaskedHex(&[0x30, 0x12, 0xa0]).to_string(), "3012a0");
    }

    #[test]
    fn masked_hex_never_panics_and_keeps_length() {
        for len in 0..64usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            assert_eq!(MaskedHex(&bytes).to_string().len(), 2 * len);
        }
    }
}
