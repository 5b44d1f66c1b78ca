package org.sciqlop.cache.spring.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder in front of a Redis server, so that a test can cut one host's
 * connections (and refuse new ones) while other hosts stay connected, then restore them.
 */
public final class TcpProxy implements AutoCloseable {

	private final int port;

	private final int target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	public TcpProxy(int target) {
		this.target = target;
		this.port = RedisServer.freePort();
		restore();
	}

	public int port() {
		return this.port;
	}

	/** Closes every connection through the proxy and refuses new ones. */
	public void cut() {
		synchronized (this.sockets) {
			closeQuietly(this.server);
			for (Socket socket : this.sockets) {
				closeQuietly(socket);
			}
			this.sockets.clear();
		}
	}

	/** Accepts connections again. */
	public void restore() {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", this.port));
			this.server = socket;
			Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + this.port);
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				Socket upstream = new Socket("127.0.0.1", this.target);
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				synchronized (this.sockets) {
					// A connection accepted while cut() ran would otherwise outlive the cut.
					if (socket.isClosed()) {
						closeQuietly(client);
						closeQuietly(upstream);
						return;
					}
					this.sockets.add(client);
					this.sockets.add(upstream);
				}
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// closed by cut()
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// connection cut
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() {
		cut();
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

}
