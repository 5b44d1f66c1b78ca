package org.sciqlop.cache.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@code redis-server} of the shared tier's harness, on a free loopback port, without
 * persistence; and {@link Cut}, a loopback forwarder whose connections can be cut and restored.
 * (The tests have their own copies: the benchmarks module does not depend on test classes.)
 */
final class RedisProcess implements AutoCloseable {

	private final int port;

	private final Path folder;

	private final Process process;

	private RedisProcess(int port, Path folder, Process process) {
		this.port = port;
		this.folder = folder;
		this.process = process;
	}

	static RedisProcess start() throws IOException, InterruptedException {
		int port = freePort();
		Path folder = Files.createTempDirectory("redis-bench");
		Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", folder.toString())
			.redirectErrorStream(true)
			.redirectOutput(folder.resolve("redis.log").toFile())
			.start();
		for (int i = 0; i < 500; i++) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				OutputStream out = socket.getOutputStream();
				out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				byte[] reply = new byte[7];
				if (socket.getInputStream().read(reply) > 0) {
					return new RedisProcess(port, folder, process);
				}
			}
			catch (IOException ex) {
				Thread.sleep(20);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("redis-server did not start (is it installed? bash .ci/install-test-tools.sh)");
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws IOException {
		this.process.destroyForcibly();
		Workload.deleteFolder(this.folder);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
	}

	/** A loopback TCP forwarder to Redis whose connections can be cut (and new ones refused), then restored. */
	static final class Cut implements AutoCloseable {

		private final int port;

		private final int target;

		private final List<Socket> sockets = new CopyOnWriteArrayList<>();

		private volatile ServerSocket server;

		Cut(int target) throws IOException {
			this.target = target;
			this.port = freePort();
			restore();
		}

		int port() {
			return this.port;
		}

		void cut() {
			closeQuietly(this.server);
			this.sockets.forEach(Cut::closeQuietly);
			this.sockets.clear();
		}

		void restore() throws IOException {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", this.port));
			this.server = socket;
			daemon(() -> {
				while (!socket.isClosed()) {
					try {
						Socket client = socket.accept();
						Socket upstream = new Socket("127.0.0.1", this.target);
						client.setTcpNoDelay(true);
						upstream.setTcpNoDelay(true);
						this.sockets.add(client);
						this.sockets.add(upstream);
						daemon(() -> pump(client, upstream));
						daemon(() -> pump(upstream, client));
					}
					catch (IOException ex) {
						// cut
					}
				}
			});
		}

		private static void pump(Socket from, Socket to) {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// cut
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}

		private static void daemon(Runnable work) {
			Thread thread = new Thread(work, "redis-cut");
			thread.setDaemon(true);
			thread.start();
		}

		private static void closeQuietly(AutoCloseable closeable) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// closing anyway
			}
		}

		@Override
		public void close() {
			cut();
		}

	}

}
