//! The service logic: what the SCP answers each call with (call flows of issue 6), sans I/O.
