// A real OpenID Connect provider (node-oidc-provider) on 127.0.0.1 for the tests and the demo.
//
//   node tests/web/oidc/provider.mjs CONFIG.json
//
// CONFIG: {"port": 0, "clients": [...], "accounts": {...}} (see tests/web/oidc/oidc_provider.py
// and scripts/demo-oidc.sh). Prints one line of JSON {"issuer": "http://127.0.0.1:PORT"} when it
// listens, then serves until it is stopped. Logins use the library's development interactions:
// any password, the login name is the account id; consent is given at once.
//
// What it adds beside the library, to act as ID-porten and Entra ID do:
// - front-channel logout: the logout page opens each client's frontchannel_logout_uri with
//   iss and sid in an iframe, as ID-porten does (the library has no front-channel logout);
// - `sid` in the ID token (through a back-channel session requirement on the client);
// - GET /test/feil-jwks: a JWKS with the provider's key id and another public key, so that a
//   relying party pointed at it sees tokens signed with a key it does not trust;
// - clients whose id ends in "-kort" get authorization codes that expire after 1 second.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function rsaJwk(kid) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const extra = { kid, alg: 'RS256', use: 'sig' };
  return {
    priv: { ...privateKey.export({ format: 'jwk' }), ...extra },
    pub: { ...publicKey.export({ format: 'jwk' }), ...extra },
  };
}

const signing = rsaJwk('signering-1');
const stranger = rsaJwk('signering-1'); // same key id, another key
const accounts = config.accounts || {};

const server = http.createServer();
await new Promise((resolve) => { server.listen(config.port || 0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const clients = (config.clients || []).map((c) => ({
  token_endpoint_auth_method: 'client_secret_post',
  grant_types: ['authorization_code'],
  response_types: ['code'],
  require_auth_time: true,
  backchannel_logout_uri: `${issuer}/test/backchannel`,
  backchannel_logout_session_required: true,
  ...c,
}));

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signing.priv] },
  cookies: { keys: ['test-cookie-key-not-secret'] },
  claims: {
    openid: ['sub', 'pid', 'oid'],
    profile: ['name', 'given_name', 'family_name'],
    email: ['email', 'email_verified', 'preferred_username'],
  },
  conformIdTokenClaims: false, // the scopes' claims in the ID token, as ID-porten and Entra do
  extraClientMetadata: { properties: ['frontchannel_logout_uri'] },
  features: {
    devInteractions: { enabled: true },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        const { session } = ctx.oidc;
        const frames = [];
        for (const clientId of Object.keys(session.authorizations || {})) {
          const client = await ctx.oidc.provider.Client.find(clientId);
          const uri = client && client.frontchannel_logout_uri;
          if (uri) {
            const q = new URLSearchParams({ iss: issuer, sid: session.sidFor(clientId) });
            frames.push(`<iframe class="frontchannel" title="Utlogging ${escape(clientId)}" src="${escape(`${uri}?${q}`)}"></iframe>`);
          }
        }
        ctx.body = `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Logg ut</title></head>
<body><h1>Logg ut av testleverandøren</h1>${frames.join('\n')}
${form}<button id="logg-ut-bekreft" type="submit" form="op.logoutForm" name="logout" value="yes">Logg ut</button>
</body></html>`;
      },
    },
  },
  pkce: { required: () => true },
  ttl: {
    AuthorizationCode: (ctx, token, client) => (client.clientId.endsWith('-kort') ? 1 : 60),
    IdToken: 3600,
    AccessToken: 3600,
    Session: 3600,
    Grant: 3600,
    Interaction: 600,
  },
  async findAccount(ctx, id) {
    const person = accounts[id];
    if (!person) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...person }; } };
  },
  async loadExistingGrant(ctx) {
    const clientId = ctx.oidc.client.clientId;
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(clientId);
    if (grantId) {
      const found = await ctx.oidc.provider.Grant.find(grantId);
      if (found) return found;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/feil-jwks') {
    ctx.body = { keys: [stranger.pub] };
    return;
  }
  if (ctx.path === '/test/backchannel') {
    ctx.status = 200;
    ctx.body = '';
    return;
  }
  await next();
});

server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
