package org.sciqlop.cache.core;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The program run in child JVMs by {@link AtomicityIntegrationTests}. Arguments: the folder, then
 * {@code incr <key> <times>} (prints {@code DONE} at the end) or {@code lock <key> <expiryMillis>}
 * (prints {@code LOCKED} once it holds the lock, then waits to be killed).
 */
public final class AtomicityWorker {

	private AtomicityWorker() {
	}

	public static void main(String[] args) throws Exception {
		try (DiskCache cache = DiskCache.builder(Path.of(args[0])).open()) {
			switch (args[1]) {
				case "incr" -> {
					int times = Integer.parseInt(args[3]);
					for (int i = 0; i < times; i++) {
						cache.incr(args[2], 1, 0);
					}
					System.out.println("DONE");
				}
				case "lock" -> {
					DiskLock lock = cache.lock(args[2], Duration.ofMillis(Long.parseLong(args[3])));
					if (!lock.tryAcquire(Duration.ofSeconds(30))) {
						System.out.println("TIMEOUT");
						System.exit(1);
					}
					System.out.println("LOCKED");
					System.out.flush();
					Thread.sleep(Long.MAX_VALUE);
				}
				default -> throw new IllegalArgumentException("unknown command " + args[1]);
			}
		}
	}

}
