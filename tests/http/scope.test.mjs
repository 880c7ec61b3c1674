// scope.test.mjs: the scope rule.  A chair of CĐCS A (chutich, CDCS-001)
// sees and changes A's subtree only: for a person of CĐCS B (CDCS-002)
// every page, API call, form and filter answers 404 (or 403), never the
// data, and the lists and exports hold nobody outside A.  A viewer reads
// but cannot change.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, token } from '../lib/server.mjs';
import { sql, sqlInt, allPeople, csv } from './helpers.mjs';

let srv;
let adminApi, chairApi, chair2Api, viewerApi;
let chair;	// cookie session of chutich
let viewer;	// cookie session of xem
let unitA, unitB;	// CDCS-001 and CDCS-002 (objects from the API)
let own;	// a person of CDCS-001
let foreign;	// a person of CDCS-002
let ownIds;	// ids of every active person in CDCS-001's subtree
let maxId;

test.before(async () => {
  srv = await startServer({ people: 300, units: 8 });
  adminApi = api(srv.base, token(srv.db, 'admin'));
  chairApi = api(srv.base, token(srv.db, 'chutich'));
  chair2Api = api(srv.base, token(srv.db, 'chutich2'));
  viewerApi = api(srv.base, token(srv.db, 'xem'));
  chair = await srv.login('chutich');
  viewer = await srv.login('xem');
  const kids = (await adminApi('GET', '/api/v1/units?parent=1')).data.units;
  unitA = kids.find((u) => u.code === 'CDCS-001');
  unitB = kids.find((u) => u.code === 'CDCS-002');
  own = (await adminApi('GET', `/api/v1/people?unit=${unitA.id}&per=1`)).data.people[0];
  foreign = (await adminApi('GET', `/api/v1/people?unit=${unitB.id}&per=1`)).data.people[0];
  const pathA = sql(srv.db, `select path from units where code = 'CDCS-001'`)[0][0];
  ownIds = new Set(sql(srv.db, `select id from people where active = 1 and unit_path like '${pathA}%'`)
    .map((r) => Number(r[0])));
  maxId = sqlInt(srv.db, 'select max(id) from people');
});

test.after(async () => {
  await srv.stop();
});

function assertNoLeak(text, p = foreign) {
  assert.ok(!text.includes(p.full_name), `the answer names ${p.full_name}`);
  assert.ok(!text.includes(p.code), `the answer shows the code ${p.code}`);
}

test('fixtures: the demo has the two CĐCS and people in both', () => {
  assert.equal(unitA.code, 'CDCS-001');
  assert.equal(unitB.code, 'CDCS-002');
  assert.equal(own.unit.code.startsWith('CDCS-001'), true);
  assert.equal(foreign.unit.code, 'CDCS-002');
  assert.ok(ownIds.size > 5);
  assert.ok(!ownIds.has(foreign.id));
});

test('the chair sees their own people: page and API', async () => {
  const p = await chair.text(`/people/${own.id}`);
  assert.equal(p.status, 200);
  assert.ok(p.text.includes(own.full_name));
  const a = await chairApi('GET', `/api/v1/people/${own.id}`);
  assert.equal(a.status, 200);
  assert.equal(a.data.full_name, own.full_name);
});

test('a person of another CĐCS: the page is 404 without the data', async () => {
  for (const path of [`/people/${foreign.id}`, `/people/${foreign.id}/edit`]) {
    const r = await chair.text(path);
    assert.equal(r.status, 404, path);
    assertNoLeak(r.text);
  }
});

test('a person of another CĐCS: the API is 404 not_found, by token and by cookie', async () => {
  for (const path of [`/api/v1/people/${foreign.id}`, `/api/v1/people/${foreign.id}/history`]) {
    const r = await chairApi('GET', path);
    assert.equal(r.status, 404, path);
    assert.equal(r.data.error.code, 'not_found');
    assertNoLeak(JSON.stringify(r.data));
    const c = await chair.get(path);
    assert.equal(c.status, 404, path);
    const t = await c.text();
    assert.equal(JSON.parse(t).error.code, 'not_found');
    assertNoLeak(t);
  }
});

