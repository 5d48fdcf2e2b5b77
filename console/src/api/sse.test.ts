import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { postSse, SseParser, type SseEvent } from './sse';

describe('SseParser', () => {
  it('assembles events split anywhere across chunks', () => {
    const text = 'event: delta\ndata: {"text":"he"}\n\nevent: delta\r\ndata: {"text":"llo"}\r\n\r\n: comment\n\nevent: done\ndata: {"a":1}\ndata: {"b":2}\n\n';
    for (let size = 1; size < text.length; size++) {
      const parser = new SseParser();
      const events: SseEvent[] = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      expect(events).toEqual([
        { event: 'delta', data: '{"text":"he"}' },
        { event: 'delta', data: '{"text":"llo"}' },
        { event: 'done', data: '{"a":1}\n{"b":2}' },
      ]);
    }
  });
});

// A loopback server that answers like the admin API's debug chat: SSE in several writes, or a JSON error.
describe('postSse against a server on loopback', () => {
  let server: Server;
  let base = '';
  let seen: { auth?: string; body?: string } = {};
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen = { auth: request.headers.authorization, body };
        if (request.url === '/missing') {
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end('{"error":{"code":"not_found","message":"app \'x\' does not exist"}}');
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('event: delta\ndata: {"text":"a"}\n');
        setTimeout(() => {
          response.write('\nevent: done\ndata: {"text":"a"}\n\n');
          response.end();
        }, 5);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('streams the events in order and sends the JSON body', async () => {
    const events: SseEvent[] = [];
    await postSse(base + '/stream', { text: 'hi' }, (event) => events.push(event));
    expect(events.map((e) => e.event)).toEqual(['delta', 'done']);
    expect(JSON.parse(seen.body ?? '')).toEqual({ text: 'hi' });
  });

  it('throws the JSON error the server answers before streaming', async () => {
    const failure = await postSse(base + '/missing', { text: 'hi' }, () => {}).catch((e) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(404);
    expect((failure as ApiError).message).toContain('does not exist');
  });
});
