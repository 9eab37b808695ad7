//! A sans-I/O SCTP association (RFC 9260) for hosts whose kernel has no SCTP.
