// Signals, queries, updates, workflow ids and search attributes shared by workflows, the webhook and the CLI.
export {};
export * from './orders';
export * from './sync';
