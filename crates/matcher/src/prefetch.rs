//! Memory hints: retrieval and scoring read a few hundred scattered records per query, and
//! asking the processor for them first lets the loads overlap.

/// Hints the processor to load the first 128 bytes at `p` into cache (a no-op off x86-64).
/// Retrieval and scoring read a few hundred scattered records per query; asking for all of
/// them first lets the memory loads overlap instead of each waiting in turn.
#[inline]
pub(crate) fn prefetch<T>(p: *const T) {
    let p: *const u8 = p.cast();
    prefetch_line(p);
    prefetch_line(p.wrapping_add(64));
}

/// [`prefetch`] for every cache line of the `len` bytes at `p` (at most the first 512).
#[inline]
pub(crate) fn prefetch_bytes<T>(p: *const T, len: usize) {
    let start = p as usize & !63;
    let end = p as usize + len.min(512);
    for line in (start..end).step_by(64) {
        prefetch_line(line as *const u8);
    }
}

/// Hints the processor to load the cache line at `p` (a no-op off x86-64).
#[inline]
fn prefetch_line(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: SSE is part of the x86-64 baseline, and a prefetch is only a hint: it reads
        // nothing into the program and cannot fault, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
