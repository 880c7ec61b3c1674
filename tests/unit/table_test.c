/*
 * table_test.c: tests for formats/table.h: the CSV reader and writer, the
 * XLSX reader (on archives built here from literal XML, so it does not
 * depend on the writer) and writer (round trip), and the date helpers.
 */
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "base/buf.h"
#include "base/limits.h"
#include "formats/table.h"
#include "test.h"

/*
 * libxlsxwriter 1.1.4 copies value_formula twice for a LIST_FORMULA
 * validation and frees one copy (fixed upstream later): a few bytes per
 * long dropdown list, not ours to fix.  Tell LeakSanitizer; it needs
 * the slow unwinder to see that frame (the library has no frame
 * pointers).  Both hooks are unused without sanitizers.
 */
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);
const char *
__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}
const char *
__lsan_default_suppressions(void)
{
	return "leak:worksheet_data_validation_range\n";
}

/* Rows as text, one per line: "rownum:cell|cell|...". */
struct rows {
	struct buf	 b;
	size_t		 n;
	size_t		 stop_after;	/* return ERR_DENIED after n rows */
};

static enum err
collect(const struct table_row *r, void *arg)
{
	struct rows *rs = arg;
	size_t i;

	buf_addf(&rs->b, "%zu:", r->rownum);
	for (i = 0; i < r->ncells; i++)
		buf_addf(&rs->b, "%s%s", i ? "|" : "", r->cells[i]);
	buf_addc(&rs->b, '\n');
	if (++rs->n == rs->stop_after)
		return ERR_DENIED;
	return OK;
}

/* Read data; rows into *got (caller frees), message into *msg. */
static enum err
readall(const char *data, size_t len, size_t max_xml, struct buf *got,
    struct buf *msg)
{
	struct rows rs;
	enum err e;

	memset(&rs, 0, sizeof(rs));
	buf_init(&rs.b, 0);
	buf_init(msg, 0);
	e = table_read_limit(data, len, collect, &rs, msg, max_xml);
	*got = rs.b;
	return e;
}

#define READ_OK(data, len, want)                                      \
	do {                                                          \
		struct buf g_b, m_b;                                  \
		CHECK_INT(readall(data, len, LIM_XLSX_XML, &g_b, &m_b), OK); \
		CHECK_STR(buf_str(&g_b), want);                       \
		CHECK_STR(buf_str(&m_b), "");                         \
		buf_free(&g_b);                                       \
		buf_free(&m_b);                                       \
	} while (0)

#define READ_ERR(data, len, max, err, msg)                            \
	do {                                                          \
		struct buf g_b, m_b;                                  \
		CHECK_INT(readall(data, len, max, &g_b, &m_b), err);  \
		CHECK_STR(buf_str(&m_b), msg);                        \
		buf_free(&g_b);                                       \
		buf_free(&m_b);                                       \
	} while (0)

#define S(lit) lit, sizeof(lit) - 1
#define READ_OK_S(lit, want) READ_OK(lit, sizeof(lit) - 1, want)
#define READ_ERR_S(lit, max, err, msg) READ_ERR(lit, sizeof(lit) - 1, max, err, msg)

/* CSV reading. */

TEST(csv_basic)
{
	/* BOM, CRLF, quotes with "", a newline inside quotes, empty
	 * lines counted but not reported, a last line without EOL. */
	READ_OK_S("\xef\xbb\xbfHọ tên,Ngày sinh,Ghi chú\r\n"
	    "\"Nguyễn Văn Đũng\",05/03/2024,\"nói \"\"xin chào\"\"\"\r\n"
	    "\r\n"
	    "\n"
	    "Trần Thị B,,\"hai\r\ndòng\"\r\n"
	    "Lê C,1/1/2000",
	    "1:Họ tên|Ngày sinh|Ghi chú\n"
	    "2:Nguyễn Văn Đũng|05/03/2024|nói \"xin chào\"\n"
	    "5:Trần Thị B||hai\r\ndòng\n"
	    "6:Lê C|1/1/2000\n");
}

TEST(csv_semicolon)
{
	/* More ';' than ',' on the first line: ';' separates. */
	READ_OK_S("Họ tên;Số tiền;Ghi chú\n"
	    "Nguyễn A;1,5;\"a;b\"\n"
	    "B;2,0;x,y\n",
	    "1:Họ tên|Số tiền|Ghi chú\n"
	    "2:Nguyễn A|1,5|a;b\n"
	    "3:B|2,0|x,y\n");
	/* A quoted ',' on the first line does not count. */
	READ_OK_S("\"a,b,c\";d\n1;2\n", "1:a,b,c|d\n2:1|2\n");
}

