// server.mjs: start a real thidua server for a test file.
//
//   const srv = await startServer();          // demo data, a free port
//   const a = await srv.login('admin');       // a cookie session
//   await a.get('/people');  await a.post('/people', {given: 'An', ...});
//   await srv.stop();
//
// THIDUA_BIN names the binary (default build/thidua); every server gets
// its own temporary directory and database (SQLite, or PostgreSQL when
// THIDUA_TEST_PG is set: see db.mjs).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newDb, dropDb } from './db.mjs';

export const BIN = resolve(process.env.THIDUA_BIN || 'build/thidua');
export const DEMO_PASSWORD = 'thidua-demo';

export function freePort() {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', ko);
  });
}

export function run(args, opts = {}) {
  // returns {status, stdout, stderr}
  try {
    const stdout = execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

export async function startServer({ people = 300, units = 8, seed = 7, db = null, serveArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-test-'));
  const dbPath = db || newDb(dir);
  if (!db) {
    const r = run(['demo', '--db', dbPath, '--people', String(people), '--units', String(units), '--seed', String(seed)]);
    if (r.status !== 0) throw new Error('demo failed: ' + r.stderr);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(BIN, ['serve', '--db', dbPath, '--listen', `127.0.0.1:${port}`, '--access-log', join(dir, 'access.log'), ...serveArgs],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((ok) => proc.on('exit', (code, sig) => ok({ code, sig })));
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(base + '/health');
      if (r.ok) break;
    } catch { /* not yet */ }
    await new Promise((ok) => setTimeout(ok, 25));
    if (proc.exitCode !== null) throw new Error('server exited: ' + stderr);
  }
  const srv = {
    base, port, dir, db: dbPath, proc, exited,
    stderr: () => stderr,
    async login(username, password = DEMO_PASSWORD) {
      const s = session(base);
      const r = await s.postForm('/login', { username, password }, { csrf: false });
      if (r.status !== 303 || !s.cookie) throw new Error(`login ${username} failed: ${r.status}`);
      await s.refreshCsrf();
      return s;
    },
    anon() { return session(base); },
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
      if (!db) dropDb(dbPath);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return srv;
}

// A cookie session: get/post keep the cookies (s.cookie is the session's)
// and the CSRF token.
export function session(base) {
  const s = {
    cookie: null, csrf: null, others: {},
    async req(method, path, { body, headers = {}, redirect = 'manual' } = {}) {
      const h = { ...headers };
      const jar = [s.cookie, ...Object.entries(s.others).map(([k, v]) => `${k}=${v}`)].filter((x) => x);
      if (jar.length) h.cookie = jar.join('; ');
      const r = await fetch(base + path, { method, body, headers: h, redirect });
      for (const sc of r.headers.getSetCookie()) {
        const m = /^([^=]+)=([^;]*)/.exec(sc);
        if (!m) continue;
        if (m[1] === 'thidua_sid') s.cookie = m[2] ? `thidua_sid=${m[2]}` : null;
        else if (m[2] && !/Max-Age=0/i.test(sc)) s.others[m[1]] = m[2];
        else delete s.others[m[1]];
      }
      return r;
    },
    get(path, opts) { return s.req('GET', path, opts); },
    async text(path) { const r = await s.get(path); return { status: r.status, text: await r.text(), r }; },
    postForm(path, fields, { csrf = true, headers = {} } = {}) {
      const f = new URLSearchParams(fields);
      if (csrf && s.csrf && !f.has('csrf')) f.set('csrf', s.csrf);
      return s.req('POST', path, { body: f.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
    },
    postMultipart(path, form) {
      if (s.csrf && !form.has('csrf')) form.set('csrf', s.csrf);
      return s.req('POST', path, { body: form });
    },
    async refreshCsrf() {
      const r = await s.get('/');
      const t = await r.text();
      const m = /name="csrf" value="([0-9a-f]+)"/.exec(t);
      s.csrf = m ? m[1] : null;
    },
  };
  return s;
}

// The JSON API with a bearer token.
export function api(base, token) {
  return async (method, path, body) => {
    const headers = { authorization: `Bearer ${token}` };
    let b;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      b = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const r = await fetch(base + path, { method, headers, body: b });
    const ct = r.headers.get('content-type') || '';
    const data = ct.includes('json') ? await r.json() : await r.arrayBuffer();
    return { status: r.status, data, headers: r.headers };
  };
}

export function token(db, user) {
  const r = run(['token', user, '--db', db]);
  if (r.status !== 0) throw new Error('token: ' + r.stderr);
  return r.stdout.trim();
}
