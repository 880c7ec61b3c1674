// db.mjs: the database a test uses, on either backend.
//
// By default a test database is a SQLite file.  With THIDUA_TEST_PG set to
// a libpq connection string without a dbname (scripts/run-tests sets it to
// the PostgreSQL server it started), each newDb() is a fresh database on
// that server, named by a connection string the thidua binary takes
// wherever it takes --db.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const PG = process.env.THIDUA_TEST_PG || '';
export const BACKEND = PG ? 'pg' : 'sqlite';
let serial = 0;

function psql(conninfo, query) {
  return execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-d', conninfo, '-c', query],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// A new, empty database: a file in dir, or a database on the test server.
export function newDb(dir, name = 'test') {
  if (!PG) return join(dir, `${name}.db`);
  const db = `t_${process.pid}_${++serial}_${name.replace(/[^a-z0-9]/gi, '').toLowerCase()}`.slice(0, 60);
  psql(`${PG} dbname=postgres`, `CREATE DATABASE ${db}`);
  return `${PG} dbname=${db}`;
}

// Drop a database newDb() made on the test server (files go with their dir).
export function dropDb(db) {
  if (!PG || !db.startsWith(PG)) return;
  const name = /dbname=(\S+)$/.exec(db)[1];
  try {
    psql(`${PG} dbname=postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch { /* the server may be gone at the end of a run */ }
}

// Run an SQL query; rows as arrays of strings (NULL as '').
export function sql(db, query) {
  const out = PG && db.startsWith(PG) ? psql(db, query)
    : execFileSync('sqlite3', ['-separator', '\t', db, query], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}
