package org.sciqlop.cache.sample;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A dataset the archive does not hold: answered with 404. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class UnknownDatasetException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UnknownDatasetException(String dataset) {
		super("Unknown dataset '" + dataset + "'");
	}

}
