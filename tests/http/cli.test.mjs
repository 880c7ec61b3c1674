// cli.test.mjs: the command line: help and usage, exit statuses (0 done,
// 1 failed, 2 bad usage), init, user, token, export, backup while
// serving, and serve's refusals and graceful stop.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, api, token, BIN } from '../lib/server.mjs';
import { sqlInt, sql } from './helpers.mjs';
import { newDb, PG } from '../lib/db.mjs';

const COMMANDS = ['serve', 'init', 'demo', 'user', 'token', 'import', 'export', 'backup'];
let tmp;
let srv;	// a server on demo data, for the commands that need one

// The environment without THIDUA_DB / THIDUA_PASSWORD from outside.
function env(extra = {}) {
  const e = { ...process.env, ...extra };
  if (!('THIDUA_DB' in extra)) delete e.THIDUA_DB;
  if (!('THIDUA_PG' in extra)) delete e.THIDUA_PG;
  if (!('THIDUA_PASSWORD' in extra)) delete e.THIDUA_PASSWORD;
  return e;
}

function cli(args, { input = '', extraEnv = {}, timeout = 20000 } = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: env(extraEnv), timeout });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

test.before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'thidua-cli-'));
  srv = await startServer({ people: 120, units: 4 });
});

test.after(async () => {
  await srv.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test('thidua --help: exit 0, the list of commands on stdout', () => {
  for (const flag of ['--help', '-h', 'help']) {
    const r = cli([flag]);
    assert.equal(r.status, 0, flag);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^usage: thidua COMMAND \[OPTIONS\]\n/);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`\\n  ${c} +\\S`), c);
  }
});

test('thidua COMMAND --help: exit 0, its usage on stdout', () => {
  for (const c of COMMANDS) {
    const r = cli([c, '--help']);
    assert.equal(r.status, 0, c);
    assert.equal(r.stderr, '', c);
    assert.ok(r.stdout.startsWith(`usage: thidua ${c}`), `${c}: ${r.stdout}`);
  }
  assert.match(cli(['serve', '--help']).stdout, /--db PATH/);
  assert.match(cli(['serve', '--help']).stdout, /--listen ADDR:PORT/);
  assert.match(cli(['demo', '--help']).stdout, /--people N/);
  assert.match(cli(['import', '--help']).stdout, /--dry-run/);
  assert.match(cli(['export', '--help']).stdout, /--format xlsx\|csv/);
  assert.match(cli(['user', '--help']).stdout, /user add USER --role ROLE --unit CODE/);
  const h = cli(['user', '-h']);
  assert.equal(h.status, 0);
  assert.ok(h.stdout.startsWith('usage: thidua user'));
});

