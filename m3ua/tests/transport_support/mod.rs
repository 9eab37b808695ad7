//! What the transport tests need to know about the host: whether kernel SCTP and raw IPv4
//! sockets are there. Included by `transport.rs` and `link.rs`.

#![allow(dead_code)]

/// Whether this kernel has SCTP. Without it the kernel-SCTP tests skip with a message, unless
/// `VNS_REQUIRE_KERNEL_SCTP` is set (the interop guest sets it), which makes them fail.
pub(crate) fn kernel_sctp() -> bool {
    if m3ua::transport::kernel_sctp_available() {
        return true;
    }
    assert!(
        std::env::var_os("VNS_REQUIRE_KERNEL_SCTP").is_none(),
        "VNS_REQUIRE_KERNEL_SCTP is set but this kernel has no SCTP"
    );
    eprintln!("skipped: this kernel has no SCTP (the interop guest runs this test)");
    false
}

/// Whether this process may open raw IPv4 sockets for SCTP; with `CI` set it must.
pub(crate) fn raw_ip() -> bool {
    let ok = socket2::Socket::new(
        socket2::Domain::IPV4,
        socket2::Type::RAW,
        Some(socket2::Protocol::from(132)),
    )
    .is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI is set but raw IPv4 sockets are not allowed (run as root)"
    );
    if !ok {
        eprintln!("skipped: raw IPv4 sockets need CAP_NET_RAW");
    }
    ok
}
