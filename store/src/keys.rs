//! The on-disk key layout: every key starts with a one-byte kind prefix
//! (STYLE §2); integers are big-endian so that byte order is numeric order and
//! range scans come out sorted. A retired prefix is never reused.
//!
//! A virtual number inside a key is `len:u8 ‖ ASCII digits` ([`number`]), so
//! that an 11-digit number is never a prefix of a 12-digit one.
//!
//! | prefix | kind | key after the prefix | value |
//! |---|---|---|---|
//! | `0x01` | [`META`] | name bytes | store metadata (format version, sweep marks) |
//! | `0x02` | [`TENANT`] | tenant `u32` | [`crate::model::Tenant`] |
//! | `0x03` | [`RANGE`] | tenant `u32` ‖ first number | [`crate::model::NumberRange`] |
//! | `0x04` | [`NUMBER`] | number | [`crate::model::NumberRecord`] — state and the active binding: the one record `route` reads |
//! | `0x05` | [`FREE`] | tenant `u32` ‖ released-at `u64` ms ‖ number | [`crate::model::FreeEntry`] (allocation queue, longest rest first) |
//! | `0x06` | [`QUARANTINE`] | until `u64` ms ‖ number | empty (sweeper queue) |
//! | `0x07` | [`EXPIRY`] | expires-at `u64` ms ‖ number | empty (sweeper queue) |
//! | `0x08` | [`BLIND`] | HMAC-SHA256(real number)\[..16\] ‖ number | generation `u32` (reverse lookup) |
//! | `0x09` | [`IDEMPOTENCY`] | tenant `u32` ‖ external reference bytes | number (allocation idempotency) |
//! | `0x10` | [`CALL`] | tenant `u32` ‖ attempt-at `u64` ms ‖ call id `u64` | [`crate::model::StoredCall`] |
//! | `0x11` | [`COUNTER`] | number ‖ day `u32` (days since 1970-01-01, Asia/Seoul) | [`crate::model::DailyCounters`] |
//! | `0x12` | [`AUDIT`] | at `u64` ms ‖ sequence `u64` | [`crate::model::AuditEntry`] |
//! | `0x13` | [`LABEL`] | tenant `u32` ‖ label name `u8` ([`LABEL_REGION`], [`LABEL_BRANCH`]) ‖ value length `u8` ‖ value bytes ‖ number | generation `u32` (bindings by label, for role scoping) |
//! | `0x15` | [`ENDED`] | erase-at `u64` ms ‖ number ‖ generation `u32` | [`crate::model::EndedBinding`] (kept for the grace period, then destroyed) |
//!
//! Retired prefixes: none yet. Prefix `0x14` is unassigned.

use crate::number::VirtualNumber;

/// Store metadata.
pub const META: u8 = 0x01;
/// Tenants.
pub const TENANT: u8 = 0x02;
/// Pool ranges, by owning tenant.
pub const RANGE: u8 = 0x03;
/// Number records (state + active binding).
pub const NUMBER: u8 = 0x04;
/// Free numbers by tenant and release time.
pub const FREE: u8 = 0x05;
/// Quarantined numbers by the end of their quarantine.
pub const QUARANTINE: u8 = 0x06;
/// Bound numbers by the expiry of their binding.
pub const EXPIRY: u8 = 0x07;
/// Keyed HMAC blind index of protected real numbers.
pub const BLIND: u8 = 0x08;
/// (tenant, external reference) → number.
pub const IDEMPOTENCY: u8 = 0x09;
/// Call records.
pub const CALL: u8 = 0x10;
/// Per-number daily counters.
pub const COUNTER: u8 = 0x11;
/// Audit log.
pub const AUDIT: u8 = 0x12;
/// Label index: bindings of a tenant by label value.
pub const LABEL: u8 = 0x13;
/// Label name in a [`LABEL`] key: region.
pub const LABEL_REGION: u8 = 1;
/// Label name in a [`LABEL`] key: branch.
pub const LABEL_BRANCH: u8 = 2;
/// Ended bindings awaiting erasure of their real numbers.
pub const ENDED: u8 = 0x15;

/// The metadata key holding the on-disk format version.
pub const META_FORMAT: &[u8] = b"\x01format";
/// The metadata key counting store opens (audit sequence epoch).
pub const META_EPOCH: &[u8] = b"\x01epoch";
/// The metadata key written (synced) at the end of a sweep.
pub const META_SWEEP: &[u8] = b"\x01sweep";

/// Appends a number's key encoding.
pub fn push_number(out: &mut Vec<u8>, v: &VirtualNumber) {
    out.push(v.as_str().len() as u8);
    out.extend_from_slice(v.as_str().as_bytes());
}

