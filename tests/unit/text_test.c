/*
 * text_test.c: unit tests for src/text/text.c: UTF-8 checking, cleaning,
 * folding, lower case, diacritics, name splitting, slugs, sort keys and
 * the Vietnamese order of people's names under ICU's "vi" collation.
 * Strings with combining marks are spelt in escapes so that an editor
 * cannot normalise them away.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "test.h"

/* "Nguyễn" typed as n-g-u-y-e + U+0302 (circumflex) + U+0303 (tilde). */
#define NGUYEN_NFD	"Nguye\xcc\x82\xcc\x83n"
/* "Nguyễn" precomposed, U+1EC5. */
#define NGUYEN_NFC	"Nguy\xe1\xbb\x85n"

/* Run f on s into a fresh buffer; the result is static storage. */
static const char *
run(enum err (*f)(const char *, struct buf *), const char *s)
{
	static char res[1024];
	struct buf b;

	buf_init(&b, 0);
	if (f(s, &b) != OK || b.err != OK)
		snprintf(res, sizeof(res), "(error)");
	else
		snprintf(res, sizeof(res), "%s", buf_str(&b));
	buf_free(&b);
	return res;
}

static const char *
run_slug(const char *s, size_t max)
{
	static char res[1024];
	struct buf b;

	buf_init(&b, 0);
	if (text_slug(s, max, &b) != OK)
		snprintf(res, sizeof(res), "(error)");
	else
		snprintf(res, sizeof(res), "%s", buf_str(&b));
	buf_free(&b);
	return res;
}

/* Sort key of s, malloc'd. */
static char *
key(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	if (text_sortkey(s, &b) != OK)
		return NULL;
	return buf_take(&b, NULL);
}

TEST(valid_utf8)
{
	CHECK_INT(text_valid_utf8("", 0), 1);
	CHECK_INT(text_valid_utf8("abc", 3), 1);
	CHECK_INT(text_valid_utf8("\xc3\xa9", 2), 1);		/* é */
	CHECK_INT(text_valid_utf8(NGUYEN_NFC, strlen(NGUYEN_NFC)), 1);
	CHECK_INT(text_valid_utf8("\xef\xbf\xbf", 3), 1);	/* U+FFFF */
	CHECK_INT(text_valid_utf8("\xf0\x9f\x98\x80", 4), 1);	/* U+1F600 */
	CHECK_INT(text_valid_utf8("\xf4\x8f\xbf\xbf", 4), 1);	/* U+10FFFF */
	CHECK_INT(text_valid_utf8("a\0b", 3), 0);		/* NUL */
	CHECK_INT(text_valid_utf8("\x80", 1), 0);		/* lone cont. */
	CHECK_INT(text_valid_utf8("\xbf", 1), 0);
	CHECK_INT(text_valid_utf8("\xc0\xaf", 2), 0);		/* overlong / */
	CHECK_INT(text_valid_utf8("\xc1\xbf", 2), 0);
	CHECK_INT(text_valid_utf8("\xe0\x80\xaf", 3), 0);
	CHECK_INT(text_valid_utf8("\xe0\x9f\xbf", 3), 0);
	CHECK_INT(text_valid_utf8("\xf0\x80\x80\xaf", 4), 0);
	CHECK_INT(text_valid_utf8("\xf0\x8f\xbf\xbf", 4), 0);
	CHECK_INT(text_valid_utf8("\xed\xa0\x80", 3), 0);	/* U+D800 */
	CHECK_INT(text_valid_utf8("\xed\xbf\xbf", 3), 0);	/* U+DFFF */
	CHECK_INT(text_valid_utf8("\xed\x9f\xbf", 3), 1);	/* U+D7FF */
	CHECK_INT(text_valid_utf8("\xf4\x90\x80\x80", 4), 0);	/* > 10FFFF */
	CHECK_INT(text_valid_utf8("\xf5\x80\x80\x80", 4), 0);
	CHECK_INT(text_valid_utf8("\xff", 1), 0);
	CHECK_INT(text_valid_utf8("\xfe", 1), 0);
	CHECK_INT(text_valid_utf8("\xe1\xbb", 2), 0);		/* truncated */
	CHECK_INT(text_valid_utf8("\xe1\xbb\x85", 2), 0);	/* cut by len */
	CHECK_INT(text_valid_utf8("\xe1\x41\x85", 3), 0);	/* bad cont. */
	CHECK_INT(text_valid_utf8("\xc3\xa9\xc3", 3), 0);
}

