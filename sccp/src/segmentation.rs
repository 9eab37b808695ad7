//! XUDT segmentation (Q.714 §4.1.1.2.2) and a sans-I/O reassembler (Q.714 §4.1.1.3).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};

use crate::address::SccpAddress;
use crate::error::{EncodeError, ReassemblyError, SegmentationError};
use crate::message::Xudt;
use crate::parameter::{LocalReference, Segmentation};
use crate::protocol_class::ProtocolClass;

/// The most segments one message can have: the remaining-segments field has four bits
/// (Q.713 §3.17).
pub const MAX_SEGMENTS: usize = 16;

/// Splits `data` over XUDT segments of at most `max_segment_len` octets (Q.714 §4.1.1.2.2).
///
/// Each segment copies `template`'s addresses, hop counter and optional parameters (its data and
/// any segmentation parameter are ignored) and gets:
/// - protocol class 1, for in-sequence delivery of the segments, with the template's return
///   option (kept in every segment: any lost segment then comes back to the sender);
/// - a segmentation parameter: F set in the first segment only, C = the template's class
///   (the class of the reassembled message), remaining segments counting down to 0, and
///   `local_reference`, which the caller keeps unique per calling address while segments of
///   the message may be in flight.
///
/// Even data that fits one segment gets the segmentation parameter (F = 1, remaining = 0); call
/// this only when segmenting. The segments hold zero-copy slices of `data`.
pub fn segment(
    data: &Bytes,
    max_segment_len: usize,
    local_reference: LocalReference,
    template: &Xudt,
) -> Result<Vec<Xudt>, SegmentationError> {
    if data.is_empty() {
        return Err(SegmentationError::EmptyData);
    }
    // Q.713 §4.18: the data length indicator is one octet.
    if !(1..=usize::from(u8::MAX)).contains(&max_segment_len) {
        return Err(SegmentationError::InvalidSegmentLength(max_segment_len));
    }
    if !template.protocol_class.is_connectionless() {
        return Err(EncodeError::InvalidProtocolClass(template.protocol_class.0).into());
    }
    let count = data.len().div_ceil(max_segment_len);
    if count > MAX_SEGMENTS {
        return Err(SegmentationError::TooManySegments {
            len: data.len(),
            segments: count,
            max_segment_len,
        });
    }
    let class1 = template.protocol_class.class() == 1;
    let protocol_class =
        ProtocolClass::CLASS_1.with_return_on_error(template.protocol_class.return_on_error());
    let mut segments = Vec::with_capacity(count);
    for (i, start) in (0..data.len()).step_by(max_segment_len).enumerate() {
        let end = data.len().min(start + max_segment_len);
        let mut optional = template.optional.clone();
        optional.set_segmentation(Some(Segmentation {
            first: i == 0,
            class1,
            // count ≤ 16, so this is 0..=15.
            remaining_segments: u8::try_from(count - 1 - i).unwrap_or(0),
            local_reference,
        }));
        segments.push(Xudt {
            protocol_class,
            hop_counter: template.hop_counter,
            called_party: template.called_party.clone(),
            calling_party: template.calling_party.clone(),
            data: data.slice(start..end),
            optional,
        });
    }
    // The first segment is the longest: if it encodes, they all do.
    if let Some(first) = segments.first() {
        first.encoded_len()?;
    }
    Ok(segments)
}

/// What identifies one message being reassembled (Q.714 §4.1.1.3): the calling party address
/// and the segmentation local reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SegmentKey {
    /// The segments' calling party address.
    pub calling_party: SccpAddress,
    /// The segmentation local reference.
    pub local_reference: LocalReference,
}

/// Limits of a [`Reassembler`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReassemblyConfig {
    /// T(reass), started at the first segment (Q.714 §4.1.1.3: 10 to 20 s). Default 15 s.
    pub t_reass: Duration,
    /// The most messages being reassembled at once. Default 1024.
    pub max_partials: usize,
    /// The most octets buffered over all partial messages. Default 4 MiB (1024 messages of
    /// 16 segments of 255 octets).
    pub max_buffered_bytes: usize,
}

impl Default for ReassemblyConfig {
    fn default() -> Self {
        Self {
            t_reass: Duration::from_secs(15),
            max_partials: 1024,
            max_buffered_bytes: 4 * 1024 * 1024,
        }
    }
}

/// Counters of a [`Reassembler`] since it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReassemblyStats {
    /// Messages put back together (including single-segment ones).
    pub reassembled: u64,
    /// XUDTs without a segmentation parameter, passed straight through.
    pub unsegmented: u64,
    /// Partial messages dropped because T(reass) expired.
    pub timed_out: u64,
    /// Segments refused for a sequence error (missing first segment, duplicate, missing
    /// segment, inconsistent class); the partial message, if any, is dropped with them.
    pub dropped_out_of_sequence: u64,
    /// Segments refused because of the partial-message or byte bounds.
    pub rejected_over_limit: u64,
}