/// Reads a number encoded by [`push_number`] at the start of `bytes`;
/// returns it and the rest.
pub fn read_number(bytes: &[u8]) -> Option<(VirtualNumber, &[u8])> {
    let (&len, rest) = bytes.split_first()?;
    let len = usize::from(len);
    if rest.len() < len {
        return None;
    }
    let (digits, rest) = rest.split_at(len);
    let s = std::str::from_utf8(digits).ok()?;
    Some((VirtualNumber::parse(s).ok()?, rest))
}

fn be_u64(bytes: &[u8]) -> Option<(u64, &[u8])> {
    if bytes.len() < 8 {
        return None;
    }
    let (a, rest) = bytes.split_at(8);
    Some((u64::from_be_bytes(a.try_into().ok()?), rest))
}

fn be_u32(bytes: &[u8]) -> Option<(u32, &[u8])> {
    if bytes.len() < 4 {
        return None;
    }
    let (a, rest) = bytes.split_at(4);
    Some((u32::from_be_bytes(a.try_into().ok()?), rest))
}

/// `0x02 ‖ tenant`.
pub fn tenant(id: u32) -> Vec<u8> {
    let mut k = vec![TENANT];
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// `0x03 ‖ tenant ‖ first`.
pub fn range(tenant: u32, first: &VirtualNumber) -> Vec<u8> {
    let mut k = vec![RANGE];
    k.extend_from_slice(&tenant.to_be_bytes());
    push_number(&mut k, first);
    k
}

/// `0x03 ‖ tenant`: the prefix of a tenant's ranges.
pub fn range_prefix(tenant: u32) -> Vec<u8> {
    let mut k = vec![RANGE];
    k.extend_from_slice(&tenant.to_be_bytes());
    k
}

/// `0x04 ‖ number`.
pub fn number(v: &VirtualNumber) -> Vec<u8> {
    let mut k = Vec::with_capacity(14);
    k.push(NUMBER);
    push_number(&mut k, v);
    k
}

/// `0x05 ‖ tenant ‖ released_at ‖ number`.
pub fn free(tenant: u32, released_at: u64, v: &VirtualNumber) -> Vec<u8> {
    let mut k = free_prefix(tenant);
    k.extend_from_slice(&released_at.to_be_bytes());
    push_number(&mut k, v);
    k
}

/// `0x05 ‖ tenant`.
pub fn free_prefix(tenant: u32) -> Vec<u8> {
    let mut k = vec![FREE];
    k.extend_from_slice(&tenant.to_be_bytes());
    k
}

/// Decodes a [`free`] key into (released_at, number).
pub fn parse_free(key: &[u8]) -> Option<(u64, VirtualNumber)> {
    let rest = key.get(5..)?;
    let (at, rest) = be_u64(rest)?;
    let (v, _) = read_number(rest)?;
    Some((at, v))
}

/// `prefix ‖ at ‖ number` for the time-ordered queues ([`QUARANTINE`], [`EXPIRY`]).
pub fn timed(prefix: u8, at: u64, v: &VirtualNumber) -> Vec<u8> {
    let mut k = vec![prefix];
    k.extend_from_slice(&at.to_be_bytes());
    push_number(&mut k, v);
    k
}

/// The exclusive upper bound of a time-ordered queue up to and including `at`.
pub fn timed_upto(prefix: u8, at: u64) -> Vec<u8> {
    let mut k = vec![prefix];
    k.extend_from_slice(&at.saturating_add(1).to_be_bytes());
    k
}

/// Decodes a [`timed`] key.
pub fn parse_timed(key: &[u8]) -> Option<(u64, VirtualNumber)> {
    let (at, rest) = be_u64(key.get(1..)?)?;
    let (v, _) = read_number(rest)?;
    Some((at, v))
}

/// `0x08 ‖ blind ‖ number`.
pub fn blind(index: &[u8; 16], v: &VirtualNumber) -> Vec<u8> {
    let mut k = vec![BLIND];
    k.extend_from_slice(index);
    push_number(&mut k, v);
    k
}

/// `0x08 ‖ blind`.
pub fn blind_prefix(index: &[u8; 16]) -> Vec<u8> {
    let mut k = vec![BLIND];
    k.extend_from_slice(index);
    k
}

/// `0x09 ‖ tenant ‖ external reference`.
pub fn idempotency(tenant: u32, external_ref: &str) -> Vec<u8> {
    let mut k = vec![IDEMPOTENCY];
    k.extend_from_slice(&tenant.to_be_bytes());
    k.extend_from_slice(external_ref.as_bytes());
    k
}

/// `0x10 ‖ tenant ‖ attempt_at ‖ call_id`.
pub fn call(tenant: u32, attempt_at: u64, call_id: u64) -> Vec<u8> {
    let mut k = call_prefix(tenant);
    k.extend_from_slice(&attempt_at.to_be_bytes());
    k.extend_from_slice(&call_id.to_be_bytes());
    k
}

/// `0x10 ‖ tenant`.
pub fn call_prefix(tenant: u32) -> Vec<u8> {
    let mut k = vec![CALL];
    k.extend_from_slice(&tenant.to_be_bytes());
    k
}

/// `0x10 ‖ tenant ‖ at` — the first key at or after `at` for the tenant.
pub fn call_from(tenant: u32, at: u64) -> Vec<u8> {
    let mut k = call_prefix(tenant);
    k.extend_from_slice(&at.to_be_bytes());
    k
}

/// `0x11 ‖ number ‖ day`.
pub fn counter(v: &VirtualNumber, day: u32) -> Vec<u8> {
    let mut k = vec![COUNTER];
    push_number(&mut k, v);
    k.extend_from_slice(&day.to_be_bytes());
    k
}

/// `0x12 ‖ at ‖ seq`.
pub fn audit(at: u64, seq: u64) -> Vec<u8> {
    let mut k = vec![AUDIT];
    k.extend_from_slice(&at.to_be_bytes());
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

/// Decodes an [`audit`] key into (at, seq).
pub fn parse_audit(key: &[u8]) -> Option<(u64, u64)> {
    let (at, rest) = be_u64(key.get(1..)?)?;
    let (seq, _) = be_u64(rest)?;
    Some((at, seq))
}

/// `0x13 ‖ tenant ‖ name ‖ len ‖ value` — every binding of the tenant with
/// this label value. `None` when the value is longer than 255 bytes (the
/// store refuses such labels).
pub fn label_prefix(tenant: u32, name: u8, value: &str) -> Option<Vec<u8>> {
    let len = u8::try_from(value.len()).ok()?;
    let mut k = vec![LABEL];
    k.extend_from_slice(&tenant.to_be_bytes());
    k.push(name);
    k.push(len);
    k.extend_from_slice(value.as_bytes());
    Some(k)
}

/// `0x13 ‖ tenant ‖ name ‖ len ‖ value ‖ number`.
pub fn label(tenant: u32, name: u8, value: &str, v: &VirtualNumber) -> Option<Vec<u8>> {
    let mut k = label_prefix(tenant, name, value)?;
    push_number(&mut k, v);
    Some(k)
}

/// `0x15 ‖ erase_at ‖ number ‖ generation`.
pub fn ended(erase_at: u64, v: &VirtualNumber, generation: u32) -> Vec<u8> {
    let mut k = timed(ENDED, erase_at, v);
    k.extend_from_slice(&generation.to_be_bytes());
    k
}

/// Decodes an [`ended`] key.
pub fn parse_ended(key: &[u8]) -> Option<(u64, VirtualNumber, u32)> {
    let (at, rest) = be_u64(key.get(1..)?)?;
    let (v, rest) = read_number(rest)?;
    let (generation, _) = be_u32(rest)?;
    Some((at, v, generation))
}

/// The smallest key greater than every key starting with `prefix`
/// (`None` when there is none: the prefix is all `0xff`).
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> VirtualNumber {
        VirtualNumber::parse(s).unwrap()
    }

    #[test]
    fn keys_sort_numerically() {
        assert!(free(1, 5, &v("05041234999")) < free(1, 6, &v("05041234000")));
        assert!(free(1, u64::MAX, &v("05041234000")) < free(2, 0, &v("05041234000")));
        assert!(timed(EXPIRY, 255, &v("05041234000")) < timed(EXPIRY, 256, &v("05041234000")));
        assert!(timed(EXPIRY, 10, &v("050412349999")) < timed_upto(EXPIRY, 10));
        // An 11-digit number is never a key prefix of a 12-digit one.
        assert!(!number(&v("050412345678")).starts_with(&number(&v("05041234567"))));
    }

    #[test]
    fn parse_round_trips() {
        let n = v("050412345678");
        assert_eq!(parse_free(&free(7, 99, &n)), Some((99, n)));
        assert_eq!(parse_timed(&timed(QUARANTINE, 3, &n)), Some((3, n)));
        assert_eq!(parse_ended(&ended(4, &n, 9)), Some((4, n, 9)));
        assert_eq!(parse_audit(&audit(5, 6)), Some((5, 6)));
        assert_eq!(parse_timed(&[EXPIRY, 1, 2]), None);
        assert_eq!(parse_ended(&ended(4, &n, 9)[..20]), None);
    }

    #[test]
    fn prefix_end_carries() {
        assert_eq!(prefix_end(&[1, 2]), Some(vec![1, 3]));
        assert_eq!(prefix_end(&[1, 0xff]), Some(vec![2]));
        assert_eq!(prefix_end(&[0xff, 0xff]), None);
    }
}
