/*
 * demo.c: a new store (init) and realistic, deterministic demo data: a
 * provincial civil servants' union with its grassroots unions (CĐCS) of
 * the administrative, public-service and enterprise blocks, union groups,
 * and people whose names are drawn by the real frequency of Vietnamese
 * surnames.  Large runs (more than 200 CĐCS) put the CĐCS under 63
 * provincial unions of a national confederation, for benchmarks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"

#define DEMO_PASSWORD "thidua-demo"

/* splitmix64: small, fast, and the same everywhere */
static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t
pick(uint64_t *s, size_t n)
{
	return (size_t)(rnd(s) % n);
}

struct weighted {
	const char	*s;
	unsigned	 w;	/* per ten thousand */
};

/* Share of the population, per ten thousand (rounded). */
static const struct weighted surnames[] = {
	{"Nguyễn", 3800}, {"Trần", 1100}, {"Lê", 950}, {"Phạm", 700},
	{"Hoàng", 300}, {"Huỳnh", 210}, {"Phan", 450}, {"Vũ", 200},
	{"Võ", 190}, {"Đặng", 210}, {"Bùi", 200}, {"Đỗ", 140}, {"Hồ", 130},
	{"Ngô", 130}, {"Dương", 100}, {"Lý", 50}, {"Đinh", 60}, {"Đoàn", 50},
	{"Lương", 40}, {"Trịnh", 40}, {"Mai", 30}, {"Cao", 30}, {"Lâm", 30},
	{"Tô", 20}, {"Hà", 30}, {"Tạ", 20}, {"Chu", 20}, {"Kiều", 10},
	{"Âu", 10}, {"Quách", 10},
};

static const char *const middle_m[] = { "Văn", "Văn", "Văn", "Hữu", "Đức",
	"Minh", "Quang", "Công", "Thành", "Xuân", "Ngọc", "Mạnh", "Tiến",
	"Anh", "Đình" };
static const char *const middle_f[] = { "Thị", "Thị", "Thị", "Thu", "Ngọc",
	"Thanh", "Kim", "Minh", "Hồng", "Phương", "Thùy", "Bích", "Mỹ",
	"Khánh", "Lan" };
static const char *const given_m[] = { "Anh", "Bình", "Cường", "Dũng",
	"Đức", "Hùng", "Hải", "Hiếu", "Hoàng", "Huy", "Khánh", "Long", "Minh",
	"Nam", "Phong", "Quang", "Sơn", "Thắng", "Trung", "Tuấn", "Việt",
	"Vinh", "Hưng", "Đạt", "Tùng", "Thành", "Lâm", "Khoa", "Quân", "Toàn",
	"Duy", "Lộc", "Phúc", "Tâm", "Vũ" };
static const char *const given_f[] = { "Anh", "Hà", "Hằng", "Hạnh", "Hoa",
	"Hương", "Huyền", "Lan", "Linh", "Loan", "Mai", "Ngọc", "Nhung",
	"Oanh", "Phương", "Quỳnh", "Thảo", "Thu", "Thủy", "Trang", "Tuyết",
	"Vân", "Yến", "Hồng", "Dung", "Giang", "Nga", "Ngân", "Ánh", "Uyên",
	"Diệp", "Châu", "Nhàn", "My", "Trâm" };
/* Two-syllable given names, stored as such */
static const char *const given2_f[] = { "Minh Anh", "Bảo Ngọc", "Thanh Hà",
	"Hoài Thu" };

static const char *const positions_staff[] = { "Chuyên viên", "Chuyên viên",
	"Chuyên viên chính", "Kế toán", "Văn thư", "Giáo viên", "Bác sĩ",
	"Điều dưỡng", "Kỹ sư", "Nhân viên", "Cán sự", "Giảng viên" };
static const char *const positions_lead[] = { "Giám đốc", "Phó Giám đốc",
	"Trưởng phòng", "Phó Trưởng phòng", "Hiệu trưởng", "Phó Hiệu trưởng",
	"Chánh Văn phòng" };

struct agency {
	const char	*name;
	enum unit_block	 block;
};