/// Reassembles segmented XUDTs (Q.714 §4.1.1.3), sans I/O: the caller passes the time.
///
/// Call order:
/// 1. for every received XUDT, [`Reassembler::handle_segment`]`(now, &xudt)`: `Ok(Some(data))`
///    is a complete message, `Ok(None)` means more segments are awaited, an error means the
///    segment (and the partial message it belonged to) was dropped — return the message with
///    [`ReassemblyError::return_cause`] if its return option asks for it;
/// 2. arm a timer for [`Reassembler::poll_timeout`] and, when it fires,
///    call [`Reassembler::handle_timeout`]`(now)`. (`handle_segment` also drops expired
///    partials first, so a late timer never lets a stale partial complete.)
///
/// One partial message per [`SegmentKey`]:
///
/// ```text
///              first segment, remaining n > 0
///   (none) ─────────────────────────────────────▶ Partial { expected: n-1 }
///     ▲  ▲                                           │ remaining == expected > 0
///     │  │ first segment, remaining 0: deliver       ▼
///     │  └──(none)                               Partial { expected: expected-1 }
///     │                                              │ remaining == expected == 0
///     └──── delivered / sequence error / T(reass) ◀──┘
/// ```
#[derive(Debug)]
pub struct Reassembler {
    config: ReassemblyConfig,
    partials: HashMap<SegmentKey, Partial>,
    buffered: usize,
    stats: ReassemblyStats,
}

/// A message being reassembled.
#[derive(Debug)]
struct Partial {
    /// When T(reass) expires; `None` if `now + t_reass` does not fit an `Instant`.
    deadline: Option<Instant>,
    /// The C bit of the first segment.
    class1: bool,
    /// The remaining-segments value the next segment must carry.
    expected: u8,
    data: BytesMut,
}

impl Reassembler {
    /// A reassembler with these limits.
    pub fn new(config: ReassemblyConfig) -> Self {
        Self {
            config,
            partials: HashMap::new(),
            buffered: 0,
            stats: ReassemblyStats::default(),
        }
    }

    /// Takes one received XUDT. Returns the whole user data once the last segment is in,
    /// `Ok(None)` while segments are awaited. An XUDT without segmentation parameter is passed
    /// straight through.
    pub fn handle_segment(
        &mut self,
        now: Instant,
        xudt: &Xudt,
    ) -> Result<Option<Bytes>, ReassemblyError> {
        self.handle_timeout(now);
        let Some(segmentation) = xudt.segmentation() else {
            self.stats.unsegmented += 1;
            return Ok(Some(xudt.data.clone()));
        };
        let local_reference = segmentation.local_reference;
        let key = SegmentKey {
            calling_party: xudt.calling_party.clone(),
            local_reference,
        };
        if segmentation.first {
            if self.drop_partial(&key) {
                self.stats.dropped_out_of_sequence += 1;
                return Err(ReassemblyError::UnexpectedFirstSegment { local_reference });
            }
            if segmentation.remaining_segments == 0 {
                self.stats.reassembled += 1;
                return Ok(Some(xudt.data.clone()));
            }
            if self.partials.len() >= self.config.max_partials {
                self.stats.rejected_over_limit += 1;
                return Err(ReassemblyError::TooManyPartials {
                    limit: self.config.max_partials,
                });
            }
            if self.buffered + xudt.data.len() > self.config.max_buffered_bytes {
                self.stats.rejected_over_limit += 1;
                return Err(ReassemblyError::BufferFull {
                    limit: self.config.max_buffered_bytes,
                });
            }
            // Room for the whole message if the segments are this size, within the byte bound.
            let expected_len = xudt.data.len() * (usize::from(segmentation.remaining_segments) + 1);
            let mut data = BytesMut::with_capacity(
                expected_len.min(self.config.max_buffered_bytes - self.buffered),
            );
            data.extend_from_slice(&xudt.data);
            self.buffered += data.len();
            self.partials.insert(
                key,
                Partial {
                    deadline: now.checked_add(self.config.t_reass),
                    class1: segmentation.class1,
                    expected: segmentation.remaining_segments - 1,
                    data,
                },
            );
            return Ok(None);
        }

        let Some(partial) = self.partials.get(&key) else {
            self.stats.dropped_out_of_sequence += 1;
            return Err(ReassemblyError::MissingFirstSegment {
                local_reference,
                remaining: segmentation.remaining_segments,
            });
        };
        let expected = partial.expected;
        let remaining = segmentation.remaining_segments;
        let error = if remaining > expected {
            Some(ReassemblyError::DuplicateSegment {
                local_reference,
                remaining,
                expected,
            })
        } else if remaining < expected {
            Some(ReassemblyError::MissingSegment {
                local_reference,
                remaining,
                expected,
            })
        } else if segmentation.class1 != partial.class1 {
            Some(ReassemblyError::InconsistentClass { local_reference })
        } else {
            None
        };
        if let Some(error) = error {
            self.drop_partial(&key);
            self.stats.dropped_out_of_sequence += 1;
            return Err(error);
        }
        if self.buffered + xudt.data.len() > self.config.max_buffered_bytes {
            self.drop_partial(&key);
            self.stats.rejected_over_limit += 1;
            return Err(ReassemblyError::BufferFull {
                limit: self.config.max_buffered_bytes,
            });
        }
        if remaining == 0 {
            let Some(mut partial) = self.partials.remove(&key) else {
                // Not reachable: the partial was found above.
                return Ok(None);
            };
            self.buffered -= partial.data.len();
            partial.data.extend_from_slice(&xudt.data);
            self.stats.reassembled += 1;
            return Ok(Some(partial.data.freeze()));
        }
        if let Some(partial) = self.partials.get_mut(&key) {
            partial.data.extend_from_slice(&xudt.data);
            partial.expected = remaining - 1;
            self.buffered += xudt.data.len();
        }
        Ok(None)
    }

