//! Reconnect delays: capped exponential back-off, jittered by an injected value.

use core::time::Duration;
use std::time::Instant;

use super::ConfigError;

/// Parameters of a [`Backoff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackoffConfig {
    /// The first delay. Default 100 ms.
    pub initial: Duration,
    /// Each further delay is this many times the previous one. Default 2.
    pub factor: u32,
    /// The delay never exceeds this. Default 30 s.
    pub max: Duration,
    /// Up to this percentage of a delay is taken off by jitter (0 = none). Default 20.
    pub jitter_percent: u8,
    /// A connection that stayed up this long resets the sequence. Default 10 s.
    pub stable_after: Duration,
}

impl Default for BackoffConfig {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(100),
            factor: 2,
            max: Duration::from_secs(30),
            jitter_percent: 20,
            stable_after: Duration::from_secs(10),
        }
    }
}

impl BackoffConfig {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.initial.is_zero() {
            return Err(ConfigError::InvalidBackoff("initial delay is zero"));
        }
        if self.factor == 0 {
            return Err(ConfigError::InvalidBackoff("factor is zero"));
        }
        if self.max < self.initial {
            return Err(ConfigError::InvalidBackoff("max is below initial"));
        }
        if self.jitter_percent > 100 {
            return Err(ConfigError::InvalidBackoff("jitter above 100 %"));
        }
        Ok(())
    }
}

/// Reconnect delays: `initial × factor^n`, capped at `max`, minus up to `jitter_percent` of it.
///
/// The type is pure: the clock comes in as arguments and the jitter as a `u32` the caller draws
/// (0 = no reduction, `u32::MAX` = the full `jitter_percent`).
///
/// ```
/// use std::time::{Duration, Instant};
/// use m3ua::asp::{Backoff, BackoffConfig};
///
/// let mut backoff = Backoff::new(BackoffConfig { jitter_percent: 0, ..BackoffConfig::default() });
/// let delays: Vec<_> = (0..4).map(|_| backoff.next_delay(0)).collect();
/// assert_eq!(delays, [100, 200, 400, 800].map(Duration::from_millis));
/// // A connection that stays up `stable_after` resets the sequence.
/// let t0 = Instant::now();
/// backoff.connected(t0);
/// backoff.disconnected(t0 + Duration::from_secs(10));
/// assert_eq!(backoff.next_delay(0), Duration::from_millis(100));
/// ```
#[derive(Debug, Clone)]
pub struct Backoff {
    config: BackoffConfig,
    attempt: u32,
    up_since: Option<Instant>,
}

impl Backoff {
    /// A fresh sequence.
    pub fn new(config: BackoffConfig) -> Self {
        Self {
            config,
            attempt: 0,
            up_since: None,
        }
    }

    /// The parameters.
    pub fn config(&self) -> &BackoffConfig {
        &self.config
    }

    /// How many delays were handed out since the last reset.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The delay before the next connection attempt, and advances the sequence.
    pub fn next_delay(&mut self, jitter: u32) -> Duration {
        let base = self.base_delay(self.attempt);
        self.attempt = self.attempt.saturating_add(1);
        let cut = u128::from(self.config.jitter_percent) * u128::from(jitter);
        let nanos = base.as_nanos();
        // nanos × percent × jitter / (100 × u32::MAX) ≤ nanos.
        let reduction = nanos.saturating_mul(cut) / (100 * u128::from(u32::MAX));
        let jittered = nanos.saturating_sub(reduction);
        Duration::from_nanos(u64::try_from(jittered).unwrap_or(u64::MAX))
    }

    /// The un-jittered delay of attempt `n` (0-based).
    pub fn base_delay(&self, n: u32) -> Duration {
        let mut delay = self.config.initial;
        for _ in 0..n {
            delay = delay.saturating_mul(self.config.factor);
            if delay >= self.config.max {
                return self.config.max;
            }
        }
        delay.min(self.config.max)
    }

    /// The transport came up at `now`.
    pub fn connected(&mut self, now: Instant) {
        self.up_since = Some(now);
    }

    /// The transport went down at `now`: a connection that lasted
    /// [`stable_after`](BackoffConfig::stable_after) resets the sequence.
    pub fn disconnected(&mut self, now: Instant) {
        if let Some(since) = self.up_since.take()
            && now.saturating_duration_since(since) >= self.config.stable_after
        {
            self.attempt = 0;
        }
    }

    /// Starts the sequence over.
    pub fn reset(&mut self) {
        self.attempt = 0;
        self.up_since = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_and_jittered() {
        let mut b = Backoff::new(BackoffConfig::default());
        let seq: Vec<_> = (0..12).map(|_| b.next_delay(0)).collect();
        assert_eq!(seq[0], Duration::from_millis(100));
        assert_eq!(seq[8], Duration::from_millis(25_600));
        assert_eq!(seq[9], Duration::from_secs(30));
        assert_eq!(seq[11], Duration::from_secs(30));
        let mut b = Backoff::new(BackoffConfig::default());
        assert_eq!(b.next_delay(u32::MAX), Duration::from_millis(80));
        assert_eq!(
            b.next_delay(u32::MAX / 2),
            Duration::from_millis(180) + Duration::from_nanos(1)
        );
        let short = Backoff::new(BackoffConfig::default());
        assert_eq!(short.base_delay(u32::MAX), Duration::from_secs(30));
    }

    #[test]
    fn short_connection_does_not_reset() {
        let mut b = Backoff::new(BackoffConfig::default());
        b.next_delay(0);
        b.next_delay(0);
        let t0 = Instant::now();
        b.connected(t0);
        b.disconnected(t0 + Duration::from_secs(1));
        assert_eq!(b.attempt(), 2);
        assert_eq!(b.next_delay(0), Duration::from_millis(400));
    }
}