static const struct agency agencies[] = {
	{"Văn phòng UBND tỉnh", BLOCK_HC}, {"Sở Tư pháp", BLOCK_HC},
	{"Sở Tài chính", BLOCK_HC}, {"Sở Kế hoạch và Đầu tư", BLOCK_HC},
	{"Sở Nội vụ", BLOCK_HC}, {"Sở Công Thương", BLOCK_HC},
	{"Sở Xây dựng", BLOCK_HC}, {"Sở Giao thông vận tải", BLOCK_HC},
	{"Sở Tài nguyên và Môi trường", BLOCK_HC},
	{"Sở Nông nghiệp và Phát triển nông thôn", BLOCK_HC},
	{"Sở Lao động - Thương binh và Xã hội", BLOCK_HC},
	{"Sở Văn hóa, Thể thao và Du lịch", BLOCK_HC},
	{"Sở Khoa học và Công nghệ", BLOCK_HC},
	{"Sở Thông tin và Truyền thông", BLOCK_HC},
	{"Sở Ngoại vụ", BLOCK_HC}, {"Thanh tra tỉnh", BLOCK_HC},
	{"Ban Dân tộc", BLOCK_HC}, {"Văn phòng Đoàn ĐBQH và HĐND tỉnh", BLOCK_HC},
	{"Ban Quản lý các khu công nghiệp", BLOCK_HC},
	{"Sở Giáo dục và Đào tạo", BLOCK_HC}, {"Sở Y tế", BLOCK_HC},
	{"Bệnh viện Đa khoa tỉnh", BLOCK_SN}, {"Bệnh viện Nhi", BLOCK_SN},
	{"Bệnh viện Y học cổ truyền", BLOCK_SN},
	{"Trung tâm Kiểm soát bệnh tật", BLOCK_SN},
	{"Trường Cao đẳng Y tế", BLOCK_SN}, {"Trường Chính trị tỉnh", BLOCK_SN},
	{"Trường THPT Chuyên", BLOCK_SN}, {"Trường Cao đẳng Sư phạm", BLOCK_SN},
	{"Đài Phát thanh và Truyền hình", BLOCK_SN}, {"Báo tỉnh", BLOCK_SN},
	{"Thư viện tỉnh", BLOCK_SN}, {"Bảo tàng tỉnh", BLOCK_SN},
	{"Trung tâm Dịch vụ việc làm", BLOCK_SN},
	{"Trung tâm Phục vụ hành chính công", BLOCK_SN},
	{"Quỹ Đầu tư phát triển", BLOCK_SN}, {"Trung tâm Lưu trữ lịch sử",
	BLOCK_SN}, {"Nhà hát Chèo", BLOCK_SN}, {"Trung tâm Văn hóa tỉnh",
	BLOCK_SN}, {"Vườn quốc gia", BLOCK_SN},
	{"Ban Quản lý dự án đầu tư xây dựng", BLOCK_SN},
	{"Trung tâm Khuyến nông", BLOCK_SN}, {"Trường Cao đẳng Nghề", BLOCK_SN},
	{"Trung tâm Công nghệ thông tin", BLOCK_SN},
	{"Bệnh viện Phổi", BLOCK_SN}, {"Bệnh viện Mắt", BLOCK_SN},
	{"Trung tâm Pháp y", BLOCK_SN}, {"Trường THPT Dân tộc nội trú",
	BLOCK_SN}, {"Trung tâm Nước sạch và VSMTNT", BLOCK_SN},
	{"Công ty TNHH MTV Xổ số kiến thiết", BLOCK_DN},
	{"Công ty TNHH MTV Khai thác công trình thủy lợi", BLOCK_DN},
	{"Công ty Cổ phần Cấp nước", BLOCK_DN},
	{"Công ty Cổ phần Môi trường đô thị", BLOCK_DN},
	{"Công ty TNHH MTV Lâm nghiệp", BLOCK_DN},
	{"Công ty Cổ phần Sách và Thiết bị trường học", BLOCK_DN},
	{"Công ty Cổ phần Vận tải", BLOCK_DN}, {"Công ty Cổ phần In", BLOCK_DN},
	{"Nhà xuất bản tỉnh", BLOCK_DN},
};

