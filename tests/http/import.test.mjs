// import.test.mjs: import of people from CSV and XLSX, on the web page
// (upload, job page, report by row and column, commit), through the CLI,
// and the limits: all or nothing, re-import changes nothing, oversized and
// broken uploads are refused without harming the server.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, api, token, run } from '../lib/server.mjs';
import { sql, sqlInt, tableRows, webImport, waitJob, rawUpload } from './helpers.mjs';

let srv, call, tok, admin, tmp;

test.before(async () => {
  srv = await startServer({ people: 150, units: 8 });
  tok = token(srv.db, 'admin');
  call = api(srv.base, tok);
  admin = await srv.login('admin');
  tmp = mkdtempSync(join(tmpdir(), 'thidua-import-'));
});

test.after(async () => {
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// What an import must leave alone when it writes nothing.
function snapshot() {
  return {
    people: sqlInt(srv.db, 'select count(*) from people'),
    audit: sqlInt(srv.db, 'select count(*) from audit'),
    places: sqlInt(srv.db, 'select count(*) from person_units'),
    changed: sql(srv.db, 'select max(updated_at) from people')[0][0],
    stats: sql(srv.db, 'select * from unit_stats order by unit_id').map((r) => r.join(',')).join(';'),
  };
}

async function rootPeople() {
  return (await call('GET', '/api/v1/units/1/stats')).data.figures.people;
}

function summary(html) {
  return [...html.matchAll(/<ul class="summary">([\s\S]*?)<\/ul>/g)].map((m) =>
    [...m[1].matchAll(/<li[^>]*>([^<]*)<\/li>/g)].map((x) => x[1]))[0] || [];
}

// A file full of mistakes, one per row (row 6 is fine; row 7 repeats its code).
const BAD = [
  'Mã,Họ và tên,Giới tính,Ngày sinh,Đoàn viên,Mã đơn vị',
  'SAI0001,Nguyễn Văn Ngày,Nam,31/02/1990,Có,CDCS-001',
  'SAI0002,Trần Thị Giới,X,01/01/1990,Có,CDCS-001',
  'SAI0003,,Nữ,01/01/1990,Có,CDCS-001',
  'SAI0004,Lê Văn Đơn,Nam,01/01/1990,Có,KHONG-CO',
  'SAI0005,Phạm Văn Đúng,Nam,01/01/1990,Có,CDCS-001',
  'SAI0005,Phạm Văn Trùng,Nam,01/01/1990,Có,CDCS-001',
].join('\n') + '\n';

const BAD_ISSUES = [
  ['2', 'D · Ngày sinh', '31/02/1990', 'Ngày sinh “31/02/1990” không có thật trên lịch (hoặc ngoài khoảng 1900–2100)'],
  ['3', 'C · Giới tính', 'X', 'Giới tính “X” phải là Nam hoặc Nữ'],
  ['4', 'B · Họ và tên', '', 'Thiếu họ tên'],
  ['5', 'F · Mã đơn vị', 'KHONG-CO', 'Không có đơn vị “KHONG-CO” trong phạm vi của bạn'],
  ['7', 'A · Mã', 'SAI0005', 'Mã “SAI0005” trùng với dòng 6'],
];

// A clean file as Excel writes it in Vietnam: BOM, semicolons, CRLF,
// Có/Không and Nam/Nữ in any case, dates dd/mm/yyyy.
const CLEAN = '\ufeff' + [
  'Mã;Họ và tên;Giới tính;Ngày sinh;Chức vụ;Lãnh đạo, quản lý;Đoàn viên;Ngày vào công đoàn;Mã đơn vị',
  'NK0001;Phạm Thị Thu Hà;nữ;28/02/1990;Kế toán;KHÔNG;có;15/06/2015;CDCS-002',
  'NK0002;Lê Văn Hùng;NAM;01/12/1978;Phó Giám đốc;Có;Có;01/01/2000;CDCS-002',
  'NK0003;Đinh Thị Mai;Nữ;09/09/1995;Chuyên viên;không;Không;;CDCS-003',
].join('\r\n') + '\r\n';

test('the people template is an XLSX with Vietnamese headers, dropdowns and an example row', async () => {
  const r = await admin.get('/import/template/people');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="mau-nguoi.xlsx"');
  const buf = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...buf.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
  const f = join(tmp, 'mau.xlsx');
  writeFileSync(f, buf);
  const sheet = execFileSync('unzip', ['-p', f, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  const cells = [...sheet.matchAll(/<c r="([A-Z]+1)"[^>]*>(?:<is>)?<t>([^<]*)<\/t>/g)].map((m) => m[2]);
  assert.deepEqual(cells, ['Mã', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Chức vụ', 'Lãnh đạo, quản lý', 'Đoàn viên', 'Ngày vào công đoàn', 'Mã đơn vị']);
  assert.match(sheet, /<dataValidation type="list"[^>]*sqref="C2:[^"]*"><formula1>"Nam,Nữ"<\/formula1>/);
  assert.match(sheet, /<formula1>"Có,Không"<\/formula1>/);
  assert.match(sheet, /<row r="2">/);
  // the template as downloaded passes a check
  const raw = await fetch(`${srv.base}/api/v1/import/people?dry_run=1`, { method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/octet-stream' }, body: buf });
  const rep = await raw.json();
  assert.equal(raw.status, 200, JSON.stringify(rep));
  assert.deepEqual([rep.rows, rep.valid, rep.created, rep.problems_total], [1, 1, 1, 0]);
  // the units template too
  const u = await admin.get('/import/template/units');
  assert.equal(u.status, 200);
  assert.equal(Buffer.from(await u.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  assert.equal((await admin.get('/import/template/things')).status, 404);
});

test('the import page offers the templates and the upload form', async () => {
  const r = await admin.text('/import');
  assert.equal(r.status, 200);
  assert.match(r.text, /href="\/import\/template\/people"/);
  assert.match(r.text, /enctype="multipart\/form-data"/);
  assert.match(r.text, /name="csrf" value="[0-9a-f]+"/);
});

test('web check of a file full of mistakes: every problem by row and column letter, nothing written', async () => {
  const before = snapshot();
  const people = await rootPeople();
  const r = await webImport(admin, { mode: 'check', name: 'sai.csv', data: BAD });
  assert.equal(r.status, 200);
  assert.match(r.location, /^\/import\/jobs\/\d+$/);
  assert.match(r.text, /Tệp có lỗi\. Chưa có gì được ghi\./);
  assert.deepEqual(tableRows(r.text, 'issues'), BAD_ISSUES);
  assert.deepEqual(summary(r.text), ['Tệp: sai.csv', 'Số dòng dữ liệu: 6', 'Dòng đúng: 1', 'Số lỗi: 5']);
  assert.deepEqual(snapshot(), before);
  assert.equal(await rootPeople(), people);
});

test('web import (not a check) of the same file: the same report, nothing written', async () => {
  const before = snapshot();
  const r = await webImport(admin, { mode: 'import', name: 'sai.csv', data: BAD });
  assert.equal(r.status, 200);
  assert.match(r.text, /Tệp có lỗi nên chưa có gì được ghi/);
  assert.deepEqual(tableRows(r.text, 'issues'), BAD_ISSUES);
  assert.deepEqual(snapshot(), before);
  assert.equal(sqlInt(srv.db, "select count(*) from people where code like 'SAI%'"), 0);
});

test('a clean CSV with BOM, semicolons, Có/Không and dd/mm/yyyy: check, then import it', async () => {
  const before = snapshot();
  const chk = await webImport(admin, { mode: 'check', name: 'sach.csv', data: CLEAN });
  assert.equal(chk.status, 200);
  assert.match(chk.text, /Tệp hợp lệ\. Chưa có gì được ghi/);
  assert.ok(summary(chk.text).includes('Sẽ ghi: 3 thêm mới, 0 cập nhật, 0 không đổi'), summary(chk.text).join('|'));
  assert.equal(tableRows(chk.text, 'issues'), null);
  assert.deepEqual(snapshot(), before);
  // "Nhập tệp này": the commit form of the checked job
  const m = /action="(\/import\/jobs\/\d+\/commit)"/.exec(chk.text);
  assert.ok(m, 'a commit form');
  const c = await admin.postForm(m[1], {});
  assert.equal(c.status, 303);
  const loc = c.headers.get('location');
  assert.match(loc, /^\/import\/jobs\/\d+$/);
  assert.notEqual(loc, chk.location);
  const done = await waitJob(admin, loc);
  assert.match(done.text, /Đã nhập xong\./);
  assert.ok(summary(done.text).includes('Đã ghi: 3 thêm mới, 0 cập nhật, 0 không đổi'), summary(done.text).join('|'));
  assert.equal(snapshot().people, before.people + 3);
  const ha = (await call('GET', '/api/v1/people?q=NK0001')).data.people[0];
  assert.equal(ha.full_name, 'Phạm Thị Thu Hà');
  assert.equal(ha.gender, 'F');
  assert.equal(ha.birth_date, '1990-02-28');
  assert.equal(ha.joined_union, '2015-06-15');
  assert.equal(ha.is_leader, false);
  assert.equal(ha.is_member, true);
  assert.equal(ha.position, 'Kế toán');
  assert.equal(ha.unit.code, 'CDCS-002');
  const hung = (await call('GET', '/api/v1/people?q=NK0002')).data.people[0];
  assert.deepEqual([hung.gender, hung.is_leader, hung.is_member, hung.birth_date], ['M', true, true, '1978-12-01']);
  const mai = (await call('GET', '/api/v1/people?q=NK0003')).data.people[0];
  assert.deepEqual([mai.is_member, mai.joined_union, mai.unit.code], [false, null, 'CDCS-003']);
});

test('re-importing the same file changes nothing: 0 created, 0 updated, 3 unchanged', async () => {
  const before = snapshot();
  const r = await webImport(admin, { mode: 'import', name: 'sach.csv', data: CLEAN });
  assert.equal(r.status, 200);
  assert.ok(summary(r.text).includes('Đã ghi: 0 thêm mới, 0 cập nhật, 3 không đổi'), summary(r.text).join('|'));
  const after = snapshot();
  assert.equal(after.people, before.people);
  assert.equal(after.places, before.places);
  assert.equal(after.changed, before.changed);
  assert.equal(after.stats, before.stats);
  const a = await call('POST', '/api/v1/import/people', CLEAN);
  assert.equal(a.status, 200);
  assert.deepEqual([a.data.created, a.data.updated, a.data.unchanged], [0, 0, 3]);
  assert.equal(snapshot().stats, before.stats);
});

test('re-importing the same file leaves the audit log alone', async () => {
  const before = snapshot();
  const r = await webImport(admin, { mode: 'import', name: 'sach.csv', data: CLEAN });
  assert.ok(summary(r.text).includes('Đã ghi: 0 thêm mới, 0 cập nhật, 3 không đổi'));
  const a = await call('POST', '/api/v1/import/people', CLEAN);
  assert.equal(a.data.unchanged, 3);
  assert.equal(snapshot().audit, before.audit,
    'new audit rows: ' + JSON.stringify(sql(srv.db, `select action, entity, summary from audit order by id desc limit ${Math.max(1, snapshot().audit - before.audit)}`)));
});

test('a changed row updates only that person', async () => {
  const changed = CLEAN.replace('NK0002;Lê Văn Hùng;NAM;01/12/1978;Phó Giám đốc', 'NK0002;Lê Văn Hùng;NAM;01/12/1978;Giám đốc');
  const a = await call('POST', '/api/v1/import/people', changed);
  assert.equal(a.status, 200);
  assert.deepEqual([a.data.created, a.data.updated, a.data.unchanged], [0, 1, 2]);
  assert.equal((await call('GET', '/api/v1/people?q=NK0002')).data.people[0].position, 'Giám đốc');
});

test('an XLSX export re-imported through the web page: every row unchanged', async () => {
  const unit = sqlInt(srv.db, "select id from units where code = 'CDCS-002'");
  const n = (await call('GET', `/api/v1/units/${unit}/stats`)).data.figures.people;
  const x = await call('GET', `/api/v1/export/people?format=xlsx&unit=${unit}`);
  assert.equal(x.status, 200);
  const buf = Buffer.from(x.data);
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
  const before = snapshot();
  const r = await webImport(admin, { mode: 'import', name: 'cdcs-002.xlsx', data: buf,
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  assert.equal(r.status, 200);
  assert.equal(tableRows(r.text, 'issues'), null, r.text.slice(0, 3000));
  assert.ok(summary(r.text).includes(`Đã ghi: 0 thêm mới, 0 cập nhật, ${n} không đổi`), summary(r.text).join('|'));
  const after = snapshot();
  assert.equal(after.people, before.people);
  assert.equal(after.changed, before.changed);
  assert.equal(after.stats, before.stats);
  // and the CSV export likewise, through the API
  const c = await fetch(`${srv.base}/api/v1/export/people?format=csv&unit=${unit}`, { headers: { authorization: `Bearer ${tok}` } });
  const csvText = await c.text();
  const rep = await call('POST', '/api/v1/import/people?dry_run=1', csvText);
  assert.equal(rep.status, 200, JSON.stringify(rep.data));
  assert.deepEqual([rep.data.rows, rep.data.created, rep.data.updated, rep.data.unchanged], [n, 0, 0, n]);
});

test('CLI import --dry-run: problems with row numbers on stderr, exit 1; a clean file exits 0 and writes nothing', () => {
  const bad = join(tmp, 'sai.csv');
  writeFileSync(bad, BAD);
  const before = snapshot();
  const r = run(['import', 'people', bad, '--dry-run', '--db', srv.db]);
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.deepEqual(lines, [
    'dòng 2, cột D (Ngày sinh), giá trị “31/02/1990”: Ngày sinh “31/02/1990” không có thật trên lịch (hoặc ngoài khoảng 1900–2100)',
    'dòng 3, cột C (Giới tính), giá trị “X”: Giới tính “X” phải là Nam hoặc Nữ',
    'dòng 4, cột B (Họ và tên): Thiếu họ tên',
    'dòng 5, cột F (Mã đơn vị), giá trị “KHONG-CO”: Không có đơn vị “KHONG-CO” trong phạm vi của bạn',
    'dòng 7, cột A (Mã), giá trị “SAI0005”: Mã “SAI0005” trùng với dòng 6',
  ]);
  assert.equal(r.stdout.trim(), '6 rows, 1 valid, 5 problems; dry run, nothing written: 0 created, 0 updated, 0 unchanged');
  const good = join(tmp, 'moi.csv');
  writeFileSync(good, CLEAN.replace(/NK000/g, 'CLI000'));
  const g = run(['import', 'people', good, '--dry-run', '--db', srv.db]);
  assert.equal(g.status, 0, g.stderr);
  assert.equal(g.stderr, '');
  assert.equal(g.stdout.trim(), '3 rows, 3 valid, 0 problems; dry run, nothing written: 3 created, 0 updated, 0 unchanged');
  assert.deepEqual(snapshot(), before);
  // without --dry-run the bad file still writes nothing
  const w = run(['import', 'people', bad, '--db', srv.db]);
  assert.equal(w.status, 1);
  assert.deepEqual(snapshot(), before);
});

test('an upload over the limit (33 MB): 413, and the server carries on', async () => {
  const size = 33 * 1024 * 1024;
  const boundary = 'XyZ123';
  const head = (path, ctype, extra = '') => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n${extra}` +
    `Content-Type: ${ctype}\r\nContent-Length: ${size}\r\n\r\n`;
  const web = await rawUpload(srv.port, head('/import', `multipart/form-data; boundary=${boundary}`, `Cookie: ${admin.cookie}\r\n`), { bodyLen: size });
  assert.equal(web.status, 413);
  const a = await rawUpload(srv.port, head('/api/v1/import/people', 'text/csv', `Authorization: Bearer ${tok}\r\n`), { bodyLen: size });
  assert.equal(a.status, 413);
  assert.equal(JSON.parse(a.body).error.code, 'too_large');
  // before login the limit is much lower
  const anon = await rawUpload(srv.port, `POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n`, { bodyLen: 100000 });
  assert.equal(anon.status, 413);
  assert.equal((await fetch(srv.base + '/health')).status, 200);
  assert.equal((await admin.get('/import')).status, 200);
  assert.equal((await call('GET', '/api/v1/me')).status, 200);
});

test('a chunked upload over the limit (no Content-Length): 413, and the server carries on', async () => {
  const r = await rawUpload(srv.port, `POST /api/v1/import/people?dry_run=1 HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n` +
    `Authorization: Bearer ${tok}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n`,
  { bodyLen: 33 * 1024 * 1024, chunked: true, waitMs: 2000 });
  assert.equal((await fetch(srv.base + '/health')).status, 200);
  assert.equal(r.status, 413, `answer: ${JSON.stringify(r.head.slice(0, 200))}`);
});

test('a broken "xlsx" (PK header and junk): a clear Vietnamese error, nothing written, server fine', async () => {
  const junk = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('rác rác rác '.repeat(200))]);
  const before = snapshot();
  const r = await webImport(admin, { mode: 'import', name: 'hong.xlsx', data: junk, type: 'application/octet-stream' });
  assert.equal(r.status, 200);
  assert.deepEqual(tableRows(r.text, 'issues'), [['—', '—', '', 'Tệp XLSX hỏng hoặc không phải bảng tính Excel']]);
  assert.deepEqual(snapshot(), before);
  const a = await fetch(`${srv.base}/api/v1/import/people?dry_run=1`, { method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/octet-stream' }, body: junk });
  assert.equal(a.status, 422);
  assert.equal((await a.json()).problems[0].message, 'Tệp XLSX hỏng hoặc không phải bảng tính Excel');
  const f = join(tmp, 'hong.xlsx');
  writeFileSync(f, junk);
  const c = run(['import', 'people', f, '--dry-run', '--db', srv.db]);
  assert.equal(c.status, 1);
  assert.equal(c.stderr.trim(), 'tệp: Tệp XLSX hỏng hoặc không phải bảng tính Excel');
  assert.equal((await fetch(srv.base + '/health')).status, 200);
});

test('files that cannot be read: no file, missing columns, header only, binary junk', async () => {
  const form = new FormData();
  form.set('kind', 'people');
  form.set('mode', 'check');
  const none = await admin.postMultipart('/import', form);
  assert.equal(none.status, 422);
  assert.match(await none.text(), /Hãy chọn một tệp \.xlsx hoặc \.csv có dữ liệu/);
  let r = await webImport(admin, { name: 'thieu.csv', data: 'Họ và tên,Ngày sinh\nNguyễn Văn A,01/01/1990\n' });
  assert.deepEqual(tableRows(r.text, 'issues').map((x) => x[3]), ['Thiếu cột “Giới tính”', 'Thiếu cột “Mã đơn vị”']);
  r = await webImport(admin, { name: 'rong.csv', data: 'Họ và tên,Giới tính,Mã đơn vị\n' });
  assert.deepEqual(tableRows(r.text, 'issues').map((x) => x[3]), ['Tệp không có dòng dữ liệu nào']);
  r = await webImport(admin, { name: 'anh.csv', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xc3, 0x28]) });
  assert.equal(r.status, 200);
  assert.equal(tableRows(r.text, 'issues').length, 1);
  assert.equal((await fetch(srv.base + '/health')).status, 200);
});

test('an import job belongs to whoever started it', async () => {
  const r = await webImport(admin, { name: 'sai.csv', data: BAD });
  const other = await srv.login('canbo');
  const p = await other.text(r.location);
  assert.equal(p.status, 404);
  assert.ok(!p.text.includes('SAI0005'));
  const c = await other.postForm(`${r.location}/commit`, {});
  assert.equal(c.status, 404);
});

test('a viewer cannot import, even a check', async () => {
  const r = await fetch(`${srv.base}/api/v1/import/people?dry_run=1`, { method: 'POST',
    headers: { authorization: `Bearer ${token(srv.db, 'xem')}`, 'content-type': 'text/csv' },
    body: 'Họ và tên,Giới tính,Mã đơn vị\nAn,Nam,CDCS-001\n' });
  assert.equal(r.status, 403);
  assert.equal((await r.json()).error.code, 'forbidden');
});

test('a refused unit row changes nothing, even with good_rows: the rename before the bad move is undone', async () => {
  const before = sql(srv.db, "select name from units where code = 'CDCS-003'")[0][0];
  const body = 'Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối,Mã đơn vị cấp trên\n' +
    'CDCS-003,Tên đã đổi,Công đoàn cơ sở,Hành chính,CDCS-001\n' +
    'NEW-UNIT-1,Công đoàn mới,Công đoàn cơ sở,Sự nghiệp,CDVC\n';
  const r = await fetch(`${srv.base}/api/v1/import/units?good_rows=1`, { method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'text/csv' }, body });
  const rep = await r.json();
  assert.equal(rep.written, true);
  assert.equal(rep.created, 1);
  assert.deepEqual(rep.problems.map((p) => [p.row, p.column]), [[2, 'E']]);
  assert.equal(sql(srv.db, "select name from units where code = 'CDCS-003'")[0][0], before);
});

test('a name in parts too long for the full name is a problem of its row, not a failure of the file', async () => {
  const long = 'ễ'.repeat(64);
  const body = 'Mã,Họ,Tên đệm,Tên,Giới tính,Mã đơn vị\n' +
    `LONG-1,Nguyễn,Văn,An,Nam,CDCS-001\nLONG-2,Nguyễn,${long},${long},Nam,CDCS-001\n` +
    'LONG-3,Trần,Thị,Bình,Nữ,CDCS-001\n';
  const r = await fetch(`${srv.base}/api/v1/import/people?good_rows=1`, { method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'text/csv' }, body });
  const rep = await r.json();
  assert.equal(rep.rows, 3);
  assert.equal(rep.created, 2);
  assert.deepEqual(rep.problems.map((p) => p.row), [3]);
  assert.match(rep.problems[0].message, /^Họ tên dài quá 200 ký tự$/);
});

test('a chair importing a code of another unit\'s person: a problem of that row, in row order; that person untouched', async () => {
  const chairTok = token(srv.db, 'chutich');
  const [code, name, unit] = sql(srv.db, "select p.code, p.full_name, u.code from people p join units u on u.id = p.unit_id"
    + " where u.code = 'CDCS-002' and p.code is not null order by p.id limit 1")[0];
  const body = 'Mã,Họ và tên,Giới tính,Mã đơn vị\n'
    + 'CHAIR-1,Vũ Thị Riêng,Nữ,CDCS-001\n'
    + `${code},Tên Bị Đổi,Nam,CDCS-001\n`
    + 'CHAIR-2,Đỗ Văn Sai,X,CDCS-001\n'
    + 'CHAIR-3,Hà Văn Thêm,Nam,CDCS-001\n';
  const send = async (q) => {
    const r = await fetch(`${srv.base}/api/v1/import/people${q}`, { method: 'POST',
      headers: { authorization: `Bearer ${chairTok}`, 'content-type': 'text/csv' }, body });
    return r.json();
  };
  const before = snapshot();
  const all = await send('');
  assert.equal(all.written, false);
  assert.deepEqual(all.problems.map((p) => [p.row, p.column, p.message]), [
    [3, 'A', 'Mã này thuộc một người ở đơn vị ngoài phạm vi của bạn'],
    [4, 'C', 'Giới tính “X” phải là Nam hoặc Nữ'],
  ]);
  assert.deepEqual(snapshot(), before);
  const good = await send('?good_rows=1');
  assert.equal(good.written, true);
  assert.deepEqual([good.created, good.updated], [2, 0]);
  assert.deepEqual(good.problems.map((p) => p.row), [3, 4]);
  assert.deepEqual(sql(srv.db, `select p.full_name, u.code from people p join units u on u.id = p.unit_id where p.code = '${code}'`),
    [[name, unit]]);
  assert.equal(sqlInt(srv.db, "select count(*) from people where code in ('CHAIR-1', 'CHAIR-3')"), 2);
});
