// The people list on a phone and on a desktop: screenshots to look at in
// tests/e2e/out/, no horizontal scrolling at 360 px, and a clean console
// (CSP violations show there as errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, contextAs, watch, serious, outPath } from './browser.mjs';

let srv, browser;
useServerAndBrowser((s, b) => { srv = s; browser = b; });

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2,
  isMobile: true, hasTouch: true, locale: 'vi-VN' };
const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'vi-VN' };

async function peopleList(options, shot) {
  const ctx = await contextAs(browser, srv.base, 'admin', options);
  const page = await ctx.newPage();
  const trouble = watch(page);
  await page.goto(srv.base + '/people');
  assert.equal(await page.textContent('main h1'), 'Người lao động');
  assert.equal(await page.textContent('.actions .count'), 'Tìm thấy 300 người');
  assert.equal(await page.locator('table.list.people tbody tr').count() > 0, true);
  await page.screenshot({ path: outPath(shot + '.png') });
  await page.waitForLoadState('networkidle');
  return { ctx, page, trouble };
}

// Elements wider than the viewport or sticking out of it on the right.
function overflowing(page, width) {
  return page.$$eval('body *', (els, w) => els.filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > w + 0.5;
  }).map((e) => `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''}: right ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 10), width);
}

test('people list at 360 px: no horizontal scroll, no errors', async () => {
  const { ctx, page, trouble } = await peopleList(PHONE, 'people-360');
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(sw <= 360, `scrollWidth ${sw} > 360: ${JSON.stringify(await overflowing(page, 360))}`);
  // people become compact cards: no header row; the name on a line of its
  // own, then gender · birth date · position · membership, then the unit
  assert.equal(await page.isVisible('table.list.people thead'), false);
  const card = await page.$eval('table.list.people tbody tr', (tr) => {
    const box = (sel) => tr.querySelector(sel).getBoundingClientRect();
    const name = box('td.name'), gender = box('td[data-label="Giới tính"]'),
      birth = box('td[data-label="Ngày sinh"]'), unit = box('td.unit');
    return { nameAbove: name.bottom <= gender.top + 1, sameLine: Math.abs(gender.top - birth.top) < 2,
      unitBelow: unit.top >= birth.bottom - 1, height: tr.getBoundingClientRect().height,
      member: getComputedStyle(tr.querySelector('td[data-label="Đoàn viên"]'), '::before').content };
  });
  assert.deepEqual({ ...card, height: undefined }, { nameAbove: true, sameLine: true, unitBelow: true,
    height: undefined, member: '"· Đoàn viên: "' });
  assert.ok(card.height < 110, `a card is ${card.height}px tall`);
  // the search box is at least as wide as half the screen and reachable
  const box = await page.locator('input[name=q]').boundingBox();
  assert.ok(box.width >= 180 && box.x >= 0 && box.x + box.width <= 360, JSON.stringify(box));
  // the missing /favicon.ico has a test of its own below
  assert.deepEqual(serious(trouble), []);
  await ctx.close();
});

test('people list on a desktop: a real table, no errors', async () => {
  const { ctx, page, trouble } = await peopleList(DESKTOP, 'people-desktop');
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(sw <= 1280, `scrollWidth ${sw}`);
  assert.deepEqual(await page.$$eval('table.list.people thead th', (th) => th.map((x) => x.textContent)),
    ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Chức vụ', 'Đơn vị', 'Đoàn viên']);
  assert.equal(await page.isVisible('table.list.people thead'), true);
  // the missing /favicon.ico has a test of its own below
  assert.deepEqual(serious(trouble), []);
  await ctx.close();
});

test('other pages fit a 360 px screen', async () => {
  const ctx = await contextAs(browser, srv.base, 'admin', PHONE);
  const page = await ctx.newPage();
  await page.goto(srv.base + '/');
  const first = await page.getAttribute('table.list tbody td a', 'href');
  await page.goto(srv.base + '/people');
  const person = await page.getAttribute('table.list.people td.name a', 'href');
  const wide = {};
  for (const path of ['/', first, '/people', person, '/import', '/audit', '/people/new', '/people/999999']) {
    await page.goto(srv.base + path);
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    if (sw > 360) wide[path] = { scrollWidth: sw, culprits: await overflowing(page, 360) };
  }
  assert.deepEqual(wide, {});
  await ctx.close();
});

// Chromium asks every site for an icon; without one each page logs a 404
// in the console and the access log.
test('the site has an icon, so browsers log no 404 for it', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(srv.base + '/login');
  const link = page.locator('link[rel~=icon]');
  const declared = await link.count() ? await link.first().getAttribute('href') : null;
  const icon = new URL(declared || '/favicon.ico', srv.base).href;
  const r = await page.request.get(icon);
  assert.equal(r.status(), 200, `GET ${icon}`);
  await ctx.close();
});