static const char *const provinces[] = { "Hà Nội", "Hồ Chí Minh",
	"Hải Phòng", "Đà Nẵng", "Cần Thơ", "An Giang", "Bà Rịa - Vũng Tàu",
	"Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
	"Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
	"Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
	"Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình",
	"Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
	"Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An",
	"Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
	"Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
	"Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
	"Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
	"Vĩnh Phúc", "Yên Bái" };

static const char *
surname(uint64_t *s)
{
	unsigned total = 0, r;
	size_t i;

	for (i = 0; i < NELEM(surnames); i++)
		total += surnames[i].w;
	r = (unsigned)(rnd(s) % total);
	for (i = 0; i < NELEM(surnames); i++) {
		if (r < surnames[i].w)
			return surnames[i].s;
		r -= surnames[i].w;
	}
	return surnames[0].s;
}

static enum err
add_unit(struct store *st, const struct actor *a, int64_t parent,
    const char *code, const char *name, const char *short_name,
    enum unit_kind kind, enum unit_block block, int64_t *id,
    struct buf *errmsg)
{
	struct unit_in in = { code, name, short_name, kind_names[kind],
	    block_names[block], parent, NULL };
	struct problems p = {0};
	enum err e = units_create_tx(st, a, &in, id, &p);

	if (e != OK)
		buf_addf(errmsg, "unit %s: %s", code, p.n ? p.items[0].msg :
		    err_code(e));
	return e;
}

static enum err
add_user(struct store *st, const struct actor *a, const char *name,
    const char *display, enum role role, int64_t unit, struct buf *errmsg)
{
	struct problems p = {0};
	int64_t id;
	enum err e = auth_user_add(st, a, name, display, DEMO_PASSWORD, role,
	    unit, &id, &p);

	if (e != OK)
		buf_addf(errmsg, "user %s: %s", name, p.n ? p.items[0].msg :
		    err_code(e));
	return e;
}

/* One person of a unit. */
static enum err
add_person(struct store *st, const struct actor *a, uint64_t *s,
    const struct unit *u, size_t seq, struct stats_acc *acc,
    struct people_batch *batch)
{
	struct person p;
	int female = pick(s, 1000) < 446;
	int year = 1964 + (int)pick(s, 38), month = 1 + (int)pick(s, 12),
	    day = 1 + (int)pick(s, 28);
	int changed;
	const char *mid, *giv;

	memset(&p, 0, sizeof(p));
	snprintf(p.code, sizeof(p.code), "CB%06zu", seq);
	str_copy(p.family, sizeof(p.family), surname(s));
	mid = female ? middle_f[pick(s, NELEM(middle_f))] :
	    middle_m[pick(s, NELEM(middle_m))];
	if (female && pick(s, 20) == 0)
		giv = given2_f[pick(s, NELEM(given2_f))];
	else
		giv = female ? given_f[pick(s, NELEM(given_f))] :
		    given_m[pick(s, NELEM(given_m))];
	str_copy(p.middle, sizeof(p.middle), mid);
	str_copy(p.given, sizeof(p.given), giv);
	snprintf(p.full_name, sizeof(p.full_name), "%s %s %s", p.family,
	    p.middle, p.given);
	p.gender = female ? 'F' : 'M';
	snprintf(p.birth_date, sizeof(p.birth_date), "%04d-%02d-%02d", year,
	    month, day);
	p.is_leader = pick(s, 100) < 9;
	str_copy(p.position, sizeof(p.position), p.is_leader ?
	    positions_lead[pick(s, NELEM(positions_lead))] :
	    positions_staff[pick(s, NELEM(positions_staff))]);
	/* 2,925 members of 2,959 in the seed */
	p.is_member = pick(s, 10000) >= 115;
	if (p.is_member) {
		int joined = year + 22 + (int)pick(s, 5);

		snprintf(p.joined_union, sizeof(p.joined_union),
		    "%04d-%02d-01", joined > 2024 ? 2024 : joined,
		    1 + (int)pick(s, 12));
	}
	/* at work from about 23, in this unit since then or 2005 */
	snprintf(p.since, sizeof(p.since), "%04d-%02d-01", year + 23 < 2005 ?
	    2005 : year + 23 > 2024 ? 2024 : year + 23, month);
	p.unit_id = u->id;
	str_copy(p.unit_path, sizeof(p.unit_path), u->path);
	p.active = 1;
	return people_upsert_tx(st, a, &p, acc, batch, &changed);
}

