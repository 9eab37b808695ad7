//! The return cause parameter (Q.713 §3.12).

use crate::code_point::code_point;

code_point! {
    /// Return cause of a UDTS, XUDTS or LUDTS (Q.713 §3.12). Values 15–255 are spare (or
    /// national) and are kept as they are.
    pub struct ReturnCause(u8);
    /// 0: no translation for an address of such nature.
    NO_TRANSLATION_FOR_NATURE = 0, "no translation for an address of such nature";
    /// 1: no translation for this specific address.
    NO_TRANSLATION_FOR_ADDRESS = 1, "no translation for this specific address";
    /// 2: subsystem congestion.
    SUBSYSTEM_CONGESTION = 2, "subsystem congestion";
    /// 3: subsystem failure.
    SUBSYSTEM_FAILURE = 3, "subsystem failure";
    /// 4: unequipped user.
    UNEQUIPPED_USER = 4, "unequipped user";
    /// 5: MTP failure.
    MTP_FAILURE = 5, "MTP failure";
    /// 6: network congestion.
    NETWORK_CONGESTION = 6, "network congestion";
    /// 7: unqualified.
    UNQUALIFIED = 7, "unqualified";
    /// 8: error in message transport.
    ERROR_IN_MESSAGE_TRANSPORT = 8, "error in message transport";
    /// 9: error in local processing.
    ERROR_IN_LOCAL_PROCESSING = 9, "error in local processing";
    /// 10: destination cannot perform reassembly.
    DESTINATION_CANNOT_PERFORM_REASSEMBLY = 10, "destination cannot perform reassembly";
    /// 11: SCCP failure.
    SCCP_FAILURE = 11, "SCCP failure";
    /// 12: hop counter violation.
    HOP_COUNTER_VIOLATION = 12, "hop counter violation";
    /// 13: segmentation not supported.
    SEGMENTATION_NOT_SUPPORTED = 13, "segmentation not supported";
    /// 14: segmentation failure.
    SEGMENTATION_FAILURE = 14, "segmentation failure";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_assigned_value_is_named() {
        for v in 0..=14u8 {
            assert!(ReturnCause(v).name().is_some(), "{v}");
        }
        assert_eq!(ReturnCause(15).name(), None);
        assert_eq!(
            ReturnCause::SUBSYSTEM_FAILURE.to_string(),
            "subsystem failure (3)"
        );
        assert_eq!(
            format!("{:?}", ReturnCause(14)),
            "ReturnCause::SEGMENTATION_FAILURE"
        );
        assert_eq!(format!("{:?}", ReturnCause(200)), "ReturnCause(200)");
    }
}