TEST(invalid_rejected)
{
	static const char *bad[] = {
		"Nguy\xe1\xbb", "\xc0\xaf", "ab\xed\xa0\x80", "\xff\xfe",
		"L\xc3\x28", "\xf4\x90\x80\x80",
	};
	struct name_parts np;
	struct buf b;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		buf_init(&b, 0);
		buf_adds(&b, "x");
		CHECK_INT(text_clean(bad[i], &b), ERR_INVAL);
		CHECK_INT(text_fold(bad[i], &b), ERR_INVAL);
		CHECK_INT(text_lower(bad[i], &b), ERR_INVAL);
		CHECK_INT(text_sortkey(bad[i], &b), ERR_INVAL);
		CHECK_INT(text_slug(bad[i], 50, &b), ERR_INVAL);
		CHECK_INT(text_person_sortkey("An", bad[i], "An", &b),
		    ERR_INVAL);
		CHECK_INT(text_person_sortkey("An", "An", bad[i], &b),
		    ERR_INVAL);
		CHECK_INT(text_person_sortkey(bad[i], "An", "An", &b),
		    ERR_INVAL);
		CHECK_INT(text_has_diacritics(bad[i]), 0);
		/* Nothing appended, no sticky error. */
		CHECK_STR(buf_str(&b), "x");
		CHECK_INT(b.err, OK);
		buf_free(&b);

		memset(&np, 'z', sizeof(np));
		CHECK_INT(text_split_name(bad[i], &np), ERR_INVAL);
		CHECK_STR(np.family, "");
		CHECK_STR(np.middle, "");
		CHECK_STR(np.given, "");
	}
}

TEST(clean)
{
	CHECK_STR(run(text_clean, ""), "");
	CHECK_STR(run(text_clean, " \t\n "), "");
	CHECK_STR(run(text_clean, "Nguyễn Văn An"), "Nguyễn Văn An");
	CHECK_STR(run(text_clean, "  Nguyễn \t Văn\n\nAn  "),
	    "Nguyễn Văn An");
	/* NBSP, ideographic space, line separator. */
	CHECK_STR(run(text_clean, "L\xc3\xaa\xc2\xa0V\xc4\x83n\xe3\x80\x80"
	    "Anh\xe2\x80\xa8"), "Lê Văn Anh");
	/* NFD to NFC. */
	CHECK_STR(run(text_clean, NGUYEN_NFD), NGUYEN_NFC);
	CHECK_STR(run(text_clean, " " NGUYEN_NFD "  Van "), NGUYEN_NFC " Van");
	/* Case and punctuation are kept. */
	CHECK_STR(run(text_clean, "ĐOÀN, Thị-Thu"), "ĐOÀN, Thị-Thu");
}

