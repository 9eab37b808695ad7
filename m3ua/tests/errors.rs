//! Every decode error path, the ERR code it maps to (RFC 4666 §3.8.1), and sweeps showing that
//! truncated or corrupted messages give errors, never panics.

mod common;

use bytes::Bytes;
use hex_literal::hex;
use m3ua::*;

fn decode(wire: &[u8]) -> Result<Message, DecodeError> {
    Message::from_bytes(Bytes::copy_from_slice(wire))
}

/// Decoding `wire` fails with `expected`, whose ERR code is `code`.
fn fails(wire: &[u8], expected: DecodeError, code: ErrorCode) {
    let error = decode(wire).expect_err("decode should fail");
    assert_eq!(error, expected);
    assert_eq!(error.error_code(), code, "{error}");
    assert!(!error.to_string().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Header (RFC 4666 §3.1)

#[test]
fn header_too_short() {
    fails(
        &hex!("01 00 03 01 0000"),
        DecodeError::Truncated {
            needed: 8,
            available: 6,
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    fails(
        &[],
        DecodeError::Truncated {
            needed: 8,
            available: 0,
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
}

#[test]
fn body_shorter_than_message_length() {
    fails(
        &hex!("01 00 03 01 00000010 0011 0008"),
        DecodeError::Truncated {
            needed: 16,
            available: 12,
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
}

#[test]
fn invalid_version() {
    for version in [0u8, 2, 0xff] {
        let mut wire = hex!("01 00 03 01 00000008");
        wire[0] = version;
        fails(
            &wire,
            DecodeError::InvalidVersion { version },
            ErrorCode::INVALID_VERSION,
        );
    }
}

#[test]
fn message_length_out_of_range() {
    fails(
        &hex!("01 00 03 01 00000004"),
        DecodeError::InvalidMessageLength { length: 4 },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // 65543 is the largest length accepted; one more is refused before anything is buffered.
    fails(
        &hex!("01 00 03 01 00010008"),
        DecodeError::InvalidMessageLength { length: 65_544 },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    fails(
        &hex!("01 00 03 01 ffffffff"),
        DecodeError::InvalidMessageLength { length: u32::MAX },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
}

#[test]
fn unsupported_message_class() {
    // 5..=8: other SIGTRAN adaptation layers; 10..: reserved.
    for class in [5u8, 6, 7, 8, 10, 127, 128, 255] {
        let mut wire = hex!("01 00 00 01 00000008");
        wire[2] = class;
        fails(
            &wire,
            DecodeError::UnsupportedMessageClass {
                class: MessageClass(class),
            },
            ErrorCode::UNSUPPORTED_MESSAGE_CLASS,
        );
    }
}

#[test]
fn unsupported_message_type() {
    for (class, message_type) in [
        (0u8, 2u8),
        (1, 0),
        (1, 2),
        (2, 0),
        (2, 7),
        (3, 0),
        (3, 7),
        (4, 0),
        (4, 5),
        (9, 0),
        (9, 5),
        (9, 255),
    ] {
        let wire = [1, 0, class, message_type, 0, 0, 0, 8];
        fails(
            &wire,
            DecodeError::UnsupportedMessageType {
                class: MessageClass(class),
                message_type: MessageType(message_type),
            },
            ErrorCode::UNSUPPORTED_MESSAGE_TYPE,
        );
    }
}

#[test]
fn trailing_octets_after_one_message() {
    fails(
        &hex!("01 00 03 02 00000008 00"),
        DecodeError::TrailingOctets {
            length: 8,
            extra: 1,
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // `decode` leaves them for the next call instead.
    let mut buf = Bytes::from_static(&hex!("01 00 03 02 00000008 01 00"));
    assert_eq!(
        Message::decode(&mut buf),
        Ok(Message::AspDn(AspDn::default()))
    );
    assert_eq!(&buf[..], &[1, 0]);
}

#[test]
fn decode_leaves_the_buffer_alone_on_error() {
    let mut buf = Bytes::from_static(&hex!("01 00 03 01 0000000c 0011 0008"));
    let before = buf.clone();
    assert!(Message::decode(&mut buf).is_err());
    assert_eq!(buf, before);
}

// ---------------------------------------------------------------------------------------------
// Parameter format (RFC 4666 §3.2)

#[test]
fn parameter_header_cut_short() {
    fails(
        &hex!("01 00 03 01 0000000c 0011 00"),
        DecodeError::Truncated {
            needed: 12,
            available: 11,
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // Message Length not a multiple of 4: two stray octets after the last parameter.
    fails(
        &hex!("01 00 03 01 00000012 0011 0008 00000001 0000"),
        DecodeError::TruncatedParameter {
            offset: 16,
            remaining: 2,
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
}

#[test]
fn parameter_length_below_four() {
    for length in 0u16..4 {
        let mut wire = hex!("01 00 03 01 00000010 0011 0000 00000001");
        wire[10..12].copy_from_slice(&length.to_be_bytes());
        fails(
            &wire,
            DecodeError::ParameterLengthTooShort {
                offset: 8,
                tag: ParameterTag::ASP_IDENTIFIER,
                length,
            },
            ErrorCode::PARAMETER_FIELD_ERROR,
        );
    }
}

#[test]
fn parameter_runs_past_the_message() {
    fails(
        &hex!("01 00 03 01 00000010 0011 000c 00000001"),
        DecodeError::ParameterOverrun {
            offset: 8,
            tag: ParameterTag::ASP_IDENTIFIER,
            length: 12,
            available: 8,
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // The padding of the last parameter must be counted in the Message Length (RFC 4666 §3.1.5).
    fails(
        &hex!("01 00 03 02 0000000d 0004 0005 78"),
        DecodeError::ParameterOverrun {
            offset: 8,
            tag: ParameterTag::INFO_STRING,
            length: 5,
            available: 5,
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // Inside a Routing Key, a sub-parameter may not run past the Routing Key.
    fails(
        &hex!(
            "01 00 09 01 00000020"
            "0207 0014 020a 0008 00000001 020b 000c 00000017"
            "00000000"
        ),
        DecodeError::ParameterOverrun {
            offset: 20,
            tag: ParameterTag::DESTINATION_POINT_CODE,
            length: 12,
            available: 8,
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
}

#[test]
fn fixed_size_values_of_the_wrong_size() {
    // ASP Identifier of 5 octets.
    fails(
        &hex!("01 00 03 01 00000014 0011 0009 0000000100 000000"),
        DecodeError::InvalidParameterLength {
            offset: 8,
            tag: ParameterTag::ASP_IDENTIFIER,
            length: 5,
            expected: "4 octets",
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // DATA carries a single Routing Context (RFC 4666 §3.3.1: Length = 8).
    fails(
        &hex!(
            "01 00 01 01 00000024 0006 000c 00000001 00000002 0210 0010 00000001 00000002 03020005"
        ),
        DecodeError::InvalidParameterLength {
            offset: 8,
            tag: ParameterTag::ROUTING_CONTEXT,
            length: 8,
            expected: "4 octets",
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // Protocol Data shorter than its 12-octet routing label.
    fails(
        &hex!("01 00 01 01 00000018 0210 000f 00000001 00000002 030200 00"),
        DecodeError::InvalidParameterLength {
            offset: 8,
            tag: ParameterTag::PROTOCOL_DATA,
            length: 11,
            expected: "at least 12 octets",
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // DUPU's Affected Point Code holds exactly one point code.
    fails(
        &hex!("01 00 02 05 0000001c 0012 000c 00000001 00000002 0204 0008 00010003"),
        DecodeError::InvalidParameterLength {
            offset: 8,
            tag: ParameterTag::AFFECTED_POINT_CODE,
            length: 8,
            expected: "4 octets (mask and one point code)",
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // Status of 2 octets.
    fails(
        &hex!("01 00 00 01 00000010 000d 0006 0001 0000"),
        DecodeError::InvalidParameterLength {
            offset: 8,
            tag: ParameterTag::STATUS,
            length: 2,
            expected: "4 octets",
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
}

#[test]
fn empty_or_ragged_lists() {
    // Empty Routing Context list in ASPIA.
    fails(
        &hex!("01 00 04 02 0000000c 0006 0004"),
        DecodeError::InvalidParameterLength {
            offset: 8,
            tag: ParameterTag::ROUTING_CONTEXT,
            length: 0,
            expected: "a non-empty multiple of 4 octets",
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // Affected Point Code of 6 octets.
    fails(
        &hex!("01 00 02 01 00000014 0012 000a 00000001 0000 0000"),
        DecodeError::InvalidParameterLength {
            offset: 8,
            tag: ParameterTag::AFFECTED_POINT_CODE,
            length: 6,
            expected: "a non-empty multiple of 4 octets",
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
    // Empty Service Indicators inside a Routing Key.
    fails(
        &hex!("01 00 09 01 00000020 0207 0018 020a 0008 00000001 020b 0008 00000017 020c 0004"),
        DecodeError::InvalidParameterLength {
            offset: 28,
            tag: ParameterTag::SERVICE_INDICATORS,
            length: 0,
            expected: "at least one octet",
        },
        ErrorCode::PARAMETER_FIELD_ERROR,
    );
}

// ---------------------------------------------------------------------------------------------
// Values (RFC 4666 §3.2, §3.3)

#[test]
fn unsupported_traffic_mode_type() {
    for value in [0u32, 4, 0xffff_ffff] {
        let mut wire = hex!("01 00 04 01 00000010 000b 0008 00000000");
        wire[12..16].copy_from_slice(&value.to_be_bytes());
        fails(
            &wire,
            DecodeError::UnsupportedTrafficModeType { offset: 8, value },
            ErrorCode::UNSUPPORTED_TRAFFIC_MODE_TYPE,
        );
    }
    // Inside a Routing Key too.
    fails(
        &hex!(
            "01 00 09 01 00000024 0207 001c 020a 0008 00000001 000b 0008 00000009 020b 0008 00000017"
        ),
        DecodeError::UnsupportedTrafficModeType {
            offset: 20,
            value: 9,
        },
        ErrorCode::UNSUPPORTED_TRAFFIC_MODE_TYPE,
    );
}

#[test]
fn invalid_parameter_values() {
    // Status type 1 information 1 is "Reserved" (RFC 4666 §3.8.2).
    fails(
        &hex!("01 00 00 01 00000010 000d 0008 0001 0001"),
        DecodeError::InvalidParameterValue {
            offset: 8,
            tag: ParameterTag::STATUS,
            reason: "status type/information not defined by RFC 4666 §3.8.2",
        },
        ErrorCode::INVALID_PARAMETER_VALUE,
    );
    // Status type 3 is not defined.
    let error = decode(&hex!("01 00 00 01 00000010 000d 0008 0003 0001")).unwrap_err();
    assert_eq!(error.error_code(), ErrorCode::INVALID_PARAMETER_VALUE);
    // Congestion level 4.
    fails(
        &hex!("01 00 02 04 00000018 0012 0008 00000001 0205 0008 00000004"),
        DecodeError::InvalidParameterValue {
            offset: 16,
            tag: ParameterTag::CONGESTION_INDICATIONS,
            reason: "congestion level above 3 (RFC 4666 §3.4.4)",
        },
        ErrorCode::INVALID_PARAMETER_VALUE,
    );
}

#[test]
fn informative_values_outside_the_rfc_are_kept() {
    // Error Code 0x7f, User/Cause 9/99, Registration Status 77: kept as received.
    let err = decode(&hex!("01 00 00 00 00000010 000c 0008 0000007f")).unwrap();
    assert_eq!(err.to_string(), "ERR code=unknown(0x7f)");
    let dupu = decode(&hex!(
        "01 00 02 05 00000018 0012 0008 05000001 0204 0008 0009 0063"
    ))
    .unwrap();
    assert_eq!(
        dupu.to_string(),
        "DUPU apc=1/5 cause=unknown(0x9) user=unknown(0x63)"
    );
    let rsp = decode(&hex!(
        "01 00 09 02 00000024 0208 001c 020a 0008 00000001 0212 0008 0000004d 0006 0008 00000000"
    ))
    .unwrap();
    assert_eq!(rsp.to_string(), "REG RSP [lrk=1 status=unknown(0x4d) rc=0]");
}

// ---------------------------------------------------------------------------------------------
// Which parameters a message may carry (RFC 4666 §3.3–§3.8)

#[test]
fn unexpected_parameters() {
    // Protocol Data in ASPUP.
    fails(
        &hex!("01 00 03 01 0000001c 0210 0010 00000001 00000002 03020005 00000000"),
        DecodeError::UnexpectedParameter {
            offset: 8,
            tag: ParameterTag::PROTOCOL_DATA,
            context: "ASPUP",
        },
        ErrorCode::UNEXPECTED_PARAMETER,
    );
    // Heartbeat Data in DATA.
    fails(
        &hex!("01 00 01 01 00000020 0009 0008 00000000 0210 0010 00000001 00000002 03020005"),
        DecodeError::UnexpectedParameter {
            offset: 8,
            tag: ParameterTag::HEARTBEAT_DATA,
            context: "DATA",
        },
        ErrorCode::UNEXPECTED_PARAMETER,
    );
    // A Routing Key sub-parameter at message level.
    fails(
        &hex!("01 00 03 02 00000010 020a 0008 00000001"),
        DecodeError::UnexpectedParameter {
            offset: 8,
            tag: ParameterTag::LOCAL_ROUTING_KEY_IDENTIFIER,
            context: "ASPDN",
        },
        ErrorCode::UNEXPECTED_PARAMETER,
    );
    // Error Code inside a Routing Key.
    fails(
        &hex!(
            "01 00 09 01 00000024 0207 001c 020a 0008 00000001 000c 0008 00000001 020b 0008 00000017"
        ),
        DecodeError::UnexpectedParameter {
            offset: 20,
            tag: ParameterTag::ERROR_CODE,
            context: "Routing Key",
        },
        ErrorCode::UNEXPECTED_PARAMETER,
    );
    // ASP Identifier in ASPDN ACK.
    fails(
        &hex!("01 00 03 05 00000010 0011 0008 00000001"),
        DecodeError::UnexpectedParameter {
            offset: 8,
            tag: ParameterTag::ASP_IDENTIFIER,
            context: "ASPDN ACK",
        },
        ErrorCode::UNEXPECTED_PARAMETER,
    );
}

#[test]
fn repeated_single_parameters() {
    fails(
        &hex!("01 00 03 01 00000018 0004 0008 61626364 0004 0008 65666768"),
        DecodeError::DuplicateParameter {
            offset: 16,
            tag: ParameterTag::INFO_STRING,
            context: "ASPUP",
        },
        ErrorCode::UNEXPECTED_PARAMETER,
    );
    fails(
        &hex!(
            "01 00 01 01 00000028 0006 0008 00000001 0006 0008 00000002 0210 0010 00000001 00000002 03020005"
        ),
        DecodeError::DuplicateParameter {
            offset: 16,
            tag: ParameterTag::ROUTING_CONTEXT,
            context: "DATA",
        },
        ErrorCode::UNEXPECTED_PARAMETER,
    );
    fails(
        &hex!(
            "01 00 09 02 0000002c 0208 0024"
            "020a 0008 00000001 0212 0008 00000000 0006 0008 00000064 0212 0008 00000001"
        ),
        DecodeError::DuplicateParameter {
            offset: 36,
            tag: ParameterTag::REGISTRATION_STATUS,
            context: "Registration Result",
        },
        ErrorCode::UNEXPECTED_PARAMETER,
    );
}

#[test]
fn missing_mandatory_parameters() {
    let cases: &[(&[u8], ParameterTag, &str)] = &[
        (
            &hex!("01 00 00 00 00000008"),
            ParameterTag::ERROR_CODE,
            "ERR",
        ),
        (
            &hex!("01 00 00 01 00000010 0011 0008 00000001"),
            ParameterTag::STATUS,
            "NTFY",
        ),
        (
            &hex!("01 00 01 01 00000010 0006 0008 00000001"),
            ParameterTag::PROTOCOL_DATA,
            "DATA",
        ),
        (
            &hex!("01 00 02 01 00000008"),
            ParameterTag::AFFECTED_POINT_CODE,
            "DUNA",
        ),
        (
            &hex!("01 00 02 02 00000008"),
            ParameterTag::AFFECTED_POINT_CODE,
            "DAVA",
        ),
        (
            &hex!("01 00 02 03 00000008"),
            ParameterTag::AFFECTED_POINT_CODE,
            "DAUD",
        ),
        (
            &hex!("01 00 02 04 00000008"),
            ParameterTag::AFFECTED_POINT_CODE,
            "SCON",
        ),
        (
            &hex!("01 00 02 05 00000010 0012 0008 00000001"),
            ParameterTag::USER_CAUSE,
            "DUPU",
        ),
        (
            &hex!("01 00 02 05 00000010 0204 0008 00010003"),
            ParameterTag::AFFECTED_POINT_CODE,
            "DUPU",
        ),
        (
            &hex!("01 00 02 06 00000008"),
            ParameterTag::AFFECTED_POINT_CODE,
            "DRST",
        ),
        (
            &hex!("01 00 09 01 00000008"),
            ParameterTag::ROUTING_KEY,
            "REG REQ",
        ),
        (
            &hex!("01 00 09 02 00000008"),
            ParameterTag::REGISTRATION_RESULT,
            "REG RSP",
        ),
        (
            &hex!("01 00 09 03 00000008"),
            ParameterTag::ROUTING_CONTEXT,
            "DEREG REQ",
        ),
        (
            &hex!("01 00 09 04 00000008"),
            ParameterTag::DEREGISTRATION_RESULT,
            "DEREG RSP",
        ),
        (
            &hex!("01 00 09 01 00000014 0207 000c 020a 0008 00000001"),
            ParameterTag::DESTINATION_POINT_CODE,
            "Routing Key",
        ),
        (
            &hex!("01 00 09 01 00000014 0207 000c 020b 0008 00000017"),
            ParameterTag::LOCAL_ROUTING_KEY_IDENTIFIER,
            "Routing Key",
        ),
        (
            &hex!("01 00 09 02 0000001c 0208 0014 020a 0008 00000001 0006 0008 00000064"),
            ParameterTag::REGISTRATION_STATUS,
            "Registration Result",
        ),
        (
            &hex!("01 00 09 04 00000014 0209 000c 0006 0008 00000064"),
            ParameterTag::DEREGISTRATION_STATUS,
            "Deregistration Result",
        ),
    ];
    for &(wire, tag, context) in cases {
        fails(
            wire,
            DecodeError::MissingParameter { tag, context },
            ErrorCode::MISSING_PARAMETER,
        );
    }
}

#[test]
fn error_offsets_and_diagnostics() {
    let wire = hex!("01 00 03 01 00000018 0011 0008 00000001 0011 0008 00000002");
    let error = decode(&wire).unwrap_err();
    assert_eq!(error.offset(), Some(16));
    assert_eq!(&error.diagnostic(&wire)[..], &wire[..]);
    let long = common::idp_vector();
    let error = DecodeError::InvalidVersion { version: 2 };
    assert_eq!(error.offset(), Some(0));
    assert_eq!(&error.diagnostic(&long)[..], &long[..DIAGNOSTIC_LEN]);
    let err = error.to_err_message(&long);
    assert_eq!(err.error_code, ErrorCode::INVALID_VERSION);
    assert_eq!(err.diagnostic_information.as_deref(), Some(&long[..40]));
    assert_eq!(
        DecodeError::MissingParameter {
            tag: ParameterTag::STATUS,
            context: "NTFY"
        }
        .offset(),
        None
    );
}

// ---------------------------------------------------------------------------------------------
// Sweeps

/// Every valid message used by the sweeps: the two vectors and one of every kind.
fn valid_messages() -> Vec<Bytes> {
    let mut all = vec![common::idp_vector(), common::connect_vector()];
    all.extend(
        common::representatives()
            .iter()
            .map(|m| m.to_bytes().unwrap()),
    );
    all
}

#[test]
fn every_strict_prefix_is_an_error() {
    for wire in valid_messages() {
        assert!(decode(&wire).is_ok());
        for cut in 0..wire.len() {
            let error = decode(&wire[..cut]).expect_err("a prefix must not decode");
            assert!(
                matches!(error, DecodeError::Truncated { .. }),
                "cut {cut}: {error}"
            );
        }
    }
}

/// Cuts the body at every octet and fixes up the Message Length, so the parameter reader (not the
/// header check) meets the cut: no panic; success only when the cut falls between parameters.
#[test]
fn every_body_cut_with_a_consistent_length() {
    for wire in valid_messages() {
        for cut in 8..wire.len() {
            let mut short = wire[..cut].to_vec();
            short[4..8].copy_from_slice(&(cut as u32).to_be_bytes());
            if let Ok(msg) = decode(&short) {
                assert!(msg.encoded_len() <= cut, "{msg}");
                assert_eq!(decode(&msg.to_bytes().unwrap()), Ok(msg));
            }
        }
    }
}

/// Every single-octet corruption of every valid message: no panic, and whatever decodes
/// re-encodes to something that decodes to the same message.
#[test]
fn every_single_octet_corruption() {
    let mut decoded = 0usize;
    let mut rejected = 0usize;
    for wire in valid_messages() {
        for i in 0..wire.len() {
            for change in [
                |b: u8| b ^ 0x01,
                |b: u8| b ^ 0x80,
                |_| 0x00,
                |_| 0xff,
                |b: u8| b.wrapping_add(4),
            ] {
                let mut bad = wire.to_vec();
                bad[i] = change(bad[i]);
                match decode(&bad) {
                    Ok(msg) => {
                        decoded += 1;
                        let again = msg.to_bytes().unwrap();
                        assert_eq!(decode(&again).as_ref(), Ok(&msg));
                        let _ = msg.to_string();
                    }
                    Err(error) => {
                        rejected += 1;
                        // Every error names an ERR code and renders.
                        assert_ne!(error.error_code().0, 0);
                        let _ = error.to_string();
                        let _ = error.diagnostic(&bad);
                    }
                }
            }
        }
    }
    assert!(
        decoded > 0 && rejected > 0,
        "decoded {decoded}, rejected {rejected}"
    );
}

#[test]
fn stream_framing_over_concatenated_messages() {
    let messages = common::representatives();
    let stream: Vec<u8> = messages
        .iter()
        .flat_map(|m| m.to_bytes().unwrap())
        .collect();
    // Feed the stream in 7-octet slices, framing with message_length as a TCP reader would.
    let mut pending = Vec::new();
    let mut out = Vec::new();
    for chunk in stream.chunks(7) {
        pending.extend_from_slice(chunk);
        while let Some(len) = message_length(&pending).unwrap() {
            if pending.len() < len {
                break;
            }
            let frame: Vec<u8> = pending.drain(..len).collect();
            out.push(decode(&frame).unwrap());
        }
    }
    assert!(pending.is_empty());
    assert_eq!(out, messages);
}
