//! The `folio` binary: parses the command line and hands it to the library.

use clap::Parser;

/// mimalloc in place of the system allocator: the writers make and drop many small buffers
/// on both threads, and glibc's malloc was a third of a `watch` rebuild's processor time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = folio::cli::Cli::parse();
    let code = folio::cli::run(cli);
    std::process::exit(code);
}