TEST(csv_line_ends)
{
	READ_OK_S("a,b\rc,d\r\ne,f\n", "1:a|b\n2:c|d\n3:e|f\n");
	/* Blank cells: trailing ones are not counted; all-blank rows not
	 * reported. */
	READ_OK_S("a,,\n,,\n,b\n\n", "1:a\n3:|b\n");
	/* Text after a closing quote is kept, as Excel does. */
	READ_OK_S("\"ab\"cd,e\"f\n", "1:abcd|e\"f\n");
	READ_OK_S("", "");
	READ_OK_S("\xef\xbb\xbf", "");
	READ_OK_S("\n\n\r\n", "");
}

TEST(csv_errors)
{
	READ_ERR_S("a,b\n\nc,\"xyz\nmore,stuff\n", LIM_XLSX_XML, ERR_INVAL,
	    "Dòng 3: dấu ngoặc kép không đóng");
	READ_ERR_S("\"a", LIM_XLSX_XML, ERR_INVAL,
	    "Dòng 1: dấu ngoặc kép không đóng");
	READ_ERR_S("a,b\nc,\xff\n", LIM_XLSX_XML, ERR_INVAL,
	    "Dòng 2, cột B: không phải văn bản UTF-8");
	/* Windows-1258 "Nguy\xd2n": not UTF-8. */
	READ_ERR_S("x\nNguy\xd2n\n", LIM_XLSX_XML, ERR_INVAL,
	    "Dòng 2, cột A: không phải văn bản UTF-8");
	/* Overlong '/', a surrogate, beyond U+10FFFF, a truncated
	 * sequence, a NUL byte. */
	READ_ERR_S("\xc0\xaf", LIM_XLSX_XML, ERR_INVAL,
	    "Dòng 1, cột A: không phải văn bản UTF-8");
	READ_ERR_S(",\xed\xa0\x80", LIM_XLSX_XML, ERR_INVAL,
	    "Dòng 1, cột B: không phải văn bản UTF-8");
	READ_ERR_S("\xf4\x90\x80\x80", LIM_XLSX_XML, ERR_INVAL,
	    "Dòng 1, cột A: không phải văn bản UTF-8");
	READ_ERR_S("ab\xe1\xba", LIM_XLSX_XML, ERR_INVAL,
	    "Dòng 1, cột A: không phải văn bản UTF-8");
	READ_ERR_S("a\0b", LIM_XLSX_XML, ERR_INVAL,
	    "Dòng 1, cột A: không phải văn bản UTF-8");
	/* A legacy .xls or a password-protected .xlsx. */
	READ_ERR_S("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", LIM_XLSX_XML,
	    ERR_INVAL, "Tệp là bảng tính Excel cũ (.xls) hoặc có mật khẩu; "
	    "hãy lưu lại thành .xlsx không mật khẩu hoặc .csv");
}

TEST(csv_limits)
{
	struct buf in;
	size_t i;

	/* A cell of LIM_CELL_BYTES is fine, one more byte is not. */
	buf_init(&in, 0);
	buf_adds(&in, "a,");
	for (i = 0; i < LIM_CELL_BYTES; i++)
		buf_addc(&in, 'x');
	{
		struct buf g, m;

		CHECK_INT(readall(in.p, in.len, LIM_XLSX_XML, &g, &m), OK);
		CHECK_INT(g.len, 5 + LIM_CELL_BYTES);	/* "1:a|" x... "\n" */
		buf_free(&g);
		buf_free(&m);
	}
	buf_adds(&in, "x\n");
	READ_ERR(in.p, in.len, LIM_XLSX_XML, ERR_LIMIT,
	    "Dòng 1, cột B: ô dài quá 4096 byte");
	/* Quoted too. */
	buf_reset(&in);
	buf_adds(&in, "\"");
	for (i = 0; i <= LIM_CELL_BYTES; i++)
		buf_adds(&in, "\"\"");
	buf_adds(&in, "\"\n");
	READ_ERR(in.p, in.len, LIM_XLSX_XML, ERR_LIMIT,
	    "Dòng 1, cột A: ô dài quá 4096 byte");

	/* 64 columns and empty ones after them are fine; a 65th with
	 * text is not. */
	buf_reset(&in);
	for (i = 0; i < LIM_IMPORT_COLS; i++)
		buf_addf(&in, "%s%zu", i ? "," : "", i);
	buf_adds(&in, ",,,,\n");
	{
		struct buf g, m;

		CHECK_INT(readall(in.p, in.len, LIM_XLSX_XML, &g, &m), OK);
		CHECK(strstr(buf_str(&g), "|63\n") != NULL);
		buf_free(&g);
		buf_free(&m);
	}
	buf_adds(&in, ",,,,");
	for (i = 0; i < LIM_IMPORT_COLS; i++)
		buf_addf(&in, "%s%zu", i ? "," : "", i);
	buf_adds(&in, ",x\n");
	READ_ERR(in.p, in.len, LIM_XLSX_XML, ERR_LIMIT,
	    "Dòng 2: có hơn 64 cột (ô BM)");
	buf_free(&in);
}

