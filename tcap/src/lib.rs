//! TCAP (ITU-T Q.771–Q.775) message codec for VNS.
//!
//! A [`Message`] is one of the five ITU-T Q.773 messages (Unidirectional, Begin, End, Continue,
//! Abort) with its transaction portion ([`TransactionId`]s, [`PAbortCause`]), its dialogue portion
//! ([`DialoguePortion`]: AARQ, AARE, ABRT, AUDT, Q.773 §4.2.3) and its component portion
//! ([`Component`]s: Invoke, ReturnResult, ReturnError, Reject). Component parameters are opaque:
//! a [`Parameter`] is the parameter's complete encoding, a zero-copy slice of the received buffer,
//! that the INAP crate decodes by operation code and the encoder writes back as it is.
//!
//! ```
//! use bytes::Bytes;
//! use tcap::{Component, Invoke, Message, TransactionId, Code};
//! use tcap::ber::Oid;
//!
//! const CS1: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 0]);
//! let end = Message::end_accepted(
//!     TransactionId::from_u32(0x0102_0304),
//!     CS1,
//!     vec![Component::Invoke(Invoke::new(1, Code::Local(22), None))],
//! );
//! let bytes = end.to_bytes();
//! let decoded = Message::decode(&bytes).unwrap();
//! assert_eq!(decoded, end);
//! assert_eq!(
//!     decoded.to_string(),
//!     "End dtid=01020304 aare acn=0.4.0.1.1.1.0.0 accepted user:null [Invoke id=1 op=22]"
//! );
//! ```
//!
//! # Decoding and Q.774
//! [`Message::decode`] checks the message in the order Q.774 processes it — transaction portion,
//! then dialogue portion, then each component — and a failure is a [`DecodeError`] whose
//! [`consequence`](DecodeError::consequence) is what Q.774 has the receiver do about it: a
//! P-Abort with a cause ([`Consequence::PAbort`]), an aborted dialogue ([`Consequence::DialogueAbort`])
//! or a Reject of one component ([`Consequence::Reject`]), with every transaction id that could be
//! read, so the dialogue layer can address its answer. [`Consequence::abort_message`] and
//! [`Consequence::reject_component`] build that answer. When a component fails after others decoded,
//! the error keeps the message decoded so far ([`DecodeError::Component`]). Every error carries the
//! octet offset of the fault from the start of the TCAP message.
//!
//! # Encoding
//! Definite lengths in the minimal form (X.690 §8.1.3); decoding also accepts indefinite lengths,
//! long-form lengths with leading zeros and over-long INTEGERs (see [`ber`]). Opaque values
//! (parameters, user information) are written back exactly as received.
//!
//! # Dialogue layer
//! [`tsm`] is the sans-I/O Q.774 engine over the codec: a [`tsm::Shard`] holds a table of
//! dialogues (transaction states, application-context negotiation, the answers Q.774 gives to
//! malformed input, invoke and idle timers) and is driven with `handle_*` calls and drained with
//! `poll_*` calls; a service runs one shard per worker and routes received messages by their dtid
//! ([`tsm::peek_dtid`], [`tsm::shard_of`]).
//!
//! # Features
//! - `serde`: derives `serde::Serialize` on the message types and the dialogue layer's
//!   indications, transmits and stats (byte strings as lowercase hex, code points by their
//!   standard name when they have one).
#![warn(missing_docs)]

/// Declares a newtype over an ASN.1 INTEGER code point with associated constants, so unknown
/// values survive a decode/encode round trip; Debug and Display print the standard's name when the
/// value has one.
macro_rules! code_point {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$cmeta:meta])* $konst:ident = $value:literal => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl $name {
            $( $(#[$cmeta])* pub const $konst: Self = Self($value); )*

            /// The standard's name for this value, if it defines one.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($text), )*
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({})", stringify!($name), n),
                    None => write!(f, "{}({})", stringify!($name), self.0),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}", self.0),
                }
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.name() {
                    Some(n) => s.serialize_str(n),
                    None => s.serialize_i64(self.0),
                }
            }
        }
    };
}

pub mod ber;
pub mod component;
pub mod dialogue;
mod error;
pub mod message;
#[cfg(feature = "serde")]
mod serde_hex;
pub mod transaction;
pub mod tsm;

pub use component::{
    Code, Component, ComponentType, GeneralProblem, Invoke, InvokeId, InvokeProblem,
    OperationResult, Parameter, Problem, Reject, ReturnError, ReturnErrorProblem, ReturnResult,
    ReturnResultProblem,
};
pub use dialogue::{
    Aare, Aarq, Abrt, AbrtSource, AssociateResult, AssociateSourceDiagnostic, Audt,
    DialoguePortion, DialogueServiceProvider, DialogueServiceUser, ProtocolVersion,
    UserInformation,
};
pub use error::{ConfigError, Consequence, DecodeError, Detail, DialogueProblem, RequestError};
pub use message::{Abort, AbortReason, Begin, Continue, End, Message, Unidirectional};
pub use transaction::{MessageType, PAbortCause, TransactionId};
