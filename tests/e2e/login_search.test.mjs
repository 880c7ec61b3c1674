// Logging in through the form, the dashboard, searching a name typed
// without diacritics, and both without JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, login, contextAs, watch, fold, figures, tableRows,
  exportUnits, exportPeople, serious } from './browser.mjs';

let srv, browser;
useServerAndBrowser((s, b) => { srv = s; browser = b; });

test('admin logs in through the form and sees the dashboard', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const trouble = watch(page);

  // the root and its figures, as the command line exports them
  const units = exportUnits(srv.db);
  const root = units.find((u) => u.parent === '');
  assert.equal(root.people, 300);
  const leaders = exportPeople(srv.db).filter((p) => p['Lãnh đạo, quản lý'] === 'Có').length;

  await page.goto(srv.base + '/');
  assert.equal(new URL(page.url()).pathname, '/login', 'anonymous goes to the login page');
  assert.equal(await page.textContent('h1'), 'Đăng nhập');
  await login(page, srv.base, 'admin');

  assert.equal(await page.title(), 'Tổng quan · Thi đua – Khen thưởng');
  assert.equal(await page.textContent('main h1'), root.name);
  assert.equal(await page.textContent('header .who'), 'Quản trị hệ thống');
  assert.equal(await page.getAttribute('header nav a[aria-current=page]', 'href'), '/');
  const grassroots = units.filter((u) => u.parent === root.code).length;
  assert.equal(grassroots, 8);
  assert.deepEqual(await figures(page), {
    'Đơn vị': String(units.length),
    'Công đoàn cơ sở': '8',
    'CBCCVC-LĐ': '300',
    'Đoàn viên': String(root.members),
    'Nữ': String(root.women),
    'Lãnh đạo, quản lý': String(leaders),
  });
  assert.equal(await page.textContent('.figs .fig:nth-child(4) small'),
    `${root.members}/300 người`);
  // one row per grassroots union under the root, with its people
  const rows = await tableRows(page, 'main table.list');
  assert.deepEqual(rows.map((r) => [r[0], r[1]]).sort(),
    units.filter((u) => u.parent === root.code).map((u) => [u.name, String(u.people)]).sort());
  assert.deepEqual(serious(trouble), []);
  await ctx.close();
});

test('a wrong password is refused with a message', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(srv.base + '/login');
  await page.fill('input[name=username]', 'canbo');
  await page.fill('input[name=password]', 'not-the-password');
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url() === srv.base + '/login' && r.request().method() === 'POST'),
    page.click('section.login button[type=submit]'),
  ]);
  assert.equal(resp.status(), 401);
  assert.equal(await page.textContent('section.login .flash.err'),
    'Tên đăng nhập hoặc mật khẩu không đúng.');
  assert.equal(await page.inputValue('input[name=username]'), 'canbo');
  assert.equal((await ctx.cookies()).filter((c) => c.name === 'thidua_sid').length, 0);
  await ctx.close();
});

