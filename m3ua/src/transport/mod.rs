//! Transports that carry M3UA messages: kernel SCTP, userspace SCTP, TCP.
