import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { cors } from '../../../gateway/http/index.js';

describe('http: CORS policy (server.corsOrigin)', () => {
  const app = (setting: string) => express().use(cors(setting)).get('/x', (_req, res) => void res.send('ok'));
  const cases: Array<{ setting: string; origin: string | undefined; allow: string | undefined; credentials: string | undefined }> = [
    { setting: '*', origin: 'https://evil.example', allow: '*', credentials: undefined },
    { setting: '*', origin: undefined, allow: '*', credentials: undefined },
    { setting: 'https://help.example.com, https://shop.example.com/', origin: 'https://shop.example.com', allow: 'https://shop.example.com', credentials: 'true' },
    { setting: 'https://help.example.com', origin: 'HTTPS://HELP.example.com', allow: 'HTTPS://HELP.example.com', credentials: 'true' },
    { setting: 'https://help.example.com', origin: 'https://evil.example', allow: undefined, credentials: undefined },
    { setting: 'https://help.example.com', origin: 'https://help.example.com.evil.example', allow: undefined, credentials: undefined },
    { setting: 'https://help.example.com, *', origin: 'https://evil.example', allow: '*', credentials: undefined },
  ];
  for (const c of cases) {
    it(`when corsOrigin is "${c.setting}" and the origin ${c.origin ?? '(none)'}, then allow ${c.allow ?? 'nothing'}, credentials ${c.credentials ?? 'never'}`, async () => {
      for (const method of ['get', 'options'] as const) {
        const req = request(app(c.setting))[method]('/x');
        const res = await (c.origin ? req.set('Origin', c.origin) : req);
        assert.equal(res.status, 200);
        assert.equal(res.headers['access-control-allow-origin'], c.allow);
        assert.equal(res.headers['access-control-allow-credentials'], c.credentials);
        assert.equal(res.headers.vary, 'Origin');
      }
    });
  }
});
