#if canImport(Glibc)
import CMalloc
#endif

/// The memory allocator's settings for commands that hold a period's figures, or a stream's
/// batches, in memory.
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
        mapBlocks(from: 256 * 1024)
    }

    /// Blocks of 4 MiB and more get mappings of their own, returned to the system when freed.
    ///
    /// `chatsla ingest` frees and regrows a batch's big buffers (its lines, its rows for COPY)
    /// on three threads (reading, classifying, writing) and cuts its held state back now and
    /// then; from the heap, their freed space stayed with the process: the bulk load of the
    /// 300k-dialog month peaked at 445-463 MB, and the 1M month's at 458-504 MB against the
    /// issue's 500. With their own mappings, 348-383 MB at 300k (256 KiB to 4 MiB thresholds,
    /// about the same) and 364 MB at 1M; a threshold of 4 MiB maps the fewest blocks
    /// (docs/PERFORMANCE.md, "Session 15").
    static func returnBatchBuffersWhenFreed() {
        mapBlocks(from: 4 * 1024 * 1024)
    }

    /// Blocks of `bytes` and more get mappings of their own (glibc's `M_MMAP_THRESHOLD`, which
    /// also stops its dynamic raising); nothing elsewhere.
    private static func mapBlocks(from bytes: Int32) {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, bytes)
        #endif
    }
}
