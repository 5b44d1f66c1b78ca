package org.sciqlop.cache.benchmarks;

import java.nio.file.Path;

/**
 * The state the put benchmarks share: a subject in a fresh folder, filled with
 * {@link Workload#ENTRIES} entries of {@link Workload#VALUE_SIZE} bytes, and the order in which
 * its keys are overwritten. Each benchmark class keeps its own {@code @Param}s and JMH
 * annotations, and delegates here.
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
	 * Creates and fills a subject.
	 * @param type the subject
	 * @param folderName prefix of its temporary folder
	 * @param budgetBytes its byte budget, {@code 0} for unbounded
	 * @param keyPrefix prefix of its keys
	 * @param order positions of the keys to put, in order
	 */
	static PopulatedCache open(CacheType type, String folderName, long budgetBytes, String keyPrefix, int[] order) {
		Path folder = Workload.newFolder(folderName);
		BasicCache cache = type.create(folder, budgetBytes);
		String[] keys = Workload.keys(keyPrefix, Workload.ENTRIES);
		byte[] value = Workload.value(Workload.VALUE_SIZE);
		cache.populate(keys, value);
		return new PopulatedCache(folder, cache, keys, order, value);
	}

	/** Puts the value under the key at {@code position} of the order. */
	void putAt(int position) {
		this.cache.put(this.keys[this.order[position]], this.value);
	}

	@Override
	public void close() {
		this.cache.close();
		Workload.deleteFolder(this.folder);
	}

}
