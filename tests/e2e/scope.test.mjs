// A chair of one CĐCS cannot open a person of another CĐCS by guessing
// the address: the page says not found and shows none of the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, contextAs, watch, serious, fold } from './browser.mjs';

let srv, browser;
useServerAndBrowser((s, b) => { srv = s; browser = b; });

// As admin: the unit of a code, one person of it with the facts its page
// shows.
async function personOf(page, code) {
  await page.goto(srv.base + '/units/1');
  const unit = page.locator('table.list tbody tr', { has: page.locator(`small.code:text-is("${code}")`) });
  assert.equal(await unit.count(), 1, `unit ${code} under the root`);
  const href = await unit.locator('td a').first().getAttribute('href');
  const unitName = await unit.locator('td a').first().textContent();
  const unitId = href.match(/^\/units\/(\d+)$/)[1];
  await page.goto(`${srv.base}/people?unit=${unitId}`);
  const a = page.locator('table.list.people td.name a').first();
  const path = await a.getAttribute('href');
  await page.goto(srv.base + path);
  const facts = await page.$$eval('dl.facts dd', (dd) => dd.map((d) => d.textContent));
  return { path, unitName, name: await page.textContent('main h1'), code: facts[0],
    birth: facts[5], facts };
}

test('a chair cannot open a person of another CĐCS', async () => {
  const admin = await contextAs(browser, srv.base, 'admin');
  const ap = await admin.newPage();
  const other = await personOf(ap, 'CDCS-002');
  const own = await personOf(ap, 'CDCS-001');
  assert.match(other.code, /^CB\d+$/);
  assert.match(other.birth, /^\d\d\/\d\d\/\d{4}$/);
  await admin.close();

  const ctx = await contextAs(browser, srv.base, 'chutich');
  const page = await ctx.newPage();
  const trouble = watch(page);
  await page.goto(srv.base + '/');
  assert.equal(await page.textContent('main h1'), own.unitName, 'the chair\'s dashboard');

  // the chair's own people open (so the refusal below is about scope)
  let r = await page.goto(srv.base + own.path);
  assert.equal(r.status(), 200);
  assert.equal(await page.textContent('main h1'), own.name);

  // another CĐCS's person: 404, and nothing of them on the page
  r = await page.goto(srv.base + other.path);
  assert.equal(r.status(), 404);
  assert.equal(await page.textContent('main h1'), 'Không tìm thấy');
  assert.equal(await page.locator('dl.facts').count(), 0);
  const html = await page.content();
  for (const s of [other.name, other.code, other.birth])
    assert.ok(!html.includes(s), `the page shows "${s}"`);
  // the same answer as for an id nobody has: no hint that the person exists
  const main = await page.innerHTML('main');
  r = await page.goto(srv.base + '/people/99999999');
  assert.equal(r.status(), 404);
  assert.equal(await page.innerHTML('main'), main);
  // nor through its edit form, nor in a search for the name
  r = await page.goto(srv.base + other.path + '/edit');
  assert.equal(r.status(), 404);
  assert.ok(!(await page.content()).includes(other.name));
  await page.goto(`${srv.base}/people?q=${encodeURIComponent(fold(other.name))}&active=any`);
  const found = await page.$$eval('table.list.people td.name a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(!found.includes(other.path), `search lists ${other.path}`);
  const units = await page.$$eval('table.list.people td[data-label="Đơn vị"]', (td) => td.map((x) => x.textContent));
  assert.ok(units.every((u) => u !== other.unitName), JSON.stringify(units));
  // the two 404s above are the point of this test; nothing else went wrong
  assert.deepEqual(serious(trouble).filter((t) => !t.includes(other.path) &&
    !t.includes('/people/99999999')), []);
  await ctx.close();
});
