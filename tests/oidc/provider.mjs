// A real OpenID provider for the tests and for trying DfE Sign-in locally: the certified
// `oidc-provider` package (an npm devDependency), in memory, on a loopback port.
//
//   node tests/oidc/provider.mjs            port from OIDC_TEST_PORT, else 0 (any free one)
//
// It prints one line, `listening <issuer>`, once it answers. Settings (environment):
//   OIDC_TEST_HOST           the host in the issuer (127.0.0.1)
//   OIDC_TEST_LISTEN         the address to listen on (OIDC_TEST_HOST)
//   OIDC_TEST_CLIENT_ID      the service's client id (register-trainee-teachers)
//   OIDC_TEST_CLIENT_SECRET  its secret (test-secret-do-not-use-in-production)
//   OIDC_TEST_REDIRECT_URIS  comma-separated redirect URIs the client may use
//   OIDC_TEST_LOGOUT_URIS    comma-separated post-logout redirect URIs
//
// Its login page is oidc-provider's own (devInteractions): type an account's subject
// (sub-single, sub-multi, ...) and any password. Consent is not asked: like DfE Sign-in,
// the identity provider trusts the services registered with it.
//
// Tests make the next token response faulty through POST /test-control/fault?kind=...
// (audience, issuer, expired, signature, nonce, slow): the ID token is signed again with
// the changed claim (or with another key), so the service's own checks must catch it.

import { createServer } from 'node:http';
import { generateKeyPairSync, createSign } from 'node:crypto';
import Provider from 'oidc-provider';

const env = (name, fallback) => (process.env[name] ?? '').trim() || fallback;
const list = (name, fallback) => env(name, fallback).split(',').map((s) => s.trim()).filter(Boolean);

// Test accounts: the subject is the account id. Their claims are what DfE Sign-in sends;
// `organisation` is the organisation chosen at DfE Sign-in's own sign-in, with its UKPRN.
const ACCOUNTS = {
  'sub-single': {
    email: 'single@example.com', email_verified: true, given_name: 'Sam', family_name: 'Single',
  },
  'sub-multi': {
    email: 'multi@example.com', email_verified: true, given_name: 'Morgan', family_name: 'Multi',
    organisation: { id: 'org-birch', name: 'Birch University', ukprn: '10000002' },
  },
  'sub-elsewhere': {
    email: 'elsewhere@example.com', email_verified: true, given_name: 'Elis', family_name: 'Where',
    organisation: { id: 'org-other', name: 'Another Provider', ukprn: '10009999' },
  },
  'sub-shouting': {
    email: 'Shouting@Example.COM', email_verified: true, given_name: 'Shay', family_name: 'Upper',
  },
  'sub-unverified': {
    email: 'unverified@example.com', email_verified: false, given_name: 'Una', family_name: 'Verified',
  },
  'sub-stranger': {
    email: 'stranger@example.com', email_verified: true, given_name: 'Stella', family_name: 'Ranger',
  },
  'sub-impostor': {
    email: 'single@example.com', email_verified: true, given_name: 'Imogen', family_name: 'Poster',
  },
};

const host = env('OIDC_TEST_HOST', '127.0.0.1');
const clientId = env('OIDC_TEST_CLIENT_ID', 'register-trainee-teachers');
const clientSecret = env('OIDC_TEST_CLIENT_SECRET', 'test-secret-do-not-use-in-production');

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'test-signing-key';
const jwk = { ...signingKey.privateKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };

const server = createServer();
const listenOn = env('OIDC_TEST_LISTEN', host);
await new Promise((resolve) => server.listen(Number(env('OIDC_TEST_PORT', '0')), listenOn, resolve));
const { port } = server.address();
const issuer = `http://${host}:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: list('OIDC_TEST_REDIRECT_URIS', 'http://127.0.0.1:8000/accounts/oidc/dfe-sign-in/login/callback/'),
    post_logout_redirect_uris: list('OIDC_TEST_LOGOUT_URIS', 'http://127.0.0.1:8000/accounts/signed-out/'),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: ['test-cookie-key-not-secret'] },
  scopes: ['openid', 'email', 'profile', 'organisation'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'name'],
    organisation: ['organisation'],
  },
  pkce: { required: () => false },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, sub) {
    // The login form's value is the account's subject, as typed.
    const claims = ACCOUNTS[sub];
    if (!claims) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, name: `${claims.given_name} ${claims.family_name}`, ...claims };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    if (!ctx.oidc.session.accountId) return undefined;
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile organisation');
    await grant.save();
    return grant;
  },
});

// --- Faults for the tests ------------------------------------------------------------
let fault = null;

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function signJwt(header, payload, privateKey) {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
  return `${input}.${signature}`;
}

function spoil(idToken, kind) {
  const [header, payload] = idToken.split('.').slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
  let key = signingKey.privateKey;
  const now = Math.floor(Date.now() / 1000);
  if (kind === 'audience') payload.aud = 'another-service';
  else if (kind === 'issuer') payload.iss = 'http://impostor.example';
  else if (kind === 'expired') { payload.iat = now - 7200; payload.exp = now - 3600; }
  else if (kind === 'nonce') payload.nonce = 'not-the-nonce-the-service-sent';
  else if (kind === 'signature') key = strangerKey.privateKey;
  return signJwt(header, payload, key);
}

provider.use(async (ctx, next) => {
  await next();
  if (!fault || ctx.path !== '/token' || ctx.status !== 200 || !ctx.body?.id_token) return;
  const kind = fault;
  fault = null;
  if (kind === 'slow') {
    await new Promise((resolve) => { setTimeout(resolve, 10_000); });
    return;
  }
  ctx.body = { ...ctx.body, id_token: spoil(ctx.body.id_token, kind) };
});

provider.on('server_error', (ctx, error) => { console.error('server_error', error); });

const FAULTS = new Set(['audience', 'issuer', 'expired', 'signature', 'nonce', 'slow']);
const oidcCallback = provider.callback();
server.on('request', (req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname === '/test-control/fault' && req.method === 'POST') {
    const kind = url.searchParams.get('kind');
    if (!FAULTS.has(kind)) {
      res.writeHead(400).end(`unknown fault ${kind}\n`);
      return;
    }
    fault = kind;
    res.writeHead(204).end();
    return;
  }
  oidcCallback(req, res);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.write(`listening ${issuer}\n`);
