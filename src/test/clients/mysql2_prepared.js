// Node's mysql2 with its default settings against one MetaFE: the same rows through execute() (server-side
// prepared statements, binary protocol) and query() (text protocol), with the JavaScript types mysql2 gives.
// Usage: node mysql2_prepared.js HOST PORT. Prints one line per check; exits non-zero on the first failure.
const assert = require('node:assert/strict');
const mysql = require('mysql2/promise');

const [host, port] = [process.argv[2], Number(process.argv[3])];

async function check(name, fn) {
  await fn();
  console.log(`ok ${name}`);
}

(async () => {
  const c = await mysql.createConnection({ host, port, user: 'root' });
  await c.query('CREATE DATABASE IF NOT EXISTS node');
  await c.query('CREATE TABLE IF NOT EXISTS node.t (id BIGINT NOT NULL, name VARCHAR(32), price DECIMAL(10,2),'
      + ' f DOUBLE, small TINYINT, b BOOLEAN, d DATE, ts DATETIME) DUPLICATE KEY(id)');
  const row = [1, "it's \\ \"q\" ünï", '1.50', 2.5, -7, true, '2024-02-29', '2024-01-01 12:00:01'];
  await check('a prepared INSERT with a value of each type', async () => {
    const [r] = await c.execute('INSERT INTO node.t VALUES (?, ?, ?, ?, ?, ?, ?, ?)', row);
    assert.equal(r.affectedRows, 1);
  });
  await check('a prepared INSERT of NULLs (the NULL bitmap)', async () => {
    await c.execute('INSERT INTO node.t VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [2, null, null, null, null, null, null,
      null]);
  });
  await check('a text INSERT of the same values', async () => {
    await c.query('INSERT INTO node.t VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [3, ...row.slice(1)]);
  });
  let prepared;
  let text;
  await check('execute() and query() return the same values', async () => {
    [prepared] = await c.execute('SELECT * FROM node.t WHERE id >= ? ORDER BY id', [1]);
    [text] = await c.query('SELECT * FROM node.t ORDER BY id');
    assert.deepEqual(prepared, text);
    assert.equal(prepared.length, 3);
  });
  await check('JavaScript types', async () => {
    const first = prepared[0];
    assert.equal(first.id, 1);
    assert.equal(first.name, "it's \\ \"q\" ünï");
    assert.equal(first.price, '1.50');
    assert.equal(first.f, 2.5);
    assert.equal(first.small, -7);
    assert.equal(first.b, 1);
    assert.ok(first.d instanceof Date);
    assert.ok(first.ts instanceof Date);
    assert.equal(prepared[1].name, null);
    assert.deepEqual(prepared[2], { ...first, id: 3 });
  });
  await check('a statement executed again with new values (types bound once)', async () => {
    const stmt = await c.prepare('SELECT name FROM node.t WHERE id = ?');
    const [[a]] = await stmt.execute([1]);
    const [[b]] = await stmt.execute([3]);
    assert.equal(a.name, b.name);
    stmt.close();
  });
  await check('a wrong number of values is a clear error', async () => {
    await assert.rejects(c.execute('SELECT * FROM node.t WHERE id = ? AND name = ?', [1]),
      (e) => e.errno !== undefined || /Bind parameters/.test(e.message));
  });
  await check('a prepared statement in a transaction', async () => {
    await c.beginTransaction();
    await c.execute('INSERT INTO node.t (id) VALUES (?)', [10]);
    await c.rollback();
    const [[n]] = await c.execute('SELECT COUNT(*) AS n FROM node.t WHERE id = ?', [10]);
    assert.equal(Number(n.n), 0);
  });
  await c.end();
  console.log('all checks passed');
})().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
