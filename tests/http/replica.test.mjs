// replica.test.mjs: one PostgreSQL primary and one streaming replica,
// started here (scripts/pg-server).  thidua serves with both hosts in its
// connection string: reads go to the replica, writes to the primary; a
// browser that has just changed something reads from the primary for a
// while, so it sees its change; with the replica gone, reads fall back to
// the primary.  Runs in the PostgreSQL part of the suite.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, token, run } from '../lib/server.mjs';
import { PG } from '../lib/db.mjs';

const skip = !PG && 'runs in the PostgreSQL part of the suite';
let dir, primary, replica, srv, call;

function pgServer(...args) {
  return execFileSync('scripts/pg-server', args, { encoding: 'utf8' }).trim();
}

function psql(host, db, query) {
  return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d',
    `host=${host} dbname=${db} user=postgres`, '-c', query], { encoding: 'utf8' }).trim();
}

async function until(what, fn, ms = 15000) {
  const t0 = Date.now();
  for (;;) {
    if (await fn()) return;
    if (Date.now() - t0 > ms) throw new Error('timed out: ' + what);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

test.before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'thidua-replica-'));
  primary = join(dir, 'primary');
  replica = join(dir, 'replica');
  pgServer('start', primary);
  psql(primary, 'postgres', 'CREATE DATABASE thidua');
  const demo = run(['demo', '--pg', `host=${primary} dbname=thidua user=postgres`, '--people', '300', '--units', '8', '--seed', '7']);
  assert.equal(demo.status, 0, demo.stderr);
  pgServer('replica', replica, primary);
  await until('the replica has the demo', () => {
    try {
      return psql(replica, 'thidua', 'select count(*) from people') === '300';
    } catch {
      return false;
    }
  });
  // both hosts in one connection string: libpq chooses
  srv = await startServer({ db: `host=${primary},${replica} dbname=thidua user=postgres` });
  call = api(srv.base, token(`host=${primary} dbname=thidua user=postgres`, 'admin'));
  // the token was written on the primary: the replica has it a moment later
  await until('the replica has the token', async () => (await call('GET', '/api/v1/units/1')).status === 200);
});

test.after(async () => {
  if (skip) return;
  if (srv) await srv.stop();
  try { pgServer('stop', replica); } catch { /* gone already */ }
  pgServer('stop', primary);
  rmSync(dir, { recursive: true, force: true });
});

test('the server reads through connections to the replica and writes through connections to the primary', { skip }, async () => {
  assert.equal((await call('GET', '/api/v1/people?per=5')).status, 200);
  const apps = (host) => psql(host, 'postgres',
    "select application_name from pg_stat_activity where datname = 'thidua' and application_name like 'thidua%' order by 1")
    .split('\n').filter((x) => x);
  assert.ok(apps(replica).length > 0 && apps(replica).every((a) => a === 'thidua-read'), apps(replica).join());
  assert.ok(apps(primary).length > 0 && apps(primary).every((a) => a === 'thidua'), apps(primary).join());
});

test('a read is served by the replica: a change on the primary shows there once replayed; the browser that made it sees it at once', { skip }, async () => {
  // hold the replica back
  psql(replica, 'postgres', 'select pg_wal_replay_pause()');
  const s = await srv.login('admin');	// a POST: this browser now reads from the primary
  const p = await call('POST', '/api/v1/people', { full_name: 'Người Trên Bản Sao', gender: 'F', unit_code: 'CDCS-001' });
  assert.equal(p.status, 201, JSON.stringify(p.data));
  // the API client (no cookie) reads from the replica, which has not replayed it
  const before = await call('GET', '/api/v1/people?q=nguoi%20tren%20ban%20sao');
  assert.equal(before.status, 200);
  assert.deepEqual(before.data.people, []);
  // a page of the browser that wrote: from the primary
  const created = await s.postForm('/people', { family: 'Lê', middle: 'Văn', given: 'Mới', gender: 'M', unit: String(p.data.unit.id) });
  assert.equal(created.status, 303);
  const page = await s.text(created.headers.get('location'));
  assert.equal(page.status, 200);
  assert.match(page.text, /Lê Văn Mới/);
  // replayed: the replica has it
  psql(replica, 'postgres', 'select pg_wal_replay_resume()');
  await until('the replica replays', async () =>
    (await call('GET', '/api/v1/people?q=nguoi%20tren%20ban%20sao')).data.people.length === 1);
});

test('with the replica stopped, reads fall back to the primary', { skip }, async () => {
  pgServer('stop', replica);
  let r;
  await until('a read without the replica', async () => {
    r = await call('GET', '/api/v1/people?q=nguoi%20tren%20ban%20sao');
    return r.status === 200;
  }, 10000);
  assert.equal(r.data.people.length, 1);
  const f = await call('GET', '/api/v1/units/1/stats');
  assert.equal(f.status, 200);
  assert.equal(f.data.figures.people, 302);
});
