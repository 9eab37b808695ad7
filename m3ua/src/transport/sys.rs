//! The few SCTP socket options `sctp-rs` does not offer (RFC 6458 §8, Linux `<netinet/sctp.h>`),
//! as safe functions over `setsockopt(2)`.
//!
//! This is the only unsafe code in the workspace: each call hands the kernel a pointer to a
//! plain `#[repr(C)]` value or byte buffer that lives for the duration of the call, with its exact
//! size.
#![allow(unsafe_code)]

use std::io;
use std::net::SocketAddr;
use std::os::fd::RawFd;
use std::time::Duration;

const SOL_SCTP: libc::c_int = 132;
const SCTP_RTOINFO: libc::c_int = 0;
const SCTP_INITMSG: libc::c_int = 2;
const SCTP_NODELAY: libc::c_int = 3;
const SCTP_SOCKOPT_BINDX_ADD: libc::c_int = 100;
const SCTP_SOCKOPT_CONNECTX: libc::c_int = 110;
const SCTP_GET_PEER_ADDR_INFO: libc::c_int = 15;
/// `struct sctp_paddrinfo` is packed: assoc id (4), `sockaddr_storage` (128), state (4), cwnd,
/// srtt, rto, mtu (4 each).
const PADDRINFO_LEN: usize = 152;
const PADDRINFO_STATE: usize = 132;

/// `struct sctp_rtoinfo` (RFC 6458 §8.1.1), milliseconds.
#[repr(C)]
struct RtoInfo {
    assoc_id: i32,
    initial: u32,
    max: u32,
    min: u32,
}

/// `struct sctp_initmsg` (RFC 6458 §8.1.3); the timeout in milliseconds.
#[repr(C)]
struct InitMsg {
    num_ostreams: u16,
    max_instreams: u16,
    max_attempts: u16,
    max_init_timeo: u16,
}

