// helpers.mjs: small tools shared by the HTTP tests (not a test file).
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';

import { sql } from '../lib/db.mjs';

export { sql };

export function sqlInt(db, query) {
  return Number(sql(db, query)[0][0]);
}

// Every page of /api/v1/people for a query, 200 at a time.
export async function allPeople(call, query = '') {
  const out = [];
  for (let page = 1; page < 1000; page++) {
    const r = await call('GET', `/api/v1/people?per=200&page=${page}${query ? '&' + query : ''}`);
    if (r.status !== 200) throw new Error(`people page ${page}: ${r.status} ${JSON.stringify(r.data)}`);
    out.push(...r.data.people);
    if (!r.data.more) break;
  }
  return out;
}

export function unescapeHtml(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

// The rows of the first <table> whose class contains cls: arrays of cell texts.
export function tableRows(html, cls) {
  const t = new RegExp(`<table class="[^"]*\\b${cls}\\b[^"]*">([\\s\\S]*?)</table>`).exec(html);
  if (!t) return null;
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(t[1]);
  if (!body) return [];
  const rows = [];
  for (const m of body[1].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)) {
    rows.push([...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)]
      .map((c) => unescapeHtml(c[1].replace(/<[^>]*>/g, ''))));
  }
  return rows;
}

// Follow an import job page until it is no longer running.
export async function waitJob(s, location, timeoutMs = 20000) {
  const t0 = Date.now();
  for (;;) {
    const r = await s.text(location);
    if (r.status !== 200) return r;
    if (!r.text.includes('data-job="running"')) return r;
    if (Date.now() - t0 > timeoutMs) throw new Error('import job still running: ' + location);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

// Post a file to the web import page and return the finished job page.
export async function webImport(s, { kind = 'people', mode = 'check', name, data, type = 'text/csv', goodRows = false }) {
  const form = new FormData();
  form.set('kind', kind);
  form.set('mode', mode);
  if (goodRows) form.set('good_rows', '1');
  form.set('file', new Blob([data], { type }), name);
  const r = await s.postMultipart('/import', form);
  if (r.status !== 303) return { status: r.status, text: await r.text(), location: null };
  const location = r.headers.get('location');
  await r.arrayBuffer();
  const page = await waitJob(s, location);
  return { status: page.status, text: page.text, location };
}

// A request from a given local address (to test per-address limits).
export function httpFrom(localAddress, base, method, path, { headers = {}, body } = {}) {
  const u = new URL(base);
  return new Promise((ok, ko) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers, localAddress }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', ko);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// A raw HTTP/1.1 request: head is sent, then (after pauseMs, time for an
// early answer) bodyLen bytes of 'a' (framed in chunks when chunked),
// stopping as soon as an answer arrives.  Returns {status, head, body,
// sent}; status 0 when the connection closed without an answer.
export function rawUpload(port, head, { bodyLen = 0, chunked = false, waitMs = 3000, pauseMs = 300 } = {}) {
  return new Promise((ok) => {
    const s = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let sent = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      s.destroy();
      const text = data.toString('utf8');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const i = text.indexOf('\r\n\r\n');
      ok({ status: m ? Number(m[1]) : 0, head: i >= 0 ? text.slice(0, i) : text,
        body: i >= 0 ? text.slice(i + 4) : '', sent });
    };
    s.on('data', (d) => {
      data = Buffer.concat([data, d]);
      const text = data.toString('utf8');
      const i = text.indexOf('\r\n\r\n');
      if (i < 0) return;
      const cl = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, i));
      if (cl && data.length >= Buffer.byteLength(text.slice(0, i + 4)) + Number(cl[1])) finish();
    });
    s.on('error', () => {});
    s.on('close', finish);
    s.on('connect', () => {
      s.write(head);
      const chunk = Buffer.alloc(1 << 16, 0x61);
      const framed = chunked ? Buffer.concat([Buffer.from(chunk.length.toString(16) + '\r\n'), chunk, Buffer.from('\r\n')]) : chunk;
      const pump = () => {
        while (sent < bodyLen) {
          if (data.length || done) return;
          sent += chunk.length;
          if (!s.write(framed)) { s.once('drain', pump); return; }
        }
        if (chunked) s.write('0\r\n\r\n');
        setTimeout(finish, waitMs);
      };
      setTimeout(pump, pauseMs);
    });
  });
}

// Text of a CSV in Excel's habits: BOM, semicolons, CRLF.
export function csv(rows, { sep = ',', bom = false, eol = '\n' } = {}) {
  const q = (v) => (/[",;\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
  return (bom ? '\ufeff' : '') + rows.map((r) => r.map((v) => q(String(v))).join(sep)).join(eol) + eol;
}