TEST(fold)
{
	CHECK_STR(run(text_fold, ""), "");
	CHECK_STR(run(text_fold, "   "), "");
	CHECK_STR(run(text_fold, "NGUYỄN VĂN ĐŨNG"), "nguyen van dung");
	CHECK_STR(run(text_fold, "NGUYỄN Văn  Đũng"), "nguyen van dung");
	CHECK_STR(run(text_fold, "Phạm Bá Vĩnh"), "pham ba vinh");
	CHECK_STR(run(text_fold, "Ơn Ưng"), "on ung");
	CHECK_STR(run(text_fold, "ơ ư Ơ Ư ô Ô ă Ă â Â ê Ê"),
	    "o u o u o o a a a a e e");
	CHECK_STR(run(text_fold, "đ Đ đường ĐƯỜNG"), "d d duong duong");
	CHECK_STR(run(text_fold, "à ả ã á ạ ằ ẳ ẵ ắ ặ ầ ẩ ẫ ấ ậ"),
	    "a a a a a a a a a a a a a a a");
	CHECK_STR(run(text_fold, "Trường THPT Lê Quý Đôn"),
	    "truong thpt le quy don");
	/* Typed with combining marks: same as precomposed. */
	CHECK_STR(run(text_fold, NGUYEN_NFD), "nguyen");
	CHECK_STR(run(text_fold, NGUYEN_NFC), "nguyen");
	CHECK_STR(run(text_fold, "D\xcc\x83u\xcc\x9b\xcc\x81"), "du");
	CHECK_STR(run(text_fold, "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n "
	    "\xc4\x90u\xcc\x83ng"), "nguyen van dung");
	/* Punctuation becomes a space, runs collapse, ends trimmed. */
	CHECK_STR(run(text_fold, "Nguyễn-Văn, A.B.!"), "nguyen van a b");
	CHECK_STR(run(text_fold, "Số 12/3, đường Lý Thường Kiệt"),
	    "so 12 3 duong ly thuong kiet");
	CHECK_STR(run(text_fold, "«Thi đua» — \"yêu nước\""),
	    "thi dua yeu nuoc");
	CHECK_STR(run(text_fold, "\t Hello,  World!! \n"), "hello world");
	CHECK_STR(run(text_fold, "a_b+c"), "a b c");
	/* Other languages. */
	CHECK_STR(run(text_fold, "Ñandú Ærø"), "nandu ærø");
	CHECK_STR(run(text_fold, "ĐÀ NẴNG"), "da nang");
	/* Hangul comes back recomposed, not as jamo. */
	CHECK_STR(run(text_fold, "한국"), "한국");
	/* ASCII (fast path) and non-ASCII give the same result. */
	CHECK_STR(run(text_fold, "Van-An 2024"), "van an 2024");
	CHECK_STR(run(text_fold, "Vă-An 2024"), "va an 2024");
}

TEST(lower)
{
	CHECK_STR(run(text_lower, "NGUYỄN VĂN ĐŨNG"), "nguyễn văn đũng");
	CHECK_STR(run(text_lower, NGUYEN_NFD), "nguy\xe1\xbb\x85n");
	CHECK_STR(run(text_lower, "Ơn Ưng"), "ơn ưng");
	CHECK_STR(run(text_lower, ""), "");
}

TEST(has_diacritics)
{
	CHECK_INT(text_has_diacritics(""), 0);
	CHECK_INT(text_has_diacritics("Nguyen Van Dung"), 0);
	CHECK_INT(text_has_diacritics("NGUYEN, 12!"), 0);
	CHECK_INT(text_has_diacritics(NGUYEN_NFC), 1);
	CHECK_INT(text_has_diacritics(NGUYEN_NFD), 1);
	CHECK_INT(text_has_diacritics("Dung \xc4\x91"), 1);	/* đ */
	CHECK_INT(text_has_diacritics("\xc4\x90"), 1);		/* Đ */
	CHECK_INT(text_has_diacritics("Ơ"), 1);
	CHECK_INT(text_has_diacritics("ư"), 1);
	CHECK_INT(text_has_diacritics("Ă"), 1);
	CHECK_INT(text_has_diacritics("ñ"), 1);
	CHECK_INT(text_has_diacritics("Æ ø ß"), 0);	/* no mark in NFD */
	CHECK_INT(text_has_diacritics("한국"), 0);
	CHECK_INT(text_has_diacritics("\xe2\x80\x94 \xc2\xab"), 0);
}

static void
check_split(const char *full, const char *f, const char *m, const char *g)
{
	struct name_parts np;

	memset(&np, 'z', sizeof(np));
	CHECK_INT(text_split_name(full, &np), OK);
	CHECK_STR(np.family, f);
	CHECK_STR(np.middle, m);
	CHECK_STR(np.given, g);
}

