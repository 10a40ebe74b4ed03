/** One of the shop's products (prices in yuan as decimal strings, never floats). */
export type Product = { id: string; name: string; nameEn: string; price: string };

/** The noodle shop's menu: what the demo page sells. */
export const PRODUCTS: readonly Product[] = [
  { id: 'beef-noodles', name: '牛肉面', nameEn: 'Beef noodles', price: '18.00' },
  {
    id: 'dumplings',
    name: '猪肉水饺',
    nameEn: 'Pork dumplings (15)',
    price: '22.50',
  },
  { id: 'cucumber', name: '拍黄瓜', nameEn: 'Smashed cucumber', price: '8.00' },
];

export type ShopOrder = {
  /** The shop's own order number: the `reference` of the Yinbao order. */
  reference: string;
  product: Product;
  amount: string;
  currency: 'CNY';
  /** Yinbao's order id and hosted page. */
  yinbaoOrderId: string;
  checkoutUrl: string;
  status: 'waiting' | 'paid';
  createdAt: Date;
  paidAt: Date | null;
  /** The `order.paid` event that marked it paid. */
  paidByEvent: string | null;
};

/** A webhook the shop accepted: its signature verified, first time its event id was seen. */
export type ReceivedEvent = { id: string; type: string; data: Record<string, unknown>; receivedAt: Date };

/** The shop's memory (a real shop keeps it in its database; event ids unique). */
export class ShopState {
  readonly orders = new Map<string, ShopOrder>();
  /** Verified, first-seen events, in arrival order (duplicates are acknowledged, not kept twice). */
  readonly events: ReceivedEvent[] = [];
  /** Deliveries refused for a bad signature. */
  rejected = 0;
  /** Deliveries of an event already seen. */
  duplicates = 0;
  /** `order.paid` events that did not match an order of this shop (unknown reference, other amount). */
  readonly mismatches: ReceivedEvent[] = [];
  private seq = 0;
  private readonly prefix = `ZJ${Date.now().toString(36).toUpperCase()}`;

  /** A new order number, unique across restarts of the shop (Yinbao dedupes orders by it). */
  nextReference(): string {
    this.seq += 1;
    return `${this.prefix}-${String(this.seq).padStart(4, '0')}`;
  }

  /** The verified `order.paid` events, for tests and the demo. */
  paidEvents(): ReceivedEvent[] {
    return this.events.filter((e) => e.type === 'order.paid');
  }
}