enum err
demo_init(struct store *st, const char *root_name, const char *admin,
    const char *password, struct buf *errmsg)
{
	struct actor a;
	int64_t root = 0, uid, n = 0;
	struct problems p = {0};
	enum err e;

	auth_system_actor(&a);
	if ((e = store_int(st, STMT_UNIT_COUNT, NOARGS, &n)) != OK)
		return e;
	if (n > 0) {
		buf_addf(errmsg, "the database already has units");
		return ERR_CONFLICT;
	}
	if ((e = store_begin(st)) != OK)
		return e;
	/* the root and its administrator, or nothing */
	if ((e = add_unit(st, &a, 0, "ROOT", root_name, "", KIND_PROVINCE,
	    BLOCK_HC, &root, errmsg)) != OK)
		goto fail;
	if ((e = auth_user_add_tx(st, &a, admin, "Quản trị hệ thống",
	    password, ROLE_ADMIN, root, &uid, &p)) != OK) {
		buf_addf(errmsg, "%s", p.n ? p.items[0].msg : err_code(e));
		goto fail;
	}
	return store_commit(st);
fail:
	store_rollback(st);
	return e;
}

enum err
demo_generate(struct store *st, const struct demo_opts *o, char admin_pw[32],
    struct buf *errmsg)
{
	struct actor a;
	uint64_t s = o->seed ? o->seed : 2019;
	int64_t root, prov = 0, id, n = 0, first_cdcs = 0, second_cdcs = 0;
	size_t ncdcs = o->units ? o->units : 58, i, j, k, seq = 0, left;
	size_t nprov = ncdcs > 200 ? NELEM(provinces) : 0;
	int64_t *cdcs = xcalloc(ncdcs, sizeof(int64_t));
	size_t *weights = NULL, wsum;
	struct stats_acc *acc = NULL;
	struct people_batch *batch = NULL;
	struct unit u;
	char code[32], name[TEXT_MAX], shortn[TEXT_MAX];
	enum err e;

