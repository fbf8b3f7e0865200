/** The attack table: every area's rows, in one list. */
import type { AttackRow } from '../attack';
import { AUTHORIZATION } from './authorization';
import { CSRF_AND_CORS } from './csrf-cors';
import { INPUT } from './input';
import { PATHS_AND_IDS } from './paths-and-ids';
import { RESPONSES } from './responses';

export const ATTACKS: AttackRow[] = [
  ...CSRF_AND_CORS,
  ...PATHS_AND_IDS,
  ...INPUT,
  ...AUTHORIZATION,
  ...RESPONSES,
];
