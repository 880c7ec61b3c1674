// auth.test.mjs: logging in and out, sessions, rate limiting of logins,
// CSRF and same-origin refusal, and the security headers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, token, DEMO_PASSWORD } from '../lib/server.mjs';
import { httpFrom } from './helpers.mjs';

let srv;
let admin;	// a cookie session of admin
let adminApi;	// the API with admin's bearer token
let adminToken;
let victim;	// a person of the first CĐCS whose record the tests try to change

test.before(async () => {
  srv = await startServer({ people: 60, units: 3 });
  admin = await srv.login('admin');
  adminToken = token(srv.db, 'admin');
  adminApi = api(srv.base, adminToken);
  const r = await adminApi('GET', '/api/v1/people?unit_code=CDCS-002&per=1');
  victim = r.data.people[0];
});

test.after(async () => {
  await srv.stop();
});

function form(fields) {
  return { body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

test('GET /login shows the Vietnamese login form', async () => {
  const r = await fetch(srv.base + '/login');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  const t = await r.text();
  assert.match(t, /<h1>Đăng nhập<\/h1>/);
  assert.match(t, /name="username"/);
  assert.match(t, /type="password" name="password"/);
});

test('login with the right password: 303 to / and a HttpOnly SameSite=Lax session cookie', async () => {
  const r = await fetch(srv.base + '/login', { method: 'POST', redirect: 'manual',
    ...form({ username: 'canbo', password: DEMO_PASSWORD }) });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  const c = r.headers.get('set-cookie');
  assert.match(c, /^thidua_sid=[0-9A-Za-z_-]{20,};/);
  const flags = c.split(';').map((s) => s.trim());
  assert.ok(flags.includes('HttpOnly'), c);
  assert.ok(flags.includes('SameSite=Lax'), c);
  assert.ok(flags.includes('Path=/'), c);
  // the cookie opens the dashboard
  const sid = /thidua_sid=[^;]+/.exec(c)[0];
  const home = await fetch(srv.base + '/', { headers: { cookie: sid }, redirect: 'manual' });
  assert.equal(home.status, 200);
  assert.match(await home.text(), /Công đoàn Viên chức tỉnh/);
});

test('login with a wrong password: 401 page with a Vietnamese message and no cookie', async () => {
  const r = await fetch(srv.base + '/login', { method: 'POST', redirect: 'manual',
    ...form({ username: 'admin', password: 'sai-mat-khau' }) });
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('set-cookie'), null);
  const t = await r.text();
  assert.match(t, /Tên đăng nhập hoặc mật khẩu không đúng\./);
  // the username is kept in the form, the password is not echoed
  assert.match(t, /value="admin"/);
  assert.doesNotMatch(t, /sai-mat-khau/);
});

test('login with an unknown user answers exactly like a wrong password', async () => {
  const r = await fetch(srv.base + '/login', { method: 'POST', redirect: 'manual',
    ...form({ username: 'khongco', password: 'x' }) });
  assert.equal(r.status, 401);
  assert.match(await r.text(), /Tên đăng nhập hoặc mật khẩu không đúng\./);
});

test('login with empty fields: 422 asking for both', async () => {
  const r = await fetch(srv.base + '/login', { method: 'POST', redirect: 'manual',
    ...form({ username: '', password: '' }) });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /Hãy nhập tên đăng nhập và mật khẩu\./);
});

test('pages without a session redirect to /login', async () => {
  for (const p of ['/', '/people', '/units', '/import', '/audit', `/people/${victim.id}`]) {
    const r = await fetch(srv.base + p, { redirect: 'manual' });
    assert.equal(r.status, 303, p);
    assert.equal(r.headers.get('location'), '/login', p);
  }
});

test('the API without credentials: 401 JSON with code "unauthorized"', async () => {
  for (const [m, p] of [['GET', '/api/v1/me'], ['GET', '/api/v1/people'], ['POST', '/api/v1/people']]) {
    const r = await fetch(srv.base + p, { method: m });
    assert.equal(r.status, 401, p);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    const j = await r.json();
    assert.equal(j.error.code, 'unauthorized');
    assert.equal(typeof j.error.message, 'string');
    assert.ok(j.error.message.length > 0);
  }
});

test('the API with a wrong bearer token: 401 unauthorized', async () => {
  const r = await api(srv.base, 'thd_0000000000000000000000000000000000000000')('GET', '/api/v1/me');
  assert.equal(r.status, 401);
  assert.equal(r.data.error.code, 'unauthorized');
});