test('a name typed without diacritics finds the Vietnamese name', async (t) => {
  const ctx = await contextAs(browser, srv.base, 'admin');
  const page = await ctx.newPage();
  const trouble = watch(page);
  await page.goto(srv.base + '/');
  await page.click('header nav a[href="/people"]');
  await page.waitForURL(srv.base + '/people');

  // a real person from the list, preferably one whose name has a đ and
  // tone marks, so that folding changes it
  const names = await page.$$eval('table.list.people td.name a', (as) => as.map((a) => a.textContent));
  assert.equal(names.length > 10, true, 'the first page lists people');
  const pick = names.find((n) => /[đĐ]/.test(n) && /[\u0300-\u0323]/.test(n.normalize('NFD').replace(/[đĐ]/g, '')))
    || names.find((n) => fold(n) !== n.toLowerCase());
  assert.ok(pick, 'a name with diacritics on the first page');
  const typed = fold(pick);
  assert.notEqual(typed, pick.toLowerCase());
  assert.match(typed, /^[a-z ]+$/);
  t.diagnostic(`typing "${typed}" to find "${pick}"`);

  await page.fill('input[name=q]', typed);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('q') === typed),
    page.press('input[name=q]', 'Enter'),
  ]);
  assert.equal(await page.inputValue('input[name=q]'), typed, 'the query stays in the box');
  const found = await page.$$eval('table.list.people td.name a', (as) => as.map((a) => a.textContent));
  assert.ok(found.includes(pick), `"${typed}" finds "${pick}" among ${JSON.stringify(found)}`);
  // every result has every word of the query (the last may be a prefix)
  const words = typed.split(' ');
  for (const n of found) {
    const f = fold(n).split(' ');
    for (const [i, w] of words.entries())
      assert.ok(f.some((x) => (i === words.length - 1 ? x.startsWith(w) : x === w)),
        `"${n}" matches "${typed}"`);
  }
  assert.equal(await page.textContent('.actions .count'), `Tìm thấy ${found.length} người`);

  // the same in upper case, and a name nobody has
  await page.goto(`${srv.base}/people?q=${encodeURIComponent(typed.toUpperCase())}`);
  assert.deepEqual(await page.$$eval('table.list.people td.name a', (as) => as.map((a) => a.textContent)), found);
  await page.fill('input[name=q]', 'zzkhongaiten');
  await Promise.all([page.waitForURL(/q=zzkhongaiten/), page.click('form.filters button[type=submit]')]);
  assert.equal(await page.$$eval('table.list.people tbody tr', (t) => t.length), 0);
  assert.equal(await page.textContent('main p.muted'), 'Không tìm thấy ai khớp với từ khóa.');
  assert.deepEqual(serious(trouble), []);
  await ctx.close();
});

// The pages work without JavaScript: log in and search with scripts off.
test('without JavaScript: log in, search, open a person', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const probe = await ctx.newPage();
  await probe.setContent('<title>off</title><script>document.title = "on"</script>');
  assert.equal(await probe.title(), 'off', 'scripts are off in this context');
  await probe.close();
  const page = await ctx.newPage();
  const trouble = watch(page);
  await login(page, srv.base, 'canbo');
  assert.ok((await page.textContent('main h1')).length > 0);
  await page.click('header nav a[href="/people"]');
  await page.waitForURL(srv.base + '/people');

  const first = await page.textContent('table.list.people td.name a');
  const typed = fold(first);
  await page.fill('input[name=q]', typed);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('q') === typed),
    page.click('form.filters button[type=submit]'),
  ]);
  const found = await page.$$eval('table.list.people td.name a', (as) => as.map((a) => a.textContent));
  assert.ok(found.includes(first), `"${typed}" finds "${first}" in ${JSON.stringify(found)}`);

  // a filter too: the same search among women only lists women
  // the filters fold away in a <details>, which opens without JavaScript
  await page.click('details.more > summary');
  await page.selectOption('select[name=gender]', 'F');
  await Promise.all([page.waitForURL(/gender=F/), page.click('details.more button[type=submit]')]);
  const genders = await page.$$eval('table.list.people td[data-label="Giới tính"]', (td) => td.map((x) => x.textContent));
  assert.ok(genders.every((g) => g === 'Nữ'), JSON.stringify(genders));

  // and the person page, then logging out with the header's button
  await page.goto(srv.base + '/people?q=' + encodeURIComponent(typed));
  await Promise.all([page.waitForURL(/\/people\/\d+$/), page.click(`table.list.people td.name a:text-is("${first}")`)]);
  assert.equal(await page.textContent('main h1'), first);
  await Promise.all([page.waitForURL(srv.base + '/login'), page.click('form.logout button')]);
  await page.goto(srv.base + '/people');
  assert.equal(new URL(page.url()).pathname, '/login', 'logged out');
  assert.deepEqual(serious(trouble), []);
  await ctx.close();
});
