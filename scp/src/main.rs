fn main() -> std::process::ExitCode {
    scp::cli::main()
}