test('a cookie session also reaches the API, as its user', async () => {
  const r = await admin.get('/api/v1/me');
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.username, 'admin');
  assert.deepEqual(j.roles.map((x) => [x.role, x.unit_id]), [['admin', 1]]);
});

test('logout ends the session: the old cookie no longer opens anything', async () => {
  const s = await srv.login('xem');
  const old = s.cookie;
  assert.equal((await s.get('/')).status, 200);
  const r = await s.postForm('/logout', {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login');
  assert.match(r.headers.get('set-cookie'), /^thidua_sid=;.*Max-Age=0/);
  // replay the old cookie, as an attacker who kept it would
  const p = await fetch(srv.base + '/', { headers: { cookie: old }, redirect: 'manual' });
  assert.equal(p.status, 303);
  assert.equal(p.headers.get('location'), '/login');
  const a = await fetch(srv.base + '/api/v1/me', { headers: { cookie: old } });
  assert.equal(a.status, 401);
});

test('logout without the CSRF token is refused and the session stays', async () => {
  const r = await admin.postForm('/logout', {}, { csrf: false });
  assert.equal(r.status, 403);
  assert.equal((await admin.get('/')).status, 200);
});

test('CSRF: a POST without the csrf field is refused with 403 and changes nothing', async () => {
  const before = (await adminApi('GET', `/api/v1/people/${victim.id}`)).data;
  const r = await admin.postForm(`/people/${victim.id}`, {
    family: 'Tin', middle: 'Tặc', given: 'Giả', gender: 'M', position: 'Kẻ mạo danh',
  }, { csrf: false });
  assert.equal(r.status, 403);
  assert.match(await r.text(), /biểu mẫu không hợp lệ/);
  const after = (await adminApi('GET', `/api/v1/people/${victim.id}`)).data;
  assert.deepEqual(after, before);
});

test('CSRF: a POST with a wrong csrf value is refused with 403', async () => {
  const r = await admin.postForm(`/people/${victim.id}/leave`, { csrf: '0'.repeat(64), note: 'x' });
  assert.equal(r.status, 403);
  const after = (await adminApi('GET', `/api/v1/people/${victim.id}`)).data;
  assert.equal(after.active, true);
});

test('CSRF: the token of another session does not work', async () => {
  const other = await srv.login('canbo');
  const r = await admin.postForm(`/people/${victim.id}/leave`, { csrf: other.csrf, note: 'x' });
  assert.equal(r.status, 403);
  assert.equal((await adminApi('GET', `/api/v1/people/${victim.id}`)).data.active, true);
});

test('CSRF: a JSON API call with the session cookie but no X-CSRF-Token is refused', async () => {
  const r = await admin.req('PATCH', `/api/v1/people/${victim.id}`, {
    body: JSON.stringify({ position: 'Qua cookie' }), headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 403);
  assert.equal((await r.json()).error.code, 'forbidden');
  assert.equal((await adminApi('GET', `/api/v1/people/${victim.id}`)).data.position, victim.position);
  // with the header it goes through
  const ok = await admin.req('PATCH', `/api/v1/people/${victim.id}`, {
    body: JSON.stringify({ position: 'Qua cookie' }),
    headers: { 'content-type': 'application/json', 'x-csrf-token': admin.csrf } });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).position, 'Qua cookie');
  const back = await adminApi('PATCH', `/api/v1/people/${victim.id}`, { position: victim.position });
  assert.equal(back.status, 200);
});

test('a POST from a foreign Origin is refused with 403 even with a valid token', async () => {
  const before = (await adminApi('GET', `/api/v1/people/${victim.id}`)).data;
  const r = await admin.postForm(`/people/${victim.id}`, {
    family: before.family_name, middle: before.middle_name, given: 'Đổi', gender: before.gender,
  }, { headers: { origin: 'http://evil.example' } });
  assert.equal(r.status, 403);
  assert.match(await r.text(), /Yêu cầu từ trang khác bị từ chối/);
  assert.deepEqual((await adminApi('GET', `/api/v1/people/${victim.id}`)).data, before);
  // a lookalike of our own host is foreign too
  const r2 = await admin.postForm(`/people/${victim.id}/leave`, { note: 'x' },
    { headers: { origin: `http://127.0.0.1:${srv.port}.evil.example` } });
  assert.equal(r2.status, 403);
  // a bearer-token API call from a foreign origin is refused as well
  const r3 = await fetch(`${srv.base}/api/v1/people/${victim.id}/leave`, { method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, origin: 'https://evil.example',
      'content-type': 'application/json' }, body: '{}' });
  assert.equal(r3.status, 403);
  assert.equal((await r3.json()).error.code, 'forbidden');
  assert.equal((await adminApi('GET', `/api/v1/people/${victim.id}`)).data.active, true);
});

