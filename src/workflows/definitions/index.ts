// Signals, queries, updates, workflow ids and search attributes shared by workflows, the webhook and the CLI.
export * from './orders';
export * from './sync';
export * from './webhooks';
