package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The state the get and put benchmarks share: a subject in a fresh folder, filled with its
 * entries, and the order in which its keys are read or overwritten. Each benchmark class keeps
 * its own {@code @Param}s and JMH annotations, and delegates here.
 */
final class PopulatedCache implements AutoCloseable {

	private final Path folder;

	private final BasicCache cache;

	private final String[] keys;

	private final int[] order;

	private final byte[] value;

	private PopulatedCache(Path folder, BasicCache cache, String[] keys, int[] order, byte[] value) {
		this.folder = folder;
		this.cache = cache;
		this.keys = keys;
		this.order = order;
		this.value = value;
	}

	/**
	 * Creates a subject and fills it with {@link Workload#ENTRIES} entries of
	 * {@link Workload#VALUE_SIZE} bytes.
	 * @param type the subject
	 * @param folderName prefix of its temporary folder
	 * @param budgetBytes its byte budget, {@code 0} for unbounded
	 * @param keyPrefix prefix of its keys
	 * @param order positions of the keys to get or put, in order
	 */
	static PopulatedCache open(CacheType type, String folderName, long budgetBytes, String keyPrefix, int[] order) {
		Path folder = Workload.newFolder(folderName);
		return fill(folder, type.create(folder, budgetBytes), keyPrefix, Workload.ENTRIES, Workload.VALUE_SIZE, order);
	}

	/**
	 * Fills a subject already created in its folder; the folder is deleted at {@link #close()}.
	 * @param folder the subject's temporary folder
	 * @param cache the subject
	 * @param keyPrefix prefix of its keys
	 * @param entries the number of entries
	 * @param valueSize the bytes of each value
	 * @param order positions of the keys to get or put, in order
	 */
	static PopulatedCache fill(Path folder, BasicCache cache, String keyPrefix, int entries, int valueSize,
			int[] order) {
		String[] keys = Workload.keys(keyPrefix, entries);
		byte[] value = Workload.value(valueSize);
		cache.populate(keys, value);
		return new PopulatedCache(folder, cache, keys, order, value);
	}

	/** Gets the value of the key at {@code position} of the order. */
	byte @Nullable [] getAt(int position) {
		return this.cache.get(this.keys[this.order[position]]);
	}

	/** Puts the value under the key at {@code position} of the order. */
	void putAt(int position) {
		this.cache.put(this.keys[this.order[position]], this.value);
	}

	/** Fails unless the first keys of the order are all read back: a benchmark of misses would mislead. */
	void checkHits(Object subject) {
		Workload.checkHits(this.cache, this.keys, this.order, subject);
	}

	/** Gets the value of the {@code index}-th key populated. */
	byte @Nullable [] getKey(int index) {
		return this.cache.get(this.keys[index]);
	}

	Path folder() {
		return this.folder;
	}

	@Override
	public void close() {
		this.cache.close();
		Workload.deleteFolder(this.folder);
	}

}
