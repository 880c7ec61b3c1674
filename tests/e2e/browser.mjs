// browser.mjs: Debian's chromium driven by playwright-core, for the tests
// in this directory (run from the top of the tree:
//   node --test --test-concurrency=1 tests/e2e/*.test.mjs).
//
//   const b = await launch();
//   const ctx = await b.newContext();  const page = await ctx.newPage();
//   const trouble = watch(page);       // console errors, failed requests
//   await login(page, srv.base, 'admin');
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../lib/server.mjs';
export { startServer, DEMO_PASSWORD, run } from '../lib/server.mjs';
import { DEMO_PASSWORD, run } from '../lib/server.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const OUT = join(dirname(fileURLToPath(import.meta.url)), 'out');

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync',
      '--disable-quic'],
  });
}

export function outPath(name) {
  mkdirSync(OUT, { recursive: true });
  return join(OUT, name);
}

// Logs in through the form and waits for the dashboard.
export async function login(page, base, username, password = DEMO_PASSWORD) {
  await page.goto(base + '/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([
    page.waitForURL(base + '/'),
    page.click('section.login button[type=submit]'),
  ]);
}

// A new context already logged in as username (through the form, once per
// browser, server and user: Argon2 makes each login cost a good second).
const sessions = new Map();
export async function contextAs(browser, base, username, options = {}) {
  const key = `${base} ${username}`;
  if (!sessions.has(key)) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await login(page, base, username);
    sessions.set(key, await ctx.storageState());
    await ctx.close();
  }
  return browser.newContext({ ...options, storageState: sessions.get(key) });
}

// Collects what a user would never see but a page must not do: console
// errors (CSP violations among them), uncaught exceptions, requests that
// fail or answer with an error status.
export function watch(page) {
  const trouble = [];
  page.on('console', (m) => {
    if (m.type() === 'error')
      trouble.push(`console: ${m.text()}` + (m.location()?.url ? ` at ${m.location().url}` : ''));
  });
  page.on('pageerror', (e) => trouble.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) =>
    trouble.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) trouble.push(`status ${r.status()}: ${r.url()}`);
  });
  return trouble;
}

// The trouble of watch() that concerns the page itself: the icon is fetched
// lazily, and a navigation may abort it, which is no failure of the page.
export function serious(trouble) {
  return trouble.filter((t) => !/(favicon\.ico|icon\.svg) net::ERR_ABORTED$/.test(t));
}

// Diacritic-blind, lower-case form of a name, as a user would type it.
export function fold(s) {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd')
    .toLowerCase().replace(/\s+/g, ' ').trim();
}

// The rows of a table.list as arrays of cell texts.
export function tableRows(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
}

// The dashboard figures as {label: text}.
export function figures(page) {
  return page.$$eval('.figs .fig', (figs) => Object.fromEntries(figs.map((f) =>
    [f.querySelector('.label').textContent.trim(), f.querySelector('strong').textContent.trim()])));
}

// The units of the demo database as the CLI exports them (an oracle
// independent of the web pages): [{code, name, parent, people, members,
// women, womenMembers}].
export function exportUnits(db) {
  const r = run(['export', 'units', '--format', 'csv', '--db', db]);
  if (r.status !== 0) throw new Error('export units: ' + r.stderr);
  return parseCsv(r.stdout.replace(/^\uFEFF/, '')).slice(1).map((c) => {
    return { code: c[0], name: c[1], parent: c[5], people: +c[7],
      members: +c[8], women: +c[9], womenMembers: +c[10] };
  });
}

// RFC 4180 fields: quotes, doubled quotes, commas and newlines in quotes.
export function parseCsv(text) {
  const rows = [];
  let row = [], f = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { f += '"'; i++; }
      else if (ch === '"') q = false;
      else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(f); f = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(f); rows.push(row); row = []; f = '';
    } else f += ch;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}

// The people of the demo database as the CLI exports them: one object per
// row, keyed by the Vietnamese column headers.
export function exportPeople(db) {
  const r = run(['export', 'people', '--format', 'csv', '--db', db]);
  if (r.status !== 0) throw new Error('export people: ' + r.stderr);
  const [head, ...rows] = parseCsv(r.stdout.replace(/^\uFEFF/, ''));
  return rows.map((c) => Object.fromEntries(head.map((h, i) => [h, c[i]])));
}

// The fixture of every browser test file: a demo server and a browser for
// the whole file.  set(srv, browser) is called once both are up.
export function useServerAndBrowser(set, opts = { people: 300, units: 8, seed: 7 }) {
  let srv, browser;
  before(async () => {
    srv = await startServer(opts);
    browser = await launch();
    set(srv, browser);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });
}
