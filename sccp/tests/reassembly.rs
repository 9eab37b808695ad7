//! The reassembler on a virtual clock: T(reass), the bounds, and every sequence error.

use std::time::{Duration, Instant};

use bytes::Bytes;
use sccp::{
    LocalReference, PointCode, ProtocolClass, Reassembler, ReassemblyConfig, ReassemblyError,
    ReassemblyStats, ReturnCause, SccpAddress, Segmentation, SubsystemNumber, Xudt, segment,
};

fn calling(pc: u16) -> SccpAddress {
    SccpAddress::from_point_code_ssn(PointCode::new(pc).unwrap(), SubsystemNumber::INAP)
}

fn template(pc: u16) -> Xudt {
    Xudt::new(
        SccpAddress::from_ssn(SubsystemNumber::INAP),
        calling(pc),
        Bytes::new(),
    )
    .with_protocol_class(ProtocolClass::CLASS_1_RETURN_ON_ERROR)
}

fn payload(len: usize, seed: u8) -> Bytes {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect::<Vec<_>>()
        .into()
}

/// Segments of `len` octets of data, 100 octets each, from calling PC `pc`, reference `r`.
fn segments(len: usize, pc: u16, r: u32) -> (Bytes, Vec<Xudt>) {
    let data = payload(len, r as u8);
    let segs = segment(
        &data,
        100,
        LocalReference::from_u32(r).unwrap(),
        &template(pc),
    )
    .unwrap();
    (data, segs)
}

fn config(t_reass: u64, max_partials: usize, max_buffered_bytes: usize) -> ReassemblyConfig {
    ReassemblyConfig {
        t_reass: Duration::from_secs(t_reass),
        max_partials,
        max_buffered_bytes,
    }
}

#[test]
fn stale_partials_are_dropped_at_t_reass() {
    let t0 = Instant::now();
    let mut r = Reassembler::new(config(10, 8, 100_000));
    let (_, a) = segments(250, 1, 1);
    let (_, b) = segments(250, 1, 2);
    assert_eq!(r.handle_segment(t0, &a[0]), Ok(None));
    assert_eq!(
        r.handle_segment(t0 + Duration::from_secs(4), &b[0]),
        Ok(None)
    );
    assert_eq!(r.poll_timeout(), Some(t0 + Duration::from_secs(10)));

    // Just before T(reass): nothing happens.
    r.handle_timeout(t0 + Duration::from_millis(9_999));
    assert_eq!(r.partials(), 2);
    // At T(reass) of the first: it goes, the second stays.
    r.handle_timeout(t0 + Duration::from_secs(10));
    assert_eq!(r.partials(), 1);
    assert_eq!(r.buffered_bytes(), 100);
    assert_eq!(r.poll_timeout(), Some(t0 + Duration::from_secs(14)));
    assert_eq!(r.stats().timed_out, 1);
    // Its next segment finds nothing to continue.
    assert_eq!(
        r.handle_segment(t0 + Duration::from_secs(11), &a[1]),
        Err(ReassemblyError::MissingFirstSegment {
            local_reference: LocalReference::from_u32(1).unwrap(),
            remaining: 1,
        })
    );
    // A segment arriving after T(reass) without a timer having fired: handle_segment expires
    // the partial first, so a stale partial never completes.
    assert!(matches!(
        r.handle_segment(t0 + Duration::from_secs(20), &b[1]),
        Err(ReassemblyError::MissingFirstSegment { .. })
    ));
    assert_eq!(r.stats().timed_out, 2);
    assert_eq!(r.partials(), 0);
    assert_eq!(r.buffered_bytes(), 0);
    assert_eq!(r.poll_timeout(), None);
}

#[test]
fn t_reass_runs_from_the_first_segment() {
    let t0 = Instant::now();
    let mut r = Reassembler::new(config(10, 8, 100_000));
    let (data, s) = segments(250, 1, 1);
    assert_eq!(r.handle_segment(t0, &s[0]), Ok(None));
    // A later segment does not restart the timer.
    assert_eq!(
        r.handle_segment(t0 + Duration::from_secs(9), &s[1]),
        Ok(None)
    );
    assert_eq!(r.poll_timeout(), Some(t0 + Duration::from_secs(10)));
    assert_eq!(
        r.handle_segment(t0 + Duration::from_millis(9_999), &s[2]),
        Ok(Some(data))
    );
}

#[test]
fn partial_bound() {
    let now = Instant::now();
    let mut r = Reassembler::new(config(15, 2, 100_000));
    let (d1, s1) = segments(150, 1, 1);
    let (_, s2) = segments(150, 2, 1); // same reference, other calling address: another key
    let (_, s3) = segments(150, 3, 1);
    assert_eq!(r.handle_segment(now, &s1[0]), Ok(None));
    assert_eq!(r.handle_segment(now, &s2[0]), Ok(None));
    assert_eq!(
        r.handle_segment(now, &s3[0]),
        Err(ReassemblyError::TooManyPartials { limit: 2 })
    );
    assert_eq!(r.partials(), 2);
    // The others are untouched.
    assert_eq!(r.handle_segment(now, &s1[1]), Ok(Some(d1)));
    assert_eq!(r.handle_segment(now, &s3[0]), Ok(None));
    assert_eq!(r.stats().rejected_over_limit, 1);
}

