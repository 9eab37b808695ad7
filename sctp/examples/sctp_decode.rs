//! Decodes hex SCTP packets (one per line, `#` comments) and prints them: a debugging aid.
//! `cargo run -p sctp --example sctp_decode < packets.hex`
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bytes = hex::decode(line).expect("hex");
        match sctp::Packet::decode(bytes.into()) {
            Ok(p) => {
                let kinds: Vec<String> = p
                    .chunks
                    .iter()
                    .map(|c| c.chunk_type().to_string())
                    .collect();
                println!(
                    "{} -> {} tag={:#010x}: {}",
                    p.header.source_port,
                    p.header.destination_port,
                    p.header.verification_tag,
                    kinds.join(", ")
                );
            }
            Err(e) => println!("error: {e}"),
        }
    }
}
