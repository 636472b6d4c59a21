/**
 * The architecture, tested: folder import rules (notes/architecture.md), strict mode, no XML
 * from template strings, file size caps, no grab-bag file names.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import ts from 'typescript';

const root = resolve(new URL('.', import.meta.url).pathname, '..', '..');

function files(dir: string, ext = '.ts'): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const p = join(dir, name);
    if (statSync(join(root, p)).isDirectory()) out.push(...files(p, ext));
    else if (p.endsWith(ext)) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  src.forEachChild((node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    }
  });
  return out;
}

/** gateway/<folder>/… → folder ('' for gateway/*.ts). */
function folderOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'gateway' && parts.length > 2 ? (parts[1] as string) : parts[0] === 'gateway' ? '' : (parts[0] as string);
}

// Which gateway folders each folder may import (type-only imports included: they couple too).
const allowed: Record<string, readonly string[]> = {
  config: [],
  xml: [],
  log: [],
  clock: [],
  jid: [],
  io: [],
  fastpath: ['errors', 'clock', 'store', 'jid', 'xml', 'log', 'sse', 'ejabberd', 'timers', 'auth', 'presence', 'chat', 'rate-limit', 'xmpp'],
  clicktochat: ['errors', 'clock', 'store', 'jid', 'xml', 'log', 'sse', 'ejabberd', 'timers', 'auth', 'presence', 'config'],
  roompool: ['errors', 'clock', 'store', 'jid', 'xml', 'log', 'sse', 'ejabberd', 'timers', 'cluster', 'config'],
  lhc: ['errors', 'clock', 'store', 'jid', 'xml', 'log', 'ejabberd', 'timers', 'auth', 'presence', 'config', 'xmpp', 'cluster'],
  'rate-limit': ['errors', 'clock', 'store', 'log'],
  errors: ['xml'],
  entities: ['errors', 'xml'],
  store: ['errors', 'config', 'clock', 'log', 'redis'],
  ejabberd: ['errors', 'xml', 'config', 'log', 'jid'],
  xmpp: ['errors', 'xml', 'config', 'log', 'ejabberd', 'clock', 'jid', 'io'],
  redis: ['errors', 'log', 'config'],
  events: ['errors', 'log', 'clock', 'redis'],
  'hook-intake': ['errors', 'log', 'redis'],
  cluster: ['errors', 'log', 'clock', 'store', 'config', 'redis'],
  timers: ['errors', 'log', 'clock', 'store', 'cluster'],
  sse: ['errors', 'log', 'clock', 'xml', 'events'],
  auth: ['errors', 'config', 'ejabberd', 'jid'],
  http: ['errors', 'xml', 'entities', 'auth'],
  system: ['errors', 'store'],
  presence: ['errors', 'log', 'ejabberd', 'store', 'jid'],
  accounts: ['errors', 'xml', 'store', 'ejabberd', 'log', 'config', 'jid', 'xmpp'],
  muc: ['errors', 'xml', 'store', 'ejabberd', 'log', 'config', 'xmpp', 'jid'],
  chat: ['errors', 'xml', 'store', 'ejabberd', 'xmpp', 'sse', 'log', 'config', 'auth', 'clock', 'accounts', 'jid'],
  sessions: ['errors', 'xml', 'ejabberd', 'log', 'config', 'jid'],
  routes: ['errors', 'xml', 'entities', 'http', 'auth', 'config', 'log', 'store', 'ejabberd', 'system', 'accounts', 'muc', 'chat', 'sse', 'xmpp', 'sessions', 'jid', 'presence', 'fastpath', 'rate-limit', 'clicktochat', 'roompool', 'lhc', 'observability', 'bookmarks', 'sip', 'blast', 'upload', 'linkpreview', 'audit', 'io'],
  audit: ['errors', 'store', 'clock', 'http', 'auth', 'log'],
  'member-streams': ['errors', 'ejabberd', 'jid', 'log', 'xmpp'],
  bookmarks: ['errors', 'ejabberd', 'jid', 'log', 'store', 'xml', 'xmpp', 'member-streams'],
  upload: ['errors', 'xml', 'xmpp', 'member-streams'],
  linkpreview: ['errors'],
  sip: ['errors', 'store'],
  blast: ['errors', 'ejabberd', 'jid', 'store', 'xml'],
  observability: ['errors', 'log', 'auth', 'ejabberd', 'store', 'xml'],
  pages: ['errors', 'log'],
  setup: ['config', 'errors', 'log', 'xml'],
};

