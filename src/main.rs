//! The quotelens binary: the yew web app on wasm32, the command-line tool everywhere else.

#[cfg(all(target_arch = "wasm32", feature = "app"))]
fn main() {
    quotelens::app::start();
}

#[cfg(all(target_arch = "wasm32", not(feature = "app")))]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    fixed_mmap_threshold();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = quotelens::cli::run(
        &args,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}

/// Keeps glibc's malloc from holding on to freed large blocks.
///
/// glibc serves blocks of 128 KiB and more with their own `mmap`, and unmaps them when freed,
/// but the first such free raises that threshold to the freed block's size (up to 32 MiB): from
/// then on the pipeline's per-stage vectors come from the heap, whose freed middle is not given
/// back, and the peak resident size of a 10 MB analysis is about 33 MB (a fifth) above the
/// memory in use. Setting the threshold explicitly turns that adjustment off (`mallopt(3)`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fixed_mmap_threshold() {
    extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    /// `M_MMAP_THRESHOLD` in `<malloc.h>`.
    const M_MMAP_THRESHOLD: i32 = -3;
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other thread
    // exists. Its return value (0 on failure) is of no use: the default stays.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(all(
    not(target_arch = "wasm32"),
    not(all(target_os = "linux", target_env = "gnu"))
))]
fn fixed_mmap_threshold() {}
