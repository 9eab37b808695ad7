//! The M3UA association layer (RFC 4666 §4): the sans-I/O ASP state machine.
