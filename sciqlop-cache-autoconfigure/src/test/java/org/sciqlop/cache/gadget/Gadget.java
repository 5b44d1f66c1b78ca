package org.sciqlop.cache.gadget;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands for a deserialization gadget: a class outside every allow-list whose construction,
 * property setting or deserialization would run an attacker's command. It only counts what was
 * done to it, so that a test can prove none of it happened.
 */
public class Gadget implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** Instances constructed (what JSON deserialization does first). */
	public static final AtomicInteger CONSTRUCTED = new AtomicInteger();

	/** Properties set (where real gadgets act, e.g. {@code setDataSourceName}). */
	public static final AtomicInteger PROPERTIES_SET = new AtomicInteger();

	/** Instances read by JDK deserialization (its constructor is not called then). */
	public static final AtomicInteger DESERIALIZED = new AtomicInteger();

	private String command = "";

	public Gadget() {
		CONSTRUCTED.incrementAndGet();
	}

	public String getCommand() {
		return this.command;
	}

	public void setCommand(String command) {
		PROPERTIES_SET.incrementAndGet();
		this.command = command;
	}

	@Serial
	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		DESERIALIZED.incrementAndGet();
		in.defaultReadObject();
	}

}
