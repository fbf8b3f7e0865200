/**
 * Where the A&G worklist lives in the SPA. A module of its own, without the A&G schemas, because
 * the header's navigation on every signed-in page links to it.
 */
export const ADVICE_PATH = '/advice-and-guidance';
