package org.sciqlop.cache.roundtrip.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A bean: default constructor, setters, and computed getters with no field or setter behind them. */
public class SearchResult {

	private List<String> items = new ArrayList<>();

	private int pageSize = 10;

	private long totalElements;

	public List<String> getItems() {
		return this.items;
	}

	public void setItems(List<String> items) {
		this.items = items;
	}

	public int getPageSize() {
		return this.pageSize;
	}

	public void setPageSize(int pageSize) {
		this.pageSize = pageSize;
	}

	public long getTotalElements() {
		return this.totalElements;
	}

	public void setTotalElements(long totalElements) {
		this.totalElements = totalElements;
	}

	public long getTotalPages() {
		return (this.totalElements + this.pageSize - 1) / this.pageSize;
	}

	public boolean isEmpty() {
		return this.items.isEmpty();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SearchResult result && this.items.equals(result.items)
				&& this.pageSize == result.pageSize && this.totalElements == result.totalElements;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.items, this.pageSize, this.totalElements);
	}

	@Override
	public String toString() {
		return "SearchResult" + this.items + "/" + this.totalElements;
	}

}
