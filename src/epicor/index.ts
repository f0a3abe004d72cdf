/** Epicor Kinetic REST v2 client (reference: /work/shared/reference/epicor-kinetic.md). */
export { createEpicorClient, type EpicorClient, type EpicorClientOptions, type PagesQuery } from './client';
export type { RequestScope } from '../http/request-scope';
export { readAll } from './read-all';
export { f, type ODataFilter, type ODataQuery, type ODataValue } from './odata';
export { EpicorError, isEpicorError, type EpicorErrorCategory, type EpicorErrorDetail } from './errors';
export { epicorChecks, type CheckResult } from './ping';