fn setsockopt_raw(fd: RawFd, name: libc::c_int, value: &[u8]) -> io::Result<libc::c_int> {
    let len = libc::socklen_t::try_from(value.len()).map_err(io::Error::other)?;
    // SAFETY: `value` is a live byte buffer of exactly `len` octets for the whole call; the kernel
    // only reads it. An invalid `fd` makes the call fail with EBADF, which is returned.
    let r = unsafe { libc::setsockopt(fd, SOL_SCTP, name, value.as_ptr().cast(), len) };
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

fn setsockopt<T>(fd: RawFd, name: libc::c_int, value: &T) -> io::Result<()> {
    let len = libc::socklen_t::try_from(std::mem::size_of::<T>()).map_err(io::Error::other)?;
    // SAFETY: `value` is a live `#[repr(C)]` value of exactly `len` octets for the whole call.
    let r = unsafe { libc::setsockopt(fd, SOL_SCTP, name, (value as *const T).cast(), len) };
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

fn millis(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}

/// `SCTP_NODELAY`: no Nagle-like bundling delay.
pub(super) fn set_nodelay(fd: RawFd, on: bool) -> io::Result<()> {
    setsockopt(fd, SCTP_NODELAY, &libc::c_int::from(on))
}

/// `SCTP_RTOINFO` for future associations of the socket.
pub(super) fn set_rto(
    fd: RawFd,
    initial: Duration,
    min: Duration,
    max: Duration,
) -> io::Result<()> {
    let info = RtoInfo {
        assoc_id: 0,
        initial: millis(initial),
        max: millis(max),
        min: millis(min),
    };
    setsockopt(fd, SCTP_RTOINFO, &info)
}

/// `SCTP_INITMSG`: streams asked for and INIT retransmission limits.
pub(super) fn set_init(
    fd: RawFd,
    ostreams: u16,
    max_instreams: u16,
    max_attempts: u16,
    max_timeout: Duration,
) -> io::Result<()> {
    let init = InitMsg {
        num_ostreams: ostreams,
        max_instreams,
        max_attempts,
        max_init_timeo: u16::try_from(max_timeout.as_millis()).unwrap_or(u16::MAX),
    };
    setsockopt(fd, SCTP_INITMSG, &init)
}

/// Packs addresses as `sctp_bindx`/`sctp_connectx` want them: `sockaddr_in` and `sockaddr_in6`
/// back to back, in the host's layout.
fn pack(addrs: &[SocketAddr]) -> Vec<u8> {
    let mut out = Vec::with_capacity(addrs.len() * 28);
    for addr in addrs {
        match addr {
            SocketAddr::V4(a) => {
                // struct sockaddr_in: family (host order), port, address (network order), zero[8].
                out.extend_from_slice(&(libc::AF_INET as u16).to_ne_bytes());
                out.extend_from_slice(&a.port().to_be_bytes());
                out.extend_from_slice(&a.ip().octets());
                out.extend_from_slice(&[0; 8]);
            }
            SocketAddr::V6(a) => {
                // struct sockaddr_in6: family, port, flowinfo, address, scope id.
                out.extend_from_slice(&(libc::AF_INET6 as u16).to_ne_bytes());
                out.extend_from_slice(&a.port().to_be_bytes());
                out.extend_from_slice(&a.flowinfo().to_be_bytes());
                out.extend_from_slice(&a.ip().octets());
                out.extend_from_slice(&a.scope_id().to_ne_bytes());
            }
        }
    }
    out
}

/// `sctp_bindx(SCTP_BINDX_ADD_ADDR)`: adds local addresses (multi-homing).
pub(super) fn bindx_add(fd: RawFd, addrs: &[SocketAddr]) -> io::Result<()> {
    setsockopt_raw(fd, SCTP_SOCKOPT_BINDX_ADD, &pack(addrs)).map(|_| ())
}

/// `sctp_connectx`: one association to a peer known by several addresses. On a non-blocking
/// socket this returns `EINPROGRESS` like `connect`.
pub(super) fn connectx(fd: RawFd, addrs: &[SocketAddr]) -> io::Result<()> {
    setsockopt_raw(fd, SCTP_SOCKOPT_CONNECTX, &pack(addrs)).map(|_| ())
}

/// Whether the kernel considers the peer address `addr` of the socket's association reachable
/// (`SCTP_GET_PEER_ADDR_INFO`, RFC 6458 §8.2.2: state active or unconfirmed, not inactive or
/// potentially failed).
pub(super) fn peer_address_reachable(fd: RawFd, addr: SocketAddr) -> io::Result<bool> {
    let mut info = [0u8; PADDRINFO_LEN];
    let sa = pack(&[addr]);
    if let Some(slot) = info.get_mut(4..4 + sa.len()) {
        slot.copy_from_slice(&sa);
    }
    let mut len = PADDRINFO_LEN as libc::socklen_t;
    // SAFETY: `info` is a live, writable buffer of `len` octets for the whole call, and `len` is a
    // live socklen_t the kernel updates.
    let r = unsafe {
        libc::getsockopt(
            fd,
            SOL_SCTP,
            SCTP_GET_PEER_ADDR_INFO,
            info.as_mut_ptr().cast(),
            &mut len,
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    let state = info
        .get(PADDRINFO_STATE..PADDRINFO_STATE + 4)
        .map_or(0, |b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
    // SCTP_INACTIVE 0, SCTP_PF 1, SCTP_ACTIVE 2, SCTP_UNCONFIRMED 3.
    Ok(matches!(state, 2 | 3))
}

/// Registers an owned socket with the tokio reactor.
pub(super) fn register(
    socket: socket2::Socket,
    interest: tokio::io::Interest,
) -> io::Result<tokio::io::unix::AsyncFd<socket2::Socket>> {
    // SAFETY (tokio's I/O-safety contract): the AsyncFd owns the socket, so the descriptor stays
    // open for as long as it is registered, and AsyncFd deregisters it before dropping the socket
    // (or hands the socket back, deregistered, through `into_inner`).
    unsafe { tokio::io::unix::AsyncFd::register_with_interest(socket, interest) }
        .map_err(|e| e.into_parts().1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_addresses_in_the_kernel_layout() {
        let v4: SocketAddr = "10.99.0.2:2905".parse().unwrap();
        let v6: SocketAddr = "[::1]:2905".parse().unwrap();
        let p = pack(&[v4, v6]);
        assert_eq!(p.len(), 16 + 28);
        assert_eq!(&p[2..8], &[0x0b, 0x59, 10, 99, 0, 2]);
        assert_eq!(&p[16 + 2..16 + 4], &[0x0b, 0x59]);
        assert_eq!(p[16 + 8 + 15], 1);
    }
}