test('guessing ids: the chair gets 200 for exactly their own subtree\'s people', async () => {
  const seen = new Set();
  for (let id = 1; id <= maxId + 3; id++) {
    const r = await chairApi('GET', `/api/v1/people/${id}`);
    if (r.status === 200) seen.add(id);
    else assert.equal(r.status, 404, `id ${id}`);
  }
  // left people are still readable by their chair; compare with every row of the subtree
  const pathA = sql(srv.db, `select path from units where code = 'CDCS-001'`)[0][0];
  const all = new Set(sql(srv.db, `select id from people where unit_path like '${pathA}%'`).map((r) => Number(r[0])));
  assert.deepEqual([...seen].sort((a, b) => a - b), [...all].sort((a, b) => a - b));
});

test('editing a person of another CĐCS by form: 404, nothing changed', async () => {
  const before = (await adminApi('GET', `/api/v1/people/${foreign.id}`)).data;
  const r = await chair.postForm(`/people/${foreign.id}`, {
    family: 'Họ', middle: 'Bị', given: 'Sửa', gender: 'F', position: 'Đã bị sửa',
  });
  assert.equal(r.status, 404);
  assertNoLeak(await r.text());
  assert.deepEqual((await adminApi('GET', `/api/v1/people/${foreign.id}`)).data, before);
});

test('transferring or retiring a person of another CĐCS by form: 404, nothing changed', async () => {
  const before = (await adminApi('GET', `/api/v1/people/${foreign.id}`)).data;
  const t = await chair.postForm(`/people/${foreign.id}/transfer`, { unit: String(unitA.id), note: 'x' });
  assert.equal(t.status, 404);
  assertNoLeak(await t.text());
  const t2 = await chair.postForm(`/people/${foreign.id}/transfer`, { unit_code: 'CDCS-001' });
  assert.equal(t2.status, 404);
  const l = await chair.postForm(`/people/${foreign.id}/leave`, { note: 'x' });
  assert.equal(l.status, 404);
  assertNoLeak(await l.text());
  assert.deepEqual((await adminApi('GET', `/api/v1/people/${foreign.id}`)).data, before);
  const hist = (await adminApi('GET', `/api/v1/people/${foreign.id}/history`)).data.history;
  assert.equal(hist.length, 1);
});

test('changing a person of another CĐCS by API: 404, nothing changed', async () => {
  const before = (await adminApi('GET', `/api/v1/people/${foreign.id}`)).data;
  const calls = [
    ['PATCH', `/api/v1/people/${foreign.id}`, { position: 'Đã bị sửa' }],
    ['PUT', `/api/v1/people/${foreign.id}`, { position: 'Đã bị sửa' }],
    ['POST', `/api/v1/people/${foreign.id}/transfer`, { unit_id: unitA.id }],
    ['POST', `/api/v1/people/${foreign.id}/leave`, {}],
  ];
  for (const [m, p, b] of calls) {
    const r = await chairApi(m, p, b);
    assert.equal(r.status, 404, `${m} ${p}`);
    assert.equal(r.data.error.code, 'not_found');
    assertNoLeak(JSON.stringify(r.data));
  }
  assert.deepEqual((await adminApi('GET', `/api/v1/people/${foreign.id}`)).data, before);
});

test('moving one\'s own person into another CĐCS is refused (422 on the unit), nothing changed', async () => {
  const r = await chairApi('POST', `/api/v1/people/${own.id}/transfer`, { unit_id: unitB.id });
  assert.equal(r.status, 422);
  assert.deepEqual(r.data.error.fields.map((f) => f.field), ['unit']);
  const r2 = await chairApi('POST', `/api/v1/people/${own.id}/transfer`, { unit_code: 'CDCS-002' });
  assert.equal(r2.status, 422);
  const f = await chair.postForm(`/people/${own.id}/transfer`, { unit: String(unitB.id) });
  assert.equal(f.status, 422);
  assert.equal((await adminApi('GET', `/api/v1/people/${own.id}`)).data.unit.id, own.unit.id);
});