	auth_system_actor(&a);
	a.no_audit = 1;
	str_copy(admin_pw, 32, DEMO_PASSWORD);
	if ((e = store_int(st, STMT_UNIT_COUNT, NOARGS, &n)) != OK)
		goto out;
	if (n > 0) {
		buf_addf(errmsg, "the database already has data");
		e = ERR_CONFLICT;
		goto out;
	}
	if ((e = store_begin(st)) != OK)
		goto out;
	if (nprov) {
		if ((e = add_unit(st, &a, 0, "TLD", "Công đoàn Viên chức Việt "
		    "Nam", "CĐVC VN", KIND_CONFED, BLOCK_HC, &root, errmsg)) != OK)
			goto fail;
	} else if ((e = add_unit(st, &a, 0, "CDVC", "Công đoàn Viên chức tỉnh "
	    "Ninh Bình", "CĐVC tỉnh", KIND_PROVINCE, BLOCK_HC, &root,
	    errmsg)) != OK)
		goto fail;
	prov = root;
	for (i = 0; i < ncdcs; i++) {
		const struct agency *ag = &agencies[i % NELEM(agencies)];

		if (nprov && i % ((ncdcs + nprov - 1) / nprov) == 0) {
			size_t pi = i / ((ncdcs + nprov - 1) / nprov);

			snprintf(code, sizeof(code), "CDVC-%02zu", pi + 1);
			snprintf(name, sizeof(name), "Công đoàn Viên chức %s",
			    provinces[pi % NELEM(provinces)]);
			if ((e = add_unit(st, &a, root, code, name, "",
			    KIND_PROVINCE, BLOCK_HC, &prov, errmsg)) != OK)
				goto fail;
		}
		snprintf(code, sizeof(code), "CDCS-%03zu", i + 1);
		if (i < NELEM(agencies))
			snprintf(name, sizeof(name), "Công đoàn %s", ag->name);
		else
			snprintf(name, sizeof(name), "Công đoàn %s số %zu",
			    ag->name, i / NELEM(agencies) + 1);
		snprintf(shortn, sizeof(shortn), "CĐ %.*s", 60, ag->name);
		if ((e = add_unit(st, &a, prov, code, name, shortn,
		    KIND_GRASSROOTS, ag->block, &cdcs[i], errmsg)) != OK)
			goto fail;
		if (i == 0)
			first_cdcs = cdcs[i];
		if (i == 1)
			second_cdcs = cdcs[i];
		/* a few CĐCS have union groups */
		if (!nprov && i % 7 == 0) {
			for (j = 0; j < 3; j++) {
				snprintf(code, sizeof(code), "CDCS-%03zu-T%zu",
				    i + 1, j + 1);
				snprintf(name, sizeof(name), "Tổ công đoàn %s",
				    j == 0 ? "Văn phòng" : j == 1 ?
				    "Chuyên môn" : "Hành chính - Tổng hợp");
				if ((e = add_unit(st, &a, cdcs[i], code, name,
				    "", KIND_GROUP, ag->block, &id, errmsg)) != OK)
					goto fail;
			}
		}
	}
	/* people: spread over the CĐCS (and their groups), unevenly: each
	 * gets a share between half and one and a half of the mean */
	acc = stats_acc_new();
	batch = people_batch_new();
	weights = xcalloc(ncdcs, sizeof(*weights));
	for (i = 0, wsum = 0; i < ncdcs; i++)
		wsum += weights[i] = 50 + pick(&s, 101);
	left = o->people;
	for (i = 0; i < ncdcs && left > 0; i++) {
		size_t share = i == ncdcs - 1 ? left :
		    (size_t)((double)o->people * (double)weights[i] /
		    (double)wsum);

		if (share > left)
			share = left;
		if ((e = units_get(st, &a, cdcs[i], &u)) != OK)
			goto fail;
		for (k = 0; k < share; k++) {
			struct unit target = u;

			if (u.nchildren > 0 && pick(&s, 2) == 0) {
				/* the groups' ids follow the CĐCS */
				int64_t g = u.id + 1 + (int64_t)pick(&s, 3);

				if (units_get(st, &a, g, &target) != OK)
					target = u;
			}
			if ((e = add_person(st, &a, &s, &target, ++seq, acc,
			    batch)) != OK) {
				buf_addf(errmsg, "person %zu: %s", seq,
				    err_code(e));
				goto fail;
			}
			if (seq % 1000000 == 0)
				log_info("demo: %zu people", seq);
		}
		left -= share;
	}
	if ((e = people_batch_flush(st, batch)) != OK ||
	    (e = stats_acc_apply(acc, st)) != OK ||
	    (e = people_index_tx(st)) != OK)
		goto fail;
	if ((e = store_commit(st)) != OK)
		goto out;
	/* accounts: these are audited */
	a.no_audit = 0;
	if ((e = add_user(st, &a, "admin", "Quản trị hệ thống", ROLE_ADMIN,
	    root, errmsg)) != OK ||
	    (e = add_user(st, &a, "canbo", "Cán bộ CĐVC tỉnh", ROLE_OFFICER,
	    root, errmsg)) != OK ||
	    (e = add_user(st, &a, "chutich", "Chủ tịch CĐCS Văn phòng UBND",
	    ROLE_CHAIR, first_cdcs, errmsg)) != OK ||
	    (e = add_user(st, &a, "chutich2", "Chủ tịch CĐCS Sở Tư pháp",
	    ROLE_CHAIR, second_cdcs ? second_cdcs : first_cdcs, errmsg)) != OK ||
	    (e = add_user(st, &a, "xem", "Người xem", ROLE_VIEWER, root,
	    errmsg)) != OK)
		goto out;
	goto out;
fail:
	store_rollback(st);
out:
	stats_acc_free(acc);
	people_batch_free(batch);
	free(cdcs);
	free(weights);
	return e;
}
