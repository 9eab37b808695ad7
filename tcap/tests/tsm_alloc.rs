//! The hot path allocates nothing once the shard is warm: a Begin with the InitialDP in, an End
//! with a Connect out, encoded into a reused buffer, its component list given back. Counted with
//! a global allocator (this test binary only).
#![allow(unsafe_code)] // the counting allocator

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::CS1;
use tcap::tsm::{Config, Indication, Shard, Termination};
use tcap::{Code, Component, Invoke, Message, Parameter};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn begin_in_end_out_does_not_allocate_when_warm() {
    let data = common::idp_begin();
    let connect = Parameter::from_vec(vec![0x30, 0x03, 0x80, 0x01, 0x05]).unwrap();
    let mut shard: Shard<u32> = Shard::new(Config {
        idle_timeout: Duration::from_secs(60),
        ..Config::new(vec![CS1])
    })
    .unwrap();
    let t0 = Instant::now();
    let mut out = Vec::with_capacity(256);
    let mut call = |i: u32| {
        let now = t0 + Duration::from_micros(u64::from(i));
        shard.handle_message(now, 7, &data);
        let Some(Indication::Begin {
            dialogue,
            mut components,
            ..
        }) = shard.poll_indication()
        else {
            panic!("the Begin is accepted")
        };
        components.clear();
        components.push(Component::Invoke(Invoke::new(
            1,
            Code::Local(20),
            Some(connect.clone()),
        )));
        shard
            .end(now, dialogue, Termination::Basic, components)
            .unwrap();
        let t = shard.poll_transmit().unwrap();
        out.clear();
        t.message.encode(&mut out);
        assert!(matches!(t.message, Message::End(_)));
        shard.recycle(t.message.into_components());
        shard.poll_timeout();
    };
    for i in 0..100 {
        call(i);
    }
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for i in 100..10_100 {
        call(i);
    }
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
    assert_eq!(allocations, 0, "allocations in 10 000 warm calls");
}
