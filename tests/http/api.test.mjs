// api.test.mjs: every endpoint of the JSON API under /api/v1, its success
// shape and its error shapes ({"error":{"code","message","fields"}}).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, token } from '../lib/server.mjs';
import { sql, sqlInt, allPeople, csv, rawUpload } from './helpers.mjs';

let srv, call, tok;
let units;	// code -> unit, for the demo's units

test.before(async () => {
  srv = await startServer({ people: 300, units: 8 });
  tok = token(srv.db, 'admin');
  call = api(srv.base, tok);
  units = {};
  for (const [id, code] of sql(srv.db, 'select id, code from units')) units[code] = { id: Number(id), code };
});

test.after(async () => {
  await srv.stop();
});

// the server's date, in local time as it counts it
const now = new Date();
const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;

function fieldsOf(r) {
  return r.data.error.fields.map((f) => f.field);
}

function assertError(r, status, code) {
  assert.equal(r.status, status, JSON.stringify(r.data));
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(r.data.error.code, code);
  assert.equal(typeof r.data.error.message, 'string');
  assert.ok(r.data.error.message.length > 0);
}

// Figures of a subtree computed from the database, the slow way.
function figuresFromDb(unitId) {
  const path = sql(srv.db, `select path from units where id = ${unitId}`)[0][0];
  const [people, members, women, womenMembers, leaders] = sql(srv.db,
    `select count(*), coalesce(sum(is_member),0), count(case when gender='F' then 1 end),
            count(case when gender='F' and is_member = 1 then 1 end), coalesce(sum(is_leader),0)
     from people where active = 1 and unit_path like '${path}%'`)[0].map(Number);
  const [n, grassroots] = sql(srv.db,
    `select count(*), count(case when kind='grassroots' then 1 end) from units where active = 1 and path like '${path}%'`)[0].map(Number);
  return { units: n, grassroots, people, members, women, women_members: womenMembers, leaders };
}

async function stats(id) {
  const r = await call('GET', `/api/v1/units/${id}/stats`);
  assert.equal(r.status, 200);
  return r.data.figures;
}