    /// Drops every partial message whose T(reass) has expired at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        let mut freed = 0;
        let mut expired = 0;
        self.partials.retain(|_, partial| {
            let keep = partial.deadline.is_none_or(|deadline| deadline > now);
            if !keep {
                freed += partial.data.len();
                expired += 1;
            }
            keep
        });
        self.buffered -= freed;
        self.stats.timed_out += expired;
    }

    /// The earliest T(reass) expiry, `None` when nothing is being reassembled.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.partials.values().filter_map(|p| p.deadline).min()
    }

    /// The counters.
    pub fn stats(&self) -> ReassemblyStats {
        self.stats
    }

    /// The limits.
    pub fn config(&self) -> &ReassemblyConfig {
        &self.config
    }

    /// How many messages are being reassembled.
    pub fn partials(&self) -> usize {
        self.partials.len()
    }

    /// How many octets the partial messages hold.
    pub fn buffered_bytes(&self) -> usize {
        self.buffered
    }

    fn drop_partial(&mut self, key: &SegmentKey) -> bool {
        match self.partials.remove(key) {
            Some(partial) => {
                self.buffered -= partial.data.len();
                true
            }
            None => false,
        }
    }
}

impl Default for Reassembler {
    fn default() -> Self {
        Self::new(ReassemblyConfig::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::SubsystemNumber;
    use crate::parameter::Importance;

    fn template() -> Xudt {
        Xudt::new(
            SccpAddress::e164("8250412345678", SubsystemNumber::INAP).unwrap(),
            SccpAddress::e164("821099990000", SubsystemNumber::INAP).unwrap(),
            Bytes::new(),
        )
        .with_protocol_class(ProtocolClass::CLASS_0_RETURN_ON_ERROR)
        .with_importance(Importance::new(3).unwrap())
    }

    fn data(len: usize) -> Bytes {
        (0..len).map(|i| i as u8).collect::<Vec<_>>().into()
    }

    #[test]
    fn segments_carry_the_parameter() {
        let r = LocalReference::from_u32(0x123456).unwrap();
        let segs = segment(&data(250), 100, r, &template()).unwrap();
        assert_eq!(segs.len(), 3);
        let s: Vec<_> = segs.iter().map(|x| x.segmentation().unwrap()).collect();
        assert!(s[0].first && !s[1].first && !s[2].first);
        assert_eq!(
            s.iter().map(|s| s.remaining_segments).collect::<Vec<_>>(),
            [2, 1, 0]
        );
        assert!(s.iter().all(|s| !s.class1 && s.local_reference == r));
        assert!(
            segs.iter()
                .all(|x| x.protocol_class == ProtocolClass::CLASS_1_RETURN_ON_ERROR)
        );
        assert!(segs.iter().all(|x| x.importance() == Importance::new(3)));
        assert_eq!(segs[2].data.len(), 50);
        for x in &segs {
            x.to_bytes().unwrap();
        }
    }

    #[test]
    fn segment_errors() {
        let r = LocalReference::default();
        assert_eq!(
            segment(&Bytes::new(), 100, r, &template()),
            Err(SegmentationError::EmptyData)
        );
        assert_eq!(
            segment(&data(10), 0, r, &template()),
            Err(SegmentationError::InvalidSegmentLength(0))
        );
        assert_eq!(
            segment(&data(10), 256, r, &template()),
            Err(SegmentationError::InvalidSegmentLength(256))
        );
        assert!(matches!(
            segment(&data(17), 1, r, &template()),
            Err(SegmentationError::TooManySegments { segments: 17, .. })
        ));
        assert!(matches!(
            segment(&data(1000), 250, r, &template()),
            Err(SegmentationError::Encode(
                EncodeError::PointerOverflow { .. }
            ))
        ));
    }

    #[test]
    fn reassemble_in_order() {
        let now = Instant::now();
        let mut r = Reassembler::default();
        let payload = data(700);
        let segs = segment(&payload, 200, LocalReference([9, 9, 9]), &template()).unwrap();
        for s in &segs[..3] {
            assert_eq!(r.handle_segment(now, s), Ok(None));
        }
        assert_eq!(r.buffered_bytes(), 600);
        assert_eq!(r.poll_timeout(), Some(now + Duration::from_secs(15)));
        assert_eq!(r.handle_segment(now, &segs[3]), Ok(Some(payload)));
        assert_eq!(r.partials(), 0);
        assert_eq!(r.buffered_bytes(), 0);
        assert_eq!(r.poll_timeout(), None);
        assert_eq!(r.stats().reassembled, 1);
    }
}
