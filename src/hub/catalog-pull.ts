import { z } from 'zod';
import { hubMaxCatalogPage, type CatalogPullResponse } from '../shared/hub-api.js';
import { HttpError, issuesOf } from './http-error.js';
import type { HubStore } from './hub-store.js';

/**
 * The query of a catalog pull, as strings from the URL: `after` is required (the cursor of the previous
 * answer, '0' the first time), `limit` defaults to hubMaxCatalogPage. Anything else in the query, a repeated
 * name or a value out of range is 400 hub.bad_request with the issues. A cursor past the hub's latest change
 * is 400 hub.cursor_ahead: the terminal's cursor comes from another hub database; pull again from '0'.
 */
const catalogPullQuery = z.strictObject({
  after: z
    .string()
    .regex(/^[0-9]{1,16}$/, { message: 'a cursor: the digits of an earlier answer, or 0', abort: true })
    .refine((s) => Number.isSafeInteger(Number(s)), 'a cursor is at most 2^53 - 1'),
  limit: z
    .string()
    .regex(/^[0-9]{1,7}$/, `a whole number of changes, 1 to ${hubMaxCatalogPage}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(hubMaxCatalogPage))
    .optional(),
});

/** The query string as an object; a name given twice is refused rather than one of them picked. */
function queryObject(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of search) {
    if (Object.hasOwn(out, name)) {
      throw new HttpError(400, 'hub.bad_request', `The query gives "${name}" more than once.`);
    }
    out[name] = value;
  }
  return out;
}

/**
 * GET /v1/catalog?after=<cursor>&limit=<n>: the published changes after the cursor, oldest first, at most
 * `limit`. Publishers are serialized (HubStore.publishCatalog), so every change with a seq at or below the
 * answered cursor is already visible: a terminal that stores the cursor never skips one.
 */
export async function pullCatalog(store: HubStore, search: URLSearchParams): Promise<CatalogPullResponse> {
  const parsed = catalogPullQuery.safeParse(queryObject(search));
  if (!parsed.success) {
    throw new HttpError(
      400,
      'hub.bad_request',
      'The catalog pull query is malformed; pass ?after=<cursor>.',
      {
        issues: issuesOf(parsed.error),
      },
    );
  }
  const after = Number(parsed.data.after);
  const limit = parsed.data.limit ?? hubMaxCatalogPage;
  // one row more than asked tells whether more are waiting
  const rows = await store.catalogAfter(after, limit + 1);
  const page = rows.slice(0, limit);
  if (page.length === 0 && after > 0) {
    const latest = await store.latestCatalogSeq();
    if (after > latest) {
      throw new HttpError(
        400,
        'hub.cursor_ahead',
        `The cursor ${after} is past the hub's latest change (${latest}): it comes from another hub database. ` +
          `Pull again from 0.`,
        { latest: String(latest) },
      );
    }
  }
  return {
    // the payloads were checked when published; they go out as stored
    changes: page.map((c) => ({
      seq: c.seq,
      kind: c.kind,
      payload: JSON.parse(c.payload) as unknown,
    })) as CatalogPullResponse['changes'],
    cursor: String(page[page.length - 1]?.seq ?? after),
    more: rows.length > limit,
  };
}