TEST(csv_callback_stops)
{
	struct rows rs;
	enum err e;

	memset(&rs, 0, sizeof(rs));
	buf_init(&rs.b, 0);
	rs.stop_after = 2;
	e = table_read(S("a\nb\nc\nd\n"), collect, &rs, NULL);
	CHECK_INT(e, ERR_DENIED);
	CHECK_STR(buf_str(&rs.b), "1:a\n2:b\n");
	buf_free(&rs.b);
}

TEST(sniff)
{
	CHECK_INT(table_sniff(S("PK\x03\x04rest")), TABLE_XLSX);
	CHECK_INT(table_sniff(S("PK\x05\x06")), TABLE_XLSX);
	CHECK_INT(table_sniff(S("PK,x")), TABLE_CSV);
	CHECK_INT(table_sniff(S("PK")), TABLE_CSV);
	CHECK_INT(table_sniff(NULL, 0), TABLE_CSV);
}

/* Dates. */

static const char *
dp(const char *s)
{
	static char out[11];

	if (date_parse(s, out) != OK)
		return "ERR";
	return out;
}

TEST(date_good)
{
	CHECK_STR(dp("5/3/2024"), "2024-03-05");
	CHECK_STR(dp("05/03/2024"), "2024-03-05");
	CHECK_STR(dp("05-03-2024"), "2024-03-05");
	CHECK_STR(dp("05.03.2024"), "2024-03-05");
	CHECK_STR(dp("2024-03-05"), "2024-03-05");
	CHECK_STR(dp("2024-3-5"), "2024-03-05");
	CHECK_STR(dp("29/02/2024"), "2024-02-29");
	CHECK_STR(dp("29/02/2000"), "2000-02-29");
	CHECK_STR(dp("31/12/2100"), "2100-12-31");
	CHECK_STR(dp("1/1/1900"), "1900-01-01");
	/* Excel serials, 1900 system with the Lotus leap-year bug. */
	CHECK_STR(dp("45356"), "2024-03-05");
	CHECK_STR(dp("45356.0"), "2024-03-05");
	CHECK_STR(dp("45356.75"), "2024-03-05");
	CHECK_STR(dp("44927"), "2023-01-01");
	CHECK_STR(dp("33010"), "1990-05-17");
	CHECK_STR(dp("1"), "1900-01-01");
	CHECK_STR(dp("59"), "1900-02-28");
	CHECK_STR(dp("61"), "1900-03-01");
	CHECK_STR(dp("73415"), "2100-12-31");
}

TEST(date_bad)
{
	static const char *const bad[] = {
		"", "31/02/2024", "29/02/2023", "29/02/1900", "30/02/2000",
		"00/01/2024", "01/00/2024", "01/13/2024", "32/01/2024",
		"31/12/1899", "01/01/2101", "2024-02-30", "2024-13-01",
		"5/3/24", "05/03/2024x", "05/03/2024 ", " 05/03/2024",
		"05/03-2024", "05//2024", "123/03/2024", "2024/03/05",
		"2024-03-05T00:00", "60", "0", "73416", "2958466",
		"999999999999", "45356.0x", "-1", "4.5e4", "abc", "05/03",
		"2024-03", "1e3", ".5", "٤٥٣٥٦",
	};
	size_t i;
	char out[11];

	for (i = 0; i < NELEM(bad); i++) {
		if (date_parse(bad[i], out) != ERR_INVAL) {
			test_failed_checks++;
			fprintf(stderr, "date_parse(\"%s\") accepted: %s\n",
			    bad[i], out);
		}
	}
	CHECK_INT(date_parse(NULL, out), ERR_INVAL);
}

TEST(date_format)
{
	char out[11];

	date_format_vn("2024-03-05", out);
	CHECK_STR(out, "05/03/2024");
	date_format_vn("1900-01-01", out);
	CHECK_STR(out, "01/01/1900");
	date_format_vn("", out);
	CHECK_STR(out, "");
	date_format_vn("2024-02-30", out);
	CHECK_STR(out, "");
	date_format_vn("05/03/2024", out);
	CHECK_STR(out, "");
}

/* CSV writing. */

