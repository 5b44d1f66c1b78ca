package org.sciqlop.cache.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Small file systems and read-only views made by a test with {@code mount}, which needs root (as
 * in the project's sandbox and in containers). When the system refuses, the test is skipped with
 * the reason, never failed. {@link #close()} unmounts everything, last mounted first. Public, and
 * published in this module's test-jar, for the Spring adapter's fault tests.
 */
public final class Mounts implements AutoCloseable {

	private final List<Path> mounted = new ArrayList<>();

	/**
	 * Mounts a file system of {@code size} bytes at {@code folder}: a {@code tmpfs} with a size
	 * limit or, where that is refused, a loop-mounted ext4 image.
	 */
	public Path small(Path folder, long size) throws IOException {
		Files.createDirectories(folder);
		String tmpfs = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", folder.toString());
		if (tmpfs == null) {
			this.mounted.add(folder);
			return folder;
		}
		Path image = folder.resolveSibling(folder.getFileName() + ".img");
		try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
			file.setLength(Math.max(size, 1 << 20));
		}
		String mkfs = run("mkfs.ext4", "-q", "-F", image.toString());
		String loop = (mkfs != null) ? mkfs : run("mount", "-o", "loop", image.toString(), folder.toString());
		Assumptions.assumeTrue(loop == null, "Cannot make a small file system (needs root): tmpfs: " + tmpfs
				+ "; loop-mounted image: " + loop);
		this.mounted.add(folder);
		return folder;
	}

	/** Shows {@code source} read-only at {@code view} (a read-only bind mount: root cannot write there either). */
	public Path readOnlyView(Path source, Path view) throws IOException {
		Files.createDirectories(view);
		String bind = run("mount", "--bind", source.toString(), view.toString());
		Assumptions.assumeTrue(bind == null, "Cannot bind-mount a folder (needs root): " + bind);
		this.mounted.add(view);
		String readOnly = run("mount", "-o", "remount,bind,ro", view.toString());
		Assumptions.assumeTrue(readOnly == null, "Cannot remount a bind mount read-only: " + readOnly);
		Assumptions.assumeFalse(Files.isWritable(view) && canCreate(view),
				"A read-only bind mount is still writable here");
		return view;
	}

	@Override
	public void close() {
		List<Path> reversed = new ArrayList<>(this.mounted);
		Collections.reverse(reversed);
		List<String> failures = new ArrayList<>();
		for (Path folder : reversed) {
			String failure = run("umount", folder.toString());
			if (failure != null) {
				// a process of the test may still hold a file open: detach it now, freed when closed
				String lazy = run("umount", "-l", folder.toString());
				if (lazy != null) {
					failures.add(folder + ": " + failure + " / " + lazy);
				}
			}
		}
		this.mounted.clear();
		if (!failures.isEmpty()) {
			throw new IllegalStateException("Could not unmount " + failures);
		}
	}

	private static boolean canCreate(Path folder) {
		try {
			Files.delete(Files.createTempFile(folder, "probe", ".tmp"));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Runs a command; returns {@code null} on success, else what it said. */
	private static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return String.join(" ", command) + " timed out";
			}
			return (process.exitValue() == 0) ? null : String.join(" ", command) + ": " + output;
		}
		catch (IOException ex) {
			return String.join(" ", command) + ": " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

}