describe('architecture', () => {
  const gatewayFiles = files('gateway');

  it('when a gateway folder imports another, then the import is allowed by the layering table', () => {
    const bad: string[] = [];
    for (const file of gatewayFiles) {
      const from = folderOf(file);
      if (from === '' ) continue; // main.ts, gateway.ts, app.ts: composition
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(root, resolve(root, dirname(file), spec));
        if (target.startsWith('hooks/')) {
          if (!['routes', 'chat', 'presence', 'hook-intake', 'fastpath', 'clicktochat', 'roompool', 'lhc', 'ejabberd'].includes(from)) bad.push(`${file} → ${spec}`);
          continue;
        }
        if (!target.startsWith('gateway/')) continue;
        const to = folderOf(target);
        if (to === from) continue;
        if (!(allowed[from] ?? []).includes(to)) bad.push(`${file} → ${spec}`);
        else if (!/\/index\.js$/.test(spec)) bad.push(`${file} → ${spec} (import the folder's index.ts)`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('when a third-party package is imported, then only its adapter folder does so', () => {
    // package → where it may be imported (a folder prefix or a file)
    const owners: Array<[RegExp, string[]]> = [
      [/^@xmpp\//, ['gateway/xmpp/']],
      [/^xmlrpc$/, ['gateway/ejabberd/xmlrpc/']],
      [/^lowdb/, ['gateway/store/']],
      [/^ioredis$/, ['gateway/redis/', 'gateway/store/redis/', 'gateway/events/redis-event-log.ts', 'gateway/cluster/redis/', 'gateway/hook-intake/']],
      [/^passport/, ['gateway/auth/']],
      [/^swagger-ui-express$/, ['gateway/app.ts']],
      [/^express(-xml-bodyparser)?$/, ['gateway/app.ts', 'gateway/http/', 'gateway/routes/', 'gateway/auth/', 'hooks/', 'gateway/pages/', 'gateway/observability/access-log.ts']],
    ];
    const bad: string[] = [];
    for (const f of [...gatewayFiles, ...files('hooks')]) {
      for (const spec of importsOf(f)) {
        const rule = owners.find(([re]) => re.test(spec));
        if (rule && !rule[1].some((p) => f.startsWith(p) || f === p)) bad.push(`${f} → ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('when hooks/ imports, then nothing comes from gateway/', () => {
    const bad = files('hooks').flatMap((f) => importsOf(f).filter((s) => s.includes('gateway/')).map((s) => `${f} → ${s}`));
    assert.deepEqual(bad, []);
  });

  it('when tsconfig is read, then strict and noUncheckedIndexedAccess are on', () => {
    const cfg = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config as { compilerOptions: Record<string, unknown> };
    assert.equal(cfg.compilerOptions.strict, true);
    assert.equal(cfg.compilerOptions.noUncheckedIndexedAccess, true);
  });

  it('when source files are measured, then none exceeds 400 lines', () => {
    const big = [...gatewayFiles, ...files('hooks')].filter((f) => readFileSync(join(root, f), 'utf8').split('\n').length > 400);
    assert.deepEqual(big, []);
  });

  it('when files are named, then there is no utils/helpers/misc/common grab-bag', () => {
    const bad = [...gatewayFiles, ...files('hooks')].filter((f) => /(^|\/)(utils?|helpers?|misc|common)(\.ts|\/)/.test(f));
    assert.deepEqual(bad, []);
  });

  it('when source builds XML, then it never does so from template strings', () => {
    const bad: string[] = [];
    for (const f of [...gatewayFiles, ...files('hooks')]) {
      const src = ts.createSourceFile(f, readFileSync(join(root, f), 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
          if (/<\/?[a-zA-Z][\w:-]*[\s/>]/.test(node.getText(src))) bad.push(`${f}:${src.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
        node.forEachChild(visit);
      };
      visit(src);
    }
    assert.deepEqual(bad, []);
  });
});
