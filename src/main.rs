//! The `folio` binary: parses the command line and hands it to the library.

use clap::Parser;

fn main() {
    let cli = folio::cli::Cli::parse();
    let code = folio::cli::run(cli);
    std::process::exit(code);
}
