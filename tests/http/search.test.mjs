// search.test.mjs: Vietnamese search (case and diacritics ignored, đ = d,
// exact matches first when the query has diacritics, NFC and NFD alike)
// and Vietnamese order (given name, then middle, then family name, with
// the letters a ă â b c d đ e ê … and the tones).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, token } from '../lib/server.mjs';

let srv, call;
let searchUnit;	// a fresh unit holding the people to find
const ids = {};	// full name as typed -> id

async function makeUnit(code, name) {
  const r = await call('POST', '/api/v1/units', { code, name, kind: 'grassroots', block: 'hc', parent_code: 'CDVC' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data;
}

async function addPeople(unit, names) {
  for (const n of names) {
    const r = await call('POST', '/api/v1/people', { full_name: n, gender: 'M', unit_id: unit.id });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    ids[n] = r.data.id;
  }
}

async function find(q, unit = searchUnit, extra = '') {
  const r = await call('GET', `/api/v1/people?unit=${unit.id}&per=200&q=${encodeURIComponent(q)}${extra}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data.people.map((p) => p.full_name);
}

async function sorted(unit, sort = 'name') {
  const r = await call('GET', `/api/v1/people?unit=${unit.id}&per=200&sort=${sort}`);
  assert.equal(r.status, 200);
  return r.data.people.map((p) => p.full_name);
}

const sameSet = (a, b) => assert.deepEqual([...a].sort(), [...b].sort());

test.before(async () => {
  srv = await startServer({ people: 120, units: 4 });
  call = api(srv.base, token(srv.db, 'admin'));
  searchUnit = await makeUnit('TIM-KIEM', 'Công đoàn Thử tìm kiếm');
  await addPeople(searchUnit, ['Nguyễn Văn Dũng', 'NGUYỄN VĂN DŨNG', 'Nguyễn Văn Dung', 'Đặng Thị Ánh', 'Nguyễn Thị Hồng', 'Trần Văn Đông']);
});

test.after(async () => {
  await srv.stop();
});

test('names are stored as typed', async () => {
  const r = await call('GET', `/api/v1/people/${ids['NGUYỄN VĂN DŨNG']}`);
  assert.equal(r.data.full_name, 'NGUYỄN VĂN DŨNG');
  assert.equal(r.data.family_name, 'NGUYỄN');
  assert.equal(r.data.given_name, 'DŨNG');
});

test('"nguyen van dung" finds Nguyễn Văn Dũng, NGUYỄN VĂN DŨNG and Nguyễn Văn Dung', async () => {
  sameSet(await find('nguyen van dung'), ['Nguyễn Văn Dũng', 'NGUYỄN VĂN DŨNG', 'Nguyễn Văn Dung']);
  sameSet(await find('NGUYEN VAN DUNG'), ['Nguyễn Văn Dũng', 'NGUYỄN VĂN DŨNG', 'Nguyễn Văn Dung']);
  sameSet(await find('  nguyen   van  dung '), ['Nguyễn Văn Dũng', 'NGUYỄN VĂN DŨNG', 'Nguyễn Văn Dung']);
});

test('đ is d: "dang thi anh" finds Đặng Thị Ánh; "dong" finds Đông', async () => {
  assert.deepEqual(await find('dang thi anh'), ['Đặng Thị Ánh']);
  assert.deepEqual(await find('DANG'), ['Đặng Thị Ánh']);
  assert.deepEqual(await find('đặng'), ['Đặng Thị Ánh']);
  assert.deepEqual(await find('tran van dong'), ['Trần Văn Đông']);
});

test('words match in any order, and the last word may be a beginning', async () => {
  sameSet(await find('dung nguyen'), ['Nguyễn Văn Dũng', 'NGUYỄN VĂN DŨNG', 'Nguyễn Văn Dung']);
  sameSet(await find('nguyen van d'), ['Nguyễn Văn Dũng', 'NGUYỄN VĂN DŨNG', 'Nguyễn Văn Dung']);
  assert.deepEqual(await find('nguyen ho'), ['Nguyễn Thị Hồng']);
  assert.deepEqual(await find('nguyen van xyz'), []);
});

test('a query with diacritics puts the exact matches first', async () => {
  const r = await find('Nguyễn Văn Dũng');
  assert.equal(r.length, 3);
  sameSet(r.slice(0, 2), ['Nguyễn Văn Dũng', 'NGUYỄN VĂN DŨNG']);
  assert.equal(r[2], 'Nguyễn Văn Dung');
  const r2 = await find('Nguyễn Văn Dung');
  assert.equal(r2[0], 'Nguyễn Văn Dung');
  assert.equal(r2.length, 3);
});

test('a query typed with combining marks (NFD) finds the same as precomposed (NFC)', async () => {
  const nfc = 'Nguyễn Văn Dũng';
  const nfd = 'Nguye\u0302\u0303n Va\u0306n Du\u0303ng';
  assert.equal(nfd.normalize('NFC'), nfc);
  assert.notEqual(nfd, nfc);
  const a = await find(nfc);
  const b = await find(nfd);
  assert.deepEqual(b, a);
  sameSet(b.slice(0, 2), ['Nguyễn Văn Dũng', 'NGUYỄN VĂN DŨNG']);
  assert.deepEqual(await find('\u0110a\u0306\u0323ng'), ['Đặng Thị Ánh']);	// Đặng in NFD
});

test('a name typed with combining marks is stored precomposed (NFC)', async () => {
  const nfd = 'Le\u0302 Thi\u0323 Nga\u0302n';
  const r = await call('POST', '/api/v1/people', { full_name: nfd, gender: 'F', unit_id: searchUnit.id });
  assert.equal(r.status, 201);
  assert.equal(r.data.full_name, 'Lê Thị Ngân');
  assert.equal(r.data.full_name, nfd.normalize('NFC'));
  assert.equal(r.data.given_name, 'Ngân');
  assert.deepEqual(await find('Lê Thị Ngân'), ['Lê Thị Ngân']);
  assert.deepEqual(await find('le thi ngan'), ['Lê Thị Ngân']);
});

test('search by a person\'s code', async () => {
  const r = await call('GET', '/api/v1/people?q=CB000007');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.people.map((p) => p.code), ['CB000007']);
});

test('the people page searches the same way', async () => {
  const s = await srv.login('admin');
  const r = await s.text(`/people?unit=${searchUnit.id}&q=${encodeURIComponent('nguyen van dung')}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Tìm thấy 3 người/);
  for (const n of ['Nguyễn Văn Dũng', 'NGUYỄN VĂN DŨNG', 'Nguyễn Văn Dung']) assert.ok(r.text.includes(`>${n}</a>`), n);
  assert.ok(!r.text.includes('Đặng Thị Ánh'));
  // the query is kept in the box
  assert.match(r.text, /name="q" value="nguyen van dung"/);
  const none = await s.text(`/people?unit=${searchUnit.id}&q=zzzz`);
  assert.match(none.text, /Không tìm thấy ai khớp với từ khóa\./);
});

test('Vietnamese order by given name: An, Anh, Bình, Dũng, Đức', async () => {
  const u = await makeUnit('SAP-XEP-1', 'Công đoàn Thử sắp xếp 1');
  await addPeople(u, ['Trần Văn Đức', 'Lê Thị Anh', 'Phạm Văn Dũng', 'Hoàng Văn Bình', 'Vũ Thị An']);
  assert.deepEqual(await sorted(u), ['Vũ Thị An', 'Lê Thị Anh', 'Hoàng Văn Bình', 'Phạm Văn Dũng', 'Trần Văn Đức']);
  assert.deepEqual(await sorted(u, 'name_desc'), ['Trần Văn Đức', 'Phạm Văn Dũng', 'Hoàng Văn Bình', 'Lê Thị Anh', 'Vũ Thị An']);
});

test('Vietnamese order: letters a < ă < â, o < ô < ơ, u < ư, tones after the bare letter, then middle and family names', async () => {
  const u = await makeUnit('SAP-XEP-2', 'Công đoàn Thử sắp xếp 2');
  await addPeople(u, ['Lý Ư', 'Phan Văn Ân', 'Lê Văn An', 'Đỗ Ơn', 'Bùi Văn An', 'Trần Anh', 'Hồ Ôn', 'Nguyễn Ánh', 'Lê Thị An', 'Mai On', 'Lý U', 'Hà Dung', 'Hà Dũng']);
  assert.deepEqual(await sorted(u), [
    'Lê Thị An', 'Bùi Văn An', 'Lê Văn An',	// same given name: by middle, then family
    'Trần Anh', 'Nguyễn Ánh',			// tone after the bare letter
    'Phan Văn Ân',					// â after a
    'Hà Dung', 'Hà Dũng',
    'Mai On', 'Hồ Ôn', 'Đỗ Ơn',			// o ô ơ
    'Lý U', 'Lý Ư',					// u ư
  ]);
});

test('the people page lists in the same order', async () => {
  const s = await srv.login('xem');
  const u = (await call('GET', '/api/v1/people?unit_code=SAP-XEP-1&per=1')).data.people[0].unit;
  const r = await s.text(`/people?unit=${u.id}`);
  const names = [...r.text.matchAll(/<a href="\/people\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
  assert.deepEqual(names, ['Vũ Thị An', 'Lê Thị Anh', 'Hoàng Văn Bình', 'Phạm Văn Dũng', 'Trần Văn Đức']);
});

test('search results also follow the requested order', async () => {
  const r = await call('GET', `/api/v1/people?unit=${searchUnit.id}&q=nguyen&sort=name`);
  const given = r.data.people.map((p) => p.given_name);
  assert.deepEqual(given, ['Dung', ...given.slice(1, 3), 'Hồng']);
  sameSet(given.slice(1, 3), ['Dũng', 'DŨNG']);
});