test('a POST with our own Origin and a valid token goes through', async () => {
  const before = (await adminApi('GET', `/api/v1/people/${victim.id}`)).data;
  const r = await admin.postForm(`/people/${victim.id}`, {
    family: before.family_name, middle: before.middle_name, given: before.given_name,
    gender: before.gender, position: 'Chuyên viên chính', is_member: before.is_member ? '1' : '',
    birth_date: before.birth_date ? before.birth_date.split('-').reverse().join('/') : '',
    code: before.code,
  }, { headers: { origin: srv.base } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/people/${victim.id}?ok=saved`);
  assert.equal((await adminApi('GET', `/api/v1/people/${victim.id}`)).data.position, 'Chuyên viên chính');
});

test('security headers on pages, the API and errors', async () => {
  for (const [p, h] of [['/login', {}], ['/api/v1/me', {}], ['/nope', {}], ['/health', {}]]) {
    const r = await fetch(srv.base + p, { headers: h, redirect: 'manual' });
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp, p);
    assert.match(csp, /default-src 'self'/, p);
    assert.match(csp, /frame-ancestors 'none'/, p);
    assert.match(csp, /object-src 'none'/, p);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/, p);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', p);
    assert.equal(r.headers.get('referrer-policy'), 'same-origin', p);
  }
  const page = await admin.get('/people');
  assert.equal(page.headers.get('cache-control'), 'no-store');
});

test('rate limit: after 5 wrong passwords from one address, it is refused with 429 there, even with the right password', async () => {
  // from its own loopback address, so the other tests' failures do not count
  const from = '127.0.0.2';
  const body = (pw) => new URLSearchParams({ username: 'chutich2', password: pw }).toString();
  const h = { 'content-type': 'application/x-www-form-urlencoded' };
  for (let i = 1; i <= 5; i++) {
    const r = await httpFrom(from, srv.base, 'POST', '/login', { headers: h, body: body('sai-' + i) });
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  const r6 = await httpFrom(from, srv.base, 'POST', '/login', { headers: h, body: body(DEMO_PASSWORD) });
  assert.equal(r6.status, 429);
  assert.equal(r6.headers['set-cookie'], undefined);
  assert.match(r6.text, /Đăng nhập sai quá nhiều lần\. Hãy thử lại sau 15 phút\./);
  // the address is locked for every account ...
  const xem = await httpFrom(from, srv.base, 'POST', '/login', { headers: h,
    body: new URLSearchParams({ username: 'xem', password: DEMO_PASSWORD }).toString() });
  assert.equal(xem.status, 429);
  // ... but five tries do not lock the account itself: its owner, elsewhere, logs in
  const owner = await httpFrom('127.0.0.3', srv.base, 'POST', '/login', { headers: h, body: body(DEMO_PASSWORD) });
  assert.equal(owner.status, 303);
});

test('rate limit: after 20 wrong passwords on one account from many addresses, the account is refused everywhere', async () => {
  const body = (pw) => new URLSearchParams({ username: 'canbo', password: pw }).toString();
  const h = { 'content-type': 'application/x-www-form-urlencoded' };
  for (const a of ['127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14']) {
    for (let i = 1; i <= 5; i++) {
      const r = await httpFrom(a, srv.base, 'POST', '/login', { headers: h, body: body('sai-' + i) });
      assert.equal(r.status, 401, `${a} attempt ${i}`);
    }
  }
  const r = await httpFrom('127.0.0.15', srv.base, 'POST', '/login', { headers: h, body: body(DEMO_PASSWORD) });
  assert.equal(r.status, 429);
  // others still log in
  const ok = await srv.login('chutich');
  assert.ok(ok.cookie);
});

test('serve --secure-cookies marks the session cookie Secure (behind a TLS proxy)', async () => {
  const tls = await startServer({ people: 20, units: 2, serveArgs: ['--secure-cookies'] });
  try {
    const r = await fetch(`${tls.base}/login`, { method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=admin&password=thidua-demo' });
    assert.equal(r.status, 303);
    assert.match(r.headers.get('set-cookie'), /^thidua_sid=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
  } finally {
    await tls.stop();
  }
});