TEST(split)
{
	struct name_parts np;
	char big[LIM_NAME_PART + 32];

	check_split("", "", "", "");
	check_split(" \t ", "", "", "");
	check_split("Thảo", "", "", "Thảo");
	check_split("Đoàn Thảo", "Đoàn", "", "Thảo");
	check_split("Nguyễn Văn An", "Nguyễn", "Văn", "An");
	check_split("Tôn Nữ Thị Ninh", "Tôn", "Nữ Thị", "Ninh");
	check_split("Nguyễn Thị Minh Khai Hà", "Nguyễn", "Thị Minh Khai",
	    "Hà");
	check_split("  Lê \t Văn\xc2\xa0\xc2\xa0  Anh \n", "Lê", "Văn", "Anh");
	check_split(NGUYEN_NFD " Va\xcc\x86n A\xcc\x81nh", NGUYEN_NFC, "Văn",
	    "Ánh");

	/* LIM_NAME_PART - 1 bytes fit, one more does not. */
	memset(big, 'a', LIM_NAME_PART - 1);
	big[LIM_NAME_PART - 1] = '\0';
	check_split(big, "", "", big);
	memset(big, 'a', LIM_NAME_PART);
	big[LIM_NAME_PART] = '\0';
	CHECK_INT(text_split_name(big, &np), ERR_LIMIT);
	CHECK_STR(np.given, "");
	/* The same for a given name after a family name. */
	memset(big, 'a', LIM_NAME_PART + 2);
	big[LIM_NAME_PART + 2] = '\0';
	memcpy(big, "Le ", 3);
	check_split(big, "Le", "", big + 3);
	memset(big, 'a', LIM_NAME_PART + 3);
	big[LIM_NAME_PART + 3] = '\0';
	memcpy(big, "Le ", 3);
	CHECK_INT(text_split_name(big, &np), ERR_LIMIT);
	CHECK_STR(np.family, "");
	/* Middle words together too long. */
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "Le ", 3);
	big[40] = big[80] = ' ';
	memcpy(big + sizeof(big) - 4, " An", 3);
	CHECK_INT(text_split_name(big, &np), ERR_LIMIT);
	CHECK_STR(np.family, "");
}

TEST(slug)
{
	const char *s = "Đẩy mạnh các phong trào thi đua yêu nước";

	CHECK_STR(run_slug(s, 200), "day-manh-cac-phong-trao-thi-dua-yeu-nuoc");
	CHECK_STR(run_slug(s, 40), "day-manh-cac-phong-trao-thi-dua-yeu-nuoc");
	CHECK_STR(run_slug(s, 39), "day-manh-cac-phong-trao-thi-dua-yeu");
	CHECK_STR(run_slug(s, 12), "day-manh-cac");
	CHECK_STR(run_slug(s, 11), "day-manh");
	CHECK_STR(run_slug(s, 8), "day-manh");
	CHECK_STR(run_slug(s, 7), "day");
	CHECK_STR(run_slug(s, 3), "day");
	CHECK_STR(run_slug(s, 2), "da");	/* first word longer than max */
	CHECK_STR(run_slug(s, 0), "");
	CHECK_STR(run_slug("Đẩy mạnh các phong trào", 100),
	    "day-manh-cac-phong-trao");
	CHECK_STR(run_slug("  --Quý III/2024: Tổng kết!! ", 100),
	    "quy-iii-2024-tong-ket");
	CHECK_STR(run_slug("!!! ...", 100), "");
	CHECK_STR(run_slug("", 100), "");
	/* A cut never splits a character. */
	CHECK_STR(run_slug("한국", 4), "한");
	CHECK_STR(run_slug("한국", 2), "");
}

