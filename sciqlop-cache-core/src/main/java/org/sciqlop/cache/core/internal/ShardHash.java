package org.sciqlop.cache.core.internal;

/**
 * The shard of a key: FNV-1a (64-bit) over the key's UTF-8 bytes (WTF-8 for a lone surrogate), mixed by MurmurHash3's 64-bit
 * finalizer ({@code fmix64}) so that keys differing in one character spread over all shards, then
 * reduced with an unsigned remainder. Defined on bytes alone, it gives the same shard on every
 * JVM, platform and version of this library: a folder written by one process is read correctly by
 * any other. It is part of the on-disk format and never changes.
 */
final class ShardHash {

	private static final long FNV_OFFSET = 0xcbf29ce484222325L;

	private static final long FNV_PRIME = 0x100000001b3L;

	private ShardHash() {
	}

	static int shardOf(String key, int shards) {
		return (int) Long.remainderUnsigned(hash(key), shards);
	}

	static long hash(String key) {
		long hash = FNV_OFFSET;
		for (byte b : KeyCodec.encode(key)) {
			hash ^= (b & 0xff);
			hash *= FNV_PRIME;
		}
		return fmix64(hash);
	}

	private static long fmix64(long k) {
		k ^= k >>> 33;
		k *= 0xff51afd7ed558ccdL;
		k ^= k >>> 33;
		k *= 0xc4ceb93e53fe1a85L;
		k ^= k >>> 33;
		return k;
	}

}
