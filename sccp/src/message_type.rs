//! Message type codes (Q.713 §2.1, Table 1).

use crate::code_point::code_point;

code_point! {
    /// SCCP message type code (Q.713 §2.1, Table 1). `Display` gives the standard's acronym.
    pub struct MessageType(u8);
    /// Connection request.
    CR = 0x01, "CR";
    /// Connection confirm.
    CC = 0x02, "CC";
    /// Connection refused.
    CREF = 0x03, "CREF";
    /// Released.
    RLSD = 0x04, "RLSD";
    /// Release complete.
    RLC = 0x05, "RLC";
    /// Data form 1.
    DT1 = 0x06, "DT1";
    /// Data form 2.
    DT2 = 0x07, "DT2";
    /// Data acknowledgement.
    AK = 0x08, "AK";
    /// Unitdata.
    UDT = 0x09, "UDT";
    /// Unitdata service.
    UDTS = 0x0a, "UDTS";
    /// Expedited data.
    ED = 0x0b, "ED";
    /// Expedited data acknowledgement.
    EA = 0x0c, "EA";
    /// Reset request.
    RSR = 0x0d, "RSR";
    /// Reset confirmation.
    RSC = 0x0e, "RSC";
    /// Protocol data unit error.
    ERR = 0x0f, "ERR";
    /// Inactivity test.
    IT = 0x10, "IT";
    /// Extended unitdata.
    XUDT = 0x11, "XUDT";
    /// Extended unitdata service.
    XUDTS = 0x12, "XUDTS";
    /// Long unitdata.
    LUDT = 0x13, "LUDT";
    /// Long unitdata service.
    LUDTS = 0x14, "LUDTS";
}

impl MessageType {
    /// A connection-oriented message type (CR … IT, Q.713 §4.1–§4.17 without UDT/UDTS), which
    /// this crate does not handle.
    pub const fn is_connection_oriented(self) -> bool {
        matches!(self.0, 0x01..=0x08 | 0x0b..=0x10)
    }

    /// One of the six connectionless message types this crate decodes.
    pub const fn is_connectionless(self) -> bool {
        matches!(self.0, 0x09 | 0x0a | 0x11..=0x14)
    }

    /// A service message (UDTS, XUDTS, LUDTS): Q.714 §4.2 never returns one of these on error.
    pub const fn is_service(self) -> bool {
        matches!(self.0, 0x0a | 0x12 | 0x14)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_partition_the_assigned_codes() {
        for code in 0u8..=0x20 {
            let t = MessageType(code);
            let assigned = t.name().is_some();
            assert_eq!(
                assigned,
                t.is_connection_oriented() ^ t.is_connectionless(),
                "{t:?}"
            );
        }
        assert_eq!(format!("{:?}", MessageType::XUDT), "MessageType::XUDT");
        assert_eq!(MessageType(0x42).to_string(), "unnamed (66)");
        assert_eq!(MessageType::LUDTS.to_string(), "LUDTS (20)");
        assert!(MessageType::UDTS.is_service() && !MessageType::UDT.is_service());
    }
}
