import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from './queries';

// A loopback server answering like the admin API's PATCH /draft: it records the request and answers
// with the app, or with the API's 400 naming the field.
describe('saveDraft against a server on loopback', () => {
  let server: Server;
  let base = '';
  let seen: { method?: string; url?: string; type?: string; body?: string } = {};
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen = { method: request.method, url: request.url, type: request.headers['content-type'], body };
        if (request.url?.includes('/bad/')) {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end('{"error":{"code":"invalid_request","message":"qaThreshold must be between 0 and 1"}}');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"id":"guide","draft":{"name":"Guide"}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubGlobal('location', new URL(base));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const before = {
    name: 'Guide',
    systemPrompt: 'old',
    qaPairs: [{ question: 'q', answer: 'a' }],
    memory: { lastMessages: 6, tokenBudget: 1500 },
    replyLanguage: 'en',
  } as AppConfig;

  it('sends only what changed as a merge patch', async () => {
    const { saveDraft } = await import('./queries');
    const after = { ...before, systemPrompt: 'new', memory: { lastMessages: 8, tokenBudget: 1500 } } as AppConfig;
    delete (after as Record<string, unknown>).replyLanguage;

    const app = await saveDraft('guide', before, after, base);

    expect(app.id).toBe('guide');
    expect(seen.method).toBe('PATCH');
    expect(seen.url).toBe('/admin/v1/apps/guide/draft');
    expect(seen.type).toBe('application/merge-patch+json');
    expect(JSON.parse(seen.body ?? '')).toEqual({ systemPrompt: 'new', memory: { lastMessages: 8 }, replyLanguage: null });
  });

  it('throws the API error naming the field', async () => {
    const { saveDraft } = await import('./queries');
    const failure = await saveDraft('bad', before, { ...before, qaThreshold: 2 } as AppConfig, base).catch((e) => e);

    expect(failure.status).toBe(400);
    expect(failure.field).toBe('qaThreshold');
  });
});