TEST(csv_write)
{
	static const char *const gt[] = { "Nam", "Nữ", NULL };
	static const struct table_col cols[] = {
		{ "Họ tên", 20, NULL, 0 },
		{ "Ngày sinh", 0, NULL, 1 },
		{ "Giới tính", 0, gt, 0 },
		{ "Ghi chú, khác", 0, NULL, 0 },
	};
	const char *r1[] = { "Nguyễn Văn Đũng", "1990-05-17", "Nam",
	    "nói \"chào\"" };
	const char *r2[] = { " cách ", "không rõ", NULL, "=HYPERLINK(\"x\")" };
	const char *r3[] = { "-5", "", "Nữ", "hai\r\ndòng" };
	const char *r4[] = { "@SUM(A1)", "2024-02-29", "+84 912", "a;b" };
	const char *r5[] = { "\t=1", "x", "", "" };
	struct table_writer *w;
	struct buf out, msg;
	struct buf g, m;

	buf_init(&out, 0);
	buf_init(&msg, 0);
	w = table_writer_new(TABLE_CSV, NULL, cols, NELEM(cols), &msg);
	CHECK(w != NULL);
	if (w == NULL)
		return;
	CHECK_INT(table_writer_row(w, r1), OK);
	CHECK_INT(table_writer_row(w, r2), OK);
	CHECK_INT(table_writer_row(w, r3), OK);
	CHECK_INT(table_writer_row(w, r4), OK);
	CHECK_INT(table_writer_row(w, r5), OK);
	CHECK_INT(table_writer_finish(w, &out), OK);
	CHECK_STR(buf_str(&out), "\xef\xbb\xbf"
	    "Họ tên,Ngày sinh,Giới tính,\"Ghi chú, khác\"\r\n"
	    "Nguyễn Văn Đũng,17/05/1990,Nam,\"nói \"\"chào\"\"\"\r\n"
	    "\" cách \",không rõ,,\"'=HYPERLINK(\"\"x\"\")\"\r\n"
	    "'-5,,Nữ,\"hai\r\ndòng\"\r\n"
	    "'@SUM(A1),29/02/2024,'+84 912,\"a;b\"\r\n"
	    "\"'\t=1\",x,,\r\n");
	CHECK_STR(buf_str(&msg), "");

	/* And it reads back. */
	CHECK_INT(readall(out.p, out.len, LIM_XLSX_XML, &g, &m), OK);
	CHECK_STR(buf_str(&g),
	    "1:Họ tên|Ngày sinh|Giới tính|Ghi chú, khác\n"
	    "2:Nguyễn Văn Đũng|17/05/1990|Nam|nói \"chào\"\n"
	    "3: cách |không rõ||'=HYPERLINK(\"x\")\n"
	    "4:'-5||Nữ|hai\r\ndòng\n"
	    "5:'@SUM(A1)|29/02/2024|'+84 912|a;b\n"
	    "6:'\t=1|x\n");
	buf_free(&g);
	buf_free(&m);
	buf_free(&out);
	buf_free(&msg);

	/* No columns. */
	buf_init(&msg, 0);
	CHECK(table_writer_new(TABLE_CSV, NULL, cols, 0, &msg) == NULL);
	CHECK_STR(buf_str(&msg), "Bảng không có cột nào");
	buf_free(&msg);
}

/* XLSX built here from literal parts. */

struct part {
	const char	*name;
	const char	*data;
	size_t		 len;	/* 0: strlen(data) */
};

