import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The real WooCommerce captures live in shared/ beside the repository (../shared from its root), in CI too;
 * WOO_FIXTURES_DIR points elsewhere when they don't.
 */
export const FIXTURES_DIR = process.env.WOO_FIXTURES_DIR ?? resolve(__dirname, '../../../shared/fixtures/woocommerce');

export const fixturePath = (name: string): string => join(FIXTURES_DIR, name);
export const readFixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');
export const fixtureJson = <T = any>(name: string): T => JSON.parse(readFixture(name));