#[test]
fn byte_bound() {
    let now = Instant::now();
    let mut r = Reassembler::new(config(15, 8, 250));
    let (_, a) = segments(300, 1, 1);
    let (_, b) = segments(300, 1, 2);
    assert_eq!(r.handle_segment(now, &a[0]), Ok(None));
    assert_eq!(r.handle_segment(now, &a[1]), Ok(None));
    assert_eq!(r.buffered_bytes(), 200);
    // A new message's first segment does not fit.
    assert_eq!(
        r.handle_segment(now, &b[0]),
        Err(ReassemblyError::BufferFull { limit: 250 })
    );
    // Nor does the next segment of the partial: it is dropped.
    assert_eq!(
        r.handle_segment(now, &a[2]),
        Err(ReassemblyError::BufferFull { limit: 250 })
    );
    assert_eq!(r.partials(), 0);
    assert_eq!(r.buffered_bytes(), 0);
    assert_eq!(r.stats().rejected_over_limit, 2);
    // With the space free again, a message fits.
    let (d, c) = segments(200, 1, 3);
    assert_eq!(r.handle_segment(now, &c[0]), Ok(None));
    assert_eq!(r.handle_segment(now, &c[1]), Ok(Some(d)));
}

#[test]
fn sequence_errors() {
    let now = Instant::now();
    let reference = LocalReference::from_u32(7).unwrap();
    let (_, s) = segments(350, 1, 7); // 4 segments: remaining 3, 2, 1, 0

    // Duplicate.
    let mut r = Reassembler::default();
    assert_eq!(r.handle_segment(now, &s[0]), Ok(None));
    assert_eq!(r.handle_segment(now, &s[1]), Ok(None));
    assert_eq!(
        r.handle_segment(now, &s[1]),
        Err(ReassemblyError::DuplicateSegment {
            local_reference: reference,
            remaining: 2,
            expected: 1,
        })
    );
    assert_eq!(r.partials(), 0, "the partial is dropped with the error");
    assert!(matches!(
        r.handle_segment(now, &s[2]),
        Err(ReassemblyError::MissingFirstSegment { .. })
    ));

    // Missing (out of order).
    let mut r = Reassembler::default();
    assert_eq!(r.handle_segment(now, &s[0]), Ok(None));
    assert_eq!(
        r.handle_segment(now, &s[2]),
        Err(ReassemblyError::MissingSegment {
            local_reference: reference,
            remaining: 1,
            expected: 2,
        })
    );

    // First segment twice.
    let mut r = Reassembler::default();
    assert_eq!(r.handle_segment(now, &s[0]), Ok(None));
    assert_eq!(
        r.handle_segment(now, &s[0]),
        Err(ReassemblyError::UnexpectedFirstSegment {
            local_reference: reference
        })
    );
    assert_eq!(r.partials(), 0);

    // Class bit changes midway.
    let mut r = Reassembler::default();
    assert_eq!(r.handle_segment(now, &s[0]), Ok(None));
    let mut odd = s[1].clone();
    let mut seg = odd.segmentation().unwrap();
    seg.class1 = !seg.class1;
    odd.optional.set_segmentation(Some(seg));
    assert_eq!(
        r.handle_segment(now, &odd),
        Err(ReassemblyError::InconsistentClass {
            local_reference: reference
        })
    );

    // Last segment alone.
    let mut r = Reassembler::default();
    let err = r.handle_segment(now, &s[3]).unwrap_err();
    assert_eq!(err.return_cause(), ReturnCause::SEGMENTATION_FAILURE);
    assert!(err.is_sequence_error());
    assert_eq!(
        r.stats(),
        ReassemblyStats {
            dropped_out_of_sequence: 1,
            ..ReassemblyStats::default()
        }
    );
}

#[test]
fn interleaved_messages_and_pass_through() {
    let now = Instant::now();
    let mut r = Reassembler::default();
    let (da, a) = segments(250, 1, 1);
    let (db, b) = segments(250, 2, 1);
    for i in 0..2 {
        assert_eq!(r.handle_segment(now, &a[i]), Ok(None));
        assert_eq!(r.handle_segment(now, &b[i]), Ok(None));
    }
    assert_eq!(r.handle_segment(now, &b[2]), Ok(Some(db)));
    assert_eq!(r.handle_segment(now, &a[2]), Ok(Some(da)));

    // No segmentation parameter: passed through.
    let plain = Xudt::new(calling(9), calling(8), Bytes::from_static(b"whole"));
    assert_eq!(
        r.handle_segment(now, &plain),
        Ok(Some(Bytes::from_static(b"whole")))
    );
    // A single segment (first, nothing remaining): delivered at once.
    let single = plain.clone().with_segmentation(Segmentation {
        first: true,
        class1: false,
        remaining_segments: 0,
        local_reference: LocalReference::default(),
    });
    assert_eq!(
        r.handle_segment(now, &single),
        Ok(Some(Bytes::from_static(b"whole")))
    );
    assert_eq!(
        r.stats(),
        ReassemblyStats {
            reassembled: 3,
            unsegmented: 1,
            ..ReassemblyStats::default()
        }
    );
}
