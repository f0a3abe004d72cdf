// No imports: the workflow bundle reads this too.

/** The WooCommerce webhook topics the order import needs (refunds arrive as order.updated, reference §2.3). */
export const REQUIRED_TOPICS = ['order.created', 'order.updated'] as const;
