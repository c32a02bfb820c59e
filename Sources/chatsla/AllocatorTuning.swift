#if canImport(Glibc)
import CMalloc
#endif

/// The memory allocator's settings for commands that hold a period's figures in memory.
enum AllocatorTuning {
    /// Blocks of 256 KiB and more get mappings of their own, returned to the system as soon as
    /// they are freed.
    ///
    /// glibc otherwise raises that threshold as big blocks are freed (up to 32 MiB), and the
    /// report's hundreds of per-manager and per-channel arrays, regrown when the workers'
    /// figures are merged, then come from the heap, where the freed halves cannot hold the
    /// merged arrays: at 10M messages the merge's peak was about 150 MB higher
    /// (docs/PERFORMANCE.md).
    static func returnLargeBlocksWhenFreed() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 256 * 1024)
        #endif
    }
}
