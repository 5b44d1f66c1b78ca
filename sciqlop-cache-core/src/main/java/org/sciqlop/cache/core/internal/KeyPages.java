package org.sciqlop.cache.core.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.jspecify.annotations.Nullable;

/**
 * The keys of the live entries in key order, a page per read, so that no read transaction stays
 * open between pages: each page starts after the last key of the one before.
 */
final class KeyPages implements Iterator<String> {

	static final int PAGE = 1000;

	private final RecoveringStore store;

	private final long now;

	private List<String> page = List.of();

	private int position;

	private boolean exhausted;

	private @Nullable String last;

	/**
	 * @param now the time against which entries are live, fixed for the whole iteration
	 */
	KeyPages(RecoveringStore store, long now) {
		this.store = store;
		this.now = now;
	}

	@Override
	public boolean hasNext() {
		if (this.position < this.page.size()) {
			return true;
		}
		if (this.exhausted) {
			return false;
		}
		this.page = nextPage();
		this.position = 0;
		this.exhausted = this.page.size() < PAGE;
		return !this.page.isEmpty();
	}

	@Override
	public String next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		String key = this.page.get(this.position++);
		this.last = key;
		return key;
	}

	private List<String> nextPage() {
		this.store.ensureOpen();
		String after = this.last;
		return this.store.read("keys", (statements) -> {
			PreparedStatement statement;
			int index = 1;
			if (after == null) {
				statement = statements.get(Schema.SELECT_KEYS_FIRST);
			}
			else {
				statement = statements.get(Schema.SELECT_KEYS_AFTER);
				statement.setBytes(index++, KeyCodec.encode(after));
			}
			statement.setLong(index++, this.now);
			statement.setInt(index, PAGE);
			List<String> keys = new ArrayList<>(PAGE);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					keys.add(KeyCodec.decode(rs.getBytes(1)));
				}
			}
			return keys;
		});
	}

}
