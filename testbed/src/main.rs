//! `vns-ssp` command line; everything is in the library (`testbed::cli`).

fn main() -> std::process::ExitCode {
    testbed::cli::main()
}