test('bad usage: exit 2 with the usage or a one-line reason on stderr, nothing on stdout', () => {
  const cases = [
    [],
    ['frobnicate'],
    ['serve', '--bogus'],
    ['serve', 'extra-arg'],
    ['serve', '--threads', 'many'],
    ['init', 'extra'],
    ['demo', '--people', 'abc'],
    ['demo', '--units', '-3'],
    ['user'],
    ['user', 'frob', 'x'],
    ['user', 'add', 'bob'],
    ['user', 'add', 'bob', '--role', 'king', '--unit', 'CDVC'],
    ['token'],
    ['import'],
    ['import', 'people'],
    ['import', 'things', 'f.csv'],
    ['export'],
    ['export', 'people', '--format', 'pdf'],
    ['export', 'things'],
    ['backup'],
    ['backup', 'a', 'b'],
  ];
  for (const args of cases) {
    const r = cli([...args, ...(args.length && args[0] !== 'frobnicate' ? ['--db', srv.db] : [])]);
    assert.equal(r.status, 2, `thidua ${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', args.join(' '));
    assert.ok(r.stderr.trim().length > 0, args.join(' '));
  }
  assert.match(cli(['frobnicate']).stderr, /^thidua: unknown command 'frobnicate'/);
});

test('the demo is deterministic for a seed', () => {
  // the server's database was made by `demo --people 120 --units 4 --seed 7`
  // and nothing has written to it yet
  const a = newDb(tmp, 'demo-a');
  const r = cli(['demo', '--db', a, '--people', '120', '--units', '4', '--seed', '7']);
  assert.equal(r.status, 0, r.stderr);
  const q = 'select code, full_name, gender, birth_date, unit_path, is_member, is_leader from people order by id';
  assert.deepEqual(sql(a, q), sql(srv.db, q));
  assert.deepEqual(sql(a, 'select code, name, path from units order by id'), sql(srv.db, 'select code, name, path from units order by id'));
  assert.equal(sqlInt(a, 'select count(*) from people'), 120);
  assert.equal(sqlInt(a, "select count(*) from units where kind = 'grassroots'"), 4);
  const again = cli(['demo', '--db', a]);
  assert.equal(again.status, 1);
  assert.equal(again.stderr.trim(), PG ? 'thidua demo: the database already has data' : `thidua demo: ${a} already exists`);
});

// No unit in a database (PostgreSQL: a failed init leaves its database,
// with tables but no data).
function noUnits(db) {
  try {
    return sqlInt(db, 'select count(*) from units') === 0;
  } catch {
    return true;	/* no tables at all */
  }
}

let moi;	// the database the init test makes

test('init with $THIDUA_PASSWORD creates a database with a root unit and an administrator', async () => {
  const db = moi = newDb(tmp, 'moi');
  const r = cli(['init', '--db', db], { extraEnv: { THIDUA_PASSWORD: 'mat-khau-moi-1' } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `created ${db} with root unit "Công đoàn Viên chức tỉnh" and administrator "admin"\n`);
  assert.ok(PG || existsSync(db));
  assert.deepEqual(sql(db, 'select code, kind, coalesce(parent_id, 0) from units'), [['ROOT', 'province', '0']]);
  assert.equal(sqlInt(db, 'select count(*) from people'), 0);
  const l = cli(['user', 'list', '--db', db]);
  assert.equal(l.status, 0);
  assert.equal(l.stdout.trim().split('\n').length, 1);
  assert.match(l.stdout, /^admin +active +admin +Công đoàn Viên chức tỉnh\n$/);
  // not over an existing database
  const again = cli(['init', '--db', db], { extraEnv: { THIDUA_PASSWORD: 'mat-khau-moi-1' } });
  assert.equal(again.status, 1);
  assert.equal(again.stderr.trim(), PG ? 'thidua init: the database already has units' : `thidua init: ${db} already exists`);
  // the password may come on stdin
  const db2 = newDb(tmp, 'stdin');
  const s = cli(['init', '--db', db2, '--root', 'Công đoàn ngành Giáo dục', '--admin', 'quantri'], { input: 'mat-khau-tu-stdin\n' });
  assert.equal(s.status, 0, s.stderr);
  assert.match(cli(['user', 'list', '--db', db2]).stdout, /^quantri +active +admin +Công đoàn ngành Giáo dục\n$/);
  // without a password: exit 1, and no database left behind
  const db3 = newDb(tmp, 'nopw');
  const n = cli(['init', '--db', db3]);
  assert.equal(n.status, 1);
  assert.match(n.stderr, /THIDUA_PASSWORD/);
  assert.ok(PG ? noUnits(db3) : !existsSync(db3));
  // a password too short: exit 1, nothing left behind
  const db4 = newDb(tmp, 'short');
  const sh = cli(['init', '--db', db4], { extraEnv: { THIDUA_PASSWORD: 'x' } });
  assert.equal(sh.status, 1);
  assert.match(sh.stderr, /Mật khẩu cần ít nhất 8 ký tự/);
  assert.ok(PG ? noUnits(db4) : !existsSync(db4));
  // THIDUA_DB (or THIDUA_PG) names the database when --db is absent
  const e = cli(['user', 'list'], { extraEnv: PG ? { THIDUA_PG: db } : { THIDUA_DB: db } });
  assert.equal(e.status, 0);
  assert.match(e.stdout, /^admin /);
});

test('user add, list, passwd; the new password logs in and the old one does not', async () => {
  const db = moi;	// made by the init test
  const a = cli(['user', 'add', 'bichngoc', '--role', 'officer', '--unit', 'ROOT', '--name', 'Nguyễn Bích Ngọc', '--db', db],
    { extraEnv: { THIDUA_PASSWORD: 'mat-khau-cu-123' } });
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, 'added bichngoc (officer of Công đoàn Viên chức tỉnh)\n');
  const l = cli(['user', 'list', '--db', db]);
  assert.deepEqual(l.stdout.trim().split('\n').map((x) => x.split(/ {2,}/).slice(0, 3)),
    [['admin', 'active', 'admin'], ['bichngoc', 'active', 'officer']]);
  // a second time: refused
  const dup = cli(['user', 'add', 'bichngoc', '--role', 'viewer', '--unit', 'ROOT', '--db', db], { extraEnv: { THIDUA_PASSWORD: 'mat-khau-cu-123' } });
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /^thidua user add: /);
  const nounit = cli(['user', 'add', 'x', '--role', 'viewer', '--unit', 'KHONG-CO', '--db', db], { extraEnv: { THIDUA_PASSWORD: 'mat-khau-cu-123' } });
  assert.equal(nounit.status, 1);
  assert.equal(nounit.stderr.trim(), 'thidua user add: no unit with code KHONG-CO');
  const p = cli(['user', 'passwd', 'bichngoc', '--db', db], { input: 'mat-khau-moi-456\n' });
  assert.equal(p.status, 0, p.stderr);
  const nouser = cli(['user', 'passwd', 'khongco', '--db', db], { extraEnv: { THIDUA_PASSWORD: 'mat-khau-moi-456' } });
  assert.equal(nouser.status, 1);
  assert.equal(nouser.stderr.trim(), 'thidua user passwd: no such user');
  // log in on a server of that database
  const s = await startServer({ db });
  try {
    const bad = await s.anon().postForm('/login', { username: 'bichngoc', password: 'mat-khau-cu-123' }, { csrf: false });
    assert.equal(bad.status, 401);
    const ok = await s.login('bichngoc', 'mat-khau-moi-456');
    const me = await (await ok.get('/api/v1/me')).json();
    assert.equal(me.display_name, 'Nguyễn Bích Ngọc');
    assert.deepEqual(me.roles.map((x) => x.role), ['officer']);
  } finally {
    await s.stop();
  }
});

test('token: prints a bearer token that opens the API; unknown user exit 1', async () => {
  const r = cli(['token', 'xem', '--name', 'thử nghiệm', '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  const t = r.stdout.trim();
  assert.match(t, /^thd_[0-9a-f]{32,}$/);
  const me = await api(srv.base, t)('GET', '/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.data.username, 'xem');
  const n = cli(['token', 'khongco', '--db', srv.db]);
  assert.equal(n.status, 1);
  assert.equal(n.stderr.trim(), 'thidua token: no such user');
  assert.equal(n.stdout, '');
});

test('export: CSV to stdout, XLSX to a file; unknown unit exit 1', () => {
  const c = cli(['export', 'people', '--format', 'csv', '--unit', 'CDCS-001', '--db', srv.db]);
  assert.equal(c.status, 0, c.stderr);
  const lines = c.stdout.replace(/^\ufeff/, '').trim().split(/\r?\n/);
  assert.match(lines[0], /^Mã,Họ và tên,/);
  const path = sql(srv.db, "select path from units where code = 'CDCS-001'")[0][0];
  // the CLI exports everybody of the subtree, those who left included
  assert.equal(lines.length - 1, sqlInt(srv.db, `select count(*) from people where unit_path like '${path}%'`));
  const out = join(tmp, 'units.xlsx');
  const x = cli(['export', 'units', '--output', out, '--db', srv.db]);
  assert.equal(x.status, 0, x.stderr);
  assert.equal(x.stdout, '');
  assert.equal(readFileSync(out).subarray(0, 2).toString(), 'PK');
  const u = cli(['export', 'people', '--unit', 'KHONG-CO', '--db', srv.db]);
  assert.equal(u.status, 1);
  assert.equal(u.stderr.trim(), 'thidua export: no unit with code KHONG-CO');
});

test('import units from a CSV, and a missing file', () => {
  const f = join(tmp, 'units.csv');
  writeFileSync(f, 'Mã đơn vị,Tên đơn vị,Loại đơn vị,Khối,Mã đơn vị cấp trên\nCDCS-CLI,Công đoàn Sở Thông tin,Công đoàn cơ sở,Hành chính,CDVC\n');
  const d = cli(['import', 'units', f, '--dry-run', '--db', srv.db]);
  assert.equal(d.status, 0, d.stderr);
  assert.equal(d.stdout.trim(), '1 rows, 1 valid, 0 problems; dry run, nothing written: 1 created, 0 updated, 0 unchanged');
  assert.equal(sqlInt(srv.db, "select count(*) from units where code = 'CDCS-CLI'"), 0);
  const w = cli(['import', 'units', f, '--db', srv.db]);
  assert.equal(w.status, 0, w.stderr);
  assert.equal(sqlInt(srv.db, "select count(*) from units where code = 'CDCS-CLI'"), 1);
  const again = cli(['import', 'units', f, '--db', srv.db]);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /0 created, 0 updated, 1 unchanged/);
  const m = cli(['import', 'people', join(tmp, 'khong-co.csv'), '--db', srv.db]);
  assert.equal(m.status, 1);
  assert.match(m.stderr, /khong-co\.csv/);
});

test('backup while the server runs: an intact copy with the same people', async () => {
  const out = join(tmp, 'backup.db');
  const r = cli(['backup', out, '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `backed up ${srv.db} to ${out}\n`);
  assert.deepEqual(sql(out, 'pragma integrity_check'), [['ok']]);
  assert.equal(sqlInt(out, 'select count(*) from people'), sqlInt(srv.db, 'select count(*) from people'));
  assert.equal(sqlInt(out, 'select count(*) from units'), sqlInt(srv.db, 'select count(*) from units'));
  // while people are being added
  const call = api(srv.base, token(srv.db, 'admin'));
  const before = sqlInt(srv.db, 'select count(*) from people');
  const out2 = join(tmp, 'backup2.db');
  const writes = (async () => {
    for (let i = 0; i < 40; i++) {
      const p = await call('POST', '/api/v1/people', { full_name: `Người Sao Lưu ${String.fromCharCode(65 + (i % 26))}`, gender: 'M', unit_code: 'CDCS-001' });
      assert.equal(p.status, 201);
    }
  })();
  const b = await new Promise((ok) => execFile(BIN, ['backup', out2, '--db', srv.db], { env: env() },
    (err, stdout, stderr) => ok({ code: err ? err.code : 0, stderr })));
  await writes;
  assert.equal(b.code, 0, b.stderr);
  assert.deepEqual(sql(out2, 'pragma integrity_check'), [['ok']]);
  const n = sqlInt(out2, 'select count(*) from people');
  assert.ok(n >= before && n <= before + 40, `${n}`);
  // the copy is consistent: its figures match its rows
  assert.equal(sqlInt(out2, 'select people from unit_stats where unit_id = 1'), sqlInt(out2, 'select count(*) from people where active = 1'));
  // not over an existing file
  const again = cli(['backup', out, '--db', srv.db]);
  assert.equal(again.status, 1);
  assert.equal(again.stderr.trim(), `thidua backup: ${out} already exists`);
});

test('migrate-store: SQLite to PostgreSQL (or SQLite) and back: every row, counted; the copy serves and takes new people', async () => {
  const a = join(tmp, 'mig-src.db');
  assert.equal(cli(['demo', '--db', a, '--people', '200', '--units', '5', '--seed', '3']).status, 0);
  const mid = PG ? newDb(tmp, 'mig') : join(tmp, 'mig-mid.db');
  const r = cli(['migrate-store', '--from', a, '--to', mid, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `copied ${a} to ${mid}; rows, counted on both sides:\n`
    + '  units         9\n  unit_stats    9\n  people        200\n  person_units  200\n'
    + '  users         5\n  roles         5\n  sessions      0\n  api_tokens    0\n  audit         5\n');
  const back = join(tmp, 'mig-back.db');
  const b = cli(['migrate-store', '--from', mid, '--to', back]);
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stderr, /people: 200 rows/);
  for (const q of ['select id, code, full_name, unit_path, sort_key, birth_date, is_member from people order by id',
    'select id, parent_id, path, code, name from units order by id',
    'select * from unit_stats order by unit_id', 'select username, password_hash from users order by id']) {
    assert.deepEqual(sql(back, q), sql(a, q), q);
  }
  // the same searches and exports from every copy
  for (const db of [a, mid, back]) {
    const e = cli(['export', 'people', '--format', 'csv', '--db', db]);
    assert.equal(e.status, 0, e.stderr);
    assert.equal(e.stdout, cli(['export', 'people', '--format', 'csv', '--db', a]).stdout);
  }
  // the indexes built after the rows are the ones a new store has
  if (PG) {
    const fresh = newDb(tmp, 'mig-fresh');
    assert.equal(cli(['init', '--db', fresh], { extraEnv: { THIDUA_PASSWORD: 'mat-khau-moi-1' } }).status, 0);
    const q = "select indexname || ': ' || regexp_replace(indexdef, ' ON [a-z_.]+', '') from pg_indexes where schemaname = current_schema() order by 1";
    const made = sql(mid, q);
    assert.ok(made.some(([d]) => /^people_words: CREATE INDEX people_words USING gin \(words\)$/.test(d)), JSON.stringify(made));
    assert.deepEqual(made, sql(fresh, q));
    // and its foreign keys, checked after the rows
    const fk = "select conrelid::regclass || ' ' || conname || ': ' || pg_get_constraintdef(oid) from pg_constraint where contype = 'f' and connamespace = current_schema()::regnamespace order by 1";
    assert.ok(sql(mid, fk).length >= 5, JSON.stringify(sql(mid, fk)));
    assert.deepEqual(sql(mid, fk), sql(fresh, fk));
  }
  // not into a database that has data; not from one that does not exist
  const again = cli(['migrate-store', '--from', a, '--to', mid]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^thidua migrate-store: the destination already has data \(9 units\)/);
  assert.equal(cli(['migrate-store', '--from', join(tmp, 'khong-co.db'), '--to', join(tmp, 'x.db')]).status, 1);
  assert.equal(cli(['migrate-store', '--from', a]).status, 2);
  // the copy serves, and new rows get new ids
  const s2 = await startServer({ db: mid });
  try {
    const call = api(s2.base, token(mid, 'admin'));
    const p = await call('POST', '/api/v1/people', { full_name: 'Người Sau Chuyển', gender: 'F', unit_code: 'CDCS-001' });
    assert.equal(p.status, 201, JSON.stringify(p.data));
    assert.equal(p.data.id, 201);
    const f = await call('GET', '/api/v1/people?q=nguoi%20sau%20chuyen');
    assert.deepEqual(f.data.people.map((x) => x.id), [201]);
  } finally {
    await s2.stop();
  }
});

test('migrate-store into PostgreSQL, over two connections: a row it refuses empties the destination again; a copy that did not finish is refused', { skip: !PG && 'PostgreSQL only' }, () => {
  const a = join(tmp, 'par-src.db');
  assert.equal(cli(['demo', '--db', a, '--people', '4500', '--units', '7', '--seed', '5']).status, 0);
  // a position SQLite keeps but PostgreSQL refuses (not UTF-8), late in
  // the people: the chunks before it are written, by both connections
  sql(a, "update people set position = cast(x'c3' as text) where id = 4321");
  const dst = newDb(tmp, 'par');
  const r = cli(['migrate-store', '--from', a, '--to', dst, '--quiet']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^thidua migrate-store: writing people: .*invalid byte sequence for encoding "UTF8": 0xc3/m);
  const counts = 'select (select count(*) from units), (select count(*) from people), (select count(*) from person_units), (select count(*) from copy_pending)';
  assert.deepEqual(sql(dst, counts), [['0', '0', '0', '0']]);
  // its indexes and foreign keys are back, as a new store has them
  const fresh = newDb(tmp, 'par-fresh');
  assert.equal(cli(['init', '--db', fresh], { extraEnv: { THIDUA_PASSWORD: 'mat-khau-moi-1' } }).status, 0);
  const idx = "select indexname || ': ' || indexdef from pg_indexes where schemaname = current_schema() order by 1";
  const fk = "select conrelid::regclass || ' ' || conname || ': ' || pg_get_constraintdef(oid) from pg_constraint where contype in ('f', 'p', 'u') and connamespace = current_schema()::regnamespace order by 1";
  assert.ok(sql(dst, idx).length >= 10);
  assert.ok(sql(dst, fk).some(([d]) => d === 'people people_pkey: PRIMARY KEY (id)'), JSON.stringify(sql(dst, fk)));
  assert.deepEqual(sql(dst, idx), sql(fresh, idx));
  assert.deepEqual(sql(dst, fk), sql(fresh, fk));
  // the same copy, the row mended: every row, in both connections' rows
  sql(a, "update people set position = 'Chuyên viên' where id = 4321");
  // names and codes whose words are hard to split: the words a copy
  // writes are the ones the server makes of them (the source's own search
  // index is left behind: the copy does not read it)
  sql(a, 'drop trigger people_fts_au');
  sql(a, "update people set name_fold = 'Ab-c  d''e\\f	g', code = 'X_1/y.Z' where id = 10");
  sql(a, "update people set code = NULL where id = 11");
  sql(a, "update people set name_fold = '', code = '---' where id = 12");
  sql(a, "update people set name_fold = 'đặng THỊ ữ~', code = 'Q#9' where id = 13");
  sql(a, `update people set name_fold = '${Array.from({ length: 150 }, (_, i) => `Tu${i}`).join(' ')}' where id = 14`);
  // (not while another copy sets things aside in it)
  sql(dst, "insert into copy_pending (kind, tbl, name, def) values ('index', 'people', 'x', 'x')");
  const busy = cli(['migrate-store', '--from', a, '--to', dst, '--quiet']);
  assert.equal(busy.status, 1);
  assert.match(busy.stderr, /^thidua migrate-store: preparing the destination: .*another copy into this database is under way/m);
  sql(dst, 'delete from copy_pending');
  // a place of a person who is not there (SQLite left its keys
  // unchecked): the check after the rows refuses it, and the copy is undone
  sql(a, "insert into person_units (person_id, unit_id, from_date, note) values (999999, 1, '2020-01-01', '')");
  const dangling = cli(['migrate-store', '--from', a, '--to', dst, '--quiet']);
  assert.equal(dangling.status, 1);
  assert.match(dangling.stderr, /^thidua migrate-store: after the rows, checks: .*person_units_person_id_fkey/m);
  assert.deepEqual(sql(dst, counts), [['0', '0', '0', '0']]);
  assert.deepEqual(sql(dst, idx), sql(fresh, idx));
  assert.deepEqual(sql(dst, fk), sql(fresh, fk));
  sql(a, 'delete from person_units where person_id = 999999');
  const ok = cli(['migrate-store', '--from', a, '--to', dst, '--quiet']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /people {8}4500\n {2}person_units {2}4500\n/);
  assert.deepEqual(sql(dst, 'select count(distinct xmin::text) >= 2, max(id) from people'), [['t', '4500']]);
  assert.deepEqual(sql(dst, counts), [[sql(a, 'select count(*) from units')[0][0], '4500', '4500', '0']]);
  assert.deepEqual(sql(dst, idx), sql(fresh, idx));
  assert.deepEqual(sql(dst, fk), sql(fresh, fk));
  assert.deepEqual(sql(dst, 'select count(*) from people where words is distinct from array_to_tsvector(thidua_tokens(name_fold, code))'), [['0']]);
  // (the 150 words of a long name and the 1 of its code)
  assert.deepEqual(sql(dst, 'select length(words) from people where id = 14'), [['151']]);
  assert.deepEqual(sql(dst, 'select id, words::text from people where id in (10, 12, 13) order by id'),
    [['10', "'1' 'ab' 'c' 'd' 'e' 'f' 'g' 'x' 'y' 'z'"], ['12', ''], ['13', "'9' 'q' 'thỊ' 'đặng' 'ữ'"]]);
  // every key checked, every table's statistics gathered
  assert.deepEqual(sql(dst, 'select count(*) from pg_constraint where connamespace = current_schema()::regnamespace and not convalidated'), [['0']]);
  assert.deepEqual(sql(dst, "select count(distinct tablename) from pg_stats where schemaname = current_schema() and tablename in ('units', 'people', 'person_units')"), [['3']]);
  const e = cli(['export', 'people', '--format', 'csv', '--db', dst]);
  assert.equal(e.status, 0, e.stderr);
  assert.equal(e.stdout, cli(['export', 'people', '--format', 'csv', '--db', a]).stdout);
  // a copy that stopped half-way (its marker left): no command opens it
  sql(dst, "insert into copy_pending (kind, tbl, name, def) values ('copy', '', '', 'test')");
  for (const args of [['export', 'people', '--format', 'csv', '--db', dst], ['migrate-store', '--from', a, '--to', dst]]) {
    const x = cli(args);
    assert.equal(x.status, 1);
    assert.match(x.stderr, /this database holds a copy that did not finish \(thidua migrate-store stopped before its end\): drop it, create it again and copy anew/);
  }
});

test('serve on a port already taken: exit 1 with a message on stderr', () => {
  const r = cli(['serve', '--db', srv.db, '--listen', `127.0.0.1:${srv.port}`], { timeout: 10000 });
  assert.equal(r.signal, null, 'it did not exit by itself');
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${srv.port}: Address already in use`));
  assert.match(r.stderr, /choose another with --listen/);
});

