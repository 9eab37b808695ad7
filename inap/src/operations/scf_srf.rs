//! The arguments and results of the SCF–SRF operations (ETS 300 374-1 §6.4, Q.1218 §2.1.4):
//! announcements, user interaction, and the cancellation of a request.

use super::codec::{choice, sequence};
use super::datatypes::*;

sequence! {
    /// PlayAnnouncement (opcode 47, SCF → SRF): play an announcement, a tone or a display text.
    ///
    /// ```text
    /// PlayAnnouncementArg ::= SEQUENCE {
    ///     informationToSend           [0] InformationToSend,
    ///     disconnectFromIPForbidden   [1] BOOLEAN DEFAULT TRUE,
    ///     requestAnnouncementComplete [2] BOOLEAN DEFAULT TRUE,
    ///     extensions                  [3] SEQUENCE SIZE(1..numOfExtensions) OF
    ///                                         ExtensionField OPTIONAL,
    ///     ... }
    /// ```
    pub struct PlayAnnouncementArg("PlayAnnouncementArg") {
        [0] information_to_send("informationToSend"): req InformationToSend,
        /// DEFAULT TRUE.
        [1] disconnect_from_ip_forbidden("disconnectFromIPForbidden"): opt bool,
        /// DEFAULT TRUE.
        [2] request_announcement_complete("requestAnnouncementComplete"): opt bool,
        [3] extensions("extensions"): opt Extensions,
    }
}

sequence! {
    /// PromptAndCollectUserInformation (opcode 48, SCF → SRF): collect digits from the user,
    /// optionally after a prompt. The result is [`ReceivedInformation`].
    ///
    /// ```text
    /// PromptAndCollectUserInformationArg ::= SEQUENCE {
    ///     collectedInfo             [0] CollectedInfo,
    ///     disconnectFromIPForbidden [1] BOOLEAN DEFAULT TRUE,
    ///     informationToSend         [2] InformationToSend OPTIONAL,
    ///     extensions                [3] SEQUENCE SIZE(1..numOfExtensions) OF
    ///                                       ExtensionField OPTIONAL,
    ///     ... }
    /// ```
    pub struct PromptAndCollectUserInformationArg("PromptAndCollectUserInformationArg") {
        [0] collected_info("collectedInfo"): req CollectedInfo,
        /// DEFAULT TRUE.
        [1] disconnect_from_ip_forbidden("disconnectFromIPForbidden"): opt bool,
        [2] information_to_send("informationToSend"): opt InformationToSend,
        [3] extensions("extensions"): opt Extensions,
    }
}

choice! {
    /// The result of PromptAndCollectUserInformation (`ReceivedInformationArg`).
    ///
    /// ```text
    /// ReceivedInformationArg ::= CHOICE {
    ///     digitsResponse [0] Digits,      -- Q.763 generic digits
    ///     iA5Response    [1] IA5String }  -- Q.1218 only
    /// ```
    pub enum ReceivedInformation("ReceivedInformationArg") {
        [0] DigitsResponse("digitsResponse"): Digits,
        /// *Q.1218 only.*
        [1] Ia5Response("iA5Response"): Ia5String,
    }
}

/// The argument of SpecializedResourceReport (opcode 49, SRF → SCF):
/// `SpecializedResourceReportArg ::= NULL` (`05 00`), sent when the announcement is complete.
/// [`Argument::SpecializedResourceReport`](super::Argument::SpecializedResourceReport) stands for it.
pub type SpecializedResourceReportArg = ();

/// The standard's name of [`ReceivedInformation`].
pub type ReceivedInformationArg = ReceivedInformation;

choice! {
    /// Cancel (opcode 53, SCF → SSF/SRF): cancel an outstanding request.
    ///
    /// ```text
    /// CancelArg ::= CHOICE {
    ///     invokeID    [0] InvokeID,
    ///     allRequests [1] NULL }
    /// ```
    ///
    /// The invoke id is that of the operation to cancel.
    pub enum CancelArg("CancelArg") {
        [0] InvokeId("invokeID"): InvokeId,
        [1] AllRequests("allRequests"): (),
    }
}