TEST(buf_errors)
{
	struct name_parts np;
	struct buf b;

	/* Output over the buffer's maximum. */
	buf_init(&b, 5);
	CHECK_INT(text_fold("NGUYỄN VĂN ĐŨNG", &b), ERR_LIMIT);
	CHECK_INT(b.err, ERR_LIMIT);
	/* The error is sticky and comes back from every call. */
	CHECK_INT(text_fold("a", &b), ERR_LIMIT);
	CHECK_INT(text_clean("a", &b), ERR_LIMIT);
	CHECK_INT(text_lower("a", &b), ERR_LIMIT);
	CHECK_INT(text_sortkey("a", &b), ERR_LIMIT);
	CHECK_INT(text_person_sortkey("a", "b", "c", &b), ERR_LIMIT);
	CHECK_INT(text_slug("a", 10, &b), ERR_LIMIT);
	buf_free(&b);

	buf_init(&b, 10);
	CHECK_INT(text_sortkey("Nguyễn Văn An", &b), ERR_LIMIT);
	buf_free(&b);
	buf_init(&b, 10);
	CHECK_INT(text_clean("Nguyễn Văn An", &b), ERR_LIMIT);
	buf_free(&b);
	buf_init(&b, 10);
	CHECK_INT(text_slug("Nguyễn Văn An", 100, &b), ERR_LIMIT);
	buf_free(&b);

	/* A string longer than UBUF_SMALL goes through the heap. */
	{
		char long_in[4000];
		size_t i;

		for (i = 0; i + 9 < sizeof(long_in); i += 9)
			memcpy(long_in + i, "Nguyễn ", 9);
		long_in[i] = '\0';
		buf_init(&b, 0);
		CHECK_INT(text_fold(long_in, &b), OK);
		CHECK_INT(b.len, (i / 9) * 7 - 1);
		CHECK(strncmp(buf_str(&b), "nguyen nguyen ", 14) == 0);
		buf_free(&b);
		buf_init(&b, 0);
		CHECK_INT(text_sortkey(long_in, &b), OK);
		CHECK(b.len > 2 * 256);
		buf_free(&b);
		CHECK_INT(text_split_name(long_in, &np), ERR_LIMIT);
	}
}

TEST(sortkey_form)
{
	struct buf b;
	char *k;
	size_t i;

	/* The empty string is two level separators (0x01) and nothing
	 * else; the terminator is left off. */
	CHECK_STR(run(text_sortkey, ""), "0101");
	k = key("Nguyễn Văn Đức");
	CHECK(k != NULL);
	if (k != NULL) {
		CHECK(strlen(k) % 2 == 0);
		for (i = 0; k[i] != '\0'; i++)
			CHECK(strchr("0123456789abcdef", k[i]) != NULL);
		/* No 0x00 byte anywhere. */
		for (i = 0; k[i] != '\0'; i += 2)
			CHECK(!(k[i] == '0' && k[i + 1] == '0'));
	}
	free(k);
	/* NFD and NFC give the same key. */
	k = key(NGUYEN_NFC);
	CHECK(k != NULL);
	CHECK_STR(run(text_sortkey, NGUYEN_NFD), k ? k : "");
	free(k);

	/* The person key is given, "00", middle, "00", family. */
	buf_init(&b, 0);
	CHECK_INT(text_person_sortkey("", "", "", &b), OK);
	CHECK_STR(buf_str(&b), "0101" "00" "0101" "00" "0101");
	buf_free(&b);
}

/* Keys of the strings in order must be strictly increasing. */
static void
check_increasing(const char *const *v, size_t n)
{
	char *prev = NULL, *k;
	size_t i;

	for (i = 0; i < n; i++) {
		k = key(v[i]);
		CHECK(k != NULL);
		if (k == NULL)
			break;
		if (prev != NULL && strcmp(prev, k) >= 0) {
			test_failed_checks++;
			fprintf(stderr, "%s:%d: key(%s) >= key(%s)\n",
			    __FILE__, __LINE__, v[i - 1], v[i]);
		}
		free(prev);
		prev = k;
	}
	free(prev);
}

TEST(vi_letters_and_tones)
{
	/* The Vietnamese alphabet. */
	static const char *const letters[] = {
		"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i",
		"k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t",
		"u", "ư", "v", "x", "y",
	};
	/* What ICU 72's "vi" does with tones: unmarked, huyền, hỏi, ngã,
	 * sắc, nặng; a secondary difference, so the letters decide first. */
	static const char *const tones[] = {
		"ma", "mà", "mả", "mã", "má", "mạ", "man",
		"mă", "mằ", "mẳ", "mẵ", "mắ", "mặ",
		"mâ", "mầ", "mẩ", "mẫ", "mấ", "mậ", "mâm", "mấm", "mê",
	};
	/* Tertiary: lower case first, then upper. */
	static const char *const cases[] = {
		"an", "An", "AN", "ản", "Ản", "ăn",
	};
	static const char *const words[] = {
		"An", "Anh", "Ánh", "Ăn", "Ân", "Dung", "Dũng", "Duy",
		"Đông", "Đức", "U", "Út", "Uyên", "Ư", "Ưng", "Ước",
	};

	check_increasing(letters, NELEM(letters));
	check_increasing(tones, NELEM(tones));
	check_increasing(cases, NELEM(cases));
	check_increasing(words, NELEM(words));
}