let seq = 0;
async function newPerson(extra = {}) {
  seq++;
  const r = await call('POST', '/api/v1/people', {
    full_name: 'Nguyễn Thị Kiểm Thử', gender: 'Nữ', birth_date: '05/03/1988', is_member: true,
    joined_union: '01/09/2012', position: 'Chuyên viên', unit_code: 'CDCS-003', code: `API${String(seq).padStart(4, '0')}`, ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data;
}

// ---- me, units ----

test('GET /api/v1/me: the user and their roles', async () => {
  const r = await call('GET', '/api/v1/me');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(r.data.username, 'admin');
  assert.equal(typeof r.data.id, 'number');
  assert.equal(r.data.roles.length, 1);
  assert.equal(r.data.roles[0].role, 'admin');
  assert.equal(r.data.roles[0].unit_id, units.CDVC.id);
  assert.match(r.data.roles[0].unit_name, /^Công đoàn Viên chức tỉnh/);
});

test('GET /api/v1/units: the root, then its children', async () => {
  const r = await call('GET', '/api/v1/units');
  assert.equal(r.status, 200);
  assert.equal(r.data.units.length, 1);
  const root = r.data.units[0];
  assert.equal(root.code, 'CDVC');
  assert.equal(root.parent_id, null);
  assert.equal(root.kind, 'province');
  assert.equal(root.depth, 0);
  assert.equal(root.children, 8);
  assert.equal(root.active, true);
  assert.deepEqual(Object.keys(root).sort(), ['active', 'block', 'children', 'code', 'depth', 'figures', 'id', 'kind', 'name', 'parent_id', 'short_name'].sort());
  const c = await call('GET', `/api/v1/units?parent=${root.id}`);
  assert.equal(c.status, 200);
  assert.deepEqual(c.data.units.map((u) => u.code).sort(),
    ['CDCS-001', 'CDCS-002', 'CDCS-003', 'CDCS-004', 'CDCS-005', 'CDCS-006', 'CDCS-007', 'CDCS-008']);
  for (const u of c.data.units) {
    assert.equal(u.parent_id, root.id);
    assert.equal(u.kind, 'grassroots');
    assert.equal(u.depth, 1);
  }
  const g = await call('GET', `/api/v1/units?parent=${units['CDCS-001'].id}`);
  assert.deepEqual(g.data.units.map((u) => u.code).sort(), ['CDCS-001-T1', 'CDCS-001-T2', 'CDCS-001-T3']);
  assert.ok(g.data.units.every((u) => u.kind === 'group' && u.children === 0));
});

test('GET /api/v1/units errors: bad parent 422, unknown parent 404', async () => {
  assertError(await call('GET', '/api/v1/units?parent=abc'), 422, 'invalid');
  assertError(await call('GET', '/api/v1/units?parent=999999'), 404, 'not_found');
});

test('GET /api/v1/units/{id}: one unit; 404 for an unknown id', async () => {
  const r = await call('GET', `/api/v1/units/${units['CDCS-001'].id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.code, 'CDCS-001');
  assert.equal(r.data.kind, 'grassroots');
  assert.equal(r.data.parent_id, units.CDVC.id);
  assert.equal(r.data.children, 3);
  assertError(await call('GET', '/api/v1/units/999999'), 404, 'not_found');
});

test('GET /api/v1/units/{id}/stats: the figures equal a count from the people list and from the database', async () => {
  for (const code of ['CDVC', 'CDCS-001', 'CDCS-002', 'CDCS-001-T1']) {
    const id = units[code].id;
    const f = await stats(id);
    const db = figuresFromDb(id);
    const list = await allPeople(call, `unit=${id}`);
    const fromList = {
      people: list.length,
      members: list.filter((p) => p.is_member).length,
      women: list.filter((p) => p.gender === 'F').length,
      women_members: list.filter((p) => p.gender === 'F' && p.is_member).length,
      leaders: list.filter((p) => p.is_leader).length,
    };
    assert.deepEqual({ people: f.people, members: f.members, women: f.women, women_members: f.women_members, leaders: f.leaders }, fromList, code);
    assert.deepEqual({ units: f.units, grassroots: f.grassroots, ...fromList }, db, code);
    assert.ok(Math.abs(f.member_rate - f.members / f.people) < 1e-4, code);
    assert.ok(Math.abs(f.women_member_rate - (f.women ? f.women_members / f.women : 0)) < 1e-4, code);
  }
  const root = await stats(units.CDVC.id);
  assert.equal(root.people, 300);
  assert.equal(root.grassroots, 8);
  assert.equal(root.units, 15);
  const r = await call('GET', `/api/v1/units/${units.CDVC.id}/stats`);
  assert.equal(r.data.unit_id, units.CDVC.id);
  assertError(await call('GET', '/api/v1/units/999999/stats'), 404, 'not_found');
});

test('POST /api/v1/units: 201 with the new unit', async () => {
  const r = await call('POST', '/api/v1/units', {
    code: 'CDCS-NEW', name: 'Công đoàn Sở Thử nghiệm', short_name: 'CĐ Sở TN', kind: 'grassroots', block: 'sn', parent_code: 'CDVC',
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.code, 'CDCS-NEW');
  assert.equal(r.data.name, 'Công đoàn Sở Thử nghiệm');
  assert.equal(r.data.short_name, 'CĐ Sở TN');
  assert.equal(r.data.kind, 'grassroots');
  assert.equal(r.data.block, 'sn');
  assert.equal(r.data.parent_id, units.CDVC.id);
  assert.equal(r.data.depth, 1);
  assert.equal(r.data.active, true);
  assert.deepEqual(r.data.figures, { units: 1, grassroots: 1, people: 0, members: 0, women: 0, women_members: 0, leaders: 0, member_rate: 0, women_member_rate: 0 });
  const g = await call('GET', `/api/v1/units/${r.data.id}`);
  assert.deepEqual(g.data, r.data);
  // the root's figures count it
  const root = await stats(units.CDVC.id);
  assert.equal(root.grassroots, 9);
  units['CDCS-NEW'] = r.data;
});

test('POST /api/v1/units: 422 with fields for a missing name', async () => {
  const r = await call('POST', '/api/v1/units', { code: 'NONAME', kind: 'grassroots', block: 'hc', parent_id: units.CDVC.id });
  assertError(r, 422, 'invalid');
  assert.deepEqual(r.data.error.fields, [{ field: 'name', message: 'Thiếu tên đơn vị' }]);
  assert.equal(r.data.error.message, 'Thiếu tên đơn vị');
});

test('POST /api/v1/units: 422 naming only the kind for a bad kind', async () => {
  const r = await call('POST', '/api/v1/units', { code: 'BADKIND', name: 'Đơn vị sai loại', kind: 'bogus', block: 'hc', parent_id: units.CDVC.id });
  assertError(r, 422, 'invalid');
  assert.deepEqual(fieldsOf(r), ['kind']);
  assert.match(r.data.error.fields[0].message, /^Loại đơn vị phải là một trong: /);
});

test('POST /api/v1/units: 422 for a duplicate code, a bad code, a bad block, a kind that cannot sit there', async () => {
  let r = await call('POST', '/api/v1/units', { code: 'CDCS-001', name: 'Trùng mã', kind: 'grassroots', block: 'hc', parent_id: units.CDVC.id });
  assertError(r, 422, 'invalid');
  assert.deepEqual(r.data.error.fields, [{ field: 'code', message: 'Mã đơn vị “CDCS-001” đã có' }]);
  r = await call('POST', '/api/v1/units', { code: 'Mã có dấu', name: 'X', kind: 'grassroots', block: 'hc', parent_id: units.CDVC.id });
  assertError(r, 422, 'invalid');
  assert.deepEqual(fieldsOf(r), ['code']);
  r = await call('POST', '/api/v1/units', { code: 'BADBLOCK', name: 'X', kind: 'grassroots', block: 'xyz', parent_id: units.CDVC.id });
  assert.deepEqual(fieldsOf(r), ['block']);
  r = await call('POST', '/api/v1/units', { code: 'GRP', name: 'Tổ thẳng dưới tỉnh', kind: 'group', block: 'hc', parent_id: units.CDVC.id });
  assert.deepEqual(fieldsOf(r), ['parent']);
  r = await call('POST', '/api/v1/units', { code: 'ORPHAN', name: 'Mồ côi', kind: 'grassroots', block: 'hc' });
  assert.deepEqual(r.data.error.fields, [{ field: 'parent', message: 'Thiếu đơn vị cấp trên' }]);
  r = await call('POST', '/api/v1/units', { code: 'NOPARENT', name: 'X', kind: 'grassroots', block: 'hc', parent_id: 999999 });
  assert.deepEqual(fieldsOf(r), ['parent']);
  r = await call('POST', '/api/v1/units', { code: 'TYPES', name: ['X'], kind: 'grassroots', block: 'hc', parent_id: 'one' });
  assertError(r, 422, 'invalid');
  assert.deepEqual(fieldsOf(r).sort(), ['name', 'parent_id']);
  assert.equal(sqlInt(srv.db, `select count(*) from units where code in ('NONAME','BADKIND','Mã có dấu','BADBLOCK','GRP','ORPHAN','NOPARENT','TYPES')`), 0);
});

test('PATCH /api/v1/units/{id}: changes what is given, keeps the rest; errors', async () => {
  const u = units['CDCS-NEW'];
  let r = await call('PATCH', `/api/v1/units/${u.id}`, { name: 'Công đoàn Sở Đổi tên' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.name, 'Công đoàn Sở Đổi tên');
  assert.equal(r.data.code, 'CDCS-NEW');
  assert.equal(r.data.short_name, 'CĐ Sở TN');
  assert.equal(r.data.block, 'sn');
  r = await call('PATCH', `/api/v1/units/${u.id}`, { active: false });
  assert.equal(r.status, 200);
  assert.equal(r.data.active, false);
  assert.equal((await stats(units.CDVC.id)).grassroots, 8);
  r = await call('PATCH', `/api/v1/units/${u.id}`, { active: true });
  assert.equal(r.data.active, true);
  r = await call('PATCH', `/api/v1/units/${u.id}`, { active: 'yes' });
  assertError(r, 422, 'invalid');
  assert.deepEqual(fieldsOf(r), ['active']);
  r = await call('PATCH', `/api/v1/units/${u.id}`, { code: 'CDCS-002' });
  assert.deepEqual(r.data.error.fields, [{ field: 'code', message: 'Mã đơn vị “CDCS-002” đã có' }]);
  r = await call('PATCH', `/api/v1/units/${u.id}`, { name: '' });
  assert.deepEqual(fieldsOf(r), ['name']);
  assert.equal((await call('GET', `/api/v1/units/${u.id}`)).data.name, 'Công đoàn Sở Đổi tên');
  // a unit with people cannot be deactivated
  r = await call('PATCH', `/api/v1/units/${units['CDCS-002'].id}`, { active: false });
  assertError(r, 422, 'invalid');
  assert.deepEqual(fieldsOf(r), ['active']);
  assertError(await call('PATCH', '/api/v1/units/999999', { name: 'X' }), 404, 'not_found');
});

test('POST /api/v1/units/{id}/move: the subtree moves with its figures', async () => {
  const t1 = units['CDCS-001-T1'].id;
  const from = units['CDCS-001'].id;
  const to = units['CDCS-NEW'].id;
  const f1 = await stats(t1);
  const fromBefore = await stats(from);
  const toBefore = await stats(to);
  const rootBefore = await stats(units.CDVC.id);
  const r = await call('POST', `/api/v1/units/${t1}/move`, { parent_code: 'CDCS-NEW' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.parent_id, to);
  assert.equal(r.data.depth, 2);
  const fromAfter = await stats(from);
  const toAfter = await stats(to);
  assert.equal(fromAfter.people, fromBefore.people - f1.people);
  assert.equal(fromAfter.units, fromBefore.units - 1);
  assert.equal(toAfter.people, toBefore.people + f1.people);
  assert.equal(toAfter.units, toBefore.units + 1);
  assert.deepEqual(await stats(units.CDVC.id), rootBefore);
  assert.deepEqual(fromAfter, { ...fromAfter, ...figuresFromDb(from) });
  assert.deepEqual(toAfter, { ...toAfter, ...figuresFromDb(to) });
  // its people now sit under the new parent
  const list = await allPeople(call, `unit=${to}`);
  assert.equal(list.length, f1.people);
  // and back, by id
  const back = await call('POST', `/api/v1/units/${t1}/move`, { parent_id: from });
  assert.equal(back.status, 200);
  assert.deepEqual(await stats(from), fromBefore);
});

test('POST /api/v1/units/{id}/move errors: under its own child, the root, no parent, unknown', async () => {
  const a = units['CDCS-001'].id;
  let r = await call('POST', `/api/v1/units/${a}/move`, { parent_id: units['CDCS-001-T2'].id });
  assertError(r, 422, 'invalid');
  assert.deepEqual(r.data.error.fields, [{ field: 'parent', message: 'Không chuyển đơn vị vào chính nó hoặc đơn vị trực thuộc nó' }]);
  r = await call('POST', `/api/v1/units/${a}/move`, { parent_id: a });
  assert.deepEqual(fieldsOf(r), ['parent']);
  r = await call('POST', `/api/v1/units/${units.CDVC.id}/move`, { parent_id: a });
  assert.deepEqual(fieldsOf(r), ['parent']);
  r = await call('POST', `/api/v1/units/${a}/move`, {});
  assert.deepEqual(fieldsOf(r), ['parent_id']);
  r = await call('POST', `/api/v1/units/${a}/move`, { parent_code: 'KHONG-CO' });
  assert.deepEqual(fieldsOf(r), ['parent_id']);
  r = await call('POST', `/api/v1/units/${a}/move`, { parent_id: 999999 });
  assert.deepEqual(fieldsOf(r), ['parent']);
  assert.equal((await call('GET', `/api/v1/units/${a}`)).data.parent_id, units.CDVC.id);
  assertError(await call('POST', '/api/v1/units/999999/move', { parent_id: a }), 404, 'not_found');
});

// ---- people ----

test('GET /api/v1/people: shape, paging (per, page, more)', async () => {
  const r = await call('GET', '/api/v1/people?per=20');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.data).sort(), ['limit', 'more', 'offset', 'people']);
  assert.equal(r.data.people.length, 20);
  assert.equal(r.data.limit, 20);
  assert.equal(r.data.offset, 0);
  assert.equal(r.data.more, true);
  assert.deepEqual(Object.keys(r.data.people[0]).sort(), ['active', 'birth_date', 'code', 'family_name', 'full_name', 'gender',
    'given_name', 'id', 'is_leader', 'is_member', 'joined_union', 'left_date', 'middle_name', 'position', 'unit'].sort());
  const p2 = await call('GET', '/api/v1/people?per=10&page=2');
  assert.equal(p2.data.offset, 10);
  assert.deepEqual(p2.data.people.map((p) => p.id), r.data.people.slice(10, 20).map((p) => p.id));
  const d = await call('GET', '/api/v1/people');
  assert.equal(d.data.limit, 50);
  const n = sqlInt(srv.db, 'select count(*) from people where active = 1');
  const last = await call('GET', `/api/v1/people?per=200&page=${Math.ceil(n / 200)}`);
  assert.equal(last.data.more, false);
  assert.equal(last.data.people.length, n - 200 * (Math.ceil(n / 200) - 1));
  const past = await call('GET', '/api/v1/people?per=200&page=99');
  assert.deepEqual(past.data.people, []);
});

test('GET /api/v1/people filters: gender, member, leader, unit', async () => {
  const cases = [
    ['gender=F', "gender = 'F'", (p) => p.gender === 'F'],
    ['gender=M', "gender = 'M'", (p) => p.gender === 'M'],
    ['member=1', 'is_member = 1', (p) => p.is_member],
    ['member=0', 'is_member = 0', (p) => !p.is_member],
    ['leader=1', 'is_leader = 1', (p) => p.is_leader],
    ['gender=F&member=1&leader=0', "gender = 'F' and is_member = 1 and is_leader = 0", (p) => p.gender === 'F' && p.is_member && !p.is_leader],
  ];
  for (const [q, where, pred] of cases) {
    const list = await allPeople(call, q);
    assert.equal(list.length, sqlInt(srv.db, `select count(*) from people where active = 1 and ${where}`), q);
    assert.ok(list.every(pred), q);
  }
  const b = units['CDCS-002'];
  const byUnit = await allPeople(call, `unit=${b.id}`);
  assert.equal(byUnit.length, sqlInt(srv.db, `select count(*) from people where active = 1 and unit_id = ${b.id}`));
  assert.ok(byUnit.every((p) => p.unit.code === 'CDCS-002'));
  const byCode = await allPeople(call, 'unit_code=CDCS-002');
  assert.deepEqual(byCode.map((p) => p.id), byUnit.map((p) => p.id));
  // the subtree: CDCS-001 includes its groups
  const a = await allPeople(call, `unit=${units['CDCS-001'].id}`);
  assert.ok(a.some((p) => p.unit.code === 'CDCS-001-T1'));
  assert.equal(a.length, figuresFromDb(units['CDCS-001'].id).people);
});

test('GET /api/v1/people sort: name (Vietnamese order), name_desc, birth', async () => {
  const q = `unit=${units['CDCS-002'].id}&per=200`;
  const byName = (await call('GET', `/api/v1/people?${q}&sort=name`)).data.people;
  const coll = new Intl.Collator('vi');
  for (let i = 1; i < byName.length; i++) {
    const a = byName[i - 1], b = byName[i];
    const c = coll.compare(a.given_name, b.given_name) || coll.compare(a.middle_name, b.middle_name) || coll.compare(a.family_name, b.family_name);
    assert.ok(c <= 0, `${a.full_name} before ${b.full_name}`);
  }
  const desc = (await call('GET', `/api/v1/people?${q}&sort=name_desc`)).data.people;
  assert.equal(desc.length, byName.length);
  const keyOf = (p) => `${p.given_name}|${p.middle_name}|${p.family_name}`;
  assert.deepEqual(desc.map(keyOf), byName.map(keyOf).reverse());
  const byBirth = (await call('GET', `/api/v1/people?${q}&sort=birth`)).data.people;
  assert.equal(byBirth.length, byName.length);
  const dates = byBirth.map((p) => p.birth_date).filter(Boolean);
  assert.deepEqual(dates, [...dates].sort());
});

test('GET /api/v1/people errors: bad per, page, sort, gender, unit', async () => {
  const cases = [
    ['per=0', 'Số dòng mỗi trang phải từ 1 đến 200'],
    ['per=201', 'Số dòng mỗi trang phải từ 1 đến 200'],
    ['per=abc', 'Số dòng mỗi trang phải từ 1 đến 200'],
    ['page=0', 'Số trang không hợp lệ, hoặc quá xa: hãy lọc hay tìm kiếm để thu hẹp danh sách'],
    ['per=200&page=501', 'Số trang không hợp lệ, hoặc quá xa: hãy lọc hay tìm kiếm để thu hẹp danh sách'],
    ['sort=age', 'Cách sắp xếp phải là name, name_desc hoặc birth'],
    ['gender=X', 'Giới tính phải là M (nam) hoặc F (nữ)'],
    ['unit=abc', 'Tham số “unit” phải là mã số đơn vị'],
    ['unit_code=KHONG-CO', 'Không có đơn vị mã này trong phạm vi của bạn'],
    [`q=${'a'.repeat(201)}`, 'Từ khóa tìm kiếm quá dài'],
  ];
  for (const [q, msg] of cases) {
    const r = await call('GET', `/api/v1/people?${q}`);
    assertError(r, 422, 'invalid');
    assert.equal(r.data.error.message, msg, q);
  }
  assertError(await call('GET', '/api/v1/people?unit=999999'), 404, 'not_found');
});

test('POST /api/v1/people: 201 with the stored person, names split', async () => {
  const before = await stats(units['CDCS-003'].id);
  const p = await newPerson({ code: 'API-NEW-1', is_leader: 'Có' });
  assert.equal(p.full_name, 'Nguyễn Thị Kiểm Thử');
  assert.equal(p.family_name, 'Nguyễn');
  assert.equal(p.middle_name, 'Thị Kiểm');
  assert.equal(p.given_name, 'Thử');
  assert.equal(p.gender, 'F');
  assert.equal(p.birth_date, '1988-03-05');
  assert.equal(p.joined_union, '2012-09-01');
  assert.equal(p.is_member, true);
  assert.equal(p.is_leader, true);
  assert.equal(p.active, true);
  assert.equal(p.left_date, null);
  assert.equal(p.code, 'API-NEW-1');
  assert.deepEqual(p.unit, { id: units['CDCS-003'].id, code: 'CDCS-003', name: p.unit.name });
  const after = await stats(units['CDCS-003'].id);
  assert.deepEqual(after, { ...before, people: before.people + 1, members: before.members + 1, women: before.women + 1,
    women_members: before.women_members + 1, leaders: before.leaders + 1, member_rate: after.member_rate, women_member_rate: after.women_member_rate });
  // name parts given separately
  const q = await call('POST', '/api/v1/people', { family_name: 'Trần', middle_name: '', given_name: 'An', gender: 'M', unit_id: units['CDCS-003'].id });
  assert.equal(q.status, 201);
  assert.equal(q.data.full_name, 'Trần An');
  assert.equal(q.data.code, null);
  assert.equal(q.data.is_member, false);
  // text is cleaned: spaces collapsed
  const s = await call('POST', '/api/v1/people', { full_name: '  Lê   Văn    Tám  ', gender: 'nam', unit_code: 'CDCS-003' });
  assert.equal(s.status, 201);
  assert.equal(s.data.full_name, 'Lê Văn Tám');
  assert.equal(s.data.gender, 'M');
});

test('POST /api/v1/people: 422 with every field problem', async () => {
  const n = sqlInt(srv.db, 'select count(*) from people');
  let r = await call('POST', '/api/v1/people', {
    full_name: 'Lê 3', gender: 'Q', birth_date: '31/02/1990', is_member: 'maybe', joined_union: '01/01/2090',
  });
  assertError(r, 422, 'invalid');
  assert.deepEqual(fieldsOf(r).sort(), ['birth_date', 'full_name', 'gender', 'is_member', 'joined_union', 'unit']);
  const msg = Object.fromEntries(r.data.error.fields.map((f) => [f.field, f.message]));
  assert.equal(msg.birth_date, 'Ngày sinh “31/02/1990” không có thật trên lịch (hoặc ngoài khoảng 1900–2100)');
  assert.equal(msg.gender, 'Giới tính “Q” phải là Nam hoặc Nữ');
  assert.equal(msg.unit, 'Thiếu đơn vị');
  assert.equal(msg.joined_union, 'Ngày vào công đoàn ở tương lai');
  r = await call('POST', '/api/v1/people', { gender: 'M', unit_code: 'CDCS-003' });
  assert.deepEqual(r.data.error.fields, [{ field: 'full_name', message: 'Thiếu họ tên' }]);
  r = await call('POST', '/api/v1/people', { full_name: 'Trần Văn Bé', unit_code: 'CDCS-003' });
  assert.deepEqual(r.data.error.fields, [{ field: 'gender', message: 'Thiếu giới tính (Nam hoặc Nữ)' }]);
  r = await call('POST', '/api/v1/people', { full_name: 'Trần Văn Bé', gender: 'M', unit_code: 'KHONG-CO' });
  assert.deepEqual(fieldsOf(r), ['unit']);
  r = await call('POST', '/api/v1/people', { full_name: 'Trần Văn Bé', gender: 'M', unit_code: 'CDCS-003', birth_date: '01/01/2020' });
  assert.deepEqual(r.data.error.fields, [{ field: 'birth_date', message: 'Ngày sinh cho thấy chưa đủ 15 tuổi' }]);
  r = await call('POST', '/api/v1/people', { full_name: 'Trần Văn Bé', gender: 'M', unit_code: 'CDCS-003', birth_date: '01/01/1990', joined_union: '01/01/1980' });
  assert.deepEqual(fieldsOf(r), ['joined_union']);
  r = await call('POST', '/api/v1/people', { full_name: 'Trần Văn Bé', gender: 'M', unit_code: 'CDCS-003', code: 'API-NEW-1' });
  assert.deepEqual(r.data.error.fields, [{ field: 'code', message: 'Mã “API-NEW-1” đã dùng cho người khác' }]);
  r = await call('POST', '/api/v1/people', { full_name: 'Trần Văn Bé', gender: 'M', unit_code: 'CDCS-003', code: 'mã sai' });
  assert.deepEqual(fieldsOf(r), ['code']);
  r = await call('POST', '/api/v1/people', { full_name: ['Trần'], gender: 'M', unit_id: 'x' });
  assert.deepEqual(fieldsOf(r).sort(), ['full_name', 'unit_id']);
  assert.equal(sqlInt(srv.db, 'select count(*) from people'), n);
});

test('GET /api/v1/people/{id}: one person; 404 for an unknown id', async () => {
  const id = sqlInt(srv.db, "select id from people where code = 'CB000001'");
  const r = await call('GET', `/api/v1/people/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.id, id);
  assert.equal(r.data.code, 'CB000001');
  const row = sql(srv.db, `select full_name, gender, birth_date, unit_id from people where id = ${id}`)[0];
  assert.deepEqual([r.data.full_name, r.data.gender, r.data.birth_date, r.data.unit.id], [row[0], row[1], row[2], Number(row[3])]);
  assertError(await call('GET', '/api/v1/people/999999'), 404, 'not_found');
});

test('PATCH /api/v1/people/{id}: changes what is given, keeps the rest; 422 and 404', async () => {
  const p = await newPerson();
  let r = await call('PATCH', `/api/v1/people/${p.id}`, { position: 'Trưởng phòng', is_leader: true });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data, { ...p, position: 'Trưởng phòng', is_leader: true });
  r = await call('PATCH', `/api/v1/people/${p.id}`, { full_name: 'Phạm Thị Đổi Tên' });
  assert.equal(r.data.full_name, 'Phạm Thị Đổi Tên');
  assert.equal(r.data.family_name, 'Phạm');
  assert.equal(r.data.given_name, 'Tên');
  assert.equal(r.data.birth_date, '1988-03-05');
  r = await call('PUT', `/api/v1/people/${p.id}`, { birth_date: '1989-12-31' });
  assert.equal(r.status, 200);
  assert.equal(r.data.birth_date, '1989-12-31');
  r = await call('PATCH', `/api/v1/people/${p.id}`, { birth_date: '31/02/1990', gender: 'X' });
  assertError(r, 422, 'invalid');
  assert.deepEqual(fieldsOf(r).sort(), ['birth_date', 'gender']);
  assert.equal((await call('GET', `/api/v1/people/${p.id}`)).data.birth_date, '1989-12-31');
  // the unit does not change by PATCH
  r = await call('PATCH', `/api/v1/people/${p.id}`, { unit_code: 'CDCS-004' });
  assert.equal(r.status, 200);
  assert.equal(r.data.unit.code, 'CDCS-003');
  assertError(await call('PATCH', '/api/v1/people/999999', { position: 'X' }), 404, 'not_found');
});

test('POST /api/v1/people/{id}/transfer: history has two entries (newest first), both units\' figures change by one', async () => {
  const p = await newPerson();
  const a = units['CDCS-003'].id, b = units['CDCS-004'].id;
  const fa = await stats(a), fb = await stats(b), fr = await stats(units.CDVC.id);
  const r = await call('POST', `/api/v1/people/${p.id}/transfer`, { unit_code: 'CDCS-004', note: 'Điều động' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.unit.code, 'CDCS-004');
  assert.deepEqual(r.data, { ...p, unit: r.data.unit });
  const fa2 = await stats(a), fb2 = await stats(b);
  for (const k of ['people', 'members', 'women', 'women_members']) {
    assert.equal(fa2[k], fa[k] - 1, k);
    assert.equal(fb2[k], fb[k] + 1, k);
  }
  assert.deepEqual(await stats(units.CDVC.id), fr);
  const h = await call('GET', `/api/v1/people/${p.id}/history`);
  assert.equal(h.status, 200);
  // newest first
  assert.deepEqual(h.data.history.map((x) => [x.unit_code, x.from, x.to, x.note]), [
    ['CDCS-004', today, null, 'Điều động'],
    ['CDCS-003', today, today, ''],
  ]);
  assert.equal(h.data.history[0].unit_id, b);
  // by id, back again
  const back = await call('POST', `/api/v1/people/${p.id}/transfer`, { unit_id: a });
  assert.equal(back.status, 200);
  assert.equal((await call('GET', `/api/v1/people/${p.id}/history`)).data.history.length, 3);
});

test('POST /api/v1/people/{id}/transfer errors: same unit, unknown unit, future date, bad date, 404', async () => {
  const p = await newPerson();
  let r = await call('POST', `/api/v1/people/${p.id}/transfer`, { unit_code: 'CDCS-003' });
  assertError(r, 422, 'invalid');
  assert.deepEqual(fieldsOf(r), ['unit']);
  r = await call('POST', `/api/v1/people/${p.id}/transfer`, { unit_code: 'KHONG-CO' });
  assert.deepEqual(fieldsOf(r), ['unit']);
  r = await call('POST', `/api/v1/people/${p.id}/transfer`, {});
  assert.deepEqual(fieldsOf(r), ['unit']);
  r = await call('POST', `/api/v1/people/${p.id}/transfer`, { unit_code: 'CDCS-004', date: '01/01/2099' });
  assert.deepEqual(r.data.error.fields, [{ field: 'date', message: 'Ngày ở tương lai' }]);
  r = await call('POST', `/api/v1/people/${p.id}/transfer`, { unit_code: 'CDCS-004', date: '32/01/2020' });
  assert.deepEqual(fieldsOf(r), ['date']);
  r = await call('POST', `/api/v1/people/${p.id}/transfer`, { unit_code: 'CDCS-004', date: '01/01/1980' });
  assert.deepEqual(r.data.error.fields, [{ field: 'date', message: 'Ngày trước ngày sinh' }]);
  assert.equal((await call('GET', `/api/v1/people/${p.id}/history`)).data.history.length, 1);
  assertError(await call('POST', '/api/v1/people/999999/transfer', { unit_code: 'CDCS-004' }), 404, 'not_found');
});

test('POST /api/v1/people/{id}/transfer: a date before the person came to the current unit is refused', async () => {
  // the person came to CDCS-003 today; moving them out last year would
  // give a history that ends before it starts
  const p = await newPerson({ birth_date: '01/01/1980' });
  const r = await call('POST', `/api/v1/people/${p.id}/transfer`, { unit_code: 'CDCS-004', date: '01/01/2000' });
  assertError(r, 422, 'invalid');
  assert.deepEqual(fieldsOf(r), ['date']);
  const h = (await call('GET', `/api/v1/people/${p.id}/history`)).data.history;
  assert.deepEqual(h.map((x) => [x.unit_code, x.from, x.to]), [['CDCS-003', today, null]]);
});

test('POST /api/v1/people/{id}/leave: inactive, figures drop by one, history closed; twice is 422', async () => {
  const p = await newPerson();
  const a = units['CDCS-003'].id;
  const fa = await stats(a);
  const r = await call('POST', `/api/v1/people/${p.id}/leave`, { note: 'Nghỉ hưu' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.active, false);
  assert.equal(r.data.left_date, today);
  const fa2 = await stats(a);
  assert.equal(fa2.people, fa.people - 1);
  assert.equal(fa2.women_members, fa.women_members - 1);
  const h = (await call('GET', `/api/v1/people/${p.id}/history`)).data.history;
  assert.deepEqual(h.map((x) => [x.unit_code, x.to]), [['CDCS-003', today]]);
  // no longer in the default list, still in active=any and active=0
  assert.ok(!(await allPeople(call, `unit=${a}`)).some((x) => x.id === p.id));
  assert.ok((await allPeople(call, `unit=${a}&active=0`)).some((x) => x.id === p.id));
  assert.ok((await allPeople(call, `unit=${a}&active=any`)).some((x) => x.id === p.id));
  let e = await call('POST', `/api/v1/people/${p.id}/leave`, {});
  assertError(e, 422, 'invalid');
  assert.deepEqual(fieldsOf(e), ['active']);
  e = await call('POST', `/api/v1/people/${p.id}/transfer`, { unit_code: 'CDCS-004' });
  assert.deepEqual(fieldsOf(e), ['unit']);
  assert.deepEqual(await stats(a), fa2);
  const q = await newPerson();
  e = await call('POST', `/api/v1/people/${q.id}/leave`, { date: '01/01/2099' });
  assert.deepEqual(fieldsOf(e), ['date']);
  assertError(await call('POST', '/api/v1/people/999999/leave', {}), 404, 'not_found');
});

test('GET /api/v1/people/{id}/history: shape; 404 for an unknown id', async () => {
  const id = sqlInt(srv.db, "select id from people where code = 'CB000002'");
  const r = await call('GET', `/api/v1/people/${id}/history`);
  assert.equal(r.status, 200);
  assert.equal(r.data.history.length, 1);
  assert.deepEqual(Object.keys(r.data.history[0]).sort(), ['from', 'note', 'to', 'unit_code', 'unit_id', 'unit_name']);
  assert.equal(r.data.history[0].to, null);
  assertError(await call('GET', '/api/v1/people/999999/history'), 404, 'not_found');
});

// ---- import, export, audit ----

const importFile = csv([
  ['Mã', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Đoàn viên', 'Mã đơn vị'],
  ['IMP-0001', 'Hoàng Văn Nhập', 'Nam', '12/05/1985', 'Có', 'CDCS-005'],
  ['IMP-0002', 'Võ Thị Nhập', 'Nữ', '03/11/1992', 'Không', 'CDCS-005'],
]);

async function importRaw(query, body, ctype = 'text/csv') {
  const r = await fetch(`${srv.base}/api/v1/import/people${query}`, { method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': ctype }, body });
  return { status: r.status, data: await r.json() };
}

test('POST /api/v1/import/people?dry_run=1: the report, nothing written', async () => {
  const n = sqlInt(srv.db, 'select count(*) from people');
  const f = await stats(units['CDCS-005'].id);
  const r = await importRaw('?dry_run=1', importFile);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data, { dry_run: true, written: false, rows: 2, valid: 2, created: 2, updated: 0, unchanged: 0, problems_total: 0, problems: [] });
  assert.equal(sqlInt(srv.db, 'select count(*) from people'), n);
  assert.deepEqual(await stats(units['CDCS-005'].id), f);
});

test('POST /api/v1/import/people: written; the same file again changes nothing', async () => {
  const f = await stats(units['CDCS-005'].id);
  const r = await importRaw('', importFile);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data, { dry_run: false, written: true, rows: 2, valid: 2, created: 2, updated: 0, unchanged: 0, problems_total: 0, problems: [] });
  const f2 = await stats(units['CDCS-005'].id);
  assert.equal(f2.people, f.people + 2);
  assert.equal(f2.members, f.members + 1);
  const p = (await call('GET', '/api/v1/people?q=IMP-0002')).data.people;
  assert.equal(p.length, 1);
  assert.equal(p[0].full_name, 'Võ Thị Nhập');
  assert.equal(p[0].birth_date, '1992-11-03');
  assert.equal(p[0].is_member, false);
  const again = await importRaw('', importFile);
  assert.equal(again.data.created, 0);
  assert.equal(again.data.updated, 0);
  assert.equal(again.data.unchanged, 2);
  assert.deepEqual(await stats(units['CDCS-005'].id), f2);
});

test('POST /api/v1/import/people with problems: 422, the rows and columns, nothing written', async () => {
  const n = sqlInt(srv.db, 'select count(*) from people');
  const bad = csv([
    ['Mã', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Mã đơn vị'],
    ['IMP-0101', 'Đúng Văn Một', 'Nam', '01/01/1990', 'CDCS-005'],
    ['IMP-0102', 'Sai Văn Hai', 'Nam', '31/02/1990', 'CDCS-005'],
  ]);
  const r = await importRaw('', bad);
  assert.equal(r.status, 422);
  assert.equal(r.data.error.code, 'invalid');
  assert.equal(r.data.written, false);
  assert.equal(r.data.problems_total, 1);
  assert.deepEqual(r.data.problems, [{ row: 3, column: 'D', header: 'Ngày sinh', value: '31/02/1990',
    message: 'Ngày sinh “31/02/1990” không có thật trên lịch (hoặc ngoài khoảng 1900–2100)' }]);
  assert.equal(sqlInt(srv.db, 'select count(*) from people'), n);
  // empty body, unknown kind
  const e = await importRaw('?dry_run=1', '');
  assert.equal(e.status, 422);
  assert.equal(e.data.problems[0].message, 'Tệp rỗng');
  const k = await fetch(`${srv.base}/api/v1/import/things`, { method: 'POST', headers: { authorization: `Bearer ${tok}` }, body: 'x' });
  assert.equal(k.status, 404);
  assert.equal((await k.json()).error.code, 'not_found');
});

test('GET /api/v1/export/people?format=csv: BOM, Vietnamese header, one line per active person', async () => {
  const r = await fetch(`${srv.base}/api/v1/export/people?format=csv&unit=${units['CDCS-002'].id}`, { headers: { authorization: `Bearer ${tok}` } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="people.csv"');
  const buf = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = buf.toString('utf8').slice(1).trim().split(/\r?\n/);
  assert.equal(lines[0], 'Mã,Họ và tên,Họ,Tên đệm,Tên,Giới tính,Ngày sinh,Chức vụ,"Lãnh đạo, quản lý",Đoàn viên,Ngày vào công đoàn,Mã đơn vị,Tên đơn vị,Trạng thái,Ngày nghỉ');
  assert.equal(lines.length - 1, figuresFromDb(units['CDCS-002'].id).people);
  const first = sql(srv.db, `select code from people where active = 1 and unit_id = ${units['CDCS-002'].id}`).map((x) => x[0]);
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]).sort(), first.sort());
  // filters apply to exports too
  const w = await fetch(`${srv.base}/api/v1/export/people?format=csv&gender=F`, { headers: { authorization: `Bearer ${tok}` } });
  const wl = (await w.text()).trim().split(/\r?\n/);
  assert.equal(wl.length - 1, sqlInt(srv.db, "select count(*) from people where active = 1 and gender = 'F'"));
});

test('GET /api/v1/export/people?format=xlsx: an XLSX (a ZIP starting with PK)', async () => {
  const r = await call('GET', '/api/v1/export/people?format=xlsx');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="people.xlsx"');
  const b = Buffer.from(r.data);
  assert.deepEqual([...b.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
  // no format: xlsx as well
  const d = await call('GET', '/api/v1/export/people');
  assert.equal(Buffer.from(d.data).subarray(0, 2).toString(), 'PK');
});

test('GET /api/v1/export/units and export errors', async () => {
  const r = await fetch(`${srv.base}/api/v1/export/units?format=csv`, { headers: { authorization: `Bearer ${tok}` } });
  assert.equal(r.status, 200);
  const lines = (await r.text()).replace(/^\ufeff/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại đơn vị,Khối,Mã đơn vị cấp trên,Trạng thái,Số người,Đoàn viên,Nữ,Nữ đoàn viên');
  assert.equal(lines.length - 1, sqlInt(srv.db, 'select count(*) from units'));
  let e = await call('GET', '/api/v1/export/people?format=pdf');
  assertError(e, 422, 'invalid');
  assert.equal(e.data.error.message, 'Định dạng phải là xlsx hoặc csv');
  assertError(await call('GET', '/api/v1/export/things?format=csv'), 404, 'not_found');
  assertError(await call('GET', '/api/v1/export/people?format=csv&per=0'), 422, 'invalid');
});

test('GET /api/v1/audit: who did what, with before and after', async () => {
  const p = await newPerson();
  await call('PATCH', `/api/v1/people/${p.id}`, { position: 'Kiểm toán viên' });
  const r = await call('GET', '/api/v1/audit');
  assert.equal(r.status, 200);
  assert.ok(r.data.entries.length > 0 && r.data.entries.length <= 100);
  const e = r.data.entries[0];
  assert.deepEqual(Object.keys(e).sort(), ['action', 'after', 'at', 'before', 'entity', 'entity_id', 'id', 'summary', 'user']);
  assert.equal(e.action, 'update');
  assert.equal(e.entity, 'person');
  assert.equal(e.entity_id, p.id);
  assert.equal(e.user, 'admin');
  assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(JSON.parse(e.before).position, 'Chuyên viên');
  assert.equal(JSON.parse(e.after).position, 'Kiểm toán viên');
  const c = r.data.entries[1];
  assert.deepEqual([c.action, c.entity, c.entity_id, c.before], ['create', 'person', p.id, null]);
  // newest first, and paging by id
  const ids = r.data.entries.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  const older = await call('GET', `/api/v1/audit?before=${ids[0]}`);
  assert.equal(older.data.entries[0].id, ids[1]);
  const units_ = await call('GET', '/api/v1/audit?entity=unit');
  assert.ok(units_.data.entries.length > 0);
  assert.ok(units_.data.entries.every((x) => x.entity === 'unit'));
  const e2 = await call('GET', '/api/v1/audit?before=abc');
  assertError(e2, 422, 'invalid');
});

test('malformed JSON bodies: 422 with a message that says what is wrong', async () => {
  const raw = (body) => fetch(`${srv.base}/api/v1/people`, { method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body })
    .then(async (r) => ({ status: r.status, data: await r.json(), headers: r.headers }));
  let r = await raw('{"full_name": "A B",');
  assertError(r, 422, 'invalid');
  assert.match(r.data.error.message, /^JSON không hợp lệ \(dòng 1, cột \d+\)/);
  r = await raw('');
  assertError(r, 422, 'invalid');
  assert.equal(r.data.error.message, 'Thiếu nội dung JSON');
  r = await raw('{"a":1,"a":2}');
  assertError(r, 422, 'invalid');
  r = await raw('[1, 2]');
  assertError(r, 422, 'invalid');
  assert.match(r.data.error.message, /phải là một đối tượng/);
});

test('a JSON body that is not an object: the message names no position "-1"', async () => {
  const r = await fetch(`${srv.base}/api/v1/people`, { method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: '[1, 2]' });
  assert.equal(r.status, 422);
  const m = (await r.json()).error.message;
  assert.doesNotMatch(m, /-1/, m);
});

test('unknown routes and methods: 404 / 405 JSON', async () => {
  let r = await call('GET', '/api/v1/nothing-here');
  assertError(r, 404, 'not_found');
  r = await call('GET', '/api/v2/people');
  assertError(r, 404, 'not_found');
  r = await call('GET', '/api/v1/people/abc');
  assertError(r, 404, 'not_found');
  r = await call('DELETE', `/api/v1/people/${sqlInt(srv.db, 'select min(id) from people')}`);
  assert.equal(r.status, 405);
  assert.equal(r.data.error.code, 'invalid');
  // a page that does not exist is an HTML 404
  const p = await fetch(`${srv.base}/khong-co`);
  assert.equal(p.status, 404);
  assert.equal(p.headers.get('content-type'), 'text/html; charset=utf-8');
});

test('a JSON body over the limit (256 KB): 413 too_large, and the server carries on', async () => {
  const n = 300 * 1024;
  const r = await rawUpload(srv.port, `POST /api/v1/people HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n` +
    `Authorization: Bearer ${tok}\r\nContent-Type: application/json\r\nContent-Length: ${n}\r\n\r\n`, { bodyLen: n });
  assert.equal(r.status, 413);
  const j = JSON.parse(r.body);
  assert.equal(j.error.code, 'too_large');
  assert.equal(j.error.message, 'Nội dung gửi lên quá lớn');
  assert.equal((await call('GET', '/api/v1/me')).status, 200);
});

test('GET /api/v1/units?q=: units by name without tone marks, or by code, inside the scope', async () => {
  let r = await call('GET', '/api/v1/units?q=cong+doan+so+tu+phap');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.units.map((u) => u.name), ['Công đoàn Sở Tư pháp']);
  r = await call('GET', '/api/v1/units?q=CDCS-003');
  assert.deepEqual(r.data.units.map((u) => u.code), ['CDCS-003']);
  // a chair finds nothing outside their CĐCS
  const chair = api(srv.base, token(srv.db, 'chutich'));
  r = await chair('GET', '/api/v1/units?q=cong+doan+so+tu+phap');
  assert.deepEqual(r.data.units, []);
  r = await call('GET', '/api/v1/units?q=' + 'x'.repeat(201));
  assert.equal(r.status, 422);
});

test('PATCH /api/v1/units/{id} with fields and active: all or nothing', async () => {
  const u = units['CDCS-004'];
  const before = (await call('GET', `/api/v1/units/${u.id}`)).data;
  assert.ok(before.figures.people > 0);
  const r = await call('PATCH', `/api/v1/units/${u.id}`, { name: 'Đổi qua API', active: false });
  assertError(r, 422, 'invalid');
  const after = (await call('GET', `/api/v1/units/${u.id}`)).data;
  assert.equal(after.name, before.name);
  assert.equal(after.active, true);
});
