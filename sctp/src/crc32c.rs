//! CRC32c (Castagnoli), the SCTP checksum (RFC 9260 §6.8 and Appendix A).
//!
//! Table-driven, slicing-by-8: eight 256-entry tables built at compile time. The reflected
//! polynomial is 0x82F63B78; the register starts at all ones and the result is complemented
//! (RFC 9260 Appendix A). SCTP puts the result in the Checksum field least significant byte
//! first ([`checksum_bytes`]), as every deployed implementation does.

/// The reflected Castagnoli polynomial (RFC 9260 Appendix A).
const POLY: u32 = 0x82F6_3B78;

const TABLES: [[u32; 256]; 8] = build_tables();

const fn build_tables() -> [[u32; 256]; 8] {
    let mut t = [[0u32; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut k = 0;
        while k < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ POLY
            } else {
                crc >> 1
            };
            k += 1;
        }
        t[0][i] = crc;
        i += 1;
    }
    let mut i = 0;
    while i < 256 {
        let mut s = 1;
        while s < 8 {
            let prev = t[s - 1][i];
            t[s][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            s += 1;
        }
        i += 1;
    }
    t
}

/// Feeds `data` into a running (non-complemented) CRC register.
fn update(mut crc: u32, data: &[u8]) -> u32 {
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let lo = crc ^ u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let hi = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
        crc = TABLES[7][(lo & 0xff) as usize]
            ^ TABLES[6][((lo >> 8) & 0xff) as usize]
            ^ TABLES[5][((lo >> 16) & 0xff) as usize]
            ^ TABLES[4][(lo >> 24) as usize]
            ^ TABLES[3][(hi & 0xff) as usize]
            ^ TABLES[2][((hi >> 8) & 0xff) as usize]
            ^ TABLES[1][((hi >> 16) & 0xff) as usize]
            ^ TABLES[0][(hi >> 24) as usize];
    }
    for &b in chunks.remainder() {
        crc = (crc >> 8) ^ TABLES[0][((crc ^ u32::from(b)) & 0xff) as usize];
    }
    crc
}

/// The CRC32c of `data`.
pub fn crc32c(data: &[u8]) -> u32 {
    !update(!0, data)
}

/// The CRC32c of an SCTP packet as if its Checksum field (octets 8..12) were zero, without
/// copying the packet. `packet` must be at least 12 octets long; shorter input gives the CRC of
/// what is there.
pub fn packet_checksum(packet: &[u8]) -> u32 {
    match (packet.get(..8), packet.get(12..)) {
        (Some(head), Some(tail)) => {
            let crc = update(!0, head);
            let crc = update(crc, &[0; 4]);
            !update(crc, tail)
        }
        _ => crc32c(packet),
    }
}

/// The four octets SCTP writes into the Checksum field for the CRC value `crc`
/// (least significant byte first, RFC 9260 Appendix A).
pub fn checksum_bytes(crc: u32) -> [u8; 4] {
    crc.to_le_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_value() {
        // The standard CRC-32C check value (CRC catalogue: "123456789" → 0xE3069283).
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        // RFC 3720 §B.4 (iSCSI uses the same CRC32c): 32 zero octets → aa 36 91 8a on the wire.
        assert_eq!(checksum_bytes(crc32c(&[0u8; 32])), [0xaa, 0x36, 0x91, 0x8a]);
        // 32 octets of 0xff → 43 ab a8 62.
        assert_eq!(
            checksum_bytes(crc32c(&[0xffu8; 32])),
            [0x43, 0xab, 0xa8, 0x62]
        );
        let inc: Vec<u8> = (0u8..32).collect();
        // Incrementing 00..1f → 4e 79 dd 46.
        assert_eq!(checksum_bytes(crc32c(&inc)), [0x4e, 0x79, 0xdd, 0x46]);
    }

    #[test]
    fn slicing_matches_bytewise() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            let mut crc = !0u32;
            for &b in &data[..len] {
                crc = (crc >> 8) ^ TABLES[0][((crc ^ u32::from(b)) & 0xff) as usize];
            }
            assert_eq!(!crc, crc32c(&data[..len]), "len {len}");
        }
    }

    #[test]
    fn packet_checksum_zeroes_the_field() {
        let mut p: Vec<u8> = (0u8..40).collect();
        let direct = packet_checksum(&p);
        p[8..12].copy_from_slice(&[0; 4]);
        assert_eq!(direct, crc32c(&p));
    }
}
