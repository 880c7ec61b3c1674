# gen-people.awk: a people CSV for the import benchmark, in the headers
# `thidua import people` reads (src/domain/import.c people_cols).
#
#   awk -v rows=200000 -v seed=7 -f bench/gen-people.awk unit-codes.txt
#
# Reads unit codes, one a line, and writes rows= people spread over them,
# deterministic for a seed: Vietnamese names by rough surname frequency,
# both genders, dates as dd/mm/yyyy all in the past, codes BX0000001...
# Plain POSIX awk (mawk is enough); no file of the project is needed.

function rnd(n) {
	# Park-Miller: products stay exact in a double, so mawk and gawk agree
	state = (state * 16807) % 2147483647
	return int(state / 2147483647 * n)
}

function pick(list, n,    a) {
	split(list, a, "|")
	return a[1 + rnd(n)]
}

BEGIN {
	state = (seed + 0) % 2147483646 + 1
	# surnames repeated roughly by their share of the population
	sur = "Nguyễn|Nguyễn|Nguyễn|Nguyễn|Nguyễn|Nguyễn|Nguyễn|Nguyễn|" \
	    "Trần|Trần|Trần|Lê|Lê|Phạm|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|" \
	    "Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Đoàn|Trịnh|Mai|Hà"
	nsur = split(sur, tmp, "|")
	midm = "Văn|Văn|Văn|Hữu|Đức|Minh|Quang|Công|Thành|Xuân|Ngọc|Mạnh|Tiến"
	nmidm = split(midm, tmp, "|")
	midf = "Thị|Thị|Thị|Thu|Ngọc|Thanh|Kim|Minh|Hồng|Phương|Thùy|Bích"
	nmidf = split(midf, tmp, "|")
	givm = "Anh|Bình|Cường|Dũng|Đức|Hùng|Hải|Hiếu|Hoàng|Huy|Khánh|" \
	    "Long|Minh|Nam|Phong|Quang|Sơn|Thắng|Trung|Tuấn|Việt|Vinh|Hưng|Đạt"
	ngivm = split(givm, tmp, "|")
	givf = "Anh|Hà|Hằng|Hạnh|Hoa|Hương|Huyền|Lan|Linh|Loan|Mai|Ngọc|" \
	    "Nhung|Oanh|Phương|Quỳnh|Thảo|Thu|Thủy|Trang|Tuyết|Vân|Yến|Minh Anh"
	ngivf = split(givf, tmp, "|")
	pos = "Chuyên viên|Chuyên viên chính|Kế toán|Văn thư|Giáo viên|" \
	    "Bác sĩ|Điều dưỡng|Kỹ sư|Nhân viên|Cán sự|Giảng viên"
	npos = split(pos, tmp, "|")
	lead = "Giám đốc|Phó Giám đốc|Trưởng phòng|Phó Trưởng phòng|" \
	    "Hiệu trưởng|Phó Hiệu trưởng"
	nlead = split(lead, tmp, "|")
	nunits = 0
}

NF > 0 { units[++nunits] = $1 }

END {
	if (nunits == 0) {
		print "gen-people.awk: no unit codes on input" > "/dev/stderr"
		exit 1
	}
	printf "Mã,Họ và tên,Giới tính,Ngày sinh,Chức vụ,\"Lãnh đạo, quản lý\"," \
	    "Đoàn viên,Ngày vào công đoàn,Mã đơn vị\r\n"
	for (i = 1; i <= rows; i++) {
		female = rnd(1000) < 446
		name = pick(sur, nsur) " " (female ? pick(midf, nmidf) " " \
		    pick(givf, ngivf) : pick(midm, nmidm) " " pick(givm, ngivm))
		y = 1964 + rnd(38)
		leader = rnd(100) < 9
		member = rnd(10000) >= 115
		jy = y + 22 + rnd(4)
		if (jy > 2024)
			jy = 2024
		printf "BX%07d,%s,%s,%02d/%02d/%04d,%s,%s,%s,%s,%s\r\n", i, name,
		    female ? "Nữ" : "Nam", 1 + rnd(28), 1 + rnd(12), y,
		    leader ? pick(lead, nlead) : pick(pos, npos),
		    leader ? "Có" : "Không", member ? "Có" : "Không",
		    member ? sprintf("01/%02d/%04d", 1 + rnd(12), jy) : "",
		    units[1 + rnd(nunits)]
	}
}
