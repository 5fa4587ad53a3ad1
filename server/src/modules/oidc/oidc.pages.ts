// The provider's own screens (sign-in, consent, sign-out, errors): server-rendered, zh-CN, in the citizen app's look,
// no script (the CSP allows none). Every interpolated value goes through esc().
export const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{margin:0;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f5f7fa;color:#1f2329}
header{background:#1677ff;color:#fff;padding:14px 16px;font-size:17px;font-weight:600}
main{max-width:480px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:10px;padding:16px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.05)}
h1{font-size:18px;margin:0 0 8px}p{line-height:1.6;margin:6px 0}.muted{color:#8a8f99;font-size:13px}
label{display:block;margin:10px 0 4px;font-size:14px}input[type=text],input[type=password],input[type=tel]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #d9d9d9;border-radius:6px;font-size:16px}
button{width:100%;padding:12px;border:0;border-radius:22px;font-size:16px;margin-top:12px;background:#1677ff;color:#fff}
button.secondary{background:#fff;color:#1f2329;border:1px solid #d9d9d9}
ul.fields{list-style:none;padding:0;margin:8px 0}ul.fields li{padding:8px 0;border-bottom:1px solid #f0f0f0;display:flex;justify-content:space-between;gap:8px}
.tag{font-size:12px;color:#cf1322;border:1px solid #ffa39e;border-radius:4px;padding:0 4px}
.sensitive{background:#fff7e6;border-radius:8px;padding:10px;margin-top:8px}
.error{color:#cf1322}`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} - 南通市统一身份认证平台</title><style>${STYLE}</style></head>
<body><header>南通市统一身份认证平台</header><main>${body}</main></body></html>`;
}

export function loginPage(o: {
  uid: string;
  clientName: string;
  organisation: string;
  error?: string;
  continueAs?: string;
  stepUp: boolean;
  reauth: boolean;
}): string {
  const cont = o.continueAs
    ? `<div class="card"><p>您已在南通百通登录 (${esc(o.continueAs)})</p>
<form method="post" action="/oidc/interaction/${esc(o.uid)}/continue"><button type="submit">以当前帐号继续</button></form></div>`
    : '';
  return page(
    '登录',
    `<div class="card"><h1>登录以继续使用「${esc(o.clientName)}」</h1>
<p class="muted">${esc(o.organisation)} 请求通过南通市统一身份认证平台验证您的身份。使用南通百通的帐号和密码登录。</p>
${o.reauth ? '<p>该应用要求您重新验证身份。</p>' : ''}
${o.error ? `<p class="error" role="alert">${esc(o.error)}</p>` : ''}</div>
${cont}
<div class="card"><form method="post" action="/oidc/interaction/${esc(o.uid)}/login" autocomplete="on">
<label for="login">手机号或帐号名</label><input type="text" id="login" name="login" autocomplete="username" required>
<label for="password">密码</label><input type="password" id="password" name="password" autocomplete="current-password" required>
${o.stepUp ? '<p class="muted">该应用要求更高的认证等级：登录后将向您的手机发送短信验证码。</p>' : ''}
<button type="submit">登录</button></form>
<form method="post" action="/oidc/interaction/${esc(o.uid)}/abort"><button class="secondary" type="submit">取消</button></form></div>`,
  );
}

export function stepUpPage(o: { uid: string; error?: string }): string {
  return page(
    '短信验证',
    `<div class="card"><h1>短信验证</h1><p>验证码已发送到您帐号绑定的手机号。</p>${o.error ? `<p class="error" role="alert">${esc(o.error)}</p>` : ''}
<form method="post" action="/oidc/interaction/${esc(o.uid)}/step-up"><label for="code">验证码</label>
<input type="tel" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required><button type="submit">验证</button></form>
<form method="post" action="/oidc/interaction/${esc(o.uid)}/abort"><button class="secondary" type="submit">取消</button></form></div>`,
  );
}

export interface ConsentField {
  id: string;
  nameZh: string;
  sensitive: boolean;
  claim: string;
}

/** LAW-4: recipient, contact, purpose and each field by name; LAW-1: sensitive fields need their own tick. */
export function consentPage(o: {
  uid: string;
  clientName: string;
  organisation: string;
  contact: string;
  groups: { categoryZh: string; purposeZh: string; fields: ConsentField[] }[];
}): string {
  const groups = o.groups
    .map((g) => {
      const plain = g.fields.filter((f) => !f.sensitive);
      const sensitive = g.fields.filter((f) => f.sensitive);
      return `<div class="card"><p><strong>${esc(g.categoryZh)}</strong></p><p class="muted">用途：${esc(g.purposeZh)}</p>
<ul class="fields">${plain.map((f) => `<li><span>${esc(f.nameZh)}</span></li>`).join('')}</ul>
${sensitive.length ? `<div class="sensitive"><p>以下为<strong>敏感个人信息</strong>，需要您逐项单独同意。必要性：${esc(g.purposeZh)}。对您的影响：一经提供，接收方将据此办理并按其规则保存；不勾选则不提供，不影响登录，但该应用中需要这些信息的功能可能无法使用。</p>
${sensitive.map((f) => `<label><input type="checkbox" name="sensitive" value="${esc(f.claim)}"> ${esc(f.nameZh)} <span class="tag">敏感</span></label>`).join('')}</div>` : ''}</div>`;
    })
    .join('');
  return page(
    '授权',
    `<div class="card"><h1>「${esc(o.clientName)}」申请获取您的信息</h1>
<p>接收方：${esc(o.organisation)}</p><p class="muted">联系方式：${esc(o.contact)}</p>
<p class="muted">提供方式：经南通市统一身份认证平台在您每次登录该应用时提供，并记入「谁使用了我的数据」。您可随时在 我的 → 已授权应用 中撤回授权。</p></div>
<form method="post" action="/oidc/interaction/${esc(o.uid)}/confirm">
${groups || '<div class="card"><p>该应用只获取您的登录状态（匿名化的用户标识），不获取其他个人信息。</p></div>'}
<button type="submit">同意并继续</button></form>
<form method="post" action="/oidc/interaction/${esc(o.uid)}/abort"><button class="secondary" type="submit">拒绝</button></form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<div class="card"><h1>${esc(title)}</h1><p>${esc(message)}</p></div>`);
}
