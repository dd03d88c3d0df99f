fn main() -> std::process::ExitCode {
    ecosim::cli::main()
}