test('serve on a missing or unreadable database: exit 1 with a clear message', () => {
  const r = cli(['serve', '--db', '/nonexistent/x.db', '--listen', '127.0.0.1:0'], { timeout: 10000 });
  assert.equal(r.signal, null, 'it did not exit by itself');
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim(), "thidua: cannot open database /nonexistent/x.db: missing or not readable and writable (run 'thidua init' or 'thidua demo')");
  assert.equal(existsSync('/nonexistent/x.db'), false);
  const junk = join(tmp, 'junk.db');
  writeFileSync(junk, 'this is not a database, just some text that is long enough to look like a header...\n'.repeat(20));
  const j = cli(['serve', '--db', junk, '--listen', '127.0.0.1:0'], { timeout: 10000 });
  assert.equal(j.status, 1);
  assert.match(j.stderr, /not a database/);
  const l = cli(['serve', '--db', srv.db, '--listen', 'nowhere'], { timeout: 10000 });
  assert.ok(l.status === 1 || l.status === 2, `${l.status}`);
  assert.match(l.stderr, /ADDR:PORT/);
});

test('serve writes an access log in the Combined Log Format', async () => {
  await fetch(`${srv.base}/health`, { headers: { 'user-agent': 'thu-nghiem/1.0', referer: 'http://x.example/' } });
  await new Promise((ok) => setTimeout(ok, 100));
  const log = readFileSync(join(srv.dir, 'access.log'), 'utf8').trim().split('\n');
  const line = log.reverse().find((l) => l.includes('thu-nghiem/1.0'));
  assert.match(line, /^127\.0\.0\.1 - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET \/health HTTP\/1\.1" 200 3 "http:\/\/x\.example\/" "thu-nghiem\/1\.0"$/);
});

test('SIGTERM stops the server with exit 0 and a clean database (last: it stops the shared server)', async () => {
  const call = api(srv.base, token(srv.db, 'admin'));
  assert.equal((await call('POST', '/api/v1/people', { full_name: 'Người Cuối Cùng', gender: 'F', unit_code: 'CDCS-001' })).status, 201);
  srv.proc.kill('SIGTERM');
  const ex = await srv.exited;
  assert.deepEqual(ex, { code: 0, sig: null });
  assert.match(srv.stderr(), /stopped/);
  if (!PG) assert.deepEqual(sql(srv.db, 'pragma integrity_check'), [['ok']]);
  assert.equal(sqlInt(srv.db, "select count(*) from people where full_name = 'Người Cuối Cùng'"), 1);
  // the write-ahead log was folded back on close
  if (!PG) assert.equal(existsSync(srv.db + '-wal') ? readFileSync(srv.db + '-wal').length : 0, 0);
  await assert.rejects(fetch(srv.base + '/health'));
});