test('creating a person in another CĐCS is refused, nothing created', async () => {
  const n = sqlInt(srv.db, 'select count(*) from people');
  const r = await chairApi('POST', '/api/v1/people', { full_name: 'Người Lạ Mặt', gender: 'M', unit_code: 'CDCS-002' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.data.error.fields.map((x) => x.field), ['unit']);
  const r2 = await chairApi('POST', '/api/v1/people', { full_name: 'Người Lạ Mặt', gender: 'M', unit_id: unitB.id });
  assert.equal(r2.status, 422);
  const f = await chair.postForm('/people', { given: 'Mặt', family: 'Người', middle: 'Lạ', gender: 'M', unit: String(unitB.id) });
  assert.equal(f.status, 422);
  assert.equal(sqlInt(srv.db, 'select count(*) from people'), n);
});

test('importing over a person of another CĐCS by guessing their code is refused, nothing changed', async () => {
  const before = (await adminApi('GET', `/api/v1/people/${foreign.id}`)).data;
  const file = csv([['Mã', 'Họ và tên', 'Giới tính', 'Mã đơn vị'],
    [foreign.code, 'Tên Bị Đổi', 'Nữ', 'CDCS-001']]);
  const r = await chairApi('POST', '/api/v1/import/people', file);
  assert.equal(r.status, 422);
  assert.equal(r.data.written, false);
  assert.equal(r.data.problems.length, 1);
  assert.equal(r.data.problems[0].row, 2);
  assertNoLeak(JSON.stringify(r.data.problems.map((p) => p.message)));
  const r2 = await chairApi('POST', '/api/v1/import/people', csv([['Họ và tên', 'Giới tính', 'Mã đơn vị'],
    ['Người Lạ Mặt', 'Nam', 'CDCS-002']]));
  assert.equal(r2.status, 422);
  assert.equal(r2.data.problems[0].column, 'C');
  assert.deepEqual((await adminApi('GET', `/api/v1/people/${foreign.id}`)).data, before);
});

test('the list filter on another CĐCS: 404 (page and API), 422 by code, never the data', async () => {
  const p = await chair.text(`/people?unit=${unitB.id}`);
  assert.equal(p.status, 404);
  assertNoLeak(p.text);
  const a = await chairApi('GET', `/api/v1/people?unit=${unitB.id}`);
  assert.equal(a.status, 404);
  assert.equal(a.data.error.code, 'not_found');
  assert.equal(a.data.people, undefined);
  const c = await chairApi('GET', '/api/v1/people?unit_code=CDCS-002');
  assert.equal(c.status, 422);
  assert.equal(c.data.people, undefined);
  for (const path of [`/api/v1/export/people?format=csv&unit=${unitB.id}`, `/people/export?format=csv&unit=${unitB.id}`]) {
    const e = await chair.get(path);
    assert.equal(e.status, 404, path);
    assertNoLeak(await e.text());
  }
});

test('units of another CĐCS: 404 by page and by API', async () => {
  const p = await chair.text(`/units/${unitB.id}`);
  assert.equal(p.status, 404);
  assert.ok(!p.text.includes(unitB.name));
  for (const path of [`/api/v1/units/${unitB.id}`, `/api/v1/units/${unitB.id}/stats`, `/api/v1/units?parent=${unitB.id}`]) {
    const r = await chairApi('GET', path);
    assert.equal(r.status, 404, path);
    assert.ok(!JSON.stringify(r.data).includes(unitB.name), path);
  }
  const r = await chairApi('PATCH', `/api/v1/units/${unitB.id}`, { name: 'Đã bị đổi' });
  assert.equal(r.status, 404);
  assert.equal(sql(srv.db, `select name from units where id = ${unitB.id}`)[0][0], unitB.name);
});

test('the chair\'s API list holds exactly the active people of their subtree', async () => {
  const list = await allPeople(chairApi);
  assert.deepEqual(list.map((p) => p.id).sort((a, b) => a - b), [...ownIds].sort((a, b) => a - b));
  for (const p of list) assert.ok(p.unit.code.startsWith('CDCS-001'), p.unit.code);
  // the subtree figures agree
  const st = await chairApi('GET', `/api/v1/units/${unitA.id}/stats`);
  assert.equal(st.data.figures.people, ownIds.size);
});

test('the chair\'s people page lists nobody of another CĐCS', async () => {
  const r = await chair.text('/people?per=200');
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(`Tìm thấy ${ownIds.size} người`));
  const ids = [...r.text.matchAll(/href="\/people\/(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(ids.length, ownIds.size);
  for (const id of ids) assert.ok(ownIds.has(id), `listed ${id}`);
  assertNoLeak(r.text);
});

test('a search by the other CĐCS person\'s name or code finds nobody for the chair', async () => {
  const byCode = await chairApi('GET', `/api/v1/people?q=${encodeURIComponent(foreign.code)}`);
  assert.equal(byCode.status, 200);
  assert.deepEqual(byCode.data.people, []);
  const byName = await chairApi('GET', `/api/v1/people?q=${encodeURIComponent(foreign.full_name)}&per=200`);
  for (const p of byName.data.people) assert.ok(ownIds.has(p.id));
  // the admin finds them, so the query itself is right
  const admin = await adminApi('GET', `/api/v1/people?q=${encodeURIComponent(foreign.code)}`);
  assert.deepEqual(admin.data.people.map((p) => p.id), [foreign.id]);
});

test('the chair\'s exports (CSV, XLSX, page and API) hold only their subtree', async () => {
  const codesA = new Set(sql(srv.db, `select code from people where active = 1 and id in (${[...ownIds].join(',')})`).map((r) => r[0]));
  for (const path of ['/api/v1/export/people?format=csv', '/people/export?format=csv']) {
    const r = await chair.get(path);
    assert.equal(r.status, 200, path);
    const lines = (await r.text()).replace(/^\ufeff/, '').trim().split('\n');
    assert.equal(lines.length, ownIds.size + 1, path);
    for (const l of lines.slice(1)) assert.ok(codesA.has(l.split(',')[0]), l);
  }
  const x = await chairApi('GET', '/api/v1/export/people?format=xlsx');
  assert.equal(x.status, 200);
  const buf = Buffer.from(x.data);
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
});

test('the chair may not read the audit log (403)', async () => {
  const r = await chairApi('GET', '/api/v1/audit');
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'forbidden');
});

test('the second chair has the mirror scope', async () => {
  assert.equal((await chair2Api('GET', `/api/v1/people/${foreign.id}`)).status, 200);
  assert.equal((await chair2Api('GET', `/api/v1/people/${own.id}`)).status, 404);
});

test('the viewer reads everything but cannot change anything', async () => {
  assert.equal((await viewer.get(`/people/${foreign.id}`)).status, 200);
  assert.equal((await viewerApi('GET', `/api/v1/people/${own.id}`)).status, 200);
  const beforeOwn = (await adminApi('GET', `/api/v1/people/${own.id}`)).data;
  const beforeUnit = (await adminApi('GET', `/api/v1/units/${unitA.id}`)).data;
  const n = sqlInt(srv.db, 'select count(*) from people');
  const nu = sqlInt(srv.db, 'select count(*) from units');
  const na = sqlInt(srv.db, 'select count(*) from audit');
  // forms
  const forms = [
    [`/people/${own.id}`, { family: 'X', given: 'Y', gender: 'M' }],
    [`/people/${own.id}/transfer`, { unit: String(unitB.id) }],
    [`/people/${own.id}/leave`, { note: 'x' }],
    [`/units/${unitA.id}`, { name: 'Đổi tên', code: 'CDCS-001', kind: 'grassroots', block: 'hc' }],
    [`/units/${unitA.id}/move`, { parent_code: 'CDCS-002' }],
    [`/units/${unitA.id}/active`, { active: '0' }],
  ];
  for (const [p, f] of forms) {
    const r = await viewer.postForm(p, f);
    assert.ok([403, 404].includes(r.status), `${p}: ${r.status}`);
  }
  // API
  const calls = [
    ['PATCH', `/api/v1/people/${own.id}`, { position: 'X' }],
    ['POST', `/api/v1/people/${own.id}/transfer`, { unit_id: unitB.id }],
    ['POST', `/api/v1/people/${own.id}/leave`, {}],
    ['PATCH', `/api/v1/units/${unitA.id}`, { name: 'Đổi tên' }],
    ['POST', `/api/v1/units/${unitA.id}/move`, { parent_id: unitB.id }],
    ['POST', '/api/v1/units', { code: 'XEM-1', name: 'Đơn vị của người xem', kind: 'grassroots', block: 'hc', parent_id: 1 }],
  ];
  for (const [m, p, b] of calls) {
    const r = await viewerApi(m, p, b);
    assert.ok([403, 404].includes(r.status), `${m} ${p}: ${r.status}`);
  }
  // creating a person: refused on the unit field
  const c = await viewerApi('POST', '/api/v1/people', { full_name: 'Người Xem Thêm', gender: 'M', unit_id: unitA.id });
  assert.ok([403, 422].includes(c.status), `create: ${c.status}`);
  const imp = await viewerApi('POST', '/api/v1/import/people', csv([['Họ và tên', 'Giới tính', 'Mã đơn vị'], ['Người Xem Thêm', 'Nam', 'CDCS-001']]));
  assert.ok([403, 422].includes(imp.status), `import: ${imp.status}`);
  assert.deepEqual((await adminApi('GET', `/api/v1/people/${own.id}`)).data, beforeOwn);
  assert.deepEqual((await adminApi('GET', `/api/v1/units/${unitA.id}`)).data, beforeUnit);
  assert.equal(sqlInt(srv.db, 'select count(*) from people'), n);
  assert.equal(sqlInt(srv.db, 'select count(*) from units'), nu);
  assert.equal(sqlInt(srv.db, 'select count(*) from audit'), na);
});

test('a member (account linked to a person) sees their own record and nothing else', async () => {
  const { run } = await import('../lib/server.mjs');
  const r = run(['user', 'add', 'doanvien1', '--role', 'member', '--unit', 'CDCS-001',
    '--person', own.code, '--db', srv.db], { env: { ...process.env, THIDUA_PASSWORD: 'mat-khau-9' } });
  assert.equal(r.status, 0, r.stderr);
  const m = await srv.login('doanvien1', 'mat-khau-9');
  // the home page is their own record
  let res = await m.get('/');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/people/${own.id}`);
  const page = await m.text(`/people/${own.id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(own.full_name));
  // another person of the same CĐCS, the list and the units: nothing
  const other = (await adminApi('GET', `/api/v1/people?unit=${unitA.id}&per=2`)).data.people
    .find((p) => p.id !== own.id);
  assert.equal((await m.get(`/people/${other.id}`)).status, 404);
  assert.equal((await m.get('/people')).status, 403);
  assert.equal((await m.get(`/units/${unitA.id}`)).status, 404);
  // and no change to their own record either
  res = await m.postForm(`/people/${own.id}/leave`, { date: '' });
  assert.equal(res.status, 403);
  assert.equal((await adminApi('GET', `/api/v1/people/${own.id}`)).data.active, true);
});
