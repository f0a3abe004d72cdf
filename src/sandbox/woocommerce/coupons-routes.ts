import type { Hono } from 'hono';
import type { Ctx } from './context';
import { err } from './errors';
import { formatCents } from './money';
import { optEnum, optString } from './params';
import { route, send } from './rest';

const BASE = '/wp-json/wc/v3/coupons';

/**
 * POST /coupons, the part a merchant's setup needs (percent and fixed_cart coupons). The contract suite makes its
 * coupons this way on a real store, so the simulator takes the same call.
 */
export function registerCouponRoutes(app: Hono, ctx: Ctx): void {
  app.post(BASE, route('create', (c, p) => {
    const code = (optString(p, 'code') ?? '').trim().toLowerCase();
    if (!code) throw err('woocommerce_rest_empty_coupon_code', 'The coupon code cannot be empty.', 400);
    if (ctx.store.coupons.has(code)) {
      throw err('woocommerce_rest_coupon_code_already_exists', 'The coupon code already exists', 400);
    }
    const type = optEnum(p, 'discount_type', ['percent', 'fixed_cart'] as const) ?? 'fixed_cart';
    const amount = optString(p, 'amount') ?? '0';
    ctx.store.coupons.set(code, { code, discountType: type, amount: type === 'percent' ? Number(amount) : Math.round(Number(amount) * 100) });
    const id = ctx.store.nextPostId();
    const stored = ctx.store.coupons.get(code)!;
    return send(c, 201, {
      id,
      code,
      amount: type === 'percent' ? `${stored.amount}.00` : formatCents(stored.amount),
      discount_type: type,
    });
  }));
}
