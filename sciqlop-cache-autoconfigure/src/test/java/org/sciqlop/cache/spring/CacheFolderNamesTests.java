package org.sciqlop.cache.spring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CacheFolderNamesTests {

	@Test
	void unsafeCharactersShouldBePercentEncodedInUpperCase() {
		assertThat(CacheFolderNames.encode("a/b")).isEqualTo("a%2Fb");
		assertThat(CacheFolderNames.encode("a\\b%c")).isEqualTo("a%5Cb%25c");
		assertThat(CacheFolderNames.encode("tab\there\u007F")).isEqualTo("tab%09here%7F");
	}

	@Test
	void dotNamesShouldBeEncoded() {
		assertThat(CacheFolderNames.encode(".")).isEqualTo("%2E");
		assertThat(CacheFolderNames.encode("..")).isEqualTo("%2E%2E");
		assertThat(CacheFolderNames.encode("a.b")).isEqualTo("a.b");
	}

	@Test
	void safeNamesShouldBeKept() {
		assertThat(CacheFolderNames.encode("mesures-été_2024")).isEqualTo("mesures-été_2024");
	}

	@Test
	void emptyNameShouldBeRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheFolderNames.encode(""));
	}

	@Test
	void decodeShouldInvertEncode() {
		for (String name : new String[] { "a/b", "a\\b%c", "tab\there\u007F", ".", "..", "a.b", "mesures-été_2024" }) {
			assertThat(CacheFolderNames.decode(CacheFolderNames.encode(name))).isEqualTo(name);
		}
	}

	@Test
	void decodeShouldRejectFolderNamesThatEncodeNeverWrites() {
		assertThat(CacheFolderNames.decode("%41")).isNull();
		assertThat(CacheFolderNames.decode("a%2fb")).isNull();
		assertThat(CacheFolderNames.decode("%2")).isNull();
		assertThat(CacheFolderNames.decode("%zz")).isNull();
		assertThat(CacheFolderNames.decode("")).isNull();
	}

}
