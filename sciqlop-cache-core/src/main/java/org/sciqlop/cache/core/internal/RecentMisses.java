package org.sciqlop.cache.core.internal;

/**
 * The keys whose last read in this process missed, remembered by hash in a small table that
 * forgets, so that their next set tries the insert first ({@link EntryWriter}): behind
 * {@code @Cacheable} a put almost always follows the miss of the same key, and an insert that
 * first tried the overwrite paid a statement that changed nothing (raw JDBC, 100k entries: a lone
 * insert 11-12 µs, 14-17 µs after a failed update). Only a hint: a key set meanwhile by another
 * process, or two keys sharing a slot, cost that one statement the other way round, never a
 * wrong result. Racy on purpose (plain {@code int} writes, which are atomic): a lost update loses
 * a hint, nothing else.
 */
final class RecentMisses {

	private static final int SLOT_BITS = 12;

	/** Slots: the misses of about the last few thousand distinct keys. */
	static final int SLOTS = 1 << SLOT_BITS;

	private final int[] hashes = new int[SLOTS];

	/** Remembers that a read of {@code key} missed. */
	void missed(String key) {
		int hash = hash(key);
		this.hashes[slot(hash)] = hash;
	}

	/**
	 * Whether a read of {@code key} missed since it was last set here, forgetting it: the set
	 * about to follow creates the entry.
	 */
	boolean take(String key) {
		int hash = hash(key);
		int slot = slot(hash);
		if (this.hashes[slot] != hash) {
			return false;
		}
		this.hashes[slot] = 0;
		return true;
	}

	/** The key's hash, spread by Fibonacci hashing, never 0 (an empty slot). */
	private static int hash(String key) {
		return (key.hashCode() * 0x9E3779B9) | 1;
	}

	/** The slot of a hash: its top bits, where the multiplication spread every bit of the key's. */
	private static int slot(int hash) {
		return hash >>> (Integer.SIZE - SLOT_BITS);
	}

}