struct person {
	const char	*full;
	char		*key;
};

static int
person_cmp(const void *a, const void *b)
{
	const struct person *pa = a, *pb = b;

	return strcmp(pa->key, pb->key);
}

TEST(person_order)
{
	/* Shuffled. */
	static const char *const in[] = {
		"Nguyễn Hải Yến",
		"Lê Văn Anh",
		"Đặng Văn Nam",
		"Vũ Đức Dũng",
		"Lâm Văn Hải",
		"Nguyễn Thu Hà",
		"Cao Văn Ân",
		"Lý Thị Ưng",
		"Trương Thị Bích",
		"Mai Thị Hà",
		"Đặng Văn Đức",
		"Ngô Thị Uyên",
		"Phạm Thị Ánh",
		"Kiều Thị Lan",
		"Lê Phương Thảo",
		"Châu Văn Hưng",
		"Bùi Thị Dung",
		"Lương Văn Long",
		"Nguyễn Văn An",
		"Hồ Văn Cường",
		"Dương Văn Nam",
		"Tạ Thị Hương",
		"Đỗ Minh Duy",
		"Lâm Thị Hạ",
		"Nguyễn Thị Út",
		"Trần Thị Anh",
		"Nguyễn Văn Đông",
		"Đoàn Thảo",
		"Đinh Văn Bình",
		"Hà Thu Giang",
		"Phùng Văn Hùng",
		"Dương Thị Hà",
		"Nguyễn Hoàng Long",
		"Tôn Nữ Thị Ninh",
	};
	/* By given name, then middle name, then family name. */
	static const char *const want[] = {
		"Nguyễn Văn An",	/* An < Anh */
		"Trần Thị Anh",		/* same given: Thị < Văn */
		"Lê Văn Anh",
		"Phạm Thị Ánh",		/* Anh < Ánh: tone is secondary */
		"Cao Văn Ân",		/* a < â */
		"Trương Thị Bích",
		"Đinh Văn Bình",
		"Hồ Văn Cường",
		"Bùi Thị Dung",
		"Vũ Đức Dũng",
		"Đỗ Minh Duy",
		"Nguyễn Văn Đông",	/* d < đ */
		"Đặng Văn Đức",
		"Hà Thu Giang",
		"Dương Thị Hà",		/* same given and middle: D < M */
		"Mai Thị Hà",
		"Nguyễn Thu Hà",	/* Thị < Thu */
		"Lâm Thị Hạ",		/* huyền < nặng */
		"Lâm Văn Hải",
		"Phùng Văn Hùng",
		"Châu Văn Hưng",	/* u < ư */
		"Tạ Thị Hương",		/* n < ơ */
		"Kiều Thị Lan",
		"Nguyễn Hoàng Long",
		"Lương Văn Long",
		"Dương Văn Nam",	/* family: D < Đ */
		"Đặng Văn Nam",
		"Tôn Nữ Thị Ninh",
		"Đoàn Thảo",		/* no middle name first */
		"Lê Phương Thảo",
		"Nguyễn Thị Út",
		"Ngô Thị Uyên",
		"Lý Thị Ưng",		/* u < ư */
		"Nguyễn Hải Yến",
	};
	struct person p[NELEM(in)];
	struct name_parts np;
	struct buf b;
	size_t i;

	CHECK_INT(NELEM(in), NELEM(want));
	for (i = 0; i < NELEM(in); i++) {
		p[i].full = in[i];
		p[i].key = NULL;
		CHECK_INT(text_split_name(in[i], &np), OK);
		buf_init(&b, 0);
		CHECK_INT(text_person_sortkey(np.family, np.middle, np.given,
		    &b), OK);
		p[i].key = buf_take(&b, NULL);
	}
	qsort(p, NELEM(p), sizeof(p[0]), person_cmp);
	for (i = 0; i < NELEM(p) && i < NELEM(want); i++)
		CHECK_STR(p[i].full, want[i]);
	for (i = 0; i < NELEM(p); i++)
		free(p[i].key);
}

