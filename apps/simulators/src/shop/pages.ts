import type { Product, ShopOrder } from './state.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#fdf6ec;color:#2b2118}
header{background:#9c2f1b;color:#fff;padding:1rem 1.25rem}
header h1{margin:0;font-size:1.5rem}
main{max-width:40rem;margin:0 auto;padding:1.25rem}
.item{display:flex;justify-content:space-between;align-items:center;gap:1rem;background:#fff;border-radius:.75rem;padding:1rem;margin-bottom:.75rem}
.item h2{margin:0;font-size:1.125rem}
.price{font-weight:700;font-size:1.125rem}
button,.pay{display:inline-flex;align-items:center;justify-content:center;flex-shrink:0;max-width:9rem;min-height:3rem;padding:.5rem 1rem;border:0;border-radius:.5rem;background:#b3261e;color:#fff;font:inherit;font-weight:600;line-height:1.3;text-align:center;cursor:pointer;text-decoration:none}
.status{font-size:1.25rem;font-weight:700;padding:1rem;border-radius:.75rem;background:#fff}
.status[data-paid]{color:#1e6b35}
.muted{color:#5c4f44;font-size:.875rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem}dt{color:#5c4f44}dd{margin:0}`;

function page(title: string, body: string, refreshSeconds?: number): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : ''}
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><header><h1>张记面馆 Zhang Noodles</h1><p class="muted" style="color:#fde">在线点餐 · Order online (Yinbao demo shop)</p></header>
<main>${body}</main></body></html>`;
}

/** The menu: one "Pay with Yinbao" form per product (POST /buy). */
export function menuPage(products: readonly Product[]): string {
  const items = products
    .map(
      (p) => `<form class="item" method="post" action="/buy">
  <div><h2>${esc(p.name)}</h2><span class="muted">${esc(p.nameEn)}</span></div>
  <span class="price">¥${esc(p.price)}</span>
  <input type="hidden" name="product" value="${esc(p.id)}">
  <button type="submit" aria-label="${esc(`银包支付 Pay with Yinbao: ${p.name}`)}">银包支付 Pay with Yinbao</button>
</form>`,
    )
    .join('\n');
  return page('张记面馆 · 在线点餐', `<h2>菜单 Menu</h2>\n${items}`);
}

/** An order: waiting (refreshing every 2 s) or paid — paid only once Yinbao's webhook said so. */
export function orderPage(o: ShopOrder): string {
  const paid = o.status === 'paid';
  const status = paid
    ? '<p class="status" data-paid role="status">已付款 ✓ paid ✓ (confirmed by Yinbao webhook)</p>'
    : `<p class="status" role="status">等待付款 waiting for payment…</p>
<p><a class="pay" href="${esc(o.checkoutUrl)}">银包支付 Pay with Yinbao</a></p>
<p class="muted">This page refreshes itself every 2 seconds until Yinbao confirms the payment.</p>`;
  return page(
    `订单 ${o.reference}`,
    `<h2>订单 Order ${esc(o.reference)}</h2>
${status}
<dl><dt>商品 Item</dt><dd>${esc(o.product.name)}</dd><dt>金额 Amount</dt><dd>¥${esc(o.amount)}</dd>
<dt>银包订单 Yinbao order</dt><dd>${esc(o.yinbaoOrderId)}</dd></dl>
<p><a href="/">继续点餐 Back to the menu</a></p>`,
    paid ? undefined : 2,
  );
}

export function messagePage(title: string, text: string): string {
  return page(title, `<h2>${esc(title)}</h2><p>${esc(text)}</p><p><a href="/">Back to the menu</a></p>`);
}
