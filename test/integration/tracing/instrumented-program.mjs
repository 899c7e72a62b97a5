/**
 * A program for register.test.ts, run as
 *   node --import dist/src/observability/tracing/register.js instrumented-program.mjs
 * It uses the libraries the service talks through the way the service does (an Express server,
 * pg, amqplib) and then stops itself with SIGTERM, on which register.js flushes its spans.
 * Needs DATABASE_URL and RABBITMQ_URL.
 */
import { trace } from '@opentelemetry/api';
import amqp from 'amqplib';
import express from 'express';
import pg from 'pg';

const app = express();
app.get('/hello', (_request, response) => {
  response.json({ hello: 'world' });
});
app.get('/health/live', (_request, response) => {
  response.json({ status: 'ok' });
});
const server = await new Promise((resolve) => {
  const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
});
const base = `http://127.0.0.1:${server.address().port}`;
// A key sent in the query string (the API refuses it) must not reach the trace backend.
await (await fetch(`${base}/hello?api_key=sk_secret_in_query&status=RUNNING`)).json();
await (await fetch(`${base}/health/live`)).json();

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
// Outside any span: like the outbox and timer polls, it must not start a trace.
await client.query('SELECT 2 AS unparented');

const connection = await amqp.connect(process.env.RABBITMQ_URL);
const channel = await connection.createChannel();
await trace.getTracer('instrumented-program').startActiveSpan('traced work', async (span) => {
  await client.query('SELECT 1 AS parented');
  const { queue } = await channel.assertQueue('', { exclusive: true });
  channel.sendToQueue(queue, Buffer.from('hello'));
  span.end();
});

await channel.close();
await connection.close();
await client.end();
await new Promise((resolve) => server.close(resolve));
process.kill(process.pid, 'SIGTERM');
