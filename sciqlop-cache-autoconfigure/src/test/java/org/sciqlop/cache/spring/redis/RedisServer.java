package org.sciqlop.cache.spring.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.FileSystemUtils;

/**
 * A real {@code redis-server} for tests, on a free loopback port, without persistence, in a
 * temporary folder. It can be killed with SIGKILL and started again on the same port, and paused.
 * Installed by {@code .ci/install-test-tools.sh}.
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private final int port;

	private final Path folder;

	private Process process;

	private RedisServer(int port, Path folder) {
		this.port = port;
		this.folder = folder;
	}

	/**
	 * Starts a server on a free port.
	 * @return the running server
	 */
	public static RedisServer start() {
		try {
			RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("redis-server"));
			server.startProcess();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** Kills the server with SIGKILL: its data is gone (no persistence). */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts the server again, on the same port, empty. */
	public void restart() {
		startProcess();
	}

	/**
	 * Sends one command and returns the raw reply (RESP), for PING, CLIENT PAUSE and inspection.
	 * @param arguments the command and its arguments
	 * @return the reply
	 */
	public String command(String... arguments) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
			for (String argument : arguments) {
				request.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
					.append(argument).append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[65536];
			int read = in.read(buffer);
			return (read > 0) ? new String(buffer, 0, read, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Pauses every client command for {@code duration} ({@code CLIENT PAUSE <ms> ALL}). */
	public void pause(Duration duration) {
		String reply = command("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
		if (!reply.startsWith("+OK")) {
			throw new IllegalStateException("CLIENT PAUSE failed: " + reply);
		}
	}

	@Override
	public void close() {
		kill();
		FileSystemUtils.deleteRecursively(this.folder.toFile());
	}

	private void startProcess() {
		List<String> commandLine = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(this.port),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.folder.toString()));
		try {
			this.process = new ProcessBuilder(commandLine).redirectErrorStream(true)
				.redirectOutput(this.folder.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run redis-server (" + ex.getMessage() + "); install it with "
					+ "'bash .ci/install-test-tools.sh' (Debian package redis-server)", ex);
		}
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (command("PING").startsWith("+PONG")) {
					return;
				}
			}
			catch (IllegalStateException ex) {
				// not listening yet
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited at start-up; see " + this.folder.resolve("redis.log"));
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("redis-server did not answer PING on port " + this.port);
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
