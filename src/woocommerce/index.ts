/**
 * WooCommerce REST v3 client (reference: docs/reference/woocommerce.md). Product code imports from here only.
 */
export { createWooClient } from './client';
export type { OrderChange, WooClient, WooClientOptions } from './client';
export type { BatchOps, BatchResult, BatchItemResult, BatchResource } from './batch';
export type { UpsertResult } from './upsert';
export type { WebhooksApi } from './webhooks';
export type { WooResponse, Method, Query } from './http';
export { verifyWebhookSignature } from './signature';
export { WooError, isWooError } from './errors';
export type { WooErrorCategory } from './errors';
export * from './types';
export { wooChecks } from './ping';
export type { CheckResult } from './ping';
export { formatGmt } from './pager';
export { generateWebhookSecret } from './webhooks';
