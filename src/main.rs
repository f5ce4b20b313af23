//! The `folio` binary: parses the command line and hands it to the library.

use clap::Parser;

/// mimalloc in place of the system allocator: the writers make and drop many small buffers
/// on both threads, and glibc's malloc was a third of a `watch` rebuild's processor time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_e` of mimalloc 3's
/// `include/mimalloc.h` (libmimalloc-sys names no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long memory a one-off command frees stays with mimalloc before it goes back to the
/// system, in milliseconds. mimalloc 3's default, a second, outlasts a whole build of the
/// 200-article benchmark, so none went back: its peak RSS was 147 MB, and 112 MB at 10 ms
/// for the same wall time (559 and 422 MB at 1,000 articles). At 0 every free returns
/// memory at once, and a build took 1.17 s against 0.79 s. `folio watch` keeps the default: a
/// rebuild reuses what the one before freed.
const ONE_OFF_PURGE_DELAY_MS: std::ffi::c_long = 10;

fn main() {
    let cli = folio::cli::Cli::parse();
    if !matches!(cli.command, folio::cli::Command::Watch { .. }) {
        // SAFETY: an option is set before any other thread exists, as mimalloc asks.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ONE_OFF_PURGE_DELAY_MS) };
    }
    let code = folio::cli::run(cli);
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_the_option_mimalloc_reads_for_it() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option; this test sets none.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(default, 1000, "mimalloc 3's default purge delay, a second");
    }
}
