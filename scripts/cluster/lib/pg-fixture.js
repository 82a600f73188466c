'use strict';
/**
 * A fresh PostgreSQL database per run (dw_<tag>_<pid>_<time>), dropped at the end, so runs never
 * collide. The admin URL defaults to the local server of the CI machine (trust auth).
 */
const { Client } = require('pg');

const ADMIN_URL = process.env.DRIFTWATCH_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function withAdmin(work) {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(tag) {
  const name = `dw_${tag}_${process.pid}_${Date.now()}`.toLowerCase();
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropDatabase(name) {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function connect(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

module.exports = { createDatabase, dropDatabase, connect, ADMIN_URL };