static char *
pkey(const char *f, const char *m, const char *g)
{
	struct buf b;

	buf_init(&b, 0);
	if (text_person_sortkey(f, m, g, &b) != OK)
		return NULL;
	return buf_take(&b, NULL);
}

TEST(person_key_parts)
{
	char *a, *z;

	/* The given name decides before anything else, and a shorter
	 * given name sorts first even with a "later" family name. */
	a = pkey("Vũ", "Văn", "An");
	z = pkey("An", "An", "Anh");
	CHECK(a != NULL && z != NULL && strcmp(a, z) < 0);
	free(a);
	free(z);
	/* Empty middle before any middle. */
	a = pkey("Vũ", "", "An");
	z = pkey("An", "A", "An");
	CHECK(a != NULL && z != NULL && strcmp(a, z) < 0);
	free(a);
	free(z);
	/* Equal given and middle: family decides. */
	a = pkey("Lê", "Văn", "An");
	z = pkey("Lê", "Văn", "An");
	CHECK(a != NULL && z != NULL && strcmp(a, z) == 0);
	free(z);
	z = pkey("Lệ", "Văn", "An");
	CHECK(a != NULL && z != NULL && strcmp(a, z) < 0);
	free(a);
	free(z);
	/* NFD parts give the same key as NFC ones. */
	a = pkey(NGUYEN_NFD, "Va\xcc\x86n", "A\xcc\x81nh");
	z = pkey(NGUYEN_NFC, "Văn", "Ánh");
	CHECK(a != NULL && z != NULL && strcmp(a, z) == 0);
	free(a);
	free(z);
}

/* Several threads at once must get the same answers as one. */
struct tharg {
	const char	*in;
	const char	*want_key;
	const char	*want_fold;
	int		 bad;
};

static void *
thread_main(void *arg)
{
	struct tharg *t = arg;
	struct buf b;
	int i;

	for (i = 0; i < 200; i++) {
		buf_init(&b, 0);
		if (text_sortkey(t->in, &b) != OK ||
		    strcmp(buf_str(&b), t->want_key) != 0)
			t->bad++;
		buf_reset(&b);
		if (text_fold(t->in, &b) != OK ||
		    strcmp(buf_str(&b), t->want_fold) != 0)
			t->bad++;
		buf_free(&b);
	}
	return NULL;
}

TEST(threads)
{
	static const char *const names[] = {
		"Nguyễn Văn Đức", "Trần Thị Ánh", "Lê Ưng", "Phạm Bá Vĩnh",
	};
	struct tharg a[NELEM(names)];
	pthread_t th[NELEM(names)];
	char *keys[NELEM(names)], folds[NELEM(names)][64];
	size_t i;

	for (i = 0; i < NELEM(names); i++) {
		keys[i] = key(names[i]);
		snprintf(folds[i], sizeof(folds[i]), "%s",
		    run(text_fold, names[i]));
		a[i].in = names[i];
		a[i].want_key = keys[i] ? keys[i] : "";
		a[i].want_fold = folds[i];
		a[i].bad = 0;
	}
	for (i = 0; i < NELEM(names); i++)
		CHECK_INT(pthread_create(&th[i], NULL, thread_main, &a[i]), 0);
	for (i = 0; i < NELEM(names); i++) {
		CHECK_INT(pthread_join(th[i], NULL), 0);
		CHECK_INT(a[i].bad, 0);
		free(keys[i]);
	}
}

int
main(void)
{
	RUN(valid_utf8);
	RUN(invalid_rejected);
	RUN(clean);
	RUN(fold);
	RUN(lower);
	RUN(has_diacritics);
	RUN(split);
	RUN(slug);
	RUN(buf_errors);
	RUN(sortkey_form);
	RUN(vi_letters_and_tones);
	RUN(person_order);
	RUN(person_key_parts);
	RUN(threads);
	return test_done("text");
}
