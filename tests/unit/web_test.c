/*
 * web_test.c: the escaping writers (HTML, JSON) and the body parsers.
 */
#include <string.h>

#include "web/html.h"
#include "web/http.h"
#include "web/json.h"
#include "test.h"

TEST(html_escapes)
{
	struct buf b;
	struct html h;

	buf_init(&b, 4096);
	html_init(&h, &b);
	html_open(&h, "a", "href", "/x?a=1&b=\"2\"", "class", NULL, NULL);
	html_text(&h, "<script>alert('x')</script> & Đức");
	html_close(&h);
	html_void(&h, "input", "checked", "", "value", "'", NULL);
	html_num(&h, 2925);
	html_num(&h, -1234567);
	CHECK_STR(buf_str(&b), "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">"
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Đức</a>"
	    "<input checked value=\"&#39;\">2.925-1.234.567");
	buf_free(&b);
}

TEST(json_escapes)
{
	struct buf b;
	struct json j;

	buf_init(&b, 4096);
	json_init(&j, &b);
	json_obj(&j, NULL);
	json_str(&j, "s", "</script>\"\\\n\x01\xe2\x80\xa8Đ");
	json_arr(&j, "a");
	json_int(&j, NULL, 1);
	json_bool(&j, NULL, 0);
	json_str(&j, NULL, NULL);
	json_end(&j);
	json_date(&j, "d", "");
	json_end(&j);
	CHECK_STR(buf_str(&b), "{\"s\":\"<\\/script>\\\"\\\\\\n\\u0001"
	    "\\u2028Đ\",\"a\":[1,false,null],\"d\":null}");
	buf_free(&b);
}

TEST(urlencoded)
{
	struct arena *a = arena_new();
	struct kv *kv;
	size_t n;
	const char *s = "q=nguy%E1%BB%85n+v%C4%83n&unit=3&empty=&flag";

	CHECK_INT(form_urlencoded(a, s, strlen(s), &kv, &n), OK);
	CHECK_INT(n, 4);
	CHECK_STR(kv[0].val, "nguyễn văn");
	CHECK_STR(kv[1].key, "unit");
	CHECK_STR(kv[2].val, "");
	CHECK_STR(kv[3].key, "flag");
	/* not UTF-8 */
	CHECK_INT(form_urlencoded(a, "q=%FF", 5, &kv, &n), ERR_INVAL);
	arena_free(a);
}

TEST(multipart)
{
	struct arena *a = arena_new();
	struct kv *kv;
	size_t n;
	const char body[] = "--B\r\nContent-Disposition: form-data; name=\"kind\""
	    "\r\n\r\npeople\r\n--B\r\nContent-Disposition: form-data; "
	    "name=\"file\"; filename=\"d.csv\"\r\nContent-Type: text/csv\r\n\r\n"
	    "a,b\r\n1,2\r\n--B--\r\n";

	CHECK_INT(form_multipart(a, "multipart/form-data; boundary=B", body,
	    sizeof(body) - 1, &kv, &n), OK);
	CHECK_INT(n, 2);
	CHECK_STR(kv[0].key, "kind");
	CHECK_STR(kv[0].val, "people");
	CHECK_STR(kv[1].filename, "d.csv");
	CHECK_STR(kv[1].val, "a,b\r\n1,2");
	CHECK_INT(kv[1].len, 8);
	/* no closing delimiter */
	CHECK_INT(form_multipart(a, "multipart/form-data; boundary=B", body,
	    40, &kv, &n), ERR_INVAL);
	CHECK_INT(form_multipart(a, "multipart/form-data", body,
	    sizeof(body) - 1, &kv, &n), ERR_INVAL);
	arena_free(a);
}

TEST(validators)
{
	int64_t v = 0;

	CHECK_INT(form_int("42", 1, 100, &v), OK);
	CHECK_INT(v, 42);
	CHECK_INT(form_int("0", 1, 100, &v), ERR_INVAL);
	CHECK_INT(form_int("4x", 1, 100, &v), ERR_INVAL);
	CHECK_INT(form_int("", 1, 100, &v), ERR_NOTFOUND);
	CHECK_INT(form_int("99999999999999999999", 1, 100, &v), ERR_INVAL);
	CHECK_INT(form_tri("1"), 1);
	CHECK_INT(form_tri("0"), 0);
	CHECK_INT(form_tri("maybe"), -1);
}

TEST(utf8_cuts)
{
	char a[] = "ab\xe1\xbb", b[] = "ab\xe1\xbb\x85", c[] = "x\xc3";

	utf8_trim(a);
	utf8_trim(b);
	utf8_trim(c);
	CHECK_STR(a, "ab");
	CHECK_STR(b, "ab\xe1\xbb\x85");
	CHECK_STR(c, "x");
}

int
main(void)
{
	RUN(utf8_cuts);
	RUN(html_escapes);
	RUN(json_escapes);
	RUN(urlencoded);
	RUN(multipart);
	RUN(validators);
	return test_done("web");
}
