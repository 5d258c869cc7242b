// A real OpenID Connect provider for the ProConnect tests (npm package oidc-provider), run by
// the `oidc_provider` fixture (tests/plugins/oidc_provider.py) on a free loopback port.
//
// Like ProConnect: authorization code flow, PKCE required, client_secret_post, the ProConnect
// scopes and claims, userinfo answered as a signed JWT (jwtUserinfo), acr "eidas1",
// RP-initiated logout. By default /interaction/<uid> signs in the account the test chose
// without a page and grants what the client asked for. GET /test/set?… lets a test choose:
//   sub, email, given_name, usual_name, siret, uid — the account's claims;
//   login_page — "1": the login shows a page first (the browser test): the e-mail address,
//     prefilled with the account's, and « Continuer »; the address typed becomes the email claim;
//   id_token_ttl (seconds), token_delay_ms — the token endpoint answers that late: with a short
//     lifetime, an ID token that expired on the way;
//   tamper — "id_token": the ID token's payload is changed after signing;
//            "userinfo_plain": userinfo answered as unsigned JSON.
// GET /test/reset puts everything back. Prints "READY <port>" once listening.
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";

import Provider from "oidc-provider";

const CLIENT_ID = process.env.CLIENT_ID;
const CLIENT_SECRET = process.env.CLIENT_SECRET;
const REDIRECT_URI = process.env.REDIRECT_URI;
const POST_LOGOUT_REDIRECT_URI = process.env.POST_LOGOUT_REDIRECT_URI;

const DEFAULTS = {
  sub: "pc-sub-1", email: "porteur@lille.fr", given_name: "Camille", usual_name: "Martin",
  siret: "21590350100017", uid: "1", id_token_ttl: 3600, token_delay_ms: 0, tamper: "",
  login_page: "",
};
const SETTINGS = ["id_token_ttl", "token_delay_ms", "tamper", "login_page"];
let current = { ...DEFAULTS };

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "test-rs256", use: "sig", alg: "RS256" };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const server = createServer();
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  const provider = makeProvider(`http://127.0.0.1:${port}`);
  server.on("request", provider.callback());
  process.stdout.write(`READY ${port}\n`);
});

function makeProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [REDIRECT_URI],
      post_logout_redirect_uris: [POST_LOGOUT_REDIRECT_URI],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "RS256",
      userinfo_signed_response_alg: "RS256",
    }],
    jwks: { keys: [signingKey] },
    cookies: { keys: ["oidc-test-cookie-key"] },
    scopes: ["openid", "email", "given_name", "usual_name", "siret", "uid"],
    claims: {
      openid: ["sub"], email: ["email"], given_name: ["given_name"],
      usual_name: ["usual_name"], siret: ["siret"], uid: ["uid"],
    },
    acrValues: ["eidas1"],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource },
    },
    ttl: { IdToken: () => current.id_token_ttl, AccessToken: 3600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { ...accountClaims(), sub: id };
        },
      };
    },
  });

  provider.use(async (ctx, next) => {
    if (ctx.path === "/test/set") {
      for (const [key, value] of Object.entries(ctx.query)) {
        if (!(key in DEFAULTS)) ctx.throw(400, `unknown setting ${key}`);
        current[key] = ["token_delay_ms", "id_token_ttl"].includes(key) ? Number(value) : String(value);
      }
      ctx.body = current;
      return;
    }
    if (ctx.path === "/test/reset") {
      current = { ...DEFAULTS };
      ctx.body = current;
      return;
    }
    if (ctx.path.startsWith("/interaction/")) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.prompt.name === "login" && current.login_page) {
        if (ctx.method !== "POST") {
          loginPage(ctx, details.uid);
          return;
        }
        const email = (await formBody(ctx.req)).get("email");
        if (email) current.email = email.trim();
      }
      ctx.redirect(await finishInteraction(provider, ctx, details));
      return;
    }
    await next();
    if (ctx.path === "/token" && ctx.status === 200) {
      if (current.tamper === "id_token" && ctx.body && ctx.body.id_token) {
        const [header, payload, signature] = ctx.body.id_token.split(".");
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
        claims.sub = "someone-else";
        ctx.body.id_token = [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
      }
      if (current.token_delay_ms) await sleep(current.token_delay_ms);
    }
    if (ctx.path === "/me" && ctx.status === 200 && current.tamper === "userinfo_plain") {
      ctx.type = "application/json";
      ctx.body = accountClaims();
    }
  });
  return provider;
}

// The login (the account the test chose) and the consent (everything the client asked for).
async function finishInteraction(provider, ctx, details) {
  let result;
  if (details.prompt.name === "login") {
    result = { login: { accountId: current.sub, acr: "eidas1", amr: ["pwd"] } };
  } else {
    const missing = details.prompt.details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    result = { consent: { grantId: await grant.save() } };
  }
  return provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
}

// The account's claims: the current settings without the misbehaviours.
function accountClaims() {
  return Object.fromEntries(Object.entries(current).filter(([key]) => !SETTINGS.includes(key)));
}

async function formBody(req) {
  let data = "";
  for await (const chunk of req) data += chunk;
  return new URLSearchParams(data);
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

// The login page (login_page setting): the e-mail address, then « Continuer ».
function loginPage(ctx, uid) {
  ctx.type = "html";
  ctx.body = page("Connexion à ProConnect (fournisseur de test)", `
<form method="post" action="/interaction/${escapeHtml(uid)}">
  <label for="email">Adresse électronique professionnelle</label>
  <input id="email" name="email" type="email" autocomplete="email" value="${escapeHtml(current.email)}">
  <button type="submit">Continuer</button>
</form>`);
}

// The end-session confirmation, in French and without outside resources; `form` is the
// provider's form (id op.logoutForm, its xsrf field).
async function logoutSource(ctx, form) {
  ctx.type = "html";
  ctx.body = page("Déconnexion de ProConnect (fournisseur de test)", `${form}
<p>Voulez-vous vous déconnecter de ProConnect ?</p>
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Me déconnecter</button>
<button type="submit" form="op.logoutForm">Rester connecté</button>`);
}
