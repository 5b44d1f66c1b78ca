package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The second process of {@link TwoProcessBenchmark}: opens a subject on an existing folder and
 * overwrites its keys ({@code prefix::0} … ) at a steady rate until its standard input closes
 * (so it dies with its parent), then prints how many puts it made to standard error.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.sciqlop.cache.benchmarks.ChildWriter ENGINE /tmp/folder p 100000 2000
 * </pre>
 */
public final class ChildWriter {

	/** Puts per second. */
	static final int DEFAULT_RATE = 2000;

	private ChildWriter() {
	}

	public static void main(String[] args) throws IOException {
		CacheType type = CacheType.valueOf(args[0]);
		Path folder = Path.of(args[1]);
		String[] keys = Workload.keys(args[2], Integer.parseInt(args[3]));
		int rate = Integer.parseInt(args[4]);
		byte[] value = Workload.value(Workload.VALUE_SIZE + 1);
		int[] order = Workload.zipfOrder(keys.length, 99);
		AtomicBoolean running = new AtomicBoolean(true);
		Thread watcher = new Thread(() -> {
			try {
				while (System.in.read() >= 0) {
					// parent alive
				}
			}
			catch (IOException ex) {
				// parent gone
			}
			running.set(false);
		});
		watcher.setDaemon(true);
		watcher.start();
		long puts = 0;
		try (BasicCache cache = type.create(folder)) {
			System.out.println("ready");
			System.out.flush();
			long interval = 1_000_000_000L / rate;
			long next = System.nanoTime();
			while (running.get()) {
				cache.put(keys[order[(int) (puts & (Workload.ORDER_LENGTH - 1))]], value);
				puts++;
				next += interval;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				else if (wait < -1_000_000_000L) {
					next = System.nanoTime();
				}
			}
		}
		System.err.println("child writer: " + puts + " puts");
	}

}
