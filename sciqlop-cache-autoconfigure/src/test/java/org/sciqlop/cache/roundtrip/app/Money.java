package org.sciqlop.cache.roundtrip.app;

import java.math.BigDecimal;
import java.util.Objects;

/** An immutable class: final fields, one constructor, no setters, no default constructor. */
public final class Money {

	private final BigDecimal amount;

	private final String currency;

	public Money(BigDecimal amount, String currency) {
		this.amount = amount;
		this.currency = currency;
	}

	public BigDecimal getAmount() {
		return this.amount;
	}

	public String getCurrency() {
		return this.currency;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Money money && this.amount.equals(money.amount) && this.currency.equals(money.currency);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.amount, this.currency);
	}

	@Override
	public String toString() {
		return this.amount + " " + this.currency;
	}

}
