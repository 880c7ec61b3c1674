// Importing a people file with mistakes through the web page, checking
// first: every mistake is listed by row and column, and nothing is written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useServerAndBrowser, contextAs, watch, serious, figures, tableRows } from './browser.mjs';

let srv, browser, dir;
useServerAndBrowser((s, b) => { srv = s; browser = b; });

before(() => { dir = mkdtempSync(join(tmpdir(), 'thidua-e2e-')); });
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

// Row 1 is the header; rows 2 and 7 are right, 3 to 6 each have one mistake.
const CSV = [
  'Họ và tên,Giới tính,Ngày sinh,Chức vụ,Đoàn viên,Mã đơn vị',
  'Hoàng Thị Kiểm Thử,Nữ,12/05/1988,Chuyên viên,Có,CDCS-001',
  'Lê Văn Bình,Nam,31/02/1990,Kế toán,Có,CDCS-001',
  'Phạm Minh Tuấn,X,01/01/1985,Chuyên viên,Có,CDCS-001',
  ',Nam,02/03/1991,Chuyên viên,Có,CDCS-001',
  'Đỗ Thị Lan,Nữ,15/07/1992,Văn thư,Có,CDCS-999',
  'Vũ Đức Thử Nghiệm,Nam,20/10/1979,Trưởng phòng,Không,CDCS-002',
].join('\r\n') + '\r\n';

// [row, column, value, what the reason must say]
const EXPECTED = [
  ['3', 'C · Ngày sinh', '31/02/1990', /31\/02\/1990/],
  ['4', 'B · Giới tính', 'X', /Nam hoặc Nữ/],
  ['5', 'A · Họ và tên', '', /Thiếu họ tên/],
  ['6', 'F · Mã đơn vị', 'CDCS-999', /CDCS-999/],
];

// Follows the job page, which reloads itself every second while the
// import runs, until the running marker is gone.
async function waitForJob(page, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      await page.waitForLoadState('load');
      if (/\/import\/jobs\/\d+$/.test(new URL(page.url()).pathname) &&
          await page.locator('main h1').count() === 1 &&
          await page.locator('[data-job=running]').count() === 0)
        return;
    } catch { /* the page reloaded under us */ }
    if (Date.now() > end) throw new Error('the import job did not finish: ' + page.url());
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

test('a file with mistakes is checked, the mistakes listed, nothing imported', async () => {
  const file = join(dir, 'nguoi-co-loi.csv');
  writeFileSync(file, CSV);
  const ctx = await contextAs(browser, srv.base, 'admin');
  const page = await ctx.newPage();
  const trouble = watch(page);
  await page.goto(srv.base + '/');
  const before = await figures(page);
  assert.equal(before['CBCCVC-LĐ'], '300');

  await page.click('header nav a[href="/import"]');
  await page.waitForURL(srv.base + '/import');
  assert.equal(await page.textContent('main h1'), 'Nhập dữ liệu từ Excel hoặc CSV');
  await page.selectOption('select[name=kind]', 'people');
  await page.setInputFiles('input[type=file][name=file]', file);
  assert.equal(await page.isChecked('input[name=good_rows]'), false);
  const check = page.locator('button[name=mode][value=check]');
  assert.equal(await check.textContent(), 'Kiểm tra trước');
  await Promise.all([page.waitForURL(/\/import\/jobs\/\d+$/), check.click()]);
  await waitForJob(page);

  assert.equal(await page.textContent('main h1'), 'Kiểm tra tệp');
  assert.equal(await page.textContent('main .flash.err'),
    'Tệp có lỗi. Chưa có gì được ghi. Hãy sửa các dòng dưới đây rồi gửi lại.');
  assert.deepEqual(await page.$$eval('ul.summary li', (li) => li.map((x) => x.textContent)), [
    'Tệp: nguoi-co-loi.csv',
    'Số dòng dữ liệu: 6',
    'Dòng đúng: 2',
    'Số lỗi: 4',
  ]);
  const rows = await tableRows(page, 'table.issues');
  assert.equal(rows.length, EXPECTED.length, JSON.stringify(rows));
  for (const [i, [row, col, value, reason]] of EXPECTED.entries()) {
    assert.deepEqual(rows[i].slice(0, 3), [row, col, value], `mistake ${i + 1}`);
    assert.match(rows[i][3], reason, `reason of row ${row}`);
  }
  // the page no longer reloads itself, and offers to import the good rows
  assert.equal(await page.locator('meta[http-equiv=refresh]').count(), 0);
  assert.equal(await page.textContent('form.inline button'), 'Chỉ nhập 2 dòng đúng');

  // nothing written: the same figures, and the good row's name is unknown
  await page.goto(srv.base + '/');
  assert.deepEqual(await figures(page), before);
  await page.goto(srv.base + '/people?q=kiem+thu');
  assert.equal(await page.locator('table.list.people tbody tr').count(), 0);
  assert.equal(await page.textContent('.actions .count'), 'Tìm thấy 0 người');
  assert.deepEqual(serious(trouble), []);
  await ctx.close();
});
