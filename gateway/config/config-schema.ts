/**
 * ofgate's configuration, defined once. The type `Config`, the defaults, the validation and
 * `ofgate.example.yml` all come from this definition (see schema-dsl.ts).
 */
import { bool, group, int, oneOf, optionalStr, str, strList, url, type ValueOf } from './schema-dsl.js';

export const configSchema = group('ofgate configuration', {
  server: group('The HTTP listener that serves the REST API, SSE, Swagger and the hook intake.', {
    host: str({ doc: 'Address to listen on.', default: '127.0.0.1' }),
    port: int({ doc: 'Port to listen on (ofchat used the HTTP-BIND port 7070).', default: 7070, min: 0, max: 65535 }),
    bodyLimitBytes: int({ doc: 'Largest request body accepted; larger bodies get 413.', default: 1048576, min: 1024 }),
    corsOrigin: str({ doc: 'Value of Access-Control-Allow-Origin (ofchat: httpbind.CORS.domains).', default: '*' }),
    trustProxy: bool({ doc: 'Trust X-Forwarded-* headers from a reverse proxy.', default: false }),
  }),
  xmpp: group('How ofgate reaches ejabberd as XMPP users (one stream per logged-in user).', {
    domain: str({ doc: 'The XMPP domain (ejabberd host) ofgate serves.', default: 'localhost' }),
    service: url({ doc: 'c2s address of ejabberd.', default: 'xmpp://127.0.0.1:5222', protocols: ['xmpp:', 'xmpps:'] }),
    mucSubdomain: str({ doc: 'Default MUC service subdomain (rooms are {room}@{mucSubdomain}.{domain}).', default: 'conference' }),
    idleStreamSeconds: int({ doc: 'A chat stream with no REST call and no SSE listener for this long is closed (0 = never, as ofchat).', default: 3600, min: 0 }),
    tokenTtlSeconds: int({ doc: 'Lifetime of the OAuth token ofgate issues to open a user stream without its password.', default: 300, min: 30 }),
    connectTimeoutMs: int({ doc: 'Time allowed to open a user stream.', default: 10000, min: 100 }),
    reconnectMaxConcurrent: int({ doc: 'Streams reconnecting (token issue + login) at the same time after ejabberd came back; the others wait their turn.', default: 20, min: 1 }),
    reconnectBaseMs: int({ doc: 'First back-off of a stream that lost ejabberd (doubles per failure, with jitter).', default: 1000, min: 10 }),
    reconnectMaxMs: int({ doc: 'Longest back-off between two reconnect attempts; a stream never gives up while its user exists.', default: 30000, min: 100 }),
  }),
  ejabberd: group('The ejabberd admin API ofgate manages accounts, rosters, groups and rooms with.', {
    backend: oneOf({ doc: 'Which ejabberd API to use: http-api (mod_http_api) or xmlrpc (ejabberd_xmlrpc).', default: 'http-api', values: ['http-api', 'xmlrpc'] as const }),
    httpApi: group('mod_http_api settings.', {
      url: url({ doc: 'Base URL of mod_http_api (commands are POSTed to {url}/{command}).', default: 'http://127.0.0.1:5280/api', protocols: ['http:', 'https:'] }),
    }),
    xmlrpc: group('ejabberd_xmlrpc settings.', {
      url: url({ doc: 'URL of the ejabberd_xmlrpc request handler.', default: 'http://127.0.0.1:5280/xmlrpc', protocols: ['http:', 'https:'] }),
    }),
    adminJid: optionalStr({ doc: 'Account for api_permissions that require authentication (leave empty when loopback may call every command).' }),
    adminPassword: optionalStr({ doc: 'Password of adminJid.', secret: true }),
    timeoutMs: int({ doc: 'Time allowed for one API call before a 504 upstream-timeout.', default: 5000, min: 100 }),
    shimLoaded: bool({ doc: 'mod_ofgate (the Erlang shim) is loaded: enables lockouts and hook events.', default: true }),
  }),
  auth: group('Who may call ofgate.', {
    secret: optionalStr({ doc: 'Shared secret accepted as `Authorization: <secret>` (Openfire plugin.ofchat.secret).\nLeave empty to have one generated on first start and kept in the data directory.', secret: true }),
    admins: strList({ doc: 'Accounts (bare JIDs or local names) that may call admin endpoints.', default: ['admin'] }),
    realm: str({ doc: 'HTTP Basic realm (ofchat used "ofchat").', default: 'ofchat' }),
    credentialCacheSeconds: int({ doc: 'How long a verified Basic credential is trusted without asking ejabberd again (0 = always ask).', default: 30, min: 0 }),
  }),
  sse: group('Server-Sent Events (GET /sse/{username}).', {
    heartbeatSeconds: int({ doc: 'Interval of the keep-alive comment line.', default: 10, min: 1 }),
    replayEvents: int({ doc: 'Events kept per user for Last-Event-ID replay and for delivery when no stream is open.', default: 500, min: 0 }),
    replayBytes: int({ doc: 'Bytes of events kept per user for replay (the oldest go first past this or replayEvents).', default: 1048576, min: 0 }),
    replayTotalBytes: int({ doc: 'Bytes of replay kept for all users together by one embedded instance (the least recently active users lose theirs first).', default: 268435456, min: 0 }),
    maxBufferedBytes: int({ doc: 'A stream whose unsent data exceeds this is closed (the client reconnects and replays).', default: 1048576, min: 4096 }),
  }),
  hooks: group('The intake of events posted by the Erlang shim (mod_ofgate).', {
    secret: optionalStr({ doc: 'Secret the shim sends with every post (and HMAC key of the body). Generated on first start when empty.', secret: true }),
    dedupWindow: int({ doc: 'How many recent event ids are remembered to drop retried duplicates.', default: 10000, min: 100 }),
    logEvents: bool({ doc: 'Log every hook event at debug level. mod_ofgate builds and posts only the kinds ofgate reads; with this on, that is every kind.', default: false }),
  }),
  store: group('Where ofgate keeps its own state (properties, queues, offers, rooms, mappings) and its event logs.', {
    backend: oneOf({
      doc: 'embedded: one instance, state in the data directory (lowdb snapshot + fsync\'d journal), events in memory.\n' +
        'redis: several instances behind a balancer share state, event logs, hook intake and stream ownership in Redis (redis.url).\n' +
        'memory: nothing kept across restarts (unit tests).',
      default: 'embedded',
      values: ['embedded', 'redis', 'memory'] as const,
    }),
    dataDir: str({ doc: 'Directory for the state files and the generated secrets.', default: './data' }),
  }),
  redis: group('The shared engine of store.backend redis (Redis 7 with appendonly yes and appendfsync everysec or always).', {
    url: url({ doc: 'Redis URL (redis://[:password@]host:port[/db]).', default: 'redis://127.0.0.1:6379', protocols: ['redis:', 'rediss:'] }),
    keyPrefix: str({ doc: 'Prefix of every key ofgate writes (several ofgate clusters may share one Redis with distinct prefixes).', default: 'ofgate:' }),
  }),
  cluster: group('Several instances (store.backend redis): identity, stream ownership, forwarding between instances.', {
    instanceId: optionalStr({ doc: 'This instance\'s name, unique in the cluster (letters, digits, -). Generated at each start when empty.' }),
    advertiseUrl: optionalStr({ doc: 'How the other instances reach this one directly (not through the balancer), e.g. http://10.0.0.5:7070.\nDefault: http://{server.host}:{port}.' }),
    leaseSeconds: int({ doc: 'A stream (or timer) owned by an instance that stopped renewing is taken over after this long.', default: 10, min: 2 }),
  }),
  fastpath: group('Fastpath workgroups (ask, assists, offers). The timings are the defaults of a new workgroup; each workgroup can change its own (PUT ask/admin/{workgroup}).', {
    offerTimeoutSeconds: int({ doc: 'How long an agent has to accept an offer before it is revoked and the next agent is tried.', default: 20, min: 1, max: 86400 }),
    rejectionTimeoutSeconds: int({ doc: 'How long an agent who rejected (or let time out) a request is not offered it again.', default: 20, min: 1, max: 86400 }),
    requestTimeoutSeconds: int({ doc: 'How long a request waits for an agent before it overflows or ends with agent-not-found.', default: 240, min: 1, max: 86400 }),
    maxChatsPerAgent: int({ doc: 'Chats an agent holds at once before it gets no more offers.', default: 4, min: 0, max: 1000 }),
    awayGetsOffers: bool({ doc: 'Agents whose presence is away still get offers (dnd, xa and offline never do).', default: false }),
    askWaitSeconds: int({ doc: 'How long POST ask waits for the support room before answering (ofchat: 180); ?wait=false answers at once.', default: 180, min: 0, max: 600 }),
    visitorGraceSeconds: int({ doc: 'A visitor\'s short-lived account and stream are removed this long after its request ended.', default: 120, min: 0 }),
    publicAsksPerMinute: int({ doc: 'Asks without credentials (public workgroups) one client address may make per minute (429 beyond).', default: 10, min: 1 }),
    publicAsksPerWorkgroupPerMinute: int({ doc: 'Asks without credentials one public workgroup takes per minute, from all addresses together.', default: 120, min: 1 }),
  }),
  log: group('Logging (secrets are always redacted).', {
    level: oneOf({ doc: 'debug, info, warn or error.', default: 'info', values: ['debug', 'info', 'warn', 'error'] as const }),
  }),
  clicktochat: group('Click-to-chat (clicktochat_ejabberd\'s /clicktochat/register, list, disconnect): one-shot client accounts, each paired round-robin with an available helpdesk user.', {
    clientHost: optionalStr({ doc: 'Virtual host of the client accounts (clicktochat.conf host_client). Default: xmpp.domain.' }),
    helpdeskHost: optionalStr({ doc: 'Virtual host of the helpdesk users (host_helpdesk); ejabberd serves it with mod_ofgate loaded. Default: helpdesk.{xmpp.domain}.' }),
    helpdeskGroup: optionalStr({ doc: 'Shared roster group (on helpdeskHost) whose members are the helpdesk users. Required when clientHost and helpdeskHost are the same.' }),
    maxSessions: int({ doc: 'Clients one helpdesk user (all its resources together) is paired with at once (max_sessions; the original allowed one more).', default: 5, min: 1, max: 1000 }),
    rosterLink: bool({ doc: 'While paired, client and helpdesk user have each other as roster items with presence subscription.', default: true }),
    clientTimeoutSeconds: int({ doc: 'A client account with no XMPP session is released and removed after at most this long (looked at again every period while it is connected).', default: 300, min: 10, max: 86400 }),
    apiKeys: strList({ doc: 'Keys accepted in X-Api-Key on register, disconnect and list (besides an admin and the shared secret).', default: [], secret: true }),
    public: bool({ doc: 'Public widget mode: register takes anonymous pages, rate-limited per address, with a cap on live accounts per address.', default: false }),
    publicRegistersPerMinute: int({ doc: 'Anonymous registers one client address may make per minute (429 beyond).', default: 5, min: 1 }),
    publicAccountsPerAddress: int({ doc: 'Live client accounts one address may hold at once in public widget mode (429 beyond).', default: 3, min: 1 }),
    listPublic: bool({ doc: 'GET /clicktochat/list answers without credentials.', default: false }),
    namePattern: str({ doc: 'Client user names must match this regular expression (whatever the caller).', default: '^[a-z0-9._-]{1,64}$' }),
    corsOrigin: optionalStr({ doc: 'Access-Control-Allow-Origin of the /clicktochat paths (e.g. https://shop.example.com, or *). Empty: * on list only, none on register and disconnect.' }),
    maxBodyBytes: int({ doc: 'Largest register or disconnect body (413 beyond).', default: 4096, min: 256, max: 65536 }),
  }),
  rooms: group('The room pool (HelpIM style): private, password-protected rooms kept ready, staff waiting in them, clients matched to the longest-waiting staff (/roompool paths).', {
    enabled: bool({ doc: 'Keep the pool and take client requests (PUT roompool/settings can switch it at run time).', default: false }),
    site: str({ doc: 'Site name: rooms are {site}_{64 hex}.0 and their title; the bot touches only rooms of its site.', default: 'helpim', pattern: /^[a-z0-9][a-z0-9-]{0,31}$/, patternDoc: 'lower-case letters, digits and -, at most 32' }),
    botJid: optionalStr({ doc: 'The bot\'s bare JID, owner of every pool room (it never joins them). Default: {site}-bot@{xmpp.domain}.' }),
    botNick: str({ doc: 'The bot\'s name, in each room\'s description.', default: 'HelpIM' }),
    mucService: optionalStr({ doc: 'MUC service of the pool. Default: {xmpp.mucSubdomain}.{xmpp.domain}.' }),
    poolSize: int({ doc: 'Available (untaken) rooms kept ready per room type in use.', default: 10, min: 0, max: 1000 }),
    groupRooms: bool({ doc: 'Group rooms are a type in use (kept ready too); one-to-one rooms always are.', default: false }),
    groupMaxUsers: int({ doc: 'max_users of a group room (one-to-one rooms: 3).', default: 30, min: 2, max: 1000 }),
    persistent: bool({ doc: 'Rooms are persistent in ejabberd (HelpIM: not; a temporary room goes when its last occupant leaves).', default: false }),
    cleanupSeconds: int({ doc: 'Time-out of lost, closingChat and abandoned rooms and of a taken room whose staff never came; the bot\'s pass runs every tenth of it.', default: 1800, min: 1, max: 604800 }),
    passSeconds: int({ doc: 'How often the bot passes (reconcile with ejabberd, time-outs, archive, refill). 0: a tenth of cleanupSeconds (HelpIM).', default: 0, min: 0, max: 86400 }),
    allocationTimeoutSeconds: int({ doc: 'How long a matched client has to join its room before it goes back to the head of the queue and the room to the next client.', default: 300, min: 1, max: 86400 }),
    maxChatsPerStaff: int({ doc: 'Rooms one staff member holds at once.', default: 3, min: 1, max: 1000 }),
    maxQueue: int({ doc: 'Clients waiting at most (503 with Retry-After beyond).', default: 200, min: 1, max: 100000 }),
    maxWaitSeconds: int({ doc: 'Longest ?wait= of a client request.', default: 60, min: 0, max: 600 }),
    transcripts: bool({ doc: 'Record the groupchat messages of chatting rooms (from the shim\'s message_sent: it then forwards every message).', default: true }),
    keepDays: int({ doc: 'Transcripts of closed rooms are masked or deleted this many days after the close (0: kept).', default: 0, min: 0, max: 36500 }),
    retention: oneOf({ doc: 'What keepDays does to a transcript: mask its bodies with ***** (HelpIM) or delete it.', default: 'mask', values: ['mask', 'delete'] as const }),
    publicStatus: bool({ doc: 'GET /roompool/status.xml answers without credentials (HelpIM\'s public status.xml); otherwise it needs admin credentials or the shared secret.', default: false }),
  }),
});

export type Config = ValueOf<typeof configSchema>;

/** Short, documented environment aliases (the generic form is OFGATE_<SECTION>_<KEY>). */
export const envAliases: Readonly<Record<string, string>> = {
  OFGATE_PORT: 'server.port',
  OFGATE_HOST: 'server.host',
  OFGATE_SECRET: 'auth.secret',
  OFGATE_DOMAIN: 'xmpp.domain',
  OFGATE_XMPP_SERVICE: 'xmpp.service',
  OFGATE_EJABBERD_BACKEND: 'ejabberd.backend',
  OFGATE_EJABBERD_API_URL: 'ejabberd.httpApi.url',
  OFGATE_EJABBERD_XMLRPC_URL: 'ejabberd.xmlrpc.url',
  OFGATE_HOOKS_SECRET: 'hooks.secret',
  OFGATE_DATA_DIR: 'store.dataDir',
  OFGATE_STORE_BACKEND: 'store.backend',
  OFGATE_REDIS_URL: 'redis.url',
  OFGATE_INSTANCE_ID: 'cluster.instanceId',
  OFGATE_ADVERTISE_URL: 'cluster.advertiseUrl',
  OFGATE_LOG_LEVEL: 'log.level',
};
