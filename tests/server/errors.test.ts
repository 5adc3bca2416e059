import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../shared/errors.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('errors and documents', () => {
  it.each([
    ['GET', '/api/nothing-here'],
    ['POST', '/api/health'],
    ['DELETE', '/api/stations'],
    ['GET', '/api'],
  ] as const)('%s %s answers 404 JSON', async (method, url) => {
    const res = await t.app.inject({ method, url });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(ErrorBody.parse(res.json()).error.code).toBe('not_found');
  });

  it('serves the web app (or a build hint) for client-side routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/map/almaty-city' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/Baqylau/);
  });

  it('publishes an OpenAPI document generated from the shared schemas, and a docs page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/regions', '/api/stations', '/api/stations/map']),
    );
    const params = doc.paths['/api/stations']?.get?.parameters?.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['region', 'bbox', 'limit', 'cursor']));
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });
});
