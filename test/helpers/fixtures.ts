import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Real WooCommerce captures, copied into the repository (see test/fixtures/woocommerce/README.md). */
export const FIXTURES_DIR = resolve(__dirname, '../fixtures/woocommerce');

export const fixturePath = (name: string): string => join(FIXTURES_DIR, name);
export const readFixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');
export const fixtureJson = <T = any>(name: string): T => JSON.parse(readFixture(name));