/* A zip in memory (deflated unless store); caller frees. */
static char *
mkzip(const struct part *parts, size_t n, int store, size_t *outlen)
{
	zip_error_t ze;
	zip_source_t *src, *zs;
	zip_stat_t st;
	zip_t *za;
	zip_int64_t idx;
	char *out = NULL;
	size_t i;

	*outlen = 0;
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (src == NULL)
		return NULL;
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_source_free(src);
		return NULL;
	}
	zip_source_keep(src);
	for (i = 0; i < n; i++) {
		zs = zip_source_buffer(za, parts[i].data, parts[i].len ?
		    parts[i].len : strlen(parts[i].data), 0);
		idx = zip_file_add(za, parts[i].name, zs, ZIP_FL_OVERWRITE);
		if (idx < 0)
			zip_source_free(zs);
		else if (store)
			zip_set_file_compression(za, (zip_uint64_t)idx,
			    ZIP_CM_STORE, 0);
	}
	if (zip_close(za) != 0) {
		zip_discard(za);
		zip_source_free(src);
		return NULL;
	}
	if (zip_source_open(src) == 0) {
		zip_stat_init(&st);
		if (zip_source_stat(src, &st) == 0) {
			out = malloc(st.size + 1);
			if (out != NULL && zip_source_read(src, out, st.size) ==
			    (zip_int64_t)st.size)
				*outlen = st.size;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	return out;
}

/* One entry of a zip held in memory, as a string; caller frees. */
static char *
unzip1(const char *data, size_t len, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_file_t *zf;
	zip_stat_t st;
	zip_t *za;
	char *out = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL)
		return NULL;
	if ((za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		zip_source_free(src);
		return NULL;
	}
	if (zip_stat(za, name, 0, &st) == 0 &&
	    (zf = zip_fopen(za, name, 0)) != NULL) {
		out = calloc(1, st.size + 1);
		if (zip_fread(zf, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		zip_fclose(zf);
	}
	zip_discard(za);
	zip_error_fini(&ze);
	return out;
}

#define NS_MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define NS_R "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL_WS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

static const char wb_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook " NS_MAIN " " NS_R "><sheets>"
    "<sheet name=\"Ẩn\" sheetId=\"3\" state=\"hidden\" r:id=\"rId7\"/>"
    "<sheet name=\"Dữ liệu\" sheetId=\"1\" r:id=\"rId3\"/>"
    "<sheet name=\"Khác\" sheetId=\"2\" r:id=\"rId1\"/>"
    "</sheets></workbook>";

static const char rels_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_WS "\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_WS "\" Target=\"/xl/worksheets/../data/./du-lieu.xml\"/>"
    "<Relationship Id=\"rId7\" Type=\"" REL_WS "\" Target=\"worksheets/hidden.xml\"/>"
    "</Relationships>";

static const char sst_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<sst " NS_MAIN " count=\"4\" uniqueCount=\"4\">"
    "<si><t>Họ tên</t></si>"
    "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">Nguyễn </t></r>"
    "<r><t>Văn Đũng</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh></si>"
    "<si><t>A &amp; B &lt;c&gt; &#x1EA0;</t></si>"
    "<si><t>dòng 1_x000D_\ndòng 2 _x005F_x0041_</t></si>"
    "</sst>";

/* Prefixed element names, rows and columns skipped, every cell type,
 * a cell without r, a blank row, an empty styled cell far right. */
static const char sheet_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<x:dimension ref=\"A1:E9\"/><x:sheetData>"
    "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
    "<x:c r=\"C1\" t=\"inlineStr\"><x:is><x:t>Ngày sinh</x:t></x:is></x:c></x:row>"
    "<x:row r=\"3\"><x:c r=\"A3\" t=\"s\"><x:v>1</x:v></x:c>"
    "<x:c r=\"C3\"><x:v>33010</x:v></x:c>"
    "<x:c r=\"E3\" t=\"b\"><x:v>1</x:v></x:c>"
    "<x:c r=\"ZZ3\" s=\"4\"/></x:row>"
    "<x:row r=\"4\"/>"
    "<x:row r=\"5\"><x:c r=\"B5\" t=\"s\"><x:v>2</x:v></x:c>"
    "<x:c><x:v>3.5</x:v></x:c>"
    "<x:c r=\"d5\" t=\"str\"><x:f>A1&amp;\"!\"</x:f><x:v>Họ tên!</x:v></x:c>"
    "<x:c r=\"E5\" t=\"b\"><x:v>0</x:v></x:c></x:row>"
    "<x:row><x:c r=\"A6\" t=\"s\"><x:v>3</x:v></x:c>"
    "<x:c r=\"B6\" t=\"e\"><x:v>#DIV/0!</x:v></x:c>"
    "<x:c r=\"C6\" t=\"inlineStr\"><x:is><x:r><x:t>ghép </x:t></x:r>"
    "<x:r><x:t>nhiều</x:t></x:r><x:rPh><x:t>bỏ</x:t></x:rPh></x:is></x:c>"
    "</x:row>"
    "<x:row r=\"9\"><x:c r=\"A9\" t=\"inlineStr\"><x:is><x:t></x:t></x:is></x:c></x:row>"
    "</x:sheetData></x:worksheet>";

static const char other_xml[] =
    "<worksheet " NS_MAIN "><sheetData><row r=\"1\"><c r=\"A1\" "
    "t=\"inlineStr\"><is><t>wrong sheet</t></is></c></row></sheetData>"
    "</worksheet>";

TEST(xlsx_read_handmade)
{
	const struct part parts[] = {
		{ "[Content_Types].xml", "<Types/>", 0 },
		{ "xl/workbook.xml", wb_xml, 0 },
		{ "xl/_rels/workbook.xml.rels", rels_xml, 0 },
		{ "xl/sharedStrings.xml", sst_xml, 0 },
		{ "xl/data/du-lieu.xml", sheet_xml, 0 },
		{ "xl/worksheets/sheet1.xml", other_xml, 0 },
		{ "xl/worksheets/hidden.xml", other_xml, 0 },
	};
	size_t len;
	char *z;

	z = mkzip(parts, NELEM(parts), 0, &len);
	CHECK(z != NULL);
	if (z == NULL)
		return;
	CHECK_INT(table_sniff(z, len), TABLE_XLSX);
	READ_OK(z, len,
	    "1:Họ tên||Ngày sinh\n"
	    "3:Nguyễn Văn Đũng||33010||1\n"
	    "5:|A & B <c> \xe1\xba\xa0|3.5|Họ tên!|0\n"
	    "6:dòng 1\r\ndòng 2 _x0041_|#DIV/0!|ghép nhiều\n");

	/* The callback stops the read. */
	{
		struct rows rs;

		memset(&rs, 0, sizeof(rs));
		buf_init(&rs.b, 0);
		rs.stop_after = 2;
		CHECK_INT(table_read(z, len, collect, &rs, NULL), ERR_DENIED);
		CHECK_STR(buf_str(&rs.b), "1:Họ tên||Ngày sinh\n"
		    "3:Nguyễn Văn Đũng||33010||1\n");
		buf_free(&rs.b);
	}
	free(z);
}

TEST(xlsx_read_damaged)
{
	const struct part parts[] = {
		{ "xl/worksheets/sheet1.xml", other_xml, 0 },
	};
	size_t len;
	char *z, *p;

	/* Stored, one byte of the sheet changed: the CRC check fails at
	 * the end of the entry (after the row was read). */
	z = mkzip(parts, 1, 1, &len);
	CHECK(z != NULL);
	if (z == NULL)
		return;
	p = memmem(z, len, "wrong sheet", 11);
	CHECK(p != NULL);
	if (p != NULL)
		*p = 'W';
	READ_ERR(z, len, LIM_XLSX_XML, ERR_INVAL,
	    "Tệp XLSX hỏng hoặc không phải bảng tính Excel");
	if (p != NULL)
		*p = 'w';
	READ_OK(z, len, "1:wrong sheet\n");
	/* Cut short: no central directory. */
	READ_ERR(z, len / 2, LIM_XLSX_XML, ERR_INVAL,
	    "Tệp XLSX hỏng hoặc không phải bảng tính Excel");
	free(z);
}

TEST(xlsx_read_fallback)
{
	/* No workbook relationships: xl/worksheets/sheet1.xml; stored
	 * (not deflated); no shared strings. */
	const struct part parts[] = {
		{ "xl/workbook.xml", "<workbook/>", 0 },
		{ "XL/Worksheets/Sheet1.xml", other_xml, 0 },
	};
	const struct part none[] = {
		{ "word/document.xml", "<w/>", 0 },
	};
	size_t len;
	char *z;

	z = mkzip(parts, NELEM(parts), 1, &len);
	CHECK(z != NULL);
	READ_OK(z, len, "1:wrong sheet\n");
	free(z);

	/* A zip that is not a workbook. */
	z = mkzip(none, NELEM(none), 0, &len);
	CHECK(z != NULL);
	READ_ERR(z, len, LIM_XLSX_XML, ERR_INVAL,
	    "Tệp XLSX hỏng hoặc không phải bảng tính Excel");
	free(z);
}

static char *
mksheet(const char *rows, size_t *len)
{
	struct buf b;
	struct part parts[1];
	char *z;

	buf_init(&b, 0);
	buf_addf(&b, "<worksheet " NS_MAIN "><sheetData>%s</sheetData>"
	    "</worksheet>", rows);
	parts[0].name = "xl/worksheets/sheet1.xml";
	parts[0].data = buf_str(&b);
	parts[0].len = 0;
	z = mkzip(parts, 1, 0, len);
	buf_free(&b);
	return z;
}

TEST(xlsx_read_errors)
{
	static const char bad[] = "PK\x03\x04 this is not really a zip";
	struct buf rows;
	size_t len, i;
	char *z;

	READ_ERR_S(bad, LIM_XLSX_XML, ERR_INVAL,
	    "Tệp XLSX hỏng hoặc không phải bảng tính Excel");

	/* Not well-formed XML. */
	z = mksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></row>", &len);
	READ_ERR(z, len, LIM_XLSX_XML, ERR_INVAL,
	    "Tệp XLSX hỏng: lỗi XML ở dòng 1");
	free(z);
	/* A DTD (entity expansion) is refused. */
	{
		const struct part parts[] = {
			{ "xl/worksheets/sheet1.xml",
			  "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
			  "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" "
			  "t=\"inlineStr\"><is><t>&a;</t></is></c></row>"
			  "</sheetData></worksheet>", 0 },
		};

		z = mkzip(parts, 1, 0, &len);
		READ_ERR(z, len, LIM_XLSX_XML, ERR_INVAL,
		    "Tệp XLSX hỏng hoặc không phải bảng tính Excel");
		free(z);
	}
	/* Bad references. */
	z = mksheet("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", &len);
	READ_ERR(z, len, LIM_XLSX_XML, ERR_INVAL,
	    "Tệp XLSX hỏng hoặc không phải bảng tính Excel");
	free(z);
	z = mksheet("<row r=\"0\"><c r=\"A1\"><v>1</v></c></row>", &len);
	READ_ERR(z, len, LIM_XLSX_XML, ERR_INVAL,
	    "Tệp XLSX hỏng hoặc không phải bảng tính Excel");
	free(z);
	z = mksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>",
	    &len);
	READ_ERR(z, len, LIM_XLSX_XML, ERR_INVAL,
	    "Tệp XLSX hỏng: ô tham chiếu chuỗi không có");
	free(z);

	/* Text in column BM (the 65th): over the limit; blank cells
	 * there are fine. */
	z = mksheet("<row r=\"2\"><c r=\"A2\"><v>1</v></c>"
	    "<c r=\"BM2\" t=\"inlineStr\"><is><t></t></is></c>"
	    "<c r=\"XFD2\" s=\"1\"/></row>", &len);
	READ_OK(z, len, "2:1\n");
	free(z);
	z = mksheet("<row r=\"7\"><c r=\"A7\"><v>1</v></c>"
	    "<c r=\"BM7\"><v>2</v></c></row>", &len);
	READ_ERR(z, len, LIM_XLSX_XML, ERR_LIMIT,
	    "Dòng 7: ô BM nằm ngoài giới hạn 64 cột");
	free(z);

	/* A cell over LIM_CELL_BYTES. */
	buf_init(&rows, 0);
	buf_adds(&rows, "<row r=\"3\"><c r=\"C3\" t=\"inlineStr\"><is><t>");
	for (i = 0; i <= LIM_CELL_BYTES; i++)
		buf_addc(&rows, 'x');
	buf_adds(&rows, "</t></is></c></row>");
	z = mksheet(buf_str(&rows), &len);
	READ_ERR(z, len, LIM_XLSX_XML, ERR_LIMIT,
	    "Dòng 3, cột C: ô dài quá 4096 byte");
	free(z);
	buf_free(&rows);
}

TEST(xlsx_read_bomb)
{
	struct buf rows;
	size_t len, i;
	char *z;

	/* 2 MB of sheet that deflates to a few KB. */
	buf_init(&rows, 0);
	for (i = 0; i < 2 * 1024 * 1024 / 64; i++)
		buf_adds(&rows, "<row>                                    </row>"
		    "          ");
	buf_adds(&rows, "<row r=\"40000\"><c r=\"A40000\"><v>1</v></c></row>");
	z = mksheet(buf_str(&rows), &len);
	CHECK(z != NULL && len < 64 * 1024);
	READ_ERR(z, len, 1024 * 1024, ERR_LIMIT,
	    "Tệp XLSX quá lớn khi giải nén");
	READ_OK(z, len, "40000:1\n");
	free(z);
	buf_free(&rows);
}

/* XLSX writer, read back. */

TEST(xlsx_roundtrip)
{
	static const char *const gt[] = { "Nam", "Nữ", NULL };
	/* Over 255 bytes in all: goes to a hidden sheet. */
	static const char *const units[] = {
		"Công đoàn Bộ phận Hành chính – Tổng hợp",
		"Công đoàn Bộ phận Kế hoạch – Tài chính",
		"Công đoàn Bộ phận Tổ chức – Cán bộ",
		"Công đoàn Bộ phận Thanh tra – Pháp chế",
		"Công đoàn Bộ phận Khoa học – Công nghệ",
		"Công đoàn Bộ phận Đối ngoại, Hợp tác",
		"Công đoàn Trường Mầm non Hoa Sữa",
		NULL
	};
	static const struct table_col cols[] = {
		{ "Họ và tên", 28, NULL, 0 },
		{ "Ngày sinh", 12, NULL, 1 },
		{ "Giới tính", 10, gt, 0 },
		{ "Đơn vị", 40, units, 0 },
		{ "Ghi chú", 0, NULL, 0 },
	};
	const char *r1[] = { "Nguyễn Văn Đũng", "1990-05-17", "Nam",
	    "Công đoàn Trường Mầm non Hoa Sữa", "=1+2" };
	const char *r2[] = { "Trần Thị Bích Ngọc", "", "Nữ", NULL,
	    "  cách hai bên  " };
	const char *r3[] = { "", "", "", "", "" };
	const char *r4[] = { "Lê C", "không rõ", "", "",
	    "_x0041_ & <b>\x01\ttab" };
	const char *r5[] = { "Đặng D", "2024-02-29", "Nam", "", "bad \xff" };
	struct table_writer *w;
	struct buf out, msg;
	char *sheet, *wb;

	buf_init(&out, 0);
	buf_init(&msg, 0);
	w = table_writer_new(TABLE_XLSX, "Đoàn viên", cols, NELEM(cols), &msg);
	CHECK_STR(buf_str(&msg), "");
	CHECK(w != NULL);
	if (w == NULL)
		return;
	CHECK_INT(table_writer_row(w, r1), OK);
	CHECK_INT(table_writer_row(w, r2), OK);
	CHECK_INT(table_writer_row(w, r3), OK);
	CHECK_INT(table_writer_row(w, r4), OK);
	CHECK_INT(table_writer_row(w, r5), OK);
	CHECK_INT(table_writer_finish(w, &out), OK);
	CHECK(out.len > 1000);
	CHECK_INT(table_sniff(out.p, out.len), TABLE_XLSX);

	READ_OK(out.p, out.len,
	    "1:Họ và tên|Ngày sinh|Giới tính|Đơn vị|Ghi chú\n"
	    "2:Nguyễn Văn Đũng|33010|Nam|Công đoàn Trường Mầm non Hoa Sữa|=1+2\n"
	    "3:Trần Thị Bích Ngọc||Nữ||  cách hai bên  \n"
	    "5:Lê C|không rõ|||_x0041_ & <b>\x01\ttab\n"
	    "6:Đặng D|45351|Nam||bad \xef\xbf\xbd\n");

	/* The dropdowns: an inline list, and a range on the hidden sheet;
	 * the header frozen; the lists sheet hidden. */
	sheet = unzip1(out.p, out.len, "xl/worksheets/sheet1.xml");
	CHECK(sheet != NULL);
	if (sheet != NULL) {
		CHECK(strstr(sheet, "<dataValidation type=\"list\"") != NULL);
		CHECK(strstr(sheet, "sqref=\"C2:C1000\"><formula1>\"Nam,Nữ\""
		    "</formula1>") != NULL);
		CHECK(strstr(sheet, "sqref=\"D2:D1000\"><formula1>"
		    "'_lists'!$D$1:$D$7</formula1>") != NULL);
		CHECK(strstr(sheet, "state=\"frozen\"") != NULL);
		CHECK(strstr(sheet, "<col min=\"2\" max=\"2\" width=\"12.7109375\""
		    " style=\"2\"") != NULL);
	}
	wb = unzip1(out.p, out.len, "xl/workbook.xml");
	CHECK(wb != NULL);
	if (wb != NULL) {
		CHECK(strstr(wb, "<sheet name=\"Đoàn viên\" sheetId=\"1\"") !=
		    NULL);
		CHECK(strstr(wb, "name=\"_lists\" sheetId=\"2\" "
		    "state=\"hidden\"") != NULL);
	}
	free(sheet);
	free(wb);
	buf_free(&out);
	buf_free(&msg);
}

TEST(xlsx_write_limits)
{
	static const struct table_col cols[] = { { "Dài", 0, NULL, 0 } };
	struct table_writer *w;
	struct buf out, msg, big;
	const char *row[1];
	char *sheet, *p;
	size_t n;

	/* A cell over 32767 characters is cut. */
	buf_init(&big, 0);
	for (n = 0; n < 40000; n++)
		buf_addc(&big, 'x');
	buf_init(&out, 0);
	buf_init(&msg, 0);
	w = table_writer_new(TABLE_XLSX, NULL, cols, 1, &msg);
	CHECK(w != NULL);
	if (w == NULL)
		return;
	row[0] = buf_str(&big);
	CHECK_INT(table_writer_row(w, row), OK);
	CHECK_INT(table_writer_finish(w, &out), OK);
	sheet = unzip1(out.p, out.len, "xl/worksheets/sheet1.xml");
	CHECK(sheet != NULL);
	if (sheet != NULL) {
		p = strstr(sheet, "xxx");
		CHECK(p != NULL);
		n = p ? strspn(p, "x") : 0;
		CHECK_INT(n, 32767);
	}
	free(sheet);
	/* ... and over the import limit when read back. */
	READ_ERR(out.p, out.len, LIM_XLSX_XML, ERR_LIMIT,
	    "Dòng 2, cột A: ô dài quá 4096 byte");
	buf_free(&out);
	buf_free(&big);

	/* A bad sheet name. */
	w = table_writer_new(TABLE_XLSX, "a/b", cols, 1, &msg);
	CHECK(w == NULL);
	CHECK_STR(buf_str(&msg), "Tên trang tính không hợp lệ (tối đa 31 "
	    "ký tự, không có []:*?/\\)");
	buf_free(&msg);

	/* Abandoning a writer frees it (and its temporary file). */
	w = table_writer_new(TABLE_XLSX, NULL, cols, 1, NULL);
	CHECK(w != NULL);
	table_writer_free(w);
}

int
main(void)
{
	RUN(csv_basic);
	RUN(csv_semicolon);
	RUN(csv_line_ends);
	RUN(csv_errors);
	RUN(csv_limits);
	RUN(csv_callback_stops);
	RUN(sniff);
	RUN(date_good);
	RUN(date_bad);
	RUN(date_format);
	RUN(csv_write);
	RUN(xlsx_read_handmade);
	RUN(xlsx_read_fallback);
	RUN(xlsx_read_damaged);
	RUN(xlsx_read_errors);
	RUN(xlsx_read_bomb);
	RUN(xlsx_roundtrip);
	RUN(xlsx_write_limits);
	return test_done("table");
}
