use super::*;

fn shard(max: usize) -> Shard<u8> {
    Shard::new(Config {
        max_dialogues: max,
        idle_timeout: Duration::from_secs(10),
        ..Config::new(vec![Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 0])])
    })
    .unwrap()
}

fn invoke(id: InvokeId) -> Component {
    Component::Invoke(Invoke::new(id, Code::Local(0), None))
}

#[test]
fn take_queued_puts_the_queue_first_without_copying_when_it_can() {
    let mut queued = vec![invoke(1)];
    let given = Vec::with_capacity(8);
    let ptr = queued.as_ptr();
    let out = take_queued(&mut queued, given);
    assert_eq!(out, [invoke(1)]);
    assert_eq!(out.as_ptr(), ptr, "the queue's list is the message's");
    assert!(
        queued.is_empty() && queued.capacity() == 8,
        "the given list is the new queue"
    );

    let given = vec![invoke(2)];
    let ptr = given.as_ptr();
    let out = take_queued(&mut queued, given);
    assert_eq!(out.as_ptr(), ptr);

    queued.push(invoke(3));
    let out = take_queued(&mut queued, vec![invoke(4), invoke(5)]);
    assert_eq!(out, [invoke(3), invoke(4), invoke(5)]);
    assert!(queued.is_empty());
}

#[test]
fn tid_hasher_spreads_strided_ids_over_the_low_bits() {
    // Ids of shard 3 of 16: the low 4 bits never change; the hash's low 7 bits must.
    let mut seen = std::collections::HashSet::new();
    for n in 0..1024u32 {
        let mut h = TidHasher::default();
        h.write_u32(n * 16 + 3);
        seen.insert(h.finish() & 0x7f);
    }
    assert!(seen.len() > 100, "{}", seen.len());
    let mut a = TidHasher::default();
    a.write(&[1, 2]);
    let mut b = TidHasher::default();
    b.write(&[2, 1]);
    assert_ne!(a.finish(), b.finish());
}

#[test]
fn allocation_skips_ids_in_use() {
    let mut s = shard(10);
    let now = Instant::now();
    let a = s.new_dialogue(now, 1, None).unwrap();
    let b = s.new_dialogue(now, 1, None).unwrap();
    assert_eq!((a.0, b.0), (0, 1));
    // Wind the counter back onto the ids in use.
    s.next_tid = 0;
    let c = s.new_dialogue(now, 1, None).unwrap();
    assert_eq!(c.0, 2);
}

#[test]
fn a_stale_idle_entry_does_not_touch_a_new_dialogue_with_the_same_id() {
    let mut s = shard(10);
    let t0 = Instant::now();
    let a = s.new_dialogue(t0, 1, None).unwrap();
    s.end(t0, a, Termination::Prearranged, vec![]).unwrap();
    // Same id again (forced), 5 s later: its own deadline is t0 + 15 s.
    s.next_tid = 0;
    let b = s
        .new_dialogue(t0 + Duration::from_secs(5), 1, None)
        .unwrap();
    assert_eq!(a, b);
    s.handle_timeout(t0 + Duration::from_secs(10));
    assert_eq!(s.state(b), Some(DialogueState::Idle));
    s.handle_timeout(t0 + Duration::from_secs(15));
    assert_eq!(s.state(b), None);
}

#[test]
fn dead_timer_entries_are_dropped_from_the_top() {
    let mut s = shard(100_000);
    let t0 = Instant::now();
    for _ in 0..10_000 {
        let d = s.new_dialogue(t0, 1, None).unwrap();
        s.invoke(
            t0,
            d,
            InvokeRequest {
                op_code: Code::Local(0),
                parameter: None,
                linked_id: None,
                class: OperationClass::Class1,
                timeout: Duration::from_secs(1),
            },
        )
        .unwrap();
        s.end(t0, d, Termination::Prearranged, vec![]).unwrap();
    }
    assert_eq!(s.timers.len(), 20_000);
    assert_eq!(s.poll_timeout(), None);
    assert!(s.timers.is_empty());
    // Their lists came back to the pools.
    assert!(!s.spare_operations.is_empty());
}

#[test]
fn states_name_and_expose_the_peer_tid_where_it_is_valid() {
    let t = TransactionId::from_u32(5);
    assert_eq!(State::Idle.peer_tid(), None);
    assert_eq!(State::InitiationSent.peer_tid(), None);
    assert_eq!(
        State::InitiationReceived { peer_tid: t }.peer_tid(),
        Some(t)
    );
    assert_eq!(State::Active { peer_tid: t }.peer_tid(), Some(t));
    assert_eq!(State::InitiationSent.public().name(), "initiation sent");
    assert_eq!(
        ProviderAbort::Transaction(PAbortCause::RESOURCE_LIMITATION).to_string(),
        "resourceLimitation"
    );
    assert_eq!(ProviderAbort::IdleTimeout.to_string(), "idleTimeout");
    assert_eq!(DialogueId(0xa3c1).to_string(), "0000a3c1");
    assert_eq!(format!("{:?}", DialogueId(1)), "DialogueId(00000001)");
}

#[test]
fn operation_classes() {
    use OperationClass::*;
    let r: Vec<_> = [Class1, Class2, Class3, Class4]
        .iter()
        .map(|c| (c.reports_success(), c.reports_failure()))
        .collect();
    assert_eq!(
        r,
        [(true, true), (false, true), (true, false), (false, false)]
    );
}

#[test]
fn huge_timeouts_do_not_overflow() {
    let mut s: Shard<u8> = Shard::new(Config {
        idle_timeout: Duration::MAX,
        ..Config::new(vec![])
    })
    .unwrap();
    let t0 = Instant::now();
    let d = s.new_dialogue(t0, 1, None).unwrap();
    let id = s
        .invoke(
            t0,
            d,
            InvokeRequest {
                op_code: Code::Local(0),
                parameter: None,
                linked_id: None,
                class: OperationClass::Class1,
                timeout: Duration::MAX,
            },
        )
        .unwrap();
    s.reset_timer(t0, d, id, Duration::MAX).unwrap();
    assert_eq!(s.poll_timeout(), Some(t0 + MAX_TIMER));
}
